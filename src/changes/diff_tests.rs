use super::*;
use crate::backend::plan::grants::{GrantObject, PlanGrant};
use crate::diag::{SourceMap, Span};
use crate::spec::model::{DataType, QualifiedName};

fn span() -> Span {
    Span::file_start(SourceMap::new().add("pipeline.yaml", ""))
}

fn column(name: &str, ty: DataType) -> Column {
    Column {
        name: name.into(),
        ty,
        not_null: false,
        default: None,
        encode: None,
        identity: None,
        span: span(),
    }
}

fn table(columns: Vec<Column>) -> Table {
    let name = QualifiedName {
        schema: "dw".into(),
        name: "t".into(),
    };
    Table::plain(name, columns, span())
}

fn state(tables: Vec<Table>) -> State {
    State {
        pipeline: "p".into(),
        tables,
        procedures: Vec::new(),
        files: Vec::new(),
        readers: Vec::new(),
        lineage: crate::lineage::Graph::default(),
        grants: Vec::new(),
        reads: Vec::new(),
    }
}

fn select_to(table: &Table, group: &str) -> PlanGrant {
    PlanGrant {
        on: GrantObject::Table(table.name.clone()),
        to: crate::spec::model::Grantee::Group(group.into()),
        privileges: "SELECT",
    }
}

fn described(old: &State, new: &State) -> Vec<(Safety, String)> {
    diff(Some(old), Some(new))
        .iter()
        .map(|c| (c.safety, crate::changes::script::describe(c)))
        .collect()
}

#[test]
fn a_new_grantee_is_granted_and_a_removed_one_revoked_safely() {
    let t = table(base());
    let mut old = state(vec![t.clone()]);
    old.grants = vec![select_to(&t, "analysts")];
    let mut new = state(vec![t.clone()]);
    new.grants = vec![select_to(&t, "auditors")];
    assert_eq!(
        described(&old, &new),
        [
            (
                Safety::Safe,
                "grant select on table dw.t to group auditors".into()
            ),
            (
                Safety::Safe,
                "revoke select on table dw.t from group analysts".into()
            ),
        ]
    );
    assert!(described(&new, &new).is_empty());
}

fn execute_to(procedure: &str, user: &str) -> PlanGrant {
    PlanGrant {
        on: GrantObject::Procedure {
            name: procedure.into(),
            arguments: vec!["p_day DATE".into()],
        },
        to: crate::spec::model::Grantee::User(user.into()),
        privileges: "EXECUTE",
    }
}

/// A new `run_as`: the procedures' files (re-applied, since their text
/// changes) grant EXECUTE to the new principal; the plan revokes it from
/// the old one, which CREATE OR REPLACE PROCEDURE leaves in place. A
/// procedure no longer created is dropped with its privileges: no revoke.
#[test]
fn a_new_run_as_revokes_execute_from_the_old_one() {
    let mut old = state(Vec::new());
    old.procedures = vec!["etl.p_load".into(), "etl.gone".into()];
    old.grants = vec![
        execute_to("etl.p_load", "etl_old"),
        execute_to("etl.gone", "etl_old"),
    ];
    let mut new = state(Vec::new());
    new.procedures = vec!["etl.p_load".into()];
    new.grants = vec![execute_to("etl.p_load", "etl_new")];
    assert_eq!(
        described(&old, &new),
        [(
            Safety::Safe,
            "revoke execute on procedure etl.p_load(p_day date) from etl_old".into()
        )]
    );
    assert!(described(&new, &new).is_empty());
}

/// A rebuild creates a new table: the grants the old one had are granted
/// again, after the rebuild; a dropped table takes its grants with it.
#[test]
fn a_rebuilt_table_is_granted_again_and_a_dropped_one_not_revoked() {
    let t = table(base());
    let mut changed = base();
    changed[1] = column("name", DataType::Integer);
    let rebuilt = table(changed);
    let mut old = state(vec![t.clone()]);
    old.grants = vec![select_to(&t, "analysts")];
    let mut new = state(vec![rebuilt.clone()]);
    new.grants = vec![select_to(&rebuilt, "analysts")];
    let found = described(&old, &new);
    assert_eq!(found.len(), 2, "{found:?}");
    assert!(found[0].1.starts_with("rebuild dw.t"), "{found:?}");
    assert_eq!(
        found[1],
        (
            Safety::Safe,
            "grant select on table dw.t to group analysts".into()
        )
    );
    let dropped = state(Vec::new());
    let found = described(&old, &dropped);
    assert!(
        found.iter().all(|(_, d)| !d.starts_with("revoke")),
        "{found:?}"
    );
}

