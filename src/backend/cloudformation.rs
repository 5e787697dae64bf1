//! template.yaml: the CloudFormation stack that deploys one pipeline's runtime.
//!
//! [`render`] fills `templates/cloudformation/template.yaml.j2` through
//! [`TemplateView`]: the EventBridge rule on the notification files, the generic
//! handler (`generated/_runtime`, see [`RUNTIME`]) with the pipeline's
//! lambda.json as a layer, a least-privilege role, log group, async retry
//! config and on-failure queue. Deploy-time values (bucket, database,
//! workgroup or cluster, secret) are template parameters, so the same generated
//! SQL serves every environment. For a `backend: glue` pipeline the stack
//! holds the Glue job instead of the database access ([`GlueView`], docs/glue.md):
//! the job (Glue 5.0, one run at a time, bookmarks off; the script and the
//! job library's locations are parameters), its least-privilege role, and
//! the function's right to start and follow that job only. The key patterns here must agree with the
//! runtime (`runtime/eltc_state.py`): status objects are
//! `<notification key>.status.json`, the pipeline state is
//! `<notification prefix>_eltc/state.json`, manifests are
//! `<landing>_manifests/<source>.json`; runtime/tests/test_policy.py checks the
//! agreement on real calls. No I/O here.

use serde::Serialize;

use super::glue;
use super::plan::load::manifest_key;
use super::templates::{TemplateError, Templates};
use crate::spec::model::{Backend, Pattern, PatternPart, Pipeline};

/// The runtime files `eltc build` writes once into `<out>/_runtime/`: the
/// handler and its modules, Python sources of `runtime/` compiled into the binary.
pub const RUNTIME: &[(&str, &str)] = &[
    ("handler.py", include_str!("../../runtime/handler.py")),
    ("eltc_glue.py", include_str!("../../runtime/eltc_glue.py")),
    (
        "eltc_params.py",
        include_str!("../../runtime/eltc_params.py"),
    ),
    (
        "eltc_redshift.py",
        include_str!("../../runtime/eltc_redshift.py"),
    ),
    ("eltc_state.py", include_str!("../../runtime/eltc_state.py")),
];

/// The directory name of the runtime under the output directory; no pipeline may use it.
pub const RUNTIME_DIR: &str = "_runtime";

/// What template.yaml.j2 sees. Key patterns are IAM / EventBridge wildcards:
/// each capture of a spec pattern becomes `*`.
#[derive(Serialize)]
pub struct TemplateView {
    /// `<dir>/pipeline.yaml`, for the header.
    pub spec: String,
    /// The pipeline name.
    pub pipeline: String,
    /// The suggested stack name suffix (`_` is not allowed in stack names).
    pub stack: String,
    /// The stack description.
    pub description: String,
    /// The spec's bucket: the default of the `Bucket` parameter.
    pub bucket: Option<String>,
    /// Notification keys, e.g. `notification/market_data/*.done`.
    pub notification: String,
    /// Status objects of the notifications.
    pub status: String,
    /// The pipeline state object (lock and last batch loaded).
    pub state: String,
    /// The landing prefixes, e.g. `oltp_uploads/*/`.
    pub landing: String,
    /// The manifest keys under a landing prefix.
    pub manifests: String,
    /// The EventBridge wildcard on `detail.object.key` (`*` and `\` escaped in literals).
    pub event_key: String,
    /// With the Glue backend: the job the runtime starts instead of the CALL.
    pub glue: Option<GlueView>,
}

/// The Glue job of a `backend: glue` pipeline, in its template.
#[derive(Serialize)]
pub struct GlueView {
    /// The job's name, `eltc-<pipeline>` (the runtime's ELTC_GLUE_JOB).
    pub job: String,
    /// The Glue connection the job's writes go through (glue_job.py's CONNECTION).
    pub connection: String,
    /// The default key of glue_job.py in the artifacts bucket.
    pub script_key: String,
    /// The default key of the job library's zip (`eltc_spark.zip`).
    pub library_key: String,
    /// The default prefix of the Redshift connector's temporary files.
    pub temp_prefix: String,
    /// The job reports under a landing prefix (`<landing>_eltc/*`).
    pub reports: String,
}

/// template.yaml of `pipeline` for `backend`.
pub fn render(
    pipeline: &Pipeline,
    spec: &str,
    templates: &Templates,
    backend: Backend,
) -> Result<String, TemplateError> {
    templates.render("template.yaml.j2", &view(pipeline, spec, backend))
}

/// The view of `pipeline`'s template.
pub fn view(pipeline: &Pipeline, spec: &str, backend: Backend) -> TemplateView {
    let notification = wildcard(&pipeline.trigger.notification, false);
    let landing = wildcard(&pipeline.trigger.landing, false);
    let prefix = match pipeline.trigger.notification.parts.first() {
        Some(PatternPart::Literal(text)) => text.clone(),
        _ => String::new(),
    };
    // Every manifest is `_manifests/<source>.json`: one wildcard covers them all.
    let manifests = manifest_key("*");
    let glue = (backend == Backend::Glue).then(|| GlueView {
        job: format!("eltc-{}", pipeline.name),
        connection: glue::connection_name(&pipeline.name),
        script_key: format!("eltc/{}/glue_job.py", pipeline.name),
        library_key: "eltc/eltc_spark.zip".into(),
        temp_prefix: format!("eltc/tmp/{}/", pipeline.name),
        reports: format!("{landing}_eltc/*"),
    });
    TemplateView {
        spec: spec.to_string(),
        pipeline: pipeline.name.clone(),
        stack: pipeline.name.replace('_', "-"),
        description: pipeline
            .description
            .clone()
            .unwrap_or_else(|| format!("eltc pipeline {}", pipeline.name)),
        bucket: pipeline.trigger.bucket.clone(),
        status: format!("{notification}.status.json"),
        state: format!("{prefix}_eltc/state.json"),
        manifests: format!("{landing}{manifests}"),
        event_key: wildcard(&pipeline.trigger.notification, true),
        notification,
        landing,
        glue,
    }
}

/// `pattern` with each capture as `*`; for EventBridge, literal `*` and `\` escaped.
fn wildcard(pattern: &Pattern, eventbridge: bool) -> String {
    let mut out = String::new();
    for part in &pattern.parts {
        match part {
            PatternPart::Literal(text) if eventbridge => {
                for c in text.chars() {
                    if c == '*' || c == '\\' {
                        out.push('\\');
                    }
                    out.push(c);
                }
            }
            PatternPart::Literal(text) => out.push_str(text),
            PatternPart::Param { .. } => out.push('*'),
        }
    }
    out
}
