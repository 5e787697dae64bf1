"""The generated role grants exactly what the handler calls, on the narrowest resources.

Three checks on every generated/<name>/template.yaml:
- static: every AWS API call written in runtime/*.py maps to an IAM action
  (Service Authorization Reference: ListObjectsV2 is authorized by
  s3:ListBucket, HeadObject by s3:GetObject) that an Allow statement grants —
  a call without a statement fails the test — and every granted action is
  either called or on the documented list of actions AWS performs with the
  role on the handler's behalf;
- resources: "*" only for the Data API actions that take no resource ARN, and
  then only with the statement-owner condition;
- dynamic: the S3 requests of a real run (moto, versioned bucket) each match a
  statement's resource pattern (and ListBucket its s3:prefix condition).
"""

import ast
import fnmatch
import json

import pytest
import yaml

from conftest import BUCKET, Context, land, make_runtime, put, ROOT

# AWS API operation (boto3 name) -> IAM action, where the names differ.
IAM_ACTION = {"list_objects_v2": "s3:ListBucket", "head_object": "s3:GetObject"}
SERVICE = {"s3": "s3", "data": "redshift-data"}
# Actions the role needs although runtime/*.py does not call them itself.
INDIRECT = {
    "logs:CreateLogStream": "Lambda writes the function's logs with the role",
    "logs:PutLogEvents": "Lambda writes the function's logs with the role",
    "sqs:SendMessage": "Lambda's on-failure destination sends with the role",
    "s3:GetObjectVersion": "GetObject with VersionId (versioned buckets) is authorized by it",
    "secretsmanager:GetSecretValue": "the Data API reads the secret with the caller's credentials",
    "redshift-serverless:GetCredentials": "the Data API's IAM authentication on Serverless",
    "redshift:GetClusterCredentialsWithIAM": "the Data API's IAM authentication on a cluster",
}
NO_RESOURCE_ARN = {"redshift-data:DescribeStatement", "redshift-data:GetStatementResult"}
TEMPLATES = sorted((ROOT / "generated").glob("*/template.yaml"))


class CfnLoader(yaml.SafeLoader):
    """YAML with CloudFormation's short-form tags as their long forms."""


def _tag(loader, suffix, node):
    name = "Ref" if suffix == "Ref" else ("Condition" if suffix == "Condition" else f"Fn::{suffix}")
    if isinstance(node, yaml.ScalarNode):
        value = loader.construct_scalar(node)
        return {name: value.split(".", 1) if suffix == "GetAtt" else value}
    if isinstance(node, yaml.SequenceNode):
        return {name: loader.construct_sequence(node, deep=True)}
    return {name: loader.construct_mapping(node, deep=True)}


CfnLoader.add_multi_constructor("!", _tag)


def statements(path):
    template = yaml.load(path.read_text(), Loader=CfnLoader)
    [policy] = template["Resources"]["Role"]["Properties"]["Policies"]
    out = []
    for entry in policy["PolicyDocument"]["Statement"]:
        if "Fn::If" in entry:  # conditional statement: the granting branch
            entry = entry["Fn::If"][1]
        out.append(entry)
    return out


def as_list(value):
    return value if isinstance(value, list) else [value]


def called_actions():
    """(IAM action, where) of every client call in runtime/*.py."""
    found = []
    for path in sorted((ROOT / "runtime").glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text())):
            if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)):
                continue
            target = node.func.value
            client = target.attr if isinstance(target, ast.Attribute) else getattr(target, "id", None)
            if client not in SERVICE:
                continue
            operation = node.func.attr
            if operation == "get_paginator":
                operation = node.args[0].value
            action = IAM_ACTION.get(operation) or SERVICE[client] + ":" + "".join(
                part.capitalize() for part in operation.split("_"))
            found.append((action, f"{path.name}:{node.lineno}"))
    return found


def test_the_handler_calls_something():
    actions = {a for a, _ in called_actions()}
    assert {"s3:GetObject", "s3:PutObject", "s3:ListBucket", "redshift-data:ExecuteStatement",
            "redshift-data:DescribeStatement", "redshift-data:GetStatementResult"} <= actions


@pytest.mark.parametrize("path", TEMPLATES, ids=lambda p: p.parent.name)
def test_every_call_has_a_statement_and_every_statement_a_call(path):
    granted = {action for s in statements(path) if s["Effect"] == "Allow" for action in as_list(s["Action"])}
    called = called_actions()
    missing = sorted({f"{action} ({where})" for action, where in called if action not in granted})
    assert missing == [], "calls without a policy statement"
    unused = sorted(granted - {a for a, _ in called} - set(INDIRECT))
    assert unused == [], "granted but never called"


@pytest.mark.parametrize("path", TEMPLATES, ids=lambda p: p.parent.name)
def test_wildcard_resources_only_where_no_arn_exists(path):
    for statement in statements(path):
        if "*" in as_list(statement["Resource"]):
            assert set(as_list(statement["Action"])) <= NO_RESOURCE_ARN, statement["Sid"]
            assert statement["Condition"] == {
                "StringEquals": {"redshift-data:statement-owner-iam-userid": "${aws:userid}"}}


def resolve(value):
    """A policy resource with this test's deploy values (Bucket, partition)."""
    if isinstance(value, dict) and "Fn::Sub" in value:
        return value["Fn::Sub"].replace("${AWS::Partition}", "aws").replace("${Bucket}", BUCKET)
    return json.dumps(value)  # a Ref/GetAtt: not an S3 object, never matched below


def allowed(path, action, arn, prefix=None, resolve=resolve):
    """True when a statement of the template at `path` grants `action` on `arn`
    (and `prefix`, for a list); `resolve` gives a Resource its deploy value."""
    for statement in statements(path):
        if action not in as_list(statement["Action"]):
            continue
        if not any(fnmatch.fnmatchcase(arn, resolve(r)) for r in as_list(statement["Resource"])):
            continue
        if prefix is not None:
            pattern = statement.get("Condition", {}).get("StringLike", {}).get("s3:prefix")
            if pattern is None or not fnmatch.fnmatchcase(prefix, pattern):
                continue
        return True
    return False


def test_the_s3_requests_of_a_run_match_the_policy(s3, data):
    s3.put_bucket_versioning(Bucket=BUCKET, VersioningConfiguration={"Status": "Enabled"})
    requests = []
    s3.meta.events.register("provide-client-params.s3.*",
                            lambda params, model, **_: requests.append((model.name, dict(params))))
    runtime = make_runtime(s3, data)
    land(s3, "2024-01-02")
    event = put(s3, "notification/market_data/2024-01-02.done")
    requests.clear()
    runtime.handle(event, Context())
    assert any("VersionId" in p for _, p in requests)  # the versioned read is exercised
    path = ROOT / "generated" / "market_data" / "template.yaml"
    for operation, params in requests:
        arn = f"arn:aws:s3:::{params['Bucket']}/{params.get('Key', '')}"
        if operation == "ListObjectsV2":
            assert allowed(path, "s3:ListBucket", f"arn:aws:s3:::{params['Bucket']}", params["Prefix"]), params
        elif operation == "GetObject" and "VersionId" in params:
            assert allowed(path, "s3:GetObjectVersion", arn), params
        else:
            action = {"HeadObject": "s3:GetObject"}.get(operation, "s3:" + operation)
            assert allowed(path, action, arn), (operation, params["Key"])
