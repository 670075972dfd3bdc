//! The GraphQL API: thin resolvers over the service, per-request DataLoaders, Relay connections,
//! query limits, and the one place where domain errors become `extensions.code`.

mod batches;
mod connection;
mod context;
mod enums;
pub mod errors;
mod loaders;
mod mutation;
mod nul_characters;
mod query;
mod subscription;
mod types;

use std::sync::Arc;

use async_graphql::Schema;
use praxis_service::Praxis;

pub use batches::{BatchSpawner, Batches};
pub use context::RequestContext;
pub use mutation::MutationRoot;
pub use query::QueryRoot;
pub use subscription::SubscriptionRoot;

pub type PraxisSchema = Schema<QueryRoot, MutationRoot, SubscriptionRoot>;

/// Deepest selection a client may send: a thread page with authors' organisations fits easily.
pub const MAX_DEPTH: usize = 12;
/// Most fields one operation may resolve, counting each connection's page size.
pub const MAX_COMPLEXITY: usize = 5_000;
/// Most operations in one batched request.
pub const MAX_BATCH: usize = 5;

/// Builds the schema. In production introspection and field suggestions are off, so the schema
/// is not handed to anyone probing it.
pub fn build_schema(praxis: Arc<Praxis>, production: bool) -> PraxisSchema {
    let mut builder = Schema::build(QueryRoot, MutationRoot, SubscriptionRoot)
        .data(praxis)
        .limit_depth(MAX_DEPTH)
        .limit_complexity(MAX_COMPLEXITY)
        .limit_recursive_depth(32)
        .limit_directives(10)
        .extension(nul_characters::RefuseNulCharacters);
    if production {
        builder = builder.disable_introspection().disable_suggestions();
    }
    builder.finish()
}

/// The schema with every response's errors given a code, for transports (the WebSocket) that
/// execute through the `Executor` trait rather than through our HTTP handler.
#[derive(Clone)]
pub struct CodedSchema(pub PraxisSchema);

impl async_graphql::Executor for CodedSchema {
    async fn execute(&self, request: async_graphql::Request) -> async_graphql::Response {
        errors::ensure_codes(self.0.execute(request).await)
    }

    fn execute_stream(
        &self,
        request: async_graphql::Request,
        session_data: Option<Arc<async_graphql::Data>>,
    ) -> futures_util::stream::BoxStream<'static, async_graphql::Response> {
        use futures_util::StreamExt as _;
        async_graphql::Executor::execute_stream(&self.0, request, session_data)
            .map(errors::ensure_codes)
            .boxed()
    }
}

/// The schema's SDL, as exported to `schema.graphql` at the repository root.
pub fn sdl() -> String {
    Schema::build(QueryRoot, MutationRoot, SubscriptionRoot).finish().sdl()
}
