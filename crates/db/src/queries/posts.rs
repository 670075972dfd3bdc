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
    let mut query = post::Entity::find()
        .filter(post::Column::ThreadId.eq(thread_id))
        .filter(readable_posts(reader));
    if let Some(after) = page.after {
        query = query.filter(post::Column::Id.gt(after));
    }
    let rows = query.order_by_asc(post::Column::Id).limit(page.first + 1).all(db).await?;
    Ok(Page::from_overfetch(rows, page.first))
}

pub async fn count_in_thread<C: ConnectionTrait>(
    db: &C,
    reader: &Reader,
    thread_id: Uuid,
) -> Result<u64, DbErr> {
    post::Entity::find()
        .filter(post::Column::ThreadId.eq(thread_id))
        .filter(readable_posts(reader))
        .count(db)
        .await
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
