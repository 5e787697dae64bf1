"""Opt-in live suite: the generated SQL and the handler against a real Redshift.

Skipped unless ELTC_LIVE_DATABASE, ELTC_LIVE_SECRET_ARN, ELTC_LIVE_BUCKET,
ELTC_LIVE_ROLE and one of ELTC_LIVE_WORKGROUP (name or ARN) /
ELTC_LIVE_CLUSTER are set (docs/runtime.md, "Live suite"). For each pipeline
under pipelines/ with `tests:` it deploys generated/<name>/ddl.sql, load.sql
and transform.sql, then for every test batch lands the `given` files under
the batch's landing prefix in ELTC_LIVE_BUCKET, uploads the notification
file and runs the handler (with the credentials of ELTC_LIVE_ROLE, the
function's execution role, so the generated policy is what is exercised),
then compares the `expect` rows with the tables. The COPYs use the
namespace's default IAM role (`IAM_ROLE default`), which must read the bucket.
It writes to the given database: point it at a scratch one.
"""

import csv
import json
import os
import time
from decimal import Decimal, InvalidOperation

import boto3
import pytest
import yaml

import handler
from conftest import ROOT, Context, eventbridge

LIVE = {name: os.environ.get(f"ELTC_LIVE_{name}", "") for name in
        ("WORKGROUP", "CLUSTER", "DATABASE", "SECRET_ARN", "BUCKET", "ROLE")}
pytestmark = pytest.mark.skipif(
    not (LIVE["DATABASE"] and LIVE["SECRET_ARN"] and LIVE["BUCKET"] and LIVE["ROLE"]
         and bool(LIVE["WORKGROUP"]) != bool(LIVE["CLUSTER"])),
    reason="live suite: set ELTC_LIVE_{WORKGROUP|CLUSTER,DATABASE,SECRET_ARN,BUCKET,ROLE}")
PIPELINES = sorted(p.parent for p in (ROOT / "pipelines").glob("*/pipeline.yaml")
                   if "tests" in yaml.safe_load(p.read_text()))


def role_session():
    credentials = boto3.client("sts").assume_role(
        RoleArn=LIVE["ROLE"], RoleSessionName="eltc-live-suite")["Credentials"]
    return boto3.Session(aws_access_key_id=credentials["AccessKeyId"],
                         aws_secret_access_key=credentials["SecretAccessKey"],
                         aws_session_token=credentials["SessionToken"])


def target():
    out = {"Database": LIVE["DATABASE"], "SecretArn": LIVE["SECRET_ARN"]}
    out.update({"WorkgroupName": LIVE["WORKGROUP"]} if LIVE["WORKGROUP"] else
               {"ClusterIdentifier": LIVE["CLUSTER"]})
    return out


def run_sql(data, sql):
    """One statement, waited for; its rows as strings (None for NULL)."""
    statement = data.execute_statement(Sql=sql, **target())["Id"]
    while (described := data.describe_statement(Id=statement))["Status"] not in handler.redshift.TERMINAL:
        time.sleep(1)
    assert described["Status"] == "FINISHED", (sql[:200], described.get("Error"))
    if not described.get("HasResultSet"):
        return []
    rows, token = [], None
    while True:
        page = data.get_statement_result(Id=statement, **({"NextToken": token} if token else {}))
        rows += [[None if f.get("isNull") else str(next(iter(f.values()))) for f in r] for r in page["Records"]]
        if not (token := page.get("NextToken")):
            return rows


def deploy(data, name):
    ddl = (ROOT / "generated" / name / "ddl.sql").read_text()
    for statement in ddl.split(";\n"):
        body = "\n".join(line for line in statement.splitlines() if not line.startswith("--")).strip()
        if body:
            run_sql(data, body)
    for file in ("transform.sql", "load.sql"):  # load CALLs transform: create it first
        run_sql(data, (ROOT / "generated" / name / file).read_text())


def normalized(value):
    if value is None or value == "":
        return None
    try:
        return str(Decimal(value).normalize())
    except InvalidOperation:
        return value


def expected_rows(path):
    with open(path, newline="", encoding="utf-8") as file:
        return sorted(tuple(normalized(v) for v in row) for row in list(csv.reader(file))[1:])


@pytest.mark.parametrize("pipeline_dir", PIPELINES, ids=lambda p: p.name)
def test_pipeline_batches_load_the_expected_rows(pipeline_dir):
    spec = yaml.safe_load((pipeline_dir / "pipeline.yaml").read_text())
    config = json.loads((ROOT / "generated" / spec["name"] / "lambda.json").read_text())
    admin_data, s3 = boto3.client("redshift-data"), boto3.client("s3")
    deploy(admin_data, spec["name"])
    session = role_session()
    env = {"ELTC_BUCKET": LIVE["BUCKET"], "ELTC_DATABASE": LIVE["DATABASE"],
           "ELTC_WORKGROUP": LIVE["WORKGROUP"], "ELTC_CLUSTER": LIVE["CLUSTER"],
           "ELTC_SECRET_ARN": LIVE["SECRET_ARN"], "ELTC_POLL_SECONDS": "2"}
    for case in spec["tests"]:
        for batch in case["batches"]:
            values = {k: handler.params.canonical(k, next(p["type"] for p in config["params"] if p["name"] == k),
                                                   str(v)) for k, v in batch["params"].items()}
            landing = handler.params.render(config["landing"], config, values, LIVE["BUCKET"])
            for file in sorted((pipeline_dir / batch["given"]).iterdir()):
                s3.upload_file(str(file), LIVE["BUCKET"], landing + file.name)
            key = handler.params.render(config["notification"]["pattern"], config, values, LIVE["BUCKET"])
            # `force`: a test may load a day again or an older day on purpose; the body
            # also makes each upload's ETag new, so each batch is a new notification.
            body = json.dumps({"params": values, "force": True, "run": f"{case['name']}:{time.time()}"})
            etag = s3.put_object(Bucket=LIVE["BUCKET"], Key=key, Body=body.encode())["ETag"].strip('"')
            runtime = handler.Runtime(config, session.client("s3"), session.client("redshift-data"), env=env)
            event = eventbridge(key, etag, len(body))
            event["detail"]["bucket"]["name"] = LIVE["BUCKET"]
            runtime.handle(event, Context(seconds=900))
            for expect in batch.get("expect", []):
                sql = expect.get("query") or f"SELECT * FROM {expect['table']}"
                actual = sorted(tuple(normalized(v) for v in row) for row in run_sql(admin_data, sql))
                assert actual == expected_rows(pipeline_dir / expect["rows"]), (case["name"], sql)
