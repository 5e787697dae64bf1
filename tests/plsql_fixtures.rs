//! PL/SQL translation fixtures: every `tests/fixtures/plsql/translate/*.sql`
//! is one case (a PL/SQL unit, after the Oracle CREATE TABLE / CREATE
//! SEQUENCE statements it needs and, where the unit needs them, its
//! companions: a package's spec, a function's caller), translated with
//! `eltc::plsql::translate_files` and snapshot with its rendered diagnostics.
//!
//! A case named `refused_*` must raise an error: Oracle's meaning cannot be
//! kept on Redshift and a diagnostic is the documented outcome. Every other
//! case must raise none; every SQL statement of its procedures
//! (`Procedure::sql_statements`) and every output statement must re-parse
//! with sqlparser's Redshift dialect (its known gaps, listed with their AWS
//! pages in tests/redshift_allow_list.txt, removed first); and its
//! PostgreSQL form (DDL through the backend's adapter, procedures rendered
//! for `&POSTGRES`) must load into a fresh database of the test
//! server and pass plpgsql_check.
//! A case must therefore create every table its unit uses.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use eltc::diag::SourceMap;
use eltc::diag::render::{Style, human};
use eltc::plsql::{Input, Output, Translation, translate_files};
use eltc::target::postgres::adapt_statement;
use eltc::target::{POSTGRES, REDSHIFT};
use sqlparser::ast::Statement;

use crate::redshift_parse::parses_allowing_listed_gaps;
use crate::support::pg;

/// Fewer fixtures than this means the glob lost some.
const AT_LEAST: usize = 70;

/// One fixture, translated.
struct Case {
    name: String,
    sources: SourceMap,
    translation: Translation,
}

impl Case {
    fn load(path: &Path) -> Case {
        let text = std::fs::read_to_string(path).expect("fixture readable");
        let name = path
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or("case.sql")
            .to_string();
        let mut sources = SourceMap::new();
        let file = sources.add(&name, text.clone());
        let translation = translate_files(&[Input { file, text: &text }]);
        Case {
            name,
            sources,
            translation,
        }
    }

    fn refused(&self) -> bool {
        self.name.starts_with("refused_")
    }

    fn errors(&self) -> usize {
        self.translation
            .diagnostics
            .iter()
            .filter(|d| d.is_error())
            .count()
    }

    fn diagnostics(&self) -> String {
        self.translation
            .diagnostics
            .iter()
            .map(|d| human(d, &self.sources, Style::Plain))
            .collect::<Vec<_>>()
            .join("\n")
    }

    /// The Redshift rendering of every output, in order.
    fn redshift(&self) -> String {
        self.translation
            .outputs
            .iter()
            .map(|output| match output {
                Output::Statement(statement) => format!("{statement};\n"),
                Output::Procedure(procedure) => procedure.render(&REDSHIFT),
            })
            .collect::<Vec<_>>()
            .join("\n")
    }

    /// The PostgreSQL form: every output, in order.
    fn postgres(&self) -> Vec<String> {
        self.translation
            .outputs
            .iter()
            .map(|output| match output {
                Output::Statement(statement) => format!("{};", adapt_statement(statement)),
                Output::Procedure(procedure) => procedure.render(&POSTGRES),
            })
            .collect()
    }

    /// Schemas the outputs create objects in.
    fn schemas(&self) -> BTreeSet<String> {
        let schema_of = |name: &str| {
            let parts: Vec<&str> = name.split('.').collect();
            (parts.len() == 2).then(|| parts[0].trim_matches('"').to_string())
        };
        self.translation
            .outputs
            .iter()
            .filter_map(|output| match output {
                Output::Statement(Statement::CreateTable(create)) => {
                    schema_of(&create.name.to_string())
                }
                Output::Statement(_) => None,
                Output::Procedure(procedure) => schema_of(&procedure.name),
            })
            .collect()
    }

    /// Checks the rule of the file's name and the Redshift re-parse.
    fn check(&self) -> Result<(), String> {
        let name = &self.name;
        if self.refused() {
            if self.errors() == 0 {
                return Err(format!(
                    "{name}: must be refused, raised no error\n{}\n{}",
                    self.diagnostics(),
                    self.redshift()
                ));
            }
        } else if self.errors() > 0 {
            return Err(format!(
                "{name}: unexpected errors:\n{}",
                self.diagnostics()
            ));
        }
        for output in &self.translation.outputs {
            let (owner, statements) = match output {
                Output::Statement(statement) => ("output".to_string(), vec![statement.clone()]),
                Output::Procedure(procedure) => {
                    (procedure.name.clone(), procedure.sql_statements())
                }
            };
            for statement in statements {
                let sql = statement.to_string();
                parses_allowing_listed_gaps(&sql).map_err(|e| {
                    format!("{name}: {owner}: does not parse as Redshift: {e}\n{sql}")
                })?;
            }
        }
        Ok(())
    }

    /// The Redshift rendering and the rendered diagnostics.
    fn snapshot(&self) -> String {
        let mut snapshot = String::new();
        let redshift = self.redshift();
        if !redshift.is_empty() {
            snapshot.push_str(&format!("## redshift\n{redshift}"));
        }
        let diagnostics = self.diagnostics();
        if !diagnostics.is_empty() {
            snapshot.push_str(&format!("## diagnostics\n{diagnostics}"));
        }
        snapshot
    }
}

fn panic_text(failure: Box<dyn std::any::Any + Send>) -> String {
    failure
        .downcast_ref::<String>()
        .cloned()
        .or_else(|| failure.downcast_ref::<&str>().map(|s| s.to_string()))
        .unwrap_or_else(|| "panic".to_string())
}

