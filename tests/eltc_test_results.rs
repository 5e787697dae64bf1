//! `eltc test`'s parallel runs and result formats: `--jobs 2` gives the same
//! results in the same order as `--jobs 1`; `--format junit` is well-formed
//! XML whose counts match the cases, a failure carrying its first differing
//! row; `--format json` has the documented shape (docs/spec.md, Results); a
//! `--filter` that matches nothing is an error.

use std::path::Path;
use std::process::{Command, Output};

use crate::eltc_test::copy_pipeline;
use crate::support::pg;

const EXAMPLES: [&str; 4] = [
    "pipelines/market_data",
    "pipelines/market_data_plsql",
    "pipelines/retail",
    "pipelines/retail_plsql",
];

fn eltc(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_eltc"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env_remove("ELTC_TEST_DATABASE_URL")
        .output()
        .expect("run eltc")
}

fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

fn shown(output: &Output) -> String {
    format!(
        "{}{}",
        stdout(output),
        String::from_utf8_lossy(&output.stderr)
    )
}

/// The text results without the times, which differ from run to run.
fn without_times(text: &str) -> Vec<String> {
    text.lines()
        .map(|line| match line.rfind(" (") {
            Some(at) if line.ends_with("s)") => line[..at].to_string(),
            _ => line.to_string(),
        })
        .collect()
}

#[test]
fn two_jobs_give_the_results_of_one_in_the_same_order() {
    // Held to the end: the shared server stops when its last holder drops it.
    let server = pg::server();
    let url = server.url("postgres");
    let run = |jobs: &str| {
        let mut args = vec!["test", "--database", &url, "--jobs", jobs];
        args.extend(EXAMPLES);
        let output = eltc(&args);
        assert_eq!(output.status.code(), Some(0), "{}", shown(&output));
        without_times(&stdout(&output))
    };
    let one = run("1");
    assert_eq!(one.len(), 7, "{one:#?}");
    assert_eq!(one.last().map(String::as_str), Some("6 passed, 0 failed"));
    assert_eq!(run("2"), one);
}

/// market_data with one wrong closing price in the expected rows of
/// 2019-06-28, which both of its cases check.
fn market_data_with_a_wrong_price() -> (tempfile::TempDir, String) {
    let (temp, dir) = copy_pipeline("market_data");
    let file = dir.join("fixtures/expected/2019-06-28/market_data.csv");
    let text = std::fs::read_to_string(&file).unwrap();
    let mut lines: Vec<String> = text.lines().map(str::to_string).collect();
    // eod_price is the seventh column, never quoted.
    let mut cells: Vec<String> = lines[1].splitn(8, ',').map(str::to_string).collect();
    cells[6] = "1234.56".into();
    lines[1] = cells.join(",");
    std::fs::write(&file, lines.join("\n") + "\n").unwrap();
    let dir = dir.to_str().unwrap().to_string();
    (temp, dir)
}

#[test]
fn junit_results_are_well_formed_and_count_the_cases() {
    // Held to the end: the shared server stops when its last holder drops it.
    let server = pg::server();
    let url = server.url("postgres");
    let (_temp, broken) = market_data_with_a_wrong_price();
    let args = [
        "test",
        "--database",
        &url,
        "--format",
        "junit",
        &broken,
        "pipelines/retail",
    ];
    let output = eltc(&args);
    assert_eq!(output.status.code(), Some(1), "{}", shown(&output));
    let xml = stdout(&output);
    let elements = parse_xml(&xml).unwrap_or_else(|e| panic!("{e}:\n{xml}"));
    let named = |name: &'static str| elements.iter().filter(move |(n, _)| n == name);
    let root: Vec<_> = named("testsuites").collect();
    assert_eq!(root.len(), 1, "{xml}");
    assert_eq!(attribute(root[0], "tests"), "3");
    assert_eq!(attribute(root[0], "failures"), "2");
    let suites: Vec<(String, String, String)> = named("testsuite")
        .map(|e| {
            (
                attribute(e, "name"),
                attribute(e, "tests"),
                attribute(e, "failures"),
            )
        })
        .collect();
    let expected = [("market_data", "2", "2"), ("retail", "1", "0")];
    let expected: Vec<(String, String, String)> = expected
        .iter()
        .map(|(a, b, c)| (a.to_string(), b.to_string(), c.to_string()))
        .collect();
    assert_eq!(suites, expected);
    assert_eq!(named("testcase").count(), 3);
    let failures: Vec<_> = named("failure").collect();
    assert_eq!(failures.len(), 2);
    let message = attribute(failures[0], "message");
    assert!(
        message.starts_with("batch 1 (eod_date=2019-06-28): table olap.market_data")
            && message.contains("eod_price: expected 1234.56"),
        "{message}"
    );
}

