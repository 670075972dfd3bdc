//! The Praxis server as its own process, started from the release binary beside this one, so
//! that its memory is its own and the benchmark's corpus copies do not count against it.

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use anyhow::Context as _;

use crate::cgroup::{CapReport, MemoryCap};
use crate::memory::{Memory, memory_of};

pub struct ServerProcess {
    child: Child,
    pub url: String,
    /// Dropped after the child, whose exit it waits for to remove the cgroup.
    cap: Option<MemoryCap>,
}

/// `praxis` next to this benchmark's own binary (both built by `cargo build --release`).
pub fn default_binary() -> anyhow::Result<PathBuf> {
    let me = std::env::current_exe().context("locating the benchmark binary")?;
    let praxis = me.with_file_name("praxis");
    anyhow::ensure!(
        praxis.is_file(),
        "{} is missing: build it with `cargo build --release -p praxis-server -p praxis-bench`",
        praxis.display()
    );
    Ok(praxis)
}

fn command(binary: &Path, data_dir: &Path) -> Command {
    let mut command = Command::new(binary);
    // Run beside the data, so no praxis.toml of the working directory is read.
    command.current_dir(data_dir).arg("--data-dir").arg(data_dir);
    command
}

/// Runs a `praxis` subcommand to completion, feeding `stdin` if given.
pub fn run(
    binary: &Path,
    data_dir: &Path,
    args: &[&str],
    stdin: Option<&str>,
) -> anyhow::Result<()> {
    use std::io::Write as _;
    let mut child = command(binary, data_dir)
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .with_context(|| format!("starting praxis {}", args.join(" ")))?;
    if let (Some(input), Some(mut pipe)) = (stdin, child.stdin.take()) {
        writeln!(pipe, "{input}")?;
    }
    let output = child.wait_with_output()?;
    anyhow::ensure!(
        output.status.success(),
        "praxis {} failed: {}{}",
        args.join(" "),
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    Ok(())
}

impl ServerProcess {
    /// Starts the server, in a memory cgroup capped at `memory_cap_mb` when given and this
    /// machine allows it (otherwise uncapped, with a warning).
    pub async fn start(
        binary: &Path,
        data_dir: &Path,
        memory_cap_mb: Option<u64>,
    ) -> anyhow::Result<Self> {
        let port = std::net::TcpListener::bind("127.0.0.1:0")?.local_addr()?.port();
        let log = std::fs::File::create(data_dir.join("server.log"))?;
        let child = command(binary, data_dir)
            .args(["serve", "--bind", &format!("127.0.0.1:{port}")])
            .env("RUST_LOG", "warn")
            .stdout(log.try_clone()?)
            .stderr(log)
            .spawn()
            .context("starting praxis serve")?;
        // Moved in before it has read its index or served anything, so all that counts is charged.
        let cap = memory_cap_mb.and_then(|mb| {
            MemoryCap::apply(child.id(), mb)
                .map_err(|e| eprintln!("running the server without a memory cap: {e:#}"))
                .ok()
        });
        let server = Self { child, url: format!("http://127.0.0.1:{port}"), cap };
        let http = reqwest::Client::new();
        let deadline = Instant::now() + Duration::from_secs(60);
        loop {
            let ready = http.get(format!("{}/readyz", server.url)).send().await;
            if ready.is_ok_and(|r| r.status().is_success()) {
                return Ok(server);
            }
            anyhow::ensure!(Instant::now() < deadline, "the server did not become ready");
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    pub fn memory(&self) -> Memory {
        memory_of(self.pid())
    }

    /// The cap the server runs under and what the kernel recorded, if it runs under one.
    pub fn memory_cap(&self) -> Option<(u64, CapReport)> {
        self.cap.as_ref().map(|cap| (cap.limit_mb, cap.report()))
    }

    /// SIGTERM, as an operator would stop it, then wait for it to finish.
    pub fn stop(mut self) -> anyhow::Result<()> {
        Command::new("kill").args(["-TERM", &self.child.id().to_string()]).status()?;
        self.child.wait()?;
        drop(self.cap.take());
        Ok(())
    }
}

impl Drop for ServerProcess {
    /// A server that an error on the way left running is killed, and waited for so that its
    /// memory cgroup, dropped next, can be removed.
    fn drop(&mut self) {
        if let Ok(None) = self.child.try_wait() {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }
}
