//! `eltc check` across pipelines: a pipeline copied from another collides
//! with it (tables, notification prefix and lock, manifests), each collision
//! a diagnostic with both spans; `alternative_to` declares a replacement.

use std::fs;
use std::path::Path;
use std::process::Output;

use crate::support::eltc;

/// The human report of each diagnostic on stderr, by code.
fn reports(output: &Output) -> Vec<(String, String)> {
    String::from_utf8_lossy(&output.stderr)
        .split("\n\n")
        .filter_map(|block| {
            let code = block.split_once("[eltc::")?.1.split_once(']')?.0;
            Some((code.to_string(), block.to_string()))
        })
        .collect()
}

#[test]
fn a_copied_pipeline_collides_with_its_original() {
    let project = tempfile::tempdir().unwrap();
    fs::create_dir(project.path().join("pipelines")).unwrap();
    let new = eltc(&["new", "orders"], project.path());
    assert_eq!(
        new.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&new.stderr)
    );
    let copy = project.path().join("pipelines/orders_copy");
    fs::create_dir_all(copy.join("transforms")).unwrap();
    for entry in walk(&project.path().join("pipelines/orders")) {
        let relative = entry
            .strip_prefix(project.path().join("pipelines/orders"))
            .unwrap();
        fs::create_dir_all(copy.join(relative).parent().unwrap()).unwrap();
        fs::copy(&entry, copy.join(relative)).unwrap();
    }
    let spec = fs::read_to_string(copy.join("pipeline.yaml")).unwrap();
    fs::write(
        copy.join("pipeline.yaml"),
        spec.replacen("name: orders\n", "name: orders_copy\n", 1),
    )
    .unwrap();
    let check = eltc(&["check"], project.path());
    assert_eq!(check.status.code(), Some(1));
    let found = reports(&check);
    for code in [
        "project::shared-table",
        "project::shared-lock",
        "project::shared-manifest",
    ] {
        let (_, report) = found
            .iter()
            .find(|(c, _)| c == code)
            .unwrap_or_else(|| panic!("no {code} in {found:#?}"));
        assert!(
            report.contains("pipelines/orders_copy/pipeline.yaml:")
                && report.contains("pipelines/orders/pipeline.yaml:"),
            "{code} shows both spans: {report}"
        );
    }

    let spec = fs::read_to_string(copy.join("pipeline.yaml")).unwrap();
    fs::write(
        copy.join("pipeline.yaml"),
        spec.replacen(
            "name: orders_copy\n",
            "name: orders_copy\nalternative_to: orders\n",
            1,
        ),
    )
    .unwrap();
    let check = eltc(&["check"], project.path());
    assert_eq!(check.status.code(), Some(0), "{:?}", reports(&check));
}

fn walk(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut files = Vec::new();
    for entry in fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            files.extend(walk(&path));
        } else {
            files.push(path);
        }
    }
    files
}
