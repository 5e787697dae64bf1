//! Raw shapes of `tables:`, `transforms:` and `tests:`. Mirrors the YAML; see
//! the parent module for the rules.

use schemars::JsonSchema;

use super::{Choice, Entries, Keys, RawAllow, Spanned};
use crate::diag::Span;

/// A list of names with their spans, e.g. key columns.
pub type Names = Spanned<Vec<Spanned<String>>>;

/// A table the pipeline owns.
#[derive(Clone, Debug, JsonSchema)]
#[schemars(rename = "Table", deny_unknown_fields)]
pub struct RawTable {
    /// Columns in order: name -> `type [not null]` or a mapping.
    pub columns: Entries<RawColumn>,
    /// Informational primary key columns.
    pub primary_key: Option<Spanned<Vec<Spanned<String>>>>,
    /// Informational unique keys, each a list of columns.
    pub unique: Option<Spanned<Vec<Names>>>,
    /// Distribution style (default: Redshift's AUTO).
    pub diststyle: Option<Spanned<RawDistStyle>>,
    /// Distribution key column.
    pub distkey: Option<Spanned<String>>,
    /// Compound sort key columns.
    pub sortkey: Option<Spanned<Vec<Spanned<String>>>>,
    /// Include in snapshots (default: false for tables a source loads, else true).
    pub backup: Option<Spanned<bool>>,
    /// The pipeline only reads this table: another pipeline of the project,
    /// or something outside eltc, creates and writes it (default false).
    pub read_only: Option<Spanned<bool>>,
    /// Who may read the table: `SELECT` granted on it in ddl.sql.
    pub grants: Option<RawGrants>,
    /// Where the table is declared (its name).
    #[schemars(skip)]
    pub span: Span,
}
keys!(RawTable: "columns", "primary_key", "unique", "diststyle", "distkey", "sortkey", "backup", "read_only", "grants");

/// Privileges granted on a table.
#[derive(Clone, Debug, JsonSchema)]
#[schemars(rename = "Grants", deny_unknown_fields)]
pub struct RawGrants {
    /// Who may SELECT: `user NAME`, `group NAME` or `role NAME`.
    pub select: Spanned<Vec<Spanned<String>>>,
    /// Where the mapping is written.
    #[schemars(skip)]
    pub span: Span,
}
keys!(RawGrants: "select");

choice! {
    /// DISTSTYLE.
    RawDistStyle as "DistStyle" {
        /// Redshift chooses.
        Auto = "auto",
        /// Round robin.
        Even = "even",
        /// By the distribution key.
        Key = "key",
        /// A copy on every node.
        All = "all",
    }
}

/// A column: `type [not null]`, or a mapping.
#[derive(Clone, Debug, JsonSchema)]
#[schemars(rename = "Column", untagged)]
pub enum RawColumn {
    /// `varchar(20) not null`.
    Short(Spanned<String>),
    /// The mapping form.
    Spec(RawColumnSpec),
}

/// A column with options.
#[derive(Clone, Debug, JsonSchema)]
#[schemars(rename = "ColumnSpec", deny_unknown_fields)]
pub struct RawColumnSpec {
    /// Redshift type, e.g. `numeric(8,2)`.
    #[schemars(rename = "type")]
    pub ty: Spanned<String>,
    /// NOT NULL (default false).
    pub not_null: Option<Spanned<bool>>,
    /// DEFAULT expression, Redshift SQL.
    pub default: Option<Spanned<String>>,
    /// ENCODE compression.
    pub encode: Option<Spanned<RawEncode>>,
    /// IDENTITY(seed, step).
    pub identity: Option<Spanned<[i64; 2]>>,
    /// Where the mapping is written.
    #[schemars(skip)]
    pub span: Span,
}
keys!(RawColumnSpec: "type", "not_null", "default", "encode", "identity");

