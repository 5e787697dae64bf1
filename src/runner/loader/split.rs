//! Records and fields: reads one record of a landed file at a time and cuts it
//! into fields as COPY's data format parameters say (docs/redshift.md#copy-data-format,
//! <https://docs.aws.amazon.com/redshift/latest/dg/copy-parameters-data-format.html>).
//!
//! - CSV: a field in quotes may hold the delimiter, newlines and carriage
//!   returns; a quote inside is doubled; white space between the delimiter and
//!   the quotes is ignored. A record ends at a newline outside quotes; a
//!   carriage return before it is part of the line ending (RFC 4180).
//! - Delimited: fields end at the delimiter. With ESCAPE a backslash makes the
//!   next character data, a newline included (the record goes on).
//! - Fixed width: widths in characters (UTF-8), in column order.
//!
//! A record's line is the physical line where it starts. Buffers are reused
//! from record to record: no allocation per record in the steady state.
//! Nothing here knows column types; [`super::convert`] does.

use std::io::{self, BufRead};
use std::ops::Range;

use super::spec::Layout;

/// Where one field is: its bytes in the record as written (`raw`) and, when
/// quoting or escapes had to be undone, its value in [`Record::data`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FieldRef {
    /// The field as written in [`Record::raw`].
    pub raw: Range<usize>,
    /// The value in [`Record::data`], when it differs from `raw`.
    pub value: Option<Range<usize>>,
    /// The field was in quotes (CSV).
    pub quoted: bool,
}

/// A structural error of a record: it cannot be cut into fields.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SplitError {
    /// AWS load error code.
    pub code: u32,
    /// Why.
    pub reason: &'static str,
    /// Byte offset in the record.
    pub position: usize,
}

/// One record, its buffers reused by [`Splitter::next`].
#[derive(Debug, Default)]
pub struct Record {
    /// Physical line (1-based) where the record starts.
    pub line: u64,
    /// The record's bytes, line ending excluded.
    pub raw: Vec<u8>,
    /// Field values with quoting or escapes undone.
    pub data: Vec<u8>,
    /// The fields, in order.
    pub fields: Vec<FieldRef>,
    /// Set when the record could not be cut into fields.
    pub error: Option<SplitError>,
}

impl Record {
    /// The value of field `i`.
    pub fn value(&self, field: &FieldRef) -> &[u8] {
        match &field.value {
            Some(range) => &self.data[range.clone()],
            None => &self.raw[field.raw.clone()],
        }
    }
}

/// Reads records from a landed file.
pub struct Splitter<R> {
    input: R,
    layout: Layout,
    /// Physical lines read so far.
    lines: u64,
}

/// What parsing the bytes read so far gave.
enum Parsed {
    Done,
    /// A quoted field or an escaped newline goes on past the line read.
    NeedMore,
}

impl<R: BufRead> Splitter<R> {
    /// A reader of `input` cut by `layout`.
    pub fn new(input: R, layout: Layout) -> Self {
        Splitter {
            input,
            layout,
            lines: 0,
        }
    }

    /// Skips `n` physical lines (IGNOREHEADER counts lines, not records).
    pub fn skip_lines(&mut self, n: u32, scratch: &mut Vec<u8>) -> io::Result<()> {
        for _ in 0..n {
            scratch.clear();
            if self.input.read_until(b'\n', scratch)? == 0 {
                break;
            }
            self.lines += 1;
        }
        Ok(())
    }

    /// Reads the next record into `record`; false at the end of the input.
    pub fn next(&mut self, record: &mut Record) -> io::Result<bool> {
        record.raw.clear();
        record.line = self.lines + 1;
        loop {
            let read = self.input.read_until(b'\n', &mut record.raw)?;
            if read == 0 {
                if record.raw.is_empty() {
                    return Ok(false);
                }
                // End of input inside quotes: the quote never closes.
                record.error = Some(SplitError {
                    code: 1216,
                    reason: "unterminated quoted field at the end of the file",
                    position: record.raw.len(),
                });
                return Ok(true);
            }
            self.lines += 1;
            let at_eof = !record.raw.ends_with(b"\n");
            match self.parse(record) {
                Parsed::Done => return Ok(true),
                Parsed::NeedMore if at_eof => {
                    record.error.get_or_insert(SplitError {
                        code: 1216,
                        reason: "unterminated quoted field at the end of the file",
                        position: record.raw.len(),
                    });
                    return Ok(true);
                }
                Parsed::NeedMore => {}
            }
        }
    }

    fn parse(&self, record: &mut Record) -> Parsed {
        record.data.clear();
        record.fields.clear();
        record.error = None;
        let mut end = record.raw.len();
        if record.raw.ends_with(b"\n") {
            end -= 1;
        }
        match &self.layout {
            Layout::Csv { delimiter, quote } => {
                let line_end = if end > 0 && record.raw[end - 1] == b'\r' {
                    end - 1
                } else {
                    end
                };
                let parsed = split_csv(record, line_end, *delimiter, *quote);
                if matches!(parsed, Parsed::Done) {
                    record.raw.truncate(line_end);
                }
                parsed
            }
            Layout::Delimited { delimiter, escape } => {
                let parsed = if *escape {
                    split_escaped(record, end, *delimiter)
                } else {
                    split_plain(record, end, *delimiter);
                    Parsed::Done
                };
                if matches!(parsed, Parsed::Done) {
                    record.raw.truncate(end);
                }
                parsed
            }
            Layout::FixedWidth(widths) => {
                record.raw.truncate(end);
                split_fixed(record, widths);
                Parsed::Done
            }
        }
    }
}

