use sea_orm::{
    ColumnTrait, ConnectionTrait, DbErr, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder,
    QuerySelect,
};
use uuid::Uuid;

use crate::entities::{space, space_member, user};
use crate::visibility::{Reader, readable_spaces};
use crate::{Page, PageRequest};

pub async fn find_readable_by_slug<C: ConnectionTrait>(
    db: &C,
    reader: &Reader,
    slug: &str,
) -> Result<Option<space::Model>, DbErr> {
    space::Entity::find()
        .filter(space::Column::Slug.eq(slug))
        .filter(readable_spaces(reader))
        .one(db)
        .await
}

pub async fn readable_by_ids<C: ConnectionTrait>(
    db: &C,
    reader: &Reader,
    ids: &[Uuid],
) -> Result<Vec<space::Model>, DbErr> {
    space::Entity::find()
        .filter(space::Column::Id.is_in(ids.iter().copied()))
        .filter(readable_spaces(reader))
        .all(db)
        .await
}

pub async fn find_readable<C: ConnectionTrait>(
    db: &C,
    reader: &Reader,
    id: Uuid,
) -> Result<Option<space::Model>, DbErr> {
    Ok(readable_by_ids(db, reader, &[id]).await?.pop())
}

/// Readable spaces in creation order.
pub async fn list_readable<C: ConnectionTrait>(
    db: &C,
    reader: &Reader,
    page: &PageRequest<Uuid>,
) -> Result<Page<space::Model>, DbErr> {
    let mut query = space::Entity::find().filter(readable_spaces(reader));
    if let Some(after) = page.after {
        query = query.filter(space::Column::Id.gt(after));
    }
    let rows = query.order_by_asc(space::Column::Id).limit(page.first + 1).all(db).await?;
    Ok(Page::from_overfetch(rows, page.first))
}

pub async fn count_readable<C: ConnectionTrait>(db: &C, reader: &Reader) -> Result<u64, DbErr> {
    space::Entity::find().filter(readable_spaces(reader)).count(db).await
}

pub async fn membership<C: ConnectionTrait>(
    db: &C,
    space_id: Uuid,
    user_id: Uuid,
) -> Result<Option<space_member::Model>, DbErr> {
    space_member::Entity::find_by_id((space_id, user_id)).one(db).await
}

/// One user's memberships among `space_ids`.
pub async fn memberships_of<C: ConnectionTrait>(
    db: &C,
    user_id: Uuid,
    space_ids: &[Uuid],
) -> Result<Vec<space_member::Model>, DbErr> {
    space_member::Entity::find()
        .filter(space_member::Column::UserId.eq(user_id))
        .filter(space_member::Column::SpaceId.is_in(space_ids.iter().copied()))
        .all(db)
        .await
}

/// A space's members with their accounts, in the order they joined.
pub async fn members<C: ConnectionTrait>(
    db: &C,
    space_id: Uuid,
) -> Result<Vec<(space_member::Model, user::Model)>, DbErr> {
    let rows = space_member::Entity::find()
        .filter(space_member::Column::SpaceId.eq(space_id))
        .order_by_asc(space_member::Column::CreatedAt)
        .find_also_related(user::Entity)
        .all(db)
        .await?;
    Ok(rows.into_iter().filter_map(|(m, u)| u.map(|u| (m, u))).collect())
}

/// Whether `user_id` moderates at least one space (and so manages its members).
pub async fn moderates_any<C: ConnectionTrait>(db: &C, user_id: Uuid) -> Result<bool, DbErr> {
    let found = space_member::Entity::find()
        .filter(space_member::Column::UserId.eq(user_id))
        .filter(space_member::Column::Role.eq(praxis_core::types::SpaceRole::Moderator.as_str()))
        .count(db)
        .await?;
    Ok(found > 0)
}