choice! {
    /// Column compression encoding.
    RawEncode as "Encode" {
        /// AZ64.
        Az64 = "az64",
        /// Byte dictionary.
        Bytedict = "bytedict",
        /// Delta.
        Delta = "delta",
        /// Delta 32k.
        Delta32k = "delta32k",
        /// LZO.
        Lzo = "lzo",
        /// Mostly 8.
        Mostly8 = "mostly8",
        /// Mostly 16.
        Mostly16 = "mostly16",
        /// Mostly 32.
        Mostly32 = "mostly32",
        /// No compression.
        Raw = "raw",
        /// Run length.
        Runlength = "runlength",
        /// Text 255.
        Text255 = "text255",
        /// Text 32k.
        Text32k = "text32k",
        /// Zstandard.
        Zstd = "zstd",
    }
}

/// A transform step: exactly one of `sql`, `query` (with `target` and `strategy`) or `plsql`.
#[derive(Clone, Debug, JsonSchema)]
#[schemars(rename = "Transform", deny_unknown_fields)]
pub struct RawTransform {
    /// Unique step name (an identifier).
    pub name: Spanned<String>,
    /// SQL statements: a file path (`*.sql`) or inline SQL.
    pub sql: Option<Spanned<String>>,
    /// One SELECT written to `target`: a file path or inline SQL.
    pub query: Option<Spanned<String>>,
    /// A PL/SQL block (dialect oracle only): a file path or inline.
    pub plsql: Option<Spanned<String>>,
    /// With `plsql` only: the entry procedure's call in Oracle syntax, its
    /// arguments over binds of params, e.g. `dw.retail_etl.load_day(:day)`.
    /// Without it the unit's one public procedure that no other calls is the
    /// entry, its parameters matched to params by name (`p_<param>`).
    pub call: Option<Spanned<String>>,
    /// The table a `query` writes, `schema.table`.
    pub target: Option<Spanned<String>>,
    /// How a `query`'s rows are written.
    pub strategy: Option<RawStrategy>,
    /// Checks after the step.
    #[schemars(rename = "assert")]
    pub assertions: Option<Spanned<Vec<RawAssertion>>>,
    /// Warnings acknowledged in this step (its block and its SQL or PL/SQL),
    /// each with the reason it is acceptable.
    pub allow: Option<Spanned<Vec<RawAllow>>>,
    /// Where the mapping is written.
    #[schemars(skip)]
    pub span: Span,
    /// The step's whole block, from its first key to its last value.
    #[schemars(skip)]
    pub body: Span,
}
keys!(RawTransform: "name", "sql", "query", "plsql", "call", "target", "strategy", "assert", "allow");

/// How a query's rows are written.
#[derive(Clone, Debug, JsonSchema)]
#[schemars(rename = "Strategy", untagged)]
pub enum RawStrategy {
    /// `replace` or `append`.
    Word(Spanned<RawStrategyWord>),
    /// `{ delete_insert: [cols] }`.
    DeleteInsert(RawDeleteInsert),
    /// `{ merge: [cols] }`.
    Merge(RawMerge),
}

choice! {
    /// A strategy without key columns.
    RawStrategyWord as "StrategyWord" {
        /// Delete every row, then insert.
        Replace = "replace",
        /// Insert.
        Append = "append",
    }
}

/// Delete the target rows whose key values the query returns, then insert.
#[derive(Clone, Debug, JsonSchema)]
#[schemars(rename = "DeleteInsert", deny_unknown_fields)]
pub struct RawDeleteInsert {
    /// Key columns.
    pub delete_insert: Spanned<Vec<Spanned<String>>>,
}
keys!(RawDeleteInsert: "delete_insert");

/// Update matching target rows on the key columns, insert the others.
#[derive(Clone, Debug, JsonSchema)]
#[schemars(rename = "Merge", deny_unknown_fields)]
pub struct RawMerge {
    /// Key columns.
    pub merge: Spanned<Vec<Spanned<String>>>,
}
keys!(RawMerge: "merge");

