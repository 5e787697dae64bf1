//! `eltc import --assess`: the assessment of a legacy tree, written as
//! `assessment.md` and `assessment.json` (schema in docs/import.md).

use std::fs;
use std::io;
use std::path::PathBuf;

use super::ExitStatus;
use super::args::ImportArgs;
use super::import::Tree;
use crate::diag::{Diagnostic, SourceMap};
use crate::import::assess::{assess, markdown};

/// Runs the assessment of the files read.
pub fn run(
    args: &ImportArgs,
    tree: &Tree,
    sources: &mut SourceMap,
    diagnostics: Vec<Diagnostic>,
) -> io::Result<ExitStatus> {
    let assessment = assess(&tree.files, sources, &diagnostics);
    let out = args
        .out
        .clone()
        .unwrap_or_else(|| PathBuf::from("assessment"));
    fs::create_dir_all(&out)?;
    fs::write(out.join("assessment.md"), markdown(&assessment))?;
    let json = serde_json::to_string_pretty(&assessment).map_err(io::Error::other)?;
    fs::write(out.join("assessment.json"), json + "\n")?;
    let t = &assessment.totals;
    eprintln!(
        "{} files, {} crashed, {} without a manual item; {} translated, {} with a warning, {} manual; {} hours; wrote {}",
        t.files,
        t.crashed,
        t.files_without_manual,
        t.translated,
        t.warning,
        t.manual,
        t.effort_hours,
        out.join("assessment.md").display()
    );
    Ok(ExitStatus::Success)
}
