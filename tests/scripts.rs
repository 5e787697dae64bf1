//! The set-up script of a fresh machine (scripts/prerequisites, run by
//! scripts/test): what is missing is named in one line, never a panic per test.

use std::path::PathBuf;
use std::process::{Command, Output};

fn prerequisites(root: Option<&std::path::Path>, python: &str, java: &str) -> Output {
    let mut command = Command::new("bash");
    command
        .arg(PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("scripts/prerequisites"))
        .arg("--check")
        .env("PYTHON", python)
        .env("JAVA", java);
    if let Some(root) = root {
        command.env("ELTC_PREREQUISITES_ROOT", root);
    }
    command.output().expect("run scripts/prerequisites")
}

#[test]
fn missing_packages_are_named_in_one_line() {
    let empty = tempfile::tempdir().unwrap();
    let output = prerequisites(Some(empty.path()), "false", "false");
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    for package in [
        "postgresql-15",
        "postgresql-15-plpgsql-check",
        "python3-venv",
        "openjdk-17-jre-headless",
        "libpostgresql-jdbc-java",
        "chromium",
        "fonts-dejavu-core",
    ] {
        assert!(stderr.contains(&format!(" {package}")), "{stderr}");
    }
    assert!(stderr.contains("apt-get install"), "{stderr}");
}

#[test]
fn only_plpgsql_check_missing_names_only_it() {
    let root = tempfile::tempdir().unwrap();
    for program in ["usr/lib/postgresql/15/bin/initdb", "usr/bin/chromium"] {
        let path = root.path().join(program);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, "#!/bin/sh\n").unwrap();
        let mut permissions = std::fs::metadata(&path).unwrap().permissions();
        std::os::unix::fs::PermissionsExt::set_mode(&mut permissions, 0o755);
        std::fs::set_permissions(&path, permissions).unwrap();
    }
    for file in [
        "usr/share/java/postgresql.jar",
        "usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
    ] {
        let path = root.path().join(file);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, b"").unwrap();
    }
    let output = prerequisites(Some(root.path()), "python3", "java");
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("packages postgresql-15-plpgsql-check:"),
        "{stderr}"
    );
}

#[test]
fn this_machine_has_what_the_tests_need() {
    let output = prerequisites(None, "python3", "java");
    assert_eq!(
        output.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(output.stderr.is_empty() && output.stdout.is_empty());
}
