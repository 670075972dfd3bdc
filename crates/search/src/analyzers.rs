//! The named analyzers. Every text is indexed several ways and every query is analyzed the same
//! several ways:
//!
//! - `words`: ICU4X word segmentation (UAX #29, plus dictionary and LSTM models for Thai, Lao,
//!   Khmer and Burmese, which are written without spaces), NFC, lowercase, and each word written
//!   one way where it has two ("hoà" as "hòa", "women’s" as "women's"). Keeps Vietnamese
//!   tone marks, so "con dế" and "con dê" stay different words; a word that has diacritics is
//!   also indexed without them at the same position, so a query typed without tone marks finds
//!   it too, as a word or within a phrase. Words without diacritics (nearly all English ones)
//!   are indexed once, which keeps the index small and the searches of English text cheap.
//! - `words_english`: the same with English stemming, for English text only (a forum post, which
//!   declares no language, gets it unless it reads clearly as another language). Stems are
//!   matched word by word, never as phrases: a quoted phrase means those words in that order.
//! - `words_indonesian`: the same with Indonesian stemming (Sastrawi: prefixes, suffixes and
//!   confixes, checked against a dictionary of root words), for Indonesian and Malay text, so
//!   "perdamaian" (peace) and "damai" (peaceful) find each other. Tagalog has no stemmer here:
//!   its words are matched as written.
//! - `sea_bigrams`: overlapping character pairs of runs of Thai, Lao, Khmer and Myanmar script,
//!   so a word the segmenter split differently is still found as a substring.
//!
//! Queries are analyzed by `words_exact` and `words_folded` (the words as typed, and without
//! diacritics), `words_english`, `words_indonesian` and `sea_bigrams`.

use std::cell::RefCell;
use std::sync::LazyLock;

use icu_segmenter::WordSegmenter;
use icu_segmenter::options::WordBreakInvariantOptions;
use tantivy::tokenizer::{
    AsciiFoldingFilter, Language, LowerCaser, RawTokenizer, RemoveLongFilter, Stemmer,
    TextAnalyzer, TextAnalyzerBuilder, Token, TokenFilter, TokenStream, Tokenizer,
};
use unicode_normalization::UnicodeNormalization as _;

use crate::spelling::american_spelling;
use crate::writing::one_writing;

pub const WORDS: &str = "words";
pub const WORDS_EXACT: &str = "words_exact";
pub const WORDS_FOLDED: &str = "words_folded";
pub const WORDS_ENGLISH: &str = "words_english";
pub const WORDS_INDONESIAN: &str = "words_indonesian";
pub const SEA_BIGRAMS: &str = "sea_bigrams";

/// Tokens of this many bytes or more are junk (base64, URLs run together) and only bloat the
/// index: the filter drops them.
pub(crate) const MAX_TOKEN_BYTES: usize = 80;

/// Words as every text analysis starts from them: segmented, without junk, lowercase, each
/// written one way (`one_writing`).
fn words() -> TextAnalyzerBuilder<impl Tokenizer> {
    TextAnalyzer::builder(IcuWords)
        .filter(RemoveLongFilter::limit(MAX_TOKEN_BYTES))
        .filter(LowerCaser)
        .filter(MapWords(one_writing))
}

/// A word of a text as the index holds it, where the text is known to hold it as one word.
pub(crate) fn as_indexed(word: &str) -> String {
    let word = nfc(word).to_lowercase();
    one_writing(&word).unwrap_or(word)
}

/// The analysis of `words`, which snippets are written from, open to one more filter.
pub(crate) fn words_as_indexed() -> TextAnalyzerBuilder<impl Tokenizer> {
    words().filter(AlsoFolded)
}

/// English stems as `words_english` and single words both get them: British spellings taken as
/// the American ones first, since the stemmer stems the two apart ("organised" to "organis",
/// "organized" to "organ"; "labour" to "labour", "labor" to "labor").
fn english_stems<T: Tokenizer>(words: TextAnalyzerBuilder<T>) -> TextAnalyzer {
    words.filter(MapWords(american_spelling)).filter(Stemmer::new(Language::English)).build()
}

