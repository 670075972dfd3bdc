// Search state as address parameters, so a search can be shared and the back button works, and
// the mapping from facet values to the API's filter.
import type { DocumentKind, Pillar, SearchFilter, SearchKind, SearchOrder } from '../generated/graphql';
import type { Taxonomy } from './library';

/** The facets offered as filters, in the order they are shown, with their address parameter. */
export const FACETS = [
  { field: 'kind', param: 'kind' },
  { field: 'space', param: 'space' },
  { field: 'pillar', param: 'pillar' },
  { field: 'country', param: 'country' },
  { field: 'documentKind', param: 'type' },
  { field: 'language', param: 'lang' },
  { field: 'tag', param: 'tag' },
  { field: 'year', param: 'year' },
] as const;
export type FacetField = (typeof FACETS)[number]['field'];

export const SEARCH_KINDS = ['thread', 'post', 'document'] as const;
const PILLAR_VALUES = ['PROTECTION', 'PARTICIPATION', 'PREVENTION', 'RELIEF_AND_RECOVERY'];
const DOCUMENT_KIND_VALUES = [
  'GOOD_PRACTICE',
  'LESSON_LEARNED',
  'REPORT',
  'POLICY',
  'STATEMENT',
  'TOOLKIT',
  'TRAINING_MATERIAL',
  'OTHER',
];

/** The key in a history entry's state naming the result followed from it. */
export const FOLLOWED = 'searchFollowed';

/**
 * A reload is not a way back from a result: the entry reloaded forgets the result followed from
 * it, so its results are drawn again without focus jumping to one. Called as the app starts,
 * before any route is drawn: the search page is loaded on demand, perhaps only on the way back to
 * it from a reloaded result, whose search entry must keep its note.
 */
export function forgetFollowedOnReload(): void {
  const [load] = performance.getEntriesByType('navigation') as PerformanceNavigationTiming[];
  if (load?.type !== 'reload' || history.state?.[FOLLOWED] === undefined) return;
  const state = { ...history.state };
  delete state[FOLLOWED];
  history.replaceState(state, '', window.location.href);
}

/**
 * Whether a query is searched while it is still being typed: not with a single letter or digit.
 * The server matches a word being typed as the start of longer words only from its second letter
 * (a first letter would stand for thousands), so a lone first letter finds only itself as a word,
 * and "nothing matches" would flash up before the second. Enter searches it all the same. Letters
 * and digits are counted as the server counts them (Rust's `is_alphanumeric`): a Thai vowel sign
 * is one, a tone mark is not.
 */
export function searchedAsTyped(query: string): boolean {
  return (query.match(/[\p{Alphabetic}\p{N}]/gu)?.length ?? 0) >= 2;
}

/**
 * The query with a quotation mark left open closed, for a search the person asked for (Enter).
 * The server takes an open phrase for one still being typed, and seeks its last word beside it
 * as a word being typed, so that results come as it is typed; asked for, it is the phrase. It is
 * closed before an exclusion typed after its words, as the server reads it ("peace talks" -war).
 * A mark with nothing after it is dropped instead.
 */
