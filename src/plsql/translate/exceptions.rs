//! Exceptions (docs/redshift.md #exception-handlers, #plsql-constructs).
//!
//! Redshift accepts only `EXCEPTION WHEN OTHERS`, and in a default (atomic)
//! procedure entering it rolls back the whole transaction, runs the handler
//! in a new one, commits the handler's work and re-throws. So:
//!
//! - NO_DATA_FOUND, TOO_MANY_ROWS and user-defined exceptions are raised by
//!   statements eltc sees (SELECT INTO's checks, `RAISE e`,
//!   RAISE_APPLICATION_ERROR with a code bound by EXCEPTION_INIT): where the
//!   innermost enclosing block handling it has a specific handler, that
//!   handler's statements run in place, followed by `EXIT <block label>`
//!   (the block ends, as after Oracle's handler); else the error is raised
//!   with Oracle's message (`RAISE EXCEPTION 'ORA-01403: no data found'`).
//!   Inside such an inlined handler SQLERRM is that message.
//! - A specific handler nothing in its block raises is dead, unless the
//!   block calls a procedure that may raise it: that cannot be caught on
//!   Redshift (`plsql::handler-not-kept`), nor can predefined errors SQL
//!   raises (VALUE_ERROR, ZERO_DIVIDE, ...).
//! - WHEN OTHERS is kept when it ends in a re-raise (`RAISE;`, `RAISE e`,
//!   RAISE_APPLICATION_ERROR): Oracle then fails the call as Redshift does.
//!   A bare `RAISE;` at its end is dropped (Redshift re-throws by itself and
//!   accepts a bare RAISE only in NONATOMIC procedures; the PostgreSQL form
//!   adds it back, src/target/postgres.rs), a ROLLBACK in it too (Redshift
//!   rolled back already). Its writes survive on Redshift
//!   (`plsql::handler-changed`) unless made by an autonomous procedure,
//!   whose writes Oracle keeps as well. A handler that lets the block go on
//!   cannot be kept.
//! - RAISE_APPLICATION_ERROR(-20001, msg) is `RAISE EXCEPTION '%', v` with
//!   `v := 'ORA-20001: ' || msg` (RAISE takes variables only, 1.3), so
//!   SQLERRM reads as in Oracle. SQLCODE has no equivalent (SQLSTATE holds
//!   PostgreSQL codes): refused.

use std::ops::Range;

use sqlparser::ast::{BinaryOperator, Expr, Value};

use super::Ctx;
use super::scope::VarKind;
use crate::diag::{Code, Diagnostic};
use crate::plsql::ast::{self, Handler, Stmt, StmtKind};
use crate::plsql::pgsql::{self, RaiseLevel, Type};
use crate::spec::model::DataType;
use crate::sql::typing::Ty;

/// An exception eltc can raise and catch itself.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Exc {
    /// NO_DATA_FOUND (ORA-01403).
    NoDataFound,
    /// TOO_MANY_ROWS (ORA-01422).
    TooManyRows,
    /// DUP_VAL_ON_INDEX (ORA-00001).
    DupValOnIndex,
    /// A user-defined exception, by its PL/pgSQL-independent name.
    User(String),
    /// RAISE_APPLICATION_ERROR's number.
    Code(i64),
}

impl Exc {
    /// Oracle's error message.
    fn message(&self) -> String {
        match self {
            Exc::NoDataFound => "ORA-01403: no data found".into(),
            Exc::TooManyRows => {
                "ORA-01422: exact fetch returns more than requested number of rows".into()
            }
            Exc::DupValOnIndex => "ORA-00001: unique constraint violated".into(),
            Exc::User(name) => {
                format!("ORA-06510: PL/SQL: unhandled user-defined exception ({name})")
            }
            Exc::Code(code) => format!("ORA{code:06}"),
        }
    }
}

/// The specific handlers of one enclosing block.
#[derive(Clone, Debug)]
pub struct HandlerFrame {
    /// The block's label (set when it has specific handlers).
    pub label: Option<String>,
    /// Scope depth inside the block: a handler body sees these frames.
    pub depth: usize,
    /// Specific handlers: what each catches, and the handler.
    pub specific: Vec<(Vec<Exc>, Handler)>,
    /// The block has WHEN OTHERS.
    pub others: bool,
    /// Which specific handlers some statement raised into.
    pub used: Vec<bool>,
}

