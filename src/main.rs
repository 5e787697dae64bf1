//! The `eltc` binary: parses the command line and maps the outcome to an exit code.

use std::process::ExitCode;

/// See Cargo.toml: eltc's allocation pattern (many small trees per
/// pipeline, freed as it goes) is slow on glibc's allocator.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    eltc::cli::main()
}
