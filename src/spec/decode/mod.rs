//! Decoding: the spanned YAML tree (`spec::yaml`) into the raw spec types
//! (`spec::raw`).
//!
//! Only the shape is checked here: unknown keys (with a "did you mean"),
//! values of the wrong kind, missing required keys and words outside a fixed
//! set. Decoding never stops at the first problem: a value that fails is
//! reported and left out (`None`), and its siblings are decoded all the same,
//! so one run reports every shape error of the file. Semantic checks
//! (references, types, files) belong to `spec::resolve`.

mod allow;
mod pipeline;
mod sources;
mod tables;

use crate::diag::{Code, Diagnostic, SourceMap, Span, closest};

use super::raw::{Choice, Entries, Keys, Spanned};
use super::yaml::{Key, Kind, Node};

pub use pipeline::decode_pipeline;

/// The decoding context: the text (for scalars read as text) and the diagnostics so far.
pub struct Decoder<'a> {
    sources: &'a SourceMap,
    diagnostics: Vec<Diagnostic>,
}

/// A mapping being decoded, with what it is for messages.
pub struct Fields<'n> {
    entries: &'n [(Key, Node)],
    /// The mapping's owner (its key) or the mapping itself.
    span: Span,
    /// What the mapping is, e.g. "source `eod_price`".
    what: String,
}

impl<'n> Fields<'n> {
    /// The node of `key`, if present.
    pub fn get(&self, key: &str) -> Option<&'n Node> {
        self.entries
            .iter()
            .find(|(k, _)| k.name == key)
            .map(|(_, node)| node)
    }

    /// The key itself, if present.
    pub fn key(&self, key: &str) -> Option<&'n Key> {
        self.entries
            .iter()
            .find(|(k, _)| k.name == key)
            .map(|(k, _)| k)
    }

    /// Where the mapping is.
    pub fn span(&self) -> &Span {
        &self.span
    }
}

impl<'a> Decoder<'a> {
    /// A decoder over the text of `sources`.
    pub fn new(sources: &'a SourceMap) -> Self {
        Self {
            sources,
            diagnostics: Vec::new(),
        }
    }

    /// The diagnostics raised.
    pub fn finish(self) -> Vec<Diagnostic> {
        self.diagnostics
    }

    fn push(&mut self, diagnostic: Diagnostic) {
        self.diagnostics.push(diagnostic);
    }

    fn wrong_type(&mut self, node: &Node, what: &str, expected: &str) {
        self.push(
            Diagnostic::new(
                Code::WrongType,
                node.span.clone(),
                format!("{what} must be {expected}, found {}", node.kind.describe()),
            )
            .label(format!("{} here", node.kind.describe()))
            .help(format!("write {expected} here (see docs/spec.md)")),
        );
    }

