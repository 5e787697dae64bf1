//! BULK COLLECT and FORALL (docs/redshift.md#plsql-constructs: Redshift has no
//! collections; the work becomes set-based).
//!
//! `SELECT ... BULK COLLECT INTO v [, w]` fills a staging table with the
//! query's rows, read once as Oracle reads them: `DROP TABLE IF EXISTS
//! eltc_bulk_v; CREATE TEMP TABLE eltc_bulk_v AS SELECT a AS eltc_v, b AS
//! eltc_w ...` (a collection of records keeps the query's column names,
//! prefixed `eltc_`). A FORALL over every element (`1 .. v.COUNT`,
//! `v.FIRST .. v.LAST`, `INDICES OF v`) runs its one DML statement once, with
//! each `v(i)` / `v(i).field` read from the staging table:
//!
//! - `INSERT ... VALUES (... v(i) ...)` -> `INSERT ... SELECT ... FROM eltc_bulk_v`;
//! - `DELETE ... WHERE c(v(i))` -> `DELETE ... WHERE EXISTS (SELECT 1 FROM
//!   eltc_bulk_v WHERE c)` (deleting a row twice deletes it once);
//! - `UPDATE ... SET ... WHERE c(v(i))` -> one UPDATE over the rows some
//!   element matches (`WHERE EXISTS`, or `FROM eltc_bulk_v` when SET reads
//!   the element), after a check that no row matches two elements: Oracle
//!   would update such a row once per element, the set-based UPDATE once, so
//!   the batch fails there instead (`RAISE EXCEPTION`).
//!
//! SQL%ROWCOUNT after the FORALL is the statement's total. Any other use of
//! a collection (a loop over its elements, EXTEND, an element assigned,
//! FETCH ... BULK COLLECT, SQL%BULK_ROWCOUNT) is refused: rewrite it as one
//! set-based statement.

use std::collections::BTreeMap;
use std::ops::{ControlFlow, Range};

use sqlparser::ast::{
    AccessExpr, Expr, FunctionArg, FunctionArgExpr, FunctionArguments, Ident, Query, SelectItem,
    SetExpr, Statement, visit_expressions_mut,
};

use super::Ctx;
use super::scope::VarKind;
use super::sql::Piece;
use crate::plsql::ast::{self, Stmt, StmtKind};
use crate::plsql::pgsql::{self, RaiseLevel, Type};
use crate::spec::model::DataType;
use crate::sql::typing::Ty;

/// A collection variable's staging table, once filled.
#[derive(Clone, Debug)]
pub struct Bulk {
    /// The staging table.
    pub table: String,
    /// The column of a scalar element (`None`: elements are records whose
    /// fields are columns `eltc_<field>`).
    pub column: Option<String>,
}

