//! `eltc plan` proved by execution: the old state's DDL (PostgreSQL form) on
//! a throwaway PostgreSQL, rows loaded, the plan's PostgreSQL form applied,
//! and the rows checked, for each kind of change (docs/plan.md).

use std::fs;
use std::path::Path;

use eltc::changes::script::{Header, render};
use eltc::changes::{Change, Safety, State, diff};
use eltc::compile::compile;
use eltc::diag::SourceMap;
use eltc::target::POSTGRES;

use crate::support::pg::server;

/// A pipeline with one loaded staging table and `mart.item`, declared by `item`.
fn spec(item: &str) -> String {
    format!(
        "version: 1
name: p
dialect: redshift
params:
  day: date
trigger:
  notification: notification/p/{{day}}.done
  landing: landing/p/{{day}}/
redshift:
  schema: etl
sources:
  items:
    file: items.csv
    format: {{ type: csv, delimiter: \",\", quote: '\"' }}
    table: staging.item_in
tables:
  staging.item_in:
    columns:
      id: integer not null
      name: varchar(10)
  mart.item:
{item}
"
    )
}

const OLD: &str = "    columns:
      id: integer not null
      name: varchar(10)
      price: numeric(8,2)";

/// The pipeline of `yaml` in `dir/pipelines/p`, as a state for PostgreSQL.
fn state(dir: &Path, yaml: &str) -> (State, String) {
    let pipeline_dir = dir.join("pipelines").join("p");
    fs::create_dir_all(&pipeline_dir).unwrap();
    fs::write(pipeline_dir.join("pipeline.yaml"), yaml).unwrap();
    let mut sources = SourceMap::new();
    let (pipeline, found) = eltc::spec::load_pipeline(&pipeline_dir, &mut sources);
    let pipeline = pipeline.unwrap_or_else(|| panic!("spec does not load: {found:#?}"));
    let (state, found) = State::of(&pipeline, &sources, &POSTGRES).unwrap();
    assert!(!found.iter().any(|d| d.is_error()), "{found:#?}");
    let (artifacts, _) = compile(&pipeline, &sources, &POSTGRES).unwrap();
    (state, artifacts["ddl.sql"].clone())
}

/// Applies the old DDL, loads three rows, applies the plan from `OLD` to
/// `new`; returns the changes and the rows of `mart.item` as text, by id.
fn apply(new: &str, allow_destructive: bool) -> (Vec<Change>, Vec<Vec<Option<String>>>) {
    let dir = tempfile::tempdir().unwrap();
    let (old_state, old_ddl) = state(&dir.path().join("old"), &spec(OLD));
    let (new_state, _) = state(&dir.path().join("new"), &spec(new));
    let changes = diff(Some(&old_state), Some(&new_state));
    let header = Header {
        pipeline: "p".into(),
        from: "old".into(),
        to: "new".into(),
    };
    let script = render(&changes, &header, &POSTGRES, allow_destructive);
    let server = server();
    let mut db = server.fresh_database("plan");
    db.batch_execute(&old_ddl).unwrap();
    db.batch_execute(
        "INSERT INTO mart.item (id, name, price) VALUES (1, 'one', 1.50), (2, NULL, NULL), (3, 'three', 3.25)",
    )
    .unwrap();
    db.batch_execute(&script)
        .unwrap_or_else(|e| panic!("the plan fails: {e}\n{script}"));
    let rows = db
        .query("SELECT to_jsonb(t)::text FROM mart.item t ORDER BY id", &[])
        .unwrap()
        .iter()
        .map(|row| vec![row.get::<_, Option<String>>(0)])
        .collect();
    (changes, rows)
}

fn classes(changes: &[Change]) -> Vec<Safety> {
    changes
        .iter()
        .filter(|c| !matches!(c.kind, eltc::changes::ChangeKind::Procedures { .. }))
        .map(|c| c.safety)
        .collect()
}

fn json(rows: &[&str]) -> Vec<Vec<Option<String>>> {
    rows.iter().map(|r| vec![Some(r.to_string())]).collect()
}

#[test]
fn a_nullable_column_is_added_and_the_rows_stay() {
    let (changes, rows) = apply(&format!("{OLD}\n      region: varchar(5)"), false);
    assert_eq!(classes(&changes), [Safety::Safe]);
    assert_eq!(
        rows,
        json(&[
            r#"{"id": 1, "name": "one", "price": 1.50, "region": null}"#,
            r#"{"id": 2, "name": null, "price": null, "region": null}"#,
            r#"{"id": 3, "name": "three", "price": 3.25, "region": null}"#,
        ])
    );
}

#[test]
fn a_varchar_is_widened_in_place() {
    let (changes, rows) = apply(
        &OLD.replace("name: varchar(10)", "name: varchar(40)"),
        false,
    );
    assert_eq!(classes(&changes), [Safety::Safe]);
    assert_eq!(rows.len(), 3);
}

#[test]
fn a_type_change_rebuilds_the_table_and_keeps_every_row() {
    let new = OLD
        .replace("id: integer not null", "id: bigint not null")
        .replace("price: numeric(8,2)", "price: numeric(12,4)");
    let (changes, rows) = apply(&new, false);
    assert_eq!(classes(&changes), [Safety::NeedsDataWork]);
    assert_eq!(
        rows,
        json(&[
            r#"{"id": 1, "name": "one", "price": 1.5000}"#,
            r#"{"id": 2, "name": null, "price": null}"#,
            r#"{"id": 3, "name": "three", "price": 3.2500}"#,
        ])
    );
}

#[test]
fn a_not_null_column_with_a_default_fills_the_existing_rows() {
    let new = format!("{OLD}\n      status: {{ type: char(1), not_null: true, default: \"'A'\" }}");
    let (changes, rows) = apply(&new, false);
    assert_eq!(classes(&changes), [Safety::NeedsDataWork]);
    assert_eq!(
        rows[1],
        vec![Some(
            r#"{"id": 2, "name": null, "price": null, "status": "A"}"#.into()
        )]
    );
}

#[test]
fn a_key_change_needs_data_work_and_keeps_the_rows() {
    let new = format!("    distkey: id\n    sortkey: [id]\n{OLD}");
    let (changes, rows) = apply(&new, false);
    assert_eq!(
        classes(&changes),
        [Safety::NeedsDataWork, Safety::NeedsDataWork]
    );
    assert_eq!(rows.len(), 3);
}

#[test]
fn a_dropped_column_is_dropped_only_when_allowed() {
    let new = OLD.replace("\n      price: numeric(8,2)", "");
    let (changes, kept) = apply(&new, false);
    assert_eq!(classes(&changes), [Safety::Destructive]);
    assert_eq!(
        kept[0],
        vec![Some(r#"{"id": 1, "name": "one", "price": 1.50}"#.into())]
    );
    let (_, dropped) = apply(&new, true);
    assert_eq!(
        dropped,
        json(&[
            r#"{"id": 1, "name": "one"}"#,
            r#"{"id": 2, "name": null}"#,
            r#"{"id": 3, "name": "three"}"#,
        ])
    );
}
