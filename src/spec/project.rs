//! Checks of the project as a whole: pipelines deployed side by side must
//! not write the same table, answer the same notifications, share the
//! runtime's lock object or overwrite each other's manifests.
//!
//! The runtime's keys come from the patterns' literal prefixes (the text
//! before the first `{param}`): an EventBridge rule and the IAM policy match
//! `<notification prefix>*`, the lock is `<notification prefix>_eltc/state.json`
//! and a source's manifest `<landing>_manifests/<source>.json` (docs/runtime.md).
//! Two pipelines of different default buckets never meet; a pipeline that
//! is an `alternative_to` another is deployed instead of it, so the pair is
//! not compared.

use super::model::{Pattern, PatternPart, Pipeline};
use crate::diag::{Code, Diagnostic};

/// The diagnostics of every pair of `pipelines` that would collide.
pub fn check(pipelines: &[&Pipeline]) -> Vec<Diagnostic> {
    // Every pair is looked at, so each pair must be cheap: the prefixes are
    // computed once per pipeline, and the pairs that share a table are found
    // through one index of table names rather than by comparing every table
    // of every pair (1,000 pipelines are 499,500 pairs).
    let prefixes: Vec<(String, String)> = pipelines
        .iter()
        .map(|p| (prefix(&p.trigger.notification), prefix(&p.trigger.landing)))
        .collect();
    let sharing = pairs_sharing_a_table(pipelines);
    let mut found = Vec::new();
    for (i, first) in pipelines.iter().enumerate() {
        for (j, second) in pipelines.iter().enumerate().skip(i + 1) {
            let related = |x: &str, y: &str| x.starts_with(y) || y.starts_with(x);
            let may_collide = sharing.contains(&(i, j))
                || related(&prefixes[i].0, &prefixes[j].0)
                || related(&prefixes[i].1, &prefixes[j].1);
            if may_collide && compared(first, second) {
                found.extend(pair(first, second));
            }
        }
    }
    found
}

/// The pairs `(i, j)`, `i < j`, of pipelines that declare a table of the same name.
fn pairs_sharing_a_table(pipelines: &[&Pipeline]) -> std::collections::HashSet<(usize, usize)> {
    let mut owners: std::collections::HashMap<&crate::spec::model::QualifiedName, Vec<usize>> =
        std::collections::HashMap::new();
    for (i, pipeline) in pipelines.iter().enumerate() {
        for table in &pipeline.tables {
            owners.entry(&table.name).or_default().push(i);
        }
    }
    let mut pairs = std::collections::HashSet::new();
    for indices in owners.values() {
        for (k, &i) in indices.iter().enumerate() {
            for &j in &indices[k + 1..] {
                if i != j {
                    pairs.insert((i.min(j), i.max(j)));
                }
            }
        }
    }
    pairs
}

fn compared(a: &Pipeline, b: &Pipeline) -> bool {
    let alternative = |x: &Pipeline, y: &Pipeline| {
        x.alternative_to
            .as_ref()
            .is_some_and(|(name, _)| *name == y.name)
    };
    let other_buckets =
        matches!((&a.trigger.bucket, &b.trigger.bucket), (Some(x), Some(y)) if x != y);
    !alternative(a, b) && !alternative(b, a) && !other_buckets
}

fn pair(a: &Pipeline, b: &Pipeline) -> Vec<Diagnostic> {
    let mut found = Vec::new();
    for table in &b.tables {
        if let Some(first) = a.table(&table.name) {
            found.push(
                Diagnostic::new(
                    Code::ProjectSharedTable,
                    table.span.clone(),
                    format!("pipelines `{}` and `{}` both own table `{}`", a.name, b.name, table.name),
                )
                .label("declared here")
                .also(first.span.clone(), format!("and by pipeline `{}`", a.name))
                .help("give one pipeline the table, and rename or move (another schema) the other's; if one pipeline replaces the other, declare `alternative_to`"),
            );
        }
    }
    let (na, nb) = (&a.trigger.notification, &b.trigger.notification);
    let (pa, pb) = (prefix(na), prefix(nb));
    if pa == pb {
        found.push(collision(
            Code::ProjectSharedLock,
            (a, na),
            (b, nb),
            format!("the lock object `{pa}_eltc/state.json`"),
            "give each pipeline its own notification prefix, e.g. `notification/<pipeline>/{param}.done`",
        ));
    } else if pa.starts_with(&pb) || pb.starts_with(&pa) {
        found.push(collision(
            Code::ProjectOverlappingNotification,
            (a, na),
            (b, nb),
            format!("notifications: `{pa}` and `{pb}` overlap, so one pipeline's rule also fires on the other's objects"),
            "give each pipeline a notification prefix that is not a prefix of another's",
        ));
    }
    let (la, lb) = (&a.trigger.landing, &b.trigger.landing);
    if la.text == lb.text {
        for source in &b.sources {
            if let Some(first) = a.sources.iter().find(|s| s.name == source.name) {
                found.push(
                    Diagnostic::new(
                        Code::ProjectSharedManifest,
                        source.span.clone(),
                        format!(
                            "pipelines `{}` and `{}` write the same manifest `{}_manifests/{}.json`",
                            a.name, b.name, la.text, source.name
                        ),
                    )
                    .label("this source's manifest")
                    .also(first.span.clone(), format!("is also pipeline `{}`'s", a.name))
                    .help("give each pipeline its own landing prefix, e.g. `<pipeline>/in/{param}/`"),
                );
            }
        }
    } else if prefix(la).starts_with(&prefix(lb)) || prefix(lb).starts_with(&prefix(la)) {
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

fn collision(
    code: Code,
    (a, first): (&Pipeline, &Pattern),
    (b, second): (&Pipeline, &Pattern),
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
