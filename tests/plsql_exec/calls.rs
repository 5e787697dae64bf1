//! Calls between translated procedures: OUT and IN OUT parameters through
//! nested calls, an OUT parameter left unassigned, defaults with positional,
//! named and mixed notation, and functions (inlined, or turned into
//! procedures when they read tables).

use super::{ExecCase, Expect, assert_none, run};

const MODES: &str = concat!(
    "PL/SQL Language Reference, 8.7.3 Subprogram Parameter Modes, Table 8-1 (",
    lnpls!("plsql-subprograms.html"),
    "): OUT 'Returns a value to the invoker'; IN OUT 'Passes an initial value to the subprogram and returns an updated value to the invoker'"
);

const RESULT: &str = "CREATE TABLE s.result (label VARCHAR2(20), v NUMBER);";

const CASES: &[ExecCase] = &[
    ExecCase {
        name: "OUT and IN OUT parameters return their values to the calling procedure",
        ddl: RESULT,
        data: "",
        unit: "CREATE OR REPLACE PROCEDURE s.compute (p_in IN NUMBER, p_out OUT NUMBER, p_io IN OUT NUMBER)
IS
BEGIN
  p_out := p_in * 2;
  p_io := p_io + p_in;
END compute;
/

CREATE OR REPLACE PROCEDURE s.run_compute (p_start IN NUMBER)
IS
  v_out  NUMBER;
  v_io   NUMBER := p_start;
BEGIN
  s.compute(5, v_out, v_io);
  INSERT INTO s.result (label, v) VALUES ('out', v_out);
  INSERT INTO s.result (label, v) VALUES ('in out', v_io);
  s.compute(1, v_out, v_io);
  INSERT INTO s.result (label, v) VALUES ('in out again', v_io);
END run_compute;
/
",
        calls: &["CALL s.run_compute(100)"],
        expect: Expect::Rows {
            query: "SELECT label, v FROM s.result",
            rows: &["out|10", "in out|105", "in out again|106"],
        },
        raises: &[],
        citation: MODES,
    },
    ExecCase {
        name: "an OUT parameter the procedure does not assign comes back NULL",
        ddl: RESULT,
        data: "",
        unit: "CREATE OR REPLACE PROCEDURE s.maybe_set (p_flag IN NUMBER, p_out OUT NUMBER)
IS
BEGIN
  IF p_flag = 1 THEN
    p_out := 42;
  END IF;
END maybe_set;
/

CREATE OR REPLACE PROCEDURE s.run_maybe
IS
  v  NUMBER := 7;
BEGIN
  s.maybe_set(0, v);
  INSERT INTO s.result (label, v) VALUES ('unassigned', v);
  s.maybe_set(1, v);
  INSERT INTO s.result (label, v) VALUES ('assigned', v);
END run_maybe;
/
",
        calls: &["CALL s.run_maybe()"],
        expect: Expect::Rows {
            query: "SELECT label, v FROM s.result",
            rows: &["unassigned|NULL", "assigned|42"],
        },
        raises: &[],
        citation: concat!(
            "PL/SQL Language Reference, 8.7.3 Subprogram Parameter Modes, Table 8-1 (",
            lnpls!("plsql-subprograms.html"),
            "): an OUT formal parameter 'is initialized to the default value of its type. The default value of the type is NULL'; on a normal exit its value is assigned to the actual parameter"
        ),
    },
    ExecCase {
        name: "defaults with positional, named and mixed notation",
        ddl: "CREATE TABLE s.messages (severity VARCHAR2(10), text VARCHAR2(200), source VARCHAR2(30));",
        data: "",
        unit: "CREATE OR REPLACE PROCEDURE s.put (p_text IN VARCHAR2, p_severity IN VARCHAR2 DEFAULT 'INFO', p_source IN VARCHAR2 := 'etl')
IS
BEGIN
  INSERT INTO s.messages (severity, text, source) VALUES (p_severity, p_text, p_source);
END put;
/

CREATE OR REPLACE PROCEDURE s.demo
IS
BEGIN
  s.put('positional only');
  s.put(p_source => 'named', p_text => 'named, out of order');
  s.put('mixed', p_source => 'mixed');
  s.put('all three', 'WARN', 'positional');
END demo;
/
",
        calls: &["CALL s.demo()"],
        expect: Expect::Rows {
            query: "SELECT severity, text, source FROM s.messages",
            rows: &[
                "INFO|positional only|etl",
                "INFO|named, out of order|named",
                "INFO|mixed|mixed",
                "WARN|all three|positional",
            ],
        },
        raises: &[],
        citation: concat!(
            "PL/SQL Language Reference, 8.7.5 Default Values for IN Subprogram Parameters and 8.7.6 Positional, Named, and Mixed Notation for Actual Parameters (",
            lnpls!("plsql-subprograms.html"),
            "): an omitted parameter takes its default; named notation associates by name in any order"
        ),
    },
    ExecCase {
        name: "a pure single-expression function used in SQL and in an assignment",
        ddl: "CREATE TABLE s.item (item_id NUMBER(9) NOT NULL, price NUMBER(10,2), discount NUMBER(5,2));
CREATE TABLE s.item_net (item_id NUMBER(9), net NUMBER(12,2));",
        data: "INSERT INTO s.item VALUES (1, 100, 10), (2, 19.99, NULL), (3, 3, 33.33);",
        unit: "CREATE OR REPLACE FUNCTION s.net_price (p_price IN NUMBER, p_pct IN NUMBER) RETURN NUMBER
IS
BEGIN
  RETURN ROUND(p_price * (1 - NVL(p_pct, 0) / 100), 2);
END net_price;
/

CREATE OR REPLACE PROCEDURE s.compute_net (p_extra IN NUMBER)
IS
  v_check  NUMBER;
BEGIN
  INSERT INTO s.item_net (item_id, net)
  SELECT item_id, s.net_price(price, discount) FROM s.item;
  v_check := s.net_price(200, p_extra);
  INSERT INTO s.item_net (item_id, net) VALUES (0, v_check);
END compute_net;
/
",
        calls: &["CALL s.compute_net(25)"],
        expect: Expect::Rows {
            query: "SELECT item_id, net FROM s.item_net",
            rows: &["1|90", "2|19.99", "3|2", "0|150"],
        },
        raises: &[],
        citation: concat!(
            "PL/SQL Language Reference, 8.5 Function Declaration and Definition / RETURN Statement (",
            lnpls!("RETURN-statement.html"),
            "): the function's value is its RETURN expression evaluated on the actual parameters; ROUND(n, 2) (SQL Reference, ",
            sqlrf!("ROUND-number.html"),
            "): 3 * (1 - 0.3333) = 2.0001 -> 2.00"
        ),
    },
    ExecCase {
        name: "a table-reading function with a CHAR parameter, called in PL/SQL assignments",
        ddl: "CREATE TABLE s.rate (ccy CHAR(3) NOT NULL, rate NUMBER(12,6));
CREATE TABLE s.converted (ccy CHAR(3), amount NUMBER(14,2));",
        data: "INSERT INTO s.rate VALUES ('EUR', 1.1), ('JPY', 0.0067);",
        unit: "CREATE OR REPLACE FUNCTION s.rate_of (p_ccy IN CHAR) RETURN NUMBER
IS
  v_rate  NUMBER(12,6);
BEGIN
  SELECT rate INTO v_rate FROM s.rate WHERE ccy = p_ccy;
  RETURN v_rate;
END rate_of;
/

CREATE OR REPLACE PROCEDURE s.convert_amount (p_ccy IN CHAR, p_amount IN NUMBER)
IS
  v_rate    NUMBER(12,6);
  v_amount  NUMBER(14,2);
BEGIN
  v_rate := s.rate_of(p_ccy);
  v_amount := ROUND(p_amount * v_rate, 2);
  INSERT INTO s.converted (ccy, amount) VALUES (p_ccy, v_amount);
END convert_amount;
/
",
        calls: &[
            "CALL s.convert_amount('EUR', 100)",
            "CALL s.convert_amount('JPY', 1000)",
        ],
        expect: Expect::Rows {
            query: "SELECT ccy, amount FROM s.converted",
            rows: &["EUR|110", "JPY|6.7"],
        },
        raises: &[],
        citation: concat!(
            "PL/SQL Language Reference, RETURN Statement (",
            lnpls!("RETURN-statement.html"),
            "): 'In a function, the RETURN statement assigns a specified value to the function identifier and returns control to the invoker'; a formal parameter declared CHAR has no size of its own and holds the actual parameter's value whole, 'EUR' here (8.7.1 Formal and Actual Subprogram Parameters, ",
            lnpls!("plsql-subprograms.html"),
            ")"
        ),
    },
    ExecCase {
        name: "a table-reading function whose SELECT INTO finds no row: NO_DATA_FOUND reaches the calling procedure",
        ddl: "CREATE TABLE s.rate (ccy CHAR(3) NOT NULL, rate NUMBER(12,6));
CREATE TABLE s.converted (ccy CHAR(3), amount NUMBER(14,2));",
        data: "INSERT INTO s.rate VALUES ('EUR', 1.1);",
        unit: "CREATE OR REPLACE FUNCTION s.rate_of (p_ccy IN CHAR) RETURN NUMBER
IS
  v_rate  NUMBER(12,6);
BEGIN
  SELECT rate INTO v_rate FROM s.rate WHERE ccy = p_ccy;
  RETURN v_rate;
END rate_of;
/

CREATE OR REPLACE PROCEDURE s.convert_amount (p_ccy IN CHAR, p_amount IN NUMBER)
IS
  v_rate    NUMBER(12,6);
  v_amount  NUMBER(14,2);
BEGIN
  INSERT INTO s.converted (ccy, amount) VALUES (p_ccy, NULL);
  v_rate := s.rate_of(p_ccy);
  v_amount := ROUND(p_amount * v_rate, 2);
  UPDATE s.converted SET amount = v_amount WHERE ccy = p_ccy;
END convert_amount;
/
",
        calls: &["CALL s.convert_amount('XXX', 100)"],
        expect: Expect::Fails {
            message: &["ORA-01403"],
        },
        raises: &[],
        citation: concat!(
            "PL/SQL Language Reference, 11.8 Exception Propagation (",
            lnpls!("exception-propagation.html"),
            "): the function has no handler, so NO_DATA_FOUND (ORA-01403) propagates to the invoking procedure, which has none either; ",
            call_is_atomic!()
        ),
    },
    ExecCase {
        name: "OUT and IN OUT parameters given constrained variables: the values come back with the variables' constraints",
        ddl: "CREATE TABLE s.spot (ccy VARCHAR2(3) NOT NULL, rate NUMBER(12,6));
CREATE TABLE s.spot_log (note VARCHAR2(40), rate NUMBER);",
        data: "INSERT INTO s.spot VALUES ('EUR', 1);",
        unit: "CREATE OR REPLACE PROCEDURE s.lookup (p_ccy IN VARCHAR2, p_rate OUT NUMBER, p_note IN OUT VARCHAR2)
IS
  v_rate  NUMBER;
BEGIN
  SELECT rate INTO v_rate FROM s.spot WHERE ccy = p_ccy;
  p_rate := v_rate / 3;
  p_note := p_note || ' ok';
END lookup;
/

CREATE OR REPLACE PROCEDURE s.run_lookup (p_ccy IN VARCHAR2)
IS
  v_rate  NUMBER(12,6);
  v_note  VARCHAR2(20) := 'lookup';
BEGIN
  s.lookup(p_ccy, v_rate, v_note);
  INSERT INTO s.spot_log (note, rate) VALUES (v_note, v_rate);
END run_lookup;
/
",
        calls: &["CALL s.run_lookup('EUR')"],
        expect: Expect::Rows {
            query: "SELECT note, rate FROM s.spot_log",
            rows: &["lookup ok|0.333333"],
        },
        raises: &[],
        citation: concat!(
            "PL/SQL Language Reference, 8.7.1 Formal and Actual Subprogram Parameters and 8.7.3 Subprogram Parameter Modes (",
            lnpls!("plsql-subprograms.html"),
            "): on a normal exit the OUT / IN OUT formal's value is assigned to the actual parameter, a NUMBER(12,6) variable: SQL Reference, NUMBER Data Type (",
            sqlrf!("Data-Types.html"),
            "): 'If a value exceeds the scale, then Oracle rounds it', so 1/3 comes back as 0.333333"
        ),
    },
];

#[test]
fn calls() {
    assert_none(CASES.len(), run("calls", CASES));
}
