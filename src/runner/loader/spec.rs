//! [`CopySpec`]: what one generated COPY does, read back from the backend plan.
//!
//! The loader must follow the COPY eltc generates, not the spec it came from,
//! so the options are parsed from the plan's own option clauses
//! ([`CopyPlan::options`](crate::backend::plan::load::CopyPlan)): whatever the
//! planner decides (FILLRECORD for a staged split, ROUNDEC only for a typed
//! COPY, no DATEFORMAT for a raw table) reaches the loader unchanged. Column
//! types come from the pipeline's table for a direct COPY and are VARCHAR(65535)
//! for a raw table (docs/redshift.md#copy-column-list). No I/O here.

use std::fmt;

use super::datetime::DateTimeFormat;
use crate::backend::plan::load::SourceLoad;
use crate::spec::model::{DataType, Encoding, Pipeline};

/// One column of the COPY's column list.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CopyColumn {
    /// Its name (unquoted), as STL_LOAD_ERRORS.colname reports it.
    pub name: String,
    /// Its Redshift type.
    pub ty: DataType,
    /// `NOT NULL`: a NULL for it rejects the record (1213).
    pub not_null: bool,
}

/// How records split into fields (docs/redshift.md#copy-data-format).
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
    /// The table loaded, for messages.
    pub table: String,
    /// The column list, in file order.
    pub columns: Vec<CopyColumn>,
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
    /// The COPY of `load` (one source of `pipeline`'s plan).
    pub fn from_plan(pipeline: &Pipeline, load: &SourceLoad) -> Result<CopySpec, SpecError> {
        let columns = plan_columns(pipeline, load)?;
        if columns.len() != load.copy.columns.len() {
            return Err(SpecError(format!(
                "the COPY of source `{}` lists {} columns, the loader found {}",
                load.source,
                load.copy.columns.len(),
                columns.len()
            )));
        }
        CopySpec::parse(&load.copy.table, columns, &load.copy.options)
    }

    /// A COPY into `table` of `columns` with the Redshift option clauses
    /// `options` (as the plan writes them: one clause per entry).
    pub fn parse(
        table: &str,
        columns: Vec<CopyColumn>,
        options: &[String],
    ) -> Result<CopySpec, SpecError> {
        let mut spec = CopySpec {
            table: table.to_string(),
            columns,
            layout: Layout::Delimited {
                delimiter: b'|',
                escape: false,
            },
            encoding: Encoding::Utf8,
            header_lines: 0,
            empty_as_null: false,
            blanks_as_null: false,
            null_as: "\\N".to_string(),
            fill_record: false,
            date_format: DateTimeFormat::parse("YYYY-MM-DD").map_err(SpecError)?,
            time_format: DateTimeFormat::parse("YYYY-MM-DD HH:MI:SS").map_err(SpecError)?,
            max_errors: 0,
            round_decimals: false,
        };
        let mut format = FormatOptions::default();
        for option in options {
            spec.apply(option, &mut format)?;
        }
        if !matches!(spec.layout, Layout::FixedWidth(_)) {
            spec.layout = match format.csv {
                Some(quote) => Layout::Csv {
                    delimiter: format.delimiter.unwrap_or(b','),
                    quote,
                },
                None => Layout::Delimited {
                    delimiter: format.delimiter.unwrap_or(b'|'),
                    escape: format.escape,
                },
            };
        }
        if let Layout::FixedWidth(widths) = &spec.layout
            && widths.len() != spec.columns.len()
        {
            return Err(SpecError(format!(
                "FIXEDWIDTH has {} fields for {} columns",
                widths.len(),
                spec.columns.len()
            )));
        }
        Ok(spec)
    }

    /// One option clause; the ones that only matter on Redshift (role,
    /// manifest, statistics) are accepted and ignored.
    fn apply(&mut self, option: &str, format: &mut FormatOptions) -> Result<(), SpecError> {
        let mut words = Words(option.trim());
        let keyword = words.word().to_ascii_uppercase();
        if keyword != "CSV" {
            words.skip_as();
        }
        match keyword.as_str() {
            "IAM_ROLE" | "MANIFEST" | "COMPUPDATE" | "STATUPDATE" => {}
            "CSV" => {
                format.csv = Some(if words.word().eq_ignore_ascii_case("QUOTE") {
                    words.skip_as();
                    one_byte(&words.literal()?, "QUOTE")?
                } else {
                    b'"'
                });
            }
            "DELIMITER" => format.delimiter = Some(one_byte(&words.literal()?, "DELIMITER")?),
            "ESCAPE" => format.escape = true,
            "FIXEDWIDTH" => self.layout = Layout::FixedWidth(widths(&words.literal()?)?),
            "ENCODING" => self.encoding = encoding(words.word())?,
            "IGNOREHEADER" => self.header_lines = number(words.word(), "IGNOREHEADER")?,
            "EMPTYASNULL" => self.empty_as_null = true,
            "BLANKSASNULL" => self.blanks_as_null = true,
            "NULL" => self.null_as = words.literal()?,
            "FILLRECORD" => self.fill_record = true,
            "DATEFORMAT" => {
                self.date_format = DateTimeFormat::parse(&words.literal()?).map_err(SpecError)?;
            }
            "TIMEFORMAT" => {
                self.time_format = DateTimeFormat::parse(&words.literal()?).map_err(SpecError)?;
            }
            "MAXERROR" => self.max_errors = number(words.word(), "MAXERROR")?,
            "ROUNDEC" => self.round_decimals = true,
            _ => {
                return Err(SpecError(format!(
                    "COPY option `{option}` is not reproduced by the test loader"
                )));
            }
        }
        Ok(())
    }
}

/// The format clauses, combined once all are read (CSV changes the default delimiter).
#[derive(Default)]
struct FormatOptions {
    csv: Option<u8>,
    delimiter: Option<u8>,
    escape: bool,
}

