//! The query language people type: words, "phrases", -exclusions and OR. Each word is analyzed
//! every way the text was indexed; words of five letters or more also match with one typo; the
//! last word also matches as a prefix, for search as you type.

use std::collections::{BTreeMap, HashMap};
use std::ops::Bound;

use tantivy::query::{
    BooleanQuery, BoostQuery, FuzzyTermQuery, Occur, PhraseQuery, Query, RangeQuery, TermQuery,
};
use tantivy::schema::{Field, IndexRecordOption};
use tantivy::tokenizer::TokenizerManager;
use tantivy::{Searcher, TantivyError, Term};
use unicode_normalization::UnicodeNormalization as _;
use unicode_normalization::char::is_combining_mark;

use crate::analyzers::{
    MAX_TOKEN_BYTES, SEA_BIGRAMS, WORDS_ENGLISH, WORDS_EXACT, WORDS_FOLDED, WORDS_INDONESIAN,
    is_sea_script, is_zero_width,
};
use crate::fields::{Fields, TextFields};
use crate::snippets::count_word;
use crate::spelling::other_prefix_spelling;
use crate::writing::other_writings;

/// Longest query accepted, in characters.
pub const MAX_QUERY_CHARS: usize = 500;
/// Most words and phrases in one query.
const MAX_TERMS: usize = 32;
/// Words at least this long tolerate one typo.
const FUZZY_MIN_CHARS: usize = 5;
/// A last word at least this long also matches as a prefix.
const PREFIX_MIN_CHARS: usize = 2;
/// Titles weigh more than bodies.
const TITLE_BOOST: f32 = 2.5;
/// Most words a prefix stands for: enough for search as you type, cheap on a large index.
const PREFIX_EXPANSIONS: usize = 50;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum QueryError {
    #[error("type something to search for")]
    Empty,
    #[error("the search is {0} characters long; the limit is {MAX_QUERY_CHARS}")]
    TooLong(usize),
    #[error("\"OR\" must stand between two words or phrases")]
    DanglingOr,
    #[error("add a word to search for besides the excluded ones")]
    OnlyExclusions,
    #[error("use at most {MAX_TERMS} words or phrases")]
    TooManyTerms,
    /// Every word sought was dropped by the analyzers: emoji and other symbols, or words too long
    /// to be indexed.
    #[error(
        "nothing in the search can be looked up: search for words or numbers (symbols such as \
         emoji, and runs of letters far longer than a word, are not indexed)"
    )]
    NothingToLookUp,
}

/// The relevance part of a search, with what of it a hit's snippet may mark.
pub struct UserQuery {
    pub query: Box<dyn Query>,
    /// The indexed terms of the words and phrases sought, not of those excluded (a hit lacks an
    /// excluded word only in the analyses of its own language, and may hold it in another:
    /// "flooded" in a Vietnamese post, for "-floods", whose stems only English text is indexed
    /// by), nor the words a prefix stands for (see `loose_queries`).
    pub sought: Vec<Term>,
    /// The sought words that also match loosely.
    pub loose: Vec<Loose>,
    /// Each sought word and phrase, as the words of the index it was taken for: for the snippets
    /// to show a run's words where they stand together, rather than each wherever it stands.
    pub runs: Vec<Run>,
    /// The clause of the query each of `sought` that is a word as written is a term of, by its
    /// text (the first, where two share it): for the snippets to count how many of the words
    /// sought a passage shows, the alternatives of an OR, the forms of one word, and the words
    /// of a phrase being one.
    pub clause_of: HashMap<String, usize>,
}

/// Words sought side by side: a phrase, a word the analysis cuts in several ("peace-keeping"),
/// or a run typed together in a script written without spaces ("ผู้หญิง", "woman", as "ผู้" and
/// "หญิง"). A word sought on its own is a run of one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Run {
    /// As the index holds them: lowercase, written one way (`one_writing`), with their
    /// diacritics as typed.
    pub words: Vec<String>,
    /// Whether a text writes them with spaces or punctuation between them, rather than in a
    /// script written without spaces.
    pub spaced: bool,
    /// Whether its last word is still being typed.
    pub typing: bool,
}

/// A word that also matches with a typo or as a prefix, for the snippets to mark the indexed
/// words it stands for too: a typo's they look up, a prefix's it carries.
#[derive(Debug, Clone)]
pub enum Loose {
    Typo {
        word: Term,
        query: FuzzyTermQuery,
    },
    /// A prefix, with the indexed words it stands for and how many documents hold each, and the
    /// word being typed it is a spelling of ("organiz" of "organis").
    Prefix {
        word: Term,
        completions: BTreeMap<String, u64>,
        typed: String,
    },
}

impl Loose {
    pub fn field(&self) -> Field {
        match self {
            Self::Typo { word, .. } | Self::Prefix { word, .. } => word.field(),
        }
    }
}

