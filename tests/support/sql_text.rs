//! Reading generated SQL files back in the tests: statements split at top-level
//! semicolons (quotes, double-quoted names, `--` comments and `$$` bodies
//! respected), procedure bodies split into their statements, and the dynamic
//! COPY text of an `EXECUTE` evaluated with a sample landing URL.

use sqlparser::ast::{
    BinaryOperator, Expr, FunctionArg, FunctionArgExpr, FunctionArguments, Value,
};
use sqlparser::dialect::RedshiftSqlDialect;
use sqlparser::parser::Parser;

/// The landing URL the EXECUTE'd COPY texts are instantiated with.
pub const SAMPLE_LANDING: &str = "s3://sample-bucket/oltp_uploads/2019-06-28/";

/// Statements of `text` without comments or the final `;`. `backslash_escapes`
/// is true for Redshift text, where a backslash escapes the next character in a literal.
pub fn split(text: &str, backslash_escapes: bool) -> Vec<String> {
    let chars: Vec<char> = text.chars().collect();
    let mut statements = Vec::new();
    let mut current = String::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c == '-' && chars.get(i + 1) == Some(&'-') {
            while i < chars.len() && chars[i] != '\n' {
                i += 1;
            }
            continue;
        }
        if c == '$' && chars.get(i + 1) == Some(&'$') {
            let end = (i + 2..chars.len().saturating_sub(1))
                .find(|&j| chars[j] == '$' && chars[j + 1] == '$')
                .unwrap_or(chars.len() - 2);
            current.extend(&chars[i..end + 2]);
            i = end + 2;
            continue;
        }
        if c == '\'' || c == '"' {
            current.push(c);
            i += 1;
            while i < chars.len() {
                current.push(chars[i]);
                if backslash_escapes && c == '\'' && chars[i] == '\\' && i + 1 < chars.len() {
                    current.push(chars[i + 1]);
                    i += 2;
                    continue;
                }
                if chars[i] == c {
                    if chars.get(i + 1) == Some(&c) {
                        current.push(c);
                        i += 2;
                        continue;
                    }
                    i += 1;
                    break;
                }
                i += 1;
            }
            continue;
        }
        if c == ';' {
            push(&mut statements, &mut current);
        } else {
            current.push(c);
        }
        i += 1;
    }
    push(&mut statements, &mut current);
    statements
}

fn push(statements: &mut Vec<String>, current: &mut String) {
    let statement = current.trim().to_string();
    if !statement.is_empty() {
        statements.push(statement);
    }
    current.clear();
}

/// For `CREATE [OR REPLACE] PROCEDURE ... AS $$ body $$ ...`: (the wrapper with
/// an empty body, the body). `None` for other statements.
pub fn procedure(statement: &str) -> Option<(String, String)> {
    let upper = statement.to_ascii_uppercase();
    if !(upper.starts_with("CREATE OR REPLACE PROCEDURE") || upper.starts_with("CREATE PROCEDURE"))
    {
        return None;
    }
    let open = statement.find("$$")?;
    let close = open + 2 + statement[open + 2..].find("$$")?;
    let wrapper = format!("{}$$ $${}", &statement[..open], &statement[close + 2..]);
    Some((wrapper, statement[open + 2..close].to_string()))
}

/// What a piece of a procedure body is, by the documented rule of tests/redshift_parse.rs.
#[derive(Debug, PartialEq, Eq)]
pub enum Piece {
    /// PL/pgSQL control (declarations, IF, RAISE, GET DIAGNOSTICS, assignment): not SQL.
    Control,
    /// `EXECUTE expr`: the expression, to evaluate.
    Execute(String),
    /// An SQL statement.
    Sql(String),
}

/// Classifies the statements of a procedure body (see [`Piece`]).
pub fn body_pieces(body: &str, backslash_escapes: bool) -> Vec<Piece> {
    let mut in_declare = false;
    split(body, backslash_escapes)
        .into_iter()
        .map(|piece| {
            let mut piece = piece.as_str();
            if starts_with_word(piece, "DECLARE") {
                in_declare = true;
            }
            if in_declare {
                match find_word(piece, "BEGIN") {
                    Some(at) => {
                        in_declare = false;
                        piece = piece[at + 5..].trim_start();
                    }
                    None => return Piece::Control,
                }
            } else if starts_with_word(piece, "BEGIN") {
                piece = piece[5..].trim_start();
            }
            let first = piece
                .split_whitespace()
                .next()
                .unwrap_or("")
                .to_ascii_uppercase();
            let is_assignment = piece.split_once(":=").is_some_and(|(lhs, _)| {
                lhs.trim()
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '_')
            });
            match first.as_str() {
                "" | "IF" | "ELSIF" | "ELSE" | "END" | "RAISE" | "GET" | "RETURN" | "NULL" => {
                    Piece::Control
                }
                "EXECUTE" => Piece::Execute(piece[7..].trim().to_string()),
                _ if is_assignment => Piece::Control,
                _ => Piece::Sql(piece.to_string()),
            }
        })
        .collect()
}

fn starts_with_word(text: &str, word: &str) -> bool {
    text.len() >= word.len()
        && text[..word.len()].eq_ignore_ascii_case(word)
        && !text[word.len()..].starts_with(|c: char| c.is_ascii_alphanumeric() || c == '_')
}

fn find_word(text: &str, word: &str) -> Option<usize> {
    (0..text.len()).find(|&i| {
        text.is_char_boundary(i)
            && starts_with_word(&text[i..], word)
            && (i == 0 || !text[..i].ends_with(|c: char| c.is_ascii_alphanumeric() || c == '_'))
    })
}

/// The text an `EXECUTE` expression builds, with `p_landing` = [`SAMPLE_LANDING`].
pub fn evaluate_execute(expression: &str) -> Result<String, String> {
    let expr = Parser::new(&RedshiftSqlDialect {})
        .try_with_sql(expression)
        .and_then(|mut p| p.parse_expr())
        .map_err(|e| format!("EXECUTE expression does not parse: {e}"))?;
    evaluate(&expr)
}

fn evaluate(expr: &Expr) -> Result<String, String> {
    match expr {
        Expr::BinaryOp {
            left,
            op: BinaryOperator::StringConcat,
            right,
        } => Ok(evaluate(left)? + &evaluate(right)?),
        Expr::Nested(inner) => evaluate(inner),
        Expr::Value(value) => match &value.value {
            Value::SingleQuotedString(s) => Ok(s.clone()),
            other => Err(format!("unexpected value {other}")),
        },
        Expr::Identifier(ident) if ident.value == "p_landing" => Ok(SAMPLE_LANDING.to_string()),
        Expr::Function(function)
            if function
                .name
                .to_string()
                .eq_ignore_ascii_case("quote_literal") =>
        {
            let FunctionArguments::List(list) = &function.args else {
                return Err("quote_literal without arguments".into());
            };
            let Some(FunctionArg::Unnamed(FunctionArgExpr::Expr(arg))) = list.args.first() else {
                return Err("quote_literal argument".into());
            };
            Ok(format!("'{}'", evaluate(arg)?.replace('\'', "''")))
        }
        other => Err(format!("cannot evaluate `{other}` in an EXECUTE")),
    }
}
