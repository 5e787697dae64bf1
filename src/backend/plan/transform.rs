//! Transform steps: the SQL layer's translation of each transform, checked
//! against its target and strategy, and its assertions.
//!
//! Checks only possible once a query is compiled live here: every output
//! column exists in the target and every strategy key is an output column
//! (`spec::column-mismatch`). A query may read its own target: it sees the
//! target as it was before the step, its rows staged before any change where
//! the strategy changes the target first (`replace`) or reads them twice
//! (`delete_insert`, `merge`). PL/SQL steps are planned by [`super::plsql`].

use super::plsql::Call;
use super::strategy::{Write, WriteStrategy};
use super::{ColumnName, Sql, TableName};
use crate::diag::{Code, Diagnostic, SourceMap, Span};
use crate::plsql::Procedure;
use crate::spec::model::{
    Assertion, Pipeline, QualifiedName, SqlText, Strategy, Transform, TransformKind,
};
use crate::sql::CompiledQuery;

/// One transform step.
#[derive(Clone, Debug)]
pub struct Step {
    /// The transform's name; the run-log step is `transform:<name>`.
    pub name: String,
    /// What it runs.
    pub kind: StepKind,
    /// The checks after it.
    pub checks: Vec<Check>,
    /// Its SQL in the user's file (the transform's declaration for a
    /// PL/SQL step), where findings on the plan point.
    pub span: Span,
}

/// What a step runs.
#[derive(Clone, Debug)]
pub enum StepKind {
    /// A query written to a target with a strategy ([`super::strategy`]).
    Write(Write),
    /// Statements run in order, each with whether its row count is part of
    /// the step's (not the staging statements of an expanded MERGE).
    Statements(Vec<(Sql, bool)>),
    /// A `plsql` step: the unit's procedures, created before the transform
    /// procedure, and the CALL of its entry. It has no row count.
    Call {
        /// The translated procedures, in the unit's order.
        procedures: Vec<Procedure>,
        /// The CALL.
        call: Call,
    },
}

/// An assertion, failing the batch with RAISE EXCEPTION.
#[derive(Clone, Debug)]
pub enum Check {
    /// The step's row count is at least `min`.
    MinRows {
        /// The minimum.
        min: u64,
        /// The failure message.
        message: Message,
    },
    /// No duplicate values of `columns` in `table`.
    Unique {
        /// The table.
        table: TableName,
        /// The key columns.
        columns: Vec<ColumnName>,
        /// Only values the step's staged rows hold are checked: the rows the
        /// batch wrote against the target, not the whole target again.
        staged: bool,
        /// The failure message.
        message: Message,
    },
    /// The query returns no row.
    NoRows {
        /// The query.
        query: Sql,
        /// The failure message.
        message: Message,
    },
}

/// A failure message: text, run parameters and procedure variables, concatenated.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum MessagePart {
    /// Literal text.
    Text(String),
    /// A run parameter's procedure argument (`p_<name>`).
    Param(String),
    /// A procedure variable holding a count.
    Var(&'static str),
}

/// A message, in parts.
pub type Message = Vec<MessagePart>;

/// Plans `transform`; `None` after an error diagnostic.
pub fn plan_transform(
    pipeline: &Pipeline,
    transform: &Transform,
    sources: &SourceMap,
    out: &mut Vec<Diagnostic>,
) -> Option<Step> {
    let kind = match &transform.kind {
        TransformKind::PlSql { sql, call } => {
            super::plsql::plan_plsql(pipeline, transform, sql, call.as_ref(), sources, out)?
        }
        TransformKind::Statements(sql) => {
            let (statements, diagnostics) =
                crate::sql::compile_step_statements(pipeline, sql, text(sources, sql));
            out.extend(diagnostics);
            StepKind::Statements(
                statements?
                    .into_iter()
                    .map(|s| (Sql::Statement(Box::new(s.statement)), s.counts))
                    .collect(),
            )
        }
        TransformKind::Query {
            sql,
            target,
            strategy,
        } => {
            let (compiled, diagnostics) =
                crate::sql::compile_query(pipeline, sql, text(sources, sql));
            out.extend(diagnostics);
            write_step(pipeline, sql, target, strategy, compiled?, out)?
        }
    };
    let mut kind = kind;
    let mut checks: Vec<Check> = transform
        .assertions
        .iter()
        .filter_map(|assertion| plan_check(pipeline, transform, assertion, sources, out))
        .collect();
    if let StepKind::Write(write) = &mut kind {
        check_staged_rows(write, &mut checks);
    }
    let span = match &transform.kind {
        TransformKind::Statements(sql) | TransformKind::Query { sql, .. } => {
            Span::new(sql.file, sql.range.clone())
        }
        TransformKind::PlSql { .. } => transform.span.clone(),
    };
    Some(Step {
        name: transform.name.clone(),
        kind,
        checks,
        span,
    })
}

fn text<'a>(sources: &'a SourceMap, sql: &SqlText) -> &'a str {
    sources.text(sql.file).get(sql.range.clone()).unwrap_or("")
}

