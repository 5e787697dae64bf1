//! Positions: sqlparser's 1-based `Location` (line, column in characters)
//! to and from byte offsets, and the mapping of an SQL snippet's positions into
//! [`diag::Span`](crate::diag::Span)s of the file that holds it.
//!
//! sqlparser counts a line per `\n` and a column per `char` (a `\r` or a tab
//! counts as one column); line or column 0 means "unknown". SQL text may be a
//! slice of a larger file (inline SQL in `pipeline.yaml`), so a [`SqlSource`]
//! carries the slice's base offset. No parsing happens here.

use std::ops::Range;
use std::rc::Rc;

use sqlparser::tokenizer::{Location, Span as SqlSpan};

use crate::diag::{FileId, Span};

/// Byte offset in `text` of a 1-based location; `None` for the unknown
/// location (line or column 0). Past the end of a line or of the text, the
/// offset is clamped to the line end or the text end.
pub fn location_to_offset(text: &str, location: Location) -> Option<usize> {
    if location.line == 0 || location.column == 0 {
        return None;
    }
    let mut line_start = 0;
    for _ in 1..location.line {
        match text[line_start..].find('\n') {
            Some(newline) => line_start += newline + 1,
            None => return Some(text.len()),
        }
    }
    let line = text[line_start..].split('\n').next().unwrap_or("");
    let column = usize::try_from(location.column - 1).unwrap_or(usize::MAX);
    let within = line
        .char_indices()
        .nth(column)
        .map_or(line.len(), |(i, _)| i);
    Some(line_start + within)
}

/// The 1-based location of byte `offset` in `text` (clamped to the text and
/// to a character boundary).
pub fn offset_to_location(text: &str, offset: usize) -> Location {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    let before = &text[..offset];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let column = text[line_start..offset].chars().count() + 1;
    Location::new(line as u64, column as u64)
}

/// SQL text with the place it comes from: `text` is `file[base..base + text.len()]`.
///
/// It carries the text's line index, built once, so that turning a
/// sqlparser location into an offset costs a lookup rather than a scan from
/// the start: a script of 10,000 statements maps millions of locations.
#[derive(Clone, Debug)]
pub struct SqlSource<'a> {
    /// The file holding the SQL.
    pub file: FileId,
    /// Byte offset of the SQL's first byte in that file.
    pub base: usize,
    /// The SQL.
    pub text: &'a str,
    /// Byte offset of each line's start in `text`.
    line_starts: Rc<[usize]>,
}

impl<'a> SqlSource<'a> {
    /// SQL starting at `base` in `file`.
    pub fn new(file: FileId, base: usize, text: &'a str) -> Self {
        let line_starts = std::iter::once(0)
            .chain(text.match_indices('\n').map(|(i, _)| i + 1))
            .collect();
        Self {
            file,
            base,
            text,
            line_starts,
        }
    }

    /// Byte offset in the SQL of a 1-based location, through the line index;
    /// the same result as [`location_to_offset`].
    pub fn offset(&self, location: Location) -> Option<usize> {
        if location.line == 0 || location.column == 0 {
            return None;
        }
        let line = usize::try_from(location.line - 1).unwrap_or(usize::MAX);
        let Some(&line_start) = self.line_starts.get(line) else {
            return Some(self.text.len());
        };
        let line_end = self
            .line_starts
            .get(line + 1)
            .map_or(self.text.len(), |next| next - 1);
        let line_text = &self.text[line_start..line_end];
        let column = usize::try_from(location.column - 1).unwrap_or(usize::MAX);
        // Columns count characters: in ASCII text a character is a byte.
        let within = match line_text.as_bytes().get(..column) {
            Some(before) if before.is_ascii() => column,
            _ => line_text
                .char_indices()
                .nth(column)
                .map_or(line_text.len(), |(i, _)| i),
        };
        Some(line_start + within)
    }

    /// The file span of a byte range of the SQL.
    pub fn range(&self, range: Range<usize>) -> Span {
        Span::new(self.file, self.base + range.start..self.base + range.end)
    }

    /// The file span of the whole SQL.
    pub fn whole(&self) -> Span {
        self.range(0..self.text.len())
    }

    /// The file span of a sqlparser span (end exclusive, as the tokenizer
    /// records it); `None` when the span is unknown (empty spans of
    /// synthesized nodes).
    pub fn span(&self, span: SqlSpan) -> Option<Span> {
        let start = self.offset(span.start)?;
        let end = self.offset(span.end).unwrap_or(start).max(start);
        Some(self.range(start..end))
    }

    /// Like [`SqlSource::span`], falling back to the whole SQL.
    pub fn span_or_whole(&self, span: SqlSpan) -> Span {
        self.span(span).unwrap_or_else(|| self.whole())
    }

    /// A zero-width file span at a location, `None` when unknown.
    pub fn point(&self, location: Location) -> Option<Span> {
        let at = self.offset(location)?;
        Some(self.range(at..at))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diag::SourceMap;

    #[test]
    fn locations_count_characters_not_bytes() {
        let text = "select 'é€', x\nfrom t";
        // `x` is character 14 but byte 16 (é is 2 bytes, € is 3).
        assert_eq!(location_to_offset(text, Location::new(1, 14)), Some(16));
        assert_eq!(offset_to_location(text, 16), Location::new(1, 14));
        assert_eq!(
            location_to_offset(text, Location::new(2, 6)),
            Some(text.len() - 1)
        );
        assert_eq!(
            offset_to_location(text, text.len() - 1),
            Location::new(2, 6)
        );
    }

    #[test]
    fn the_line_index_agrees_with_the_scan() {
        let text = "select 'é€', x\nfrom t\n\nwhere a = 1";
        let mut map = SourceMap::new();
        let file = map.add("a.sql", text.to_string());
        let source = SqlSource::new(file, 0, text);
        for line in 0..6 {
            for column in 0..20 {
                let location = Location::new(line, column);
                assert_eq!(
                    source.offset(location),
                    location_to_offset(text, location),
                    "{line}:{column}"
                );
            }
        }
    }

    #[test]
    fn unknown_and_out_of_range_locations() {
        let text = "ab\ncd";
        assert_eq!(location_to_offset(text, Location::empty()), None);
        assert_eq!(location_to_offset(text, Location::new(1, 99)), Some(2));
        assert_eq!(
            location_to_offset(text, Location::new(9, 1)),
            Some(text.len())
        );
        // Inside a multi-byte character: clamped to its start.
        assert_eq!(offset_to_location("é", 1), Location::new(1, 1));
    }

    #[test]
    fn spans_land_in_the_file_at_the_base_offset() {
        let mut map = SourceMap::new();
        let file_text = "query: SELECT 'ü' || x FROM t\n".to_string();
        let file = map.add("pipeline.yaml", file_text);
        let source = SqlSource::new(file, 7, &map.text(file)[7..29]);
        // `x` at SQL line 1, column 15 (characters).
        let span = source
            .span(Location::new(1, 15).span_to(Location::new(1, 16)))
            .unwrap();
        assert_eq!(&map.text(file)[span.range.clone()], "x");
        assert_eq!(map.line_col(file, span.range.start).column, 22);
    }
}
