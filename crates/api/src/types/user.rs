use async_graphql::{Context, ID, Object, Result};
use chrono::{DateTime, Utc};
use praxis_core::ids::NodeKind;
use praxis_core::policy;
use praxis_db::entities::user;

use super::{Organization, global_id};
use crate::context::request;
use crate::enums::Role;
use crate::errors::GqlResult as _;

pub struct User(pub user::Model);

#[Object]
impl User {
    pub async fn id(&self) -> ID {
        global_id(NodeKind::User, self.0.id)
    }

    async fn display_name(&self) -> &str {
        &self.0.display_name
    }

    async fn role(&self) -> Role {
        Role::from_stored(&self.0.role).unwrap_or(Role::Member)
    }

    async fn organization(&self, ctx: &Context<'_>) -> Result<Option<Organization>> {
        let Some(id) = self.0.organization_id else {
            return Ok(None);
        };
        let found = request(ctx)?
            .loaders
            .organizations
            .load_one(id)
            .await
            .gql()?;
        Ok(found.map(Organization))
    }

    async fn country(&self) -> Option<&str> {
        self.0.country.as_deref()
    }

    async fn created_at(&self) -> DateTime<Utc> {
        self.0.created_at
    }

    /// Only for the user themself and admins.
    async fn email(&self, ctx: &Context<'_>) -> Result<Option<&str>> {
        let viewer = &request(ctx)?.viewer;
        let actor = viewer.actor().ok();
        Ok(policy::can_see_email(actor, self.0.id).then_some(self.0.email.as_str()))
    }

    /// The user's preferred interface language, for the user themself.
    async fn locale(&self, ctx: &Context<'_>) -> Result<Option<&str>> {
        let own = request(ctx)?
            .viewer
            .actor()
            .is_ok_and(|a| a.user_id == self.0.id);
        Ok(self.0.locale.as_deref().filter(|_| own))
    }
}
