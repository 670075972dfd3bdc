// Interface strings, dates and numbers in the viewer's language. Only the chosen locale's messages
// are downloaded (each locale is its own chunk); everything else goes through the browser's Intl.
import type english from '../locales/en.json';

export const LOCALES = ['en', 'vi', 'th', 'id'] as const;
export type Locale = (typeof LOCALES)[number];
export type MessageKey = keyof typeof english;
type Messages = Record<MessageKey, string>;

/** Each language named in itself, so a reader finds theirs whatever the interface shows. */
export const LOCALE_NAMES: Record<Locale, string> = {
  en: 'English',
  vi: 'Tiếng Việt',
  th: 'ไทย',
  id: 'Bahasa Indonesia',
};

const loaders: Record<Locale, () => Promise<{ default: unknown }>> = {
  en: () => import('../locales/en.json'),
  vi: () => import('../locales/vi.json'),
  th: () => import('../locales/th.json'),
  id: () => import('../locales/id.json'),
};

const STORAGE_KEY = 'praxis.locale';

export const i18n = $state({ locale: 'en' as Locale, messages: {} as Messages });

function isLocale(value: string | null | undefined): value is Locale {
  return !!value && (LOCALES as readonly string[]).includes(value);
}

/** A language tag as one of the interface's languages ("vi-VN" -> "vi"), or null if not shipped. */
export function shippedLocale(tag: string | null | undefined): Locale | null {
  const base = tag?.toLowerCase().split('-')[0];
  return isLocale(base) ? base : null;
}

/** The remembered choice, else the first of the browser's languages we ship, else English. */
export function pickLocale(stored: string | null, languages: readonly string[]): Locale {
  if (isLocale(stored)) return stored;
  for (const tag of languages) {
    const base = tag.toLowerCase().split('-')[0];
    // "in" is the old code for Indonesian that some Android browsers still send.
    const normalized = base === 'in' ? 'id' : base;
    if (isLocale(normalized)) return normalized;
  }
  return 'en';
}

function readStoredLocale(): string | null {
  try {
    return localStorage.getItem(STORAGE_KEY);
  } catch {
    return null;
  }
}

export function initialLocale(): Locale {
  return pickLocale(readStoredLocale(), navigator.languages ?? [navigator.language]);
}

export async function setLocale(locale: Locale, remember = true): Promise<void> {
  const module = await loaders[locale]();
  i18n.messages = module.default as Messages;
  i18n.locale = locale;
  document.documentElement.lang = locale;
  if (remember) {
    try {
      localStorage.setItem(STORAGE_KEY, locale);
    } catch {
      // Private modes may refuse storage: the choice then lasts for this visit only.
    }
  }
}

export type Params = Record<string, string | number>;

export function format(template: string, params?: Params): string {
  if (!params) return template;
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => {
    const value = params[name];
    if (value === undefined) return whole;
    return typeof value === 'number' ? formatNumber(value) : value;
  });
}

export function t(key: MessageKey, params?: Params): string {
  return format(i18n.messages[key] ?? '', params);
}

/** A counted phrase: `base_one`, `base_other`... chosen by the locale's plural rules. */
export function tc(base: string, count: number, params?: Params): string {
  const category = new Intl.PluralRules(i18n.locale).select(count);
  const messages = i18n.messages as Record<string, string>;
  const template = messages[`${base}_${category}`] ?? messages[`${base}_other`] ?? '';
  return format(template, { ...params, count });
}

export function formatNumber(value: number): string {
  return new Intl.NumberFormat(i18n.locale).format(value);
}

export function formatDate(iso: string): string {
  return new Intl.DateTimeFormat(i18n.locale, { dateStyle: 'medium', timeStyle: 'short' }).format(
    new Date(iso),
  );
}

export function formatDay(iso: string): string {
  return new Intl.DateTimeFormat(i18n.locale, { dateStyle: 'long' }).format(new Date(iso));
}

/**
 * A year in the viewer's calendar, as `formatDay` writes dates: in Thai, the Buddhist era's
 * (2019 is "พ.ศ. 2562"), so a year beside a date of the same page reads alike.
 */
export function formatYear(year: number): string {
  return new Intl.DateTimeFormat(i18n.locale, { year: 'numeric', timeZone: 'UTC' }).format(Date.UTC(year, 6, 1));
}

/** A country code as the viewer's language names it (TH -> "Thailand", "ประเทศไทย"...). */
export function countryName(code: string): string {
  try {
    return new Intl.DisplayNames(i18n.locale, { type: 'region' }).of(code) ?? code;
  } catch {
    return code;
  }
}
