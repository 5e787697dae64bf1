//! Transform steps proved by execution on PostgreSQL: a pipeline with one
//! loaded staging table (`staging.item_in`) and one target (`mart.item`),
//! written to a temporary directory, compiled for PostgreSQL and run batch
//! by batch through the load procedure; the target's rows and the run log's
//! row counts are then what Oracle's and Redshift's documentation say.

use std::fs;
use std::path::PathBuf;

use eltc::diag::SourceMap;
use eltc::runner::case::Suite;
use eltc::target::POSTGRES;

use crate::support::pg;

/// A pipeline of `transforms` (YAML under `transforms:`) and its SQL files,
/// set up in a fresh database.
struct Run {
    _temp: tempfile::TempDir,
    dir: PathBuf,
    suite: Suite,
    client: postgres::Client,
    _server: std::sync::Arc<pg::Server>,
}

const SPEC: &str = "version: 1
name: items
dialect: oracle
params:
  day: date
trigger:
  notification: notification/items/{day}.done
  landing: landing/items/{day}/
redshift:
  schema: etl
sources:
  items:
    file: items.csv
    format: { type: csv, delimiter: \",\", quote: '\"' }
    table: staging.item_in
tables:
  staging.item_in:
    columns:
      id: integer not null
      name: varchar(10)
      price: numeric(8,2)
  mart.item:
    columns:
      id: integer not null
      name: varchar(10)
      price: numeric(8,2)
transforms:
";

impl Run {
    fn new(purpose: &str, transforms: &str, files: &[(&str, &str)]) -> Run {
        let temp = tempfile::tempdir().unwrap();
        let dir = temp.path().join("items");
        fs::create_dir_all(&dir).unwrap();
        fs::write(dir.join("pipeline.yaml"), format!("{SPEC}{transforms}")).unwrap();
        for (name, text) in files {
            fs::write(dir.join(name), text).unwrap();
        }
        let mut sources = SourceMap::new();
        let (pipeline, found) = eltc::spec::load_pipeline(&dir, &mut sources);
        let pipeline = pipeline.unwrap_or_else(|| panic!("spec does not load: {found:#?}"));
        let (artifacts, found) = eltc::compile::compile(&pipeline, &sources, &POSTGRES).unwrap();
        assert!(!found.iter().any(|d| d.is_error()), "{found:#?}");
        let suite = Suite::new(pipeline, &sources, artifacts).unwrap();
        let server = pg::server();
        let mut client = server.fresh_database(purpose);
        suite.setup(&mut client).unwrap();
        Run {
            _temp: temp,
            dir,
            suite,
            client,
            _server: server,
        }
    }

    /// Runs the batch of `day` on `items` (the CSV's lines).
    fn batch(&mut self, day: &str, items: &str) -> Result<Vec<String>, String> {
        let given = self.dir.join(day);
        fs::create_dir_all(&given).unwrap();
        fs::write(given.join("items.csv"), items).unwrap();
        self.suite
            .run_files(&mut self.client, &[("day".into(), day.into())], &given)
    }

    /// The rows of `query`, each as its columns' text joined by `|`.
    fn rows(&mut self, query: &str) -> Vec<String> {
        self.client
            .simple_query(query)
            .unwrap_or_else(|e| panic!("{query}: {e}"))
            .into_iter()
            .filter_map(|m| match m {
                postgres::SimpleQueryMessage::Row(row) => Some(
                    (0..row.len())
                        .map(|i| row.get(i).unwrap_or("NULL"))
                        .collect::<Vec<_>>()
                        .join("|"),
                ),
                _ => None,
            })
            .collect()
    }

    /// The row counts the run log holds for `step`, oldest first.
    fn logged(&mut self, step: &str) -> Vec<String> {
        self.rows(&format!(
            "SELECT COALESCE(CAST(row_count AS VARCHAR), 'NULL') FROM etl.eltc_run_log \
             WHERE step = 'transform:{step}' ORDER BY logged_at, started_at"
        ))
    }
}

/// An `sql` step holding an Oracle MERGE logs the rows the MERGE updated or
/// inserted, SQL%ROWCOUNT's value in Oracle ("the number of rows affected by
/// a DML statement", https://docs.oracle.com/en/database/oracle/oracle-database/19/lnpls/implicit-cursor-attribute.html),
/// not the rows of the expansion's staging table as well.
#[test]
fn an_oracle_merge_step_logs_the_rows_it_merged() {
    let merge = "MERGE INTO mart.item t
USING staging.item_in s
ON (t.id = s.id)
WHEN MATCHED THEN UPDATE SET t.name = s.name, t.price = s.price
WHEN NOT MATCHED THEN INSERT (id, name, price) VALUES (s.id, s.name, s.price)
";
    let mut run = Run::new(
        "merge_rowcount",
        "  - name: upsert\n    sql: upsert.sql\n",
        &[("upsert.sql", merge)],
    );
    run.batch("2024-03-01", "1,a,1.00\n2,b,2.00\n3,c,3.00\n")
        .unwrap();
    // Two rows updated (2, 3), two inserted (4, 5).
    run.batch("2024-03-02", "2,bb,2.50\n3,cc,3.50\n4,d,4.00\n5,e,5.00\n")
        .unwrap();
    assert_eq!(run.logged("upsert"), ["3", "4"]);
    assert_eq!(
        run.rows("SELECT id, name, price FROM mart.item ORDER BY id"),
        ["1|a|1.00", "2|bb|2.50", "3|cc|3.50", "4|d|4.00", "5|e|5.00"]
    );
}

/// `delete_insert` replaces the target rows of the keys the query returns
/// and keeps the others; the row count is the rows inserted.
#[test]
fn delete_insert_replaces_the_keys_of_the_batch() {
    let mut run = Run::new(
        "delete_insert",
        "  - name: items
    query: SELECT id, name, price FROM staging.item_in
    target: mart.item
    strategy: { delete_insert: [id] }
    assert:
      - unique: [id]
",
        &[],
    );
    run.batch("2024-03-01", "1,a,1.00\n2,b,2.00\n3,c,3.00\n")
        .unwrap();
    run.batch("2024-03-02", "2,bb,2.50\n4,d,4.00\n").unwrap();
    assert_eq!(run.logged("items"), ["3", "2"]);
    assert_eq!(
        run.rows("SELECT id, name, price FROM mart.item ORDER BY id"),
        ["1|a|1.00", "2|bb|2.50", "3|c|3.00", "4|d|4.00"]
    );
}

/// `merge` updates the rows of the keys it holds and inserts the others
/// (row count: updated plus inserted); a query returning one key twice
/// fails the batch before anything changes, as Oracle's MERGE raises
/// ORA-30926 (https://docs.oracle.com/en/database/oracle/oracle-database/19/sqlrf/MERGE.html).
#[test]
fn merge_updates_inserts_and_refuses_a_key_twice() {
    let mut run = Run::new(
        "merge_strategy",
        "  - name: items
    query: SELECT id, name, price FROM staging.item_in
    target: mart.item
    strategy: { merge: [id] }
",
        &[],
    );
    run.batch("2024-03-01", "1,a,1.00\n2,b,2.00\n").unwrap();
    run.batch("2024-03-02", "2,bb,2.50\n3,c,3.00\n").unwrap();
    let merged = ["1|a|1.00", "2|bb|2.50", "3|c|3.00"];
    assert_eq!(
        run.rows("SELECT id, name, price FROM mart.item ORDER BY id"),
        merged
    );
    let error = run
        .batch("2024-03-03", "3,x,9.00\n4,y,1.00\n4,z,2.00\n")
        .unwrap_err();
    assert!(error.contains("ORA-30926"), "{error}");
    assert!(
        error.contains("returns 1 values of (id) more than once"),
        "{error}"
    );
    assert_eq!(
        run.rows("SELECT id, name, price FROM mart.item ORDER BY id"),
        merged
    );
    assert_eq!(run.logged("items"), ["2", "2"]);
}

/// A `unique` assertion checks the rows the batch wrote against the target:
/// a duplicate the batch brings fails it, a duplicate among rows no batch
/// value touches (written outside the pipeline) is not scanned again.
#[test]
fn unique_checks_the_batch_rows_against_the_target() {
    let mut run = Run::new(
        "unique_batch",
        "  - name: items
    query: SELECT id, name, price FROM staging.item_in
    target: mart.item
    strategy: append
    assert:
      - unique: [id]
",
        &[],
    );
    run.batch("2024-03-01", "1,a,1.00\n2,b,2.00\n").unwrap();
    run.client
        .batch_execute("INSERT INTO mart.item VALUES (7, 'x', 1), (7, 'y', 2)")
        .unwrap();
    run.batch("2024-03-02", "3,c,3.00\n").unwrap();
    let error = run.batch("2024-03-03", "2,bb,2.50\n").unwrap_err();
    assert!(
        error.contains("after transform items, mart.item has 1 duplicate values of (id)"),
        "{error}"
    );
    assert_eq!(
        run.rows("SELECT id, name FROM mart.item ORDER BY id, name"),
        ["1|a", "2|b", "3|c", "7|x", "7|y"]
    );
}

/// Each run-log row carries the batch's transaction start (`logged_at`, the
/// same on every row of a batch) and the statement clock before and after
/// its step: the steps' times follow one another (adapter entry 17).
#[test]
fn step_times_follow_the_statement_clock() {
    let mut run = Run::new(
        "step_times",
        "  - name: first
    query: SELECT id, name, price FROM staging.item_in
    target: mart.item
    strategy: replace
  - name: second
    sql: UPDATE mart.item SET price = price * 2
",
        &[],
    );
    run.batch("2024-03-01", "1,a,1.00\n2,b,2.00\n").unwrap();
    let rows = run.rows(
        "SELECT step, \
           CASE WHEN started_at <= ended_at THEN 'ordered' ELSE 'reversed' END, \
           CASE WHEN started_at > logged_at THEN 'after start' ELSE 'at start' END, \
           (SELECT COUNT(DISTINCT logged_at) FROM etl.eltc_run_log) \
         FROM etl.eltc_run_log ORDER BY ended_at, step",
    );
    assert_eq!(
        rows,
        [
            "load:items|ordered|after start|1",
            "transform:first|ordered|after start|1",
            "transform:second|ordered|after start|1",
        ]
    );
    let overlaps = run.rows(
        "SELECT a.step FROM etl.eltc_run_log a JOIN etl.eltc_run_log b \
         ON a.step = 'transform:second' AND b.step = 'transform:first' \
         WHERE a.started_at < b.ended_at",
    );
    assert!(overlaps.is_empty(), "{overlaps:?}");
}

/// docs/plan.md's statements for the run log of an earlier eltc (without
/// the step times) bring it to what the procedures write: a batch fails
/// before them and runs after them.
#[test]
fn the_documented_run_log_upgrade_lets_batches_run() {
    let docs =
        fs::read_to_string(PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("docs/plan.md")).unwrap();
    let section = docs
        .split("## Changes of eltc itself")
        .nth(1)
        .expect("docs/plan.md: the section on eltc's own changes");
    let upgrade = section
        .split("```sql")
        .nth(1)
        .and_then(|block| block.split("```").next())
        .expect("the section's SQL")
        .replace("<schema>", "etl");
    let mut run = Run::new(
        "run_log_upgrade",
        "  - name: items
    query: SELECT id, name, price FROM staging.item_in
    target: mart.item
    strategy: append
",
        &[],
    );
    run.client
        .batch_execute("ALTER TABLE etl.eltc_run_log DROP COLUMN started_at, DROP COLUMN ended_at")
        .unwrap();
    let error = run.batch("2024-03-01", "1,a,1.00\n").unwrap_err();
    assert!(error.contains("started_at"), "{error}");
    run.client.batch_execute(&upgrade).unwrap();
    run.batch("2024-03-01", "1,a,1.00\n").unwrap();
    assert_eq!(run.logged("items"), ["1"]);
}

/// A strategy's query may read its own target: it sees the target as it
/// was before the step (its rows staged first), for `merge` (prices added
/// up) as for `replace` (which empties the target before inserting).
#[test]
fn a_query_reading_its_target_sees_it_before_the_step() {
    let mut run = Run::new(
        "reads_target",
        "  - name: totals
    query: |
      SELECT s.id, s.name, s.price + COALESCE(t.price, 0) AS price
        FROM staging.item_in s LEFT JOIN mart.item t ON t.id = s.id
    target: mart.item
    strategy: { merge: [id] }
  - name: doubled
    query: SELECT id, name, price * 2 AS price FROM mart.item
    target: mart.item
    strategy: replace
",
        &[],
    );
    run.batch("2024-03-01", "1,a,1.00\n").unwrap();
    run.batch("2024-03-02", "1,a,2.00\n2,b,5.00\n").unwrap();
    // Day 1: 1.00, doubled 2.00. Day 2: 2.00 + 2.00, doubled 8.00; 5.00, doubled 10.00.
    assert_eq!(
        run.rows("SELECT id, name, price FROM mart.item ORDER BY id"),
        ["1|a|8.00", "2|b|10.00"]
    );
    assert_eq!(run.logged("doubled"), ["1", "2"]);
}