/// The exception a handler names: `Ok(None)` for OTHERS, `Err` for one
/// eltc cannot catch.
fn classify(ctx: &Ctx<'_>, name: &ast::QualifiedIdent) -> Result<Option<Exc>, String> {
    let parts = super::packages::parts(name);
    let last = parts.last().cloned().unwrap_or_default();
    match last.as_str() {
        "others" => return Ok(None),
        "no_data_found" => return Ok(Some(Exc::NoDataFound)),
        "too_many_rows" => return Ok(Some(Exc::TooManyRows)),
        "dup_val_on_index" => return Ok(Some(Exc::DupValOnIndex)),
        _ => {}
    }
    if let Some(var) = ctx.scope.get(&last)
        && matches!(var.kind, VarKind::Exception { .. })
    {
        return Ok(Some(Exc::User(last)));
    }
    if let Some(package) = &ctx.scope.package
        && package.exceptions.iter().any(|(n, _)| *n == last)
    {
        return Ok(Some(Exc::User(last)));
    }
    Err(parts.join(".").to_uppercase())
}

impl Ctx<'_> {
    /// The EXCEPTION_INIT code of a user exception in scope.
    fn exception_code(&self, name: &str) -> Option<i64> {
        if let Some(var) = self.scope.get(name)
            && let VarKind::Exception { code } = var.kind
        {
            return code;
        }
        self.scope
            .package
            .as_ref()
            .and_then(|p| p.exceptions.iter().find(|(n, _)| n == name))
            .and_then(|(_, code)| *code)
    }

    /// Registers the block's handlers before its body is translated.
    pub fn enter_handlers(&mut self, block: &ast::Block, label: &mut Option<String>) {
        let mut frame = HandlerFrame {
            label: None,
            depth: self.scope.depth(),
            specific: Vec::new(),
            others: false,
            used: Vec::new(),
        };
        for handler in &block.handlers {
            let mut caught = Vec::new();
            for name in &handler.exceptions {
                match classify(self, name) {
                    Ok(None) => frame.others = true,
                    Ok(Some(exc)) => caught.push(exc),
                    Err(name) => {
                        let span = self.span(&handler.range);
                        self.report(
                            Diagnostic::new(Code::PlsqlHandlerNotKept, span, format!("a handler for `{name}` is not translated"))
                                .label("handler")
                                .help("Redshift cannot continue after an error SQL raises (only WHEN OTHERS exists, and it re-throws): check the condition before the statement instead"),
                        );
                    }
                }
            }
            if !caught.is_empty() {
                frame.specific.push((caught, handler.clone()));
                frame.used.push(false);
            }
        }
        if !frame.specific.is_empty() && label.is_none() {
            *label = Some(self.label());
            if let Some(frame_label) = label {
                self.scope.set_label(frame_label);
            }
        }
        frame.label.clone_from(label);
        self.handlers.push(frame);
    }

    /// Pops the block's handlers: its WHEN OTHERS statements, if any.
    pub fn leave_handlers(&mut self, block: &ast::Block) -> Option<Vec<pgsql::Stmt>> {
        let frame = self.handlers.pop()?;
        for ((caught, handler), used) in frame.specific.iter().zip(&frame.used) {
            if !used && caught.contains(&Exc::DupValOnIndex) && updates(&block.body) {
                let span = self.span(&handler.range);
                self.report(
                    Diagnostic::new(Code::PlsqlHandlerNotKept, span, "this DUP_VAL_ON_INDEX handler may catch a duplicate made by an UPDATE or MERGE")
                        .label("handler")
                        .help("Redshift enforces no key and eltc checks keys before INSERTs only: check the keys before the statement"),
                );
            }
            if !used && calls_routines(&block.body) {
                let span = self.span(&handler.range);
                let names: Vec<String> = caught.iter().map(|e| format!("{e:?}")).collect();
                self.report(
                    Diagnostic::new(Code::PlsqlHandlerNotKept, span, format!("this handler ({}) may catch an error raised by a called procedure", names.join(", ")))
                        .label("handler")
                        .help("Redshift cannot catch it and continue: check the condition before the call, or let the error fail the batch"),
                );
            }
        }
        let others = block.handlers.iter().find(|h| {
            h.exceptions
                .iter()
                .any(|n| super::packages::parts(n).last().map(String::as_str) == Some("others"))
        })?;
        let stmts = self.others(others);
        // A handler left empty (its ROLLBACK and RAISE dropped) does what
        // Redshift does without one: roll back and re-throw.
        if stmts.iter().all(|s| matches!(s, pgsql::Stmt::Comment(_))) {
            return None;
        }
        Some(stmts)
    }

    /// A WHEN OTHERS handler.
    fn others(&mut self, handler: &Handler) -> Vec<pgsql::Stmt> {
        let reraises = handler.body.last().is_some_and(|s| self.is_reraise(s));
        if !reraises {
            let span = self.span(&handler.range);
            self.report(
                Diagnostic::new(Code::PlsqlHandlerNotKept, span, "WHEN OTHERS without a re-raise is not translated")
                    .label("Oracle goes on after the error, Redshift fails the call")
                    .help("end the handler with RAISE (Redshift rolls the transaction back, runs the handler, commits its work and re-throws: https://docs.aws.amazon.com/redshift/latest/dg/stored-procedure-trapping-errors.html), or check the condition before the failing statement"),
            );
        }
        if let Some(write) = self.handler_write(&handler.body) {
            let span = self.span(&write);
            self.report(
                Diagnostic::new(Code::PlsqlHandlerChanged, span, "this write in a WHEN OTHERS handler survives the failure on Redshift")
                    .label("committed before the re-throw")
                    .help("Redshift commits the handler's work before it re-throws; Oracle rolls it back with the failed call unless it is autonomous. Right for error logging; otherwise move it out of the handler"),
            );
        }
        let body = match handler.body.split_last() {
            Some((last, rest)) if matches!(last.kind, StmtKind::Raise { exception: None }) => rest,
            _ => &handler.body[..],
        };
        let saved = (self.scope.in_handler, self.rollback_ok);
        self.scope.in_handler = true;
        self.rollback_ok = reraises;
        let out = self.stmts(body);
        (self.scope.in_handler, self.rollback_ok) = saved;
        out
    }

    /// `RAISE;`, `RAISE e;` or RAISE_APPLICATION_ERROR(...).
    fn is_reraise(&self, stmt: &Stmt) -> bool {
        match &stmt.kind {
            StmtKind::Raise { .. } => true,
            StmtKind::Call { name, .. } => {
                super::packages::parts(name).last().map(String::as_str)
                    == Some("raise_application_error")
            }
            _ => false,
        }
    }

    /// The first statement of a handler that writes and is not autonomous.
    fn handler_write(&self, body: &[Stmt]) -> Option<Range<usize>> {
        let mut found = None;
        super::world::walk(body, &mut |stmt| {
            if found.is_some() {
                return;
            }
            match &stmt.kind {
                StmtKind::Sql {
                    kind:
                        ast::SqlKind::Insert
                        | ast::SqlKind::Update
                        | ast::SqlKind::Delete
                        | ast::SqlKind::Merge,
                    ..
                } => {
                    found = Some(stmt.range.clone());
                }
                StmtKind::Call { name, .. } => {
                    let parts = super::packages::parts(name);
                    let schema = self.schema();
                    let callees =
                        self.world
                            .candidates(&parts, self.sig.package.as_deref(), &schema);
                    if callees.iter().any(|s| !s.autonomous) {
                        found = Some(stmt.range.clone());
                    }
                }
                _ => {}
            }
        });
        found
    }

    /// `RAISE [e];`
    pub fn raise(
        &mut self,
        stmt: &Stmt,
        exception: Option<&ast::QualifiedIdent>,
        out: &mut Vec<pgsql::Stmt>,
    ) {
        let Some(name) = exception else {
            match self.current_exc.last().cloned() {
                Some(exc) => {
                    let stmts = self.raise_outward(exc, &stmt.range);
                    out.extend(stmts);
                }
                None => self.unsupported(Code::PlsqlRaiseForm,
                    &stmt.range,
                    "a re-raise that is not the last statement of WHEN OTHERS",
                    "Redshift re-throws after WHEN OTHERS by itself: end the handler with RAISE, unconditionally",
                ),
            }
            return;
        };
        match classify(self, name) {
            Ok(Some(exc)) => {
                let stmts = self.raise_exc(exc, &stmt.range);
                out.extend(stmts);
            }
            _ => {
                let span = self.span(&stmt.range);
                self.report(
                    Diagnostic::new(Code::PlsqlUnknownName, span, format!("`{}` is not an exception eltc can raise", super::packages::parts(name).join(".")))
                        .label("RAISE")
                        .help("raise a declared exception, NO_DATA_FOUND or TOO_MANY_ROWS, or call RAISE_APPLICATION_ERROR"),
                );
            }
        }
    }

    /// Raises `exc` from here: the innermost handler for it runs in place.
    pub fn raise_exc(&mut self, exc: Exc, range: &Range<usize>) -> Vec<pgsql::Stmt> {
        self.raise_from(self.handlers.len(), exc, range)
    }

    /// Re-raises the exception of the inlined handler being translated,
    /// from outside its block.
    fn raise_outward(&mut self, exc: Exc, range: &Range<usize>) -> Vec<pgsql::Stmt> {
        let from = self.handler_floor.last().copied().unwrap_or(0);
        self.raise_from(from, exc, range)
    }

    /// True when raising `exc` here would run a specific handler.
    pub fn handles(&self, exc: &Exc) -> bool {
        for frame in self.handlers.iter().rev() {
            if frame
                .specific
                .iter()
                .any(|(caught, _)| caught.contains(exc))
            {
                return true;
            }
            if frame.others {
                return false;
            }
        }
        false
    }

    fn raise_from(&mut self, from: usize, exc: Exc, range: &Range<usize>) -> Vec<pgsql::Stmt> {
        let code = match &exc {
            Exc::User(name) => self.exception_code(name),
            Exc::Code(code) => Some(*code),
            _ => None,
        };
        for i in (0..from.min(self.handlers.len())).rev() {
            let frame = &self.handlers[i];
            let hit = frame.specific.iter().position(|(caught, _)| {
                caught.iter().any(|c| {
                    *c == exc
                        || matches!((c, code), (Exc::User(name), Some(code)) if self.exception_code(name) == Some(code))
                })
            });
            if let Some(h) = hit {
                return self.inline_handler(i, h, exc, range);
            }
            if frame.others {
                break;
            }
        }
        self.raise_message(&exc)
    }

    /// `RAISE EXCEPTION` with Oracle's message (user codes: the message
    /// variable RAISE_APPLICATION_ERROR set).
    fn raise_message(&mut self, exc: &Exc) -> Vec<pgsql::Stmt> {
        if let Exc::Code(_) = exc {
            let message = self.hidden("eltc_message", Type::Data(DataType::Varchar(65535)));
            return vec![pgsql::Stmt::Raise {
                level: RaiseLevel::Exception,
                format: "%".into(),
                args: vec![message],
            }];
        }
        vec![pgsql::Stmt::Raise {
            level: RaiseLevel::Exception,
            format: exc.message().replace('%', "%%"),
            args: Vec::new(),
        }]
    }

    /// Handler `h` of frame `i`, translated where the exception is raised,
    /// then `EXIT` from its block.
    fn inline_handler(
        &mut self,
        i: usize,
        h: usize,
        exc: Exc,
        range: &Range<usize>,
    ) -> Vec<pgsql::Stmt> {
        let _ = range;
        self.handlers[i].used[h] = true;
        let frame = self.handlers[i].clone();
        let handler = frame.specific[h].1.clone();
        let message = match &exc {
            Exc::Code(_) => {
                let name = self.hidden("eltc_message", Type::Data(DataType::Varchar(65535)));
                Expr::Identifier(sqlparser::ast::Ident::new(name))
            }
            other => Expr::value(Value::SingleQuotedString(other.message())),
        };
        let inner = self.scope.truncated(frame.depth);
        let saved_scope = std::mem::replace(&mut self.scope, inner);
        let saved_message = self.scope.message.replace(message);
        self.scope.in_handler = false;
        self.handler_floor.push(i);
        self.current_exc.push(exc);
        let mut body = self.stmts(&handler.body);
        self.current_exc.pop();
        self.handler_floor.pop();
        let _ = saved_message;
        let handler_scope = std::mem::replace(&mut self.scope, saved_scope);
        self.scope.absorb(&handler_scope);
        body.push(pgsql::Stmt::Exit {
            label: frame.label.clone(),
            when: None,
        });
        body
    }

    /// RAISE_APPLICATION_ERROR(code, message [, keep]).
    pub fn raise_application_error(
        &mut self,
        stmt: &Stmt,
        args: &[ast::Arg],
        out: &mut Vec<pgsql::Stmt>,
    ) {
        let (Some(code), Some(message)) = (args.first(), args.get(1)) else {
            self.unsupported(
                Code::PlsqlRaiseForm,
                &stmt.range,
                "RAISE_APPLICATION_ERROR without a number and a message",
                "pass both",
            );
            return;
        };
        let code_text = self.src.text[code.value.range.clone()].replace(char::is_whitespace, "");
        let Some(number) = code_text
            .parse::<i64>()
            .ok()
            .filter(|n| (-20999..=-20000).contains(n))
        else {
            self.unsupported(
                Code::PlsqlRaiseForm,
                &code.value.range,
                "RAISE_APPLICATION_ERROR with a number that is not a literal from -20999 to -20000",
                "write the error number as a literal",
            );
            return;
        };
        let Some(parsed) = self.parse_expr(&message.value) else {
            return;
        };
        let mut composed = Expr::BinaryOp {
            left: Box::new(Expr::value(Value::SingleQuotedString(format!(
                "ORA{number:06}: "
            )))),
            op: BinaryOperator::StringConcat,
            right: Box::new(Expr::Nested(Box::new(parsed))),
        };
        let info = self.translate_expr(&message.value.range, &mut composed);
        if !matches!(info.ty, Ty::Text | Ty::Unknown | Ty::Null) {
            self.unsupported(
                Code::PlsqlRaiseForm,
                &message.value.range,
                "a RAISE_APPLICATION_ERROR message that is not text",
                "convert it with TO_CHAR",
            );
        }
        let variable = self.hidden("eltc_message", Type::Data(DataType::Varchar(65535)));
        out.push(pgsql::Stmt::Assign {
            target: Expr::Identifier(sqlparser::ast::Ident::new(variable)),
            value: composed,
        });
        let stmts = self.raise_exc(Exc::Code(number), &stmt.range);
        out.extend(stmts);
    }

    /// PRAGMA EXCEPTION_INIT(e, -20001): binds a user exception to a number.
    pub fn exception_init(&mut self, decl: &ast::Decl, args: &[ast::ExprText]) {
        let [exception, code] = args else {
            self.unsupported(
                Code::PlsqlExceptionInit,
                &decl.range,
                "this PRAGMA EXCEPTION_INIT",
                "write PRAGMA EXCEPTION_INIT(exception, -20nnn)",
            );
            return;
        };
        let name = self.src.text[exception.range.clone()].trim().to_lowercase();
        let number = self.src.text[code.range.clone()]
            .replace(char::is_whitespace, "")
            .parse::<i64>()
            .ok();
        let Some(number) = number.filter(|n| (-20999..=-20000).contains(n)) else {
            self.unsupported(
                Code::PlsqlExceptionInit,
                &decl.range,
                "EXCEPTION_INIT of an Oracle error (not -20999 .. -20000)",
                "Redshift cannot catch errors SQL raises: check the condition before the statement",
            );
            return;
        };
        self.scope
            .declare(&name, VarKind::Exception { code: Some(number) });
    }
}

/// True when the statements hold an UPDATE or a MERGE.
fn updates(body: &[Stmt]) -> bool {
    let mut found = false;
    super::world::walk(body, &mut |stmt| {
        found |= matches!(
            &stmt.kind,
            StmtKind::Sql {
                kind: ast::SqlKind::Update | ast::SqlKind::Merge,
                ..
            }
        );
    });
    found
}

/// True when the statements call a procedure (other than built-ins eltc
/// translates, which raise nothing a handler could catch).
fn calls_routines(body: &[Stmt]) -> bool {
    let mut found = false;
    super::world::walk(body, &mut |stmt| {
        if let StmtKind::Call { name, .. } = &stmt.kind {
            let parts = super::packages::parts(name);
            let builtin = matches!(
                parts
                    .iter()
                    .map(String::as_str)
                    .collect::<Vec<_>>()
                    .as_slice(),
                ["dbms_output", _] | ["raise_application_error"]
            );
            found |= !builtin;
        }
    });
    found
}
