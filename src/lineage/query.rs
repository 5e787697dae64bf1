//! The analyzer of one query tree: which columns and params each output
//! column's value comes from, and which ones decide the query's rows.
//!
//! It walks sqlparser's trees as the plan holds them (translated, Redshift
//! SQL), never text. Names resolve in scopes: the relations of a FROM
//! clause (tables of the catalog, CTEs, derived tables, the step's
//! temporary tables), then the enclosing query's scope (a correlated
//! subquery). A temporary table is followed through: reading it gives the
//! origins its rows were built from, so lineage passes through the staging
//! table of an expanded MERGE. Where a value comes from decides its flow:
//! the SELECT list (CASE conditions and window PARTITION BY included) is a
//! value; WHERE, JOIN ON / USING, GROUP BY, HAVING and QUALIFY decide rows,
//! and so does everything a subquery reads there.

use std::collections::{BTreeMap, BTreeSet};

use sqlparser::ast::{
    Expr, Ident, JoinConstraint, JoinOperator, ObjectName, Query, Select, SelectItem,
    SelectItemQualifiedWildcardKind, SetExpr, Spanned, TableAlias, TableFactor, TableWithJoins,
    Visit,
};
use sqlparser::tokenizer::Span as SqlSpan;

use super::refs::{CLOCKS, References};

/// What a value or a row decision reads.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Origin {
    /// A column of a table, `schema.table` and column, lower case.
    Column {
        /// `schema.table`.
        table: String,
        /// The column.
        column: String,
    },
    /// A run parameter, by its spec name.
    Param(String),
}

/// A set of origins, ordered.
pub type Origins = BTreeSet<Origin>;

/// One output column of a query.
#[derive(Clone, Debug)]
pub struct Output {
    /// Its name, when it has one (an alias or a column reference).
    pub name: Option<String>,
    /// Where its value comes from.
    pub origins: Origins,
    /// Where it is written (sqlparser's, empty for built nodes).
    pub at: SqlSpan,
}

/// What a query or a relation gives: its columns and what decides its rows.
#[derive(Clone, Debug)]
pub struct Derived {
    /// The output columns, in order.
    pub columns: Vec<Output>,
    /// What decides which rows it has.
    pub rows: Origins,
    /// Where its rows are decided: its WHERE, else its SELECT (empty for
    /// built nodes).
    pub rows_at: SqlSpan,
}

impl Default for Derived {
    fn default() -> Self {
        Derived {
            columns: Vec::new(),
            rows: Origins::new(),
            rows_at: SqlSpan::empty(),
        }
    }
}

impl Derived {
    /// Every origin: the columns' and the rows'.
    pub fn all(&self) -> Origins {
        let mut all = self.rows.clone();
        for column in &self.columns {
            all.extend(column.origins.iter().cloned());
        }
        all
    }
}

/// The tables known by name and the run parameters' procedure arguments.
#[derive(Clone, Debug, Default)]
pub struct Catalog {
    /// `schema.table` (lower case) to its columns in order.
    pub tables: BTreeMap<String, Vec<String>>,
    /// A procedure argument (`p_<name>`) to the param's name.
    pub params: BTreeMap<String, String>,
}

impl Catalog {
    /// The columns of `table`, when it is known.
    pub fn columns(&self, table: &str) -> Option<&[String]> {
        self.tables.get(table).map(Vec::as_slice)
    }
}

/// A relation of a FROM clause, by the name the query reads it with.
#[derive(Clone, Debug)]
struct Relation {
    /// The alias, or the table's last name part.
    alias: String,
    /// The table it reads, when it is a table (for columns the catalog
    /// does not list).
    table: Option<String>,
    /// Its columns, when known.
    columns: Option<Vec<(Option<String>, Origins)>>,
    /// What decides its rows (a derived table's filters).
    rows: Origins,
}

/// The names visible at one level of a query.
#[derive(Debug, Default)]
pub struct Scope<'s> {
    relations: Vec<Relation>,
    ctes: BTreeMap<String, Derived>,
    parent: Option<&'s Scope<'s>>,
}

impl<'s> Scope<'s> {
    fn child(parent: Option<&'s Scope<'s>>) -> Self {
        Scope {
            relations: Vec::new(),
            ctes: BTreeMap::new(),
            parent,
        }
    }

    fn cte(&self, name: &str) -> Option<&Derived> {
        self.ctes
            .get(name)
            .or_else(|| self.parent.and_then(|p| p.cte(name)))
    }
}

