//! The tree builder: granit-parser's events in, [`Node`]s out.
//!
//! Anchored nodes are kept built and cloned where an alias names them; the
//! clone takes the alias's span, since that is where the value is used.
//! Merge keys (`<<`) add the merged mapping's entries after the mapping's
//! own, those already present winning.

use std::borrow::Cow;
use std::collections::{HashMap, HashSet};

use granit_parser::{Event, Parser, ScalarStyle, Span as ParserSpan, StrInput, Tag};

use super::scalar::{self, TagKind};
use super::{Key, Kind, Node};
use crate::diag::{Code, Diagnostic, FileId, Span};

/// Deepest nesting of sequences and mappings read, as serde-saphyr's budget
/// allowed: the builder recurses once a level, so this also bounds the stack.
const MAX_DEPTH: usize = 64;
/// Nodes read, aliases' copies included: bounds what an alias bomb costs.
const MAX_NODES: usize = 250_000;
/// Alias uses beyond which aliases must not outnumber anchors tenfold.
const MIN_ALIASES_FOR_RATIO: usize = 100;

/// Where an error is.
pub(super) enum At {
    /// A byte offset.
    Byte(usize),
    /// The parser's line (1-based) and column (0-based, in characters).
    LineCol(usize, usize),
}

/// A reason the file is not read.
pub(super) struct Error {
    pub message: String,
    pub at: At,
}

type Result<T> = std::result::Result<T, Error>;

pub(super) struct Builder<'a> {
    parser: Parser<'a, StrInput<'a>>,
    peeked: Option<(Event<'a>, ParserSpan)>,
    file: FileId,
    /// Built anchored nodes by anchor id (`None` while being built).
    anchors: Vec<Option<Node>>,
    depth: usize,
    nodes: usize,
    aliases: usize,
    anchors_defined: usize,
    /// Start of the last event read: where an empty stream's null is.
    last: usize,
}

/// A node's content event, taken off the stream.
enum Head<'a> {
    Scalar(Cow<'a, str>, ScalarStyle, usize, TagKind),
    Seq(usize),
    Map(usize),
    Alias(usize),
}

impl<'a> Builder<'a> {
    pub fn new(file: FileId, text: &'a str) -> Self {
        let options = granit_parser::options! { emit_comments: false };
        Builder {
            parser: Parser::with_options(StrInput::new(text), options),
            peeked: None,
            file,
            anchors: Vec::new(),
            depth: 0,
            nodes: 0,
            aliases: 0,
            anchors_defined: 0,
            last: 0,
        }
    }

    /// The file's one document (null when it has none).
    pub fn document(&mut self) -> Result<Node> {
        let root = if self.peek_content()? {
            self.node()?
        } else {
            Node {
                kind: Kind::Null,
                span: self.span(self.last, self.last),
            }
        };
        if self.peek_content()? {
            return Err(Error {
                message: "multiple YAML documents detected; a file holds one".into(),
                at: At::Byte(self.last),
            });
        }
        if self.aliases >= MIN_ALIASES_FOR_RATIO && self.aliases > 10 * self.anchors_defined {
            return Err(Error {
                message: format!(
                    "{} aliases for {} anchors: too many copies to read",
                    self.aliases, self.anchors_defined
                ),
                at: At::Byte(self.last),
            });
        }
        Ok(root)
    }

    fn span(&self, start: usize, end: usize) -> Span {
        Span::new(self.file, start..end)
    }

    fn span_of(&self, span: &ParserSpan) -> Span {
        let start = span.start.byte_offset().unwrap_or(0);
        self.span(start, span.end.byte_offset().unwrap_or(start))
    }

    /// Whether a node follows, skipping stream and document markers.
    fn peek_content(&mut self) -> Result<bool> {
        loop {
            if self.peeked.is_none() {
                self.peeked = self.pull()?;
            }
            match &self.peeked {
                None => return Ok(false),
                Some((
                    Event::StreamStart
                    | Event::StreamEnd
                    | Event::DocumentStart(..)
                    | Event::DocumentEnd,
                    _,
                )) => self.peeked = None,
                Some(_) => return Ok(true),
            }
        }
    }

