use async_graphql::SimpleObject;
use chrono::{DateTime, Utc};

use super::User;

#[derive(SimpleObject)]
pub struct AuthPayload {
    pub access_token: String,
    pub refresh_token: String,
    pub access_token_expires_at: DateTime<Utc>,
    pub user: User,
}

impl From<praxis_service::AuthPayload> for AuthPayload {
    fn from(p: praxis_service::AuthPayload) -> Self {
        Self {
            access_token: p.access_token,
            refresh_token: p.refresh_token,
            access_token_expires_at: p.access_token_expires_at,
            user: User::seen_by_self(p.user),
        }
    }
}
