//! One pipeline's page: overview, sources, tables, steps ([`super::steps`]),
//! tests and lineage ([`super::lineage`]).

use std::fmt::Write as _;
use std::path::Path;

use super::html::{anchor, code_block, definitions, esc, link, local};
use super::{lineage, page_path, steps};
use crate::backend::plan::Plan;
use crate::backend::plan::load::SourceLoad;
use crate::diag::SourceMap;
use crate::spec::model::{
    Backend, CopyRole, Dialect, DistStyle, Encoding, Format, LoadMode, Pipeline, RecordCondition,
    Source, SourceTarget, Subject, Table, TestCase, Value,
};
use crate::target::{LoadSource, REDSHIFT, Target};

/// The page of `pipeline`; `all` are the site's pipelines (for links to
/// the others that declare the same tables).
pub(super) fn page(
    pipeline: &Pipeline,
    plan: &Plan,
    all: &[(&Pipeline, &Plan)],
    sources: &SourceMap,
) -> String {
    let mut body = format!("<h1>{}</h1>\n", esc(&pipeline.name));
    if let Some(description) = &pipeline.description {
        let _ = writeln!(body, "<p class=\"description\">{}</p>", esc(description));
    }
    body.push_str(
        "<nav class=\"sections\"><a href=\"#overview\">overview</a> <a href=\"#sources\">sources</a> \
         <a href=\"#tables\">tables</a> <a href=\"#steps\">steps</a> <a href=\"#tests\">tests</a> \
         <a href=\"#lineage\">lineage</a></nav>\n",
    );
    body.push_str(&overview(pipeline, plan));
    body.push_str("<section id=\"sources\">\n<h2>Sources</h2>\n");
    if pipeline.sources.is_empty() {
        body.push_str("<p>No source.</p>\n");
    }
    for source in &pipeline.sources {
        let load = plan.loads.iter().find(|l| l.source == source.name);
        body.push_str(&source_card(source, load, plan));
    }
    body.push_str("</section>\n<section id=\"tables\">\n<h2>Tables</h2>\n");
    for table in &pipeline.tables {
        body.push_str(&table_card(table, pipeline, all));
    }
    body.push_str("</section>\n");
    body.push_str(&steps::section(pipeline, plan, sources));
    body.push_str(&tests(pipeline));
    body.push_str(&lineage::section(pipeline, plan, sources));
    let crumbs = format!(
        "{} / <strong>{}</strong>",
        link("../index.html", "eltc docs"),
        esc(&pipeline.name)
    );
    super::html::page(
        "../",
        &format!("{}: eltc docs", pipeline.name),
        &crumbs,
        &body,
    )
}

/// `Oracle` or `Redshift`: the dialect the pipeline's SQL is written in.
pub(super) fn dialect(pipeline: &Pipeline) -> &'static str {
    match pipeline.dialect {
        Dialect::Oracle => "Oracle",
        Dialect::Redshift => "Redshift",
    }
}

fn overview(pipeline: &Pipeline, plan: &Plan) -> String {
    let params: Vec<String> = pipeline
        .params
        .iter()
        .map(|p| format!("<code>{}</code> {}", esc(&p.name), esc(&p.ty.to_string())))
        .collect();
    let mut rows = vec![
        ("dialect", dialect(pipeline).to_string()),
        (
            "backend",
            match pipeline.backend {
                Backend::Procedure => "procedure (load and transform procedures)".to_string(),
                Backend::Glue => "glue (an AWS Glue job)".to_string(),
            },
        ),
        ("parameters", params.join(", ")),
        (
            "notification",
            format!("<code>{}</code>", esc(&pipeline.trigger.notification.text)),
        ),
        (
            "landing",
            format!("<code>{}</code>", esc(&pipeline.trigger.landing.text)),
        ),
    ];
    if let Some(bucket) = &pipeline.trigger.bucket {
        rows.push(("bucket", format!("<code>{}</code>", esc(bucket))));
    }
    rows.push((
        "procedures",
        format!(
            "<code>{}.{}</code> calls <code>{}.{}</code>",
            esc(&plan.schema),
            esc(&plan.load_procedure),
            esc(&plan.schema),
            esc(&plan.transform_procedure)
        ),
    ));
    rows.push((
        "COPY role",
        match &pipeline.redshift.copy_role {
            CopyRole::Default => "the namespace's default IAM role".to_string(),
            CopyRole::Arn(arn) => format!("<code>{}</code>", esc(arn)),
        },
    ));
    if let Some((other, _)) = &pipeline.alternative_to {
        rows.push(("alternative to", link(&format!("{other}.html"), other)));
    }
    format!(
        "<section id=\"overview\">\n<h2>Overview</h2>\n<div id=\"params\">{}</div></section>\n",
        definitions(&rows)
    )
}

