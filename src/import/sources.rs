//! The `sources:` of an imported pipeline: the control files, in the
//! drivers' load order, each through `ctl::to_spec` with what its sqlldr call
//! overrides.

use std::collections::BTreeMap;

use crate::diag::{Code, Diagnostic, Span};
use crate::import::ctl::to_spec::{CallOverrides, Context};
use crate::import::driver::{Driver, ExitCheck, SqlldrCall};
use crate::import::model::{Finding, SourceOut, TableOut};
use crate::import::names::{basename, directory, file_pattern, identifier, stem, unique};
use crate::import::units::Param;
use crate::import::{Imported, LegacyFile, Request, ctl, data_files};

/// A control file and the driver's sqlldr call that runs it, if one does.
pub(super) type Load<'a, 'd> = (LegacyFile<'a>, Option<&'d SqlldrCall>);

/// Decides the sources' order: the drivers' load order, then control files
/// no driver runs.
pub(super) fn order<'a, 'd>(
    loads: &[&'d SqlldrCall],
    controls: &[LegacyFile<'a>],
    drivers: &[Driver],
    out: &mut Imported,
) -> Vec<Load<'a, 'd>> {
    let mut order: Vec<Load<'a, 'd>> = Vec::new();
    for load in loads {
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
    for c in controls {
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
    order
}

/// Parses the control files, in order.
pub(super) fn parse(order: &[Load<'_, '_>], out: &mut Imported) -> Vec<ctl::ast::ControlFile> {
    order
        .iter()
        .map(|(control, _)| {
            let mut diagnostics = Vec::new();
            let parsed = ctl::parse(control.id, control.text, &mut diagnostics);
            out.diagnostics.extend(diagnostics);
            parsed
        })
        .collect()
}

/// Decides each control file's source (and its landing directory: the
/// first data path's): the table it loads, the file pattern of its data.
pub(super) fn sources(
    request: &Request<'_>,
    order: &[Load<'_, '_>],
    parsed_controls: &[ctl::ast::ControlFile],
    tables: &[TableOut],
    params: &[Param],
    out: &mut Imported,
) -> (Vec<SourceOut>, Option<String>) {
    let table_of = |name: &str| table_of(request, tables, name);
    let mut sources: Vec<SourceOut> = Vec::new();
    let mut landing_dir: Option<String> = None;
    for ((control, load), parsed) in order.iter().zip(parsed_controls) {
        let call = match load {
            Some(load) => call_overrides(control, load, params, out),
            None => CallOverrides::default(),
        };
        let data_path = load
            .and_then(|l| l.data.clone())
            .or_else(|| parsed.load.infiles.first().map(|i| i.name.clone()));
        if landing_dir.is_none() {
            landing_dir = data_path.as_deref().map(directory);
        }
        if let Some(warning) = load.and_then(data_files::runtime_directory) {
            out.diagnostics.push(warning);
        }
        let name = identifier(&stem(control.path));
        let pattern = |path: &str| file_pattern(path, params);
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
    (sources, landing_dir)
}

/// Decides what a driver's sqlldr call overrides in its control file (data,
/// errors, skip) and what its exit check means.
fn call_overrides(
    control: &LegacyFile<'_>,
    load: &SqlldrCall,
    params: &[Param],
    out: &mut Imported,
) -> CallOverrides {
    let call = CallOverrides {
        data: load.data.as_deref().map(|d| file_pattern(d, params)),
        errors: load.errors.as_deref().and_then(|e| e.parse().ok()),
        skip: load.skip.as_deref().and_then(|e| e.parse().ok()),
    };
    out.diagnostics
        .extend(data_files::unexpressed(load, params));
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
    call
}

/// The table a control file's INTO TABLE names: in `--schema` if it names
/// none, else as named, else any schema's table of that name.
fn table_of<'t>(request: &Request<'_>, tables: &'t [TableOut], name: &str) -> Option<&'t TableOut> {
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
}

/// Oracle DATE columns (`timestamp`) that every control file loading them
/// reads with a mask without a time of day become `date`: SQL*Loader stores
/// midnight there, so nothing is lost, and Oracle's day arithmetic on them
/// keeps its meaning (Redshift's DATE - n is days too).
pub(super) fn date_only_columns(
    mut tables: Vec<TableOut>,
    controls: &[ctl::ast::ControlFile],
    order: &[Load<'_, '_>],
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
