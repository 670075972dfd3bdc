//! Words a search matched by their English stem, such as "flooded" for "floods". Snippets are
//! written from the words as written, where such a word is not one of the query's: these find
//! it in a text and mark it.

use std::collections::HashSet;

use tantivy::tokenizer::{TextAnalyzer, Token, TokenFilter, TokenStream, Tokenizer};

use crate::analyzers::{english_stemmer, words_as_indexed};

/// The stems a query matched by, and how to tell the words that have them.
#[derive(Clone)]
pub struct MatchedStems {
    stems: HashSet<String>,
    /// How each word with one of the stems starts: the stem but for its last two letters, which
    /// stemming may have rewritten ("countri" from "country", "hope" from "hoping"). Only words
    /// that start so are stemmed: stemming every word of a snippet's window would cost more than
    /// the rest of the snippet.
    openings: Vec<String>,
    stemmer: TextAnalyzer,
}

impl MatchedStems {
    /// `None` when there is no stem to look for. Only stems of English words (ASCII letters)
    /// are kept: a word of another script stems to itself, and its exact form is marked already.
    pub fn new<'a>(stems: impl IntoIterator<Item = &'a str>) -> Option<Self> {
        let stems: HashSet<String> = stems
            .into_iter()
            .filter(|stem| stem.bytes().all(|b| b.is_ascii_lowercase()))
            .map(str::to_owned)
            .collect();
        let mut openings: Vec<String> = stems
            .iter()
            .map(|stem| stem[..stem.len().saturating_sub(2).max(1)].to_owned())
            .collect();
        openings.sort();
        openings.dedup();
        (!stems.is_empty()).then(|| Self { stems, openings, stemmer: english_stemmer() })
    }

    /// What every word with one of the stems starts with, lowercase.
    pub fn openings(&self) -> &[String] {
        &self.openings
    }

    /// The stem of `word` (lowercase) when it is one of the stems.
    pub fn stem_of(&mut self, word: &str) -> Option<String> {
        if !self.openings.iter().any(|opening| word.starts_with(opening.as_str())) {
            return None;
        }
        let mut stream = self.stemmer.token_stream(word);
        if !stream.advance() {
            return None;
        }
        let stem = std::mem::take(&mut stream.token_mut().text);
        self.stems.contains(&stem).then_some(stem)
    }

    /// The analysis of the exact-words field, with each word that has one of the stems given as
    /// that stem: a snippet generator looking for the stems then marks those words.
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
        MatchedStems::new(stems.iter().map(String::as_str)).expect("English stems")
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
    fn only_english_stems_are_kept() {
        assert!(MatchedStems::new(["ผู้หญิง", "đường"]).is_none());
        assert!(MatchedStems::new(["peac", "ผู้หญิง"]).is_some());
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
