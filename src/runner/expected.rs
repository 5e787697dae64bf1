//! Expected-rows files: CSV with a header line naming the compared columns.
//!
//! The format of the legacy examples' `expected/` files (their READMEs): comma
//! separated, `"` quoting with `""` for a quote inside, dates as YYYY-MM-DD, an
//! empty field is NULL. A quoted empty field (`""`) is the empty string, the
//! one way to expect `''` where NULL would be wrong. Header names are
//! compared case-insensitively (PostgreSQL folds unquoted names to lower case).

/// The rows of an expected file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ExpectedRows {
    /// Column names, lower-cased, in file order.
    pub header: Vec<String>,
    /// The rows; `None` is NULL.
    pub rows: Vec<Vec<Option<String>>>,
}

/// Parses an expected file. Errors name the line.
pub fn parse(text: &str) -> Result<ExpectedRows, String> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut records = records(text)?.into_iter();
    let Some((_, header)) = records.next() else {
        return Err("the file is empty: it needs a header line naming the columns".into());
    };
    let header: Vec<String> = header
        .into_iter()
        .map(|name| name.unwrap_or_default().trim().to_ascii_lowercase())
        .collect();
    if let Some(blank) = header.iter().position(String::is_empty) {
        return Err(format!("line 1: column {} has no name", blank + 1));
    }
    let mut rows = Vec::new();
    for (line, record) in records {
        if record.len() != header.len() {
            return Err(format!(
                "line {line}: {} fields where the header has {}",
                record.len(),
                header.len()
            ));
        }
        rows.push(record);
    }
    Ok(ExpectedRows { header, rows })
}

/// A record: the line it starts on and its fields (`None` is NULL).
type Record = (usize, Vec<Option<String>>);

/// The records of `text`; empty lines are skipped.
fn records(text: &str) -> Result<Vec<Record>, String> {
    let mut out = Vec::new();
    let mut chars = text.chars().peekable();
    let mut line = 1;
    while chars.peek().is_some() {
        let start = line;
        let mut record = Vec::new();
        let mut field = String::new();
        let mut quoted = false;
        loop {
            match chars.next() {
                None | Some('\n') => {
                    line += 1;
                    break;
                }
                Some('\r') if chars.peek() == Some(&'\n') => {}
                Some(',') => {
                    record.push(cell(std::mem::take(&mut field), quoted));
                    quoted = false;
                }
                Some('"') if field.is_empty() && !quoted => {
                    quoted = true;
                    quoted_field(&mut chars, &mut field, &mut line)
                        .map_err(|e| format!("line {start}: {e}"))?;
                }
                Some(c) => field.push(c),
            }
        }
        if record.is_empty() && field.is_empty() && !quoted {
            continue;
        }
        record.push(cell(field, quoted));
        out.push((start, record));
    }
    Ok(out)
}

/// Reads a quoted field's text up to its closing quote.
fn quoted_field(
    chars: &mut std::iter::Peekable<std::str::Chars<'_>>,
    field: &mut String,
    line: &mut usize,
) -> Result<(), String> {
    loop {
        match chars.next() {
            None => return Err("a quoted field is not closed".into()),
            Some('"') if chars.peek() == Some(&'"') => {
                chars.next();
                field.push('"');
            }
            Some('"') => return Ok(()),
            Some(c) => {
                if c == '\n' {
                    *line += 1;
                }
                field.push(c);
            }
        }
    }
}

fn cell(text: String, quoted: bool) -> Option<String> {
    if text.is_empty() && !quoted {
        None
    } else {
        Some(text)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn empty_is_null_and_quoted_empty_is_the_empty_string() {
        let rows = parse("A,b,c\r\n1,,\"\"\n\"x,\"\"y\"\"\",2,3\n\n").unwrap();
        assert_eq!(rows.header, ["a", "b", "c"]);
        assert_eq!(
            rows.rows,
            vec![
                vec![Some("1".into()), None, Some(String::new())],
                vec![Some("x,\"y\"".into()), Some("2".into()), Some("3".into())],
            ]
        );
    }

    #[test]
    fn ragged_rows_and_open_quotes_name_the_line() {
        assert_eq!(
            parse("a,b\n1\n").unwrap_err(),
            "line 2: 1 fields where the header has 2"
        );
        assert_eq!(
            parse("a\n\"open\n").unwrap_err(),
            "line 2: a quoted field is not closed"
        );
        assert!(parse("").is_err());
    }

    #[test]
    fn a_quoted_field_may_span_lines() {
        let rows = parse("a,b\n\"1\n2\",3\n4,5\n").unwrap();
        assert_eq!(rows.rows[0][0].as_deref(), Some("1\n2"));
        assert_eq!(rows.rows[1][1].as_deref(), Some("5"));
    }
}
