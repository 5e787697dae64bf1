//! The adapter's month entries (src/target/postgres.rs, entries 7-10): the
//! Redshift expression, adapted to PostgreSQL, gives the value of AWS's
//! documentation examples.

use eltc::spec::model::Dialect;
use eltc::sql::parse::parse_synthetic_expr;
use eltc::target::postgres::adapt_expr;

use crate::support::pg;

/// (Redshift expression, the value AWS documents, the page).
const AWS_EXAMPLES: &[(&str, &str, &str)] = &[
    (
        "ADD_MONTHS(CAST('2008-01-01 05:07:30' AS TIMESTAMP), 1)",
        "2008-02-01 05:07:30",
        "https://docs.aws.amazon.com/redshift/latest/dg/r_ADD_MONTHS.html",
    ),
    (
        "ADD_MONTHS(CAST('2008-03-31' AS DATE), 1)",
        "2008-04-30 00:00:00",
        "https://docs.aws.amazon.com/redshift/latest/dg/r_ADD_MONTHS.html",
    ),
    (
        "ADD_MONTHS(CAST('2008-04-30' AS DATE), 1)",
        "2008-05-31 00:00:00",
        "https://docs.aws.amazon.com/redshift/latest/dg/r_ADD_MONTHS.html",
    ),
    (
        "MONTHS_BETWEEN(CAST('1969-01-18' AS DATE), CAST('1969-03-18' AS DATE))",
        "-2",
        "https://docs.aws.amazon.com/redshift/latest/dg/r_MONTHS_BETWEEN_function.html",
    ),
    (
        "NEXT_DAY(CAST('2014-08-20' AS DATE), 'Tuesday')",
        "2014-08-26",
        "https://docs.aws.amazon.com/redshift/latest/dg/r_NEXT_DAY.html",
    ),
];

#[test]
fn month_functions_agree_with_aws_examples() {
    let server = pg::server();
    let mut client = server.fresh_database("adapter_months");
    let mut failures = Vec::new();
    for (redshift, expected, page) in AWS_EXAMPLES {
        let postgres = adapt_expr(&parse_synthetic_expr(redshift, Dialect::Redshift).unwrap());
        let sql = format!("SELECT CAST({postgres} AS TEXT)");
        match client.query_one(sql.as_str(), &[]) {
            Ok(row) => {
                let actual: String = row.get(0);
                if actual != *expected {
                    failures.push(format!(
                        "{redshift}: {actual}, AWS documents {expected} ({page})"
                    ));
                }
            }
            Err(error) => failures.push(format!("{redshift}: {error}\n  {postgres}")),
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
