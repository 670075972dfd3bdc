//! Finding people and organisations by name: the organisation picker of the sign-up and profile
//! forms, and the member picker of those who manage a space's members.
//!
//! Members may be activists at risk, so the people directory is not open: only admins and space
//! moderators, who need it to add members, may search it. Anonymous callers see verified
//! organisations only (agencies, ministries, known networks), never the small groups whose
//! members signed up with them.

use anyhow::Context as _;
use praxis_core::types::Role;
use praxis_core::{Error, Result};
use praxis_db::entities::{organization, user};
use praxis_db::queries::{organizations, spaces, users};
use sea_orm::{ActiveModelTrait, ActiveValue::Set};

use crate::{Praxis, Viewer};

/// Fewer characters than this match too much to be useful, and make enumeration cheap.
const DIRECTORY_QUERY_MIN_CHARS: usize = 2;
const DIRECTORY_QUERY_MAX_CHARS: usize = 100;
const DIRECTORY_MAX_RESULTS: u64 = 20;

fn needle(raw: &str) -> Result<String> {
    let needle = raw.trim();
    let chars = needle.chars().count();
    if !(DIRECTORY_QUERY_MIN_CHARS..=DIRECTORY_QUERY_MAX_CHARS).contains(&chars) {
        return Err(Error::bad_input(
            "search",
            format!(
                "type between {DIRECTORY_QUERY_MIN_CHARS} and {DIRECTORY_QUERY_MAX_CHARS} characters of the name"
            ),
        ));
    }
    Ok(needle.to_owned())
}

fn page_size(first: Option<u64>) -> u64 {
    first.unwrap_or(DIRECTORY_MAX_RESULTS).clamp(1, DIRECTORY_MAX_RESULTS)
}

impl Praxis {
    pub async fn find_organizations(
        &self,
        viewer: &Viewer,
        search: &str,
        first: Option<u64>,
    ) -> Result<Vec<organization::Model>> {
        let needle = needle(search)?;
        let verified_only = viewer.signed_in().is_none();
        Ok(organizations::search(&self.db.conn, &needle, verified_only, page_size(first))
            .await
            .context("search organizations")?)
    }

    /// Admins also find a person by their exact email; space moderators by display name only.
    pub async fn find_users(
        &self,
        viewer: &Viewer,
        search: &str,
        first: Option<u64>,
    ) -> Result<Vec<user::Model>> {
        let actor = viewer.actor()?;
        let is_admin = actor.role == Role::Admin;
        if !is_admin
            && !spaces::moderates_any(&self.db.conn, actor.user_id)
                .await
                .context("check space moderation")?
        {
            return Err(Error::forbidden(
                "only admins and space moderators can look people up, to add them to a space",
            ));
        }
        let needle = needle(search)?;
        Ok(users::search(&self.db.conn, &needle, is_admin, page_size(first))
            .await
            .context("search users")?)
    }
}

impl Praxis {
    /// Admins: mark an organisation as verified (a known agency, ministry or network), which
    /// lists it in the sign-up form's picker for everyone.
    pub async fn set_organization_verified(
        &self,
        viewer: &Viewer,
        organization_id: uuid::Uuid,
        verified: bool,
    ) -> Result<organization::Model> {
        let actor = viewer.actor()?;
        if actor.role != Role::Admin {
            return Err(Error::forbidden("only admins can verify organisations"));
        }
        let found = organizations::by_ids(&self.db.conn, &[organization_id])
            .await
            .context("find organization")?
            .pop()
            .ok_or_else(|| Error::not_found("organization"))?;
        let mut model: organization::ActiveModel = found.into();
        model.verified = Set(verified);
        let updated = model.update(&self.db.conn).await.context("update organization")?;
        tracing::info!(organization_id = %updated.id, verified, "organization verification changed");
        Ok(updated)
    }
}
