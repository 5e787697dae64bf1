//! `eltc test`'s runner: runs a pipeline's PostgreSQL form on fixture files.
//!
//! - [`loader`]: a landed file in, what the generated COPY would have stored
//!   out, as PostgreSQL COPY text.
//!
//! The other runner modules join this list as they are committed.

pub mod loader;
