//! A user changing their own profile: display name, organisation, country and language.

use anyhow::Context as _;
use praxis_core::limits::ORGANIZATION_NAME_MAX_CHARS;
use praxis_core::{Error, Result, taxonomy, validate};
use praxis_db::entities::user;
use praxis_db::queries::users;
use sea_orm::{ActiveModelTrait, ActiveValue::Set, TransactionTrait};

use crate::accounts::find_or_create_organization;
use crate::{Praxis, Viewer};

/// Each field left out (`None`) stays as it is; an empty string clears an optional field.
#[derive(Debug, Clone, Default)]
pub struct ProfileChange {
    pub display_name: Option<String>,
    pub organization_name: Option<String>,
    pub country: Option<String>,
    pub locale: Option<String>,
}

/// The optional profile fields: the same rules at sign-up and on the profile page.
pub(crate) fn country(raw: &str) -> Result<String> {
    taxonomy::country("country", raw)
}

pub(crate) fn locale(raw: &str) -> Result<String> {
    validate::language_tag("locale", raw)
}

pub(crate) fn organization_name(raw: &str) -> Result<String> {
    validate::single_line("organizationName", raw, ORGANIZATION_NAME_MAX_CHARS)
}

/// A free-text field where blank means none: `None`, or the value `check` accepts.
pub(crate) fn optional(
    raw: &Option<String>,
    check: fn(&str) -> Result<String>,
) -> Result<Option<String>> {
    raw.as_deref().map(str::trim).filter(|v| !v.is_empty()).map(check).transpose()
}

/// A field of a change: `None` to leave it as it is, `Some(None)` to clear it, or the new value.
fn changed_field(
    raw: &Option<String>,
    check: fn(&str) -> Result<String>,
) -> Result<Option<Option<String>>> {
    raw.is_some().then(|| optional(raw, check)).transpose()
}

impl Praxis {
    pub async fn update_profile(
        &self,
        viewer: &Viewer,
        change: ProfileChange,
    ) -> Result<user::Model> {
        let actor = viewer.actor()?;
        let display_name =
            change.display_name.as_deref().map(validate::display_name).transpose()?;
        let country = changed_field(&change.country, country)?;
        let locale = changed_field(&change.locale, locale)?;
        let organization_name = changed_field(&change.organization_name, organization_name)?;

        let txn = self.db.conn.begin().await.context("begin profile update")?;
        let current = users::find_by_id(&txn, actor.user_id)
            .await
            .context("find user")?
            .ok_or_else(|| Error::not_found("user"))?;
        let mut model: user::ActiveModel = current.clone().into();
        if let Some(name) = display_name {
            model.display_name = Set(name);
        }
        if let Some(country) = country.clone() {
            model.country = Set(country);
        }
        if let Some(locale) = locale {
            model.locale = Set(locale);
        }
        if let Some(name) = organization_name {
            let organization_id = match name {
                Some(name) => {
                    let country = country.flatten().or(current.country.clone());
                    Some(find_or_create_organization(&txn, name, country).await?)
                }
                None => None,
            };
            model.organization_id = Set(organization_id);
        }
        let updated = model.update(&txn).await.context("update profile")?;
        txn.commit().await.context("commit profile update")?;
        tracing::info!(user_id = %updated.id, "profile updated");
        Ok(updated)
    }
}
