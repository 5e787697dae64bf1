//! `eltc check` on every bad-input fixture: exit code 1, never a panic, and the
//! rendered diagnostics as a snapshot (no colour, fixed width). Ok fixtures
//! must check clean.
//!
//! A case is a directory under tests/fixtures/spec/{err,ok}/ holding a
//! pipeline.yaml and the files it names. Adding a case needs no Rust edit.

use std::path::{Path, PathBuf};
use std::process::Command;

fn cases(kind: &str) -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/spec").join(kind);
    let mut dirs: Vec<PathBuf> = std::fs::read_dir(&root)
        .map(|entries| entries.filter_map(Result::ok).map(|e| e.path()).filter(|p| p.is_dir()).collect())
        .unwrap_or_default();
    dirs.sort();
    dirs
}

/// Runs `eltc check` from the repository root on a relative path, so the paths in
/// the output are the same on every machine.
fn check(dir: &Path) -> (Option<i32>, String) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let relative = dir.strip_prefix(root).expect("fixture under the repository");
    let output = Command::new(env!("CARGO_BIN_EXE_eltc"))
        .arg("check")
        .arg(relative)
        .current_dir(root)
        .env_clear()
        .output()
        .expect("run eltc");
    (output.status.code(), String::from_utf8_lossy(&output.stderr).into_owned())
}

#[test]
fn bad_input_fixtures_fail_with_their_diagnostics() {
    let cases = cases("err");
    assert!(cases.len() >= 20, "expected at least 20 bad-input cases, found {}", cases.len());
    for dir in cases {
        let name = dir.file_name().unwrap().to_string_lossy().into_owned();
        let (code, stderr) = check(&dir);
        assert_eq!(code, Some(1), "{name}: expected exit 1\n{stderr}");
        assert!(!stderr.contains("internal error"), "{name}: eltc panicked\n{stderr}");
        insta::assert_snapshot!(format!("check_err@{name}"), stderr);
    }
}

#[test]
fn good_input_fixtures_check_clean() {
    for dir in cases("ok") {
        let name = dir.file_name().unwrap().to_string_lossy().into_owned();
        let (code, stderr) = check(&dir);
        assert_eq!(code, Some(0), "{name}: expected exit 0\n{stderr}");
    }
}
