//! The one read a search makes of the database after the index has answered: which of its hits
//! the reader may read now, and the spaces they may read now, so that a search started with the
//! spaces of the reader's last search learns in the same statement whether they still hold.

use std::collections::HashSet;

use sea_orm::sea_query::{Alias, Expr, Query, SelectStatement, UnionType};
use sea_orm::{ColumnTrait, Condition, ConnectionTrait, DbErr, EntityTrait};
use uuid::Uuid;

use crate::entities::{document, post, space, thread};
use crate::sqlite_reads::SqliteReads;
use crate::visibility::{
    Reader, readable_documents, readable_posts, readable_spaces, readable_threads,
};

/// A page of search hits by kind.
#[derive(Debug)]
pub struct Hits {
    pub threads: Vec<Uuid>,
    pub posts: Vec<Uuid>,
    pub documents: Vec<Uuid>,
}

#[derive(Debug, Default)]
pub struct ReadableNow {
    /// Every space the reader may read, sorted.
    pub spaces: Vec<Uuid>,
    /// The hits the reader may read.
    pub hits: HashSet<Uuid>,
}

const SPACE: &str = "space";
const HIT: &str = "hit";

/// `SELECT kind, id FROM entity WHERE condition`.
fn tagged<E: EntityTrait>(kind: &str, id: E::Column, condition: Condition) -> SelectStatement {
    Query::select()
        .expr_as(Expr::val(kind), Alias::new("kind"))
        .expr_as(Expr::col((E::default(), id)), Alias::new("id"))
        .from(E::default())
        .cond_where(condition)
        .to_owned()
}

fn hits_of<E: EntityTrait>(id: E::Column, ids: &[Uuid], readable: Condition) -> SelectStatement {
    tagged::<E>(HIT, id, Condition::all().add(id.is_in(ids.iter().copied())).add(readable))
}

/// Both answers in one statement: on PostgreSQL one round trip, where a search's time goes to
/// waiting.
pub async fn readable_now<C: ConnectionTrait>(
    db: &C,
    reader: &Reader,
    hits: &Hits,
) -> Result<ReadableNow, DbErr> {
    let rows = db.query_all(&statement(reader, hits)).await?;
    let tagged = rows.iter().map(|row| Ok((row.try_get("", "kind")?, row.try_get("", "id")?)));
    Ok(ReadableNow::from_tagged(tagged.collect::<Result<Vec<_>, DbErr>>()?))
}

/// `readable_now` through SQLite's read-only connections, on this thread.
pub fn readable_now_here(
    reads: &SqliteReads,
    reader: &Reader,
    hits: &Hits,
) -> anyhow::Result<ReadableNow> {
    let tagged =
        reads.query(&statement(reader, hits), |row| Ok((row.get("kind")?, row.get("id")?)))?;
    Ok(ReadableNow::from_tagged(tagged))
}

impl ReadableNow {
    /// From the statement's rows: a kind (a space or a hit) and an id each.
    fn from_tagged(rows: Vec<(String, Uuid)>) -> Self {
        let mut now = Self::default();
        for (kind, id) in rows {
            if kind == SPACE {
                now.spaces.push(id);
            } else {
                now.hits.insert(id);
            }
        }
        now.spaces.sort_unstable();
        now
    }
}

/// The readable spaces, tagged, and the readable hits, tagged. A kind without hits on the page
/// adds no part, so its visibility subqueries are not built only to be dropped: a page of
/// documents alone is the common case in the library.
fn statement(reader: &Reader, hits: &Hits) -> SelectStatement {
    let mut query = tagged::<space::Entity>(SPACE, space::Column::Id, readable_spaces(reader));
    if !hits.threads.is_empty() {
        let readable = readable_threads(reader);
        let part = hits_of::<thread::Entity>(thread::Column::Id, &hits.threads, readable);
        query.union(UnionType::All, part);
    }
    if !hits.posts.is_empty() {
        let readable = readable_posts(reader);
        let part = hits_of::<post::Entity>(post::Column::Id, &hits.posts, readable);
        query.union(UnionType::All, part);
    }
    if !hits.documents.is_empty() {
        let readable = readable_documents(reader);
        let part = hits_of::<document::Entity>(document::Column::Id, &hits.documents, readable);
        query.union(UnionType::All, part);
    }
    query
}
