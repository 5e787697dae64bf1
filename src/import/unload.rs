//! SQL*Plus unload scripts: each `SPOOL file` ... `SPOOL OFF` section and the
//! columns of the file its SELECT writes, with the hazards of writing a file
//! that way (Oracle's "SQL*Plus User's Guide", SPOOL, SET COLSEP, and the
//! default number and date formats). A line built with `||` has a column
//! between two delimiter literals; with `SET COLSEP`, each select item is
//! a column.

use crate::diag::{Code, Diagnostic, FileId, Span};
use crate::import::driver::sqlplus_split;
use crate::import::model::Finding;

/// The findings and hazards of an unload script.
pub fn read(file: FileId, text: &str) -> (Vec<Finding>, Vec<Diagnostic>) {
    let mut findings = Vec::new();
    let mut diagnostics = Vec::new();
    let mut colsep: Option<String> = None;
    let mut spool: Option<(String, usize)> = None;
    let mut statement = String::new();
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let start = offset;
        offset += line.len();
        let trimmed = line.trim();
        let lower = trimmed.to_ascii_lowercase();
        if lower.starts_with("set ") && lower.contains("colsep") {
            let value = trimmed
                .split_whitespace()
                .nth(2)
                .unwrap_or("")
                .trim_matches(['\'', '"'])
                .to_string();
            colsep = Some(value);
            continue;
        }
        if lower.starts_with("spool ") || lower.starts_with("spo ") {
            let target = trimmed.split_whitespace().nth(1).unwrap_or("").to_string();
            // SQL*Plus accepts `SPOOL OFF;` too: the `;` names no file.
            let bare = target.trim_end_matches(';');
            if bare.eq_ignore_ascii_case("off") || bare.eq_ignore_ascii_case("out") {
                spool = None;
            } else {
                spool = Some((target, start));
            }
            statement.clear();
            continue;
        }
        if spool.is_none() || lower.starts_with("--") || lower.starts_with("prompt") {
            continue;
        }
        // SQL*Plus's own commands (SET, WHENEVER, COLUMN ...) between
        // statements are one line each and write no rows.
        if statement.trim().is_empty() && is_sqlplus_command(&lower) {
            continue;
        }
        statement.push_str(line);
        // A PL/SQL block under SPOOL logs its output: it writes no rows of a
        // query, and its `;`s end its statements, not the block (`/` does).
        let block = starts_block(&statement);
        if block {
            if trimmed == "/" {
                statement.clear();
            }
            continue;
        }
        if trimmed.ends_with(';') || trimmed == "/" {
            if let Some((target, at)) = &spool
                && !is_query(&statement)
            {
                // DML or DDL under SPOOL: the file logs its feedback, no rows
                // are unloaded (a driver that runs the script reports its
                // statements as `import::script-sql`).
                let verb = statement
                    .split_whitespace()
                    .next()
                    .unwrap_or("")
                    .to_ascii_uppercase();
                findings.push(Finding::translated(
                    "unload:SPOOL",
                    Span::new(file, *at..offset),
                    format!(
                        "{target} logs the feedback of a {verb} statement: no rows are unloaded"
                    ),
                ));
            } else if let Some((target, at)) = &spool {
                let span = Span::new(file, *at..offset);
                let (columns, hazards) = columns(&statement, colsep.as_deref());
                findings.push(Finding::translated(
                    "unload:SPOOL",
                    span.clone(),
                    format!(
                        "writes {target}: {} column(s): {}",
                        columns.len(),
                        columns.join(", ")
                    ),
                ));
                if !hazards.is_empty() {
                    let quoted: Vec<&str> = hazards
                        .iter()
                        .filter(|h| h.1)
                        .map(|h| h.0.as_str())
                        .collect();
                    let plain: Vec<&str> = hazards
                        .iter()
                        .filter(|h| !h.1)
                        .map(|h| h.0.as_str())
                        .collect();
                    let mut parts = Vec::new();
                    if !quoted.is_empty() {
                        parts.push(format!(
                            "between quotes it does not escape: {}",
                            quoted.join(", ")
                        ));
                    }
                    if !plain.is_empty() {
                        parts.push(format!("in SQL*Plus's default format (numbers below 1 without a leading zero, dates in NLS_DATE_FORMAT, text that may hold the delimiter): {}", plain.join(", ")));
                    }
                    diagnostics.push(
                        Diagnostic::new(Code::ImportUnloadHazard, span, format!("the unload of {target} writes columns {}", parts.join("; and ")))
                            .label("unload")
                            .help("quote and escape text columns, and give numbers and dates a TO_CHAR format"),
                    );
                }
            }
            statement.clear();
        }
    }
    (findings, diagnostics)
}

/// Whether `statement` is a query (SELECT or WITH): only a query writes
/// rows into the spooled file.
fn is_query(statement: &str) -> bool {
    let first = first_word(statement.trim_start_matches(|c: char| c.is_whitespace() || c == '('));
    first == "select" || first == "with"
}

/// The first word of `text`, lower case.
fn first_word(text: &str) -> String {
    text.split_whitespace()
        .next()
        .unwrap_or("")
        .to_ascii_lowercase()
}

