//! Snippets: the passage of a hit that shows why it matched, with the matched words in `<mark>`.
//!
//! tantivy's snippet generator tokenizes the whole text it is given, and a statement can run
//! to 100 KB, which would make every search pay for segmenting ten whole documents. So the
//! generator is given a window around the first place a query word occurs as a whole word, found
//! with a plain string search, and picks the best fragment within it.

use std::ops::Range;

use memchr::memmem::Finder;
use tantivy::query::Query;
use tantivy::schema::Field;
use tantivy::snippet::SnippetGenerator;
use tantivy::{Searcher, TantivyError};

use crate::analyzers::is_sea_script;

/// Characters in a snippet.
const SNIPPET_CHARS: usize = 220;
/// Bytes of text taken before and after the first match: room for the best fragment around it,
/// and no more, since segmenting the window is most of what a snippet costs.
const WINDOW_BEFORE: usize = 120;
const WINDOW_AFTER: usize = 360;

pub struct Snippets {
    generator: SnippetGenerator,
    /// The query's words as indexed in this field, in the forms they are written in, to find
    /// where a text matches.
    words: Vec<Finder<'static>>,
}

impl Snippets {
    pub fn new(searcher: &Searcher, query: &dyn Query, field: Field) -> Result<Self, TantivyError> {
        let mut generator = SnippetGenerator::create(searcher, query, field)?;
        generator.set_max_num_chars(SNIPPET_CHARS);
        let mut words: Vec<String> = Vec::new();
        query.query_terms(&mut |term, _| {
            if term.field() == field
                && let Some(text) = term.value().as_str()
            {
                words.extend(case_variants(text));
            }
        });
        words.sort();
        words.dedup();
        // Lowercase first: the form most likely to come early, after which the other forms are
        // only looked for before it.
        words.sort_by_key(|w| w.chars().any(char::is_uppercase));
        Ok(Self { generator, words: finders(&words) })
    }

    /// The marked-up passage of `text` around its first match, or `None` when none of the
    /// query's words occur in it as written (it matched folded, stemmed or by prefix).
    pub fn marked(&self, text: &str) -> Option<String> {
        let first = first_whole_word(&self.words, text)?;
        let window = window(text, first.start, first.end);
        let mut snippet = self.generator.snippet(window);
        if snippet.highlighted().is_empty() {
            return None;
        }
        snippet.set_snippet_prefix_postfix("<mark>", "</mark>");
        Some(snippet.to_html())
    }
}

fn finders(words: &[impl AsRef<str>]) -> Vec<Finder<'static>> {
    words.iter().map(|w| Finder::new(w.as_ref()).into_owned()).collect()
}

/// Where the first of `words` occurs in `text` as a whole word.
///
/// Each word is looked for on its own, in the part of the text before the best match so far.
/// A search for one word skips ahead on its rarest bytes; a search for all of them at once
/// (Aho-Corasick) stopped at every common start such as the "gen" of "General Assembly", and was
/// ten times slower on the UN statements.
fn first_whole_word(words: &[Finder<'_>], text: &str) -> Option<Range<usize>> {
    let mut first: Option<Range<usize>> = None;
    for word in words {
        let length = word.needle().len();
        // A match must start before the best one so far.
        let searched = first.as_ref().map_or(text.len(), |f| (f.start + length).min(text.len()));
        let found = word
            .find_iter(&text.as_bytes()[..searched])
            .map(|start| start..start + length)
            .find(|range| is_whole_word(text, range.clone()));
        if let Some(range) = found.filter(|r| first.as_ref().is_none_or(|f| r.start < f.start)) {
            first = Some(range);
        }
    }
    first
}

/// A word as indexed (lowercase) and as it is written at the start of a sentence or in capitals:
/// searching for these exact forms lets the string search use its SIMD prefilter, which a
/// case-insensitive search cannot, and statements run to 100 KB.
fn case_variants(word: &str) -> [String; 3] {
    let mut chars = word.chars();
    let capitalized =
        chars.next().map_or_else(String::new, |first| first.to_uppercase().chain(chars).collect());
    [word.to_owned(), capitalized, word.to_uppercase()]
}

/// Whether `range` of `text` is a whole word rather than part of a longer one ("peace" in
/// "peacekeeping"), which the snippet could not mark. Scripts written without spaces have no
/// such boundaries.
fn is_whole_word(text: &str, range: Range<usize>) -> bool {
    let joins = |c: char| c.is_alphanumeric() && !is_sea_script(c);
    let before = text[..range.start].chars().next_back();
    let after = text[range.end..].chars().next();
    !before.is_some_and(joins) && !after.is_some_and(joins)
}

/// The start of `text`, escaped, for hits that matched in a way the snippet cannot mark.
pub fn opening(text: &str) -> String {
    escape_html(&text.chars().take(SNIPPET_CHARS).collect::<String>())
}

/// `text` from a little before `start` to a little after `end`, cut at character boundaries.
fn window(text: &str, start: usize, end: usize) -> &str {
    let mut from = start.saturating_sub(WINDOW_BEFORE);
    while !text.is_char_boundary(from) {
        from -= 1;
    }
    let mut to = (end + WINDOW_AFTER).min(text.len());
    while !text.is_char_boundary(to) {
        to += 1;
    }
    &text[from..to]
}

fn escape_html(text: &str) -> String {
    let mut escaped = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => escaped.push_str("&amp;"),
            '<' => escaped.push_str("&lt;"),
            '>' => escaped.push_str("&gt;"),
            '"' => escaped.push_str("&quot;"),
            '\'' => escaped.push_str("&#39;"),
            c => escaped.push(c),
        }
    }
    escaped
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_window_is_cut_at_character_boundaries() {
        let text = format!("{}ร้าน{}", "ก".repeat(300), "ข".repeat(400));
        let at = text.find("ร้าน").unwrap_or_default();
        let cut = window(&text, at, at + "ร้าน".len());
        assert!(cut.contains("ร้าน"));
        assert!(cut.len() <= WINDOW_BEFORE + "ร้าน".len() + WINDOW_AFTER + 3);
    }

    #[test]
    fn only_whole_words_count_as_matches() {
        let text = "peacekeeping and peace";
        assert!(!is_whole_word(text, 0..5));
        assert!(is_whole_word(text, 17..22));
        let thai = "ร้านอาหาร";
        assert!(is_whole_word(thai, 0.."ร้าน".len()), "Thai has no spaces between words");
    }

    #[test]
    fn words_are_found_lowercase_capitalized_and_in_capitals() {
        assert_eq!(case_variants("gender"), ["gender", "Gender", "GENDER"]);
        assert_eq!(case_variants("đường"), ["đường", "Đường", "ĐƯỜNG"]);
    }

    #[test]
    fn the_first_whole_word_match_of_any_word_is_found() {
        let words = finders(&["gender", "equality", "EQUALITY"]);
        let text = "Engendered sovereign EQUALITY, then gender equality and equality";
        let first = first_whole_word(&words, text).unwrap_or_default();
        assert_eq!(&text[first], "EQUALITY", "the earliest whole word, whichever form");
        let text = "engendered genders";
        assert_eq!(first_whole_word(&words, text), None, "no whole word, no match");
        let text = "gender equality";
        assert_eq!(first_whole_word(&words, text), Some(0..6));
    }

    #[test]
    fn the_opening_is_escaped_and_short() {
        assert_eq!(opening("<b>Tom & Jerry</b>"), "&lt;b&gt;Tom &amp; Jerry&lt;/b&gt;");
        assert_eq!(opening(&"a".repeat(1000)).len(), SNIPPET_CHARS);
    }
}
