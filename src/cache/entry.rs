//! One pipeline's cache entry: what its loading read, what it compiled to
//! (diagnostics and what the project checks need), and the files `eltc
//! build` wrote for it; and the checks that say whether the disk still shows
//! the same.

use std::fs;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::diag::{Diagnostic, rebased};
use crate::spec::allow::AllowScopes;
use crate::spec::inputs::{self, Input, Inputs, Kind, Seen, Stamp};
use crate::spec::project::Footprint;

/// A pipeline directory's entry.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Entry {
    /// What loading read and saw, with the stamps taken then.
    pub inputs: Inputs,
    /// When the stamps of `inputs` were known to match their files'
    /// content (nanoseconds since the epoch, read before the first of them
    /// was taken): see [`Stamp::is_settled`].
    pub recorded_at: i128,
    /// The source-map block the payload's spans point into.
    pub block: u32,
    /// A [`Payload`], read only when the entry is used.
    #[serde(with = "serde_bytes")]
    payload: Vec<u8>,
    /// The files `eltc build` wrote, when it did.
    pub outputs: Option<Outputs>,
}

/// What a pipeline compiled to, as much as a run needs of it when the
/// pipeline is not compiled again.
#[derive(Debug, Serialize, Deserialize)]
pub struct Payload {
    /// The name the output directory has; `None` when the spec failed to load.
    pub name: Option<String>,
    /// Its diagnostics, before the project's `allow:` entries are applied.
    pub diagnostics: Vec<Diagnostic>,
    /// What the project checks and `allow:` need; `None` when the spec failed to load.
    pub checked: Option<(Footprint, AllowScopes)>,
}

/// The files of a pipeline's output directory as `eltc build` left them.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Outputs {
    /// The output directory of the whole build (`--out`).
    pub out: PathBuf,
    /// When the stamps below were known to match the files (as
    /// [`Entry::recorded_at`]).
    pub recorded_at: i128,
    /// Each file written, with its stamp and the hash of its content.
    pub files: Vec<Written>,
    /// The pipeline's directory and those below it that hold its files.
    pub dirs: Vec<Listing>,
}

/// A file as a build left it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Written {
    /// The file.
    pub path: PathBuf,
    /// Its stamp.
    pub stamp: Stamp,
    /// The hash of its content.
    #[serde(with = "serde_bytes")]
    pub hash: [u8; 32],
}

/// A directory as a build left it: its stamp, and the names in it (a file
/// added or removed there changes both).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Listing {
    /// The directory.
    pub path: PathBuf,
    /// Its stamp.
    pub stamp: Stamp,
    /// The names of its entries, sorted (lossy where not UTF-8).
    pub names: Vec<String>,
}

impl Listing {
    /// The directory at `path` now; `None` when it cannot be read.
    pub fn of(path: &Path) -> Option<Self> {
        let stamp = Stamp::of(path).ok()?;
        let names = Self::names(path)?;
        Some(Self {
            path: path.to_path_buf(),
            stamp,
            names,
        })
    }

    fn names(path: &Path) -> Option<Vec<String>> {
        let mut names = fs::read_dir(path)
            .ok()?
            .map(|entry| entry.map(|e| e.file_name().to_string_lossy().into_owned()))
            .collect::<Result<Vec<_>, _>>()
            .ok()?;
        names.sort();
        Some(names)
    }

    /// Whether the directory still holds the same names.
    fn same(&self, recorded_at: i128) -> Same {
        let Ok(now) = Stamp::of(&self.path) else {
            return Same::No;
        };
        if now == self.stamp && now.is_settled(recorded_at) {
            return Same::Trusted;
        }
        match Self::names(&self.path) {
            Some(names) if names == self.names => Same::Rehashed(now),
            _ => Same::No,
        }
    }
}

