//! What a driver runs besides sqlldr: the procedure calls of its sqlplus
//! here-documents, and the scripts sqlplus runs (`@file`, `< file`), read
//! for their calls in the order the driver runs them. Every driver is
//! accounted for in the report, even one whose calls eltc cannot read.

use super::classify::Kind;
use super::driver::{Driver, ProcCall, ScriptRun, calls_in};
use super::model::Finding;
use super::{Imported, LegacyFile, basename};
use crate::diag::{Code, Diagnostic, Span};

/// The driver's procedure calls, its scripts' included, in the order the
/// driver runs them; the scripts and drivers it runs are reported.
pub fn calls_in_order(
    driver: &Driver,
    files: &[LegacyFile<'_>],
    kinds: &[Kind],
    out: &mut Imported,
) -> Vec<ProcCall> {
    let mut ordered: Vec<(usize, ProcCall)> = driver
        .calls
        .iter()
        .map(|c| (c.span.range.start, c.clone()))
        .collect();
    for run in &driver.scripts {
        for call in script_calls(run, files, kinds, out) {
            ordered.push((run.span.range.start, call));
        }
    }
    // Stable: calls of one here-document or script keep their order.
    ordered.sort_by_key(|(at, _)| *at);
    for run in &driver.runs {
        out.findings.push(Finding::translated(
            "driver:runs another driver",
            run.span.clone(),
            format!(
                "runs `{}` (imported on its own when it is among the inputs)",
                run.path
            ),
        ));
    }
    if driver.loads.is_empty()
        && ordered.is_empty()
        && driver.scripts.is_empty()
        && driver.runs.is_empty()
        && let Some(span) = driver_span(driver, files)
    {
        out.diagnostics.push(
            Diagnostic::new(
                Code::ImportDriverUnparsed,
                span,
                "this driver runs no sqlldr, sqlplus or other driver that eltc can read",
            )
            .label("driver")
            .help("check what it runs (a loop or a command eltc does not read) and carry it over by hand"),
        );
    }
    ordered.into_iter().map(|(_, call)| call).collect()
}

/// The calls of the script `run`, or a diagnostic when it is not among the
/// inputs or holds SQL that the import does not carry over.
fn script_calls(
    run: &ScriptRun,
    files: &[LegacyFile<'_>],
    kinds: &[Kind],
    out: &mut Imported,
) -> Vec<ProcCall> {
    let wanted = basename(&run.path);
    let found = files.iter().zip(kinds).find(|(f, _)| {
        let base = basename(f.path);
        base.eq_ignore_ascii_case(&wanted) || base.eq_ignore_ascii_case(&format!("{wanted}.sql"))
    });
    let Some((file, kind)) = found else {
        out.diagnostics.push(
            Diagnostic::new(
                Code::ImportDriverUnparsed,
                run.span.clone(),
                format!(
                    "sqlplus runs the script `{}`, which is not among the inputs",
                    run.path
                ),
            )
            .label("sqlplus")
            .help("add the script to the import's inputs"),
        );
        return Vec::new();
    };
    let span = Span::new(file.id, 0..file.text.len());
    let calls = calls_in(file.text, &span);
    out.findings.push(Finding::translated(
        "driver:sqlplus script",
        run.span.clone(),
        format!(
            "sqlplus runs `{}`: {} procedure call(s)",
            file.path,
            calls.len()
        ),
    ));
    let statements = sql_statements(file.text);
    if calls.is_empty() && *kind != Kind::Plsql && *kind != Kind::Ddl && statements > 0 {
        out.diagnostics.push(
            Diagnostic::new(
                Code::ImportScriptSql,
                Span::new(file.id, 0..0),
                format!(
                    "`{}` runs {statements} SQL statement(s) that are not imported as steps",
                    file.path
                ),
            )
            .label("run by the driver")
            .help("copy the statements into a transform file and add it as an `sql:` step"),
        );
    }
    calls
}

/// Statements of a script that change data (INSERT, UPDATE, DELETE,
/// MERGE, TRUNCATE), counted by their first word at a line's start.
fn sql_statements(text: &str) -> usize {
    text.lines()
        .filter(|line| {
            let first = line.split_whitespace().next().unwrap_or("");
            ["INSERT", "UPDATE", "DELETE", "MERGE", "TRUNCATE"]
                .iter()
                .any(|w| first.eq_ignore_ascii_case(w))
        })
        .count()
}

/// Where a driver is: its first finding's span, else its file's start.
fn driver_span(driver: &Driver, files: &[LegacyFile<'_>]) -> Option<Span> {
    let file = driver.file?;
    files
        .iter()
        .find(|f| f.id == file)
        .map(|f| Span::new(f.id, 0..f.text.lines().next().map_or(0, str::len)))
}

#[cfg(test)]
mod tests {
    use crate::diag::{Code, SourceMap};
    use crate::import::{LegacyFile, Request, import};

    fn imported(files: &[(&str, &str)]) -> crate::import::Imported {
        let mut sources = SourceMap::new();
        let files = files
            .iter()
            .map(|(path, text)| LegacyFile {
                id: sources.add(*path, *text),
                path,
                text,
            })
            .collect();
        import(&Request {
            name: "q".into(),
            files,
            days: Vec::new(),
        })
    }

    const UNIT: &str =
        "CREATE OR REPLACE PROCEDURE etl.load_day IS\nBEGIN\n  NULL;\nEND load_day;\n/\n";

    /// SQL*Plus runs `@file` as if its lines were typed (SQL*Plus User's
    /// Guide, "@ (at sign)"): the `exec` in the script is the transform step.
    #[test]
    fn a_call_in_a_script_run_by_sqlplus_is_a_step() {
        let out = imported(&[
            (
                "run.sh",
                "#!/bin/sh\nsqlplus -s u/p@db @call_load.sql || exit 1\n",
            ),
            (
                "call_load.sql",
                "whenever sqlerror exit 1\nexec etl.load_day;\nexit\n",
            ),
            ("load_day.prc", UNIT),
        ]);
        assert_eq!(out.pipeline.steps.len(), 1, "{:#?}", out.diagnostics);
        assert!(
            !out.diagnostics
                .iter()
                .any(|d| d.code == Code::ImportNoEntry)
        );
    }

    /// A script of plain DML run by the driver is the transform: it is an
    /// error until it is carried over, never an empty pipeline that passes.
    #[test]
    fn plain_sql_run_by_the_driver_is_reported() {
        let out = imported(&[
            ("run.sh", "#!/bin/sh\nsqlplus -s u/p@db < merge_day.sql\n"),
            (
                "merge_day.sql",
                "DELETE FROM dw.f WHERE d = TRUNC(SYSDATE);\nINSERT INTO dw.f SELECT * FROM stg.f;\nCOMMIT;\n",
            ),
        ]);
        assert!(
            out.diagnostics
                .iter()
                .any(|d| d.code == Code::ImportScriptSql),
            "{:#?}",
            out.diagnostics
        );
    }
}
