use async_graphql::{Context, ID, Object, Result, SimpleObject};
use chrono::{DateTime, Utc};
use praxis_core::Error;
use praxis_core::ids::NodeKind;
use praxis_db::entities::{attachment, document, document_event};
use praxis_db::queries::documents::{
    COUNTRY, DocumentCursor, DocumentFilter, PILLAR, PRIORITY_ACTION, THEME,
};
use praxis_db::queries::{documents, threads::ThreadFilter};
use praxis_service::Sections;

use super::{Organization, User, global_id, post::load_author, thread};
use crate::connection::{
    DocumentConnection, ThreadConnection, connection, page_complexity, page_request, wants_total,
};
use crate::context::request;
use crate::enums::{DocumentKind, DocumentOrder, DocumentStatus, Pillar, ThreadOrder};
use crate::errors::{DbResult as _, GqlResult as _, to_graphql};

pub struct Document(pub document::Model);

/// The structured template of a good practice or lesson learned; every field optional for other kinds.
#[derive(SimpleObject)]
pub struct PracticeSections {
    pub context: Option<String>,
    pub what_was_done: Option<String>,
    pub results: Option<String>,
    pub lessons_learned: Option<String>,
    pub enabling_factors: Option<String>,
    pub challenges: Option<String>,
    pub sustainability: Option<String>,
    pub resources: Option<String>,
}

impl From<Sections> for PracticeSections {
    fn from(s: Sections) -> Self {
        Self {
            context: s.context,
            what_was_done: s.what_was_done,
            results: s.results,
            lessons_learned: s.lessons_learned,
            enabling_factors: s.enabling_factors,
            challenges: s.challenges,
            sustainability: s.sustainability,
            resources: s.resources,
        }
    }
}

pub struct DocumentEvent(document_event::Model);

#[Object]
impl DocumentEvent {
    async fn status(&self) -> DocumentStatus {
        DocumentStatus::from_stored(&self.0.status).unwrap_or(DocumentStatus::Draft)
    }

    async fn actor(&self, ctx: &Context<'_>) -> Result<User> {
        load_author(ctx, self.0.actor_id).await
    }

    async fn at(&self) -> DateTime<Utc> {
        self.0.at
    }

    async fn comment(&self) -> Option<&str> {
        self.0.comment.as_deref()
    }
}

pub struct Attachment(pub attachment::Model);

#[Object]
impl Attachment {
    pub async fn id(&self) -> ID {
        global_id(NodeKind::Attachment, self.0.id)
    }

    async fn filename(&self) -> &str {
        &self.0.filename
    }

    async fn content_type(&self) -> &str {
        &self.0.content_type
    }

    async fn size(&self) -> i64 {
        self.0.size
    }

    async fn sha256(&self) -> &str {
        &self.0.sha256
    }

    /// Download address: /attachments/{id}
    async fn url(&self) -> String {
        format!("/attachments/{}", global_id(NodeKind::Attachment, self.0.id).0)
    }
}

/// A page of the documents the viewer may read.
pub async fn list(
    ctx: &Context<'_>,
    filter: DocumentFilter,
    order: DocumentOrder,
    first: Option<i32>,
    after: Option<&str>,
) -> Result<DocumentConnection> {
    let rc = request(ctx)?;
    let page_request = page_request::<DocumentCursor>(first, after).gql()?;
    let reader = rc.viewer.reader();
    let db = &rc.praxis.database().conn;
    let page = documents::list_readable(db, &reader, &filter, order.into(), &page_request)
        .await
        .db("list documents")?;
    let total = if wants_total(ctx) {
        Some(documents::count_readable(db, &reader, &filter).await.db("count documents")?)
    } else {
        None
    };
    let order = order.into();
    Ok(connection(
        page,
        page_request.after.is_some(),
        total,
        |d| DocumentCursor::of(order, d),
        Document,
    )
    .into())
}

impl Document {
    async fn terms(&self, ctx: &Context<'_>, facet: &str) -> Result<Vec<String>> {
        let terms = request(ctx)?
            .loaders
            .document_terms
            .load_one(self.0.id)
            .await
            .gql()?
            .unwrap_or_default();
        Ok(terms.into_iter().filter(|(f, _)| f == facet).map(|(_, v)| v).collect())
    }

    async fn text(&self, ctx: &Context<'_>) -> Result<Option<documents::DocumentText>> {
        request(ctx)?.loaders.document_texts.load_one(self.0.id).await.gql()
    }

    /// The author and moderators see a document's history and review comments.
    fn viewer_follows_review(&self, ctx: &Context<'_>) -> Result<bool> {
        let viewer = &request(ctx)?.viewer;
        Ok(viewer.actor().is_ok_and(|a| a.user_id == self.0.author_id || a.role.moderates()))
    }

    async fn events(&self, ctx: &Context<'_>) -> Result<Vec<document_event::Model>> {
        if !self.viewer_follows_review(ctx)? {
            return Ok(Vec::new());
        }
        Ok(request(ctx)?
            .loaders
            .document_events
            .load_one(self.0.id)
            .await
            .gql()?
            .unwrap_or_default())
    }
}

#[Object]
impl Document {
    pub async fn id(&self) -> ID {
        global_id(NodeKind::Document, self.0.id)
    }

    async fn title(&self) -> &str {
        &self.0.title
    }

    async fn kind(&self) -> DocumentKind {
        DocumentKind::from_stored(&self.0.kind).unwrap_or(DocumentKind::Other)
    }

    async fn status(&self) -> DocumentStatus {
        DocumentStatus::from_stored(&self.0.status).unwrap_or(DocumentStatus::Draft)
    }

