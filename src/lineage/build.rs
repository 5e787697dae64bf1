//! The graph of pipelines and their plans: loads ([`super::load`]), transform
//! steps from the plan's statement trees, assertions from the plan's checks.

use std::collections::BTreeSet;

use sqlparser::ast::Spanned;
use sqlparser::tokenizer::Span as SqlSpan;

use super::load::load;
use super::query::{Analyzer, Catalog, Origin, Origins};
use super::statement::{Effect, effects, write_rows};
use super::{Flow, Graph, Node, NotFollowed};
use crate::backend::plan::strategy::{Write, WriteStrategy};
use crate::backend::plan::transform::{Check, Step, StepKind};
use crate::backend::plan::{Plan, Sql};
use crate::diag::{SourceMap, Span};
use crate::plsql::Procedure;
use crate::plsql::pgsql::Stmt;
use crate::spec::model::{Assertion, Pipeline, TransformKind};
use crate::sql::span::SqlSource;

/// The step an edge belongs to, and how its SQL positions map to files.
pub(super) struct StepRef<'a> {
    pub(super) pipeline: &'a str,
    pub(super) name: String,
    /// The step's span, where a node without a position points.
    pub(super) span: Span,
    /// The step's SQL, to place sqlparser positions in its file.
    pub(super) sql: Option<SqlSource<'a>>,
}

impl StepRef<'_> {
    /// A sqlparser position as a file span; the step's span when the node
    /// was built by a rewrite (no position) or comes from PL/SQL.
    fn at(&self, at: SqlSpan) -> Span {
        self.sql
            .as_ref()
            .and_then(|sql| sql.span(at))
            .unwrap_or_else(|| self.span.clone())
    }
}

pub(super) fn graph(pipelines: &[(&Pipeline, &Plan)], sources: &SourceMap) -> Graph {
    let mut graph = Graph::default();
    for (pipeline, plan) in pipelines {
        for table in &pipeline.tables {
            graph.tables.insert(
                table.name.to_string(),
                table.columns.iter().map(|c| c.name.clone()).collect(),
            );
            graph
                .declared
                .insert(table.name.to_string(), table.span.clone());
        }
        for table in &plan.tables {
            graph
                .tables
                .entry(format!("{}.{}", table.schema, table.name))
                .or_insert_with(|| table.columns.iter().map(|c| c.name.clone()).collect());
        }
    }
    for (pipeline, plan) in pipelines {
        let catalog = Catalog {
            tables: graph.tables.clone(),
            params: plan
                .params
                .iter()
                .map(|p| (p.argument.clone(), p.name.clone()))
                .collect(),
        };
        for source in &pipeline.sources {
            for target in &source.into {
                load(&mut graph, pipeline, source, target, sources);
            }
        }
        for step in &plan.steps {
            transform(&mut graph, pipeline, step, &catalog, sources);
        }
    }
    graph
}

fn origin_node(pipeline: &str, origin: Origin) -> Node {
    match origin {
        Origin::Column { table, column } => Node::Column { table, column },
        Origin::Param(name) => Node::Param {
            pipeline: pipeline.to_string(),
            name,
        },
    }
}

/// One transform step: its statements or write, then its checks.
fn transform(
    graph: &mut Graph,
    pipeline: &Pipeline,
    step: &Step,
    catalog: &Catalog,
    sources: &SourceMap,
) {
    let transform = pipeline.transforms.iter().find(|t| t.name == step.name);
    let sql = transform.and_then(|t| match &t.kind {
        TransformKind::Statements(sql) | TransformKind::Query { sql, .. } => Some(sql),
        TransformKind::PlSql { .. } => None,
    });
    let at = StepRef {
        pipeline: &pipeline.name,
        name: format!("transform {}", step.name),
        span: step.span.clone(),
        sql: sql.map(|sql| {
            let text = sources.text(sql.file).get(sql.range.clone()).unwrap_or("");
            SqlSource::new(sql.file, sql.range.start, text)
        }),
    };
    let mut analyzer = Analyzer::new(catalog);
    let mut written = Vec::new();
    match &step.kind {
        StepKind::Write(write) => {
            let found = write_effects(&mut analyzer, write);
            written.extend(apply(graph, &at, step.span.clone(), found));
        }
        StepKind::Statements(statements) => {
            for (sql, _) in statements {
                let Sql::Statement(statement) = sql else {
                    continue;
                };
                let span = at.at(statement.span());
                let found = effects(&mut analyzer, statement);
                written.extend(apply(graph, &at, span, found));
            }
        }
        StepKind::Call { procedures, call } => {
            bind_call(&mut analyzer, procedures, call);
            for procedure in procedures {
                written.extend(procedure_effects(graph, &at, &mut analyzer, procedure));
            }
        }
    }
    if !analyzer.unresolved.is_empty() {
        let names: Vec<&str> = analyzer.unresolved.iter().map(String::as_str).collect();
        graph.not_followed.push(NotFollowed {
            pipeline: pipeline.name.clone(),
            step: at.name.clone(),
            what: format!(
                "names that are no column or param in scope (PL/SQL variables or record fields, whose values are not traced): {}",
                names.join(", ")
            ),
            span: step.span.clone(),
        });
    }
    checks(
        graph,
        &at,
        step,
        transform.map(|t| t.assertions.as_slice()),
        catalog,
        &written,
    );
}

