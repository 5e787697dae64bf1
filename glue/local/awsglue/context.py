"""`GlueContext` over a plain SparkSession, writing to PostgreSQL over JDBC (see the package doc)."""

import os

from pyspark.sql import SparkSession

DRIVER = "org.postgresql.Driver"


class GlueContext:
    def __init__(self, spark_context):
        self.spark_session = SparkSession.builder.getOrCreate()
        self.write_dynamic_frame = _Writer(self.spark_session)
        self.create_dynamic_frame = _Reader(self.spark_session)


def jdbc_variable(connection):
    """The environment variable holding a Glue connection's JDBC URL in local mode."""
    return "ELTC_LOCAL_JDBC_" + "".join(c if c.isalnum() else "_" for c in connection).upper()


def jdbc_url(connection):
    """The JDBC URL of a Glue connection name in local mode."""
    variable = jdbc_variable(connection)
    url = os.environ.get(variable)
    if not url:
        raise KeyError(f"local mode: set {variable} to the jdbc:postgresql:// URL of connection `{connection}`")
    return url


def run_sql(spark, url, sql):
    """Runs `sql` (statements separated by semicolons) on one new JDBC connection.

    The text is sent as one string, as the Glue Redshift writer sends its
    preactions and postactions: an explicit BEGIN ... END inside it is one
    transaction, and a failing statement raises."""
    if not sql.strip():
        return
    jvm = spark.sparkContext._jvm
    # spark.jars are in Spark's class loader, which DriverManager does not search:
    # the driver is instantiated from it and asked directly.
    loader = jvm.java.lang.Thread.currentThread().getContextClassLoader()
    driver = jvm.java.lang.Class.forName(DRIVER, True, loader).newInstance()
    connection = driver.connect(url, jvm.java.util.Properties())
    try:
        statement = connection.createStatement()
        statement.execute(sql)
        statement.close()
    finally:
        connection.close()


class _Writer:
    def __init__(self, spark):
        self.spark = spark

    def from_jdbc_conf(self, frame, catalog_connection, connection_options=None, redshift_tmp_dir="",
                       transformation_ctx=""):
        options = dict(connection_options or {})
        url = jdbc_url(catalog_connection)
        data = frame.toDF() if hasattr(frame, "toDF") else frame
        run_sql(self.spark, url, options.get("preactions", ""))
        (data.write.format("jdbc").option("url", url).option("driver", DRIVER)
         .option("dbtable", options["dbtable"]).mode("append").save())
        run_sql(self.spark, url, options.get("postactions", ""))
        return frame


class _Reader:
    def __init__(self, spark):
        self.spark = spark

    def from_options(self, connection_type, connection_options=None, format=None, format_options=None,  # noqa: A002
                     transformation_ctx=""):
        """A Redshift read by connection name (`dbtable`): the table over JDBC from PostgreSQL."""
        from awsglue.dynamicframe import DynamicFrame

        options = dict(connection_options or {})
        if connection_type != "redshift" or "connectionName" not in options:
            raise ValueError("local mode reads only connection_type redshift with a connectionName")
        url = jdbc_url(options["connectionName"])
        data = (self.spark.read.format("jdbc").option("url", url).option("driver", DRIVER)
                .option("dbtable", options["dbtable"]).load())
        return DynamicFrame(data, None, options["dbtable"])
