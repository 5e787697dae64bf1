#!/usr/bin/env python3
"""Generates an eltc project of N pipelines shaped like a migration's.

Each pipeline `p<i>` has 5 sources (CSV and fixed-width), 13 tables, 8
transforms in Oracle's dialect (NVL, DECODE, NVL2, TRUNC and TO_CHAR of dates,
(+) outer joins, GROUP BY, CASE), one PL/SQL step (a procedure with a cursor
loop and an exception handler) and a test case with fixture files. Every
schema, table and landing prefix is its own, so the project-wide checks
accept the copies; the SQL varies with `i` so no two pipelines are the same
text. Deterministic: the same N gives the same bytes.

With --dbt, writes instead a dbt project of the same size and shape, for
dbt's parse time beside eltc's: per pipeline a sources file (the 5 sources
with their columns), the 8 transforms as models reading them through
`source()` and `ref()`, and a schema file with a test per model.

Usage: benches/gen_project.py --count N --out DIR [--dbt]
"""

import argparse
import os

SOURCES = {
    "customers": ("customer_id integer not null", "name varchar(60)",
                  "segment char(1)", "country varchar(2)", "joined date"),
    "products": ("product_id integer not null", "code varchar(12) not null",
                 "category varchar(20)", "list_price numeric(10,2)"),
    "stores": ("store_id integer not null", "region varchar(10)",
               "opened date", "manager varchar(40)"),
    "orders": ("order_id bigint not null", "customer_id integer",
               "store_id integer", "order_day date", "status varchar(8)"),
    "order_lines": ("order_id bigint not null", "line_no integer not null",
                    "product_id integer", "quantity integer",
                    "unit_price numeric(10,2)", "discount numeric(5,2)"),
}

TARGETS = {
    "dim_customer": ("customer_id integer not null", "name varchar(60)",
                     "segment_name varchar(20)", "country varchar(2)",
                     "tenure_years integer"),
    "dim_product": ("product_id integer not null", "code varchar(12)",
                    "category varchar(20)", "price_band varchar(10)"),
    "dim_store": ("store_id integer not null", "region varchar(10)",
                  "opened_month varchar(7)", "manager varchar(40)"),
    "fact_order_line": ("order_day date not null", "order_id bigint",
                        "line_no integer", "customer_id integer",
                        "product_id integer", "store_id integer",
                        "quantity integer", "net_amount numeric(14,2)"),
    "daily_store_sales": ("order_day date not null", "store_id integer",
                          "orders integer", "net_amount numeric(14,2)"),
    "daily_category_sales": ("order_day date not null",
                             "category varchar(20)", "quantity integer",
                             "net_amount numeric(14,2)"),
    "customer_day": ("order_day date not null", "customer_id integer",
                     "orders integer", "first_order bigint"),
    "order_status": ("order_day date not null", "status_name varchar(12)",
                     "orders integer"),
}

