//! Shared by `build`, `check` and `test`: find the pipeline directories,
//! load and compile each, check them together (`spec::project`), apply the
//! pipelines' `allow:` entries and print every diagnostic of the run. `docs`
//! and `lineage` load pipelines and plans through [`load_plans`].

use std::io::{self, IsTerminal, Write};
use std::path::{Path, PathBuf};

use encoding_rs::Encoding;

use super::args::{CommonArgs, Format};
use super::incremental::{self, Reuse};
use super::progress::Progress;
use super::project::pipeline_dirs;
use super::summary::Tally;
use crate::backend::Artifacts;
use crate::backend::plan::{self, Plan};
use crate::backend::templates::Templates;
use crate::cache::{Entry, Payload};
use crate::compile;
use crate::diag::render::{self, Style};
use crate::diag::{Diagnostic, Diagnostics, SourceMap};
use crate::parallel;
use crate::spec;
use crate::spec::allow::{AllowScopes, AllowedWarning, acknowledge};
use crate::spec::inputs::Inputs;
use crate::spec::model::Pipeline;
use crate::spec::project::Footprint;
use crate::target::Target;

/// One compiled pipeline.
pub struct Compiled {
    /// Its name (the output directory's).
    pub name: String,
    /// Its generated files.
    pub artifacts: Artifacts,
    /// Its directory and new cache entry, to be stored once its files are
    /// written (with what was written); `None` when it is not cached.
    pub entry: Option<(PathBuf, Entry)>,
}

/// A pipeline reused from the build cache: its files are as the build that
/// recorded it left them.
pub struct Reused {
    /// Its name (the output directory's).
    pub name: String,
    /// How many files it has there.
    pub files: usize,
}

/// The result of compiling every pipeline of a run.
pub struct Run {
    /// The pipelines compiled without error (with `Keep::Artifacts`).
    pub compiled: Vec<Compiled>,
    /// The pipelines reused from the cache, without error (`build` only).
    pub reused: Vec<Reused>,
    /// True when any error diagnostic was raised.
    pub has_errors: bool,
    /// How many pipelines were read.
    pub pipelines: usize,
    /// Of those, how many were taken from the build cache.
    pub from_cache: usize,
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

/// What compiling the pipelines of a run needs besides their directories.
pub struct Compile<'a> {
    /// The target engine.
    pub target: &'a dyn Target,
    /// The templates, built in or `--templates`.
    pub templates: &'a Templates,
    /// `--backend`, else each pipeline's own.
    pub backend: Option<compile::Backend>,
    /// What is kept of each pipeline.
    pub keep: Keep,
}

/// One pipeline directory's outcome, before the run puts them together.
struct Done {
    /// The files read (an empty block when reused).
    own: SourceMap,
    /// Its name, diagnostics, footprint and `allow:` scopes.
    payload: Payload,
    /// Its generated files, when compiled now without error and kept.
    artifacts: Option<Artifacts>,
    /// What to store in the cache for the directory.
    record: Record,
    /// When reused: the number of its output files.
    reused: Option<usize>,
}

