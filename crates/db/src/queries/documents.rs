//! Library documents: filtered and paged lists, the review queue, content health, and the rows
//! around a document (terms, events, translations, attachments, citing threads).

use chrono::{DateTime, Utc};
use praxis_core::types::DocumentStatus;
use sea_orm::sea_query::{Expr, Query};
use sea_orm::{
    ColumnTrait, Condition, ConnectionTrait, DbErr, EntityTrait, FromQueryResult, IdenStatic,
    Iterable, PaginatorTrait, QueryFilter, QueryOrder, QuerySelect, Select, SelectModel, Selector,
};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::entities::{attachment, document, document_event, document_term, thread_document};
use crate::visibility::{Reader, attachments_of_readable_documents, readable_documents};
use crate::{Page, PageRequest};

/// The facets stored in `document_terms`.
pub const COUNTRY: &str = "country";
pub const PILLAR: &str = "pillar";
pub const PRIORITY_ACTION: &str = "priority_action";
pub const THEME: &str = "theme";

#[derive(Debug, Clone, Default)]
pub struct DocumentFilter {
    pub kind: Option<&'static str>,
    pub status: Option<&'static str>,
    pub country: Option<String>,
    pub pillar: Option<&'static str>,
    pub priority_action: Option<String>,
    pub theme: Option<String>,
    pub language: Option<String>,
    pub author_id: Option<Uuid>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DocumentOrder {
    Newest,
    RecentlyUpdated,
    Title,
}

/// The sort key of the last document on a page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DocumentCursor {
    pub at: Option<DateTime<Utc>>,
    pub title: Option<String>,
    pub id: Uuid,
}

impl DocumentCursor {
    pub fn of(order: DocumentOrder, d: &document::Model) -> Self {
        match order {
            DocumentOrder::Newest => Self { at: Some(d.listed_at), title: None, id: d.id },
            DocumentOrder::RecentlyUpdated => {
                Self { at: Some(d.updated_at), title: None, id: d.id }
            }
            DocumentOrder::Title => Self { at: None, title: Some(d.title.clone()), id: d.id },
        }
    }
}

fn with_term(facet: &'static str, value: &str) -> Condition {
    Condition::all().add(
        document::Column::Id.in_subquery(
            Query::select()
                .column(document_term::Column::DocumentId)
                .from(document_term::Entity)
                .and_where(document_term::Column::Facet.eq(facet))
                .and_where(document_term::Column::Value.eq(value))
                .to_owned(),
        ),
    )
}

fn filtered(reader: &Reader, filter: &DocumentFilter) -> Select<document::Entity> {
    let mut query = document::Entity::find().filter(readable_documents(reader));
    if let Some(kind) = filter.kind {
        query = query.filter(document::Column::Kind.eq(kind));
    }
    if let Some(status) = filter.status {
        query = query.filter(document::Column::Status.eq(status));
    }
    if let Some(language) = &filter.language {
        query = query.filter(document::Column::Language.eq(language.as_str()));
    }
    if let Some(author_id) = filter.author_id {
        query = query.filter(document::Column::AuthorId.eq(author_id));
    }
    for (facet, value) in [
        (COUNTRY, filter.country.as_deref()),
        (PILLAR, filter.pillar),
        (PRIORITY_ACTION, filter.priority_action.as_deref()),
        (THEME, filter.theme.as_deref()),
    ] {
        if let Some(value) = value {
            query = query.filter(with_term(facet, value));
        }
    }
    query
}

/// Rows after `(at, id)` in descending order.
fn before(column: document::Column, at: DateTime<Utc>, id: Uuid) -> Condition {
    Condition::any()
        .add(column.lt(at))
        .add(Condition::all().add(column.eq(at)).add(document::Column::Id.lt(id)))
}

/// A page of the readable documents matching `filter`, without their long text.
pub async fn list_readable<C: ConnectionTrait>(
    db: &C,
    reader: &Reader,
    filter: &DocumentFilter,
    order: DocumentOrder,
    page: &PageRequest<DocumentCursor>,
) -> Result<Page<document::Model>, DbErr> {
    let rows = without_text(listing(reader, filter, order, page)).all(db).await?;
    Ok(Page::from_overfetch(rows, page.first))
}

