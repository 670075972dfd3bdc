//! Files on disk, named by the SHA-256 of their content under `<dir>/<first two hex>/<hash>`:
//! the same file uploaded twice is stored once, and a name can never escape the directory.

use std::path::{Path, PathBuf};

use anyhow::Context as _;
use praxis_core::{Error, Result};
use praxis_db::entities::attachment;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter};

pub fn path_of(dir: &Path, sha256: &str) -> Result<PathBuf> {
    let well_formed = sha256.len() == 64 && sha256.chars().all(|c| c.is_ascii_hexdigit());
    if !well_formed {
        return Err(Error::Internal(anyhow::anyhow!("malformed stored hash {sha256}")));
    }
    Ok(dir.join(&sha256[..2]).join(sha256))
}

/// Writes the content (unless already there) and returns its hash.
pub async fn save(dir: &Path, content: &[u8]) -> Result<String> {
    let sha256 = crate::digest::sha256_hex(content);
    let path = path_of(dir, &sha256)?;
    if tokio::fs::try_exists(&path).await.unwrap_or(false) {
        return Ok(sha256);
    }
    let parent = path.parent().context("attachment path has a parent")?;
    tokio::fs::create_dir_all(parent)
        .await
        .with_context(|| format!("creating {}", parent.display()))?;
    // Write under a temporary name and rename, so a crash never leaves a truncated file under
    // the final name.
    let temporary = parent.join(format!(".{sha256}.{}", uuid::Uuid::new_v4().simple()));
    tokio::fs::write(&temporary, content)
        .await
        .with_context(|| format!("writing {}", temporary.display()))?;
    tokio::fs::rename(&temporary, &path)
        .await
        .with_context(|| format!("renaming to {}", path.display()))?;
    Ok(sha256)
}

pub async fn remove_if_unused<C: ConnectionTrait>(db: &C, dir: &Path, sha256: &str) -> Result<()> {
    let users = attachment::Entity::find()
        .filter(attachment::Column::Sha256.eq(sha256))
        .count(db)
        .await
        .context("count attachments using a file")?;
    if users == 0 {
        let path = path_of(dir, sha256)?;
        if let Err(e) = tokio::fs::remove_file(&path).await {
            tracing::warn!(error = %e, path = %path.display(), "could not remove an unused attachment file");
        }
    }
    Ok(())
}
