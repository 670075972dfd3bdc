//! Configuration in layers: defaults in code, then an optional `praxis.toml`, then `PRAXIS_*`
//! environment variables, then command-line flags. Unknown keys in the file are rejected, so a
//! typo fails loudly instead of being ignored. Secrets are wrapped so they never reach a log.

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::time::Duration;

use anyhow::Context as _;
use figment::Figment;
use figment::providers::{Env, Format as _, Toml};
use praxis_core::taxonomy::TaxonomyExtension;
use secrecy::{ExposeSecret as _, SecretString};
use serde::Deserialize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum Environment {
    #[default]
    Development,
    Production,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum LogFormat {
    #[default]
    Text,
    Json,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Config {
    /// Where the SQLite database, the signing key and (later) the index and attachments live.
    pub data_dir: PathBuf,
    /// `sqlite://...` or `postgres://...`; by default SQLite in the data dir.
    pub database_url: Option<SecretString>,
    pub bind: SocketAddr,
    /// The address users reach this server at; the access tokens' issuer.
    pub public_url: Option<String>,
    pub env: Environment,
    /// The access-token signing key (32 bytes or more). Generated into the data dir if unset.
    pub token_signing_key: Option<SecretString>,
    pub log_format: LogFormat,
    /// Browser origins, besides the server's own, allowed to call the API and open WebSockets.
    pub allowed_origins: Vec<String>,
    /// The largest request body accepted, in bytes.
    pub max_body_bytes: usize,
    /// The built web app (index.html and assets), served at `/` when the directory exists.
    pub web_dir: PathBuf,
    /// The largest attachment accepted, in megabytes.
    pub max_attachment_mb: usize,
    /// Published documents unverified for this many months are listed as needing review.
    pub review_after_months: u32,
    /// Priority actions, themes and languages added to the default WPS taxonomy.
    pub taxonomy: TaxonomyExtension,
    /// How often, in milliseconds, the indexer looks for changes made by other processes
    /// (`praxis import`, another server on the same PostgreSQL). This server's own changes wake
    /// it at once. Each look wakes threads (a timer, the database driver's): an idle server
    /// should not look often, and on a small server under load each wake-up takes a core from a
    /// search for a moment.
    pub index_poll_ms: u64,
}

impl Default for Config {
    fn default() -> Self {
        Self {
            data_dir: PathBuf::from("./data"),
            database_url: None,
            bind: SocketAddr::from(([127, 0, 0, 1], 8080)),
            public_url: None,
            env: Environment::Development,
            token_signing_key: None,
            log_format: LogFormat::Text,
            allowed_origins: Vec::new(),
            max_body_bytes: 1024 * 1024,
            web_dir: PathBuf::from("web/dist"),
            max_attachment_mb: 20,
            review_after_months: 18,
            taxonomy: TaxonomyExtension::default(),
            index_poll_ms: 500,
        }
    }
}

/// The environment variables read (as `PRAXIS_` + the key in capitals). Others with the prefix,
/// such as the test suite's `PRAXIS_TEST_DATABASE_URL`, belong to other tools.
const ENV_KEYS: [&str; 13] = [
    "data_dir",
    "database_url",
    "bind",
    "public_url",
    "env",
    "token_signing_key",
    "log_format",
    "allowed_origins",
    "max_body_bytes",
    "web_dir",
    "review_after_months",
    "max_attachment_mb",
    "index_poll_ms",
];

const INDEX_POLL_MIN_MS: u64 = 50;
const INDEX_POLL_MAX_MS: u64 = 3_600_000;

impl Config {
    /// Loads the layers below the command line: defaults, `file` (or `./praxis.toml` if it
    /// exists), then the environment.
    pub fn load(file: Option<&Path>) -> anyhow::Result<Self> {
        let mut figment = Figment::new();
        match file {
            Some(path) => {
                anyhow::ensure!(
                    path.exists(),
                    "the configuration file {} does not exist",
                    path.display()
                );
                figment = figment.merge(Toml::file(path));
            }
            None => figment = figment.merge(Toml::file("praxis.toml")),
        }
        figment
            .merge(Env::prefixed("PRAXIS_").only(&ENV_KEYS))
            .extract()
            .context("reading the configuration (praxis.toml and PRAXIS_* variables)")
    }

    pub fn database_url(&self) -> String {
        match &self.database_url {
            Some(url) => url.expose_secret().to_owned(),
            None => format!("sqlite://{}?mode=rwc", self.data_dir.join("praxis.db").display()),
        }
    }

    pub fn public_url(&self, bound: SocketAddr) -> String {
        self.public_url.clone().unwrap_or_else(|| format!("http://{bound}"))
    }

    pub fn max_attachment_bytes(&self) -> usize {
        self.max_attachment_mb.saturating_mul(1024 * 1024)
    }

    /// `index_poll_ms`, within the range where it means something: more often than every 50 ms
    /// the looks would be most of an idle server's work, and an hour is long enough to wait for
    /// another process's changes.
    pub fn index_poll(&self) -> anyhow::Result<Duration> {
        anyhow::ensure!(
            (INDEX_POLL_MIN_MS..=INDEX_POLL_MAX_MS).contains(&self.index_poll_ms),
            "index_poll_ms is {}: set it between {INDEX_POLL_MIN_MS} and {INDEX_POLL_MAX_MS} \
             (milliseconds)",
            self.index_poll_ms
        );
        Ok(Duration::from_millis(self.index_poll_ms))
    }

    pub fn is_production(&self) -> bool {
        self.env == Environment::Production
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_need_no_configuration() {
        let config = Config::default();
        assert_eq!(config.bind.to_string(), "127.0.0.1:8080");
        assert!(config.database_url().starts_with("sqlite://./data/praxis.db"));
        assert!(!config.is_production());
    }

    #[test]
    fn the_file_is_read_and_unknown_keys_are_rejected() -> anyhow::Result<()> {
        let dir = tempfile::tempdir()?;
        let good = dir.path().join("good.toml");
        std::fs::write(
            &good,
            "env = \"production\"\nbind = \"0.0.0.0:9000\"\n\n[[taxonomy.themes]]\ncode = \"water\"\nlabel = \"Water\"\n",
        )?;
        let config = Config::load(Some(&good))?;
        assert!(config.is_production());
        assert_eq!(config.bind.port(), 9000);
        assert_eq!(config.taxonomy.themes[0].code, "water");

        let typo = dir.path().join("typo.toml");
        std::fs::write(&typo, "databse_url = \"postgres://x\"\n")?;
        let err = Config::load(Some(&typo)).err().map(|e| format!("{e:#}"));
        assert!(err.is_some_and(|e| e.contains("databse_url")));
        Ok(())
    }

    #[test]
    fn an_index_poll_outside_its_range_says_what_to_set() {
        let at = |index_poll_ms| Config { index_poll_ms, ..Config::default() }.index_poll();
        assert_eq!(at(500).ok(), Some(Duration::from_millis(500)));
        for wrong in [0, 49, 3_600_001] {
            let err = at(wrong).err().map(|e| e.to_string());
            assert!(err.is_some_and(|e| e.contains("set it between 50 and 3600000")), "{wrong}");
        }
    }
}
