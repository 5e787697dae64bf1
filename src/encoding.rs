//! The text encoding of input files: the bytes of a `pipeline.yaml`, a SQL or
//! PL/SQL file, a script given to `eltc translate`, decoded into the text
//! every later stage reads.
//!
//! Decoded without asking where the bytes say what they are: a byte order
//! mark (UTF-8, UTF-16LE, UTF-16BE; the mark itself is dropped), or bytes
//! that are valid UTF-8. Anything else is decoded from the encoding the user
//! declares (`--encoding windows-1252`), or refused with the offset of the
//! first byte that is not UTF-8, so that no text is ever guessed.
//!
//! Encodings are named by their WHATWG Encoding Standard labels
//! (<https://encoding.spec.whatwg.org/#names-and-labels>), as `encoding_rs`
//! reads them: `latin1` and `iso-8859-1` are labels of windows-1252, which
//! decodes every byte (0x80–0x9F as the printable characters of
//! windows-1252 rather than C1 controls).

use std::io::{self, Read};
use std::path::Path;

use encoding_rs::{DecoderResult, Encoding, UTF_8};

use crate::diag::{Code, Diagnostic, SourceMap, Span};

/// The encoding of input files that are neither marked nor valid UTF-8,
/// when the user declared one.
pub type Fallback = Option<&'static Encoding>;

/// Why bytes could not be decoded.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NotText {
    /// The encoding the bytes were read in (`UTF-8` when none was declared).
    pub encoding: &'static str,
    /// Offset of the first byte that does not decode.
    pub offset: usize,
    /// That byte.
    pub byte: u8,
    /// How the encoding was chosen, for the help line.
    pub chosen: Chosen,
    /// The text as far as it decodes, then U+FFFD for each byte sequence
    /// that does not: what a diagnostic shows.
    pub shown: String,
    /// Offset in `shown` of the first U+FFFD (the byte at `offset`).
    pub shown_at: usize,
}

/// How the encoding of a file was chosen.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Chosen {
    /// By its byte order mark.
    Marked,
    /// By `--encoding`.
    Declared,
    /// Not at all: UTF-8 was assumed.
    Assumed,
}

impl NotText {
    /// The message of the diagnostic, naming the file.
    pub fn message(&self, file: &str) -> String {
        format!(
            "`{file}` is not {} text: byte 0x{:02X} at offset {}",
            self.encoding, self.byte, self.offset
        )
    }

    /// The help line of the diagnostic.
    pub fn help(&self) -> &'static str {
        match self.chosen {
            Chosen::Assumed => {
                "save the file as UTF-8, or name its encoding: `--encoding windows-1252` (or latin1, iso-8859-15, shift_jis, ...)"
            }
            Chosen::Declared => "check the file's encoding and the one `--encoding` names",
            Chosen::Marked => {
                "the file starts with a byte order mark but its text does not follow it: save it again in one encoding"
            }
        }
    }
}

/// The diagnostic for a file whose bytes do not decode: the file is added
/// to `sources` as far as it decodes (U+FFFD for the rest) so that the
/// caret shows the line and column of the first byte that does not.
pub fn diagnostic(path: &Path, error: NotText, sources: &mut SourceMap) -> Diagnostic {
    let message = error.message(&path.display().to_string());
    let help = error.help();
    let at = error.shown_at;
    let width = error.shown[at..].chars().next().map_or(0, char::len_utf8);
    let file = sources.add(path, error.shown);
    Diagnostic::new(Code::NotText, Span::new(file, at..at + width), message)
        .label("this byte does not decode")
        .help(help)
}

/// Parses an `--encoding` value: a WHATWG label that names a real encoding
/// (not `replacement`, which decodes nothing).
pub fn parse_label(label: &str) -> Result<&'static Encoding, String> {
    match Encoding::for_label(label.trim().as_bytes()) {
        Some(encoding) if encoding != encoding_rs::REPLACEMENT => Ok(encoding),
        _ => Err(format!(
            "unknown encoding `{label}`; use a label of the WHATWG Encoding Standard, e.g. utf-8, windows-1252, latin1, iso-8859-15, shift_jis"
        )),
    }
}

