//! Execution cases: each translated unit is CALLed on PostgreSQL and the
//! outcome compared with what the Oracle documentation says the unit does.

use super::exec::{database, error, rows};

const TABLES: &str = "CREATE TABLE s.t (id NUMBER(9) NOT NULL, name VARCHAR2(30));\n\
                      CREATE TABLE s.log (step VARCHAR2(40), n NUMBER(9));\n";

fn seeded(units: &str) -> (postgres::Client, std::sync::Arc<super::exec::Shared>) {
    let (mut client, shared) = database(&[("ddl.sql", TABLES), ("unit.sql", units)]);
    client
        .batch_execute("INSERT INTO s.t VALUES (1, 'one'), (2, 'two'), (2, 'deux')")
        .expect("rows");
    (client, shared)
}

/// "If a SELECT INTO statement returns no rows, PL/SQL raises the predefined
/// exception NO_DATA_FOUND"; with more than one, TOO_MANY_ROWS
/// (https://docs.oracle.com/en/database/oracle/oracle-database/19/lnpls/SELECT-INTO-statement.html).
#[test]
fn select_into_raises_no_data_found_and_too_many_rows() {
    let (mut client, _server) = seeded(
        "CREATE PROCEDURE s.get_name (p_id PLS_INTEGER, p_name OUT VARCHAR2) IS\n\
         BEGIN\n  SELECT name INTO p_name FROM s.t WHERE id = p_id;\nEND;\n/\n",
    );
    assert_eq!(rows(&mut client, "CALL s.get_name(1, NULL)"), ["one"]);
    assert_eq!(
        error(&mut client, "CALL s.get_name(9, NULL)"),
        "ORA-01403: no data found"
    );
    assert_eq!(
        error(&mut client, "CALL s.get_name(2, NULL)"),
        "ORA-01422: exact fetch returns more than requested number of rows"
    );
}

/// A handler ends its block: the statements after the raising one are
/// skipped and execution goes on after the block
/// (https://docs.oracle.com/en/database/oracle/oracle-database/19/lnpls/plsql-error-handling.html,
/// "Exception Propagation": "after the exception handler runs, control
/// transfers to the next statement of the enclosing block").
#[test]
fn a_no_data_found_handler_runs_in_place_and_ends_its_block() {
    let (mut client, _server) = seeded(
        "CREATE PROCEDURE s.lookup (p_id PLS_INTEGER) IS\n\
           v_name s.t.name%TYPE;\n\
         BEGIN\n\
           BEGIN\n\
             SELECT name INTO v_name FROM s.t WHERE id = p_id;\n\
             INSERT INTO s.log VALUES ('found ' || v_name, p_id);\n\
           EXCEPTION\n\
             WHEN NO_DATA_FOUND THEN\n\
               INSERT INTO s.log VALUES ('missing', p_id);\n\
           END;\n\
           INSERT INTO s.log VALUES ('after', p_id);\n\
         END;\n/\n",
    );
    client
        .batch_execute("CALL s.lookup(1); CALL s.lookup(7)")
        .expect("calls");
    assert_eq!(
        rows(&mut client, "SELECT step, n FROM s.log"),
        ["found one|1", "after|1", "missing|7", "after|7"]
    );
}

/// `FOR i IN REVERSE 1 .. 3` runs i = 3, 2, 1; a loop that counts
/// (https://docs.oracle.com/en/database/oracle/oracle-database/19/lnpls/FOR-LOOP-statement.html:
/// "with REVERSE, the index starts at upper_bound and decreases by one").
#[test]
fn reverse_for_loops_count_down_and_loops_count() {
    let (mut client, _server) = seeded(
        "CREATE PROCEDURE s.count_down IS\n\
           v_total PLS_INTEGER := 0;\n\
           v_n     PLS_INTEGER := 0;\n\
         BEGIN\n\
           FOR i IN REVERSE 1 .. 3 LOOP\n\
             INSERT INTO s.log VALUES ('i', i);\n\
           END LOOP;\n\
           LOOP\n\
             v_n := v_n + 1;\n\
             EXIT WHEN v_n > 4;\n\
             CONTINUE WHEN MOD(v_n, 2) = 0;\n\
             v_total := v_total + v_n;\n\
           END LOOP;\n\
           WHILE v_total < 10 LOOP v_total := v_total * 2; END LOOP;\n\
           INSERT INTO s.log VALUES ('total', v_total);\n\
         END;\n/\n",
    );
    client.batch_execute("CALL s.count_down()").expect("call");
    // 1 + 3 = 4 (2 and 4 skipped), doubled while under 10: 16.
    assert_eq!(
        rows(&mut client, "SELECT step, n FROM s.log"),
        ["i|3", "i|2", "i|1", "total|16"]
    );
}

