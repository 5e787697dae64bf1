//! Statement-level cases for INSERT ALL / INSERT FIRST and UPDATE with
//! correlated subqueries in SET. Citations: Oracle Database SQL Language
//! Reference (19c), INSERT (multi_table_insert) and UPDATE.

use super::assert_none;
use super::statements::{StatementCase, run_statements};

const UNCONDITIONAL: &str = "Oracle SQL Reference, INSERT, multi_table_insert: 'ALL into_clause: Specify ALL followed by multiple insert_into_clauses to perform an unconditional multitable insert. Oracle Database executes each insert_into_clause once for each row returned by the subquery' (Examples: 'Inserting into Multiple Tables', the sales_input_table pivot)";
const ALL: &str = "Oracle SQL Reference, INSERT, conditional_insert_clause: 'If you specify ALL, the default value, then the database evaluates each WHEN clause regardless of the results of the evaluation of any other WHEN clause. For each WHEN clause whose condition evaluates to true, the database executes the corresponding INTO clause list'";
const FIRST: &str = "Oracle SQL Reference, INSERT, conditional_insert_clause: 'If you specify FIRST, then the database evaluates each WHEN clause in the order in which it appears in the statement. For the first WHEN clause that evaluates to true, the database executes the corresponding INTO clause and skips subsequent WHEN clauses for the given row'";
const ELSE: &str = "Oracle SQL Reference, INSERT, conditional_insert_clause, ELSE clause: 'For a given row, if no WHEN clause evaluates to true: If you have specified an ELSE clause, then the database executes the INTO clause list associated with the ELSE clause. If you did not specify an else clause, then the database takes no action for that row'";
const SET_SUBQUERY: &str = "Oracle SQL Reference, UPDATE, update_set_clause: 'subquery: ... If the subquery returns no rows, then the column is assigned a null'";

const ORDERS_DDL: &str = "CREATE TABLE s.orders (order_id NUMBER(9) NOT NULL, total NUMBER(9));
CREATE TABLE s.small (order_id NUMBER(9), total NUMBER(9));
CREATE TABLE s.medium (order_id NUMBER(9), total NUMBER(9));
CREATE TABLE s.other (order_id NUMBER(9), total NUMBER(9));";
const ORDERS: &str = "INSERT INTO s.orders VALUES (1, 50), (2, 200), (3, 900);";
const ORDERS_CHECK: &str = "SELECT 'small', order_id FROM s.small UNION ALL SELECT 'medium', order_id FROM s.medium UNION ALL SELECT 'other', order_id FROM s.other";

const EMP_DDL: &str =
    "CREATE TABLE s.emp (id NUMBER(9) NOT NULL, bonus NUMBER(9), grade VARCHAR2(5));
CREATE TABLE s.bonus (id NUMBER(9) NOT NULL, amt NUMBER(9), grade VARCHAR2(5));";
const EMP: &str = "INSERT INTO s.emp VALUES (1, 10, 'x'), (2, 20, 'y'), (3, 30, 'z');
INSERT INTO s.bonus VALUES (1, 5, 'A'), (3, 7, NULL);";

