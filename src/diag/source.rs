//! The source map: every file a run reads, by id, with its text and line starts.
//!
//! Spans everywhere in eltc are `(FileId, byte range)`; line and column are
//! computed here, only when a diagnostic is rendered. Columns count
//! characters, not bytes, so a multi-byte character before an error does not
//! shift the caret.

use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// Index of a file in the [`SourceMap`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct FileId(u32);

/// A byte range in one file of the [`SourceMap`].
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Span {
    /// The file the range belongs to.
    pub file: FileId,
    /// Byte offsets into the file's text; may be empty (a point).
    pub range: Range<usize>,
}

impl Span {
    /// A span covering `range` of `file`.
    pub fn new(file: FileId, range: Range<usize>) -> Self {
        Self { file, range }
    }

    /// A zero-width span at the start of `file`, for problems with a whole file.
    pub fn file_start(file: FileId) -> Self {
        Self { file, range: 0..0 }
    }
}

/// One file known to the run.
#[derive(Debug)]
pub struct SourceFile {
    /// The path as given or discovered, relative where possible, used in messages.
    pub path: PathBuf,
    /// The file's text (UTF-8; files that are not UTF-8 are not added here),
    /// shared with the renderer so a diagnostic never copies its file.
    pub text: Arc<str>,
    line_starts: Arc<[usize]>,
}

/// Line and column of a byte offset, both 1-based; the column counts characters.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct LineCol {
    /// 1-based line number.
    pub line: usize,
    /// 1-based column, in characters.
    pub column: usize,
}

/// All files of a run.
#[derive(Debug, Default)]
pub struct SourceMap {
    files: Vec<SourceFile>,
}

impl SourceMap {
    /// An empty map.
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds a file's text and returns its id. Adding the same path twice adds it twice;
    /// callers keep the id.
    pub fn add(&mut self, path: impl Into<PathBuf>, text: String) -> FileId {
        let line_starts = std::iter::once(0)
            .chain(text.match_indices('\n').map(|(i, _)| i + 1))
            .collect();
        let text = Arc::from(text);
        let id = FileId(u32::try_from(self.files.len()).unwrap_or(u32::MAX));
        self.files.push(SourceFile {
            path: path.into(),
            text,
            line_starts,
        });
        id
    }

    /// The file behind `id`.
    pub fn file(&self, id: FileId) -> &SourceFile {
        &self.files[id.0 as usize]
    }

    /// The path of `id`.
    pub fn path(&self, id: FileId) -> &Path {
        &self.file(id).path
    }

    /// The text of `id`.
    pub fn text(&self, id: FileId) -> &str {
        &self.file(id).text
    }

    /// The text and line index of `id`, shared (no copy), for the renderer.
    pub fn shared(&self, id: FileId) -> (Arc<str>, Arc<[usize]>) {
        let file = self.file(id);
        (Arc::clone(&file.text), Arc::clone(&file.line_starts))
    }

    /// Line and column (1-based, column in characters) of `offset` in `id`.
    /// Offsets past the end, or inside a multi-byte character, are clamped.
    pub fn line_col(&self, id: FileId, offset: usize) -> LineCol {
        let file = self.file(id);
        let offset = clamp_to_char_boundary(&file.text, offset);
        let line = file.line_starts.partition_point(|&start| start <= offset) - 1;
        let column = file.text[file.line_starts[line]..offset].chars().count() + 1;
        LineCol {
            line: line + 1,
            column,
        }
    }

    /// Byte offset of a 1-based line and 1-based character column in `id`,
    /// clamped to the file; the inverse of [`SourceMap::line_col`].
    pub fn offset(&self, id: FileId, line: usize, column: usize) -> usize {
        let file = self.file(id);
        let Some(&start) = file.line_starts.get(line.saturating_sub(1)) else {
            return file.text.len();
        };
        let rest = &file.text[start..];
        let line_text = rest.split('\n').next().unwrap_or("");
        let within = line_text
            .char_indices()
            .nth(column.saturating_sub(1))
            .map_or(line_text.len(), |(i, _)| i);
        start + within
    }
}

fn clamp_to_char_boundary(text: &str, offset: usize) -> usize {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_col_counts_characters_not_bytes() {
        let mut map = SourceMap::new();
        let id = map.add("a.sql", "select 'é', x\nfrom t".to_string());
        // `x` is byte 13 (é is two bytes) but character column 13.
        assert_eq!(
            map.line_col(id, 13),
            LineCol {
                line: 1,
                column: 13
            }
        );
        assert_eq!(map.line_col(id, 15), LineCol { line: 2, column: 1 });
        assert_eq!(map.offset(id, 1, 13), 13);
        assert_eq!(map.offset(id, 2, 6), 20);
    }

    #[test]
    fn offsets_past_the_end_are_clamped() {
        let mut map = SourceMap::new();
        let id = map.add("a.sql", "ab".to_string());
        assert_eq!(map.line_col(id, 99), LineCol { line: 1, column: 3 });
        assert_eq!(map.offset(id, 9, 1), 2);
    }
}
