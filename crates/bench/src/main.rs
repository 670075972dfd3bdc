//! `cargo build --release -p praxis-server -p praxis-bench &&
//!  target/release/praxis-bench [CORPUS] [--limit N] [--postgres URL] [--praxis PATH]
//!  [--memory-cap-mb N]`
//!
//! Starts `praxis serve` as its own process on a fresh SQLite data directory, imports the UN
//! General Debate corpus into it with `praxis import documents` (as an operator would), then
//! measures, side by side in one run: the time until everything is searchable, search latency
//! p50/p99 at concurrency 1 and 2 for a term, a two-term AND and a phrase query through GraphQL
//! over HTTP (a one-line query with and without snippets, and the web app's own search request),
//! raw tantivy on the same index (opened by this process, with and without snippets), SQLite FTS5
//! and PostgreSQL full-text search on the same texts, the index size, and the server process's
//! resident memory. Last, it removes the index and starts the server again, which refills it from
//! the tables while serving (as after an upgrade that indexes documents another way), and
//! measures the time until all is searchable again and the memory that takes.
//! With `--memory-cap-mb`, the server runs in a memory cgroup of that size (root only).

// The table on standard output is what this program is for.
#![allow(clippy::print_stdout)]

mod baselines;
mod cgroup;
mod corpus;
mod cpu;
mod latency;
mod memory;
mod server;

use std::io::Write as _;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use anyhow::Context as _;
use clap::Parser as _;
use praxis_search::{IndexHome, SearchIndex};

use crate::baselines::Answer;
use crate::cpu::CpuTime;
use crate::latency::{Engine, Measured, engine, side_by_side};
use crate::memory::Memory;
use crate::server::ServerProcess;

const QUERIES: [(&str, &str, &str); 3] = [
    ("term", "peacekeeping", "peacekeeping"),
    ("two-term AND", "women security", "women security"),
    ("phrase", "\"gender equality\"", "gender equality"),
];
/// Searches measured per engine and row: 30 of them are slower than the p99. A stretch of noise
/// on the machine covers more searches of a fast engine than of a slow one: 10 ms of it cover 10
/// searches of a millisecond, as many as lie above the p99 of 1,000.
const SAMPLES: usize = 3000;
/// PostgreSQL's searches, which take tens of milliseconds each: 1,000 of them (10 slower than the
/// p99) already take minutes per row, and a stretch of noise covers few of them.
const POSTGRES_SAMPLES: usize = 1000;
const PRAXIS: &str = "Praxis GraphQL over HTTP";
const PRAXIS_WEB: &str = "Praxis, the web app's search page (20 hits, facets, each hit's row)";
/// The web app's own search request, beside the benchmark's one-line query.
const WEB_SEARCH: &str = include_str!("../../../web/src/graphql/search.graphql");
const RAW: &str = "raw tantivy, same index";
/// The same two without snippets: the top 10 as PostgreSQL's ids-only answer finds them (Praxis
/// still gives their titles and the count of all hits).
const PRAXIS_BARE: &str = "Praxis GraphQL over HTTP, without snippets (top 10 titles, total count)";
const RAW_BARE: &str = "raw tantivy, same index, without snippets";
const TRIVIAL: &str = "trivial GraphQL query";
const FTS5: &str = "SQLite FTS5 (bm25)";
const PG_IDS: &str = "PostgreSQL FTS (tsvector, GIN, ts_rank), top 10 ids";
const PG_PAGE: &str =
    "PostgreSQL FTS, the same page (top 10, titles, ts_headline snippets, total count)";
const OPERATOR: &str = "bench@praxis.test";
/// Every imported title reads "Statement of ...", so this finds each statement once indexed.
const EVERY_STATEMENT: &str =
    "{ search(query: \"statement \", filter: { kinds: [DOCUMENT] }, first: 1) { totalCount } }";

