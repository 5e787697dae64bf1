//! SELECT INTO with Oracle's NO_DATA_FOUND / TOO_MANY_ROWS semantics.
//!
//! Redshift's SELECT INTO sets the targets to NULL when no row comes back
//! and keeps the first of several, and documents no STRICT
//! (docs/redshift.md#plpgsql-statements). eltc adds the query's row count to the SELECT,
//! `COUNT(*) OVER ()`, into a variable, then checks it:
//!
//! ```text
//! SELECT INTO v, eltc_rows a, COUNT(*) OVER () FROM ...;
//! IF eltc_rows IS NULL THEN <NO_DATA_FOUND> ELSIF eltc_rows > 1 THEN <TOO_MANY_ROWS> END IF;
//! ```
//!
//! where each branch runs the handler of an enclosing block in place, or
//! raises Oracle's error (see `exceptions`). The window counts the rows of
//! the query block; a query whose row count it would not see (DISTINCT,
//! LIMIT, a set operation) is wrapped first: `SELECT q.c1, ..., COUNT(*)
//! OVER () FROM (query) AS q (c1, ...)`. A query that always returns one
//! row (aggregates without GROUP BY and HAVING, or no FROM) needs no check.
//! A record target takes the whole row, so its count is a second query.
//! On no row Oracle leaves the targets as they were; Redshift sets them to
//! NULL: a handler that reads them sees NULL.

use std::ops::Range;

use sqlparser::ast::{Expr, FunctionArguments, GroupByExpr, Query, SelectItem, SetExpr, Statement};

use super::Ctx;
use super::exceptions::Exc;
use super::scope::VarKind;
use super::sql::Piece;
use crate::diag::{Code, Diagnostic};
use crate::plsql::ast;
use crate::plsql::pgsql::{self, Type};
use crate::spec::model::{DataType, Dialect};
use crate::sql::parse::parse_synthetic;
use crate::sql::typing::Ty;

const AGGREGATES: &[&str] = &[
    "count", "sum", "min", "max", "avg", "listagg", "stddev", "variance", "median",
];

impl Ctx<'_> {
    /// `SELECT ... INTO targets ...`.
    #[allow(clippy::too_many_arguments)]
    pub fn select_into(
        &mut self,
        range: &Range<usize>,
        piece: &Piece,
        local: &Range<usize>,
        mut query: Box<Query>,
        targets: &[ast::ExprText],
        bulk: bool,
        out: &mut Vec<pgsql::Stmt>,
    ) {
        if bulk {
            self.bulk_collect(range, piece, local, query, targets, out);
            return;
        }
        let record = match targets {
            [one] => self.record_target(one),
            _ => None,
        };
        let outputs = self.query(range, piece, local, &mut query);
        let mut resolved = Vec::new();
        let is_record = record.is_some();
        if let Some(record) = record {
            resolved.push(record);
        } else {
            for target in targets {
                let Some(t) = self.target(target) else { return };
                resolved.push(t);
            }
            if resolved.len() != outputs.len() {
                let span = self.span(range);
                self.report(
                    Diagnostic::new(
                        Code::PlsqlStatementForm,
                        span,
                        format!(
                            "{} INTO targets for {} selected columns",
                            resolved.len(),
                            outputs.len()
                        ),
                    )
                    .label("SELECT INTO")
                    .help("select one column per target"),
                );
                return;
            }
            for ((target, info), output) in resolved.iter().zip(&outputs) {
                self.check_assignment(range, target, *info, output.info);
            }
        }
        let targets: Vec<Expr> = resolved.into_iter().map(|(e, _)| e).collect();
        if one_row(&query) {
            out.push(pgsql::Stmt::SelectInto { query, targets });
            self.set_rowcount(range.start, 1, out);
            return;
        }
        let rows = self.hidden_var("eltc_rows", Type::Data(DataType::BigInt), Ty::Integer);
        if is_record {
            let Some(count) = compose(&format!("SELECT COUNT(*) FROM ({query}) AS eltc_into"))
            else {
                return self.composition_failed(range);
            };
            out.push(pgsql::Stmt::SelectInto {
                query: count,
                targets: vec![rows.clone()],
            });
            out.push(pgsql::Stmt::SelectInto { query, targets });
            self.row_checks(range, rows, true, out);
            return;
        }
        let Some(counted) = counted(query, outputs.len()) else {
            return self.composition_failed(range);
        };
        let mut all = targets;
        all.push(rows.clone());
        out.push(pgsql::Stmt::SelectInto {
            query: counted,
            targets: all,
        });
        self.row_checks(range, rows, false, out);
    }

    /// `IF rows IS NULL THEN <no data> ELSIF rows > 1 THEN <too many> END IF;`
    /// (`zero`: the count is 0, not NULL, on no row).
    fn row_checks(
        &mut self,
        range: &Range<usize>,
        rows: Expr,
        zero: bool,
        out: &mut Vec<pgsql::Stmt>,
    ) {
        let none = if zero {
            super::expr::binary(
                rows.clone(),
                sqlparser::ast::BinaryOperator::Eq,
                number("0"),
            )
        } else {
            Expr::IsNull(Box::new(rows.clone()))
        };
        let no_data = self.raise_exc(Exc::NoDataFound, range);
        let too_many = self.raise_exc(Exc::TooManyRows, range);
        out.push(pgsql::Stmt::If {
            branches: vec![
                (none, no_data),
                (
                    super::expr::binary(rows, sqlparser::ast::BinaryOperator::Gt, number("1")),
                    too_many,
                ),
            ],
            otherwise: None,
        });
        self.set_rowcount(range.start, 1, out);
    }

    fn composition_failed(&mut self, range: &Range<usize>) {
        let span = self.span(range);
        self.report(
            Diagnostic::new(
                Code::InternalRewrite,
                span,
                "eltc composed SQL it cannot parse",
            )
            .label("while adding the row count to this SELECT INTO")
            .help("this is an eltc bug; please report it with the statement"),
        );
    }

    /// A single target that is a record variable: the whole row.
    fn record_target(
        &mut self,
        target: &ast::ExprText,
    ) -> Option<(Expr, crate::sql::typing::Info)> {
        let text = self.src.text[target.range.clone()].trim().to_lowercase();
        let var = self.scope.get(&text)?;
        matches!(var.kind, VarKind::Record { .. }).then(|| {
            (
                Expr::Identifier(super::scope::ident(&var.pg)),
                crate::sql::typing::Info::unknown(),
            )
        })
    }
}

