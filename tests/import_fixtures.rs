//! `eltc import` fixtures, each citing the Oracle documentation behaviour it
//! tests in its first comment:
//!
//! - `tests/fixtures/import/ctl/*.ctl`: imported with the shared
//!   `_ddl.sql`; the snapshot holds the sources the spec gets, the import's
//!   diagnostics and the result of checking the written pipeline as
//!   `eltc check` does (an import without errors must give a spec that
//!   loads; the check's errors, from the translation of expressions, are
//!   part of the snapshot);
//! - `tests/fixtures/import/driver/*`: what the driver reader finds (sqlldr
//!   calls with their arguments and exit-code handling, procedure calls,
//!   scripts, where variables come from) and its diagnostics;
//! - `tests/fixtures/import/folder/<case>/`: a whole legacy folder imported:
//!   the pipeline.yaml, the transform files written and the import report;
//! - `tests/fixtures/import/unload/*.sql`: the spooled files' columns and hazards.

use std::fs;
use std::path::{Path, PathBuf};

use eltc::diag::render::{Style, human};
use eltc::diag::{Diagnostic, SourceMap};
use eltc::import::{self, LegacyFile, Request, driver, unload};
use eltc::target::REDSHIFT;

fn dir(kind: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/import")
        .join(kind)
}

fn files(kind: &str) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = fs::read_dir(dir(kind))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| !p.file_name().unwrap().to_string_lossy().starts_with('_'))
        .collect();
    files.sort();
    files
}

fn rendered(diagnostics: &[Diagnostic], sources: &SourceMap) -> String {
    let mut sorted = diagnostics.to_vec();
    sorted.sort_by_key(|d| (d.primary.span.file, d.primary.span.range.start, d.code));
    sorted
        .iter()
        .map(|d| human(d, sources, Style::Plain))
        .collect::<Vec<_>>()
        .join("\n")
}

/// The section of the YAML from `from` to the next top-level key.
fn section(yaml: &str, from: &str) -> String {
    let Some(start) = yaml.find(&format!("\n{from}:")) else {
        return String::new();
    };
    let rest = &yaml[start + 1..];
    let end = rest[1..].find("\n\n").map_or(rest.len(), |i| i + 1);
    rest[..end].to_string()
}

/// The written pipeline checked as `eltc check` checks it: "ok", the check's
/// errors, or why it was not checked (the import raised errors).
fn checked(name: &str, imported: &import::Imported) -> String {
    if imported.diagnostics.iter().any(Diagnostic::is_error) {
        return "not checked: the import raised errors".to_string();
    }
    let temp = tempfile::tempdir().unwrap();
    fs::write(temp.path().join("pipeline.yaml"), &imported.yaml).unwrap();
    for (rel, body) in &imported.files {
        let to = temp.path().join(rel);
        fs::create_dir_all(to.parent().unwrap()).unwrap();
        fs::write(to, body).unwrap();
    }
    let mut check_sources = SourceMap::new();
    let (pipeline, mut found) = eltc::spec::load_pipeline(temp.path(), &mut check_sources);
    if let Some(pipeline) = &pipeline {
        found.extend(
            eltc::compile::compile(pipeline, &check_sources, &REDSHIFT)
                .unwrap()
                .1,
        );
    }
    assert!(
        pipeline.is_some(),
        "{name}: the imported spec does not load:\n{}\n{}",
        rendered(&found, &check_sources),
        imported.yaml
    );
    // Expressions go through the translation layer at build time: what
    // it refuses (an RR mask, say) is its diagnostic, shown here.
    let check_errors: Vec<Diagnostic> = found.into_iter().filter(Diagnostic::is_error).collect();
    if check_errors.is_empty() {
        "ok".to_string()
    } else {
        rendered(&check_errors, &check_sources).replace(temp.path().to_str().unwrap(), "<pipeline>")
    }
}

#[test]
fn control_files() {
    let ddl_path = dir("ctl").join("_ddl.sql");
    let ddl = fs::read_to_string(&ddl_path).unwrap();
    let all = files("ctl");
    assert!(all.len() >= 40, "{} control-file fixtures", all.len());
    for path in all {
        let name = path.file_stem().unwrap().to_string_lossy().to_string();
        let text = fs::read_to_string(&path).unwrap();
        assert!(
            text.starts_with("-- Oracle SQL*Loader: "),
            "{name}: cite the documented behaviour first"
        );
        let mut sources = SourceMap::new();
        let ddl_id = sources.add("_ddl.sql", ddl.clone());
        let ctl_name = format!("{name}.ctl");
        let ctl_id = sources.add(&ctl_name, text.clone());
        let request = Request {
            name: "fixture".into(),
            files: vec![
                LegacyFile {
                    id: ddl_id,
                    path: "_ddl.sql",
                    text: &ddl,
                },
                LegacyFile {
                    id: ctl_id,
                    path: &ctl_name,
                    text: &text,
                },
            ],
            days: Vec::new(),
            schema: None,
        };
        let imported = import::import(&request);
        let check = checked(&name, &imported);
        let snapshot = format!(
            "{}\n== diagnostics ==\n{}\n== eltc check ==\n{check}\n",
            section(&imported.yaml, "sources"),
            rendered(&imported.diagnostics, &sources)
        );
        insta::assert_snapshot!(format!("import_ctl_{name}"), snapshot);
    }
}

