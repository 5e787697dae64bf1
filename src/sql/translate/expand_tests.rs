//! The expansions of MERGE and INSERT ALL / FIRST are the trees sqlparser's
//! Oracle parser gives for the same statements written out by hand (the
//! forms of `expand`'s documentation, Oracle's MERGE and multi-table INSERT
//! semantics: <https://docs.oracle.com/en/database/oracle/oracle-database/19/sqlrf/MERGE.html>,
//! <https://docs.oracle.com/en/database/oracle/oracle-database/19/sqlrf/INSERT.html>).
//! The trees are compared before translation, node by node (positions
//! aside), so a builder that drifts from the parser's shape (a missing
//! `Expr::Nested`, an `Identifier` where the text has `s.x`) fails here even
//! where the printed SQL would not show it.

use sqlparser::ast::Statement;

use super::{Binds, Translator};
use crate::diag::SourceMap;
use crate::spec::model::Dialect;
use crate::sql::parse::{parse_statements, parse_synthetic};
use crate::sql::span::SqlSource;

/// The untranslated statements `sql` (one MERGE or multi-table INSERT) expands into.
fn expand(sql: &str) -> Vec<Statement> {
    let mut sources = SourceMap::new();
    let pipeline = crate::sql::testing::pipeline(&mut sources);
    let file = sources.add("t.sql", sql.to_string());
    let source = SqlSource::new(file, 0, sql);
    let (parsed, diagnostics) = parse_statements(&source, Dialect::Oracle);
    assert!(diagnostics.is_empty(), "{sql}: {diagnostics:?}");
    let [parsed] = parsed.as_slice() else {
        panic!("{sql}: not one statement");
    };
    let mut translator = Translator::new(&pipeline, source.clone(), true, Binds::Params);
    let out = match &parsed.statement {
        Statement::Merge(merge) => translator.merge_statements(merge),
        Statement::Insert(insert) => translator.multi_insert_statements(insert),
        other => panic!("{sql}: not expanded: {other}"),
    };
    assert!(
        translator.diagnostics.is_empty(),
        "{sql}: {:?}",
        translator.diagnostics
    );
    out.unwrap_or_else(|| panic!("{sql}: no expansion"))
}

/// `sql` expands into the statements of `expected` (Oracle SQL).
fn expands_to(sql: &str, expected: &str) {
    let built = expand(sql);
    let parsed = parse_synthetic(expected, Dialect::Oracle).expect("expected text parses");
    assert_eq!(built.len(), parsed.len(), "{sql}");
    for (built, parsed) in built.iter().zip(&parsed) {
        assert_eq!(built, parsed, "{sql}\nbuilt:  {built}\nparsed: {parsed}");
    }
}

#[test]
fn merge_with_every_clause() {
    expands_to(
        "MERGE INTO dw.dim_customer c \
         USING (SELECT customer_id, email FROM stg.customer WHERE tier = 'GOLD') s \
         ON (c.customer_id = s.customer_id) \
         WHEN MATCHED THEN UPDATE SET c.email = s.email, full_name = UPPER(s.email) \
           WHERE s.email IS NOT NULL OR c.email IS NULL \
           DELETE WHERE c.full_name = 'DELETED' \
         WHEN NOT MATCHED THEN INSERT (c.customer_id, email) \
           VALUES (s.customer_id, s.email || 'x') WHERE s.customer_id > 0",
        "DROP TABLE IF EXISTS eltc_merge_source; \
         CREATE TEMPORARY TABLE eltc_merge_source AS SELECT s.*, \
           CASE WHEN EXISTS (SELECT 1 FROM dw.dim_customer c WHERE (c.customer_id = s.customer_id)) THEN 1 ELSE 0 END AS eltc_matched, \
           CASE WHEN EXISTS (SELECT 1 FROM dw.dim_customer c WHERE (c.customer_id = s.customer_id) \
             AND (s.email IS NOT NULL OR c.email IS NULL)) THEN 1 ELSE 0 END AS eltc_updated \
           FROM (SELECT customer_id, email FROM stg.customer WHERE tier = 'GOLD') s; \
         UPDATE eltc_merge_source SET eltc_matched = CAST('ORA-30926: unable to get a stable set of rows in the source tables (' || CAST(eltc_dup.eltc_rows AS VARCHAR2(20)) || ' source rows for one target row)' AS INTEGER) FROM (SELECT COUNT(*) AS eltc_rows FROM eltc_merge_source s WHERE s.eltc_matched = 1 GROUP BY s.customer_id HAVING COUNT(*) > 1) eltc_dup; \
         UPDATE dw.dim_customer c SET c.email = s.email, full_name = UPPER(s.email) \
           FROM eltc_merge_source s WHERE (c.customer_id = s.customer_id) \
           AND (s.email IS NOT NULL OR c.email IS NULL); \
         DELETE FROM dw.dim_customer c USING eltc_merge_source s \
           WHERE (c.customer_id = s.customer_id) AND s.eltc_updated = 1 AND (c.full_name = 'DELETED'); \
         INSERT INTO dw.dim_customer (customer_id, email) SELECT s.customer_id, s.email || 'x' \
           FROM eltc_merge_source s WHERE s.eltc_matched = 0 AND (s.customer_id > 0); \
         DROP TABLE eltc_merge_source",
    );
}