/// A word or phrase as typed.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Term_ {
    text: String,
    phrase: bool,
    prefix: bool,
}

/// Alternatives joined by OR, or one excluded word or phrase.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Clause {
    alternatives: Vec<Term_>,
    excluded: bool,
    /// Ranks the hits that hold it without leaving out those that do not (`parse`).
    optional: bool,
}

/// A minus as typed: phones' keyboards and word processors turn "-" into an en dash or a minus
/// sign.
fn is_minus(c: char) -> bool {
    matches!(c, '-' | '\u{2013}' | '\u{2212}')
}

/// Where a phrase whose closing quotation mark is not there ends in `rest`, the text after its
/// opening one: the closing mark is taken to be at the end, where it has not been typed yet. So
/// that the phrase finds something while it is typed ("peace ke" on its way to "peace keeping"),
/// its last word, when it is still being typed (nothing after it), is left out of it, to be
/// sought after it as a word being typed. Not when the phrase is `whole`: excluded, or an
/// alternative of OR, which the word left out would stand beside instead of within. Nor when
/// that word is "OR", which read on its own would be no word. An exclusion typed after its words
/// ends it: "peace talks -war" is the phrase and "war" left out, as it would be closed.
fn unclosed_end(rest: &str, whole: bool) -> usize {
    if whole {
        return rest.len();
    }
    let exclusion = rest.char_indices().find(|&(at, c)| {
        let after = &rest[at + c.len_utf8()..];
        let mut next = after.chars();
        c.is_whitespace()
            && next.next().is_some_and(is_minus)
            && next.next().is_some_and(|c| !c.is_whitespace())
    });
    if let Some((at, _)) = exclusion {
        return at;
    }
    if rest.ends_with(char::is_whitespace) {
        return rest.len();
    }
    let end = rest.rfind(char::is_whitespace).unwrap_or(0);
    if rest[end..].trim_start() == "OR" { rest.len() } else { end }
}

/// Lexes the query into words, phrases, exclusions and OR. A quotation mark left open closes at
/// the end (`unclosed_end`): while a phrase is typed, it is not yet a mistake.
fn parse(text: &str) -> Result<Vec<Clause>, QueryError> {
    let length = text.chars().count();
    if length > MAX_QUERY_CHARS {
        return Err(QueryError::TooLong(length));
    }
    let mut clauses: Vec<Clause> = Vec::new();
    let mut pending_or = false;
    let mut chars = text.char_indices().peekable();
    let mut count = 0;
    while let Some(&(start, c)) = chars.peek() {
        if c.is_whitespace() {
            chars.next();
            continue;
        }
        let excluded =
            is_minus(c) && text[start + c.len_utf8()..].starts_with(|n: char| !n.is_whitespace());
        if excluded {
            chars.next();
        }
        let (term_text, phrase) = if chars.peek().is_some_and(|&(_, c)| c == '"') {
            let (open, _) = chars.next().unwrap_or((start, '"'));
            let rest = &text[open + 1..];
            let end = open
                + 1
                + rest.find('"').unwrap_or_else(|| unclosed_end(rest, excluded || pending_or));
            // The phrase's words, and its closing quotation mark where it has one.
            while chars.next_if(|&(i, _)| i < end).is_some() {}
            chars.next_if(|&(_, c)| c == '"');
            (text[open + 1..end].to_owned(), true)
        } else {
            let from = chars.peek().map_or(text.len(), |&(i, _)| i);
            let mut to = text.len();
            while let Some(&(i, c)) = chars.peek() {
                if c.is_whitespace() || c == '"' {
                    to = i;
                    break;
                }
                chars.next();
            }
            (text[from..to].to_owned(), false)
        };
        if !phrase && !excluded && term_text == "OR" {
            if clauses.is_empty() || pending_or {
                return Err(QueryError::DanglingOr);
            }
            pending_or = true;
            continue;
        }
        if term_text.trim().is_empty() {
            continue;
        }
        count += 1;
        if count > MAX_TERMS {
            return Err(QueryError::TooManyTerms);
        }
        let term = Term_ { text: term_text, phrase, prefix: false };
        match clauses.last_mut() {
            Some(last) if pending_or && !excluded && !last.excluded => last.alternatives.push(term),
            _ if pending_or => return Err(QueryError::DanglingOr),
            _ => clauses.push(Clause { alternatives: vec![term], excluded, optional: false }),
        }
        pending_or = false;
    }
    if pending_or {
        return Err(QueryError::DanglingOr);
    }
    if clauses.is_empty() {
        return Err(QueryError::Empty);
    }
    if clauses.iter().all(|c| c.excluded) {
        return Err(QueryError::OnlyExclusions);
    }
    // Search as you type: a last plain word still being typed also matches as a prefix, counted
    // in letters and digits as the word is indexed ("C#" is "c", too short). A last word of one
    // letter, beside other words, only ranks (`build`): "women c", on its way to "women
    // committee", would otherwise find nothing until the next letter. So does a letter that ends
    // a search made, "hepatitis C": the web app trims what it sends, and cannot tell the two
    // apart. "C#" is a word typed whole, not a letter on its way, and is sought as one.
    let still_typing = !text.ends_with(char::is_whitespace) && !text.ends_with('"');
    let wanted = clauses.iter().filter(|c| !c.excluded).count();
    if let Some(clause) = clauses.last_mut().filter(|c| !c.excluded && still_typing)
        && let Some(term) = clause.alternatives.last_mut().filter(|t| !t.phrase)
    {
        term.prefix = term.text.chars().filter(|c| c.is_alphanumeric()).count() >= PREFIX_MIN_CHARS;
        let one_letter = term.text.nfc().count() == 1;
        clause.optional = one_letter && clause.alternatives.len() == 1 && wanted > 1;
    }
    Ok(clauses)
}

