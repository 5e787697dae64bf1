//! `eltc translate`: statements on stdout (each ending in `;`), diagnostics on
//! stderr, exit 1 on an error, `--to postgres` through the adapter, stdin;
//! PL/SQL units and several files (DDL first) through the PL/SQL translator.

use std::io::Write;
use std::process::{Command, Output, Stdio};

fn translate(args: &[&str], input: &str) -> Output {
    translate_bytes(args, input.as_bytes())
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
    assert!(text(&output.stderr).contains("eltc::translate::operand-type-unknown"));
    let output = translate(&[], "SELECT TRUNC(CAST(:p_day AS DATE)) AS d FROM dual;\n");
    assert_eq!(output.status.code(), Some(0), "{}", text(&output.stderr));
    assert_eq!(text(&output.stdout), "SELECT CAST(:p_day AS DATE) AS d;\n");
}

fn fixture(path: &str) -> String {
    format!("{}/tests/fixtures/{path}", env!("CARGO_MANIFEST_DIR"))
}

/// `eltc translate ddl.sql pkg.pks pkg.pkb`: the legacy retail package with
/// its Oracle DDL, end to end. The DDL types the package; the sequence that
/// feeds dim_product becomes its IDENTITY; every procedure of the package,
/// private ones too, is printed, schema-qualified; the transaction control the
/// batch cannot keep is a warning, not an error.
#[test]
fn a_package_with_its_ddl_translates_end_to_end() {
    let dir = fixture("plsql/legacy/legacy-retail");
    let files = [
        format!("{dir}/ddl.sql"),
        format!("{dir}/retail_etl.pks"),
        format!("{dir}/retail_etl.pkb"),
    ];
    let args: Vec<&str> = files.iter().map(String::as_str).collect();
    let output = translate(&args, "");
    let (stdout, stderr) = (text(&output.stdout), text(&output.stderr));
    assert_eq!(output.status.code(), Some(0), "{stderr}");
    let dim_product = stdout
        .lines()
        .find(|l| l.starts_with("CREATE TABLE dw.dim_product "))
        .unwrap_or_else(|| panic!("{stdout}"));
    assert!(dim_product.contains("IDENTITY(1000, 1)"), "{dim_product}");
    for procedure in [
        "log_step",
        "load_stores",
        "load_customers",
        "load_products",
        "load_sales",
        "load_summary",
        "check_reconciliation",
        "load_day",
    ] {
        let head = format!("CREATE OR REPLACE PROCEDURE dw.retail_etl_{procedure}(");
        assert!(stdout.contains(&head), "{head} missing in:\n{stdout}");
    }
    // The DDL comes first, in input order.
    assert!(
        stdout.find("CREATE TABLE stg.store").unwrap()
            < stdout.find("CREATE OR REPLACE PROCEDURE").unwrap()
    );
    assert!(!stdout.to_ascii_lowercase().contains("nextval"), "{stdout}");
    assert!(
        stderr.contains("eltc::plsql::transaction-changed"),
        "{stderr}"
    );
    assert!(stderr.contains("0 error(s)"), "{stderr}");
}

/// A unit on standard input, after the DDL of the table it updates, is
/// recognised as PL/SQL and printed in the `--to` form.
#[test]
fn a_unit_on_stdin_becomes_a_procedure() {
    let unit = "CREATE TABLE hr.emp (empno NUMBER(6) NOT NULL, sal NUMBER(8,2));\n\
                CREATE OR REPLACE PROCEDURE hr.raise_all (p_pct IN NUMBER) IS\n\
                BEGIN\n  UPDATE hr.emp SET sal = sal * (1 + p_pct / 100);\nEND raise_all;\n/\n";
    for to in ["redshift", "postgres"] {
        let output = translate(&["--to", to], unit);
        let stdout = text(&output.stdout);
        assert_eq!(output.status.code(), Some(0), "{}", text(&output.stderr));
        assert!(stdout.starts_with("CREATE TABLE hr.emp ("), "{stdout}");
        assert!(
            stdout.contains("\nCREATE OR REPLACE PROCEDURE hr.raise_all(p_pct "),
            "{stdout}"
        );
        assert!(stdout.contains("LANGUAGE plpgsql;"), "{stdout}");
    }
}

