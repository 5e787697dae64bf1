//! Raw shapes of `sources:`: a landed file, its format and the staging tables
//! it loads. Mirrors the YAML; see the parent module for the rules.

use schemars::JsonSchema;

use super::{Choice, Entries, Keys, RawAllow, Spanned};
use crate::diag::Span;

/// A file loaded by COPY into one staging table, or several split by a record condition.
#[derive(Clone, Debug, JsonSchema)]
#[schemars(rename = "Source", deny_unknown_fields)]
pub struct RawSource {
    /// File name pattern under the landing prefix; may use captures, e.g. `sales_{day:YYYYMMDD}.txt`.
    pub file: Spanned<String>,
    /// Layout of the file.
    pub format: RawFormat,
    /// Lines skipped at the start of the file (default 0).
    #[schemars(range(min = 0))]
    pub header_lines: Option<Spanned<u32>>,
    /// Character encoding: utf8 (default), utf16, utf16le or utf16be. Convert other encodings
    /// to UTF-8 before the file lands (e.g. with iconv).
    #[schemars(extend("enum" = ["utf8", "utf16", "utf16le", "utf16be"]))]
    pub encoding: Option<Spanned<String>>,
    /// Which field values load as NULL.
    pub nulls: Option<RawNulls>,
    /// Format of date fields in COPY tokens (YYYY, YY, MM, MON, DD and separators), e.g. `DD-MON-YYYY`.
    pub date_format: Option<Spanned<String>>,
    /// Format of timestamp fields in COPY tokens (adds HH, HH24, HH12, MI, SS, AM, PM).
    pub timestamp_format: Option<Spanned<String>>,
    /// Rejected records tolerated before the load fails (default 0, at most 100000).
    #[schemars(range(min = 0, max = 100000))]
    pub max_errors: Option<Spanned<u32>>,
    /// Missing trailing fields load as NULL (SQL*Loader's TRAILING NULLCOLS; default false).
    pub fill_missing: Option<Spanned<bool>>,
    /// Whether the staging tables are emptied first (default truncate).
    pub mode: Option<Spanned<RawMode>>,
    /// The staging table (`schema.table`) of a file with one record type. Excludes `into`.
    pub table: Option<Spanned<String>>,
    /// The file's fields in order (default: the table's columns). Only with `table`.
    pub fields: Option<Spanned<Vec<RawField>>>,
    /// Values of table columns no same-named field fills. Only with `table`.
    pub columns: Option<Entries<RawValue>>,
    /// The staging tables of a file with several record types. Excludes `table`.
    pub into: Option<Spanned<Vec<RawTarget>>>,
    /// Warnings acknowledged in this source's block, each with the reason it is acceptable.
    pub allow: Option<Spanned<Vec<RawAllow>>>,
    /// Where the source is declared (its name).
    #[schemars(skip)]
    pub span: Span,
    /// The source's whole block, from its name to its last value.
    #[schemars(skip)]
    pub body: Span,
}
keys!(RawSource: "file", "format", "header_lines", "encoding", "nulls", "date_format",
    "timestamp_format", "max_errors", "fill_missing", "mode", "table", "fields", "columns", "into",
    "allow");

/// Layout of a source file.
#[derive(Clone, Debug, JsonSchema)]
#[schemars(rename = "Format", deny_unknown_fields)]
pub struct RawFormat {
    /// csv (RFC 4180, quoted fields), delimited (no quoting) or fixed_width.
    #[schemars(rename = "type")]
    pub kind: Spanned<RawFormatType>,
    /// Field delimiter, one ASCII character (csv default `,`, delimited default `|`).
    pub delimiter: Option<Spanned<String>>,
    /// Quote character, csv only (default `"`).
    pub quote: Option<Spanned<String>>,
    /// A backslash escapes the next character, delimited only (default false).
    pub escape: Option<Spanned<bool>>,
    /// Where the mapping is written.
    #[schemars(skip)]
    pub span: Span,
}
keys!(RawFormat: "type", "delimiter", "quote", "escape");

choice! {
    /// Layout of a source file.
    RawFormatType as "FormatType" {
        /// RFC 4180 CSV.
        Csv = "csv",
        /// Delimited text without quoting.
        Delimited = "delimited",
        /// Fixed-width records; every field needs a `position`.
        FixedWidth = "fixed_width",
    }
}

choice! {
    /// How staging tables are cleared before a load.
    RawMode as "Mode" {
        /// Delete every row first.
        Truncate = "truncate",
        /// Keep the rows already there.
        Append = "append",
    }
}

/// Which field values load as NULL.
#[derive(Clone, Debug, JsonSchema)]
#[schemars(rename = "Nulls", deny_unknown_fields)]
pub struct RawNulls {
    /// An empty field is NULL (default true).
    pub empty: Option<Spanned<bool>>,
    /// A field of blanks only is NULL (default false).
    pub blanks: Option<Spanned<bool>>,
    /// A field equal to this text is NULL.
    pub string: Option<Spanned<String>>,
    /// Where the mapping is written.
    #[schemars(skip)]
    pub span: Span,
}
keys!(RawNulls: "empty", "blanks", "string");

