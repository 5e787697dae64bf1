//! `eltc build` and `eltc check`.
//!
//! `build` writes each pipeline's files to `<out>/<name>/` and removes files
//! there that it no longer generates, so the directory is exactly the output.
//! `build --check` writes nothing: it compares, prints a unified diff of every
//! stale file, and fails. Nothing is written when any pipeline has errors, so a
//! broken spec never leaves half-updated output behind. For the Redshift
//! engine the generic Lambda runtime is one more output directory,
//! `<out>/_runtime/`, written, checked and cleaned like a pipeline's.
//!
//! A directory of the output that no pipeline writes (one removed or
//! renamed) is reported when every pipeline is built: a warning for
//! `build`, which leaves it (its `changes/` scripts may still be applied),
//! and a failure for `--check`. `eltc plan` lists what to drop.
//!
//! The output directory carries a `.gitignore` (written and checked like any
//! output) for what tools leave beside the generated files (Python's
//! `__pycache__/` when the handler is imported or compiled). Whatever git
//! ignores there is neither stale for `--check` nor removed by `build`.

use std::collections::BTreeSet;
use std::fs;
use std::io::{self, Write};
use std::path::Path;
use std::time::{Duration, Instant};

use similar::TextDiff;

use super::ExitStatus;
use super::allowed;
use super::args::{BackendArg, BuildArgs, CheckArgs, Format};
use super::incremental::{self, Reuse};
use super::output_files::{OutputFiles, output_files};
use super::pipelines::print_diagnostics;
use super::pipelines::{Compile, Compiled, Keep, Run, compile_all};
use super::project::default_out;
use super::summary::{Checked, Files, Summary, Written};
use crate::backend::Artifacts;
use crate::backend::cloudformation::{RUNTIME, RUNTIME_DIR};
use crate::backend::templates::{BUILTIN, Templates};
use crate::cache::Key;
use crate::diag::{Diagnostics, SourceMap};
use crate::parallel;
use crate::sql::lint;
use crate::target::REDSHIFT;

/// `eltc build`.
pub fn run(args: &BuildArgs) -> io::Result<ExitStatus> {
    let started = Instant::now();
    let target = args.engine.target();
    let mut key = Key::for_this_eltc();
    key.add("target", target.name());
    key.add("backend", &format!("{:?}", args.backend));
    let templates = match &args.templates {
        Some(dir) => match templates_from_dir(dir, args.common.format, &mut key)? {
            Some(templates) => templates,
            None => return Ok(ExitStatus::Failure),
        },
        None => Templates::builtin(),
    };
    let out = args.out.clone().unwrap_or_else(default_out);
    // `--check` compares every file, so it reads them all: nothing to reuse.
    let no_cache = args.no_cache || args.check;
    let mut reuse = Reuse::open(&args.common, no_cache, key, Some(&out));
    let how = Compile {
        target,
        templates: &templates,
        backend: args.backend.map(BackendArg::backend),
        keep: Keep::Artifacts,
    };
    let mut run = compile_all(&args.common, &how, reuse.as_mut())?;
    let mut summary = Summary {
        command: if args.check { "build --check" } else { "build" },
        pipelines: run.pipelines,
        from_cache: run.from_cache,
        files: Files::NotWritten,
        tally: run.tally,
        elapsed: Duration::ZERO,
    };
    let status = if run.has_errors {
        ExitStatus::Failure
    } else {
        write_or_check(args, &mut run, &out, &mut summary, reuse.as_mut())?
    };
    // The pipelines not written (a run with errors) keep their entries without files.
    if let Some(mut reuse) = reuse {
        for pipeline in run.compiled.drain(..) {
            if let Some((dir, entry)) = pipeline.entry {
                reuse.cache.store(&dir, Some(entry));
            }
        }
        reuse.save();
    }
    summary.elapsed = started.elapsed();
    summary.print(args.common.quiet)?;
    Ok(status)
}

