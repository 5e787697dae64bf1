//! The pure entry point: a checked pipeline in, its artifacts and diagnostics out.
