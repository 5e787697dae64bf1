//! CONNECT BY hierarchical queries into WITH RECURSIVE (docs/redshift.md #recursive-ctes, #oracle-query-constructs).
//!
//! A block `SELECT ... FROM t [q] [WHERE w] START WITH s CONNECT BY PRIOR a = b
//! [AND c]` over one table with known columns becomes
//!
//! ```sql
//! WITH RECURSIVE eltc_hierarchy (<t's columns>, eltc_level, eltc_path_1, ...) AS (
//!   SELECT q.*, 1, <path seeds> FROM t q WHERE s
//!   UNION ALL
//!   SELECT q.*, eltc_prior.eltc_level + 1, <paths> FROM eltc_hierarchy eltc_prior
//!     JOIN t q ON eltc_prior.a = q.b AND c)
//! SELECT ... FROM eltc_hierarchy q [WHERE w]
//! ```
//!
//! Oracle applies a WHERE of a one-table hierarchical block after building
//! the hierarchy, so it moves to the outer block unchanged. LEVEL becomes
//! `eltc_level` (in CONNECT BY: the child's level, `eltc_prior.eltc_level + 1`);
//! `SYS_CONNECT_BY_PATH(col, 'sep')` a path column grown with Oracle's `||`
//! (translated by the concat family: NULL is the empty string), limited to
//! 4000 characters like Oracle's VARCHAR2 result. A cycle is an error in both
//! (ORA-01436; Redshift's recursion row limit). The rows come out in no
//! particular order (Oracle's depth-first order is not a guarantee of SQL
//! either; ORDER SIBLINGS BY does not parse).
//!
//! Refused: NOCYCLE (Oracle's cycle-breaking has no cheap faithful form),
//! joins in the hierarchical block, a table whose columns are not known,
//! CONNECT_BY_ROOT / CONNECT_BY_ISLEAF and PRIOR outside an equality.

use std::ops::ControlFlow;

use sqlparser::ast::{
    BinaryOperator, ConnectByKind, Expr, FunctionArg, FunctionArgExpr, FunctionArguments, Query,
    SelectItem, SetExpr, TableFactor, visit_expressions_mut,
};

use super::{Translator, idents};
use crate::diag::Code;
use crate::sql::parse::parse_synthetic;

/// The pieces of a hierarchical block, as Oracle SQL text.
struct Hierarchy {
    table: String,
    qualifier: String,
    columns: Vec<String>,
    start: Option<String>,
    join: Vec<String>,
    paths: Vec<(String, String)>,
}