/// Writes the compiled pipelines to `out`, or with `--check` compares them
/// with it; records what happened to the files in `summary`.
fn write_or_check(
    args: &BuildArgs,
    run: &mut Run,
    out: &Path,
    summary: &mut Summary,
    reuse: Option<&mut Reuse>,
) -> io::Result<ExitStatus> {
    if run.compiled.iter().any(|p| p.name == RUNTIME_DIR) {
        return Err(io::Error::other(format!(
            "pipeline name `{RUNTIME_DIR}` is reserved for the Lambda runtime's output directory"
        )));
    }
    if args.engine.target().deploys() {
        run.compiled.push(runtime());
    }
    // The directories of reused pipelines are as their entries say: not walked.
    let reused: BTreeSet<&str> = run.reused.iter().map(|p| p.name.as_str()).collect();
    let on_disk = output_files(out, &reused)?;
    // Only a build of every pipeline knows which directories none of them owns.
    let orphans = if args.common.pipelines.is_empty() {
        orphan_dirs(run, &on_disk)
    } else {
        Vec::new()
    };
    report_orphans(&orphans, out, args.check)?;
    if args.check {
        summary.tally.errors += orphans.len();
        let mut files = check_outputs(&run.compiled, out, &on_disk, args.common.jobs())?;
        files.add(check_output_gitignore(out)?);
        summary.files = Files::Checked(files);
        let stale = files.stale > 0 || !orphans.is_empty();
        return Ok(if stale {
            ExitStatus::Failure
        } else {
            ExitStatus::Success
        });
    }
    summary.tally.warnings += orphans.len();
    fs::create_dir_all(out)?;
    let mut files = Written::default();
    files.count(write_if_changed(&out.join(GITIGNORE_NAME), GITIGNORE)?);
    let now = reuse.as_ref().map_or(0, |reuse| reuse.cache.now());
    let written = parallel::in_order(
        &run.compiled,
        args.common.jobs(),
        |pipeline| {
            let written = write_outputs(pipeline, out, &on_disk)?;
            let dir = out.join(&pipeline.name);
            let record = (pipeline.entry.as_ref())
                .map(|_| incremental::outputs(out, &dir, pipeline.artifacts.iter(), now));
            io::Result::Ok((written, record))
        },
        |_| {},
    );
    let mut reuse = reuse;
    for (result, pipeline) in written.into_iter().zip(run.compiled.drain(..)) {
        let (written, record) = result?;
        files.add(written);
        if let (Some(reuse), Some((dir, mut entry)), Some(record)) =
            (reuse.as_deref_mut(), pipeline.entry, record)
        {
            entry.set_outputs(record);
            reuse.cache.store(&dir, Some(entry));
        }
    }
    files.unchanged += run.reused.iter().map(|p| p.files).sum::<usize>();
    summary.files = Files::Written(files);
    Ok(ExitStatus::Success)
}

/// Directories of the output that no pipeline of the project writes (a
/// pipeline removed or renamed), holding files git does not ignore.
fn orphan_dirs(run: &Run, on_disk: &OutputFiles) -> Vec<String> {
    let compiled = run.compiled.iter().map(|p| p.name.as_str());
    let owned: BTreeSet<&str> = compiled
        .chain(run.reused.iter().map(|p| p.name.as_str()))
        .collect();
    on_disk
        .keys()
        .filter(|name| name.as_str() != RUNTIME_DIR && !owned.contains(name.as_str()))
        .cloned()
        .collect()
}

/// Names each orphan directory on stderr: a warning for `build` (the
/// directory is left: its `changes/` may still be needed), an error for `--check`.
fn report_orphans(orphans: &[String], out: &Path, check: bool) -> io::Result<()> {
    let level = if check { "error" } else { "warning" };
    let mut err = io::stderr().lock();
    for name in orphans {
        writeln!(
            err,
            "{level}: `{}` belongs to no pipeline of the project (removed or renamed?): \
             run `eltc plan` for what to drop from the database, then delete the directory",
            display(&out.join(name))
        )?;
    }
    Ok(())
}

/// The `.gitignore` eltc writes at the top of the output directory.
const GITIGNORE_NAME: &str = ".gitignore";
const GITIGNORE: &str = "\
# Written by `eltc build`. What tools leave beside the generated files is not
# output: git ignores it, and so does `eltc build --check`.
__pycache__/
*.py[cod]
";

/// `eltc check`: compile everything, write nothing.
pub fn check(args: &CheckArgs) -> io::Result<ExitStatus> {
    let started = Instant::now();
    let mut key = Key::for_this_eltc();
    key.add("target", crate::target::Target::name(&REDSHIFT));
    key.add("backend", &format!("{:?}", None::<BackendArg>));
    let mut reuse = Reuse::open(&args.common, args.no_cache, key, None);
    let how = Compile {
        target: &REDSHIFT,
        templates: &Templates::builtin(),
        backend: None,
        keep: Keep::Diagnostics,
    };
    let run = compile_all(&args.common, &how, reuse.as_mut())?;
    if let Some(reuse) = reuse {
        reuse.save();
    }
    if args.explain_allowed {
        allowed::print(&run.allowed, &run.sources, args.common.format)?;
    }
    let summary = Summary {
        command: "check",
        pipelines: run.pipelines,
        from_cache: run.from_cache,
        files: Files::None,
        tally: run.tally,
        elapsed: started.elapsed(),
    };
    summary.print(args.common.quiet)?;
    Ok(if run.has_errors {
        ExitStatus::Failure
    } else {
        ExitStatus::Success
    })
}

/// The built-in templates, each replaced by the file of the same name in
/// `dir` when there is one (`--templates DIR`). The procedure templates'
/// text is eltc's to trust only when built in: an override that would
/// commit or end the batch is reported at its word (`lint::commits-midway`),
/// and `None` is returned after printing the findings.
/// Each override's name and text are added to `key` (the build cache's).
pub fn templates_from_dir(
    dir: &Path,
    format: Format,
    key: &mut Key,
) -> io::Result<Option<Templates>> {
    let mut overrides = Vec::new();
    let mut sources = SourceMap::new();
    let mut diagnostics = Diagnostics::new();
    for (name, _) in BUILTIN {
        let path = dir.join(name);
        if path.exists() {
            let text = fs::read_to_string(&path)
                .map_err(|e| io::Error::other(format!("template `{}`: {e}", path.display())))?;
            if PROCEDURE_TEMPLATES.contains(name) {
                let file = sources.add(path.clone(), text.clone());
                diagnostics.extend(lint::procedure(file, &text));
            }
            key.add(name, &text);
            overrides.push((name.to_string(), text));
        }
    }
    if diagnostics.has_errors() {
        print_diagnostics(diagnostics, &sources, format)?;
        return Ok(None);
    }
    Templates::with_overrides(&overrides)
        .map(Some)
        .map_err(|error| io::Error::other(format!("templates in `{}`: {error}", dir.display())))
}