/// A check after a step.
#[derive(Clone, Debug, JsonSchema)]
#[schemars(rename = "Assertion", untagged)]
pub enum RawAssertion {
    /// The step affected at least `min_rows` rows.
    MinRows(RawMinRows),
    /// No two rows share the key.
    Unique(RawUnique),
    /// A query returns no row.
    NoRows(RawNoRows),
}

/// `{ min_rows, message? }`.
#[derive(Clone, Debug, JsonSchema)]
#[schemars(rename = "MinRows", deny_unknown_fields)]
pub struct RawMinRows {
    /// The minimum.
    pub min_rows: Spanned<u64>,
    /// Message on failure; may use `{param}`.
    pub message: Option<Spanned<String>>,
    /// Where the mapping is written.
    #[schemars(skip)]
    pub span: Span,
}
keys!(RawMinRows: "min_rows", "message");

/// `{ unique: [cols], table?, message? }`.
#[derive(Clone, Debug, JsonSchema)]
#[schemars(rename = "Unique", deny_unknown_fields)]
pub struct RawUnique {
    /// The key columns.
    pub unique: Spanned<Vec<Spanned<String>>>,
    /// The table checked (default: the step's target).
    pub table: Option<Spanned<String>>,
    /// Message on failure; may use `{param}`.
    pub message: Option<Spanned<String>>,
    /// Where the mapping is written.
    #[schemars(skip)]
    pub span: Span,
}
keys!(RawUnique: "unique", "table", "message");

/// `{ no_rows: SELECT, message? }`.
#[derive(Clone, Debug, JsonSchema)]
#[schemars(rename = "NoRows", deny_unknown_fields)]
pub struct RawNoRows {
    /// A SELECT (file path or inline) that must return no row.
    pub no_rows: Spanned<String>,
    /// Message on failure; may use `{param}`.
    pub message: Option<Spanned<String>>,
    /// Where the mapping is written.
    #[schemars(skip)]
    pub span: Span,
}
keys!(RawNoRows: "no_rows", "message");

/// A test case of `eltc test`.
#[derive(Clone, Debug, JsonSchema)]
#[schemars(rename = "Test", deny_unknown_fields)]
pub struct RawTest {
    /// Unique name.
    pub name: Spanned<String>,
    /// Batches run in order on one database.
    pub batches: Spanned<Vec<RawBatch>>,
    /// Where the mapping is written.
    #[schemars(skip)]
    pub span: Span,
}
keys!(RawTest: "name", "batches");

/// One batch: params, landed files, expected state.
#[derive(Clone, Debug, JsonSchema)]
#[schemars(rename = "Batch", deny_unknown_fields)]
pub struct RawBatch {
    /// A value for every declared parameter (dates as YYYY-MM-DD).
    pub params: Entries<Spanned<String>>,
    /// Directory of the landed files.
    pub given: Spanned<String>,
    /// Expected rows after the batch.
    pub expect: Option<Spanned<Vec<RawExpect>>>,
    /// Where the mapping is written.
    #[schemars(skip)]
    pub span: Span,
}
keys!(RawBatch: "params", "given", "expect");

/// Expected rows of a table or a query: exactly one of `table` and `query`.
#[derive(Clone, Debug, JsonSchema)]
#[schemars(rename = "Expect", deny_unknown_fields)]
pub struct RawExpect {
    /// The table compared, `schema.table`.
    pub table: Option<Spanned<String>>,
    /// A SELECT (Redshift SQL) compared.
    pub query: Option<Spanned<String>>,
    /// CSV file with a header naming the compared columns; empty field = NULL.
    pub rows: Spanned<String>,
    /// Compare row order too (default false).
    pub ordered: Option<Spanned<bool>>,
    /// Where the mapping is written.
    #[schemars(skip)]
    pub span: Span,
}
keys!(RawExpect: "table", "query", "rows", "ordered");
