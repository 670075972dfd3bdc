import { describe, expect, it } from 'vitest';
import {
  PAGE,
  PAGE_MAX,
  SHOWN_MAX,
  activeFilters,
  askedSearchHref,
  capitalOr,
  closedQuote,
  filterFor,
  firstPage,
  pageTowards,
  holdsInvalidFilters,
  keptAfterRefusal,
  queryErrorKey,
  refusedFacet,
  searchedAsTyped,
  searchHref,
  stateFromQuery,
  stateToQuery,
  type FacetField,
} from '../src/lib/search';
import type { Taxonomy } from '../src/lib/library';

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
    expect(stateFromQuery(new URLSearchParams('country=ph')).selected.country).toEqual(['PH']);
    expect(state.selected.year).toEqual(['2024', '2023']);
  });

  it('tells when the address holds values the filters do not offer', () => {
    expect(holdsInvalidFilters(new URLSearchParams('q=x&kind=foo'))).toBe(true);
    expect(holdsInvalidFilters(new URLSearchParams('year=abc&kind=post'))).toBe(true);
    expect(holdsInvalidFilters(new URLSearchParams('pillar=protection'))).toBe(true);
    expect(holdsInvalidFilters(new URLSearchParams('q=x&kind=post&country=ph&year=2024&shown=40'))).toBe(false);
    expect(holdsInvalidFilters(new URLSearchParams('q=kind%3Dfoo'))).toBe(false);
  });

  it('writes back what it read', () => {
    const query = 'q=%22peace+talks%22+-radio&kind=thread&type=REPORT&lang=th&tag=ceasefire&order=newest';
    expect(stateToQuery(stateFromQuery(new URLSearchParams(query))).toString()).toBe(query);
    expect(searchHref(stateFromQuery(new URLSearchParams('')))).toBe('/search');
  });

  it('turns facet values into the API filter, years as the facet counts them', () => {
    const { selected } = stateFromQuery(new URLSearchParams('kind=post&kind=document&type=POLICY&year=2024&year=2019&tag=gbv'));
    expect(filterFor(selected)).toEqual({
      kinds: ['POST', 'DOCUMENT'],
      documentKinds: ['POLICY'],
      tags: ['gbv'],
      years: [2024, 2019],
    });
  });

  it('knows which facet a refused filter field is', () => {
    expect(refusedFacet('filter.spaceIds')).toBe('space');
    expect(refusedFacet('filter.years')).toBe('year');
    expect(refusedFacet('query')).toBeNull();
    expect(refusedFacet('filter.kinds')).toBeNull();
    expect(refusedFacet(undefined)).toBeNull();
  });

  it('keeps, after a refusal, the values its taxonomy lists, and drops those the server would refuse next', () => {
    const entry = (code: string) => ({ code, label: code });
    const taxonomy = {
      countries: ['PH', 'TH'].map(entry),
      languages: ['en', 'zh-Hant'].map(entry),
    } as unknown as Taxonomy;
    const selection = (chosen: Partial<Record<FacetField, string[]>>) => ({
      ...stateFromQuery(new URLSearchParams()).selected,
      ...chosen,
    });
    const kept = (refused: FacetField, chosen: Partial<Record<FacetField, string[]>>) =>
      keptAfterRefusal(refused, selection(chosen), taxonomy);
    expect(kept('country', { country: ['PH', 'XX', 'th'] })).toEqual({ country: ['PH', 'TH'] });
    expect(kept('language', { language: ['zh-hant', 'xx'] })).toEqual({ language: ['zh-Hant'] });
    // All of them listed: the server knows better; a facet the taxonomy does not list.
    expect(kept('country', { country: ['PH'] })).toEqual({ country: [] });
    expect(kept('space', { space: ['a'] })).toEqual({ space: [] });
    // The facets the server checks after the refused one, which the taxonomy lists.
    expect(kept('space', { space: ['a'], country: ['XX', 'PH', 'THA'], language: ['qq', 'en'] })).toEqual({
      space: [],
      country: ['PH', 'THA'],
      language: ['en'],
    });
    expect(kept('country', { country: ['XX'], language: ['qq'] })).toEqual({ country: [], language: [] });
    // Those it checks before it were taken.
    expect(kept('year', { year: ['1200'], country: ['XX'], language: ['qq'] })).toEqual({ year: [] });
  });

  it('waits for a second letter or digit before searching as you type', () => {
    expect(searchedAsTyped('p')).toBe(false);
    expect(searchedAsTyped('C#')).toBe(false);
    expect(searchedAsTyped('pe')).toBe(true);
    // Counted as the server counts them: a Thai vowel sign, not a tone mark.
    expect(searchedAsTyped('ก')).toBe(false);
    expect(searchedAsTyped('ก้')).toBe(false);
    expect(searchedAsTyped('กิ')).toBe(true);
    expect(searchedAsTyped('ผู้')).toBe(true);
    expect(searchedAsTyped('p 5')).toBe(true);
  });

  it('counts the chosen facet values', () => {
    expect(activeFilters(stateFromQuery(new URLSearchParams('q=x&kind=post&kind=thread&year=2024')).selected)).toBe(3);
    expect(activeFilters(stateFromQuery(new URLSearchParams('q=x&order=newest')).selected)).toBe(0);
  });
});

