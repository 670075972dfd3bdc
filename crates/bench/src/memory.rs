//! Resident memory, sizes on disk, and what machine this ran on.

use std::path::Path;

/// Resident memory of a process, from /proc: anonymous (heap) and file-backed (the index and
/// the database, mapped) pages separately, since the kernel can drop the second kind at will.
#[derive(Debug, Clone, Copy, Default)]
pub struct Memory {
    pub rss_mb: f64,
    pub anon_mb: f64,
    pub file_mb: f64,
}

impl Memory {
    pub fn max(self, other: Memory) -> Memory {
        if other.rss_mb > self.rss_mb { other } else { self }
    }
}

/// The resident memory of process `pid` now.
pub fn memory_of(pid: u32) -> Memory {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap_or_default();
    let field = |name: &str| {
        status
            .lines()
            .find(|l| l.starts_with(name))
            .and_then(|l| l.split_whitespace().nth(1)?.parse::<f64>().ok())
            .map_or(0.0, |kb| kb / 1024.0)
    };
    Memory { rss_mb: field("VmRSS:"), anon_mb: field("RssAnon:"), file_mb: field("RssFile:") }
}

pub fn dir_size_mb(dir: &Path) -> f64 {
    fn size(dir: &Path) -> u64 {
        std::fs::read_dir(dir)
            .map(|entries| {
                entries
                    .flatten()
                    .map(|e| match e.metadata() {
                        Ok(m) if m.is_dir() => size(&e.path()),
                        Ok(m) => m.len(),
                        Err(_) => 0,
                    })
                    .sum()
            })
            .unwrap_or(0)
    }
    let generations = std::fs::read_dir(dir.parent().unwrap_or(dir))
        .map(|entries| {
            entries
                .flatten()
                .filter(|e| {
                    e.file_name().to_string_lossy().starts_with("index") && e.path().is_dir()
                })
                .map(|e| size(&e.path()))
                .sum::<u64>()
        })
        .unwrap_or(0);
    generations as f64 / 1e6
}

pub fn machine() -> String {
    let cpu = std::fs::read_to_string("/proc/cpuinfo")
        .ok()
        .and_then(|info| {
            info.lines()
                .find(|l| l.starts_with("model name"))
                .map(|l| l.split(':').nth(1).unwrap_or("").trim().to_owned())
        })
        .unwrap_or_else(|| "unknown CPU".to_owned());
    let cores = std::thread::available_parallelism().map_or(0, |n| n.get());
    format!("{cores} cores, {cpu}")
}
