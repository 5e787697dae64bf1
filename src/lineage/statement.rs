//! The effect of one translated statement on the tables it writes: which
//! column takes its value from what, and what decides the rows it writes,
//! updates or deletes.
//!
//! INSERT maps the query's output columns to the column list, or to the
//! table's columns by position; UPDATE's `SET col = expr` gives `col` the
//! expression's origins; DELETE's conditions decide which rows of every
//! column remain. A temporary table (CREATE TEMP TABLE, with or without AS
//! SELECT, and what later statements insert into it) is recorded in the
//! analyzer, so the statements after it read through it, until it is
//! dropped. A statement of any other kind is returned as not followed.

use sqlparser::ast::{
    AssignmentTarget, CreateTable, Delete, FromTable, Insert, ObjectType, Spanned, Statement,
    TableFactor, TableObject, Update, UpdateTableFromKind,
};
use sqlparser::tokenizer::Span as SqlSpan;

use super::query::{Analyzer, Derived, Origins, Output, object_name};

/// What a statement does to a table.
#[derive(Clone, Debug)]
pub enum Effect {
    /// `table.column` takes its value from `origins`.
    Value {
        /// `schema.table`.
        table: String,
        /// The column written.
        column: String,
        /// Where the value comes from.
        origins: Origins,
        /// Where the value is written.
        at: SqlSpan,
    },
    /// Which rows of `table` the statement writes, updates or keeps (in
    /// `columns`) is decided by `origins`.
    Rows {
        /// `schema.table`.
        table: String,
        /// The columns whose rows it decides.
        columns: Vec<String>,
        /// What decides.
        origins: Origins,
        /// Where (empty: the statement).
        at: SqlSpan,
    },
    /// A statement lineage does not follow, described.
    NotFollowed(String),
}

/// The effects of `statement`; temporary tables are recorded in `analyzer`.
pub fn effects(analyzer: &mut Analyzer<'_>, statement: &Statement) -> Vec<Effect> {
    match statement {
        Statement::Insert(insert) => insert_effects(analyzer, insert),
        Statement::Update(update) => update_effects(analyzer, update),
        Statement::Delete(delete) => delete_effects(analyzer, delete),
        Statement::CreateTable(create) => create_effects(analyzer, create),
        Statement::Drop {
            object_type: ObjectType::Table,
            names,
            ..
        } => {
            for name in names {
                analyzer.temps.remove(&object_name(name));
            }
            Vec::new()
        }
        Statement::Query(query) => {
            // Read only (a SELECT INTO a PL/SQL variable): nothing written.
            analyzer.query(query, None);
            Vec::new()
        }
        other => {
            let text = other.to_string();
            let words: Vec<&str> = text.split_whitespace().take(2).collect();
            vec![Effect::NotFollowed(format!(
                "a `{}` statement",
                words.join(" ")
            ))]
        }
    }
}

/// The rows of `derived` written to `columns` of `table`, by position;
/// into a temporary table, recorded there instead.
pub fn write_rows(
    analyzer: &mut Analyzer<'_>,
    table: &str,
    columns: &[String],
    derived: Derived,
) -> Vec<Effect> {
    if let Some(temp) = analyzer.temps.get_mut(table) {
        for (name, output) in columns.iter().zip(derived.columns) {
            if let Some(column) = temp
                .columns
                .iter_mut()
                .find(|c| c.name.as_deref() == Some(name))
            {
                column.origins.extend(output.origins);
            }
        }
        temp.rows.extend(derived.rows);
        return Vec::new();
    }
    let mut out: Vec<Effect> = columns
        .iter()
        .zip(derived.columns)
        .map(|(column, output)| Effect::Value {
            table: table.to_string(),
            column: column.clone(),
            origins: output.origins,
            at: output.at,
        })
        .collect();
    out.push(Effect::Rows {
        table: table.to_string(),
        columns: columns.iter().take(out.len()).cloned().collect(),
        origins: derived.rows,
        at: derived.rows_at,
    });
    out
}

fn insert_effects(analyzer: &mut Analyzer<'_>, insert: &Insert) -> Vec<Effect> {
    let TableObject::TableName(name) = &insert.table else {
        return vec![Effect::NotFollowed(
            "an INSERT into a table function".into(),
        )];
    };
    let table = object_name(name);
    let Some(source) = &insert.source else {
        return vec![Effect::NotFollowed(format!(
            "an INSERT into {table} without a query"
        ))];
    };
    let derived = analyzer.query(source, None);
    let columns = if insert.columns.is_empty() {
        match analyzer.table_columns(&table) {
            Some(columns) => columns,
            None => {
                return vec![Effect::NotFollowed(format!(
                    "an INSERT without a column list into {table}, whose columns are unknown"
                ))];
            }
        }
    } else {
        insert
            .columns
            .iter()
            .map(|c| {
                object_name(c)
                    .rsplit('.')
                    .next()
                    .unwrap_or_default()
                    .to_string()
            })
            .collect()
    };
    write_rows(analyzer, &table, &columns, derived)
}

