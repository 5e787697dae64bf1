//! `eltc docs`: a static documentation site of the project, as files in
//! memory (path -> text). The CLI writes them; nothing here does I/O.
//!
//! The site is self-contained: plain HTML and one style sheet, no script,
//! nothing fetched when a page is viewed, links relative, so that it opens
//! from the file system (`file://`) as well as from any static host. It
//! holds `index.html` (every pipeline, every table), `style.css`, and one
//! page per pipeline, `pipelines/<name>.html`: its run parameters and
//! trigger, its sources with their formats and COPY, its tables, its steps
//! with their SQL side by side (as written, and the Redshift eltc
//! generates), its tests and assertions, and its lineage
//! ([`crate::lineage`]): a graph of its tables eltc lays out as SVG, each
//! table a link to the list of what it comes from and flows into, column
//! by column.
//!
//! Output is deterministic: the same pipelines give the same bytes (no
//! clock, no hash order, no absolute path).

mod html;
mod lineage;
mod pipeline;
mod steps;

use std::collections::BTreeMap;
use std::fmt::Write as _;

use crate::backend::plan::Plan;
use crate::diag::SourceMap;
use crate::spec::model::Pipeline;
use html::{anchor, esc, link, page};

/// The site: relative path (with `/`) -> file content.
pub type Site = BTreeMap<String, String>;

/// The style sheet, written by hand (no framework, nothing vendored).
const STYLE: &str = include_str!("style.css");

/// The site of `pipelines` (each with its plan), in the order given.
pub fn render(pipelines: &[(&Pipeline, &Plan)], sources: &SourceMap) -> Site {
    let mut site = Site::new();
    site.insert("style.css".into(), STYLE.to_string());
    site.insert("index.html".into(), index(pipelines));
    for (pipeline, plan) in pipelines {
        site.insert(
            page_path(&pipeline.name),
            pipeline::page(pipeline, plan, pipelines, sources),
        );
    }
    site
}

/// The path of a pipeline's page, from the site's top.
pub fn page_path(name: &str) -> String {
    format!("pipelines/{name}.html")
}

/// The index: the pipelines, then every table with the pipelines that declare it.
fn index(pipelines: &[(&Pipeline, &Plan)]) -> String {
    let mut body = String::from(
        "<h1>Pipelines</h1>\n<table class=\"list\">\n<thead><tr><th>pipeline</th><th>description</th><th>dialect</th><th>sources</th><th>tables</th><th>steps</th><th>test cases</th></tr></thead>\n<tbody>\n",
    );
    for (pipeline, _) in pipelines {
        let mut description = esc(pipeline.description.as_deref().unwrap_or(""));
        if let Some((other, _)) = &pipeline.alternative_to {
            let _ = write!(
                description,
                " <em>(an alternative to {})</em>",
                link(&page_path(other), other)
            );
        }
        let _ = writeln!(
            body,
            "<tr><td>{}</td><td>{description}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
            link(&page_path(&pipeline.name), &pipeline.name),
            pipeline::dialect(pipeline),
            pipeline.sources.len(),
            pipeline.tables.len(),
            pipeline.transforms.len(),
            pipeline.tests.len(),
        );
    }
    body.push_str("</tbody>\n</table>\n<h2>Tables</h2>\n<table class=\"list\">\n<thead><tr><th>table</th><th>declared by</th></tr></thead>\n<tbody>\n");
    let mut tables: BTreeMap<String, Vec<&str>> = BTreeMap::new();
    for (pipeline, _) in pipelines {
        for table in &pipeline.tables {
            tables
                .entry(table.name.to_string())
                .or_default()
                .push(&pipeline.name);
        }
    }
    for (table, owners) in &tables {
        let links: Vec<String> = owners
            .iter()
            .map(|p| link(&format!("{}#{}", page_path(p), anchor("t", table)), p))
            .collect();
        let _ = writeln!(
            body,
            "<tr><td><code>{}</code></td><td>{}</td></tr>",
            esc(table),
            links.join(", ")
        );
    }
    body.push_str("</tbody>\n</table>\n");
    page("", "eltc docs", "<strong>eltc docs</strong>", &body)
}