impl Ctx<'_> {
    /// A variable of a collection type: no PL/pgSQL declaration; its rows
    /// live in a staging table once BULK COLLECT fills it.
    pub fn collection_variable(
        &mut self,
        decl: &ast::Decl,
        name: &str,
        ty: &str,
    ) -> Option<pgsql::Decl> {
        let _ = (decl, ty);
        self.scope.declare(name, VarKind::Collection);
        None
    }

    /// `SELECT ... BULK COLLECT INTO v [, w ...]`.
    pub fn bulk_collect(
        &mut self,
        range: &Range<usize>,
        piece: &Piece,
        local: &Range<usize>,
        mut query: Box<Query>,
        targets: &[ast::ExprText],
        out: &mut Vec<pgsql::Stmt>,
    ) {
        let Some(names) = self.collection_names(targets) else {
            return;
        };
        let SetExpr::Select(select) = &mut *query.body else {
            return self.collection_refused(range, "BULK COLLECT from a set operation");
        };
        let width = select.projection.len();
        let record = names.len() == 1
            && (width > 1 || matches!(select.projection.first(), Some(SelectItem::Wildcard(_))));
        if !record && width != names.len() {
            return self
                .collection_refused(range, "BULK COLLECT with one column per target missing");
        }
        let table = format!("eltc_bulk_{}", names[0]);
        let (bulk, select_text) = if record {
            let Some(text) = self.record_rows(range, piece, local, &query) else {
                return;
            };
            let bulk = Bulk {
                table: table.clone(),
                column: None,
            };
            (BTreeMap::from([(names[0].clone(), bulk)]), text)
        } else {
            let Some(bulk) = self.scalar_rows(range, select, &names, &table) else {
                return;
            };
            (bulk, query.to_string())
        };
        self.fill_staging(range, piece, &table, &select_text, out);
        self.bulk.extend(bulk);
        self.set_bulk_rowcount(range.start, &table, out);
    }

    /// The PL/pgSQL names of BULK COLLECT's targets, all collections.
    fn collection_names(&mut self, targets: &[ast::ExprText]) -> Option<Vec<String>> {
        let mut names = Vec::new();
        for target in targets {
            let name = self.src.text[target.range.clone()].trim().to_lowercase();
            match self.scope.get(&name) {
                Some(var) if matches!(var.kind, VarKind::Collection) => names.push(var.pg.clone()),
                _ => {
                    self.collection_refused(
                        &target.range,
                        "BULK COLLECT into something that is not a collection variable",
                    );
                    return None;
                }
            }
        }
        Some(names)
    }

    /// One column per collection: each select item aliased `eltc_<v>`.
    fn scalar_rows(
        &mut self,
        range: &Range<usize>,
        select: &mut sqlparser::ast::Select,
        names: &[String],
        table: &str,
    ) -> Option<BTreeMap<String, Bulk>> {
        let mut bulk = BTreeMap::new();
        for (item, name) in select.projection.iter_mut().zip(names) {
            let expr = match item {
                SelectItem::UnnamedExpr(e) | SelectItem::ExprWithAlias { expr: e, .. } => e.clone(),
                _ => {
                    self.collection_refused(range, "BULK COLLECT of this select item");
                    return None;
                }
            };
            let column = format!("eltc_{name}");
            *item = SelectItem::ExprWithAlias {
                expr,
                alias: Ident::new(&column),
            };
            bulk.insert(
                name.clone(),
                Bulk {
                    table: table.to_string(),
                    column: Some(column),
                },
            );
        }
        Some(bulk)
    }

    /// A collection of records: the query's columns keep their names,
    /// prefixed so they never hide a column of the FORALL's table.
    fn record_rows(
        &mut self,
        range: &Range<usize>,
        piece: &Piece,
        local: &Range<usize>,
        query: &Query,
    ) -> Option<String> {
        let mut probe = query.clone();
        let saved = self.diagnostics.len();
        let outputs = self.query(range, piece, local, &mut probe);
        self.diagnostics.truncate(saved);
        let Some(fields) = outputs
            .iter()
            .map(|o| o.name.clone())
            .collect::<Option<Vec<_>>>()
        else {
            self.collection_refused_with(
                range,
                "BULK COLLECT of unnamed columns into records",
                "alias every selected expression",
            );
            return None;
        };
        let renamed: Vec<String> = fields
            .iter()
            .map(|f| format!("eltc_q.{f} AS eltc_{f}"))
            .collect();
        Some(format!(
            "SELECT {} FROM ({query}) eltc_q",
            renamed.join(", ")
        ))
    }

    /// `DROP TABLE IF EXISTS table; CREATE TEMP TABLE table AS select`.
    fn fill_staging(
        &mut self,
        range: &Range<usize>,
        piece: &Piece,
        table: &str,
        select: &str,
        out: &mut Vec<pgsql::Stmt>,
    ) {
        let composed = Piece {
            text: format!("CREATE TEMPORARY TABLE {table} AS {select}"),
            base: piece.base,
            synthetic: true,
            range: range.clone(),
        };
        let Some(parsed) = self.parse_piece(&composed) else {
            return;
        };
        let mut statement = parsed.statement;
        self.rewrite_plsql(range, &mut statement);
        let temps = self.bulk_temps.clone();
        let (statements, columns) =
            self.with_translator_temps(&composed, &parsed.range, temps, |t| {
                let statements = t.statements(statement);
                (statements, t.temps.get(table).cloned())
            });
        if let Some(drop) = crate::sql::parse::parse_synthetic(
            &format!("DROP TABLE IF EXISTS {table}"),
            crate::spec::model::Dialect::Redshift,
        )
        .ok()
        .and_then(|mut s| s.pop())
        {
            out.push(pgsql::Stmt::Sql(Box::new(drop)));
        }
        self.emit_dml(range.start, statements, false, out);
        if let Some(columns) = columns {
            self.bulk_temps.insert(table.to_string(), columns);
        }
    }

    /// SQL%ROWCOUNT after BULK COLLECT: the rows collected.
    fn set_bulk_rowcount(&mut self, key: usize, table: &str, out: &mut Vec<pgsql::Stmt>) {
        if !self.rowcount_read(key) {
            return;
        }
        let total = self.hidden("eltc_sql_rowcount", Type::Data(DataType::BigInt));
        if let Some(count) = crate::sql::parse::parse_synthetic(
            &format!("SELECT COUNT(*) FROM {table}"),
            crate::spec::model::Dialect::Redshift,
        )
        .ok()
        .and_then(|mut s| s.pop())
        .and_then(|s| match s {
            Statement::Query(q) => Some(q),
            _ => None,
        }) {
            out.push(pgsql::Stmt::SelectInto {
                query: count,
                targets: vec![Expr::Identifier(Ident::new(total))],
            });
        }
    }

    /// `FORALL i IN bounds statement;`
    pub fn forall(
        &mut self,
        stmt: &Stmt,
        index: &ast::Name,
        bounds: &ast::ExprText,
        statement: &Stmt,
        out: &mut Vec<pgsql::Stmt>,
    ) {
        let index = index.text.to_lowercase();
        let Some(collection) = self.every_element(bounds) else {
            return self.collection_refused_with(
                &bounds.range,
                "FORALL over part of a collection",
                "FORALL over 1 .. v.COUNT, v.FIRST .. v.LAST or INDICES OF v is set-based; write other ranges as one statement with a condition",
            );
        };
        let Some(bulk) = self.bulk.get(&collection).cloned() else {
            return self.collection_refused(
                &stmt.range,
                "FORALL over a collection no BULK COLLECT filled",
            );
        };
        let StmtKind::Sql {
            sql, into: None, ..
        } = &statement.kind
        else {
            return self.collection_refused_with(
                &statement.range,
                "FORALL over this statement",
                "FORALL takes one INSERT, UPDATE or DELETE",
            );
        };
        let piece = self.piece(sql);
        let Some(parsed) = self.parse_piece(&piece) else {
            return;
        };
        let mut dml = parsed.statement;
        let Some(reads_element) = read_elements(&mut dml, &index, &self.bulk) else {
            return self.collection_refused(
                &statement.range,
                "an element of another collection, or at another index, in FORALL",
            );
        };
        let text = match &dml {
            Statement::Insert(insert) => insert_text(insert, &bulk.table),
            Statement::Delete(delete) => delete_text(delete, &bulk.table),
            Statement::Update(update) => {
                self.update_guard(&statement.range, &piece, update, &bulk.table, out);
                update_text(update, &bulk.table, reads_element)
            }
            _ => None,
        };
        let Some(text) = text else {
            return self.collection_refused_with(
                &statement.range,
                "this FORALL statement",
                "FORALL takes one INSERT ... VALUES, UPDATE or DELETE",
            );
        };
        self.set_based(&stmt.range, &piece, &statement.range, text, out);
    }

    /// The composed set-based statement, translated and emitted.
    fn set_based(
        &mut self,
        range: &Range<usize>,
        piece: &Piece,
        statement: &Range<usize>,
        text: String,
        out: &mut Vec<pgsql::Stmt>,
    ) {
        let composed = Piece {
            text,
            base: piece.base,
            synthetic: true,
            range: statement.clone(),
        };
        let Some(parsed) = self.parse_piece(&composed) else {
            return;
        };
        let mut statement = parsed.statement;
        self.rewrite_plsql(range, &mut statement);
        let temps = self.bulk_temps.clone();
        let statements = self
            .with_translator_temps(&composed, &parsed.range, temps, |t| t.statements(statement));
        self.emit_dml(range.start, statements, false, out);
    }

    /// The collection a FORALL's bounds cover entirely.
    fn every_element(&self, bounds: &ast::ExprText) -> Option<String> {
        let text: String = self.src.text[bounds.range.clone()]
            .to_lowercase()
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ");
        let name = if let Some(rest) = text.strip_prefix("indices of ") {
            rest.trim().to_string()
        } else {
            let (low, high) = text.split_once("..")?;
            let (low, high) = (low.trim(), high.trim());
            match (
                low.strip_suffix(".first"),
                high.strip_suffix(".last"),
                high.strip_suffix(".count"),
            ) {
                (Some(a), Some(b), _) if a == b => a.to_string(),
                (None, _, Some(b)) if low == "1" => b.to_string(),
                _ => return None,
            }
        };
        let var = self.scope.get(name.trim())?;
        matches!(var.kind, VarKind::Collection).then(|| var.pg.clone())
    }

    /// Fails the batch when a row would match several elements (Oracle would
    /// update it once per element).
    fn update_guard(
        &mut self,
        range: &Range<usize>,
        piece: &Piece,
        update: &sqlparser::ast::Update,
        table: &str,
        out: &mut Vec<pgsql::Stmt>,
    ) {
        let target = update.table.relation.to_string();
        let condition = update
            .selection
            .as_ref()
            .map_or_else(|| "1 = 1".to_string(), ToString::to_string);
        // Match counts per target row: a row several elements match appears several times.
        let text = format!(
            "SELECT COUNT(*) FROM {target} WHERE (SELECT COUNT(*) FROM {table} eltc_bulk WHERE {condition}) > 1"
        );
        let composed = Piece {
            text,
            base: piece.base,
            synthetic: true,
            range: range.clone(),
        };
        let Some(parsed) = self.parse_piece(&composed) else {
            return;
        };
        let Statement::Query(mut query) = parsed.statement else {
            return;
        };
        let temps = self.bulk_temps.clone();
        self.rewrite_plsql(range, &mut query);
        self.with_translator_temps(&composed, &parsed.range, temps, |t| t.query(&mut query));
        let count = self.hidden_var("eltc_rows", Type::Data(DataType::BigInt), Ty::Integer);
        out.push(pgsql::Stmt::SelectInto {
            query,
            targets: vec![count.clone()],
        });
        out.push(pgsql::Stmt::If {
            branches: vec![(
                super::expr::binary(
                    count,
                    sqlparser::ast::BinaryOperator::Gt,
                    Expr::value(sqlparser::ast::Value::Number("0".into(), false)),
                ),
                vec![pgsql::Stmt::Raise {
                    level: RaiseLevel::Exception,
                    format: "FORALL UPDATE: a row matches several elements (Oracle updates it once per element); eltc's set-based UPDATE would not".into(),
                    args: Vec::new(),
                }],
            )],
            otherwise: None,
        });
    }
}

