//! `praxis import documents FILE.jsonl[.gz] --as EMAIL`: batches of records, a progress bar on
//! the terminal, and a summary that lists every refused line with what to fix. A record already
//! in the library (imported before, or repeated in the file) is skipped, however its line is
//! spaced, so the file can be imported again once its refused lines are fixed.

use std::io::{BufRead as _, BufReader, Write as _};
use std::path::Path;

use anyhow::Context as _;
use indicatif::{ProgressBar, ProgressStyle};
use praxis_service::{ImportReport, Praxis};

const BATCH: usize = 500;
/// Refused lines listed in full; the rest are counted.
const FAILURES_SHOWN: usize = 50;

fn reader(path: &Path) -> anyhow::Result<Box<dyn std::io::BufRead>> {
    let file = std::fs::File::open(path).with_context(|| format!("opening {}", path.display()))?;
    let gzipped = path.extension().is_some_and(|e| e == "gz");
    Ok(if gzipped {
        Box::new(BufReader::new(flate2::read::GzDecoder::new(file)))
    } else {
        Box::new(BufReader::new(file))
    })
}

/// Imports every record of the file it can and reports the rest; fails (after the report) if
/// any line was refused, so that a script notices.
pub async fn documents(praxis: &Praxis, path: &Path, as_email: &str) -> anyhow::Result<()> {
    let viewer = praxis.viewer_by_email(as_email).await.map_err(|e| anyhow::anyhow!("{e}"))?;
    let progress = ProgressBar::new_spinner();
    progress.set_style(
        ProgressStyle::with_template("{spinner} {pos} lines read, {msg} [{elapsed}]")
            .unwrap_or(ProgressStyle::default_spinner()),
    );
    let mut report = ImportReport::default();
    let mut batch = Vec::with_capacity(BATCH);
    let (mut lines, mut records) = (0usize, 0usize);
    for (number, line) in reader(path)?.lines().enumerate() {
        let line =
            line.with_context(|| format!("reading line {} of {}", number + 1, path.display()))?;
        lines += 1;
        if line.trim().is_empty() {
            continue;
        }
        records += 1;
        batch.push((number + 1, line));
        if batch.len() == BATCH {
            let done = praxis.import_documents(&viewer, std::mem::take(&mut batch)).await;
            add_batch(&mut report, done)?;
            progress.set_position(lines as u64);
            progress.set_message(format!("{} refused", report.failures.len()));
        }
    }
    if !batch.is_empty() {
        add_batch(&mut report, praxis.import_documents(&viewer, batch).await)?;
    }
    progress.finish_and_clear();
    let ImportReport { failures, already_imported } = report;
    let mut out = std::io::stdout().lock();
    let imported = records - failures.len() - already_imported;
    writeln!(out, "{}", summary(imported, lines, already_imported, failures.len()))?;
    for failure in failures.iter().take(FAILURES_SHOWN) {
        writeln!(out, "  line {}: {}", failure.line, failure.message)?;
    }
    if failures.len() > FAILURES_SHOWN {
        writeln!(out, "  ... and {} more", failures.len() - FAILURES_SHOWN)?;
    }
    anyhow::ensure!(failures.is_empty(), "{}", refusal(failures.len(), records));
    Ok(())
}

/// The closing error of an import that refused some of its `records`.
fn refusal(refused: usize, records: usize) -> String {
    format!(
        "{refused} of {} {} refused; the others are imported. Fix the lines listed and import the \
         file again: records already in the library are skipped (those imported before this \
         version of Praxis excepted)",
        counted(records, "record", "records"),
        if refused == 1 { "was" } else { "were" }
    )
}

/// The summary line of an import: "imported 1 document from 2 lines; 1 refused".
fn summary(imported: usize, lines: usize, already_imported: usize, refused: usize) -> String {
    let skipped = if already_imported > 0 {
        format!("; {already_imported} already in the library, skipped")
    } else {
        String::new()
    };
    format!(
        "imported {} from {}{skipped}; {refused} refused",
        counted(imported, "document", "documents"),
        counted(lines, "line", "lines"),
    )
}

/// `n` and the noun that agrees with it.
fn counted(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// Adds a batch's report to the file's.
fn add_batch(
    report: &mut ImportReport,
    batch: praxis_core::Result<ImportReport>,
) -> anyhow::Result<()> {
    let batch = batch.map_err(|e| anyhow::anyhow!("{e}"))?;
    report.failures.extend(batch.failures);
    report.already_imported += batch.already_imported;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::{refusal, summary};

    #[test]
    fn the_summary_counts_in_words_that_agree_with_the_numbers() {
        assert_eq!(summary(1, 1, 0, 0), "imported 1 document from 1 line; 0 refused");
        assert_eq!(
            summary(0, 5, 2, 2),
            "imported 0 documents from 5 lines; 2 already in the library, skipped; 2 refused"
        );
        assert!(refusal(1, 1).starts_with("1 of 1 record was refused; "), "{}", refusal(1, 1));
        assert!(refusal(2, 4).starts_with("2 of 4 records were refused; "), "{}", refusal(2, 4));
    }
}
