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

/// The text files of the repository: what `git ls-files` lists.
fn tracked_text_files() -> Vec<(String, String)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let listed = std::process::Command::new("git")
        .args(["ls-files", "-z"])
        .current_dir(root)
        .output()
        .expect("run git ls-files");
    assert!(listed.status.success(), "git ls-files failed");
    String::from_utf8(listed.stdout)
        .expect("UTF-8 file names")
        .split('\0')
        .filter(|name| !name.is_empty())
        .filter_map(|name| {
            let text = std::fs::read_to_string(root.join(name)).ok()?;
            Some((name.to_string(), text))
        })
        .collect()
}

/// The anchors docs/redshift.md defines, section by section, each with the
/// text up to the next anchor.
fn redshift_reference_sections() -> Vec<(String, String)> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/redshift.md");
    let text = std::fs::read_to_string(path).expect("read docs/redshift.md");
    let mut sections = Vec::new();
    let mut rest = text.as_str();
    while let Some(start) = rest.find("<a id=\"") {
        let after = &rest[start + "<a id=\"".len()..];
        let end = after.find('"').expect("closed anchor id");
        let body_end = after.find("<a id=\"").unwrap_or(after.len());
        sections.push((after[..end].to_string(), after[end..body_end].to_string()));
        rest = &after[body_end..];
    }
    sections
}

#[test]
fn every_cited_redshift_reference_anchor_exists() {
    let sections = redshift_reference_sections();
    assert!(sections.len() >= 20, "docs/redshift.md lost its sections");
    for (anchor, body) in &sections {
        assert!(
            body.contains("](https://docs.aws.amazon.com/")
                || body.contains("](https://docs.oracle.com/"),
            "docs/redshift.md#{anchor} links no AWS or Oracle page"
        );
    }
    let anchor_chars = |c: char| c.is_ascii_alphanumeric() || c == '-';
    let mut cited = 0;
    for (name, text) in tracked_text_files() {
        for (at, _) in text.match_indices("redshift.md#") {
            let anchor: String = text[at + "redshift.md#".len()..]
                .chars()
                .take_while(|&c| anchor_chars(c))
                .collect();
            if anchor.is_empty() {
                continue;
            }
            assert!(
                sections.iter().any(|(id, _)| *id == anchor),
                "{name} cites docs/redshift.md#{anchor}, which is not a section of docs/redshift.md"
            );
            cited += 1;
        }
    }
    assert!(
        cited > 50,
        "only {cited} citations of docs/redshift.md found"
    );
}

#[test]
fn citations_point_at_documents_in_the_repository() {
    // An upper-case name ending in -NOTES followed by a section number is a
    // citation of a document the repository does not hold; facts are cited
    // from docs/redshift.md or the vendor's page.
    for (name, text) in tracked_text_files() {
        for (at, _) in text.match_indices("-NOTES") {
            let prefix = text[..at]
                .chars()
                .rev()
                .take_while(char::is_ascii_uppercase)
                .count();
            assert!(
                prefix < 3,
                "{name} cites `{}`, a document outside the repository: cite docs/redshift.md or the vendor's page",
                &text[at - prefix..at + "-NOTES".len()]
            );
        }
    }
}
