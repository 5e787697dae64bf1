//! Resolution of `sources:`: the file pattern, COPY options (through
//! `copy.rs`), the target tables with their fields, record conditions and
//! column values, with the defaults the spec language gives them.

use super::{Ctx, Tables};
use crate::diag::{Code, Diagnostic, Span};
use crate::spec::model::{
    ColumnValue, Field, Format, LoadMode, NullHandling, Param, RecordCondition, Source,
    SourceTarget, Table, Value,
};
use crate::spec::raw::{Entries, RawField, RawMode, RawSource, RawValue, RawWhen, Spanned};

/// One target as written: a source's own `table` (+ fields, columns) or an `into` item.
struct TargetInput<'r> {
    table: &'r Spanned<String>,
    when: Option<&'r RawWhen>,
    fields: Option<&'r Spanned<Vec<RawField>>>,
    columns: Option<&'r Entries<RawValue>>,
    span: &'r Span,
}

impl Ctx<'_> {
    /// `sources:` in load order; failed sources are left out (reported).
    pub(super) fn sources(
        &mut self,
        raw: Option<&Entries<RawSource>>,
        tables: &Tables,
        params: &[Param],
    ) -> Vec<Source> {
        let mut sources = Vec::new();
        let mut seen = Vec::new();
        for (name, source) in raw.map(|r| r.entries.as_slice()).unwrap_or_default() {
            let Some(lower) = self.identifier(name, "source name") else {
                continue;
            };
            if !self.unique_name(&mut seen, &lower, &name.span, "source") {
                continue;
            }
            if let Some(source) = source
                .as_ref()
                .and_then(|s| self.source(lower, s, tables, params))
            {
                sources.push(source);
            }
        }
        sources
    }

    fn source(
        &mut self,
        name: String,
        raw: &RawSource,
        tables: &Tables,
        params: &[Param],
    ) -> Option<Source> {
        let file = self.pattern(&raw.file, params);
        let format = self.format(&raw.format);
        let encoding = self.encoding(raw.encoding.as_ref());
        let date_format = self.datetime_format(raw.date_format.as_ref());
        let timestamp_format = self.datetime_format(raw.timestamp_format.as_ref());
        let max_errors = self.max_errors(raw.max_errors.as_ref());
        let into = match &format {
            Some(format) => self.source_targets(&name, raw, format, tables),
            None => None,
        };
        let nulls = raw.nulls.as_ref();
        let allow = self.allows(raw.allow.as_ref(), vec![raw.body.clone()]);
        Some(Source {
            file: file?,
            format: format?,
            header_lines: raw.header_lines.as_ref().map_or(0, |h| h.value),
            encoding: encoding?,
            nulls: NullHandling {
                empty: nulls.and_then(|n| n.empty.as_ref()).is_none_or(|e| e.value),
                blanks: nulls
                    .and_then(|n| n.blanks.as_ref())
                    .is_some_and(|b| b.value),
                string: nulls
                    .and_then(|n| n.string.as_ref())
                    .map(|s| s.value.clone()),
            },
            date_format: date_format?,
            timestamp_format: timestamp_format?,
            max_errors: max_errors?,
            fill_missing: raw.fill_missing.as_ref().is_some_and(|f| f.value),
            mode: match raw.mode.as_ref().map(|m| m.value) {
                Some(RawMode::Append) => LoadMode::Append,
                Some(RawMode::Truncate) | None => LoadMode::Truncate,
            },
            into: into?,
            allow,
            span: raw.span.clone(),
            name,
        })
    }

    /// The targets: `table` (with the source's fields and columns) or `into`, not both.
    fn source_targets(
        &mut self,
        name: &str,
        raw: &RawSource,
        format: &Format,
        tables: &Tables,
    ) -> Option<Vec<SourceTarget>> {
        match (&raw.table, &raw.into) {
            (Some(table), None) => {
                let input = TargetInput {
                    table,
                    when: None,
                    fields: raw.fields.as_ref(),
                    columns: raw.columns.as_ref(),
                    span: &table.span,
                };
                Some(vec![self.source_target(&input, format, tables)?])
            }
            (None, Some(into)) => {
                for (key, span) in [
                    ("fields", raw.fields.as_ref().map(|f| &f.span)),
                    ("columns", raw.columns.as_ref().map(|c| &c.span)),
                ] {
                    if let Some(span) = span {
                        self.error(
                            Diagnostic::new(
                                Code::ConflictingKeys,
                                span.clone(),
                                format!("`{key}` beside `into` in source `{name}`"),
                            )
                            .label("applies to no target")
                            .also(into.span.clone(), "the targets are here")
                            .help(format!("give `{key}` in each `into` target")),
                        );
                    }
                }
                let mut targets = Some(Vec::new());
                for target in &into.value {
                    let input = TargetInput {
                        table: &target.table,
                        when: target.when.as_ref(),
                        fields: target.fields.as_ref(),
                        columns: target.columns.as_ref(),
                        span: &target.span,
                    };
                    let resolved = self.source_target(&input, format, tables);
                    targets = targets.zip(resolved).map(|(mut all, one)| {
                        all.push(one);
                        all
                    });
                }
                targets
            }
            (Some(table), Some(into)) => {
                self.error(
                    Diagnostic::new(Code::ConflictingKeys, into.span.clone(), format!("source `{name}` has both `table` and `into`"))
                        .label("`into` here")
                        .also(table.span.clone(), "`table` here")
                        .help("use `table` for a file with one record type, `into` to split records among tables"),
                );
                None
            }
            (None, None) => {
                self.error(
                    Diagnostic::new(
                        Code::MissingKey,
                        raw.span.clone(),
                        format!("source `{name}` loads no table"),
                    )
                    .label("no `table` or `into`")
                    .help("add `table: schema.table`, or `into:` with one target per record type"),
                );
                None
            }
        }
    }

    fn source_target(
        &mut self,
        input: &TargetInput<'_>,
        format: &Format,
        tables: &Tables,
    ) -> Option<SourceTarget> {
        let table = self.written_table(tables, input.table, "a source")??;
        let fixed = *format == Format::FixedWidth;
        let (fields, position_spans) = self.target_fields(input, table, fixed)?;
        let mut ok = !fixed || self.fixed_width_layout(&fields, &position_spans);
        for field in fields.iter().filter(|f| !f.filler) {
            if table.column(&field.name).is_none() {
                ok &= self.field_not_a_column(field, table);
            }
        }
        let when = match input.when {
            Some(when) => Some(self.when(when, &fields, fixed)?),
            None => None,
        };
        let columns = self.column_values(input.columns, table, &fields)?;
        ok.then(|| SourceTarget {
            table: table.name.clone(),
            when,
            fields,
            columns,
            span: input.span.clone(),
        })
    }

    fn field_not_a_column(&mut self, field: &Field, table: &Table) -> bool {
        let help = match crate::diag::closest(
            &field.name,
            table.columns.iter().map(|c| c.name.as_str()),
        ) {
            Some(suggestion) => format!(
                "did you mean `{suggestion}`? A field only read by `columns` is `filler: true`"
            ),
            None => {
                "mark the field `filler: true` if it is only read by `columns`, or add the column"
                    .into()
            }
        };
        self.error(
            Diagnostic::new(
                Code::UnknownColumn,
                field.span.clone(),
                format!("field `{}` is not a column of `{}`", field.name, table.name),
            )
            .label("loaded into no column")
            .also(table.span.clone(), "table declared here")
            .help(help),
        );
        false
    }

    /// The fields as written, or the table's columns in order; with the span of each position.
    fn target_fields(
        &mut self,
        input: &TargetInput<'_>,
        table: &Table,
        fixed: bool,
    ) -> Option<(Vec<Field>, Vec<Span>)> {
        let Some(raw) = input.fields else {
            if fixed {
                self.error(
                    Diagnostic::new(
                        Code::MissingKey,
                        input.span.clone(),
                        "a fixed_width source needs `fields` with positions",
                    )
                    .label("no `fields`")
                    .help("list the fields with `position: [start, end]` each"),
                );
                return None;
            }
            let fields = table.columns.iter().map(|c| Field {
                name: c.name.clone(),
                position: None,
                filler: false,
                span: input.span.clone(),
            });
            return Some((fields.collect(), Vec::new()));
        };
        let mut fields = Vec::new();
        let mut spans = Vec::new();
        let mut seen = Vec::new();
        let mut ok = true;
        for field in &raw.value {
            match self.field(field, fixed, &mut seen) {
                Some((field, span)) => {
                    fields.push(field);
                    spans.push(span);
                }
                None => ok = false,
            }
        }
        ok.then_some((fields, spans))
    }

    fn field(
        &mut self,
        raw: &RawField,
        fixed: bool,
        seen: &mut Vec<(String, Span)>,
    ) -> Option<(Field, Span)> {
        let (name, position, filler, span) = match raw {
            RawField::Name(name) => (name, None, false, name.span.clone()),
            RawField::Spec(spec) => (
                &spec.name,
                spec.position.as_ref(),
                spec.filler.as_ref().is_some_and(|f| f.value),
                spec.span.clone(),
            ),
        };
        let lower = self.identifier(name, "field name")?;
        if !self.unique_name(seen, &lower, &name.span, "field") {
            return None;
        }
        match (position, fixed) {
            (None, true) => {
                self.error(
                    Diagnostic::new(
                        Code::MissingKey,
                        name.span.clone(),
                        format!("field `{lower}` of a fixed_width file has no `position`"),
                    )
                    .label("no position")
                    .help(format!(
                        "write `{{ name: {lower}, position: [start, end] }}`"
                    )),
                );
                None
            }
            (Some(position), false) => {
                self.unsupported(
                    position.span.clone(),
                    format!("`position` on field `{lower}` of a delimited file"),
                    "fixed_width only",
                    "fields of csv and delimited files are cut by the delimiter; remove `position`",
                );
                None
            }
            _ => {
                let position = position.map(|p| (p.value[0], p.value[1]));
                let position_span = raw_position_span(raw).unwrap_or(span.clone());
                Some((
                    Field {
                        name: lower,
                        position,
                        filler,
                        span: name.span.clone(),
                    },
                    position_span,
                ))
            }
        }
    }

    fn when(&mut self, raw: &RawWhen, fields: &[Field], fixed: bool) -> Option<RecordCondition> {
        match raw {
            RawWhen::Field(when) => {
                let lower = when.field.value.to_ascii_lowercase();
                if !fields.iter().any(|f| f.name == lower) {
                    self.unknown_field(&when.field, fields);
                    return None;
                }
                Some(RecordCondition::Field {
                    name: lower,
                    equals: when.equals.value.clone(),
                })
            }
            RawWhen::Position(when) => {
                let [start, end] = when.position.value;
                if start > end {
                    self.error(
                        Diagnostic::new(
                            Code::InvalidValue,
                            when.position.span.clone(),
                            "the `when` position ends before it starts",
                        )
                        .label(format!("{start} > {end}"))
                        .help("write `position: [start, end]` with start <= end"),
                    );
                    return None;
                }
                if !fixed && start != 1 {
                    self.unsupported(when.position.span.clone(), "a `when` position past the start of a delimited record".into(),
                        "must start at 1 (in the first field)",
                        "on csv and delimited files only positions from 1 (inside the first field) are read; compare a field instead: `when: { field: name, equals: ... }`");
                    return None;
                }
                Some(RecordCondition::Position {
                    start,
                    end,
                    equals: when.equals.value.clone(),
                })
            }
        }
    }

    fn unknown_field(&mut self, name: &Spanned<String>, fields: &[Field]) {
        let help = match crate::diag::closest(&name.value, fields.iter().map(|f| f.name.as_str())) {
            Some(suggestion) => format!("did you mean `{suggestion}`?"),
            None => format!(
                "the fields are {}",
                fields
                    .iter()
                    .map(|f| format!("`{}`", f.name))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        };
        self.error(
            Diagnostic::new(
                Code::UnknownColumn,
                name.span.clone(),
                format!("unknown field `{}`", name.value),
            )
            .label("not a field of this record")
            .help(help),
        );
    }

    /// Every column of the table with its value: the same-named non-filler field,
    /// else the explicit entry, else NULL.
    fn column_values(
        &mut self,
        raw: Option<&Entries<RawValue>>,
        table: &Table,
        fields: &[Field],
    ) -> Option<Vec<ColumnValue>> {
        let mut explicit: Vec<(String, Value)> = Vec::new();
        let mut ok = true;
        for (column, value) in raw.map(|r| r.entries.as_slice()).unwrap_or_default() {
            let Some(lower) = self.column(Some(table), column) else {
                ok = false;
                continue;
            };
            if let Some(field) = fields.iter().find(|f| !f.filler && f.name == lower) {
                self.error(
                    Diagnostic::new(
                        Code::ConflictingKeys,
                        column.span.clone(),
                        format!("column `{lower}` is already filled by field `{lower}`"),
                    )
                    .label("second value for the column")
                    .also(field.span.clone(), "field of the same name")
                    .help("remove this entry, or rename the field and mark it `filler: true`"),
                );
                ok = false;
                continue;
            }
            match value.as_ref().and_then(|v| self.value(v, fields, &lower)) {
                Some(value) => explicit.push((lower, value)),
                None => ok = false,
            }
        }
        let columns = table.columns.iter().map(|column| {
            let value = if fields.iter().any(|f| !f.filler && f.name == column.name) {
                Value::Field(column.name.clone())
            } else {
                explicit
                    .iter()
                    .find(|(name, _)| *name == column.name)
                    .map_or(Value::Null, |(_, v)| v.clone())
            };
            ColumnValue {
                column: column.name.clone(),
                value,
            }
        });
        let columns = columns.collect();
        ok.then_some(columns)
    }

    fn value(&mut self, raw: &RawValue, fields: &[Field], column: &str) -> Option<Value> {
        match raw {
            RawValue::Keyword(_) => Some(Value::LoadTimestamp),
            RawValue::Constant(constant) => Some(Value::Constant(constant.constant.value.clone())),
            RawValue::Expr(expr) => Some(Value::Expr(
                self.inline_sql(&expr.expr, &format!("expr of column {column}")),
            )),
            RawValue::Field(field) => {
                let lower = field.field.value.to_ascii_lowercase();
                if fields.iter().any(|f| f.name == lower) {
                    Some(Value::Field(lower))
                } else {
                    self.unknown_field(&field.field, fields);
                    None
                }
            }
        }
    }
}

fn raw_position_span(raw: &RawField) -> Option<Span> {
    match raw {
        RawField::Spec(spec) => spec.position.as_ref().map(|p| p.span.clone()),
        RawField::Name(_) => None,
    }
}
