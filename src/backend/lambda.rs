//! lambda.json: what the generic Lambda handler needs to run one pipeline.
//!
//! Schema (`"format": "eltc-lambda/1"`), keys in this order:
//! - `pipeline`: the pipeline name.
//! - `bucket`: the spec's default bucket, or null; the deployed value is a
//!   deploy-time parameter and overrides it.
//! - `notification`: `pattern` (the spec's key pattern), `regex` (Python `re`
//!   syntax, anchored, one named group `(?P<param>...)` per capture, literal text
//!   escaped) and `captures` (each group's `param` and the `format` its text is in).
//! - `params`: `name` and `type` (Redshift type, lower case) of each run parameter,
//!   in procedure argument order.
//! - `landing`: key prefix template of the batch's files.
//! - `files`: per source in load order, `source`, `key` (file name template,
//!   relative to the landing prefix) and `manifest` (manifest key, relative to the
//!   landing prefix). For each, the runtime writes to `<bucket>/<landing><manifest>`
//!   `{"entries": [{"url": "s3://<bucket>/<landing><key>", "mandatory": true}]}`
//!   before the CALL; load.sql COPYs from exactly that manifest.
//! - `call`: `sql` (Data API ExecuteStatement text with `:name` parameters) and
//!   `parameters` (`name`, `value` template). The Redshift Data API passes every
//!   parameter as text (its SqlParameter has only `name` and `value`), so the CALL
//!   casts each one to the parameter's type: Redshift then checks the value.
//!   The `landing` parameter is the landing prefix as a full `s3://` URL.
//! - `run_log`: the run-log table, read back for the status object.
//! - `deploy_parameters`: values the deployment supplies, never written into SQL.
//!
//! A Glue pipeline's file has `"engine": "glue"` after `format`, and neither
//! `call` nor `run_log`: the runtime starts the job with the params, landing
//! and manifests as arguments and reads the row counts from the job's report
//! (runtime/eltc_glue.py); its deploy parameters are the bucket and the job.
//!
//! Templates (`landing`, `key`, `value`) use the spec's pattern syntax: `{param}`
//! or `{param:FORMAT}` (FORMAT of YYYY, MM, DD, HH24, MI, SS and separators; a date
//! without FORMAT is YYYY-MM-DD, a timestamp YYYY-MM-DD HH24:MI:SS), plus `{bucket}`.

use serde::Serialize;

use super::plan::load::manifest_key;
use crate::spec::model::{DataType, Pattern, PatternPart, Pipeline};
use crate::target::qualified;

#[derive(Serialize)]
struct LambdaConfig {
    format: &'static str,
    /// `glue` for a Glue pipeline (runtime/eltc_glue.py); absent for the
    /// procedure backend, the runtime's default.
    #[serde(skip_serializing_if = "Option::is_none")]
    engine: Option<&'static str>,
    pipeline: String,
    bucket: Option<String>,
    notification: Notification,
    params: Vec<ParamEntry>,
    landing: String,
    files: Vec<FileEntry>,
    /// The procedure backend's CALL; absent for a Glue pipeline (the job run
    /// takes the params and manifests as arguments, runtime/eltc_glue.py).
    #[serde(skip_serializing_if = "Option::is_none")]
    call: Option<Call>,
    /// The run-log table the procedures write, for the handler's status
    /// object; absent for a Glue pipeline (the job's report holds the counts).
    #[serde(skip_serializing_if = "Option::is_none")]
    run_log: Option<String>,
    deploy_parameters: Vec<&'static str>,
}

#[derive(Serialize)]
struct Notification {
    pattern: String,
    regex: String,
    captures: Vec<Capture>,
}

#[derive(Serialize)]
struct Capture {
    param: String,
    format: Option<String>,
}

#[derive(Serialize)]
struct ParamEntry {
    name: String,
    #[serde(rename = "type")]
    ty: String,
}

#[derive(Serialize)]
struct FileEntry {
    source: String,
    key: String,
    manifest: String,
}

#[derive(Serialize)]
struct Call {
    sql: String,
    parameters: Vec<CallParameter>,
}

#[derive(Serialize)]
struct CallParameter {
    name: String,
    value: String,
}

/// lambda.json of `pipeline`, pretty-printed, with a final newline.
pub fn render(pipeline: &Pipeline) -> String {
    render_for(pipeline, None)
}

