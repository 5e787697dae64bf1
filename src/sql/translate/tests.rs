//! Unit tests of the rewrite families: `check(oracle, redshift)` translates a
//! query against the test pipeline of [`crate::sql::testing`] and compares
//! the printed output; `refused(sql, code, text)` expects a diagnostic.

use crate::diag::{Code, SourceMap};
use crate::spec::model::{Dialect, SqlText};
use crate::sql::{compile_query, compile_statements};

fn run(sql: &str, statements: bool, dialect: Dialect) -> (Option<String>, Vec<(Code, String)>) {
    let mut sources = SourceMap::new();
    let mut pipeline = crate::sql::testing::pipeline(&mut sources);
    pipeline.dialect = dialect;
    let file = sources.add("t.sql", sql.to_string());
    let text = SqlText {
        file,
        range: 0..sql.len(),
    };
    let (out, diagnostics) = if statements {
        let (out, d) = compile_statements(&pipeline, &text, sql);
        (
            out.map(|s| {
                s.iter()
                    .map(ToString::to_string)
                    .collect::<Vec<_>>()
                    .join(";\n")
            }),
            d,
        )
    } else {
        let (out, d) = compile_query(&pipeline, &text, sql);
        (out.map(|q| q.query.to_string()), d)
    };
    (
        out,
        diagnostics
            .into_iter()
            .map(|d| (d.code, d.message))
            .collect(),
    )
}

fn check(input: &str, expected: &str) {
    let (out, diagnostics) = run(input, false, Dialect::Oracle);
    assert!(diagnostics.is_empty(), "{input}: {diagnostics:?}");
    assert_eq!(out.as_deref(), Some(expected), "{input}");
}

fn check_statements(input: &str, expected: &str) {
    let (out, diagnostics) = run(input, true, Dialect::Oracle);
    assert!(diagnostics.is_empty(), "{input}: {diagnostics:?}");
    assert_eq!(out.as_deref(), Some(expected), "{input}");
}

fn refused(input: &str, code: Code, text: &str) {
    let (_, diagnostics) = run(input, false, Dialect::Oracle);
    assert!(
        diagnostics
            .iter()
            .any(|(c, m)| *c == code && m.contains(text)),
        "{input}: expected {code:?} `{text}`, got {diagnostics:?}"
    );
}

fn refused_statements(input: &str, code: Code, text: &str) {
    let (_, diagnostics) = run(input, true, Dialect::Oracle);
    assert!(
        diagnostics
            .iter()
            .any(|(c, m)| *c == code && m.contains(text)),
        "{input}: expected {code:?} `{text}`, got {diagnostics:?}"
    );
}

#[test]
fn binds_become_procedure_arguments() {
    check(
        "SELECT symbol FROM staging.eod_price WHERE eod_date = :EOD_DATE",
        "SELECT symbol FROM staging.eod_price WHERE eod_date = p_eod_date",
    );
    refused(
        "SELECT symbol FROM staging.eod_price WHERE eod_date = :eod_dt",
        Code::UnknownParam,
        "`eod_dt`",
    );
}

#[test]
fn nvl_nvl2_decode() {
    check(
        "SELECT NVL(txt, 'x') AS a FROM t.all_types",
        "SELECT COALESCE(txt, 'x') AS a FROM t.all_types",
    );
    check(
        "SELECT NVL2(i, 1, 0) AS a FROM t.all_types",
        "SELECT CASE WHEN i IS NOT NULL THEN 1 ELSE 0 END AS a FROM t.all_types",
    );
    check(
        "SELECT DECODE(i, NULL, 'none', 1, 'one', nn, 'same', 'other') AS a FROM t.all_types",
        "SELECT CASE WHEN i IS NULL THEN 'none' WHEN i = 1 THEN 'one' WHEN i = nn THEN 'same' ELSE 'other' END AS a FROM t.all_types",
    );
    check(
        "SELECT DECODE(i, n, 'x') AS a FROM t.all_types",
        "SELECT CASE WHEN (i = n OR (i IS NULL AND n IS NULL)) THEN 'x' END AS a FROM t.all_types",
    );
}

