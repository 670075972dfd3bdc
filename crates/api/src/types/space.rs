use async_graphql::{ComplexObject, Context, ID, Object, Result, SimpleObject};
use chrono::{DateTime, Utc};
use praxis_core::ids::NodeKind;
use praxis_core::policy::{self, SpaceStanding};
use praxis_core::types as core;
use praxis_db::entities::space;
use praxis_db::queries::spaces;
use praxis_db::queries::threads::ThreadFilter;

use super::{User, global_id, thread};
use crate::connection::{ThreadConnection, page_complexity};
use crate::context::{RequestContext, request};
use crate::enums::{PostingPolicy, SpaceRole, ThreadOrder, Visibility};
use crate::errors::{DbResult as _, GqlResult as _};

pub struct Space(pub space::Model);

#[derive(SimpleObject)]
#[graphql(complex)]
pub struct SpaceMember {
    #[graphql(skip)]
    user: praxis_db::entities::user::Model,
    pub role: SpaceRole,
    pub joined_at: DateTime<Utc>,
}

#[ComplexObject]
impl SpaceMember {
    async fn user(&self) -> User {
        User::from(self.user.clone())
    }
}

impl Space {
    fn posting(&self) -> core::PostingPolicy {
        core::PostingPolicy::parse(&self.0.posting_policy)
            .unwrap_or(core::PostingPolicy::Moderators)
    }

    /// The viewer's standing here, or None when not signed in.
    async fn standing(&self, rc: &RequestContext) -> Result<Option<SpaceStanding>> {
        if rc.viewer.actor().is_err() {
            return Ok(None);
        }
        let membership = rc.loaders.memberships.load_one(self.0.id).await.gql()?.flatten();
        Ok(Some(SpaceStanding { membership, posting: self.posting() }))
    }
}

#[Object]
impl Space {
    pub async fn id(&self) -> ID {
        global_id(NodeKind::Space, self.0.id)
    }

    async fn slug(&self) -> &str {
        &self.0.slug
    }

    async fn name(&self) -> &str {
        &self.0.name
    }

    async fn description(&self) -> Option<&str> {
        self.0.description.as_deref()
    }

    async fn visibility(&self) -> Visibility {
        Visibility::from_stored(&self.0.visibility).unwrap_or(Visibility::Private)
    }

    async fn posting_policy(&self) -> PostingPolicy {
        self.posting().into()
    }

    #[graphql(complexity = "page_complexity(first, child_complexity)")]
    async fn threads(
        &self,
        ctx: &Context<'_>,
        first: Option<i32>,
        after: Option<String>,
        #[graphql(default_with = "Some(ThreadOrder::LatestActivity)")] order_by: Option<
            ThreadOrder,
        >,
    ) -> Result<ThreadConnection> {
        let filter = ThreadFilter { space_id: Some(self.0.id), ..Default::default() };
        thread::list(ctx, filter, order_by.unwrap_or_default(), first, after.as_deref()).await
    }

    async fn viewer_can_post(&self, ctx: &Context<'_>) -> Result<bool> {
        let rc = request(ctx)?;
        let (Ok(actor), Some(standing)) = (rc.viewer.actor(), self.standing(rc).await?) else {
            return Ok(false);
        };
        Ok(policy::can_post_in_space(actor, &standing))
    }

    /// The viewer's role in this space, if they are a member.
    async fn viewer_membership(&self, ctx: &Context<'_>) -> Result<Option<SpaceRole>> {
        let rc = request(ctx)?;
        Ok(self.standing(rc).await?.and_then(|s| s.membership).map(SpaceRole::from))
    }

    /// Whether the viewer may add and remove members.
    async fn viewer_can_manage_members(&self, ctx: &Context<'_>) -> Result<bool> {
        let rc = request(ctx)?;
        let (Ok(actor), Some(standing)) = (rc.viewer.actor(), self.standing(rc).await?) else {
            return Ok(false);
        };
        Ok(policy::can_manage_space_members(actor, &standing))
    }

    /// The space's members: visible to its members and to those who manage it.
    async fn members(&self, ctx: &Context<'_>) -> Result<Vec<SpaceMember>> {
        let rc = request(ctx)?;
        let allowed = match (rc.viewer.actor(), self.standing(rc).await?) {
            (Ok(actor), Some(standing)) => {
                standing.membership.is_some() || policy::can_manage_space_members(actor, &standing)
            }
            _ => false,
        };
        if !allowed {
            return Err(crate::errors::to_graphql(&praxis_core::Error::forbidden(
                "only the space's members can see who belongs to it",
            )));
        }
        let rows = spaces::members(&rc.praxis.database().conn, self.0.id)
            .await
            .db("list space members")?;
        Ok(rows
            .into_iter()
            .filter_map(|(m, user)| {
                let role = SpaceRole::from_stored(&m.role)?;
                Some(SpaceMember { user, role, joined_at: m.created_at })
            })
            .collect())
    }

    async fn created_at(&self) -> DateTime<Utc> {
        self.0.created_at
    }
}
