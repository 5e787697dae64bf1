//! Execution tests of the PL/SQL translation: each case is Oracle DDL, the
//! starting rows, a PL/SQL unit (with the companion units it needs: a
//! package's spec, a function's caller), the CALLs, and the outcome Oracle's
//! documentation gives, with the rule or page cited. Expected outcomes are
//! Oracle's (or, where the translation deliberately keeps Redshift's
//! behaviour and reports it, AWS's, said so in the case), never eltc's output.
//!
//! The harness translates DDL and unit together with
//! `eltc::plsql::translate_files` (no error-level diagnostic allowed; the
//! codes a case lists in `raises` must be among the warnings), re-parses
//! every Redshift statement (sqlparser's gaps of tests/redshift_allow_list.txt
//! removed), and creates the PostgreSQL form (DDL through
//! `adapt_statement`, procedures through `render(&POSTGRES)`) in a
//! scratch schema `s` of a fresh database on the shared test server. The
//! starting rows are plain PostgreSQL INSERTs (loading is not what is
//! tested). Each CALL runs on its own through the simple query protocol, as
//! a client in autocommit mode sends it, so a COMMIT left in a body would
//! really commit. The outcome is either the rows of a PostgreSQL query, or
//! an error of the last CALL whose message holds given texts (compared
//! without case), with every table of `s` as it was before that CALL.
//!
//! What PostgreSQL cannot show is not asserted: a WHEN OTHERS handler's
//! writes survive a failed call on Redshift (it commits the handler's work
//! before re-throwing, docs/redshift.md#exception-handlers) but roll back on PostgreSQL, whose
//! form re-raises inside the failed transaction; the cases say so.

/// A page of the Oracle Database PL/SQL Language Reference 19c.
macro_rules! lnpls {
    ($page:literal) => {
        concat!(
            "https://docs.oracle.com/en/database/oracle/oracle-database/19/lnpls/",
            $page
        )
    };
}

/// A page of the Oracle Database SQL Language Reference 19c.
macro_rules! sqlrf {
    ($page:literal) => {
        concat!(
            "https://docs.oracle.com/en/database/oracle/oracle-database/19/sqlrf/",
            $page
        )
    };
}

/// Oracle's statement-level atomicity: a failed CALL (one SQL statement)
/// leaves no effect.
macro_rules! call_is_atomic {
    () => {
        "Oracle Database Concepts 19c, Transactions, Statement-Level Atomicity (https://docs.oracle.com/en/database/oracle/oracle-database/19/cncpt/transactions.html): 'If at any time during execution a SQL statement causes an error, all effects of the statement are rolled back'; the CALL is one SQL statement"
    };
}

mod bulk_dynamic;
mod calls;
mod control;
mod cursors;
mod dml;
mod exceptions;
mod packages;
mod scripts;
mod select_into;
mod transactions;

use eltc::diag::SourceMap;
use eltc::diag::render::{Style, human};
use eltc::plsql::{Input, Output, translate_files};
use eltc::target::POSTGRES;
use eltc::target::postgres::adapt_statement;
use postgres::{Client, SimpleQueryMessage};

use crate::redshift_parse::parses_allowing_listed_gaps;
use crate::support::pg;

/// One execution case.
pub struct ExecCase {
    /// Short name, shown on failure.
    pub name: &'static str,
    /// Oracle CREATE TABLE / CREATE SEQUENCE statements, all in schema `s`.
    pub ddl: &'static str,
    /// The starting rows: PostgreSQL statements run after the DDL.
    pub data: &'static str,
    /// The PL/SQL units, each ended by a `/` line.
    pub unit: &'static str,
    /// The CALLs, run one after the other (PostgreSQL syntax, every
    /// parameter passed: Redshift procedures take no defaults).
    pub calls: &'static [&'static str],
    /// What Oracle documents as the result.
    pub expect: Expect,
    /// Diagnostic codes the translation must raise (warnings that report a
    /// documented difference).
    pub raises: &'static [&'static str],
    /// The documentation the outcome comes from.
    pub citation: &'static str,
}

