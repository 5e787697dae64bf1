//! The Redshift lint's negative fixtures: every `tests/fixtures/lint/*.sql`
//! is SQL Redshift rejects (one file per restriction of docs/redshift.md#plpgsql-statements,
//! 1.10, 3.1, 3.6, 3.8, 3.9, 4.6; the file name starts with the section) and
//! must raise a `lint::` error. `proc_*` files are procedures, checked as the
//! generated ones are. The positive side: every build test compiles
//! market_data and retail through the same lint without an error.

use eltc::diag::SourceMap;
use eltc::sql::lint;

#[test]
fn every_lint_fixture_raises_its_error() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/lint");
    let mut names: Vec<_> = std::fs::read_dir(&dir)
        .expect("lint fixtures")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "sql"))
        .collect();
    names.sort();
    assert!(
        names.len() >= 20,
        "expected the lint fixtures, found {}",
        names.len()
    );
    let mut missing = Vec::new();
    for path in names {
        let text = std::fs::read_to_string(&path).expect("readable");
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let mut sources = SourceMap::new();
        let file = sources.add(&name, text.clone());
        let diagnostics = if name.starts_with("proc_") {
            lint::procedure(file, &text)
        } else {
            lint::text(file, &text)
        };
        let hit = diagnostics
            .iter()
            .any(|d| d.is_error() && d.code.name().starts_with("lint::"));
        if !hit {
            missing.push(format!("{name}: {diagnostics:?}"));
        }
    }
    assert!(
        missing.is_empty(),
        "no lint error for:\n{}",
        missing.join("\n")
    );
}

#[test]
fn raise_exception_and_quoted_words_are_not_hits() {
    let text = "BEGIN\n  -- never TRUNCATE here\n  RAISE EXCEPTION 'rollback of %', x;\nEND;";
    let mut sources = SourceMap::new();
    let file = sources.add("p.sql", text.to_string());
    assert!(lint::procedure(file, text).is_empty());
}

/// A finding points at its word in the procedure text, and the built-in
/// procedure templates have none (a `--templates DIR` override is linted
/// the same way by the CLI).
#[test]
fn findings_point_at_the_word_and_builtin_templates_are_clean() {
    let text = "BEGIN\n  DELETE FROM t;\n  COMMIT;\nEND;";
    let mut sources = SourceMap::new();
    let file = sources.add("p.sql", text.to_string());
    let found = lint::procedure(file, text);
    assert_eq!(found.len(), 1, "{found:#?}");
    assert_eq!(&text[found[0].primary.span.range.clone()], "COMMIT");
    for (name, template) in eltc::backend::templates::BUILTIN {
        if name.ends_with(".sql.j2") {
            let file = sources.add(name, template.to_string());
            assert!(lint::procedure(file, template).is_empty(), "{name}");
        }
    }
}
