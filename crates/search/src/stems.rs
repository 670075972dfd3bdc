//! Words a search matched by their English stem or their Indonesian root, such as "flooded" for
//! "floods" or "perdamaian" for "damai". Snippets are written from the words as written, where
//! such a word is not one of the query's: these find it in a text and mark it.

use std::collections::HashSet;

use tantivy::tokenizer::{TextAnalyzer, Token, TokenFilter, TokenStream, Tokenizer};

use crate::analyzers::{english_stemmer, indonesian_root, is_indonesian_root, words_as_indexed};

/// The stems and roots a query matched by, and how to tell the words that have them.
#[derive(Clone)]
pub struct MatchedStems {
    english: HashSet<String>,
    /// How each word with one of the English stems starts (`english_openings`). Only words that
    /// start so are stemmed: stemming every word of a snippet's window would cost more than the
    /// rest of the snippet.
    openings: Vec<String>,
    stemmer: TextAnalyzer,
    indonesian: HashSet<String>,
    /// What each word with one of the Indonesian roots holds: the root but for its first letter,
    /// which a prefix may have replaced ("ukul" of "memukul", from "pukul"). Suffixes leave the
    /// root as it is. Only words that hold one are reduced to their root.
    cores: Vec<String>,
}

/// Words of ASCII letters alone: what stemmers and the root dictionary know. A word of another
/// script is its own stem, and its exact form is marked already.
fn plain<'a>(words: impl IntoIterator<Item = &'a str>) -> HashSet<String> {
    words
        .into_iter()
        .filter(|word| word.bytes().all(|b| b.is_ascii_lowercase()))
        .map(str::to_owned)
        .collect()
}

/// The parts `cut` takes of `words`, sorted and without repeats.
fn parts<'a, P: IntoIterator<Item = &'a str>>(
    words: &'a HashSet<String>,
    cut: impl Fn(&'a str) -> P,
) -> Vec<String> {
    let mut parts: Vec<String> =
        words.iter().flat_map(|word| cut(word)).map(str::to_owned).collect();
    parts.sort();
    parts.dedup();
    parts
}

/// How a word with the English `stem` starts: as the stem but for its last two letters, which
/// stemming may have rewritten ("countri" from "country", "hope" from "hoping"); or, where those
/// hold an "or", as what comes before its "r", since the British spelling puts a "u" there
/// ("favourite" for the stem "favorit").
fn english_openings(stem: &str) -> impl Iterator<Item = &str> {
    let opening = &stem[..stem.len().saturating_sub(2).max(1)];
    let british = opening.rfind("or").filter(|&at| at >= 2).map(|at| &opening[..=at]);
    std::iter::once(opening).chain(british)
}

impl MatchedStems {
    /// `None` when there is no stem or root to look for. Indonesian roots are kept only when they
    /// are in the dictionary of roots: no other word is reduced to a word that is not.
    pub fn new<'a>(
        english: impl IntoIterator<Item = &'a str>,
        indonesian: impl IntoIterator<Item = &'a str>,
    ) -> Option<Self> {
        let english = plain(english);
        let mut indonesian = plain(indonesian);
        indonesian.retain(|root| root.len() > 2 && is_indonesian_root(root));
        if english.is_empty() && indonesian.is_empty() {
            return None;
        }
        Some(Self {
            openings: parts(&english, english_openings),
            english,
            stemmer: english_stemmer(),
            cores: parts(&indonesian, |root| [&root[1..]]),
            indonesian,
        })
    }

    /// What every word with one of the stems or roots holds, lowercase.
    pub fn needles(&self) -> impl Iterator<Item = &str> {
        self.openings.iter().chain(&self.cores).map(String::as_str)
    }

    /// The stem or root of `word` (lowercase) when it is one of those sought.
    pub fn stem_of(&mut self, word: &str) -> Option<String> {
        self.english_stem(word).or_else(|| self.indonesian_root(word))
    }

    fn english_stem(&mut self, word: &str) -> Option<String> {
        if !self.openings.iter().any(|opening| word.starts_with(opening.as_str())) {
            return None;
        }
        let mut stream = self.stemmer.token_stream(word);
        if !stream.advance() {
            return None;
        }
        let stem = std::mem::take(&mut stream.token_mut().text);
        self.english.contains(&stem).then_some(stem)
    }

    fn indonesian_root(&self, word: &str) -> Option<String> {
        if !self.cores.iter().any(|core| word.contains(core.as_str())) {
            return None;
        }
        indonesian_root(word).filter(|root| self.indonesian.contains(root))
    }

    /// The analysis of the exact-words field, with each word that has one of the stems or roots
    /// given as that stem or root: a snippet generator looking for them then marks those words.
    pub fn words_analyzer(self) -> TextAnalyzer {
        words_as_indexed().filter(self).build()
    }
}

