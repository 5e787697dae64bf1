//! How each source is loaded: a direct COPY, or a COPY into a raw table then one
//! INSERT ... SELECT per target.
//!
//! Direct when COPY alone gives the result (docs/redshift.md#copy-column-list): one target,
//! no `when`, no filler, and every field loads the same-named column (columns
//! without a value are left out of the list and get their DEFAULT or NULL, as
//! in the staged path). Otherwise staged: the raw table
//! `<schema>.<source>_raw` (eltc-owned, BACKUP NO) has one VARCHAR(65535)
//! column per field position, named after the field when every target names
//! that position alike and `field_<n>` (1-based) when targets disagree, so a
//! multi-table split (SQL*Loader INTO TABLE ... WHEN) reads each position once.
//! The raw COPY keeps the source's NULL options, so raw text equals what COPY
//! would store in a VARCHAR column; [`super::convert`] does the rest.
//! Each COPY reads the manifest `<landing>_manifests/<source>.json` that the
//! runtime writes (listed in lambda.json), never a key prefix.

use super::convert::{RecordFilter, StagedValue};
use super::{ColumnName, TableName};
use crate::diag::{Code, Diagnostic, SourceMap, Span};
use crate::spec::model::{
    Field, Format, LoadMode, Pipeline, QualifiedName, RecordCondition, Source, SourceTarget, Value,
};
use crate::spec::types::DataType;
use crate::target::{Layout, ReadColumn, SourceRead, ident};

/// The manifest key of `source`, relative to the landing prefix.
pub fn manifest_key(source: &str) -> String {
    format!("_manifests/{source}.json")
}

/// How one source is loaded.
#[derive(Clone, Debug)]
pub struct SourceLoad {
    /// The source's name.
    pub source: String,
    /// Its file name pattern, relative to the landing prefix.
    pub file: String,
    /// Its manifest key, relative to the landing prefix.
    pub manifest: String,
    /// Whether its tables are emptied first.
    pub mode: LoadMode,
    /// The COPY, typed: what every target prints and the test loader follows.
    pub copy: SourceRead,
    /// The raw table, for a staged source.
    pub raw: Option<RawTable>,
    /// The INSERT ... SELECT per target, for a staged source.
    pub inserts: Vec<StagedInsert>,
}

/// The raw table of a staged source.
#[derive(Clone, Debug)]
pub struct RawTable {
    /// Schema (the pipeline's).
    pub schema: String,
    /// `<source>_raw`.
    pub name: String,
    /// One column per field position.
    pub columns: Vec<String>,
}

/// One target of a staged source.
#[derive(Clone, Debug)]
pub struct StagedInsert {
    /// The table written.
    pub table: TableName,
    /// The run-log step name, `load:<source>:<table>`.
    pub step: String,
    /// The columns written.
    pub columns: Vec<ColumnName>,
    /// Their values, in the same order.
    pub values: Vec<StagedValue>,
    /// The raw table read.
    pub from: TableName,
    /// The record condition.
    pub filter: Option<RecordFilter>,
}

/// Plans the load of `source`.
pub fn plan_source(
    pipeline: &Pipeline,
    source: &Source,
    sources: &SourceMap,
    out: &mut Vec<Diagnostic>,
) -> SourceLoad {
    let mut load = SourceLoad {
        source: source.name.clone(),
        file: source.file.text.clone(),
        manifest: manifest_key(&source.name),
        mode: source.mode,
        copy: SourceRead::default(),
        raw: None,
        inserts: Vec::new(),
    };
    match source.into.as_slice() {
        [target] if is_direct(target) => match typed_columns(pipeline, target) {
            Some(columns) => {
                load.copy = copy_read(source, &target.table, columns, &target.fields, true);
            }
            None => plan_staged(pipeline, source, sources, &mut load, out),
        },
        _ => plan_staged(pipeline, source, sources, &mut load, out),
    }
    load
}

/// The columns of a direct COPY with their types; `None` when a name does not
/// resolve (never for a checked pipeline: the staged path then reports it).
fn typed_columns(pipeline: &Pipeline, target: &SourceTarget) -> Option<Vec<ReadColumn>> {
    let table = pipeline.table(&target.table)?;
    target
        .fields
        .iter()
        .map(|field| {
            let column = table.column(&field.name)?;
            Some(ReadColumn {
                name: column.name.clone(),
                ty: column.ty,
                not_null: column.not_null,
            })
        })
        .collect()
}

