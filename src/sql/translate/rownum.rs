//! ROWNUM, rewritten before a query block's expressions are walked.
//!
//! Oracle numbers the rows of a block as the WHERE clause accepts them,
//! before GROUP BY, DISTINCT and ORDER BY of the same block (docs/redshift.md#oracle-query-constructs). The forms with the same result on Redshift:
//!
//! - `WHERE ... AND ROWNUM <= n` (or `< n`, `= 1`, `n >= ROWNUM`) in a block
//!   without ORDER BY, GROUP BY, DISTINCT, aggregates or windows: `LIMIT n`
//!   (which rows is arbitrary in both);
//! - the same filter as the only WHERE condition of a block that reads one
//!   ordered subquery (the top-n idiom): `LIMIT n` inside the subquery, after
//!   its ORDER BY;
//!
//! Refused: a ROWNUM filter in a block with its own ORDER BY (Oracle returns
//! n arbitrary rows, then sorts them: almost always a bug of the source),
//! with grouping, `ROWNUM > n`, and every other place, including the select
//! list (the expression walk reports what is left): Oracle numbers rows in
//! the order it reads them, and the function family refuses a ROW_NUMBER()
//! without ORDER BY, so the numbering must be made explicit.

use sqlparser::ast::{
    BinaryOperator, Expr, Function, GroupByExpr, LimitClause, Query, Select, SelectItem, SetExpr,
    TableFactor, Value,
};

use super::Translator;
use super::joins::and_all;
use crate::diag::Code;

/// A ROWNUM filter: the number of rows it keeps.
enum Filter {
    Keep(u64),
    /// `ROWNUM > n` or another form that keeps no row or needs a count.
    Refused,
}

impl Translator<'_> {
    /// Rewrites the ROWNUM filter and projection of `query`'s block.
    pub(super) fn rownum(&mut self, query: &mut Query) {
        let ordered = query.order_by.is_some();
        let SetExpr::Select(select) = &mut *query.body else {
            return;
        };
        let Some(selection) = select.selection.take() else {
            return;
        };
        let mut parts = Vec::new();
        split_and(selection, &mut parts);
        let mut keep = None;
        let mut rest = Vec::new();
        for part in parts {
            match rownum_filter(&part) {
                Some(Filter::Keep(n)) if keep.is_none() => keep = Some((n, part)),
                Some(Filter::Refused) => {
                    self.unsupported(Code::Rownum,
                        &part,
                        "this ROWNUM condition keeps no row or depends on counting",
                        "Oracle's `ROWNUM > n` is never true; filter with ROW_NUMBER() OVER (ORDER BY ...) in a subquery",
                    );
                }
                _ => rest.push(part),
            }
        }
        // A refused filter is reported once, here: it is dropped so the
        // expression walk does not report its ROWNUM again.
        let Some((n, part)) = keep else {
            select.selection = and_all(rest);
            return;
        };
        if ordered {
            self.unsupported(Code::Rownum,
                &part,
                "ROWNUM filters rows before the ORDER BY of the same block",
                "Oracle returns n arbitrary rows, then sorts them; for the first n rows in order, sort in a subquery: `SELECT * FROM (SELECT ... ORDER BY ...) WHERE ROWNUM <= n`",
            );
        } else if rest.is_empty()
            && let Some(inner) = ordered_subquery(select)
        {
            inner.limit_clause = Some(limit(n));
        } else if is_grouped(select) {
            self.unsupported(
                Code::Rownum,
                &part,
                "ROWNUM filters rows before GROUP BY, DISTINCT and aggregates of the same block",
                "filter the rows in a subquery first: `FROM (SELECT ... WHERE ROWNUM <= n)`",
            );
        } else {
            query.limit_clause = Some(limit(n));
        }
        select.selection = and_all(rest);
    }
}

fn is_rownum(expr: &Expr) -> bool {
    matches!(expr, Expr::Identifier(ident) if ident.value.eq_ignore_ascii_case("rownum"))
}

