//! Accounts and sessions: register, login, refresh_session, logout, and resolving a bearer token
//! to a viewer on every request.

use std::time::Instant;

use anyhow::Context as _;
use chrono::{DateTime, Duration, Utc};
use praxis_auth::password::{hash_password, verify_password};
use praxis_auth::refresh::{SESSION_LIFETIME_DAYS, hash_refresh_token, new_refresh_token};
use praxis_auth::tokens::AccessGrant;
use praxis_core::ids::new_id;
use praxis_core::policy::Actor;
use praxis_core::types::{ActorType, Role};
use praxis_core::{Error, Result, validate};
use praxis_db::entities::{organization, session, user};
use praxis_db::queries::{organizations, sessions, users};
use sea_orm::ActiveValue::{NotSet, Set};
use sea_orm::{ActiveModelTrait, ConnectionTrait, TransactionTrait};

use crate::viewer::{SignedIn, Viewer};
use crate::{Praxis, conflict_or_internal, profile};

const WRONG_CREDENTIALS: &str = "the email or password is incorrect";
const SESSION_ENDED: &str = "your session has ended; sign in again";

#[derive(Debug, Clone, Default)]
pub struct Registration {
    pub email: String,
    pub password: String,
    pub display_name: String,
    pub organization_name: Option<String>,
    pub country: Option<String>,
    pub locale: Option<String>,
}

/// An account made by an operator (`praxis user create`), with any role.
#[derive(Debug, Clone)]
pub struct NewUser {
    pub email: String,
    pub password: String,
    pub display_name: String,
    pub role: Role,
}

#[derive(Debug, Clone)]
pub struct AuthPayload {
    pub access_token: String,
    pub refresh_token: String,
    pub access_token_expires_at: DateTime<Utc>,
    pub user: user::Model,
}

pub(crate) fn role_of(user: &user::Model) -> Result<Role> {
    Role::parse(&user.role).ok_or_else(|| {
        Error::Internal(anyhow::anyhow!("user {} has unknown role {}", user.id, user.role))
    })
}

impl Praxis {
    #[tracing::instrument(skip_all)]
    pub async fn register(&self, input: Registration) -> Result<AuthPayload> {
        let email = validate::email(&input.email)?;
        let display_name = validate::display_name(&input.display_name)?;
        validate::password(&input.password, &[&email, &display_name])?;
        let country = profile::optional(&input.country, profile::country)?;
        let locale = profile::optional(&input.locale, profile::locale)?;
        let organization_name =
            profile::optional(&input.organization_name, profile::organization_name)?;
        self.ensure_email_free(&email).await?;
        let password_hash = hash_password(input.password).await?;

        let txn = self.db.conn.begin().await.context("begin register")?;
        let organization_id = match organization_name {
            Some(name) => Some(find_or_create_organization(&txn, name, country.clone()).await?),
            None => None,
        };
        let user = insert_user(
            &txn,
            user::ActiveModel {
                email: Set(email),
                display_name: Set(display_name),
                password_hash: Set(password_hash),
                role: Set(Role::Member.as_str().to_owned()),
                organization_id: Set(organization_id),
                country: Set(country),
                locale: Set(locale),
                ..Default::default()
            },
        )
        .await?;
        let payload = self.open_session(&txn, user).await?;
        txn.commit().await.context("commit register")?;
        tracing::info!(user_id = %payload.user.id, "registered");
        Ok(payload)
    }

    /// Creates an account directly, as the operator's CLI does for the first admin.
    pub async fn create_user(&self, input: NewUser) -> Result<user::Model> {
        let email = validate::email(&input.email)?;
        let display_name = validate::display_name(&input.display_name)?;
        validate::password(&input.password, &[&email, &display_name])?;
        self.ensure_email_free(&email).await?;
        let password_hash = hash_password(input.password).await?;
        insert_user(
            &self.db.conn,
            user::ActiveModel {
                email: Set(email),
                display_name: Set(display_name),
                password_hash: Set(password_hash),
                role: Set(input.role.as_str().to_owned()),
                ..Default::default()
            },
        )
        .await
    }

