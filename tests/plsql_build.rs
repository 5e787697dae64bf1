//! `plsql:` steps in `eltc build`: the unit's procedures are created before
//! the transform procedure, which CALLs the entry. Without `call:` the entry
//! is the unit's one public procedure that no other calls, its parameters
//! taking the params of their argument names; the fixture pipeline
//! tests/fixtures/plsql/pipelines/entry_without_call runs it on PostgreSQL
//! with `eltc test` (expected rows from Oracle's documentation, cited there).
//! The diagnostics of a wrong `call:` or entry are check/err fixtures
//! (`plsql_*`, tests/check_fixtures.rs).

use std::path::Path;
use std::process::Command;

use eltc::diag::SourceMap;
use eltc::target::REDSHIFT;

const FIXTURE: &str = "tests/fixtures/plsql/pipelines/entry_without_call";

#[test]
fn the_entry_without_call_is_the_procedure_no_other_calls() {
    let mut sources = SourceMap::new();
    let (pipeline, diagnostics) = eltc::spec::load_pipeline(Path::new(FIXTURE), &mut sources);
    let pipeline = pipeline.unwrap_or_else(|| panic!("{diagnostics:#?}"));
    let (artifacts, diagnostics) = eltc::compile::compile(&pipeline, &sources, &REDSHIFT).unwrap();
    assert!(
        !diagnostics.iter().any(|d| d.is_error()),
        "{diagnostics:#?}"
    );
    let transform = &artifacts["transform.sql"];
    let at = |text: &str| {
        transform
            .find(text)
            .unwrap_or_else(|| panic!("`{text}` missing in:\n{transform}"))
    };
    // Both procedures first, then the transform procedure calling the entry.
    assert!(
        at("CREATE OR REPLACE PROCEDURE dw.log_run(")
            < at("PROCEDURE etl.transform_entry_without_call(")
    );
    assert!(
        at("CREATE OR REPLACE PROCEDURE dw.publish(")
            < at("PROCEDURE etl.transform_entry_without_call(")
    );
    assert!(
        at("CALL dw.publish(CAST(p_run_date AS TIMESTAMP));")
            > at("PROCEDURE etl.transform_entry_without_call(")
    );
    // The param reaches the entry: no unused-param warning.
    assert!(
        !diagnostics
            .iter()
            .any(|d| d.code == eltc::diag::Code::UnusedParam),
        "{diagnostics:#?}"
    );
}

#[test]
fn the_entry_without_call_runs_on_postgres() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let output = Command::new(env!("CARGO_BIN_EXE_eltc"))
        .args(["test", FIXTURE])
        .current_dir(root)
        .env_remove("ELTC_TEST_DATABASE_URL")
        .output()
        .expect("run eltc");
    let shown = format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    assert_eq!(output.status.code(), Some(0), "{shown}");
    assert!(shown.contains("ok   entry_without_call/one_day"), "{shown}");
}
