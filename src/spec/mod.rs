//! The pipeline spec: `pipeline.yaml` and the files it names, read into the
//! checked [`model::Pipeline`].
//!
//! Stages: [`yaml`] parses the text into a tree whose every node keeps its span;
//! `decode` turns that tree into the [`raw`] shapes the spec language defines
//! (unknown keys, wrong kinds and missing keys are reported there, all of them,
//! not just the first); `resolve` turns raw shapes into the model, checking
//! references (tables, columns, params, files) and raising the semantic
//! diagnostics. [`schema`] generates the JSON Schema from the raw types.
//! This module and `resolve`'s file access are the only I/O of the spec stage.

pub mod allow;
mod decode;
pub mod inputs;
pub mod model;
pub mod pattern;
pub mod project;
pub mod raw;
mod resolve;
pub mod schema;
pub mod types;
pub mod yaml;

use std::path::Path;

use crate::diag::{Code, Diagnostic, Diagnostics, FileId, SourceMap, Span};
use crate::encoding::{self, Fallback};
use inputs::{Inputs, Kind};

/// The file of a pipeline directory that holds its spec.
pub const PIPELINE_FILE: &str = "pipeline.yaml";

/// Reads the pipeline in `dir` (its `pipeline.yaml` and every SQL file it names)
/// into the source map and resolves it. Returns `None` for the pipeline when any
/// error was raised; the diagnostics say why, sorted by file and offset.
/// Files are read as UTF-8 (see [`load_pipeline_encoded`]).
pub fn load_pipeline(
    dir: &Path,
    sources: &mut SourceMap,
) -> (Option<model::Pipeline>, Vec<Diagnostic>) {
    load_pipeline_encoded(dir, None, sources)
}

/// [`load_pipeline`], reading files that are neither UTF-8 nor marked by a
/// byte order mark in the `fallback` encoding (`--encoding`; see [`encoding`]).
pub fn load_pipeline_encoded(
    dir: &Path,
    fallback: Fallback,
    sources: &mut SourceMap,
) -> (Option<model::Pipeline>, Vec<Diagnostic>) {
    load_pipeline_recorded(dir, fallback, sources, &mut Inputs::default())
}

/// [`load_pipeline_encoded`], recording in `inputs` every file read and
/// every path looked at (what the build cache checks before it reuses a
/// result).
pub fn load_pipeline_recorded(
    dir: &Path,
    fallback: Fallback,
    sources: &mut SourceMap,
    inputs: &mut Inputs,
) -> (Option<model::Pipeline>, Vec<Diagnostic>) {
    let file = match read_spec(dir, fallback, sources, inputs) {
        Ok(file) => file,
        Err(diagnostic) => return (None, vec![*diagnostic]),
    };
    let mut diagnostics = Diagnostics::new();
    let (pipeline, found) = load_file(dir, file, fallback, sources, inputs);
    diagnostics.extend(found);
    (pipeline, diagnostics.into_sorted())
}

fn load_file(
    dir: &Path,
    file: FileId,
    fallback: Fallback,
    sources: &mut SourceMap,
    inputs: &mut Inputs,
) -> (Option<model::Pipeline>, Vec<Diagnostic>) {
    let (tree, mut diagnostics) = yaml::parse(file, sources);
    let Some(tree) = tree else {
        return (None, diagnostics);
    };
    let mut decoder = decode::Decoder::new(sources);
    let raw = decode::decode_pipeline(&mut decoder, &tree);
    diagnostics.extend(decoder.finish());
    let Some(raw) = raw else {
        return (None, diagnostics);
    };
    let (pipeline, resolved) = resolve::resolve(raw, dir, file, fallback, sources, inputs);
    diagnostics.extend(resolved);
    let failed = diagnostics.iter().any(Diagnostic::is_error);
    (pipeline.filter(|_| !failed), diagnostics)
}

/// Adds `dir/pipeline.yaml` to the source map. When it is missing or unreadable,
/// an empty virtual file (named after the directory or the file) is added so
/// that the diagnostic has a place to point at.
fn read_spec(
    dir: &Path,
    fallback: Fallback,
    sources: &mut SourceMap,
    inputs: &mut Inputs,
) -> Result<FileId, Box<Diagnostic>> {
    let path = dir.join(PIPELINE_FILE);
    let error = match inputs.read(&path) {
        Ok(bytes) => match encoding::decode(bytes, fallback) {
            Ok(text) => return Ok(sources.add(path, text)),
            Err(error) => {
                inputs.unusable(&path);
                return Err(Box::new(encoding::diagnostic(&path, error, sources)));
            }
        },
        Err(_) if inputs.kind(&path) == Kind::Missing => {
            let file = sources.add(dir.to_path_buf(), String::new());
            return Err(Box::new(
                Diagnostic::new(
                    Code::NoPipeline,
                    Span::file_start(file),
                    format!("no `{PIPELINE_FILE}` in `{}`", dir.display()),
                )
                .label("this directory")
                .help(format!(
                    "pass a pipeline directory, one that holds a `{PIPELINE_FILE}`"
                )),
            ));
        }
        Err(error) => error.to_string(),
    };
    let file = sources.add(path.clone(), String::new());
    Err(Box::new(
        Diagnostic::new(
            Code::ReadFile,
            Span::file_start(file),
            format!("cannot read `{}`: {error}", path.display()),
        )
        .label("this file")
        .help("check the file; save it as UTF-8 text"),
    ))
}
