//! Semantic tests of the statement-level translation: (+) joins, ROWNUM,
//! MERGE, INSERT ALL / FIRST, CONNECT BY, correlated UPDATE, MINUS. Each case
//! is Oracle DDL, the starting rows, the Oracle statement under test and the
//! rows Oracle's documentation says result, with the rule or example cited.
//!
//! The harness translates DDL and statement as one script with
//! `eltc::sql::script::translate_script` (the core of `eltc translate`: the
//! CREATE TABLEs type the statement), re-parses every Redshift statement,
//! turns it into the PostgreSQL form through the backend's adapter and runs
//! it in a scratch schema `s` of a fresh database on the shared test server.
//! The starting rows are plain PostgreSQL INSERTs (loading data is not what
//! is tested). The result is the rows of `check` (a PostgreSQL query over the
//! changed tables) or, without one, of the statement itself (a query).
//! Expected rows are Oracle's, never eltc's output.

use eltc::diag::SourceMap;
use eltc::diag::render::{Style, human};
use eltc::sql::check_redshift_parses;
use eltc::sql::script::translate_script;
use eltc::target::postgres::adapt_statement;
use postgres::{Client, SimpleQueryMessage};
use sqlparser::ast::Statement;

use crate::support::pg;

/// One statement-level case.
pub struct StatementCase {
    /// Short name, shown on failure.
    pub name: &'static str,
    /// Oracle CREATE TABLEs of schema `s` (translated with the statement).
    pub ddl: &'static str,
    /// The starting rows: PostgreSQL statements run after the DDL.
    pub data: &'static str,
    /// The Oracle statement(s) under test.
    pub oracle: &'static str,
    /// A PostgreSQL query of the result; `None`: the last statement's rows.
    pub check: Option<&'static str>,
    /// Oracle's result rows, columns joined by `|`, NULL as `NULL`;
    /// compared as a multiset (numbers by value).
    pub rows: &'static [&'static str],
    /// The Oracle documentation rule or example the rows come from.
    pub citation: &'static str,
}

/// Runs every case in its own scratch schema; returns one message per failure.
pub fn run_statements(family: &str, cases: &[StatementCase]) -> Vec<String> {
    let server = pg::server();
    let mut client = server.fresh_database(family);
    cases
        .iter()
        .filter_map(|case| run_case(&mut client, case).err())
        .collect()
}

fn run_case(client: &mut Client, case: &StatementCase) -> Result<(), String> {
    let name = case.name;
    client
        .batch_execute("DROP SCHEMA IF EXISTS s CASCADE; CREATE SCHEMA s;")
        .map_err(|e| format!("{name}: scratch schema: {e}"))?;
    let statements = translate(case).map_err(|d| format!("{name}: not translated\n{d}"))?;
    let mut log = Vec::new();
    let mut data_loaded = false;
    let mut last_rows = None;
    for statement in &statements {
        let redshift = statement.to_string();
        check_redshift_parses(&redshift)
            .map_err(|e| format!("{name}: Redshift form does not parse: {e}\n{redshift}"))?;
        if !data_loaded && !matches!(statement, Statement::CreateTable(_)) {
            client
                .batch_execute(case.data)
                .map_err(|e| format!("{name}: starting rows: {e}"))?;
            data_loaded = true;
        }
        let postgres = adapt_statement(statement).to_string();
        log.push(postgres.clone());
        last_rows = Some(rows(client, &postgres).map_err(|e| {
            let e = e.as_db_error().map_or(e.to_string(), ToString::to_string);
            format!(
                "{name}: PostgreSQL error: {e}\n  statements:\n    {}",
                log.join(";\n    ")
            )
        })?);
    }
    let actual = match case.check {
        Some(check) => rows(client, check).map_err(|e| format!("{name}: check query: {e}"))?,
        None => last_rows.unwrap_or_default(),
    };
    let mut actual: Vec<String> = actual.into_iter().map(|r| normalize(&r)).collect();
    let mut expected: Vec<String> = case.rows.iter().map(|r| normalize(r)).collect();
    actual.sort();
    expected.sort();
    if actual == expected {
        return Ok(());
    }
    Err(format!(
        "{name}: got rows {actual:?}\n  Oracle gives {expected:?} ({})\n  statements:\n    {}",
        case.citation,
        log.join(";\n    ")
    ))
}

/// Runs `case`, whose statement Oracle fails with an error holding
/// `message`: one of its statements must fail with it, and `check` then
/// give `rows` (the tables as they were before the failed statement).
pub fn run_failing(family: &str, case: &StatementCase, message: &str) -> Result<(), String> {
    let name = case.name;
    let server = pg::server();
    let mut client = server.fresh_database(family);
    client
        .batch_execute("CREATE SCHEMA s;")
        .map_err(|e| format!("{name}: scratch schema: {e}"))?;
    let statements = translate(case).map_err(|d| format!("{name}: not translated\n{d}"))?;
    let mut log = Vec::new();
    let mut data_loaded = false;
    let mut failure = None;
    for statement in &statements {
        let redshift = statement.to_string();
        check_redshift_parses(&redshift)
            .map_err(|e| format!("{name}: Redshift form does not parse: {e}\n{redshift}"))?;
        if !data_loaded && !matches!(statement, Statement::CreateTable(_)) {
            client
                .batch_execute(case.data)
                .map_err(|e| format!("{name}: starting rows: {e}"))?;
            data_loaded = true;
        }
        let postgres = adapt_statement(statement).to_string();
        log.push(postgres.clone());
        if let Err(e) = rows(&mut client, &postgres) {
            failure = Some(e.as_db_error().map_or(e.to_string(), ToString::to_string));
            break;
        }
    }
    let Some(error) = failure.filter(|e| e.contains(message)) else {
        return Err(format!(
            "{name}: no error holding `{message}` ({})\n  statements:\n    {}",
            case.citation,
            log.join(";\n    ")
        ));
    };
    let check = case.check.unwrap_or("SELECT 1 WHERE FALSE");
    let mut actual: Vec<String> = rows(&mut client, check)
        .map_err(|e| format!("{name}: check query: {e}"))?
        .iter()
        .map(|r| normalize(r))
        .collect();
    let mut expected: Vec<String> = case.rows.iter().map(|r| normalize(r)).collect();
    actual.sort();
    expected.sort();
    if actual != expected {
        return Err(format!(
            "{name}: after `{error}` the rows are {actual:?}, not {expected:?}"
        ));
    }
    Ok(())
}

/// The script's Redshift statements, or the rendered errors.
fn translate(case: &StatementCase) -> Result<Vec<Statement>, String> {
    let mut sources = SourceMap::new();
    let text = format!("{}\n{}", case.ddl, case.oracle);
    let file = sources.add("case.sql", text.clone());
    let script = translate_script(file, &text);
    if script.diagnostics.iter().any(|d| d.is_error()) {
        return Err(script
            .diagnostics
            .iter()
            .map(|d| human(d, &sources, Style::Plain))
            .collect::<Vec<_>>()
            .join("\n"));
    }
    Ok(script.statements)
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

/// Numbers by value: `180.0000000000` and `180` are the same row.
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
