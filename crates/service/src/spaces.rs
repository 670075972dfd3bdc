//! Spaces and their members: create_space, add_space_member, remove_space_member.

use anyhow::Context as _;
use praxis_core::ids::new_id;
use praxis_core::limits::{DESCRIPTION_MAX_CHARS, SPACE_NAME_MAX_CHARS};
use praxis_core::policy::{self, Actor, SpaceStanding};
use praxis_core::types::{PostingPolicy, SpaceRole, Visibility};
use praxis_core::{Error, Result, validate};
use praxis_db::entities::{space, space_member};
use praxis_db::queries::{spaces, users};
use sea_orm::{ActiveModelTrait, ActiveValue::Set, ConnectionTrait, EntityTrait, TransactionTrait};
use uuid::Uuid;

use crate::viewer::Viewer;
use crate::{Praxis, conflict_or_internal};

#[derive(Debug, Clone)]
pub struct NewSpace {
    pub slug: String,
    pub name: String,
    pub description: Option<String>,
    pub visibility: Visibility,
    pub posting_policy: PostingPolicy,
}

/// The space if the viewer may read it, else NOT_FOUND (the same answer as for no such space).
pub(crate) async fn readable_space<C: ConnectionTrait>(
    db: &C,
    viewer: &Viewer,
    id: Uuid,
) -> Result<space::Model> {
    spaces::find_readable(db, &viewer.reader(), id)
        .await
        .context("find space")?
        .ok_or_else(|| Error::not_found("space"))
}

/// What the actor is to the space: their membership and the space's posting rule.
pub(crate) async fn standing_in<C: ConnectionTrait>(
    db: &C,
    actor: &Actor,
    space: &space::Model,
) -> Result<SpaceStanding> {
    let membership = spaces::membership(db, space.id, actor.user_id)
        .await
        .context("find membership")?
        .and_then(|m| SpaceRole::parse(&m.role));
    let posting = PostingPolicy::parse(&space.posting_policy).ok_or_else(|| {
        Error::Internal(anyhow::anyhow!("space {} has unknown posting policy", space.id))
    })?;
    Ok(SpaceStanding { membership, posting })
}

impl Praxis {
    #[tracing::instrument(skip_all)]
    pub async fn create_space(&self, viewer: &Viewer, input: NewSpace) -> Result<space::Model> {
        let actor = viewer.actor()?;
        if !policy::can_create_space(actor) {
            return Err(Error::forbidden("only admins can create spaces"));
        }
        let slug = validate::slug(&input.slug)?;
        let name = validate::single_line("name", &input.name, SPACE_NAME_MAX_CHARS)?;
        let description = input
            .description
            .filter(|d| !d.trim().is_empty())
            .map(|d| validate::text_block("description", &d, DESCRIPTION_MAX_CHARS))
            .transpose()?;
        let now = praxis_db::now();
        let txn = self.db.conn.begin().await.context("begin create space")?;
        let space = space::ActiveModel {
            id: Set(new_id()),
            slug: Set(slug),
            name: Set(name),
            description: Set(description),
            visibility: Set(input.visibility.as_str().to_owned()),
            posting_policy: Set(input.posting_policy.as_str().to_owned()),
            created_by: Set(actor.user_id),
            created_at: Set(now),
        }
        .insert(&txn)
        .await
        .map_err(|e| {
            conflict_or_internal(
                e,
                "slug",
                "a space with this slug already exists; choose another",
                "insert space",
            )
        })?;
        // The creator moderates the space, so a private working group never starts empty.
        insert_member(&txn, space.id, actor.user_id, SpaceRole::Moderator).await?;
        txn.commit().await.context("commit create space")?;
        tracing::info!(space_id = %space.id, "space created");
        Ok(space)
    }

    #[tracing::instrument(skip_all, fields(%space_id, %user_id))]
    pub async fn add_space_member(
        &self,
        viewer: &Viewer,
        space_id: Uuid,
        user_id: Uuid,
        role: SpaceRole,
    ) -> Result<space::Model> {
        let space = self.space_to_manage(viewer, space_id).await?;
        users::find_by_id(&self.db.conn, user_id)
            .await
            .context("find user")?
            .ok_or_else(|| Error::not_found("user"))?;
        match spaces::membership(&self.db.conn, space_id, user_id)
            .await
            .context("find membership")?
        {
            Some(existing) if existing.role == role.as_str() => {}
            Some(existing) => {
                let mut changed: space_member::ActiveModel = existing.into();
                changed.role = Set(role.as_str().to_owned());
                changed.update(&self.db.conn).await.context("update membership")?;
            }
            None => insert_member(&self.db.conn, space_id, user_id, role).await?,
        }
        Ok(space)
    }

    #[tracing::instrument(skip_all, fields(%space_id, %user_id))]
    pub async fn remove_space_member(
        &self,
        viewer: &Viewer,
        space_id: Uuid,
        user_id: Uuid,
    ) -> Result<space::Model> {
        let space = self.space_to_manage(viewer, space_id).await?;
        space_member::Entity::delete_by_id((space_id, user_id))
            .exec(&self.db.conn)
            .await
            .context("delete membership")?;
        Ok(space)
    }

    async fn space_to_manage(&self, viewer: &Viewer, space_id: Uuid) -> Result<space::Model> {
        let actor = viewer.actor()?;
        let space = readable_space(&self.db.conn, viewer, space_id).await?;
        let standing = standing_in(&self.db.conn, actor, &space).await?;
        if !policy::can_manage_space_members(actor, &standing) {
            return Err(Error::forbidden(
                "only admins and the space's moderators can manage its members",
            ));
        }
        Ok(space)
    }
}

async fn insert_member<C: ConnectionTrait>(
    db: &C,
    space_id: Uuid,
    user_id: Uuid,
    role: SpaceRole,
) -> Result<()> {
    space_member::ActiveModel {
        space_id: Set(space_id),
        user_id: Set(user_id),
        role: Set(role.as_str().to_owned()),
        created_at: Set(praxis_db::now()),
    }
    .insert(db)
    .await
    .context("insert membership")?;
    Ok(())
}
