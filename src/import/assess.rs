//! `eltc import --assess`: every legacy file of a tree read as `eltc import`
//! reads it, each construct classified translated / with a warning / manual,
//! counted per file and per construct, with the effort left as manual items
//! weighted by kind (the weights are documented in docs/import.md).

use std::collections::BTreeMap;

use serde::Serialize;

use crate::diag::{Code, Diagnostic, FileId, SourceMap, Span};
use crate::import::classify::{self, Kind};
use crate::import::ctl::to_spec::{CallOverrides, Context};
use crate::import::model::{Finding, Status};
use crate::import::{ctl, driver, unload};
use crate::plsql::{Input, Output, translate_files};

/// Hours of work for one manual item of a code, and for one warning to review.
pub fn weight(code: &str, status: Status) -> f64 {
    match status {
        Status::Translated => 0.0,
        Status::Warning => 0.1,
        Status::Manual => match code {
            "import::ctl-record-assembly" | "plsql::dynamic-sql" | "import::no-entry" => 2.0,
            "import::ctl-binary-field"
            | "import::ctl-field-layout"
            | "import::ctl-record-number"
            | "plsql::exception-handler" => 1.0,
            // A function call or operand to rewrite in place: half an hour.
            "import::ctl-condition"
            | "import::ctl-unknown-clause"
            | "import::ctl-several-loads"
            | "import::ctl-several-infiles"
            | "import::driver-unparsed"
            | "translate::function-arguments"
            | "translate::operand-type-unknown"
            | "translate::format-model"
            | "translate::trim-form"
            | "translate::implicit-conversion"
            | "translate::numeric-semantics"
            | "translate::builtin-not-translated"
            | "sql::parse"
            | "plsql::parse" => 0.5,
            "import::ctl-syntax"
            | "import::ctl-date-mask"
            | "import::placeholder"
            | "import::unknown-table"
            | "translate::unknown-type-name" => 0.25,
            "internal" => 2.0,
            _ => 1.0,
        },
    }
}

/// One item of a file.
#[derive(Clone, Debug, Serialize)]
pub struct Item {
    /// Construct family (a diagnostic code or `ctl:CLAUSE`, ...).
    pub construct: String,
    /// translated, warning or manual.
    pub status: Status,
    /// 1-based line.
    pub line: usize,
    /// 1-based column.
    pub column: usize,
    /// What it became or why it needs a human.
    pub message: String,
}

/// One file of the assessment.
#[derive(Clone, Debug, Serialize)]
pub struct FileAssessment {
    /// Its path.
    pub path: String,
    /// control, driver, plsql, ddl, unload, other, ignored.
    pub kind: String,
    /// Items translated.
    pub translated: usize,
    /// Items translated with a warning.
    pub warning: usize,
    /// Items needing a human.
    pub manual: usize,
    /// Weighted hours.
    pub effort_hours: f64,
    /// True when eltc failed on the file (an internal error: a bug).
    pub crashed: bool,
    /// The items.
    pub items: Vec<Item>,
}

/// Counts of one construct over the tree.
#[derive(Clone, Debug, Default, Serialize)]
pub struct ConstructCount {
    /// The construct.
    pub construct: String,
    /// Translated.
    pub translated: usize,
    /// With a warning.
    pub warning: usize,
    /// Manual.
    pub manual: usize,
    /// Weighted hours.
    pub effort_hours: f64,
}

/// The whole assessment (the JSON document; schema in docs/import.md).
#[derive(Clone, Debug, Serialize)]
pub struct Assessment {
    /// Schema version: 1.
    pub version: u32,
    /// Per file, in path order.
    pub files: Vec<FileAssessment>,
    /// Per construct, most manual first.
    pub constructs: Vec<ConstructCount>,
    /// Totals.
    pub totals: Totals,
}

/// Totals of the assessment.
#[derive(Clone, Debug, Default, Serialize)]
pub struct Totals {
    /// Files read.
    pub files: usize,
    /// Files by kind.
    pub by_kind: BTreeMap<String, usize>,
    /// Files with no manual item.
    pub files_without_manual: usize,
    /// Files eltc failed on.
    pub crashed: usize,
    /// Items translated.
    pub translated: usize,
    /// Items with a warning.
    pub warning: usize,
    /// Items needing a human.
    pub manual: usize,
    /// Weighted hours.
    pub effort_hours: f64,
}

