"""One batch of a generated Glue job: arguments, source reads, target writes, the report.

A generated glue_job.py is a list of declarations (eltc_spark.source) and
calls into this module, in this order:

    batch = Batch.start(sys.argv, GlueContext(SparkContext.getOrCreate()), PIPELINE, PARAMS)
    batch.read(SOURCES)                 # each source, staged tables, temp views
    batch.query("transform:x", SQL)     # Spark SQL over the views (a temp view too)
    batch.write(WRITES, connection=..., database=..., schema=...)
    batch.finish()

A pipeline whose steps read the warehouse (a table no source loads), run
statements there (an `sql:` step) or check it after a write (`no_rows`)
has several `batch.write` calls, one per commit: the printer puts one
before a warehouse read that must see earlier writes, and the job then
reads the table back (`batch.read_warehouse`) through the same connection.
Each `write` call is then its own Redshift transaction (docs/glue.md).

Arguments (docs/glue.md; the runtime's eltc_glue.arguments gives them):
`--param_<name>` per param, `--eltc_landing`, `--eltc_manifests` (source ->
manifest URL), `--eltc_batch`; Glue adds `--JOB_NAME`, `--JOB_RUN_ID` and
`--TempDir`. Bookmarks are never used: the manifests name the batch's files.

Writes: every target's rows go to a stage table of its own (the Glue
Redshift writer's `dbtable`, created by that write's `preactions`); the last
write's `postactions` apply every target's strategy statements, the run-log
rows and the stage tables' removal inside one explicit BEGIN ... END, so the
batch's changes to the warehouse are one Redshift transaction, as one CALL
is for the procedure backend. Row counts of every step are logged (one JSON
line each) and written, with the rejected lines, to the job report
`<landing>_eltc/<JOB_RUN_ID>.json`, which the runtime reads back.
"""

import datetime as dt
import json
import time
from dataclasses import dataclass

from . import reader

REPORT_FORMAT = "eltc-glue-report/1"
# The one-row view of the batch: every param (typed) and the load time, for the transforms.
BATCH_VIEW = "eltc_batch"


def log(message, **fields):
    print(json.dumps({"message": message, **fields}, sort_keys=True, default=str), flush=True)


def literal(value):
    """A Redshift / PostgreSQL string literal (quotes doubled, backslashes doubled)."""
    return "'" + str(value).replace("\\", "\\\\").replace("'", "''") + "'"


@dataclass(frozen=True)
class WarehouseSql:
    """A step that runs `statements` in the warehouse (an `sql:` step), in the order of
    the writes around it, inside the same transaction. The job cannot learn their row
    counts through the connector: the run log gets NULL."""

    step: str
    statements: tuple


@dataclass(frozen=True)
class WarehouseRead:
    """A warehouse table read back into the temp view of its name, typed as declared."""

    table: str
    columns: tuple  # (source.Column, ...)


@dataclass(frozen=True)
class TargetWrite:
    """One target: the step's rows into `table` through a stage table, then `statements`
    (the strategy, expanded by eltc for the target, reading `{stage}`)."""

    step: str
    table: str
    view: str  # the temp view holding the step's rows
    columns: tuple  # ((name, Redshift type), ...): the stage table's columns
    statements: tuple  # SQL, each may name the stage table as {stage}

    @property
    def stage(self):
        """`<schema>.eltc_stage_<table>`: one per target (the job runs one batch at a time);
        a failed run's stage table is dropped by the next run's preactions."""
        schema, _, name = self.table.rpartition(".")
        return f"{schema}.eltc_stage_{name}" if schema else f"eltc_stage_{name}"


