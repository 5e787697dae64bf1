//! The build cache: `eltc build` and `eltc check` compile again only the
//! pipelines whose inputs changed.
//!
//! A pipeline's result is a function of the bytes its loading reads (its
//! `pipeline.yaml` and SQL files), the paths it looks at (fixtures), eltc
//! itself, the templates and the options that change output (target,
//! backend, encoding). The run-wide part is hashed into the index's file
//! name ([`Key`]); each pipeline directory's entry records what its
//! loading read and saw ([`crate::spec::inputs`]) and what it compiled to:
//! its diagnostics, what the project checks and `allow:` need, and the
//! files `build` wrote. A run reuses an entry when every input is as
//! recorded (same stamp, or same BLAKE3 hash) and, for `build`, every
//! output file too; anything else compiles the pipeline again. What is
//! checked across pipelines (`spec::project`, `allow:`) is done on every
//! run, from the entries, so a run's diagnostics are a clean run's.
//!
//! Each entry is stored encoded on its own and decoded when its pipeline
//! is looked up, on the thread that looks it up; an entry not replaced is
//! written back as the bytes read, so a run that changes one pipeline
//! encodes one entry.
//!
//! The index lives in `<project>/.eltc/cache/`, beside a `.gitignore` that
//! keeps it out of git. A cache that cannot be read is an empty one; one
//! that cannot be written is said in a warning: neither fails a build.

mod entry;

use std::collections::HashMap;
use std::fs;
use std::io;
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::time::{SystemTime, UNIX_EPOCH};

use serde::{Deserialize, Serialize};

pub use entry::{Entry, Listing, Outputs, Payload, Written};

/// The directory under the project root that holds eltc's own files.
pub const CACHE_DIR: &str = ".eltc/cache";

/// The format of the index; a change makes older indexes unread.
const FORMAT: u32 = 2;

/// How many indexes (one per eltc build and options) are kept.
const KEPT_INDEXES: usize = 8;

/// What every pipeline's result depends on besides its own files.
#[derive(Debug, Default)]
pub struct Key {
    parts: Vec<String>,
}

impl Key {
    /// A key over eltc's version and the running executable's stamp (a
    /// rebuilt eltc with the same version number is another eltc).
    pub fn for_this_eltc() -> Self {
        let exe = std::env::current_exe()
            .and_then(|path| fs::metadata(path).map(|meta| (meta.len(), meta.modified().ok())))
            .map_or_else(|_| "unknown".to_string(), |stamp| format!("{stamp:?}"));
        let mut key = Self::default();
        key.add("eltc", env!("CARGO_PKG_VERSION"));
        key.add("exe", &exe);
        key
    }

    /// Adds a named part (an option, a template's text).
    pub fn add(&mut self, name: &str, value: &str) {
        self.parts.push(format!("{name}={}", value.len()));
        self.parts.push(value.to_string());
    }

    fn file_name(&self) -> String {
        let hash = blake3::hash(self.parts.join("\n").as_bytes());
        format!("{}.bin", &hash.to_hex()[..32])
    }
}

/// An entry that holds.
pub enum Hit {
    /// As stored: every stamp matched.
    Same(Entry),
    /// With stamps refreshed (files hashed or listed again, found the
    /// same): to be stored again, so the next run trusts them.
    Refreshed(Entry),
}

impl Hit {
    /// The entry.
    pub fn entry(&self) -> &Entry {
        match self {
            Hit::Same(entry) => entry,
            Hit::Refreshed(entry) => entry,
        }
    }
}

/// The index as stored; its entries borrow from the bytes read.
#[derive(Serialize, Deserialize)]
struct Index<'a> {
    format: u32,
    #[serde(borrow)]
    entries: Vec<Stored<'a>>,
}

/// One pipeline directory's entry, encoded.
#[derive(Serialize, Deserialize)]
struct Stored<'a> {
    dir: &'a str,
    #[serde(with = "serde_bytes")]
    entry: &'a [u8],
}

/// Where an entry's encoded bytes are: in the index read at the start (not
/// copied out of it), or encoded in this run.
#[derive(Debug)]
enum Slot {
    Read(Range<usize>),
    New(Vec<u8>),
}

/// A run's cache: the entries read at the start, and those to store at the end.
#[derive(Debug)]
pub struct Cache {
    dir: PathBuf,
    file: PathBuf,
    /// When the run started (before any stamp was taken), nanoseconds since the epoch.
    now: i128,
    /// The index as read.
    read: Vec<u8>,
    /// Encoded entries, by pipeline directory (paths that are not UTF-8
    /// are not cached).
    entries: HashMap<String, Slot>,
    changed: bool,
}

