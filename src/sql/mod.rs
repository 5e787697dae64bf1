//! Transform SQL: parsing (sqlparser, Oracle or Redshift dialect) and the
//! translation of Oracle idioms into Redshift SQL.
//!
//! Only [`parse`] calls sqlparser's parser. Translation ([`translate`]) works
//! on sqlparser's AST; SQL text out comes from the AST's `Display`, so a
//! rewrite leaves only nodes whose printed form is valid Redshift (and valid
//! PostgreSQL, except SYSDATE which the backend's PostgreSQL adapter maps).
//! The entry points are pure: pipeline and text in, AST and diagnostics out.
//! What is translated, and what is refused, is listed in each rewrite file.

pub mod catalog;
pub mod lint;
pub mod oracle_clauses;
pub(crate) mod oracle_table_attributes;
pub mod parse;
pub mod reserved;
pub mod rowcount;
pub mod script;
pub mod span;
#[doc(hidden)]
pub mod testing;
pub mod translate;
pub mod typing;

use sqlparser::ast::{Expr, Query, Statement};

use crate::diag::{Code, Diagnostic};
use crate::spec::model::{Dialect, Pipeline, SqlText};
use span::SqlSource;
use translate::{Binds, Translator};

pub use parse::check_redshift_parses;

/// A transform's SELECT after translation, ready for a strategy to wrap.
#[derive(Clone, Debug)]
pub struct CompiledQuery {
    /// The query, in Redshift SQL (parameters already bound to `p_<name>` arguments).
    pub query: Query,
    /// The names of its output columns, lower case, in order.
    pub columns: Vec<String>,
    /// Where each output column's expression is, in the same order: the
    /// checks against the target point at the column, not the query.
    pub column_spans: Vec<crate::diag::Span>,
    /// The declared tables it reads, lower case `schema.table`, sorted, no duplicates.
    pub reads: Vec<String>,
}

fn source<'a>(sql: &SqlText, text: &'a str) -> SqlSource<'a> {
    SqlSource::new(sql.file, sql.range.start, text)
}

fn has_errors(diagnostics: &[Diagnostic]) -> bool {
    diagnostics.iter().any(Diagnostic::is_error)
}

/// Parses and translates a transform's SELECT (`query:`, or a `no_rows`
/// assertion) in the pipeline's dialect. `text` is the SQL, i.e.
/// `sources.text(sql.file)[sql.range]`; spans of the diagnostics point into
/// that file. Every output column must have a name (`spec::column-mismatch`
/// otherwise). `None` when an error was raised.
pub fn compile_query(
    pipeline: &Pipeline,
    sql: &SqlText,
    text: &str,
) -> (Option<CompiledQuery>, Vec<Diagnostic>) {
    let source = source(sql, text);
    let (mut statements, mut diagnostics) = parse::parse_statements(&source, pipeline.dialect);
    if !diagnostics.is_empty() {
        return (None, diagnostics);
    }
    let Some(parsed) = statements.pop().filter(|_| statements.is_empty()) else {
        diagnostics.push(
            Diagnostic::new(
                Code::SqlParse,
                source.whole(),
                "a `query` holds exactly one SELECT",
            )
            .label("expected one statement")
            .help("move other statements to an `sql` transform"),
        );
        return (None, diagnostics);
    };
    let Statement::Query(mut query) = parsed.statement else {
        diagnostics.push(
            Diagnostic::new(
                Code::SqlParse,
                source.range(parsed.range),
                "a `query` must be a SELECT",
            )
            .label("not a SELECT")
            .help("use an `sql` transform for INSERT, UPDATE and DELETE"),
        );
        return (None, diagnostics);
    };
    let mut translator = Translator::new(
        pipeline,
        source.clone(),
        pipeline.dialect == Dialect::Oracle,
        Binds::Params,
    );
    translator.statement = parsed.range;
    let outputs = translator.query(&mut query);
    let mut columns = Vec::new();
    let mut column_spans = Vec::new();
    for (index, output) in outputs.into_iter().enumerate() {
        match output.name {
            Some(name) => {
                columns.push(name);
                column_spans.push(output.span);
            }
            None => translator.report(
                Diagnostic::new(
                    Code::ColumnMismatch,
                    output.span,
                    format!("output column {} has no name", index + 1),
                )
                .label("unnamed expression")
                .help("alias it with the target column's name: `expr AS column`"),
            ),
        }
    }
    let reads = translator.reads.iter().cloned().collect();
    let mut diagnostics = translator.diagnostics;
    if !has_errors(&diagnostics) {
        // What Redshift would reject is an error now, not at run time.
        diagnostics.extend(lint::statement(
            &Statement::Query(query.clone()),
            &source.whole(),
        ));
    }
    if has_errors(&diagnostics) {
        return (None, diagnostics);
    }
    (
        Some(CompiledQuery {
            query: *query,
            columns,
            column_spans,
            reads,
        }),
        diagnostics,
    )
}

