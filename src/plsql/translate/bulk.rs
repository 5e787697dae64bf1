//! BULK COLLECT and FORALL (REDSHIFT-NOTES 4.7: no collections in
//! Redshift). Collections are refused for now with a diagnostic naming the
//! construct: rewrite the loop as one INSERT / DELETE ... SELECT.

use std::ops::Range;

use sqlparser::ast::Query;

use super::Ctx;
use super::sql::Piece;
use crate::plsql::ast::{self, Stmt};
use crate::plsql::pgsql;

impl Ctx<'_> {
    /// A variable of a collection type.
    pub fn collection_variable(
        &mut self,
        decl: &ast::Decl,
        name: &str,
        ty: &str,
    ) -> Option<pgsql::Decl> {
        let _ = name;
        self.unsupported(
            &decl.range,
            &format!("a collection variable (`{ty}`)"),
            "Redshift has no collections: write the work as one set-based INSERT, UPDATE or DELETE ... SELECT",
        );
        None
    }

    /// `SELECT ... BULK COLLECT INTO ...`.
    pub fn bulk_collect(
        &mut self,
        range: &Range<usize>,
        piece: &Piece,
        local: &Range<usize>,
        query: Box<Query>,
        targets: &[ast::ExprText],
        out: &mut Vec<pgsql::Stmt>,
    ) {
        let _ = (piece, local, query, targets, out);
        self.unsupported(
            range,
            "BULK COLLECT",
            "Redshift has no collections: write the work as one set-based INSERT, UPDATE or DELETE ... SELECT",
        );
    }

    /// `FORALL i IN bounds statement;`
    pub fn forall(
        &mut self,
        stmt: &Stmt,
        index: &ast::Name,
        bounds: &ast::ExprText,
        statement: &Stmt,
        out: &mut Vec<pgsql::Stmt>,
    ) {
        let _ = (index, bounds, statement, out);
        self.unsupported(
            &stmt.range,
            "FORALL",
            "Redshift has no collections: write the work as one set-based INSERT, UPDATE or DELETE ... SELECT",
        );
    }
}