/// The outcome of a case.
pub enum Expect {
    /// Every CALL succeeds, then `query` returns `rows` (columns joined by
    /// `|`, NULL as `NULL`; compared as a multiset, numbers by value).
    Rows {
        /// A PostgreSQL query over the tables of `s`.
        query: &'static str,
        /// Its rows.
        rows: &'static [&'static str],
    },
    /// The calls before the last succeed; the last one fails with a message
    /// holding each of `message` (without case) and leaves every table of
    /// `s` unchanged.
    Fails {
        /// Texts the error message holds.
        message: &'static [&'static str],
    },
}

/// Runs every case in its own scratch schema of one fresh database; returns
/// one message per failing case.
pub fn run(family: &str, cases: &[ExecCase]) -> Vec<String> {
    let server = pg::server();
    let mut client = server.fresh_database(&format!("plsql_{family}"));
    cases
        .iter()
        .filter_map(|case| run_case(&mut client, case).err())
        .collect()
}

/// Fails with every message, and the number of cases run.
pub fn assert_none(total: usize, failures: Vec<String>) {
    assert!(
        failures.is_empty(),
        "{} of {total} PL/SQL execution cases failed:\n\n{}",
        failures.len(),
        failures.join("\n\n")
    );
}

/// The PostgreSQL statements of a case: the DDL, then the procedures.
struct Translated {
    ddl: Vec<String>,
    procedures: Vec<String>,
}

fn run_case(client: &mut Client, case: &ExecCase) -> Result<(), String> {
    let name = case.name;
    client
        .batch_execute("DROP SCHEMA IF EXISTS s CASCADE; CREATE SCHEMA s;")
        .map_err(|e| format!("{name}: scratch schema: {e}"))?;
    let translated = translate(case).map_err(|d| format!("{name}: {d}"))?;
    let shown = || {
        let mut all = translated.ddl.clone();
        all.extend(translated.procedures.iter().cloned());
        all.join("\n")
    };
    for sql in translated.ddl.iter().chain(&translated.procedures) {
        client
            .batch_execute(sql)
            .map_err(|e| format!("{name}: PostgreSQL rejects\n{sql}\n{}", db_error(&e)))?;
    }
    client
        .batch_execute(case.data)
        .map_err(|e| format!("{name}: starting rows: {}", db_error(&e)))?;
    let (last, before) = case.calls.split_last().expect("a case has a CALL");
    for call in before {
        rows(client, call)
            .map_err(|e| format!("{name}: {call} failed: {}\n{}", db_error(&e), shown()))?;
    }
    match &case.expect {
        Expect::Rows {
            query,
            rows: expected,
        } => {
            rows(client, last).map_err(|e| {
                format!(
                    "{name}: {last} failed: {}\n  Oracle: succeeds ({})\n{}",
                    db_error(&e),
                    case.citation,
                    shown()
                )
            })?;
            let actual = rows(client, query)
                .map_err(|e| format!("{name}: result query: {}", db_error(&e)))?;
            let mut actual: Vec<String> = actual.iter().map(|r| normalize(r)).collect();
            let mut expected: Vec<String> = expected.iter().map(|r| normalize(r)).collect();
            actual.sort();
            expected.sort();
            if actual != expected {
                return Err(format!(
                    "{name}: got rows {actual:?}\n  Oracle gives {expected:?} ({})\n{}",
                    case.citation,
                    shown()
                ));
            }
        }
        Expect::Fails { message } => {
            let snapshot = tables(client)?;
            match rows(client, last) {
                Ok(_) => {
                    return Err(format!(
                        "{name}: {last} succeeded\n  Oracle fails with {message:?} ({})\n{}",
                        case.citation,
                        shown()
                    ));
                }
                Err(e) => {
                    let text = db_error(&e);
                    let lower = text.to_lowercase();
                    let missing: Vec<&&str> = message
                        .iter()
                        .filter(|m| !lower.contains(&m.to_lowercase()))
                        .collect();
                    if !missing.is_empty() {
                        return Err(format!(
                            "{name}: error `{text}` lacks {missing:?}\n  Oracle fails with {message:?} ({})\n{}",
                            case.citation,
                            shown()
                        ));
                    }
                }
            }
            let after = tables(client)?;
            if after != snapshot {
                return Err(format!(
                    "{name}: the failed call changed the tables\n  before: {snapshot:?}\n  after:  {after:?}\n  ({})\n{}",
                    case.citation,
                    shown()
                ));
            }
        }
    }
    Ok(())
}

