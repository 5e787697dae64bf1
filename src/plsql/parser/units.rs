//! Units of a file: CREATE PROCEDURE / FUNCTION / PACKAGE [BODY], anonymous
//! blocks, plain SQL statements between them, and SQL*Plus command lines.
//!
//! A unit ends with `/` alone on its line (or the end of the file). After an
//! error the parser skips to the next `/` line or the next line starting
//! with CREATE, so one bad unit does not hide the next.

use super::cursor::{PResult, Parser};
use crate::diag::{Code, Diagnostic, Severity, Span};
use crate::plsql::ast::{Block, DeclKind, Package, Stmt, StmtKind, Unit, UnitKind};
use crate::plsql::lexer::TokenKind;

/// SQL*Plus commands: lines of a script, not SQL or PL/SQL.
const SQLPLUS_COMMANDS: [&str; 44] = [
    "ACCEPT",
    "ACC",
    "BREAK",
    "BTITLE",
    "CLEAR",
    "COLUMN",
    "COL",
    "COMPUTE",
    "CONNECT",
    "CONN",
    "DEFINE",
    "DEF",
    "DESCRIBE",
    "DESC",
    "DISCONNECT",
    "EXEC",
    "EXECUTE",
    "EXIT",
    "HOST",
    "PAUSE",
    "PRINT",
    "PROMPT",
    "PRO",
    "QUIT",
    "REM",
    "REMARK",
    "REPHEADER",
    "RUN",
    "SET",
    "SHOW",
    "SHO",
    "SPOOL",
    "SPO",
    "START",
    "STORE",
    "TIMING",
    "TTITLE",
    "UNDEFINE",
    "UNDEF",
    "VARIABLE",
    "VAR",
    "WHENEVER",
    "@",
    "@@",
];

