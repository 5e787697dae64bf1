//! One state of a pipeline, as a change plan compares it.

use super::Change;
use super::impact::{self, Reader, readers};
use crate::backend::plan;
use crate::backend::plan::grants::PlanGrant;
use crate::backend::templates::TemplateError;
use crate::compile;
use crate::diag::{Diagnostic, SourceMap, Span};
use crate::lineage::Graph;
use crate::spec::model::{Column, Pipeline, QualifiedName, Table};
use crate::target::Target;

/// The generated files holding procedures, in the order they are applied.
const PROCEDURE_FILES: &[&str] = &["load.sql", "transform.sql"];

/// What a pipeline puts in a database.
#[derive(Clone, Debug)]
pub struct State {
    /// The pipeline's name.
    pub pipeline: String,
    /// Every table it creates: the declared ones, then eltc's own (the raw
    /// tables of staged sources, the run log).
    pub tables: Vec<Table>,
    /// Its procedures, qualified.
    pub procedures: Vec<String>,
    /// The procedure files for the target: (file name, text).
    pub files: Vec<(String, String)>,
    /// Its sources, transforms and assertions, with the names their SQL uses.
    pub readers: Vec<Reader>,
    /// Its column lineage, for what a changed column flows into.
    pub lineage: Graph,
    /// The privileges its ddl.sql grants on schemas and tables, and EXECUTE
    /// on its procedures (granted in their files).
    pub grants: Vec<PlanGrant>,
    /// The tables it only reads (`read_only`), another pipeline's or outside
    /// eltc: a change of one in its owner's plan touches this pipeline.
    pub reads: Vec<QualifiedName>,
}

impl State {
    /// What `change` (of another pipeline's plan) touches in this pipeline:
    /// its sources, transforms and assertions naming the changed columns and
    /// the columns they flow into, when the changed table is one it reads.
    pub fn touched_by(&self, change: &Change) -> Vec<String> {
        let Some(table) = impact::subject_table(change) else {
            return Vec::new();
        };
        if !self.reads.contains(table) {
            return Vec::new();
        }
        (impact::touched(change, &self.readers).into_iter())
            .chain(impact::downstream(change, &self.lineage))
            .map(|found| format!("pipeline {}: {found}", self.pipeline))
            .collect()
    }
}

impl State {
    /// The state of a checked pipeline, compiled for `target`. Diagnostics
    /// are the compiler's; with an error the state has no procedure files.
    pub fn of(
        pipeline: &Pipeline,
        sources: &SourceMap,
        target: &dyn Target,
    ) -> Result<(State, Vec<Diagnostic>), TemplateError> {
        let (artifacts, diagnostics) = compile::compile(pipeline, sources, target)?;
        let (plan, _) = plan::build(pipeline, sources);
        // A table the pipeline only reads is its owner's: the owner's plan
        // creates and changes it.
        let mut tables: Vec<Table> = (pipeline.tables.iter())
            .filter(|t| !t.read_only)
            .cloned()
            .collect();
        let span = Span::file_start(pipeline.file);
        tables.extend(
            plan.tables
                .iter()
                .filter(|t| t.note.is_some())
                .map(|t| own_table(t, &span)),
        );
        let mut procedures = vec![
            format!("{}.{}", plan.schema, plan.load_procedure),
            format!("{}.{}", plan.schema, plan.transform_procedure),
        ];
        procedures.extend(plan.procedures.iter().map(|p| p.name.clone()));
        let files = PROCEDURE_FILES
            .iter()
            .filter_map(|name| Some((name.to_string(), artifacts.get(*name)?.clone())))
            .collect();
        let state = State {
            pipeline: pipeline.name.clone(),
            tables,
            procedures,
            files,
            readers: readers(pipeline, sources),
            lineage: Graph::of(&[(pipeline, &plan)], sources),
            grants: [plan::grants::all(&plan), plan::grants::executes(&plan)].concat(),
            reads: (pipeline.tables.iter())
                .filter(|t| t.read_only)
                .map(|t| t.name.clone())
                .collect(),
        };
        Ok((state, diagnostics))
    }
}

/// A table eltc adds to the declared ones, as the model spells tables.
fn own_table(table: &plan::tables::PlanTable, span: &Span) -> Table {
    let columns = table
        .columns
        .iter()
        .map(|c| Column {
            name: c.name.clone(),
            ty: c.ty,
            not_null: c.not_null,
            default: c.default.as_ref().map(ToString::to_string),
            encode: c.encode.clone(),
            identity: c.identity,
            span: span.clone(),
        })
        .collect();
    let name = QualifiedName {
        schema: table.schema.clone(),
        name: table.name.clone(),
    };
    Table {
        primary_key: table.primary_key.clone(),
        unique: table.unique.clone(),
        diststyle: table.diststyle,
        distkey: table.distkey.clone(),
        sortkey: table.sortkey.clone(),
        backup: table.backup,
        ..Table::plain(name, columns, span.clone())
    }
}
