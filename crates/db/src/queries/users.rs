use sea_orm::{
    ColumnTrait, Condition, ConnectionTrait, DbErr, EntityTrait, PaginatorTrait, QueryFilter,
    QueryOrder, QuerySelect,
};

use super::key_contains;
use uuid::Uuid;

use crate::entities::user;

pub async fn find_by_email<C: ConnectionTrait>(
    db: &C,
    email: &str,
) -> Result<Option<user::Model>, DbErr> {
    user::Entity::find().filter(user::Column::Email.eq(email)).one(db).await
}

pub async fn find_by_id<C: ConnectionTrait>(
    db: &C,
    id: Uuid,
) -> Result<Option<user::Model>, DbErr> {
    user::Entity::find_by_id(id).one(db).await
}

/// Users are not secret (their display names sign their posts), so this needs no reader.
pub async fn by_ids<C: ConnectionTrait>(db: &C, ids: &[Uuid]) -> Result<Vec<user::Model>, DbErr> {
    user::Entity::find().filter(user::Column::Id.is_in(ids.iter().copied())).all(db).await
}

pub async fn count<C: ConnectionTrait>(db: &C) -> Result<u64, DbErr> {
    user::Entity::find().count(db).await
}

/// Users whose display name contains `needle` (any case), or whose email is exactly `needle`
/// when `match_email` is set, by display name.
pub async fn search<C: ConnectionTrait>(
    db: &C,
    needle: &str,
    match_email: bool,
    limit: u64,
) -> Result<Vec<user::Model>, DbErr> {
    let mut condition = Condition::any().add(key_contains(user::Column::SearchKey, needle));
    if match_email {
        condition = condition.add(user::Column::Email.eq(needle.to_lowercase()));
    }
    user::Entity::find()
        .filter(condition)
        .order_by_asc(user::Column::DisplayName)
        .limit(limit)
        .all(db)
        .await
}