/// One word's English stem, as `words_english` indexes it.
pub(crate) fn english_stemmer() -> TextAnalyzer {
    english_stems(TextAnalyzer::builder(RawTokenizer::default()))
}

pub fn register(manager: &tantivy::tokenizer::TokenizerManager) {
    manager.register(WORDS, words_as_indexed().build());
    manager.register(WORDS_EXACT, words().build());
    manager.register(WORDS_FOLDED, words().filter(AsciiFoldingFilter).build());
    manager.register(WORDS_ENGLISH, english_stems(words()));
    manager.register(WORDS_INDONESIAN, words().filter(MapWords(indonesian_root)).build());
    manager.register(SEA_BIGRAMS, TextAnalyzer::builder(SeaBigrams).build());
}

/// Word tokens by ICU4X's segmenter; each token's text is NFC-normalized.
#[derive(Clone, Default)]
pub struct IcuWords;

pub struct IcuWordStream {
    tokens: std::vec::IntoIter<Token>,
    token: Token,
}

/// Every segment of `text`, words, spaces and punctuation alike, as (byte offset, segment).
pub fn segment_all(text: &str) -> Vec<(usize, &str)> {
    let segmenter = WordSegmenter::new_auto(WordBreakInvariantOptions::default());
    let breaks: Vec<usize> = segmenter.segment_str(text).collect();
    breaks.windows(2).map(|w| (w[0], &text[w[0]..w[1]])).collect()
}

/// The word-like segments of `text` as (byte offset, word).
pub fn segment_words(text: &str) -> Vec<(usize, &str)> {
    let segmenter = WordSegmenter::new_auto(WordBreakInvariantOptions::default());
    let mut breaks = segmenter.segment_str(text);
    let mut words = Vec::new();
    let mut start = 0;
    while let Some(end) = breaks.next() {
        if end > start && breaks.is_word_like() {
            words.push((start, &text[start..end]));
        }
        start = end;
    }
    words
}

thread_local! {
    /// The last long text segmented on this thread and its words. An English text is indexed
    /// two ways (`words`, `words_english`), one right after the other, and segmenting is the
    /// costly part: this does it once instead of twice.
    static LAST_SEGMENTED: RefCell<(String, Vec<Token>)> = const { RefCell::new((String::new(), Vec::new())) };
}

/// Texts shorter than this are segmented afresh: comparing and copying would cost more. Snippet
/// windows are shorter too: each is segmented once, and caching would only copy it.
const CACHE_MIN_BYTES: usize = 2048;

/// `word` in NFC; most words already are (all ASCII ones), and are copied as they are.
fn nfc(word: &str) -> String {
    if unicode_normalization::is_nfc_quick(word.chars()) == unicode_normalization::IsNormalized::Yes
    {
        word.to_owned()
    } else {
        word.nfc().collect()
    }
}

fn word_tokens(text: &str) -> Vec<Token> {
    segment_words(text)
        .into_iter()
        .enumerate()
        .map(|(position, (offset, word))| Token {
            offset_from: offset,
            offset_to: offset + word.len(),
            position,
            text: nfc(word),
            position_length: 1,
        })
        .collect()
}

impl Tokenizer for IcuWords {
    type TokenStream<'a> = IcuWordStream;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> IcuWordStream {
        let tokens = if text.len() < CACHE_MIN_BYTES {
            word_tokens(text)
        } else {
            LAST_SEGMENTED.with_borrow_mut(|(last_text, last_tokens)| {
                if last_text != text {
                    *last_tokens = word_tokens(text);
                    last_text.clear();
                    last_text.push_str(text);
                }
                last_tokens.clone()
            })
        };
        IcuWordStream { tokens: tokens.into_iter(), token: Token::default() }
    }
}

impl TokenStream for IcuWordStream {
    fn advance(&mut self) -> bool {
        match self.tokens.next() {
            Some(token) => {
                self.token = token;
                true
            }
            None => false,
        }
    }

    fn token(&self) -> &Token {
        &self.token
    }

    fn token_mut(&mut self) -> &mut Token {
        &mut self.token
    }
}

/// Adds after each word that has diacritics the same word without them, at the same position.
#[derive(Clone)]
pub struct AlsoFolded;

