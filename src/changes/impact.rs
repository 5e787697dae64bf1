//! Which parts of a pipeline a change touches: the sources that load the
//! table, the transforms and assertions whose SQL names the table and the
//! column. Names are matched on the SQL's words (comments and string
//! literals left out), so a listed step names the column, it does not
//! necessarily read it through that table: the list is what to review, not
//! a proof of use. [`downstream`] adds what the column lineage proves: the
//! columns and assertions a changed column flows into.

use std::collections::BTreeSet;

use super::{Change, ChangeKind};
use crate::diag::SourceMap;
use crate::lineage::Graph;
use crate::spec::model::{Assertion, Pipeline, QualifiedName, SqlText, TransformKind};

/// A part of a pipeline that reads or writes tables.
#[derive(Clone, Debug)]
pub struct Reader {
    /// What it is, for the plan: `source orders`, `transform daily`.
    pub what: String,
    /// The words of its SQL (lower case), qualified names whole and in parts.
    pub words: BTreeSet<String>,
}

/// The readers of `pipeline`: sources, transforms and their assertions.
pub fn readers(pipeline: &Pipeline, sources: &SourceMap) -> Vec<Reader> {
    let mut readers = Vec::new();
    for source in &pipeline.sources {
        for target in &source.into {
            let mut words: BTreeSet<String> =
                target.columns.iter().map(|c| c.column.clone()).collect();
            words.insert(target.table.to_string());
            readers.push(Reader {
                what: format!("source {}", source.name),
                words,
            });
        }
    }
    for transform in &pipeline.transforms {
        let mut words = BTreeSet::new();
        match &transform.kind {
            TransformKind::Statements(sql) | TransformKind::PlSql { sql, .. } => {
                words.extend(sql_words(sql, sources));
            }
            TransformKind::Query { sql, target, .. } => {
                words.extend(sql_words(sql, sources));
                words.insert(target.to_string());
            }
        }
        readers.push(Reader {
            what: format!("transform {}", transform.name),
            words,
        });
        for assertion in &transform.assertions {
            let (kind, words) = match assertion {
                Assertion::MinRows { .. } => continue,
                Assertion::Unique { table, columns, .. } => {
                    let mut words: BTreeSet<String> = columns.iter().cloned().collect();
                    words.insert(table.to_string());
                    ("unique", words)
                }
                Assertion::NoRows { sql, .. } => ("no_rows", sql_words(sql, sources)),
            };
            readers.push(Reader {
                what: format!("assertion {kind} of transform {}", transform.name),
                words,
            });
        }
    }
    readers
}

/// The readers a change touches, described.
pub fn touched(change: &Change, readers: &[Reader]) -> Vec<String> {
    let Some((table, columns)) = subject(change) else {
        return Vec::new();
    };
    readers
        .iter()
        .filter(|r| names_table(r, table))
        .filter_map(|r| {
            if columns.is_empty() {
                return Some(r.what.clone());
            }
            let named: Vec<&str> = columns
                .iter()
                .filter(|c| r.words.contains(c.as_str()))
                .map(String::as_str)
                .collect();
            (!named.is_empty()).then(|| format!("{} (names {})", r.what, named.join(", ")))
        })
        .collect()
}

/// The columns and assertions each changed column flows into, from the
/// lineage (`downstream of s.t.c: s.u.d, assertion ...`); every column of
/// a dropped table.
pub fn downstream(change: &Change, lineage: &Graph) -> Vec<String> {
    let Some((table, mut columns)) = subject(change) else {
        return Vec::new();
    };
    let table = table.to_string();
    if columns.is_empty() {
        columns = lineage.tables.get(&table).cloned().unwrap_or_default();
    }
    columns
        .iter()
        .filter_map(|column| {
            let found = lineage.downstream_of(&table, column);
            (!found.is_empty()).then(|| format!("downstream of {table}.{column}: {found}"))
        })
        .collect()
}

fn names_table(reader: &Reader, table: &QualifiedName) -> bool {
    reader.words.contains(&table.to_string()) || reader.words.contains(&table.name)
}