/// A unit whose block structure does not parse: exit 1 with `plsql::syntax`.
#[test]
fn a_plsql_syntax_error_exits_1() {
    let unit = "CREATE OR REPLACE PROCEDURE hr.p IS\nBEGIN\n  IF 1 = 1 THEN NULL;\nEND p;\n/\n";
    let output = translate(&[], unit);
    assert_eq!(output.status.code(), Some(1));
    assert!(
        text(&output.stderr).contains("eltc::plsql::syntax"),
        "{}",
        text(&output.stderr)
    );
}

/// Several files are read together, in order: the first one's DDL types the
/// second one's statements.
#[test]
fn several_files_share_their_ddl() {
    let dir = tempfile::tempdir().unwrap();
    let ddl = dir.path().join("ddl.sql");
    let dml = dir.path().join("dml.sql");
    std::fs::write(
        &ddl,
        "CREATE TABLE hr.emp (empno NUMBER(6) NOT NULL, hired DATE);\n",
    )
    .unwrap();
    // TRUNC of a date is a date rewrite: it needs the column's type, from ddl.sql.
    std::fs::write(&dml, "UPDATE hr.emp SET hired = TRUNC(hired);\n").unwrap();
    let output = translate(&[ddl.to_str().unwrap(), dml.to_str().unwrap()], "");
    assert_eq!(output.status.code(), Some(0), "{}", text(&output.stderr));
    let stdout = text(&output.stdout);
    assert!(stdout.starts_with("CREATE TABLE hr.emp ("), "{stdout}");
    assert!(stdout.contains("UPDATE hr.emp SET hired = "), "{stdout}");
    // Alone, the second file does not know the column's type.
    let output = translate(&[dml.to_str().unwrap()], "");
    assert_eq!(output.status.code(), Some(1), "{}", text(&output.stdout));
    assert!(text(&output.stderr).contains("eltc::translate::operand-type-unknown"));
}

/// A file that cannot be read is eltc's I/O failure (exit 3); standard input
/// named twice is a usage error (exit 2).
#[test]
fn unreadable_inputs_and_stdin_twice() {
    let output = translate(&["/no/such/file.sql"], "");
    assert_eq!(output.status.code(), Some(3));
    let output = translate(&["-", "-"], "SELECT 1 FROM dual;\n");
    assert_eq!(output.status.code(), Some(2));
    assert!(
        text(&output.stderr).contains("standard input"),
        "{}",
        text(&output.stderr)
    );
}

fn translate_bytes(args: &[&str], input: &[u8]) -> Output {
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
        .write_all(input)
        .expect("write stdin");
    child.wait_with_output().expect("wait")
}

