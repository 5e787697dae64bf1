//! Reads a script one statement at a time from any reader (a file, standard
//! input, a byte slice), keeping only the lines of the statement at hand:
//! memory stays bounded by the largest statement, whatever the script's size.
//!
//! Each [`Piece`] is one statement (as [`Splitter`] finds it) with the whole
//! lines around it, so that a diagnostic can show its source line, and the
//! file offset and line number those lines start at, so that spans stay file
//! offsets. [`ScriptReader::rest`] gives up streaming for the rest of the
//! script, for the rare text the splitter misjudges.

use std::io::{self, Read};
use std::ops::Range;

use super::split::{Scan, Splitter};

/// Bytes read from the input at a time.
const READ_SIZE: usize = 64 * 1024;

/// One statement of a script, with the lines that hold it.
#[derive(Debug)]
pub struct Piece<'a> {
    /// Whole lines of the script: the file's text from `origin` on.
    pub window: &'a str,
    /// File offset of the window's first byte (the start of a line).
    pub origin: usize,
    /// 0-based line number of the window's first line.
    pub first_line: usize,
    /// The statement's bytes in the window: from just after the previous
    /// statement's `;` through its own `;` (none for the last one).
    pub chunk: Range<usize>,
    /// True when the chunk runs to the end of the script.
    pub last: bool,
}

/// A script read statement by statement (see the module documentation).
pub struct ScriptReader<R> {
    input: R,
    /// Unconsumed input; `buf[head]` starts the line holding the statement.
    buf: Vec<u8>,
    head: usize,
    /// File offset and 0-based line number of `buf[head]`.
    origin: usize,
    first_line: usize,
    /// Where the current statement starts, and how far it is scanned.
    start: usize,
    scanned: usize,
    /// The `;` ending the current statement, once found.
    end: Option<usize>,
    splitter: Splitter,
    eof: bool,
    /// The piece last returned ended here (exclusive): the next starts here.
    consumed: Option<usize>,
    done: bool,
}

impl<R: Read> ScriptReader<R> {
    /// A reader at the start of a script.
    pub fn new(input: R) -> Self {
        Self {
            input,
            buf: Vec::new(),
            head: 0,
            origin: 0,
            first_line: 0,
            start: 0,
            scanned: 0,
            end: None,
            splitter: Splitter::new(),
            eof: false,
            consumed: None,
            done: false,
        }
    }

