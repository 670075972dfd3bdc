//! The UN General Debate corpus, and its statements as import records.

use std::io::{BufRead as _, BufReader};

use serde::Deserialize;

#[derive(Debug, Clone, Deserialize)]
pub struct Statement {
    pub id: String,
    pub country: String,
    pub session: u32,
    pub year: i32,
    pub text: String,
}

pub fn read(path: &str, limit: Option<usize>) -> anyhow::Result<Vec<Statement>> {
    let file = std::fs::File::open(path)?;
    let reader = BufReader::new(flate2::read::GzDecoder::new(file));
    let mut statements = Vec::new();
    for line in reader.lines() {
        let line = line?;
        if line.trim().is_empty() {
            continue;
        }
        statements.push(serde_json::from_str(&line)?);
        if limit.is_some_and(|l| statements.len() >= l) {
            break;
        }
    }
    Ok(statements)
}

/// Each statement as a published STATEMENT document, numbered like lines of an import file.
pub fn as_import_lines(statements: &[Statement]) -> Vec<(usize, String)> {
    statements
        .iter()
        .enumerate()
        .map(|(i, s)| {
            // Some transcripts carry stray control characters (page breaks and the like), which
            // the import refuses as any other would; they become spaces here.
            let text: String =
                s.text.chars().map(|c| if c.is_control() && !matches!(c, '\n' | '\t') { ' ' } else { c }).collect();
            let summary: String = text.chars().take(300).collect();
            // Former states (USSR, Yugoslavia, Czechoslovakia...) have no current ISO code.
            let countries: Vec<String> = praxis_core::taxonomy::country("countries", &s.country).into_iter().collect();
            let record = serde_json::json!({
                "title": format!("Statement of {} at session {} ({})", s.country, s.session, s.year),
                "kind": "STATEMENT",
                "summary": if summary.trim().is_empty() { s.id.clone() } else { summary },
                "body": text,
                "language": "en",
                "countries": countries,
                "year": s.year,
                "status": "PUBLISHED",
                "publishedAt": format!("{}-09-15T00:00:00Z", s.year),
            });
            (i + 1, record.to_string())
        })
        .collect()
}