/// The SQL statements of one procedure of a PL/SQL step, in order (its
/// positions are the procedure's: PL/SQL statements carry none of their
/// own); its dynamic SQL is listed as not followed.
fn procedure_effects(
    graph: &mut Graph,
    at: &StepRef<'_>,
    analyzer: &mut Analyzer<'_>,
    procedure: &Procedure,
) -> Vec<Node> {
    let step = StepRef {
        span: procedure.span.clone(),
        sql: None,
        pipeline: at.pipeline,
        name: at.name.clone(),
    };
    let mut written = Vec::new();
    for statement in procedure.body.sql_statements() {
        let found = effects(analyzer, &statement);
        written.extend(apply(graph, &step, procedure.span.clone(), found));
    }
    if executes(&procedure.body.body) || procedure.body.handler.as_deref().is_some_and(executes) {
        graph.not_followed.push(NotFollowed {
            pipeline: at.pipeline.to_string(),
            step: at.name.clone(),
            what: format!("dynamic SQL (EXECUTE) in procedure {}", procedure.name),
            span: procedure.span.clone(),
        });
    }
    written
}

/// A write step: the query's columns into the target's, what the query's
/// conditions decide, and for `delete_insert` and `merge` the keys, which
/// decide the target rows deleted or updated.
fn write_effects(analyzer: &mut Analyzer<'_>, write: &Write) -> Vec<Effect> {
    let Sql::Query(query) = &write.query else {
        return vec![Effect::NotFollowed("a query eltc wrote as text".into())];
    };
    let target = format!("{}.{}", write.target.schema, write.target.name);
    let columns: Vec<String> = write.columns.iter().map(|c| c.0.clone()).collect();
    let derived = analyzer.query(query, None);
    let keys: Origins = write
        .keys
        .iter()
        .map(|k| k.0.clone())
        .flat_map(|key| {
            let output = columns
                .iter()
                .position(|c| *c == key)
                .and_then(|i| derived.columns.get(i))
                .map(|o| o.origins.clone())
                .unwrap_or_default();
            let mut origins = output;
            origins.insert(Origin::Column {
                table: target.clone(),
                column: key,
            });
            origins
        })
        .collect();
    let mut found = write_rows(analyzer, &target, &columns, derived);
    if !keys.is_empty() {
        let decided = match write.strategy {
            // The rows deleted by key lose every column.
            WriteStrategy::DeleteInsert => analyzer.table_columns(&target).unwrap_or_default(),
            WriteStrategy::Merge | WriteStrategy::Replace | WriteStrategy::Append => columns,
        };
        found.push(Effect::Rows {
            table: target,
            columns: decided,
            origins: keys,
            at: SqlSpan::empty(),
        });
    }
    found
}

/// Records effects as edges; returns the rows nodes written.
fn apply(graph: &mut Graph, step: &StepRef<'_>, span: Span, found: Vec<Effect>) -> Vec<Node> {
    let mut rows_nodes = Vec::new();
    for effect in found {
        match effect {
            Effect::Value {
                table,
                column,
                origins,
                at,
            } => {
                let at = step
                    .sql
                    .as_ref()
                    .and_then(|s| s.span(at))
                    .unwrap_or_else(|| span.clone());
                let target = Node::Column { table, column };
                for origin in origins {
                    let from = origin_node(step.pipeline, origin);
                    graph.edge(from, target.clone(), Flow::Value, step, at.clone());
                }
            }
            Effect::Rows {
                table,
                columns,
                origins,
                at,
            } => {
                let at = step
                    .sql
                    .as_ref()
                    .and_then(|s| s.span(at))
                    .unwrap_or_else(|| span.clone());
                // Rows nothing decides (every row of the query) need no node.
                if origins.is_empty() {
                    continue;
                }
                let rows = Node::Rows {
                    pipeline: step.pipeline.to_string(),
                    step: step.name.clone(),
                    table: table.clone(),
                };
                rows_nodes.push(rows.clone());
                for origin in origins {
                    let from = origin_node(step.pipeline, origin);
                    graph.edge(from, rows.clone(), Flow::Rows, step, at.clone());
                }
                for column in columns {
                    let to = Node::Column {
                        table: table.clone(),
                        column,
                    };
                    graph.edge(rows.clone(), to, Flow::Rows, step, at.clone());
                }
            }
            Effect::NotFollowed(what) => graph.not_followed.push(NotFollowed {
                pipeline: step.pipeline.to_string(),
                step: step.name.clone(),
                what,
                span: span.clone(),
            }),
        }
    }
    rows_nodes
}

