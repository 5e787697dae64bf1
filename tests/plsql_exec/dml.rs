//! DML inside procedures: SQL%ROWCOUNT after UPDATE, DELETE, INSERT ...
//! SELECT and MERGE; SQL%FOUND / SQL%NOTFOUND; Oracle functions in embedded
//! SQL; a column name winning over a variable; sequences become IDENTITY.

use super::{ExecCase, Expect, assert_none, run};

const ROWCOUNT: &str = concat!(
    "PL/SQL Language Reference, Implicit Cursor Attribute (",
    lnpls!("implicit-cursor-attribute.html"),
    "): 'SQL%ROWCOUNT ... If a SELECT or DML statement has run, the number of rows fetched so far' (for DML, the rows it affected: 6.2.1.3 'SQL%ROWCOUNT Attribute: How Many Rows Were Affected?')"
);

const LEDGER: &str = "CREATE TABLE s.ledger (entry_id NUMBER(12) NOT NULL, status VARCHAR2(10));
CREATE TABLE s.run_log (step VARCHAR2(30), row_count NUMBER(9));";
const LEDGER_ROWS: &str = "INSERT INTO s.ledger VALUES (1, 'OPEN'), (2, 'OPEN'), (3, 'VOID'), (4, 'OPEN'), (5, 'VOID'), (6, 'CLOSED');";

