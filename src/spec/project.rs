//! Checks of the project as a whole: pipelines deployed side by side must
//! not write the same table, answer the same notifications, share the
//! runtime's lock object or overwrite each other's manifests. A table one
//! pipeline owns and another declares `read_only` is not shared: the
//! reader's columns are checked against the owner's instead.
//!
//! The runtime's keys come from the patterns' literal prefixes (the text
//! before the first `{param}`): an EventBridge rule and the IAM policy match
//! `<notification prefix>*`, the lock is `<notification prefix>_eltc/state.json`
//! and a source's manifest `<landing>_manifests/<source>.json` (docs/runtime.md).
//! Two pipelines of different default buckets never meet; a pipeline that
//! is an `alternative_to` another is deployed instead of it, so the pair is
//! not compared.

use std::collections::BTreeSet;
use std::hash::{DefaultHasher, Hash, Hasher};

use super::model::{DataType, Pattern, PatternPart, Pipeline, QualifiedName};
use crate::diag::{Code, Diagnostic, Span, rebased};

/// What the project checks need of a pipeline. A run keeps this, not the
/// pipeline, so checking 1,000 pipelines holds one model at a time.
#[derive(Clone, Debug, serde::Serialize, serde::Deserialize)]
pub struct Footprint {
    name: String,
    alternative_to: Option<String>,
    bucket: Option<String>,
    tables: Vec<DeclaredTable>,
    sources: Vec<(String, Span)>,
    notification: Prefixed,
    landing: Prefixed,
}

/// A table as a pipeline declares it: what the owner's and a reader's
/// declarations are compared on.
#[derive(Clone, Debug, serde::Serialize, serde::Deserialize)]
struct DeclaredTable {
    name: QualifiedName,
    read_only: bool,
    columns: Columns,
    span: Span,
}

/// A column as compared between a table's owner and a reader.
type Column = (String, DataType, Span);

/// A table's columns, kept encoded: they are compared only for a table two
/// pipelines both declare, which few are, so a run that takes 1,000
/// pipelines from the build cache neither decodes nor frees the others'
/// (in such a run that was a quarter of the work left).
#[derive(Clone, Debug, serde::Serialize, serde::Deserialize)]
struct Columns {
    /// The source-map block the encoded spans point into.
    block: u32,
    #[serde(with = "serde_bytes")]
    encoded: Vec<u8>,
}

impl Columns {
    fn of(columns: &[Column], block: u32) -> Self {
        Self {
            block,
            // Strings, types and spans always encode.
            encoded: postcard::to_stdvec(columns).unwrap_or_default(),
        }
    }

    /// The columns, their spans moved to `block` (where the table's own span
    /// is now); `None` when the bytes (from the build cache) cannot be read.
    fn decode(&self, block: u32) -> Option<Vec<Column>> {
        rebased(self.block, block, || {
            postcard::from_bytes(&self.encoded).ok()
        })
    }
}

/// A key pattern with its literal prefix.
#[derive(Clone, Debug, serde::Serialize, serde::Deserialize)]
struct Prefixed {
    text: String,
    prefix: String,
    span: Span,
}

impl Prefixed {
    fn of(pattern: &Pattern) -> Self {
        Self {
            text: pattern.text.clone(),
            prefix: prefix(pattern),
            span: pattern.span.clone(),
        }
    }
}

impl Footprint {
    /// The names, keys and spans of `pipeline` that another pipeline may share.
    pub fn of(pipeline: &Pipeline) -> Self {
        Self {
            name: pipeline.name.clone(),
            alternative_to: pipeline
                .alternative_to
                .as_ref()
                .map(|(name, _)| name.clone()),
            bucket: pipeline.trigger.bucket.clone(),
            tables: (pipeline.tables.iter())
                .map(|t| {
                    let columns: Vec<Column> = (t.columns.iter())
                        .map(|c| (c.name.clone(), c.ty, c.span.clone()))
                        .collect();
                    DeclaredTable {
                        name: t.name.clone(),
                        read_only: t.read_only,
                        columns: Columns::of(&columns, t.span.file.block()),
                        span: t.span.clone(),
                    }
                })
                .collect(),
            sources: (pipeline.sources.iter())
                .map(|s| (s.name.clone(), s.span.clone()))
                .collect(),
            notification: Prefixed::of(&pipeline.trigger.notification),
            landing: Prefixed::of(&pipeline.trigger.landing),
        }
    }
}

