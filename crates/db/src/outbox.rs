//! Outbox rows: written in the same transaction as the change they describe.

use std::fmt;
use std::str::FromStr;

use chrono::{DateTime, Utc};
use sea_orm::sea_query::{Expr, Query};
use sea_orm::{
    ActiveValue::Set, ColumnTrait as _, Condition, ConnectionTrait, DatabaseBackend, DbErr,
    EntityTrait, QueryFilter as _, QueryOrder as _, QuerySelect as _, Statement,
};
use uuid::Uuid;

use crate::entities::{outbox, post};

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

impl Entity {
    /// As the outbox's `entity` column holds it.
    pub fn as_str(self) -> &'static str {
        match self {
            Entity::Thread => "thread",
            Entity::Post => "post",
            Entity::Document => "document",
        }
    }
}

impl Op {
    /// As the outbox's `op` column holds it.
    pub fn as_str(self) -> &'static str {
        match self {
            Op::Upsert => "upsert",
            Op::Delete => "delete",
        }
    }
}

pub async fn record<C: ConnectionTrait>(
    db: &C,
    entity: Entity,
    id: Uuid,
    op: Op,
) -> Result<(), DbErr> {
    let row = outbox::ActiveModel {
        entity: Set(entity.as_str().to_owned()),
        entity_id: Set(id),
        op: Set(op.as_str().to_owned()),
        created_at: Set(crate::now()),
        ..Default::default()
    };
    outbox::Entity::insert(row).exec(db).await?;
    Ok(())
}

/// Records a change to every reply of `thread_id` not deleted (every post but `opening`), in one
/// statement however many there are: a reply's index document takes the start of its thread's
/// opening post, to tell the language of a reply too short to tell by itself.
pub async fn record_replies<C: ConnectionTrait>(
    db: &C,
    thread_id: Uuid,
    opening: Uuid,
) -> Result<(), DbErr> {
    let replies = Query::select()
        .expr(Expr::val(Entity::Post.as_str()))
        .column(post::Column::Id)
        .expr(Expr::val(Op::Upsert.as_str()))
        .expr(Expr::val(crate::now()))
        .from(post::Entity)
        .and_where(post::Column::ThreadId.eq(thread_id))
        .and_where(post::Column::Id.ne(opening))
        .and_where(post::Column::DeletedAt.is_null())
        .to_owned();
    let insert = Query::insert()
        .into_table(outbox::Entity)
        .columns([
            outbox::Column::Entity,
            outbox::Column::EntityId,
            outbox::Column::Op,
            outbox::Column::CreatedAt,
        ])
        .select_from(replies)
        .map_err(|e| DbErr::Custom(e.to_string()))?
        .to_owned();
    db.execute(&insert).await?;
    Ok(())
}

/// A place in the outbox, in the order the indexer applies it: by the writing transaction's id,
/// then by sequence number. On PostgreSQL a sequence number is taken when its row is inserted,
/// so a transaction can commit `seq` 100 after another committed 101; a transaction that is still
/// running, though, has a higher id than every one that has ended (migration 6). On SQLite,
/// which admits one writer at a time, every transaction id is 0.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord)]
pub struct Position {
    pub txid: i64,
    pub seq: i64,
}

impl Position {
    pub fn of(row: &outbox::Model) -> Self {
        Self { txid: row.txid, seq: row.seq }
    }
}

/// "seq" on SQLite (as every watermark was before transaction ids), "txid:seq" on PostgreSQL.
impl fmt::Display for Position {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.txid {
            0 => write!(f, "{}", self.seq),
            txid => write!(f, "{txid}:{}", self.seq),
        }
    }
}

impl FromStr for Position {
    type Err = std::num::ParseIntError;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        Ok(match text.split_once(':') {
            Some((txid, seq)) => Self { txid: txid.parse()?, seq: seq.parse()? },
            None => Self { txid: 0, seq: text.parse()? },
        })
    }
}

/// On PostgreSQL, the oldest transaction still running: none below it can commit anything more.
const OLDEST_RUNNING: &str = "pg_snapshot_xmin(pg_current_snapshot())::text::bigint";

fn is_postgres<C: ConnectionTrait>(db: &C) -> bool {
    db.get_database_backend() == DatabaseBackend::Postgres
}

/// The rows after `position`.
fn later_than(position: Position) -> Condition {
    Condition::any().add(outbox::Column::Txid.gt(position.txid)).add(
        Condition::all()
            .add(outbox::Column::Txid.eq(position.txid))
            .add(outbox::Column::Seq.gt(position.seq)),
    )
}

/// Up to `limit` outbox rows after `from`, in order, up to where a transaction still running
/// could yet commit rows before them.
pub async fn after<C: ConnectionTrait>(
    db: &C,
    from: Position,
    limit: u64,
) -> Result<Vec<outbox::Model>, DbErr> {
    let mut rows = outbox::Entity::find().filter(later_than(from));
    if is_postgres(db) {
        rows = rows.filter(Expr::cust(format!("txid < {OLDEST_RUNNING}")));
    }
    rows.order_by_asc(outbox::Column::Txid)
        .order_by_asc(outbox::Column::Seq)
        .limit(limit)
        .all(db)
        .await
}

/// The position of the newest committed row (the start, when there is none).
pub async fn newest<C: ConnectionTrait>(db: &C) -> Result<Position, DbErr> {
    let last = outbox::Entity::find()
        .order_by_desc(outbox::Column::Txid)
        .order_by_desc(outbox::Column::Seq)
        .limit(1)
        .one(db)
        .await?;
    Ok(last.as_ref().map(Position::of).unwrap_or_default())
}

/// A position that every change committed so far has reached or will sort after, and that every
/// change still to commit sorts after: where an index built from the tables as read from now on
/// can take up the outbox.
pub async fn settled<C: ConnectionTrait>(db: &C) -> Result<Position, DbErr> {
    if !is_postgres(db) {
        // One writer at a time: whatever is in the outbox has committed.
        return newest(db).await;
    }
    let statement = Statement::from_string(
        DatabaseBackend::Postgres,
        format!("SELECT {OLDEST_RUNNING} AS txid"),
    );
    let row = db
        .query_one_raw(statement)
        .await?
        .ok_or_else(|| DbErr::RecordNotFound("the oldest running transaction".to_owned()))?;
    // Rows of that transaction and later ones sort after (txid, -1); every earlier one has ended.
    Ok(Position { txid: row.try_get("", "txid")?, seq: -1 })
}

/// Deletes the rows at or before `applied` that were written before `written_before`; returns
/// how many it deleted.
pub async fn prune<C: ConnectionTrait>(
    db: &C,
    applied: Position,
    written_before: DateTime<Utc>,
) -> Result<u64, DbErr> {
    let deleted = outbox::Entity::delete_many()
        .filter(later_than(applied).not())
        .filter(outbox::Column::CreatedAt.lt(written_before))
        .exec(db)
        .await?;
    Ok(deleted.rows_affected)
}
