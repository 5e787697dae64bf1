"""The handler with the Glue engine (lambda.json `"engine": "glue"`), on moto's S3 and Glue.

The same notification protocol as the procedure backend (test_handler.py)
ends in one `glue:StartJobRun`. moto's Glue keeps job runs, their arguments
and MaxConcurrentRuns; every request the runtime sends is also validated
against botocore's Glue model (a parameter the real API would refuse fails
here). Expected values come from the protocol (docs/runtime.md, docs/glue.md)
and the AWS Glue API reference: StartJobRun takes `JobName` and `Arguments`
(string to string) and returns `JobRunId`; GetJobRun returns `JobRun` with
`JobRunState`, `ErrorMessage` and `ExecutionTime` in seconds.
"""

import json

import pytest
from moto.glue.models import glue_backends
from moto.moto_api import state_manager

import eltc_glue
import handler
from conftest import (ACCOUNT, BUCKET, GLUE_JOB as JOB, REGION, Context, land, lambda_config, make_runtime,
                      pipeline_state, put, status)

KEY = "notification/market_data/2024-01-02.done"


def glue_config():
    """market_data's lambda.json as the Glue backend writes it: the engine, no CALL."""
    config = lambda_config("market_data")
    config["engine"] = "glue"
    del config["call"]
    return config


def runtime_for(s3, glue, **env):
    return make_runtime(s3, glue, config=glue_config(), ELTC_GLUE_JOB=JOB, **env)


def runs():
    return glue_backends[ACCOUNT][REGION].jobs[JOB].job_runs


def keep_runs_running():
    """Job runs stay STARTING until a test sets their state."""
    state_manager.set_transition("glue::job_run", {"progression": "manual", "times": 10**9})


def report(s3, run_id, steps, rejected=()):
    """The job's own report, as eltc_spark writes it at the end of a run."""
    body = {"format": "eltc-glue-report/1", "steps": steps, "rejected": list(rejected)}
    s3.put_object(Bucket=BUCKET, Key=f"oltp_uploads/2024-01-02/_eltc/{run_id}.json",
                  Body=json.dumps(body).encode())


def test_a_batch_is_one_job_run_with_params_landing_and_manifests(s3, glue):
    land(s3, "2024-01-02")
    keep_runs_running()
    event = put(s3, KEY)
    with pytest.raises(handler.StillRunning):
        runtime_for(s3, glue).handle(event, Context(seconds=0))
    [run] = runs()
    landing = f"s3://{BUCKET}/oltp_uploads/2024-01-02/"
    manifests = {s: f"{landing}_manifests/{s}.json" for s in ("sector", "industry", "security", "eod_price")}
    assert run.arguments == {"--param_eod_date": "2024-01-02", "--eltc_landing": landing,
                             "--eltc_manifests": json.dumps(manifests, sort_keys=True),
                             "--eltc_batch": run.arguments["--eltc_batch"]}
    assert status(s3, KEY)["state"] == "RUNNING" and status(s3, KEY)["job_run_id"] == run.job_run_id
    steps = [{"step": "load:eod_price", "rows": 3}, {"step": "transform:market_data", "rows": 3}]
    report(s3, run.job_run_id, steps)
    run.status = "SUCCEEDED"
    # A redelivery of the same event follows the run (GetJobRun) and records its outcome.
    assert runtime_for(s3, glue).handle(event, Context())["results"][0]["outcome"] == "succeeded"
    final = status(s3, KEY)
    assert final["state"] == "SUCCEEDED" and final["glue_job_run_state"] == "SUCCEEDED"
    assert final["steps"] == steps and final["load_errors"] == [] and final["duration_seconds"] == 123
    assert "statement_id" not in final
    assert pipeline_state(s3) == {"pipeline": "market_data", "last": ["2024-01-02"], "running": None}
    assert [name for name, _ in glue.requests].count("StartJobRun") == 1


def test_the_same_event_twice_starts_one_run(s3, glue):
    land(s3, "2024-01-02")
    event = put(s3, KEY)
    runtime = runtime_for(s3, glue)
    assert runtime.handle(event, Context())["results"][0]["outcome"] == "succeeded"
    assert runtime.handle(event, Context())["results"][0]["outcome"] == "already_succeeded"
    assert len(runs()) == 1
    assert status(s3, KEY)["steps_error"].startswith("no job report at s3://")


