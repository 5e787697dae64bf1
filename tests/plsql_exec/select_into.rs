//! SELECT INTO: one row, no row (NO_DATA_FOUND, ORA-01403), several rows
//! (TOO_MANY_ROWS, ORA-01422), their handlers, aggregates, the top-1 idiom.

use super::{ExecCase, Expect, assert_none, run};

const SELECT_INTO: &str = concat!(
    "PL/SQL Language Reference, SELECT INTO Statement (",
    lnpls!("SELECT-INTO-statement.html"),
    "): 'If the SELECT INTO statement returns no rows, PL/SQL raises the predefined exception NO_DATA_FOUND'; 'If it returns more than one row, PL/SQL raises the predefined exception TOO_MANY_ROWS'"
);
const HANDLED: &str = concat!(
    "PL/SQL Language Reference, 11.8 Exception Propagation (",
    lnpls!("exception-propagation.html"),
    "): a block with a handler for the exception handles it; 'After the exception handler runs, control transfers to the next statement of the outer block'; a handled exception rolls nothing back (ROLLBACK Statement: 'Normally, just the failed SQL statement is rolled back, not the whole transaction')"
);

const COUNTRY: &str = "CREATE TABLE s.country (code VARCHAR2(2) NOT NULL, name VARCHAR2(60));
CREATE TABLE s.result (code VARCHAR2(2), name VARCHAR2(60));";
const COUNTRIES: &str = "INSERT INTO s.country VALUES ('FR', 'France'), ('DE', 'Germany'), ('CH', 'Switzerland'), ('CH', 'Schweiz');";

/// The unit of the unhandled cases: a row is written before the SELECT INTO.
const COPY_NAME: &str = "CREATE OR REPLACE PROCEDURE s.copy_name (p_code IN VARCHAR2)
IS
  v_name  VARCHAR2(60);
BEGIN
  INSERT INTO s.result (code, name) VALUES (p_code, 'looking up');
  SELECT name INTO v_name FROM s.country WHERE code = p_code;
  UPDATE s.result SET name = v_name WHERE code = p_code;
END copy_name;
/
";

/// The unit of the handled cases: both handlers in a nested block.
const RESOLVE_NAME: &str = "CREATE OR REPLACE PROCEDURE s.resolve_name (p_code IN VARCHAR2)
IS
  v_name  VARCHAR2(60);
BEGIN
  INSERT INTO s.result (code, name) VALUES (p_code, 'looking up');
  BEGIN
    SELECT name INTO v_name FROM s.country WHERE code = p_code;
  EXCEPTION
    WHEN NO_DATA_FOUND THEN
      v_name := 'none';
    WHEN TOO_MANY_ROWS THEN
      v_name := 'many';
  END;
  INSERT INTO s.result (code, name) VALUES (p_code, v_name);
END resolve_name;
/
";

