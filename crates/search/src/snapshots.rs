//! Searchers kept for the next page: a page read from the snapshot of the index its first page
//! was read from neither repeats nor skips a hit, and its hits keep the relevance they were
//! ordered by, whatever was indexed meanwhile.

use std::collections::VecDeque;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use tantivy::Searcher;

/// Snapshots kept at most, and for how long: each holds its segments' files, which merges
/// would otherwise let go of, so only the few a reader is most likely paging through.
const KEPT: usize = 4;
const KEPT_FOR: Duration = Duration::from_secs(15 * 60);

#[derive(Default)]
pub(crate) struct Snapshots {
    kept: Mutex<VecDeque<(Instant, Searcher)>>,
}

impl Snapshots {
    /// The snapshot of `generation`, if it is still kept.
    pub fn get(&self, generation: u64) -> Option<Searcher> {
        let mut kept = self.kept.lock().unwrap_or_else(|e| e.into_inner());
        kept.retain(|(since, _)| since.elapsed() < KEPT_FOR);
        kept.iter()
            .find(|(_, searcher)| searcher.generation().generation_id() == generation)
            .map(|(_, searcher)| searcher.clone())
    }

    /// Keeps `searcher` for the pages after one it served.
    pub fn keep(&self, searcher: &Searcher) {
        let generation = searcher.generation().generation_id();
        let mut kept = self.kept.lock().unwrap_or_else(|e| e.into_inner());
        kept.retain(|(_, kept)| kept.generation().generation_id() != generation);
        kept.push_back((Instant::now(), searcher.clone()));
        while kept.len() > KEPT {
            kept.pop_front();
        }
    }
}
