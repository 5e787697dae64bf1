//! Cursors: cursor FOR loops over a query and over a declared cursor (with
//! parameters), explicit OPEN / FETCH / CLOSE with %NOTFOUND and %FOUND,
//! FETCH into a cursor%ROWTYPE record, OPEN FOR a query text with binds.

use super::{ExecCase, Expect, assert_none, run};

const CURSOR_FOR: &str = concat!(
    "PL/SQL Language Reference, Cursor FOR LOOP Statement (",
    lnpls!("cursor-FOR-LOOP-statement.html"),
    "): 'The cursor FOR LOOP statement implicitly declares its loop index as a record variable of the row type that a specified cursor returns, and then opens a cursor. With each iteration, the cursor FOR LOOP statement fetches a row from the result set into the record'"
);
const NOTFOUND: &str = concat!(
    "PL/SQL Language Reference, Named Cursor Attribute (",
    lnpls!("named-cursor-attribute.html"),
    "): '%NOTFOUND ... TRUE if no row was fetched' by the most recent FETCH; '%FOUND ... TRUE if a row was fetched'; FETCH Statement (",
    lnpls!("FETCH-statement.html"),
    "): retrieves the next row of the result set"
);

const OPEN_FOR: &str = concat!(
    "PL/SQL Language Reference, OPEN FOR Statement (",
    lnpls!("OPEN-FOR-statement.html"),
    "): associates a cursor variable with a query given as a select_statement or a dynamic_string; the USING clause gives the bind arguments of the dynamic string, by position"
);

const LINES: &str = "CREATE TABLE s.line (order_id NUMBER(10) NOT NULL, amount NUMBER(12,2));
CREATE TABLE s.total (order_id NUMBER(10), total NUMBER(14,2), lines NUMBER(6));";
const LINE_ROWS: &str =
    "INSERT INTO s.line VALUES (1, 10.25), (1, 20.25), (1, NULL), (2, 5), (3, 1.5), (3, 2.5);";