const CASES: &[StatementCase] = &[
    StatementCase {
        name: "unconditional INSERT ALL: every INTO gets every row",
        ddl: "CREATE TABLE s.sales_input (product_id NUMBER(6), customer_id NUMBER(6), week NUMBER(4), sales_sun NUMBER(9), sales_mon NUMBER(9));
CREATE TABLE s.sales (prod_id NUMBER(6), cust_id NUMBER(6), day NUMBER(4), amount NUMBER(9));",
        data: "INSERT INTO s.sales_input VALUES (111, 222, 1, 100, 200), (112, 223, 8, 300, NULL);",
        oracle: "INSERT ALL
  INTO s.sales (prod_id, cust_id, day, amount) VALUES (product_id, customer_id, week, sales_sun)
  INTO s.sales (prod_id, cust_id, day, amount) VALUES (product_id, customer_id, week + 1, sales_mon)
SELECT product_id, customer_id, week, sales_sun, sales_mon FROM s.sales_input",
        check: Some("SELECT prod_id, cust_id, day, amount FROM s.sales"),
        rows: &[
            "111|222|1|100",
            "111|222|2|200",
            "112|223|8|300",
            "112|223|9|NULL",
        ],
        citation: UNCONDITIONAL,
    },
    StatementCase {
        name: "conditional INSERT ALL: a row goes to every WHEN it meets",
        ddl: ORDERS_DDL,
        data: ORDERS,
        oracle: "INSERT ALL
  WHEN total < 100 THEN INTO s.small VALUES (order_id, total)
  WHEN total < 500 THEN INTO s.medium VALUES (order_id, total)
SELECT order_id, total FROM s.orders",
        check: Some(ORDERS_CHECK),
        rows: &["small|1", "medium|1", "medium|2"],
        citation: ALL,
    },
    StatementCase {
        name: "conditional INSERT ALL with ELSE",
        ddl: ORDERS_DDL,
        data: ORDERS,
        oracle: "INSERT ALL
  WHEN total < 100 THEN INTO s.small VALUES (order_id, total)
  WHEN total < 500 THEN INTO s.medium VALUES (order_id, total)
  ELSE INTO s.other VALUES (order_id, total)
SELECT order_id, total FROM s.orders",
        check: Some(ORDERS_CHECK),
        rows: &["small|1", "medium|1", "medium|2", "other|3"],
        citation: ELSE,
    },
    StatementCase {
        name: "INSERT FIRST: only the first WHEN met, ELSE for none",
        ddl: ORDERS_DDL,
        data: ORDERS,
        oracle: "INSERT FIRST
  WHEN total < 100 THEN INTO s.small VALUES (order_id, total)
  WHEN total < 500 THEN INTO s.medium VALUES (order_id, total)
  ELSE INTO s.other VALUES (order_id, total)
SELECT order_id, total FROM s.orders",
        check: Some(ORDERS_CHECK),
        rows: &["small|1", "medium|2", "other|3"],
        citation: FIRST,
    },
    StatementCase {
        name: "INSERT FIRST without ELSE: a row meeting no WHEN is not inserted",
        ddl: ORDERS_DDL,
        data: ORDERS,
        oracle: "INSERT FIRST
  WHEN total > 800 THEN INTO s.other VALUES (order_id, total)
  WHEN total > 150 THEN INTO s.medium VALUES (order_id, total)
SELECT order_id, total FROM s.orders",
        check: Some(ORDERS_CHECK),
        rows: &["other|3", "medium|2"],
        citation: ELSE,
    },
    StatementCase {
        name: "UPDATE SET col = correlated subquery: NULL where nothing matches",
        ddl: EMP_DDL,
        data: EMP,
        oracle: "UPDATE s.emp e SET e.bonus = (SELECT b.amt FROM s.bonus b WHERE b.id = e.id)",
        check: Some("SELECT id, bonus FROM s.emp"),
        rows: &["1|5", "2|NULL", "3|7"],
        citation: SET_SUBQUERY,
    },
    StatementCase {
        name: "UPDATE SET (a, b) = correlated subquery: NULLs where nothing matches",
        ddl: EMP_DDL,
        data: EMP,
        oracle: "UPDATE s.emp e SET (bonus, grade) = (SELECT b.amt, b.grade FROM s.bonus b WHERE b.id = e.id)",
        check: Some("SELECT id, bonus, grade FROM s.emp"),
        rows: &["1|5|A", "2|NULL|NULL", "3|7|NULL"],
        citation: SET_SUBQUERY,
    },
    StatementCase {
        name: "UPDATE with a correlated SET limited by WHERE EXISTS",
        ddl: EMP_DDL,
        data: EMP,
        oracle: "UPDATE s.emp e SET bonus = (SELECT b.amt FROM s.bonus b WHERE b.id = e.id)
WHERE EXISTS (SELECT 1 FROM s.bonus b WHERE b.id = e.id)",
        check: Some("SELECT id, bonus FROM s.emp"),
        rows: &["1|5", "2|20", "3|7"],
        citation: "Oracle SQL Reference, UPDATE, where_clause: 'The where_clause lets you restrict the rows updated to those for which the specified condition is true. If you omit this clause, then Oracle Database updates all rows in the table or view'",
    },
];

#[test]
fn inserts_and_updates_agree_with_oracle() {
    assert_none(run_statements("semantic_dml", CASES));
}