/// The entry procedure's parameters take the origins of the CALL's
/// arguments: the run params each one reads (`CAST(p_<param> AS type)`, or
/// a translated expression over params), found by the identifiers it holds.
fn bind_call(
    analyzer: &mut Analyzer<'_>,
    procedures: &[Procedure],
    call: &crate::backend::plan::plsql::Call,
) {
    let Some(entry) = procedures.iter().find(|p| p.name == call.procedure) else {
        return;
    };
    for (param, argument) in entry.params.iter().zip(&call.arguments) {
        let Sql::Expr(expr) = argument else { continue };
        let mut words = BTreeSet::new();
        let _ = sqlparser::ast::visit_expressions(&**expr, |e| {
            if let sqlparser::ast::Expr::Identifier(ident) = e {
                words.insert(ident.value.to_lowercase());
            }
            std::ops::ControlFlow::<()>::Continue(())
        });
        let origins: Origins = analyzer
            .catalog
            .params
            .iter()
            .filter(|(argument, _)| words.contains(&argument.to_lowercase()))
            .map(|(_, name)| Origin::Param(name.clone()))
            .collect();
        analyzer.variables.insert(param.name.clone(), origins);
    }
}

/// Whether PL/SQL statements run dynamic SQL, at any depth. The PL/SQL
/// translation turns an EXECUTE IMMEDIATE of a literal into its statement
/// and refuses text built at run time (`plsql::dynamic-sql`), so a checked
/// plan holds none today; should one come, it is listed, not skipped.
fn executes(stmts: &[Stmt]) -> bool {
    stmts.iter().any(|stmt| match stmt {
        Stmt::Execute { .. } => true,
        Stmt::If {
            branches,
            otherwise,
        } => {
            branches.iter().any(|(_, body)| executes(body))
                || otherwise.as_deref().is_some_and(executes)
        }
        Stmt::Case {
            whens, otherwise, ..
        } => {
            whens.iter().any(|(_, body)| executes(body))
                || otherwise.as_deref().is_some_and(executes)
        }
        Stmt::Loop { body, .. }
        | Stmt::While { body, .. }
        | Stmt::ForRange { body, .. }
        | Stmt::ForQuery { body, .. } => executes(body),
        Stmt::Block(block) => {
            executes(&block.body) || block.handler.as_deref().is_some_and(executes)
        }
        _ => false,
    })
}

/// A step's checks: a `unique` reads its columns, a `no_rows` everything
/// its query reads, a `min_rows` the step's row count, so what decides the
/// rows the step writes.
fn checks(
    graph: &mut Graph,
    at: &StepRef<'_>,
    step: &Step,
    assertions: Option<&[Assertion]>,
    catalog: &Catalog,
    written: &[Node],
) {
    for (i, check) in step.checks.iter().enumerate() {
        let span = assertions
            .and_then(|a| a.get(i))
            .map_or_else(|| step.span.clone(), assertion_span);
        let assertion = |what: String| Node::Assertion {
            pipeline: at.pipeline.to_string(),
            step: at.name.clone(),
            what,
        };
        match check {
            Check::MinRows { min, .. } => {
                let node = assertion(format!("min_rows {min}"));
                for rows in written {
                    graph.edge(rows.clone(), node.clone(), Flow::Check, at, span.clone());
                }
            }
            Check::Unique { table, columns, .. } => {
                let table = format!("{}.{}", table.schema, table.name);
                let columns: Vec<String> = columns.iter().map(|c| c.0.clone()).collect();
                let node = assertion(format!("unique ({}) on {table}", columns.join(", ")));
                for column in columns {
                    let from = Node::Column {
                        table: table.clone(),
                        column,
                    };
                    graph.edge(from, node.clone(), Flow::Check, at, span.clone());
                }
            }
            Check::NoRows { query, .. } => {
                let node = assertion("no_rows".into());
                let Sql::Query(query) = query else { continue };
                let mut analyzer = Analyzer::new(catalog);
                let read = analyzer.query(query, None).all();
                for origin in read {
                    let from = origin_node(at.pipeline, origin);
                    graph.edge(from, node.clone(), Flow::Check, at, span.clone());
                }
            }
        }
    }
}

fn assertion_span(assertion: &Assertion) -> Span {
    match assertion {
        Assertion::MinRows { span, .. }
        | Assertion::Unique { span, .. }
        | Assertion::NoRows { span, .. } => span.clone(),
    }
}

/// The statements of a step a test can build by hand.
#[cfg(test)]
pub(super) fn statements_graph(
    catalog: &Catalog,
    statements: &[sqlparser::ast::Statement],
    span: Span,
) -> Graph {
    let mut graph = Graph {
        tables: catalog.tables.clone(),
        ..Graph::default()
    };
    let at = StepRef {
        pipeline: "p",
        name: "transform t".into(),
        span,
        sql: None,
    };
    let mut analyzer = Analyzer::new(catalog);
    for statement in statements {
        let found = effects(&mut analyzer, statement);
        apply(&mut graph, &at, at.span.clone(), found);
    }
    if !analyzer.unresolved.is_empty() {
        graph.not_followed.push(NotFollowed {
            pipeline: "p".into(),
            step: at.name.clone(),
            what: format!("unresolved: {:?}", analyzer.unresolved),
            span: at.span.clone(),
        });
    }
    graph
}