class Batch:
    """The state of one job run."""

    def __init__(self, glue_context, pipeline, args, params, types):
        self.glue_context = glue_context
        self.spark = glue_context.spark_session
        self.pipeline = pipeline
        self.args = args
        self.params = params
        self.run_id = args["JOB_RUN_ID"]
        self.landing = args["eltc_landing"]
        self.manifests = json.loads(args["eltc_manifests"])
        # One load time per batch, as SYSDATE is one value per CALL (the transaction's start).
        self.load_time = dt.datetime.now(dt.timezone.utc).replace(tzinfo=None, microsecond=0)
        self.steps, self.rejected = [], []
        self.logged = 0  # the steps whose run-log rows a commit has written
        self.started = time.monotonic()
        columns = [f"CAST({literal(params[name])} AS {ty}) AS {name}" for name, ty in types]
        columns.append(f"CAST({literal(self.load_time)} AS TIMESTAMP) AS {reader.LOAD_TIME}")
        self.spark.sql("SELECT " + ", ".join(columns)).createOrReplaceTempView(BATCH_VIEW)

    @classmethod
    def start(cls, argv, glue_context, pipeline, params):
        """The batch of this job run; `params` are the pipeline's ((name, Spark SQL type), ...)."""
        from awsglue.utils import getResolvedOptions

        names = ["JOB_RUN_ID", "eltc_landing", "eltc_manifests", "eltc_batch"]
        args = getResolvedOptions(argv, names + [f"param_{name}" for name, _ in params])
        values = {name: args[f"param_{name}"] for name, _ in params}
        log("batch", pipeline=pipeline, run_id=args["JOB_RUN_ID"], params=values, landing=args["eltc_landing"])
        return cls(glue_context, pipeline, args, values, params)

    def step(self, name, rows):
        self.steps.append({"step": name, "rows": rows})
        log("step", pipeline=self.pipeline, step=name, rows=rows)

    def read(self, sources):
        """Every source into temp views: `<source table>` for a direct COPY, the staged tables too."""
        for source in sources:
            files = reader.manifest_files(self.spark, self.manifests[source.name])
            frame, rejected = reader.read_source(self.spark, source, files)
            self.rejected += [dict(r, file=_url_of(files, r["file"])) for r in rejected]
            frame = frame.cache()
            frame.createOrReplaceTempView(view_name(source.table))
            self.step(f"load:{source.name}", frame.count())
            for staged in source.staged:
                rows = reader.stage(frame, staged, self.load_time).cache()
                rows.createOrReplaceTempView(view_name(staged.table))
                self.step(staged.step, rows.count())

    def query(self, step, sql, view):
        """A transform's rows (Spark SQL over the views) as the temp view `view`."""
        frame = self.spark.sql(sql).cache()
        frame.createOrReplaceTempView(view)
        self.step(step, frame.count())
        return frame

    def assert_min_rows(self, view, minimum, message):
        """The step's `min_rows` assertion: fewer rows fail the batch with the spec's message."""
        rows = self.spark.table(view).count()
        if rows < minimum:
            raise AssertionFailed(message)

    def assert_unique(self, view, keys, message):
        """The step's `unique` assertion: a key held by two rows fails the batch."""
        duplicates = self.spark.table(view).groupBy(*keys).count().where("count > 1").limit(5).collect()
        if duplicates:
            shown = "; ".join(", ".join(f"{k}={row[k]}" for k in keys) for row in duplicates)
            raise AssertionFailed(f"{message}: {shown}")

    def write(self, writes, connection, database, run_log, tmp_dir=""):
        """Each target through its stage table; the last write applies all in one transaction.

        `writes` holds TargetWrite and WarehouseSql items in step order; the run-log rows
        are those of the steps since the previous `write`."""
        from awsglue.dynamicframe import DynamicFrame

        for item in writes:
            if isinstance(item, WarehouseSql):
                self.step(item.step, None)
        counts = {s["step"]: s["rows"] for s in self.steps}
        params_text = ", ".join(f"{k}={v}" for k, v in self.params.items())
        final = ["BEGIN"]
        for item in writes:
            if isinstance(item, WarehouseSql):
                final += list(item.statements)
            else:
                final += [s.replace("{stage}", item.stage) for s in item.statements]
        for entry in self.steps[self.logged:]:
            rows = "NULL" if entry["rows"] is None else int(entry["rows"])
            final.append(f"INSERT INTO {run_log} (pipeline, step, row_count, params, logged_at) VALUES "
                         f"({literal(self.pipeline)}, {literal(entry['step'])}, {rows}, "
                         f"{literal(params_text)}, CAST({literal(self.load_time)} AS TIMESTAMP))")
        self.logged = len(self.steps)
        frames = [w for w in writes if isinstance(w, TargetWrite)]
        if not frames and any(isinstance(w, WarehouseSql) for w in writes):
            frames = [_carrier(run_log)]
        final += [f"DROP TABLE {w.stage}" for w in frames]
        final.append("END")
        for i, write in enumerate(frames):
            stage = write.stage
            columns = ", ".join(f"{name} {ty}" for name, ty in write.columns)
            options = {"dbtable": stage, "database": database,
                       "preactions": f"DROP TABLE IF EXISTS {stage}; CREATE TABLE {stage} ({columns});"}
            if i == len(frames) - 1:
                options["postactions"] = "; ".join(final) + ";"
            if write.view:
                frame = self.spark.table(write.view).select(*[name for name, _ in write.columns])
            else:
                frame = self.spark.sql("SELECT CAST(NULL AS INT) AS eltc_none WHERE 1 = 0")
            self.glue_context.write_dynamic_frame.from_jdbc_conf(
                frame=DynamicFrame.fromDF(frame, self.glue_context, write.step), catalog_connection=connection,
                connection_options=options, redshift_tmp_dir=tmp_dir)
            log("written", step=write.step, table=write.table, stage=stage, rows=counts.get(write.step))

    def read_warehouse(self, read, connection, database, tmp_dir=""):
        """A warehouse table (as the last commit left it) into the temp view of its name,
        with the declared types, through the Glue Redshift connection."""
        frame = self.glue_context.create_dynamic_frame.from_options(
            connection_type="redshift",
            connection_options={"useConnectionProperties": "true", "connectionName": connection,
                                "database": database, "dbtable": read.table, "redshiftTmpDir": tmp_dir},
        ).toDF()
        typed = frame.select(*[frame[c.name].cast(reader.spark_type(c.type)).alias(c.name) for c in read.columns])
        typed = typed.cache()
        typed.createOrReplaceTempView(view_name(read.table))
        log("read", pipeline=self.pipeline, table=read.table, rows=typed.count())

    def assert_no_rows(self, step, sql, message):
        """A `no_rows` assertion, after its step's write was committed: rows fail the batch."""
        found = self.spark.sql(sql).count()
        if found:
            raise AssertionFailed(f"{message} ({step}: {found} rows)")

    def report(self):
        return {"format": REPORT_FORMAT, "pipeline": self.pipeline, "run_id": self.run_id,
                "params": self.params, "steps": self.steps, "rejected": self.rejected,
                "seconds": round(time.monotonic() - self.started, 3)}

    def finish(self):
        """Writes the job report where the runtime reads it: `<landing>_eltc/<run id>.json`."""
        url = f"{self.landing}_eltc/{self.run_id}.json"
        jvm = self.spark.sparkContext._jvm
        path = jvm.org.apache.hadoop.fs.Path(url)
        fs = path.getFileSystem(self.spark.sparkContext._jsc.hadoopConfiguration())
        out = fs.create(path, True)
        try:
            out.write(bytearray(json.dumps(self.report(), indent=2, sort_keys=True).encode()))
        finally:
            out.close()
        log("report", url=url, steps=len(self.steps), rejected=len(self.rejected))
        return url


class AssertionFailed(Exception):
    """An assertion of the spec failed: the batch fails before anything is written."""


def _carrier(run_log):
    """The empty write whose postactions run a commit that has no target frame (only
    warehouse statements): the connector runs SQL only around a write."""
    schema = run_log.rpartition(".")[0]
    return TargetWrite("eltc:commit", f"{schema}.eltc_none" if schema else "eltc_none", "",
                       (("eltc_none", "integer"),), ())


def view_name(table):
    """The temp view of a table: `stg.store` -> `stg_store` (views have no schema)."""
    return table.replace(".", "_")


def _url_of(files, name):
    return next((f for f in files if f.rsplit("/", 1)[-1] == name), name)