/// The fixture files, sorted.
fn fixture_paths() -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/plsql/translate");
    let mut paths: Vec<_> = std::fs::read_dir(&dir)
        .expect("fixture directory")
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .filter(|path| path.extension().is_some_and(|e| e == "sql"))
        .collect();
    paths.sort();
    paths
}

/// Loads a fixture; a panic of the translation is a failure of the case.
fn load(path: &Path) -> Result<Case, String> {
    std::panic::catch_unwind(|| Case::load(path))
        .map_err(|failure| format!("{}: panicked: {}", path.display(), panic_text(failure)))
}

/// The snapshot of every fixture (what changed), whatever its rule says.
#[test]
fn plsql_fixtures() {
    insta::glob!("fixtures/plsql/translate/*.sql", |path| {
        let snapshot = load(path).unwrap_or_else(|message| panic!("{message}"));
        insta::assert_snapshot!(snapshot.snapshot());
    });
}

/// `refused_*` fixtures raise an error, the others none, and every SQL
/// statement emitted re-parses as Redshift.
#[test]
fn plsql_fixtures_follow_their_names() {
    let paths = fixture_paths();
    let failures: Vec<String> = paths
        .iter()
        .filter_map(|path| load(path).and_then(|case| case.check()).err())
        .collect();
    assert!(
        failures.is_empty(),
        "{} of {} PL/SQL fixtures failing:\n\n{}",
        failures.len(),
        paths.len(),
        failures.join("\n\n")
    );
    assert!(
        paths.len() >= AT_LEAST,
        "{} PL/SQL fixtures, expected {AT_LEAST} or more",
        paths.len()
    );
}

/// Loads one case's PostgreSQL form into a fresh database and runs
/// plpgsql_check on every procedure it created.
fn postgres_accepts(server: &pg::Server, case: &Case) -> Result<(), String> {
    let name = &case.name;
    let mut client = server.fresh_database(&format!("plsql_{name}"));
    for schema in case.schemas() {
        client
            .batch_execute(&format!("CREATE SCHEMA IF NOT EXISTS \"{schema}\""))
            .map_err(|e| format!("{name}: schema {schema}: {e}"))?;
    }
    for sql in case.postgres() {
        client.batch_execute(&sql).map_err(|e| {
            let e = e
                .as_db_error()
                .map_or(e.to_string(), |d| d.message().to_string());
            format!("{name}: PostgreSQL rejects: {e}\n{sql}")
        })?;
    }
    let procedures = client
        .query(
            "SELECT CAST(CAST(p.oid AS regprocedure) AS text) FROM pg_proc p
             JOIN pg_namespace n ON n.oid = p.pronamespace
             WHERE p.prokind = 'p' AND n.nspname NOT IN ('pg_catalog', 'information_schema')
             ORDER BY 1",
            &[],
        )
        .map_err(|e| format!("{name}: list procedures: {e}"))?;
    let temps = temp_tables(&case.postgres().join("\n"));
    let mut errors = Vec::new();
    for row in procedures {
        let procedure: String = row.get(0);
        let found = client
            .query(
                "SELECT message, lineno FROM plpgsql_check_function_tb(CAST($1::text AS regprocedure)) WHERE level = 'error'",
                &[&procedure],
            )
            .map_err(|e| format!("{name}: plpgsql_check on {procedure}: {e}"))?;
        errors.extend(
            found
                .iter()
                .map(|r| (r.get::<_, Option<i32>>(1), r.get::<_, String>(0)))
                .filter(|(_, message)| !temps.iter().any(|t| *message == missing_relation(t)))
                .map(|(line, message)| format!("{procedure} line {line:?}: {message}")),
        );
    }
    if errors.is_empty() {
        Ok(())
    } else {
        Err(format!(
            "{name}: plpgsql_check:\n{}\n{}",
            errors.join("\n"),
            case.postgres().join("\n")
        ))
    }
}

/// Temporary tables a body creates while it runs. plpgsql_check reads the
/// catalog before the run, so it reports the queries over them as reading a
/// relation that does not exist; the execution tests run those bodies.
fn temp_tables(sql: &str) -> Vec<String> {
    let upper = sql.to_uppercase();
    ["CREATE TEMPORARY TABLE ", "CREATE TEMP TABLE "]
        .iter()
        .flat_map(|marker| upper.match_indices(marker).map(|(at, m)| at + m.len()))
        .filter_map(|start| {
            sql[start..]
                .split(|c: char| c.is_whitespace() || c == '(')
                .next()
                .map(|name| name.to_lowercase())
        })
        .collect()
}

/// plpgsql_check's message for a query over `table` it cannot find.
fn missing_relation(table: &str) -> String {
    format!("relation \"{table}\" does not exist")
}

#[test]
fn plsql_fixtures_load_on_postgres() {
    let server = pg::server();
    let mut failures = Vec::new();
    let mut checked = 0;
    for path in fixture_paths() {
        let case = match load(&path) {
            Ok(case) => case,
            Err(message) => {
                failures.push(message);
                continue;
            }
        };
        // Refused cases, and cases raising errors they should not, are
        // plsql_fixtures_follow_their_names's to report.
        if case.refused() || case.errors() > 0 {
            continue;
        }
        checked += 1;
        if let Err(message) = postgres_accepts(&server, &case) {
            failures.push(message);
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {checked} PL/SQL fixtures not accepted by PostgreSQL:\n\n{}",
        failures.len(),
        failures.join("\n\n")
    );
}
