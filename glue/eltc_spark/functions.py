"""Spark SQL functions for the Redshift functions whose Spark built-ins give other results.

Registered on the session (`register`) before any expression of a generated
job runs; the Spark SQL target prints these names instead of the built-ins:

- `eltc_initcap(s)`: Redshift's INITCAP "capitalizes the first letter of each
  word ... words are delimited by white space characters and by any
  character that isn't alphanumeric"
  (https://docs.aws.amazon.com/redshift/latest/dg/r_INITCAP.html), so
  `o'neil smith` is `O'Neil Smith`; Spark's initcap splits on white space
  only and gives `O'neil Smith`.
"""

from pyspark.sql.types import StringType


def initcap(text):
    if text is None:
        return None
    out, start = [], True
    for c in text:
        out.append(c.upper() if start else c.lower())
        start = not c.isalnum()
    return "".join(out)


def register(spark):
    spark.udf.register("eltc_initcap", initcap, StringType())