/// The rows of a page, one more than asked for, in order.
fn listing(
    reader: &Reader,
    filter: &DocumentFilter,
    order: DocumentOrder,
    page: &PageRequest<DocumentCursor>,
) -> Select<document::Entity> {
    let mut query = filtered(reader, filter);
    let time_column = match order {
        DocumentOrder::Newest => Some(document::Column::ListedAt),
        DocumentOrder::RecentlyUpdated => Some(document::Column::UpdatedAt),
        DocumentOrder::Title => None,
    };
    match (time_column, &page.after) {
        (Some(column), after) => {
            if let Some(DocumentCursor { at: Some(at), id, .. }) = after {
                query = query.filter(before(column, *at, *id));
            }
            query = query.order_by_desc(column).order_by_desc(document::Column::Id);
        }
        (None, after) => {
            if let Some(DocumentCursor { title: Some(title), id, .. }) = after {
                query = query.filter(
                    Condition::any().add(document::Column::Title.gt(title.as_str())).add(
                        Condition::all()
                            .add(document::Column::Title.eq(title.as_str()))
                            .add(document::Column::Id.gt(*id)),
                    ),
                );
            }
            query = query.order_by_asc(document::Column::Title).order_by_asc(document::Column::Id);
        }
    }
    query.limit(page.first + 1)
}

pub async fn count_readable<C: ConnectionTrait>(
    db: &C,
    reader: &Reader,
    filter: &DocumentFilter,
) -> Result<u64, DbErr> {
    filtered(reader, filter).count(db).await
}

/// Every readable document matching `filter`, newest first, up to `limit`, without the long
/// text (for exports and feeds, which do not show it).
pub async fn all_readable<C: ConnectionTrait>(
    db: &C,
    reader: &Reader,
    filter: &DocumentFilter,
    limit: u64,
) -> Result<Vec<document::Model>, DbErr> {
    let newest_first = filtered(reader, filter)
        .order_by_desc(document::Column::ListedAt)
        .order_by_desc(document::Column::Id)
        .limit(limit);
    without_text(newest_first).all(db).await
}

/// Documents without their long text (`body`, `body_html` and `sections` are `None`): what a
/// list, a search hit or a citation shows. Twenty UN statements are 747 KB with their text and
/// 10 KB without; `texts_of` reads the text where it is shown.
fn without_text(select: Select<document::Entity>) -> Selector<SelectModel<document::Model>> {
    use document::Column::{Body, BodyHtml, Sections};
    leaving_out(select, &[Body, BodyHtml, Sections])
}

/// Attachments without the text extracted from their files (`extracted_text` is `None`): what a
/// document's page, a download and a removal read. Only the indexer reads that text, with its own
/// query, and a report's can run to hundreds of kilobytes.
fn without_extracted_text(
    select: Select<attachment::Entity>,
) -> Selector<SelectModel<attachment::Model>> {
    leaving_out(select, &[attachment::Column::ExtractedText])
}

/// The rows of `select` with the text columns `left_out` read as NULL, for a model whose fields
/// for them are optional.
fn leaving_out<E>(select: Select<E>, left_out: &[E::Column]) -> Selector<SelectModel<E::Model>>
where
    E: EntityTrait,
    E::Model: FromQueryResult,
{
    let mut select = select.select_only();
    for column in E::Column::iter() {
        select = if left_out.iter().any(|out| out.as_str() == column.as_str()) {
            select.column_as(Expr::cust("CAST(NULL AS TEXT)"), column.as_str())
        } else {
            select.column(column)
        };
    }
    select.into_model::<E::Model>()
}

/// The documents of `ids` that `reader` may read, without their long text.
pub async fn readable_listings_by_ids<C: ConnectionTrait>(
    db: &C,
    reader: &Reader,
    ids: &[Uuid],
) -> Result<Vec<document::Model>, DbErr> {
    without_text(
        document::Entity::find()
            .filter(document::Column::Id.is_in(ids.iter().copied()))
            .filter(readable_documents(reader)),
    )
    .all(db)
    .await
}

/// The long text of documents.
#[derive(Debug, Clone, FromQueryResult)]
pub struct DocumentText {
    pub id: Uuid,
    pub body: Option<String>,
    pub body_html: Option<String>,
    pub sections: Option<String>,
}