fn is_direct(target: &SourceTarget) -> bool {
    let field_loads_column = |field: &Field| {
        target
            .columns
            .iter()
            .any(|c| c.column == field.name && c.value == Value::Field(field.name.clone()))
    };
    target.when.is_none()
        && target
            .fields
            .iter()
            .all(|f| !f.filler && field_loads_column(f))
        && target.columns.iter().all(|c| match &c.value {
            Value::Field(name) => *name == c.column,
            Value::Null => true,
            _ => false,
        })
}

/// The COPY of `columns` into `table`; `typed` for a direct COPY into the real
/// column types (date formats and decimal rounding matter), false for a raw table.
fn copy_read(
    source: &Source,
    table: &QualifiedName,
    columns: Vec<ReadColumn>,
    fields: &[Field],
    typed: bool,
) -> SourceRead {
    let layout = match source.format {
        Format::Csv { delimiter, quote } => Layout::Csv { delimiter, quote },
        Format::Delimited { delimiter, escape } => Layout::Delimited { delimiter, escape },
        Format::FixedWidth => Layout::FixedWidth {
            widths: fields
                .iter()
                .map(|field| {
                    let (start, end) = field.position.unwrap_or((1, 1));
                    end.saturating_sub(start) as usize + 1
                })
                .collect(),
        },
    };
    // Targets with fewer fields leave the raw table's last columns empty.
    let uneven = !typed
        && source
            .into
            .iter()
            .any(|t| t.fields.len() != source.into[0].fields.len());
    SourceRead {
        name: source.name.clone(),
        table: table.clone(),
        columns,
        layout,
        encoding: source.encoding,
        header_lines: source.header_lines,
        empty_as_null: source.nulls.empty,
        blanks_as_null: source.nulls.blanks,
        null_as: source.nulls.string.clone(),
        fill_record: source.fill_missing || uneven,
        date_format: source.date_format.clone().filter(|_| typed),
        timestamp_format: source.timestamp_format.clone().filter(|_| typed),
        max_errors: source.max_errors,
        // COPY truncates extra decimals where INSERT (and Oracle) round (docs/redshift.md#copy-data-conversion).
        round_decimals: typed,
    }
}

/// The tables the load procedure empties first: the targets of truncate-mode
/// sources and every raw table, once each, in source order. DELETE rather than
/// TRUNCATE: TRUNCATE commits inside a procedure and would break the batch's atomicity.
pub fn clears(pipeline: &Pipeline, loads: &[SourceLoad]) -> Vec<TableName> {
    let mut tables = Vec::new();
    for (source, load) in pipeline.sources.iter().zip(loads) {
        if let Some(raw) = &load.raw {
            tables.push(TableName::new(&raw.schema, &raw.name));
        }
        if source.mode == LoadMode::Truncate {
            tables.extend(source.into.iter().map(|t| TableName::from(&t.table)));
        }
    }
    let mut seen = std::collections::BTreeSet::new();
    tables.retain(|t| seen.insert(t.clone()));
    tables
}

fn plan_staged(
    pipeline: &Pipeline,
    source: &Source,
    sources: &SourceMap,
    load: &mut SourceLoad,
    out: &mut Vec<Diagnostic>,
) {
    let Some(layout) = raw_layout(source, out) else {
        return;
    };
    let raw = RawTable {
        schema: pipeline.redshift.schema.clone(),
        name: format!("{}_raw", source.name),
        columns: layout.iter().map(|(name, _)| name.clone()).collect(),
    };
    let raw_table = TableName::new(&raw.schema, &raw.name);
    let fields: Vec<Field> = layout.into_iter().map(|(_, field)| field).collect();
    let raw_name = QualifiedName {
        schema: raw.schema.clone(),
        name: raw.name.clone(),
    };
    let columns = raw
        .columns
        .iter()
        .map(|name| ReadColumn {
            name: name.clone(),
            ty: DataType::Varchar(65535),
            not_null: false,
        })
        .collect();
    load.copy = copy_read(source, &raw_name, columns, &fields, false);
    for target in &source.into {
        let column_of = |field: &str| {
            target
                .fields
                .iter()
                .position(|f| f.name == field)
                .map(|i| raw.columns[i].clone())
        };
        if let Some(insert) = staged_insert(
            pipeline, source, target, &raw_table, &column_of, sources, out,
        ) {
            load.inserts.push(insert);
        }
    }
    load.raw = Some(raw);
}

