//! `cargo run --release -p praxis-bench -- [CORPUS] [--limit N] [--postgres URL]`
//!
//! Imports the UN General Debate corpus as published STATEMENT documents into a fresh Praxis
//! (SQLite, in-process, spoken to over HTTP), then measures, side by side in one run: the time
//! until everything is searchable, search latency p50/p99 at concurrency 1 and 2 for a term, a
//! two-term AND and a phrase query through GraphQL, raw tantivy on the same index, SQLite FTS5
//! and PostgreSQL full-text search on the same texts, the index size, and resident memory.

// The table on standard output is what this program is for.
#![allow(clippy::print_stdout)]

mod baselines;
mod corpus;
mod latency;
mod memory;

use std::time::Instant;

use anyhow::Context as _;
use praxis_core::types::Role;
use praxis_server::Config;
use praxis_service::NewUser;

use crate::latency::{Measured, run_concurrently};

const QUERIES: [(&str, &str, &str); 3] = [
    ("term", "peacekeeping", "peacekeeping"),
    ("two-term AND", "women security", "women security"),
    ("phrase", "\"gender equality\"", "gender equality"),
];
const ITERATIONS: usize = 200;

struct Args {
    corpus: String,
    limit: Option<usize>,
    postgres: Option<String>,
}

fn args() -> Args {
    let mut args = Args {
        corpus: "../shared/corpus/un-general-debates.jsonl.gz".to_owned(),
        limit: None,
        postgres: std::env::var("PRAXIS_BENCH_POSTGRES").ok(),
    };
    let mut it = std::env::args().skip(1);
    while let Some(arg) = it.next() {
        match arg.as_str() {
            "--limit" => args.limit = it.next().and_then(|n| n.parse().ok()),
            "--postgres" => args.postgres = it.next(),
            path => args.corpus = path.to_owned(),
        }
    }
    args
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let args = args();
    let statements = corpus::read(&args.corpus, args.limit)
        .with_context(|| format!("reading {}", args.corpus))?;
    let corpus_bytes: usize = statements.iter().map(|s| s.text.len()).sum();
    eprintln!("read {} statements ({:.0} MB)", statements.len(), corpus_bytes as f64 / 1e6);

    let dir = tempfile::tempdir()?;
    let config = Config {
        data_dir: dir.path().to_path_buf(),
        bind: "127.0.0.1:0".parse()?,
        ..Config::default()
    };
    let server = praxis_server::spawn(config).await?;
    let praxis = server.praxis.clone();
    praxis
        .create_user(NewUser {
            email: "bench@praxis.test".into(),
            password: "lantern-orchid-Mekong-47".into(),
            display_name: "Benchmark".into(),
            role: Role::Admin,
        })
        .await
        .map_err(|e| anyhow::anyhow!("{e}"))?;
    let operator =
        praxis.viewer_by_email("bench@praxis.test").await.map_err(|e| anyhow::anyhow!("{e}"))?;

    let started = Instant::now();
    let records = corpus::as_import_lines(&statements);
    for chunk in records.chunks(500) {
        let failures = praxis
            .import_documents(&operator, chunk.to_vec())
            .await
            .map_err(|e| anyhow::anyhow!("{e}"))?;
        anyhow::ensure!(
            failures.is_empty(),
            "import refused lines: {:?}",
            failures.first().map(|f| &f.message)
        );
    }
    let imported = started.elapsed();
    praxis.index_until_caught_up().await.map_err(|e| anyhow::anyhow!("{e}"))?;
    let searchable = started.elapsed();
    let rss_after_import = memory::resident_mb();
    let index_mb = memory::dir_size_mb(&dir.path().join("index"));
    eprintln!("searchable after {:.1} s", searchable.as_secs_f64());

    let http = reqwest::Client::new();
    let url = format!("{}/graphql", server.url());
    let sqlite = baselines::Fts5::build(dir.path(), &statements).await?;
    let postgres = match &args.postgres {
        Some(url) => Some(baselines::PostgresFts::build(url, &statements).await?),
        None => None,
    };

    let mut rows: Vec<(String, &str, usize, Measured)> = Vec::new();
    let trivial = {
        let (http, url) = (http.clone(), url.clone());
        run_concurrently(1, ITERATIONS, move || {
            latency::graphql(http.clone(), url.clone(), "{ __typename }".to_owned())
        })
        .await?
    };
    rows.push(("trivial GraphQL query".into(), "-", 1, trivial));
    let mut peak_rss = memory::resident_mb();
    for (name, typed, plain) in QUERIES {
        for concurrency in [1, 2] {
            let query = format!(
                "{{ search(query: {}, first: 10) {{ totalCount edges {{ node {{ title snippet }} }} }} }}",
                serde_json::to_string(typed)?
            );
            let (h, u) = (http.clone(), url.clone());
            let graphql = run_concurrently(concurrency, ITERATIONS, move || {
                latency::graphql(h.clone(), u.clone(), query.clone())
            })
            .await?;
            rows.push(("Praxis GraphQL over HTTP".into(), name, concurrency, graphql));
            peak_rss = peak_rss.max(memory::resident_mb());
            let index = praxis.search_index();
            let text = typed.to_owned();
            let raw = run_concurrently(concurrency, ITERATIONS, move || {
                latency::raw_tantivy(index.clone(), text.clone())
            })
            .await?;
            rows.push(("raw tantivy, same index".into(), name, concurrency, raw));
            let fts = sqlite.clone();
            let fts_query = baselines::Fts5::query_for(name, plain);
            let measured = run_concurrently(concurrency, ITERATIONS, move || {
                let (fts, q) = (fts.clone(), fts_query.clone());
                async move { fts.search(&q).await }
            })
            .await?;
            rows.push(("SQLite FTS5 (bm25)".into(), name, concurrency, measured));
            if let Some(pg) = &postgres {
                let (pg, function) = (pg.clone(), baselines::PostgresFts::function_for(name));
                let text = plain.to_owned();
                let measured = run_concurrently(concurrency, ITERATIONS, move || {
                    let (pg, text) = (pg.clone(), text.clone());
                    async move { pg.search(function, &text).await }
                })
                .await?;
                rows.push((
                    "PostgreSQL FTS (tsvector, GIN, ts_rank)".into(),
                    name,
                    concurrency,
                    measured,
                ));
            }
        }
    }

    println!("| engine | query | concurrency | p50 ms | p99 ms | p99 vs raw tantivy |");
    println!("|---|---|---|---|---|---|");
    for (engine, query, concurrency, m) in &rows {
        let raw = rows
            .iter()
            .find(|(e, q, c, _)| e.starts_with("raw tantivy") && q == query && c == concurrency)
            .map(|(_, _, _, raw)| raw.p99_ms);
        let ratio = raw.map_or("-".to_owned(), |raw| format!("{:.1}x", m.p99_ms / raw.max(0.001)));
        println!(
            "| {engine} | {query} | {concurrency} | {:.2} | {:.2} | {ratio} |",
            m.p50_ms, m.p99_ms
        );
    }
    println!();
    println!("| measure | value |");
    println!("|---|---|");
    println!("| statements | {} ({:.0} MB of text) |", statements.len(), corpus_bytes as f64 / 1e6);
    println!("| imported (validated, stored, rendered) | {:.1} s |", imported.as_secs_f64());
    println!("| all searchable | {:.1} s |", searchable.as_secs_f64());
    println!("| index on disk | {index_mb:.0} MB |");
    println!("| resident memory after import | {rss_after_import:.0} MB |");
    println!("| resident memory under search load (peak sampled) | {peak_rss:.0} MB |");
    println!("| machine | {} |", memory::machine());
    server.shutdown().await?;
    Ok(())
}