    /// The next statement, `None` at the end. Text that is not UTF-8 is an
    /// `InvalidData` error.
    pub fn next_piece(&mut self) -> io::Result<Option<Piece<'_>>> {
        if let Some(next) = self.consumed.take() {
            self.advance(next);
        }
        if self.done {
            return Ok(None);
        }
        loop {
            if self.end.is_none() && self.scanned == self.start {
                // Blanks after a `;` belong to no statement: skip them, so
                // that the window starts on the statement's first line.
                let blanks = self.buf[self.start..]
                    .iter()
                    .take_while(|b| b.is_ascii_whitespace())
                    .count();
                self.start += blanks;
                self.scanned = self.start;
                if self.start == self.buf.len() && !self.eof {
                    self.fill()?;
                    continue;
                }
                self.rehead();
            }
            if let Some(end) = self.end {
                // The window runs to the end of the line holding the `;`.
                match self.buf[end..].iter().position(|&b| b == b'\n') {
                    Some(newline) => return self.piece(end + 1, end + newline, false).map(Some),
                    None if self.eof => {
                        let len = self.buf.len();
                        return self.piece(end + 1, len, false).map(Some);
                    }
                    None => {}
                }
            } else {
                match self.splitter.scan(&self.buf, self.scanned, self.eof) {
                    Scan::End(at) => {
                        self.end = Some(at);
                        continue;
                    }
                    Scan::More(at) => self.scanned = at,
                }
                if self.eof {
                    let len = self.buf.len();
                    self.done = true;
                    return self.piece(len, len, true).map(Some);
                }
            }
            self.fill()?;
        }
    }

    /// Reads the whole rest of the input and returns it as one piece, from
    /// the start of the piece last returned: for a statement whose tokens
    /// show that the splitter misjudged where it ends.
    pub fn rest(&mut self) -> io::Result<Piece<'_>> {
        while !self.eof {
            self.fill()?;
        }
        self.consumed = None;
        self.done = true;
        let len = self.buf.len();
        self.piece(len, len, true)
    }

    /// The piece from `self.start` to `chunk_end`, window to `window_end`.
    fn piece(&mut self, chunk_end: usize, window_end: usize, last: bool) -> io::Result<Piece<'_>> {
        self.consumed = Some(chunk_end);
        let window = std::str::from_utf8(&self.buf[self.head..window_end])
            .map_err(|error| io::Error::new(io::ErrorKind::InvalidData, error))?;
        Ok(Piece {
            window,
            origin: self.origin,
            first_line: self.first_line,
            chunk: self.start - self.head..chunk_end - self.head,
            last,
        })
    }

    /// Moves past the piece that ended at `next`.
    fn advance(&mut self, next: usize) {
        self.start = next;
        self.scanned = next;
        self.end = None;
    }

    /// Moves `head` to the start of the line holding `start`.
    fn rehead(&mut self) {
        let line_start = self.buf[self.head..self.start]
            .iter()
            .rposition(|&b| b == b'\n')
            .map_or(self.head, |newline| self.head + newline + 1);
        let skipped = &self.buf[self.head..line_start];
        self.first_line += skipped.iter().filter(|&&b| b == b'\n').count();
        self.origin += skipped.len();
        self.head = line_start;
        // Drop consumed bytes now and then, not per statement: moving the
        // buffer down costs its length.
        if self.head >= READ_SIZE {
            self.buf.drain(..self.head);
            self.start -= self.head;
            self.scanned -= self.head;
            self.head = 0;
        }
    }

    fn fill(&mut self) -> io::Result<()> {
        let read = (&mut self.input)
            .take(READ_SIZE as u64)
            .read_to_end(&mut self.buf)?;
        if read == 0 {
            self.eof = true;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// (window, origin, first line, chunk) of every piece of `text`.
    fn pieces(text: &str) -> Vec<(String, usize, usize, String)> {
        let mut reader = ScriptReader::new(text.as_bytes());
        let mut out = Vec::new();
        while let Some(piece) = reader.next_piece().unwrap() {
            out.push((
                piece.window.to_string(),
                piece.origin,
                piece.first_line,
                piece.window[piece.chunk.clone()].to_string(),
            ));
        }
        out
    }

    #[test]
    fn each_piece_holds_the_whole_lines_of_its_statement() {
        let text = "SELECT 1 FROM a; SELECT 2\n  FROM b;\n\nSELECT 3 FROM c";
        assert_eq!(
            pieces(text),
            vec![
                (
                    "SELECT 1 FROM a; SELECT 2".into(),
                    0,
                    0,
                    "SELECT 1 FROM a;".into()
                ),
                (
                    "SELECT 1 FROM a; SELECT 2\n  FROM b;".into(),
                    0,
                    0,
                    "SELECT 2\n  FROM b;".into()
                ),
                ("SELECT 3 FROM c".into(), 37, 3, "SELECT 3 FROM c".into()),
            ]
        );
        // The window starts where the file's line does.
        for (window, origin, _, _) in pieces(text) {
            assert!(text[origin..].starts_with(&window));
        }
    }

    #[test]
    fn a_large_script_is_read_in_bounded_pieces() {
        let statement = "SELECT 'x;y' AS c FROM t;\n";
        let text = statement.repeat(10_000);
        let mut reader = ScriptReader::new(text.as_bytes());
        let mut count = 0;
        let mut line = 0;
        while let Some(piece) = reader.next_piece().unwrap() {
            if piece.last {
                assert_eq!(piece.window[piece.chunk.clone()].trim(), "");
                continue;
            }
            assert_eq!(piece.first_line, line);
            assert_eq!(piece.window, statement.trim_end());
            assert!(reader.buf.len() <= 3 * READ_SIZE);
            count += 1;
            line += 1;
        }
        assert_eq!(count, 10_000);
    }

    #[test]
    fn rest_returns_everything_from_the_current_statement() {
        let text = "SELECT 1;\nSELECT $$a;b$$;\nSELECT 3;";
        let mut reader = ScriptReader::new(text.as_bytes());
        reader.next_piece().unwrap();
        let piece = reader.next_piece().unwrap().unwrap();
        assert_eq!(&piece.window[piece.chunk.clone()], "SELECT $$a;");
        let rest = reader.rest().unwrap();
        assert_eq!(
            &rest.window[rest.chunk.clone()],
            "SELECT $$a;b$$;\nSELECT 3;"
        );
        assert!(rest.last);
        assert!(reader.next_piece().unwrap().is_none());
    }

    #[test]
    fn text_that_is_not_utf8_is_an_error() {
        let mut reader = ScriptReader::new(&b"SELECT '\xff' FROM t;"[..]);
        let error = reader.next_piece().unwrap_err();
        assert_eq!(error.kind(), io::ErrorKind::InvalidData);
    }
}