#[test]
fn trunc_and_round_by_type() {
    check(
        "SELECT TRUNC(d) AS a FROM t.all_types",
        "SELECT d AS a FROM t.all_types",
    );
    check(
        "SELECT TRUNC(ts) AS a FROM t.all_types",
        "SELECT CAST(ts AS DATE) AS a FROM t.all_types",
    );
    check(
        "SELECT TRUNC(ts, 'MM') AS a FROM t.all_types",
        "SELECT CAST(DATE_TRUNC('month', ts) AS DATE) AS a FROM t.all_types",
    );
    check(
        "SELECT TRUNC(n, 1) AS a, ROUND(n) AS b FROM t.all_types",
        "SELECT TRUNC(n, 1) AS a, ROUND(n) AS b FROM t.all_types",
    );
    refused(
        "SELECT TRUNC(x.y) AS a FROM (SELECT 1 + 1 AS z FROM t.all_types) x",
        Code::UnknownColumn,
        "`y`",
    );
    refused(
        "SELECT ROUND(f, 2) AS a FROM t.all_types",
        Code::NumericSemantics,
        "floating-point",
    );
    refused(
        "SELECT TRUNC(d, 'W') AS a FROM t.all_types",
        Code::FormatModel,
        "'W'",
    );
}

#[test]
fn concatenation_keeps_oracle_nulls() {
    check(
        "SELECT txt || '-' || i AS a FROM t.all_types",
        "SELECT COALESCE(txt, '') || '-' || COALESCE(CAST(i AS VARCHAR), '') AS a FROM t.all_types",
    );
    check(
        "SELECT txt || c1 AS a FROM t.all_types",
        "SELECT NULLIF(COALESCE(txt, '') || COALESCE(c1, ''), '') AS a FROM t.all_types",
    );
    refused(
        "SELECT txt || f AS a FROM t.all_types",
        Code::ImplicitConversion,
        "floating-point",
    );
    refused(
        "SELECT txt || d AS a FROM t.all_types",
        Code::ImplicitConversion,
        "date",
    );
    refused(
        "SELECT c10 || 'x' AS a FROM t.all_types",
        Code::CharPadding,
        "CHAR(n)",
    );
}

#[test]
fn outer_joins_become_left_joins() {
    check(
        "SELECT s.symbol, r.sector_name FROM staging.security s, staging.sector r WHERE s.sectorid = r.sectorid (+) AND r.sector_name (+) = 'Tech'",
        "SELECT s.symbol, r.sector_name FROM staging.security s LEFT JOIN staging.sector r ON s.sectorid = r.sectorid AND r.sector_name = 'Tech'",
    );
    refused(
        "SELECT s.symbol FROM staging.security s, staging.sector r WHERE s.sectorid = r.sectorid (+) OR s.symbol = 'X'",
        Code::OuterJoinPlus,
        "OR",
    );
    refused(
        "SELECT s.symbol FROM staging.security s, staging.sector r WHERE s.sectorid (+) = r.sectorid (+)",
        Code::OuterJoinPlus,
        "two tables",
    );
}

#[test]
fn clock_and_dual() {
    check(
        "SELECT SYSDATE AS a, CURRENT_DATE AS b FROM DUAL",
        "SELECT GETDATE() AS a, GETDATE() AS b",
    );
    refused(
        "SELECT SYSTIMESTAMP AS a FROM dual",
        Code::ServerClock,
        "SYSTIMESTAMP",
    );
    refused(
        "SELECT CURRENT_TIMESTAMP AS a FROM dual",
        Code::ServerClock,
        "CURRENT_TIMESTAMP",
    );
}

/// Pseudo-columns are told apart before their names are lowered: in any case.
#[test]
fn pseudo_columns_in_any_case() {
    check("SELECT sysdate AS a FROM dual", "SELECT GETDATE() AS a");
    check("SELECT SysDate AS a FROM dual", "SELECT GETDATE() AS a");
    refused(
        "SELECT RowId AS a FROM dual",
        Code::PseudoColumn,
        "`ROWID` has no Redshift equivalent",
    );
    refused(
        "SELECT systimestamp AS a FROM dual",
        Code::ServerClock,
        "`SYSTIMESTAMP` has no Redshift equivalent",
    );
}