/// The tokens `analyzer` makes of `text`, with positions.
pub(crate) fn analyze(
    tokenizers: &TokenizerManager,
    analyzer: &str,
    text: &str,
) -> Vec<(usize, String)> {
    let Some(mut analyzer) = tokenizers.get(analyzer) else { return Vec::new() };
    let mut stream = analyzer.token_stream(text);
    let mut tokens = Vec::new();
    while stream.advance() {
        let token = stream.token();
        tokens.push((token.position, token.text.clone()));
    }
    tokens
}

fn boosted(query: Box<dyn Query>, boost: f32) -> Box<dyn Query> {
    Box::new(BoostQuery::new(query, boost))
}

/// Weights of the ways a word matches, relative to the word as typed.
const EXACT: f32 = 1.0;
const FOLDED: f32 = 0.6;
const STEMMED: f32 = 0.8;
const BIGRAMS: f32 = 0.5;
const ONE_TYPO: f32 = 0.18;
const PREFIX: f32 = 0.3;

/// Tokens as a term query, or a phrase query when the text analyzed to several.
fn tokens_query(field: Field, tokens: &[(usize, String)]) -> Option<Box<dyn Query>> {
    match tokens {
        [] => None,
        [(_, token)] => Some(Box::new(TermQuery::new(
            Term::from_field_text(field, token),
            IndexRecordOption::WithFreqs,
        ))),
        many => {
            let terms = many
                .iter()
                .map(|(position, token)| (*position, Term::from_field_text(field, token)))
                .collect();
            Some(Box::new(PhraseQuery::new_with_offset(terms)))
        }
    }
}

/// The looser matches of a single word, as typed: with one typo when the word is long and
/// unknown to the index (a known word is taken as meant, which keeps common queries cheap), and
/// as a prefix while it is being typed. A word typed without diacritics is on its way to words
/// with them too, as the index holds each also without them ("nu" to "nữ" and "nước"); one typed
/// with them only to words that start with it as typed ("nữ" to "nữa", not "nước" or "number").
fn loose_queries(
    searcher: &Searcher,
    field: Field,
    exact: &[(usize, String)],
    term: &Term_,
) -> Vec<(Box<dyn Query>, f32, Loose)> {
    let [(_, token)] = exact else { return Vec::new() };
    if term.phrase {
        return Vec::new();
    }
    let word = Term::from_field_text(field, token);
    let mut queries: Vec<(Box<dyn Query>, f32, Loose)> = Vec::new();
    let unknown = || searcher.doc_freq(&word).map_or(true, |n| n == 0);
    if token.chars().count() >= FUZZY_MIN_CHARS && unknown() {
        let query = FuzzyTermQuery::new(word.clone(), 1, true);
        let loose = Loose::Typo { word: word.clone(), query: query.clone() };
        queries.push((Box::new(query), ONE_TYPO, loose));
    }
    if term.prefix {
        // "organis" is on its way to "organized" as well as to "organised"; "toà", taken as
        // "tòa" (`one_writing`), to "toàn" as typed.
        let spellings = std::iter::once(token.clone())
            .chain(other_prefix_spelling(token))
            .chain(other_writings(token));
        let prefixes = spellings.filter_map(|prefix| prefix_query(searcher, field, token, &prefix));
        queries.extend(prefixes);
    }
    queries
}

/// `prefix`, a spelling of the word being typed `typed`, matching the indexed words of `field` it
/// starts.
fn prefix_query(
    searcher: &Searcher,
    field: Field,
    typed: &str,
    prefix: &str,
) -> Option<(Box<dyn Query>, f32, Loose)> {
    // An index whose words cannot be read fails the search itself, which reads them too.
    let completions = completions_of(searcher, field, prefix).unwrap_or_default();
    // On the index the query is made on, the words from the first to the last are those and no
    // others: words that start alike are neighbours in the index's order. (A kept query also
    // matches words indexed later between the two, unmarked in snippets.) A range, as the prefix
    // query was, names none of them among the words sought, which the snippets would each look
    // up and look for in every hit: they mark them as completions of the prefix instead.
    let (first, _) = completions.first_key_value()?;
    let (last, _) = completions.last_key_value()?;
    let bound = |word: &str| Bound::Included(Term::from_field_text(field, word));
    let query = Box::new(RangeQuery::new(bound(first), bound(last)));
    let word = Term::from_field_text(field, prefix);
    Some((query, PREFIX, Loose::Prefix { word, completions, typed: typed.to_owned() }))
}

