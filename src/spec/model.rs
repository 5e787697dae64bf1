//! The checked pipeline model: what the compiler uses after the spec was read,
//! resolved and validated.
//!
//! Invariant: a `Pipeline` only exists when resolution raised no error, so every
//! table, column, parameter and file it names is known and consistent. Names of
//! tables, columns and parameters are lower case (Redshift folds identifiers).
//! These types are never deserialized directly: `spec::raw` is the serde
//! boundary and `spec::resolve` builds these from it.

use std::fmt;
use std::ops::Range;
use std::path::PathBuf;

use crate::diag::{Code, FileId, Span};

pub use super::types::DataType;

/// One pipeline: the unit `eltc build` compiles into `generated/<name>/`.
#[derive(Clone, Debug)]
pub struct Pipeline {
    /// The pipeline's name (a lower-case identifier), also the output directory's.
    pub name: String,
    /// Free text for humans.
    pub description: Option<String>,
    /// The pipeline this one is an alternative to (deployed instead of it),
    /// with where it is named: the project checks do not compare the two.
    pub alternative_to: Option<(String, Span)>,
    /// The directory holding `pipeline.yaml`; spec paths are relative to it.
    pub dir: PathBuf,
    /// The `pipeline.yaml` file.
    pub file: FileId,
    /// Dialect of the transform SQL.
    pub dialect: Dialect,
    /// What runs the batches (`backend:`).
    pub backend: Backend,
    /// Parameters of a run, in declaration order (the procedures' argument order).
    pub params: Vec<Param>,
    /// The notification that starts a run and where its files land.
    pub trigger: Trigger,
    /// Redshift-specific settings.
    pub redshift: RedshiftSettings,
    /// Files loaded into staging tables, in declaration order (the load order).
    pub sources: Vec<Source>,
    /// Every table the pipeline owns, in declaration order.
    pub tables: Vec<Table>,
    /// The transforms, in run order.
    pub transforms: Vec<Transform>,
    /// Test cases for `eltc test`.
    pub tests: Vec<TestCase>,
}

impl Pipeline {
    /// The declared table called `name`.
    pub fn table(&self, name: &QualifiedName) -> Option<&Table> {
        self.tables.iter().find(|table| &table.name == name)
    }

    /// The declared parameter called `name`.
    pub fn param(&self, name: &str) -> Option<&Param> {
        self.params.iter().find(|param| param.name == name)
    }
}

/// What runs a pipeline's batches.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Backend {
    /// The load and transform procedures, one CALL per batch.
    #[default]
    Procedure,
    /// An AWS Glue job (glue_job.py) writing Redshift (docs/glue.md).
    Glue,
}

/// Dialect of a pipeline's transform SQL.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Dialect {
    /// Oracle SQL, translated by eltc.
    Oracle,
    /// Redshift SQL, checked and copied.
    Redshift,
}

/// A run parameter (`params:`).
#[derive(Clone, Debug)]
pub struct Param {
    /// Lower-case name; the procedures take it as `p_<name>`.
    pub name: String,
    /// Its type.
    pub ty: DataType,
    /// Where it is declared.
    pub span: Span,
}

impl Param {
    /// The procedure argument that carries this parameter.
    pub fn argument(&self) -> String {
        format!("p_{}", self.name)
    }
}

/// The notification file that starts a run (`trigger:`).
#[derive(Clone, Debug)]
pub struct Trigger {
    /// Default bucket of notifications and landed files; a deploy-time value of the
    /// runtime, never written into generated SQL.
    pub bucket: Option<String>,
    /// Key pattern of the notification object, e.g. `notification/market_data/{eod_date}.done`.
    pub notification: Pattern,
    /// Key prefix pattern where the batch's files land, e.g. `oltp_uploads/{eod_date}/`.
    pub landing: Pattern,
}

