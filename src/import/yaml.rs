//! The imported pipeline as `pipeline.yaml` text: written by hand rather than
//! serialised, so that each entry carries the comment saying which legacy
//! clause it came from, and the order is the legacy's.

use std::fmt::Write;

use crate::import::cases::Expect;
use crate::import::model::{ColumnValue, FieldOut, Format, SourceOut, TableOut, TargetOut, When};
use crate::import::units::Param;

/// A `plsql:` step, or an `sql:` step (no call).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StepOut {
    /// The step's name.
    pub name: String,
    /// `transforms/<file>`.
    pub file: String,
    /// The `call:` of a `plsql:` step; None for an `sql:` step.
    pub call: Option<String>,
    /// Where the call came from.
    pub comment: String,
}

/// A batch of a test case.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BatchOut {
    /// `name: value` of each param.
    pub params: Vec<(String, String)>,
    /// The fixture folder.
    pub given: String,
    /// The expectations.
    pub expect: Vec<Expect>,
}

/// Everything the spec holds.
#[derive(Clone, Debug, Default)]
pub struct PipelineOut {
    /// The pipeline's name.
    pub name: String,
    /// Where it came from.
    pub description: String,
    /// Params.
    pub params: Vec<Param>,
    /// `trigger.notification` and `trigger.landing`.
    pub trigger: (String, String),
    /// Sources in load order.
    pub sources: Vec<SourceOut>,
    /// Tables.
    pub tables: Vec<TableOut>,
    /// Steps.
    pub steps: Vec<StepOut>,
    /// One test case's batches (empty: no tests).
    pub batches: Vec<BatchOut>,
}

/// A YAML scalar: plain when it is safe, double-quoted (JSON escapes) otherwise.
pub fn scalar(text: &str) -> String {
    let plain = !text.is_empty()
        && text.chars().all(|c| {
            c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | '/' | '-' | '(' | ')' | ',')
        })
        && text
            .chars()
            .next()
            .is_some_and(|c| c.is_ascii_alphabetic() || c == '_' || c == '/')
        && !matches!(
            text.to_ascii_lowercase().as_str(),
            "true" | "false" | "yes" | "no" | "on" | "off" | "null" | "y" | "n"
        );
    if plain {
        text.to_string()
    } else {
        serde_json::to_string(text).unwrap_or_default()
    }
}

fn comments(out: &mut String, indent: &str, lines: &[String]) {
    for line in lines {
        let _ = writeln!(out, "{indent}# {line}");
    }
}

/// The pipeline.yaml text.
pub fn render(p: &PipelineOut) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "# Imported by `eltc import`: see import-report.md beside this file for what"
    );
    let _ = writeln!(
        out,
        "# each legacy construct became and what needs a human."
    );
    let _ = writeln!(
        out,
        "version: 1\nname: {}\ndescription: {}\ndialect: oracle\n",
        p.name,
        scalar(&p.description)
    );
    if !p.params.is_empty() {
        let _ = writeln!(out, "params:");
        for param in &p.params {
            match &param.origin {
                Some(origin) => {
                    let _ = writeln!(out, "  # the driver's ${{{}}}: {origin}", param.var);
                }
                None => {
                    let _ = writeln!(out, "  # the driver's ${{{}}}", param.var);
                }
            }
            let _ = writeln!(out, "  {}: {}", param.name, param.ty);
        }
        out.push('\n');
    }
    let _ = writeln!(
        out,
        "trigger:\n  notification: {}\n  landing: {}\n",
        scalar(&p.trigger.0),
        scalar(&p.trigger.1)
    );
    let _ = writeln!(out, "redshift:\n  schema: etl\n  copy_role: default\n");
    if !p.sources.is_empty() {
        let _ = writeln!(out, "sources:");
        for source in &p.sources {
            render_source(&mut out, source);
        }
        out.push('\n');
    }
    if !p.tables.is_empty() {
        let _ = writeln!(out, "tables:");
        for table in &p.tables {
            render_table(&mut out, table);
        }
        out.push('\n');
    }
    if !p.steps.is_empty() {
        let _ = writeln!(out, "transforms:");
        for step in &p.steps {
            let _ = writeln!(out, "  # {}", step.comment);
            match &step.call {
                Some(call) => {
                    let _ = writeln!(
                        out,
                        "  - name: {}\n    plsql: {}\n    call: {}",
                        step.name,
                        scalar(&step.file),
                        scalar(call)
                    );
                }
                None => {
                    let _ = writeln!(
                        out,
                        "  - name: {}\n    sql: {}",
                        step.name,
                        scalar(&step.file)
                    );
                }
            }
        }
        out.push('\n');
    }
    if !p.batches.is_empty() {
        let _ = writeln!(out, "tests:\n  - name: legacy_run\n    batches:");
        for batch in &p.batches {
            let params: Vec<String> = batch
                .params
                .iter()
                .map(|(k, v)| format!("{k}: {v}"))
                .collect();
            let _ = writeln!(
                out,
                "      - params: {{ {} }}\n        given: {}",
                params.join(", "),
                scalar(&batch.given)
            );
            if !batch.expect.is_empty() {
                let _ = writeln!(out, "        expect:");
            }
            for expect in &batch.expect {
                match expect {
                    Expect::Table(table, rows) => {
                        let _ = writeln!(
                            out,
                            "          - table: {table}\n            rows: {}",
                            scalar(rows)
                        );
                    }
                    Expect::Query(sql, rows) => {
                        let _ = writeln!(
                            out,
                            "          - query: {}\n            rows: {}",
                            scalar(sql),
                            scalar(rows)
                        );
                    }
                }
            }
        }
    }
    out
}

