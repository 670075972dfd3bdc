//! Document lists for reports and feeds: the documents a viewer may read, with their taxonomy,
//! organisation and author resolved, ready to write as CSV, JSON or Atom.

use std::collections::HashMap;

use anyhow::Context as _;
use chrono::{DateTime, Utc};
use praxis_core::Result;
use praxis_core::ids::{GlobalId, NodeKind};
use praxis_db::queries::documents::{
    self, COUNTRY, DocumentFilter, PILLAR, PRIORITY_ACTION, THEME,
};
use praxis_db::queries::{organizations, users};
use serde::Serialize;
use uuid::Uuid;

use crate::Praxis;
use crate::viewer::Viewer;

/// One document as exported.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct DocumentRow {
    pub id: String,
    pub title: String,
    pub kind: String,
    pub status: String,
    pub summary: String,
    pub language: String,
    pub countries: Vec<String>,
    pub pillars: Vec<String>,
    pub priority_actions: Vec<String>,
    pub themes: Vec<String>,
    pub year: Option<i32>,
    pub organization: Option<String>,
    pub author: String,
    pub source_url: Option<String>,
    pub published_at: Option<DateTime<Utc>>,
    pub updated_at: DateTime<Utc>,
    /// When the document appeared in the library (for feeds).
    #[serde(skip)]
    pub listed_at: DateTime<Utc>,
}

impl Praxis {
    /// Up to `limit` readable documents matching `filter`, newest first.
    pub async fn export_documents(
        &self,
        viewer: &Viewer,
        filter: &DocumentFilter,
        limit: u64,
    ) -> Result<Vec<DocumentRow>> {
        let db = &self.db.conn;
        let rows = documents::all_readable(db, &viewer.reader(), filter, limit)
            .await
            .context("export documents")?;
        let ids: Vec<Uuid> = rows.iter().map(|d| d.id).collect();
        let mut terms: HashMap<(Uuid, String), Vec<String>> = HashMap::new();
        for term in documents::terms_of(db, &ids).await.context("export terms")? {
            terms.entry((term.document_id, term.facet)).or_default().push(term.value);
        }
        let author_ids: Vec<Uuid> = rows.iter().map(|d| d.author_id).collect();
        let authors: HashMap<Uuid, String> = users::by_ids(db, &author_ids)
            .await
            .context("export authors")?
            .into_iter()
            .map(|u| (u.id, u.display_name))
            .collect();
        let organization_ids: Vec<Uuid> = rows.iter().filter_map(|d| d.organization_id).collect();
        let organizations: HashMap<Uuid, String> = organizations::by_ids(db, &organization_ids)
            .await
            .context("export organizations")?
            .into_iter()
            .map(|o| (o.id, o.name))
            .collect();
        let mut take =
            |id: Uuid, facet: &str| terms.remove(&(id, facet.to_owned())).unwrap_or_default();
        Ok(rows
            .into_iter()
            .map(|d| DocumentRow {
                id: GlobalId::new(NodeKind::Document, d.id).encode(),
                countries: take(d.id, COUNTRY),
                pillars: take(d.id, PILLAR),
                priority_actions: take(d.id, PRIORITY_ACTION),
                themes: take(d.id, THEME),
                organization: d.organization_id.and_then(|o| organizations.get(&o).cloned()),
                author: authors.get(&d.author_id).cloned().unwrap_or_default(),
                title: d.title,
                kind: d.kind,
                status: d.status,
                summary: d.summary,
                language: d.language,
                year: d.year,
                source_url: d.source_url,
                published_at: d.published_at,
                updated_at: d.updated_at,
                listed_at: d.listed_at,
            })
            .collect())
    }
}
