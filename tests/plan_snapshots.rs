//! `eltc plan`'s Redshift scripts for copies of the examples with one change
//! each: a column added, a type widened, a type changed, a key changed, a
//! column dropped (the plan from a copy with an extra column back to the
//! example). Procedure files are left out: build_snapshots shows them.

use std::fs;
use std::path::Path;

use eltc::changes::script::{Header, render};
use eltc::changes::{ChangeKind, State, diff};
use eltc::diag::SourceMap;
use eltc::target::REDSHIFT;

use crate::support::copy_dir;

/// (example, label, text in its pipeline.yaml, replacement).
const EDITS: &[(&str, &str, &str, &str)] = &[
    // Reverted, it takes every privilege back, EXECUTE on the procedures included.
    (
        "market_data",
        "run_as_added",
        "  copy_role: default\n",
        "  copy_role: default\n  run_as: user etl_runner\n",
    ),
    (
        "market_data",
        "column_added",
        "      volume: bigint\n  staging.security_data:",
        "      volume: bigint\n      trade_count: integer\n  staging.security_data:",
    ),
    (
        "market_data",
        "type_widened",
        "      symbol: varchar(20)\n      name: varchar(100) not null",
        "      symbol: varchar(40)\n      name: varchar(100) not null",
    ),
    (
        "market_data",
        "type_changed",
        "      volume: bigint\n  staging.security_data:",
        "      volume: numeric(20,0)\n  staging.security_data:",
    ),
    (
        "market_data",
        "key_changed",
        "  staging.eod_price:\n    columns:",
        "  staging.eod_price:\n    distkey: symbol\n    sortkey: [eod_date]\n    columns:",
    ),
    (
        "retail",
        "column_added",
        "      status: char(1)\n  stg.customer:",
        "      status: char(1)\n      manager: varchar(40)\n  stg.customer:",
    ),
    (
        "retail",
        "type_widened",
        "      email: varchar(120)\n      birth_date: date\n      loyalty_tier: varchar(10) not null",
        "      email: varchar(200)\n      birth_date: date\n      loyalty_tier: varchar(10) not null",
    ),
    (
        "retail",
        "type_changed",
        "      quantity: integer\n",
        "      quantity: bigint\n",
    ),
    (
        "retail",
        "key_changed",
        "    distkey: txn_id\n    sortkey: [date_key, txn_id]",
        "    distkey: store_id\n    sortkey: [date_key, txn_id]",
    ),
];

/// The example `name` copied under `dir`, its pipeline.yaml edited, as a state.
fn state(dir: &Path, name: &str, edit: Option<(&str, &str)>) -> State {
    let from = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("pipelines")
        .join(name);
    let to = dir.join(name);
    copy_dir(&from, &to);
    if let Some((find, replace)) = edit {
        let spec = fs::read_to_string(to.join("pipeline.yaml")).unwrap();
        assert!(spec.contains(find), "{name}: `{find}` not in pipeline.yaml");
        fs::write(to.join("pipeline.yaml"), spec.replacen(find, replace, 1)).unwrap();
    }
    let mut sources = SourceMap::new();
    let (pipeline, found) = eltc::spec::load_pipeline(&to, &mut sources);
    let pipeline = pipeline.unwrap_or_else(|| panic!("{name} does not load: {found:#?}"));
    let (state, found) = State::of(&pipeline, &sources, &REDSHIFT).unwrap();
    assert!(!found.iter().any(|d| d.is_error()), "{found:#?}");
    state
}

fn script(old: &State, new: &State, name: &str, allow_destructive: bool) -> String {
    let changes: Vec<_> = diff(Some(old), Some(new))
        .into_iter()
        .filter(|c| !matches!(c.kind, ChangeKind::Procedures { .. }))
        .collect();
    let header = Header {
        pipeline: name.into(),
        from: "old".into(),
        to: "new".into(),
    };
    render(&changes, &header, &REDSHIFT, allow_destructive)
}

/// Every script of the snapshots, destructive changes applied, by label:
/// what the Redshift re-parse test (redshift_parse.rs) reads.
pub(crate) fn scripts() -> Vec<(String, String)> {
    let mut scripts = Vec::new();
    for (name, label, find, replace) in EDITS {
        let dir = tempfile::tempdir().unwrap();
        let plain = state(&dir.path().join("plain"), name, None);
        let edited = state(&dir.path().join("edited"), name, Some((find, replace)));
        scripts.push((
            format!("plan {name} {label}"),
            script(&plain, &edited, name, true),
        ));
        scripts.push((
            format!("plan {name} {label} reverted"),
            script(&edited, &plain, name, true),
        ));
    }
    scripts
}

#[test]
fn scripts_of_the_examples_with_one_change_each() {
    for (name, label, find, replace) in EDITS {
        let dir = tempfile::tempdir().unwrap();
        let old = state(&dir.path().join("old"), name, None);
        let new = state(&dir.path().join("new"), name, Some((find, replace)));
        insta::assert_snapshot!(format!("{name}__{label}"), script(&old, &new, name, false));
    }
}

#[test]
fn scripts_of_the_examples_with_a_column_dropped() {
    for (name, label, find, replace) in EDITS {
        if *label != "column_added" {
            continue;
        }
        let dir = tempfile::tempdir().unwrap();
        let old = state(&dir.path().join("old"), name, Some((find, replace)));
        let new = state(&dir.path().join("new"), name, None);
        insta::assert_snapshot!(
            format!("{name}__column_dropped"),
            script(&old, &new, name, false)
        );
        insta::assert_snapshot!(
            format!("{name}__column_dropped_allowed"),
            script(&old, &new, name, true)
        );
    }
}
