//! THE visibility predicate. Every read of spaces, threads, posts, library documents and their
//! attachments (lists, lookups, counts, `node`, subscriptions, search and exports) filters through
//! these conditions, so a private space or an unpublished document cannot leak through one path
//! that forgot a check.
//!
//! - Anonymous readers see PUBLIC spaces.
//! - Signed-in users also see MEMBERS spaces and the PRIVATE spaces they belong to.
//! - Admins see every space: they create spaces and manage their members.

use praxis_core::types::{Role, Visibility};
use sea_orm::sea_query::{Expr, ExprTrait as _, IntoIden, Query, SelectStatement};
use sea_orm::{ColumnTrait, Condition};
use uuid::Uuid;

use crate::entities::{attachment, document, post, space, space_member, thread};
use praxis_core::types::DocumentStatus;

/// Who is reading.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Reader {
    Anonymous,
    User { id: Uuid, role: Role },
}

impl Reader {
    pub fn user_id(&self) -> Option<Uuid> {
        match self {
            Reader::Anonymous => None,
            Reader::User { id, .. } => Some(*id),
        }
    }
}

/// The spaces `reader` may read, as a condition on `spaces`.
pub fn readable_spaces(reader: &Reader) -> Condition {
    match reader {
        Reader::Anonymous => {
            Condition::all().add(space::Column::Visibility.eq(Visibility::Public.as_str()))
        }
        Reader::User { role: Role::Admin, .. } => Condition::all(),
        Reader::User { id, .. } => Condition::any()
            .add(
                space::Column::Visibility
                    .is_in([Visibility::Public.as_str(), Visibility::Members.as_str()]),
            )
            .add(space::Column::Id.in_subquery(spaces_joined_by(*id))),
    }
}

fn spaces_joined_by(user_id: Uuid) -> SelectStatement {
    Query::select()
        .column(space_member::Column::SpaceId)
        .from(space_member::Entity)
        .and_where(space_member::Column::UserId.eq(user_id))
        .to_owned()
}

/// Whether `reader` may read the space `space_id`: a condition that does not depend on the row it
/// filters, for a list within one space. It does not limit the rows to that space: the caller
/// filters by the space too.
pub fn space_is_readable(reader: &Reader, space_id: Uuid) -> Condition {
    let this_space = Expr::col((space::Entity, space::Column::Id)).eq(space_id);
    own_row_is(space::Entity, this_space, readable_spaces(reader))
}

fn readable_space_ids(reader: &Reader) -> SelectStatement {
    Query::select()
        .column(space::Column::Id)
        .from(space::Entity)
        .cond_where(readable_spaces(reader))
        .to_owned()
}

/// The threads `reader` may read: those in readable spaces.
pub fn readable_threads(reader: &Reader) -> Condition {
    match reader {
        Reader::User { role: Role::Admin, .. } => Condition::all(),
        _ => Condition::all().add(thread::Column::SpaceId.in_subquery(readable_space_ids(reader))),
    }
}

/// The posts `reader` may read: those in readable threads (deleted posts stay listed, as
/// placeholders; their bodies are withheld elsewhere).
///
/// Each post's own thread is looked up (a correlated EXISTS). Asked instead as membership of the
/// list of readable threads, SQLite built that whole list for each statement: with 10,000
/// threads, 7 to 9 ms for one page of a thread's posts, and again for their count.
pub fn readable_posts(reader: &Reader) -> Condition {
    if let Reader::User { role: Role::Admin, .. } = reader {
        return Condition::all();
    }
    let own_thread = Expr::col((thread::Entity, thread::Column::Id))
        .equals((post::Entity, post::Column::ThreadId));
    own_row_is(thread::Entity, own_thread, readable_threads(reader))
}

/// The attachments `reader` may read: those of readable documents, each asked of its own
/// document, as posts are of their thread.
pub fn attachments_of_readable_documents(reader: &Reader) -> Condition {
    let own_document = Expr::col((document::Entity, document::Column::Id))
        .equals((attachment::Entity, attachment::Column::DocumentId));
    own_row_is(document::Entity, own_document, readable_documents(reader))
}

/// Whether the row of `table` that `own` picks out (by id, or by the filtered row's reference to
/// it) passes `readable`: one lookup, where membership of a list of readable rows would have
/// SQLite build the whole list for each statement.
fn own_row_is(table: impl IntoIden, own: Expr, readable: Condition) -> Condition {
    let row = Query::select()
        .expr(Expr::val(1))
        .from(table)
        .cond_where(Condition::all().add(own).add(readable))
        .to_owned();
    Condition::all().add(Expr::exists(row))
}

/// The library documents `reader` may read: published ones, their own at any stage, and every
/// document for moderators, who review them.
pub fn readable_documents(reader: &Reader) -> Condition {
    let published = document::Column::Status.eq(DocumentStatus::Published.as_str());
    match reader {
        Reader::Anonymous => Condition::all().add(published),
        Reader::User { role, .. } if role.moderates() => Condition::all(),
        Reader::User { id, .. } => {
            Condition::any().add(published).add(document::Column::AuthorId.eq(*id))
        }
    }
}
