//! The Glue backend: the plan printed as `glue_job.py`, the PySpark job that
//! runs one batch with glue/eltc_spark (docs/glue.md, "The printer's
//! contract").
//!
//! The job declares each source's typed read (`python::source_read`),
//! runs each write step's query as Spark SQL over temporary views
//! ([`crate::target::spark`]), checks the assertions in Spark before any
//! write, and writes every target through a stage table; the strategy is
//! the plan's expansion ([`strategy::expand`]) printed for Redshift reading
//! `{stage}` ([`crate::backend::redshift::steps::staged_op_sql`]), applied
//! in one Redshift transaction per commit. `schedule.rs` orders the work when
//! steps read the warehouse back, run statements there or check it after a
//! write (a commit before such a read); `print.rs` writes the script.
//! What the job cannot express is a diagnostic and no script is returned:
//! no half job. Pure: text in, text out.

mod print;
mod python;
mod schedule;
mod staged;

use std::collections::BTreeSet;

use super::plan::strategy::{self, Op, Write, WriteStrategy};
use super::plan::transform::{Check, Message, MessagePart, Step, StepKind};
use super::plan::{ColumnName, Plan, Sql, TableName, column_list};
use crate::diag::{Code, Diagnostic};
use crate::spec::model::Pipeline;
use crate::target::spark::Refusal;
use crate::target::spark::{SparkSql, view_name};

/// The Glue connection the job writes through, unless the spec says otherwise.
pub fn connection_name(pipeline: &str) -> String {
    format!("eltc-{pipeline}")
}

/// The Redshift database the connection's writes name (Redshift's default
/// database; the connection's URL decides where it is).
const DATABASE: &str = "dev";

/// `glue_job.py` of `plan` with its warnings, or the diagnostics saying why
/// the job cannot run it.
pub fn render(
    plan: &Plan,
    pipeline: &Pipeline,
) -> Result<(String, Vec<Diagnostic>), Vec<Diagnostic>> {
    let mut out = Vec::new();
    let mut sources = String::new();
    for (load, source) in plan.loads.iter().zip(&pipeline.sources) {
        match staged::option(load) {
            Ok(staged) => sources += &python::source_read(&load.copy, &staged),
            Err(refusals) => out.extend(refusals.into_iter().map(|Refusal { code, why }| {
                Diagnostic::new(code, source.span.clone(), format!("source `{}`: {why}", load.source))
                    .label("staged source")
                    .help("load the value as a field of its column or convert it in a transform (docs/glue.md), or keep `backend: procedure`")
            })),
        }
    }
    let spark = spark_sql(plan);
    // Views the job holds before the first step: every source's table.
    let views: BTreeSet<String> = plan
        .loads
        .iter()
        .flat_map(|l| {
            let staged = l.inserts.iter().map(|i| plain(&i.table));
            std::iter::once(l.copy.table.to_string()).chain(staged)
        })
        .map(|t| t.to_lowercase())
        .collect();
    let mut steps = Vec::new();
    let mut order = schedule::Schedule::new(plan, &spark, views);
    for step in &plan.steps {
        if let StepKind::Statements(statements) = &step.kind {
            order.statements(step, statements, &mut out);
            continue;
        }
        match job_step(step, &spark) {
            Ok(printed) => {
                order.write(steps.len(), &printed, step, &mut out);
                steps.push(printed);
            }
            Err(diagnostics) => out.extend(diagnostics),
        }
    }
    order.finish();
    if out.is_empty() {
        Ok((print::job(plan, &sources, &steps, &order), commits(&order)))
    } else {
        Err(out)
    }
}

/// A warning for each commit the job makes before its last: the batch is
/// no longer one transaction, as the transform procedure's is.
fn commits(order: &schedule::Schedule<'_>) -> Vec<Diagnostic> {
    let total = order.phases.len();
    order
        .early
        .iter()
        .map(|(step, table)| {
            Diagnostic::new(
                Code::GlueCommitsPerBatch,
                step.span.clone(),
                format!(
                    "transform `{}` reads `{table}` back after a write to it: the Glue job commits first (one of {total} commits of the batch)",
                    step.name
                ),
            )
            .label(format!("in transform `{}`", step.name))
            .help("a job that fails after a commit leaves the rows of the steps before it; make those steps idempotent (merge, delete_insert, replace) and rerun the batch, or keep `backend: procedure` (docs/glue.md)")
        })
        .collect()
}

fn spark_sql(plan: &Plan) -> SparkSql {
    let tables = plan
        .tables
        .iter()
        .map(|t| (t.schema.as_str(), t.name.as_str()));
    let params = plan.params.iter().map(|p| p.name.as_str());
    let chars = plan
        .tables
        .iter()
        .flat_map(|t| &t.columns)
        .filter(|c| matches!(c.ty, crate::spec::types::DataType::Char(_)))
        .map(|c| c.name.as_str());
    // A staged source's raw table holds every field as VARCHAR under the
    // names of the typed columns: no transform reads it.
    let raw: BTreeSet<(&str, &str)> = plan
        .loads
        .iter()
        .filter_map(|l| l.raw.as_ref())
        .map(|r| (r.schema.as_str(), r.name.as_str()))
        .collect();
    let columns = plan
        .tables
        .iter()
        .filter(|t| !raw.contains(&(t.schema.as_str(), t.name.as_str())))
        .flat_map(|t| &t.columns)
        .map(|c| (c.name.as_str(), &c.ty));
    SparkSql::new(tables, params, chars).with_column_types(columns)
}

