//! Oracle's ORA-30926 for an expanded MERGE: "unable to get a stable set of
//! rows in the source tables", raised when one target row matches several
//! source rows of a MERGE that updates
//! (<https://docs.oracle.com/en/database/oracle/oracle-database/19/sqlrf/MERGE.html>:
//! "You cannot update the same row of the target table multiple times in
//! the same MERGE statement"). Redshift's UPDATE ... FROM would pick one of
//! the rows instead, so the expansion checks the staged source first.
//!
//! The ON condition must be equalities between a target expression and a
//! source expression (the key), with any other conjunct reading one side
//! only (a filter). Two matched source rows then match the same target rows
//! exactly when their keys are equal, so grouping the matched staged rows by
//! the key's source side finds every target row matched twice. Anything
//! else in ON (a range, an unqualified column, a subquery) is refused: eltc
//! cannot write the check, and without it the result would silently differ.

use sqlparser::ast::{BinaryOperator, Expr, Ident, ObjectName, Statement, Visit, Visitor};
use std::ops::ControlFlow;

use crate::diag::{Code, Diagnostic};
use crate::spec::model::Dialect;

use super::Translator;

/// Oracle's message, kept whole so a caller can match the number.
const ORA_30926: &str = "ORA-30926: unable to get a stable set of rows in the source tables";

/// Which side of a MERGE an expression reads.
#[derive(Default)]
struct Sides {
    source: bool,
    target: bool,
    /// A name eltc cannot place (unqualified, another qualifier, a subquery).
    unknown: bool,
}

impl Translator<'_> {
    /// The statement that raises ORA-30926 when two matched rows of the
    /// staged source `staged` (read under `alias`) share a key; `None`
    /// after a diagnostic when the ON condition does not allow the check.
    pub(super) fn merge_unique_check(
        &mut self,
        on: &Expr,
        target: &Ident,
        alias: &Ident,
        staged: &str,
    ) -> Option<Statement> {
        let Some(keys) = source_keys(on, target, alias) else {
            let span = self.span_of(on);
            self.report(
                Diagnostic::new(Code::MergeSourceKeys, span, "the keys of this MERGE's ON condition cannot be checked")
                    .label("ON condition")
                    .help("write ON as `target.column = source.expression` equalities (other conditions reading one side only), so that eltc can raise ORA-30926 as Oracle does when one target row matches several source rows"),
            );
            return None;
        };
        let group: Vec<String> = keys.iter().map(ToString::to_string).collect();
        let text = format!(
            "UPDATE {staged} SET eltc_matched = CAST('{ORA_30926} (' || CAST(eltc_dup.eltc_rows AS VARCHAR2(20)) || ' source rows for one target row)' AS INTEGER) \
             FROM (SELECT COUNT(*) AS eltc_rows FROM {staged} {alias} WHERE {alias}.eltc_matched = 1 GROUP BY {} HAVING COUNT(*) > 1) eltc_dup",
            group.join(", ")
        );
        match crate::sql::parse::parse_synthetic(&text, Dialect::Oracle) {
            Ok(mut statements) if statements.len() == 1 => statements.pop(),
            _ => {
                let span = self.span_of(on);
                self.report(
                    Diagnostic::new(
                        Code::MergeSourceKeys,
                        span,
                        "the keys of this MERGE's ON condition cannot be checked",
                    )
                    .label("ON condition")
                    .help("write the key expressions of ON as plain columns of the source"),
                );
                None
            }
        }
    }
}