/// The first indexed words of `field` that start with `prefix`, in the order of the index's
/// words, with how many documents hold each. They are taken from the whole index once, rather
/// than by each segment as a prefix query would: a segment's own first words change when
/// segments merge, and with them what a search found, though no text changed (a next page,
/// scored as its first was, would then repeat or skip a hit). (A merge still drops the words only
/// deleted texts held, which may let a later word in: the query of a kept scoring keeps its
/// words.)
fn completions_of(
    searcher: &Searcher,
    field: Field,
    prefix: &str,
) -> Result<BTreeMap<String, u64>, TantivyError> {
    let mut found: BTreeMap<String, u64> = BTreeMap::new();
    for segment in searcher.segment_readers() {
        let index = segment.inverted_index(field)?;
        let mut stream = index.terms().range().ge(prefix.as_bytes()).into_stream()?;
        let mut taken = 0;
        while taken < PREFIX_EXPANSIONS
            && stream.advance()
            && stream.key().starts_with(prefix.as_bytes())
        {
            // The first words of each segment hold the first of the index; past the last of
            // those found so far, the rest of the segment's are not among them.
            let full = found.len() >= PREFIX_EXPANSIONS;
            if full
                && found.last_key_value().is_some_and(|(last, _)| stream.key() > last.as_bytes())
            {
                break;
            }
            count_word(&mut found, stream.key(), stream.value().doc_freq);
            if found.len() > PREFIX_EXPANSIONS {
                found.pop_last();
            }
            taken += 1;
        }
    }
    Ok(found)
}

/// Most words a run typed together is taken apart into; a longer run, more likely a sentence
/// pasted in than words typed, is sought as a phrase.
const MAX_RUN_WORDS: usize = 8;

/// What a word or phrase is sought by in each analysis of the texts.
struct Analyses {
    exact: Vec<(usize, String)>,
    folded: Vec<(usize, String)>,
    english: Vec<(usize, String)>,
    indonesian: Vec<(usize, String)>,
    bigrams: Vec<(usize, String)>,
}

impl Analyses {
    fn of(tokenizers: &TokenizerManager, text: &str) -> Self {
        Self {
            exact: analyze(tokenizers, WORDS_EXACT, text),
            folded: analyze(tokenizers, WORDS_FOLDED, text),
            english: analyze(tokenizers, WORDS_ENGLISH, text),
            indonesian: analyze(tokenizers, WORDS_INDONESIAN, text),
            bigrams: analyze(tokenizers, SEA_BIGRAMS, text),
        }
    }

    /// Words of a script written without spaces, as the words they are: segmented again, each
    /// would be cut into the pieces it was joined from (`whole_words`). Each is given as the
    /// words of the index it is made of (`parts_of`), sought side by side. Such scripts have no
    /// case or diacritics to fold, and no English or Indonesian stems; their pairs of letters are
    /// those of the words, run together as typed.
    fn of_unspaced(tokenizers: &TokenizerManager, words: &[Vec<String>]) -> Self {
        let exact: Vec<(usize, String)> = words.iter().flatten().cloned().enumerate().collect();
        Self {
            folded: exact.clone(),
            exact,
            english: Vec::new(),
            indonesian: Vec::new(),
            bigrams: analyze(tokenizers, SEA_BIGRAMS, &words.concat().concat()),
        }
    }
}

