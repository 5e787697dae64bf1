//! `eltc import` on a legacy folder holding a SQL*Loader control file
//! (`load.ctl`) and the files packed after it (the DDL of the tables it
//! loads: `\0@ddl.sql`; see [`eltc_fuzz::unpack`]). Seeds: the control-file
//! fixtures, each with the fixtures' DDL.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let legacy = eltc_fuzz::fresh_dir("import_ctl/legacy");
    let out = eltc_fuzz::fresh_dir("import_ctl/out");
    eltc_fuzz::write_files(&legacy, &eltc_fuzz::unpack(data, "load.ctl"));
    let (out, legacy) = (eltc_fuzz::arg(&out), eltc_fuzz::arg(&legacy));
    eltc_fuzz::eltc(&["import", "--name", "legacy", "--out", out, legacy]);
});
