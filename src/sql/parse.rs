//! The only module that calls sqlparser's tokenizer and parser.
//!
//! SQL is tokenized once; the token stream is split on top-level semicolons
//! and each statement parsed on its own, so one bad statement does not hide
//! the errors of the next ones. sqlparser reports errors as strings with the
//! position baked in (`... at Line: X, Column: Y`); `parse_error` is the one
//! place turning them into `sql::parse` diagnostics with a span inside the SQL
//! file. Nothing here translates or checks meaning.

use std::ops::Range;

use sqlparser::ast::{Expr, Statement};
use sqlparser::dialect::{
    Dialect as SqlDialect, OracleDialect, PostgreSqlDialect, RedshiftSqlDialect, SnowflakeDialect,
};
use sqlparser::parser::{Parser, ParserError};
use sqlparser::tokenizer::{Location, Token, TokenWithSpan, Tokenizer};

use super::oracle_clauses::{self, Prepared};
use super::span::SqlSource;
use crate::diag::{Code, Diagnostic};
use crate::spec::model::Dialect;

/// One statement of an SQL text with the byte range (in the text) it came from.
#[derive(Clone, Debug)]
pub struct ParsedStatement {
    /// The statement.
    pub statement: Statement,
    /// Its byte range in the SQL text, semicolon excluded.
    pub range: Range<usize>,
}

fn sqlparser_dialect(dialect: Dialect) -> &'static dyn SqlDialect {
    match dialect {
        Dialect::Oracle => &OracleDialect {},
        Dialect::Redshift => &RedshiftSqlDialect {},
    }
}

/// Tokenizes `source` in `dialect`; a tokenizer error becomes a diagnostic.
pub(crate) fn tokenize(
    source: &SqlSource<'_>,
    dialect: Dialect,
) -> Result<Vec<TokenWithSpan>, Box<Diagnostic>> {
    // Sized once rather than grown by doubling, each step copying every
    // token: Oracle ELT SQL has about one token per 2.3 bytes (each run of
    // whitespace is a token; measured on benches/gen_oracle_corpus.py's
    // corpus), so half the byte count covers nearly every statement.
    let mut tokens = Vec::with_capacity(source.text.len() / 2 + 16);
    Tokenizer::new(sqlparser_dialect(dialect), source.text)
        .tokenize_with_location_into_buf(&mut tokens)
        .map(|()| tokens)
        .map_err(|error| {
            let span = source
                .point(error.location)
                .unwrap_or_else(|| source.whole());
            Diagnostic::new(
                Code::SqlParse,
                span,
                format!("the SQL does not tokenize: {}", lower_first(&error.message)),
            )
            .label("here")
            .help("check quotes and comments around this point")
            .into()
        })
}

/// The bind variables (`:name`, lower case) of `text`, in order of appearance,
/// for the check that every declared parameter is used. Text that does not
/// tokenize has none here; parsing it reports the error.
pub fn placeholders(text: &str, dialect: Dialect) -> Vec<String> {
    Tokenizer::new(sqlparser_dialect(dialect), text)
        .tokenize()
        .map(|tokens| {
            tokens
                .into_iter()
                .filter_map(|token| match token {
                    Token::Placeholder(name) => name.strip_prefix(':').map(str::to_ascii_lowercase),
                    _ => None,
                })
                .collect()
        })
        .unwrap_or_default()
}

pub(crate) fn is_trivia(token: &Token) -> bool {
    matches!(token, Token::Whitespace(_) | Token::EOF)
}

