use async_graphql::{Context, ID, Object, Result, SimpleObject};
use chrono::{DateTime, Utc};
use praxis_core::Error;
use praxis_core::ids::NodeKind;
use praxis_core::policy::{self, SpaceStanding};
use praxis_core::types::PostingPolicy;
use praxis_db::entities::{post, post_revision};
use uuid::Uuid;

use super::{Thread, User, global_id};
use crate::context::request;
use crate::enums::ReactionKind;
use crate::errors::{GqlResult as _, to_graphql};

pub struct Post(pub post::Model);

#[derive(SimpleObject)]
pub struct ReactionCount {
    pub reaction: ReactionKind,
    pub count: i32,
    pub viewer_reacted: bool,
}

pub struct PostRevision(post_revision::Model);

#[Object]
impl PostRevision {
    async fn body(&self) -> &str {
        &self.0.body
    }

    async fn edited_at(&self) -> DateTime<Utc> {
        self.0.edited_at
    }

    async fn editor(&self, ctx: &Context<'_>) -> Result<User> {
        load_author(ctx, self.0.editor_id).await
    }
}

pub(super) async fn load_author(ctx: &Context<'_>, id: Uuid) -> Result<User> {
    let found = request(ctx)?.loaders.users.load_one(id).await.gql()?;
    found
        .map(User::from)
        .ok_or_else(|| to_graphql(&Error::Internal(anyhow::anyhow!("missing user {id}"))))
}

/// The viewer's standing in a space (None when signed out or the space is not readable).
pub(super) async fn standing_in_space(
    ctx: &Context<'_>,
    space_id: Uuid,
) -> Result<Option<SpaceStanding>> {
    let rc = request(ctx)?;
    if rc.viewer.actor().is_err() {
        return Ok(None);
    }
    let Some(space) = rc.loaders.spaces.load_one(space_id).await.gql()? else {
        return Ok(None);
    };
    let membership = rc.loaders.memberships.load_one(space_id).await.gql()?.flatten();
    let posting = PostingPolicy::parse(&space.posting_policy).unwrap_or(PostingPolicy::Moderators);
    Ok(Some(SpaceStanding { membership, posting }))
}

impl Post {
    fn is_deleted(&self) -> bool {
        self.0.deleted_at.is_some()
    }

    /// Whether the viewer is the author or moderates the post's space.
    async fn viewer_may_change(&self, ctx: &Context<'_>) -> Result<bool> {
        let rc = request(ctx)?;
        let Ok(actor) = rc.viewer.actor() else {
            return Ok(false);
        };
        let Some(thread) = rc.loaders.threads.load_one(self.0.thread_id).await.gql()? else {
            return Ok(false);
        };
        let Some(standing) = standing_in_space(ctx, thread.space_id).await? else {
            return Ok(false);
        };
        Ok(policy::can_change_post(actor, &standing, self.0.author_id))
    }
}

#[Object]
impl Post {
    pub async fn id(&self) -> ID {
        global_id(NodeKind::Post, self.0.id)
    }

    async fn thread(&self, ctx: &Context<'_>) -> Result<Thread> {
        let found = request(ctx)?.loaders.threads.load_one(self.0.thread_id).await.gql()?;
        found.map(Thread).ok_or_else(|| {
            to_graphql(&Error::Internal(anyhow::anyhow!(
                "post {} without readable thread",
                self.0.id
            )))
        })
    }

    async fn author(&self, ctx: &Context<'_>) -> Result<User> {
        load_author(ctx, self.0.author_id).await
    }

    /// Markdown as written (empty once deleted).
    async fn body(&self) -> &str {
        if self.is_deleted() { "" } else { &self.0.body }
    }

    /// Rendered and sanitized HTML: safe to insert into a page (empty once deleted).
    async fn body_html(&self) -> &str {
        if self.is_deleted() { "" } else { &self.0.body_html }
    }

    async fn reply_to(&self, ctx: &Context<'_>) -> Result<Option<Post>> {
        let Some(id) = self.0.reply_to_id else {
            return Ok(None);
        };
        Ok(request(ctx)?.loaders.posts.load_one(id).await.gql()?.map(Post))
    }

    async fn created_at(&self) -> DateTime<Utc> {
        self.0.created_at
    }

    async fn edited_at(&self) -> Option<DateTime<Utc>> {
        self.0.edited_at
    }

    async fn deleted(&self) -> bool {
        self.is_deleted()
    }

    async fn reactions(&self, ctx: &Context<'_>) -> Result<Vec<ReactionCount>> {
        let summaries =
            request(ctx)?.loaders.reactions.load_one(self.0.id).await.gql()?.unwrap_or_default();
        Ok(summaries
            .into_iter()
            .map(|s| ReactionCount {
                reaction: s.kind.into(),
                count: i32::try_from(s.count).unwrap_or(i32::MAX),
                viewer_reacted: s.viewer_reacted,
            })
            .collect())
    }

    /// Earlier versions, oldest first: visible to the author and moderators.
    async fn revisions(&self, ctx: &Context<'_>) -> Result<Vec<PostRevision>> {
        if !self.viewer_may_change(ctx).await? {
            return Ok(Vec::new());
        }
        let revisions = request(ctx)?.loaders.revisions.load_one(self.0.id).await.gql()?;
        Ok(revisions.unwrap_or_default().into_iter().map(PostRevision).collect())
    }

    async fn is_accepted_answer(&self, ctx: &Context<'_>) -> Result<bool> {
        let thread = request(ctx)?.loaders.threads.load_one(self.0.thread_id).await.gql()?;
        Ok(thread.is_some_and(|t| t.accepted_post_id == Some(self.0.id)))
    }

    /// Whether the viewer may edit or delete this post.
    async fn viewer_can_edit(&self, ctx: &Context<'_>) -> Result<bool> {
        Ok(!self.is_deleted() && self.viewer_may_change(ctx).await?)
    }
}
