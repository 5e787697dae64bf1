//! Translated procedures run on PostgreSQL (the adapter's form): created,
//! checked by plpgsql_check, CALLed; the rows or errors are Oracle's, per
//! the Oracle documentation cited at each test.

use std::sync::{Arc, Mutex, Weak};

use postgres::Client;

use super::run_engine;
use crate::runner::database::Databases;
use crate::runner::server::Server;
use crate::target::{POSTGRES, REDSHIFT};

/// The shared server and its scratch databases.
pub struct Shared {
    databases: Databases,
    // Dropped last: stops the server.
    _server: Server,
}

static SHARED: Mutex<Weak<Shared>> = Mutex::new(Weak::new());

fn shared() -> Arc<Shared> {
    let mut slot = SHARED.lock().unwrap_or_else(|e| e.into_inner());
    if let Some(shared) = slot.upgrade() {
        return shared;
    }
    let server = Server::start().unwrap_or_else(|e| {
        panic!("{e} (tests: `apt-get install postgresql-15 postgresql-15-plpgsql-check`)")
    });
    let shared = Arc::new(Shared {
        databases: Databases::on_server(&server),
        _server: server,
    });
    *slot = Arc::downgrade(&shared);
    shared
}

/// A fresh database holding the PostgreSQL form of `files` translated
/// together (no error-level diagnostic allowed), every procedure checked by
/// plpgsql_check. The server stays up while the returned value lives.
pub fn database(files: &[(&str, &str)]) -> (Client, Arc<Shared>) {
    let (_, diagnostics) = run_engine(files, &REDSHIFT);
    let errors: Vec<&String> = diagnostics
        .iter()
        .filter(|d| d.starts_with("Error"))
        .collect();
    assert!(errors.is_empty(), "{errors:#?}");
    let (text, _) = run_engine(files, &POSTGRES);
    let shared = shared();
    let name = shared.databases.unique_name("plsql");
    let mut client = shared
        .databases
        .create(&name)
        .unwrap_or_else(|e| panic!("create database {name}: {e}"));
    client
        .batch_execute("CREATE EXTENSION plpgsql_check")
        .expect("plpgsql_check");
    let mut schemas: Vec<String> = text
        .split(|c: char| c.is_whitespace() || c == '(')
        .filter_map(|w| w.split_once('.').map(|(s, _)| s.to_string()))
        .filter(|s| !s.is_empty() && s.chars().all(|c| c.is_ascii_lowercase() || c == '_'))
        .collect();
    schemas.sort();
    schemas.dedup();
    for schema in schemas {
        client
            .batch_execute(&format!("CREATE SCHEMA IF NOT EXISTS {schema}"))
            .expect("schema");
    }
    client
        .batch_execute(&text)
        .unwrap_or_else(|e| panic!("the PostgreSQL form does not apply: {e}\n{text}"));
    let rows = client
        .query(
            "SELECT p.oid::regprocedure::text, c.lineno, c.message FROM pg_proc p \
             JOIN pg_namespace n ON n.oid = p.pronamespace, \
             LATERAL plpgsql_check_function_tb(p.oid) c \
             WHERE p.prokind = 'p' AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND c.level = 'error'",
            &[],
        )
        .expect("plpgsql_check");
    // plpgsql_check cannot see the staging tables a body creates (MERGE's
    // eltc_merge_source): the calls below run those statements.
    let problems: Vec<String> = rows
        .iter()
        .filter(|r| !r.get::<_, String>(2).starts_with("relation \"eltc_"))
        .map(|r| {
            format!(
                "{} line {:?}: {}",
                r.get::<_, String>(0),
                r.get::<_, Option<i32>>(1),
                r.get::<_, String>(2)
            )
        })
        .collect();
    assert!(problems.is_empty(), "{problems:#?}\n{text}");
    (client, shared)
}

/// The rows of `query`, each as its columns' text (NULL as `NULL`).
pub fn rows(client: &mut Client, query: &str) -> Vec<String> {
    client
        .simple_query(query)
        .unwrap_or_else(|e| panic!("{query}: {e}"))
        .into_iter()
        .filter_map(|m| match m {
            postgres::SimpleQueryMessage::Row(row) => Some(
                (0..row.len())
                    .map(|i| row.get(i).unwrap_or("NULL").to_string())
                    .collect::<Vec<_>>()
                    .join("|"),
            ),
            _ => None,
        })
        .collect()
}

/// The message of the error `sql` raises.
pub fn error(client: &mut Client, sql: &str) -> String {
    match client.batch_execute(sql) {
        Ok(()) => panic!("{sql} succeeded"),
        Err(e) => e
            .as_db_error()
            .map_or_else(|| e.to_string(), |d| d.message().to_string()),
    }
}