/// Side-by-side search benchmarks on the UN General Debate corpus; BENCHMARKS.md says what each
/// number means.
#[derive(clap::Parser)]
struct Args {
    /// The corpus: gzipped JSON Lines, one statement a line.
    #[arg(default_value = "../shared/corpus/un-general-debates.jsonl.gz")]
    corpus: String,
    /// Only the first N statements, for a quicker run.
    #[arg(long, value_name = "N")]
    limit: Option<usize>,
    /// The PostgreSQL to compare with; without it, PostgreSQL's rows are left out.
    #[arg(long, value_name = "URL", env = "PRAXIS_BENCH_POSTGRES")]
    postgres: Option<String>,
    /// The `praxis` binary to start (default: the one beside this benchmark).
    #[arg(long, value_name = "PATH")]
    praxis: Option<PathBuf>,
    /// Runs the server in a memory cgroup of this many megabytes (root only).
    #[arg(long, value_name = "N")]
    memory_cap_mb: Option<u64>,
}

/// Polls the server until a search finds all `expected` statements.
async fn wait_until_searchable(
    http: &reqwest::Client,
    url: &str,
    expected: usize,
) -> anyhow::Result<()> {
    let deadline = Instant::now() + Duration::from_secs(900);
    loop {
        let body: serde_json::Value = http
            .post(url)
            .json(&serde_json::json!({ "query": EVERY_STATEMENT }))
            .send()
            .await?
            .json()
            .await?;
        let found = body["data"]["search"]["totalCount"].as_u64().unwrap_or(0);
        if found as usize >= expected {
            return Ok(());
        }
        anyhow::ensure!(Instant::now() < deadline, "only {found} of {expected} searchable: {body}");
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
}

/// Waits until tantivy's background merges have settled: the index's list of segments
/// (meta.json) unchanged for a while. Returns how long that took.
async fn wait_until_merged(index_dir: &std::path::Path) -> Duration {
    const QUIET: Duration = Duration::from_secs(10);
    const LONGEST: Duration = Duration::from_secs(600);
    let started = Instant::now();
    let meta = index_dir.join("meta.json");
    let mut last = std::fs::read(&meta).ok();
    let mut unchanged_since = Instant::now();
    while unchanged_since.elapsed() < QUIET && started.elapsed() < LONGEST {
        tokio::time::sleep(Duration::from_millis(500)).await;
        let now = std::fs::read(&meta).ok();
        if now != last {
            last = now;
            unchanged_since = Instant::now();
        }
    }
    started.elapsed().saturating_sub(QUIET)
}

type Row = (&'static str, &'static str, usize, Measured);

fn find(rows: &[Row], engine: &str, query: &str, concurrency: usize) -> Option<Measured> {
    rows.iter()
        .find(|(e, q, c, _)| *e == engine && *q == query && *c == concurrency)
        .map(|(_, _, _, measured)| *measured)
}

/// The engine whose p99 an engine's is compared with: raw tantivy doing the same work.
fn baseline_of(engine: &str) -> &'static str {
    if engine == PRAXIS_BARE || engine == RAW_BARE { RAW_BARE } else { RAW }
}

/// The latency targets, row by row: each Praxis query's p99 against twice raw tantivy's doing the
/// same work, plus the trivial GraphQL query's measured beside them; PostgreSQL's p99 over that
/// of the Praxis query giving the same answer (at least 10x); and the CPU time the hypervisor took
/// while each of the three engines the first compares was measured.
fn print_targets(rows: &[Row]) {
    println!(
        "| query | concurrency | Praxis p99 ms | limit: 2 x raw tantivy + trivial query, ms | \
         Praxis without snippets p99 ms | limit: 2 x raw tantivy without snippets + trivial \
         query, ms | PostgreSQL top 10 ids / Praxis without snippets | PostgreSQL same page / \
         Praxis | CPU time the hypervisor took: Praxis, raw tantivy, trivial query |"
    );
    println!("|---|---|---|---|---|---|---|---|---|");
    for (name, _, _) in QUERIES {
        for concurrency in [1, 2] {
            let measured = |engine| find(rows, engine, name, concurrency);
            let (Some(praxis), Some(bare), Some(raw), Some(raw_bare), Some(trivial)) = (
                measured(PRAXIS),
                measured(PRAXIS_BARE),
                measured(RAW),
                measured(RAW_BARE),
                measured(TRIVIAL),
            ) else {
                continue;
            };
            let times = |engine, praxis: Measured| {
                measured(engine)
                    .map_or("-".to_owned(), |pg| format!("{:.1}x", pg.p99_ms / praxis.p99_ms))
            };
            println!(
                "| {name} | {concurrency} | {:.2} | {:.2} | {:.2} | {:.2} | {} | {} | {}, {}, {} |",
                praxis.p99_ms,
                2.0 * raw.p99_ms + trivial.p99_ms,
                bare.p99_ms,
                2.0 * raw_bare.p99_ms + trivial.p99_ms,
                times(PG_IDS, bare),
                times(PG_PAGE, praxis),
                percent(praxis.stolen_percent),
                percent(raw.stolen_percent),
                percent(trivial.stolen_percent)
            );
        }
    }
}

