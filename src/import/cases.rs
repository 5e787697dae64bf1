//! Legacy parity: the legacy run's input files and exported tables into
//! `tests:` cases. Each `data/<date>/` folder is one batch (dates in order,
//! one case: later days see what earlier days left); `expected/<date>/` or
//! `expected/after-<date>/` holds one CSV per table, named after it.
//!
//! An `after-<date>` file is the table's whole state after that day. A
//! `<date>` file whose date-valued column holds that date on every row is
//! that day's rows: the expectation selects them. Columns the table does not
//! have are looked up through a table whose primary key the table holds (the
//! surrogate key replaced by the natural key, as exports do).

use crate::diag::{Code, Diagnostic, Span};
use crate::import::Request;
use crate::import::model::{SourceOut, TableOut};
use crate::import::units::Param;
use crate::import::yaml::BatchOut;

/// One legacy day.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Day {
    /// `YYYY-MM-DD`.
    pub date: String,
    /// The fixture folder of its input files, relative to the pipeline.
    pub given: String,
    /// The input files' names.
    pub files: Vec<String>,
    /// Its expected tables.
    pub expected: Vec<Expected>,
}

/// An expected-rows file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Expected {
    /// The file's path relative to the pipeline.
    pub path: String,
    /// Its stem (the table's name).
    pub stem: String,
    /// The table's whole state (`after-<date>`), or the day's rows.
    pub whole: bool,
    /// The header's columns.
    pub header: Vec<String>,
    /// For each column, whether every row holds the day's date.
    pub date_columns: Vec<String>,
}

/// One expectation of a batch.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Expect {
    /// `table:` compared on the header's columns.
    Table(String, String),
    /// `query:` (Redshift SQL), rows, ordered.
    Query(String, String),
}

/// The expectations of a day; files that fit no table are returned as
/// `(path, why)`.
pub fn expectations(day: &Day, tables: &[TableOut]) -> (Vec<Expect>, Vec<(String, String)>) {
    let mut out = Vec::new();
    let mut skipped = Vec::new();
    for file in &day.expected {
        let Some(table) = table_of(file, tables) else {
            skipped.push((
                file.path.clone(),
                format!("no imported table is named `{}`", file.stem),
            ));
            continue;
        };
        let all_columns = file.header.iter().all(|c| table.column(c).is_some());
        let filter = if file.whole {
            None
        } else {
            file.date_columns
                .iter()
                .find(|c| table.column(c).is_some())
                .map(|c| format!("t.{c} = DATE '{}'", day.date))
        };
        if all_columns && filter.is_none() {
            out.push(Expect::Table(table.name.clone(), file.path.clone()));
            continue;
        }
        match query(file, table, tables, filter) {
            Ok(sql) => out.push(Expect::Query(sql, file.path.clone())),
            Err(column) => skipped.push((
                file.path.clone(),
                format!(
                    "`{}` has no column `{column}` and no table it references has",
                    table.name
                ),
            )),
        }
    }
    (out, skipped)
}

/// The table an expected file is named after. Several schemas hold the name
/// (a staging copy and the target): the one outside a staging schema, else
/// the last declared.
fn table_of<'t>(file: &Expected, tables: &'t [TableOut]) -> Option<&'t TableOut> {
    let candidates: Vec<&TableOut> = tables
        .iter()
        .filter(|t| t.name.rsplit('.').next() == Some(file.stem.as_str()) || t.name == file.stem)
        .collect();
    let staging = |t: &&TableOut| {
        matches!(
            t.name.split('.').next(),
            Some("stg" | "staging" | "stage" | "landing")
        )
    };
    candidates
        .iter()
        .rev()
        .find(|t| !staging(t))
        .or(candidates.last())
        .copied()
}

/// The query of an expected file whose columns the table lacks (each looked
/// up through a table whose one-column primary key the table holds) or
/// whose rows are the day's (`filter`); `Err(column)` names a column found
/// nowhere.
fn query(
    file: &Expected,
    table: &TableOut,
    tables: &[TableOut],
    filter: Option<String>,
) -> Result<String, String> {
    let mut joins = Vec::new();
    let mut select = Vec::new();
    for column in &file.header {
        if table.column(column).is_some() {
            select.push(format!("t.{column}"));
            continue;
        }
        let (index, other) = tables
            .iter()
            .enumerate()
            .find(|(_, other)| {
                other.name != table.name
                    && other.primary_key.len() == 1
                    && table.column(&other.primary_key[0]).is_some()
                    && other.column(column).is_some()
            })
            .ok_or_else(|| column.clone())?;
        let alias = format!("j{index}");
        let join = format!(
            "LEFT JOIN {} {alias} ON {alias}.{key} = t.{key}",
            other.name,
            key = other.primary_key[0]
        );
        if !joins.contains(&join) {
            joins.push(join);
        }
        select.push(format!("{alias}.{column}"));
    }
    let mut sql = format!("SELECT {} FROM {} t", select.join(", "), table.name);
    for join in &joins {
        sql.push(' ');
        sql.push_str(join);
    }
    if let Some(filter) = filter {
        sql.push_str(" WHERE ");
        sql.push_str(&filter);
    }
    Ok(sql)
}

