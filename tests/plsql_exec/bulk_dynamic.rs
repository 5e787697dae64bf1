//! Dynamic SQL (EXECUTE IMMEDIATE with USING binds and INTO) and bulk
//! binding (BULK COLLECT then FORALL with one DML statement).

use super::{ExecCase, Expect, assert_none, run};

const USING: &str = concat!(
    "PL/SQL Language Reference, EXECUTE IMMEDIATE Statement (",
    lnpls!("EXECUTE-IMMEDIATE-statement.html"),
    "): 'USING: Specifies bind variables'; the placeholders take the bind arguments' values (a value is data, never SQL text: a quote in it is a character of the value)"
);
const FORALL: &str = concat!(
    "PL/SQL Language Reference, FORALL Statement (",
    lnpls!("FORALL-statement.html"),
    "): 'The FORALL statement runs one DML statement multiple times, with different values in the VALUES and WHERE clauses'; SELECT INTO with BULK COLLECT (",
    lnpls!("SELECT-INTO-statement.html"),
    ") fills the collection with every selected row"
);

const NOTE: &str = "CREATE TABLE s.note (id NUMBER(9) NOT NULL, text VARCHAR2(100), day DATE);";

const CASES: &[ExecCase] = &[
    ExecCase {
        name: "EXECUTE IMMEDIATE with USING binds: a string with a quote, a number, a date",
        ddl: NOTE,
        data: "",
        unit: "CREATE OR REPLACE PROCEDURE s.add_note (p_id IN NUMBER, p_text IN VARCHAR2, p_day IN DATE)
IS
BEGIN
  EXECUTE IMMEDIATE 'INSERT INTO s.note (id, text, day) VALUES (:1, :2, :3)' USING p_id, p_text, p_day;
END add_note;
/
",
        calls: &["CALL s.add_note(7, 'O''Brien; DROP TABLE s.note', TIMESTAMP '2024-03-01 00:00:00')"],
        expect: Expect::Rows {
            query: "SELECT id, text, CAST(day AS DATE) FROM s.note",
            rows: &["7|O'Brien; DROP TABLE s.note|2024-03-01"],
        },
        raises: &[],
        citation: USING,
    },
    ExecCase {
        name: "EXECUTE IMMEDIATE with a NULL bind inserts NULL",
        ddl: NOTE,
        data: "",
        unit: "CREATE OR REPLACE PROCEDURE s.add_blank (p_id IN NUMBER)
IS
  v_text  VARCHAR2(100);
BEGIN
  EXECUTE IMMEDIATE 'INSERT INTO s.note (id, text) VALUES (:1, :2)' USING p_id, v_text;
END add_blank;
/
",
        calls: &["CALL s.add_blank(8)"],
        expect: Expect::Rows {
            query: "SELECT id, COALESCE(text, 'NULL!') FROM s.note",
            rows: &["8|NULL!"],
        },
        raises: &[],
        citation: concat!(
            "PL/SQL Language Reference, EXECUTE IMMEDIATE Statement (",
            lnpls!("EXECUTE-IMMEDIATE-statement.html"),
            "): 'To pass the value NULL to the dynamic SQL statement, use an uninitialized variable where you want to use NULL' (the NULL literal itself is not allowed in USING)"
        ),
    },
    ExecCase {
        name: "EXECUTE IMMEDIATE of a query, INTO a variable, with a named bind in USING",
        ddl: "CREATE TABLE s.queue (id NUMBER(9) NOT NULL, state VARCHAR2(10));
CREATE TABLE s.queue_size (state VARCHAR2(10), n NUMBER(9));",
        data: "INSERT INTO s.queue VALUES (1, 'NEW'), (2, 'NEW'), (3, 'DONE');",
        unit: "CREATE OR REPLACE PROCEDURE s.measure_queue (p_state IN VARCHAR2)
IS
  v_n    NUMBER(9);
BEGIN
  EXECUTE IMMEDIATE 'SELECT COUNT(*) FROM s.queue WHERE state = :st' INTO v_n USING p_state;
  INSERT INTO s.queue_size (state, n) VALUES (p_state, v_n);
END measure_queue;
/
",
        calls: &["CALL s.measure_queue('NEW')", "CALL s.measure_queue('GONE')"],
        expect: Expect::Rows {
            query: "SELECT state, n FROM s.queue_size",
            rows: &["NEW|2", "GONE|0"],
        },
        raises: &[],
        citation: concat!(
            "PL/SQL Language Reference, EXECUTE IMMEDIATE Statement (",
            lnpls!("EXECUTE-IMMEDIATE-statement.html"),
            "): 'into_clause: Specifies the variables or record in which to store the column values that the statement returns'; a bind is matched by position whatever its name"
        ),
    },
    ExecCase {
        name: "BULK COLLECT then FORALL INSERT of the collected keys",
        ddl: "CREATE TABLE s.incoming (id NUMBER(9) NOT NULL, amount NUMBER(12,2));
CREATE TABLE s.accepted (id NUMBER(9) NOT NULL);",
        data: "INSERT INTO s.incoming VALUES (1, 10), (2, -1), (3, 0.01), (4, NULL);",
        unit: "CREATE OR REPLACE PROCEDURE s.accept_positive
IS
  TYPE t_ids IS TABLE OF s.incoming.id%TYPE;
  v_ids  t_ids;
BEGIN
  SELECT id BULK COLLECT INTO v_ids FROM s.incoming WHERE amount > 0;
  FORALL i IN 1 .. v_ids.COUNT
    INSERT INTO s.accepted (id) VALUES (v_ids(i));
END accept_positive;
/
",
        calls: &["CALL s.accept_positive()"],
        expect: Expect::Rows {
            query: "SELECT id FROM s.accepted",
            rows: &["1", "3"],
        },
        raises: &[],
        citation: FORALL,
    },
    ExecCase {
        name: "BULK COLLECT then FORALL UPDATE over FIRST .. LAST",
        ddl: "CREATE TABLE s.pay (emp_id NUMBER(6) NOT NULL, dept NUMBER(4), salary NUMBER(8,2));",
        data: "INSERT INTO s.pay VALUES (1, 10, 1000), (2, 10, 2000), (3, 20, 3000);",
        unit: "CREATE OR REPLACE PROCEDURE s.raise_dept (p_dept IN NUMBER)
IS
  TYPE t_emp IS TABLE OF NUMBER INDEX BY PLS_INTEGER;
  v_emps  t_emp;
BEGIN
  SELECT emp_id BULK COLLECT INTO v_emps FROM s.pay WHERE dept = p_dept;
  FORALL i IN v_emps.FIRST .. v_emps.LAST
    UPDATE s.pay SET salary = salary * 1.1 WHERE emp_id = v_emps(i);
END raise_dept;
/
",
        calls: &["CALL s.raise_dept(10)"],
        expect: Expect::Rows {
            query: "SELECT emp_id, salary FROM s.pay",
            rows: &["1|1100", "2|2200", "3|3000"],
        },
        raises: &[],
        citation: FORALL,
    },
];

#[test]
fn bulk_and_dynamic() {
    assert_none(CASES.len(), run("bulk_dynamic", CASES));
}
