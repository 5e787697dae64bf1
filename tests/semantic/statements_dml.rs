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

const TO_NUMBER_INTO: &str = "Oracle SQL Reference, TO_NUMBER: 'converts expr to a value of NUMBER data type'; Data Types, NUMBER Data Type: 'If a value exceeds the scale, then Oracle rounds it' (rounded away from 0, ROUND (number)); Nulls: a zero-length character value is null; leading and trailing blanks are ignored converting character to NUMBER";
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
    StatementCase {
        name: "TO_NUMBER of text written into a NUMBER(p,s) column: rounded to its scale",
        ddl: "CREATE TABLE s.raw (id NUMBER(9) NOT NULL, amt_txt VARCHAR2(20));
CREATE TABLE s.amounts (id NUMBER(9) NOT NULL, amt NUMBER(7,2), units NUMBER(5));",
        data: "INSERT INTO s.raw VALUES (1, '12.345'), (2, ' 7 '), (3, ''), (4, '-0.005'), (5, NULL), (6, '0.0449');",
        oracle: "INSERT INTO s.amounts (id, amt, units) SELECT r.id, TO_NUMBER(r.amt_txt), TO_NUMBER(r.amt_txt) FROM s.raw r",
        check: Some("SELECT id, amt, units FROM s.amounts"),
        rows: &[
            "1|12.35|12",
            "2|7.00|7",
            "3|NULL|NULL",
            "4|-0.01|0",
            "5|NULL|NULL",
            "6|0.04|0",
        ],
        citation: TO_NUMBER_INTO,
    },
    StatementCase {
        name: "TO_NUMBER passed on by a subquery (latest row per key) into a NUMBER(p,s) column",
        ddl: "CREATE TABLE s.raw (id NUMBER(9) NOT NULL, seq NUMBER(9), amt_txt VARCHAR2(20));
CREATE TABLE s.amounts (id NUMBER(9) NOT NULL, amt NUMBER(7,2));",
        data: "INSERT INTO s.raw VALUES (1, 1, '1.005'), (1, 2, '3.14159'), (2, 1, ' -2.5 '), (3, 1, '');",
        oracle: "INSERT INTO s.amounts (id, amt)
SELECT id, amt
  FROM (SELECT r.id, TO_NUMBER(r.amt_txt) AS amt,
               ROW_NUMBER() OVER (PARTITION BY r.id ORDER BY r.seq DESC) AS rn
          FROM s.raw r)
 WHERE rn = 1",
        check: Some("SELECT id, amt FROM s.amounts"),
        rows: &["1|3.14", "2|-2.50", "3|NULL"],
        citation: TO_NUMBER_INTO,
    },
    StatementCase {
        name: "UPDATE SET col = TO_NUMBER(text): rounded to the column's scale",
        ddl: "CREATE TABLE s.amounts (id NUMBER(9) NOT NULL, amt NUMBER(7,2), amt_txt VARCHAR2(20));",
        data: "INSERT INTO s.amounts VALUES (1, NULL, '2.675'), (2, NULL, '-2.675');",
        oracle: "UPDATE s.amounts SET amt = TO_NUMBER(amt_txt)",
        check: Some("SELECT id, amt FROM s.amounts"),
        rows: &["1|2.68", "2|-2.68"],
        citation: TO_NUMBER_INTO,
    },
];

#[test]
fn inserts_and_updates_agree_with_oracle() {
    assert_none(run_statements("semantic_dml", CASES));
}
