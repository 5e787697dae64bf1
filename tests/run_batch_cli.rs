//! `eltc run-batch` (hidden; the Data API stand-in of the runtime's end-to-end
//! test runs it): usage mistakes are refused before the database is touched,
//! the database's state carries over from one batch to the next (no scratch
//! database), and a failing batch exits 1 with the procedure's error and
//! leaves the tables as they were (one CALL = one transaction).

use std::path::PathBuf;
use std::process::{Command, Output};

use eltc::runner::case::fetch;

use crate::support::pg;

fn eltc(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_eltc"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("run eltc")
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

fn fixtures(day: &str) -> String {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("pipelines/market_data/fixtures")
        .join(day)
        .display()
        .to_string()
}

#[test]
fn parameter_mistakes_are_refused_before_connecting() {
    // The URL names no server: a mistake must be reported before connecting.
    let url = "postgres://nobody@127.0.0.1:1/none";
    let day = fixtures("2019-06-28");
    let base = ["run-batch", "--database", url, "--files", &day];
    for (extra, message) in [
        (vec![], "no value for parameter(s) eod_date"),
        (
            vec!["--param", "eod_date=2019-06-28", "--param", "day=1"],
            "`day` is not a parameter of `market_data`",
        ),
        (vec!["--param", "eod_date"], "expected NAME=VALUE"),
        (
            vec![
                "--param",
                "eod_date=2019-06-28",
                "--param",
                "eod_date=2019-07-01",
            ],
            "parameter `eod_date` is given twice",
        ),
    ] {
        let mut args = base.to_vec();
        args.extend(extra);
        args.push("pipelines/market_data");
        let output = eltc(&args);
        assert_eq!(
            output.status.code(),
            Some(1),
            "{args:?}: {}",
            stderr(&output)
        );
        assert!(
            stderr(&output).contains(message),
            "{args:?}: {}",
            stderr(&output)
        );
    }
}

#[test]
fn batches_build_on_each_other_and_a_failed_one_changes_nothing() {
    let server = pg::server();
    let name = server.databases().unique_name("run_batch");
    drop(server.databases().create(&name).expect("create database"));
    let url = server.url(&name);
    let run = |extra: &[&str]| {
        let mut args = vec!["run-batch", "--database", &url];
        args.extend(extra);
        args.push("pipelines/market_data");
        eltc(&args)
    };
    let setup = run(&["--setup"]);
    assert!(setup.status.success(), "{}", stderr(&setup));
    for day in ["2019-06-28", "2019-07-01"] {
        let param = format!("eod_date={day}");
        let output = run(&["--files", &fixtures(day), "--param", &param]);
        assert!(output.status.success(), "{day}: {}", stderr(&output));
    }
    let days = "SELECT DISTINCT CAST(eod_date AS VARCHAR) AS d FROM olap.market_data ORDER BY 1";
    let mut client = server.connect(&name);
    let before = fetch(&mut client, days).expect("read market_data").rows;
    // Both days are there: the second batch ran in the first one's database.
    assert_eq!(
        before,
        vec![
            vec![Some("2019-06-28".into())],
            vec![Some("2019-07-01".into())]
        ]
    );
    // 2019-07-02 with 2019-07-01's files: no price of that day, so the
    // pipeline's `min_rows: 1` assertion raises inside the CALL.
    let failed = run(&[
        "--files",
        &fixtures("2019-07-01"),
        "--param",
        "eod_date=2019-07-02",
    ]);
    assert_eq!(failed.status.code(), Some(1));
    assert!(
        stderr(&failed).contains("no prices staged for 2019-07-02"),
        "{}",
        stderr(&failed)
    );
    assert_eq!(
        fetch(&mut client, days).expect("read market_data").rows,
        before
    );
    drop(client);
    drop(server.databases().drop_database(&name));
}
