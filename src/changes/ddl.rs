//! Table and column definitions in a change script, for a target: the same
//! clauses ddl.sql writes, through the target's identifier, default and
//! identity spelling.

use crate::spec::model::{Column, Dialect, DistStyle, QualifiedName, Table};
use crate::sql::parse::parse_synthetic_expr;
use crate::target::{Target, ident, qualified};

/// `schema.name`, quoted as needed.
pub fn table_name(name: &QualifiedName) -> String {
    qualified(&name.schema, &name.name)
}

/// A column definition: `name TYPE [DEFAULT e] [IDENTITY] [ENCODE e] [NOT NULL]`.
pub fn column(column: &Column, target: &dyn Target) -> String {
    let mut text = format!("{} {}", ident(&column.name), column.ty);
    if let Some(default) = &column.default {
        // The spec's Redshift SQL, as a tree in the target's form; text that
        // is not one expression is already an error of `eltc build`.
        let default = match parse_synthetic_expr(default, Dialect::Redshift) {
            Ok(expr) => target.expr(&expr),
            Err(_) => default.clone(),
        };
        text.push_str(&format!(" DEFAULT {default}"));
    }
    if let Some((seed, step)) = column.identity {
        text.push(' ');
        text.push_str(&target.identity(seed, step));
    }
    if let Some(encode) = column.encode.as_ref().filter(|_| target.physical_options()) {
        text.push_str(&format!(" ENCODE {encode}"));
    }
    if column.not_null {
        text.push_str(" NOT NULL");
    }
    text
}

/// `CREATE TABLE name (...)` with the table's constraints and physical
/// options, under the name `name` (a rebuild creates the new table beside
/// the old one), without the final semicolon.
pub fn create_table(table: &Table, name: &str, target: &dyn Target) -> String {
    let mut items: Vec<String> = table.columns.iter().map(|c| column(c, target)).collect();
    if target.informational_constraints() {
        if !table.primary_key.is_empty() {
            items.push(format!("PRIMARY KEY ({})", idents(&table.primary_key)));
        }
        for unique in &table.unique {
            items.push(format!("UNIQUE ({})", idents(unique)));
        }
    }
    let mut text = format!("CREATE TABLE {name} (\n    {}\n)", items.join(",\n    "));
    if target.physical_options() {
        if !table.backup {
            text.push_str("\nBACKUP NO");
        }
        match (&table.distkey, table.diststyle) {
            (Some(key), _) => text.push_str(&format!("\nDISTSTYLE KEY\nDISTKEY ({})", ident(key))),
            (None, Some(style)) => text.push_str(&format!("\nDISTSTYLE {}", dist_style(style))),
            (None, None) => {}
        }
        if !table.sortkey.is_empty() {
            text.push_str(&format!("\nSORTKEY ({})", idents(&table.sortkey)));
        }
    }
    text
}

/// A distribution style's keyword.
pub fn dist_style(style: DistStyle) -> &'static str {
    match style {
        DistStyle::Auto => "AUTO",
        DistStyle::Even => "EVEN",
        DistStyle::Key => "KEY",
        DistStyle::All => "ALL",
    }
}

/// Identifiers, comma-separated.
pub fn idents(names: &[String]) -> String {
    names
        .iter()
        .map(|n| ident(n))
        .collect::<Vec<_>>()
        .join(", ")
}
