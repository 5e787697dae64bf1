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
use crate::parallel;
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
    let dirs = pipeline_dirs(&args.pipelines, &mut sources, &mut diagnostics);
    let progress = Progress::new(dirs.len(), "pipelines", args.quiet);
    let each = Each {
        dirs: &dirs,
        encoding: args.input.encoding,
        jobs: args.jobs(),
        progress: &progress,
    };
    let results = each.load(
        &mut sources,
        &mut diagnostics,
        |pipeline, sources, found| {
            let (artifacts, compiled) = compile::compile_backend(
                &pipeline,
                sources,
                target,
                templates,
                backend.unwrap_or(pipeline.backend),
            )
            .map_err(|error| io::Error::other(format!("rendering `{}`: {error}", pipeline.name)))?;
            let failed = compiled.iter().any(Diagnostic::is_error);
            found.extend(compiled);
            let kept = (!failed && keep == Keep::Artifacts).then(|| Compiled {
                name: pipeline.name.clone(),
                artifacts,
            });
            Ok((kept, Footprint::of(&pipeline), AllowScopes::of(&pipeline)))
        },
    )?;
    let mut compiled = Vec::new();
    let mut footprints = Vec::new();
    let mut scopes = Vec::new();
    for (kept, footprint, scope) in results {
        compiled.extend(kept);
        footprints.push(footprint);
        scopes.push(scope);
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
) -> io::Result<Vec<(Pipeline, Plan)>> {
    let each = Each {
        dirs,
        encoding,
        jobs: parallel::default_jobs(),
        progress: &Progress::hidden(),
    };
    let mut found = Diagnostics::new();
    let loaded = each.load(sources, &mut found, |pipeline, sources, _| {
        let (plan, planned) = plan::build(&pipeline, sources);
        Ok((pipeline, plan, planned))
    })?;
    let mut pipelines = Vec::new();
    for (pipeline, plan, planned) in loaded {
        found.extend(planned);
        pipelines.push((pipeline, plan));
    }
    diagnostics.extend(found.into_iter().filter(Diagnostic::is_error));
    Ok(pipelines)
}

/// The pipeline directories of a run, read and compiled `jobs` at a time.
pub(super) struct Each<'a> {
    /// The directories, in the run's order.
    pub dirs: &'a [PathBuf],
    /// `--encoding`: the encoding of input files that are not UTF-8.
    pub encoding: Option<&'static Encoding>,
    /// How many pipelines are read at once.
    pub jobs: usize,
    /// Advanced once per pipeline done.
    pub progress: &'a Progress,
}

impl Each<'_> {
    /// Reads each pipeline and runs `work` on the ones that load, on up to
    /// `jobs` threads. Each pipeline's files go into a source-map block of
    /// their own, absorbed into `sources` in the directories' order, and its
    /// diagnostics (what `work` adds to the list it is given included) into
    /// `diagnostics`: what a run prints is the same with one thread or many.
    /// Results come back in the directories' order; the first error of
    /// `work` (in that order) is returned.
    pub fn load<T: Send>(
        &self,
        sources: &mut SourceMap,
        diagnostics: &mut Diagnostics,
        work: impl Fn(Pipeline, &SourceMap, &mut Vec<Diagnostic>) -> io::Result<T> + Sync,
    ) -> io::Result<Vec<T>> {
        let first = sources.next_block();
        let numbered: Vec<(u32, &PathBuf)> = (first..).zip(self.dirs).collect();
        let loaded = parallel::in_order(
            &numbered,
            self.jobs,
            |&(block, dir)| {
                let mut own = SourceMap::block(block);
                let (pipeline, mut found) =
                    spec::load_pipeline_encoded(dir, self.encoding, &mut own);
                let result = pipeline.map(|pipeline| work(pipeline, &own, &mut found));
                (own, found, result)
            },
            |_| self.progress.done(),
        );
        let mut results = Vec::with_capacity(loaded.len());
        for (own, found, result) in loaded {
            sources.absorb(own);
            diagnostics.extend(found);
            results.extend(result.transpose()?);
        }
        Ok(results)
    }
}
