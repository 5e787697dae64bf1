"""The local mode end to end: a Glue job script under the awsglue shim, a local landing
folder, PostgreSQL as the warehouse over JDBC.

The job is the glue_job.py that `eltc build --backend glue` writes for
pipelines/market_data (built once per session into a temp folder); it runs both fixture days of pipelines/market_data in this
session's Spark: the runtime's arguments (eltc_glue.arguments: params,
landing, manifests, batch token; Glue's JOB_RUN_ID), the COPY manifests the
runtime writes, the PostgreSQL form of the pipeline from `eltc run-batch
--setup`. olap.market_data must then hold the rows `eltc test` expects
(pipelines/market_data/fixtures/expected), the run log and the job report
the row counts of every step, and a failing batch must change nothing.
"""

import csv
import importlib.util
import io
import json
import shutil
import subprocess
import sys

import pytest

from pg_server import ROOT, compare

sys.path.insert(0, str(ROOT / "runtime"))
import eltc_glue  # noqa: E402  (the runtime's own argument builder)
from eltc_spark.job import AssertionFailed  # noqa: E402

PIPELINE = ROOT / "pipelines" / "market_data"
CONFIG = json.loads((ROOT / "generated" / "market_data" / "lambda.json").read_text())


@pytest.fixture(scope="session")
def market_data_job(eltc, tmp_path_factory):
    """The generated job, imported as a module from the folder `eltc build --backend glue` wrote."""
    out = tmp_path_factory.mktemp("generated")
    built = subprocess.run([eltc, "build", "--backend", "glue", "--out", str(out), str(PIPELINE)],
                           capture_output=True, text=True, cwd=ROOT)
    assert built.returncode == 0, built.stderr
    spec = importlib.util.spec_from_file_location("market_data_glue_job", out / "market_data" / "glue_job.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture
def database(server, eltc, monkeypatch, request):
    name = "eltc_glue_job_" + request.node.name.lower()[:30]
    server.psql_run("postgres", f"DROP DATABASE IF EXISTS {name};\nCREATE DATABASE {name};\n")
    setup = subprocess.run([eltc, "run-batch", "--database", server.url(name), "--setup", str(PIPELINE)],
                           capture_output=True, text=True)
    assert setup.returncode == 0, setup.stderr
    monkeypatch.setenv("ELTC_LOCAL_JDBC_ELTC_MARKET_DATA",
                       f"jdbc:postgresql://127.0.0.1:{server.port}/{name}?user=postgres")
    return name


def run_day(job, tmp_path, day, given, run_id):
    """Lands `given`'s files under a local landing prefix for `day`, writes the manifests
    as the runtime does, and runs the job with the runtime's arguments."""
    landing = tmp_path / "landing" / day
    (landing / "_manifests").mkdir(parents=True, exist_ok=True)
    manifests = {}
    for entry in CONFIG["files"]:
        shutil.copy(PIPELINE / "fixtures" / given / entry["key"], landing / entry["key"])
        manifest = landing / entry["manifest"]
        manifest.write_text(json.dumps({"entries": [{"url": f"file://{landing / entry['key']}",
                                                     "mandatory": True}]}))
        manifests[entry["source"]] = f"file://{manifest}"
    args = eltc_glue.arguments(CONFIG, {"eod_date": day}, f"file://{landing}/", {}, f"token-{run_id}")
    args["--eltc_manifests"] = json.dumps(manifests)
    argv = ["glue_job.py", "--JOB_NAME", "eltc-market_data", "--JOB_RUN_ID", run_id]
    for name, value in args.items():
        argv += [name, value]
    job.main(argv)
    return landing


def rows(server, database, sql):
    text = server.psql_run(database, f"COPY ({sql}) TO STDOUT WITH (FORMAT csv, HEADER);\n")
    return list(csv.DictReader(io.StringIO(text)))


def expected(day):
    return PIPELINE / "fixtures" / "expected" / day / "market_data.csv"


def test_both_fixture_days_give_the_expected_rows(spark, server, database, tmp_path, market_data_job):
    for number, day in enumerate(("2019-06-28", "2019-07-01"), start=1):
        landing = run_day(market_data_job, tmp_path, day, day, f"jr_{number}")
        compare(rows(server, database, f"SELECT * FROM olap.market_data WHERE eod_date = DATE '{day}'"),
                expected(day))
        report = json.loads((landing / "_eltc" / f"jr_{number}.json").read_text())
        steps = {s["step"]: s["rows"] for s in report["steps"]}
        expected_rows = sum(1 for _ in expected(day).open()) - 1
        assert steps["transform:market_data"] == expected_rows
        assert set(steps) == {"load:sector", "load:industry", "load:security", "load:eod_price",
                              "transform:security_data", "transform:market_data"}
        logged = rows(server, database, "SELECT step, row_count FROM etl.eltc_run_log "
                                        f"WHERE params = 'eod_date={day}'")
        assert {r["step"]: int(r["row_count"]) for r in logged} == steps
    # The second day did not touch the first (delete_insert on eod_date); no stage table is left.
    compare(rows(server, database, "SELECT * FROM olap.market_data WHERE eod_date = DATE '2019-06-28'"),
            expected("2019-06-28"))
    left = rows(server, database, "SELECT table_name FROM information_schema.tables "
                                  "WHERE table_name LIKE 'eltc_stage_%'")
    assert left == []


def test_the_same_day_twice_keeps_one_copy(spark, server, database, tmp_path, market_data_job):
    run_day(market_data_job, tmp_path, "2019-06-28", "2019-06-28", "jr_1")
    run_day(market_data_job, tmp_path, "2019-06-28", "2019-06-28", "jr_2")
    compare(rows(server, database, "SELECT * FROM olap.market_data"), expected("2019-06-28"))


def test_a_failing_assertion_writes_nothing(spark, server, database, tmp_path, market_data_job):
    run_day(market_data_job, tmp_path, "2019-06-28", "2019-06-28", "jr_1")
    # 2019-07-02 with 2019-07-01's files: no price of that day, `min_rows: 1` fails.
    with pytest.raises(AssertionFailed, match="no prices staged for 2019-07-02"):
        run_day(market_data_job, tmp_path, "2019-07-02", "2019-07-01", "jr_2")
    compare(rows(server, database, "SELECT * FROM olap.market_data"), expected("2019-06-28"))


def test_a_failing_strategy_statement_rolls_back_every_target(spark, server, database, tmp_path, monkeypatch, market_data_job):
    run_day(market_data_job, tmp_path, "2019-06-28", "2019-06-28", "jr_1")
    before = rows(server, database, "SELECT * FROM staging.security_data ORDER BY securityid")
    # The market_data write fails in the warehouse (a NULL into a NOT NULL column) after the
    # security_data replace ran in the same transaction: both must be undone.
    broken = market_data_job.WRITES[1].statements + (
        "INSERT INTO olap.market_data (eod_date, symbol) VALUES (NULL, NULL)",)
    monkeypatch.setattr(market_data_job, "WRITES", (
        market_data_job.WRITES[0], market_data_job.WRITES[1].__class__(
            *[broken if f == "statements" else getattr(market_data_job.WRITES[1], f)
              for f in ("step", "table", "view", "columns", "statements")])))
    with pytest.raises(Exception, match="null value"):
        run_day(market_data_job, tmp_path, "2019-07-01", "2019-07-01", "jr_2")
    assert rows(server, database, "SELECT * FROM staging.security_data ORDER BY securityid") == before
    compare(rows(server, database, "SELECT * FROM olap.market_data"), expected("2019-06-28"))
    logged = rows(server, database, "SELECT DISTINCT params FROM etl.eltc_run_log")
    assert logged == [{"params": "eod_date=2019-06-28"}]
