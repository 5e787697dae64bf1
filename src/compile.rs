//! The pure entry point: a checked pipeline in, its artifacts and diagnostics out.
//!
//! [`compile`] plans the pipeline (which calls the SQL layer for every transform
//! and source expression and collects its diagnostics), checks on the plan
//! that no statement of eltc's procedures ends the batch
//! ([`plan::atomic`], findings in the user's SQL), then renders
//! ddl.sql, load.sql, transform.sql for the target and, for Redshift,
//! lambda.json and the deploy template template.yaml. No I/O: the caller writes the files. When any error diagnostic
//! was raised the artifacts are empty, so nothing half-translated is written.

use crate::backend::plan;
use crate::backend::templates::{TemplateError, Templates};
use crate::backend::{Artifacts, cloudformation, glue, lambda, redshift, refused};
use crate::diag::{Diagnostic, SourceMap};
use crate::params_usage::unused_params;
use crate::spec::model::Pipeline;
use crate::target::Target;

/// Compiles `pipeline` for `target` with the built-in templates. They render
/// every plan (the snapshot tests show it), so an `Err` here is an eltc bug.
pub fn compile(
    pipeline: &Pipeline,
    sources: &SourceMap,
    target: &dyn Target,
) -> Result<(Artifacts, Vec<Diagnostic>), TemplateError> {
    compile_with(pipeline, sources, target, &Templates::builtin())
}

/// Compiles `pipeline` for `target` with `templates` (built-ins or `--templates DIR`).
/// A template that fails to render (a user template referring to an unknown
/// variable, say) is an `Err`; problems of the pipeline are diagnostics.
pub fn compile_with(
    pipeline: &Pipeline,
    sources: &SourceMap,
    target: &dyn Target,
    templates: &Templates,
) -> Result<(Artifacts, Vec<Diagnostic>), TemplateError> {
    compile_backend(pipeline, sources, target, templates, Backend::Procedure)
}

pub use crate::spec::model::Backend;

/// Compiles `pipeline` for `backend`: the procedure backend as
/// [`compile_with`]; the Glue backend writes ddl.sql (the targets and the
/// run log, for `target`), glue_job.py, lambda.json with `"engine":
/// "glue"` and template.yaml with the job, or nothing when the job cannot
/// express the pipeline.
pub fn compile_backend(
    pipeline: &Pipeline,
    sources: &SourceMap,
    target: &dyn Target,
    templates: &Templates,
    backend: Backend,
) -> Result<(Artifacts, Vec<Diagnostic>), TemplateError> {
    let (plan, mut diagnostics) = plan::build(pipeline, sources);
    let passed: Vec<_> = passed_params(&plan)
        .iter()
        .filter_map(|name| pipeline.param(name))
        .map(|param| param.span.clone())
        .collect();
    diagnostics.extend(
        unused_params(pipeline, sources)
            .into_iter()
            .filter(|d| !passed.contains(&d.primary.span)),
    );
    if diagnostics.iter().any(Diagnostic::is_error) {
        return Ok((Artifacts::new(), diagnostics));
    }
    // The generated procedures must never commit or end the batch.
    diagnostics.extend(plan::atomic::check(&plan));
    diagnostics.extend(refused::check(&plan.steps, target));
    if diagnostics.iter().any(Diagnostic::is_error) {
        return Ok((Artifacts::new(), diagnostics));
    }
    if backend == Backend::Glue {
        return glue_artifacts(pipeline, &plan, target, templates, diagnostics);
    }
    let mut artifacts = redshift::render(&plan, target, templates)?;
    if target.deploys() {
        artifacts.insert("lambda.json".into(), lambda::render(pipeline));
        artifacts.insert(
            "template.yaml".into(),
            cloudformation::render(pipeline, &plan.spec_path, templates, Backend::Procedure)?,
        );
    }
    Ok((artifacts, diagnostics))
}

fn glue_artifacts(
    pipeline: &Pipeline,
    plan: &plan::Plan,
    target: &dyn Target,
    templates: &Templates,
    mut diagnostics: Vec<Diagnostic>,
) -> Result<(Artifacts, Vec<Diagnostic>), TemplateError> {
    let job = match glue::render(plan, pipeline) {
        Ok((job, warnings)) => {
            diagnostics.extend(warnings);
            job
        }
        Err(refused) => {
            diagnostics.extend(refused);
            return Ok((Artifacts::new(), diagnostics));
        }
    };
    let mut artifacts = Artifacts::new();
    // The job needs the targets and the run log, and no procedure.
    if let Some(ddl) = redshift::render(plan, target, templates)?.remove("ddl.sql") {
        artifacts.insert("ddl.sql".into(), ddl);
    }
    artifacts.insert("glue_job.py".into(), job);
    if target.deploys() {
        artifacts.insert(
            "lambda.json".into(),
            lambda::render_for(pipeline, Some("glue")),
        );
        artifacts.insert(
            "template.yaml".into(),
            cloudformation::render(pipeline, &plan.spec_path, templates, Backend::Glue)?,
        );
    }
    Ok((artifacts, diagnostics))
}

/// The params a `plsql` step's CALL passes to its entry procedure without
/// `call:` (as `p_<name>`, which no SQL text shows as a bind).
fn passed_params(plan: &plan::Plan) -> Vec<String> {
    plan.steps
        .iter()
        .filter_map(|step| match &step.kind {
            plan::transform::StepKind::Call { call, .. } => Some(call.params.clone()),
            _ => None,
        })
        .flatten()
        .collect()
}
