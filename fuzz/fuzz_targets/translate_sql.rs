//! `eltc translate FILE` on one file of Oracle SQL: the CLI decides, as for a
//! user's file, whether it streams the script statement by statement or reads
//! PL/SQL units. Seeds: the SQL translation fixtures and the pipelines' SQL.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let dir = eltc_fuzz::fresh_dir("translate_sql");
    let file = dir.join("input.sql");
    std::fs::write(&file, data).expect("write the input");
    eltc_fuzz::eltc(&["translate", eltc_fuzz::arg(&file)]);
});