# (target, strategy, Oracle SQL with {s} = staging schema, {d} = warehouse schema, {n} = number)
TRANSFORMS = [
    ("dim_customer", "{ merge: [customer_id] }", """\
SELECT c.customer_id,
       NVL(c.name, 'unknown ' || c.customer_id) AS name,
       DECODE(c.segment, 'R', 'retail', 'W', 'wholesale', 'other') AS segment_name,
       UPPER(c.country) AS country,
       EXTRACT(YEAR FROM :day) - EXTRACT(YEAR FROM c.joined) AS tenure_years
  FROM {s}.customers c
 WHERE c.customer_id > {n}
"""),
    ("dim_product", "{ merge: [product_id] }", """\
SELECT p.product_id, TRIM(p.code) AS code, NVL(p.category, 'none') AS category,
       CASE WHEN p.list_price >= 100 THEN 'high'
            WHEN p.list_price >= {n} THEN 'mid'
            ELSE 'low' END AS price_band
  FROM {s}.products p
"""),
    ("dim_store", "{ merge: [store_id] }", """\
SELECT s.store_id, NVL(s.region, 'n/a') AS region,
       TO_CHAR(s.opened, 'YYYY-MM') AS opened_month,
       SUBSTR(s.manager, 1, 40) AS manager
  FROM {s}.stores s
"""),
    ("fact_order_line", "{ delete_insert: [order_day] }", """\
SELECT o.order_day, o.order_id, l.line_no, o.customer_id, l.product_id,
       o.store_id, l.quantity,
       ROUND(l.quantity * l.unit_price * (1 - NVL(l.discount, 0) / 100), 2) AS net_amount
  FROM {s}.orders o, {s}.order_lines l
 WHERE l.order_id = o.order_id
   AND o.order_day = :day
   AND o.status <> 'X{n}'
"""),
    ("daily_store_sales", "{ delete_insert: [order_day] }", """\
SELECT f.order_day, f.store_id, COUNT(DISTINCT f.order_id) AS orders,
       SUM(f.net_amount) AS net_amount
  FROM {d}.fact_order_line f
 WHERE f.order_day = :day
 GROUP BY f.order_day, f.store_id
"""),
    ("daily_category_sales", "{ delete_insert: [order_day] }", """\
SELECT f.order_day, NVL(p.category, 'none') AS category,
       SUM(f.quantity) AS quantity, SUM(f.net_amount) AS net_amount
  FROM {d}.fact_order_line f, {d}.dim_product p
 WHERE p.product_id (+) = f.product_id
   AND f.order_day = :day
 GROUP BY f.order_day, NVL(p.category, 'none')
"""),
    ("customer_day", "{ delete_insert: [order_day] }", """\
SELECT o.order_day, o.customer_id, COUNT(*) AS orders,
       MIN(o.order_id) AS first_order
  FROM {s}.orders o
 WHERE o.order_day = :day
   AND NVL2(o.customer_id, 1, 0) = 1
 GROUP BY o.order_day, o.customer_id
"""),
    ("order_status", "{ delete_insert: [order_day] }", """\
SELECT o.order_day,
       DECODE(o.status, 'N', 'new', 'S', 'shipped', 'X', 'cancelled', 'unknown') AS status_name,
       COUNT(*) AS orders
  FROM {s}.orders o
 WHERE o.order_day = :day
 GROUP BY o.order_day, DECODE(o.status, 'N', 'new', 'S', 'shipped', 'X', 'cancelled', 'unknown')
"""),
]

PROCEDURE = """\
CREATE OR REPLACE PROCEDURE {d}.close_day (p_day IN DATE)
AS
  CURSOR c_stores IS
    SELECT store_id, net_amount FROM {d}.daily_store_sales WHERE order_day = p_day;
  v_total NUMBER(16,2) := 0;
BEGIN
  FOR r IN c_stores LOOP
    v_total := v_total + NVL(r.net_amount, 0);
  END LOOP;
  DELETE FROM {d}.day_close WHERE order_day = p_day;
  INSERT INTO {d}.day_close (order_day, net_amount, closed_at)
  VALUES (p_day, v_total + {n} - {n}, SYSDATE);
EXCEPTION
  WHEN NO_DATA_FOUND THEN
    RAISE_APPLICATION_ERROR(-20001, 'nothing to close');
END close_day;
"""

FIXTURES = {
    "customers.csv": "1,Ann,R,us,2019-05-01\n2,,W,de,2021-01-15\n",
    "products.csv": "10,P-10,toys,12.50\n11,P-11,,150.00\n",
    "stores.dat": "1    north     2018-03-02Kim\n2              2020-11-30Lee\n",
    "orders.csv": "100,1,1,2024-03-01,N\n101,2,2,2024-03-01,S\n",
    "order_lines.csv": "100,1,10,2,12.50,10\n100,2,11,1,150.00,\n101,1,10,4,12.50,\n",
}


def columns(spec, indent="      "):
    return "".join(f"{indent}{c.split(' ', 1)[0]}: {c.split(' ', 1)[1]}\n" for c in spec)