#[test]
fn merge_from_a_table_without_aliases() {
    // Unaliased, the source table's name qualifies its columns; a source
    // subquery without an alias is named `eltc_source`.
    expands_to(
        "MERGE INTO dw.dim_store USING stg.store ON (dim_store.store_id = store.store_id) \
         WHEN MATCHED THEN UPDATE SET store_name = store.store_name",
        "DROP TABLE IF EXISTS eltc_merge_source; \
         CREATE TEMPORARY TABLE eltc_merge_source AS SELECT store.*, \
           CASE WHEN EXISTS (SELECT 1 FROM dw.dim_store WHERE (dim_store.store_id = store.store_id)) \
           THEN 1 ELSE 0 END AS eltc_matched FROM stg.store store; \
         UPDATE eltc_merge_source SET eltc_matched = CAST('ORA-30926: unable to get a stable set of rows in the source tables (' || CAST(eltc_dup.eltc_rows AS VARCHAR2(20)) || ' source rows for one target row)' AS INTEGER) FROM (SELECT COUNT(*) AS eltc_rows FROM eltc_merge_source store WHERE store.eltc_matched = 1 GROUP BY store.store_id HAVING COUNT(*) > 1) eltc_dup; \
         UPDATE dw.dim_store SET store_name = store.store_name FROM eltc_merge_source store \
           WHERE (dim_store.store_id = store.store_id); \
         DROP TABLE eltc_merge_source",
    );
    expands_to(
        "MERGE INTO dw.dim_store d USING (SELECT store_id FROM stg.store) \
         ON (d.store_id = eltc_source.store_id) \
         WHEN NOT MATCHED THEN INSERT VALUES (eltc_source.store_id)",
        "DROP TABLE IF EXISTS eltc_merge_source; \
         CREATE TEMPORARY TABLE eltc_merge_source AS SELECT eltc_source.*, \
           CASE WHEN EXISTS (SELECT 1 FROM dw.dim_store d WHERE (d.store_id = eltc_source.store_id)) \
           THEN 1 ELSE 0 END AS eltc_matched FROM (SELECT store_id FROM stg.store) eltc_source; \
         INSERT INTO dw.dim_store SELECT eltc_source.store_id FROM eltc_merge_source eltc_source \
           WHERE eltc_source.eltc_matched = 0; \
         DROP TABLE eltc_merge_source",
    );
}

#[test]
fn insert_all_and_first() {
    expands_to(
        "INSERT ALL INTO dw.dim_store (store_id, is_open) VALUES (store_id, 'Y') \
         INTO dw.dim_store SELECT h.store_id FROM stg.sales_header h",
        "DROP TABLE IF EXISTS eltc_insert_source; \
         CREATE TEMPORARY TABLE eltc_insert_source AS SELECT h.store_id FROM stg.sales_header h; \
         INSERT INTO dw.dim_store (store_id, is_open) SELECT store_id, 'Y' FROM eltc_insert_source; \
         INSERT INTO dw.dim_store SELECT * FROM eltc_insert_source; \
         DROP TABLE eltc_insert_source",
    );
    let when = "WHEN q > 100 OR q IS NULL THEN INTO dw.a (x) VALUES (q) \
                WHEN q > 10 THEN INTO dw.b (x) VALUES (q + 1) INTO dw.c (x) VALUES (q) \
                ELSE INTO dw.d (x) VALUES (0) SELECT q FROM stg.t";
    let branch = "CASE WHEN q > 100 OR q IS NULL THEN 1 WHEN q > 10 THEN 2 ELSE 0 END";
    expands_to(
        &format!("INSERT ALL {when}"),
        &format!(
            "DROP TABLE IF EXISTS eltc_insert_source; \
             CREATE TEMPORARY TABLE eltc_insert_source AS SELECT q FROM stg.t; \
             INSERT INTO dw.a (x) SELECT q FROM eltc_insert_source WHERE q > 100 OR q IS NULL; \
             INSERT INTO dw.b (x) SELECT q + 1 FROM eltc_insert_source WHERE q > 10; \
             INSERT INTO dw.c (x) SELECT q FROM eltc_insert_source WHERE q > 10; \
             INSERT INTO dw.d (x) SELECT 0 FROM eltc_insert_source WHERE {branch} = 0; \
             DROP TABLE eltc_insert_source"
        ),
    );
    expands_to(
        &format!("INSERT FIRST {when}"),
        &format!(
            "DROP TABLE IF EXISTS eltc_insert_source; \
             CREATE TEMPORARY TABLE eltc_insert_source AS SELECT q FROM stg.t; \
             INSERT INTO dw.a (x) SELECT q FROM eltc_insert_source WHERE {branch} = 1; \
             INSERT INTO dw.b (x) SELECT q + 1 FROM eltc_insert_source WHERE {branch} = 2; \
             INSERT INTO dw.c (x) SELECT q FROM eltc_insert_source WHERE {branch} = 2; \
             INSERT INTO dw.d (x) SELECT 0 FROM eltc_insert_source WHERE {branch} = 0; \
             DROP TABLE eltc_insert_source"
        ),
    );
}
