//! `import-report.md`: every legacy construct found, what it became, and
//! what needs a human (file:line, why, the suggested fix), with counts.

use std::collections::BTreeMap;
use std::fmt::Write;

use crate::diag::SourceMap;
use crate::import::model::{Finding, Status};

/// `file:line:column` of a finding.
pub fn location(finding: &Finding, sources: &SourceMap) -> String {
    let at = sources.line_col(finding.span.file, finding.span.range.start);
    format!(
        "{}:{}:{}",
        sources.path(finding.span.file).display(),
        at.line,
        at.column
    )
}

fn cell(text: &str) -> String {
    text.replace('|', "\\|").replace('\n', " ")
}

/// The report's markdown.
pub fn render(name: &str, findings: &[Finding], sources: &SourceMap) -> String {
    let mut sorted: Vec<&Finding> = findings.iter().collect();
    sorted.sort_by_key(|f| {
        (
            sources.path(f.span.file).to_path_buf(),
            f.span.range.start,
            f.construct.clone(),
        )
    });
    sorted.dedup_by(|a, b| a == b);
    let count = |status: Status| sorted.iter().filter(|f| f.status == status).count();
    let mut out = String::new();
    let _ = writeln!(out, "# Import report: {name}\n");
    let _ = writeln!(
        out,
        "What `eltc import` found in the legacy files and what each construct became in"
    );
    let _ = writeln!(
        out,
        "`pipeline.yaml`. Locations are `file:line:column` in the legacy files.\n"
    );
    let _ = writeln!(out, "| Status | Constructs |\n|---|---|");
    let _ = writeln!(out, "| needs a human | {} |", count(Status::Manual));
    let _ = writeln!(
        out,
        "| translated with a warning | {} |",
        count(Status::Warning)
    );
    let _ = writeln!(out, "| translated | {} |\n", count(Status::Translated));
    for (status, title) in [
        (Status::Manual, "Needs a human"),
        (Status::Warning, "Translated with a warning"),
    ] {
        let _ = writeln!(out, "## {title}\n");
        let items: Vec<&&Finding> = sorted.iter().filter(|f| f.status == status).collect();
        if items.is_empty() {
            let _ = writeln!(out, "Nothing.\n");
            continue;
        }
        let _ = writeln!(
            out,
            "| Where | Construct | Why | Suggested fix |\n|---|---|---|---|"
        );
        for f in items {
            let _ = writeln!(
                out,
                "| {} | `{}` | {} | {} |",
                location(f, sources),
                f.construct,
                cell(&f.note),
                cell(f.help.as_deref().unwrap_or(""))
            );
        }
        out.push('\n');
    }
    let _ = writeln!(
        out,
        "## Translated\n\n| Where | Construct | Became |\n|---|---|---|"
    );
    for f in sorted.iter().filter(|f| f.status == Status::Translated) {
        let _ = writeln!(
            out,
            "| {} | `{}` | {} |",
            location(f, sources),
            f.construct,
            cell(&f.note)
        );
    }
    let _ = writeln!(
        out,
        "\n## Counts per construct\n\n| Construct | translated | with a warning | needs a human |\n|---|---|---|---|"
    );
    let mut counts: BTreeMap<&str, [usize; 3]> = BTreeMap::new();
    for f in &sorted {
        let slot = match f.status {
            Status::Translated => 0,
            Status::Warning => 1,
            Status::Manual => 2,
        };
        counts.entry(f.construct.as_str()).or_default()[slot] += 1;
    }
    for (construct, [t, w, m]) in counts {
        let _ = writeln!(out, "| `{construct}` | {t} | {w} | {m} |");
    }
    out
}