/// The templates that lay out the load and transform procedures.
const PROCEDURE_TEMPLATES: &[&str] = &["load.sql.j2", "transform.sql.j2"];

/// The generic Lambda handler, written once for all pipelines.
fn runtime() -> Compiled {
    Compiled {
        name: RUNTIME_DIR.to_string(),
        artifacts: RUNTIME
            .iter()
            .map(|(name, text)| (name.to_string(), text.to_string()))
            .collect::<Artifacts>(),
        entry: None,
    }
}

/// Writes a pipeline's files under `out`, removes those it no longer generates.
fn write_outputs(pipeline: &Compiled, out: &Path, on_disk: &OutputFiles) -> io::Result<Written> {
    let dir = out.join(&pipeline.name);
    let mut files = Written::default();
    for (name, content) in &pipeline.artifacts {
        let path = dir.join(name);
        if let Some(parent) = path.parent() {
            fs::create_dir_all(parent)?;
        }
        files.count(write_if_changed(&path, content)?);
    }
    let existing = on_disk.get(&pipeline.name).into_iter().flatten();
    for stale in existing.filter(|name| !pipeline.artifacts.contains_key(*name)) {
        fs::remove_file(dir.join(stale))?;
        files.removed += 1;
    }
    Ok(files)
}

/// Writes `content` to `path` unless it already holds it, so that unchanged
/// files keep their modification times; true when written.
fn write_if_changed(path: &Path, content: &str) -> io::Result<bool> {
    if fs::read_to_string(path).ok().as_deref() == Some(content) {
        return Ok(false);
    }
    fs::write(path, content)?;
    Ok(true)
}

/// Prints a diff when the output directory's `.gitignore` is not eltc's.
fn check_output_gitignore(out: &Path) -> io::Result<Checked> {
    let mut files = Checked::default();
    let path = out.join(GITIGNORE_NAME);
    let old = fs::read_to_string(&path).unwrap_or_default();
    files.count(old != GITIGNORE);
    if old == GITIGNORE {
        return Ok(files);
    }
    let shown = display(&path);
    let diff = TextDiff::from_lines(old.as_str(), GITIGNORE);
    write!(
        io::stdout().lock(),
        "{}",
        diff.unified_diff().header(&shown, &shown)
    )?;
    writeln!(
        io::stderr(),
        "error: generated files are stale; run `eltc build` and commit the result"
    )?;
    Ok(files)
}

/// Prints a diff for every file that differs from what would be written;
/// pipelines are compared `jobs` at a time, their diffs printed in order.
fn check_outputs(
    compiled: &[Compiled],
    out: &Path,
    on_disk: &OutputFiles,
    jobs: usize,
) -> io::Result<Checked> {
    let compared = parallel::in_order(
        compiled,
        jobs,
        |pipeline| stale_files(pipeline, out, on_disk),
        |_| {},
    );
    let mut stdout = io::stdout().lock();
    let mut files = Checked::default();
    for result in compared {
        let (checked, diffs) = result?;
        files.add(checked);
        for diff in diffs {
            write!(stdout, "{diff}")?;
        }
    }
    if files.stale > 0 {
        writeln!(
            io::stderr(),
            "error: generated files are stale; run `eltc build` and commit the result"
        )?;
    }
    Ok(files)
}

/// A pipeline's files compared with the output directory: the counts, and
/// a unified diff of each stale file.
fn stale_files(
    pipeline: &Compiled,
    out: &Path,
    on_disk: &OutputFiles,
) -> io::Result<(Checked, Vec<String>)> {
    let dir = out.join(&pipeline.name);
    let mut names: BTreeSet<String> = pipeline.artifacts.keys().cloned().collect();
    names.extend(on_disk.get(&pipeline.name).into_iter().flatten().cloned());
    let mut files = Checked::default();
    let mut diffs = Vec::new();
    for name in names {
        let path = dir.join(&name);
        let old = fs::read_to_string(&path).unwrap_or_default();
        let new = pipeline.artifacts.get(&name).map_or("", String::as_str);
        let stale = old != new || !path.is_file() || !pipeline.artifacts.contains_key(&name);
        files.count(stale);
        if stale {
            let shown = display(&path);
            let diff = TextDiff::from_lines(old.as_str(), new);
            diffs.push(diff.unified_diff().header(&shown, &shown).to_string());
        }
    }
    Ok((files, diffs))
}

fn display(path: &Path) -> String {
    path.components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}
