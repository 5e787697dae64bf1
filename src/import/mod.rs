//! `eltc import`: a legacy Oracle ELT folder (SQL*Loader control files,
//! shell drivers, PL/SQL, DDL, SQL*Plus unload scripts) into a pipeline spec
//! and a report of what each construct became.
//!
//! The core is pure: the CLI reads the files into the source map and lists
//! the legacy run's data and expected folders; [`import`] returns the texts
//! to write. Reading order: [`classify`] (what each file is), [`driver`]
//! (what runs, in order), [`ctl`] (control files into sources), [`units`]
//! (the PL/SQL a driver calls, and the params of its call), [`ddl`] (tables
//! through the translator), [`cases`] (legacy parity tests), [`unload`]
//! (unload scripts), [`yaml`] and [`report`] (the output).
//! [`import`] runs the phases in that order; `steps.rs` (the runs into
//! steps) and `sources.rs` (control files into sources) hold the longer ones.

pub mod assess;
pub mod cases;
pub mod classify;
pub mod ctl;
mod data_files;
pub mod ddl;
pub mod driver;
pub mod model;
mod names;
pub mod report;
mod scripts;
mod sources;
mod sql_script;
mod steps;
pub mod units;
pub mod unload;
pub mod yaml;

use std::collections::{BTreeMap, BTreeSet};

use crate::diag::{Code, Diagnostic, FileId, Span};
use crate::plsql::Input;
use cases::Day;
use classify::Kind;
use driver::{Driver, SqlldrCall};
use model::{Finding, SourceOut, TableOut};
pub use names::identifier;
use names::{mentions, span_path, table_span};
use units::Param;
use yaml::PipelineOut;

/// One legacy file.
#[derive(Clone, Copy, Debug)]
pub struct LegacyFile<'a> {
    /// Its id in the source map.
    pub id: FileId,
    /// Its path as shown (`/` separators).
    pub path: &'a str,
    /// Its text.
    pub text: &'a str,
}

/// What to import.
#[derive(Clone, Debug)]
pub struct Request<'a> {
    /// The pipeline's name.
    pub name: String,
    /// The legacy files.
    pub files: Vec<LegacyFile<'a>>,
    /// The legacy run's days, in order.
    pub days: Vec<Day>,
    /// `--schema`: the schema of tables named without one.
    pub schema: Option<String>,
}

/// What an import writes.
#[derive(Debug, Default)]
pub struct Imported {
    /// `pipeline.yaml`.
    pub yaml: String,
    /// The pipeline's parts (for the report and tests).
    pub pipeline: PipelineOut,
    /// Files to write under the pipeline folder: (relative path, text).
    pub files: Vec<(String, String)>,
    /// What each construct became.
    pub findings: Vec<Finding>,
    /// Everything raised.
    pub diagnostics: Vec<Diagnostic>,
}