/// A statement of a transform after translation.
#[derive(Clone, Debug)]
pub struct StepStatement {
    /// The statement, in Redshift SQL.
    pub statement: Statement,
    /// Whether its row count is part of the rows the written statement
    /// touched ([`rowcount::counts_rows`]): false for the staging statements
    /// of an expansion.
    pub counts: bool,
}

/// Parses and translates a transform's statements (INSERT, UPDATE, DELETE),
/// in order. Every statement is checked even when an earlier one fails.
/// `None` when an error was raised.
pub fn compile_statements(
    pipeline: &Pipeline,
    sql: &SqlText,
    text: &str,
) -> (Option<Vec<Statement>>, Vec<Diagnostic>) {
    let (statements, diagnostics) = compile_step_statements(pipeline, sql, text);
    let statements = statements.map(|all| all.into_iter().map(|s| s.statement).collect());
    (statements, diagnostics)
}

/// [`compile_statements`], each statement with whether its row count is
/// part of the step's.
pub fn compile_step_statements(
    pipeline: &Pipeline,
    sql: &SqlText,
    text: &str,
) -> (Option<Vec<StepStatement>>, Vec<Diagnostic>) {
    let source = source(sql, text);
    let (statements, mut diagnostics) = parse::parse_statements(&source, pipeline.dialect);
    let mut out = Vec::new();
    // Staging tables of expanded statements (MERGE, INSERT ALL) are read by
    // the statements after them.
    let mut temps = std::collections::BTreeMap::new();
    for parsed in statements {
        let mut translator = Translator::new(
            pipeline,
            source.clone(),
            pipeline.dialect == Dialect::Oracle,
            Binds::Params,
        );
        translator.statement = parsed.range;
        translator.temps = std::mem::take(&mut temps);
        let merge = matches!(parsed.statement, Statement::Merge(_));
        out.extend(
            translator
                .statements(parsed.statement)
                .into_iter()
                .map(|statement| StepStatement {
                    counts: rowcount::counts_rows(&statement, merge),
                    statement,
                }),
        );
        temps = translator.temps;
        diagnostics.extend(translator.diagnostics);
    }
    if out.is_empty() && diagnostics.is_empty() {
        diagnostics.push(
            Diagnostic::new(
                Code::SqlParse,
                source.whole(),
                "the transform has no statement",
            )
            .label("empty")
            .help("write at least one INSERT, UPDATE or DELETE"),
        );
    }
    if has_errors(&diagnostics) {
        return (None, diagnostics);
    }
    // What Redshift would reject is an error now, not at run time.
    for step in &out {
        diagnostics.extend(lint::statement(&step.statement, &source.whole()));
    }
    if has_errors(&diagnostics) {
        return (None, diagnostics);
    }
    (Some(out), diagnostics)
}

/// Parses and translates a source column's `expr` over the raw character
/// fields of a record: `:field` becomes the raw column `field_column(field)`
/// names (`None`: unknown field, `spec::unknown-column`). Fields are typed as
/// nullable text. `None` when an error was raised.
pub fn compile_field_expr(
    pipeline: &Pipeline,
    sql: &SqlText,
    text: &str,
    field_column: &dyn Fn(&str) -> Option<String>,
) -> (Option<Expr>, Vec<Diagnostic>) {
    let source = source(sql, text);
    let (expr, diagnostics) = parse::parse_expr(&source, pipeline.dialect);
    let Some(mut expr) = expr else {
        return (None, diagnostics);
    };
    let mut translator = Translator::new(
        pipeline,
        source,
        pipeline.dialect == Dialect::Oracle,
        Binds::Fields(field_column),
    );
    translator.expr(&mut expr);
    let diagnostics = translator.diagnostics;
    if has_errors(&diagnostics) {
        return (None, diagnostics);
    }
    (Some(expr), diagnostics)
}
