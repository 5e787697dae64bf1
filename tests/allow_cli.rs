//! Acknowledged warnings (`allow:`) and the summary line, end to end through
//! the binary: an allowed warning is not printed but counted, refused and
//! unused entries are reported where they are written, `--explain-allowed`
//! gives the reason, `-q` drops the summary, and the summary counts the files
//! a build writes and leaves unchanged.

use std::path::{Path, PathBuf};
use std::process::Output;

use serde_json::Value;

use crate::support::eltc;

fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// The PL/SQL step: its COMMIT raises `plsql::transaction-changed` at 4:3.
const TIDY: &str = "\
CREATE OR REPLACE PROCEDURE staging.tidy (p_run_date IN DATE) IS
BEGIN
  DELETE FROM staging.shop_orders WHERE amount IS NULL;
  COMMIT;
END tidy;
";

const REASON: &str = "the batch commits once, when the CALL ends";

/// A project made by `eltc new shop`, with a PL/SQL step `tidy` in front
/// of its transform; `step_allow` and `source_allow` are YAML lists put
/// under the step's and the source's `allow:` (none when empty).
struct Project {
    dir: tempfile::TempDir,
}

impl Project {
    fn new(step_allow: &str, source_allow: &str) -> Project {
        let dir = tempfile::tempdir().unwrap();
        let created = eltc(&["new", "shop"], dir.path());
        assert_eq!(created.status.code(), Some(0), "{}", stderr(&created));
        let project = Project { dir };
        std::fs::write(project.pipeline().join("transforms/tidy.prc"), TIDY).unwrap();
        let mut spec = std::fs::read_to_string(project.spec()).unwrap();
        let mut step = "transforms:\n  - name: tidy\n    plsql: transforms/tidy.prc\n".to_string();
        if !step_allow.is_empty() {
            step.push_str(&format!("    allow:\n{step_allow}"));
        }
        spec = spec.replacen("transforms:\n", &step, 1);
        if !source_allow.is_empty() {
            let table = "    table: staging.{{name}}_orders\n".replace("{{name}}", "shop");
            spec = spec.replacen(&table, &format!("{table}    allow:\n{source_allow}"), 1);
        }
        std::fs::write(project.spec(), spec).unwrap();
        project
    }

    fn root(&self) -> &Path {
        self.dir.path()
    }

    fn pipeline(&self) -> PathBuf {
        self.root().join("pipelines/shop")
    }

    fn spec(&self) -> PathBuf {
        self.pipeline().join("pipeline.yaml")
    }

    /// `pipelines/shop/pipeline.yaml:LINE:COLUMN` of the first `needle`.
    fn place(&self, needle: &str) -> String {
        let text = std::fs::read_to_string(self.spec()).unwrap();
        let offset = text.find(needle).unwrap_or_else(|| panic!("no {needle}"));
        let line = text[..offset].matches('\n').count() + 1;
        let column = offset - text[..offset].rfind('\n').map_or(0, |i| i + 1) + 1;
        format!("pipelines/shop/pipeline.yaml:{line}:{column}")
    }

    fn run(&self, args: &[&str]) -> Output {
        eltc(args, self.root())
    }
}

fn entry(code: &str) -> String {
    format!("      - code: {code}\n        reason: {REASON}\n")
}

#[test]
fn an_allowed_warning_is_not_printed_but_counted() {
    let plain = Project::new("", "");
    let check = plain.run(&["check"]);
    assert_eq!(check.status.code(), Some(0), "{}", stderr(&check));
    let shown = stderr(&check);
    assert!(
        shown.contains("warning[eltc::plsql::transaction-changed]"),
        "{shown}"
    );
    assert!(shown.contains("; 0 errors, 1 warning in "), "{shown}");

    // The code as eltc prints it, prefix included.
    let allowed = Project::new(&entry("eltc::plsql::transaction-changed"), "");
    for args in [&["check"][..], &["build"], &["build", "--check"]] {
        let output = allowed.run(args);
        assert_eq!(
            output.status.code(),
            Some(0),
            "{args:?}: {}",
            stderr(&output)
        );
        let shown = stderr(&output);
        assert!(!shown.contains("transaction-changed"), "{args:?}: {shown}");
        assert!(
            shown.contains("; 0 errors, 0 warnings (1 allowed) in "),
            "{args:?}: {shown}"
        );
    }
}

#[test]
fn an_allow_of_an_error_code_or_an_unknown_code_is_refused_at_the_code() {
    for (code, message) in [
        (
            "sql::parse",
            "`sql::parse` is an error and cannot be allowed",
        ),
        (
            "plsql::transaction-change",
            "unknown diagnostic code `plsql::transaction-change`",
        ),
    ] {
        let project = Project::new(&entry(code), "");
        let check = project.run(&["check"]);
        assert_eq!(check.status.code(), Some(1), "{}", stderr(&check));
        let shown = stderr(&check);
        let at = project.place(&format!("code: {code}\n"));
        let (file_line, column) = at.rsplit_once(':').unwrap();
        let code_column = column.parse::<usize>().unwrap() + "code: ".len();
        assert!(
            shown.contains(&format!(
                "error[eltc::spec::invalid-value]: {message}\n  --> {file_line}:{code_column}\n"
            )),
            "{shown}"
        );
    }
}

