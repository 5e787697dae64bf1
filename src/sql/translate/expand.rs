//! Oracle statements that become several Redshift statements: MERGE,
//! INSERT ALL / INSERT FIRST, and `SET (a, b) = (subquery)`.
//!
//! MERGE (`merge`) and the multi-table INSERT (`multi_insert`) are built as
//! sqlparser trees from the statement's own nodes (its source, its
//! expressions, cloned) by the builders of `build`, and translated like any
//! statement, so every expression goes through the same rewrites. Built
//! nodes have no position and cloned ones keep their place in the MERGE:
//! diagnostics about either point at the whole original statement.
//!
//! MERGE (docs/redshift.md#merge: Redshift's MERGE takes no subquery source, no
//! clause conditions, no DELETE WHERE) becomes, in this order:
//!
//! 1. `CREATE TEMP TABLE eltc_merge_source AS SELECT s.*, <matched flag>
//!    [, <updated flag>] FROM <source> s`: the source is read once, before
//!    any change, as Oracle does, and which rows match is decided then;
//! 2. `UPDATE target SET ... FROM eltc_merge_source s WHERE <on> [AND <update
//!    WHERE>]`: Oracle's update condition sees the rows before the update;
//! 3. `DELETE FROM target USING eltc_merge_source s WHERE <on> [AND
//!    s.eltc_updated = 1] AND <DELETE WHERE>`: Oracle evaluates DELETE WHERE
//!    on the updated rows, and only on rows the merge updated;
//! 4. `INSERT INTO target (...) SELECT ... FROM eltc_merge_source s WHERE
//!    s.eltc_matched = 0 [AND <insert WHERE>]`: decided before the delete, so
//!    deleted rows are not inserted again;
//! 5. `DROP TABLE eltc_merge_source`.
//!
//! Oracle raises ORA-30926 when a target row matches several source rows;
//! Redshift's UPDATE ... FROM would pick one, so with an UPDATE clause a
//! check of the staged source's keys comes between 1 and 2
//! (`merge_check`).
//!
//! INSERT ALL / FIRST: the source query into `eltc_insert_source` once, then
//! one INSERT ... SELECT per INTO clause; INSERT FIRST's clauses are made
//! mutually exclusive with one CASE numbering the first true condition.

use sqlparser::ast::{AssignmentTarget, Expr, SelectItem, SetExpr, Statement, Update};

use super::Translator;

impl Translator<'_> {
    /// Translates one statement into the statements that replace it (one,
    /// except for the expansions above).
    pub fn statements(&mut self, mut statement: Statement) -> Vec<Statement> {
        if self.oracle {
            if let Statement::Update(update) = &mut statement {
                self.split_tuple_assignments(update);
            }
            if let Statement::Merge(merge) = &mut statement
                && let Some(target) = self.merge_target(merge)
            {
                super::assigned::merge_numbers(merge, target);
            }
            let expanded = match &statement {
                Statement::Merge(merge) => Some(self.merge_statements(merge)),
                Statement::Insert(insert) if insert.multi_table_insert_type.is_some() => {
                    Some(self.multi_insert_statements(insert))
                }
                _ => None,
            };
            if let Some(statements) = expanded {
                return statements.map_or_else(Vec::new, |s| self.translate_expanded(s));
            }
        }
        self.statement(&mut statement);
        vec![statement]
    }

    /// Translates the statements of an expansion, reported at the statement
    /// they replace (their nodes, built or cloned, are not where the
    /// diagnostics should point).
    fn translate_expanded(&mut self, mut statements: Vec<Statement>) -> Vec<Statement> {
        let was = self.synthetic;
        self.synthetic = true;
        for statement in &mut statements {
            self.statement(statement);
        }
        self.synthetic = was;
        statements
    }

    /// `SET (a, b) = (SELECT x, y ...)` -> `SET a = (SELECT x ...), b = (SELECT y ...)`:
    /// the same NULL for rows without a match and the same error for several
    /// matches as Oracle (docs/redshift.md#update-and-delete-with-joins), one correlated subquery per column.
    fn split_tuple_assignments(&mut self, update: &mut Update) {
        let mut out = Vec::new();
        for assignment in std::mem::take(&mut update.assignments) {
            let AssignmentTarget::Tuple(names) = &assignment.target else {
                out.push(assignment);
                continue;
            };
            // Anything else keeps its tuple: the UPDATE walk refuses it.
            let Some(split) = split_subquery(&assignment.value, names.len()) else {
                out.push(assignment);
                continue;
            };
            for (name, value) in names.iter().zip(split) {
                out.push(sqlparser::ast::Assignment {
                    target: AssignmentTarget::ColumnName(name.clone()),
                    value,
                });
            }
        }
        update.assignments = out;
    }
}

/// One scalar subquery per select-list item of a plain SELECT (no DISTINCT,
/// which de-duplicates pairs rather than single columns).
fn split_subquery(value: &Expr, width: usize) -> Option<Vec<Expr>> {
    let query = match value {
        Expr::Subquery(query) => query,
        Expr::Nested(inner) => match &**inner {
            Expr::Subquery(query) => query,
            _ => return None,
        },
        _ => return None,
    };
    let SetExpr::Select(select) = &*query.body else {
        return None;
    };
    if select.projection.len() != width
        || select.distinct.is_some()
        || select.projection.iter().any(|item| {
            !matches!(
                item,
                SelectItem::UnnamedExpr(_) | SelectItem::ExprWithAlias { .. }
            )
        })
    {
        return None;
    }
    Some(
        select
            .projection
            .iter()
            .map(|item| {
                let mut query = query.clone();
                if let SetExpr::Select(select) = &mut *query.body {
                    select.projection = vec![item.clone()];
                }
                Expr::Subquery(query)
            })
            .collect(),
    )
}