const CASES: &[ExecCase] = &[
    ExecCase {
        name: "cursor FOR loop over an inline query sums a column",
        ddl: LINES,
        data: LINE_ROWS,
        unit: "CREATE OR REPLACE PROCEDURE s.total_order (p_order IN NUMBER)
IS
  v_total  NUMBER(14,2) := 0;
  v_lines  PLS_INTEGER  := 0;
BEGIN
  FOR r IN (SELECT amount FROM s.line WHERE order_id = p_order) LOOP
    v_total := v_total + NVL(r.amount, 0);
    v_lines := v_lines + 1;
  END LOOP;
  INSERT INTO s.total (order_id, total, lines) VALUES (p_order, v_total, v_lines);
END total_order;
/
",
        calls: &["CALL s.total_order(1)", "CALL s.total_order(9)"],
        expect: Expect::Rows {
            query: "SELECT order_id, total, lines FROM s.total",
            rows: &["1|30.5|3", "9|0|0"],
        },
        raises: &[],
        citation: CURSOR_FOR,
    },
    ExecCase {
        name: "cursor FOR loop over a declared cursor with parameters (one defaulted)",
        ddl: LINES,
        data: LINE_ROWS,
        unit: "CREATE OR REPLACE PROCEDURE s.total_big (p_order IN NUMBER)
IS
  CURSOR c_line (cp_order NUMBER, cp_min NUMBER DEFAULT 2) IS
    SELECT amount FROM s.line WHERE order_id = cp_order AND amount >= cp_min;
  v_total  NUMBER(14,2) := 0;
  v_lines  PLS_INTEGER  := 0;
BEGIN
  FOR r IN c_line(p_order) LOOP
    v_total := v_total + r.amount;
    v_lines := v_lines + 1;
  END LOOP;
  INSERT INTO s.total (order_id, total, lines) VALUES (p_order, v_total, v_lines);
  v_total := 0;
  v_lines := 0;
  FOR r IN c_line(p_order, 1) LOOP
    v_total := v_total + r.amount;
    v_lines := v_lines + 1;
  END LOOP;
  INSERT INTO s.total (order_id, total, lines) VALUES (-p_order, v_total, v_lines);
END total_big;
/
",
        calls: &["CALL s.total_big(3)"],
        expect: Expect::Rows {
            query: "SELECT order_id, total, lines FROM s.total",
            rows: &["3|2.5|1", "-3|4|2"],
        },
        raises: &[],
        citation: concat!(
            "PL/SQL Language Reference, Explicit Cursor Declaration and Definition (",
            lnpls!("explicit-cursor-declaration-and-definition.html"),
            "): a cursor parameter's default 'is used if you do not specify the parameter when you open the cursor'; Cursor FOR LOOP Statement (",
            lnpls!("cursor-FOR-LOOP-statement.html"),
            "): 'FOR record IN cursor (actual parameters)'"
        ),
    },
    ExecCase {
        name: "OPEN / FETCH INTO variables / EXIT WHEN %NOTFOUND / CLOSE reads every row once, in order",
        ddl: "CREATE TABLE s.events (event_id NUMBER(12) NOT NULL, message VARCHAR2(200));
CREATE TABLE s.digest (text VARCHAR2(4000));",
        data: "INSERT INTO s.events VALUES (2, 'b'), (1, 'a'), (3, 'c');",
        unit: "CREATE OR REPLACE PROCEDURE s.build_digest
IS
  CURSOR c_ev IS SELECT event_id, message FROM s.events ORDER BY event_id;
  v_id    NUMBER(12);
  v_msg   VARCHAR2(200);
  v_all   VARCHAR2(4000);
BEGIN
  OPEN c_ev;
  LOOP
    FETCH c_ev INTO v_id, v_msg;
    EXIT WHEN c_ev%NOTFOUND;
    v_all := v_all || v_id || ':' || v_msg || ';';
  END LOOP;
  CLOSE c_ev;
  INSERT INTO s.digest (text) VALUES (v_all);
END build_digest;
/
",
        calls: &["CALL s.build_digest()"],
        expect: Expect::Rows {
            query: "SELECT text FROM s.digest",
            rows: &["1:a;2:b;3:c;"],
        },
        raises: &[],
        citation: concat!(
            "PL/SQL Language Reference, Named Cursor Attribute (",
            lnpls!("named-cursor-attribute.html"),
            "): '%NOTFOUND ... TRUE if no row was fetched'; v_all starts NULL and NULL || 'x' is 'x' (SQL Reference, Concatenation Operator, ",
            sqlrf!("Concatenation-Operator.html"),
            ")"
        ),
    },
    ExecCase {
        name: "FETCH into a cursor%ROWTYPE record; fields used in DML",
        ddl: "CREATE TABLE s.stock (sku VARCHAR2(12) NOT NULL, qty NUMBER(9), reorder NUMBER(9));
CREATE TABLE s.reorder_list (sku VARCHAR2(12) NOT NULL, missing NUMBER(9));",
        data: "INSERT INTO s.stock VALUES ('A', 5, 10), ('B', 20, 10), ('C', 0, 3);",
        unit: "CREATE OR REPLACE PROCEDURE s.build_reorder_list
IS
  CURSOR c_low IS
    SELECT sku, qty, reorder FROM s.stock WHERE qty < reorder ORDER BY sku;
  r_low  c_low%ROWTYPE;
BEGIN
  OPEN c_low;
  LOOP
    FETCH c_low INTO r_low;
    EXIT WHEN c_low%NOTFOUND;
    INSERT INTO s.reorder_list (sku, missing) VALUES (r_low.sku, r_low.reorder - r_low.qty);
  END LOOP;
  CLOSE c_low;
END build_reorder_list;
/
",
        calls: &["CALL s.build_reorder_list()"],
        expect: Expect::Rows {
            query: "SELECT sku, missing FROM s.reorder_list",
            rows: &["A|5", "C|3"],
        },
        raises: &[],
        citation: concat!(
            "PL/SQL Language Reference, %ROWTYPE Attribute (",
            lnpls!("ROWTYPE-attribute.html"),
            "): 'a record that represents a full or partial row of a database table or view' or of a cursor's result; FETCH into it, %NOTFOUND (",
            lnpls!("named-cursor-attribute.html"),
            ")"
        ),
    },
    ExecCase {
        name: "WHILE c%FOUND after a first FETCH updates each fetched row",
        ddl: "CREATE TABLE s.jobs (job_id NUMBER(10) NOT NULL, state VARCHAR2(10));",
        data: "INSERT INTO s.jobs VALUES (1, 'PENDING'), (2, 'DONE'), (3, 'PENDING');",
        unit: "CREATE OR REPLACE PROCEDURE s.start_pending
IS
  CURSOR c_job IS SELECT job_id FROM s.jobs WHERE state = 'PENDING' ORDER BY job_id;
  v_job  NUMBER(10);
BEGIN
  OPEN c_job;
  FETCH c_job INTO v_job;
  WHILE c_job%FOUND LOOP
    UPDATE s.jobs SET state = 'RUNNING' WHERE job_id = v_job;
    FETCH c_job INTO v_job;
  END LOOP;
  CLOSE c_job;
END start_pending;
/
",
        calls: &["CALL s.start_pending()"],
        expect: Expect::Rows {
            query: "SELECT job_id, state FROM s.jobs",
            rows: &["1|RUNNING", "2|DONE", "3|RUNNING"],
        },
        raises: &[],
        citation: NOTFOUND,
    },
    ExecCase {
        name: "inside a FOR loop over a declared cursor, %FOUND is TRUE and %ROWCOUNT counts the rows fetched",
        ddl: LINES,
        data: LINE_ROWS,
        unit: "CREATE OR REPLACE PROCEDURE s.number_orders
IS
  CURSOR c_orders IS SELECT DISTINCT order_id FROM s.line ORDER BY order_id;
BEGIN
  FOR r IN c_orders LOOP
    IF c_orders%FOUND AND c_orders%ISOPEN THEN
      INSERT INTO s.total (order_id, lines) VALUES (r.order_id, c_orders%ROWCOUNT);
    END IF;
  END LOOP;
  IF NOT c_orders%ISOPEN THEN
    INSERT INTO s.total (order_id, lines) VALUES (0, 0);
  END IF;
END number_orders;
/
",
        calls: &["CALL s.number_orders()"],
        expect: Expect::Rows {
            query: "SELECT order_id, lines FROM s.total",
            rows: &["0|0", "1|1", "2|2", "3|3"],
        },
        raises: &[],
        citation: concat!(
            "PL/SQL Language Reference, Named Cursor Attribute (",
            lnpls!("named-cursor-attribute.html"),
            "): '%ROWCOUNT ... the number of rows fetched so far'; '%ISOPEN ... TRUE if the cursor is open'; Cursor FOR LOOP Statement (",
            lnpls!("cursor-FOR-LOOP-statement.html"),
            "): the loop opens the cursor, fetches a row with each iteration, and closes the cursor when all rows have been processed"
        ),
    },
    ExecCase {
        name: "OPEN FOR a query text with a USING bind, fetched to %NOTFOUND",
        ddl: LINES,
        data: LINE_ROWS,
        unit: "CREATE OR REPLACE PROCEDURE s.total_dynamic (p_order IN NUMBER)
IS
  rc        SYS_REFCURSOR;
  v_amount  NUMBER(12,2);
  v_total   NUMBER(14,2) := 0;
  v_lines   PLS_INTEGER  := 0;
BEGIN
  OPEN rc FOR 'SELECT amount FROM s.line WHERE order_id = :1 '
           || 'AND amount IS NOT NULL' USING p_order;
  LOOP
    FETCH rc INTO v_amount;
    EXIT WHEN rc%NOTFOUND;
    v_total := v_total + v_amount;
    v_lines := v_lines + 1;
  END LOOP;
  CLOSE rc;
  INSERT INTO s.total (order_id, total, lines) VALUES (p_order, v_total, v_lines);
END total_dynamic;
/
",
        calls: &["CALL s.total_dynamic(1)", "CALL s.total_dynamic(3)"],
        expect: Expect::Rows {
            query: "SELECT order_id, total, lines FROM s.total",
            rows: &["1|30.5|2", "3|4|2"],
        },
        raises: &[],
        citation: OPEN_FOR,
    },
];

#[test]
fn cursors() {
    assert_none(CASES.len(), run("cursors", CASES));
}
