//! Bulk import of library documents: JSON records in batched transactions. A bad record gets an
//! error with its line number and nothing of it is written; the other records are imported. Each
//! imported document keeps a key of its record, so a file imported again after its refused lines
//! were fixed adds those and skips the records already in the library.

use std::collections::HashSet;

use anyhow::Context as _;
use chrono::{DateTime, Utc};
use praxis_core::ids::new_id;
use praxis_core::types::{DocumentKind, DocumentStatus, Pillar};
use praxis_core::{Error, Result};
use praxis_db::entities::document;
use sea_orm::{
    ActiveValue::Set, ColumnTrait, EntityTrait, QueryFilter, QuerySelect, TransactionTrait,
};
use serde::Deserialize;

use crate::documents::{Sections, record_event, store};
use crate::viewer::Viewer;
use crate::{DocumentInput, Praxis};

/// One line of an import file: the fields of DocumentInput plus status and publishedAt.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ImportRecord {
    pub title: String,
    pub kind: String,
    pub summary: String,
    pub body: Option<String>,
    pub sections: Option<Sections>,
    pub language: String,
    #[serde(default)]
    pub countries: Vec<String>,
    #[serde(default)]
    pub pillars: Vec<String>,
    #[serde(default)]
    pub priority_actions: Vec<String>,
    #[serde(default)]
    pub themes: Vec<String>,
    pub year: Option<i32>,
    pub organization_id: Option<String>,
    pub source_url: Option<String>,
    pub translation_of: Option<String>,
    /// DRAFT by default.
    pub status: Option<String>,
    pub published_at: Option<DateTime<Utc>>,
}

/// A record that was not imported, and why.
#[derive(Debug, Clone)]
pub struct ImportFailure {
    pub line: usize,
    pub message: String,
}

/// What became of the records of a batch, or of a whole file, besides those imported.
#[derive(Debug, Clone, Default)]
pub struct ImportReport {
    pub failures: Vec<ImportFailure>,
    /// Records already in the library, from an earlier import or an earlier line: skipped.
    pub already_imported: usize,
}

/// The key of a record: the SHA-256 of its JSON in one form (object keys sorted, no spaces), so
/// that a line rewritten by a formatter or by jq keeps its key and is not imported twice.
fn import_key(record: &serde_json::Value) -> String {
    crate::digest::sha256_hex(record.to_string().as_bytes())
}

/// One of `codes`, written in any case: a file written by hand says "policy" as often as
/// "POLICY", and either is unambiguous. A refusal lists the codes to choose from.
fn parse_code<T: Copy + std::fmt::Display>(field: &str, raw: &str, codes: &[T]) -> Result<T> {
    let wanted = raw.trim();
    let found = codes.iter().copied().find(|code| code.to_string().eq_ignore_ascii_case(wanted));
    found.ok_or_else(|| {
        let names: Vec<String> = codes.iter().map(T::to_string).collect();
        Error::bad_input(
            field,
            format!("`{raw}` is not a {field}; use one of {}", names.join(", ")),
        )
    })
}

/// When a record's document was published: the date it gives, or for a PUBLISHED record without
/// one, the import's. A record that was never published has no such date, and a date still to
/// come is most likely a typo, which readers would take as the report's date: both are refused
/// rather than dropped or kept unseen.
fn publication(
    status: DocumentStatus,
    published_at: Option<DateTime<Utc>>,
    now: DateTime<Utc>,
) -> Result<Option<DateTime<Utc>>> {
    let was_published = matches!(status, DocumentStatus::Published | DocumentStatus::Archived);
    match published_at {
        Some(_) if !was_published => Err(Error::bad_input(
            "publishedAt",
            format!(
                "a {} record has not been published (without a status, a record is a DRAFT): \
                 leave publishedAt out, or set status to PUBLISHED or ARCHIVED",
                status.as_str()
            ),
        )),
        Some(at) if at > now => Err(Error::bad_input(
            "publishedAt",
            format!(
                "{} is in the future: give the date the document was published",
                at.to_rfc3339()
            ),
        )),
        Some(at) => Ok(Some(at)),
        None => Ok((status == DocumentStatus::Published).then_some(now)),
    }
}