fn split_plain(record: &mut Record, end: usize, delimiter: u8) {
    let mut start = 0;
    for (i, &b) in record.raw[..end].iter().enumerate() {
        if b == delimiter {
            record.fields.push(plain(start..i));
            start = i + 1;
        }
    }
    record.fields.push(plain(start..end));
}

fn plain(raw: Range<usize>) -> FieldRef {
    FieldRef {
        raw,
        value: None,
        quoted: false,
    }
}

fn split_escaped(record: &mut Record, end: usize, delimiter: u8) -> Parsed {
    let raw = &record.raw;
    let (mut start, mut value_start, mut i) = (0, 0, 0);
    while i < end {
        let b = raw[i];
        if b == b'\\' {
            match raw.get(i + 1) {
                // The escaped character is data; an escaped newline continues the record.
                Some(&next) if i + 1 < end || next == b'\n' => {
                    record.data.push(next);
                    if i + 1 >= end {
                        return Parsed::NeedMore;
                    }
                    i += 2;
                }
                _ => {
                    record.data.push(b);
                    i += 1;
                }
            }
        } else if b == delimiter {
            record.fields.push(FieldRef {
                raw: start..i,
                value: Some(value_start..record.data.len()),
                quoted: false,
            });
            start = i + 1;
            value_start = record.data.len();
            i += 1;
        } else {
            record.data.push(b);
            i += 1;
        }
    }
    record.fields.push(FieldRef {
        raw: start..end,
        value: Some(value_start..record.data.len()),
        quoted: false,
    });
    Parsed::Done
}

fn split_csv(record: &mut Record, end: usize, delimiter: u8, quote: u8) -> Parsed {
    let raw = &record.raw;
    let mut i = 0;
    loop {
        let start = i;
        let mut j = i;
        while j < end && raw[j] == b' ' {
            j += 1;
        }
        if j < end && raw[j] == quote {
            let value_start = record.data.len();
            i = j + 1;
            loop {
                // The closing quote may be past `end` (a quoted newline or CR).
                let Some(q) = raw[i..].iter().position(|&b| b == quote) else {
                    return Parsed::NeedMore;
                };
                record.data.extend_from_slice(&raw[i..i + q]);
                i += q + 1;
                if i < end && raw[i] == quote {
                    record.data.push(quote);
                    i += 1;
                } else {
                    break;
                }
            }
            if i > end {
                return Parsed::NeedMore;
            }
            while i < end && raw[i] == b' ' {
                i += 1;
            }
            record.fields.push(FieldRef {
                raw: start..i,
                value: Some(value_start..record.data.len()),
                quoted: true,
            });
            if i == end {
                return Parsed::Done;
            }
            if raw[i] != delimiter {
                record.error = Some(SplitError {
                    code: 1201,
                    reason: "field delimiter not found after a quoted field",
                    position: i,
                });
                return Parsed::Done;
            }
            i += 1;
        } else {
            let stop = raw[i..end]
                .iter()
                .position(|&b| b == delimiter)
                .map_or(end, |p| i + p);
            record.fields.push(plain(i..stop));
            if stop == end {
                return Parsed::Done;
            }
            i = stop + 1;
        }
    }
}

fn split_fixed(record: &mut Record, widths: &[usize]) {
    let Ok(text) = std::str::from_utf8(&record.raw) else {
        let valid = std::str::from_utf8(&record.raw)
            .err()
            .map_or(0, |e| e.valid_up_to());
        record.error = Some(SplitError {
            code: 1220,
            reason: "invalid UTF-8 in a fixed-width record",
            position: valid,
        });
        return;
    };
    let mut boundaries = text
        .char_indices()
        .map(|(i, _)| i)
        .chain(std::iter::once(text.len()));
    let mut start = boundaries.next().unwrap_or(0);
    for &width in widths {
        if start >= text.len() {
            // Missing fields: FILLRECORD decides (super::convert).
            return;
        }
        let end = boundaries.by_ref().take(width).last().unwrap_or(text.len());
        record.fields.push(plain(start..end));
        start = end;
    }
    if start < text.len() {
        record.error = Some(SplitError {
            code: 1202,
            reason: "extra characters after the last fixed-width field",
            position: start,
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn records(layout: Layout, input: &str) -> Vec<(u64, Vec<String>)> {
        let mut splitter = Splitter::new(input.as_bytes(), layout);
        let mut record = Record::default();
        let mut out = Vec::new();
        while splitter.next(&mut record).expect("reads") {
            let fields = record
                .fields
                .iter()
                .map(|f| String::from_utf8_lossy(record.value(f)).into_owned())
                .collect();
            out.push((record.line, fields));
        }
        out
    }

    #[test]
    fn csv_quotes_span_lines_and_keep_the_start_line() {
        let csv = Layout::Csv {
            delimiter: b',',
            quote: b'"',
        };
        let got = records(csv, "a,\"b\nc\",d\r\n \"x\"\"y\" ,z\n");
        assert_eq!(
            got,
            vec![
                (1, vec!["a".into(), "b\nc".into(), "d".into()]),
                (3, vec!["x\"y".into(), "z".into()])
            ]
        );
    }

    #[test]
    fn escape_makes_delimiters_and_newlines_data() {
        let layout = Layout::Delimited {
            delimiter: b'|',
            escape: true,
        };
        let got = records(layout, "a\\|b|c\\\nd|e\n");
        assert_eq!(
            got,
            vec![(1, vec!["a|b".into(), "c\nd".into(), "e".into()])]
        );
    }

    #[test]
    fn fixed_width_counts_characters() {
        let got = records(Layout::FixedWidth(vec![2, 3]), "éaxyz\n");
        assert_eq!(got, vec![(1, vec!["éa".into(), "xyz".into()])]);
    }
}
