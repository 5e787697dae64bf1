//! Text: `||` and the string functions whose Oracle meaning needs care.
//!
//! Oracle treats '' as NULL: `'a' || NULL` is `'a'`, and a result of '' is
//! NULL. Redshift and PostgreSQL propagate NULL through `||`. The rewrite
//! wraps every operand that may be NULL in `COALESCE(x, '')` and, unless an
//! operand is known non-empty (a non-empty literal, a non-null integer),
//! wraps the whole in `NULLIF(..., '')`. Operands must be text, integers
//! (`CAST(i AS VARCHAR)`; an integer literal becomes a string literal) or
//! decimals, converted as Oracle's TO_CHAR(n) without a model (`tm` in
//! formats.rs: '.5', '2.5' for 2.50). Oracle's conversion of dates
//! (NLS_DATE_FORMAT), floats and blank-padded CHAR(n) differs, so those are
//! refused.
//!
//! The string functions are in `strings.rs`; CONCAT(a, b) becomes `a || b`
//! there and comes back here.

use sqlparser::ast::{BinaryOperator, DataType as SqlType, Expr, Value};

use super::Translator;
use super::conversion::cast;
use super::functions::call;
use crate::diag::Code;
use crate::sql::typing::{Info, Ty};

/// The empty string literal.
pub fn empty() -> Expr {
    Expr::value(Value::SingleQuotedString(String::new()))
}

/// `NULLIF(e, '')`.
pub fn null_if_empty(e: Expr) -> Expr {
    call("NULLIF", vec![e, empty()])
}

fn flatten(e: Expr, out: &mut Vec<Expr>) {
    match e {
        Expr::BinaryOp {
            left,
            op: BinaryOperator::StringConcat,
            right,
        } => {
            flatten(*left, out);
            flatten(*right, out);
        }
        other => out.push(other),
    }
}

/// The digits of an integer literal (with a leading `-` when negated).
pub fn integer_literal(e: &Expr) -> Option<String> {
    match e {
        Expr::Value(v) => match &v.value {
            Value::Number(n, _) if n.chars().all(|c| c.is_ascii_digit()) => Some(n.clone()),
            _ => None,
        },
        Expr::UnaryOp {
            op: sqlparser::ast::UnaryOperator::Minus,
            expr,
        } => integer_literal(expr).map(|n| format!("-{n}")),
        _ => None,
    }
}

impl Translator<'_> {
    /// `a || b || ...` with Oracle's NULL-is-empty semantics.
    pub(super) fn concat(&mut self, e: &mut Expr) -> Info {
        let node = e.clone();
        let mut operands = Vec::new();
        flatten(super::functions::take_expr(e), &mut operands);
        let mut parts = Vec::new();
        let mut non_empty = false;
        let mut failed = false;
        for mut operand in operands {
            let errors = self.error_count();
            let info = self.expr(&mut operand);
            if info.ty == Ty::Unknown && self.error_count() > errors {
                // The operand itself was refused: its unknown type is that
                // error's consequence, not a second problem.
                failed = true;
                continue;
            }
            match self.concat_operand(operand, info) {
                Some((part, known_non_empty)) => {
                    non_empty |= known_non_empty;
                    parts.extend(part);
                }
                None => failed = true,
            }
        }
        if failed {
            *e = node;
            return Info::unknown();
        }
        let joined = parts
            .into_iter()
            .reduce(|l, r| Expr::BinaryOp {
                left: Box::new(l),
                op: BinaryOperator::StringConcat,
                right: Box::new(r),
            })
            .unwrap_or_else(|| Expr::value(Value::Null));
        if non_empty {
            *e = joined;
            Info::new(Ty::Text, false)
        } else {
            *e = null_if_empty(joined);
            Info::new(Ty::Text, true)
        }
    }

    /// One operand of `||`: its output form (none for NULL) and whether it is surely non-empty.
    fn concat_operand(&mut self, operand: Expr, info: Info) -> Option<(Option<Expr>, bool)> {
        if let Some(digits) = integer_literal(&operand) {
            return Some((Some(Expr::value(Value::SingleQuotedString(digits))), true));
        }
        match info.ty {
            Ty::Null => Some((None, false)),
            Ty::Text if info.padded => {
                self.unsupported(Code::CharPadding, &operand, "`||` of a CHAR(n) column", "Oracle keeps CHAR padding in `||`, Redshift drops it: declare the column VARCHAR or RPAD it explicitly");
                None
            }
            Ty::Text if info.literal => {
                let non_empty = matches!(&operand, Expr::Value(v) if matches!(&v.value, Value::SingleQuotedString(s) if !s.is_empty()));
                Some((Some(operand), non_empty))
            }
            Ty::Text if !info.nullable => Some((Some(operand), false)),
            Ty::Text => Some((Some(call("COALESCE", vec![operand, empty()])), false)),
            Ty::Integer => {
                let text = cast(operand, SqlType::Varchar(None));
                if info.nullable {
                    Some((Some(call("COALESCE", vec![text, empty()])), false))
                } else {
                    Some((Some(text), true))
                }
            }
            // Oracle converts a NUMBER operand of `||` to text as TO_CHAR(n)
            // without a model does: its significant digits only ('.5', '2.5'
            // for 2.50). "Data Type Comparison Rules", Implicit Data
            // Conversion: https://docs.oracle.com/en/database/oracle/oracle-database/19/sqlrf/Data-Type-Comparison-Rules.html,
            // https://docs.oracle.com/en/database/oracle/oracle-database/19/sqlrf/TO_CHAR-number.html
            Ty::Exact => {
                let text = super::formats::tm(operand);
                if info.nullable {
                    Some((Some(call("COALESCE", vec![text, empty()])), false))
                } else {
                    Some((Some(text), true))
                }
            }
            Ty::Unknown => {
                self.unknown_type(&operand, "`||` operand of unknown type", "Oracle converts numbers and dates to text implicitly: qualify the column or convert it with TO_CHAR/CAST");
                None
            }
            ty => {
                self.unsupported(Code::ImplicitConversion,
                    &operand,
                    format!("`||` of {}", ty.describe()),
                    "Oracle converts it with its own rules (0.5 -> '.5', dates with NLS_DATE_FORMAT): convert explicitly with TO_CHAR(d, 'format')",
                );
                None
            }
        }
    }
}