/// A word or phrase against every analysis of titles and bodies: as typed, without diacritics
/// (when it has any), by English and Indonesian stem (word by word), and by character pairs of
/// Thai, Lao, Khmer and Burmese script. A run of those scripts, which are written without spaces,
/// is sought as the words of the index it holds (`whole_words`), and taken apart into them
/// (`words_run_together`) unless it is a phrase or `whole` asks for it as typed (an exclusion:
/// "-ความรุนแรงในครอบครัว" must not exclude every text that holds "ใน", "in").
fn term_query(
    searcher: &Searcher,
    fields: &Fields,
    tokenizers: &TokenizerManager,
    term: &Term_,
    whole: bool,
    loose: &mut Vec<Loose>,
    runs: &mut Vec<Run>,
) -> Option<Box<dyn Query>> {
    if term.text.chars().all(|c| is_sea_script(c) || is_zero_width(c)) {
        let pieces = analyze(tokenizers, WORDS_EXACT, &term.text);
        let is_indexed = |word: &str| indexed(searcher, fields, word);
        let words = whole_words(&pieces, term.prefix, is_indexed);
        if let Some(words) = words.filter(|words| !words.is_empty()) {
            // A word being typed is no word yet, to be made of others.
            let typed = words.len() - usize::from(term.prefix);
            let parts = |(at, word): (usize, String)| match at < typed {
                true => parts_of(word, is_indexed),
                false => vec![word],
            };
            let words: Vec<Vec<String>> = words.into_iter().enumerate().map(parts).collect();
            runs.push(Run { words: words.concat(), spaced: false, typing: term.prefix });
            if words.len() > 1 && !whole && !term.phrase {
                return Some(words_run_together(searcher, fields, tokenizers, term, &words, loose));
            }
            let analyses = Analyses::of_unspaced(tokenizers, &words);
            return analyses_query(searcher, fields, term, &analyses, loose);
        }
    }
    let analyses = Analyses::of(tokenizers, &term.text);
    let words: Vec<String> = analyses.exact.iter().map(|(_, word)| word.clone()).collect();
    // Words of both kinds of script ("COVID-19 ผู้หญิง") are left to tantivy's marks: they stand
    // neither spaced nor together.
    if !words.is_empty() && !words.iter().any(|word| word.contains(is_sea_script)) {
        runs.push(Run { words, spaced: true, typing: term.prefix });
    }
    analyses_query(searcher, fields, term, &analyses, loose)
}

fn analyses_query(
    searcher: &Searcher,
    fields: &Fields,
    term: &Term_,
    analyses: &Analyses,
    loose: &mut Vec<Loose>,
) -> Option<Box<dyn Query>> {
    let Analyses { exact, folded, english, indonesian, bigrams } = analyses;
    let mut should: Vec<(Occur, Box<dyn Query>)> = Vec::new();
    for (text, boost) in [(&fields.title, TITLE_BOOST), (&fields.body, 1.0)] {
        let text: &TextFields = text;
        let mut queries = Vec::new();
        queries.extend(tokens_query(text.words, exact).map(|q| (q, EXACT)));
        if folded != exact {
            queries.extend(tokens_query(text.words, folded).map(|q| (q, FOLDED)));
        }
        for (query, weight, word) in loose_queries(searcher, text.words, exact, term) {
            queries.push((query, weight));
            loose.push(word);
        }
        for (field, stems) in [(text.english, english), (text.indonesian, indonesian)] {
            if let [_] = stems.as_slice() {
                queries.extend(tokens_query(field, stems).map(|q| (q, STEMMED)));
            }
        }
        queries.extend(tokens_query(text.bigrams, bigrams).map(|q| (q, BIGRAMS)));
        should.extend(
            queries.into_iter().map(|(q, weight)| (Occur::Should, boosted(q, weight * boost))),
        );
    }
    (!should.is_empty()).then(|| Box::new(BooleanQuery::new(should)) as Box<dyn Query>)
}

/// Whether the index holds `word` as a word of titles or bodies.
fn indexed(searcher: &Searcher, fields: &Fields, word: &str) -> bool {
    [fields.title.words, fields.body.words]
        .into_iter()
        .any(|field| searcher.doc_freq(&Term::from_field_text(field, word)).is_ok_and(|n| n > 0))
}

/// The words of a run typed together, from the pieces the segmenter cut it into. Segmented on
/// its own, a run is often cut finer than inside a text: "สันติภาพ" (peace) into "สันติ" and
/// "ภาพ", "สมาคม" into "ส" and "มาคม". So the pieces are joined into the longest words the index
/// holds (`indexed`), and a lone letter left over, which is no word of the index and makes no
/// pair of letters to find it inside unsegmented text by, is joined to the piece after it (or,
/// at the end, before it). A lone letter typed last while `typing` is left out: it is the start
/// of a word not yet typed. None for a run of more than `MAX_RUN_WORDS` words.
fn whole_words(
    pieces: &[(usize, String)],
    typing: bool,
    indexed: impl Fn(&str) -> bool,
) -> Option<Vec<String>> {
    let pieces: Vec<&str> = pieces.iter().map(|(_, piece)| piece.as_str()).collect();
    let mut words: Vec<String> = Vec::new();
    let mut pending = String::new();
    let mut at = 0;
    while at < pieces.len() {
        // No longer join can be a word of the index, which drops longer tokens.
        let mut joined = pieces[at].to_owned();
        let mut end = at + 1;
        for (next, piece) in pieces.iter().enumerate().skip(at + 1) {
            joined.push_str(piece);
            if joined.len() >= MAX_TOKEN_BYTES {
                break;
            }
            if indexed(&joined) {
                end = next + 1;
            }
        }
        pending.push_str(&pieces[at..end].concat());
        if pending.chars().nth(1).is_some() {
            words.push(std::mem::take(&mut pending));
            if words.len() > MAX_RUN_WORDS {
                return None;
            }
        }
        at = end;
    }
    match words.last_mut() {
        Some(_) if typing => {}
        Some(last) => last.push_str(&pending),
        None if !pending.is_empty() => words.push(pending),
        None => {}
    }
    Some(words)
}