impl TokenFilter for AlsoFolded {
    type Tokenizer<T: Tokenizer> = AlsoFoldedTokenizer<T>;

    fn transform<T: Tokenizer>(self, tokenizer: T) -> AlsoFoldedTokenizer<T> {
        AlsoFoldedTokenizer { tokenizer, folder: diacritics_off() }
    }
}

/// One word as it is without its diacritics, as the folded analyses take them off.
pub(crate) fn diacritics_off() -> TextAnalyzer {
    TextAnalyzer::builder(RawTokenizer::default()).filter(AsciiFoldingFilter).build()
}

#[derive(Clone)]
pub struct AlsoFoldedTokenizer<T> {
    tokenizer: T,
    folder: TextAnalyzer,
}

impl<T: Tokenizer> Tokenizer for AlsoFoldedTokenizer<T> {
    type TokenStream<'a> = AlsoFoldedStream<'a, T::TokenStream<'a>>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> Self::TokenStream<'a> {
        AlsoFoldedStream {
            tail: self.tokenizer.token_stream(text),
            folder: &mut self.folder,
            pending: None,
            folded: None,
        }
    }
}

pub struct AlsoFoldedStream<'a, S> {
    tail: S,
    folder: &'a mut TextAnalyzer,
    /// The folded form of the word just given, to give next.
    pending: Option<Token>,
    /// The folded form being given now, in place of the tail's token.
    folded: Option<Token>,
}

impl<S: TokenStream> AlsoFoldedStream<'_, S> {
    fn fold(&mut self, word: &str) -> String {
        let mut stream = self.folder.token_stream(word);
        if stream.advance() { std::mem::take(&mut stream.token_mut().text) } else { String::new() }
    }
}

impl<S: TokenStream> TokenStream for AlsoFoldedStream<'_, S> {
    fn advance(&mut self) -> bool {
        self.folded = self.pending.take();
        if self.folded.is_some() {
            return true;
        }
        if !self.tail.advance() {
            return false;
        }
        let word = &self.tail.token().text;
        if !word.is_ascii() {
            let word = word.clone();
            let folded = self.fold(&word);
            if !folded.is_empty() && folded != word {
                self.pending = Some(Token { text: folded, ..self.tail.token().clone() });
            }
        }
        true
    }

    fn token(&self) -> &Token {
        self.folded.as_ref().unwrap_or_else(|| self.tail.token())
    }

    fn token_mut(&mut self) -> &mut Token {
        match &mut self.folded {
            Some(token) => token,
            None => self.tail.token_mut(),
        }
    }
}

/// The root-word dictionary and the stemmer, built once: the dictionary is compiled in.
static ROOT_WORDS: LazyLock<sastrawi::Dictionary> = LazyLock::new(sastrawi::Dictionary::new);
static INDONESIAN: LazyLock<sastrawi::Stemmer<'static>> =
    LazyLock::new(|| sastrawi::Stemmer::new(&ROOT_WORDS));

/// One lowercase word's Indonesian root, as `words_indonesian` indexes it. Indonesian roots are
/// written in ASCII; other words (names, loanwords) have none and stay as they are.
pub(crate) fn indonesian_root(word: &str) -> Option<String> {
    word.is_ascii().then(|| INDONESIAN.stem_word(word).into_owned())
}

/// Whether `word` is in the dictionary of Indonesian roots, and so the root of other words.
pub(crate) fn is_indonesian_root(word: &str) -> bool {
    ROOT_WORDS.find(word)
}

/// Replaces each word that the function gives another form of (a root, a spelling) by that form.
#[derive(Clone, Copy)]
pub struct MapWords(pub fn(&str) -> Option<String>);

impl TokenFilter for MapWords {
    type Tokenizer<T: Tokenizer> = MapWordsTokenizer<T>;

    fn transform<T: Tokenizer>(self, tokenizer: T) -> MapWordsTokenizer<T> {
        MapWordsTokenizer(tokenizer, self.0)
    }
}

#[derive(Clone)]
pub struct MapWordsTokenizer<T>(T, fn(&str) -> Option<String>);

