"""eltc's generic Lambda handler: one S3 notification in, one batch of a pipeline run on Redshift.

Emitted once by `eltc build` into generated/_runtime/ (with eltc_params.py and
eltc_state.py); each deployed function reads its pipeline's lambda.json (a
layer built from generated/<name>/, see docs/runtime.md). Python 3.12, boto3
and the Redshift Data API only.

For an EventBridge "Object Created" event (or an S3 notification record) it:
URL-decodes the key and matches it against the pipeline's notification regex
(other keys are ignored with a log line); reads the notification file (empty,
or JSON `{"params": {...}, "files": [{"key", "size"}], "force": bool}`);
validates every param; takes the pipeline lock (eltc_state); refuses a
business date older than the last one loaded unless forced; checks that every
expected file exists under the landing prefix with the listed size; writes the
COPY manifests (exact keys, mandatory); runs `CALL <schema>.load_<name>(...)`
with one ExecuteStatement (params as Data API parameters); follows it within
the function's time budget; and records the outcome in the status object.
A failed batch raises, so Lambda's retries and on-failure destination apply.
It logs one JSON object per line and never logs credentials.
"""

import hashlib
import json
import os
import re
import time
import urllib.parse

import boto3
from botocore.exceptions import ClientError

import eltc_glue as glue
import eltc_params as params
import eltc_redshift as redshift
import eltc_state as state


class BatchFailed(Exception):
    """The batch failed; its status object says why."""


class StillRunning(Exception):
    """The statement outlived this invocation; a later delivery follows it (DescribeStatement)."""


class Busy(Exception):
    """Another batch of the pipeline holds the lock past this invocation's budget."""


def log(level, message, **fields):
    print(json.dumps({"level": level, "message": message, **fields}, sort_keys=True, default=str))


def load_config(path=None):
    path = path or os.environ.get("ELTC_CONFIG") or next(
        (p for p in (os.path.join(os.path.dirname(__file__), "lambda.json"), "/opt/lambda.json")
         if os.path.exists(p)), "/opt/lambda.json")
    with open(path, encoding="utf-8") as file:
        config = json.load(file)
    if config.get("format") != "eltc-lambda/1":
        raise ValueError(f"{path}: unsupported lambda.json format {config.get('format')!r}")
    return config


def notifications(event):
    """(bucket, raw key, etag, version id) of each object-created notification in `event`."""
    if event.get("source") == "aws.s3" and "detail" in event:
        detail = event["detail"]
        obj = detail.get("object", {})
        yield detail["bucket"]["name"], obj["key"], obj.get("etag"), obj.get("version-id")
        return
    for record in event.get("Records", []):
        if not str(record.get("eventName", "")).startswith("ObjectCreated"):
            continue
        s3 = record["s3"]
        obj = s3["object"]
        yield s3["bucket"]["name"], obj["key"], obj.get("eTag"), obj.get("versionId")


def make_engine(config, s3, client, env, sleep):
    """What runs a batch: the Data API CALL (procedure backend) or a Glue job run (lambda.json
    `"engine": "glue"`); both offer call, describe, wait and outcome, in the same statuses."""
    if config.get("engine", "procedure") == "glue":
        return glue.GlueJob(client, s3, config, env, sleep)
    return redshift.Redshift(client, config, env, sleep)