/// The diagnostics of every pair of pipelines that would collide.
pub fn check(pipelines: &[Footprint]) -> Vec<Diagnostic> {
    // Only pairs that share a table name or have related key prefixes can
    // collide; finding them through an index and a sort keeps the cost
    // near-linear in the number of pipelines (1,000 pipelines are 499,500
    // pairs, almost none of which meet).
    let mut candidates = pairs_sharing_a_table(pipelines);
    candidates.extend(pairs_with_related_prefixes(pipelines, |p| {
        &p.notification.prefix
    }));
    candidates.extend(pairs_with_related_prefixes(pipelines, |p| {
        &p.landing.prefix
    }));
    let mut found = Vec::new();
    for (i, j) in candidates {
        let (first, second) = (&pipelines[i], &pipelines[j]);
        if compared(first, second) {
            found.extend(pair(first, second));
        }
    }
    found
}

/// The pairs `(i, j)`, `i < j`, of pipelines that declare a table of the
/// same name. The declarations are sorted by a hash of the name (a thousand
/// pipelines declare some 13,000 tables: sorting them by the names' text,
/// or a hash map of them, was a tenth of a build taken from the cache), then
/// names are compared within each run of equal hashes.
fn pairs_sharing_a_table(pipelines: &[Footprint]) -> BTreeSet<(usize, usize)> {
    let hash = |name: &QualifiedName| {
        let mut hasher = DefaultHasher::new();
        name.hash(&mut hasher);
        hasher.finish()
    };
    let mut declared: Vec<(u64, usize, &QualifiedName)> = (pipelines.iter().enumerate())
        .flat_map(|(i, pipeline)| pipeline.tables.iter().map(move |table| (i, &table.name)))
        .map(|(i, name)| (hash(name), i, name))
        .collect();
    declared.sort_unstable_by_key(|&(hash, i, _)| (hash, i));
    let mut pairs = BTreeSet::new();
    for same_hash in declared.chunk_by(|a, b| a.0 == b.0) {
        for (k, &(_, i, name)) in same_hash.iter().enumerate() {
            for &(_, j, other) in &same_hash[k + 1..] {
                if i != j && name == other {
                    pairs.insert((i, j));
                }
            }
        }
    }
    pairs
}

/// The pairs `(i, j)`, `i < j`, where one pipeline's `key` prefix starts
/// with the other's. Sorted, the prefixes that start with `p` follow `p`
/// without a gap, so each pipeline scans only as far as its prefix is one.
fn pairs_with_related_prefixes(
    pipelines: &[Footprint],
    key: impl Fn(&Footprint) -> &str,
) -> BTreeSet<(usize, usize)> {
    let mut order: Vec<usize> = (0..pipelines.len()).collect();
    order.sort_by(|&a, &b| key(&pipelines[a]).cmp(key(&pipelines[b])));
    let mut pairs = BTreeSet::new();
    for (k, &i) in order.iter().enumerate() {
        let shorter = key(&pipelines[i]);
        for &j in order[k + 1..]
            .iter()
            .take_while(|&&j| key(&pipelines[j]).starts_with(shorter))
        {
            pairs.insert((i.min(j), i.max(j)));
        }
    }
    pairs
}

fn compared(a: &Footprint, b: &Footprint) -> bool {
    let alternative = |x: &Footprint, y: &Footprint| x.alternative_to.as_ref() == Some(&y.name);
    let other_buckets = matches!((&a.bucket, &b.bucket), (Some(x), Some(y)) if x != y);
    !alternative(a, b) && !alternative(b, a) && !other_buckets
}

