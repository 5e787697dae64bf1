//! Emission: the plan as view structs, rendered through the templates into
//! ddl.sql, load.sql and transform.sql.
//!
//! Views are built for one [`Target`]: what differs between engines
//! (physical options, identity syntax, the COPY source, built-ins, literal
//! quoting) is asked of the target, so every form shares one template text.

pub mod grants;
pub mod steps;
pub mod views;

use super::Artifacts;
use super::plan::load::SourceLoad;
use super::plan::tables::PlanTable;
use sqlparser::ast::{Expr, Ident};

use super::plan::{self, Plan, RUN_LOG_TABLE};
use super::templates::{TemplateError, Templates};
use crate::spec::model::DistStyle;
use crate::target::{LoadSource, Target, ident, qualified};
use views::*;

/// Renders ddl.sql, load.sql and transform.sql of `plan` for `target`.
pub fn render(
    plan: &Plan,
    target: &dyn Target,
    templates: &Templates,
) -> Result<Artifacts, TemplateError> {
    let mut artifacts = Artifacts::new();
    let ddl = DdlView {
        header: header(plan, target),
        schemas: plan.schemas.iter().map(|s| ident(s)).collect(),
        schema_grants: grants::printed(plan::grants::schema_grants(plan), target),
        // A table the pipeline only reads is its owner's to create, except
        // in a test form, whose database has no owner.
        tables: (plan.tables.iter())
            .filter(|t| !t.read_only || target.creates_read_only_tables())
            .map(|t| TableView {
                grants: grants::printed(plan::grants::table_grants(plan, t), target),
                ..table_view(t, target)
            })
            .collect(),
    };
    artifacts.insert("ddl.sql".into(), templates.render("ddl.sql.j2", &ddl)?);
    artifacts.insert(
        "load.sql".into(),
        templates.render("load.sql.j2", &load_view(plan, target))?,
    );
    artifacts.insert(
        "transform.sql".into(),
        templates.render("transform.sql.j2", &transform_view(plan, target))?,
    );
    Ok(artifacts)
}

fn header(plan: &Plan, target: &dyn Target) -> HeaderView {
    HeaderView {
        pipeline: plan.pipeline.clone(),
        spec: plan.spec_path.clone(),
        notes: target
            .header_notes()
            .iter()
            .map(|s| s.to_string())
            .collect(),
    }
}

