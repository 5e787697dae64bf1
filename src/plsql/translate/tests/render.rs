//! The rendered PL/pgSQL and the diagnostics of each construct.

use super::procedure;

const DDL: &str = "CREATE TABLE s.t (id NUMBER(9) NOT NULL PRIMARY KEY, name VARCHAR2(30), amount NUMBER(12,2), day DATE);\n\
                   CREATE TABLE s.log (msg VARCHAR2(200), n NUMBER(9));\n";

fn unit(body: &str) -> (String, Vec<String>) {
    procedure(DDL, body)
}

fn has(text: &str, wanted: &str) {
    assert!(text.contains(wanted), "`{wanted}` missing from:\n{text}");
}

fn diagnosed(diagnostics: &[String], wanted: &str) {
    assert!(
        diagnostics.iter().any(|d| d.contains(wanted)),
        "`{wanted}` not among {diagnostics:#?}"
    );
}

fn no_errors(diagnostics: &[String]) {
    let errors: Vec<&String> = diagnostics
        .iter()
        .filter(|d| d.starts_with("Error"))
        .collect();
    assert!(errors.is_empty(), "{errors:#?}");
}

#[test]
fn parameters_declarations_and_types() {
    let (text, diagnostics) = unit(
        "CREATE PROCEDURE s.p (p_a IN NUMBER, p_b OUT VARCHAR2, p_c IN OUT PLS_INTEGER, p_d DATE DEFAULT SYSDATE) IS\n\
           v_name s.t.name%TYPE;\n\
           v_copy v_name%TYPE := 'x';\n\
           c_ten  CONSTANT NUMBER(4) := 10;\n\
           v_flag BOOLEAN NOT NULL := FALSE;\n\
           v_row  s.t%ROWTYPE;\n\
         BEGIN\n  NULL;\nEND;\n/\n",
    );
    no_errors(&diagnostics);
    has(
        &text,
        "PROCEDURE s.p(p_a DECIMAL(38,10), p_b INOUT VARCHAR(65535), p_c INOUT INTEGER, p_d TIMESTAMP)",
    );
    has(
        &text,
        "  v_name VARCHAR(30);\n  v_copy VARCHAR(30) := 'x';\n  c_ten CONSTANT SMALLINT := 10;\n  v_flag BOOLEAN NOT NULL := false;\n  v_row RECORD;\n",
    );
    // OUT: NULL on entry, as Oracle passes nothing in.
    has(&text, "BEGIN\n  p_b := NULL;\n  NULL;\nEND;");
}

#[test]
fn control_flow_keeps_its_shape_and_reverse_swaps_bounds() {
    let (text, diagnostics) = unit(
        "CREATE PROCEDURE s.p (p_n PLS_INTEGER) IS\n  v PLS_INTEGER := 0;\nBEGIN\n\
           <<outer>> FOR i IN REVERSE 1 .. p_n LOOP\n    EXIT outer WHEN i < 3;\n    CONTINUE WHEN MOD(i, 2) = 0;\n    v := v + i;\n  END LOOP;\n\
           WHILE v > 10 LOOP v := v - 10; END LOOP;\n\
           IF v = 1 THEN v := 2; ELSIF v = 2 THEN v := 3; ELSE NULL; END IF;\n\
           CASE v WHEN 3 THEN v := 4; END CASE;\n\
         END;\n/\n",
    );
    no_errors(&diagnostics);
    has(
        &text,
        "  <<outer>>\n  FOR i IN REVERSE p_n .. 1 LOOP\n    EXIT outer WHEN i < 3;\n    CONTINUE WHEN MOD(i, 2) = 0;\n    v := v + i;\n  END LOOP outer;\n",
    );
    has(
        &text,
        "  WHILE v > 10 LOOP\n    v := v - 10;\n  END LOOP;\n",
    );
    has(
        &text,
        "  IF v = 1 THEN\n    v := 2;\n  ELSIF v = 2 THEN\n    v := 3;\n  ELSE\n    NULL;\n  END IF;\n",
    );
    has(
        &text,
        "  CASE v\n    WHEN 3 THEN\n      v := 4;\n  END CASE;\n",
    );
}

