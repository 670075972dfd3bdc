//! The one indexer: it follows the outbox from the index's own watermark (the sequence number
//! committed with the index), so after a crash at any moment it resumes with nothing missing and
//! nothing applied out of order.

use std::sync::Arc;
use std::time::{Duration, Instant};

use anyhow::Context as _;
use praxis_core::Result;
use praxis_db::outbox;

use super::index_docs::changes_for;
use crate::Praxis;

/// Outbox rows applied per index commit. A library document can be 100 KB of text, held in
/// several copies until it is indexed, so a batch is kept small enough to bound that memory.
const BATCH: u64 = 250;
/// How often the indexer looks for changes when nothing woke it.
const POLL: Duration = Duration::from_millis(200);
const BACKOFF: Duration = Duration::from_secs(2);

/// Changes applied since the planner statistics were last refreshed that call for a refresh.
const CHANGES_BEFORE_OPTIMIZE: usize = 1_000;
/// The longest the statistics go without a refresh.
const OPTIMIZE_EVERY: Duration = Duration::from_secs(3600);

/// Runs until `shutdown` completes.
pub async fn run_indexer(praxis: Arc<Praxis>, shutdown: impl Future<Output = ()>) {
    tokio::pin!(shutdown);
    let mut changed_since_optimize = 0;
    let mut last_optimize = Instant::now();
    loop {
        let pause = match praxis.index_pending().await {
            Ok(0) => {
                // Idle: after a bulk change (an import), the database's statistics are stale.
                if changed_since_optimize >= CHANGES_BEFORE_OPTIMIZE
                    || last_optimize.elapsed() >= OPTIMIZE_EVERY
                {
                    if let Err(e) = praxis.db.optimize().await {
                        tracing::warn!(error = %e, "refreshing planner statistics failed");
                    }
                    changed_since_optimize = 0;
                    last_optimize = Instant::now();
                }
                POLL
            }
            Ok(applied) => {
                changed_since_optimize += applied;
                Duration::ZERO
            }
            Err(e) => {
                tracing::error!(error = ?e, "indexing failed; retrying");
                BACKOFF
            }
        };
        tokio::select! {
            () = &mut shutdown => break,
            () = tokio::time::sleep(pause) => {}
            () = praxis.index_wake.notified() => {}
        }
    }
    tracing::info!("indexer stopped");
}

impl Praxis {
    /// Applies the next batch of outbox rows to the index; returns how many it applied.
    pub async fn index_pending(&self) -> Result<usize> {
        let _one_batch_at_a_time = self.index_lock.lock().await;
        self.follow_published_rebuild()?;
        let index = self.search_index();
        let watermark = tokio::task::spawn_blocking({
            let index = Arc::clone(&index);
            move || index.applied_seq()
        })
        .await
        .context("index watermark task")??;
        let rows =
            outbox::after(&self.db.conn, watermark, BATCH).await.context("read the outbox")?;
        let Some(last) = rows.last().map(|r| r.seq) else { return Ok(0) };
        let changes = changes_for(&self.db.conn, &rows).await?;
        tokio::task::spawn_blocking(move || index.apply(&changes, last))
            .await
            .context("index apply task")??;
        tracing::debug!(rows = rows.len(), seq = last, "index updated");
        Ok(rows.len())
    }

    /// Indexes until the index has caught up with the outbox as it stands now.
    pub async fn index_until_caught_up(&self) -> Result<()> {
        let target = outbox::last_seq(&self.db.conn).await.context("read the outbox end")?;
        loop {
            let index = self.search_index();
            let applied = tokio::task::spawn_blocking(move || index.applied_seq())
                .await
                .context("watermark task")??;
            if applied >= target || self.index_pending().await? == 0 {
                return Ok(());
            }
        }
    }
}