/// Loads and compiles the pipelines the arguments name, prints all diagnostics.
/// Each pipeline's model is dropped once compiled: the run keeps what the
/// project checks and `allow:` need of it, so memory grows with the output,
/// not with the models. With `reuse`, a pipeline whose inputs did not change
/// is taken from the build cache instead, and new entries are recorded in it
/// (a `build` stores those of the pipelines it writes once written).
/// Template errors (a broken `--templates` override, or an eltc bug) are eltc's
/// failures, exit 3, not diagnostics of the pipeline.
pub fn compile_all(
    args: &CommonArgs,
    how: &Compile,
    mut reuse: Option<&mut Reuse>,
) -> io::Result<Run> {
    let mut sources = SourceMap::new();
    let mut diagnostics = Diagnostics::new();
    let dirs = pipeline_dirs(&args.pipelines, &mut sources, &mut diagnostics);
    let progress = Progress::new(dirs.len(), "pipelines", args.quiet);
    let first = sources.next_block();
    let numbered: Vec<(u32, &PathBuf)> = (first..).zip(&dirs).collect();
    let cache = reuse.as_deref();
    let now = cache.map_or(0, |reuse| reuse.cache.now());
    let done = parallel::in_order(
        &numbered,
        args.jobs(),
        |&(block, dir)| match cache.and_then(|reuse| reuse.lookup(dir, block)) {
            Some(hit) => Ok(reused(block, hit)),
            None => compile_dir(dir, block, args.input.encoding, how, now),
        },
        |_| progress.done(),
    );
    drop(progress);
    let mut run = Run {
        compiled: Vec::new(),
        reused: Vec::new(),
        has_errors: false,
        pipelines: dirs.len(),
        from_cache: 0,
        tally: Tally::default(),
        allowed: Vec::new(),
        sources: SourceMap::new(),
    };
    let mut checked = Vec::new();
    for (done, (_, dir)) in done.into_iter().zip(&numbered) {
        let done = done?;
        sources.absorb(done.own);
        let failed = done.payload.diagnostics.iter().any(Diagnostic::is_error);
        diagnostics.extend(done.payload.diagnostics);
        checked.extend(done.payload.checked);
        let name = done.payload.name.filter(|_| !failed);
        run.from_cache += usize::from(done.reused.is_some());
        match (done.artifacts, done.reused, name) {
            (Some(artifacts), _, Some(name)) if how.keep == Keep::Artifacts => {
                let entry = match done.record {
                    Record::Entry(entry) => Some((dir.to_path_buf(), entry)),
                    Record::Nothing | Record::Forget => None,
                };
                run.compiled.push(Compiled {
                    name,
                    artifacts,
                    entry,
                });
                continue;
            }
            (_, Some(files), Some(name)) if how.keep == Keep::Artifacts => {
                run.reused.push(Reused { name, files })
            }
            _ => {}
        }
        if let Some(reuse) = reuse.as_deref_mut() {
            match done.record {
                Record::Nothing => {}
                Record::Entry(entry) => reuse.cache.store(dir, Some(entry)),
                Record::Forget => reuse.cache.store(dir, None),
            }
        }
    }
    let (footprints, scopes): (Vec<_>, Vec<_>) = checked.into_iter().unzip();
    diagnostics.extend(spec::project::check(&footprints));
    let (kept, allowed) = acknowledge_all(diagnostics, &scopes);
    run.tally = tally(&kept, allowed.len());
    run.has_errors = run.tally.errors > 0;
    incremental::fill_shown(
        &mut sources,
        &kept,
        &allowed,
        &dirs,
        first,
        args.input.encoding,
    );
    render_diagnostics(&kept, &sources, args.format)?;
    run.allowed = allowed;
    run.sources = sources;
    Ok(run)
}

/// What a run stores in the cache for a pipeline directory.
enum Record {
    /// Nothing: the entry read is still right.
    Nothing,
    /// This entry, new or with fresher stamps.
    Entry(Entry),
    /// No entry: the pipeline's result cannot be reused.
    Forget,
}

impl Record {
    fn new(entry: Option<Entry>) -> Self {
        entry.map_or(Record::Forget, Record::Entry)
    }
}

/// A pipeline taken from the cache; its entry is stored again when its
/// stamps were refreshed.
fn reused(block: u32, hit: incremental::Reused) -> Done {
    Done {
        own: SourceMap::block(block),
        payload: hit.payload,
        artifacts: None,
        record: hit.refreshed.map_or(Record::Nothing, Record::Entry),
        reused: Some(hit.files),
    }
}

/// Reads and compiles the pipeline in `dir` into source-map block `block`,
/// recording a cache entry for it (stamps taken after `now`).
fn compile_dir(
    dir: &Path,
    block: u32,
    encoding: Option<&'static Encoding>,
    how: &Compile,
    now: i128,
) -> io::Result<Done> {
    let mut own = SourceMap::block(block);
    let mut inputs = Inputs::default();
    let (pipeline, mut diagnostics) =
        spec::load_pipeline_recorded(dir, encoding, &mut own, &mut inputs);
    let mut payload = Payload {
        name: None,
        diagnostics: Vec::new(),
        checked: None,
    };
    let mut artifacts = None;
    if let Some(pipeline) = pipeline {
        let (generated, found) = compile::compile_backend(
            &pipeline,
            &own,
            how.target,
            how.templates,
            how.backend.unwrap_or(pipeline.backend),
        )
        .map_err(|error| io::Error::other(format!("rendering `{}`: {error}", pipeline.name)))?;
        let failed = found.iter().any(Diagnostic::is_error);
        diagnostics.extend(found);
        artifacts = (!failed && how.keep == Keep::Artifacts).then_some(generated);
        payload.name = Some(pipeline.name.clone());
        payload.checked = Some((Footprint::of(&pipeline), AllowScopes::of(&pipeline)));
    }
    payload.diagnostics = diagnostics;
    let entry = Entry::new(inputs, now, block, &payload);
    Ok(Done {
        own,
        payload,
        artifacts,
        record: Record::new(entry),
        reused: None,
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
