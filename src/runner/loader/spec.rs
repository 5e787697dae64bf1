//! [`CopySpec`]: the plan's typed source read
//! ([`SourceRead`]), ready for the loader.
//!
//! The loader follows the COPY eltc generates, not the spec it came from:
//! whatever the planner decides (FILLRECORD for a staged split, ROUNDEC only
//! for a typed COPY, no DATEFORMAT for a raw table) reaches the loader in the
//! same value the Redshift target prints, so nothing is parsed back out of
//! COPY text. This module fills in COPY's defaults, compiles the DATEFORMAT and
//! TIMEFORMAT patterns and turns the delimiter and quote into bytes. No I/O here.

use std::fmt;

use super::datetime::DateTimeFormat;
use crate::spec::model::Encoding;
use crate::target::{self, ReadColumn, SourceRead};

/// How records split into fields, in bytes (docs/redshift.md#copy-data-format).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Layout {
    /// `CSV QUOTE AS 'q' DELIMITER 'd'`.
    Csv {
        /// Field delimiter.
        delimiter: u8,
        /// Quote character.
        quote: u8,
    },
    /// `DELIMITER 'd'` with or without `ESCAPE`.
    Delimited {
        /// Field delimiter.
        delimiter: u8,
        /// A backslash escapes the next character.
        escape: bool,
    },
    /// `FIXEDWIDTH 'label:width,...'`: widths in characters, in column order.
    FixedWidth(Vec<usize>),
}

/// Everything the loader needs to reproduce one COPY.
#[derive(Clone, Debug)]
pub struct CopySpec {
    /// The table loaded (`schema.name`), for messages.
    pub table: String,
    /// The column list, in file order.
    pub columns: Vec<ReadColumn>,
    /// Field splitting.
    pub layout: Layout,
    /// `ENCODING`.
    pub encoding: Encoding,
    /// `IGNOREHEADER n`.
    pub header_lines: u32,
    /// `EMPTYASNULL`.
    pub empty_as_null: bool,
    /// `BLANKSASNULL`.
    pub blanks_as_null: bool,
    /// `NULL AS 's'`; COPY's default is `\N`.
    pub null_as: String,
    /// `FILLRECORD`.
    pub fill_record: bool,
    /// `DATEFORMAT` (default `YYYY-MM-DD`).
    pub date_format: DateTimeFormat,
    /// `TIMEFORMAT` (default `YYYY-MM-DD HH:MI:SS`).
    pub time_format: DateTimeFormat,
    /// `MAXERROR n` (default 0).
    pub max_errors: u32,
    /// `ROUNDEC`: round extra decimals instead of truncating them.
    pub round_decimals: bool,
}

/// A COPY the loader cannot reproduce.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SpecError(pub String);

impl fmt::Display for SpecError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for SpecError {}

impl CopySpec {
    /// The loader's form of `read` (one source of the plan).
    pub fn new(read: &SourceRead) -> Result<CopySpec, SpecError> {
        let layout = match &read.layout {
            target::Layout::Csv { delimiter, quote } => Layout::Csv {
                delimiter: ascii(*delimiter, "DELIMITER")?,
                quote: ascii(*quote, "QUOTE")?,
            },
            target::Layout::Delimited { delimiter, escape } => Layout::Delimited {
                delimiter: ascii(*delimiter, "DELIMITER")?,
                escape: *escape,
            },
            target::Layout::FixedWidth { widths } => {
                if widths.len() != read.columns.len() {
                    return Err(SpecError(format!(
                        "FIXEDWIDTH has {} fields for {} columns",
                        widths.len(),
                        read.columns.len()
                    )));
                }
                Layout::FixedWidth(widths.clone())
            }
        };
        Ok(CopySpec {
            table: read.table.to_string(),
            columns: read.columns.clone(),
            layout,
            encoding: read.encoding,
            header_lines: read.header_lines,
            empty_as_null: read.empty_as_null,
            blanks_as_null: read.blanks_as_null,
            null_as: read.null_marker().to_string(),
            fill_record: read.fill_record,
            date_format: DateTimeFormat::parse(read.date_format()).map_err(SpecError)?,
            time_format: DateTimeFormat::parse(read.timestamp_format()).map_err(SpecError)?,
            max_errors: read.max_errors,
            round_decimals: read.round_decimals,
        })
    }
}

fn ascii(c: char, option: &str) -> Result<u8, SpecError> {
    u8::try_from(c)
        .ok()
        .filter(u8::is_ascii)
        .ok_or_else(|| SpecError(format!("{option} must be one ASCII character, not `{c}`")))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::spec::types::DataType;

    fn col(name: &str) -> ReadColumn {
        ReadColumn {
            name: name.into(),
            ty: DataType::Varchar(10),
            not_null: false,
        }
    }

    /// COPY's defaults where the read sets nothing (r_COPY.html: `|`
    /// delimiter, `\N` as NULL, `YYYY-MM-DD` and `YYYY-MM-DD HH:MI:SS`).
    #[test]
    fn defaults_are_copys() {
        let spec = CopySpec::new(&SourceRead::default()).expect("compiles");
        assert_eq!(
            spec.layout,
            Layout::Delimited {
                delimiter: b'|',
                escape: false
            }
        );
        assert_eq!(spec.null_as, "\\N");
        assert_eq!(
            spec.date_format,
            DateTimeFormat::parse("YYYY-MM-DD").expect("parses")
        );
        assert_eq!(spec.max_errors, 0);
        assert!(!spec.round_decimals && !spec.fill_record);
    }

    #[test]
    fn csv_bytes_and_fixed_widths() {
        let read = SourceRead {
            columns: vec![col("a")],
            layout: target::Layout::Csv {
                delimiter: ';',
                quote: '\'',
            },
            null_as: Some("n\\a".into()),
            ..SourceRead::default()
        };
        let spec = CopySpec::new(&read).expect("compiles");
        assert_eq!(
            spec.layout,
            Layout::Csv {
                delimiter: b';',
                quote: b'\''
            }
        );
        assert_eq!(spec.null_as, "n\\a");
        let fixed = SourceRead {
            columns: vec![col("a"), col("b")],
            layout: target::Layout::FixedWidth { widths: vec![3] },
            ..SourceRead::default()
        };
        assert!(CopySpec::new(&fixed).is_err());
        let wide = SourceRead {
            layout: target::Layout::Delimited {
                delimiter: 'é',
                escape: false,
            },
            ..SourceRead::default()
        };
        assert!(CopySpec::new(&wide).is_err());
    }
}
