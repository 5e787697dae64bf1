//! Query blocks: WITH, set operators, SELECT, FROM scopes, output columns.
//!
//! A SELECT is translated in this order: its FROM items (derived tables first,
//! since their output columns type the outer block), the `(+)` rewrite
//! ([`super::joins`]), then ON, WHERE, the select list, GROUP BY, HAVING and
//! ORDER BY inside the block's scope. Oracle-only pieces handled here: hints
//! are dropped (Redshift ignores them at best), `FROM DUAL` disappears, MINUS
//! becomes EXCEPT. `*` is expanded to the declared columns so the output
//! columns are known and stable.

use sqlparser::ast::{
    Expr, GroupByExpr, Ident, OrderBy, OrderByKind, Query, Select, SelectItem,
    SelectItemQualifiedWildcardKind, SetExpr, SetOperator, SetQuantifier, TableFactor,
    TableWithJoins,
};

use super::{Translator, idents};
use crate::diag::{Code, Diagnostic, Span, closest};
use crate::spec::model::QualifiedName;
use crate::sql::typing::{Info, Relation, table_relation};

/// One output column of a query block.
#[derive(Clone, Debug)]
pub struct Output {
    /// Its name (lower case), when it has one.
    pub name: Option<String>,
    /// What is known about its values.
    pub info: Info,
    /// Where its expression is.
    pub span: Span,
}

