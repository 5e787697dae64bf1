//! EXECUTE IMMEDIATE and `OPEN c FOR text` (docs/redshift.md #plpgsql-statements, #plsql-constructs).
//!
//! Redshift's EXECUTE takes no USING and runs its text as Redshift SQL. A
//! statement written as a literal (or literals joined by `||`) is known
//! when eltc runs, so it is translated like the same statement written in
//! place: each bind (`:1`, `:name`, by position as Oracle binds them)
//! replaced by its USING value, INTO becoming the SELECT INTO of `select_into`
//! (with its checks), `TRUNCATE TABLE t` becoming `DELETE FROM t` (see
//! `transactions`). Text built at run time would reach Redshift as
//! untranslated Oracle SQL: `plsql::dynamic-sql`.

use std::ops::Range;

use sqlparser::ast::{BinaryOperator, Expr, Value};
use sqlparser::dialect::OracleDialect;
use sqlparser::tokenizer::{Token, Tokenizer};

use super::Ctx;
use super::sql::Piece;
use crate::diag::{Code, Diagnostic};
use crate::plsql::ast::{self, Stmt};
use crate::plsql::pgsql;

/// The text of a literal, or of literals joined by `||`.
fn literal_text(expr: &Expr) -> Option<String> {
    match expr {
        Expr::Value(v) => match &v.value {
            Value::SingleQuotedString(s) => Some(s.clone()),
            Value::QuoteDelimitedStringLiteral(q) => Some(q.value.clone()),
            _ => None,
        },
        Expr::Nested(inner) => literal_text(inner),
        Expr::BinaryOp {
            left,
            op: BinaryOperator::StringConcat,
            right,
        } => Some(literal_text(left)? + &literal_text(right)?),
        _ => None,
    }
}

impl Ctx<'_> {
    /// `EXECUTE IMMEDIATE text [INTO ...] [USING ...];`
    pub fn execute_immediate(
        &mut self,
        stmt: &Stmt,
        sql: &ast::ExprText,
        into: Option<&ast::Into>,
        using: &[ast::ExprText],
        out: &mut Vec<pgsql::Stmt>,
    ) {
        let Some(expr) = self.parse_expr(sql) else {
            return;
        };
        let Some(text) = literal_text(&expr) else {
            let span = self.span(&sql.range);
            self.report(
                Diagnostic::new(Code::PlsqlDynamicSql, span, "the statement text is built at run time")
                    .label("not a literal")
                    .help("write one static statement per case (an IF over the cases): eltc translates only text it can read"),
            );
            return;
        };
        let Some(composed) = self.bind_using(&stmt.range, &text, using) else {
            return;
        };
        let trimmed = composed.trim().trim_end_matches(';').to_string();
        let piece = Piece {
            text: trimmed,
            base: self.src.base + sql.range.start,
            synthetic: true,
            range: stmt.range.clone(),
        };
        let Some(parsed) = self.parse_piece(&piece) else {
            return;
        };
        let targets = into.map(|i| (i.targets.clone(), i.bulk));
        self.embedded(&stmt.range, &piece, parsed, targets, out);
    }

    /// The query of `OPEN c FOR text [USING binds]`: a literal text is read
    /// as the same `OPEN c FOR query` written in place (binds replaced by
    /// their values); text built at run time is `plsql::dynamic-sql`, as for
    /// EXECUTE IMMEDIATE (Redshift's `OPEN ... FOR EXECUTE` would run it as
    /// untranslated Oracle SQL).
    pub fn dynamic_cursor_query(
        &mut self,
        stmt: &Stmt,
        dynamic: &ast::DynamicQuery,
    ) -> Option<super::cursors::Translated> {
        let expr = self.parse_expr(&dynamic.text)?;
        let Some(text) = literal_text(&expr) else {
            let span = self.span(&dynamic.text.range);
            self.report(
                Diagnostic::new(Code::PlsqlDynamicSql, span, "the cursor's query text is built at run time")
                    .label("not a literal")
                    .help("open the cursor for a static query per case (`OPEN c FOR SELECT ...` in an IF over the cases): eltc translates only text it can read"),
            );
            return None;
        };
        let composed = self.bind_using(&stmt.range, &text, &dynamic.using)?;
        let piece = Piece {
            text: composed.trim().trim_end_matches(';').to_string(),
            base: self.src.base + dynamic.text.range.start,
            synthetic: true,
            range: stmt.range.clone(),
        };
        let parsed = self.parse_piece(&piece)?;
        self.loop_query(&stmt.range, &piece, parsed.range, parsed.statement)
    }

    /// The statement text with each bind replaced by its USING value's text.
    fn bind_using(
        &mut self,
        range: &Range<usize>,
        text: &str,
        using: &[ast::ExprText],
    ) -> Option<String> {
        let tokens = match Tokenizer::new(&OracleDialect {}, text).tokenize() {
            Ok(tokens) => tokens,
            Err(error) => {
                let span = self.span(range);
                self.report(
                    Diagnostic::new(
                        Code::SqlParse,
                        span,
                        format!("the dynamic statement does not tokenize: {}", error.message),
                    )
                    .label("the dynamic statement")
                    .help("fix the statement text"),
                );
                return None;
            }
        };
        let mut out = String::new();
        let mut next = 0;
        let mut tokens = tokens.into_iter().peekable();
        while let Some(token) = tokens.next() {
            // The tokenizer reads `:1` / `:name` as a colon and a number or word.
            let bind = matches!(token, Token::Placeholder(_))
                || (token == Token::Colon
                    && matches!(tokens.peek(), Some(Token::Number(..) | Token::Word(_))));
            if bind && token == Token::Colon {
                tokens.next();
            }
            match token {
                _ if bind => {
                    let Some(value) = using.get(next) else {
                        let span = self.span(range);
                        self.report(
                            Diagnostic::new(
                                Code::PlsqlDynamicSql,
                                span,
                                "more binds than USING values",
                            )
                            .label("the dynamic statement")
                            .help("pass one USING value per bind, in order"),
                        );
                        return None;
                    };
                    out.push('(');
                    out.push_str(&self.src.text[value.range.clone()]);
                    out.push(')');
                    next += 1;
                }
                other => out.push_str(&other.to_string()),
            }
        }
        if next != using.len() {
            let span = self.span(range);
            self.report(
                Diagnostic::new(Code::PlsqlDynamicSql, span, "more USING values than binds")
                    .label("the dynamic statement")
                    .help("pass one USING value per bind, in order"),
            );
            return None;
        }
        Some(out)
    }
}