#[test]
fn input_that_is_not_utf8_is_a_diagnostic_or_decoded_as_named() {
    // 0xE9 is é in windows-1252 and ISO-8859-1, and no UTF-8 on its own.
    let script = b"UPDATE hr.emp SET ename = 'Ren\xE9';\n";
    let refused = translate_bytes(&[], script);
    assert_eq!(refused.status.code(), Some(1), "{}", text(&refused.stderr));
    assert!(
        text(&refused.stderr)
            .contains("[eltc::io::encoding]: `<stdin>` is not UTF-8 text: byte 0xE9 at offset 30"),
        "{}",
        text(&refused.stderr)
    );
    assert_eq!(text(&refused.stdout), "");
    let decoded = translate_bytes(&["--encoding", "latin1"], script);
    assert_eq!(decoded.status.code(), Some(0), "{}", text(&decoded.stderr));
    assert_eq!(text(&decoded.stdout), "UPDATE hr.emp SET ename = 'René';\n");
    // A file: streamed when it is UTF-8, decoded whole when it is not.
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("legacy.sql");
    std::fs::write(&path, script).unwrap();
    let path = path.to_str().unwrap();
    let refused = translate_bytes(&[path], b"");
    assert_eq!(refused.status.code(), Some(1), "{}", text(&refused.stderr));
    assert!(text(&refused.stderr).contains("legacy.sql` is not UTF-8 text"));
    let decoded = translate_bytes(&["--encoding", "windows-1252", path], b"");
    assert_eq!(text(&decoded.stdout), "UPDATE hr.emp SET ename = 'René';\n");
    // UTF-16 with its byte order mark needs no option.
    let mut utf16 = vec![0xFF, 0xFE];
    for unit in "UPDATE hr.emp SET ename = 'René';\n".encode_utf16() {
        utf16.extend_from_slice(&unit.to_le_bytes());
    }
    let decoded = translate_bytes(&[], &utf16);
    assert_eq!(text(&decoded.stdout), "UPDATE hr.emp SET ename = 'René';\n");
}

/// `--schema NAME` stands for the connected user's schema, where Oracle
/// resolves a table written without one: the script's DDL creates there,
/// its statements read and write there (a CTE keeps its name), and a
/// PL/SQL unit's procedure is created there.
#[test]
fn schema_qualifies_tables_written_without_one() {
    let script = "CREATE TABLE emp (empno NUMBER(6), ename VARCHAR2(30));\n\
        INSERT INTO emp (empno) WITH x AS (SELECT id FROM new_hires) SELECT id FROM x;\n\
        SELECT * FROM emp;\n";
    let output = translate(&["--schema", "hr"], script);
    assert_eq!(output.status.code(), Some(0), "{}", text(&output.stderr));
    assert_eq!(
        text(&output.stdout),
        "CREATE TABLE hr.emp (empno INTEGER, ename VARCHAR(30));\n\
         INSERT INTO hr.emp (empno) WITH x AS (SELECT id FROM hr.new_hires) SELECT id FROM x;\n\
         SELECT emp.empno, emp.ename FROM hr.emp;\n"
    );
    let unit = "CREATE OR REPLACE PROCEDURE load_emp IS\nBEGIN\n  DELETE FROM emp WHERE empno IS NULL;\nEND load_emp;\n/\n";
    let output = translate(&["--schema", "hr"], unit);
    assert_eq!(output.status.code(), Some(0), "{}", text(&output.stderr));
    let stdout = text(&output.stdout);
    assert!(
        stdout.contains("CREATE OR REPLACE PROCEDURE hr.load_emp()"),
        "{stdout}"
    );
    assert!(stdout.contains("DELETE FROM hr.emp WHERE"), "{stdout}");
}

/// A script that mixes plain statements with a PL/SQL unit: `--schema`
/// holds the top-level statements' tables too, so they find the table the
/// script created (and its types), as in a script of plain statements.
#[test]
fn schema_qualifies_top_level_statements_beside_a_unit() {
    let script = "CREATE TABLE emp (empno NUMBER(6), hired DATE);\n\
        UPDATE emp SET hired = TRUNC(hired);\n\
        BEGIN\n  NULL;\nEND;\n/\n";
    let output = translate(&["--schema", "hr"], script);
    assert_eq!(output.status.code(), Some(0), "{}", text(&output.stderr));
    let stdout = text(&output.stdout);
    assert!(
        stdout.contains("UPDATE hr.emp SET hired = ") && !stdout.contains("TRUNC(hired)"),
        "{stdout}"
    );
}

