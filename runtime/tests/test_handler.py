"""The handler end to end on moto S3 and the fake Data API: one test per protocol rule.

Expected values come from the protocol (docs/runtime.md) and AWS's documented
formats: the COPY manifest shape (Redshift "Using a manifest to specify data
files": `entries`, `url`, `mandatory`), the EventBridge S3 event shape
(Amazon S3 "Using EventBridge": detail.bucket.name, detail.object.key/etag).
"""

import json
import threading

import pytest

import eltc_state
import handler
from conftest import (BUCKET, Context, eventbridge, land, make_runtime, pipeline_state, put, status)

KEY = "notification/market_data/2024-01-02.done"


def test_success_runs_one_call_with_parameters_and_records_the_outcome(s3, data, runtime):
    sizes = land(s3, "2024-01-02")
    data.run_log_rows = [["load:sector", 1], ["transform:market_data", 1]]
    event = put(s3, KEY, json.dumps({"files": [{"key": k, "size": v} for k, v in sizes.items()]}))
    result = runtime.handle(event, Context())
    assert result["results"][0]["outcome"] == "succeeded"
    [call] = data.calls()
    assert call.request["Sql"] == "CALL etl.load_market_data(CAST(:eod_date AS DATE), :landing)"
    assert call.request["Parameters"] == [
        {"name": "eod_date", "value": "2024-01-02"},
        {"name": "landing", "value": f"s3://{BUCKET}/oltp_uploads/2024-01-02/"}]
    assert call.request["WorkgroupName"] == "etl-wg" and call.request["Database"] == "dev"
    manifest = json.loads(s3.get_object(
        Bucket=BUCKET, Key="oltp_uploads/2024-01-02/_manifests/eod_price.json")["Body"].read())
    assert manifest == {"entries": [
        {"url": f"s3://{BUCKET}/oltp_uploads/2024-01-02/eod_price.csv", "mandatory": True}]}
    done = status(s3, KEY)
    assert done["state"] == "SUCCEEDED" and done["statement_id"] == call.id
    assert done["steps"] == [{"step": "load:sector", "rows": 1}, {"step": "transform:market_data", "rows": 1}]
    assert done["duration_seconds"] == 2.5 and done["error"] is None
    assert pipeline_state(s3) == {"pipeline": "market_data", "last": ["2024-01-02"], "running": None}


def test_an_empty_notification_file_is_valid(s3, data, runtime):
    land(s3, "2024-01-02")
    runtime.handle(put(s3, KEY), Context())
    assert status(s3, KEY)["state"] == "SUCCEEDED"


def test_the_same_event_twice_runs_one_batch(s3, data, runtime):
    land(s3, "2024-01-02")
    event = put(s3, KEY)
    runtime.handle(event, Context())
    second = runtime.handle(event, Context())
    assert second["results"][0]["outcome"] == "already_succeeded"
    assert len(data.calls()) == 1


def test_the_same_event_delivered_concurrently_runs_one_batch(s3, data, monkeypatch):
    land(s3, "2024-01-02")
    event = put(s3, KEY)
    runtimes = [make_runtime(s3, data) for _ in range(6)]
    # Every delivery reads the pipeline state before any of them writes it: the
    # worst interleaving, where only the conditional write can pick one winner.
    barrier, first_read, read = threading.Barrier(6, timeout=10), set(), eltc_state.read_json

    def racing_read(s3_client, bucket, key):
        value = read(s3_client, bucket, key)
        if key.endswith(eltc_state.STATE_KEY) and threading.get_ident() not in first_read:
            first_read.add(threading.get_ident())
            barrier.wait()
        return value

    monkeypatch.setattr(eltc_state, "read_json", racing_read)
    outcomes, errors = [], []

    def deliver(runtime):
        try:
            outcomes.append(runtime.handle(event, Context())["results"][0]["outcome"])
        except Exception as error:  # noqa: BLE001 (collected and asserted below)
            errors.append(error)

    threads = [threading.Thread(target=deliver, args=(r,)) for r in runtimes]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == [] and len(data.calls()) == 1
    assert len([r for r in data.requests if r["Sql"].startswith("CALL")]) == 1
    assert "succeeded" in outcomes and status(s3, KEY)["state"] == "SUCCEEDED"


