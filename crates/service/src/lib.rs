//! The use cases of Praxis, named as a user would say them: `register`, `reply`, `edit_post`.
//! Each loads the actor, checks the core policy on the specific object, validates its input and
//! runs in one database transaction that also writes the outbox. The GraphQL API, the CLI and the
//! tests all go through here.

mod accounts;
mod attachments;
mod demo;
mod digest;
mod directory;
mod document_filter;
mod documents;
mod events;
mod exports;
mod import;
pub mod markdown;
mod posts;
mod profile;
mod search;
mod spaces;
mod threads;
mod viewer;

use std::sync::Arc;

use anyhow::Context as _;
use praxis_auth::throttle::{LoginThrottle, ThrottleLimits};
use praxis_auth::tokens::AccessTokens;
use praxis_core::taxonomy::Taxonomy;
use praxis_db::Database;
use praxis_search::{IndexHome, SearchIndex};
use tokio::sync::{Notify, broadcast};

pub use accounts::{AuthPayload, NewUser, Registration};
pub use attachments::AttachmentSettings;
pub use demo::DemoAdmin;
pub use document_filter::DocumentFilterInput;
pub use documents::{DocumentInput, Sections};
pub use events::PostEvent;
pub use exports::DocumentRow;
pub use import::{ImportFailure, ImportRecord, ImportReport};
pub use praxis_core::{Error, ErrorCode, Result};
pub use profile::ProfileChange;
pub use search::{RebuildSummary, SearchHit, SearchInput, SearchOutcome, run_indexer};
pub use spaces::NewSpace;
pub use threads::NewThread;
pub use viewer::{SignedIn, Viewer};

/// What the service needs from configuration.
pub struct Settings {
    /// The access-token signing key (32 bytes or more).
    pub signing_key: Vec<u8>,
    /// This deployment's public URL: the tokens' issuer and audience.
    pub issuer: String,
    pub login_throttle: ThrottleLimits,
    pub taxonomy: Taxonomy,
    /// Published documents unverified for longer than this are listed as needing review.
    pub review_after_months: u32,
    pub attachments: AttachmentSettings,
    /// Where the search index generations live.
    pub index_home: IndexHome,
}

/// The application: its database, token keys, throttle and live-event channel.
pub struct Praxis {
    db: Database,
    tokens: AccessTokens,
    throttle: LoginThrottle,
    events: broadcast::Sender<PostEvent>,
    taxonomy: Taxonomy,
    review_after_months: u32,
    attachments: AttachmentSettings,
    index_home: IndexHome,
    /// The live index and the name of its generation; swapped when a rebuild is published.
    search_index: std::sync::RwLock<(String, Arc<SearchIndex>)>,
    /// Wakes the indexer early when something changed.
    index_wake: Notify,
    /// One batch at a time: two batches read at different moments must not commit out of order.
    index_lock: tokio::sync::Mutex<()>,
    /// The spaces each reader could read at their last search.
    last_scopes: search::LastScopes,
}

impl Praxis {
    pub fn new(db: Database, settings: Settings) -> anyhow::Result<Arc<Self>> {
        let (events, _) = broadcast::channel(1024);
        Ok(Arc::new(Self {
            db,
            tokens: AccessTokens::new(&settings.signing_key, &settings.issuer)?,
            throttle: LoginThrottle::new(settings.login_throttle),
            events,
            taxonomy: settings.taxonomy,
            review_after_months: settings.review_after_months,
            attachments: settings.attachments,
            search_index: std::sync::RwLock::new(open_live_index(&settings.index_home)?),
            index_home: settings.index_home,
            index_wake: Notify::new(),
            index_lock: tokio::sync::Mutex::new(()),
            last_scopes: search::LastScopes::default(),
        }))
    }

    pub fn database(&self) -> &Database {
        &self.db
    }

    pub fn taxonomy(&self) -> &Taxonomy {
        &self.taxonomy
    }

    /// Published documents last verified before this moment need review.
    pub fn review_cutoff(&self) -> chrono::DateTime<chrono::Utc> {
        praxis_db::now()
            .checked_sub_months(chrono::Months::new(self.review_after_months))
            .unwrap_or(chrono::DateTime::<chrono::Utc>::MIN_UTC)
    }

    /// Live post events, after their transaction committed.
    pub fn subscribe(&self) -> broadcast::Receiver<PostEvent> {
        self.events.subscribe()
    }

    fn publish(&self, event: PostEvent) {
        // No subscriber is not an error: nobody is watching that thread right now.
        let _ = self.events.send(event);
    }

    /// Commits a transaction that wrote outbox rows, and wakes the indexer for them: this
    /// server's own changes are searchable at once, without waiting for the indexer's next look
    /// at the outbox (which is for changes other processes make).
    async fn commit_for_search(
        &self,
        txn: sea_orm::DatabaseTransaction,
        what: &'static str,
    ) -> Result<()> {
        txn.commit().await.context(what)?;
        self.index_wake.notify_one();
        Ok(())
    }

    /// The live search index.
    pub fn search_index(&self) -> Arc<SearchIndex> {
        Arc::clone(&self.search_index.read().unwrap_or_else(|e| e.into_inner()).1)
    }
}

fn open_live_index(home: &IndexHome) -> anyhow::Result<(String, Arc<SearchIndex>)> {
    let (name, index) = home.open_live()?;
    Ok((name, Arc::new(index)))
}

/// Maps a unique-constraint violation to CONFLICT on `field`, anything else to INTERNAL.
fn conflict_or_internal(
    err: sea_orm::DbErr,
    field: &str,
    message: &str,
    context: &'static str,
) -> Error {
    match err.sql_err() {
        Some(sea_orm::SqlErr::UniqueConstraintViolation(_)) => Error::conflict(field, message),
        _ => Error::Internal(anyhow::Error::new(err).context(context)),
    }
}
