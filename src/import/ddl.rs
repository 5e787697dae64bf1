//! The legacy DDL and PL/SQL, through `eltc translate`'s own path
//! ([`crate::plsql::translate_files`]): CREATE TABLE (and the structure copy
//! `CREATE TABLE t AS SELECT * FROM s WHERE 1 = 2`) becomes Redshift's with
//! the documented type mapping, and a sequence whose NEXTVAL feeds a column
//! becomes that column's IDENTITY. The Redshift statements are read back into
//! the spec's `tables:` entries.

use sqlparser::ast::{ColumnOption, CreateTable, Statement, TableConstraint};

use crate::diag::{Diagnostic, Span};
use crate::import::model::{ColumnOut, TableOut};
use crate::plsql::{Input, Output, translate_files_in};

/// The tables of the translated inputs, and the translation's diagnostics.
pub fn tables(
    inputs: &[Input<'_>],
    schema: Option<&str>,
    spans: &dyn Fn(&str) -> Span,
) -> (Vec<TableOut>, Vec<Diagnostic>) {
    let translation = translate_files_in(inputs, schema);
    let mut tables = Vec::new();
    for output in translation.outputs {
        if let Output::Statement(Statement::CreateTable(create)) = output {
            tables.push(table(&create, spans));
        }
    }
    (tables, translation.diagnostics)
}

fn table(create: &CreateTable, spans: &dyn Fn(&str) -> Span) -> TableOut {
    let name = create.name.to_string().to_lowercase();
    let mut primary_key = Vec::new();
    let mut columns = Vec::new();
    for def in &create.columns {
        let column = def.name.value.to_lowercase();
        let mut out = ColumnOut {
            name: column.clone(),
            ty: spec_type(&def.data_type.to_string()),
            not_null: false,
            default: None,
            identity: None,
        };
        for option in &def.options {
            let printed = option.option.to_string();
            match &option.option {
                ColumnOption::NotNull => out.not_null = true,
                ColumnOption::Default(expr) => out.default = Some(expr.to_string()),
                ColumnOption::Identity(_) => out.identity = identity(&printed),
                _ if printed.to_ascii_uppercase().starts_with("PRIMARY KEY") => {
                    primary_key.push(column.clone());
                    out.not_null = true;
                }
                _ => {}
            }
        }
        columns.push(out);
    }
    for constraint in &create.constraints {
        if let TableConstraint::PrimaryKey(key) = constraint {
            primary_key = key
                .columns
                .iter()
                .map(|c| c.to_string().to_lowercase())
                .collect();
        }
    }
    for column in &mut columns {
        if primary_key.contains(&column.name) {
            column.not_null = true;
        }
    }
    TableOut {
        span: spans(&name),
        name,
        columns,
        primary_key,
        distkey: None,
        sortkey: None,
        comments: Vec::new(),
    }
}

/// A Redshift type as sqlparser prints it, in the spec's spelling.
fn spec_type(printed: &str) -> String {
    let lower = printed.to_ascii_lowercase().replace(", ", ",");
    match lower.strip_prefix("decimal") {
        Some(rest) => format!("numeric{rest}"),
        None => lower,
    }
}

/// `IDENTITY(1000, 1)` -> (1000, 1).
fn identity(printed: &str) -> Option<(i64, i64)> {
    let inner = printed.split_once('(')?.1.split_once(')')?.0;
    let (seed, step) = inner.split_once(',')?;
    Some((seed.trim().parse().ok()?, step.trim().parse().ok()?))
}
