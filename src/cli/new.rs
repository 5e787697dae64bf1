//! `eltc new NAME`: a pipeline skeleton under the project's `pipelines/`.
//!
//! One source, one transform, one test case with its fixture and expected
//! rows (templates/new/, compiled into the binary), so that `eltc build NAME`
//! and `eltc test NAME` pass before the user changes anything: a working
//! start to edit, not a form to fill in. The spec's first line names the
//! JSON Schema for editor completion; the schema file is written beside
//! `pipelines/` when the project has none.

use std::fs;
use std::io::{self, Write};
use std::path::Path;

use super::ExitStatus;
use super::args::NewArgs;
use super::project::{PIPELINES_DIR, find_root};
use crate::spec::schema;

/// The skeleton's files: path in the pipeline directory, template text.
const SKELETON: &[(&str, &str)] = &[
    (
        "pipeline.yaml",
        include_str!("../../templates/new/pipeline.yaml"),
    ),
    (
        "transforms/daily.sql",
        include_str!("../../templates/new/daily.sql"),
    ),
    (
        "fixtures/2024-01-31/orders.csv",
        include_str!("../../templates/new/orders.csv"),
    ),
    (
        "fixtures/expected/daily.csv",
        include_str!("../../templates/new/daily.expected.csv"),
    ),
];

/// Where the spec's schema comment points, from the project root.
const SCHEMA_FILE: &str = "schema/pipeline.schema.json";

/// `eltc new`.
pub fn run(args: &NewArgs) -> io::Result<ExitStatus> {
    let root = find_root().unwrap_or_default();
    let dir = root.join(PIPELINES_DIR).join(&args.name);
    if dir.exists() {
        writeln!(
            io::stderr(),
            "error: `{}` already exists; choose another name or remove it",
            dir.display()
        )?;
        return Ok(ExitStatus::Failure);
    }
    for (path, template) in SKELETON {
        write_new(&dir.join(path), &template.replace("{{name}}", &args.name))?;
    }
    let schema_file = root.join(SCHEMA_FILE);
    if !schema_file.exists() {
        write_new(&schema_file, &schema::generate())?;
    }
    writeln!(
        io::stdout(),
        "created {}: next `eltc build {name}` and `eltc test {name}`",
        dir.display(),
        name = args.name
    )?;
    Ok(ExitStatus::Success)
}

fn write_new(path: &Path, text: &str) -> io::Result<()> {
    if let Some(parent) = path.parent() {
        fs::create_dir_all(parent)?;
    }
    fs::write(path, text)
}

/// clap's check of NAME: a pipeline name is a lower-case identifier (docs/spec.md).
pub fn pipeline_name(name: &str) -> Result<String, String> {
    let mut chars = name.chars();
    let starts_well = chars
        .next()
        .is_some_and(|c| c.is_ascii_lowercase() || c == '_');
    let rest_well = chars.all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_');
    if starts_well && rest_well && name.len() <= 100 {
        Ok(name.to_string())
    } else {
        Err("a pipeline name is a lower-case identifier: a letter or `_`, then letters, digits or `_`".to_string())
    }
}
