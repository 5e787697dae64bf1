//! Rendering diagnostics: human (a compact text form for logs and pipes,
//! miette's graphical report for a terminal) and JSON lines.
//!
//! This is the only module that touches miette's handlers. Tests render with
//! [`Style::Plain`] (no colour, no terminal width) so snapshots do not
//! depend on the terminal.
//!
//! The plain form is rustc's layout, written here rather than through miette
//! because `eltc translate` renders tens of thousands of diagnostics in one
//! run and miette's layout (word wrapping with Unicode line breaking, width
//! tables, a handler per report) cost more than the translation itself:
//!
//! ```text
//! error[eltc::translate::function-arguments]: `ADD_MONTHS` with 2 arguments (a date, a decimal) is not translated
//!  --> a.sql:1:8
//!   |
//! 1 | SELECT ADD_MONTHS(d, n) AS a FROM t.all_types
//!   |        ^^^^^^^^^^^^^^^^ not translated
//!   = help: ADD_MONTHS takes a DATE or TIMESTAMP and an integer
//! ```
//!
//! `^` marks the primary span, `-` the others. A span over several lines is
//! marked on its first and last lines; lines between are shown up to five
//! in all, `...` standing for lines left out. Labels in another file come
//! after a `::: path:line:col` header. Columns count characters, a tab four.

use std::fmt::Write as _;

use std::sync::Arc;

use miette::{
    GraphicalReportHandler, LabeledSpan, MietteDiagnostic, MietteError, MietteSpanContents,
    SourceCode, SourceSpan, SpanContents,
};
use serde::Serialize;

use super::{Diagnostic, Label, Severity, SourceMap};

/// How human output looks.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Style {
    /// Colours and unicode (miette's graphical report), for a terminal.
    Terminal,
    /// The compact plain-text form: stable text for snapshots, logs and pipes.
    Plain,
}

/// Renders one diagnostic for people; the text ends with a newline.
pub fn human(diagnostic: &Diagnostic, sources: &SourceMap, style: Style) -> String {
    match style {
        Style::Plain => plain(diagnostic, sources),
        Style::Terminal => graphical(diagnostic, sources),
    }
}

/// The compact form (see the module documentation).
fn plain(diagnostic: &Diagnostic, sources: &SourceMap) -> String {
    let mut out = String::with_capacity(512);
    out.push_str(match diagnostic.severity {
        Severity::Error => "error[eltc::",
        Severity::Warning => "warning[eltc::",
    });
    out.push_str(diagnostic.code.name());
    out.push_str("]: ");
    out.push_str(&diagnostic.message);
    out.push('\n');
    let file = diagnostic.primary.span.file;
    let mut here: Vec<(&Label, char)> = vec![(&diagnostic.primary, '^')];
    let mut elsewhere: Vec<&Label> = Vec::new();
    for label in &diagnostic.secondary {
        if label.span.file == file {
            here.push((label, '-'));
        } else {
            elsewhere.push(label);
        }
    }
    here.sort_by_key(|(label, _)| label.span.range.start);
    let width = std::iter::once(&diagnostic.primary)
        .chain(&diagnostic.secondary)
        .map(|label| sources.locate(label.span.file, label.span.range.end).line)
        .max()
        .unwrap_or(1)
        .to_string()
        .len();
    let gutter = Gutter(width);
    header(&mut out, sources, &diagnostic.primary, gutter, "-->");
    gutter.bar(&mut out);
    out.push('\n');
    let mut shown = None;
    for (label, marker) in here {
        snippet(&mut out, sources, label, marker, gutter, &mut shown);
    }
    for label in elsewhere {
        header(&mut out, sources, label, gutter, ":::");
        let mut shown = None;
        snippet(&mut out, sources, label, '-', gutter, &mut shown);
    }
    if let Some(help) = &diagnostic.help {
        let mut lines = help.lines();
        gutter.pad(&mut out);
        out.push_str(" = help: ");
        out.push_str(lines.next().unwrap_or(""));
        out.push('\n');
        for line in lines {
            gutter.pad(&mut out);
            out.push_str("         ");
            out.push_str(line);
            out.push('\n');
        }
    }
    out
}

/// The width of the line numbers: blanks or ` |` that wide.
#[derive(Clone, Copy)]
struct Gutter(usize);

