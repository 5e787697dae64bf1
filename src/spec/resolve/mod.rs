//! Resolution: the raw spec (`spec::raw`) into the checked model
//! (`spec::model`), one file per YAML section.
//!
//! Every semantic check lives here and every problem is reported, not only the
//! first: names (identifiers, duplicates), references (tables, columns,
//! parameters, fields), types, patterns, what COPY can express, conflicting
//! keys, and the files the spec names (read into the source map). Defaults are
//! applied here too. SQL text is not parsed: the SQL stage does that.
//! The model is returned only when no error was raised.

mod allow;
mod copy;
mod files;
mod params;
mod sources;
mod tables;
mod test_cases;
mod transforms;

use std::collections::BTreeMap;
use std::ops::Range;
use std::path::{Path, PathBuf};

use super::inputs::Inputs;
use super::model::{Backend, Dialect, Param, Pipeline, QualifiedName, Table};
use super::raw::{RawBackend, RawDialect, RawPipeline, Spanned};
use crate::diag::{Code, Diagnostic, FileId, SourceMap, Span, closest};
use crate::encoding::Fallback;

/// What resolution works with: the pipeline's directory and file, the source
/// map (files named by the spec are added to it) and the diagnostics so far.
pub struct Ctx<'s> {
    dir: PathBuf,
    file: FileId,
    /// The encoding of files that are neither UTF-8 nor marked (`--encoding`).
    fallback: Fallback,
    sources: &'s mut SourceMap,
    diagnostics: Vec<Diagnostic>,
    /// Files already read, so a file named twice is read once.
    read: BTreeMap<PathBuf, FileId>,
    /// Every file read and path looked at, for the build cache.
    inputs: &'s mut Inputs,
}

/// The tables by lower-case name; `None` for a table whose declaration failed
/// (its name is known, so references to it raise no second error).
#[derive(Default)]
pub struct Tables {
    entries: Vec<(QualifiedName, Option<Table>)>,
}

impl Tables {
    fn get(&self, name: &QualifiedName) -> Option<&Option<Table>> {
        self.entries
            .iter()
            .find(|(known, _)| known == name)
            .map(|(_, table)| table)
    }

    fn names(&self) -> Vec<String> {
        self.entries
            .iter()
            .map(|(name, _)| name.to_string())
            .collect()
    }
}

/// Resolves `raw`, read from `file` in `dir`. Returns the model when no error was raised.
pub fn resolve(
    raw: RawPipeline,
    dir: &Path,
    file: FileId,
    fallback: Fallback,
    sources: &mut SourceMap,
    inputs: &mut Inputs,
) -> (Option<Pipeline>, Vec<Diagnostic>) {
    let mut ctx = Ctx {
        dir: dir.to_path_buf(),
        file,
        fallback,
        sources,
        diagnostics: Vec::new(),
        read: BTreeMap::new(),
        inputs,
    };
    let pipeline = ctx.pipeline(raw);
    let failed = ctx.diagnostics.iter().any(Diagnostic::is_error);
    (pipeline.filter(|_| !failed), ctx.diagnostics)
}