fn source_card(source: &Source, load: Option<&SourceLoad>, plan: &Plan) -> String {
    let mut out = format!(
        "<article class=\"card\" id=\"{}\">\n<h3>source {}</h3>\n",
        anchor("s", &source.name),
        esc(&source.name)
    );
    let nulls = &source.nulls;
    let mut null_rules = Vec::new();
    if nulls.empty {
        null_rules.push("an empty field is NULL".to_string());
    }
    if nulls.blanks {
        null_rules.push("a field of blanks is NULL".to_string());
    }
    if let Some(marker) = &nulls.string {
        null_rules.push(format!("<code>{}</code> is NULL", esc(marker)));
    }
    if null_rules.is_empty() {
        null_rules.push("no field is read as NULL".to_string());
    }
    let rows = [
        (
            "file",
            format!(
                "<code>{}</code> under the landing prefix",
                esc(&source.file.text)
            ),
        ),
        ("format", format_text(&source.format)),
        ("header lines", source.header_lines.to_string()),
        ("encoding", encoding_text(source.encoding).to_string()),
        ("NULL", null_rules.join("; ")),
        (
            "date format",
            format!(
                "<code>{}</code>",
                esc(source.date_format.as_deref().unwrap_or("YYYY-MM-DD"))
            ),
        ),
        (
            "timestamp format",
            format!(
                "<code>{}</code>",
                esc(source
                    .timestamp_format
                    .as_deref()
                    .unwrap_or("YYYY-MM-DD HH:MI:SS"))
            ),
        ),
        ("rejected records allowed", source.max_errors.to_string()),
        (
            "missing trailing fields",
            if source.fill_missing {
                "NULL"
            } else {
                "rejected"
            }
            .to_string(),
        ),
        (
            "mode",
            match source.mode {
                LoadMode::Truncate => "truncate: the tables are emptied first",
                LoadMode::Append => "append",
            }
            .to_string(),
        ),
    ];
    out.push_str(&definitions(&rows));
    for target in &source.into {
        out.push_str(&source_target(target));
    }
    if let Some(load) = load {
        out.push_str("<h4>COPY, as generated</h4>\n");
        out.push_str(&code_block(&copy_text(load, plan)));
    }
    out.push_str("</article>\n");
    out
}

fn format_text(format: &Format) -> String {
    match format {
        Format::Csv { delimiter, quote } => format!(
            "CSV, delimiter <code>{}</code>, quote <code>{}</code>",
            esc(&delimiter.to_string()),
            esc(&quote.to_string())
        ),
        Format::Delimited { delimiter, escape } => format!(
            "delimited, delimiter <code>{}</code>{}",
            esc(&delimiter.to_string()),
            if *escape { ", backslash escapes" } else { "" }
        ),
        Format::FixedWidth => "fixed width".to_string(),
    }
}

fn encoding_text(encoding: Encoding) -> &'static str {
    match encoding {
        Encoding::Utf8 => "UTF-8",
        Encoding::Utf16 => "UTF-16 (byte-order mark)",
        Encoding::Utf16Le => "UTF-16LE",
        Encoding::Utf16Be => "UTF-16BE",
    }
}

