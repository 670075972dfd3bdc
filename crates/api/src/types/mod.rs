//! The GraphQL object types, each a thin wrapper over a database row.

mod auth;
pub(crate) mod document;
mod node;
mod organization;
mod post;
pub(crate) mod search;
mod space;
mod taxonomy;
pub(crate) mod thread;
mod user;

pub use auth::AuthPayload;
pub use document::{Attachment, Document};
pub use node::Node;
pub use organization::Organization;
pub use post::Post;
pub use space::Space;
pub use taxonomy::Taxonomy;
pub use thread::Thread;
pub use user::User;

use async_graphql::ID;
use praxis_core::ids::{GlobalId, NodeKind};
use uuid::Uuid;

pub(crate) fn global_id(kind: NodeKind, id: Uuid) -> ID {
    ID(GlobalId::new(kind, id).encode())
}
