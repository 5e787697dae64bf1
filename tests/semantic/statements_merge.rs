//! Statement-level cases for MERGE: UPDATE ... WHERE, DELETE WHERE on the
//! updated values (Oracle's bonuses example), a subquery source, an
//! insert-only MERGE. Citations: Oracle Database SQL Language Reference
//! (19c), MERGE.

use super::assert_none;
use super::statements::{StatementCase, run_failing, run_statements};

const UPDATE_WHERE: &str = "Oracle SQL Reference, MERGE, merge_update_clause: 'Specify the where_clause if you want the database to execute the update operation only if the specified condition is true. ... If the condition is not true, then the database skips the update operation when merging the row into the table'";
const DELETE_WHERE: &str = "Oracle SQL Reference, MERGE, merge_update_clause: 'The only rows affected by this clause are those rows in the destination table that are updated by the merge operation. The DELETE WHERE condition evaluates the updated value, not the original value that was evaluated by the UPDATE SET ... WHERE condition. If a row of the destination table meets the DELETE condition but is not included in the join defined by the ON clause, then it is not deleted'";
const USING: &str = "Oracle SQL Reference, MERGE, USING clause: 'Specify the source of the data to be updated or inserted. The source can be a table, view, or the result of a subquery'";
const INSERT_ONLY: &str = "Oracle SQL Reference, MERGE, merge_insert_clause: 'The merge_insert_clause specifies values to insert into the column of the target table if the condition of the ON clause is false'; the update clause may be omitted ('you can specify this clause by itself')";

/// Oracle's HR sample schema, department 80 and two others (employee_id, salary, department_id).
const HR_EMPLOYEES: &str = "INSERT INTO s.employees VALUES
    (100, 24000, 90), (145, 14000, 80), (146, 13500, 80), (147, 12000, 80), (148, 11000, 80),
    (149, 10500, 80), (150, 10000, 80), (151, 9500, 80), (152, 9000, 80), (153, 8000, 80),
    (154, 7500, 80), (155, 7000, 80), (156, 10000, 80), (157, 9500, 80), (158, 9000, 80),
    (159, 8000, 80), (160, 7500, 80), (161, 7000, 80), (162, 10500, 80), (163, 9500, 80),
    (164, 7200, 80), (165, 6800, 80), (166, 6400, 80), (167, 6200, 80), (168, 11500, 80),
    (169, 10000, 80), (170, 9600, 80), (171, 7400, 80), (172, 7300, 80), (173, 6100, 80),
    (174, 11000, 80), (175, 8800, 80), (176, 8600, 80), (177, 8400, 80), (178, 7000, NULL),
    (179, 6200, 80), (200, 4400, 10);
INSERT INTO s.bonuses (employee_id) VALUES
    (153), (154), (155), (156), (158), (159), (160), (161), (163);";

const T_DDL: &str = "CREATE TABLE s.t (id NUMBER(9) NOT NULL, val NUMBER(9), status VARCHAR2(10));
CREATE TABLE s.src (id NUMBER(9) NOT NULL, delta NUMBER(9));";
const TOTALS_DDL: &str = "CREATE TABLE s.totals (id NUMBER(9) NOT NULL, total NUMBER(9));
CREATE TABLE s.tx (id NUMBER(9) NOT NULL, amt NUMBER(9));";

const NOT_TWICE: &str = "Oracle SQL Reference, MERGE, merge_update_clause: 'You cannot update the same row of the target table multiple times in the same MERGE statement' (ORA-30926: unable to get a stable set of rows in the source tables)";

