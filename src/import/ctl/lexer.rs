//! The control-file lexer: text into tokens with byte ranges.
//!
//! The SQL*Loader control-file language is free-form: clauses may span lines
//! and a line may hold several clauses, so the parser works on tokens, never
//! on lines. Comments (`--` to the end of the line) are skipped wherever they
//! are. After the word `BEGINDATA` the rest of the file is data (inline
//! records), returned as one [`Tok::Data`] token.
//!
//! Templating placeholders (`${VAR}`, `$VAR`, `$1`, `&1`, `&&name`, `%VAR%`)
//! are tokens of their own, so that a generator's variable is reported as
//! such and never read as a table, file or field name.

use std::ops::Range;

/// A token's kind, with its value where it has one.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Tok {
    /// A keyword or unquoted name: letters, digits, `_`, `$`, `#`.
    Word(String),
    /// A `"double-quoted"` text: a quoted name, a date mask or an SQL string
    /// (the parser knows which by its place). Doubled quotes are one quote.
    Quoted(String),
    /// A `'single-quoted'` string. Doubled quotes are one quote.
    Str(String),
    /// `X'09'` (or `x"09"`): the bytes, as text (each byte a char).
    Hex(String),
    /// An unsigned integer.
    Number(u64),
    /// Punctuation: `(` `)` `,` `:` `=` `*` `+` `-` `.` `;` `<>` `!=` `/`.
    Punct(&'static str),
    /// A templating placeholder, as written.
    Placeholder(String),
    /// The inline data after `BEGINDATA` (its range is the data's).
    Data,
    /// A character the language does not use, or an unterminated quote;
    /// the text says which.
    Error(&'static str),
}

/// A token and where it is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Token {
    /// What it is.
    pub tok: Tok,
    /// Its bytes in the file.
    pub range: Range<usize>,
}

/// Punctuation, longest first.
const PUNCT: [&str; 13] = [
    "<>", "!=", "(", ")", ",", ":", "=", "*", "+", "-", ".", ";", "/",
];

/// Every token of `text`, in order (comments and blanks skipped).
pub fn tokens(text: &str) -> Vec<Token> {
    let mut lexer = Lexer { text, pos: 0 };
    let mut out = Vec::new();
    while let Some(token) = lexer.next_token() {
        let begindata = matches!(&token.tok, Tok::Word(w) if w.eq_ignore_ascii_case("BEGINDATA"));
        out.push(token);
        if begindata {
            // The data starts on the line after BEGINDATA.
            let rest = &text[lexer.pos..];
            let start = lexer.pos + rest.find('\n').map_or(rest.len(), |i| i + 1);
            out.push(Token {
                tok: Tok::Data,
                range: start..text.len(),
            });
            break;
        }
    }
    out
}

struct Lexer<'a> {
    text: &'a str,
    pos: usize,
}

impl<'a> Lexer<'a> {
    fn rest(&self) -> &'a str {
        &self.text[self.pos..]
    }

    fn skip_blanks_and_comments(&mut self) {
        loop {
            let rest = self.rest();
            let trimmed = rest.trim_start();
            self.pos += rest.len() - trimmed.len();
            if trimmed.starts_with("--") {
                self.pos += trimmed.find('\n').unwrap_or(trimmed.len());
            } else {
                return;
            }
        }
    }

    fn next_token(&mut self) -> Option<Token> {
        self.skip_blanks_and_comments();
        let start = self.pos;
        let rest = self.rest();
        let c = rest.chars().next()?;
        let tok = if (c == 'x' || c == 'X') && rest[1..].starts_with(['\'', '"']) {
            self.pos += 1;
            let quote = self.rest().chars().next().unwrap_or('\'');
            match self.quoted(quote) {
                Some(hex) => match decode_hex(&hex) {
                    Some(bytes) => Tok::Hex(bytes),
                    None => Tok::Error("a hexadecimal string needs pairs of hex digits"),
                },
                None => Tok::Error("unterminated quote"),
            }
        } else if is_word_char(c) && c != '$' {
            let len = rest
                .find(|ch: char| !is_word_char(ch))
                .unwrap_or(rest.len());
            self.pos += len;
            let word = &rest[..len];
            if word.bytes().all(|b| b.is_ascii_digit()) {
                match word.parse() {
                    Ok(n) => Tok::Number(n),
                    Err(_) => Tok::Error("number too large"),
                }
            } else {
                Tok::Word(word.to_string())
            }
        } else if let Some(len) = placeholder_len(rest) {
            self.pos += len;
            Tok::Placeholder(rest[..len].to_string())
        } else if c == '"' || c == '\'' {
            match self.quoted(c) {
                Some(text) if c == '"' => Tok::Quoted(text),
                Some(text) => Tok::Str(text),
                None => Tok::Error("unterminated quote"),
            }
        } else if let Some(p) = PUNCT.iter().find(|p| rest.starts_with(**p)) {
            self.pos += p.len();
            Tok::Punct(p)
        } else {
            self.pos += c.len_utf8();
            Tok::Error("a character the control-file language does not use")
        };
        Some(Token {
            tok,
            range: start..self.pos,
        })
    }

    /// Reads a quoted text starting at the quote; `None` (and the rest of the
    /// file consumed) when it is not closed.
    fn quoted(&mut self, quote: char) -> Option<String> {
        let body = &self.text[self.pos + 1..];
        let mut value = String::new();
        let mut chars = body.char_indices().peekable();
        while let Some((i, ch)) = chars.next() {
            if ch == quote {
                if chars.peek().is_some_and(|&(_, next)| next == quote) {
                    chars.next();
                    value.push(quote);
                    continue;
                }
                self.pos += 1 + i + 1;
                return Some(value);
            }
            value.push(ch);
        }
        self.pos = self.text.len();
        None
    }
}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || c == '_' || c == '$' || c == '#'
}