impl Entry {
    /// An entry for a pipeline just compiled in `block`; `None` when its
    /// results cannot be reused (a file could not be read, or a diagnostic
    /// points outside the pipeline's own files, or a path is not UTF-8).
    pub fn new(inputs: Inputs, recorded_at: i128, block: u32, payload: &Payload) -> Option<Self> {
        let own = |d: &Diagnostic| {
            std::iter::once(&d.primary)
                .chain(&d.secondary)
                .all(|label| label.span.file.block() == block)
        };
        let named = inputs
            .seen
            .iter()
            .all(|input| input.path.to_str().is_some());
        if !named || !inputs.all_readable() || !payload.diagnostics.iter().all(own) {
            return None;
        }
        Some(Self {
            inputs,
            recorded_at,
            block,
            payload: postcard::to_stdvec(payload).ok()?,
            outputs: None,
        })
    }

    /// The payload, its spans moved to `block`; `None` when it cannot be read.
    pub fn payload(&self, block: u32) -> Option<Payload> {
        rebased(self.block, block, || {
            postcard::from_bytes(&self.payload).ok()
        })
    }

    /// Whether every input is as recorded: `None` when one changed, else
    /// whether a stamp was refreshed. A settled stamp equal to the file's
    /// is trusted without reading it; files whose stamps changed, or were
    /// too fresh to trust, are hashed again, and when their content is the
    /// same their new stamps are kept (`now` becoming the entry's time), so
    /// the next run trusts them. (Stamps trusted were settled at the
    /// entry's old time, so they are at `now`.)
    pub fn inputs_unchanged(&mut self, now: i128) -> Option<bool> {
        let recorded_at = self.recorded_at;
        let mut refreshed = false;
        for Input { path, seen } in &mut self.inputs.seen {
            let same = match seen {
                Seen::Read { stamp, hash } => {
                    match same_content(path, stamp.as_ref(), hash, recorded_at) {
                        Same::Trusted => true,
                        Same::Rehashed(new) => {
                            *stamp = Some(new);
                            refreshed = true;
                            true
                        }
                        Same::No => false,
                    }
                }
                Seen::Kind(kind) => Kind::of(path) == *kind,
                Seen::Unreadable => false,
            };
            if !same {
                return None;
            }
        }
        if refreshed {
            self.recorded_at = now;
        }
        Some(refreshed)
    }

    /// Whether `eltc build` wrote this pipeline into `out` and every file
    /// and directory there is as it left them: `None` when not, else
    /// whether a stamp was refreshed (as [`Entry::inputs_unchanged`]).
    pub fn outputs_unchanged(&mut self, out: &Path, now: i128) -> Option<bool> {
        let outputs = self.outputs.as_mut().filter(|o| o.out == out)?;
        let recorded_at = outputs.recorded_at;
        let mut refreshed = false;
        for Written { path, stamp, hash } in &mut outputs.files {
            match same_content(path, Some(stamp), hash, recorded_at) {
                Same::Trusted => {}
                Same::Rehashed(new) => {
                    *stamp = new;
                    refreshed = true;
                }
                Same::No => return None,
            }
        }
        for listing in &mut outputs.dirs {
            match listing.same(recorded_at) {
                Same::Trusted => {}
                Same::Rehashed(new) => {
                    listing.stamp = new;
                    refreshed = true;
                }
                Same::No => return None,
            }
        }
        if refreshed {
            outputs.recorded_at = now;
        }
        Some(refreshed)
    }

    /// Records the files `eltc build` wrote (or found up to date).
    pub fn set_outputs(&mut self, outputs: Outputs) {
        self.outputs = Some(outputs);
    }
}

/// Whether a file (a directory) still holds what was hashed (listed).
enum Same {
    /// Its stamp is the one recorded, and was settled.
    Trusted,
    /// Its content hashes (lists) the same; its stamp is now this.
    Rehashed(Stamp),
    /// It changed, or cannot be read.
    No,
}

fn same_content(path: &Path, stamp: Option<&Stamp>, hash: &[u8; 32], recorded_at: i128) -> Same {
    let Ok(now) = Stamp::of(path) else {
        return Same::No;
    };
    if stamp == Some(&now) && now.is_settled(recorded_at) {
        return Same::Trusted;
    }
    match fs::read(path) {
        Ok(bytes) if inputs::hash(&bytes) == *hash => Same::Rehashed(now),
        _ => Same::No,
    }
}