/// One write step as the job runs it.
pub(super) struct JobStep<'p> {
    name: &'p str,
    write: &'p Write,
    /// Its query in Spark SQL.
    query: String,
    /// Its view: the target's name as a view.
    view: String,
    /// Python calls after the query: the assertions.
    asserts: Vec<String>,
}

fn job_step<'p>(step: &'p Step, spark: &SparkSql) -> Result<JobStep<'p>, Vec<Diagnostic>> {
    let refused = |code: Code, why: String| {
        Diagnostic::new(code, step.span.clone(), why)
            .label(format!("in transform `{}`", step.name))
            .help("rewrite the step as docs/glue.md describes, or keep the pipeline on `backend: procedure`")
    };
    let write = match &step.kind {
        StepKind::Write(write) => write,
        // Run in the warehouse (schedule::Schedule::statements), never here.
        StepKind::Statements(_) => {
            return Err(vec![refused(
                Code::GlueStepKind,
                format!(
                    "transform `{}` runs statements (an eltc bug: they run in the warehouse)",
                    step.name
                ),
            )]);
        }
        StepKind::Call { .. } => {
            return Err(vec![refused(
                Code::GlueStepKind,
                format!(
                    "transform `{}` calls a translated PL/SQL procedure, which a Glue job cannot run",
                    step.name
                ),
            )]);
        }
    };
    let mut out = Vec::new();
    let query = match &write.query {
        Sql::Query(query) => match spark.query(query) {
            Ok(text) => text,
            Err(refusals) => {
                out.extend(
                    refusals
                        .into_iter()
                        .map(|Refusal { code, why }| refused(code, why)),
                );
                String::new()
            }
        },
        _ => {
            out.push(refused(
                Code::GlueSparkSyntax,
                "the step's query is not a query tree".into(),
            ));
            String::new()
        }
    };
    let view = view_name(&write.target.schema, &write.target.name);
    let mut asserts = Vec::new();
    for op in strategy::expand(write, &step.name) {
        if let Op::StagedKeysUnique { keys, message } = op {
            asserts.push(assert_unique(&view, &keys, &message));
        }
    }
    for check in &step.checks {
        match check_call(check, write, &view) {
            Ok(Some(call)) => asserts.push(call),
            Ok(None) => {}
            Err(why) => out.push(refused(Code::GlueStepKind, why)),
        }
    }
    if out.is_empty() {
        Ok(JobStep {
            name: &step.name,
            write,
            query,
            view,
            asserts,
        })
    } else {
        Err(out)
    }
}

/// `schema.name` as the view set spells tables (unquoted, as relations read).
fn plain(table: &TableName) -> String {
    format!("{}.{}", table.schema, table.name)
}

/// An assertion as a call on the batch, run on the step's rows before any
/// write; a `no_rows` assertion runs after the write ([`schedule`]).
fn check_call(check: &Check, write: &Write, view: &str) -> Result<Option<String>, String> {
    match check {
        Check::MinRows { min, message } => Ok(Some(format!(
            "batch.assert_min_rows({}, {min}, {})",
            python::string(view),
            message_python(message)
        ))),
        // On the step's rows, the check equals the procedure's on the target
        // only when the target then holds exactly the rows of the batch's keys.
        Check::Unique {
            columns, message, ..
        } if write.strategy == WriteStrategy::Replace
            || (write.strategy == WriteStrategy::DeleteInsert
                && write.keys.iter().all(|k| columns.contains(k))) =>
        {
            Ok(Some(assert_unique(view, columns, message)))
        }
        Check::Unique { columns, .. } => Err(format!(
            "unique ({}) after a {} write: the job checks the batch's rows, not the whole target",
            column_list(columns),
            strategy_name(write.strategy)
        )),
        Check::NoRows { .. } => Ok(None),
    }
}

fn assert_unique(view: &str, keys: &[ColumnName], message: &Message) -> String {
    let keys: Vec<String> = keys
        .iter()
        .map(|k| python::string(&k.to_string()))
        .collect();
    format!(
        "batch.assert_unique({}, ({},), {})",
        python::string(view),
        keys.join(", "),
        message_python(message)
    )
}

/// A failure message as a Python expression: params from the batch's text.
fn message_python(message: &Message) -> String {
    let parts: Vec<String> = message
        .iter()
        .map(|part| match part {
            MessagePart::Text(text) => python::string(text),
            MessagePart::Param(argument) => format!(
                "batch.params[{}]",
                python::string(argument.strip_prefix("p_").unwrap_or(argument))
            ),
            // The count the procedure reports; the job reports the rows instead.
            MessagePart::Var(_) => python::string("some"),
        })
        .collect();
    if parts.is_empty() {
        python::string("assertion failed")
    } else {
        parts.join(" + ")
    }
}

/// The strategy as the spec names it.
fn strategy_name(strategy: WriteStrategy) -> &'static str {
    match strategy {
        WriteStrategy::Replace => "replace",
        WriteStrategy::Append => "append",
        WriteStrategy::DeleteInsert => "delete_insert",
        WriteStrategy::Merge => "merge",
    }
}
