"""market_data as a Glue job script: the shape the Glue printer is to emit as glue_job.py.

Written by hand from the pipeline's spec and its generated transform.sql (the
Oracle transforms as eltc translates them; the Redshift SQL of these two
queries is valid Spark SQL once tables are views, SYSDATE the batch's load
time and :eod_date the param). Its source reads are pipelines.MARKET_DATA,
its strategy statements the ones transform.sql runs, reading the stage table.
test_local_job.py runs it under the local shim against PostgreSQL.
"""

import sys

from awsglue.context import GlueContext
from awsglue.job import Job
from eltc_spark.job import Batch, TargetWrite
from pipelines import MARKET_DATA
from pyspark.context import SparkContext

PIPELINE = "market_data"
PARAMS = (("eod_date", "DATE"),)
CONNECTION = "eltc-market_data"
DATABASE = "dev"
RUN_LOG = "etl.eltc_run_log"

SECURITY_DATA = """
SELECT s.securityid, s.symbol, s.name AS security_name, s.lastsale, s.marketcap, s.ipoyear,
       i.industryid, COALESCE(i.industry_name, 'Unknown') AS industry_name,
       r.sectorid, COALESCE(r.sector_name, 'Unknown') AS sector_name
  FROM staging_security s
  LEFT JOIN staging_sector r ON s.sectorid = r.sectorid
  LEFT JOIN staging_industry i ON s.industryid = i.industryid
"""

MARKET_DATA_QUERY = """
SELECT e.eod_date AS eod_date, s.securityid, e.symbol, e.open_price, e.high_price, e.low_price,
       e.eod_price, e.volume, s.industryid, s.industry_name, s.sectorid, s.sector_name,
       s.security_name, s.lastsale, s.marketcap, s.ipoyear,
       CASE WHEN e.open_price IS NULL THEN NULL WHEN e.open_price = 0 THEN NULL
            ELSE e.eod_price - e.open_price END AS price_change,
       eltc_batch.eltc_load_time AS loaded_at
  FROM staging_eod_price e, staging_security_data s, eltc_batch
 WHERE e.symbol = s.symbol AND e.eod_date = eltc_batch.eod_date
"""

SECURITY_DATA_COLUMNS = (
    ("securityid", "integer"), ("symbol", "varchar(20)"), ("security_name", "varchar(100)"),
    ("lastsale", "numeric(10,2)"), ("marketcap", "numeric(38,0)"), ("ipoyear", "smallint"),
    ("industryid", "integer"), ("industry_name", "varchar(100)"), ("sectorid", "integer"),
    ("sector_name", "varchar(30)"))
MARKET_DATA_COLUMNS = (
    ("eod_date", "date"), ("securityid", "integer"), ("symbol", "varchar(20)"), ("open_price", "numeric(8,2)"),
    ("high_price", "numeric(8,2)"), ("low_price", "numeric(8,2)"), ("eod_price", "numeric(8,2)"),
    ("volume", "bigint"), ("industryid", "integer"), ("industry_name", "varchar(100)"), ("sectorid", "integer"),
    ("sector_name", "varchar(30)"), ("security_name", "varchar(100)"), ("lastsale", "numeric(10,2)"),
    ("marketcap", "numeric(38,0)"), ("ipoyear", "smallint"), ("price_change", "numeric(8,2)"),
    ("loaded_at", "timestamp"))


def _names(columns):
    return ", ".join(name for name, _ in columns)


WRITES = (
    TargetWrite("transform:security_data", "staging.security_data", "staging_security_data",
                SECURITY_DATA_COLUMNS, (
                    "DELETE FROM staging.security_data",
                    f"INSERT INTO staging.security_data ({_names(SECURITY_DATA_COLUMNS)}) "
                    f"SELECT {_names(SECURITY_DATA_COLUMNS)} FROM {{stage}}")),
    TargetWrite("transform:market_data", "olap.market_data", "olap_market_data", MARKET_DATA_COLUMNS, (
        "DELETE FROM olap.market_data USING {stage} AS src WHERE olap.market_data.eod_date = src.eod_date",
        f"INSERT INTO olap.market_data ({_names(MARKET_DATA_COLUMNS)}) "
        f"SELECT {_names(MARKET_DATA_COLUMNS)} FROM {{stage}}")),
)


def main(argv):
    glue_context = GlueContext(SparkContext.getOrCreate())
    job = Job(glue_context)
    batch = Batch.start(argv, glue_context, PIPELINE, PARAMS)
    job.init(batch.args.get("JOB_NAME", PIPELINE), batch.args)
    batch.read(MARKET_DATA)
    batch.query("transform:security_data", SECURITY_DATA, "staging_security_data")
    batch.query("transform:market_data", MARKET_DATA_QUERY, "olap_market_data")
    batch.assert_min_rows("olap_market_data", 1, f"no prices staged for {batch.params['eod_date']}")
    batch.assert_unique("olap_market_data", ("eod_date", "symbol"), "unique (eod_date, symbol)")
    batch.write(WRITES, connection=CONNECTION, database=DATABASE, run_log=RUN_LOG)
    batch.finish()
    job.commit()


if __name__ == "__main__":
    main(sys.argv)
