//! Write operations: each parses its ids and hands over to one service use case.

use async_graphql::{Context, ID, InputObject, Object, Result};
use praxis_core::Error;
use praxis_core::ids::{GlobalId, NodeKind};
use praxis_service::{NewSpace, NewThread, Registration};

use crate::context::request;
use crate::enums::{PostingPolicy, ReactionKind, SpaceRole, ThreadKind, Visibility};
use crate::errors::{GqlResult as _, to_graphql};
use crate::types::{AuthPayload, Post, Space, Thread};

pub struct MutationRoot;

#[derive(InputObject)]
pub struct RegisterInput {
    pub email: String,
    pub password: String,
    pub display_name: String,
    pub organization_name: Option<String>,
    pub country: Option<String>,
    pub locale: Option<String>,
}

#[derive(InputObject)]
pub struct LoginInput {
    pub email: String,
    pub password: String,
}

#[derive(InputObject)]
pub struct CreateSpaceInput {
    pub slug: String,
    pub name: String,
    pub description: Option<String>,
    pub visibility: Visibility,
    /// Who may start threads and reply; by default everyone who can read the space.
    #[graphql(default_with = "Some(PostingPolicy::Everyone)")]
    pub posting_policy: Option<PostingPolicy>,
}

#[derive(InputObject)]
pub struct CreateThreadInput {
    pub space_id: ID,
    pub title: String,
    pub body: String,
    #[graphql(default_with = "Some(ThreadKind::Discussion)")]
    pub kind: Option<ThreadKind>,
    pub tags: Option<Vec<String>>,
    /// Documents the thread discusses.
    pub cited_document_ids: Option<Vec<ID>>,
}

#[derive(InputObject)]
pub struct ReplyInput {
    pub thread_id: ID,
    pub body: String,
    pub reply_to_id: Option<ID>,
}

#[derive(InputObject)]
pub struct EditPostInput {
    pub id: ID,
    pub body: String,
}

fn decode(field: &str, id: &ID, kind: NodeKind) -> Result<uuid::Uuid> {
    GlobalId::decode_as(field, id, kind).gql()
}

#[Object]
impl MutationRoot {
    async fn register(&self, ctx: &Context<'_>, input: RegisterInput) -> Result<AuthPayload> {
        let registration = Registration {
            email: input.email,
            password: input.password,
            display_name: input.display_name,
            organization_name: input.organization_name,
            country: input.country,
            locale: input.locale,
        };
        Ok(request(ctx)?
            .praxis
            .register(registration)
            .await
            .gql()?
            .into())
    }

    async fn login(&self, ctx: &Context<'_>, input: LoginInput) -> Result<AuthPayload> {
        let rc = request(ctx)?;
        Ok(rc
            .praxis
            .login(&input.email, input.password, rc.client.as_deref())
            .await
            .gql()?
            .into())
    }

    /// Exchanges a refresh token for a new pair; the old refresh token stops working.
    async fn refresh_session(
        &self,
        ctx: &Context<'_>,
        refresh_token: String,
    ) -> Result<AuthPayload> {
        Ok(request(ctx)?
            .praxis
            .refresh_session(&refresh_token)
            .await
            .gql()?
            .into())
    }

    /// Ends the current session: its access and refresh tokens stop working at once.
    async fn logout(&self, ctx: &Context<'_>) -> Result<bool> {
        let rc = request(ctx)?;
        rc.praxis.logout(&rc.viewer).await.gql()
    }

    async fn create_space(&self, ctx: &Context<'_>, input: CreateSpaceInput) -> Result<Space> {
        let rc = request(ctx)?;
        let space = NewSpace {
            slug: input.slug,
            name: input.name,
            description: input.description,
            visibility: input.visibility.into(),
            posting_policy: input
                .posting_policy
                .unwrap_or(PostingPolicy::Everyone)
                .into(),
        };
        Ok(Space(
            rc.praxis.create_space(&rc.viewer, space).await.gql()?,
        ))
    }

    /// Admins and the space's moderators. Adding an existing member changes their role.
    async fn add_space_member(
        &self,
        ctx: &Context<'_>,
        space_id: ID,
        user_id: ID,
        #[graphql(default_with = "Some(SpaceRole::Member)")] role: Option<SpaceRole>,
    ) -> Result<Space> {
        let rc = request(ctx)?;
        let space_id = decode("spaceId", &space_id, NodeKind::Space)?;
        let user_id = decode("userId", &user_id, NodeKind::User)?;
        let space = rc
            .praxis
            .add_space_member(
                &rc.viewer,
                space_id,
                user_id,
                role.unwrap_or(SpaceRole::Member).into(),
            )
            .await
            .gql()?;
        Ok(Space(space))
    }

