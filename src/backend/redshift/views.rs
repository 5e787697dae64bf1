//! The view structs the templates render: plain strings and lists, built from
//! the plan for one engine. Every SQL fragment in a view is final text for that
//! engine; the templates only lay it out.

use serde::Serialize;

/// Header lines common to every file.
#[derive(Serialize)]
pub struct HeaderView {
    /// Pipeline name.
    pub pipeline: String,
    /// The spec file, `<dir>/pipeline.yaml`.
    pub spec: String,
    /// Extra header lines (the PostgreSQL form says what it is).
    pub notes: Vec<String>,
}

/// ddl.sql.
#[derive(Serialize)]
pub struct DdlView {
    /// Header.
    pub header: HeaderView,
    /// Schemas to create.
    pub schemas: Vec<String>,
    /// GRANT USAGE ON SCHEMA statements (no semicolon).
    pub schema_grants: Vec<String>,
    /// Tables to create.
    pub tables: Vec<TableView>,
}

/// One CREATE TABLE.
#[derive(Serialize)]
pub struct TableView {
    /// Qualified name.
    pub name: String,
    /// A comment line above it.
    pub note: Option<String>,
    /// Columns.
    pub columns: Vec<ColumnView>,
    /// Table constraints (PRIMARY KEY, UNIQUE), complete clauses.
    pub constraints: Vec<String>,
    /// `BACKUP NO`.
    pub backup_no: bool,
    /// DISTSTYLE keyword.
    pub diststyle: Option<String>,
    /// DISTKEY column.
    pub distkey: Option<String>,
    /// Sort key columns (SORTKEY with columns is compound).
    pub sortkey: Vec<String>,
    /// GRANT statements on the table (no semicolon).
    pub grants: Vec<String>,
}

/// One column definition.
#[derive(Serialize)]
pub struct ColumnView {
    /// Name.
    pub name: String,
    /// Type.
    pub ty: String,
    /// DEFAULT expression.
    pub default: Option<String>,
    /// Identity clause, complete (`IDENTITY(1, 1)`).
    pub identity: Option<String>,
    /// ENCODE keyword.
    pub encode: Option<String>,
    /// NOT NULL.
    pub not_null: bool,
}

/// What both procedures share.
#[derive(Serialize)]
pub struct ProcedureView {
    /// Header.
    pub header: HeaderView,
    /// Qualified procedure name.
    pub name: String,
    /// Argument declarations.
    pub arguments: Vec<String>,
    /// Expression building the `params` text of the run log.
    pub params_text: String,
    /// The run-log table.
    pub run_log: String,
    /// The pipeline name as a literal.
    pub pipeline: String,
    /// The run-log batch time expression (the transaction's start).
    pub log_time: String,
    /// The statement clock, for each step's start and end.
    pub clock: &'static str,
    /// GRANT EXECUTE statements on it (no semicolon).
    pub grants: Vec<String>,
}

/// load.sql.
#[derive(Serialize)]
pub struct LoadView {
    /// The procedure.
    pub procedure: ProcedureView,
    /// Tables emptied first.
    pub clears: Vec<String>,
    /// One per source.
    pub loads: Vec<LoadStepView>,
    /// The CALL of the transform procedure (without CALL and `;`).
    pub call: String,
}

/// The load of one source.
#[derive(Serialize)]
pub struct LoadStepView {
    /// Source name.
    pub source: String,
    /// What it loads and how, for the comment line.
    pub comment: String,
    /// Run-log step literal.
    pub step: String,
    /// Literal: the COPY text before the URL (`'COPY t (c) FROM '`).
    pub copy_head: String,
    /// SQL expression appended to `copy_head`: where the rows come from
    /// (`quote_literal(p_landing || '<manifest>')` for Redshift).
    pub copy_from: String,
    /// Literals appended after `copy_from`, one option each.
    pub copy_options: Vec<String>,
    /// INSERT ... SELECT per target of a staged source.
    pub inserts: Vec<InsertView>,
}

/// One INSERT ... SELECT from a raw table.
#[derive(Serialize)]
pub struct InsertView {
    /// Target.
    pub table: String,
    /// Run-log step literal.
    pub step: String,
    /// Columns.
    pub columns: Vec<String>,
    /// Values, same order.
    pub values: Vec<String>,
    /// Raw table.
    pub from: String,
    /// WHERE condition.
    pub filter: Option<String>,
}

/// transform.sql.
#[derive(Serialize)]
pub struct TransformView {
    /// The procedures translated from `plsql` steps, each a complete
    /// `CREATE OR REPLACE PROCEDURE` statement, created first.
    pub procedures: Vec<String>,
    /// GRANT EXECUTE statements on those procedures (no semicolon).
    pub procedure_grants: Vec<String>,
    /// The procedure.
    pub procedure: ProcedureView,
    /// The steps, each printed ([`super::steps`]).
    pub steps: Vec<String>,
}