impl Parser<'_> {
    /// Every unit of the file.
    pub(crate) fn units(&mut self) -> Vec<Unit> {
        let mut units = Vec::new();
        // After an error at a `/` inside a body, what follows up to the next
        // `/` is the tail of the broken unit (`COMMIT; END p;`), skipped
        // without more diagnostics unless a new unit starts a line.
        let mut recovering = false;
        loop {
            let token = self.peek().clone();
            match token.kind {
                TokenKind::Eof => return units,
                TokenKind::Terminator => {
                    self.bump();
                    self.stray_slash(units.last(), token.range);
                    recovering = false;
                }
                _ if self.at_sqlplus_command() && self.at_any(&["EXEC", "EXECUTE"]) => {
                    if let Some(unit) = self.execute_line(token.range) {
                        units.push(unit);
                    }
                }
                _ if self.at_sqlplus_command() => self.skip_sqlplus(token.range),
                _ if recovering && !self.at_unit_start() => {
                    self.resync();
                    recovering = false;
                }
                _ => match self.unit() {
                    Ok(unit) => {
                        recovering = false;
                        let plsql = !matches!(unit.kind, UnitKind::Sql { .. });
                        units.push(unit);
                        if plsql && self.unit_end().is_err() {
                            self.resync();
                        }
                    }
                    Err(_) => {
                        recovering = self.peek().kind == TokenKind::Terminator;
                        if self.peek().range.start == token.range.start {
                            self.bump();
                        }
                        self.resync();
                    }
                },
            }
        }
    }

    /// True at a CREATE, DECLARE, BEGIN or label starting a line.
    fn at_unit_start(&mut self) -> bool {
        let start = self.peek().range.start;
        (self.at("CREATE") || self.at("DECLARE") || self.at("BEGIN") || self.at_op("<<"))
            && self.starts_line(start)
    }

    /// A `/` line after a statement already ended by `;` runs it again in
    /// SQL*Plus; eltc reads it once, and says so.
    fn stray_slash(&mut self, previous: Option<&Unit>, range: std::ops::Range<usize>) {
        let after_sql = previous.is_some_and(|unit| {
            matches!(unit.kind, UnitKind::Sql { .. })
                && self.text[..range.start].trim_end().ends_with(';')
        });
        if after_sql {
            let diagnostic = Diagnostic::new(
                Code::PlsqlSyntax,
                Span::new(self.file, range),
                "`/` after a statement ended by `;` runs it a second time in SQL*Plus",
            )
            .severity(Severity::Warning)
            .label("ignored")
            .help("eltc runs the statement once; remove the `/` or the `;`");
            self.diagnostics.push(diagnostic);
        }
    }

    /// True when the next token starts its line and names a SQL*Plus command.
    fn at_sqlplus_command(&mut self) -> bool {
        let token = self.peek().clone();
        let line_start = self.text[..token.range.start]
            .rfind('\n')
            .map_or(0, |i| i + 1);
        if !self.text[line_start..token.range.start].trim().is_empty() {
            return false;
        }
        let word = self.slice(&token.range);
        let is_command = SQLPLUS_COMMANDS
            .iter()
            .any(|c| c.eq_ignore_ascii_case(word));
        match token.kind {
            // `EXECUTE IMMEDIATE` is PL/SQL, never a command line.
            TokenKind::Word => is_command && !self.nth_is(1, "IMMEDIATE"),
            TokenKind::Op("@") => true,
            _ => false,
        }
    }

    /// Reads past a SQL*Plus command line, with the diagnostic of its family
    /// (a command that runs other work is an error: leaving it out drops it).
    fn skip_sqlplus(&mut self, range: std::ops::Range<usize>) {
        let line = self.line_at(range.start).trim_end();
        let command = self.slice(&range).to_ascii_uppercase();
        let code = sqlplus_code(&command);
        let continues = code == Code::SqlplusWhenever
            && line
                .to_ascii_uppercase()
                .split_whitespace()
                .any(|w| w == "CONTINUE");
        let (message, label, help) = match code {
            Code::SqlplusPrompt => (
                format!("SQL*Plus `{command}` line read past"),
                "a message or remark, not a statement",
                "to keep the message, log it from the procedure (RAISE INFO)",
            ),
            Code::SqlplusSpool => (
                format!("SQL*Plus `{command}`: the output file is not written"),
                "the client's output file",
                "when the file was data for another system, write it with UNLOAD",
            ),
            Code::SqlplusWhenever if continues => (
                "`WHENEVER ... CONTINUE` goes on after a failed statement; a Redshift procedure stops at the first error".to_string(),
                "error handling changes",
                "catch the error with an EXCEPTION handler around the statements that may fail",
            ),
            Code::SqlplusWhenever => (
                "SQL*Plus `WHENEVER` read past: a Redshift procedure stops at the first error".to_string(),
                "the client's error handling",
                "nothing to do: the batch fails and rolls back at the first error",
            ),
            Code::SqlplusVariable => (
                format!("SQL*Plus `{command}` has no Redshift equivalent"),
                "a SQL*Plus variable",
                "pass the value as a parameter of the pipeline or of the procedure",
            ),
            Code::SqlplusSession => (
                format!("SQL*Plus `{command}` read past: the Data API call opens the session"),
                "a client session command",
                "check that the statements after a CONNECT name the schema they meant",
            ),
            Code::SqlplusRun => (
                format!("SQL*Plus `{command}` runs work that is not in this file"),
                "not translated",
                "translate that script on its own and call what it creates, or move the command to the pipeline's driver",
            ),
            _ => (
                format!("SQL*Plus `{command}` read past: a client setting"),
                "a SQL*Plus setting, not SQL or PL/SQL",
                "nothing to do: it changes only what the SQL*Plus client prints",
            ),
        };
        let mut diagnostic = Diagnostic::new(
            code,
            Span::new(self.file, range.start..range.start + line.len()),
            message,
        )
        .label(label)
        .help(help);
        if continues {
            diagnostic = diagnostic.severity(Severity::Error);
        }
        self.diagnostics.push(diagnostic);
        self.skip_line(range.start);
    }

    /// The text of the line from `offset` to its end.
    fn line_at(&self, offset: usize) -> &str {
        let end = self.text[offset..]
            .find('\n')
            .map_or(self.text.len(), |i| offset + i);
        &self.text[offset..end]
    }

    /// `EXEC[UTE] statement`: SQL*Plus runs the rest of the line as
    /// `BEGIN statement END;` (the `;` optional), so it becomes that
    /// anonymous block. `None` after a diagnostic.
    fn execute_line(&mut self, command: std::ops::Range<usize>) -> Option<Unit> {
        let line_end = command.start + self.line_at(command.start).len();
        let with_semicolon = self.line_at(command.start).trim_end().ends_with(';');
        self.bump();
        let start = self.peek().range.start;
        let statement = if with_semicolon {
            self.stmt().ok()
        } else {
            self.call_to_line_end(line_end)
        };
        let Some(statement) = statement.filter(|_| self.prev_end <= line_end) else {
            let line = self.line_at(command.start).trim_end().len();
            self.diagnostics.push(
                Diagnostic::new(
                    Code::SqlplusExecute,
                    Span::new(self.file, command.start..command.start + line),
                    "this EXECUTE line is not one PL/SQL statement eltc reads",
                )
                .label("not translated")
                .help("write it as `BEGIN ... END;` followed by a `/` line"),
            );
            self.skip_line(command.start);
            return None;
        };
        let range = start..self.prev_end;
        Some(Unit {
            kind: UnitKind::Anonymous(Block {
                label: None,
                decls: Vec::new(),
                body: vec![statement],
                handlers: Vec::new(),
                range: range.clone(),
            }),
            or_replace: false,
            comments: Vec::new(),
            range: command.start..self.prev_end,
        })
    }

    /// `name [(args)]` ending its line without `;`.
    fn call_to_line_end(&mut self, line_end: usize) -> Option<Stmt> {
        let start = self.peek().range.start;
        let name = self.qualified("a procedure name").ok()?;
        let args = self.optional_args().ok()?;
        let next = self.peek().clone();
        if next.kind != TokenKind::Eof && next.range.start < line_end {
            return None;
        }
        Some(Stmt {
            kind: StmtKind::Call { name, args },
            label: None,
            comments: Vec::new(),
            range: start..self.prev_end,
        })
    }

    /// Skips to the next `/` line (consumed) or the next line starting with
    /// CREATE.
    fn resync(&mut self) {
        loop {
            let token = self.peek().clone();
            match token.kind {
                TokenKind::Eof => return,
                TokenKind::Terminator => {
                    self.bump();
                    return;
                }
                _ if self.at("CREATE") && self.starts_line(token.range.start) => return,
                _ => {
                    self.bump();
                }
            }
        }
    }

    pub(crate) fn starts_line(&self, offset: usize) -> bool {
        let line_start = self.text[..offset].rfind('\n').map_or(0, |i| i + 1);
        self.text[line_start..offset].trim().is_empty()
    }

    /// After a PL/SQL unit: `/`, or the end of the file.
    fn unit_end(&mut self) -> PResult<()> {
        match self.peek().kind {
            TokenKind::Eof => Ok(()),
            TokenKind::Terminator => {
                self.bump();
                Ok(())
            }
            _ => Err(self.unexpected("`/` on its own line after the unit")),
        }
    }

    fn unit(&mut self) -> PResult<Unit> {
        self.drop_carried_comments();
        let comments = self.leading_comments();
        let start = self.peek().range.start;
        let (kind, or_replace) = if self.at("CREATE") {
            match self.create_target() {
                Some(n) => self.plsql_unit(n)?,
                None => {
                    let or_replace = self.nth_is(1, "OR");
                    (self.top_level_sql()?, or_replace)
                }
            }
        } else if self.at("DECLARE") || self.at("BEGIN") || self.at_op("<<") {
            (UnitKind::Anonymous(self.anonymous()?), false)
        } else if self.at_any(&SQL_STATEMENTS) {
            (self.top_level_sql()?, false)
        } else {
            return Err(self.unexpected("CREATE, a block or an SQL statement"));
        };
        Ok(Unit {
            kind,
            or_replace,
            comments,
            range: start..self.prev_end,
        })
    }

    /// The position of PROCEDURE / FUNCTION / PACKAGE / TRIGGER / TYPE after
    /// `CREATE [OR REPLACE] [[NON]EDITIONABLE]`, or None for SQL DDL.
    fn create_target(&mut self) -> Option<usize> {
        let mut n = 1;
        if self.nth_is(n, "OR") && self.nth_is(n + 1, "REPLACE") {
            n += 2;
        }
        if self.nth_is(n, "EDITIONABLE") || self.nth_is(n, "NONEDITIONABLE") {
            n += 1;
        }
        let units = [
            "PROCEDURE",
            "FUNCTION",
            "PACKAGE",
            "TRIGGER",
            "TYPE",
            "LIBRARY",
            "JAVA",
        ];
        units.iter().any(|w| self.nth_is(n, w)).then_some(n)
    }

    fn plsql_unit(&mut self, target: usize) -> PResult<(UnitKind, bool)> {
        let or_replace = self.nth_is(1, "OR");
        for _ in 0..target {
            self.bump();
        }
        let kind = if self.at("PROCEDURE") || self.at("FUNCTION") {
            let spec = self.routine_spec()?;
            let routine = self.routine_rest(spec)?;
            self.expect_op(";")?;
            if routine.spec.is_function {
                UnitKind::Function(routine)
            } else {
                UnitKind::Procedure(routine)
            }
        } else if self.at("PACKAGE") {
            self.package()?
        } else {
            let what = format!("CREATE {}", self.nth_upper(0));
            return Err(self.not_read(
                &format!("`{what}`"),
                "eltc translates procedures, functions and packages; rewrite this unit as one of them",
            ));
        };
        Ok((kind, or_replace))
    }

    /// `PACKAGE [BODY] name [clauses] IS|AS items [BEGIN init] END [name];`
    fn package(&mut self) -> PResult<UnitKind> {
        self.bump();
        let body = self.eat("BODY");
        let name = self.qualified("a package name")?;
        self.heading_clauses()?;
        if !(self.eat("IS") || self.eat("AS")) {
            return Err(self.unexpected("IS or AS"));
        }
        let items = self.decls()?;
        if !body && let Some(routine) = items.iter().find_map(routine_of) {
            return Err(self.error(
                routine,
                "a package specification declares routines without their bodies".to_string(),
                "a body in the specification".to_string(),
                "end the heading with `;` here and put the body in the PACKAGE BODY",
            ));
        }
        let init = if body && self.at("BEGIN") {
            let (stmts, handlers) = self.body_and_handlers()?;
            if let Some(handler) = handlers.first() {
                return Err(self.error(
                    handler.range.clone(),
                    "eltc does not read exception handlers of a package's initialisation section"
                        .to_string(),
                    "not read".to_string(),
                    "Redshift has no package state to initialise: move this code into a procedure",
                ));
            }
            Some(stmts)
        } else {
            None
        };
        self.expect("END")?;
        let end_name = self.routine_end_name(name.parts.last())?;
        self.expect_op(";")?;
        let package = Package {
            name,
            items,
            init,
            end_name,
        };
        Ok(if body {
            UnitKind::PackageBody(package)
        } else {
            UnitKind::PackageSpec(package)
        })
    }

    fn anonymous(&mut self) -> PResult<crate::plsql::ast::Block> {
        let mut label = None;
        while self.eat_op("<<") {
            label = Some(self.name("a label name")?);
            self.expect_op(">>")?;
        }
        let block = self.block(label)?;
        self.expect_op(";")?;
        Ok(block)
    }

    /// A plain SQL statement, up to its `;` or a `/` line.
    fn top_level_sql(&mut self) -> PResult<UnitKind> {
        let kind = self.sql_kind();
        let (sql, _) = self.sql_text(crate::plsql::ast::SqlKind::Other, false)?;
        match self.peek().kind {
            TokenKind::Op(";") => {
                self.bump();
            }
            TokenKind::Terminator => {}
            _ => return Err(self.unexpected("`;` at the end of the statement")),
        }
        Ok(UnitKind::Sql { kind, sql })
    }
}

