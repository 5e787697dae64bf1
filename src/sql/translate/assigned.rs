//! Values written whole into a column, found before translation: Oracle
//! converts such a value to the column's type on assignment, so a
//! conversion whose result type Oracle leaves open (`TO_NUMBER(x)` without a
//! format: a NUMBER of any scale) takes the column's
//! ([`conversion::to_number_into_column`]).
//!
//! An INSERT's source writes, position by position, the select list of its
//! SELECT (each branch of a UNION ALL) or its VALUES rows. A select list item
//! that only passes on a column of the one subquery in FROM (the top-n per
//! key idiom: `SELECT a, b FROM (SELECT ..., ROW_NUMBER() OVER (...) rn FROM
//! t) WHERE rn = 1`) writes that subquery's expression. Anything that
//! compares or computes with the value before it reaches the column (a
//! DISTINCT, GROUP BY or ORDER BY, another set operator, a second use of the
//! passed-on name) would see it rounded too early: such values are left as
//! they are, and a TO_NUMBER among them stays refused.
//!
//! A MERGE's source subquery gives a column the same way when the MERGE only
//! writes it whole into columns of the target (`SET t.c = src.n`, `INSERT
//! (c) VALUES (src.n)`), all of one type, and reads it nowhere else (ON, a
//! WHERE of a clause).

use std::ops::ControlFlow;

use sqlparser::ast::{
    AssignmentTarget, Expr, GroupByExpr, Ident, Merge, MergeAction, MergeInsertKind,
    MergeUpdateKind, Query, Select, SelectItem, SetExpr, SetOperator, SetQuantifier, TableFactor,
    Visit, Visitor,
};

use super::conversion;
use crate::spec::model::{DataType, Table};

/// Gives each value `query` writes the type of its column in `columns`.
pub(super) fn numbers_into_columns(query: &mut Query, columns: &[Option<DataType>]) {
    if query.order_by.is_none() {
        set_expr(&mut query.body, columns);
    }
}

fn set_expr(body: &mut SetExpr, columns: &[Option<DataType>]) {
    match body {
        SetExpr::Select(select) => select_list(select, columns),
        SetExpr::Values(values) => {
            for row in &mut values.rows {
                for (value, column) in row.iter_mut().zip(columns) {
                    if let Some(column) = column {
                        conversion::to_number_into_column(value, *column);
                    }
                }
            }
        }
        SetExpr::SetOperation {
            op: SetOperator::Union,
            set_quantifier: SetQuantifier::All,
            left,
            right,
        } => {
            set_expr(left, columns);
            set_expr(right, columns);
        }
        SetExpr::Query(query) => numbers_into_columns(query, columns),
        _ => {}
    }
}

fn select_list(select: &mut Select, columns: &[Option<DataType>]) {
    if !plain(select) {
        return;
    }
    // The names the select list passes on from its subquery, counted before
    // anything is changed: each must be used once, by its own item. (Only
    // where the subquery has a TO_NUMBER to give: counting walks the block.)
    let converts = subquery_converts(&select.from);
    let passed: Vec<Option<String>> = select
        .projection
        .iter()
        .map(|item| {
            passed_name(item)
                .filter(|name| converts.iter().any(|c| c == name))
                .filter(|name| outer_uses(select, name) == 1)
        })
        .collect();
    let (projection, from) = (&mut select.projection, &mut select.from);
    for ((item, column), passed) in projection.iter_mut().zip(columns).zip(passed) {
        let Some(column) = column else { continue };
        match (item, passed) {
            (_, Some(name)) => {
                if let Some(value) = subquery_value(from, &name) {
                    conversion::to_number_into_column(value, *column);
                }
            }
            (
                SelectItem::UnnamedExpr(value) | SelectItem::ExprWithAlias { expr: value, .. },
                None,
            ) => {
                conversion::to_number_into_column(value, *column);
            }
            _ => {}
        }
    }
}

