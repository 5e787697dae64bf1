//! A plan's changes as the script a DBA reviews and applies.
//!
//! Every change is preceded by a comment with its class and its reason.
//! Statements run one by one in autocommit (Redshift refuses ALTER COLUMN
//! TYPE in a transaction block); a rebuild is one CALL of a procedure
//! created for it, so its copy, count check and swap commit or fail
//! together. A destructive change is written as a comment unless allowed; a
//! blocked one always is.

use std::collections::BTreeSet;

use super::ddl::{column, create_table, dist_style, idents, table_name};
use super::{Change, ChangeKind, Safety};
use crate::backend::redshift::grants;
use crate::spec::model::{DistStyle, QualifiedName, Table};
use crate::target::{Target, ident, qualified};

/// What the script's header names.
#[derive(Clone, Debug)]
pub struct Header {
    /// The pipeline.
    pub pipeline: String,
    /// The old state (a revision or a directory).
    pub from: String,
    /// The new state.
    pub to: String,
}

/// The change script of `changes` for `target`.
pub fn render(
    changes: &[Change],
    header: &Header,
    target: &dyn Target,
    allow_destructive: bool,
) -> String {
    let mut out = format!(
        "-- Change plan of pipeline {} from {} to {}, written by `eltc plan`: review it, then apply it in order.\n",
        header.pipeline, header.from, header.to
    );
    out.push_str("-- Each statement runs on its own (autocommit); a rebuild is one CALL: it commits whole or not at all.\n");
    out.push_str(&format!("-- {}\n", summary(changes, allow_destructive)));
    let mut schemas = BTreeSet::new();
    for change in changes {
        let emitted = match change.safety {
            Safety::Blocked => false,
            Safety::Destructive => allow_destructive,
            _ => true,
        };
        let note = match (change.safety, emitted) {
            (Safety::Destructive, false) => " (not applied: rerun with --allow-destructive)",
            (Safety::Blocked, _) => " (cannot be applied: change the spec)",
            _ => "",
        };
        out.push_str(&format!(
            "\n-- [{}]{note} {}\n",
            change.safety,
            describe(change)
        ));
        out.push_str(&format!("-- {}\n", change.why));
        if !change.touches.is_empty() {
            out.push_str(&format!("-- touches: {}\n", change.touches.join("; ")));
        }
        if let ChangeKind::CreateTable(table) = &change.kind
            && schemas.insert(table.name.schema.clone())
        {
            out.push_str(&format!(
                "CREATE SCHEMA IF NOT EXISTS {};\n",
                ident(&table.name.schema)
            ));
        }
        let sql = statements(change, target);
        if emitted {
            out.push_str(&sql);
        } else {
            for line in sql.lines() {
                out.push_str(&format!("-- {line}\n"));
            }
        }
    }
    out
}

/// One line: how many changes of each class.
pub fn summary(changes: &[Change], allow_destructive: bool) -> String {
    let count = |safety| changes.iter().filter(|c| c.safety == safety).count();
    let mut text = format!(
        "{} change(s): {} safe, {} need data work, {} destructive, {} blocked",
        changes.len(),
        count(Safety::Safe),
        count(Safety::NeedsDataWork),
        count(Safety::Destructive),
        count(Safety::Blocked)
    );
    if count(Safety::Destructive) > 0 && !allow_destructive {
        text.push_str(" (destructive ones are listed, not applied)");
    }
    text
}

/// A short description of the change, for its comment and the CLI's listing.
pub fn describe(change: &Change) -> String {
    match &change.kind {
        ChangeKind::CreateTable(table) => format!("create table {}", table.name),
        ChangeKind::AddColumn { table, column } => {
            format!("{table}: add column {} {}", column.name, column.ty)
        }
        ChangeKind::WidenVarchar { table, column, to } => {
            format!("{table}: widen {column} to {to}")
        }
        ChangeKind::Encode {
            table,
            column,
            encode,
        } => {
            format!("{table}: encode {column} with {encode}")
        }
        ChangeKind::Distribution { table, style, key } => match key {
            Some(key) => format!("{table}: distribute by key {key}"),
            None => format!("{table}: distribution style {}", dist_style(*style)),
        },
        ChangeKind::SortKey { table, columns } if columns.is_empty() => {
            format!("{table}: sort key AUTO")
        }
        ChangeKind::SortKey { table, columns } => {
            format!("{table}: sort key ({})", columns.join(", "))
        }
        ChangeKind::Rebuild { new, .. } => format!("rebuild {}", new.name),
        ChangeKind::DropColumn { table, column } => format!("{table}: drop column {column}"),
        ChangeKind::DropTable(table) => format!("drop table {table}"),
        ChangeKind::Procedures { file, .. } => format!("replace the procedures of {file}"),
        ChangeKind::Grant(grant) => grants::grant(grant).to_lowercase(),
        ChangeKind::Revoke(grant) => grants::revoke(grant).to_lowercase(),
        ChangeKind::StaleProcedures(names) => {
            format!("procedures no longer generated: {}", names.join(", "))
        }
        ChangeKind::NotNullWithoutDefault { table, column } => {
            format!(
                "{table}: add NOT NULL column {} without DEFAULT",
                column.name
            )
        }
    }
}

