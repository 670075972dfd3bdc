import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { LOCALES, pickLocale } from '../src/lib/i18n.svelte';

const dir = join(import.meta.dirname, '../src/locales');
const load = (locale: string): Record<string, string> => JSON.parse(readFileSync(join(dir, `${locale}.json`), 'utf8'));
const english = load('en');

// Words these languages share with English on purpose (loanwords that are the right term).
const SAME_AS_ENGLISH: Record<string, string[]> = {
  vi: [],
  th: [],
  id: ['space.filterTag', 'role.moderator', 'spaceRole.moderator', 'role.admin'],
};

// Text that must read as the locale's own script, to catch English pasted into Thai.
const SCRIPT: Record<string, RegExp> = { th: /[\u0E00-\u0E7F]/ };

const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe('locale files', () => {
  it('ships exactly the locales the app offers', () => {
    const files = readdirSync(dir).map((f) => f.replace(/\.json$/, '')).sort();
    expect(files).toEqual([...LOCALES].sort());
  });

  for (const locale of LOCALES.filter((l) => l !== 'en')) {
    describe(locale, () => {
      const messages = load(locale);

      it('has every key English has, and no others', () => {
        expect(Object.keys(messages).sort()).toEqual(Object.keys(english).sort());
      });

      it('has no empty strings', () => {
        expect(Object.entries(messages).filter(([, v]) => !v.trim())).toEqual([]);
      });

      it('has no English left untranslated', () => {
        const leftovers = Object.keys(english).filter(
          (key) => messages[key] === english[key] && !SAME_AS_ENGLISH[locale].includes(key),
        );
        expect(leftovers).toEqual([]);
      });

      it('keeps the same placeholders', () => {
        const mismatched = Object.keys(english).filter(
          (key) => JSON.stringify(placeholders(messages[key] ?? '')) !== JSON.stringify(placeholders(english[key])),
        );
        expect(mismatched).toEqual([]);
      });

      if (SCRIPT[locale]) {
        it('writes every string in its own script', () => {
          const latinOnly = Object.entries(messages).filter(([, v]) => !SCRIPT[locale].test(v));
          expect(latinOnly).toEqual([]);
        });
      }
    });
  }
});

describe('pickLocale', () => {
  it('prefers the remembered choice', () => {
    expect(pickLocale('th', ['vi-VN'])).toBe('th');
  });
  it('takes the first shipped browser language', () => {
    expect(pickLocale(null, ['km-KH', 'vi-VN', 'en'])).toBe('vi');
  });
  it('understands the old Indonesian code', () => {
    expect(pickLocale(null, ['in-ID'])).toBe('id');
  });
  it('falls back to English', () => {
    expect(pickLocale('xx', ['km'])).toBe('en');
  });
});
