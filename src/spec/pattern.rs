//! Patterns: literal text with `{param}` and `{param:FORMAT}` captures, as in
//! `notification/market_data/{eod_date}.done` or `sales_{day:YYYYMMDD}.txt`.
//!
//! [`parse`] checks the syntax only, with byte ranges relative to the pattern
//! text so that resolution can point inside the YAML scalar; which parameters
//! exist and their types are checked by `spec::resolve`. FORMAT is an
//! Oracle-style date model restricted to what the runtime renders and matches:
//! YYYY, MM, DD, HH24, MI, SS and literal separators.

use std::ops::Range;

use super::model::PatternPart;

/// A capture, with where its name and format are in the pattern text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Capture {
    /// The parameter name as written.
    pub name: String,
    /// Byte range of the name in the pattern.
    pub name_range: Range<usize>,
    /// The format, upper case, if any.
    pub format: Option<String>,
    /// Byte range of the whole capture, braces included.
    pub range: Range<usize>,
}

/// A syntax error in a pattern.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PatternError {
    /// Byte range in the pattern text.
    pub range: Range<usize>,
    /// What is wrong.
    pub message: String,
    /// The label under the caret.
    pub label: String,
    /// What to do.
    pub help: String,
}

/// The parsed pattern: its parts and its captures (same order).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Parsed {
    /// Literal text and captures.
    pub parts: Vec<PatternPart>,
    /// The captures with their positions.
    pub captures: Vec<Capture>,
}

/// The format elements a capture's FORMAT may use, longest first.
pub const FORMAT_ELEMENTS: &[&str] = &["YYYY", "HH24", "MM", "DD", "MI", "SS"];

/// Parses `text`; every syntax error is returned, not only the first.
pub fn parse(text: &str) -> (Parsed, Vec<PatternError>) {
    let mut parsed = Parsed::default();
    let mut errors = Vec::new();
    let mut literal = String::new();
    let mut rest = text.char_indices().peekable();
    let mut last_capture_end: Option<usize> = None;
    while let Some((at, c)) = rest.next() {
        match c {
            '{' => {
                let Some(close) = text[at..].find('}').map(|i| at + i) else {
                    errors.push(unclosed(at, text.len()));
                    break;
                };
                if let Some(nested) = text[at + 1..close].find('{') {
                    errors.push(unclosed(at, at + 1 + nested));
                }
                if !literal.is_empty() {
                    parsed
                        .parts
                        .push(PatternPart::Literal(std::mem::take(&mut literal)));
                } else if last_capture_end == Some(at) {
                    errors.push(adjacent(at..close + 1));
                }
                if let Some(capture) = capture(text, at, close, &mut errors) {
                    parsed.parts.push(PatternPart::Param {
                        name: capture.name.clone(),
                        format: capture.format.clone(),
                    });
                    parsed.captures.push(capture);
                }
                while rest.peek().is_some_and(|(i, _)| *i <= close) {
                    rest.next();
                }
                last_capture_end = Some(close + 1);
            }
            '}' => errors.push(PatternError {
                range: at..at + 1,
                message: "unmatched `}` in pattern".into(),
                label: "no `{` opens this".into(),
                help: "remove the `}` or open the capture with `{`".into(),
            }),
            _ => literal.push(c),
        }
    }
    if !literal.is_empty() {
        parsed.parts.push(PatternPart::Literal(literal));
    }
    (parsed, errors)
}

fn unclosed(at: usize, end: usize) -> PatternError {
    PatternError {
        range: at..end,
        message: "unclosed `{` in pattern".into(),
        label: "this capture is not closed".into(),
        help: "close the capture with `}`, e.g. `{eod_date}`".into(),
    }
}

fn adjacent(range: Range<usize>) -> PatternError {
    PatternError {
        range,
        message: "two captures touch in pattern".into(),
        label: "follows the previous capture directly".into(),
        help: "separate the captures with literal text (e.g. `{a}_{b}`): the runtime could not tell where one ends"
            .into(),
    }
}

fn capture(
    text: &str,
    open: usize,
    close: usize,
    errors: &mut Vec<PatternError>,
) -> Option<Capture> {
    let inner = &text[open + 1..close];
    let (name, format) = match inner.split_once(':') {
        Some((name, format)) => (name, Some(format)),
        None => (inner, None),
    };
    let name_start = open + 1 + (name.len() - name.trim_start().len());
    let name = name.trim();
    if !is_name(name) {
        errors.push(PatternError {
            range: open..close + 1,
            message: format!("`{{{inner}}}` is not a capture"),
            label: "expected a parameter name".into(),
            help: "write `{param}` or `{param:FORMAT}`, e.g. `{eod_date:YYYYMMDD}`".into(),
        });
        return None;
    }
    let format = match format {
        Some(format) => {
            let format_start = open + 1 + inner.find(':').unwrap_or(0) + 1;
            Some(check_format(format, format_start, errors)?)
        }
        None => None,
    };
    Some(Capture {
        name: name.to_string(),
        name_range: name_start..name_start + name.len(),
        format,
        range: open..close + 1,
    })
}