impl<T: Tokenizer> Tokenizer for MapWordsTokenizer<T> {
    type TokenStream<'a> = MapWordsStream<T::TokenStream<'a>>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> Self::TokenStream<'a> {
        MapWordsStream(self.0.token_stream(text), self.1)
    }
}

pub struct MapWordsStream<S>(S, fn(&str) -> Option<String>);

impl<S: TokenStream> TokenStream for MapWordsStream<S> {
    fn advance(&mut self) -> bool {
        if !self.0.advance() {
            return false;
        }
        if let Some(form) = (self.1)(&self.0.token().text) {
            self.0.token_mut().text = form;
        }
        true
    }

    fn token(&self) -> &Token {
        self.0.token()
    }

    fn token_mut(&mut self) -> &mut Token {
        self.0.token_mut()
    }
}

/// Characters that join or part words of those scripts without a space: a query keeps them
/// inside a run, the segmenter breaks words at them, and the pairs of letters and the snippets'
/// marks pass over them.
pub(crate) fn is_zero_width(c: char) -> bool {
    matches!(c, '\u{200B}' | '\u{200C}' | '\u{200D}' | '\u{2060}')
}

/// Scripts written without spaces between words.
pub(crate) fn is_sea_script(c: char) -> bool {
    is_lao_script(c)
        || matches!(c as u32,
            0x0E00..=0x0E7F   // Thai
            | 0x1780..=0x17FF // Khmer
            | 0x19E0..=0x19FF // Khmer symbols
            | 0x1000..=0x109F // Myanmar
            | 0xAA60..=0xAA7F // Myanmar extended-A
        )
}

/// Lao script, which whatlang does not know (see `language`). web/src/lib/lang.ts keeps the same
/// ranges for the web app's own guess.
pub(crate) fn is_lao_script(c: char) -> bool {
    matches!(c as u32, 0x0E80..=0x0EFF)
}

/// Overlapping character bigrams of each run of a space-less script (a one-character run
/// yields that character).
#[derive(Clone, Default)]
pub struct SeaBigrams;

impl Tokenizer for SeaBigrams {
    type TokenStream<'a> = IcuWordStream;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> IcuWordStream {
        let mut tokens = Vec::new();
        let mut run: Vec<(usize, char)> = Vec::new();
        let flush = |run: &mut Vec<(usize, char)>, tokens: &mut Vec<Token>| {
            let push = |tokens: &mut Vec<Token>, from: usize, to: usize, text: String| {
                let position = tokens.len();
                tokens.push(Token {
                    offset_from: from,
                    offset_to: to,
                    position,
                    text,
                    position_length: 1,
                });
            };
            match run.len() {
                0 => {}
                1 => push(tokens, run[0].0, run[0].0 + run[0].1.len_utf8(), run[0].1.to_string()),
                _ => {
                    for pair in run.windows(2) {
                        let (from, a) = pair[0];
                        let (at, b) = pair[1];
                        push(tokens, from, at + b.len_utf8(), [a, b].iter().collect());
                    }
                }
            }
            run.clear();
        };
        for (offset, c) in text.char_indices() {
            if is_sea_script(c) {
                run.push((offset, c));
            } else if is_zero_width(c) && !run.is_empty() {
                // "สันติ\u{200B}ภาพ" is still สันติภาพ (peace), found by its pairs of letters.
                continue;
            } else {
                flush(&mut run, &mut tokens);
            }
        }
        flush(&mut run, &mut tokens);
        IcuWordStream { tokens: tokens.into_iter(), token: Token::default() }
    }
}

#[cfg(test)]
mod tests {
    use tantivy::tokenizer::TokenizerManager;

    use super::*;

    fn positions(analyzer: &str, text: &str) -> Vec<(usize, String)> {
        let manager = TokenizerManager::default();
        register(&manager);
        let mut analyzer = manager.get(analyzer).unwrap_or_else(|| TextAnalyzer::from(IcuWords));
        let mut stream = analyzer.token_stream(text);
        let mut out = Vec::new();
        while stream.advance() {
            out.push((stream.token().position, stream.token().text.clone()));
        }
        out
    }

    fn tokens(analyzer: &str, text: &str) -> Vec<String> {
        positions(analyzer, text).into_iter().map(|(_, token)| token).collect()
    }