/// The analyzer of one step: the catalog, the step's temporary tables and
/// the names nothing resolved.
#[derive(Debug)]
pub struct Analyzer<'c> {
    /// The tables and params.
    pub catalog: &'c Catalog,
    /// The step's temporary tables, created by its statements, by name.
    pub temps: BTreeMap<String, Derived>,
    /// Names bound to origins besides columns and params: the entry
    /// procedure's parameters of a PL/SQL step.
    pub variables: BTreeMap<String, Origins>,
    /// Names no scope resolved (PL/SQL variables, record fields).
    pub unresolved: BTreeSet<String>,
}

/// Lower case, as Redshift folds identifiers.
pub fn lower(ident: &Ident) -> String {
    ident.value.to_lowercase()
}

/// The parts of an object name, lower case, joined with `.`.
pub fn object_name(name: &ObjectName) -> String {
    name.0
        .iter()
        .map(|part| part.as_ident().map_or_else(|| part.to_string(), lower))
        .collect::<Vec<_>>()
        .join(".")
}

impl<'c> Analyzer<'c> {
    /// An analyzer for one step.
    pub fn new(catalog: &'c Catalog) -> Self {
        Analyzer {
            catalog,
            temps: BTreeMap::new(),
            variables: BTreeMap::new(),
            unresolved: BTreeSet::new(),
        }
    }

    /// The columns of a table or temporary table, when known.
    pub fn table_columns(&self, table: &str) -> Option<Vec<String>> {
        if let Some(temp) = self.temps.get(table) {
            return Some(temp.columns.iter().filter_map(|c| c.name.clone()).collect());
        }
        self.catalog.columns(table).map(<[String]>::to_vec)
    }

    /// A query, with `outer` the scope of the query it is nested in.
    pub fn query(&mut self, query: &Query, outer: Option<&Scope<'_>>) -> Derived {
        let mut scope = Scope::child(outer);
        if let Some(with) = &query.with {
            for cte in &with.cte_tables {
                let derived = self.query(&cte.query, Some(&scope));
                let derived = renamed(derived, &cte.alias);
                scope.ctes.insert(lower(&cte.alias.name), derived);
            }
        }
        self.set_expr(&query.body, &scope)
    }

    fn set_expr(&mut self, body: &SetExpr, scope: &Scope<'_>) -> Derived {
        match body {
            SetExpr::Select(select) => self.select(select, scope),
            SetExpr::Query(query) => self.query(query, Some(scope)),
            SetExpr::SetOperation { left, right, .. } => {
                let mut left = self.set_expr(left, scope);
                let right = self.set_expr(right, scope);
                // Columns match by position; the first branch names them.
                for (into, from) in left.columns.iter_mut().zip(right.columns) {
                    into.origins.extend(from.origins);
                }
                left.rows.extend(right.rows);
                left
            }
            SetExpr::Values(values) => {
                let mut derived = Derived::default();
                for row in &values.rows {
                    for (i, expr) in row.iter().enumerate() {
                        let origins = self.expr(expr, scope);
                        match derived.columns.get_mut(i) {
                            Some(column) => column.origins.extend(origins),
                            None => derived.columns.push(Output {
                                name: None,
                                origins,
                                at: expr.span(),
                            }),
                        }
                    }
                }
                derived
            }
            _ => Derived::default(),
        }
    }

    fn select(&mut self, select: &Select, outer: &Scope<'_>) -> Derived {
        let (scope, mut rows) = self.from_clause(select.from.iter(), Some(outer));
        for condition in [
            &select.selection,
            &select.having,
            &select.qualify,
            &select.prewhere,
        ]
        .into_iter()
        .flatten()
        {
            rows.extend(self.expr(condition, &scope));
        }
        rows.extend(self.origins_in(&select.group_by, &scope));
        rows.extend(self.origins_in(&select.connect_by, &scope));
        let mut columns = Vec::new();
        for item in &select.projection {
            match item {
                SelectItem::UnnamedExpr(expr) => columns.push(Output {
                    name: expr_name(expr),
                    origins: self.expr(expr, &scope),
                    at: expr.span(),
                }),
                SelectItem::ExprWithAlias { expr, alias } => columns.push(Output {
                    name: Some(lower(alias)),
                    origins: self.expr(expr, &scope),
                    at: item.span(),
                }),
                SelectItem::ExprWithAliases { expr, aliases } => {
                    let origins = self.expr(expr, &scope);
                    columns.extend(aliases.iter().map(|alias| Output {
                        name: Some(lower(alias)),
                        origins: origins.clone(),
                        at: item.span(),
                    }));
                }
                SelectItem::Wildcard(_) => {
                    for relation in &scope.relations {
                        columns.extend(star(relation, item.span()));
                    }
                }
                SelectItem::QualifiedWildcard(kind, _) => {
                    if let SelectItemQualifiedWildcardKind::ObjectName(name) = kind {
                        let alias = name.0.last().and_then(|p| p.as_ident()).map(lower);
                        if let Some(relation) = scope
                            .relations
                            .iter()
                            .find(|r| Some(&r.alias) == alias.as_ref())
                        {
                            columns.extend(star(relation, item.span()));
                        }
                    }
                }
            }
        }
        let rows_at = select
            .selection
            .as_ref()
            .map_or_else(|| select.span(), Spanned::span);
        Derived {
            columns,
            rows,
            rows_at,
        }
    }

