"""eltc's support library for generated AWS Glue jobs (Glue 5.0: Spark 3.5.4, Python 3.11).

Shipped with the job through `--extra-py-files`, pure PySpark. It reads a
batch's files with the same parsing rules as the COPY the procedure backend
generates (source, split, convert, datetime_format, copy_load, reader), and
runs the batch (job): reads, transforms' views, writes through the Glue
Redshift connection, the report the runtime reads. docs/glue.md.
"""
