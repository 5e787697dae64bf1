//! What a driver runs besides sqlldr: the procedure calls of its sqlplus
//! here-documents, and the scripts sqlplus runs (`@file`, `< file`), read
//! for their calls in the order the driver runs them. Every driver is
//! accounted for in the report, even one whose calls eltc cannot read.

use super::classify::Kind;
use super::driver::{Driver, ProcCall, ScriptRun, calls_in};
use super::model::Finding;
use super::names::{basename, identifier, stem};
use super::sql_script::Value;
use super::sql_script::{self, Script};
use super::units::Param;
use super::yaml::StepOut;
use super::{Imported, LegacyFile, data_files};
use crate::diag::{Code, Diagnostic, FileId, Severity, Span};

/// What a driver runs through sqlplus.
#[derive(Clone, Debug)]
pub enum Run {
    /// A procedure call: a `plsql:` step.
    Call(ProcCall),
    /// A script of plain SQL: an `sql:` step.
    Sql(SqlRun),
}

/// A script of plain SQL that sqlplus runs.
#[derive(Clone, Debug)]
pub struct SqlRun {
    /// The script's file.
    pub file: FileId,
    /// Its path among the inputs.
    pub path: String,
    /// The arguments the driver passes (`&1`, `&2`).
    pub args: Vec<String>,
    /// The driver's sqlplus call.
    pub span: Span,
    /// The script read.
    pub script: Script,
}

