//! Backends: plan and emit what a pipeline needs on its engine.
//!
//! [`plan`] decides, engine-neutrally, how each source is loaded (direct COPY or
//! staged through a raw table) and how each transform is written (strategies,
//! assertions); [`redshift`] turns the plan into view structs and renders the
//! minijinja [`templates`]; [`postgres`] is the one documented adapter that
//! turns the Redshift form into what the tests run on PostgreSQL; [`lambda`]
//! writes `lambda.json` and [`cloudformation`] the deploy template. Nothing here does I/O except [`templates::Templates::from_dir`].

pub mod cloudformation;
pub mod lambda;
pub mod literal;
pub mod plan;
pub mod postgres;
pub mod redshift;
pub mod templates;

use std::collections::BTreeMap;

/// The files generated for one pipeline: relative path -> content.
pub type Artifacts = BTreeMap<String, String>;

/// The engine the generated SQL is for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Engine {
    /// Amazon Redshift: what `eltc build` writes and the DBA applies.
    Redshift,
    /// PostgreSQL 15: the Redshift text through [`postgres`], for the local tests.
    Postgres,
}
