"""The Spark SQL forms src/target/spark.rs prints for Redshift constructs, run under Spark.

Each case runs the printed form (as the Rust unit tests in src/target/spark_tests.rs
pin it) and checks the value Redshift's documentation gives for the construct:
- TO_CHAR with YYYY, MM, DD, HH24, MI, SS (r_FORMAT_strings.html) -> date_format;
- CHAR comparisons ignore trailing blanks (r_Character_types.html, "Significance of
  trailing blanks") -> both sides through rtrim;
- a DECIMAL divided by a power of ten keeps every digit (r_numeric_computations201.html);
- a scalar subquery returning two rows is an error, none is NULL.
"""

from decimal import Decimal

import pytest


def one(spark, sql):
    return spark.sql(sql).collect()[0][0]


def test_to_char_digit_models_print_redshifts_digits(spark):
    # TO_CHAR(DATE '2024-03-01', 'YYYYMMDD') is '20240301'; a year below 1000 keeps four digits.
    assert one(spark, "SELECT date_format(DATE '2024-03-01', 'yyyyMMdd')") == "20240301"
    assert one(spark, "SELECT date_format(DATE '0987-01-05', 'yyyy-MM-dd')") == "0987-01-05"
    # HH24 is 00-23.
    assert one(spark, "SELECT date_format(TIMESTAMP '2024-03-01 21:05:09', 'yyyy-MM-dd HH:mm:ss')") == \
        "2024-03-01 21:05:09"
    assert one(spark, "SELECT CAST(date_format(CAST(TIMESTAMP '2024-03-02 23:59:59' AS DATE), 'yyyyMMdd') "
                      "AS INTEGER)") == 20240302


def test_char_equality_ignores_trailing_blanks(spark):
    # 'W  ' as a CHAR(3) holds it equals 'W' in Redshift; Spark's plain `=` says no.
    assert one(spark, "SELECT 'W  ' = 'W'") is False
    assert one(spark, "SELECT rtrim('W  ') = rtrim('W')") is True
    assert one(spark, "SELECT rtrim('W  ') IN (rtrim('E'), rtrim('W'))") is True
    assert one(spark, "SELECT CASE rtrim('C  ') WHEN rtrim('C') THEN 'CASH' END") == "CASH"
    # Leading blanks still count, as in Redshift.
    assert one(spark, "SELECT rtrim(' W') = rtrim('W')") is False


def test_a_decimal_by_a_power_of_ten_keeps_every_digit(spark):
    # numeric(5,2) 12.35 / 100 = 0.1235 exactly; the net amount of retail's lines rounds alike.
    value = one(spark, "SELECT COALESCE(CAST(12.35 AS DECIMAL(5,2)), 0) / 100")
    assert value == Decimal("0.1235")
    net = one(spark, "SELECT ROUND(CAST(3 AS INT) * CAST(19.99 AS DECIMAL(9,2)) "
                     "* (1 - COALESCE(CAST(12.50 AS DECIMAL(5,2)), 0) / 100), 2)")
    # 3 * 19.99 = 59.97; * 0.875 = 52.47375 -> 52.47 (ROUND half away from zero).
    assert net == Decimal("52.47")


def test_a_scalar_subquery_fails_on_a_second_row_and_is_null_for_none(spark):
    spark.sql("SELECT * FROM VALUES (1, 10), (2, 20), (2, 21), (4, NULL) AS t(k, v)").createOrReplaceTempView("forms_t")
    spark.sql("SELECT * FROM VALUES (1), (2), (3), (4) AS o(k)").createOrReplaceTempView("forms_o")

    def subquery(where):
        return ("SELECT o.k, element_at(transform(array((SELECT named_struct('n', COUNT(*), 'v', MAX(t.v)) "
                "FROM forms_t t WHERE t.k = o.k)), eltc_row -> IF(eltc_row.n > 1, raise_error('more than one row returned by "
                f"a subquery used as an expression'), eltc_row.v)), 1) AS v FROM forms_o o {where} ORDER BY o.k")

    # One row: its value; none, or one NULL: NULL. Key 2 (two rows) is filtered out before
    # the select list, so it fails nothing, as in Redshift.
    rows = spark.sql(subquery("WHERE o.k <> 2")).collect()
    assert [(r.k, r.v) for r in rows] == [(1, 10), (3, None), (4, None)]
    with pytest.raises(Exception, match="more than one row"):
        spark.sql(subquery("")).collect()
    # A raise_error inside the aggregate would fire for key 2 even when no outer row reads
    # it: Spark aggregates every key of the inner table (why the check is outside).
    with pytest.raises(Exception, match="more than one row"):
        spark.sql("SELECT o.k, (SELECT CASE WHEN COUNT(*) > 1 THEN raise_error('more than one row') "
                  "ELSE MAX(t.v) END FROM forms_t t WHERE t.k = o.k) AS v FROM forms_o o "
                  "WHERE o.k <> 2").collect()