#[test]
fn json_results_have_the_documented_shape() {
    // Held to the end: the shared server stops when its last holder drops it.
    let server = pg::server();
    let url = server.url("postgres");
    let (_temp, broken) = market_data_with_a_wrong_price();
    let out = tempfile::tempdir().unwrap();
    let file = out.path().join("results.json");
    let file = file.to_str().unwrap();
    let args = [
        "test",
        "--database",
        &url,
        "--format",
        "json",
        "--output",
        file,
        &broken,
    ];
    let output = eltc(&args);
    assert_eq!(output.status.code(), Some(1), "{}", shown(&output));
    assert_eq!(stdout(&output), "", "the results go to the file only");
    let results: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(Path::new(file)).unwrap()).unwrap();
    assert_eq!(results["passed"], 0);
    assert_eq!(results["failed"], 2);
    assert!(results["seconds"].is_f64());
    let cases = results["cases"].as_array().unwrap();
    let names: Vec<&str> = cases.iter().map(|c| c["case"].as_str().unwrap()).collect();
    assert_eq!(names, ["two_trading_days", "same_day_twice_keeps_one_copy"]);
    let first = &cases[0];
    assert_eq!(first["pipeline"], "market_data");
    assert_eq!(first["passed"], false);
    assert_eq!(first["kept"], serde_json::Value::Null);
    let failure = &first["failures"][0];
    assert!(
        failure["title"]
            .as_str()
            .unwrap()
            .contains("table olap.market_data")
    );
    assert!(
        failure["lines"][1]
            .as_str()
            .unwrap()
            .contains("eod_price: expected 1234.56"),
        "{failure}"
    );
}

#[test]
fn a_filter_that_matches_nothing_is_an_error() {
    let output = eltc(&["test", "--filter", "nomatch", "pipelines/retail"]);
    assert_eq!(output.status.code(), Some(1), "{}", shown(&output));
    let text = shown(&output);
    assert!(
        text.contains("error: no test case matches `--filter nomatch`"),
        "{text}"
    );
    assert!(stdout(&output).is_empty(), "{text}");
}

/// An element: its name and attributes (values unescaped).
type Element = (String, Vec<(String, String)>);

fn attribute(element: &Element, name: &str) -> String {
    element
        .1
        .iter()
        .find(|(n, _)| n == name)
        .map(|(_, v)| v.clone())
        .unwrap_or_else(|| panic!("no `{name}` on {element:?}"))
}

/// The elements of `xml` in document order, after checking what a JUnit
/// reader needs: the declaration, one root, tags that nest and close, quoted
/// attributes, and no `<` or bare `&` in text or values.
fn parse_xml(xml: &str) -> Result<Vec<Element>, String> {
    let body = xml
        .strip_prefix("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n")
        .ok_or("no XML declaration")?;
    let (mut elements, mut open) = (Vec::new(), Vec::<String>::new());
    let mut rest = body;
    while let Some(at) = rest.find('<') {
        check_text(&rest[..at])?;
        if open.is_empty() && !rest[..at].trim().is_empty() {
            return Err("text outside the root".into());
        }
        let end = rest[at..].find('>').ok_or("unclosed tag")? + at;
        let tag = &rest[at + 1..end];
        rest = &rest[end + 1..];
        if let Some(name) = tag.strip_prefix('/') {
            if open.pop().as_deref() != Some(name) {
                return Err(format!("`</{name}>` closes nothing open"));
            }
            continue;
        }
        if open.is_empty() && !elements.is_empty() {
            return Err("a second root".into());
        }
        let empty = tag.ends_with('/');
        let tag = tag.trim_end_matches('/');
        let (name, attributes) = tag.split_once(' ').unwrap_or((tag, ""));
        elements.push((name.to_string(), parse_attributes(attributes)?));
        if !empty {
            open.push(name.to_string());
        }
    }
    check_text(rest)?;
    match open.is_empty() && !elements.is_empty() {
        true => Ok(elements),
        false => Err(format!("unclosed: {open:?}")),
    }
}

fn parse_attributes(mut text: &str) -> Result<Vec<(String, String)>, String> {
    let mut attributes = Vec::new();
    loop {
        text = text.trim_start();
        if text.is_empty() {
            return Ok(attributes);
        }
        let (name, after) = text
            .split_once("=\"")
            .ok_or(format!("bad attribute `{text}`"))?;
        let (value, after) = after.split_once('"').ok_or("unquoted value")?;
        check_text(value)?;
        attributes.push((name.to_string(), unescape(value)));
        text = after;
    }
}

fn check_text(text: &str) -> Result<(), String> {
    if text.contains('<') {
        return Err(format!("`<` in text `{text}`"));
    }
    for (at, _) in text.match_indices('&') {
        let entity = ["&amp;", "&lt;", "&gt;", "&quot;", "&apos;"];
        if !entity.iter().any(|e| text[at..].starts_with(e)) {
            return Err(format!("bare `&` in `{text}`"));
        }
    }
    Ok(())
}

fn unescape(text: &str) -> String {
    text.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&apos;", "'")
        .replace("&amp;", "&")
}