/// One table a source loads: its record condition, fields and columns.
fn source_target(target: &SourceTarget) -> String {
    let table = target.table.to_string();
    let mut out = format!("<h4>into {}</h4>\n", local(&anchor("t", &table), &table));
    match &target.when {
        Some(RecordCondition::Field { name, equals }) => {
            let _ = writeln!(
                out,
                "<p>records whose field <code>{}</code> is <code>{}</code></p>",
                esc(name),
                esc(equals)
            );
        }
        Some(RecordCondition::Position { start, end, equals }) => {
            let _ = writeln!(
                out,
                "<p>records whose characters {start}-{end} are <code>{}</code></p>",
                esc(equals)
            );
        }
        None => {}
    }
    out.push_str(
        "<table class=\"list\"><thead><tr><th>column</th><th>value</th></tr></thead><tbody>\n",
    );
    for value in &target.columns {
        let text = match &value.value {
            Value::Field(name) => {
                let position = target
                    .fields
                    .iter()
                    .find(|f| &f.name == name)
                    .and_then(|f| f.position)
                    .map(|(a, b)| format!(" (characters {a}-{b})"))
                    .unwrap_or_default();
                format!("field <code>{}</code>{position}", esc(name))
            }
            Value::Constant(text) => format!("constant <code>{}</code>", esc(text)),
            Value::LoadTimestamp => "the load's time".to_string(),
            Value::Expr(_) => "an expression over the fields (see the COPY's INSERT)".to_string(),
            Value::Null => "NULL".to_string(),
        };
        let column = format!("{table}.{}", value.column);
        let _ = writeln!(
            out,
            "<tr><td>{}</td><td>{text}</td></tr>",
            local(&anchor("c", &column), &value.column)
        );
    }
    out.push_str("</tbody></table>\n");
    out
}

/// The COPY of a source as the load procedure runs it (the landing prefix
/// is the batch's), and the INSERTs of a staged source.
fn copy_text(load: &SourceLoad, plan: &Plan) -> String {
    let statement = REDSHIFT.load_statement(&LoadSource {
        read: &load.copy,
        manifest: &load.manifest,
        role: &plan.copy_role,
        region: plan.copy_region.as_deref(),
    });
    // One option a line, as load.sql lays them out.
    let options: String = (statement.options.iter())
        .map(|o| format!("\n    {}", o.trim_start()))
        .collect();
    let mut text = format!(
        "{}'<landing prefix>{}'{options};",
        statement.head, load.manifest
    );
    for insert in &load.inserts {
        let columns: Vec<String> = insert.columns.iter().map(ToString::to_string).collect();
        let values: Vec<String> = insert
            .values
            .iter()
            .map(|v| REDSHIFT.expr(&v.expr()))
            .collect();
        let _ = write!(
            text,
            "\nINSERT INTO {} ({})\nSELECT {}\nFROM {}",
            insert.table,
            columns.join(", "),
            values.join(", "),
            insert.from
        );
        if let Some(filter) = &insert.filter {
            let _ = write!(text, "\nWHERE {}", REDSHIFT.expr(&filter.expr()));
        }
        text.push(';');
    }
    text
}

