use sea_orm::sea_query::{Expr, ExprTrait as _};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, QuerySelect,
};
use uuid::Uuid;

use crate::entities::reaction;

/// (post, reaction kind, how many) for each post in `post_ids` that has reactions.
pub async fn counts<C: ConnectionTrait>(
    db: &C,
    post_ids: &[Uuid],
) -> Result<Vec<(Uuid, String, i64)>, DbErr> {
    reaction::Entity::find()
        .select_only()
        .column(reaction::Column::PostId)
        .column(reaction::Column::Kind)
        .column_as(Expr::col(reaction::Column::UserId).count(), "count")
        .filter(reaction::Column::PostId.is_in(post_ids.iter().copied()))
        .group_by(reaction::Column::PostId)
        .group_by(reaction::Column::Kind)
        .into_tuple()
        .all(db)
        .await
}

/// (post, reaction kind) for the reactions `user_id` gave among `post_ids`.
pub async fn given_by<C: ConnectionTrait>(
    db: &C,
    user_id: Uuid,
    post_ids: &[Uuid],
) -> Result<Vec<(Uuid, String)>, DbErr> {
    reaction::Entity::find()
        .select_only()
        .column(reaction::Column::PostId)
        .column(reaction::Column::Kind)
        .filter(reaction::Column::UserId.eq(user_id))
        .filter(reaction::Column::PostId.is_in(post_ids.iter().copied()))
        .into_tuple()
        .all(db)
        .await
}

/// Adds a reaction; adding the same one twice is not an error.
pub async fn add<C: ConnectionTrait>(db: &C, model: reaction::ActiveModel) -> Result<(), DbErr> {
    reaction::Entity::insert(model)
        .on_conflict_do_nothing_on([
            reaction::Column::PostId,
            reaction::Column::UserId,
            reaction::Column::Kind,
        ])
        .exec(db)
        .await?;
    Ok(())
}

pub async fn remove<C: ConnectionTrait>(
    db: &C,
    post_id: Uuid,
    user_id: Uuid,
    kind: &str,
) -> Result<(), DbErr> {
    reaction::Entity::delete_many()
        .filter(reaction::Column::PostId.eq(post_id))
        .filter(reaction::Column::UserId.eq(user_id))
        .filter(reaction::Column::Kind.eq(kind))
        .exec(db)
        .await?;
    Ok(())
}

pub fn new_reaction(post_id: Uuid, user_id: Uuid, kind: &str) -> reaction::ActiveModel {
    reaction::ActiveModel {
        post_id: Set(post_id),
        user_id: Set(user_id),
        kind: Set(kind.to_owned()),
        created_at: Set(crate::now()),
    }
}
