//! The Glue backend's printer (src/backend/glue): market_data's glue_job.py
//! as a snapshot (glue/tests/test_local_job.py runs that script under
//! PySpark), and a pipeline the job cannot express gets its diagnostics and
//! no files.

use eltc::backend::templates::Templates;
use eltc::compile::{Backend, compile_backend};
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

/// retail: warehouse reads after commits, dim_product's statements in the
/// warehouse, the no_rows assertion after fact_sales' write (the rows are
/// proved by `eltc test --backend glue pipelines/retail` in scripts/test).
/// Its two commits before the last are warned about, at fact_sales: the
/// read of dw.dim_product the dimension steps changed, and the read of
/// dw.fact_sales by its own no_rows assertion; market_data commits once.
#[test]
fn retail_glue_job_matches_its_snapshot() {
    let (artifacts, diagnostics) = build("retail");
    let warned: Vec<(&str, &str)> = diagnostics
        .iter()
        .map(|d| (d.code.name(), d.message.split('`').nth(3).unwrap_or("")))
        .collect();
    assert_eq!(
        warned,
        [
            ("glue::commits-per-batch", "dw.dim_product"),
            ("glue::commits-per-batch", "dw.fact_sales"),
        ],
        "{diagnostics:#?}"
    );
    assert!(diagnostics.iter().all(|d| !d.is_error()));
    insta::assert_snapshot!("retail__glue__glue_job.py", artifacts["glue_job.py"]);
}

/// retail with constructs the job would run with another meaning: each is
/// a diagnostic at its step's SQL, and `eltc build` writes nothing (the
/// PL/SQL step of retail_plsql: tests/eltc_test_glue.rs).
#[test]
fn retail_variants_the_job_cannot_express_are_refused() {
    use std::path::Path;
    use std::process::Command;
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("pipelines/retail");
    let temp = tempfile::tempdir().unwrap();
    let dir = temp.path().join("retail");
    std::fs::create_dir_all(dir.join("transforms")).unwrap();
    let spec = std::fs::read_to_string(root.join("pipeline.yaml")).unwrap();
    let spec = &spec[..spec.find("\ntests:").unwrap()];
    std::fs::write(dir.join("pipeline.yaml"), spec).unwrap();
    for entry in std::fs::read_dir(root.join("transforms")).unwrap() {
        let path = entry.unwrap().path();
        let text = std::fs::read_to_string(&path).unwrap();
        let text = match path.file_name().unwrap().to_str().unwrap() {
            // A statement reading a run parameter; an ordering CHAR comparison.
            "dim_product.sql" => text.replace(
                "WHERE d.is_current = 'Y'",
                "WHERE d.is_current = 'Y' AND d.valid_from <= :day",
            ),
            "dim_store.sql" => {
                text.replace("FROM stg.store", "FROM stg.store WHERE region_code > 'A'")
            }
            // A quotient Redshift and Spark round differently, and a month name.
            "fact_sales.sql" => text
                .replace(
                    "ROUND(l.quantity * l.unit_price, 2)",
                    "ROUND(CAST(l.quantity AS NUMBER(18, 4)) / 3, 2)",
                )
                .replace(
                    "'YYYYMMDD')) AS date_key",
                    "'YYYYMMDD')) + LENGTH(TO_CHAR(h.txn_ts, 'MON')) AS date_key",
                ),
            _ => text,
        };
        std::fs::write(dir.join("transforms").join(path.file_name().unwrap()), text).unwrap();
    }
    let out = temp.path().join("out");
    let output = Command::new(env!("CARGO_BIN_EXE_eltc"))
        .args(["build", "--backend", "glue", "--out"])
        .arg(&out)
        .arg(&dir)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    for (code, file) in [
        ("glue::step-kind", "dim_product.sql"),
        ("glue::char-comparison", "dim_store.sql"),
        ("glue::spark-operator", "fact_sales.sql"),
        ("glue::spark-function", "fact_sales.sql"),
    ] {
        let found = stderr
            .lines()
            .collect::<Vec<_>>()
            .windows(2)
            .any(|w| w[0].contains(&format!("error[eltc::{code}]")) && w[1].contains(file));
        assert!(found, "{code} at {file} not in {stderr}");
    }
    assert!(!out.join("retail").exists());
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