impl Gutter {
    fn pad(self, out: &mut String) {
        out.extend(std::iter::repeat_n(' ', self.0));
    }

    fn bar(self, out: &mut String) {
        self.pad(out);
        out.push_str(" |");
    }
}

/// `--> path:line:col` (or `:::` for a label in another file).
fn header(out: &mut String, sources: &SourceMap, label: &Label, gutter: Gutter, arrow: &str) {
    let at = sources.line_col(label.span.file, label.span.range.start);
    gutter.pad(out);
    let _ = writeln!(
        out,
        "{arrow} {}:{}:{}",
        sources.path(label.span.file).display(),
        at.line,
        at.column
    );
}

/// The source lines of one label with its markers under them. `shown` is
/// the last line printed, not printed again for a label on the same line.
fn snippet(
    out: &mut String,
    sources: &SourceMap,
    label: &Label,
    marker: char,
    gutter: Gutter,
    shown: &mut Option<usize>,
) {
    let file = label.span.file;
    let range = &label.span.range;
    let start = sources.locate(file, range.start);
    let mut end = sources.locate(file, range.end);
    if end.line > start.line && end.byte == 0 {
        // A span ending with a line break ends on the line before.
        end = sources.locate(file, range.end - 1);
        end.byte = end.text.len();
    }
    let text = label.text.as_str();
    source_line(out, start.line, start.text, gutter, shown);
    if end.line == start.line {
        markers(out, gutter, start.text, start.byte, end.byte, marker, text);
        return;
    }
    markers(
        out,
        gutter,
        start.text,
        start.byte,
        start.text.len(),
        marker,
        "",
    );
    if end.line - start.line < SPAN_LINES {
        for line in start.line + 1..end.line {
            let line_text = sources.line(file, line).unwrap_or("");
            source_line(out, line, line_text, gutter, shown);
        }
    }
    source_line(out, end.line, end.text, gutter, shown);
    // From the line's first character that is not blank, and at least one.
    let indent = end.text.len() - end.text.trim_start().len();
    let last_char = end.text[..end.byte]
        .char_indices()
        .next_back()
        .map_or(0, |(i, _)| i);
    markers(
        out,
        gutter,
        end.text,
        indent.min(last_char),
        end.byte,
        marker,
        text,
    );
}

/// A span over at most this many lines shows them all; a longer one its
/// first and last (a statement-wide span of a long statement).
const SPAN_LINES: usize = 5;

/// `NN | text` for line `line`, unless it is the line last shown;
/// `...` first when lines were skipped since that one.
fn source_line(
    out: &mut String,
    line: usize,
    text: &str,
    gutter: Gutter,
    shown: &mut Option<usize>,
) {
    match *shown {
        Some(last) if last == line => return,
        Some(last) if last + 1 < line => out.push_str("...\n"),
        _ => {}
    }
    *shown = Some(line);
    let _ = write!(out, "{line:>width$} | ", width = gutter.0);
    if text.contains('\t') {
        out.push_str(&text.replace('\t', "    "));
    } else {
        out.push_str(text);
    }
    out.push('\n');
}

/// Display columns of `text`: a character each, a tab four.
fn columns(text: &str) -> usize {
    text.chars().count() + 3 * text.bytes().filter(|&b| b == b'\t').count()
}

/// The marker row under `line` for its bytes `from..to` (at least one
/// marker), then the label.
fn markers(
    out: &mut String,
    gutter: Gutter,
    line: &str,
    from: usize,
    to: usize,
    marker: char,
    text: &str,
) {
    let to = to.max(from);
    gutter.bar(out);
    out.push(' ');
    out.extend(std::iter::repeat_n(' ', columns(&line[..from])));
    out.extend(std::iter::repeat_n(marker, columns(&line[from..to]).max(1)));
    if !text.is_empty() {
        out.push(' ');
        out.push_str(text);
    }
    out.push('\n');
}

