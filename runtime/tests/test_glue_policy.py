"""The template.yaml eltc generates for a Glue pipeline: cfn-lint clean, the job as the
runtime expects it, and a function role granting exactly what the runtime calls with
the Glue engine, on this pipeline's job only.

Built by `eltc build --backend glue` from pipelines/market_data (no committed
pipeline is a Glue one yet). The Service Authorization Reference names the
IAM action of each call (StartJobRun -> glue:StartJobRun, GetJobRun ->
glue:GetJobRun, GetJobRuns -> glue:GetJobRuns; ListObjectsV2 ->
s3:ListBucket, HeadObject -> s3:GetObject); `Ref` of an AWS::Glue::Job is
the job's name (CloudFormation's AWS::Glue::Job reference).
"""

import ast
import fnmatch
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from conftest import ACCOUNT, BUCKET, GLUE_JOB, REGION, ROOT, Context, land, make_runtime, put
from pg_server import eltc_binary
from test_glue_runtime import KEY, keep_runs_running, report, runs
from test_policy import IAM_ACTION, INDIRECT, CfnLoader, as_list, statements
from test_policy import allowed as policy_allowed

import handler  # noqa: E402  (conftest put runtime/ on the path)

# The runtime's modules with the Glue engine: all but the Data API's.
MODULES = sorted(p for p in (ROOT / "runtime").glob("*.py") if p.name != "eltc_redshift.py")
SERVICE = {"s3": "s3", "glue": "glue"}
# What AWS does with the role on the function's behalf (test_policy.INDIRECT), without the Data API's.
GLUE_INDIRECT = {"logs:CreateLogStream", "logs:PutLogEvents", "sqs:SendMessage", "s3:GetObjectVersion"}
assert GLUE_INDIRECT <= set(INDIRECT)


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    out = tmp_path_factory.mktemp("glue-build")
    done = subprocess.run([eltc_binary(), "build", "--backend", "glue", "--out", str(out),
                           str(ROOT / "pipelines" / "market_data")], capture_output=True, text=True, cwd=ROOT)
    assert done.returncode == 0, done.stderr
    return out / "market_data"


def load(built):
    return yaml.load((built / "template.yaml").read_text(), Loader=CfnLoader)


def called_actions():
    """(IAM action, where) of every client call of the runtime's Glue-engine modules."""
    found = []
    for path in MODULES:
        for node in ast.walk(ast.parse(path.read_text())):
            if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)):
                continue
            target = node.func.value
            client = target.attr if isinstance(target, ast.Attribute) else getattr(target, "id", None)
            if client not in SERVICE:
                continue
            operation = node.func.attr
            if operation[0].isupper():  # a class of the module (`glue.GlueJob(...)`), not a call to AWS
                continue
            if operation == "get_paginator":
                operation = node.args[0].value
            action = IAM_ACTION.get(operation) or SERVICE[client] + ":" + "".join(
                part.capitalize() for part in operation.split("_"))
            found.append((action, f"{path.name}:{node.lineno}"))
    return found


