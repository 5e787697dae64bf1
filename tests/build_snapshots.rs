//! Snapshots of every file eltc generates for the test pipelines, in the
//! Redshift form and the PostgreSQL test form: a change of output shows up as a
//! reviewed snapshot diff. The Redshift form of the example pipelines is not
//! snapshotted: the committed `generated/` is its one record.

use eltc::target::{POSTGRES, REDSHIFT, Target};

#[test]
fn generated_files_match_their_snapshots() {
    for (name, pipeline, sources) in crate::support::pipelines() {
        for target in [&REDSHIFT as &dyn Target, &POSTGRES] {
            let label = target.name();
            if label == REDSHIFT.name() && crate::support::PIPELINES.contains(&name.as_str()) {
                continue;
            }
            let artifacts = crate::support::artifacts(&name, &pipeline, &sources, target);
            for (file, text) in &artifacts {
                insta::assert_snapshot!(format!("{name}__{label}__{file}"), text);
            }
        }
    }
}

#[test]
fn output_is_deterministic() {
    for (name, pipeline, sources) in crate::support::pipelines() {
        let first = crate::support::artifacts(&name, &pipeline, &sources, &REDSHIFT);
        let second = crate::support::artifacts(&name, &pipeline, &sources, &REDSHIFT);
        assert_eq!(first, second, "{name}");
    }
}

#[test]
fn a_user_template_replaces_the_builtin_one() {
    let templates = eltc::backend::templates::Templates::with_overrides(&[(
        "ddl.sql.j2".to_string(),
        "-- {{ header.pipeline }}: {{ tables|length }} tables\n".to_string(),
    )])
    .unwrap();
    let (pipeline, sources) = crate::support::model::staged();
    let (artifacts, diagnostics) =
        eltc::compile::compile_with(&pipeline, &sources, &REDSHIFT, &templates).unwrap();
    assert!(diagnostics.is_empty());
    assert_eq!(artifacts["ddl.sql"], "-- retail_like: 9 tables\n");
    assert!(artifacts["load.sql"].contains("CREATE OR REPLACE PROCEDURE etl.load_retail_like"));
}

#[test]
fn a_template_with_an_unknown_variable_is_an_error() {
    let templates = eltc::backend::templates::Templates::with_overrides(&[(
        "ddl.sql.j2".to_string(),
        "{{ no_such_thing }}\n".to_string(),
    )])
    .unwrap();
    let (pipeline, sources) = crate::support::model::staged();
    let error =
        eltc::compile::compile_with(&pipeline, &sources, &REDSHIFT, &templates).unwrap_err();
    assert_eq!(error.name, "ddl.sql.j2");
}

/// `eltc build` writes the Lambda runtime once into `<out>/_runtime/`, byte for
/// byte the sources in runtime/, the same on every run; `--check` notices a
/// stale or extra runtime file like a stale pipeline file.
#[test]
fn build_writes_the_runtime_and_the_deploy_template_deterministically() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let out = tempfile::tempdir().unwrap();
    let build = |extra: &[&str]| {
        std::process::Command::new(env!("CARGO_BIN_EXE_eltc"))
            .current_dir(root)
            .args(["build", "--out"])
            .arg(out.path())
            .args(extra)
            .arg("pipelines/market_data")
            .output()
            .unwrap()
    };
    assert!(build(&[]).status.success());
    let runtime = out.path().join("_runtime");
    let read = |path: &std::path::Path| std::fs::read_to_string(path).unwrap();
    for (name, _) in eltc::backend::cloudformation::RUNTIME {
        assert_eq!(
            read(&runtime.join(name)),
            read(&root.join("runtime").join(name))
        );
    }
    let template = read(&out.path().join("market_data/template.yaml"));
    assert!(template.contains("Handler: handler.handler"));
    assert!(build(&["--check"]).status.success());
    assert!(build(&[]).status.success());
    assert_eq!(
        read(&out.path().join("market_data/template.yaml")),
        template
    );
    std::fs::write(runtime.join("handler.py"), "# edited\n").unwrap();
    std::fs::write(runtime.join("old.py"), "").unwrap();
    assert!(!build(&["--check"]).status.success());
    assert!(build(&[]).status.success());
    assert!(!runtime.join("old.py").exists());
    assert!(build(&["--check"]).status.success());
}

/// COPY reads a bucket of another Region only with `REGION 'code'`
/// (https://docs.aws.amazon.com/redshift/latest/dg/copy-parameters-data-source-s3.html):
/// `redshift.copy_region` puts it into every COPY, after MANIFEST, and
/// the evaluated statement parses with sqlparser's Redshift dialect.
#[test]
fn a_copy_region_goes_into_every_copy() {
    let templates = eltc::backend::templates::Templates::builtin();
    let (mut pipeline, sources) = crate::support::model::staged();
    let copies = |pipeline: &eltc::spec::model::Pipeline| {
        let (artifacts, _) =
            eltc::compile::compile_with(pipeline, &sources, &REDSHIFT, &templates).unwrap();
        let load = artifacts["load.sql"].clone();
        (
            load.matches("EXECUTE 'COPY ").count(),
            load.matches("|| ' MANIFEST'\n        || ' REGION ''eu-west-1'''")
                .count(),
        )
    };
    let (without, regions) = copies(&pipeline);
    assert!(without > 0);
    assert_eq!(regions, 0, "no REGION unless the spec names one");
    pipeline.redshift.copy_region = Some("eu-west-1".into());
    assert_eq!(copies(&pipeline), (without, without));

    let copy = "COPY s.t (a) FROM 's3://bucket/_manifests/t.json' IAM_ROLE default MANIFEST REGION 'eu-west-1'";
    let parsed =
        sqlparser::parser::Parser::parse_sql(&sqlparser::dialect::RedshiftSqlDialect {}, copy);
    assert!(parsed.is_ok(), "{parsed:?}");
}
