//! Emission: the plan as view structs, rendered through the templates into
//! ddl.sql, load.sql and transform.sql.
//!
//! Views are built in their Redshift form; for [`Engine::Postgres`] the
//! [`postgres`] adapter then rewrites the engine-specific
//! parts (physical options, identity syntax, the COPY source, built-ins), so
//! the two forms share one template text.

pub mod views;

use super::literal::{literal, qualified};
use super::plan::load::SourceLoad;
use super::plan::tables::PlanTable;
use super::plan::transform::{Check, Message, MessagePart, Step, StepKind};
use super::plan::{Plan, RUN_LOG_TABLE, Sql};
use super::templates::{TemplateError, Templates};
use super::{Artifacts, Engine, postgres};
use crate::spec::model::DistStyle;
use views::*;

/// Renders ddl.sql, load.sql and transform.sql of `plan` for `engine`.
pub fn render(
    plan: &Plan,
    engine: Engine,
    templates: &Templates,
) -> Result<Artifacts, TemplateError> {
    let mut artifacts = Artifacts::new();
    let ddl = DdlView {
        header: header(plan, engine),
        schemas: plan
            .schemas
            .iter()
            .map(|s| super::literal::ident(s))
            .collect(),
        tables: plan.tables.iter().map(|t| table_view(t, engine)).collect(),
    };
    artifacts.insert("ddl.sql".into(), templates.render("ddl.sql.j2", &ddl)?);
    artifacts.insert(
        "load.sql".into(),
        templates.render("load.sql.j2", &load_view(plan, engine))?,
    );
    artifacts.insert(
        "transform.sql".into(),
        templates.render("transform.sql.j2", &transform_view(plan, engine))?,
    );
    Ok(artifacts)
}

fn header(plan: &Plan, engine: Engine) -> HeaderView {
    HeaderView {
        pipeline: plan.pipeline.clone(),
        spec: plan.spec_path.clone(),
        notes: if engine == Engine::Postgres {
            postgres::HEADER_NOTES
                .iter()
                .map(|s| s.to_string())
                .collect()
        } else {
            Vec::new()
        },
    }
}