def pipeline_yaml(i):
    s, d = f"stg_{i}", f"dw_{i}"
    out = [f"""version: 1
name: p{i}
description: Generated benchmark pipeline {i} (5 sources, 8 transforms, one PL/SQL step).
dialect: oracle

params:
  day: date

trigger:
  bucket: bench-bucket
  notification: notification/p{i}/{{day}}.done
  landing: landing/p{i}/{{day}}/

redshift:
  schema: etl_{i}
  copy_role: default

sources:
"""]
    for name in SOURCES:
        if name == "stores":
            out.append(f"""  stores:
    file: stores.dat
    format: {{ type: fixed_width }}
    nulls: {{ empty: true, blanks: true }}
    date_format: YYYY-MM-DD
    table: {s}.stores
    fields:
      - {{ name: store_id, position: [1, 5] }}
      - {{ name: region, position: [6, 15] }}
      - {{ name: opened, position: [16, 25] }}
      - {{ name: manager, position: [26, 65], filler: true }}
    columns:
      manager: {{ expr: "UPPER(TRIM(:manager))" }}
""")
        else:
            out.append(f"""  {name}:
    file: {name}.csv
    format: {{ type: csv, delimiter: ",", quote: '"' }}
    date_format: YYYY-MM-DD
    table: {s}.{name}
""")
    out.append("\ntables:\n")
    for name, spec in SOURCES.items():
        out.append(f"  {s}.{name}:\n    columns:\n{columns(spec)}")
    for name, spec in TARGETS.items():
        out.append(f"  {d}.{name}:\n    columns:\n{columns(spec)}")
    out.append(f"""  {d}.day_close:
    columns:
      order_day: date not null
      net_amount: numeric(16,2)
      closed_at: timestamp
""")
    out.append("\ntransforms:\n")
    for target, strategy, _ in TRANSFORMS:
        out.append(f"""  - name: {target}
    query: transforms/{target}.sql
    target: {d}.{target}
    strategy: {strategy}
""")
    out.append(f"""  - name: close_day
    plsql: transforms/close_day.prc
    call: {d}.close_day(:day)
""")
    out.append(f"""
tests:
  - name: one_day
    batches:
      - params: {{ day: 2024-03-01 }}
        given: fixtures/2024-03-01
        expect:
          - table: {d}.order_status
            rows: fixtures/expected/order_status.csv
""")
    return "".join(out)


def write(path, text):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)


def generate(out, count):
    for i in range(1, count + 1):
        root = os.path.join(out, "pipelines", f"p{i}")
        write(os.path.join(root, "pipeline.yaml"), pipeline_yaml(i))
        names = {"s": f"stg_{i}", "d": f"dw_{i}", "n": str(i % 97)}
        for target, _, sql in TRANSFORMS:
            write(os.path.join(root, "transforms", f"{target}.sql"), sql.format(**names))
        write(os.path.join(root, "transforms", "close_day.prc"), PROCEDURE.format(**names))
        for name, text in FIXTURES.items():
            write(os.path.join(root, "fixtures", "2024-03-01", name), text)
        write(os.path.join(root, "fixtures", "expected", "order_status.csv"),
              "order_day,status_name,orders\n2024-03-01,new,1\n2024-03-01,shipped,1\n")


def dbt_sql(sql, i):
    """A transform's SQL for dbt: tables through source() and ref(), the day a var."""
    sql = sql.format(s=f"stg_{i}", d=f"dw_{i}", n=str(i % 97))
    for name in SOURCES:
        sql = sql.replace(f"stg_{i}.{name} ", f"{{{{ source('stg_{i}', '{name}') }}}} ")
    for name in TARGETS:
        sql = sql.replace(f"dw_{i}.{name} ", f"{{{{ ref('p{i}_{name}') }}}} ")
    return sql.replace(":day", "'{{ var(\"day\") }}'::date")


def generate_dbt(out, count):
    write(os.path.join(out, "dbt_project.yml"), """name: bench
version: "1.0"
config-version: 2
profile: bench
vars:
  day: "2024-03-01"
""")
    write(os.path.join(out, "profiles.yml"), """bench:
  target: dev
  outputs:
    dev:
      type: postgres
      host: localhost
      user: bench
      password: bench
      port: 5432
      dbname: bench
      schema: bench
      threads: 2
""")
    for i in range(1, count + 1):
        models = os.path.join(out, "models", f"p{i}")
        tables = "".join(
            f"      - name: {name}\n        columns:\n"
            + "".join(f"          - name: {c.split(' ', 1)[0]}\n" for c in spec)
            for name, spec in SOURCES.items())
        write(os.path.join(models, "sources.yml"),
              f"version: 2\nsources:\n  - name: stg_{i}\n    tables:\n{tables}")
        tests = "".join(
            f"  - name: p{i}_{target}\n    columns:\n"
            f"      - name: {TARGETS[target][0].split(' ', 1)[0]}\n"
            f"        data_tests: [not_null]\n"
            for target, _, _ in TRANSFORMS)
        write(os.path.join(models, "schema.yml"), f"version: 2\nmodels:\n{tests}")
        for target, _, sql in TRANSFORMS:
            write(os.path.join(models, f"p{i}_{target}.sql"), dbt_sql(sql, i))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, required=True)
    parser.add_argument("--out", required=True)
    parser.add_argument("--dbt", action="store_true", help="a dbt project of the same shape")
    args = parser.parse_args()
    (generate_dbt if args.dbt else generate)(args.out, args.count)


if __name__ == "__main__":
    main()
