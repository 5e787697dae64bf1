//! Translation fixtures: every `tests/fixtures/translate/*.sql` is translated
//! against the SQL layer's test pipeline (`eltc::sql::testing`) and snapshot
//! with its rendered diagnostics. A first-line comment `-- eltc: <options>`
//! selects the entry point (`statements`, `field`, `script`: a script of
//! `eltc translate`, DDL included; default: a query) and `redshift` the
//! dialect (default oracle). Cases named `err_*` must raise an error; the
//! others must not, their output must re-parse with sqlparser's
//! RedshiftSqlDialect, and translating it again as Redshift must change
//! nothing (scripts excepted: their translator reads Oracle only).

use eltc::diag::SourceMap;
use eltc::diag::render::{Style, human};
use eltc::spec::model::{Dialect, Pipeline, SqlText};
use eltc::sql::script::translate_script;
use eltc::sql::{
    check_redshift_parses, compile_field_expr, compile_query, compile_statements, testing,
};

struct Outcome {
    sql: Option<String>,
    diagnostics: String,
    errors: usize,
}

fn field_column(field: &str) -> Option<String> {
    ["full_name", "amount", "code", "day", "qty"]
        .contains(&field)
        .then(|| format!("f_{field}"))
}

fn translate(pipeline: &Pipeline, name: &str, text: &str, mode: &str) -> Outcome {
    let mut sources = SourceMap::new();
    let file = sources.add(name, text.to_string());
    let sql = SqlText {
        file,
        range: 0..text.len(),
    };
    let (out, diagnostics) = match mode {
        "statements" => {
            let (out, d) = compile_statements(pipeline, &sql, text);
            (
                out.map(|s| {
                    s.iter()
                        .map(|s| format!("{s};"))
                        .collect::<Vec<_>>()
                        .join("\n")
                }),
                d,
            )
        }
        "field" => {
            let (out, d) = compile_field_expr(pipeline, &sql, text, &field_column);
            (out.map(|e| e.to_string()), d)
        }
        "script" => {
            let script = translate_script(file, text);
            let out = script
                .statements
                .iter()
                .map(|s| format!("{s};"))
                .collect::<Vec<_>>()
                .join("\n");
            (Some(out), script.diagnostics)
        }
        _ => {
            let (out, d) = compile_query(pipeline, &sql, text);
            (
                out.map(|q| {
                    format!(
                        "{}\n-- columns: {}\n-- reads: {}",
                        q.query,
                        q.columns.join(", "),
                        q.reads.join(", ")
                    )
                }),
                d,
            )
        }
    };
    let errors = diagnostics.iter().filter(|d| d.is_error()).count();
    let rendered = diagnostics
        .iter()
        .map(|d| human(d, &sources, Style::Plain))
        .collect::<Vec<_>>()
        .join("\n");
    Outcome {
        sql: out,
        diagnostics: rendered,
        errors,
    }
}

/// The SQL part of an output (without the `-- columns` / `-- reads` lines).
fn sql_part(out: &str) -> String {
    out.lines()
        .filter(|l| !l.starts_with("-- "))
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn translate_fixtures() {
    let failures = std::sync::Mutex::new(Vec::new());
    insta::glob!("fixtures/translate/*.sql", |path| {
        match std::panic::catch_unwind(|| case(path)) {
            Ok(snapshot) => insta::assert_snapshot!(snapshot),
            Err(failure) => {
                let message = failure
                    .downcast_ref::<String>()
                    .cloned()
                    .unwrap_or_else(|| "panic".to_string());
                failures.lock().unwrap().push(message);
            }
        }
    });
    let failures = failures.into_inner().unwrap();
    assert!(
        failures.is_empty(),
        "{} failing cases:\n{}",
        failures.len(),
        failures.join("\n\n")
    );
}

fn case(path: &std::path::Path) -> String {
    {
        let text = std::fs::read_to_string(path).expect("fixture readable");
        let name = path
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or("case.sql")
            .to_string();
        let options = text
            .lines()
            .next()
            .and_then(|l| l.strip_prefix("-- eltc:"))
            .unwrap_or("")
            .to_string();
        let mode = if options.contains("statements") {
            "statements"
        } else if options.contains("script") {
            "script"
        } else if options.contains("field") {
            "field"
        } else {
            "query"
        };
        let mut sources = SourceMap::new();
        let mut pipeline = testing::pipeline(&mut sources);
        pipeline.dialect = if options.contains("redshift") {
            Dialect::Redshift
        } else {
            Dialect::Oracle
        };
        let outcome = translate(&pipeline, &name, &text, mode);
        if name.starts_with("err_") {
            assert!(outcome.errors > 0, "{name}: expected an error");
        } else {
            assert_eq!(
                outcome.errors, 0,
                "{name}: unexpected errors:\n{}",
                outcome.diagnostics
            );
            let out = outcome.sql.as_deref().map(sql_part).unwrap_or_default();
            let reparse = if mode == "field" {
                format!("SELECT {out}")
            } else {
                out.clone()
            };
            if let Err(error) = check_redshift_parses(&reparse) {
                panic!("{name}: output does not parse as Redshift: {error}\n{out}");
            }
            // Field expressions name raw columns after translation, not binds,
            // and a script's translator reads Oracle only: only queries and
            // statements can be translated again.
            if mode == "field" || mode == "script" {
                return snapshot_of(&outcome);
            }
            pipeline.dialect = Dialect::Redshift;
            let again = translate(&pipeline, &name, &out, mode);
            assert_eq!(
                again.errors, 0,
                "{name}: re-translation raised:\n{}",
                again.diagnostics
            );
            assert_eq!(
                again.sql.as_deref().map(sql_part).as_deref(),
                Some(out.as_str()),
                "{name}: re-translation changed the output"
            );
        }
        snapshot_of(&outcome)
    }
}

fn snapshot_of(outcome: &Outcome) -> String {
    {
        let mut snapshot = String::new();
        if let Some(sql) = &outcome.sql {
            snapshot.push_str(&format!("## redshift\n{sql}\n"));
        }
        if !outcome.diagnostics.is_empty() {
            snapshot.push_str(&format!("## diagnostics\n{}", outcome.diagnostics));
        }
        snapshot
    }
}