    /// Opens `node` as the mapping `T`: reports a non-mapping and every unknown key.
    /// `owner` is the span of the key that holds it, when there is one.
    pub fn fields<'n, T: Keys>(
        &mut self,
        node: &'n Node,
        owner: Option<&Span>,
        what: &str,
    ) -> Option<Fields<'n>> {
        let Kind::Map(entries) = &node.kind else {
            self.wrong_type(node, what, "a mapping");
            return None;
        };
        for (key, _) in entries {
            if !T::KEYS.contains(&key.name.as_str()) {
                self.unknown_key(key, what, T::KEYS);
            }
        }
        let span = owner.cloned().unwrap_or_else(|| first_key_span(node));
        Some(Fields {
            entries,
            span,
            what: what.to_string(),
        })
    }

    fn unknown_key(&mut self, key: &Key, what: &str, keys: &[&str]) {
        let help = match closest(&key.name, keys.iter().copied()) {
            Some(suggestion) => format!("did you mean `{suggestion}`?"),
            None => format!("the keys of {what} are {}", list_words(keys)),
        };
        self.push(
            Diagnostic::new(
                Code::UnknownKey,
                key.span.clone(),
                format!("unknown key `{}` in {what}", key.name),
            )
            .label("unknown key")
            .help(help),
        );
    }

    /// Decodes a required key; reports it missing.
    pub fn required<T>(
        &mut self,
        fields: &Fields<'_>,
        key: &str,
        decode: impl FnOnce(&mut Self, &Node, &str) -> Option<T>,
    ) -> Option<T> {
        match fields.get(key) {
            Some(node) => decode(self, node, &format!("`{key}`")),
            None => {
                self.push(
                    Diagnostic::new(
                        Code::MissingKey,
                        fields.span.clone(),
                        format!("missing key `{key}` in {}", fields.what),
                    )
                    .label(format!("this has no `{key}`"))
                    .help(format!("add `{key}:` to {}", fields.what)),
                );
                None
            }
        }
    }

    /// Decodes an optional key; absent and null are `None`.
    pub fn optional<T>(
        &mut self,
        fields: &Fields<'_>,
        key: &str,
        decode: impl FnOnce(&mut Self, &Node, &str) -> Option<T>,
    ) -> Option<T> {
        match fields.get(key) {
            Some(node) if node.kind != Kind::Null => decode(self, node, &format!("`{key}`")),
            _ => None,
        }
    }

    /// A string; numbers are taken as written (`equals: 01` is the text `01`).
    pub fn string(&mut self, node: &Node, what: &str) -> Option<Spanned<String>> {
        match &node.kind {
            Kind::Str(text) => Some(Spanned::new(text.clone(), node.span.clone())),
            Kind::Int(_) | Kind::Float(_) => {
                let text = self.sources.text(node.span.file)[node.span.range.clone()]
                    .trim()
                    .to_string();
                Some(Spanned::new(text, node.span.clone()))
            }
            _ => {
                self.wrong_type(node, what, "a string");
                None
            }
        }
    }

    /// A boolean (`true` or `false`).
    pub fn boolean(&mut self, node: &Node, what: &str) -> Option<Spanned<bool>> {
        match node.kind {
            Kind::Bool(value) => Some(Spanned::new(value, node.span.clone())),
            _ => {
                self.wrong_type(node, what, "`true` or `false`");
                None
            }
        }
    }

    /// An integer in `min..=max`.
    pub fn integer(&mut self, node: &Node, what: &str, min: i64, max: i64) -> Option<Spanned<i64>> {
        let Kind::Int(value) = node.kind else {
            self.wrong_type(node, what, "a whole number");
            return None;
        };
        if value < min || value > max {
            self.push(
                Diagnostic::new(
                    Code::InvalidValue,
                    node.span.clone(),
                    format!("{what} must be between {min} and {max}"),
                )
                .label(format!("{value} is out of range"))
                .help(format!("give a whole number from {min} to {max}")),
            );
            return None;
        }
        Some(Spanned::new(value, node.span.clone()))
    }

    /// A non-negative integer that fits `u32`.
    pub fn count(&mut self, node: &Node, what: &str) -> Option<Spanned<u32>> {
        let value = self.integer(node, what, 0, i64::from(u32::MAX))?;
        Some(Spanned::new(u32::try_from(value.value).ok()?, value.span))
    }

    /// One of the words of `C`.
    pub fn choice<C: Choice>(&mut self, node: &Node, what: &str) -> Option<Spanned<C>> {
        let words: Vec<&str> = C::CHOICES.iter().map(|(word, _)| *word).collect();
        let Kind::Str(text) = &node.kind else {
            self.wrong_type(node, what, &format!("one of {}", list_words(&words)));
            return None;
        };
        if let Some((_, value)) = C::CHOICES.iter().find(|(word, _)| word == text) {
            return Some(Spanned::new(*value, node.span.clone()));
        }
        let help = match closest(text, words.iter().copied()) {
            Some(suggestion) => format!(
                "did you mean `{suggestion}`? {what} is one of {}",
                list_words(&words)
            ),
            None => format!("{what} is one of {}", list_words(&words)),
        };
        self.push(
            Diagnostic::new(
                Code::InvalidValue,
                node.span.clone(),
                format!("`{text}` is not a valid {what}"),
            )
            .label("not an allowed value")
            .help(help),
        );
        None
    }

    /// A list whose items decode with `item`; failed items are left out.
    pub fn list<T>(
        &mut self,
        node: &Node,
        what: &str,
        mut item: impl FnMut(&mut Self, &Node) -> Option<T>,
    ) -> Option<Spanned<Vec<T>>> {
        let Kind::Seq(items) = &node.kind else {
            self.wrong_type(node, what, "a list");
            return None;
        };
        let values = items.iter().filter_map(|node| item(self, node)).collect();
        Some(Spanned::new(values, node.span.clone()))
    }

    /// A list of names (`[eod_date, symbol]`).
    pub fn names(&mut self, node: &Node, what: &str) -> Option<Spanned<Vec<Spanned<String>>>> {
        if let Kind::Str(name) = &node.kind {
            self.push(
                Diagnostic::new(
                    Code::WrongType,
                    node.span.clone(),
                    format!("{what} must be a list, found a string"),
                )
                .label("a string here")
                .help(format!("write a list: [{name}]")),
            );
            return None;
        }
        let item_what = format!("an item of {what}");
        self.list(node, what, |d, item| d.string(item, &item_what))
    }

    /// Two integers `[a, b]` in `min..=max`.
    pub fn pair(
        &mut self,
        node: &Node,
        what: &str,
        min: i64,
        max: i64,
    ) -> Option<Spanned<[i64; 2]>> {
        let items = match &node.kind {
            Kind::Seq(items) if items.len() == 2 => items,
            _ => {
                self.wrong_type(node, what, "a list of two numbers `[start, end]`");
                return None;
            }
        };
        let first = self.integer(&items[0], what, min, max);
        let second = self.integer(&items[1], what, min, max);
        Some(Spanned::new(
            [first?.value, second?.value],
            node.span.clone(),
        ))
    }

    /// Positions `[start, end]`, 1-based.
    pub fn position(&mut self, node: &Node, what: &str) -> Option<Spanned<[u32; 2]>> {
        let pair = self.pair(node, what, 1, i64::from(u32::MAX))?;
        let [start, end] = pair.value.map(|v| u32::try_from(v).unwrap_or(u32::MAX));
        Some(Spanned::new([start, end], pair.span))
    }

    /// A mapping from names to values decoded by `value`; a value that fails is kept as `None`.
    pub fn entries<T>(
        &mut self,
        node: &Node,
        owner: &Span,
        what: &str,
        mut value: impl FnMut(&mut Self, &Key, &Node) -> Option<T>,
    ) -> Option<Entries<T>> {
        let Kind::Map(entries) = &node.kind else {
            self.wrong_type(node, what, "a mapping");
            return None;
        };
        let entries = entries
            .iter()
            .map(|(key, node)| {
                (
                    Spanned::new(key.name.clone(), key.span.clone()),
                    value(self, key, node),
                )
            })
            .collect();
        Some(Entries {
            entries,
            span: owner.clone(),
        })
    }
}

/// The span of a mapping's first key, or of the node: where "missing key" points
/// when the mapping has no key of its own (a list item).
fn first_key_span(node: &Node) -> Span {
    match &node.kind {
        Kind::Map(entries) if !entries.is_empty() => entries[0].0.span.clone(),
        _ => node.span.clone(),
    }
}

/// `a`, `b` or `c`.
pub fn list_words(words: &[&str]) -> String {
    let quoted: Vec<String> = words.iter().map(|w| format!("`{w}`")).collect();
    match quoted.split_last() {
        None => String::new(),
        Some((last, [])) => last.clone(),
        Some((last, rest)) => format!("{} or {last}", rest.join(", ")),
    }
}
