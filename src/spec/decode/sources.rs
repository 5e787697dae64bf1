//! Decoding of `sources:`: the source mapping, its format, nulls, targets,
//! record conditions, fields and column values.

use super::pipeline::key_span;
use super::{Decoder, Fields};
use crate::diag::{Code, Diagnostic, Span};
use crate::spec::raw::{
    Entries, RawField, RawFieldSpec, RawFormat, RawNulls, RawSource, RawTarget, RawValue,
    RawValueConstant, RawValueExpr, RawValueField, RawWhen, RawWhenField, RawWhenPosition, Spanned,
};
use crate::spec::yaml::{Key, Kind, Node};

impl Decoder<'_> {
    /// `sources:`, by name.
    pub(super) fn sources(
        &mut self,
        node: &Node,
        owner: &Span,
        what: &str,
    ) -> Option<Entries<RawSource>> {
        self.entries(node, owner, what, |d, key, node| d.source(key, node))
    }

    fn source(&mut self, key: &Key, node: &Node) -> Option<RawSource> {
        let what = format!("source `{}`", key.name);
        let f = self.fields::<RawSource>(node, Some(&key.span), &what)?;
        let file = self.required(&f, "file", Decoder::string);
        let format = self.required(&f, "format", |d, n, _| {
            d.format(n, &key_span(&f, "format"), &what)
        });
        Some(RawSource {
            file: file?,
            format: format?,
            header_lines: self.optional(&f, "header_lines", Decoder::count),
            encoding: self.optional(&f, "encoding", Decoder::string),
            nulls: self.optional(&f, "nulls", |d, n, w| d.nulls(n, &key_span(&f, "nulls"), w)),
            date_format: self.optional(&f, "date_format", Decoder::string),
            timestamp_format: self.optional(&f, "timestamp_format", Decoder::string),
            max_errors: self.optional(&f, "max_errors", Decoder::count),
            fill_missing: self.optional(&f, "fill_missing", Decoder::boolean),
            mode: self.optional(&f, "mode", Decoder::choice),
            table: self.optional(&f, "table", Decoder::string),
            fields: self.optional(&f, "fields", Decoder::record_fields),
            columns: self.optional(&f, "columns", |d, n, w| {
                d.values(n, &key_span(&f, "columns"), w)
            }),
            into: self.optional(&f, "into", |d, n, w| d.list(n, w, Decoder::target)),
            allow: self.optional(&f, "allow", |d, n, w| d.allows(n, w, &what)),
            span: key.span.clone(),
            body: Span::new(key.span.file, key.span.range.start..node.extent().range.end),
        })
    }

    fn format(&mut self, node: &Node, owner: &Span, source: &str) -> Option<RawFormat> {
        let f = self.fields::<RawFormat>(node, Some(owner), &format!("the format of {source}"))?;
        let kind = self.required(&f, "type", Decoder::choice);
        Some(RawFormat {
            kind: kind?,
            delimiter: self.optional(&f, "delimiter", Decoder::string),
            quote: self.optional(&f, "quote", Decoder::string),
            escape: self.optional(&f, "escape", Decoder::boolean),
            span: owner.clone(),
        })
    }

    fn nulls(&mut self, node: &Node, owner: &Span, what: &str) -> Option<RawNulls> {
        let f = self.fields::<RawNulls>(node, Some(owner), what)?;
        Some(RawNulls {
            empty: self.optional(&f, "empty", Decoder::boolean),
            blanks: self.optional(&f, "blanks", Decoder::boolean),
            string: self.optional(&f, "string", Decoder::string),
            span: owner.clone(),
        })
    }

    fn target(&mut self, node: &Node) -> Option<RawTarget> {
        let f = self.fields::<RawTarget>(node, None, "an `into` target")?;
        let table = self.required(&f, "table", Decoder::string);
        Some(RawTarget {
            table: table?,
            when: self.optional(&f, "when", Decoder::when),
            fields: self.optional(&f, "fields", Decoder::record_fields),
            columns: self.optional(&f, "columns", |d, n, w| {
                d.values(n, &key_span(&f, "columns"), w)
            }),
            span: f.span().clone(),
        })
    }

    fn when(&mut self, node: &Node, what: &str) -> Option<RawWhen> {
        let is_position = matches!(&node.kind, Kind::Map(entries) if entries.iter().any(|(k, _)| k.name == "position"));
        if is_position {
            let f = self.fields::<RawWhenPosition>(node, None, "a `when` condition")?;
            let position = self.required(&f, "position", Decoder::position);
            let equals = self.required(&f, "equals", Decoder::string);
            return Some(RawWhen::Position(RawWhenPosition {
                position: position?,
                equals: equals?,
                span: node_or_key(&f),
            }));
        }
        let f = self.fields::<RawWhenField>(node, None, &format!("{what} (a condition)"))?;
        let field = self.required(&f, "field", Decoder::string);
        let equals = self.required(&f, "equals", Decoder::string);
        Some(RawWhen::Field(RawWhenField {
            field: field?,
            equals: equals?,
            span: node_or_key(&f),
        }))
    }

    fn record_fields(&mut self, node: &Node, what: &str) -> Option<Spanned<Vec<RawField>>> {
        self.list(node, what, |d, item| match &item.kind {
            Kind::Str(name) => Some(RawField::Name(Spanned::new(
                name.clone(),
                item.span.clone(),
            ))),
            Kind::Map(_) => d.field_spec(item).map(RawField::Spec),
            _ => {
                d.wrong_type(
                    item,
                    "a field",
                    "a field name or a mapping `{ name, position, filler }`",
                );
                None
            }
        })
    }

    fn field_spec(&mut self, node: &Node) -> Option<RawFieldSpec> {
        let f = self.fields::<RawFieldSpec>(node, None, "a field")?;
        let name = self.required(&f, "name", Decoder::string);
        Some(RawFieldSpec {
            name: name?,
            position: self.optional(&f, "position", Decoder::position),
            filler: self.optional(&f, "filler", Decoder::boolean),
            span: f.span().clone(),
        })
    }

    fn values(&mut self, node: &Node, owner: &Span, what: &str) -> Option<Entries<RawValue>> {
        self.entries(node, owner, what, |d, key, node| d.value(key, node))
    }

    fn value(&mut self, key: &Key, node: &Node) -> Option<RawValue> {
        let what = format!("the value of column `{}`", key.name);
        match &node.kind {
            Kind::Str(text) if text != "load_timestamp" => {
                self.push(
                    Diagnostic::new(Code::InvalidValue, node.span.clone(), format!("invalid {what} `{text}`"))
                        .label("not a value")
                        .help(format!(
                            "write `load_timestamp`, `{{ field: name }}`, `{{ constant: \"{text}\" }}` or `{{ expr: SQL }}`"
                        )),
                );
                None
            }
            Kind::Str(_) => self.choice(node, &what).map(RawValue::Keyword),
            Kind::Map(entries) => {
                let has = |name: &str| entries.iter().any(|(k, _)| k.name == name);
                if has("constant") {
                    let f = self.fields::<RawValueConstant>(node, Some(&key.span), &what)?;
                    let constant = self.required(&f, "constant", Decoder::string)?;
                    Some(RawValue::Constant(RawValueConstant { constant }))
                } else if has("expr") {
                    let f = self.fields::<RawValueExpr>(node, Some(&key.span), &what)?;
                    let expr = self.required(&f, "expr", Decoder::string)?;
                    Some(RawValue::Expr(RawValueExpr { expr }))
                } else {
                    let f = self.fields::<RawValueField>(node, Some(&key.span), &what)?;
                    let field = self.required(&f, "field", Decoder::string)?;
                    Some(RawValue::Field(RawValueField { field }))
                }
            }
            _ => {
                self.push(
                    Diagnostic::new(Code::WrongType, node.span.clone(), format!("{what} has the wrong form"))
                        .label(format!("{} here", node.kind.describe()))
                        .help("write `{ field: name }`, `{ constant: text }`, `load_timestamp` or `{ expr: SQL }`"),
                );
                None
            }
        }
    }
}

fn node_or_key(f: &Fields<'_>) -> Span {
    f.span().clone()
}
