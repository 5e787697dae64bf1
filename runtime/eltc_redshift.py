"""The Redshift Data API side of eltc's runtime: the CALL, following it, and its outcome.

Part of eltc's generic Lambda runtime. Targets a Serverless workgroup
(ELTC_WORKGROUP, name or ARN) or a provisioned cluster (ELTC_CLUSTER) in
database ELTC_DATABASE, authenticated by the secret ELTC_SECRET_ARN or, when
it is empty, by the function's IAM identity (GetCredentials /
GetClusterCredentialsWithIAM, done by the Data API). Values reach SQL only as
Data API parameters (`:name`). The CALL carries a ClientToken derived from the
notification and the attempt, so re-issuing it after a crash returns the same
statement instead of starting a second batch (tokens are kept 8 hours,
docs/redshift.md#data-api-authentication). The run-log rows and COPY rejects are read back after the
statement ends; their failure never hides the batch's own outcome.
"""

import time

import eltc_params as params

TERMINAL = ("FINISHED", "FAILED", "ABORTED")
MAX_LOAD_ERRORS = 100
# Reading a rejected line back from S3 stops after this many bytes per file.
MAX_SCAN_BYTES = 64 * 1024 * 1024


class Redshift:
    """Data API calls for one pipeline."""

    # The status object's field for the started work's id.
    HANDLE = "statement_id"
    TERMINAL = TERMINAL

    def __init__(self, data, config, env, sleep):
        self.data = data
        self.config = config
        self.sleep = sleep
        self.poll = float(env.get("ELTC_POLL_SECONDS", "5"))
        workgroup, cluster = env.get("ELTC_WORKGROUP", ""), env.get("ELTC_CLUSTER", "")
        if bool(workgroup) == bool(cluster):
            raise ValueError("set exactly one of ELTC_WORKGROUP and ELTC_CLUSTER")
        self.target = {"Database": env.get("ELTC_DATABASE", "")}
        self.target.update({"WorkgroupName": workgroup} if workgroup else {"ClusterIdentifier": cluster})
        if env.get("ELTC_SECRET_ARN"):
            self.target["SecretArn"] = env["ELTC_SECRET_ARN"]
        # lambda.json names the run-log table the procedures write.
        self.run_log = config["run_log"]

    def call(self, batch, token):
        """Starts the batch's CALL; returns the statement id."""
        values, bucket = batch["params"], batch["bucket"]
        parameters = [{"name": p["name"], "value": params.render(p["value"], self.config, values, bucket)}
                      for p in self.config["call"]["parameters"]]
        response = self.data.execute_statement(
            Sql=self.config["call"]["sql"], Parameters=parameters, ClientToken=token,
            StatementName=f"eltc:{self.config['pipeline']}", **self.target)
        return response["Id"]

    def describe(self, statement_id):
        return self.data.describe_statement(Id=statement_id)

    def wait(self, statement_id, deadline):
        """DescribeStatement until the statement ends or the deadline (monotonic) passes."""
        while True:
            described = self.describe(statement_id)
            if described["Status"] in TERMINAL or time.monotonic() + self.poll > deadline:
                return described
            self.sleep(self.poll)

    def query(self, sql, parameters, deadline):
        """Rows of a small SELECT, as lists of Python values (None when it did not finish)."""
        response = self.data.execute_statement(
            Sql=sql, Parameters=[{"name": k, "value": v} for k, v in parameters.items()], **self.target)
        described = self.wait(response["Id"], deadline)
        if described["Status"] != "FINISHED":
            raise RuntimeError(described.get("Error") or described["Status"])
        rows, token = [], None
        while True:
            page = self.data.get_statement_result(Id=response["Id"], **({"NextToken": token} if token else {}))
            rows += [[_value(field) for field in record] for record in page.get("Records", [])]
            token = page.get("NextToken")
            if not token:
                return rows

    def outcome(self, holder, described):
        """Status fields of a finished statement: duration, error, step row counts, COPY rejects."""
        fields = {"redshift_status": described["Status"],
                  "duration_seconds": round(described.get("Duration", 0) / 1e9, 3),
                  "error": described.get("Error") or (None if described["Status"] == "FINISHED"
                                                      else described["Status"])}
        deadline = time.monotonic() + 60
        try:
            fields["steps"] = [{"step": step, "rows": rows} for step, rows in self.query(
                f"SELECT step, row_count FROM {self.run_log} WHERE pipeline = :pipeline AND logged_at = "
                f"(SELECT MAX(logged_at) FROM {self.run_log} WHERE pipeline = :pipeline) ORDER BY step",
                {"pipeline": self.config["pipeline"]}, deadline)] if described["Status"] == "FINISHED" else []
        except Exception as error:  # the outcome stands; the status says what could not be read
            fields["steps_error"] = str(error)
        try:
            landing = f"s3://{holder['bucket']}/{holder.get('landing', '')}"
            since = time.strftime("%Y-%m-%d %H:%M:%S", time.gmtime(holder.get("started_at", 0) - 300))
            fields["load_errors"] = [
                {"file": f, "line": line, "column": col, "code": code, "message": msg}
                for f, line, col, code, msg in self.query(
                    "SELECT TRIM(file_name), line_number, TRIM(column_name), error_code, TRIM(error_message) "
                    "FROM sys_load_error_detail WHERE start_time >= CAST(:since AS TIMESTAMP) "
                    "AND STRPOS(file_name, :landing) = 1 ORDER BY start_time, line_number "
                    f"LIMIT {MAX_LOAD_ERRORS}", {"since": since, "landing": landing}, deadline)]
        except Exception as error:
            fields["load_errors_error"] = str(error)
        return fields


def _value(field):
    if field.get("isNull"):
        return None
    for kind in ("longValue", "stringValue", "doubleValue", "booleanValue"):
        if kind in field:
            return field[kind]
    return None


def add_rejected_lines(s3, bucket, load_errors):
    """Adds each reject's `raw_line`, read from its file in S3: SYS_LOAD_ERROR_DETAIL has
    no raw line (docs/redshift.md#copy-errors). Only files of `bucket`; bounded by MAX_SCAN_BYTES."""
    wanted = {}
    for entry in load_errors:
        url, line = entry.get("file") or "", entry.get("line")
        if "raw_line" in entry:  # the Glue job reports its rejects with their lines
            continue
        if url.startswith(f"s3://{bucket}/") and isinstance(line, int) and line > 0:
            wanted.setdefault(url[len(f"s3://{bucket}/"):], set()).add(line)
    lines = {}
    for key, numbers in wanted.items():
        try:
            body = s3.get_object(Bucket=bucket, Key=key)["Body"]
        except Exception:  # a file that vanished since the COPY: no raw line, the rest stands
            continue
        scanned, last = 0, max(numbers)
        for number, raw in enumerate(body.iter_lines(keepends=False), start=1):
            scanned += len(raw) + 1
            if number in numbers:
                lines[(key, number)] = raw.decode("utf-8", errors="replace")
            if number >= last or scanned > MAX_SCAN_BYTES:
                break
    for entry in load_errors:
        key = (entry.get("file") or "")[len(f"s3://{bucket}/"):]
        if (key, entry.get("line")) in lines:
            entry["raw_line"] = lines[(key, entry["line"])]
    return load_errors
