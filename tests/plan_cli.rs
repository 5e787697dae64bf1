//! `eltc plan` end to end: the old state from git (the default, the last
//! commit that changed generated/) or a directory, the script written under
//! generated/<name>/changes/ (which `build --check` leaves alone), a blocked
//! change failing with its code.

use std::fs;
use std::path::Path;
use std::process::{Command, Output};

use crate::support::eltc;

fn git(args: &[&str], cwd: &Path) {
    let status = Command::new("git")
        .args(["-c", "user.name=eltc", "-c", "user.email=eltc@example.com"])
        .args(args)
        .current_dir(cwd)
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .status()
        .expect("run git");
    assert!(status.success(), "git {args:?}");
}

fn text(output: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    )
}

/// A committed project with pipeline `orders`, built.
fn project() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    fs::create_dir(dir.path().join("pipelines")).unwrap();
    assert_eq!(eltc(&["new", "orders"], dir.path()).status.code(), Some(0));
    let build = eltc(&["build"], dir.path());
    assert_eq!(build.status.code(), Some(0), "{}", text(&build));
    git(&["init", "-q"], dir.path());
    git(&["add", "-A"], dir.path());
    git(&["commit", "-q", "-m", "orders"], dir.path());
    dir
}

fn edit_spec(dir: &Path, find: &str, replace: &str) {
    let path = dir.join("pipelines/orders/pipeline.yaml");
    let spec = fs::read_to_string(&path).unwrap();
    assert!(spec.contains(find));
    fs::write(&path, spec.replacen(find, replace, 1)).unwrap();
}

#[test]
fn the_default_old_state_is_the_last_commit_that_changed_generated() {
    let dir = project();
    edit_spec(
        dir.path(),
        "      amount: numeric(12,2)\n",
        "      amount: numeric(12,2)\n      channel: varchar(10)\n",
    );
    let plan = eltc(&["plan"], dir.path());
    assert_eq!(plan.status.code(), Some(0), "{}", text(&plan));
    let changes = dir.path().join("generated/orders/changes");
    let written: Vec<_> = fs::read_dir(&changes)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    assert_eq!(written.len(), 1, "{written:?}");
    let name = written[0]
        .file_name()
        .unwrap()
        .to_string_lossy()
        .into_owned();
    assert!(name.ends_with("->worktree.sql"), "{name}");
    let script = fs::read_to_string(&written[0]).unwrap();
    assert!(
        script.contains("-- [safe] staging.orders_orders: add column channel VARCHAR(10)\n")
            && script
                .contains("ALTER TABLE staging.orders_orders ADD COLUMN channel VARCHAR(10);\n"),
        "{script}"
    );
    // The script is not build output: build keeps it, --check ignores it.
    assert_eq!(eltc(&["build"], dir.path()).status.code(), Some(0));
    assert!(written[0].exists());
    let check = eltc(&["build", "--check"], dir.path());
    assert_eq!(check.status.code(), Some(0), "{}", text(&check));
}

#[test]
fn a_directory_is_an_old_state_and_a_not_null_column_without_default_is_blocked() {
    let old = project();
    let new = project();
    edit_spec(
        new.path(),
        "      amount: numeric(12,2)\n",
        "      amount: numeric(12,2)\n      channel: varchar(10) not null\n",
    );
    let from = old.path().to_str().unwrap();
    let plan = eltc(&["plan", "--from-dir", from, "--stdout"], new.path());
    assert_eq!(plan.status.code(), Some(1), "{}", text(&plan));
    let output = text(&plan);
    assert!(
        output.contains("plan::not-null-without-default"),
        "{output}"
    );
    assert!(
        output.contains("pipeline.yaml:"),
        "points at the column: {output}"
    );
    assert!(
        output.contains(
            "-- ALTER TABLE staging.orders_orders ADD COLUMN channel VARCHAR(10) NOT NULL;"
        ),
        "listed, commented out: {output}"
    );
}

#[test]
fn an_unknown_revision_is_a_diagnostic() {
    let dir = project();
    let plan = eltc(&["plan", "--from", "no-such-revision"], dir.path());
    assert_eq!(plan.status.code(), Some(1), "{}", text(&plan));
    assert!(text(&plan).contains("plan::old-state"), "{}", text(&plan));
}
