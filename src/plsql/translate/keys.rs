//! DUP_VAL_ON_INDEX (docs/redshift.md #constraints-are-informational, #plsql-constructs): Redshift enforces no
//! primary key or unique constraint, so the error Oracle raises on a
//! duplicate key never comes. Where an INSERT runs inside a block whose
//! handler for DUP_VAL_ON_INDEX is the innermost one for it, eltc checks
//! the keys first, with the rows the INSERT would write:
//!
//! ```text
//! SELECT INTO eltc_duplicates COUNT(*) FROM (
//!   SELECT 1 FROM (<rows>) eltc_new WHERE EXISTS (SELECT 1 FROM t eltc_old WHERE eltc_old.k = eltc_new.k)
//!   UNION ALL
//!   SELECT 1 FROM (<rows>) eltc_new WHERE k IS NOT NULL GROUP BY k HAVING COUNT(*) > 1) eltc_keys;
//! IF eltc_duplicates > 0 THEN <handler>; EXIT <block>; END IF;
//! INSERT ...
//! ```
//!
//! for each key (PRIMARY KEY and UNIQUE of the table, from the inputs' DDL
//! or the pipeline): a row whose key exists, or two new rows with the same
//! key, is what Oracle rejects, and the whole INSERT fails (statement-level
//! atomicity), so the handler runs instead of it. Rows with a NULL key
//! column are not counted: Oracle lets NULLs repeat in a one-column unique
//! key (a composite key with some NULL columns is compared on the others
//! by Oracle, not here). Without such a handler nothing is checked: the
//! duplicate goes in, as Redshift does for any load (an assertion catches it).

use std::ops::Range;

use sqlparser::ast::{Expr, Insert, SetExpr, TableObject};

use super::Ctx;
use super::exceptions::Exc;
use super::sql::Piece;
use crate::diag::{Code, Diagnostic};
use crate::plsql::pgsql::{self, Type};
use crate::spec::model::{DataType, QualifiedName};
use crate::sql::catalog::Catalog;
use crate::sql::typing::Ty;

impl Ctx<'_> {
    /// The checks before `insert` (Oracle SQL, translated here), when a
    /// DUP_VAL_ON_INDEX handler would catch its error.
    pub fn duplicate_checks(
        &mut self,
        range: &Range<usize>,
        piece: &Piece,
        insert: &Insert,
        out: &mut Vec<pgsql::Stmt>,
    ) {
        if !self.handles(&Exc::DupValOnIndex) {
            return;
        }
        let TableObject::TableName(name) = &insert.table else {
            return;
        };
        let table_name = name.to_string().to_lowercase();
        let (schema, table) = table_name.split_once('.').unwrap_or(("", &table_name));
        let Some(table) = self
            .world
            .catalog
            .table(&QualifiedName {
                schema: schema.to_string(),
                name: table.to_string(),
            })
            .cloned()
        else {
            return self.not_checked(range, &format!("the keys of `{table_name}` are unknown"));
        };
        let keys: Vec<Vec<String>> = std::iter::once(table.primary_key.clone())
            .chain(table.unique.iter().cloned())
            .filter(|k| !k.is_empty())
            .collect();
        if keys.is_empty() {
            return self.not_checked(
                range,
                &format!("`{table_name}` declares no PRIMARY KEY or UNIQUE key"),
            );
        }
        let columns: Vec<String> = if insert.columns.is_empty() {
            table.columns.iter().map(|c| c.name.clone()).collect()
        } else {
            insert
                .columns
                .iter()
                .map(|c| c.to_string().to_lowercase())
                .collect()
        };
        let Some(rows) = new_rows(insert, &columns) else {
            return self.not_checked(
                range,
                "the INSERT's rows are not a SELECT or one VALUES row",
            );
        };
        let parts = key_checks(&keys, &columns, &rows, &table_name);
        if parts.is_empty() {
            return;
        }
        self.count_and_branch(range, piece, &parts, out);
    }

    /// `SELECT INTO eltc_duplicates COUNT(*) ...; IF eltc_duplicates > 0 THEN <handler>`.
    fn count_and_branch(
        &mut self,
        range: &Range<usize>,
        piece: &Piece,
        parts: &[String],
        out: &mut Vec<pgsql::Stmt>,
    ) {
        let text = format!(
            "SELECT COUNT(*) FROM ({}) eltc_keys",
            parts.join(" UNION ALL ")
        );
        let check = Piece {
            text,
            base: piece.base,
            synthetic: true,
            range: range.clone(),
        };
        let Some(parsed) = self.parse_piece(&check) else {
            return;
        };
        let sqlparser::ast::Statement::Query(mut query) = parsed.statement else {
            return;
        };
        self.query(range, &check, &parsed.range, &mut query);
        let count = self.hidden_var("eltc_duplicates", Type::Data(DataType::BigInt), Ty::Integer);
        out.push(pgsql::Stmt::SelectInto {
            query,
            targets: vec![count.clone()],
        });
        let handler = self.raise_exc(Exc::DupValOnIndex, range);
        out.push(pgsql::Stmt::If {
            branches: vec![(
                super::expr::binary(
                    count,
                    sqlparser::ast::BinaryOperator::Gt,
                    Expr::value(sqlparser::ast::Value::Number("0".into(), false)),
                ),
                handler,
            )],
            otherwise: None,
        });
    }

    fn not_checked(&mut self, range: &Range<usize>, why: &str) {
        let span = self.span(range);
        self.report(
            Diagnostic::new(Code::PlsqlHandlerNotKept, span, format!("the DUP_VAL_ON_INDEX check of this INSERT cannot be written: {why}"))
                .label("INSERT under a DUP_VAL_ON_INDEX handler")
                .help("Redshift enforces no key: declare the table's PRIMARY KEY (in the inputs' DDL or the pipeline), or check for the key before the INSERT"),
        );
    }
}

