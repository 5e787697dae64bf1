//! Acknowledged warnings: a source or step's `allow:` entries applied to the
//! diagnostics of a run.
//!
//! A warning is acknowledged when an entry of a source or step names its
//! code and the warning's primary span lies inside that source's or step's
//! scope (its block in `pipeline.yaml`, and a step's SQL or PL/SQL). It is
//! then not printed but counted, and `eltc check --explain-allowed` lists
//! it with the entry's reason. Errors are never acknowledged, whatever code
//! they carry. An entry that acknowledged nothing is a `spec::unused-allow`
//! warning, so a stale acknowledgement cannot hide the same warning when it
//! comes back for another reason; it is raised only when the pipeline
//! compiled without error in its own files, since a compilation cut short
//! may not have raised the warning the entry is for.
//!
//! Pure: the CLI applies it, once per pipeline, to everything the run raised.
//! It keeps each pipeline's [`AllowScopes`] rather than the pipeline, so a
//! run of many pipelines holds one model at a time.

use crate::diag::{Code, Diagnostic, FileId, Severity, Span};

use super::model::{Allow, Allows, Pipeline};

/// What [`acknowledge`] needs of a pipeline: its spec file and every
/// source's and step's `allow:` entries, with what each is for messages.
#[derive(Clone, Debug, serde::Serialize, serde::Deserialize)]
pub struct AllowScopes {
    file: FileId,
    blocks: Vec<(Allows, String)>,
}

impl AllowScopes {
    /// The scopes of `pipeline`'s sources and steps, in the order written.
    pub fn of(pipeline: &Pipeline) -> Self {
        let sources = pipeline
            .sources
            .iter()
            .map(|s| (s.allow.clone(), format!("source `{}`", s.name)));
        let steps = pipeline
            .transforms
            .iter()
            .map(|t| (t.allow.clone(), format!("step `{}`", t.name)));
        Self {
            file: pipeline.file,
            blocks: sources.chain(steps).collect(),
        }
    }
}

/// The outcome of [`acknowledge`].
#[derive(Debug, Default)]
pub struct Acknowledged {
    /// What is still to print: errors, warnings no entry covers, and a
    /// `spec::unused-allow` for each entry that acknowledged nothing.
    pub kept: Vec<Diagnostic>,
    /// The warnings acknowledged, in the order given.
    pub allowed: Vec<AllowedWarning>,
}

/// A warning acknowledged by an `allow` entry.
#[derive(Clone, Debug)]
pub struct AllowedWarning {
    /// The warning, as it would have been printed.
    pub diagnostic: Diagnostic,
    /// The entry's reason.
    pub reason: String,
    /// The entry.
    pub allow: Span,
}

/// Applies `pipeline`'s `allow:` entries to `diagnostics` (those of the whole
/// run: a diagnostic outside the pipeline's files is simply kept).
pub fn acknowledge(diagnostics: Vec<Diagnostic>, pipeline: &AllowScopes) -> Acknowledged {
    let blocks = &pipeline.blocks;
    let mut used = vec![false; blocks.iter().map(|(allows, _)| allows.entries.len()).sum()];
    let complete = !diagnostics
        .iter()
        .any(|d| d.is_error() && in_pipeline(pipeline, &d.primary.span));
    let mut outcome = Acknowledged::default();
    for diagnostic in diagnostics {
        match covering(blocks, &diagnostic) {
            Some((index, allow)) => {
                used[index] = true;
                outcome.allowed.push(AllowedWarning {
                    diagnostic,
                    reason: allow.reason.clone(),
                    allow: allow.span.clone(),
                });
            }
            None => outcome.kept.push(diagnostic),
        }
    }
    if complete {
        let entries = blocks
            .iter()
            .flat_map(|(allows, what)| allows.entries.iter().map(move |a| (a, what)));
        for ((allow, what), used) in entries.zip(used) {
            if !used {
                outcome.kept.push(unused(allow, what));
            }
        }
    }
    outcome
}

/// The first entry (with its index over all entries) acknowledging `diagnostic`.
fn covering<'a>(
    blocks: &'a [(Allows, String)],
    diagnostic: &Diagnostic,
) -> Option<(usize, &'a Allow)> {
    if diagnostic.severity != Severity::Warning {
        return None;
    }
    let span = &diagnostic.primary.span;
    let mut index = 0;
    for (allows, _) in blocks {
        let inside = allows.scope.iter().any(|scope| contains(scope, span));
        for allow in &allows.entries {
            if inside && allow.code == diagnostic.code {
                return Some((index, allow));
            }
            index += 1;
        }
    }
    None
}

fn contains(scope: &Span, span: &Span) -> bool {
    scope.file == span.file
        && scope.range.start <= span.range.start
        && span.range.end <= scope.range.end
}

/// True when `span` is in the pipeline's spec or one of the files its steps name.
fn in_pipeline(pipeline: &AllowScopes, span: &Span) -> bool {
    span.file == pipeline.file
        || pipeline
            .blocks
            .iter()
            .any(|(allows, _)| allows.scope.iter().any(|scope| scope.file == span.file))
}

fn unused(allow: &Allow, what: &str) -> Diagnostic {
    let code = allow.code.name();
    Diagnostic::new(
        Code::UnusedAllow,
        allow.span.clone(),
        format!("`{code}` is allowed in {what}, but no such warning was raised there"),
    )
    .label("acknowledges nothing")
    .help(
        "remove the entry, or move it to the source or step the warning points into \
         (`eltc check --explain-allowed` lists what each entry acknowledges)",
    )
}
