//! Oracle's MERGE as the statements `expand` describes: the staged source,
//! the UPDATE (and DELETE WHERE) of matched rows, the INSERT of unmatched
//! rows, built from the MERGE's own nodes ([`super::build`]).

use sqlparser::ast::{
    Assignment, AssignmentTarget, Expr, Ident, Merge, MergeAction, MergeClauseKind,
    MergeInsertExpr, MergeInsertKind, MergeUpdateExpr, MergeUpdateKind, ObjectName, ObjectNamePart,
    Query, SelectItem, SelectItemQualifiedWildcardKind, Statement, TableFactor,
    WildcardAdditionalOptions,
};

use super::build::{
    and, case, column, create_temp, delete, derived, drop_table, eq, exists, ident, insert, name,
    nested, number, select, table, update,
};
use super::{Translator, idents};
use crate::diag::{Code, Diagnostic};
use crate::spec::model::{QualifiedName, Table};

/// The staging table of a MERGE's source.
const MERGE_TEMP: &str = "eltc_merge_source";

/// How the statements of a MERGE name its target and source.
struct MergeNames<'a> {
    /// The target table.
    target: &'a ObjectName,
    /// The target's alias.
    target_alias: Option<Ident>,
    /// The source as the staging statement reads it, without its alias.
    source: Source<'a>,
    /// The source's alias, which every statement qualifies its columns with.
    alias: Ident,
}

/// A MERGE's source: a table or a subquery.
#[derive(Clone, Copy)]
enum Source<'a> {
    Table(&'a ObjectName),
    Query(&'a Query),
}

impl MergeNames<'_> {
    /// `target [alias]`.
    fn target_as(&self) -> TableFactor {
        table(self.target.clone(), self.target_alias.clone())
    }

    /// `eltc_merge_source alias`.
    fn staged(&self) -> TableFactor {
        table(name(MERGE_TEMP), Some(self.alias.clone()))
    }
}

impl<'c> Translator<'c> {
    /// MERGE as the statements of `expand`'s list; `None` after a diagnostic.
    pub(super) fn merge_statements(&mut self, merge: &Merge) -> Option<Vec<Statement>> {
        let names = self.merge_names(merge)?;
        let (update, insert) = self.merge_actions(merge)?;
        if self.merge_unknown_columns(merge, update, insert) {
            return None;
        }
        let flag_updated =
            update.is_some_and(|u| u.update_predicate.is_some() && u.delete_predicate.is_some());
        let updated = update
            .and_then(|u| u.update_predicate.as_ref())
            .filter(|_| flag_updated);
        let mut statements = vec![drop_table(MERGE_TEMP, true), stage(merge, &names, updated)];
        if update.is_some() {
            let target = names.target_alias.clone().or_else(|| {
                names
                    .target
                    .0
                    .last()
                    .and_then(ObjectNamePart::as_ident)
                    .cloned()
            })?;
            statements.push(self.merge_unique_check(
                &merge.on,
                &target,
                &names.alias,
                MERGE_TEMP,
            )?);
        }
        if let Some(u) = update {
            statements.extend(self.merge_update(merge, u, &names, flag_updated)?);
        }
        if let Some(i) = insert {
            statements.push(self.merge_insert(merge, i, &names)?);
        }
        statements.push(drop_table(MERGE_TEMP, false));
        Some(statements)
    }

    /// Reports the SET and INSERT columns the MERGE's declared target does
    /// not have, where they are written: the expansion's statements are
    /// translated without positions of their own, so the same finding there
    /// would point at the whole MERGE. True when one was reported.
    fn merge_unknown_columns(
        &mut self,
        merge: &Merge,
        update: Option<&MergeUpdateExpr>,
        insert: Option<&MergeInsertExpr>,
    ) -> bool {
        let Some(declared) = self.merge_target(merge) else {
            return false;
        };
        let set = update
            .into_iter()
            .flat_map(|u| match &u.kind {
                MergeUpdateKind::Set(assignments) => assignments.as_slice(),
                MergeUpdateKind::Wildcard => &[],
            })
            .filter_map(|a| match &a.target {
                AssignmentTarget::ColumnName(column) => Some(column),
                AssignmentTarget::Tuple(_) => None,
            });
        let inserted = insert.into_iter().flat_map(|i| i.columns.iter());
        let mut found = false;
        for column in set.chain(inserted) {
            let mut folded = column.clone();
            idents::fold_name(&mut folded);
            let Some(last) = idents::parts(&folded).and_then(|p| p.last().cloned()) else {
                continue;
            };
            if declared.column(&last).is_some() {
                continue;
            }
            let known = declared.columns.iter().map(|c| c.name.as_str());
            let help = match crate::diag::closest(&last, known) {
                Some(near) => format!("did you mean `{near}`?"),
                None => format!("use the declared columns of `{}`", declared.name),
            };
            let span = self.span_of(column);
            self.report(
                Diagnostic::new(
                    Code::UnknownColumn,
                    span,
                    format!("table `{}` has no column `{last}`", declared.name),
                )
                .label("unknown column")
                .help(help),
            );
            found = true;
        }
        found
    }