impl Cache {
    /// Opens the index for `key` under `root` (the project root); a missing
    /// or unreadable index is an empty one.
    pub fn open(root: &Path, key: &Key) -> Self {
        let now = now();
        let dir = root.join(CACHE_DIR);
        let file = dir.join(key.file_name());
        let read = fs::read(&file).unwrap_or_default();
        let entries = postcard::from_bytes::<Index>(&read)
            .ok()
            .filter(|index| index.format == FORMAT)
            .map(|index| {
                (index.entries.iter())
                    .map(|stored| {
                        (
                            stored.dir.to_string(),
                            Slot::Read(within(&read, stored.entry)),
                        )
                    })
                    .collect()
            })
            .unwrap_or_default();
        Self {
            dir,
            file,
            now,
            read,
            entries,
            changed: false,
        }
    }

    /// When the run started, for entries recorded in it.
    pub fn now(&self) -> i128 {
        self.now
    }

    fn bytes<'a>(&'a self, slot: &'a Slot) -> &'a [u8] {
        match slot {
            Slot::Read(range) => &self.read[range.clone()],
            Slot::New(bytes) => bytes,
        }
    }

    /// The entry of pipeline directory `dir` when its inputs are as
    /// recorded (and, with `out`, its output files in `out` are as `build`
    /// left them); `None` otherwise.
    /// An entry that cannot be decoded is no entry.
    pub fn lookup(&self, dir: &Path, out: Option<&Path>) -> Option<Hit> {
        let stored = self.entries.get(dir.to_str()?)?;
        let mut entry: Entry = postcard::from_bytes(self.bytes(stored)).ok()?;
        let inputs_refreshed = entry.inputs_unchanged(self.now)?;
        let outputs_refreshed = match out {
            Some(out) => entry.outputs_unchanged(out, self.now)?,
            None => false,
        };
        Some(if inputs_refreshed || outputs_refreshed {
            Hit::Refreshed(entry)
        } else {
            Hit::Same(entry)
        })
    }

    /// Stores `entry` for `dir` (replacing any older one), or forgets `dir`.
    pub fn store(&mut self, dir: &Path, entry: Option<Entry>) {
        let Some(key) = dir.to_str() else {
            return;
        };
        // An entry that cannot be encoded is forgotten: compiled again next time.
        let new = entry.and_then(|entry| postcard::to_stdvec(&entry).ok());
        let old = self.entries.remove(key);
        let same = match (&old, &new) {
            (Some(old), Some(new)) => self.bytes(old) == new.as_slice(),
            (None, None) => true,
            _ => false,
        };
        self.changed |= !same;
        match (same, old, new) {
            (true, Some(old), _) => self.entries.insert(key.to_string(), old),
            (false, _, Some(new)) => self.entries.insert(key.to_string(), Slot::New(new)),
            _ => None,
        };
    }

    /// Writes the index when anything changed, and removes all but the
    /// newest indexes of other keys.
    pub fn save(self) -> io::Result<()> {
        if !self.changed {
            return Ok(());
        }
        fs::create_dir_all(&self.dir)?;
        let ignore = self.dir.join("../.gitignore");
        if !ignore.exists() {
            fs::write(
                &ignore,
                "# eltc's build cache: `eltc build` rebuilds it.\n*\n",
            )?;
        }
        let mut entries: Vec<Stored> = (self.entries.iter())
            .map(|(dir, slot)| Stored {
                dir,
                entry: self.bytes(slot),
            })
            .collect();
        entries.sort_by(|a, b| a.dir.cmp(b.dir));
        let index = Index {
            format: FORMAT,
            entries,
        };
        // Written aside, then renamed: a reader sees the old index or the new one.
        let partial = self
            .file
            .with_extension(format!("partial-{}", std::process::id()));
        let written = postcard::to_io(
            &index,
            io::BufWriter::with_capacity(1 << 18, fs::File::create(&partial)?),
        )
        .map_err(io::Error::other)?;
        written
            .into_inner()
            .map_err(io::IntoInnerError::into_error)?;
        fs::rename(&partial, &self.file)?;
        prune(&self.dir, &self.file);
        Ok(())
    }
}

/// The range `inner` (a slice of `outer`) takes in `outer`.
fn within(outer: &[u8], inner: &[u8]) -> Range<usize> {
    let start = inner.as_ptr() as usize - outer.as_ptr() as usize;
    start..start + inner.len()
}

/// Removes the oldest indexes beyond [`KEPT_INDEXES`], never `keep`; a
/// failure leaves them (they are only disk space).
fn prune(dir: &Path, keep: &Path) {
    let Ok(read) = fs::read_dir(dir) else {
        return;
    };
    let mut indexes: Vec<(SystemTime, PathBuf)> = read
        .filter_map(Result::ok)
        .map(|entry| entry.path())
        .filter(|path| path != keep && path.extension().is_some_and(|e| e == "bin"))
        .filter_map(|path| Some((fs::metadata(&path).ok()?.modified().ok()?, path)))
        .collect();
    indexes.sort();
    let extra = (indexes.len() + 1).saturating_sub(KEPT_INDEXES);
    for (_, path) in indexes.into_iter().take(extra) {
        let _ = fs::remove_file(path);
    }
}

/// Nanoseconds since the Unix epoch.
pub fn now() -> i128 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |since| since.as_nanos() as i128)
}
