//! Oracle's INSERT ALL / INSERT FIRST as the statements `expand` describes:
//! the source query staged once, then one INSERT ... SELECT per INTO clause,
//! built from the statement's own nodes ([`super::build`]).

use sqlparser::ast::{
    Expr, Insert, MultiTableInsertIntoClause, MultiTableInsertType, MultiTableInsertValue,
    ObjectName, SelectItem, Statement, WildcardAdditionalOptions,
};

use super::Translator;
use super::build::{case, create_temp, drop_table, eq, insert, name, number, select, table};
use crate::diag::Code;

/// The staging table of a multi-table INSERT's source.
const INSERT_TEMP: &str = "eltc_insert_source";

impl Translator<'_> {
    /// INSERT ALL / FIRST as a staged source and one INSERT per INTO clause;
    /// `None` after a diagnostic.
    pub(super) fn multi_insert_statements(&mut self, insert: &Insert) -> Option<Vec<Statement>> {
        // sqlparser gives every multi-table INSERT its source query.
        let source = insert.source.as_ref()?;
        let first = matches!(
            insert.multi_table_insert_type,
            Some(MultiTableInsertType::First)
        );
        let conditions: Vec<&Expr> = insert
            .multi_table_when_clauses
            .iter()
            .map(|w| &w.condition)
            .collect();
        // The number of the first true condition, 0 when none is: INSERT
        // FIRST's clauses and the ELSE clause test it.
        let branch = || {
            let branches = conditions
                .iter()
                .enumerate()
                .map(|(i, c)| ((*c).clone(), number(i + 1)))
                .collect();
            case(branches, number(0))
        };
        let mut statements = vec![
            drop_table(INSERT_TEMP, true),
            create_temp(INSERT_TEMP, (**source).clone()),
        ];
        for into in &insert.multi_table_into_clauses {
            statements.push(self.insert_into(into, None)?);
        }
        for (i, when) in insert.multi_table_when_clauses.iter().enumerate() {
            for into in &when.into_clauses {
                let condition = if first {
                    eq(branch(), number(i + 1))
                } else {
                    when.condition.clone()
                };
                statements.push(self.insert_into(into, Some(condition))?);
            }
        }
        for into in insert.multi_table_else_clause.iter().flatten() {
            statements.push(self.insert_into(into, Some(eq(branch(), number(0))))?);
        }
        statements.push(drop_table(INSERT_TEMP, false));
        Some(statements)
    }

    /// `INSERT INTO table [(columns)] SELECT values FROM eltc_insert_source
    /// [WHERE condition]`.
    fn insert_into(
        &mut self,
        into: &MultiTableInsertIntoClause,
        condition: Option<Expr>,
    ) -> Option<Statement> {
        let columns = into
            .columns
            .iter()
            .map(|c| ObjectName::from(vec![c.clone()]))
            .collect();
        let projection = match &into.values {
            None => vec![SelectItem::Wildcard(WildcardAdditionalOptions::default())],
            Some(values) => {
                let mut projection = Vec::with_capacity(values.values.len());
                for value in &values.values {
                    match value {
                        MultiTableInsertValue::Expr(e) => {
                            projection.push(SelectItem::UnnamedExpr(e.clone()));
                        }
                        MultiTableInsertValue::Default => {
                            self.unsupported(
                                Code::StatementForm,
                                &into.table_name,
                                "DEFAULT in the VALUES of INSERT ALL",
                                "leave the column out of the INTO column list",
                            );
                            return None;
                        }
                    }
                }
                projection
            }
        };
        let source = select(projection, table(name(INSERT_TEMP), None), condition);
        Some(insert(into.table_name.clone(), columns, source))
    }
}
