//! The Glue backend: the plan printed as `glue_job.py`, the PySpark job that
//! runs one batch with glue/eltc_spark (docs/glue.md, "The printer's
//! contract").
//!
//! The job declares each source's typed read (`python::source_read`),
//! runs each write step's query as Spark SQL over temporary views
//! ([`crate::target::spark`]), checks the assertions in Spark before any
//! write, and writes every target through a stage table; the strategy is
//! the plan's expansion ([`strategy::expand`]) printed for Redshift reading
//! `{stage}` ([`staged_op_sql`]), all applied in one Redshift transaction.
//! What the job cannot express is a diagnostic and no script is returned:
//! no half job. Pure: text in, text out.

mod python;
mod staged;

use std::collections::BTreeSet;
use std::ops::ControlFlow;

use sqlparser::ast::visit_relations;

use super::plan::strategy::{self, Op, Write, WriteStrategy};
use super::plan::transform::{Check, Message, MessagePart, Step, StepKind};
use super::plan::{ColumnName, Plan, RUN_LOG_TABLE, Sql, TableName, column_list};
use super::redshift::steps::staged_op_sql;
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

/// `glue_job.py` of `plan`, or the diagnostics saying why the job cannot run it.
pub fn render(plan: &Plan, pipeline: &Pipeline) -> Result<String, Vec<Diagnostic>> {
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
    // Views the job holds when a step runs: every source's table, then each
    // replace step's target (its rows are the whole table).
    let mut views: BTreeSet<String> = plan
        .loads
        .iter()
        .flat_map(|l| {
            let staged = l.inserts.iter().map(|i| plain(&i.table));
            std::iter::once(l.copy.table.to_string()).chain(staged)
        })
        .map(|t| t.to_lowercase())
        .collect();
    let mut steps = Vec::new();
    for step in &plan.steps {
        match job_step(step, &spark, &views) {
            Ok(printed) => {
                if printed.write.strategy == WriteStrategy::Replace {
                    views.insert(plain(&printed.write.target).to_lowercase());
                }
                steps.push(printed);
            }
            Err(diagnostics) => out.extend(diagnostics),
        }
    }
    if out.is_empty() {
        Ok(print_job(plan, &sources, &steps))
    } else {
        Err(out)
    }
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
    SparkSql::new(tables, params, chars)
}

/// One write step as the job runs it.
struct JobStep<'p> {
    name: &'p str,
    write: &'p Write,
    /// Its query in Spark SQL.
    query: String,
    /// Its view: the target's name as a view.
    view: String,
    /// Python calls after the query: the assertions.
    asserts: Vec<String>,
}