impl Ctx<'_> {
    fn pipeline(&mut self, raw: RawPipeline) -> Option<Pipeline> {
        self.version(&raw.version);
        let name = self.pipeline_name(&raw.name);
        let dialect = match raw.dialect.as_ref().map(|d| d.value) {
            Some(RawDialect::Oracle) => Dialect::Oracle,
            Some(RawDialect::Redshift) | None => Dialect::Redshift,
        };
        let params = self.params(raw.params.as_ref());
        let trigger = self.trigger(&raw.trigger, &params);
        let redshift = self.redshift(raw.redshift.as_ref(), name.as_deref().unwrap_or("pipeline"));
        let staging = self.staging_tables(raw.sources.as_ref());
        let tables = self.tables(raw.tables.as_ref(), &staging);
        let sources = self.sources(raw.sources.as_ref(), &tables, &params);
        let transforms = self.transforms(
            raw.transforms.as_deref(),
            &tables,
            &params,
            (dialect, raw.dialect.as_ref()),
        );
        let tests = self.test_cases(raw.tests.as_deref(), &tables, &params);
        Some(Pipeline {
            name: name?,
            description: raw.description.map(|d| d.value),
            alternative_to: raw
                .alternative_to
                .map(|a| (a.value.to_ascii_lowercase(), a.span)),
            dir: self.dir.clone(),
            file: self.file,
            dialect,
            backend: match raw.backend.as_ref().map(|b| b.value) {
                Some(RawBackend::Glue) => Backend::Glue,
                Some(RawBackend::Procedure) | None => Backend::Procedure,
            },
            params,
            trigger: trigger?,
            redshift,
            sources,
            tables: tables
                .entries
                .into_iter()
                .filter_map(|(_, table)| table)
                .collect(),
            transforms,
            tests,
        })
    }

    fn version(&mut self, version: &Spanned<i64>) {
        if version.value != 1 {
            self.error(
                Diagnostic::new(
                    Code::UnsupportedVersion,
                    version.span.clone(),
                    format!("spec version {} is not supported", version.value),
                )
                .label("unsupported version")
                .help("this eltc reads `version: 1`"),
            );
        }
    }

    /// A pipeline name starts with a letter: `generated/_runtime/` holds the
    /// shared Lambda handler, so names starting with `_` are eltc's.
    fn pipeline_name(&mut self, name: &Spanned<String>) -> Option<String> {
        let valid = is_identifier(&name.value)
            && name.value.starts_with(|c: char| c.is_ascii_lowercase())
            && name
                .value
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_');
        if valid {
            return Some(name.value.clone());
        }
        let suggestion = name
            .value
            .to_ascii_lowercase()
            .replace(|c: char| !c.is_ascii_alphanumeric(), "_")
            .trim_start_matches(|c: char| !c.is_ascii_lowercase())
            .to_string();
        self.error(
            Diagnostic::new(Code::InvalidValue, name.span.clone(), format!("invalid pipeline name `{}`", name.value))
                .label("not a lower-case identifier")
                .help(format!(
                    "the name is a lower-case identifier starting with a letter ([a-z][a-z0-9_]*, at most 127 bytes), e.g. `{suggestion}`"
                )),
        );
        None
    }

    /// Records a diagnostic.
    fn error(&mut self, diagnostic: Diagnostic) {
        self.diagnostics.push(diagnostic);
    }

    /// A simple identifier, lower-cased; reports an invalid one.
    fn identifier(&mut self, name: &Spanned<String>, what: &str) -> Option<String> {
        if is_identifier(&name.value) {
            return Some(name.value.to_ascii_lowercase());
        }
        self.error(
            Diagnostic::new(Code::InvalidValue, name.span.clone(), format!("invalid {what} `{}`", name.value))
                .label("not a simple identifier")
                .help("names are identifiers: a letter or `_`, then letters, digits or `_`, at most 127 bytes"),
        );
        None
    }

    /// A `schema.table` name, lower-cased; reports a malformed one.
    fn qualified(&mut self, name: &Spanned<String>) -> Option<QualifiedName> {
        match name.value.split_once('.') {
            Some((schema, table)) if is_identifier(schema) && is_identifier(table) => {
                Some(QualifiedName {
                    schema: schema.to_ascii_lowercase(),
                    name: table.to_ascii_lowercase(),
                })
            }
            _ => {
                self.error(
                    Diagnostic::new(Code::InvalidValue, name.span.clone(), format!("invalid table name `{}`", name.value))
                        .label("not `schema.table`")
                        .help("name tables `schema.table` with two simple identifiers, e.g. `staging.eod_price`"),
                );
                None
            }
        }
    }

    /// The declared table `name`: `Some(Some(table))`, `Some(None)` when its declaration
    /// failed (already reported), `None` when unknown (reported here).
    /// The declared table `name` that a source or a query step writes: a
    /// `read_only` table is reported (its owner writes it) and not returned.
    fn written_table<'t>(
        &mut self,
        tables: &'t Tables,
        name: &Spanned<String>,
        writer: &str,
    ) -> Option<Option<&'t Table>> {
        let table = self.table(tables, name)?;
        if let Some(read) = table.filter(|t| t.read_only) {
            self.error(
                Diagnostic::new(
                    Code::ReadOnlyTableWritten,
                    name.span.clone(),
                    format!("{writer} writes table `{}`, which the pipeline only reads", read.name),
                )
                .label("written here")
                .also(read.span.clone(), "declared `read_only` here")
                .help("write the table in the pipeline that owns it, or remove `read_only: true` if this pipeline owns it"),
            );
            return None;
        }
        Some(table)
    }

    fn table<'t>(
        &mut self,
        tables: &'t Tables,
        name: &Spanned<String>,
    ) -> Option<Option<&'t Table>> {
        let qualified = self.qualified(name)?;
        if let Some(table) = tables.get(&qualified) {
            return Some(table.as_ref());
        }
        let names = tables.names();
        let help = match closest(&qualified.to_string(), names.iter().map(String::as_str)) {
            Some(suggestion) => format!("did you mean `{suggestion}`?"),
            None => format!("declare `{qualified}` under `tables:`"),
        };
        self.error(
            Diagnostic::new(
                Code::UnknownTable,
                name.span.clone(),
                format!("unknown table `{}`", name.value),
            )
            .label("not declared under `tables:`")
            .help(help),
        );
        None
    }

    /// The columns `names` of `table`, lower-cased; reports unknown ones. With no
    /// table (its declaration failed) the names are taken as they are.
    fn columns(&mut self, table: Option<&Table>, names: &[Spanned<String>]) -> Option<Vec<String>> {
        let mut out = Vec::new();
        let mut ok = true;
        for name in names {
            match self.column(table, name) {
                Some(column) => out.push(column),
                None => ok = false,
            }
        }
        ok.then_some(out)
    }

    /// One column of `table`; reports an unknown one with the closest suggestion.
    fn column(&mut self, table: Option<&Table>, name: &Spanned<String>) -> Option<String> {
        let lower = name.value.to_ascii_lowercase();
        let Some(table) = table else {
            return Some(lower);
        };
        if table.column(&lower).is_some() {
            return Some(lower);
        }
        let help = match closest(&lower, table.columns.iter().map(|c| c.name.as_str())) {
            Some(suggestion) => format!("did you mean `{suggestion}`?"),
            None => format!("the columns of `{}` are {}", table.name, column_list(table)),
        };
        self.error(
            Diagnostic::new(
                Code::UnknownColumn,
                name.span.clone(),
                format!("unknown column `{}`", name.value),
            )
            .label(format!("not a column of `{}`", table.name))
            .also(table.span.clone(), "table declared here")
            .help(help),
        );
        None
    }

    /// The span of `range` (bytes of the value's text) inside the YAML scalar when
    /// the value is written there verbatim (plain or quoted without escapes);
    /// otherwise the whole value.
    fn inner_span(&self, value: &Spanned<String>, range: Range<usize>) -> Span {
        match verbatim_offset(self.sources.text(value.span.file), value) {
            Some(start) => Span::new(value.span.file, start + range.start..start + range.end),
            None => value.span.clone(),
        }
    }

    /// Looks up a declared param, reporting an unknown one at `span`.
    fn param<'p>(&mut self, params: &'p [Param], name: &str, span: Span) -> Option<&'p Param> {
        let lower = name.to_ascii_lowercase();
        if let Some(param) = params.iter().find(|p| p.name == lower) {
            return Some(param);
        }
        let help = match closest(&lower, params.iter().map(|p| p.name.as_str())) {
            Some(suggestion) => format!("did you mean `{suggestion}`?"),
            None if params.is_empty() => {
                format!("declare it under `params:`, e.g. `{lower}: date`")
            }
            None => format!(
                "declare it under `params:`; declared: {}",
                names_list(params.iter().map(|p| &p.name))
            ),
        };
        self.error(
            Diagnostic::new(Code::UnknownParam, span, format!("unknown param `{name}`"))
                .label("not declared under `params:`")
                .help(help),
        );
        None
    }
}

