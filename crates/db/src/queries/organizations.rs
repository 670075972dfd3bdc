use sea_orm::{
    ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, QueryOrder, QuerySelect,
};

use super::key_contains;
use uuid::Uuid;

use crate::entities::organization;

pub async fn find_by_name<C: ConnectionTrait>(
    db: &C,
    name: &str,
) -> Result<Option<organization::Model>, DbErr> {
    organization::Entity::find().filter(organization::Column::Name.eq(name)).one(db).await
}

pub async fn by_ids<C: ConnectionTrait>(
    db: &C,
    ids: &[Uuid],
) -> Result<Vec<organization::Model>, DbErr> {
    organization::Entity::find()
        .filter(organization::Column::Id.is_in(ids.iter().copied()))
        .all(db)
        .await
}

/// Organisations whose name contains `needle` (any case), verified ones first, then by name.
pub async fn search<C: ConnectionTrait>(
    db: &C,
    needle: &str,
    verified_only: bool,
    limit: u64,
) -> Result<Vec<organization::Model>, DbErr> {
    let mut query =
        organization::Entity::find().filter(key_contains(organization::Column::SearchKey, needle));
    if verified_only {
        query = query.filter(organization::Column::Verified.eq(true));
    }
    query
        .order_by_desc(organization::Column::Verified)
        .order_by_asc(organization::Column::Name)
        .limit(limit)
        .all(db)
        .await
}