/// The table a change is about, for the changes that alter or drop columns.
pub fn subject_table(change: &Change) -> Option<&QualifiedName> {
    subject(change).map(|(table, _)| table)
}

/// The table a change is about and its columns (empty: the whole table).
fn subject(change: &Change) -> Option<(&QualifiedName, Vec<String>)> {
    match &change.kind {
        ChangeKind::AddColumn { table, column }
        | ChangeKind::NotNullWithoutDefault { table, column } => {
            Some((table, vec![column.name.clone()]))
        }
        ChangeKind::WidenVarchar { table, column, .. }
        | ChangeKind::Encode { table, column, .. }
        | ChangeKind::DropColumn { table, column } => Some((table, vec![column.clone()])),
        ChangeKind::DropTable(table) => Some((table, Vec::new())),
        ChangeKind::Rebuild { old, new } => {
            let changed = old
                .columns
                .iter()
                .filter(|c| {
                    new.column(&c.name).is_none_or(|n| {
                        (n.ty, n.not_null, &n.default) != (c.ty, c.not_null, &c.default)
                    })
                })
                .chain(new.columns.iter().filter(|c| old.column(&c.name).is_none()))
                .map(|c| c.name.clone())
                .collect();
            Some((&new.name, changed))
        }
        ChangeKind::CreateTable(_)
        | ChangeKind::Distribution { .. }
        | ChangeKind::SortKey { .. }
        | ChangeKind::Procedures { .. }
        | ChangeKind::Grant(_)
        | ChangeKind::Revoke(_)
        | ChangeKind::StaleProcedures(_) => None,
    }
}

fn sql_words(sql: &SqlText, sources: &SourceMap) -> BTreeSet<String> {
    let text = sources
        .text(sql.file)
        .get(sql.range.clone())
        .unwrap_or_default();
    words(text)
}

/// The identifier words of SQL text, lower case, without comments and
/// string literals; a dotted name gives itself and each part (`s.t` and the
/// alias form `t.c` give `s`, `t`, `c`).
pub fn words(text: &str) -> BTreeSet<String> {
    let mut words = BTreeSet::new();
    let mut chars = text.char_indices().peekable();
    let mut word = String::new();
    let flush = |word: &mut String, words: &mut BTreeSet<String>| {
        let trimmed = word.trim_matches('.').to_ascii_lowercase();
        if !trimmed.is_empty() {
            words.extend(
                trimmed
                    .split('.')
                    .filter(|p| !p.is_empty())
                    .map(str::to_string),
            );
            words.insert(trimmed);
        }
        word.clear();
    };
    while let Some((at, c)) = chars.next() {
        let rest = &text[at..];
        if rest.starts_with("--") {
            flush(&mut word, &mut words);
            while chars.next_if(|(_, c)| *c != '\n').is_some() {}
        } else if rest.starts_with("/*") {
            flush(&mut word, &mut words);
            let end = rest.find("*/").map_or(text.len(), |e| at + e + 2);
            while chars.next_if(|(i, _)| *i < end).is_some() {}
        } else if c == '\'' {
            flush(&mut word, &mut words);
            while let Some((_, c)) = chars.next() {
                if c == '\'' && chars.next_if(|(_, c)| *c == '\'').is_none() {
                    break;
                }
            }
        } else if c.is_alphanumeric() || matches!(c, '_' | '$' | '#' | '.' | '"') {
            if c != '"' {
                word.push(c);
            }
        } else {
            flush(&mut word, &mut words);
        }
    }
    flush(&mut word, &mut words);
    words
}

#[cfg(test)]
mod tests {
    use super::words;

    #[test]
    fn words_leave_out_comments_and_literals_and_split_dotted_names() {
        let found = words(
            "SELECT s.Amount, 'price' -- qty\n FROM staging.orders s /* x */ WHERE a='it''s'",
        );
        let expected = [
            "a",
            "amount",
            "from",
            "orders",
            "s",
            "s.amount",
            "select",
            "staging",
            "staging.orders",
            "where",
        ];
        assert_eq!(
            found.iter().map(String::as_str).collect::<Vec<_>>(),
            expected
        );
    }
}
