//! The parser's view of the token stream: lookahead, keyword tests, names,
//! and the error helpers every part of the parser shares.

use std::collections::VecDeque;

use crate::diag::{Code, Diagnostic, FileId, Span};
use crate::plsql::ast::{ByteRange, Comment, Name, QualifiedIdent};
use crate::plsql::lexer::{Lexer, Token, TokenKind};

/// A parse step failed; its diagnostic is already recorded.
#[derive(Debug)]
pub(crate) struct Failed;

/// The result of a parse step.
pub(crate) type PResult<T> = Result<T, Failed>;

/// Words that end or structure a block: never an identifier, and never part
/// of an expression at its top level (except CASE's own THEN/ELSE/END).
const STRUCTURE_WORDS: [&str; 11] = [
    "BEGIN",
    "DECLARE",
    "ELSE",
    "ELSIF",
    "END",
    "EXCEPTION",
    "IS",
    "LOOP",
    "THEN",
    "WHEN",
    "AS",
];

/// Keywords whose comments go to the first statement or declaration after
/// them: the keyword has no place of its own in the tree.
const CARRIES_COMMENTS: [&str; 10] = [
    "AS",
    "BEGIN",
    "DECLARE",
    "ELSE",
    "ELSIF",
    "EXCEPTION",
    "IS",
    "LOOP",
    "THEN",
    "WHEN",
];

/// The token stream of one file, with the diagnostics raised so far.
pub(crate) struct Parser<'a> {
    pub(crate) file: FileId,
    pub(crate) text: &'a str,
    lexer: Lexer<'a>,
    ahead: VecDeque<Token>,
    /// End of the last consumed token.
    pub(crate) prev_end: usize,
    /// Comments before a keyword that opens a statement list or a section
    /// (`-- no rows` before ELSE, `-- main part` before BEGIN), kept for the
    /// first statement or declaration after it.
    carry: Vec<Comment>,
    pub(crate) diagnostics: Vec<Diagnostic>,
}

impl<'a> Parser<'a> {
    pub(crate) fn new(file: FileId, text: &'a str) -> Self {
        Self {
            file,
            text,
            lexer: Lexer::new(text),
            ahead: VecDeque::new(),
            prev_end: 0,
            carry: Vec::new(),
            diagnostics: Vec::new(),
        }
    }

    /// The token `n` places ahead (0: the next one).
    pub(crate) fn nth(&mut self, n: usize) -> &Token {
        while self.ahead.len() <= n {
            let token = self.lexer.next_token();
            self.ahead.push_back(token);
        }
        &self.ahead[n]
    }

    /// The next token.
    pub(crate) fn peek(&mut self) -> &Token {
        self.nth(0)
    }

    /// Consumes the next token (the end of the text stays where it is).
    pub(crate) fn bump(&mut self) -> Token {
        let token = self.peek().clone();
        if token.kind != TokenKind::Eof {
            self.ahead.pop_front();
            self.prev_end = token.range.end;
        }
        token
    }

    /// Skips the rest of the line holding `offset`, forgetting the lookahead.
    pub(crate) fn skip_line(&mut self, offset: usize) {
        self.ahead.clear();
        self.lexer.skip_line(offset);
        self.prev_end = offset;
    }

