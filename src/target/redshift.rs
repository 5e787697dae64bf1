//! Amazon Redshift: the trees as the translation built them, every physical
//! option kept, COPY from the manifest the runtime wrote.

use std::borrow::Cow;

use sqlparser::ast::{Expr, Query, Statement};

use super::{CopyText, LoadStatement, Target, literal};

/// See [`super::REDSHIFT`].
#[derive(Clone, Copy, Debug, Default)]
pub struct Redshift;

impl Target for Redshift {
    fn name(&self) -> &'static str {
        "redshift"
    }

    fn literal(&self, text: &str) -> String {
        literal::literal(text, true)
    }

    fn expr(&self, expr: &Expr) -> String {
        expr.to_string()
    }

    fn query<'a>(&self, query: &'a Query) -> Cow<'a, Query> {
        Cow::Borrowed(query)
    }

    fn statement<'a>(&self, statement: &'a Statement) -> Cow<'a, Statement> {
        Cow::Borrowed(statement)
    }

    fn expr_text(&self, text: &str) -> String {
        text.to_string()
    }

    fn header_notes(&self) -> &'static [&'static str] {
        &[]
    }

    fn physical_options(&self) -> bool {
        true
    }

    fn informational_constraints(&self) -> bool {
        true
    }

    fn identity(&self, seed: i64, step: i64) -> String {
        format!("IDENTITY({seed}, {step})")
    }

    fn load_statement(&self, copy: &CopyText) -> LoadStatement {
        LoadStatement {
            head: format!("COPY {} ({}) FROM ", copy.table, copy.columns.join(", ")),
            from: format!(
                "quote_literal(p_landing || {})",
                self.literal(&copy.manifest)
            ),
            options: copy.options.iter().map(|o| format!(" {o}")).collect(),
        }
    }

    fn handler_reraises(&self) -> bool {
        false
    }

    fn deploys(&self) -> bool {
        true
    }
}
