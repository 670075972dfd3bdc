//! What every resolver of one request (or one WebSocket connection) shares: the application, the
//! viewer, and the batch loaders bound to that viewer.

use std::sync::Arc;

use async_graphql::Context;
use praxis_service::{Praxis, Viewer};

use crate::batches::BatchSpawner;
use crate::loaders::{Loaders, Reuse};

pub struct RequestContext {
    pub praxis: Arc<Praxis>,
    pub viewer: Viewer,
    /// The caller's network address, for login throttling only.
    pub client: Option<String>,
    pub loaders: Loaders,
}

impl RequestContext {
    /// For one HTTP request. Its loaders send their batches to `batches`, whose `run` must run
    /// the request.
    pub fn for_request(
        praxis: Arc<Praxis>,
        viewer: Viewer,
        client: Option<String>,
        batches: &BatchSpawner,
    ) -> Self {
        Self::new(praxis, viewer, client, batches, Reuse::WithinRequest)
    }

    /// For a WebSocket connection, which lives for many operations and events: its loaders read
    /// afresh each time rather than answer from what an earlier event read.
    pub fn for_connection(praxis: Arc<Praxis>, viewer: Viewer, batches: &BatchSpawner) -> Self {
        Self::new(praxis, viewer, None, batches, Reuse::Never)
    }

    fn new(
        praxis: Arc<Praxis>,
        viewer: Viewer,
        client: Option<String>,
        batches: &BatchSpawner,
        reuse: Reuse,
    ) -> Self {
        let loaders = Loaders::new(praxis.clone(), viewer.reader(), batches, reuse);
        Self { praxis, viewer, client, loaders }
    }
}

/// The request context; absent only if the server wiring is broken.
pub fn request<'a>(ctx: &Context<'a>) -> async_graphql::Result<&'a RequestContext> {
    ctx.data::<RequestContext>()
}