fn table_card(table: &Table, pipeline: &Pipeline, all: &[(&Pipeline, &Plan)]) -> String {
    let name = table.name.to_string();
    let mut out = format!(
        "<article class=\"card\" id=\"{}\">\n<h3>table {}</h3>\n",
        anchor("t", &name),
        esc(&name)
    );
    out.push_str("<table class=\"list\"><thead><tr><th>column</th><th>type</th><th>null</th><th>default</th></tr></thead><tbody>\n");
    for column in &table.columns {
        let mut default = column
            .default
            .as_deref()
            .map(|d| format!("<code>{}</code>", esc(d)))
            .unwrap_or_default();
        if let Some((seed, step)) = column.identity {
            default = format!("IDENTITY({seed}, {step})");
        }
        let _ = writeln!(
            out,
            "<tr id=\"{}\"><td><code>{}</code></td><td>{}</td><td>{}</td><td>{default}</td></tr>",
            anchor("c", &format!("{name}.{}", column.name)),
            esc(&column.name),
            esc(&column.ty.to_string()),
            if column.not_null { "NOT NULL" } else { "" }
        );
    }
    out.push_str("</tbody></table>\n");
    let keys = |columns: &[String]| format!("<code>{}</code>", esc(&columns.join(", ")));
    let mut rows = Vec::new();
    if !table.primary_key.is_empty() {
        rows.push(("primary key", keys(&table.primary_key)));
    }
    for unique in &table.unique {
        rows.push(("unique", keys(unique)));
    }
    if let Some(distkey) = &table.distkey {
        rows.push(("distribution key", keys(std::slice::from_ref(distkey))));
    } else if let Some(style) = table.diststyle {
        let style = match style {
            DistStyle::Auto => "AUTO",
            DistStyle::Even => "EVEN",
            DistStyle::Key => "KEY",
            DistStyle::All => "ALL",
        };
        rows.push(("distribution", style.to_string()));
    }
    if !table.sortkey.is_empty() {
        rows.push(("sort key", keys(&table.sortkey)));
    }
    if table.is_staging {
        rows.push(("staging", "loaded by a source".to_string()));
    }
    if !table.backup {
        rows.push(("backup", "no (excluded from snapshots)".to_string()));
    }
    let others: Vec<String> = all
        .iter()
        .filter(|(p, _)| p.name != pipeline.name && p.table(&table.name).is_some())
        .map(|(p, _)| {
            link(
                &format!(
                    "{}#{}",
                    page_path(&p.name).trim_start_matches("pipelines/"),
                    anchor("t", &name)
                ),
                &p.name,
            )
        })
        .collect();
    if !others.is_empty() {
        rows.push(("also declared by", others.join(", ")));
    }
    rows.push((
        "lineage",
        local(&anchor("l", &name), "what it comes from and flows into"),
    ));
    out.push_str(&definitions(&rows));
    out.push_str("</article>\n");
    out
}

fn tests(pipeline: &Pipeline) -> String {
    let mut out = String::from("<section id=\"tests\">\n<h2>Tests</h2>\n");
    if pipeline.tests.is_empty() {
        out.push_str("<p>No test case.</p>\n");
    }
    for case in &pipeline.tests {
        out.push_str(&test_case(case, &pipeline.dir));
    }
    out.push_str(&steps::assertions(pipeline));
    out.push_str("</section>\n");
    out
}

fn test_case(case: &TestCase, dir: &Path) -> String {
    let mut out = format!(
        "<article class=\"card\" id=\"{}\">\n<h3>case {}</h3>\n<ol>\n",
        anchor("test", &case.name),
        esc(&case.name)
    );
    let shown = |path: &Path| esc(&path.strip_prefix(dir).unwrap_or(path).to_string_lossy());
    for batch in &case.batches {
        let params: Vec<String> = batch
            .params
            .iter()
            .map(|(name, value)| format!("<code>{}={}</code>", esc(name), esc(value)))
            .collect();
        let _ = write!(
            out,
            "<li>batch {}, files from <code>{}</code>",
            params.join(" "),
            shown(&batch.given)
        );
        if batch.expect.is_empty() {
            out.push_str("; nothing compared");
        }
        out.push_str("<ul>\n");
        for expectation in &batch.expect {
            let subject = match &expectation.subject {
                Subject::Table(table) => {
                    let name = table.to_string();
                    format!("table {}", local(&anchor("t", &name), &name))
                }
                Subject::Query(sql) => format!("the query <code>{}</code>", esc(sql)),
            };
            let _ = writeln!(
                out,
                "<li>{subject} holds the rows of <code>{}</code>{}</li>",
                shown(&expectation.rows),
                if expectation.ordered {
                    ", in order"
                } else {
                    ""
                }
            );
        }
        out.push_str("</ul></li>\n");
    }
    out.push_str("</ol>\n</article>\n");
    out
}
