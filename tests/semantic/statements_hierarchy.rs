//! Statement-level cases for CONNECT BY: LEVEL, SYS_CONNECT_BY_PATH, a WHERE
//! applied after the hierarchy is built, LEVEL in CONNECT BY. The rows are a
//! subset of Oracle's HR sample schema (the employees under King). Citations:
//! Oracle Database SQL Language Reference (19c), "Hierarchical Queries",
//! "LEVEL Pseudocolumn", SYS_CONNECT_BY_PATH.

use super::assert_none;
use super::statements::{StatementCase, run_statements};

const DDL: &str = "CREATE TABLE s.employees (employee_id NUMBER(6) NOT NULL, last_name VARCHAR2(25), manager_id NUMBER(6), department_id NUMBER(4));";
/// HR's employees King (100) to Gietz (206): id, name, manager, department.
const HR: &str = "INSERT INTO s.employees VALUES
    (100, 'King', NULL, 90), (101, 'Kochhar', 100, 90), (102, 'De Haan', 100, 90),
    (103, 'Hunold', 102, 60), (108, 'Greenberg', 101, 100), (109, 'Faviet', 108, 100),
    (110, 'Chen', 108, 100), (111, 'Sciarra', 108, 100), (112, 'Urman', 108, 100),
    (113, 'Popp', 108, 100), (200, 'Whalen', 101, 10), (203, 'Mavris', 101, 40),
    (204, 'Baer', 101, 70), (205, 'Higgins', 101, 110), (206, 'Gietz', 205, 110);";

const LEVEL: &str = "Oracle SQL Reference, LEVEL Pseudocolumn: 'For each row returned by a hierarchical query, the LEVEL pseudocolumn returns 1 for a root row, 2 for a child of a root, and so on'; Hierarchical Queries, Examples (START WITH employee_id = 100 CONNECT BY PRIOR employee_id = manager_id)";
const WHERE_AFTER: &str = "Oracle SQL Reference, Hierarchical Queries: 'Oracle then uses the information from these evaluations to form the hierarchy ... eliminates all rows from the hierarchy that do not satisfy the condition of the WHERE clause. Oracle evaluates this condition for each row individually, rather than removing all the children of a row that does not satisfy the condition'";

const CASES: &[StatementCase] = &[
    StatementCase {
        name: "CONNECT BY with LEVEL, Oracle's example",
        ddl: DDL,
        data: HR,
        oracle: "SELECT employee_id, last_name, manager_id, LEVEL FROM s.employees
START WITH employee_id = 100 CONNECT BY PRIOR employee_id = manager_id",
        check: None,
        rows: &[
            "100|King|NULL|1",
            "101|Kochhar|100|2",
            "102|De Haan|100|2",
            "103|Hunold|102|3",
            "108|Greenberg|101|3",
            "200|Whalen|101|3",
            "203|Mavris|101|3",
            "204|Baer|101|3",
            "205|Higgins|101|3",
            "109|Faviet|108|4",
            "110|Chen|108|4",
            "111|Sciarra|108|4",
            "112|Urman|108|4",
            "113|Popp|108|4",
            "206|Gietz|205|4",
        ],
        citation: LEVEL,
    },
    StatementCase {
        name: "SYS_CONNECT_BY_PATH, Oracle's Kochhar example",
        ddl: DDL,
        data: HR,
        oracle: "SELECT SYS_CONNECT_BY_PATH(last_name, '/') \"Path\" FROM s.employees
START WITH last_name = 'Kochhar' CONNECT BY PRIOR employee_id = manager_id",
        check: None,
        rows: &[
            "/Kochhar",
            "/Kochhar/Greenberg",
            "/Kochhar/Greenberg/Faviet",
            "/Kochhar/Greenberg/Chen",
            "/Kochhar/Greenberg/Sciarra",
            "/Kochhar/Greenberg/Urman",
            "/Kochhar/Greenberg/Popp",
            "/Kochhar/Whalen",
            "/Kochhar/Mavris",
            "/Kochhar/Baer",
            "/Kochhar/Higgins",
            "/Kochhar/Higgins/Gietz",
        ],
        citation: "Oracle SQL Reference, SYS_CONNECT_BY_PATH, Examples: the path of each employee from Kochhar down (12 rows)",
    },
    StatementCase {
        name: "CONNECT BY, WHERE filters rows after the hierarchy is built",
        ddl: DDL,
        data: HR,
        oracle: "SELECT last_name, LEVEL FROM s.employees WHERE department_id = 100
START WITH employee_id = 100 CONNECT BY PRIOR employee_id = manager_id",
        check: None,
        rows: &[
            "Greenberg|3",
            "Faviet|4",
            "Chen|4",
            "Sciarra|4",
            "Urman|4",
            "Popp|4",
        ],
        citation: WHERE_AFTER,
    },
    StatementCase {
        name: "CONNECT BY ... AND LEVEL <= n limits the depth",
        ddl: DDL,
        data: HR,
        oracle: "SELECT last_name, LEVEL, SYS_CONNECT_BY_PATH(last_name, '/') FROM s.employees
WHERE department_id = 100
START WITH employee_id = 100 CONNECT BY PRIOR employee_id = manager_id AND LEVEL <= 3",
        check: None,
        rows: &["Greenberg|3|/King/Kochhar/Greenberg"],
        citation: "Oracle SQL Reference, Hierarchical Queries, Examples: 'CONNECT BY PRIOR employee_id = manager_id AND LEVEL <= 4' (LEVEL in the CONNECT BY condition stops the hierarchy at that depth) and the WHERE rule: 'eliminates all rows from the hierarchy that do not satisfy the condition of the WHERE clause'",
    },
];

#[test]
fn hierarchies_agree_with_oracle() {
    assert_none(run_statements("semantic_hierarchy", CASES));
}
