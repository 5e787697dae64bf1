"""The job's warehouse side (eltc_spark.job), on PostgreSQL over JDBC through the local shim:
an `sql:` step's statements in a commit, a commit with nothing but statements, a table read
back typed, a `no_rows` assertion after its commit, and a commit that fails as one transaction.

retail runs all of these through its generated job (`eltc test --backend glue`); these cases
pin each piece on its own, with a table made for the case.
"""

from decimal import Decimal

import pytest
from eltc_spark.job import AssertionFailed, Batch, TargetWrite, WarehouseRead, WarehouseSql
from eltc_spark.source import Column

CONNECTION = "eltc-warehouse-steps"
RUN_LOG = "etl.eltc_run_log"


@pytest.fixture
def warehouse(server, monkeypatch, request):
    name = "eltc_glue_wh_" + request.node.name.lower()[:30]
    server.psql_run("postgres", f"DROP DATABASE IF EXISTS {name};\nCREATE DATABASE {name};\n")
    server.psql_run(name, "CREATE SCHEMA etl; CREATE SCHEMA dw;\n"
                          "CREATE TABLE etl.eltc_run_log (pipeline varchar(64), step varchar(128), "
                          "row_count bigint, params varchar(1024), logged_at timestamp);\n"
                          "CREATE TABLE dw.item (code char(3) NOT NULL, price numeric(9,2));\n")
    monkeypatch.setenv("ELTC_LOCAL_JDBC_ELTC_WAREHOUSE_STEPS",
                       f"jdbc:postgresql://127.0.0.1:{server.port}/{name}?user=postgres")
    return name


@pytest.fixture
def batch(spark):
    from awsglue.context import GlueContext

    args = {"JOB_RUN_ID": "jr_local", "eltc_landing": "file:///nonexistent/", "eltc_manifests": "{}"}
    return Batch(GlueContext(spark.sparkContext), "warehouse_steps", args, {"day": "2024-03-01"},
                 (("day", "DATE"),))


def select(server, database, sql):
    return server.psql_run(database, f"COPY ({sql}) TO STDOUT WITH (FORMAT csv);\n").splitlines()


def commit(batch, items):
    batch.write(items, connection=CONNECTION, database="dev", run_log=RUN_LOG)


ITEM = WarehouseRead("dw.item", (Column("code", "char(3)", True), Column("price", "decimal(9,2)")))


def test_statements_alone_commit_and_log_no_count(server, warehouse, batch):
    commit(batch, (WarehouseSql("transform:seed", ("INSERT INTO dw.item VALUES ('A', 1.50)",
                                                   "UPDATE dw.item SET price = price * 2")),))
    assert select(server, warehouse, "SELECT code, price FROM dw.item") == ["A  ,3.00"]
    # The job cannot learn a statement's row count: NULL, as for a CALL.
    assert select(server, warehouse, "SELECT step, row_count IS NULL FROM etl.eltc_run_log") == \
        ["transform:seed,t"]
    # The empty write that carried the statements left no stage table.
    assert select(server, warehouse, "SELECT table_name FROM information_schema.tables "
                                     "WHERE table_name LIKE 'eltc\\_%' AND table_name <> 'eltc_run_log'") == []


def test_a_table_read_back_is_typed_and_sees_the_commit(spark, server, warehouse, batch):
    spark.sql("SELECT 'B' AS code, CAST(2.25 AS DECIMAL(9,2)) AS price").createOrReplaceTempView("dw_item")
    batch.step("transform:item", 1)
    commit(batch, (TargetWrite("transform:item", "dw.item", "dw_item", (("code", "char(3)"),
                                                                       ("price", "decimal(9,2)")),
                               ("INSERT INTO dw.item SELECT code, price FROM {stage}",)),
                   WarehouseSql("transform:more", ("INSERT INTO dw.item VALUES ('C', 4)",))))
    batch.read_warehouse(ITEM, connection=CONNECTION, database="dev")
    rows = spark.sql("SELECT code, price FROM dw_item ORDER BY code").collect()
    # CHAR(3) comes back padded, as Redshift stores it; the DECIMAL keeps its scale.
    assert [(r.code, r.price) for r in rows] == [("B  ", Decimal("2.25")), ("C  ", Decimal("4.00"))]
    assert dict(spark.table("dw_item").dtypes) == {"code": "string", "price": "decimal(9,2)"}


def test_no_rows_fails_after_its_commit_which_stays(spark, server, warehouse, batch):
    commit(batch, (WarehouseSql("transform:seed", ("INSERT INTO dw.item VALUES ('A', 1), ('B', 2)",)),))
    batch.read_warehouse(ITEM, connection=CONNECTION, database="dev")
    batch.assert_no_rows("transform:seed", "SELECT * FROM dw_item WHERE price > 5", "too dear")
    with pytest.raises(AssertionFailed, match=r"missing items \(transform:seed: 2 rows\)"):
        batch.assert_no_rows("transform:seed", "SELECT * FROM dw_item", "missing items")
    # The documented difference: the commit before the assertion is not undone.
    assert len(select(server, warehouse, "SELECT * FROM dw.item")) == 2


def test_a_failing_statement_undoes_its_whole_commit(server, warehouse, batch):
    with pytest.raises(Exception):
        commit(batch, (WarehouseSql("transform:a", ("INSERT INTO dw.item VALUES ('A', 1)",)),
                       WarehouseSql("transform:b", ("INSERT INTO dw.item VALUES (NULL, 2)",))))
    assert select(server, warehouse, "SELECT * FROM dw.item") == []
    assert select(server, warehouse, "SELECT * FROM etl.eltc_run_log") == []
