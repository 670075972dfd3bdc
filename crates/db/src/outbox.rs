//! Outbox rows: written in the same transaction as the change they describe.

use sea_orm::{ActiveValue::Set, ConnectionTrait, DbErr, EntityTrait};
use uuid::Uuid;

use crate::entities::outbox;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Entity {
    Thread,
    Post,
    Document,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Op {
    Upsert,
    Delete,
}

pub async fn record<C: ConnectionTrait>(
    db: &C,
    entity: Entity,
    id: Uuid,
    op: Op,
) -> Result<(), DbErr> {
    let row = outbox::ActiveModel {
        entity: Set(match entity {
            Entity::Thread => "thread",
            Entity::Post => "post",
            Entity::Document => "document",
        }
        .to_owned()),
        entity_id: Set(id),
        op: Set(match op {
            Op::Upsert => "upsert",
            Op::Delete => "delete",
        }
        .to_owned()),
        created_at: Set(crate::now()),
        ..Default::default()
    };
    outbox::Entity::insert(row).exec(db).await?;
    Ok(())
}

/// Outbox rows after `seq`, oldest first.
pub async fn after<C: ConnectionTrait>(
    db: &C,
    seq: i64,
    limit: u64,
) -> Result<Vec<outbox::Model>, DbErr> {
    use sea_orm::{ColumnTrait as _, QueryFilter as _, QueryOrder as _, QuerySelect as _};
    outbox::Entity::find()
        .filter(outbox::Column::Seq.gt(seq))
        .order_by_asc(outbox::Column::Seq)
        .limit(limit)
        .all(db)
        .await
}

/// The newest sequence number, 0 when empty.
pub async fn last_seq<C: ConnectionTrait>(db: &C) -> Result<i64, DbErr> {
    use sea_orm::{QueryOrder as _, QuerySelect as _};
    let last = outbox::Entity::find().order_by_desc(outbox::Column::Seq).limit(1).one(db).await?;
    Ok(last.map_or(0, |row| row.seq))
}