/// Imports the legacy files.
pub fn import(request: &Request<'_>) -> Imported {
    let mut out = Imported::default();
    let kinds: Vec<Kind> = request
        .files
        .iter()
        .map(|f| classify::classify(f.path, f.text))
        .collect();
    let drivers = read_drivers(request, &kinds, &mut out);
    let loads: Vec<&SqlldrCall> = drivers.iter().flat_map(|d| &d.loads).collect();
    let mut runs: Vec<scripts::Run> = Vec::new();
    for d in &drivers {
        runs.extend(scripts::calls_in_order(d, &request.files, &kinds, &mut out));
    }
    let plsql_files = of_kind(request, &kinds, &Kind::Plsql);
    let steps::Steps {
        steps,
        mut params,
        step_files,
        sql_text,
    } = steps::steps(&runs, &drivers, &plsql_files, &mut out);
    data_files::add_params(&loads, &drivers, &mut params, &mut out);
    let ddl_files = of_kind(request, &kinds, &Kind::Ddl);
    let tables = tables(request, &ddl_files, &plsql_files, &step_files, &mut out);
    let controls = of_kind(request, &kinds, &Kind::Control);
    let order = sources::order(&loads, &controls, &drivers, &mut out);
    let parsed_controls = sources::parse(&order, &mut out);
    let tables = sources::date_only_columns(tables, &parsed_controls, &order, &mut out.findings);
    let (sources, landing_dir) = sources::sources(
        request,
        &order,
        &parsed_controls,
        &tables,
        &params,
        &mut out,
    );
    // The tables the pipeline uses, in DDL order.
    let mut step_text: String = plsql_files
        .iter()
        .filter(|f| step_files.contains(&f.id))
        .map(|f| f.text.to_lowercase())
        .collect();
    step_text.push_str(&sql_text);
    let used = used_tables(&tables, &sources, &step_text, &ddl_files, &mut out);
    let trigger = trigger(request, &params, landing_dir);
    unloads(request, &kinds, &runs, &mut out);
    let batches = cases::batches(request, &params, &used, &sources, &mut out.diagnostics);
    out.pipeline = PipelineOut {
        name: request.name.clone(),
        description: format!(
            "Imported from the legacy Oracle pipeline ({} files)",
            request.files.len()
        ),
        params,
        trigger,
        sources,
        tables: used,
        steps,
        batches,
    };
    out.yaml = yaml::render(&out.pipeline);
    for d in &out.diagnostics {
        out.findings.push(Finding::of(d));
    }
    out
}

/// The request's files of one kind, in the request's order.
fn of_kind<'a>(request: &Request<'a>, kinds: &[Kind], kind: &Kind) -> Vec<LegacyFile<'a>> {
    request
        .files
        .iter()
        .zip(kinds)
        .filter(|(_, k)| *k == kind)
        .map(|(f, _)| *f)
        .collect()
}

/// Decides what runs, in order (the drivers), and which files nothing
/// imports: neither a known kind nor a script a driver runs with sqlplus.
fn read_drivers(request: &Request<'_>, kinds: &[Kind], out: &mut Imported) -> Vec<Driver> {
    let drivers: Vec<Driver> = of_kind(request, kinds, &Kind::Driver)
        .iter()
        .map(|f| driver::read(f.id, f.text, classify::is_batch(f.path)))
        .collect();
    for d in &drivers {
        out.diagnostics.extend(d.diagnostics.iter().cloned());
        for (var, origins) in &d.origins {
            let span = d
                .calls
                .first()
                .map(|c| c.span.clone())
                .or_else(|| d.loads.first().map(|l| l.span.clone()));
            if let Some(span) = span {
                out.findings.push(Finding::translated(
                    "driver:variable",
                    span,
                    format!("${{{var}}} comes from {}", origins.join("; else ")),
                ));
            }
        }
    }
    // A script a driver runs with sqlplus is read there, not unknown.
    for (file, kind) in request.files.iter().zip(kinds) {
        let run = drivers
            .iter()
            .flat_map(|d| &d.scripts)
            .any(|script| scripts::runs_file(script, file.path));
        if *kind == Kind::Other && !run {
            out.diagnostics.push(
                Diagnostic::new(
                    Code::ImportUnknownFile,
                    Span::file_start(file.id),
                    format!(
                        "`{}` is no control file, driver, PL/SQL, DDL or unload script",
                        file.path
                    ),
                )
                .label("not imported")
                .help("check that nothing in it matters to the load"),
            );
        }
    }
    drivers
}

