//! `eltc translate` scripts proved by execution on PostgreSQL: a script's
//! DDL and statements are translated (`eltc::sql::script`), each Redshift
//! statement must re-parse, goes through the backend's PostgreSQL adapter,
//! and runs with each Data API parameter replaced by its value as the Data
//! API sends it: text, an untyped literal that the statement's CAST (or its
//! context) converts. The rows are what Oracle's documentation gives for the
//! bind's value, never eltc's output.

use eltc::diag::SourceMap;
use eltc::sql::check_redshift_parses;
use eltc::sql::script::translate_script;
use eltc::target::postgres::adapt_statement;
use sqlparser::ast::{Expr, Statement, Value, visit_expressions_mut};

use crate::support::pg;

/// The Redshift statements of `script` (its diagnostics must hold no
/// error); each bind `:name` replaced by `'value'` from `binds`, in the
/// PostgreSQL form.
fn translated(script: &str, binds: &[(&str, &str)]) -> (Vec<String>, Vec<String>) {
    let mut sources = SourceMap::new();
    let file = sources.add("script.sql", script.to_string());
    let result = translate_script(file, script);
    let codes: Vec<String> = result
        .diagnostics
        .iter()
        .map(|d| format!("{}: {}", d.code.info().name, d.message))
        .collect();
    assert!(
        !result.diagnostics.iter().any(|d| d.is_error()),
        "{codes:#?}"
    );
    let statements = result
        .statements
        .iter()
        .map(|statement| {
            let redshift = statement.to_string();
            check_redshift_parses(&redshift).unwrap_or_else(|e| panic!("{redshift}: {e}"));
            let mut postgres: Statement = adapt_statement(statement);
            let _ = visit_expressions_mut(&mut postgres, |e: &mut Expr| {
                if let Expr::Value(v) = e
                    && let Value::Placeholder(name) = &v.value
                {
                    let (_, value) = binds
                        .iter()
                        .find(|(bind, _)| format!(":{bind}") == *name)
                        .unwrap_or_else(|| panic!("no value for {name}"));
                    *e = Expr::value(Value::SingleQuotedString((*value).to_string()));
                }
                std::ops::ControlFlow::<()>::Continue(())
            });
            postgres.to_string()
        })
        .collect();
    (statements, codes)
}

const DDL: &str = "CREATE TABLE st.txn (id NUMBER(9) NOT NULL, business_dt DATE);\n";

/// Rows of st.txn: business dates around the end of February 2024, one
/// with a time of day.
const ROWS: &str = "INSERT INTO st.txn VALUES (1, '2024-01-31 00:00:00'), (2, '2024-02-28 00:00:00'), \
    (3, '2024-02-29 00:00:00'), (4, '2024-02-10 15:30:00'), (5, '2023-12-31 00:00:00')";

fn run(script: &str, binds: &[(&str, &str)]) -> (Vec<Vec<Option<String>>>, Vec<String>) {
    let (statements, codes) = translated(&format!("{DDL}{script}"), binds);
    let server = pg::server();
    let mut client = server.fresh_database("translate_exec");
    client.batch_execute("CREATE SCHEMA st").unwrap();
    let (ddl, queries) = statements.split_at(1);
    client
        .batch_execute(&ddl[0])
        .unwrap_or_else(|e| panic!("{}: {e}", ddl[0]));
    client.batch_execute(ROWS).unwrap();
    let [query] = queries else {
        panic!("one query expected: {queries:?}");
    };
    let text = format!("SELECT CAST(q.* AS TEXT) FROM ({query}) AS q");
    let rows = client
        .query(text.as_str(), &[])
        .unwrap_or_else(|e| panic!("{query}: {e}"));
    let rows = rows
        .iter()
        .map(|row| {
            let record: Option<String> = row.get(0);
            record
                .unwrap_or_default()
                .trim_matches(['(', ')'])
                .split(',')
                .map(|field| (!field.is_empty()).then(|| field.trim_matches('"').to_string()))
                .collect()
        })
        .collect();
    (rows, codes)
}