/// A text pattern with `{param}` or `{param:FORMAT}` captures.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Pattern {
    /// The pattern as written.
    pub text: String,
    /// Literal text and captures, in order.
    pub parts: Vec<PatternPart>,
    /// Where it is written.
    pub span: Span,
}

/// A piece of a [`Pattern`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PatternPart {
    /// Literal text.
    Literal(String),
    /// A parameter's value.
    Param {
        /// The parameter's name.
        name: String,
        /// For date and timestamp parameters, an Oracle-style format model
        /// (`YYYYMMDD`); `None` renders dates as `YYYY-MM-DD`.
        format: Option<String>,
    },
}

/// Settings of the Redshift backend (`redshift:`).
#[derive(Clone, Debug)]
pub struct RedshiftSettings {
    /// Schema of the generated procedures and of the run-log table.
    pub schema: String,
    /// The IAM role COPY uses.
    pub copy_role: CopyRole,
    /// AWS Region of the landing bucket when it is not the workgroup's:
    /// COPY's `REGION`. `None`: the bucket is in the workgroup's Region.
    pub copy_region: Option<String>,
    /// Name of the load procedure (default `load_<pipeline>`).
    pub load_procedure: String,
    /// Name of the transform procedure (default `transform_<pipeline>`).
    pub transform_procedure: String,
    /// Who runs the procedures (`run_as:`), granted what they need.
    pub run_as: Option<Grantee>,
}

/// The role of `COPY ... IAM_ROLE`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum CopyRole {
    /// `IAM_ROLE default`: the namespace's default role, so SQL stays the same in every environment.
    Default,
    /// One role ARN named in the spec.
    Arn(String),
}

/// A schema-qualified table name, lower case.
#[derive(
    Clone,
    Debug,
    Default,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Hash,
    serde::Serialize,
    serde::Deserialize,
)]
pub struct QualifiedName {
    /// The schema.
    pub schema: String,
    /// The table.
    pub name: String,
}

impl fmt::Display for QualifiedName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}.{}", self.schema, self.name)
    }
}

/// A table the pipeline owns (`tables:`).
#[derive(Clone, Debug)]
pub struct Table {
    /// Its name.
    pub name: QualifiedName,
    /// Its columns, in order.
    pub columns: Vec<Column>,
    /// Informational primary key (Redshift does not enforce it).
    pub primary_key: Vec<String>,
    /// Informational unique keys.
    pub unique: Vec<Vec<String>>,
    /// Distribution style; `None` leaves Redshift's default (AUTO).
    pub diststyle: Option<DistStyle>,
    /// Distribution key column (implies `DistStyle::Key`).
    pub distkey: Option<String>,
    /// Sort key columns, compound.
    pub sortkey: Vec<String>,
    /// False for tables excluded from snapshots (`BACKUP NO`); staging tables default to false.
    pub backup: bool,
    /// True when a source loads this table.
    pub is_staging: bool,
    /// True when the pipeline only reads the table (`read_only: true`): no
    /// DDL of its own, no step writes it; its owner is another pipeline of
    /// the project or outside eltc.
    pub read_only: bool,
    /// Who is granted SELECT on it, in declaration order.
    pub select_grants: Vec<Grantee>,
    /// Where it is declared.
    pub span: Span,
}

/// A user, group or role named in a grant.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Grantee {
    /// A database user.
    User(String),
    /// A user group (`GROUP name`).
    Group(String),
    /// A role (`ROLE name`).
    Role(String),
}

impl fmt::Display for Grantee {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Grantee::User(name) => write!(f, "user {name}"),
            Grantee::Group(name) => write!(f, "group {name}"),
            Grantee::Role(name) => write!(f, "role {name}"),
        }
    }
}

impl Table {
    /// A table with `columns` and nothing else: no keys, Redshift's default
    /// distribution and sort, backed up, not staging. For tables eltc learns of
    /// outside a spec (Oracle DDL in `eltc translate`, test pipelines); the spec
    /// fills the rest.
    pub fn plain(name: QualifiedName, columns: Vec<Column>, span: Span) -> Self {
        Self {
            name,
            columns,
            primary_key: Vec::new(),
            unique: Vec::new(),
            diststyle: None,
            distkey: None,
            sortkey: Vec::new(),
            backup: true,
            is_staging: false,
            read_only: false,
            select_grants: Vec::new(),
            span,
        }
    }

