//! Shared by `build` and `check`: find the pipeline directories, load and
//! compile each, check them together (`spec::project`), and print every
//! diagnostic of the run.

use std::io::{self, IsTerminal, Write};

use super::args::{CommonArgs, Format};
use super::project::pipeline_dirs;
use crate::backend::Artifacts;
use crate::backend::templates::Templates;
use crate::compile;
use crate::diag::render::{self, Style};
use crate::diag::{Diagnostic, Diagnostics, SourceMap};
use crate::spec;
use crate::target::Target;

/// One compiled pipeline.
pub struct Compiled {
    /// Its name (the output directory's).
    pub name: String,
    /// Its generated files.
    pub artifacts: Artifacts,
}

/// The result of compiling every pipeline of a run.
pub struct Run {
    /// The pipelines that compiled without error.
    pub compiled: Vec<Compiled>,
    /// True when any error diagnostic was raised.
    pub has_errors: bool,
}

/// Loads and compiles the pipelines the arguments name, prints all diagnostics.
/// Template errors (a broken `--templates` override, or an eltc bug) are eltc's
/// failures, exit 3, not diagnostics of the pipeline.
pub fn compile_all(
    args: &CommonArgs,
    target: &dyn Target,
    templates: &Templates,
) -> io::Result<Run> {
    let mut sources = SourceMap::new();
    let mut diagnostics = Diagnostics::new();
    let mut compiled = Vec::new();
    let mut loaded = Vec::new();
    for dir in pipeline_dirs(&args.pipelines, &mut sources, &mut diagnostics) {
        let (pipeline, found) =
            spec::load_pipeline_encoded(&dir, args.input.encoding, &mut sources);
        diagnostics.extend(found);
        let Some(pipeline) = pipeline else { continue };
        let (artifacts, found) = compile::compile_with(&pipeline, &sources, target, templates)
            .map_err(|error| io::Error::other(format!("rendering `{}`: {error}", pipeline.name)))?;
        let failed = found.iter().any(Diagnostic::is_error);
        diagnostics.extend(found);
        if !failed {
            compiled.push(Compiled {
                name: pipeline.name.clone(),
                artifacts,
            });
        }
        loaded.push(pipeline);
    }
    diagnostics.extend(spec::project::check(&loaded.iter().collect::<Vec<_>>()));
    let has_errors = diagnostics.has_errors();
    print_diagnostics(diagnostics, &sources, args.format)?;
    Ok(Run {
        compiled,
        has_errors,
    })
}

/// Prints the diagnostics, sorted, human on stderr or JSON lines on stdout, then a summary line.
pub(super) fn print_diagnostics(
    diagnostics: Diagnostics,
    sources: &SourceMap,
    format: Format,
) -> io::Result<()> {
    let diagnostics = diagnostics.into_sorted();
    match format {
        Format::Json => {
            let mut out = io::stdout().lock();
            for diagnostic in &diagnostics {
                writeln!(out, "{}", render::json(diagnostic, sources))?;
            }
        }
        Format::Human => {
            let style = if io::stderr().is_terminal() {
                Style::Terminal
            } else {
                Style::Plain
            };
            let mut err = io::stderr().lock();
            for diagnostic in &diagnostics {
                writeln!(err, "{}", render::human(diagnostic, sources, style))?;
            }
            let errors = diagnostics.iter().filter(|d| d.is_error()).count();
            let warnings = diagnostics.len() - errors;
            if !diagnostics.is_empty() {
                writeln!(err, "{errors} error(s), {warnings} warning(s)")?;
            }
        }
    }
    Ok(())
}