/// Splits tokens into statements at semicolons outside parentheses; chunks of
/// whitespace and comments only are dropped.
pub(crate) fn split_statements(tokens: Vec<TokenWithSpan>) -> Vec<Vec<TokenWithSpan>> {
    let mut chunks = Vec::new();
    let mut current = Vec::new();
    let mut depth = 0usize;
    for token in tokens {
        match token.token {
            Token::LParen => depth += 1,
            Token::RParen => depth = depth.saturating_sub(1),
            Token::SemiColon if depth == 0 => {
                chunks.push(std::mem::take(&mut current));
                continue;
            }
            _ => {}
        }
        current.push(token);
    }
    chunks.push(current);
    chunks.retain(|chunk| chunk.iter().any(|token| !is_trivia(&token.token)));
    chunks
}

/// Byte range of a chunk's significant tokens in the text.
fn chunk_range(source: &SqlSource<'_>, chunk: &[TokenWithSpan]) -> Range<usize> {
    let mut significant = chunk.iter().filter(|token| !is_trivia(&token.token));
    let first = significant.next();
    let last = significant.next_back().or(first);
    let start = first.and_then(|t| source.offset(t.span.start)).unwrap_or(0);
    let end = last
        .and_then(|t| source.offset(t.span.end))
        .unwrap_or(source.text.len());
    start..end.max(start)
}

/// Parses every statement of `source`. Statements that parse are returned even
/// when others do not; each failure is one `sql::parse` diagnostic.
pub fn parse_statements(
    source: &SqlSource<'_>,
    dialect: Dialect,
) -> (Vec<ParsedStatement>, Vec<Diagnostic>) {
    let tokens = match tokenize(source, dialect) {
        Ok(tokens) => tokens,
        Err(diagnostic) => return (Vec::new(), vec![*diagnostic]),
    };
    let mut statements = Vec::new();
    let mut diagnostics = Vec::new();
    for chunk in split_statements(tokens) {
        match parse_chunk(source, dialect, chunk) {
            Ok(parsed) => statements.extend(parsed),
            Err(diagnostic) => diagnostics.push(*diagnostic),
        }
    }
    (statements, diagnostics)
}

/// Parses the tokens of one statement (a chunk of [`split_statements`]);
/// a failure is one `sql::parse` diagnostic. An Oracle statement sqlparser
/// does not read (ALTER SESSION, ...) gives instead the diagnostic that says
/// what became of it, a warning when it is left out
/// ([`oracle_clauses::prepare`]).
pub(crate) fn parse_chunk(
    source: &SqlSource<'_>,
    dialect: Dialect,
    chunk: Vec<TokenWithSpan>,
) -> Result<Vec<ParsedStatement>, Box<Diagnostic>> {
    let range = chunk_range(source, &chunk);
    let chunk = match dialect {
        Dialect::Oracle => match oracle_clauses::prepare(source, &range, chunk) {
            Prepared::Parse(chunk) => chunk,
            Prepared::Handled(diagnostic) => return Err(diagnostic),
        },
        Dialect::Redshift => chunk,
    };
    let parser_dialect = if dialect == Dialect::Oracle && is_multi_table_insert(&chunk) {
        // OracleDialect rejects INSERT ALL / INSERT FIRST; Snowflake's
        // multi-table INSERT has Oracle's grammar and an AST for it.
        &SnowflakeDialect {} as &dyn SqlDialect
    } else {
        sqlparser_dialect(dialect)
    };
    let untranslated = match dialect {
        Dialect::Oracle => oracle_clauses::untranslated_kind(&chunk),
        Dialect::Redshift => None,
    };
    let mut parser = Parser::new(parser_dialect).with_tokens_with_locations(chunk);
    match parser.parse_statements() {
        Ok(parsed) => Ok(parsed
            .into_iter()
            .map(|statement| ParsedStatement {
                statement,
                range: range.clone(),
            })
            .collect()),
        Err(error) => Err(match untranslated {
            Some(kind) => oracle_clauses::not_translated(source, &range, kind),
            None => parse_error(source, &error, &range),
        }
        .into()),
    }
}

