//! The column references of a node, outside its subqueries, and the
//! subqueries themselves, which [`super::query`] analyzes in their own
//! scope; the session values that read no table.

use std::ops::ControlFlow;

use sqlparser::ast::{Expr, Query, Visitor};

use super::query::lower;

/// Words sqlparser reads as identifiers that are values of the session
/// (Redshift's SYSDATE, the SQL standard's niladic functions), read from
/// no table.
pub(super) const CLOCKS: &[&str] = &[
    "sysdate",
    "current_date",
    "current_time",
    "current_timestamp",
    "localtime",
    "localtimestamp",
    "current_user",
    "session_user",
    "user",
];

/// The column references of a node outside its subqueries, and its
/// subqueries (analyzed apart, in their own scope).
#[derive(Default)]
pub(super) struct References {
    /// Column references, each as its lower-case parts.
    pub(super) names: Vec<Vec<String>>,
    /// Subqueries met outside other subqueries.
    pub(super) queries: Vec<Query>,
    depth: usize,
}

impl Visitor for References {
    type Break = ();

    fn pre_visit_query(&mut self, query: &Query) -> ControlFlow<()> {
        if self.depth == 0 {
            self.queries.push(query.clone());
        }
        self.depth += 1;
        ControlFlow::Continue(())
    }

    fn post_visit_query(&mut self, _query: &Query) -> ControlFlow<()> {
        self.depth -= 1;
        ControlFlow::Continue(())
    }

    fn pre_visit_expr(&mut self, expr: &Expr) -> ControlFlow<()> {
        if self.depth > 0 {
            return ControlFlow::Continue(());
        }
        match expr {
            Expr::Identifier(ident) => self.names.push(vec![lower(ident)]),
            Expr::CompoundIdentifier(parts) => self.names.push(parts.iter().map(lower).collect()),
            _ => {}
        }
        ControlFlow::Continue(())
    }
}
