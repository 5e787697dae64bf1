//! The Python that `eltc test --backend glue` runs, compiled into the binary
//! (as the Lambda runtime is, [`crate::backend::cloudformation::RUNTIME`]): the
//! job library `glue/eltc_spark`, the local `awsglue` shim and the case
//! runner `glue/local/run_cases.py`. Written into the session's temporary
//! folder, so the Glue backend is tested with the library of this very eltc
//! from any project, whatever the checkout holds.

/// `(path under the library folder, text)` of the modules a generated job imports.
pub const LIBRARY: &[(&str, &str)] = &[
    (
        "eltc_spark/__init__.py",
        include_str!("../../../glue/eltc_spark/__init__.py"),
    ),
    (
        "eltc_spark/convert.py",
        include_str!("../../../glue/eltc_spark/convert.py"),
    ),
    (
        "eltc_spark/copy_load.py",
        include_str!("../../../glue/eltc_spark/copy_load.py"),
    ),
    (
        "eltc_spark/datetime_format.py",
        include_str!("../../../glue/eltc_spark/datetime_format.py"),
    ),
    (
        "eltc_spark/functions.py",
        include_str!("../../../glue/eltc_spark/functions.py"),
    ),
    (
        "eltc_spark/job.py",
        include_str!("../../../glue/eltc_spark/job.py"),
    ),
    (
        "eltc_spark/reader.py",
        include_str!("../../../glue/eltc_spark/reader.py"),
    ),
    (
        "eltc_spark/source.py",
        include_str!("../../../glue/eltc_spark/source.py"),
    ),
    (
        "eltc_spark/split.py",
        include_str!("../../../glue/eltc_spark/split.py"),
    ),
    (
        "awsglue/__init__.py",
        include_str!("../../../glue/local/awsglue/__init__.py"),
    ),
    (
        "awsglue/context.py",
        include_str!("../../../glue/local/awsglue/context.py"),
    ),
    (
        "awsglue/dynamicframe.py",
        include_str!("../../../glue/local/awsglue/dynamicframe.py"),
    ),
    (
        "awsglue/job.py",
        include_str!("../../../glue/local/awsglue/job.py"),
    ),
    (
        "awsglue/utils.py",
        include_str!("../../../glue/local/awsglue/utils.py"),
    ),
];

/// The case runner (its protocol is in its module doc).
pub const RUN_CASES: &str = include_str!("../../../glue/local/run_cases.py");

#[cfg(test)]
mod tests {
    use super::LIBRARY;

    /// Every module of the library and of the shim is embedded: a module added
    /// to glue/ and not here would fail the first job that imports it.
    #[test]
    fn every_module_of_the_library_is_embedded() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("glue");
        let mut on_disk = Vec::new();
        for (dir, under) in [("eltc_spark", "eltc_spark"), ("local/awsglue", "awsglue")] {
            for entry in std::fs::read_dir(root.join(dir)).unwrap() {
                let name = entry.unwrap().file_name().to_string_lossy().into_owned();
                if name.ends_with(".py") {
                    on_disk.push(format!("{under}/{name}"));
                }
            }
        }
        on_disk.sort();
        let mut embedded: Vec<String> = LIBRARY.iter().map(|(path, _)| path.to_string()).collect();
        embedded.sort();
        assert_eq!(embedded, on_disk);
    }
}