const CASES: &[StatementCase] = &[
    StatementCase {
        name: "MERGE, a TO_NUMBER of the source set and inserted into NUMBER(7,2) columns",
        ddl: "CREATE TABLE s.acct (id NUMBER(9) NOT NULL, bal NUMBER(7,2));
CREATE TABLE s.feed (id NUMBER(9) NOT NULL, bal_txt VARCHAR2(20));",
        data: "INSERT INTO s.acct VALUES (1, 5), (2, 6);
INSERT INTO s.feed VALUES (1, '10.125'), (2, ''), (3, ' -0.994 ');",
        oracle: "MERGE INTO s.acct t
USING (SELECT f.id, TO_NUMBER(f.bal_txt) AS bal FROM s.feed f) src
   ON (t.id = src.id)
WHEN MATCHED THEN UPDATE SET t.bal = src.bal
WHEN NOT MATCHED THEN INSERT (id, bal) VALUES (src.id, src.bal)",
        check: Some("SELECT id, bal FROM s.acct"),
        rows: &["1|10.13", "2|NULL", "3|-0.99"],
        citation: "Oracle SQL Reference, TO_NUMBER: 'converts expr to a value of NUMBER data type'; Data Types, NUMBER Data Type: 'If a value exceeds the scale, then Oracle rounds it' (rounded away from 0, ROUND (number)); Nulls: a zero-length character value is null",
    },
    StatementCase {
        name: "MERGE, two new rows of one key are both inserted",
        ddl: T_DDL,
        data: "INSERT INTO s.t VALUES (1, 10, 'open');
INSERT INTO s.src VALUES (1, 1), (4, 4), (4, 5);",
        oracle: "MERGE INTO s.t t USING s.src src ON (t.id = src.id)
WHEN MATCHED THEN UPDATE SET t.val = t.val + src.delta
WHEN NOT MATCHED THEN INSERT (id, val, status) VALUES (src.id, src.delta, 'new')",
        check: Some("SELECT id, val, status FROM s.t"),
        rows: &["1|11|open", "4|4|new", "4|5|new"],
        citation: "Oracle SQL Reference, MERGE, merge_insert_clause: the INSERT applies to each source row for which the ON condition is false; only updating one target row twice raises ORA-30926",
    },
    StatementCase {
        name: "MERGE, Oracle's bonuses example",
        ddl: "CREATE TABLE s.bonuses (employee_id NUMBER, bonus NUMBER DEFAULT 100);
CREATE TABLE s.employees (employee_id NUMBER(6) NOT NULL, salary NUMBER(8,2), department_id NUMBER(4));",
        data: HR_EMPLOYEES,
        oracle: "MERGE INTO s.bonuses D
   USING (SELECT employee_id, salary, department_id FROM s.employees
   WHERE department_id = 80) S
   ON (D.employee_id = S.employee_id)
   WHEN MATCHED THEN UPDATE SET D.bonus = D.bonus + S.salary*.01
     DELETE WHERE (S.salary > 8000)
   WHEN NOT MATCHED THEN INSERT (D.employee_id, D.bonus)
     VALUES (S.employee_id, S.salary*.01)
     WHERE (S.salary <= 8000)",
        check: Some("SELECT employee_id, bonus FROM s.bonuses"),
        rows: &[
            "153|180", "154|175", "155|170", "159|180", "160|175", "161|170", "164|72", "165|68",
            "166|64", "167|62", "171|74", "172|73", "173|61", "179|62",
        ],
        citation: "Oracle SQL Reference, MERGE, Examples: 'Merging into a Table: Example' (the bonuses table after the MERGE)",
    },
    StatementCase {
        name: "MERGE, UPDATE ... WHERE updates only the rows meeting it",
        ddl: T_DDL,
        data: "INSERT INTO s.t VALUES (1, 10, 'open'), (2, 20, 'closed'), (3, 30, 'open');
INSERT INTO s.src VALUES (1, 1), (2, 2), (4, 4);",
        oracle: "MERGE INTO s.t t USING s.src src ON (t.id = src.id)
WHEN MATCHED THEN UPDATE SET t.val = t.val + src.delta WHERE t.status = 'open'",
        check: Some("SELECT id, val, status FROM s.t"),
        rows: &["1|11|open", "2|20|closed", "3|30|open"],
        citation: UPDATE_WHERE,
    },
    StatementCase {
        name: "MERGE, DELETE WHERE sees the updated value and only updated rows",
        ddl: T_DDL,
        data: "INSERT INTO s.t VALUES (1, 5, 'a'), (2, 50, 'b'), (3, 200, 'c');
INSERT INTO s.src VALUES (1, 100), (2, 0);",
        oracle: "MERGE INTO s.t t USING s.src src ON (t.id = src.id)
WHEN MATCHED THEN UPDATE SET t.val = t.val + src.delta DELETE WHERE t.val > 100",
        check: Some("SELECT id, val FROM s.t"),
        rows: &["2|50", "3|200"],
        citation: DELETE_WHERE,
    },
    StatementCase {
        name: "MERGE, DELETE WHERE skips a matched row the UPDATE WHERE skipped",
        ddl: T_DDL,
        data: "INSERT INTO s.t VALUES (1, 500, 'closed'), (2, 500, 'open');
INSERT INTO s.src VALUES (1, 1), (2, 1);",
        oracle: "MERGE INTO s.t t USING s.src src ON (t.id = src.id)
WHEN MATCHED THEN UPDATE SET t.val = t.val + src.delta WHERE t.status = 'open'
DELETE WHERE t.val > 100",
        check: Some("SELECT id, val, status FROM s.t"),
        rows: &["1|500|closed"],
        citation: DELETE_WHERE,
    },
    StatementCase {
        name: "MERGE with an aggregating subquery source",
        ddl: TOTALS_DDL,
        data: "INSERT INTO s.totals VALUES (1, 0), (2, 0), (9, 0);
INSERT INTO s.tx VALUES (1, 10), (1, 5), (2, 7), (3, 1);",
        oracle: "MERGE INTO s.totals d USING (SELECT id, SUM(amt) AS total FROM s.tx GROUP BY id) x
ON (d.id = x.id)
WHEN MATCHED THEN UPDATE SET d.total = x.total
WHEN NOT MATCHED THEN INSERT (id, total) VALUES (x.id, x.total)",
        check: Some("SELECT id, total FROM s.totals"),
        rows: &["1|15", "2|7", "3|1", "9|0"],
        citation: USING,
    },
    StatementCase {
        name: "insert-only MERGE leaves matched rows alone",
        ddl: TOTALS_DDL,
        data: "INSERT INTO s.totals VALUES (1, 99);
INSERT INTO s.tx VALUES (1, 10), (1, 5), (2, 7), (3, 1);",
        oracle: "MERGE INTO s.totals d USING (SELECT id, SUM(amt) AS total FROM s.tx GROUP BY id) x
ON (d.id = x.id)
WHEN NOT MATCHED THEN INSERT (id, total) VALUES (x.id, x.total)",
        check: Some("SELECT id, total FROM s.totals"),
        rows: &["1|99", "2|7", "3|1"],
        citation: INSERT_ONLY,
    },
];

/// A target row matched by two source rows: Oracle fails the MERGE and
/// changes nothing.
#[test]
fn merge_updating_one_row_twice_fails_as_oracle() {
    let case = StatementCase {
        name: "MERGE, one target row matched by two source rows",
        ddl: T_DDL,
        data: "INSERT INTO s.t VALUES (1, 10, 'open'), (2, 20, 'open');
INSERT INTO s.src VALUES (1, 1), (1, 2), (3, 3);",
        oracle: "MERGE INTO s.t t USING s.src src ON (t.id = src.id AND src.delta > 0)
WHEN MATCHED THEN UPDATE SET t.val = t.val + src.delta
WHEN NOT MATCHED THEN INSERT (id, val, status) VALUES (src.id, src.delta, 'new')",
        check: Some("SELECT id, val, status FROM s.t"),
        rows: &["1|10|open", "2|20|open"],
        citation: NOT_TWICE,
    };
    if let Err(failure) = run_failing("semantic_merge_twice", &case, "ORA-30926") {
        panic!("{failure}");
    }
}

#[test]
fn merge_agrees_with_oracle() {
    assert_none(run_statements("semantic_merge", CASES));
}
