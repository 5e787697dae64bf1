//! Statement-level cases for queries: Oracle `(+)` outer joins, ROWNUM
//! filters and the top-n idiom, MINUS. Citations: Oracle Database SQL
//! Language Reference (19c), "Joins" (Outer Joins), "ROWNUM Pseudocolumn",
//! "The UNION [ALL], INTERSECT, MINUS Operators".

use super::assert_none;
use super::statements::{StatementCase, run_statements};

/// a: 1, 2, 3. b: (1, x 5, 'b1'), (2, x 7, 'b2'), (4, x 5, 'b4').
const AB_DDL: &str = "CREATE TABLE s.a (id NUMBER(9) NOT NULL, name VARCHAR2(10));
CREATE TABLE s.b (id NUMBER(9), x NUMBER(9), note VARCHAR2(10));";
const AB_DATA: &str = "INSERT INTO s.a VALUES (1, 'one'), (2, 'two'), (3, 'three');
INSERT INTO s.b VALUES (1, 5, 'b1'), (2, 7, 'b2'), (4, 5, 'b4');";

const OUTER_JOIN: &str = "Oracle SQL Reference, Joins, Outer Joins: 'To write a query that performs an outer join of tables A and B and returns all rows from A, apply the outer join operator (+) to all columns of B in the join condition in the WHERE clause. For all rows in A that have no matching rows in B, Oracle Database returns null for any select list expressions containing columns of B'";
const CONSTANT_FILTER: &str = "Oracle SQL Reference, Joins, Outer Joins: 'If the WHERE clause contains a condition that compares a column from table B with a constant, then the (+) operator must be applied to the column so that Oracle returns the rows from table A for which it has generated nulls for this column. Otherwise Oracle returns only the results of a simple join'";
const MULTI_COLUMN: &str = "Oracle SQL Reference, Joins, Outer Joins: 'If A and B are joined by multiple join conditions, then you must use the (+) operator in all of these conditions. If you do not, then Oracle Database will return only the rows resulting from a simple join, but without a warning or error'";
const ROWNUM: &str = "Oracle SQL Reference, ROWNUM Pseudocolumn: 'you can use ROWNUM to limit the number of rows returned by a query, as in this example: SELECT * FROM employees WHERE ROWNUM < 11'";
const TOP_N: &str = "Oracle SQL Reference, ROWNUM Pseudocolumn: 'If you embed the ORDER BY clause in a subquery and place the ROWNUM condition in the top-level query, then you can force the ROWNUM condition to be applied after the ordering of the rows ... SELECT * FROM (SELECT * FROM employees ORDER BY employee_id) WHERE ROWNUM < 11'";
const MINUS: &str = "Oracle SQL Reference, The UNION [ALL], INTERSECT, MINUS Operators: 'MINUS: All distinct rows selected by the first query but not the second'";

const EMP_DDL: &str = "CREATE TABLE s.emp (employee_id NUMBER(6) NOT NULL, last_name VARCHAR2(25), salary NUMBER(8,2));";
/// A few rows of Oracle's HR sample schema (employees).
const EMP_DATA: &str = "INSERT INTO s.emp VALUES (100, 'King', 24000), (101, 'Kochhar', 17000),
    (102, 'De Haan', 17000), (103, 'Hunold', 9000), (104, 'Ernst', 6000), (145, 'Russell', 14000);";

