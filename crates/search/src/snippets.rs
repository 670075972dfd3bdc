//! Snippets: the passage of a hit that shows why it matched, with the matched words in `<mark>`.
//!
//! tantivy's snippet generator tokenizes the whole text it is given, and a statement can run
//! to 100 KB, which would make every search pay for segmenting ten whole documents. So the
//! generator is given a window around the first place a query word occurs as a whole word (or a
//! word being typed starts one it stands for, or a word has the English stem or Indonesian root
//! of one, or a phrase or a run of Thai words stands whole), found with a plain string search
//! (in a long text where none is, a word with diacritics that a word typed without them stands
//! for), and picks the best fragment within it. Where more of a query's different words stand
//! together further on than around that first match, the snippet shows them there instead. Words
//! matched with a typo or by prefix are marked as the indexed words they stood for, and words
//! matched by stem or root as well.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::ops::Range;

use memchr::memmem::Finder;
use praxis_core::fold::search_key;
use tantivy::query::FuzzyTermQuery;
use tantivy::schema::Field;
use tantivy::snippet::SnippetGenerator;
use tantivy::tokenizer::TextAnalyzer;
use tantivy::{Score, Searcher, TantivyError, Term};
use unicode_normalization::char::is_combining_mark;

use crate::analyzers::{
    MAX_TOKEN_BYTES, WORDS_FOLDED, as_indexed, diacritics_off, is_sea_script, is_zero_width,
    segment_all, segment_words,
};
use crate::fields::TextFields;
use crate::query::{Loose, Run, UserQuery, analyze};
use crate::stems::MatchedStems;
use crate::together::{Occurrence, densest, words_held};
use crate::writing::other_writings;

/// Characters in a snippet.
const SNIPPET_CHARS: usize = 220;
/// Texts up to this many bytes are analyzed whole when no query word is found in them as typed
/// (a forum post; not a 100 KB statement).
const ANALYZED_WHOLE: usize = 4096;
/// Most indexed words one typo away from a word that are marked.
const MAX_TYPO_VARIANTS: usize = 16;
/// Text taken around the first match: room for the best fragment around it, and no more, since
/// segmenting the window is most of what a snippet costs.
const AROUND_MATCH: Around = Around { before: 120, after: 360 };
/// Bytes of spaces and punctuation a phrase's words are looked for across, after each.
const PHRASE_GAP: usize = 16;
/// Characters shown before a phrase, or a run of several words of a script written without
/// spaces, where the snippet shows it (`Snippets::marked`).
const BEFORE_RUN: usize = 60;
/// Most characters a query's different words are looked for together within: what a snippet
/// shows after `BEFORE_RUN`.
const TOGETHER_CHARS: usize = SNIPPET_CHARS - BEFORE_RUN;

struct Snippets {
    generator: SnippetGenerator,
    /// For a query with words typed with their diacritics, which are also sought without them.
    folded: Option<Folded>,
    /// The query's words as indexed in this field, and the indexed words its typos stand for,
    /// in the forms they are written in, to find where a text matches.
    words: Vec<Finder<'static>>,
    /// Which of the query's clauses each of `words` is a form of (`Keys`).
    words_of: Vec<Option<usize>>,
    /// The query's words that a word with diacritics may stand for ("chan" for "chăn").
    plain: Plain,
    /// Prefixes being typed, in the same forms, found at the start of a word...
    prefixes: Vec<Finder<'static>>,
    /// ...that is one of the indexed words they stand for.
    completions: HashSet<String>,
    /// Which of the query's clauses each of `prefixes` is a form of (`Keys`).
    prefixes_of: Vec<Option<usize>>,
    /// How many of the query's clauses seek words of scripts written with spaces (`Keys`).
    different: usize,
    /// The English stems and Indonesian roots the query matched by, and what words that have
    /// them hold, in the forms they are written in.
    stems: Option<(MatchedStems, Vec<Finder<'static>>)>,
    /// The runs of an unspaced script sought (`UserQuery::runs`), each as its words written
    /// together...
    runs: Vec<String>,
    /// ...and those of several words, to find where they stand together...
    together: Vec<Finder<'static>>,
    /// ...and those of several words whose last is still being typed, with that word.
    typed_ends: Vec<(String, String)>,
    /// The words and phrases sought in scripts written with spaces, each as its words...
    spaced: Vec<Vec<String>>,
    /// ...and the first words of phrases, in the forms they are written in, to find where a
    /// phrase stands.
    phrase_starts: Vec<Finder<'static>>,
}

/// Each form without diacritics of a word typed with them, with the words as typed it comes
/// from, in the forms they are written in: where a passage holds one of those, the words that
/// only fold alike to it are not marked ("Cập" for "cấp"). And what a generator marking all the
/// words but those is made from.
struct Folded {
    forms: Vec<(String, Vec<Finder<'static>>)>,
    terms: BTreeMap<String, Score>,
    tokenizer: TextAnalyzer,
    field: Field,
}

impl Folded {
    /// A generator for `window` without the forms whose words as typed it holds, or `None` when
    /// it holds none of them.
    fn generator_for(&self, window: &str) -> Option<SnippetGenerator> {
        let unmarked: Vec<&str> = (self.forms.iter())
            .filter(|(_, typed)| first_whole_word(typed, window).is_some())
            .map(|(form, _)| form.as_str())
            .collect();
        if unmarked.is_empty() {
            return None;
        }
        let kept = self.terms.iter().filter(|(word, _)| !unmarked.contains(&word.as_str()));
        let kept = kept.map(|(word, score)| (word.clone(), *score)).collect();
        Some(SnippetGenerator::new(kept, self.tokenizer.clone(), self.field, SNIPPET_CHARS))
    }
}

/// The query's words as a word with diacritics may stand for them: those typed without any
/// ("chan" for "chăn") and those folded from words typed with them, all a query's words with
/// none.
struct Plain {
    words: HashSet<String>,
    /// Their lengths and first letters, which most words of a text do not share.
    lengths: HashSet<usize>,
    initials: HashSet<char>,
    /// Made only once a text's word shares one's length and first letter, which most searches
    /// never need.
    diacritics_off: Option<TextAnalyzer>,
}

impl Plain {
    fn new(ascii: impl Iterator<Item = String>) -> Self {
        let all: HashSet<String> = ascii.collect();
        // One or two letters ("o" for "ở", "in", "at") stand too often to say where a text
        // matched, where a longer word was sought too.
        let longer: HashSet<String> = all.iter().filter(|word| word.len() > 2).cloned().collect();
        let words = if longer.is_empty() { all } else { longer };
        Self {
            lengths: words.iter().map(String::len).collect(),
            initials: words.iter().filter_map(|word| word.chars().next()).collect(),
            words,
            diacritics_off: None,
        }
    }

    /// Whether `word`, with diacritics, is one of `words` without them.
    fn stands_for(&mut self, word: &str) -> bool {
        if word.is_ascii()
            || !initial(word).is_some_and(|initial| self.initials.contains(&initial))
            || !self.lengths.contains(&word.chars().count())
        {
            return false;
        }
        let diacritics_off = self.diacritics_off.get_or_insert_with(diacritics_off);
        let mut stream = diacritics_off.token_stream(word);
        stream.advance() && self.words.contains(&stream.token().text.to_lowercase())
    }
}

/// A form of one of the query's words (`Snippets::forms`).
enum Form<'s> {
    /// Found where it stands as a whole word.
    Whole(&'s Finder<'static>),
    /// A prefix being typed, found where it starts a word it stands for.
    Typed(&'s Finder<'static>),
}

impl Form<'_> {
    /// Its length in bytes.
    fn len(&self) -> usize {
        match self {
            Self::Whole(finder) | Self::Typed(finder) => finder.needle().len(),
        }
    }
}

/// `forms` that are forms of one of the query's words (`Keys`), with the word.
fn keyed<'s>(
    forms: &'s [Finder<'static>],
    words: &'s [Option<usize>],
) -> impl Iterator<Item = (&'s Finder<'static>, usize)> {
    (forms.iter().zip(words)).filter_map(|(form, word)| Some((form, (*word)?)))
}

/// The clauses of the query that seek words of scripts written with spaces, numbered in the
/// order they are met: a passage shows as many of the words sought as it holds of these. The
/// forms of a word (its case forms, its form without diacritics the index also holds, "hoa" of
/// "hòa", the words one typo from it, the spellings of it being typed, "organiz" of "organis")
/// and the alternatives of an OR are one. A word of a script written without spaces is left
/// out: found by string search, it is as often part of another word (ผู้ of ผู้นำ, "leader") as
/// itself.
struct Keys<'q> {
    clause_of: &'q HashMap<String, usize>,
    clauses: Vec<usize>,
}

impl<'q> Keys<'q> {
    fn new(query: &'q UserQuery) -> Self {
        Self { clause_of: &query.clause_of, clauses: Vec::new() }
    }

    /// `forms`, each with the number of the clause of `word`, which they are forms of.
    fn forms(
        &mut self,
        word: &str,
        forms: impl IntoIterator<Item = String>,
    ) -> impl Iterator<Item = (String, Option<usize>)> {
        let key = self.of(word);
        forms.into_iter().map(move |form| (form, key))
    }