    async fn remove_space_member(
        &self,
        ctx: &Context<'_>,
        space_id: ID,
        user_id: ID,
    ) -> Result<Space> {
        let rc = request(ctx)?;
        let space_id = decode("spaceId", &space_id, NodeKind::Space)?;
        let user_id = decode("userId", &user_id, NodeKind::User)?;
        Ok(Space(
            rc.praxis
                .remove_space_member(&rc.viewer, space_id, user_id)
                .await
                .gql()?,
        ))
    }

    async fn create_thread(&self, ctx: &Context<'_>, input: CreateThreadInput) -> Result<Thread> {
        let rc = request(ctx)?;
        let space_id = decode("input.spaceId", &input.space_id, NodeKind::Space)?;
        if input.cited_document_ids.is_some_and(|ids| !ids.is_empty()) {
            return Err(to_graphql(&Error::bad_input(
                "input.citedDocumentIds",
                "citing library documents is not available yet; leave `citedDocumentIds` empty",
            )));
        }
        let thread = NewThread {
            space_id,
            title: input.title,
            body: input.body,
            kind: input.kind.unwrap_or(ThreadKind::Discussion).into(),
            tags: input.tags.unwrap_or_default(),
        };
        Ok(Thread(
            rc.praxis.create_thread(&rc.viewer, thread).await.gql()?,
        ))
    }

    async fn reply(&self, ctx: &Context<'_>, input: ReplyInput) -> Result<Post> {
        let rc = request(ctx)?;
        let thread_id = decode("input.threadId", &input.thread_id, NodeKind::Thread)?;
        let reply_to = input
            .reply_to_id
            .map(|id| decode("input.replyToId", &id, NodeKind::Post))
            .transpose()?;
        Ok(Post(
            rc.praxis
                .reply(&rc.viewer, thread_id, &input.body, reply_to)
                .await
                .gql()?,
        ))
    }

    /// The author or a moderator; keeps the earlier text as a revision.
    async fn edit_post(&self, ctx: &Context<'_>, input: EditPostInput) -> Result<Post> {
        let rc = request(ctx)?;
        let id = decode("input.id", &input.id, NodeKind::Post)?;
        Ok(Post(
            rc.praxis
                .edit_post(&rc.viewer, id, &input.body)
                .await
                .gql()?,
        ))
    }

    /// Soft delete: the post stays as a placeholder.
    async fn delete_post(&self, ctx: &Context<'_>, id: ID) -> Result<Post> {
        let rc = request(ctx)?;
        let id = decode("id", &id, NodeKind::Post)?;
        Ok(Post(rc.praxis.delete_post(&rc.viewer, id).await.gql()?))
    }

    async fn react(&self, ctx: &Context<'_>, post_id: ID, reaction: ReactionKind) -> Result<Post> {
        let rc = request(ctx)?;
        let id = decode("postId", &post_id, NodeKind::Post)?;
        Ok(Post(
            rc.praxis
                .react(&rc.viewer, id, reaction.into())
                .await
                .gql()?,
        ))
    }

    async fn unreact(
        &self,
        ctx: &Context<'_>,
        post_id: ID,
        reaction: ReactionKind,
    ) -> Result<Post> {
        let rc = request(ctx)?;
        let id = decode("postId", &post_id, NodeKind::Post)?;
        Ok(Post(
            rc.praxis
                .unreact(&rc.viewer, id, reaction.into())
                .await
                .gql()?,
        ))
    }

    /// The question's author or a moderator.
    async fn accept_answer(&self, ctx: &Context<'_>, post_id: ID) -> Result<Thread> {
        let rc = request(ctx)?;
        let id = decode("postId", &post_id, NodeKind::Post)?;
        Ok(Thread(rc.praxis.accept_answer(&rc.viewer, id).await.gql()?))
    }

    /// Moderators: a locked thread takes no new replies.
    async fn lock_thread(&self, ctx: &Context<'_>, id: ID, locked: bool) -> Result<Thread> {
        let rc = request(ctx)?;
        let id = decode("id", &id, NodeKind::Thread)?;
        Ok(Thread(
            rc.praxis.lock_thread(&rc.viewer, id, locked).await.gql()?,
        ))
    }

    /// Moderators: pinned threads lead their space's list.
    async fn pin_thread(&self, ctx: &Context<'_>, id: ID, pinned: bool) -> Result<Thread> {
        let rc = request(ctx)?;
        let id = decode("id", &id, NodeKind::Thread)?;
        Ok(Thread(
            rc.praxis.pin_thread(&rc.viewer, id, pinned).await.gql()?,
        ))
    }
}
