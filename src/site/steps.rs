//! The steps of a pipeline's page: each transform's SQL as written beside
//! the Redshift eltc generates for it (the step as the transform procedure
//! runs it: strategy, row count, run-log row, assertions), and the list of
//! assertions for the tests section.

use std::fmt::Write as _;

use sqlparser::ast::{Expr, Ident};

use super::html::{anchor, code_block, esc, local};
use super::pipeline::dialect;
use crate::backend::plan::transform::StepKind;
use crate::backend::plan::{Plan, RUN_LOG_TABLE};
use crate::backend::redshift::steps::{RunLog, print_step};
use crate::diag::SourceMap;
use crate::spec::model::{Assertion, Pipeline, SqlText, Strategy, Transform, TransformKind};
use crate::target::{REDSHIFT, Target, qualified};

/// The steps section.
pub(super) fn section(pipeline: &Pipeline, plan: &Plan, sources: &SourceMap) -> String {
    let mut out = String::from("<section id=\"steps\">\n<h2>Steps</h2>\n");
    if pipeline.transforms.is_empty() {
        out.push_str("<p>No transform step.</p>\n");
    }
    for (number, transform) in pipeline.transforms.iter().enumerate() {
        out.push_str(&step(number + 1, transform, pipeline, plan, sources));
    }
    out.push_str("</section>\n");
    out
}

fn step(
    number: usize,
    transform: &Transform,
    pipeline: &Pipeline,
    plan: &Plan,
    sources: &SourceMap,
) -> String {
    let mut out = format!(
        "<article class=\"card\" id=\"{}\">\n<h3>{number}. step {}</h3>\n",
        anchor("step", &transform.name),
        esc(&transform.name)
    );
    let (sql, what) = match &transform.kind {
        TransformKind::Query {
            sql,
            target,
            strategy,
        } => {
            let name = target.to_string();
            let what = format!(
                "a query written to {} ({})",
                local(&anchor("t", &name), &name),
                strategy_text(strategy)
            );
            (sql, what)
        }
        TransformKind::Statements(sql) => (sql, "SQL statements, run in order".to_string()),
        TransformKind::PlSql { sql, .. } => (
            sql,
            "PL/SQL, translated into Redshift procedures and called".to_string(),
        ),
    };
    let _ = writeln!(out, "<p>{what}</p>");
    let assertions: Vec<String> = transform.assertions.iter().map(assertion_text).collect();
    if !assertions.is_empty() {
        let _ = writeln!(out, "<p>then checks: {}</p>", assertions.join("; "));
    }
    out.push_str("<div class=\"side\">\n<figure>\n");
    let _ = writeln!(
        out,
        "<figcaption>{}, as written: <code>{}</code></figcaption>",
        dialect(pipeline),
        esc(&shown_path(sql, pipeline, sources))
    );
    out.push_str(&code_block(written(sql, sources).trim_end()));
    out.push_str("</figure>\n<figure>\n<figcaption>Redshift, as generated</figcaption>\n");
    out.push_str(&code_block(&generated(&transform.name, plan)));
    out.push_str("</figure>\n</div>\n</article>\n");
    out
}

/// The SQL text as the user wrote it.
fn written<'a>(sql: &SqlText, sources: &'a SourceMap) -> &'a str {
    sources.text(sql.file).get(sql.range.clone()).unwrap_or("")
}

/// The file holding `sql`, relative to the pipeline's directory (so that
/// the page is the same from wherever eltc runs).
fn shown_path(sql: &SqlText, pipeline: &Pipeline, sources: &SourceMap) -> String {
    let path = sources.path(sql.file);
    let relative = path.strip_prefix(&pipeline.dir).unwrap_or(path);
    relative
        .components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

/// The step as the transform procedure runs it (Redshift), with the
/// procedures a PL/SQL step creates before it.
fn generated(name: &str, plan: &Plan) -> String {
    let Some(step) = plan.steps.iter().find(|s| s.name == name) else {
        return String::new();
    };
    let run_log = qualified(&plan.schema, RUN_LOG_TABLE);
    let pipeline = REDSHIFT.literal(&plan.pipeline);
    let batch_time = REDSHIFT.expr(&Expr::Identifier(Ident::new("SYSDATE")));
    let log = RunLog {
        table: &run_log,
        pipeline: &pipeline,
        batch_time: &batch_time,
    };
    let mut text = String::new();
    if let StepKind::Call { procedures, .. } = &step.kind {
        for procedure in procedures {
            text.push_str(procedure.render(&REDSHIFT).trim_end());
            text.push_str("\n\n");
        }
        text.push_str("-- in the transform procedure:\n");
    }
    // The step is printed for the procedure's body: four spaces deeper.
    for line in print_step(step, &log, &REDSHIFT)
        .trim_start_matches('\n')
        .lines()
    {
        text.push_str(line.strip_prefix("    ").unwrap_or(line));
        text.push('\n');
    }
    text.trim_end().to_string()
}

fn strategy_text(strategy: &Strategy) -> String {
    let keys = |columns: &[String]| esc(&columns.join(", "));
    match strategy {
        Strategy::Replace => "replace: every row, then insert".to_string(),
        Strategy::Append => "append".to_string(),
        Strategy::DeleteInsert(columns) => format!(
            "delete_insert on <code>{}</code>: the rows with the query's key values are replaced",
            keys(columns)
        ),
        Strategy::Merge(columns) => format!(
            "merge on <code>{}</code>: matching rows updated, the others inserted",
            keys(columns)
        ),
    }
}

fn assertion_text(assertion: &Assertion) -> String {
    let message = |message: &Option<String>| {
        message
            .as_deref()
            .map(|m| format!(" (“{}”)", esc(m)))
            .unwrap_or_default()
    };
    match assertion {
        Assertion::MinRows {
            min, message: m, ..
        } => {
            format!("at least {min} row(s){}", message(m))
        }
        Assertion::Unique {
            table,
            columns,
            message: m,
            ..
        } => {
            let name = table.to_string();
            format!(
                "<code>{}</code> unique in {}{}",
                esc(&columns.join(", ")),
                local(&anchor("t", &name), &name),
                message(m)
            )
        }
        Assertion::NoRows { message: m, .. } => {
            format!("a query returns no row{}", message(m))
        }
    }
}

/// Every step's assertions, for the tests section.
pub(super) fn assertions(pipeline: &Pipeline) -> String {
    let mut items = String::new();
    for transform in &pipeline.transforms {
        for assertion in &transform.assertions {
            let _ = writeln!(
                items,
                "<li>after {}: {}</li>",
                local(&anchor("step", &transform.name), &transform.name),
                assertion_text(assertion)
            );
        }
    }
    if items.is_empty() {
        return "<h3>Assertions</h3>\n<p>No step has an assertion.</p>\n".to_string();
    }
    format!(
        "<h3 id=\"assertions\">Assertions</h3>\n<p>Checked on every batch; a failure rolls the batch back.</p>\n<ul>\n{items}</ul>\n"
    )
}
