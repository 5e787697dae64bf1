//! THE acceptance test of `eltc import`: both legacy examples
//! (`../shared/examples` beside the repository in CI, `/work/shared/examples`
//! on a development machine) import with no manual edit into pipelines that
//! `eltc check` accepts and whose `eltc test` cases, made from the examples'
//! data and expected folders, pass on PostgreSQL. Fixture folders of the
//! same shape (`tests/fixtures/import/run/`) take the same round trip.

use std::path::{Path, PathBuf};
use std::process::Command;

fn examples() -> PathBuf {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let beside = root.join("../shared/examples");
    if beside.is_dir() {
        beside
    } else {
        PathBuf::from("/work/shared/examples")
    }
}

fn eltc(args: &[&str]) -> (i32, String) {
    let output = Command::new(env!("CARGO_BIN_EXE_eltc"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env_remove("ELTC_TEST_DATABASE_URL")
        .output()
        .expect("run eltc");
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    (output.status.code().unwrap_or(-1), text)
}

fn run_fixture(case: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/import/run")
        .join(case)
}

fn round_trip(example: &str, name: &str) {
    round_trip_of(&examples().join(example), name);
}

/// Imports `source`, checks and tests the pipeline; returns its folder.
fn round_trip_of(source: &Path, name: &str) -> tempfile::TempDir {
    let example = source.display().to_string();
    assert!(source.is_dir(), "{example} is missing");
    let temp = tempfile::tempdir().unwrap();
    let out = temp.path().join(name);
    let (code, text) = eltc(&[
        "import",
        "--name",
        name,
        "--out",
        out.to_str().unwrap(),
        source.to_str().unwrap(),
    ]);
    assert_eq!(code, 0, "eltc import {example}:\n{text}");
    let report = std::fs::read_to_string(out.join("import-report.md")).unwrap();
    assert!(report.contains("## Needs a human"), "{report}");
    let (code, text) = eltc(&["check", out.to_str().unwrap()]);
    assert_eq!(code, 0, "eltc check of the imported {example}:\n{text}");
    let (code, text) = eltc(&["test", out.to_str().unwrap()]);
    assert_eq!(code, 0, "eltc test of the imported {example}:\n{text}");
    assert!(text.contains(&format!("ok   {name}/legacy_run")), "{text}");
    temp
}

#[test]
fn legacy_nasdaq_imports_into_a_passing_pipeline() {
    round_trip("legacy-nasdaq", "nasdaq_imported");
}

#[test]
fn legacy_retail_imports_into_a_passing_pipeline() {
    round_trip("legacy-retail", "retail_imported");
}

/// A driver running a plain DML script with sqlplus (`@merge_orders.sql
/// $DAY`): the script becomes an `sql:` step after the load, `&1` the date
/// param, and the imported pipeline gives the rows worked out by hand from
/// Oracle's semantics (the fixture's README.md) over two days.
#[test]
fn sqlplus_dml_script_imports_into_a_passing_pipeline() {
    let temp = round_trip_of(&run_fixture("sqlplus_dml_script"), "orders_imported");
    let out = temp.path().join("orders_imported");
    let yaml = std::fs::read_to_string(out.join("pipeline.yaml")).unwrap();
    assert!(
        yaml.contains("    sql: transforms/merge_orders.sql"),
        "{yaml}"
    );
    assert!(
        yaml.contains("file: \"orders_{day:YYYYMMDD}.dat\""),
        "{yaml}"
    );
    let sql = std::fs::read_to_string(out.join("transforms/merge_orders.sql")).unwrap();
    for gone in ["SPOOL", "PROMPT", "WHENEVER", "COMMIT", "EXIT", "&1"] {
        assert!(!sql.contains(gone), "{gone} left in:\n{sql}");
    }
}

/// `--encoding gbk` decodes every legacy file that is not UTF-8: the
/// script's Chinese literal reaches the step as written, with no encoding
/// warning; without it, the warning names the encoding assumed and the option.
#[test]
fn gbk_files_are_read_in_the_encoding_given() {
    let source = run_fixture("gbk_files");
    let temp = tempfile::tempdir().unwrap();
    let out = temp.path().join("regions");
    let (code, text) = eltc(&[
        "import",
        "--encoding",
        "gbk",
        "--out",
        out.to_str().unwrap(),
        source.to_str().unwrap(),
    ]);
    assert_eq!(code, 0, "{text}");
    assert!(!text.contains("import::file-encoding"), "{text}");
    let sql = std::fs::read_to_string(out.join("transforms/name_regions.sql")).unwrap();
    assert!(sql.contains("region_name = '华东'"), "{sql}");

    let guessed = temp.path().join("guessed");
    let (_, text) = eltc(&[
        "import",
        "--out",
        guessed.to_str().unwrap(),
        source.to_str().unwrap(),
    ]);
    assert!(text.contains("import::file-encoding"), "{text}");
    assert!(text.contains("Windows-1252 assumed"), "{text}");
    assert!(text.contains("--encoding gbk"), "{text}");
    let sql = std::fs::read_to_string(guessed.join("transforms/name_regions.sql")).unwrap();
    assert!(!sql.contains("华东"), "{sql}");
}