/// The columns of a CSV (header + rows) whose every value starts with `date`.
pub fn date_columns(csv: &str, date: &str) -> (Vec<String>, Vec<String>) {
    let mut lines = csv.lines();
    let header: Vec<String> = lines
        .next()
        .unwrap_or("")
        .split(',')
        .map(|h| h.trim().trim_matches('"').to_lowercase())
        .collect();
    let rows: Vec<&str> = lines.filter(|l| !l.trim().is_empty()).collect();
    let compact = date.replace('-', "");
    let dated = header
        .iter()
        .enumerate()
        .filter(|(i, _)| {
            !rows.is_empty()
                && rows.iter().all(|row| {
                    // Dates never hold a comma: the i-th field is exact unless a
                    // quoted text before it does; such a row just fails the test.
                    row.split(',').nth(*i).is_some_and(|v| {
                        let v = v.trim().trim_matches('"');
                        v.starts_with(date) || v == compact
                    })
                })
        })
        .map(|(_, h)| h.clone())
        .collect();
    (header, dated)
}

/// The `tests:` batches: one per legacy day, given its data files and its
/// expected tables, when the pipeline has one date param to run it with.
pub(super) fn batches(
    request: &Request<'_>,
    params: &[Param],
    tables: &[TableOut],
    sources: &[SourceOut],
    diagnostics: &mut Vec<Diagnostic>,
) -> Vec<BatchOut> {
    let date_params: Vec<&Param> = params.iter().filter(|p| p.ty == "date").collect();
    let mut out = Vec::new();
    for day in &request.days {
        let Some(file) = request.files.first() else {
            break;
        };
        let span = Span::file_start(file.id);
        if date_params.len() != 1 || params.len() != 1 {
            diagnostics.push(
                Diagnostic::new(
                    Code::ImportExpectedColumns,
                    span,
                    format!(
                        "the legacy run of {} needs one date param; the driver's call gives {}",
                        day.date,
                        params.len()
                    ),
                )
                .label("tests not written")
                .help("write the tests: cases by hand with the params of each batch"),
            );
            break;
        }
        let param = date_params[0];
        for source in sources {
            let expected = render_pattern(&source.file, &param.name, &day.date);
            if !day.files.contains(&expected) {
                diagnostics.push(
                    Diagnostic::new(
                        Code::ImportExpectedColumns,
                        span.clone(),
                        format!(
                            "the legacy data of {} has no `{expected}` for source `{}`",
                            day.date, source.name
                        ),
                    )
                    .label("missing input")
                    .help(
                        "add the file to the day's data folder, or check the source's file pattern",
                    ),
                );
            }
        }
        let (expect, skipped) = expectations(day, tables);
        for (path, why) in skipped {
            diagnostics.push(
                Diagnostic::new(
                    Code::ImportExpectedColumns,
                    span.clone(),
                    format!("`{path}` is not compared: {why}"),
                )
                .label("expected rows")
                .help("write the query that produced the file as the expectation's query"),
            );
        }
        out.push(BatchOut {
            params: vec![(param.name.clone(), day.date.clone())],
            given: day.given.clone(),
            expect,
        });
    }
    out
}

/// A spec file pattern rendered for a date param's value (`YYYY-MM-DD`).
fn render_pattern(pattern: &str, param: &str, date: &str) -> String {
    let (y, rest) = date.split_at(4.min(date.len()));
    let m = rest.get(1..3).unwrap_or("");
    let d = rest.get(4..6).unwrap_or("");
    let mut out = pattern.replace(&format!("{{{param}}}"), date);
    while let Some(start) = out.find(&format!("{{{param}:")) {
        let Some(end) = out[start..].find('}') else {
            break;
        };
        let mask = &out[start + param.len() + 2..start + end];
        let value = mask.replace("YYYY", y).replace("MM", m).replace("DD", d);
        out.replace_range(start..start + end + 1, &value);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::date_columns;

    #[test]
    fn a_column_holding_the_day_everywhere_is_found() {
        let (header, dated) = date_columns(
            "eod_date,symbol,note\n2019-07-01,A,\"x, y\"\n2019-07-01,B,z\n",
            "2019-07-01",
        );
        assert_eq!(header, ["eod_date", "symbol", "note"]);
        assert_eq!(dated, ["eod_date"]);
    }
}
