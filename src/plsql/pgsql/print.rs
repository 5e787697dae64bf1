//! The printer of [`super::Block`]: PL/pgSQL text for Redshift or for the
//! PostgreSQL test form.
//!
//! The two forms differ only where src/target/postgres.rs documents it: SQL
//! nodes go through its AST adapter, and a `WHEN OTHERS` handler ends with
//! `RAISE;` on PostgreSQL (Redshift's default atomic mode re-throws after
//! the handler by itself and accepts a bare RAISE only in NONATOMIC
//! procedures; PostgreSQL would swallow the error: docs/redshift.md #nonatomic-procedures, #exception-handlers).

use std::fmt::Write;

use sqlparser::ast::{Expr, Query, SelectInto, SetExpr, Statement};

use super::{Block, Decl, DeclKind, RaiseLevel, Stmt};
use crate::target::Target;

/// The text of a block, `[DECLARE ...] BEGIN ... END;`, indented by `indent`
/// levels (two spaces each), ending with a newline.
pub fn render_block(block: &Block, target: &dyn Target, indent: usize) -> String {
    let mut printer = Printer {
        target,
        out: String::new(),
    };
    printer.block(block, indent);
    printer.out
}

struct Printer<'t> {
    target: &'t dyn Target,
    out: String,
}