fn job_step<'p>(
    step: &'p Step,
    spark: &SparkSql,
    views: &BTreeSet<String>,
) -> Result<JobStep<'p>, Vec<Diagnostic>> {
    let refused = |code: Code, why: String| {
        Diagnostic::new(code, step.span.clone(), why)
            .label(format!("in transform `{}`", step.name))
            .help("rewrite the step as docs/glue.md describes, or keep the pipeline on `backend: procedure`")
    };
    let write = match &step.kind {
        StepKind::Write(write) => write,
        StepKind::Statements(_) => {
            return Err(vec![refused(
                Code::GlueStepKind,
                format!(
                    "transform `{}` runs statements, which change tables in place; a Glue job runs queries",
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
        Sql::Query(query) => {
            out.extend(unknown_views(query, views).into_iter().map(|table| {
                refused(
                    Code::GlueWarehouseRead,
                    format!("transform `{}` reads `{table}`, which no source loads and no earlier replace step writes: the job holds no view of it", step.name),
                )
            }));
            match spark.query(query) {
                Ok(text) => text,
                Err(refusals) => {
                    out.extend(
                        refusals
                            .into_iter()
                            .map(|Refusal { code, why }| refused(code, why)),
                    );
                    String::new()
                }
            }
        }
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
            Ok(call) => asserts.push(call),
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

/// The pipeline tables `query` reads that the job holds no view of.
fn unknown_views(query: &sqlparser::ast::Query, views: &BTreeSet<String>) -> Vec<String> {
    let mut found = Vec::new();
    let _ = visit_relations(query, |relation| {
        let name = relation.to_string().replace('"', "").to_lowercase();
        if name.contains('.') && !views.contains(&name) && !found.contains(&name) {
            found.push(name);
        }
        ControlFlow::<()>::Continue(())
    });
    found
}

/// An assertion as a call on the batch, run on the step's rows before any write.
fn check_call(check: &Check, write: &Write, view: &str) -> Result<String, String> {
    match check {
        Check::MinRows { min, message } => Ok(format!(
            "batch.assert_min_rows({}, {min}, {})",
            python::string(view),
            message_python(message)
        )),
        // On the step's rows, the check equals the procedure's on the target
        // only when the target then holds exactly the rows of the batch's keys.
        Check::Unique {
            columns, message, ..
        } if write.strategy == WriteStrategy::Replace
            || (write.strategy == WriteStrategy::DeleteInsert
                && write.keys.iter().all(|k| columns.contains(k))) =>
        {
            Ok(assert_unique(view, columns, message))
        }
        Check::Unique { columns, .. } => Err(format!(
            "unique ({}) after a {} write: the job checks the batch's rows, not the whole target",
            column_list(columns),
            strategy_name(write.strategy)
        )),
        Check::NoRows { .. } => {
            Err("a no_rows assertion reads the warehouse after the write; the Glue printer does not print it yet".into())
        }
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

fn print_job(plan: &Plan, sources: &str, steps: &[JobStep<'_>]) -> String {
    let mut text = format!(
        "\"\"\"Glue job of pipeline {name}, generated by eltc from {spec}: do not edit.\n\n\
         One batch: the sources read with COPY's rules, the transforms as Spark SQL over\n\
         temporary views, the assertions, then every target written through its stage\n\
         table and the strategies applied in one Redshift transaction (docs/glue.md).\n\"\"\"\n\n\
         import sys\n\n\
         from awsglue.context import GlueContext\n\
         from awsglue.job import Job\n\
         from eltc_spark.job import Batch, TargetWrite\n\
         from eltc_spark.source import {declarations}\n\
         from pyspark.context import SparkContext\n\n\
         PIPELINE = {pipeline}\n",
        name = plan.pipeline,
        spec = plan.spec_path,
        pipeline = python::string(&plan.pipeline),
        declarations = if plan.loads.iter().any(|l| !l.inserts.is_empty()) {
            "Column, Convert, Expr, SourceRead, Staged"
        } else {
            "Column, SourceRead"
        },
    );
    let params: Vec<String> = plan
        .params
        .iter()
        .map(|p| {
            format!(
                "({}, {}),",
                python::string(&p.name),
                python::string(&p.ty.to_string())
            )
        })
        .collect();
    text += &format!("PARAMS = ({})\n", params.join(" "));
    text += &format!(
        "CONNECTION = {}\nDATABASE = {}\nRUN_LOG = {}\n\nSOURCES = (\n",
        python::string(&connection_name(&plan.pipeline)),
        python::string(DATABASE),
        python::string(&TableName::new(&plan.schema, RUN_LOG_TABLE).to_string())
    );
    text += sources;
    text += ")\n";
    for step in steps {
        text += &format!(
            "\n# Transform {}: {} into {}.\n{} = \"\"\"\n{}\n\"\"\"\n",
            step.name,
            strategy_name(step.write.strategy),
            step.write.target,
            constant(step.name, "QUERY"),
            step.query
        );
    }
    text += "\nWRITES = (\n";
    for step in steps {
        text += &target_write(plan, step);
    }
    text += ")\n\n\ndef main(argv):\n";
    text += "    glue_context = GlueContext(SparkContext.getOrCreate())\n";
    text += "    job = Job(glue_context)\n";
    text += "    batch = Batch.start(argv, glue_context, PIPELINE, PARAMS)\n";
    text += "    job.init(batch.args.get(\"JOB_NAME\", PIPELINE), batch.args)\n";
    text += "    batch.read(SOURCES)\n";
    for step in steps {
        text += &format!(
            "    batch.query({}, {}, {})\n",
            python::string(&format!("transform:{}", step.name)),
            constant(step.name, "QUERY"),
            python::string(&step.view)
        );
        for call in &step.asserts {
            text += &format!("    {call}\n");
        }
    }
    text += "    batch.write(WRITES, connection=CONNECTION, database=DATABASE, run_log=RUN_LOG)\n";
    text += "    batch.finish()\n    job.commit()\n\n\nif __name__ == \"__main__\":\n    main(sys.argv)\n";
    text
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

/// `MARKET_DATA_QUERY`: a step's Python constant.
fn constant(step: &str, suffix: &str) -> String {
    format!("{}_{suffix}", step.to_ascii_uppercase())
}

/// The step's `TargetWrite`: its stage table's columns (the target's types)
/// and the strategy's statements reading `{stage}`.
fn target_write(plan: &Plan, step: &JobStep<'_>) -> String {
    let write = step.write;
    let table = plan
        .tables
        .iter()
        .find(|t| TableName::new(&t.schema, &t.name) == write.target);
    let columns: Vec<String> = write
        .columns
        .iter()
        .map(|name| {
            let ty = table
                .and_then(|t| t.columns.iter().find(|c| c.name == name.as_str()))
                .map_or_else(String::new, |c| c.ty.to_string().to_ascii_lowercase());
            format!(
                "            ({}, {}),\n",
                python::string(&name.to_string()),
                python::string(&ty)
            )
        })
        .collect();
    let staged = Write {
        staged: true,
        ..write.clone()
    };
    let statements: Vec<String> = strategy::expand(&staged, step.name)
        .iter()
        .filter_map(|op| staged_op_sql(op, "{stage}"))
        .map(|sql| format!("            {},\n", python::string(&sql.replace('\n', " "))))
        .collect();
    format!(
        "    TargetWrite(\n        {},\n        {},\n        {},\n        (\n{}        ),\n        (\n{}        ),\n    ),\n",
        python::string(&format!("transform:{}", step.name)),
        python::string(&write.target.to_string()),
        python::string(&step.view),
        columns.concat(),
        statements.concat()
    )
}
