//! Exceptions: RAISE_APPLICATION_ERROR, WHEN OTHERS that logs and
//! re-raises, the legacy ROLLBACK; RAISE;, user-defined exceptions handled
//! and unhandled, DUP_VAL_ON_INDEX, a predefined exception raised by name,
//! propagation out of nested blocks.
//!
//! A WHEN OTHERS handler always ends the call with the error on both
//! engines here (Redshift re-throws by itself, the PostgreSQL form
//! re-raises), so what these cases can show of it is the error and that the
//! call left every table as it was.

use super::{ExecCase, Expect, assert_none, run};

const CASES: &[ExecCase] = &[
    ExecCase {
        name: "RAISE_APPLICATION_ERROR after an INSERT: ORA-20001 and the message, every table unchanged",
        ddl: "CREATE TABLE s.payment (payment_id NUMBER(12) NOT NULL, amount NUMBER(12,2));
CREATE TABLE s.audit (note VARCHAR2(30));",
        data: "INSERT INTO s.payment VALUES (1, 10);",
        unit:
            "CREATE OR REPLACE PROCEDURE s.record_payment (p_id IN PLS_INTEGER, p_amount IN NUMBER)
IS
BEGIN
  INSERT INTO s.audit (note) VALUES ('payment ' || p_id);
  INSERT INTO s.payment (payment_id, amount) VALUES (p_id, p_amount);
  IF p_amount > 10000 THEN
    RAISE_APPLICATION_ERROR(-20001, 'payment ' || p_id || ' over limit');
  END IF;
END record_payment;
/
",
        calls: &[
            "CALL s.record_payment(2, 50)",
            "CALL s.record_payment(7, 20000)",
        ],
        expect: Expect::Fails {
            message: &["ORA-20001: payment 7 over limit"],
        },
        raises: &[],
        citation: concat!(
            "PL/SQL Language Reference, 11.7.2 RAISE_APPLICATION_ERROR Procedure (",
            lnpls!("raising-exceptions-explicitly.html"),
            "): the invoker gets 'ORA-20001: <message>'; ",
            call_is_atomic!()
        ),
    },
    ExecCase {
        name: "WHEN OTHERS logs SQLERRM and re-raises: the error reaches the caller and the call leaves nothing (the log row too, on PostgreSQL)",
        ddl: "CREATE TABLE s.target (id NUMBER(9) NOT NULL, v NUMBER(9));
CREATE TABLE s.error_log (proc_name VARCHAR2(30), message VARCHAR2(4000));",
        data: "",
        unit: "CREATE OR REPLACE PROCEDURE s.load_target (p_id IN NUMBER, p_v IN NUMBER)
IS
  v_msg  VARCHAR2(4000);
BEGIN
  INSERT INTO s.target (id, v) VALUES (p_id, p_v);
  IF p_v < 0 THEN
    RAISE_APPLICATION_ERROR(-20002, 'negative value');
  END IF;
EXCEPTION
  WHEN OTHERS THEN
    v_msg := SQLERRM;
    INSERT INTO s.error_log (proc_name, message) VALUES ('load_target', v_msg);
    RAISE;
END load_target;
/
",
        calls: &["CALL s.load_target(1, -5)"],
        expect: Expect::Fails {
            message: &["ORA-20002", "negative value"],
        },
        raises: &[],
        // Oracle: the handler's log row is part of the failed CALL and rolls
        // back with it. Redshift keeps it (the handler runs in a new
        // transaction that commits before the re-throw, docs/redshift.md#exception-handlers);
        // PostgreSQL cannot show that, and rolls it back like Oracle.
        citation: concat!(
            "PL/SQL Language Reference, RAISE Statement (",
            lnpls!("RAISE-statement.html"),
            "): 'In an exception handler ... if you omit the exception name, the RAISE statement reraises the current exception'; ",
            call_is_atomic!()
        ),
    },
    ExecCase {
        name: "the legacy WHEN OTHERS THEN ROLLBACK; RAISE;: the error reaches the caller, the deleted rows are back",
        ddl: "CREATE TABLE s.stg_daily (day DATE, amount NUMBER(12,2));
CREATE TABLE s.daily (day DATE, amount NUMBER(12,2) NOT NULL);",
        data: "INSERT INTO s.stg_daily VALUES (DATE '2024-03-01', 5), (DATE '2024-03-01', NULL);
INSERT INTO s.daily VALUES (DATE '2024-03-01', 1);",
        unit: "CREATE OR REPLACE PROCEDURE s.publish_day (p_day IN DATE)
AS
BEGIN
  DELETE FROM s.daily WHERE day = p_day;
  INSERT INTO s.daily (day, amount) SELECT day, amount FROM s.stg_daily WHERE day = p_day;
  COMMIT;
EXCEPTION
  WHEN OTHERS THEN
    ROLLBACK;
    RAISE;
END publish_day;
/
",
        calls: &["CALL s.publish_day(TIMESTAMP '2024-03-01 00:00:00')"],
        expect: Expect::Fails { message: &["null"] },
        raises: &["plsql::transaction-changed"],
        citation: concat!(
            "the INSERT of a NULL into a NOT NULL column fails (SQL Reference, CREATE TABLE, NOT NULL: 'prohibits a column from containing nulls'); PL/SQL Language Reference, ROLLBACK (",
            lnpls!("transaction-processing-and-control.html"),
            "): ROLLBACK 'ends the current transaction and undoes any changes made during that transaction', so the DELETE is undone; RAISE re-raises the error"
        ),
    },
    ExecCase {
        name: "a user-defined exception raised and handled in a nested block: the work before the RAISE stays, the procedure goes on",
        ddl: "CREATE TABLE s.line (order_id NUMBER(10) NOT NULL, qty NUMBER(6));
CREATE TABLE s.checks (order_id NUMBER(10), note VARCHAR2(30));",
        data: "INSERT INTO s.line VALUES (1, 3), (1, -2), (2, 4);",
        unit: "CREATE OR REPLACE PROCEDURE s.validate_order (p_order IN NUMBER)
IS
  e_bad_qty  EXCEPTION;
  v_bad      NUMBER;
BEGIN
  BEGIN
    INSERT INTO s.checks (order_id, note) VALUES (p_order, 'checked');
    SELECT COUNT(*) INTO v_bad FROM s.line WHERE order_id = p_order AND qty <= 0;
    IF v_bad > 0 THEN
      RAISE e_bad_qty;
    END IF;
    INSERT INTO s.checks (order_id, note) VALUES (p_order, 'ok');
  EXCEPTION
    WHEN e_bad_qty THEN
      INSERT INTO s.checks (order_id, note) VALUES (p_order, 'bad quantity');
  END;
  UPDATE s.line SET qty = ABS(qty) WHERE order_id = p_order;
END validate_order;
/
",
        calls: &["CALL s.validate_order(1)", "CALL s.validate_order(2)"],
        expect: Expect::Rows {
            query: "SELECT 'check', order_id, note FROM s.checks UNION ALL SELECT 'line', order_id, CAST(qty AS VARCHAR) FROM s.line",
            rows: &[
                "check|1|checked",
                "check|1|bad quantity",
                "check|2|checked",
                "check|2|ok",
                "line|1|3",
                "line|1|2",
                "line|2|4",
            ],
        },
        raises: &[],
        citation: concat!(
            "PL/SQL Language Reference, 11.7.1.1 Raising User-Defined Exception with RAISE Statement (",
            lnpls!("raising-exceptions-explicitly.html"),
            ", Example 11-10) and 11.8 Exception Propagation (",
            lnpls!("exception-propagation.html"),
            "): the block's handler runs, then 'control transfers to the next statement of the outer block'; nothing is rolled back by a handled exception"
        ),
    },
    ExecCase {
        name: "a user-defined exception no block handles: ORA-06510, the call's work undone",
        ddl: "CREATE TABLE s.batch (batch_id NUMBER(10) NOT NULL, state VARCHAR2(10));",
        data: "INSERT INTO s.batch VALUES (1, 'CLOSED');",
        unit: "CREATE OR REPLACE PROCEDURE s.require_open (p_batch IN NUMBER)
IS
  e_closed  EXCEPTION;
  v_state   VARCHAR2(10);
BEGIN
  UPDATE s.batch SET state = 'CHECKED' WHERE batch_id = p_batch;
  SELECT state INTO v_state FROM s.batch WHERE batch_id = p_batch;
  IF v_state = 'CHECKED' THEN
    RAISE e_closed;
  END IF;
END require_open;
/
",
        calls: &["CALL s.require_open(1)"],
        expect: Expect::Fails {
            message: &["unhandled user-defined exception"],
        },
        raises: &[],
        citation: concat!(
            "Oracle Database Error Messages, ORA-06510 (https://docs.oracle.com/en/error-help/db/ora-06510/): 'PL/SQL: unhandled user-defined exception ... A user-defined exception was raised by PL/SQL code, but not handled'; PL/SQL Language Reference, 11.9 Unhandled Exceptions (",
            lnpls!("unhandled-exceptions.html"),
            "); ",
            call_is_atomic!()
        ),
    },
    ExecCase {
        name: "DUP_VAL_ON_INDEX handler turns the INSERT of an existing key into an UPDATE",
        ddl: "CREATE TABLE s.tag (tag_id NUMBER(9) NOT NULL PRIMARY KEY, label VARCHAR2(30));",
        data: "INSERT INTO s.tag VALUES (1, 'old');",
        unit: "CREATE OR REPLACE PROCEDURE s.upsert_tag (p_id IN NUMBER, p_label IN VARCHAR2)
IS
BEGIN
  INSERT INTO s.tag (tag_id, label) VALUES (p_id, p_label);
EXCEPTION
  WHEN DUP_VAL_ON_INDEX THEN
    UPDATE s.tag SET label = p_label WHERE tag_id = p_id;
END upsert_tag;
/
",
        calls: &["CALL s.upsert_tag(1, 'new')", "CALL s.upsert_tag(2, 'two')"],
        expect: Expect::Rows {
            query: "SELECT tag_id, label FROM s.tag",
            rows: &["1|new", "2|two"],
        },
        raises: &[],
        citation: concat!(
            "PL/SQL Language Reference, 11.4 Predefined Exceptions, Table 11-3 (",
            lnpls!("plsql-error-handling.html"),
            "): DUP_VAL_ON_INDEX, ORA-00001, is raised when a program tries to store a duplicate value in a column constrained by a unique index (a PRIMARY KEY has one); the handler runs instead of the failed INSERT"
        ),
    },
    ExecCase {
        name: "RAISE of a predefined exception by name, unhandled: its ORA code, the call's work undone",
        ddl: "CREATE TABLE s.bin_stock (bin_id NUMBER(6) NOT NULL, qty NUMBER(9));
CREATE TABLE s.taken (bin_id NUMBER(6), qty NUMBER(9));",
        data: "INSERT INTO s.bin_stock VALUES (1, 5);",
        unit: "CREATE OR REPLACE PROCEDURE s.take (p_bin IN NUMBER, p_qty IN NUMBER)
IS
  v_qty  NUMBER(9);
BEGIN
  INSERT INTO s.taken (bin_id, qty) VALUES (p_bin, p_qty);
  SELECT qty INTO v_qty FROM s.bin_stock WHERE bin_id = p_bin;
  IF v_qty < p_qty THEN
    RAISE NO_DATA_FOUND;
  END IF;
  UPDATE s.bin_stock SET qty = qty - p_qty WHERE bin_id = p_bin;
END take;
/
",
        calls: &["CALL s.take(1, 2)", "CALL s.take(1, 9)"],
        expect: Expect::Fails {
            message: &["ORA-01403"],
        },
        raises: &[],
        citation: concat!(
            "PL/SQL Language Reference, 11.7.1.2 Raising Internally Defined Exception with RAISE Statement (",
            lnpls!("raising-exceptions-explicitly.html"),
            "): a predefined exception can be raised explicitly by name; NO_DATA_FOUND is ORA-01403 (Table 11-3); ",
            call_is_atomic!()
        ),
    },
    ExecCase {
        name: "NO_DATA_FOUND of an inner block without handler goes to the outer block's handler; an inner handler keeps it",
        ddl: "CREATE TABLE s.product (product_code VARCHAR2(12) NOT NULL, category VARCHAR2(30));
CREATE TABLE s.category_map (category VARCHAR2(30) NOT NULL, family VARCHAR2(30));
CREATE TABLE s.resolved (product_code VARCHAR2(12), family VARCHAR2(30));",
        data: "INSERT INTO s.product VALUES ('P1', 'tea'), ('P2', 'soap');
INSERT INTO s.category_map VALUES ('tea', 'food');",
        unit: "CREATE OR REPLACE PROCEDURE s.resolve_family (p_code IN VARCHAR2)
IS
  v_family  VARCHAR2(30);
BEGIN
  DECLARE
    v_category  VARCHAR2(30);
  BEGIN
    SELECT category INTO v_category FROM s.product WHERE product_code = p_code;
    BEGIN
      SELECT family INTO v_family FROM s.category_map WHERE category = v_category;
    EXCEPTION
      WHEN NO_DATA_FOUND THEN
        v_family := 'UNMAPPED';
    END;
  EXCEPTION
    WHEN NO_DATA_FOUND THEN
      v_family := 'NO PRODUCT';
  END;
  INSERT INTO s.resolved (product_code, family) VALUES (p_code, v_family);
END resolve_family;
/
",
        calls: &[
            "CALL s.resolve_family('P1')",
            "CALL s.resolve_family('P2')",
            "CALL s.resolve_family('P3')",
        ],
        expect: Expect::Rows {
            query: "SELECT product_code, family FROM s.resolved",
            rows: &["P1|food", "P2|UNMAPPED", "P3|NO PRODUCT"],
        },
        raises: &[],
        citation: concat!(
            "PL/SQL Language Reference, 11.8 Exception Propagation (",
            lnpls!("exception-propagation.html"),
            "): 'If an exception is raised in a block that has no exception handler for it, then the exception propagates ... until either a block has a handler for it'; a handled one does not propagate"
        ),
    },
    ExecCase {
        name: "NO_DATA_FOUND inside a loop: the handler of the enclosing block ends the loop and the block; earlier iterations' rows stay",
        ddl: "CREATE TABLE s.price (sku VARCHAR2(12) NOT NULL, price NUMBER(10,2));
CREATE TABLE s.wanted (seq NUMBER(4), sku VARCHAR2(12));
CREATE TABLE s.priced (sku VARCHAR2(12), price NUMBER(10,2));",
        data: "INSERT INTO s.price VALUES ('A', 1.5), ('C', 3);
INSERT INTO s.wanted VALUES (1, 'A'), (2, 'B'), (3, 'C');",
        unit: "CREATE OR REPLACE PROCEDURE s.price_all
IS
  v_price  NUMBER(10,2);
BEGIN
  BEGIN
    FOR r IN (SELECT sku FROM s.wanted ORDER BY seq) LOOP
      SELECT price INTO v_price FROM s.price WHERE sku = r.sku;
      INSERT INTO s.priced (sku, price) VALUES (r.sku, v_price);
    END LOOP;
    INSERT INTO s.priced (sku, price) VALUES ('all priced', NULL);
  EXCEPTION
    WHEN NO_DATA_FOUND THEN
      INSERT INTO s.priced (sku, price) VALUES ('stopped', NULL);
  END;
  INSERT INTO s.priced (sku, price) VALUES ('after', NULL);
END price_all;
/
",
        calls: &["CALL s.price_all()"],
        expect: Expect::Rows {
            query: "SELECT sku, price FROM s.priced",
            rows: &["A|1.5", "stopped|NULL", "after|NULL"],
        },
        raises: &[],
        citation: concat!(
            "PL/SQL Language Reference, 11.2 Exception Handling (",
            lnpls!("plsql-error-handling.html"),
            "): 'If an exception is raised in a block's executable part, control transfers to the exception handler ... After the exception handler runs, control transfers to the next statement of the enclosing block'; the loop and the rest of the block are abandoned, the rows already inserted stay"
        ),
    },
];

#[test]
fn exceptions() {
    assert_none(CASES.len(), run("exceptions", CASES));
}