/// The statements of one change, each ending with `;` and a newline.
fn statements(change: &Change, target: &dyn Target) -> String {
    let alter = |table: &QualifiedName, rest: String| {
        format!("ALTER TABLE {} {rest};\n", table_name(table))
    };
    match &change.kind {
        ChangeKind::CreateTable(table) => {
            format!(
                "{};\n",
                create_table(table, &table_name(&table.name), target)
            )
        }
        ChangeKind::AddColumn { table, column: c }
        | ChangeKind::NotNullWithoutDefault { table, column: c } => {
            alter(table, format!("ADD COLUMN {}", column(c, target)))
        }
        ChangeKind::WidenVarchar { table, column, to } => {
            alter(table, format!("ALTER COLUMN {} TYPE {to}", ident(column)))
        }
        ChangeKind::Encode {
            table,
            column,
            encode,
        } if target.physical_options() => alter(
            table,
            format!("ALTER COLUMN {} ENCODE {encode}", ident(column)),
        ),
        ChangeKind::Distribution { table, style, key } if target.physical_options() => {
            match (style, key) {
                (DistStyle::Key, Some(key)) => {
                    alter(table, format!("ALTER DISTKEY {}", ident(key)))
                }
                _ => alter(table, format!("ALTER DISTSTYLE {}", dist_style(*style))),
            }
        }
        ChangeKind::SortKey { table, columns } if target.physical_options() => {
            if columns.is_empty() {
                alter(table, "ALTER SORTKEY AUTO".into())
            } else {
                alter(table, format!("ALTER SORTKEY ({})", idents(columns)))
            }
        }
        ChangeKind::Encode { .. }
        | ChangeKind::Distribution { .. }
        | ChangeKind::SortKey { .. } => {
            format!(
                "-- (no {} form: physical options only exist on Redshift)\n",
                target.name()
            )
        }
        ChangeKind::Rebuild { old, new } => rebuild(old, new, target),
        ChangeKind::DropColumn { table, column } => {
            alter(table, format!("DROP COLUMN {}", ident(column)))
        }
        ChangeKind::DropTable(table) => format!("DROP TABLE {};\n", table_name(table)),
        ChangeKind::Procedures { text, .. } => text.clone(),
        // The test form's database has none of the grantees (src/target/postgres.rs, entry 19).
        ChangeKind::Grant(_) | ChangeKind::Revoke(_) if !target.grants() => String::new(),
        ChangeKind::Grant(grant) => format!("{};\n", grants::grant(grant)),
        ChangeKind::Revoke(grant) => format!("{};\n", grants::revoke(grant)),
        ChangeKind::StaleProcedures(names) => names
            .iter()
            .map(|name| format!("-- DROP PROCEDURE {name}(<its argument types>);\n"))
            .collect(),
    }
}

/// A rebuild: a procedure that creates the new table, copies the rows with
/// casts, checks the count, swaps the tables by rename and drops the old one;
/// called once, then dropped. A failure anywhere rolls the CALL back.
fn rebuild(old: &Table, new: &Table, target: &dyn Target) -> String {
    let name = &new.name;
    let staged = format!("{}__eltc_new", name.name);
    let retired = format!("{}__eltc_old", name.name);
    let procedure = qualified(&name.schema, &format!("eltc_rebuild_{}", name.name));
    let copied: Vec<_> = new
        .columns
        .iter()
        .filter(|c| old.column(&c.name).is_some() && c.identity.is_none())
        .collect();
    let targets = copied
        .iter()
        .map(|c| ident(&c.name))
        .collect::<Vec<_>>()
        .join(", ");
    let values = copied
        .iter()
        .map(|c| match old.column(&c.name) {
            Some(before) if before.ty != c.ty => format!("CAST({} AS {})", ident(&c.name), c.ty),
            _ => ident(&c.name),
        })
        .collect::<Vec<_>>()
        .join(", ");
    let create =
        create_table(new, &qualified(&name.schema, &staged), target).replace('\n', "\n    ");
    let table = table_name(name);
    let staged_table = qualified(&name.schema, &staged);
    let message = target.literal(&format!("rebuild of {name}: % rows before, % after"));
    format!(
        "CREATE OR REPLACE PROCEDURE {procedure}()
AS $$
DECLARE
    v_before BIGINT;
    v_after BIGINT;
BEGIN
    {create};
    INSERT INTO {staged_table} ({targets})
    SELECT {values}
    FROM {table};
    SELECT COUNT(*) INTO v_before FROM {table};
    SELECT COUNT(*) INTO v_after FROM {staged_table};
    IF v_before <> v_after THEN
        RAISE EXCEPTION {message}, v_before, v_after;
    END IF;
    ALTER TABLE {table} RENAME TO {retired_ident};
    ALTER TABLE {staged_table} RENAME TO {name_ident};
    DROP TABLE {retired_table};
END;
$$ LANGUAGE plpgsql;
CALL {procedure}();
DROP PROCEDURE {procedure}();
",
        retired_ident = ident(&retired),
        name_ident = ident(&name.name),
        retired_table = qualified(&name.schema, &retired),
    )
}
