//! `eltc import` on a legacy folder holding a shell driver (`run.sh`) and the
//! files packed after it (the control files, SQL scripts and DDL it runs;
//! see [`eltc_fuzz::unpack`]). Seeds: the driver fixtures and the import
//! folder fixtures.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let legacy = eltc_fuzz::fresh_dir("import_driver/legacy");
    let out = eltc_fuzz::fresh_dir("import_driver/out");
    eltc_fuzz::write_files(&legacy, &eltc_fuzz::unpack(data, "run.sh"));
    let (out, legacy) = (eltc_fuzz::arg(&out), eltc_fuzz::arg(&legacy));
    eltc_fuzz::eltc(&["import", "--name", "legacy", "--out", out, legacy]);
});