impl Translator<'_> {
    /// Rewrites a CONNECT BY block of `query` into a recursive CTE; true
    /// when it did (the query then holds composed SQL).
    pub(super) fn connect_by(&mut self, query: &mut Query) -> bool {
        let SetExpr::Select(select) = &mut *query.body else {
            return false;
        };
        if select.connect_by.is_empty() {
            return false;
        }
        if query.with.is_some() {
            self.unsupported(
                Code::ConnectBy,
                &*query,
                "CONNECT BY in a query with a WITH clause",
                "move the hierarchical query into a subquery of its own",
            );
            return false;
        }
        let Some(mut hierarchy) = self.hierarchy(select) else {
            select.connect_by.clear();
            return false;
        };
        // The outer block: LEVEL and paths read the CTE's columns.
        let qualifier = hierarchy.qualifier.clone();
        for item in &mut select.projection {
            if let SelectItem::UnnamedExpr(expr) = item
                && is_word(expr, "level")
            {
                *item = SelectItem::ExprWithAlias {
                    expr: expr.clone(),
                    alias: sqlparser::ast::Ident::new("level"),
                };
            }
        }
        let mut failed = false;
        let _ = visit_expressions_mut(&mut **select, |e| {
            if is_word(e, "level") {
                *e = column(&qualifier, "eltc_level");
            } else if let Some((col, sep)) = path_args(e) {
                let index = hierarchy.paths.len() + 1;
                hierarchy.paths.push((col, sep));
                *e = column(&qualifier, &format!("eltc_path_{index}"));
            } else if is_function(e, "sys_connect_by_path") {
                failed = true;
            }
            ControlFlow::<()>::Continue(())
        });
        if failed {
            self.unsupported(
                Code::ConnectBy,
                &**select,
                "SYS_CONNECT_BY_PATH needs a column and a literal separator",
                "write SYS_CONNECT_BY_PATH(column, '/')",
            );
            select.connect_by.clear();
            return false;
        }
        select.connect_by.clear();
        retarget(&mut select.from[0].relation, &qualifier);
        let text = format!("{} {query}", hierarchy.cte());
        match parse_synthetic(&text, crate::spec::model::Dialect::Oracle) {
            Ok(mut statements) => match statements.pop() {
                Some(sqlparser::ast::Statement::Query(composed)) => {
                    *query = *composed;
                    true
                }
                _ => false,
            },
            Err(error) => {
                self.unsupported(
                    Code::InternalRewrite,
                    &*query,
                    format!("the CONNECT BY rewrite failed: {error}"),
                    "this is an eltc bug; please report it with the query",
                );
                false
            }
        }
    }

    /// Checks the block and collects its hierarchy; `None` after a diagnostic.
    fn hierarchy(&mut self, select: &sqlparser::ast::Select) -> Option<Hierarchy> {
        let mut start = None;
        let mut relationships = Vec::new();
        for kind in &select.connect_by {
            match kind {
                ConnectByKind::ConnectBy {
                    nocycle: true,
                    relationships,
                    ..
                } => {
                    let node = relationships.first().cloned();
                    self.unsupported(Code::ConnectBy,
                        &node.unwrap_or_else(|| Expr::value(sqlparser::ast::Value::Null)),
                        "CONNECT BY NOCYCLE is not translated",
                        "remove the cycles from the data and drop NOCYCLE, or write WITH RECURSIVE with a path check in `dialect: redshift`",
                    );
                    return None;
                }
                ConnectByKind::ConnectBy {
                    relationships: r, ..
                } => relationships.extend(r.iter().cloned()),
                ConnectByKind::StartWith { condition, .. } => start = Some(condition.to_string()),
            }
        }
        let (table, qualifier, columns) = self.hierarchy_table(select)?;
        let mut join = Vec::new();
        for relationship in relationships {
            let mut parts = Vec::new();
            super::rownum::split_and(relationship, &mut parts);
            for part in parts {
                join.push(self.relationship(part, &qualifier, &columns)?);
            }
        }
        Some(Hierarchy {
            table,
            qualifier,
            columns,
            start,
            join,
            paths: Vec::new(),
        })
    }

    /// The one table of the block: its name, qualifier and columns.
    fn hierarchy_table(
        &mut self,
        select: &sqlparser::ast::Select,
    ) -> Option<(String, String, Vec<String>)> {
        let single = match select.from.as_slice() {
            [item] if item.joins.is_empty() => Some(&item.relation),
            _ => None,
        };
        let Some(TableFactor::Table { name, alias, .. }) = single else {
            self.unsupported(
                Code::ConnectBy,
                select,
                "CONNECT BY over joins or a subquery",
                "build the hierarchy over one table, then join its result in an outer query",
            );
            return None;
        };
        let mut name = name.clone();
        idents::fold_name(&mut name);
        let parts = idents::parts(&name)?;
        let columns = match parts.as_slice() {
            [temp] => self
                .temps
                .get(temp)
                .map(|c| c.iter().map(|(n, _)| n.clone()).collect()),
            [schema, table] => self
                .catalog
                .table(&crate::spec::model::QualifiedName {
                    schema: schema.clone(),
                    name: table.clone(),
                })
                .map(|t| t.columns.iter().map(|c| c.name.clone()).collect()),
            _ => None,
        };
        let Some(columns) = columns else {
            self.unsupported(
                Code::ConnectBy,
                select,
                "CONNECT BY over a table whose columns eltc does not know",
                "declare the table (under `tables:`, or with CREATE TABLE before the query)",
            );
            return None;
        };
        let qualifier = alias
            .as_ref()
            .map(|a| a.name.value.to_lowercase())
            .or_else(|| parts.last().cloned())
            .unwrap_or_default();
        Some((parts.join("."), qualifier, columns))
    }

    /// One condition of CONNECT BY as a join condition of the recursive member.
    fn relationship(
        &mut self,
        mut part: Expr,
        qualifier: &str,
        columns: &[String],
    ) -> Option<String> {
        let mut prior_ok = true;
        let _ = visit_expressions_mut(&mut part, |e| {
            if let Expr::Identifier(ident) = e
                && columns.contains(&ident.value.to_lowercase())
            {
                // The recursive member joins the table to eltc_hierarchy,
                // which has the same columns: an unqualified column (the
                // child row in Oracle) must name the table's side. PRIOR's
                // operand is visited first and re-targeted below.
                *e = column(qualifier, &ident.value.to_lowercase());
            } else if is_word(e, "level") {
                *e = Expr::Nested(Box::new(Expr::BinaryOp {
                    left: Box::new(column("eltc_prior", "eltc_level")),
                    op: BinaryOperator::Plus,
                    right: Box::new(Expr::value(sqlparser::ast::Value::Number(
                        "1".into(),
                        false,
                    ))),
                }));
            } else if let Expr::Prior(inner) = e {
                match column_name(inner) {
                    Some(name) => *e = column("eltc_prior", &name),
                    None => prior_ok = false,
                }
            }
            ControlFlow::<()>::Continue(())
        });
        if !prior_ok {
            self.unsupported(
                Code::ConnectBy,
                &part,
                "PRIOR on an expression",
                "write PRIOR on a column: `PRIOR id = parent_id`",
            );
            return None;
        }
        Some(part.to_string())
    }
}