impl Printer<'_> {
    fn line(&mut self, indent: usize, text: &str) {
        for _ in 0..indent {
            self.out.push_str("  ");
        }
        self.out.push_str(text);
        self.out.push('\n');
    }

    fn expr(&self, expr: &Expr) -> String {
        self.target.expr(expr)
    }

    fn query(&self, query: &Query) -> Query {
        self.target.query(query).into_owned()
    }

    fn statement(&self, statement: &Statement) -> String {
        self.target.statement(statement).to_string()
    }

    fn exprs(&self, exprs: &[Expr]) -> String {
        exprs
            .iter()
            .map(|e| self.expr(e))
            .collect::<Vec<_>>()
            .join(", ")
    }

    fn block(&mut self, block: &Block, indent: usize) {
        if let Some(label) = &block.label {
            self.line(indent, &format!("<<{label}>>"));
        }
        if !block.decls.is_empty() {
            self.line(indent, "DECLARE");
            for decl in &block.decls {
                self.decl(decl, indent + 1);
            }
        }
        self.line(indent, "BEGIN");
        self.stmts(&block.body, indent + 1);
        if let Some(handler) = &block.handler {
            self.line(indent, "EXCEPTION");
            self.line(indent + 1, "WHEN OTHERS THEN");
            self.stmts(handler, indent + 2);
            if self.target.handler_reraises() {
                // src/target/postgres.rs, entry 15.
                self.line(indent + 2, "RAISE;");
            }
        }
        match &block.label {
            Some(label) => self.line(indent, &format!("END {label};")),
            None => self.line(indent, "END;"),
        }
    }

    fn decl(&mut self, decl: &Decl, indent: usize) {
        for comment in &decl.comments {
            self.comment(indent, comment);
        }
        match &decl.kind {
            DeclKind::Variable {
                ty,
                constant,
                not_null,
                default,
            } => {
                let mut text = decl.name.clone();
                if *constant {
                    text.push_str(" CONSTANT");
                }
                let _ = write!(text, " {ty}");
                if *not_null {
                    text.push_str(" NOT NULL");
                }
                if let Some(default) = default {
                    let _ = write!(text, " := {}", self.expr(default));
                }
                text.push(';');
                self.line(indent, &text);
            }
            DeclKind::Cursor { params, query } => {
                let params = if params.is_empty() {
                    String::new()
                } else {
                    let list: Vec<String> =
                        params.iter().map(|(n, ty)| format!("{n} {ty}")).collect();
                    format!(" ({})", list.join(", "))
                };
                let query = self.query(query);
                self.line(
                    indent,
                    &format!("{} CURSOR{params} FOR {query};", decl.name),
                );
            }
        }
    }

    fn comment(&mut self, indent: usize, text: &str) {
        for line in text.lines() {
            let line = line.trim_end();
            if line.is_empty() {
                self.line(indent, "--");
            } else {
                self.line(indent, &format!("-- {line}"));
            }
        }
    }

    fn stmts(&mut self, stmts: &[Stmt], indent: usize) {
        if stmts.is_empty() {
            // PL/pgSQL accepts an empty list, Oracle does not write one: keep it explicit.
            self.line(indent, "NULL;");
        }
        for stmt in stmts {
            self.stmt(stmt, indent);
        }
    }

    fn label(&mut self, indent: usize, label: Option<&String>) {
        if let Some(label) = label {
            self.line(indent, &format!("<<{label}>>"));
        }
    }

    fn end_loop(&mut self, indent: usize, label: Option<&String>) {
        match label {
            Some(label) => self.line(indent, &format!("END LOOP {label};")),
            None => self.line(indent, "END LOOP;"),
        }
    }

    fn when(&self, keyword: &str, label: Option<&String>, when: Option<&Expr>) -> String {
        let mut text = keyword.to_string();
        if let Some(label) = label {
            let _ = write!(text, " {label}");
        }
        if let Some(when) = when {
            let _ = write!(text, " WHEN {}", self.expr(when));
        }
        text.push(';');
        text
    }

    /// IF and CASE.
    fn branching(&mut self, stmt: &Stmt, indent: usize) {
        match stmt {
            Stmt::If {
                branches,
                otherwise,
            } => {
                for (i, (condition, body)) in branches.iter().enumerate() {
                    let keyword = if i == 0 { "IF" } else { "ELSIF" };
                    let text = format!("{keyword} {} THEN", self.expr(condition));
                    self.line(indent, &text);
                    self.stmts(body, indent + 1);
                }
                if let Some(otherwise) = otherwise {
                    self.line(indent, "ELSE");
                    self.stmts(otherwise, indent + 1);
                }
                self.line(indent, "END IF;");
            }
            Stmt::Case {
                selector,
                whens,
                otherwise,
            } => {
                match selector {
                    Some(selector) => {
                        let text = format!("CASE {}", self.expr(selector));
                        self.line(indent, &text);
                    }
                    None => self.line(indent, "CASE"),
                }
                for (value, body) in whens {
                    let text = format!("WHEN {} THEN", self.expr(value));
                    self.line(indent + 1, &text);
                    self.stmts(body, indent + 2);
                }
                if let Some(otherwise) = otherwise {
                    self.line(indent + 1, "ELSE");
                    self.stmts(otherwise, indent + 2);
                }
                self.line(indent, "END CASE;");
            }
            _ => {}
        }
    }

    /// LOOP, WHILE and the FOR loops.
    fn looping(&mut self, stmt: &Stmt, indent: usize) {
        match stmt {
            Stmt::Loop { label, body } => {
                self.label(indent, label.as_ref());
                self.line(indent, "LOOP");
                self.stmts(body, indent + 1);
                self.end_loop(indent, label.as_ref());
            }
            Stmt::While {
                label,
                condition,
                body,
            } => {
                self.label(indent, label.as_ref());
                let text = format!("WHILE {} LOOP", self.expr(condition));
                self.line(indent, &text);
                self.stmts(body, indent + 1);
                self.end_loop(indent, label.as_ref());
            }
            Stmt::ForRange {
                label,
                index,
                reverse,
                low,
                high,
                body,
            } => {
                self.label(indent, label.as_ref());
                // PL/pgSQL's REVERSE counts from the first bound down to the
                // second; Oracle's from the upper bound down to the lower.
                let text = if *reverse {
                    format!(
                        "FOR {index} IN REVERSE {} .. {} LOOP",
                        self.expr(high),
                        self.expr(low)
                    )
                } else {
                    format!(
                        "FOR {index} IN {} .. {} LOOP",
                        self.expr(low),
                        self.expr(high)
                    )
                };
                self.line(indent, &text);
                self.stmts(body, indent + 1);
                self.end_loop(indent, label.as_ref());
            }
            Stmt::ForQuery {
                label,
                record,
                query,
                body,
            } => {
                self.label(indent, label.as_ref());
                let text = format!("FOR {record} IN {} LOOP", self.query(query));
                self.line(indent, &text);
                self.stmts(body, indent + 1);
                self.end_loop(indent, label.as_ref());
            }
            _ => {}
        }
    }

    /// RAISE and OPEN.
    fn raise_or_open(&mut self, stmt: &Stmt, indent: usize) {
        match stmt {
            Stmt::Raise {
                level,
                format,
                args,
            } => {
                let level = match level {
                    RaiseLevel::Info => "INFO",
                    RaiseLevel::Exception => "EXCEPTION",
                };
                let mut text = format!("RAISE {level} {}", self.target.literal(format));
                for arg in args {
                    let _ = write!(text, ", {arg}");
                }
                text.push(';');
                self.line(indent, &text);
            }
            Stmt::Open {
                cursor,
                args,
                query,
            } => {
                let text = match query {
                    Some(query) => format!("OPEN {cursor} FOR {};", self.query(query)),
                    None if args.is_empty() => format!("OPEN {cursor};"),
                    None => format!("OPEN {cursor}({});", self.exprs(args)),
                };
                self.line(indent, &text);
            }
            _ => {}
        }
    }

    fn stmt(&mut self, stmt: &Stmt, indent: usize) {
        match stmt {
            Stmt::Comment(text) => self.comment(indent, text),
            Stmt::Null => self.line(indent, "NULL;"),
            Stmt::Assign { target, value } => {
                let text = format!("{} := {};", self.expr(target), self.expr(value));
                self.line(indent, &text);
            }
            Stmt::If { .. } | Stmt::Case { .. } => self.branching(stmt, indent),
            Stmt::Loop { .. }
            | Stmt::While { .. }
            | Stmt::ForRange { .. }
            | Stmt::ForQuery { .. } => self.looping(stmt, indent),
            Stmt::Exit { label, when } => {
                let text = self.when("EXIT", label.as_ref(), when.as_ref());
                self.line(indent, &text);
            }
            Stmt::Continue { label, when } => {
                let text = self.when("CONTINUE", label.as_ref(), when.as_ref());
                self.line(indent, &text);
            }
            Stmt::Return => self.line(indent, "RETURN;"),
            Stmt::Sql(statement) => {
                let text = format!("{};", self.statement(statement));
                self.line(indent, &text);
            }
            Stmt::SelectInto { query, targets } => {
                let mut query = self.query(query);
                add_into(&mut query, targets);
                self.line(indent, &format!("{query};"));
            }
            Stmt::Execute { command, into } => {
                let mut text = format!("EXECUTE {}", self.expr(command));
                if !into.is_empty() {
                    let _ = write!(text, " INTO {}", self.exprs(into));
                }
                text.push(';');
                self.line(indent, &text);
            }
            Stmt::RowCount { target } => {
                self.line(indent, &format!("GET DIAGNOSTICS {target} := ROW_COUNT;"));
            }
            Stmt::Raise { .. } | Stmt::Open { .. } => self.raise_or_open(stmt, indent),
            Stmt::Fetch { cursor, into } => {
                let text = format!("FETCH {cursor} INTO {};", self.exprs(into));
                self.line(indent, &text);
            }
            Stmt::Close { cursor } => self.line(indent, &format!("CLOSE {cursor};")),
            Stmt::Call { name, args } => {
                let text = format!("CALL {name}({});", self.exprs(args));
                self.line(indent, &text);
            }
            Stmt::Block(block) => self.block(block, indent),
        }
    }
}

/// Puts `INTO targets` after the select list of the query's first SELECT
/// (PL/pgSQL's customary place, docs/redshift.md#plpgsql-statements).
fn add_into(query: &mut Query, targets: &[Expr]) {
    let mut body = &mut *query.body;
    loop {
        match body {
            SetExpr::Select(select) => {
                select.into = Some(SelectInto {
                    temporary: false,
                    unlogged: false,
                    table: false,
                    targets: targets.to_vec(),
                });
                return;
            }
            SetExpr::SetOperation { left, .. } => body = left,
            SetExpr::Query(inner) => body = &mut inner.body,
            _ => return,
        }
    }
}
