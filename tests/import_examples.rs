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

/// The text of the imported pipeline's `pipeline.yaml`.
fn imported_yaml(temp: &tempfile::TempDir, name: &str) -> String {
    std::fs::read_to_string(temp.path().join(name).join("pipeline.yaml")).unwrap()
}

/// SQL strings on fields (`UPPER(:name)`, `TRIM(:code)`,
/// `TO_NUMBER(:amount, '999999') / 100`, one naming two fields) and a CONSTANT: the
/// fields go through the raw table and the expressions through the Oracle
/// translation; the rows are those of the fixture's README.md.
#[test]
fn control_file_sql_strings_load_the_documented_rows() {
    let temp = round_trip_of(&run_fixture("ctl_sql_strings"), "customers_imported");
    let yaml = imported_yaml(&temp, "customers_imported");
    for expected in [
        "name: { expr: \"UPPER(:name)\" }",
        "code: { expr: \"TRIM(:code)\" }",
        "amount: { expr: \"TO_NUMBER(:amount, '999999') / 100\" }",
        "region: { expr: \":region || '/' || TRIM(:code)\" }",
        "source_sys: { constant: LEGACY }",
        "fill_missing: true",
        "file: \"customers_{day:YYYYMMDD}.dat\"",
    ] {
        assert!(yaml.contains(expected), "{expected} missing:\n{yaml}");
    }
}

/// Three datetime masks in one load: the first date mask and the timestamp
/// mask are the source's COPY formats, the second date mask a `TO_DATE`
/// expression; columns loaded without a time of day are `date`; blank and missing
/// dates are NULL; APPEND keeps the first day's rows.
#[test]
fn control_file_date_masks_load_the_documented_rows() {
    let temp = round_trip_of(&run_fixture("ctl_date_masks"), "shipments_imported");
    let yaml = imported_yaml(&temp, "shipments_imported");
    for expected in [
        "date_format: YYYY-MM-DD",
        "timestamp_format: \"DD.MM.YYYY HH24:MI:SS\"",
        "shipped_on: { expr: \"TO_DATE(:shipped_on, 'DD/MM/YYYY')\" }",
        "ordered_on: date",
        "mode: append",
    ] {
        assert!(yaml.contains(expected), "{expected} missing:\n{yaml}");
    }
}

/// NULLIF (`= BLANKS`, `= '\N'`, `= 'NA'`) on single fields and DEFAULTIF
/// `= BLANKS` on a number: a field of blanks is 0, an empty or missing one
/// NULL, as Oracle's order of evaluation says (README.md). The source keeps
/// blanks for that, so the other fields' expressions read a blank field as
/// NULL, and `\N` is text where no NULLIF names it.
#[test]
fn control_file_nullif_and_defaultif_load_the_documented_rows() {
    let temp = round_trip_of(&run_fixture("ctl_nullif_defaultif"), "readings_imported");
    let yaml = imported_yaml(&temp, "readings_imported");
    for expected in [
        "nulls: { empty: true, blanks: false, string: \"\" }",
        "reading: { expr: \"CASE WHEN CASE WHEN TRIM(:reading) IS NOT NULL THEN :reading END = CHR(92) || 'N' THEN NULL ELSE CASE WHEN TRIM(:reading) IS NOT NULL THEN :reading END END\" }",
        "qty: { expr: \"CASE WHEN :qty IS NOT NULL AND TRIM(:qty) IS NULL THEN '0' ELSE :qty END\" }",
        "note: { expr: \"CASE WHEN TRIM(:note) IS NOT NULL THEN :note END\" }",
    ] {
        assert!(yaml.contains(expected), "{expected} missing:\n{yaml}");
    }
}

/// A fixed-width file: absolute and relative positions, a FILLER, the gap
/// before a relative position, CHAR(n), INTEGER EXTERNAL; trailing blanks
/// trimmed and blank fields NULL as for SQL*Loader's fields of predetermined
/// size (README.md).
#[test]
fn control_file_fixed_width_loads_the_documented_rows() {
    let temp = round_trip_of(&run_fixture("ctl_fixed_width"), "stores_imported");
    let yaml = imported_yaml(&temp, "stores_imported");
    for expected in [
        "format: { type: fixed_width }",
        "{ name: region, position: [17, 18], filler: true }",
        "{ name: gap_19_19, position: [19, 19], filler: true }",
        "{ name: city, position: [20, 29], filler: true }",
        "city: { expr: \"RTRIM(:city)\" }",
    ] {
        assert!(yaml.contains(expected), "{expected} missing:\n{yaml}");
    }
}
