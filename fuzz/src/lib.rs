//! What the fuzz targets share: a fuzz input unpacked into files, written to
//! a scratch directory, and the `eltc` command line run on them in process,
//! through [`eltc::cli::run`], the function the binary calls. The bytes reach
//! eltc as files on disk, so they take the CLI's own reading and decoding path
//! (UTF-8, a byte order mark, or a diagnostic for anything else).
//!
//! A finding is a panic (exit 101 of the binary), an I/O error returned by
//! the command (exit 3, "internal error"), or a run longer than libFuzzer's
//! `-timeout` (a hang). Output goes to stdout and stderr as the binary's
//! does; `scripts/fuzz` passes `-close_fd_mask=3` so that it is discarded.

use std::fs;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use eltc::cli::{Cli, ExitStatus};

/// Marks the start of another file in a fuzz input: `\0@NAME\n`. NUL is rare
/// in the text inputs, so a seed made of one file holds no marker.
pub const FILE_MARK: &[u8] = b"\0@";

/// At most this many files are written of one input: more only slows a run.
const MAX_FILES: usize = 12;

/// A fuzz input as files: `(relative path, bytes)`. The first file is named
/// `first`; each later one starts with a [`FILE_MARK`] line naming it. A name
/// that is not a plain relative path (empty parts, `..`, bytes outside
/// `[A-Za-z0-9_.-]`) is replaced by `fN.sql`, so nothing is written outside
/// the scratch directory.
pub fn unpack(data: &[u8], first: &str) -> Vec<(PathBuf, Vec<u8>)> {
    let mut files = Vec::new();
    let mut parts = split_marks(data).into_iter();
    if let Some(head) = parts.next() {
        files.push((PathBuf::from(first), head.to_vec()));
    }
    for part in parts.take(MAX_FILES - 1) {
        let (name, body) = match part.iter().position(|&b| b == b'\n') {
            Some(end) => (&part[..end], &part[end + 1..]),
            None => (part, &[][..]),
        };
        let index = files.len();
        let path = safe_name(name).unwrap_or_else(|| PathBuf::from(format!("f{index}.sql")));
        files.push((path, body.to_vec()));
    }
    files
}

fn split_marks(data: &[u8]) -> Vec<&[u8]> {
    let mut parts = Vec::new();
    let mut start = 0;
    let mut at = 0;
    while at + FILE_MARK.len() <= data.len() {
        if &data[at..at + FILE_MARK.len()] == FILE_MARK {
            parts.push(&data[start..at]);
            at += FILE_MARK.len();
            start = at;
        } else {
            at += 1;
        }
    }
    parts.push(&data[start..]);
    parts
}

fn safe_name(name: &[u8]) -> Option<PathBuf> {
    let name = std::str::from_utf8(name).ok()?;
    let parts: Vec<&str> = name.split('/').collect();
    let plain = |part: &&str| {
        !part.is_empty()
            && *part != "."
            && *part != ".."
            && part
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'.' | b'-'))
    };
    (parts.len() <= 4 && name.len() <= 100 && parts.iter().all(plain))
        .then(|| parts.iter().collect())
}

/// The process's scratch directory, in memory (`/dev/shm`) where there is
/// one: creating and removing files on a disk's file system cost half of
/// each run's time. libFuzzer ends the process with `exit`, so the directory
/// stays; it holds the last input's few files.
fn scratch() -> &'static Path {
    static SCRATCH: OnceLock<tempfile::TempDir> = OnceLock::new();
    SCRATCH
        .get_or_init(|| {
            let shm = Path::new("/dev/shm");
            let dir = if shm.is_dir() {
                tempfile::Builder::new().prefix("eltc-fuzz").tempdir_in(shm)
            } else {
                tempfile::Builder::new().prefix("eltc-fuzz").tempdir()
            };
            dir.expect("a scratch directory")
        })
        .path()
}

/// A fresh, empty directory `name` under the scratch directory.
pub fn fresh_dir(name: &str) -> PathBuf {
    let dir = scratch().join(name);
    let _ = fs::remove_dir_all(&dir);
    fs::create_dir_all(&dir).expect("create a scratch directory");
    dir
}

/// Writes `files` under `dir` and returns their paths, in order. Two files
/// of one name: the later one wins, and is listed once.
pub fn write_files(dir: &Path, files: &[(PathBuf, Vec<u8>)]) -> Vec<PathBuf> {
    let mut written: Vec<PathBuf> = Vec::new();
    for (name, bytes) in files {
        let path = dir.join(name);
        if let Some(parent) = path.parent() {
            // A name that is a file's and a folder's at once: keep the first.
            if fs::create_dir_all(parent).is_err() {
                continue;
            }
        }
        if path.is_dir() || fs::write(&path, bytes).is_err() {
            continue;
        }
        if !written.contains(&path) {
            written.push(path);
        }
    }
    written
}

/// Runs `eltc ARGS...` in process as the binary would. Exit codes 0 and 1 (the
/// input's errors, reported as diagnostics) are the only acceptable outcomes:
/// an I/O error (exit 3) panics here, so libFuzzer records the input.
pub fn eltc(args: &[&str]) {
    let cli = match <Cli as clap::Parser>::try_parse_from(
        std::iter::once("eltc").chain(args.iter().copied()),
    ) {
        Ok(cli) => cli,
        Err(error) => panic!("the fuzz target built a bad command line {args:?}: {error}"),
    };
    match eltc::cli::run(cli) {
        Ok(ExitStatus::Success | ExitStatus::Failure) => {}
        Ok(ExitStatus::Error) => panic!("eltc {args:?}: internal error (exit 3)"),
        Err(error) => panic!("eltc {args:?}: internal error (exit 3): {error}"),
    }
}

/// A path as a command-line argument (the scratch directory's path is UTF-8
/// on the systems we fuzz on).
pub fn arg(path: &Path) -> &str {
    path.to_str().expect("a UTF-8 scratch path")
}