/// The findings of one file read on its own.
pub fn file_findings(id: FileId, path: &str, text: &str) -> (Kind, Vec<Finding>) {
    let kind = classify::classify(path, text);
    let mut findings = Vec::new();
    let mut diagnostics: Vec<Diagnostic> = Vec::new();
    match kind {
        Kind::Control => {
            let parsed = ctl::parse(id, text, &mut diagnostics);
            let no_table = |_: &str| None;
            let pattern = |p: &str| p.rsplit(['/', '\\']).next().unwrap_or(p).to_string();
            let cx = Context {
                file: id,
                name: "source".into(),
                call: CallOverrides::default(),
                file_pattern: &pattern,
                table: &no_table,
                schema: None,
            };
            let imported = ctl::to_spec::source(&parsed, &cx);
            findings.extend(imported.findings);
            // Without the DDL every table is unknown: not a finding of the file.
            diagnostics.extend(
                imported
                    .diagnostics
                    .into_iter()
                    .filter(|d| d.code != Code::ImportUnknownTable),
            );
        }
        Kind::Driver => {
            let d = driver::read(id, text, classify::is_batch(path));
            for load in &d.loads {
                findings.push(Finding::translated(
                    "driver:sqlldr call",
                    load.span.clone(),
                    format!("control {}", load.control.as_deref().unwrap_or("?")),
                ));
            }
            for call in &d.calls {
                findings.push(Finding::translated(
                    "driver:sqlplus call",
                    call.span.clone(),
                    format!("call {}", call.name),
                ));
            }
            diagnostics.extend(d.diagnostics);
        }
        Kind::Plsql | Kind::Ddl | Kind::Other if is_sql(path) || kind != Kind::Other => {
            let translation = translate_files(&[Input { file: id, text }]);
            for output in &translation.outputs {
                match output {
                    Output::Procedure(p) => findings.push(Finding::translated(
                        "plsql:procedure",
                        p.span.clone(),
                        format!("procedure {}", p.name),
                    )),
                    Output::Statement(_) => findings.push(Finding::translated(
                        "sql:statement",
                        Span::file_start(id),
                        "statement translated",
                    )),
                }
            }
            diagnostics.extend(translation.diagnostics);
        }
        Kind::Unload => {
            let (f, d) = unload::read(id, text);
            findings.extend(f);
            diagnostics.extend(d);
        }
        _ => {}
    }
    findings.extend(diagnostics.iter().map(Finding::of));
    (kind, findings)
}

fn is_sql(path: &str) -> bool {
    let lower = path.to_ascii_lowercase();
    [
        ".sql", ".pls", ".plsql", ".prc", ".pkb", ".pks", ".fnc", ".trg", ".pck", ".ddl",
    ]
    .iter()
    .any(|e| lower.ends_with(e))
}

fn kind_name(kind: &Kind) -> &'static str {
    match kind {
        Kind::Control => "control",
        Kind::Driver => "driver",
        Kind::Plsql => "plsql",
        Kind::Ddl => "ddl",
        Kind::Unload => "unload",
        Kind::Ignored => "ignored",
        Kind::Other => "other",
    }
}

