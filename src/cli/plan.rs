//! `eltc plan`: the change script from an old state of the project to the
//! current one, per pipeline (docs/plan.md).
//!
//! The old state is a git revision (by default the last commit that changed
//! the output directory), extracted with `git archive` into a temporary
//! directory, or a project directory given with `--from-dir`. Both states
//! are loaded and compiled as `eltc check` does; `changes::diff` compares
//! them and `changes::script` prints the script, written to
//! `<out>/<name>/changes/<from>-><to>.sql` or, with `--stdout`, printed.

use std::collections::BTreeMap;
use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use super::ExitStatus;
use super::args::PlanArgs;
use super::pipelines::print_diagnostics;
use super::project::{PIPELINES_DIR, default_out, find_root, pipeline_dirs};
use crate::changes::script::{self, Header};
use crate::changes::{self, Change, ChangeKind, Safety, State};
use crate::diag::{Code, Diagnostic, Diagnostics, SourceMap, Span};
use crate::spec;
use crate::target::Target;

/// `eltc plan`.
pub fn run(args: &PlanArgs) -> io::Result<ExitStatus> {
    let target = args.engine.target();
    let mut sources = SourceMap::new();
    let mut diagnostics = Diagnostics::new();
    let root = find_root().unwrap_or_default();
    let old_project = match old_project(args, &root) {
        Ok(project) => project,
        Err(message) => {
            let file = sources.add(root.join(PIPELINES_DIR), String::new());
            diagnostics.push(
                Diagnostic::new(Code::PlanOldState, Span::file_start(file), message).help(
                    "name a revision (`--from main`) or a project directory (`--from-dir DIR`)",
                ),
            );
            print_diagnostics(diagnostics, &sources, args.common.format)?;
            return Ok(ExitStatus::Failure);
        }
    };
    let dirs = pipeline_dirs(&args.common.pipelines, &mut sources, &mut diagnostics);
    let new = load_states(&dirs, args, target, &mut sources, &mut diagnostics)?;
    let old_dirs = pipelines_under(&old_project.dir.join(PIPELINES_DIR));
    let mut old = load_states(
        &old_dirs,
        args,
        target,
        &mut sources,
        &mut Diagnostics::new(),
    )?;
    if diagnostics.has_errors() {
        print_diagnostics(diagnostics, &sources, args.common.format)?;
        return Ok(ExitStatus::Failure);
    }
    let selected = !args.common.pipelines.is_empty();
    if selected {
        old.retain(|name, _| new.contains_key(name));
    }
    let header = |pipeline: &str| Header {
        pipeline: pipeline.to_string(),
        from: old_project.label.clone(),
        to: old_project.to.clone(),
    };
    let out = args.out.clone().unwrap_or_else(default_out);
    let mut names: Vec<&String> = new.keys().chain(old.keys()).collect();
    names.sort();
    names.dedup();
    for name in names {
        let (before, after) = (old.get(name), new.get(name));
        let mut changes = changes::diff(before.map(|s| &s.0), after.map(|s| &s.0));
        // The pipelines that read a table of this one (`read_only`) are
        // touched by its changes too; only the pipelines planned are seen.
        for (other, (state, _)) in &new {
            if other != name {
                for change in &mut changes {
                    change.touches.extend(state.touched_by(change));
                }
            }
        }
        let file = after.or(before).map_or_else(
            || Span::file_start(sources.add(root.join(PIPELINES_DIR), String::new())),
            |s| s.1.clone(),
        );
        for change in &changes {
            diagnostics.extend(change_diagnostic(change, &file, args.allow_destructive));
        }
        let text = script::render(&changes, &header(name), target, args.allow_destructive);
        emit(args, &out, name, &old_project, &changes, &text)?;
    }
    let failed = diagnostics.has_errors();
    print_diagnostics(diagnostics, &sources, args.common.format)?;
    Ok(if failed {
        ExitStatus::Failure
    } else {
        ExitStatus::Success
    })
}

/// The old state's project directory and the labels of both states.
struct OldProject {
    dir: PathBuf,
    label: String,
    to: String,
    /// Holds the extracted revision until the plan is written.
    _extracted: Option<tempfile::TempDir>,
}

fn old_project(args: &PlanArgs, root: &Path) -> Result<OldProject, String> {
    let git_root = if root.as_os_str().is_empty() {
        Path::new(".")
    } else {
        root
    };
    let to = current_label(git_root);
    if let Some(dir) = &args.from_dir {
        if !dir.join(PIPELINES_DIR).is_dir() {
            return Err(format!(
                "`{}` holds no `{PIPELINES_DIR}/` directory",
                dir.display()
            ));
        }
        let label = dir
            .file_name()
            .map_or_else(|| "dir".into(), |n| n.to_string_lossy().into_owned());
        return Ok(OldProject {
            dir: dir.clone(),
            label,
            to,
            _extracted: None,
        });
    }
    let revision = match &args.from {
        Some(revision) => revision.clone(),
        None => {
            let out = args.out.clone().unwrap_or_else(default_out);
            let out = out.strip_prefix(root).unwrap_or(&out).to_path_buf();
            let last = git(
                git_root,
                &["log", "-1", "--format=%H", "--", &out.to_string_lossy()],
            )?;
            if last.is_empty() {
                return Err(format!(
                    "no commit changed `{}`: give the old state with --from or --from-dir",
                    out.display()
                ));
            }
            last
        }
    };
    let label = git(
        git_root,
        &["rev-parse", "--short", &format!("{revision}^{{commit}}")],
    )?;
    let extracted = tempfile::tempdir().map_err(|e| format!("temporary directory: {e}"))?;
    extract(git_root, &revision, extracted.path())?;
    Ok(OldProject {
        dir: extracted.path().to_path_buf(),
        label,
        to,
        _extracted: Some(extracted),
    })
}

