//! Query functions, one module per table family. Each takes `&C: ConnectionTrait` so it runs
//! inside or outside a transaction, as the use case decides.

pub mod documents;
pub mod organizations;
pub mod posts;
pub mod reactions;
pub mod sessions;
pub mod spaces;
pub mod threads;
pub mod users;

mod text_match;
pub(crate) use text_match::key_contains;

/// Which of `ids` pass `readable`, without loading the rows: for rechecking search hits.
async fn ids_among<E, C>(
    db: &C,
    id: E::Column,
    ids: &[uuid::Uuid],
    readable: sea_orm::Condition,
) -> Result<Vec<uuid::Uuid>, sea_orm::DbErr>
where
    E: sea_orm::EntityTrait,
    C: sea_orm::ConnectionTrait,
{
    use sea_orm::{ColumnTrait as _, QueryFilter as _, QuerySelect as _};
    E::find()
        .select_only()
        .column(id)
        .filter(id.is_in(ids.iter().copied()))
        .filter(readable)
        .into_tuple()
        .all(db)
        .await
}
