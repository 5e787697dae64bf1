//! Unit tests of the parser, one file per part: each parses a small unit and
//! checks the shape of the tree and that ranges slice to the expected text.

mod decls;
mod errors;
mod sql;
mod stmts;
mod units;

use super::{Parsed, parse};
use crate::diag::{FileId, SourceMap};
use crate::plsql::ast::{Stmt, UnitKind};

/// A file id for tests.
pub(super) fn file() -> FileId {
    let mut sources = SourceMap::new();
    sources.add("test.sql", String::new())
}

/// Parses `text`, requiring no diagnostics.
pub(super) fn parse_ok(text: &str) -> Parsed {
    let parsed = parse(file(), text);
    let messages: Vec<&str> = parsed
        .diagnostics
        .iter()
        .map(|d| d.message.as_str())
        .collect();
    assert!(messages.is_empty(), "unexpected diagnostics: {messages:?}");
    parsed
}

/// The statements of `BEGIN <body> END;`.
pub(super) fn body(text: &str) -> Vec<Stmt> {
    let parsed = parse_ok(text);
    assert_eq!(parsed.units.len(), 1, "one unit expected");
    match parsed.units.into_iter().next().map(|u| u.kind) {
        Some(UnitKind::Anonymous(block)) => block.body,
        other => panic!("expected an anonymous block, got {other:?}"),
    }
}

/// The messages of the diagnostics of `text`, with the text at each span.
pub(super) fn errors(text: &str) -> Vec<(String, String)> {
    parse(file(), text)
        .diagnostics
        .into_iter()
        .map(|d| {
            let at = text[d.primary.span.range.clone()].to_string();
            (d.message, at)
        })
        .collect()
}
