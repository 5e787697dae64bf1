//! The `steps:` of an imported pipeline: the PL/SQL units the drivers call
//! (`plsql:` steps) and the plain SQL scripts they run (`sql:` steps), in
//! the drivers' order, with the params their calls need.

use std::collections::BTreeSet;

use crate::diag::{Code, Diagnostic, FileId, Span};
use crate::import::driver::{Driver, ProcCall};
use crate::import::model::Finding;
use crate::import::scripts::{self, Run};
use crate::import::units::{self, Param, Unit};
use crate::import::yaml::StepOut;
use crate::import::{Imported, LegacyFile};

/// The steps, the params their calls need and the files they use.
pub(super) struct Steps {
    /// In the drivers' order.
    pub steps: Vec<StepOut>,
    /// The params, the calls' first (named after the procedures'
    /// parameters), then the scripts', which reuse them.
    pub params: Vec<Param>,
    /// The PL/SQL files a step calls.
    pub step_files: BTreeSet<FileId>,
    /// The `sql:` steps' texts, lower case (what they mention).
    pub sql_text: String,
}

/// Decides which runs become steps: each call a unit defines, each SQL script.
pub(super) fn steps(
    runs: &[Run],
    drivers: &[Driver],
    plsql_files: &[LegacyFile<'_>],
    out: &mut Imported,
) -> Steps {
    // Steps keep the index of their run: the calls' params first (named
    // after the procedures' parameters), then the scripts', which reuse them.
    let calls: Vec<(usize, &ProcCall)> = runs
        .iter()
        .enumerate()
        .filter_map(|(i, run)| match run {
            Run::Call(call) => Some((i, call)),
            Run::Sql(_) => None,
        })
        .collect();
    // PL/SQL units and the calls that reach them.
    let all_units: Vec<Unit> = plsql_files
        .iter()
        .flat_map(|f| units::units(f.id, f.text))
        .collect();
    let mut found = Steps {
        steps: Vec::new(),
        params: Vec::new(),
        step_files: BTreeSet::new(),
        sql_text: String::new(),
    };
    let mut steps: Vec<(usize, StepOut)> = Vec::new();
    for &(index, call) in &calls {
        if let Some(step) = call_step(call, &all_units, plsql_files, &mut found, out) {
            steps.push((index, step));
        }
    }
    for (index, run) in runs.iter().enumerate() {
        if let Run::Sql(sql) = run {
            let step = scripts::sql_step(sql, &mut found.params, drivers, out);
            if let Some((_, text)) = out.files.iter().rev().find(|(f, _)| *f == step.file) {
                found.sql_text.push_str(&text.to_lowercase());
            }
            steps.push((index, step));
        }
    }
    steps.sort_by_key(|(index, _)| *index);
    found.steps = steps.into_iter().map(|(_, step)| step).collect();
    let sql_steps = runs.iter().any(|r| matches!(r, Run::Sql(_)));
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
    unused_units(&all_units, &found.step_files, out);
    found
}

/// Decides the `plsql:` step of one driver call: its unit's file, its call
/// text and the params its arguments need.
fn call_step(
    call: &ProcCall,
    all_units: &[Unit],
    plsql_files: &[LegacyFile<'_>],
    found: &mut Steps,
    out: &mut Imported,
) -> Option<StepOut> {
    let Some((unit, _inner)) = units::called(all_units, &call.name) else {
        out.diagnostics.push(
            Diagnostic::new(
                Code::ImportNoEntry,
                call.span.clone(),
                format!("the driver calls `{}`, which no input defines", call.name),
            )
            .label("call")
            .help("add the unit's source file to the import's inputs"),
        );
        return None;
    };
    let file = plsql_files.iter().find(|f| f.id == unit.file)?;
    let names = units::parameters(file.text, &call.name);
    let (call_text, params, unresolved) = units::call_and_params(call, &names);
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
    for param in params {
        if !found.params.iter().any(|p| p.name == param.name) {
            found.params.push(param);
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
    if found.step_files.insert(file.id) {
        out.files
            .push((format!("transforms/{base}"), file.text.to_string()));
    }
    Some(StepOut {
        name: step_name,
        file: format!("transforms/{base}"),
        call: Some(call_text),
        comment: format!("the driver runs {}({})", call.name, call.args.join(", ")),
    })
}

/// Decides what is said of the units no step calls: unused, unless a
/// package specification (its body's procedures are what is called).
fn unused_units(all_units: &[Unit], step_files: &BTreeSet<FileId>, out: &mut Imported) {
    for unit in all_units {
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
}
