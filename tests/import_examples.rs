//! THE acceptance test of `eltc import`: both legacy examples
//! (`../shared/examples` beside the repository in CI, `/work/shared/examples`
//! on a development machine) import with no manual edit into pipelines that
//! `eltc check` accepts and whose `eltc test` cases, made from the examples'
//! data and expected folders, pass on PostgreSQL.

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

fn round_trip(example: &str, name: &str) {
    let source = examples().join(example);
    assert!(source.is_dir(), "{} is missing", source.display());
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
}

#[test]
fn legacy_nasdaq_imports_into_a_passing_pipeline() {
    round_trip("legacy-nasdaq", "nasdaq_imported");
}

#[test]
fn legacy_retail_imports_into_a_passing_pipeline() {
    round_trip("legacy-retail", "retail_imported");
}
