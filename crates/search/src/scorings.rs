//! The scoring of a search's first page by relevance, kept for the pages after it. A hit's
//! relevance depends on the statistics of the whole index (how many documents hold each word,
//! how long texts are on average), which every word indexed moves. A next page scored anew would
//! start anywhere: it repeats or skips hits. A next page scored with the first page's query and
//! statistics gives every hit not changed since the relevance it had then (to the grain pages
//! are ordered by: see `coarse`), so it can start right after the last hit's place. It is still
//! read from the live index: whatever was deleted or edited since is found as it is now.

use std::cell::RefCell;
use std::collections::HashMap;
use std::hash::{DefaultHasher, Hash as _, Hasher as _};
use std::num::NonZeroUsize;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, Instant};

use lru::LruCache;
use tantivy::query::Bm25StatisticsProvider;
use tantivy::schema::Field;
use tantivy::{Searcher, Term};
use uuid::Uuid;

use crate::query::UserQuery;

/// Scorings kept at most, and for how long after they were last used: each is a query and a
/// number per term it looks up, a few kilobytes for a few words (tens for the longest query
/// allowed). A reader whose scoring is gone pages by count (see `Place`).
const KEPT: NonZeroUsize = NonZeroUsize::new(1024).expect("not zero");
const KEPT_FOR: Duration = Duration::from_secs(30 * 60);

/// The statistics a search's relevance was computed with.
#[derive(Debug, Default)]
pub(crate) struct Statistics {
    docs: Option<u64>,
    tokens: HashMap<Field, u64>,
    doc_freqs: HashMap<Term, u64>,
}

/// Statistics read from a searcher, and noted as they are read.
pub(crate) struct Recording<'a> {
    searcher: &'a Searcher,
    read: RefCell<Statistics>,
}

impl<'a> Recording<'a> {
    pub fn of(searcher: &'a Searcher) -> Self {
        Self { searcher, read: RefCell::default() }
    }

    pub fn into_statistics(self) -> Statistics {
        self.read.into_inner()
    }
}

impl Bm25StatisticsProvider for Recording<'_> {
    fn total_num_tokens(&self, field: Field) -> tantivy::Result<u64> {
        let tokens = self.searcher.total_num_tokens(field)?;
        self.read.borrow_mut().tokens.insert(field, tokens);
        Ok(tokens)
    }

    fn total_num_docs(&self) -> tantivy::Result<u64> {
        let docs = self.searcher.total_num_docs()?;
        self.read.borrow_mut().docs = Some(docs);
        Ok(docs)
    }

    fn doc_freq(&self, term: &Term) -> tantivy::Result<u64> {
        let freq = self.searcher.doc_freq(term)?;
        self.read.borrow_mut().doc_freqs.insert(term.clone(), freq);
        Ok(freq)
    }
}

/// A first page's statistics. Every statistic its query's scoring reads was recorded on the first
/// page: the viewer's scope and the filters are scored as constants and read none. The live
/// index answers what was not, so that a query added later that read more would still be
/// answered, if not exactly as on its first page.
pub(crate) struct Replaying<'a> {
    pub statistics: &'a Statistics,
    pub live: &'a Searcher,
}

impl Bm25StatisticsProvider for Replaying<'_> {
    fn total_num_tokens(&self, field: Field) -> tantivy::Result<u64> {
        match self.statistics.tokens.get(&field) {
            Some(&tokens) => Ok(tokens),
            None => self.live.total_num_tokens(field),
        }
    }

    fn total_num_docs(&self) -> tantivy::Result<u64> {
        match self.statistics.docs {
            Some(docs) => Ok(docs),
            None => self.live.total_num_docs(),
        }
    }

    fn doc_freq(&self, term: &Term) -> tantivy::Result<u64> {
        match self.statistics.doc_freqs.get(term) {
            Some(&freq) => Ok(freq),
            None => self.live.doc_freq(term),
        }
    }
}

/// What a searcher reads: its segments and the deletions in each. The reader makes a new
/// searcher on every reload, and reloads twice for a commit (at once, and again when it sees the
/// commit on disk), so searchers of one content are told apart by this, not by their generation.
pub(crate) fn contents_of(searcher: &Searcher) -> u64 {
    let mut hasher = DefaultHasher::new();
    searcher.generation().segments().hash(&mut hasher);
    hasher.finish()
}

/// How a first page was scored: the text asked for, the query made of it (which words were
/// taken loosely depends on the index too), and the statistics, as read from the index's
/// contents (`contents_of`).
pub(crate) struct Scoring {
    pub contents: u64,
    pub text: String,
    pub query: Arc<UserQuery>,
    pub statistics: Statistics,
}

#[derive(Default)]
pub(crate) struct Scorings {
    kept: Mutex<Kept>,
}

struct Kept {
    /// By token, the least recently used let go of first.
    by_token: LruCache<u64, Entry>,
    /// The contents and token of each text's scoring kept last: every search of a text on the
    /// same contents is scored alike, so they share it.
    by_text: HashMap<String, (u64, u64)>,
}

