"""Fixtures of the runtime tests: moto S3, a fake Redshift Data API, events, and a runtime.

S3 is moto's (conditional writes included). moto checks a PutObject condition
and stores the object in two steps, where S3 does both atomically; the
`s3` fixture serialises moto's PutObject so the emulation keeps S3's
guarantee under threads (the handler's own code is not serialised).

The Data API is `FakeDataApi`: moto's never finishes a statement
(/work/shared/TOOLING.md). Every request is validated against botocore's
redshift-data model, so a call the real API would refuse fails here too; a
statement's end is set by the test (`finish`, `fail`, or left running).
"""

import json
import os
import sys
import threading
import uuid
from pathlib import Path

import boto3
import botocore.session
import pytest
from botocore.validate import ParamValidator
from moto import mock_aws
from moto.moto_api import state_manager

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "runtime"))

import handler  # noqa: E402

BUCKET = "landing-bucket"
ENV = {"ELTC_BUCKET": BUCKET, "ELTC_WORKGROUP": "etl-wg", "ELTC_DATABASE": "dev",
       "ELTC_SECRET_ARN": "arn:aws:secretsmanager:us-east-1:123456789012:secret:etl-AbCdEf",
       "ELTC_POLL_SECONDS": "0", "ELTC_MARGIN_SECONDS": "0"}


def lambda_config(name):
    """The committed generated/<name>/lambda.json: the tests read the real contract."""
    return json.loads((ROOT / "generated" / name / "lambda.json").read_text())


class Statement:
    def __init__(self, sid, request):
        self.id, self.request = sid, request
        self.status, self.error, self.rows, self.describes = "STARTED", None, [], 0


class FakeDataApi:
    """In-memory Redshift Data API: ExecuteStatement, DescribeStatement, GetStatementResult."""

    def __init__(self):
        model = botocore.session.get_session().get_service_model("redshift-data")
        self.model, self.validator = model, ParamValidator()
        self.lock = threading.Lock()
        self.statements, self.tokens, self.requests = {}, {}, []
        self.run_log_rows, self.load_error_rows = [], []
        self.on_call = lambda statement: statement.finish()

    def _validate(self, operation, params):
        shape = self.model.operation_model(operation).input_shape
        report = self.validator.validate(params, shape)
        if report.has_errors():
            raise AssertionError(report.generate_report())

    def execute_statement(self, **params):
        self._validate("ExecuteStatement", params)
        with self.lock:
            self.requests.append(params)
            token = params.get("ClientToken")
            if token in self.tokens:  # the Data API's idempotency: same token, same statement
                return {"Id": self.tokens[token]}
            statement = Statement(str(uuid.uuid4()), params)
            statement.finish = lambda s=statement: setattr(s, "status", "FINISHED")
            self.statements[statement.id] = statement
            if token:
                self.tokens[token] = statement.id
        sql = params["Sql"]
        if sql.startswith("CALL"):
            self.on_call(statement)
        else:
            statement.status = "FINISHED"
            statement.rows = self.run_log_rows if "eltc_run_log" in sql else self.load_error_rows
        return {"Id": statement.id}

    def describe_statement(self, **params):
        self._validate("DescribeStatement", params)
        statement = self.statements[params["Id"]]
        statement.describes += 1
        out = {"Id": statement.id, "Status": statement.status, "Duration": 2_500_000_000}
        if statement.error:
            out["Error"] = statement.error
        return out

    def get_statement_result(self, **params):
        self._validate("GetStatementResult", params)
        return {"Records": [[_field(v) for v in row] for row in self.statements[params["Id"]].rows]}

    def calls(self):
        """The CALL statements started, in order."""
        return [s for s in self.statements.values() if s.request["Sql"].startswith("CALL")]


def _field(value):
    if value is None:
        return {"isNull": True}
    return {"longValue": value} if isinstance(value, int) else {"stringValue": value}


class Context:
    def __init__(self, seconds=900):
        self.seconds = seconds

    def get_remaining_time_in_millis(self):
        return int(self.seconds * 1000)


