//! The integration tests, in one binary: each module is one suite.

mod build_snapshots;
mod check_fixtures;
mod cli;
mod compile_checks;
mod docs;
mod eltc_test;
mod import_examples;
mod import_fixtures;
mod import_rules;
mod lint_fixtures;
mod loader_fixtures;
mod plsql_build;
mod plsql_exec;
mod plsql_fixtures;
mod plsql_legacy;
mod plsql_parse_fixtures;
mod postgres_accepts;
mod redshift_parse;
mod run_batch_cli;
mod semantic;
mod spec_fixtures;
mod support;
mod translate_cli;
mod translate_fixtures;
mod translation_doc;
