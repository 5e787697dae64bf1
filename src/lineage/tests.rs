//! Lineage of small statements: each test writes Redshift SQL (or Oracle SQL
//! through the translator, for the MERGE expansion) and checks what each
//! written column comes from, with its flow.

use std::collections::BTreeSet;

use super::build::statements_graph;
use super::query::Catalog;
use super::{Flow, Graph, Node};
use crate::diag::{SourceMap, Span};
use crate::spec::model::{Dialect, SqlText};

fn catalog() -> Catalog {
    let table = |name: &str, columns: &[&str]| {
        (
            name.to_string(),
            columns.iter().map(|c| c.to_string()).collect(),
        )
    };
    Catalog {
        tables: [
            table("s.a", &["id", "x", "y", "k"]),
            table("s.b", &["id", "z"]),
            table("s.t", &["id", "v", "w"]),
        ]
        .into_iter()
        .collect(),
        params: [("p_day".to_string(), "day".to_string())]
            .into_iter()
            .collect(),
    }
}

fn graph(sql: &str) -> Graph {
    let statements = crate::sql::parse::parse_synthetic(sql, Dialect::Redshift).unwrap();
    let mut sources = SourceMap::new();
    let file = sources.add("t.sql", sql.to_string());
    statements_graph(&catalog(), &statements, Span::file_start(file))
}

fn column(name: &str) -> Node {
    let (table, column) = name.rsplit_once('.').unwrap();
    Node::Column {
        table: table.into(),
        column: column.into(),
    }
}

/// What `name` comes from: `value <node>` for its value, `rows <node>`
/// for what decides its rows (through the rows node).
fn upstream(graph: &Graph, name: &str) -> BTreeSet<String> {
    let target = column(name);
    let mut found = BTreeSet::new();
    for edge in &graph.edges {
        if graph.nodes[edge.to] != target {
            continue;
        }
        match edge.flow {
            Flow::Value => {
                found.insert(format!("value {}", graph.nodes[edge.from]));
            }
            Flow::Rows => {
                for decider in graph.edges.iter().filter(|e| e.to == edge.from) {
                    found.insert(format!("rows {}", graph.nodes[decider.from]));
                }
            }
            Flow::Check => {}
        }
    }
    found
}

fn set(items: &[&str]) -> BTreeSet<String> {
    items.iter().map(|s| s.to_string()).collect()
}

#[test]
fn aliases_resolve_and_join_and_where_decide_rows() {
    let graph = graph(
        "INSERT INTO s.t (id, v) SELECT a.id, b.z FROM s.a a JOIN s.b b ON a.id = b.id WHERE a.k = p_day",
    );
    assert_eq!(
        upstream(&graph, "s.t.v"),
        set(&[
            "value s.b.z",
            "rows s.a.id",
            "rows s.a.k",
            "rows s.b.id",
            "rows param p/day",
        ])
    );
    assert!(graph.not_followed.is_empty(), "{:?}", graph.not_followed);
}

#[test]
fn a_cte_passes_its_values_and_its_filter_through() {
    let graph = graph(
        "INSERT INTO s.t (id, v) WITH c AS (SELECT id, x + y AS total FROM s.a WHERE k > 0) SELECT id, total FROM c",
    );
    assert_eq!(
        upstream(&graph, "s.t.v"),
        set(&["value s.a.x", "value s.a.y", "rows s.a.k"])
    );
}

#[test]
fn a_subquery_in_where_decides_rows() {
    let graph = graph(
        "INSERT INTO s.t (id, v) SELECT id, x FROM s.a WHERE id IN (SELECT id FROM s.b WHERE z > 0)",
    );
    assert_eq!(
        upstream(&graph, "s.t.v"),
        set(&["value s.a.x", "rows s.a.id", "rows s.b.id", "rows s.b.z"])
    );
}

#[test]
fn a_derived_table_and_a_correlated_subquery_resolve_in_their_scopes() {
    let graph = graph(
        "INSERT INTO s.t (id, v) SELECT d.id, (SELECT MAX(z) FROM s.b WHERE s.b.id = d.id) FROM (SELECT id FROM s.a WHERE k = 1) d",
    );
    assert_eq!(
        upstream(&graph, "s.t.v"),
        set(&["value s.a.id", "value s.b.id", "value s.b.z", "rows s.a.k"])
    );
}

#[test]
fn update_set_takes_the_expression_and_where_decides_the_updated_rows() {
    let graph = graph("UPDATE s.t SET v = b.z * 2 FROM s.b b WHERE b.id = t.id");
    assert_eq!(
        upstream(&graph, "s.t.v"),
        set(&["value s.b.z", "rows s.b.id", "rows s.t.id"])
    );
    // Only the column set is decided by the UPDATE's rows.
    assert_eq!(upstream(&graph, "s.t.w"), set(&[]));
}

