//! Shell and batch drivers: what they run, in order.
//!
//! A driver is read, not run: [`mod@lines`] splits it into commands, and a small
//! interpreter walks them with the variables, `for` loops and functions a
//! driver uses to repeat sqlldr calls, so that each call's control file, data
//! file and limits are known with the values the driver gives them. Values
//! that only a run would know (arguments, `$(command)`, the environment) stay
//! symbolic, as `${NAME}`, with where they come from. Conditionals are walked
//! branch after branch: the import wants every call a run could make.
//!
//! What is found: the sqlldr calls (`key=value` and positional forms) with
//! whether their exit code is checked; the sqlplus calls and what they
//! execute (a here-document, a piped `echo`, an `@script`); the procedure
//! calls in that text (`exec`, `execute`, `CALL`, BEGIN ... END blocks).

pub mod lines;
mod sqlplus;

use std::collections::BTreeMap;
use std::ops::Range;

use crate::diag::{Code, Diagnostic, FileId, Severity, Span};
use lines::{Line, lines};
pub use sqlplus::{ProcCall, calls_in, split_top as sqlplus_split};

/// A sqlldr call.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SqlldrCall {
    /// `control=` (expanded), as written by the driver.
    pub control: Option<String>,
    /// `data=`.
    pub data: Option<String>,
    /// `errors=`.
    pub errors: Option<String>,
    /// `skip=`.
    pub skip: Option<String>,
    /// Where the call is.
    pub span: Span,
    /// Whether the exit code is tested afterwards, and whether 2 (rows
    /// rejected within ERRORS) is let through.
    pub exit_check: ExitCheck,
}

/// How a driver handles sqlldr's exit code.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ExitCheck {
    /// Never tested.
    Unchecked,
    /// Any non-zero code stops the driver.
    Checked,
    /// 2 (warning) goes on, other non-zero codes stop.
    WarningTolerated,
    /// Saved (`rc=$?`) and tested only after the driver has run sqlplus:
    /// the legacy job ran what follows even after a failed load.
    Deferred,
}

/// A shell variable name: a letter or `_`, then letters, digits, `_`.
fn is_variable_name(name: &str) -> bool {
    name.chars()
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
}

/// A script run by sqlplus (`@file`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ScriptRun {
    /// The script's path as written (expanded).
    pub path: String,
    /// Its arguments.
    pub args: Vec<String>,
    /// Where.
    pub span: Span,
}

/// What a driver runs.
#[derive(Clone, Debug, Default)]
pub struct Driver {
    /// Its file.
    pub file: Option<FileId>,
    /// sqlldr calls, in order.
    pub loads: Vec<SqlldrCall>,
    /// Procedure calls made through sqlplus, in order.
    pub calls: Vec<ProcCall>,
    /// Scripts sqlplus runs (`@file`, `< file`).
    pub scripts: Vec<ScriptRun>,
    /// Other drivers this one runs (`sh x.sh`, `. x.sh`, `call x.bat`).
    pub runs: Vec<ScriptRun>,
    /// Where each symbolic variable comes from (`${DAY}` -> "argument 1").
    pub origins: BTreeMap<String, Vec<String>>,
    /// Lines not understood, and other findings.
    pub diagnostics: Vec<Diagnostic>,
}

/// sqlldr arguments that the import carries (control, data, errors, skip)
/// or that change nothing in the rows loaded (logs, performance, the
/// connection).
const KNOWN_SQLLDR_KEYS: [&str; 21] = [
    "userid",
    "control",
    "data",
    "errors",
    "skip",
    "log",
    "bad",
    "discard",
    "parfile",
    "rows",
    "bindsize",
    "readsize",
    "silent",
    "direct",
    "parallel",
    "multithreading",
    "streamsize",
    "columnarrayrows",
    "date_cache",
    "resumable",
    "resumable_timeout",
];

/// Reads a driver. `batch`: a Windows .bat/.cmd file.
pub fn read(file: FileId, text: &str, batch: bool) -> Driver {
    let lines = lines(text, batch);
    let statements = statements(&lines);
    let mut interp = Interp {
        file,
        lines: &lines,
        statements: &statements,
        vars: BTreeMap::new(),
        functions: BTreeMap::new(),
        positional: None,
        out: Driver::default(),
        depth: 0,
    };
    interp.run(0..statements.len());
    interp.out.file = Some(file);
    interp.out
}