impl ImportRecord {
    fn into_input(
        self,
        now: DateTime<Utc>,
    ) -> Result<(DocumentInput, DocumentStatus, Option<DateTime<Utc>>)> {
        use praxis_core::ids::{GlobalId, NodeKind};
        let status = match &self.status {
            Some(status) => parse_code("status", status, DocumentStatus::ALL)?,
            None => DocumentStatus::Draft,
        };
        let published_at = publication(status, self.published_at, now)?;
        let input = DocumentInput {
            title: self.title,
            kind: parse_code("kind", &self.kind, DocumentKind::ALL)?,
            summary: self.summary,
            body: self.body,
            sections: self.sections,
            language: self.language,
            countries: self.countries,
            pillars: self
                .pillars
                .iter()
                .map(|p| parse_code("pillars", p, Pillar::ALL))
                .collect::<Result<_>>()?,
            priority_actions: self.priority_actions,
            themes: self.themes,
            year: self.year,
            organization_id: self
                .organization_id
                .map(|id| GlobalId::decode_as("organizationId", &id, NodeKind::Organization))
                .transpose()?,
            source_url: self.source_url,
            translation_of: self
                .translation_of
                .map(|id| GlobalId::decode_as("translationOf", &id, NodeKind::Document))
                .transpose()?,
        };
        Ok((input, status, published_at))
    }
}

impl Praxis {
    /// Imports one batch of (line number, JSON text) in one transaction, as `viewer` (who must
    /// moderate: imported documents may arrive already published). Returns the failures and how
    /// many records were there already.
    pub async fn import_documents(
        &self,
        viewer: &Viewer,
        lines: Vec<(usize, String)>,
    ) -> Result<ImportReport> {
        let actor = *viewer.actor()?;
        if !actor.role.moderates() {
            return Err(Error::forbidden("only moderators and admins can import documents"));
        }
        let mut report = ImportReport::default();
        let mut parsed = Vec::with_capacity(lines.len());
        for (line, text) in lines {
            match serde_json::from_str::<serde_json::Value>(&text) {
                Ok(value) => parsed.push((line, import_key(&value), value)),
                Err(e) => report.failures.push(ImportFailure { line, message: unreadable(&e) }),
            }
        }
        let now = praxis_db::now();
        let mut seen = self.imported_keys(parsed.iter().map(|(_, key, _)| key.clone())).await?;
        let mut valid = Vec::new();
        for (line, key, value) in parsed {
            if seen.contains(&key) {
                report.already_imported += 1;
                continue;
            }
            let record = match serde_json::from_value::<ImportRecord>(value) {
                Ok(record) => record,
                Err(e) => {
                    let message = format!("not a document record: {e}");
                    report.failures.push(ImportFailure { line, message });
                    continue;
                }
            };
            let checked = match record.into_input(now) {
                Ok((input, status, published_at)) => self
                    .validate_document(viewer, None, input)
                    .await
                    .map(|v| (v, status, published_at)),
                Err(e) => Err(e),
            };
            match checked {
                Ok(record) => {
                    seen.insert(key.clone());
                    valid.push((record, key));
                }
                Err(e) => report.failures.push(ImportFailure { line, message: describe(&e) }),
            }
        }
        let txn = self.db.conn.begin().await.context("begin import batch")?;
        for ((record, status, published), key) in valid {
            let listed = published.unwrap_or(now);
            let active = document::ActiveModel {
                id: Set(new_id()),
                author_id: Set(actor.user_id),
                status: Set(status.as_str().to_owned()),
                created_at: Set(now),
                listed_at: Set(listed),
                submitted_at: Set(None),
                published_at: Set(published),
                // Only a document still published is vouched for as current.
                last_verified_at: Set(published.filter(|_| status == DocumentStatus::Published)),
                import_key: Set(Some(key)),
                ..Default::default()
            };
            let stored = store(&txn, active, record, now, true).await.map_err(written_meanwhile)?;
            record_event(&txn, stored.id, status, &actor, Some("imported".to_owned())).await?;
        }
        self.commit_for_search(txn, "commit import batch").await?;
        // Refused lines are reported in the order of the file.
        report.failures.sort_by_key(|failure| failure.line);
        Ok(report)
    }

    /// Those of `keys` that documents already came from.
    async fn imported_keys(&self, keys: impl Iterator<Item = String>) -> Result<HashSet<String>> {
        let found: Vec<String> = document::Entity::find()
            .select_only()
            .column(document::Column::ImportKey)
            .filter(document::Column::ImportKey.is_in(keys.collect::<Vec<_>>()))
            .into_tuple()
            .all(&self.db.conn)
            .await
            .context("read the keys of imported records")?;
        Ok(found.into_iter().collect())
    }
}

