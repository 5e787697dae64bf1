"""The AWS Glue side of eltc's runtime: a batch as one Glue job run, followed to its end.

Part of eltc's generic Lambda runtime, for pipelines built for the Glue backend
(lambda.json `"engine": "glue"`); the procedure backend's side is
eltc_redshift.py, and handler.py drives either through the same methods
(`call`, `describe`, `wait`, `outcome`). The job is ELTC_GLUE_JOB (name),
created by the pipeline's stack with at most one concurrent run.

A batch is one `glue:StartJobRun` whose arguments carry everything the job
needs: each param's canonical text (`--param_<name>`: a prefix, because Glue
reserves bare names such as `--mode` and `--conf`), the landing prefix
(`--eltc_landing`), the COPY manifests the handler wrote (`--eltc_manifests`,
a JSON object source -> s3:// URL) and the batch token (`--eltc_batch`).
StartJobRun has no client token, so the batch token is what makes a retried
start safe: before starting, the job's recent runs are searched for a run
with the same token, and that run is followed instead of starting a second
one (a crash between StartJobRun and recording the JobRunId). The job writes
its outcome, the row count of every step and the rejected lines, to
`<landing>_eltc/<JobRunId>.json` (eltc_spark.job.JobReport), read back here.

Glue job run states (AWS Glue API, "JobRun" structure, JobRunState) are
mapped onto the runtime's statement vocabulary: SUCCEEDED -> FINISHED;
FAILED, ERROR, TIMEOUT -> FAILED; STOPPED, EXPIRED -> ABORTED; STARTING,
RUNNING, STOPPING, WAITING go on.
"""

import json
import time

from botocore.exceptions import ClientError

TERMINAL = ("FINISHED", "FAILED", "ABORTED")
_STATES = {"SUCCEEDED": "FINISHED", "FAILED": "FAILED", "ERROR": "FAILED", "TIMEOUT": "FAILED",
           "STOPPED": "ABORTED", "EXPIRED": "ABORTED"}
# GetJobRuns pages searched for a run of the same batch (200 runs a page, newest first).
MAX_RUN_PAGES = 5
RESULT_DIR = "_eltc/"


def arguments(config, values, landing_url, manifests, token):
    """The StartJobRun `Arguments` of a batch (all values are strings, as Glue requires)."""
    args = {f"--param_{p['name']}": values[p["name"]] for p in config["params"]}
    args["--eltc_landing"] = landing_url
    args["--eltc_manifests"] = json.dumps(manifests, sort_keys=True)
    args["--eltc_batch"] = token
    return args


class GlueJob:
    """Glue calls for one pipeline (the job name comes from the stack: ELTC_GLUE_JOB)."""

    HANDLE = "job_run_id"
    TERMINAL = TERMINAL

    def __init__(self, glue, s3, config, env, sleep):
        self.glue = glue
        self.s3 = s3
        self.config = config
        self.sleep = sleep
        self.poll = float(env.get("ELTC_POLL_SECONDS", "15"))
        self.job = env.get("ELTC_GLUE_JOB", "")
        if not self.job:
            raise ValueError("set ELTC_GLUE_JOB to the pipeline's Glue job name")

    def call(self, batch, token):
        """Starts the batch's job run (or finds the one a crashed start left); returns its id."""
        earlier = self.find_run(token)
        if earlier:
            return earlier
        landing_url = f"s3://{batch['bucket']}/{batch['landing']}"
        manifests = {source: f"s3://{batch['bucket']}/{key}" for source, key in batch["manifest_keys"].items()}
        response = self.glue.start_job_run(
            JobName=self.job, Arguments=arguments(self.config, batch["params"], landing_url, manifests, token))
        return response["JobRunId"]

    def find_run(self, token):
        """The id of a run of this job started for batch `token`, if any."""
        kwargs = {"JobName": self.job, "MaxResults": 200}
        for _ in range(MAX_RUN_PAGES):
            page = self.glue.get_job_runs(**kwargs)
            for run in page.get("JobRuns", []):
                if run.get("Arguments", {}).get("--eltc_batch") == token:
                    return run["Id"]
            if not page.get("NextToken"):
                return None
            kwargs["NextToken"] = page["NextToken"]
        return None

    def describe(self, run_id):
        """The run in the runtime's vocabulary: Status, Error, Duration (ns), and Glue's own state."""
        run = self.glue.get_job_run(JobName=self.job, RunId=run_id, PredecessorsIncluded=False)["JobRun"]
        state = run["JobRunState"]
        described = {"Id": run_id, "Status": _STATES.get(state, state), "JobRunState": state,
                     "Duration": int(run.get("ExecutionTime", 0)) * 1_000_000_000}
        if run.get("ErrorMessage"):
            described["Error"] = run["ErrorMessage"]
        return described

    def wait(self, run_id, deadline):
        """GetJobRun until the run ends or the deadline (monotonic) passes."""
        while True:
            described = self.describe(run_id)
            if described["Status"] in TERMINAL or time.monotonic() + self.poll > deadline:
                return described
            self.sleep(self.poll)

    def outcome(self, holder, described):
        """Status fields of an ended run: its state, duration, error, and the job's own report."""
        fields = {"glue_job_run_state": described["JobRunState"],
                  "duration_seconds": round(described.get("Duration", 0) / 1e9, 3),
                  "error": described.get("Error") or (None if described["Status"] == "FINISHED"
                                                      else described["JobRunState"])}
        key = f"{holder.get('landing', '')}{RESULT_DIR}{holder['statement_id']}.json"
        try:
            report = json.loads(self.s3.get_object(Bucket=holder["bucket"], Key=key)["Body"].read())
            fields["steps"] = report.get("steps", [])
            fields["load_errors"] = report.get("rejected", [])
        except (ClientError, ValueError) as error:  # the outcome stands; the status says what is missing
            fields["steps"], fields["load_errors"] = [], []
            fields["steps_error"] = f"no job report at s3://{holder['bucket']}/{key}: {error}"
        return fields
