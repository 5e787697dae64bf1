//! Decoding of `tables:` (columns and physical options) and `transforms:`
//! (strategies and assertions).

use super::pipeline::key_span;
use super::{Decoder, list_words};
use crate::diag::{Code, Diagnostic, Span};
use crate::spec::raw::{
    Entries, RawAssertion, RawColumn, RawColumnSpec, RawDeleteInsert, RawGrants, RawMerge,
    RawMinRows, RawNoRows, RawStrategy, RawTable, RawTransform, RawUnique, Spanned,
};
use crate::spec::yaml::{Key, Kind, Node};

impl Decoder<'_> {
    /// `tables:`, by name.
    pub(super) fn tables(
        &mut self,
        node: &Node,
        owner: &Span,
        what: &str,
    ) -> Option<Entries<RawTable>> {
        self.entries(node, owner, what, |d, key, node| d.table(key, node))
    }

    fn table(&mut self, key: &Key, node: &Node) -> Option<RawTable> {
        let what = format!("table `{}`", key.name);
        let f = self.fields::<RawTable>(node, Some(&key.span), &what)?;
        let columns = self.required(&f, "columns", |d, n, w| {
            d.entries(n, &key_span(&f, "columns"), w, |d, key, node| {
                d.column(key, node)
            })
        });
        Some(RawTable {
            columns: columns?,
            primary_key: self.optional(&f, "primary_key", Decoder::names),
            unique: self.optional(&f, "unique", |d, n, w| {
                let item = format!("an item of {w}");
                d.list(n, w, |d, item_node| d.names(item_node, &item))
            }),
            diststyle: self.optional(&f, "diststyle", Decoder::choice),
            distkey: self.optional(&f, "distkey", Decoder::string),
            sortkey: self.optional(&f, "sortkey", Decoder::names),
            backup: self.optional(&f, "backup", Decoder::boolean),
            read_only: self.optional(&f, "read_only", Decoder::boolean),
            grants: self.optional(&f, "grants", Decoder::grants),
            span: key.span.clone(),
        })
    }

    fn grants(&mut self, node: &Node, what: &str) -> Option<RawGrants> {
        let f = self.fields::<RawGrants>(node, None, what)?;
        let select = self.required(&f, "select", Decoder::names)?;
        Some(RawGrants {
            select,
            span: f.span().clone(),
        })
    }

    fn column(&mut self, key: &Key, node: &Node) -> Option<RawColumn> {
        let what = format!("column `{}`", key.name);
        match &node.kind {
            Kind::Str(text) => Some(RawColumn::Short(Spanned::new(
                text.clone(),
                node.span.clone(),
            ))),
            Kind::Map(_) => {
                let f = self.fields::<RawColumnSpec>(node, Some(&key.span), &what)?;
                let ty = self.required(&f, "type", Decoder::string);
                Some(RawColumn::Spec(RawColumnSpec {
                    ty: ty?,
                    not_null: self.optional(&f, "not_null", Decoder::boolean),
                    default: self.optional(&f, "default", Decoder::string),
                    encode: self.optional(&f, "encode", Decoder::choice),
                    identity: self
                        .optional(&f, "identity", |d, n, w| d.pair(n, w, i64::MIN, i64::MAX)),
                    span: key.span.clone(),
                }))
            }
            _ => {
                self.wrong_type(
                    node,
                    &what,
                    "a type such as `varchar(20) not null`, or a mapping with `type`",
                );
                None
            }
        }
    }

    /// One item of `transforms:`.
    pub(super) fn transform(&mut self, node: &Node) -> Option<RawTransform> {
        let f = self.fields::<RawTransform>(node, None, "a transform")?;
        let name = self.required(&f, "name", Decoder::string);
        let what = name.as_ref().map_or("a transform".to_string(), |n| {
            format!("transform `{}`", n.value)
        });
        Some(RawTransform {
            sql: self.optional(&f, "sql", Decoder::string),
            query: self.optional(&f, "query", Decoder::string),
            plsql: self.optional(&f, "plsql", Decoder::string),
            call: self.optional(&f, "call", Decoder::string),
            target: self.optional(&f, "target", Decoder::string),
            strategy: self.optional(&f, "strategy", Decoder::strategy),
            assertions: self.optional(&f, "assert", |d, n, w| {
                d.list(n, w, |d, n| d.assertion(n, &what))
            }),
            allow: self.optional(&f, "allow", |d, n, w| d.allows(n, w, &what)),
            name: name?,
            span: f.span().clone(),
            body: node.extent(),
        })
    }

    fn strategy(&mut self, node: &Node, what: &str) -> Option<RawStrategy> {
        let keyed = |node: &Node, key: &str| matches!(&node.kind, Kind::Map(entries) if entries.iter().any(|(k, _)| k.name == key));
        if let Kind::Str(word) = &node.kind {
            if !["replace", "append"].contains(&word.as_str()) {
                self.push(
                    Diagnostic::new(Code::InvalidValue, node.span.clone(), format!("`{word}` is not a valid {what}"))
                        .label("not a strategy")
                        .help("a strategy is `replace`, `append`, `{ delete_insert: [columns] }` or `{ merge: [columns] }`"),
                );
                return None;
            }
            return self.choice(node, what).map(RawStrategy::Word);
        }
        if keyed(node, "merge") {
            let f = self.fields::<RawMerge>(node, None, "a `merge` strategy")?;
            let merge = self.required(&f, "merge", Decoder::names)?;
            return Some(RawStrategy::Merge(RawMerge { merge }));
        }
        if keyed(node, "delete_insert") {
            let f = self.fields::<RawDeleteInsert>(node, None, "a `delete_insert` strategy")?;
            let delete_insert = self.required(&f, "delete_insert", Decoder::names)?;
            return Some(RawStrategy::DeleteInsert(RawDeleteInsert { delete_insert }));
        }
        self.wrong_type(
            node,
            what,
            "`replace`, `append`, `{ delete_insert: [columns] }` or `{ merge: [columns] }`",
        );
        None
    }

    fn assertion(&mut self, node: &Node, transform: &str) -> Option<RawAssertion> {
        let kinds = ["min_rows", "unique", "no_rows"];
        let kind = match &node.kind {
            Kind::Map(entries) => kinds
                .into_iter()
                .find(|kind| entries.iter().any(|(k, _)| k.name == *kind)),
            _ => None,
        };
        let what = format!("an assertion of {transform}");
        match kind {
            Some("min_rows") => {
                let f = self.fields::<RawMinRows>(node, None, &what)?;
                let min_rows =
                    self.required(&f, "min_rows", |d, n, w| d.integer(n, w, 0, i64::MAX));
                let message = self.optional(&f, "message", Decoder::string);
                let min_rows = min_rows?;
                let min_rows = Spanned::new(u64::try_from(min_rows.value).ok()?, min_rows.span);
                Some(RawAssertion::MinRows(RawMinRows {
                    min_rows,
                    message,
                    span: f.span().clone(),
                }))
            }
            Some("unique") => {
                let f = self.fields::<RawUnique>(node, None, &what)?;
                let unique = self.required(&f, "unique", Decoder::names);
                let table = self.optional(&f, "table", Decoder::string);
                let message = self.optional(&f, "message", Decoder::string);
                Some(RawAssertion::Unique(RawUnique {
                    unique: unique?,
                    table,
                    message,
                    span: f.span().clone(),
                }))
            }
            Some(_) => {
                let f = self.fields::<RawNoRows>(node, None, &what)?;
                let no_rows = self.required(&f, "no_rows", Decoder::string);
                let message = self.optional(&f, "message", Decoder::string);
                Some(RawAssertion::NoRows(RawNoRows {
                    no_rows: no_rows?,
                    message,
                    span: f.span().clone(),
                }))
            }
            None => {
                self.push(
                    Diagnostic::new(
                        Code::WrongType,
                        node.span.clone(),
                        format!("{what} has no known kind"),
                    )
                    .label(format!("{} here", node.kind.describe()))
                    .help(format!(
                        "an assertion is a mapping with one of {}",
                        list_words(&kinds)
                    )),
                );
                None
            }
        }
    }
}