/// True when `word` (any case) names a SQL*Plus command: a line starting
/// with it is a client command, not SQL.
pub fn is_sqlplus_command(word: &str) -> bool {
    SQLPLUS_COMMANDS
        .iter()
        .any(|c| c.eq_ignore_ascii_case(word))
}

/// The diagnostic of a SQL*Plus command, by its family.
fn sqlplus_code(command: &str) -> Code {
    match command {
        "PROMPT" | "PRO" | "REM" | "REMARK" => Code::SqlplusPrompt,
        "SPOOL" | "SPO" => Code::SqlplusSpool,
        "WHENEVER" => Code::SqlplusWhenever,
        "DEFINE" | "DEF" | "UNDEFINE" | "UNDEF" | "ACCEPT" | "ACC" | "VARIABLE" | "VAR"
        | "PRINT" => Code::SqlplusVariable,
        "CONNECT" | "CONN" | "DISCONNECT" | "EXIT" | "QUIT" => Code::SqlplusSession,
        "@" | "@@" | "START" | "RUN" | "HOST" => Code::SqlplusRun,
        _ => Code::SqlplusSetting,
    }
}

/// Words that start an SQL statement outside a unit.
const SQL_STATEMENTS: [&str; 25] = [
    "WITH",
    "ALTER",
    "ANALYZE",
    "AUDIT",
    "CALL",
    "COMMENT",
    "COMMIT",
    "CREATE",
    "DELETE",
    "DROP",
    "EXPLAIN",
    "FLASHBACK",
    "GRANT",
    "INSERT",
    "LOCK",
    "MERGE",
    "NOAUDIT",
    "PURGE",
    "RENAME",
    "REVOKE",
    "ROLLBACK",
    "SAVEPOINT",
    "SELECT",
    "TRUNCATE",
    "UPDATE",
];

/// The range of a routine with a body among package items.
fn routine_of(decl: &crate::plsql::ast::Decl) -> Option<std::ops::Range<usize>> {
    match &decl.kind {
        DeclKind::Routine(routine) => Some(routine.spec.range.clone()),
        _ => None,
    }
}
