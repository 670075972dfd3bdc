use chrono::{DateTime, Utc};
use sea_orm::sea_query::Query;
use sea_orm::{
    ColumnTrait, Condition, ConnectionTrait, DbErr, EntityTrait, PaginatorTrait, QueryFilter,
    QueryOrder, QuerySelect, Select,
};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::entities::{thread, thread_document, thread_tag};
use crate::visibility::{Reader, readable_threads, space_is_readable};
use crate::{Page, PageRequest};

#[derive(Debug, Clone, Default)]
pub struct ThreadFilter {
    pub space_id: Option<Uuid>,
    pub kind: Option<&'static str>,
    pub tag: Option<String>,
    pub author_id: Option<Uuid>,
    /// Threads that cite this library document.
    pub cites_document: Option<Uuid>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ThreadOrder {
    /// Most recent reply first; pinned threads lead when listing one space.
    LatestActivity,
    Newest,
}

/// The sort key of the last thread on a page.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct ThreadCursor {
    pub pinned: bool,
    pub last_activity_at: DateTime<Utc>,
    pub id: Uuid,
}

impl ThreadCursor {
    pub fn of(thread: &thread::Model) -> Self {
        Self { pinned: thread.pinned, last_activity_at: thread.last_activity_at, id: thread.id }
    }
}

fn filtered(reader: &Reader, filter: &ThreadFilter) -> Select<thread::Entity> {
    // In one space, whether the reader may read it is asked once, of the space. Asked of each
    // thread, as a second condition on its space, SQLite weighed the space's two indexes alike
    // and took the one for the newest first in the order of latest activity too, sorting the
    // space's threads for each page.
    let mut query = match filter.space_id {
        Some(space_id) => thread::Entity::find()
            .filter(thread::Column::SpaceId.eq(space_id))
            .filter(space_is_readable(reader, space_id)),
        None => thread::Entity::find().filter(readable_threads(reader)),
    };
    if let Some(kind) = filter.kind {
        query = query.filter(thread::Column::Kind.eq(kind));
    }
    if let Some(author_id) = filter.author_id {
        query = query.filter(thread::Column::AuthorId.eq(author_id));
    }
    if let Some(document_id) = filter.cites_document {
        query = query.filter(
            thread::Column::Id.in_subquery(
                Query::select()
                    .column(thread_document::Column::ThreadId)
                    .from(thread_document::Entity)
                    .and_where(thread_document::Column::DocumentId.eq(document_id))
                    .to_owned(),
            ),
        );
    }
    if let Some(tag) = &filter.tag {
        query = query.filter(
            thread::Column::Id.in_subquery(
                Query::select()
                    .column(thread_tag::Column::ThreadId)
                    .from(thread_tag::Entity)
                    .and_where(thread_tag::Column::Tag.eq(tag.as_str()))
                    .to_owned(),
            ),
        );
    }
    query
}

/// Rows strictly after `c` in the order (pinned desc, last activity desc, id desc).
fn after_by_activity(c: &ThreadCursor, pinned_first: bool) -> Condition {
    let same_pin = if pinned_first {
        Condition::all().add(thread::Column::Pinned.eq(c.pinned))
    } else {
        Condition::all()
    };
    let later_in_pin =
        Condition::any().add(thread::Column::LastActivityAt.lt(c.last_activity_at)).add(
            Condition::all()
                .add(thread::Column::LastActivityAt.eq(c.last_activity_at))
                .add(thread::Column::Id.lt(c.id)),
        );
    let mut after = Condition::any().add(same_pin.add(later_in_pin));
    if pinned_first && c.pinned {
        after = after.add(thread::Column::Pinned.eq(false));
    }
    after
}

pub async fn list_readable<C: ConnectionTrait>(
    db: &C,
    reader: &Reader,
    filter: &ThreadFilter,
    order: ThreadOrder,
    page: &PageRequest<ThreadCursor>,
) -> Result<Page<thread::Model>, DbErr> {
    let rows = list_query(reader, filter, order, page).all(db).await?;
    Ok(Page::from_overfetch(rows, page.first))
}