impl Hierarchy {
    /// The WITH RECURSIVE clause, as Oracle SQL.
    fn cte(&self) -> String {
        let q = &self.qualifier;
        let mut names: Vec<String> = self.columns.clone();
        names.push("eltc_level".into());
        let mut seed: Vec<String> = self.columns.iter().map(|c| format!("{q}.{c}")).collect();
        seed.push("1".into());
        let mut step = seed.clone();
        step[self.columns.len()] = "eltc_prior.eltc_level + 1".into();
        for (i, (col, sep)) in self.paths.iter().enumerate() {
            let path = format!("eltc_path_{}", i + 1);
            seed.push(format!("CAST({sep} || {q}.{col} AS VARCHAR(4000))"));
            step.push(format!(
                "CAST(eltc_prior.{path} || {sep} || {q}.{col} AS VARCHAR(4000))"
            ));
            names.push(path);
        }
        let start = self
            .start
            .as_ref()
            .map(|s| format!(" WHERE {s}"))
            .unwrap_or_default();
        let join = if self.join.is_empty() {
            "TRUE".to_string()
        } else {
            self.join.join(" AND ")
        };
        format!(
            "WITH RECURSIVE eltc_hierarchy ({}) AS (SELECT {} FROM {} {q}{start} UNION ALL SELECT {} FROM eltc_hierarchy eltc_prior JOIN {} {q} ON {join})",
            names.join(", "),
            seed.join(", "),
            self.table,
            step.join(", "),
            self.table,
        )
    }
}

fn is_word(expr: &Expr, word: &str) -> bool {
    matches!(expr, Expr::Identifier(ident) if ident.quote_style.is_none() && ident.value.eq_ignore_ascii_case(word))
}

fn is_function(expr: &Expr, name: &str) -> bool {
    matches!(expr, Expr::Function(f) if f.name.to_string().eq_ignore_ascii_case(name))
}

fn column(qualifier: &str, name: &str) -> Expr {
    Expr::CompoundIdentifier(vec![
        sqlparser::ast::Ident::new(qualifier),
        sqlparser::ast::Ident::new(name),
    ])
}

fn column_name(expr: &Expr) -> Option<String> {
    match expr {
        Expr::Identifier(ident) => Some(ident.value.to_lowercase()),
        Expr::CompoundIdentifier(parts) => parts.last().map(|p| p.value.to_lowercase()),
        Expr::Nested(inner) => column_name(inner),
        _ => None,
    }
}

/// `SYS_CONNECT_BY_PATH(column, 'literal')`: the column name and the separator text.
fn path_args(expr: &Expr) -> Option<(String, String)> {
    let Expr::Function(function) = expr else {
        return None;
    };
    if !function
        .name
        .to_string()
        .eq_ignore_ascii_case("sys_connect_by_path")
    {
        return None;
    }
    let FunctionArguments::List(list) = &function.args else {
        return None;
    };
    let args: Vec<&Expr> = list
        .args
        .iter()
        .filter_map(|arg| match arg {
            FunctionArg::Unnamed(FunctionArgExpr::Expr(e)) => Some(e),
            _ => None,
        })
        .collect();
    match args.as_slice() {
        [col, sep @ Expr::Value(_)] => Some((column_name(col)?, sep.to_string())),
        _ => None,
    }
}

/// Points a FROM item at the CTE, keeping the qualifier the query uses.
fn retarget(factor: &mut TableFactor, qualifier: &str) {
    if let TableFactor::Table { name, alias, .. } = factor {
        *name =
            sqlparser::ast::ObjectName::from(vec![sqlparser::ast::Ident::new("eltc_hierarchy")]);
        *alias = Some(sqlparser::ast::TableAlias {
            explicit: false,
            name: sqlparser::ast::Ident::new(qualifier),
            columns: Vec::new(),
            at: None,
        });
    }
}
