//! Resolution of `transforms:`: which of `sql`, `query`, `plsql` a step is,
//! its SQL text (file or inline), target, strategy and assertions.

use super::{Ctx, Tables};
use crate::diag::{Code, Diagnostic, Span};
use crate::spec::model::{Assertion, Dialect, Param, Strategy, Table, Transform, TransformKind};
use crate::spec::raw::{
    RawAssertion, RawDialect, RawStrategy, RawStrategyWord, RawTransform, Spanned,
};

impl Ctx<'_> {
    /// `transforms:` in run order; failed steps are left out (reported).
    pub(super) fn transforms(
        &mut self,
        raw: Option<&[RawTransform]>,
        tables: &Tables,
        params: &[Param],
        dialect: (Dialect, Option<&Spanned<RawDialect>>),
    ) -> Vec<Transform> {
        let mut transforms = Vec::new();
        let mut seen = Vec::new();
        for transform in raw.unwrap_or_default() {
            let Some(name) = self.identifier(&transform.name, "transform name") else {
                continue;
            };
            if !self.unique_name(&mut seen, &name, &transform.name.span, "transform") {
                continue;
            }
            if let Some(transform) = self.transform(name, transform, tables, params, dialect) {
                transforms.push(transform);
            }
        }
        transforms
    }

    fn transform(
        &mut self,
        name: String,
        raw: &RawTransform,
        tables: &Tables,
        params: &[Param],
        dialect: (Dialect, Option<&Spanned<RawDialect>>),
    ) -> Option<Transform> {
        let written: Vec<(&str, &Spanned<String>)> = [
            ("sql", &raw.sql),
            ("query", &raw.query),
            ("plsql", &raw.plsql),
        ]
        .into_iter()
        .filter_map(|(key, value)| value.as_ref().map(|v| (key, v)))
        .collect();
        let (key, value) = match written.as_slice() {
            [one] => *one,
            [] => {
                self.error(
                    Diagnostic::new(Code::MissingKey, raw.name.span.clone(), format!("transform `{name}` runs nothing"))
                        .label("no `sql`, `query` or `plsql`")
                        .help("add `sql:` (statements), `query:` (a SELECT with `target` and `strategy`) or `plsql:`"),
                );
                return None;
            }
            [(first, first_value), (second, second_value), ..] => {
                self.error(
                    Diagnostic::new(Code::ConflictingKeys, second_value.span.clone(), format!("transform `{name}` has both `{first}` and `{second}`"))
                        .label(format!("`{second}` here"))
                        .also(first_value.span.clone(), format!("`{first}` here"))
                        .help("a transform is exactly one of `sql`, `query` or `plsql`: split it into two steps"),
                );
                return None;
            }
        };
        let kind = self.transform_kind(&name, key, value, raw, tables, dialect);
        let target = match &kind {
            Some(TransformKind::Query { target, .. }) => {
                tables.get(target).and_then(Option::as_ref)
            }
            _ => None,
        };
        let assertions = self.assertions(raw, target, tables, params);
        let kind = kind?;
        let allow = self.allows(raw.allow.as_ref(), allow_scope(raw, &kind));
        Some(Transform {
            name,
            kind,
            assertions: assertions?,
            allow,
            span: raw.name.span.clone(),
        })
    }

    fn transform_kind(
        &mut self,
        name: &str,
        key: &str,
        value: &Spanned<String>,
        raw: &RawTransform,
        tables: &Tables,
        dialect: (Dialect, Option<&Spanned<RawDialect>>),
    ) -> Option<TransformKind> {
        if key != "query" {
            self.no_query_keys(name, key, raw);
        }
        if key != "plsql" {
            self.no_call(name, key, raw);
        }
        match key {
            "sql" => Some(TransformKind::Statements(
                self.sql(value, &format!("transform {name}"))?,
            )),
            "plsql" => {
                let sql = self.sql(value, &format!("transform {name}"));
                if dialect.0 != Dialect::Oracle {
                    let mut diagnostic = Diagnostic::new(Code::ConflictingKeys, value.span.clone(), format!("`plsql` in transform `{name}` needs `dialect: oracle`"))
                        .label("PL/SQL block")
                        .help("PL/SQL is Oracle's: set `dialect: oracle`, or write the step in Redshift SQL with `sql:`");
                    if let Some(written) = dialect.1 {
                        diagnostic =
                            diagnostic.also(written.span.clone(), "the pipeline's dialect");
                    }
                    self.error(diagnostic);
                    return None;
                }
                let call = raw
                    .call
                    .as_ref()
                    .map(|call| self.inline_sql(call, &format!("call of transform {name}")));
                Some(TransformKind::PlSql { sql: sql?, call })
            }
            _ => self.query_kind(name, value, raw, tables),
        }
    }

    /// `target` and `strategy` belong to `query` only.
    fn no_query_keys(&mut self, name: &str, key: &str, raw: &RawTransform) {
        let strategy_span = raw.strategy.as_ref().map(strategy_span);
        for (other, span) in [
            ("target", raw.target.as_ref().map(|t| t.span.clone())),
            ("strategy", strategy_span),
        ] {
            if let Some(span) = span {
                self.error(
                    Diagnostic::new(Code::ConflictingKeys, span, format!("`{other}` in transform `{name}`, which is `{key}`"))
                        .label(format!("`{other}` needs `query`"))
                        .help(format!("`target` and `strategy` go with `query: SELECT ...`; a `{key}` step writes its own tables")),
                );
            }
        }
    }

    /// `call` names the entry procedure of a `plsql` step only.
    fn no_call(&mut self, name: &str, key: &str, raw: &RawTransform) {
        if let Some(call) = &raw.call {
            self.error(
                Diagnostic::new(Code::ConflictingKeys, call.span.clone(), format!("`call` in transform `{name}`, which is `{key}`"))
                    .label("`call` needs `plsql`")
                    .help("`call` names the procedure a `plsql` step runs; remove it, or make the step `plsql:` with the unit"),
            );
        }
    }

    fn query_kind(
        &mut self,
        name: &str,
        value: &Spanned<String>,
        raw: &RawTransform,
        tables: &Tables,
    ) -> Option<TransformKind> {
        let sql = self.sql(value, &format!("transform {name}"));
        let Some(target) = &raw.target else {
            self.error(
                Diagnostic::new(
                    Code::MissingKey,
                    value.span.clone(),
                    format!("transform `{name}` has a `query` but no `target`"),
                )
                .label("written nowhere")
                .help("add `target: schema.table` and a `strategy`"),
            );
            return None;
        };
        let table = self.written_table(tables, target, &format!("transform `{name}`"))?;
        let Some(strategy) = &raw.strategy else {
            self.error(
                Diagnostic::new(Code::MissingKey, target.span.clone(), format!("transform `{name}` has no `strategy`"))
                    .label("how are rows written?")
                    .help("add `strategy: replace`, `append`, `{ delete_insert: [columns] }` or `{ merge: [columns] }`"),
            );
            return None;
        };
        let strategy = self.strategy(strategy, table)?;
        let target = self.qualified(target)?;
        Some(TransformKind::Query {
            sql: sql?,
            target,
            strategy,
        })
    }

    fn strategy(&mut self, raw: &RawStrategy, table: Option<&Table>) -> Option<Strategy> {
        match raw {
            RawStrategy::Word(word) => Some(match word.value {
                RawStrategyWord::Replace => Strategy::Replace,
                RawStrategyWord::Append => Strategy::Append,
            }),
            RawStrategy::DeleteInsert(keys) => Some(Strategy::DeleteInsert(
                self.key_columns(table, &keys.delete_insert)?,
            )),
            RawStrategy::Merge(keys) => {
                Some(Strategy::Merge(self.key_columns(table, &keys.merge)?))
            }
        }
    }

    fn key_columns(
        &mut self,
        table: Option<&Table>,
        keys: &Spanned<Vec<Spanned<String>>>,
    ) -> Option<Vec<String>> {
        if keys.value.is_empty() {
            self.error(
                Diagnostic::new(
                    Code::InvalidValue,
                    keys.span.clone(),
                    "a strategy with no key columns",
                )
                .label("empty list")
                .help("name the columns that identify a row, e.g. `[eod_date]`"),
            );
            return None;
        }
        self.columns(table, &keys.value)
    }

    fn assertions(
        &mut self,
        raw: &RawTransform,
        target: Option<&Table>,
        tables: &Tables,
        params: &[Param],
    ) -> Option<Vec<Assertion>> {
        let mut assertions = Some(Vec::new());
        for assertion in raw.assertions.iter().flat_map(|a| a.value.iter()) {
            let resolved = self.assertion(assertion, raw, target, tables, params);
            assertions = assertions.zip(resolved).map(|(mut all, one)| {
                all.push(one);
                all
            });
        }
        assertions
    }

    fn assertion(
        &mut self,
        raw: &RawAssertion,
        transform: &RawTransform,
        target: Option<&Table>,
        tables: &Tables,
        params: &[Param],
    ) -> Option<Assertion> {
        match raw {
            RawAssertion::MinRows(min) if transform.plsql.is_some() => {
                self.error(
                    Diagnostic::new(Code::ConflictingKeys, min.span.clone(), format!("a `min_rows` assertion in transform `{}`, which is `plsql`", transform.name.value))
                        .label("a PL/SQL step has no row count")
                        .help("its procedures run many statements: check the tables they wrote with `no_rows: SELECT ...` or `unique`"),
                );
                None
            }
            RawAssertion::MinRows(min) => Some(Assertion::MinRows {
                min: min.min_rows.value,
                message: self.message(min.message.as_ref(), params),
                span: min.span.clone(),
            }),
            RawAssertion::NoRows(no_rows) => {
                let label = format!("no_rows assertion of transform {}", transform.name.value);
                let sql = self.sql(&no_rows.no_rows, &label);
                let message = self.message(no_rows.message.as_ref(), params);
                Some(Assertion::NoRows {
                    sql: sql?,
                    message,
                    span: no_rows.span.clone(),
                })
            }
            RawAssertion::Unique(unique) => {
                let (name, table) = match (&unique.table, target) {
                    (Some(written), _) => {
                        let table = self.table(tables, written)?;
                        (self.qualified(written)?, table)
                    }
                    (None, Some(target)) => (target.name.clone(), Some(target)),
                    (None, None) => {
                        return self.unique_without_table(unique.span.clone(), transform);
                    }
                };
                let columns = self.columns(table, &unique.unique.value);
                let message = self.message(unique.message.as_ref(), params);
                Some(Assertion::Unique {
                    table: name,
                    columns: columns?,
                    message,
                    span: unique.span.clone(),
                })
            }
        }
    }

    fn unique_without_table(&mut self, span: Span, transform: &RawTransform) -> Option<Assertion> {
        if transform.query.is_none() {
            self.error(
                Diagnostic::new(
                    Code::MissingKey,
                    span,
                    "a `unique` assertion without `table` in a step with no target",
                )
                .label("which table?")
                .help(
                    "add `table: schema.table`; only `query` steps have a default (their target)",
                ),
            );
        }
        // With a query whose target failed, the error is already reported.
        None
    }
}

fn strategy_span(strategy: &RawStrategy) -> Span {
    match strategy {
        RawStrategy::Word(word) => word.span.clone(),
        RawStrategy::DeleteInsert(keys) => keys.delete_insert.span.clone(),
        RawStrategy::Merge(keys) => keys.merge.span.clone(),
    }
}

/// Where the warnings a step acknowledges may be: its block in
/// `pipeline.yaml`, and its SQL or PL/SQL wherever it is held (a file it
/// names, or a virtual file for inline text not written verbatim).
fn allow_scope(raw: &RawTransform, kind: &TransformKind) -> Vec<Span> {
    let texts = match kind {
        TransformKind::Statements(sql) | TransformKind::Query { sql, .. } => vec![sql],
        TransformKind::PlSql { sql, call } => std::iter::once(sql).chain(call).collect(),
    };
    std::iter::once(raw.body.clone())
        .chain(
            texts
                .into_iter()
                .map(|text| Span::new(text.file, text.range.clone())),
        )
        .collect()
}
