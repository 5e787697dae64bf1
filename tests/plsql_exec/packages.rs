//! Packages: a public procedure calling private ones (unqualified and
//! qualified), a private function, constants of the spec and of the body,
//! overloaded procedures resolved by their arguments' types.

use super::{ExecCase, Expect, assert_none, run};

const PACKAGES: &str = concat!(
    "PL/SQL Language Reference, 10 PL/SQL Packages (",
    lnpls!("plsql-packages.html"),
    "): items declared in the body but not in the spec are private, 'visible only in the package body'; a package item is referenced by its name inside the package or as package_name.item_name"
);

const CASES: &[ExecCase] = &[
    ExecCase {
        name: "package: a public procedure calls private ones, unqualified and qualified; a private function and a body constant",
        ddl: "CREATE TABLE s.stage_fact (id NUMBER(9) NOT NULL, amount NUMBER(12,2));
CREATE TABLE s.fact (id NUMBER(9) NOT NULL, amount NUMBER(12,2), bucket VARCHAR2(10), pass NUMBER(1));",
        data: "INSERT INTO s.stage_fact VALUES (1, 999.99), (2, 1000), (3, NULL);
INSERT INTO s.fact VALUES (99, 1, 'stale', 0);",
        unit: "CREATE OR REPLACE PACKAGE s.fact_loader AS
  PROCEDURE load_all;
END fact_loader;
/

CREATE OR REPLACE PACKAGE BODY s.fact_loader AS
  c_big  CONSTANT NUMBER := 1000;

  FUNCTION bucket_of (p_amount NUMBER) RETURN VARCHAR2 IS
  BEGIN
    RETURN CASE WHEN p_amount >= c_big THEN 'big' WHEN p_amount < c_big THEN 'small' ELSE 'none' END;
  END bucket_of;

  PROCEDURE clear_target IS
  BEGIN
    DELETE FROM s.fact;
  END clear_target;

  PROCEDURE copy_pass (p_pass IN NUMBER) IS
  BEGIN
    INSERT INTO s.fact (id, amount, bucket, pass)
    SELECT id, amount, bucket_of(amount), p_pass FROM s.stage_fact;
  END copy_pass;

  PROCEDURE load_all IS
  BEGIN
    clear_target;
    copy_pass(1);
    s.fact_loader.clear_target;
    fact_loader.copy_pass(2);
  END load_all;
END fact_loader;
/
",
        calls: &["CALL s.fact_loader_load_all()"],
        expect: Expect::Rows {
            query: "SELECT id, amount, bucket, pass FROM s.fact",
            rows: &["1|999.99|small|2", "2|1000|big|2", "3|NULL|none|2"],
        },
        raises: &[],
        citation: PACKAGES,
    },
    ExecCase {
        name: "package constants of the spec and the body, used in SQL (plain and qualified) and in PL/SQL",
        ddl: "CREATE TABLE s.readings (id NUMBER(9) NOT NULL, value NUMBER(10,2));
CREATE TABLE s.hits (id NUMBER(9), level_txt VARCHAR2(10));",
        data: "INSERT INTO s.readings VALUES (1, 50), (2, 85), (3, 90), (4, 97), (5, 80);",
        unit: "CREATE OR REPLACE PACKAGE s.limits AS
  c_warn   CONSTANT NUMBER := 80;
  c_alarm  CONSTANT NUMBER := 95;
  PROCEDURE classify;
END limits;
/

CREATE OR REPLACE PACKAGE BODY s.limits AS
  c_warn_label  CONSTANT VARCHAR2(10) := 'WARN';

  PROCEDURE classify IS
    v_alarms  PLS_INTEGER;
  BEGIN
    INSERT INTO s.hits (id, level_txt)
    SELECT id, c_warn_label FROM s.readings WHERE value >= c_warn AND value < limits.c_alarm;
    SELECT COUNT(*) INTO v_alarms FROM s.readings WHERE value >= s.limits.c_alarm;
    IF v_alarms > 0 AND c_alarm > c_warn THEN
      INSERT INTO s.hits (id, level_txt) VALUES (-v_alarms, 'ALARM');
    END IF;
  END classify;
END limits;
/
",
        calls: &["CALL s.limits_classify()"],
        expect: Expect::Rows {
            query: "SELECT id, level_txt FROM s.hits",
            rows: &["2|WARN", "3|WARN", "5|WARN", "-1|ALARM"],
        },
        raises: &[],
        citation: concat!(
            "PL/SQL Language Reference, Constant Declaration (",
            lnpls!("constant-declaration.html"),
            "): a constant holds its initial value; 10 PL/SQL Packages (",
            lnpls!("plsql-packages.html"),
            "): spec items are public and referenced as package.item, body items are private"
        ),
    },
    ExecCase {
        name: "overloaded package procedures: each call runs the one whose parameters match its arguments",
        ddl: "CREATE TABLE s.audit (kind VARCHAR2(10), n NUMBER, text VARCHAR2(100), day DATE);",
        data: "",
        unit: "CREATE OR REPLACE PACKAGE s.audit_pkg AS
  PROCEDURE record_it (p_n IN NUMBER);
  PROCEDURE record_it (p_text IN VARCHAR2);
  PROCEDURE record_it (p_text IN VARCHAR2, p_day IN DATE);
  PROCEDURE demo;
END audit_pkg;
/

CREATE OR REPLACE PACKAGE BODY s.audit_pkg AS
  PROCEDURE record_it (p_n IN NUMBER) IS
  BEGIN
    INSERT INTO s.audit (kind, n) VALUES ('number', p_n);
  END record_it;

  PROCEDURE record_it (p_text IN VARCHAR2) IS
  BEGIN
    INSERT INTO s.audit (kind, text) VALUES ('text', p_text);
  END record_it;

  PROCEDURE record_it (p_text IN VARCHAR2, p_day IN DATE) IS
  BEGIN
    INSERT INTO s.audit (kind, text, day) VALUES ('dated', p_text, p_day);
  END record_it;

  PROCEDURE demo IS
    v_n  NUMBER := 42;
  BEGIN
    record_it(v_n);
    record_it('hello');
    record_it('stamped', DATE '2024-01-31');
  END demo;
END audit_pkg;
/
",
        calls: &["CALL s.audit_pkg_demo()"],
        expect: Expect::Rows {
            query: "SELECT kind, n, text, CAST(day AS DATE) FROM s.audit",
            rows: &[
                "number|42|NULL|NULL",
                "text|NULL|hello|NULL",
                "dated|NULL|stamped|2024-01-31",
            ],
        },
        raises: &[],
        citation: concat!(
            "PL/SQL Language Reference, 8.9 Overloaded Subprograms (",
            lnpls!("plsql-subprograms.html"),
            "): 'PL/SQL lets you overload nested subprograms, package subprograms, and type methods ... if their formal parameters differ in name, number, order, or data type family'; the call runs the one matching its actual parameters"
        ),
    },
];

#[test]
fn packages() {
    assert_none(CASES.len(), run("packages", CASES));
}
