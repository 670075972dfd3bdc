// The server keeps no language for what people write (search hits excepted, which say what the
// index read them as), so user content is marked with a careful guess: a script or diacritics that
// only one of our languages uses, or a clear lead of common words. When unsure we say so with
// lang="" (unknown) rather than guess wrong.

// Scripts that, in the region, write one language each.
const SCRIPTS: [RegExp, string][] = [
  [/[\u0E00-\u0E7F]/, 'th'],
  [/[\u0E80-\u0EFF]/, 'lo'],
  [/[\u1780-\u17FF\u19E0-\u19FF]/, 'km'],
  [/[\u1000-\u109F\uAA60-\uAA7F]/, 'my'],
];
// Letters that Vietnamese uses and English and Indonesian do not.
const VIETNAMESE = /[ăâđêôơưĂÂĐÊÔƠƯạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ]/;
const ENGLISH_WORDS = new Set(
  'the and of to in is that for with are this was on be as have it we our by from not they you'.split(' '),
);
const INDONESIAN_WORDS = new Set(
  'yang dan di ke dari untuk dengan ini itu adalah dalam tidak kami kita pada akan juga atau bisa'.split(' '),
);

export function guessLang(text: string | null | undefined): string {
  if (!text) return '';
  const sample = text.slice(0, 2000);
  // Most of the letters, not any: a post in English may name a place in its own script.
  const letters = sample.match(/\p{L}/gu) ?? [];
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
