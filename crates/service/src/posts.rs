//! Posts: reply, edit_post (keeping a revision), delete_post (soft), react, unreact,
//! accept_answer.

use anyhow::Context as _;
use praxis_core::ids::new_id;
use praxis_core::policy::{self, Actor, SpaceStanding};
use praxis_core::types::{ReactionKind, ThreadKind};
use praxis_core::{Error, Result, validate};
use praxis_db::entities::{post, post_revision, thread};
use praxis_db::outbox::{self, Entity, Op};
use praxis_db::queries::{posts, reactions};
use sea_orm::sea_query::{Expr, ExprTrait as _, LockType};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter,
    QuerySelect, TransactionTrait,
};
use uuid::Uuid;

use crate::events::PostEvent;
use crate::search::thread_start;
use crate::spaces::{readable_space, standing_in};
use crate::threads::readable_thread;
use crate::viewer::Viewer;
use crate::{Praxis, markdown};

/// A post the viewer can read, with its thread and the actor's standing in the thread's space.
struct PostInContext<'a> {
    actor: &'a Actor,
    post: post::Model,
    thread: thread::Model,
    standing: SpaceStanding,
}

impl Praxis {
    async fn post_in_context<'a>(
        &self,
        viewer: &'a Viewer,
        post_id: Uuid,
    ) -> Result<PostInContext<'a>> {
        let actor = viewer.actor()?;
        let post = posts::find_readable(&self.db.conn, &viewer.reader(), post_id)
            .await
            .context("find post")?
            .ok_or_else(|| Error::not_found("post"))?;
        let thread = readable_thread(&self.db.conn, viewer, post.thread_id).await?;
        let space = readable_space(&self.db.conn, viewer, thread.space_id).await?;
        let standing = standing_in(&self.db.conn, actor, &space).await?;
        Ok(PostInContext { actor, post, thread, standing })
    }

    #[tracing::instrument(skip_all, fields(%thread_id))]
    pub async fn reply(
        &self,
        viewer: &Viewer,
        thread_id: Uuid,
        body: &str,
        reply_to: Option<Uuid>,
    ) -> Result<post::Model> {
        let actor = viewer.actor()?;
        let thread = readable_thread(&self.db.conn, viewer, thread_id).await?;
        let space = readable_space(&self.db.conn, viewer, thread.space_id).await?;
        let standing = standing_in(&self.db.conn, actor, &space).await?;
        if !policy::can_post_in_space(actor, &standing) {
            return Err(Error::forbidden(
                "you cannot post in this space; ask its moderators to add you",
            ));
        }
        if !policy::can_reply_to_thread(actor, &standing, thread.locked) {
            return Err(Error::forbidden("this thread is locked: it takes no new replies"));
        }
        let body = validate::body(body)?;
        if let Some(reply_to) = reply_to {
            let target = posts::find_readable(&self.db.conn, &viewer.reader(), reply_to)
                .await
                .context("find reply target")?;
            if target.is_none_or(|p| p.thread_id != thread.id) {
                return Err(Error::bad_input(
                    "replyToId",
                    "`replyToId` must be a post in the same thread",
                ));
            }
        }
        let now = praxis_db::now();
        let txn = self.db.conn.begin().await.context("begin reply")?;
        let post = post::ActiveModel {
            id: Set(new_id()),
            thread_id: Set(thread.id),
            author_id: Set(actor.user_id),
            body_html: Set(markdown::render(&body)),
            body: Set(body),
            reply_to_id: Set(reply_to),
            created_at: Set(now),
            edited_at: Set(None),
            deleted_at: Set(None),
        }
        .insert(&txn)
        .await
        .context("insert reply")?;
        // Waits for, or holds back, an edit of the opening post that re-files the thread's replies
        // (`record_replies_if_opening`).
        thread::Entity::update_many()
            .col_expr(thread::Column::ReplyCount, Expr::col(thread::Column::ReplyCount).add(1))
            .col_expr(thread::Column::LastActivityAt, Expr::value(now))
            .filter(thread::Column::Id.eq(thread.id))
            .exec(&txn)
            .await
            .context("bump thread activity")?;
        outbox::record(&txn, Entity::Post, post.id, Op::Upsert).await.context("outbox")?;
        outbox::record(&txn, Entity::Thread, thread.id, Op::Upsert).await.context("outbox")?;
        self.commit_for_search(txn, "commit reply").await?;
        self.publish(PostEvent { thread_id: thread.id, post_id: post.id });
        Ok(post)
    }

    #[tracing::instrument(skip_all, fields(%post_id))]
    pub async fn edit_post(
        &self,
        viewer: &Viewer,
        post_id: Uuid,
        body: &str,
    ) -> Result<post::Model> {
        let ctx = self.post_in_context(viewer, post_id).await?;
        if !policy::can_change_post(ctx.actor, &ctx.standing, ctx.post.author_id) {
            return Err(Error::forbidden("only the author or a moderator can edit this post"));
        }
        let deleted =
            || Error::bad_input("id", "this post was deleted and can no longer be edited");
        if ctx.post.deleted_at.is_some() {
            return Err(deleted());
        }
        let body = validate::body(body)?;
        if body == ctx.post.body {
            return Ok(ctx.post);
        }
        let now = praxis_db::now();
        let txn = self.db.conn.begin().await.context("begin edit")?;
        // Read again, locked: another edit or a deletion may have committed since `ctx` was read,
        // and the revision keeps, and the replies are re-filed by, what this edit replaces. The
        // lock is the one an update takes: it holds back another edit or a deletion, but not the
        // check of a reply's foreign key to this post. (With FOR UPDATE here and on the thread, a
        // reply that had checked its key to the thread waited for this lock while the edit waited
        // in `record_replies_if_opening` for that check: a deadlock.)
        let current = post::Entity::find_by_id(post_id)
            .lock(LockType::NoKeyUpdate)
            .one(&txn)
            .await
            .context("lock post")?
            .ok_or_else(|| Error::not_found("post"))?;
        if current.deleted_at.is_some() {
            return Err(deleted());
        }
        if body == current.body {
            return Ok(current);
        }
        post_revision::ActiveModel {
            id: Set(new_id()),
            post_id: Set(current.id),
            body: Set(current.body.clone()),
            editor_id: Set(ctx.actor.user_id),
            edited_at: Set(now),
        }
        .insert(&txn)
        .await
        .context("insert revision")?;
        let before = current.body.clone();
        let mut active: post::ActiveModel = current.into();
        active.body_html = Set(markdown::render(&body));
        active.body = Set(body);
        active.edited_at = Set(Some(now));
        let post = active.update(&txn).await.context("update post")?;
        outbox::record(&txn, Entity::Post, post.id, Op::Upsert).await.context("outbox")?;
        record_replies_if_opening(&txn, &post, Some(&before)).await?;
        self.commit_for_search(txn, "commit edit").await?;
        self.publish(PostEvent { thread_id: post.thread_id, post_id: post.id });
        Ok(post)
    }

    /// Soft delete: the post stays in the thread as a placeholder, its text withheld.
    #[tracing::instrument(skip_all, fields(%post_id))]
    pub async fn delete_post(&self, viewer: &Viewer, post_id: Uuid) -> Result<post::Model> {
        let ctx = self.post_in_context(viewer, post_id).await?;
        if !policy::can_change_post(ctx.actor, &ctx.standing, ctx.post.author_id) {
            return Err(Error::forbidden("only the author or a moderator can delete this post"));
        }
        if ctx.post.deleted_at.is_some() {
            return Ok(ctx.post);
        }
        let txn = self.db.conn.begin().await.context("begin delete")?;
        let mut active: post::ActiveModel = ctx.post.into();
        active.deleted_at = Set(Some(praxis_db::now()));
        let post = active.update(&txn).await.context("soft-delete post")?;
        outbox::record(&txn, Entity::Post, post.id, Op::Delete).await.context("outbox")?;
        record_replies_if_opening(&txn, &post, None).await?;
        self.commit_for_search(txn, "commit delete").await?;
        self.publish(PostEvent { thread_id: post.thread_id, post_id: post.id });
        Ok(post)
    }

    pub async fn react(
        &self,
        viewer: &Viewer,
        post_id: Uuid,
        kind: ReactionKind,
    ) -> Result<post::Model> {
        let ctx = self.post_in_context(viewer, post_id).await?;
        if ctx.post.deleted_at.is_some() {
            return Err(Error::bad_input("postId", "deleted posts take no reactions"));
        }
        reactions::add(
            &self.db.conn,
            reactions::new_reaction(post_id, ctx.actor.user_id, kind.as_str()),
        )
        .await
        .context("add reaction")?;
        Ok(ctx.post)
    }

    pub async fn unreact(
        &self,
        viewer: &Viewer,
        post_id: Uuid,
        kind: ReactionKind,
    ) -> Result<post::Model> {
        let ctx = self.post_in_context(viewer, post_id).await?;
        reactions::remove(&self.db.conn, post_id, ctx.actor.user_id, kind.as_str())
            .await
            .context("remove reaction")?;
        Ok(ctx.post)
    }

    #[tracing::instrument(skip_all, fields(%post_id))]
    pub async fn accept_answer(&self, viewer: &Viewer, post_id: Uuid) -> Result<thread::Model> {
        let ctx = self.post_in_context(viewer, post_id).await?;
        if ctx.thread.kind != ThreadKind::Question.as_str() {
            return Err(Error::bad_input("postId", "only questions have accepted answers"));
        }
        if !policy::can_accept_answer(ctx.actor, &ctx.standing, ctx.thread.author_id) {
            return Err(Error::forbidden(
                "only the person who asked, or a moderator, can accept an answer",
            ));
        }
        let opening = posts::opening_post_id(&self.db.conn, ctx.thread.id)
            .await
            .context("find opening post")?;
        if opening == Some(post_id) {
            return Err(Error::bad_input(
                "postId",
                "the question itself cannot be its answer; choose a reply",
            ));
        }
        if ctx.post.deleted_at.is_some() {
            return Err(Error::bad_input("postId", "a deleted post cannot be the accepted answer"));
        }
        let previous = ctx.thread.accepted_post_id;
        let txn = self.db.conn.begin().await.context("begin accept")?;
        let mut active: thread::ActiveModel = ctx.thread.into();
        active.accepted_post_id = Set(Some(post_id));
        let thread = active.update(&txn).await.context("accept answer")?;
        outbox::record(&txn, Entity::Thread, thread.id, Op::Upsert).await.context("outbox")?;
        // An accepted answer ranks higher in search, and the one it replaces no longer does.
        for post in std::iter::once(post_id).chain(previous) {
            outbox::record(&txn, Entity::Post, post, Op::Upsert).await.context("outbox")?;
        }
        self.commit_for_search(txn, "commit accept").await?;
        Ok(thread)
    }
}

