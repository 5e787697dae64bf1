//! Unit tests of the translation: PL/SQL in, rendered PL/pgSQL and
//! diagnostics out.

mod cases;
mod exec;
mod render;

use crate::diag::{Diagnostic, SourceMap};
use crate::plsql::{Input, Output, Translation, translate_files};
use crate::target::{REDSHIFT, Target};

/// Translates `files` (name, text) together: the Redshift text of every
/// output, and the diagnostics as `code: message` lines.
pub fn run(files: &[(&str, &str)]) -> (String, Vec<String>) {
    run_engine(files, &REDSHIFT)
}

/// Like [`run`], for `target`.
pub fn run_engine(files: &[(&str, &str)], target: &dyn Target) -> (String, Vec<String>) {
    let translation = translate_together(files);
    let mut text = String::new();
    for output in &translation.outputs {
        match output {
            Output::Statement(statement) => {
                let statement = target.statement(statement);
                text.push_str(&format!("{statement};\n"));
            }
            Output::Procedure(procedure) => text.push_str(&procedure.render(target)),
        }
    }
    let diagnostics = translation.diagnostics.iter().map(line).collect();
    (text, diagnostics)
}

/// Translates `files` (name, text) together.
fn translate_together(files: &[(&str, &str)]) -> Translation {
    let mut map = SourceMap::new();
    let ids: Vec<_> = files
        .iter()
        .map(|(name, text)| map.add(*name, text.to_string()))
        .collect();
    let inputs: Vec<Input<'_>> = ids
        .iter()
        .map(|id| Input {
            file: *id,
            text: map.text(*id),
        })
        .collect();
    translate_files(&inputs)
}

fn line(d: &Diagnostic) -> String {
    format!("{:?} {}: {}", d.severity, d.code.name(), d.message)
}

/// One procedure's text (its CREATE, DDL for `ddl`).
pub fn procedure(ddl: &str, unit: &str) -> (String, Vec<String>) {
    run(&[("ddl.sql", ddl), ("unit.sql", unit)])
}

const NASDAQ_DDL: &str =
    include_str!("../../../../tests/fixtures/plsql/legacy/legacy-nasdaq/ddl.sql");
const NASDAQ_PRC: &str =
    include_str!("../../../../tests/fixtures/plsql/legacy/legacy-nasdaq/load_market_data.prc");
const RETAIL_DDL: &str =
    include_str!("../../../../tests/fixtures/plsql/legacy/legacy-retail/ddl.sql");
const RETAIL_PKS: &str =
    include_str!("../../../../tests/fixtures/plsql/legacy/legacy-retail/retail_etl.pks");
const RETAIL_PKB: &str =
    include_str!("../../../../tests/fixtures/plsql/legacy/legacy-retail/retail_etl.pkb");

fn errors(diagnostics: &[String]) -> Vec<&String> {
    diagnostics
        .iter()
        .filter(|d| d.starts_with("Error"))
        .collect()
}

#[test]
fn legacy_units_translate_without_errors() {
    let (text, diagnostics) = run(&[
        ("ddl.sql", NASDAQ_DDL),
        ("load_market_data.prc", NASDAQ_PRC),
    ]);
    assert!(errors(&diagnostics).is_empty(), "{diagnostics:#?}");
    // The TRUNCATE is a DELETE, COMMIT and the ROLLBACK before RAISE are gone,
    // and so is the handler left empty (Redshift rolls back and re-throws).
    assert!(text.contains("  DELETE FROM staging.security_data;\n"));
    assert!(
        !text.contains("COMMIT") && !text.contains("ROLLBACK") && !text.contains("EXCEPTION\n")
    );
    assert!(text.contains("eltc_message := 'ORA-20001: ' || ('no prices staged for ' || COALESCE(TO_CHAR(p_eod_date, 'YYYY-MM-DD'), ''));"));
    let (text, diagnostics) = run(&[
        ("ddl.sql", RETAIL_DDL),
        ("retail_etl.pks", RETAIL_PKS),
        ("retail_etl.pkb", RETAIL_PKB),
    ]);
    assert!(errors(&diagnostics).is_empty(), "{diagnostics:#?}");
    // The sequence is the key's IDENTITY, and the INSERT leaves the key out.
    assert!(
        text.contains("product_key BIGINT IDENTITY(1000, 1) PRIMARY KEY"),
        "{text}"
    );
    assert!(text.contains("INSERT INTO dw.dim_product (product_code, product_name"));
    // Private procedures are procedures of the package's schema; the default is written out.
    assert!(text.contains("CREATE OR REPLACE PROCEDURE dw.retail_etl_log_step(p_day TIMESTAMP, p_step VARCHAR(65535), p_rows DECIMAL(38,10), p_message VARCHAR(65535))"));
    assert!(text.contains("CALL dw.retail_etl_log_step(p_day, CAST('dim_store' AS VARCHAR(65535)), CAST(eltc_sql_rowcount AS DECIMAL(38,10)), CAST(NULL AS VARCHAR(65535)));"), "{text}");
    let warnings: Vec<&String> = diagnostics
        .iter()
        .filter(|d| d.contains("plsql::"))
        .collect();
    assert_eq!(
        warnings,
        [
            "Warning plsql::transaction-changed: PRAGMA AUTONOMOUS_TRANSACTION dropped: the routine's writes join the caller's transaction",
            "Warning plsql::transaction-changed: COMMIT of an autonomous transaction dropped",
            "Warning plsql::transaction-changed: TRUNCATE became DELETE",
            "Warning plsql::transaction-changed: TRUNCATE became DELETE",
            "Warning plsql::transaction-changed: COMMIT dropped: the batch stays one transaction",
            "Warning plsql::transaction-changed: ROLLBACK before the re-raise dropped",
            "Warning plsql::sequence-identity: `dw.product_key_seq` became `dw.dim_product.product_key` IDENTITY(1000, 1)",
        ]
    );
}

/// Both legacy units, with their DDL, apply on PostgreSQL and pass
/// plpgsql_check (the pipelines' tests run them on the examples' days).
#[test]
fn legacy_units_are_accepted_by_postgresql() {
    let _ = exec::database(&[
        ("ddl.sql", NASDAQ_DDL),
        ("load_market_data.prc", NASDAQ_PRC),
    ]);
    let _ = exec::database(&[
        ("ddl.sql", RETAIL_DDL),
        ("retail_etl.pks", RETAIL_PKS),
        ("retail_etl.pkb", RETAIL_PKB),
    ]);
}

/// Every SQL statement inside the legacy procedures parses as Redshift SQL
/// and passes the Redshift lint.
#[test]
fn legacy_procedure_statements_parse_as_redshift_and_pass_the_lint() {
    let translation = translate_together(&[
        ("ddl.sql", RETAIL_DDL),
        ("retail_etl.pks", RETAIL_PKS),
        ("retail_etl.pkb", RETAIL_PKB),
        ("nasdaq.sql", NASDAQ_DDL),
        ("load_market_data.prc", NASDAQ_PRC),
    ]);
    let mut statements = 0;
    for output in &translation.outputs {
        let Output::Procedure(procedure) = output else {
            continue;
        };
        for statement in procedure.sql_statements() {
            statements += 1;
            let text = statement.to_string();
            crate::sql::check_redshift_parses(&text)
                .unwrap_or_else(|e| panic!("{}: {text}: {e}", procedure.name));
            let lint = crate::sql::lint::statement(&statement, &procedure.span);
            assert!(lint.is_empty(), "{}: {text}: {lint:?}", procedure.name);
        }
    }
    assert!(statements >= 28, "{statements}");
}