/// WHEN OTHERS ... RAISE re-raises the error; the CALL fails and, by
/// statement-level atomicity, leaves every table as it was
/// (https://docs.oracle.com/en/database/oracle/oracle-database/19/cncpt/transactions.html,
/// "Statement-Level Atomicity"). PostgreSQL needs the adapter's trailing
/// RAISE for this (src/target/postgres.rs, entry 15).
#[test]
fn others_handler_reraises_on_postgres() {
    let (mut client, _server) = seeded(
        "CREATE PROCEDURE s.fail IS\n\
         BEGIN\n\
           INSERT INTO s.log VALUES ('before', 1);\n\
           DELETE FROM s.t;\n\
           INSERT INTO s.t VALUES (NULL, 'no id');\n\
         EXCEPTION\n\
           WHEN OTHERS THEN\n\
             ROLLBACK;\n\
             RAISE;\n\
         END;\n/\n",
    );
    let message = error(&mut client, "CALL s.fail()");
    assert!(message.contains("null value"), "{message}");
    assert_eq!(rows(&mut client, "SELECT COUNT(*) FROM s.t"), ["3"]);
    assert_eq!(rows(&mut client, "SELECT COUNT(*) FROM s.log"), ["0"]);
}

/// OUT and IN OUT parameters return their values to the caller
/// (https://docs.oracle.com/en/database/oracle/oracle-database/19/lnpls/plsql-subprograms.html,
/// "Subprogram Parameter Modes"); an OUT parameter starts NULL in the callee.
#[test]
fn out_parameters_come_back_through_nested_calls() {
    let (mut client, _server) = seeded(
        "CREATE PROCEDURE s.inner (p_in PLS_INTEGER, p_out OUT PLS_INTEGER, p_io IN OUT PLS_INTEGER) IS\n\
         BEGIN\n\
           IF p_out IS NULL THEN p_io := p_io + 100; END IF;\n\
           p_out := p_in * 2;\n\
         END;\n/\n\
         CREATE PROCEDURE s.outer IS\n\
           v_out PLS_INTEGER := 5;\n\
           v_io  PLS_INTEGER := 1;\n\
         BEGIN\n\
           s.inner(21, v_out, v_io);\n\
           INSERT INTO s.log VALUES ('out', v_out);\n\
           INSERT INTO s.log VALUES ('io', v_io);\n\
         END;\n/\n",
    );
    client.batch_execute("CALL s.outer()").expect("call");
    assert_eq!(
        rows(&mut client, "SELECT step, n FROM s.log"),
        ["out|42", "io|101"]
    );
}

/// An explicit cursor: FETCH until %NOTFOUND, %ROWCOUNT counts the rows
/// fetched so far
/// (https://docs.oracle.com/en/database/oracle/oracle-database/19/lnpls/static-sql.html,
/// "Explicit Cursor Attributes").
#[test]
fn explicit_cursors_fetch_until_notfound_and_count() {
    let (mut client, _server) = seeded(
        "CREATE PROCEDURE s.walk IS\n\
           CURSOR c (p_min PLS_INTEGER) IS SELECT id, name FROM s.t WHERE id >= p_min ORDER BY name;\n\
           v_row c%ROWTYPE;\n\
         BEGIN\n\
           OPEN c(2);\n\
           LOOP\n\
             FETCH c INTO v_row;\n\
             EXIT WHEN c%NOTFOUND;\n\
             INSERT INTO s.log VALUES (v_row.name, c%ROWCOUNT);\n\
           END LOOP;\n\
           INSERT INTO s.log VALUES ('total', c%ROWCOUNT);\n\
           CLOSE c;\n\
         END;\n/\n",
    );
    client.batch_execute("CALL s.walk()").expect("call");
    assert_eq!(
        rows(&mut client, "SELECT step, n FROM s.log"),
        ["deux|1", "two|2", "total|2"]
    );
}