    /// The column called `name`.
    pub fn column(&self, name: &str) -> Option<&Column> {
        self.columns.iter().find(|column| column.name == name)
    }
}

/// `DISTSTYLE`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DistStyle {
    /// Redshift chooses.
    Auto,
    /// Round robin.
    Even,
    /// By the distribution key.
    Key,
    /// A copy on every node (small dimensions).
    All,
}

/// A column of a table.
#[derive(Clone, Debug)]
pub struct Column {
    /// Lower-case name.
    pub name: String,
    /// Redshift type.
    pub ty: DataType,
    /// `NOT NULL` (Redshift enforces it).
    pub not_null: bool,
    /// `DEFAULT` expression, Redshift SQL.
    pub default: Option<String>,
    /// `ENCODE` compression, lower case (`az64`, `zstd`, ...).
    pub encode: Option<String>,
    /// `IDENTITY(seed, step)`.
    pub identity: Option<(i64, i64)>,
    /// Where it is declared.
    pub span: Span,
}

/// A file loaded into one or more staging tables (`sources:`).
#[derive(Clone, Debug)]
pub struct Source {
    /// The source's name (unique; names the file's manifest).
    pub name: String,
    /// File name pattern under the landing prefix, e.g. `sales_{day:YYYYMMDD}.txt`.
    pub file: Pattern,
    /// Layout of the file.
    pub format: Format,
    /// Lines skipped at the start of the file (`IGNOREHEADER`).
    pub header_lines: u32,
    /// Character encoding of the file (`ENCODING`).
    pub encoding: Encoding,
    /// How empty, blank and marker fields become NULL.
    pub nulls: NullHandling,
    /// Format of DATE fields, COPY tokens (`DD-MON-YYYY`); `None` is `YYYY-MM-DD`.
    pub date_format: Option<String>,
    /// Format of TIMESTAMP fields, COPY tokens; `None` is `YYYY-MM-DD HH:MI:SS`.
    pub timestamp_format: Option<String>,
    /// Rejected records tolerated before the load fails (`MAXERROR`).
    pub max_errors: u32,
    /// Records with missing trailing fields load them as NULL (`FILLRECORD`; SQL*Loader's TRAILING NULLCOLS).
    pub fill_missing: bool,
    /// Whether the staging tables are cleared before loading.
    pub mode: LoadMode,
    /// The tables the records go to: one, or several split by a record condition.
    pub into: Vec<SourceTarget>,
    /// Warnings acknowledged in the source's block (`allow:`).
    pub allow: Allows,
    /// Where it is declared.
    pub span: Span,
}

/// Layout of a source file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Format {
    /// RFC 4180 CSV: quoted fields may hold the delimiter, doubled quotes and newlines.
    Csv {
        /// Field delimiter, one ASCII character.
        delimiter: char,
        /// Quote character, one ASCII character.
        quote: char,
    },
    /// Delimited text without quoting.
    Delimited {
        /// Field delimiter, one ASCII character.
        delimiter: char,
        /// A backslash escapes the next character (`ESCAPE`).
        escape: bool,
    },
    /// Fixed-width records: each field has a character position range.
    FixedWidth,
}

/// Character encoding of a source file: the ones COPY reads.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Encoding {
    /// UTF-8, COPY's default.
    #[default]
    Utf8,
    /// UTF-16 with a byte-order mark (`ENCODING UTF16`).
    Utf16,
    /// UTF-16 little endian (`ENCODING UTF16LE`).
    Utf16Le,
    /// UTF-16 big endian (`ENCODING UTF16BE`).
    Utf16Be,
}

