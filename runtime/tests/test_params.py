"""Param validation and rendering (eltc_params), and the exact Data API request (Stubber).

Type limits follow Redshift's documentation ("Numeric types": SMALLINT, INTEGER,
BIGINT ranges; DECIMAL(p,s) precision and scale; "Character types": VARCHAR
lengths in bytes). The Data API request shape follows the ExecuteStatement API
reference: `Parameters` is a list of {name, value}, values are strings.
"""

import boto3
import pytest
from botocore.stub import Stubber

import eltc_params as params
import eltc_redshift
from conftest import ENV, lambda_config


@pytest.mark.parametrize("ty, text, model, expected", [
    ("date", "20240102", "YYYYMMDD", "2024-01-02"),
    ("date", "2024-01-02", None, "2024-01-02"),
    ("timestamp", "2024-01-02T03:04:05", None, "2024-01-02 03:04:05"),
    ("timestamp", "2024-01-02 0304", "YYYY-MM-DD HH24MI", "2024-01-02 03:04:00"),
    ("smallint", "-32768", None, "-32768"),
    ("bigint", "9223372036854775807", None, "9223372036854775807"),
    ("decimal(8,2)", "123456.78", None, "123456.78"),
    ("varchar(5)", "été", None, "été"),  # 5 bytes of UTF-8
])
def test_valid_values_become_canonical(ty, text, model, expected):
    assert params.canonical("p", ty, text, model) == expected


@pytest.mark.parametrize("ty, text, message", [
    ("date", "2024-02-30", "not a valid"),
    ("date", "2024-1-2", "not in the format"),
    ("integer", "2147483648", "out of range"),
    ("integer", "1; DROP TABLE x", "not an integer"),
    ("decimal(8,2)", "1234567.8", "does not fit"),
    ("decimal(8,2)", "1.234", "does not fit"),
    ("varchar(4)", "été", "longer than varchar"),  # lengths count bytes
    ("varchar(10)", "", "empty value"),
    ("varchar(10)", "a\nb", "control characters"),
    ("boolean", "yes", "not true or false"),
    ("interval", "1 day", "not supported"),
])
def test_invalid_values_are_refused(ty, text, message):
    with pytest.raises(params.ParamError, match=message):
        params.canonical("p", ty, text)


def test_templates_render_with_formats_and_bucket():
    config = lambda_config("retail")
    values = {"day": "2024-01-02"}
    assert params.render("sales_{day:YYYYMMDD}.txt", config, values, "b") == "sales_20240102.txt"
    assert params.render("s3://{bucket}/retail/in/{day}/", config, values, "b") == "s3://b/retail/in/2024-01-02/"


def test_the_call_request_is_exactly_the_documented_shape():
    config = lambda_config("market_data")
    client = boto3.client("redshift-data", region_name="us-east-1")
    redshift = eltc_redshift.Redshift(client, config, ENV, lambda _: None)
    with Stubber(client) as stub:
        stub.add_response("execute_statement", {"Id": "d9b6c0c9-0747-4bf4-b142-e8883122f766"}, {
            "Sql": "CALL etl.load_market_data(CAST(:eod_date AS DATE), :landing)",
            "Parameters": [{"name": "eod_date", "value": "2024-01-02"},
                           {"name": "landing", "value": "s3://bkt/oltp_uploads/2024-01-02/"}],
            "ClientToken": "t" * 64, "StatementName": "eltc:market_data",
            "WorkgroupName": "etl-wg", "Database": "dev", "SecretArn": ENV["ELTC_SECRET_ARN"]})
        assert redshift.call({"params": {"eod_date": "2024-01-02"}, "bucket": "bkt"}, "t" * 64) == "d9b6c0c9-0747-4bf4-b142-e8883122f766"
        stub.assert_no_pending_responses()


def test_a_cluster_with_iam_auth_sends_no_secret():
    env = {k: v for k, v in ENV.items() if k not in ("ELTC_WORKGROUP", "ELTC_SECRET_ARN")}
    redshift = eltc_redshift.Redshift(None, lambda_config("market_data"), {**env, "ELTC_CLUSTER": "etl-cluster"}, None)
    assert redshift.target == {"Database": "dev", "ClusterIdentifier": "etl-cluster"}
    assert redshift.run_log == "etl.eltc_run_log"
    with pytest.raises(ValueError, match="exactly one of"):
        eltc_redshift.Redshift(None, lambda_config("market_data"), {**ENV, "ELTC_CLUSTER": "c"}, None)
