"""End-to-end check without AWS: the real handler, lambda.json, manifests and procedures together.

The handler runs market_data's two fixture days against moto S3 and a Data
API stand-in (`PostgresDataApi`) whose CALL does what Redshift would: it reads
the COPY manifests the handler wrote to S3, downloads exactly the files they
list, and hands them to `eltc run-batch` (the runner of `eltc test`: eltc's
loader fills the landing tables, then one CALL of the load procedure in the
PostgreSQL form) in a PostgreSQL server started for this module, so state
carries over from the first day to the second as in the warehouse. The
handler's run-log query is answered by that database through psql.

Expected rows are the ones `eltc test` checks for the same days
(pipelines/market_data/fixtures/expected/<day>/market_data.csv), compared
here independently of eltc's comparer: numbers by value, an empty field is
NULL, columns of the file's header only (loaded_at is the load time).

Needs the PostgreSQL 15 server binaries (initdb, pg_ctl) and psql: missing
ones FAIL with what to install. Skipped only when no eltc binary can be had
(no ELTC_BIN, no target/debug/eltc and no cargo).
"""

import csv
import io
import json
import subprocess
import tempfile
from pathlib import Path
from urllib.parse import urlparse

import pytest

import handler
from conftest import BUCKET, ROOT, Context, FakeDataApi, make_runtime, put, status
from pg_server import Server, compare, eltc_binary

PIPELINE = ROOT / "pipelines" / "market_data"
DAYS = ["2019-06-28", "2019-07-01"]
@pytest.fixture(scope="module")
def eltc():
    return eltc_binary()


@pytest.fixture(scope="module")
def server():
    server = Server()
    yield server
    server.stop()


class PostgresDataApi(FakeDataApi):
    """The Data API with PostgreSQL behind it. Requests are still validated
    against botocore's model (FakeDataApi); the CALL runs synchronously, so its
    statement is FINISHED or FAILED (with the batch's error) when DescribeStatement
    is first asked."""

    def __init__(self, s3, server, database, eltc, workdir):
        super().__init__()
        self.s3, self.server, self.database, self.eltc = s3, server, database, eltc
        self.workdir = workdir
        self.downloaded = []
        self.on_call = self.run_call

    def run_call(self, statement):
        values = {p["name"]: p["value"] for p in statement.request.get("Parameters", [])}
        landing = urlparse(values.pop("landing"))
        files = Path(tempfile.mkdtemp(dir=self.workdir))
        # What COPY ... MANIFEST reads: the manifests under the landing prefix, and
        # only the files they list (a stray eod_price.csv.bak is never downloaded).
        listed = self.s3.list_objects_v2(Bucket=landing.netloc, Prefix=landing.path.lstrip("/") + "_manifests/")
        for manifest in listed.get("Contents", []):
            body = json.loads(self.s3.get_object(Bucket=landing.netloc, Key=manifest["Key"])["Body"].read())
            for entry in body["entries"]:
                url = urlparse(entry["url"])
                key = url.path.lstrip("/")
                self.s3.download_file(url.netloc, key, str(files / Path(key).name))
                self.downloaded.append(key)
        command = [self.eltc, "run-batch", "--database", self.server.url(self.database),
                   "--files", str(files), str(PIPELINE)]
        for name, value in values.items():
            command[2:2] = ["--param", f"{name}={value}"]
        done = subprocess.run(command, capture_output=True, text=True)
        statement.status = "FINISHED" if done.returncode == 0 else "FAILED"
        if done.returncode:
            statement.error = done.stderr.strip() or f"eltc run-batch exited {done.returncode}"

    def execute_statement(self, **params):
        response = super().execute_statement(**params)
        statement = self.statements[response["Id"]]
        sql = params["Sql"]
        if not sql.startswith("CALL"):
            # The run log is read from the database; SYS_LOAD_ERROR_DETAIL has no
            # PostgreSQL counterpart (eltc's loader reports rejects itself): no rows.
            statement.rows = self.query(sql, params.get("Parameters", [])) if "eltc_run_log" in sql else []
        return response

    def query(self, sql, parameters):
        variables = {p["name"]: p["value"] for p in parameters}
        for name in variables:
            sql = sql.replace(f":{name}", f":'{name}'")
        text = self.server.psql_run(self.database, f"\\pset format unaligned\n\\pset tuples_only on\n"
                                                   f"\\pset fieldsep '\\t'\n{sql};\n", variables)
        return [[int(v) if v.isdigit() else v for v in line.split("\t")] for line in text.splitlines() if line]


