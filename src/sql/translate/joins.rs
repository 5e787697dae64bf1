//! Oracle `(+)` outer joins into ANSI joins.
//!
//! `WHERE a.x = b.x (+)` keeps every row of `a` and marks `b` optional. The
//! rewrite splits WHERE into its top-level AND conditions; conditions with a
//! `(+)` go to the ON clause of `LEFT JOIN` of their optional table (so a
//! filter on the optional side, `b.kind (+) = 'X'`, filters the join, as in
//! Oracle), the others stay in WHERE, except inner-join conditions that can
//! become the ON of a plain JOIN. Tables keep their FROM order, the optional
//! ones after the tables they depend on (chains `a -> b -> c` work).
//! Refused with a diagnostic: `(+)` on both sides, on columns of two tables,
//! inside OR or another operator, with a subquery, mixed with ANSI joins, and
//! cycles. Unqualified columns are resolved through the declared tables.

use std::collections::BTreeSet;

use sqlparser::ast::{
    BinaryOperator, Expr, Join, JoinConstraint, JoinOperator, Select, TableWithJoins,
    visit_expressions, visit_expressions_mut,
};
use std::ops::ControlFlow;

use super::Translator;
use crate::diag::Code;
use crate::sql::typing::{Info, Relation};

/// The constraint of a join operator, when it has one.
pub fn constraint_mut(operator: &mut JoinOperator) -> Option<&mut JoinConstraint> {
    match operator {
        JoinOperator::Join(c)
        | JoinOperator::Inner(c)
        | JoinOperator::Left(c)
        | JoinOperator::LeftOuter(c)
        | JoinOperator::Right(c)
        | JoinOperator::RightOuter(c)
        | JoinOperator::FullOuter(c)
        | JoinOperator::CrossJoin(c) => Some(c),
        _ => None,
    }
}

fn has_marker(expr: &Expr) -> bool {
    visit_expressions(expr, |e| {
        if matches!(e, Expr::OuterJoin(_)) {
            ControlFlow::Break(())
        } else {
            ControlFlow::Continue(())
        }
    })
    .is_break()
}

fn has_subquery(expr: &Expr) -> bool {
    visit_expressions(expr, |e| {
        if matches!(
            e,
            Expr::Subquery(_)
                | Expr::Exists { .. }
                | Expr::In {
                    target: sqlparser::ast::InTarget::Subquery(_),
                    ..
                }
        ) {
            ControlFlow::Break(())
        } else {
            ControlFlow::Continue(())
        }
    })
    .is_break()
}

/// Removes the `(+)` markers of an expression.
fn strip_markers(expr: &mut Expr) {
    let _ = visit_expressions_mut(expr, |e| {
        if let Expr::OuterJoin(inner) = e {
            let inner = std::mem::replace(&mut **inner, Expr::value(sqlparser::ast::Value::Null));
            *e = inner;
        }
        ControlFlow::<()>::Continue(())
    });
}

/// Splits top-level ANDs (through parentheses).
fn conjuncts(expr: Expr, out: &mut Vec<Expr>) {
    match expr {
        Expr::BinaryOp {
            left,
            op: BinaryOperator::And,
            right,
        } => {
            conjuncts(*left, out);
            conjuncts(*right, out);
        }
        Expr::Nested(inner)
            if matches!(
                *inner,
                Expr::BinaryOp {
                    op: BinaryOperator::And,
                    ..
                }
            ) =>
        {
            conjuncts(*inner, out)
        }
        other => out.push(other),
    }
}

/// `a AND b AND ...`; `None` for no conditions.
pub fn and_all(conditions: Vec<Expr>) -> Option<Expr> {
    conditions.into_iter().reduce(|left, right| Expr::BinaryOp {
        left: Box::new(left),
        op: BinaryOperator::And,
        right: Box::new(right),
    })
}

/// Column references of a condition: (relation index, marked).
fn references(expr: &Expr, relations: &[Relation]) -> Result<Vec<(usize, bool)>, String> {
    let mut found = Vec::new();
    let mut error = None;
    collect(expr, false, relations, &mut found, &mut error);
    match error {
        Some(error) => Err(error),
        None => Ok(found),
    }
}

fn collect(
    expr: &Expr,
    marked: bool,
    relations: &[Relation],
    found: &mut Vec<(usize, bool)>,
    error: &mut Option<String>,
) {
    let _ = visit_expressions(expr, |e| {
        match e {
            Expr::OuterJoin(inner) => {
                // The column is also visited unmarked below; unmarked
                // references to the optional table are ignored by the caller.
                collect(inner, true, relations, found, error);
                return ControlFlow::Continue(());
            }
            Expr::Identifier(ident) => {
                push_ref(None, &ident.value, marked, relations, found, error)
            }
            Expr::CompoundIdentifier(parts) if parts.len() >= 2 => {
                let qualifier = parts[..parts.len() - 1]
                    .iter()
                    .map(|p| p.value.to_lowercase())
                    .collect::<Vec<_>>()
                    .join(".");
                push_ref(
                    Some(&qualifier),
                    &parts[parts.len() - 1].value,
                    marked,
                    relations,
                    found,
                    error,
                );
            }
            _ => {}
        }
        ControlFlow::<()>::Continue(())
    });
}