/// One staging table of a split source.
#[derive(Clone, Debug, JsonSchema)]
#[schemars(rename = "Target", deny_unknown_fields)]
pub struct RawTarget {
    /// The staging table, `schema.table`.
    pub table: Spanned<String>,
    /// Which records go to this table (default: every record).
    pub when: Option<RawWhen>,
    /// The record's fields in order (default: the table's columns).
    pub fields: Option<Spanned<Vec<RawField>>>,
    /// Values of table columns no same-named field fills.
    pub columns: Option<Entries<RawValue>>,
    /// Where the mapping is written.
    #[schemars(skip)]
    pub span: Span,
}
keys!(RawTarget: "table", "when", "fields", "columns");

/// A record condition (SQL*Loader's WHEN).
#[derive(Clone, Debug, JsonSchema)]
#[schemars(rename = "When", untagged)]
pub enum RawWhen {
    /// A field equals a text.
    Field(RawWhenField),
    /// Characters of the raw record equal a text.
    Position(RawWhenPosition),
}

/// `when: { field, equals }`.
#[derive(Clone, Debug, JsonSchema)]
#[schemars(rename = "WhenField", deny_unknown_fields)]
pub struct RawWhenField {
    /// The field.
    pub field: Spanned<String>,
    /// The text it must equal.
    pub equals: Spanned<String>,
    /// Where the mapping is written.
    #[schemars(skip)]
    pub span: Span,
}
keys!(RawWhenField: "field", "equals");

/// `when: { position: [start, end], equals }`.
#[derive(Clone, Debug, JsonSchema)]
#[schemars(rename = "WhenPosition", deny_unknown_fields)]
pub struct RawWhenPosition {
    /// First and last character (1-based, inclusive) of the record.
    pub position: Spanned<[u32; 2]>,
    /// The text they must equal.
    pub equals: Spanned<String>,
    /// Where the mapping is written.
    #[schemars(skip)]
    pub span: Span,
}
keys!(RawWhenPosition: "position", "equals");

/// A field of a record: its name, or a mapping.
#[derive(Clone, Debug, JsonSchema)]
#[schemars(rename = "Field", untagged)]
pub enum RawField {
    /// Just the name.
    Name(Spanned<String>),
    /// Name, position, filler.
    Spec(RawFieldSpec),
}

/// A field with options.
#[derive(Clone, Debug, JsonSchema)]
#[schemars(rename = "FieldSpec", deny_unknown_fields)]
pub struct RawFieldSpec {
    /// The field's name.
    pub name: Spanned<String>,
    /// First and last character (1-based, inclusive); fixed_width only, and required there.
    pub position: Option<Spanned<[u32; 2]>>,
    /// Read but not loaded (default false).
    pub filler: Option<Spanned<bool>>,
    /// Where the mapping is written.
    #[schemars(skip)]
    pub span: Span,
}
keys!(RawFieldSpec: "name", "position", "filler");

/// Where a staging column's value comes from.
#[derive(Clone, Debug, JsonSchema)]
#[schemars(rename = "Value", untagged)]
pub enum RawValue {
    /// `load_timestamp`: the time of the load.
    Keyword(Spanned<RawValueKeyword>),
    /// `{ field: name }`.
    Field(RawValueField),
    /// `{ constant: text }`.
    Constant(RawValueConstant),
    /// `{ expr: SQL }`.
    Expr(RawValueExpr),
}

choice! {
    /// A value keyword.
    RawValueKeyword as "ValueKeyword" {
        /// The time of the load (SQL*Loader's SYSDATE).
        LoadTimestamp = "load_timestamp",
    }
}

/// `{ field: name }`: the named field.
#[derive(Clone, Debug, JsonSchema)]
#[schemars(rename = "ValueField", deny_unknown_fields)]
pub struct RawValueField {
    /// The field.
    pub field: Spanned<String>,
}
keys!(RawValueField: "field");

/// `{ constant: text }`: a constant converted to the column's type.
#[derive(Clone, Debug, JsonSchema)]
#[schemars(rename = "ValueConstant", deny_unknown_fields)]
pub struct RawValueConstant {
    /// The constant.
    pub constant: Spanned<String>,
}
keys!(RawValueConstant: "constant");

/// `{ expr: SQL }`: an expression in the pipeline's dialect over `:field` binds.
#[derive(Clone, Debug, JsonSchema)]
#[schemars(rename = "ValueExpr", deny_unknown_fields)]
pub struct RawValueExpr {
    /// The expression, e.g. `INITCAP(TRIM(:full_name))`.
    pub expr: Spanned<String>,
}
keys!(RawValueExpr: "expr");
