//! `eltc translate` on PL/SQL: a unit alone (`unit.sql`), or with the files
//! packed after it (`\0@ddl.sql` and its text; see [`eltc_fuzz::unpack`]),
//! given in the order `eltc translate ddl.sql unit.sql` takes them: the later
//! files first, so their DDL types the unit. Seeds: the PL/SQL fixtures and
//! the PL/SQL pipelines' units with their tables' DDL.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let dir = eltc_fuzz::fresh_dir("translate_plsql");
    let files = eltc_fuzz::unpack(data, "unit.sql");
    let mut paths = eltc_fuzz::write_files(&dir, &files);
    // The unit last: DDL before the units it types.
    paths.rotate_left(1);
    let mut args = vec!["translate"];
    args.extend(paths.iter().map(|path| eltc_fuzz::arg(path)));
    eltc_fuzz::eltc(&args);
});
