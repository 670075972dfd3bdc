//! Threads: create_thread (with its opening post), lock_thread, pin_thread.

use anyhow::Context as _;
use praxis_core::ids::new_id;
use praxis_core::policy;
use praxis_core::types::ThreadKind;
use praxis_core::{Error, Result, validate};
use praxis_db::entities::{post, thread, thread_document, thread_tag};
use praxis_db::outbox::{self, Entity, Op};
use praxis_db::queries::{documents, threads};
use sea_orm::{ActiveModelTrait, ActiveValue::Set, ConnectionTrait, EntityTrait, TransactionTrait};
use uuid::Uuid;

use crate::spaces::{readable_space, standing_in};
use crate::viewer::Viewer;
use crate::{Praxis, markdown};

#[derive(Debug, Clone)]
pub struct NewThread {
    pub space_id: Uuid,
    pub title: String,
    pub body: String,
    pub kind: ThreadKind,
    pub tags: Vec<String>,
    /// Library documents the thread discusses; each must be readable by the author.
    pub cited_documents: Vec<Uuid>,
}

/// The thread if the viewer may read it, else NOT_FOUND.
pub(crate) async fn readable_thread<C: ConnectionTrait>(
    db: &C,
    viewer: &Viewer,
    id: Uuid,
) -> Result<thread::Model> {
    threads::find_readable(db, &viewer.reader(), id)
        .await
        .context("find thread")?
        .ok_or_else(|| Error::not_found("thread"))
}

impl Praxis {
    #[tracing::instrument(skip_all, fields(space_id = %input.space_id))]
    pub async fn create_thread(&self, viewer: &Viewer, input: NewThread) -> Result<thread::Model> {
        let actor = viewer.actor()?;
        let space = readable_space(&self.db.conn, viewer, input.space_id).await?;
        let standing = standing_in(&self.db.conn, actor, &space).await?;
        if !policy::can_post_in_space(actor, &standing) {
            return Err(Error::forbidden(
                "you cannot start threads in this space; ask its moderators to add you",
            ));
        }
        let title = validate::title(&input.title)?;
        let body = validate::body(&input.body)?;
        let tags = validate::tags(&input.tags)?;
        let body_html = markdown::render(&body);
        let mut cited = input.cited_documents.clone();
        cited.sort();
        cited.dedup();
        let readable = documents::readable_listings_by_ids(&self.db.conn, &viewer.reader(), &cited)
            .await
            .context("find cited documents")?;
        if readable.len() != cited.len() {
            return Err(Error::bad_input(
                "citedDocumentIds",
                "every cited document must be one you can read",
            ));
        }
        let now = praxis_db::now();

        let txn = self.db.conn.begin().await.context("begin create thread")?;
        let thread = thread::ActiveModel {
            id: Set(new_id()),
            space_id: Set(space.id),
            author_id: Set(actor.user_id),
            title: Set(title),
            kind: Set(input.kind.as_str().to_owned()),
            pinned: Set(false),
            locked: Set(false),
            accepted_post_id: Set(None),
            reply_count: Set(0),
            last_activity_at: Set(now),
            created_at: Set(now),
        }
        .insert(&txn)
        .await
        .context("insert thread")?;
        if !tags.is_empty() {
            thread_tag::Entity::insert_many(
                tags.into_iter().map(|tag| thread_tag::ActiveModel {
                    thread_id: Set(thread.id),
                    tag: Set(tag),
                }),
            )
            .exec(&txn)
            .await
            .context("insert tags")?;
        }
        let opening = post::ActiveModel {
            id: Set(new_id()),
            thread_id: Set(thread.id),
            author_id: Set(actor.user_id),
            body: Set(body),
            body_html: Set(body_html),
            reply_to_id: Set(None),
            created_at: Set(now),
            edited_at: Set(None),
            deleted_at: Set(None),
        }
        .insert(&txn)
        .await
        .context("insert opening post")?;
        if !cited.is_empty() {
            let citations = cited.into_iter().map(|document_id| thread_document::ActiveModel {
                thread_id: Set(thread.id),
                document_id: Set(document_id),
            });
            thread_document::Entity::insert_many(citations)
                .exec(&txn)
                .await
                .context("insert citations")?;
        }
        outbox::record(&txn, Entity::Thread, thread.id, Op::Upsert).await.context("outbox")?;
        outbox::record(&txn, Entity::Post, opening.id, Op::Upsert).await.context("outbox")?;
        self.commit_for_search(txn, "commit create thread").await?;
        tracing::info!(thread_id = %thread.id, "thread created");
        Ok(thread)
    }

    pub async fn lock_thread(
        &self,
        viewer: &Viewer,
        id: Uuid,
        locked: bool,
    ) -> Result<thread::Model> {
        self.moderate_thread(viewer, id, |t| t.locked = Set(locked)).await
    }

    pub async fn pin_thread(
        &self,
        viewer: &Viewer,
        id: Uuid,
        pinned: bool,
    ) -> Result<thread::Model> {
        self.moderate_thread(viewer, id, |t| t.pinned = Set(pinned)).await
    }

    async fn moderate_thread(
        &self,
        viewer: &Viewer,
        id: Uuid,
        change: impl FnOnce(&mut thread::ActiveModel),
    ) -> Result<thread::Model> {
        let actor = viewer.actor()?;
        let thread = readable_thread(&self.db.conn, viewer, id).await?;
        let space = readable_space(&self.db.conn, viewer, thread.space_id).await?;
        if !policy::can_moderate_thread(actor, &standing_in(&self.db.conn, actor, &space).await?) {
            return Err(Error::forbidden("only moderators can lock or pin threads"));
        }
        let txn = self.db.conn.begin().await.context("begin moderate thread")?;
        let mut active: thread::ActiveModel = thread.into();
        change(&mut active);
        let thread = active.update(&txn).await.context("update thread")?;
        outbox::record(&txn, Entity::Thread, thread.id, Op::Upsert).await.context("outbox")?;
        self.commit_for_search(txn, "commit moderate thread").await?;
        Ok(thread)
    }
}
