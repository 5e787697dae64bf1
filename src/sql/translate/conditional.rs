//! NULL-handling functions and CASE: NVL, NVL2, DECODE, COALESCE, NULLIF,
//! GREATEST and LEAST.
//!
//! - `NVL(a, b)` -> `COALESCE(a, b)` (same result, same short-circuit).
//! - `NVL2(a, b, c)` -> `CASE WHEN a IS NOT NULL THEN b ELSE c END`.
//! - `DECODE(x, s1, r1, ..., d)` -> a searched CASE with Oracle's rule that
//!   NULL matches NULL: `x IS NULL` for a NULL search value, `x = s` when `s`
//!   can never be NULL, `(x = s OR (x IS NULL AND s IS NULL))` otherwise.
//! - `GREATEST`/`LEAST`: Oracle returns NULL when any argument is NULL,
//!   Redshift and PostgreSQL ignore NULLs; nullable arguments get a CASE guard.

use sqlparser::ast::{BinaryOperator, CaseWhen, Expr};

use super::Translator;
use super::functions::{call, take_args};
use crate::diag::Code;
use crate::sql::typing::{Info, Ty};

/// A searched CASE.
pub(super) fn case(conditions: Vec<CaseWhen>, else_result: Option<Expr>) -> Expr {
    Expr::Case {
        case_token: sqlparser::ast::helpers::attached_token::AttachedToken::empty(),
        end_token: sqlparser::ast::helpers::attached_token::AttachedToken::empty(),
        operand: None,
        conditions,
        else_result: else_result.map(Box::new),
    }
}

/// `left op right`.
pub(super) fn binary(left: Expr, op: BinaryOperator, right: Expr) -> Expr {
    Expr::BinaryOp {
        left: Box::new(left),
        op,
        right: Box::new(right),
    }
}

fn is_null_literal(e: &Expr) -> bool {
    matches!(e, Expr::Value(v) if v.value == sqlparser::ast::Value::Null)
}

/// The info of a choice among results: first known type, NULL if any may be.
fn choice(results: &[Info], always: bool) -> Info {
    let ty = results
        .iter()
        .map(|i| i.ty)
        .find(|ty| !matches!(ty, Ty::Null | Ty::Unknown))
        .unwrap_or(Ty::Unknown);
    let nullable = !always || results.iter().any(|i| i.nullable);
    Info {
        padded: results.iter().any(|i| i.padded),
        ..Info::new(ty, nullable)
    }
}

impl Translator<'_> {
    /// NVL, NVL2, DECODE, COALESCE, NULLIF, GREATEST, LEAST.
    pub(super) fn conditional_function(&mut self, e: &mut Expr, name: &str) -> Info {
        let node = super::functions::At::of(e);
        let mut args = take_args(e);
        let infos: Vec<Info> = args.iter_mut().map(|arg| self.expr(arg)).collect();
        let count = args.len();
        let (rewritten, info) = match (name, count) {
            ("NVL", 2) | ("COALESCE", 2..) => {
                let nullable = infos.iter().all(|i| i.nullable);
                (
                    call("COALESCE", args),
                    Info {
                        nullable,
                        ..choice(&infos, true)
                    },
                )
            }
            ("NULLIF", 2) => (call("NULLIF", args), Info::new(infos[0].ty, true)),
            ("NVL2", 3) => {
                let mut args = args.into_iter();
                let (a, b, c) = (args.next(), args.next(), args.next());
                let (Some(a), Some(b), Some(c)) = (a, b, c) else {
                    return Info::unknown();
                };
                let when = CaseWhen {
                    condition: Expr::IsNotNull(Box::new(a)),
                    result: b,
                };
                (case(vec![when], Some(c)), choice(&infos[1..], true))
            }
            ("DECODE", 3..) => self.decode(args, &infos),
            ("GREATEST" | "LEAST", 2..) => {
                let nullable: Vec<Expr> = args
                    .iter()
                    .zip(&infos)
                    .filter(|(_, i)| i.nullable)
                    .map(|(a, _)| a.clone())
                    .collect();
                let plain = call(name, args);
                let guarded = match nullable
                    .into_iter()
                    .map(|a| Expr::IsNull(Box::new(a)))
                    .reduce(|l, r| binary(l, BinaryOperator::Or, r))
                {
                    Some(any_null) => case(
                        vec![CaseWhen {
                            condition: any_null,
                            result: Expr::value(sqlparser::ast::Value::Null),
                        }],
                        Some(plain),
                    ),
                    None => plain,
                };
                (guarded, choice(&infos, true))
            }
            _ => {
                self.unsupported_function(
                    Code::FunctionArguments,
                    &node,
                    &format!("`{name}` with {count} arguments"),
                    "check the argument count",
                );
                return Info::unknown();
            }
        };
        *e = rewritten;
        info
    }

    /// DECODE -> searched CASE with NULL-matches-NULL.
    fn decode(&mut self, mut args: Vec<Expr>, infos: &[Info]) -> (Expr, Info) {
        let subject = args.remove(0);
        let subject_info = infos[0];
        let has_default = args.len() % 2 == 1;
        let default = if has_default { args.pop() } else { None };
        let mut conditions = Vec::new();
        let mut results = Vec::new();
        let mut pairs = args.into_iter();
        let mut index = 1;
        while let (Some(search), Some(result)) = (pairs.next(), pairs.next()) {
            let search_info = infos[index];
            results.push(infos[index + 1]);
            index += 2;
            let condition = if is_null_literal(&search) {
                Expr::IsNull(Box::new(subject.clone()))
            } else if !search_info.nullable || !subject_info.nullable {
                binary(subject.clone(), BinaryOperator::Eq, search)
            } else {
                let both_null = binary(
                    Expr::IsNull(Box::new(subject.clone())),
                    BinaryOperator::And,
                    Expr::IsNull(Box::new(search.clone())),
                );
                Expr::Nested(Box::new(binary(
                    binary(subject.clone(), BinaryOperator::Eq, search),
                    BinaryOperator::Or,
                    Expr::Nested(Box::new(both_null)),
                )))
            };
            conditions.push(CaseWhen { condition, result });
        }
        if has_default {
            results.push(infos[infos.len() - 1]);
        }
        (case(conditions, default), choice(&results, has_default))
    }

    /// CASE: operands, conditions and results translated; the result typed.
    pub(super) fn case(&mut self, e: &mut Expr) -> Info {
        let Expr::Case {
            operand,
            conditions,
            else_result,
            ..
        } = e
        else {
            return Info::unknown();
        };
        if let Some(operand) = operand {
            self.expr(operand);
        }
        let mut results = Vec::new();
        for when in conditions.iter_mut() {
            self.expr(&mut when.condition);
            results.push(self.expr(&mut when.result));
        }
        let always = else_result.is_some();
        if let Some(else_result) = else_result {
            results.push(self.expr(else_result));
        }
        choice(&results, always)
    }
}
