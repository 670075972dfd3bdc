//! Live updates. Each event is re-checked against the visibility predicate and the session, so a
//! viewer removed from a space or signed out stops receiving its posts at once.

use std::sync::Arc;

use async_graphql::{Context, ID, Result, Subscription};
use futures_util::{Stream, StreamExt as _};
use praxis_core::Error;
use praxis_core::ids::{GlobalId, NodeKind};
use praxis_db::queries::{posts, threads};
use praxis_service::{Praxis, Viewer};
use tokio_stream::wrappers::BroadcastStream;

use crate::context::request;
use crate::errors::{DbResult as _, GqlResult as _, to_graphql};
use crate::types::Post;

pub struct SubscriptionRoot;

#[Subscription(name = "Subscription")]
impl SubscriptionRoot {
    /// New and edited posts in a thread the viewer may read.
    async fn thread_activity(
        &self,
        ctx: &Context<'_>,
        thread_id: ID,
    ) -> Result<impl Stream<Item = Post>> {
        let rc = request(ctx)?;
        let thread_id = GlobalId::decode_as("threadId", &thread_id, NodeKind::Thread).gql()?;
        let praxis: Arc<Praxis> = rc.praxis.clone();
        let viewer: Viewer = rc.viewer.clone();
        let readable = threads::find_readable(&praxis.database().conn, &viewer.reader(), thread_id)
            .await
            .db("find thread")?;
        if readable.is_none() {
            return Err(to_graphql(&Error::not_found("thread")));
        }
        let events = BroadcastStream::new(praxis.subscribe());
        Ok(events.filter_map(move |event| {
            let praxis = praxis.clone();
            let viewer = viewer.clone();
            async move {
                // A lagging receiver skips what it missed rather than ending the subscription.
                let event = event.ok().filter(|e| e.thread_id == thread_id)?;
                if !praxis.still_signed_in(&viewer).await.unwrap_or(false) {
                    return None;
                }
                let post =
                    posts::find_readable(&praxis.database().conn, &viewer.reader(), event.post_id)
                        .await
                        .ok()
                        .flatten()?;
                Some(Post(post))
            }
        }))
    }
}