describe('how many results were shown', () => {
  const shown = (value: string) => stateFromQuery(new URLSearchParams({ q: 'x', shown: value })).shown;

  it('reads a number of results above one page and writes it back', () => {
    expect(shown('40')).toBe(40);
    expect(shown('25')).toBe(25);
    const query = 'q=peace&kind=post&order=newest&shown=60';
    expect(stateToQuery(stateFromQuery(new URLSearchParams(query))).toString()).toBe(query);
    expect(searchHref({ ...stateFromQuery(new URLSearchParams('q=peace')), shown: 40 })).toBe('/search?q=peace&shown=40');
  });

  it('cuts a number above the most shown again down to it', () => {
    expect(shown('101')).toBe(101);
    expect(shown('100000')).toBe(SHOWN_MAX);
    expect(shown('9'.repeat(400))).toBe(SHOWN_MAX);
    expect(stateToQuery({ ...stateFromQuery(new URLSearchParams('q=x')), shown: 900 }).get('shown')).toBe(String(SHOWN_MAX));
  });

  it('ignores what is not a whole number above one page, without failing', () => {
    for (const bad of ['', 'abc', '-40', '40.5', '4e1', '0x40', ' 40', '40abc', '0', '20', String(PAGE)]) {
      expect(shown(bad), bad).toBeUndefined();
    }
    expect(stateToQuery(stateFromQuery(new URLSearchParams('q=x&shown=-1'))).toString()).toBe('q=x');
    expect(stateToQuery({ ...stateFromQuery(new URLSearchParams('q=x')), shown: 33.5 }).toString()).toBe('q=x');
  });

  it('asks for whole pages, at most the server’s maximum', () => {
    expect(firstPage({})).toBe(PAGE);
    expect(firstPage({ shown: 40 })).toBe(40);
    expect(firstPage({ shown: 25 })).toBe(40);
    expect(firstPage({ shown: 99 })).toBe(PAGE_MAX);
    expect(firstPage(stateFromQuery(new URLSearchParams('q=x&shown=100000')))).toBe(PAGE_MAX);
    expect(firstPage(stateFromQuery(new URLSearchParams('q=x&shown=nonsense')))).toBe(PAGE);
  });

  it('asks for the rest beyond the first page a page at a time, at most the server’s maximum', () => {
    expect(pageTowards(140, 100)).toBe(40);
    expect(pageTowards(130, 100)).toBe(40);
    expect(pageTowards(SHOWN_MAX, 100)).toBe(PAGE_MAX);
    expect(pageTowards(100, 100)).toBe(0);
  });

  it('is dropped by a new search, which starts from the first page', () => {
    const { q, order, selected } = stateFromQuery(new URLSearchParams('q=peace&kind=post&shown=40'));
    // The page writes each new search from its query, filters and order alone.
    expect(searchHref({ q: 'peace talks', order, selected })).toBe('/search?q=peace+talks&kind=post');
    expect(searchHref({ q, order, selected: { ...selected, kind: ['thread'] } })).toBe('/search?q=peace&kind=thread');
    expect(searchHref({ q, order: 'NEWEST', selected })).toBe('/search?q=peace&kind=post&order=newest');
    expect(firstPage(stateFromQuery(new URLSearchParams('q=peace+talks&kind=post')))).toBe(PAGE);
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

describe('closedQuote', () => {
  it('closes a phrase left open when the search is asked for', () => {
    expect(closedQuote('"peace talks')).toBe('"peace talks"');
    expect(closedQuote('women -"peace talks ')).toBe('women -"peace talks"');
    expect(closedQuote('"peace talks" women')).toBe('"peace talks" women');
    expect(closedQuote('women "')).toBe('women');
    expect(closedQuote('"a" "b')).toBe('"a" "b"');
    expect(closedQuote('"peace talks -war')).toBe('"peace talks" -war');
    expect(closedQuote('"peace talks \u2013war')).toBe('"peace talks" \u2013war');
    expect(closedQuote('"peace-keeping talks')).toBe('"peace-keeping talks"');
    expect(askedSearchHref(' "peace talks ')).toBe('/search?q=%22peace%20talks%22');
    expect(askedSearchHref('  ')).toBe('/search');
  });
});

describe('queryErrorKey', () => {
  it('recognises the server’s advice', () => {
    expect(queryErrorKey('add a word to search for besides the excluded ones')).toBe('search.error.exclusions');
    expect(
      queryErrorKey(
        'nothing in the search can be looked up: search for words or numbers (symbols such as emoji, and runs of letters far longer than a word, are not indexed)',
      ),
    ).toBe('search.error.unsearchable');
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
