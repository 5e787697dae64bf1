//! A script of plain SQL that a driver runs with sqlplus (`@merge_sales.sql`,
//! `< merge_sales.sql`) as a transform step: `sql:` in Oracle dialect, so
//! the translator reads it like any transform and its diagnostics apply.
//!
//! SQL*Plus reads the script line by line (SQL*Plus User's Guide and
//! Reference 19c, "SQL*Plus Command Reference"): a SQL statement ends with
//! `;` or a `/` line; SQL*Plus commands (SET, SPOOL, PROMPT, WHENEVER, EXIT,
//! ...) are one line each. Commands with no meaning in a batch are dropped
//! and listed; `WHENEVER SQLERROR EXIT` is the batch failing on an error,
//! eltc's default; COMMIT is dropped (the batch commits once, at its end).
//! Substitution variables (`&1`, `&&name`, `&1.`; "Using Substitution
//! Variables") take the script's arguments and DEFINEs: a driver variable
//! becomes a param's bind, text is substituted as SQL*Plus would, and one
//! with no value is `import::placeholder`.

use std::ops::Range;

use crate::diag::{Code, Diagnostic, FileId, Severity, Span};
use crate::import::model::Finding;
use crate::import::units::Param;

/// A script read: its statements and what was dropped or refused.
#[derive(Clone, Debug, Default)]
pub struct Script {
    /// The SQL statements, without their terminator, with their ranges.
    pub statements: Vec<(String, Range<usize>)>,
    /// `DEFINE name = value` (name lower case), in order.
    pub defines: Vec<(String, String)>,
    /// What the reader carried over or dropped.
    pub findings: Vec<Finding>,
    /// What needs a human.
    pub diagnostics: Vec<Diagnostic>,
    /// A construct that keeps the script from being a `sql:` step (a
    /// PL/SQL block, a unit's CREATE): the script stays reported whole.
    pub refused: Option<String>,
}

/// SQL*Plus commands that change only the session's display, its output
/// files or its connection's settings: nothing of the rows a batch writes.
const DROPPED: [&str; 26] = [
    "SET",
    "SPOOL",
    "SPO",
    "PROMPT",
    "PRO",
    "EXIT",
    "QUIT",
    "REM",
    "REMARK",
    "COLUMN",
    "COL",
    "TTITLE",
    "BTITLE",
    "BREAK",
    "COMPUTE",
    "CLEAR",
    "SHOW",
    "SHO",
    "TIMING",
    "PAUSE",
    "UNDEFINE",
    "TTI",
    "REPHEADER",
    "REPFOOTER",
    "ARCHIVE",
    "PASSWORD",
];

/// SQL*Plus commands whose effect a batch cannot reproduce from the script.
const REFUSED: [&str; 11] = [
    "CONNECT",
    "CONN",
    "HOST",
    "!",
    "START",
    "STA",
    "ACCEPT",
    "VARIABLE",
    "VAR",
    "PRINT",
    "DISCONNECT",
];

