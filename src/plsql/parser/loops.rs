//! Loops: LOOP, WHILE, numeric and cursor FOR, FORALL.

use super::cursor::{PResult, Parser};
use crate::plsql::ast::{ExprText, ForSource, Name, SqlKind, StmtKind};
use crate::plsql::lexer::TokenKind;

/// Words that can start the one statement of a FORALL.
const FORALL_STATEMENTS: [&str; 5] = ["INSERT", "UPDATE", "DELETE", "MERGE", "EXECUTE"];

impl Parser<'_> {
    /// `LOOP stmts END LOOP [label];`
    pub(crate) fn loop_stmt(&mut self, label: Option<&Name>) -> PResult<StmtKind> {
        let body = self.loop_body(label)?;
        self.end_stmt(StmtKind::Loop { body })
    }

    /// `LOOP stmts END LOOP [label]` (without the `;`).
    fn loop_body(&mut self, label: Option<&Name>) -> PResult<Vec<crate::plsql::ast::Stmt>> {
        let opener = self.expect("LOOP")?.range;
        let body = self.stmts("in the loop")?;
        self.close("LOOP", opener)?;
        self.end_label(label)?;
        Ok(body)
    }

    /// `WHILE cond LOOP ... END LOOP;`
    pub(crate) fn while_stmt(&mut self, label: Option<&Name>) -> PResult<StmtKind> {
        self.bump();
        let condition = self.expr("a condition", &["LOOP"])?;
        let body = self.loop_body(label)?;
        self.end_stmt(StmtKind::While { condition, body })
    }

    /// `FOR i IN [REVERSE] low .. high LOOP`, `FOR r IN (query) LOOP`,
    /// `FOR r IN cursor [(args)] LOOP`.
    pub(crate) fn for_stmt(&mut self, label: Option<&Name>) -> PResult<StmtKind> {
        self.bump();
        let index = self.name("a loop index or record name")?;
        self.expect("IN")?;
        let reverse = self.eat("REVERSE");
        if reverse || self.range_ahead() {
            let low = self.expr("a lower bound", &[".."])?;
            self.expect_op("..")?;
            let high = self.expr("an upper bound", &["LOOP"])?;
            let body = self.loop_body(label)?;
            return self.end_stmt(StmtKind::ForRange {
                index,
                reverse,
                low,
                high,
                body,
            });
        }
        let source = if self.at_op("(") {
            self.bump();
            let (sql, _) = self.sql_text(SqlKind::Other, true)?;
            self.expect_op(")")?;
            ForSource::Query(sql)
        } else {
            let name = self.name("a cursor name or `(query)`")?;
            let args = self.optional_args()?;
            ForSource::Cursor { name, args }
        };
        let body = self.loop_body(label)?;
        self.end_stmt(StmtKind::ForQuery {
            record: index,
            source,
            body,
        })
    }

    /// True when a `..` comes before LOOP at parenthesis depth 0: the FOR is
    /// numeric (its bounds may start with a call or a parenthesis, like a
    /// cursor with arguments or a query, so only the `..` tells).
    fn range_ahead(&mut self) -> bool {
        let mut depth = 0usize;
        for n in 0.. {
            let kind = self.nth(n).kind.clone();
            match kind {
                TokenKind::Eof | TokenKind::Terminator | TokenKind::Error(_) => return false,
                TokenKind::Op("(") => depth += 1,
                TokenKind::Op(")") => depth = depth.saturating_sub(1),
                TokenKind::Op("..") if depth == 0 => return true,
                TokenKind::Op(";") => return false,
                TokenKind::Word if depth == 0 && self.nth_is(n, "LOOP") => return false,
                _ => {}
            }
        }
        false
    }

    /// `FORALL i IN bounds [SAVE EXCEPTIONS] dml;`
    pub(crate) fn forall_stmt(&mut self) -> PResult<StmtKind> {
        self.bump();
        let index = self.name("a FORALL index")?;
        self.expect("IN")?;
        let mut stops: Vec<&str> = FORALL_STATEMENTS.to_vec();
        stops.push("SAVE");
        let bounds = self.expr("the FORALL bounds", &stops)?;
        let mut end = bounds.range.end;
        if self.at("SAVE") {
            self.bump();
            end = self.expect("EXCEPTIONS")?.range.end;
        }
        let bounds = ExprText {
            range: bounds.range.start..end,
        };
        if !self.at_any(&FORALL_STATEMENTS) {
            return Err(self.unexpected("INSERT, UPDATE, DELETE, MERGE or EXECUTE IMMEDIATE"));
        }
        let statement = Box::new(self.stmt()?);
        Ok(StmtKind::ForAll {
            index,
            bounds,
            statement,
        })
    }
}
