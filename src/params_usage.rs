//! The check that every declared parameter is read by something.
//!
//! A parameter always reaches the procedures (the notification key carries it),
//! but it is only *used* when the landing prefix, a source file name, an SQL
//! text (transforms, source expressions, `no_rows` assertions) or an assertion
//! message refers to it. A parameter nothing reads is usually a misspelt bind
//! variable, so it gets a warning (`spec::unused-param`); an undeclared bind is
//! the SQL layer's error (`spec::unknown-param`).

use std::collections::BTreeSet;

use crate::diag::{Code, Diagnostic, SourceMap};
use crate::spec::model::{
    Assertion, Pattern, PatternPart, Pipeline, SqlText, TransformKind, Value,
};
use crate::sql::parse::placeholders;

/// A warning for each declared parameter that nothing reads.
pub fn unused_params(pipeline: &Pipeline, sources: &SourceMap) -> Vec<Diagnostic> {
    let used = used_params(pipeline, sources);
    pipeline
        .params
        .iter()
        .filter(|param| !used.contains(&param.name))
        .map(|param| {
            Diagnostic::new(
                Code::UnusedParam,
                param.span.clone(),
                format!("parameter `{}` is declared but nothing reads it", param.name),
            )
            .label("never used")
            .help(format!(
                "refer to it as `:{}` in SQL or `{{{}}}` in the landing or file patterns, or remove it",
                param.name, param.name
            ))
        })
        .collect()
}

fn used_params(pipeline: &Pipeline, sources: &SourceMap) -> BTreeSet<String> {
    let mut used = BTreeSet::new();
    let mut sql = |text: &SqlText| {
        let slice = sources
            .text(text.file)
            .get(text.range.clone())
            .unwrap_or_default();
        used.extend(placeholders(slice, pipeline.dialect));
    };
    for transform in &pipeline.transforms {
        match &transform.kind {
            TransformKind::Statements(text) | TransformKind::Query { sql: text, .. } => sql(text),
            // The unit itself reads its parameters as `p_<name>`; `call`
            // passes params as binds. Without `call`, the plan reports which
            // params the entry takes (`compile` drops their warnings).
            TransformKind::PlSql { sql: text, call } => {
                sql(text);
                if let Some(call) = call {
                    sql(call);
                }
            }
        }
        for assertion in &transform.assertions {
            if let Assertion::NoRows { sql: text, .. } = assertion {
                sql(text);
            }
        }
    }
    for source in &pipeline.sources {
        for value in source.into.iter().flat_map(|target| &target.columns) {
            if let Value::Expr(text) = &value.value {
                sql(text);
            }
        }
    }
    used.extend(pattern_params(&pipeline.trigger.landing));
    for source in &pipeline.sources {
        used.extend(pattern_params(&source.file));
    }
    for transform in &pipeline.transforms {
        for assertion in &transform.assertions {
            let message = match assertion {
                Assertion::MinRows { message, .. }
                | Assertion::Unique { message, .. }
                | Assertion::NoRows { message, .. } => message,
            };
            if let Some(message) = message {
                used.extend(
                    pipeline
                        .params
                        .iter()
                        .filter(|p| message.contains(&format!("{{{}}}", p.name)))
                        .map(|p| p.name.clone()),
                );
            }
        }
    }
    used
}

fn pattern_params(pattern: &Pattern) -> impl Iterator<Item = String> + '_ {
    pattern.parts.iter().filter_map(|part| match part {
        PatternPart::Param { name, .. } => Some(name.clone()),
        PatternPart::Literal(_) => None,
    })
}