/// A user-defined exception raised with RAISE runs its handler; the error of
/// RAISE_APPLICATION_ERROR carries "ORA-20001: message"
/// (https://docs.oracle.com/en/database/oracle/oracle-database/19/lnpls/plsql-error-handling.html,
/// "Raising Exceptions Explicitly", "RAISE_APPLICATION_ERROR Procedure").
#[test]
fn user_exceptions_and_raise_application_error() {
    let (mut client, _server) = seeded(
        "CREATE PROCEDURE s.check_id (p_id PLS_INTEGER) IS\n\
           e_negative EXCEPTION;\n\
         BEGIN\n\
           IF p_id < 0 THEN RAISE e_negative; END IF;\n\
           IF p_id > 100 THEN RAISE_APPLICATION_ERROR(-20001, 'id ' || p_id || ' too large'); END IF;\n\
           INSERT INTO s.log VALUES ('ok', p_id);\n\
         EXCEPTION\n\
           WHEN e_negative THEN INSERT INTO s.log VALUES ('negative', p_id);\n\
         END;\n/\n",
    );
    client
        .batch_execute("CALL s.check_id(5); CALL s.check_id(-3)")
        .expect("calls");
    assert_eq!(
        error(&mut client, "CALL s.check_id(500)"),
        "ORA-20001: id 500 too large"
    );
    assert_eq!(
        rows(&mut client, "SELECT step, n FROM s.log"),
        ["ok|5", "negative|-3"]
    );
}

/// EXECUTE IMMEDIATE binds USING values by position, INTO receives the
/// row (https://docs.oracle.com/en/database/oracle/oracle-database/19/lnpls/EXECUTE-IMMEDIATE-statement.html).
#[test]
fn execute_immediate_with_using_and_into() {
    let (mut client, _server) = seeded(
        "CREATE PROCEDURE s.dyn (p_id PLS_INTEGER) IS\n\
           v_count PLS_INTEGER;\n\
         BEGIN\n\
           EXECUTE IMMEDIATE 'DELETE FROM s.t WHERE id = :1' USING p_id;\n\
           EXECUTE IMMEDIATE 'SELECT COUNT(*) FROM s.t WHERE id <> :x' INTO v_count USING p_id;\n\
           INSERT INTO s.log VALUES ('left', v_count);\n\
         END;\n/\n",
    );
    client.batch_execute("CALL s.dyn(2)").expect("call");
    assert_eq!(rows(&mut client, "SELECT step, n FROM s.log"), ["left|1"]);
    assert_eq!(rows(&mut client, "SELECT id, name FROM s.t"), ["1|one"]);
}

/// A package: private procedures, a constant, a default filled at the call,
/// overloads chosen by their parameters, SQL%ROWCOUNT after a MERGE (the
/// rows merged:
/// https://docs.oracle.com/en/database/oracle/oracle-database/19/lnpls/implicit-cursor-attribute.html).
#[test]
fn packages_defaults_overloads_and_merge_counts() {
    let spec = "CREATE PACKAGE s.pkg AS\n  PROCEDURE run;\nEND pkg;\n/\n";
    let body = "CREATE PACKAGE BODY s.pkg AS\n\
          c_step CONSTANT VARCHAR2(10) := 'merged';\n\
          PROCEDURE note (p_step VARCHAR2, p_n PLS_INTEGER DEFAULT -1) IS\n\
          BEGIN INSERT INTO s.log VALUES (p_step, p_n); END note;\n\
          PROCEDURE note (p_n PLS_INTEGER) IS\n\
          BEGIN INSERT INTO s.log VALUES ('number', p_n); END note;\n\
          PROCEDURE run IS\n\
          BEGIN\n\
            MERGE INTO s.t d USING (SELECT 1 AS id, 'uno' AS name FROM dual UNION ALL SELECT 3, 'three' FROM dual) src\n\
               ON (d.id = src.id)\n\
             WHEN MATCHED THEN UPDATE SET d.name = src.name\n\
             WHEN NOT MATCHED THEN INSERT (id, name) VALUES (src.id, src.name);\n\
            note(c_step, SQL%ROWCOUNT);\n\
            note('default');\n\
            note(7);\n\
          END run;\n\
        END pkg;\n/\n";
    let (mut client, _server) =
        database(&[("ddl.sql", TABLES), ("pkg.pks", spec), ("pkg.pkb", body)]);
    client
        .batch_execute("INSERT INTO s.t VALUES (1, 'one'); CALL s.pkg_run()")
        .expect("call");
    assert_eq!(
        rows(&mut client, "SELECT step, n FROM s.log"),
        ["merged|2", "default|-1", "number|7"]
    );
    assert_eq!(
        rows(&mut client, "SELECT id, name FROM s.t ORDER BY id"),
        ["1|uno", "3|three"]
    );
}

