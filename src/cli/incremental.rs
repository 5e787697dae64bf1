//! How `eltc build` and `eltc check` use the build cache ([`crate::cache`]):
//! each pipeline directory is either reused from its entry or read and
//! compiled, with a new entry recorded; after the run, the files of reused
//! pipelines are read again only when a diagnostic shown points into them.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use encoding_rs::Encoding;

use super::args::CommonArgs;
use crate::cache::{Cache, Entry, Hit, Key, Listing, Outputs, Payload, Written};
use crate::diag::{Diagnostic, SourceMap};
use crate::spec;
use crate::spec::allow::AllowedWarning;
use crate::spec::inputs::{self, Stamp};

/// What a run does with the cache.
pub struct Reuse<'a> {
    /// The cache, read at the start of the run.
    pub cache: Cache,
    /// `build`'s output directory: a pipeline is reused only when its files
    /// there are as the build that recorded it left them. `None` for `check`.
    pub out: Option<&'a Path>,
}

impl<'a> Reuse<'a> {
    /// The cache of the project `args` run in, for the options in `key`;
    /// `None` outside a project (nowhere to keep it).
    pub fn open(
        args: &CommonArgs,
        no_cache: bool,
        mut key: Key,
        out: Option<&'a Path>,
    ) -> Option<Self> {
        if no_cache {
            return None;
        }
        let root = super::project::find_root()?;
        key.add("encoding", args.input.encoding.map_or("", Encoding::name));
        Some(Self {
            cache: Cache::open(&root, &key),
            out,
        })
    }

    /// The payload of `dir`'s entry, its spans moved to `block`, when the
    /// pipeline's inputs (and outputs) are as recorded; with the number of
    /// its output files, and the entry when its stamps were refreshed (to
    /// be stored again).
    pub fn lookup(&self, dir: &Path, block: u32) -> Option<Reused> {
        let hit = self.cache.lookup(dir, self.out)?;
        let entry = hit.entry();
        let payload = entry.payload(block)?;
        let files = (entry.outputs.as_ref()).map_or(0, |outputs| outputs.files.len());
        Some(Reused {
            payload,
            files,
            refreshed: match hit {
                Hit::Same(_) => None,
                Hit::Refreshed(entry) => Some(entry),
            },
        })
    }

    /// Writes the cache, or says on stderr why it could not.
    pub fn save(self) {
        if let Err(error) = self.cache.save() {
            eprintln!(
                "warning: the build cache was not saved (the build is not affected): {error}"
            );
        }
    }
}

/// A pipeline taken from the cache.
pub struct Reused {
    /// What it compiled to.
    pub payload: Payload,
    /// How many files `build` wrote for it.
    pub files: usize,
    /// Its entry when its stamps were refreshed.
    pub refreshed: Option<Entry>,
}

/// The record of a pipeline's files just written under `dir` (each name
/// with the content written, or found there already), for its entry. The
/// hashes are the contents'; the stamps are taken now, after `now`, so a
/// file changed since it was written is either stamped afresh or hashed
/// again on the next run.
pub fn outputs<'f>(
    out: &Path,
    dir: &Path,
    files: impl Iterator<Item = (&'f String, &'f String)>,
    now: i128,
) -> Outputs {
    let mut dirs = BTreeSet::from([dir.to_path_buf()]);
    let files = files
        .map(|(name, content)| {
            let path = dir.join(name);
            let parents = path.ancestors().skip(1).take_while(|a| a.starts_with(dir));
            dirs.extend(parents.map(Path::to_path_buf));
            // A file that cannot be stat'ed gets a stamp no file has: never trusted.
            let stamp = Stamp::of(&path).unwrap_or(Stamp {
                len: u64::MAX,
                modified: i128::MAX,
                inode: 0,
            });
            Written {
                hash: inputs::hash(content.as_bytes()),
                path,
                stamp,
            }
        })
        .collect();
    Outputs {
        out: out.to_path_buf(),
        recorded_at: now,
        files,
        dirs: dirs.iter().filter_map(|dir| Listing::of(dir)).collect(),
    }
}

/// Reads again the files of the reused pipelines that `kept` diagnostics and
/// `allowed` warnings point into, so they can be shown. `dirs[i]` is the
/// pipeline of block `first + i`.
pub fn fill_shown(
    sources: &mut SourceMap,
    kept: &[Diagnostic],
    allowed: &[AllowedWarning],
    dirs: &[PathBuf],
    first: u32,
    encoding: Option<&'static Encoding>,
) {
    let labels = kept
        .iter()
        .chain(allowed.iter().map(|a| &a.diagnostic))
        .flat_map(|d| std::iter::once(&d.primary).chain(&d.secondary))
        .map(|label| label.span.file.block());
    let allows = allowed.iter().map(|a| a.allow.file.block());
    let blocks: BTreeSet<u32> = labels.chain(allows).collect();
    for block in blocks {
        if sources.is_filled(block) {
            continue;
        }
        let Some(dir) = (block.checked_sub(first)).and_then(|at| dirs.get(at as usize)) else {
            continue;
        };
        let mut own = SourceMap::block(block);
        // The same files, read in the same order, get the same ids.
        let _ = spec::load_pipeline_encoded(dir, encoding, &mut own);
        sources.fill(own);
    }
}