/// The rows of a page, one more than asked for, in order.
fn list_query(
    reader: &Reader,
    filter: &ThreadFilter,
    order: ThreadOrder,
    page: &PageRequest<ThreadCursor>,
) -> Select<thread::Entity> {
    let mut query = filtered(reader, filter);
    let pinned_first = filter.space_id.is_some();
    match order {
        ThreadOrder::LatestActivity => {
            if let Some(c) = &page.after {
                query = query.filter(after_by_activity(c, pinned_first));
            }
            if pinned_first {
                query = query.order_by_desc(thread::Column::Pinned);
            }
            query = query
                .order_by_desc(thread::Column::LastActivityAt)
                .order_by_desc(thread::Column::Id);
        }
        ThreadOrder::Newest => {
            if let Some(c) = &page.after {
                query = query.filter(thread::Column::Id.lt(c.id));
            }
            query = query.order_by_desc(thread::Column::Id);
        }
    }
    query.limit(page.first + 1)
}

pub async fn count_readable<C: ConnectionTrait>(
    db: &C,
    reader: &Reader,
    filter: &ThreadFilter,
) -> Result<u64, DbErr> {
    filtered(reader, filter).count(db).await
}

pub async fn readable_by_ids<C: ConnectionTrait>(
    db: &C,
    reader: &Reader,
    ids: &[Uuid],
) -> Result<Vec<thread::Model>, DbErr> {
    thread::Entity::find()
        .filter(thread::Column::Id.is_in(ids.iter().copied()))
        .filter(readable_threads(reader))
        .all(db)
        .await
}

pub async fn find_readable<C: ConnectionTrait>(
    db: &C,
    reader: &Reader,
    id: Uuid,
) -> Result<Option<thread::Model>, DbErr> {
    Ok(readable_by_ids(db, reader, &[id]).await?.pop())
}

pub async fn tags_of<C: ConnectionTrait>(
    db: &C,
    thread_ids: &[Uuid],
) -> Result<Vec<thread_tag::Model>, DbErr> {
    thread_tag::Entity::find()
        .filter(thread_tag::Column::ThreadId.is_in(thread_ids.iter().copied()))
        .order_by_asc(thread_tag::Column::Tag)
        .all(db)
        .await
}

#[cfg(test)]
mod tests {
    use praxis_core::types::Role;
    use sea_orm::QueryTrait as _;

    use super::*;
    use crate::test_support::{self, FORUM_SPACE, MEMBERS_SPACE};

    #[tokio::test]
    async fn a_space_lists_its_threads_from_an_index_in_either_order() {
        let dir = tempfile::tempdir().expect("temp dir");
        let db =
            test_support::filled(dir.path(), async |db| test_support::forum(db, 500).await).await;
        let in_space = ThreadFilter { space_id: Some(FORUM_SPACE), ..ThreadFilter::default() };
        let member = Reader::User { id: Uuid::nil(), role: Role::Member };
        let cursor =
            |pinned| ThreadCursor { pinned, last_activity_at: Utc::now(), id: Uuid::max() };
        for order in [ThreadOrder::LatestActivity, ThreadOrder::Newest] {
            for reader in [Reader::Anonymous, member] {
                for after in [None, Some(cursor(true)), Some(cursor(false))] {
                    let page = PageRequest { first: 20, after };
                    let listed = list_query(&reader, &in_space, order, &page).into_query();
                    let plan = test_support::statement_plan(&db.conn, &listed).await;
                    let plan = plan.expect("plan");
                    let asked = format!("{order:?} {reader:?} {after:?}: {plan}");
                    assert!(!plan.contains("TEMP B-TREE"), "{asked}");
                    // In the space's order, not every thread's (the other space's are skipped).
                    let walked = test_support::walked_index_columns(&db.conn, &plan).await;
                    assert_eq!(
                        walked.expect("index").first().map(String::as_str),
                        Some("space_id"),
                        "{asked}"
                    );
                }
            }
        }
    }

    #[tokio::test]
    async fn a_members_space_lists_its_threads_to_members_only() {
        let dir = tempfile::tempdir().expect("temp dir");
        let db =
            test_support::filled(dir.path(), async |db| test_support::forum(db, 30).await).await;
        let lounge = ThreadFilter { space_id: Some(MEMBERS_SPACE), ..ThreadFilter::default() };
        let member = Reader::User { id: Uuid::nil(), role: Role::Member };
        let first = PageRequest { first: 50, after: None };
        for (reader, seen) in [(Reader::Anonymous, 0), (member, 30)] {
            for order in [ThreadOrder::LatestActivity, ThreadOrder::Newest] {
                let page = list_readable(&db.conn, &reader, &lounge, order, &first).await;
                assert_eq!(page.expect("list").items.len(), seen, "{reader:?} {order:?}");
            }
            let counted = count_readable(&db.conn, &reader, &lounge).await.expect("count");
            assert_eq!(counted, seen as u64, "{reader:?}");
        }
    }
}