    fn pull(&mut self) -> Result<Option<(Event<'a>, ParserSpan)>> {
        match self.parser.next() {
            None => Ok(None),
            Some(Ok((event, span))) => {
                self.last = span.start.byte_offset().unwrap_or(self.last);
                Ok(Some((event, span)))
            }
            Some(Err(error)) => {
                let marker = error.marker();
                let message = match error.kind() {
                    granit_parser::ErrorKind::UnknownAnchor => {
                        "alias references unknown anchor".to_string()
                    }
                    _ => error.info(),
                };
                Err(Error {
                    message,
                    at: At::LineCol(marker.line(), marker.col()),
                })
            }
        }
    }

    fn next_event(&mut self) -> Result<(Event<'a>, ParserSpan)> {
        match self.peeked.take() {
            Some(event) => Ok(event),
            None => self.pull()?.ok_or_else(|| Error {
                message: "unexpected end of input".into(),
                at: At::Byte(self.last),
            }),
        }
    }

    fn error<T>(&self, message: impl Into<String>, span: &Span) -> Result<T> {
        Err(Error {
            message: message.into(),
            at: At::Byte(span.range.start),
        })
    }

    fn count_node(&mut self, span: &Span) -> Result<()> {
        self.nodes += 1;
        if self.nodes > MAX_NODES {
            return self.error(
                format!("more than {MAX_NODES} YAML nodes (aliases' copies included)"),
                span,
            );
        }
        Ok(())
    }

    /// The next node's head, its tag checked against its kind.
    fn head(&mut self) -> Result<(Head<'a>, Span)> {
        let (event, parser_span) = self.next_event()?;
        let span = self.span_of(&parser_span);
        let head = match event {
            Event::Scalar(value, style, anchor, tag) => {
                Head::Scalar(value, style, anchor, self.tag(tag.as_deref(), true, &span)?)
            }
            Event::SequenceStart(_, anchor, tag) => {
                self.tag(tag.as_deref(), false, &span)?;
                Head::Seq(anchor)
            }
            Event::MappingStart(_, anchor, tag) => {
                self.tag(tag.as_deref(), false, &span)?;
                Head::Map(anchor)
            }
            Event::Alias(id) => Head::Alias(id),
            _ => return self.error("unexpected event in the YAML stream", &span),
        };
        Ok((head, span))
    }

    fn tag(&self, tag: Option<&Tag>, is_scalar: bool, span: &Span) -> Result<TagKind> {
        let kind = TagKind::of(tag);
        match kind.requires_scalar() {
            Some(scalar) if scalar != is_scalar => match kind {
                TagKind::Include => self.error(
                    "!include currently only supports the scalar form: !include <path>",
                    span,
                ),
                _ => self.error(
                    format!(
                        "unsupported tag `{}`",
                        tag.map(Tag::original).unwrap_or_default()
                    ),
                    span,
                ),
            },
            _ => Ok(kind),
        }
    }

    /// Reads one node (a value).
    fn node(&mut self) -> Result<Node> {
        let (head, span) = self.head()?;
        self.node_from(head, span)
    }

    fn node_from(&mut self, head: Head<'a>, span: Span) -> Result<Node> {
        match head {
            Head::Scalar(text, style, anchor, tag) => {
                self.count_node(&span)?;
                let kind = match scalar::resolve(&text, style, tag) {
                    Ok(kind) => kind,
                    Err(message) => return self.error(message, &span),
                };
                Ok(self.anchored(anchor, Node { kind, span }))
            }
            Head::Seq(anchor) | Head::Map(anchor) => {
                self.count_node(&span)?;
                self.depth += 1;
                if self.depth > MAX_DEPTH {
                    return self.error(too_deep(), &span);
                }
                self.open_anchor(anchor);
                let kind = match head {
                    Head::Seq(..) => Kind::Seq(self.items()?),
                    _ => Kind::Map(self.entries()?),
                };
                self.depth -= 1;
                Ok(self.anchored(anchor, Node { kind, span }))
            }
            Head::Alias(id) => self.alias(id, span),
        }
    }

    fn open_anchor(&mut self, anchor: usize) {
        if anchor != 0 {
            if self.anchors.len() <= anchor {
                self.anchors.resize(anchor + 1, None);
            }
            self.anchors[anchor] = None;
        }
    }

