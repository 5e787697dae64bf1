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
    let mut found = Vec::new();
    for (i, first) in pipelines.iter().enumerate() {
        for second in &pipelines[i + 1..] {
            if compared(first, second) {
                found.extend(pair(first, second));
            }
        }
    }
    found
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