/// A function that is one expression is inlined; one with statements
/// becomes a procedure whose result comes back in an INOUT parameter
/// (https://docs.oracle.com/en/database/oracle/oracle-database/19/lnpls/RETURN-statement.html).
#[test]
fn functions_inline_or_return_through_a_parameter() {
    let (mut client, _server) = seeded(
        "CREATE FUNCTION s.twice (p_n PLS_INTEGER) RETURN PLS_INTEGER IS\n\
         BEGIN RETURN p_n * 2; END;\n/\n\
         CREATE FUNCTION s.count_named (p_name VARCHAR2) RETURN PLS_INTEGER IS\n\
           v_n PLS_INTEGER;\n\
         BEGIN\n\
           SELECT COUNT(*) INTO v_n FROM s.t WHERE name = p_name;\n\
           RETURN v_n;\n\
         END;\n/\n\
         CREATE PROCEDURE s.use_them IS\n\
           v_n PLS_INTEGER;\n\
         BEGIN\n\
           INSERT INTO s.log SELECT name, s.twice(id) FROM s.t WHERE id = 1;\n\
           v_n := s.count_named('two');\n\
           INSERT INTO s.log VALUES ('named', v_n);\n\
         END;\n/\n",
    );
    client.batch_execute("CALL s.use_them()").expect("call");
    assert_eq!(
        rows(&mut client, "SELECT step, n FROM s.log"),
        ["one|2", "named|1"]
    );
}

/// DUP_VAL_ON_INDEX is raised when "a program tries to store duplicate
/// values in a column that is constrained by a unique index"
/// (https://docs.oracle.com/en/database/oracle/oracle-database/19/lnpls/plsql-error-handling.html,
/// "Predefined Exceptions"); Redshift enforces no key, so the key is checked
/// before the INSERT and the handler runs instead of it.
#[test]
fn dup_val_on_index_handlers_check_the_key_first() {
    let (mut client, _server) = database(&[
        (
            "ddl.sql",
            "CREATE TABLE s.tag (tag_id NUMBER(9) NOT NULL PRIMARY KEY, label VARCHAR2(30));\n",
        ),
        (
            "unit.sql",
            "CREATE PROCEDURE s.upsert_tag (p_id PLS_INTEGER, p_label VARCHAR2) IS\n\
             BEGIN\n\
               INSERT INTO s.tag (tag_id, label) VALUES (p_id, p_label);\n\
             EXCEPTION\n\
               WHEN DUP_VAL_ON_INDEX THEN\n\
                 UPDATE s.tag SET label = p_label WHERE tag_id = p_id;\n\
             END;\n/\n",
        ),
    ]);
    client
        .batch_execute(
            "CALL s.upsert_tag(1, 'a'); CALL s.upsert_tag(2, 'b'); CALL s.upsert_tag(1, 'c')",
        )
        .expect("calls");
    assert_eq!(
        rows(
            &mut client,
            "SELECT tag_id, label FROM s.tag ORDER BY tag_id"
        ),
        ["1|c", "2|b"]
    );
}
