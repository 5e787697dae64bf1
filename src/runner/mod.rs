//! `eltc test`'s runner: runs a pipeline's PostgreSQL form on fixture files
//! and compares the tables with the expected rows.
//!
//! - [`server`]: a throwaway PostgreSQL from the installed binaries;
//! - [`database`]: scratch databases, one per test case, on that server or on
//!   one the user names;
//! - [`case`]: a pipeline's [`case::Suite`]: apply the DDL and procedures, run
//!   each batch as the Lambda function would (land the files, one CALL);
//! - [`glue`]: the Glue backend's batches, through the generated job in one
//!   local Spark session (`eltc test --backend glue`);
//! - [`jobs`]: cases in parallel (`--jobs`), reports in the cases' order;
//! - [`loader`]: a landed file in, what the generated COPY would have stored
//!   out, as PostgreSQL COPY text (into the batch's landing tables);
//! - [`landed`]: which file a source reads in a batch;
//! - [`read_tables`]: the rows of the tables a pipeline only reads, from a
//!   batch's `given` directory;
//! - [`expected`], [`normalize`], [`compare`]: expected-rows files, values
//!   compared by type, and the diff of a failure.
//!
//! The runner starts processes and talks to a database, which the compiler
//! core never does; it never prints (the CLI does).

pub mod case;
pub mod compare;
pub mod database;
pub mod expected;
pub mod glue;
pub mod jobs;
pub mod landed;
pub mod loader;
pub mod normalize;
pub mod read_tables;
pub mod server;
