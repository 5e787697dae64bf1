//! Expressions and argument lists, kept as text ranges.
//!
//! An expression runs until a stop (a word such as `THEN` or `LOOP`, an
//! operator such as `..` or `,`) at parenthesis depth 0 and outside any CASE
//! expression: `CASE ... END` nesting is tracked so that the END of a CASE
//! expression does not end the statement. Words that structure blocks
//! (`THEN`, `LOOP`, `END`, `BEGIN` ...) and `:=` always end an expression at
//! its top level, so a missing `THEN` is reported at the next of them rather
//! than many lines later.

use super::cursor::{PResult, Parser};
use crate::plsql::ast::{Arg, ExprText};
use crate::plsql::lexer::TokenKind;

/// Words that end an expression at its top level, whatever the caller expects.
const ENDS_EXPRESSION: [&str; 9] = [
    "BEGIN",
    "DECLARE",
    "ELSE",
    "ELSIF",
    "END",
    "EXCEPTION",
    "LOOP",
    "THEN",
    "WHEN",
];

/// Words that continue an expression after an operand (operators, CASE's
/// parts, interval and time zone qualifiers): never the start of a statement.
const CONTINUES_EXPRESSION: [&str; 27] = [
    "AND",
    "OR",
    "NOT",
    "IS",
    "IN",
    "LIKE",
    "LIKEC",
    "LIKE2",
    "LIKE4",
    "BETWEEN",
    "ESCAPE",
    "MOD",
    "REM",
    "MULTISET",
    "MEMBER",
    "SUBMULTISET",
    "OF",
    "AT",
    "TIME",
    "ZONE",
    "DAY",
    "YEAR",
    "MONTH",
    "HOUR",
    "MINUTE",
    "SECOND",
    "TO",
];

impl Parser<'_> {
    /// An expression up to one of `stops` (words or operators) or `;`.
    /// `what` names it in the error when it is empty.
    pub(crate) fn expr(&mut self, what: &str, stops: &[&str]) -> PResult<ExprText> {
        let start = self.peek().range.start;
        let mut open: Vec<usize> = Vec::new();
        let mut cases = 0usize;
        let mut operand_ended = false;
        loop {
            let token = self.peek().clone();
            match token.kind {
                TokenKind::Eof | TokenKind::Terminator | TokenKind::Error(_) => break,
                TokenKind::Op(";") => break,
                TokenKind::Op("(") => open.push(token.range.start),
                TokenKind::Op(")") if open.is_empty() => break,
                TokenKind::Op(")") => {
                    open.pop();
                }
                TokenKind::Op(op) if open.is_empty() && (op == ":=" || stops.contains(&op)) => {
                    break;
                }
                TokenKind::Word => {
                    if open.is_empty() && cases == 0 && self.ends_expression(stops) {
                        break;
                    }
                    if open.is_empty()
                        && cases == 0
                        && operand_ended
                        && self.starts_statement(&token)
                    {
                        break;
                    }
                    if self.at("CASE") {
                        cases += 1;
                    } else if self.at("END") {
                        cases = cases.saturating_sub(1);
                    }
                }
                _ => {}
            }
            operand_ended = matches!(
                token.kind,
                TokenKind::Word
                    | TokenKind::QuotedIdent
                    | TokenKind::Str
                    | TokenKind::Number
                    | TokenKind::Bind
                    | TokenKind::Op(")")
            ) && !self.at_any(&CONTINUES_EXPRESSION);
            self.bump();
        }
        if let Some(&paren) = open.last() {
            return Err(self.error(
                paren..paren + 1,
                "unbalanced parentheses: this `(` is not closed".to_string(),
                "not closed".to_string(),
                "add the missing `)`",
            ));
        }
        if self.prev_end <= start {
            return Err(self.unexpected(what));
        }
        Ok(ExprText {
            range: start..self.prev_end,
        })
    }

    /// True when `token`, a word after a complete operand, begins a new line
    /// and is no operator word: the previous statement lacks its `;`
    /// (`x := 1` then `log_it(x);` on the next line).
    fn starts_statement(&mut self, token: &crate::plsql::lexer::Token) -> bool {
        let gap = &self.text[self.prev_end.min(token.range.start)..token.range.start];
        gap.contains('\n') && !self.at_any(&CONTINUES_EXPRESSION)
    }

    /// True when the next word ends an expression at its top level.
    fn ends_expression(&mut self, stops: &[&str]) -> bool {
        stops
            .iter()
            .chain(ENDS_EXPRESSION.iter())
            .any(|w| w.chars().all(|c| c.is_ascii_alphabetic() || c == '_') && self.at(w))
    }

    /// `(arg, name => arg, ...)` after the opening parenthesis is next.
    pub(crate) fn args(&mut self) -> PResult<Vec<Arg>> {
        self.expect_op("(")?;
        let mut args = Vec::new();
        if self.eat_op(")") {
            return Ok(args);
        }
        loop {
            let name = if self.at_name() && self.nth_op(1, "=>") {
                let name = self.name("a parameter name")?;
                self.bump();
                Some(name)
            } else {
                None
            };
            let value = self.expr("an argument", &[","])?;
            args.push(Arg { name, value });
            if self.eat_op(",") {
                continue;
            }
            self.expect_op(")")?;
            return Ok(args);
        }
    }

    /// Arguments if a `(` is next, else none.
    pub(crate) fn optional_args(&mut self) -> PResult<Vec<Arg>> {
        if self.at_op("(") {
            self.args()
        } else {
            Ok(Vec::new())
        }
    }

    /// A target of INTO or of an assignment: `v`, `r.f`, `:b`, `t(i).f`.
    pub(crate) fn target(&mut self, what: &str) -> PResult<ExprText> {
        let start = self.peek().range.start;
        match self.peek().kind {
            TokenKind::Bind => {
                self.bump();
            }
            _ => {
                self.name(what)?;
            }
        }
        loop {
            if self.at_op(".") {
                self.bump();
                self.name(what)?;
            } else if self.at_op("(") {
                self.bump();
                self.expr("an index", &[","])?;
                self.expect_op(")")?;
            } else {
                break;
            }
        }
        Ok(ExprText {
            range: start..self.prev_end,
        })
    }
}
