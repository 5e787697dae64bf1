//! Comparing expected rows with a table's or a query's rows, and the diff a
//! failure prints.
//!
//! Values are compared by value for their column's type (the examples'
//! READMEs: "compare numbers by value, and CHAR columns without trailing
//! blanks"): numbers as decimals (`12.30` = `12.3`), dates and timestamps as
//! calendar values (`2024-03-01 14:05:00.000` = `2024-03-01 14:05:00`), CHAR
//! without trailing blanks; NULL is never equal to the empty string. Only the
//! columns of the expected file's header are compared. Rows match irrespective
//! of order unless the expectation is `ordered`. The diff lists missing and
//! unexpected rows; when the subject has a key (a table's primary key) a
//! missing and an unexpected row with the same key are one changed row, shown
//! cell by cell. This module is pure: rows in, diff lines out.

use std::collections::BTreeMap;

use super::expected::ExpectedRows;
use super::normalize::{Kind, normalize};

/// At most this many diff lines per expectation; the rest are counted.
const MAX_LINES: usize = 25;

/// The actual rows, as text (PostgreSQL's output format), with column types.
#[derive(Clone, Debug)]
pub struct ActualRows {
    /// Column names and kinds, in result order.
    pub columns: Vec<(String, Kind)>,
    /// The rows; `None` is NULL.
    pub rows: Vec<Vec<Option<String>>>,
}

/// One compared value: as written (for display) and normalized (for equality).
#[derive(Clone, Debug)]
struct Cell {
    shown: Option<String>,
    value: Option<String>,
}

type Row = Vec<Cell>;

fn values(row: &Row) -> Vec<Option<String>> {
    row.iter().map(|c| c.value.clone()).collect()
}

/// Compares; `Err` holds the diff lines. `key` names the columns rows are
/// matched on to show changed cells (empty: no key matching).
pub fn compare(
    expected: &ExpectedRows,
    actual: &ActualRows,
    key: &[String],
    ordered: bool,
) -> Result<(), Vec<String>> {
    let mut indices = Vec::new();
    for name in &expected.header {
        match actual.columns.iter().position(|(n, _)| n == name) {
            Some(i) => indices.push(i),
            None => {
                let have: Vec<&str> = actual.columns.iter().map(|(n, _)| n.as_str()).collect();
                return Err(vec![format!(
                    "column `{name}` of the expected file is not in the result (its columns: {})",
                    have.join(", ")
                )]);
            }
        }
    }
    let kinds: Vec<Kind> = indices.iter().map(|&i| actual.columns[i].1).collect();
    let make = |raw: Vec<Option<String>>| -> Row {
        raw.into_iter()
            .zip(&kinds)
            .map(|(shown, kind)| Cell {
                value: shown.as_deref().map(|s| normalize(*kind, s)),
                shown,
            })
            .collect()
    };
    let want: Vec<Row> = expected.rows.iter().map(|r| make(r.clone())).collect();
    let got: Vec<Row> = actual
        .rows
        .iter()
        .map(|r| make(indices.iter().map(|&i| r[i].clone()).collect()))
        .collect();
    let want_values: Vec<_> = want.iter().map(values).collect();
    let got_values: Vec<_> = got.iter().map(values).collect();
    if want_values == got_values {
        return Ok(());
    }
    let (missing, unexpected) = multiset_difference(&want, &got);
    if missing.is_empty() && unexpected.is_empty() {
        if !ordered {
            return Ok(());
        }
        return Err(order_diff(&expected.header, &want, &got));
    }
    // A key only helps when every key column is compared.
    let key: Vec<usize> = key
        .iter()
        .map(|k| expected.header.iter().position(|h| h == k))
        .collect::<Option<_>>()
        .unwrap_or_default();
    Err(diff(
        &expected.header,
        &key,
        missing,
        unexpected,
        &want,
        &got,
    ))
}

/// Rows of `want` not in `got` and rows of `got` not in `want`, counting duplicates.
fn multiset_difference(want: &[Row], got: &[Row]) -> (Vec<Row>, Vec<Row>) {
    let mut counts: BTreeMap<Vec<Option<String>>, i64> = BTreeMap::new();
    for row in got {
        *counts.entry(values(row)).or_default() += 1;
    }
    let mut missing = Vec::new();
    for row in want {
        let count = counts.entry(values(row)).or_default();
        if *count > 0 {
            *count -= 1;
        } else {
            missing.push(row.clone());
        }
    }
    let mut unexpected = Vec::new();
    for row in got {
        let count = counts.entry(values(row)).or_default();
        if *count > 0 {
            *count -= 1;
            unexpected.push(row.clone());
        }
    }
    (missing, unexpected)
}

fn diff(
    header: &[String],
    key: &[usize],
    missing: Vec<Row>,
    mut unexpected: Vec<Row>,
    want: &[Row],
    got: &[Row],
) -> Vec<String> {
    let mut lines = vec![format!(
        "{} expected row(s), {} actual: {} missing, {} unexpected",
        want.len(),
        got.len(),
        missing.len(),
        unexpected.len()
    )];
    let key_of =
        |row: &Row| -> Vec<Option<String>> { key.iter().map(|&i| row[i].value.clone()).collect() };
    let mut changed = Vec::new();
    let mut only_missing = Vec::new();
    for row in missing {
        let partner = if key.is_empty() {
            None
        } else {
            unexpected.iter().position(|u| key_of(u) == key_of(&row))
        };
        match partner {
            Some(at) => changed.push((row, unexpected.remove(at))),
            None => only_missing.push(row),
        }
    }
    for (want, got) in &changed {
        let cells: Vec<String> = header
            .iter()
            .enumerate()
            .filter(|(i, _)| want[*i].value != got[*i].value)
            .map(|(i, name)| {
                format!(
                    "{name}: expected {}, actual {}",
                    show(&want[i].shown),
                    show(&got[i].shown)
                )
            })
            .collect();
        lines.push(format!(
            "changed row ({}): {}",
            show_key(header, key, want),
            cells.join("; ")
        ));
    }
    lines.extend(
        only_missing
            .iter()
            .map(|r| format!("missing row: {}", show_row(header, r))),
    );
    lines.extend(
        unexpected
            .iter()
            .map(|r| format!("unexpected row: {}", show_row(header, r))),
    );
    cap(lines)
}

