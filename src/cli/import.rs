//! `eltc import`: reads the legacy files and the legacy run's folders,
//! imports them (the pure [`crate::import::import`]), writes the pipeline
//! folder and `import-report.md`, then checks the written pipeline as
//! `eltc check` would and adds the check's findings to the report.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use super::ExitStatus;
use super::args::ImportArgs;
use super::pipelines::print_diagnostics;
use crate::diag::{Code, Diagnostic, Diagnostics, FileId, SourceMap, Span};
use crate::encoding::{Chosen, Fallback, NotText};
use crate::import::cases::{Day, Expected, date_columns};
use crate::import::model::Finding;
use crate::import::{self, LegacyFile, Request, identifier, report};
use crate::target::REDSHIFT;

/// Runs `eltc import`.
pub fn run(args: &ImportArgs) -> io::Result<ExitStatus> {
    let mut sources = SourceMap::new();
    let mut diagnostics = Vec::new();
    let read = read_tree(&args.paths, args.encoding, &mut sources, &mut diagnostics);
    if args.assess {
        return super::assess::run(args, &read, &mut sources, diagnostics);
    }
    let name = args
        .name
        .clone()
        .unwrap_or_else(|| default_name(&args.paths));
    let name = identifier(&name);
    let out_dir = args
        .out
        .clone()
        .unwrap_or_else(|| PathBuf::from("pipelines").join(&name));
    let data = args.data.clone().or_else(|| read.data.clone());
    let expected = args.expected.clone().or_else(|| read.expected.clone());
    let days = days(
        data.as_deref(),
        expected.as_deref(),
        args.encoding,
        &mut sources,
    )?;
    let texts: Vec<(crate::diag::FileId, String)> = read
        .files
        .iter()
        .map(|&id| {
            (
                id,
                sources.path(id).display().to_string().replace('\\', "/"),
            )
        })
        .collect();
    let files: Vec<LegacyFile<'_>> = texts
        .iter()
        .map(|(id, path)| LegacyFile {
            id: *id,
            path,
            text: sources.text(*id),
        })
        .collect();
    let request = Request {
        name: name.clone(),
        files,
        days: days.clone(),
        schema: args.schema.as_deref().map(str::to_lowercase),
    };
    let imported = import::import(&request);
    diagnostics.extend(imported.diagnostics.iter().cloned());
    fs::create_dir_all(&out_dir)?;
    fs::write(out_dir.join("pipeline.yaml"), &imported.yaml)?;
    for (path, text) in &imported.files {
        let to = out_dir.join(path);
        if let Some(parent) = to.parent() {
            fs::create_dir_all(parent)?;
        }
        fs::write(to, text)?;
    }
    if let Some(data) = &data {
        for day in &days {
            copy_dir(&data.join(&day.date), &out_dir.join(&day.given))?;
        }
    }
    if let Some(expected) = &expected {
        for entry in sorted_entries(expected)? {
            if entry.is_dir() {
                let dir = entry
                    .file_name()
                    .map(|n| n.to_string_lossy().to_string())
                    .unwrap_or_default();
                copy_dir(&entry, &out_dir.join("fixtures/expected").join(dir))?;
            }
        }
    }
    let mut findings: Vec<Finding> = imported.findings.clone();
    findings.extend(
        diagnostics
            .iter()
            .filter(|d| !imported.diagnostics.contains(d))
            .map(Finding::of),
    );
    // The written pipeline, checked as `eltc check` checks it.
    let (pipeline, mut checked) = crate::spec::load_pipeline(&out_dir, &mut sources);
    if let Some(pipeline) = &pipeline {
        match crate::compile::compile(pipeline, &sources, &REDSHIFT) {
            Ok((_, found)) => checked.extend(found),
            Err(error) => return Err(io::Error::other(format!("rendering `{name}`: {error}"))),
        }
    }
    findings.extend(checked.iter().map(Finding::of));
    let check_errors = checked.iter().filter(|d| d.is_error()).count();
    let mut text = report::render(&name, &findings, &sources);
    text.push_str(&format!(
        "\n## eltc check\n\nThe written pipeline, checked as `eltc check {}` checks it: {} error(s), {} warning(s) (listed above with their codes).\n",
        out_dir.display(),
        check_errors,
        checked.len() - check_errors
    ));
    fs::write(out_dir.join("import-report.md"), text)?;
    diagnostics.extend(checked);
    let failed = diagnostics.iter().any(Diagnostic::is_error);
    let mut all = Diagnostics::new();
    all.extend(diagnostics);
    print_diagnostics(all, &sources, args.format)?;
    eprintln!(
        "wrote {} and {}",
        out_dir.join("pipeline.yaml").display(),
        out_dir.join("import-report.md").display()
    );
    Ok(if failed {
        ExitStatus::Failure
    } else {
        ExitStatus::Success
    })
}