/// How fields become NULL. Defaults follow SQL*Loader, whose pipelines never see
/// empty strings (Oracle stores '' as NULL).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NullHandling {
    /// An empty field is NULL (`EMPTYASNULL`), default true.
    pub empty: bool,
    /// A field of blanks only is NULL (`BLANKSASNULL`), default false.
    pub blanks: bool,
    /// A field equal to this string is NULL (`NULL AS`).
    pub string: Option<String>,
}

/// How the staging tables of a source are cleared.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LoadMode {
    /// Delete every row first (with DELETE: TRUNCATE would commit inside the procedure).
    Truncate,
    /// Keep the rows already there.
    Append,
}

/// One table a source loads, with the field layout for it.
#[derive(Clone, Debug)]
pub struct SourceTarget {
    /// The staging table.
    pub table: QualifiedName,
    /// The record condition; `None` takes every record.
    pub when: Option<RecordCondition>,
    /// The file's fields, in order.
    pub fields: Vec<Field>,
    /// Every column of the table, with where its value comes from.
    pub columns: Vec<ColumnValue>,
    /// Where it is declared.
    pub span: Span,
}

/// A field of a source record.
#[derive(Clone, Debug)]
pub struct Field {
    /// Lower-case name.
    pub name: String,
    /// 1-based inclusive character positions, fixed-width files only.
    pub position: Option<(u32, u32)>,
    /// Read but not loaded (SQL*Loader's FILLER).
    pub filler: bool,
    /// Where it is declared.
    pub span: Span,
}

/// Which records a [`SourceTarget`] takes (SQL*Loader's `WHEN`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RecordCondition {
    /// Characters `start..=end` (1-based) of the raw record equal `equals`.
    Position {
        /// First character, 1-based.
        start: u32,
        /// Last character, inclusive.
        end: u32,
        /// The text they must equal.
        equals: String,
    },
    /// The named field equals `equals`.
    Field {
        /// The field.
        name: String,
        /// The text it must equal.
        equals: String,
    },
}

/// Where a staging column's value comes from.
#[derive(Clone, Debug)]
pub struct ColumnValue {
    /// The column.
    pub column: String,
    /// Its value.
    pub value: Value,
}

/// A staging column's value at load.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Value {
    /// The field of that name, converted to the column's type.
    Field(String),
    /// A constant, converted to the column's type.
    Constant(String),
    /// The time of the load (SQL*Loader's SYSDATE).
    LoadTimestamp,
    /// An SQL expression in the pipeline's dialect over the raw character fields,
    /// written `:field` (SQL*Loader's SQL strings), e.g. `INITCAP(TRIM(:full_name))`.
    Expr(SqlText),
    /// No value: NULL (a column no field or value fills).
    Null,
}

/// SQL text held in the source map: a whole file, or a piece of `pipeline.yaml`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SqlText {
    /// The file holding it.
    pub file: FileId,
    /// The byte range of the SQL in that file.
    pub range: Range<usize>,
}

/// A transform step (`transforms:`).
#[derive(Clone, Debug)]
pub struct Transform {
    /// Unique name; the run-log's step name.
    pub name: String,
    /// What it runs.
    pub kind: TransformKind,
    /// Checks after the step, failing the batch.
    pub assertions: Vec<Assertion>,
    /// Warnings acknowledged in the step's block and its SQL (`allow:`).
    pub allow: Allows,
    /// Where it is declared.
    pub span: Span,
}

/// What a transform runs.
#[derive(Clone, Debug)]
pub enum TransformKind {
    /// SQL statements, run in order.
    Statements(SqlText),
    /// One SELECT written to `target` with `strategy`.
    Query {
        /// The SELECT.
        sql: SqlText,
        /// The table written.
        target: QualifiedName,
        /// How rows are written.
        strategy: Strategy,
    },
    /// PL/SQL units or a block (Oracle dialect only), for procedural logic:
    /// translated into Redshift procedures, the step calls the entry one.
    PlSql {
        /// The PL/SQL text.
        sql: SqlText,
        /// `call:`, the entry procedure's call as Oracle SQL (a piece of
        /// `pipeline.yaml`), parsed by the SQL stage; `None`: the unit's one
        /// public procedure that no other calls.
        call: Option<SqlText>,
    },
}