/// The column list of `load` with the types COPY converts to.
fn plan_columns(pipeline: &Pipeline, load: &SourceLoad) -> Result<Vec<CopyColumn>, SpecError> {
    if let Some(raw) = &load.raw {
        return Ok(raw
            .columns
            .iter()
            .map(|name| CopyColumn {
                name: name.clone(),
                ty: DataType::Varchar(65535),
                not_null: false,
            })
            .collect());
    }
    let missing = |what: &str| SpecError(format!("source `{}`: {what} not found", load.source));
    let source = pipeline
        .sources
        .iter()
        .find(|s| s.name == load.source)
        .ok_or_else(|| missing("the source"))?;
    let target = source.into.first().ok_or_else(|| missing("its target"))?;
    let table = pipeline
        .table(&target.table)
        .ok_or_else(|| missing("its table"))?;
    target
        .fields
        .iter()
        .map(|field| {
            let column = table
                .column(&field.name)
                .ok_or_else(|| missing(&format!("column `{}`", field.name)))?;
            Ok(CopyColumn {
                name: column.name.clone(),
                ty: column.ty,
                not_null: column.not_null,
            })
        })
        .collect()
}

/// A cursor over one option clause.
struct Words<'a>(&'a str);

impl<'a> Words<'a> {
    /// The next blank-separated word (empty at the end).
    fn word(&mut self) -> &'a str {
        let rest = self.0.trim_start();
        let end = rest.find(char::is_whitespace).unwrap_or(rest.len());
        self.0 = &rest[end..];
        &rest[..end]
    }

    /// Skips an optional `AS`.
    fn skip_as(&mut self) {
        let rest = self.0.trim_start();
        if rest.len() >= 3 && rest[..3].eq_ignore_ascii_case("AS ") {
            self.0 = &rest[3..];
        }
    }

    /// A Redshift string literal: `''` is a quote and a backslash escapes the
    /// next character (the backend doubles both, src/backend/literal.rs).
    fn literal(&mut self) -> Result<String, SpecError> {
        let rest = self.0.trim_start();
        let bad = || SpecError(format!("expected a string literal at `{rest}`"));
        let mut chars = rest.strip_prefix('\'').ok_or_else(bad)?.char_indices();
        let mut out = String::new();
        while let Some((i, c)) = chars.next() {
            match c {
                '\\' => out.push(chars.next().ok_or_else(bad)?.1),
                '\'' if rest[1 + i + 1..].starts_with('\'') => {
                    chars.next();
                    out.push('\'');
                }
                '\'' => {
                    self.0 = &rest[1 + i + 1..];
                    return Ok(out);
                }
                _ => out.push(c),
            }
        }
        Err(bad())
    }
}

fn one_byte(text: &str, option: &str) -> Result<u8, SpecError> {
    match text.as_bytes() {
        [b] if b.is_ascii() => Ok(*b),
        _ => Err(SpecError(format!(
            "{option} must be one ASCII character, not `{text}`"
        ))),
    }
}

fn number(text: &str, option: &str) -> Result<u32, SpecError> {
    text.parse()
        .map_err(|_| SpecError(format!("{option} needs a number, not `{text}`")))
}

fn encoding(text: &str) -> Result<Encoding, SpecError> {
    match text.to_ascii_uppercase().as_str() {
        "UTF8" => Ok(Encoding::Utf8),
        "UTF16" => Ok(Encoding::Utf16),
        "UTF16LE" => Ok(Encoding::Utf16Le),
        "UTF16BE" => Ok(Encoding::Utf16Be),
        other => Err(SpecError(format!("unknown ENCODING `{other}`"))),
    }
}

/// `label:width,...` -> widths; a label may hold `:` (quoted identifier), the
/// width is after the last one.
fn widths(text: &str) -> Result<Vec<usize>, SpecError> {
    text.split(',')
        .map(|part| {
            part.rsplit_once(':')
                .and_then(|(_, w)| w.trim().parse().ok())
                .ok_or_else(|| SpecError(format!("bad FIXEDWIDTH entry `{part}`")))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn col(name: &str) -> CopyColumn {
        CopyColumn {
            name: name.into(),
            ty: DataType::Varchar(10),
            not_null: false,
        }
    }

    #[test]
    fn options_as_the_backend_writes_them() {
        let options: Vec<String> = [
            "IAM_ROLE default",
            "MANIFEST",
            "CSV QUOTE AS ''''",
            "DELIMITER ';'",
            "IGNOREHEADER 2",
            "EMPTYASNULL",
            "NULL AS 'n\\\\a'",
            "DATEFORMAT 'DD-MON-YYYY'",
            "MAXERROR 5",
            "ROUNDEC",
            "COMPUPDATE OFF",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        let spec = CopySpec::parse("s.t", vec![col("a")], &options).expect("parses");
        assert_eq!(
            spec.layout,
            Layout::Csv {
                delimiter: b';',
                quote: b'\''
            }
        );
        assert_eq!(spec.header_lines, 2);
        assert!(spec.empty_as_null && !spec.blanks_as_null && spec.round_decimals);
        assert_eq!(spec.null_as, "n\\a");
        assert_eq!(spec.max_errors, 5);
    }

    #[test]
    fn fixed_width_labels_and_unknown_options() {
        let spec = CopySpec::parse(
            "t",
            vec![col("a"), col("b")],
            &["FIXEDWIDTH 'a:3,\"b:c\":12'".to_string()],
        )
        .expect("parses");
        assert_eq!(spec.layout, Layout::FixedWidth(vec![3, 12]));
        assert!(CopySpec::parse("t", vec![], &["REMOVEQUOTES".to_string()]).is_err());
    }
}
