"""Sources into Spark DataFrames with COPY's rules, and staged sources into their tables.

`read_source` reads the file a manifest lists (COPY manifest format:
`{"entries": [{"url", "mandatory"}]}`, written by the runtime) with an
explicit schema: each file is parsed by eltc_spark.copy_load in one task, so
line numbers, rejects and MAXERROR are exactly COPY's (a file is COPY's unit
of parallelism too when a manifest lists one file). `stage` runs a staged
source's INSERT ... SELECT: the record-type condition and the column
expressions in Spark SQL, the typed conversions of raw fields in Python with
the load procedure's rules (NULLIF(TRIM(f), '') then a strict conversion: a
value that does not convert fails the batch, as the SQL statement would).

Every DataFrame here has an explicit schema: nothing is inferred.
"""

import json

from pyspark.sql import functions as F
from pyspark.sql import types as T

from . import copy_load, datetime_format, functions
from .convert import FieldError, decimal, fit, integer
from .source import SqlType

LOAD_TIME = "eltc_load_time"
_INTEGERS = {"smallint": (-(2**15), 2**15 - 1), "integer": (-(2**31), 2**31 - 1), "bigint": (-(2**63), 2**63 - 1)}


class LoadFailed(Exception):
    """A source could not be loaded: the batch fails (its message names the file and the records)."""


def spark_type(sql_type):
    ty = sql_type if isinstance(sql_type, SqlType) else SqlType.parse(sql_type)
    return {"smallint": T.ShortType(), "integer": T.IntegerType(), "bigint": T.LongType(),
            "real": T.FloatType(), "double precision": T.DoubleType(), "boolean": T.BooleanType(),
            "char": T.StringType(), "varchar": T.StringType(), "date": T.DateType(),
            "timestamp": T.TimestampType(), "timestamptz": T.TimestampType(),
            }.get(ty.name) or T.DecimalType(ty.length, ty.scale)


def schema(columns):
    return T.StructType([T.StructField(c.name, spark_type(c.type), not c.not_null) for c in columns])


def manifest_files(spark, manifest_url):
    """The data file URLs a COPY manifest lists."""
    [(_, text)] = spark.sparkContext.wholeTextFiles(manifest_url).collect()
    return [entry["url"] for entry in json.loads(text)["entries"]]


def _parse(source):
    def parse(item):
        path, data = item
        name = path.rsplit("/", 1)[-1]
        try:
            rows, rejected = copy_load.load(source, bytes(data), name)
        except copy_load.TooManyErrors as error:
            yield ("failed", str(error), [r.as_report() for r in error.rejected])
            return
        for row in rows:
            yield ("row", row)
        for reject in rejected:
            yield ("rejected", reject.as_report())
    return parse


def read_source(spark, source, files):
    """(DataFrame of the rows COPY stores, rejected records as report entries) of `files`."""
    parsed = spark.sparkContext.binaryFiles(",".join(files), minPartitions=1).flatMap(_parse(source))
    parsed = parsed.cache()
    problems = parsed.filter(lambda item: item[0] != "row").collect()
    failed = [p for p in problems if p[0] == "failed"]
    if failed:
        parsed.unpersist()
        raise LoadFailed("; ".join(f[1] for f in failed))
    rows = parsed.filter(lambda item: item[0] == "row").map(lambda item: item[1])
    frame = spark.createDataFrame(rows, schema(source.columns))
    return frame, [p[1] for p in problems]


class ConversionFailed(ValueError):
    """A raw value the load procedure's conversion refuses: the batch fails."""


def staged_value(value, sql_type, copy_format):
    """A raw field as the load procedure converts it (src/backend/plan/convert.rs)."""
    ty = SqlType.parse(sql_type)
    if value is None:
        return None
    try:
        if ty.is_text:
            return fit(value, ty.length, ty.name == "char")
        text = value.strip(" ")
        if text == "":
            return None
        if ty.name in _INTEGERS:
            return integer(text, *_INTEGERS[ty.name])
        if ty.name == "decimal":
            return decimal(text, ty.length, ty.scale, True)
        if ty.name in ("real", "double precision"):
            return float(text)
        if ty.name == "boolean":
            return {"t": True, "true": True, "f": False, "false": False}[text.lower()]
        converted = datetime_format.read(datetime_format.tokens(copy_format), text, ty.name == "date")
    except (FieldError, ValueError, KeyError):
        converted = None
    if converted is None:
        raise ConversionFailed(f"invalid input for type {sql_type}: '{value}'")
    return converted


def stage(raw, staged, load_time):
    """The rows `staged` inserts from the raw DataFrame `raw` (all-VARCHAR columns)."""
    spark = raw.sparkSession
    functions.register(spark)
    frame = raw.withColumn(LOAD_TIME, F.lit(load_time).cast("timestamp"))
    if staged.where is not None:
        frame = frame.where(F.expr(staged.where.sql))
    selected = []
    for i, (_, how) in enumerate(staged.columns):
        selected.append((F.expr(how.sql) if hasattr(how, "sql") else F.col(how.field)).alias(f"_{i}"))
    frame = frame.select(*selected)
    plan = [(how, ty) for (_, how), ty in zip(staged.columns, staged.types)]

    def convert(row):
        return tuple(_staged_column(row[i], how, ty) for i, (how, ty) in enumerate(plan))

    target = T.StructType([T.StructField(name, spark_type(ty), True)
                           for (name, _), ty in zip(staged.columns, staged.types)])
    return spark.createDataFrame(frame.rdd.map(convert), target)


def _staged_column(value, how, sql_type):
    if hasattr(how, "field"):
        return staged_value(value, sql_type, how.format)
    ty = SqlType.parse(sql_type)
    if ty.is_text and value is not None:
        if not isinstance(value, str):
            # Redshift would store its own text of the value, which Python's str() need not match.
            raise ConversionFailed(f"a {type(value).__name__} value for a {sql_type} column: '{value}'")
        # An expression's text is stored as an INSERT stores it: within the length in bytes.
        try:
            return fit(value, ty.length, ty.name == "char")
        except FieldError:
            raise ConversionFailed(f"value too long for type {sql_type}: '{value}'")
    return value