    fn of(&mut self, word: &str) -> Option<usize> {
        if word.chars().next().is_none_or(is_sea_script) {
            return None;
        }
        let clause = *self.clause_of.get(word)?;
        let known = self.clauses.iter().position(|&numbered| numbered == clause);
        Some(known.unwrap_or_else(|| {
            self.clauses.push(clause);
            self.clauses.len() - 1
        }))
    }
}

impl Snippets {
    fn new(searcher: &Searcher, query: &UserQuery, text: TextFields) -> Result<Self, TantivyError> {
        let field = text.words;
        let mut indexed: BTreeSet<&Term> = BTreeSet::new();
        let mut stemmed: BTreeSet<&Term> = BTreeSet::new();
        for term in &query.sought {
            if term.field() == field {
                indexed.insert(term);
            } else if term.field() == text.english || term.field() == text.indonesian {
                stemmed.insert(term);
            }
        }
        let folded = folded_forms(searcher, &indexed);
        let plain = Plain::new(indexed.iter().filter_map(|term| {
            term.value().as_str().filter(|word| word.is_ascii()).map(str::to_owned)
        }));
        // Scored as tantivy's own generator does: the rarer a word, the better a fragment with it.
        let mut terms: BTreeMap<String, Score> = BTreeMap::new();
        let mut keys = Keys::new(query);
        let mut words: Vec<(String, Option<usize>)> = Vec::new();
        for term in indexed {
            let value = term.value();
            let Some(text) = value.as_str() else { continue };
            words.extend(keys.forms(text, written_variants(text)));
            let doc_freq = searcher.doc_freq(term)?;
            if doc_freq > 0 {
                terms.insert(text.to_owned(), rarity(doc_freq));
            }
        }
        let mut prefixes: Vec<(String, Option<usize>)> = Vec::new();
        let mut completions = HashSet::new();
        for loose in query.loose.iter().filter(|loose| loose.field() == field) {
            match loose {
                Loose::Typo { query, word } => {
                    let variants = typo_variants(searcher, field, query)?;
                    if let Some(typed) = word.value().as_str() {
                        let forms = variants.keys().flat_map(|word| written_variants(word));
                        words.extend(keys.forms(typed, forms));
                    }
                    terms.extend(variants.into_iter().map(|(word, n)| (word, rarity(n))));
                }
                Loose::Prefix { word, completions: found, typed } => {
                    let value = word.value();
                    let Some(text) = value.as_str() else { continue };
                    prefixes.extend(keys.forms(typed, written_variants(text)));
                    completions.extend(found.keys().cloned());
                    terms.extend(found.iter().map(|(word, &n)| (word.clone(), rarity(n))));
                }
            }
        }
        words.sort();
        words.dedup_by(|a, b| a.0 == b.0);
        // Lowercase first: the form most likely to come early, after which the other forms are
        // only looked for before it.
        words.sort_by_key(|(w, _)| w.chars().any(char::is_uppercase));
        let (words, words_of): (Vec<String>, Vec<Option<usize>>) = words.into_iter().unzip();
        prefixes.sort();
        prefixes.dedup_by(|a, b| a.0 == b.0);
        let (prefixes, prefixes_of): (Vec<String>, Vec<Option<usize>>) =
            prefixes.into_iter().unzip();
        let stemmed: Vec<(String, &Term)> = stemmed
            .into_iter()
            .filter_map(|term| Some((term.value().as_str()?.to_owned(), term)))
            .collect();
        let of = |analysis: Field| {
            stemmed.iter().filter(move |(_, t)| t.field() == analysis).map(|(s, _)| s.as_str())
        };
        let (tokenizer, stems) = match MatchedStems::new(of(text.english), of(text.indonesian)) {
            Some(stems) => {
                for (stem, term) in &stemmed {
                    let doc_freq = searcher.doc_freq(term)?;
                    terms.entry(stem.clone()).or_insert(rarity(doc_freq));
                }
                let needles: Vec<String> = stems.needles().flat_map(case_variants).collect();
                (stems.clone().words_analyzer(), Some((stems, finders(&needles))))
            }
            None => (searcher.index().tokenizer_for_field(field)?, None),
        };
        let folded = (!folded.is_empty()).then(|| Folded {
            forms: (folded.into_iter())
                .map(|(form, typed)| {
                    let typed: Vec<String> =
                        typed.iter().flat_map(|word| written_variants(word)).collect();
                    (form, finders(&typed))
                })
                .collect(),
            terms: terms.clone(),
            tokenizer: tokenizer.clone(),
            field,
        });
        let generator = SnippetGenerator::new(terms, tokenizer, field, SNIPPET_CHARS);
        let (spaced, unspaced): (Vec<&Run>, Vec<&Run>) =
            query.runs.iter().partition(|run| run.spaced);
        let runs: Vec<String> = unspaced.iter().map(|run| run.words.concat()).collect();
        let together = (runs.iter().zip(&unspaced))
            .filter_map(|(joined, run)| (run.words.len() > 1).then_some(joined));
        let typed_ends = (runs.iter().zip(&unspaced))
            .filter(|(_, run)| run.typing && run.words.len() > 1)
            .filter_map(|(joined, run)| Some((joined.clone(), run.words.last()?.clone())))
            .collect();
        let spaced: Vec<Vec<String>> = spaced.into_iter().map(|run| run.words.clone()).collect();
        let mut phrase_starts: Vec<String> = (spaced.iter())
            .filter(|words| words.len() > 1)
            .flat_map(|words| written_variants(&words[0]))
            .collect();
        phrase_starts.sort();
        phrase_starts.dedup();
        Ok(Self {
            generator,
            folded,
            words: finders(&words),
            words_of,
            prefixes: finders(&prefixes),
            prefixes_of,
            different: keys.clauses.len(),
            completions,
            stems,
            together: finders(&together.collect::<Vec<_>>()),
            typed_ends,
            plain,
            runs,
            phrase_starts: finders(&phrase_starts),
            spaced,
        })
    }

    /// Where a run of several words of an unspaced script, or a phrase, first stands whole in
    /// `text`.
    fn first_together(&self, text: &str) -> Option<Range<usize>> {
        let run = earliest(&self.together, text, |run, searched| {
            run.find(searched).map(|at| at..at + run.needle().len())
        });
        let phrase = earliest(&self.phrase_starts, text, |start, searched| {
            let first = as_indexed(&String::from_utf8_lossy(start.needle()));
            let phrases = self.spaced.iter().filter(|words| words.len() > 1 && words[0] == first);
            let phrases: Vec<&[String]> = phrases.map(|words| &words[1..]).collect();
            let length = start.needle().len();
            start.find_iter(searched).map(|at| at..at + length).find_map(|word| {
                if !is_whole_word(text, word.clone()) {
                    return None;
                }
                let end = phrases.iter().find_map(|rest| phrase_end(text, word.end, rest))?;
                Some(word.start..end)
            })
        });
        earlier(run, phrase)
    }

    /// Where more of the query's different words stand together than in the passage that starts
    /// at `first`, the text's first match: the first place that holds the most of them.
    fn where_together(&self, text: &str, first: &Range<usize>) -> Option<Range<usize>> {
        if self.different < 2 {
            return None;
        }
        // As many bytes as TOGETHER_CHARS characters of the text take there.
        let after = text[first.start..].char_indices().nth(TOGETHER_CHARS);
        let near = first.start..after.map_or(text.len(), |(at, _)| first.start + at);
        let span = near.len();
        let near = self.occurrences(text, near);
        let held = words_held(&near, self.different);
        // The first match is one of the words, if only by its stem ("clinics" for "clinic").
        let by_stem = !near.iter().any(|found| found.range.start == first.start);
        let held_near = held.iter().filter(|held| **held).count();
        let holds = held_near + usize::from(by_stem);
        // Where each word the passage lacks first stands. Often none does (a word only in the
        // title, or found by its stem), and then no other place holds more.
        let mut firsts: Vec<Option<usize>> = vec![None; self.different];
        for (word, form) in self.forms().filter(|(word, _)| !held[*word]) {
            // Only before the word's first place so far, as `earliest` looks for a needle.
            let until = firsts[word].map_or(text.len(), |at| (at + form.len()).min(text.len()));
            if let Some(found) = self.found(&form, text, first.start..until).next() {
                firsts[word] = Some(firsts[word].map_or(found.start, |at| at.min(found.start)));
            }
        }
        let soonest = firsts.iter().flatten().min().copied()?;
        let reachable = held_near + firsts.iter().flatten().count();
        // A place holding more holds one of those; the text is read from a span before the
        // soonest, three times as far each time, until a place holds every word it can and the
        // shorter places overlapping it (`densest`) have been read too.
        let from = soonest.saturating_sub(span).max(first.start);
        let mut to = (soonest + span).min(text.len());
        loop {
            let (together, most) =
                densest(&self.occurrences(text, from..to), span, self.different)?;
            if (most == reachable && to >= together.end + span) || to == text.len() {
                return (most > holds).then_some(together);
            }
            to = (to + 2 * (to - from)).min(text.len());
        }
    }

    /// Each place within `range` of `text` where one of the query's words, or a completion of one
    /// being typed, stands whole, in the order they occur.
    fn occurrences(&self, text: &str, range: Range<usize>) -> Vec<Occurrence> {
        let mut found: Vec<Occurrence> = (self.forms())
            .flat_map(|(word, form)| {
                let found = self.found(&form, text, range.clone());
                found.map(move |range| Occurrence { range, word })
            })
            .collect();
        found.sort_by_key(|occurrence| occurrence.range.start);
        found
    }