fn pair(a: &Footprint, b: &Footprint) -> Vec<Diagnostic> {
    let mut found = Vec::new();
    for table in &b.tables {
        if let Some(first) = a.tables.iter().find(|t| t.name == table.name) {
            found.extend(same_table(a, first, b, table));
        }
    }
    let (na, nb) = (&a.notification, &b.notification);
    let (pa, pb) = (&na.prefix, &nb.prefix);
    if pa == pb {
        found.push(collision(
            Code::ProjectSharedLock,
            (a, na),
            (b, nb),
            format!("the lock object `{pa}_eltc/state.json`"),
            "give each pipeline its own notification prefix, e.g. `notification/<pipeline>/{param}.done`",
        ));
    } else if pa.starts_with(pb.as_str()) || pb.starts_with(pa.as_str()) {
        found.push(collision(
            Code::ProjectOverlappingNotification,
            (a, na),
            (b, nb),
            format!("notifications: `{pa}` and `{pb}` overlap, so one pipeline's rule also fires on the other's objects"),
            "give each pipeline a notification prefix that is not a prefix of another's",
        ));
    }
    let (la, lb) = (&a.landing, &b.landing);
    if la.text == lb.text {
        for (source, span) in &b.sources {
            if let Some((_, first)) = a.sources.iter().find(|(name, _)| name == source) {
                found.push(
                    Diagnostic::new(
                        Code::ProjectSharedManifest,
                        span.clone(),
                        format!(
                            "pipelines `{}` and `{}` write the same manifest `{}_manifests/{source}.json`",
                            a.name, b.name, la.text
                        ),
                    )
                    .label("this source's manifest")
                    .also(first.clone(), format!("is also pipeline `{}`'s", a.name))
                    .help("give each pipeline its own landing prefix, e.g. `<pipeline>/in/{param}/`"),
                );
            }
        }
    } else if la.prefix.starts_with(lb.prefix.as_str()) || lb.prefix.starts_with(la.prefix.as_str())
    {
        found.push(collision(
            Code::ProjectOverlappingLanding,
            (a, la),
            (b, lb),
            format!("landing prefixes: `{}` and `{}` overlap", la.text, lb.text),
            "give each pipeline its own landing prefix, e.g. `<pipeline>/in/{param}/`",
        ));
    }
    found
}

/// A table both `a` and `b` declare: two owners collide; an owner and a
/// reader must agree on the columns the reader declares; two readers of a
/// table outside the project have nothing to compare.
fn same_table(
    a: &Footprint,
    first: &DeclaredTable,
    b: &Footprint,
    second: &DeclaredTable,
) -> Vec<Diagnostic> {
    let table = &second.name;
    match (first.read_only, second.read_only) {
        (false, false) => vec![
            Diagnostic::new(
                Code::ProjectSharedTable,
                second.span.clone(),
                format!("pipelines `{}` and `{}` both own table `{table}`", a.name, b.name),
            )
            .label("declared here")
            .also(first.span.clone(), format!("and by pipeline `{}`", a.name))
            .help("give one pipeline the table, and rename or move (another schema) the other's; a pipeline that only reads it declares it `read_only: true`; if one pipeline replaces the other, declare `alternative_to`"),
        ],
        (true, false) => read_against_owner((a, first), (b, second)),
        (false, true) => read_against_owner((b, second), (a, first)),
        (true, true) => Vec::new(),
    }
}