    fn anchored(&mut self, anchor: usize, node: Node) -> Node {
        if anchor != 0 {
            self.open_anchor(anchor);
            self.anchors_defined += 1;
            self.anchors[anchor] = Some(node.clone());
        }
        node
    }

    /// A copy of an anchored node, placed where the alias is.
    fn alias(&mut self, id: usize, span: Span) -> Result<Node> {
        self.aliases += 1;
        let Some(Some(target)) = self.anchors.get(id) else {
            // Known to the parser but not built yet: the alias is inside its anchor.
            return self.error("recursive references require weak recursion types", &span);
        };
        let mut copy = target.clone();
        let mut count = 0;
        relocate(&mut copy, &span, &mut count);
        self.nodes += count;
        if self.nodes > MAX_NODES {
            return self.error(
                format!("more than {MAX_NODES} YAML nodes (aliases' copies included)"),
                &span,
            );
        }
        Ok(copy)
    }

    fn items(&mut self) -> Result<Vec<Node>> {
        let mut items = Vec::new();
        loop {
            if let Some((Event::SequenceEnd, _)) = self.peek_event()? {
                self.peeked = None;
                return Ok(items);
            }
            items.push(self.node()?);
        }
    }

    fn peek_event(&mut self) -> Result<Option<&(Event<'a>, ParserSpan)>> {
        if self.peeked.is_none() {
            self.peeked = self.pull()?;
        }
        Ok(self.peeked.as_ref())
    }

    /// A mapping's entries: its own, duplicates kept (reported later by
    /// [`drop_duplicates`]), then merged ones whose key is not there yet.
    fn entries(&mut self) -> Result<Vec<(Key, Node)>> {
        let mut entries: Vec<(Key, Node)> = Vec::new();
        let mut merged: Vec<(Key, Node)> = Vec::new();
        loop {
            if let Some((Event::MappingEnd, _)) = self.peek_event()? {
                self.peeked = None;
                break;
            }
            let (head, span) = self.head()?;
            if is_merge_key(&head) {
                self.count_node(&span)?;
                self.merge_value(&mut merged)?;
                continue;
            }
            let key = self.key(head, span)?;
            let value = self.node()?;
            entries.push((key, value));
        }
        if merged.is_empty() {
            return Ok(entries);
        }
        // Merged keys are skipped silently when present, as YAML's merge
        // rules say (the mapping's own win, then the first merged).
        let mut seen: HashSet<String> = entries.iter().map(|(key, _)| key.name.clone()).collect();
        for (key, value) in merged {
            if seen.insert(key.name.clone()) {
                entries.push((key, value));
            }
        }
        Ok(entries)
    }

    /// A mapping key as text, whatever its YAML kind. A list or mapping is
    /// refused at its start, before what it holds is read.
    fn key(&mut self, head: Head<'a>, span: Span) -> Result<Key> {
        let what = match head {
            Head::Seq(_) => "list",
            Head::Map(_) => "mapping",
            _ => "",
        };
        if !what.is_empty() {
            // Read to its end first: a syntax error inside is reported first.
            self.skip_collection(&span)?;
            return self.error(
                format!("a mapping key must be a scalar, not a {what}"),
                &span,
            );
        }
        let node = self.node_from(head, span)?;
        let name = match node.kind {
            Kind::Null => String::new(),
            Kind::Bool(value) => value.to_string(),
            Kind::Int(value) => value.to_string(),
            Kind::Float(value) => value.to_string(),
            Kind::Str(value) => value,
            Kind::Seq(_) => {
                return self.error("a mapping key must be a scalar, not a list", &node.span);
            }
            Kind::Map(_) => {
                return self.error("a mapping key must be a scalar, not a mapping", &node.span);
            }
        };
        Ok(Key {
            name,
            span: node.span,
        })
    }

    /// Reads a collection's events to its end (its start taken), keeping the
    /// depth and node budgets.
    fn skip_collection(&mut self, span: &Span) -> Result<()> {
        let mut open = 1;
        self.count_node(span)?;
        if self.depth + open > MAX_DEPTH {
            return self.error(too_deep(), span);
        }
        while open > 0 {
            let (event, parser_span) = self.next_event()?;
            let span = self.span_of(&parser_span);
            match event {
                Event::SequenceStart(..) | Event::MappingStart(..) => {
                    open += 1;
                    self.count_node(&span)?;
                    if self.depth + open > MAX_DEPTH {
                        return self.error(too_deep(), &span);
                    }
                }
                Event::SequenceEnd | Event::MappingEnd => open -= 1,
                Event::Scalar(..) => self.count_node(&span)?,
                _ => {}
            }
        }
        Ok(())
    }