/// How a query's rows are written to its target.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Strategy {
    /// Delete every row, then insert.
    Replace,
    /// Insert.
    Append,
    /// Delete the target rows whose key values the query returns, then insert.
    DeleteInsert(Vec<String>),
    /// Update target rows matching on the key columns, insert the others.
    Merge(Vec<String>),
}

/// A check a run must pass; a failure raises an exception that fails the batch.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Assertion {
    /// The step affected at least `min` rows.
    MinRows {
        /// The minimum.
        min: u64,
        /// Message on failure; `{param}` captures are replaced by parameter values.
        message: Option<String>,
        /// Where it is declared.
        span: Span,
    },
    /// No two rows of `table` share the values of `columns`.
    Unique {
        /// The table checked.
        table: QualifiedName,
        /// The key columns.
        columns: Vec<String>,
        /// Message on failure.
        message: Option<String>,
        /// Where it is declared.
        span: Span,
    },
    /// A SELECT (the pipeline's dialect) returns no row, e.g. a reconciliation
    /// `SELECT ... MINUS SELECT ...` that lists what was not loaded.
    NoRows {
        /// The query.
        sql: SqlText,
        /// Message on failure.
        message: Option<String>,
        /// Where it is declared.
        span: Span,
    },
}

/// A test case of `eltc test` (`tests:`).
#[derive(Clone, Debug)]
pub struct TestCase {
    /// Unique name.
    pub name: String,
    /// Batches run in order on one database.
    pub batches: Vec<Batch>,
    /// Where it is declared.
    pub span: Span,
}

/// One batch of a test case: the files that land, the params, the expected state after.
#[derive(Clone, Debug)]
pub struct Batch {
    /// Parameter values as written (validated against the parameter types).
    pub params: Vec<(String, String)>,
    /// Directory of the landed files, relative to the pipeline directory.
    pub given: PathBuf,
    /// Expected state after the batch.
    pub expect: Vec<Expectation>,
    /// Where it is declared.
    pub span: Span,
}

/// Expected rows of a table or a query, as CSV with a header.
#[derive(Clone, Debug)]
pub struct Expectation {
    /// What is compared.
    pub subject: Subject,
    /// CSV file with a header naming the compared columns; empty field = NULL.
    pub rows: PathBuf,
    /// Compare row order too.
    pub ordered: bool,
    /// Where it is declared.
    pub span: Span,
}

/// The subject of an [`Expectation`].
#[derive(Clone, Debug)]
pub enum Subject {
    /// The rows of a table (columns named in the CSV header only).
    Table(QualifiedName),
    /// The result of a SELECT (Redshift SQL), e.g. to compare a fact table by natural keys.
    Query(String),
}

/// The warnings a source or step acknowledges (`allow:`), and where: a
/// warning is acknowledged when an entry names its code and its primary
/// span lies inside one of `scope`'s spans (`spec::allow::acknowledge`).
#[derive(Clone, Debug, Default, serde::Serialize, serde::Deserialize)]
pub struct Allows {
    /// The entries, in the order written.
    pub entries: Vec<Allow>,
    /// The source's or step's block in `pipeline.yaml`, and a step's SQL or
    /// PL/SQL (a whole file when the step names one).
    pub scope: Vec<Span>,
}

/// One acknowledged warning code with its reason.
#[derive(Clone, Debug, serde::Serialize, serde::Deserialize)]
pub struct Allow {
    /// A warning's code (never an error's, never `spec::unused-allow`).
    pub code: Code,
    /// Why the warning is acceptable there (not empty).
    pub reason: String,
    /// The entry.
    pub span: Span,
}
