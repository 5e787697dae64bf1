//! The transaction lint on the plan: a batch is one CALL, one transaction,
//! so the statements of eltc's own procedures never end or commit it
//! (TRUNCATE commits inside a Redshift procedure; COMMIT, ROLLBACK, BEGIN
//! and savepoints end or split it: docs/redshift.md#procedure-transactions).
//!
//! The strategies' operations are typed and hold none of them; what the
//! user's SQL brings is an `sql` step's statements, checked here as trees,
//! each finding pointing at the step's SQL in the user's file. The
//! translation refuses these statements already; this check keeps the
//! invariant whatever a later translation lets through. Procedures
//! translated from PL/SQL are the translation's to report
//! (`plsql::transaction-changed`). The templates' own text is linted where
//! a user replaces it (`eltc build --templates DIR`, in the CLI).

use sqlparser::ast::Statement;

use super::Plan;
use super::Sql;
use super::transform::StepKind;
use crate::diag::{Code, Diagnostic};

/// A finding per statement that would end or commit the batch.
pub fn check(plan: &Plan) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for step in &plan.steps {
        let StepKind::Statements(statements) = &step.kind else {
            continue;
        };
        for (sql, _) in statements {
            let Sql::Statement(statement) = sql else {
                continue;
            };
            if let Some(why) = ends_the_batch(statement) {
                out.push(
                    Diagnostic::new(Code::LintCommits, step.span.clone(), why)
                        .label(format!("a statement of transform `{}`", step.name))
                        .help("use DELETE instead of TRUNCATE and leave transaction control to the CALL: one CALL is one atomic batch"),
                );
            }
        }
    }
    out
}

/// Why `statement` ends or commits the batch's transaction, if it does.
fn ends_the_batch(statement: &Statement) -> Option<&'static str> {
    match statement {
        Statement::Truncate(_) => Some("TRUNCATE commits the transaction inside a procedure"),
        Statement::Commit { .. } => Some("COMMIT ends the batch's transaction midway"),
        Statement::Rollback { .. } => Some("ROLLBACK ends the batch's transaction midway"),
        Statement::StartTransaction { .. } => {
            Some("a transaction started inside a procedure splits the batch")
        }
        Statement::Savepoint { .. } | Statement::ReleaseSavepoint { .. } => {
            Some("a savepoint splits the batch's transaction")
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::backend::plan::transform::Step;
    use crate::diag::{SourceMap, Span};
    use crate::spec::model::Dialect;
    use crate::sql::parse::parse_synthetic;

    /// A plan of one `sql` step holding `sql`, its span at bytes 10..40 of `f.sql`.
    fn findings(sql: &str) -> (Vec<Diagnostic>, Span) {
        let mut sources = SourceMap::new();
        let file = sources.add("f.sql", " ".repeat(64));
        let span = Span::new(file, 10..40);
        let statements = parse_synthetic(sql, Dialect::Redshift)
            .unwrap()
            .into_iter()
            .map(|s| (Sql::Statement(Box::new(s)), true))
            .collect();
        let pipeline = crate::sql::testing::pipeline(&mut sources);
        let (mut plan, _) = crate::backend::plan::build(&pipeline, &sources);
        plan.steps = vec![Step {
            name: "clean".into(),
            kind: StepKind::Statements(statements),
            checks: Vec::new(),
            span: span.clone(),
        }];
        (check(&plan), span)
    }

    #[test]
    fn statements_ending_the_batch_point_at_the_step_sql() {
        for sql in [
            "TRUNCATE TABLE t",
            "COMMIT",
            "ROLLBACK",
            "BEGIN TRANSACTION",
            "SAVEPOINT s",
        ] {
            let (found, span) = findings(&format!("DELETE FROM t; {sql}"));
            assert_eq!(found.len(), 1, "{sql}: {found:#?}");
            assert_eq!(found[0].code, Code::LintCommits);
            assert_eq!(found[0].primary.span, span);
        }
        assert!(
            findings("DELETE FROM t; INSERT INTO t SELECT 1")
                .0
                .is_empty()
        );
    }
}