    /// Each form of the query's words (`Keys`), with the word it is.
    fn forms(&self) -> impl Iterator<Item = (usize, Form<'_>)> {
        let words =
            keyed(&self.words, &self.words_of).map(|(form, word)| (word, Form::Whole(form)));
        let prefixes = keyed(&self.prefixes, &self.prefixes_of);
        words.chain(prefixes.map(|(prefix, word)| (word, Form::Typed(prefix))))
    }

    /// Where `form` stands within `range` of `text`, in order.
    fn found<'s>(
        &'s self,
        form: &Form<'s>,
        text: &'s str,
        range: Range<usize>,
    ) -> Box<dyn Iterator<Item = Range<usize>> + 's> {
        match *form {
            Form::Whole(word) => Box::new(whole_words(word, text, range)),
            Form::Typed(prefix) => {
                let starts = prefix.find_iter(&text.as_bytes()[range.clone()]);
                let length = prefix.needle().len();
                Box::new(starts.filter_map(move |at| {
                    completion_at(text, range.start + at, length, |word| {
                        self.completions.contains(&as_indexed(word))
                    })
                }))
            }
        }
    }

    /// The marked-up passage of `text` around its first match, or `None` when nothing of it can
    /// be marked (it matched by pairs of letters the text holds parted, or only in its title).
    fn marked(&mut self, text: &str) -> Option<String> {
        // A run of several words is shown where they stand together, if they do anywhere: on its
        // own, a word of it is often part of others (ผู้ of ผู้หญิง starts ผู้นำ, "leader", and
        // ผู้คน, "people"), and the first of those would be taken for the match. The window is
        // then one fragment long, so that tantivy cannot pick another fragment for holding more
        // such parts. (Where the text is segmented so that none of them is a word there, the
        // first match elsewhere is shown instead.) So is a phrase: the first "and" of the text
        // would be taken for the match of "women, peace and security".
        if let Some(run) = self.first_together(text) {
            let window = run_window(text, run);
            if let Some(snippet) = self.snippet_in(text, window, window.len()) {
                return Some(snippet);
            }
        }
        let whole = first_whole_word(&self.words, text);
        // Only a completion or a word with a stem before the first match so far is of use; words
        // do not overlap, so one that starts before it ends before it too.
        let before = |first: &Option<Range<usize>>| first.as_ref().map_or(text, |w| &text[..w.end]);
        let completions = &self.completions;
        let completed = first_completion(&self.prefixes, before(&whole), |word| {
            completions.contains(&as_indexed(word))
        });
        let first = earlier(whole, completed);
        let stemmed = self.stems.as_mut().and_then(|(stems, needles)| {
            first_word_holding(needles, before(&first), |word| {
                stems.stem_of(&word.to_lowercase()).is_some()
            })
        });
        let first = earlier(first, stemmed);
        // "lambda clinic": the first "clinic" of a long report may be pages before the two words
        // stand together.
        if let Some(together) = first.as_ref().and_then(|first| self.where_together(text, first)) {
            let window = run_window(text, together);
            if let Some(snippet) = self.snippet_in(text, window, window.len()) {
                return Some(snippet);
            }
        }
        // A word typed without diacritics ("chan") also matches words with them ("chăn",
        // "blanket"): in a long text, they are looked for word by word; a short one is given
        // whole to the field's own analysis below.
        let first = first.or_else(|| {
            (text.len() > ANALYZED_WHOLE).then(|| self.first_without_diacritics(text)).flatten()
        });
        let window = match first {
            Some(first) => {
                let match_bytes_per_char = bytes_per_char(&text[first.clone()]).ceil() as usize;
                window(text, first, match_bytes_per_char, AROUND_MATCH)
            }
            // Not found as typed, it may have matched without its accents ("hoa giai" for "hòa
            // giải"), which only the field's own analysis shows: affordable for a short text.
            None if text.len() <= ANALYZED_WHOLE => text,
            None => return self.runs_inside_words(text),
        };
        // tantivy measures a fragment in bytes: as many as SNIPPET_CHARS characters of this text
        // take, so that a Thai snippet is as long to read as an English one.
        let bytes = (SNIPPET_CHARS as f64 * bytes_per_char(window)).round() as usize;
        self.snippet_in(text, window, bytes).or_else(|| self.runs_inside_words(text))
    }

    /// Where the first word of `text` that has diacritics is one of the query's words typed
    /// without them (`plain`).
    fn first_without_diacritics(&mut self, text: &str) -> Option<Range<usize>> {
        // Nothing to take off: an English text, where a query word found nothing as typed.
        if self.plain.words.is_empty() || text.is_ascii() {
            return None;
        }
        let mut at = 0;
        while let Some(start) = text[at..].find(joins).map(|start| at + start) {
            let length = text[start..].find(|c: char| !joins(c)).unwrap_or(text.len() - start);
            at = start + length;
            if self.plain.stands_for(&text[start..at]) {
                return Some(start..at);
            }
        }
        None
    }

    /// The passage around the first run of an unspaced script that `text` holds inside other
    /// words, with each such run in it marked. The text was then found by the run's pairs of
    /// letters, which tantivy's snippets do not mark: ภาพ ("picture") inside สันติภาพ ("peace"),
    /// which the text's segmentation holds whole.
    fn runs_inside_words(&self, text: &str) -> Option<String> {
        let found = |within: &str| -> Vec<Range<usize>> {
            self.runs.iter().flat_map(|run| run_occurrences(within, run)).collect()
        };
        let first = found(text).into_iter().min_by_key(|run| run.start)?;
        let passage = run_window(text, first);
        let html = marked_html(passage, &joined_marks(passage, found(passage)));
        let offset = passage.as_ptr() as usize - text.as_ptr() as usize;
        Some(elided(text, offset..offset + passage.len(), html.trim()))
    }

    /// The marked-up passage of at most `bytes` that tantivy picks in `window`, a slice of `text`.
    fn snippet_in(&mut self, text: &str, window: &str, bytes: usize) -> Option<String> {
        let mut without = self.folded.as_ref().and_then(|folded| folded.generator_for(window));
        let generator = without.as_mut().unwrap_or(&mut self.generator);
        generator.set_max_num_chars(bytes);
        let snippet = generator.snippet(window);
        if snippet.highlighted().is_empty() {
            return None;
        }
        // tantivy marks the words of the fragment's segmentation that were sought; a run of an
        // unspaced script is marked where it stands whatever words the text was cut into there
        // (กรุงเทพมหานคร, Bangkok, is กรุง, เทพมหาน and คร in one sentence, and กรุง and
        // เทพมหานคร in another).
        let fragment = snippet.fragment();
        let runs = self.runs.iter().flat_map(|run| run_occurrences(fragment, run));
        let mut marks = joined_marks(fragment, snippet.highlighted().iter().cloned().chain(runs));
        runs_marked_whole(fragment, &mut marks, &self.runs, &self.typed_ends);
        phrases_marked_whole(fragment, &mut marks, &self.spaced);
        let html = marked_html(fragment, &marks);
        // Where the fragment lies in the whole text: the window is a slice of it.
        let offset = window.as_ptr() as usize - text.as_ptr() as usize;
        let fragment = snippet.fragment_range();
        Some(elided(text, offset + fragment.start..offset + fragment.end, html.trim()))
    }
}

/// The words of `sought` that are only another's form without its diacritics ("cap", sought for
/// "cấp"), each with the words it is the form of.
fn folded_forms(searcher: &Searcher, sought: &BTreeSet<&Term>) -> Vec<(String, Vec<String>)> {
    let texts: HashSet<String> =
        sought.iter().filter_map(|term| term.value().as_str().map(str::to_owned)).collect();
    let tokenizers = searcher.index().tokenizers();
    let mut folded: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for text in &texts {
        // One word in, one out: a Thai word is segmented again by the analysis, into words that
        // are no form of it.
        if let [(_, form)] = analyze(tokenizers, WORDS_FOLDED, text).as_slice()
            && form != text
            && texts.contains(form)
        {
            folded.entry(form.clone()).or_default().push(text.clone());
        }
    }
    folded.into_iter().collect()
}

/// `marks` over `text`, in order, those that overlap, touch, or that only zero-width characters
/// part joined into one: Thai, Khmer, Lao and Burmese are written without spaces, so a word
/// such as ผู้หญิง is indexed as the segments ผู้ and หญิง, and tantivy marks each on its own; a
/// reader (and a screen reader) would see the word broken in two.
fn joined_marks(text: &str, marks: impl IntoIterator<Item = Range<usize>>) -> Vec<Range<usize>> {
    let mut marks: Vec<Range<usize>> = marks.into_iter().collect();
    marks.sort_by_key(|mark| mark.start);
    let mut joined: Vec<Range<usize>> = Vec::with_capacity(marks.len());
    for mark in marks {
        match joined.last_mut() {
            Some(last)
                if text
                    .get(last.end..mark.start)
                    .is_none_or(|between| between.chars().all(is_zero_width)) =>
            {
                last.end = last.end.max(mark.end);
            }
            _ => joined.push(mark),
        }
    }
    joined
}

/// `text` HTML-escaped, with `marks` (in order, apart) in `<mark>`.
fn marked_html(text: &str, marks: &[Range<usize>]) -> String {
    let mut html = String::with_capacity(text.len() + marks.len() * 13);
    let mut at = 0;
    for mark in marks {
        html.push_str(&htmlescape::encode_minimal(&text[at..mark.start]));
        html.push_str("<mark>");
        html.push_str(&htmlescape::encode_minimal(&text[mark.clone()]));
        html.push_str("</mark>");
        at = mark.end;
    }
    html.push_str(&htmlescape::encode_minimal(&text[at..]));
    html
}