/// miette's graphical report, for a terminal.
fn graphical(diagnostic: &Diagnostic, sources: &SourceMap) -> String {
    let file = diagnostic.primary.span.file;
    let mut help = diagnostic.help.clone();
    let mut labels = vec![labeled(
        &diagnostic.primary.text,
        &diagnostic.primary.span.range,
        true,
    )];
    for label in &diagnostic.secondary {
        if label.span.file == file {
            labels.push(labeled(&label.text, &label.span.range, false));
        } else {
            // miette shows one source per report: name places in other files in words.
            let at = sources.line_col(label.span.file, label.span.range.start);
            let note = format!(
                "{}:{}:{}: {}",
                sources.path(label.span.file).display(),
                at.line,
                at.column,
                label.text
            );
            help = Some(match help {
                Some(help) => format!("{help}\nsee {note}"),
                None => format!("see {note}"),
            });
        }
    }
    let mut report = MietteDiagnostic::new(diagnostic.message.clone())
        .with_code(format!("eltc::{}", diagnostic.code.name()))
        .with_severity(match diagnostic.severity {
            Severity::Error => miette::Severity::Error,
            Severity::Warning => miette::Severity::Warning,
        })
        .with_labels(labels);
    if let Some(help) = help {
        report = report.with_help(help);
    }
    let (text, line_starts, origin, first_line) = sources.shared(file);
    let source = SharedSource {
        name: sources.path(file).display().to_string(),
        text,
        line_starts,
        origin,
        first_line,
    };
    let report = miette::Report::new(report).with_source_code(source);
    let handler = GraphicalReportHandler::new();
    let mut out = String::new();
    if handler.render_report(&mut out, report.as_ref()).is_err() {
        // Rendering into a String cannot fail for I/O reasons; keep the message anyway.
        let _ = writeln!(
            out,
            "error[{}]: {}",
            diagnostic.code.name(),
            diagnostic.message
        );
    }
    out
}

/// A file of the source map as miette's source code, without copying it.
///
/// miette's own `SourceCode` for text scans from the start of the file for
/// every span; with thousands of diagnostics in one large file that is
/// quadratic. This reads only the lines around the span, found through the
/// source map's line index, lets miette lay them out, and shifts the result
/// back to the file's offsets and line numbers.
struct SharedSource {
    name: String,
    text: Arc<str>,
    line_starts: Arc<[usize]>,
    /// File offset and 0-based line number of `text` (a window of a script).
    origin: usize,
    first_line: usize,
}

impl SharedSource {
    fn line_of(&self, offset: usize) -> usize {
        self.line_starts
            .partition_point(|&start| start <= offset)
            .saturating_sub(1)
    }
}

impl SourceCode for SharedSource {
    fn read_span<'a>(
        &'a self,
        span: &SourceSpan,
        context_lines_before: usize,
        context_lines_after: usize,
    ) -> Result<Box<dyn SpanContents<'a> + 'a>, MietteError> {
        let Some(start) = span.offset().checked_sub(self.origin) else {
            return Err(MietteError::OutOfBounds);
        };
        let span = &SourceSpan::new(start.into(), span.len());
        let end = span.offset() + span.len();
        if end > self.text.len() {
            return Err(MietteError::OutOfBounds);
        }
        let first = self
            .line_of(span.offset())
            .saturating_sub(context_lines_before);
        let last = self.line_of(end) + context_lines_after + 1;
        let window_start = self.line_starts[first];
        let window_end = self
            .line_starts
            .get(last)
            .copied()
            .unwrap_or(self.text.len());
        let window = &self.text.as_bytes()[window_start..window_end];
        let local = SourceSpan::new((span.offset() - window_start).into(), span.len());
        let inner = window.read_span(&local, context_lines_before, context_lines_after)?;
        let shifted = SourceSpan::new(
            (inner.span().offset() + window_start + self.origin).into(),
            inner.span().len(),
        );
        Ok(Box::new(MietteSpanContents::new_named(
            self.name.clone(),
            inner.data(),
            shifted,
            inner.line() + first + self.first_line,
            inner.column(),
            inner.line_count() + first + self.first_line,
        )))
    }
}

fn labeled(text: &str, range: &std::ops::Range<usize>, primary: bool) -> LabeledSpan {
    let label = (!text.is_empty()).then(|| text.to_string());
    let span = (range.start, range.end.saturating_sub(range.start));
    if primary {
        LabeledSpan::new_primary_with_span(label, span)
    } else {
        LabeledSpan::new_with_span(label, span)
    }
}

