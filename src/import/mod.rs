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

pub mod assess;
pub mod cases;
pub mod classify;
pub mod ctl;
mod data_files;
pub mod ddl;
pub mod driver;
pub mod model;
pub mod report;
mod scripts;
mod sql_script;
pub mod units;
pub mod unload;
pub mod yaml;

use std::collections::{BTreeMap, BTreeSet};

use crate::diag::{Code, Diagnostic, FileId, Span};
use crate::plsql::Input;
use cases::{Day, expectations};
use classify::Kind;
use ctl::to_spec::{CallOverrides, Context};
use driver::{Driver, ExitCheck, SqlldrCall};
use model::{Finding, SourceOut, TableOut};
use units::{Param, Unit};
use yaml::{BatchOut, PipelineOut, StepOut};

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
    let of_kind = |kind: fn(&Kind) -> bool| {
        request
            .files
            .iter()
            .zip(&kinds)
            .filter(move |(_, k)| kind(k))
            .map(|(f, _)| *f)
    };
    // Drivers: what runs, in order.
    let drivers: Vec<Driver> = of_kind(|k| matches!(k, Kind::Driver))
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
    for (file, kind) in request.files.iter().zip(&kinds) {
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
    let loads: Vec<&SqlldrCall> = drivers.iter().flat_map(|d| &d.loads).collect();
    let mut runs: Vec<scripts::Run> = Vec::new();
    for d in &drivers {
        runs.extend(scripts::calls_in_order(d, &request.files, &kinds, &mut out));
    }
    // Steps keep the index of their run: the calls' params first (named
    // after the procedures' parameters), then the scripts', which reuse them.
    let calls: Vec<(usize, &driver::ProcCall)> = runs
        .iter()
        .enumerate()
        .filter_map(|(i, run)| match run {
            scripts::Run::Call(call) => Some((i, call)),
            scripts::Run::Sql(_) => None,
        })
        .collect();
    // PL/SQL units and the calls that reach them.
    let plsql_files: Vec<LegacyFile<'_>> = of_kind(|k| *k == Kind::Plsql).collect();
    let all_units: Vec<Unit> = plsql_files
        .iter()
        .flat_map(|f| units::units(f.id, f.text))
        .collect();
    let mut params: Vec<Param> = Vec::new();
    let mut steps: Vec<(usize, StepOut)> = Vec::new();
    let mut step_files: BTreeSet<FileId> = BTreeSet::new();
    for &(index, call) in &calls {
        let Some((unit, _inner)) = units::called(&all_units, &call.name) else {
            out.diagnostics.push(
                Diagnostic::new(
                    Code::ImportNoEntry,
                    call.span.clone(),
                    format!("the driver calls `{}`, which no input defines", call.name),
                )
                .label("call")
                .help("add the unit's source file to the import's inputs"),
            );
            continue;
        };
        let Some(file) = plsql_files.iter().find(|f| f.id == unit.file) else {
            continue;
        };
        let names = units::parameters(file.text, &call.name);
        let (call_text, found, unresolved) = units::call_and_params(call, &names);
        for variable in &call.block_variables {
            out.diagnostics.push(
                Diagnostic::new(Code::ImportDriverUnparsed, call.span.clone(), format!("the argument `{variable}` of `{}` is a variable of the calling block that nothing assigns before the call", call.name))
                    .label("call")
                    .help("an OUT argument the legacy block read afterwards has no step form: carry over what the block did with it by hand, and give the step's call a value or a `:param` for an IN argument"),
            );
        }
        for value in unresolved {
            out.diagnostics.push(
                Diagnostic::new(Code::ImportDriverUnparsed, call.span.clone(), format!("the argument `{value}` of `{}` depends on a driver variable eltc cannot map to a param", call.name))
                    .label("call")
                    .help("declare a param for it and write the call's argument as `:param`"),
            );
        }
        for param in found {
            if !params.iter().any(|p| p.name == param.name) {
                params.push(param);
            }
        }
        let base = file
            .path
            .rsplit('/')
            .next()
            .unwrap_or(file.path)
            .to_string();
        let step_name = call
            .name
            .rsplit('.')
            .next()
            .unwrap_or(&call.name)
            .to_string();
        out.findings.push(Finding::translated(
            "driver:sqlplus call",
            call.span.clone(),
            format!("transform step {step_name}: call {call_text}"),
        ));
        if step_files.insert(file.id) {
            out.files
                .push((format!("transforms/{base}"), file.text.to_string()));
        }
        steps.push((
            index,
            StepOut {
                name: step_name,
                file: format!("transforms/{base}"),
                call: Some(call_text),
                comment: format!("the driver runs {}({})", call.name, call.args.join(", ")),
            },
        ));
    }
    let mut sql_text = String::new();
    for (index, run) in runs.iter().enumerate() {
        if let scripts::Run::Sql(sql) = run {
            let step = scripts::sql_step(sql, &mut params, &drivers, &mut out);
            if let Some((_, text)) = out.files.iter().rev().find(|(f, _)| *f == step.file) {
                sql_text.push_str(&text.to_lowercase());
            }
            steps.push((index, step));
        }
    }
    steps.sort_by_key(|(index, _)| *index);
    let steps: Vec<StepOut> = steps.into_iter().map(|(_, step)| step).collect();
    let sql_steps = runs.iter().any(|r| matches!(r, scripts::Run::Sql(_)));
    if calls.is_empty()
        && !sql_steps
        && let Some(file) = plsql_files.first()
    {
        out.diagnostics.push(
            Diagnostic::new(
                Code::ImportNoEntry,
                Span::file_start(file.id),
                "no driver among the inputs calls a PL/SQL unit",
            )
            .label("unit")
            .help("add the driver to the inputs, or write the pipeline's transforms: by hand"),
        );
    }
    for unit in &all_units {
        let reached = step_files.contains(&unit.file);
        if !reached && unit.kind != "PACKAGE" {
            out.diagnostics.push(
                Diagnostic::new(
                    Code::ImportUnusedUnit,
                    Span::new(unit.file, unit.offset..unit.offset + 6),
                    format!(
                        "no driver calls the {} `{}`",
                        unit.kind.to_lowercase(),
                        unit.name
                    ),
                )
                .label("not imported")
                .help(
                    "check whether another scheduler runs it; import it as its own pipeline if so",
                ),
            );
        } else if unit.kind == "PACKAGE" {
            out.findings.push(Finding::translated(
                "plsql:package specification",
                Span::new(unit.file, unit.offset..unit.offset + 6),
                "not needed: the body's procedures are translated",
            ));
        }
    }
    data_files::add_params(&loads, &drivers, &mut params, &mut out);
    // Tables: the DDL with the called units (their NEXTVALs make IDENTITY columns).
    let ddl_files: Vec<LegacyFile<'_>> = of_kind(|k| *k == Kind::Ddl).collect();
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
                table_span(&ddl_files, name).unwrap_or_else(|| fallback.clone())
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
    // Sources, in the drivers' load order, then control files no driver runs.
    let controls: Vec<LegacyFile<'_>> = of_kind(|k| *k == Kind::Control).collect();
    let mut order: Vec<(LegacyFile<'_>, Option<&SqlldrCall>)> = Vec::new();
    for load in &loads {
        let Some(control) = &load.control else {
            continue;
        };
        let base = basename(control);
        let found = controls.iter().find(|c| {
            basename(c.path).eq_ignore_ascii_case(&base)
                || basename(c.path).eq_ignore_ascii_case(&format!("{base}.ctl"))
        });
        match found {
            Some(c) if !order.iter().any(|(o, _)| o.id == c.id) => order.push((*c, Some(load))),
            Some(_) => {}
            None => out.diagnostics.push(
                Diagnostic::new(
                    Code::ImportDriverUnparsed,
                    load.span.clone(),
                    format!(
                        "sqlldr runs the control file `{control}`, which is not among the inputs"
                    ),
                )
                .label("sqlldr")
                .help("add the control file to the import's inputs"),
            ),
        }
    }
    for c in &controls {
        if !order.iter().any(|(o, _)| o.id == c.id) {
            if !drivers.is_empty() {
                out.diagnostics.push(
                    Diagnostic::new(Code::ImportDriverUnparsed, Span::file_start(c.id), format!("no driver runs `{}`; its source is loaded after the others", c.path))
                        .label("control file")
                        .help("check when the legacy ran it, and move the source to its place in sources:"),
                );
            }
            order.push((*c, None));
        }
    }
    let parsed_controls: Vec<ctl::ast::ControlFile> = order
        .iter()
        .map(|(control, _)| {
            let mut diagnostics = Vec::new();
            let parsed = ctl::parse(control.id, control.text, &mut diagnostics);
            out.diagnostics.extend(diagnostics);
            parsed
        })
        .collect();
    let tables = date_only_columns(tables, &parsed_controls, &order, &mut out.findings);
    let table_of = |name: &str| -> Option<&TableOut> {
        let lower = name.to_lowercase();
        let in_schema = request
            .schema
            .as_ref()
            .filter(|_| !lower.contains('.'))
            .map(|schema| format!("{schema}.{lower}"));
        let named = |wanted: &str| tables.iter().find(|t| t.name == wanted);
        in_schema
            .as_deref()
            .and_then(named)
            .or_else(|| named(&lower))
            .or_else(|| {
                if lower.contains('.') {
                    None
                } else {
                    tables
                        .iter()
                        .find(|t| t.name.rsplit('.').next() == Some(lower.as_str()))
                }
            })
    };
    let mut sources: Vec<SourceOut> = Vec::new();
    let mut landing_dir: Option<String> = None;
    for ((control, load), parsed) in order.iter().zip(&parsed_controls) {
        let mut call = CallOverrides::default();
        if let Some(load) = load {
            call.data = load.data.as_deref().map(|d| file_pattern(d, &params));
            call.errors = load.errors.as_deref().and_then(|e| e.parse().ok());
            call.skip = load.skip.as_deref().and_then(|e| e.parse().ok());
            out.diagnostics
                .extend(data_files::unexpressed(load, &params));
            match load.exit_check {
                ExitCheck::WarningTolerated => out.findings.push(Finding::translated(
                    "driver:exit code 2 tolerated",
                    load.span.clone(),
                    "max_errors: rejected records within the limit do not fail the batch",
                )),
                ExitCheck::Checked => out.findings.push(Finding::translated(
                    "driver:exit code checked",
                    load.span.clone(),
                    "a failed load fails the batch",
                )),
                ExitCheck::Unchecked | ExitCheck::Deferred => {}
            }
            out.findings.push(Finding::translated(
                "driver:sqlldr call",
                load.span.clone(),
                format!("source {}", stem(control.path)),
            ));
        }
        let data_path = load
            .and_then(|l| l.data.clone())
            .or_else(|| parsed.load.infiles.first().map(|i| i.name.clone()));
        if landing_dir.is_none() {
            landing_dir = data_path.as_deref().map(directory);
        }
        let name = identifier(&stem(control.path));
        let pattern = |path: &str| file_pattern(path, &params);
        let cx = Context {
            file: control.id,
            name: unique(&name, &sources),
            call,
            file_pattern: &pattern,
            table: &table_of,
            schema: request.schema.as_deref(),
        };
        let imported = ctl::to_spec::source(parsed, &cx);
        out.findings.extend(imported.findings);
        out.diagnostics.extend(imported.diagnostics);
        if let Some(range) = &parsed.inline_data {
            out.files.push((
                format!("fixtures/inline/{}.dat", cx.name),
                control.text[range.clone()].to_string(),
            ));
        }
        if let Some(mut source) = imported.source {
            source.comments.push(format!(
                "{}{}",
                control.path,
                load.map_or(String::new(), |_| " (run by the driver's sqlldr call)"
                    .into())
            ));
            sources.push(source);
        }
    }
    // The tables the pipeline uses, in DDL order.
    let mut step_text: String = plsql_files
        .iter()
        .filter(|f| step_files.contains(&f.id))
        .map(|f| f.text.to_lowercase())
        .collect();
    step_text.push_str(&sql_text);
    let loaded: BTreeSet<String> = sources
        .iter()
        .flat_map(|s| s.targets.iter().map(|t| t.table.clone()))
        .collect();
    let mut used: Vec<TableOut> = Vec::new();
    for t in &tables {
        if !(loaded.contains(&t.name) || mentions(&step_text, &t.name)) {
            out.findings.push(Finding::translated(
                "ddl:table",
                t.span.clone(),
                format!("`{}` left out: no source or transform uses it", t.name),
            ));
            continue;
        }
        let mut t = t.clone();
        t.comments
            .push(format!("from {}", span_path(&ddl_files, &t.span)));
        out.findings.push(Finding::translated(
            "ddl:CREATE TABLE",
            t.span.clone(),
            format!("tables: {}", t.name),
        ));
        used.push(t);
    }
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
    // Unload scripts.
    // A script run as an `sql:` step spools its log, not rows to unload.
    let sql_files: BTreeSet<FileId> = runs
        .iter()
        .filter_map(|r| match r {
            scripts::Run::Sql(sql) => Some(sql.file),
            scripts::Run::Call(_) => None,
        })
        .collect();
    for file in of_kind(|k| *k == Kind::Unload).filter(|f| !sql_files.contains(&f.id)) {
        let (findings, diagnostics) = unload::read(file.id, file.text);
        out.findings.extend(findings);
        out.diagnostics.extend(diagnostics);
    }
    let batches = batches(request, &params, &used, &sources, &mut out.diagnostics);
    out.pipeline = PipelineOut {
        name: request.name.clone(),
        description: format!(
            "Imported from the legacy Oracle pipeline ({} files)",
            request.files.len()
        ),
        params,
        trigger: (notification, landing),
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

/// Oracle DATE columns (`timestamp`) that every control file loading them
/// reads with a mask without a time of day become `date`: SQL*Loader stores
/// midnight there, so nothing is lost, and Oracle's day arithmetic on them
/// keeps its meaning (Redshift's DATE - n is days too).
fn date_only_columns(
    mut tables: Vec<TableOut>,
    controls: &[ctl::ast::ControlFile],
    order: &[(LegacyFile<'_>, Option<&SqlldrCall>)],
    findings: &mut Vec<Finding>,
) -> Vec<TableOut> {
    use ctl::ast::{Datatype, FieldKind};
    let mut verdict: BTreeMap<(String, String), (bool, Span)> = BTreeMap::new();
    for ((control, _), parsed) in order.iter().zip(controls) {
        for into in &parsed.load.tables {
            let table = into.name.to_lowercase();
            for field in &into.columns {
                let date_only = match (&field.kind, &field.datatype, &field.sql) {
                    (FieldKind::Data, Some((Datatype::Date(Some(mask)), _)), None) => {
                        let upper = mask.to_ascii_uppercase();
                        !["HH", "MI", "SS", "AM", "PM", "FF", "SSSSS"]
                            .iter()
                            .any(|e| upper.contains(e))
                    }
                    (FieldKind::Data | FieldKind::Sysdate, _, _) => false,
                    _ => continue,
                };
                let entry = verdict
                    .entry((table.clone(), field.name.to_lowercase()))
                    .or_insert((true, Span::new(control.id, field.full.clone())));
                entry.0 &= date_only;
            }
        }
    }
    for table in &mut tables {
        for column in &mut table.columns {
            let key = (table.name.clone(), column.name.clone());
            if let Some((true, span)) = verdict.get(&key)
                && column.ty == "timestamp"
            {
                column.ty = "date".into();
                findings.push(Finding::translated(
                    "ddl:DATE loaded without a time",
                    span.clone(),
                    format!(
                        "{}.{} is `date`: SQL*Loader's mask has no time of day",
                        table.name, column.name
                    ),
                ));
            }
        }
    }
    tables
}

fn batches(
    request: &Request<'_>,
    params: &[Param],
    tables: &[TableOut],
    sources: &[SourceOut],
    diagnostics: &mut Vec<Diagnostic>,
) -> Vec<BatchOut> {
    let date_params: Vec<&Param> = params.iter().filter(|p| p.ty == "date").collect();
    let mut out = Vec::new();
    for day in &request.days {
        let Some(file) = request.files.first() else {
            break;
        };
        let span = Span::file_start(file.id);
        if date_params.len() != 1 || params.len() != 1 {
            diagnostics.push(
                Diagnostic::new(
                    Code::ImportExpectedColumns,
                    span,
                    format!(
                        "the legacy run of {} needs one date param; the driver's call gives {}",
                        day.date,
                        params.len()
                    ),
                )
                .label("tests not written")
                .help("write the tests: cases by hand with the params of each batch"),
            );
            break;
        }
        let param = date_params[0];
        for source in sources {
            let expected = render_pattern(&source.file, &param.name, &day.date);
            if !day.files.contains(&expected) {
                diagnostics.push(
                    Diagnostic::new(
                        Code::ImportExpectedColumns,
                        span.clone(),
                        format!(
                            "the legacy data of {} has no `{expected}` for source `{}`",
                            day.date, source.name
                        ),
                    )
                    .label("missing input")
                    .help(
                        "add the file to the day's data folder, or check the source's file pattern",
                    ),
                );
            }
        }
        let (expect, skipped) = expectations(day, tables);
        for (path, why) in skipped {
            diagnostics.push(
                Diagnostic::new(
                    Code::ImportExpectedColumns,
                    span.clone(),
                    format!("`{path}` is not compared: {why}"),
                )
                .label("expected rows")
                .help("write the query that produced the file as the expectation's query"),
            );
        }
        out.push(BatchOut {
            params: vec![(param.name.clone(), day.date.clone())],
            given: day.given.clone(),
            expect,
        });
    }
    out
}

/// A spec file pattern rendered for a date param's value (`YYYY-MM-DD`).
fn render_pattern(pattern: &str, param: &str, date: &str) -> String {
    let (y, rest) = date.split_at(4.min(date.len()));
    let m = rest.get(1..3).unwrap_or("");
    let d = rest.get(4..6).unwrap_or("");
    let mut out = pattern.replace(&format!("{{{param}}}"), date);
    while let Some(start) = out.find(&format!("{{{param}:")) {
        let Some(end) = out[start..].find('}') else {
            break;
        };
        let mask = &out[start + param.len() + 2..start + end];
        let value = mask.replace("YYYY", y).replace("MM", m).replace("DD", d);
        out.replace_range(start..start + end + 1, &value);
    }
    out
}

/// The last segment of a path (`/` or `\`).
fn basename(path: &str) -> String {
    path.rsplit(['/', '\\']).next().unwrap_or(path).to_string()
}

/// The file name without its extension.
fn stem(path: &str) -> String {
    let base = basename(path);
    match base.rsplit_once('.') {
        Some((stem, _)) if !stem.is_empty() => stem.to_string(),
        _ => base,
    }
}

/// The directory of a data path, as a landing prefix: relative, without
/// the segments only a run knows.
fn directory(path: &str) -> String {
    let dir = path.rsplit_once(['/', '\\']).map_or("", |(d, _)| d);
    dir.split(['/', '\\'])
        .filter(|s| !s.is_empty() && !s.contains('$') && !s.contains('%'))
        .collect::<Vec<_>>()
        .join("/")
}

/// A lower-case identifier (`legacy-nasdaq` -> `legacy_nasdaq`).
pub fn identifier(text: &str) -> String {
    let mut out: String = text
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                '_'
            }
        })
        .collect();
    if !out.starts_with(|c: char| c.is_ascii_alphabetic()) {
        out.insert_str(0, "s_");
    }
    out
}

fn unique(name: &str, sources: &[SourceOut]) -> String {
    let mut candidate = name.to_string();
    let mut n = 2;
    while sources.iter().any(|s| s.name == candidate) {
        candidate = format!("{name}_{n}");
        n += 1;
    }
    candidate
}

/// A data path as a spec file pattern: the file name, with each driver
/// variable that is a date param written as its capture.
fn file_pattern(path: &str, params: &[Param]) -> String {
    let mut name = basename(path);
    for param in params {
        let capture = match param.mask.as_deref() {
            Some("YYYY-MM-DD") | None => format!("{{{}}}", param.name),
            Some(mask) => format!("{{{}:{mask}}}", param.name),
        };
        name = name.replace(&format!("${{{}}}", param.var), &capture);
    }
    name
}

/// Whether `text` (lower case) names `table` as a whole word.
fn mentions(text: &str, table: &str) -> bool {
    let mut from = 0;
    while let Some(at) = text[from..].find(table) {
        let start = from + at;
        let end = start + table.len();
        let before = text[..start].chars().next_back();
        let after = text[end..].chars().next();
        let word = |c: Option<char>| c.is_some_and(|c| c.is_alphanumeric() || c == '_' || c == '.');
        if !word(before) && !word(after) {
            return true;
        }
        from = end;
    }
    false
}

/// Where the DDL creates `name` (its first mention after CREATE TABLE).
fn table_span(files: &[LegacyFile<'_>], name: &str) -> Option<Span> {
    for file in files {
        let lower = file.text.to_lowercase();
        let mut from = 0;
        while let Some(at) = lower[from..].find(name) {
            let start = from + at;
            let before = lower[..start].trim_end();
            if before.ends_with("table") && mentions(&lower[start..], name) {
                return Some(Span::new(file.id, start..start + name.len()));
            }
            from = start + name.len();
        }
    }
    None
}

fn span_path(files: &[LegacyFile<'_>], span: &Span) -> String {
    let path = files
        .iter()
        .find(|f| f.id == span.file)
        .map_or("the DDL", |f| f.path);
    let line = files.iter().find(|f| f.id == span.file).map_or(0, |f| {
        f.text[..span.range.start.min(f.text.len())]
            .matches('\n')
            .count()
            + 1
    });
    format!("{path}:{line}")
}

/// The findings of an import, grouped: used by the report and the assessment.
pub fn by_construct(findings: &[Finding]) -> BTreeMap<(String, model::Status), usize> {
    let mut counts = BTreeMap::new();
    for f in findings {
        *counts.entry((f.construct.clone(), f.status)).or_insert(0) += 1;
    }
    counts
}