/// A SQL*Plus line ends at the line's end (PROMPT's text may hold a `;`):
/// the statement after it is translated, not taken into the PROMPT, and
/// EXEC runs its call where it stands.
#[test]
fn sqlplus_lines_do_not_swallow_the_next_statement() {
    let script = "CREATE TABLE emp (empno NUMBER(6));\n\
        CREATE OR REPLACE PROCEDURE purge IS\nBEGIN\n  DELETE FROM emp WHERE empno < 0;\nEND purge;\n/\n\
        prompt Purging; then counting\n\
        DELETE FROM emp WHERE empno IS NULL;\n\
        exec purge\n";
    let output = translate(&["--schema", "hr"], script);
    let stderr = text(&output.stderr);
    assert_eq!(output.status.code(), Some(0), "{stderr}");
    let stdout = text(&output.stdout);
    assert!(
        stdout.contains("DELETE FROM hr.emp WHERE empno IS NULL;"),
        "{stdout}"
    );
    assert!(stdout.contains("CALL hr.purge();"), "{stdout}");
    assert!(stderr.contains("eltc::sqlplus::prompt"), "{stderr}");
}

/// A script translated on its own runs statement by statement: its own
/// TRUNCATE (DDL that commits in Oracle and in Redshift) and COMMIT keep
/// their meaning, with a warning; inside a procedure they stay refused or
/// changed.
#[test]
fn a_scripts_truncate_and_commit_keep_their_script_meaning() {
    let script = "CREATE TABLE emp (empno NUMBER(6));\nTRUNCATE TABLE emp;\nINSERT INTO emp (empno) VALUES (1);\nCOMMIT;\n";
    let output = translate(&["--schema", "hr"], script);
    let stderr = text(&output.stderr);
    assert_eq!(output.status.code(), Some(0), "{stderr}");
    let stdout = text(&output.stdout);
    assert!(stdout.contains("TRUNCATE TABLE hr.emp;"), "{stdout}");
    assert!(stdout.contains("COMMIT;"), "{stdout}");
    assert!(
        stderr.contains("eltc::translate::script-semantics"),
        "{stderr}"
    );
    let unit = "CREATE TABLE emp (empno NUMBER(6));\nCREATE OR REPLACE PROCEDURE purge IS\nBEGIN\n  EXECUTE IMMEDIATE 'TRUNCATE TABLE emp';\nEND purge;\n/\nTRUNCATE TABLE emp;\n";
    let output = translate(&["--schema", "hr"], unit);
    let stdout = text(&output.stdout);
    assert!(stdout.contains("TRUNCATE TABLE hr.emp;"), "{stdout}");
}

/// NEXTVAL on a sequence the inputs create gets the same diagnostic, help
/// included, whether the DDL and the INSERTs are one file or two (the
/// script reader and the PL/SQL reader share one translator and catalogue).
#[test]
fn nextval_is_refused_alike_in_one_file_or_two() {
    let dir = tempfile::tempdir().unwrap();
    let ddl = "CREATE SEQUENCE s.order_seq START WITH 1 INCREMENT BY 1;\nCREATE TABLE s.orders (id NUMBER(10) NOT NULL, name VARCHAR2(30));\n";
    let dml = "INSERT INTO s.orders (id, name) VALUES (s.order_seq.NEXTVAL, 'a');\n";
    std::fs::write(dir.path().join("one.sql"), format!("{ddl}{dml}")).unwrap();
    std::fs::write(dir.path().join("ddl.sql"), ddl).unwrap();
    std::fs::write(dir.path().join("dml.sql"), dml).unwrap();
    let run = |files: &[&str]| {
        let out = Command::new(env!("CARGO_BIN_EXE_eltc"))
            .current_dir(dir.path())
            .arg("translate")
            .args(files)
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(1));
        // The diagnostics without their file:line:column and source lines.
        text(&out.stderr)
            .lines()
            .filter(|l| l.starts_with("error[") || l.trim_start().starts_with("= help"))
            .map(str::to_string)
            .collect::<Vec<_>>()
    };
    let one = run(&["one.sql"]);
    assert!(
        one.iter()
            .any(|l| l.contains("`s.order_seq` (created above)")),
        "{one:#?}"
    );
    assert_eq!(one, run(&["ddl.sql", "dml.sql"]));
}