/// The driver's procedure calls and plain SQL scripts, its scripts' calls
/// included, in the order the driver runs them; the scripts and drivers it
/// runs are reported.
pub fn calls_in_order(
    driver: &Driver,
    files: &[LegacyFile<'_>],
    kinds: &[Kind],
    out: &mut Imported,
) -> Vec<Run> {
    let mut ordered: Vec<(usize, Run)> = driver
        .calls
        .iter()
        .map(|c| (c.span.range.start, Run::Call(c.clone())))
        .collect();
    for run in &driver.scripts {
        for found in script_calls(run, files, kinds, out) {
            if let Run::Sql(sql) = &found {
                before_loads(driver, sql, out);
            }
            ordered.push((run.span.range.start, found));
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

/// The `sql:` step of a script: its statements with the substitution
/// variables the driver's arguments and the script's DEFINEs give, a
/// driver variable as the param `params` has for it or a new one.
pub fn sql_step(
    run: &SqlRun,
    params: &mut Vec<Param>,
    drivers: &[Driver],
    out: &mut Imported,
) -> StepOut {
    let script = &run.script;
    let value = |name: &str| -> Value {
        let arg = name
            .parse::<usize>()
            .ok()
            .and_then(|n| run.args.get(n.checked_sub(1)?));
        if let Some(arg) = arg {
            let var = arg
                .strip_prefix("${")
                .and_then(|a| a.strip_suffix('}'))
                .filter(|v| !v.contains(['$', '{', '}']));
            return match var {
                Some(var) => Value::Variable(var.to_string()),
                None if arg.contains("${") => Value::Missing,
                None => Value::Text(arg.clone()),
            };
        }
        match script.defines.iter().rev().find(|(d, _)| d == name) {
            Some((_, v)) => Value::Text(v.clone()),
            None => Value::Missing,
        }
    };
    let mut bind = |var: &str, mask: Option<&str>| -> Param {
        if let Some(found) = params.iter().find(|p| p.var == var) {
            return found.clone();
        }
        let param = Param {
            name: data_files::param_name(var, params),
            ty: if mask.is_some() {
                "date"
            } else {
                "varchar(100)"
            }
            .to_string(),
            var: var.to_string(),
            mask: mask.map(str::to_string),
            origin: data_files::origin(var, drivers),
        };
        params.push(param.clone());
        param
    };
    let mut diagnostics = Vec::new();
    let body = sql_script::render(script, &value, &mut bind, run.file, &mut diagnostics);
    out.diagnostics.extend(diagnostics);
    out.diagnostics.extend(script.diagnostics.iter().cloned());
    out.findings.extend(script.findings.iter().cloned());
    let base = basename(&run.path);
    let name = identifier(&stem(&run.path));
    let text = format!(
        "-- {base}, run by the driver's sqlplus: its statements, without the SQL*Plus\n-- commands (see import-report.md)\n\n{body}"
    );
    out.files.push((format!("transforms/{base}"), text));
    StepOut {
        name,
        file: format!("transforms/{base}"),
        call: None,
        comment: format!("the driver runs sqlplus @{} {}", base, run.args.join(" "))
            .trim_end()
            .to_string(),
    }
}

/// Whether `run` runs the file at `path`: sqlplus adds `.sql` to a script
/// name without an extension.
pub fn runs_file(run: &ScriptRun, path: &str) -> bool {
    let wanted = basename(&run.path);
    let base = basename(path);
    base.eq_ignore_ascii_case(&wanted) || base.eq_ignore_ascii_case(&format!("{wanted}.sql"))
}

/// A script of SQL the driver runs before one of its loads: the pipeline
/// runs every transform after the loads.
fn before_loads(driver: &Driver, sql: &SqlRun, out: &mut Imported) {
    let later = driver
        .loads
        .iter()
        .find(|l| l.span.range.start > sql.span.range.start);
    if let Some(load) = later {
        out.diagnostics.push(
            Diagnostic::new(
                Code::ImportScriptSql,
                sql.span.clone(),
                format!("the driver runs `{}` before a sqlldr call; the pipeline runs its step after every load", sql.path),
            )
            .severity(Severity::Warning)
            .label("runs before a load")
            .also(load.span.clone(), "this load runs first in the pipeline")
            .help("check that the statements give the same rows after the loads (a source with `mode: truncate` already clears its table); otherwise move what must come first into the source's `columns:` or a step by hand"),
        );
    }
}

/// The calls of the script `run`, or its statements as a `sql:` step, or a
/// diagnostic when it is not among the inputs or holds SQL that the import
/// does not carry over.
fn script_calls(
    run: &ScriptRun,
    files: &[LegacyFile<'_>],
    kinds: &[Kind],
    out: &mut Imported,
) -> Vec<Run> {
    let found = files
        .iter()
        .zip(kinds)
        .find(|(f, _)| runs_file(run, f.path));
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
    let mut calls = calls_in(file.text, &span);
    for call in &mut calls {
        for arg in &mut call.args {
            *arg = substitute_arguments(arg, &run.args);
        }
    }
    let statements = sql_statements(file.text);
    if !calls.is_empty() || *kind == Kind::Plsql || *kind == Kind::Ddl || statements == 0 {
        out.findings.push(Finding::translated(
            "driver:sqlplus script",
            run.span.clone(),
            format!(
                "sqlplus runs `{}`: {} procedure call(s)",
                file.path,
                calls.len()
            ),
        ));
        return calls.into_iter().map(Run::Call).collect();
    }
    let script = sql_script::read(file.id, file.text);
    if let Some(why) = &script.refused {
        out.diagnostics.push(
            Diagnostic::new(
                Code::ImportScriptSql,
                Span::new(file.id, 0..0),
                format!(
                    "`{}` runs {statements} SQL statement(s) beside {why}: not imported as a step",
                    file.path
                ),
            )
            .label("run by the driver")
            .help("move the block into a procedure the driver calls, or copy the statements into a transform file and add it as an `sql:` step"),
        );
        return Vec::new();
    }
    out.findings.push(Finding::translated(
        "driver:sqlplus SQL script",
        run.span.clone(),
        format!(
            "`{}`: {} statement(s), an `sql:` step",
            file.path,
            script.statements.len()
        ),
    ));
    vec![Run::Sql(SqlRun {
        file: file.id,
        path: file.path.to_string(),
        args: run.args.clone(),
        span: run.span.clone(),
        script,
    })]
}

/// `&1`, `&&1` and `&1.` replaced by the script's N-th argument, as
/// SQL*Plus substitutes the arguments of `sqlplus @script arg1 arg2`
/// (<https://docs.oracle.com/en/database/oracle/oracle-database/19/sqpug/START.html>);
/// one with no argument stays, for the import to report.
fn substitute_arguments(text: &str, args: &[String]) -> String {
    let mut out = String::new();
    let mut rest = text;
    while let Some(at) = rest.find('&') {
        out.push_str(&rest[..at]);
        let after = rest[at..].trim_start_matches('&');
        let ampersands = &rest[at..rest.len() - after.len()];
        let digits = after.chars().take_while(char::is_ascii_digit).count();
        let value = after[..digits]
            .parse::<usize>()
            .ok()
            .and_then(|n| args.get(n.checked_sub(1)?));
        match value {
            Some(value) => {
                out.push_str(value);
                let end = &after[digits..];
                rest = end.strip_prefix('.').unwrap_or(end);
            }
            None => {
                out.push_str(ampersands);
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
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
        imported_in(files, None)
    }

    fn imported_in(files: &[(&str, &str)], schema: Option<&str>) -> crate::import::Imported {
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
            schema: schema.map(str::to_string),
        })
    }

    const UNIT: &str =
        "CREATE OR REPLACE PROCEDURE etl.load_day IS\nBEGIN\n  NULL;\nEND load_day;\n/\n";

    #[test]
    fn script_arguments_are_substituted() {
        let args = ["SIZE".to_string(), "${START}".to_string()];
        assert_eq!(super::substitute_arguments("'&1'", &args), "'SIZE'");
        assert_eq!(super::substitute_arguments("'&&2.'", &args), "'${START}'");
        assert_eq!(super::substitute_arguments("'&3'", &args), "'&3'");
        assert_eq!(super::substitute_arguments("a && b", &args), "a && b");
    }

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

    /// A script of plain DML run by the driver is the transform: an `sql:`
    /// step with the statements, COMMIT dropped (SQL*Plus User's Guide,
    /// "@ (at sign)": the script runs as if typed).
    #[test]
    fn plain_sql_run_by_the_driver_is_an_sql_step() {
        let out = imported(&[
            ("run.sh", "#!/bin/sh\nsqlplus -s u/p@db < merge_day.sql\n"),
            (
                "merge_day.sql",
                "DELETE FROM dw.f WHERE d = TRUNC(SYSDATE);\nINSERT INTO dw.f SELECT * FROM stg.f;\nCOMMIT;\n",
            ),
        ]);
        let steps = &out.pipeline.steps;
        assert_eq!(steps.len(), 1, "{:#?}", out.diagnostics);
        assert_eq!(steps[0].file, "transforms/merge_day.sql");
        assert_eq!(steps[0].call, None);
        assert!(
            out.yaml.contains("    sql: transforms/merge_day.sql"),
            "{}",
            out.yaml
        );
        let text = &out
            .files
            .iter()
            .find(|(f, _)| f == "transforms/merge_day.sql")
            .unwrap()
            .1;
        assert!(text.ends_with("DELETE FROM dw.f WHERE d = TRUNC(SYSDATE);\n\nINSERT INTO dw.f SELECT * FROM stg.f;\n\n"), "{text}");
        assert!(
            !out.diagnostics
                .iter()
                .any(|d| d.code == Code::ImportScriptSql)
        );
    }

    /// A script mixing statements with a PL/SQL block is no `sql:` step:
    /// it stays an error, never an empty pipeline that passes.
    #[test]
    fn sql_beside_a_block_is_reported() {
        let out = imported(&[
            ("run.sh", "#!/bin/sh\nsqlplus -s u/p@db @merge_day.sql\n"),
            (
                "merge_day.sql",
                "DELETE FROM dw.f;\nBEGIN\n  DBMS_OUTPUT.PUT_LINE('x');\nEND;\n/\n",
            ),
        ]);
        assert!(out.pipeline.steps.is_empty());
        assert!(
            out.diagnostics
                .iter()
                .any(|d| d.code == Code::ImportScriptSql && d.is_error()),
            "{:#?}",
            out.diagnostics
        );
    }

    /// The pipeline runs its transforms after its loads: a script the
    /// driver runs before a sqlldr call is a step, with a warning.
    #[test]
    fn a_script_before_a_load_is_a_step_with_a_warning() {
        let out = imported(&[
            (
                "run.sh",
                "#!/bin/sh\nsqlplus -s u/p@db @clean.sql\nsqlldr userid=u/p control=t.ctl || exit 1\n",
            ),
            ("clean.sql", "DELETE FROM dw.f WHERE 1 = 1;\n"),
        ]);
        assert_eq!(out.pipeline.steps.len(), 1);
        assert!(
            out.diagnostics
                .iter()
                .any(|d| d.code == Code::ImportScriptSql && !d.is_error()),
            "{:#?}",
            out.diagnostics
        );
    }

    const LOAD_SIZE: &str = "CREATE OR REPLACE PACKAGE BODY etl.load_pkg AS\n  PROCEDURE load_size (in_key IN VARCHAR2, in_start IN VARCHAR2, return_status OUT VARCHAR2) IS\n  BEGIN\n    return_status := '0';\n  END load_size;\nEND load_pkg;\n/\n";

    /// `sqlplus @script a b` substitutes `&1`, `&2` in the script (SQL*Plus
    /// User's Guide, START): the block's variables set from them are what the
    /// call passes, so the step calls with the value and a param, and the
    /// OUT variable nothing assigns is reported instead of passed as a name
    /// that exists nowhere.
    #[test]
    fn a_scripts_block_variables_and_arguments_reach_the_call() {
        let out = imported(&[
            (
                "run.sh",
                "#!/bin/sh\nStart_Time=$1\nsqlplus u/p@db @call_load.sql SIZE $Start_Time\n",
            ),
            (
                "call_load.sql",
                "begin\n  declare\n    v_key varchar2(100);\n    v_start varchar2(100);\n    v_status varchar2(10);\n  begin\n    v_key := '&1';\n    v_start := '&2';\n    etl.load_pkg.load_size(v_key, v_start, v_status);\n  end;\nend;\n/\nexit\n",
            ),
            ("load_pkg.pkb", LOAD_SIZE),
        ]);
        let steps = &out.pipeline.steps;
        assert_eq!(steps.len(), 1, "{:#?}", out.diagnostics);
        assert_eq!(
            steps[0].call.as_deref(),
            Some("etl.load_pkg.load_size('SIZE', :start, v_status)")
        );
        let unassigned: Vec<_> = out
            .diagnostics
            .iter()
            .filter(|d| d.code == Code::ImportDriverUnparsed)
            .map(|d| d.message.clone())
            .collect();
        assert_eq!(unassigned.len(), 1, "{unassigned:?}");
        assert!(unassigned[0].contains("`v_status`"));
        assert!(
            !out.diagnostics
                .iter()
                .any(|d| d.code == Code::ImportUnknownFile),
            "a script the driver runs is not an unknown file"
        );
    }

    /// A control file's table without a schema is in the schema the legacy
    /// job connected as: `--schema` names it.
    #[test]
    fn schema_qualifies_unqualified_tables() {
        let files = [
            (
                "t.ctl",
                "LOAD DATA\nINFILE 'x.dat'\nAPPEND INTO TABLE stg_size\nFIELDS TERMINATED BY '|'\n(id_size, de_size)\n",
            ),
            (
                "ddl.sql",
                "CREATE TABLE stg_size (id_size NUMBER(10), de_size VARCHAR2(30));\n",
            ),
        ];
        let out = imported_in(&files, Some("stg"));
        assert!(out.yaml.contains("table: stg.stg_size"), "{}", out.yaml);
        assert!(out.yaml.contains("  stg.stg_size:"), "{}", out.yaml);
        assert!(
            !out.diagnostics
                .iter()
                .any(|d| d.code == Code::ImportUnknownTable),
            "{:#?}",
            out.diagnostics
        );
        let without = imported(&files);
        assert!(
            without
                .diagnostics
                .iter()
                .any(|d| d.code == Code::ImportUnknownTable
                    && d.help.as_deref().is_some_and(|h| h.contains("--schema"))),
            "{:#?}",
            without.diagnostics
        );
    }
}
