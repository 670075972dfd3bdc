//! What every handler shares.

use std::sync::Arc;

use praxis_api::PraxisSchema;
use praxis_service::Praxis;
use tokio_util::sync::CancellationToken;
use tokio_util::task::TaskTracker;

use crate::documents::DocumentCache;

#[derive(Clone)]
pub struct AppState {
    pub praxis: Arc<Praxis>,
    pub schema: PraxisSchema,
    pub documents: Arc<DocumentCache>,
    pub max_body_bytes: usize,
    pub max_attachment_bytes: usize,
    /// Where users reach this server, for links in feeds.
    pub public_url: String,
    pub allowed_origins: Arc<Vec<String>>,
    /// Cancelled when the server begins shutting down.
    pub shutdown: CancellationToken,
    /// Open WebSocket connections, awaited on shutdown.
    pub ws_tasks: TaskTracker,
}
