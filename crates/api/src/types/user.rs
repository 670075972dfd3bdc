use async_graphql::{Context, ID, Object, Result};
use chrono::{DateTime, Utc};
use praxis_core::ids::NodeKind;
use praxis_core::policy;
use praxis_db::entities::user;

use super::{Organization, global_id};
use crate::context::request;
use crate::enums::Role;
use crate::errors::GqlResult as _;

pub struct User {
    model: user::Model,
    /// Set when the user is shown to themself outside a signed-in request (the payload of
    /// `register` and `login`), where the request's viewer is still anonymous.
    seen_by_self: bool,
}

impl From<user::Model> for User {
    fn from(model: user::Model) -> Self {
        Self { model, seen_by_self: false }
    }
}

impl User {
    pub fn seen_by_self(model: user::Model) -> Self {
        Self { model, seen_by_self: true }
    }

    fn viewer_is_self(&self, ctx: &Context<'_>) -> Result<bool> {
        let viewer = request(ctx)?.viewer.actor().ok().map(|a| a.user_id);
        Ok(self.seen_by_self || viewer == Some(self.model.id))
    }
}

#[Object]
impl User {
    pub async fn id(&self) -> ID {
        global_id(NodeKind::User, self.model.id)
    }

    async fn display_name(&self) -> &str {
        &self.model.display_name
    }

    async fn role(&self) -> Role {
        Role::from_stored(&self.model.role).unwrap_or(Role::Member)
    }

    async fn organization(&self, ctx: &Context<'_>) -> Result<Option<Organization>> {
        let Some(id) = self.model.organization_id else {
            return Ok(None);
        };
        let found = request(ctx)?.loaders.organizations.load_one(id).await.gql()?;
        Ok(found.map(Organization))
    }

    async fn country(&self) -> Option<&str> {
        self.model.country.as_deref()
    }

    async fn created_at(&self) -> DateTime<Utc> {
        self.model.created_at
    }

    /// Only for the user themself and admins.
    async fn email(&self, ctx: &Context<'_>) -> Result<Option<&str>> {
        let actor = request(ctx)?.viewer.actor().ok();
        let visible = self.seen_by_self || policy::can_see_email(actor, self.model.id);
        Ok(visible.then_some(self.model.email.as_str()))
    }

    /// The user's preferred interface language, for the user themself.
    async fn locale(&self, ctx: &Context<'_>) -> Result<Option<&str>> {
        let own = self.viewer_is_self(ctx)?;
        Ok(self.model.locale.as_deref().filter(|_| own))
    }
}