/// `HEAD`'s short hash, or `worktree` when the pipelines have uncommitted changes.
fn current_label(git_root: &Path) -> String {
    let dirty = git(git_root, &["status", "--porcelain", "--", PIPELINES_DIR])
        .map_or(true, |s| !s.is_empty());
    match git(git_root, &["rev-parse", "--short", "HEAD"]) {
        Ok(head) if !dirty => head,
        _ => "worktree".into(),
    }
}

fn git(dir: &Path, args: &[&str]) -> Result<String, String> {
    let output = Command::new("git")
        .arg("-C")
        .arg(dir)
        .args(args)
        .output()
        .map_err(|e| format!("cannot run git: {e}"))?;
    if !output.status.success() {
        return Err(format!(
            "`git {}` failed: {}",
            args.join(" "),
            String::from_utf8_lossy(&output.stderr).trim()
        ));
    }
    Ok(String::from_utf8_lossy(&output.stdout).trim().to_string())
}

/// The revision's `pipelines/` under `into`, by `git archive | tar -x`.
fn extract(git_root: &Path, revision: &str, into: &Path) -> Result<(), String> {
    let archive = Command::new("git")
        .arg("-C")
        .arg(git_root)
        .args(["archive", "--format=tar", revision, "--", PIPELINES_DIR])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| format!("cannot run git: {e}"))?;
    let untar = Command::new("tar")
        .arg("-x")
        .arg("-C")
        .arg(into)
        .stdin(archive.stdout.ok_or("git archive gave no output")?)
        .status()
        .map_err(|e| format!("cannot run tar: {e}"))?;
    if !untar.success() || !into.join(PIPELINES_DIR).is_dir() {
        return Err(format!(
            "`git archive {revision} -- {PIPELINES_DIR}` gave no pipelines: is `{revision}` a revision of this project?"
        ));
    }
    Ok(())
}

fn pipelines_under(dir: &Path) -> Vec<PathBuf> {
    let mut dirs: Vec<PathBuf> = fs::read_dir(dir)
        .map(|entries| {
            entries
                .filter_map(Result::ok)
                .map(|e| e.path())
                .filter(|p| p.join("pipeline.yaml").is_file())
                .collect()
        })
        .unwrap_or_default();
    dirs.sort();
    dirs
}

/// Each pipeline's state by name, with the span of its `pipeline.yaml`.
fn load_states(
    dirs: &[PathBuf],
    args: &PlanArgs,
    target: &dyn Target,
    sources: &mut SourceMap,
    diagnostics: &mut Diagnostics,
) -> io::Result<BTreeMap<String, (State, Span)>> {
    let mut states = BTreeMap::new();
    for dir in dirs {
        let (pipeline, found) =
            spec::load_pipeline_encoded(dir, args.common.input.encoding, sources);
        diagnostics.extend(found);
        let Some(pipeline) = pipeline else { continue };
        let (state, found) = State::of(&pipeline, sources, target)
            .map_err(|error| io::Error::other(format!("rendering `{}`: {error}", pipeline.name)))?;
        diagnostics.extend(found);
        states.insert(
            pipeline.name.clone(),
            (state, Span::file_start(pipeline.file)),
        );
    }
    Ok(states)
}

/// The diagnostic a change raises: a blocked one is an error, a destructive
/// one left out of the script a warning.
fn change_diagnostic(change: &Change, file: &Span, allow: bool) -> Option<Diagnostic> {
    match (&change.kind, change.safety) {
        (ChangeKind::NotNullWithoutDefault { column, .. }, _) => Some(
            Diagnostic::new(
                Code::PlanNotNullWithoutDefault,
                column.span.clone(),
                script::describe(change),
            )
            .label("NOT NULL, no DEFAULT")
            .help("give the column a DEFAULT (existing rows take it) or make it nullable"),
        ),
        (_, Safety::Blocked) => Some(
            Diagnostic::new(
                Code::PlanNotNullWithoutDefault,
                file.clone(),
                script::describe(change),
            )
            .help(format!(
                "{}; give the new columns a DEFAULT or make them nullable",
                change.why
            )),
        ),
        (_, Safety::Destructive) if !allow => Some(
            Diagnostic::new(
                Code::PlanDestructive,
                file.clone(),
                script::describe(change),
            )
            .help(format!(
                "{}; listed in the script, applied only with --allow-destructive",
                change.why
            )),
        ),
        _ => None,
    }
}

/// Writes the script (or prints it with `--stdout`) and lists the changes on stderr.
fn emit(
    args: &PlanArgs,
    out: &Path,
    name: &str,
    old: &OldProject,
    changes: &[Change],
    text: &str,
) -> io::Result<()> {
    let mut err = io::stderr().lock();
    writeln!(
        err,
        "{name}: {}",
        script::summary(changes, args.allow_destructive)
    )?;
    for change in changes {
        writeln!(err, "  [{}] {}", change.safety, script::describe(change))?;
        for touched in &change.touches {
            writeln!(err, "      touches {touched}")?;
        }
    }
    if args.stdout {
        io::stdout().lock().write_all(text.as_bytes())?;
        return Ok(());
    }
    if changes.is_empty() {
        return Ok(());
    }
    let dir = out.join(name).join(changes::CHANGES_DIR);
    fs::create_dir_all(&dir)?;
    let path = dir.join(format!("{}->{}.sql", old.label, old.to));
    fs::write(&path, text)?;
    writeln!(err, "  written to {}", path.display())?;
    Ok(())
}
