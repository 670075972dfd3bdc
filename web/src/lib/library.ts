// The knowledge library's shared pieces: the taxonomy (fetched once), labels in the viewer's
// language, the good-practice template, and the filter as it travels in the address.
import {
  TaxonomyDocument,
  type DocumentFilter,
  type DocumentKind,
  type DocumentStatus,
  type Pillar,
  type TaxonomyQuery,
} from '../generated/graphql';
import { request } from './api.svelte';
import { countryName, i18n, t, type MessageKey } from './i18n.svelte';

export type Taxonomy = TaxonomyQuery['taxonomy'];

let taxonomy: Promise<Taxonomy> | null = null;

/** The taxonomy rarely changes: one request per visit, shared by every page that needs it. */
export function loadTaxonomy(): Promise<Taxonomy> {
  taxonomy ??= request(TaxonomyDocument, {}).then(
    (data) => data.taxonomy,
    (error: unknown) => {
      taxonomy = null;
      throw error;
    },
  );
  return taxonomy;
}

/** The ASEAN member states lead the country lists; the server sends them first. */
export const ASEAN = ['BN', 'KH', 'ID', 'LA', 'MY', 'MM', 'PH', 'SG', 'TH', 'TL', 'VN'];

export const DOCUMENT_KINDS: DocumentKind[] = [
  'GOOD_PRACTICE',
  'LESSON_LEARNED',
  'REPORT',
  'POLICY',
  'STATEMENT',
  'TOOLKIT',
  'TRAINING_MATERIAL',
  'OTHER',
];
export const PILLARS: Pillar[] = ['PROTECTION', 'PARTICIPATION', 'PREVENTION', 'RELIEF_AND_RECOVERY'];
export const STATUSES: DocumentStatus[] = ['DRAFT', 'SUBMITTED', 'CHANGES_REQUESTED', 'PUBLISHED', 'REJECTED', 'ARCHIVED'];

/** The good-practice template, in the order the page shows it. */
export const SECTIONS = [
  'context',
  'whatWasDone',
  'results',
  'lessonsLearned',
  'enablingFactors',
  'challenges',
  'sustainability',
  'resources',
] as const;
export type SectionKey = (typeof SECTIONS)[number];

/** Kinds that follow the template; for the others every section is optional. */
export function usesTemplate(kind: DocumentKind): boolean {
  return kind === 'GOOD_PRACTICE' || kind === 'LESSON_LEARNED';
}

function has(key: string): key is MessageKey {
  return key in i18n.messages;
}

/** A term as the viewer's language says it, with the language it is shown in. */
export interface Label {
  text: string;
  /** Set when the label falls back to the server's English. */
  lang?: string;
}

function translated(key: string, fallback: string | undefined, code: string): Label {
  if (has(key)) return { text: t(key) };
  return { text: fallback ?? code, lang: 'en' };
}

export function documentKindLabel(kind: DocumentKind): string {
  return t(`docKind.${kind}` as MessageKey);
}

export function pillarLabel(pillar: Pillar | string): string {
  return has(`pillar.${pillar}`) ? t(`pillar.${pillar}` as MessageKey) : pillar;
}

export function statusLabel(status: DocumentStatus): string {
  return t(`docStatus.${status}` as MessageKey);
}

export function sectionLabel(section: SectionKey): string {
  return t(`section.${section}` as MessageKey);
}

export function sectionHint(section: SectionKey): string {
  return t(`section.${section}Hint` as MessageKey);
}

/** Whether the interface names `code` as one of the themes it ships with. */
export function isKnownTheme(code: string): boolean {
  return has(`theme.${code}`);
}

export function themeLabel(code: string, tax?: Taxonomy | null): Label {
  return translated(`theme.${code}`, tax?.themes.find((e) => e.code === code)?.label, code);
}

export function priorityActionLabel(code: string, tax?: Taxonomy | null): Label {
  return translated(`priorityAction.${code}`, tax?.priorityActions.find((e) => e.code === code)?.label, code);
}

