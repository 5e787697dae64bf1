//! The PostgreSQL form of the generated DDL and procedures loads into a real
//! PostgreSQL 15 and passes plpgsql_check; the adapter's equivalences hold there.

use eltc::spec::model::Pipeline;
use eltc::target::POSTGRES;

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
        let artifacts = crate::support::artifacts(&name, &pipeline, &sources, &POSTGRES);
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
                .query("SELECT level, message, lineno FROM plpgsql_check_function_tb(CAST($1::text AS regprocedure), fatal_errors => false) WHERE level = 'error'", &[&procedure])
                .unwrap_or_else(|e| panic!("plpgsql_check on {procedure}: {e}"));
            // plpgsql_check cannot see the staged rows' temporary table a
            // step creates (eltc_step_rows, an expanded MERGE's
            // eltc_merge_source); every other statement is still checked
            // (fatal_errors off), and the pipelines' tests run them all.
            let errors: Vec<String> = rows
                .iter()
                .filter(|r| !r.get::<_, String>(1).starts_with("relation \"eltc_"))
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

/// The PostgreSQL form runs end to end on hand-written landing rows (the
/// adapter's entry 3: `p_landing` names a schema of landing tables the runner
/// fills with COPY FROM STDIN): direct loads, the staged conversions (dates
/// with the COPY format, numbers from blanks, constants, the load time, a
/// split by record type) and the run log.
#[test]
fn staged_load_runs_on_postgres() {
    let server = pg::server();
    let (pipeline, sources) = crate::support::model::staged();
    let artifacts = crate::support::artifacts("retail_like", &pipeline, &sources, &POSTGRES);
    let suite = eltc::runner::case::Suite::new(pipeline, &sources, artifacts).unwrap();
    let mut client = server.fresh_database("staged_load");
    suite.setup(&mut client).unwrap();
    for (source, text) in [
        ("product", "P1\t12.35\t2024-03-01\n"),
        ("customer", "7\tX\tAnn Lee\t01/03/1990\n8\t\\N\t\\N\t \n"),
        (
            "sales",
            "H\t1\t01-MAR-2024 14:05:00\tCARD\t\\N\nL\t1\t2\t 3 \t9.99\n",
        ),
        ("store", "12\tMAIN\t2020-01-31\n"),
    ] {
        let mut sink = client
            .copy_in(&format!("COPY eltc_landing.{source} FROM STDIN"))
            .unwrap();
        std::io::Write::write_all(&mut sink, text.as_bytes()).unwrap();
        sink.finish().unwrap();
    }
    client
        .execute(
            "CALL etl.load_retail_like(DATE '2024-03-01', $1)",
            &[&eltc::runner::case::LANDING_SCHEMA],
        )
        .unwrap();
    let text = |client: &mut postgres::Client, sql: &str| -> Vec<String> {
        client
            .query(sql, &[])
            .unwrap()
            .iter()
            .map(|r| r.get::<_, String>(0))
            .collect()
    };
    assert_eq!(
        text(
            &mut client,
            "SELECT customer_id || '|' || COALESCE(CAST(birth_date AS VARCHAR), '-') || '|' || source_system || '|' || CAST(loaded_at IS NOT NULL AS VARCHAR) FROM stg.customer ORDER BY 1"
        ),
        ["7|1990-03-01|CRM|true", "8|-|CRM|true"]
    );
    assert_eq!(
        text(
            &mut client,
            "SELECT CAST(txn_ts AS VARCHAR) || '|' || payment_type FROM stg.sales_header"
        ),
        ["2024-03-01 14:05:00|CARD"]
    );
    assert_eq!(
        text(
            &mut client,
            "SELECT txn_id || '|' || line_no || '|' || quantity FROM stg.sales_line"
        ),
        ["1|2|3"]
    );
    assert_eq!(
        text(
            &mut client,
            "SELECT step || '=' || row_count FROM etl.eltc_run_log ORDER BY step"
        ),
        [
            "load:customer=2",
            "load:customer:stg.customer=2",
            "load:product=1",
            "load:sales=2",
            "load:sales:stg.sales_header=1",
            "load:sales:stg.sales_line=1",
            "load:store=1"
        ]
    );
}