fn table_view(table: &PlanTable, engine: Engine) -> TableView {
    let key = |columns: &[String]| {
        columns
            .iter()
            .map(|c| super::literal::ident(c))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let mut constraints = Vec::new();
    if !table.primary_key.is_empty() {
        constraints.push(format!("PRIMARY KEY ({})", key(&table.primary_key)));
    }
    constraints.extend(table.unique.iter().map(|u| format!("UNIQUE ({})", key(u))));
    let diststyle = match (table.diststyle, &table.distkey) {
        (_, Some(_)) | (Some(DistStyle::Key), _) => Some("KEY"),
        (Some(DistStyle::Auto), None) => Some("AUTO"),
        (Some(DistStyle::Even), None) => Some("EVEN"),
        (Some(DistStyle::All), None) => Some("ALL"),
        (None, None) => None,
    };
    let mut view = TableView {
        name: qualified(&table.schema, &table.name),
        note: table.note.clone(),
        columns: table
            .columns
            .iter()
            .map(|c| ColumnView {
                name: super::literal::ident(&c.name),
                ty: c.ty.to_string(),
                default: c.default.clone(),
                identity: c
                    .identity
                    .map(|(seed, step)| format!("IDENTITY({seed}, {step})")),
                encode: c.encode.as_ref().map(|e| e.to_ascii_uppercase()),
                not_null: c.not_null,
            })
            .collect(),
        constraints,
        backup_no: !table.backup,
        diststyle: diststyle.map(str::to_string),
        distkey: table.distkey.as_ref().map(|k| super::literal::ident(k)),
        sortkey: table
            .sortkey
            .iter()
            .map(|k| super::literal::ident(k))
            .collect(),
    };
    if engine == Engine::Postgres {
        postgres::adapt_table(&mut view, table);
    }
    view
}

fn procedure_view(plan: &Plan, engine: Engine, name: &str, extra: &[&str]) -> ProcedureView {
    let mut arguments: Vec<String> = plan
        .params
        .iter()
        .map(|p| format!("{} {}", p.argument, p.ty))
        .collect();
    arguments.extend(extra.iter().map(|s| s.to_string()));
    let params_text = if plan.params.is_empty() {
        literal("", engine)
    } else {
        plan.params
            .iter()
            .enumerate()
            .map(|(i, p)| {
                let label = format!("{}{}=", if i == 0 { "" } else { ", " }, p.name);
                format!(
                    "{} || COALESCE(CAST({} AS VARCHAR), 'NULL')",
                    literal(&label, engine),
                    p.argument
                )
            })
            .collect::<Vec<_>>()
            .join(" || ")
    };
    ProcedureView {
        header: header(plan, engine),
        name: qualified(&plan.schema, name),
        arguments,
        params_text,
        run_log: qualified(&plan.schema, RUN_LOG_TABLE),
        pipeline: literal(&plan.pipeline, engine),
        log_time: Sql::Text("SYSDATE".into()).render(engine),
    }
}

fn load_view(plan: &Plan, engine: Engine) -> LoadView {
    let arguments: Vec<String> = plan.params.iter().map(|p| p.argument.clone()).collect();
    LoadView {
        procedure: procedure_view(
            plan,
            engine,
            &plan.load_procedure,
            &["p_landing VARCHAR(1024)"],
        ),
        clears: plan.clears.clone(),
        loads: plan
            .loads
            .iter()
            .map(|l| load_step_view(l, engine))
            .collect(),
        call: format!(
            "{}({})",
            qualified(&plan.schema, &plan.transform_procedure),
            arguments.join(", ")
        ),
    }
}

fn load_step_view(load: &SourceLoad, engine: Engine) -> LoadStepView {
    let copy = &load.copy;
    let (head, from, options) = match engine {
        Engine::Redshift => (
            format!("COPY {} ({}) FROM ", copy.table, copy.columns.join(", ")),
            format!(
                "quote_literal(p_landing || {})",
                literal(&load.manifest, engine)
            ),
            copy.options.iter().map(|o| format!(" {o}")).collect(),
        ),
        Engine::Postgres => postgres::copy_source(load),
    };
    let how = if load.raw.is_some() {
        "staged through its raw table"
    } else {
        "direct COPY"
    };
    LoadStepView {
        source: load.source.clone(),
        comment: format!("source {}: {} ({how})", load.source, load.file),
        step: literal(&format!("load:{}", load.source), engine),
        copy_head: literal(&head, engine),
        copy_from: from,
        copy_options: options
            .iter()
            .map(|o: &String| literal(o, engine))
            .collect(),
        inserts: load
            .inserts
            .iter()
            .map(|i| InsertView {
                table: i.table.clone(),
                step: literal(&i.step, engine),
                columns: i.columns.clone(),
                values: i.values.iter().map(|v| v.render(engine)).collect(),
                from: i.from.clone(),
                filter: i.filter.as_ref().map(|f| f.render(engine)),
            })
            .collect(),
    }
}

fn transform_view(plan: &Plan, engine: Engine) -> TransformView {
    TransformView {
        procedures: plan.procedures.iter().map(|p| p.render(engine)).collect(),
        procedure: procedure_view(plan, engine, &plan.transform_procedure, &[]),
        steps: plan.steps.iter().map(|s| step_view(s, engine)).collect(),
    }
}

fn step_view(step: &Step, engine: Engine) -> StepView {
    let mut view = StepView {
        name: step.name.clone(),
        step: literal(&format!("transform:{}", step.name), engine),
        kind: "statements",
        strategy: "",
        target: String::new(),
        columns: Vec::new(),
        keys: Vec::new(),
        non_keys: Vec::new(),
        query: String::new(),
        statements: Vec::new(),
        call: String::new(),
        checks: step.checks.iter().map(|c| check_view(c, engine)).collect(),
    };
    match &step.kind {
        StepKind::Statements(statements) => {
            view.statements = statements.iter().map(|s| s.render(engine)).collect()
        }
        StepKind::Write {
            target,
            strategy,
            columns,
            keys,
            non_keys,
            query,
        } => {
            view.kind = "write";
            view.strategy = strategy;
            view.target = target.clone();
            view.columns = columns.clone();
            view.keys = keys.clone();
            view.non_keys = non_keys.clone();
            view.query = query.render(engine);
        }
        StepKind::Call { call, .. } => {
            view.kind = "call";
            let arguments: Vec<String> = call.arguments.iter().map(|a| a.render(engine)).collect();
            view.call = format!("{}({})", call.procedure, arguments.join(", "));
        }
    }
    view
}

fn check_view(check: &Check, engine: Engine) -> CheckView {
    let mut view = CheckView {
        kind: "",
        min: 0,
        table: String::new(),
        columns: Vec::new(),
        query: String::new(),
        message: String::new(),
    };
    match check {
        Check::MinRows { min, message } => {
            view.kind = "min_rows";
            view.min = *min;
            view.message = message_sql(message, engine);
        }
        Check::Unique {
            table,
            columns,
            message,
        } => {
            view.kind = "unique";
            view.table = table.clone();
            view.columns = columns.clone();
            view.message = message_sql(message, engine);
        }
        Check::NoRows { query, message } => {
            view.kind = "no_rows";
            view.query = query.render(engine);
            view.message = message_sql(message, engine);
        }
    }
    view
}

/// The message as a concatenation: RAISE placeholders take plain variables
/// only (REDSHIFT-NOTES 1.3), so the text is built into a variable first.
fn message_sql(message: &Message, engine: Engine) -> String {
    let parts: Vec<String> = message
        .iter()
        .map(|part| match part {
            MessagePart::Text(text) => literal(text, engine),
            MessagePart::Param(argument) => {
                format!("COALESCE(CAST({argument} AS VARCHAR), 'NULL')")
            }
            MessagePart::Var(var) => format!("CAST({var} AS VARCHAR)"),
        })
        .collect();
    if parts.is_empty() {
        literal("assertion failed", engine)
    } else {
        parts.join(" || ")
    }
}
