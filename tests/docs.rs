//! Generated documentation stays in step with the code that generates it.

use std::path::Path;

use eltc::diag::codes::diagnostics_reference;

/// Compares `path` with `expected`; with UPDATE_DOCS=1 rewrites it instead.
pub fn assert_file_current(path: &str, expected: &str, how: &str) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(path);
    if std::env::var_os("UPDATE_DOCS").is_some() {
        std::fs::write(&path, expected).expect("write generated doc");
        return;
    }
    let actual = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(actual == expected, "{} is stale: {how}", path.display());
}

#[test]
fn diagnostics_reference_is_current() {
    assert_file_current(
        "docs/diagnostics.md",
        &diagnostics_reference(),
        "run `UPDATE_DOCS=1 cargo test docs` and commit it",
    );
}