#[test]
fn columns_win_over_variables_of_the_same_name() {
    let (text, diagnostics) = unit(
        "CREATE PROCEDURE s.p (name VARCHAR2) IS\nBEGIN\n  DELETE FROM s.t WHERE name = name;\n  INSERT INTO s.log (msg) VALUES (name);\nEND;\n/\n",
    );
    no_errors(&diagnostics);
    // Oracle reads both `name`s in the WHERE as the column: so must PL/pgSQL.
    has(&text, "DELETE FROM s.t WHERE t.name = t.name;");
    has(&text, "INSERT INTO s.log (msg) VALUES (name);");
}

#[test]
fn an_unknown_table_makes_a_variable_name_ambiguous() {
    let (_, diagnostics) = unit(
        "CREATE PROCEDURE s.p (region VARCHAR2) IS\nBEGIN\n  DELETE FROM ext.sales WHERE region = region;\nEND;\n/\n",
    );
    diagnosed(
        &diagnostics,
        "Error plsql::name-conflict: `region` may be a column",
    );
}

#[test]
fn a_cursor_loop_inside_another_is_refused() {
    let (_, diagnostics) = unit(
        "CREATE PROCEDURE s.p IS\nBEGIN\n  FOR a IN (SELECT id FROM s.t) LOOP\n    FOR b IN (SELECT n FROM s.log WHERE n = a.id) LOOP NULL; END LOOP;\n  END LOOP;\nEND;\n/\n",
    );
    diagnosed(
        &diagnostics,
        "Error plsql::nested-cursor: a cursor opened while `a` is open",
    );
}

#[test]
fn a_call_from_a_cursor_loop_to_a_procedure_with_a_cursor_is_refused() {
    let (_, diagnostics) = unit(
        "CREATE PROCEDURE s.inner IS\nBEGIN\n  FOR r IN (SELECT id FROM s.t) LOOP NULL; END LOOP;\nEND;\n/\n\
         CREATE PROCEDURE s.outer IS\nBEGIN\n  FOR r IN (SELECT id FROM s.t) LOOP s.inner; END LOOP;\nEND;\n/\n",
    );
    diagnosed(
        &diagnostics,
        "Error plsql::nested-cursor: `s.inner` opens a cursor while this one is open",
    );
}

#[test]
fn handlers_that_cannot_be_kept_are_reported() {
    let (_, diagnostics) = unit(
        "CREATE PROCEDURE s.p IS\nBEGIN\n  DELETE FROM s.t;\nEXCEPTION\n  WHEN OTHERS THEN NULL;\nEND;\n/\n",
    );
    diagnosed(
        &diagnostics,
        "Error plsql::handler-not-kept: WHEN OTHERS without a re-raise",
    );
    let (_, diagnostics) = unit(
        "CREATE PROCEDURE s.p IS\n  v PLS_INTEGER;\nBEGIN\n  v := 1 / 0;\nEXCEPTION\n  WHEN ZERO_DIVIDE THEN v := 0;\nEND;\n/\n",
    );
    diagnosed(
        &diagnostics,
        "Error plsql::handler-not-kept: a handler for `ZERO_DIVIDE`",
    );
}

#[test]
fn handler_writes_survive_on_redshift() {
    let (text, diagnostics) = unit(
        "CREATE PROCEDURE s.p IS\nBEGIN\n  DELETE FROM s.t;\nEXCEPTION\n  WHEN OTHERS THEN\n    INSERT INTO s.log (msg) VALUES (SQLERRM);\n    RAISE;\nEND;\n/\n",
    );
    diagnosed(&diagnostics, "Warning plsql::handler-changed");
    has(
        &text,
        "EXCEPTION\n  WHEN OTHERS THEN\n    INSERT INTO s.log (msg) VALUES (SQLERRM);\nEND;",
    );
}

#[test]
fn transaction_control_is_reported() {
    let (text, diagnostics) = unit(
        "CREATE PROCEDURE s.p IS\nBEGIN\n  TRUNCATE TABLE s.log;\n  COMMIT;\n  ROLLBACK;\n  SAVEPOINT a;\nEND;\n/\n",
    );
    has(&text, "  DELETE FROM s.log;\n");
    diagnosed(
        &diagnostics,
        "Warning plsql::transaction-changed: TRUNCATE became DELETE",
    );
    diagnosed(
        &diagnostics,
        "Warning plsql::transaction-changed: COMMIT dropped",
    );
    diagnosed(
        &diagnostics,
        "Error plsql::rollback: ROLLBACK outside a WHEN OTHERS handler",
    );
    diagnosed(&diagnostics, "Error plsql::savepoint: SAVEPOINT");
}