    /// The declared table a MERGE writes, if it is one.
    pub(super) fn merge_target(&mut self, merge: &Merge) -> Option<&'c Table> {
        let TableFactor::Table { name, .. } = &merge.table else {
            return None;
        };
        let mut name = name.clone();
        idents::fold_name(&mut name);
        let parts = idents::parts(&name)?;
        let pipeline = self.catalog;
        match self.with_default_schema(&mut name, parts).as_slice() {
            [schema, table] => pipeline.table(&QualifiedName {
                schema: schema.clone(),
                name: table.clone(),
            }),
            _ => None,
        }
    }

    /// The target and source of a MERGE as its statements name them.
    fn merge_names<'a>(&mut self, merge: &'a Merge) -> Option<MergeNames<'a>> {
        let (target, target_alias) = match &merge.table {
            TableFactor::Table { name, alias, .. } => {
                (name, alias.as_ref().map(|a| a.name.clone()))
            }
            _ => {
                self.unsupported(
                    Code::MergeForm,
                    &merge.table,
                    "MERGE into a subquery",
                    "merge into a table",
                );
                return None;
            }
        };
        let (source, alias) = match &merge.source {
            TableFactor::Table { name, alias, .. } => {
                // Unaliased, the table's own name qualifies its columns.
                let Some(alias) = alias
                    .as_ref()
                    .map(|a| &a.name)
                    .or_else(|| name.0.last().and_then(ObjectNamePart::as_ident))
                else {
                    self.unsupported(
                        Code::MergeForm,
                        &merge.source,
                        "this MERGE source is not translated",
                        "merge from a table or a subquery",
                    );
                    return None;
                };
                (Source::Table(name), alias.clone())
            }
            TableFactor::Derived {
                subquery, alias, ..
            } => (
                Source::Query(subquery),
                alias
                    .as_ref()
                    .map_or_else(|| ident("eltc_source"), |a| a.name.clone()),
            ),
            other => {
                self.unsupported(
                    Code::MergeForm,
                    other,
                    "this MERGE source is not translated",
                    "merge from a table or a subquery",
                );
                return None;
            }
        };
        Some(MergeNames {
            target,
            target_alias,
            source,
            alias,
        })
    }

    /// Oracle's two MERGE actions: one WHEN MATCHED UPDATE, one WHEN NOT MATCHED INSERT.
    #[allow(clippy::type_complexity)]
    fn merge_actions<'a>(
        &mut self,
        merge: &'a Merge,
    ) -> Option<(Option<&'a MergeUpdateExpr>, Option<&'a MergeInsertExpr>)> {
        let mut update = None;
        let mut insert = None;
        for clause in &merge.clauses {
            if clause.predicate.is_some() {
                self.unsupported(
                    Code::MergeForm,
                    &*merge.on,
                    "a condition after WHEN [NOT] MATCHED",
                    "Oracle's form is `WHEN MATCHED THEN UPDATE SET ... WHERE condition`",
                );
                return None;
            }
            match (&clause.clause_kind, &clause.action) {
                (MergeClauseKind::Matched, MergeAction::Update(u)) if update.is_none() => {
                    update = Some(u);
                }
                (MergeClauseKind::NotMatched, MergeAction::Insert(i)) if insert.is_none() => {
                    insert = Some(i);
                }
                _ => {
                    self.unsupported(Code::MergeForm,
                        &*merge.on,
                        "this MERGE clause is not Oracle's WHEN MATCHED UPDATE / WHEN NOT MATCHED INSERT",
                        "write one WHEN MATCHED THEN UPDATE and one WHEN NOT MATCHED THEN INSERT",
                    );
                    return None;
                }
            }
        }
        Some((update, insert))
    }

    /// The UPDATE (and DELETE WHERE) of a MERGE's matched rows.
    fn merge_update(
        &mut self,
        merge: &Merge,
        u: &MergeUpdateExpr,
        names: &MergeNames<'_>,
        flag_updated: bool,
    ) -> Option<Vec<Statement>> {
        let MergeUpdateKind::Set(assignments) = &u.kind else {
            self.unsupported(
                Code::MergeForm,
                &*merge.on,
                "UPDATE * in MERGE",
                "list the columns to set",
            );
            return None;
        };
        let assignments = assignments
            .iter()
            .map(|a| Assignment {
                target: a.target.clone(),
                value: a.value.clone(),
            })
            .collect();
        let on = (*merge.on).clone();
        let selection = match &u.update_predicate {
            Some(predicate) => and(on, nested(predicate.clone())),
            None => on,
        };
        let mut statements = vec![update(
            names.target_as(),
            assignments,
            names.staged(),
            selection,
        )];
        if let Some(predicate) = &u.delete_predicate {
            let mut selection = (*merge.on).clone();
            if flag_updated {
                let updated = eq(column(&names.alias, "eltc_updated"), number(1));
                selection = and(selection, updated);
            }
            let selection = and(selection, nested(predicate.clone()));
            statements.push(delete(names.target_as(), names.staged(), selection));
        }
        Some(statements)
    }

    /// The INSERT of a MERGE's unmatched rows.
    fn merge_insert(
        &mut self,
        merge: &Merge,
        i: &MergeInsertExpr,
        names: &MergeNames<'_>,
    ) -> Option<Statement> {
        let MergeInsertKind::Values(values) = &i.kind else {
            self.unsupported(
                Code::MergeForm,
                &*merge.on,
                "INSERT ROW in MERGE",
                "list the values to insert",
            );
            return None;
        };
        let [row] = values.rows.as_slice() else {
            self.unsupported(
                Code::MergeForm,
                &*merge.on,
                "several VALUES rows in MERGE",
                "insert one row per source row",
            );
            return None;
        };
        // Oracle lets the column list name the target (the MERGE page's own
        // example: `INSERT (D.employee_id, D.bonus)`); an INSERT column list
        // takes bare names.
        let columns = i
            .columns
            .iter()
            .map(|c| match c.0.last() {
                Some(last) => ObjectName(vec![last.clone()]),
                None => c.clone(),
            })
            .collect();
        let projection = row
            .content
            .iter()
            .map(|e| SelectItem::UnnamedExpr(e.clone()))
            .collect();
        let mut selection = eq(column(&names.alias, "eltc_matched"), number(0));
        if let Some(predicate) = &i.insert_predicate {
            selection = and(selection, nested(predicate.clone()));
        }
        let source = select(projection, names.staged(), Some(selection));
        Some(insert(names.target.clone(), columns, source))
    }
}

