//! The YAML reader: text of `pipeline.yaml` in, a tree whose every node and
//! every mapping key carries its [`Span`] out.
//!
//! This is the only module that parses YAML. It builds its own untyped tree
//! straight from granit-parser's events (the parser serde-saphyr uses) rather
//! than deserializing into the spec's structs, so that decoding
//! (`spec::decode`) can report every unknown key, wrong kind and missing key
//! at once instead of stopping at the first serde error. (Going through
//! serde-saphyr's `Spanned` values, as eltc did before, cost 1.5 times the
//! parsing itself.)
//! It knows nothing of the spec language.
//!
//! Scalars resolve as serde-saphyr resolved them for eltc (`scalar`);
//! duplicate keys are reported with both places.

mod scalar;
mod tree;

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
    let mut builder = tree::Builder::new(file, sources.text(file));
    match builder.document() {
        Ok(mut node) => {
            let mut diagnostics = Vec::new();
            tree::drop_duplicates(&mut node, &mut diagnostics);
            (Some(node), diagnostics)
        }
        Err(error) => (None, vec![syntax_error(file, sources, &error)]),
    }
}

fn syntax_error(file: FileId, sources: &SourceMap, error: &tree::Error) -> Diagnostic {
    let text = sources.text(file);
    let mut start = match error.at {
        tree::At::Byte(byte) => byte,
        tree::At::LineCol(line, column) => sources.offset(file, line, column + 1),
    }
    .min(text.len());
    while !text.is_char_boundary(start) {
        start -= 1;
    }
    let end = text[start..]
        .char_indices()
        .nth(1)
        .map_or(text.len(), |(i, _)| start + i);
    Diagnostic::new(
        Code::YamlSyntax,
        Span::new(file, start..end),
        clean_message(&error.message),
    )
    .label("here")
    .help("fix the YAML syntax at this position; nothing else is checked until the file parses")
}