/// No DISTINCT, GROUP BY or `*` (which moves the positions).
fn plain(select: &Select) -> bool {
    let grouped = !matches!(&select.group_by, GroupByExpr::Expressions(e, _) if e.is_empty());
    let wildcard = select.projection.iter().any(|item| {
        matches!(
            item,
            SelectItem::Wildcard(_) | SelectItem::QualifiedWildcard(..)
        )
    });
    select.distinct.is_none() && !grouped && !wildcard
}

/// The names of the TO_NUMBER calls the one subquery in `from` gives.
fn subquery_converts(from: &[sqlparser::ast::TableWithJoins]) -> Vec<String> {
    let [table] = from else { return Vec::new() };
    let TableFactor::Derived { subquery, .. } = &table.relation else {
        return Vec::new();
    };
    let Some(inner) = followed_block(subquery) else {
        return Vec::new();
    };
    inner
        .projection
        .iter()
        .filter_map(|item| match item {
            SelectItem::ExprWithAlias { expr, alias } if conversion::is_to_number(expr) => {
                Some(alias.value.to_lowercase())
            }
            _ => None,
        })
        .collect()
}

/// The block of `query` when eltc can follow its columns by name: one plain
/// SELECT (see [`plain`]) without ORDER BY.
fn followed_block(query: &Query) -> Option<&Select> {
    match query.body.as_ref() {
        SetExpr::Select(block) if query.order_by.is_none() && plain(block) => Some(block),
        _ => None,
    }
}

/// The column name a select list item only passes on (`name`, `alias.name`).
fn passed_name(item: &SelectItem) -> Option<String> {
    let (SelectItem::UnnamedExpr(expr) | SelectItem::ExprWithAlias { expr, .. }) = item else {
        return None;
    };
    match expr {
        Expr::Identifier(name) => Some(name.value.to_lowercase()),
        Expr::CompoundIdentifier(parts) if parts.len() == 2 => Some(parts[1].value.to_lowercase()),
        _ => None,
    }
}

/// How many identifiers of `select` outside the subqueries of its FROM end
/// in `name` (the subqueries' own names do not reach it).
fn outer_uses(select: &Select, name: &str) -> usize {
    let inner: usize = select
        .from
        .iter()
        .flat_map(|table| {
            std::iter::once(&table.relation).chain(table.joins.iter().map(|j| &j.relation))
        })
        .map(|relation| match relation {
            TableFactor::Derived { subquery, .. } => uses(subquery.as_ref(), name),
            _ => 0,
        })
        .sum();
    uses(select, name) - inner
}

/// How many identifiers in `node` (its subqueries included) end in `name`.
fn uses(node: &impl Visit, name: &str) -> usize {
    struct Count<'a> {
        name: &'a str,
        seen: usize,
    }
    impl Visitor for Count<'_> {
        type Break = ();
        fn pre_visit_expr(&mut self, expr: &Expr) -> ControlFlow<()> {
            let last = match expr {
                Expr::Identifier(ident) => Some(ident),
                Expr::CompoundIdentifier(parts) => parts.last(),
                _ => None,
            };
            if last.is_some_and(|ident| ident.value.eq_ignore_ascii_case(self.name)) {
                self.seen += 1;
            }
            ControlFlow::Continue(())
        }
    }
    let mut count = Count { name, seen: 0 };
    let _ = node.visit(&mut count);
    count.seen
}

/// The expression the one subquery in `from` gives the column `name`, when
/// nothing in that subquery compares or orders by it.
fn subquery_value<'a>(
    from: &'a mut [sqlparser::ast::TableWithJoins],
    name: &str,
) -> Option<&'a mut Expr> {
    let [table] = from else { return None };
    if !table.joins.is_empty() {
        return None;
    }
    let TableFactor::Derived {
        lateral: false,
        subquery,
        ..
    } = &mut table.relation
    else {
        return None;
    };
    if subquery.order_by.is_some() {
        return None;
    }
    let SetExpr::Select(inner) = subquery.body.as_mut() else {
        return None;
    };
    if !plain(inner) {
        return None;
    }
    inner.projection.iter_mut().find_map(|item| match item {
        SelectItem::ExprWithAlias { expr, alias } if alias.value.eq_ignore_ascii_case(name) => {
            Some(expr)
        }
        _ => None,
    })
}