#[test]
fn conversions() {
    // A parenthesised format is the same literal to Oracle.
    check(
        "SELECT TO_CHAR(ts, ('YYYYMMDD')) AS k FROM t.all_types",
        "SELECT TO_CHAR(ts, 'YYYYMMDD') AS k FROM t.all_types",
    );
    check(
        "SELECT TO_NUMBER(TO_CHAR(ts, 'YYYYMMDD')) AS k FROM t.all_types",
        "SELECT CAST(TO_CHAR(ts, 'YYYYMMDD') AS INTEGER) AS k FROM t.all_types",
    );
    check(
        "SELECT TO_DATE(txt, 'DD-MON-YYYY') AS a FROM t.all_types",
        "SELECT TO_DATE(txt, 'DD-MON-YYYY', true) AS a FROM t.all_types",
    );
    check(
        "SELECT CAST(txt AS NUMBER(8,2)) AS a FROM t.all_types",
        "SELECT CAST(ROUND(CAST(NULLIF(TRIM(txt), '') AS DECIMAL(38,32)), 2) AS DECIMAL(8,2)) AS a FROM t.all_types",
    );
    // Oracle rounds to the target's scale; Redshift's CAST may truncate.
    check(
        "SELECT CAST(n AS NUMBER(5,1)) AS a, CAST(n AS INTEGER) AS b, CAST(i AS NUMBER(12,2)) AS c FROM t.all_types",
        "SELECT CAST(ROUND(n, 1) AS DECIMAL(5,1)) AS a, CAST(ROUND(n, 0) AS INTEGER) AS b, CAST(i AS DECIMAL(12,2)) AS c FROM t.all_types",
    );
    check(
        "SELECT CAST(0 AS NUMBER(18,2)) AS a, CAST(-1.5 AS NUMBER(3,1)) AS b, CAST(1.55 AS NUMBER(3,1)) AS c FROM dual",
        "SELECT CAST(0 AS DECIMAL(18,2)) AS a, CAST(-1.5 AS DECIMAL(3,1)) AS b, CAST(ROUND(1.55, 1) AS DECIMAL(3,1)) AS c",
    );
    refused(
        "SELECT TO_CHAR(d, 'DD-MON-RR') AS a FROM t.all_types",
        Code::FormatModel,
        "`RR`",
    );
    refused(
        "SELECT TO_NUMBER(txt) AS a FROM t.all_types",
        Code::FunctionArguments,
        "TO_NUMBER",
    );
    refused(
        "SELECT TO_CHAR(f) AS a FROM t.all_types",
        Code::FunctionArguments,
        "TO_CHAR",
    );
}

#[test]
fn arithmetic_traps() {
    check(
        "SELECT d - 1 AS a, d - d AS b FROM t.all_types",
        "SELECT d - 1 AS a, d - d AS b FROM t.all_types",
    );
    refused(
        "SELECT ts - 1 AS a FROM t.all_types",
        Code::DateArithmetic,
        "timestamp",
    );
    refused(
        "SELECT i / nn AS a FROM t.all_types",
        Code::NumericSemantics,
        "integer division",
    );
    refused(
        "SELECT AVG(i) AS a FROM t.all_types",
        Code::NumericSemantics,
        "AVG",
    );
}

#[test]
fn unsupported_functions_and_constructs() {
    refused(
        "SELECT LISTAGG(DISTINCT txt, ',') WITHIN GROUP (ORDER BY txt) AS a FROM t.all_types",
        Code::ListaggForm,
        "LISTAGG",
    );
    refused(
        "SELECT SOUNDEX(txt) AS a FROM t.all_types",
        Code::BuiltinNotTranslated,
        "SOUNDEX",
    );
    refused(
        "SELECT i FROM t.all_types WHERE ROWNUM > 1",
        Code::Rownum,
        "ROWNUM",
    );
    refused(
        "SELECT SUM(i) OVER (ORDER BY d) AS a FROM t.all_types",
        Code::WindowForm,
        "ROWS frame",
    );
    refused("SELECT i FROM t.missing", Code::UnknownTable, "t.missing");
    refused(
        "SELECT i + 1 FROM t.all_types",
        Code::ColumnMismatch,
        "no name",
    );
}

#[test]
fn set_operators_and_wildcards() {
    check(
        "SELECT txn_id FROM stg.sales_line MINUS SELECT txn_id FROM dw.fact_sales",
        "SELECT txn_id FROM stg.sales_line EXCEPT SELECT txn_id FROM dw.fact_sales",
    );
    check(
        "SELECT * FROM staging.sector",
        "SELECT sector.sectorid, sector.sector_name FROM staging.sector",
    );
    check(
        "SELECT r.* FROM staging.sector r",
        "SELECT r.sectorid, r.sector_name FROM staging.sector r",
    );
}