/// Reads the script `text` of `file`.
pub fn read(file: FileId, text: &str) -> Script {
    let mut script = Script::default();
    let mut buffer: Option<(String, usize)> = None;
    let mut last_ended_at: Option<usize> = None;
    let mut in_comment = false;
    let mut offset = 0;
    for raw in text.split_inclusive('\n') {
        let start = offset;
        offset += raw.len();
        let line = raw.trim_end_matches(['\n', '\r']);
        let trimmed = line.trim();
        let span = Span::new(file, start..start + line.len());
        if let Some((body, from)) = buffer.as_mut() {
            if trimmed == "/" {
                let (body, from) = (std::mem::take(body), *from);
                buffer = None;
                script
                    .statements
                    .push((body.trim().to_string(), from..start));
                last_ended_at = None;
                continue;
            }
            body.push_str(line);
            body.push('\n');
            if let Some(end) = statement_end(body) {
                body.truncate(end);
                let (body, from) = (std::mem::take(body), *from);
                buffer = None;
                script
                    .statements
                    .push((body.trim().to_string(), from..start + line.len()));
                last_ended_at = Some(start);
            }
            continue;
        }
        if in_comment {
            in_comment = !trimmed.contains("*/");
            continue;
        }
        if trimmed.is_empty() || trimmed.starts_with("--") {
            continue;
        }
        if trimmed.starts_with("/*") {
            in_comment = !trimmed.contains("*/");
            continue;
        }
        if trimmed == "/" {
            if last_ended_at.take().is_some() {
                script.diagnostics.push(
                    Diagnostic::new(Code::ImportScriptSql, span, "`/` runs the statement SQL*Plus just ran again")
                        .severity(Severity::Warning)
                        .label("runs the buffer")
                        .help("the legacy job ran the statement twice; the step runs it once: check that the second run changed nothing"),
                );
            }
            continue;
        }
        let first = trimmed
            .split_whitespace()
            .next()
            .unwrap_or("")
            .trim_end_matches(';')
            .to_ascii_uppercase();
        if let Some(dropped) = command(&first, trimmed, &span, &mut script) {
            if dropped {
                last_ended_at = None;
            }
            continue;
        }
        let mut body = format!("{line}\n");
        match statement_end(&body) {
            Some(end) => {
                body.truncate(end);
                script
                    .statements
                    .push((body.trim().to_string(), start..start + line.len()));
                last_ended_at = Some(start);
            }
            None => buffer = Some((body, start)),
        }
    }
    if let Some((body, from)) = buffer
        && !body.trim().is_empty()
    {
        // SQL*Plus runs a statement only at its terminator: one left without
        // it at the end of the script never ran.
        script.diagnostics.push(
            Diagnostic::new(Code::ImportScriptSql, Span::new(file, from..from + body.trim_end().len()), "the script ends inside a statement that has no `;` or `/`: SQL*Plus did not run it")
                .severity(Severity::Warning)
                .label("not run")
                .help("end it with `;` if the legacy job meant to run it, and add it to the step by hand"),
        );
    }
    script.statements.retain(|(s, _)| !s.is_empty());
    script
}

/// A SQL*Plus command, COMMIT or the start of a block: handled here
/// (Some: whether it was dropped), or None for a SQL statement.
fn command(first: &str, line: &str, span: &Span, script: &mut Script) -> Option<bool> {
    let upper = line.to_ascii_uppercase();
    let words: Vec<&str> = upper.split_whitespace().collect();
    if first.starts_with("@") || REFUSED.contains(&first) {
        script.diagnostics.push(
            Diagnostic::new(
                Code::ImportScriptSql,
                span.clone(),
                format!("the SQL*Plus command `{first}` is not carried over"),
            )
            .label("SQL*Plus")
            .help("carry over by hand what it does for the load (another script's statements as their own `sql:` step, a bind variable as a param)"),
        );
        return Some(false);
    }
    if first == "WHENEVER" {
        let exits = words.get(2).is_some_and(|w| *w == "EXIT");
        if words.get(1) == Some(&"SQLERROR") && !exits {
            script.diagnostics.push(
                Diagnostic::new(Code::ImportScriptSql, span.clone(), "`WHENEVER SQLERROR CONTINUE`: the legacy script went on after a failing statement")
                    .severity(Severity::Warning)
                    .label("continues on error")
                    .help("the imported batch fails at the first failing statement: check that none was expected to fail"),
            );
        } else {
            script.findings.push(Finding::translated(
                "sqlplus:WHENEVER",
                span.clone(),
                "dropped: a failing statement fails the batch (eltc's default)",
            ));
        }
        return Some(true);
    }
    if first == "DEFINE" || first == "DEF" {
        let rest = line[first.len().min(line.len())..].trim();
        if let Some((name, value)) = rest.split_once('=') {
            let value = value.trim().trim_matches(['\'', '"']).to_string();
            script
                .defines
                .push((name.trim().to_ascii_lowercase(), value.clone()));
            script.findings.push(Finding::translated(
                "sqlplus:DEFINE",
                span.clone(),
                format!("`&{}` is `{value}` in the step", name.trim()),
            ));
        }
        return Some(true);
    }
    if matches!(first, "EXEC" | "EXECUTE") {
        // The script holds no procedure call eltc reads (else it is no
        // `sql:` step): what is left is output (DBMS_OUTPUT).
        script.findings.push(Finding::translated(
            "sqlplus:EXECUTE",
            span.clone(),
            "dropped: output of the session (DBMS_OUTPUT), no meaning in a batch",
        ));
        return Some(true);
    }
    if DROPPED.contains(&first) {
        let note = if matches!(first, "EXIT" | "QUIT") {
            "dropped: the end of the script; the batch goes on to its next step"
        } else {
            "dropped: a SQL*Plus setting or output, no meaning in a batch"
        };
        script.findings.push(Finding::translated(
            format!("sqlplus:{first}"),
            span.clone(),
            note,
        ));
        return Some(true);
    }
    if matches!(first, "COMMIT" | "ROLLBACK") && words.len() <= 2 {
        if first == "COMMIT" {
            script.findings.push(Finding::translated(
                "sqlplus:COMMIT",
                span.clone(),
                "dropped: the batch commits once, after its last step",
            ));
        } else {
            script.diagnostics.push(
                Diagnostic::new(Code::ImportScriptSql, span.clone(), "ROLLBACK in a script: the batch runs in one transaction")
                    .severity(Severity::Warning)
                    .label("dropped")
                    .help("the step keeps every statement's changes; check what the legacy script rolled back"),
            );
        }
        return Some(true);
    }
    let block = matches!(first, "BEGIN" | "DECLARE")
        || (first == "CREATE"
            && words.iter().take(5).any(|w| {
                matches!(
                    *w,
                    "PROCEDURE" | "FUNCTION" | "PACKAGE" | "TRIGGER" | "TYPE"
                )
            }));
    if block && script.refused.is_none() {
        script.refused = Some(format!("a PL/SQL block or unit (`{first}`)"));
    }
    None
}