/// The length of a placeholder at the start of `text`: `${NAME}`, `$NAME`,
/// `$1`, `&1`, `&&name`, `&name.`, `%NAME%`, `%1`.
pub fn placeholder_len(text: &str) -> Option<usize> {
    let bytes = text.as_bytes();
    let word = |from: usize| {
        text[from..]
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
            .unwrap_or(text.len() - from)
    };
    match bytes.first()? {
        b'$' if bytes.get(1) == Some(&b'{') => text.find('}').map(|end| end + 1),
        b'$' => Some(1 + word(1)).filter(|&n| n > 1),
        b'&' => {
            let from = if bytes.get(1) == Some(&b'&') { 2 } else { 1 };
            let n = word(from);
            if n == 0 {
                return None;
            }
            // SQL*Plus ends a substitution variable's name with an optional `.`.
            let dot = usize::from(bytes.get(from + n) == Some(&b'.'));
            Some(from + n + dot)
        }
        b'%' => {
            let n = word(1);
            if n == 0 {
                return None;
            }
            if bytes.get(1 + n) == Some(&b'%') {
                Some(n + 2)
            } else if bytes[1].is_ascii_digit() {
                Some(2)
            } else {
                None
            }
        }
        _ => None,
    }
}

/// `09` -> "\t": each pair of hex digits one character (byte value). An
/// odd count takes a leading zero: real control files write the tab `X'9'`.
fn decode_hex(hex: &str) -> Option<String> {
    if hex.is_empty() || !hex.is_ascii() {
        return None;
    }
    let padded = if hex.len().is_multiple_of(2) {
        hex.to_string()
    } else {
        format!("0{hex}")
    };
    (0..padded.len())
        .step_by(2)
        .map(|i| {
            u8::from_str_radix(padded.get(i..i + 2)?, 16)
                .ok()
                .map(char::from)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::{Tok, tokens};

    fn kinds(text: &str) -> Vec<Tok> {
        tokens(text).into_iter().map(|t| t.tok).collect()
    }

    #[test]
    fn words_strings_masks_and_hex() {
        assert_eq!(
            kinds("INTO TABLE \"Mixed\" FIELDS TERMINATED BY X'09' -- tab\n 'it''s' (1:5)"),
            vec![
                Tok::Word("INTO".into()),
                Tok::Word("TABLE".into()),
                Tok::Quoted("Mixed".into()),
                Tok::Word("FIELDS".into()),
                Tok::Word("TERMINATED".into()),
                Tok::Word("BY".into()),
                Tok::Hex("\t".into()),
                Tok::Str("it's".into()),
                Tok::Punct("("),
                Tok::Number(1),
                Tok::Punct(":"),
                Tok::Number(5),
                Tok::Punct(")"),
            ]
        );
    }

    #[test]
    fn placeholders_are_tokens_of_their_own() {
        assert_eq!(
            kinds("INFILE ${IN}/x.dat &1 $2 &&name. %DIR%"),
            vec![
                Tok::Word("INFILE".into()),
                Tok::Placeholder("${IN}".into()),
                Tok::Punct("/"),
                Tok::Word("x".into()),
                Tok::Punct("."),
                Tok::Word("dat".into()),
                Tok::Placeholder("&1".into()),
                Tok::Placeholder("$2".into()),
                Tok::Placeholder("&&name.".into()),
                Tok::Placeholder("%DIR%".into()),
            ]
        );
    }

    #[test]
    fn begindata_ends_the_tokens() {
        let text = "LOAD DATA INFILE * BEGINDATA\n1,a\n2,'b\n";
        let toks = tokens(text);
        let data = toks.last().unwrap();
        assert_eq!(data.tok, Tok::Data);
        assert_eq!(&text[data.range.clone()], "1,a\n2,'b\n");
    }

    #[test]
    fn unterminated_quote_and_stray_character_are_error_tokens() {
        assert_eq!(kinds("'abc"), vec![Tok::Error("unterminated quote")]);
        assert!(matches!(kinds("@")[0], Tok::Error(_)));
        assert_eq!(kinds("X'9'"), vec![Tok::Hex("\t".into())]);
    }
}
