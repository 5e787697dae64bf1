//! The integration tests, in one binary: each module is one suite.

mod docs;
mod spec_fixtures;