#[test]
fn an_allow_that_acknowledges_nothing_is_a_warning_at_its_entry() {
    // On the source, the entry does not reach the step's SQL.
    let project = Project::new("", &entry("plsql::transaction-changed"));
    let check = project.run(&["check"]);
    assert_eq!(check.status.code(), Some(0), "{}", stderr(&check));
    let shown = stderr(&check);
    let at = project.place("- code: plsql::transaction-changed");
    let (file_line, column) = at.rsplit_once(':').unwrap();
    let entry_column = column.parse::<usize>().unwrap() + "- ".len();
    assert!(
        shown.contains(&format!(
            "warning[eltc::spec::unused-allow]: `plsql::transaction-changed` is allowed in source `orders`, but no such warning was raised there\n  --> {file_line}:{entry_column}\n"
        )),
        "{shown}"
    );
    assert!(
        shown.contains("warning[eltc::plsql::transaction-changed]"),
        "{shown}"
    );
    assert!(shown.contains("; 0 errors, 2 warnings in "), "{shown}");
}

#[test]
fn explain_allowed_lists_each_warning_with_the_reason() {
    let project = Project::new(&entry("plsql::transaction-changed"), "");
    let entry_at = {
        let at = project.place("- code: plsql::transaction-changed");
        let (file_line, column) = at.rsplit_once(':').unwrap();
        format!("{file_line}:{}", column.parse::<usize>().unwrap() + 2)
    };
    let human = project.run(&["check", "--explain-allowed"]);
    assert_eq!(human.status.code(), Some(0), "{}", stderr(&human));
    assert_eq!(
        stdout(&human),
        format!(
            "pipelines/shop/transforms/tidy.prc:4:3: eltc::plsql::transaction-changed: COMMIT dropped: the batch stays one transaction\n  allowed by {entry_at}: {REASON}\n"
        )
    );

    let json = project.run(&["check", "--explain-allowed", "--format", "json"]);
    assert_eq!(json.status.code(), Some(0), "{}", stderr(&json));
    let lines: Vec<Value> = stdout(&json)
        .lines()
        .map(|line| serde_json::from_str(line).expect("one JSON object per line"))
        .collect();
    assert_eq!(lines.len(), 1, "{}", stdout(&json));
    assert_eq!(lines[0]["code"], "eltc::plsql::transaction-changed");
    assert_eq!(lines[0]["file"], "pipelines/shop/transforms/tidy.prc");
    assert_eq!(lines[0]["line"], 4);
    assert_eq!(lines[0]["allowed"]["reason"], REASON);
    assert_eq!(lines[0]["allowed"]["file"], "pipelines/shop/pipeline.yaml");
    // The summary stays on stderr: stdout holds JSON only.
    assert!(
        stderr(&json).starts_with("eltc check: 1 pipeline (1 from the cache); "),
        "{}",
        stderr(&json)
    );
}

#[test]
fn quiet_prints_no_summary_but_still_the_diagnostics() {
    let project = Project::new("", "");
    for args in [
        &["check", "-q"][..],
        &["build", "--quiet"],
        &["build", "--check", "-q"],
    ] {
        let output = project.run(args);
        assert_eq!(
            output.status.code(),
            Some(0),
            "{args:?}: {}",
            stderr(&output)
        );
        let shown = stderr(&output);
        assert!(
            !shown.contains("eltc check") && !shown.contains("eltc build"),
            "{shown}"
        );
        assert!(
            shown.contains("warning[eltc::plsql::transaction-changed]"),
            "{shown}"
        );
    }
    let loud = project.run(&["check"]);
    let shown = stderr(&loud);
    assert!(
        shown.contains("eltc check: 1 pipeline (1 from the cache); 0 errors, 1 warning in "),
        "{shown}"
    );
}

/// The files under `dir`, recursively.
fn count_files(dir: &Path) -> usize {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .map(|path| if path.is_dir() { count_files(&path) } else { 1 })
        .sum()
}

fn summary(output: &Output) -> String {
    let shown = stderr(output);
    let line = shown.lines().last().unwrap_or_default();
    line.rsplit_once(" in ")
        .map_or(line, |(head, _)| head)
        .to_string()
}

#[test]
fn the_summary_counts_files_written_unchanged_and_removed() {
    let project = Project::new(&entry("plsql::transaction-changed"), "");
    let first = project.run(&["build"]);
    assert_eq!(first.status.code(), Some(0), "{}", stderr(&first));
    let generated = project.root().join("generated");
    let files = count_files(&generated);
    assert!(files > 5, "{files} files");
    assert_eq!(
        summary(&first),
        format!(
            "eltc build: 1 pipeline, {files} files written, 0 unchanged; 0 errors, 0 warnings (1 allowed)"
        )
    );

    let second = project.run(&["build"]);
    assert_eq!(
        summary(&second),
        format!(
            "eltc build: 1 pipeline (1 from the cache), 0 files written, {files} unchanged; 0 errors, 0 warnings (1 allowed)"
        )
    );

    std::fs::write(generated.join("shop/ddl.sql"), "-- edited\n").unwrap();
    std::fs::write(generated.join("shop/extra.sql"), "select 1;\n").unwrap();
    let stale = project.run(&["build", "--check"]);
    assert_eq!(stale.status.code(), Some(1));
    assert_eq!(
        summary(&stale),
        format!(
            "eltc build --check: 1 pipeline, {} files up to date, 2 stale; 0 errors, 0 warnings (1 allowed)",
            files - 1
        )
    );
    let third = project.run(&["build"]);
    assert_eq!(
        summary(&third),
        format!(
            "eltc build: 1 pipeline, 1 file written, {} unchanged, 1 removed; 0 errors, 0 warnings (1 allowed)",
            files - 1
        )
    );
    assert_eq!(count_files(&generated), files);
}