/// `ROWNUM <op> n` (either side) as the number of rows kept.
fn rownum_filter(expr: &Expr) -> Option<Filter> {
    let Expr::BinaryOp { left, op, right } = strip(expr) else {
        return None;
    };
    let (op, n) = if is_rownum(strip(left)) {
        (op.clone(), integer(right)?)
    } else if is_rownum(strip(right)) {
        let flipped = match op {
            BinaryOperator::Lt => BinaryOperator::Gt,
            BinaryOperator::LtEq => BinaryOperator::GtEq,
            BinaryOperator::Gt => BinaryOperator::Lt,
            BinaryOperator::GtEq => BinaryOperator::LtEq,
            other => other.clone(),
        };
        (flipped, integer(left)?)
    } else {
        return None;
    };
    Some(match op {
        BinaryOperator::LtEq => Filter::Keep(n),
        BinaryOperator::Lt => Filter::Keep(n.saturating_sub(1)),
        BinaryOperator::Eq if n == 1 => Filter::Keep(1),
        _ => Filter::Refused,
    })
}

fn strip(expr: &Expr) -> &Expr {
    match expr {
        Expr::Nested(inner) => strip(inner),
        other => other,
    }
}

fn integer(expr: &Expr) -> Option<u64> {
    match strip(expr) {
        Expr::Value(value) => match &value.value {
            Value::Number(text, _) => text.parse().ok(),
            _ => None,
        },
        _ => None,
    }
}

pub(super) fn split_and(expr: Expr, out: &mut Vec<Expr>) {
    match expr {
        Expr::BinaryOp {
            left,
            op: BinaryOperator::And,
            right,
        } => {
            split_and(*left, out);
            split_and(*right, out);
        }
        other => out.push(other),
    }
}

/// The subquery of a block reading exactly one ordered derived table.
fn ordered_subquery(select: &mut Select) -> Option<&mut Query> {
    let [item] = select.from.as_mut_slice() else {
        return None;
    };
    if !item.joins.is_empty() {
        return None;
    }
    match &mut item.relation {
        TableFactor::Derived { subquery, .. }
            if subquery.order_by.is_some() && subquery.limit_clause.is_none() =>
        {
            Some(subquery)
        }
        _ => None,
    }
}

/// True when the block groups, de-duplicates or aggregates (all after ROWNUM).
fn is_grouped(select: &Select) -> bool {
    let grouped = match &select.group_by {
        GroupByExpr::Expressions(exprs, _) => !exprs.is_empty(),
        GroupByExpr::All(_) => true,
    };
    grouped
        || select.distinct.is_some()
        || select.having.is_some()
        || select.projection.iter().any(|item| {
            let (SelectItem::UnnamedExpr(expr) | SelectItem::ExprWithAlias { expr, .. }) = item
            else {
                return false;
            };
            has_function(expr)
        })
}

/// Any function call: aggregates and windows change what the block counts;
/// scalar functions are harmless but telling them apart needs the tables of
/// the function files, so this is conservative.
fn has_function(expr: &Expr) -> bool {
    sqlparser::ast::visit_expressions(expr, |e| {
        if matches!(e, Expr::Function(f) if is_aggregate_like(f)) {
            std::ops::ControlFlow::Break(())
        } else {
            std::ops::ControlFlow::Continue(())
        }
    })
    .is_break()
}

fn is_aggregate_like(function: &Function) -> bool {
    const AGGREGATES: &[&str] = &[
        "count", "sum", "avg", "min", "max", "listagg", "stddev", "variance", "median",
    ];
    function.over.is_some()
        || AGGREGATES.contains(&function.name.to_string().to_lowercase().as_str())
}

fn limit(n: u64) -> LimitClause {
    LimitClause::LimitOffset {
        limit: Some(Expr::value(Value::Number(n.to_string(), false))),
        offset: None,
        limit_by: Vec::new(),
    }
}
