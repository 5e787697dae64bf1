//! The PL/SQL block parser: a file's text into [`ast::Unit`]s.
//!
//! sqlparser reads no PL/SQL blocks, so the block structure is parsed here
//! (units, declarations, statements, handlers) and every piece of SQL is kept
//! as a byte range for sqlparser's Oracle dialect to read later. Parts:
//! `cursor` (tokens, names, errors), `units` (CREATE ..., `/`, SQL*Plus
//! lines), `decls` (declarations, headings, types), `stmts` (statements,
//! blocks, handlers), `loops`, `sql` (embedded SQL and cursors), `expr`
//! (expressions and arguments as text ranges).
//!
//! [`ast::Unit`]: crate::plsql::ast::Unit

mod cursor;
mod decls;
mod expr;
mod loops;
mod sql;
mod stmts;
mod units;

#[cfg(test)]
mod tests;

use crate::diag::{Diagnostic, FileId};
use crate::plsql::ast;
pub use units::is_sqlplus_command;

/// What [`parse`] read from one file.
#[derive(Debug)]
pub struct Parsed {
    /// The units of the file, in order; a unit with a syntax error is left
    /// out (its diagnostic is in `diagnostics`).
    pub units: Vec<ast::Unit>,
    /// `plsql::syntax` errors, and warnings for SQL*Plus lines that were
    /// skipped, in file order.
    pub diagnostics: Vec<Diagnostic>,
}

/// Parses the PL/SQL units and SQL statements of one file. Every range in
/// the result is a byte range of `text`. Never panics: bad input gives
/// diagnostics, and parsing goes on with the next unit.
pub fn parse(file: FileId, text: &str) -> Parsed {
    let mut parser = cursor::Parser::new(file, text);
    let units = parser.units();
    Parsed {
        units,
        diagnostics: parser.diagnostics,
    }
}
