//! Transform SQL: parsing (sqlparser, Oracle or Redshift dialect) and the
//! translation of Oracle idioms into Redshift SQL.
//!
//! Only [`parse`] calls sqlparser's parser. Translation works on sqlparser's
//! AST; SQL text out comes from the AST's `Display`, so a rewrite must leave only
//! nodes whose printed form is valid Redshift.

use sqlparser::ast::{Expr, Query, Statement};

use crate::diag::Diagnostic;
use crate::spec::model::{Pipeline, SqlText};

/// A transform's SELECT after translation, ready for a strategy to wrap.
#[derive(Clone, Debug)]
pub struct CompiledQuery {
    /// The query, in Redshift SQL (parameters already bound to `p_<name>` arguments).
    pub query: Query,
    /// The names of its output columns, lower case, in order.
    pub columns: Vec<String>,
    /// The tables it reads, lower case `schema.table`.
    pub reads: Vec<String>,
}

/// Parses and translates a transform's SELECT. `None` when an error was raised.
pub fn compile_query(pipeline: &Pipeline, sql: &SqlText, text: &str) -> (Option<CompiledQuery>, Vec<Diagnostic>) {
    let _ = (pipeline, sql, text);
    todo!("implemented by the SQL work")
}

/// Parses and translates a transform's statements. `None` when an error was raised.
pub fn compile_statements(pipeline: &Pipeline, sql: &SqlText, text: &str) -> (Option<Vec<Statement>>, Vec<Diagnostic>) {
    let _ = (pipeline, sql, text);
    todo!("implemented by the SQL work")
}

/// Parses and translates a source column's expression over raw character fields
/// (`:field` binds become references to the raw columns named by `field_column`).
pub fn compile_field_expr(
    pipeline: &Pipeline,
    sql: &SqlText,
    text: &str,
    field_column: &dyn Fn(&str) -> Option<String>,
) -> (Option<Expr>, Vec<Diagnostic>) {
    let _ = (pipeline, sql, text, field_column);
    todo!("implemented by the SQL work")
}
