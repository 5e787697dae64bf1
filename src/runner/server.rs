//! A throwaway PostgreSQL server, started from the installed server binaries
//! (recipe: /work/shared/TOOLING.md): `initdb` into a temporary directory,
//! trust authentication, a free TCP port on 127.0.0.1, the socket in the
//! temporary directory, UTC. PostgreSQL refuses to run as root, so as root
//! every server command runs as user `postgres` through `runuser`.
//!
//! `eltc test` starts one when no database is given; the integration tests
//! share one (tests/support/pg.rs). [`Server::shutdown`] stops it and removes
//! its directory; it runs on drop and may be called early (a Ctrl-C handler),
//! and only the first call acts. Missing binaries are an error that says what
//! to install. This module starts processes; it never prints.

use std::fmt;
use std::io;
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::atomic::{AtomicBool, Ordering};

/// What to install where the server binaries are missing.
pub const INSTALL_HINT: &str = "apt-get install postgresql-15";

/// Where Debian and Ubuntu install the server binaries, newest first.
const DEBIAN_BIN_DIRS: &[&str] = &[
    "/usr/lib/postgresql/17/bin",
    "/usr/lib/postgresql/16/bin",
    "/usr/lib/postgresql/15/bin",
];

/// Why the server could not start.
#[derive(Debug)]
pub enum ServerError {
    /// `initdb` / `pg_ctl` are not installed.
    NotInstalled,
    /// A command could not run or failed.
    Command {
        /// What was run.
        command: String,
        /// Its output or the error.
        output: String,
    },
    /// The temporary directory or the port.
    Io(io::Error),
}

impl fmt::Display for ServerError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::NotInstalled => write!(
                f,
                "the PostgreSQL server binaries (initdb, pg_ctl) are not installed; run `{INSTALL_HINT}`, or pass `--database URL`"
            ),
            Self::Command { command, output } => write!(f, "`{command}` failed: {output}"),
            Self::Io(error) => write!(f, "starting PostgreSQL: {error}"),
        }
    }
}

impl std::error::Error for ServerError {}

impl From<io::Error> for ServerError {
    fn from(error: io::Error) -> Self {
        Self::Io(error)
    }
}

/// A running server; stopped and removed on drop.
pub struct Server {
    dir: PathBuf,
    bin: PathBuf,
    port: u16,
    as_postgres: bool,
    stopped: AtomicBool,
    kept: AtomicBool,
}

/// The directory holding `initdb` and `pg_ctl`: a Debian server directory, else `PATH`.
pub fn find_binaries() -> Option<PathBuf> {
    let has_both = |dir: &Path| dir.join("initdb").is_file() && dir.join("pg_ctl").is_file();
    let debian = DEBIAN_BIN_DIRS.iter().map(PathBuf::from);
    let path = std::env::var_os("PATH")
        .map(|p| std::env::split_paths(&p).collect::<Vec<_>>())
        .unwrap_or_default();
    debian.chain(path).find(|dir| has_both(dir))
}

fn is_root() -> bool {
    Command::new("id")
        .arg("-u")
        .output()
        .map(|o| o.stdout.trim_ascii() == b"0")
        .unwrap_or(false)
}

fn command(as_postgres: bool, program: &Path) -> Command {
    if as_postgres {
        let mut c = Command::new("runuser");
        c.args(["-u", "postgres", "--"]).arg(program);
        c
    } else {
        Command::new(program)
    }
}

fn run(as_postgres: bool, program: &Path, args: &[&str]) -> Result<(), ServerError> {
    let shown = format!("{} {}", program.display(), args.join(" "));
    let output = command(as_postgres, program)
        .args(args)
        .output()
        .map_err(|e| ServerError::Command {
            command: shown.clone(),
            output: e.to_string(),
        })?;
    if output.status.success() {
        return Ok(());
    }
    Err(ServerError::Command {
        command: shown,
        output: format!(
            "{}{}",
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        ),
    })
}

