//! A throwaway PostgreSQL 15 for the tests (recipe: /work/shared/TOOLING.md).
//!
//! `initdb` into a temporary directory (as user `postgres` through `runuser`
//! when the tests run as root: PostgreSQL refuses root), trust authentication,
//! a free TCP port on 127.0.0.1, the socket in the temporary directory, UTC.
//! One server is shared by the tests of the binary that run at the same time:
//! [`server`] hands out an `Arc`, and the server is stopped and its directory
//! removed when the last holder drops it, also when a test panics. Each test
//! works in its own fresh database ([`Server::fresh_database`]). Missing
//! binaries fail the test with the command that installs them: no silent skip.

use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, Weak};

const PG_BIN: &str = "/usr/lib/postgresql/15/bin";
const INSTALL: &str = "apt-get install postgresql postgresql-15-plpgsql-check";

/// A running server.
pub struct Server {
    dir: tempfile::TempDir,
    port: u16,
    as_postgres: bool,
    databases: AtomicUsize,
}

static SHARED: Mutex<Weak<Server>> = Mutex::new(Weak::new());

/// The shared server, started when no test holds it.
pub fn server() -> Arc<Server> {
    let mut shared = SHARED.lock().unwrap_or_else(|e| e.into_inner());
    if let Some(server) = shared.upgrade() {
        return server;
    }
    let server = Arc::new(Server::start());
    *shared = Arc::downgrade(&server);
    server
}

fn run(as_postgres: bool, program: &Path, args: &[&str]) {
    let mut command = if as_postgres {
        let mut c = Command::new("runuser");
        c.args(["-u", "postgres", "--"]).arg(program);
        c
    } else {
        Command::new(program)
    };
    let output = command
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("cannot run {}: {e}", program.display()));
    assert!(
        output.status.success(),
        "{} {args:?} failed:\n{}{}",
        program.display(),
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
}

impl Server {
    fn start() -> Server {
        let bin = PathBuf::from(PG_BIN);
        assert!(
            bin.join("initdb").exists() && bin.join("pg_ctl").exists(),
            "PostgreSQL 15 is not installed ({PG_BIN} missing): run `{INSTALL}`"
        );
        assert!(
            Path::new("/usr/share/postgresql/15/extension/plpgsql_check.control").exists(),
            "plpgsql_check is not installed: run `{INSTALL}`"
        );
        let as_postgres = Command::new("id")
            .arg("-u")
            .output()
            .map(|o| o.stdout.starts_with(b"0"))
            .unwrap_or(false);
        let dir = tempfile::Builder::new()
            .prefix("eltc-pg-")
            .tempdir()
            .expect("temporary directory");
        if as_postgres {
            run(
                false,
                Path::new("/bin/chown"),
                &["postgres:postgres", &dir.path().display().to_string()],
            );
        }
        let port = TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .map(|a| a.port())
            .expect("a free port");
        let data = dir.path().join("data").display().to_string();
        run(
            as_postgres,
            &bin.join("initdb"),
            &[
                "-D",
                &data,
                "-A",
                "trust",
                "-U",
                "postgres",
                "-E",
                "UTF8",
                "--no-locale",
            ],
        );
        let options = format!(
            "-p {port} -k {} -c listen_addresses=127.0.0.1 -c TimeZone=UTC -c fsync=off",
            dir.path().display()
        );
        let log = dir.path().join("log").display().to_string();
        run(
            as_postgres,
            &bin.join("pg_ctl"),
            &["-D", &data, "-l", &log, "-w", "start", "-o", &options],
        );
        Server {
            dir,
            port,
            as_postgres,
            databases: AtomicUsize::new(0),
        }
    }

    /// A client connected to database `name`.
    pub fn connect(&self, name: &str) -> postgres::Client {
        let url = format!(
            "host=127.0.0.1 port={} user=postgres dbname={name}",
            self.port
        );
        postgres::Client::connect(&url, postgres::NoTls)
            .unwrap_or_else(|e| panic!("connect to the test server: {e}"))
    }

    /// A new empty database with plpgsql_check, and a client connected to it.
    pub fn fresh_database(&self, purpose: &str) -> postgres::Client {
        let name = format!(
            "t{}_{purpose}",
            self.databases.fetch_add(1, Ordering::SeqCst)
        );
        self.connect("postgres")
            .batch_execute(&format!("CREATE DATABASE {name}"))
            .expect("create database");
        let mut client = self.connect(&name);
        client
            .batch_execute("CREATE EXTENSION plpgsql_check")
            .expect("create extension plpgsql_check");
        client
    }

    /// A directory the server can read (for COPY files).
    pub fn dir(&self) -> &Path {
        self.dir.path()
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let data = self.dir.path().join("data").display().to_string();
        let pg_ctl = PathBuf::from(PG_BIN).join("pg_ctl");
        let mut command = if self.as_postgres {
            let mut c = Command::new("runuser");
            c.args(["-u", "postgres", "--"]).arg(&pg_ctl);
            c
        } else {
            Command::new(&pg_ctl)
        };
        // Errors are ignored: the directory is removed right after anyway.
        let _ = command
            .args(["-D", &data, "-m", "immediate", "-w", "stop"])
            .output();
    }
}
