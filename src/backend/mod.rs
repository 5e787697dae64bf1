//! Backends: plan and emit what a pipeline needs on its target.
//!
//! [`plan`] decides, target-neutrally, how each source is loaded (direct COPY or
//! staged through a raw table) and how each transform is written (strategies,
//! assertions); [`redshift`] turns the plan into view structs for one
//! [`Target`](crate::target::Target) (Redshift, or the PostgreSQL form the
//! tests run) and renders the minijinja [`templates`]; [`refused`] reports
//! what that target cannot express; [`lambda`] writes
//! `lambda.json` and [`cloudformation`] the deploy template. Nothing here does
//! I/O: template files given with `--templates` are read by the CLI.

pub mod cloudformation;
pub mod glue;
pub mod lambda;
pub mod plan;
pub mod redshift;
pub mod refused;
pub mod templates;

use std::collections::BTreeMap;

/// The files generated for one pipeline: relative path -> content.
pub type Artifacts = BTreeMap<String, String>;