const CASES: &[ExecCase] = &[
    ExecCase {
        name: "SQL%ROWCOUNT after UPDATE, after DELETE, after INSERT ... SELECT",
        ddl: LEDGER,
        data: LEDGER_ROWS,
        unit: "CREATE OR REPLACE PROCEDURE s.close_entries
IS
  v_rows  PLS_INTEGER;
BEGIN
  UPDATE s.ledger SET status = 'CLOSED' WHERE status = 'OPEN';
  v_rows := SQL%ROWCOUNT;
  INSERT INTO s.run_log (step, row_count) VALUES ('closed', v_rows);
  DELETE FROM s.ledger WHERE status = 'VOID';
  INSERT INTO s.run_log (step, row_count) VALUES ('voided', SQL%ROWCOUNT);
  INSERT INTO s.run_log (step, row_count) SELECT 'copy', entry_id FROM s.ledger WHERE entry_id < 3;
  INSERT INTO s.run_log (step, row_count) VALUES ('copied', SQL%ROWCOUNT);
END close_entries;
/
",
        calls: &["CALL s.close_entries()"],
        expect: Expect::Rows {
            query: "SELECT step, row_count FROM s.run_log",
            rows: &["closed|3", "voided|2", "copy|1", "copy|2", "copied|2"],
        },
        raises: &[],
        citation: ROWCOUNT,
    },
    ExecCase {
        name: "SQL%ROWCOUNT after MERGE: rows updated plus rows inserted",
        ddl: "CREATE TABLE s.dim_store (store_id NUMBER(5) NOT NULL, store_name VARCHAR2(30));
CREATE TABLE s.stg_store (store_id NUMBER(5) NOT NULL, store_name VARCHAR2(30));
CREATE TABLE s.etl_log (step VARCHAR2(30), row_count NUMBER(9));",
        data: "INSERT INTO s.dim_store VALUES (1, 'old one'), (2, 'old two'), (9, 'untouched');
INSERT INTO s.stg_store VALUES (1, 'one'), (2, 'two'), (3, 'three');",
        unit: "CREATE OR REPLACE PROCEDURE s.load_stores
IS
BEGIN
  MERGE INTO s.dim_store d
  USING s.stg_store st
     ON (d.store_id = st.store_id)
   WHEN MATCHED THEN UPDATE SET d.store_name = st.store_name
   WHEN NOT MATCHED THEN INSERT (store_id, store_name) VALUES (st.store_id, st.store_name);
  INSERT INTO s.etl_log (step, row_count) VALUES ('dim_store', SQL%ROWCOUNT);
END load_stores;
/
",
        calls: &["CALL s.load_stores()"],
        expect: Expect::Rows {
            query: "SELECT 'log', step, CAST(row_count AS VARCHAR) FROM s.etl_log UNION ALL SELECT 'dim', CAST(store_id AS VARCHAR), store_name FROM s.dim_store",
            rows: &[
                "log|dim_store|3",
                "dim|1|one",
                "dim|2|two",
                "dim|3|three",
                "dim|9|untouched",
            ],
        },
        raises: &[],
        citation: concat!(
            "PL/SQL Language Reference, Implicit Cursor Attribute (",
            lnpls!("implicit-cursor-attribute.html"),
            "): SQL%ROWCOUNT counts the rows of the most recent DML statement; MERGE is DML and its rows are those updated or inserted (SQL Reference, MERGE, ",
            sqlrf!("MERGE.html"),
            ")"
        ),
    },
    ExecCase {
        name: "SQL%NOTFOUND after an UPDATE of no row inserts; SQL%FOUND after one that updates",
        ddl: "CREATE TABLE s.pref (customer_id NUMBER(10) NOT NULL, channel VARCHAR2(10));
CREATE TABLE s.pref_log (customer_id NUMBER(10), action VARCHAR2(10));",
        data: "INSERT INTO s.pref VALUES (1, 'mail');",
        unit: "CREATE OR REPLACE PROCEDURE s.set_channel (p_customer IN NUMBER, p_channel IN VARCHAR2)
IS
BEGIN
  UPDATE s.pref SET channel = p_channel WHERE customer_id = p_customer;
  IF SQL%NOTFOUND THEN
    INSERT INTO s.pref (customer_id, channel) VALUES (p_customer, p_channel);
    INSERT INTO s.pref_log (customer_id, action) VALUES (p_customer, 'inserted');
  ELSIF SQL%FOUND THEN
    INSERT INTO s.pref_log (customer_id, action) VALUES (p_customer, 'updated');
  END IF;
END set_channel;
/
",
        calls: &["CALL s.set_channel(1, 'sms')", "CALL s.set_channel(2, 'web')"],
        expect: Expect::Rows {
            query: "SELECT 'pref', customer_id, channel FROM s.pref UNION ALL SELECT 'log', customer_id, action FROM s.pref_log",
            rows: &["pref|1|sms", "pref|2|web", "log|1|updated", "log|2|inserted"],
        },
        raises: &[],
        citation: concat!(
            "PL/SQL Language Reference, Implicit Cursor Attribute (",
            lnpls!("implicit-cursor-attribute.html"),
            "): 'SQL%NOTFOUND ... If the most recent SELECT or DML statement did not return a row, TRUE'; SQL%FOUND 'If the most recent SELECT or DML statement returned a row, TRUE'"
        ),
    },
    ExecCase {
        name: "NVL, DECODE, TRUNC and TO_CHAR inside an INSERT ... SELECT with a PL/SQL constant",
        ddl: "CREATE TABLE s.price (symbol VARCHAR2(10) NOT NULL, eod_date DATE, open_px NUMBER(12,4), close_px NUMBER(12,4));
CREATE TABLE s.security (symbol VARCHAR2(10) NOT NULL, sector VARCHAR2(30));
CREATE TABLE s.move (symbol VARCHAR2(10), eod_date DATE, sector VARCHAR2(30), change NUMBER(12,4), day_label VARCHAR2(10));",
        data: "INSERT INTO s.price VALUES
    ('AAA', TIMESTAMP '2019-06-28 16:00:00', 10, 12.5),
    ('BBB', TIMESTAMP '2019-06-28 16:00:00', 0, 3),
    ('CCC', TIMESTAMP '2019-06-28 16:00:00', NULL, 4),
    ('AAA', TIMESTAMP '2019-06-27 16:00:00', 9, 10);
INSERT INTO s.security VALUES ('AAA', 'Tech'), ('BBB', NULL);",
        unit: "CREATE OR REPLACE PROCEDURE s.load_moves (p_day IN DATE)
IS
  c_unknown  CONSTANT VARCHAR2(10) := 'Unknown';
BEGIN
  INSERT INTO s.move (symbol, eod_date, sector, change, day_label)
  SELECT p.symbol, TRUNC(p.eod_date), NVL(sec.sector, c_unknown),
         DECODE(p.open_px, NULL, NULL, 0, NULL, p.close_px - p.open_px),
         TO_CHAR(p.eod_date, 'YYYY-MM-DD')
    FROM s.price p, s.security sec
   WHERE p.symbol = sec.symbol (+)
     AND TRUNC(p.eod_date) = p_day;
END load_moves;
/
",
        calls: &["CALL s.load_moves(TIMESTAMP '2019-06-28 00:00:00')"],
        expect: Expect::Rows {
            query: "SELECT symbol, CAST(eod_date AS DATE), sector, change, day_label FROM s.move",
            rows: &[
                "AAA|2019-06-28|Tech|2.5|2019-06-28",
                "BBB|2019-06-28|Unknown|NULL|2019-06-28",
                "CCC|2019-06-28|Unknown|NULL|2019-06-28",
            ],
        },
        raises: &[],
        citation: concat!(
            "SQL Reference: NVL (",
            sqlrf!("NVL.html"),
            ") 'If expr1 is null, then NVL returns expr2'; DECODE (",
            sqlrf!("DECODE.html"),
            ") compares expr to each search value, 'Oracle Database considers two nulls to be equivalent', the first match gives its result; TRUNC (date) without a format truncates to the day; outer join (+) keeps the unmatched price rows"
        ),
    },
    ExecCase {
        name: "inside SQL a column name wins over a variable of the same name",
        ddl: "CREATE TABLE s.staff (staff_id NUMBER(6) NOT NULL, last_name VARCHAR2(25));",
        data: "INSERT INTO s.staff VALUES (1, 'King'), (2, 'Smith'), (3, NULL);",
        unit: "CREATE OR REPLACE PROCEDURE s.drop_named
IS
  last_name  VARCHAR2(25) := 'King';
BEGIN
  DELETE FROM s.staff WHERE last_name = last_name;
END drop_named;
/
",
        calls: &["CALL s.drop_named()"],
        expect: Expect::Rows {
            query: "SELECT staff_id, last_name FROM s.staff",
            rows: &["3|NULL"],
        },
        raises: &[],
        citation: concat!(
            "PL/SQL Language Reference, B.6 Resolution of Names in Static SQL Statements / B.3 (",
            lnpls!("plsql-name-resolution.html"),
            "): 'If a SQL statement references a name that belongs to both a column and either a local variable or formal parameter, then the column name takes precedence'; Example B-6: DELETE ... WHERE last_name = last_name deletes every row whose last_name is not null"
        ),
    },
    ExecCase {
        name: "a variable named like a column: a column in UPDATE ... SET / WHERE, the variable in INSERT ... VALUES",
        ddl: "CREATE TABLE s.staff (staff_id NUMBER(6) NOT NULL, last_name VARCHAR2(25));",
        data: "INSERT INTO s.staff VALUES (1, 'King'), (2, 'Smith');",
        unit: "CREATE OR REPLACE PROCEDURE s.name_games
IS
  last_name  VARCHAR2(25) := 'Variable';
BEGIN
  INSERT INTO s.staff (staff_id, last_name) VALUES (3, last_name);
  UPDATE s.staff SET last_name = UPPER(last_name) WHERE staff_id = 1;
END name_games;
/
",
        calls: &["CALL s.name_games()"],
        expect: Expect::Rows {
            query: "SELECT staff_id, last_name FROM s.staff",
            rows: &["1|KING", "2|Smith", "3|Variable"],
        },
        raises: &[],
        citation: concat!(
            "PL/SQL Language Reference, B.6 Resolution of Names in Static SQL Statements (",
            lnpls!("plsql-name-resolution.html"),
            "): the column takes precedence only where a column of that name is in scope; the VALUES clause of INSERT has no table in scope, so last_name there is the variable, while in UPDATE it is the column"
        ),
    },
    ExecCase {
        name: "sequence NEXTVAL in INSERT VALUES numbers new rows from START WITH by INCREMENT BY",
        ddl: "CREATE SEQUENCE s.ticket_seq START WITH 100 INCREMENT BY 10 NOCACHE;
CREATE TABLE s.ticket (ticket_id NUMBER(10) NOT NULL, subject VARCHAR2(100));",
        data: "",
        unit: "CREATE OR REPLACE PROCEDURE s.open_tickets (p_n IN PLS_INTEGER)
IS
BEGIN
  FOR i IN 1 .. p_n LOOP
    INSERT INTO s.ticket (ticket_id, subject) VALUES (s.ticket_seq.NEXTVAL, 'ticket ' || i);
  END LOOP;
END open_tickets;
/
",
        calls: &["CALL s.open_tickets(3)"],
        expect: Expect::Rows {
            query: "SELECT ticket_id, subject FROM s.ticket",
            rows: &["100|ticket 1", "110|ticket 2", "120|ticket 3"],
        },
        raises: &[],
        citation: concat!(
            "SQL Reference, CREATE SEQUENCE (",
            sqlrf!("CREATE-SEQUENCE.html"),
            "): START WITH 'the first sequence number to be generated', INCREMENT BY 'the interval between sequence numbers'; Sequence Pseudocolumns (",
            sqlrf!("Sequence-Pseudocolumns.html"),
            "): 'NEXTVAL increments the sequence and returns the next value' (Redshift's IDENTITY values are unique but not guaranteed consecutive: PostgreSQL shows Oracle's numbering)"
        ),
    },
    ExecCase {
        name: "sequence NEXTVAL in INSERT ... SELECT: one new value per row",
        ddl: "CREATE SEQUENCE s.product_key_seq START WITH 1000 INCREMENT BY 1 NOCACHE;
CREATE TABLE s.dim_product (product_key NUMBER(10) NOT NULL, product_code VARCHAR2(12) NOT NULL, is_current CHAR(1));
CREATE TABLE s.product (product_code VARCHAR2(12) NOT NULL);",
        data: "INSERT INTO s.product VALUES ('P1'), ('P2'), ('P3');",
        unit: "CREATE OR REPLACE PROCEDURE s.add_products
IS
BEGIN
  INSERT INTO s.dim_product (product_key, product_code, is_current)
  SELECT s.product_key_seq.NEXTVAL, p.product_code, 'Y'
    FROM s.product p
   WHERE p.product_code <> 'P2';
END add_products;
/
",
        calls: &["CALL s.add_products()"],
        expect: Expect::Rows {
            query: "SELECT COUNT(DISTINCT product_key), MIN(product_key), MAX(product_key), COUNT(*) FROM s.dim_product",
            rows: &["2|1000|1001|2"],
        },
        raises: &[],
        citation: concat!(
            "SQL Reference, Sequence Pseudocolumns (",
            sqlrf!("Sequence-Pseudocolumns.html"),
            "): 'Within a single SQL statement containing a reference to NEXTVAL, Oracle increments the sequence once' for each row returned by the outer query block of a SELECT statement; START WITH 1000 INCREMENT BY 1"
        ),
    },
];

#[test]
fn dml() {
    assert_none(CASES.len(), run("dml", CASES));
}