/// True when a chunk starts with `INSERT ALL` or `INSERT FIRST`.
fn is_multi_table_insert(chunk: &[TokenWithSpan]) -> bool {
    let mut words = chunk
        .iter()
        .filter(|t| !is_trivia(&t.token))
        .map(|t| match &t.token {
            Token::Word(word) => word.value.as_str(),
            _ => "",
        });
    words
        .next()
        .is_some_and(|w| w.eq_ignore_ascii_case("INSERT"))
        && words
            .next()
            .is_some_and(|w| w.eq_ignore_ascii_case("ALL") || w.eq_ignore_ascii_case("FIRST"))
}

/// Parses SQL that eltc composed itself (a CONNECT BY rewrite, mapped DDL,
/// the statements of PL/SQL rewrites) in `dialect`. Its nodes' positions are in
/// `text`, not in any file: the translator reports them at the statement
/// they came from. An error here is an eltc bug, returned as text.
pub fn parse_synthetic(text: &str, dialect: Dialect) -> Result<Vec<Statement>, String> {
    Parser::parse_sql(sqlparser_dialect(dialect), text).map_err(|error| error.to_string())
}

/// Parses one expression eltc composed itself, in `dialect` (see
/// [`parse_synthetic`]).
pub fn parse_synthetic_expr(text: &str, dialect: Dialect) -> Result<Expr, String> {
    Parser::new(sqlparser_dialect(dialect))
        .try_with_sql(text)
        .and_then(|mut parser| parser.parse_expr())
        .map_err(|error| error.to_string())
}

/// Parses one PostgreSQL expression eltc composed itself (the PostgreSQL
/// target's spelling of a Redshift built-in, src/target/postgres.rs).
pub fn parse_synthetic_postgres_expr(text: &str) -> Result<Expr, String> {
    Parser::new(&PostgreSqlDialect {})
        .try_with_sql(text)
        .and_then(|mut parser| parser.parse_expr())
        .map_err(|error| error.to_string())
}

/// Parses `source` as one expression (a source column's `expr`).
pub fn parse_expr(source: &SqlSource<'_>, dialect: Dialect) -> (Option<Expr>, Vec<Diagnostic>) {
    let tokens = match tokenize(source, dialect) {
        Ok(tokens) => tokens,
        Err(diagnostic) => return (None, vec![*diagnostic]),
    };
    let range = chunk_range(source, &tokens);
    let mut parser = Parser::new(sqlparser_dialect(dialect)).with_tokens_with_locations(tokens);
    let expr = match parser.parse_expr() {
        Ok(expr) => expr,
        Err(error) => return (None, vec![parse_error(source, &error, &range)]),
    };
    let next = parser.peek_token();
    if next.token != Token::EOF {
        let span = source
            .point(next.span.start)
            .unwrap_or_else(|| source.whole());
        let diagnostic = Diagnostic::new(
            Code::SqlParse,
            span,
            format!("unexpected `{}` after the expression", next.token),
        )
        .label("the expression ends before this")
        .help("an `expr` is one SQL expression, without a trailing `;` or a second expression");
        return (None, vec![diagnostic]);
    }
    (Some(expr), Vec::new())
}

/// Turns a sqlparser error into a diagnostic pointing where the parser stopped;
/// without a position (end of input), at the end of the statement.
fn parse_error(
    source: &SqlSource<'_>,
    error: &ParserError,
    statement: &Range<usize>,
) -> Diagnostic {
    let raw = match error {
        ParserError::ParserError(message) | ParserError::TokenizerError(message) => message.clone(),
        ParserError::RecursionLimitExceeded => "the statement is nested too deeply".to_string(),
    };
    let (message, location) = split_location(&raw);
    let span = location
        .and_then(|location| source.point(location))
        .unwrap_or_else(|| source.range(statement.end..statement.end));
    Diagnostic::new(Code::SqlParse, span, lower_first(message))
        .label("the parser stopped here")
        .help("fix the syntax; eltc parses the transform's `dialect` (oracle or redshift)")
}

