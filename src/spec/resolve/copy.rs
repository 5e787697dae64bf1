//! What Redshift COPY can express: file formats, encodings, date and time
//! formats, the error limit and fixed-width layouts. A source option outside
//! these limits is refused here (`spec::copy-unsupported-option`,
//! `spec::unsupported-encoding`) rather than loaded differently from what the
//! spec says.

use super::Ctx;
use crate::diag::{Code, Diagnostic, Span};
use crate::spec::model::{Encoding, Field, Format};
use crate::spec::raw::{RawFormat, RawFormatType, Spanned};

/// COPY's MAXERROR limit.
const MAX_ERRORS: u32 = 100_000;

/// The COPY DATEFORMAT / TIMEFORMAT elements, longest first.
const DATETIME_ELEMENTS: &[&str] = &[
    "YYYY", "HH24", "HH12", "MON", "YY", "MM", "DD", "HH", "MI", "SS", "AM", "PM",
];

/// Oracle elements COPY does not have, for a precise message.
const ORACLE_ONLY: &[(&str, &str)] = &[
    ("RRRR", "use `YYYY`"),
    (
        "RR",
        "COPY has no RR century rule: use `YY` (years 00-69 are 20xx) or load as varchar and convert in an `expr`",
    ),
    (
        "FF",
        "COPY reads fractional seconds after `SS` without an element; drop `FF`",
    ),
    (
        "DAY",
        "COPY cannot read day names: load as varchar and convert in an `expr`",
    ),
    (
        "DY",
        "COPY cannot read day names: load as varchar and convert in an `expr`",
    ),
    (
        "J",
        "COPY cannot read Julian days: load as integer and convert in an `expr`",
    ),
    ("MONTH", "COPY reads abbreviated month names only (`MON`)"),
];

