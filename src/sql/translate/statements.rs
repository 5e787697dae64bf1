//! Statements of an `sql:` transform: INSERT, UPDATE and DELETE.
//!
//! Redshift does not accept an alias on the target of UPDATE or DELETE
//! (docs/redshift.md#update-and-delete-with-joins), so Oracle's `UPDATE t x SET x.a = ...` loses the
//! alias and references through it name the table instead. TRUNCATE commits
//! inside a Redshift procedure and is refused there; a script's own
//! TRUNCATE, COMMIT and ROLLBACK keep their script meaning, with a warning. The staging tables of the
//! expansions in `expand` (`CREATE TEMP TABLE eltc_... AS SELECT`, `DROP
//! TABLE [IF EXISTS] eltc_...`) are accepted and remembered for the
//! statements after them; other DDL is refused here (`eltc translate` handles
//! Oracle CREATE TABLE / SEQUENCE in `ddl`).

use std::ops::ControlFlow;

use sqlparser::ast::{
    AssignmentTarget, Delete, Expr, FromTable, Ident, Insert, ObjectName, Statement, TableFactor,
    TableObject, TableWithJoins, Update, UpdateTableFromKind, visit_expressions_mut,
};

use super::{Translator, assigned, conversion, idents};
use crate::diag::{Code, Diagnostic};
use crate::spec::model::DataType;
use crate::spec::model::QualifiedName;
use crate::sql::typing::{Info, table_relation};

