//! The layering of ARCHITECTURE.md, checked on the source: which module may
//! name which, and which modules may touch the file system. Test code (a
//! `tests/` directory inside a module, or what follows `#[cfg(test)]`) may
//! use the runner to execute what it checks, so it is not scanned.

use std::path::{Path, PathBuf};

/// (module, modules it must not name).
const FORBIDDEN: &[(&str, &[&str])] = &[
    (
        "diag",
        &[
            "spec", "sql", "target", "plsql", "backend", "compile", "runner", "cli",
        ],
    ),
    (
        "spec",
        &[
            "sql", "target", "plsql", "backend", "compile", "runner", "cli",
        ],
    ),
    (
        "sql",
        &["target", "plsql", "backend", "compile", "runner", "cli"],
    ),
    ("target", &["plsql", "backend", "compile", "runner", "cli"]),
    ("plsql", &["backend", "compile", "runner", "cli"]),
    (
        "backend",
        &["compile", "lineage", "changes", "runner", "cli"],
    ),
    ("compile.rs", &["lineage", "changes", "runner", "cli"]),
    ("lineage", &["changes", "runner", "cli"]),
    ("changes", &["runner", "cli"]),
    ("site", &["runner", "cli"]),
    (
        "cache",
        &[
            "sql", "target", "plsql", "backend", "compile", "lineage", "changes", "runner", "cli",
        ],
    ),
];

/// Modules of the pure core: no file-system access.
const PURE: &[&str] = &[
    "sql",
    "target",
    "plsql",
    "backend",
    "compile.rs",
    "lineage",
    "changes",
    "site",
];

fn files(path: &Path) -> Vec<PathBuf> {
    if path.is_file() {
        return vec![path.to_path_buf()];
    }
    let mut out = Vec::new();
    for entry in std::fs::read_dir(path).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            if path.file_name().is_some_and(|n| n == "tests") {
                continue;
            }
            out.extend(files(&path));
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
    out
}

/// The file's text before its first `#[cfg(test)]`.
fn production_text(path: &Path) -> String {
    let text = std::fs::read_to_string(path).unwrap();
    match text.find("#[cfg(test)]") {
        Some(at) => text[..at].to_string(),
        None => text,
    }
}

fn src(module: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("src")
        .join(module)
}

#[test]
fn modules_name_only_the_layers_below_them() {
    let mut violations = Vec::new();
    for (module, forbidden) in FORBIDDEN {
        for file in files(&src(module)) {
            let text = production_text(&file);
            for other in *forbidden {
                let other = other.trim_end_matches(".rs");
                if text.contains(&format!("crate::{other}::"))
                    || text.contains(&format!("crate::{other};"))
                    || text.contains(&format!("crate::{{{other}"))
                {
                    violations.push(format!("{} names `crate::{other}`", file.display()));
                }
            }
        }
    }
    assert!(violations.is_empty(), "{violations:#?}");
}

#[test]
fn the_core_does_no_file_io() {
    let mut violations = Vec::new();
    for module in PURE {
        for file in files(&src(module)) {
            let text = production_text(&file);
            for io in ["std::fs", "File::open", "read_to_string(", "std::process"] {
                if text.contains(io) {
                    violations.push(format!("{} uses `{io}`", file.display()));
                }
            }
        }
    }
    assert!(violations.is_empty(), "{violations:#?}");
}

#[test]
fn only_sql_parse_calls_the_parser() {
    let mut violations = Vec::new();
    for file in files(&src("")) {
        let text = production_text(&file);
        if (text.contains("Parser::new(") || text.contains("Parser::parse_sql("))
            && !file.ends_with("sql/parse.rs")
        {
            violations.push(file.display().to_string());
        }
    }
    assert!(violations.is_empty(), "{violations:#?}");
}

/// The generic refusal codes that named no construct (issue 18): kept in
/// the catalogue as retired codes, raised nowhere. A refusal gets the code
/// of its construct family, so that an assessment counts constructs.
const RETIRED_GENERIC_CODES: &[(&str, &str)] = &[
    (
        "Code::UnsupportedConstruct",
        "translate::unsupported-construct",
    ),
    (
        "Code::UnsupportedFunction",
        "translate::unsupported-function",
    ),
    ("Code::UnknownExprType", "translate::unknown-type"),
    ("Code::PlsqlUnsupported", "plsql::unsupported-construct"),
];

#[test]
fn refusals_name_their_construct() {
    let mut violations = Vec::new();
    for file in files(&src("")) {
        if file.ends_with("diag/codes.rs") {
            continue;
        }
        let text = production_text(&file);
        for (variant, name) in RETIRED_GENERIC_CODES {
            if text.contains(variant) || text.contains(&format!("\"{name}\"")) {
                violations.push(format!("{} raises `{name}`", file.display()));
            }
        }
    }
    assert!(violations.is_empty(), "{violations:#?}");
}
