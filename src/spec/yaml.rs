//! The YAML reader: text of `pipeline.yaml` in, a tree whose every node and
//! every mapping key carries its [`Span`] out.
//!
//! This is the only module that calls serde-saphyr. It deserializes into its
//! own untyped tree (through `deserialize_any` and `serde_saphyr::Spanned`)
//! rather than into the spec's structs, so that decoding (`spec::decode`) can
//! report every unknown key, wrong kind and missing key at once instead of
//! stopping at the first serde error. It knows nothing of the spec language.
//!
//! Duplicate keys are passed through and reported here with both places,
//! because serde-saphyr's own duplicate error carries only the second one.

use std::fmt;

use serde::de::{self, Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_saphyr::Spanned;
use serde_saphyr::options::DuplicateKeyPolicy;

use crate::diag::{Code, Diagnostic, FileId, SourceMap, Span};

/// A YAML node with the span of its text.
#[derive(Clone, Debug, PartialEq)]
pub struct Node {
    /// What the node is.
    pub kind: Kind,
    /// Where it is written (for a collection, at least its first character).
    pub span: Span,
}

/// The kinds of YAML node the spec uses.
#[derive(Clone, Debug, PartialEq)]
pub enum Kind {
    /// `~`, `null` or nothing.
    Null,
    /// `true` / `false`.
    Bool(bool),
    /// An integer.
    Int(i64),
    /// A floating-point number.
    Float(f64),
    /// A string (quoted or plain; dates such as 2019-06-28 stay strings).
    Str(String),
    /// A sequence.
    Seq(Vec<Node>),
    /// A mapping, in document order, duplicates removed (reported).
    Map(Vec<(Key, Node)>),
}

/// A mapping key with its span.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Key {
    /// The key's text.
    pub name: String,
    /// Where it is written.
    pub span: Span,
}

impl Node {
    /// The node's whole text as far as its spans tell: from its start to the
    /// end of its last descendant (a collection's own span holds only its
    /// first character). Where a source or step acknowledges warnings.
    pub fn extent(&self) -> Span {
        let mut end = self.span.range.end;
        let mut stack = vec![self];
        while let Some(node) = stack.pop() {
            end = end.max(node.span.range.end);
            match &node.kind {
                Kind::Seq(items) => stack.extend(items),
                Kind::Map(entries) => {
                    for (key, value) in entries {
                        end = end.max(key.span.range.end);
                        stack.push(value);
                    }
                }
                _ => {}
            }
        }
        Span::new(self.span.file, self.span.range.start..end)
    }
}

impl Kind {
    /// The kind's name for "expected X, found Y" messages.
    pub fn describe(&self) -> &'static str {
        match self {
            Kind::Null => "nothing",
            Kind::Bool(_) => "a boolean",
            Kind::Int(_) => "a number",
            Kind::Float(_) => "a number",
            Kind::Str(_) => "a string",
            Kind::Seq(_) => "a list",
            Kind::Map(_) => "a mapping",
        }
    }
}

/// Parses `file`'s text. On a syntax error returns `None` and one
/// `spec::yaml-syntax` diagnostic; duplicate keys are reported too, the
/// first occurrence kept.
pub fn parse(file: FileId, sources: &SourceMap) -> (Option<Node>, Vec<Diagnostic>) {
    let text = sources.text(file);
    let options = serde_saphyr::options! {
        duplicate_keys: DuplicateKeyPolicy::PassThrough,
        strict_booleans: true,
        with_snippet: false,
    };
    match serde_saphyr::from_str_with_options::<Spanned<RawNode>>(text, options) {
        Ok(root) => {
            let mut converter = Converter {
                file,
                sources,
                diagnostics: Vec::new(),
            };
            let node = converter.node(root);
            (Some(node), converter.diagnostics)
        }
        Err(error) => (None, vec![syntax_error(file, sources, &error)]),
    }
}

fn syntax_error(file: FileId, sources: &SourceMap, error: &serde_saphyr::Error) -> Diagnostic {
    let span = match error.location() {
        Some(location) if location.line() > 0 => {
            let byte = location.span().byte_offset().map(|b| b as usize);
            let start = byte.unwrap_or_else(|| {
                sources.offset(file, location.line() as usize, location.column() as usize)
            });
            let text = sources.text(file);
            let end = text[start.min(text.len())..]
                .char_indices()
                .nth(1)
                .map_or(text.len(), |(i, _)| start + i);
            Span::new(file, start.min(text.len())..end)
        }
        _ => Span::file_start(file),
    };
    Diagnostic::new(Code::YamlSyntax, span, clean_message(&error.to_string()))
        .label("here")
        .help("fix the YAML syntax at this position; nothing else is checked until the file parses")
}