/// lambda.json of `pipeline` for the runtime's `engine` (None: procedure).
pub fn render_for(pipeline: &Pipeline, engine: Option<&'static str>) -> String {
    let mut parameters: Vec<CallParameter> = pipeline
        .params
        .iter()
        .map(|p| CallParameter {
            name: p.name.clone(),
            value: format!("{{{}}}", p.name),
        })
        .collect();
    parameters.push(CallParameter {
        name: "landing".into(),
        value: format!("s3://{{bucket}}/{}", pipeline.trigger.landing.text),
    });
    let mut names: Vec<String> = pipeline
        .params
        .iter()
        .map(|p| format!("CAST(:{} AS {})", p.name, p.ty))
        .collect();
    names.push(":landing".into());
    let glue = engine == Some("glue");
    let call = Call {
        sql: format!(
            "CALL {}({})",
            qualified(&pipeline.redshift.schema, &pipeline.redshift.load_procedure),
            names.join(", ")
        ),
        parameters,
    };
    let run_log = qualified(
        &pipeline.redshift.schema,
        crate::backend::plan::RUN_LOG_TABLE,
    );
    let config = LambdaConfig {
        format: "eltc-lambda/1",
        engine,
        pipeline: pipeline.name.clone(),
        bucket: pipeline.trigger.bucket.clone(),
        notification: Notification {
            pattern: pipeline.trigger.notification.text.clone(),
            regex: pattern_regex(pipeline, &pipeline.trigger.notification),
            captures: captures(pipeline, &pipeline.trigger.notification),
        },
        params: pipeline
            .params
            .iter()
            .map(|p| ParamEntry {
                name: p.name.clone(),
                ty: p.ty.to_string().to_ascii_lowercase(),
            })
            .collect(),
        landing: pipeline.trigger.landing.text.clone(),
        files: pipeline
            .sources
            .iter()
            .map(|s| FileEntry {
                source: s.name.clone(),
                key: s.file.text.clone(),
                manifest: manifest_key(&s.name),
            })
            .collect(),
        call: (!glue).then_some(call),
        run_log: (!glue).then_some(run_log),
        deploy_parameters: if glue {
            vec!["bucket", "glue_job"]
        } else {
            vec!["bucket", "workgroup_or_cluster", "database", "secret_arn"]
        },
    };
    let mut text = serde_json::to_string_pretty(&config).unwrap_or_default();
    text.push('\n');
    text
}

fn captures(pipeline: &Pipeline, pattern: &Pattern) -> Vec<Capture> {
    pattern
        .parts
        .iter()
        .filter_map(|part| match part {
            PatternPart::Param { name, format } => Some(Capture {
                param: name.clone(),
                format: format
                    .clone()
                    .or_else(|| default_format(pipeline, name).map(str::to_string)),
            }),
            PatternPart::Literal(_) => None,
        })
        .collect()
}

fn default_format(pipeline: &Pipeline, param: &str) -> Option<&'static str> {
    match pipeline.param(param).map(|p| p.ty) {
        Some(DataType::Date) => Some("YYYY-MM-DD"),
        Some(DataType::Timestamp | DataType::TimestampTz) => Some("YYYY-MM-DD HH24:MI:SS"),
        _ => None,
    }
}

/// The anchored regex of `pattern`, a named group per capture.
pub fn pattern_regex(pipeline: &Pipeline, pattern: &Pattern) -> String {
    let mut regex = String::from("^");
    for part in &pattern.parts {
        match part {
            PatternPart::Literal(text) => regex.push_str(&escape(text)),
            PatternPart::Param { name, format } => {
                let format = format.as_deref().or_else(|| default_format(pipeline, name));
                let body = match (format, pipeline.param(name).map(|p| p.ty)) {
                    (Some(format), _) => format_regex(format),
                    (None, Some(ty))
                        if ty.is_numeric()
                            && !matches!(
                                ty,
                                DataType::Decimal { .. } | DataType::Real | DataType::Double
                            ) =>
                    {
                        "-?[0-9]+".into()
                    }
                    (None, Some(ty)) if ty.is_numeric() => "-?[0-9]+(?:\\.[0-9]+)?".into(),
                    _ => "[^/]+".into(),
                };
                regex.push_str(&format!("(?P<{name}>{body})"));
            }
        }
    }
    regex.push('$');
    regex
}

/// A date format model as a regex: digits for each token, separators escaped.
fn format_regex(format: &str) -> String {
    const TOKENS: &[(&str, &str)] = &[
        ("YYYY", "[0-9]{4}"),
        ("HH24", "[0-9]{2}"),
        ("MM", "[0-9]{2}"),
        ("DD", "[0-9]{2}"),
        ("MI", "[0-9]{2}"),
        ("SS", "[0-9]{2}"),
    ];
    let mut out = String::new();
    let mut rest = format;
    'scan: while !rest.is_empty() {
        for (token, regex) in TOKENS {
            if let Some(after) = rest.strip_prefix(token) {
                out.push_str(regex);
                rest = after;
                continue 'scan;
            }
        }
        let c = rest.chars().next().unwrap_or(' ');
        out.push_str(&escape(&c.to_string()));
        rest = &rest[c.len_utf8()..];
    }
    out
}

fn escape(text: &str) -> String {
    let mut out = String::new();
    for c in text.chars() {
        if "\\.^$|?*+()[]{}".contains(c) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_become_digit_groups() {
        assert_eq!(format_regex("YYYYMMDD"), "[0-9]{4}[0-9]{2}[0-9]{2}");
        assert_eq!(
            format_regex("YYYY-MM-DD HH24:MI"),
            "[0-9]{4}-[0-9]{2}-[0-9]{2} [0-9]{2}:[0-9]{2}"
        );
        assert_eq!(escape("a.done(1)"), "a\\.done\\(1\\)");
    }
}