    async fn ensure_email_free(&self, email: &str) -> Result<()> {
        let existing =
            users::find_by_email(&self.db.conn, email).await.context("find user by email")?;
        match existing {
            Some(_) => Err(Error::conflict(
                "email",
                "an account with this email already exists; sign in instead",
            )),
            None => Ok(()),
        }
    }

    /// Signs in. `client` is the caller's network address, used only for throttling in memory.
    #[tracing::instrument(skip_all)]
    pub async fn login(
        &self,
        email: &str,
        password: String,
        client: Option<&str>,
    ) -> Result<AuthPayload> {
        let email = email.trim().to_lowercase();
        if let Err(retry) = self.throttle.check(&email, client, Instant::now()) {
            let minutes = retry.0.as_secs().div_ceil(60).max(1);
            return Err(Error::rate_limited(format!(
                "too many failed sign-in attempts; try again in {minutes} minutes"
            )));
        }
        let user =
            users::find_by_email(&self.db.conn, &email).await.context("find user by email")?;
        let stored = user.as_ref().map(|u| u.password_hash.clone());
        if !verify_password(password, stored).await? {
            self.throttle.record_failure(&email, client, Instant::now());
            return Err(Error::unauthenticated(WRONG_CREDENTIALS));
        }
        let user = user.ok_or_else(|| Error::unauthenticated(WRONG_CREDENTIALS))?;
        self.throttle.record_success(&email);
        let txn = self.db.conn.begin().await.context("begin login")?;
        let payload = self.open_session(&txn, user).await?;
        txn.commit().await.context("commit login")?;
        tracing::info!(user_id = %payload.user.id, "signed in");
        Ok(payload)
    }

    /// Exchanges a refresh token for a new pair. Presenting a token that was already used means
    /// it was stolen or replayed: the whole session is revoked.
    #[tracing::instrument(skip_all)]
    pub async fn refresh_session(&self, refresh_token: &str) -> Result<AuthPayload> {
        let now = praxis_db::now();
        let txn = self.db.conn.begin().await.context("begin refresh")?;
        let token = sessions::find_refresh_token(&txn, &hash_refresh_token(refresh_token.trim()))
            .await
            .context("find refresh token")?
            .ok_or_else(|| Error::unauthenticated(SESSION_ENDED))?;
        let fresh = token.used_at.is_none()
            && sessions::mark_refresh_token_used(&txn, token.id, now)
                .await
                .context("use refresh token")?;
        if !fresh {
            sessions::revoke(&txn, token.session_id, now).await.context("revoke session family")?;
            txn.commit().await.context("commit revoke")?;
            tracing::warn!(session_id = %token.session_id, "refresh token reused; session revoked");
            return Err(Error::unauthenticated(SESSION_ENDED));
        }
        let (session, user) = sessions::find_live_with_user(&txn, token.session_id, now)
            .await
            .context("find session")?
            .ok_or_else(|| Error::unauthenticated(SESSION_ENDED))?;
        let payload = self.issue_tokens(&txn, &session, user, now).await?;
        txn.commit().await.context("commit refresh")?;
        Ok(payload)
    }

    /// Ends the viewer's session: its access and refresh tokens stop working at once.
    pub async fn logout(&self, viewer: &Viewer) -> Result<bool> {
        let signed_in = viewer.signed_in().ok_or_else(Error::sign_in_required)?;
        sessions::revoke(&self.db.conn, signed_in.session_id, praxis_db::now())
            .await
            .context("revoke session")?;
        tracing::info!(user_id = %signed_in.actor.user_id, "signed out");
        Ok(true)
    }

    /// The viewer an operator's command acts as, by email (no password: the operator has the
    /// server's own configuration).
    pub async fn viewer_by_email(&self, email: &str) -> Result<Viewer> {
        let user = users::find_by_email(&self.db.conn, &email.trim().to_lowercase())
            .await
            .context("find user by email")?
            .ok_or_else(|| Error::not_found("user"))?;
        let actor = Actor { user_id: user.id, role: role_of(&user)? };
        Ok(Viewer::SignedIn(Box::new(SignedIn { actor, session_id: uuid::Uuid::nil(), user })))
    }