impl Ctx<'_> {
    pub(super) fn unsupported(&mut self, span: Span, message: String, label: &str, help: &str) {
        self.error(
            Diagnostic::new(Code::UnsupportedCopyOption, span, message)
                .label(label)
                .help(help),
        );
    }

    /// The file format with its defaults.
    pub(super) fn format(&mut self, raw: &RawFormat) -> Option<Format> {
        let kind = raw.kind.value;
        let delimiter = match (&raw.delimiter, kind) {
            (Some(written), RawFormatType::FixedWidth) => {
                self.unsupported(
                    written.span.clone(),
                    "`delimiter` on a fixed_width file".into(),
                    "not with fixed_width",
                    "fixed-width fields are cut by `position`; remove the delimiter",
                );
                None
            }
            (Some(written), _) => self.single_char(written, "delimiter"),
            (None, RawFormatType::Csv) => Some(','),
            (None, _) => Some('|'),
        };
        let quote = match (&raw.quote, kind) {
            (Some(written), RawFormatType::Csv) => self.single_char(written, "quote"),
            (Some(written), _) => {
                self.unsupported(
                    written.span.clone(),
                    "`quote` on a file that is not csv".into(),
                    "csv only",
                    "COPY's QUOTE works with CSV only: use `type: csv`, or remove `quote`",
                );
                None
            }
            (None, _) => Some('"'),
        };
        let escape = match (&raw.escape, kind) {
            (Some(written), RawFormatType::Delimited) => Some(written.value),
            (Some(written), _) => {
                self.unsupported(
                    written.span.clone(),
                    "`escape` on a file that is not delimited".into(),
                    "delimited only",
                    "COPY's ESCAPE cannot be combined with CSV or FIXEDWIDTH; remove `escape`",
                );
                None
            }
            (None, _) => Some(false),
        };
        match kind {
            RawFormatType::Csv => Some(Format::Csv {
                delimiter: delimiter?,
                quote: quote?,
            }),
            RawFormatType::Delimited => Some(Format::Delimited {
                delimiter: delimiter?,
                escape: escape?,
            }),
            RawFormatType::FixedWidth => {
                (raw.delimiter.is_none() && raw.quote.is_none() && raw.escape.is_none())
                    .then_some(Format::FixedWidth)
            }
        }
    }

    fn single_char(&mut self, written: &Spanned<String>, what: &str) -> Option<char> {
        let mut chars = written.value.chars();
        match (chars.next(), chars.next()) {
            (Some(c), None) if c.is_ascii() && c != '\n' && c != '\r' => Some(c),
            _ => {
                self.unsupported(
                    written.span.clone(),
                    format!("{what} `{}` is not one ASCII character", written.value),
                    "COPY needs a single ASCII character",
                    &format!(
                        "COPY's {} is one ASCII character; pre-process the file to use one",
                        what.to_uppercase()
                    ),
                );
                None
            }
        }
    }

    /// The encoding; anything but UTF-8 and UTF-16 is refused with how to convert.
    pub(super) fn encoding(&mut self, raw: Option<&Spanned<String>>) -> Option<Encoding> {
        let Some(raw) = raw else {
            return Some(Encoding::Utf8);
        };
        let key: String = raw
            .value
            .to_ascii_lowercase()
            .chars()
            .filter(|c| c.is_ascii_alphanumeric())
            .collect();
        match key.as_str() {
            "utf8" | "al32utf8" => return Some(Encoding::Utf8),
            "utf16" => return Some(Encoding::Utf16),
            "utf16le" => return Some(Encoding::Utf16Le),
            "utf16be" => return Some(Encoding::Utf16Be),
            _ => {}
        }
        let iconv = match key.as_str() {
            "latin1" | "iso88591" | "we8iso8859p1" | "l1" => "ISO-8859-1",
            "latin9" | "iso885915" | "we8iso8859p15" => "ISO-8859-15",
            "windows1252" | "cp1252" | "we8mswin1252" => "WINDOWS-1252",
            "ascii" | "usascii" | "us7ascii" => "ASCII",
            _ => raw.value.as_str(),
        };
        self.error(
            Diagnostic::new(Code::UnsupportedEncoding, raw.span.clone(), format!("COPY cannot read `{}` files", raw.value))
                .label("not UTF-8 or UTF-16")
                .help(format!(
                    "convert the file to UTF-8 before it lands, e.g. `iconv -f {iconv} -t UTF-8 in > out`, and declare `encoding: utf8`"
                )),
        );
        None
    }

    /// A DATEFORMAT or TIMEFORMAT: COPY's elements and separators only.
    pub(super) fn datetime_format(
        &mut self,
        raw: Option<&Spanned<String>>,
    ) -> Option<Option<String>> {
        let Some(raw) = raw else { return Some(None) };
        if raw.value.eq_ignore_ascii_case("auto") {
            return Some(Some("auto".into()));
        }
        let upper = raw.value.to_ascii_uppercase();
        let mut at = 0;
        let mut ok = true;
        while at < upper.len() {
            let rest = &upper[at..];
            let oracle = ORACLE_ONLY.iter().find(|(e, _)| rest.starts_with(e));
            if let Some((element, help)) = oracle {
                let span = self.inner_span(raw, at..at + element.len());
                self.unsupported(
                    span,
                    format!("COPY has no `{element}` date format element"),
                    "not a COPY format element",
                    help,
                );
                ok = false;
                at += element.len();
            } else if let Some(element) = DATETIME_ELEMENTS.iter().find(|e| rest.starts_with(**e)) {
                at += element.len();
            } else if rest.starts_with(|c: char| c.is_ascii_alphanumeric()) {
                let len = rest
                    .find(|c: char| !c.is_ascii_alphabetic())
                    .unwrap_or(rest.len())
                    .max(1);
                let span = self.inner_span(raw, at..at + len);
                self.unsupported(span, format!("COPY has no `{}` date format element", &raw.value[at..at + len]),
                    "not a COPY format element",
                    "COPY formats use YYYY, YY, MM, MON, DD, HH, HH24, HH12, MI, SS, AM, PM and separators");
                ok = false;
                at += len;
            } else {
                at += rest.chars().next().map_or(1, char::len_utf8);
            }
        }
        ok.then(|| Some(raw.value.clone()))
    }

    /// MAXERROR within COPY's limit.
    pub(super) fn max_errors(&mut self, raw: Option<&Spanned<u32>>) -> Option<u32> {
        let Some(raw) = raw else { return Some(0) };
        if raw.value > MAX_ERRORS {
            self.unsupported(
                raw.span.clone(),
                format!("`max_errors` {} is over COPY's limit", raw.value),
                "at most 100000",
                "COPY's MAXERROR is at most 100000",
            );
            return None;
        }
        Some(raw.value)
    }

    /// Fixed-width fields must cover the record from position 1, contiguously,
    /// in order: COPY FIXEDWIDTH gives widths, not positions.
    pub(super) fn fixed_width_layout(&mut self, fields: &[Field], position_spans: &[Span]) -> bool {
        let mut next = 1u32;
        let mut ok = true;
        for (field, span) in fields.iter().zip(position_spans) {
            let Some((start, end)) = field.position else {
                continue;
            };
            if start > end {
                self.error(
                    Diagnostic::new(
                        Code::InvalidValue,
                        span.clone(),
                        format!("field `{}` ends before it starts", field.name),
                    )
                    .label(format!("{start} > {end}"))
                    .help("write `position: [start, end]` with start <= end (1-based, inclusive)"),
                );
                ok = false;
            } else if start > next {
                self.unsupported(span.clone(), format!("gap before field `{}`: positions {next}-{} are not read", field.name, start - 1),
                    "leaves a gap", &format!("COPY FIXEDWIDTH reads fields back to back: declare a filler field `{{ name: gap_{next}, position: [{next}, {}], filler: true }}` before it", start - 1));
                ok = false;
            } else if start < next {
                self.unsupported(span.clone(), format!("field `{}` overlaps the previous field", field.name),
                    &format!("starts at {start}, the previous field ends at {}", next - 1),
                    "COPY FIXEDWIDTH reads each character once: fix the positions, or load the field once and derive the other in an `expr`");
                ok = false;
            }
            next = next.max(end.saturating_add(1));
        }
        ok
    }
}
