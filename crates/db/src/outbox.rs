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