/// The raw columns (name, field describing the position) of a staged source,
/// or `None` after a diagnostic when no single COPY layout serves every target.
fn raw_layout(source: &Source, out: &mut Vec<Diagnostic>) -> Option<Vec<(String, Field)>> {
    let width = source
        .into
        .iter()
        .map(|t| t.fields.len())
        .max()
        .unwrap_or(0);
    let mut layout = Vec::with_capacity(width);
    for i in 0..width {
        let at: Vec<&Field> = source.into.iter().filter_map(|t| t.fields.get(i)).collect();
        let first = at[0];
        if source.format == Format::FixedWidth && at.iter().any(|f| f.position != first.position) {
            out.push(
                Diagnostic::new(Code::UnsupportedCopyOption, source.span.clone(), format!("the targets of source `{}` have different fixed-width layouts", source.name))
                    .label("one COPY FIXEDWIDTH layout cannot serve them all")
                    .help("give every target the same field positions (use filler fields), or split the file before it lands"),
            );
            return None;
        }
        let same_name = at.iter().all(|f| f.name == first.name);
        let name = if same_name {
            first.name.clone()
        } else {
            format!("field_{}", i + 1)
        };
        layout.push((name, first.clone()));
    }
    Some(layout)
}

fn staged_insert(
    pipeline: &Pipeline,
    source: &Source,
    target: &SourceTarget,
    raw_table: &TableName,
    column_of: &dyn Fn(&str) -> Option<String>,
    sources: &SourceMap,
    out: &mut Vec<Diagnostic>,
) -> Option<StagedInsert> {
    let table = pipeline.table(&target.table)?;
    let mut columns = Vec::new();
    let mut values = Vec::new();
    for value in &target.columns {
        let ty = table.column(&value.column)?.ty;
        let staged = match &value.value {
            Value::Null => continue,
            Value::Field(field) => StagedValue::Field {
                raw: column_of(field)?,
                ty,
                date_format: source.date_format.clone(),
                timestamp_format: source.timestamp_format.clone(),
            },
            Value::Constant(text) => StagedValue::Constant {
                text: text.clone(),
                ty,
            },
            Value::LoadTimestamp => StagedValue::LoadTimestamp(ty),
            Value::Expr(sql) => {
                let text = &sources.text(sql.file)[sql.range.clone()];
                let quoted = |field: &str| column_of(field).map(|raw| ident(&raw));
                let (expr, diagnostics) =
                    crate::sql::compile_field_expr(pipeline, sql, text, &quoted);
                out.extend(diagnostics);
                StagedValue::Expression {
                    expr: Box::new(expr?),
                    ty,
                }
            }
        };
        columns.push(ColumnName(value.column.clone()));
        values.push(staged);
    }
    let filter = match &target.when {
        None => None,
        Some(condition) => Some(record_condition(source, target, condition, column_of, out)?),
    };
    Some(StagedInsert {
        table: TableName::from(&target.table),
        step: format!("load:{}:{}", source.name, target.table),
        columns,
        values,
        from: raw_table.clone(),
        filter,
    })
}

/// The WHERE of a `when`. A field condition compares the trimmed field, as
/// SQL*Loader does (docs/redshift.md#sqlloader-semantics). A position condition is rebuilt from
/// the raw fields covering the positions: exact for fixed-width records; for
/// delimited records it reads the first field, which is exact while the
/// compared text has no delimiter; CSV quoting makes positions meaningless.
fn record_condition(
    source: &Source,
    target: &SourceTarget,
    condition: &RecordCondition,
    column_of: &dyn Fn(&str) -> Option<String>,
    out: &mut Vec<Diagnostic>,
) -> Option<RecordFilter> {
    match condition {
        RecordCondition::Field { name, equals } => Some(RecordFilter::Field {
            raw: column_of(name)?,
            equals: equals.clone(),
        }),
        RecordCondition::Position { start, end, equals } => {
            let len = end.saturating_sub(*start) + 1;
            let pieces: Vec<(String, u32, u32)> = match source.format {
                Format::FixedWidth => target
                    .fields
                    .iter()
                    .filter_map(|f| {
                        let (fs, fe) = f.position?;
                        let (from, to) = ((*start).max(fs), (*end).min(fe));
                        let column = column_of(&f.name)?;
                        (from <= to).then(|| (column, from - fs + 1, to - from + 1))
                    })
                    .collect(),
                Format::Delimited { delimiter, .. } if !equals.contains(delimiter) => {
                    vec![(column_of(&target.fields.first()?.name)?, *start, len)]
                }
                _ => {
                    out.push(position_on_delimited(source, target.span.clone()));
                    return None;
                }
            };
            Some(RecordFilter::Positions {
                pieces,
                equals: equals.clone(),
            })
        }
    }
}

fn position_on_delimited(source: &Source, span: Span) -> Diagnostic {
    Diagnostic::new(Code::UnsupportedCopyOption, span, format!("a `when` on character positions of the delimited source `{}`", source.name))
        .label("positions of a CSV record, or text spanning a delimiter, cannot be read after COPY splits the fields")
        .help("test a field instead: `when: { field: <name>, equals: <text> }`")
}