/// For each key all of whose columns the INSERT writes: the queries
/// yielding a row per duplicate (an existing key, or a key twice among the
/// new rows).
fn key_checks(
    keys: &[Vec<String>],
    columns: &[String],
    rows: &str,
    table_name: &str,
) -> Vec<String> {
    let mut parts = Vec::new();
    for key in keys {
        if !key.iter().all(|k| columns.contains(k)) {
            continue;
        }
        let joined: Vec<String> = key
            .iter()
            .map(|k| format!("eltc_old.{k} = eltc_new.{k}"))
            .collect();
        parts.push(format!(
            "SELECT 1 AS eltc_hit FROM ({rows}) eltc_new WHERE EXISTS (SELECT 1 FROM {table_name} eltc_old WHERE {})",
            joined.join(" AND ")
        ));
        let not_null: Vec<String> = key.iter().map(|k| format!("{k} IS NOT NULL")).collect();
        parts.push(format!(
            "SELECT 1 AS eltc_hit FROM ({rows}) eltc_new WHERE {} GROUP BY {} HAVING COUNT(*) > 1",
            not_null.join(" AND "),
            key.join(", ")
        ));
    }
    parts
}

/// The INSERT's rows as a SELECT whose columns are named like the target's.
fn new_rows(insert: &Insert, columns: &[String]) -> Option<String> {
    let source = insert.source.as_ref()?;
    match &*source.body {
        SetExpr::Values(values) if values.rows.len() == 1 => {
            let items: Vec<String> = values.rows[0]
                .content
                .iter()
                .zip(columns)
                .map(|(e, c)| format!("{e} AS {c}"))
                .collect();
            Some(format!("SELECT {} FROM dual", items.join(", ")))
        }
        SetExpr::Select(select) if select.projection.len() == columns.len() => {
            let mut renamed = (**select).clone();
            renamed.projection = select
                .projection
                .iter()
                .zip(columns)
                .map(|(item, c)| match item {
                    sqlparser::ast::SelectItem::UnnamedExpr(e)
                    | sqlparser::ast::SelectItem::ExprWithAlias { expr: e, .. } => {
                        Some(sqlparser::ast::SelectItem::ExprWithAlias {
                            expr: e.clone(),
                            alias: sqlparser::ast::Ident::new(c),
                        })
                    }
                    _ => None,
                })
                .collect::<Option<Vec<_>>>()?;
            let mut query = (**source).clone();
            *query.body = SetExpr::Select(Box::new(renamed));
            Some(query.to_string())
        }
        _ => None,
    }
}
