import { describe, expect, it } from 'vitest';
import { activeFilters, capitalOr, filterFor, queryErrorKey, searchHref, stateFromQuery, stateToQuery } from '../src/lib/search';

describe('search state in the address', () => {
  it('reads the query, facet values and order, dropping values that are not valid', () => {
    const state = stateFromQuery(
      new URLSearchParams('q=women+mediators&kind=post&kind=bogus&pillar=PROTECTION&country=TH&year=2024&year=2023&order=newest'),
    );
    expect(state.q).toBe('women mediators');
    expect(state.order).toBe('NEWEST');
    expect(state.selected.kind).toEqual(['post']);
    expect(state.selected.pillar).toEqual(['PROTECTION']);
    expect(state.selected.country).toEqual(['TH']);
    expect(state.selected.year).toEqual(['2024']);
  });

  it('writes back what it read', () => {
    const query = 'q=%22peace+talks%22+-radio&kind=thread&type=REPORT&lang=th&tag=ceasefire&order=newest';
    expect(stateToQuery(stateFromQuery(new URLSearchParams(query))).toString()).toBe(query);
    expect(searchHref(stateFromQuery(new URLSearchParams('')))).toBe('/search');
  });

  it('turns facet values into the API filter, a year into a date range', () => {
    const { selected } = stateFromQuery(new URLSearchParams('kind=post&kind=document&type=POLICY&year=2024&tag=gbv'));
    expect(filterFor(selected)).toEqual({
      kinds: ['POST', 'DOCUMENT'],
      documentKinds: ['POLICY'],
      tags: ['gbv'],
      from: '2024-01-01T00:00:00Z',
      to: '2025-01-01T00:00:00Z',
    });
  });

  it('counts the chosen facet values', () => {
    expect(activeFilters(stateFromQuery(new URLSearchParams('q=x&kind=post&kind=thread&year=2024')).selected)).toBe(3);
    expect(activeFilters(stateFromQuery(new URLSearchParams('q=x&order=newest')).selected)).toBe(0);
  });
});

describe('the space facet', () => {
  const id = 'U3BhY2U6MDE5MGYxYTItN2IzYy03ZDRlLThmOTAtYTFiMmMzZDRlNWY2';

  it('keeps only what can be an API id in the address', () => {
    const state = stateFromQuery(new URLSearchParams(`q=x&space=${id}&space=${encodeURIComponent('<not an id>')}`));
    expect(state.selected.space).toEqual([id]);
    expect(stateToQuery(state).toString()).toBe(`q=x&space=${id}`);
  });

  it('filters by the facet value as the API gave it', () => {
    const { selected } = stateFromQuery(new URLSearchParams(`space=${id}`));
    expect(filterFor(selected).spaceIds).toEqual([id]);
  });
});

describe('queryErrorKey', () => {
  it('recognises the server’s advice', () => {
    expect(queryErrorKey('a quotation mark is not closed; add the closing " or remove it')).toBe('search.error.quote');
    expect(queryErrorKey('add a word to search for besides the excluded ones')).toBe('search.error.exclusions');
    expect(queryErrorKey('something new')).toBeNull();
    expect(queryErrorKey(undefined)).toBeNull();
  });
});

describe('capitalOr', () => {
  it('writes a lowercase "or" between two words in capitals', () => {
    expect(capitalOr('quotas or harassment')).toBe('quotas OR harassment');
    expect(capitalOr('women  Or girls or "peace talks"')).toBe('women  OR girls OR "peace talks"');
  });

  it('leaves alone what OR would not join', () => {
    expect(capitalOr('quotas OR harassment')).toBeNull();
    expect(capitalOr('or quotas')).toBeNull();
    expect(capitalOr('quotas or')).toBeNull();
    expect(capitalOr('"war or peace"')).toBeNull();
    expect(capitalOr('women or -radio')).toBeNull();
    expect(capitalOr('-"radio show" or women')).toBeNull();
    expect(capitalOr('women or or girls')).toBeNull();
    expect(capitalOr('color order')).toBeNull();
  });
});
