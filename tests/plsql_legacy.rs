//! The legacy units of the examples, legacy-nasdaq's procedure
//! (transform/load_market_data.prc) and legacy-retail's package
//! (transform/retail_etl.pks and .pkb), copied with their Oracle DDL into
//! tests/fixtures/plsql/legacy/<example>/:
//!
//! - translated together with the DDL, as `eltc translate ddl.sql unit` does,
//!   they raise no error-level diagnostic (the translation and its warnings
//!   are snapshotted), and the sequence that feeds `dw.dim_product` becomes
//!   the IDENTITY of `product_key` in the CREATE TABLE and leaves the INSERT;
//! - that translation, in its PostgreSQL form, is accepted by PostgreSQL and
//!   every procedure passes plpgsql_check;
//! - the pipelines that run them as written (pipelines/market_data_plsql,
//!   pipelines/retail_plsql) compile with no error, their PostgreSQL form
//!   passes plpgsql_check (the translated procedures too), and every
//!   statement of their Redshift form parses with sqlparser's Redshift
//!   dialect (tests/redshift_allow_list.txt's gaps aside);
//! - a day without prices fails the batch with ORA-20001 and changes nothing.
//!
//! The rows the units leave, day after day, are `eltc test`'s on those
//! pipelines against the examples' expected CSVs (tests/eltc_test.rs).

use std::path::Path;

use eltc::diag::render::{Style, human};
use eltc::diag::{Diagnostic, SourceMap};
use eltc::plsql::{Input, Output, Procedure, Translation, translate_files};
use eltc::target::{POSTGRES, REDSHIFT, Target};
use sqlparser::ast::Statement;

use crate::support::pg;

/// Each example's files, in the order `eltc translate` takes them: DDL first.
const LEGACY: &[(&str, &[&str])] = &[
    ("legacy-nasdaq", &["ddl.sql", "load_market_data.prc"]),
    (
        "legacy-retail",
        &["ddl.sql", "retail_etl.pks", "retail_etl.pkb"],
    ),
];

/// The pipelines that run the legacy units as written.
const PIPELINES: &[&str] = &["market_data_plsql", "retail_plsql"];

fn translate(example: &str, files: &[&str]) -> (SourceMap, Translation) {
    let dir = Path::new("tests/fixtures/plsql/legacy").join(example);
    let mut sources = SourceMap::new();
    let ids: Vec<_> = files
        .iter()
        .map(|file| {
            let path = dir.join(file);
            let text = std::fs::read_to_string(&path)
                .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
            sources.add(path, text)
        })
        .collect();
    let inputs: Vec<Input<'_>> = ids
        .iter()
        .map(|&file| Input {
            file,
            text: sources.text(file),
        })
        .collect();
    let translation = translate_files(&inputs);
    (sources, translation)
}

fn render(diagnostics: &[Diagnostic], sources: &SourceMap) -> String {
    diagnostics
        .iter()
        .map(|d| human(d, sources, Style::Plain))
        .collect::<Vec<_>>()
        .join("\n")
}

/// The outputs as `eltc translate --to <target>` prints them.
fn outputs(translation: &Translation, target: &dyn Target) -> Vec<String> {
    translation
        .outputs
        .iter()
        .map(|output| match output {
            Output::Statement(s) => format!("{};", target.statement(s)),
            Output::Procedure(p) => p.render(target),
        })
        .collect()
}

fn procedures(translation: &Translation) -> Vec<&Procedure> {
    translation
        .outputs
        .iter()
        .filter_map(|output| match output {
            Output::Procedure(p) => Some(p),
            Output::Statement(_) => None,
        })
        .collect()
}

#[test]
fn legacy_units_translate_with_their_ddl_without_errors() {
    for (example, files) in LEGACY {
        let (sources, translation) = translate(example, files);
        let errors: Vec<Diagnostic> = translation
            .diagnostics
            .iter()
            .filter(|d| d.is_error())
            .cloned()
            .collect();
        assert!(
            errors.is_empty(),
            "{example}:\n{}",
            render(&errors, &sources)
        );
        assert!(
            !procedures(&translation).is_empty(),
            "{example}: no procedure"
        );
        let text = format!(
            "{}\n-- diagnostics\n{}",
            outputs(&translation, &REDSHIFT).join("\n"),
            render(&translation.diagnostics, &sources)
        );
        insta::assert_snapshot!(format!("plsql_legacy@{example}"), text);
    }
}