impl Translator<'_> {
    /// Translates one statement of an `sql:` transform.
    pub fn statement(&mut self, statement: &mut Statement) {
        match statement {
            Statement::Insert(insert) => self.insert(insert),
            Statement::Update(update) => self.update(update),
            Statement::Delete(delete) => self.delete(delete),
            Statement::CreateTable(create) if is_eltc_temp(&create.name) => {
                self.create_temp(create);
            }
            Statement::Drop {
                object_type: sqlparser::ast::ObjectType::Table,
                names,
                ..
            } if names.iter().all(is_eltc_temp) => {}
            Statement::Truncate(truncate) if self.script_statement => {
                // Oracle's TRUNCATE is DDL and commits
                // (https://docs.oracle.com/en/database/oracle/oracle-database/19/sqlrf/TRUNCATE-TABLE.html);
                // Redshift's commits too
                // (https://docs.aws.amazon.com/redshift/latest/dg/r_TRUNCATE.html):
                // in a script run statement by statement, the same effect.
                for target in &mut truncate.table_names {
                    idents::fold_name(&mut target.name);
                    if let Some(parts) = idents::parts(&target.name) {
                        self.with_default_schema(&mut target.name, parts);
                    }
                }
                self.script_semantics("TRUNCATE commits, as Oracle's does");
            }
            Statement::Commit { .. }
            | Statement::Rollback {
                savepoint: None, ..
            } if self.script_statement => {
                self.script_semantics(
                    "a script's COMMIT or ROLLBACK ends its own transaction, as in Oracle",
                );
            }
            Statement::Truncate(_) => {
                let span = self.source.range(self.statement.clone());
                self.report(
                    Diagnostic::new(Code::TruncateInBatch, span, "TRUNCATE commits the transaction inside a Redshift procedure")
                        .label("would commit the batch half-done")
                        .help("use DELETE FROM the table, or a `query` transform with `strategy: replace`"),
                );
            }
            other => {
                let span = self.source.range(self.statement.clone());
                let kind = other
                    .to_string()
                    .split_whitespace()
                    .next()
                    .unwrap_or_default()
                    .to_uppercase();
                let help = if kind == "MERGE" {
                    "write a `query` transform with `strategy: { merge: [key columns] }`"
                } else {
                    "an `sql` transform runs INSERT, UPDATE and DELETE statements"
                };
                self.report(
                    Diagnostic::new(
                        Code::StatementForm,
                        span,
                        format!("`{kind}` statements are not translated"),
                    )
                    .label("this statement")
                    .help(help),
                );
            }
        }
    }

    /// Says that a statement kept its meaning as a script's statement only.
    fn script_semantics(&mut self, why: &str) {
        let span = self.source.range(self.statement.clone());
        self.report(
            Diagnostic::new(Code::ScriptSemantics, span, format!("kept as a script statement: {why}"))
                .label("script semantics")
                .help("run the script statement by statement (autocommit); inside a pipeline's batch use DELETE FROM, and let the batch commit"),
        );
    }

    /// The scope of a DML target: its declared columns, or (open world) unknown ones.
    fn target_relation(&self, target: &QualifiedName) -> Vec<crate::sql::typing::Relation> {
        if let Some(columns) = self.staged(target) {
            return vec![crate::sql::typing::Relation {
                qualifiers: vec![target.name.clone()],
                table: None,
                columns: Some(columns.to_vec()),
            }];
        }
        let relation = table_relation(self.catalog, target, None).or_else(|| {
            self.open_world.then(|| crate::sql::typing::Relation {
                qualifiers: vec![target.name.clone(), target.to_string()],
                table: None,
                columns: None,
            })
        });
        relation.into_iter().collect()
    }

    /// The columns of `target` when it is the staging table an earlier
    /// statement of the same text created (`CREATE TEMP TABLE eltc_... AS
    /// SELECT`): such a table has no schema and is not declared.
    fn staged(&self, target: &QualifiedName) -> Option<&[(String, Info)]> {
        if target.schema.is_empty() {
            self.temps.get(&target.name).map(Vec::as_slice)
        } else {
            None
        }
    }

    /// `CREATE TEMP TABLE eltc_... AS SELECT`: its columns are remembered.
    fn create_temp(&mut self, create: &mut sqlparser::ast::CreateTable) {
        let Some(query) = &mut create.query else {
            return;
        };
        let outputs = self.query(query);
        let name = create.name.to_string().to_lowercase();
        let mut columns = Vec::new();
        for (i, output) in outputs.into_iter().enumerate() {
            match output.name {
                Some(column) => columns.push((column, output.info)),
                None => self.report(
                    Diagnostic::new(
                        Code::ColumnMismatch,
                        output.span,
                        format!("column {} of the staged source has no name", i + 1),
                    )
                    .label("unnamed expression")
                    .help("alias every column of the source query: `expr AS name`"),
                ),
            }
        }
        self.temps.insert(name, columns);
    }

    /// The declared table a statement writes (or the staging table of an
    /// earlier statement of the expansion, whose columns eltc knows).
    fn target(&mut self, name: &mut ObjectName) -> Option<QualifiedName> {
        idents::fold_name(name);
        let span = self.span_of(&*name);
        let parts = idents::parts(name)?;
        let parts = self.with_default_schema(name, parts);
        if self.database_link(&parts, &span) {
            return None;
        }
        if let [name] = parts.as_slice()
            && self.temps.contains_key(name)
        {
            return Some(QualifiedName {
                schema: String::new(),
                name: name.clone(),
            });
        }
        if self.open_world && !self.declared(&parts) {
            let (schema, table) = match parts.as_slice() {
                [schema, table] => (schema.clone(), table.clone()),
                _ => (String::new(), parts.join(".")),
            };
            return Some(QualifiedName {
                schema,
                name: table,
            });
        }
        let qualified = match parts.as_slice() {
            [schema, table] => QualifiedName {
                schema: schema.clone(),
                name: table.clone(),
            },
            _ => {
                self.report(
                    Diagnostic::new(
                        Code::UnknownTable,
                        span,
                        format!("`{}` is not a declared table", parts.join(".")),
                    )
                    .label("not declared")
                    .help("write the table as `schema.table` as declared under `tables:`"),
                );
                return None;
            }
        };
        let Some(table) = self.catalog.table(&qualified) else {
            self.report(
                Diagnostic::new(
                    Code::UnknownTable,
                    span,
                    format!("table `{qualified}` is not declared"),
                )
                .label("not declared")
                .help("declare the table under `tables:`"),
            );
            return None;
        };
        if table.read_only {
            let declared = table.span.clone();
            self.report(
                Diagnostic::new(
                    Code::ReadOnlyTableWritten,
                    span,
                    format!("a statement writes table `{qualified}`, which the pipeline only reads"),
                )
                .label("written here")
                .also(declared, "declared `read_only` here")
                .help("write the table in the pipeline that owns it, or remove `read_only: true` if this pipeline owns it"),
            );
            return None;
        }
        Some(qualified)
    }

    fn insert(&mut self, insert: &mut Insert) {
        insert.optimizer_hints.clear();
        let TableObject::TableName(name) = &mut insert.table else {
            let span = self.source.range(self.statement.clone());
            self.report(
                Diagnostic::new(Code::StatementForm, span, "INSERT into a table function")
                    .label("here")
                    .help("insert into a table"),
            );
            return;
        };
        let Some(target) = self.target(name) else {
            return;
        };
        let table = self.catalog.table(&target).cloned();
        for column in &mut insert.columns {
            idents::fold_name(column);
            let name = idents::parts(column)
                .and_then(|p| p.last().cloned())
                .unwrap_or_default();
            if table.as_ref().is_some_and(|t| t.column(&name).is_none()) {
                let span = self.span_of(&*column);
                self.report(
                    Diagnostic::new(
                        Code::UnknownColumn,
                        span,
                        format!("table `{target}` has no column `{name}`"),
                    )
                    .label("unknown column")
                    .help("insert into the table's declared columns"),
                );
            }
        }
        if insert.on.is_some()
            || insert.returning.is_some()
            || !insert.assignments.is_empty()
            || insert.table_alias.is_some()
        {
            let span = self.source.range(self.statement.clone());
            self.report(
                Diagnostic::new(
                    Code::StatementForm,
                    span,
                    "this INSERT form is not translated",
                )
                .label("here")
                .help("write INSERT INTO t (cols) SELECT ..."),
            );
        }
        if let Some(source) = &mut insert.source {
            if let Some(table) = &table {
                let columns: Vec<Option<DataType>> = if insert.columns.is_empty() {
                    table.columns.iter().map(|c| Some(c.ty)).collect()
                } else {
                    insert
                        .columns
                        .iter()
                        .map(|name| {
                            let name = idents::parts(name)?.last()?.clone();
                            table.column(&name).map(|c| c.ty)
                        })
                        .collect()
                };
                assigned::numbers_into_columns(source, &columns);
            }
            self.query(source);
        }
    }

    fn update(&mut self, update: &mut Update) {
        update.optimizer_hints.clear();
        let Some((target, alias)) = self.dml_target(&mut update.table) else {
            return;
        };
        let table_name = target.name.clone();
        let mut relations = self.target_relation(&target);
        if let Some(from) = &mut update.from {
            let (UpdateTableFromKind::BeforeSet(tables) | UpdateTableFromKind::AfterSet(tables)) =
                from;
            relations.extend(self.relations_of_list(tables));
        }
        if let Some(alias) = &alias {
            dealias(
                alias,
                &table_name,
                &mut update.assignments,
                &mut update.selection,
            );
        }
        self.env.push(relations);
        let columns = match self.staged(&target) {
            Some(staged) => Some(staged.iter().map(|(name, _)| name.clone()).collect()),
            None => self
                .catalog
                .table(&target)
                .map(|t| t.columns.iter().map(|c| c.name.clone()).collect::<Vec<_>>()),
        };
        for assignment in &mut update.assignments {
            match &mut assignment.target {
                AssignmentTarget::ColumnName(name) => {
                    idents::fold_name(name);
                    let column = idents::parts(name)
                        .and_then(|p| p.last().cloned())
                        .unwrap_or_default();
                    // Where the user wrote it, before the name is rebuilt.
                    let span = self.span_of(&*name);
                    *name = ObjectName::from(vec![Ident::new(column.clone())]);
                    if columns
                        .as_ref()
                        .is_some_and(|known| !known.contains(&column))
                    {
                        self.report(
                            Diagnostic::new(
                                Code::UnknownColumn,
                                span,
                                format!("table `{target}` has no column `{column}`"),
                            )
                            .label("unknown column")
                            .help("set the table's declared columns"),
                        );
                    }
                }
                AssignmentTarget::Tuple(_) => {
                    let span = self.source.range(self.statement.clone());
                    self.report(
                        Diagnostic::new(Code::StatementForm, span, "`SET (a, b) = (subquery)` is not supported by Redshift")
                            .label("in this statement")
                            .help("use UPDATE ... FROM, and a second UPDATE for rows without a match (Oracle sets them to NULL)"),
                    );
                }
            }
            if let (AssignmentTarget::ColumnName(name), Some(table)) =
                (&assignment.target, self.catalog.table(&target))
                && let Some(column) = table.column(&name.to_string())
            {
                conversion::to_number_into_column(&mut assignment.value, column.ty);
            }
            self.expr(&mut assignment.value);
        }
        if let Some(selection) = &mut update.selection {
            self.expr(selection);
        }
        self.env.pop();
    }

    fn delete(&mut self, delete: &mut Delete) {
        delete.optimizer_hints.clear();
        let (FromTable::WithFromKeyword(from) | FromTable::WithoutKeyword(from)) = &mut delete.from;
        let [item] = from.as_mut_slice() else {
            let span = self.source.range(self.statement.clone());
            self.report(
                Diagnostic::new(Code::StatementForm, span, "DELETE from several tables")
                    .label("here")
                    .help("delete from one table; join others with USING"),
            );
            return;
        };
        let Some((target, alias)) = self.dml_target(item) else {
            return;
        };
        let mut relations = self.target_relation(&target);
        if let Some(using) = &mut delete.using {
            relations.extend(self.relations_of_list(using));
        }
        if let Some(alias) = &alias {
            dealias(alias, &target.name, &mut [], &mut delete.selection);
        }
        self.env.push(relations);
        if let Some(selection) = &mut delete.selection {
            self.expr(selection);
        }
        self.env.pop();
    }

    /// The target table of UPDATE/DELETE, its alias removed and returned.
    fn dml_target(&mut self, item: &mut TableWithJoins) -> Option<(QualifiedName, Option<String>)> {
        let TableFactor::Table { name, alias, .. } = &mut item.relation else {
            let span = self.source.range(self.statement.clone());
            self.report(
                Diagnostic::new(Code::StatementForm, span, "UPDATE or DELETE of a subquery")
                    .label("here")
                    .help("update the table itself"),
            );
            return None;
        };
        if !item.joins.is_empty() {
            let span = self.source.range(self.statement.clone());
            self.report(
                Diagnostic::new(
                    Code::StatementForm,
                    span,
                    "joins in the UPDATE or DELETE target",
                )
                .label("here")
                .help("use UPDATE ... FROM or DELETE ... USING"),
            );
            return None;
        }
        let alias = alias.take().map(|a| a.name.value.to_lowercase());
        let target = self.target(name)?;
        Some((target, alias))
    }

    /// Relations of UPDATE ... FROM / DELETE ... USING lists.
    fn relations_of_list(
        &mut self,
        tables: &mut [TableWithJoins],
    ) -> Vec<crate::sql::typing::Relation> {
        let mut relations = Vec::new();
        for item in tables.iter_mut() {
            relations.extend(self.table_factor_relation(&mut item.relation));
        }
        relations
    }
}

/// The staging tables eltc's expansions create (never a user's table).
fn is_eltc_temp(name: &ObjectName) -> bool {
    matches!(idents::parts(name).as_deref(), Some([one]) if one.starts_with("eltc_"))
}

/// Rewrites `alias.col` into `table.col` (Redshift allows no alias on the target).
fn dealias(
    alias: &str,
    table: &str,
    assignments: &mut [sqlparser::ast::Assignment],
    selection: &mut Option<Expr>,
) {
    let mut rewrite = |e: &mut Expr| {
        if let Expr::CompoundIdentifier(parts) = e
            && parts.len() == 2
            && parts[0].value.to_lowercase() == alias
        {
            parts[0] = Ident::new(table);
        }
        ControlFlow::<()>::Continue(())
    };
    for assignment in assignments.iter_mut() {
        let _ = visit_expressions_mut(&mut assignment.value, &mut rewrite);
    }
    if let Some(selection) = selection {
        let _ = visit_expressions_mut(selection, &mut rewrite);
    }
}
