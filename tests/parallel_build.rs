//! `eltc check` and `eltc build` read and compile pipelines on several
//! threads (`--jobs`): what they print and write must be the same bytes with
//! one thread or many, errors and cross-pipeline diagnostics included.

use std::fs;
use std::path::Path;

use crate::support::{copy_dir, eltc, tree};

/// Copies the repository's pipelines into a fresh project, with `extra`
/// copies of market_data made to collide with it (project diagnostics) and
/// one with a broken transform (a pipeline's own error).
pub fn project(extra: usize) -> tempfile::TempDir {
    let project = tempfile::tempdir().unwrap();
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    for entry in fs::read_dir(root.join("pipelines")).unwrap() {
        let dir = entry.unwrap().path();
        let name = dir.file_name().unwrap().to_owned();
        copy_dir(&dir, &project.path().join("pipelines").join(name));
    }
    for i in 0..extra {
        let copy = project.path().join(format!("pipelines/copy_{i}"));
        copy_dir(&root.join("pipelines/market_data"), &copy);
        let spec = fs::read_to_string(copy.join("pipeline.yaml")).unwrap();
        fs::write(
            copy.join("pipeline.yaml"),
            spec.replacen("name: market_data\n", &format!("name: copy_{i}\n"), 1),
        )
        .unwrap();
    }
    if extra > 0 {
        let broken = project.path().join("pipelines/copy_0/transforms");
        let sql = fs::read_dir(&broken)
            .unwrap()
            .next()
            .unwrap()
            .unwrap()
            .path();
        fs::write(&sql, "SELECT FROM WHERE (").unwrap();
    }
    project
}

#[test]
fn check_prints_the_same_diagnostics_with_one_job_or_many() {
    let project = project(3);
    let run = |jobs: &str, format: &str| {
        eltc(
            &["check", "-q", "--jobs", jobs, "--format", format],
            project.path(),
        )
    };
    for format in ["json", "human"] {
        let one = run("1", format);
        assert_eq!(
            one.status.code(),
            Some(1),
            "{}",
            String::from_utf8_lossy(&one.stderr)
        );
        let printed = String::from_utf8_lossy(&one.stdout).into_owned()
            + &String::from_utf8_lossy(&one.stderr);
        // Both kinds of diagnostic are there: a pipeline's own and the project's.
        assert!(printed.contains("copy_0"), "{printed}");
        assert!(printed.contains("project::shared-table"), "{printed}");
        for jobs in ["2", "4"] {
            let many = run(jobs, format);
            assert_eq!(many.status.code(), Some(1));
            assert_eq!(one.stdout, many.stdout, "stdout, {format}, --jobs {jobs}");
            assert_eq!(one.stderr, many.stderr, "stderr, {format}, --jobs {jobs}");
        }
    }
}

#[test]
fn build_writes_the_same_files_with_one_job_or_many() {
    let project = project(0);
    let mut trees = Vec::new();
    for jobs in ["1", "4"] {
        let out = project.path().join(format!("out_{jobs}"));
        let build = eltc(
            &[
                "build",
                "-q",
                "--jobs",
                jobs,
                "--out",
                out.to_str().unwrap(),
            ],
            project.path(),
        );
        assert_eq!(
            build.status.code(),
            Some(0),
            "{}",
            String::from_utf8_lossy(&build.stderr)
        );
        trees.push(tree(&out));
    }
    assert!(trees[0].len() > 20, "{:?}", trees[0].keys());
    assert!(
        trees[0] == trees[1],
        "the outputs of --jobs 1 and --jobs 4 differ"
    );
}
