//! Where indexes live: a directory of index generations and a pointer file naming the current
//! one. A rebuild writes a new generation beside the live one and swaps the pointer; a running
//! server notices the new pointer and switches over without a restart.

use std::path::{Path, PathBuf};

use anyhow::Context as _;

use crate::SearchIndex;

const POINTER: &str = "index.current";
const FIRST_GENERATION: &str = "index";

#[derive(Debug, Clone)]
pub struct IndexHome {
    dir: PathBuf,
}

impl IndexHome {
    pub fn new(dir: impl Into<PathBuf>) -> Self {
        Self { dir: dir.into() }
    }

    /// The name of the live generation.
    pub fn current_name(&self) -> String {
        std::fs::read_to_string(self.dir.join(POINTER))
            .ok()
            .map(|name| name.trim().to_owned())
            .filter(|name| !name.is_empty())
            .unwrap_or_else(|| FIRST_GENERATION.to_owned())
    }

    pub fn path_of(&self, name: &str) -> PathBuf {
        self.dir.join(name)
    }

    /// A fresh directory for a new generation.
    pub fn new_generation(&self) -> (String, PathBuf) {
        let name = format!("index-{}", uuid::Uuid::now_v7().simple());
        let path = self.path_of(&name);
        (name, path)
    }

    /// Makes `name` the live generation, atomically.
    pub fn publish(&self, name: &str) -> anyhow::Result<()> {
        let temporary = self.dir.join(format!(".{POINTER}.{}", uuid::Uuid::new_v4().simple()));
        std::fs::write(&temporary, name)
            .with_context(|| format!("writing {}", temporary.display()))?;
        std::fs::rename(&temporary, self.dir.join(POINTER))
            .context("swapping the index pointer")?;
        Ok(())
    }

    /// Opens the live generation. One made by an earlier version, with other fields or with
    /// documents indexed another way, is replaced by a new empty generation, which the indexer
    /// fills from the database: an upgrade needs no `praxis reindex` by hand.
    pub fn open_live(&self) -> anyhow::Result<(String, SearchIndex)> {
        let mut name = self.current_name();
        let outdated = self.path_of(&name);
        if SearchIndex::is_outdated(&outdated) {
            let (fresh, _) = self.new_generation();
            tracing::warn!(old = %name, new = %fresh, "the search index is from an earlier version; rebuilding it");
            self.publish(&fresh)?;
            if let Err(e) = std::fs::remove_dir_all(&outdated) {
                tracing::warn!(error = %e, generation = %name, "could not remove the outdated index");
            }
            name = fresh;
        }
        let index = SearchIndex::open(&self.path_of(&name))?;
        Ok((name, index))
    }

    /// Removes every generation but the live one (those no process reads any more).
    pub fn remove_stale(&self, live: &str) {
        let Ok(entries) = std::fs::read_dir(&self.dir) else { return };
        for entry in entries.flatten() {
            let name = entry.file_name().to_string_lossy().into_owned();
            let is_generation = name == FIRST_GENERATION || name.starts_with("index-");
            if !(is_generation && name != live && entry.path().is_dir()) {
                continue;
            }
            if let Err(e) = std::fs::remove_dir_all(entry.path()) {
                tracing::warn!(error = %e, generation = %name, "could not remove an old index");
            }
        }
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }
}