impl Default for Kept {
    fn default() -> Self {
        Self { by_token: LruCache::new(KEPT), by_text: HashMap::new() }
    }
}

struct Entry {
    scoring: Arc<Scoring>,
    used: Instant,
}

impl Scorings {
    /// The scoring kept under `token`, if it is still kept and was for `text`: a cursor sent
    /// with another search's text orders that search anew.
    pub fn get(&self, token: u64, text: &str) -> Option<Arc<Scoring>> {
        let mut kept = self.lock();
        let entry = kept.by_token.get_mut(&token).filter(|entry| entry.scoring.text == text)?;
        entry.used = Instant::now();
        Some(Arc::clone(&entry.scoring))
    }

    /// The scoring of `text` on `contents`, with its token, if one is kept: what a search of it
    /// on those contents would record again.
    pub fn of_search(&self, contents: u64, text: &str) -> Option<(u64, Arc<Scoring>)> {
        let mut kept = self.lock();
        let &(_, token) = kept.by_text.get(text).filter(|&&(of, _)| of == contents)?;
        let entry = kept.by_token.get_mut(&token)?;
        entry.used = Instant::now();
        Some((token, Arc::clone(&entry.scoring)))
    }

    /// Keeps `scoring` for the pages after its first, and returns its token.
    pub fn keep(&self, scoring: Scoring) -> u64 {
        let mut kept = self.lock();
        if let Some(&(contents, token)) = kept.by_text.get(&scoring.text)
            && contents == scoring.contents
            && kept.by_token.contains(&token)
        {
            // Kept meanwhile by a search beside this one.
            return token;
        }
        // Drawn at random, so that a cursor from before a restart finds none rather than
        // another search's.
        let token = Uuid::new_v4().as_u64_pair().1;
        kept.by_text.insert(scoring.text.clone(), (scoring.contents, token));
        let entry = Entry { scoring: Arc::new(scoring), used: Instant::now() };
        if let Some((gone, entry)) = kept.by_token.push(token, entry)
            && gone != token
        {
            kept.forget_text(gone, &entry);
        }
        token
    }

    /// The kept scorings, without those unused for too long.
    fn lock(&self) -> MutexGuard<'_, Kept> {
        let mut kept = self.kept.lock().unwrap_or_else(|e| e.into_inner());
        while kept.by_token.peek_lru().is_some_and(|(_, entry)| entry.used.elapsed() >= KEPT_FOR) {
            if let Some((token, entry)) = kept.by_token.pop_lru() {
                kept.forget_text(token, &entry);
            }
        }
        kept
    }
}

impl Kept {
    /// Forgets the text of a scoring let go of, unless a later one of that text is kept.
    fn forget_text(&mut self, token: u64, entry: &Entry) {
        if self.by_text.get(&entry.scoring.text).is_some_and(|&(_, t)| t == token) {
            self.by_text.remove(&entry.scoring.text);
        }
    }
}

#[cfg(test)]
mod tests {
    use tantivy::query::AllQuery;

    use super::*;

    fn scoring(contents: u64, text: &str) -> Scoring {
        let query = UserQuery {
            query: Box::new(AllQuery),
            sought: Vec::new(),
            loose: Vec::new(),
            runs: Vec::new(),
            clause_of: HashMap::new(),
        };
        let (text, query, statistics) = (text.to_owned(), Arc::new(query), Statistics::default());
        Scoring { contents, text, query, statistics }
    }

    #[test]
    fn a_scoring_is_found_by_its_token_for_its_own_text_until_the_least_recently_used_make_room() {
        let scorings = Scorings::default();
        let first = scorings.keep(scoring(1, "kestrel"));
        assert!(scorings.get(first, "kestrel").is_some());
        assert!(scorings.get(first, "falcon").is_none(), "another search's text");
        assert!(scorings.get(first ^ 1, "kestrel").is_none(), "another token");
        assert_eq!(scorings.keep(scoring(1, "kestrel")), first, "one per text and contents");
        assert_eq!(scorings.of_search(1, "kestrel").map(|(token, _)| token), Some(first));
        assert!(scorings.of_search(2, "kestrel").is_none(), "other contents");
        let second = scorings.keep(scoring(2, "kestrel"));
        assert_ne!(second, first);
        assert_eq!(scorings.of_search(2, "kestrel").map(|(token, _)| token), Some(second));
        for contents in 3..=KEPT.get() as u64 {
            scorings.keep(scoring(contents, "other"));
        }
        // The first is read again and again: the second is now the least recently used.
        for _ in 0..3 * KEPT.get() {
            assert!(scorings.get(first, "kestrel").is_some(), "as many as are kept");
        }
        scorings.keep(scoring(0, "other"));
        assert!(scorings.get(second, "kestrel").is_none(), "the least recently used makes room");
        assert!(scorings.of_search(2, "kestrel").is_none(), "and is let go of whole");
        assert!(scorings.get(first, "kestrel").is_some());
        assert_eq!(scorings.lock().by_token.len(), KEPT.get());
    }
}