def test_a_crash_after_start_job_run_finds_the_run_instead_of_starting_another(s3, glue):
    land(s3, "2024-01-02")
    keep_runs_running()
    event = put(s3, KEY)
    runtime = runtime_for(s3, glue)
    original = runtime.engine.call
    runtime.engine.call = lambda *a: (original(*a), (_ for _ in ()).throw(SystemExit("killed")))[0]
    with pytest.raises(SystemExit):
        runtime.handle(event, Context())
    [run] = runs()
    assert status(s3, KEY)["state"] == "RUNNING" and status(s3, KEY)["job_run_id"] is None
    run.status = "SUCCEEDED"
    # The lease of the dead invocation is over: the next delivery takes the batch
    # over, and StartJobRun is not called again: the run of the same batch is found.
    runtime_for(s3, glue, ELTC_LEASE_SECONDS="-1").handle(event, Context())
    assert len(runs()) == 1 and [n for n, _ in glue.requests].count("StartJobRun") == 1
    assert status(s3, KEY)["state"] == "SUCCEEDED" and status(s3, KEY)["job_run_id"] == run.job_run_id


def test_a_failed_run_fails_the_batch_and_a_retry_starts_a_new_attempt(s3, glue):
    land(s3, "2024-01-02")
    keep_runs_running()
    event = put(s3, KEY)
    with pytest.raises(handler.StillRunning):
        runtime_for(s3, glue).handle(event, Context(seconds=0))
    [first] = runs()
    first.status = "FAILED"
    rejected = [{"file": f"s3://{BUCKET}/oltp_uploads/2024-01-02/eod_price.csv", "line": 1,
                 "column": "eod_date", "code": 1205, "message": "Invalid date format '31-JUN-2024'",
                 "raw_line": "ACME,31-JUN-2024,1,2,0.5,1.5,100"}]
    report(s3, first.job_run_id, [], rejected)
    with pytest.raises(handler.BatchFailed):
        runtime_for(s3, glue).handle(event, Context())
    failed = status(s3, KEY)
    assert failed["state"] == "FAILED" and failed["glue_job_run_state"] == "FAILED"
    assert failed["error"] == "FAILED"  # moto's runs have no ErrorMessage; see the state test
    assert failed["load_errors"] == rejected and failed["attempt"] == 1
    assert pipeline_state(s3)["running"] is None and pipeline_state(s3)["last"] is None
    # Lambda's retry of a failed batch: attempt 2, a new token, a new run.
    with pytest.raises(handler.StillRunning):
        runtime_for(s3, glue).handle(event, Context(seconds=0))
    second = runs()[1]
    assert second.arguments["--eltc_batch"] != first.arguments["--eltc_batch"]
    assert status(s3, KEY)["attempt"] == 2 and status(s3, KEY)["job_run_id"] == second.job_run_id


@pytest.mark.parametrize("glue_state, status_name", [
    ("SUCCEEDED", "FINISHED"), ("FAILED", "FAILED"), ("ERROR", "FAILED"), ("TIMEOUT", "FAILED"),
    ("STOPPED", "ABORTED"), ("EXPIRED", "ABORTED"), ("STARTING", "STARTING"), ("RUNNING", "RUNNING"),
    ("STOPPING", "STOPPING"), ("WAITING", "WAITING")])
def test_every_job_run_state_of_the_api_model_is_mapped(glue, glue_state, status_name):
    states = glue.model.shape_for("JobRunState").enum
    assert glue_state in states and set(states) == {
        "STARTING", "RUNNING", "STOPPING", "STOPPED", "SUCCEEDED", "FAILED", "TIMEOUT", "ERROR",
        "WAITING", "EXPIRED"}
    stub = type("Glue", (), {"get_job_run": lambda self, **_: {
        "JobRun": {"Id": "jr_1", "JobRunState": glue_state, "ExecutionTime": 7, "ErrorMessage": "boom"}}})()
    engine = eltc_glue.GlueJob(stub, None, glue_config(), {"ELTC_GLUE_JOB": JOB}, lambda _: None)
    described = engine.describe("jr_1")
    assert described["Status"] == status_name and described["Duration"] == 7_000_000_000
    assert described["Error"] == "boom" and described["JobRunState"] == glue_state
    assert (status_name in eltc_glue.TERMINAL) == (glue_state in (
        "SUCCEEDED", "FAILED", "ERROR", "TIMEOUT", "STOPPED", "EXPIRED"))


def test_a_glue_pipeline_without_its_job_name_is_refused(s3, glue):
    with pytest.raises(ValueError, match="ELTC_GLUE_JOB"):
        make_runtime(s3, glue, config=glue_config())
