//! Unit tests of the translation: PL/SQL in, rendered PL/pgSQL and
//! diagnostics out.

use crate::backend::Engine;
use crate::diag::{Diagnostic, SourceMap};
use crate::plsql::{Input, Output, translate_files};

/// Translates `files` (name, text) together: the Redshift text of every
/// output, and the diagnostics as `code: message` lines.
pub fn run(files: &[(&str, &str)]) -> (String, Vec<String>) {
    run_engine(files, Engine::Redshift)
}

/// Like [`run`], for `engine`.
pub fn run_engine(files: &[(&str, &str)], engine: Engine) -> (String, Vec<String>) {
    let mut map = SourceMap::new();
    let ids: Vec<_> = files
        .iter()
        .map(|(name, text)| map.add(*name, text.to_string()))
        .collect();
    let inputs: Vec<Input<'_>> = ids
        .iter()
        .map(|id| Input {
            file: *id,
            text: map.text(*id),
        })
        .collect();
    let translation = translate_files(&inputs);
    let mut text = String::new();
    for output in &translation.outputs {
        match output {
            Output::Statement(statement) => {
                let statement = match engine {
                    Engine::Redshift => statement.clone(),
                    Engine::Postgres => crate::backend::postgres::adapt_statement(statement),
                };
                text.push_str(&format!("{statement};\n"));
            }
            Output::Procedure(procedure) => text.push_str(&procedure.render(engine)),
        }
    }
    let diagnostics = translation.diagnostics.iter().map(line).collect();
    (text, diagnostics)
}

fn line(d: &Diagnostic) -> String {
    format!("{:?} {}: {}", d.severity, d.code.name(), d.message)
}

/// One procedure's text (its CREATE, DDL for `ddl`).
pub fn procedure(ddl: &str, unit: &str) -> (String, Vec<String>) {
    run(&[("ddl.sql", ddl), ("unit.sql", unit)])
}

#[test]
fn legacy_units_translate_without_errors() {
    let ddl = include_str!("../../../tests/fixtures/plsql/legacy/legacy-nasdaq/ddl.sql");
    let prc =
        include_str!("../../../tests/fixtures/plsql/legacy/legacy-nasdaq/load_market_data.prc");
    let (text, diagnostics) = run(&[("ddl.sql", ddl), ("load_market_data.prc", prc)]);
    println!("{text}");
    for d in &diagnostics {
        println!("{d}");
    }
    let ddl = include_str!("../../../tests/fixtures/plsql/legacy/legacy-retail/ddl.sql");
    let pks = include_str!("../../../tests/fixtures/plsql/legacy/legacy-retail/retail_etl.pks");
    let pkb = include_str!("../../../tests/fixtures/plsql/legacy/legacy-retail/retail_etl.pkb");
    let (text2, diagnostics2) = run(&[
        ("ddl.sql", ddl),
        ("retail_etl.pks", pks),
        ("retail_etl.pkb", pkb),
    ]);
    println!("{text2}");
    for d in &diagnostics2 {
        println!("{d}");
    }
    assert!(
        !diagnostics
            .iter()
            .chain(&diagnostics2)
            .any(|d| d.starts_with("Error"))
    );
}
