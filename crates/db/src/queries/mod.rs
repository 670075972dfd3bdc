//! Query functions, one module per table family. Each takes `&C: ConnectionTrait` so it runs
//! inside or outside a transaction, as the use case decides.

pub mod documents;
pub mod organizations;
pub mod posts;
pub mod reactions;
pub mod search;
pub mod sessions;
pub mod spaces;
pub mod threads;
pub mod users;

mod text_match;
pub(crate) use text_match::key_contains;
