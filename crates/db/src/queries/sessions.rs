//! Sessions (one per sign-in) and their refresh tokens, stored only as hashes.

use chrono::{DateTime, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{ActiveValue::Set, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter};
use uuid::Uuid;

use crate::entities::{refresh_token, session, user};

/// The session if it is neither revoked nor expired, with its user: checked on every request, so
/// logout and role changes take effect at once.
pub async fn find_live_with_user<C: ConnectionTrait>(
    db: &C,
    session_id: Uuid,
    now: DateTime<Utc>,
) -> Result<Option<(session::Model, user::Model)>, DbErr> {
    let found = session::Entity::find_by_id(session_id)
        .filter(session::Column::RevokedAt.is_null())
        .filter(session::Column::ExpiresAt.gt(now))
        .find_also_related(user::Entity)
        .one(db)
        .await?;
    Ok(found.and_then(|(session, user)| user.map(|user| (session, user))))
}

pub async fn revoke<C: ConnectionTrait>(
    db: &C,
    session_id: Uuid,
    now: DateTime<Utc>,
) -> Result<(), DbErr> {
    session::Entity::update_many()
        .col_expr(session::Column::RevokedAt, Expr::value(now))
        .filter(session::Column::Id.eq(session_id))
        .filter(session::Column::RevokedAt.is_null())
        .exec(db)
        .await?;
    Ok(())
}

pub async fn insert_refresh_token<C: ConnectionTrait>(
    db: &C,
    session_id: Uuid,
    token_hash: String,
    now: DateTime<Utc>,
) -> Result<(), DbErr> {
    refresh_token::Entity::insert(refresh_token::ActiveModel {
        id: Set(praxis_core::ids::new_id()),
        session_id: Set(session_id),
        token_hash: Set(token_hash),
        created_at: Set(now),
        used_at: Set(None),
    })
    .exec(db)
    .await?;
    Ok(())
}

pub async fn find_refresh_token<C: ConnectionTrait>(
    db: &C,
    token_hash: &str,
) -> Result<Option<refresh_token::Model>, DbErr> {
    refresh_token::Entity::find()
        .filter(refresh_token::Column::TokenHash.eq(token_hash))
        .one(db)
        .await
}

/// Marks a refresh token used; false if another request used it first.
pub async fn mark_refresh_token_used<C: ConnectionTrait>(
    db: &C,
    token_id: Uuid,
    now: DateTime<Utc>,
) -> Result<bool, DbErr> {
    let result = refresh_token::Entity::update_many()
        .col_expr(refresh_token::Column::UsedAt, Expr::value(now))
        .filter(refresh_token::Column::Id.eq(token_id))
        .filter(refresh_token::Column::UsedAt.is_null())
        .exec(db)
        .await?;
    Ok(result.rows_affected == 1)
}