def test_two_days_run_two_batches_in_order(s3, data, runtime):
    for day in ("2024-01-02", "2024-01-03"):
        land(s3, day)
        runtime.handle(put(s3, f"notification/market_data/{day}.done"), Context())
    assert [c.request["Parameters"][0]["value"] for c in data.calls()] == ["2024-01-02", "2024-01-03"]
    assert pipeline_state(s3)["last"] == ["2024-01-03"]


def test_an_older_day_after_a_newer_one_is_refused_unless_forced(s3, data, runtime):
    for day in ("2024-01-03", "2024-01-02"):
        land(s3, day)
    runtime.handle(put(s3, "notification/market_data/2024-01-03.done"), Context())
    older = "notification/market_data/2024-01-02.done"
    with pytest.raises(handler.BatchFailed, match="older than the last batch loaded"):
        runtime.handle(put(s3, older), Context())
    assert status(s3, older)["reason"] == "out_of_order" and len(data.calls()) == 1
    runtime.handle(put(s3, older, '{"force": true}'), Context())
    assert status(s3, older)["state"] == "SUCCEEDED" and len(data.calls()) == 2
    assert pipeline_state(s3)["last"] == ["2024-01-03"]  # a forced older day does not move `last` back


def test_a_missing_landing_file_fails_the_batch_naming_it(s3, data, runtime):
    land(s3, "2024-01-02", {"sector.csv": "1,Tech\n", "industry.csv": "1,Software\n"})
    with pytest.raises(handler.BatchFailed) as raised:
        runtime.handle(put(s3, KEY), Context())
    message = str(raised.value)
    assert "`oltp_uploads/2024-01-02/security.csv` is missing" in message
    assert "`oltp_uploads/2024-01-02/eod_price.csv` is missing" in message
    assert data.calls() == [] and status(s3, KEY)["reason"] == "landing_files"
    assert pipeline_state(s3)["running"] is None  # the pipeline is free again


def test_a_wrong_file_size_fails_the_batch(s3, data, runtime):
    sizes = land(s3, "2024-01-02")
    listed = [{"key": "eod_price.csv", "size": sizes["eod_price.csv"] + 1}]
    with pytest.raises(handler.BatchFailed, match="eod_price.csv` has .* bytes, the notification says"):
        runtime.handle(put(s3, KEY, json.dumps({"files": listed})), Context())
    assert data.calls() == []


def test_a_stray_file_under_the_prefix_is_not_in_any_manifest(s3, data, runtime, capsys):
    land(s3, "2024-01-02")
    s3.put_object(Bucket=BUCKET, Key="oltp_uploads/2024-01-02/eod_price.csv.bak", Body=b"old")
    runtime.handle(put(s3, KEY), Context())
    urls = []
    for source in ("sector", "industry", "security", "eod_price"):
        body = s3.get_object(Bucket=BUCKET, Key=f"oltp_uploads/2024-01-02/_manifests/{source}.json")["Body"]
        urls += [e["url"] for e in json.loads(body.read())["entries"]]
    assert not any(url.endswith(".bak") for url in urls) and len(urls) == 4
    assert "eod_price.csv.bak" in capsys.readouterr().out


@pytest.mark.parametrize("body", ['{"params": ', '[1, 2]', '{"parmas": {}}', '{"files": "all"}'])
def test_a_malformed_notification_fails_the_batch(s3, data, runtime, body):
    land(s3, "2024-01-02")
    with pytest.raises(handler.BatchFailed, match="notification `notification/market_data/2024-01-02.done`"):
        runtime.handle(put(s3, KEY, body), Context())
    assert status(s3, KEY)["reason"] == "invalid_notification" and data.calls() == []


