//! The integration tests, in one binary: each module is one suite.

mod docs;
mod build_snapshots;
mod compile_checks;
mod postgres_accepts;
mod redshift_parse;
mod support;
mod spec_fixtures;
mod check_fixtures;
mod cli;
mod translate_fixtures;