#[test]
fn drivers() {
    let all = files("driver");
    assert!(all.len() >= 15, "{} driver fixtures", all.len());
    for path in all {
        let base = path.file_name().unwrap().to_string_lossy().to_string();
        let text = fs::read_to_string(&path).unwrap();
        let mut sources = SourceMap::new();
        let id = sources.add(&base, text.clone());
        let found = driver::read(id, &text, base.ends_with(".bat") || base.ends_with(".cmd"));
        let mut out = String::new();
        for load in &found.loads {
            out.push_str(&format!(
                "sqlldr control={:?} data={:?} errors={:?} skip={:?} exit={:?}\n",
                load.control, load.data, load.errors, load.skip, load.exit_check
            ));
        }
        for call in &found.calls {
            out.push_str(&format!("call {}({})\n", call.name, call.args.join(", ")));
        }
        for script in &found.scripts {
            out.push_str(&format!("script {} {:?}\n", script.path, script.args));
        }
        for (var, origins) in &found.origins {
            out.push_str(&format!("${{{var}}} from {}\n", origins.join("; else ")));
        }
        out.push_str("== diagnostics ==\n");
        out.push_str(&rendered(&found.diagnostics, &sources));
        insta::assert_snapshot!(format!("import_driver_{}", base.replace('.', "_")), out);
    }
}

/// `tests/fixtures/import/folder/<case>/`: a legacy folder (driver, control
/// files, scripts, units, DDL) imported whole, tables without a schema in
/// `stg`; the snapshot holds the pipeline.yaml, the import report and the
/// check of the written pipeline. Each case's driver cites the Oracle
/// behaviour it tests in its first comment.
#[test]
fn folders() {
    let mut cases: Vec<PathBuf> = fs::read_dir(dir("folder"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_dir())
        .collect();
    cases.sort();
    assert!(!cases.is_empty());
    for case in cases {
        let name = case.file_name().unwrap().to_string_lossy().to_string();
        let mut paths: Vec<PathBuf> = fs::read_dir(&case)
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.is_file())
            .collect();
        paths.sort();
        let mut sources = SourceMap::new();
        let texts: Vec<(String, String)> = paths
            .iter()
            .map(|p| {
                let base = p.file_name().unwrap().to_string_lossy();
                (format!("{name}/{base}"), fs::read_to_string(p).unwrap())
            })
            .collect();
        let ids: Vec<_> = texts
            .iter()
            .map(|(path, text)| sources.add(path, text.clone()))
            .collect();
        let request = Request {
            name: name.clone(),
            files: texts
                .iter()
                .zip(&ids)
                .map(|((path, text), id)| LegacyFile {
                    id: *id,
                    path,
                    text,
                })
                .collect(),
            days: Vec::new(),
            schema: Some("stg".into()),
        };
        let imported = import::import(&request);
        let check = checked(&name, &imported);
        let report = import::report::render(&name, &imported.findings, &sources);
        let written: String = imported
            .files
            .iter()
            .filter(|(path, _)| path.ends_with(".sql"))
            .map(|(path, text)| format!("== {path} ==\n{text}\n"))
            .collect();
        insta::assert_snapshot!(
            format!("import_folder_{name}"),
            format!(
                "{}\n{written}== report ==\n{report}\n== eltc check ==\n{check}\n",
                imported.yaml
            )
        );
    }
}

#[test]
fn unload_scripts() {
    let all = files("unload");
    assert!(all.len() >= 10, "{} unload fixtures", all.len());
    for path in all {
        let base = path.file_name().unwrap().to_string_lossy().to_string();
        let text = fs::read_to_string(&path).unwrap();
        let mut sources = SourceMap::new();
        let id = sources.add(&base, text.clone());
        let (findings, diagnostics) = unload::read(id, &text);
        let mut out: String = findings.iter().map(|f| format!("{}\n", f.note)).collect();
        out.push_str("== diagnostics ==\n");
        out.push_str(&rendered(&diagnostics, &sources));
        insta::assert_snapshot!(format!("import_unload_{}", base.replace('.', "_")), out);
    }
}

/// Never a panic, never a hang: every control file and driver fixture cut at
/// every character boundary (unclosed quotes, lists, here-documents, loops)
/// goes through the parsers and the whole import (without the DDL, whose
/// translation has its own tests, to keep this quick).
#[test]
fn truncated_inputs_never_panic() {
    let mut cases = 0;
    for kind in ["ctl", "driver"] {
        for path in files(kind) {
            let text = fs::read_to_string(&path).unwrap();
            let base = path.file_name().unwrap().to_string_lossy().to_string();
            for (cut, _) in text.char_indices() {
                let piece = &text[..cut];
                let mut sources = SourceMap::new();
                let id = sources.add(&base, piece.to_string());
                let request = Request {
                    name: "cut".into(),
                    files: vec![LegacyFile {
                        id,
                        path: &base,
                        text: piece,
                    }],
                    days: Vec::new(),
                    schema: None,
                };
                let imported = import::import(&request);
                assert!(!imported.yaml.is_empty(), "{base} cut at {cut}");
                cases += 1;
            }
        }
    }
    assert!(cases > 5000, "{cases} truncated inputs");
}