const CASES: &[ExecCase] = &[
    ExecCase {
        name: "SELECT INTO, one row",
        ddl: COUNTRY,
        data: COUNTRIES,
        unit: COPY_NAME,
        calls: &["CALL s.copy_name('DE')"],
        expect: Expect::Rows {
            query: "SELECT code, name FROM s.result",
            rows: &["DE|Germany"],
        },
        raises: &[],
        citation: SELECT_INTO,
    },
    ExecCase {
        name: "SELECT INTO, no row, unhandled: NO_DATA_FOUND (ORA-01403), the call's work undone",
        ddl: COUNTRY,
        data: COUNTRIES,
        unit: COPY_NAME,
        calls: &["CALL s.copy_name('XX')"],
        expect: Expect::Fails {
            message: &["ORA-01403", "no data found"],
        },
        raises: &[],
        citation: concat!(
            "SELECT INTO (",
            lnpls!("SELECT-INTO-statement.html"),
            "): no row raises NO_DATA_FOUND, ORA-01403 (",
            lnpls!("plsql-error-handling.html"),
            ", Table 11-3); unhandled, the CALL fails: ",
            call_is_atomic!()
        ),
    },
    ExecCase {
        name: "SELECT INTO, two rows, unhandled: TOO_MANY_ROWS (ORA-01422), the call's work undone",
        ddl: COUNTRY,
        data: COUNTRIES,
        unit: COPY_NAME,
        calls: &["CALL s.copy_name('CH')"],
        expect: Expect::Fails {
            message: &["ORA-01422"],
        },
        raises: &[],
        citation: concat!(
            "PL/SQL Language Reference, 11.4 Predefined Exceptions, Table 11-3 (",
            lnpls!("plsql-error-handling.html"),
            "): TOO_MANY_ROWS is ORA-01422; unhandled, the CALL fails: ",
            call_is_atomic!()
        ),
    },
    ExecCase {
        name: "SELECT INTO, no row, NO_DATA_FOUND handler runs and the procedure goes on",
        ddl: COUNTRY,
        data: COUNTRIES,
        unit: RESOLVE_NAME,
        calls: &["CALL s.resolve_name('XX')"],
        expect: Expect::Rows {
            query: "SELECT code, name FROM s.result",
            rows: &["XX|looking up", "XX|none"],
        },
        raises: &[],
        citation: HANDLED,
    },
    ExecCase {
        name: "SELECT INTO, two rows, TOO_MANY_ROWS handler runs and the procedure goes on",
        ddl: COUNTRY,
        data: COUNTRIES,
        unit: RESOLVE_NAME,
        calls: &["CALL s.resolve_name('CH')"],
        expect: Expect::Rows {
            query: "SELECT code, name FROM s.result",
            rows: &["CH|looking up", "CH|many"],
        },
        raises: &[],
        citation: HANDLED,
    },
    ExecCase {
        name: "SELECT INTO, one row, through the handled form: no handler runs",
        ddl: COUNTRY,
        data: COUNTRIES,
        unit: RESOLVE_NAME,
        calls: &["CALL s.resolve_name('FR')"],
        expect: Expect::Rows {
            query: "SELECT code, name FROM s.result",
            rows: &["FR|looking up", "FR|France"],
        },
        raises: &[],
        citation: SELECT_INTO,
    },
    ExecCase {
        name: "SELECT INTO, TOO_MANY_ROWS handler of the procedure's own block: the statements after the SELECT are skipped, the ones before kept",
        ddl: COUNTRY,
        data: COUNTRIES,
        unit: "CREATE OR REPLACE PROCEDURE s.first_name (p_code IN VARCHAR2)
IS
  v_name  VARCHAR2(60);
BEGIN
  INSERT INTO s.result (code, name) VALUES (p_code, 'before');
  SELECT name INTO v_name FROM s.country WHERE code = p_code;
  INSERT INTO s.result (code, name) VALUES (p_code, v_name);
EXCEPTION
  WHEN TOO_MANY_ROWS THEN
    INSERT INTO s.result (code, name) VALUES (p_code, 'AMBIGUOUS');
END first_name;
/
",
        calls: &["CALL s.first_name('CH')"],
        expect: Expect::Rows {
            query: "SELECT code, name FROM s.result",
            rows: &["CH|before", "CH|AMBIGUOUS"],
        },
        raises: &[],
        citation: HANDLED,
    },
    ExecCase {
        name: "SELECT COUNT(*), SUM INTO over no row: one row, no NO_DATA_FOUND",
        ddl: "CREATE TABLE s.sales (store_id NUMBER(5) NOT NULL, amount NUMBER(12,2));
CREATE TABLE s.total (store_id NUMBER(5), n NUMBER(9), total NUMBER(14,2));",
        data: "INSERT INTO s.sales VALUES (1, 10.50), (1, 4.50);",
        unit: "CREATE OR REPLACE PROCEDURE s.total_store (p_store IN NUMBER)
IS
  v_n      NUMBER;
  v_total  NUMBER;
BEGIN
  SELECT COUNT(*), SUM(amount) INTO v_n, v_total FROM s.sales WHERE store_id = p_store;
  INSERT INTO s.total (store_id, n, total) VALUES (p_store, v_n, NVL(v_total, -1));
END total_store;
/
",
        calls: &["CALL s.total_store(1)", "CALL s.total_store(2)"],
        expect: Expect::Rows {
            query: "SELECT store_id, n, total FROM s.total",
            rows: &["1|2|15", "2|0|-1"],
        },
        raises: &[],
        citation: "PL/SQL User's Guide and Reference 10.2, Summary of Predefined PL/SQL Exceptions, NO_DATA_FOUND (https://docs.oracle.com/cd/B19306_01/appdev.102/b14261/errors.htm): 'SQL aggregate functions such as AVG and SUM always return a value or a null. So, a SELECT INTO statement that calls an aggregate function never raises NO_DATA_FOUND'; COUNT of no row is 0 (SQL Reference, COUNT)",
    },
    ExecCase {
        name: "SELECT INTO the top row of an ordered subquery (ROWNUM = 1), NO_DATA_FOUND handled per row of a cursor FOR loop",
        ddl: "CREATE TABLE s.fact (store_id NUMBER(5), category VARCHAR2(30), amount NUMBER(12,2));
CREATE TABLE s.top (store_id NUMBER(5), category VARCHAR2(30));",
        data: "INSERT INTO s.fact VALUES (1, 'food', 10), (1, 'toys', 30), (2, 'food', -5), (3, 'food', 7), (3, 'toys', 7);",
        unit: "CREATE OR REPLACE PROCEDURE s.find_top
IS
  v_top  VARCHAR2(30);
BEGIN
  FOR r IN (SELECT DISTINCT store_id FROM s.fact ORDER BY store_id) LOOP
    BEGIN
      SELECT category INTO v_top
        FROM (SELECT category, SUM(amount) AS total
                FROM s.fact
               WHERE store_id = r.store_id AND amount > 0
               GROUP BY category
               ORDER BY total DESC, category)
       WHERE ROWNUM = 1;
    EXCEPTION
      WHEN NO_DATA_FOUND THEN
        v_top := NULL;
    END;
    INSERT INTO s.top (store_id, category) VALUES (r.store_id, v_top);
  END LOOP;
END find_top;
/
",
        calls: &["CALL s.find_top()"],
        expect: Expect::Rows {
            query: "SELECT store_id, category FROM s.top",
            rows: &["1|toys", "2|NULL", "3|food"],
        },
        raises: &[],
        citation: concat!(
            "SQL Reference, ROWNUM Pseudocolumn (",
            sqlrf!("ROWNUM-Pseudocolumn.html"),
            "): 'If you embed the ORDER BY clause in a subquery and place the ROWNUM condition in the top-level query, then you can force the ROWNUM condition to be applied after the ordering of the rows'; no row raises NO_DATA_FOUND, handled in the inner block (",
            lnpls!("exception-propagation.html"),
            ")"
        ),
    },
    ExecCase {
        name: "SELECT INTO a %ROWTYPE record (SELECT *), fields read after",
        ddl: "CREATE TABLE s.customer (customer_id NUMBER(10) NOT NULL, full_name VARCHAR2(80), tier VARCHAR2(10));
CREATE TABLE s.customer_copy (customer_id NUMBER(10) NOT NULL, full_name VARCHAR2(80), tier VARCHAR2(10));",
        data: "INSERT INTO s.customer VALUES (1, 'Ann Lee', 'GOLD'), (2, 'Bo Chen', NULL);",
        unit: "CREATE OR REPLACE PROCEDURE s.copy_customer (p_id IN NUMBER)
IS
  r  s.customer%ROWTYPE;
BEGIN
  SELECT * INTO r FROM s.customer WHERE customer_id = p_id;
  INSERT INTO s.customer_copy (customer_id, full_name, tier)
  VALUES (r.customer_id, UPPER(r.full_name), NVL(r.tier, 'BASIC'));
END copy_customer;
/
",
        calls: &["CALL s.copy_customer(2)"],
        expect: Expect::Rows {
            query: "SELECT customer_id, full_name, tier FROM s.customer_copy",
            rows: &["2|BO CHEN|BASIC"],
        },
        raises: &[],
        citation: concat!(
            "PL/SQL Language Reference, %ROWTYPE Attribute (",
            lnpls!("ROWTYPE-attribute.html"),
            "): the record has a field for each column, with its name; SELECT INTO a record (",
            lnpls!("SELECT-INTO-statement.html"),
            ")"
        ),
    },
    ExecCase {
        name: "SELECT DISTINCT INTO: duplicates of one value are one row, no TOO_MANY_ROWS",
        ddl: COUNTRY,
        data: "INSERT INTO s.country VALUES ('FR', 'France'), ('FR', 'France'), ('DE', 'Germany');",
        unit: "CREATE OR REPLACE PROCEDURE s.distinct_name (p_code IN VARCHAR2)
IS
  v_name  VARCHAR2(60);
BEGIN
  SELECT DISTINCT name INTO v_name FROM s.country WHERE code = p_code;
  INSERT INTO s.result (code, name) VALUES (p_code, v_name);
END distinct_name;
/
",
        calls: &["CALL s.distinct_name('FR')"],
        expect: Expect::Rows {
            query: "SELECT code, name FROM s.result",
            rows: &["FR|France"],
        },
        raises: &[],
        citation: concat!(
            "SQL Reference, SELECT, DISTINCT (",
            sqlrf!("SELECT.html"),
            "): 'Specify DISTINCT if you want the database to return only one copy of each set of duplicate rows selected'; SELECT INTO raises TOO_MANY_ROWS only when the query 'returns more than one row' (",
            lnpls!("SELECT-INTO-statement.html"),
            ")"
        ),
    },
    ExecCase {
        name: "SELECT INTO from a UNION: the rows of the union count, not those of a branch",
        ddl: COUNTRY,
        data: COUNTRIES,
        unit: "CREATE OR REPLACE PROCEDURE s.union_name (p_code IN VARCHAR2)
IS
  v_name  VARCHAR2(60);
BEGIN
  SELECT name INTO v_name
    FROM (SELECT name FROM s.country WHERE code = p_code
          UNION
          SELECT name FROM s.country WHERE code = p_code AND name LIKE 'F%');
  INSERT INTO s.result (code, name) VALUES (p_code, v_name);
END union_name;
/
",
        calls: &["CALL s.union_name('FR')"],
        expect: Expect::Rows {
            query: "SELECT code, name FROM s.result",
            rows: &["FR|France"],
        },
        raises: &[],
        citation: concat!(
            "SQL Reference, The UNION [ALL], INTERSECT, MINUS Operators (",
            sqlrf!("The-UNION-ALL-INTERSECT-MINUS-Operators.html"),
            "): UNION returns the distinct rows of both queries, here one; SELECT INTO (",
            lnpls!("SELECT-INTO-statement.html"),
            ") of one row raises nothing"
        ),
    },
    ExecCase {
        name: "SELECT INTO with GROUP BY: one group is one row",
        ddl: COUNTRY,
        data: COUNTRIES,
        unit: "CREATE OR REPLACE PROCEDURE s.count_names (p_code IN VARCHAR2)
IS
  v_code  VARCHAR2(2);
  v_n     PLS_INTEGER;
BEGIN
  SELECT code, COUNT(*) INTO v_code, v_n FROM s.country WHERE code = p_code GROUP BY code;
  INSERT INTO s.result (code, name) VALUES (v_code, 'names: ' || v_n);
END count_names;
/
",
        calls: &["CALL s.count_names('CH')"],
        expect: Expect::Rows {
            query: "SELECT code, name FROM s.result",
            rows: &["CH|names: 2"],
        },
        raises: &[],
        citation: concat!(
            "SQL Reference, SELECT, group_by_clause (",
            sqlrf!("SELECT.html"),
            "): 'returns a single row of summary information for each group'; the two CH rows are one group"
        ),
    },
];

#[test]
fn select_into() {
    assert_none(CASES.len(), run("select_into", CASES));
}
