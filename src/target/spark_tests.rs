use super::*;
use crate::spec::model::Dialect;
use crate::spec::types::DataType;
use crate::sql::parse::parse_synthetic;
use sqlparser::ast::Statement;

fn spark() -> SparkSql {
    SparkSql::new(
        [("staging", "eod_price"), ("stg", "store")],
        ["eod_date"],
        ["region_code"],
    )
}

fn query(text: &str) -> Query {
    match parse_synthetic(text, Dialect::Redshift)
        .expect("parses")
        .remove(0)
    {
        Statement::Query(query) => *query,
        other => panic!("not a query: {other}"),
    }
}

fn print(text: &str) -> String {
    spark()
        .query(&query(text))
        .expect("printed")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

fn codes(text: &str) -> Vec<Code> {
    spark()
        .query(&query(text))
        .expect_err("refused")
        .into_iter()
        .map(|r| r.code)
        .collect()
}

#[test]
fn tables_params_and_the_load_time_are_the_jobs_views() {
    assert_eq!(
        print(
            "SELECT e.symbol, staging.eod_price.volume, GETDATE() AS loaded_at, SYSDATE AS t \
             FROM staging.eod_price e WHERE e.eod_date = p_eod_date"
        ),
        "SELECT e.symbol, staging_eod_price.volume, (SELECT eltc_load_time FROM eltc_batch) AS loaded_at, \
         (SELECT eltc_load_time FROM eltc_batch) AS t FROM staging_eod_price e \
         WHERE e.eod_date = (SELECT eod_date FROM eltc_batch)"
    );
}

#[test]
fn initcap_is_redshifts_and_nulls_sort_as_in_redshift() {
    assert_eq!(
        print(
            "SELECT INITCAP(s.name) AS n, ROW_NUMBER() OVER (ORDER BY s.name DESC) AS r \
             FROM stg.store s ORDER BY s.name"
        ),
        "SELECT eltc_initcap(s.name) AS n, ROW_NUMBER() OVER ( ORDER BY s.name DESC NULLS FIRST ) AS r \
         FROM stg_store s ORDER BY s.name NULLS LAST"
    );
}

#[test]
fn quoted_identifiers_are_back_quoted() {
    assert_eq!(
        print("SELECT \"Name\" FROM stg.store"),
        "SELECT `Name` FROM stg_store"
    );
}

#[test]
fn constructs_with_another_meaning_are_refused_each_with_its_code() {
    assert_eq!(
        codes("SELECT a / 2 FROM stg.store"),
        [Code::GlueSparkOperator]
    );
    assert_eq!(
        codes("SELECT TO_CHAR(d, 'DD Mon YYYY') FROM stg.store"),
        [Code::GlueSparkFunction]
    );
    assert_eq!(
        codes("SELECT CAST(a AS VARCHAR(3)) FROM stg.store"),
        [Code::GlueSparkCast]
    );
    assert_eq!(
        codes("SELECT 'O''Brien' FROM stg.store"),
        [Code::GlueSparkLiteral]
    );
    assert_eq!(
        codes("SELECT a FROM stg.store s WHERE s.region_code < 'NE'"),
        [Code::GlueCharComparison]
    );
    assert_eq!(
        codes("SELECT a FROM stg.store WHERE region_code BETWEEN 'A' AND 'B'"),
        [Code::GlueCharComparison]
    );
    assert_eq!(
        codes("SELECT d + INTERVAL '1 day' FROM stg.store"),
        [Code::GlueSparkSyntax]
    );
    assert_eq!(
        codes("SELECT SUBSTRING(a, 0, 2) FROM stg.store"),
        [Code::GlueSparkFunction]
    );
}

fn typed() -> SparkSql {
    let decimal = DataType::Decimal {
        precision: 5,
        scale: 2,
    };
    let integer = DataType::Integer;
    spark().with_column_types([("discount_pct", &decimal), ("quantity", &integer)])
}

fn print_typed(text: &str) -> Result<String, Vec<Code>> {
    typed()
        .query(&query(text))
        .map(|t| t.split_whitespace().collect::<Vec<_>>().join(" "))
        .map_err(|r| r.into_iter().map(|r| r.code).collect())
}

#[test]
fn a_decimal_column_divided_by_a_power_of_ten_is_printed_as_it_is() {
    assert_eq!(
        print_typed("SELECT COALESCE(l.discount_pct, 0) / 100 AS d FROM stg.store l").as_deref(),
        Ok("SELECT COALESCE(l.discount_pct, 0) / 100 AS d FROM stg_store l")
    );
    assert_eq!(
        print_typed("SELECT discount_pct / 10 AS d FROM stg.store").as_deref(),
        Ok("SELECT discount_pct / 10 AS d FROM stg_store")
    );
    // Redshift truncates an integer quotient; Spark would not.
    assert_eq!(
        print_typed("SELECT quantity / 100 AS d FROM stg.store"),
        Err(vec![Code::GlueSparkOperator])
    );
    assert_eq!(
        print_typed("SELECT discount_pct / 3 AS d FROM stg.store"),
        Err(vec![Code::GlueSparkOperator])
    );
}

#[test]
fn to_char_with_digits_only_models_is_date_format() {
    // Redshift: YYYY 4-digit year, MM month 01-12, DD day 01-31, HH24 00-23,
    // MI, SS (r_FORMAT_strings); Spark: yyyy, MM, dd, HH, mm, ss.
    assert_eq!(
        print(
            "SELECT TO_CHAR(d, 'YYYYMMDD') AS k, TO_CHAR(t, 'YYYY-MM-DD HH24:MI:SS') AS s FROM stg.store"
        ),
        "SELECT date_format(d, 'yyyyMMdd') AS k, date_format(t, 'yyyy-MM-dd HH:mm:ss') AS s FROM stg_store"
    );
    // HH is 12-hour in TO_CHAR, MON a month name: not printed.
    assert_eq!(
        codes("SELECT TO_CHAR(t, 'HH:MI') FROM stg.store"),
        [Code::GlueSparkFunction]
    );
    assert_eq!(
        codes("SELECT TO_CHAR(d, 'DD-MON-YYYY') FROM stg.store"),
        [Code::GlueSparkFunction]
    );
}

#[test]
fn char_equality_compares_without_trailing_blanks() {
    assert_eq!(
        print("SELECT a FROM stg.store s WHERE s.region_code = 'NE' AND region_code <> b"),
        "SELECT a FROM stg_store s WHERE rtrim(s.region_code) = rtrim('NE') AND rtrim(region_code) <> rtrim(b)"
    );
    assert_eq!(
        print(
            "SELECT CASE region_code WHEN 'W' THEN 1 END AS w FROM stg.store WHERE region_code IN ('NE', 'W')"
        ),
        "SELECT CASE rtrim(region_code) WHEN rtrim('W') THEN 1 END AS w FROM stg_store WHERE rtrim(region_code) IN (rtrim('NE'), rtrim('W'))"
    );
}

#[test]
fn a_scalar_subquery_fails_on_a_second_row_as_in_redshift() {
    assert_eq!(
        print(
            "SELECT (SELECT p.k FROM stg.store p WHERE p.c = s.c) AS k, (SELECT MAX(k) FROM stg.store) AS m FROM stg.store s"
        ),
        "SELECT element_at(transform(array((SELECT named_struct('n', COUNT(*), 'v', MAX(p.k)) FROM stg_store p WHERE p.c = s.c)), eltc_row -> IF(eltc_row.n > 1, raise_error('more than one row returned by a subquery used as an expression'), eltc_row.v)), 1) AS k, (SELECT MAX(k) FROM stg_store) AS m FROM stg_store s"
    );
}
