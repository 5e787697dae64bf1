"""The source reads of pipelines/market_data and pipelines/retail, as a Glue job declares them.

These are what the Glue printer is to print into glue_job.py from the typed
plan (docs/glue.md, "The printer's contract"), written here from each
pipeline's spec and its generated load.sql (the COPY options and the staged
INSERT ... SELECTs). test_equality.py proves them, and the reader, equal to
eltc's own loader: the staging tables of every fixture day must hold the same
rows after `eltc run-batch` on PostgreSQL as after the Spark read.
"""

from eltc_spark.source import Column, Convert, Expr, SourceRead, Staged


def _columns(text):
    """`name type [not null], ...` -> Columns."""
    out = []
    for part in text.split(";"):
        name, rest = part.strip().split(" ", 1)
        not_null = rest.endswith(" not null")
        out.append(Column(name, rest.removesuffix(" not null"), not_null))
    return tuple(out)


def _raw(names):
    return tuple(Column(name, "varchar(65535)") for name in names.split())


MARKET_DATA = (
    SourceRead("sector", "staging.sector", _columns("sectorid integer not null; sector_name varchar(30) not null"),
               format="csv", delimiter=",", quote='"', empty_as_null=True, round_decimals=True),
    SourceRead("industry", "staging.industry",
               _columns("industryid integer not null; industry_name varchar(100) not null"),
               format="csv", delimiter=",", quote='"', empty_as_null=True, round_decimals=True),
    SourceRead("security", "staging.security", _columns(
        "securityid integer not null; symbol varchar(20); name varchar(100) not null; lastsale numeric(10,2);"
        "marketcap numeric(38,0); ipoyear smallint; sectorid integer; industryid integer; updated_on date"),
        format="csv", delimiter=",", quote='"', empty_as_null=True, fill_record=True, max_errors=50,
        round_decimals=True),
    SourceRead("eod_price", "staging.eod_price", _columns(
        "symbol varchar(20) not null; eod_date date not null; open_price numeric(8,2); high_price numeric(8,2);"
        "low_price numeric(8,2); eod_price numeric(8,2); volume bigint"),
        format="csv", delimiter=",", quote='"', empty_as_null=True, date_format="DD-MON-YYYY",
        round_decimals=True),
)

RETAIL = (
    SourceRead("stores", "etl.stores_raw", _raw("store_id store_name region_code open_date status"),
               format="fixed_width", widths=(5, 30, 3, 8, 1), empty_as_null=True, blanks_as_null=True,
               max_errors=50, staged=(
                   Staged("stg.store", "load:stores:stg.store", (
                       ("store_id", Convert("store_id", "integer")),
                       ("store_name", Expr("UPPER(NULLIF(TRIM(store_name), ''))")),
                       ("region_code", Convert("region_code", "char(3)")),
                       ("open_date", Convert("open_date", "date", "YYYYMMDD")),
                       ("status", Convert("status", "char(1)"))),
                       ("integer", "varchar(30)", "char(3)", "date", "char(1)")),)),
    SourceRead("customers", "etl.customers_raw",
               _raw("customer_id legacy_code full_name email birth_date loyalty_tier"),
               format="csv", delimiter=",", quote='"', header_lines=1, empty_as_null=True,
               blanks_as_null=True, fill_record=True, max_errors=100, staged=(
                   Staged("stg.customer", "load:customers:stg.customer", (
                       ("customer_id", Convert("customer_id", "bigint")),
                       ("full_name", Expr("eltc_initcap(NULLIF(TRIM(full_name), ''))")),
                       ("email", Expr("LOWER(NULLIF(TRIM(email), ''))")),
                       ("birth_date", Convert("birth_date", "date", "DD/MM/YYYY")),
                       ("loyalty_tier", Convert("loyalty_tier", "varchar(10)")),
                       ("source_system", Expr("'CRM'")),
                       ("loaded_at", Expr("eltc_load_time"))),
                       ("bigint", "varchar(80)", "varchar(120)", "date", "varchar(10)", "varchar(10)",
                        "timestamp")),)),
    SourceRead("products", "stg.product", _columns(
        "product_code varchar(12) not null; product_name varchar(60); category varchar(30);"
        "list_price numeric(9,2); effective_date date"),
        format="csv", delimiter=",", quote='"', empty_as_null=True, blanks_as_null=True,
        date_format="YYYY-MM-DD", max_errors=50, round_decimals=True),
    SourceRead("sales", "etl.sales_raw", _raw("rec_type txn_id field_3 field_4 field_5 field_6 discount_pct"),
               format="delimited", delimiter="|", header_lines=1, empty_as_null=True, blanks_as_null=True,
               fill_record=True, staged=(
                   Staged("stg.sales_header", "load:sales:stg.sales_header", (
                       ("txn_id", Convert("txn_id", "bigint")),
                       ("store_id", Convert("field_3", "integer")),
                       ("txn_ts", Convert("field_4", "timestamp", "DD-MON-YYYY HH24:MI:SS")),
                       ("customer_id", Convert("field_5", "bigint")),
                       ("payment_type", Convert("field_6", "char(1)"))),
                       ("bigint", "integer", "timestamp", "bigint", "char(1)"),
                       Expr("SUBSTRING(rec_type, 1, 1) = 'H'")),
                   Staged("stg.sales_line", "load:sales:stg.sales_line", (
                       ("txn_id", Convert("txn_id", "bigint")),
                       ("line_no", Convert("field_3", "smallint")),
                       ("product_code", Convert("field_4", "varchar(12)")),
                       ("quantity", Convert("field_5", "integer")),
                       ("unit_price", Convert("field_6", "numeric(9,2)")),
                       ("discount_pct", Convert("discount_pct", "numeric(5,2)"))),
                       ("bigint", "smallint", "varchar(12)", "integer", "numeric(9,2)", "numeric(5,2)"),
                       Expr("SUBSTRING(rec_type, 1, 1) = 'L'")))),
)

# The files of each source under a fixture day (the `file` patterns rendered).
FILES = {"market_data": {"sector": "sector.csv", "industry": "industry.csv", "security": "security.csv",
                         "eod_price": "eod_price.csv"},
         "retail": {"stores": "stores.dat", "customers": "customers.csv", "products": "products.csv",
                    "sales": "sales_{day}.txt"}}
DAYS = {"market_data": ("2019-06-28", "2019-07-01"), "retail": ("2024-03-01", "2024-03-02")}
SOURCES = {"market_data": MARKET_DATA, "retail": RETAIL}
