use sea_orm::{
    ColumnTrait, ConnectionTrait, DbErr, EntityTrait, PaginatorTrait, PartialModelTrait,
    QueryFilter, QueryOrder, QuerySelect, Select,
};
use uuid::Uuid;

use crate::entities::{post, post_revision};
use crate::visibility::{Reader, readable_posts};
use crate::{Page, PageRequest};

pub async fn readable_by_ids<C: ConnectionTrait>(
    db: &C,
    reader: &Reader,
    ids: &[Uuid],
) -> Result<Vec<post::Model>, DbErr> {
    post::Entity::find()
        .filter(post::Column::Id.is_in(ids.iter().copied()))
        .filter(readable_posts(reader))
        .all(db)
        .await
}

pub async fn find_readable<C: ConnectionTrait>(
    db: &C,
    reader: &Reader,
    id: Uuid,
) -> Result<Option<post::Model>, DbErr> {
    Ok(readable_by_ids(db, reader, &[id]).await?.pop())
}

/// A thread's posts in the order they were written; the opening post comes first.
pub async fn list_in_thread<C: ConnectionTrait>(
    db: &C,
    reader: &Reader,
    thread_id: Uuid,
    page: &PageRequest<Uuid>,
) -> Result<Page<post::Model>, DbErr> {
    let rows = page_query(reader, thread_id, page).all(db).await?;
    Ok(Page::from_overfetch(rows, page.first))
}

/// The posts of a page, one more than asked for, in order.
fn page_query(reader: &Reader, thread_id: Uuid, page: &PageRequest<Uuid>) -> Select<post::Entity> {
    let mut query = in_thread(reader, thread_id);
    if let Some(after) = page.after {
        query = query.filter(post::Column::Id.gt(after));
    }
    query.order_by_asc(post::Column::Id).limit(page.first + 1)
}

fn in_thread(reader: &Reader, thread_id: Uuid) -> Select<post::Entity> {
    post::Entity::find().filter(post::Column::ThreadId.eq(thread_id)).filter(readable_posts(reader))
}

pub async fn count_in_thread<C: ConnectionTrait>(
    db: &C,
    reader: &Reader,
    thread_id: Uuid,
) -> Result<u64, DbErr> {
    in_thread(reader, thread_id).count(db).await
}

/// The first post of a thread: its opening post.
fn opening_post_of(thread_id: Uuid) -> Select<post::Entity> {
    post::Entity::find().filter(post::Column::ThreadId.eq(thread_id)).order_by_asc(post::Column::Id)
}

/// The id of a thread's opening post, without reading the post.
pub async fn opening_post_id<C: ConnectionTrait>(
    db: &C,
    thread_id: Uuid,
) -> Result<Option<Uuid>, DbErr> {
    opening_post_of(thread_id).select_only().column(post::Column::Id).into_tuple().one(db).await
}

/// A thread's opening post, as much of it as the partial model `M` takes.
pub async fn opening_post<M: PartialModelTrait, C: ConnectionTrait>(
    db: &C,
    thread_id: Uuid,
) -> Result<Option<M>, DbErr> {
    opening_post_of(thread_id).into_partial_model().one(db).await
}

pub async fn revisions_of<C: ConnectionTrait>(
    db: &C,
    post_ids: &[Uuid],
) -> Result<Vec<post_revision::Model>, DbErr> {
    post_revision::Entity::find()
        .filter(post_revision::Column::PostId.is_in(post_ids.iter().copied()))
        .order_by_asc(post_revision::Column::EditedAt)
        .all(db)
        .await
}

#[cfg(test)]
mod tests {
    use praxis_core::types::Role;
    use sea_orm::QueryTrait as _;
    use sea_orm::sea_query::{Alias, Expr, Query, SqliteQueryBuilder};

    use super::*;
    use crate::entities::thread;
    use crate::test_support::{self, FORUM_SPACE, MEMBERS_SPACE};

    #[tokio::test]
    async fn a_post_is_checked_against_its_own_thread_not_every_readable_one() {
        let dir = tempfile::tempdir().expect("temp dir");
        let db =
            test_support::filled(dir.path(), async |db| test_support::forum(db, 500).await).await;
        let in_space = |space| thread::Entity::find().filter(thread::Column::SpaceId.eq(space));
        let public = in_space(FORUM_SPACE).one(&db.conn).await.expect("read").expect("a thread");
        let lounge = in_space(MEMBERS_SPACE).one(&db.conn).await.expect("read").expect("a thread");
        let member = Reader::User { id: Uuid::nil(), role: Role::Member };
        let first = PageRequest { first: 20, after: None };
        for reader in [Reader::Anonymous, member] {
            let page = page_query(&reader, public.id, &first).into_query();
            let count = Query::select()
                .expr(Expr::cust("COUNT(*)"))
                .from_subquery(in_thread(&reader, public.id).into_query(), Alias::new("sub_query"))
                .to_owned();
            let by_ids = post::Entity::find()
                .filter(post::Column::Id.is_in([Uuid::nil()]))
                .filter(readable_posts(&reader))
                .into_query();
            for statement in [page, count, by_ids] {
                let sql = statement.to_string(SqliteQueryBuilder);
                let plan = test_support::sqlite_plan(&db.conn, &sql).await.expect("plan");
                // Each post's thread is looked up by its id, not found in a list of every
                // readable thread built for the statement.
                assert!(test_support::finds_by_id(&plan, "threads"), "{reader:?}: {plan}\n{sql}");
            }
        }
        // And it still answers: a thread's five posts to a reader of its space, none to others.
        for (reader, thread, seen) in [
            (Reader::Anonymous, &public, 5),
            (member, &public, 5),
            (Reader::Anonymous, &lounge, 0),
            (member, &lounge, 5),
        ] {
            let listed = list_in_thread(&db.conn, &reader, thread.id, &first).await.expect("list");
            assert_eq!(listed.items.len(), seen, "{reader:?} {}", thread.title);
            let counted = count_in_thread(&db.conn, &reader, thread.id).await.expect("count");
            assert_eq!(counted, seen as u64, "{reader:?} {}", thread.title);
            let ids: Vec<Uuid> = list_in_thread(
                &db.conn,
                &Reader::User { id: Uuid::nil(), role: Role::Admin },
                thread.id,
                &first,
            )
            .await
            .expect("list")
            .items
            .iter()
            .map(|p| p.id)
            .collect();
            let found = readable_by_ids(&db.conn, &reader, &ids).await.expect("by ids");
            assert_eq!(found.len(), seen, "{reader:?} {} by id", thread.title);
        }
    }
}
