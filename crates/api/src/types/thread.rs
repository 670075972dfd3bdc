use async_graphql::{Context, ID, Object, Result};
use chrono::{DateTime, Utc};
use praxis_core::ids::NodeKind;
use praxis_core::{Error, policy};
use praxis_db::entities::{post, thread};
use praxis_db::queries::posts;
use praxis_db::queries::threads::{self, ThreadCursor, ThreadFilter};
use uuid::Uuid;

use super::{Post, Space, User, global_id};
use crate::connection::{
    PostConnection, ThreadConnection, connection, page_complexity, page_request, wants_total,
};
use crate::context::request;
use crate::enums::{ThreadKind, ThreadOrder};
use crate::errors::{DbResult as _, GqlResult as _, to_graphql};

pub struct Thread(pub thread::Model);

/// A page of the threads the viewer may read, shared by `threads` and `Space.threads`.
pub async fn list(
    ctx: &Context<'_>,
    filter: ThreadFilter,
    order: ThreadOrder,
    first: Option<i32>,
    after: Option<&str>,
) -> Result<ThreadConnection> {
    let rc = request(ctx)?;
    let page_request = page_request::<ThreadCursor>(first, after).gql()?;
    let reader = rc.viewer.reader();
    let db = &rc.praxis.database().conn;
    let page = threads::list_readable(db, &reader, &filter, order.into(), &page_request)
        .await
        .db("list threads")?;
    let total = if wants_total(ctx) {
        Some(threads::count_readable(db, &reader, &filter).await.db("count threads")?)
    } else {
        None
    };
    Ok(connection(page, page_request.after.is_some(), total, ThreadCursor::of, Thread).into())
}

/// Loads what the selection asks of a page of posts in one batch per kind, so the per-post
/// resolvers find it cached: the cost of a page does not depend on how its resolvers happen to
/// interleave with the loaders' batching timer.
async fn prefetch_post_fields(ctx: &Context<'_>, posts: &[post::Model]) -> Result<()> {
    let loaders = &request(ctx)?.loaders;
    let node = ctx.look_ahead().field("edges").field("node");
    let ids: Vec<Uuid> = posts.iter().map(|p| p.id).collect();
    if node.field("author").exists() {
        let authors = loaders.users.load_many(posts.iter().map(|p| p.author_id)).await.gql()?;
        if node.field("author").field("organization").exists() {
            loaders
                .organizations
                .load_many(authors.values().filter_map(|u| u.organization_id))
                .await
                .gql()?;
        }
    }
    if node.field("reactions").exists() {
        loaders.reactions.load_many(ids.iter().copied()).await.gql()?;
    }
    if node.field("revisions").exists() {
        loaders.revisions.load_many(ids.iter().copied()).await.gql()?;
    }
    if node.field("replyTo").exists() {
        loaders.posts.load_many(posts.iter().filter_map(|p| p.reply_to_id)).await.gql()?;
    }
    Ok(())
}

#[Object]
impl Thread {
    pub async fn id(&self) -> ID {
        global_id(NodeKind::Thread, self.0.id)
    }

    async fn space(&self, ctx: &Context<'_>) -> Result<Space> {
        let found = request(ctx)?.loaders.spaces.load_one(self.0.space_id).await.gql()?;
        // A readable thread lies in a readable space; anything else is a broken invariant.
        found.map(Space).ok_or_else(|| {
            to_graphql(&Error::Internal(anyhow::anyhow!(
                "thread {} without readable space",
                self.0.id
            )))
        })
    }

    async fn title(&self) -> &str {
        &self.0.title
    }

    async fn kind(&self) -> ThreadKind {
        ThreadKind::from_stored(&self.0.kind).unwrap_or(ThreadKind::Discussion)
    }

    async fn author(&self, ctx: &Context<'_>) -> Result<User> {
        super::post::load_author(ctx, self.0.author_id).await
    }

    async fn tags(&self, ctx: &Context<'_>) -> Result<Vec<String>> {
        Ok(request(ctx)?.loaders.tags.load_one(self.0.id).await.gql()?.unwrap_or_default())
    }

    async fn pinned(&self) -> bool {
        self.0.pinned
    }

    async fn locked(&self) -> bool {
        self.0.locked
    }

    async fn created_at(&self) -> DateTime<Utc> {
        self.0.created_at
    }

    async fn last_activity_at(&self) -> DateTime<Utc> {
        self.0.last_activity_at
    }

    async fn reply_count(&self) -> i32 {
        self.0.reply_count
    }

    /// The opening post is the first post.
    #[graphql(complexity = "page_complexity(first, child_complexity)")]
    async fn posts(
        &self,
        ctx: &Context<'_>,
        first: Option<i32>,
        after: Option<String>,
    ) -> Result<PostConnection> {
        let rc = request(ctx)?;
        let page_request = page_request::<Uuid>(first, after.as_deref()).gql()?;
        let reader = rc.viewer.reader();
        let db = &rc.praxis.database().conn;
        let page =
            posts::list_in_thread(db, &reader, self.0.id, &page_request).await.db("list posts")?;
        // Every post on the page needs its thread (for isAcceptedAnswer and permissions) and
        // replies point at posts often on the same page: prime the loaders with what is known.
        rc.loaders.threads.feed_one(self.0.id, self.0.clone()).await;
        rc.loaders.posts.feed_many(page.items.iter().map(|p| (p.id, p.clone()))).await;
        prefetch_post_fields(ctx, &page.items).await?;
        let total = if wants_total(ctx) {
            Some(posts::count_in_thread(db, &reader, self.0.id).await.db("count posts")?)
        } else {
            None
        };
        Ok(connection(page, page_request.after.is_some(), total, |p| p.id, Post).into())
    }

    async fn accepted_answer(&self, ctx: &Context<'_>) -> Result<Option<Post>> {
        let Some(id) = self.0.accepted_post_id else {
            return Ok(None);
        };
        Ok(request(ctx)?.loaders.posts.load_one(id).await.gql()?.map(Post))
    }

    /// Library documents the thread discusses (those the viewer may read).
    async fn cited_documents(&self, ctx: &Context<'_>) -> Result<Vec<super::Document>> {
        let cited = request(ctx)?.loaders.cited_documents.load_one(self.0.id).await.gql()?;
        Ok(cited.unwrap_or_default().into_iter().map(super::Document).collect())
    }

    /// Whether the viewer may reply (false when signed out, not allowed, or the thread is locked).
    async fn viewer_can_reply(&self, ctx: &Context<'_>) -> Result<bool> {
        let rc = request(ctx)?;
        let Ok(actor) = rc.viewer.actor() else {
            return Ok(false);
        };
        let Some(standing) = super::post::standing_in_space(ctx, self.0.space_id).await? else {
            return Ok(false);
        };
        Ok(policy::can_reply_to_thread(actor, &standing, self.0.locked))
    }
}