/// True when the text read from `input` is UTF-8 without a byte order mark,
/// so that it can be streamed as it is; false when it must go through
/// [`decode`] first. Reads the input once, 64 KiB at a time.
pub fn is_plain_utf8(mut input: impl Read) -> io::Result<bool> {
    let mut buf = vec![0u8; 64 * 1024];
    // Bytes of a character cut by the end of the previous read.
    let mut carried = 0;
    // The UTF-16 marks are not UTF-8, so only UTF-8's (U+FEFF) is looked for.
    let mut head = Vec::with_capacity(3);
    loop {
        let read = input.read(&mut buf[carried..])?;
        let end = carried + read;
        if head.len() < 3 {
            let new = &buf[carried..end];
            head.extend_from_slice(&new[..(3 - head.len()).min(new.len())]);
            if head.starts_with(b"\xEF\xBB\xBF") {
                return Ok(false);
            }
        }
        match std::str::from_utf8(&buf[..end]) {
            Ok(_) if read == 0 => return Ok(true),
            Ok(_) => carried = 0,
            Err(error) if error.error_len().is_some() || read == 0 => return Ok(false),
            // Cut in the middle of a character: carried into the next read.
            Err(error) => {
                let valid = error.valid_up_to();
                buf.copy_within(valid..end, 0);
                carried = end - valid;
            }
        }
    }
}

/// Decodes the bytes of an input file (see the module documentation).
pub fn decode(bytes: Vec<u8>, fallback: Fallback) -> Result<String, NotText> {
    if let Some((marked, bom)) = Encoding::for_bom(&bytes) {
        return decode_with(&bytes[bom..], marked, Chosen::Marked).map_err(|mut error| {
            error.offset += bom;
            error
        });
    }
    match String::from_utf8(bytes) {
        Ok(text) => Ok(text),
        Err(error) => {
            let bytes = error.into_bytes();
            match fallback {
                Some(encoding) => decode_with(&bytes, encoding, Chosen::Declared),
                None => decode_with(&bytes, UTF_8, Chosen::Assumed),
            }
        }
    }
}

/// Decodes `bytes` (no byte order mark) in `encoding`, without replacement.
fn decode_with(
    bytes: &[u8],
    encoding: &'static Encoding,
    chosen: Chosen,
) -> Result<String, NotText> {
    let mut decoder = encoding.new_decoder_without_bom_handling();
    let capacity = decoder
        .max_utf8_buffer_length_without_replacement(bytes.len())
        .unwrap_or(bytes.len().saturating_mul(3));
    let mut text = String::with_capacity(capacity);
    let (result, read) = decoder.decode_to_string_without_replacement(bytes, &mut text, true);
    match result {
        DecoderResult::InputEmpty => Ok(text),
        DecoderResult::Malformed(bad, after) => {
            let offset = read - usize::from(bad) - usize::from(after);
            Err(not_text(bytes, encoding, chosen, offset, text))
        }
        // The buffer holds the worst case, so the decoder never runs out of room.
        DecoderResult::OutputFull => Err(not_text(bytes, encoding, chosen, read, text)),
    }
}

