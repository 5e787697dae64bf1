//! `eltc new`, selection by name and the project root found from any folder
//! inside it: a new pipeline builds and passes its test case, and no command
//! writes a stray `generated/` into the folder it runs in.

use std::path::Path;
use std::process::{Command, Output};

use crate::support::pg;

fn eltc(args: &[&str], cwd: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_eltc"))
        .args(args)
        .current_dir(cwd)
        .env_remove("ELTC_TEST_DATABASE_URL")
        .output()
        .expect("run eltc")
}

fn shown(output: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    )
}

#[test]
fn a_new_pipeline_builds_and_passes_its_test_from_any_folder() {
    let project = tempfile::tempdir().unwrap();
    let root = project.path();
    let created = eltc(&["new", "shop"], root);
    assert_eq!(created.status.code(), Some(0), "{}", shown(&created));
    let spec = std::fs::read_to_string(root.join("pipelines/shop/pipeline.yaml")).unwrap();
    assert!(
        spec.starts_with("# yaml-language-server: $schema=../../schema/pipeline.schema.json"),
        "{spec}"
    );
    assert!(root.join("schema/pipeline.schema.json").is_file());

    // From a folder deep inside the project, by name: the root's generated/.
    let inside = root.join("pipelines/shop/transforms");
    let build = eltc(&["build", "shop"], &inside);
    assert_eq!(build.status.code(), Some(0), "{}", shown(&build));
    assert!(root.join("generated/shop/transform.sql").is_file());
    assert!(!inside.join("generated").exists());

    // `eltc build .` in the pipeline's folder writes to the root's generated/ too.
    let pipeline = root.join("pipelines/shop");
    let here = eltc(&["build", "--check", "."], &pipeline);
    assert_eq!(here.status.code(), Some(0), "{}", shown(&here));
    let here = eltc(&["build", "."], &pipeline);
    assert_eq!(here.status.code(), Some(0), "{}", shown(&here));
    assert!(!pipeline.join("generated").exists(), "no stray generated/");

    let server = pg::server();
    let url = server.url("postgres");
    let test = eltc(&["test", "--database", &url, "shop"], &inside);
    let text = shown(&test);
    assert_eq!(test.status.code(), Some(0), "{text}");
    assert!(text.contains("ok   shop/one_day"), "{text}");

    let again = eltc(&["new", "shop"], root);
    assert_eq!(again.status.code(), Some(1), "{}", shown(&again));
}

#[test]
fn a_pipeline_name_that_is_not_an_identifier_is_a_usage_error() {
    let project = tempfile::tempdir().unwrap();
    let output = eltc(&["new", "Daily-Sales"], project.path());
    assert_eq!(output.status.code(), Some(2), "{}", shown(&output));
    assert!(!project.path().join("pipelines").exists());
}

#[test]
fn an_unknown_pipeline_name_suggests_the_closest() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let output = eltc(&["check", "market_dta"], root);
    assert_eq!(output.status.code(), Some(1), "{}", shown(&output));
    let text = shown(&output);
    assert!(text.contains("eltc::spec::no-pipeline"), "{text}");
    assert!(text.contains("did you mean `market_data`?"), "{text}");

    let by_name = eltc(&["check", "market_data"], &root.join("src"));
    assert_eq!(by_name.status.code(), Some(0), "{}", shown(&by_name));
}