fn number(n: &str) -> Expr {
    Expr::value(sqlparser::ast::Value::Number(n.into(), false))
}

/// Parses composed Redshift SQL into a query.
fn compose(text: &str) -> Option<Box<Query>> {
    match parse_synthetic(text, Dialect::Redshift).ok()?.pop()? {
        Statement::Query(query) => Some(query),
        _ => None,
    }
}

/// The query with `COUNT(*) OVER ()` as its last column.
fn counted(mut query: Box<Query>, width: usize) -> Option<Box<Query>> {
    let window = compose("SELECT COUNT(*) OVER ()").and_then(|q| match *q.body {
        SetExpr::Select(select) => select.projection.into_iter().next(),
        _ => None,
    })?;
    let direct = query.limit_clause.is_none()
        && query.fetch.is_none()
        && matches!(&*query.body, SetExpr::Select(s) if s.distinct.is_none() && s.top.is_none());
    if direct {
        if let SetExpr::Select(select) = &mut *query.body {
            select.projection.push(window);
        }
        return Some(query);
    }
    let columns: Vec<String> = (1..=width).map(|i| format!("eltc_c{i}")).collect();
    let selected: Vec<String> = columns.iter().map(|c| format!("eltc_into.{c}")).collect();
    compose(&format!(
        "SELECT {}, COUNT(*) OVER () FROM ({query}) AS eltc_into ({})",
        selected.join(", "),
        columns.join(", ")
    ))
}

/// True when the query returns exactly one row whatever the data: a
/// SELECT without FROM and WHERE, or of aggregates only without GROUP BY
/// and HAVING.
fn one_row(query: &Query) -> bool {
    if query.limit_clause.is_some() || query.fetch.is_some() {
        return false;
    }
    let SetExpr::Select(select) = &*query.body else {
        return false;
    };
    let grouped = !matches!(&select.group_by, GroupByExpr::Expressions(e, _) if e.is_empty());
    if grouped || select.having.is_some() {
        return false;
    }
    if select.from.is_empty() && select.selection.is_none() {
        return true;
    }
    !select.projection.is_empty()
        && select.projection.iter().all(|item| match item {
            SelectItem::UnnamedExpr(e) | SelectItem::ExprWithAlias { expr: e, .. } => aggregate(e),
            _ => false,
        })
}

/// An aggregate call, possibly under COALESCE / NVL (still one row).
fn aggregate(expr: &Expr) -> bool {
    match expr {
        Expr::Nested(inner) => aggregate(inner),
        Expr::Function(f) => {
            let name = f.name.to_string().to_lowercase();
            if f.over.is_some() {
                return false;
            }
            if AGGREGATES.contains(&name.as_str()) {
                return true;
            }
            name == "coalesce"
                && matches!(&f.args, FunctionArguments::List(list) if list.args.first().is_some_and(|a| matches!(a, sqlparser::ast::FunctionArg::Unnamed(sqlparser::ast::FunctionArgExpr::Expr(e)) if aggregate(e))))
        }
        _ => false,
    }
}