impl Server {
    /// Creates, starts and returns a new server.
    pub fn start() -> Result<Server, ServerError> {
        let bin = find_binaries().ok_or(ServerError::NotInstalled)?;
        let as_postgres = is_root();
        // Kept (not a TempDir) so that shutdown can remove it from a signal handler too.
        let dir = tempfile::Builder::new()
            .prefix("eltc-pg-")
            .tempdir()?
            .keep();
        let server = Server {
            dir,
            bin,
            port: 0,
            as_postgres,
            // Not stopped: a failed start still removes the directory on drop.
            stopped: AtomicBool::new(false),
            kept: AtomicBool::new(false),
        };
        server.init()
    }

    fn init(mut self) -> Result<Server, ServerError> {
        let dir = self.dir.display().to_string();
        if self.as_postgres {
            run(false, Path::new("chown"), &["postgres:postgres", &dir])?;
        }
        let data = format!("{dir}/data");
        let initdb = self.bin.join("initdb");
        let args = ["-D", &data, "-A", "trust", "-U", "postgres", "-E", "UTF8"];
        run(
            self.as_postgres,
            &initdb,
            &[&args[..], &["--no-locale"]].concat(),
        )?;
        // The port is free now; another process could take it before pg_ctl
        // binds it, in which case start fails and says so.
        self.port = TcpListener::bind("127.0.0.1:0")?.local_addr()?.port();
        // max_connections: `eltc test --jobs N` holds up to two connections
        // per job (a case's and, while it creates or drops its database, the
        // admin one); PostgreSQL's default of 100 would refuse N past ~48.
        let options = format!(
            "-p {} -k {dir} -c listen_addresses=127.0.0.1 -c TimeZone=UTC -c fsync=off -c full_page_writes=off -c max_connections=300",
            self.port
        );
        let log = format!("{dir}/log");
        let pg_ctl = self.bin.join("pg_ctl");
        run(
            self.as_postgres,
            &pg_ctl,
            &["-D", &data, "-l", &log, "-w", "start", "-o", &options],
        )?;
        Ok(self)
    }

    /// The port it listens on (127.0.0.1).
    pub fn port(&self) -> u16 {
        self.port
    }

    /// Its temporary directory (data directory `data/`, log `log`).
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// Connection parameters for database `name` as user `postgres`.
    pub fn config(&self, name: &str) -> postgres::Config {
        let mut config = postgres::Config::new();
        config
            .host("127.0.0.1")
            .port(self.port)
            .user("postgres")
            .dbname(name);
        config
    }

    /// The URL of database `name`, for messages.
    pub fn url(&self, name: &str) -> String {
        format!("postgres://postgres@127.0.0.1:{}/{name}", self.port)
    }

    /// Leaves the server running after this value is dropped (`eltc test
    /// --keep`); returns the command that stops it.
    pub fn keep(&self) -> String {
        self.kept.store(true, Ordering::SeqCst);
        let runuser = if self.as_postgres {
            "runuser -u postgres -- "
        } else {
            ""
        };
        format!(
            "{runuser}{} -D {}/data stop && rm -rf {}",
            self.bin.join("pg_ctl").display(),
            self.dir.display(),
            self.dir.display()
        )
    }

    /// Stops the server (immediate mode: the data is thrown away) and removes
    /// its directory. Only the first call acts; errors are ignored because
    /// nothing can be done about them at this point.
    pub fn shutdown(&self) {
        if self.stopped.swap(true, Ordering::SeqCst) {
            return;
        }
        let data = self.dir.join("data").display().to_string();
        let _ = command(self.as_postgres, &self.bin.join("pg_ctl"))
            .args(["-D", &data, "-m", "immediate", "-w", "stop"])
            .output();
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        if !self.kept.load(Ordering::SeqCst) {
            self.shutdown();
        }
    }
}