impl TokenFilter for MatchedStems {
    type Tokenizer<T: Tokenizer> = StemsTokenizer<T>;

    fn transform<T: Tokenizer>(self, tokenizer: T) -> StemsTokenizer<T> {
        StemsTokenizer { tokenizer, stems: self }
    }
}

#[derive(Clone)]
pub struct StemsTokenizer<T> {
    tokenizer: T,
    stems: MatchedStems,
}

impl<T: Tokenizer> Tokenizer for StemsTokenizer<T> {
    type TokenStream<'a> = StemsStream<'a, T::TokenStream<'a>>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> Self::TokenStream<'a> {
        StemsStream { tail: self.tokenizer.token_stream(text), stems: &mut self.stems }
    }
}

pub struct StemsStream<'a, S> {
    tail: S,
    stems: &'a mut MatchedStems,
}

impl<S: TokenStream> TokenStream for StemsStream<'_, S> {
    fn advance(&mut self) -> bool {
        if !self.tail.advance() {
            return false;
        }
        if let Some(stem) = self.stems.stem_of(&self.tail.token().text) {
            self.tail.token_mut().text = stem;
        }
        true
    }

    fn token(&self) -> &Token {
        self.tail.token()
    }

    fn token_mut(&mut self) -> &mut Token {
        self.tail.token_mut()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn stems(words: &[&str]) -> MatchedStems {
        let mut stemmer = english_stemmer();
        let stems: Vec<String> = words
            .iter()
            .map(|word| {
                let mut stream = stemmer.token_stream(word);
                assert!(stream.advance());
                stream.token().text.clone()
            })
            .collect();
        MatchedStems::new(stems.iter().map(String::as_str), []).expect("English stems")
    }

    #[test]
    fn words_with_a_stem_of_the_query_are_told_whatever_their_ending() {
        let mut matched = stems(&["floods", "country", "hoping", "organizations"]);
        for word in ["flooded", "flooding", "flood", "countries", "hope", "hoped", "organization"] {
            assert!(matched.stem_of(word).is_some(), "{word}");
        }
        for word in ["floodplain", "counter", "hopeless", "women"] {
            assert_eq!(matched.stem_of(word), None, "{word}");
        }
    }

    #[test]
    fn only_stems_of_ascii_letters_and_roots_in_the_dictionary_are_kept() {
        assert!(MatchedStems::new(["ผู้หญิง", "đường"], ["ผู้หญิง", "climate"]).is_none());
        assert!(MatchedStems::new(["peac", "ผู้หญิง"], []).is_some());
        assert!(MatchedStems::new([], ["damai"]).is_some());
    }

    #[test]
    fn words_with_a_root_of_the_query_are_told_whatever_their_affixes() {
        let mut matched = MatchedStems::new([], ["damai", "pukul", "aman"]).expect("roots");
        for word in ["perdamaian", "berdamai", "mendamaikan", "memukul", "keamanan", "damai"] {
            assert!(matched.stem_of(word).is_some(), "{word}");
        }
        for word in ["damar", "pukat", "amanat", "peace", "mukul"] {
            assert_eq!(matched.stem_of(word), None, "{word}");
        }
    }

    #[test]
    fn the_analyzer_gives_words_with_a_stem_as_the_stem_and_others_as_written() {
        let mut analyzer = stems(&["floods"]).words_analyzer();
        let mut stream = analyzer.token_stream("Flooded fields, flood walls");
        let mut tokens = Vec::new();
        while stream.advance() {
            let token = stream.token();
            tokens.push((token.text.clone(), token.offset_from));
        }
        let expected = [("flood", 0), ("fields", 8), ("flood", 16), ("walls", 22)];
        assert_eq!(tokens, expected.map(|(text, at)| (text.to_owned(), at)));
    }
}
