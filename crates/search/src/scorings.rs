//! The scoring of a search's first page by relevance, kept for the pages after it. A hit's
//! relevance depends on the statistics of the whole index (how many documents hold each word,
//! how long texts are on average), which every word indexed moves. A next page scored anew would
//! start anywhere: it repeats or skips hits. A next page scored with the first page's query and
//! statistics gives every hit not changed since the relevance it had then, so it can start right
//! after the last hit's place. It is still read from the live index: whatever was deleted or
//! edited since is found as it is now.

use std::cell::RefCell;
use std::collections::{HashMap, VecDeque};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use tantivy::query::Bm25StatisticsProvider;
use tantivy::schema::Field;
use tantivy::{Searcher, Term};
use uuid::Uuid;

use crate::query::UserQuery;

/// Scorings kept at most, and for how long after their first page: each is the query's terms
/// and a number per term, a few kilobytes at most. A reader whose scoring is gone pages by count
/// (see `Place`).
const KEPT: usize = 1024;
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

/// A first page's statistics, and the live index's for what they lack (the terms of a viewer's
/// scope or filters, which only filter).
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

/// How a first page was scored: the text asked for, the query made of it (which words were
/// taken loosely depends on the index too), and the statistics, as read from one searcher
/// generation of the index.
pub(crate) struct Scoring {
    pub generation: u64,
    pub text: String,
    pub query: Arc<UserQuery>,
    pub statistics: Statistics,
}

#[derive(Default)]
pub(crate) struct Scorings {
    kept: Mutex<Kept>,
}

#[derive(Default)]
struct Kept {
    by_token: HashMap<u64, Arc<Scoring>>,
    /// The token of each text's scoring on each generation: every search of a text on one
    /// generation is scored alike, so they share one.
    by_search: HashMap<(u64, String), u64>,
    /// Tokens in the order they were kept in, the oldest first.
    since: VecDeque<(Instant, u64)>,
}

impl Scorings {
    /// The scoring kept under `token`, if it is still kept and was for `text`: a cursor sent
    /// with another search's text orders that search anew.
    pub fn get(&self, token: u64, text: &str) -> Option<Arc<Scoring>> {
        let mut kept = self.kept.lock().unwrap_or_else(|e| e.into_inner());
        kept.let_go_of_expired();
        kept.by_token.get(&token).filter(|scoring| scoring.text == text).cloned()
    }

    /// The scoring of `text` on `generation`, with its token, if one is kept: what a search of
    /// it on that generation would record again.
    pub fn of_search(&self, generation: u64, text: &str) -> Option<(u64, Arc<Scoring>)> {
        let mut kept = self.kept.lock().unwrap_or_else(|e| e.into_inner());
        kept.let_go_of_expired();
        let token = *kept.by_search.get(&(generation, text.to_owned()))?;
        kept.by_token.get(&token).map(|scoring| (token, Arc::clone(scoring)))
    }

    /// Keeps `scoring` for the pages after its first, and returns its token.
    pub fn keep(&self, scoring: Scoring) -> u64 {
        let search = (scoring.generation, scoring.text.clone());
        let mut kept = self.kept.lock().unwrap_or_else(|e| e.into_inner());
        kept.let_go_of_expired();
        if let Some(&token) = kept.by_search.get(&search) {
            // Kept meanwhile by a search beside this one.
            return token;
        }
        if kept.since.len() >= KEPT {
            kept.let_go_of_oldest();
        }
        // Drawn at random, so that a cursor from before a restart finds none rather than
        // another search's.
        let token = Uuid::new_v4().as_u64_pair().1;
        kept.by_token.insert(token, Arc::new(scoring));
        kept.by_search.insert(search, token);
        kept.since.push_back((Instant::now(), token));
        token
    }
}

impl Kept {
    fn let_go_of_expired(&mut self) {
        while self.since.front().is_some_and(|(since, _)| since.elapsed() >= KEPT_FOR) {
            self.let_go_of_oldest();
        }
    }

    fn let_go_of_oldest(&mut self) {
        let Some((_, token)) = self.since.pop_front() else { return };
        if let Some(scoring) = self.by_token.remove(&token) {
            self.by_search.remove(&(scoring.generation, scoring.text.clone()));
        }
    }
}

#[cfg(test)]
mod tests {
    use tantivy::query::AllQuery;

    use super::*;

    fn scoring(generation: u64, text: &str) -> Scoring {
        let query = UserQuery { query: Box::new(AllQuery), sought: Vec::new(), loose: Vec::new() };
        let (text, query, statistics) = (text.to_owned(), Arc::new(query), Statistics::default());
        Scoring { generation, text, query, statistics }
    }

    #[test]
    fn a_scoring_is_found_by_its_token_for_its_own_text_until_the_oldest_make_room() {
        let scorings = Scorings::default();
        let first = scorings.keep(scoring(1, "kestrel"));
        assert!(scorings.get(first, "kestrel").is_some());
        assert!(scorings.get(first, "falcon").is_none(), "another search's text");
        assert!(scorings.get(first ^ 1, "kestrel").is_none(), "another token");
        assert_eq!(scorings.keep(scoring(1, "kestrel")), first, "one per text and generation");
        assert_eq!(scorings.of_search(1, "kestrel").map(|(token, _)| token), Some(first));
        assert!(scorings.of_search(2, "kestrel").is_none(), "another generation");
        let second = scorings.keep(scoring(2, "kestrel"));
        assert_ne!(second, first);
        for generation in 3..=KEPT as u64 {
            scorings.keep(scoring(generation, "other"));
        }
        assert!(scorings.get(first, "kestrel").is_some(), "as many as are kept");
        scorings.keep(scoring(0, "other"));
        assert!(scorings.get(first, "kestrel").is_none(), "the oldest makes room");
        assert!(scorings.of_search(1, "kestrel").is_none(), "and is let go of whole");
        assert!(scorings.get(second, "kestrel").is_some());
    }
}