fn update_effects(analyzer: &mut Analyzer<'_>, update: &Update) -> Vec<Effect> {
    let TableFactor::Table { name, .. } = &update.table.relation else {
        return vec![Effect::NotFollowed("an UPDATE of a subquery".into())];
    };
    let table = object_name(name);
    let from = match &update.from {
        Some(UpdateTableFromKind::BeforeSet(tables) | UpdateTableFromKind::AfterSet(tables)) => {
            tables.as_slice()
        }
        None => &[],
    };
    let (scope, mut rows) = analyzer.from_clause(std::iter::once(&update.table).chain(from), None);
    if let Some(selection) = &update.selection {
        rows.extend(analyzer.expr(selection, &scope));
    }
    let mut out = Vec::new();
    let mut columns = Vec::new();
    for assignment in &update.assignments {
        let AssignmentTarget::ColumnName(target) = &assignment.target else {
            out.push(Effect::NotFollowed(format!(
                "a tuple assignment in an UPDATE of {table}"
            )));
            continue;
        };
        let column = object_name(target)
            .rsplit('.')
            .next()
            .unwrap_or_default()
            .to_string();
        let origins = analyzer.expr(&assignment.value, &scope);
        columns.push(column.clone());
        out.push(Effect::Value {
            table: table.clone(),
            column,
            origins,
            at: assignment.span(),
        });
    }
    if let Some(temp) = analyzer.temps.get_mut(&table) {
        record_in_temp(temp, out, rows);
        return Vec::new();
    }
    out.push(Effect::Rows {
        table,
        columns,
        origins: rows,
        at: update
            .selection
            .as_ref()
            .map_or_else(SqlSpan::empty, Spanned::span),
    });
    out
}

fn delete_effects(analyzer: &mut Analyzer<'_>, delete: &Delete) -> Vec<Effect> {
    let (FromTable::WithFromKeyword(tables) | FromTable::WithoutKeyword(tables)) = &delete.from;
    let Some(TableFactor::Table { name, .. }) = tables.first().map(|t| &t.relation) else {
        return vec![Effect::NotFollowed("a DELETE without a table".into())];
    };
    let table = object_name(name);
    let using = delete.using.as_deref().unwrap_or_default();
    let (scope, mut rows) = analyzer.from_clause(tables.iter().chain(using), None);
    if let Some(selection) = &delete.selection {
        rows.extend(analyzer.expr(selection, &scope));
    }
    if let Some(temp) = analyzer.temps.get_mut(&table) {
        temp.rows.extend(rows);
        return Vec::new();
    }
    // Which rows remain is decided for every column of the table.
    let columns = analyzer.table_columns(&table).unwrap_or_default();
    vec![Effect::Rows {
        table,
        columns,
        origins: rows,
        at: delete
            .selection
            .as_ref()
            .map_or_else(SqlSpan::empty, Spanned::span),
    }]
}

fn create_effects(analyzer: &mut Analyzer<'_>, create: &CreateTable) -> Vec<Effect> {
    let table = object_name(&create.name);
    let known = analyzer.catalog.columns(&table).is_some();
    match (&create.query, known) {
        (Some(query), false) => {
            let mut derived = analyzer.query(query, None);
            for (column, def) in derived.columns.iter_mut().zip(&create.columns) {
                column.name = Some(def.name.value.to_lowercase());
            }
            analyzer.temps.insert(table, derived);
            Vec::new()
        }
        (Some(query), true) => {
            let derived = analyzer.query(query, None);
            let columns = analyzer.table_columns(&table).unwrap_or_default();
            write_rows(analyzer, &table, &columns, derived)
        }
        (None, false) => {
            let columns = create
                .columns
                .iter()
                .map(|c| Output {
                    name: Some(c.name.value.to_lowercase()),
                    origins: Origins::new(),
                    at: SqlSpan::empty(),
                })
                .collect();
            analyzer.temps.insert(
                table,
                Derived {
                    columns,
                    ..Derived::default()
                },
            );
            Vec::new()
        }
        // The DDL of a declared table: its columns come from the spec.
        (None, true) => Vec::new(),
    }
}

/// An UPDATE of a temporary table: its values and row conditions become
/// the temporary table's.
fn record_in_temp(temp: &mut Derived, effects: Vec<Effect>, rows: Origins) {
    for effect in effects {
        if let Effect::Value {
            column, origins, ..
        } = effect
            && let Some(output) = temp
                .columns
                .iter_mut()
                .find(|c| c.name.as_deref() == Some(column.as_str()))
        {
            output.origins.extend(origins);
        }
    }
    temp.rows.extend(rows);
}
