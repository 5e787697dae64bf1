//! The procedure calls in text that sqlplus runs: `exec` / `execute`,
//! `CALL`, and the statements of anonymous blocks (`BEGIN ... END;`, ended
//! by a `/` line). SQL*Plus commands (SET, WHENEVER, SPOOL, ...) are skipped.

use crate::diag::Span;

/// A procedure call.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ProcCall {
    /// The procedure's name, lower case (`dw.retail_etl.load_day`).
    pub name: String,
    /// The arguments as written (variables expanded), in order; a variable
    /// of the calling block replaced by the value it was last assigned.
    pub args: Vec<String>,
    /// Arguments naming a variable of the calling block that nothing
    /// assigns before the call (an OUT argument, typically): no step
    /// argument can stand for it.
    pub block_variables: Vec<String>,
    /// Where the call is (the here-document or the script).
    pub span: Span,
}

/// The calls in `text`, in order, each with `span`.
pub fn calls_in(text: &str, span: &Span) -> Vec<ProcCall> {
    let mut calls = Vec::new();
    let mut block: Option<String> = None;
    for raw in text.lines() {
        let line = raw.split("--").next().unwrap_or("").trim();
        if let Some(body) = block.as_mut() {
            if line == "/" || line == "." {
                let body = block.take().unwrap_or_default();
                calls.extend(block_calls(&body, span));
            } else {
                body.push_str(line);
                body.push('\n');
            }
            continue;
        }
        let first = line
            .split_whitespace()
            .next()
            .unwrap_or("")
            .to_ascii_uppercase();
        match first.as_str() {
            "EXEC" | "EXECUTE" | "CALL" => {
                let rest = line[first.len()..].trim().trim_end_matches(';');
                calls.extend(call(rest, span));
            }
            _ if first.starts_with("BEGIN") || first == "DECLARE" => {
                let mut body = line.to_string();
                body.push('\n');
                // A one-line block ends at its END;.
                if ends_block(line) {
                    calls.extend(block_calls(&body, span));
                } else {
                    block = Some(body);
                }
            }
            _ => {}
        }
    }
    if let Some(body) = block {
        calls.extend(block_calls(&body, span));
    }
    calls
}

fn ends_block(line: &str) -> bool {
    let upper = line.to_ascii_uppercase();
    upper.trim_end().ends_with("END;")
}

/// The procedure-call statements of an anonymous block. The block's own
/// variables are followed in statement order: an argument naming one takes
/// the value last assigned to it (`v_key := '&1'`), since the call passes
/// that value; one declared and not yet assigned is kept and listed in
/// [`ProcCall::block_variables`].
fn block_calls(body: &str, span: &Span) -> Vec<ProcCall> {
    let mut variables: Vec<(String, Option<String>)> = Vec::new();
    let mut calls = Vec::new();
    for statement in split_top(body, ';') {
        let mut s = statement.trim();
        // Nested blocks: `BEGIN DECLARE v ...`, `BEGIN BEGIN`.
        loop {
            let before = s;
            for keyword in ["DECLARE", "BEGIN"] {
                // `get`: a statement may start with a multi-byte character.
                if s.get(..keyword.len())
                    .is_some_and(|head| head.eq_ignore_ascii_case(keyword))
                    && s[keyword.len()..].starts_with(char::is_whitespace)
                {
                    s = s[keyword.len()..].trim_start();
                }
            }
            if s == before {
                break;
            }
        }
        if let Some((name, value)) = assignment(s) {
            variables.retain(|(v, _)| *v != name);
            variables.push((name, Some(value)));
        } else if let Some((name, value)) = declaration(s) {
            variables.retain(|(v, _)| *v != name);
            variables.push((name, value));
        } else if let Some(mut found) = call(s, span) {
            for arg in &mut found.args {
                let key = arg.to_ascii_lowercase();
                match variables.iter().find(|(v, _)| *v == key) {
                    Some((_, Some(value))) => *arg = value.clone(),
                    Some((_, None)) => found.block_variables.push(arg.clone()),
                    None => {}
                }
            }
            calls.push(found);
        }
    }
    calls
}

/// `name := value` -> (name lower case, value).
fn assignment(statement: &str) -> Option<(String, String)> {
    let (name, value) = statement.split_once(":=")?;
    let name = name.trim();
    is_identifier(name).then(|| (name.to_ascii_lowercase(), value.trim().to_string()))
}

/// `name [CONSTANT] type [NOT NULL] [:= value | DEFAULT value]` -> (name
/// lower case, value).
fn declaration(statement: &str) -> Option<(String, Option<String>)> {
    let (head, value) = match statement.split_once(":=") {
        Some((head, value)) => (head, Some(value.trim().to_string())),
        None => match statement.to_ascii_uppercase().find(" DEFAULT ") {
            Some(at) => (
                &statement[..at],
                Some(statement[at + " DEFAULT ".len()..].trim().to_string()),
            ),
            None => (statement, None),
        },
    };
    let mut words = head.split_whitespace();
    let name = words.next()?;
    let mut ty = words.next()?;
    if ty.eq_ignore_ascii_case("CONSTANT") {
        ty = words.next()?;
    }
    let base = ty
        .split(['(', '%'])
        .next()
        .unwrap_or("")
        .to_ascii_uppercase();
    let is_type = ty.contains('%')
        || matches!(
            base.as_str(),
            "VARCHAR2"
                | "VARCHAR"
                | "NVARCHAR2"
                | "CHAR"
                | "NCHAR"
                | "NUMBER"
                | "INTEGER"
                | "INT"
                | "PLS_INTEGER"
                | "BINARY_INTEGER"
                | "DATE"
                | "TIMESTAMP"
                | "BOOLEAN"
                | "CLOB"
                | "FLOAT"
                | "DECIMAL"
                | "SIMPLE_INTEGER"
        );
    (is_identifier(name) && is_type).then(|| (name.to_ascii_lowercase(), value))
}

