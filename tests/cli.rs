//! End-to-end runs of the `eltc` binary: exit codes, output streams, `--check`.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn eltc(args: &[&str], cwd: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_eltc"))
        .args(args)
        .current_dir(cwd)
        .env_clear()
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .output()
        .expect("run eltc")
}

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

#[test]
fn check_passes_on_market_data() {
    let output = eltc(&["check", "pipelines/market_data"], &root());
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
}

#[test]
fn committed_generated_files_are_current() {
    let output = eltc(&["build", "--check"], &root());
    assert_eq!(
        output.status.code(),
        Some(0),
        "generated/ is stale: run `cargo run -- build` and commit\n{}\n{}",
        String::from_utf8_lossy(&output.stdout),
        stderr(&output)
    );
}

#[test]
fn build_check_prints_a_diff_and_fails_when_stale() {
    let out = tempfile::tempdir().unwrap();
    let out_arg = out.path().to_str().unwrap();
    let missing = eltc(
        &[
            "build",
            "--check",
            "--out",
            out_arg,
            "pipelines/market_data",
        ],
        &root(),
    );
    assert_eq!(missing.status.code(), Some(1));
    let diff = String::from_utf8_lossy(&missing.stdout);
    assert!(diff.contains("+CREATE OR REPLACE PROCEDURE"), "{diff}");

    let build = eltc(
        &["build", "--out", out_arg, "pipelines/market_data"],
        &root(),
    );
    assert_eq!(build.status.code(), Some(0), "{}", stderr(&build));
    let fresh = eltc(
        &[
            "build",
            "--check",
            "--out",
            out_arg,
            "pipelines/market_data",
        ],
        &root(),
    );
    assert_eq!(fresh.status.code(), Some(0), "{}", stderr(&fresh));

    let ddl = out.path().join("market_data/ddl.sql");
    std::fs::write(&ddl, "-- edited by hand\n").unwrap();
    std::fs::write(out.path().join("market_data/extra.sql"), "select 1;\n").unwrap();
    let stale = eltc(
        &[
            "build",
            "--check",
            "--out",
            out_arg,
            "pipelines/market_data",
        ],
        &root(),
    );
    assert_eq!(stale.status.code(), Some(1));
    let diff = String::from_utf8_lossy(&stale.stdout);
    assert!(
        diff.contains("-- edited by hand") && diff.contains("extra.sql"),
        "{diff}"
    );
    // --check never writes.
    assert_eq!(
        std::fs::read_to_string(&ddl).unwrap(),
        "-- edited by hand\n"
    );

    let rebuild = eltc(
        &["build", "--out", out_arg, "pipelines/market_data"],
        &root(),
    );
    assert_eq!(rebuild.status.code(), Some(0));
    assert!(
        !out.path().join("market_data/extra.sql").exists(),
        "stale files are removed"
    );
}

#[test]
fn input_errors_exit_1_with_diagnostics_on_stderr() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("pipeline.yaml"),
        "version: 1\nname: x\nnonsense: [\n",
    )
    .unwrap();
    let output = eltc(&["check", dir.path().to_str().unwrap()], &root());
    assert_eq!(output.status.code(), Some(1));
    assert!(
        stderr(&output).contains("eltc::spec::yaml-syntax"),
        "{}",
        stderr(&output)
    );
}

#[test]
fn json_format_prints_one_object_per_diagnostic_on_stdout() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("pipeline.yaml"),
        "version: 1\nname: x\nnonsense: [\n",
    )
    .unwrap();
    let output = eltc(
        &["check", "--format", "json", dir.path().to_str().unwrap()],
        &root(),
    );
    assert_eq!(output.status.code(), Some(1));
    let stdout = String::from_utf8_lossy(&output.stdout);
    let first = stdout.lines().next().expect("a diagnostic line");
    let value: serde_json::Value = serde_json::from_str(first).expect("JSON");
    assert_eq!(value["code"], "eltc::spec::yaml-syntax");
    assert_eq!(value["line"], 3);
    assert!(value["file"].as_str().unwrap().ends_with("pipeline.yaml"));
}

#[test]
fn a_directory_without_a_pipeline_is_an_input_error() {
    let dir = tempfile::tempdir().unwrap();
    let output = eltc(&["check", dir.path().to_str().unwrap()], &root());
    assert_eq!(output.status.code(), Some(1));
    assert!(
        stderr(&output).contains("eltc::spec::no-pipeline"),
        "{}",
        stderr(&output)
    );
}

#[test]
fn usage_errors_exit_2() {
    let output = eltc(&["build", "--no-such-flag"], &root());
    assert_eq!(output.status.code(), Some(2));
    let output = eltc(&["frobnicate"], &root());
    assert_eq!(output.status.code(), Some(2));
}

#[test]
fn explain_prints_the_documentation_of_a_code() {
    let output = eltc(&["explain", "eltc::spec::unknown-key"], &root());
    assert_eq!(output.status.code(), Some(0));
    let text = String::from_utf8_lossy(&output.stdout);
    assert!(text.starts_with("## eltc::spec::unknown-key"), "{text}");

    let unknown = eltc(&["explain", "spec::no-such-code"], &root());
    assert_eq!(unknown.status.code(), Some(1));
    assert!(
        stderr(&unknown).contains("spec::unknown-key"),
        "lists the known codes"
    );
}

#[test]
fn failing_to_write_the_output_is_an_internal_error_exit_3() {
    let file = tempfile::NamedTempFile::new().unwrap();
    let out = file.path().join("sub");
    let output = eltc(
        &[
            "build",
            "--out",
            out.to_str().unwrap(),
            "pipelines/market_data",
        ],
        &root(),
    );
    assert_eq!(output.status.code(), Some(3), "{}", stderr(&output));
    assert!(stderr(&output).starts_with("error:"), "{}", stderr(&output));
}