fn is_name(name: &str) -> bool {
    let mut chars = name.chars();
    chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
}

/// Checks a FORMAT and returns it upper case.
fn check_format(format: &str, start: usize, errors: &mut Vec<PatternError>) -> Option<String> {
    let upper = format.to_ascii_uppercase();
    if upper.trim().is_empty() {
        errors.push(PatternError {
            range: start..start + format.len(),
            message: "empty format in pattern".into(),
            label: "no format after `:`".into(),
            help: "write a date format such as `YYYYMMDD`, or drop the `:`".into(),
        });
        return None;
    }
    let mut at = 0;
    let mut ok = true;
    while at < upper.len() {
        if let Some(element) = FORMAT_ELEMENTS
            .iter()
            .find(|e| upper[at..].starts_with(**e))
        {
            at += element.len();
            continue;
        }
        let c = upper[at..].chars().next().unwrap_or(' ');
        if c.is_ascii_alphanumeric() {
            let end = upper[at..]
                .find(|c: char| !c.is_ascii_alphanumeric())
                .map_or(upper.len(), |i| at + i);
            errors.push(PatternError {
                range: start + at..start + end,
                message: format!("unknown format element `{}` in pattern", &format[at..end]),
                label: "not a format element".into(),
                help: "a pattern format uses YYYY, MM, DD, HH24, MI and SS with literal separators"
                    .into(),
            });
            ok = false;
            at = end;
        } else {
            at += c.len_utf8();
        }
    }
    ok.then_some(upper)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(text: &str) -> (Vec<PatternPart>, Vec<(Range<usize>, String)>) {
        let (parsed, errors) = parse(text);
        (
            parsed.parts,
            errors.into_iter().map(|e| (e.range, e.message)).collect(),
        )
    }

    fn literal(text: &str) -> PatternPart {
        PatternPart::Literal(text.into())
    }

    fn param(name: &str, format: Option<&str>) -> PatternPart {
        PatternPart::Param {
            name: name.into(),
            format: format.map(Into::into),
        }
    }

    #[test]
    fn literals_and_captures() {
        let (parts, errors) = check("notification/{eod_date}.done");
        assert!(errors.is_empty());
        assert_eq!(
            parts,
            vec![
                literal("notification/"),
                param("eod_date", None),
                literal(".done")
            ]
        );
    }

    #[test]
    fn formats_are_upper_cased() {
        let (parts, errors) = check("sales_{day:yyyymmdd}.txt");
        assert!(errors.is_empty());
        assert_eq!(
            parts,
            vec![
                literal("sales_"),
                param("day", Some("YYYYMMDD")),
                literal(".txt")
            ]
        );
        assert!(check("{t:YYYY-MM-DD HH24:MI:SS}").1.is_empty());
    }

    #[test]
    fn capture_name_range_points_at_the_name() {
        let (parsed, _) = parse("ab/{ day :YYYY}");
        assert_eq!(
            &"ab/{ day :YYYY}"[parsed.captures[0].name_range.clone()],
            "day"
        );
    }

    #[test]
    fn unclosed_brace() {
        let (_, errors) = check("notification/{eod_date.done");
        assert_eq!(
            errors,
            vec![(13..27, "unclosed `{` in pattern".to_string())]
        );
    }

    #[test]
    fn adjacent_captures() {
        let (_, errors) = check("{a}{b}.csv");
        assert_eq!(
            errors,
            vec![(3..6, "two captures touch in pattern".to_string())]
        );
        assert!(check("{a}_{b}").1.is_empty());
    }

    #[test]
    fn unknown_format_element() {
        let (_, errors) = check("x_{d:RRMMDD}");
        assert_eq!(
            errors,
            vec![(
                5..11,
                "unknown format element `RRMMDD` in pattern".to_string()
            )]
        );
    }

    #[test]
    fn bad_names_and_stray_braces() {
        assert_eq!(check("{}").1.len(), 1);
        assert_eq!(check("{1a}").1.len(), 1);
        assert_eq!(
            check("a}b").1,
            vec![(1..2, "unmatched `}` in pattern".to_string())]
        );
    }
}
