//! The PL/SQL lexer: source text into tokens, each with its byte range and
//! the comments just before it.
//!
//! The lexer is pulled one token at a time by the parser rather than run over
//! the whole file first, because SQL*Plus commands are lines, not tokens:
//! `PROMPT it's done` has an apostrophe that is no string, so the parser skips
//! such a line with [`Lexer::skip_line`] and lexing starts again after it.
//!
//! Errors (an unterminated string, q-quote, quoted identifier or comment, a
//! character PL/SQL does not use) become [`TokenKind::Error`] tokens with
//! their message: the parser reports them where it meets them.

use super::ast::{ByteRange, Comment};

/// What a token is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TokenKind {
    /// An unquoted identifier or keyword (case-insensitive).
    Word,
    /// A `"quoted identifier"`; the range covers the quotes.
    QuotedIdent,
    /// A string literal: `'...'`, `N'...'`, `q'[...]'`.
    Str,
    /// A numeric literal: `1`, `1.5`, `1e3`, `.5`, `2.`.
    Number,
    /// A bind variable: `:name` or `:1`.
    Bind,
    /// An operator or punctuation, as written: `:=`, `(`, `;`, `..`, `<<` ...
    Op(&'static str),
    /// `/` alone on its line: the SQL*Plus end of a unit.
    Terminator,
    /// Text that is no token; the message says why.
    Error(&'static str),
    /// The end of the text.
    Eof,
}

/// One token.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Token {
    /// What it is.
    pub kind: TokenKind,
    /// Where it is.
    pub range: ByteRange,
    /// The comments between the previous token and this one.
    pub comments: Vec<Comment>,
}

/// Operators, longest first so that `:=` is not read as `:` then `=`.
const OPERATORS: [&str; 30] = [
    "**", ":=", "=>", "..", "||", "<>", "!=", "^=", "~=", "<=", ">=", "<<", ">>", "(", ")", ",",
    ";", ".", "%", "+", "-", "*", "/", "=", "<", ">", "@", ":", "[", "]",
];

/// A pull lexer over one file's text.
pub struct Lexer<'a> {
    text: &'a str,
    pos: usize,
}

impl<'a> Lexer<'a> {
    /// A lexer at the start of `text`.
    pub fn new(text: &'a str) -> Self {
        Self { text, pos: 0 }
    }

    /// Moves to the start of the line after the one holding `offset` (or to
    /// the end of the text): the rest of that line is not lexed.
    pub fn skip_line(&mut self, offset: usize) {
        let offset = offset.min(self.text.len());
        self.pos = match self.text[offset..].find('\n') {
            Some(i) => offset + i + 1,
            None => self.text.len(),
        };
    }

    /// The next token, with the comments before it.
    pub fn next_token(&mut self) -> Token {
        let mut comments = Vec::new();
        loop {
            self.skip_whitespace();
            match self.comment() {
                Some(Ok(comment)) => comments.push(comment),
                Some(Err(token)) => return Token { comments, ..token },
                None => break,
            }
        }
        let start = self.pos;
        let kind = self.token_kind();
        let end = match kind {
            // An unterminated literal runs to the end of the text: the token
            // is its opening, where the caret belongs.
            TokenKind::Error(message) if message.starts_with("unterminated") => {
                start + opening(&self.text[start..self.pos])
            }
            _ => self.pos,
        };
        Token {
            kind,
            range: start..end,
            comments,
        }
    }