@pytest.mark.parametrize("key, body, message", [
    ("notification/market_data/2024-02-30.done", "", "not a valid YYYY-MM-DD value"),
    (KEY, '{"params": {"eod_date": "2024-01-03"}}', "the key says `2024-01-02`"),
    (KEY, '{"params": {"eod_date": "02/01/2024"}}', "not in the format YYYY-MM-DD"),
    (KEY, '{"params": {"region": "eu"}}', "`region` is not a param"),
])
def test_a_param_that_does_not_match_its_type_fails_before_anything_runs(s3, data, runtime, key, body, message):
    land(s3, "2024-01-02")
    with pytest.raises(handler.BatchFailed, match=message):
        runtime.handle(put(s3, key, body), Context())
    assert data.calls() == []


def test_a_failing_statement_marks_the_batch_failed_with_its_rejected_lines(s3, data, runtime):
    land(s3, "2024-01-02", {**__import__("conftest").MARKET_FILES,
                            "eod_price.csv": "ACME,02-JAN-2024,1,2,0.5,1.5,100\nBAD,31-FEB-2024,x,,,,\n"})

    def fail(statement):
        statement.status, statement.error = "FAILED", "Load into table 'eod_price' failed. Check 'sys_load_error_detail'"
    data.on_call = fail
    data.load_error_rows = [[f"s3://{BUCKET}/oltp_uploads/2024-01-02/eod_price.csv", 2, "eod_date", 1205,
                             "Invalid Date Format"]]
    with pytest.raises(handler.BatchFailed, match="Load into table 'eod_price' failed"):
        runtime.handle(put(s3, KEY), Context())
    failed = status(s3, KEY)
    assert failed["state"] == "FAILED" and failed["steps"] == []
    assert failed["load_errors"] == [{"file": f"s3://{BUCKET}/oltp_uploads/2024-01-02/eod_price.csv", "line": 2,
                                      "column": "eod_date", "code": 1205, "message": "Invalid Date Format",
                                      "raw_line": "BAD,31-FEB-2024,x,,,,"}]
    assert pipeline_state(s3) == {"pipeline": "market_data", "last": None, "running": None}


def test_a_retry_after_failure_runs_and_a_retry_after_success_does_not(s3, data, runtime):
    land(s3, "2024-01-02")
    event = put(s3, KEY)
    data.on_call = lambda s: setattr(s, "status", "ABORTED")
    with pytest.raises(handler.BatchFailed):
        runtime.handle(event, Context())
    data.on_call = lambda s: s.finish()
    runtime.handle(event, Context())
    runtime.handle(event, Context())
    first, second = data.calls()
    assert first.request["ClientToken"] != second.request["ClientToken"]
    assert status(s3, KEY)["state"] == "SUCCEEDED" and status(s3, KEY)["attempt"] == 2


def test_a_delivery_during_running_starts_nothing_and_follows_the_statement(s3, data, runtime):
    land(s3, "2024-01-02")
    event = put(s3, KEY)
    data.on_call = lambda s: None  # stays STARTED: the invocation runs out of time
    with pytest.raises(handler.StillRunning):
        runtime.handle(event, Context(seconds=0))
    assert status(s3, KEY)["state"] == "RUNNING"
    with pytest.raises(handler.StillRunning):  # a redelivery after the timeout: DescribeStatement only
        make_runtime(s3, data).handle(event, Context(seconds=0))
    [call] = data.calls()
    assert call.describes >= 2
    call.finish()
    make_runtime(s3, data).handle(event, Context())
    assert len(data.calls()) == 1 and status(s3, KEY)["state"] == "SUCCEEDED"


