//! Raw shape of `allow:`, on a source or a transform step: warnings the
//! spec acknowledges. Mirrors the YAML; see the parent module for the rules.

use schemars::{Schema, SchemaGenerator, json_schema};

use super::{Keys, Spanned};
use crate::diag::{Code, Severity, Span};

/// A warning acknowledged where it is raised: not printed, counted as allowed,
/// listed with its reason by `eltc check --explain-allowed`.
#[derive(Clone, Debug, schemars::JsonSchema)]
#[schemars(rename = "Allow", deny_unknown_fields)]
pub struct RawAllow {
    /// The warning's code, as `eltc` prints it (`eltc::plsql::transaction-changed`)
    /// or without its prefix; errors cannot be allowed.
    #[schemars(schema_with = "warning_codes")]
    pub code: Spanned<String>,
    /// Why the warning is acceptable here (required, not empty).
    #[schemars(length(min = 1))]
    pub reason: Spanned<String>,
    /// The entry.
    #[schemars(skip)]
    pub span: Span,
}
keys!(RawAllow: "code", "reason");

/// The codes an `allow` may name: every warning, with and without the
/// `eltc::` prefix, except `spec::unused-allow` (an allow acknowledging
/// nothing is removed, not acknowledged).
pub fn allowable_codes() -> impl Iterator<Item = Code> {
    Code::ALL
        .iter()
        .copied()
        .filter(|code| code.info().severity == Severity::Warning && *code != Code::UnusedAllow)
}

fn warning_codes(_: &mut SchemaGenerator) -> Schema {
    let plain = allowable_codes().map(|code| code.name().to_string());
    let prefixed = allowable_codes().map(|code| format!("eltc::{}", code.name()));
    let names: Vec<String> = plain.chain(prefixed).collect();
    json_schema!({ "type": "string", "enum": names })
}