def test_the_template_is_cfn_lint_clean(built):
    cfn_lint = shutil.which("cfn-lint", path=str(Path(sys.executable).parent)) or shutil.which("cfn-lint")
    # W3002: the local Code/Content paths are for `aws cloudformation package` (as scripts/test).
    done = subprocess.run([cfn_lint, "--ignore-checks", "W3002", "--", str(built / "template.yaml")],
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr


def test_the_job_runs_one_batch_at_a_time_from_the_parameters_locations(built):
    resources = load(built)["Resources"]
    job = resources["Job"]["Properties"]
    assert job["Name"] == GLUE_JOB and job["GlueVersion"] == "5.0"
    assert job["ExecutionProperty"] == {"MaxConcurrentRuns": 1} and job["MaxRetries"] == 0
    arguments = job["DefaultArguments"]
    assert arguments["--job-bookmark-option"] == "job-bookmark-disable"
    assert job["Command"]["ScriptLocation"] == {"Fn::Sub": "s3://${ArtifactsBucket}/${ScriptKey}"}
    assert arguments["--extra-py-files"] == {"Fn::Sub": "s3://${ArtifactsBucket}/${LibraryKey}"}
    # The connection the job lists is the one glue_job.py writes through.
    [connection] = job["Connections"]["Connections"]
    assert f'CONNECTION = "{connection}"' in (built / "glue_job.py").read_text()
    variables = resources["Function"]["Properties"]["Environment"]["Variables"]
    assert variables["ELTC_GLUE_JOB"] == {"Ref": "Job"}
    assert not {"ELTC_DATABASE", "ELTC_WORKGROUP", "ELTC_CLUSTER", "ELTC_SECRET_ARN"} & set(variables)


def test_every_call_has_a_statement_and_every_statement_a_call(built):
    granted = {a for s in statements(built / "template.yaml") if s["Effect"] == "Allow" for a in as_list(s["Action"])}
    called = called_actions()
    assert {"glue:StartJobRun", "glue:GetJobRun", "glue:GetJobRuns", "s3:GetObject"} <= {a for a, _ in called}
    missing = sorted({f"{action} ({where})" for action, where in called if action not in granted})
    assert missing == [], "calls without a policy statement"
    assert sorted(granted - {a for a, _ in called} - GLUE_INDIRECT) == [], "granted but never called"
    assert not any(a.startswith(("redshift", "secretsmanager:")) for a in granted)


def test_no_statement_grants_every_resource(built):
    for statement in statements(built / "template.yaml"):
        assert "*" not in as_list(statement["Resource"]), statement["Sid"]


def resolve(value):
    """A policy resource with this test's deploy values (moto's account and region, the job's name)."""
    if isinstance(value, dict) and "Fn::Sub" in value:
        text = value["Fn::Sub"]
        for name, given in (("AWS::Partition", "aws"), ("AWS::Region", REGION), ("AWS::AccountId", ACCOUNT),
                            ("Bucket", BUCKET), ("Job", GLUE_JOB)):
            text = text.replace("${" + name + "}", given)
        return text
    return repr(value)  # a Ref/GetAtt of another resource: never matched below


def allowed(path, action, arn, prefix=None):
    return policy_allowed(path, action, arn, prefix, resolve)


def test_the_requests_of_a_run_match_the_policy(built, s3, glue):
    """A batch on moto with the lambda.json built beside the template (no CALL, no run log):
    started, followed, its report read; each S3 and Glue request allowed."""
    path = built / "template.yaml"
    config = json.loads((built / "lambda.json").read_text())
    assert config["engine"] == "glue" and "call" not in config and "run_log" not in config

    def runtime_for(s3, glue):
        return make_runtime(s3, glue, config=config, ELTC_GLUE_JOB=GLUE_JOB)

    s3_requests = []
    s3.meta.events.register("provide-client-params.s3.*",
                            lambda params, model, **_: s3_requests.append((model.name, dict(params))))
    land(s3, "2024-01-02")
    keep_runs_running()
    event = put(s3, KEY)
    s3_requests.clear()
    glue.requests.clear()  # the fixture's CreateJob
    with pytest.raises(handler.StillRunning):
        runtime_for(s3, glue).handle(event, Context(seconds=0))
    [run] = runs()
    # The job writes its report (the job's role, not the function's: WriteJobReports).
    before = len(s3_requests)
    report(s3, run.job_run_id, [{"step": "transform:market_data", "rows": 3}])
    del s3_requests[before:]
    run.status = "SUCCEEDED"
    assert runtime_for(s3, glue).handle(event, Context())["results"][0]["outcome"] == "succeeded"
    operations = {name for name, _ in glue.requests}
    assert {"StartJobRun", "GetJobRun", "GetJobRuns"} <= operations
    for operation, params in glue.requests:
        arn = f"arn:aws:glue:{REGION}:{ACCOUNT}:job/{params['JobName']}"
        assert allowed(path, f"glue:{operation}", arn), (operation, params)
    assert any(p.get("Key", "").endswith(f"_eltc/{run.job_run_id}.json") for _, p in s3_requests)
    for operation, params in s3_requests:
        arn = f"arn:aws:s3:::{params['Bucket']}/{params.get('Key', '')}"
        if operation == "ListObjectsV2":
            assert allowed(path, "s3:ListBucket", f"arn:aws:s3:::{params['Bucket']}", params["Prefix"]), params
        else:
            action = {"HeadObject": "s3:GetObject"}.get(operation, "s3:" + operation)
            assert allowed(path, action, arn), (operation, params["Key"])


def test_the_job_role_reads_the_batch_and_writes_its_report(built):
    """The keys a job run of 2024-01-02 touches, under the role the job runs with."""
    [policy] = load(built)["Resources"]["JobRole"]["Properties"]["Policies"]
    granted = policy["PolicyDocument"]["Statement"]

    def allows(action, key):
        arn = f"arn:aws:s3:::{BUCKET}/{key}"
        return any(action in as_list(s["Action"]) and any(fnmatch.fnmatchcase(arn, resolve(r))
                                                          for r in as_list(s["Resource"])) for s in granted)

    day = "oltp_uploads/2024-01-02/"
    assert allows("s3:GetObject", day + "eod_price.csv")
    assert allows("s3:GetObject", day + "_manifests/eod_price.json")
    assert allows("s3:PutObject", day + "_eltc/jr_1.json")
    assert not allows("s3:PutObject", day + "eod_price.csv")
    assert not allows("s3:GetObject", "notification/market_data/2024-01-02.done")
