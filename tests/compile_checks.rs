//! Checks `compile` makes once queries are compiled: output columns against the
//! target, strategy keys (a strategy query may read its target), a PL/SQL step
//! that holds no unit, constructs the target refuses.

use eltc::compile::compile;
use eltc::diag::Code;
use eltc::spec::model::{QualifiedName, Strategy, TransformKind};
use eltc::target::{POSTGRES, REDSHIFT};

fn market_data() -> (eltc::spec::model::Pipeline, eltc::diag::SourceMap) {
    let (_, pipeline, sources) = crate::support::pipelines()
        .into_iter()
        .find(|(n, ..)| n == "market_data")
        .expect("market_data");
    (pipeline, sources)
}

#[test]
fn foreign_columns_and_keys_are_reported_not_a_query_reading_its_target() {
    let (mut pipeline, sources) = market_data();
    let TransformKind::Query {
        target, strategy, ..
    } = &mut pipeline.transforms[1].kind
    else {
        panic!("market_data is a query")
    };
    *target = QualifiedName {
        schema: "staging".into(),
        name: "eod_price".into(),
    };
    *strategy = Strategy::Merge(vec!["symbol".into(), "no_such_key".into()]);
    let (artifacts, diagnostics) =
        compile(&pipeline, &sources, &REDSHIFT).expect("built-in templates render");
    let codes: Vec<Code> = diagnostics.iter().map(|d| d.code).collect();
    assert!(
        artifacts.is_empty(),
        "nothing is written when an error was raised"
    );
    assert!(
        !codes.contains(&Code::TargetReadByQuery),
        "{diagnostics:#?}"
    );
    assert!(
        diagnostics
            .iter()
            .any(|d| d.code == Code::ColumnMismatch && d.message.contains("`securityid`")),
        "{diagnostics:#?}"
    );
    assert!(
        diagnostics
            .iter()
            .any(|d| d.code == Code::ColumnMismatch && d.message.contains("`no_such_key`")),
        "{diagnostics:#?}"
    );
}

/// A `plsql` step holding a query, not a PL/SQL unit or block: the PL/SQL
/// translation reports it, pointing into the file, and nothing is written.
#[test]
fn a_plsql_step_that_is_no_unit_is_reported() {
    let (mut pipeline, sources) = market_data();
    let TransformKind::Query { sql, .. } = pipeline.transforms[0].kind.clone() else {
        panic!("a query")
    };
    pipeline.transforms[0].kind = TransformKind::PlSql {
        sql: sql.clone(),
        call: None,
    };
    let (artifacts, diagnostics) =
        compile(&pipeline, &sources, &REDSHIFT).expect("built-in templates render");
    assert!(artifacts.is_empty(), "nothing is written after an error");
    let error = diagnostics
        .iter()
        .find(|d| d.is_error())
        .unwrap_or_else(|| panic!("{diagnostics:#?}"));
    assert_eq!(error.code, Code::PlsqlSyntax, "{error:#?}");
    assert_eq!(error.primary.span.file, sql.file);
}

#[test]
fn merge_and_append_expand_without_redshift_merge() {
    let (mut pipeline, sources) = market_data();
    let TransformKind::Query { strategy, .. } = &mut pipeline.transforms[1].kind else {
        panic!("a query")
    };
    *strategy = Strategy::Merge(vec!["eod_date".into(), "symbol".into()]);
    let TransformKind::Query { strategy, .. } = &mut pipeline.transforms[0].kind else {
        panic!("a query")
    };
    *strategy = Strategy::Append;
    let (artifacts, diagnostics) =
        compile(&pipeline, &sources, &REDSHIFT).expect("built-in templates render");
    assert!(diagnostics.is_empty(), "{diagnostics:#?}");
    let transform = &artifacts["transform.sql"];
    assert!(!transform.contains("MERGE INTO"));
    assert!(transform.contains("UPDATE olap.market_data\n    SET securityid = src.securityid,"));
    assert!(transform.contains("WHERE NOT EXISTS (\n        SELECT 1 FROM olap.market_data WHERE olap.market_data.eod_date = src.eod_date AND olap.market_data.symbol = src.symbol"));
    assert!(
        !transform.contains("DELETE FROM staging.security_data"),
        "append deletes nothing"
    );
}

/// A construct the PostgreSQL test form cannot express (NEXT_DAY of a day
/// name held in a column, valid Redshift SQL) is refused when building for
/// PostgreSQL, at the step's SQL in its file; the Redshift build takes it.
#[test]
fn a_construct_the_target_cannot_express_is_refused_there() {
    let temp = tempfile::tempdir().unwrap();
    let dir = temp.path().join("days");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(
        dir.join("pipeline.yaml"),
        "version: 1
name: days
dialect: redshift
params:
  day: date
trigger:
  notification: notification/days/{day}.done
  landing: landing/days/{day}/
redshift:
  schema: etl
sources:
  rows:
    file: rows.csv
    format: { type: csv, delimiter: \",\", quote: '\"' }
    table: staging.day_in
tables:
  staging.day_in:
    columns:
      d: date
      day_name: varchar(10)
  mart.next_day:
    columns:
      d: date
transforms:
  - name: next
    query: next.sql
    target: mart.next_day
    strategy: append
",
    )
    .unwrap();
    let sql = "SELECT NEXT_DAY(d, day_name) AS d FROM staging.day_in";
    std::fs::write(dir.join("next.sql"), sql).unwrap();
    let mut sources = eltc::diag::SourceMap::new();
    let (pipeline, found) = eltc::spec::load_pipeline(&dir, &mut sources);
    let pipeline = pipeline.unwrap_or_else(|| panic!("{found:#?}"));
    let (artifacts, diagnostics) = compile(&pipeline, &sources, &REDSHIFT).unwrap();
    assert!(
        !diagnostics.iter().any(|d| d.is_error()),
        "{diagnostics:#?}"
    );
    assert!(artifacts["transform.sql"].contains("NEXT_DAY(d, day_name)"));
    let (artifacts, diagnostics) = compile(&pipeline, &sources, &POSTGRES).unwrap();
    assert!(artifacts.is_empty());
    let refused: Vec<_> = diagnostics
        .iter()
        .filter(|d| d.code == Code::TargetRefuses)
        .collect();
    assert_eq!(refused.len(), 1, "{diagnostics:#?}");
    let span = &refused[0].primary.span;
    assert_eq!(&sources.text(span.file)[span.range.clone()], sql);
    assert!(
        refused[0].message.contains("`day_name`"),
        "{:?}",
        refused[0]
    );
}

/// A column default is read as one Redshift expression (the plan holds trees,
/// not text): one that is not is an error at its column, and nothing is written.
#[test]
fn a_default_that_is_not_an_expression_is_reported_at_its_column() {
    let (mut pipeline, sources) = market_data();
    let table = &mut pipeline.tables[0];
    let column = &mut table.columns[0];
    column.default = Some("GETDATE(".into());
    let name = column.name.clone();
    let span = column.span.clone();
    let (artifacts, diagnostics) =
        compile(&pipeline, &sources, &POSTGRES).expect("built-in templates render");
    assert!(artifacts.is_empty(), "{diagnostics:#?}");
    assert!(
        diagnostics.iter().any(|d| d.code == Code::InvalidValue
            && d.message.contains(&format!("`{name}`"))
            && d.primary.span == span),
        "{diagnostics:#?}"
    );
}
