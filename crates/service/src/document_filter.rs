//! The one way a document filter is read, whether it comes from GraphQL arguments or from the
//! query string of an export or feed: every code is checked against the taxonomy, so a typo is
//! an error that names the field rather than an empty list.

use praxis_core::ids::{GlobalId, NodeKind};
use praxis_core::types::{DocumentKind, DocumentStatus, Pillar};
use praxis_core::{Error, Result, taxonomy};
use praxis_db::queries::documents::DocumentFilter;

use crate::Praxis;

/// A filter as the caller wrote it: codes as text, ids as global ids.
#[derive(Debug, Clone, Default, serde::Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct DocumentFilterInput {
    pub kind: Option<String>,
    pub status: Option<String>,
    pub country: Option<String>,
    pub pillar: Option<String>,
    pub priority_action: Option<String>,
    pub theme: Option<String>,
    pub language: Option<String>,
    pub author_id: Option<String>,
}

fn code<T>(
    field: &str,
    raw: Option<String>,
    parse: fn(&str) -> Option<T>,
    what: &str,
) -> Result<Option<T>> {
    raw.map(|value| {
        parse(value.trim())
            .ok_or_else(|| Error::bad_input(field, format!("`{value}` is not a {what}")))
    })
    .transpose()
}

impl Praxis {
    /// Checks a filter; `prefix` names where its fields live (`filter.` in GraphQL).
    pub fn document_filter(
        &self,
        input: DocumentFilterInput,
        prefix: &str,
    ) -> Result<DocumentFilter> {
        let field = |name: &str| format!("{prefix}{name}");
        let taxonomy = &self.taxonomy;
        Ok(DocumentFilter {
            kind: code(&field("kind"), input.kind, DocumentKind::parse, "document kind")?
                .map(DocumentKind::as_str),
            status: code(&field("status"), input.status, DocumentStatus::parse, "document status")?
                .map(DocumentStatus::as_str),
            country: input.country.map(|c| taxonomy::country(&field("country"), &c)).transpose()?,
            pillar: code(&field("pillar"), input.pillar, Pillar::parse, "pillar")?
                .map(Pillar::as_str),
            priority_action: input
                .priority_action
                .map(|a| taxonomy.check_priority_action(&field("priorityAction"), &a))
                .transpose()?,
            theme: input.theme.map(|t| taxonomy.check_theme(&field("theme"), &t)).transpose()?,
            language: input
                .language
                .map(|l| taxonomy.check_language(&field("language"), &l))
                .transpose()?,
            author_id: input
                .author_id
                .map(|id| GlobalId::decode_as(&field("authorId"), &id, NodeKind::User))
                .transpose()?,
        })
    }
}