#[test]
fn statements() {
    check_statements(
        "DELETE FROM dw.fact_sales f WHERE f.date_key = :batch_id",
        "DELETE FROM dw.fact_sales WHERE fact_sales.date_key = p_batch_id",
    );
    check_statements(
        "UPDATE dw.dim_product d SET d.is_current = 'N' WHERE d.valid_to < :day",
        "UPDATE dw.dim_product SET is_current = 'N' WHERE dim_product.valid_to < p_day",
    );
    refused_statements(
        "TRUNCATE TABLE stg.product",
        Code::TruncateInBatch,
        "TRUNCATE",
    );
    refused_statements(
        "MERGE INTO dw.dim_store d USING stg.product s ON (d.store_id = 1) WHEN MATCHED THEN DELETE",
        Code::MergeForm,
        "MERGE",
    );
}

#[test]
fn redshift_dialect_only_binds() {
    let (out, diagnostics) = run(
        "SELECT NVL(txt, 'x') AS a FROM t.all_types WHERE d = :day",
        false,
        Dialect::Redshift,
    );
    assert!(diagnostics.is_empty(), "{diagnostics:?}");
    assert_eq!(
        out.as_deref(),
        Some("SELECT NVL(txt, 'x') AS a FROM t.all_types WHERE d = p_day")
    );
}

/// CAST to Oracle's character types maps them as DDL does and warns where
/// the Redshift type holds other values: NVARCHAR2(n) and VARCHAR2(n CHAR)
/// count characters, Redshift's VARCHAR bytes (up to 4 per character:
/// <https://docs.aws.amazon.com/redshift/latest/dg/r_Character_types.html>);
/// CLOB holds more than Redshift's longest VARCHAR(65535).
#[test]
fn casts_to_character_types_warn_where_the_meaning_changes() {
    let (out, diagnostics) = run(
        "SELECT CAST(txt AS NVARCHAR2(10)) AS a, CAST(txt AS VARCHAR2(10 CHAR)) AS b, CAST(txt AS VARCHAR2(10 BYTE)) AS c, CAST(txt AS CLOB) AS d FROM t.all_types",
        false,
        Dialect::Oracle,
    );
    assert_eq!(
        out.as_deref(),
        Some(
            "SELECT CAST(txt AS VARCHAR(40)) AS a, CAST(txt AS VARCHAR(40)) AS b, CAST(txt AS VARCHAR(10)) AS c, CAST(txt AS VARCHAR(65535)) AS d FROM t.all_types"
        )
    );
    let warnings: Vec<&String> = diagnostics
        .iter()
        .filter(|(code, _)| *code == Code::TypeMapped)
        .map(|(_, message)| message)
        .collect();
    assert_eq!(warnings.len(), 3, "{diagnostics:?}");
    assert!(warnings[0].contains("NVARCHAR2(10)") && warnings[0].contains("characters"));
    assert!(warnings[1].contains("VARCHAR2(10, CHAR)"));
    assert!(warnings[2].contains("CLOB") && warnings[2].contains("65535 bytes"));
    assert_eq!(diagnostics.len(), 3, "{diagnostics:?}");
}

/// Oracle's CURRENT_DATE is a DATE: a date and a time of day in the session
/// time zone (https://docs.oracle.com/en/database/oracle/oracle-database/19/sqlrf/CURRENT_DATE.html);
/// Redshift's CURRENT_DATE is a date only, so it would drop the time.
#[test]
fn current_date_keeps_the_time_of_day() {
    check(
        "SELECT CURRENT_DATE AS now, TRUNC(CURRENT_DATE) AS today FROM dual",
        "SELECT GETDATE() AS now, CAST(GETDATE() AS DATE) AS today",
    );
}

/// `t@link` reads another database (Oracle "Referring to Objects in Remote
/// Databases"); Redshift has none, and a quoted `"t@link"` would name a
/// local table.
#[test]
fn database_links_are_refused_once() {
    let (_, diagnostics) = run(
        "SELECT o.id, o.amount FROM s.orders@erp o",
        false,
        Dialect::Oracle,
    );
    assert_eq!(
        diagnostics,
        [(
            Code::DatabaseLink,
            "`s.orders@erp` is read through the database link `erp`".to_string()
        )]
    );
    refused_statements(
        "INSERT INTO s.orders@erp (id) VALUES (1)",
        Code::DatabaseLink,
        "database link `erp`",
    );
}