fn write_step(
    pipeline: &Pipeline,
    sql: &SqlText,
    target: &QualifiedName,
    strategy: &Strategy,
    compiled: CompiledQuery,
    out: &mut Vec<Diagnostic>,
) -> Option<StepKind> {
    let span = Span::new(sql.file, sql.range.clone());
    let table = pipeline.table(target)?;
    let before = out.len();
    let missing = compiled
        .columns
        .iter()
        .zip(&compiled.column_spans)
        .filter(|(c, _)| table.column(c).is_none());
    for (column, column_span) in missing {
        let known = table.columns.iter().map(|c| c.name.as_str());
        let help = match crate::diag::closest(column, known) {
            Some(near) => format!("alias the expression as a column of `{target}`, e.g. `{near}`"),
            None => format!(
                "alias the expression as a column of `{target}`, or add the column to the table"
            ),
        };
        out.push(
            Diagnostic::new(
                Code::ColumnMismatch,
                column_span.clone(),
                format!("the query's output column `{column}` is not a column of `{target}`"),
            )
            .label(format!("not a column of `{target}`"))
            .help(help),
        );
    }
    let keys = match strategy {
        Strategy::DeleteInsert(keys) | Strategy::Merge(keys) => keys.clone(),
        Strategy::Replace | Strategy::Append => Vec::new(),
    };
    for key in keys.iter().filter(|k| !compiled.columns.contains(k)) {
        out.push(
            Diagnostic::new(
                Code::ColumnMismatch,
                span.clone(),
                format!("the strategy key `{key}` is not an output column of the query"),
            )
            .label("this query")
            .help(format!(
                "select `{key}` in the query: the strategy matches target rows on it"
            )),
        );
    }
    if out.len() > before {
        return None;
    }
    let reads_target = compiled.reads.contains(&target.to_string());
    let strategy = match strategy {
        Strategy::Replace => WriteStrategy::Replace,
        Strategy::Append => WriteStrategy::Append,
        Strategy::DeleteInsert(_) => WriteStrategy::DeleteInsert,
        Strategy::Merge(_) => WriteStrategy::Merge,
    };
    Some(StepKind::Write(Write {
        target: TableName::from(target),
        strategy,
        columns: compiled
            .columns
            .iter()
            .map(|c| ColumnName(c.clone()))
            .collect(),
        keys: keys.iter().map(|k| ColumnName(k.clone())).collect(),
        query: Sql::Query(Box::new(compiled.query)),
        // `replace` empties the target before it inserts: a query reading
        // the target is staged first, so it sees the rows it replaces.
        staged: strategy.stages() || (strategy == WriteStrategy::Replace && reads_target),
    }))
}

/// A `unique` assertion on the step's target whose columns the query
/// writes checks only the values of the rows the step wrote: a duplicate
/// the batch brings has one of them, and the rows of earlier batches passed
/// the check then. `append` stages its rows for it; `replace` leaves only
/// the batch's rows in the target, so its check stays whole.
fn check_staged_rows(write: &mut Write, checks: &mut [Check]) {
    if write.strategy == WriteStrategy::Replace {
        return;
    }
    for check in checks {
        if let Check::Unique {
            table,
            columns,
            staged,
            ..
        } = check
            && *table == write.target
            && columns.iter().all(|c| write.columns.contains(c))
        {
            *staged = true;
            write.staged = true;
        }
    }
}

fn plan_check(
    pipeline: &Pipeline,
    transform: &Transform,
    assertion: &Assertion,
    sources: &SourceMap,
    out: &mut Vec<Diagnostic>,
) -> Option<Check> {
    let name = &transform.name;
    match assertion {
        Assertion::MinRows { min, message, .. } => Some(Check::MinRows {
            min: *min,
            message: message.as_deref().map_or_else(
                || {
                    vec![
                        MessagePart::Text(format!("transform {name} wrote ")),
                        MessagePart::Var("v_rows"),
                        MessagePart::Text(format!(" rows, fewer than {min}")),
                    ]
                },
                |m| parse_message(pipeline, m),
            ),
        }),
        Assertion::Unique {
            table,
            columns,
            message,
            ..
        } => Some(Check::Unique {
            table: TableName::from(table),
            columns: columns.iter().map(|c| ColumnName(c.clone())).collect(),
            staged: false,
            message: message.as_deref().map_or_else(
                || {
                    vec![
                        MessagePart::Text(format!("after transform {name}, {table} has ")),
                        MessagePart::Var("v_count"),
                        MessagePart::Text(format!(" duplicate values of ({})", columns.join(", "))),
                    ]
                },
                |m| parse_message(pipeline, m),
            ),
        }),
        Assertion::NoRows { sql, message, .. } => {
            let (compiled, diagnostics) =
                crate::sql::compile_query(pipeline, sql, text(sources, sql));
            out.extend(diagnostics);
            Some(Check::NoRows {
                query: Sql::Query(Box::new(compiled?.query)),
                message: message.as_deref().map_or_else(
                    || {
                        vec![
                            MessagePart::Text(format!(
                                "the no_rows check of transform {name} returned "
                            )),
                            MessagePart::Var("v_count"),
                            MessagePart::Text(" rows".into()),
                        ]
                    },
                    |m| parse_message(pipeline, m),
                ),
            })
        }
    }
}

/// Splits `{param}` captures out of a message; braces around anything else stay text.
pub fn parse_message(pipeline: &Pipeline, message: &str) -> Message {
    let mut parts = Vec::new();
    let mut text = String::new();
    let mut rest = message;
    while let Some(open) = rest.find('{') {
        let close = rest[open..].find('}').map(|c| open + c);
        match close.and_then(|c| pipeline.param(&rest[open + 1..c]).map(|p| (c, p))) {
            Some((close, param)) => {
                text.push_str(&rest[..open]);
                if !text.is_empty() {
                    parts.push(MessagePart::Text(std::mem::take(&mut text)));
                }
                parts.push(MessagePart::Param(param.argument()));
                rest = &rest[close + 1..];
            }
            None => {
                text.push_str(&rest[..=open]);
                rest = &rest[open + 1..];
            }
        }
    }
    text.push_str(rest);
    if !text.is_empty() {
        parts.push(MessagePart::Text(text));
    }
    parts
}
