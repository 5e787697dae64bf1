//! `ENCODING UTF16 | UTF16LE | UTF16BE`: a reader that turns UTF-16 input into
//! UTF-8, as COPY converts such files before loading (docs/redshift.md#copy-data-conversion).
//!
//! UTF16 takes its byte order from the byte-order mark (big endian without
//! one, the Unicode default); a leading mark is dropped in every variant. An
//! unpaired surrogate becomes the byte 0xFF, which is never valid UTF-8, so the
//! record holding it is rejected with 1220 like any invalid character.

use std::io::{self, BufRead, Read};

use crate::spec::model::Encoding;

/// UTF-16 in, UTF-8 out.
pub struct Utf16Reader<R> {
    input: R,
    little: Option<bool>,
    started: bool,
    odd: Option<u8>,
    high: Option<u16>,
    pending: Vec<u8>,
    at: usize,
}

impl<R: BufRead> Utf16Reader<R> {
    /// Reads `input` in `encoding` (one of the UTF-16 variants).
    pub fn new(input: R, encoding: Encoding) -> Self {
        Utf16Reader {
            input,
            little: match encoding {
                Encoding::Utf16Le => Some(true),
                Encoding::Utf16Be => Some(false),
                _ => None,
            },
            started: false,
            odd: None,
            high: None,
            pending: Vec::with_capacity(1 << 16),
            at: 0,
        }
    }

    fn unit(&mut self, unit: u16) {
        if !self.started {
            self.started = true;
            if unit == 0xFEFF {
                return;
            }
        }
        let c = match (self.high.take(), unit) {
            (Some(high), 0xDC00..=0xDFFF) => {
                let code =
                    0x10000 + ((u32::from(high) - 0xD800) << 10) + (u32::from(unit) - 0xDC00);
                char::from_u32(code)
            }
            (Some(_), _) => {
                self.pending.push(0xFF);
                return self.unit(unit);
            }
            (None, 0xD800..=0xDBFF) => {
                self.high = Some(unit);
                return;
            }
            (None, 0xDC00..=0xDFFF) => None,
            (None, _) => char::from_u32(u32::from(unit)),
        };
        match c {
            Some(c) => {
                let mut buf = [0; 4];
                self.pending
                    .extend_from_slice(c.encode_utf8(&mut buf).as_bytes());
            }
            None => self.pending.push(0xFF),
        }
    }

    fn fill(&mut self) -> io::Result<bool> {
        self.pending.clear();
        self.at = 0;
        let chunk = self.input.fill_buf()?;
        if chunk.is_empty() {
            if self.odd.take().is_some() || self.high.take().is_some() {
                self.pending.push(0xFF);
            }
            return Ok(!self.pending.is_empty());
        }
        let chunk = chunk.to_vec();
        self.input.consume(chunk.len());
        let mut bytes = chunk.as_slice();
        if self.little.is_none() {
            // UTF16: the byte-order mark decides; big endian without one.
            self.little = Some(bytes.starts_with(&[0xFF, 0xFE]));
        }
        if let Some(first) = self.odd.take()
            && let Some((&second, rest)) = bytes.split_first()
        {
            self.pair(first, second);
            bytes = rest;
        }
        let mut pairs = bytes.chunks_exact(2);
        for pair in pairs.by_ref() {
            self.pair(pair[0], pair[1]);
        }
        self.odd = pairs.remainder().first().copied();
        Ok(true)
    }

    fn pair(&mut self, a: u8, b: u8) {
        let unit = if self.little == Some(true) {
            u16::from_le_bytes([a, b])
        } else {
            u16::from_be_bytes([a, b])
        };
        self.unit(unit);
    }
}

impl<R: BufRead> Read for Utf16Reader<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        while self.at == self.pending.len() {
            if !self.fill()? {
                return Ok(0);
            }
        }
        let n = buf.len().min(self.pending.len() - self.at);
        buf[..n].copy_from_slice(&self.pending[self.at..self.at + n]);
        self.at += n;
        Ok(n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn utf8(bytes: &[u8], encoding: Encoding) -> Vec<u8> {
        let mut out = Vec::new();
        Utf16Reader::new(bytes, encoding)
            .read_to_end(&mut out)
            .expect("reads");
        out
    }

    #[test]
    fn byte_order_mark_decides_and_is_dropped() {
        let le: Vec<u8> = [0xFF, 0xFE, b'a', 0, 0xE9, 0, b'\n', 0].to_vec();
        assert_eq!(utf8(&le, Encoding::Utf16), "aé\n".as_bytes());
        let be: Vec<u8> = [0, b'a', 0xD8, 0x3D, 0xDE, 0x00].to_vec();
        assert_eq!(utf8(&be, Encoding::Utf16Be), "a😀".as_bytes());
    }

    #[test]
    fn unpaired_surrogate_is_invalid_utf8() {
        let le: Vec<u8> = [0x00, 0xD8, b'a', 0].to_vec();
        assert_eq!(utf8(&le, Encoding::Utf16Le), [0xFF, b'a']);
    }
}
