//! [`SourceRead`]: how one source's landed files become rows, as a typed value.
//!
//! The plan decides it once (`backend::plan::load`); every consumer reads the
//! same value and none parses text eltc wrote: the Redshift target prints it
//! as COPY option clauses ([`crate::target::Redshift`]), the test runner's
//! loader (`runner::loader`) reproduces COPY's semantics from it, and the
//! Glue job library (`glue/eltc_spark/source.py`, `SourceRead`) reads the same
//! description serialized as JSON (field names and values match that class;
//! docs/glue.md, "The printer's contract", lists the differences).
//!
//! Each field is one of COPY's data-format, conversion or error-handling
//! parameters, with COPY's default when the plan leaves it out:
//! <https://docs.aws.amazon.com/redshift/latest/dg/r_COPY.html>.

use serde::{Serialize, Serializer};

use crate::spec::model::{Encoding, QualifiedName};
use crate::spec::types::DataType;

/// One column of the COPY's column list, in file order.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ReadColumn {
    /// Its name (unquoted), as STL_LOAD_ERRORS.colname reports it.
    pub name: String,
    /// Its Redshift type: what COPY converts the field to.
    #[serde(rename = "type", serialize_with = "display")]
    pub ty: DataType,
    /// `NOT NULL`: a NULL for it rejects the record (load error 1213).
    pub not_null: bool,
}

/// How records split into fields: COPY's data format parameters.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "format", rename_all = "snake_case")]
pub enum Layout {
    /// `CSV QUOTE AS 'q' DELIMITER 'd'`.
    Csv {
        /// Field delimiter, one ASCII character.
        delimiter: char,
        /// Quote character, one ASCII character.
        quote: char,
    },
    /// `DELIMITER 'd'`, with or without `ESCAPE`.
    Delimited {
        /// Field delimiter, one ASCII character.
        delimiter: char,
        /// `ESCAPE`: a backslash escapes the next character.
        escape: bool,
    },
    /// `FIXEDWIDTH 'label:width,...'`: widths in characters, in column order.
    FixedWidth {
        /// One width per column.
        widths: Vec<usize>,
    },
}

impl Default for Layout {
    /// COPY without a format parameter: text delimited by `|`, no escapes.
    fn default() -> Self {
        Layout::Delimited {
            delimiter: '|',
            escape: false,
        }
    }
}

/// Everything one COPY does with a landed file. `Default` is a COPY with no
/// option at all (an empty column list into no table).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct SourceRead {
    /// The source's name.
    pub name: String,
    /// The table loaded: the target for a direct COPY, the raw table for a
    /// staged one (JSON: `schema.name`, unquoted).
    #[serde(serialize_with = "qualified_name")]
    pub table: QualifiedName,
    /// The column list, in file order.
    pub columns: Vec<ReadColumn>,
    /// Field splitting.
    #[serde(flatten)]
    pub layout: Layout,
    /// `ENCODING`.
    #[serde(serialize_with = "encoding")]
    pub encoding: Encoding,
    /// `IGNOREHEADER n`.
    pub header_lines: u32,
    /// `EMPTYASNULL`.
    pub empty_as_null: bool,
    /// `BLANKSASNULL`.
    pub blanks_as_null: bool,
    /// `NULL AS 's'`; `None` is COPY's default, `\N`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub null_as: Option<String>,
    /// `FILLRECORD`.
    pub fill_record: bool,
    /// `DATEFORMAT`; `None` is COPY's default, `YYYY-MM-DD`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub date_format: Option<String>,
    /// `TIMEFORMAT`; `None` is COPY's default, `YYYY-MM-DD HH:MI:SS`.
    #[serde(rename = "time_format", skip_serializing_if = "Option::is_none")]
    pub timestamp_format: Option<String>,
    /// `MAXERROR n` (COPY's default 0: the first rejected record fails it).
    pub max_errors: u32,
    /// `ROUNDEC`: round extra decimals instead of truncating them.
    pub round_decimals: bool,
}

/// COPY's `NULL AS` default.
pub const DEFAULT_NULL_AS: &str = "\\N";
/// COPY's `DATEFORMAT` default.
pub const DEFAULT_DATE_FORMAT: &str = "YYYY-MM-DD";
/// COPY's `TIMEFORMAT` default.
pub const DEFAULT_TIMESTAMP_FORMAT: &str = "YYYY-MM-DD HH:MI:SS";

impl SourceRead {
    /// The `NULL AS` string in effect.
    pub fn null_marker(&self) -> &str {
        self.null_as.as_deref().unwrap_or(DEFAULT_NULL_AS)
    }

    /// The `DATEFORMAT` in effect.
    pub fn date_format(&self) -> &str {
        self.date_format.as_deref().unwrap_or(DEFAULT_DATE_FORMAT)
    }

    /// The `TIMEFORMAT` in effect.
    pub fn timestamp_format(&self) -> &str {
        self.timestamp_format
            .as_deref()
            .unwrap_or(DEFAULT_TIMESTAMP_FORMAT)
    }
}

fn display<S: Serializer>(value: &DataType, s: S) -> Result<S::Ok, S::Error> {
    s.collect_str(&value.to_string().to_ascii_lowercase())
}

fn qualified_name<S: Serializer>(value: &QualifiedName, s: S) -> Result<S::Ok, S::Error> {
    s.collect_str(value)
}

fn encoding<S: Serializer>(value: &Encoding, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(match value {
        Encoding::Utf8 => "utf8",
        Encoding::Utf16 => "utf16",
        Encoding::Utf16Le => "utf16le",
        Encoding::Utf16Be => "utf16be",
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The JSON form uses the field names and values of the Glue library's
    /// `SourceRead` (glue/eltc_spark/source.py).
    #[test]
    fn serializes_as_the_glue_library_reads_it() {
        let read = SourceRead {
            name: "eod".into(),
            table: QualifiedName {
                schema: "mkt".into(),
                name: "eod_raw".into(),
            },
            columns: vec![ReadColumn {
                name: "px".into(),
                ty: DataType::Decimal {
                    precision: 8,
                    scale: 2,
                },
                not_null: true,
            }],
            layout: Layout::Csv {
                delimiter: ';',
                quote: '"',
            },
            encoding: Encoding::Utf16Le,
            header_lines: 1,
            null_as: Some("NA".into()),
            timestamp_format: Some("auto".into()),
            max_errors: 3,
            ..SourceRead::default()
        };
        let json = serde_json::to_value(&read).expect("serializes");
        assert_eq!(
            json,
            serde_json::json!({
                "name": "eod", "table": "mkt.eod_raw",
                "columns": [{"name": "px", "type": "decimal(8,2)", "not_null": true}],
                "format": "csv", "delimiter": ";", "quote": "\"",
                "encoding": "utf16le", "header_lines": 1,
                "empty_as_null": false, "blanks_as_null": false, "null_as": "NA",
                "fill_record": false, "time_format": "auto", "max_errors": 3,
                "round_decimals": false
            })
        );
        let fixed = SourceRead {
            layout: Layout::FixedWidth { widths: vec![3, 4] },
            ..SourceRead::default()
        };
        let json = serde_json::to_value(&fixed).expect("serializes");
        assert_eq!(json["format"], "fixed_width");
        assert_eq!(json["widths"], serde_json::json!([3, 4]));
        assert_eq!(json["encoding"], "utf8");
    }
}
