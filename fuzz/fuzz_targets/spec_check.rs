//! `eltc check DIR` on a pipeline directory: `pipeline.yaml`, then the files it
//! names packed after it (`\0@transforms/x.sql` and its text; see
//! [`eltc_fuzz::unpack`]). The spec reader, the checker and the compilation
//! of the steps' SQL all run, as `eltc check` runs them. Seeds: the spec
//! fixtures and the example pipelines, each with its SQL.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let dir = eltc_fuzz::fresh_dir("spec_check");
    eltc_fuzz::write_files(&dir, &eltc_fuzz::unpack(data, "pipeline.yaml"));
    eltc_fuzz::eltc(&["check", "--quiet", eltc_fuzz::arg(&dir)]);
});