/// Another import running at the same time wrote one of the batch's records after the batch
/// read the keys: the unique key refuses the second copy and the batch is not written. Said
/// plainly, as importing the file again resolves it.
fn written_meanwhile(error: Error) -> Error {
    let on_the_key = match &error {
        Error::Internal(e) => matches!(
            e.downcast_ref::<sea_orm::DbErr>().and_then(sea_orm::DbErr::sql_err),
            Some(sea_orm::SqlErr::UniqueConstraintViolation(message)) if message.contains("import_key")
        ),
        _ => false,
    };
    if on_the_key {
        Error::conflict(
            "importKey",
            "another import wrote some of this batch's records meanwhile, so none of the batch \
             was written: import the file again to add the rest",
        )
    } else {
        error
    }
}

/// What is wrong with a line that is not JSON. serde_json counts lines within the text it was
/// given, always line 1 here, so only the column is kept.
fn unreadable(error: &serde_json::Error) -> String {
    let message = error.to_string();
    let position = format!(" at line {} column {}", error.line(), error.column());
    let what = message.strip_suffix(&position).unwrap_or(&message);
    format!("not a document record: {what} (column {})", error.column())
}

fn describe(error: &Error) -> String {
    match error.field() {
        Some(field) => format!("{field}: {error}"),
        None => error.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use chrono::{Duration, TimeZone, Utc};
    use praxis_core::types::DocumentStatus::{self, *};

    use praxis_core::types::DocumentKind;

    use super::{import_key, parse_code, publication};

    #[test]
    fn a_code_is_read_in_any_case_and_a_wrong_one_is_told_the_right_ones() {
        let kind = |raw| parse_code("kind", raw, DocumentKind::ALL);
        assert_eq!(kind(" policy ").unwrap(), DocumentKind::Policy);
        assert_eq!(kind("Good_Practice").unwrap(), DocumentKind::GoodPractice);
        let refused = kind("polcy").expect_err("no such kind").to_string();
        assert!(
            refused.starts_with("`polcy` is not a kind; use one of GOOD_PRACTICE, "),
            "{refused}"
        );
        assert!(refused.ends_with("TRAINING_MATERIAL, OTHER"), "{refused}");
    }

    #[test]
    fn only_a_published_record_has_a_publication_date_and_none_still_to_come() {
        let now = Utc.with_ymd_and_hms(2026, 12, 6, 12, 0, 0).unwrap();
        let past = now - Duration::days(400);
        let refused = |status: DocumentStatus, at| {
            publication(status, Some(at), now).expect_err("refused").to_string()
        };
        assert_eq!(publication(Published, Some(past), now).unwrap(), Some(past));
        assert_eq!(publication(Published, None, now).unwrap(), Some(now), "the import's date");
        assert_eq!(publication(Archived, Some(past), now).unwrap(), Some(past));
        assert_eq!(publication(Archived, None, now).unwrap(), None, "not known");
        assert_eq!(publication(Draft, None, now).unwrap(), None);
        assert!(refused(Draft, past).contains("a DRAFT record has not been published"));
        assert!(refused(Submitted, past).contains("leave publishedAt out"));
        let next_year = now + Duration::days(365);
        assert!(
            refused(Published, next_year).contains("2027-12-06T12:00:00+00:00 is in the future")
        );
        assert!(refused(Archived, now + Duration::seconds(1)).contains("in the future"));
    }

    fn key_of(line: &str) -> String {
        import_key(&serde_json::from_str(line).unwrap())
    }

    #[test]
    fn a_record_keeps_its_key_however_its_line_is_written() {
        let compact = r#"{"title":"Shelters","kind":"REPORT","countries":["VN","TH"]}"#;
        let reformatted =
            r#" { "countries" : [ "VN", "TH" ], "kind": "REPORT", "title": "Shelters" } "#;
        assert_eq!(key_of(compact), key_of(reformatted));
        // Another value, or the same values in another order, is another record.
        assert_ne!(key_of(compact), key_of(&compact.replace("Shelters", "Shelter")));
        assert_ne!(key_of(compact), key_of(&compact.replace(r#"["VN","TH"]"#, r#"["TH","VN"]"#)));
    }
}