/// The long text of documents the caller has already been allowed to see (it is read by id
/// alone, for a document already loaded through a readable query or returned by a mutation).
pub async fn texts_of<C: ConnectionTrait>(
    db: &C,
    ids: &[Uuid],
) -> Result<Vec<DocumentText>, DbErr> {
    document::Entity::find()
        .select_only()
        .columns([
            document::Column::Id,
            document::Column::Body,
            document::Column::BodyHtml,
            document::Column::Sections,
        ])
        .filter(document::Column::Id.is_in(ids.iter().copied()))
        .into_model::<DocumentText>()
        .all(db)
        .await
}

pub async fn find_readable<C: ConnectionTrait>(
    db: &C,
    reader: &Reader,
    id: Uuid,
) -> Result<Option<document::Model>, DbErr> {
    document::Entity::find_by_id(id).filter(readable_documents(reader)).one(db).await
}

/// A document by id whatever its status, for the workflow's own checks.
pub async fn find<C: ConnectionTrait>(db: &C, id: Uuid) -> Result<Option<document::Model>, DbErr> {
    document::Entity::find_by_id(id).one(db).await
}

/// SUBMITTED documents, oldest submission first, without their long text.
pub async fn review_queue<C: ConnectionTrait>(
    db: &C,
    page: &PageRequest<DocumentCursor>,
) -> Result<(Page<document::Model>, u64), DbErr> {
    oldest_first(db, DocumentStatus::Submitted, document::Column::SubmittedAt, None, page).await
}

/// PUBLISHED documents last verified before `cutoff`, the longest unverified first, without
/// their long text.
pub async fn needing_review<C: ConnectionTrait>(
    db: &C,
    cutoff: DateTime<Utc>,
    page: &PageRequest<DocumentCursor>,
) -> Result<(Page<document::Model>, u64), DbErr> {
    let stale = document::Column::LastVerifiedAt.lt(cutoff);
    oldest_first(db, DocumentStatus::Published, document::Column::LastVerifiedAt, Some(stale), page)
        .await
}

async fn oldest_first<C: ConnectionTrait>(
    db: &C,
    status: DocumentStatus,
    column: document::Column,
    extra: Option<sea_orm::sea_query::SimpleExpr>,
    page: &PageRequest<DocumentCursor>,
) -> Result<(Page<document::Model>, u64), DbErr> {
    let mut base = document::Entity::find().filter(document::Column::Status.eq(status.as_str()));
    if let Some(extra) = extra {
        base = base.filter(extra);
    }
    let total = base.clone().count(db).await?;
    let mut query = base;
    if let Some(DocumentCursor { at: Some(at), id, .. }) = &page.after {
        query = query.filter(
            Condition::any()
                .add(column.gt(*at))
                .add(Condition::all().add(column.eq(*at)).add(document::Column::Id.gt(*id))),
        );
    }
    let rows = without_text(
        query.order_by_asc(column).order_by_asc(document::Column::Id).limit(page.first + 1),
    )
    .all(db)
    .await?;
    Ok((Page::from_overfetch(rows, page.first), total))
}

pub async fn terms_of<C: ConnectionTrait>(
    db: &C,
    ids: &[Uuid],
) -> Result<Vec<document_term::Model>, DbErr> {
    document_term::Entity::find()
        .filter(document_term::Column::DocumentId.is_in(ids.iter().copied()))
        .order_by_asc(document_term::Column::Value)
        .all(db)
        .await
}

pub async fn events_of<C: ConnectionTrait>(
    db: &C,
    ids: &[Uuid],
) -> Result<Vec<document_event::Model>, DbErr> {
    document_event::Entity::find()
        .filter(document_event::Column::DocumentId.is_in(ids.iter().copied()))
        .order_by_asc(document_event::Column::At)
        .order_by_asc(document_event::Column::Id)
        .all(db)
        .await
}

/// The attachments of the documents `ids`, oldest first, without their extracted text.
pub async fn attachments_of<C: ConnectionTrait>(
    db: &C,
    ids: &[Uuid],
) -> Result<Vec<attachment::Model>, DbErr> {
    without_extracted_text(files_of(ids)).all(db).await
}

fn files_of(ids: &[Uuid]) -> Select<attachment::Entity> {
    attachment::Entity::find()
        .filter(attachment::Column::DocumentId.is_in(ids.iter().copied()))
        .order_by_asc(attachment::Column::CreatedAt)
}

