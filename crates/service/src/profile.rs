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

/// `Some(None)` for "clear", `Some(Some(value))` for "set", `None` for "leave as it is".
fn optional(raw: &Option<String>) -> Option<Option<&str>> {
    raw.as_deref().map(|v| Some(v.trim()).filter(|v| !v.is_empty()))
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
        let country = optional(&change.country)
            .map(|c| c.map(|c| taxonomy::country("country", c)).transpose())
            .transpose()?;
        let locale = optional(&change.locale)
            .map(|l| l.map(|l| validate::language_tag("locale", l)).transpose())
            .transpose()?;
        let organization_name = optional(&change.organization_name)
            .map(|n| {
                n.map(|n| validate::single_line("organizationName", n, ORGANIZATION_NAME_MAX_CHARS))
                    .transpose()
            })
            .transpose()?;

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