fn table_view(table: &PlanTable, target: &dyn Target) -> TableView {
    let key = |columns: &[String]| {
        columns
            .iter()
            .map(|c| ident(c))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let mut constraints = Vec::new();
    if target.informational_constraints() {
        if !table.primary_key.is_empty() {
            constraints.push(format!("PRIMARY KEY ({})", key(&table.primary_key)));
        }
        constraints.extend(table.unique.iter().map(|u| format!("UNIQUE ({})", key(u))));
    }
    let physical = target.physical_options();
    let diststyle = match (table.diststyle, &table.distkey) {
        (_, Some(_)) | (Some(DistStyle::Key), _) => Some("KEY"),
        (Some(DistStyle::Auto), None) => Some("AUTO"),
        (Some(DistStyle::Even), None) => Some("EVEN"),
        (Some(DistStyle::All), None) => Some("ALL"),
        (None, None) => None,
    };
    TableView {
        name: qualified(&table.schema, &table.name),
        note: table.note.clone(),
        columns: table
            .columns
            .iter()
            .map(|c| ColumnView {
                name: ident(&c.name),
                ty: c.ty.to_string(),
                default: c.default.as_ref().map(|d| target.expr(d)),
                identity: c.identity.map(|(seed, step)| target.identity(seed, step)),
                encode: c
                    .encode
                    .as_ref()
                    .filter(|_| physical)
                    .map(|e| e.to_ascii_uppercase()),
                not_null: c.not_null,
            })
            .collect(),
        constraints,
        backup_no: physical && !table.backup,
        diststyle: diststyle.filter(|_| physical).map(str::to_string),
        distkey: table
            .distkey
            .as_ref()
            .filter(|_| physical)
            .map(|k| ident(k)),
        sortkey: if physical {
            table.sortkey.iter().map(|k| ident(k)).collect()
        } else {
            Vec::new()
        },
        grants: Vec::new(),
    }
}

fn procedure_view(plan: &Plan, target: &dyn Target, name: &str, landing: bool) -> ProcedureView {
    let arguments = plan::grants::procedure_arguments(plan, landing);
    let params_text = if plan.params.is_empty() {
        target.literal("")
    } else {
        plan.params
            .iter()
            .enumerate()
            .map(|(i, p)| {
                let label = format!("{}{}=", if i == 0 { "" } else { ", " }, p.name);
                format!(
                    "{} || COALESCE(CAST({} AS VARCHAR), 'NULL')",
                    target.literal(&label),
                    p.argument
                )
            })
            .collect::<Vec<_>>()
            .join(" || ")
    };
    let name = qualified(&plan.schema, name);
    ProcedureView {
        header: header(plan, target),
        grants: grants::execute_grants(plan, target, &name, &arguments),
        name,
        arguments,
        params_text,
        run_log: qualified(&plan.schema, RUN_LOG_TABLE),
        pipeline: target.literal(&plan.pipeline),
        log_time: target.expr(&Expr::Identifier(Ident::new("SYSDATE"))),
        clock: target.statement_clock(),
    }
}

fn load_view(plan: &Plan, target: &dyn Target) -> LoadView {
    let arguments: Vec<String> = plan.params.iter().map(|p| p.argument.clone()).collect();
    LoadView {
        procedure: procedure_view(plan, target, &plan.load_procedure, true),
        clears: plan.clears.iter().map(ToString::to_string).collect(),
        loads: plan
            .loads
            .iter()
            .map(|l| load_step_view(l, plan, target))
            .collect(),
        call: format!(
            "{}({})",
            qualified(&plan.schema, &plan.transform_procedure),
            arguments.join(", ")
        ),
    }
}

fn load_step_view(load: &SourceLoad, plan: &Plan, target: &dyn Target) -> LoadStepView {
    let statement = target.load_statement(&LoadSource {
        read: &load.copy,
        manifest: &load.manifest,
        role: &plan.copy_role,
        region: plan.copy_region.as_deref(),
    });
    let how = if load.raw.is_some() {
        "staged through its raw table"
    } else {
        "direct COPY"
    };
    LoadStepView {
        source: load.source.clone(),
        comment: format!("source {}: {} ({how})", load.source, load.file),
        step: target.literal(&format!("load:{}", load.source)),
        copy_head: target.literal(&statement.head),
        copy_from: statement.from,
        copy_options: statement
            .options
            .iter()
            .map(|o| target.literal(o))
            .collect(),
        inserts: load
            .inserts
            .iter()
            .map(|i| InsertView {
                table: i.table.to_string(),
                step: target.literal(&i.step),
                columns: i.columns.iter().map(ToString::to_string).collect(),
                values: i.values.iter().map(|v| target.expr(&v.expr())).collect(),
                from: i.from.to_string(),
                filter: i.filter.as_ref().map(|f| target.expr(&f.expr())),
            })
            .collect(),
    }
}

fn transform_view(plan: &Plan, target: &dyn Target) -> TransformView {
    let procedure = procedure_view(plan, target, &plan.transform_procedure, false);
    let log = steps::RunLog {
        table: &procedure.run_log,
        pipeline: &procedure.pipeline,
        batch_time: &procedure.log_time,
    };
    let steps = plan
        .steps
        .iter()
        .map(|s| steps::print_step(s, &log, target))
        .collect();
    let procedure_grants = (plan.procedures.iter())
        .flat_map(|p| {
            let arguments: Vec<String> = p.params.iter().map(|a| a.ty.to_string()).collect();
            grants::execute_grants(plan, target, &p.name, &arguments)
        })
        .collect();
    TransformView {
        procedures: plan.procedures.iter().map(|p| p.render(target)).collect(),
        procedure_grants,
        steps,
        procedure,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::backend::plan::tables::PlanColumn;
    use crate::spec::model::DataType;
    use crate::target::{POSTGRES, REDSHIFT};

    fn table() -> PlanTable {
        PlanTable {
            schema: "s".into(),
            name: "t".into(),
            note: None,
            columns: vec![PlanColumn {
                name: "a".into(),
                ty: DataType::Integer,
                not_null: true,
                default: None,
                encode: Some("az64".into()),
                identity: Some((100, 5)),
            }],
            primary_key: vec!["a".into()],
            unique: vec![vec!["a".into()]],
            diststyle: Some(DistStyle::Key),
            distkey: Some("a".into()),
            sortkey: vec!["a".into()],
            backup: false,
            read_only: false,
            select_grants: Vec::new(),
        }
    }

    /// src/target/postgres.rs, entries 1, 2 and 14; NOT NULL stays.
    #[test]
    fn physical_options_and_informational_constraints_are_postgres_free() {
        let view = table_view(&table(), &POSTGRES);
        assert!(
            !view.backup_no
                && view.diststyle.is_none()
                && view.distkey.is_none()
                && view.sortkey.is_empty()
                && view.constraints.is_empty()
        );
        assert_eq!(view.columns[0].encode, None);
        assert!(view.columns[0].not_null);
        assert_eq!(
            view.columns[0].identity.as_deref(),
            Some("GENERATED BY DEFAULT AS IDENTITY (START WITH 100 INCREMENT BY 5)")
        );
        let view = table_view(&table(), &REDSHIFT);
        assert!(view.backup_no && view.distkey.is_some() && view.constraints.len() == 2);
        assert_eq!(
            view.columns[0].identity.as_deref(),
            Some("IDENTITY(100, 5)")
        );
        assert_eq!(view.columns[0].encode.as_deref(), Some("AZ64"));
    }
}
