//! Search: the viewer's readable scope, computed by the database's visibility predicate, runs
//! inside the index query; hits are then loaded through the same predicate once more.

mod index_docs;
mod indexer;
mod rebuild;

use std::time::Instant;

use anyhow::Context as _;
use praxis_core::{Error, Result};
use praxis_db::entities::{document, post, thread};
use praxis_db::queries::{documents, posts, spaces, threads};
use praxis_search::{
    DocKind, DocumentScope, Order, Scope, SearchError, SearchFilters, SearchRequest,
};
use uuid::Uuid;

pub use indexer::run_indexer;
pub use rebuild::RebuildSummary;

use crate::Praxis;
use crate::viewer::Viewer;

/// A hit loaded from the database.
#[derive(Debug, Clone)]
pub enum SearchTarget {
    Thread(thread::Model),
    Post(post::Model),
    Document(Box<document::Model>),
}

#[derive(Debug, Clone)]
pub struct SearchHit {
    pub target: SearchTarget,
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
        };
        let index = self.search_index();
        let results = tokio::task::spawn_blocking(move || index.search(&request))
            .await
            .context("search task")?
            .map_err(|e| match e {
                SearchError::Query(q) => Error::bad_input("query", q.to_string()),
                SearchError::Internal(message) => Error::Internal(anyhow::anyhow!(message)),
            })?;
        let hits = self.load_hits(viewer, results.hits).await?;
        Ok(SearchOutcome {
            hits,
            total: results.total,
            facets: results.facets,
            took_ms: started.elapsed().as_secs_f64() * 1000.0,
        })
    }

    /// Loads hits through the visibility predicate, keeping their order; anything the database
    /// no longer shows this viewer is dropped.
    async fn load_hits(
        &self,
        viewer: &Viewer,
        hits: Vec<praxis_search::Hit>,
    ) -> Result<Vec<SearchHit>> {
        let db = &self.db.conn;
        let reader = viewer.reader();
        let ids = |kind: DocKind| -> Vec<Uuid> {
            hits.iter().filter(|h| h.kind == kind).map(|h| h.id).collect()
        };
        let found_threads = threads::readable_by_ids(db, &reader, &ids(DocKind::Thread))
            .await
            .context("load thread hits")?;
        let found_posts = posts::readable_by_ids(db, &reader, &ids(DocKind::Post))
            .await
            .context("load post hits")?;
        let found_documents = documents::readable_by_ids(db, &reader, &ids(DocKind::Document))
            .await
            .context("load document hits")?;
        Ok(hits
            .into_iter()
            .filter_map(|hit| {
                let target = match hit.kind {
                    DocKind::Thread => {
                        SearchTarget::Thread(found_threads.iter().find(|t| t.id == hit.id)?.clone())
                    }
                    DocKind::Post => {
                        SearchTarget::Post(found_posts.iter().find(|p| p.id == hit.id)?.clone())
                    }
                    DocKind::Document => SearchTarget::Document(Box::new(
                        found_documents.iter().find(|d| d.id == hit.id)?.clone(),
                    )),
                };
                Some(SearchHit { target, score: hit.score, title: hit.title, snippet: hit.snippet })
            })
            .collect())
    }
}
