//! What the target being built for refuses of the plan's steps
//! ([`Target::refuses`]): each refused node is a `target::refuses` error at
//! the step's SQL in the user's file, so a construct one engine cannot
//! express stops the build instead of failing when its SQL runs.

use std::ops::ControlFlow;

use sqlparser::ast::visit_expressions;

use super::plan::Sql;
use super::plan::transform::{Check, Step, StepKind};
use crate::diag::{Code, Diagnostic};
use crate::target::Target;

/// A finding per refused node of the steps' statement, query and
/// expression trees (the text eltc writes itself is every target's).
pub fn check(steps: &[Step], target: &dyn Target) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for step in steps {
        let mut trees: Vec<&Sql> = Vec::new();
        match &step.kind {
            StepKind::Statements(statements) => trees.extend(statements.iter().map(|(s, _)| s)),
            StepKind::Write(write) => trees.push(&write.query),
            StepKind::Call { call, .. } => trees.extend(&call.arguments),
        }
        for check in &step.checks {
            if let Check::NoRows { query, .. } = check {
                trees.push(query);
            }
        }
        for why in trees.into_iter().flat_map(|sql| refusals(sql, target)) {
            out.push(
                Diagnostic::new(Code::TargetRefuses, step.span.clone(), why)
                    .label(format!("in transform `{}`", step.name))
                    .help(format!(
                        "write it in a form the {} target expresses (`eltc explain target::refuses`)",
                        target.name()
                    )),
            );
        }
    }
    out
}

fn refusals(sql: &Sql, target: &dyn Target) -> Vec<String> {
    let mut found = Vec::new();
    let mut visit = |expr: &sqlparser::ast::Expr| {
        found.extend(target.refuses(expr));
        ControlFlow::<()>::Continue(())
    };
    let _ = match sql {
        Sql::Expr(expr) => visit_expressions(&**expr, &mut visit),
        Sql::Query(query) => visit_expressions(&**query, &mut visit),
        Sql::Statement(statement) => visit_expressions(&**statement, &mut visit),
    };
    found
}