    fn rest(&self) -> &'a str {
        &self.text[self.pos..]
    }

    fn peek_char(&self, n: usize) -> Option<char> {
        self.rest().chars().nth(n)
    }

    fn skip_whitespace(&mut self) {
        let rest = self.rest();
        // A byte order mark (files saved by Windows editors) is whitespace here.
        let trimmed = rest.trim_start_matches(|c: char| c.is_whitespace() || c == '\u{feff}');
        self.pos += rest.len() - trimmed.len();
    }

    /// A comment at the current position, if any; an unterminated `/*` is an
    /// error token.
    fn comment(&mut self) -> Option<Result<Comment, Token>> {
        let start = self.pos;
        let rest = self.rest();
        if rest.starts_with("--") {
            let len = rest.find('\n').unwrap_or(rest.len());
            self.pos += len;
            let text = rest[2..len].trim().to_string();
            return Some(Ok(Comment {
                text,
                range: start..self.pos,
            }));
        }
        if let Some(body) = rest.strip_prefix("/*") {
            let Some(end) = body.find("*/") else {
                self.pos = self.text.len();
                // The error token covers the `/*`; the rest is not lexed.
                return Some(Err(Token {
                    kind: TokenKind::Error("unterminated comment: `/*` without `*/`"),
                    range: start..start + 2,
                    comments: Vec::new(),
                }));
            };
            self.pos += end + 4;
            let text = body[..end].trim().to_string();
            return Some(Ok(Comment {
                text,
                range: start..self.pos,
            }));
        }
        None
    }

    fn token_kind(&mut self) -> TokenKind {
        let Some(c) = self.peek_char(0) else {
            return TokenKind::Eof;
        };
        if let Some(kind) = self.prefixed_string(c) {
            return kind;
        }
        if is_ident_start(c) {
            self.eat_while(is_ident_char);
            return TokenKind::Word;
        }
        if c.is_ascii_digit() || (c == '.' && self.peek_char(1).is_some_and(|d| d.is_ascii_digit()))
        {
            return self.number();
        }
        match c {
            '\'' => self.string(1),
            '"' => self.quoted_ident(),
            ':' if self.peek_char(1).is_some_and(is_ident_char) => {
                self.pos += 1;
                self.eat_while(is_ident_char);
                TokenKind::Bind
            }
            '&' => {
                self.pos += 1;
                self.eat_while(|c| c == '&');
                self.eat_while(is_ident_char);
                TokenKind::Error(
                    "a SQL*Plus substitution variable (`&name`), which eltc does not substitute",
                )
            }
            '/' if self.alone_on_line() => {
                self.pos += 1;
                TokenKind::Terminator
            }
            _ => self.operator(c),
        }
    }

    fn operator(&mut self, c: char) -> TokenKind {
        let rest = self.rest();
        match OPERATORS.iter().find(|op| rest.starts_with(**op)) {
            Some(op) => {
                self.pos += op.len();
                TokenKind::Op(op)
            }
            None => {
                self.pos += c.len_utf8();
                TokenKind::Error("a character PL/SQL does not use here")
            }
        }
    }

    /// `N'...'`, `q'[...]'`, `nq'...'`: a string with a letter prefix.
    fn prefixed_string(&mut self, c: char) -> Option<TokenKind> {
        let rest = self.rest().as_bytes();
        let lower = |i: usize| rest.get(i).map(u8::to_ascii_lowercase);
        let (prefix, quoted) = match (c.to_ascii_lowercase(), lower(1), lower(2)) {
            ('n', Some(b'\''), _) => (1, false),
            ('q', Some(b'\''), _) => (1, true),
            ('n', Some(b'q'), Some(b'\'')) => (2, true),
            _ => return None,
        };
        Some(if quoted {
            self.q_quote(prefix)
        } else {
            self.string(prefix + 1)
        })
    }

    /// `q'<open>...<close>'`: no escapes; the text ends at `<close>'`.
    fn q_quote(&mut self, prefix: usize) -> TokenKind {
        let start = self.pos;
        let Some(open) = self.text[start + prefix + 1..].chars().next() else {
            self.pos = self.text.len();
            return TokenKind::Error("unterminated q-quoted string");
        };
        if open.is_whitespace() {
            self.pos = start + prefix + 1;
            return TokenKind::Error("a q-quoted string needs a delimiter after `q'`");
        }
        let close = match open {
            '[' => ']',
            '{' => '}',
            '<' => '>',
            '(' => ')',
            other => other,
        };
        let body = start + prefix + 1 + open.len_utf8();
        let mut end_marker = String::new();
        end_marker.push(close);
        end_marker.push('\'');
        match self.text[body..].find(&end_marker) {
            Some(i) => {
                self.pos = body + i + end_marker.len();
                TokenKind::Str
            }
            None => {
                self.pos = self.text.len();
                TokenKind::Error("unterminated q-quoted string: no closing delimiter and quote")
            }
        }
    }

    /// `'...'` with `''` for a quote, starting `skip` bytes before the body.
    fn string(&mut self, skip: usize) -> TokenKind {
        let mut i = self.pos + skip;
        let bytes = self.text.as_bytes();
        while i < bytes.len() {
            if bytes[i] == b'\'' {
                if bytes.get(i + 1) == Some(&b'\'') {
                    i += 2;
                    continue;
                }
                self.pos = i + 1;
                return TokenKind::Str;
            }
            i += 1;
        }
        self.pos = self.text.len();
        TokenKind::Error("unterminated string: no closing quote")
    }

    fn quoted_ident(&mut self) -> TokenKind {
        match self.text[self.pos + 1..].find('"') {
            Some(i) if i > 0 && !self.text[self.pos + 1..self.pos + 1 + i].contains('\n') => {
                self.pos += i + 2;
                TokenKind::QuotedIdent
            }
            _ => {
                self.pos += 1;
                TokenKind::Error("unterminated or empty quoted identifier")
            }
        }
    }

    /// Digits, an optional fraction (not when `..` follows: `1..10` is a
    /// range), an optional exponent.
    fn number(&mut self) -> TokenKind {
        self.eat_while(|c| c.is_ascii_digit());
        if self.peek_char(0) == Some('.') && self.peek_char(1) != Some('.') {
            self.pos += 1;
            self.eat_while(|c| c.is_ascii_digit());
        }
        if matches!(self.peek_char(0), Some('e' | 'E')) {
            let sign = usize::from(matches!(self.peek_char(1), Some('+' | '-')));
            if self.peek_char(1 + sign).is_some_and(|c| c.is_ascii_digit()) {
                self.pos += 1 + sign;
                self.eat_while(|c| c.is_ascii_digit());
            }
        }
        TokenKind::Number
    }

    fn eat_while(&mut self, keep: impl Fn(char) -> bool) {
        let rest = self.rest();
        let len = rest.find(|c| !keep(c)).unwrap_or(rest.len());
        self.pos += len;
    }

    /// True when the `/` at the current position is the only thing on its line.
    fn alone_on_line(&self) -> bool {
        let line_start = self.text[..self.pos].rfind('\n').map_or(0, |i| i + 1);
        let before = &self.text[line_start..self.pos];
        let after = &self.rest()[1..];
        let line_end = after.find('\n').unwrap_or(after.len());
        before.trim().is_empty() && after[..line_end].trim().is_empty()
    }
}

