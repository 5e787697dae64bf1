//! The plan: what the generated files do, decided once for every target.
//!
//! [`build`] reads the checked pipeline and the SQL layer's translations and
//! decides the tables to create (declared, raw and the run log), how each
//! source is loaded ([`load`]: direct COPY or COPY into a raw table then
//! INSERT ... SELECT with conversions from [`convert`]) and what each transform
//! step runs ([`transform`]). It holds SQL as sqlparser trees ([`Sql`], and the typed
//! values of staged loads), never text; turning them into text for a target is
//! [`Sql::render`]'s job.
//! The plan holds no template text and does no I/O.

pub mod atomic;
pub mod convert;
pub mod grants;
pub mod load;
pub mod plsql;
pub mod strategy;
pub mod tables;
pub mod transform;

use sqlparser::ast::{Expr, Query, Statement};

use crate::diag::{Diagnostic, SourceMap};
use crate::spec::model::{CopyRole, DataType, Grantee, Pipeline};
use crate::target::Target;

/// Name of eltc's run-log table in the pipeline's schema.
pub const RUN_LOG_TABLE: &str = "eltc_run_log";

/// A piece of SQL in the plan, printed per target by [`Sql::render`].
#[derive(Clone, Debug)]
pub enum Sql {
    /// An expression from the SQL layer.
    Expr(Box<Expr>),
    /// A query from the SQL layer.
    Query(Box<Query>),
    /// A statement from the SQL layer.
    Statement(Box<Statement>),
}

impl Sql {
    /// The SQL text for `target`.
    pub fn render(&self, target: &dyn Target) -> String {
        match self {
            Sql::Expr(expr) => target.expr(expr),
            Sql::Query(query) => format!("{:#}", target.query(query)),
            Sql::Statement(statement) => format!("{:#}", target.statement(statement)),
        }
    }
}

/// A column name as the model spells it; printed quoted as Redshift needs
/// ([`crate::target::ident`]), so the plan holds names, not SQL text.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct ColumnName(pub String);

impl ColumnName {
    /// The name as the model spells it.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Display for ColumnName {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&crate::target::ident(&self.0))
    }
}

/// Column names printed as a comma-separated list.
pub fn column_list(columns: &[ColumnName]) -> String {
    columns
        .iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join(", ")
}

/// A schema-qualified table name; printed quoted as needed
/// ([`crate::target::qualified`]).
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct TableName {
    /// The schema.
    pub schema: String,
    /// The table.
    pub name: String,
}

impl TableName {
    /// `schema.name`.
    pub fn new(schema: &str, name: &str) -> Self {
        Self {
            schema: schema.to_string(),
            name: name.to_string(),
        }
    }
}

impl From<&crate::spec::model::QualifiedName> for TableName {
    fn from(name: &crate::spec::model::QualifiedName) -> Self {
        Self::new(&name.schema, &name.name)
    }
}

impl std::fmt::Display for TableName {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&crate::target::qualified(&self.schema, &self.name))
    }
}

/// Everything the generated files do.
#[derive(Clone, Debug)]
pub struct Plan {
    /// Pipeline name.
    pub pipeline: String,
    /// Path of `pipeline.yaml` as given to the source map, for headers.
    pub spec_path: String,
    /// Schema of the procedures and the run log.
    pub schema: String,
    /// Unqualified name of the load procedure.
    pub load_procedure: String,
    /// Unqualified name of the transform procedure.
    pub transform_procedure: String,
    /// Run parameters, in procedure argument order.
    pub params: Vec<PlanParam>,
    /// Schemas to create, sorted.
    pub schemas: Vec<String>,
    /// Tables to create, in order: declared, raw, run log.
    pub tables: Vec<tables::PlanTable>,
    /// Who runs the procedures (`redshift.run_as`), granted what they need.
    pub run_as: Option<Grantee>,
    /// The role every COPY assumes.
    pub copy_role: CopyRole,
    /// The landing bucket's Region when it is not the workgroup's.
    pub copy_region: Option<String>,
    /// Tables the load procedure empties with DELETE first.
    pub clears: Vec<TableName>,
    /// One load per source, in declaration order.
    pub loads: Vec<load::SourceLoad>,
    /// One step per transform, in run order.
    pub steps: Vec<transform::Step>,
    /// The procedures translated from the `plsql` steps' units, created
    /// before the transform procedure.
    pub procedures: Vec<crate::plsql::Procedure>,
}