#[test]
fn refused_constructs_name_themselves() {
    let (_, diagnostics) = unit(
        "CREATE PROCEDURE s.p (p_t VARCHAR2) IS\n  v PLS_INTEGER;\nBEGIN\n\
           <<again>> NULL;\n  GOTO again;\n\
           v := SQLCODE;\n\
           EXECUTE IMMEDIATE 'DELETE FROM ' || p_t;\n\
         END;\n/\n",
    );
    diagnosed(&diagnostics, "Error plsql::goto: GOTO is not translated");
    diagnosed(
        &diagnostics,
        "Error plsql::sqlcode: SQLCODE is not translated",
    );
    diagnosed(
        &diagnostics,
        "Error plsql::dynamic-sql: the statement text is built at run time",
    );
}

#[test]
fn package_state_and_unknown_procedures_are_reported() {
    let (_, diagnostics) = unit(
        "CREATE PACKAGE BODY s.pkg AS\n  g_run PLS_INTEGER;\n\
           PROCEDURE start_run IS BEGIN g_run := 1; END;\n\
           PROCEDURE other IS BEGIN audit.log('x'); END;\n\
         END pkg;\n/\n",
    );
    diagnosed(
        &diagnostics,
        "Error plsql::package-state: package variable `g_run` is assigned",
    );
    diagnosed(
        &diagnostics,
        "Error plsql::unknown-name: `audit.log` is not a procedure among the inputs",
    );
}

#[test]
fn sequences_become_identity_in_the_table_and_leave_the_insert() {
    let (text, diagnostics) = procedure(
        "CREATE SEQUENCE s.k_seq START WITH 5 INCREMENT BY 2 NOCACHE;\n\
         CREATE TABLE s.k (k NUMBER(10) NOT NULL, v VARCHAR2(10));\n",
        "CREATE PROCEDURE s.p IS\nBEGIN\n  INSERT INTO s.k (k, v) VALUES (s.k_seq.NEXTVAL, 'a');\nEND;\n/\n",
    );
    no_errors(&diagnostics);
    has(
        &text,
        "CREATE TABLE s.k (k BIGINT IDENTITY(5, 2) NOT NULL, v VARCHAR(10));",
    );
    has(&text, "INSERT INTO s.k (v) VALUES ('a');");
    diagnosed(
        &diagnostics,
        "Warning plsql::sequence-identity: `s.k_seq` became `s.k.k` IDENTITY(5, 2)",
    );
}

#[test]
fn overloads_get_numbered_names_and_defaults_are_written_out() {
    let (text, diagnostics) = unit(
        "CREATE PACKAGE BODY s.pkg AS\n\
           PROCEDURE note (p_msg VARCHAR2, p_n PLS_INTEGER DEFAULT 0) IS BEGIN INSERT INTO s.log VALUES (p_msg, p_n); END;\n\
           PROCEDURE note (p_n PLS_INTEGER) IS BEGIN INSERT INTO s.log VALUES ('n', p_n); END;\n\
           PROCEDURE run IS BEGIN note('a'); note(p_n => 3); END;\n\
         END pkg;\n/\n",
    );
    no_errors(&diagnostics);
    has(
        &text,
        "CREATE OR REPLACE PROCEDURE s.pkg_note_2(p_n INTEGER)",
    );
    has(
        &text,
        "  CALL s.pkg_note(CAST('a' AS VARCHAR(65535)), CAST(0 AS INTEGER));\n  CALL s.pkg_note_2(CAST(3 AS INTEGER));\n",
    );
    diagnosed(
        &diagnostics,
        "Warning plsql::signature-changed: overload 2 of `s.pkg.note` becomes `s.pkg_note_2`",
    );
}