fn changes(old: Table, new: Table) -> Vec<(Safety, String)> {
    diff(Some(&state(vec![old])), Some(&state(vec![new])))
        .iter()
        .map(|c| (c.safety, crate::changes::script::describe(c)))
        .collect()
}

fn base() -> Vec<Column> {
    vec![
        column("id", DataType::Integer),
        column("name", DataType::Varchar(10)),
    ]
}

#[test]
fn a_nullable_column_at_the_end_is_added_safely() {
    let mut new = base();
    new.push(column("region", DataType::Varchar(5)));
    assert_eq!(
        changes(table(base()), table(new)),
        [(Safety::Safe, "dw.t: add column region VARCHAR(5)".into())]
    );
}

#[test]
fn a_not_null_column_needs_a_default() {
    let mut with_default = base();
    with_default.push(Column {
        not_null: true,
        default: Some("0".into()),
        ..column("n", DataType::Integer)
    });
    assert_eq!(
        changes(table(base()), table(with_default))[0].0,
        Safety::NeedsDataWork
    );
    let mut without = base();
    without.push(Column {
        not_null: true,
        ..column("n", DataType::Integer)
    });
    assert_eq!(changes(table(base()), table(without))[0].0, Safety::Blocked);
}

#[test]
fn a_longer_varchar_is_altered_and_other_types_rebuild() {
    let mut wider = base();
    wider[1].ty = DataType::Varchar(20);
    assert_eq!(
        changes(table(base()), table(wider)),
        [(Safety::Safe, "dw.t: widen name to VARCHAR(20)".into())]
    );
    let mut bigger = base();
    bigger[0].ty = DataType::BigInt;
    assert_eq!(
        changes(table(base()), table(bigger)),
        [(Safety::NeedsDataWork, "rebuild dw.t".into())]
    );
    let mut narrower = base();
    narrower[1].ty = DataType::Varchar(5);
    assert_eq!(
        changes(table(base()), table(narrower)),
        [(Safety::Destructive, "rebuild dw.t".into())]
    );
}

#[test]
fn a_varchar_with_a_default_is_rebuilt() {
    let mut old = base();
    old[1].default = Some("'x'".into());
    let mut new = old.clone();
    new[1].ty = DataType::Varchar(20);
    assert_eq!(changes(table(old), table(new))[0].1, "rebuild dw.t");
}

#[test]
fn a_column_added_in_the_middle_rebuilds_to_keep_the_order() {
    let mut new = base();
    new.insert(1, column("region", DataType::Varchar(5)));
    assert_eq!(
        changes(table(base()), table(new)),
        [(Safety::NeedsDataWork, "rebuild dw.t".into())]
    );
}

#[test]
fn keys_are_altered_and_drops_are_destructive_and_last() {
    let mut new = table(vec![column("id", DataType::Integer)]);
    new.distkey = Some("id".into());
    new.sortkey = vec!["id".into()];
    assert_eq!(
        changes(table(base()), new),
        [
            (Safety::NeedsDataWork, "dw.t: distribute by key id".into()),
            (Safety::NeedsDataWork, "dw.t: sort key (id)".into()),
            (Safety::Destructive, "dw.t: drop column name".into()),
        ]
    );
}

#[test]
fn tables_are_created_and_dropped_but_the_run_log_stays() {
    let mut log = table(base());
    log.name.name = "eltc_run_log".into();
    let old = state(vec![table(base()), log]);
    let found = diff(Some(&old), None);
    let kinds: Vec<_> = found.iter().map(crate::changes::script::describe).collect();
    assert_eq!(
        kinds,
        ["drop table dw.t", "procedures no longer generated: "]
    );
    let created = diff(None, Some(&old));
    assert_eq!(created.len(), 2);
    assert!(created.iter().all(|c| c.safety == Safety::Safe));
}