    /// The scope of a FROM clause (or of an UPDATE's or DELETE's tables)
    /// and what decides its rows: join conditions and the filters of its
    /// derived tables.
    pub fn from_clause<'t, 's>(
        &mut self,
        tables: impl Iterator<Item = &'t TableWithJoins>,
        outer: Option<&'s Scope<'s>>,
    ) -> (Scope<'s>, Origins) {
        let mut scope = Scope::child(outer);
        let mut rows = Origins::new();
        for table in tables {
            self.relation(&table.relation, &mut scope, &mut rows);
            for join in &table.joins {
                self.relation(&join.relation, &mut scope, &mut rows);
                rows.extend(self.join(&join.join_operator, &scope));
            }
        }
        for relation in &scope.relations {
            rows.extend(relation.rows.iter().cloned());
        }
        (scope, rows)
    }

    fn relation(&mut self, factor: &TableFactor, scope: &mut Scope<'_>, rows: &mut Origins) {
        match factor {
            TableFactor::Table { name, alias, .. } => {
                let table = object_name(name);
                let last = name.0.last().and_then(|p| p.as_ident()).map(lower);
                let cte = (name.0.len() == 1)
                    .then(|| scope.cte(&table).cloned())
                    .flatten();
                let derived = cte.or_else(|| self.temps.get(&table).cloned());
                let relation = match derived {
                    Some(derived) => Relation {
                        alias: String::new(),
                        table: None,
                        columns: Some(named(&derived)),
                        rows: derived.rows,
                    },
                    None => {
                        let columns = self.catalog.columns(&table).map(|columns| {
                            columns
                                .iter()
                                .map(|c| (Some(c.clone()), column_origin(&table, c)))
                                .collect()
                        });
                        Relation {
                            alias: String::new(),
                            table: Some(table.clone()),
                            columns,
                            rows: Origins::new(),
                        }
                    }
                };
                let alias_name = alias.as_ref().map(|a| lower(&a.name)).or(last);
                scope.relations.push(Relation {
                    alias: alias_name.unwrap_or(table),
                    ..aliased(relation, alias.as_ref())
                });
            }
            TableFactor::Derived {
                subquery, alias, ..
            } => {
                let derived = self.query(subquery, Some(&*scope));
                let derived = match alias {
                    Some(alias) => renamed(derived, alias),
                    None => derived,
                };
                scope.relations.push(Relation {
                    alias: alias.as_ref().map(|a| lower(&a.name)).unwrap_or_default(),
                    table: None,
                    columns: Some(named(&derived)),
                    rows: derived.rows,
                });
            }
            TableFactor::NestedJoin {
                table_with_joins, ..
            } => {
                self.relation(&table_with_joins.relation, scope, rows);
                for join in &table_with_joins.joins {
                    self.relation(&join.relation, scope, rows);
                    rows.extend(self.join(&join.join_operator, scope));
                }
            }
            other => {
                // Table functions, UNNEST and the like: what they read is
                // still read, as rows.
                rows.extend(self.origins_in(other, scope));
            }
        }
    }

    /// What a join's condition reads: ON's expression, USING's columns on
    /// every side.
    fn join(&mut self, operator: &JoinOperator, scope: &Scope<'_>) -> Origins {
        let constraint = match operator {
            JoinOperator::Join(c)
            | JoinOperator::Inner(c)
            | JoinOperator::Left(c)
            | JoinOperator::LeftOuter(c)
            | JoinOperator::Right(c)
            | JoinOperator::RightOuter(c)
            | JoinOperator::FullOuter(c)
            | JoinOperator::Semi(c)
            | JoinOperator::LeftSemi(c)
            | JoinOperator::RightSemi(c)
            | JoinOperator::Anti(c)
            | JoinOperator::LeftAnti(c)
            | JoinOperator::RightAnti(c) => Some(c),
            _ => None,
        };
        match constraint {
            Some(JoinConstraint::Using(columns) | JoinConstraint::UsingAlias(columns, _)) => {
                let mut origins = Origins::new();
                for column in columns {
                    let name = object_name(column);
                    for relation in &scope.relations {
                        origins.extend(relation_column(relation, &name).unwrap_or_default());
                    }
                }
                origins
            }
            _ => self.origins_in(operator, scope),
        }
    }

