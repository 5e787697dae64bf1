//! Transaction control (docs/redshift.md #procedure-transactions, #plsql-constructs).
//!
//! A Redshift procedure called by the batch runs in the batch's one
//! transaction; COMMIT, ROLLBACK and TRUNCATE inside it would end that
//! transaction midway, so a later failure could no longer undo the earlier
//! steps. eltc keeps the batch atomic and says what changed
//! (`plsql::transaction-changed` warnings):
//!
//! - COMMIT is dropped: the work before it is no longer kept when a later
//!   step fails;
//! - ROLLBACK in a WHEN OTHERS handler that re-raises is dropped: Redshift
//!   rolled the transaction back before it ran the handler. Anywhere else a
//!   ROLLBACK undoes work and goes on, which an atomic procedure cannot do
//!   (`plsql::rollback`), nor ROLLBACK TO SAVEPOINT (`plsql::savepoint`);
//! - TRUNCATE (static, or `EXECUTE IMMEDIATE 'TRUNCATE TABLE t'`) becomes
//!   `DELETE FROM t`, which rolls back with the batch (TRUNCATE would commit
//!   everything before it);
//! - PRAGMA AUTONOMOUS_TRANSACTION is dropped: the routine's writes join the
//!   caller's transaction. A row it writes in the normal flow rolls back
//!   with a failed batch; one it writes from a WHEN OTHERS handler survives,
//!   because Redshift commits the handler's work (the usual error-logging
//!   case keeps its meaning).

use std::ops::Range;

use sqlparser::ast::{ObjectName, Statement};

use super::Ctx;
use crate::diag::{Code, Diagnostic};
use crate::plsql::ast::{self, Stmt};
use crate::spec::model::Dialect;
use crate::sql::parse::parse_synthetic;

impl Ctx<'_> {
    fn transaction_warning(&mut self, range: &Range<usize>, message: &str, help: &str) {
        let span = self.span(range);
        self.report(
            Diagnostic::new(Code::PlsqlTransaction, span, message)
                .label("transaction control changed")
                .help(help),
        );
    }

    /// `COMMIT;`
    pub fn commit(&mut self, stmt: &Stmt) {
        if self.autonomous {
            self.transaction_warning(
                &stmt.range,
                "COMMIT of an autonomous transaction dropped",
                "the routine's writes join the caller's transaction (see the PRAGMA's warning)",
            );
            return;
        }
        self.transaction_warning(
            &stmt.range,
            "COMMIT dropped: the batch stays one transaction",
            "work before this point no longer survives a later failure; the whole CALL commits at its end (https://docs.aws.amazon.com/redshift/latest/dg/stored-procedure-transaction-management.html)",
        );
    }

    /// `ROLLBACK [TO SAVEPOINT s];`
    pub fn rollback(&mut self, stmt: &Stmt, to: Option<&ast::Name>) {
        if to.is_some() {
            self.unsupported(Code::PlsqlSavepoint,
                &stmt.range,
                "ROLLBACK TO SAVEPOINT",
                "Redshift has no savepoints (https://docs.aws.amazon.com/redshift/latest/dg/c_unsupported-postgresql-features.html)",
            );
            return;
        }
        if self.rollback_ok {
            self.transaction_warning(
                &stmt.range,
                "ROLLBACK before the re-raise dropped",
                "Redshift rolls the whole transaction back before it runs WHEN OTHERS, then re-throws (https://docs.aws.amazon.com/redshift/latest/dg/stored-procedure-trapping-errors.html): same outcome",
            );
            return;
        }
        self.unsupported(
            Code::PlsqlRollback,
            &stmt.range,
            "ROLLBACK outside a WHEN OTHERS handler that re-raises",
            "a Redshift procedure cannot undo its work and go on: fail the batch (RAISE) instead",
        );
    }

    /// PRAGMA AUTONOMOUS_TRANSACTION.
    pub fn autonomous(&mut self, decl: &ast::Decl) {
        self.autonomous = true;
        self.transaction_warning(
            &decl.range,
            "PRAGMA AUTONOMOUS_TRANSACTION dropped: the routine's writes join the caller's transaction",
            "a row written in the normal flow rolls back with a failed batch; one written from a WHEN OTHERS handler survives, because Redshift commits the handler's work before it re-throws (https://docs.aws.amazon.com/redshift/latest/dg/stored-procedure-trapping-errors.html): log failures from the handler, or write the log in a separate batch",
        );
    }

    /// TRUNCATE TABLE t as `DELETE FROM t` (an Oracle statement for the SQL layer).
    pub fn truncate_to_delete(
        &mut self,
        range: &Range<usize>,
        table: &ObjectName,
    ) -> Option<Statement> {
        self.transaction_warning(
            range,
            "TRUNCATE became DELETE",
            "TRUNCATE commits inside a Redshift procedure (https://docs.aws.amazon.com/redshift/latest/dg/stored-procedure-transaction-management.html); DELETE keeps the batch atomic, at the cost of a slower delete and a VACUUM later",
        );
        parse_synthetic(&format!("DELETE FROM {table}"), Dialect::Oracle)
            .ok()
            .and_then(|mut statements| statements.pop())
    }
}
