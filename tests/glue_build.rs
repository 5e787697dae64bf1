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
    assert_eq!(
        files,
        ["ddl.sql", "glue_job.py", "lambda.json", "template.yaml"]
    );
    assert!(artifacts["lambda.json"].contains("\"engine\": \"glue\""));
    // The job takes params and manifests as arguments and reports its own counts.
    assert!(!artifacts["lambda.json"].contains("\"call\""));
    assert!(!artifacts["lambda.json"].contains("\"run_log\""));
    insta::assert_snapshot!("market_data__glue__glue_job.py", artifacts["glue_job.py"]);
    // The stack with the job instead of the Data API access (cfn-lint and the
    // policy's agreement with the runtime: runtime/tests/test_glue_policy.py).
    insta::assert_snapshot!(
        "market_data__glue__template.yaml",
        artifacts["template.yaml"]
    );
}

#[test]
fn what_the_job_cannot_express_is_reported_and_nothing_is_written() {
    let (artifacts, diagnostics) = build("retail");
    assert!(artifacts.is_empty(), "{:?}", artifacts.keys());
    let codes: Vec<Code> = diagnostics.iter().map(|d| d.code).collect();
    for code in [
        Code::GlueStepKind,
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

/// `backend: glue` in pipeline.yaml makes `eltc build` write the Glue job;
/// `--backend procedure` overrides it.
#[test]
fn the_spec_chooses_the_backend_and_the_flag_overrides_it() {
    use std::path::Path;
    use std::process::Command;
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let temp = tempfile::tempdir().unwrap();
    let dir = temp.path().join("market_data");
    std::fs::create_dir_all(dir.join("transforms")).unwrap();
    let spec = std::fs::read_to_string(root.join("pipelines/market_data/pipeline.yaml")).unwrap();
    // The fixtures are not needed to build; only the spec and its SQL.
    let spec = spec.replace("dialect: oracle\n", "dialect: oracle\nbackend: glue\n");
    let spec = &spec[..spec.find("\ntests:").unwrap()];
    std::fs::write(dir.join("pipeline.yaml"), spec).unwrap();
    for file in ["security_data.sql", "market_data.sql"] {
        std::fs::copy(
            root.join("pipelines/market_data/transforms").join(file),
            dir.join("transforms").join(file),
        )
        .unwrap();
    }
    let build = |out: &str, extra: &[&str]| {
        let out = temp.path().join(out);
        let status = Command::new(env!("CARGO_BIN_EXE_eltc"))
            .args(["build", "-q", "--out"])
            .arg(&out)
            .args(extra)
            .arg(&dir)
            .status()
            .unwrap();
        assert!(status.success());
        let mut files: Vec<String> = std::fs::read_dir(out.join("market_data"))
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        files.sort();
        files
    };
    assert_eq!(
        build("glue", &[]),
        ["ddl.sql", "glue_job.py", "lambda.json", "template.yaml"]
    );
    assert_eq!(
        build("procedure", &["--backend", "procedure"]),
        [
            "ddl.sql",
            "lambda.json",
            "load.sql",
            "template.yaml",
            "transform.sql"
        ]
    );
}
