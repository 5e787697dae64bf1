//! User functions (Redshift has no PL/pgSQL functions, docs/redshift.md#no-plpgsql-functions-no-sequences).
//!
//! A function whose body is `RETURN expr;` alone with IN parameters is pure
//! SQL: each call, in SQL or in PL/SQL expressions, is replaced by the
//! expression with the arguments in place of the parameters (named and
//! default arguments too), parenthesized, and translated with the call
//! site (so NVL, DECODE, TO_CHAR inside it are rewritten there). Any other
//! function becomes a procedure with its result as a last INOUT parameter
//! `eltc_result` (`RETURN x` sets it and returns); `v := f(args)` becomes
//! `CALL f(args, v)`. Such a function called anywhere else (inside SQL, in
//! a condition) cannot be: `plsql::function-in-expression`.

use std::collections::BTreeMap;
use std::ops::{ControlFlow, Range};

use sqlparser::ast::{
    Expr, FunctionArg, FunctionArgExpr, FunctionArgOperator, FunctionArguments, VisitMut,
    visit_expressions_mut,
};

use super::Ctx;
use super::packages::Sig;
use super::scope::nested;
use crate::diag::{Code, Diagnostic};
use crate::plsql::ast;
use crate::plsql::pgsql;

/// Inlining passes before giving up (a function calling itself).
const DEPTH: usize = 16;

impl Ctx<'_> {
    /// Replaces calls of inlinable functions; refuses calls of the others.
    pub fn inline_functions<V: VisitMut>(&mut self, range: &Range<usize>, node: &mut V) {
        for _ in 0..DEPTH {
            let mut changed = false;
            let mut refused = Vec::new();
            let schema = self.schema();
            let world = self.world;
            let package = self.sig.package.clone();
            let _ = visit_expressions_mut(node, |e| {
                let Expr::Function(function) = e else {
                    return ControlFlow::<()>::Continue(());
                };
                let parts: Vec<String> = function
                    .name
                    .0
                    .iter()
                    .filter_map(|p| p.as_ident().map(|i| i.value.to_lowercase()))
                    .collect();
                let sigs: Vec<&Sig> = world
                    .candidates(&parts, package.as_deref(), &schema)
                    .into_iter()
                    .filter(|s| s.result.is_some())
                    .collect();
                let Some(sig) = sigs.first() else {
                    return ControlFlow::Continue(());
                };
                let Some((params, body)) = &sig.inline else {
                    refused.push(sig.oracle.clone());
                    return ControlFlow::Continue(());
                };
                if let Some(replacement) = substitute(sig, params, body, &function.args) {
                    *e = nested(replacement);
                    changed = true;
                } else {
                    refused.push(sig.oracle.clone());
                }
                ControlFlow::Continue(())
            });
            for name in refused {
                let span = self.span(range);
                self.report(
                    Diagnostic::new(Code::PlsqlFunctionCall, span, format!("the function `{name}` is called inside an expression"))
                        .label("function call")
                        .help("Redshift has no PL/pgSQL functions: eltc makes it a procedure, callable only as `v := f(...)`; assign it to a variable first, or reduce it to one RETURN expression"),
                );
            }
            if !changed {
                return;
            }
        }
    }

    /// `target := f(args)` for a function made a procedure: `CALL f(args,
    /// target)`. False when `value` is not such a call.
    pub fn function_assignment(
        &mut self,
        target: &ast::ExprText,
        value: &ast::ExprText,
        out: &mut Vec<pgsql::Stmt>,
    ) -> bool {
        let text = self.src.text[value.range.clone()].trim();
        // `f(args)`, or `f` alone (a call without arguments).
        let open = match text.find('(') {
            Some(open) if text.ends_with(')') => open,
            Some(_) => return false,
            None if text
                .chars()
                .all(|c| c.is_alphanumeric() || matches!(c, '_' | '.' | '$' | '#')) =>
            {
                text.len()
            }
            None => return false,
        };
        let name: Vec<String> = text[..open]
            .split('.')
            .map(|p| p.trim().to_lowercase())
            .collect();
        let schema = self.schema();
        let world = self.world;
        let sigs: Vec<&Sig> = world
            .candidates(&name, self.sig.package.as_deref(), &schema)
            .into_iter()
            .filter(|s| s.result.is_some() && s.inline.is_none())
            .collect();
        let Some(sig) = sigs.first().copied() else {
            return false;
        };
        let args = if open == text.len() {
            Vec::new()
        } else {
            let Some(Expr::Function(function)) = self.parse_expr(value) else {
                return false;
            };
            function_args(&function.args, value.range.start)
        };
        let Some(mut values) = self.arguments_from_exprs(&value.range, sig, &args) else {
            return true;
        };
        let Some((target, _)) = self.target(target) else {
            return true;
        };
        if let (Expr::Identifier(id), Some(result)) = (&target, &sig.result) {
            self.learn_assignment(&id.value, result.info);
        }
        values.push(target);
        self.record_call(&value.range, &sig.pg);
        out.push(pgsql::Stmt::Call {
            name: sig.pg.clone(),
            args: values,
        });
        true
    }

    /// Arguments given as parsed expressions (a function call's).
    fn arguments_from_exprs(
        &mut self,
        range: &Range<usize>,
        sig: &Sig,
        args: &[(Option<String>, Expr)],
    ) -> Option<Vec<Expr>> {
        let mut values = Vec::new();
        for (i, param) in sig.params.iter().enumerate() {
            let arg = args
                .iter()
                .find(|(n, _)| n.as_deref() == Some(param.name.as_str()))
                .or_else(|| args.get(i).filter(|(n, _)| n.is_none()));
            match arg {
                Some((_, expr)) => {
                    let mut expr = expr.clone();
                    self.translate_expr(range, &mut expr);
                    values.push(self.typed(expr, param));
                }
                None => match &param.default {
                    Some(default) => values.push(self.typed(default.clone(), param)),
                    None => {
                        let span = self.span(range);
                        self.report(
                            Diagnostic::new(
                                Code::PlsqlUnknownName,
                                span,
                                format!("no value for `{}` of `{}`", param.name, sig.oracle),
                            )
                            .label("missing argument")
                            .help("pass every parameter without a default"),
                        );
                        return None;
                    }
                },
            }
        }
        Some(values)
    }
}