/// The error for `bytes` failing at `offset`; `decoded` is the text of the
/// bytes before it.
fn not_text(
    bytes: &[u8],
    encoding: &'static Encoding,
    chosen: Chosen,
    offset: usize,
    mut decoded: String,
) -> NotText {
    let shown_at = decoded.len();
    let (rest, _) = encoding.decode_without_bom_handling(&bytes[offset..]);
    decoded.push_str(&rest);
    if decoded.len() == shown_at {
        // Nothing to point at (cannot happen for a malformed sequence).
        decoded.push(char::REPLACEMENT_CHARACTER);
    }
    NotText {
        encoding: encoding.name(),
        offset,
        byte: bytes.get(offset).copied().unwrap_or_default(),
        chosen,
        shown: decoded,
        shown_at,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn windows_1252() -> Fallback {
        Some(parse_label("windows-1252").unwrap())
    }

    #[test]
    fn utf8_is_read_as_is_and_its_mark_dropped() {
        assert_eq!(decode("café".into(), None).unwrap(), "café");
        assert_eq!(
            decode(b"\xEF\xBB\xBFselect 1".to_vec(), None).unwrap(),
            "select 1"
        );
        // A declared encoding does not re-read text that is valid UTF-8.
        assert_eq!(decode("café".into(), windows_1252()).unwrap(), "café");
    }

    #[test]
    fn utf16_with_its_mark_is_decoded() {
        let le = b"\xFF\xFEa\x00\xE9\x00".to_vec();
        assert_eq!(decode(le, None).unwrap(), "aé");
        let be = b"\xFE\xFF\x00a\x00\xE9".to_vec();
        assert_eq!(decode(be, None).unwrap(), "aé");
    }

    #[test]
    fn bytes_that_are_not_utf8_are_refused_at_their_offset() {
        let error = decode(b"select 'caf\xE9'".to_vec(), None).unwrap_err();
        assert_eq!(error.offset, 11);
        assert_eq!(error.byte, 0xE9);
        assert_eq!(error.chosen, Chosen::Assumed);
        assert_eq!(
            error.message("a.sql"),
            "`a.sql` is not UTF-8 text: byte 0xE9 at offset 11"
        );
        // A truncated multi-byte sequence at the end, too.
        let error = decode(b"ab\xC3".to_vec(), None).unwrap_err();
        assert_eq!((error.offset, error.byte), (2, 0xC3));
    }

    #[test]
    fn a_declared_encoding_decodes_the_rest() {
        // windows-1252: 0xE9 is é, 0x80 is € (WHATWG index-windows-1252).
        let text = decode(b"caf\xE9 \x80".to_vec(), windows_1252()).unwrap();
        assert_eq!(text, "café €");
        // latin1 is a label of windows-1252 in the Encoding Standard.
        assert_eq!(parse_label("latin1").unwrap().name(), "windows-1252");
        // Shift_JIS: 0x82 0xA0 is あ; a lone lead byte at the end is malformed.
        let sjis = Some(parse_label("shift_jis").unwrap());
        assert_eq!(decode(b"\x82\xA0".to_vec(), sjis).unwrap(), "あ");
        let error = decode(b"a\x82\xA0\x82".to_vec(), sjis).unwrap_err();
        assert_eq!(
            (error.offset, error.byte, error.chosen),
            (3, 0x82, Chosen::Declared)
        );
    }

    #[test]
    fn plain_utf8_is_told_in_one_read() {
        let plain = |bytes: &[u8]| is_plain_utf8(bytes).unwrap();
        assert!(plain(b""));
        assert!(plain("select 'café' from dual;".as_bytes()));
        assert!(!plain(b"\xEF\xBB\xBFselect 1"));
        assert!(!plain(b"\xFF\xFEs\x00"));
        assert!(!plain(b"select '\xE9'"));
        assert!(!plain(b"ab\xC3"));
        // A character cut by the 64 KiB read is carried into the next.
        let mut long = vec![b'a'; 64 * 1024 - 1];
        long.extend_from_slice("é and more".as_bytes());
        assert!(plain(&long));
        long.push(0xC3);
        assert!(!plain(&long));
    }

    #[test]
    fn labels_that_name_no_encoding_are_refused() {
        assert!(parse_label("klingon").is_err());
        assert!(parse_label("iso-2022-kr").is_err());
        assert_eq!(parse_label(" UTF8 ").unwrap(), UTF_8);
    }
}