#[test]
fn build_check_ignores_what_git_ignores_in_the_output() {
    let out = tempfile::tempdir().unwrap();
    let out_arg = out.path().to_str().unwrap();
    let build = eltc(
        &["build", "--out", out_arg, "pipelines/market_data"],
        &root(),
    );
    assert_eq!(build.status.code(), Some(0), "{}", stderr(&build));
    let gitignore = std::fs::read_to_string(out.path().join(".gitignore")).unwrap();
    assert!(gitignore.contains("__pycache__/"), "{gitignore}");

    // What importing or compiling the handler leaves behind.
    let cache = out.path().join("_runtime/__pycache__");
    std::fs::create_dir_all(&cache).unwrap();
    let pyc = cache.join("handler.cpython-311.pyc");
    std::fs::write(&pyc, b"\x00compiled").unwrap();
    let check = eltc(
        &[
            "build",
            "--check",
            "--out",
            out_arg,
            "pipelines/market_data",
        ],
        &root(),
    );
    assert_eq!(
        check.status.code(),
        Some(0),
        "{}{}",
        String::from_utf8_lossy(&check.stdout),
        stderr(&check)
    );
    let rebuild = eltc(
        &["build", "--out", out_arg, "pipelines/market_data"],
        &root(),
    );
    assert_eq!(rebuild.status.code(), Some(0), "{}", stderr(&rebuild));
    assert!(pyc.exists(), "build leaves ignored files alone");

    // The .gitignore is output like any other: a missing one is stale.
    std::fs::remove_file(out.path().join(".gitignore")).unwrap();
    let stale = eltc(
        &[
            "build",
            "--check",
            "--out",
            out_arg,
            "pipelines/market_data",
        ],
        &root(),
    );
    assert_eq!(stale.status.code(), Some(1));
    assert!(
        String::from_utf8_lossy(&stale.stdout).contains("+__pycache__/"),
        "{}",
        String::from_utf8_lossy(&stale.stdout)
    );
}

#[test]
fn files_that_are_not_utf8_are_refused_unless_their_encoding_is_named() {
    let dir = "tests/fixtures/spec/err/sql_file_not_utf8";
    let refused = eltc(&["check", dir], &root());
    assert_eq!(refused.status.code(), Some(1), "{}", stderr(&refused));
    let message = stderr(&refused);
    assert!(
        message.contains("[eltc::io::encoding]: `tests/fixtures/spec/err/sql_file_not_utf8/transforms/clean.sql` is not UTF-8 text: byte 0xE9 at offset 14"),
        "{message}"
    );
    // windows-1252 (WHATWG index): 0xE9 is é, and the file is read.
    let read = eltc(&["check", "--encoding", "windows-1252", dir], &root());
    assert_eq!(read.status.code(), Some(0), "{}", stderr(&read));
    let unknown = eltc(&["check", "--encoding", "no-such-encoding", dir], &root());
    assert_eq!(unknown.status.code(), Some(2), "{}", stderr(&unknown));
}

#[test]
fn an_output_directory_of_no_pipeline_is_reported_and_fails_check() {
    let out = tempfile::tempdir().unwrap();
    let out_arg = out.path().to_str().unwrap();
    let build = eltc(&["build", "--out", out_arg], &root());
    assert_eq!(build.status.code(), Some(0), "{}", stderr(&build));
    let orphan = out.path().join("renamed_away");
    std::fs::create_dir_all(&orphan).unwrap();
    std::fs::write(orphan.join("ddl.sql"), "-- old\n").unwrap();
    let check = eltc(&["build", "--check", "--out", out_arg], &root());
    assert_eq!(check.status.code(), Some(1), "{}", stderr(&check));
    assert!(
        stderr(&check).contains("renamed_away` belongs to no pipeline"),
        "{}",
        stderr(&check)
    );
    let rebuild = eltc(&["build", "--out", out_arg], &root());
    assert_eq!(rebuild.status.code(), Some(0), "{}", stderr(&rebuild));
    assert!(
        stderr(&rebuild).contains("warning: "),
        "{}",
        stderr(&rebuild)
    );
    assert!(
        orphan.join("ddl.sql").exists(),
        "build reports, never deletes"
    );
    // A build of named pipelines does not know the others: no report.
    let one = eltc(
        &["build", "--check", "--out", out_arg, "market_data"],
        &root(),
    );
    assert!(!stderr(&one).contains("renamed_away"), "{}", stderr(&one));
}

/// A `--templates DIR` override of a procedure template that would commit
/// the batch is reported at its line in the template, and nothing is built.
#[test]
fn a_procedure_template_that_commits_is_reported_at_its_line() {
    let temp = tempfile::tempdir().unwrap();
    let builtin = std::fs::read_to_string(root().join("templates/redshift/transform.sql.j2"))
        .unwrap()
        .replace(
            "END;\n$$ LANGUAGE plpgsql;",
            "    COMMIT;\nEND;\n$$ LANGUAGE plpgsql;",
        );
    std::fs::write(temp.path().join("transform.sql.j2"), &builtin).unwrap();
    let line = builtin.lines().position(|l| l.contains("COMMIT")).unwrap() + 1;
    let out = temp.path().join("out");
    let output = eltc(
        &[
            "build",
            "pipelines/market_data",
            "--templates",
            &temp.path().display().to_string(),
            "--out",
            &out.display().to_string(),
        ],
        &root(),
    );
    let shown = stderr(&output);
    assert_eq!(output.status.code(), Some(1), "{shown}");
    assert!(shown.contains("lint::commits-midway"), "{shown}");
    assert!(
        shown.contains(&format!("transform.sql.j2:{line}:5")),
        "{shown}"
    );
    assert!(!out.exists());
}
