//! Oracle statements that become several Redshift statements: MERGE,
//! INSERT ALL / INSERT FIRST, and `SET (a, b) = (subquery)`.
//!
//! MERGE and the multi-table INSERT are composed as Oracle SQL text from the
//! statement's own pieces, parsed again ([`parse_synthetic`]) and translated
//! like any statement, so every expression goes through the same rewrites.
//! A MERGE's subquery source and expressions are named in the text and put
//! back into the parsed statements ([`Pieces`]) rather than printed and
//! parsed a second time. Diagnostics point at the original statement (the
//! composed text has no place in the file).
//!
//! MERGE (REDSHIFT-NOTES 3.6: Redshift's MERGE takes no subquery source, no
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
//! Redshift's UPDATE ... FROM then picks one: the source must be unique on
//! the ON columns (documented in docs/translation.md).
//!
//! INSERT ALL / FIRST: the source query into `eltc_insert_source` once, then
//! one INSERT ... SELECT per INTO clause; INSERT FIRST's clauses are made
//! mutually exclusive with one CASE numbering the first true condition.

use std::ops::ControlFlow;

use sqlparser::ast::{
    AssignmentTarget, Expr, Insert, Merge, MergeAction, MergeClauseKind, MergeInsertExpr,
    MergeInsertKind, MergeUpdateExpr, MergeUpdateKind, MultiTableInsertIntoClause,
    MultiTableInsertType, MultiTableInsertValue, Query, SelectItem, SetExpr, Statement,
    TableFactor, Update, VisitMut, VisitorMut,
};

use super::Translator;
use crate::spec::model::Dialect;
use crate::sql::parse::parse_synthetic;

const MERGE_TEMP: &str = "eltc_merge_source";
/// Stands for a MERGE's subquery source in the composed text.
const MERGE_INPUT: &str = "eltc_merge_input";
/// Prefix of the names standing for a MERGE's expressions in the composed
/// text (`eltc_piece_0`, ...).
const PIECE: &str = "eltc_piece_";
const INSERT_TEMP: &str = "eltc_insert_source";

