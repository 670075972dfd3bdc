//! The one indexer: it follows the outbox from the index's own watermark (the sequence number
//! committed with the index), so after a crash at any moment it resumes with nothing missing and
//! nothing applied out of order.

use std::sync::Arc;
use std::time::{Duration, Instant};

use anyhow::Context as _;
use praxis_core::Result;
use praxis_db::outbox::{self, Position};
use praxis_search::SearchIndex;

use super::BATCH;
use super::index_docs::changes_for;
use crate::Praxis;

const BACKOFF: Duration = Duration::from_secs(2);
/// How soon the indexer looks again while committed changes wait behind a transaction still
/// running (PostgreSQL, see `outbox::after`): that transaction's end wakes nothing here, and it may
/// belong to another database of the cluster.
const HELD_BACK_RETRY: Duration = Duration::from_millis(100);
/// How long `index_until_caught_up` waits for running transactions that hold the outbox back,
/// and how often it looks again meanwhile.
const CATCH_UP_PATIENCE: Duration = Duration::from_secs(30);
const HELD_BACK: Duration = Duration::from_millis(10);

/// Changes applied since the last upkeep (planner statistics, outbox pruning) that call for it.
const CHANGES_BEFORE_UPKEEP: usize = 1_000;
/// The longest between two upkeeps.
const UPKEEP_EVERY: Duration = Duration::from_secs(3600);
/// How long applied outbox rows are kept. A rebuild (`praxis reindex`, perhaps in another
/// process) takes the outbox up from where it began, which the live index may have long passed
/// by the time the rebuild is published; no rebuild runs for a week.
const KEEP_APPLIED: chrono::TimeDelta = chrono::TimeDelta::days(7);

/// Runs until `shutdown` completes. This server's own changes wake it at once; it looks for
/// other processes' every `poll`.
pub async fn run_indexer(praxis: Arc<Praxis>, poll: Duration, shutdown: impl Future<Output = ()>) {
    tokio::pin!(shutdown);
    let mut changed_since_upkeep = 0;
    let mut last_upkeep = Instant::now();
    loop {
        let (pause, wakeable) = match praxis.index_pending().await {
            // An error here would be met again, and reported, at the next `index_pending`.
            Ok(0) if praxis.outbox_held_back().await.unwrap_or(false) => {
                (HELD_BACK_RETRY.min(poll), true)
            }
            Ok(0) => {
                // Idle: after a bulk change (an import), the database's statistics are stale.
                if changed_since_upkeep >= CHANGES_BEFORE_UPKEEP
                    || last_upkeep.elapsed() >= UPKEEP_EVERY
                {
                    upkeep(&praxis).await;
                    changed_since_upkeep = 0;
                    last_upkeep = Instant::now();
                }
                (poll, true)
            }
            Ok(applied) => {
                changed_since_upkeep += applied;
                (Duration::ZERO, true)
            }
            Err(e) => {
                tracing::error!(error = ?e, "indexing failed; retrying");
                // Not cut short by the next change: a lasting failure (a full disk) would
                // otherwise be retried and logged at every write.
                (BACKOFF, false)
            }
        };
        tokio::select! {
            () = &mut shutdown => break,
            () = tokio::time::sleep(pause) => {}
            () = praxis.index_wake.notified(), if wakeable => {}
        }
    }
    tracing::info!("indexer stopped");
}

/// Refreshes the planner statistics and drops the outbox rows no one needs any more.
async fn upkeep(praxis: &Praxis) {
    if let Err(e) = praxis.db.optimize().await {
        tracing::warn!(error = %e, "refreshing planner statistics failed");
    }
    match praxis.prune_outbox().await {
        Ok(pruned) => tracing::debug!(pruned, "outbox pruned"),
        Err(e) => tracing::warn!(error = ?e, "pruning the outbox failed"),
    }
}

impl Praxis {
    /// Deletes the outbox rows the index has applied that are older than `KEEP_APPLIED`;
    /// returns how many.
    pub async fn prune_outbox(&self) -> Result<u64> {
        // Not while a batch is applied or a rebuild is switched to.
        let _one_batch_at_a_time = self.index_lock.lock().await;
        let Some(applied) = applied(&self.search_index())? else { return Ok(0) };
        let written_before = praxis_db::now() - KEEP_APPLIED;
        let pruned = outbox::prune(&self.db.conn, applied, written_before)
            .await
            .context("prune the outbox")?;
        Ok(pruned)
    }

    /// Whether committed outbox rows wait behind a transaction still running. Never on SQLite,
    /// whose one writer commits in order.
    async fn outbox_held_back(&self) -> Result<bool> {
        if self.db.backend() != sea_orm::DatabaseBackend::Postgres {
            return Ok(false);
        }
        let Some(applied) = applied(&self.search_index())? else { return Ok(false) };
        let newest = outbox::newest(&self.db.conn).await.context("read the outbox end")?;
        Ok(newest > applied)
    }

    /// Applies the next batch of outbox rows to the index; returns how many it applied.
    pub async fn index_pending(&self) -> Result<usize> {
        let _one_batch_at_a_time = self.index_lock.lock().await;
        self.follow_published_rebuild()?;
        let index = self.search_index();
        let Some(watermark) = applied(&index)? else {
            // A new index: the tables hold everything, where the outbox keeps only what is recent.
            self.fill_from_tables(&index).await?;
            return Ok(index.num_docs().try_into().unwrap_or(usize::MAX));
        };
        let rows = outbox::after(&self.db.conn, watermark, BATCH as u64)
            .await
            .context("read the outbox")?;
        let Some(last) = rows.last().map(Position::of) else { return Ok(0) };
        let changes = changes_for(&self.db.conn, &rows).await?;
        tokio::task::spawn_blocking(move || index.apply(&changes, Some(&last.to_string())))
            .await
            .context("index apply task")??;
        tracing::debug!(rows = rows.len(), position = %last, "index updated");
        Ok(rows.len())
    }

    /// Indexes until the index has applied every change committed before the call. On
    /// PostgreSQL a transaction still running holds back the rows after it (`outbox::after`),
    /// so this waits for such transactions to end, up to `CATCH_UP_PATIENCE`.
    pub async fn index_until_caught_up(&self) -> Result<()> {
        let target = outbox::newest(&self.db.conn).await.context("read the outbox end")?;
        let deadline = Instant::now() + CATCH_UP_PATIENCE;
        loop {
            let applied = applied(&self.search_index())?;
            if applied.is_some_and(|at| at >= target) {
                return Ok(());
            }
            // An unfilled index is filled first, whatever that found to index.
            if self.index_pending().await? == 0 && applied.is_some() {
                if Instant::now() >= deadline {
                    return Err(anyhow::anyhow!(
                        "the search index is held at {applied:?}, short of {target}, by a \
                         database transaction still running"
                    )
                    .into());
                }
                tokio::time::sleep(HELD_BACK).await;
            }
        }
    }
}

/// How far into the outbox `index` is; None for an index never filled.
fn applied(index: &SearchIndex) -> Result<Option<Position>> {
    let Some(watermark) = index.watermark() else { return Ok(None) };
    let position = watermark.parse().with_context(|| {
        format!(
            "the search index's watermark {watermark:?} is no outbox position; run `praxis reindex`"
        )
    })?;
    Ok(Some(position))
}