/// serde-saphyr's message without its `error: line X column Y:` prefix, its
/// snippet and its trailing period: one line in the diagnostic style.
fn clean_message(rendered: &str) -> String {
    let first = rendered
        .lines()
        .find(|line| !line.trim().is_empty())
        .unwrap_or("invalid YAML");
    let mut message = first.trim();
    if let Some(rest) = message.strip_prefix("error:") {
        message = rest.trim();
    }
    if let Some(rest) = message.strip_prefix("line ") {
        // "line 3 column 7: message"
        if let Some((_, after)) = rest.split_once(": ") {
            message = after.trim();
        }
    }
    if let Some(at) = message.rfind(" at line ") {
        // "... at line 3, column 2"
        if message[at + 9..].starts_with(|c: char| c.is_ascii_digit()) {
            message = &message[..at];
        }
    }
    let message = message.trim_end_matches('.');
    let mut chars = message.chars();
    match chars.next() {
        Some(first) => first.to_lowercase().chain(chars).collect(),
        None => "invalid YAML".to_string(),
    }
}

struct Converter<'a> {
    file: FileId,
    sources: &'a SourceMap,
    diagnostics: Vec<Diagnostic>,
}

impl Converter<'_> {
    fn span<T>(&self, spanned: &Spanned<T>) -> Span {
        let location = spanned.referenced;
        let text = self.sources.text(self.file);
        let start = match location.span().byte_offset() {
            Some(offset) => offset as usize,
            None if location.line() > 0 => self.sources.offset(
                self.file,
                location.line() as usize,
                location.column() as usize,
            ),
            None => 0,
        }
        .min(text.len());
        let len = location.span().byte_len().unwrap_or(0) as usize;
        Span::new(self.file, start..(start + len).min(text.len()))
    }

    fn node(&mut self, spanned: Spanned<RawNode>) -> Node {
        let span = self.span(&spanned);
        let kind = match spanned.value {
            RawNode::Null => Kind::Null,
            RawNode::Bool(value) => Kind::Bool(value),
            RawNode::Int(value) => Kind::Int(value),
            RawNode::Float(value) => Kind::Float(value),
            RawNode::Str(value) => Kind::Str(value),
            RawNode::Seq(items) => {
                Kind::Seq(items.into_iter().map(|item| self.node(item)).collect())
            }
            RawNode::Map(entries) => Kind::Map(self.entries(entries)),
        };
        Node { kind, span }
    }

    fn entries(&mut self, entries: Vec<(Spanned<String>, Spanned<RawNode>)>) -> Vec<(Key, Node)> {
        let mut out: Vec<(Key, Node)> = Vec::with_capacity(entries.len());
        for (key, value) in entries {
            let key = Key {
                span: self.span(&key),
                name: key.value,
            };
            if let Some((first, _)) = out.iter().find(|(seen, _)| seen.name == key.name) {
                self.diagnostics.push(
                    Diagnostic::new(
                        Code::DuplicateName,
                        key.span.clone(),
                        format!("duplicate key `{}`", key.name),
                    )
                    .label("defined again here")
                    .also(first.span.clone(), "first defined here")
                    .help("a mapping may hold each key once; remove or rename one of them"),
                );
                continue;
            }
            let value = self.node(value);
            out.push((key, value));
        }
        out
    }
}

/// The tree as serde-saphyr hands it over, before spans become [`Span`]s.
enum RawNode {
    Null,
    Bool(bool),
    Int(i64),
    Float(f64),
    Str(String),
    Seq(Vec<Spanned<RawNode>>),
    Map(Vec<(Spanned<String>, Spanned<RawNode>)>),
}

impl<'de> Deserialize<'de> for RawNode {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(RawNodeVisitor)
    }
}

struct RawNodeVisitor;

impl<'de> Visitor<'de> for RawNodeVisitor {
    type Value = RawNode;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any YAML value")
    }
    fn visit_unit<E: de::Error>(self) -> Result<RawNode, E> {
        Ok(RawNode::Null)
    }
    fn visit_none<E: de::Error>(self) -> Result<RawNode, E> {
        Ok(RawNode::Null)
    }
    fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<RawNode, D::Error> {
        RawNode::deserialize(deserializer)
    }
    fn visit_bool<E: de::Error>(self, value: bool) -> Result<RawNode, E> {
        Ok(RawNode::Bool(value))
    }
    fn visit_i64<E: de::Error>(self, value: i64) -> Result<RawNode, E> {
        Ok(RawNode::Int(value))
    }
    fn visit_u64<E: de::Error>(self, value: u64) -> Result<RawNode, E> {
        // Beyond i64 a number is kept as text: no spec value is that large.
        Ok(i64::try_from(value).map_or_else(|_| RawNode::Str(value.to_string()), RawNode::Int))
    }
    fn visit_f64<E: de::Error>(self, value: f64) -> Result<RawNode, E> {
        Ok(RawNode::Float(value))
    }
    fn visit_str<E: de::Error>(self, value: &str) -> Result<RawNode, E> {
        Ok(RawNode::Str(value.to_string()))
    }
    fn visit_string<E: de::Error>(self, value: String) -> Result<RawNode, E> {
        Ok(RawNode::Str(value))
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut access: A) -> Result<RawNode, A::Error> {
        let mut items = Vec::new();
        while let Some(item) = access.next_element()? {
            items.push(item);
        }
        Ok(RawNode::Seq(items))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut access: A) -> Result<RawNode, A::Error> {
        let mut entries = Vec::new();
        while let Some(key) = access.next_key::<Spanned<KeyText>>()? {
            let value = access.next_value()?;
            let key = Spanned::new(key.value.0, key.referenced, key.defined);
            entries.push((key, value));
        }
        Ok(RawNode::Map(entries))
    }
}

