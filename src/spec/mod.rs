//! The pipeline spec: `pipeline.yaml` and the files it names, read into the
//! checked [`model::Pipeline`].
//!
//! Stages: [`yaml`] parses the text into a tree whose every node keeps its span;
//! [`raw`] decodes that tree into the shapes the spec language defines (unknown
//! keys, wrong kinds and missing keys are reported here, all of them, not just
//! the first); [`resolve`] turns raw shapes into the model, checking references
//! (tables, columns, params, files) and raising the semantic diagnostics.

mod decode;
pub mod model;
pub mod pattern;
pub mod raw;
pub mod schema;
pub mod types;
pub mod yaml;

use std::path::Path;

use crate::diag::{Diagnostic, SourceMap};

/// Reads the pipeline in `dir` (its `pipeline.yaml` and every SQL file it names)
/// into the source map and resolves it. Returns `None` for the pipeline when any
/// error was raised; the diagnostics say why.
pub fn load_pipeline(dir: &Path, sources: &mut SourceMap) -> (Option<model::Pipeline>, Vec<Diagnostic>) {
    let _ = (dir, sources);
    todo!("spec loading: implemented by the spec work")
}
