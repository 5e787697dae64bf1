//! Sequences (docs/redshift.md#no-plpgsql-functions-no-sequences): `seq.NEXTVAL` feeding a column of an
//! INSERT (a VALUES item or a select-list item at the column's position)
//! leaves the INSERT, column and value together, and the column becomes
//! IDENTITY (in the inputs' CREATE TABLE for `eltc translate`, declared by
//! the pipeline for `eltc build`; see `files`). Any other NEXTVAL or
//! CURRVAL is left to the SQL layer, which refuses it.

use std::ops::Range;

use sqlparser::ast::{Expr, Ident, Insert, ObjectName, SelectItem, SetExpr, TableObject};

use super::{Ctx, IdentityUse};
use crate::diag::{Code, Diagnostic};
use crate::sql::catalog::Catalog;

/// `seq.NEXTVAL` (lower-case sequence name).
fn nextval(expr: &Expr) -> Option<String> {
    let Expr::CompoundIdentifier(parts) = expr else {
        return None;
    };
    let (last, sequence) = parts.split_last()?;
    if !last.value.eq_ignore_ascii_case("nextval") || sequence.is_empty() {
        return None;
    }
    Some(
        sequence
            .iter()
            .map(|p| p.value.to_lowercase())
            .collect::<Vec<_>>()
            .join("."),
    )
}

impl Ctx<'_> {
    /// Takes NEXTVAL columns out of an INSERT, recording them.
    pub fn sequence_identity(&mut self, range: &Range<usize>, insert: &mut Insert) {
        let TableObject::TableName(name) = &insert.table else {
            return;
        };
        let table = name.to_string().to_lowercase();
        let Some(source) = insert.source.as_mut() else {
            return;
        };
        let positions = positions(&source.body);
        if positions.is_empty() {
            return;
        }
        let Some(columns) = self.insert_columns(range, &table, &insert.columns) else {
            return;
        };
        let span = self.span(range);
        for (position, sequence) in positions.iter().rev() {
            let Some(column) = columns.get(*position) else {
                continue;
            };
            self.identity.push(IdentityUse {
                sequence: sequence.clone(),
                table: table.clone(),
                column: column.clone(),
                span: span.clone(),
            });
        }
        let removed: Vec<usize> = positions.iter().map(|(i, _)| *i).collect();
        insert.columns = without(columns, &removed)
            .into_iter()
            .map(|c| ObjectName::from(vec![Ident::new(c)]))
            .collect();
        match &mut *source.body {
            SetExpr::Select(select) => {
                select.projection = without(std::mem::take(&mut select.projection), &removed);
            }
            SetExpr::Values(values) => {
                values.rows[0].content =
                    without(std::mem::take(&mut values.rows[0].content), &removed);
            }
            _ => {}
        }
    }

    /// The INSERT's columns, or the table's when it lists none.
    fn insert_columns(
        &mut self,
        range: &Range<usize>,
        table: &str,
        listed: &[ObjectName],
    ) -> Option<Vec<String>> {
        if !listed.is_empty() {
            return Some(
                listed
                    .iter()
                    .map(|c| c.to_string().to_lowercase())
                    .collect(),
            );
        }
        let (schema, name) = table.split_once('.').unwrap_or(("", table));
        let known = self
            .world
            .catalog
            .table(&crate::spec::model::QualifiedName {
                schema: schema.to_string(),
                name: name.to_string(),
            });
        if let Some(t) = known {
            return Some(t.columns.iter().map(|c| c.name.clone()).collect());
        }
        let span = self.span(range);
        self.report(
            Diagnostic::new(
                Code::PlsqlSequence,
                span,
                format!("NEXTVAL feeds a column of `{table}`, whose columns are unknown"),
            )
            .label("INSERT without a column list")
            .help("list the INSERT's columns, or create the table in the inputs")
            .severity(crate::diag::Severity::Error),
        );
        None
    }
}

/// The positions of NEXTVAL values in the rows of an INSERT, with the sequence.
fn positions(body: &SetExpr) -> Vec<(usize, String)> {
    match body {
        SetExpr::Select(select) => select
            .projection
            .iter()
            .enumerate()
            .filter_map(|(i, item)| match item {
                SelectItem::UnnamedExpr(e) | SelectItem::ExprWithAlias { expr: e, .. } => {
                    nextval(e).map(|s| (i, s))
                }
                _ => None,
            })
            .collect(),
        SetExpr::Values(values) if values.rows.len() == 1 => values.rows[0]
            .content
            .iter()
            .enumerate()
            .filter_map(|(i, e)| nextval(e).map(|s| (i, s)))
            .collect(),
        _ => Vec::new(),
    }
}

/// `items` without the positions `removed`.
fn without<T>(items: Vec<T>, removed: &[usize]) -> Vec<T> {
    items
        .into_iter()
        .enumerate()
        .filter(|(i, _)| !removed.contains(i))
        .map(|(_, item)| item)
        .collect()
}
