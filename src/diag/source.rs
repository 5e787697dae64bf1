//! The source map: every file a run reads, by id, with its text and line starts.
//!
//! Spans everywhere in eltc are `(FileId, byte range)`; line and column are
//! computed here, only when a diagnostic is rendered. Columns count
//! characters, not bytes, so a multi-byte character before an error does not
//! shift the caret.
//!
//! A file too large to hold (a script `eltc translate` streams) is added as a
//! window: the lines around one statement, with the file offset and line
//! number they start at, so spans keep their file offsets and diagnostics
//! their true line numbers.
//!
//! Pipelines are read in parallel, each into its own map: [`SourceMap::block`]
//! gives a map whose ids are in a block of their own, and
//! [`SourceMap::absorb`] moves such a map into the run's, where every span
//! keeps pointing at its file. Ids order as if the files had been added one
//! after another (block by block), so diagnostics sort the same with one
//! thread or many.
//!
//! The build cache stores a pipeline's diagnostics with the block its files
//! had then; [`rebased`] reads them back into the block the pipeline has in
//! this run, and [`SourceMap::fill`] puts the files into that block when a
//! diagnostic is to be shown.

use std::cell::Cell;
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// Index of a file in the [`SourceMap`]: its block, then its place in the block.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct FileId {
    block: u32,
    index: u32,
}

impl FileId {
    /// The block the file belongs to.
    pub fn block(self) -> u32 {
        self.block
    }
}

thread_local! {
    /// While [`rebased`] runs: the block whose ids are read as another's.
    static REBASE: Cell<Option<(u32, u32)>> = const { Cell::new(None) };
}

/// Runs `read` (a deserialisation) with every [`FileId`] of block `from`
/// read as the same file of block `to`: a pipeline's cached diagnostics and
/// spans come back pointing into the block the pipeline has in this run
/// (its place among the pipelines may have changed). Doing it as ids are
/// read means no span of any type can be missed.
pub fn rebased<T>(from: u32, to: u32, read: impl FnOnce() -> T) -> T {
    let previous = REBASE.replace(Some((from, to)));
    let result = read();
    REBASE.set(previous);
    result
}

impl Serialize for FileId {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        (self.block, self.index).serialize(serializer)
    }
}

impl<'de> Deserialize<'de> for FileId {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let (block, index) = <(u32, u32)>::deserialize(deserializer)?;
        let block = match REBASE.get() {
            Some((from, to)) if block == from => to,
            _ => block,
        };
        Ok(Self { block, index })
    }
}

/// A byte range in one file of the [`SourceMap`].
#[derive(Clone, Debug, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
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
    /// File offset of `text`'s first byte (0 unless a window).
    origin: usize,
    /// 0-based line number of `text`'s first line (0 unless a window).
    first_line: usize,
}

/// Line and column of a byte offset, both 1-based; the column counts characters.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct LineCol {
    /// 1-based line number.
    pub line: usize,
    /// 1-based column, in characters.
    pub column: usize,
}

/// A byte offset's place in its line (see [`SourceMap::locate`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Located<'a> {
    /// 1-based line number.
    pub line: usize,
    /// The line's text, without its line break.
    pub text: &'a str,
    /// Byte position in `text`.
    pub byte: usize,
}

/// All files of a run, in blocks: `blocks[i]` holds the files of block
/// `first + i`, and files are added to the last block.
#[derive(Debug)]
pub struct SourceMap {
    first: u32,
    blocks: Vec<Vec<SourceFile>>,
}

impl Default for SourceMap {
    fn default() -> Self {
        Self::block(0)
    }
}

impl SourceMap {
    /// An empty map.
    pub fn new() -> Self {
        Self::default()
    }

    /// An empty map whose files get ids in block `block`, to be moved into
    /// the run's map with [`SourceMap::absorb`] (block 0 is the run's own).
    pub fn block(block: u32) -> Self {
        Self {
            first: block,
            blocks: vec![Vec::new()],
        }
    }