/// Decides the tables: the DDL through the translator, with the called
/// units (their NEXTVALs make IDENTITY columns); only the DDL's diagnostics.
fn tables(
    request: &Request<'_>,
    ddl_files: &[LegacyFile<'_>],
    plsql_files: &[LegacyFile<'_>],
    step_files: &BTreeSet<FileId>,
    out: &mut Imported,
) -> Vec<TableOut> {
    let mut inputs: Vec<Input<'_>> = ddl_files
        .iter()
        .map(|f| Input {
            file: f.id,
            text: f.text,
        })
        .collect();
    inputs.extend(
        plsql_files
            .iter()
            .filter(|f| step_files.contains(&f.id))
            .map(|f| Input {
                file: f.id,
                text: f.text,
            }),
    );
    let (tables, ddl_diagnostics) = match inputs.first() {
        Some(first) => {
            let fallback = Span::file_start(first.file);
            ddl::tables(&inputs, request.schema.as_deref(), &|name: &str| {
                table_span(ddl_files, name).unwrap_or_else(|| fallback.clone())
            })
        }
        None => (Vec::new(), Vec::new()),
    };
    let ddl_ids: BTreeSet<FileId> = ddl_files.iter().map(|f| f.id).collect();
    out.diagnostics.extend(
        ddl_diagnostics
            .into_iter()
            .filter(|d| ddl_ids.contains(&d.primary.span.file)),
    );
    tables
}

/// Decides which tables the pipeline keeps: those a source loads or a step
/// (`step_text`, lower case) mentions, in DDL order.
fn used_tables(
    tables: &[TableOut],
    sources: &[SourceOut],
    step_text: &str,
    ddl_files: &[LegacyFile<'_>],
    out: &mut Imported,
) -> Vec<TableOut> {
    let loaded: BTreeSet<String> = sources
        .iter()
        .flat_map(|s| s.targets.iter().map(|t| t.table.clone()))
        .collect();
    let mut used: Vec<TableOut> = Vec::new();
    for t in tables {
        if !(loaded.contains(&t.name) || mentions(step_text, &t.name)) {
            out.findings.push(Finding::translated(
                "ddl:table",
                t.span.clone(),
                format!("`{}` left out: no source or transform uses it", t.name),
            ));
            continue;
        }
        let mut t = t.clone();
        t.comments
            .push(format!("from {}", span_path(ddl_files, &t.span)));
        out.findings.push(Finding::translated(
            "ddl:CREATE TABLE",
            t.span.clone(),
            format!("tables: {}", t.name),
        ));
        used.push(t);
    }
    used
}

/// Decides the trigger: the notification key and the landing prefix, both
/// carrying the params' captures.
fn trigger(
    request: &Request<'_>,
    params: &[Param],
    landing_dir: Option<String>,
) -> (String, String) {
    let captures: Vec<String> = params.iter().map(|p| format!("{{{}}}", p.name)).collect();
    let notification = if captures.is_empty() {
        format!("notification/{}.done", request.name)
    } else {
        format!("notification/{}/{}.done", request.name, captures.join("_"))
    };
    let landing = {
        let dir = landing_dir.unwrap_or_default();
        let mut parts = vec![];
        if !dir.is_empty() {
            parts.push(dir);
        }
        if !captures.is_empty() {
            parts.push(captures.join("_"));
        }
        if parts.is_empty() {
            format!("{}/", request.name)
        } else {
            format!("{}/", parts.join("/"))
        }
    };
    (notification, landing)
}

/// Decides what the unload scripts become (findings only); a script run as
/// an `sql:` step spools its log, not rows to unload.
fn unloads(request: &Request<'_>, kinds: &[Kind], runs: &[scripts::Run], out: &mut Imported) {
    let sql_files: BTreeSet<FileId> = runs
        .iter()
        .filter_map(|r| match r {
            scripts::Run::Sql(sql) => Some(sql.file),
            scripts::Run::Call(_) => None,
        })
        .collect();
    for file in of_kind(request, kinds, &Kind::Unload) {
        if sql_files.contains(&file.id) {
            continue;
        }
        let (findings, diagnostics) = unload::read(file.id, file.text);
        out.findings.extend(findings);
        out.diagnostics.extend(diagnostics);
    }
}

/// The findings of an import, grouped: used by the report and the assessment.
pub fn by_construct(findings: &[Finding]) -> BTreeMap<(String, model::Status), usize> {
    let mut counts = BTreeMap::new();
    for f in findings {
        *counts.entry((f.construct.clone(), f.status)).or_insert(0) += 1;
    }
    counts
}