/// A word of a run as the words of the index it is made of. The segmenter cuts some words
/// otherwise on their own than inside a text: "กรุงเทพมหานคร" (Bangkok) into "กรุงเทพมหาน" and
/// "คร" alone, but "กรุง", "เทพมหาน" and "คร" in a sentence. So a word the index does not hold is
/// sought as such words side by side, where it is made of them (`indexed_parts`): found by them,
/// the text is marked where it holds them, and not only found by its pairs of letters.
fn parts_of(word: String, indexed: impl Fn(&str) -> bool) -> Vec<String> {
    if indexed(&word) {
        return vec![word];
    }
    indexed_parts(&word, indexed).unwrap_or_else(|| vec![word])
}

/// `piece` as the fewest words of the index that make it up, the first as long as it can be, or
/// None when no words of the index make it up.
fn indexed_parts(piece: &str, indexed: impl Fn(&str) -> bool) -> Option<Vec<String>> {
    // No word starts or ends before a vowel or tone mark written over or under a letter (but
    // the piece's own start, whatever it is).
    let bounds: Vec<usize> = (piece.char_indices())
        .filter(|&(at, c)| at == 0 || !is_combining_mark(c))
        .map(|(at, _)| at)
        .chain([piece.len()])
        .collect();
    let last = bounds.len() - 1;
    // For the piece from each bound on: the fewest words that make it up, and where the first
    // of them ends.
    let mut fewest: Vec<Option<(usize, usize)>> = vec![None; bounds.len()];
    fewest[last] = Some((0, last));
    for start in (0..last).rev() {
        for end in start + 1..=last {
            if bounds[end] - bounds[start] >= MAX_TOKEN_BYTES {
                break;
            }
            let Some((after, _)) = fewest[end] else { continue };
            // Fewer words than so far, or as few with a longer first word (the ends go up).
            let better = fewest[start].is_none_or(|(words, _)| after < words);
            if better && indexed(&piece[bounds[start]..bounds[end]]) {
                fewest[start] = Some((after + 1, end));
            }
        }
    }
    fewest[0]?;
    let mut parts = Vec::new();
    let mut start = 0;
    while let Some((_, end)) = fewest[start].filter(|_| start < last) {
        parts.push(piece[bounds[start]..bounds[end]].to_owned());
        start = end;
    }
    Some(parts)
}

/// A run typed in a script written without spaces (Thai, Lao, Khmer, Burmese) often holds
/// several words: "ผู้หญิงสันติภาพ" is "women" and "peace", typed as one. Taken as a phrase, it
/// would find only texts that hold them side by side; so each word is required, as if typed apart
/// (the last still matches as a prefix while being typed), and the phrase only ranks texts that
/// hold them side by side higher.
fn words_run_together(
    searcher: &Searcher,
    fields: &Fields,
    tokenizers: &TokenizerManager,
    term: &Term_,
    words: &[Vec<String>],
    loose: &mut Vec<Loose>,
) -> Box<dyn Query> {
    let last = words.len() - 1;
    let mut clauses: Vec<(Occur, Box<dyn Query>)> = words
        .iter()
        .enumerate()
        .filter_map(|(at, word)| {
            let analyses = Analyses::of_unspaced(tokenizers, std::slice::from_ref(word));
            let prefix = term.prefix && at == last;
            let word = Term_ { text: word.concat(), phrase: false, prefix };
            analyses_query(searcher, fields, &word, &analyses, loose)
                .map(|query| (Occur::Must, query))
        })
        .collect();
    let side_by_side = Term_ { phrase: true, ..term.clone() };
    let analyses = Analyses::of_unspaced(tokenizers, words);
    clauses.extend(
        analyses_query(searcher, fields, &side_by_side, &analyses, loose)
            .map(|query| (Occur::Should, query)),
    );
    Box::new(BooleanQuery::new(clauses))
}

