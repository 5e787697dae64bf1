//! Resolution of `params:`, `trigger:` and `redshift:`, and of patterns and
//! `{param}` messages wherever they appear.

use super::Ctx;
use crate::diag::{Code, Diagnostic};
use crate::spec::model::{CopyRole, DataType, Grantee, Param, Pattern, RedshiftSettings, Trigger};
use crate::spec::pattern;
use crate::spec::raw::{Entries, RawRedshift, RawTrigger, Spanned};
use crate::spec::types::parse_type;

impl Ctx<'_> {
    /// `params:` in declaration order; invalid ones are left out (reported).
    pub(super) fn params(&mut self, raw: Option<&Entries<Spanned<String>>>) -> Vec<Param> {
        let mut params = Vec::new();
        let mut seen = Vec::new();
        for (name, ty) in raw.map(|r| r.entries.as_slice()).unwrap_or_default() {
            let Some(lower) = self.identifier(name, "param name") else {
                continue;
            };
            if !self.unique_name(&mut seen, &lower, &name.span, "param") {
                continue;
            }
            let Some(ty) = ty.as_ref().and_then(|ty| self.param_type(ty)) else {
                continue;
            };
            params.push(Param {
                name: lower,
                ty,
                span: name.span.clone(),
            });
        }
        params
    }

    fn param_type(&mut self, ty: &Spanned<String>) -> Option<DataType> {
        let parsed = match parse_type(&ty.value) {
            Ok(parsed) => parsed,
            Err(error) => {
                self.error(
                    Diagnostic::new(Code::UnsupportedType, ty.span.clone(), error.message)
                        .label("unsupported type")
                        .help(error.help),
                );
                return None;
            }
        };
        let allowed = matches!(
            parsed,
            DataType::Date
                | DataType::Timestamp
                | DataType::Integer
                | DataType::BigInt
                | DataType::SmallInt
                | DataType::Decimal { .. }
                | DataType::Varchar(_)
        );
        if !allowed {
            self.error(
                Diagnostic::new(Code::UnsupportedType, ty.span.clone(), format!("`{}` is not a param type", ty.value))
                    .label("not a param type")
                    .help("params are date, timestamp, integer, bigint, smallint, numeric(p,s) or varchar(n)"),
            );
            return None;
        }
        Some(parsed)
    }

    /// `trigger:`: both patterns checked; every param must be captured by the
    /// notification, since that is where the runtime reads a batch's values.
    pub(super) fn trigger(&mut self, raw: &RawTrigger, params: &[Param]) -> Option<Trigger> {
        let notification = self.pattern(&raw.notification, params);
        let landing = self.pattern(&raw.landing, params);
        if let Some(notification) = &notification {
            for param in params {
                let captured = notification.parts.iter().any(|part| {
                    matches!(part, crate::spec::model::PatternPart::Param { name, .. } if *name == param.name)
                });
                if !captured {
                    self.error(
                        Diagnostic::new(
                            Code::InvalidPattern,
                            raw.notification.span.clone(),
                            format!("the notification pattern does not capture param `{}`", param.name),
                        )
                        .label(format!("no `{{{}}}` here", param.name))
                        .also(param.span.clone(), "param declared here")
                        .help("the runtime reads every param from the notification key: add the capture"),
                    );
                }
            }
        }
        Some(Trigger {
            bucket: raw.bucket.as_ref().map(|b| b.value.clone()),
            notification: notification?,
            landing: landing?,
        })
    }

    /// A pattern: syntax, declared params, formats on date/timestamp params only.
    pub(super) fn pattern(&mut self, raw: &Spanned<String>, params: &[Param]) -> Option<Pattern> {
        let (parsed, errors) = pattern::parse(&raw.value);
        let mut ok = errors.is_empty();
        for error in errors {
            let span = self.inner_span(raw, error.range);
            self.error(
                Diagnostic::new(Code::InvalidPattern, span, error.message)
                    .label(error.label)
                    .help(error.help),
            );
        }
        for capture in &parsed.captures {
            let span = self.inner_span(raw, capture.name_range.clone());
            let Some(param) = self.param(params, &capture.name, span) else {
                ok = false;
                continue;
            };
            if capture.format.is_some() && !matches!(param.ty, DataType::Date | DataType::Timestamp)
            {
                let span = self.inner_span(raw, capture.range.clone());
                let ty = param.ty;
                self.error(
                    Diagnostic::new(
                        Code::InvalidPattern,
                        span,
                        format!("a format on param `{}`, which is not a date", capture.name),
                    )
                    .label(format!("`{}` is {ty}", capture.name))
                    .help(format!(
                        "formats apply to date and timestamp params only; write `{{{}}}`",
                        capture.name
                    )),
                );
                ok = false;
            }
        }
        let parts = parsed
            .parts
            .into_iter()
            .map(|part| match part {
                crate::spec::model::PatternPart::Param { name, format } => {
                    crate::spec::model::PatternPart::Param {
                        name: name.to_ascii_lowercase(),
                        format,
                    }
                }
                literal => literal,
            })
            .collect();
        ok.then(|| Pattern {
            text: raw.value.clone(),
            parts,
            span: raw.span.clone(),
        })
    }

    /// A failure message: its `{param}` captures must name declared params.
    pub(super) fn message(
        &mut self,
        raw: Option<&Spanned<String>>,
        params: &[Param],
    ) -> Option<String> {
        let raw = raw?;
        self.pattern(raw, params);
        Some(raw.value.clone())
    }

    /// `redshift:` with its defaults.
    pub(super) fn redshift(
        &mut self,
        raw: Option<&RawRedshift>,
        pipeline: &str,
    ) -> RedshiftSettings {
        let name =
            |ctx: &mut Self, value: Option<&Spanned<String>>, default: String, what: &str| {
                value
                    .and_then(|v| ctx.identifier(v, what))
                    .unwrap_or(default)
            };
        let schema = name(
            self,
            raw.and_then(|r| r.schema.as_ref()),
            "etl".into(),
            "schema name",
        );
        let load = name(
            self,
            raw.and_then(|r| r.load_procedure.as_ref()),
            format!("load_{pipeline}"),
            "procedure name",
        );
        let transform = name(
            self,
            raw.and_then(|r| r.transform_procedure.as_ref()),
            format!("transform_{pipeline}"),
            "procedure name",
        );
        let copy_role = match raw.and_then(|r| r.copy_role.as_ref()) {
            None => CopyRole::Default,
            Some(role) => self.copy_role(role),
        };
        let copy_region = raw
            .and_then(|r| r.copy_region.as_ref())
            .and_then(|region| self.copy_region(region));
        let run_as = raw
            .and_then(|r| r.run_as.as_ref())
            .and_then(|written| self.run_as(written));
        RedshiftSettings {
            schema,
            copy_role,
            copy_region,
            load_procedure: load,
            transform_procedure: transform,
            run_as,
        }
    }

    fn run_as(&mut self, written: &Spanned<String>) -> Option<Grantee> {
        let found = super::tables::grantee(&written.value);
        if found.is_none() {
            self.error(
                Diagnostic::new(
                    Code::InvalidValue,
                    written.span.clone(),
                    format!("invalid `run_as` `{}`", written.value),
                )
                .label("not `user NAME`, `group NAME` or `role NAME`")
                .help("name who runs the procedures, e.g. `role etl_runner` or `user etl`"),
            );
        }
        found
    }

    fn copy_region(&mut self, region: &Spanned<String>) -> Option<String> {
        if is_region(&region.value) {
            return Some(region.value.clone());
        }
        self.error(
            Diagnostic::new(
                Code::InvalidValue,
                region.span.clone(),
                format!("invalid `copy_region` `{}`", region.value),
            )
            .label("not an AWS Region code")
            .help("write the Region code of the landing bucket, e.g. `eu-west-1`, or leave `copy_region` out when the bucket is in the workgroup's Region"),
        );
        None
    }

    fn copy_role(&mut self, role: &Spanned<String>) -> CopyRole {
        if role.value == "default" {
            return CopyRole::Default;
        }
        if is_role_arn(&role.value) {
            return CopyRole::Arn(role.value.clone());
        }
        self.error(
            Diagnostic::new(Code::InvalidValue, role.span.clone(), format!("invalid `copy_role` `{}`", role.value))
                .label("not `default` or an IAM role ARN")
                .help("write `default` (the namespace's default IAM role) or `arn:aws:iam::<12-digit account>:role/<name>`"),
        );
        CopyRole::Default
    }
}