@pytest.fixture
def s3(monkeypatch):
    from moto.s3 import responses

    original, lock = responses.S3Response.put_object, threading.Lock()

    def atomic_put(self, *args, **kwargs):
        with lock:
            return original(self, *args, **kwargs)

    monkeypatch.setattr(responses.S3Response, "put_object", atomic_put)
    for name in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY"):
        monkeypatch.setenv(name, "testing")
    monkeypatch.setenv("AWS_DEFAULT_REGION", "us-east-1")
    with mock_aws():
        client = boto3.client("s3", region_name="us-east-1")
        client.create_bucket(Bucket=BUCKET)
        yield client


@pytest.fixture
def data():
    return FakeDataApi()


# The Glue job of market_data (`eltc-<pipeline>`) in moto's account and region.
GLUE_JOB = "eltc-market_data"
ACCOUNT, REGION = "123456789012", "us-east-1"


@pytest.fixture
def glue(s3):
    """moto's Glue with market_data's job; every request validated against botocore's
    Glue model and recorded in `client.requests` as (operation, params)."""
    client = boto3.client("glue", region_name=REGION)
    model = botocore.session.get_session().get_service_model("glue")
    validator, requests = ParamValidator(), []

    def validate(params, model, **_):
        report = validator.validate(params, model.input_shape)
        assert not report.has_errors(), report.generate_report()
        requests.append((model.name, dict(params)))

    client.meta.events.register("provide-client-params.glue.*", validate)
    client.requests = requests
    client.model = model
    client.create_job(Name=GLUE_JOB, Role="arn:aws:iam::123456789012:role/glue", GlueVersion="5.0",
                      Command={"Name": "glueetl", "ScriptLocation": "s3://artifacts/glue_job.py",
                               "PythonVersion": "3"},
                      ExecutionProperty={"MaxConcurrentRuns": 1})
    yield client
    state_manager.unset_transition("glue::job_run")


def make_runtime(s3, data, name="market_data", config=None, **env):
    return handler.Runtime(config or lambda_config(name), s3, data, env={**ENV, **env}, sleep=lambda _: None)


@pytest.fixture
def runtime(s3, data):
    return make_runtime(s3, data)


def put(s3, key, body=b""):
    """Uploads `key` and returns its EventBridge "Object Created" event."""
    body = body.encode() if isinstance(body, str) else body
    response = s3.put_object(Bucket=BUCKET, Key=key, Body=body)
    return eventbridge(key, response["ETag"].strip('"'), len(body), response.get("VersionId"))


def eventbridge(key, etag, size=0, version=None):
    obj = {"key": key, "size": size, "etag": etag, "sequencer": "0062E99A88DC407460"}
    if version:
        obj["version-id"] = version
    return {"version": "0", "id": str(uuid.uuid4()), "detail-type": "Object Created", "source": "aws.s3",
            "account": "123456789012", "time": "2024-01-02T22:00:00Z", "region": "us-east-1",
            "resources": [f"arn:aws:s3:::{BUCKET}"],
            "detail": {"version": "0", "bucket": {"name": BUCKET}, "object": obj,
                       "request-id": "N4N7GDK58NMKJ12R", "requester": "123456789012", "reason": "PutObject"}}


MARKET_FILES = {"sector.csv": "1,Tech\n", "industry.csv": "1,Software\n",
                "security.csv": "1,ACME,Acme,1.00,100,2000,1,1,2024-01-01\n",
                "eod_price.csv": "ACME,02-JAN-2024,1,2,0.5,1.5,100\n"}


def land(s3, day, files=None, prefix="oltp_uploads/"):
    """Lands the market_data files of `day`; returns {name: size}."""
    files = MARKET_FILES if files is None else files
    for name, text in files.items():
        s3.put_object(Bucket=BUCKET, Key=f"{prefix}{day}/{name}", Body=text.encode())
    return {name: len(text.encode()) for name, text in files.items()}


def status(s3, key):
    return json.loads(s3.get_object(Bucket=BUCKET, Key=key + ".status.json")["Body"].read())


def pipeline_state(s3, prefix="notification/market_data/"):
    return json.loads(s3.get_object(Bucket=BUCKET, Key=prefix + "_eltc/state.json")["Body"].read())


os.environ.setdefault("AWS_DEFAULT_REGION", "us-east-1")
