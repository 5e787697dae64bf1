//! `eltc check --explain-allowed`: the warnings the pipelines acknowledge,
//! each with where it is raised, its code, and the reason the spec gives.
//!
//! On stdout, one entry per warning in the order of the diagnostics:
//!
//! ```text
//! pipelines/x/transforms/load.prc:6:3: eltc::plsql::transaction-changed: TRUNCATE became DELETE
//!   allowed by pipelines/x/pipeline.yaml:41:11: the staging table is private to the batch
//! ```
//!
//! With `--format json`, one object per line: the diagnostic's JSON with an
//! `allowed` object (`reason`, `file`, `line`, `column` of the entry).

use std::io::{self, Write};

use serde_json::{Value, json};

use super::args::Format;
use crate::diag::render;
use crate::diag::{SourceMap, Span};
use crate::spec::allow::AllowedWarning;

/// Prints every acknowledged warning of the run.
pub fn print(allowed: &[AllowedWarning], sources: &SourceMap, format: Format) -> io::Result<()> {
    let mut out = io::stdout().lock();
    for warning in allowed {
        let (file, line, column) = place(sources, &warning.allow);
        match format {
            Format::Json => {
                let mut value: Value =
                    serde_json::from_str(&render::json(&warning.diagnostic, sources))
                        .unwrap_or_else(|_| json!({}));
                value["allowed"] = json!({
                    "reason": warning.reason,
                    "file": file,
                    "line": line,
                    "column": column,
                });
                writeln!(out, "{value}")?;
            }
            Format::Human => {
                let diagnostic = &warning.diagnostic;
                let (at, at_line, at_column) = place(sources, &diagnostic.primary.span);
                writeln!(
                    out,
                    "{at}:{at_line}:{at_column}: eltc::{}: {}\n  allowed by {file}:{line}:{column}: {}",
                    diagnostic.code.name(),
                    diagnostic.message,
                    warning
                        .reason
                        .split_whitespace()
                        .collect::<Vec<_>>()
                        .join(" ")
                )?;
            }
        }
    }
    Ok(())
}

fn place(sources: &SourceMap, span: &Span) -> (String, usize, usize) {
    let at = sources.line_col(span.file, span.range.start);
    (
        sources.path(span.file).display().to_string(),
        at.line,
        at.column,
    )
}
