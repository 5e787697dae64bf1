//! The tables of ddl.sql: the declared ones, the raw tables of staged sources,
//! and eltc's run log.
//!
//! The run log (`<schema>.eltc_run_log`) is written by both procedures because
//! the Redshift Data API does not return RAISE INFO output: one row per step,
//! `pipeline` and `step` naming it (`load:<source>`, `load:<source>:<table>`,
//! `transform:<name>`), `row_count` its rows, `params` the run's parameters as
//! `name=value` text, and `logged_at` = SYSDATE, the start of the transaction,
//! so every row of one batch carries the same value and identifies the run
//! (the runtime finds a run's rows by it). `started_at` and `ended_at` are
//! the statement clock before and after the step (GETDATE() on Redshift,
//! <https://docs.aws.amazon.com/redshift/latest/dg/r_GETDATE.html>): their
//! difference is the step's duration. They may be NULL (rows written by the
//! Glue job).

use sqlparser::ast::Expr;

use super::RUN_LOG_TABLE;
use super::load::SourceLoad;
use crate::diag::{Code, Diagnostic};
use crate::spec::model::{Column, DataType, Dialect, DistStyle, Grantee, Pipeline};
use crate::sql::parse::parse_synthetic_expr;

/// A table to create.
#[derive(Clone, Debug)]
pub struct PlanTable {
    /// Schema.
    pub schema: String,
    /// Table name.
    pub name: String,
    /// Why eltc owns it, for tables the spec does not declare.
    pub note: Option<String>,
    /// Columns in order.
    pub columns: Vec<PlanColumn>,
    /// Informational primary key.
    pub primary_key: Vec<String>,
    /// Informational unique keys.
    pub unique: Vec<Vec<String>>,
    /// DISTSTYLE.
    pub diststyle: Option<DistStyle>,
    /// DISTKEY.
    pub distkey: Option<String>,
    /// Compound sort key.
    pub sortkey: Vec<String>,
    /// False for BACKUP NO.
    pub backup: bool,
    /// The pipeline only reads the table: its owner creates it, so ddl.sql
    /// does not (except in a target's test form, [`crate::target::Target::creates_read_only_tables`]).
    pub read_only: bool,
    /// Who is granted SELECT on it.
    pub select_grants: Vec<Grantee>,
}

/// A column to create.
#[derive(Clone, Debug)]
pub struct PlanColumn {
    /// Name.
    pub name: String,
    /// Type.
    pub ty: DataType,
    /// NOT NULL.
    pub not_null: bool,
    /// DEFAULT expression, read from the spec's Redshift SQL.
    pub default: Option<Expr>,
    /// ENCODE, lower case.
    pub encode: Option<String>,
    /// IDENTITY(seed, step).
    pub identity: Option<(i64, i64)>,
}

impl PlanColumn {
    fn plain(name: &str, ty: DataType) -> Self {
        Self {
            name: name.into(),
            ty,
            not_null: false,
            default: None,
            encode: None,
            identity: None,
        }
    }
}

/// Declared tables in order, then raw tables, then the run log.
pub fn plan_tables(
    pipeline: &Pipeline,
    loads: &[SourceLoad],
    out: &mut Vec<Diagnostic>,
) -> Vec<PlanTable> {
    let mut tables: Vec<PlanTable> = pipeline
        .tables
        .iter()
        .map(|table| PlanTable {
            schema: table.name.schema.clone(),
            name: table.name.name.clone(),
            note: None,
            columns: table
                .columns
                .iter()
                .map(|c| PlanColumn {
                    name: c.name.clone(),
                    ty: c.ty,
                    not_null: c.not_null,
                    default: c
                        .default
                        .as_deref()
                        .and_then(|text| default_expr(c, text, out)),
                    encode: c.encode.clone(),
                    identity: c.identity,
                })
                .collect(),
            primary_key: table.primary_key.clone(),
            unique: table.unique.clone(),
            diststyle: table.diststyle,
            distkey: table.distkey.clone(),
            sortkey: table.sortkey.clone(),
            backup: table.backup,
            read_only: table.read_only,
            select_grants: table.select_grants.clone(),
        })
        .collect();
    for load in loads {
        if let Some(raw) = &load.raw {
            tables.push(PlanTable {
                schema: raw.schema.clone(),
                name: raw.name.clone(),
                note: Some(format!(
                    "raw fields of source `{}`, loaded by COPY and converted by INSERT ... SELECT",
                    load.source
                )),
                columns: raw
                    .columns
                    .iter()
                    .map(|c| PlanColumn::plain(c, DataType::Varchar(65535)))
                    .collect(),
                primary_key: Vec::new(),
                unique: Vec::new(),
                diststyle: Some(DistStyle::Even),
                distkey: None,
                sortkey: Vec::new(),
                backup: false,
                read_only: false,
                select_grants: Vec::new(),
            });
        }
    }
    tables.push(run_log(&pipeline.redshift.schema));
    tables
}

fn run_log(schema: &str) -> PlanTable {
    PlanTable {
        schema: schema.into(),
        name: RUN_LOG_TABLE.into(),
        note: Some("eltc's run log: one row per load and transform step (shared by the pipelines of this schema)".into()),
        columns: vec![
            PlanColumn { not_null: true, ..PlanColumn::plain("pipeline", DataType::Varchar(127)) },
            PlanColumn { not_null: true, ..PlanColumn::plain("step", DataType::Varchar(127)) },
            PlanColumn::plain("row_count", DataType::BigInt),
            PlanColumn::plain("params", DataType::Varchar(4096)),
            PlanColumn { not_null: true, ..PlanColumn::plain("logged_at", DataType::Timestamp) },
            PlanColumn::plain("started_at", DataType::Timestamp),
            PlanColumn::plain("ended_at", DataType::Timestamp),
        ],
        primary_key: Vec::new(),
        unique: Vec::new(),
        diststyle: Some(DistStyle::Even),
        distkey: None,
        sortkey: vec!["logged_at".into()],
        backup: true,
        read_only: false,
        select_grants: Vec::new(),
    }
}

/// A column's `default:` (Redshift SQL written in the spec) as a tree, or an
/// error when it is not one expression.
fn default_expr(column: &Column, text: &str, out: &mut Vec<Diagnostic>) -> Option<Expr> {
    match parse_synthetic_expr(text, Dialect::Redshift) {
        Ok(expr) => Some(expr),
        Err(error) => {
            out.push(
                Diagnostic::new(Code::InvalidValue, column.span.clone(), format!("the default of column `{}` is not one SQL expression: {error}", column.name))
                    .label("this column's default")
                    .help("write one Redshift expression, e.g. `default: GETDATE()` or `default: \"'n/a'\"`"),
            );
            None
        }
    }
}
