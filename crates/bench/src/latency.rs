//! Running a query many times at a given concurrency and reading off its percentiles.

use std::sync::Arc;
use std::time::Instant;

use praxis_search::{DocumentScope, Order, Scope, SearchFilters, SearchIndex, SearchRequest};

#[derive(Debug, Clone, Copy)]
pub struct Measured {
    pub p50_ms: f64,
    pub p99_ms: f64,
}

fn percentile(sorted: &[f64], p: f64) -> f64 {
    let rank = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted.get(rank).copied().unwrap_or_default()
}

/// Runs `iterations` calls of `once`, `concurrency` at a time, after a short warm-up.
pub async fn run_concurrently<F, Fut>(
    concurrency: usize,
    iterations: usize,
    once: F,
) -> anyhow::Result<Measured>
where
    F: Fn() -> Fut + Send + Sync + 'static,
    Fut: Future<Output = anyhow::Result<()>> + Send,
{
    let once = Arc::new(once);
    for _ in 0..10 {
        once().await?;
    }
    let per_worker = iterations / concurrency;
    let mut workers = Vec::new();
    for _ in 0..concurrency {
        let once = Arc::clone(&once);
        workers.push(tokio::spawn(async move {
            let mut times = Vec::with_capacity(per_worker);
            for _ in 0..per_worker {
                let started = Instant::now();
                once().await?;
                times.push(started.elapsed().as_secs_f64() * 1000.0);
            }
            anyhow::Ok(times)
        }));
    }
    let mut all = Vec::new();
    for worker in workers {
        all.extend(worker.await??);
    }
    all.sort_by(f64::total_cmp);
    Ok(Measured { p50_ms: percentile(&all, 0.50), p99_ms: percentile(&all, 0.99) })
}

pub async fn graphql(http: reqwest::Client, url: String, query: String) -> anyhow::Result<()> {
    let response = http.post(url).json(&serde_json::json!({ "query": query })).send().await?;
    let body: serde_json::Value = response.json().await?;
    anyhow::ensure!(body.get("errors").is_none(), "search failed: {body}");
    Ok(())
}

/// The same search as GraphQL makes, straight against the index (anonymous scope).
pub async fn raw_tantivy(index: Arc<SearchIndex>, text: String) -> anyhow::Result<()> {
    let request = SearchRequest {
        text,
        filters: SearchFilters::default(),
        scope: Scope { spaces: Vec::new(), documents: DocumentScope::PublishedOr(None) },
        order: Order::Relevance,
        offset: 0,
        limit: 10,
        // As the benchmark's GraphQL query, which asks for no facets.
        facets: false,
    };
    // On this thread, as the server runs its searches.
    tokio::task::block_in_place(move || index.search(&request))?;
    Ok(())
}
