"""The Python side of `eltc test --backend glue`: generated Glue jobs run batch by batch
in one local Spark session.

eltc (src/runner/glue) starts this script once per `eltc test` run, with
PYTHONPATH holding the job library (eltc_spark) and the awsglue shim, and
drives it over pipes, one JSON object per line:

- this script first answers `{"ready": true, "spark": VERSION}` once Spark has
  started (a start costs 15-20 s, so one session serves every case), or
  `{"missing": WHAT}` when pyspark cannot be imported;
- then, for each request `{"job": PATH, "jdbc": URL, "argv": [...],
  "report": PATH}`, it runs the generated job's `main(argv)` (the runtime's
  arguments: params, local landing folder, manifests) with the job's Glue
  connection pointed at `jdbc` (the shim reads ELTC_LOCAL_JDBC_<CONNECTION>),
  and answers `{"ok": true, "rejected": [...]}` (the records rejected within
  MAXERROR, from the job report: file name, line, column, position, code,
  message, raw line) or `{"ok": false, "error": [lines]}` (a failed
  assertion, rejects over MAXERROR, a failing write: the batch failed).

eltc compares the warehouse's tables itself, with the procedure backend's diff.
The protocol owns the process's real stdout: the job's own log lines, Spark's
and Java's output go to stderr, which eltc keeps in a log file.
"""

import importlib.util
import json
import os
import sys
import traceback

# The protocol's stream, then fd 1 redirected to stderr: the JVM and Spark's Python
# workers inherit fd 1 and must not write into the protocol.
PROTOCOL = os.fdopen(os.dup(1), "w", buffering=1)
os.dup2(2, 1)
sys.stdout = sys.stderr


def say(message):
    PROTOCOL.write(json.dumps(message) + "\n")
    PROTOCOL.flush()


def start_spark():
    from pyspark.sql import SparkSession

    jar = os.environ["ELTC_JDBC_JAR"]
    # As glue/tests/conftest.py: local[2], UTC everywhere (Glue's), the JDBC driver.
    return (SparkSession.builder.master("local[2]").appName("eltc-test-glue")
            .config("spark.jars", jar)
            .config("spark.ui.enabled", "false")
            .config("spark.sql.shuffle.partitions", "2")
            .config("spark.sql.session.timeZone", "UTC")
            .config("spark.driver.extraJavaOptions", "-Duser.timezone=UTC")
            .config("spark.executor.extraJavaOptions", "-Duser.timezone=UTC")
            .getOrCreate())


# Each generated script imported once for the session: path -> module.
JOBS = {}


def load_job(path):
    if path not in JOBS:
        spec = importlib.util.spec_from_file_location(f"eltc_glue_job_{len(JOBS)}", path)
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        JOBS[path] = module
    return JOBS[path]


def reset(spark):
    """Nothing of a batch is seen by the next: its temp views and cached frames go."""
    for table in spark.catalog.listTables():
        if table.isTemporary:
            spark.catalog.dropTempView(table.name)
    spark.catalog.clearCache()


def error_lines(error):
    """Why a batch failed, in a few lines: a Java exception's message, not its stack."""
    java = getattr(error, "java_exception", None)
    if java is not None:
        text = f"{java.getClass().getName()}: {java.getMessage()}"
    else:
        text = f"{type(error).__name__}: {error}"
    lines = [line for line in text.splitlines() if line.strip()]
    return lines[:20] or [type(error).__name__]


def rejected(report_path):
    """The job report's rejects, each file by its name (as eltc's loader names it)."""
    with open(report_path, encoding="utf-8") as file:
        report = json.load(file)
    return [dict(entry, file=entry["file"].rsplit("/", 1)[-1]) for entry in report.get("rejected", [])]


def run(spark, request):
    from awsglue.context import jdbc_variable

    job = load_job(request["job"])
    os.environ[jdbc_variable(job.CONNECTION)] = request["jdbc"]
    reset(spark)
    try:
        job.main(request["argv"])
    except Exception as error:  # every failure of the job fails the batch
        traceback.print_exc()
        return {"ok": False, "error": error_lines(error)}
    return {"ok": True, "rejected": rejected(request["report"])}


def main():
    try:
        import pyspark
    except ImportError:
        say({"missing": "pyspark"})
        return 1
    spark = start_spark()
    say({"ready": True, "spark": pyspark.__version__})
    for line in sys.stdin:
        if line.strip():
            say(run(spark, json.loads(line)))
    spark.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