    /// A merge key's value: a mapping, or a list of mappings checked one by
    /// one as read (so an error is reported where it is, not at the list's end).
    fn merge_value(&mut self, merged: &mut Vec<(Key, Node)>) -> Result<()> {
        let (head, span) = self.head()?;
        if let Head::Seq(0) = head {
            self.count_node(&span)?;
            self.depth += 1;
            if self.depth > MAX_DEPTH {
                return self.error(too_deep(), &span);
            }
            loop {
                if let Some((Event::SequenceEnd, _)) = self.peek_event()? {
                    self.peeked = None;
                    self.depth -= 1;
                    return Ok(());
                }
                let item = self.node()?;
                merge_entries(item, merged)?;
            }
        }
        let value = self.node_from(head, span)?;
        merge_entries(value, merged)
    }
}

fn too_deep() -> String {
    format!("lists and mappings nested deeper than {MAX_DEPTH} levels")
}

/// Adds the entries a merge value brings: a mapping's, or those of a list of
/// mappings in order. They take the span of the mapping they come from (the
/// alias, or the inline mapping's start), as merged values are used there.
fn merge_entries(value: Node, merged: &mut Vec<(Key, Node)>) -> Result<()> {
    match value.kind {
        Kind::Null => Ok(()),
        Kind::Map(entries) => {
            for (mut key, mut node) in entries {
                key.span = value.span.clone();
                relocate(&mut node, &value.span, &mut 0);
                merged.push((key, node));
            }
            Ok(())
        }
        Kind::Seq(items) => items
            .into_iter()
            .try_for_each(|item| merge_entries(item, merged)),
        _ => Err(Error {
            message: "YAML merge value must be mapping or sequence of mappings".into(),
            at: At::Byte(value.span.range.start),
        }),
    }
}

/// Reports duplicate keys (first kept) and drops the later ones with all they
/// hold, so that what is dropped is not reported on. A separate pass rather
/// than a check while reading: an alias's copy repeats its anchor's
/// duplicates, reported at the alias as before.
pub(super) fn drop_duplicates(node: &mut Node, diagnostics: &mut Vec<Diagnostic>) {
    match &mut node.kind {
        Kind::Seq(items) => {
            for item in items {
                drop_duplicates(item, diagnostics);
            }
        }
        Kind::Map(entries) => {
            let mut kept: Vec<(Key, Node)> = Vec::with_capacity(entries.len());
            // Key name to its index in `kept`: a mapping of many keys costs
            // linear time, not quadratic.
            let mut index: HashMap<String, usize> = HashMap::with_capacity(entries.len());
            for (key, mut value) in std::mem::take(entries) {
                if let Some(&at) = index.get(&key.name) {
                    let first = &kept[at].0;
                    diagnostics.push(
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
                drop_duplicates(&mut value, diagnostics);
                index.insert(key.name.clone(), kept.len());
                kept.push((key, value));
            }
            *entries = kept;
        }
        _ => {}
    }
}

/// `<<` as a merge key: plain and untagged, or tagged `!!merge`.
fn is_merge_key(head: &Head<'_>) -> bool {
    matches!(head, Head::Scalar(text, style, _, tag)
        if text == "<<" && (*tag == TagKind::Merge || *style == ScalarStyle::Plain && *tag == TagKind::None))
}

/// Gives a copied node and all it holds the alias's span; counts its nodes.
fn relocate(node: &mut Node, span: &Span, count: &mut usize) {
    *count += 1;
    node.span = span.clone();
    match &mut node.kind {
        Kind::Seq(items) => items
            .iter_mut()
            .for_each(|item| relocate(item, span, count)),
        Kind::Map(entries) => {
            for (key, value) in entries {
                key.span = span.clone();
                relocate(value, span, count);
            }
        }
        _ => {}
    }
}