/// A mapping key as text, whatever its YAML kind (`1:` and `true:` are keys too).
struct KeyText(String);

impl<'de> Deserialize<'de> for KeyText {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(KeyTextVisitor)
    }
}

struct KeyTextVisitor;

impl<'de> Visitor<'de> for KeyTextVisitor {
    type Value = KeyText;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a scalar mapping key")
    }
    fn visit_unit<E: de::Error>(self) -> Result<KeyText, E> {
        Ok(KeyText(String::new()))
    }
    fn visit_bool<E: de::Error>(self, value: bool) -> Result<KeyText, E> {
        Ok(KeyText(value.to_string()))
    }
    fn visit_i64<E: de::Error>(self, value: i64) -> Result<KeyText, E> {
        Ok(KeyText(value.to_string()))
    }
    fn visit_u64<E: de::Error>(self, value: u64) -> Result<KeyText, E> {
        Ok(KeyText(value.to_string()))
    }
    fn visit_f64<E: de::Error>(self, value: f64) -> Result<KeyText, E> {
        Ok(KeyText(value.to_string()))
    }
    fn visit_str<E: de::Error>(self, value: &str) -> Result<KeyText, E> {
        Ok(KeyText(value.to_string()))
    }
    fn visit_string<E: de::Error>(self, value: String) -> Result<KeyText, E> {
        Ok(KeyText(value))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse_text(text: &str) -> (SourceMap, FileId, Option<Node>, Vec<Diagnostic>) {
        let mut sources = SourceMap::new();
        let file = sources.add("pipeline.yaml", text.to_string());
        let (node, diagnostics) = parse(file, &sources);
        (sources, file, node, diagnostics)
    }

    fn slice<'a>(sources: &'a SourceMap, span: &Span) -> &'a str {
        &sources.text(span.file)[span.range.clone()]
    }

    #[test]
    fn keys_and_values_carry_byte_spans() {
        let (sources, _, node, diagnostics) = parse_text(
            "# é comment\nname: market_data\nparams:\n  eod_date: date\nlist: [a, 'b c']\n",
        );
        assert!(diagnostics.is_empty());
        let Some(Node {
            kind: Kind::Map(entries),
            ..
        }) = node
        else {
            panic!("not a map")
        };
        assert_eq!(slice(&sources, &entries[0].0.span), "name");
        assert_eq!(slice(&sources, &entries[0].1.span), "market_data");
        let Kind::Map(params) = &entries[1].1.kind else {
            panic!("params")
        };
        assert_eq!(slice(&sources, &params[0].0.span), "eod_date");
        assert_eq!(slice(&sources, &params[0].1.span), "date");
        let Kind::Seq(items) = &entries[2].1.kind else {
            panic!("list")
        };
        assert_eq!(slice(&sources, &items[1].span), "'b c'");
    }

    #[test]
    fn dates_stay_strings_and_yes_is_not_a_boolean() {
        let (_, _, node, _) = parse_text("a: 2019-06-28\nb: yes\nc: true\nd: 01\n");
        let Some(Node {
            kind: Kind::Map(entries),
            ..
        }) = node
        else {
            panic!("not a map")
        };
        assert_eq!(entries[0].1.kind, Kind::Str("2019-06-28".into()));
        assert_eq!(entries[1].1.kind, Kind::Str("yes".into()));
        assert_eq!(entries[2].1.kind, Kind::Bool(true));
    }

    #[test]
    fn syntax_errors_have_a_position_and_a_clean_message() {
        let (sources, _, node, diagnostics) = parse_text("a: 1\nb: [x, y\nc: 2\n");
        assert!(node.is_none());
        assert_eq!(diagnostics.len(), 1);
        let message = &diagnostics[0].message;
        assert!(!message.contains("line"), "{message}");
        assert!(!message.ends_with('.'), "{message}");
        let at = sources.line_col(
            diagnostics[0].primary.span.file,
            diagnostics[0].primary.span.range.start,
        );
        assert!(at.line >= 2, "{at:?}");
    }

    #[test]
    fn duplicate_keys_are_reported_with_both_places() {
        let (sources, _, node, diagnostics) = parse_text("a: 1\nb: 2\na: 3\n");
        assert_eq!(diagnostics.len(), 1);
        assert_eq!(diagnostics[0].code, Code::DuplicateName);
        assert_eq!(diagnostics[0].primary.span.range.start, 10);
        assert_eq!(slice(&sources, &diagnostics[0].secondary[0].span), "a");
        let Some(Node {
            kind: Kind::Map(entries),
            ..
        }) = node
        else {
            panic!("not a map")
        };
        assert_eq!(entries.len(), 2);
    }
}
