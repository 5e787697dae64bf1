//! Spec loading on the fixtures: every bad-input case under
//! tests/fixtures/spec/err/ raises at least one error and its rendered
//! diagnostics are snapshotted (`spec_err@<case>`); every case under ok/ and the
//! repository's pipelines load with no diagnostic at all.
//!
//! Cases are loaded through relative paths (tests run from the package root),
//! so the paths in the rendered output are the same on every machine. Adding a
//! case needs no Rust edit: add the directory, run
//! `INSTA_UPDATE=always cargo test spec_fixtures`, read the new snapshot.

use std::path::{Path, PathBuf};

use eltc::diag::render::{Style, human};
use eltc::diag::{Diagnostic, SourceMap};
use eltc::spec::load_pipeline;
use eltc::spec::model::{Pipeline, Value};

fn cases(kind: &str) -> Vec<PathBuf> {
    let root = Path::new("tests/fixtures/spec").join(kind);
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

fn load(dir: &Path) -> (Option<Pipeline>, Vec<Diagnostic>, SourceMap) {
    let mut sources = SourceMap::new();
    let (pipeline, diagnostics) = load_pipeline(dir, &mut sources);
    (pipeline, diagnostics, sources)
}

fn render(diagnostics: &[Diagnostic], sources: &SourceMap) -> String {
    diagnostics
        .iter()
        .map(|d| human(d, sources, Style::Plain))
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn bad_specs_report_their_errors() {
    let cases = cases("err");
    assert!(
        cases.len() >= 22,
        "expected at least 22 bad-input cases, found {}",
        cases.len()
    );
    for dir in cases {
        let name = dir
            .file_name()
            .unwrap_or_default()
            .to_string_lossy()
            .into_owned();
        let (pipeline, diagnostics, sources) = load(&dir);
        assert!(
            diagnostics.iter().any(Diagnostic::is_error),
            "{name}: no error raised"
        );
        assert!(pipeline.is_none(), "{name}: a pipeline despite errors");
        insta::assert_snapshot!(format!("spec_err@{name}"), render(&diagnostics, &sources));
    }
}

#[test]
fn several_errors_are_all_reported() {
    let (_, diagnostics, _) = load(Path::new("tests/fixtures/spec/err/several_errors"));
    let mut codes: Vec<&str> = diagnostics.iter().map(|d| d.code.name()).collect();
    codes.sort_unstable();
    codes.dedup();
    assert!(
        codes.len() >= 5,
        "expected several kinds of error, got {codes:?}"
    );
}

#[test]
fn good_specs_load_without_diagnostics() {
    let cases = cases("ok");
    assert!(!cases.is_empty());
    for dir in cases {
        let (pipeline, diagnostics, sources) = load(&dir);
        assert!(
            diagnostics.is_empty(),
            "{}:\n{}",
            dir.display(),
            render(&diagnostics, &sources)
        );
        assert!(pipeline.is_some(), "{}: no pipeline", dir.display());
    }
}

#[test]
fn repository_pipelines_load_without_diagnostics() {
    for dir in ["pipelines/market_data", "pipelines/retail"] {
        if !Path::new(dir).join("pipeline.yaml").is_file() {
            continue;
        }
        let (pipeline, diagnostics, sources) = load(Path::new(dir));
        assert!(
            diagnostics.is_empty(),
            "{dir}:\n{}",
            render(&diagnostics, &sources)
        );
        assert!(pipeline.is_some(), "{dir}: no pipeline");
    }
}

#[test]
fn market_data_defaults() {
    let (pipeline, _, sources) = load(Path::new("pipelines/market_data"));
    let pipeline = pipeline.expect("market_data loads");
    assert_eq!(pipeline.redshift.load_procedure, "load_market_data");
    assert_eq!(
        pipeline.redshift.transform_procedure,
        "transform_market_data"
    );
    let eod_price = pipeline
        .sources
        .iter()
        .find(|s| s.name == "eod_price")
        .expect("eod_price source");
    assert_eq!(
        eod_price.into[0].fields.len(),
        7,
        "fields default to the table's columns"
    );
    assert!(
        eod_price.into[0]
            .columns
            .iter()
            .all(|c| c.value == Value::Field(c.column.clone()))
    );
    let staging = pipeline
        .tables
        .iter()
        .find(|t| t.name.to_string() == "staging.eod_price")
        .expect("table");
    assert!(staging.is_staging && !staging.backup);
    let olap = pipeline
        .tables
        .iter()
        .find(|t| t.name.to_string() == "olap.market_data")
        .expect("table");
    assert!(!olap.is_staging && olap.backup);
    let eltc::spec::model::TransformKind::Query { sql, .. } = &pipeline.transforms[1].kind else {
        panic!("market_data is a query");
    };
    assert!(
        sources.text(sql.file)[sql.range.clone()]
            .to_uppercase()
            .contains("SELECT")
    );
}

#[test]
fn split_source_values() {
    let (pipeline, _, sources) = load(Path::new("tests/fixtures/spec/ok/split_by_record_type"));
    let pipeline = pipeline.expect("loads");
    let lines = &pipeline.sources[0].into[1];
    let customer = lines
        .columns
        .iter()
        .find(|c| c.column == "customer")
        .expect("customer");
    let Value::Expr(sql) = &customer.value else {
        panic!("customer is an expr")
    };
    // The expression points into pipeline.yaml, where it is written verbatim.
    assert_eq!(sql.file, pipeline.file);
    assert_eq!(
        &sources.text(sql.file)[sql.range.clone()],
        "UPPER(TRIM(:customer_raw))"
    );
    let currency = lines
        .columns
        .iter()
        .find(|c| c.column == "currency")
        .expect("currency");
    assert_eq!(currency.value, Value::Constant("EUR".into()));
}

/// The complete examples of docs/spec.md (yaml blocks starting with `version: 1`)
/// are valid specs; files they name are not part of the docs, so only
/// `spec::missing-file` is tolerated.
#[test]
fn spec_reference_examples_load() {
    let doc = std::fs::read_to_string("docs/spec.md").expect("docs/spec.md");
    let examples: Vec<&str> = doc
        .split("```yaml\n")
        .skip(1)
        .filter_map(|block| block.split("```").next())
        .filter(|block| block.starts_with("version: 1"))
        .collect();
    assert!(
        examples.len() >= 3,
        "expected the complete examples, found {}",
        examples.len()
    );
    for example in examples {
        let dir = tempfile::tempdir().expect("temp dir");
        std::fs::write(dir.path().join("pipeline.yaml"), example).expect("write example");
        let (_, diagnostics, sources) = load(dir.path());
        let problems: Vec<Diagnostic> = diagnostics
            .into_iter()
            .filter(|d| d.code != eltc::diag::Code::MissingFile)
            .collect();
        assert!(problems.is_empty(), "{}", render(&problems, &sources));
    }
}
