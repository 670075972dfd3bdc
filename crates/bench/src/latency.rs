//! Running engines side by side at a given concurrency and reading off their percentiles.

use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::time::Instant;

use praxis_search::{DocumentScope, Order, Scope, SearchFilters, SearchIndex, SearchRequest};

use crate::cpu::CpuTime;

#[derive(Debug, Clone, Copy)]
pub struct Measured {
    pub p50_ms: f64,
    pub p99_ms: f64,
    /// The hypervisor's share of the machine's CPU time during this engine's turns.
    pub stolen_percent: Option<f64>,
}

fn percentile(sorted: &[f64], p: f64) -> f64 {
    let rank = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted.get(rank).copied().unwrap_or_default()
}

type Search = Pin<Box<dyn Future<Output = anyhow::Result<()>> + Send>>;

/// One engine's search, started afresh each time it is called.
pub type Engine = Arc<dyn Fn() -> Search + Send + Sync>;

pub fn engine<F, Fut>(once: F) -> Engine
where
    F: Fn() -> Fut + Send + Sync + 'static,
    Fut: Future<Output = anyhow::Result<()>> + Send + 'static,
{
    Arc::new(move || Box::pin(once()))
}

/// Searches an engine runs in a row before the next engine takes its turn, and the searches
/// before them that warm it up again and are not counted.
const BLOCK: usize = 50;
const WARM_UP: usize = 5;

/// Measures each engine of `entrants` for the number of searches given beside it,
/// `concurrency` at a time.
///
/// The engines take turns, a block of searches each, starting from a different engine each
/// round. On a shared machine a stretch of noise then falls on every engine alike, where
/// measuring one engine after another would let it fall on whichever happened to be running, and
/// the ratios between engines would measure the machine rather than the engines. Turns of a
/// single search each were tried: every search then followed another engine's (PostgreSQL's
/// take tens of milliseconds), so it measured waking an idle server and cold caches, and raw
/// tantivy's p50 doubled. An engine measured with fewer searches takes fewer turns, spread evenly
/// over the rounds. The CPU time the hypervisor took is counted over each engine's own turns, to
/// show whether that noise did fall on the engines alike.
pub async fn side_by_side(
    concurrency: usize,
    entrants: &[(Engine, usize)],
) -> anyhow::Result<Vec<Measured>> {
    let blocks: Vec<usize> = entrants.iter().map(|(_, samples)| samples.div_ceil(BLOCK)).collect();
    let rounds = blocks.iter().copied().max().unwrap_or_default();
    let mut times: Vec<Vec<f64>> =
        entrants.iter().map(|(_, samples)| Vec::with_capacity(*samples)).collect();
    let mut cpu = vec![CpuTime::default(); entrants.len()];
    for round in 0..rounds {
        for turn in 0..entrants.len() {
            let which = (round + turn) % entrants.len();
            // The rounds in which the count of this engine's turns so far goes up by one.
            if (round + 1) * blocks[which] / rounds > round * blocks[which] / rounds {
                let started = CpuTime::now();
                times[which].extend(block(&entrants[which].0, concurrency).await?);
                cpu[which] = cpu[which].add(CpuTime::now().since(started));
            }
        }
    }
    Ok(times
        .into_iter()
        .zip(cpu)
        .map(|(mut all, cpu)| {
            all.sort_by(f64::total_cmp);
            Measured {
                p50_ms: percentile(&all, 0.50),
                p99_ms: percentile(&all, 0.99),
                stolen_percent: cpu.stolen_percent(),
            }
        })
        .collect())
}

/// One turn of an engine: `concurrency` clients, each searching in a loop, the block between them.
///
/// Each client warms up on its own, at the block's concurrency, as it will then search: on the
/// runtime's workers (where raw tantivy runs) rather than the task that starts the block, and
/// with as many connections in use as the block will use.
async fn block(engine: &Engine, concurrency: usize) -> anyhow::Result<Vec<f64>> {
    let mut clients = tokio::task::JoinSet::new();
    for _ in 0..concurrency {
        let engine = Arc::clone(engine);
        clients.spawn(async move {
            for _ in 0..WARM_UP {
                engine().await?;
            }
            let mut times = Vec::with_capacity(BLOCK / concurrency);
            for _ in 0..BLOCK / concurrency {
                let started = Instant::now();
                engine().await?;
                times.push(started.elapsed().as_secs_f64() * 1000.0);
            }
            anyhow::Ok(times)
        });
    }
    let mut times = Vec::with_capacity(BLOCK);
    while let Some(client) = clients.join_next().await {
        times.extend(client??);
    }
    Ok(times)
}

/// Posts `request` (a GraphQL request in JSON) and checks that it had no errors.
pub async fn graphql(
    http: reqwest::Client,
    url: String,
    request: serde_json::Value,
) -> anyhow::Result<()> {
    let response = http.post(url).json(&request).send().await?;
    let body: serde_json::Value = response.json().await?;
    anyhow::ensure!(body.get("errors").is_none(), "search failed: {body}");
    Ok(())
}

/// The same search as GraphQL makes, straight against the index (anonymous scope).
pub async fn raw_tantivy(
    index: Arc<SearchIndex>,
    text: String,
    snippets: bool,
) -> anyhow::Result<()> {
    let request = SearchRequest {
        text,
        filters: SearchFilters::default(),
        scope: Scope { spaces: Vec::new(), documents: DocumentScope::PublishedOr(None) },
        order: Order::Relevance,
        after: None,
        limit: 10,
        // As the benchmark's GraphQL queries, which ask for no facets.
        facets: false,
        snippets,
    };
    // On this thread, as the server runs its searches.
    index.search(&request)?;
    Ok(())
}
