//! Tables a pipeline reads but does not own (`read_only: true`) and grants,
//! on a two-pipeline project: `customers` owns `dim.customer` (and grants
//! SELECT on it), `orders` reads it. The reader emits no DDL for it, may not
//! write it, is checked against the owner's declaration, and runs under
//! `eltc test` against the table filled from its batch's fixture.

use std::fs;
use std::process::Output;

use crate::support::eltc;

const OWNER: &str = r#"version: 1
name: customers
dialect: redshift
params:
  run_date: date
trigger:
  notification: notification/customers/{run_date}.done
  landing: landing/customers/{run_date}/
redshift:
  schema: etl
  run_as: role customers_runner
sources:
  customers:
    file: customers.csv
    format: { type: csv }
    header_lines: 1
    table: staging.customers
tables:
  staging.customers:
    columns: { customer_id: integer not null, name: varchar(100), segment: varchar(10) }
  dim.customer:
    columns:
      customer_id: integer not null
      name: varchar(100)
      segment: varchar(10)
    primary_key: [customer_id]
    grants: { select: [group analysts, role orders_runner] }
transforms:
  - name: customer
    query: SELECT customer_id, name, segment FROM staging.customers
    target: dim.customer
    strategy: { merge: [customer_id] }
"#;

const READER: &str = r#"version: 1
name: orders
dialect: redshift
params:
  run_date: date
trigger:
  notification: notification/orders/{run_date}.done
  landing: landing/orders/{run_date}/
redshift:
  schema: etl
sources:
  orders:
    file: orders.csv
    format: { type: csv }
    header_lines: 1
    table: staging.orders
tables:
  staging.orders:
    columns: { order_id: integer not null, customer_id: integer, amount: "numeric(12,2)" }
  dim.customer:
    read_only: true
    columns:
      customer_id: integer not null
      segment: varchar(10)
  mart.segment_sales:
    columns: { segment: varchar(10), amount: "numeric(14,2)" }
transforms:
  - name: segment_sales
    query: |
      SELECT c.segment, SUM(o.amount) AS amount
        FROM staging.orders o
        JOIN dim.customer c ON c.customer_id = o.customer_id
       GROUP BY c.segment
    target: mart.segment_sales
    strategy: replace
tests:
  - name: by_segment
    batches:
      - params: { run_date: 2024-03-01 }
        given: fixtures/day
        expect:
          - table: mart.segment_sales
            rows: fixtures/expected.csv
"#;

