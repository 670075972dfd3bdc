//! Ways one word is written that a reader takes for the same word, so each is indexed and sought
//! as one: an apostrophe typed straight or curly ("women's", "women’s": phone keyboards type the
//! curly one), and the two accepted places of a Vietnamese tone mark in words ending in "oa",
//! "oe" or "uy" ("hòa" and "hoà", "khỏe" and "khoẻ", "thủy" and "thuỷ"). Texts of the region
//! are written both ways, often by one writer, and each form missed the other's texts but for
//! the search without diacritics, which finds far more ("hoa" is also "hóa", "chemistry").

/// A vowel and its five tone marks: grave, acute, hook above, tilde, dot below.
const TONED: [(char, [char; 5]); 5] = [
    ('a', ['à', 'á', 'ả', 'ã', 'ạ']),
    ('e', ['è', 'é', 'ẻ', 'ẽ', 'ẹ']),
    ('o', ['ò', 'ó', 'ỏ', 'õ', 'ọ']),
    ('u', ['ù', 'ú', 'ủ', 'ũ', 'ụ']),
    ('y', ['ỳ', 'ý', 'ỷ', 'ỹ', 'ỵ']),
];

/// The endings whose tone mark is written on either vowel. In "qu" the "u" is part of the
/// consonant, and "quý" is written one way only.
const EITHER_VOWEL: [(char, char); 3] = [('o', 'a'), ('o', 'e'), ('u', 'y')];

/// Apostrophes other than the straight one that are written inside words.
const APOSTROPHES: [char; 2] = ['\u{2019}', '\u{2BC}'];

/// The one form a lowercase word is indexed and sought as, where it is written another way:
/// with a straight apostrophe, and a tone mark on the first vowel of "oa", "oe" and "uy" (the
/// older placement, which most keyboards type). Words of any language are taken so ("Zoé" as
/// "zóe"), which is harmless: queries and snippets take them the same way.
pub(crate) fn one_writing(word: &str) -> Option<String> {
    // Most words of most texts: every word is looked at as it is indexed.
    if word.is_ascii() {
        return None;
    }
    let straight = word.contains(APOSTROPHES).then(|| word.replace(APOSTROPHES, "'"));
    let word = straight.as_deref().unwrap_or(word);
    tone_moved(word, Placement::First).or(straight)
}

/// The other forms texts write a word in that `one_writing` gives, for the snippets to find it
/// written so.
pub(crate) fn other_writings(word: &str) -> Vec<String> {
    let mut forms = vec![word.to_owned()];
    if word.contains('\'') {
        forms.extend(APOSTROPHES.iter().map(|curly| word.replace('\'', &curly.to_string())));
    }
    let moved: Vec<String> =
        forms.iter().filter_map(|form| tone_moved(form, Placement::Last)).collect();
    forms.extend(moved);
    forms.remove(0);
    forms
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Placement {
    First,
    Last,
}

/// `word` with the tone mark of its ending "oa", "oe" or "uy" moved onto the vowel `to`, where
/// it is on the other.
fn tone_moved(word: &str, to: Placement) -> Option<String> {
    let mut from_the_end = word.char_indices().rev();
    let (_, last) = from_the_end.next()?;
    let (at, first) = from_the_end.next()?;
    if first == 'u' && word[..at].ends_with('q') {
        return None;
    }
    let (first, last) = moved_pair(first, last, to)?;
    Some(format!("{}{first}{last}", &word[..at]))
}

/// Two vowels that end a word with the tone mark moved onto the one `to`, where they are one of
/// `EITHER_VOWEL` and the other bears it.
fn moved_pair(first: char, last: char, to: Placement) -> Option<(char, char)> {
    let ((first, first_tone), (last, last_tone)) = (bare(first), bare(last));
    if !EITHER_VOWEL.contains(&(first, last)) {
        return None;
    }
    match (to, first_tone, last_tone) {
        (Placement::First, None, Some(tone)) => Some((toned(first, tone), last)),
        (Placement::Last, Some(tone), None) => Some((first, toned(last, tone))),
        _ => None,
    }
}

/// A letter as its vowel without a tone mark, and the mark it bore.
fn bare(letter: char) -> (char, Option<usize>) {
    let marked = TONED.iter().find_map(|(vowel, marks)| {
        marks.iter().position(|&mark| mark == letter).map(|tone| (*vowel, Some(tone)))
    });
    marked.unwrap_or((letter, None))
}

fn toned(vowel: char, tone: usize) -> char {
    TONED.iter().find(|(plain, _)| *plain == vowel).map_or(vowel, |(_, marks)| marks[tone])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_word_written_either_way_has_one_form() {
        assert_eq!(one_writing("hoà").as_deref(), Some("hòa"));
        assert_eq!(one_writing("khoẻ").as_deref(), Some("khỏe"));
        assert_eq!(one_writing("thuỷ").as_deref(), Some("thủy"));
        assert_eq!(one_writing("oà").as_deref(), Some("òa"), "the ending alone");
        assert_eq!(one_writing("women\u{2019}s").as_deref(), Some("women's"));
        assert_eq!(one_writing("hòa"), None, "already so");
        assert_eq!(one_writing("quý"), None, "the u of qu bears none");
        assert_eq!(one_writing("hoàng"), None, "not at the end: one way only");
        assert_eq!(one_writing("huế"), None, "not one of the endings");
        assert_eq!(one_writing("peace"), None);
    }

    #[test]
    fn the_other_forms_of_a_word_are_those_written_the_other_way() {
        assert_eq!(other_writings("hòa"), ["hoà"]);
        assert_eq!(other_writings("thủy"), ["thuỷ"]);
        assert_eq!(other_writings("women's"), ["women\u{2019}s", "women\u{2BC}s"]);
        assert!(other_writings("quý").is_empty());
        assert!(other_writings("peace").is_empty());
        for word in ["hòa", "thủy", "khỏe", "women's"] {
            for other in other_writings(word) {
                assert_eq!(one_writing(&other).as_deref(), Some(word), "{other}");
            }
        }
    }
}
