//! Shared by `build`, `check` and `test`: find the pipeline directories,
//! load and compile each, check them together (`spec::project`), apply the
//! pipelines' `allow:` entries and print every diagnostic of the run. `docs`
//! and `lineage` load pipelines and plans through [`load_plans`].

use std::io::{self, IsTerminal, Write};
use std::path::PathBuf;

use encoding_rs::Encoding;

use super::args::{CommonArgs, Format};
use super::progress::Progress;
use super::project::pipeline_dirs;
use super::summary::Tally;
use crate::backend::Artifacts;
use crate::backend::plan::{self, Plan};
use crate::backend::templates::Templates;
use crate::compile;
use crate::diag::render::{self, Style};
use crate::diag::{Diagnostic, Diagnostics, SourceMap};
use crate::spec;
use crate::spec::allow::{AllowScopes, AllowedWarning, acknowledge};
use crate::spec::model::Pipeline;
use crate::spec::project::Footprint;
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
    /// How many pipelines were read.
    pub pipelines: usize,
    /// The diagnostics printed and acknowledged.
    pub tally: Tally,
    /// The warnings the pipelines acknowledge, for `--explain-allowed`.
    pub allowed: Vec<AllowedWarning>,
    /// The files the diagnostics point into.
    pub sources: SourceMap,
}

/// Whether a run keeps the generated files (`build`) or only checks that
/// they can be generated (`check`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Keep {
    /// Every pipeline's generated files, for writing or comparing.
    Artifacts,
    /// Nothing but the diagnostics: each pipeline's files are dropped once rendered.
    Diagnostics,
}

/// Loads and compiles the pipelines the arguments name, prints all diagnostics.
/// Each pipeline's model is dropped once compiled: the run keeps what the
/// project checks and `allow:` need of it, so memory grows with the output,
/// not with the models.
/// Template errors (a broken `--templates` override, or an eltc bug) are eltc's
/// failures, exit 3, not diagnostics of the pipeline.
pub fn compile_all(
    args: &CommonArgs,
    target: &dyn Target,
    templates: &Templates,
    backend: Option<compile::Backend>,
    keep: Keep,
) -> io::Result<Run> {
    let mut sources = SourceMap::new();
    let mut diagnostics = Diagnostics::new();
    let mut compiled = Vec::new();
    let mut footprints = Vec::new();
    let mut scopes = Vec::new();
    let dirs = pipeline_dirs(&args.pipelines, &mut sources, &mut diagnostics);
    let progress = Progress::new(dirs.len(), "pipelines", args.quiet);
    for (done, dir) in dirs.iter().enumerate() {
        progress.working_on(done, &dir.display().to_string());
        let (pipeline, found) = spec::load_pipeline_encoded(dir, args.input.encoding, &mut sources);
        diagnostics.extend(found);
        let Some(pipeline) = pipeline else { continue };
        let (artifacts, found) = compile::compile_backend(
            &pipeline,
            &sources,
            target,
            templates,
            backend.unwrap_or(pipeline.backend),
        )
        .map_err(|error| io::Error::other(format!("rendering `{}`: {error}", pipeline.name)))?;
        let failed = found.iter().any(Diagnostic::is_error);
        diagnostics.extend(found);
        if !failed && keep == Keep::Artifacts {
            compiled.push(Compiled {
                name: pipeline.name.clone(),
                artifacts,
            });
        }
        footprints.push(Footprint::of(&pipeline));
        scopes.push(AllowScopes::of(&pipeline));
    }
    drop(progress);
    diagnostics.extend(spec::project::check(&footprints));
    let (kept, allowed) = acknowledge_all(diagnostics, &scopes);
    let tally = tally(&kept, allowed.len());
    render_diagnostics(&kept, &sources, args.format)?;
    Ok(Run {
        compiled,
        has_errors: tally.errors > 0,
        pipelines: dirs.len(),
        tally,
        allowed,
        sources,
    })
}

/// The run's diagnostics once every pipeline's `allow:` entries are applied:
/// what is still to print (sorted) and the warnings acknowledged (sorted).
pub(super) fn acknowledge_all(
    diagnostics: Diagnostics,
    pipelines: &[AllowScopes],
) -> (Vec<Diagnostic>, Vec<AllowedWarning>) {
    let mut kept = diagnostics.into_sorted();
    let mut allowed = Vec::new();
    for pipeline in pipelines {
        let outcome = acknowledge(kept, pipeline);
        kept = outcome.kept;
        allowed.extend(outcome.allowed);
    }
    let mut sorted = Diagnostics::new();
    sorted.extend(kept);
    (sorted.into_sorted(), allowed)
}

/// Errors and warnings among `kept`, and the number acknowledged.
pub(super) fn tally(kept: &[Diagnostic], allowed: usize) -> Tally {
    let errors = kept.iter().filter(|d| d.is_error()).count();
    Tally {
        errors,
        warnings: kept.len() - errors,
        allowed,
    }
}

/// Prints the diagnostics, sorted, human on stderr or JSON lines on stdout, then a summary line.
pub(super) fn print_diagnostics(
    diagnostics: Diagnostics,
    sources: &SourceMap,
    format: Format,
) -> io::Result<()> {
    let diagnostics = diagnostics.into_sorted();
    render_diagnostics(&diagnostics, sources, format)?;
    if format == Format::Human && !diagnostics.is_empty() {
        let Tally {
            errors, warnings, ..
        } = tally(&diagnostics, 0);
        writeln!(
            io::stderr().lock(),
            "{errors} error(s), {warnings} warning(s)"
        )?;
    }
    Ok(())
}

/// Prints the diagnostics in the order given: human on stderr, or JSON lines on stdout.
pub(super) fn render_diagnostics(
    diagnostics: &[Diagnostic],
    sources: &SourceMap,
    format: Format,
) -> io::Result<()> {
    match format {
        Format::Json => {
            let mut out = io::stdout().lock();
            for diagnostic in diagnostics {
                writeln!(out, "{}", render::json(diagnostic, sources))?;
            }
        }
        Format::Human => {
            let mut err = io::stderr().lock();
            for diagnostic in diagnostics {
                writeln!(err, "{}", render::human(diagnostic, sources, style()))?;
            }
        }
    }
    Ok(())
}

/// Colours on a terminal, plain text otherwise.
pub(super) fn style() -> Style {
    if io::stderr().is_terminal() {
        Style::Terminal
    } else {
        Style::Plain
    }
}

/// Each pipeline of `dirs` with its plan, for the commands that read the
/// model rather than build it (`eltc docs`, `eltc lineage`). Only errors are
/// kept in `diagnostics`: `check` is where warnings are shown.
pub(super) fn load_plans(
    dirs: &[PathBuf],
    encoding: Option<&'static Encoding>,
    sources: &mut SourceMap,
    diagnostics: &mut Diagnostics,
) -> Vec<(Pipeline, Plan)> {
    let mut pipelines = Vec::new();
    for dir in dirs {
        let (pipeline, found) = spec::load_pipeline_encoded(dir, encoding, sources);
        diagnostics.extend(found.into_iter().filter(Diagnostic::is_error));
        let Some(pipeline) = pipeline else { continue };
        let (plan, found) = plan::build(&pipeline, sources);
        diagnostics.extend(found.into_iter().filter(Diagnostic::is_error));
        pipelines.push((pipeline, plan));
    }
    pipelines
}
