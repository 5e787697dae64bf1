"""The Spark reader stores exactly the rows eltc's own loader stores, for every fixture day.

For pipelines/market_data and pipelines/retail, each fixture day is loaded
twice: by `eltc run-batch` (eltc's Rust loader, the same as `eltc test`'s,
into the PostgreSQL form, then the load procedure's staged INSERT ... SELECTs)
and by eltc_spark's reader and `stage` with the source reads eltc prints
into the pipeline's glue_job.py (pipelines.printed_sources). Every table a source fills — direct COPY tables, raw tables
and staged tables — must then hold the same multiset of rows, compared by
value and type after a JDBC read of PostgreSQL into the same Spark session.
"""

import subprocess
from datetime import datetime

import pytest

from eltc_spark import reader
from pg_server import ROOT
from pipelines import DAYS, FILES, printed_sources

PARAM = {"market_data": "eod_date", "retail": "day"}


def jdbc_rows(spark, server, database, table):
    frame = (spark.read.format("jdbc").option("url", f"jdbc:postgresql://127.0.0.1:{server.port}/{database}")
             .option("user", "postgres").option("driver", "org.postgresql.Driver")
             .option("dbtable", table).load())
    return frame.columns, frame.collect()


def spark_tables(spark, sources, pipeline, day, load_time):
    """{table: (columns, rows)} of every table the pipeline's sources fill, read by eltc_spark."""
    given = ROOT / "pipelines" / pipeline / "fixtures" / day
    out = {}
    for source in sources:
        name = FILES[pipeline][source.name].replace("{day}", day.replace("-", ""))
        frame, _ = reader.read_source(spark, source, [f"file://{given / name}"])
        out[source.table] = (frame.columns, frame.collect())
        for staged in source.staged:
            rows = reader.stage(frame, staged, load_time)
            out[staged.table] = (rows.columns, rows.collect())
    return out


def ordered(rows):
    return sorted((tuple(row) for row in rows), key=repr)


@pytest.mark.parametrize("pipeline", ["market_data", "retail"])
def test_every_fixture_day_loads_the_rows_eltc_loads(spark, server, eltc, pipeline, tmp_path):
    sources = printed_sources(eltc, pipeline, tmp_path)
    database = f"eltc_glue_{pipeline}"
    server.psql_run("postgres", f"DROP DATABASE IF EXISTS {database};\nCREATE DATABASE {database};\n")
    url = server.url(database)
    spec = str(ROOT / "pipelines" / pipeline)
    setup = subprocess.run([eltc, "run-batch", "--database", url, "--setup", spec], capture_output=True, text=True)
    assert setup.returncode == 0, setup.stderr
    compared = 0
    for day in DAYS[pipeline]:
        given = ROOT / "pipelines" / pipeline / "fixtures" / day
        done = subprocess.run([eltc, "run-batch", "--database", url, "--files", str(given),
                               "--param", f"{PARAM[pipeline]}={day}", spec], capture_output=True, text=True)
        assert done.returncode == 0, done.stderr
        for table, (columns, rows) in spark_tables(spark, sources, pipeline, day, datetime(2000, 1, 1)).items():
            pg_columns, pg_rows = jdbc_rows(spark, server, database, table)
            assert columns == pg_columns, table
            if "loaded_at" in columns:  # the load time is the batch's own: compared as one value per table
                at = columns.index("loaded_at")
                [load_time] = {row[at] for row in pg_rows}
                rows = [tuple(row[:at]) + (load_time,) + tuple(row[at + 1:]) for row in rows]
            assert ordered(rows) == ordered(pg_rows), f"{pipeline} {day} {table}"
            assert rows, f"{pipeline} {day} {table}: no rows compared"
            compared += len(rows)
    assert compared > 100
