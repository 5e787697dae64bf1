//! `eltc test` end to end: the example pipelines reproduce the legacy
//! examples' expected rows (/work/shared/examples/*/expected, copied into the
//! pipelines' fixtures), a wrong expected value fails with a diff naming the
//! row and the cell, and a batch whose last step fails leaves every table as
//! it was (one CALL = one transaction).

use std::path::PathBuf;
use std::process::{Command, Output};

use eltc::diag::SourceMap;
use eltc::runner::case::{Suite, fetch};
use eltc::target::POSTGRES;

use crate::support::{copy_dir, pg};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn eltc(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_eltc"))
        .args(args)
        .current_dir(root())
        .env_remove("ELTC_TEST_DATABASE_URL")
        .output()
        .expect("run eltc")
}

fn text(output: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    )
}

/// The README's promise: `eltc test` needs no setup where PostgreSQL is
/// installed (it starts and removes its own server), and both example
/// pipelines pass: market_data's two days and the same day twice, retail's
/// two business days.
#[test]
fn example_pipelines_pass_on_a_throwaway_server() {
    let output = eltc(&["test", "pipelines/market_data", "pipelines/retail"]);
    let shown = text(&output);
    assert_eq!(output.status.code(), Some(0), "{shown}");
    for case in [
        "ok   market_data/two_trading_days",
        "ok   market_data/same_day_twice_keeps_one_copy",
        "ok   retail/two_business_days",
    ] {
        assert!(shown.contains(case), "{case} missing in:\n{shown}");
    }
    assert!(shown.contains("3 passed, 0 failed"), "{shown}");
}

/// Copies `pipelines/<name>` into a temporary directory.
pub(crate) fn copy_pipeline(name: &str) -> (tempfile::TempDir, PathBuf) {
    let temp = tempfile::tempdir().unwrap();
    let to = temp.path().join(name);
    copy_dir(&root().join("pipelines").join(name), &to);
    (temp, to)
}

/// One wrong cell in an expected file (a closing price of 2019-06-28)
/// fails the case, and the diff names the row by its primary key and the cell
/// with both values; the other case of the pipeline still passes.
#[test]
fn a_wrong_expected_value_fails_with_a_diff_naming_row_and_cell() {
    let (_temp, dir) = copy_pipeline("market_data");
    let file = dir.join("fixtures/expected/2019-06-28/market_data.csv");
    let original = std::fs::read_to_string(&file).unwrap();
    let mut lines: Vec<String> = original.lines().map(str::to_string).collect();
    // The first seven columns (eod_date .. eod_price) are never quoted.
    let mut cells: Vec<String> = lines[1].splitn(8, ',').map(str::to_string).collect();
    assert_eq!(lines[0].split(',').nth(6), Some("eod_price"));
    let (symbol, actual) = (cells[2].clone(), cells[6].clone());
    cells[6] = "1234.56".into();
    lines[1] = cells.join(",");
    std::fs::write(&file, lines.join("\n") + "\n").unwrap();

    let server = pg::server();
    let url = server.url("postgres");
    let output = eltc(&["test", "--database", &url, dir.to_str().unwrap()]);
    let shown = text(&output);
    assert_eq!(output.status.code(), Some(1), "{shown}");
    assert!(
        shown.contains("FAIL market_data/two_trading_days")
            && shown.contains("FAIL market_data/same_day_twice_keeps_one_copy"),
        "{shown}"
    );
    let cell = format!(
        "changed row (eod_date=2019-06-28, symbol={symbol}): eod_price: expected 1234.56, actual {actual}"
    );
    assert!(shown.contains(&cell), "`{cell}` missing in:\n{shown}");
    assert!(shown.contains("0 passed, 2 failed"), "{shown}");
    // The filter runs one case only.
    let output = eltc(&[
        "test",
        "--database",
        &url,
        "--filter",
        "same_day",
        dir.to_str().unwrap(),
    ]);
    assert!(
        text(&output).contains("0 passed, 1 failed"),
        "{}",
        text(&output)
    );
}

/// Every table of the pipeline as sorted text lines.
fn state(client: &mut postgres::Client, tables: &[String]) -> Vec<String> {
    let mut lines = Vec::new();
    for table in tables {
        let rows = fetch(client, &format!("SELECT * FROM {table}")).unwrap();
        let mut text: Vec<String> = rows
            .rows
            .iter()
            .map(|r| format!("{table}: {r:?}"))
            .collect();
        text.sort();
        lines.extend(text);
    }
    lines
}

/// Atomicity: a batch whose last statement fails (the uniqueness assertion
/// after market_data's delete-insert, on an eod_price file with one record
/// twice) leaves every table, staging and target and the run log, as the
/// previous batch left it, although the clears, the loads and both
/// transforms ran before the failure.
#[test]
fn a_failing_batch_leaves_every_table_unchanged() {
    let (_temp, dir) = copy_pipeline("market_data");
    let given = dir.join("fixtures/2019-07-01/eod_price.csv");
    let prices = std::fs::read_to_string(&given).unwrap();
    let duplicate = prices.lines().next().unwrap().to_string();
    std::fs::write(&given, format!("{}\n{duplicate}\n", prices.trim_end())).unwrap();

    let mut sources = SourceMap::new();
    let (pipeline, diagnostics) = eltc::spec::load_pipeline(&dir, &mut sources);
    let pipeline = pipeline.unwrap_or_else(|| panic!("{diagnostics:#?}"));
    let (artifacts, _) = eltc::compile::compile(&pipeline, &sources, &POSTGRES).unwrap();
    let batches = pipeline.tests[0].batches.clone();
    let mut tables: Vec<String> = pipeline.tables.iter().map(|t| t.name.to_string()).collect();
    tables.push("etl.eltc_run_log".into());
    let suite = Suite::new(pipeline, &sources, artifacts).unwrap();

    let server = pg::server();
    let mut client = server.fresh_database("atomicity");
    suite.setup(&mut client).unwrap();
    suite.run_batch(&mut client, &batches[0]).unwrap();
    let before = state(&mut client, &tables);
    assert!(before.iter().any(|l| l.starts_with("olap.market_data")));
    let error = suite.run_batch(&mut client, &batches[1]).unwrap_err();
    assert!(
        error.contains("duplicate values of (eod_date, symbol)"),
        "{error}"
    );
    assert_eq!(state(&mut client, &tables), before);
}
