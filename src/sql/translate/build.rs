//! Builders of the sqlparser nodes the expansions of `merge` and
//! `multi_insert` are made of.
//!
//! Each builder gives the node sqlparser's Oracle parser gives for the same
//! text (`s.x` a `CompoundIdentifier`, `(p)` an `Expr::Nested`, a table alias
//! without `AS` and without columns, `SELECT` of the standard flavor, empty
//! GROUP BY lists), so the translator sees an expansion exactly as it would
//! see the statement written out by hand: `expand_tests` compares both. Nodes built here have no
//! position; the expansions are translated with `Translator::synthetic` set,
//! which reports at the statement they came from.

use sqlparser::ast::helpers::attached_token::AttachedToken;
use sqlparser::ast::helpers::stmt_create_table::CreateTableBuilder;
use sqlparser::ast::{
    Assignment, BinaryOperator, CaseWhen, Delete, Expr, FromTable, GroupByExpr, Ident, Insert,
    ObjectName, ObjectType, Query, Select, SelectFlavor, SelectItem, SetExpr, Statement,
    TableAlias, TableFactor, TableObject, TableWithJoins, Update, UpdateTableFromKind, Value,
};

/// `value` as an unquoted identifier.
pub(super) fn ident(value: &str) -> Ident {
    Ident::new(value)
}

/// The one-part name `value`.
pub(super) fn name(value: &str) -> ObjectName {
    ObjectName::from(vec![ident(value)])
}

/// `qualifier.column`.
pub(super) fn column(qualifier: &Ident, column: &str) -> Expr {
    Expr::CompoundIdentifier(vec![qualifier.clone(), ident(column)])
}

/// The integer literal `n`.
pub(super) fn number(n: usize) -> Expr {
    Expr::value(Value::Number(n.to_string(), false))
}

/// `left AND right`.
pub(super) fn and(left: Expr, right: Expr) -> Expr {
    binary(left, BinaryOperator::And, right)
}

/// `left = right`.
pub(super) fn eq(left: Expr, right: Expr) -> Expr {
    binary(left, BinaryOperator::Eq, right)
}

fn binary(left: Expr, op: BinaryOperator, right: Expr) -> Expr {
    Expr::BinaryOp {
        left: Box::new(left),
        op,
        right: Box::new(right),
    }
}

/// `(e)`.
pub(super) fn nested(e: Expr) -> Expr {
    Expr::Nested(Box::new(e))
}

/// `CASE WHEN c1 THEN r1 ... ELSE otherwise END`.
pub(super) fn case(branches: Vec<(Expr, Expr)>, otherwise: Expr) -> Expr {
    Expr::Case {
        case_token: AttachedToken::empty(),
        end_token: AttachedToken::empty(),
        operand: None,
        conditions: branches
            .into_iter()
            .map(|(condition, result)| CaseWhen { condition, result })
            .collect(),
        else_result: Some(Box::new(otherwise)),
    }
}

/// `EXISTS (query)`.
pub(super) fn exists(query: Query) -> Expr {
    Expr::Exists {
        subquery: Box::new(query),
        negated: false,
    }
}

/// `name [alias]` in a FROM list.
pub(super) fn table(name: ObjectName, alias: Option<Ident>) -> TableFactor {
    TableFactor::Table {
        name,
        alias: alias.map(table_alias),
        args: None,
        with_hints: Vec::new(),
        version: None,
        with_ordinality: false,
        partitions: Vec::new(),
        json_path: None,
        sample: None,
        index_directives: Vec::new(),
        inheritance: None,
    }
}

/// `(subquery) alias` in a FROM list.
pub(super) fn derived(subquery: Query, alias: Ident) -> TableFactor {
    TableFactor::Derived {
        lateral: false,
        subquery: Box::new(subquery),
        alias: Some(table_alias(alias)),
        sample: None,
    }
}

/// An alias written without `AS` and without column names.
fn table_alias(name: Ident) -> TableAlias {
    TableAlias {
        explicit: false,
        name,
        columns: Vec::new(),
        at: None,
    }
}

/// A FROM item without joins.
fn item(relation: TableFactor) -> TableWithJoins {
    TableWithJoins {
        relation,
        joins: Vec::new(),
    }
}