/// The relevance part of a search: what the user typed.
pub fn build(
    searcher: &Searcher,
    fields: &Fields,
    tokenizers: &TokenizerManager,
    text: &str,
) -> Result<UserQuery, QueryError> {
    let mut clauses: Vec<(Occur, Box<dyn Query>)> = Vec::new();
    let mut positive = 0;
    let mut sought = Vec::new();
    let mut loose = Vec::new();
    let mut runs = Vec::new();
    let mut clause_of = HashMap::new();
    for (number, clause) in parse(text)?.into_iter().enumerate() {
        // Nothing of an excluded word is marked (see `UserQuery::sought`).
        let mut clause_loose = Vec::new();
        let mut clause_runs = Vec::new();
        let alternatives: Vec<(Occur, Box<dyn Query>)> = clause
            .alternatives
            .iter()
            .filter_map(|t| {
                let (loose, runs) = (&mut clause_loose, &mut clause_runs);
                term_query(searcher, fields, tokenizers, t, clause.excluded, loose, runs)
            })
            .map(|q| (Occur::Should, q))
            .collect();
        if !clause.excluded {
            loose.append(&mut clause_loose);
            runs.append(&mut clause_runs);
            for (_, query) in &alternatives {
                query.query_terms(&mut |term, _| {
                    // Of the words as written only: "right", the stem of "rights", is not the
                    // word "right" of another clause.
                    let written = [fields.title.words, fields.body.words].contains(&term.field());
                    if let Some(text) = term.value().as_str().filter(|_| written) {
                        clause_of.entry(text.to_owned()).or_insert(number);
                    }
                    sought.push(term.clone());
                });
            }
        }
        if alternatives.is_empty() {
            continue;
        }
        let occur = match clause {
            Clause { excluded: true, .. } => Occur::MustNot,
            Clause { optional: true, .. } => Occur::Should,
            _ => Occur::Must,
        };
        positive += usize::from(occur == Occur::Must);
        clauses.push((occur, Box::new(BooleanQuery::new(alternatives))));
    }
    if positive == 0 {
        // The words beside an optional letter had nothing to look up ("🕊️ p"): it is what is
        // sought, then.
        for (occur, _) in clauses.iter_mut().filter(|(occur, _)| *occur == Occur::Should) {
            *occur = Occur::Must;
            positive += 1;
        }
    }
    if positive == 0 {
        return Err(QueryError::NothingToLookUp);
    }
    let query = Box::new(BooleanQuery::new(clauses));
    Ok(UserQuery { query, sought, loose, runs, clause_of })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(text: &str) -> Vec<(Vec<String>, bool)> {
        parse(text)
            .unwrap_or_default()
            .into_iter()
            .map(|c| (c.alternatives.into_iter().map(|t| t.text).collect(), c.excluded))
            .collect()
    }

    #[test]
    fn a_word_the_index_does_not_hold_is_taken_as_the_fewest_words_it_is_made_of() {
        let index = ["กรุง", "เทพ", "มหา", "เทพมหาน", "คร"];
        let indexed = |word: &str| index.contains(&word);
        let parts = |word: &str| parts_of(word.to_owned(), indexed);
        assert_eq!(parts("คร"), ["คร"], "a word of the index");
        assert_eq!(parts("กรุงเทพมหาน"), ["กรุง", "เทพมหาน"], "the first as long as it can be");
        assert_eq!(parts("เทพมหา"), ["เทพ", "มหา"]);
        assert_eq!(parts("กรุงเทพมหานค"), ["กรุงเทพมหานค"], "no words of the index make it up");
        assert_eq!(parts("ครคร"), ["คร", "คร"]);
        let with_mark = |word: &str| word == "\u{0E34}คร" || index.contains(&word);
        assert_eq!(
            parts_of("\u{0E34}ครคร".to_owned(), with_mark),
            ["\u{0E34}คร", "คร"],
            "a mark first"
        );
    }

    #[test]
    fn a_run_typed_together_is_joined_into_the_longest_words_the_index_holds() {
        let pieces = |words: &[&str]| -> Vec<(usize, String)> {
            words.iter().enumerate().map(|(at, word)| (at, (*word).to_owned())).collect()
        };
        let index = ["สันติภาพ", "ผู้"];
        let indexed = |word: &str| index.contains(&word);
        let whole = |words: &[&str], typing| {
            whole_words(&pieces(words), typing, indexed).unwrap_or_default()
        };
        assert_eq!(whole(&["ผู้", "หญิง", "สันติ", "ภาพ"], false), ["ผู้", "หญิง", "สันติภาพ"]);
        assert_eq!(whole(&["ส", "มาคม"], false), ["สมาคม"], "a lone letter to the next");
        assert_eq!(whole(&["ชุม", "ชน", "ส"], false), ["ชุม", "ชนส"], "at the end, the one before");
        assert_eq!(whole(&["ชุม", "ชน", "ส"], true), ["ชุม", "ชน"], "a word being typed");
        assert_eq!(whole(&["ส"], true), ["ส"]);
        let many = ["ชุม"; MAX_RUN_WORDS + 1];
        assert_eq!(
            whole_words(&pieces(&many), false, indexed),
            None,
            "more words than a run holds"
        );
        // Joins are tried no longer than a word of the index can be: "ผู้" is 9 bytes of 80, so
        // a join of 8 is the longest.
        let looked_up = std::cell::Cell::new(0);
        let counted = |word: &str| {
            looked_up.set(looked_up.get() + 1);
            word.len() == 5 * "ผู้".len()
        };
        let words = whole_words(&pieces(&["ผู้"; 40]), false, counted);
        assert_eq!(words, Some(vec!["ผู้".repeat(5); 8]));
        assert!(looked_up.get() <= 8 * 7, "joins of 2 to 8 pieces from 8 starts: {looked_up:?}");
    }

    #[test]
    fn words_phrases_exclusions_and_or() {
        assert_eq!(
            words("women \"peace process\" -violence gbv OR trafficking"),
            vec![
                (vec!["women".to_owned()], false),
                (vec!["peace process".to_owned()], false),
                (vec!["violence".to_owned()], true),
                (vec!["gbv".to_owned(), "trafficking".to_owned()], false),
            ]
        );
    }

    #[test]
    fn the_last_word_is_a_prefix_while_typing() {
        let typing = parse("women pea").unwrap_or_default();
        assert!(typing[1].alternatives[0].prefix);
        let done = parse("women pea ").unwrap_or_default();
        assert!(!done[1].alternatives[0].prefix);
        assert!(!parse("\"women peace\"").unwrap_or_default()[0].alternatives[0].prefix);
    }

    #[test]
    fn a_last_letter_being_typed_beside_other_words_only_ranks() {
        let optional = |text: &str| {
            parse(text).unwrap_or_default().iter().map(|c| c.optional).collect::<Vec<_>>()
        };
        assert_eq!(optional("women c"), [false, true]);
        assert_eq!(optional("women c "), [false, false], "typed to its end");
        assert_eq!(optional("c"), [false], "the only word is what is sought");
        assert_eq!(optional("-women c"), [false, false], "nor beside exclusions alone");
        assert_eq!(optional("women peace OR c"), [false, false], "one of alternatives");
        assert_eq!(optional("women co"), [false, false], "a prefix");
        assert_eq!(optional("women C#"), [false, false], "a word typed whole");
        assert_eq!(optional("women e\u{301}"), [false, true], "one letter, however encoded");
    }

    #[test]
    fn a_phrase_being_typed_closes_at_the_end_and_its_last_word_is_being_typed() {
        let terms = |text: &str| -> Vec<(String, bool, bool)> {
            let clauses = parse(text).unwrap_or_default();
            clauses
                .into_iter()
                .flat_map(|c| c.alternatives)
                .map(|t| (t.text, t.phrase, t.prefix))
                .collect()
        };
        let term = |text: &str, phrase, prefix| (text.to_owned(), phrase, prefix);
        assert_eq!(terms("\"peace ke"), [term("peace", true, false), term("ke", false, true)]);
        assert_eq!(terms("\"peace keeping "), [term("peace keeping ", true, false)]);
        assert_eq!(terms("\"pea"), [term("pea", false, true)], "one word: a word being typed");
        assert_eq!(
            terms("women \"peace"),
            [term("women", false, false), term("peace", false, true)]
        );
        assert_eq!(
            terms("\"peace talks\" wom"),
            [term("peace talks", true, false), term("wom", false, true)]
        );
        assert_eq!(
            terms("women -\"peace ke"),
            [term("women", false, false), term("peace ke", true, false)]
        );
        assert_eq!(
            terms("women OR \"peace ke"),
            [term("women", false, false), term("peace ke", true, false)],
            "an alternative stays whole"
        );
        assert_eq!(terms("\""), Vec::new(), "nothing yet");
        assert_eq!(terms("\"truth OR"), [term("truth OR", true, false)], "no OR of its own");
        assert_eq!(
            terms("\"peace talks -war"),
            [term("peace talks", true, false), term("war", false, false)],
            "an exclusion after the words ends the phrase"
        );
        assert_eq!(words("\"peace talks -war")[1], (vec!["war".to_owned()], true));
    }

    #[test]
    fn malformed_queries_say_what_to_fix() {
        assert_eq!(parse(""), Err(QueryError::Empty));
        assert_eq!(parse("   "), Err(QueryError::Empty));
        assert_eq!(parse("OR peace"), Err(QueryError::DanglingOr));
        assert_eq!(parse("peace OR"), Err(QueryError::DanglingOr));
        assert_eq!(parse("-violence"), Err(QueryError::OnlyExclusions));
        assert_eq!(parse(&"a".repeat(501)), Err(QueryError::TooLong(501)));
        assert_eq!(parse(&"w ".repeat(40)), Err(QueryError::TooManyTerms));
    }

    #[test]
    fn an_en_dash_or_minus_sign_excludes_as_a_hyphen_does() {
        for query in ["women \u{2013}peace", "women \u{2212}peace", "women -peace"] {
            assert_eq!(
                words(query),
                vec![(vec!["women".to_owned()], false), (vec!["peace".to_owned()], true)],
                "{query}"
            );
        }
    }

    #[test]
    fn a_hyphen_inside_a_word_is_not_an_exclusion() {
        assert_eq!(words("climate-security"), vec![(vec!["climate-security".to_owned()], false)]);
        assert_eq!(
            words("peace - security"),
            vec![
                (vec!["peace".to_owned()], false),
                (vec!["-".to_owned()], false),
                (vec!["security".to_owned()], false)
            ]
        );
    }
}