/// Whether `statement` opens a PL/SQL block.
fn starts_block(statement: &str) -> bool {
    let first = first_word(statement);
    first == "declare" || first == "begin"
}

/// Whether a (lower-case, trimmed) line is a SQL*Plus command.
fn is_sqlplus_command(lower: &str) -> bool {
    matches!(
        first_word(lower).as_str(),
        "set"
            | "whenever"
            | "show"
            | "column"
            | "col"
            | "ttitle"
            | "btitle"
            | "break"
            | "compute"
            | "define"
            | "undefine"
            | "host"
            | "clear"
            | "timing"
            | "exit"
            | "quit"
    )
}

/// The columns a SELECT writes and the hazardous ones (the column, and
/// whether it is written between quotes).
fn columns(statement: &str, colsep: Option<&str>) -> (Vec<String>, Vec<(String, bool)>) {
    let lower = statement.to_ascii_lowercase();
    let Some(select) = lower.find("select") else {
        return (Vec::new(), Vec::new());
    };
    let from = find_from(&lower[select..]).map_or(lower.len(), |i| select + i);
    let list = &statement[select + 6..from];
    let items = sqlplus_split(list, ',');
    let mut columns = Vec::new();
    let mut hazards = Vec::new();
    if items.len() > 1 || colsep.is_some() {
        for item in &items {
            let name = item.split_whitespace().last().unwrap_or("").to_string();
            hazards.extend(hazard(item.trim(), false));
            columns.push(name);
        }
        return (columns, hazards);
    }
    // One item built with `||`: columns between delimiter literals.
    let pieces = split_concat(list);
    let mut quoted = false;
    for piece in pieces {
        let piece = piece.trim();
        if piece.starts_with('\'') {
            let literal = piece.trim_matches('\'').replace("''", "'");
            quoted = literal.ends_with('"');
            continue;
        }
        columns.push(piece.to_string());
        hazards.extend(hazard(piece, quoted));
    }
    (columns, hazards)
}

/// A column written without a TO_CHAR format, or between quotes.
fn hazard(expr: &str, quoted: bool) -> Option<(String, bool)> {
    let lower = expr.to_ascii_lowercase();
    if lower.starts_with("to_char(") && lower.contains(',') {
        return None;
    }
    Some((format!("`{expr}`"), quoted))
}

/// Splits at `||` outside quotes and parentheses.
fn split_concat(text: &str) -> Vec<String> {
    let joined = sqlplus_split(&text.replace("||", "\u{1}"), '\u{1}');
    joined
        .into_iter()
        .filter(|p| !p.trim().is_empty())
        .collect()
}

/// Where the select list's FROM is: the word `from` outside quotes and
/// parentheses, after white space of any kind (a line break too).
fn find_from(text: &str) -> Option<usize> {
    let mut depth = 0i32;
    let mut quote = false;
    let mut previous = ' ';
    for (i, c) in text.char_indices() {
        match c {
            '\'' => quote = !quote,
            '(' if !quote => depth += 1,
            ')' if !quote => depth -= 1,
            'f' if !quote
                && depth == 0
                && previous.is_whitespace()
                && text[i..].starts_with("from")
                && text[i + 4..].starts_with(char::is_whitespace) =>
            {
                return Some(i);
            }
            _ => {}
        }
        previous = c;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::columns;

    /// FROM at the start of a line ends the select list too.
    #[test]
    fn from_on_its_own_line() {
        let (cols, _) = columns("select a, b,c\nFROM t ;", None);
        assert_eq!(cols, ["a", "b", "c"]);
    }

    /// A PL/SQL block under SPOOL (a log of its output) and SQL*Plus
    /// commands are no unload; a SELECT after the block is.
    #[test]
    fn a_spooled_block_is_no_unload() {
        let text = "spool run_log\nset timing on\nDECLARE\ncursor c1 is\nselect a, b\nFROM t ;\nbegin\n  null;\nend;\n/\nselect x, y from u;\ndelete t\nwhere exists (select 1 from u);\nspool off\n";
        let file = crate::diag::SourceMap::new().add("s.sql", text);
        let (findings, diagnostics) = super::read(file, text);
        assert_eq!(findings.len(), 2, "{findings:?}");
        assert!(
            findings[0].note.contains("2 column(s): x, y"),
            "{findings:?}"
        );
        // A DELETE's subquery is no unloaded column.
        assert!(
            findings[1].note.contains("DELETE statement: no rows"),
            "{findings:?}"
        );
        assert_eq!(
            diagnostics.len(),
            1,
            "only the query's columns: {diagnostics:?}"
        );
    }

    #[test]
    fn concatenated_columns_and_their_hazards() {
        let (cols, hazards) = columns(
            "select securityid || ',' || '\"' || name || '\",' || to_char(d, 'YYYY-MM-DD')\n from t;",
            None,
        );
        assert_eq!(cols, ["securityid", "name", "to_char(d, 'YYYY-MM-DD')"]);
        assert_eq!(hazards.len(), 2);
        assert!(hazards[1].1, "name is written between quotes");
    }
}
