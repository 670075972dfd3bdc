//! Write operations: each parses its ids and hands over to one service use case.

use async_graphql::{Context, ID, InputObject, Object, Result, Upload};
use praxis_core::ids::{GlobalId, NodeKind};
use praxis_service::{NewSpace, NewThread, ProfileChange, Registration, Sections};

use crate::context::request;
use crate::enums::{
    DocumentKind, Pillar, PostingPolicy, ReactionKind, ReviewDecision, SpaceRole, ThreadKind,
    Visibility,
};
use crate::errors::{GqlResult as _, to_graphql};
use crate::types::{Attachment, AuthPayload, Document, Organization, Post, Space, Thread, User};

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

/// A field left out stays as it is; an empty string clears organizationName, country or locale.
#[derive(InputObject)]
pub struct UpdateProfileInput {
    pub display_name: Option<String>,
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

#[derive(InputObject)]
pub struct PracticeSectionsInput {
    pub context: Option<String>,
    pub what_was_done: Option<String>,
    pub results: Option<String>,
    pub lessons_learned: Option<String>,
    pub enabling_factors: Option<String>,
    pub challenges: Option<String>,
    pub sustainability: Option<String>,
    pub resources: Option<String>,
}

#[derive(InputObject)]
pub struct DocumentInput {
    pub title: String,
    pub kind: DocumentKind,
    pub summary: String,
    /// Markdown.
    pub body: Option<String>,
    pub sections: Option<PracticeSectionsInput>,
    pub language: String,
    pub countries: Option<Vec<String>>,
    pub pillars: Option<Vec<Pillar>>,
    pub priority_actions: Option<Vec<String>>,
    pub themes: Option<Vec<String>>,
    pub year: Option<i32>,
    pub organization_id: Option<ID>,
    pub source_url: Option<String>,
    /// Another document this one translates.
    pub translation_of: Option<ID>,
}

impl DocumentInput {
    fn decode(self) -> Result<praxis_service::DocumentInput> {
        let sections = self.sections.map(|s| Sections {
            context: s.context,
            what_was_done: s.what_was_done,
            results: s.results,
            lessons_learned: s.lessons_learned,
            enabling_factors: s.enabling_factors,
            challenges: s.challenges,
            sustainability: s.sustainability,
            resources: s.resources,
        });
        Ok(praxis_service::DocumentInput {
            title: self.title,
            kind: self.kind.into(),
            summary: self.summary,
            body: self.body,
            sections,
            language: self.language,
            countries: self.countries.unwrap_or_default(),
            pillars: self.pillars.unwrap_or_default().into_iter().map(Into::into).collect(),
            priority_actions: self.priority_actions.unwrap_or_default(),
            themes: self.themes.unwrap_or_default(),
            year: self.year,
            organization_id: self
                .organization_id
                .map(|id| decode("organizationId", &id, NodeKind::Organization))
                .transpose()?,
            source_url: self.source_url,
            translation_of: self
                .translation_of
                .map(|id| decode("translationOf", &id, NodeKind::Document))
                .transpose()?,
        })
    }
}

fn decode(field: &str, id: &ID, kind: NodeKind) -> Result<uuid::Uuid> {
    GlobalId::decode_as(field, id, kind).gql()
}

#[Object(name = "Mutation")]
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
        Ok(request(ctx)?.praxis.register(registration).await.gql()?.into())
    }

    async fn login(&self, ctx: &Context<'_>, input: LoginInput) -> Result<AuthPayload> {
        let rc = request(ctx)?;
        Ok(rc.praxis.login(&input.email, input.password, rc.client.as_deref()).await.gql()?.into())
    }

    /// Exchanges a refresh token for a new pair; the old refresh token stops working.
    async fn refresh_session(
        &self,
        ctx: &Context<'_>,
        refresh_token: String,
    ) -> Result<AuthPayload> {
        Ok(request(ctx)?.praxis.refresh_session(&refresh_token).await.gql()?.into())
    }

    /// Ends the current session: its access and refresh tokens stop working at once.
    async fn logout(&self, ctx: &Context<'_>) -> Result<bool> {
        let rc = request(ctx)?;
        rc.praxis.logout(&rc.viewer).await.gql()
    }

    /// The viewer's own display name, organisation, country and interface language.
    async fn update_profile(&self, ctx: &Context<'_>, input: UpdateProfileInput) -> Result<User> {
        let rc = request(ctx)?;
        let change = ProfileChange {
            display_name: input.display_name,
            organization_name: input.organization_name,
            country: input.country,
            locale: input.locale,
        };
        let updated = rc.praxis.update_profile(&rc.viewer, change).await.gql()?;
        Ok(User::from(updated))
    }

    /// Admins: verified organisations are listed to everyone in the sign-up form's picker.
    async fn set_organization_verified(
        &self,
        ctx: &Context<'_>,
        id: ID,
        verified: bool,
    ) -> Result<Organization> {
        let rc = request(ctx)?;
        let id = GlobalId::decode_as("id", &id, NodeKind::Organization).gql()?;
        let updated = rc.praxis.set_organization_verified(&rc.viewer, id, verified).await.gql()?;
        Ok(Organization(updated))
    }

    async fn create_space(&self, ctx: &Context<'_>, input: CreateSpaceInput) -> Result<Space> {
        let rc = request(ctx)?;
        let space = NewSpace {
            slug: input.slug,
            name: input.name,
            description: input.description,
            visibility: input.visibility.into(),
            posting_policy: input.posting_policy.unwrap_or(PostingPolicy::Everyone).into(),
        };
        Ok(Space(rc.praxis.create_space(&rc.viewer, space).await.gql()?))
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
        Ok(Space(rc.praxis.remove_space_member(&rc.viewer, space_id, user_id).await.gql()?))
    }

    async fn create_thread(&self, ctx: &Context<'_>, input: CreateThreadInput) -> Result<Thread> {
        let rc = request(ctx)?;
        let space_id = decode("spaceId", &input.space_id, NodeKind::Space)?;
        let cited_documents = input
            .cited_document_ids
            .unwrap_or_default()
            .iter()
            .map(|id| decode("citedDocumentIds", id, NodeKind::Document))
            .collect::<Result<Vec<_>>>()?;
        let thread = NewThread {
            space_id,
            title: input.title,
            body: input.body,
            kind: input.kind.unwrap_or(ThreadKind::Discussion).into(),
            tags: input.tags.unwrap_or_default(),
            cited_documents,
        };
        Ok(Thread(rc.praxis.create_thread(&rc.viewer, thread).await.gql()?))
    }

    async fn reply(&self, ctx: &Context<'_>, input: ReplyInput) -> Result<Post> {
        let rc = request(ctx)?;
        let thread_id = decode("threadId", &input.thread_id, NodeKind::Thread)?;
        let reply_to =
            input.reply_to_id.map(|id| decode("replyToId", &id, NodeKind::Post)).transpose()?;
        Ok(Post(rc.praxis.reply(&rc.viewer, thread_id, &input.body, reply_to).await.gql()?))
    }

    /// The author or a moderator; keeps the earlier text as a revision.
    async fn edit_post(&self, ctx: &Context<'_>, input: EditPostInput) -> Result<Post> {
        let rc = request(ctx)?;
        let id = decode("id", &input.id, NodeKind::Post)?;
        Ok(Post(rc.praxis.edit_post(&rc.viewer, id, &input.body).await.gql()?))
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
        Ok(Post(rc.praxis.react(&rc.viewer, id, reaction.into()).await.gql()?))
    }

    async fn unreact(
        &self,
        ctx: &Context<'_>,
        post_id: ID,
        reaction: ReactionKind,
    ) -> Result<Post> {
        let rc = request(ctx)?;
        let id = decode("postId", &post_id, NodeKind::Post)?;
        Ok(Post(rc.praxis.unreact(&rc.viewer, id, reaction.into()).await.gql()?))
    }

    /// The question's author or a moderator.
    async fn accept_answer(&self, ctx: &Context<'_>, post_id: ID) -> Result<Thread> {
        let rc = request(ctx)?;
        let id = decode("postId", &post_id, NodeKind::Post)?;
        Ok(Thread(rc.praxis.accept_answer(&rc.viewer, id).await.gql()?))
    }

    /// Starts as DRAFT, visible to its author and moderators until published.
    async fn create_document(&self, ctx: &Context<'_>, input: DocumentInput) -> Result<Document> {
        let rc = request(ctx)?;
        let input = input.decode()?;
        Ok(Document(rc.praxis.create_document(&rc.viewer, input).await.gql()?))
    }

    async fn update_document(
        &self,
        ctx: &Context<'_>,
        id: ID,
        input: DocumentInput,
    ) -> Result<Document> {
        let rc = request(ctx)?;
        let id = decode("id", &id, NodeKind::Document)?;
        let input = input.decode()?;
        Ok(Document(rc.praxis.update_document(&rc.viewer, id, input).await.gql()?))
    }

    /// DRAFT or CHANGES_REQUESTED -> SUBMITTED.
    async fn submit_document(&self, ctx: &Context<'_>, id: ID) -> Result<Document> {
        let rc = request(ctx)?;
        let id = decode("id", &id, NodeKind::Document)?;
        Ok(Document(rc.praxis.submit_document(&rc.viewer, id).await.gql()?))
    }

    /// Moderators: publish, request changes (with a comment), or reject (with a comment).
    async fn review_document(
        &self,
        ctx: &Context<'_>,
        id: ID,
        decision: ReviewDecision,
        comment: Option<String>,
    ) -> Result<Document> {
        let rc = request(ctx)?;
        let id = decode("id", &id, NodeKind::Document)?;
        let document =
            rc.praxis.review_document(&rc.viewer, id, decision.into(), comment).await.gql()?;
        Ok(Document(document))
    }

    /// Moderators: PUBLISHED -> ARCHIVED, for what is obsolete.
    async fn archive_document(
        &self,
        ctx: &Context<'_>,
        id: ID,
        reason: Option<String>,
    ) -> Result<Document> {
        let rc = request(ctx)?;
        let id = decode("id", &id, NodeKind::Document)?;
        Ok(Document(rc.praxis.archive_document(&rc.viewer, id, reason).await.gql()?))
    }

    /// Moderators: "still current".
    async fn verify_document(&self, ctx: &Context<'_>, id: ID) -> Result<Document> {
        let rc = request(ctx)?;
        let id = decode("id", &id, NodeKind::Document)?;
        Ok(Document(rc.praxis.verify_document(&rc.viewer, id).await.gql()?))
    }

    /// A file (multipart request spec) attached to a document the caller may edit.
    async fn upload_attachment(
        &self,
        ctx: &Context<'_>,
        document_id: ID,
        file: Upload,
    ) -> Result<Attachment> {
        let rc = request(ctx)?;
        let document_id = decode("documentId", &document_id, NodeKind::Document)?;
        let upload = file.value(ctx).map_err(|_| {
            to_graphql(&praxis_core::Error::bad_input(
                "file",
                "the file part of the upload is missing or unreadable",
            ))
        })?;
        let content = upload.content.to_vec();
        let attachment = rc
            .praxis
            .upload_attachment(&rc.viewer, document_id, &upload.filename, content)
            .await
            .gql()?;
        Ok(Attachment(attachment))
    }

    async fn delete_attachment(&self, ctx: &Context<'_>, id: ID) -> Result<bool> {
        let rc = request(ctx)?;
        let id = decode("id", &id, NodeKind::Attachment)?;
        rc.praxis.delete_attachment(&rc.viewer, id).await.gql()
    }

    /// Moderators: a locked thread takes no new replies.
    async fn lock_thread(&self, ctx: &Context<'_>, id: ID, locked: bool) -> Result<Thread> {
        let rc = request(ctx)?;
        let id = decode("id", &id, NodeKind::Thread)?;
        Ok(Thread(rc.praxis.lock_thread(&rc.viewer, id, locked).await.gql()?))
    }

    /// Moderators: pinned threads lead their space's list.
    async fn pin_thread(&self, ctx: &Context<'_>, id: ID, pinned: bool) -> Result<Thread> {
        let rc = request(ctx)?;
        let id = decode("id", &id, NodeKind::Thread)?;
        Ok(Thread(rc.praxis.pin_thread(&rc.viewer, id, pinned).await.gql()?))
    }
}