def table_rows(server, database, day):
    text = server.psql_run(database, "COPY (SELECT * FROM olap.market_data WHERE eod_date = DATE "
                                     f"'{day}') TO STDOUT WITH (FORMAT csv, HEADER);\n")
    return list(csv.DictReader(io.StringIO(text)))


@pytest.fixture
def database(server, eltc, request):
    """A fresh database with the PostgreSQL form applied (`eltc run-batch --setup`)."""
    name = "eltc_e2e_" + request.node.name.lower()[:40]
    server.psql_run("postgres", f"DROP DATABASE IF EXISTS {name};\nCREATE DATABASE {name};\n")
    setup = subprocess.run([eltc, "run-batch", "--database", server.url(name), "--setup", str(PIPELINE)],
                           capture_output=True, text=True)
    assert setup.returncode == 0, setup.stderr
    return name


def land_day(s3, day, given):
    """Uploads the fixture files of `given` under day's landing prefix, plus a stray
    file the manifests must keep out of the load; then the notification's event."""
    sizes = {}
    for path in sorted((PIPELINE / "fixtures" / given).iterdir()):
        body = path.read_bytes()
        s3.put_object(Bucket=BUCKET, Key=f"oltp_uploads/{day}/{path.name}", Body=body)
        sizes[path.name] = len(body)
    s3.put_object(Bucket=BUCKET, Key=f"oltp_uploads/{day}/eod_price.csv.bak", Body=b"garbage\n")
    notice = {"files": [{"key": k, "size": v} for k, v in sizes.items()]}
    return put(s3, f"notification/market_data/{day}.done", json.dumps(notice))


def expected_file(day):
    return PIPELINE / "fixtures" / "expected" / day / "market_data.csv"


def test_handler_runs_both_fixture_days_on_postgres(s3, server, eltc, database, tmp_path):
    data = PostgresDataApi(s3, server, database, eltc, tmp_path)
    runtime = make_runtime(s3, data)
    for day in DAYS:
        result = runtime.handle(land_day(s3, day, day), Context())
        assert result["results"][0]["outcome"] == "succeeded", result
        outcome = status(s3, f"notification/market_data/{day}.done")
        assert outcome["state"] == "SUCCEEDED", outcome
        assert outcome["params"] == {"eod_date": day}
        # The run log of this CALL, read back through the handler's own query:
        # the market_data step inserted the day's expected rows.
        steps = {s["step"]: s["rows"] for s in outcome["steps"]}
        expected_rows = sum(1 for _ in expected_file(day).open()) - 1
        assert steps.get("transform:market_data") == expected_rows, outcome["steps"]
        compare(table_rows(server, database, day), expected_file(day))
    assert not any(k.endswith(".bak") for k in data.downloaded), data.downloaded
    assert len(data.calls()) == len(DAYS)
    # The second day did not disturb the first (delete_insert on eod_date).
    compare(table_rows(server, database, DAYS[0]), expected_file(DAYS[0]))


def test_a_failing_batch_is_recorded_and_changes_nothing(s3, server, eltc, database, tmp_path):
    data = PostgresDataApi(s3, server, database, eltc, tmp_path)
    runtime = make_runtime(s3, data)
    assert runtime.handle(land_day(s3, DAYS[0], DAYS[0]), Context())["results"][0]["outcome"] == "succeeded"
    # 2019-07-02 with the files of 2019-07-01: no price is dated 2019-07-02, so the
    # pipeline's `min_rows: 1` assertion raises inside the CALL, which rolls back.
    with pytest.raises(handler.BatchFailed, match="no prices staged for 2019-07-02"):
        runtime.handle(land_day(s3, "2019-07-02", DAYS[1]), Context())
    outcome = status(s3, "notification/market_data/2019-07-02.done")
    assert outcome["state"] == "FAILED" and outcome["redshift_status"] == "FAILED", outcome
    assert table_rows(server, database, "2019-07-02") == []
    # One CALL is one transaction: the staging tables it had cleared and reloaded
    # with 2019-07-01's prices still hold the first day's.
    staged = server.psql_run(database, "COPY (SELECT DISTINCT eod_date FROM staging.eod_price) TO STDOUT;\n")
    assert staged.split() == [DAYS[0]]
    compare(table_rows(server, database, DAYS[0]), expected_file(DAYS[0]))