/// Replaces every `v(i)` / `v(i).field` by its staging column
/// (`eltc_bulk.<column>`): whether one was read; `None` when an element of
/// another collection or at another index is read.
fn read_elements(dml: &mut Statement, index: &str, bulks: &BTreeMap<String, Bulk>) -> Option<bool> {
    let mut reads = false;
    let mut stray = false;
    let _ = visit_expressions_mut(dml, |e| {
        match element(e, index, bulks) {
            Some(Ok(column)) => {
                *e = Expr::CompoundIdentifier(vec![Ident::new("eltc_bulk"), Ident::new(column)]);
                reads = true;
            }
            Some(Err(())) => stray = true,
            None => {}
        }
        ControlFlow::<()>::Continue(())
    });
    (!stray).then_some(reads)
}

/// `v(i)` or `v(i).field` of a filled collection: the staging column
/// (`Err` for an element read at another index or from an unfilled one).
fn element(e: &Expr, index: &str, bulks: &BTreeMap<String, Bulk>) -> Option<Result<String, ()>> {
    let (call, field) = match e {
        Expr::Function(_) => (e, None),
        Expr::CompoundFieldAccess { root, access_chain } => match access_chain.as_slice() {
            [AccessExpr::Dot(Expr::Identifier(field))] => {
                (&**root, Some(field.value.to_lowercase()))
            }
            _ => return None,
        },
        _ => return None,
    };
    let Expr::Function(function) = call else {
        return None;
    };
    let name = function.name.to_string().to_lowercase();
    let bulk = bulks.get(&name)?;
    let FunctionArguments::List(list) = &function.args else {
        return Some(Err(()));
    };
    let at_index = matches!(
        list.args.as_slice(),
        [FunctionArg::Unnamed(FunctionArgExpr::Expr(Expr::Identifier(i)))] if i.value.to_lowercase() == index
    );
    if !at_index {
        return Some(Err(()));
    }
    match (&bulk.column, field) {
        (Some(column), None) => Some(Ok(column.clone())),
        (None, Some(field)) => Some(Ok(format!("eltc_{field}"))),
        _ => Some(Err(())),
    }
}

