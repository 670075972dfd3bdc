//! A memory cap for the server process: a memory cgroup of its own, as a container runtime or
//! systemd would give it, so the benchmark shows whether the server works within a budget and
//! not only how much it holds when nothing asks it to give memory back. The kernel charges the
//! heap and the page cache of the index files to the cgroup, reclaims cached pages when the cap is
//! reached, and kills the process only if that is not enough.

use std::path::{Path, PathBuf};

use anyhow::Context as _;

pub struct MemoryCap {
    dir: PathBuf,
    version: Version,
    pub limit_mb: u64,
}

#[derive(Clone, Copy)]
enum Version {
    /// One hierarchy per controller, the memory one mounted at /sys/fs/cgroup/memory.
    V1,
    /// The unified hierarchy at /sys/fs/cgroup.
    V2,
}

/// What the kernel recorded for the capped process.
pub struct CapReport {
    /// The most memory ever charged: heap, page tables and page cache.
    pub peak_mb: f64,
    /// How often the charge reached the cap (the kernel then reclaimed memory).
    pub limit_reached: u64,
    pub oom_kills: u64,
}

const ROOT: &str = "/sys/fs/cgroup";

impl MemoryCap {
    /// Creates a cgroup limited to `limit_mb` and moves process `pid` into it. Needs root (or a
    /// delegated cgroup tree) and a kernel with the memory controller.
    pub fn apply(pid: u32, limit_mb: u64) -> anyhow::Result<Self> {
        let name = format!("praxis-bench-{}", std::process::id());
        let (dir, version) = if Path::new(ROOT).join("memory/memory.limit_in_bytes").is_file() {
            (Path::new(ROOT).join("memory").join(name), Version::V1)
        } else {
            let controllers = std::fs::read_to_string(Path::new(ROOT).join("cgroup.controllers"))
                .context("no cgroup memory controller on this machine")?;
            anyhow::ensure!(
                controllers.split_whitespace().any(|c| c == "memory"),
                "the cgroup v2 hierarchy has no memory controller"
            );
            write(&Path::new(ROOT).join("cgroup.subtree_control"), "+memory")?;
            (Path::new(ROOT).join(name), Version::V2)
        };
        std::fs::create_dir(&dir).with_context(|| format!("creating {}", dir.display()))?;
        let cap = Self { dir, version, limit_mb };
        let bytes = (limit_mb * 1024 * 1024).to_string();
        match version {
            Version::V1 => {
                write(&cap.dir.join("memory.limit_in_bytes"), &bytes)?;
                // So that reaching the cap is not dodged by swapping the heap out. (A limit on
                // memory plus swap would do it too, but that counter records no failures on
                // recent kernels, and the report reads them.)
                let _ = write(&cap.dir.join("memory.swappiness"), "0");
            }
            Version::V2 => {
                write(&cap.dir.join("memory.max"), &bytes)?;
                let _ = write(&cap.dir.join("memory.swap.max"), "0");
            }
        }
        write(&cap.dir.join("cgroup.procs"), &pid.to_string())?;
        Ok(cap)
    }

    pub fn report(&self) -> CapReport {
        let read = |file: &str| std::fs::read_to_string(self.dir.join(file)).unwrap_or_default();
        let number = |text: &str| text.trim().parse::<u64>().unwrap_or(0);
        let keyed = |text: &str, key: &str| {
            text.lines()
                .find_map(|l| l.strip_prefix(key)?.strip_prefix(' ').map(number))
                .unwrap_or(0)
        };
        let mb = |bytes: u64| bytes as f64 / (1024.0 * 1024.0);
        match self.version {
            Version::V1 => CapReport {
                peak_mb: mb(number(&read("memory.max_usage_in_bytes"))),
                limit_reached: number(&read("memory.failcnt")),
                oom_kills: keyed(&read("memory.oom_control"), "oom_kill"),
            },
            Version::V2 => {
                let events = read("memory.events");
                CapReport {
                    peak_mb: mb(number(&read("memory.peak"))),
                    limit_reached: keyed(&events, "max"),
                    oom_kills: keyed(&events, "oom_kill"),
                }
            }
        }
    }
}

impl Drop for MemoryCap {
    /// Removes the cgroup; the kernel refuses while a process is still in it, so this runs after
    /// the server has stopped.
    fn drop(&mut self) {
        if let Err(e) = std::fs::remove_dir(&self.dir) {
            eprintln!("could not remove {}: {e}", self.dir.display());
        }
    }
}

fn write(path: &Path, value: &str) -> anyhow::Result<()> {
    std::fs::write(path, value).with_context(|| format!("writing {value} to {}", path.display()))
}
