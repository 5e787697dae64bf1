"""Batch state kept in S3 with conditional writes: the status objects and the pipeline lock.

Part of eltc's generic Lambda runtime. Two kinds of JSON objects:

- the status object of a notification, `<notification key>.status.json`: the
  batch's state (RUNNING, SUCCEEDED, FAILED) and outcome, read by operators;
- the pipeline state, `<notification prefix>_eltc/state.json`: the one batch
  that holds the pipeline (`running`) and the order key of the last batch that
  succeeded (`last`).

Every change is a compare-and-swap: PutObject with If-None-Match: * (create)
or If-Match: <ETag> (update), so two invocations can never both believe they
hold the pipeline (S3 conditional writes, strongly consistent). A lost race
raises `Conflict` and the caller re-reads. No Redshift calls here.
"""

import json

from botocore.exceptions import ClientError

STATUS_SUFFIX = ".status.json"
STATE_KEY = "_eltc/state.json"


class Conflict(Exception):
    """Another writer changed the object since it was read."""


def static_prefix(pattern):
    """The literal text of a pattern before its first capture (the EventBridge/IAM prefix)."""
    return pattern.split("{", 1)[0]


def state_key(config):
    return static_prefix(config["notification"]["pattern"]) + STATE_KEY


def status_key(notification_key):
    return notification_key + STATUS_SUFFIX


def read_json(s3, bucket, key):
    """(object, ETag) of a JSON object, or (None, None) when there is none."""
    try:
        response = s3.get_object(Bucket=bucket, Key=key)
    except ClientError as error:
        if error.response.get("Error", {}).get("Code") in ("NoSuchKey", "404"):
            return None, None
        raise
    return json.loads(response["Body"].read()), response["ETag"]


def write_json(s3, bucket, key, value, etag=None, create=False):
    """Writes `value`; with `create`, only if absent; with `etag`, only if unchanged. Returns the new ETag."""
    extra = {}
    if create:
        extra["IfNoneMatch"] = "*"
    elif etag is not None:
        extra["IfMatch"] = etag
    body = json.dumps(value, indent=2, sort_keys=True).encode("utf-8")
    try:
        response = s3.put_object(Bucket=bucket, Key=key, Body=body,
                                 ContentType="application/json", **extra)
    except ClientError as error:
        # 412 PreconditionFailed: the condition did not hold; 409
        # ConditionalRequestConflict: a concurrent conditional write won.
        code = error.response.get("Error", {}).get("Code")
        status = error.response.get("ResponseMetadata", {}).get("HTTPStatusCode")
        if code in ("PreconditionFailed", "ConditionalRequestConflict") or status in (409, 412):
            raise Conflict(key) from error
        raise
    return response["ETag"]


def cas(s3, bucket, key, value, etag):
    """Create when `etag` is None (object was absent), else update if unchanged."""
    return write_json(s3, bucket, key, value, etag=etag, create=etag is None)