    /// The block after every block of this map: the first a map made by
    /// [`SourceMap::block`] may use to be absorbed into this one.
    pub fn next_block(&self) -> u32 {
        self.first + self.blocks.len() as u32
    }

    /// Moves the files of `other` (a map made by [`SourceMap::block`] with a
    /// block after every block of this map) into this map, under the same
    /// ids; files added afterwards go to a new block after `other`'s, so
    /// their ids sort after its. A block that is not after this map's last
    /// is a caller's bug: its files are appended to a fresh block instead,
    /// and their old ids would not resolve, so debug builds assert.
    pub fn absorb(&mut self, other: SourceMap) {
        // The open block (the last) gives its place up when nothing was added to it.
        if self.blocks.last().is_some_and(Vec::is_empty) {
            self.blocks.pop();
        }
        let next = self.first as usize + self.blocks.len();
        debug_assert!(other.first as usize >= next, "blocks absorbed out of order");
        let gap = (other.first as usize).saturating_sub(next);
        self.blocks
            .extend(std::iter::repeat_with(Vec::new).take(gap));
        self.blocks.extend(other.blocks);
        self.blocks.push(Vec::new());
    }

    /// Puts the files of `other` (a map made by [`SourceMap::block`] whose
    /// block was absorbed into this one while still empty) into that block:
    /// a pipeline the build cache did not read gets its files only when a
    /// diagnostic is to be shown. Returns false, changing nothing, when that
    /// block is not an empty block of this map.
    pub fn fill(&mut self, other: SourceMap) -> bool {
        let Some(files) = (other.first.checked_sub(self.first))
            .and_then(|at| self.blocks.get_mut(at as usize))
            .filter(|files| files.is_empty())
        else {
            return false;
        };
        *files = other.blocks.into_iter().flatten().collect();
        true
    }

    /// True when block `block` of this map holds files.
    pub fn is_filled(&self, block: u32) -> bool {
        (block.checked_sub(self.first))
            .and_then(|at| self.blocks.get(at as usize))
            .is_some_and(|files| !files.is_empty())
    }

    /// Adds a file's text and returns its id (in the map's last block). Adding the same path twice adds it twice;
    /// callers keep the id.
    pub fn add(&mut self, path: impl Into<PathBuf>, text: impl Into<Arc<str>>) -> FileId {
        self.add_window(path, text, 0, 0)
    }

    /// Adds a window of a file: `text` is the file's bytes from offset
    /// `origin`, which must be the start of the 0-based line `first_line`.
    /// Spans stay file offsets; offsets outside the window are clamped to it.
    /// The text is copied once, into the shared `Arc<str>` (a borrowed
    /// window, as `eltc translate` adds per statement, needs no `String`).
    pub fn add_window(
        &mut self,
        path: impl Into<PathBuf>,
        text: impl Into<Arc<str>>,
        origin: usize,
        first_line: usize,
    ) -> FileId {
        let text: Arc<str> = text.into();
        let line_starts = std::iter::once(0)
            .chain(text.match_indices('\n').map(|(i, _)| i + 1))
            .collect();
        let block = self.first + (self.blocks.len() - 1) as u32;
        let files = self.blocks.last_mut().expect("a map has a block to add to");
        let id = FileId {
            block,
            index: u32::try_from(files.len()).unwrap_or(u32::MAX),
        };
        files.push(SourceFile {
            path: path.into(),
            text,
            line_starts,
            origin,
            first_line,
        });
        id
    }

    /// The file behind `id`.
    pub fn file(&self, id: FileId) -> &SourceFile {
        &self.blocks[(id.block - self.first) as usize][id.index as usize]
    }

    /// The path of `id`.
    pub fn path(&self, id: FileId) -> &Path {
        &self.file(id).path
    }

    /// The text of `id` (of its window, for a window).
    pub fn text(&self, id: FileId) -> &str {
        &self.file(id).text
    }

