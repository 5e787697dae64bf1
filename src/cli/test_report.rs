//! `eltc test`'s results as text, JUnit XML and JSON.
//!
//! JUnit XML is what CI systems read (GitLab, Jenkins, GitHub actions that
//! annotate tests): one `<testsuite>` per pipeline, one `<testcase>` per case,
//! a failing case holds one `<failure>` whose message is its first failure
//! with the diff's counts and first differing row, and whose text is every failure with its diff.
//! The JSON shape is documented in docs/spec.md (test results).

use std::fmt::Write as _;
use std::io::{self, Write};
use std::time::Duration;

use serde_json::{Value, json};

use crate::runner::case::{CaseReport, Suite};
use crate::spec::model::TestCase;

/// One case as text: `ok  ` or `FAIL`, its name and time, then each failure's
/// title and lines, the notes and where it was kept.
pub fn text_case(out: &mut dyn Write, report: &CaseReport, color: bool) -> io::Result<()> {
    let (word, paint) = if report.passed() {
        ("ok  ", "32")
    } else {
        ("FAIL", "31")
    };
    let word = if color {
        format!("\x1b[{paint}m{word}\x1b[0m")
    } else {
        word.to_string()
    };
    writeln!(
        out,
        "{word} {} ({:.2}s)",
        report.name,
        report.elapsed.as_secs_f64()
    )?;
    for failure in &report.failures {
        writeln!(out, "  {}", failure.title)?;
        for line in &failure.lines {
            writeln!(out, "    {line}")?;
        }
    }
    for note in &report.notes {
        writeln!(out, "  note: {note}")?;
    }
    if let Some(kept) = &report.kept {
        writeln!(out, "  kept {kept}")?;
    }
    Ok(())
}

/// The JUnit XML document of `reports` (in the order of `cases`).
pub fn junit(cases: &[(&Suite, &TestCase)], reports: &[CaseReport], elapsed: Duration) -> String {
    let failed = reports.iter().filter(|r| !r.passed()).count();
    let mut xml = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    let _ = writeln!(
        xml,
        "<testsuites name=\"eltc test\" tests=\"{}\" failures=\"{failed}\" errors=\"0\" time=\"{:.3}\">",
        reports.len(),
        elapsed.as_secs_f64()
    );
    for group in by_pipeline(cases, reports) {
        let name = group[0].0;
        let failures = group.iter().filter(|(_, _, r)| !r.passed()).count();
        let time: f64 = group.iter().map(|(_, _, r)| r.elapsed.as_secs_f64()).sum();
        let _ = writeln!(
            xml,
            "  <testsuite name=\"{}\" tests=\"{}\" failures=\"{failures}\" errors=\"0\" skipped=\"0\" time=\"{time:.3}\">",
            escape(name),
            group.len()
        );
        for (pipeline, case, report) in group {
            testcase(&mut xml, pipeline, case, report);
        }
        xml.push_str("  </testsuite>\n");
    }
    xml.push_str("</testsuites>\n");
    xml
}

fn testcase(xml: &mut String, pipeline: &str, case: &str, report: &CaseReport) {
    let _ = write!(
        xml,
        "    <testcase name=\"{}\" classname=\"{}\" time=\"{:.3}\"",
        escape(case),
        escape(pipeline),
        report.elapsed.as_secs_f64()
    );
    let mut notes: Vec<String> = report.notes.iter().map(|n| format!("note: {n}")).collect();
    notes.extend(report.kept.iter().map(|k| format!("kept {k}")));
    if report.passed() && notes.is_empty() {
        xml.push_str("/>\n");
        return;
    }
    xml.push_str(">\n");
    if let Some(first) = report.failures.first() {
        // The diff's first two lines: its counts, and the first differing row.
        let mut message = first.title.clone();
        for (i, line) in first.lines.iter().take(2).enumerate() {
            message.push_str(if i == 0 { ": " } else { "; " });
            message.push_str(line.trim());
        }
        let mut body = String::new();
        for failure in &report.failures {
            let _ = writeln!(body, "{}", failure.title);
            for line in &failure.lines {
                let _ = writeln!(body, "  {line}");
            }
        }
        let _ = writeln!(
            xml,
            "      <failure message=\"{}\" type=\"mismatch\">{}</failure>",
            escape(&message),
            escape(&body)
        );
    }
    if !notes.is_empty() {
        let _ = writeln!(
            xml,
            "      <system-out>{}</system-out>",
            escape(&notes.join("\n"))
        );
    }
    xml.push_str("    </testcase>\n");
}

/// The cases grouped by pipeline, in order (a pipeline's cases are adjacent).
fn by_pipeline<'a>(
    cases: &'a [(&Suite, &TestCase)],
    reports: &'a [CaseReport],
) -> Vec<Vec<(&'a str, &'a str, &'a CaseReport)>> {
    let mut groups: Vec<Vec<(&str, &str, &CaseReport)>> = Vec::new();
    for ((suite, case), report) in cases.iter().zip(reports) {
        let pipeline = suite.pipeline().name.as_str();
        let entry = (pipeline, case.name.as_str(), report);
        match groups.last_mut() {
            Some(group) if group[0].0 == pipeline => group.push(entry),
            _ => groups.push(vec![entry]),
        }
    }
    groups
}

/// `text` as XML character data or attribute value. Characters XML 1.0 does
/// not allow (controls other than tab and newlines) become U+FFFD, so a value
/// from a fixture file can never make the document unreadable.
fn escape(text: &str) -> String {
    let mut escaped = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => escaped.push_str("&amp;"),
            '<' => escaped.push_str("&lt;"),
            '>' => escaped.push_str("&gt;"),
            '"' => escaped.push_str("&quot;"),
            '\'' => escaped.push_str("&apos;"),
            '\t' | '\n' | '\r' => escaped.push(c),
            c if u32::from(c) < 0x20 || matches!(c, '\u{FFFE}' | '\u{FFFF}') => {
                escaped.push('\u{FFFD}');
            }
            c => escaped.push(c),
        }
    }
    escaped
}

/// The JSON document of `reports` (in the order of `cases`).
pub fn json(cases: &[(&Suite, &TestCase)], reports: &[CaseReport], elapsed: Duration) -> Value {
    let failed = reports.iter().filter(|r| !r.passed()).count();
    let cases: Vec<Value> = cases
        .iter()
        .zip(reports)
        .map(|((suite, case), report)| {
            json!({
                "pipeline": suite.pipeline().name,
                "case": case.name,
                "passed": report.passed(),
                "seconds": seconds(report.elapsed),
                "failures": report.failures.iter().map(|f| json!({
                    "title": f.title,
                    "lines": f.lines,
                })).collect::<Vec<_>>(),
                "notes": report.notes,
                "kept": report.kept,
            })
        })
        .collect();
    json!({
        "passed": reports.len() - failed,
        "failed": failed,
        "seconds": seconds(elapsed),
        "cases": cases,
    })
}

/// Seconds to the millisecond (what a reader of the results needs).
fn seconds(elapsed: Duration) -> f64 {
    (elapsed.as_secs_f64() * 1000.0).round() / 1000.0
}

#[cfg(test)]
mod tests {
    use super::escape;

    #[test]
    fn escape_makes_any_text_well_formed_xml() {
        assert_eq!(
            escape("a<b & \"c\" 'd'>\u{1}\u{7}\te\n"),
            "a&lt;b &amp; &quot;c&quot; &apos;d&apos;&gt;\u{FFFD}\u{FFFD}\te\n"
        );
    }
}