/// Gives each column of a MERGE's source subquery that the MERGE only
/// writes whole into `target`'s columns of one type that type.
pub(super) fn merge_numbers(merge: &mut Merge, target: &Table) {
    let TableFactor::Derived {
        lateral: false,
        subquery,
        alias: Some(alias),
        ..
    } = &merge.source
    else {
        return;
    };
    let Some(inner) = followed_block(subquery) else {
        return;
    };
    let source = &alias.name;
    let mut types = Vec::new();
    for item in &inner.projection {
        let SelectItem::ExprWithAlias { alias: name, expr } = item else {
            types.push(None);
            continue;
        };
        if !conversion::is_to_number(expr) {
            types.push(None);
            continue;
        }
        let name = name.value.to_lowercase();
        let written = written_into(merge, source, &name, target);
        let read = uses(merge, &name) - uses(subquery.as_ref(), &name);
        let one_type = written
            .first()
            .copied()
            .filter(|ty| read == written.len() && written.iter().all(|t| t == ty));
        types.push(one_type);
    }
    let TableFactor::Derived { subquery, .. } = &mut merge.source else {
        return;
    };
    let SetExpr::Select(inner) = subquery.body.as_mut() else {
        return;
    };
    for (item, ty) in inner.projection.iter_mut().zip(types) {
        if let (SelectItem::ExprWithAlias { expr, .. }, Some(ty)) = (item, ty) {
            conversion::to_number_into_column(expr, ty);
        }
    }
}

/// The types of the target columns the MERGE's clauses set or insert to
/// exactly the source column `name` (`None` for a column not declared).
fn written_into(merge: &Merge, source: &Ident, name: &str, target: &Table) -> Vec<DataType> {
    let is_source_column = |e: &Expr| match e {
        Expr::Identifier(ident) => ident.value.eq_ignore_ascii_case(name),
        Expr::CompoundIdentifier(parts) => {
            parts.len() == 2
                && parts[0].value.eq_ignore_ascii_case(&source.value)
                && parts[1].value.eq_ignore_ascii_case(name)
        }
        _ => false,
    };
    let column_type = |column: &str| target.column(&column.to_lowercase()).map(|c| c.ty);
    let mut written = Vec::new();
    for clause in &merge.clauses {
        match &clause.action {
            MergeAction::Update(update) => {
                let MergeUpdateKind::Set(assignments) = &update.kind else {
                    continue;
                };
                for assignment in assignments {
                    if let AssignmentTarget::ColumnName(column) = &assignment.target
                        && is_source_column(&assignment.value)
                        && let Some(last) = column.0.last().and_then(|p| p.as_ident())
                    {
                        written.extend(column_type(&last.value));
                    }
                }
            }
            MergeAction::Insert(insert) => {
                let MergeInsertKind::Values(values) = &insert.kind else {
                    continue;
                };
                for row in &values.rows {
                    for (position, value) in row.iter().enumerate() {
                        if !is_source_column(value) {
                            continue;
                        }
                        let ty = match insert.columns.get(position) {
                            Some(column) => column
                                .0
                                .last()
                                .and_then(|p| p.as_ident())
                                .and_then(|last| column_type(&last.value)),
                            None if insert.columns.is_empty() => {
                                target.columns.get(position).map(|c| c.ty)
                            }
                            None => None,
                        };
                        written.extend(ty);
                    }
                }
            }
            MergeAction::Delete { .. } | MergeAction::DoNothing { .. } => {}
        }
    }
    written
}