/// A project with the owner and the reader; `reader` replaces the reader's spec.
fn project(reader: &str) -> tempfile::TempDir {
    let root = tempfile::tempdir().unwrap();
    let owner_dir = root.path().join("pipelines/customers");
    let reader_dir = root.path().join("pipelines/orders");
    fs::create_dir_all(&owner_dir).unwrap();
    fs::create_dir_all(reader_dir.join("fixtures/day")).unwrap();
    fs::write(owner_dir.join("pipeline.yaml"), OWNER).unwrap();
    fs::write(reader_dir.join("pipeline.yaml"), reader).unwrap();
    // Three orders of customer 1 (retail), one of customer 2 (corporate),
    // one of customer 3, whom dim.customer does not know (the inner join
    // drops it): retail 10.50 + 4.25 + 5.25 = 20.00, corporate 100.00.
    fs::write(
        reader_dir.join("fixtures/day/orders.csv"),
        "order_id,customer_id,amount\n1,1,10.50\n2,1,4.25\n3,2,100.00\n4,1,5.25\n5,3,7.00\n",
    )
    .unwrap();
    fs::write(
        reader_dir.join("fixtures/day/dim.customer.csv"),
        "customer_id,segment\n1,retail\n2,corporate\n",
    )
    .unwrap();
    fs::write(
        reader_dir.join("fixtures/expected.csv"),
        "segment,amount\nretail,20.00\ncorporate,100.00\n",
    )
    .unwrap();
    root
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// The human report of each diagnostic on stderr, by code.
fn reports(output: &Output) -> Vec<(String, String)> {
    stderr(output)
        .split("\n\n")
        .filter_map(|block| {
            let code = block.split_once("[eltc::")?.1.split_once(']')?.0;
            Some((code.to_string(), block.to_string()))
        })
        .collect()
}

fn codes(output: &Output) -> Vec<String> {
    reports(output).into_iter().map(|(code, _)| code).collect()
}

#[test]
fn a_reader_is_not_a_second_owner_and_emits_no_ddl_for_the_table() {
    let root = project(READER);
    let check = eltc(&["check"], root.path());
    assert_eq!(check.status.code(), Some(0), "{}", stderr(&check));
    let build = eltc(&["build"], root.path());
    assert_eq!(build.status.code(), Some(0), "{}", stderr(&build));
    let read = |path: &str| fs::read_to_string(root.path().join(path)).unwrap();
    let reader_ddl = read("generated/orders/ddl.sql");
    assert!(
        !reader_ddl.contains("dim.customer"),
        "the reader creates no dim.customer:\n{reader_ddl}"
    );
    assert!(reader_ddl.contains("CREATE TABLE IF NOT EXISTS mart.segment_sales"));
    insta::assert_snapshot!("owner_ddl_with_grants", read("generated/customers/ddl.sql"));
    let load = read("generated/customers/load.sql");
    assert!(
        load.contains(
            "GRANT EXECUTE ON PROCEDURE etl.load_customers(p_run_date DATE, p_landing VARCHAR(1024)) TO ROLE customers_runner;"
        ),
        "{load}"
    );
    let transform = read("generated/customers/transform.sql");
    assert!(
        transform.contains(
            "GRANT EXECUTE ON PROCEDURE etl.transform_customers(p_run_date DATE) TO ROLE customers_runner;"
        ),
        "{transform}"
    );
}

/// Two owners of one table still collide: the reader's `read_only` is what
/// makes the pair legal.
#[test]
fn without_read_only_the_two_pipelines_share_the_table() {
    let root = project(&READER.replacen("    read_only: true\n", "", 1));
    let check = eltc(&["check"], root.path());
    assert_eq!(check.status.code(), Some(1));
    assert!(codes(&check).contains(&"project::shared-table".to_string()));
}

#[test]
fn a_reader_declaring_other_columns_than_the_owner_is_reported_with_both_spans() {
    let reader = READER.replacen(
        "      segment: varchar(10)\n  mart",
        "      segment: varchar(20)\n      region: varchar(10)\n  mart",
        1,
    );
    let root = project(&reader);
    let check = eltc(&["check"], root.path());
    assert_eq!(check.status.code(), Some(1));
    let found: Vec<_> = reports(&check)
        .into_iter()
        .filter(|(code, _)| code == "project::read-table-mismatch")
        .collect();
    assert_eq!(found.len(), 2, "{}", stderr(&check));
    for (_, report) in &found {
        assert!(
            report.contains("pipelines/orders/pipeline.yaml:")
                && report.contains("pipelines/customers/pipeline.yaml:"),
            "both spans: {report}"
        );
    }
    assert!(
        found
            .iter()
            .any(|(_, r)| r.contains("`dim.customer.segment` as VARCHAR(20)"))
    );
    assert!(
        found
            .iter()
            .any(|(_, r)| r.contains("`dim.customer.region`, which its owner"))
    );
}

/// The comparison is made from the build cache too (the columns are kept
/// encoded there): a run that takes both pipelines from the cache prints
/// what a clean run prints, with both spans, also when a pipeline sorting
/// first moves every other pipeline's files to new source ids.
#[test]
fn a_read_table_mismatch_comes_back_from_the_cache_as_a_clean_run_prints_it() {
    let reader = READER.replacen(
        "      segment: varchar(10)\n  mart",
        "      segment: varchar(20)\n      region: varchar(10)\n  mart",
        1,
    );
    let root = project(&reader);
    let same_as_clean = |reused: usize| {
        let cached = eltc(&["check"], root.path());
        let clean = eltc(&["check", "--no-cache"], root.path());
        assert_eq!(cached.status.code(), Some(1), "{}", stderr(&cached));
        let without_summary = |output: &Output| {
            let text = stderr(output);
            text.rsplit_once("eltc check:")
                .map_or(text.clone(), |(body, _)| body.to_string())
        };
        assert_eq!(without_summary(&cached), without_summary(&clean));
        assert!(
            stderr(&cached).contains(&format!("({reused} from the cache)")),
            "{}",
            stderr(&cached)
        );
        let mismatches = codes(&cached)
            .iter()
            .filter(|code| *code == "project::read-table-mismatch")
            .count();
        assert_eq!(mismatches, 2, "{}", stderr(&cached));
    };
    eltc(&["check"], root.path());
    same_as_clean(2);
    let first = root.path().join("pipelines/aaa_first");
    fs::create_dir_all(&first).unwrap();
    let spec = OWNER
        .replace("name: customers", "name: aaa_first")
        .replace("/customers/", "/aaa_first/")
        .replace("staging.customers", "staging.aaa_first")
        .replace("dim.customer:", "dim.aaa_first:")
        .replace("target: dim.customer", "target: dim.aaa_first");
    fs::write(first.join("pipeline.yaml"), spec).unwrap();
    same_as_clean(2);
}

/// A query step, a statement of an `sql:` or `plsql:` step and a source may
/// not write a table the pipeline only reads.
#[test]
fn writing_a_read_only_table_is_an_error_at_the_writer() {
    let query_target = READER.replacen(
        "target: mart.segment_sales\n    strategy: replace",
        "target: dim.customer\n    strategy: append",
        1,
    );
    let statement = READER.replacen(
        "tests:",
        "  - name: touch\n    sql: UPDATE dim.customer SET segment = 'x' WHERE customer_id = 0\ntests:",
        1,
    );
    let source = READER.replacen(
        "    table: staging.orders\n",
        "    table: dim.customer\n",
        1,
    );
    let plsql = READER.replacen("dialect: redshift", "dialect: oracle", 1).replacen(
        "tests:",
        "  - name: fix\n    plsql: |\n      CREATE OR REPLACE PROCEDURE etl.fix_it(p_run_date IN DATE) AS\n      BEGIN\n        UPDATE dim.customer SET segment = 'x' WHERE customer_id = 0;\n      END;\ntests:",
        1,
    );
    for (what, spec, written) in [
        ("query target", query_target, "target: dim.customer"),
        ("statement", statement, "UPDATE dim.customer"),
        ("source", source, "table: dim.customer"),
        ("PL/SQL statement", plsql, "UPDATE dim.customer"),
    ] {
        let root = project(&spec);
        let check = eltc(&["check", "orders"], root.path());
        assert_eq!(check.status.code(), Some(1), "{what}: {}", stderr(&check));
        let found = reports(&check);
        let (_, report) = found
            .iter()
            .find(|(code, _)| code == "spec::read-only-written")
            .unwrap_or_else(|| panic!("{what}: no spec::read-only-written in {found:#?}"));
        assert!(
            report.contains(written) && report.contains("read_only: true"),
            "{what}: the writer and the declaration: {report}"
        );
    }
}

/// PostgreSQL execution: the test form creates the table the reader only
/// reads (src/target/postgres.rs, entry 18), the batch fills it from
/// `fixtures/day/dim.customer.csv`, and the reader's join gives the sums
/// worked out by hand in [`project`].
#[test]
fn reader_reads_the_owners_table() {
    let root = project(READER);
    let test = eltc(&["test", "orders"], root.path());
    let shown = format!("{}{}", String::from_utf8_lossy(&test.stdout), stderr(&test));
    assert_eq!(test.status.code(), Some(0), "{shown}");
    assert!(shown.contains("ok   orders/by_segment"), "{shown}");

    // The rows come from the fixture: without it the join finds no customer.
    fs::remove_file(
        root.path()
            .join("pipelines/orders/fixtures/day/dim.customer.csv"),
    )
    .unwrap();
    let test = eltc(&["test", "orders"], root.path());
    assert_eq!(
        test.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&test.stdout)
    );
}