/// An opening post's change reaches its thread's replies: one too short to tell its language is
/// filed under the language of its thread's start (`search::thread_start`), so they are indexed
/// again when that start changes. `before` is the post's body before an edit; `None` (a
/// deletion) re-files them whatever it was.
async fn record_replies_if_opening<C: ConnectionTrait>(
    db: &C,
    post: &post::Model,
    before: Option<&str>,
) -> Result<()> {
    let opening = posts::opening_post_id(db, post.thread_id).await.context("find opening post")?;
    if opening != Some(post.id)
        || before.is_some_and(|before| thread_start(before) == thread_start(&post.body))
    {
        return Ok(());
    }
    // On PostgreSQL, a reply written meanwhile counts itself in its thread (`reply`), an update
    // that waits for this lock or that this lock waits for. So the reply either commits before
    // the replies are read here, or after this commit, when the indexer reads it with the new
    // start. (The lock lets the reply's foreign key to the thread be checked meanwhile.) SQLite
    // writes one transaction at a time.
    let _: Option<Uuid> = thread::Entity::find_by_id(post.thread_id)
        .select_only()
        .column(thread::Column::Id)
        .lock(LockType::NoKeyUpdate)
        .into_tuple()
        .one(db)
        .await
        .context("lock the thread")?;
    outbox::record_replies(db, post.thread_id, post.id).await.context("outbox")?;
    Ok(())
}