/// Where `run`, of a script written without spaces, stands in `text`, zero-width characters
/// inside it aside: some editors part Thai words with them (สันติ\u{200B}ภาพ).
fn run_occurrences(text: &str, run: &str) -> Vec<Range<usize>> {
    let found: Vec<Range<usize>> = if !text.contains(is_zero_width) {
        text.match_indices(run).map(|(at, _)| at..at + run.len()).collect()
    } else {
        // The text without them, and where each of its bytes is in the text.
        let mut without = String::with_capacity(text.len());
        let mut origin: Vec<usize> = Vec::with_capacity(text.len());
        for (at, c) in text.char_indices().filter(|&(_, c)| !is_zero_width(c)) {
            without.push(c);
            origin.extend(at..at + c.len_utf8());
        }
        let found = without.match_indices(run);
        found.map(|(at, _)| origin[at]..origin[at + run.len() - 1] + 1).collect()
    };
    found.into_iter().filter(|run| !inside_syllable(text, run.clone())).collect()
}

/// Whether `range` of `text` starts or ends inside a syllable: after a vowel written before its
/// consonant (เ, แ, โ, ใ, ไ in Thai and Lao), or before a vowel or tone mark written over or
/// under a letter. สาม ("three") is no part of สามี ("husband") to mark: a mark there would
/// cut a letter from its vowel.
fn inside_syllable(text: &str, range: Range<usize>) -> bool {
    let before = text[..range.start].chars().rev().find(|&c| !is_zero_width(c));
    let after = text[range.end..].chars().find(|&c| !is_zero_width(c));
    before.is_some_and(|c| matches!(c, '\u{0E40}'..='\u{0E44}' | '\u{0EC0}'..='\u{0EC4}'))
        || after.is_some_and(is_combining_mark)
}

/// Where a passage marks a run of an unspaced script whole, its words marked elsewhere on their
/// own are unmarked: searching ผู้หญิง ("woman"), sought as ผู้ and หญิง, tantivy marks ผู้ in
/// ผู้สูงอายุ ("the elderly") too, which is not what was sought there. A word stays marked where
/// it is itself a sought run, or a word of one the passage holds only apart, as it is then why
/// the text matched. And the word still being typed at the end of a run the passage shows whole
/// (`typed_ends`) was typed there: the words it may be on its way to are not marked elsewhere
/// (the คร of กรุงเทพมหานคร, Bangkok, is not on its way to ครอบครัว, "family", there).
fn runs_marked_whole(
    text: &str,
    marks: &mut Vec<Range<usize>>,
    runs: &[String],
    typed_ends: &[(String, String)],
) {
    let marked = |mark: &Range<usize>| &text[mark.clone()];
    // A mark over a word that a zero-width space parts (`joined_marks`) holds it whole.
    let shown: Vec<String> =
        marks.iter().map(|mark| marked(mark).replace(is_zero_width, "")).collect();
    let (whole, apart): (Vec<&str>, Vec<&str>) = (runs.iter().map(String::as_str))
        .partition(|run| shown.iter().any(|text| text.contains(run)));
    if whole.is_empty() {
        return;
    }
    let part_of = |runs: &[&str], text: &str| {
        runs.iter().any(|run| run.len() > text.len() && run.contains(text))
    };
    let typed_there = |text: &str| {
        (typed_ends.iter())
            .any(|(run, last)| whole.contains(&run.as_str()) && text.starts_with(last))
    };
    // A mark that holds a sought run is never a stray, whatever touches it.
    let stray = |text: &str, shown: &str| {
        !runs.iter().any(|run| shown.contains(run.as_str()))
            && !part_of(&apart, text)
            && (part_of(&whole, text) || typed_there(text))
    };
    let mut shown = shown.iter();
    marks.retain(|mark| !shown.next().is_some_and(|shown| stray(marked(mark), shown)));
}

/// Where a phrase's `rest` of words ends, if they are the words that follow `at` in `text`, as
/// the index's analysis cuts and writes them ("women's" is one word, "Women" is "women").
fn phrase_end(text: &str, at: usize, rest: &[String]) -> Option<usize> {
    // Most places the first word stands are not the phrase's: the next word's first letter,
    // without diacritics (a word is written one way: "òa" for "oà"), tells before the costlier
    // segmenting.
    let next = text[at..].trim_start_matches(|c: char| !joins(c) && !is_sea_script(c));
    if initial(next) != initial(&rest[0]) {
        return None;
    }
    // A stretch long enough to hold them and what parts them, ending where a word does (or a
    // word's length on).
    let room = rest.iter().map(|word| word.len() + PHRASE_GAP).sum::<usize>();
    let stretch = &text[at..];
    let end = (stretch.char_indices())
        .find(|&(i, c)| i >= room && (c.is_whitespace() || i >= room + MAX_TOKEN_BYTES))
        .map_or(stretch.len(), |(i, _)| i);
    let words = segment_words(&stretch[..end]);
    if words.len() < rest.len() {
        return None;
    }
    for ((offset, found), word) in words.iter().zip(rest) {
        if *offset == 0 || as_indexed(found) != *word {
            return None;
        }
    }
    let (offset, last) = words[rest.len() - 1];
    Some(at + offset + last.len())
}

/// Where a passage marks a phrase whole, its words marked elsewhere on their own are unmarked:
/// for "women, peace and security", tantivy marks every "and" of the passage, which is not what
/// was sought there. A word stays marked where it is itself sought alone, or a word of a phrase
/// the passage does not hold whole (the text then matched it in a way the passage does not
/// show, as without its diacritics).
fn phrases_marked_whole(text: &str, marks: &mut Vec<Range<usize>>, spaced: &[Vec<String>]) {
    if !spaced.iter().any(|words| words.len() > 1) {
        return;
    }
    // As the index writes them: "Women’s" is "women's".
    let words: Vec<String> = marks.iter().map(|mark| as_indexed(&text[mark.clone()])).collect();
    // Marks that only spaces and punctuation part.
    let adjoining = |at: usize| !text[marks[at].end..marks[at + 1].start].contains(joins);
    let mut in_whole = vec![false; marks.len()];
    let mut whole: Vec<&[String]> = Vec::new();
    let mut apart: Vec<&[String]> = Vec::new();
    for phrase in spaced.iter().filter(|words| words.len() > 1) {
        let mut found = false;
        for start in 0..marks.len().saturating_sub(phrase.len() - 1) {
            let end = start + phrase.len();
            if words[start..end] == phrase[..] && (start..end - 1).all(adjoining) {
                in_whole[start..end].fill(true);
                found = true;
            }
        }
        if found { whole.push(phrase) } else { apart.push(phrase) }
    }
    let holds = |phrases: &[&[String]], word: &String| phrases.iter().any(|p| p.contains(word));
    let alone =
        |word: &String| spaced.iter().any(|words| matches!(&words[..], [one] if one == word));
    let kept: Vec<bool> = (words.iter().zip(&in_whole))
        .map(|(word, &in_whole)| {
            in_whole || !holds(&whole, word) || holds(&apart, word) || alone(word)
        })
        .collect();
    let mut kept = kept.into_iter();
    marks.retain(|_| kept.next().unwrap_or(true));
}

/// Whichever match starts first.
fn earlier(a: Option<Range<usize>>, b: Option<Range<usize>>) -> Option<Range<usize>> {
    match (a, b) {
        (Some(a), Some(b)) => Some(if b.start < a.start { b } else { a }),
        (a, b) => a.or(b),
    }
}

/// The snippets of a page of hits: from a hit's text, else from its title, else the text's
/// opening.
pub struct PageSnippets<'a> {
    searcher: &'a Searcher,
    query: &'a UserQuery,
    title: TextFields,
    bodies: Snippets,
    /// Made only for a hit whose text does not show the words, which most never need.
    titles: Option<Snippets>,
}

impl<'a> PageSnippets<'a> {
    pub fn new(
        searcher: &'a Searcher,
        query: &'a UserQuery,
        title: TextFields,
        body: TextFields,
    ) -> Result<Self, TantivyError> {
        let bodies = Snippets::new(searcher, query, body)?;
        Ok(Self { searcher, query, title, bodies, titles: None })
    }

    pub fn of(&mut self, title: &str, body: &str) -> Result<String, TantivyError> {
        if let Some(snippet) = self.bodies.marked(body) {
            return Ok(snippet);
        }
        let titles = match &mut self.titles {
            Some(titles) => titles,
            None => self.titles.insert(Snippets::new(self.searcher, self.query, self.title)?),
        };
        Ok(titles.marked(title).unwrap_or_else(|| opening(body)))
    }
}

/// Adds a segment's documents holding the indexed word `key` to its count.
pub(crate) fn count_word(found: &mut BTreeMap<String, u64>, key: &[u8], doc_freq: u32) {
    if let Ok(word) = std::str::from_utf8(key) {
        *found.entry(word.to_owned()).or_default() += u64::from(doc_freq);
    }
}

fn rarity(doc_freq: u64) -> Score {
    1.0 / (1.0 + doc_freq as Score)
}