/// Oracle's `dw.product_key_seq.NEXTVAL` feeds `dim_product.product_key`;
/// Redshift has no sequences, so the column is `IDENTITY(1000, 1)` (START
/// WITH 1000 INCREMENT BY 1) and the INSERT leaves it to the table.
#[test]
fn the_retail_sequence_becomes_identity_in_the_table_and_the_insert() {
    let (_, translation) = translate(LEGACY[1].0, LEGACY[1].1);
    let create = translation
        .outputs
        .iter()
        .find_map(|output| match output {
            Output::Statement(Statement::CreateTable(create))
                if create
                    .name
                    .to_string()
                    .eq_ignore_ascii_case("dw.dim_product") =>
            {
                Some(create)
            }
            _ => None,
        })
        .expect("CREATE TABLE dw.dim_product");
    let key = create
        .columns
        .iter()
        .find(|c| c.name.value.eq_ignore_ascii_case("product_key"))
        .expect("product_key");
    let definition = key.to_string();
    assert!(
        definition.contains(" IDENTITY(1000, 1)"),
        "product_key: {definition}"
    );

    let load_products = procedures(&translation)
        .into_iter()
        .find(|p| p.name == "dw.retail_etl_load_products")
        .expect("dw.retail_etl_load_products");
    let inserts: Vec<String> = load_products
        .sql_statements()
        .iter()
        .filter_map(|s| match s {
            Statement::Insert(insert) => Some(insert),
            _ => None,
        })
        .filter(|insert| {
            insert
                .table
                .to_string()
                .eq_ignore_ascii_case("dw.dim_product")
        })
        .map(|insert| {
            let columns: Vec<String> = insert
                .columns
                .iter()
                .map(|c| c.to_string().to_ascii_lowercase())
                .collect();
            assert!(
                !columns.contains(&"product_key".to_string()),
                "the INSERT still sets product_key: {columns:?}"
            );
            assert_eq!(
                columns,
                [
                    "product_code",
                    "product_name",
                    "category",
                    "list_price",
                    "valid_from",
                    "valid_to",
                    "is_current"
                ]
            );
            insert.to_string()
        })
        .collect();
    assert_eq!(inserts.len(), 1, "{inserts:?}");
    let rendered = load_products.render(&REDSHIFT).to_ascii_lowercase();
    assert!(
        !rendered.contains("nextval") && !rendered.contains("product_key_seq"),
        "{rendered}"
    );
}

/// plpgsql_check's errors for every PL/pgSQL procedure of the database.
///
/// plpgsql_check checks statements before they run, so it cannot see a
/// temporary table the procedure creates itself (its README, "Limits": "for
/// this use case it is necessary to create a fake temp table or disable
/// plpgsql_check for this function"); a MERGE expands to such a table
/// (`eltc_merge_source`). `relation "t" does not exist` is not counted when
/// the procedure's own body has `CREATE TEMPORARY TABLE t`; the statements
/// over it run in `eltc test` instead.
fn plpgsql_check_errors(client: &mut postgres::Client) -> Vec<String> {
    let procedures: Vec<(String, String)> = client
        .query(
            "SELECT CAST(CAST(p.oid AS regprocedure) AS text), p.prosrc FROM pg_proc p \
             JOIN pg_language l ON l.oid = p.prolang \
             WHERE l.lanname = 'plpgsql' AND p.prokind = 'p' ORDER BY 1",
            &[],
        )
        .expect("list procedures")
        .iter()
        .map(|row| (row.get(0), row.get(1)))
        .collect();
    assert!(!procedures.is_empty(), "no procedure was created");
    let mut errors = Vec::new();
    for (procedure, body) in procedures {
        let rows = client
            .query(
                "SELECT message, lineno FROM plpgsql_check_function_tb(CAST($1::text AS regprocedure)) WHERE level = 'error'",
                &[&procedure],
            )
            .unwrap_or_else(|e| panic!("plpgsql_check on {procedure}: {e}"));
        for row in rows {
            let message: String = row.get(0);
            let own_temp = message
                .strip_prefix("relation \"")
                .and_then(|rest| rest.strip_suffix("\" does not exist"))
                .is_some_and(|table| body.contains(&format!("CREATE TEMPORARY TABLE {table} ")));
            if !own_temp {
                errors.push(format!(
                    "{procedure} line {:?}: {message}",
                    row.get::<_, Option<i32>>(1)
                ));
            }
        }
    }
    errors
}