/// An AWS Region code as AWS spells them: `us-east-1`, `eu-west-2`,
/// `ap-southeast-1`, `us-gov-west-1`, `cn-north-1`: two letters, one or more
/// lower-case words, a number.
fn is_region(text: &str) -> bool {
    let parts: Vec<&str> = text.split('-').collect();
    let [country, words @ .., number] = parts.as_slice() else {
        return false;
    };
    country.len() == 2
        && country.bytes().all(|b| b.is_ascii_lowercase())
        && !words.is_empty()
        && words
            .iter()
            .all(|w| !w.is_empty() && w.bytes().all(|b| b.is_ascii_lowercase()))
        && (1..=2).contains(&number.len())
        && number.bytes().all(|b| b.is_ascii_digit())
}

/// `arn:aws:iam::<12 digits>:role/<name>` (also the aws-cn and aws-us-gov partitions).
fn is_role_arn(text: &str) -> bool {
    let Some(rest) = ["arn:aws:iam::", "arn:aws-cn:iam::", "arn:aws-us-gov:iam::"]
        .iter()
        .find_map(|prefix| text.strip_prefix(prefix))
    else {
        return false;
    };
    let Some((account, role)) = rest.split_once(":role/") else {
        return false;
    };
    account.len() == 12
        && account.bytes().all(|b| b.is_ascii_digit())
        && !role.is_empty()
        && role
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"+=,.@_-/".contains(&b))
}

#[cfg(test)]
mod tests {
    use super::{is_region, is_role_arn};

    #[test]
    fn region_codes() {
        for code in [
            "us-east-1",
            "eu-west-2",
            "ap-southeast-1",
            "us-gov-west-1",
            "cn-north-1",
            "eu-central-2",
            "ap-northeast-3",
        ] {
            assert!(is_region(code), "{code}");
        }
        for text in [
            "Europe (Ireland)",
            "eu-west",
            "EU-WEST-1",
            "euwest1",
            "us-east-1a",
            "-east-1",
            "eu--1",
        ] {
            assert!(!is_region(text), "{text}");
        }
    }

    #[test]
    fn role_arns() {
        assert!(is_role_arn("arn:aws:iam::123456789012:role/eltc-copy"));
        assert!(is_role_arn(
            "arn:aws:iam::123456789012:role/service/eltc_copy"
        ));
        assert!(!is_role_arn("arn:aws:iam::12345:role/x"));
        assert!(!is_role_arn("arn:aws:iam::123456789012:user/x"));
        assert!(!is_role_arn("eltc-copy"));
    }
}