const CASES: &[StatementCase] = &[
    StatementCase {
        name: "outer join, all rows of a",
        ddl: AB_DDL,
        data: AB_DATA,
        oracle: "SELECT a.id, b.note FROM s.a a, s.b b WHERE a.id = b.id (+)",
        check: None,
        rows: &["1|b1", "2|b2", "3|NULL"],
        citation: OUTER_JOIN,
    },
    StatementCase {
        name: "outer join, constant filter on the optional side with (+)",
        ddl: AB_DDL,
        data: AB_DATA,
        oracle: "SELECT a.id, b.note FROM s.a a, s.b b WHERE a.id = b.id (+) AND b.x (+) = 5",
        check: None,
        rows: &["1|b1", "2|NULL", "3|NULL"],
        citation: CONSTANT_FILTER,
    },
    StatementCase {
        name: "outer join, constant filter without (+) is a simple join",
        ddl: AB_DDL,
        data: AB_DATA,
        oracle: "SELECT a.id, b.note FROM s.a a, s.b b WHERE a.id = b.id (+) AND b.x = 5",
        check: None,
        rows: &["1|b1"],
        citation: CONSTANT_FILTER,
    },
    StatementCase {
        name: "outer join on two columns, (+) on both",
        ddl: "CREATE TABLE s.h (k1 NUMBER(9), k2 VARCHAR2(5), v NUMBER(9));
CREATE TABLE s.l (k1 NUMBER(9), k2 VARCHAR2(5), w VARCHAR2(5));",
        data: "INSERT INTO s.h VALUES (1, 'x', 10), (1, 'y', 11), (2, 'x', 12);
INSERT INTO s.l VALUES (1, 'x', 'l1x'), (2, 'y', 'l2y');",
        oracle: "SELECT h.v, l.w FROM s.h h, s.l l WHERE h.k1 = l.k1 (+) AND h.k2 = l.k2 (+)",
        check: None,
        rows: &["10|l1x", "11|NULL", "12|NULL"],
        citation: MULTI_COLUMN,
    },
    StatementCase {
        name: "outer join on two columns, (+) on one only",
        ddl: "CREATE TABLE s.h (k1 NUMBER(9), k2 VARCHAR2(5), v NUMBER(9));
CREATE TABLE s.l (k1 NUMBER(9), k2 VARCHAR2(5), w VARCHAR2(5));",
        data: "INSERT INTO s.h VALUES (1, 'x', 10), (1, 'y', 11), (2, 'x', 12);
INSERT INTO s.l VALUES (1, 'x', 'l1x'), (2, 'y', 'l2y');",
        oracle: "SELECT h.v, l.w FROM s.h h, s.l l WHERE h.k1 = l.k1 (+) AND h.k2 = l.k2",
        check: None,
        rows: &["10|l1x"],
        citation: MULTI_COLUMN,
    },
    StatementCase {
        name: "chained outer joins a -> b (+) -> c (+)",
        ddl: "CREATE TABLE s.a (id NUMBER(9) NOT NULL, name VARCHAR2(10));
CREATE TABLE s.b (id NUMBER(9), x NUMBER(9), note VARCHAR2(10));
CREATE TABLE s.c (x NUMBER(9), label VARCHAR2(10));",
        data: "INSERT INTO s.a VALUES (1, 'one'), (2, 'two'), (3, 'three');
INSERT INTO s.b VALUES (1, 5, 'b1'), (2, 7, 'b2'), (4, 5, 'b4');
INSERT INTO s.c VALUES (5, 'five');",
        oracle: "SELECT a.id, b.note, c.label FROM s.a a, s.b b, s.c c WHERE a.id = b.id (+) AND b.x = c.x (+)",
        check: None,
        rows: &["1|b1|five", "2|b2|NULL", "3|NULL|NULL"],
        citation: OUTER_JOIN,
    },
    StatementCase {
        name: "ROWNUM <= n on an unordered query returns n rows",
        ddl: EMP_DDL,
        data: EMP_DATA,
        oracle: "SELECT COUNT(*) FROM (SELECT last_name FROM s.emp WHERE ROWNUM <= 3)",
        check: None,
        rows: &["3"],
        citation: ROWNUM,
    },
    StatementCase {
        name: "ROWNUM < n returns n - 1 rows",
        ddl: EMP_DDL,
        data: EMP_DATA,
        oracle: "SELECT COUNT(*) FROM (SELECT last_name FROM s.emp WHERE ROWNUM < 3)",
        check: None,
        rows: &["2"],
        citation: ROWNUM,
    },
    StatementCase {
        name: "ROWNUM = 1 returns one row",
        ddl: EMP_DDL,
        data: EMP_DATA,
        oracle: "SELECT COUNT(*) FROM (SELECT last_name FROM s.emp WHERE salary > 10000 AND ROWNUM = 1)",
        check: None,
        rows: &["1"],
        citation: "Oracle SQL Reference, ROWNUM Pseudocolumn: 'The first row fetched is assigned a ROWNUM of 1' (so ROWNUM = 1 keeps exactly one of the rows the other conditions accept)",
    },
    StatementCase {
        name: "ROWNUM <= n over fewer rows returns them all",
        ddl: EMP_DDL,
        data: EMP_DATA,
        oracle: "SELECT last_name FROM s.emp WHERE salary = 17000 AND ROWNUM <= 10",
        check: None,
        rows: &["Kochhar", "De Haan"],
        citation: ROWNUM,
    },
    StatementCase {
        name: "top-n: ROWNUM over an ordered subquery",
        ddl: EMP_DDL,
        data: EMP_DATA,
        oracle: "SELECT * FROM (SELECT last_name, salary FROM s.emp ORDER BY salary DESC, last_name) WHERE ROWNUM <= 3",
        check: None,
        rows: &["King|24000", "De Haan|17000", "Kochhar|17000"],
        citation: TOP_N,
    },
    StatementCase {
        name: "MINUS removes the second query's rows and duplicates",
        ddl: "CREATE TABLE s.p (v NUMBER(9));\nCREATE TABLE s.q (v NUMBER(9));",
        data: "INSERT INTO s.p VALUES (1), (1), (2), (3), (NULL);
INSERT INTO s.q VALUES (3), (4);",
        oracle: "SELECT v FROM s.p MINUS SELECT v FROM s.q",
        check: None,
        rows: &["1", "2", "NULL"],
        citation: MINUS,
    },
    StatementCase {
        name: "MINUS, Oracle's orders_list example",
        ddl: "CREATE TABLE s.orders_list1 (part VARCHAR2(10));\nCREATE TABLE s.orders_list2 (part VARCHAR2(10));",
        data: "INSERT INTO s.orders_list1 VALUES ('SPARKPLUG'), ('FUEL PUMP'), ('FUEL PUMP'), ('TAILPIPE');
INSERT INTO s.orders_list2 VALUES ('CRANKSHAFT'), ('TAILPIPE'), ('TAILPIPE');",
        oracle: "SELECT part FROM s.orders_list1 MINUS SELECT part FROM s.orders_list2",
        check: None,
        rows: &["FUEL PUMP", "SPARKPLUG"],
        citation: "Oracle SQL Reference, The UNION [ALL], INTERSECT, MINUS Operators, MINUS Example (orders_list1 MINUS orders_list2 gives FUEL PUMP, SPARKPLUG)",
    },
];

#[test]
fn queries_agree_with_oracle() {
    assert_none(run_statements("semantic_queries", CASES));
}
