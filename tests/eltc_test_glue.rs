//! `eltc test --backend glue` before any job runs: what the Glue job cannot
//! express is reported as `eltc build --backend glue` reports it, and a
//! missing local runtime is one line naming what to install. The runs through
//! Spark are in glue/tests/test_eltc_test.py and scripts/test (they need the
//! test venv's pyspark, which scripts/test builds after `cargo test`).

use std::path::PathBuf;
use std::process::{Command, Output};

fn eltc_test(args: &[&str], env: &[(&str, &str)]) -> Output {
    let mut command = Command::new(env!("CARGO_BIN_EXE_eltc"));
    command
        .arg("test")
        .args(args)
        .current_dir(PathBuf::from(env!("CARGO_MANIFEST_DIR")))
        .env_remove("ELTC_TEST_DATABASE_URL")
        .env_remove("ELTC_PYTHON")
        .env_remove("ELTC_JDBC_JAR");
    for (name, value) in env {
        command.env(name, value);
    }
    command.output().expect("run eltc")
}

/// retail_plsql calls a translated PL/SQL procedure, which the Glue job
/// cannot run: the diagnostic of `eltc build --backend glue`, exit 1, and no
/// case is run (no Python is even looked for).
#[test]
fn what_the_glue_job_cannot_express_is_reported_before_any_case() {
    let output = eltc_test(
        &["--backend", "glue", "pipelines/retail_plsql"],
        &[("ELTC_PYTHON", "/nonexistent/python")],
    );
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    let refused = stderr
        .lines()
        .filter(|line| line.contains("error[eltc::glue::step-kind]"))
        .count();
    assert_eq!(refused, 1, "{stderr}");
    assert!(stderr.contains("1 error(s)"), "{stderr}");
    assert!(!stderr.contains("glue-runtime-missing") && !stderr.contains("panicked"));
    assert!(
        output.stdout.is_empty(),
        "{}",
        String::from_utf8_lossy(&output.stdout)
    );
}

/// A Python that does not exist, or no JDBC driver: one line with the code
/// and what to install, exit 1, before any server or case.
#[test]
fn a_missing_runtime_is_one_line_naming_what_to_install() {
    let python = eltc_test(
        &["--backend", "glue", "pipelines/market_data"],
        &[("ELTC_PYTHON", "/nonexistent/python")],
    );
    let stderr = String::from_utf8_lossy(&python.stderr);
    assert_eq!(python.status.code(), Some(1), "{stderr}");
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(
        stderr.starts_with(
            "error[eltc::test::glue-runtime-missing]: $ELTC_PYTHON names `/nonexistent/python`"
        ) && stderr.contains("pip install pyspark==3.5.4"),
        "{stderr}"
    );

    let jar = eltc_test(
        &["--backend", "glue", "pipelines/market_data"],
        &[
            ("ELTC_PYTHON", "sh"),
            ("ELTC_JDBC_JAR", "/nonexistent/postgresql.jar"),
        ],
    );
    let stderr = String::from_utf8_lossy(&jar.stderr);
    assert_eq!(jar.status.code(), Some(1), "{stderr}");
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(
        stderr.contains(
            "glue-runtime-missing]: no PostgreSQL JDBC driver at `/nonexistent/postgresql.jar`"
        ) && stderr.contains("apt-get install libpostgresql-jdbc-java"),
        "{stderr}"
    );
}

/// `backend: glue` in the spec makes the Glue backend `eltc test`'s default
/// (the runtime is looked for: here it is missing), and `--backend procedure`
/// still runs the cases through the procedures.
#[test]
fn the_spec_backend_is_the_default_and_the_flag_overrides_it() {
    let (_temp, dir) = crate::eltc_test::copy_pipeline("market_data");
    let spec = dir.join("pipeline.yaml");
    let text = std::fs::read_to_string(&spec).unwrap();
    std::fs::write(&spec, format!("backend: glue\n{text}")).unwrap();
    let dir = dir.to_str().unwrap();
    let missing = [("ELTC_PYTHON", "/nonexistent/python")];

    let output = eltc_test(&[dir], &missing);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("glue-runtime-missing"), "{stderr}");

    let output = eltc_test(&["--backend", "procedure", dir], &missing);
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert_eq!(output.status.code(), Some(0), "{stdout}");
    assert!(stdout.contains("2 passed, 0 failed"), "{stdout}");
}

/// A Python that ends before Spark is ready: an error with what it printed,
/// exit 1, and the throwaway server and the session's folder are removed.
#[test]
fn a_python_that_dies_at_start_fails_the_run_with_its_output() {
    let temp = tempfile::tempdir().unwrap();
    let python = temp.path().join("python");
    std::fs::write(
        &python,
        "#!/bin/sh\necho 'no Spark in this python' >&2\nexit 3\n",
    )
    .unwrap();
    let mut permissions = std::fs::metadata(&python).unwrap().permissions();
    std::os::unix::fs::PermissionsExt::set_mode(&mut permissions, 0o755);
    std::fs::set_permissions(&python, permissions).unwrap();
    let output = eltc_test(
        &["--backend", "glue", "pipelines/market_data"],
        &[("ELTC_PYTHON", python.to_str().unwrap())],
    );
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("did not start: the Glue session's Python process ended")
            && stderr.contains("no Spark in this python"),
        "{stderr}"
    );
    assert!(output.stdout.is_empty());
}
