//! argon2id password hashing with OWASP's parameters (m=19456 KiB, t=2, p=1), always on the
//! blocking pool: a hash takes tens of milliseconds of CPU and must not stall the runtime.

use std::sync::LazyLock;

use anyhow::Context as _;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::{Algorithm, Argon2, Params, Version};

fn hasher() -> anyhow::Result<Argon2<'static>> {
    let params =
        Params::new(19_456, 2, 1, None).map_err(|e| anyhow::anyhow!("argon2 params: {e}"))?;
    Ok(Argon2::new(Algorithm::Argon2id, Version::V0x13, params))
}

fn hash_blocking(password: &str) -> anyhow::Result<String> {
    let salt = SaltString::generate(&mut rand::rngs::OsRng);
    let hash = hasher()?
        .hash_password(password.as_bytes(), &salt)
        .map_err(|e| anyhow::anyhow!("hashing a password: {e}"))?;
    Ok(hash.to_string())
}

/// A hash of a random password, verified against when an account does not exist, so a wrong
/// email takes as long to refuse as a wrong password.
static DUMMY_HASH: LazyLock<Option<String>> =
    LazyLock::new(|| hash_blocking(&uuid::Uuid::new_v4().to_string()).ok());

pub async fn hash_password(password: String) -> anyhow::Result<String> {
    tokio::task::spawn_blocking(move || hash_blocking(&password))
        .await
        .context("password hashing task")?
}

/// Checks `password` against `stored`; with no stored hash it does the same work and says no.
pub async fn verify_password(password: String, stored: Option<String>) -> anyhow::Result<bool> {
    tokio::task::spawn_blocking(move || {
        let known = stored.is_some();
        let phc = match stored {
            Some(hash) => hash,
            None => DUMMY_HASH.clone().context("computing the dummy password hash")?,
        };
        let parsed = PasswordHash::new(&phc).map_err(|e| anyhow::anyhow!("stored hash: {e}"))?;
        let matches = hasher()?.verify_password(password.as_bytes(), &parsed).is_ok();
        Ok(known && matches)
    })
    .await
    .context("password verification task")?
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn verifies_the_right_password_only() -> anyhow::Result<()> {
        let hash = hash_password("lantern-orchid-Mekong-47".into()).await?;
        assert!(hash.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"));
        assert!(verify_password("lantern-orchid-Mekong-47".into(), Some(hash.clone())).await?);
        assert!(!verify_password("lantern-orchid-Mekong-48".into(), Some(hash)).await?);
        Ok(())
    }

    #[tokio::test]
    async fn unknown_accounts_never_verify() -> anyhow::Result<()> {
        assert!(!verify_password("anything".into(), None).await?);
        Ok(())
    }
}
