//! Two states of a pipeline into the ordered list of changes between them.
//!
//! A table present in both is altered in place when every difference is one
//! ALTER TABLE makes (a column added at the end, a VARCHAR made longer, an
//! encoding, the distribution or sort key, a column dropped); any other
//! difference rebuilds it, and the rebuild carries the whole change.

use super::impact::{downstream, touched};
use super::types::{encoding_allows_alter, keeps_every_value, varchar_widening};
use super::{Change, ChangeKind, Safety, State};
use crate::backend::plan::grants::{GrantObject, PlanGrant};
use crate::spec::model::{Column, DistStyle, Table};

/// The table every pipeline of a schema shares: never dropped with one pipeline.
const SHARED_TABLE: &str = "eltc_run_log";

/// The changes from `old` to `new` (either absent: a pipeline added or
/// removed), in the order they must be applied.
pub fn diff(old: Option<&State>, new: Option<&State>) -> Vec<Change> {
    let no_tables = Vec::new();
    let old_tables = old.map_or(&no_tables, |s| &s.tables);
    let new_tables = new.map_or(&no_tables, |s| &s.tables);
    let mut changes = Vec::new();
    for table in new_tables {
        match old_tables.iter().find(|t| t.name == table.name) {
            Some(before) => changes.extend(table_changes(before, table)),
            None => changes.push(Change::new(
                ChangeKind::CreateTable(table.clone()),
                Safety::Safe,
                "a new table: CREATE TABLE",
            )),
        }
    }
    for table in old_tables {
        let kept = new_tables.iter().any(|t| t.name == table.name);
        if !kept && table.name.name != SHARED_TABLE {
            changes.push(Change::new(
                ChangeKind::DropTable(table.name.clone()),
                Safety::Destructive,
                "the table is no longer declared: DROP TABLE loses its rows",
            ));
        }
    }
    let grants = grant_changes(old, new, &changes);
    changes.extend(grants);
    changes.extend(procedure_changes(old, new));
    changes.sort_by_key(Change::phase);
    if let Some(state) = new.or(old) {
        for change in &mut changes {
            change.touches = touched(change, &state.readers);
            // A dropped column is only in the old state's lineage.
            let lineage = match change.kind {
                ChangeKind::DropColumn { .. } | ChangeKind::DropTable(_) => old.unwrap_or(state),
                _ => state,
            };
            change.touches.extend(downstream(change, &lineage.lineage));
        }
    }
    changes
}

/// GRANT what the new state grants and the database does not have: new
/// grants, and every grant on a table created or rebuilt by `tables` (a new
/// table carries none); REVOKE what the old state granted and the new one
/// does not, unless its table is dropped (its grants go with it).
fn grant_changes(old: Option<&State>, new: Option<&State>, tables: &[Change]) -> Vec<Change> {
    let Some(new) = new else {
        return Vec::new();
    };
    let old_grants = old.map_or(&[][..], |s| s.grants.as_slice());
    let fresh = |grant: &PlanGrant| {
        let GrantObject::Table(name) = &grant.on else {
            return false;
        };
        tables.iter().any(|change| match &change.kind {
            ChangeKind::CreateTable(table) => &table.name == name,
            ChangeKind::Rebuild { new, .. } => &new.name == name,
            _ => false,
        })
    };
    // EXECUTE is granted in each procedure's file, applied whenever its
    // text changes (a new `run_as` changes it): only its revoke is planned here.
    let on_procedure = |grant: &PlanGrant| matches!(grant.on, GrantObject::Procedure { .. });
    let mut changes: Vec<Change> = (new.grants.iter())
        .filter(|g| !on_procedure(g) && (fresh(g) || !old_grants.contains(g)))
        .map(|g| {
            Change::new(
                ChangeKind::Grant(g.clone()),
                Safety::Safe,
                "a privilege the spec grants: GRANT reads or rewrites no row",
            )
        })
        .collect();
    let kept = |grant: &PlanGrant| match &grant.on {
        GrantObject::Table(name) => new.tables.iter().any(|t| &t.name == name),
        GrantObject::Schema(_) => true,
        // A procedure no longer created is dropped, with its grants.
        GrantObject::Procedure { name, .. } => {
            let name = name.replace('"', "");
            new.procedures.iter().any(|p| p.eq_ignore_ascii_case(&name))
        }
    };
    changes.extend(
        old_grants
            .iter()
            .filter(|g| !new.grants.contains(g) && kept(g) && !fresh(g))
            .map(|g| {
                Change::new(
                    ChangeKind::Revoke(g.clone()),
                    Safety::Safe,
                    "a privilege the spec no longer grants: REVOKE reads or rewrites no row",
                )
            }),
    );
    changes
}

