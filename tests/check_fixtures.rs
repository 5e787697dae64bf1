//! `eltc check` on every bad-input fixture: exit code 1 and never a panic.
//!
//! tests/fixtures/spec/{err,ok}/ are spec errors (their rendered diagnostics are
//! snapshotted by tests/spec_fixtures.rs through the library);
//! tests/fixtures/check/err/ are pipelines whose spec is valid but whose SQL or
//! strategies are not: their `eltc check` output is snapshotted here. A case is
//! a directory holding a pipeline.yaml and the files it names; adding one needs
//! no Rust edit.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::support::without_elapsed;

fn cases(kind: &str) -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(kind);
    let mut dirs: Vec<PathBuf> = std::fs::read_dir(&root)
        .map(|entries| {
            entries
                .filter_map(Result::ok)
                .map(|e| e.path())
                .filter(|p| p.is_dir())
                .collect()
        })
        .unwrap_or_default();
    dirs.sort();
    dirs
}

/// Runs `eltc check` from the repository root on a relative path, so the paths in
/// the output are the same on every machine.
fn check(dir: &Path) -> (Option<i32>, String) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let relative = dir
        .strip_prefix(root)
        .expect("fixture under the repository");
    let output = Command::new(env!("CARGO_BIN_EXE_eltc"))
        .arg("check")
        .arg(relative)
        .current_dir(root)
        .env_clear()
        .output()
        .expect("run eltc");
    (
        output.status.code(),
        without_elapsed(&String::from_utf8_lossy(&output.stderr)),
    )
}

fn name(dir: &Path) -> String {
    dir.file_name()
        .unwrap_or_default()
        .to_string_lossy()
        .into_owned()
}

#[test]
fn bad_specs_exit_1() {
    let cases = cases("spec/err");
    assert!(
        cases.len() >= 20,
        "expected at least 20 bad-input cases, found {}",
        cases.len()
    );
    for dir in cases {
        let (code, stderr) = check(&dir);
        assert_eq!(code, Some(1), "{}: expected exit 1\n{stderr}", name(&dir));
        assert!(
            stderr.contains("eltc::spec::") || stderr.contains("eltc::io::"),
            "{}: {stderr}",
            name(&dir)
        );
        assert!(
            !stderr.contains("internal error"),
            "{}: eltc failed\n{stderr}",
            name(&dir)
        );
    }
}

#[test]
fn bad_sql_exits_1_with_its_diagnostics() {
    let cases = cases("check/err");
    assert!(
        cases.len() >= 8,
        "expected the check/err cases, found {}",
        cases.len()
    );
    for dir in cases {
        let (code, stderr) = check(&dir);
        assert_eq!(code, Some(1), "{}: expected exit 1\n{stderr}", name(&dir));
        assert!(
            !stderr.contains("internal error"),
            "{}: eltc failed\n{stderr}",
            name(&dir)
        );
        insta::assert_snapshot!(format!("check_err@{}", name(&dir)), stderr);
    }
}

#[test]
fn good_specs_check_clean() {
    for dir in cases("spec/ok") {
        let (code, stderr) = check(&dir);
        assert_eq!(code, Some(0), "{}: expected exit 0\n{stderr}", name(&dir));
    }
}