/// Byte offset of a string value's first character in `text` when the scalar is
/// written verbatim at its span.
fn verbatim_offset(text: &str, value: &Spanned<String>) -> Option<usize> {
    let written = text.get(value.span.range.clone())?;
    if written == value.value {
        return Some(value.span.range.start);
    }
    let quoted = written.len() == value.value.len() + 2
        && (written.starts_with('\'') || written.starts_with('"'))
        && written[1..written.len() - 1] == value.value;
    if quoted {
        return Some(value.span.range.start + 1);
    }
    None
}

/// `[A-Za-z_][A-Za-z0-9_]*`, at most 127 bytes (Redshift's identifier limit).
pub fn is_identifier(name: &str) -> bool {
    let mut chars = name.chars();
    name.len() <= 127
        && chars
            .next()
            .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
}

fn column_list(table: &Table) -> String {
    names_list(table.columns.iter().map(|c| &c.name))
}

fn names_list<'a>(names: impl Iterator<Item = &'a String>) -> String {
    names
        .map(|n| format!("`{n}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Reports a duplicate (case-insensitive) among names seen so far; returns true when new.
fn first_definition<'a>(seen: &'a [(String, Span)], name: &str) -> Option<&'a Span> {
    seen.iter()
        .find(|(known, _)| known.eq_ignore_ascii_case(name))
        .map(|(_, span)| span)
}

impl Ctx<'_> {
    /// Records `name` in `seen`, reporting a duplicate of `what` (case-insensitive).
    fn unique_name(
        &mut self,
        seen: &mut Vec<(String, Span)>,
        name: &str,
        span: &Span,
        what: &str,
    ) -> bool {
        if let Some(first) = first_definition(seen, name) {
            let first = first.clone();
            self.error(
                Diagnostic::new(
                    Code::DuplicateName,
                    span.clone(),
                    format!("duplicate {what} `{name}`"),
                )
                .label("defined again here")
                .also(first, "first defined here")
                .help(format!(
                    "{what} names must be unique (case-insensitively); rename or remove one"
                )),
            );
            return false;
        }
        seen.push((name.to_string(), span.clone()));
        true
    }
}
