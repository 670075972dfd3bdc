//! Search: the viewer's readable scope, computed by the database's visibility predicate, runs
//! inside the index query; the hits are then checked against the same predicate once more, in the
//! same read that confirms the scope (see `scopes`).

mod index_docs;
mod indexer;
mod rebuild;
mod scopes;

use std::time::Instant;

use anyhow::Context as _;
use praxis_core::{Error, Result};
use praxis_db::Reader;
use praxis_db::queries::search::{self, Hits, ReadableNow};
use praxis_search::{
    DocKind, DocumentScope, Order, Place, Scope, SearchError, SearchFilters, SearchRequest,
};
use uuid::Uuid;

pub(crate) use index_docs::thread_start;
pub use indexer::run_indexer;
pub use praxis_search::Hit as SearchHit;
pub use rebuild::RebuildSummary;
pub(crate) use scopes::LastScopes;

use crate::Praxis;
use crate::viewer::Viewer;

/// Rows applied per index commit: of the outbox by the indexer, of the tables by a fill. A library
/// document can be 100 KB of text, held in several copies until it is indexed, so a batch is kept
/// small enough to bound that memory. A server refilling its index of the UN statements (10,952,
/// 18 KB each) peaked at 206 MB of heap in batches of 500, and at 135 to 138 MB in batches of 250.
const BATCH: usize = 250;

#[derive(Debug, Clone)]
pub struct SearchOutcome {
    /// The hits the viewer may read: what each is and where it matched. The API loads a hit's
    /// row itself, and only when the caller asks for it.
    pub hits: Vec<SearchHit>,
    /// Whether more hits follow this page's (some of which the recheck may yet hold back).
    pub more: bool,
    /// Where the next page starts: after the page's last hit, even one the recheck held back.
    pub end: Option<Place>,
    pub total: usize,
    pub facets: Vec<praxis_search::Facet>,
    pub took_ms: f64,
}

/// What to search for, as the API received it.
#[derive(Debug, Clone)]
pub struct SearchInput {
    pub text: String,
    pub filters: SearchFilters,
    pub order: Order,
    /// Where the page before ended.
    pub after: Option<Place>,
    pub limit: usize,
    /// Whether the caller wants facet counts.
    pub facets: bool,
    /// Whether the caller wants each hit's snippet.
    pub snippets: bool,
}

impl Praxis {
    #[tracing::instrument(skip_all)]
    pub async fn search(&self, viewer: &Viewer, input: SearchInput) -> Result<SearchOutcome> {
        let started = Instant::now();
        let reader = viewer.reader();
        let documents = match viewer.actor() {
            Ok(actor) if actor.role.moderates() => DocumentScope::All,
            Ok(actor) => DocumentScope::PublishedOr(Some(actor.user_id)),
            Err(_) => DocumentScope::PublishedOr(None),
        };
        let scope = |spaces| Scope { spaces, documents: documents.clone() };
        // A reader's first search starts without spaces; its recheck says which they may read.
        let last = self.last_scopes.get(&reader).unwrap_or_default();
        let (mut outcome, now) =
            self.search_in(&reader, &input, scope(last.clone()), started).await?;
        if now != last {
            // Searched with spaces the reader could read at their last search but cannot now,
            // or without spaces they have joined since: search again with what the database
            // just said. That answer is taken even if it moves again meanwhile, as any answer
            // read at the start of a request would be.
            self.last_scopes.remember(reader, now.clone());
            (outcome, _) = self.search_in(&reader, &input, scope(now), started).await?;
        } else {
            self.last_scopes.remember(reader, now);
        }
        Ok(outcome)
    }

    /// Searches within `scope`, then rechecks the hits in the database; that same read says which
    /// spaces the reader may read now. (Rechecking while the snippets were written, on another
    /// thread, was tried: on two cores its slowest searches under concurrent load were no faster,
    /// often slower, and it took a second hand-off between threads.)
    ///
    /// The search is CPU work of about a millisecond, and it runs on the worker thread that
    /// polls this request, which it holds meanwhile; the SQLite recheck too, through
    /// connections that are never held across an await, so it cannot wait on a task this thread
    /// would have run. Handing the work to another thread cost more than it saves on a machine
    /// of few cores. On two cores, with the UN corpus and two clients searching without pause,
    /// `block_in_place` (whose worker wakes another thread to take over its tasks) served
    /// 2,400-2,750 searches a second with a p99 of 1.9-2.6 ms; running here served 3,900-4,100
    /// with a p99 of 1.1-1.5 ms. What it costs: while every worker is searching, other requests
    /// wait for one to finish. Under that load a trivial query's median went from 0.05 ms to
    /// 0.5-0.6 ms, and its p99 from 2.3 to 1.7-2.0 ms. While a worker is free, it takes the other
    /// requests, and the I/O they wait on, as before.
    async fn search_in(
        &self,
        reader: &Reader,
        input: &SearchInput,
        scope: Scope,
        started: Instant,
    ) -> Result<(SearchOutcome, Vec<Uuid>)> {
        let request = SearchRequest {
            text: input.text.clone(),
            filters: input.filters.clone(),
            scope,
            order: input.order,
            after: input.after,
            limit: input.limit,
            facets: input.facets,
            snippets: input.snippets,
        };
        let results = self.search_index().search(&request).map_err(|e| match e {
            SearchError::Query(q) => Error::bad_input("query", q.to_string()),
            SearchError::Internal(message) => Error::Internal(anyhow::anyhow!(message)),
        })?;
        let page = hits_by_kind(&results.hits);
        let ReadableNow { spaces, hits: readable } = match &self.db.reads {
            Some(reads) => search::readable_now_here(reads, reader, &page),
            None => search::readable_now(&self.db.conn, reader, &page).await.map_err(Into::into),
        }
        .context("recheck the hits")?;
        let hits = results.hits.into_iter().filter(|hit| readable.contains(&hit.id)).collect();
        let took_ms = started.elapsed().as_secs_f64() * 1000.0;
        let outcome = SearchOutcome {
            hits,
            more: results.more,
            end: results.end,
            total: results.total,
            facets: results.facets,
            took_ms,
        };
        Ok((outcome, spaces))
    }
}

/// The hits of a page by kind, as the recheck reads them.
fn hits_by_kind(hits: &[praxis_search::Hit]) -> Hits {
    let ids = |kind: DocKind| -> Vec<Uuid> {
        hits.iter().filter(|hit| hit.kind == kind).map(|hit| hit.id).collect()
    };
    Hits {
        threads: ids(DocKind::Thread),
        posts: ids(DocKind::Post),
        documents: ids(DocKind::Document),
    }
}