fn percent(share: Option<f64>) -> String {
    share.map_or("-".to_owned(), |share| format!("{share:.1}%"))
}

/// The server's memory sampled every 100 ms, keeping the peak, until finished (or dropped).
struct PeakSampler {
    peak: Arc<Mutex<Memory>>,
    task: tokio::task::JoinHandle<()>,
}

impl PeakSampler {
    fn start(server: &ServerProcess) -> Self {
        let peak = Arc::new(Mutex::new(server.memory()));
        let pid = server.pid();
        let task_peak = Arc::clone(&peak);
        let task = tokio::spawn(async move {
            loop {
                let now = memory::memory_of(pid);
                if let Ok(mut peak) = task_peak.lock() {
                    *peak = peak.max(now);
                }
                tokio::time::sleep(Duration::from_millis(100)).await;
            }
        });
        Self { peak, task }
    }

    /// Stops sampling; the sample with the most resident memory.
    fn finish(self) -> Memory {
        self.task.abort();
        self.peak.lock().map(|p| *p).unwrap_or_default()
    }
}

impl Drop for PeakSampler {
    fn drop(&mut self) {
        self.task.abort();
    }
}

/// A server refilling its index from the tables, started on a data directory without one.
struct Refill {
    /// From the server's start until every statement is searchable again.
    took: Duration,
    peak: Memory,
    cap: Option<(u64, cgroup::CapReport)>,
}

/// Removes the server's index and starts the server again: it fills a new index from the tables
/// while it serves, as it does when its index is from an earlier version. The server at
/// `data_dir` must be stopped.
async fn refill(
    binary: &std::path::Path,
    data_dir: &std::path::Path,
    memory_cap_mb: Option<u64>,
    expected: usize,
) -> anyhow::Result<Refill> {
    let home = IndexHome::new(data_dir);
    std::fs::remove_dir_all(home.path_of(&home.current_name())).context("removing the index")?;
    let started = Instant::now();
    let server = ServerProcess::start(binary, data_dir, memory_cap_mb).await?;
    let sampler = PeakSampler::start(&server);
    let http = reqwest::Client::new();
    wait_until_searchable(&http, &format!("{}/graphql", server.url), expected).await?;
    let took = started.elapsed();
    let peak = sampler.finish();
    let cap = server.memory_cap();
    server.stop()?;
    Ok(Refill { took, peak, cap })
}

fn memory_row(m: Memory) -> String {
    format!("{:.0} MB ({:.0} MB heap, {:.0} MB mapped files)", m.rss_mb, m.anon_mb, m.file_mb)
}

/// The memory cap's line of the table.
fn cap_row(cap: Option<(u64, cgroup::CapReport)>) -> String {
    match cap {
        Some((limit, report)) => format!(
            "{limit} MB cgroup: at most {:.0} MB charged (heap and page cache), cap reached {} \
             times, {} OOM kills",
            report.peak_mb, report.limit_reached, report.oom_kills
        ),
        None => "none".to_owned(),
    }
}