/// SQL*Plus substitutes `&name` inside quoted strings too
/// (SQL*Plus User's Guide, "Using Substitution Variables").
#[test]
fn substitution_variables_in_strings_are_reported() {
    refused(
        "SELECT id FROM s.orders WHERE day = TO_DATE('&1', 'YYYYMMDD')",
        Code::SubstitutionVariable,
        "`&1`",
    );
    refused(
        "SELECT '&&run_date' AS d FROM dual",
        Code::SubstitutionVariable,
        "`&&run_date`",
    );
    check("SELECT 'a & b' AS d FROM dual", "SELECT 'a & b' AS d");
}

#[test]
fn a_staging_table_is_a_target_only_after_its_creation() {
    refused_statements(
        "UPDATE eltc_merge_source SET eltc_matched = 0",
        Code::UnknownTable,
        "eltc_merge_source",
    );
    check_statements(
        "CREATE TEMPORARY TABLE eltc_merge_source AS SELECT k, 1 AS eltc_matched FROM t.rows; \
         UPDATE eltc_merge_source SET eltc_matched = 0",
        "CREATE TEMPORARY TABLE eltc_merge_source AS SELECT k, 1 AS eltc_matched FROM t.rows;\n\
         UPDATE eltc_merge_source SET eltc_matched = 0",
    );
    refused_statements(
        "CREATE TEMPORARY TABLE eltc_merge_source AS SELECT k FROM t.rows; \
         UPDATE eltc_merge_source SET eltc_missing = 0",
        Code::UnknownColumn,
        "eltc_missing",
    );
}

#[test]
fn to_number_written_into_a_column_takes_its_type() {
    // Oracle reads the text as a NUMBER and the column rounds it to its scale.
    check_statements(
        "INSERT INTO t.all_types (n, i) SELECT TO_NUMBER(txt), (TO_NUMBER(txt)) FROM t.all_types",
        "INSERT INTO t.all_types (n, i) SELECT CAST(ROUND(CAST(NULLIF(TRIM(txt), '') AS DECIMAL(38,30)), 2) AS DECIMAL(10,2)), (CAST(ROUND(CAST(NULLIF(TRIM(txt), '') AS DECIMAL(38,28)), 0) AS INTEGER)) FROM t.all_types",
    );
    check_statements(
        "INSERT INTO t.all_types (n) SELECT TO_NUMBER(txt) FROM t.all_types UNION ALL SELECT n FROM t.all_types",
        "INSERT INTO t.all_types (n) SELECT CAST(ROUND(CAST(NULLIF(TRIM(txt), '') AS DECIMAL(38,30)), 2) AS DECIMAL(10,2)) FROM t.all_types UNION ALL SELECT n FROM t.all_types",
    );
    check_statements(
        "INSERT INTO t.all_types (i, n) VALUES (1, TO_NUMBER(:region))",
        "INSERT INTO t.all_types (i, n) VALUES (1, CAST(ROUND(CAST(NULLIF(TRIM(p_region), '') AS DECIMAL(38,30)), 2) AS DECIMAL(10,2)))",
    );
    check_statements(
        "UPDATE t.all_types SET n = TO_NUMBER(txt) WHERE i = 1",
        "UPDATE t.all_types SET n = CAST(ROUND(CAST(NULLIF(TRIM(txt), '') AS DECIMAL(38,30)), 2) AS DECIMAL(10,2)) WHERE i = 1",
    );
    // Compared before they reach the column, or not written whole into one:
    // the NUMBER's scale is unknown there.
    for sql in [
        "INSERT INTO t.all_types (n) SELECT DISTINCT TO_NUMBER(txt) FROM t.all_types",
        "INSERT INTO t.all_types (n) SELECT TO_NUMBER(txt) FROM t.all_types GROUP BY txt",
        "INSERT INTO t.all_types (n) SELECT TO_NUMBER(txt) FROM t.all_types UNION SELECT n FROM t.all_types",
        "INSERT INTO t.all_types (n) SELECT TO_NUMBER(txt) * 2 FROM t.all_types",
        "INSERT INTO t.all_types (txt) SELECT TO_NUMBER(txt) FROM t.all_types",
        "INSERT INTO t.all_types (f) SELECT TO_NUMBER(txt) FROM t.all_types",
        "UPDATE t.all_types SET n = TO_NUMBER(txt) + 1",
    ] {
        refused_statements(sql, Code::FunctionArguments, "TO_NUMBER");
    }
}