#[test]
fn legacy_translations_are_accepted_by_postgres() {
    let server = pg::server();
    for (example, files) in LEGACY {
        let (_, translation) = translate(example, files);
        let mut client = server.fresh_database(example);
        let mut schemas: Vec<String> = translation
            .outputs
            .iter()
            .filter_map(|output| match output {
                Output::Statement(Statement::CreateTable(create)) => {
                    Some(create.name.0.first()?.to_string())
                }
                Output::Procedure(p) => Some(p.name.split_once('.')?.0.to_string()),
                Output::Statement(_) => None,
            })
            .collect();
        schemas.sort();
        schemas.dedup();
        for schema in schemas {
            client
                .batch_execute(&format!("CREATE SCHEMA {schema}"))
                .unwrap();
        }
        for text in outputs(&translation, &POSTGRES) {
            client
                .batch_execute(&text)
                .unwrap_or_else(|e| panic!("{example}: PostgreSQL refuses it: {e}\n{text}"));
        }
        let errors = plpgsql_check_errors(&mut client);
        assert!(errors.is_empty(), "{example}:\n{}", errors.join("\n"));
    }
}

fn load(name: &str) -> (eltc::spec::model::Pipeline, SourceMap) {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("pipelines")
        .join(name);
    let mut sources = SourceMap::new();
    let (pipeline, diagnostics) = eltc::spec::load_pipeline(&dir, &mut sources);
    let pipeline = pipeline.unwrap_or_else(|| panic!("{name}: {diagnostics:#?}"));
    (pipeline, sources)
}

#[test]
fn plsql_pipelines_postgres_form_passes_plpgsql_check() {
    let server = pg::server();
    for name in PIPELINES {
        let (pipeline, sources) = load(name);
        let (artifacts, diagnostics) =
            eltc::compile::compile(&pipeline, &sources, &POSTGRES).unwrap();
        let errors: Vec<Diagnostic> = diagnostics.into_iter().filter(|d| d.is_error()).collect();
        assert!(errors.is_empty(), "{name}:\n{}", render(&errors, &sources));
        let mut client = server.fresh_database(name);
        for file in ["ddl.sql", "transform.sql", "load.sql"] {
            client
                .batch_execute(&artifacts[file])
                .unwrap_or_else(|e| panic!("{name}/{file} does not apply: {e}"));
        }
        let errors = plpgsql_check_errors(&mut client);
        assert!(errors.is_empty(), "{name}:\n{}", errors.join("\n"));
    }
}

