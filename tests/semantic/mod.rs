//! Semantic tests of the expression translation: each case is an Oracle
//! expression, the value Oracle's documentation gives for it, and the rule or
//! example of the documentation that says so. The harness translates
//! `SELECT <expr> AS v FROM t.one` with the SQL layer's test pipeline
//! (`eltc::sql::testing`, dialect oracle), checks that the Redshift form
//! re-parses, turns it into the PostgreSQL form through the backend's adapter
//! (`eltc::target::postgres`) and runs it on the shared test server. The
//! expected values are Oracle's, never eltc's output: a failing case is a
//! translation that changed a result.
//!
//! The one row of `t.one`: id 1, txt 'Hello', num 2.50, pos -3,
//! day 2008-04-30, and NULL in null_txt, null_num, null_int, null_date.
//! `t.rows` (k, grp, name): (1, 1, 'Smith'), (2, 1, NULL), (3, 1, 'Jones'),
//! (4, 2, 'Adams').
//!
//! Refused cases (`REFUSED` tables) must raise an error: Oracle's meaning
//! has no equivalent there and a diagnostic is the documented outcome.

mod adapter;
mod conditional;
mod conversion;
mod datetime;
mod numbers;
mod regex;
mod statements;
mod statements_dml;
mod statements_hierarchy;
mod statements_merge;
mod statements_queries;
mod strings;

use eltc::diag::SourceMap;
use eltc::diag::render::{Style, human};
use eltc::spec::model::SqlText;
use eltc::sql::{check_redshift_parses, compile_query, testing};
use eltc::target::postgres::adapt_query;

use crate::support::pg;

/// One case: the Oracle expression, Oracle's result (`None`: NULL), the citation.
pub type Case = (&'static str, Option<&'static str>, &'static str);

/// A refused case: the Oracle expression and why Oracle's meaning cannot be kept.
pub type Refused = (&'static str, &'static str);

const SETUP: &str = "
CREATE SCHEMA t;
CREATE TABLE t.one (id INTEGER NOT NULL, txt VARCHAR(50), num NUMERIC(10,2), pos INTEGER,
    day DATE, null_txt VARCHAR(50), null_num NUMERIC(10,2), null_int INTEGER, null_date DATE);
INSERT INTO t.one VALUES (1, 'Hello', 2.50, -3, DATE '2008-04-30', NULL, NULL, NULL, NULL);
CREATE TABLE t.rows (k INTEGER NOT NULL, grp INTEGER NOT NULL, name VARCHAR(30));
INSERT INTO t.rows VALUES (1, 1, 'Smith'), (2, 1, NULL), (3, 1, 'Jones'), (4, 2, 'Adams');
";

/// The Redshift form of an Oracle query, or the rendered diagnostics.
pub fn translate(oracle_sql: &str) -> Result<sqlparser::ast::Query, String> {
    let mut sources = SourceMap::new();
    let pipeline = testing::pipeline(&mut sources);
    let file = sources.add("case.sql", oracle_sql.to_string());
    let sql = SqlText {
        file,
        range: 0..oracle_sql.len(),
    };
    let (query, diagnostics) = compile_query(&pipeline, &sql, oracle_sql);
    let rendered = || {
        diagnostics
            .iter()
            .map(|d| human(d, &sources, Style::Plain))
            .collect::<Vec<_>>()
            .join("\n")
    };
    match query {
        Some(query) if !diagnostics.iter().any(|d| d.is_error()) => Ok(query.query),
        _ => Err(rendered()),
    }
}

/// Numbers compare by value (PostgreSQL prints numeric scale, FLOAT8 digits);
/// everything else as text.
fn same(actual: Option<&str>, expected: Option<&str>) -> bool {
    match (actual, expected) {
        (Some(a), Some(e)) => match (a.parse::<f64>(), e.parse::<f64>()) {
            (Ok(a), Ok(e)) if !e.is_nan() && !a.is_nan() => (a - e).abs() < 1e-8,
            _ => a == e,
        },
        (a, e) => a == e,
    }
}

/// Runs `cases` over `FROM table`; returns one message per failing case.
pub fn run(family: &str, table: &str, cases: &[Case]) -> Vec<String> {
    let server = pg::server();
    let mut client = server.fresh_database(family);
    client.batch_execute(SETUP).expect("semantic test tables");
    let mut failures = Vec::new();
    for (expr, expected, citation) in cases {
        let oracle_sql = format!("SELECT {expr} AS v FROM {table}");
        let query = match translate(&oracle_sql) {
            Ok(query) => query,
            Err(diagnostics) => {
                failures.push(format!("{expr}: not translated\n{diagnostics}"));
                continue;
            }
        };
        let redshift = query.to_string();
        if let Err(error) = check_redshift_parses(&redshift) {
            failures.push(format!(
                "{expr}: Redshift form does not parse: {error}\n{redshift}"
            ));
            continue;
        }
        let postgres = adapt_query(&query).to_string();
        let text = format!("SELECT CAST(v AS TEXT) FROM ({postgres}) AS semantic_case");
        match client.query(text.as_str(), &[]) {
            Ok(rows) if rows.len() == 1 => {
                let actual: Option<String> = rows[0].get(0);
                if !same(actual.as_deref(), *expected) {
                    failures.push(format!(
                        "{expr}: got {actual:?}, Oracle gives {expected:?} ({citation})\n  redshift: {redshift}\n  postgres: {postgres}"
                    ));
                }
            }
            Ok(rows) => failures.push(format!(
                "{expr}: {} rows\n  postgres: {postgres}",
                rows.len()
            )),
            Err(error) => failures.push(format!(
                "{expr}: PostgreSQL error: {error}\n  redshift: {redshift}\n  postgres: {postgres}"
            )),
        }
    }
    failures
}

/// Every refused case raises an error.
pub fn refused(cases: &[Refused]) -> Vec<String> {
    cases
        .iter()
        .filter_map(|(expr, why)| {
            let oracle_sql = format!("SELECT {expr} AS v FROM t.one");
            translate(&oracle_sql)
                .ok()
                .map(|query| format!("{expr}: translated to `{query}` but must be refused ({why})"))
        })
        .collect()
}

/// Fails with every message.
pub fn assert_none(failures: Vec<String>) {
    assert!(
        failures.is_empty(),
        "{} failing semantic cases:\n\n{}",
        failures.len(),
        failures.join("\n\n")
    );
}