class Runtime:
    """One pipeline's runtime: its config, AWS clients and settings (injected by the tests).

    `client` is the engine's: a redshift-data client, or a glue client for a Glue pipeline."""

    def __init__(self, config, s3, client, env=None, sleep=time.sleep):
        env = os.environ if env is None else env
        self.config = config
        self.s3 = s3
        self.sleep = sleep
        self.bucket = env.get("ELTC_BUCKET") or config.get("bucket")
        self.regex = re.compile(config["notification"]["regex"])
        self.lease = float(env.get("ELTC_LEASE_SECONDS", "960"))
        self.margin = float(env.get("ELTC_MARGIN_SECONDS", "30"))
        self.engine = make_engine(config, s3, client, env, sleep)

    # --- entry -------------------------------------------------------------

    def handle(self, event, context):
        budget = context.get_remaining_time_in_millis() / 1000.0 if context else 900.0
        deadline = time.monotonic() + budget - self.margin
        results = []
        for bucket, raw_key, etag, version in notifications(event):
            results.append(self.one(bucket, raw_key, etag, version, deadline))
        if not results:
            log("INFO", "event ignored: no object-created notification", event_keys=sorted(event))
        return {"results": results}

    def resolve_key(self, bucket, raw_key):
        """The real key, or None when no pipeline key: S3 notifications URL-encode keys
        (docs/redshift.md#s3-event-notifications), EventBridge events may not, so both readings are tried."""
        if bucket != self.bucket:
            return None, None
        decoded = urllib.parse.unquote_plus(raw_key)
        for key in dict.fromkeys([decoded, raw_key]):
            match = self.regex.match(key)
            if match and self.exists(bucket, key):
                return key, match
        return None, None

    def exists(self, bucket, key):
        try:
            self.s3.head_object(Bucket=bucket, Key=key)
            return True
        except ClientError as error:
            if error.response.get("Error", {}).get("Code") in ("NoSuchKey", "404"):
                return False
            raise

    def one(self, bucket, raw_key, etag, version, deadline):
        key, match = self.resolve_key(bucket, raw_key)
        if key is None:
            log("INFO", "ignored: not a notification of this pipeline",
                pipeline=self.config["pipeline"], bucket=bucket, key=raw_key)
            return {"key": raw_key, "outcome": "ignored"}
        batch = self.read_notification(bucket, key, etag, version, match)
        log("INFO", "notification", pipeline=self.config["pipeline"], key=key,
            identity=batch["identity"], params=batch.get("params"))
        if "error" in batch:
            self.fail(batch, batch["error"], "invalid_notification")
        return self.run(batch, deadline)

    def read_notification(self, bucket, key, etag, version, match):
        """The batch described by a notification (or with an `error` when it is unusable)."""
        extra = {"VersionId": version} if version else {}
        response = self.s3.get_object(Bucket=bucket, Key=key, **extra)
        text = response["Body"].read()
        identity = version or (etag or response["ETag"]).strip('"')
        batch = {"bucket": bucket, "key": key, "identity": identity,
                 "status_key": state.status_key(key), "force": False}
        try:
            body = json.loads(text) if text.strip() else {}
            if not isinstance(body, dict):
                raise ValueError("the notification file must hold a JSON object")
            unknown = sorted(set(body) - {"params", "files", "force"})
            if unknown:
                raise ValueError("unknown key(s) in the notification file: " + ", ".join(unknown))
            if not isinstance(body.get("params", {}), dict):
                raise ValueError("`params` must be an object")
            batch["force"] = body.get("force", False) is True
            batch["params"] = params.merge(self.config, params.from_key(self.config, match),
                                           body.get("params", {}))
            batch["files"] = self.listed_files(body.get("files", []))
        except (ValueError, UnicodeDecodeError) as error:
            batch["error"] = f"notification `{key}`: {error}"
            return batch
        batch["order"] = params.order_key(self.config, batch["params"])
        batch["landing"] = params.render(self.config["landing"], self.config, batch["params"], bucket)
        return batch

    @staticmethod
    def listed_files(files):
        if not isinstance(files, list):
            raise ValueError("`files` must be a list")
        listed = {}
        for entry in files:
            if (not isinstance(entry, dict) or not isinstance(entry.get("key"), str)
                    or not isinstance(entry.get("size", 0), int) or isinstance(entry.get("size"), bool)):
                raise ValueError("each entry of `files` needs a string `key` and an integer `size`")
            listed[entry["key"]] = entry.get("size")
        return listed

    # --- the batch under the pipeline lock ---------------------------------

    def run(self, batch, deadline):
        holder = self.acquire(batch, deadline)
        if holder == "in_progress":
            log("INFO", "already in progress: another invocation prepares this batch", key=batch["key"])
            return {"key": batch["key"], "outcome": "in_progress"}
        if holder is not None:
            log("INFO", "running: following the statement started earlier",
                key=batch["key"], statement_id=holder["statement_id"])
            return self.follow(holder, deadline)
        current, _ = state.read_json(self.s3, self.bucket, batch["status_key"])
        if current and current.get("identity") == batch["identity"] and current["state"] == "SUCCEEDED":
            self.release(batch, None)
            log("INFO", "already succeeded: nothing to do", key=batch["key"])
            return {"key": batch["key"], "outcome": "already_succeeded"}
        same = current and current.get("identity") == batch["identity"]
        batch["attempt"] = (current.get("attempt", 0) + (current["state"] == "FAILED")) if same else 1
        batch["attempt"] = max(batch["attempt"], 1)
        self.check_order(batch)
        self.prepare(batch)
        return self.start(batch, deadline)

    def acquire(self, batch, deadline):
        """Takes the pipeline lock for `batch`; returns None (taken), the holder record
        when the batch is already running, or "in_progress"."""
        key = state.state_key(self.config)
        while True:
            current, etag = state.read_json(self.s3, self.bucket, key)
            current = current or {"pipeline": self.config["pipeline"], "last": None, "running": None}
            holder = current.get("running")
            mine = holder and holder["status_key"] == batch["status_key"] and holder["identity"] == batch["identity"]
            expired = holder and not holder.get("statement_id") and time.time() - holder["since"] > self.lease
            if holder and mine and holder.get("statement_id"):
                return holder
            if holder and mine and not expired:
                return "in_progress"
            if holder and not mine and not expired:
                if self.settle(holder, deadline):
                    continue
                raise Busy(f"pipeline `{self.config['pipeline']}` is busy with `{holder['key']}`")
            if holder and not mine:
                self.record(holder, "FAILED", error="abandoned before its statement started", reason="abandoned")
            current["running"] = {k: batch[k] for k in ("bucket", "key", "identity", "status_key")}
            current["running"].update(since=time.time(), statement_id=None, order=batch.get("order"))
            try:
                batch["lock_etag"] = state.cas(self.s3, self.bucket, key, current, etag)
                return None
            except state.Conflict:
                continue

    def settle(self, holder, deadline):
        """Waits for another batch: finalizes it when done (True), False when out of time."""
        while True:
            if holder.get("statement_id"):
                described = self.engine.describe(holder["statement_id"])
                if described["Status"] in self.engine.TERMINAL:
                    self.finalize(holder, described)
                    return True
            elif time.time() - holder["since"] > self.lease:
                return True
            if time.monotonic() + self.engine.poll > deadline:
                return False
            self.sleep(self.engine.poll)
            current, _ = state.read_json(self.s3, self.bucket, state.state_key(self.config))
            if not current or not current.get("running") or current["running"]["status_key"] != holder["status_key"]:
                return True
            holder = current["running"]

    def check_order(self, batch):
        last, _ = state.read_json(self.s3, self.bucket, state.state_key(self.config))
        last_order = (last or {}).get("last")
        if batch["order"] and last_order and batch["order"] < last_order and not batch["force"]:
            self.fail(batch, f"refused: {batch['order']} is older than the last batch loaded "
                             f"({last_order}); upload a notification with \"force\": true to load it",
                      "out_of_order", holding=True)

    def prepare(self, batch):
        """Checks the landing files and writes the COPY manifests (before any Redshift call)."""
        landing = batch["landing"]
        present = {}
        for page in self.s3.get_paginator("list_objects_v2").paginate(Bucket=self.bucket, Prefix=landing):
            present.update({o["Key"][len(landing):]: o["Size"] for o in page.get("Contents", [])})
        expected = {f["source"]: params.render(f["key"], self.config, batch["params"], self.bucket)
                    for f in self.config["files"]}
        problems = [f"`{landing}{name}` is missing" for name in expected.values() if name not in present]
        problems += [f"`{landing}{name}` is not a file of this batch" for name in batch["files"]
                     if name not in expected.values()]
        problems += [f"`{landing}{name}` has {present[name]} bytes, the notification says {size}"
                     for name, size in sorted(batch["files"].items())
                     if size is not None and name in present and present[name] != size]
        if problems:
            self.fail(batch, "landing files: " + "; ".join(problems), "landing_files", holding=True)
        stray = sorted(set(present) - set(expected.values()) - {k for k in present if k.startswith("_manifests/")})
        if stray:
            log("WARNING", "files under the landing prefix that are not loaded", key=batch["key"], stray=stray)
        batch["manifest_keys"] = {}
        for entry in self.config["files"]:
            manifest = {"entries": [{"url": f"s3://{self.bucket}/{landing}{expected[entry['source']]}",
                                     "mandatory": True}]}
            state.write_json(self.s3, self.bucket, landing + entry["manifest"], manifest)
            batch["manifest_keys"][entry["source"]] = landing + entry["manifest"]
        batch["manifests"] = list(batch["manifest_keys"].values())

    def start(self, batch, deadline):
        token = hashlib.sha256("\n".join(
            [batch["bucket"], batch["key"], batch["identity"], str(batch["attempt"])]).encode()).hexdigest()
        batch["started_at"] = time.time()
        self.record(batch, "RUNNING")
        statement_id = self.engine.call(batch, token)
        batch["statement_id"] = statement_id
        key = state.state_key(self.config)
        while True:
            current, etag = state.read_json(self.s3, self.bucket, key)
            current["running"].update({k: batch[k] for k in (
                "statement_id", "started_at", "attempt", "landing", "params", "manifests")})
            try:
                state.cas(self.s3, self.bucket, key, current, etag)
                break
            except state.Conflict:
                continue
        self.record(batch, "RUNNING")
        log("INFO", "statement started", key=batch["key"], statement_id=statement_id)
        return self.follow(current["running"], deadline)

    def follow(self, holder, deadline):
        described = self.engine.wait(holder["statement_id"], deadline)
        if described["Status"] not in self.engine.TERMINAL:
            raise StillRunning(f"statement {holder['statement_id']} of `{holder['key']}` is still running")
        final = self.finalize(holder, described)
        if final["state"] == "FAILED":
            raise BatchFailed(f"batch `{holder['key']}` failed: {final['error']}")
        return {"key": holder["key"], "outcome": "succeeded", "statement_id": holder["statement_id"]}

    def finalize(self, holder, described):
        """Records a finished statement's outcome, then frees the pipeline (advancing `last`)."""
        succeeded = described["Status"] == "FINISHED"
        outcome = self.engine.outcome(holder, described)
        redshift.add_rejected_lines(self.s3, holder["bucket"], outcome.get("load_errors", []))
        final = self.record(holder, "SUCCEEDED" if succeeded else "FAILED", **outcome)
        self.release(holder, holder.get("order") if succeeded else None)
        log("INFO" if succeeded else "ERROR", "batch " + final["state"].lower(), key=holder["key"],
            statement_id=holder.get("statement_id"), error=final.get("error"))
        return final

    def release(self, batch, succeeded_order):
        key = state.state_key(self.config)
        while True:
            current, etag = state.read_json(self.s3, self.bucket, key)
            if not current:
                return
            running = current.get("running")
            if running and running["status_key"] == batch["status_key"]:
                current["running"] = None
            if succeeded_order and (not current.get("last") or succeeded_order > current["last"]):
                current["last"] = succeeded_order
            try:
                state.cas(self.s3, self.bucket, key, current, etag)
                return
            except state.Conflict:
                continue

    # --- status objects ----------------------------------------------------

    def record(self, batch, state_name, **fields):
        status = {"format": "eltc-status/1", "pipeline": self.config["pipeline"], "state": state_name,
                  "notification": {"bucket": batch["bucket"], "key": batch["key"]},
                  "identity": batch["identity"], "params": batch.get("params"),
                  "attempt": batch.get("attempt", 1), self.engine.HANDLE: batch.get("statement_id"),
                  "manifests": batch.get("manifests"), "started_at": batch.get("started_at"),
                  "error": None, "reason": None}
        if state_name != "RUNNING":
            status["finished_at"] = time.time()
        status.update(fields)
        state.write_json(self.s3, batch["bucket"], batch["status_key"], status)
        return status

    def fail(self, batch, error, reason, holding=False):
        self.record(batch, "FAILED", error=error, reason=reason)
        if holding:
            self.release(batch, None)
        log("ERROR", "batch failed", key=batch["key"], reason=reason, error=error)
        raise BatchFailed(error)


_RUNTIME = None


def handler(event, context):
    """The Lambda entry point (handler.handler)."""
    global _RUNTIME
    if _RUNTIME is None:
        config = load_config()
        engine = "glue" if config.get("engine") == "glue" else "redshift-data"
        _RUNTIME = Runtime(config, boto3.client("s3"), boto3.client(engine))
    return _RUNTIME.handle(event, context)
