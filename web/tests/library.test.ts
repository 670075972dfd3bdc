import { describe, expect, it } from 'vitest';
import { documentIdFrom, effectiveFilter, exportLinks, filterFromQuery, filterToQuery } from '../src/lib/library';

describe('documentIdFrom', () => {
  const id = 'RG9jdW1lbnQ6MDFhMjA2OGMtZjNkNS03NWNh';
  it('reads the id from a pasted link', () => {
    expect(documentIdFrom(`https://praxis.example/library/${id}`)).toBe(id);
    expect(documentIdFrom(`http://127.0.0.1:8080/library/${id}/?x=1#top`)).toBe(id);
  });
  it('takes a bare id', () => expect(documentIdFrom(`  ${id} `)).toBe(id));
  it('refuses what is not a document link', () => {
    expect(documentIdFrom('')).toBeNull();
    expect(documentIdFrom('https://praxis.example/library/new')).toBeNull();
    expect(documentIdFrom('not a link at all')).toBeNull();
  });
});

describe('the library filter in the address', () => {
  it('keeps known values and drops unknown enum values', () => {
    const values = filterFromQuery(new URLSearchParams('pillar=PROTECTION&country=TH&kind=NOPE&status=SUBMITTED'));
    expect(values.pillar).toBe('PROTECTION');
    expect(values.country).toBe('TH');
    expect(values.kind).toBe('');
    expect(filterToQuery(values).toString()).toBe('pillar=PROTECTION&country=TH&status=SUBMITTED');
  });
  it('lists published documents unless a status or one’s own documents are asked for', () => {
    expect(effectiveFilter(filterFromQuery(new URLSearchParams(''))).status).toBe('PUBLISHED');
    expect(effectiveFilter(filterFromQuery(new URLSearchParams('authorId=abc'))).status).toBeUndefined();
  });
  it('builds export and feed addresses with the same parameters', () => {
    const links = exportLinks({ pillar: 'PROTECTION', country: 'TH', status: 'PUBLISHED' });
    expect(links.csv).toBe('/export/documents.csv?pillar=PROTECTION&country=TH&status=PUBLISHED');
    expect(links.atom).toBe('/feeds/documents.atom?pillar=PROTECTION&country=TH&status=PUBLISHED');
  });
});
