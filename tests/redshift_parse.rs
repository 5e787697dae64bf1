//! Every statement eltc emits for Redshift parses with sqlparser's
//! RedshiftSqlDialect, or fails only on a gap listed in
//! tests/redshift_allow_list.txt (each with its AWS documentation link).
//!
//! Rule for procedure bodies: the body is split at top-level semicolons. Pieces
//! of the DECLARE section, and pieces whose first word is IF, ELSIF, ELSE, END,
//! RAISE, GET (DIAGNOSTICS), RETURN or NULL, or that are an assignment
//! (`name := ...`), are PL/pgSQL control, not SQL, and are skipped (eltc's IF
//! branches hold only assignments and RAISE). An `EXECUTE expr` piece is
//! evaluated with a sample landing URL and the SQL it builds must parse. Every
//! other piece is SQL and must parse.

use std::collections::BTreeSet;

use sqlparser::dialect::RedshiftSqlDialect;
use sqlparser::parser::Parser;

use crate::support::sql_text::{Piece, body_pieces, evaluate_execute, procedure, split};

struct Entry {
    pattern: Vec<String>,
    link: String,
}

fn allow_list() -> Vec<Entry> {
    include_str!("redshift_allow_list.txt")
        .lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
        .map(|line| {
            let mut parts = line.split('|').map(str::trim);
            let pattern = parts
                .next()
                .unwrap_or("")
                .split_whitespace()
                .map(str::to_string)
                .collect();
            let link = parts.next().unwrap_or("").to_string();
            Entry { pattern, link }
        })
        .collect()
}

/// Byte range of the first match of `pattern` in `text`.
fn find(text: &str, pattern: &[String]) -> Option<std::ops::Range<usize>> {
    let word = |c: char| c.is_ascii_alphanumeric() || c == '_';
    'start: for start in (0..text.len()).filter(|&i| text.is_char_boundary(i)) {
        if start > 0 && text[..start].ends_with(word) {
            continue;
        }
        let mut at = start;
        for (n, token) in pattern.iter().enumerate() {
            if n > 0 {
                at += text[at..].len() - text[at..].trim_start().len();
            }
            let rest = &text[at..];
            let len = if token == "?" {
                if let Some(quoted) = rest.strip_prefix('\'') {
                    quoted.find('\'').map(|e| e + 2).unwrap_or(0)
                } else {
                    rest.find(|c: char| !word(c)).unwrap_or(rest.len())
                }
            } else if rest.len() >= token.len()
                && rest.is_char_boundary(token.len())
                && rest[..token.len()].eq_ignore_ascii_case(token)
            {
                let is_word = token.chars().all(word);
                if is_word && rest[token.len()..].starts_with(word) {
                    0
                } else {
                    token.len()
                }
            } else {
                0
            };
            if len == 0 {
                continue 'start;
            }
            at += len;
        }
        return Some(start..at);
    }
    None
}

/// `Ok` when `statement` parses with sqlparser's Redshift dialect once the
/// allow-listed gaps are removed: the re-parse check of the other suites.
pub(crate) fn parses_allowing_listed_gaps(statement: &str) -> Result<(), String> {
    let mut failures = Vec::new();
    check(
        statement,
        "statement",
        &allow_list(),
        &mut BTreeSet::new(),
        &mut failures,
    );
    failures.pop().map_or(Ok(()), Err)
}

/// Checks one statement; records the allow-list entries it needed.
fn check(
    statement: &str,
    what: &str,
    entries: &[Entry],
    used: &mut BTreeSet<usize>,
    failures: &mut Vec<String>,
) {
    let dialect = RedshiftSqlDialect {};
    let Err(error) = Parser::parse_sql(&dialect, statement) else {
        return;
    };
    let mut text = statement.to_string();
    for (i, entry) in entries.iter().enumerate() {
        while let Some(range) = find(&text, &entry.pattern) {
            text.replace_range(range, " ");
            used.insert(i);
        }
    }
    if let Err(rest) = Parser::parse_sql(&dialect, &text) {
        failures.push(format!(
            "{what}: {error}\n  after removing allow-listed gaps: {rest}\n  statement: {statement}"
        ));
    }
}

