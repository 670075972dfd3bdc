//! sea-orm entities, one per table. Enum-like columns are stored as text and parsed through the
//! `praxis-core` types at the edges of this crate.

pub mod attachment;
pub mod document;
pub mod document_event;
pub mod document_term;
pub mod organization;
pub mod outbox;
pub mod post;
pub mod post_revision;
pub mod reaction;
pub mod refresh_token;
pub mod session;
pub mod space;
pub mod space_member;
pub mod thread;
pub mod thread_document;
pub mod thread_tag;
pub mod user;