/// Where a statement's `;` terminator is in `body`, when its last
/// character outside quotes and comments is one.
fn statement_end(body: &str) -> Option<usize> {
    let mut quote = false;
    let mut last: Option<(usize, char)> = None;
    let mut chars = body.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        if quote {
            if c == '\'' {
                quote = false;
            }
            last = Some((i, c));
            continue;
        }
        match c {
            '\'' => quote = true,
            '-' if chars.peek().is_some_and(|(_, n)| *n == '-') => {
                for (_, n) in chars.by_ref() {
                    if n == '\n' {
                        break;
                    }
                }
                continue;
            }
            c if c.is_whitespace() => continue,
            _ => {}
        }
        last = Some((i, c));
    }
    match last {
        Some((i, ';')) if !quote => Some(i),
        _ => None,
    }
}

/// What a substitution variable stands for.
pub enum Value {
    /// Text SQL*Plus substitutes as written.
    Text(String),
    /// The driver's symbolic variable (`DAY` of `${DAY}`).
    Variable(String),
    /// Nothing: no argument, no DEFINE.
    Missing,
}

/// The step's SQL: each statement with its substitution variables replaced,
/// `;`-terminated. `value` says what `&name` (lower case, or the argument
/// number) stands for; `bind` gives the param a driver variable becomes,
/// with the TO_DATE mask around it when there is one.
pub fn render(
    script: &Script,
    value: &dyn Fn(&str) -> Value,
    bind: &mut dyn FnMut(&str, Option<&str>) -> Param,
    file: FileId,
    diagnostics: &mut Vec<Diagnostic>,
) -> String {
    let mut out = String::new();
    for (statement, range) in &script.statements {
        let text = substitute(statement, value, bind, &mut |name| {
            diagnostics.push(
                Diagnostic::new(Code::ImportPlaceholder, Span::new(file, range.clone()), format!("the substitution variable `&{name}` has no value: the driver passes no argument for it and the script DEFINEs none"))
                    .label("left as written")
                    .help(if name.chars().all(|c| c.is_ascii_digit()) {
                        format!("pass argument {name} in the driver's `sqlplus ... @script` call, or declare a param and write `:param` for `&{name}` in the step")
                    } else {
                        format!("declare a param and write `:param` for `&{name}` in the step, or `DEFINE {name} = value` in the script")
                    }),
            );
        });
        out.push_str(&text);
        out.push_str(";\n\n");
    }
    out
}