    /// The text and line index of `id`, shared (no copy), with the file
    /// offset and 0-based line number the text starts at, for the renderer.
    pub fn shared(&self, id: FileId) -> (Arc<str>, Arc<[usize]>, usize, usize) {
        let file = self.file(id);
        (
            Arc::clone(&file.text),
            Arc::clone(&file.line_starts),
            file.origin,
            file.first_line,
        )
    }

    /// Line and column (1-based, column in characters) of `offset` in `id`.
    /// Offsets past the end (or outside a window), or inside a multi-byte
    /// character, are clamped.
    pub fn line_col(&self, id: FileId, offset: usize) -> LineCol {
        let file = self.file(id);
        let offset = clamp_to_char_boundary(&file.text, offset.saturating_sub(file.origin));
        let line = file.line_starts.partition_point(|&start| start <= offset) - 1;
        let column = file.text[file.line_starts[line]..offset].chars().count() + 1;
        LineCol {
            line: file.first_line + line + 1,
            column,
        }
    }

    /// Where `offset` is in `id`: its line, that line's text and the byte
    /// position in it (clamped to the line's text and to a character
    /// boundary), for the renderer.
    pub fn locate(&self, id: FileId, offset: usize) -> Located<'_> {
        let file = self.file(id);
        let offset = clamp_to_char_boundary(&file.text, offset.saturating_sub(file.origin));
        let index = file.line_starts.partition_point(|&start| start <= offset) - 1;
        let start = file.line_starts[index];
        let end = file
            .line_starts
            .get(index + 1)
            .map_or(file.text.len(), |next| next - 1);
        let text = &file.text[start..end];
        let text = text.strip_suffix('\r').unwrap_or(text);
        Located {
            line: file.first_line + index + 1,
            text,
            byte: (offset - start).min(text.len()),
        }
    }

    /// The text of the 1-based line `line` of `id`, without its line break;
    /// `None` when the file (or its window) does not hold that line.
    pub fn line(&self, id: FileId, line: usize) -> Option<&str> {
        let file = self.file(id);
        let index = line.checked_sub(file.first_line + 1)?;
        let start = *file.line_starts.get(index)?;
        let end = file
            .line_starts
            .get(index + 1)
            .map_or(file.text.len(), |next| next - 1);
        let text = &file.text[start..end];
        Some(text.strip_suffix('\r').unwrap_or(text))
    }

    /// Byte offset of a 1-based line and 1-based character column in `id`,
    /// clamped to the file (or its window); the inverse of [`SourceMap::line_col`].
    pub fn offset(&self, id: FileId, line: usize, column: usize) -> usize {
        let file = self.file(id);
        let index = line.saturating_sub(1).saturating_sub(file.first_line);
        let Some(&start) = file.line_starts.get(index) else {
            return file.origin + file.text.len();
        };
        let rest = &file.text[start..];
        let line_text = rest.split('\n').next().unwrap_or("");
        let within = line_text
            .char_indices()
            .nth(column.saturating_sub(1))
            .map_or(line_text.len(), |(i, _)| i);
        file.origin + start + within
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
    fn a_window_keeps_file_offsets_and_line_numbers() {
        let file = "a;\nselect 'é'\n  from t;\nb";
        let origin = 3;
        let mut map = SourceMap::new();
        let end = file.rfind('\n').unwrap();
        let id = map.add_window("big.sql", file[origin..end].to_string(), origin, 1);
        // `from`: line 3, column 3.
        let from = file.find("from").unwrap();
        assert_eq!(map.line_col(id, from), LineCol { line: 3, column: 3 });
        assert_eq!(map.offset(id, 3, 3), from);
        assert_eq!(map.line(id, 2), Some("select 'é'"));
        assert_eq!(map.line(id, 3), Some("  from t;"));
        assert_eq!(map.line(id, 1), None);
        assert_eq!(map.line(id, 4), None);
        // Before the window: clamped to its start.
        assert_eq!(map.line_col(id, 0), LineCol { line: 2, column: 1 });
    }

    /// Maps filled apart (as pipelines are, on worker threads) and absorbed
    /// in order keep their ids, which sort as if added one after another;
    /// a file added after them sorts last.
    #[test]
    fn absorbed_blocks_keep_their_ids_and_order() {
        let mut run = SourceMap::new();
        let project = run.add("eltc.yaml", "a".to_string());
        let first = run.next_block();
        let mut one = SourceMap::block(first);
        let mut two = SourceMap::block(first + 1);
        let empty = SourceMap::block(first + 2);
        let mut three = SourceMap::block(first + 3);
        let b = two.add("two/pipeline.yaml", "b".to_string());
        let a = one.add("one/pipeline.yaml", "a1".to_string());
        let a2 = one.add("one/t.sql", "a2".to_string());
        let c = three.add("three/pipeline.yaml", "c".to_string());
        for map in [one, two, empty, three] {
            run.absorb(map);
        }
        let later = run.add("later.csv", "z".to_string());
        let ids = [project, a, a2, b, c, later];
        let texts: Vec<&str> = ids.iter().map(|&id| run.text(id)).collect();
        assert_eq!(texts, ["a", "a1", "a2", "b", "c", "z"]);
        assert!(ids.windows(2).all(|pair| pair[0] < pair[1]), "{ids:?}");
        assert_eq!(run.path(a2), Path::new("one/t.sql"));
    }

    /// A block absorbed empty (a pipeline the cache did not read) is filled
    /// later under the same ids; a block that is not empty is not replaced.
    #[test]
    fn an_empty_block_is_filled_later_under_its_ids() {
        let mut run = SourceMap::new();
        let first = run.next_block();
        let mut one = SourceMap::block(first);
        let a = one.add("one/pipeline.yaml", "a".to_string());
        run.absorb(one);
        run.absorb(SourceMap::block(first + 1));
        let mut three = SourceMap::block(first + 2);
        let c = three.add("three/pipeline.yaml", "c".to_string());
        run.absorb(three);
        assert!(!run.is_filled(first + 1));
        let mut two = SourceMap::block(first + 1);
        let b = two.add("two/pipeline.yaml", "b".to_string());
        assert!(run.fill(two));
        assert!(run.is_filled(first + 1));
        let texts: Vec<&str> = [a, b, c].iter().map(|&id| run.text(id)).collect();
        assert_eq!(texts, ["a", "b", "c"]);
        let mut again = SourceMap::block(first + 1);
        again.add("two/pipeline.yaml", "other".to_string());
        assert!(!run.fill(again), "a filled block is kept");
        assert!(!run.fill(SourceMap::block(first + 9)), "no such block");
        assert_eq!(run.text(b), "b");
    }

    /// Ids read inside [`rebased`] move from one block to the other; ids of
    /// other blocks, and ids read outside it, are read as written.
    #[test]
    fn rebased_reads_one_block_as_another() {
        let mut map = SourceMap::block(4);
        let four = map.add("a", "a".to_string());
        let other = FileId { block: 7, index: 0 };
        let bytes = serde_json::to_vec(&(four, other)).unwrap();
        let read = |bytes: &[u8]| serde_json::from_slice::<(FileId, FileId)>(bytes).unwrap();
        let (moved, kept) = rebased(4, 9, || read(&bytes));
        assert_eq!((moved.block(), moved.index), (9, four.index));
        assert_eq!(kept, other);
        assert_eq!(read(&bytes), (four, other));
    }

    #[test]
    fn offsets_past_the_end_are_clamped() {
        let mut map = SourceMap::new();
        let id = map.add("a.sql", "ab".to_string());
        assert_eq!(map.line_col(id, 99), LineCol { line: 1, column: 3 });
        assert_eq!(map.offset(id, 9, 1), 2);
    }
}
