//! Backends: plan and emit what a pipeline needs on its engine.
//!
//! [`redshift`] writes what the DBA applies; [`postgres`] is the one documented
//! adapter that turns it into what the tests run on PostgreSQL.

use std::collections::BTreeMap;

/// The files generated for one pipeline: relative path -> content.
pub type Artifacts = BTreeMap<String, String>;