/// Translates the case's DDL and units (two input files); the PostgreSQL
/// form, or the reason it cannot be run.
fn translate(case: &ExecCase) -> Result<Translated, String> {
    let mut sources = SourceMap::new();
    let ddl_file = sources.add("ddl.sql", case.ddl.to_string());
    let unit_file = sources.add("unit.sql", case.unit.to_string());
    let translation = translate_files(&[
        Input {
            file: ddl_file,
            text: case.ddl,
        },
        Input {
            file: unit_file,
            text: case.unit,
        },
    ]);
    let rendered = || {
        translation
            .diagnostics
            .iter()
            .map(|d| human(d, &sources, Style::Plain))
            .collect::<Vec<_>>()
            .join("\n")
    };
    if translation.diagnostics.iter().any(|d| d.is_error()) {
        return Err(format!("not translated\n{}", rendered()));
    }
    let missing: Vec<&&str> = case
        .raises
        .iter()
        .filter(|code| {
            !translation
                .diagnostics
                .iter()
                .any(|d| d.code.name() == **code)
        })
        .collect();
    if !missing.is_empty() {
        return Err(format!("{missing:?} not raised\n{}", rendered()));
    }
    let mut out = Translated {
        ddl: Vec::new(),
        procedures: Vec::new(),
    };
    for output in &translation.outputs {
        match output {
            Output::Statement(statement) => {
                let redshift = statement.to_string();
                parses_allowing_listed_gaps(&redshift)
                    .map_err(|e| format!("Redshift form does not parse: {e}\n{redshift}"))?;
                out.ddl.push(format!("{};", adapt_statement(statement)));
            }
            Output::Procedure(procedure) => {
                for statement in procedure.sql_statements() {
                    let redshift = statement.to_string();
                    parses_allowing_listed_gaps(&redshift).map_err(|e| {
                        format!(
                            "{}: Redshift form does not parse: {e}\n{redshift}",
                            procedure.name
                        )
                    })?;
                }
                out.procedures.push(procedure.render(&POSTGRES));
            }
        }
    }
    Ok(out)
}

/// The message of a database error (with its detail), or the client error.
fn db_error(error: &postgres::Error) -> String {
    match error.as_db_error() {
        Some(db) => match db.detail() {
            Some(detail) => format!("{}: {} ({detail})", db.severity(), db.message()),
            None => format!("{}: {}", db.severity(), db.message()),
        },
        None => error.to_string(),
    }
}

/// The rows `sql` returns, each as its text columns joined by `|`.
fn rows(client: &mut Client, sql: &str) -> Result<Vec<String>, postgres::Error> {
    Ok(client
        .simple_query(sql)?
        .into_iter()
        .filter_map(|message| match message {
            SimpleQueryMessage::Row(row) => Some(
                (0..row.len())
                    .map(|i| row.get(i).unwrap_or("NULL").to_string())
                    .collect::<Vec<_>>()
                    .join("|"),
            ),
            _ => None,
        })
        .collect())
}

/// Every table of schema `s` with its rows (sorted), for the unchanged check.
fn tables(client: &mut Client) -> Result<Vec<(String, Vec<String>)>, String> {
    let names = rows(
        client,
        "SELECT table_name FROM information_schema.tables WHERE table_schema = 's' ORDER BY 1",
    )
    .map_err(|e| format!("list tables: {e}"))?;
    names
        .into_iter()
        .map(|table| {
            let mut content = rows(client, &format!("SELECT * FROM s.\"{table}\""))
                .map_err(|e| format!("read s.{table}: {e}"))?;
            content.sort();
            Ok((table, content))
        })
        .collect()
}

/// Numbers by value: `60.50` and `60.5` are the same field.
fn normalize(row: &str) -> String {
    row.split('|')
        .map(|field| match field.parse::<f64>() {
            Ok(n) if field.contains('.') && n.is_finite() => {
                let text = field.trim_end_matches('0');
                text.trim_end_matches('.').to_string()
            }
            _ => field.to_string(),
        })
        .collect::<Vec<_>>()
        .join("|")
}
