//! What loading a pipeline read from the disk, and what it saw there.
//!
//! Loading a pipeline reads its `pipeline.yaml` and the SQL files it names,
//! and looks whether its test fixtures exist. [`Inputs`] does that reading
//! and keeps a record of it: each file read with its size, modification time
//! and the hash of its bytes, and each path looked at with what was there.
//! The build cache (`crate::cache`) keeps the record beside what the
//! pipeline compiled to, and uses it again only when the disk still shows
//! the same: that is what makes a cached result the result loading again
//! would give.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use std::time::UNIX_EPOCH;

use serde::{Deserialize, Serialize};

/// Every file and path a pipeline's loading read or looked at, in order.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Inputs {
    /// What was seen, path by path.
    pub seen: Vec<Input>,
}

/// One path loading used.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Input {
    /// The path as loading named it.
    pub path: PathBuf,
    /// What was there.
    pub seen: Seen,
}

/// What loading saw at a path.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Seen {
    /// A file read whole: its stamp (taken before reading, so a change during
    /// the read shows as a new stamp) and the BLAKE3 hash of its bytes.
    Read {
        /// Size and times, when the file could be stat'ed.
        stamp: Option<Stamp>,
        /// The hash of the bytes read.
        #[serde(with = "serde_bytes")]
        hash: [u8; 32],
    },
    /// A file that could not be read: its error is a diagnostic, and such a
    /// pipeline is not kept by the cache (the error may be transient).
    Unreadable,
    /// A path only looked at: what kind of entry it was.
    Kind(Kind),
}

/// What a path names.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Kind {
    /// A regular file (or a link to one).
    File,
    /// A directory (or a link to one).
    Dir,
    /// Something else, or nothing.
    Missing,
}

impl Kind {
    /// What `path` names now (links followed).
    pub fn of(path: &Path) -> Self {
        match fs::metadata(path) {
            Ok(meta) if meta.is_file() => Kind::File,
            Ok(meta) if meta.is_dir() => Kind::Dir,
            _ => Kind::Missing,
        }
    }
}

/// What a file's metadata says of its content: when two stamps of a path
/// are equal, the file is taken as unchanged (as git's index and make do),
/// unless it was changed too close to when the stamp was taken
/// ([`Stamp::is_settled`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Stamp {
    /// Size in bytes.
    pub len: u64,
    /// Modification time, nanoseconds since the Unix epoch.
    pub modified: i128,
    /// The inode on Unix (an editor that saves by renaming changes it), else 0.
    pub inode: u64,
}

/// How long before a stamp is trusted: a file written within this of the
/// moment its stamp was recorded may be written again within the same
/// timestamp tick without changing its stamp (git's "racy" entries), so its
/// content is hashed again instead. Two seconds covers the coarsest common
/// timestamps (FAT's).
pub const SETTLE_NANOS: i128 = 2_000_000_000;

impl Stamp {
    /// The stamp of the file at `path`, links followed.
    pub fn of(path: &Path) -> io::Result<Self> {
        fs::metadata(path).map(|meta| Self::from_metadata(&meta))
    }

    /// The stamp of already-read metadata.
    pub fn from_metadata(meta: &fs::Metadata) -> Self {
        let modified = meta
            .modified()
            .ok()
            .and_then(|time| time.duration_since(UNIX_EPOCH).ok())
            .map_or(0, |since| since.as_nanos() as i128);
        Self {
            len: meta.len(),
            modified,
            inode: inode(meta),
        }
    }

    /// True when the file was last changed at least [`SETTLE_NANOS`] before
    /// `recorded` (nanoseconds since the epoch, when the stamp was taken), so
    /// an equal stamp later means an unchanged file.
    pub fn is_settled(&self, recorded: i128) -> bool {
        self.modified + SETTLE_NANOS <= recorded
    }
}

#[cfg(unix)]
fn inode(meta: &fs::Metadata) -> u64 {
    std::os::unix::fs::MetadataExt::ino(meta)
}

#[cfg(not(unix))]
fn inode(_: &fs::Metadata) -> u64 {
    0
}

/// The BLAKE3 hash of `bytes`.
pub fn hash(bytes: &[u8]) -> [u8; 32] {
    *blake3::hash(bytes).as_bytes()
}

impl Inputs {
    /// Reads the file at `path` whole, recording it.
    pub fn read(&mut self, path: &Path) -> io::Result<Vec<u8>> {
        let stamp = Stamp::of(path).ok();
        match fs::read(path) {
            Ok(bytes) => {
                let hash = hash(&bytes);
                self.push(path, Seen::Read { stamp, hash });
                Ok(bytes)
            }
            Err(error) => {
                self.push(path, Seen::Unreadable);
                Err(error)
            }
        }
    }

    /// What `path` names, recorded.
    pub fn kind(&mut self, path: &Path) -> Kind {
        let kind = Kind::of(path);
        self.saw(path, kind);
        kind
    }

    /// Records that `path` named `kind` (looked at by the caller).
    pub fn saw(&mut self, path: &Path, kind: Kind) {
        self.push(path, Seen::Kind(kind));
    }

    /// Records that the text read from `path` could not be used (not text
    /// in any encoding allowed): such a pipeline is not kept by the cache.
    pub fn unusable(&mut self, path: &Path) {
        self.push(path, Seen::Unreadable);
    }

    /// True when every file was read: nothing the cache must not keep.
    pub fn all_readable(&self) -> bool {
        !self.seen.iter().any(|input| input.seen == Seen::Unreadable)
    }

    fn push(&mut self, path: &Path, seen: Seen) {
        self.seen.push(Input {
            path: path.to_path_buf(),
            seen,
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn records_reads_looks_and_failures_in_order() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("a.sql");
        fs::write(&file, "select 1").unwrap();
        let mut inputs = Inputs::default();
        assert_eq!(inputs.read(&file).unwrap(), b"select 1");
        assert_eq!(inputs.kind(dir.path()), Kind::Dir);
        assert_eq!(inputs.kind(&dir.path().join("none")), Kind::Missing);
        assert!(inputs.all_readable());
        assert!(inputs.read(&dir.path().join("none.sql")).is_err());
        assert!(!inputs.all_readable());
        let Seen::Read { stamp, hash: read } = &inputs.seen[0].seen else {
            panic!("not a read: {:?}", inputs.seen[0]);
        };
        assert_eq!(stamp.unwrap().len, 8);
        assert_eq!(*read, hash(b"select 1"));
        assert_eq!(inputs.seen[1].seen, Seen::Kind(Kind::Dir));
        assert_eq!(inputs.seen[2].seen, Seen::Kind(Kind::Missing));
    }

    #[test]
    fn a_stamp_is_trusted_only_once_the_file_has_settled() {
        let stamp = Stamp {
            len: 1,
            modified: 10 * SETTLE_NANOS,
            inode: 1,
        };
        assert!(stamp.is_settled(11 * SETTLE_NANOS));
        assert!(!stamp.is_settled(11 * SETTLE_NANOS - 1));
    }
}
