//! `eltc explain CODE`: prints a diagnostic code's documentation, the same text
//! `docs/diagnostics.md` is generated from.

use std::io::{self, Write};

use super::ExitStatus;
use super::args::ExplainArgs;
use crate::diag::Code;
use crate::diag::codes::explanation;

/// Prints the code's documentation, or lists the codes when it is unknown (exit 1).
pub fn run(args: &ExplainArgs) -> io::Result<ExitStatus> {
    let mut out = io::stdout().lock();
    match Code::from_name(args.code.trim()) {
        Some(code) => {
            write!(out, "{}", explanation(code.info()))?;
            Ok(ExitStatus::Success)
        }
        None => {
            let mut err = io::stderr().lock();
            writeln!(err, "error: unknown diagnostic code `{}`", args.code)?;
            writeln!(err, "help: the codes are:")?;
            for code in Code::ALL {
                writeln!(err, "  {:<36} {}", code.name(), code.info().summary)?;
            }
            Ok(ExitStatus::Failure)
        }
    }
}