/// The readable documents in the same translation group as `root` (the original and every
/// translation of it), without their long text.
pub async fn translation_group<C: ConnectionTrait>(
    db: &C,
    reader: &Reader,
    root: Uuid,
) -> Result<Vec<document::Model>, DbErr> {
    without_text(
        document::Entity::find()
            .filter(
                Condition::any()
                    .add(document::Column::Id.eq(root))
                    .add(document::Column::TranslationOf.eq(root)),
            )
            .filter(readable_documents(reader))
            .order_by_asc(document::Column::Id),
    )
    .all(db)
    .await
}

/// (thread, document) for the readable documents the given threads cite, without their long text.
pub async fn cited_by_threads<C: ConnectionTrait>(
    db: &C,
    reader: &Reader,
    thread_ids: &[Uuid],
) -> Result<Vec<(Uuid, document::Model)>, DbErr> {
    let links = thread_document::Entity::find()
        .filter(thread_document::Column::ThreadId.is_in(thread_ids.iter().copied()))
        .all(db)
        .await?;
    let document_ids: Vec<Uuid> = links.iter().map(|l| l.document_id).collect();
    let documents = readable_listings_by_ids(db, reader, &document_ids).await?;
    Ok(links
        .into_iter()
        .filter_map(|link| {
            documents.iter().find(|d| d.id == link.document_id).map(|d| (link.thread_id, d.clone()))
        })
        .collect())
}

/// Attachments whose document `reader` may read, without their extracted text.
pub async fn readable_attachments<C: ConnectionTrait>(
    db: &C,
    reader: &Reader,
    ids: &[Uuid],
) -> Result<Vec<attachment::Model>, DbErr> {
    without_extracted_text(attachments_by_ids(reader, ids)).all(db).await
}

fn attachments_by_ids(reader: &Reader, ids: &[Uuid]) -> Select<attachment::Entity> {
    attachment::Entity::find()
        .filter(attachment::Column::Id.is_in(ids.iter().copied()))
        .filter(attachments_of_readable_documents(reader))
}

#[cfg(test)]
mod tests {
    use praxis_core::types::Role;
    use sea_orm::QueryTrait as _;
    use sea_orm::sea_query::Alias;

    use super::*;
    use crate::test_support;

    /// SQLite's plan for `statement`.
    async fn plan(db: &crate::Database, statement: &sea_orm::sea_query::SelectStatement) -> String {
        test_support::statement_plan(&db.conn, statement).await.expect("plan")
    }

    /// A library of long published texts, a few drafts among them, with fresh statistics.
    async fn library(dir: &tempfile::TempDir) -> crate::Database {
        test_support::filled(dir.path(), async |db| test_support::long_documents(db, 500).await)
            .await
    }

    #[tokio::test]
    async fn every_order_of_the_library_is_read_from_an_index_not_from_the_long_rows() {
        let dir = tempfile::tempdir().expect("temp dir");
        let db = library(&dir).await;
        // A kind, and a language none of them is in, so that every document is tested; with the
        // published status the web app's shelf asks for, and with none (an API caller's list).
        let filter = |status| DocumentFilter {
            status,
            language: Some("th".to_owned()),
            kind: Some("STATEMENT"),
            ..DocumentFilter::default()
        };
        let member = Reader::User { id: Uuid::nil(), role: Role::Member };
        let moderator = Reader::User { id: Uuid::nil(), role: Role::Moderator };
        let later = DocumentCursor {
            at: Some(Utc::now()),
            title: Some("Statement 9".to_owned()),
            id: Uuid::max(),
        };
        for order in [DocumentOrder::Newest, DocumentOrder::RecentlyUpdated, DocumentOrder::Title] {
            for reader in [&Reader::Anonymous, &member, &moderator] {
                for filter in [filter(Some("PUBLISHED")), filter(None)] {
                    for after in [None, Some(later.clone())] {
                        let page = PageRequest { first: 20, after };
                        let asked = format!("{order:?} {reader:?} {filter:?} {:?}", page.after);
                        let listed =
                            plan(&db, &listing(reader, &filter, order, &page).into_query()).await;
                        assert!(
                            !listed.contains("TEMP B-TREE"),
                            "{asked} sorts the rows: {listed}"
                        );
                        // Each filter is tested in the index as it is walked, so that only the
                        // rows of the page are read.
                        let columns = test_support::walked_index_columns(&db.conn, &listed)
                            .await
                            .expect("index columns");
                        for tested in ["status", "kind", "language", "author_id"] {
                            assert!(
                                columns.iter().any(|c| c == tested),
                                "{asked}: {listed} {columns:?}"
                            );
                        }
                    }
                    // How sea-orm counts them: every match, from an index alone.
                    let count = Query::select()
                        .expr(Expr::cust("COUNT(*)"))
                        .from_subquery(
                            filtered(reader, &filter).into_query(),
                            Alias::new("sub_query"),
                        )
                        .to_owned();
                    let counted = plan(&db, &count).await;
                    assert!(counted.contains("COVERING INDEX"), "{reader:?} {filter:?}: {counted}");
                }
            }
        }
    }

