//! Resolution of `allow:`: each entry's code must name a warning (errors
//! are never acknowledged, and neither is `spec::unused-allow`), and its
//! reason must say something. Which warnings an entry acknowledges is
//! decided after compilation, by `spec::allow`.

use super::Ctx;
use crate::diag::{Code, Diagnostic, Severity, Span, closest};
use crate::spec::model::{Allow, Allows};
use crate::spec::raw::{RawAllow, Spanned, allowable_codes};

impl Ctx<'_> {
    /// The `allow:` of a source or step whose warnings may lie in `scope`;
    /// a refused entry is reported and left out.
    pub(super) fn allows(
        &mut self,
        raw: Option<&Spanned<Vec<RawAllow>>>,
        scope: Vec<Span>,
    ) -> Allows {
        let entries = raw
            .map(|list| list.value.as_slice())
            .unwrap_or_default()
            .iter()
            .filter_map(|entry| self.allow(entry))
            .collect();
        Allows { entries, scope }
    }

    fn allow(&mut self, raw: &RawAllow) -> Option<Allow> {
        let code = self.allowed_code(&raw.code);
        let reason = raw.reason.value.trim();
        if reason.is_empty() {
            self.error(
                Diagnostic::new(
                    Code::InvalidValue,
                    raw.reason.span.clone(),
                    format!("`allow` of `{}` with an empty reason", raw.code.value),
                )
                .label("empty")
                .help("say why the warning is acceptable here; `eltc check --explain-allowed` shows it"),
            );
            return None;
        }
        Some(Allow {
            code: code?,
            reason: reason.to_string(),
            span: raw.span.clone(),
        })
    }

    /// The code `written` names, when a warning may be acknowledged with it.
    fn allowed_code(&mut self, written: &Spanned<String>) -> Option<Code> {
        let name = written.value.trim();
        let refusal = match Code::from_name(name) {
            Some(Code::UnusedAllow) => (
                format!("`{name}` cannot be allowed"),
                "remove the `allow` entry that acknowledges nothing instead".to_string(),
            ),
            Some(code) if code.info().severity == Severity::Error => (
                format!("`{name}` is an error and cannot be allowed"),
                "only warnings can be acknowledged: fix what the error reports".to_string(),
            ),
            Some(code) => return Some(code),
            None => {
                let bare = name.strip_prefix("eltc::").unwrap_or(name);
                let help = match closest(bare, allowable_codes().map(Code::name)) {
                    Some(suggestion) => format!("did you mean `{suggestion}`?"),
                    None => {
                        "name a warning's code as eltc prints it (docs/diagnostics.md lists them)"
                            .to_string()
                    }
                };
                (format!("unknown diagnostic code `{name}`"), help)
            }
        };
        let (message, help) = refusal;
        self.error(
            Diagnostic::new(Code::InvalidValue, written.span.clone(), message)
                .label("not an allowable warning")
                .help(help),
        );
        None
    }
}