/// A function call's arguments: (name, value).
fn function_args(args: &FunctionArguments, _offset: usize) -> Vec<(Option<String>, Expr)> {
    let FunctionArguments::List(list) = args else {
        return Vec::new();
    };
    list.args
        .iter()
        .filter_map(|arg| match arg {
            FunctionArg::Unnamed(FunctionArgExpr::Expr(e)) => Some((None, e.clone())),
            FunctionArg::Named {
                name,
                arg: FunctionArgExpr::Expr(e),
                operator: FunctionArgOperator::RightArrow,
            } => Some((Some(name.value.to_lowercase()), e.clone())),
            _ => None,
        })
        .collect()
}

/// The body with each parameter replaced by its argument (or default).
fn substitute(sig: &Sig, params: &[String], body: &Expr, args: &FunctionArguments) -> Option<Expr> {
    let args = function_args(args, 0);
    let mut values: BTreeMap<String, Expr> = BTreeMap::new();
    for (i, name) in params.iter().enumerate() {
        let value = args
            .iter()
            .find(|(n, _)| n.as_deref() == Some(name.as_str()))
            .or_else(|| args.get(i).filter(|(n, _)| n.is_none()))
            .map(|(_, e)| e.clone())
            .or_else(|| sig.params.get(i).and_then(|p| p.default.clone()))?;
        values.insert(name.clone(), nested(value));
    }
    let mut body = body.clone();
    let _ = visit_expressions_mut(&mut body, |e| {
        if let Expr::Identifier(ident) = e
            && let Some(value) = values.get(&ident.value.to_lowercase())
        {
            *e = value.clone();
        }
        ControlFlow::<()>::Continue(())
    });
    Some(body)
}