fn substitute(
    statement: &str,
    value: &dyn Fn(&str) -> Value,
    bind: &mut dyn FnMut(&str, Option<&str>) -> Param,
    missing: &mut dyn FnMut(&str),
) -> String {
    let mut out = String::new();
    let mut rest = statement;
    while let Some(at) = rest.find('&') {
        let after = rest[at..].trim_start_matches('&');
        let name_len = after
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
            .unwrap_or(after.len());
        if name_len == 0 {
            out.push_str(&rest[..at + 1]);
            rest = &rest[at + 1..];
            continue;
        }
        let name = after[..name_len].to_ascii_lowercase();
        let end = &after[name_len..];
        let end = end.strip_prefix('.').unwrap_or(end);
        let written = &rest[at..rest.len() - end.len()];
        match value(&name) {
            Value::Text(text) => {
                out.push_str(&rest[..at]);
                out.push_str(&text);
            }
            Value::Variable(var) => {
                let before = &rest[..at];
                let quoted = before.ends_with('\'') && end.starts_with('\'');
                if !quoted {
                    let param = bind(&var, None);
                    out.push_str(before);
                    out.push_str(&format!(":{}", param.name));
                } else if let Some((head, mask, tail)) = to_date_around(before, &end[1..]) {
                    let param = bind(&var, Some(&mask));
                    out.push_str(head);
                    if matches!(param.ty.as_str(), "date" | "timestamp") {
                        out.push_str(&format!(":{}", param.name));
                    } else {
                        // The variable is already a text param: the date is
                        // still the conversion the script wrote.
                        out.push_str(&format!("TO_DATE(:{}, '{mask}')", param.name));
                    }
                    rest = tail;
                    continue;
                } else {
                    let param = bind(&var, None);
                    out.push_str(&before[..before.len() - 1]);
                    match (param.ty.as_str(), param.mask.as_deref()) {
                        ("date" | "timestamp", Some(mask)) => {
                            out.push_str(&format!("TO_CHAR(:{}, '{mask}')", param.name));
                        }
                        _ => out.push_str(&format!(":{}", param.name)),
                    }
                    rest = &end[1..];
                    continue;
                }
            }
            Value::Missing => {
                missing(&name);
                out.push_str(&rest[..at]);
                out.push_str(written);
            }
        }
        rest = end;
    }
    out.push_str(rest);
    out
}

/// `... TO_DATE(` before `'&1'` and `, 'mask')...` after it: the text
/// before TO_DATE, the mask, the text after the closing parenthesis.
fn to_date_around<'a>(before: &'a str, after: &'a str) -> Option<(&'a str, String, &'a str)> {
    let head = before[..before.len() - 1].trim_end().strip_suffix('(')?;
    let head = head.trim_end();
    let upper = head.to_ascii_uppercase();
    if !upper.ends_with("TO_DATE") {
        return None;
    }
    let head = &head[..head.len() - "TO_DATE".len()];
    let rest = after.trim_start().strip_prefix(',')?.trim_start();
    let rest = rest.strip_prefix('\'')?;
    let close = rest.find('\'')?;
    let mask = rest[..close].to_ascii_uppercase();
    let tail = rest[close + 1..].trim_start().strip_prefix(')')?;
    Some((head, mask, tail))
}

#[cfg(test)]
mod tests {
    use super::{Value, read, render};
    use crate::diag::SourceMap;
    use crate::import::units::Param;

    fn step(text: &str, args: &[&str]) -> (String, Vec<Param>, usize) {
        let file = SourceMap::new().add("s.sql", text);
        let script = read(file, text);
        assert!(script.refused.is_none());
        let mut params: Vec<Param> = Vec::new();
        let mut diagnostics = Vec::new();
        let defines = script.defines.clone();
        let value = |name: &str| -> Value {
            if let Ok(n) = name.parse::<usize>()
                && let Some(arg) = args.get(n - 1)
            {
                return match arg.strip_prefix("${").and_then(|a| a.strip_suffix('}')) {
                    Some(var) => Value::Variable(var.to_string()),
                    None => Value::Text(arg.to_string()),
                };
            }
            match defines.iter().find(|(d, _)| d == name) {
                Some((_, v)) => Value::Text(v.clone()),
                None => Value::Missing,
            }
        };
        let text = {
            let mut bind = |var: &str, mask: Option<&str>| {
                let param = Param {
                    name: var.to_lowercase(),
                    ty: if mask.is_some() {
                        "date"
                    } else {
                        "varchar(100)"
                    }
                    .into(),
                    var: var.into(),
                    mask: mask.map(str::to_string),
                    origin: None,
                };
                if !params.iter().any(|p| p.name == param.name) {
                    params.push(param.clone());
                }
                params
                    .iter()
                    .find(|p| p.name == param.name)
                    .cloned()
                    .unwrap()
            };
            render(&script, &value, &mut bind, file, &mut diagnostics)
        };
        (text, params, diagnostics.len())
    }

