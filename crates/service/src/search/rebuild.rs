//! `praxis reindex`: a complete index built from the database into a new generation, then
//! published; a running server switches to it at its indexer's next tick. An index without a
//! watermark (new, or replaced after an upgrade) is filled the same way.

use std::sync::Arc;
use std::time::Instant;

use anyhow::Context as _;
use praxis_core::Result;
use praxis_db::entities::{document, outbox, post, thread};
use praxis_db::outbox::{self as outbox_rows, Entity, Op};
use praxis_search::SearchIndex;
use sea_orm::{EntityTrait, QuerySelect};
use uuid::Uuid;

use super::BATCH;
use super::index_docs::changes_for;
use crate::Praxis;

#[derive(Debug, Clone)]
pub struct RebuildSummary {
    pub documents: u64,
    pub seconds: f64,
    pub generation: String,
}

fn rows(entity: Entity, ids: &[Uuid]) -> Vec<outbox::Model> {
    ids.iter()
        .map(|id| outbox::Model {
            seq: 0,
            entity: entity.as_str().to_owned(),
            entity_id: *id,
            op: Op::Upsert.as_str().to_owned(),
            created_at: praxis_db::now(),
            txid: 0,
        })
        .collect()
}

impl Praxis {
    pub async fn rebuild_search_index(&self) -> Result<RebuildSummary> {
        let started = Instant::now();
        let (generation, path) = self.index_home.new_generation();
        let fresh = Arc::new(SearchIndex::open(&path)?);
        self.fill_from_tables(&fresh).await?;
        let count = fresh.num_docs();
        drop(fresh);
        self.index_home.publish(&generation)?;
        tracing::info!(%generation, documents = count, "search index rebuilt");
        Ok(RebuildSummary {
            documents: count,
            seconds: started.elapsed().as_secs_f64(),
            generation,
        })
    }

    /// Indexes every thread, post and document as the tables hold them now, and commits with
    /// the outbox position from which the indexer applies the changes made meanwhile.
    pub(crate) async fn fill_from_tables(&self, index: &Arc<SearchIndex>) -> Result<()> {
        let db = &self.db.conn;
        let watermark = outbox_rows::settled(db).await.context("read the outbox end")?.to_string();
        let threads: Vec<Uuid> = thread::Entity::find()
            .select_only()
            .column(thread::Column::Id)
            .into_tuple()
            .all(db)
            .await
            .context("thread ids")?;
        let posts: Vec<Uuid> = post::Entity::find()
            .select_only()
            .column(post::Column::Id)
            .into_tuple()
            .all(db)
            .await
            .context("post ids")?;
        let documents: Vec<Uuid> = document::Entity::find()
            .select_only()
            .column(document::Column::Id)
            .into_tuple()
            .all(db)
            .await
            .context("document ids")?;
        let mut all = rows(Entity::Thread, &threads);
        all.extend(rows(Entity::Post, &posts));
        all.extend(rows(Entity::Document, &documents));
        // What an earlier fill, cut short, left behind may have been deleted since.
        let cleared = Arc::clone(index);
        tokio::task::spawn_blocking(move || cleared.clear()).await.context("clear task")??;
        for batch in all.chunks(BATCH) {
            let changes = changes_for(db, batch).await?;
            let index = Arc::clone(index);
            // Without a watermark until the end: cut short, the index still reads as unfilled.
            tokio::task::spawn_blocking(move || index.apply(&changes, None))
                .await
                .context("fill task")??;
        }
        let index = Arc::clone(index);
        tokio::task::spawn_blocking(move || index.apply(&[], Some(&watermark)))
            .await
            .context("fill task")??;
        Ok(())
    }

    /// Switches to a generation published by a rebuild, if there is a new one.
    pub(crate) fn follow_published_rebuild(&self) -> Result<()> {
        let published = self.index_home.current_name();
        let live = self.search_index.read().unwrap_or_else(|e| e.into_inner()).0.clone();
        if published == live {
            return Ok(());
        }
        let index = Arc::new(SearchIndex::open(&self.index_home.path_of(&published))?);
        *self.search_index.write().unwrap_or_else(|e| e.into_inner()) = (published.clone(), index);
        self.index_home.remove_stale(&published);
        tracing::info!(generation = %published, "switched to the rebuilt search index");
        Ok(())
    }
}