/// The source side of each key equality of `on`, or `None` when a conjunct
/// is neither such an equality nor a one-side filter, or there is no key.
fn source_keys(on: &Expr, target: &Ident, alias: &Ident) -> Option<Vec<Expr>> {
    let mut keys = Vec::new();
    for conjunct in conjuncts(on) {
        if let Expr::BinaryOp {
            left,
            op: BinaryOperator::Eq,
            right,
        } = conjunct
        {
            let (l, r) = (sides(left, target, alias), sides(right, target, alias));
            if l.unknown || r.unknown {
                return None;
            }
            match (l.source, l.target, r.source, r.target) {
                (false, true, true, false) => {
                    keys.push((**right).clone());
                    continue;
                }
                (true, false, false, true) => {
                    keys.push((**left).clone());
                    continue;
                }
                _ => {}
            }
        }
        let s = sides(conjunct, target, alias);
        if s.unknown || (s.source && s.target) {
            return None;
        }
    }
    (!keys.is_empty()).then_some(keys)
}

/// The operands of `AND`s, through parentheses.
fn conjuncts(e: &Expr) -> Vec<&Expr> {
    match e {
        Expr::Nested(inner) => conjuncts(inner),
        Expr::BinaryOp {
            left,
            op: BinaryOperator::And,
            right,
        } => {
            let mut all = conjuncts(left);
            all.extend(conjuncts(right));
            all
        }
        other => vec![other],
    }
}

fn sides(e: &Expr, target: &Ident, alias: &Ident) -> Sides {
    struct Walk<'a> {
        target: &'a Ident,
        alias: &'a Ident,
        sides: Sides,
    }
    impl Visitor for Walk<'_> {
        type Break = ();
        fn pre_visit_expr(&mut self, e: &Expr) -> ControlFlow<()> {
            match e {
                Expr::CompoundIdentifier(parts) if parts.len() == 2 => {
                    if same(&parts[0], self.alias) {
                        self.sides.source = true;
                    } else if same(&parts[0], self.target) {
                        self.sides.target = true;
                    } else {
                        self.sides.unknown = true;
                    }
                }
                // A subquery's tables are caught by `pre_visit_relation`.
                Expr::Identifier(_) | Expr::CompoundIdentifier(_) => self.sides.unknown = true,
                _ => {}
            }
            ControlFlow::Continue(())
        }
        fn pre_visit_relation(&mut self, _: &ObjectName) -> ControlFlow<()> {
            self.sides.unknown = true;
            ControlFlow::Continue(())
        }
    }
    let mut walk = Walk {
        target,
        alias,
        sides: Sides::default(),
    };
    let _ = e.visit(&mut walk);
    walk.sides
}

/// Oracle's unquoted names fold to upper case: `S.k` is `s.k`.
fn same(a: &Ident, b: &Ident) -> bool {
    match (a.quote_style, b.quote_style) {
        (None, None) => a.value.eq_ignore_ascii_case(&b.value),
        _ => a.value == b.value,
    }
}

#[cfg(test)]
mod tests {
    use super::source_keys;
    use sqlparser::ast::{Expr, Ident};

    fn on(text: &str) -> Expr {
        crate::sql::parse::parse_synthetic_expr(text, crate::spec::model::Dialect::Oracle)
            .expect("parses")
    }

    fn keys(text: &str) -> Option<Vec<String>> {
        source_keys(&on(text), &Ident::new("t"), &Ident::new("s"))
            .map(|k| k.iter().map(ToString::to_string).collect())
    }

    #[test]
    fn equalities_give_the_source_side_and_filters_are_allowed() {
        assert_eq!(
            keys("(t.a = s.a AND TRIM(s.b) = t.b AND s.flag = 'Y')"),
            Some(vec!["s.a".to_string(), "TRIM(s.b)".to_string()])
        );
        assert_eq!(keys("T.a = S.a"), Some(vec!["S.a".to_string()]));
    }

    #[test]
    fn anything_else_cannot_be_checked() {
        assert_eq!(keys("s.d BETWEEN t.lo AND t.hi"), None);
        assert_eq!(keys("t.a = s.a OR t.b = s.b"), None);
        assert_eq!(keys("a = s.a"), None);
        assert_eq!(keys("t.a = s.a AND t.b > s.b"), None);
        assert_eq!(keys("s.flag = 'Y'"), None);
        assert_eq!(keys("t.a = (SELECT MAX(x.a) FROM s.x x)"), None);
    }
}