/// The JSON form of a diagnostic: one object per line, for editors and CI annotations.
#[derive(Debug, Serialize)]
pub struct JsonDiagnostic<'a> {
    /// `eltc::` + the code.
    pub code: String,
    /// `error` or `warning`.
    pub severity: Severity,
    /// The message.
    pub message: &'a str,
    /// The file, as given.
    pub file: String,
    /// 1-based line of the span start.
    pub line: usize,
    /// 1-based column (characters) of the span start.
    pub column: usize,
    /// 1-based line of the span end.
    pub end_line: usize,
    /// 1-based column (characters) of the span end.
    pub end_column: usize,
    /// The help line, if any.
    pub help: Option<&'a str>,
}

/// Renders one diagnostic as a single JSON line (no trailing newline).
pub fn json(diagnostic: &Diagnostic, sources: &SourceMap) -> String {
    let span = &diagnostic.primary.span;
    let start = sources.line_col(span.file, span.range.start);
    let end = sources.line_col(span.file, span.range.end);
    let value = JsonDiagnostic {
        code: format!("eltc::{}", diagnostic.code.name()),
        severity: diagnostic.severity,
        message: &diagnostic.message,
        file: sources.path(span.file).display().to_string(),
        line: start.line,
        column: start.column,
        end_line: end.line,
        end_column: end.column,
        help: diagnostic.help.as_deref(),
    };
    serde_json::to_string(&value).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diag::{Code, Span};

    fn render(text: &str, range: std::ops::Range<usize>) -> (SourceMap, Diagnostic) {
        let mut sources = SourceMap::new();
        let file = sources.add("a.sql", text.to_string());
        let diagnostic = Diagnostic::new(Code::SqlParse, Span::new(file, range), "bad")
            .label("here")
            .help("fix it\nthen again");
        (sources, diagnostic)
    }

    #[test]
    fn plain_shows_place_code_line_markers_label_and_help() {
        let (sources, diagnostic) = render("SELECT\n\tx + 1 FROM t", 8..13);
        assert_eq!(
            human(&diagnostic, &sources, Style::Plain),
            "error[eltc::sql::parse]: bad\n \
             --> a.sql:2:2\n  \
             |\n\
             2 |     x + 1 FROM t\n  \
             |     ^^^^^ here\n  \
             = help: fix it\n          \
             then again\n"
        );
    }

    #[test]
    fn a_long_span_shows_its_first_and_last_lines() {
        let text = "a\nb\nc\nd\ne\nf\ng;";
        let (sources, diagnostic) = render(text, 0..text.len() - 1);
        let out = human(&diagnostic, &sources, Style::Plain);
        assert!(
            out.contains("1 | a\n  | ^\n...\n7 | g;\n  | ^ here\n"),
            "{out}"
        );
        // Up to five lines, every line is shown.
        let (sources, diagnostic) = render(text, 0..9);
        let out = human(&diagnostic, &sources, Style::Plain);
        assert!(
            out.contains("1 | a\n  | ^\n2 | b\n3 | c\n4 | d\n5 | e\n  | ^ here\n"),
            "{out}"
        );
    }

    #[test]
    fn labels_elsewhere_get_their_own_header() {
        let mut sources = SourceMap::new();
        let yaml = sources.add("pipeline.yaml", "tables:\n  s.t: {}\n".to_string());
        let sql = sources.add("q.sql", "SELECT * FROM s.t".to_string());
        let diagnostic = Diagnostic::new(Code::SqlParse, Span::new(sql, 14..17), "bad")
            .label("read here")
            .also(Span::new(yaml, 10..13), "declared here");
        let out = human(&diagnostic, &sources, Style::Plain);
        assert!(
            out.contains("::: pipeline.yaml:2:3\n2 |   s.t: {}\n  |   --- declared here\n"),
            "{out}"
        );
    }

    #[test]
    fn a_window_renders_with_the_file_line_numbers() {
        let mut sources = SourceMap::new();
        let file = sources.add_window("big.sql", "SELECT x\n  FROM t;".to_string(), 1000, 41);
        let diagnostic = Diagnostic::new(Code::SqlParse, Span::new(file, 1011..1017), "bad");
        let out = human(&diagnostic, &sources, Style::Plain);
        assert!(
            out.contains("--> big.sql:43:3\n   |\n43 |   FROM t;\n   |   ^^^^^^\n"),
            "{out}"
        );
    }
}
