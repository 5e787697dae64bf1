//! `eltc translate`: statements on stdout (each ending in `;`), diagnostics on
//! stderr, exit 1 on an error, `--to postgres` through the adapter, stdin.

use std::io::Write;
use std::process::{Command, Output, Stdio};

fn translate(args: &[&str], input: &str) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_eltc"))
        .arg("translate")
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run eltc");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(input.as_bytes())
        .expect("write stdin");
    child.wait_with_output().expect("wait")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

const SCRIPT: &str = "CREATE TABLE hr.emp (empno NUMBER(6) NOT NULL, ename VARCHAR2(30), mgr NUMBER(6), hired DATE DEFAULT SYSDATE);\n\
    UPDATE hr.emp e SET e.ename = NVL(e.ename, 'x') WHERE e.mgr IS NULL;\n";

#[test]
fn ddl_types_the_statements_after_it() {
    let output = translate(&[], SCRIPT);
    assert_eq!(output.status.code(), Some(0), "{}", text(&output.stderr));
    assert_eq!(
        text(&output.stdout),
        "CREATE TABLE hr.emp (empno INTEGER NOT NULL, ename VARCHAR(30), mgr INTEGER, hired TIMESTAMP DEFAULT GETDATE());\n\
         UPDATE hr.emp SET ename = COALESCE(emp.ename, 'x') WHERE emp.mgr IS NULL;\n"
    );
    // DATE -> TIMESTAMP is a warning, rendered like `eltc check`.
    let stderr = text(&output.stderr);
    assert!(stderr.contains("eltc::translate::type-mapped"), "{stderr}");
    assert!(stderr.contains("0 error(s), 1 warning(s)"), "{stderr}");
}

#[test]
fn an_error_exits_1_and_keeps_the_other_statements() {
    let output = translate(
        &["-"],
        "SELECT ROWID AS r FROM hr.emp;\nDELETE FROM hr.emp e WHERE e.empno = 1;\n",
    );
    assert_eq!(output.status.code(), Some(1));
    assert_eq!(
        text(&output.stdout),
        "DELETE FROM hr.emp WHERE emp.empno = 1;\n"
    );
    assert!(text(&output.stderr).contains("`ROWID` has no Redshift equivalent"));
}

#[test]
fn postgres_output_goes_through_the_adapter() {
    let output = translate(&["--to", "postgres"], SCRIPT);
    assert_eq!(output.status.code(), Some(0), "{}", text(&output.stderr));
    let stdout = text(&output.stdout);
    assert!(
        stdout.contains("DEFAULT CAST(statement_timestamp() AS TIMESTAMP)"),
        "{stdout}"
    );
}

#[test]
fn unknown_dialect_is_a_usage_error() {
    let output = translate(&["--from", "db2"], "");
    assert_eq!(output.status.code(), Some(2));
}

/// Binds are Redshift Data API parameters in a script: kept as `:name`
/// (lower case), every statement still valid Redshift.
#[test]
fn binds_pass_through_as_data_api_parameters() {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/translate_script/data_api_binds.sql"
    );
    let output = translate(&[path], "");
    assert_eq!(output.status.code(), Some(0), "{}", text(&output.stderr));
    let stdout = text(&output.stdout);
    for statement in stdout.lines() {
        let statement = statement.trim_end_matches(';');
        if let Err(error) = eltc::sql::check_redshift_parses(statement) {
            panic!("{statement}: {error}");
        }
    }
    insta::assert_snapshot!("translate_data_api_binds", stdout);
}

/// A bind's type is unknown: a rewrite that needs it is refused, and a CAST
/// of the bind gives it.
#[test]
fn a_bind_of_unknown_type_is_refused_where_the_type_matters() {
    let output = translate(&[], "SELECT TRUNC(:p_day) AS d FROM dual;\n");
    assert_eq!(output.status.code(), Some(1));
    assert!(text(&output.stderr).contains("eltc::translate::unknown-type"));
    let output = translate(&[], "SELECT TRUNC(CAST(:p_day AS DATE)) AS d FROM dual;\n");
    assert_eq!(output.status.code(), Some(0), "{}", text(&output.stderr));
    assert_eq!(text(&output.stdout), "SELECT CAST(:p_day AS DATE) AS d;\n");
}
