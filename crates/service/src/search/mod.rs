//! Search: the viewer's readable scope, computed by the database's visibility predicate, runs
//! inside the index query; the hits are then checked against the same predicate once more, while
//! their snippets are being written.

mod index_docs;
mod indexer;
mod rebuild;

use std::collections::HashSet;
use std::time::Instant;

use anyhow::Context as _;
use praxis_core::{Error, Result};
use praxis_db::queries::{documents, posts, spaces, threads};
use praxis_search::{
    DocKind, DocumentScope, Order, Scope, SearchError, SearchFilters, SearchRequest,
};
use uuid::Uuid;

pub use indexer::run_indexer;
pub use rebuild::RebuildSummary;

use crate::Praxis;
use crate::viewer::Viewer;

/// A hit the viewer may read: what it is and where it matched. The API loads the row itself,
/// and only when the caller asks for it.
#[derive(Debug, Clone)]
pub struct SearchHit {
    pub kind: DocKind,
    pub id: Uuid,
    pub score: f32,
    pub title: String,
    pub snippet: String,
}

#[derive(Debug, Clone)]
pub struct SearchOutcome {
    pub hits: Vec<SearchHit>,
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
    pub offset: usize,
    pub limit: usize,
    /// Whether the caller wants facet counts.
    pub facets: bool,
}

impl Praxis {
    async fn scope_of(&self, viewer: &Viewer) -> Result<Scope> {
        let reader = viewer.reader();
        let spaces =
            spaces::readable_ids(&self.db.conn, &reader).await.context("readable spaces")?;
        let documents = match viewer.actor() {
            Ok(actor) if actor.role.moderates() => DocumentScope::All,
            Ok(actor) => DocumentScope::PublishedOr(Some(actor.user_id)),
            Err(_) => DocumentScope::PublishedOr(None),
        };
        Ok(Scope { spaces, documents })
    }

    #[tracing::instrument(skip_all)]
    pub async fn search(&self, viewer: &Viewer, input: SearchInput) -> Result<SearchOutcome> {
        let started = Instant::now();
        let request = SearchRequest {
            text: input.text,
            filters: input.filters,
            scope: self.scope_of(viewer).await?,
            order: input.order,
            offset: input.offset,
            limit: input.limit,
            facets: input.facets,
        };
        let index = self.search_index();
        let (found_tx, found_rx) = tokio::sync::oneshot::channel();
        let searching = tokio::task::spawn_blocking(move || {
            let found = index.find(&request)?;
            // Nobody waits when the request was dropped: the search is finished all the same.
            let _ = found_tx.send(found.keys());
            index.with_snippets(found)
        });
        // The database rechecks the hits while the snippets are being written.
        let readable = match found_rx.await {
            Ok(keys) => self.readable_among(viewer, &keys).await?,
            // The search failed before it found anything: its error is reported below.
            Err(_) => HashSet::new(),
        };
        let results = searching.await.context("search task")?.map_err(|e| match e {
            SearchError::Query(q) => Error::bad_input("query", q.to_string()),
            SearchError::Internal(message) => Error::Internal(anyhow::anyhow!(message)),
        })?;
        let hits = results
            .hits
            .into_iter()
            .filter(|hit| readable.contains(&hit.id))
            .map(|hit| SearchHit {
                kind: hit.kind,
                id: hit.id,
                score: hit.score,
                title: hit.title,
                snippet: hit.snippet,
            })
            .collect();
        Ok(SearchOutcome {
            hits,
            total: results.total,
            facets: results.facets,
            took_ms: started.elapsed().as_secs_f64() * 1000.0,
        })
    }

    /// Which of the hits the database still shows this viewer through the visibility predicate:
    /// anything changed since it was indexed is dropped. Only ids are read: statements run to
    /// 100 KB and more, and most searches never show the rows.
    async fn readable_among(
        &self,
        viewer: &Viewer,
        hits: &[(DocKind, Uuid)],
    ) -> Result<HashSet<Uuid>> {
        let db = &self.db.conn;
        let reader = viewer.reader();
        let ids = |kind: DocKind| -> Vec<Uuid> {
            hits.iter().filter(|(k, _)| *k == kind).map(|(_, id)| *id).collect()
        };
        let mut readable: HashSet<Uuid> = HashSet::new();
        let thread_ids = ids(DocKind::Thread);
        if !thread_ids.is_empty() {
            let found = threads::readable_ids_among(db, &reader, &thread_ids).await;
            readable.extend(found.context("recheck thread hits")?);
        }
        let post_ids = ids(DocKind::Post);
        if !post_ids.is_empty() {
            let found = posts::readable_ids_among(db, &reader, &post_ids).await;
            readable.extend(found.context("recheck post hits")?);
        }
        let document_ids = ids(DocKind::Document);
        if !document_ids.is_empty() {
            let found = documents::readable_ids_among(db, &reader, &document_ids).await;
            readable.extend(found.context("recheck document hits")?);
        }
        Ok(readable)
    }
}