/// Measures every engine of every query and concurrency, side by side; a row of the table each.
async fn measure_searches(
    http: &reqwest::Client,
    url: &str,
    index: &Arc<SearchIndex>,
    sqlite: &baselines::Fts5,
    postgres: Option<&baselines::PostgresFts>,
) -> anyhow::Result<Vec<Row>> {
    let mut rows: Vec<Row> = Vec::new();
    for (name, typed, plain) in QUERIES {
        for concurrency in [1, 2] {
            let mut engines: Vec<(&'static str, Engine, usize)> = Vec::new();
            let graphql = |request: serde_json::Value| {
                let (http, url) = (http.clone(), url.to_owned());
                engine(move || latency::graphql(http.clone(), url.clone(), request.clone()))
            };
            engines.push((
                TRIVIAL,
                graphql(serde_json::json!({ "query": "{ __typename }" })),
                SAMPLES,
            ));
            for (label, fields) in [(PRAXIS, "title snippet"), (PRAXIS_BARE, "title")] {
                let query = format!(
                    "{{ search(query: {}, first: 10) {{ totalCount edges {{ node {{ {fields} }} }} }} }}",
                    serde_json::to_string(typed)?
                );
                engines.push((label, graphql(serde_json::json!({ "query": query })), SAMPLES));
            }
            engines.push((
                PRAXIS_WEB,
                graphql(serde_json::json!({
                    "query": WEB_SEARCH,
                    "operationName": "Search",
                    "variables": { "query": typed, "first": 20 },
                })),
                SAMPLES,
            ));
            for (label, snippets) in [(RAW, true), (RAW_BARE, false)] {
                let (index, text) = (Arc::clone(index), typed.to_owned());
                let raw =
                    engine(move || latency::raw_tantivy(index.clone(), text.clone(), snippets));
                engines.push((label, raw, SAMPLES));
            }
            let (fts, fts_query) = (sqlite.clone(), baselines::Fts5::query_for(name, plain));
            engines.push((
                FTS5,
                engine(move || {
                    let (fts, q) = (fts.clone(), fts_query.clone());
                    async move { fts.search(&q).await }
                }),
                SAMPLES,
            ));
            if let Some(pg) = postgres {
                let function = baselines::PostgresFts::function_for(name);
                for (label, answer) in [(PG_IDS, Answer::TopIds), (PG_PAGE, Answer::SamePage)] {
                    let (pg, text) = (pg.clone(), plain.to_owned());
                    engines.push((
                        label,
                        engine(move || {
                            let (pg, text) = (pg.clone(), text.clone());
                            async move { pg.search(function, &text, answer).await }
                        }),
                        POSTGRES_SAMPLES,
                    ));
                }
            }
            let (labels, entrants): (Vec<&'static str>, Vec<(Engine, usize)>) = engines
                .into_iter()
                .map(|(label, engine, samples)| (label, (engine, samples)))
                .unzip();
            let measured = side_by_side(concurrency, &entrants).await?;
            for (label, measured) in labels.into_iter().zip(measured) {
                rows.push((label, name, concurrency, measured));
            }
        }
    }
    Ok(rows)
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let args = Args::parse();
    let binary = match args.praxis.clone() {
        Some(path) => path,
        None => server::default_binary()?,
    };
    let statements = corpus::read(&args.corpus, args.limit)
        .with_context(|| format!("reading {}", args.corpus))?;
    let corpus_bytes: usize = statements.iter().map(|s| s.text.len()).sum();
    eprintln!("read {} statements ({:.0} MB)", statements.len(), corpus_bytes as f64 / 1e6);

    let workspace = tempfile::tempdir()?;
    let data_dir = workspace.path().join("data");
    std::fs::create_dir_all(&data_dir)?;
    let import_file = workspace.path().join("statements.jsonl");
    {
        let mut file = std::io::BufWriter::new(std::fs::File::create(&import_file)?);
        for (_, line) in corpus::as_import_lines(&statements) {
            writeln!(file, "{line}")?;
        }
    }
    server::run(
        &binary,
        &data_dir,
        &[
            "user",
            "create",
            "--email",
            OPERATOR,
            "--display-name",
            "Benchmark",
            "--role",
            "admin",
            "--password-stdin",
        ],
        Some("lantern-orchid-Mekong-47"),
    )?;
    let praxis = ServerProcess::start(&binary, &data_dir, args.memory_cap_mb).await?;
    let memory_at_start = praxis.memory();
    let http = reqwest::Client::new();
    let url = format!("{}/graphql", praxis.url);

    let indexing_sampler = PeakSampler::start(&praxis);
    let started = Instant::now();
    let (b, d) = (binary.clone(), data_dir.clone());
    tokio::task::spawn_blocking(move || {
        let file = import_file.to_string_lossy();
        server::run(&b, &d, &["import", "documents", &file, "--as", OPERATOR], None)
    })
    .await??;
    let imported = started.elapsed();
    wait_until_searchable(&http, &url, statements.len()).await?;
    let searchable = started.elapsed();
    let memory_after_import = praxis.memory();
    eprintln!("searchable after {:.1} s", searchable.as_secs_f64());

    let home = IndexHome::new(&data_dir);
    let index_dir = home.path_of(&home.current_name());
    let index_mb_searchable = memory::dir_size_mb(&index_dir);
    let merging = wait_until_merged(&index_dir).await;
    let index_mb = memory::dir_size_mb(&index_dir);
    let memory_merged = praxis.memory();
    let indexing_peak = indexing_sampler.finish();
    eprintln!("merges settled {:.1} s later", merging.as_secs_f64());
    let index = Arc::new(SearchIndex::open(&home.path_of(&home.current_name()))?);
    let sqlite = baselines::Fts5::build(workspace.path(), &statements).await?;
    let postgres = match &args.postgres {
        Some(url) => Some(baselines::PostgresFts::build(url, &statements).await?),
        None => None,
    };
    let statement_count = statements.len();
    // The copies of the corpus are not needed any more; the measurements should not pay for them.
    drop(statements);

    let sampler = PeakSampler::start(&praxis);
    let searches_started = CpuTime::now();
    let measured = measure_searches(&http, &url, &index, &sqlite, postgres.as_ref()).await;
    let searches_cpu = CpuTime::now().since(searches_started);
    // The copy of the corpus in PostgreSQL goes whether the searches succeeded or not.
    if let Some(pg) = postgres {
        pg.remove().await?;
    }
    let rows = measured?;

    println!(
        "| engine | query | concurrency | p50 ms | p99 ms | p99 vs raw tantivy | \
         CPU time the hypervisor took meanwhile |"
    );
    println!("|---|---|---|---|---|---|---|");
    for (engine, query, concurrency, m) in &rows {
        let raw =
            find(&rows, baseline_of(engine), query, *concurrency).filter(|_| *engine != TRIVIAL);
        let ratio =
            raw.map_or("-".to_owned(), |raw| format!("{:.1}x", m.p99_ms / raw.p99_ms.max(0.001)));
        println!(
            "| {engine} | {query} | {concurrency} | {:.2} | {:.2} | {ratio} | {} |",
            m.p50_ms,
            m.p99_ms,
            percent(m.stolen_percent)
        );
    }
    println!();
    print_targets(&rows);
    println!();
    let peak = sampler.finish();
    let cap = praxis.memory_cap();
    praxis.stop()?;
    // Raw tantivy's reader of the index the refill removes.
    drop(index);
    // A refill that fails (the server killed at its cap, say) is reported in its row, not lost
    // with the rest of the table.
    let refilled = refill(&binary, &data_dir, args.memory_cap_mb, statement_count).await;
    println!("| measure | value |");
    println!("|---|---|");
    println!("| statements | {statement_count} ({:.0} MB of text) |", corpus_bytes as f64 / 1e6);
    println!(
        "| imported by `praxis import documents` (validated, stored, rendered) | {:.1} s |",
        imported.as_secs_f64()
    );
    println!("| all searchable through the running server | {:.1} s |", searchable.as_secs_f64());
    println!("| index on disk when all searchable | {index_mb_searchable:.0} MB |");
    println!(
        "| index on disk after background merges ({:.0} s later) | {index_mb:.0} MB |",
        merging.as_secs_f64()
    );
    println!("| server resident memory, started | {} |", memory_row(memory_at_start));
    println!("| server resident memory, all searchable | {} |", memory_row(memory_after_import));
    println!(
        "| server resident memory, peak while importing, indexing and merging | {} |",
        memory_row(indexing_peak)
    );
    println!("| server resident memory, merges settled | {} |", memory_row(memory_merged));
    println!("| server resident memory under search load (peak) | {} |", memory_row(peak));
    println!("| server memory cap | {} |", cap_row(cap));
    let refill_row = "all searchable again, the index removed and the server restarted (it \
                      refills the index from the tables)";
    match refilled {
        Ok(Refill { took, peak, cap }) => {
            println!("| {refill_row} | {:.1} s |", took.as_secs_f64());
            println!("| server resident memory, peak while refilling | {} |", memory_row(peak));
            println!("| server memory cap while refilling | {} |", cap_row(cap));
        }
        Err(e) => println!("| {refill_row} | failed: {e:#} |"),
    }
    println!(
        "| CPU time the hypervisor took while searches were measured | {} |",
        percent(searches_cpu.stolen_percent())
    );
    println!("| machine | {} |", memory::machine());
    Ok(())
}
