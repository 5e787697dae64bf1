use super::*;
use crate::spec::model::Dialect;
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
        codes("SELECT TO_CHAR(d, 'YYYY') FROM stg.store"),
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
        codes("SELECT a FROM stg.store s WHERE s.region_code = 'NE'"),
        [Code::GlueCharComparison]
    );
    assert_eq!(
        codes("SELECT a FROM stg.store WHERE region_code IN ('NE')"),
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