    /// The text of a range of the file.
    pub(crate) fn slice(&self, range: &ByteRange) -> &'a str {
        &self.text[range.clone()]
    }

    /// True when the token `n` ahead is the word `word` (any case).
    pub(crate) fn nth_is(&mut self, n: usize, word: &str) -> bool {
        let token = self.nth(n).clone();
        token.kind == TokenKind::Word && self.slice(&token.range).eq_ignore_ascii_case(word)
    }

    /// The text of the token `n` ahead, in upper case.
    pub(crate) fn nth_upper(&mut self, n: usize) -> String {
        let range = self.nth(n).range.clone();
        self.slice(&range).to_ascii_uppercase()
    }

    /// True when the next token is the word `word`.
    pub(crate) fn at(&mut self, word: &str) -> bool {
        self.nth_is(0, word)
    }

    /// True when the next token is one of `words`.
    pub(crate) fn at_any(&mut self, words: &[&str]) -> bool {
        words.iter().any(|w| self.at(w))
    }

    /// True when the token `n` ahead is the operator `op`.
    pub(crate) fn nth_op(&mut self, n: usize, op: &str) -> bool {
        matches!(self.nth(n).kind, TokenKind::Op(o) if o == op)
    }

    /// True when the next token is the operator `op`.
    pub(crate) fn at_op(&mut self, op: &str) -> bool {
        self.nth_op(0, op)
    }

    /// Consumes the word `word` if it is next.
    pub(crate) fn eat(&mut self, word: &str) -> bool {
        let yes = self.at(word);
        if yes {
            self.bump_keyword();
        }
        yes
    }

    /// Consumes a keyword; the comments before one that opens a statement
    /// list or a section are kept for what follows it.
    pub(crate) fn bump_keyword(&mut self) -> Token {
        let token = self.bump();
        let word = self.slice(&token.range);
        if CARRIES_COMMENTS
            .iter()
            .any(|w| w.eq_ignore_ascii_case(word))
        {
            self.carry.extend(token.comments.iter().cloned());
        }
        token
    }

    /// Forgets carried comments (at the start of a unit).
    pub(crate) fn drop_carried_comments(&mut self) {
        self.carry.clear();
    }

    /// Consumes the operator `op` if it is next.
    pub(crate) fn eat_op(&mut self, op: &str) -> bool {
        let yes = self.at_op(op);
        if yes {
            self.bump();
        }
        yes
    }

    /// Consumes the word `word` or reports what is there instead.
    pub(crate) fn expect(&mut self, word: &str) -> PResult<Token> {
        if self.at(word) {
            Ok(self.bump_keyword())
        } else {
            Err(self.unexpected(&format!("`{word}`")))
        }
    }

    /// Consumes the operator `op` or reports what is there instead.
    pub(crate) fn expect_op(&mut self, op: &str) -> PResult<Token> {
        if self.at_op(op) {
            Ok(self.bump())
        } else {
            Err(self.unexpected(&format!("`{op}`")))
        }
    }

    /// The comments before the next token (for the item it starts), after
    /// those carried from the keyword before it.
    pub(crate) fn leading_comments(&mut self) -> Vec<Comment> {
        let mut comments = std::mem::take(&mut self.carry);
        comments.extend(self.peek().comments.iter().cloned());
        comments
    }

    /// True when the next token is a word that structures blocks.
    pub(crate) fn at_structure_word(&mut self) -> bool {
        STRUCTURE_WORDS.iter().any(|w| self.nth_is(0, w))
    }

    /// An identifier: a word that is not a structure word, or a quoted one.
    pub(crate) fn name(&mut self, what: &str) -> PResult<Name> {
        let token = self.peek().clone();
        match token.kind {
            TokenKind::Word if !self.at_structure_word() => {
                self.bump();
                Ok(Name {
                    text: self.slice(&token.range).to_string(),
                    quoted: false,
                    range: token.range,
                })
            }
            TokenKind::QuotedIdent => {
                self.bump();
                let inner = token.range.start + 1..token.range.end - 1;
                Ok(Name {
                    text: self.slice(&inner).to_string(),
                    quoted: true,
                    range: token.range,
                })
            }
            _ => Err(self.unexpected(what)),
        }
    }

    /// True when the next token can start a name.
    pub(crate) fn at_name(&mut self) -> bool {
        match self.peek().kind {
            TokenKind::Word => !self.at_structure_word(),
            TokenKind::QuotedIdent => true,
            _ => false,
        }
    }

    /// `a`, `a.b`, `a.b.c` (and `a.b@link`, the link kept as the last part's
    /// neighbour in the range for the translator to report).
    pub(crate) fn qualified(&mut self, what: &str) -> PResult<QualifiedIdent> {
        let first = self.name(what)?;
        let start = first.range.start;
        let mut parts = vec![first];
        while self.at_op(".")
            && matches!(self.nth(1).kind, TokenKind::Word | TokenKind::QuotedIdent)
        {
            self.bump();
            parts.push(self.name(what)?);
        }
        // `name@link`; an `@` starting the next line is SQL*Plus's `@file`.
        let at = self.peek().range.start;
        if self.at_op("@") && !self.starts_line(at) {
            self.bump();
            self.qualified("a database link name")?;
        }
        Ok(QualifiedIdent {
            parts,
            range: start..self.prev_end,
        })
    }

    /// `expected X, found Y`, at the next token (a lexer error reports itself).
    pub(crate) fn unexpected(&mut self, expected: &str) -> Failed {
        let token = self.peek().clone();
        if let TokenKind::Error(message) = token.kind {
            return self.lex_error(message, token.range);
        }
        let found = self.describe(&token);
        self.error(
            token.range.clone(),
            format!("expected {expected}, found {found}"),
            format!("expected {expected} here"),
            help_for(expected),
        )
    }

    fn lex_error(&mut self, message: &'static str, range: ByteRange) -> Failed {
        let help = if message.starts_with("unterminated comment") {
            "close the comment with `*/`".to_string()
        } else if message.starts_with("unterminated q-quoted") {
            let close = match self.slice(&range).chars().last() {
                Some('[') => ']',
                Some('{') => '}',
                Some('<') => '>',
                Some('(') => ')',
                Some(other) => other,
                None => ']',
            };
            format!(
                "close it with `{close}'`: a q-quoted string ends with its closing delimiter and a quote"
            )
        } else if message.starts_with("unterminated or empty quoted") {
            "close the identifier with `\"`; a quoted identifier is not empty".to_string()
        } else if message.contains("substitution variable") {
            "write the value itself, or pass it as a parameter of the procedure".to_string()
        } else if message.starts_with("unterminated") {
            "close the string with `'`; a quote inside a string is doubled (`'it''s'`)".to_string()
        } else {
            "remove the character, or put it in a string or a quoted identifier".to_string()
        };
        let label = if message.starts_with("unterminated") {
            "starts here"
        } else {
            "here"
        };
        self.error(range, message.to_string(), label.to_string(), &help)
    }

    /// How a token is named in messages.
    pub(crate) fn describe(&self, token: &Token) -> String {
        match token.kind {
            TokenKind::Eof => "the end of the file".to_string(),
            TokenKind::Terminator => "`/`, the end of the unit".to_string(),
            _ => {
                let text = self.slice(&token.range);
                let short: String = text.chars().take(40).collect();
                format!("`{short}`")
            }
        }
    }

    /// Records a `plsql::syntax` error.
    pub(crate) fn error(
        &mut self,
        range: ByteRange,
        message: String,
        label: String,
        help: &str,
    ) -> Failed {
        let diagnostic = Diagnostic::new(Code::PlsqlSyntax, Span::new(self.file, range), message)
            .label(label)
            .help(help);
        self.diagnostics.push(diagnostic);
        Failed
    }
}

/// The help line of an `expected X` error, by what was expected.
fn help_for(expected: &str) -> &'static str {
    const HELPS: [(&str, &str); 8] = [
        (
            "`/`",
            "a unit ends with its END and `;`, then `/` alone on a line; anything else starts the next unit after that line",
        ),
        ("`;`", "end each statement and declaration with `;`"),
        ("`THEN`", "IF, ELSIF and WHEN conditions end with THEN"),
        (
            "`LOOP`",
            "WHILE and FOR need LOOP before the loop's statements",
        ),
        (
            "`END",
            "every BEGIN, IF, LOOP and CASE needs its END; check the statements above",
        ),
        (
            "IS or AS",
            "a routine's or package's heading ends with IS or AS before its declarations",
        ),
        (
            "`WHEN`",
            "an EXCEPTION section holds handlers: `WHEN name THEN statements`",
        ),
        ("`)`", "close each `(`; arguments are separated by `,`"),
    ];
    HELPS.iter().find(|(key, _)| expected.contains(key)).map_or(
        "fix the PL/SQL at this point; eltc reads Oracle's block syntax",
        |(_, help)| help,
    )
}