/// The owner's grants (to roles the throwaway database does not have) are
/// left out of the PostgreSQL form (src/target/postgres.rs, entry 19): the
/// owner's case would fail at setup if a GRANT ran there.
#[test]
fn grants_are_redshift_only() {
    let root = project(READER);
    let owner = root.path().join("pipelines/customers");
    fs::create_dir_all(owner.join("fixtures/day")).unwrap();
    fs::write(
        owner.join("fixtures/day/customers.csv"),
        "customer_id,name,segment\n1,Ann,retail\n2,Bob,corporate\n",
    )
    .unwrap();
    fs::write(
        owner.join("fixtures/expected.csv"),
        "customer_id,segment\n1,retail\n2,corporate\n",
    )
    .unwrap();
    let spec = format!(
        "{OWNER}tests:\n  - name: load\n    batches:\n      - params: {{ run_date: 2024-03-01 }}\n        given: fixtures/day\n        expect:\n          - table: dim.customer\n            rows: fixtures/expected.csv\n"
    );
    fs::write(owner.join("pipeline.yaml"), spec).unwrap();
    let test = eltc(&["test", "customers"], root.path());
    let shown = format!("{}{}", String::from_utf8_lossy(&test.stdout), stderr(&test));
    assert_eq!(test.status.code(), Some(0), "{shown}");
    assert!(shown.contains("ok   customers/load"), "{shown}");
}

