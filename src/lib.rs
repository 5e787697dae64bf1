//! eltc: a compiler for ELT pipelines, from declarative specs (YAML + SQL, often
//! still in Oracle's dialect) to what a serverless Amazon Redshift pipeline needs.
//!
//! Modules in reading order:
//!
//! - [`diag`]: diagnostics (codes, spans, rendering), used by every stage;
//! - [`encoding`]: input files' bytes into text (UTF-8, marked, or declared);
//! - [`spec`]: reads `pipeline.yaml` into the checked [`spec::model::Pipeline`];
//! - [`sql`]: parses transform SQL and translates Oracle idioms to Redshift;
//! - [`target`]: how each engine (Redshift, the PostgreSQL test form) spells
//!   SQL trees, literals and the engine-specific parts of the output;
//! - [`plsql`]: PL/SQL units into Redshift procedures;
//! - [`backend`]: plans and emits DDL, the load and transform procedures and
//!   the Lambda config, for a target;
//! - [`params_usage`]: the warning for parameters nothing reads;
//! - [`parallel`]: independent items on a few threads, results in order;
//! - [`runner`]: `eltc test`, running the PostgreSQL form on fixture files;
//! - [`compile`]: the pure entry point, pipeline in, artifacts and diagnostics out;
//! - [`cache`]: the build cache, which lets `build` and `check` skip the
//!   pipelines whose inputs did not change;
//! - [`lineage`]: column-level lineage over the checked model and the plan;
//! - [`site`]: the documentation site of `eltc docs`, as files in memory;
//! - [`cli`]: the `eltc` command line, the only module that prints.
//!
//! Invariants: the core (everything but `cli`, `cache`, `runner` and the
//! spec's file reading) does no I/O;
//! spans are byte offsets into files of the [`diag::SourceMap`]; output is
//! deterministic (same input, same bytes).

#![warn(missing_docs)]

pub mod backend;
pub mod cache;
pub mod changes;
pub mod cli;
pub mod compile;
pub mod diag;
pub mod encoding;
pub mod import;
pub mod lineage;
pub mod parallel;
pub mod params_usage;
pub mod plsql;
pub mod runner;
pub mod site;
pub mod spec;
pub mod sql;
pub mod target;
