//! What every resolver of one request (or one WebSocket connection) shares: the application, the
//! viewer, and the batch loaders bound to that viewer.

use std::sync::Arc;

use async_graphql::Context;
use praxis_service::{Praxis, Viewer};

use crate::batches::BatchSpawner;
use crate::loaders::Loaders;

pub struct RequestContext {
    pub praxis: Arc<Praxis>,
    pub viewer: Viewer,
    /// The caller's network address, for login throttling only.
    pub client: Option<String>,
    pub loaders: Loaders,
}

impl RequestContext {
    /// The request's loaders send their batches to `batches`, whose `run` must run the request.
    pub fn new(
        praxis: Arc<Praxis>,
        viewer: Viewer,
        client: Option<String>,
        batches: &BatchSpawner,
    ) -> Self {
        let loaders = Loaders::new(praxis.clone(), viewer.reader(), batches);
        Self { praxis, viewer, client, loaders }
    }
}

/// The request context; absent only if the server wiring is broken.
pub fn request<'a>(ctx: &Context<'a>) -> async_graphql::Result<&'a RequestContext> {
    ctx.data::<RequestContext>()
}
