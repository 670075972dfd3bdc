//! Live events, published after the transaction that caused them committed.

use uuid::Uuid;

/// A post was written, edited or deleted in a thread.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PostEvent {
    pub thread_id: Uuid,
    pub post_id: Uuid,
}