fn is_identifier(text: &str) -> bool {
    text.chars().next().is_some_and(|c| c.is_ascii_alphabetic())
        && text
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '$' | '#'))
}

/// `name(args)` or `name`, when `text` is exactly a call.
fn call(text: &str, span: &Span) -> Option<ProcCall> {
    let text = text.trim();
    let (name, args) = match text.find('(') {
        Some(open) if text.ends_with(')') => (&text[..open], Some(&text[open + 1..text.len() - 1])),
        Some(_) => return None,
        None => (text, None),
    };
    let name = name.trim();
    let is_name = !name.is_empty()
        && name.split('.').all(|part| {
            part.chars().next().is_some_and(|c| c.is_ascii_alphabetic())
                && part
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '$' | '#'))
        });
    let upper = name.to_ascii_uppercase();
    if !is_name
        || matches!(
            upper.as_str(),
            "END" | "NULL" | "COMMIT" | "ROLLBACK" | "RETURN"
        )
        || upper.starts_with("DBMS_OUTPUT.")
    {
        return None;
    }
    let args = args
        .map(|a| {
            split_top(a, ',')
                .into_iter()
                .map(|s| s.trim().to_string())
                .filter(|s| !s.is_empty())
                .collect()
        })
        .unwrap_or_default();
    Some(ProcCall {
        name: name.to_lowercase(),
        args,
        block_variables: Vec::new(),
        span: span.clone(),
    })
}

/// Splits at `sep` outside quotes and parentheses.
pub fn split_top(text: &str, sep: char) -> Vec<String> {
    let mut parts = Vec::new();
    let mut current = String::new();
    let mut depth = 0i32;
    let mut quote = false;
    for c in text.chars() {
        match c {
            '\'' => quote = !quote,
            '(' if !quote => depth += 1,
            ')' if !quote => depth -= 1,
            c if c == sep && !quote && depth == 0 => {
                parts.push(std::mem::take(&mut current));
                continue;
            }
            _ => {}
        }
        current.push(c);
    }
    if !current.trim().is_empty() {
        parts.push(current);
    }
    parts
}

#[cfg(test)]
mod tests {
    use super::calls_in;
    use crate::diag::{SourceMap, Span};

    #[test]
    fn exec_call_and_blocks() {
        let text = "whenever sqlerror exit failure\nexec staging.load_market_data(to_date('${D}', 'YYYY-MM-DD'));\nBEGIN\n  dw.retail_etl.load_day(TO_DATE('x', 'YYYYMMDD'), 'a,b');\n  DBMS_OUTPUT.PUT_LINE('x');\nEND;\n/\nCALL a.b();\nexit\n";
        let file = SourceMap::new().add("driver.sh", text);
        let calls = calls_in(text, &Span::file_start(file));
        let names: Vec<_> = calls.iter().map(|c| c.name.as_str()).collect();
        assert_eq!(
            names,
            ["staging.load_market_data", "dw.retail_etl.load_day", "a.b"]
        );
        assert_eq!(calls[1].args, ["TO_DATE('x', 'YYYYMMDD')", "'a,b'"]);
    }

    /// A script's block passes its own variables: each argument is the value
    /// the block assigned before the call; an unassigned one (an OUT
    /// argument) is listed, not passed through as if it were a param.
    #[test]
    fn block_variables_take_their_assigned_values() {
        let text = "set serverout on\nbegin\n  declare\n    v_key varchar2(100);\n    v_day DATE := SYSDATE;\n    v_status varchar2(10);\n  begin\n    v_key := '&1';\n    etl.pkg.load(v_key, v_day, v_status);\n  end;\nend;\n/\nexit\n";
        let file = SourceMap::new().add("call.sql", text);
        let calls = calls_in(text, &Span::file_start(file));
        assert_eq!(calls.len(), 1, "{calls:?}");
        assert_eq!(calls[0].name, "etl.pkg.load");
        assert_eq!(calls[0].args, ["'&1'", "SYSDATE", "v_status"]);
        assert_eq!(calls[0].block_variables, ["v_status"]);
    }

    /// A block statement starting with a multi-byte character is read, not
    /// sliced inside the character.
    #[test]
    fn a_statement_starting_with_multibyte_text_is_read() {
        let text = "BEGIN\n  ÉÉÉ_LOG;\n  ÉTL.LOAD;\n  etl.pkg.load(1);\nEND;\n/\n";
        let file = SourceMap::new().add("call.sql", text);
        let calls = calls_in(text, &Span::file_start(file));
        assert_eq!(calls.last().map(|c| c.name.as_str()), Some("etl.pkg.load"));
    }
}