/// A run parameter.
#[derive(Clone, Debug)]
pub struct PlanParam {
    /// Its name in the spec.
    pub name: String,
    /// The procedure argument, `p_<name>`.
    pub argument: String,
    /// Its type.
    pub ty: DataType,
}

/// Plans `pipeline`. Diagnostics come from the SQL layer and from checks only
/// possible once queries are compiled (output columns, strategy keys).
pub fn build(pipeline: &Pipeline, sources: &SourceMap) -> (Plan, Vec<Diagnostic>) {
    let mut diagnostics = Vec::new();
    let loads: Vec<_> = pipeline
        .sources
        .iter()
        .map(|source| load::plan_source(pipeline, source, sources, &mut diagnostics))
        .collect();
    let steps: Vec<transform::Step> = pipeline
        .transforms
        .iter()
        .filter_map(|t| transform::plan_transform(pipeline, t, sources, &mut diagnostics))
        .collect();
    let procedures = procedures(&steps, &mut diagnostics);
    let tables = tables::plan_tables(pipeline, &loads, &mut diagnostics);
    let mut schemas: Vec<String> = tables.iter().map(|t| t.schema.clone()).collect();
    // Translated procedures may live in schemas no table has.
    schemas.extend(
        procedures
            .iter()
            .filter_map(|p| Some(p.name.split_once('.')?.0.to_string())),
    );
    schemas.sort();
    schemas.dedup();
    let clears = load::clears(pipeline, &loads);
    let plan = Plan {
        pipeline: pipeline.name.clone(),
        spec_path: spec_path(pipeline),
        copy_role: pipeline.redshift.copy_role.clone(),
        run_as: pipeline.redshift.run_as.clone(),
        copy_region: pipeline.redshift.copy_region.clone(),
        schema: pipeline.redshift.schema.clone(),
        load_procedure: pipeline.redshift.load_procedure.clone(),
        transform_procedure: pipeline.redshift.transform_procedure.clone(),
        params: pipeline
            .params
            .iter()
            .map(|p| PlanParam {
                name: p.name.clone(),
                argument: p.argument(),
                ty: p.ty,
            })
            .collect(),
        schemas,
        tables,
        clears,
        loads,
        steps,
        procedures,
    };
    (plan, diagnostics)
}

/// The procedures of every `plsql` step, in step order. Two steps may share a
/// unit (the same procedure, created once); two different procedures of one
/// name would replace each other.
fn procedures(
    steps: &[transform::Step],
    diagnostics: &mut Vec<Diagnostic>,
) -> Vec<crate::plsql::Procedure> {
    let mut all: Vec<crate::plsql::Procedure> = Vec::new();
    let translated = steps.iter().flat_map(|step| match &step.kind {
        transform::StepKind::Call { procedures, .. } => procedures.as_slice(),
        _ => &[],
    });
    for procedure in translated {
        match all.iter().find(|p| p.name == procedure.name) {
            Some(same) if same == procedure => {}
            Some(other) => diagnostics.push(
                Diagnostic::new(
                    crate::diag::Code::DuplicateName,
                    procedure.span.clone(),
                    format!("two procedures translate to `{}`", procedure.name),
                )
                .label(format!("`{}`", procedure.oracle_name))
                .also(other.span.clone(), format!("`{}`", other.oracle_name))
                .help("the later one would replace the earlier: rename one of them in its unit"),
            ),
            None => all.push(procedure.clone()),
        }
    }
    all
}

/// `<pipeline dir name>/pipeline.yaml`: stable whatever directory eltc runs from.
fn spec_path(pipeline: &Pipeline) -> String {
    let dir = pipeline.dir.file_name().map_or_else(
        || pipeline.name.clone(),
        |d| d.to_string_lossy().into_owned(),
    );
    format!("{dir}/pipeline.yaml")
}