fn render_source(out: &mut String, s: &SourceOut) {
    comments(out, "  ", &s.comments);
    let _ = writeln!(out, "  {}:\n    file: {}", s.name, scalar(&s.file));
    let format = match &s.format {
        Format::Csv { delimiter, quote } => format!(
            "{{ type: csv, delimiter: {}, quote: {} }}",
            scalar(&delimiter.to_string()),
            scalar(&quote.to_string())
        ),
        Format::Delimited { delimiter } => format!(
            "{{ type: delimited, delimiter: {} }}",
            scalar(&delimiter.to_string())
        ),
        Format::FixedWidth => "{ type: fixed_width }".to_string(),
    };
    let _ = writeln!(out, "    format: {format}");
    if s.header_lines > 0 {
        let _ = writeln!(out, "    header_lines: {}", s.header_lines);
    }
    // SQL*Loader loads an empty field and an all-blank CHAR field as NULL;
    // a source that keeps blanks NULLs them in its text fields' expressions.
    // Without a NULLIF text, `\N` is a value for SQL*Loader, while COPY's
    // NULL AS default is `\N`: `string: ""` names the empty field instead.
    let blanks = !s.keep_blanks;
    let text = s.null_string.as_deref().unwrap_or("");
    let _ = writeln!(
        out,
        "    nulls: {{ empty: true, blanks: {blanks}, string: {} }}",
        scalar(text)
    );
    if let Some(f) = &s.date_format {
        let _ = writeln!(out, "    date_format: {}", scalar(f));
    }
    if let Some(f) = &s.timestamp_format {
        let _ = writeln!(out, "    timestamp_format: {}", scalar(f));
    }
    let _ = writeln!(out, "    max_errors: {}", s.max_errors);
    if s.fill_missing {
        let _ = writeln!(out, "    fill_missing: true");
    }
    let _ = writeln!(
        out,
        "    mode: {}",
        if s.append { "append" } else { "truncate" }
    );
    match s.targets.as_slice() {
        [only] if only.when.is_none() => render_target(out, only, "    ", true),
        targets => {
            let _ = writeln!(out, "    into:");
            for t in targets {
                render_target(out, t, "      ", false);
            }
        }
    }
}

fn render_target(out: &mut String, t: &TargetOut, indent: &str, single: bool) {
    if single {
        let _ = writeln!(out, "{indent}table: {}", t.table);
    } else {
        let _ = writeln!(out, "{}- table: {}", &indent[..indent.len() - 2], t.table);
    }
    if let Some(when) = &t.when {
        let text = match when {
            When::Field(field, value) => format!("{{ field: {field}, equals: {} }}", scalar(value)),
            When::Position(a, b, value) => {
                format!("{{ position: [{a}, {b}], equals: {} }}", scalar(value))
            }
        };
        let _ = writeln!(out, "{indent}when: {text}");
    }
    if !t.fields.is_empty() {
        let _ = writeln!(out, "{indent}fields:");
        for FieldOut {
            name,
            position,
            filler,
        } in &t.fields
        {
            let mut parts = vec![format!("name: {name}")];
            if let Some((a, b)) = position {
                parts.push(format!("position: [{a}, {b}]"));
            }
            if *filler {
                parts.push("filler: true".into());
            }
            if parts.len() == 1 {
                let _ = writeln!(out, "{indent}  - {name}");
            } else {
                let _ = writeln!(out, "{indent}  - {{ {} }}", parts.join(", "));
            }
        }
    }
    if !t.columns.is_empty() {
        let _ = writeln!(out, "{indent}columns:");
        for (column, value) in &t.columns {
            let value = match value {
                ColumnValue::Constant(c) => format!("{{ constant: {} }}", scalar(c)),
                ColumnValue::LoadTimestamp => "load_timestamp".into(),
                ColumnValue::Expr(e) => format!("{{ expr: {} }}", scalar(e)),
            };
            let _ = writeln!(out, "{indent}  {column}: {value}");
        }
    }
}

fn render_table(out: &mut String, t: &TableOut) {
    comments(out, "  ", &t.comments);
    let _ = writeln!(out, "  {}:", t.name);
    if let Some((key, why)) = &t.distkey {
        let _ = writeln!(out, "    # distkey suggested: {why}\n    distkey: {key}");
    }
    if let Some((keys, why)) = &t.sortkey {
        let _ = writeln!(
            out,
            "    # sortkey suggested: {why}\n    sortkey: [{}]",
            keys.join(", ")
        );
    }
    if !t.primary_key.is_empty() {
        let _ = writeln!(out, "    primary_key: [{}]", t.primary_key.join(", "));
    }
    let _ = writeln!(out, "    columns:");
    for c in &t.columns {
        if c.default.is_none() && c.identity.is_none() {
            let nn = if c.not_null { " not null" } else { "" };
            // Types are the spec's words (letters, digits, parentheses, commas, spaces): plain YAML.
            let _ = writeln!(out, "      {}: {}{nn}", c.name, c.ty);
        } else {
            let mut parts = vec![format!("type: {}", scalar(&c.ty))];
            if c.not_null {
                parts.push("not_null: true".into());
            }
            if let Some(d) = &c.default {
                parts.push(format!("default: {}", scalar(d)));
            }
            if let Some((seed, step)) = c.identity {
                parts.push(format!("identity: [{seed}, {step}]"));
            }
            let _ = writeln!(out, "      {}: {{ {} }}", c.name, parts.join(", "));
        }
    }
}