impl Translator<'_> {
    /// Translates one statement into the statements that replace it (one,
    /// except for the expansions above).
    pub fn statements(&mut self, mut statement: Statement) -> Vec<Statement> {
        if self.oracle {
            if let Statement::Update(update) = &mut statement {
                self.split_tuple_assignments(update);
            }
            let mut pieces = Pieces::default();
            let composed = match &statement {
                Statement::Merge(merge) => Some(self.merge_text(merge, &mut pieces)),
                Statement::Insert(insert) if insert.multi_table_insert_type.is_some() => {
                    Some(self.multi_insert_text(insert))
                }
                _ => None,
            };
            if let Some(texts) = composed {
                return texts
                    .map_or_else(Vec::new, |texts| self.translate_composed(&texts, &pieces));
            }
        }
        self.statement(&mut statement);
        vec![statement]
    }

    /// Parses and translates composed statements, `pieces` put back into them.
    fn translate_composed(&mut self, texts: &[String], pieces: &Pieces<'_>) -> Vec<Statement> {
        let was = self.synthetic;
        self.synthetic = true;
        let mut out = Vec::new();
        for text in texts {
            match parse_synthetic(text, Dialect::Oracle) {
                Ok(statements) => {
                    for mut statement in statements {
                        let _ = statement.visit(&mut Splice(pieces));
                        self.statement(&mut statement);
                        out.push(statement);
                    }
                }
                Err(error) => {
                    let span = self.source.range(self.statement.clone());
                    self.report(
                        crate::diag::Diagnostic::new(
                            crate::diag::Code::UnsupportedConstruct,
                            span,
                            format!("eltc composed SQL it cannot parse: {error}"),
                        )
                        .label("while expanding this statement")
                        .help("this is an eltc bug; please report it with the statement"),
                    );
                }
            }
        }
        self.synthetic = was;
        out
    }

    /// MERGE as the five statements above; `None` after a diagnostic.
    fn merge_text<'a>(&mut self, merge: &'a Merge, pieces: &mut Pieces<'a>) -> Option<Vec<String>> {
        let names = self.merge_names(merge, pieces)?;
        let (update, insert) = self.merge_actions(merge)?;
        let on = pieces.expr(&merge.on);
        let MergeNames {
            target,
            target_as,
            source,
            alias: s,
        } = &names;
        let flag_updated =
            update.is_some_and(|u| u.update_predicate.is_some() && u.delete_predicate.is_some());
        let mut stage = format!(
            "CREATE TEMPORARY TABLE {MERGE_TEMP} AS SELECT {s}.*, CASE WHEN EXISTS (SELECT 1 FROM {target_as} WHERE {on}) THEN 1 ELSE 0 END AS eltc_matched"
        );
        if flag_updated && let Some(predicate) = update.and_then(|u| u.update_predicate.as_ref()) {
            let predicate = pieces.expr(predicate);
            stage.push_str(&format!(
                ", CASE WHEN EXISTS (SELECT 1 FROM {target_as} WHERE {on} AND ({predicate})) THEN 1 ELSE 0 END AS eltc_updated"
            ));
        }
        stage.push_str(&format!(" FROM {source} {s}"));
        let mut texts = vec![format!("DROP TABLE IF EXISTS {MERGE_TEMP}"), stage];
        if let Some(u) = update {
            texts.extend(self.merge_update_texts(merge, u, &names, &on, flag_updated, pieces)?);
        }
        if let Some(i) = insert {
            texts.push(self.merge_insert_text(merge, i, target, s, pieces)?);
        }
        texts.push(format!("DROP TABLE {MERGE_TEMP}"));
        Some(texts)
    }

    /// The target and source of a MERGE as the composed statements name them.
    fn merge_names<'a>(&mut self, merge: &'a Merge, pieces: &mut Pieces<'a>) -> Option<MergeNames> {
        let (target, target_alias) = match &merge.table {
            TableFactor::Table { name, alias, .. } => {
                (name.to_string(), alias.as_ref().map(|a| a.name.to_string()))
            }
            _ => {
                self.unsupported(&merge.table, "MERGE into a subquery", "merge into a table");
                return None;
            }
        };
        let (source, source_alias) = match &merge.source {
            TableFactor::Table { name, alias, .. } => {
                let alias = alias.as_ref().map_or_else(
                    || name.0.last().map(|p| p.to_string()).unwrap_or_default(),
                    |a| a.name.to_string(),
                );
                (name.to_string(), alias)
            }
            // The subquery is spliced in after parsing (`Splice`): printing
            // it and parsing it again would cost a parse of most of the MERGE.
            TableFactor::Derived {
                subquery, alias, ..
            } => (
                {
                    pieces.input = Some(subquery);
                    MERGE_INPUT.to_string()
                },
                alias
                    .as_ref()
                    .map_or_else(|| "eltc_source".to_string(), |a| a.name.to_string()),
            ),
            other => {
                self.unsupported(
                    other,
                    "this MERGE source is not translated",
                    "merge from a table or a subquery",
                );
                return None;
            }
        };
        let target_as = match &target_alias {
            Some(alias) => format!("{target} {alias}"),
            None => target.clone(),
        };
        Some(MergeNames {
            target,
            target_as,
            source,
            alias: source_alias,
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
                    self.unsupported(
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
    fn merge_update_texts<'a>(
        &mut self,
        merge: &'a Merge,
        u: &'a MergeUpdateExpr,
        names: &MergeNames,
        on: &str,
        flag_updated: bool,
        pieces: &mut Pieces<'a>,
    ) -> Option<Vec<String>> {
        let MergeNames {
            target_as,
            alias: s,
            ..
        } = names;
        let mut texts = Vec::new();
        let MergeUpdateKind::Set(assignments) = &u.kind else {
            self.unsupported(&*merge.on, "UPDATE * in MERGE", "list the columns to set");
            return None;
        };
        let set = assignments
            .iter()
            .map(|a| format!("{} = {}", a.target, pieces.expr(&a.value)))
            .collect::<Vec<_>>()
            .join(", ");
        let mut text = format!("UPDATE {target_as} SET {set} FROM {MERGE_TEMP} {s} WHERE {on}");
        if let Some(predicate) = &u.update_predicate {
            text.push_str(&format!(" AND ({})", pieces.expr(predicate)));
        }
        texts.push(text);
        if let Some(predicate) = &u.delete_predicate {
            let mut text = format!("DELETE FROM {target_as} USING {MERGE_TEMP} {s} WHERE {on}");
            if flag_updated {
                text.push_str(&format!(" AND {s}.eltc_updated = 1"));
            }
            text.push_str(&format!(" AND ({})", pieces.expr(predicate)));
            texts.push(text);
        }
        Some(texts)
    }

    /// The INSERT of a MERGE's unmatched rows.
    fn merge_insert_text<'a>(
        &mut self,
        merge: &'a Merge,
        i: &'a MergeInsertExpr,
        target: &str,
        s: &str,
        pieces: &mut Pieces<'a>,
    ) -> Option<String> {
        let MergeInsertKind::Values(values) = &i.kind else {
            self.unsupported(
                &*merge.on,
                "INSERT ROW in MERGE",
                "list the values to insert",
            );
            return None;
        };
        let [row] = values.rows.as_slice() else {
            self.unsupported(
                &*merge.on,
                "several VALUES rows in MERGE",
                "insert one row per source row",
            );
            return None;
        };
        let columns = if i.columns.is_empty() {
            String::new()
        } else {
            // Oracle lets the column list name the target (the MERGE
            // page's own example: `INSERT (D.employee_id, D.bonus)`);
            // an INSERT column list takes bare names.
            let names: Vec<String> = i
                .columns
                .iter()
                .map(|c| {
                    c.0.last()
                        .map_or_else(|| c.to_string(), ToString::to_string)
                })
                .collect();
            format!(" ({})", names.join(", "))
        };
        let values: Vec<String> = row.content.iter().map(|e| pieces.expr(e)).collect();
        let mut text = format!(
            "INSERT INTO {target}{columns} SELECT {} FROM {MERGE_TEMP} {s} WHERE {s}.eltc_matched = 0",
            values.join(", ")
        );
        if let Some(predicate) = &i.insert_predicate {
            text.push_str(&format!(" AND ({})", pieces.expr(predicate)));
        }
        Some(text)
    }

    /// INSERT ALL / FIRST as a staged source and one INSERT per INTO clause.
    fn multi_insert_text(&mut self, insert: &Insert) -> Option<Vec<String>> {
        let source = insert.source.as_ref()?;
        let first = matches!(
            insert.multi_table_insert_type,
            Some(MultiTableInsertType::First)
        );
        let conditions: Vec<String> = insert
            .multi_table_when_clauses
            .iter()
            .map(|w| w.condition.to_string())
            .collect();
        let branch = conditions
            .iter()
            .enumerate()
            .map(|(i, c)| format!(" WHEN {c} THEN {}", i + 1))
            .collect::<String>();
        let branch = format!("CASE{branch} ELSE 0 END");
        let mut texts = vec![
            format!("DROP TABLE IF EXISTS {INSERT_TEMP}"),
            format!("CREATE TEMPORARY TABLE {INSERT_TEMP} AS {source}"),
        ];
        for into in &insert.multi_table_into_clauses {
            texts.push(self.insert_into_text(into, None)?);
        }
        for (i, when) in insert.multi_table_when_clauses.iter().enumerate() {
            let condition = if first {
                format!("{branch} = {}", i + 1)
            } else {
                conditions[i].clone()
            };
            for into in &when.into_clauses {
                texts.push(self.insert_into_text(into, Some(&condition))?);
            }
        }
        for into in insert.multi_table_else_clause.iter().flatten() {
            texts.push(self.insert_into_text(into, Some(&format!("{branch} = 0")))?);
        }
        texts.push(format!("DROP TABLE {INSERT_TEMP}"));
        Some(texts)
    }

    fn insert_into_text(
        &mut self,
        into: &MultiTableInsertIntoClause,
        condition: Option<&str>,
    ) -> Option<String> {
        let columns = if into.columns.is_empty() {
            String::new()
        } else {
            let names: Vec<String> = into.columns.iter().map(ToString::to_string).collect();
            format!(" ({})", names.join(", "))
        };
        let values = match &into.values {
            None => "*".to_string(),
            Some(values) => {
                let mut out = Vec::new();
                for value in &values.values {
                    match value {
                        MultiTableInsertValue::Expr(e) => out.push(e.to_string()),
                        MultiTableInsertValue::Default => {
                            self.unsupported(
                                &into.table_name,
                                "DEFAULT in the VALUES of INSERT ALL",
                                "leave the column out of the INTO column list",
                            );
                            return None;
                        }
                    }
                }
                out.join(", ")
            }
        };
        let filter = condition.map(|c| format!(" WHERE {c}")).unwrap_or_default();
        Some(format!(
            "INSERT INTO {}{columns} SELECT {values} FROM {INSERT_TEMP}{filter}",
            into.table_name
        ))
    }

    /// `SET (a, b) = (SELECT x, y ...)` -> `SET a = (SELECT x ...), b = (SELECT y ...)`:
    /// the same NULL for rows without a match and the same error for several
    /// matches as Oracle (REDSHIFT-NOTES 3.8), one correlated subquery per column.
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

/// How the statements composed for a MERGE name its target and source.
struct MergeNames {
    /// The target table.
    target: String,
    /// The target with its alias, as the composed statements reference it.
    target_as: String,
    /// The source table, or the placeholder of a spliced subquery.
    source: String,
    /// The source's alias.
    alias: String,
}

/// The parts of a MERGE that its composed statements name rather than
/// print: its subquery source and its expressions (ON, SET values, VALUES,
/// WHERE conditions). They are put back after parsing ([`Splice`]), giving
/// the tree the text would have parsed to had it held them, without
/// printing them and parsing them again (most of the MERGE's text).
#[derive(Default)]
struct Pieces<'a> {
    input: Option<&'a Query>,
    exprs: Vec<&'a Expr>,
}

