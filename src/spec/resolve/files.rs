//! The files a spec names: SQL and PL/SQL files (read into the source map),
//! inline SQL (a piece of `pipeline.yaml`, or a virtual file), and test
//! fixture paths (checked to exist). This is the only part of resolution that
//! touches the filesystem, through [`crate::spec::inputs::Inputs`], which
//! records what it read and saw for the build cache.

use std::path::{Path, PathBuf};

use super::{Ctx, verbatim_offset};
use crate::diag::{Code, Diagnostic};
use crate::encoding;
use crate::spec::inputs::Kind;
use crate::spec::model::SqlText;
use crate::spec::raw::Spanned;

/// Extensions that make a one-line value a file path rather than inline SQL.
const SQL_EXTENSIONS: &[&str] = &[".sql", ".pls", ".plsql", ".prc", ".pks", ".pkb"];

/// True when `value` names a SQL file: one line, no spaces, a SQL extension.
pub fn is_sql_path(value: &str) -> bool {
    let value = value.trim();
    let lower = value.to_ascii_lowercase();
    !value.contains(char::is_whitespace) && SQL_EXTENSIONS.iter().any(|ext| lower.ends_with(ext))
}

/// What kind of path a fixture value must be.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum PathKind {
    /// A directory (`given:`).
    Dir,
    /// A file (`rows:`).
    File,
}

impl Ctx<'_> {
    /// SQL given as a file path or inline; `label` names it for a virtual file.
    pub(super) fn sql(&mut self, value: &Spanned<String>, label: &str) -> Option<SqlText> {
        if is_sql_path(&value.value) {
            self.sql_file(value)
        } else {
            Some(self.inline_sql(value, label))
        }
    }

    /// Inline SQL: the range in `pipeline.yaml` when written there verbatim, else a
    /// virtual file named after the YAML file and `label`.
    pub(super) fn inline_sql(&mut self, value: &Spanned<String>, label: &str) -> SqlText {
        if let Some(start) = verbatim_offset(self.sources.text(value.span.file), value) {
            return SqlText {
                file: value.span.file,
                range: start..start + value.value.len(),
            };
        }
        let path = format!("{} ({label})", self.sources.path(self.file).display());
        let file = self.sources.add(path, value.value.clone());
        SqlText {
            file,
            range: 0..value.value.len(),
        }
    }

    fn sql_file(&mut self, value: &Spanned<String>) -> Option<SqlText> {
        let path = self.dir.join(value.value.trim());
        if let Some(&file) = self.read.get(&path) {
            return Some(SqlText {
                file,
                range: 0..self.sources.text(file).len(),
            });
        }
        // A file read is recorded by its read alone: its kind is implied.
        let kind = Kind::of(&path);
        if kind != Kind::File {
            self.inputs.saw(&path, kind);
            self.missing_file(value, &path, "a file");
            return None;
        }
        match (self.inputs.read(&path)).map(|bytes| encoding::decode(bytes, self.fallback)) {
            Ok(Ok(text)) => {
                let len = text.len();
                let file = self.sources.add(path.clone(), text);
                self.read.insert(path, file);
                Some(SqlText {
                    file,
                    range: 0..len,
                })
            }
            Ok(Err(error)) => {
                self.inputs.unusable(&path);
                let diagnostic = encoding::diagnostic(&path, error, self.sources);
                self.error(diagnostic.also(value.span.clone(), "named here"));
                None
            }
            Err(error) => {
                self.read_error(value, &path, &error.to_string());
                None
            }
        }
    }

    /// Checks that a fixture path exists; returns it relative to the pipeline directory.
    pub(super) fn fixture_path(
        &mut self,
        value: &Spanned<String>,
        kind: PathKind,
    ) -> Option<PathBuf> {
        let relative = PathBuf::from(value.value.trim());
        let path = self.dir.join(&relative);
        let exists = match kind {
            PathKind::Dir => self.inputs.kind(&path) == Kind::Dir,
            PathKind::File => self.inputs.kind(&path) == Kind::File,
        };
        if !exists {
            let what = if kind == PathKind::Dir {
                "a directory"
            } else {
                "a file"
            };
            self.missing_file(value, &path, what);
            return None;
        }
        Some(relative)
    }

    fn missing_file(&mut self, value: &Spanned<String>, path: &Path, what: &str) {
        self.error(
            Diagnostic::new(Code::MissingFile, value.span.clone(), format!("`{}` does not exist", value.value))
                .label(format!("no such {}", what.trim_start_matches("a ")))
                .help(format!(
                    "paths are relative to the pipeline directory: create {what} at `{}` or fix the path",
                    path.display()
                )),
        );
    }

    fn read_error(&mut self, value: &Spanned<String>, path: &Path, why: &str) {
        self.error(
            Diagnostic::new(
                Code::ReadFile,
                value.span.clone(),
                format!("cannot read `{}`: {why}", path.display()),
            )
            .label("this file")
            .help("check the file; convert non-UTF-8 text to UTF-8 (e.g. with iconv)"),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::is_sql_path;

    #[test]
    fn sql_paths_and_inline_sql() {
        assert!(is_sql_path("transforms/market_data.sql"));
        assert!(is_sql_path("plsql/load.PKB"));
        assert!(!is_sql_path("SELECT * FROM t"));
        assert!(!is_sql_path("select 1 from dual; -- x.sql"));
    }
}
