//! What is on disk in the output directory: the files `eltc build` compares
//! with what it generates, leaving out what git would ignore there.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use ignore::gitignore::Gitignore;
use ignore::{Match, WalkBuilder};

use crate::changes::CHANGES_DIR;

/// The files of each directory of the output, by directory name.
pub type OutputFiles = BTreeMap<String, BTreeSet<String>>;

/// The files under each directory of `out` but those named in `skip`, as
/// relative paths with `/` separators, leaving out what git would ignore
/// (`.gitignore` files in `out`, below it and in its parents) and the change
/// scripts of `eltc plan` (`changes/`); empty when `out` does not exist.
///
/// One walk for the whole output when nothing is skipped. Otherwise the
/// directories kept are listed first and only they are walked: a walk opens
/// every directory it meets, even one it is told to skip, and a build from
/// the cache skips nearly all of them.
pub fn output_files(out: &Path, skip: &BTreeSet<&str>) -> io::Result<OutputFiles> {
    let mut dirs = OutputFiles::new();
    if !out.is_dir() {
        return Ok(dirs);
    }
    let roots = if skip.is_empty() {
        vec![out.to_path_buf()]
    } else {
        kept_dirs(out, skip)?
    };
    let Some((first, others)) = roots.split_first() else {
        return Ok(dirs);
    };
    let mut walk = output_walk(first);
    for root in others {
        walk.add(root);
    }
    for entry in walk.build() {
        let entry = entry.map_err(io::Error::other)?;
        if !entry.file_type().is_some_and(|kind| kind.is_file()) {
            continue;
        }
        let Ok(relative) = entry.path().strip_prefix(out) else {
            continue;
        };
        let parts: Vec<_> = relative
            .components()
            .map(|c| c.as_os_str().to_string_lossy())
            .collect();
        let [dir, inside @ ..] = parts.as_slice() else {
            continue;
        };
        if inside.is_empty() || (inside.len() > 1 && inside[0] == CHANGES_DIR) {
            continue;
        }
        dirs.entry(dir.to_string())
            .or_default()
            .insert(inside.join("/"));
    }
    Ok(dirs)
}

/// A walk from `root` that leaves out what git would ignore, whether or not
/// the output is in a repository.
fn output_walk(root: &Path) -> WalkBuilder {
    let mut walk = WalkBuilder::new(root);
    walk.standard_filters(false)
        .git_ignore(true)
        .parents(true)
        .require_git(false);
    walk
}

/// The directories right under `out`, but those named in `skip` and those
/// git would ignore, as the walk of the whole output would find them.
fn kept_dirs(out: &Path, skip: &BTreeSet<&str>) -> io::Result<Vec<PathBuf>> {
    let ignores = TopLevelIgnores::of(out)?;
    let mut dirs = Vec::new();
    for entry in fs::read_dir(out)? {
        let entry = entry?;
        let name = entry.file_name();
        let path = entry.path();
        let is_dir = entry.file_type().is_ok_and(|kind| kind.is_dir());
        if is_dir && !skip.contains(name.to_string_lossy().as_ref()) && !ignores.ignore(&path) {
            dirs.push(path);
        }
    }
    dirs.sort();
    Ok(dirs)
}

/// The `.gitignore` files that decide whether an entry right under the
/// output directory is ignored: the output's own and its parents', nearest
/// first, as the walker reads them.
struct TopLevelIgnores(Vec<Gitignore>);

impl TopLevelIgnores {
    fn of(out: &Path) -> io::Result<Self> {
        let out = std::path::absolute(out)?;
        let files = out
            .ancestors()
            .map(|dir| dir.join(".gitignore"))
            .filter(|file| file.is_file());
        // A file that cannot be parsed is skipped, as the walker skips it.
        Ok(Self(files.map(|file| Gitignore::new(file).0).collect()))
    }

    /// Whether the directory at `path` is ignored: the nearest file with a
    /// rule for it decides (a `!` rule un-ignores).
    fn ignore(&self, path: &Path) -> bool {
        let Ok(path) = std::path::absolute(path) else {
            return false;
        };
        for gitignore in &self.0 {
            match gitignore.matched(&path, true) {
                Match::Ignore(_) => return true,
                Match::Whitelist(_) => return false,
                Match::None => {}
            }
        }
        false
    }
}