/// Every column the reader declares that the owner lacks or types otherwise.
fn read_against_owner(
    (reader, read): (&Footprint, &DeclaredTable),
    (owner, owned): (&Footprint, &DeclaredTable),
) -> Vec<Diagnostic> {
    let table = &read.name;
    let (Some(read_columns), Some(owned_columns)) = (
        read.columns.decode(read.span.file.block()),
        owned.columns.decode(owned.span.file.block()),
    ) else {
        return vec![
            Diagnostic::new(
                Code::ProjectReadTableMismatch,
                read.span.clone(),
                format!("the columns of `{table}` could not be read back from the build cache, so they were not compared with its owner's"),
            )
            .label("not compared")
            .help("run `eltc build --no-cache` (or `eltc check --no-cache`) to compile every pipeline again"),
        ];
    };
    let mut found = Vec::new();
    for (column, ty, span) in &read_columns {
        let diagnostic = match owned_columns.iter().find(|(name, ..)| name == column) {
            Some((_, owner_ty, _)) if owner_ty == ty => continue,
            Some((_, owner_ty, owner_span)) => Diagnostic::new(
                Code::ProjectReadTableMismatch,
                span.clone(),
                format!(
                    "pipeline `{}` reads `{table}.{column}` as {ty}, but its owner `{}` declares it {owner_ty}",
                    reader.name, owner.name
                ),
            )
            .label(format!("{ty} here"))
            .also(owner_span.clone(), format!("{owner_ty} in pipeline `{}`", owner.name)),
            None => Diagnostic::new(
                Code::ProjectReadTableMismatch,
                span.clone(),
                format!(
                    "pipeline `{}` reads `{table}.{column}`, which its owner `{}` does not declare",
                    reader.name, owner.name
                ),
            )
            .label("not a column of the owner's table")
            .also(owned.span.clone(), format!("the table in pipeline `{}`", owner.name)),
        };
        found.push(diagnostic.help(format!(
            "declare `{column}` in `{}` as pipeline `{}` declares it, or change both",
            reader.name, owner.name
        )));
    }
    found
}

fn collision(
    code: Code,
    (a, first): (&Footprint, &Prefixed),
    (b, second): (&Footprint, &Prefixed),
    what: String,
    help: &str,
) -> Diagnostic {
    Diagnostic::new(
        code,
        second.span.clone(),
        format!("pipelines `{}` and `{}` share {what}", a.name, b.name),
    )
    .label(format!("pipeline `{}`", b.name))
    .also(first.span.clone(), format!("pipeline `{}`", a.name))
    .help(help.to_string())
}

/// The literal text before the first capture.
fn prefix(pattern: &Pattern) -> String {
    pattern
        .parts
        .iter()
        .map_while(|part| match part {
            PatternPart::Literal(text) => Some(text.as_str()),
            PatternPart::Param { .. } => None,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diag::SourceMap;

    fn footprint(span: &Span, notification: &str, landing: &str) -> Footprint {
        let prefixed = |text: &str| Prefixed {
            text: text.to_string(),
            prefix: text.to_string(),
            span: span.clone(),
        };
        Footprint {
            name: format!("{notification}|{landing}"),
            alternative_to: None,
            bucket: None,
            tables: Vec::new(),
            sources: Vec::new(),
            notification: prefixed(notification),
            landing: prefixed(landing),
        }
    }

    /// The sorted scan finds exactly the pairs that comparing every pair finds,
    /// including equal prefixes, the empty prefix and prefixes that sort
    /// between related ones (`a/b` < `a/b/` < `a/b0` < `a/c`).
    #[test]
    fn related_prefixes_are_the_pairs_a_full_comparison_finds() {
        let mut sources = SourceMap::new();
        let file = sources.add("pipeline.yaml", "");
        let span = Span::new(file, 0..0);
        let prefixes = [
            "a/b/", "a/b", "", "a/c", "a/b0", "b/", "a/b/", "a/b/x/", "a", "ab/", "a/b/x",
        ];
        let pipelines: Vec<_> = prefixes
            .iter()
            .map(|p| footprint(&span, p, "landing/"))
            .collect();
        let mut expected = BTreeSet::new();
        for i in 0..prefixes.len() {
            for j in i + 1..prefixes.len() {
                if prefixes[i].starts_with(prefixes[j]) || prefixes[j].starts_with(prefixes[i]) {
                    expected.insert((i, j));
                }
            }
        }
        let found = pairs_with_related_prefixes(&pipelines, |p| &p.notification.prefix);
        assert_eq!(found, expected);
        assert!(found.contains(&(0, 6)) && found.contains(&(1, 4)) && !found.contains(&(3, 4)));
    }
}