fn procedure_changes(old: Option<&State>, new: Option<&State>) -> Vec<Change> {
    let Some(new) = new else {
        let names = old.map(|s| s.procedures.clone()).unwrap_or_default();
        return vec![Change::new(
            ChangeKind::StaleProcedures(names),
            Safety::Destructive,
            "the pipeline was removed: its procedures are no longer called",
        )];
    };
    new.files
        .iter()
        .filter(|(name, text)| {
            old.and_then(|s| s.files.iter().find(|(n, _)| n == name))
                .is_none_or(|(_, before)| before != text)
        })
        .map(|(name, text)| {
            Change::new(
                ChangeKind::Procedures {
                    file: name.clone(),
                    text: text.clone(),
                },
                Safety::Safe,
                format!("{name} changed: CREATE OR REPLACE PROCEDURE replaces the procedures"),
            )
        })
        .collect()
}

/// The changes of a table present in both states.
fn table_changes(old: &Table, new: &Table) -> Vec<Change> {
    if let Some(reasons) = rebuild_reasons(old, new) {
        return vec![rebuild(old, new, reasons)];
    }
    let mut changes = Vec::new();
    for column in new.columns.iter().filter(|c| old.column(&c.name).is_none()) {
        changes.push(added_column(new, column));
    }
    for column in &new.columns {
        let Some(before) = old.column(&column.name) else {
            continue;
        };
        if before.ty != column.ty {
            changes.push(Change::new(
                ChangeKind::WidenVarchar {
                    table: new.name.clone(),
                    column: column.name.clone(),
                    to: column.ty,
                },
                Safety::Safe,
                format!(
                    "{} {} -> {}: ALTER COLUMN TYPE makes a VARCHAR longer in place",
                    column.name, before.ty, column.ty
                ),
            ));
        }
        if before.encode != column.encode {
            changes.push(Change::new(
                ChangeKind::Encode {
                    table: new.name.clone(),
                    column: column.name.clone(),
                    encode: column.encode.clone().unwrap_or_else(|| "raw".into()),
                },
                Safety::Safe,
                format!("{}: ALTER COLUMN ENCODE", column.name),
            ));
        }
    }
    changes.extend(key_changes(old, new));
    for column in old.columns.iter().filter(|c| new.column(&c.name).is_none()) {
        changes.push(Change::new(
            ChangeKind::DropColumn {
                table: new.name.clone(),
                column: column.name.clone(),
            },
            Safety::Destructive,
            format!(
                "{} is no longer declared: DROP COLUMN loses its values",
                column.name
            ),
        ));
    }
    changes
}

fn added_column(table: &Table, column: &Column) -> Change {
    let kind = ChangeKind::AddColumn {
        table: table.name.clone(),
        column: column.clone(),
    };
    match (column.not_null, &column.default) {
        (false, _) => Change::new(kind, Safety::Safe, "a nullable column: ADD COLUMN"),
        (true, Some(_)) => Change::new(
            kind,
            Safety::NeedsDataWork,
            "a NOT NULL column: ADD COLUMN fills every existing row with its DEFAULT",
        ),
        (true, None) => Change::new(
            ChangeKind::NotNullWithoutDefault {
                table: table.name.clone(),
                column: column.clone(),
            },
            Safety::Blocked,
            "a NOT NULL column without DEFAULT: the existing rows would have no value",
        ),
    }
}

/// `ALTER DISTSTYLE` / `ALTER DISTKEY` and `ALTER SORTKEY` when they differ.
fn key_changes(old: &Table, new: &Table) -> Vec<Change> {
    let mut changes = Vec::new();
    let (style, key) = distribution(new);
    if distribution(old) != (style, key.clone()) {
        changes.push(Change::new(
            ChangeKind::Distribution {
                table: new.name.clone(),
                style,
                key,
            },
            Safety::NeedsDataWork,
            "the distribution changed: ALTER DISTSTYLE / ALTER DISTKEY redistributes the rows",
        ));
    }
    if old.sortkey != new.sortkey {
        changes.push(Change::new(
            ChangeKind::SortKey {
                table: new.name.clone(),
                columns: new.sortkey.clone(),
            },
            Safety::NeedsDataWork,
            "the sort key changed: ALTER SORTKEY sorts the rows again",
        ));
    }
    changes
}