#[test]
fn select_into_checks_and_handlers() {
    let (text, diagnostics) = unit(
        "CREATE PROCEDURE s.p (p_id PLS_INTEGER) IS\n  v s.t.name%TYPE;\n  n PLS_INTEGER;\nBEGIN\n\
           SELECT COUNT(*) INTO n FROM s.t;\n\
           SELECT DISTINCT name INTO v FROM s.t WHERE id = p_id;\n\
         EXCEPTION\n  WHEN TOO_MANY_ROWS THEN v := 'many';\nEND;\n/\n",
    );
    no_errors(&diagnostics);
    // One row whatever the data: no check.
    has(&text, "  SELECT COUNT(*) INTO n FROM s.t;\n");
    // DISTINCT: the count is taken over the query's result.
    has(
        &text,
        "SELECT eltc_into.eltc_c1, COUNT(*) OVER () INTO v, eltc_rows FROM (SELECT DISTINCT name FROM s.t WHERE id = p_id) AS eltc_into (eltc_c1);",
    );
    has(
        &text,
        "  IF eltc_rows IS NULL THEN\n    RAISE EXCEPTION 'ORA-01403: no data found';\n  ELSIF eltc_rows > 1 THEN\n    v := 'many';\n    EXIT eltc_block_1;\n  END IF;\n",
    );
}

#[test]
fn put_line_raises_info_through_a_variable() {
    let (text, diagnostics) = unit(
        "CREATE PROCEDURE s.p (p_n PLS_INTEGER) IS\nBEGIN\n  DBMS_OUTPUT.PUT_LINE('100% done');\n  DBMS_OUTPUT.PUT_LINE('n = ' || p_n);\nEND;\n/\n",
    );
    no_errors(&diagnostics);
    has(&text, "  RAISE INFO '100%% done';\n");
    has(
        &text,
        "  eltc_message := 'n = ' || COALESCE(CAST(p_n AS VARCHAR), '');\n  RAISE INFO '%', eltc_message;\n",
    );
}

#[test]
fn functions_are_inlined_or_become_procedures() {
    let (text, diagnostics) = unit(
        "CREATE FUNCTION s.half (p NUMBER) RETURN NUMBER IS BEGIN RETURN p / 2; END;\n/\n\
         CREATE FUNCTION s.total RETURN NUMBER IS v NUMBER(12,2); BEGIN SELECT SUM(amount) INTO v FROM s.t; RETURN v; END;\n/\n\
         CREATE PROCEDURE s.p IS v NUMBER(12,2); BEGIN v := s.total; UPDATE s.t SET amount = s.half(amount); END;\n/\n",
    );
    no_errors(&diagnostics);
    assert!(!text.contains("PROCEDURE s.half"), "{text}");
    has(
        &text,
        "CREATE OR REPLACE PROCEDURE s.total(eltc_result INOUT DECIMAL(38,10))",
    );
    has(&text, "  eltc_result := v;\n  RETURN;\n");
    has(&text, "UPDATE s.t SET amount = (amount / 2);");
    let (_, diagnostics) = unit(
        "CREATE FUNCTION s.total RETURN NUMBER IS v NUMBER; BEGIN SELECT COUNT(*) INTO v FROM s.t; RETURN v; END;\n/\n\
         CREATE PROCEDURE s.p IS BEGIN IF s.total() > 0 THEN NULL; END IF; END;\n/\n",
    );
    diagnosed(
        &diagnostics,
        "Error plsql::function-in-expression: the function `s.total` is called inside an expression",
    );
}

#[test]
fn forall_over_a_bulk_collection_is_set_based() {
    let (text, diagnostics) = unit(
        "CREATE PROCEDURE s.p IS\n  TYPE t_ids IS TABLE OF NUMBER;\n  v_ids t_ids;\nBEGIN\n\
           SELECT id BULK COLLECT INTO v_ids FROM s.t WHERE amount > 0;\n\
           FORALL i IN 1 .. v_ids.COUNT DELETE FROM s.log WHERE n = v_ids(i);\n\
         END;\n/\n",
    );
    no_errors(&diagnostics);
    has(
        &text,
        "  DROP TABLE IF EXISTS eltc_bulk_v_ids;\n  CREATE TEMPORARY TABLE eltc_bulk_v_ids AS SELECT id AS eltc_v_ids FROM s.t WHERE amount > 0;\n",
    );
    has(
        &text,
        "  DELETE FROM s.log WHERE EXISTS (SELECT 1 FROM eltc_bulk_v_ids eltc_bulk WHERE n = eltc_bulk.eltc_v_ids);\n",
    );
}

