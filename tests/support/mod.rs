//! Shared helpers of the integration tests: hand-built pipelines, reading
//! generated SQL back, and the throwaway PostgreSQL server.

#![allow(dead_code)]

pub mod model;
pub mod pg;
pub mod sql_text;

use std::path::Path;
use std::process::{Command, Output};

use eltc::backend::Artifacts;
use eltc::compile::compile;
use eltc::diag::SourceMap;
use eltc::spec::model::Pipeline;
use eltc::target::{REDSHIFT, Target};

/// The pipelines under `pipelines/` the backend tests compile, plus the
/// hand-built ones of [`model`]. A missing or failing pipeline fails the
/// test: a suite must not shrink silently.
pub fn pipelines() -> Vec<(String, Pipeline, SourceMap)> {
    let mut all = Vec::new();
    for name in PIPELINES {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("pipelines")
            .join(name);
        let mut sources = SourceMap::new();
        let (pipeline, diagnostics) = eltc::spec::load_pipeline(&dir, &mut sources);
        let pipeline = pipeline.unwrap_or_else(|| panic!("{name} does not load: {diagnostics:#?}"));
        all.push((name.to_string(), pipeline, sources));
    }
    let (pipeline, sources) = model::staged();
    all.push(("retail_like".to_string(), pipeline, sources));
    all
}

/// The example pipelines the backend suites compile. Their Redshift output
/// is recorded once, in the committed `generated/` (checked by
/// `cli::committed_generated_files_are_current`).
pub const PIPELINES: [&str; 2] = ["market_data", "retail"];

/// `compile` for `target`, failing the test on any diagnostic.
pub fn artifacts(
    name: &str,
    pipeline: &Pipeline,
    sources: &SourceMap,
    target: &dyn Target,
) -> Artifacts {
    let (artifacts, diagnostics) =
        compile(pipeline, sources, target).expect("built-in templates render");
    assert!(
        diagnostics.is_empty(),
        "{name} ({}): {diagnostics:#?}",
        target.name()
    );
    artifacts
}

/// The Redshift artifacts of every test pipeline.
pub fn redshift_artifacts() -> Vec<(String, Artifacts)> {
    pipelines()
        .into_iter()
        .map(|(name, p, s)| {
            let a = artifacts(&name, &p, &s, &REDSHIFT);
            (name, a)
        })
        .collect()
}

/// `text` with the elapsed time of eltc's summary line (`... in 0.12 s`)
/// replaced by `in [elapsed]`, so that snapshots of it are deterministic.
pub fn without_elapsed(text: &str) -> String {
    text.lines()
        .map(|line| match line.rsplit_once(" in ") {
            Some((head, tail))
                if line.starts_with("eltc ")
                    && tail
                        .strip_suffix(" s")
                        .is_some_and(|n| n.parse::<f64>().is_ok()) =>
            {
                format!("{head} in [elapsed]")
            }
            _ => line.to_string(),
        })
        .map(|line| line + "\n")
        .collect()
}

/// Runs the eltc binary in `cwd` with a clean environment (PATH only), as a
/// user's shell would with no eltc variables set.
pub fn eltc(args: &[&str], cwd: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_eltc"))
        .args(args)
        .current_dir(cwd)
        .env_clear()
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .output()
        .expect("run eltc")
}

/// Copies the directory `from` to `to`, recursively.
pub fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let path = entry.unwrap().path();
        let target = to.join(path.file_name().unwrap());
        if path.is_dir() {
            copy_dir(&path, &target);
        } else {
            std::fs::copy(&path, &target).unwrap();
        }
    }
}

/// Every file under `dir`, recursively.
pub fn files(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut found = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            found.extend(files(&path));
        } else {
            found.push(path);
        }
    }
    found
}

/// Every file under `dir` by relative path, with its bytes.
pub fn tree(dir: &Path) -> std::collections::BTreeMap<std::path::PathBuf, Vec<u8>> {
    files(dir)
        .into_iter()
        .map(|file| {
            let bytes = std::fs::read(&file).unwrap();
            (file.strip_prefix(dir).unwrap().to_owned(), bytes)
        })
        .collect()
}