fn insert_text(insert: &sqlparser::ast::Insert, table: &str) -> Option<String> {
    let source = insert.source.as_ref()?;
    let SetExpr::Values(values) = &*source.body else {
        return None;
    };
    let [row] = values.rows.as_slice() else {
        return None;
    };
    let items: Vec<String> = row.content.iter().map(ToString::to_string).collect();
    let columns = if insert.columns.is_empty() {
        String::new()
    } else {
        let names: Vec<String> = insert.columns.iter().map(ToString::to_string).collect();
        format!(" ({})", names.join(", "))
    };
    Some(format!(
        "INSERT INTO {}{columns} SELECT {} FROM {table} eltc_bulk",
        insert.table,
        items.join(", ")
    ))
}

fn delete_text(delete: &sqlparser::ast::Delete, table: &str) -> Option<String> {
    let (sqlparser::ast::FromTable::WithFromKeyword(from)
    | sqlparser::ast::FromTable::WithoutKeyword(from)) = &delete.from;
    let [target] = from.as_slice() else {
        return None;
    };
    let condition = delete
        .selection
        .as_ref()
        .map_or_else(|| "1 = 1".to_string(), ToString::to_string);
    Some(format!(
        "DELETE FROM {} WHERE EXISTS (SELECT 1 FROM {table} eltc_bulk WHERE {condition})",
        target.relation
    ))
}

fn update_text(
    update: &sqlparser::ast::Update,
    table: &str,
    reads_element_in_set: bool,
) -> Option<String> {
    let assignments: Vec<String> = update.assignments.iter().map(ToString::to_string).collect();
    let condition = update
        .selection
        .as_ref()
        .map_or_else(|| "1 = 1".to_string(), ToString::to_string);
    let set_reads = update
        .assignments
        .iter()
        .any(|a| a.value.to_string().contains("eltc_bulk."));
    if reads_element_in_set && set_reads {
        return Some(format!(
            "UPDATE {} SET {} FROM {table} eltc_bulk WHERE {condition}",
            update.table,
            assignments.join(", ")
        ));
    }
    Some(format!(
        "UPDATE {} SET {} WHERE EXISTS (SELECT 1 FROM {table} eltc_bulk WHERE {condition})",
        update.table,
        assignments.join(", ")
    ))
}