/// The CREATE PROCEDURE wrapper (body removed) is not SQL sqlparser reads: it
/// must have the shape `CREATE OR REPLACE PROCEDURE name(args) AS $$ $$ LANGUAGE
/// plpgsql` and its arguments must parse as column definitions.
fn check_wrapper(
    wrapper: &str,
    file: &str,
    entries: &[Entry],
    used: &mut BTreeSet<usize>,
    failures: &mut Vec<String>,
) {
    let prefix = "CREATE OR REPLACE PROCEDURE";
    let Some(entry) = entries.iter().position(|e| e.pattern.join(" ") == prefix) else {
        failures.push(format!(
            "{file}: procedure wrapper not allow-listed: {wrapper}"
        ));
        return;
    };
    used.insert(entry);
    let shape = wrapper.strip_prefix(prefix).and_then(|rest| {
        let (name, rest) = rest.split_once('(')?;
        let (args, tail) = rest.rsplit_once(')')?;
        (tail.split_whitespace().collect::<Vec<_>>() == ["AS", "$$", "$$", "LANGUAGE", "plpgsql"])
            .then_some((name.trim(), args))
    });
    match shape {
        None => failures.push(format!("{file}: unexpected procedure wrapper: {wrapper}")),
        Some((_, args)) if args.trim().is_empty() => {}
        Some((name, args)) => check(
            &format!("CREATE TABLE {name} ({args})"),
            &format!("{file} (procedure arguments)"),
            entries,
            used,
            failures,
        ),
    }
}

/// Checks every statement of one generated file.
fn check_file(
    file: &str,
    text: &str,
    entries: &[Entry],
    used: &mut BTreeSet<usize>,
    failures: &mut Vec<String>,
) {
    for statement in split(text, true) {
        let Some((wrapper, body)) = procedure(&statement) else {
            check(&statement, file, entries, used, failures);
            continue;
        };
        check_wrapper(&wrapper, file, entries, used, failures);
        for piece in body_pieces(&body, true) {
            match piece {
                Piece::Control => {}
                Piece::Sql(sql) => check(
                    &sql,
                    &format!("{file} (procedure body)"),
                    entries,
                    used,
                    failures,
                ),
                Piece::Execute(expr) => match evaluate_execute(&expr) {
                    Ok(sql) => check(&sql, &format!("{file} (EXECUTE)"), entries, used, failures),
                    Err(e) => failures.push(format!("{file}: {e}: {expr}")),
                },
            }
        }
    }
}

#[test]
fn every_emitted_statement_parses_or_is_allow_listed() {
    let entries = allow_list();
    assert!(
        entries
            .iter()
            .all(|e| e.link.starts_with("https://docs.aws.amazon.com/")),
        "every allow-list entry needs its AWS documentation link"
    );
    let mut used = BTreeSet::new();
    let mut failures = Vec::new();
    for (name, artifacts) in crate::support::redshift_artifacts() {
        for (file, text) in artifacts.iter().filter(|(f, _)| f.ends_with(".sql")) {
            check_file(
                &format!("{name}/{file}"),
                text,
                &entries,
                &mut used,
                &mut failures,
            );
        }
    }
    // The change scripts of `eltc plan` are emitted Redshift too.
    for (name, text) in crate::plan_snapshots::scripts() {
        check_file(&name, &text, &entries, &mut used, &mut failures);
    }
    assert!(
        failures.is_empty(),
        "statements that do not parse:\n{}",
        failures.join("\n")
    );
    let stale: Vec<String> = entries
        .iter()
        .enumerate()
        .filter(|(i, _)| !used.contains(i))
        .map(|(_, e)| e.pattern.join(" "))
        .collect();
    assert!(
        stale.is_empty(),
        "allow-list entries no emitted statement needs: {stale:?}"
    );
}

#[test]
fn execute_of_copy_is_evaluated_with_quotes_doubled() {
    let sql = evaluate_execute("'COPY t (a) FROM ' || quote_literal(p_landing || '_manifests/x.json') || ' NULL AS ''it''''s'''").unwrap();
    assert_eq!(
        sql,
        "COPY t (a) FROM 's3://sample-bucket/oltp_uploads/2019-06-28/_manifests/x.json' NULL AS 'it''s'"
    );
    assert!(Parser::parse_sql(&RedshiftSqlDialect {}, &sql).is_ok());
}

#[test]
fn body_pieces_follow_the_documented_rule() {
    let body = "DECLARE v BIGINT; w INT; BEGIN v := 1; DELETE FROM t; IF v < 1 THEN w := 2; RAISE EXCEPTION '%', w; END IF; GET DIAGNOSTICS v := ROW_COUNT; EXECUTE 'x'; END;";
    let pieces = body_pieces(body, true);
    let sql: Vec<_> = pieces
        .iter()
        .filter_map(|p| {
            if let Piece::Sql(s) = p {
                Some(s.as_str())
            } else {
                None
            }
        })
        .collect();
    assert_eq!(sql, ["DELETE FROM t"]);
    assert!(pieces.contains(&Piece::Execute("'x'".into())));
}
