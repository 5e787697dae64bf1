//! The one line `eltc check`, `build` and `build --check` print on stderr
//! when they end, so that a success is visible too:
//!
//! ```text
//! eltc build: 4 pipelines, 14 files written, 3 unchanged; 0 errors, 0 warnings (10 allowed) in 0.12 s
//! ```
//!
//! Pipelines the build cache gave are counted after the pipelines:
//! `4 pipelines (3 from the cache)`.
//!
//! `-q` leaves it out. It goes to stderr whatever the format, so that
//! `--format json` keeps stdout to its JSON lines.

use std::fmt;
use std::io::{self, Write};
use std::time::Duration;

/// What a command did with the output files.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Files {
    /// `check`: nothing is written.
    None,
    /// `build` stopped before writing (the input has errors).
    NotWritten,
    /// `build`: files written, left as they were, removed.
    Written(Written),
    /// `build --check`: files up to date, and stale.
    Checked(Checked),
}

/// Files of `build`: written (new or changed), left unchanged, removed.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Written {
    /// Files whose content changed or that are new.
    pub written: usize,
    /// Files that already held what was generated.
    pub unchanged: usize,
    /// Files no longer generated, removed.
    pub removed: usize,
}

impl Written {
    /// Counts one file.
    pub fn count(&mut self, changed: bool) {
        if changed {
            self.written += 1;
        } else {
            self.unchanged += 1;
        }
    }

    /// Adds another count.
    pub fn add(&mut self, other: Written) {
        self.written += other.written;
        self.unchanged += other.unchanged;
        self.removed += other.removed;
    }
}

/// Files of `build --check`: up to date, and stale (differing, missing or extra).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Checked {
    /// Files on disk that hold what would be written.
    pub current: usize,
    /// Files that differ, are missing, or should not be there.
    pub stale: usize,
}

impl Checked {
    /// Counts one file.
    pub fn count(&mut self, stale: bool) {
        if stale {
            self.stale += 1;
        } else {
            self.current += 1;
        }
    }

    /// Adds another count.
    pub fn add(&mut self, other: Checked) {
        self.current += other.current;
        self.stale += other.stale;
    }
}

/// The diagnostics of the run, once acknowledged.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Tally {
    /// Errors printed.
    pub errors: usize,
    /// Warnings printed.
    pub warnings: usize,
    /// Warnings acknowledged by `allow:` entries (not printed).
    pub allowed: usize,
}

/// The summary line of one command.
#[derive(Clone, Debug)]
pub struct Summary {
    /// `check`, `build` or `build --check`.
    pub command: &'static str,
    /// Pipelines read.
    pub pipelines: usize,
    /// Of those, how many were taken from the build cache.
    pub from_cache: usize,
    /// What happened to the output.
    pub files: Files,
    /// Diagnostics.
    pub tally: Tally,
    /// Wall time of the command.
    pub elapsed: Duration,
}

impl Summary {
    /// Prints the line on stderr unless `quiet`.
    pub fn print(&self, quiet: bool) -> io::Result<()> {
        if quiet {
            return Ok(());
        }
        writeln!(io::stderr().lock(), "{self}")
    }
}

impl fmt::Display for Summary {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "eltc {}: {}",
            self.command,
            count(self.pipelines, "pipeline", "pipelines")
        )?;
        if self.from_cache > 0 {
            write!(f, " ({} from the cache)", self.from_cache)?;
        }
        match self.files {
            Files::None => {}
            Files::NotWritten => write!(f, ", nothing written")?,
            Files::Written(Written {
                written,
                unchanged,
                removed,
            }) => {
                write!(
                    f,
                    ", {} written, {unchanged} unchanged",
                    count(written, "file", "files")
                )?;
                if removed > 0 {
                    write!(f, ", {removed} removed")?;
                }
            }
            Files::Checked(Checked { current, stale }) => write!(
                f,
                ", {} up to date, {stale} stale",
                count(current, "file", "files")
            )?,
        }
        let Tally {
            errors,
            warnings,
            allowed,
        } = self.tally;
        write!(
            f,
            "; {}, {}",
            count(errors, "error", "errors"),
            count(warnings, "warning", "warnings")
        )?;
        if allowed > 0 {
            write!(f, " ({allowed} allowed)")?;
        }
        write!(f, " in {:.2} s", self.elapsed.as_secs_f64())
    }
}

fn count(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

#[cfg(test)]
mod tests {
    use super::{Checked, Files, Summary, Tally, Written};
    use std::time::Duration;

    fn line(files: Files, tally: Tally) -> String {
        Summary {
            command: "build",
            pipelines: 2,
            from_cache: 0,
            files,
            tally,
            elapsed: Duration::from_millis(123),
        }
        .to_string()
    }

    #[test]
    fn a_build_counts_files_written_unchanged_and_removed() {
        let files = Files::Written(Written {
            written: 14,
            unchanged: 3,
            removed: 0,
        });
        let tally = Tally {
            errors: 0,
            warnings: 0,
            allowed: 10,
        };
        assert_eq!(
            line(files, tally),
            "eltc build: 2 pipelines, 14 files written, 3 unchanged; 0 errors, 0 warnings (10 allowed) in 0.12 s"
        );
        let files = Files::Written(Written {
            written: 1,
            unchanged: 0,
            removed: 2,
        });
        let tally = Tally {
            errors: 0,
            warnings: 1,
            allowed: 0,
        };
        assert_eq!(
            line(files, tally),
            "eltc build: 2 pipelines, 1 file written, 0 unchanged, 2 removed; 0 errors, 1 warning in 0.12 s"
        );
    }

    #[test]
    fn check_and_stale_forms() {
        let tally = Tally {
            errors: 1,
            ..Tally::default()
        };
        assert_eq!(
            line(Files::NotWritten, tally),
            "eltc build: 2 pipelines, nothing written; 1 error, 0 warnings in 0.12 s"
        );
        let checked = Files::Checked(Checked {
            current: 20,
            stale: 1,
        });
        assert_eq!(
            line(checked, Tally::default()),
            "eltc build: 2 pipelines, 20 files up to date, 1 stale; 0 errors, 0 warnings in 0.12 s"
        );
    }
}
