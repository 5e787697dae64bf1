//! `eltc docs`: the documentation site of the project's pipelines
//! ([`crate::site`]), written to `--out` (default `target/eltc-docs/` at the
//! project's root: derived output, rebuilt at will and not committed, where
//! dbt writes its docs too, and away from `generated/`, which is reviewed
//! and deployed). Only errors are printed: a pipeline with errors has no
//! page, and the site is not written.
//!
//! Files are written only when their content changed. A page left by a
//! pipeline that is no longer documented (`pipelines/*.html` not in the
//! site) is removed, so the site lists exactly what was asked.

use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::time::Instant;

use super::ExitStatus;
use super::args::{DocsArgs, Format};
use super::pipelines::{load_plans, print_diagnostics};
use super::project::{find_root, pipeline_dirs};
use crate::diag::{Diagnostics, SourceMap};
use crate::site;

/// The default output directory: `target/eltc-docs` at the project's root.
pub fn default_out() -> PathBuf {
    find_root()
        .unwrap_or_default()
        .join("target")
        .join("eltc-docs")
}

/// `eltc docs`.
pub fn run(args: &DocsArgs) -> io::Result<ExitStatus> {
    let started = Instant::now();
    let mut sources = SourceMap::new();
    let mut diagnostics = Diagnostics::new();
    let dirs = pipeline_dirs(&args.pipelines, &mut sources, &mut diagnostics);
    let pipelines = load_plans(&dirs, args.input.encoding, &mut sources, &mut diagnostics)?;
    if diagnostics.has_errors() || pipelines.is_empty() {
        print_diagnostics(diagnostics, &sources, Format::Human)?;
        return Ok(ExitStatus::Failure);
    }
    let pairs: Vec<_> = pipelines.iter().map(|(p, plan)| (p, plan)).collect();
    let site = site::render(&pairs, &sources);
    let out = args.out.clone().unwrap_or_else(default_out);
    let written = write_site(&site, &out)?;
    if !args.quiet {
        writeln!(
            io::stderr(),
            "eltc docs: {} pipeline(s), {written} of {} file(s) written to {} in {:.2} s; open {}",
            pipelines.len(),
            site.len(),
            out.display(),
            started.elapsed().as_secs_f64(),
            out.join("index.html").display()
        )?;
    }
    Ok(ExitStatus::Success)
}

/// Writes the site's files under `out` (those whose content changed) and
/// removes the pipeline pages it no longer holds; the number written.
fn write_site(site: &site::Site, out: &Path) -> io::Result<usize> {
    let mut written = 0;
    for (name, content) in site {
        let path = out.join(name);
        if fs::read_to_string(&path).ok().as_deref() == Some(content.as_str()) {
            continue;
        }
        if let Some(parent) = path.parent() {
            fs::create_dir_all(parent)?;
        }
        fs::write(&path, content)?;
        written += 1;
    }
    let pages = out.join("pipelines");
    for entry in fs::read_dir(&pages)?.filter_map(Result::ok) {
        let name = format!("pipelines/{}", entry.file_name().to_string_lossy());
        if name.ends_with(".html") && !site.contains_key(&name) {
            fs::remove_file(entry.path())?;
        }
    }
    Ok(written)
}
