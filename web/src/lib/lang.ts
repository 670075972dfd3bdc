// The server keeps no language for what people write (search hits excepted, which say what the
// index read them as), so user content is marked with a careful guess: most of its letters (leaving
// out acronyms, addresses and markup) in a script that only one of our languages uses, diacritics
// that only Vietnamese uses, or a clear lead of common words. When unsure we say so with lang=""
// (unknown) rather than guess wrong.

// Scripts each written, among the region's languages we name, by one of them. (The Myanmar
// script also writes Shan, Mon and Karen; a screen reader's Burmese voice is the nearest we have.)
const SCRIPTS: [RegExp, string][] = [
  [/[\u0E00-\u0E7F]/, 'th'],
  [/[\u0E80-\u0EFF]/, 'lo'],
  [/[\u1780-\u17FF\u19E0-\u19FF]/, 'km'],
  [/[\u1000-\u109F]/, 'my'],
];
// Letters that Vietnamese uses and English and Indonesian do not.
const VIETNAMESE = /[ăâđêôơưĂÂĐÊÔƠƯạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ]/;
const ENGLISH_WORDS = new Set(
  'the and of to in is that for with are this was on be as have it we our by from not they you'.split(' '),
);
const INDONESIAN_WORDS = new Set(
  'yang dan di ke dari untuk dengan ini itu adalah dalam tidak kami kita pada akan juga atau bisa'.split(' '),
);

// Addresses and markup a text may hold (Markdown link targets, a snippet's <mark>): their
// letters and words are not the language of the text around them.
const NOT_PROSE = /https?:\/\/[\x21-\x7E]+|\]\([^)\s]*\)|<\/?[A-Za-z][^<>\n]*>|&#?\w+;/g;
// Acronyms (ASEAN, CEDAW) are cited alike in every language. (So is a word in capitals: a shouted
// English line beside a Thai name reads as Thai.) The server counts Lao alike.
const ACRONYM = /^[A-Z]{2,}$/;

export function guessLang(text: string | null | undefined): string {
  if (!text) return '';
  const sample = text.slice(0, 2000).replace(NOT_PROSE, ' ');
  // Most of the letters, not any: a post in English may name a place in its own script. Vowel
  // signs count as letters, as the server counts them.
  const letters = (sample.match(/\p{Alphabetic}+/gu) ?? [])
    .filter((run) => !ACRONYM.test(run))
    .flatMap((run) => [...run]);
  for (const [script, lang] of SCRIPTS) {
    if (letters.filter((letter) => script.test(letter)).length * 2 > letters.length) return lang;
  }
  if (VIETNAMESE.test(sample)) return 'vi';
  let english = 0;
  let indonesian = 0;
  for (const word of sample.toLowerCase().match(/[a-z]+/g) ?? []) {
    if (ENGLISH_WORDS.has(word)) english++;
    if (INDONESIAN_WORDS.has(word)) indonesian++;
  }
  if (english > indonesian && english >= 1) return 'en';
  if (indonesian > english && indonesian >= 1) return 'id';
  return '';
}
