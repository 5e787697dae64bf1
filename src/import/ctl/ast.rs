//! The control file as the parser reads it: every clause with its byte
//! range, before any decision about what it becomes in the spec.

use std::ops::Range;

/// A parsed control file.
#[derive(Clone, Debug, Default)]
pub struct ControlFile {
    /// `OPTIONS (name=value, ...)`, as written (names upper case).
    pub options: Vec<Setting>,
    /// The first `LOAD DATA` statement (a file with several is reported).
    pub load: Load,
    /// The inline records after `BEGINDATA`, if any.
    pub inline_data: Option<Range<usize>>,
}

/// An `OPTIONS` entry or a command-line `key=value`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Setting {
    /// Upper case.
    pub name: String,
    /// As written, unquoted.
    pub value: String,
    /// The whole entry.
    pub range: Range<usize>,
}

/// How SQL*Loader treats rows already in the table.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LoadMode {
    /// INSERT (the default): the table must be empty.
    Insert,
    /// APPEND: rows are added.
    Append,
    /// REPLACE: rows are deleted first.
    Replace,
    /// TRUNCATE: the table is truncated first.
    Truncate,
}

/// One `LOAD DATA` statement.
#[derive(Clone, Debug, Default)]
pub struct Load {
    /// `CHARACTERSET name`.
    pub characterset: Option<(String, Range<usize>)>,
    /// The `INFILE` clauses, in order.
    pub infiles: Vec<Infile>,
    /// The load-wide mode.
    pub mode: Option<(LoadMode, Range<usize>)>,
    /// The `INTO TABLE` clauses, in order.
    pub tables: Vec<IntoTable>,
    /// Load-wide `FIELDS ...` (before the first INTO TABLE).
    pub fields: FieldsSpec,
    /// Load-wide `TRAILING NULLCOLS`.
    pub trailing_nullcols: bool,
    /// The range of `LOAD DATA`.
    pub range: Range<usize>,
}

/// One `INFILE` clause.
#[derive(Clone, Debug)]
pub struct Infile {
    /// The file name as written; `*` for inline data.
    pub name: String,
    /// Where the name is.
    pub range: Range<usize>,
    /// `BADFILE` after it.
    pub badfile: Option<String>,
    /// `DISCARDFILE` after it.
    pub discardfile: Option<String>,
}

/// `FIELDS TERMINATED BY ... [OPTIONALLY] ENCLOSED BY ...`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct FieldsSpec {
    /// The terminator.
    pub terminated: Option<(Terminator, Range<usize>)>,
    /// The enclosure character(s) and whether it is optional.
    pub enclosed: Option<(String, bool, Range<usize>)>,
}

/// A field terminator.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Terminator {
    /// A string (`','`, `X'09'`).
    Text(String),
    /// `WHITESPACE`: any run of blanks, tabs and newlines.
    Whitespace,
    /// `EOF`.
    Eof,
}

/// An `INTO TABLE` clause.
#[derive(Clone, Debug, Default)]
pub struct IntoTable {
    /// The table as written (quotes removed), `schema.table` or `table`.
    pub name: String,
    /// Whether a part of the name was quoted (case kept).
    pub quoted: bool,
    /// Where the name is.
    pub range: Range<usize>,
    /// A table-level mode.
    pub mode: Option<(LoadMode, Range<usize>)>,
    /// `WHEN` conditions, joined by AND.
    pub when: Vec<Condition>,
    /// `FIELDS ...`.
    pub fields: FieldsSpec,
    /// `TRAILING NULLCOLS`.
    pub trailing_nullcols: bool,
    /// `SKIP n` of this table.
    pub skip: Option<u64>,
    /// The field list.
    pub columns: Vec<Field>,
}

/// A condition of WHEN, NULLIF or DEFAULTIF.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Condition {
    /// What is compared.
    pub left: CondTarget,
    /// `=` or `<>`/`!=`.
    pub equal: bool,
    /// What it is compared with.
    pub right: CondValue,
    /// The whole condition.
    pub range: Range<usize>,
}

/// The left side of a condition.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum CondTarget {
    /// A field, by name (lower case).
    Field(String),
    /// `(start:end)` of the record, 1-based inclusive.
    Position(u64, u64),
}

/// The right side of a condition.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum CondValue {
    /// A string or hex string.
    Text(String),
    /// `BLANKS`.
    Blanks,
}

/// What a field of the list is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum FieldKind {
    /// A field of the record loaded into the column of its name.
    Data,
    /// `FILLER`: read, not loaded.
    Filler,
    /// `BOUNDFILLER`: read, not loaded, usable in SQL strings.
    BoundFiller,
    /// `CONSTANT value`.
    Constant(String),
    /// `SYSDATE`.
    Sysdate,
    /// `RECNUM`.
    Recnum,
    /// `SEQUENCE(...)`, as written.
    Sequence(String),
    /// `EXPRESSION "sql"`: a column computed from the SQL string alone.
    Expression,
}

/// A field's position clause.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Position {
    /// `POSITION(start:end)` or `POSITION(start-end)`; `end` absent in `POSITION(start)`.
    Absolute(u64, Option<u64>),
    /// `POSITION(*)` or `POSITION(*+n)`: after the previous field, skipping n.
    Relative(u64, Option<u64>),
}

/// A field's datatype.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Datatype {
    /// `CHAR`, `CHAR(n)`.
    Char(Option<u64>),
    /// `INTEGER EXTERNAL`, `DECIMAL EXTERNAL`, `FLOAT EXTERNAL`, `ZONED EXTERNAL`
    /// (the number as text), with an optional length.
    NumericExternal(&'static str, Option<u64>),
    /// `DATE ["mask"]` (with an optional length).
    Date(Option<String>),
    /// `TIMESTAMP ["mask"]`.
    Timestamp(Option<String>),
    /// A binary or packed type (INTEGER, SMALLINT, DECIMAL, ZONED, FLOAT,
    /// DOUBLE, BYTEINT, RAW, GRAPHIC, VARCHAR, VARRAW, LONG VARRAW, VARCHARC,
    /// VARRAWC), as written.
    Binary(String),
}

/// One entry of the field list.
#[derive(Clone, Debug)]
pub struct Field {
    /// The name (lower case unless quoted with mixed case).
    pub name: String,
    /// Whether the name was quoted.
    pub quoted: bool,
    /// Where the name is.
    pub range: Range<usize>,
    /// The whole entry.
    pub full: Range<usize>,
    /// What it is.
    pub kind: FieldKind,
    /// `POSITION(...)`.
    pub position: Option<Position>,
    /// The datatype.
    pub datatype: Option<(Datatype, Range<usize>)>,
    /// Field-level `TERMINATED BY` / `ENCLOSED BY`.
    pub fields: FieldsSpec,
    /// `NULLIF` conditions.
    pub nullif: Vec<Condition>,
    /// `DEFAULTIF` conditions.
    pub defaultif: Vec<Condition>,
    /// The SQL string, and where it is.
    pub sql: Option<(String, Range<usize>)>,
}