/// One command with the line it is on.
#[derive(Clone, Debug)]
struct Statement {
    words: Vec<String>,
    line: usize,
    piped: bool,
    or_else: bool,
    /// The file its standard input is redirected from (`< file`).
    stdin: Option<String>,
}

/// Commands of all lines, with block keywords (`do`, `then`, `{`) split off
/// the command they prefix.
fn statements(lines: &[Line]) -> Vec<Statement> {
    let mut out = Vec::new();
    for (line, l) in lines.iter().enumerate() {
        for command in &l.commands {
            let mut words = command.words.clone();
            while words.len() > 1 && matches!(words[0].as_str(), "do" | "then" | "else" | "{" | "(")
            {
                out.push(Statement {
                    words: vec![words.remove(0)],
                    line,
                    piped: false,
                    or_else: false,
                    stdin: None,
                });
            }
            // `0) ;;`, `*) echo ...`: a case pattern prefix.
            if words
                .first()
                .is_some_and(|w| w.ends_with(')') && !w.contains("$(") && !w.ends_with("()"))
            {
                words.remove(0);
            }
            words.retain(|w| w != ";;");
            if !words.is_empty() {
                let stdin = command
                    .redirects
                    .iter()
                    .find(|(op, _)| op == "<" || op == "0<")
                    .map(|(_, target)| target.clone());
                out.push(Statement {
                    words,
                    line,
                    piped: command.piped,
                    or_else: command.or_else,
                    stdin,
                });
            }
        }
    }
    out
}

enum Var {
    Text(String),
    Symbolic,
}

struct Interp<'a> {
    file: FileId,
    lines: &'a [Line],
    statements: &'a [Statement],
    vars: BTreeMap<String, Var>,
    functions: BTreeMap<String, Range<usize>>,
    positional: Option<Vec<String>>,
    out: Driver,
    depth: usize,
}

/// Block openers and their closers.
fn closer(word: &str) -> Option<&'static str> {
    match word {
        "do" => Some("done"),
        "{" => Some("}"),
        "if" => Some("fi"),
        "case" => Some("esac"),
        _ => None,
    }
}

