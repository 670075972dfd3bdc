//! What the service hands to the index: one `IndexDoc` per thread, reply or library document.

use chrono::{DateTime, Utc};
use uuid::Uuid;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum DocKind {
    Thread,
    Post,
    Document,
}

impl DocKind {
    pub fn as_str(self) -> &'static str {
        match self {
            DocKind::Thread => "thread",
            DocKind::Post => "post",
            DocKind::Document => "document",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        [DocKind::Thread, DocKind::Post, DocKind::Document].into_iter().find(|k| k.as_str() == text)
    }
}

/// The identity of an indexed item.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct DocKey {
    pub kind: DocKind,
    pub id: Uuid,
}

impl DocKey {
    /// The unique term an update deletes by.
    pub fn term(&self) -> String {
        format!("{}:{}", self.kind.as_str(), self.id)
    }
}

/// A searchable item and everything the filters, facets and scope need to know of it.
#[derive(Debug, Clone)]
pub struct IndexDoc {
    pub key: DocKey,
    pub title: String,
    pub body: String,
    /// BCP 47 tag the text declares, if any: it picks the analyzers and the language it is
    /// filed under. A text without one is filed and analyzed by the language it reads as.
    pub language: Option<String>,
    /// For a reply: the start of its thread (title and opening post). A reply too short to tell
    /// the language of is filed under the language this start reads as: "Terima kasih" in an
    /// Indonesian discussion. Read when the reply is indexed; an edit of the opening post that
    /// changes this start, or its deletion, records a change to every reply
    /// (`outbox::record_replies`), so they are indexed again.
    pub thread_text: Option<String>,
    /// The space of a thread or post: the unit of discussion visibility.
    pub space: Option<Uuid>,
    /// The workflow status of a library document.
    pub status: Option<String>,
    /// The author of a library document, who may find their own unpublished work.
    pub document_author: Option<Uuid>,
    pub tags: Vec<String>,
    pub countries: Vec<String>,
    pub pillars: Vec<String>,
    pub document_kind: Option<String>,
    /// When a thread or post was written; when a document was last listed in the library (its
    /// publication, or its creation until then). Newest first and the date filters go by it.
    pub created: DateTime<Utc>,
    /// The year a library document is of, which the year facet counts it under (else the year
    /// of `created`): a 2025 report listed in 2026 is a 2025 report.
    pub year: Option<i32>,
    /// A multiplier of relevance: accepted answers and published good practices rank higher.
    pub rank: f64,
}

/// One change to apply to the index.
#[derive(Debug, Clone)]
pub enum Change {
    Upsert(Box<IndexDoc>),
    Delete(DocKey),
}