#[test]
fn to_number_passed_on_by_a_subquery_takes_its_column_type() {
    // The top-n per key idiom: the outer block only passes the value on.
    check_statements(
        "INSERT INTO t.all_types (i, n) SELECT i, amt FROM (SELECT x.i, TO_NUMBER(x.txt) AS amt, ROW_NUMBER() OVER (PARTITION BY x.i ORDER BY x.d) AS rn FROM t.all_types x) WHERE rn = 1",
        "INSERT INTO t.all_types (i, n) SELECT i, amt FROM (SELECT x.i, CAST(ROUND(CAST(NULLIF(TRIM(x.txt), '') AS DECIMAL(38,30)), 2) AS DECIMAL(10,2)) AS amt, ROW_NUMBER() OVER (PARTITION BY x.i ORDER BY x.d) AS rn FROM t.all_types x) AS eltc_subquery_1 WHERE rn = 1",
    );
    // The subquery's own names do not reach the outer block.
    check_statements(
        "INSERT INTO t.all_types (n) SELECT s.txt FROM (SELECT TO_NUMBER(x.txt) AS txt FROM t.all_types x) s",
        "INSERT INTO t.all_types (n) SELECT s.txt FROM (SELECT CAST(ROUND(CAST(NULLIF(TRIM(x.txt), '') AS DECIMAL(38,30)), 2) AS DECIMAL(10,2)) AS txt FROM t.all_types x) s",
    );
    // Compared or ordered before it reaches the column: left refused.
    for sql in [
        "INSERT INTO t.all_types (n) SELECT amt FROM (SELECT TO_NUMBER(x.txt) AS amt FROM t.all_types x) WHERE amt > 1",
        "INSERT INTO t.all_types (n) SELECT amt FROM (SELECT TO_NUMBER(x.txt) AS amt FROM t.all_types x ORDER BY amt)",
        "INSERT INTO t.all_types (n) SELECT amt FROM (SELECT DISTINCT TO_NUMBER(x.txt) AS amt FROM t.all_types x)",
        "INSERT INTO t.all_types (n, i) SELECT amt, amt FROM (SELECT TO_NUMBER(x.txt) AS amt FROM t.all_types x)",
        "INSERT INTO t.all_types (n) SELECT amt FROM (SELECT TO_NUMBER(x.txt) AS amt FROM t.all_types x) ORDER BY amt",
    ] {
        refused_statements(sql, Code::FunctionArguments, "TO_NUMBER");
    }
}

#[test]
fn to_number_of_a_merge_source_written_into_columns_takes_their_type() {
    let merge = |set: &str, values: &str| {
        format!(
            "MERGE INTO t.all_types t USING (SELECT x.i, TO_NUMBER(x.txt) AS amt FROM t.all_types x) src ON (t.i = src.i) \
             WHEN MATCHED THEN UPDATE SET {set} WHEN NOT MATCHED THEN INSERT (i, n) VALUES (src.i, {values})"
        )
    };
    let (out, diagnostics) = run(&merge("t.n = src.amt", "src.amt"), true, Dialect::Oracle);
    assert!(diagnostics.is_empty(), "{diagnostics:?}");
    assert!(
        out.as_deref().is_some_and(|sql| sql.contains(
            "SELECT x.i, CAST(ROUND(CAST(NULLIF(TRIM(x.txt), '') AS DECIMAL(38,30)), 2) AS DECIMAL(10,2)) AS amt FROM t.all_types x"
        )),
        "{out:?}"
    );
    // Read elsewhere, or written into columns of another type: refused.
    for (set, values) in [
        ("t.n = src.amt + 1", "src.amt"),
        ("t.n = src.amt", "src.amt * 2"),
        ("t.f = src.amt", "src.amt"),
        ("t.i = src.amt", "src.amt"),
    ] {
        refused_statements(&merge(set, values), Code::FunctionArguments, "TO_NUMBER");
    }
    refused_statements(
        &merge("t.n = src.amt", "src.amt")
            .replace("ON (t.i = src.i)", "ON (t.i = src.i AND src.amt > 0)"),
        Code::FunctionArguments,
        "TO_NUMBER",
    );
}