fn strings(rows: &[&[&str]]) -> Vec<Vec<Option<String>>> {
    rows.iter()
        .map(|row| row.iter().map(|v| Some(v.to_string())).collect())
        .collect()
}

/// `:p_eod_date` bound as a DATE (2024-02-29): typed by ADD_MONTHS, TRUNC
/// with a format and its comparison with business_dt, so `:p_eod_date - 1`
/// is the day before. Oracle SQL Reference: ADD_MONTHS "If date is the last
/// day of the month ... the result is the last day of the resulting month"
/// (2024-01-31); TRUNC(d, 'MM') is the first of the month, minus 1 a day
/// (Datetime/Interval Arithmetic): 2024-01-31; d - 1 is 2024-02-28.
#[test]
fn a_date_bind_is_typed_by_its_uses() {
    let (rows, codes) = run(
        "SELECT t.id, ADD_MONTHS(:p_eod_date, -1) AS prev_end, TRUNC(:p_eod_date, 'MM') - 1 AS last_of_prev
           FROM st.txn t
          WHERE t.business_dt = :p_eod_date - 1
             OR t.business_dt = :p_eod_date
          ORDER BY t.id;\n",
        &[("p_eod_date", "2024-02-29")],
    );
    assert_eq!(
        rows,
        strings(&[
            &["2", "2024-01-31 00:00:00", "2024-01-31"],
            &["3", "2024-01-31 00:00:00", "2024-01-31"],
        ])
    );
    assert!(
        codes.iter().any(|c| c.starts_with(
            "translate::bind-type-inferred: bind `:p_eod_date` is taken to be a DATE"
        )),
        "{codes:?}"
    );
}

/// `:p_eod_date` bound as 'YYYYMMDD' text: TO_DATE's first argument. Oracle
/// SQL Reference, TO_DATE: '20240229' read with 'YYYYMMDD' is 29 Feb 2024;
/// ADD_MONTHS of a month end is the previous month's end (2024-01-31).
#[test]
fn a_text_bind_is_typed_by_to_date() {
    let (rows, codes) = run(
        "SELECT t.id FROM st.txn t
          WHERE t.business_dt BETWEEN ADD_MONTHS(TO_DATE(:p_eod_date, 'YYYYMMDD'), -1)
                                  AND TO_DATE(:p_eod_date, 'YYYYMMDD') - 1
          ORDER BY t.id;\n",
        &[("p_eod_date", "20240229")],
    );
    assert_eq!(rows, strings(&[&["1"], &["2"], &["4"]]));
    assert!(
        codes
            .iter()
            .any(|c| c.contains("`:p_eod_date` is taken to be character data")),
        "{codes:?}"
    );
}

/// LAST_DAY of an Oracle DATE keeps its time of day (Oracle SQL Reference,
/// LAST_DAY example: LAST_DAY(SYSDATE) - SYSDATE is a whole number of days);
/// TRUNC(MONTHS_BETWEEN(...)) of DATEs with times: same day of month gives
/// whole months, otherwise the fraction has the day difference's sign
/// (docs/translation.md). Against 2024-02-29 12:00: 2024-01-31 is a month end
/// like it (1); 2024-02-28, 02-10 15:30 and 2023-12-31 give 0, 0 and 1
/// (two month ends: 2).
#[test]
fn last_day_and_whole_months_of_dates_with_times() {
    let (rows, _) = run(
        "SELECT t.id, LAST_DAY(t.business_dt) AS month_end,
                TRUNC(MONTHS_BETWEEN(TO_DATE('2024-02-29 12:00', 'YYYY-MM-DD HH24:MI'), t.business_dt)) AS months
           FROM st.txn t ORDER BY t.id;\n",
        &[],
    );
    assert_eq!(
        rows,
        strings(&[
            &["1", "2024-01-31 00:00:00", "1"],
            &["2", "2024-02-29 00:00:00", "0"],
            &["3", "2024-02-29 00:00:00", "0"],
            &["4", "2024-02-29 15:30:00", "0"],
            &["5", "2023-12-31 00:00:00", "2"],
        ])
    );
}
