//! Persistence: sea-orm entities, query functions generic over `C: ConnectionTrait` (so the caller
//! decides the transaction), and the one visibility predicate every read goes through.

pub mod connect;
pub mod entities;
pub mod outbox;
pub mod page;
pub mod queries;
pub mod sqlite_reads;
#[cfg(any(test, feature = "test-support"))]
pub mod test_support;
pub mod visibility;

pub use connect::{Database, connect};
pub use page::{Page, PageRequest};
pub use sqlite_reads::SqliteReads;
pub use visibility::Reader;

/// Times are stored at microsecond precision (PostgreSQL's), so a value read back equals the
/// value written and keyset cursors compare exactly on both databases.
pub fn now() -> chrono::DateTime<chrono::Utc> {
    use chrono::SubsecRound as _;
    chrono::Utc::now().trunc_subsecs(6)
}