/// The legacy files found under the arguments, and the conventional
/// `data/` and `expected/` folders beside them.
pub struct Tree {
    /// The files, in path order.
    pub files: Vec<crate::diag::FileId>,
    /// `data/` found in an argument folder.
    pub data: Option<PathBuf>,
    /// `expected/` found in an argument folder.
    pub expected: Option<PathBuf>,
}

/// Reads every file under `paths` (folders recursively, in name order; the
/// `data` and `expected` folders of an argument folder are the legacy run's,
/// not legacy code). A file that is not UTF-8 is decoded in `encoding`
/// (`--encoding`); without it, or when it does not decode there, it is read
/// as Windows-1252 and reported. One that cannot be read is reported with
/// its name.
pub fn read_tree(
    paths: &[PathBuf],
    encoding: Fallback,
    sources: &mut SourceMap,
    diagnostics: &mut Vec<Diagnostic>,
) -> Tree {
    let mut tree = Tree {
        files: Vec::new(),
        data: None,
        expected: None,
    };
    let mut stack: Vec<(PathBuf, bool)> = paths.iter().rev().map(|p| (p.clone(), true)).collect();
    while let Some((path, top)) = stack.pop() {
        if path.is_dir() {
            let Ok(entries) = sorted_entries(&path) else {
                let id = sources.add(&path, "");
                diagnostics.push(
                    Diagnostic::new(
                        Code::ReadFile,
                        Span::file_start(id),
                        format!("cannot read the folder `{}`", path.display()),
                    )
                    .label("folder")
                    .help("check the path and its permissions"),
                );
                continue;
            };
            for entry in entries.into_iter().rev() {
                let name = entry
                    .file_name()
                    .map(|n| n.to_string_lossy().to_string())
                    .unwrap_or_default();
                if name.starts_with('.') {
                    continue;
                }
                if top && entry.is_dir() && (name == "data" || name == "expected") {
                    if name == "data" {
                        tree.data = Some(entry)
                    } else {
                        tree.expected = Some(entry)
                    }
                    continue;
                }
                stack.push((entry, false));
            }
            continue;
        }
        match fs::read(&path) {
            Ok(bytes) => {
                let (text, guessed) = decode(bytes, encoding);
                let id = sources.add(&path, text);
                if let Some(why) = guessed {
                    diagnostics.push(encoding_guessed(&path, &why, id));
                }
                tree.files.push(id);
            }
            Err(error) => {
                let id = sources.add(&path, "");
                diagnostics.push(
                    Diagnostic::new(
                        Code::ReadFile,
                        Span::file_start(id),
                        format!("cannot read `{}`: {error}", path.display()),
                    )
                    .label("file")
                    .help("check the path and its permissions"),
                );
            }
        }
    }
    tree
}

/// The text of a legacy file: UTF-8 or its byte order mark's encoding, else
/// `encoding` (`--encoding`); when neither decodes it, Windows-1252, which
/// decodes every byte, with why (the error of the encoding tried).
pub fn decode(bytes: Vec<u8>, encoding: Fallback) -> (String, Option<NotText>) {
    match crate::encoding::decode(bytes.clone(), encoding) {
        Ok(text) => (text, None),
        Err(error) => {
            let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&bytes);
            let (text, _, _) = encoding_rs::WINDOWS_1252.decode(bytes);
            (text.into_owned(), Some(error))
        }
    }
}