def test_a_day_that_lands_while_another_runs_waits(s3, data, runtime):
    for day in ("2024-01-02", "2024-01-03"):
        land(s3, day)
    data.on_call = lambda s: None
    with pytest.raises(handler.StillRunning):
        runtime.handle(put(s3, KEY), Context(seconds=0))
    later = put(s3, "notification/market_data/2024-01-03.done")
    with pytest.raises(handler.Busy):
        runtime.handle(later, Context(seconds=0))
    assert len(data.calls()) == 1
    data.calls()[0].finish()
    data.on_call = lambda s: s.finish()
    runtime.handle(later, Context())  # finalizes the first batch, then runs its own
    assert status(s3, KEY)["state"] == "SUCCEEDED"
    assert status(s3, "notification/market_data/2024-01-03.done")["state"] == "SUCCEEDED"
    assert pipeline_state(s3)["last"] == ["2024-01-03"]


def test_a_crash_after_execute_reuses_the_client_token(s3, data, runtime):
    # The first invocation died after ExecuteStatement, before recording the id.
    land(s3, "2024-01-02")
    event = put(s3, KEY)
    original = runtime.engine.call
    runtime.engine.call = lambda *a: (original(*a), (_ for _ in ()).throw(SystemExit("killed")))[0]
    with pytest.raises(SystemExit):
        runtime.handle(event, Context())
    make_runtime(s3, data, ELTC_LEASE_SECONDS="-1").handle(event, Context())
    assert len(data.calls()) == 1 and status(s3, KEY)["state"] == "SUCCEEDED"


def test_an_event_for_a_key_no_pipeline_owns_is_ignored_with_a_log_line(s3, data, runtime, capsys):
    for key in ("notification/other/2024-01-02.done", "notification/market_data/2024-01-02.done.status.json"):
        assert runtime.handle(put(s3, key), Context())["results"][0]["outcome"] == "ignored"
    other_bucket = eventbridge(KEY, "abc")
    other_bucket["detail"]["bucket"]["name"] = "someone-else"
    assert runtime.handle(other_bucket, Context())["results"][0]["outcome"] == "ignored"
    lines = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [line["message"] for line in lines] == ["ignored: not a notification of this pipeline"] * 3
    assert data.calls() == []


def spaced_config():
    config = __import__("conftest").lambda_config("market_data")
    config["notification"]["pattern"] = "notification/market data+x/{eod_date}.done"
    config["notification"]["regex"] = r"^notification/market data\+x/(?P<eod_date>[0-9]{4}-[0-9]{2}-[0-9]{2})\.done$"
    return config


@pytest.mark.parametrize("encoded", [True, False])
def test_keys_with_url_encoded_characters(s3, data, encoded):
    runtime = make_runtime(s3, data, config=spaced_config())
    land(s3, "2024-01-02")
    key = "notification/market data+x/2024-01-02.done"
    event = put(s3, key)
    if encoded:  # S3's form encoding: space as '+', '+' as %2B (docs/redshift.md#s3-event-notifications)
        event["detail"]["object"]["key"] = "notification/market+data%2Bx/2024-01-02.done"
    runtime.handle(event, Context())
    assert status(s3, key)["state"] == "SUCCEEDED" and len(data.calls()) == 1


def test_an_s3_notification_record_is_accepted_too(s3, data, runtime):
    land(s3, "2024-01-02")
    detail = put(s3, KEY)["detail"]["object"]
    record = {"eventName": "ObjectCreated:Put", "s3": {"bucket": {"name": BUCKET},
              "object": {"key": KEY, "eTag": detail["etag"], "size": 0}}}
    runtime.handle({"Records": [record]}, Context())
    assert status(s3, KEY)["state"] == "SUCCEEDED"
    assert runtime.handle({"Event": "s3:TestEvent"}, Context()) == {"results": []}


def test_retail_renders_its_date_formatted_file_and_checks_it(s3, data):
    runtime = make_runtime(s3, data, name="retail")
    files = {"stores.dat": "x\n", "customers.csv": "x\n", "products.csv": "x\n"}
    land(s3, "2024-01-02", files, prefix="retail/in/")
    with pytest.raises(handler.BatchFailed, match="`retail/in/2024-01-02/sales_20240102.txt` is missing"):
        runtime.handle(put(s3, "notification/retail/2024-01-02.done"), Context())