/// `CREATE TEMP TABLE eltc_merge_source AS SELECT s.*, <matched flag>
/// [, <updated flag>] FROM <source> s`; `updated` is the UPDATE's WHERE when
/// a DELETE WHERE needs to know which rows it updated.
fn stage(merge: &Merge, names: &MergeNames<'_>, updated: Option<&Expr>) -> Statement {
    let s = &names.alias;
    let mut projection = vec![
        SelectItem::QualifiedWildcard(
            SelectItemQualifiedWildcardKind::ObjectName(ObjectName::from(vec![s.clone()])),
            WildcardAdditionalOptions::default(),
        ),
        flag(names, (*merge.on).clone(), "eltc_matched"),
    ];
    if let Some(predicate) = updated {
        let condition = and((*merge.on).clone(), nested(predicate.clone()));
        projection.push(flag(names, condition, "eltc_updated"));
    }
    let source = match names.source {
        Source::Table(name) => table(name.clone(), Some(s.clone())),
        Source::Query(query) => derived(query.clone(), s.clone()),
    };
    create_temp(MERGE_TEMP, select(projection, source, None))
}

/// `CASE WHEN EXISTS (SELECT 1 FROM target WHERE condition) THEN 1 ELSE 0 END AS alias`.
fn flag(names: &MergeNames<'_>, condition: Expr, alias: &str) -> SelectItem {
    let probe = select(
        vec![SelectItem::UnnamedExpr(number(1))],
        names.target_as(),
        Some(condition),
    );
    SelectItem::ExprWithAlias {
        expr: case(vec![(exists(probe), number(1))], number(0)),
        alias: ident(alias),
    }
}
