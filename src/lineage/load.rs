//! The loads of the graph, from the model: each column of a source's
//! target table from its field, a constant, the load time or an
//! expression over the fields; a `when` decides the rows.

use std::collections::BTreeSet;
use std::ops::ControlFlow;

use sqlparser::ast::{Expr, Visit, Visitor};

use super::build::StepRef;
use super::{Flow, Graph, Node};
use crate::diag::{SourceMap, Span};
use crate::spec::model::{Pipeline, RecordCondition, Source, SourceTarget, SqlText, Value};

/// One target of a source: each column from its field, constant, load
/// time or expression; a `when` on a field decides the rows.
pub(super) fn load(
    graph: &mut Graph,
    pipeline: &Pipeline,
    source: &Source,
    target: &SourceTarget,
    sources: &SourceMap,
) {
    let step = StepRef {
        pipeline: &pipeline.name,
        name: format!("load {}", source.name),
        span: target.span.clone(),
        sql: None,
    };
    let table = target.table.to_string();
    let field = |name: &str| Node::Field {
        pipeline: pipeline.name.clone(),
        source: source.name.clone(),
        field: name.to_string(),
    };
    let field_span = |name: &str| {
        target
            .fields
            .iter()
            .find(|f| f.name == name)
            .map_or_else(|| target.span.clone(), |f| f.span.clone())
    };
    for value in &target.columns {
        let column = Node::Column {
            table: table.clone(),
            column: value.column.clone(),
        };
        match &value.value {
            Value::Field(name) => {
                graph.edge(field(name), column, Flow::Value, &step, field_span(name));
            }
            Value::Constant(text) => {
                let constant = Node::Constant {
                    text: format!("constant '{text}'"),
                };
                graph.edge(constant, column, Flow::Value, &step, target.span.clone());
            }
            Value::LoadTimestamp => {
                let constant = Node::Constant {
                    text: "load timestamp".into(),
                };
                graph.edge(constant, column, Flow::Value, &step, target.span.clone());
            }
            Value::Expr(sql) => {
                let span = Span::new(sql.file, sql.range.clone());
                for name in expression_fields(pipeline, target, sql, sources) {
                    graph.edge(
                        field(&name),
                        column.clone(),
                        Flow::Value,
                        &step,
                        span.clone(),
                    );
                }
            }
            Value::Null => {}
        }
    }
    match &target.when {
        Some(RecordCondition::Field { name, .. }) => {
            record_condition(graph, &step, &table, target, field(name));
        }
        Some(RecordCondition::Position { start, end, .. }) => {
            let characters = Node::Constant {
                text: format!("characters {start}-{end} of each record of {}", source.name),
            };
            record_condition(graph, &step, &table, target, characters);
        }
        None => {}
    }
}

/// A `when` decides which records load into every column.
fn record_condition(
    graph: &mut Graph,
    step: &StepRef<'_>,
    table: &str,
    target: &SourceTarget,
    field: Node,
) {
    let rows = Node::Rows {
        pipeline: step.pipeline.to_string(),
        step: step.name.clone(),
        table: table.to_string(),
    };
    graph.edge(field, rows.clone(), Flow::Rows, step, target.span.clone());
    for value in &target.columns {
        let column = Node::Column {
            table: table.to_string(),
            column: value.column.clone(),
        };
        graph.edge(rows.clone(), column, Flow::Rows, step, target.span.clone());
    }
}

/// The fields a load expression reads, from its translated tree (`:field`
/// becomes the field's name).
fn expression_fields(
    pipeline: &Pipeline,
    target: &SourceTarget,
    sql: &SqlText,
    sources: &SourceMap,
) -> BTreeSet<String> {
    let text = sources.text(sql.file).get(sql.range.clone()).unwrap_or("");
    let known = |name: &str| {
        target
            .fields
            .iter()
            .any(|f| f.name == name)
            .then(|| name.to_string())
    };
    let (expr, _) = crate::sql::compile_field_expr(pipeline, sql, text, &known);
    let mut names = Identifiers::default();
    if let Some(expr) = expr {
        let _ = expr.visit(&mut names);
    }
    names.0.into_iter().filter(|n| known(n).is_some()).collect()
}

#[derive(Default)]
struct Identifiers(BTreeSet<String>);

impl Visitor for Identifiers {
    type Break = ();

    fn pre_visit_expr(&mut self, expr: &Expr) -> ControlFlow<()> {
        if let Expr::Identifier(ident) = expr {
            self.0.insert(ident.value.clone());
        }
        ControlFlow::Continue(())
    }
}