/// Assesses the files (already in `sources`). A file eltc fails on is
/// counted as crashed, with one manual `internal` item, and the run goes on.
pub fn assess(files: &[FileId], sources: &SourceMap, extra: &[Diagnostic]) -> Assessment {
    let mut out = Vec::new();
    for &id in files {
        let path = sources.path(id).display().to_string();
        let text = sources.text(id);
        let result = std::panic::catch_unwind(|| file_findings(id, &path, text));
        let (kind, mut findings, crashed) = match result {
            Ok((kind, findings)) => (kind_name(&kind), findings, false),
            Err(_) => (
                "other",
                vec![Finding {
                    construct: "internal".into(),
                    span: Span::file_start(id),
                    status: Status::Manual,
                    note: "eltc failed on this file (an internal error: please report it)".into(),
                    help: None,
                }],
                true,
            ),
        };
        findings.extend(
            extra
                .iter()
                .filter(|d| d.primary.span.file == id)
                .map(Finding::of),
        );
        let items: Vec<Item> = findings
            .iter()
            .map(|f| {
                let at = sources.line_col(id, f.span.range.start);
                Item {
                    construct: f.construct.clone(),
                    status: f.status,
                    line: at.line,
                    column: at.column,
                    message: f.note.clone(),
                }
            })
            .collect();
        let count = |s: Status| items.iter().filter(|i| i.status == s).count();
        let effort = items.iter().map(|i| weight(&i.construct, i.status)).sum();
        out.push(FileAssessment {
            path,
            kind: kind.to_string(),
            translated: count(Status::Translated),
            warning: count(Status::Warning),
            manual: count(Status::Manual),
            effort_hours: round(effort),
            crashed,
            items,
        });
    }
    let mut constructs: BTreeMap<String, ConstructCount> = BTreeMap::new();
    let mut totals = Totals {
        files: out.len(),
        ..Totals::default()
    };
    for file in &out {
        *totals.by_kind.entry(file.kind.clone()).or_default() += 1;
        totals.crashed += usize::from(file.crashed);
        totals.files_without_manual += usize::from(file.manual == 0 && file.kind != "ignored");
        for item in &file.items {
            let entry =
                constructs
                    .entry(item.construct.clone())
                    .or_insert_with(|| ConstructCount {
                        construct: item.construct.clone(),
                        ..ConstructCount::default()
                    });
            match item.status {
                Status::Translated => entry.translated += 1,
                Status::Warning => entry.warning += 1,
                Status::Manual => entry.manual += 1,
            }
            entry.effort_hours = round(entry.effort_hours + weight(&item.construct, item.status));
        }
        totals.translated += file.translated;
        totals.warning += file.warning;
        totals.manual += file.manual;
        totals.effort_hours = round(totals.effort_hours + file.effort_hours);
    }
    let mut constructs: Vec<ConstructCount> = constructs.into_values().collect();
    constructs.sort_by(|a, b| {
        b.manual
            .cmp(&a.manual)
            .then(b.warning.cmp(&a.warning))
            .then(a.construct.cmp(&b.construct))
    });
    Assessment {
        version: 1,
        files: out,
        constructs,
        totals,
    }
}

fn round(x: f64) -> f64 {
    (x * 100.0).round() / 100.0
}

/// The markdown form.
pub fn markdown(a: &Assessment) -> String {
    use std::fmt::Write;
    let t = &a.totals;
    let mut out = String::from("# Migration assessment\n\n");
    let kinds: Vec<String> = t.by_kind.iter().map(|(k, n)| format!("{n} {k}")).collect();
    let _ = writeln!(
        out,
        "{} files ({}); {} without a manual item; {} crashed.\n",
        t.files,
        kinds.join(", "),
        t.files_without_manual,
        t.crashed
    );
    let _ = writeln!(
        out,
        "| Items | Count |\n|---|---|\n| translated | {} |\n| translated with a warning | {} |\n| manual | {} |\n| effort left (hours, weights in docs/import.md) | {} |\n",
        t.translated, t.warning, t.manual, t.effort_hours
    );
    let _ = writeln!(
        out,
        "## Per construct\n\n| Construct | translated | warning | manual | hours |\n|---|---|---|---|---|"
    );
    for c in &a.constructs {
        let _ = writeln!(
            out,
            "| `{}` | {} | {} | {} | {} |",
            c.construct, c.translated, c.warning, c.manual, c.effort_hours
        );
    }
    let _ = writeln!(
        out,
        "\n## Per file\n\n| File | Kind | translated | warning | manual | hours |\n|---|---|---|---|---|---|"
    );
    for f in &a.files {
        let crashed = if f.crashed { " (crashed)" } else { "" };
        let _ = writeln!(
            out,
            "| {}{crashed} | {} | {} | {} | {} | {} |",
            f.path.replace('|', "\\|"),
            f.kind,
            f.translated,
            f.warning,
            f.manual,
            f.effort_hours
        );
    }
    let _ = writeln!(
        out,
        "\n## Manual items\n\n| Where | Construct | Why |\n|---|---|---|"
    );
    for f in &a.files {
        for i in f.items.iter().filter(|i| i.status == Status::Manual) {
            let _ = writeln!(
                out,
                "| {}:{}:{} | `{}` | {} |",
                f.path.replace('|', "\\|"),
                i.line,
                i.column,
                i.construct,
                i.message.replace('|', "\\|").replace('\n', " ")
            );
        }
    }
    out
}