export function countryLabel(code: string, tax?: Taxonomy | null): string {
  const name = countryName(code);
  return name !== code ? name : (tax?.countries.find((e) => e.code === code)?.label ?? code);
}

/** Languages are named in themselves (English, Tiếng Việt, ไทย...). */
export function languageLabel(code: string, tax?: Taxonomy | null): string {
  return tax?.languages.find((e) => e.code === code)?.label ?? code;
}

/** The filter fields that travel in the address, in the same names as the export parameters. */
export const FILTER_KEYS = ['kind', 'pillar', 'country', 'theme', 'language', 'status', 'authorId'] as const;
export type FilterKey = (typeof FILTER_KEYS)[number];
export type FilterValues = Record<FilterKey, string>;

export function filterFromQuery(query: URLSearchParams): FilterValues {
  const values = {} as FilterValues;
  for (const key of FILTER_KEYS) values[key] = query.get(key)?.trim() ?? '';
  if (values.kind && !DOCUMENT_KINDS.includes(values.kind as DocumentKind)) values.kind = '';
  if (values.pillar && !PILLARS.includes(values.pillar as Pillar)) values.pillar = '';
  if (values.status && !STATUSES.includes(values.status as DocumentStatus)) values.status = '';
  return values;
}

/** Only the fields set; the status is PUBLISHED unless one is chosen or one's own are listed. */
export function filterToQuery(values: FilterValues): URLSearchParams {
  const query = new URLSearchParams();
  for (const key of FILTER_KEYS) if (values[key]) query.set(key, values[key]);
  return query;
}

export function effectiveFilter(values: FilterValues): DocumentFilter {
  return {
    kind: (values.kind || undefined) as DocumentKind | undefined,
    pillar: (values.pillar || undefined) as Pillar | undefined,
    country: values.country || undefined,
    theme: values.theme || undefined,
    language: values.language || undefined,
    authorId: values.authorId || undefined,
    status: (values.status || (values.authorId ? undefined : 'PUBLISHED')) as DocumentStatus | undefined,
  };
}

/** Addresses of the CSV and JSON exports and the Atom feed for a filter. */
export function exportLinks(filter: DocumentFilter): { csv: string; json: string; atom: string } {
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries(filter)) if (value) query.set(key, String(value));
  const search = query.toString() ? `?${query}` : '';
  return {
    csv: `/export/documents.csv${search}`,
    json: `/export/documents.json${search}`,
    atom: `/feeds/documents.atom${search}`,
  };
}

/** A document's id from a pasted link (…/library/ID) or the id itself; null if neither. */
export function documentIdFrom(text: string): string | null {
  const value = text.trim();
  if (!value) return null;
  const match = /\/library\/([^/?#\s]+)\/?(?:[?#].*)?$/.exec(value);
  const id = match ? decodeURIComponent(match[1]) : value;
  return /^[A-Za-z0-9_=+-]{8,}$/.test(id) && id !== 'new' ? id : null;
}

export function documentHref(id: string): string {
  return `/library/${encodeURIComponent(id)}`;
}

export function isModerator(role: string | undefined | null): boolean {
  return role === 'MODERATOR' || role === 'ADMIN';
}

/** A file size in the viewer's units: 12 KB, 1.4 MB. */
export function formatSize(bytes: number, locale: string): string {
  const units: [number, string][] = [
    [1024 * 1024, 'megabyte'],
    [1024, 'kilobyte'],
  ];
  for (const [size, unit] of units) {
    if (bytes >= size) {
      return new Intl.NumberFormat(locale, { style: 'unit', unit, unitDisplay: 'short', maximumFractionDigits: 1 }).format(
        bytes / size,
      );
    }
  }
  // "28 bytes", not the abbreviation, which some languages leave in the singular.
  return new Intl.NumberFormat(locale, { style: 'unit', unit: 'byte', unitDisplay: 'long' }).format(bytes);
}