    #[tokio::test]
    async fn an_export_lists_the_newest_documents_without_reading_their_text() {
        let dir = tempfile::tempdir().expect("temp dir");
        let db = library(&dir).await;
        let published = DocumentFilter { status: Some("PUBLISHED"), ..DocumentFilter::default() };
        let rows =
            all_readable(&db.conn, &Reader::Anonymous, &published, 30).await.expect("export");
        assert_eq!(rows.len(), 30);
        assert!(rows.windows(2).all(|pair| pair[0].listed_at > pair[1].listed_at), "newest first");
        for row in &rows {
            assert_eq!(row.status, "PUBLISHED");
            // An export writes none of the text, and reading it cost 200 MB on the UN corpus.
            let text = [&row.body, &row.body_html, &row.sections];
            assert!(text.iter().all(|t| t.is_none()), "{} was read with its text", row.title);
        }
    }

    #[tokio::test]
    async fn a_documents_files_are_read_without_the_text_extracted_from_them() {
        let dir = tempfile::tempdir().expect("temp dir");
        let db = library(&dir).await;
        let file = "x'000000000000000000000000000000f1'";
        db.conn
            .execute_unprepared(&format!(
                "INSERT INTO attachments (id, document_id, filename, content_type, size, sha256,
                    extracted_text, uploaded_by, created_at)
                SELECT {file}, id, 'annex.pdf', 'application/pdf', 1, 'sha', printf('%.*c', 300000, 'x'),
                    author_id, created_at
                FROM documents WHERE status = 'PUBLISHED' LIMIT 1"
            ))
            .await
            .expect("attach a file");
        let id = Uuid::from_u128(0xf1);
        let stored = attachment::Entity::find_by_id(id).one(&db.conn).await.expect("read the file");
        let stored = stored.expect("the file");
        assert!(stored.extracted_text.is_some(), "the file has text to leave out");
        let without_text = attachment::Model { extracted_text: None, ..stored.clone() };
        let found = readable_attachments(&db.conn, &Reader::Anonymous, &[id]).await;
        let listed = attachments_of(&db.conn, &[stored.document_id]).await;
        // Only the indexer reads the text, with its own query; here 300 KB.
        for (read, rows) in [("a file by id", found), ("a document's files", listed)] {
            let rows = rows.expect(read);
            let texts: Vec<_> =
                rows.iter().map(|a| a.extracted_text.as_ref().map(String::len)).collect();
            assert!(
                rows == [without_text.clone()],
                "{read}: {} rows, texts of {texts:?} bytes",
                rows.len()
            );
        }
        // The columns a document's list of files reads after the text come from the index it
        // walks, in its order: read from the row, they would mean walking the text's pages.
        let sql = without_extracted_text(files_of(&[stored.document_id]))
            .into_statement(sea_orm::DbBackend::Sqlite)
            .to_string();
        let listed = test_support::sqlite_plan(&db.conn, &sql).await.expect("plan");
        assert!(!listed.contains("TEMP B-TREE"), "the files are sorted: {listed}");
        let columns =
            test_support::walked_index_columns(&db.conn, &listed).await.expect("index columns");
        let after_the_text = ["created_at", "uploaded_by"];
        assert!(after_the_text.iter().all(|c| columns.iter().any(|i| i == c)), "{columns:?}");
    }

    #[tokio::test]
    async fn an_attachment_is_checked_against_its_own_document_not_every_readable_one() {
        let dir = tempfile::tempdir().expect("temp dir");
        let db = library(&dir).await;
        let member = Reader::User { id: Uuid::nil(), role: Role::Member };
        for reader in [Reader::Anonymous, member] {
            let read = plan(&db, &attachments_by_ids(&reader, &[Uuid::nil()]).into_query()).await;
            assert!(test_support::finds_by_id(&read, "documents"), "{reader:?}: {read}");
        }
    }
}
