//! Decoding of `allow:` (on a source or a transform step): a list of
//! `{ code, reason }` entries. A bare code is refused here, with the shape to
//! write, because an acknowledgement without its reason is what the key
//! exists to prevent; whether the code names an allowable warning is
//! `spec::resolve`'s check.

use super::Decoder;
use crate::diag::{Code, Diagnostic};
use crate::spec::raw::{RawAllow, Spanned};
use crate::spec::yaml::{Kind, Node};

impl Decoder<'_> {
    /// `allow:` of `owner` (e.g. "source `prices`").
    pub(super) fn allows(
        &mut self,
        node: &Node,
        what: &str,
        owner: &str,
    ) -> Option<Spanned<Vec<RawAllow>>> {
        self.list(node, what, |d, item| d.allow(item, owner))
    }

    fn allow(&mut self, node: &Node, owner: &str) -> Option<RawAllow> {
        if let Kind::Str(code) = &node.kind {
            self.no_reason(node, code);
            return None;
        }
        let what = format!("an `allow` entry of {owner}");
        let f = self.fields::<RawAllow>(node, None, &what)?;
        let code = self.required(&f, "code", Decoder::string);
        let reason = match f.get("reason") {
            Some(reason) if reason.kind != Kind::Null => self.string(reason, "`reason`"),
            _ => {
                let written = code.as_ref().map_or("CODE", |c| c.value.as_str());
                self.no_reason(node, written);
                None
            }
        };
        Some(RawAllow {
            code: code?,
            reason: reason?,
            span: node.extent(),
        })
    }

    fn no_reason(&mut self, node: &Node, code: &str) {
        self.push(
            Diagnostic::new(
                Code::InvalidValue,
                node.extent(),
                format!("`allow` of `{code}` without a reason"),
            )
            .label("no `reason`")
            .help(format!(
                "say why the warning is acceptable here: `{{ code: {code}, reason: ... }}`"
            )),
        );
    }
}