#[test]
fn delete_decides_the_rows_of_every_column() {
    let graph = graph("DELETE FROM s.t WHERE id IN (SELECT id FROM s.b)");
    for name in ["s.t.id", "s.t.v", "s.t.w"] {
        assert_eq!(
            upstream(&graph, name),
            set(&["rows s.b.id", "rows s.t.id"]),
            "{name}"
        );
    }
}

#[test]
fn a_temporary_table_is_traced_through() {
    let graph = graph(
        "CREATE TEMP TABLE stage AS SELECT id, x AS amount FROM s.a WHERE k = 1; \
         INSERT INTO s.t (id, v) SELECT id, amount FROM stage; DROP TABLE stage",
    );
    assert_eq!(
        upstream(&graph, "s.t.v"),
        set(&["value s.a.x", "rows s.a.k"])
    );
    assert!(graph.nodes.iter().all(|n| !n.to_string().contains("stage")));
}

#[test]
fn a_temporary_table_filled_by_insert_is_traced_through() {
    let graph = graph(
        "CREATE TEMP TABLE stage (id INTEGER, amount INTEGER); \
         INSERT INTO stage SELECT id, y FROM s.a; \
         INSERT INTO s.t (id, v) SELECT id, amount FROM stage",
    );
    assert_eq!(upstream(&graph, "s.t.v"), set(&["value s.a.y"]));
}

#[test]
fn star_expands_from_the_catalog_by_position() {
    let star = graph("INSERT INTO s.t SELECT * FROM s.b");
    assert_eq!(upstream(&star, "s.t.id"), set(&["value s.b.id"]));
    assert_eq!(upstream(&star, "s.t.v"), set(&["value s.b.z"]));
    let graph = graph("INSERT INTO s.t (id, v) SELECT b.* FROM s.b b JOIN s.a a ON a.id = b.id");
    assert_eq!(
        upstream(&graph, "s.t.v"),
        set(&["value s.b.z", "rows s.a.id", "rows s.b.id"])
    );
}

#[test]
fn a_window_partition_is_part_of_the_value_not_the_rows() {
    let graph = graph(
        "INSERT INTO s.t (id, v) SELECT id, ROW_NUMBER() OVER (PARTITION BY k ORDER BY x) FROM s.a",
    );
    assert_eq!(
        upstream(&graph, "s.t.v"),
        set(&["value s.a.k", "value s.a.x"])
    );
}

#[test]
fn case_conditions_are_part_of_the_value() {
    let graph =
        graph("INSERT INTO s.t (id, v) SELECT id, CASE WHEN k > 0 THEN x ELSE y END FROM s.a");
    assert_eq!(
        upstream(&graph, "s.t.v"),
        set(&["value s.a.k", "value s.a.x", "value s.a.y"])
    );
}

#[test]
fn group_by_and_having_decide_rows() {
    let graph =
        graph("INSERT INTO s.t (id, v) SELECT k, SUM(x) FROM s.a GROUP BY k HAVING COUNT(y) > 1");
    assert_eq!(
        upstream(&graph, "s.t.v"),
        set(&["value s.a.x", "rows s.a.k", "rows s.a.y"])
    );
}

#[test]
fn union_branches_give_each_column_by_position() {
    let graph =
        graph("INSERT INTO s.t (id, v) SELECT id, x FROM s.a UNION ALL SELECT id, z FROM s.b");
    assert_eq!(
        upstream(&graph, "s.t.v"),
        set(&["value s.a.x", "value s.b.z"])
    );
}

#[test]
fn unknown_names_are_listed_as_not_followed() {
    let graph = graph("INSERT INTO s.t (id, v) SELECT id, v_total FROM s.a");
    assert_eq!(upstream(&graph, "s.t.v"), set(&[]));
    assert!(
        graph.not_followed[0].what.contains("v_total"),
        "{:?}",
        graph.not_followed
    );
}