fn push_ref(
    qualifier: Option<&str>,
    name: &str,
    marked: bool,
    relations: &[Relation],
    found: &mut Vec<(usize, bool)>,
    error: &mut Option<String>,
) {
    let name = name.to_lowercase();
    let index = match qualifier {
        Some(q) => relations.iter().position(|r| r.answers_to(q)),
        None => {
            let matching: Vec<usize> = (0..relations.len())
                .filter(|&i| relations[i].column(&name).is_some())
                .collect();
            match matching.as_slice() {
                [i] => Some(*i),
                _ => None,
            }
        }
    };
    match index {
        Some(i) => found.push((i, marked)),
        None if qualifier.is_none() && matches!(name.as_str(), "sysdate" | "current_date") => {}
        None => {
            error.get_or_insert_with(|| {
                format!("cannot tell which table of the FROM clause `{name}` belongs to")
            });
        }
    }
}

/// A condition with a `(+)`: the optional relation and what it depends on.
struct OuterCondition {
    optional: usize,
    deps: BTreeSet<usize>,
    expr: Expr,
}

impl Translator<'_> {
    /// Rewrites the `(+)` joins of `select`; returns its relations with the
    /// optional ones made nullable.
    pub(super) fn rewrite_outer_joins(
        &mut self,
        select: &mut Select,
        mut relations: Vec<Relation>,
    ) -> Vec<Relation> {
        let Some(selection) = &select.selection else {
            return relations;
        };
        if !self.oracle || !has_marker(selection) {
            return relations;
        }
        let simple = select.from.iter().all(|item| item.joins.is_empty())
            && relations.len() == select.from.len();
        if !simple {
            let node = selection.clone();
            self.unsupported(
                Code::OuterJoinPlus,
                &node,
                "`(+)` outer joins mixed with ANSI joins in one FROM clause",
                "write every join of the query with ANSI JOIN syntax",
            );
            if let Some(selection) = &mut select.selection {
                strip_markers(selection);
            }
            return relations;
        }
        let Some(selection) = select.selection.take() else {
            return relations;
        };
        let mut parts = Vec::new();
        conjuncts(selection, &mut parts);
        let mut outer = Vec::new();
        let mut inner = Vec::new();
        let mut failed = false;
        for part in parts {
            if !has_marker(&part) {
                inner.push(part);
                continue;
            }
            match self.outer_condition(part, &relations) {
                Some(condition) => outer.push(condition),
                None => failed = true,
            }
        }
        if failed {
            select.selection = and_all(
                inner
                    .into_iter()
                    .chain(outer.into_iter().map(|c| c.expr))
                    .collect(),
            );
            return relations;
        }
        let optional: BTreeSet<usize> = outer.iter().map(|c| c.optional).collect();
        let Some(order) = self.join_order(&relations, &optional, &outer, select) else {
            select.selection = and_all(
                inner
                    .into_iter()
                    .chain(outer.into_iter().map(|c| c.expr))
                    .collect(),
            );
            return relations;
        };
        let where_rest = self.build_from(select, order, &optional, outer, inner, &relations);
        select.selection = and_all(where_rest);
        for index in optional {
            if let Some(columns) = &mut relations[index].columns {
                for (_, info) in columns.iter_mut() {
                    *info = Info::nullable(*info);
                }
            }
        }
        relations
    }

    fn outer_condition(
        &mut self,
        mut part: Expr,
        relations: &[Relation],
    ) -> Option<OuterCondition> {
        let allowed = match &part {
            Expr::BinaryOp { op, left, right } => {
                matches!(
                    op,
                    BinaryOperator::Eq
                        | BinaryOperator::NotEq
                        | BinaryOperator::Lt
                        | BinaryOperator::LtEq
                        | BinaryOperator::Gt
                        | BinaryOperator::GtEq
                ) && !contains_or(left)
                    && !contains_or(right)
            }
            Expr::IsNull(_) | Expr::IsNotNull(_) | Expr::Between { .. } | Expr::Like { .. } => true,
            _ => false,
        };
        if !allowed {
            let message = if contains_or(&part) {
                "`(+)` inside an OR condition"
            } else {
                "`(+)` in this kind of condition"
            };
            self.unsupported(Code::OuterJoinPlus, &part, message, "Oracle allows `(+)` only in AND-ed comparisons; write the join with LEFT JOIN ... ON");
            return None;
        }
        if has_subquery(&part) {
            self.unsupported(
                Code::OuterJoinPlus,
                &part,
                "`(+)` in a condition with a subquery",
                "write the join with LEFT JOIN ... ON",
            );
            return None;
        }
        let refs = match references(&part, relations) {
            Ok(refs) => refs,
            Err(message) => {
                self.unknown_type(&part, message, "qualify the column with its table alias");
                return None;
            }
        };
        let marked: BTreeSet<usize> = refs.iter().filter(|r| r.1).map(|r| r.0).collect();
        let unmarked: BTreeSet<usize> = refs.iter().filter(|r| !r.1).map(|r| r.0).collect();
        let optional = match marked.iter().collect::<Vec<_>>().as_slice() {
            [one] => **one,
            _ => {
                self.unsupported(
                    Code::OuterJoinPlus,
                    &part,
                    "`(+)` on columns of two tables in one condition",
                    "mark the columns of one table only: the optional side",
                );
                return None;
            }
        };
        let deps: BTreeSet<usize> = unmarked.into_iter().filter(|&i| i != optional).collect();
        strip_markers(&mut part);
        Some(OuterCondition {
            optional,
            deps,
            expr: part,
        })
    }

    /// FROM order: required tables first, then optional ones once the tables
    /// they depend on are placed; `None` (after a diagnostic) on a cycle.
    fn join_order(
        &mut self,
        relations: &[Relation],
        optional: &BTreeSet<usize>,
        outer: &[OuterCondition],
        select: &Select,
    ) -> Option<Vec<usize>> {
        let mut order: Vec<usize> = (0..relations.len())
            .filter(|i| !optional.contains(i))
            .collect();
        if order.is_empty() {
            let node = select.clone();
            self.unsupported(
                Code::OuterJoinPlus,
                &node,
                "every table of the FROM clause is marked optional with `(+)`",
                "one table must be the preserved side",
            );
            return None;
        }
        let mut pending: Vec<usize> = optional.iter().copied().collect();
        while !pending.is_empty() {
            let ready = pending.iter().position(|&candidate| {
                outer
                    .iter()
                    .filter(|c| c.optional == candidate)
                    .flat_map(|c| c.deps.iter())
                    .all(|d| order.contains(d))
            });
            match ready {
                Some(position) => order.push(pending.remove(position)),
                None => {
                    let node = select.clone();
                    self.unsupported(
                        Code::OuterJoinPlus,
                        &node,
                        "`(+)` joins that depend on each other in a cycle",
                        "write the joins with ANSI JOIN syntax",
                    );
                    return None;
                }
            }
        }
        Some(order)
    }

    /// Rebuilds FROM as one join tree; returns the conditions left for WHERE.
    fn build_from(
        &mut self,
        select: &mut Select,
        order: Vec<usize>,
        optional: &BTreeSet<usize>,
        mut outer: Vec<OuterCondition>,
        inner: Vec<Expr>,
        relations: &[Relation],
    ) -> Vec<Expr> {
        let mut factors: Vec<Option<TableWithJoins>> = std::mem::take(&mut select.from)
            .into_iter()
            .map(Some)
            .collect();
        let mut inner: Vec<(Expr, Option<BTreeSet<usize>>)> = inner
            .into_iter()
            .map(|e| {
                let refs = (!has_subquery(&e))
                    .then(|| references(&e, relations).ok())
                    .flatten();
                let set = refs.map(|r| r.into_iter().map(|(i, _)| i).collect());
                (e, set)
            })
            .collect();
        let mut placed = BTreeSet::new();
        let mut root: Option<TableWithJoins> = None;
        for index in order {
            let Some(factor) = factors[index].take() else {
                continue;
            };
            placed.insert(index);
            let Some(tree) = &mut root else {
                root = Some(factor);
                continue;
            };
            let operator = if optional.contains(&index) {
                let (mine, rest): (Vec<_>, Vec<_>) =
                    outer.into_iter().partition(|c| c.optional == index);
                outer = rest;
                JoinOperator::Left(on(and_all(mine.into_iter().map(|c| c.expr).collect())))
            } else {
                let (mine, rest): (Vec<_>, Vec<_>) = inner.into_iter().partition(|(_, set)| {
                    set.as_ref()
                        .is_some_and(|s| s.contains(&index) && s.is_subset(&placed))
                });
                inner = rest;
                match and_all(mine.into_iter().map(|(e, _)| e).collect()) {
                    Some(condition) => JoinOperator::Join(JoinConstraint::On(condition)),
                    None => JoinOperator::CrossJoin(JoinConstraint::None),
                }
            };
            tree.joins.push(Join {
                relation: factor.relation,
                global: false,
                join_operator: operator,
            });
        }
        select.from = root.into_iter().collect();
        inner.into_iter().map(|(e, _)| e).collect()
    }
}

fn on(condition: Option<Expr>) -> JoinConstraint {
    JoinConstraint::On(
        condition.unwrap_or_else(|| Expr::value(sqlparser::ast::Value::Boolean(true))),
    )
}

fn contains_or(expr: &Expr) -> bool {
    visit_expressions(expr, |e| {
        if matches!(
            e,
            Expr::BinaryOp {
                op: BinaryOperator::Or,
                ..
            }
        ) {
            ControlFlow::Break(())
        } else {
            ControlFlow::Continue(())
        }
    })
    .is_break()
}
