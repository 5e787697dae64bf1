//! `eltc translate`'s pure core: a script of Oracle statements and DDL in,
//! Redshift statements and diagnostics out.
//!
//! Statements are translated in order with one growing type environment:
//! each CREATE TABLE adds its table (with the mapped types) for the
//! statements after it, each CREATE SEQUENCE its name. Tables the script does
//! not create are read as relations with unknown columns (an open world),
//! so only rewrites that need their types are refused. Every statement is
//! translated even when an earlier one fails; a failed statement emits
//! nothing. A script declares no parameters: a bind `:name` is kept as
//! written, a named parameter of the Redshift Data API, of unknown type
//! ([`Binds::DataApi`]). No I/O here.

use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;

use sqlparser::ast::Statement;

use super::parse::{self, ParsedStatement};
use super::span::SqlSource;
use super::translate::{Binds, Translator, ddl};
use crate::diag::{Diagnostic, FileId, Span};
use crate::spec::model::{CopyRole, Dialect, Pattern, Pipeline, RedshiftSettings, Trigger};

/// The translation of a script.
pub struct Script {
    /// The Redshift statements, in order (each printed with `;`).
    pub statements: Vec<Statement>,
    /// Everything raised.
    pub diagnostics: Vec<Diagnostic>,
}

/// Translates the Oracle script `text` of `file`.
pub fn translate_script(file: FileId, text: &str) -> Script {
    let source = SqlSource::new(file, 0, text);
    let (parsed, mut diagnostics) = parse::parse_statements(&source, Dialect::Oracle);
    let mut pipeline = empty_pipeline(file);
    let mut temps = BTreeMap::new();
    let mut sequences = BTreeSet::new();
    let mut statements = Vec::new();
    for ParsedStatement { statement, range } in parsed {
        let span = source.range(range.clone());
        match statement {
            Statement::CreateTable(create) => {
                let mut found = Vec::new();
                if let Some(table) = ddl::create_table(&create, span, &mut found) {
                    match parse::parse_synthetic(&table.sql, Dialect::Redshift) {
                        Ok(parsed) => statements.extend(parsed),
                        Err(error) => found.push(internal(&source, &range, &error)),
                    }
                    pipeline.tables.retain(|t| t.name != table.table.name);
                    pipeline.tables.push(table.table);
                }
                diagnostics.extend(found);
            }
            Statement::CreateSequence { name, .. } => {
                sequences.insert(name.to_string().to_lowercase());
            }
            statement => {
                let mut translator =
                    Translator::new(&pipeline, source.clone(), true, Binds::DataApi);
                translator.statement = range;
                translator.open_world = true;
                translator.temps = std::mem::take(&mut temps);
                translator.sequences = sequences.clone();
                let out = match statement {
                    // A script may hold queries (a transform's SELECT).
                    Statement::Query(mut query) => {
                        translator.query(&mut query);
                        vec![Statement::Query(query)]
                    }
                    other => translator.statements(other),
                };
                temps = std::mem::take(&mut translator.temps);
                let failed = translator.failed();
                diagnostics.extend(
                    translator
                        .diagnostics
                        .into_iter()
                        .map(|d| sequence_help(d, &sequences)),
                );
                if !failed {
                    statements.extend(out);
                }
            }
        }
    }
    Script {
        statements,
        diagnostics,
    }
}

/// NEXTVAL on a sequence the script created: the help names the
/// replacements for it (REDSHIFT-NOTES 1.10, 4.6).
fn sequence_help(mut diagnostic: Diagnostic, sequences: &BTreeSet<String>) -> Diagnostic {
    if diagnostic.message == "sequences do not exist in Redshift" && !sequences.is_empty() {
        let names: Vec<String> = sequences.iter().map(|s| format!("`{s}`")).collect();
        diagnostic.help = Some(format!(
            "{} (created above) cannot be kept: declare the key column `BIGINT IDENTITY(1,1)` in its CREATE TABLE and leave it out of the INSERT, or number new rows with `(SELECT MAX(key) FROM t) + ROW_NUMBER() OVER (ORDER BY ...)` in a batch that is the table's only writer",
            names.join(", ")
        ));
    }
    diagnostic
}

fn internal(source: &SqlSource<'_>, range: &std::ops::Range<usize>, error: &str) -> Diagnostic {
    Diagnostic::new(
        crate::diag::Code::UnsupportedConstruct,
        source.range(range.clone()),
        format!("eltc composed DDL it cannot parse: {error}"),
    )
    .label("this statement")
    .help("this is an eltc bug; please report it with the statement")
}

/// A pipeline with nothing declared: the script's DDL fills its tables
/// (also the table world of `eltc translate` over PL/SQL units).
pub fn empty_pipeline(file: FileId) -> Pipeline {
    let span = Span::file_start(file);
    let pattern = Pattern {
        text: String::new(),
        parts: Vec::new(),
        span,
    };
    Pipeline {
        name: "translate".into(),
        description: None,
        dir: PathBuf::from("."),
        file,
        dialect: Dialect::Oracle,
        params: Vec::new(),
        trigger: Trigger {
            bucket: None,
            notification: pattern.clone(),
            landing: pattern,
        },
        redshift: RedshiftSettings {
            schema: "etl".into(),
            copy_role: CopyRole::Default,
            load_procedure: "load".into(),
            transform_procedure: "transform".into(),
        },
        sources: Vec::new(),
        tables: Vec::new(),
        transforms: Vec::new(),
        tests: Vec::new(),
    }
}
