//! `eltc lineage` on the example pipelines: a target column traced back to
//! the fields of the files it is loaded from, through the SQL of the
//! transforms (expected origins read from the pipelines' own SQL and spec),
//! the JSON and DOT forms, and an unknown column.

use std::path::{Path, PathBuf};
use std::process::Output;

use serde_json::Value;

use crate::support::eltc;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

fn lineage(args: &[&str], cwd: &Path) -> Output {
    let mut all = vec!["lineage"];
    all.extend(args);
    eltc(&all, cwd)
}

fn json(args: &[&str]) -> Value {
    let output = lineage(args, &root());
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    serde_json::from_str(&stdout(&output)).expect("the output is one JSON object")
}

/// The names of the nodes `direction` reaches.
fn reached(value: &Value, direction: &str) -> Vec<String> {
    let nodes = value["nodes"].as_array().unwrap();
    value[direction]
        .as_array()
        .unwrap()
        .iter()
        .map(|id| {
            let id = id.as_u64().unwrap();
            let node = nodes.iter().find(|n| n["id"].as_u64() == Some(id)).unwrap();
            node["name"].as_str().unwrap().to_string()
        })
        .collect()
}

#[test]
fn a_market_data_column_is_traced_back_to_its_source_fields() {
    // transforms/market_data.sql: `e.symbol` from staging.eod_price, loaded
    // from the eod_price source's field `symbol`.
    let value = json(&[
        "--format",
        "json",
        "pipelines/market_data",
        "olap.market_data.symbol",
    ]);
    assert_eq!(value["column"], "olap.market_data.symbol");
    let upstream = reached(&value, "upstream");
    for expected in [
        "staging.eod_price.symbol",
        "field symbol of source market_data/eod_price",
        // The WHERE joins the security attributes and picks the run's day.
        "staging.security_data.symbol",
        "param market_data/eod_date",
    ] {
        assert!(
            upstream.iter().any(|n| n == expected),
            "{expected} not in {upstream:#?}"
        );
    }
    // `unique: [eod_date, symbol]` reads it.
    let downstream = reached(&value, "downstream");
    assert!(
        downstream
            .iter()
            .any(|n| n.starts_with("assertion unique (eod_date, symbol) on olap.market_data")),
        "{downstream:#?}"
    );
    let edges = value["edges"].as_array().unwrap();
    let load = edges
        .iter()
        .find(|e| e["step"] == "load eod_price")
        .expect("an edge of the load");
    assert_eq!(load["flow"], "value");
    assert_eq!(load["pipeline"], "market_data");
}

#[test]
fn the_text_tree_gives_each_edge_its_flow_step_and_line() {
    let output = lineage(
        &["pipelines/market_data", "olap.market_data.price_change"],
        &root(),
    );
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let text = stdout(&output);
    // `DECODE(e.open_price, NULL, NULL, 0, NULL, e.eod_price - e.open_price)
    // AS price_change` is line 18 of transforms/market_data.sql, its WHERE
    // line 21.
    for expected in [
        "<- value  staging.eod_price.open_price  [market_data: transform market_data, pipelines/market_data/transforms/market_data.sql:18]",
        "<- value  staging.eod_price.eod_price  [market_data: transform market_data, pipelines/market_data/transforms/market_data.sql:18]",
        "<- value  field open_price of source market_data/eod_price",
        "<- rows   rows of olap.market_data written by market_data/transform market_data  [market_data: transform market_data, pipelines/market_data/transforms/market_data.sql:21]",
    ] {
        assert!(text.contains(expected), "{expected}\nnot in\n{text}");
    }
    assert!(
        text.starts_with("olap.market_data.price_change\nupstream\n"),
        "{text}"
    );
}

