//! Rendering diagnostics: human (miette's graphical report) and JSON lines.
//!
//! This is the only module that touches miette's handlers. Tests render with
//! [`Style::Plain`] (no colour, fixed width, no links) so snapshots do not
//! depend on the terminal.

use std::fmt::Write as _;

use std::sync::Arc;

use miette::{
    GraphicalReportHandler, GraphicalTheme, LabeledSpan, MietteDiagnostic, MietteError,
    MietteSpanContents, SourceCode, SourceSpan, SpanContents,
};
use serde::Serialize;

use super::{Diagnostic, Severity, SourceMap};

/// How human output looks.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Style {
    /// Colours and unicode, for a terminal.
    Terminal,
    /// No colour, 100 columns, no links: stable text for snapshots and logs.
    Plain,
}

/// Renders one diagnostic as miette's graphical report.
pub fn human(diagnostic: &Diagnostic, sources: &SourceMap, style: Style) -> String {
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
    let (text, line_starts) = sources.shared(file);
    let source = SharedSource {
        name: sources.path(file).display().to_string(),
        text,
        line_starts,
    };
    let report = miette::Report::new(report).with_source_code(source);
    let handler = match style {
        Style::Terminal => GraphicalReportHandler::new(),
        Style::Plain => GraphicalReportHandler::new_themed(GraphicalTheme::unicode_nocolor())
            .with_width(100)
            .with_links(false),
    };
    let mut out = String::new();
    if handler.render_report(&mut out, report.as_ref()).is_err() {
        // Rendering into a String cannot fail for I/O reasons; keep the message anyway.
        let _ = write!(
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
            (inner.span().offset() + window_start).into(),
            inner.span().len(),
        );
        Ok(Box::new(MietteSpanContents::new_named(
            self.name.clone(),
            inner.data(),
            shifted,
            inner.line() + first,
            inner.column(),
            inner.line_count() + first,
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
