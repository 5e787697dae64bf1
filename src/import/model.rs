//! What an import produces before it is written: the pipeline's parts
//! (sources, tables, params, steps, tests) and the findings of the report.

use crate::diag::{Diagnostic, Severity, Span};

/// How a legacy construct was carried over.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// Became part of the pipeline with the same meaning.
    Translated,
    /// Became part of the pipeline; the meaning may differ (see the message).
    Warning,
    /// Not carried over: needs a human.
    Manual,
}

/// One legacy construct found, and what it became.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Finding {
    /// The construct family, e.g. `ctl:NULLIF BLANKS` or a diagnostic code.
    pub construct: String,
    /// Where it is.
    pub span: Span,
    /// How it was carried over.
    pub status: Status,
    /// What it became, or why it needs a human.
    pub note: String,
    /// The suggested fix (manual and warning items).
    pub help: Option<String>,
}

impl Finding {
    /// A construct translated as `note` says.
    pub fn translated(construct: impl Into<String>, span: Span, note: impl Into<String>) -> Self {
        Self {
            construct: construct.into(),
            span,
            status: Status::Translated,
            note: note.into(),
            help: None,
        }
    }

    /// The finding of a diagnostic: errors need a human, warnings are kept with a caveat.
    pub fn of(diagnostic: &Diagnostic) -> Self {
        Self {
            construct: diagnostic.code.name().to_string(),
            span: diagnostic.primary.span.clone(),
            status: match diagnostic.severity {
                Severity::Error => Status::Manual,
                Severity::Warning => Status::Warning,
            },
            note: diagnostic.message.clone(),
            help: diagnostic.help.clone(),
        }
    }
}

/// A source's file layout.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Format {
    /// CSV with a delimiter and a quote.
    Csv {
        /// The field delimiter.
        delimiter: char,
        /// The quote character.
        quote: char,
    },
    /// Delimited, no quoting.
    Delimited {
        /// The field delimiter.
        delimiter: char,
    },
    /// Fixed-width positions.
    FixedWidth,
}

/// A field of a source.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FieldOut {
    /// The field's name.
    pub name: String,
    /// `[start, end]` of a fixed-width field.
    pub position: Option<(u64, u64)>,
    /// Read but not loaded.
    pub filler: bool,
}

/// A column value of a source target.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ColumnValue {
    /// A constant.
    Constant(String),
    /// The load's time.
    LoadTimestamp,
    /// An Oracle expression over `:field`s.
    Expr(String),
}

/// A `when` of a target.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum When {
    /// `{ field, equals }`.
    Field(String, String),
    /// `{ position: [s, e], equals }`.
    Position(u64, u64, String),
}

/// One staging table a source loads.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TargetOut {
    /// `schema.table`.
    pub table: String,
    /// The record condition.
    pub when: Option<When>,
    /// The fields, in order (empty: the table's columns).
    pub fields: Vec<FieldOut>,
    /// Column values, in order.
    pub columns: Vec<(String, ColumnValue)>,
}

/// One source of the pipeline.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SourceOut {
    /// The source's name.
    pub name: String,
    /// Its file name pattern.
    pub file: String,
    /// Layout.
    pub format: Format,
    /// Lines skipped.
    pub header_lines: u64,
    /// A field equal to this is NULL.
    pub null_string: Option<String>,
    /// COPY keeps all-blank fields (`nulls.blanks: false`): a DEFAULTIF
    /// BLANKS tells them from empty ones; text fields then NULL them in
    /// their expressions (see `ctl::blanks`).
    pub keep_blanks: bool,
    /// COPY's TIMEFORMAT.
    pub timestamp_format: Option<String>,
    /// COPY's DATEFORMAT.
    pub date_format: Option<String>,
    /// MAXERROR.
    pub max_errors: u64,
    /// TRAILING NULLCOLS.
    pub fill_missing: bool,
    /// APPEND (else truncate).
    pub append: bool,
    /// Its targets: one without `when` is written as `table:`.
    pub targets: Vec<TargetOut>,
    /// Comment lines written above the source (where it came from).
    pub comments: Vec<String>,
}

/// A column of an imported table.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ColumnOut {
    /// Name.
    pub name: String,
    /// Redshift type, as the spec writes it.
    pub ty: String,
    /// NOT NULL.
    pub not_null: bool,
    /// DEFAULT (Redshift SQL).
    pub default: Option<String>,
    /// IDENTITY(seed, step).
    pub identity: Option<(i64, i64)>,
}

/// An imported table.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TableOut {
    /// `schema.table`, lower case.
    pub name: String,
    /// Columns, in the DDL's order.
    pub columns: Vec<ColumnOut>,
    /// The primary key's columns.
    pub primary_key: Vec<String>,
    /// Suggested DISTKEY, with why.
    pub distkey: Option<(String, String)>,
    /// Suggested compound SORTKEY, with why.
    pub sortkey: Option<(Vec<String>, String)>,
    /// Where the CREATE TABLE is.
    pub span: Span,
    /// Comment lines above the table.
    pub comments: Vec<String>,
}

impl TableOut {
    /// The column of that name.
    pub fn column(&self, name: &str) -> Option<&ColumnOut> {
        self.columns.iter().find(|c| c.name == name)
    }
}