impl Interp<'_> {
    fn span(&self, line: usize) -> Span {
        Span::new(self.file, self.lines[line].range.clone())
    }

    /// The index of the statement closing the block opened at `open` (the
    /// opener may end that statement: `name() {`).
    fn block_end(&self, open: usize, opener: &str) -> usize {
        let close = closer(opener).unwrap_or("}");
        let mut depth = 1;
        for i in open + 1..self.statements.len() {
            let words = &self.statements[i].words;
            if words[0] == close {
                depth -= 1;
                if depth == 0 {
                    return i;
                }
            } else if words[0] == opener || words.last().is_some_and(|w| w == opener) {
                depth += 1;
            }
        }
        self.statements.len()
    }

    fn run(&mut self, range: Range<usize>) {
        self.depth += 1;
        if self.depth > 20 {
            // A recursive function: walk it once.
            self.depth -= 1;
            return;
        }
        let mut i = range.start;
        while i < range.end {
            let statement = &self.statements[i];
            let first = statement.words[0].clone();
            if first == "for" && statement.words.get(2).map(String::as_str) == Some("in") {
                let var = statement.words[1].clone();
                let items: Vec<String> = statement.words[3..]
                    .iter()
                    .flat_map(|w| {
                        self.expand(w)
                            .split_whitespace()
                            .map(str::to_string)
                            .collect::<Vec<_>>()
                    })
                    .collect();
                let open = (i + 1..range.end)
                    .find(|&j| self.statements[j].words[0] == "do")
                    .unwrap_or(range.end);
                let end = self.block_end(open, "do").min(range.end);
                for item in items {
                    self.vars.insert(var.clone(), Var::Text(item));
                    self.run(open + 1..end);
                }
                i = end + 1;
                continue;
            }
            if let Some(name) = function_name(&statement.words) {
                let open = (i..range.end)
                    .find(|&j| self.statements[j].words.last().is_some_and(|w| w == "{"))
                    .unwrap_or(range.end);
                let end = self.block_end(open, "{").min(range.end);
                self.functions.insert(name, open + 1..end);
                i = end + 1;
                continue;
            }
            self.statement(i);
            i += 1;
        }
        self.depth -= 1;
    }

    fn statement(&mut self, i: usize) {
        let statement = self.statements[i].clone();
        let mut words: &[String] = &statement.words;
        while let Some(w) = words.first() {
            if matches!(
                w.as_str(),
                "export"
                    | "typeset"
                    | "local"
                    | "readonly"
                    | "declare"
                    | "set"
                    | "SET"
                    | "Set"
                    | "if"
                    | "then"
                    | "else"
                    | "elif"
                    | "fi"
                    | "done"
                    | "do"
                    | "esac"
                    | "}"
                    | "{"
                    | "!"
                    | "time"
                    | "nohup"
                    | "exec"
                    | "eval"
                    | "call"
                    | "CALL"
                    | "@"
            ) && words.len() > 1
            {
                words = &words[1..];
            } else {
                break;
            }
        }
        let Some(first) = words.first() else { return };
        if let Some((name, value)) = assignment(first) {
            self.assign(name, value, statement.line);
            return;
        }
        let command = self.expand(first);
        let program = command
            .rsplit(['/', '\\'])
            .next()
            .unwrap_or("")
            .to_ascii_lowercase();
        let program = program.trim_end_matches(".exe");
        if let Some(range) = self.functions.get(first.as_str()).cloned() {
            let args = words[1..].iter().map(|w| self.expand(w)).collect();
            let saved = self.positional.replace(args);
            self.run(range);
            self.positional = saved;
            return;
        }
        match program {
            "sqlldr" => self.sqlldr(&words[1..], i),
            "sqlplus" => self.sqlplus(&words[1..], i),
            "sh" | "bash" | "ksh" | "." | "source" | "cmd" => {
                let script = words[1..]
                    .iter()
                    .find(|w| !w.starts_with('-') && !w.starts_with('/'));
                if let Some(script) = script {
                    let path = self.expand(script);
                    self.out.runs.push(ScriptRun {
                        path,
                        args: Vec::new(),
                        span: self.span(statement.line),
                    });
                }
            }
            _ => {}
        }
    }

    fn assign(&mut self, name: &str, value: &str, line: usize) {
        let expanded = self.expand(value);
        let dynamic = value.contains("$(") || value.contains('`');
        if dynamic || expanded.contains("${") {
            let origin = if dynamic {
                format!(
                    "the command `{}` (line {})",
                    value.trim_matches('"'),
                    line + 1
                )
            } else {
                let inner = expanded.trim_matches('"');
                match inner.strip_prefix("${").and_then(|r| r.strip_suffix('}')) {
                    Some(arg) if arg.chars().all(|c| c.is_ascii_digit()) => {
                        format!("argument {arg} of the driver")
                    }
                    Some(other) => self
                        .out
                        .origins
                        .get(other)
                        .map(|o| o.join("; else "))
                        .unwrap_or_else(|| format!("`{inner}`")),
                    None => format!("`{inner}`"),
                }
            };
            self.out
                .origins
                .entry(name.to_string())
                .or_default()
                .push(origin);
            self.vars.insert(name.to_string(), Var::Symbolic);
        } else {
            self.vars.insert(name.to_string(), Var::Text(expanded));
        }
    }

    /// `key=value` arguments, or the positional form `userid control log bad data ...`.
    fn sqlldr(&mut self, args: &[String], i: usize) {
        const POSITIONAL: [&str; 6] = ["userid", "control", "log", "bad", "data", "discard"];
        let mut keys: BTreeMap<String, String> = BTreeMap::new();
        let mut position = 0;
        for arg in args {
            let expanded = self.expand(arg);
            match expanded.split_once('=') {
                // `key=value`, and the `-key=value` form sqlldr also reads.
                Some((key, value)) if !key.contains('/') => {
                    let key = key.trim().trim_start_matches('-').to_ascii_lowercase();
                    keys.insert(key, value.trim().to_string());
                }
                _ if expanded.starts_with('-') => {}
                _ => {
                    if let Some(key) = POSITIONAL.get(position) {
                        keys.insert((*key).to_string(), expanded);
                    }
                    position += 1;
                }
            }
        }
        let line = self.statements[i].line;
        if keys.contains_key("parfile") {
            self.out.diagnostics.push(
                Diagnostic::new(Code::ImportDriverUnparsed, self.span(line), "sqlldr reads its arguments from a parameter file (parfile=)")
                    .label("parfile")
                    .help("add the parameter file's control=, data=, errors= and skip= to the call, or check them by hand"),
            );
        }
        self.row_limits(&keys, line);
        let exit_check = self.exit_check(i);
        if exit_check == ExitCheck::Unchecked {
            self.out.diagnostics.push(
                Diagnostic::new(Code::ImportDriverExitCode, self.span(line), "the driver does not test sqlldr's exit code")
                    .label("exit code ignored")
                    .help("the imported batch fails on a load error instead of going on: check that nothing relied on going on"),
            );
        }
        if exit_check == ExitCheck::Deferred {
            self.out.diagnostics.push(
                Diagnostic::new(Code::ImportDriverExitCode, self.span(line), "the driver saves sqlldr's exit code and runs sqlplus before testing it")
                    .label("the load's failure is tested later")
                    .help("the legacy job ran its PL/SQL even after a failed load; the imported batch stops at a load error: check that nothing relied on going on"),
            );
        }
        self.out.loads.push(SqlldrCall {
            control: keys.get("control").cloned(),
            data: keys.get("data").cloned(),
            errors: keys.get("errors").cloned(),
            skip: keys.get("skip").cloned(),
            span: self.span(line),
            exit_check,
        });
    }

    /// sqlldr arguments that change which records load and that the
    /// imported COPY does not carry (Oracle's "SQL*Loader Command-Line
    /// Reference": LOAD, DISCARDMAX), and keys eltc does not know: reported,
    /// never dropped.
    fn row_limits(&mut self, keys: &BTreeMap<String, String>, line: usize) {
        for (key, value) in keys {
            let (message, help) = match key.as_str() {
                "load" => (
                    format!(
                        "sqlldr load={value} loads only the first {value} records; COPY loads the whole file"
                    ),
                    "cut the file before it lands, or filter the rows in a transform",
                ),
                "discardmax" => (
                    format!(
                        "sqlldr discardmax={value} stops the load after {value} discarded records"
                    ),
                    "count the records no `when:` takes in an assertion of the pipeline",
                ),
                known if KNOWN_SQLLDR_KEYS.contains(&known) => continue,
                _ => (
                    format!("sqlldr argument `{key}={value}` is not imported"),
                    "check what it changes in the load and carry it over by hand",
                ),
            };
            // A limit on the rows changes what the load gives: an error.
            let severity = if matches!(key.as_str(), "load" | "discardmax") {
                Severity::Error
            } else {
                Severity::Warning
            };
            self.out.diagnostics.push(
                Diagnostic::new(Code::ImportDriverUnparsed, self.span(line), message)
                    .severity(severity)
                    .label(key.clone())
                    .help(help),
            );
        }
    }

    /// How the statements after a sqlldr call treat its exit code. `$?` is
    /// the code of the last command, so only the next statement reads
    /// sqlldr's; one that saves it (`rc=$?`) is followed to where the saved
    /// code is tested, which must come before the driver runs sqlplus for
    /// the load to guard what follows.
    fn exit_check(&self, i: usize) -> ExitCheck {
        // `sqlldr ... || exit 1`, `if ! sqlldr ...`.
        if self.statements.get(i + 1).is_some_and(|s| s.or_else)
            || self.statements[i].words.first().is_some_and(|w| w == "!")
        {
            return ExitCheck::Checked;
        }
        let Some(next) = self.statements.get(i + 1) else {
            return ExitCheck::Unchecked;
        };
        let saved = match next.words.as_slice() {
            [word] => word
                .strip_suffix("=$?")
                .or_else(|| word.strip_suffix("=${?}"))
                .filter(|name| is_variable_name(name)),
            _ => None,
        };
        let Some(saved) = saved else {
            let joined = next.words.join(" ");
            let upper = joined.to_ascii_uppercase();
            return if joined.contains("$?")
                || upper.contains("ERRORLEVEL")
                || joined.contains("$status")
            {
                self.tolerance(i + 1, i + 1)
            } else {
                ExitCheck::Unchecked
            };
        };
        let reads = [format!("${saved}"), format!("${{{saved}}}")];
        let tested = (i + 2..self.statements.len()).find(|&k| {
            self.statements[k]
                .words
                .iter()
                .any(|w| reads.iter().any(|r| w.contains(r.as_str())))
        });
        let runs_sqlplus = (i + 2..self.statements.len()).find(|&k| {
            self.statements[k]
                .words
                .iter()
                .any(|w| w.contains("sqlplus"))
        });
        match (tested, runs_sqlplus) {
            (None, _) => ExitCheck::Unchecked,
            (Some(t), Some(s)) if s < t => ExitCheck::Deferred,
            (Some(t), _) => self.tolerance(t, t),
        }
    }

    /// Checked, or WarningTolerated when the test at statements
    /// `from..=to` (and the lines of its block) lets 2 through.
    fn tolerance(&self, from: usize, to: usize) -> ExitCheck {
        let line = self.statements[from].line;
        let mut text = String::new();
        for statement in self.statements.iter().skip(from).take(to - from + 4) {
            if statement.line > line + 4 || statement.words.iter().any(|w| w.contains("sqlldr")) {
                break;
            }
            text.push_str(&statement.words.join(" "));
            text.push('\n');
        }
        let upper = text.to_ascii_uppercase();
        let tolerates_two = text
            .split(|c: char| !c.is_ascii_alphanumeric())
            .any(|w| w == "2")
            && !upper.contains("EXIT 2");
        if tolerates_two {
            ExitCheck::WarningTolerated
        } else {
            ExitCheck::Checked
        }
    }

    fn sqlplus(&mut self, args: &[String], i: usize) {
        let statement = &self.statements[i];
        let line = statement.line;
        let mut texts: Vec<(String, Range<usize>, bool)> = Vec::new();
        if let Some((body, range, quoted)) = self.lines[line].heredoc.clone()
            && (args.iter().any(|a| a.starts_with("<<")) || self.lines[line].text.contains("<<"))
        {
            texts.push((body, range, quoted));
        }
        if statement.piped && i > 0 {
            let before = &self.statements[i - 1];
            if matches!(before.words[0].as_str(), "echo" | "print" | "printf") {
                let body = before.words[1..]
                    .iter()
                    .map(|w| self.expand(w))
                    .collect::<Vec<_>>()
                    .join(" ");
                texts.push((
                    body.replace("\\n", "\n"),
                    self.lines[line].range.clone(),
                    true,
                ));
            }
        }
        if let Some(path) = &statement.stdin {
            self.out.scripts.push(ScriptRun {
                path: self.expand(path),
                args: Vec::new(),
                span: self.span(line),
            });
        }
        for (k, arg) in args.iter().enumerate() {
            if let Some(path) = arg.strip_prefix('@') {
                let args = args[k + 1..].iter().map(|a| self.expand(a)).collect();
                self.out.scripts.push(ScriptRun {
                    path: self.expand(path),
                    args,
                    span: self.span(line),
                });
            }
        }
        for (body, range, quoted) in texts {
            let text = if quoted {
                body
            } else {
                self.expand_text(&body)
            };
            let span = Span::new(self.file, range);
            self.out.calls.extend(calls_in(&text, &span));
        }
    }

    /// A word with its quotes removed and its variables expanded.
    fn expand(&self, word: &str) -> String {
        let mut out = String::new();
        let mut chars = word.chars().peekable();
        let mut single = false;
        let mut double = false;
        while let Some(c) = chars.next() {
            match c {
                '\'' if !double => single = !single,
                '"' if !single => double = !double,
                '$' if !single => out.push_str(&self.variable(&mut chars)),
                '%' if !single => {
                    let rest: String = chars.clone().collect();
                    if let Some(end) = rest.find('%').filter(|&e| {
                        e > 0
                            && rest[..e]
                                .chars()
                                .all(|c| c.is_ascii_alphanumeric() || c == '_')
                    }) {
                        let name = &rest[..end];
                        out.push_str(&self.lookup(name, None));
                        for _ in 0..=end {
                            chars.next();
                        }
                    } else if rest.starts_with(|c: char| c.is_ascii_digit()) {
                        let digit = chars.next().unwrap_or('0');
                        out.push_str(&self.lookup(&digit.to_string(), None));
                    } else {
                        out.push('%');
                    }
                }
                _ => out.push(c),
            }
        }
        out
    }

    /// Expands `$VAR` and `${VAR}` in here-document text (quotes are text there).
    fn expand_text(&self, text: &str) -> String {
        let mut out = String::new();
        let mut chars = text.chars().peekable();
        while let Some(c) = chars.next() {
            if c == '$' {
                out.push_str(&self.variable(&mut chars));
            } else {
                out.push(c);
            }
        }
        out
    }

    /// After a `$`: the variable's value, or `${NAME}` when only a run knows it.
    fn variable(&self, chars: &mut std::iter::Peekable<std::str::Chars<'_>>) -> String {
        match chars.peek().copied() {
            Some('{') => {
                chars.next();
                let mut inner = String::new();
                let mut depth = 1;
                for c in chars.by_ref() {
                    match c {
                        '{' => depth += 1,
                        '}' => {
                            depth -= 1;
                            if depth == 0 {
                                break;
                            }
                        }
                        _ => {}
                    }
                    inner.push(c);
                }
                let split = inner
                    .find([':', '-', '=', '?', '+', '#', '%', '/'])
                    .unwrap_or(inner.len());
                let (name, op) = inner.split_at(split);
                let default = op
                    .strip_prefix(":-")
                    .or_else(|| op.strip_prefix('-'))
                    .or_else(|| op.strip_prefix(":="))
                    .map(|d| self.expand(d));
                self.lookup(name, default)
            }
            Some('(') => {
                // $(command): only a run knows its output.
                let mut depth = 0;
                for c in chars.by_ref() {
                    if c == '(' {
                        depth += 1;
                    } else if c == ')' {
                        depth -= 1;
                        if depth == 0 {
                            break;
                        }
                    }
                }
                "${COMMAND}".to_string()
            }
            Some(c) if c.is_ascii_digit() => {
                chars.next();
                self.lookup(&c.to_string(), None)
            }
            Some(c) if c.is_ascii_alphabetic() || c == '_' => {
                let mut name = String::new();
                while let Some(&c) = chars.peek() {
                    if c.is_ascii_alphanumeric() || c == '_' {
                        name.push(c);
                        chars.next();
                    } else {
                        break;
                    }
                }
                self.lookup(&name, None)
            }
            Some('?') => {
                chars.next();
                "${?}".to_string()
            }
            _ => "$".to_string(),
        }
    }

    fn lookup(&self, name: &str, default: Option<String>) -> String {
        if name.chars().all(|c| c.is_ascii_digit()) && !name.is_empty() {
            if let Some(args) = &self.positional {
                let index: usize = name.parse().unwrap_or(0);
                return match args.get(index.wrapping_sub(1)) {
                    Some(value) if index > 0 => value.clone(),
                    _ => default.unwrap_or_default(),
                };
            }
            return default.unwrap_or_else(|| format!("${{{name}}}"));
        }
        match self.vars.get(name) {
            Some(Var::Text(text)) => text.clone(),
            Some(Var::Symbolic) => format!("${{{name}}}"),
            None => default.unwrap_or_else(|| format!("${{{name}}}")),
        }
    }
}

/// `NAME=value` (the value as written).
fn assignment(word: &str) -> Option<(&str, &str)> {
    let (name, value) = word.split_once('=')?;
    let valid = name
        .chars()
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
    valid.then_some((name, value))
}

/// `name() {`, `function name {`, `name () {`.
fn function_name(words: &[String]) -> Option<String> {
    match words {
        [f, name, ..] if f == "function" => Some(name.trim_end_matches("()").to_string()),
        [name, ..] if name.ends_with("()") && name.len() > 2 => {
            Some(name.trim_end_matches("()").to_string())
        }
        [name, parens, ..] if parens == "()" => Some(name.clone()),
        _ => None,
    }
}