/// The message's first line without a `line X column Y:` prefix or trailing
/// period, lower-case first: one line in the diagnostic style.
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

    fn root(text: &str) -> Node {
        let (_, _, node, diagnostics) = parse_text(text);
        assert!(diagnostics.is_empty(), "{diagnostics:?}");
        node.expect("parses")
    }

    fn value(text: &str) -> Kind {
        match root(&format!("v: {text}\n")).kind {
            Kind::Map(mut entries) => entries.remove(0).1.kind,
            other => panic!("{other:?}"),
        }
    }

    fn error(text: &str) -> (String, usize) {
        let (_, _, node, diagnostics) = parse_text(text);
        assert!(node.is_none());
        assert_eq!(diagnostics.len(), 1);
        assert_eq!(diagnostics[0].code, Code::YamlSyntax);
        (
            diagnostics[0].message.clone(),
            diagnostics[0].primary.span.range.start,
        )
    }

    #[test]
    fn core_schema_scalars() {
        let s = |t: &str| Kind::Str(t.to_string());
        for null in ["", "~", "null", "Null", "NULL"] {
            assert_eq!(value(null), Kind::Null, "{null}");
        }
        assert_eq!(value("True"), Kind::Bool(true));
        assert_eq!(value("FALSE"), Kind::Bool(false));
        for text in [
            "yes",
            "no",
            "on",
            "off",
            "y",
            "nULL",
            "2019-06-28",
            "inf",
            "nan",
        ] {
            assert_eq!(value(text), s(text), "{text}");
        }
        assert_eq!(value("0"), Kind::Int(0));
        assert_eq!(value("-17"), Kind::Int(-17));
        assert_eq!(value("+5"), Kind::Int(5));
        assert_eq!(value("0o17"), Kind::Int(15));
        assert_eq!(value("0x1F"), Kind::Int(31));
        assert_eq!(value("0b101"), Kind::Int(5));
        assert_eq!(value("1_000"), Kind::Int(1000));
        assert_eq!(value("-9223372036854775808"), Kind::Int(i64::MIN));
        // Beyond i64: the decimal text.
        assert_eq!(value("18446744073709551615"), s("18446744073709551615"));
        assert_eq!(value("0xFFFFFFFFFFFFFFFF"), s("18446744073709551615"));
        // A redundant leading zero, upper-case radix, signed NaN: text (012 reads as 12.0).
        assert_eq!(value("012"), Kind::Float(12.0));
        assert_eq!(value("-012"), Kind::Float(-12.0));
        assert_eq!(value("0X1F"), s("0X1F"));
        assert_eq!(value("-.nan"), s("-.nan"));
        assert_eq!(value("1.5"), Kind::Float(1.5));
        assert_eq!(value("1e3"), Kind::Float(1000.0));
        assert_eq!(value(".5"), Kind::Float(0.5));
        assert_eq!(value("-.5E-1"), Kind::Float(-0.05));
        // Quoted and block scalars are strings whatever they look like.
        assert_eq!(value("'12'"), s("12"));
        assert_eq!(value("\"true\""), s("true"));
        assert_eq!(value("''"), s(""));
        assert_eq!(value("|-\n  12"), s("12"));
        // Tags.
        assert_eq!(value("!!str 12"), s("12"));
        assert_eq!(value("! 12"), s("12"));
        assert_eq!(value("!!int \"12\""), Kind::Int(12));
        assert_eq!(value("!!float 1"), Kind::Float(1.0));
        assert_eq!(value("!!null x"), Kind::Null);
        assert_eq!(value("!custom 12"), Kind::Int(12));
        assert_eq!(value("!!binary aGVsbG8="), s("hello"));
    }

    #[test]
    fn values_yaml_cannot_hold_as_eltc_reads_it_are_errors() {
        assert_eq!(
            error("a: .inf\n"),
            (
                "non-finite float `.inf` rejected by the configured policy".into(),
                3
            )
        );
        assert_eq!(error("a: !!bool yes\n").1, 10);
        assert_eq!(error("a: !!int x\n"), ("invalid u64".into(), 9));
        assert_eq!(error("a: 1\n---\nb: 2\n").1, 9);
    }

    #[test]
    fn keys_of_any_kind_become_text() {
        let Kind::Map(entries) = root("1: a\ntrue: b\n~: c\n1.5: d\n0x10: e\n1e3: f\n").kind else {
            panic!("not a map")
        };
        let names: Vec<&str> = entries.iter().map(|(key, _)| key.name.as_str()).collect();
        assert_eq!(names, ["1", "true", "", "1.5", "16", "1000"]);
        assert_eq!(
            error("? [a]\n: b\n"),
            ("a mapping key must be a scalar, not a list".into(), 2)
        );
    }

    #[test]
    fn collections_span_their_first_character() {
        let (sources, _, node, _) = parse_text("a:\n  b: {c: [1]}\n");
        let node = node.unwrap();
        assert_eq!(node.span.range, 0..0);
        let Kind::Map(entries) = &node.kind else {
            panic!()
        };
        let inner = &entries[0].1;
        assert_eq!(inner.span.range, 5..5);
        let Kind::Map(entries) = &inner.kind else {
            panic!()
        };
        assert_eq!(slice(&sources, &entries[0].1.span), "{");
        assert_eq!(slice(&sources, &node.extent()), "a:\n  b: {c: [1");
        // An empty stream is a null at its end.
        assert_eq!(parse_text("# nothing\n").2.unwrap().span.range, 10..10);
    }

    #[test]
    fn aliases_copy_the_anchored_node_at_the_alias() {
        let text = "base: &b\n  x: 1\nuse: *b\nm:\n  <<: *b\n  y: 2\n";
        let (sources, _, node, diagnostics) = parse_text(text);
        assert!(diagnostics.is_empty());
        let Kind::Map(entries) = node.unwrap().kind else {
            panic!()
        };
        let (_, used) = &entries[1];
        assert_eq!(slice(&sources, &used.span), "*b");
        let Kind::Map(used) = &used.kind else {
            panic!()
        };
        assert_eq!(used[0].0.name, "x");
        assert_eq!(slice(&sources, &used[0].0.span), "*b");
        assert_eq!(used[0].1.kind, Kind::Int(1));
        // Merged entries come after the mapping's own.
        let Kind::Map(merged) = &entries[2].1.kind else {
            panic!()
        };
        let names: Vec<&str> = merged.iter().map(|(key, _)| key.name.as_str()).collect();
        assert_eq!(names, ["y", "x"]);
        assert_eq!(
            error("a: &x [*x]\n"),
            (
                "recursive references require weak recursion types".into(),
                7
            )
        );
        assert_eq!(
            error("a: *nope\n"),
            ("alias references unknown anchor".into(), 3)
        );
    }

    #[test]
    fn syntax_error_positions() {
        assert_eq!(
            error("a: 1\nb: [x, y\nc: 2\n"),
            ("illegal placement of ':' indicator".into(), 15)
        );
        assert_eq!(
            error("a:\n\tb: 1\n"),
            (
                "tabs disallowed within this context (block indentation)".into(),
                4
            )
        );
    }

    #[test]
    fn deep_nesting_is_refused_not_recursed_into() {
        let ok = format!("{}1{}", "[".repeat(64), "]".repeat(64));
        assert!(parse_text(&ok).2.is_some());
        let deep = format!("{}1{}", "[".repeat(65), "]".repeat(65));
        assert_eq!(
            error(&deep),
            ("lists and mappings nested deeper than 64 levels".into(), 64)
        );
        let block: String = (0..100)
            .map(|i| format!("{}k{i}:\n", "  ".repeat(i)))
            .collect();
        assert!(error(&block).0.contains("deeper than 64"));
        // Deeper than the parser goes: its own error (its flow limit, 255).
        assert_eq!(
            error(&"[".repeat(100_000)),
            ("recursion limit exceeded".into(), 255)
        );
    }

    #[test]
    fn alias_bombs_stop_at_the_node_budget() {
        let mut text = "a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n".to_string();
        for i in 1..9 {
            let items = vec![format!("*a{}", i - 1); 10].join(", ");
            text.push_str(&format!("a{i}: &a{i} [{items}]\n"));
        }
        assert!(error(&text).0.contains("250000"));
    }
}