impl<'a> Pieces<'a> {
    /// The name standing for `expr` in a composed text.
    fn expr(&mut self, expr: &'a Expr) -> String {
        self.exprs.push(expr);
        format!("{PIECE}{}", self.exprs.len() - 1)
    }
}

/// Puts the [`Pieces`] back: `(subquery) alias` where the text names
/// [`MERGE_INPUT`], each expression where the text names its [`PIECE`].
struct Splice<'p, 'a>(&'p Pieces<'a>);

impl VisitorMut for Splice<'_, '_> {
    type Break = ();

    fn pre_visit_table_factor(&mut self, factor: &mut TableFactor) -> ControlFlow<()> {
        if let (Some(input), TableFactor::Table { name, alias, .. }) = (self.0.input, &mut *factor)
            && name.0.len() == 1
            && name.to_string() == MERGE_INPUT
        {
            *factor = TableFactor::Derived {
                lateral: false,
                subquery: Box::new(input.clone()),
                alias: alias.take(),
                sample: None,
            };
        }
        ControlFlow::Continue(())
    }

    fn pre_visit_expr(&mut self, expr: &mut Expr) -> ControlFlow<()> {
        if let Expr::Identifier(ident) = &*expr
            && let Some(index) = ident.value.strip_prefix(PIECE)
            && let Some(piece) = index
                .parse::<usize>()
                .ok()
                .and_then(|i| self.0.exprs.get(i))
        {
            *expr = (*piece).clone();
        }
        ControlFlow::Continue(())
    }
}