/// The effective distribution: no style and no key is Redshift's AUTO.
fn distribution(table: &Table) -> (DistStyle, Option<String>) {
    match (&table.distkey, table.diststyle) {
        (Some(key), _) => (DistStyle::Key, Some(key.clone())),
        (None, Some(style)) => (style, None),
        (None, None) => (DistStyle::Auto, None),
    }
}

/// Why ALTER TABLE cannot take `old` to `new`; `None` when it can.
fn rebuild_reasons(old: &Table, new: &Table) -> Option<Vec<String>> {
    let mut reasons = Vec::new();
    let kept: Vec<&str> = old
        .columns
        .iter()
        .filter(|c| new.column(&c.name).is_some())
        .map(|c| c.name.as_str())
        .collect();
    let in_new_order: Vec<&str> = new
        .columns
        .iter()
        .filter(|c| old.column(&c.name).is_some())
        .map(|c| c.name.as_str())
        .collect();
    let added_at_end = new.columns[..kept.len().min(new.columns.len())]
        .iter()
        .all(|c| old.column(&c.name).is_some());
    if kept != in_new_order || !added_at_end {
        reasons.push(
            "the column order changed (ADD COLUMN appends; an INSERT without a column list depends on the order)"
                .to_string(),
        );
    }
    let keyed = |name: &str| {
        [old, new].iter().any(|t| {
            t.primary_key.iter().any(|c| c == name)
                || t.unique.iter().any(|u| u.iter().any(|c| c == name))
        })
    };
    for column in &new.columns {
        let Some(before) = old.column(&column.name) else {
            if column.identity.is_some() {
                reasons.push(format!(
                    "{}: ADD COLUMN cannot add an IDENTITY column",
                    column.name
                ));
            }
            continue;
        };
        if before.ty != column.ty {
            let in_place = varchar_widening(before.ty, column.ty)
                && before.default.is_none()
                && !keyed(&column.name)
                && encoding_allows_alter(before.encode.as_deref());
            if !in_place {
                reasons.push(format!("{} {} -> {}", column.name, before.ty, column.ty));
            }
        }
        if before.not_null != column.not_null {
            reasons.push(format!("{}: NOT NULL changed", column.name));
        }
        if before.default != column.default {
            reasons.push(format!("{}: DEFAULT changed", column.name));
        }
        if before.identity != column.identity {
            reasons.push(format!("{}: IDENTITY changed", column.name));
        }
    }
    if old.primary_key != new.primary_key || old.unique != new.unique {
        reasons.push("the informational PRIMARY KEY or UNIQUE constraints changed".into());
    }
    if old.backup != new.backup {
        reasons.push("BACKUP changed".into());
    }
    (!reasons.is_empty()).then_some(reasons)
}

/// The rebuild of `old` into `new`, destructive when a value may be lost.
fn rebuild(old: &Table, new: &Table, reasons: Vec<String>) -> Change {
    let mut losses = Vec::new();
    for column in &old.columns {
        match new.column(&column.name) {
            None => losses.push(format!("destructive: {} is dropped", column.name)),
            Some(after) if !keeps_every_value(column.ty, after.ty) => losses.push(format!(
                "destructive: {} {} -> {} may fail or lose values",
                column.name, column.ty, after.ty
            )),
            Some(after) if column.identity.is_some() && after.identity.is_some() => {
                losses.push(format!(
                    "destructive: {} is an IDENTITY column, its values are generated again",
                    column.name
                ))
            }
            Some(_) => {}
        }
    }
    let unfilled: Vec<&str> = new
        .columns
        .iter()
        .filter(|c| old.column(&c.name).is_none())
        .filter(|c| c.not_null && c.default.is_none() && c.identity.is_none())
        .map(|c| c.name.as_str())
        .collect();
    let safety = if !unfilled.is_empty() {
        losses.push(format!(
            "blocked: the new NOT NULL column(s) {} have no DEFAULT for the existing rows",
            unfilled.join(", ")
        ));
        Safety::Blocked
    } else if losses.is_empty() {
        Safety::NeedsDataWork
    } else {
        Safety::Destructive
    };
    let mut why = format!(
        "ALTER TABLE cannot make it: {}; the copy is a new table, so grant again what was granted on the old one",
        reasons.join("; ")
    );
    if !losses.is_empty() {
        why.push_str(&format!("; {}", losses.join("; ")));
    }
    Change::new(
        ChangeKind::Rebuild {
            old: Box::new(old.clone()),
            new: Box::new(new.clone()),
        },
        safety,
        why,
    )
}

#[cfg(test)]
#[path = "diff_tests.rs"]
mod tests;