/// Splits `... at Line: X, Column: Y` into the message and the location.
fn split_location(message: &str) -> (&str, Option<Location>) {
    let Some(at) = message.rfind(" at Line: ") else {
        return (message, None);
    };
    let tail = &message[at + " at Line: ".len()..];
    let mut numbers = tail.split(", Column: ").map(|n| n.trim().parse::<u64>());
    match (numbers.next(), numbers.next()) {
        (Some(Ok(line)), Some(Ok(column))) => (&message[..at], Some(Location::new(line, column))),
        _ => (message, None),
    }
}

fn lower_first(message: &str) -> String {
    let mut chars = message.chars();
    match chars.next() {
        Some(first) => first.to_lowercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// Checks that `sql` (one or more statements) parses with sqlparser's
/// `RedshiftSqlDialect`; the error text otherwise. For tests of generated SQL.
pub fn check_redshift_parses(sql: &str) -> Result<(), String> {
    Parser::parse_sql(&RedshiftSqlDialect {}, sql)
        .map(|_| ())
        .map_err(|error| error.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diag::SourceMap;

    fn parse(text: &str) -> (Vec<ParsedStatement>, Vec<Diagnostic>, SourceMap) {
        let mut map = SourceMap::new();
        let file = map.add("t.sql", text.to_string());
        let source = SqlSource::new(file, 0, map.text(file));
        let (statements, diagnostics) = parse_statements(&source, Dialect::Oracle);
        (statements, diagnostics, map)
    }

    #[test]
    fn one_bad_statement_does_not_hide_the_next() {
        let (statements, diagnostics, map) =
            parse("SELECT 1 FROM t;\nSELEC 'é';\nSELECT 1 +;\nDELETE FROM t;");
        assert_eq!(statements.len(), 2);
        assert_eq!(diagnostics.len(), 2);
        let first = &diagnostics[0].primary.span;
        assert_eq!(
            &map.text(first.file)[first.range.start..first.range.start + 5],
            "SELEC"
        );
        assert!(
            diagnostics[0]
                .message
                .starts_with("expected: an SQL statement")
        );
    }

    #[test]
    fn semicolons_inside_parentheses_do_not_split() {
        let (statements, diagnostics, _) = parse("SELECT 'a;b', (1) FROM t; ; ");
        assert!(diagnostics.is_empty());
        assert_eq!(statements.len(), 1);
        assert_eq!(statements[0].range, 0..24);
    }

    #[test]
    fn errors_at_end_of_input_point_at_the_statement_end() {
        let (_, diagnostics, _) = parse("SELECT a FROM");
        assert_eq!(diagnostics[0].primary.span.range, 13..13);
    }

    #[test]
    fn insert_all_and_first_parse() {
        let (statements, diagnostics, _) = parse(
            "INSERT ALL INTO a.x (c) VALUES (v) INTO a.y SELECT v FROM a.z;\n\
             INSERT FIRST WHEN v > 1 THEN INTO a.x VALUES (v) ELSE INTO a.y SELECT v FROM a.z",
        );
        assert!(diagnostics.is_empty(), "{diagnostics:?}");
        assert_eq!(statements.len(), 2);
        assert!(matches!(&statements[1].statement, Statement::Insert(i)
            if i.multi_table_insert_type.is_some() && i.multi_table_when_clauses.len() == 1));
    }

    #[test]
    fn location_suffix_is_split_off() {
        let (message, location) = split_location("Expected: x, found: y at Line: 2, Column: 7");
        assert_eq!(message, "Expected: x, found: y");
        assert_eq!(location, Some(Location::new(2, 7)));
        assert_eq!(split_location("no position").1, None);
    }

    #[test]
    fn redshift_reparse_helper() {
        assert!(check_redshift_parses("SELECT COALESCE(a, 'x') FROM s.t").is_ok());
        assert!(check_redshift_parses("SELECT FROM WHERE").is_err());
    }
}
