//! Control flow: LOOP / EXIT WHEN, WHILE, numeric FOR (REVERSE, empty
//! range), CONTINUE, labels, IF / ELSIF, CASE statements (CASE_NOT_FOUND),
//! nested blocks, and the value rules of PL/SQL expressions (NULL, '', ||).

use super::{ExecCase, Expect, assert_none, run};

const COUNTER: &str = "CREATE TABLE s.log (step NUMBER(4), n NUMBER(9));";

const CASES: &[ExecCase] = &[
    ExecCase {
        name: "LOOP ... EXIT WHEN counts to the limit",
        ddl: COUNTER,
        data: "",
        unit: "CREATE OR REPLACE PROCEDURE s.count_to (p_limit IN PLS_INTEGER)
IS
  i  PLS_INTEGER := 0;
BEGIN
  LOOP
    i := i + 1;
    INSERT INTO s.log (step, n) VALUES (i, i * 10);
    EXIT WHEN i >= p_limit;
  END LOOP;
END count_to;
/
",
        calls: &["CALL s.count_to(3)"],
        expect: Expect::Rows {
            query: "SELECT step, n FROM s.log",
            rows: &["1|10", "2|20", "3|30"],
        },
        raises: &[],
        citation: concat!(
            "PL/SQL Language Reference, Basic LOOP Statement (",
            lnpls!("basic-LOOP-statement.html"),
            ") and EXIT Statement (",
            lnpls!("EXIT-statement.html"),
            "): 'With each iteration of the loop, the statements run'; EXIT WHEN 'exits the current iteration of a loop when the condition in its WHEN clause is true'"
        ),
    },
    ExecCase {
        name: "WHILE loop: the condition is tested before each iteration",
        ddl: COUNTER,
        data: "",
        unit: "CREATE OR REPLACE PROCEDURE s.double_until (p_limit IN NUMBER)
IS
  v  NUMBER := 1;
  n  PLS_INTEGER := 0;
BEGIN
  WHILE v < p_limit LOOP
    v := v * 2;
    n := n + 1;
  END LOOP;
  INSERT INTO s.log (step, n) VALUES (n, v);
  WHILE v < 0 LOOP
    INSERT INTO s.log (step, n) VALUES (-1, -1);
  END LOOP;
END double_until;
/
",
        calls: &["CALL s.double_until(100)"],
        expect: Expect::Rows {
            query: "SELECT step, n FROM s.log",
            rows: &["7|128"],
        },
        raises: &[],
        citation: concat!(
            "PL/SQL Language Reference, WHILE LOOP Statement (",
            lnpls!("WHILE-LOOP-statement.html"),
            "): 'If the condition is true, the statements run and control returns to the top of the loop, where condition is evaluated again. If the condition is not true, control transfers to the statement after the WHILE LOOP statement'"
        ),
    },
    ExecCase {
        name: "FOR i IN low .. high counts up",
        ddl: COUNTER,
        data: "",
        unit: "CREATE OR REPLACE PROCEDURE s.count_up (p_high IN PLS_INTEGER)
IS
  v_step  PLS_INTEGER := 0;
BEGIN
  FOR i IN 2 .. p_high LOOP
    v_step := v_step + 1;
    INSERT INTO s.log (step, n) VALUES (v_step, i);
  END LOOP;
END count_up;
/
",
        calls: &["CALL s.count_up(4)"],
        expect: Expect::Rows {
            query: "SELECT step, n FROM s.log",
            rows: &["1|2", "2|3", "3|4"],
        },
        raises: &[],
        citation: concat!(
            "PL/SQL Language Reference, FOR LOOP Statement (",
            lnpls!("FOR-LOOP-statement.html"),
            "): 'the value of index starts at lower_bound and increases by one with each iteration of the loop until it reaches upper_bound'"
        ),
    },
    ExecCase {
        name: "FOR i IN REVERSE low .. high counts down from high to low",
        ddl: COUNTER,
        data: "",
        unit: "CREATE OR REPLACE PROCEDURE s.count_down (p_high IN PLS_INTEGER)
IS
  v_step  PLS_INTEGER := 0;
BEGIN
  FOR i IN REVERSE 1 .. p_high LOOP
    v_step := v_step + 1;
    INSERT INTO s.log (step, n) VALUES (v_step, i);
  END LOOP;
END count_down;
/
",
        calls: &["CALL s.count_down(3)"],
        expect: Expect::Rows {
            query: "SELECT step, n FROM s.log",
            rows: &["1|3", "2|2", "3|1"],
        },
        raises: &[],
        citation: concat!(
            "PL/SQL Language Reference, FOR LOOP Statement (",
            lnpls!("FOR-LOOP-statement.html"),
            "): with REVERSE 'the value of index starts at upper_bound and decreases by one with each iteration of the loop until it reaches lower_bound'"
        ),
    },
    ExecCase {
        name: "FOR over an empty range (low > high) never runs, with or without REVERSE",
        ddl: COUNTER,
        data: "",
        unit: "CREATE OR REPLACE PROCEDURE s.empty_ranges (p_low IN PLS_INTEGER)
IS
BEGIN
  FOR i IN p_low .. 1 LOOP
    INSERT INTO s.log (step, n) VALUES (1, i);
  END LOOP;
  FOR i IN REVERSE p_low .. 1 LOOP
    INSERT INTO s.log (step, n) VALUES (2, i);
  END LOOP;
  INSERT INTO s.log (step, n) VALUES (0, 0);
END empty_ranges;
/
",
        calls: &["CALL s.empty_ranges(3)"],
        expect: Expect::Rows {
            query: "SELECT step, n FROM s.log",
            rows: &["0|0"],
        },
        raises: &[],
        citation: concat!(
            "PL/SQL Language Reference, FOR LOOP Statement (",
            lnpls!("FOR-LOOP-statement.html"),
            "): 'If lower_bound is greater than upper_bound, then the statements never run'"
        ),
    },
    ExecCase {
        name: "CONTINUE WHEN skips the rest of the iteration",
        ddl: COUNTER,
        data: "",
        unit: "CREATE OR REPLACE PROCEDURE s.keep_odd (p_max IN PLS_INTEGER)
IS
BEGIN
  FOR i IN 1 .. p_max LOOP
    CONTINUE WHEN MOD(i, 2) = 0;
    IF i = 5 THEN
      CONTINUE;
    END IF;
    INSERT INTO s.log (step, n) VALUES (i, i);
  END LOOP;
END keep_odd;
/
",
        calls: &["CALL s.keep_odd(7)"],
        expect: Expect::Rows {
            query: "SELECT step, n FROM s.log",
            rows: &["1|1", "3|3", "7|7"],
        },
        raises: &[],
        citation: concat!(
            "PL/SQL Language Reference, CONTINUE Statement (",
            lnpls!("CONTINUE-statement.html"),
            "): 'The CONTINUE statement exits the current iteration of a loop, either conditionally or unconditionally, and transfers control to the next iteration'"
        ),
    },
    ExecCase {
        name: "EXIT label WHEN leaves the labelled outer loop from the inner one",
        ddl: COUNTER,
        data: "",
        unit: "CREATE OR REPLACE PROCEDURE s.grid
IS
BEGIN
  <<outer_loop>>
  FOR i IN 1 .. 3 LOOP
    <<inner_loop>>
    FOR j IN 1 .. 3 LOOP
      INSERT INTO s.log (step, n) VALUES (i, j);
      EXIT outer_loop WHEN i = 2 AND j = 2;
    END LOOP inner_loop;
  END LOOP outer_loop;
  INSERT INTO s.log (step, n) VALUES (0, 0);
END grid;
/
",
        calls: &["CALL s.grid()"],
        expect: Expect::Rows {
            query: "SELECT step, n FROM s.log",
            rows: &["1|1", "1|2", "1|3", "2|1", "2|2", "0|0"],
        },
        raises: &[],
        citation: concat!(
            "PL/SQL Language Reference, EXIT Statement (",
            lnpls!("EXIT-statement.html"),
            "): 'label: Name that identifies either the current loop or an enclosing loop'; EXIT label 'transfers control to the end of the labeled loop'"
        ),
    },
    ExecCase {
        name: "IF / ELSIF / ELSE: the first true condition wins; a NULL condition is not true",
        ddl: "CREATE TABLE s.val (v NUMBER(9));
CREATE TABLE s.class (v NUMBER(9), label VARCHAR2(10));",
        data: "INSERT INTO s.val VALUES (-5), (0), (50), (20000), (NULL);",
        unit: "CREATE OR REPLACE PROCEDURE s.classify
IS
  v_label  VARCHAR2(10);
BEGIN
  FOR r IN (SELECT v FROM s.val) LOOP
    IF r.v < 0 THEN
      v_label := 'neg';
    ELSIF r.v = 0 THEN
      v_label := 'zero';
    ELSIF r.v < 1000 THEN
      v_label := 'small';
    ELSE
      v_label := 'other';
    END IF;
    INSERT INTO s.class (v, label) VALUES (r.v, v_label);
  END LOOP;
END classify;
/
",
        calls: &["CALL s.classify()"],
        expect: Expect::Rows {
            query: "SELECT v, label FROM s.class",
            rows: &["-5|neg", "0|zero", "50|small", "20000|other", "NULL|other"],
        },
        raises: &[],
        citation: concat!(
            "PL/SQL Language Reference, IF Statement (",
            lnpls!("IF-statement.html"),
            "): 'The IF THEN ELSIF statement runs the first statements for which condition is true. Remaining conditions are not evaluated. If no condition is true, the else_statements run'; a comparison with NULL is NULL, not true"
        ),
    },
    ExecCase {
        name: "simple CASE statement: the first matching WHEN, else the ELSE",
        ddl: "CREATE TABLE s.orders (order_id NUMBER(10) NOT NULL, status CHAR(1), label VARCHAR2(20));",
        data: "INSERT INTO s.orders VALUES (1, 'N', NULL), (2, 'S', NULL), (3, 'X', NULL);",
        unit: "CREATE OR REPLACE PROCEDURE s.label_order (p_id IN NUMBER)
IS
  v_status  CHAR(1);
  v_label   VARCHAR2(20);
BEGIN
  SELECT status INTO v_status FROM s.orders WHERE order_id = p_id;
  CASE v_status
    WHEN 'N' THEN v_label := 'new';
    WHEN 'S' THEN v_label := 'shipped';
    ELSE v_label := 'unknown';
  END CASE;
  UPDATE s.orders SET label = v_label WHERE order_id = p_id;
END label_order;
/
",
        calls: &[
            "CALL s.label_order(1)",
            "CALL s.label_order(2)",
            "CALL s.label_order(3)",
        ],
        expect: Expect::Rows {
            query: "SELECT order_id, label FROM s.orders",
            rows: &["1|new", "2|shipped", "3|unknown"],
        },
        raises: &[],
        citation: concat!(
            "PL/SQL Language Reference, CASE Statement (",
            lnpls!("CASE-statement.html"),
            "): 'The simple CASE statement runs the first statements for which selector_value equals selector ... If no selector_value equals selector, the CASE statement runs else_statements if they exist'"
        ),
    },
    ExecCase {
        name: "searched CASE statement without ELSE and no match: CASE_NOT_FOUND (ORA-06592), the call's work undone",
        ddl: "CREATE TABLE s.shipping (order_id NUMBER(10) NOT NULL, weight NUMBER(8,2), band VARCHAR2(5));",
        data: "INSERT INTO s.shipping VALUES (1, NULL, NULL);",
        unit: "CREATE OR REPLACE PROCEDURE s.set_band (p_id IN NUMBER, p_weight IN NUMBER)
IS
  v_band  VARCHAR2(5);
BEGIN
  UPDATE s.shipping SET weight = p_weight WHERE order_id = p_id;
  CASE
    WHEN p_weight < 1 THEN v_band := 'S';
    WHEN p_weight < 10 THEN v_band := 'M';
  END CASE;
  UPDATE s.shipping SET band = v_band WHERE order_id = p_id;
END set_band;
/
",
        calls: &["CALL s.set_band(1, 0.5)", "CALL s.set_band(1, 250)"],
        expect: Expect::Fails {
            message: &["case not found"],
        },
        raises: &[],
        citation: concat!(
            "PL/SQL Language Reference, CASE Statement (",
            lnpls!("CASE-statement.html"),
            "): 'If no condition is true, the CASE statement runs else_statements if they exist and raises the predefined exception CASE_NOT_FOUND otherwise'; ORA-06592 'CASE not found while executing CASE statement'; ",
            call_is_atomic!()
        ),
    },
    ExecCase {
        name: "label.name reaches the variable of a labelled outer block shadowed in an inner one",
        ddl: "CREATE TABLE s.shadow (outer_v NUMBER(4), inner_v NUMBER(4));",
        data: "",
        unit: "CREATE OR REPLACE PROCEDURE s.show_shadow
IS
BEGIN
  <<outer_block>>
  DECLARE
    v  NUMBER := 1;
  BEGIN
    DECLARE
      v  NUMBER := 2;
    BEGIN
      INSERT INTO s.shadow (outer_v, inner_v) VALUES (outer_block.v, v);
    END;
  END outer_block;
END show_shadow;
/
",
        calls: &["CALL s.show_shadow()"],
        expect: Expect::Rows {
            query: "SELECT outer_v, inner_v FROM s.shadow",
            rows: &["1|2"],
        },
        raises: &[],
        citation: concat!(
            "PL/SQL Language Reference, 2.5 Scope and Visibility of Identifiers (",
            lnpls!("plsql-language-fundamentals.html"),
            "): 'If a redeclared identifier is visible ... you can reference the global identifier with a qualified name, where the qualifier is the label of the block' (Example 2-18 outer.birthdate)"
        ),
    },
    ExecCase {
        name: "'' is NULL: assigned to a variable and inserted into a column",
        ddl: "CREATE TABLE s.blank (label VARCHAR2(20), v VARCHAR2(20));",
        data: "",
        unit: "CREATE OR REPLACE PROCEDURE s.check_blank
IS
  v_text  VARCHAR2(20) := 'x';
BEGIN
  v_text := '';
  IF v_text IS NULL THEN
    INSERT INTO s.blank (label, v) VALUES ('assigned is null', v_text);
  END IF;
  INSERT INTO s.blank (label, v) VALUES ('inserted', '');
END check_blank;
/
",
        calls: &["CALL s.check_blank()"],
        expect: Expect::Rows {
            query: "SELECT label, COALESCE(v, 'NULL!') FROM s.blank",
            rows: &["assigned is null|NULL!", "inserted|NULL!"],
        },
        raises: &[],
        citation: concat!(
            "SQL Reference, Nulls (",
            sqlrf!("Nulls.html"),
            "): 'Oracle Database currently treats a character value with a length of zero as null'"
        ),
    },
    ExecCase {
        name: "|| with NULL operands in PL/SQL expressions gives the other operand",
        ddl: "CREATE TABLE s.joined (k NUMBER(2), text VARCHAR2(100));",
        data: "",
        unit: "CREATE OR REPLACE PROCEDURE s.join_parts (p_first IN VARCHAR2, p_middle IN VARCHAR2, p_last IN VARCHAR2)
IS
  v_full  VARCHAR2(100);
BEGIN
  v_full := p_first || '-' || p_middle || '-' || p_last;
  INSERT INTO s.joined (k, text) VALUES (1, v_full);
  v_full := p_middle || p_middle;
  INSERT INTO s.joined (k, text) VALUES (2, NVL(v_full, 'both null'));
END join_parts;
/
",
        calls: &["CALL s.join_parts('Ann', NULL, 'Lee')"],
        expect: Expect::Rows {
            query: "SELECT k, text FROM s.joined",
            rows: &["1|Ann--Lee", "2|both null"],
        },
        raises: &[],
        citation: concat!(
            "SQL Reference, Concatenation Operator (",
            sqlrf!("Concatenation-Operator.html"),
            "): 'concatenating a zero-length character string with another operand always results in the other operand, so null can result only from the concatenation of two null strings'"
        ),
    },
    ExecCase {
        name: "a variable declared without a value is NULL; arithmetic on it is NULL",
        ddl: "CREATE TABLE s.probe (label VARCHAR2(20), v NUMBER);",
        data: "",
        unit: "CREATE OR REPLACE PROCEDURE s.probe_null
IS
  v_unset  NUMBER;
  v_sum    NUMBER := 5;
BEGIN
  v_sum := v_unset + 1;
  IF v_unset IS NULL THEN
    INSERT INTO s.probe (label, v) VALUES ('unset', v_unset);
  END IF;
  INSERT INTO s.probe (label, v) VALUES ('sum', v_sum);
END probe_null;
/
",
        calls: &["CALL s.probe_null()"],
        expect: Expect::Rows {
            query: "SELECT label, v FROM s.probe",
            rows: &["unset|NULL", "sum|NULL"],
        },
        raises: &[],
        citation: concat!(
            "PL/SQL Language Reference, 2.6.2 Declaring Variables (",
            lnpls!("plsql-language-fundamentals.html"),
            "): 'By default, a variable is initialized to NULL'; SQL Reference, Nulls: 'All arithmetic operators with null return null'"
        ),
    },
    ExecCase {
        name: "DATE arithmetic in assignments: + 1 day, TRUNC to the month, ADD_MONTHS at a month end",
        ddl: "CREATE TABLE s.period (run_day DATE, next_day DATE, month_start DATE, next_month DATE);",
        data: "",
        unit: "CREATE OR REPLACE PROCEDURE s.make_period (p_day IN DATE)
IS
  v_next    DATE;
  v_start   DATE;
  v_nmonth  DATE;
BEGIN
  v_next := p_day + 1;
  v_start := TRUNC(p_day, 'MM');
  v_nmonth := ADD_MONTHS(p_day, 1);
  INSERT INTO s.period (run_day, next_day, month_start, next_month)
  VALUES (p_day, v_next, v_start, v_nmonth);
END make_period;
/
",
        calls: &["CALL s.make_period(TIMESTAMP '2024-01-31 00:00:00')"],
        expect: Expect::Rows {
            query: "SELECT CAST(next_day AS DATE), CAST(month_start AS DATE), CAST(next_month AS DATE) FROM s.period",
            rows: &["2024-02-01|2024-01-01|2024-02-29"],
        },
        raises: &[],
        citation: concat!(
            "SQL Reference, Datetime/Interval Arithmetic (",
            sqlrf!("Datetime-Interval-Arithmetic.html"),
            "): DATE + number adds days; TRUNC (date) with 'MM' gives the first day of the month; ADD_MONTHS (",
            sqlrf!("ADD_MONTHS.html"),
            "): 'If date is the last day of the month or if the resulting month has fewer days than the day component of date, then the result is the last day of the resulting month'"
        ),
    },
    ExecCase {
        name: "NUMBER variables keep their fractions through assignments",
        ddl: "CREATE TABLE s.probe (label VARCHAR2(20), v NUMBER(10,4));",
        data: "",
        unit: "CREATE OR REPLACE PROCEDURE s.fractions (p_x IN NUMBER)
IS
  v_base  NUMBER := 0.5;
  v_sum   NUMBER;
  v_flag  NUMBER;
BEGIN
  v_sum := v_base + 1;
  INSERT INTO s.probe (label, v) VALUES ('sum', v_sum);
  v_flag := CASE WHEN p_x > 0 THEN 1 ELSE 0 END;
  v_flag := v_flag + p_x;
  INSERT INTO s.probe (label, v) VALUES ('flag', v_flag);
END fractions;
/
",
        calls: &["CALL s.fractions(0.25)"],
        expect: Expect::Rows {
            query: "SELECT label, v FROM s.probe",
            rows: &["sum|1.5", "flag|1.25"],
        },
        raises: &[],
        citation: concat!(
            "PL/SQL Language Reference, 3.1 NUMBER Data Type / Scalar Variable Declaration (",
            lnpls!("scalar-variable-declaration.html"),
            "): a variable declared NUMBER holds 'fixed-point or floating-point numbers' of any scale; 0.5 + 1 = 1.5, 1 + 0.25 = 1.25"
        ),
    },
];

#[test]
fn control_flow() {
    assert_none(CASES.len(), run("control", CASES));
}