export function closedQuote(query: string): string {
  if ((query.match(/"/g)?.length ?? 0) % 2 === 0) return query;
  const open = query.lastIndexOf('"');
  const rest = query.slice(open + 1);
  const exclusion = rest.search(/\s[-\u2013\u2212]\S/);
  if (exclusion >= 0) return `${query.slice(0, open + 1)}${rest.slice(0, exclusion)}"${rest.slice(exclusion)}`;
  return rest.trim() ? `${query.trimEnd()}"` : query.slice(0, open).trimEnd();
}

/** Where a search asked for from a box on another page (the header's, the home page's) leads. */
export function askedSearchHref(query: string): string {
  const q = closedQuote(query.trim());
  return q ? `/search?q=${encodeURIComponent(q)}` : '/search';
}

/** Results asked for at a time: the first page, and each "show more". */
export const PAGE = 20;
/**
 * The most results the server gives in one request: a larger `first` is refused (PAGE_MAX in
 * crates/core/src/limits.rs).
 */
export const PAGE_MAX = 100;
/**
 * The most results a reload or the back button shows again: twenty-five times "show more", read
 * PAGE_MAX at a time. A link cannot ask for more than that.
 */
export const SHOWN_MAX = 500;

export interface SearchState {
  q: string;
  order: SearchOrder;
  selected: Record<FacetField, string[]>;
  /**
   * How many results "show more" had shown (more than one page, at most SHOWN_MAX), so a reload or
   * the back button shows as many again; absent for the first page. A new search starts without it.
   */
  shown?: number;
}

function emptySelection(): Record<FacetField, string[]> {
  return Object.fromEntries(FACETS.map((f) => [f.field, []])) as unknown as Record<FacetField, string[]>;
}

/** The "space" facet's values are the spaces' API ids (opaque, URL-safe). */
const API_ID = /^[A-Za-z0-9_-]{1,100}$/;

function valid(field: FacetField, value: string): boolean {
  switch (field) {
    case 'space':
      return API_ID.test(value);
    case 'kind':
      return (SEARCH_KINDS as readonly string[]).includes(value);
    case 'pillar':
      return PILLAR_VALUES.includes(value);
    case 'documentKind':
      return DOCUMENT_KIND_VALUES.includes(value);
    case 'year':
      return /^\d{4}$/.test(value);
    default:
      return value.length > 0 && value.length <= 100;
  }
}

/**
 * The `shown` parameter: a whole number above one page, at most SHOWN_MAX; anything else (not a
 * number, negative, a fraction, one page or less) is ignored, and more than SHOWN_MAX is cut to it.
 */
function parseShown(value: string | null): number | undefined {
  if (value === null || !/^\d+$/.test(value)) return undefined;
  const shown = Math.min(Number(value), SHOWN_MAX);
  return shown > PAGE ? shown : undefined;
}

/**
 * How many results to ask for next, to show as many as `shown` with `have` shown already: up to
 * the end of the page the last of them is on, at most what the server gives at once.
 */
export function pageTowards(shown: number, have = 0): number {
  return Math.max(0, Math.min(Math.ceil((shown - have) / PAGE) * PAGE, PAGE_MAX));
}

/** How many results to ask for at first: the shown ones, up to the end of their page. */
export function firstPage(state: Pick<SearchState, 'shown'>): number {
  return pageTowards(state.shown ?? PAGE);
}

/**
 * The API's filter fields whose values the server may refuse, naming the field, in the order it
 * checks them (`SearchFilter::decode`): the other facets' values are checked here (`valid`), or
 * are any text (tags).
 */
const REFUSABLE: [FacetField, string][] = [
  ['space', 'filter.spaceIds'],
  ['country', 'filter.countries'],
  ['language', 'filter.languages'],
  ['year', 'filter.years'],
];

/** The facet whose chosen values the server refused, by the field its error names. */
export function refusedFacet(field: string | undefined): FacetField | null {
  if (!field) return null;
  return REFUSABLE.find(([, named]) => named === field)?.[0] ?? null;
}

/**
 * A facet's values in the address. Country codes are capitals, as the facet reports them; a link
 * may hold them in lowercase.
 */
function heldValues(query: URLSearchParams, field: FacetField, param: string): string[] {
  return query.getAll(param).map((v) => (field === 'country' ? v.toUpperCase() : v));
}

/** The taxonomy's list of a facet's values, for the facets it lists. */
function listOf(field: FacetField, taxonomy: Taxonomy): Taxonomy['countries'] | null {
  return field === 'country' ? taxonomy.countries : field === 'language' ? taxonomy.languages : null;
}

/** Of `values`, those the taxonomy lists, written as it writes them ("zh-Hant"), as the facet reports them. */
function listedValues(field: FacetField, values: string[], taxonomy: Taxonomy): string[] {
  const codes = new Map((listOf(field, taxonomy) ?? []).map((entry) => [entry.code.toLowerCase(), entry.code]));
  return values.flatMap((value) => codes.get(value.toLowerCase()) ?? []);
}

/**
 * The chosen values worth searching again with after the server refused those of `refused`. It
 * names the field, not the value: of the refused facet's values, those the taxonomy lists are
 * kept (countries and languages), unless that is all of them (the server knows better). And it
 * names only the first field it refuses: the values of the facets it checks after that one that
 * the taxonomy does not list are left out too, rather than refused one search later.
 */
export function keptAfterRefusal(
  refused: FacetField,
  selected: Record<FacetField, string[]>,
  taxonomy: Taxonomy,
): Partial<Record<FacetField, string[]>> {
  const chosen = selected[refused];
  const listed = listedValues(refused, chosen, taxonomy);
  const kept: Partial<Record<FacetField, string[]>> = { [refused]: listed.length < chosen.length ? listed : [] };
  const later = REFUSABLE.slice(REFUSABLE.findIndex(([field]) => field === refused) + 1);
  for (const [field] of later) {
    if (!listOf(field, taxonomy) || !selected[field].length) continue;
    kept[field] = selected[field].flatMap((value) => {
      const [code] = listedValues(field, [value], taxonomy);
      // An alpha-3 country code, which the taxonomy does not list, is the server's to judge: it
      // takes THA for TH.
      return code ?? (field === 'country' && value.length === 3 ? [value] : []);
    });
  }
  return kept;
}

/** Whether the address holds facet values the filters do not offer, which `stateFromQuery` leaves out. */
export function holdsInvalidFilters(query: URLSearchParams): boolean {
  return FACETS.some(({ field, param }) => heldValues(query, field, param).some((v) => !valid(field, v)));
}

export function stateFromQuery(query: URLSearchParams): SearchState {
  const selected = emptySelection();
  for (const { field, param } of FACETS) {
    selected[field] = [...new Set(heldValues(query, field, param).filter((v) => valid(field, v)))];
  }
  const state: SearchState = {
    q: query.get('q') ?? '',
    order: query.get('order') === 'newest' ? 'NEWEST' : 'RELEVANCE',
    selected,
  };
  const shown = parseShown(query.get('shown'));
  if (shown !== undefined) state.shown = shown;
  return state;
}

export function stateToQuery(state: SearchState): URLSearchParams {
  const query = new URLSearchParams();
  if (state.q) query.set('q', state.q);
  for (const { field, param } of FACETS) for (const value of state.selected[field]) query.append(param, value);
  if (state.order === 'NEWEST') query.set('order', 'newest');
  const shown = parseShown(state.shown === undefined ? null : String(state.shown));
  if (shown !== undefined) query.set('shown', String(shown));
  return query;
}

export function searchHref(state: SearchState): string {
  const query = stateToQuery(state).toString();
  return query ? `/search?${query}` : '/search';
}

/** How many facet values are chosen. */
export function activeFilters(selected: Record<FacetField, string[]>): number {
  return FACETS.reduce((count, { field }) => count + selected[field].length, 0);
}

/** The API's filter for the chosen facet values (values within a facet are alternatives). */
export function filterFor(selected: Record<FacetField, string[]>): SearchFilter {
  const filter: SearchFilter = {};
  if (selected.kind.length) filter.kinds = selected.kind.map((k) => k.toUpperCase() as SearchKind);
  if (selected.space.length) filter.spaceIds = selected.space;
  if (selected.pillar.length) filter.pillars = selected.pillar as Pillar[];
  if (selected.country.length) filter.countries = selected.country;
  if (selected.documentKind.length) filter.documentKinds = selected.documentKind as DocumentKind[];
  if (selected.language.length) filter.languages = selected.language;
  if (selected.tag.length) filter.tags = selected.tag;
  if (selected.year.length) filter.years = selected.year.map(Number);
  return filter;
}

/** Which of the server's query messages we have in the viewer's language. */
const QUERY_ERRORS: [RegExp, string][] = [
  [/"OR"/, 'search.error.or'],
  [/besides the excluded/i, 'search.error.exclusions'],
  [/at most \d+ words/i, 'search.error.terms'],
  [/characters long/i, 'search.error.long'],
  [/type something/i, 'search.error.empty'],
  [/can be looked up/i, 'search.error.unsearchable'],
];

export function queryErrorKey(message: string | undefined): string | null {
  if (!message) return null;
  return QUERY_ERRORS.find(([pattern]) => pattern.test(message))?.[1] ?? null;
}

/**
 * The query with each lowercase "or" between two words written as OR, or null if it has none:
 * only OR in capitals means either word, so "quotas or harassment" finds little or nothing.
 */
export function capitalOr(query: string): string | null {
  // Words and "phrases" (a phrase's "or" is a word of the phrase), and the spaces between them.
  const parts = query.match(/-?"[^"]*"?|[^\s"]+|\s+/g) ?? [];
  const words = parts.flatMap((part, i) => (part.trim() ? [i] : []));
  const isOr = (i: number) => parts[i].toLowerCase() === 'or';
  // The server takes OR only between words or phrases that are not left out with a minus.
  const joinable = (i: number | undefined) => i !== undefined && !isOr(i) && !/^-\S/.test(parts[i]);
  let changed = false;
  words.forEach((i, n) => {
    if (isOr(i) && parts[i] !== 'OR' && joinable(words[n - 1]) && joinable(words[n + 1])) {
      parts[i] = 'OR';
      changed = true;
    }
  });
  return changed ? parts.join('') : null;
}
