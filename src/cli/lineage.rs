//! `eltc lineage [PIPELINE] TABLE.COLUMN`: a column's lineage over the
//! pipelines read (one, or every pipeline of the project, so lineage crosses
//! pipelines through the tables they share), printed as text, JSON or DOT
//! on stdout (docs/plan.md#lineage).

use std::io::{self, Write};
use std::path::PathBuf;

use super::ExitStatus;
use super::args::{Format, LineageArgs, LineageFormat};
use super::pipelines::{load_plans, print_diagnostics};
use super::project::{PIPELINES_DIR, all_pipelines, pipeline_dirs};
use crate::diag::{Code, Diagnostic, Diagnostics, SourceMap, Span};
use crate::lineage::{Graph, UnknownColumn, print};

/// `eltc lineage`.
pub fn run(args: &LineageArgs) -> io::Result<ExitStatus> {
    let (path, column) = match args.args.as_slice() {
        [path, column] => (Some(PathBuf::from(path)), column.as_str()),
        [column] => (None, column.as_str()),
        _ => (None, ""),
    };
    let mut sources = SourceMap::new();
    let mut diagnostics = Diagnostics::new();
    let dirs = match &path {
        // A project directory: every pipeline in it.
        Some(root) if root.join(PIPELINES_DIR).is_dir() => all_pipelines(&root.join(PIPELINES_DIR)),
        Some(dir) => pipeline_dirs(std::slice::from_ref(dir), &mut sources, &mut diagnostics),
        None => pipeline_dirs(&[], &mut sources, &mut diagnostics),
    };
    let pipelines = load_plans(&dirs, args.input.encoding, &mut sources, &mut diagnostics)?;
    if diagnostics.has_errors() || pipelines.is_empty() {
        print_diagnostics(diagnostics, &sources, Format::Human)?;
        return Ok(ExitStatus::Failure);
    }
    let pairs: Vec<_> = pipelines.iter().map(|(p, plan)| (p, plan)).collect();
    let graph = Graph::of(&pairs, &sources);
    let node = match graph.column(column) {
        Ok(node) => node,
        Err(unknown) => {
            let first = Span::file_start(pipelines[0].0.file);
            diagnostics.push(unknown_column(column, &unknown, &graph, first));
            print_diagnostics(diagnostics, &sources, Format::Human)?;
            return Ok(ExitStatus::Failure);
        }
    };
    let trace = graph.trace(&node);
    let text = match args.format {
        LineageFormat::Text => print::text(&graph, &trace, &sources),
        LineageFormat::Json => print::json(&graph, &trace, &sources),
        LineageFormat::Dot => print::dot(&graph, &trace),
    };
    io::stdout().lock().write_all(text.as_bytes())?;
    Ok(ExitStatus::Success)
}

/// `lineage::unknown-column`, at the table's declaration when the table is
/// known, else at the start of the first pipeline read.
fn unknown_column(column: &str, unknown: &UnknownColumn, graph: &Graph, first: Span) -> Diagnostic {
    let span = unknown
        .table
        .as_ref()
        .and_then(|t| graph.declared.get(t).cloned())
        .unwrap_or(first);
    let (message, label) = match &unknown.table {
        Some(table) => (
            format!(
                "the table `{table}` has no column `{}`",
                column.rsplit('.').next().unwrap_or(column)
            ),
            format!("`{table}` is declared here"),
        ),
        None => (
            format!("no table of the pipelines read has the column `{column}`"),
            "the pipelines read start here".to_string(),
        ),
    };
    let help = if unknown.near.is_empty() {
        let tables: Vec<&str> = graph.tables.keys().map(String::as_str).take(12).collect();
        format!(
            "name a column as `schema.table.column`; the tables are: {}",
            tables.join(", ")
        )
    } else {
        format!("known columns near it: {}", unknown.near.join(", "))
    };
    Diagnostic::new(Code::LineageUnknownColumn, span, message)
        .label(label)
        .help(help)
}