#[test]
fn an_oracle_merge_is_traced_through_its_staging_table() {
    let mut sources = SourceMap::new();
    let pipeline = crate::sql::testing::pipeline(&mut sources);
    let text = "MERGE INTO staging.security_data d USING staging.security s \
                ON (d.securityid = s.securityid) \
                WHEN MATCHED THEN UPDATE SET d.lastsale = s.lastsale \
                WHEN NOT MATCHED THEN INSERT (securityid, security_name) VALUES (s.securityid, s.name)";
    let file = sources.add("merge.sql", text.to_string());
    let sql = SqlText {
        file,
        range: 0..text.len(),
    };
    let (statements, diagnostics) = crate::sql::compile_statements(&pipeline, &sql, text);
    let statements = statements.unwrap_or_else(|| panic!("{diagnostics:?}"));
    let catalog = Catalog {
        tables: pipeline
            .tables
            .iter()
            .map(|t| {
                (
                    t.name.to_string(),
                    t.columns.iter().map(|c| c.name.clone()).collect(),
                )
            })
            .collect(),
        params: Default::default(),
    };
    let graph = statements_graph(&catalog, &statements, Span::file_start(file));
    let lastsale = upstream(&graph, "staging.security_data.lastsale");
    assert!(
        lastsale.contains("value staging.security.lastsale"),
        "{lastsale:?}"
    );
    let name = upstream(&graph, "staging.security_data.security_name");
    assert!(name.contains("value staging.security.name"), "{name:?}");
    // Which rows the UPDATE changes is decided by the ON keys.
    assert!(
        lastsale.contains("rows staging.security.securityid"),
        "{lastsale:?}"
    );
    assert!(
        graph
            .nodes
            .iter()
            .all(|n| !n.to_string().contains("eltc_merge_source")),
        "{:?}",
        graph.nodes
    );
}

#[test]
fn downstream_reaches_the_columns_a_value_flows_into() {
    let chain = graph(
        "INSERT INTO s.t (id, v) SELECT id, x FROM s.a; INSERT INTO s.b (id, z) SELECT id, v FROM s.t",
    );
    let found = chain.downstream_of("s.a", "x");
    assert_eq!(found.values, set(&["s.b.z", "s.t.v"]));
    assert!(found.rows.is_empty(), "{found:?}");
    // A column in a WHERE decides rows: its table, not its columns, is listed.
    let filtered = graph("INSERT INTO s.t (id, v) SELECT id, x FROM s.a WHERE k = 1");
    let found = filtered.downstream_of("s.a", "k");
    assert!(found.values.is_empty(), "{found:?}");
    assert_eq!(found.rows, set(&["s.t"]));
}

#[test]
fn an_unknown_column_gives_the_table_s_columns_as_near_names() {
    let graph = graph("INSERT INTO s.t (id, v) SELECT id, x FROM s.a");
    assert!(graph.column("s.t.v").is_ok());
    assert!(graph.column("t.v").is_ok(), "the schema may be left out");
    let unknown = graph.column("s.t.vv").unwrap_err();
    assert_eq!(unknown.table.as_deref(), Some("s.t"));
    assert_eq!(unknown.near, ["s.t.id", "s.t.v", "s.t.w"]);
    let unknown = graph.column("s.q.v").unwrap_err();
    assert_eq!(unknown.table, None);
}

#[test]
fn a_plsql_step_traces_its_statements_and_its_literal_dynamic_sql() {
    use crate::spec::model::{Allows, Transform, TransformKind};
    let mut sources = SourceMap::new();
    let mut pipeline = crate::sql::testing::pipeline(&mut sources);
    let text = "CREATE OR REPLACE PROCEDURE staging.refresh (p_day DATE) IS\n\
                BEGIN\n\
                  INSERT INTO staging.sector (sectorid, sector_name)\n\
                    SELECT industryid, industry_name FROM staging.industry WHERE industryid > 0;\n\
                  EXECUTE IMMEDIATE 'DELETE FROM staging.sector WHERE sectorid < 0';\n\
                END;\n";
    let file = sources.add("refresh.prc", text.to_string());
    pipeline.transforms.push(Transform {
        name: "refresh".into(),
        kind: TransformKind::PlSql {
            sql: SqlText {
                file,
                range: 0..text.len(),
            },
            call: None,
        },
        assertions: Vec::new(),
        allow: Allows::default(),
        span: Span::file_start(file),
    });
    let (plan, diagnostics) = crate::backend::plan::build(&pipeline, &sources);
    assert!(
        diagnostics.iter().all(|d| !d.is_error()),
        "{diagnostics:#?}"
    );
    let graph = Graph::of(&[(&pipeline, &plan)], &sources);
    // The EXECUTE IMMEDIATE of a literal is translated into its DELETE,
    // traced like any statement: it decides which rows remain.
    assert_eq!(
        upstream(&graph, "staging.sector.sector_name"),
        set(&[
            "value staging.industry.industry_name",
            "rows staging.industry.industryid",
            "rows staging.sector.sectorid",
        ])
    );
    assert!(graph.not_followed.is_empty(), "{:?}", graph.not_followed);
}