#[test]
fn a_grantee_that_is_not_user_group_or_role_is_an_error_with_its_span() {
    let root = project(READER);
    let owner = root.path().join("pipelines/customers/pipeline.yaml");
    fs::write(&owner, OWNER.replacen("group analysts", "analysts", 1)).unwrap();
    let check = eltc(&["check", "customers"], root.path());
    assert_eq!(check.status.code(), Some(1));
    let found = reports(&check);
    let (_, report) = found
        .iter()
        .find(|(code, _)| code == "spec::invalid-value")
        .unwrap_or_else(|| panic!("{found:#?}"));
    assert!(
        report.contains("`analysts` is not a grantee") && report.contains("pipeline.yaml:27"),
        "{report}"
    );
}

/// Lineage crosses pipelines through the table one owns and the other
/// reads: the owner's column flows into the reader's target.
#[test]
fn lineage_crosses_from_the_owner_into_the_reader() {
    let root = project(READER);
    let lineage = eltc(&["lineage", "dim.customer.segment"], root.path());
    let shown = String::from_utf8_lossy(&lineage.stdout).into_owned();
    assert_eq!(
        lineage.status.code(),
        Some(0),
        "{shown}{}",
        stderr(&lineage)
    );
    assert!(shown.contains("mart.segment_sales.segment"), "{shown}");
}

/// `eltc plan`: the owner's grants changed (a group replaced) are a GRANT
/// and a REVOKE, both safe; a column widened in the owner (and in the
/// reader's declaration) lists the reader's transform and target column.
#[test]
fn the_plan_grants_revokes_and_reaches_the_reader() {
    let old = project(READER);
    let new = project(&READER.replacen(
        "segment: varchar(10)\n  mart",
        "segment: varchar(20)\n  mart",
        1,
    ));
    let owner = new.path().join("pipelines/customers/pipeline.yaml");
    let spec = OWNER
        .replacen("group analysts", "group auditors", 1)
        .replacen(
            "      segment: varchar(10)\n    primary_key",
            "      segment: varchar(20)\n    primary_key",
            1,
        );
    fs::write(&owner, spec).unwrap();
    let from = old.path().to_str().unwrap();
    let plan = eltc(&["plan", "--from-dir", from, "--stdout"], new.path());
    let shown = String::from_utf8_lossy(&plan.stdout).into_owned();
    assert_eq!(plan.status.code(), Some(0), "{shown}{}", stderr(&plan));
    for line in [
        "-- [safe] grant select on table dim.customer to group auditors\n",
        "GRANT SELECT ON TABLE dim.customer TO GROUP auditors;\n",
        "GRANT USAGE ON SCHEMA dim TO GROUP auditors;\n",
        "-- [safe] revoke select on table dim.customer from group analysts\n",
        "REVOKE SELECT ON TABLE dim.customer FROM GROUP analysts;\n",
        "REVOKE USAGE ON SCHEMA dim FROM GROUP analysts;\n",
        "pipeline orders: transform segment_sales (names segment)",
        "pipeline orders: downstream of dim.customer.segment: values of mart.segment_sales.segment",
    ] {
        assert!(shown.contains(line), "{line:?} missing in:\n{shown}");
    }
}