/// Every statement of the pipelines' Redshift files parses with sqlparser's
/// Redshift dialect, or fails only on a gap of tests/redshift_allow_list.txt:
/// in the translated procedures, each SQL statement of the body (DML, and the
/// query of each SELECT INTO, FOR loop and cursor, as
/// `Procedure::sql_statements` gives them); in eltc's own procedures, the
/// body's SQL pieces by the rule of tests/redshift_parse.rs (the CALL of the
/// entry among them); every other statement (DDL) whole.
#[test]
fn plsql_pipelines_statements_parse_as_redshift() {
    use crate::redshift_parse::parses_allowing_listed_gaps;
    use crate::support::sql_text::{Piece, body_pieces, evaluate_execute, procedure, split};

    let mut failures = Vec::new();
    let mut calls = 0;
    let mut check = |what: String, sql: &str| {
        calls += usize::from(sql.starts_with("CALL "));
        if let Err(error) = parses_allowing_listed_gaps(sql) {
            failures.push(format!("{what}: {error}"));
        }
    };
    for name in PIPELINES {
        let (pipeline, sources) = load(name);
        let (plan, diagnostics) = eltc::backend::plan::build(&pipeline, &sources);
        assert!(!diagnostics.iter().any(Diagnostic::is_error), "{name}");
        assert!(!plan.procedures.is_empty(), "{name}: no procedure");
        for translated in &plan.procedures {
            for statement in translated.sql_statements() {
                check(
                    format!("{name}: {}", translated.name),
                    &format!("{statement}"),
                );
            }
        }
        let (artifacts, _) = eltc::compile::compile(&pipeline, &sources, &REDSHIFT).unwrap();
        for (file, text) in artifacts.iter().filter(|(f, _)| f.ends_with(".sql")) {
            for statement in split(text, true) {
                let Some((wrapper, body)) = procedure(&statement) else {
                    check(format!("{name}/{file}"), &statement);
                    continue;
                };
                let is_translated = plan.procedures.iter().any(|p| {
                    wrapper.starts_with(&format!("CREATE OR REPLACE PROCEDURE {}(", p.name))
                });
                if is_translated {
                    continue;
                }
                for piece in body_pieces(&body, true) {
                    match piece {
                        Piece::Control => {}
                        Piece::Sql(sql) => check(format!("{name}/{file} (procedure body)"), &sql),
                        Piece::Execute(expr) => match evaluate_execute(&expr) {
                            Ok(sql) => check(format!("{name}/{file} (EXECUTE)"), &sql),
                            Err(e) => check(format!("{name}/{file}: {e}"), &expr),
                        },
                    }
                }
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    // The load procedures' CALL of the transform procedure, and each
    // transform procedure's CALL of its entry.
    assert_eq!(calls, 2 * PIPELINES.len());
}

/// The legacy units reproduce the examples' expected rows: `eltc test` on the
/// pipelines that run them as written, each batch a CALL after the day's
/// files are loaded, as the legacy drivers did (run_daily.sh, run_day.sh).
#[test]
fn plsql_pipelines_reproduce_the_expected_rows() {
    let mut args = vec!["test".to_string()];
    args.extend(PIPELINES.iter().map(|name| format!("pipelines/{name}")));
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_eltc"))
        .args(&args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env_remove("ELTC_TEST_DATABASE_URL")
        .output()
        .expect("run eltc");
    let shown = format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    assert_eq!(output.status.code(), Some(0), "{shown}");
    for case in [
        "ok   market_data_plsql/two_trading_days",
        "ok   market_data_plsql/same_day_twice_keeps_one_copy",
        "ok   retail_plsql/two_business_days",
    ] {
        assert!(shown.contains(case), "{case} missing in:\n{shown}");
    }
    assert!(shown.contains("3 passed, 0 failed"), "{shown}");
}

/// Every table of the pipeline and the run log, as sorted text lines.
fn state(client: &mut postgres::Client, tables: &[String]) -> Vec<String> {
    let mut lines = Vec::new();
    for table in tables {
        let rows = eltc::runner::case::fetch(client, &format!("SELECT * FROM {table}")).unwrap();
        let mut text: Vec<String> = rows
            .rows
            .iter()
            .map(|r| format!("{table}: {r:?}"))
            .collect();
        text.sort();
        lines.extend(text);
    }
    lines
}

/// load_market_data raises ORA-20001 when no price of the day was staged
/// (`RAISE_APPLICATION_ERROR(-20001, ...)`: the error number is kept in the
/// message, <https://docs.oracle.com/en/database/oracle/oracle-database/19/lnpls/RAISE_APPLICATION_ERROR-procedure.html>),
/// and its WHEN OTHERS handler rolls back and re-raises: the batch fails and
/// every table, staging, target and run log, stays as the previous batch
/// left it, although its loads and the procedure's first statements ran.
#[test]
fn a_day_without_prices_fails_and_changes_nothing() {
    let temp = tempfile::tempdir().unwrap();
    let (pipeline, sources) = load("market_data_plsql");
    let mut batches = pipeline.tests[0].batches.clone();
    // The second day lands an empty price file.
    let given = temp.path().join("2019-07-01");
    std::fs::create_dir_all(&given).unwrap();
    for entry in std::fs::read_dir(pipeline.dir.join(&batches[1].given)).unwrap() {
        let path = entry.unwrap().path();
        std::fs::copy(&path, given.join(path.file_name().unwrap())).unwrap();
    }
    std::fs::write(given.join("eod_price.csv"), "").unwrap();
    batches[1].given = given;
    batches[0].given = pipeline.dir.join(&batches[0].given);

    let (artifacts, _) = eltc::compile::compile(&pipeline, &sources, &POSTGRES).unwrap();
    let mut tables: Vec<String> = pipeline.tables.iter().map(|t| t.name.to_string()).collect();
    tables.push("etl.eltc_run_log".into());
    let suite = eltc::runner::case::Suite::new(pipeline, &sources, artifacts).unwrap();
    let server = pg::server();
    let mut client = server.fresh_database("no_prices");
    suite.setup(&mut client).unwrap();
    suite.run_batch(&mut client, &batches[0]).unwrap();
    let before = state(&mut client, &tables);
    assert!(before.iter().any(|l| l.starts_with("olap.market_data")));
    let error = suite.run_batch(&mut client, &batches[1]).unwrap_err();
    assert!(
        error.contains("ORA-20001: no prices staged for 2019-07-01"),
        "{error}"
    );
    assert_eq!(state(&mut client, &tables), before);
}