    /// SQL*Plus commands go, statements stay in order; `/` ends a
    /// statement as `;` does (SQL*Plus User's Guide, "Running SQL Commands").
    #[test]
    fn commands_dropped_statements_kept() {
        let text = "SET ECHO ON\nWHENEVER SQLERROR EXIT SQL.SQLCODE\nSPOOL merge.log\nPROMPT merging\nDELETE FROM dw.f\n WHERE d = 1;\nINSERT INTO dw.f (a)\nSELECT a FROM stg.f\n/\nCOMMIT;\nSPOOL OFF\nEXIT\n";
        let (sql, params, missing) = step(text, &[]);
        assert_eq!(
            sql,
            "DELETE FROM dw.f\n WHERE d = 1;\n\nINSERT INTO dw.f (a)\nSELECT a FROM stg.f;\n\n"
        );
        assert!(params.is_empty());
        assert_eq!(missing, 0);
    }

    /// `&1` takes the script's first argument: a driver variable is a
    /// param, under TO_DATE the date itself; text is substituted.
    #[test]
    fn substitution_variables() {
        let text = "DEFINE src = 'stg.f'\nDELETE FROM dw.f WHERE d = TO_DATE('&1', 'YYYYMMDD');\nINSERT INTO dw.f SELECT * FROM &src. WHERE r = '&&2' AND k = &3;\nUPDATE dw.f SET n = '&4', tag = '&1';\n";
        let (sql, params, missing) = step(text, &["${DAY}", "${REGION}", "7"]);
        assert_eq!(
            sql,
            "DELETE FROM dw.f WHERE d = :day;\n\nINSERT INTO dw.f SELECT * FROM stg.f WHERE r = :region AND k = 7;\n\nUPDATE dw.f SET n = '&4', tag = TO_CHAR(:day, 'YYYYMMDD');\n\n"
        );
        assert_eq!(params.len(), 2);
        assert_eq!(params[0].mask.as_deref(), Some("YYYYMMDD"));
        assert_eq!(missing, 1);
        // A variable first used as text stays a text param under TO_DATE.
        let (sql, params, _) = step(
            "UPDATE t SET a = '&1';\nDELETE t WHERE d = TO_DATE('&1', 'YYYYMMDD');\n",
            &["${DAY}"],
        );
        assert_eq!(
            sql,
            "UPDATE t SET a = :day;\n\nDELETE t WHERE d = TO_DATE(:day, 'YYYYMMDD');\n\n"
        );
        assert_eq!(params[0].ty, "varchar(100)");
    }

    /// Never a panic on a script cut anywhere (unclosed quotes, comments,
    /// statements, substitution variables).
    #[test]
    fn cut_scripts_never_panic() {
        let text = "SET ECHO ON\n/* a\n comment */\nDEFINE t = dw.f\nDELETE FROM &t WHERE d = TO_DATE('&1', 'YYYYMMDD') -- x;\n;\nINSERT INTO &&t. VALUES ('é&2', '&1');\n/\n/\nMERGE INTO x USING y ON (a = b) WHEN MATCHED THEN UPDATE SET c = '&3'\n/\nCOMMIT;\nEXIT\n";
        for (cut, _) in text.char_indices() {
            let _ = step(&text[..cut], &["${DAY}", "x"]);
        }
    }

    #[test]
    fn a_semicolon_in_a_literal_or_comment_ends_nothing() {
        let (sql, _, _) = step(
            "UPDATE t SET a = 'x;\ny';\nDELETE t -- done;\nWHERE 1 = 1;\n",
            &[],
        );
        assert_eq!(
            sql,
            "UPDATE t SET a = 'x;\ny';\n\nDELETE t -- done;\nWHERE 1 = 1;\n\n"
        );
    }
}
