//! The `praxis` command: serve, migrate, and create users.

use std::io::{BufRead as _, Write as _};
use std::net::SocketAddr;
use std::path::PathBuf;

use anyhow::Context as _;
use clap::{Parser, Subcommand, ValueEnum};
use praxis_core::types::Role;
use praxis_server::{Config, telemetry};
use praxis_service::NewUser;

mod allocator;
mod import;

#[derive(Parser)]
#[command(
    name = "praxis",
    version,
    about = "A community of practice: discussion forum and knowledge library"
)]
struct Cli {
    /// A praxis.toml to read (default: ./praxis.toml if it exists).
    #[arg(long, global = true)]
    config: Option<PathBuf>,
    /// Where data lives (overrides PRAXIS_DATA_DIR).
    #[arg(long, global = true)]
    data_dir: Option<PathBuf>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Migrate the database and serve the API until SIGTERM or SIGINT.
    Serve {
        /// Address to listen on (overrides PRAXIS_BIND).
        #[arg(long)]
        bind: Option<SocketAddr>,
        /// On an empty database, load a small demo community and print its admin's password.
        #[arg(long)]
        demo: bool,
    },
    /// Apply pending database migrations and exit.
    Migrate,
    /// Manage user accounts.
    User {
        #[command(subcommand)]
        command: UserCommand,
    },
    /// Rebuild the search index from the database into a new generation and swap it in; a
    /// running server switches to it within a second.
    Reindex,
    /// Import data in bulk.
    Import {
        #[command(subcommand)]
        command: ImportCommand,
    },
}

#[derive(Subcommand)]
enum ImportCommand {
    /// Library documents from a JSON Lines file (optionally .gz): the fields of DocumentInput
    /// plus status and publishedAt, one object a line.
    Documents {
        file: PathBuf,
        /// The moderator or admin the documents are imported as.
        #[arg(long = "as")]
        as_email: String,
    },
}

#[derive(Subcommand)]
enum UserCommand {
    /// Create an account, for example the first admin.
    Create {
        #[arg(long)]
        email: String,
        #[arg(long)]
        display_name: String,
        #[arg(long, value_enum, default_value = "member")]
        role: RoleArg,
        /// Read the password from the first line of standard input.
        #[arg(long, required = true)]
        password_stdin: bool,
    },
}

#[derive(Clone, Copy, ValueEnum)]
enum RoleArg {
    Member,
    FocalPoint,
    Moderator,
    Admin,
}

impl From<RoleArg> for Role {
    fn from(role: RoleArg) -> Self {
        match role {
            RoleArg::Member => Role::Member,
            RoleArg::FocalPoint => Role::FocalPoint,
            RoleArg::Moderator => Role::Moderator,
            RoleArg::Admin => Role::Admin,
        }
    }
}

fn main() -> std::process::ExitCode {
    // Before the runtime starts its threads: see the function.
    allocator::return_memory_of_ended_threads();
    let outcome = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .context("starting the async runtime")
        .and_then(|runtime| runtime.block_on(run(Cli::parse())));
    match outcome {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(e) => {
            let _ = writeln!(std::io::stderr(), "error: {e:#}");
            std::process::ExitCode::FAILURE
        }
    }
}

async fn run(cli: Cli) -> anyhow::Result<()> {
    let mut config = Config::load(cli.config.as_deref())?;
    if let Some(dir) = cli.data_dir {
        config.data_dir = dir;
    }
    telemetry::init(config.log_format);
    match cli.command {
        Command::Serve { bind, demo } => {
            if let Some(bind) = bind {
                config.bind = bind;
            }
            serve(config, demo).await
        }
        Command::Migrate => {
            praxis_server::open_database(&config).await?;
            tracing::info!("migrations applied");
            Ok(())
        }
        Command::Reindex => {
            let praxis = praxis_server::application(&config, config.bind).await?;
            let summary =
                praxis.rebuild_search_index().await.map_err(|e| anyhow::anyhow!("{e}"))?;
            writeln!(
                std::io::stdout(),
                "indexed {} items in {:.1} s into {}",
                summary.documents,
                summary.seconds,
                summary.generation
            )?;
            Ok(())
        }
        Command::Import { command: ImportCommand::Documents { file, as_email } } => {
            let praxis = praxis_server::application(&config, config.bind).await?;
            import::documents(&praxis, &file, &as_email).await
        }
        Command::User {
            command: UserCommand::Create { email, display_name, role, password_stdin: _ },
        } => {
            let mut password = String::new();
            std::io::stdin()
                .lock()
                .read_line(&mut password)
                .context("reading the password from stdin")?;
            let password = password.trim_end_matches(['\n', '\r']).to_owned();
            let praxis = praxis_server::application(&config, config.bind).await?;
            let user = praxis
                .create_user(NewUser { email, password, display_name, role: role.into() })
                .await
                .map_err(|e| anyhow::anyhow!("{e}"))?;
            writeln!(std::io::stdout(), "created user {} ({})", user.email, user.id)?;
            Ok(())
        }
    }
}

async fn serve(config: Config, demo: bool) -> anyhow::Result<()> {
    let server = praxis_server::spawn(config).await?;
    if demo {
        if let Some(admin) =
            server.praxis.seed_demo().await.map_err(|e| anyhow::anyhow!("loading the demo: {e}"))?
        {
            let mut out = std::io::stdout().lock();
            writeln!(
                out,
                "\nDemo community loaded. Sign in as the admin (this password is shown only once):"
            )?;
            writeln!(out, "  email:    {}", admin.email)?;
            writeln!(out, "  password: {}\n", admin.password)?;
        } else {
            tracing::info!("database not empty; demo not loaded");
        }
    }
    writeln!(std::io::stdout(), "Praxis is listening on {}", server.url())?;
    shutdown_signal().await;
    tracing::info!("shutting down");
    server.shutdown().await
}

async fn shutdown_signal() {
    let ctrl_c = async {
        if tokio::signal::ctrl_c().await.is_err() {
            std::future::pending::<()>().await;
        }
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = terminate => {},
    }
}