/// The length of the opening of an unterminated literal: `'`, `N'`,
/// `q'[`, `"`, `/*`.
fn opening(text: &str) -> usize {
    let quote = text.find(['\'', '"']).map_or(0, |i| i + 1);
    let q_quoted = quote >= 2 && text[..quote - 1].to_ascii_lowercase().ends_with('q');
    let delimiter = if q_quoted {
        text[quote..].chars().next().map_or(0, char::len_utf8)
    } else {
        0
    };
    let len = quote + delimiter;
    if len == 0 {
        text.chars().next().map_or(0, char::len_utf8)
    } else {
        len
    }
}

fn is_ident_start(c: char) -> bool {
    c.is_alphabetic()
}

fn is_ident_char(c: char) -> bool {
    c.is_alphanumeric() || matches!(c, '_' | '$' | '#')
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lex(text: &str) -> Vec<(TokenKind, &str)> {
        let mut lexer = Lexer::new(text);
        let mut out = Vec::new();
        loop {
            let token = lexer.next_token();
            if token.kind == TokenKind::Eof {
                return out;
            }
            out.push((token.kind, &text[token.range]));
        }
    }

    #[test]
    fn words_numbers_and_operators() {
        let tokens = lex("v_x := a.b ** 2 || 'it''s' <> .5;");
        let texts: Vec<&str> = tokens.iter().map(|t| t.1).collect();
        assert_eq!(
            texts,
            [
                "v_x", ":=", "a", ".", "b", "**", "2", "||", "'it''s'", "<>", ".5", ";"
            ]
        );
        assert_eq!(tokens[8].0, TokenKind::Str);
        assert_eq!(tokens[10].0, TokenKind::Number);
    }

    #[test]
    fn numbers_stop_before_a_range() {
        let texts: Vec<&str> = lex("1..10 1.5 1e3 2. 1.5E-3 7e")
            .iter()
            .map(|t| t.1)
            .collect();
        assert_eq!(
            texts,
            ["1", "..", "10", "1.5", "1e3", "2.", "1.5E-3", "7", "e"]
        );
    }

    #[test]
    fn q_quotes_with_each_delimiter() {
        for text in [
            "q'[it's]'",
            "Q'{a}b}'",
            "q'<x>'",
            "q'(y)'",
            "q'!z!'",
            "nq'[n]'",
        ] {
            assert_eq!(lex(text), [(TokenKind::Str, text)], "{text}");
        }
        assert_eq!(lex("N'abc'"), [(TokenKind::Str, "N'abc'")]);
    }

    #[test]
    fn unterminated_literals_are_error_tokens() {
        for text in ["'abc", "q'[abc]", "\"abc", "/* abc"] {
            let tokens = lex(text);
            assert!(
                matches!(tokens[0].0, TokenKind::Error(_)),
                "{text}: {tokens:?}"
            );
        }
    }

    #[test]
    fn error_tokens_cover_the_opening() {
        for (text, opening) in [
            ("'abc\ndef", "'"),
            ("q'[abc", "q'["),
            ("Nq'{abc", "Nq'{"),
            ("\"abc", "\""),
            ("/* abc", "/*"),
            ("? x", "?"),
            ("&&schema..t", "&&schema"),
        ] {
            let token = Lexer::new(text).next_token();
            assert!(matches!(token.kind, TokenKind::Error(_)), "{text}");
            assert_eq!(&text[token.range], opening, "{text}");
        }
    }

    #[test]
    fn comments_attach_to_the_next_token() {
        let text = "-- one\n/* two */ x";
        let mut lexer = Lexer::new(text);
        let token = lexer.next_token();
        assert_eq!(&text[token.range], "x");
        let comments: Vec<&str> = token.comments.iter().map(|c| c.text.as_str()).collect();
        assert_eq!(comments, ["one", "two"]);
        assert_eq!(&text[token.comments[1].range.clone()], "/* two */");
    }

    #[test]
    fn slash_alone_on_its_line_ends_a_unit() {
        let tokens = lex("END;\n  /  \na / b");
        let kinds: Vec<&TokenKind> = tokens.iter().map(|t| &t.0).collect();
        assert_eq!(kinds[2], &TokenKind::Terminator);
        assert_eq!(kinds[4], &TokenKind::Op("/"));
    }

    #[test]
    fn binds_quoted_identifiers_and_labels() {
        let tokens = lex("<<outer>> :new_val \"Mixed Case\" x@dblink");
        let texts: Vec<&str> = tokens.iter().map(|t| t.1).collect();
        assert_eq!(
            texts,
            [
                "<<",
                "outer",
                ">>",
                ":new_val",
                "\"Mixed Case\"",
                "x",
                "@",
                "dblink"
            ]
        );
        assert_eq!(tokens[3].0, TokenKind::Bind);
        assert_eq!(tokens[4].0, TokenKind::QuotedIdent);
    }

    #[test]
    fn a_byte_order_mark_is_skipped() {
        assert_eq!(lex("\u{feff}BEGIN"), [(TokenKind::Word, "BEGIN")]);
    }

    #[test]
    fn skip_line_resumes_on_the_next_line() {
        let text = "PROMPT it's done\nx";
        let mut lexer = Lexer::new(text);
        let first = lexer.next_token();
        lexer.skip_line(first.range.start);
        assert_eq!(&text[lexer.next_token().range], "x");
    }
}