    /// Resolves a bearer token to a viewer, checking that its session is still live.
    pub async fn authenticate(&self, access_token: &str) -> Result<Viewer> {
        let grant = self.tokens.verify(access_token).map_err(|_| {
            Error::unauthenticated("the access token is invalid or expired; refresh the session")
        })?;
        self.viewer_for(grant).await
    }

    /// Re-checks that a signed-in viewer's session is still live (for long-lived subscriptions).
    pub async fn still_signed_in(&self, viewer: &Viewer) -> Result<bool> {
        match viewer.signed_in() {
            None => Ok(true),
            Some(s) => {
                let grant = AccessGrant { user_id: s.actor.user_id, session_id: s.session_id };
                Ok(self.viewer_for(grant).await.is_ok())
            }
        }
    }

    async fn viewer_for(&self, grant: AccessGrant) -> Result<Viewer> {
        let (session, user) =
            sessions::find_live_with_user(&self.db.conn, grant.session_id, praxis_db::now())
                .await
                .context("find session")?
                .filter(|(_, user)| user.id == grant.user_id)
                .ok_or_else(|| Error::unauthenticated(SESSION_ENDED))?;
        let actor = Actor { user_id: user.id, role: role_of(&user)? };
        Ok(Viewer::SignedIn(Box::new(SignedIn { actor, session_id: session.id, user })))
    }

    async fn open_session<C: ConnectionTrait>(
        &self,
        db: &C,
        user: user::Model,
    ) -> Result<AuthPayload> {
        let now = praxis_db::now();
        let session = session::ActiveModel {
            id: Set(new_id()),
            user_id: Set(user.id),
            created_at: Set(now),
            expires_at: Set(now + Duration::days(SESSION_LIFETIME_DAYS)),
            revoked_at: Set(None),
        }
        .insert(db)
        .await
        .context("insert session")?;
        self.issue_tokens(db, &session, user, now).await
    }

    async fn issue_tokens<C: ConnectionTrait>(
        &self,
        db: &C,
        session: &session::Model,
        user: user::Model,
        now: DateTime<Utc>,
    ) -> Result<AuthPayload> {
        let (refresh_token, refresh_hash) = new_refresh_token();
        sessions::insert_refresh_token(db, session.id, refresh_hash, now)
            .await
            .context("insert refresh token")?;
        let grant = AccessGrant { user_id: user.id, session_id: session.id };
        let (access_token, access_token_expires_at) = self.tokens.issue(grant, now)?;
        Ok(AuthPayload { access_token, refresh_token, access_token_expires_at, user })
    }
}

async fn insert_user<C: ConnectionTrait>(
    db: &C,
    mut model: user::ActiveModel,
) -> Result<user::Model> {
    model.id = Set(new_id());
    model.created_at = Set(praxis_db::now());
    model.insert(db).await.map_err(|e| {
        conflict_or_internal(
            e,
            "email",
            "an account with this email already exists; sign in instead",
            "insert user",
        )
    })
}

pub(crate) async fn find_or_create_organization<C: ConnectionTrait>(
    db: &C,
    name: String,
    country: Option<String>,
) -> Result<uuid::Uuid> {
    if let Some(existing) =
        organizations::find_by_name(db, &name).await.context("find organization")?
    {
        return Ok(existing.id);
    }
    let created = organization::ActiveModel {
        id: Set(new_id()),
        name: Set(name),
        actor_type: Set(ActorType::Other.as_str().to_owned()),
        country: Set(country),
        verified: Set(false),
        created_at: Set(praxis_db::now()),
        // Derived from the name when saved.
        search_key: NotSet,
    }
    .insert(db)
    .await
    .context("insert organization")?;
    Ok(created.id)
}