    async fn summary(&self) -> &str {
        &self.0.summary
    }

    // The long text is read only when asked for: lists, search hits and citations do not show
    // it, and documents are loaded without it (`Loaders::documents`).
    async fn body(&self, ctx: &Context<'_>) -> Result<Option<String>> {
        Ok(self.text(ctx).await?.and_then(|t| t.body))
    }

    async fn body_html(&self, ctx: &Context<'_>) -> Result<Option<String>> {
        Ok(self.text(ctx).await?.and_then(|t| t.body_html))
    }

    async fn sections(&self, ctx: &Context<'_>) -> Result<Option<PracticeSections>> {
        let text = self.text(ctx).await?;
        Ok(Sections::from_stored(text.and_then(|t| t.sections).as_deref())
            .map(PracticeSections::from))
    }

    async fn language(&self) -> &str {
        &self.0.language
    }

    async fn countries(&self, ctx: &Context<'_>) -> Result<Vec<String>> {
        self.terms(ctx, COUNTRY).await
    }

    async fn pillars(&self, ctx: &Context<'_>) -> Result<Vec<Pillar>> {
        Ok(self.terms(ctx, PILLAR).await?.iter().filter_map(|p| Pillar::from_stored(p)).collect())
    }

    async fn priority_actions(&self, ctx: &Context<'_>) -> Result<Vec<String>> {
        self.terms(ctx, PRIORITY_ACTION).await
    }

    async fn themes(&self, ctx: &Context<'_>) -> Result<Vec<String>> {
        self.terms(ctx, THEME).await
    }

    async fn year(&self) -> Option<i32> {
        self.0.year
    }

    async fn organization(&self, ctx: &Context<'_>) -> Result<Option<Organization>> {
        let Some(id) = self.0.organization_id else { return Ok(None) };
        Ok(request(ctx)?.loaders.organizations.load_one(id).await.gql()?.map(Organization))
    }

    async fn author(&self, ctx: &Context<'_>) -> Result<User> {
        load_author(ctx, self.0.author_id).await
    }

    async fn source_url(&self) -> Option<&str> {
        self.0.source_url.as_deref()
    }

    /// The original this document translates, if it is a translation.
    async fn translation_of(&self, ctx: &Context<'_>) -> Result<Option<Document>> {
        let Some(id) = self.0.translation_of else { return Ok(None) };
        Ok(request(ctx)?.loaders.documents.load_one(id).await.gql()?.map(Document))
    }

    /// The other language versions: the original and every translation of it, except this one.
    async fn translations(&self, ctx: &Context<'_>) -> Result<Vec<Document>> {
        let rc = request(ctx)?;
        let root = self.0.translation_of.unwrap_or(self.0.id);
        let group =
            documents::translation_group(&rc.praxis.database().conn, &rc.viewer.reader(), root)
                .await
                .db("load translations")?;
        Ok(group.into_iter().filter(|d| d.id != self.0.id).map(Document).collect())
    }

    async fn created_at(&self) -> DateTime<Utc> {
        self.0.created_at
    }

    async fn updated_at(&self) -> DateTime<Utc> {
        self.0.updated_at
    }

    async fn submitted_at(&self) -> Option<DateTime<Utc>> {
        self.0.submitted_at
    }

    async fn published_at(&self) -> Option<DateTime<Utc>> {
        self.0.published_at
    }

    async fn attachments(&self, ctx: &Context<'_>) -> Result<Vec<Attachment>> {
        let rows =
            request(ctx)?.loaders.attachments.load_one(self.0.id).await.gql()?.unwrap_or_default();
        Ok(rows.into_iter().map(Attachment).collect())
    }

    /// Threads that cite this document.
    #[graphql(complexity = "page_complexity(first, child_complexity)")]
    async fn related_threads(
        &self,
        ctx: &Context<'_>,
        first: Option<i32>,
        after: Option<String>,
    ) -> Result<ThreadConnection> {
        let filter = ThreadFilter { cites_document: Some(self.0.id), ..Default::default() };
        thread::list(ctx, filter, ThreadOrder::LatestActivity, first, after.as_deref()).await
    }

    async fn last_verified_at(&self) -> Option<DateTime<Utc>> {
        self.0.last_verified_at
    }

    /// Every status change, with who and why: visible to the author and moderators.
    async fn history(&self, ctx: &Context<'_>) -> Result<Vec<DocumentEvent>> {
        Ok(self.events(ctx).await?.into_iter().map(DocumentEvent).collect())
    }

    /// Moderators' review comments: visible to the author and moderators.
    async fn review_comments(&self, ctx: &Context<'_>) -> Result<Vec<String>> {
        let reviewed =
            [DocumentStatus::ChangesRequested, DocumentStatus::Rejected, DocumentStatus::Archived];
        Ok(self
            .events(ctx)
            .await?
            .into_iter()
            .filter(|e| {
                DocumentStatus::from_stored(&e.status).is_some_and(|s| reviewed.contains(&s))
            })
            .filter_map(|e| e.comment)
            .collect())
    }

    /// Whether the viewer may edit the document now.
    async fn viewer_can_edit(&self, ctx: &Context<'_>) -> Result<bool> {
        let viewer = &request(ctx)?.viewer;
        let Ok(actor) = viewer.actor() else { return Ok(false) };
        let status = praxis_core::types::DocumentStatus::parse(&self.0.status)
            .ok_or_else(|| to_graphql(&Error::Internal(anyhow::anyhow!("unknown status"))))?;
        Ok(praxis_core::workflow::may_edit(actor, self.0.author_id, status))
    }
}
