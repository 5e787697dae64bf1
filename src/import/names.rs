//! Names `eltc import` derives from legacy paths and texts: file names,
//! identifiers, file patterns, and where the DDL names a table.

use crate::diag::Span;
use crate::import::LegacyFile;
use crate::import::model::SourceOut;
use crate::import::units::Param;

/// The last segment of a path (`/` or `\`).
pub(super) fn basename(path: &str) -> String {
    path.rsplit(['/', '\\']).next().unwrap_or(path).to_string()
}

/// The file name without its extension.
pub(super) fn stem(path: &str) -> String {
    let base = basename(path);
    match base.rsplit_once('.') {
        Some((stem, _)) if !stem.is_empty() => stem.to_string(),
        _ => base,
    }
}

/// The directory of a data path, as a landing prefix: relative, without
/// the segments only a run knows.
pub(super) fn directory(path: &str) -> String {
    let dir = path.rsplit_once(['/', '\\']).map_or("", |(d, _)| d);
    dir.split(['/', '\\'])
        .filter(|s| !s.is_empty() && !s.contains('$') && !s.contains('%'))
        .collect::<Vec<_>>()
        .join("/")
}

/// A lower-case identifier (`legacy-nasdaq` -> `legacy_nasdaq`).
pub fn identifier(text: &str) -> String {
    let mut out: String = text
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                '_'
            }
        })
        .collect();
    if !out.starts_with(|c: char| c.is_ascii_alphabetic()) {
        out.insert_str(0, "s_");
    }
    out
}

/// `name`, or `name_2`, `name_3`... if a source already has it.
pub(super) fn unique(name: &str, sources: &[SourceOut]) -> String {
    let mut candidate = name.to_string();
    let mut n = 2;
    while sources.iter().any(|s| s.name == candidate) {
        candidate = format!("{name}_{n}");
        n += 1;
    }
    candidate
}

/// A data path as a spec file pattern: the file name, with each driver
/// variable that is a date param written as its capture.
pub(super) fn file_pattern(path: &str, params: &[Param]) -> String {
    let mut name = basename(path);
    for param in params {
        let capture = match param.mask.as_deref() {
            Some("YYYY-MM-DD") | None => format!("{{{}}}", param.name),
            Some(mask) => format!("{{{}:{mask}}}", param.name),
        };
        name = name.replace(&format!("${{{}}}", param.var), &capture);
    }
    name
}

/// Whether `text` (lower case) names `table` as a whole word.
pub(super) fn mentions(text: &str, table: &str) -> bool {
    let mut from = 0;
    while let Some(at) = text[from..].find(table) {
        let start = from + at;
        let end = start + table.len();
        let before = text[..start].chars().next_back();
        let after = text[end..].chars().next();
        let word = |c: Option<char>| c.is_some_and(|c| c.is_alphanumeric() || c == '_' || c == '.');
        if !word(before) && !word(after) {
            return true;
        }
        from = end;
    }
    false
}

/// Where the DDL creates `name` (its first mention after CREATE TABLE).
pub(super) fn table_span(files: &[LegacyFile<'_>], name: &str) -> Option<Span> {
    for file in files {
        let lower = file.text.to_lowercase();
        let mut from = 0;
        while let Some(at) = lower[from..].find(name) {
            let start = from + at;
            let before = lower[..start].trim_end();
            if before.ends_with("table") && mentions(&lower[start..], name) {
                return Some(Span::new(file.id, start..start + name.len()));
            }
            from = start + name.len();
        }
    }
    None
}

/// Where a DDL span is, as `path:line`.
pub(super) fn span_path(files: &[LegacyFile<'_>], span: &Span) -> String {
    let path = files
        .iter()
        .find(|f| f.id == span.file)
        .map_or("the DDL", |f| f.path);
    let line = files.iter().find(|f| f.id == span.file).map_or(0, |f| {
        f.text[..span.range.start.min(f.text.len())]
            .matches('\n')
            .count()
            + 1
    });
    format!("{path}:{line}")
}