#[test]
fn autonomous_transactions_are_dropped_with_their_consequence() {
    let (_, diagnostics) = unit(
        "CREATE PROCEDURE s.log_it (p VARCHAR2) IS\n  PRAGMA AUTONOMOUS_TRANSACTION;\nBEGIN\n  INSERT INTO s.log (msg) VALUES (p);\n  COMMIT;\nEND;\n/\n",
    );
    diagnosed(
        &diagnostics,
        "Warning plsql::transaction-changed: PRAGMA AUTONOMOUS_TRANSACTION dropped",
    );
    diagnosed(
        &diagnostics,
        "Warning plsql::transaction-changed: COMMIT of an autonomous transaction dropped",
    );
}

#[test]
fn public_procedures_with_defaults_or_out_parameters_warn_outside_callers() {
    let (_, diagnostics) = unit(
        "CREATE PROCEDURE s.p (p_a PLS_INTEGER DEFAULT 1, p_b OUT PLS_INTEGER) IS\nBEGIN\n  p_b := p_a;\nEND;\n/\n",
    );
    diagnosed(
        &diagnostics,
        "Warning plsql::signature-changed: callers of `s.p` outside the translated units must pass `p_a` (Redshift parameters have no DEFAULT) and pass a value for the OUT parameter(s) `p_b`, now INOUT",
    );
}

#[test]
fn sql_attributes_after_a_call_are_refused() {
    let (_, diagnostics) = unit(
        "CREATE PROCEDURE s.q IS BEGIN DELETE FROM s.log; END;\n/\n\
         CREATE PROCEDURE s.p IS n PLS_INTEGER; BEGIN DELETE FROM s.t; s.q; n := SQL%ROWCOUNT; END;\n/\n",
    );
    diagnosed(
        &diagnostics,
        "Error plsql::cursor-attribute: SQL%ROWCOUNT right after a procedure call",
    );
}

#[test]
fn row_counts_are_kept_only_where_sql_attributes_read_them() {
    let (text, diagnostics) = unit(
        "CREATE PROCEDURE s.p IS\n  n PLS_INTEGER;\nBEGIN\n\
           DELETE FROM s.log;\n\
           UPDATE s.t SET name = 'x';\n\
           n := SQL%ROWCOUNT;\n\
           LOOP\n    EXIT WHEN SQL%NOTFOUND;\n    DELETE FROM s.t WHERE id = n;\n  END LOOP;\n\
         END;\n/\n",
    );
    no_errors(&diagnostics);
    // The first DELETE is read by nothing; the UPDATE by the assignment; the
    // loop's DELETE by the EXIT of the next turn.
    has(
        &text,
        "  DELETE FROM s.log;\n  UPDATE s.t SET name = 'x';\n  GET DIAGNOSTICS eltc_sql_rowcount := ROW_COUNT;\n  n := eltc_sql_rowcount;\n",
    );
    has(
        &text,
        "    DELETE FROM s.t WHERE id = n;\n    GET DIAGNOSTICS eltc_sql_rowcount := ROW_COUNT;\n  END LOOP;\n",
    );
}

/// `#` is legal in Oracle names and not in PL/pgSQL ones: the parameter
/// gets a plain name (this unit used to make eltc loop forever).
#[test]
fn names_with_a_hash_get_a_plain_name() {
    let (text, diagnostics) = super::run(&[(
        "p.sql",
        "CREATE OR REPLACE PROCEDURE s.p (p_#x IN VARCHAR2) IS BEGIN NULL; END p;\n/\n",
    )]);
    assert!(diagnostics.is_empty(), "{diagnostics:?}");
    assert!(text.contains("s.p(p__x VARCHAR(65535))"), "{text}");
}

/// A refused statement inside a unit must not become code that runs with
/// another meaning (an `EXIT WHEN NULL` never exits): it raises where it
/// stood, naming what was not translated; the statements around it stay.
#[test]
fn refused_statements_raise_where_they_stood() {
    let (text, diagnostics) = super::run(&[(
        "p.sql",
        "CREATE OR REPLACE PROCEDURE s.p IS\n  v NUMBER := 0;\nBEGIN\n  LOOP\n    v := v + 1;\n    EXIT WHEN v > SOUNDEX('x');\n  END LOOP;\nEND p;\n/\n",
    )]);
    assert_eq!(diagnostics.len(), 1, "{diagnostics:?}");
    assert!(text.contains("v := v + 1;"), "{text}");
    assert!(
        text.contains(
            "RAISE EXCEPTION 'eltc: not translated (translate::builtin-not-translated): the Oracle function `SOUNDEX` is not translated';"
        ),
        "{text}"
    );
    assert!(!text.contains("EXIT"), "{text}");
}