    #[test]
    fn thai_is_split_into_words() {
        assert_eq!(tokens(WORDS, "ทุกสองสัปดาห์"), ["ทุก", "สอง", "สัปดาห์"]);
    }

    #[test]
    fn vietnamese_keeps_tones_and_folds_them_in_the_folded_analyzer() {
        assert_eq!(tokens(WORDS_EXACT, "Con Dế"), ["con", "dế"]);
        assert_eq!(tokens(WORDS_FOLDED, "Con Dế và đường"), ["con", "de", "va", "duong"]);
    }

    #[test]
    fn a_word_with_diacritics_is_indexed_with_and_without_them_at_one_position() {
        let indexed = positions(WORDS, "Con Dế và Hà Nội");
        let expected = [(0, "con"), (1, "dế"), (1, "de"), (2, "và"), (2, "va"), (3, "hà")];
        let expected = expected.iter().chain(&[(3, "ha"), (4, "nội"), (4, "noi")]);
        let expected: Vec<(usize, String)> = expected.map(|(p, w)| (*p, (*w).to_owned())).collect();
        assert_eq!(indexed, expected);
        assert_eq!(tokens(WORDS, "peace and security"), ["peace", "and", "security"]);
        assert_eq!(tokens(WORDS, "ทุกสองสัปดาห์"), ["ทุก", "สอง", "สัปดาห์"], "Thai is not folded");
    }

    #[test]
    fn english_is_stemmed() {
        assert_eq!(
            tokens(WORDS_ENGLISH, "Women's peacekeeping missions"),
            ["women", "peacekeep", "mission"]
        );
    }

    #[test]
    fn british_and_american_spellings_have_one_stem() {
        assert_eq!(
            tokens(
                WORDS_ENGLISH,
                "Organised mobilisation, analysing, recognisable, organisational"
            ),
            tokens(
                WORDS_ENGLISH,
                "organized mobilization, analyzing, recognizable, organizational"
            ),
        );
        assert_eq!(
            tokens(WORDS_ENGLISH, "labour behaviour centre programmes defence favourite"),
            tokens(WORDS_ENGLISH, "labor behavior center programs defense favorite"),
        );
        // A word's family keeps one stem, spelled -ise everywhere or not.
        for family in [
            "organise organised organising organisation",
            "revise revised revision",
            "appraise appraised appraisal",
            "uncompromising uncompromisingly",
            "exercise exercised exercising",
            "labour labourers laboured labouring labor",
            "behaviour behaviours behavioural behaviourally behavior behavioral",
            "favourite favourites favorite",
            "neighbour neighbourly neighborly neighbor",
            "pretence pretences pretense",
            "centre centres centred centring center",
            "programme programmes programmed programming program",
        ] {
            let mut stems = tokens(WORDS_ENGLISH, family);
            stems.dedup();
            assert_eq!(stems.len(), 1, "{family}: {stems:?}");
        }
    }

    #[test]
    fn indonesian_and_malay_words_are_reduced_to_their_roots() {
        assert_eq!(
            tokens(WORDS_INDONESIAN, "Perdamaian, keamanan dan pemberdayaan perempuan"),
            ["damai", "aman", "dan", "daya", "perempuan"]
        );
        assert_eq!(
            tokens(WORDS_INDONESIAN, "Việt Nam"),
            ["việt", "nam"],
            "not Indonesian: as written"
        );
    }

    #[test]
    fn bigrams_cover_every_substring_of_thai_runs() {
        assert_eq!(tokens(SEA_BIGRAMS, "ร้าน ok ก"), ["ร้", "้า", "าน", "ก"]);
        assert!(tokens(SEA_BIGRAMS, "plain English").is_empty());
        assert_eq!(
            tokens(SEA_BIGRAMS, "สันติ\u{200B}ภาพ \u{200B}ก"),
            tokens(SEA_BIGRAMS, "สันติภาพ ก"),
            "over a zero-width space"
        );
    }

    #[test]
    fn punctuation_is_not_a_word() {
        assert_eq!(tokens(WORDS, "peace, security & \"rights\"!"), ["peace", "security", "rights"]);
    }
}
