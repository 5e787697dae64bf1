//! The throwaway PostgreSQL of the tests: `eltc::runner::server` (the one
//! implementation, also `eltc test`'s), shared by the tests of the binary that
//! run at the same time. [`server`] hands out an `Arc`; the server is stopped
//! and its directory removed when the last holder drops it, also when a test
//! panics. Each test works in its own fresh database
//! ([`Server::fresh_database`]). Missing binaries fail the test with the
//! command that installs them: no silent skip.

use std::ops::Deref;
use std::path::Path;
use std::sync::{Arc, Mutex, Weak};

use eltc::runner::database::Databases;
use eltc::runner::server;

const INSTALL: &str = "apt-get install postgresql-15 postgresql-15-plpgsql-check";

/// A running server, with scratch databases.
pub struct Server {
    server: server::Server,
    databases: Databases,
}

static SHARED: Mutex<Weak<Server>> = Mutex::new(Weak::new());

/// The shared server, started when no test holds it.
pub fn server() -> Arc<Server> {
    let mut shared = SHARED.lock().unwrap_or_else(|e| e.into_inner());
    if let Some(server) = shared.upgrade() {
        return server;
    }
    assert!(
        Path::new("/usr/share/postgresql/15/extension/plpgsql_check.control").exists(),
        "plpgsql_check is not installed: run `{INSTALL}`"
    );
    let started = server::Server::start().unwrap_or_else(|e| panic!("{e} (tests: `{INSTALL}`)"));
    let server = Arc::new(Server {
        databases: Databases::on_server(&started),
        server: started,
    });
    *shared = Arc::downgrade(&server);
    server
}

impl Deref for Server {
    type Target = server::Server;

    fn deref(&self) -> &server::Server {
        &self.server
    }
}

impl Server {
    /// Where the scratch databases are.
    pub fn databases(&self) -> &Databases {
        &self.databases
    }

    /// A client connected to database `name`.
    pub fn connect(&self, name: &str) -> postgres::Client {
        self.databases
            .connect(name)
            .unwrap_or_else(|e| panic!("connect to the test server: {e}"))
    }

    /// A new empty database with plpgsql_check, and a client connected to it.
    pub fn fresh_database(&self, purpose: &str) -> postgres::Client {
        let name = self.databases.unique_name(purpose);
        let mut client = self
            .databases
            .create(&name)
            .unwrap_or_else(|e| panic!("create database {name}: {e}"));
        client
            .batch_execute("CREATE EXTENSION plpgsql_check")
            .expect("create extension plpgsql_check");
        client
    }
}