/// The indexed words of `field` one typo away from the word of `query`, with how many documents
/// hold each.
fn typo_variants(
    searcher: &Searcher,
    field: Field,
    query: &FuzzyTermQuery,
) -> Result<BTreeMap<String, u64>, TantivyError> {
    let mut found = BTreeMap::new();
    for segment in searcher.segment_readers() {
        let index = segment.inverted_index(field)?;
        let mut stream = index.terms().search(query.automaton()?).into_stream()?;
        while stream.advance() && found.len() < MAX_TYPO_VARIANTS {
            count_word(&mut found, stream.key(), stream.value().doc_freq);
        }
    }
    Ok(found)
}

fn finders(words: &[impl AsRef<str>]) -> Vec<Finder<'static>> {
    words.iter().map(|w| Finder::new(w.as_ref()).into_owned()).collect()
}

/// The earliest match any of `needles` gives in `text`, where `first_of` gives a needle's first
/// match in the part of the text it is given.
///
/// Each needle is looked for on its own, in the part of the text before the best match so far.
/// A search for one needle skips ahead on its rarest bytes; a search for all of them at once
/// (Aho-Corasick) stopped at every common start such as the "gen" of "General Assembly", and was
/// ten times slower on the UN statements.
fn earliest(
    needles: &[Finder<'_>],
    text: &str,
    mut first_of: impl FnMut(&Finder<'_>, &[u8]) -> Option<Range<usize>>,
) -> Option<Range<usize>> {
    let mut first: Option<Range<usize>> = None;
    for needle in needles {
        // A match must start before the best one so far.
        let searched = first
            .as_ref()
            .map_or(text.len(), |f| (f.start + needle.needle().len()).min(text.len()));
        let found = first_of(needle, &text.as_bytes()[..searched]);
        if let Some(range) = found.filter(|r| first.as_ref().is_none_or(|f| r.start < f.start)) {
            first = Some(range);
        }
    }
    first
}

/// Where the first of `words` occurs in `text` as a whole word.
fn first_whole_word(words: &[Finder<'_>], text: &str) -> Option<Range<usize>> {
    earliest(words, text, |word, searched| whole_words(word, text, 0..searched.len()).next())
}

/// Where `word` occurs as a whole word within `range` of `text`, in order.
fn whole_words<'a>(
    word: &'a Finder<'_>,
    text: &'a str,
    range: Range<usize>,
) -> impl Iterator<Item = Range<usize>> + 'a {
    let length = word.needle().len();
    (word.find_iter(&text.as_bytes()[range.clone()]))
        .map(move |at| range.start + at..range.start + at + length)
        .filter(|found| is_whole_word(text, found.clone()))
}

/// Where one of `prefixes` first starts a word of `text` that `stands_for` accepts. Scripts
/// written without spaces show no word's end, so there the prefix alone is taken.
fn first_completion(
    prefixes: &[Finder<'_>],
    text: &str,
    mut stands_for: impl FnMut(&str) -> bool,
) -> Option<Range<usize>> {
    earliest(prefixes, text, |prefix, searched| {
        let length = prefix.needle().len();
        (prefix.find_iter(searched))
            .find_map(|start| completion_at(text, start, length, &mut stands_for))
    })
}

/// The word of `text` that a prefix `length` bytes long found at `start` begins, if it begins one
/// and `stands_for` accepts it. Scripts written without spaces show no word's end, so there the
/// prefix alone is taken.
fn completion_at(
    text: &str,
    start: usize,
    length: usize,
    stands_for: impl FnOnce(&str) -> bool,
) -> Option<Range<usize>> {
    if text[..start].chars().next_back().is_some_and(joins) {
        return None;
    }
    let rest = &text[start..];
    if rest.chars().next().is_some_and(is_sea_script) {
        return Some(start..start + length);
    }
    let end = rest.find(|c: char| !joins(c)).unwrap_or(rest.len());
    stands_for(&rest[..end]).then(|| start..start + end)
}

/// Where the first word of `text` that holds one of `needles`, anywhere in it, and that
/// `stands_for` accepts is.
fn first_word_holding(
    needles: &[Finder<'_>],
    text: &str,
    mut stands_for: impl FnMut(&str) -> bool,
) -> Option<Range<usize>> {
    earliest(needles, text, |needle, searched| {
        needle.find_iter(searched).find_map(|at| {
            let start = text[..at].trim_end_matches(joins).len();
            let end = text[at..].find(|c: char| !joins(c)).map_or(text.len(), |i| at + i);
            stands_for(&text[start..end]).then_some(start..end)
        })
    })
}

/// The case variants of a word as indexed and of the other ways texts write it ("hoà" for
/// "hòa", `other_writings`).
fn written_variants(word: &str) -> Vec<String> {
    let writings = std::iter::once(word.to_owned()).chain(other_writings(word));
    writings.flat_map(|writing| case_variants(&writing)).collect()
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
    let before = text[..range.start].chars().next_back();
    let after = text[range.end..].chars().next();
    !before.is_some_and(joins) && !after.is_some_and(joins)
}

/// Whether `c` continues a word written with spaces between words.
fn joins(c: char) -> bool {
    c.is_alphanumeric() && !is_sea_script(c)
}

/// Whether `c` continues a word, a hyphenated one ("peace-keeping") included: where a window
/// around a match is cut, so that no snippet opens on "-keeping".
fn joins_hyphenated(c: char) -> bool {
    joins(c) || HYPHENS.contains(&c)
}

/// The start of `text`, escaped as tantivy escapes the text of a marked snippet, for hits that
/// matched in a way the snippet cannot mark: as many whole words as fit.
fn opening(text: &str) -> String {
    let text = text.trim_start();
    let most = text.char_indices().nth(SNIPPET_CHARS).map_or(text.len(), |(at, _)| at);
    // A first word longer than the snippet is cut where the snippet ends.
    let end = match last_break(text, most, 0) {
        0 => most,
        end => end,
    };
    // Not ending on what opens the words cut off: a bracket, a quotation mark, a dash.
    let opens_more = |c: char| c.is_whitespace() || OPENS.contains(c) || DASHES.contains(c);
    let words = text[..end].trim_end_matches(opens_more);
    elided(text, 0..words.len(), &htmlescape::encode_minimal(words))
}

/// Punctuation that opens what follows it, kept before a snippet's first word.
const OPENS: &str = "([{\"'\u{201C}\u{2018}\u{AB}\u{BF}\u{A1}";
/// Punctuation after which a reader pauses, kept after a snippet's last word: Latin, Khmer
/// (\u{17D4}, \u{17D5}), Burmese (\u{104A}, \u{104B}) and Thai (\u{0E5A}, \u{0E5B}).
const PAUSES: &str = ".,;:!?\u{2026}\u{17D4}\u{17D5}\u{104A}\u{104B}\u{0E5A}\u{0E5B}\u{3002}";
/// Brackets and quotation marks that close what goes before them, kept after it too.
const CLOSING_MARKS: &str = ")]}\"'\u{201D}\u{2019}\u{BB}";
/// Dashes, which join a word to the next rather than close it.
const DASHES: &str = "-\u{2010}\u{2013}\u{2014}";
/// Hyphens, which join two words into one.
const HYPHENS: [char; 2] = ['-', '\u{2010}'];
/// Most characters of a hyphenated word taken along beyond a snippet's edge: a longer run
/// ("1-2-3-4-…") is no word.
const JOINED_MAX: usize = 30;
/// What a snippet shows between two blocks of its text (a list's items, a heading and its
/// paragraph), which HTML would otherwise run together.
const BLOCK_BREAK: &str = " \u{B7} ";
/// Most punctuation kept on either side: a longer run is dot leaders or a rule, not a sentence's.
const CLINGING_MAX: usize = 3;
const ELLIPSIS: &str = "\u{2026}";

/// A snippet's marked-up passage, which lies at `passage` in `text`, as a reader sees it: with
/// the punctuation that clings to its first and last words (tantivy's fragments run from word
/// to word, leaving out a full stop or a bracket), and an ellipsis on each side where the text
/// goes on, so that a passage opening or closing mid-sentence is seen to be cut.
fn elided(text: &str, passage: Range<usize>, html: &str) -> String {
    let inner = &text[passage.clone()];
    let start = passage.start + (inner.len() - inner.trim_start().len());
    let end = passage.end - (inner.len() - inner.trim_end().len());
    let html = blocks_shown(&text[start..end], html);
    // The whole of a hyphenated word cut at an edge: "peace-keeping", not "…keeping".
    let joined_before = joined_before(&text[..start]);
    let joined_after = joined_after(&text[end..]);
    let before = &text[..start - joined_before.len()];
    let after = &text[end + joined_after.len()..];
    let opening: String =
        clinging(before.chars().rev(), |c| OPENS.contains(c)).chars().rev().collect();
    let mut closing = clinging(after.chars(), |c| PAUSES.contains(c) || CLOSING_MARKS.contains(c));
    let words_after = after[closing.len()..].contains(char::is_alphanumeric);
    if words_after {
        // Before an ellipsis, a comma or colon says nothing.
        let kept = closing.trim_end_matches([',', ';', ':']).len();
        closing.truncate(kept);
    }
    let words_before = before[..before.len() - opening.len()].contains(char::is_alphanumeric);
    let cut = |more: bool, punctuation: &str| {
        // Where the text shows its own cut ("..."), one is enough.
        let shown = punctuation.contains(ELLIPSIS) || punctuation.contains("...");
        if more && !shown { ELLIPSIS } else { "" }
    };
    format!(
        "{}{}{html}{}{}",
        cut(words_before, &opening),
        htmlescape::encode_minimal(&format!("{opening}{joined_before}")),
        htmlescape::encode_minimal(&format!("{joined_after}{closing}")),
        cut(words_after, &closing),
    )
}

/// The punctuation touching a snippet's edge, as read outwards from it: the characters `kind`
/// accepts up to any other (a space, a letter), none when there are more than `CLINGING_MAX`.
fn clinging(outwards: impl Iterator<Item = char>, kind: impl Fn(char) -> bool) -> String {
    let run: String = outwards.take_while(|&c| kind(c)).take(CLINGING_MAX + 1).collect();
    if run.chars().count() > CLINGING_MAX { String::new() } else { run }
}

/// The end of `before` that a hyphen joins to the word after it ("peace-" before "keeping",
/// "mother-in-" before "law"), or nothing.
fn joined_before(before: &str) -> &str {
    let mut start = before.len();
    while let Some(rest) = before[..start].strip_suffix(HYPHENS) {
        let word = &rest[rest.trim_end_matches(joins).len()..];
        if word.is_empty() {
            break;
        }
        start = rest.len() - word.len();
    }
    within_joined_max(&before[start..])
}

/// The start of `after` that a hyphen joins to the word before it ("-keeping" after "peace"),
/// or nothing.
fn joined_after(after: &str) -> &str {
    let mut end = 0;
    while let Some(rest) = after[end..].strip_prefix(HYPHENS) {
        let word = &rest[..rest.len() - rest.trim_start_matches(joins).len()];
        if word.is_empty() {
            break;
        }
        end = after.len() - rest.len() + word.len();
    }
    within_joined_max(&after[..end])
}

/// `joined`, or nothing when it is too long to be part of a word.
fn within_joined_max(joined: &str) -> &str {
    if joined.chars().count() > JOINED_MAX { "" } else { joined }
}

/// `html`, the marked-up `text`, with each break between blocks of the text (a blank line)
/// shown: as `BLOCK_BREAK`, or as a space after a block that ends with a pause. Escaping and
/// marking leave whitespace as it is, so the breaks of the two come in the same order.
fn blocks_shown(text: &str, html: &str) -> String {
    debug_assert_eq!(block_breaks(text).count(), block_breaks(html).count(), "{html}");
    let mut shown = String::with_capacity(html.len());
    let mut copied = 0;
    for (in_text, in_html) in block_breaks(text).zip(block_breaks(html)) {
        shown.push_str(&html[copied..in_html.start]);
        let block = text[..in_text.start].trim_end_matches(|c| CLOSING_MARKS.contains(c));
        shown.push_str(if block.ends_with(|c| PAUSES.contains(c)) { " " } else { BLOCK_BREAK });
        copied = in_html.end;
    }
    shown.push_str(&html[copied..]);
    shown
}

/// The runs of whitespace in `text` that hold a blank line.
fn block_breaks(text: &str) -> impl Iterator<Item = Range<usize>> + '_ {
    let mut from = 0;
    std::iter::from_fn(move || {
        loop {
            let at = from + text[from..].find('\n')?;
            let start = text[..at].trim_end().len();
            let end = text.len() - text[at..].trim_start().len();
            from = end;
            if text[start..end].matches('\n').nth(1).is_some() {
                return Some(start..end);
            }
        }
    })
}

/// Text taken before and after a match, in bytes of a script of one byte a character (more where
/// the match's script takes more: Thai takes three).
struct Around {
    before: usize,
    after: usize,
}

/// The first letter of `word` as people type it when they leave diacritics out: lowercase,
/// without them (`search_key`), "đ" as "d".
fn initial(word: &str) -> Option<char> {
    let first = word.chars().next()?;
    search_key(&word[..first.len_utf8()]).chars().next()
}

/// A window one snippet long around `run`, a phrase, a run of an unspaced script or the words of
/// a query that stand together, with `BEFORE_RUN` characters before it.
fn run_window(text: &str, run: Range<usize>) -> &str {
    let scale = bytes_per_char(&text[run.clone()]).ceil() as usize;
    let run_chars = text[run.clone()].chars().count();
    let after = SNIPPET_CHARS.saturating_sub(BEFORE_RUN + run_chars);
    window(text, run, scale, Around { before: BEFORE_RUN, after })
}

/// `text` from a little before the match `first` to a little after it, cut where words break, so
/// that a snippet neither opens nor closes on part of a word; `scale` bytes a character.
fn window(text: &str, first: Range<usize>, scale: usize, around: Around) -> &str {
    let from = first.start.saturating_sub(around.before * scale);
    let to = (first.end + around.after * scale).min(text.len());
    &text[first_break(text, from, first.start)..last_break(text, to, first.end)]
}

/// The bytes of `text` per character: 1 in English, 3 in Thai.
fn bytes_per_char(text: &str) -> f64 {
    text.len() as f64 / text.chars().count().max(1) as f64
}

/// Bytes of text around a cut in Thai, Lao, Khmer or Burmese that the segmenter reads to find
/// the words there: without spaces, a word is told apart only by the letters around it.
const BREAK_CONTEXT: usize = 48;

/// What a cut at byte `at` of a text falls on.
enum Cut {
    /// Between words, or at either end of the text.
    Between,
    /// Inside a word of a script written with spaces between words.
    InWord,
    /// Among letters of a script written without spaces, where only the segmenter can tell.
    Unspaced,
}

fn cut_at(text: &str, at: usize) -> Cut {
    let before = text[..at].chars().next_back();
    let after = text[at..].chars().next();
    if before.is_some_and(is_sea_script) && after.is_some_and(is_sea_script) {
        Cut::Unspaced
    } else if before.is_some_and(joins_hyphenated) && after.is_some_and(joins_hyphenated) {
        Cut::InWord
    } else {
        Cut::Between
    }
}

/// The first place from `at` on, and no later than `until` (a word's start), where a word
/// starts.
fn first_break(text: &str, at: usize, until: usize) -> usize {
    let at = text.ceil_char_boundary(at);
    match cut_at(text, at) {
        Cut::Between => at,
        // Past the cut word, and the pause that ends it: no "…. Next".
        Cut::InWord => {
            text[at..until].find(|c| !joins_hyphenated(c)).map(|i| at + i).map_or(until, |end| {
                let rest = &text[end..until];
                end + (rest.len() - rest.trim_start_matches(|c: char| PAUSES.contains(c)).len())
            })
        }
        Cut::Unspaced => {
            let from = text.floor_char_boundary(at.saturating_sub(BREAK_CONTEXT));
            let to = text.floor_char_boundary((at + BREAK_CONTEXT).min(until));
            breaks(&text[from..to]).map(|b| from + b).find(|&b| b >= at).unwrap_or(until)
        }
    }
}

/// The last place up to `at`, and no earlier than `since` (a word's end), where a word ends.
fn last_break(text: &str, at: usize, since: usize) -> usize {
    let at = text.floor_char_boundary(at);
    match cut_at(text, at) {
        Cut::Between => at,
        Cut::InWord => text[since..at]
            .char_indices()
            .rfind(|&(_, c)| !joins_hyphenated(c))
            .map_or(since, |(i, c)| since + i + c.len_utf8()),
        Cut::Unspaced => {
            let from = text.floor_char_boundary(at.saturating_sub(BREAK_CONTEXT).max(since));
            let to = text.floor_char_boundary((at + BREAK_CONTEXT).min(text.len()));
            breaks(&text[from..to]).map(|b| from + b).filter(|&b| b <= at).last().unwrap_or(since)
        }
    }
}

/// Where `text` breaks between words, spaces and punctuation.
fn breaks(text: &str) -> impl Iterator<Item = usize> {
    segment_all(text).into_iter().map(|(offset, _)| offset).chain([text.len()])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_window_opens_and_closes_where_words_break() {
        const THAI: &str = "ยังไงก็ยังมั่นใจมาตรฐานของก้อนมากกว่าร้านหมูกระทะชาบูข้างนอกบางร้านนะคะ \
            สินค้าบนลาซาด้าที่ระบุว่าเป็นร้านค้าทางการที่จัดจำหน่ายโดยลาซาด้าเองในช่วงหน้านี้ \
            ซื้อแสงโสมที่ร้านรับคูปองสองใบจับรางวัลหนึ่งในเมนูไฮไลท์ของร้านในช่วงหน้านาวนี้";
        const LATIN: &str = "Peacekeeping operations, and women in them, carry the mandates \
            of the Council further than any resolution on its own would take them.";
        for (text, word) in [(THAI.repeat(3), "ลาซาด้า"), (LATIN.repeat(8), "resolution")]
        {
            let text = text.as_str();
            let breaks: Vec<usize> = breaks(text).collect();
            for (at, _) in text.match_indices(word) {
                let scale = bytes_per_char(word).ceil() as usize;
                let cut = window(text, at..at + word.len(), scale, AROUND_MATCH);
                let from = cut.as_ptr() as usize - text.as_ptr() as usize;
                let to = from + cut.len();
                assert!(breaks.contains(&from) && breaks.contains(&to), "{cut:?} cuts a word");
                assert!(from <= at && at + word.len() <= to, "{cut:?} lost the match");
                assert!(
                    cut.len() <= (AROUND_MATCH.before + AROUND_MATCH.after) * scale + word.len()
                );
            }
        }
        assert_eq!(window("ร้าน", 0.."ร้าน".len(), 3, AROUND_MATCH), "ร้าน", "a short text is whole");
        // Not on the pause that ends the word it cuts: no "…. Next".
        let text = "It ends. Next words";
        assert_eq!(
            &text[first_break(text, text.find("nds").unwrap(), text.len())..],
            " Next words"
        );
    }

    #[test]
    fn the_window_does_not_cut_a_hyphenated_word() {
        for shift in 0..30 {
            let text = format!(
                "{}{} match{}",
                "peace-keeping self-help ".repeat(20),
                "y".repeat(shift),
                " well-being".repeat(60)
            );
            let at = text.find("match").unwrap_or_default();
            let cut = window(&text, at..at + "match".len(), 1, AROUND_MATCH);
            let open = cut.split_whitespace().next().unwrap_or_default();
            let close = cut.split_whitespace().next_back().unwrap_or_default();
            for edge in [open, close] {
                let whole = ["peace-keeping", "self-help", "well-being", "match"];
                let padding = !edge.is_empty() && edge.chars().all(|c| c == 'y');
                assert!(padding || whole.contains(&edge), "{edge:?} in {cut:?}");
            }
        }
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
    fn a_prefix_counts_where_it_starts_a_word_it_stands_for() {
        let prefixes = finders(&["peace", "Peace"]);
        let stands_for = |word: &str| word.to_lowercase() == "peacebuilders";
        let text = "Peacekeeping, unpeaceful, then Peacebuilders";
        let found = first_completion(&prefixes, text, stands_for).unwrap_or_default();
        assert_eq!(&text[found], "Peacebuilders", "not a word the prefix does not stand for");
        assert_eq!(first_completion(&prefixes, "unpeacebuilders", stands_for), None);
        let thai = "ร้านอาหาร";
        let found = first_completion(&finders(&["ร้าน"]), thai, |_| false);
        assert_eq!(found, Some(0.."ร้าน".len()), "no word ends to check in Thai");
    }

    #[test]
    fn the_opening_is_escaped_short_and_marked_where_it_is_cut() {
        assert_eq!(opening("\n <b>Tom & Jerry</b>\n"), "&lt;b&gt;Tom &amp; Jerry&lt;/b&gt;");
        assert_eq!(opening(&"a".repeat(1000)), format!("{}\u{2026}", "a".repeat(SNIPPET_CHARS)));
        let words = "Ceasefire monitoring teams. ".repeat(20);
        let cut = opening(&words);
        assert!(cut.ends_with(" monitoring\u{2026}"), "cut after a whole word: {cut}");
        assert!(cut.chars().count() <= SNIPPET_CHARS + 1);
        let bracketed = format!("{} (a note)", "x".repeat(SNIPPET_CHARS - 2));
        assert!(opening(&bracketed).ends_with("x\u{2026}"), "not on an opening bracket");
    }

    fn at_in(text: &str, passage: &str) -> Range<usize> {
        let start = text.find(passage).unwrap_or_default();
        start..start + passage.len()
    }

    #[test]
    fn a_passage_is_marked_as_cut_on_each_side_the_text_goes_on() {
        let text = "The mission. Women led the talks. Then it ended.";
        let at = |passage: &str| at_in(text, passage);
        assert_eq!(elided(text, at("Women led"), "W"), "\u{2026}W\u{2026}");
        assert_eq!(elided(text, at("The mission"), "T"), "T.\u{2026}", "with its full stop");
        assert_eq!(elided(text, at("Then it ended"), "T"), "\u{2026}T.", "nothing cut after it");
        assert_eq!(elided(text, 0..text.len(), "all"), "all");
        assert_eq!(elided(" padded ", 1..7, "p"), "p", "only spaces around: nothing cut");
        let quoted = "She said \"peace\" twice";
        assert_eq!(elided(quoted, at_in(quoted, "peace"), "p"), "\u{2026}&quot;p&quot;\u{2026}");
        let trailing = "The talks ended... Then";
        assert_eq!(
            elided(trailing, at_in(trailing, "ended"), "e"),
            "\u{2026}e...",
            "one cut shown"
        );
        let leaders = "Introduction........ 3";
        assert_eq!(elided(leaders, 0..12, "I"), "I\u{2026}", "dot leaders are not a full stop");
        let listed = "flooded, then dried";
        assert_eq!(elided(listed, 0..7, "f"), "f\u{2026}", "no comma before the ellipsis");
        let khmer = "សន្តិភាព។";
        assert_eq!(elided(khmer, 0..khmer.len() - "។".len(), "k"), "k។", "a Khmer full stop");
        // ผู้ ends with a tone mark, which is not a letter.
        let thai = "ผู้หญิง";
        let second = "ผู้".len()..thai.len();
        assert_eq!(elided(thai, second, "หญิง"), "\u{2026}หญิง", "a tone mark does not cling");
    }

    #[test]
    fn a_hyphenated_word_cut_at_an_edge_is_shown_whole() {
        let joined = "the peace-keeping missions";
        assert_eq!(elided(joined, at_in(joined, "keeping"), "k"), "\u{2026}peace-k\u{2026}");
        assert_eq!(elided(joined, 0.."the peace".len(), "p"), "p-keeping\u{2026}");
        let chained = "her mother-in-law said";
        assert_eq!(elided(chained, at_in(chained, "law"), "l"), "\u{2026}mother-in-l\u{2026}");
        for apart in ["peace - keeping", "peace\u{2014}keeping", "peace -keeping"] {
            let shown = elided(apart, at_in(apart, "keeping"), "k");
            assert_eq!(shown, "\u{2026}k", "{apart:?} is two words");
        }
        let long = format!("{}-keeping", "x".repeat(JOINED_MAX));
        assert_eq!(elided(&long, at_in(&long, "keeping"), "k"), "\u{2026}k", "no word so long");
        let chain = format!("{}keeping", "1-".repeat(JOINED_MAX));
        assert_eq!(elided(&chain, at_in(&chain, "keeping"), "k"), "\u{2026}k", "nor chain");
        let vietnamese = "các bộ\u{2010}trưởng họp";
        assert_eq!(
            elided(vietnamese, at_in(vietnamese, "trưởng"), "t"),
            "\u{2026}bộ\u{2010}t\u{2026}",
            "a hyphen (U+2010) between letters of any script written with spaces"
        );
    }

    #[test]
    fn a_break_between_blocks_is_shown() {
        let text = "Numbat.\n\nitem one about numbat\n\nitem two\n \n\nHeading numbat";
        let html = text.replace("about numbat", "about <mark>numbat</mark>");
        assert_eq!(
            elided(text, 0..text.len(), &html),
            "Numbat. item one about <mark>numbat</mark> \u{B7} item two \u{B7} Heading numbat"
        );
        let bracketed = "(see the report)\n\nnext \u{201C}Done.\u{201D}\n\nlast";
        assert_eq!(
            elided(bracketed, 0..bracketed.len(), &htmlescape::encode_minimal(bracketed)),
            "(see the report) \u{B7} next \u{201C}Done.\u{201D} last",
            "a closing bracket is no pause; a full stop in quotation marks is"
        );
        let escaped = "Tom & Jerry\n\nnext";
        assert_eq!(
            elided(escaped, 0..escaped.len(), &htmlescape::encode_minimal(escaped)),
            "Tom &amp; Jerry \u{B7} next",
            "an escaped character before a break"
        );
        let wrapped = "a line\nwrapped in a paragraph";
        assert_eq!(elided(wrapped, 0..wrapped.len(), wrapped), wrapped, "not a block's end");
    }

    #[test]
    fn marks_that_overlap_touch_or_only_zero_width_characters_part_are_one() {
        let text = "ผู้หญิง สันติ\u{200B}ภาพ a<b";
        let at = |word: &str| at_in(text, word);
        let marks = vec![at("หญิง"), at("ผู้"), at("สันติ"), at("ภาพ"), at("a"), at("a<")];
        assert_eq!(
            marked_html(text, &joined_marks(text, marks)),
            "<mark>ผู้หญิง</mark> <mark>สันติ\u{200B}ภาพ</mark> <mark>a&lt;</mark>b"
        );
        let apart = "a\u{200B}b c";
        let marks = [at_in(apart, "a"), at_in(apart, "c")];
        let joined = joined_marks(apart, marks);
        assert_eq!(marked_html(apart, &joined), "<mark>a</mark>\u{200B}b <mark>c</mark>");
    }

    /// The marks of `marked`, written with `<mark>` over text that needs no escaping, after
    /// `change`.
    fn marks_after(marked: &str, change: impl FnOnce(&str, &mut Vec<Range<usize>>)) -> String {
        let (mut text, mut marks) = (String::new(), Vec::new());
        for (at, part) in marked.split("<mark>").enumerate() {
            match part.split_once("</mark>") {
                Some((word, after)) if at > 0 => {
                    marks.push(text.len()..text.len() + word.len());
                    text.extend([word, after]);
                }
                _ => text.push_str(part),
            }
        }
        change(&text, &mut marks);
        marked_html(&text, &marks)
    }

    #[test]
    fn a_run_is_found_whatever_zero_width_characters_part_it() {
        let text = "สันติ\u{200B}ภาพ และสันติภาพ";
        let found = run_occurrences(text, "สันติภาพ");
        let shown: Vec<&str> = found.into_iter().map(|run| &text[run]).collect();
        assert_eq!(shown, ["สันติ\u{200B}ภาพ", "สันติภาพ"]);
        let inside = run_occurrences("สันติภาพ", "ภาพ");
        assert_eq!(inside.first(), Some(&(3 * 5..3 * 8)), "{inside:?}");
        // Not inside a syllable: สาม ("three") in สามี ("husband"), คร in เครือ ("network").
        let text = "สามีของเธอ สาม คน เครือข่าย";
        let found: Vec<&str> = run_occurrences(text, "สาม").into_iter().map(|r| &text[r]).collect();
        assert_eq!(found, ["สาม"]);
        assert!(run_occurrences(text, "คร").is_empty());
    }

    #[test]
    fn a_phrase_is_looked_for_in_a_stretch_of_text_not_the_rest_of_it() {
        let rest = |words: &[&str]| words.iter().map(|word| (*word).to_owned()).collect::<Vec<_>>();
        let long_word = format!("women peace{}", "x".repeat(10_000));
        assert_eq!(phrase_end(&long_word, 5, &rest(&["peace"])), None, "cut inside a long word");
        let thai_after = format!("women peace{}", "ก".repeat(10_000));
        assert_eq!(phrase_end(&thai_after, 5, &rest(&["peace"])), Some(11), "a word of its own");
        let spaced = format!("women peace {}", "x".repeat(10_000));
        assert_eq!(phrase_end(&spaced, 5, &rest(&["peace"])), Some(11));
        assert_eq!(phrase_end("women", 5, &rest(&["peace"])), None, "the end of the text");
        assert_eq!(phrase_end("women ĐOÀN", 5, &rest(&["đoàn"])), Some(12), "capitals with marks");
    }

    #[test]
    fn words_of_a_run_marked_whole_are_not_marked_inside_other_words() {
        let after = |marked: &str, runs: &[&str]| {
            let runs: Vec<String> = runs.iter().map(|run| (*run).to_owned()).collect();
            marks_after(marked, |text, marks| runs_marked_whole(text, marks, &runs, &[]))
        };
        let elders_and_women = "<mark>ผู้</mark>สูงอายุและ<mark>ผู้หญิง</mark> <mark>peace</mark>";
        assert_eq!(
            after(elders_and_women, &["ผู้หญิง"]),
            "ผู้สูงอายุและ<mark>ผู้หญิง</mark> <mark>peace</mark>"
        );
        let typing = "<mark>ผู้</mark>สูงอายุและ<mark>ผู้หญิง</mark>";
        assert_eq!(
            after(typing, &["ผู้หญ"]),
            "ผู้สูงอายุและ<mark>ผู้หญิง</mark>",
            "a run whose last word is being typed"
        );
        let apart = "<mark>ผู้</mark>สูงอายุและเด็ก<mark>หญิง</mark>";
        let kept = after(apart, &["ผู้หญิง"]);
        assert_eq!(kept, apart, "held only apart: its words are why the text matched");
        let sought_alone = after(elders_and_women, &["ผู้", "ผู้หญิง"]);
        assert_eq!(sought_alone, elders_and_women, "a word sought on its own too");
        // "Women" whole, "men" (ผู้ชาย) only apart: its ผู้ is why the passage matched.
        let of_another = "<mark>ผู้หญิง</mark>และ<mark>ผู้</mark>นำ<mark>ชาย</mark>";
        let kept = after(of_another, &["ผู้หญิง", "ผู้ชาย"]);
        assert_eq!(kept, of_another, "a word of another run held apart");
        let parted = "<mark>ผู้\u{200B}หญิง</mark>และ<mark>ผู้</mark>เข้าร่วม";
        assert_eq!(
            after(parted, &["ผู้หญิง"]),
            "<mark>ผู้\u{200B}หญิง</mark>และผู้เข้าร่วม",
            "whole, though a zero-width space parts it"
        );
        // Bangkok, its last piece being typed: "family" is no word it was on its way to there.
        let typing = "<mark>ครอบครัว</mark>ย้ายไป<mark>กรุงเทพมหานคร</mark>";
        let bangkok = [("กรุงเทพมหานคร".to_owned(), "คร".to_owned())];
        let runs = [bangkok[0].0.clone()];
        let after = |typed_ends: &[(String, String)]| {
            marks_after(typing, |text, marks| runs_marked_whole(text, marks, &runs, typed_ends))
        };
        assert_eq!(after(&bangkok), "ครอบครัวย้ายไป<mark>กรุงเทพมหานคร</mark>");
        assert_eq!(after(&[]), typing, "typed in full");
        // "Women leaders" on its way, its last piece ผู้ starting the mark that shows it.
        let leaders = "<mark>ผู้หญิงผู้นำ</mark>และ<mark>ผู้นำ</mark>";
        let typed = [("ผู้หญิงผู้".to_owned(), "ผู้".to_owned())];
        let runs = [typed[0].0.clone()];
        assert_eq!(
            marks_after(leaders, |text, marks| runs_marked_whole(text, marks, &runs, &typed)),
            "<mark>ผู้หญิงผู้นำ</mark>และผู้นำ",
            "a mark that holds the run stays"
        );
        // "Big family", sought too and held apart: its ครอบครัว is why the passage matched.
        let apart = "<mark>ครอบครัว</mark>ของ<mark>ใหญ่</mark> <mark>กรุงเทพมหานคร</mark>";
        let runs = [bangkok[0].0.clone(), "ครอบครัวใหญ่".to_owned()];
        assert_eq!(
            marks_after(apart, |text, marks| runs_marked_whole(text, marks, &runs, &bangkok)),
            apart,
            "a word of another run held apart"
        );
    }

    #[test]
    fn a_phrase_ends_where_its_words_follow_with_only_spaces_and_punctuation_between() {
        let rest = |words: &[&str]| words.iter().map(|word| (*word).to_owned()).collect::<Vec<_>>();
        let text = "The Women, Peace and Security agenda";
        let at = "The Women".len();
        let end = phrase_end(text, at, &rest(&["peace", "and", "security"]));
        assert_eq!(end.map(|end| &text[..end]), Some("The Women, Peace and Security"));
        assert_eq!(phrase_end(text, at, &rest(&["peace", "security"])), None, "a word between");
        assert_eq!(phrase_end("women peacekeeping", 5, &rest(&["peace"])), None, "part of one");
        assert_eq!(phrase_end("womenpeace", 5, &rest(&["peace"])), None, "nothing parts them");
        assert_eq!(phrase_end("women ผู้หญิง peace", 5, &rest(&["peace"])), None, "a Thai word");
        let text = "Women's groups, U.N. staff";
        assert_eq!(phrase_end(text, 5, &rest(&["groups"])), None, "\"women\" is not a word of it");
        assert_eq!(
            phrase_end(text, 7, &rest(&["groups", "u.n"])),
            Some("Women's groups, U.N".len())
        );
    }

    #[test]
    fn words_of_a_phrase_marked_whole_are_not_marked_elsewhere() {
        let after = |marked: &str, phrases: &[&[&str]]| {
            let phrases: Vec<Vec<String>> = (phrases.iter())
                .map(|words| words.iter().map(|word| (*word).to_owned()).collect())
                .collect();
            marks_after(marked, |text, marks| phrases_marked_whole(text, marks, &phrases))
        };
        let wps: &[&str] = &["women", "peace", "and", "security"];
        let passage = "<mark>Peace</mark> <mark>and</mark> more: <mark>Women</mark> & \
                       <mark>peace</mark> <mark>and</mark> <mark>security</mark>";
        assert_eq!(
            after(passage, &[wps]),
            "Peace and more: <mark>Women</mark> &amp; <mark>peace</mark> <mark>and</mark> \
             <mark>security</mark>",
            "an ampersand is punctuation"
        );
        let apart = "<mark>Women</mark> and <mark>peace</mark>";
        let kept = after(apart, &[&["women", "peace"]]);
        assert_eq!(kept, apart, "held only apart: the passage does not show what matched");
        let all_kept = "<mark>Peace</mark> and more: <mark>Women</mark> &amp; <mark>peace</mark> \
                        <mark>and</mark> <mark>security</mark>";
        assert_eq!(after(passage, &[wps, &["peace"]]), all_kept, "a word sought on its own too");
        assert_eq!(
            after(passage, &[wps, &["peace", "talks"]]),
            all_kept,
            "a word of another phrase the passage holds only apart"
        );
        let curly = "<mark>Women\u{2019}s</mark> <mark>groups</mark>, <mark>groups</mark>";
        assert_eq!(
            after(curly, &[&["women's", "groups"]]),
            "<mark>Women\u{2019}s</mark> <mark>groups</mark>, groups",
            "words as the index writes them"
        );
    }

    #[test]
    fn a_word_with_diacritics_stands_for_a_query_word_typed_without_them() {
        let mut plain = Plain::new(["chan", "o", "dong"].map(str::to_owned).into_iter());
        assert!(plain.stands_for("chăn"));
        assert!(plain.stands_for("Chăn"));
        assert!(plain.stands_for("đồng"), "đ is a d");
        assert!(!plain.stands_for("ở"), "one letter, where longer words were sought");
        assert!(!plain.stands_for("chan"), "as typed, the string search finds it");
        assert!(!plain.stands_for("chắc"));
        assert!(Plain::new(["o".to_owned()].into_iter()).stands_for("ở"), "sought alone");
    }
}