impl Translator<'_> {
    /// Translates a query; returns its output columns.
    pub fn query(&mut self, query: &mut Query) -> Vec<Output> {
        let mark = self.env.cte_mark();
        // A plain `LIMIT n` is not Oracle syntax: it is what the ROWNUM
        // rewrite leaves (same meaning in Redshift), so it passes.
        let plain_limit = matches!(
            &query.limit_clause,
            Some(sqlparser::ast::LimitClause::LimitOffset { offset: None, limit_by, .. })
                if limit_by.is_empty()
        );
        if self.oracle && !query.locks.is_empty() {
            self.unsupported(
                Code::ForUpdate,
                &*query,
                "SELECT ... FOR UPDATE is not translated",
                "Redshift takes no row locks: drop the clause when the batch is the table's only writer, or LOCK the table at the start of the procedure",
            );
        } else if (query.fetch.is_some()
            || (query.limit_clause.is_some() && !plain_limit)
            || query.for_clause.is_some())
            && self.oracle
        {
            self.unsupported(
                Code::RowLimit,
                &*query,
                "FETCH, LIMIT and OFFSET are not translated",
                "filter with ROW_NUMBER() in a subquery",
            );
        }
        let was_synthetic = self.synthetic;
        if self.oracle {
            // Both rewrite the block before its expressions are walked, so
            // nothing they leave is Oracle-only. A CONNECT BY rewrite is
            // composed SQL: its positions are not the file's.
            if self.connect_by(query) {
                self.synthetic = true;
            }
            self.rownum(query);
        }
        if let Some(with) = &mut query.with {
            let recursive = with.recursive;
            for cte in &mut with.cte_tables {
                idents::fold(&mut cte.alias.name);
                if recursive {
                    let columns = self.recursive_seed_columns(cte);
                    self.env.add_cte(cte.alias.name.value.clone(), columns);
                }
                let outputs = self.query(&mut cte.query);
                let mut columns: Vec<(String, Info)> = Vec::new();
                for (i, output) in outputs.iter().enumerate() {
                    let name = cte.alias.columns.get_mut(i).map(|c| {
                        idents::fold(&mut c.name);
                        c.name.value.clone()
                    });
                    columns.extend(
                        name.or_else(|| output.name.clone())
                            .map(|n| (n, output.info)),
                    );
                }
                self.env.add_cte(cte.alias.name.value.clone(), columns);
            }
        }
        let outputs = self.set_expr(&mut query.body, query.order_by.as_mut());
        self.env.truncate_ctes(mark);
        self.synthetic = was_synthetic;
        outputs
    }

    fn set_expr(&mut self, body: &mut SetExpr, order_by: Option<&mut OrderBy>) -> Vec<Output> {
        match body {
            SetExpr::Select(select) => self.select(select, order_by),
            SetExpr::Query(query) => {
                let outputs = self.query(query);
                self.order_by_outputs(order_by, &outputs);
                outputs
            }
            SetExpr::SetOperation {
                left,
                op,
                set_quantifier,
                right,
            } => {
                let left_outputs = self.set_expr(left, None);
                let right_outputs = self.set_expr(right, None);
                if *op == SetOperator::Minus {
                    *op = SetOperator::Except;
                }
                if *op != SetOperator::Union && matches!(set_quantifier, SetQuantifier::All) {
                    let span = self.source.range(self.statement.clone());
                    self.report(
                        Diagnostic::new(
                            Code::QueryForm,
                            span,
                            "INTERSECT ALL and EXCEPT ALL are not supported by Redshift",
                        )
                        .label("in this statement")
                        .help("use INTERSECT or EXCEPT without ALL, or NOT EXISTS"),
                    );
                }
                let outputs = merge_outputs(left_outputs, &right_outputs);
                self.order_by_outputs(order_by, &outputs);
                outputs
            }
            SetExpr::Values(values) => {
                for row in &mut values.rows {
                    for expr in row.content.iter_mut() {
                        self.expr(expr);
                    }
                }
                let width = values.rows.first().map_or(0, |row| row.content.len());
                let span = self.source.range(self.statement.clone());
                (0..width)
                    .map(|_| Output {
                        name: None,
                        info: Info::unknown(),
                        span: span.clone(),
                    })
                    .collect()
            }
            other => {
                let span = self.source.range(self.statement.clone());
                let _ = other;
                self.report(
                    Diagnostic::new(Code::QueryForm, span, "this query form is not translated")
                        .label("in this statement")
                        .help("write a SELECT"),
                );
                Vec::new()
            }
        }
    }

    /// The columns of a recursive CTE as its recursive member sees them:
    /// the names of its (mandatory) column list, typed by a trial
    /// translation of the seed member whose diagnostics are dropped (the
    /// real translation reports them).
    fn recursive_seed_columns(&mut self, cte: &mut sqlparser::ast::Cte) -> Vec<(String, Info)> {
        let mut seed = match &*cte.query.body {
            SetExpr::SetOperation { left, .. } => (**left).clone(),
            other => other.clone(),
        };
        let saved = self.diagnostics.len();
        let outputs = self.set_expr(&mut seed, None);
        self.diagnostics.truncate(saved);
        cte.alias
            .columns
            .iter_mut()
            .enumerate()
            .map(|(i, c)| {
                idents::fold(&mut c.name);
                let info = outputs
                    .get(i)
                    .map_or(Info::unknown(), |o| o.info.nullable());
                (c.name.value.clone(), info)
            })
            .collect()
    }

    /// ORDER BY of a set operation: names output columns.
    fn order_by_outputs(&mut self, order_by: Option<&mut OrderBy>, outputs: &[Output]) {
        let Some(order_by) = order_by else { return };
        let columns = outputs
            .iter()
            .filter_map(|o| o.name.clone().map(|n| (n, o.info)))
            .collect();
        self.env.push(vec![Relation {
            qualifiers: Vec::new(),
            table: None,
            columns: Some(columns),
        }]);
        self.order_by(order_by);
        self.env.pop();
    }

    fn order_by(&mut self, order_by: &mut OrderBy) {
        if let OrderByKind::Expressions(exprs) = &mut order_by.kind {
            for item in exprs {
                self.expr(&mut item.expr);
            }
        }
    }

    fn select(&mut self, select: &mut Select, order_by: Option<&mut OrderBy>) -> Vec<Output> {
        if self.oracle {
            select.optimizer_hints.clear();
            self.select_unsupported_clauses(select);
            self.drop_dual(select);
        }
        let relations = self.relations_of(&mut select.from);
        let relations = self.rewrite_outer_joins(select, relations);
        self.env.push(relations);
        self.join_conditions(&mut select.from);
        if let Some(selection) = &mut select.selection {
            self.expr(selection);
        }
        let outputs = self.projection(&mut select.projection);
        if let GroupByExpr::Expressions(exprs, _) = &mut select.group_by {
            for expr in exprs {
                self.expr(expr);
            }
        }
        if let Some(having) = &mut select.having {
            self.expr(having);
        }
        if let Some(order_by) = order_by {
            let columns = outputs
                .iter()
                .filter_map(|o| o.name.clone().map(|n| (n, o.info)))
                .collect();
            self.env.push(vec![Relation {
                qualifiers: Vec::new(),
                table: None,
                columns: Some(columns),
            }]);
            self.order_by(order_by);
            self.env.pop();
        }
        self.env.pop();
        outputs
    }

    fn select_unsupported_clauses(&mut self, select: &Select) {
        if !select.connect_by.is_empty() {
            self.unsupported(
                Code::ConnectBy,
                select,
                "CONNECT BY hierarchical queries are not translated",
                "rewrite with WITH RECURSIVE and `dialect: redshift`",
            );
        }
        if select.into.is_some()
            || select.top.is_some()
            || select.qualify.is_some()
            || !select.named_window.is_empty()
        {
            self.unsupported(
                Code::QueryForm,
                select,
                "this SELECT clause is not translated",
                "remove it or write the transform with `dialect: redshift`",
            );
        }
        if matches!(select.group_by, GroupByExpr::All(_))
            || matches!(&select.group_by, GroupByExpr::Expressions(_, modifiers) if !modifiers.is_empty())
        {
            self.unsupported(
                Code::QueryForm,
                select,
                "GROUP BY ROLLUP, CUBE and GROUPING SETS are not translated",
                "group with UNION ALL of plain GROUP BYs",
            );
        }
    }

    /// `FROM DUAL` -> no FROM clause.
    fn drop_dual(&mut self, select: &mut Select) {
        let is_dual = |twj: &TableWithJoins| {
            twj.joins.is_empty()
                && matches!(&twj.relation, TableFactor::Table { name, .. }
                    if idents::parts(name).is_some_and(|p| p == ["dual"] || p == ["sys", "dual"]))
        };
        if select.from.len() == 1 && is_dual(&select.from[0]) {
            select.from.clear();
        }
    }

    /// Translates derived tables and builds the relations of a FROM clause, in order.
    fn relations_of(&mut self, from: &mut [TableWithJoins]) -> Vec<Relation> {
        let mut relations = Vec::new();
        for item in from.iter_mut() {
            relations.extend(self.table_factor_relation(&mut item.relation));
            for join in &mut item.joins {
                relations.extend(self.table_factor_relation(&mut join.relation));
            }
        }
        relations
    }

    pub(super) fn table_factor_relation(&mut self, factor: &mut TableFactor) -> Option<Relation> {
        match factor {
            TableFactor::Table {
                name,
                alias,
                args: None,
                ..
            } => {
                idents::fold_name(name);
                let alias = alias.as_mut().map(|alias| {
                    idents::fold(&mut alias.name);
                    alias.name.value.clone()
                });
                let span = self.span_of(&*name);
                let written = idents::parts(name)?;
                let parts = self.with_default_schema(name, written.clone());
                let mut qualifiers: Vec<String> = alias.iter().cloned().collect();
                if qualifiers.is_empty() {
                    qualifiers.extend(parts.last().cloned());
                    qualifiers.push(written.join("."));
                    if parts != written {
                        qualifiers.push(parts.join("."));
                    }
                }
                let relation = if self.database_link(&parts, &span) {
                    None
                } else {
                    self.named_relation(&parts, alias, span)
                };
                // A table already reported (not declared, a database link)
                // is read with unknown columns: one diagnostic, not one per
                // column it is read for.
                relation.or(Some(Relation {
                    qualifiers,
                    table: None,
                    columns: None,
                }))
            }
            TableFactor::Derived {
                lateral: false,
                subquery,
                alias,
                ..
            } => {
                let outputs = self.query(subquery);
                if alias.is_none() && self.oracle {
                    // Oracle allows an unnamed subquery in FROM (the top-n
                    // idiom `SELECT * FROM (SELECT ... ORDER BY x) WHERE
                    // ROWNUM <= n`); Redshift and PostgreSQL 15 require a
                    // name. Nothing in Oracle can qualify a column by it, so
                    // a fresh name changes no reference.
                    self.derived_aliases += 1;
                    *alias = Some(sqlparser::ast::TableAlias {
                        explicit: true,
                        name: sqlparser::ast::Ident::new(format!(
                            "eltc_subquery_{}",
                            self.derived_aliases
                        )),
                        columns: Vec::new(),
                        at: None,
                    });
                }
                let alias = alias.as_mut().map(|alias| {
                    idents::fold(&mut alias.name);
                    alias.name.value.clone()
                });
                let known = outputs.iter().all(|o| o.name.is_some());
                let columns = known.then(|| {
                    outputs
                        .iter()
                        .filter_map(|o| o.name.clone().map(|n| (n, o.info)))
                        .collect()
                });
                Some(Relation {
                    qualifiers: alias.into_iter().collect(),
                    table: None,
                    columns,
                })
            }
            other => {
                let node = other.clone();
                let (kind, help) = super::refusals::from_item_kind(other);
                self.unsupported(
                    Code::QueryForm,
                    &node,
                    format!("{kind} in FROM is not translated"),
                    help,
                );
                None
            }
        }
    }

    /// Reports a name that goes through an Oracle database link
    /// (`schema.table@link`); true when it does.
    pub(super) fn database_link(&mut self, parts: &[String], span: &Span) -> bool {
        let Some(link) = parts.iter().find_map(|p| p.split_once('@').map(|(_, l)| l)) else {
            return false;
        };
        let message = format!(
            "`{}` is read through the database link `{link}`",
            parts.join(".")
        );
        self.report(
            Diagnostic::new(Code::DatabaseLink, span.clone(), message)
                .label("database link")
                .help("Redshift has no database links: load the remote rows into a staging table, or read them through an external schema (federated query, Spectrum)"),
        );
        true
    }

    /// `parts` qualified with `eltc translate --schema` (and `name` with
    /// them) when it is one name that is neither a CTE nor a staging table
    /// nor a declared table; otherwise `parts` unchanged.
    pub(super) fn with_default_schema(
        &self,
        name: &mut sqlparser::ast::ObjectName,
        parts: Vec<String>,
    ) -> Vec<String> {
        let (Some(schema), [table]) = (&self.default_schema, parts.as_slice()) else {
            return parts;
        };
        if !self.open_world
            || self.env.cte(table).is_some()
            || self.temps.contains_key(table)
            || self.declared(&parts)
        {
            return parts;
        }
        name.0.insert(
            0,
            sqlparser::ast::ObjectNamePart::Identifier(Ident::new(schema.clone())),
        );
        vec![schema.clone(), table.clone()]
    }

    /// A table by name: a CTE, a declared table, or an error.
    fn named_relation(
        &mut self,
        parts: &[String],
        alias: Option<String>,
        span: Span,
    ) -> Option<Relation> {
        if let [name] = parts
            && let Some(columns) = self
                .env
                .cte(name)
                .map(<[_]>::to_vec)
                .or_else(|| self.temps.get(name).cloned())
        {
            let qualifiers = vec![alias.unwrap_or_else(|| name.clone())];
            return Some(Relation {
                qualifiers,
                table: None,
                columns: Some(columns),
            });
        }
        if self.open_world && !self.declared(parts) {
            let mut qualifiers: Vec<String> = alias.into_iter().collect();
            if qualifiers.is_empty() {
                qualifiers.extend(parts.last().cloned());
                qualifiers.push(parts.join("."));
            }
            return Some(Relation {
                qualifiers,
                table: None,
                columns: None,
            });
        }
        let qualified = match parts {
            [schema, name] => QualifiedName {
                schema: schema.clone(),
                name: name.clone(),
            },
            _ => {
                self.report(
                    Diagnostic::new(Code::UnknownTable, span, format!("`{}` is not a declared table", parts.join(".")))
                        .label("not declared")
                        .help("qualify tables with their schema as declared under `tables:`, e.g. `staging.orders`"),
                );
                return None;
            }
        };
        match table_relation(self.catalog, &qualified, alias) {
            Some(relation) => {
                self.reads.insert(qualified.to_string());
                Some(relation)
            }
            None => {
                let names: Vec<String> = self
                    .catalog
                    .tables()
                    .iter()
                    .map(|t| t.name.to_string())
                    .collect();
                let help = match closest(&qualified.to_string(), names.iter().map(String::as_str)) {
                    Some(name) => format!(
                        "did you mean `{name}`? transforms read tables declared under `tables:`"
                    ),
                    None => {
                        "declare the table under `tables:`; transforms read declared tables only"
                            .to_string()
                    }
                };
                self.report(
                    Diagnostic::new(
                        Code::UnknownTable,
                        span,
                        format!("table `{qualified}` is not declared"),
                    )
                    .label("not declared")
                    .help(help),
                );
                None
            }
        }
    }

    /// True when `parts` names a declared table.
    pub(super) fn declared(&self, parts: &[String]) -> bool {
        match parts {
            [schema, name] => self
                .catalog
                .table(&QualifiedName {
                    schema: schema.clone(),
                    name: name.clone(),
                })
                .is_some(),
            _ => false,
        }
    }

    /// Translates ON conditions (after the `(+)` rewrite, the scope is complete).
    fn join_conditions(&mut self, from: &mut [TableWithJoins]) {
        for item in from.iter_mut() {
            for join in &mut item.joins {
                let constraint = super::joins::constraint_mut(&mut join.join_operator);
                match constraint {
                    Some(sqlparser::ast::JoinConstraint::On(expr)) => {
                        self.expr(expr);
                    }
                    Some(sqlparser::ast::JoinConstraint::None) | None => {}
                    Some(other) => {
                        let node = other.clone();
                        if self.oracle {
                            self.unsupported(
                                Code::QueryForm,
                                &node,
                                "USING and NATURAL joins are not translated",
                                "join with ON",
                            );
                        }
                    }
                }
            }
        }
    }

    fn projection(&mut self, items: &mut Vec<SelectItem>) -> Vec<Output> {
        let mut outputs = Vec::new();
        let mut expanded = Vec::new();
        for mut item in std::mem::take(items) {
            match &mut item {
                SelectItem::UnnamedExpr(expr) => {
                    let span = self.span_of(&*expr);
                    let name = output_name(expr);
                    let info = self.expr(expr);
                    outputs.push(Output { name, info, span });
                }
                SelectItem::ExprWithAlias { expr, alias } => {
                    let span = self.span_of(&*expr);
                    let info = self.expr(expr);
                    idents::fold(alias);
                    outputs.push(Output {
                        name: Some(alias.value.clone()),
                        info,
                        span,
                    });
                }
                SelectItem::Wildcard(_) => {
                    if self.expand_wildcard(None, &item, &mut expanded, &mut outputs) {
                        continue;
                    }
                }
                SelectItem::QualifiedWildcard(
                    SelectItemQualifiedWildcardKind::ObjectName(name),
                    _,
                ) => {
                    let qualifier = idents::parts(name).map(|p| p.join("."));
                    if self.expand_wildcard(qualifier, &item, &mut expanded, &mut outputs) {
                        continue;
                    }
                }
                other => {
                    let node = other.clone();
                    self.unsupported(
                        Code::QueryForm,
                        &node,
                        "this select-list item is not translated",
                        "select expressions with aliases",
                    );
                }
            }
            expanded.push(item);
        }
        *items = expanded;
        outputs
    }

    /// Replaces `*` or `q.*` by the columns of the relations in scope; false
    /// (after a diagnostic) when they are not known.
    fn expand_wildcard(
        &mut self,
        qualifier: Option<String>,
        item: &SelectItem,
        expanded: &mut Vec<SelectItem>,
        outputs: &mut Vec<Output>,
    ) -> bool {
        let span = self.span_of(item);
        let relations: Vec<Relation> = self
            .env
            .innermost()
            .iter()
            .filter(|r| qualifier.as_ref().is_none_or(|q| r.answers_to(q)))
            .cloned()
            .collect();
        let known = !relations.is_empty()
            && relations
                .iter()
                .all(|r| r.columns.is_some() && !r.qualifiers.is_empty());
        if !known {
            self.report(
                Diagnostic::new(
                    Code::StarUnknownColumns,
                    span,
                    "`*` over a relation whose columns eltc does not know",
                )
                .label("not expanded")
                .help("list the columns"),
            );
            return false;
        }
        for relation in relations {
            let q = relation.qualifiers[0].clone();
            for (column, info) in relation.columns.into_iter().flatten() {
                let parts = q
                    .split('.')
                    .chain(std::iter::once(column.as_str()))
                    .map(Ident::new)
                    .collect::<Vec<_>>();
                let mut expr = Expr::CompoundIdentifier(parts);
                if let Expr::CompoundIdentifier(parts) = &mut expr {
                    parts.iter_mut().for_each(idents::fold);
                }
                expanded.push(SelectItem::UnnamedExpr(expr));
                outputs.push(Output {
                    name: Some(column),
                    info,
                    span: span.clone(),
                });
            }
        }
        true
    }
}

/// The name PostgreSQL and Redshift give an unaliased select-list column
/// that is a column reference; `None` for other expressions.
fn output_name(expr: &Expr) -> Option<String> {
    match expr {
        Expr::Identifier(ident) => Some(ident.value.to_lowercase()),
        Expr::CompoundIdentifier(parts) => parts.last().map(|ident| ident.value.to_lowercase()),
        _ => None,
    }
}

fn merge_outputs(mut left: Vec<Output>, right: &[Output]) -> Vec<Output> {
    for (l, r) in left.iter_mut().zip(right) {
        l.info.nullable |= r.info.nullable;
        l.info.literal &= r.info.literal;
        if l.info.ty != r.info.ty {
            l.info.ty = crate::sql::typing::Ty::Unknown;
        }
    }
    left
}