/// The warning for a file read as Windows-1252: which encoding was tried
/// and failed, and the option that names the right one.
fn encoding_guessed(path: &Path, why: &NotText, file: FileId) -> Diagnostic {
    let (message, help) = match why.chosen {
        Chosen::Declared => (
            format!(
                "`{}` is neither UTF-8 nor {} (byte 0x{:02X} at offset {}): read as Windows-1252",
                path.display(),
                why.encoding,
                why.byte,
                why.offset
            ),
            "check the file's encoding: `--encoding` applies to every legacy file that is not UTF-8; convert this one to UTF-8 if it differs".to_string(),
        ),
        Chosen::Assumed | Chosen::Marked => (
            format!(
                "`{}` is not UTF-8 (byte 0x{:02X} at offset {}): Windows-1252 assumed",
                path.display(),
                why.byte,
                why.offset
            ),
            "if the file is in another encoding, pass it: `--encoding gbk` (or shift_jis, iso-8859-15, ...); spans and text are as decoded".to_string(),
        ),
    };
    Diagnostic::new(Code::ImportFileEncoding, Span::file_start(file), message)
        .label("encoding")
        .help(help)
}

fn sorted_entries(dir: &Path) -> io::Result<Vec<PathBuf>> {
    let mut entries: Vec<PathBuf> = fs::read_dir(dir)?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .collect();
    entries.sort();
    Ok(entries)
}

fn copy_dir(from: &Path, to: &Path) -> io::Result<()> {
    fs::create_dir_all(to)?;
    for entry in sorted_entries(from)? {
        let name = entry
            .file_name()
            .map(|n| n.to_os_string())
            .unwrap_or_default();
        if entry.is_dir() {
            copy_dir(&entry, &to.join(name))?;
        } else {
            fs::copy(&entry, to.join(name))?;
        }
    }
    Ok(())
}

fn default_name(paths: &[PathBuf]) -> String {
    let first = paths.first().map(|p| {
        if p.is_dir() {
            p.clone()
        } else {
            p.parent().map(Path::to_path_buf).unwrap_or_default()
        }
    });
    first
        .and_then(|p| fs::canonicalize(p).ok())
        .and_then(|p| p.file_name().map(|n| n.to_string_lossy().to_string()))
        .unwrap_or_else(|| "imported".to_string())
}

/// `YYYY-MM-DD`, possibly after `after-`.
fn day_of(name: &str) -> Option<String> {
    let date = name.strip_prefix("after-").unwrap_or(name);
    let bytes = date.as_bytes();
    let ok = bytes.len() == 10
        && bytes[4] == b'-'
        && bytes[7] == b'-'
        && date.chars().filter(|c| c.is_ascii_digit()).count() == 8;
    ok.then(|| date.to_string())
}

/// The legacy run's days: `data/<date>/` input folders and
/// `expected/[after-]<date>/` tables.
fn days(
    data: Option<&Path>,
    expected: Option<&Path>,
    encoding: Fallback,
    sources: &mut SourceMap,
) -> io::Result<Vec<Day>> {
    let Some(data) = data else {
        return Ok(Vec::new());
    };
    let mut days = Vec::new();
    for dir in sorted_entries(data)? {
        let Some(name) = dir.file_name().map(|n| n.to_string_lossy().to_string()) else {
            continue;
        };
        let Some(date) = day_of(&name).filter(|_| dir.is_dir()) else {
            continue;
        };
        let files = sorted_entries(&dir)?
            .iter()
            .filter_map(|f| f.file_name().map(|n| n.to_string_lossy().to_string()))
            .collect();
        let mut day = Day {
            date: date.clone(),
            given: format!("fixtures/{date}"),
            files,
            expected: Vec::new(),
        };
        if let Some(expected) = expected {
            for folder in [date.clone(), format!("after-{date}")] {
                let dir = expected.join(&folder);
                if !dir.is_dir() {
                    continue;
                }
                for file in sorted_entries(&dir)? {
                    let Some(base) = file.file_name().map(|n| n.to_string_lossy().to_string())
                    else {
                        continue;
                    };
                    let Some(stem) = base.strip_suffix(".csv") else {
                        continue;
                    };
                    let (text, _) = decode(fs::read(&file)?, encoding);
                    let (header, dated) = date_columns(&text, &date);
                    sources.add(&file, text);
                    day.expected.push(Expected {
                        path: format!("fixtures/expected/{folder}/{base}"),
                        stem: stem.to_lowercase(),
                        whole: folder.starts_with("after-"),
                        header,
                        date_columns: dated,
                    });
                }
            }
        }
        days.push(day);
    }
    Ok(days)
}