#[test]
fn a_plsql_merge_is_traced_through_its_staging_table() {
    // retail_etl.pkb, load_customers: MERGE INTO dw.dim_customer ... SET
    // d.full_name = s.full_name (s: stg.customer), ON d.customer_id = s.customer_id.
    let value = json(&[
        "--format",
        "json",
        "pipelines/retail_plsql",
        "dw.dim_customer.full_name",
    ]);
    let upstream = reached(&value, "upstream");
    for expected in [
        "stg.customer.full_name",
        "stg.customer.customer_id",
        "field full_name of source retail_plsql/customers",
    ] {
        assert!(
            upstream.iter().any(|n| n == expected),
            "{expected} not in {upstream:#?}"
        );
    }
    assert!(
        upstream.iter().all(|n| !n.contains("eltc_merge_source")),
        "{upstream:#?}"
    );
}

#[test]
fn loads_give_fields_expressions_constants_and_record_conditions() {
    // pipelines/retail/pipeline.yaml, source customers: `full_name: { expr:
    // "INITCAP(TRIM(:full_name))" }` (line 90), `source_system: { constant:
    // CRM }`, `loaded_at: load_timestamp`; source sales splits its records
    // with `when: { position: [1, 1], equals: H }`.
    let cases = [
        (
            "stg.customer.full_name",
            "<- value  field full_name of source retail/customers  [retail: load customers, pipelines/retail/pipeline.yaml:90]",
        ),
        (
            "stg.customer.source_system",
            "<- value  constant 'CRM'  [retail: load customers",
        ),
        (
            "stg.customer.loaded_at",
            "<- value  load timestamp  [retail: load customers",
        ),
        (
            "stg.sales_header.txn_id",
            "<- rows   characters 1-1 of each record of sales",
        ),
    ];
    for (column, expected) in cases {
        let output = lineage(&["pipelines/retail", column], &root());
        assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
        let text = stdout(&output);
        assert!(text.contains(expected), "{expected}\nnot in\n{text}");
    }
}

#[test]
fn a_column_nothing_reads_or_writes_is_still_node_0() {
    // The run log is eltc's own table: the procedures write it, no step's
    // SQL does, and no step reads it.
    let value = json(&[
        "--format",
        "json",
        "pipelines/market_data",
        "etl.eltc_run_log.row_count",
    ]);
    assert_eq!(value["nodes"][0]["id"], 0);
    assert_eq!(value["nodes"][0]["name"], "etl.eltc_run_log.row_count");
    assert_eq!(value["nodes"][0]["kind"], "column");
    assert_eq!(value["edges"], serde_json::json!([]));
}

#[test]
fn lineage_crosses_the_pipelines_of_the_project() {
    // Without a pipeline, every pipeline of the project is read: both
    // market_data pipelines write olap.market_data.
    let value = json(&["--format", "json", "olap.market_data.symbol"]);
    let pipelines: std::collections::BTreeSet<&str> = value["edges"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|e| e["pipeline"].as_str())
        .collect();
    assert!(pipelines.contains("market_data"), "{pipelines:?}");
    assert!(pipelines.contains("market_data_plsql"), "{pipelines:?}");
}

#[test]
fn dot_output_is_a_digraph() {
    let output = lineage(
        &[
            "--format",
            "dot",
            "pipelines/market_data",
            "market_data.symbol",
        ],
        &root(),
    );
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let dot = stdout(&output);
    assert!(dot.starts_with("digraph lineage {\n"), "{dot}");
    assert!(dot.contains("style=dashed"), "rows edges: {dot}");
    assert!(dot.trim_end().ends_with('}'), "{dot}");
}

#[test]
fn an_unknown_column_exits_1_with_its_code_and_the_near_names() {
    let output = lineage(
        &["pipelines/market_data", "olap.market_data.symbl"],
        &root(),
    );
    assert_eq!(output.status.code(), Some(1));
    let err = stderr(&output);
    assert!(err.contains("lineage::unknown-column"), "{err}");
    assert!(err.contains("pipeline.yaml"), "points at the spec: {err}");
    assert!(err.contains("olap.market_data.symbol"), "near names: {err}");
    assert!(stdout(&output).is_empty());
    let output = lineage(&["pipelines/market_data", "nowhere.t.c"], &root());
    assert_eq!(output.status.code(), Some(1));
    assert!(stderr(&output).contains("lineage::unknown-column"));
}
