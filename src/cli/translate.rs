//! `eltc translate [--from oracle] [--to redshift|postgres] [FILE|-]...`: Oracle
//! SQL in, one translated statement per `;`-terminated line out on stdout,
//! diagnostics on stderr rendered as `eltc check` renders them. Exit 1 when
//! any error was raised (the statements that translated are still printed).
//! `--to postgres` passes each statement through the backend's PostgreSQL
//! adapter, the same function the build's test form uses. PL/SQL units and
//! several files go to [`translate_plsql`].

use std::io::{self, Write};

use super::args::{EngineArg, Format, TranslateArgs};
use super::pipelines::print_diagnostics;
use super::{ExitStatus, translate_plsql};
use crate::backend::postgres;
use crate::diag::{Diagnostics, SourceMap};
use crate::sql::script::translate_script;

/// Runs `eltc translate`. An unreadable input is eltc's I/O failure (exit 3
/// through the caller), as for other commands.
pub fn run(args: &TranslateArgs) -> io::Result<ExitStatus> {
    let inputs = translate_plsql::read_inputs(&args.files)?;
    // PL/SQL units, and several files read together, are the PL/SQL translator's.
    if translate_plsql::wanted(&inputs) {
        return translate_plsql::run(inputs, args.to);
    }
    let Some((name, text)) = inputs.into_iter().next() else {
        return Ok(ExitStatus::Success);
    };
    let mut sources = SourceMap::new();
    let file = sources.add(name, text.clone());
    let script = translate_script(file, &text);
    let mut out = io::stdout().lock();
    for statement in &script.statements {
        let statement = match args.to {
            EngineArg::Redshift => statement.clone(),
            EngineArg::Postgres => postgres::adapt_statement(statement),
        };
        writeln!(out, "{statement};")?;
    }
    let mut diagnostics = Diagnostics::new();
    diagnostics.extend(script.diagnostics);
    let failed = diagnostics.has_errors();
    print_diagnostics(diagnostics, &sources, Format::Human)?;
    Ok(if failed {
        ExitStatus::Failure
    } else {
        ExitStatus::Success
    })
}