fn order_diff(header: &[String], want: &[Row], got: &[Row]) -> Vec<String> {
    let at = want
        .iter()
        .zip(got)
        .position(|(w, g)| values(w) != values(g))
        .unwrap_or(0);
    vec![
        format!(
            "the rows are right but in another order (ordered: true); first difference at row {}:",
            at + 1
        ),
        format!("expected: {}", show_row(header, &want[at])),
        format!("actual:   {}", show_row(header, &got[at])),
    ]
}

fn cap(mut lines: Vec<String>) -> Vec<String> {
    if lines.len() > MAX_LINES {
        let more = lines.len() - MAX_LINES;
        lines.truncate(MAX_LINES);
        lines.push(format!("... and {more} more line(s)"));
    }
    lines
}

/// NULL, `''` for the empty string, the text otherwise.
fn show(value: &Option<String>) -> String {
    match value.as_deref() {
        None => "NULL".into(),
        Some("") => "''".into(),
        Some(text) => text.into(),
    }
}

fn show_row(header: &[String], row: &Row) -> String {
    header
        .iter()
        .zip(row)
        .map(|(name, cell)| format!("{name}={}", show(&cell.shown)))
        .collect::<Vec<_>>()
        .join(", ")
}

fn show_key(header: &[String], key: &[usize], row: &Row) -> String {
    key.iter()
        .map(|&i| format!("{}={}", header[i], show(&row[i].shown)))
        .collect::<Vec<_>>()
        .join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn expected(header: &[&str], rows: &[&[Option<&str>]]) -> ExpectedRows {
        ExpectedRows {
            header: header.iter().map(|s| s.to_string()).collect(),
            rows: rows
                .iter()
                .map(|r| r.iter().map(|c| c.map(str::to_string)).collect())
                .collect(),
        }
    }

    fn actual(columns: &[(&str, Kind)], rows: &[&[Option<&str>]]) -> ActualRows {
        ActualRows {
            columns: columns.iter().map(|(n, k)| (n.to_string(), *k)).collect(),
            rows: rows
                .iter()
                .map(|r| r.iter().map(|c| c.map(str::to_string)).collect())
                .collect(),
        }
    }

    const COLUMNS: &[(&str, Kind)] = &[
        ("id", Kind::Number),
        ("code", Kind::Char),
        ("price", Kind::Number),
        ("note", Kind::Text),
    ];

    #[test]
    fn order_types_and_unlisted_columns_do_not_matter() {
        let want = expected(
            &["price", "id", "code"],
            &[
                &[Some("1.5"), Some("2"), Some("B")],
                &[Some("10"), Some("1"), Some("A")],
            ],
        );
        let got = actual(
            COLUMNS,
            &[
                &[Some("1"), Some("A  "), Some("10.00"), Some("x")],
                &[Some("2"), Some("B  "), Some("1.50"), None],
            ],
        );
        assert_eq!(compare(&want, &got, &[], false), Ok(()));
        let err = compare(&want, &got, &[], true).unwrap_err();
        assert!(err[0].contains("another order"), "{err:?}");
    }

    #[test]
    fn null_is_not_the_empty_string() {
        let want = expected(&["id", "note"], &[&[Some("1"), None]]);
        let got = actual(COLUMNS, &[&[Some("1"), None, None, Some("")]]);
        let err = compare(&want, &got, &["id".into()], false).unwrap_err();
        assert_eq!(err[1], "changed row (id=1): note: expected NULL, actual ''");
    }

    #[test]
    fn the_diff_shows_changed_cells_by_key_then_missing_and_unexpected_rows() {
        let want = expected(
            &["id", "price"],
            &[
                &[Some("1"), Some("10")],
                &[Some("2"), Some("20")],
                &[Some("3"), Some("30")],
            ],
        );
        let got = actual(
            COLUMNS,
            &[
                &[Some("1"), None, Some("10.0"), None],
                &[Some("2"), None, Some("21"), None],
                &[Some("4"), None, Some("40"), None],
            ],
        );
        let err = compare(&want, &got, &["id".into()], false).unwrap_err();
        assert_eq!(
            err,
            [
                "3 expected row(s), 3 actual: 2 missing, 2 unexpected",
                "changed row (id=2): price: expected 20, actual 21",
                "missing row: id=3, price=30",
                "unexpected row: id=4, price=40",
            ]
        );
        // Without a key, no pairing.
        let err = compare(&want, &got, &[], false).unwrap_err();
        assert_eq!(err.len(), 5);
    }

    #[test]
    fn duplicates_count_and_unknown_columns_are_reported() {
        let want = expected(&["id"], &[&[Some("1")]]);
        let got = actual(
            COLUMNS,
            &[
                &[Some("1"), None, None, None],
                &[Some("1"), None, None, None],
            ],
        );
        let err = compare(&want, &got, &[], false).unwrap_err();
        assert_eq!(err[1], "unexpected row: id=1");
        let want = expected(&["nope"], &[]);
        let err = compare(&want, &got, &[], false).unwrap_err();
        assert!(err[0].starts_with("column `nope` of the expected file is not in the result"));
    }
}
