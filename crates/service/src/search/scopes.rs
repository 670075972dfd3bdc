//! The spaces each reader could read at their last search. A search starts with them (a reader's
//! first, with none), without waiting on the database; the read that rechecks its hits also says
//! which spaces the reader may read now, and when they differ the search runs again with those.
//! So no answer rests on spaces the database did not confirm during the request, and a search
//! reads the database once. A reader's first search, and a search after their spaces changed,
//! runs the index query twice; reading the spaces first would cost every search a statement.

use std::collections::HashMap;
use std::sync::Mutex;

use praxis_db::Reader;
use uuid::Uuid;

/// Readers remembered at most; past it the memory starts again empty (a few KB a reader).
const READERS_MAX: usize = 10_000;

#[derive(Default)]
pub(crate) struct LastScopes {
    spaces: Mutex<HashMap<Reader, Vec<Uuid>>>,
}

impl LastScopes {
    pub(crate) fn get(&self, reader: &Reader) -> Option<Vec<Uuid>> {
        self.spaces.lock().unwrap_or_else(|e| e.into_inner()).get(reader).cloned()
    }

    pub(crate) fn remember(&self, reader: Reader, spaces: Vec<Uuid>) {
        let mut all = self.spaces.lock().unwrap_or_else(|e| e.into_inner());
        if all.len() >= READERS_MAX && !all.contains_key(&reader) {
            all.clear();
        }
        all.insert(reader, spaces);
    }
}
