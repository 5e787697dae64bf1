//! The Glue backend's printer (src/backend/glue): market_data's glue_job.py
//! as a snapshot (glue/tests/test_local_job.py runs that script under
//! PySpark), and a pipeline the job cannot express gets its diagnostics and
//! no files.

use eltc::backend::templates::Templates;
use eltc::compile::{Backend, compile_backend};
use eltc::diag::Code;
use eltc::target::REDSHIFT;

fn build(name: &str) -> (eltc::backend::Artifacts, Vec<eltc::diag::Diagnostic>) {
    let (_, pipeline, sources) = crate::support::pipelines()
        .into_iter()
        .find(|(n, _, _)| n == name)
        .unwrap_or_else(|| panic!("pipeline {name} is missing"));
    compile_backend(
        &pipeline,
        &sources,
        &REDSHIFT,
        &Templates::builtin(),
        Backend::Glue,
    )
    .expect("built-in templates render")
}

#[test]
fn market_data_glue_job_matches_its_snapshot() {
    let (artifacts, diagnostics) = build("market_data");
    assert!(diagnostics.is_empty(), "{diagnostics:#?}");
    let files: Vec<&str> = artifacts.keys().map(String::as_str).collect();
    assert_eq!(files, ["ddl.sql", "glue_job.py", "lambda.json"]);
    assert!(artifacts["lambda.json"].contains("\"engine\": \"glue\""));
    insta::assert_snapshot!("market_data__glue__glue_job.py", artifacts["glue_job.py"]);
}

#[test]
fn what_the_job_cannot_express_is_reported_and_nothing_is_written() {
    let (artifacts, diagnostics) = build("retail");
    assert!(artifacts.is_empty(), "{:?}", artifacts.keys());
    let codes: Vec<Code> = diagnostics.iter().map(|d| d.code).collect();
    for code in [
        Code::GlueStepKind,
        Code::GlueStagedSource,
        Code::GlueSparkFunction,
        Code::GlueCharComparison,
        Code::GlueWarehouseRead,
    ] {
        assert!(codes.contains(&code), "{code:?} not in {codes:?}");
    }
    // dim_product's UPDATE + INSERT, at its SQL file.
    let step = diagnostics
        .iter()
        .find(|d| d.code == Code::GlueStepKind && d.message.contains("dim_product"))
        .expect("dim_product is refused");
    assert!(step.help.is_some());
}
