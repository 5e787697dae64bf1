"""A local stand-in for the `awsglue` entry points a generated eltc Glue job uses.

AWS Glue provides the real `awsglue` package in its job runtime; it is not on
PyPI. This shim is the one place where a local run differs from a run on
Glue: `getResolvedOptions` reads the same `--name value` arguments,
`GlueContext` wraps a plain SparkSession, and
`GlueContext.create_dynamic_frame.from_options` reads a table of a
Redshift connection from PostgreSQL over JDBC, and
`GlueContext.write_dynamic_frame.from_jdbc_conf` writes to PostgreSQL over
JDBC (the connection named by `catalog_connection` is looked up in the
environment variable ELTC_LOCAL_JDBC_<NAME>, a `jdbc:postgresql://` URL)
where Glue writes to Redshift through the connector: the `preactions` run,
the frame is inserted into `dbtable`, then the `postactions` run, each list
on one connection as Glue runs them. Generated scripts never import it:
PYTHONPATH puts it first for local runs only (docs/glue.md).
"""