/// `SELECT projection FROM from [WHERE selection]`.
pub(super) fn select(
    projection: Vec<SelectItem>,
    from: TableFactor,
    selection: Option<Expr>,
) -> Query {
    let select = Select {
        select_token: AttachedToken::empty(),
        optimizer_hints: Vec::new(),
        distinct: None,
        select_modifiers: None,
        top: None,
        top_before_distinct: false,
        projection,
        exclude: None,
        into: None,
        from: vec![item(from)],
        lateral_views: Vec::new(),
        prewhere: None,
        selection,
        connect_by: Vec::new(),
        group_by: GroupByExpr::Expressions(Vec::new(), Vec::new()),
        cluster_by: Vec::new(),
        distribute_by: Vec::new(),
        sort_by: Vec::new(),
        having: None,
        named_window: Vec::new(),
        qualify: None,
        window_before_qualify: false,
        value_table_mode: None,
        flavor: SelectFlavor::Standard,
    };
    Query {
        with: None,
        body: Box::new(SetExpr::Select(Box::new(select))),
        order_by: None,
        limit_clause: None,
        fetch: None,
        locks: Vec::new(),
        for_clause: None,
        settings: None,
        format_clause: None,
        pipe_operators: Vec::new(),
    }
}

/// `CREATE TEMPORARY TABLE name AS query`.
pub(super) fn create_temp(name: &str, query: Query) -> Statement {
    CreateTableBuilder::new(self::name(name))
        .temporary(true)
        .query(Some(Box::new(query)))
        .build()
        .into()
}

/// `DROP TABLE [IF EXISTS] name`.
pub(super) fn drop_table(name: &str, if_exists: bool) -> Statement {
    Statement::Drop {
        object_type: ObjectType::Table,
        if_exists,
        names: vec![self::name(name)],
        cascade: false,
        restrict: false,
        purge: false,
        temporary: false,
        table: None,
    }
}

/// `INSERT INTO table [(columns)] source`.
pub(super) fn insert(table: ObjectName, columns: Vec<ObjectName>, source: Query) -> Statement {
    Insert {
        insert_token: AttachedToken::empty(),
        optimizer_hints: Vec::new(),
        or: None,
        ignore: false,
        into: true,
        table: TableObject::TableName(table),
        table_alias: None,
        columns,
        by_name: false,
        overwrite: false,
        source: Some(Box::new(source)),
        assignments: Vec::new(),
        partitioned: None,
        after_columns: Vec::new(),
        overriding: None,
        has_table_keyword: false,
        on: None,
        returning: None,
        output: None,
        replace_into: false,
        priority: None,
        insert_alias: None,
        settings: None,
        format_clause: None,
        multi_table_insert_type: None,
        multi_table_into_clauses: Vec::new(),
        multi_table_when_clauses: Vec::new(),
        multi_table_else_clause: None,
    }
    .into()
}

/// `UPDATE table SET assignments FROM from WHERE selection`.
pub(super) fn update(
    table: TableFactor,
    assignments: Vec<Assignment>,
    from: TableFactor,
    selection: Expr,
) -> Statement {
    Update {
        update_token: AttachedToken::empty(),
        optimizer_hints: Vec::new(),
        table: item(table),
        on_cluster: None,
        assignments,
        from: Some(UpdateTableFromKind::AfterSet(vec![item(from)])),
        selection: Some(selection),
        returning: None,
        output: None,
        or: None,
        order_by: Vec::new(),
        limit: None,
        settings: None,
    }
    .into()
}

/// `DELETE FROM table USING using WHERE selection`.
pub(super) fn delete(table: TableFactor, using: TableFactor, selection: Expr) -> Statement {
    Delete {
        delete_token: AttachedToken::empty(),
        optimizer_hints: Vec::new(),
        tables: Vec::new(),
        from: FromTable::WithFromKeyword(vec![item(table)]),
        on_cluster: None,
        using: Some(vec![item(using)]),
        selection: Some(selection),
        returning: None,
        output: None,
        order_by: Vec::new(),
        limit: None,
        settings: None,
    }
    .into()
}