    /// What an expression reads, subqueries included (their values and
    /// their rows).
    pub fn expr(&mut self, expr: &Expr, scope: &Scope<'_>) -> Origins {
        self.origins_in(expr, scope)
    }

    /// What any node reads: its column references resolved in `scope`, and
    /// everything its subqueries read.
    fn origins_in<V: Visit>(&mut self, node: &V, scope: &Scope<'_>) -> Origins {
        let mut refs = References::default();
        let _ = node.visit(&mut refs);
        let mut origins = Origins::new();
        for parts in &refs.names {
            origins.extend(self.resolve(parts, scope));
        }
        for query in &refs.queries {
            origins.extend(self.query(query, Some(scope)).all());
        }
        origins
    }

    /// A column reference: `c`, `alias.c` or `schema.table.c`.
    fn resolve(&mut self, parts: &[String], scope: &Scope<'_>) -> Origins {
        match parts {
            [column] => {
                let mut level = Some(scope);
                while let Some(at) = level {
                    let found: Vec<Origins> = at
                        .relations
                        .iter()
                        .filter_map(|r| relation_column(r, column))
                        .collect();
                    if !found.is_empty() {
                        return found.into_iter().flatten().collect();
                    }
                    // A table the catalog does not describe, read alone.
                    if let [only] = at.relations.as_slice()
                        && only.columns.is_none()
                        && let Some(table) = &only.table
                    {
                        return column_origin(table, column);
                    }
                    level = at.parent;
                }
                if let Some(origins) = self.variables.get(column) {
                    return origins.clone();
                }
                if let Some(param) = self.catalog.params.get(column) {
                    return Origins::from([Origin::Param(param.clone())]);
                }
                if CLOCKS.contains(&column.as_str()) {
                    return Origins::new();
                }
                self.unresolved.insert(column.clone());
                Origins::new()
            }
            [alias, column] => {
                let mut level = Some(scope);
                while let Some(at) = level {
                    if let Some(relation) = at.relations.iter().find(|r| r.alias == *alias) {
                        return relation_column(relation, column).unwrap_or_default();
                    }
                    level = at.parent;
                }
                self.unresolved.insert(format!("{alias}.{column}"));
                Origins::new()
            }
            [.., schema, table, column] => {
                let table = format!("{schema}.{table}");
                if self.catalog.columns(&table).is_some() {
                    return column_origin(&table, column);
                }
                self.resolve(&[table, column.clone()], scope)
            }
            [] => Origins::new(),
        }
    }
}

/// A column of a relation: its origins, `None` when the relation has no
/// such column. A table the catalog does not describe has every column.
fn relation_column(relation: &Relation, column: &str) -> Option<Origins> {
    match &relation.columns {
        Some(columns) => columns
            .iter()
            .find(|(name, _)| name.as_deref() == Some(column))
            .map(|(_, origins)| origins.clone()),
        None => relation.table.as_ref().map(|t| column_origin(t, column)),
    }
}

fn column_origin(table: &str, column: &str) -> Origins {
    Origins::from([Origin::Column {
        table: table.to_string(),
        column: column.to_string(),
    }])
}

/// `*` of one relation.
fn star(relation: &Relation, at: SqlSpan) -> Vec<Output> {
    relation
        .columns
        .iter()
        .flatten()
        .map(|(name, origins)| Output {
            name: name.clone(),
            origins: origins.clone(),
            at,
        })
        .collect()
}

fn named(derived: &Derived) -> Vec<(Option<String>, Origins)> {
    derived
        .columns
        .iter()
        .map(|c| (c.name.clone(), c.origins.clone()))
        .collect()
}

/// A CTE's or derived table's column aliases, `name (a, b)`, by position.
fn renamed(mut derived: Derived, alias: &TableAlias) -> Derived {
    for (column, name) in derived.columns.iter_mut().zip(&alias.columns) {
        column.name = Some(lower(&name.name));
    }
    derived
}

/// A table alias's column list, `t (a, b)`, renames the table's columns.
fn aliased(mut relation: Relation, alias: Option<&TableAlias>) -> Relation {
    if let (Some(columns), Some(alias)) = (&mut relation.columns, alias) {
        for (column, name) in columns.iter_mut().zip(&alias.columns) {
            column.0 = Some(lower(&name.name));
        }
    }
    relation
}

/// The name an unaliased output column takes: a column reference's last part.
fn expr_name(expr: &Expr) -> Option<String> {
    match expr {
        Expr::Identifier(ident) => Some(lower(ident)),
        Expr::CompoundIdentifier(parts) => parts.last().map(lower),
        Expr::Nested(inner) => expr_name(inner),
        _ => None,
    }
}
