//! The access-token signing key: configured, or generated once into the data dir (mode 0600).

use std::io::Write as _;
use std::path::Path;

use anyhow::Context as _;
use rand::RngCore as _;
use secrecy::{ExposeSecret as _, SecretString};

const KEY_FILE: &str = "signing.key";

pub fn load_or_create(
    configured: Option<&SecretString>,
    data_dir: &Path,
) -> anyhow::Result<Vec<u8>> {
    if let Some(key) = configured {
        let bytes = key.expose_secret().as_bytes().to_vec();
        anyhow::ensure!(
            bytes.len() >= 32,
            "PRAXIS_TOKEN_SIGNING_KEY must be at least 32 bytes long"
        );
        return Ok(bytes);
    }
    let path = data_dir.join(KEY_FILE);
    if path.exists() {
        let text = std::fs::read_to_string(&path)
            .with_context(|| format!("reading {}", path.display()))?;
        return Ok(text.trim().as_bytes().to_vec());
    }
    let mut raw = [0u8; 48];
    rand::rngs::OsRng.fill_bytes(&mut raw);
    let key: String = raw.iter().map(|b| format!("{b:02x}")).collect();
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    let mut file = options.open(&path).with_context(|| format!("creating {}", path.display()))?;
    file.write_all(key.as_bytes()).with_context(|| format!("writing {}", path.display()))?;
    tracing::info!(path = %path.display(), "generated a token signing key");
    Ok(key.into_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn generates_once_and_keeps_it_private() -> anyhow::Result<()> {
        let dir = tempfile::tempdir()?;
        let first = load_or_create(None, dir.path())?;
        let second = load_or_create(None, dir.path())?;
        assert_eq!(first, second);
        assert!(first.len() >= 32);
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt as _;
            let mode = std::fs::metadata(dir.path().join(KEY_FILE))?.permissions().mode();
            assert_eq!(mode & 0o777, 0o600);
        }
        Ok(())
    }

    #[test]
    fn short_configured_keys_are_refused() {
        let key = SecretString::from("short");
        assert!(load_or_create(Some(&key), Path::new(".")).is_err());
    }
}
