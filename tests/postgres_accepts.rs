//! The PostgreSQL form of the generated DDL and procedures loads into a real
//! PostgreSQL 15 and passes plpgsql_check; the adapter's equivalences hold there.

use eltc::backend::Engine;
use eltc::spec::model::Pipeline;

use crate::support::pg;

/// `schema.name(types)` of a procedure, for plpgsql_check.
fn signature(schema: &str, name: &str, pipeline: &Pipeline, extra: &[&str]) -> String {
    let mut types: Vec<String> = pipeline
        .params
        .iter()
        .map(|p| p.ty.to_string().to_ascii_lowercase())
        .collect();
    types.extend(extra.iter().map(|s| s.to_string()));
    format!("{schema}.{name}({})", types.join(", "))
}

#[test]
fn postgres_form_applies_and_passes_plpgsql_check() {
    let server = pg::server();
    for (name, pipeline, sources) in crate::support::pipelines() {
        let artifacts = crate::support::artifacts(&name, &pipeline, &sources, Engine::Postgres);
        let mut client = server.fresh_database(&name);
        for file in ["ddl.sql", "transform.sql", "load.sql"] {
            client.batch_execute(&artifacts[file]).unwrap_or_else(|e| {
                panic!("{name}/{file} does not apply: {e}\n{}", artifacts[file])
            });
        }
        let schema = &pipeline.redshift.schema;
        for procedure in [
            signature(
                schema,
                &pipeline.redshift.transform_procedure,
                &pipeline,
                &[],
            ),
            signature(
                schema,
                &pipeline.redshift.load_procedure,
                &pipeline,
                &["varchar"],
            ),
        ] {
            let rows = client
                .query("SELECT level, message, lineno FROM plpgsql_check_function_tb(CAST($1::text AS regprocedure)) WHERE level = 'error'", &[&procedure])
                .unwrap_or_else(|e| panic!("plpgsql_check on {procedure}: {e}"));
            let errors: Vec<String> = rows
                .iter()
                .map(|r| {
                    format!(
                        "line {:?}: {}",
                        r.get::<_, Option<i32>>(2),
                        r.get::<_, String>(1)
                    )
                })
                .collect();
            assert!(
                errors.is_empty(),
                "{name}: {procedure}:\n{}",
                errors.join("\n")
            );
        }
    }
}

/// Adapter entry 4: SYSDATE (Redshift) and LOCALTIMESTAMP (PostgreSQL) are
/// both the start of the transaction, unchanged from statement to statement.
#[test]
fn sysdate_is_transaction_start() {
    let server = pg::server();
    let mut client = server.fresh_database("sysdate");
    let mut transaction = client.transaction().unwrap();
    let first: String = transaction
        .query_one("SELECT CAST(LOCALTIMESTAMP AS VARCHAR)", &[])
        .unwrap()
        .get(0);
    transaction.batch_execute("SELECT pg_sleep(0.05)").unwrap();
    let second: String = transaction
        .query_one("SELECT CAST(LOCALTIMESTAMP AS VARCHAR)", &[])
        .unwrap()
        .get(0);
    let start: String = transaction
        .query_one(
            "SELECT CAST(CAST(transaction_timestamp() AS TIMESTAMP) AS VARCHAR)",
            &[],
        )
        .unwrap()
        .get(0);
    assert_eq!(first, second);
    assert_eq!(first, start);
}

/// Adapter entry 6: without Redshift's strict flag, PostgreSQL's TO_DATE still
/// rejects a day that does not exist instead of rolling it over.
#[test]
fn postgres_to_date_is_strict() {
    let server = pg::server();
    let mut client = server.fresh_database("to_date");
    assert!(
        client
            .query_one("SELECT TO_DATE('20010631', 'YYYYMMDD')", &[])
            .is_err()
    );
    let ok: String = client
        .query_one(
            "SELECT CAST(TO_DATE('28-JUN-2019', 'DD-MON-YYYY') AS VARCHAR)",
            &[],
        )
        .unwrap()
        .get(0);
    assert_eq!(ok, "2019-06-28");
}
