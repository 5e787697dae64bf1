//! A parsed control file into a source of the spec: the format, null rules,
//! date formats, fields and column values, with a finding for every clause
//! (what it became) and a diagnostic for what the spec cannot carry.
//!
//! What COPY reads directly stays a COPY option (delimiter, quote, SKIP,
//! ERRORS, TRAILING NULLCOLS, one date mask per load). What it cannot (SQL
//! strings, a second date mask, CONSTANT, SYSDATE, NULLIF values that differ
//! per field) becomes a column value of the source: eltc then loads the file
//! into its all-text raw table and fills the staging table with an
//! `INSERT ... SELECT` whose expressions go through the Oracle translation
//! layer (docs/spec.md, "column values").

use super::ast::{
    CondTarget, CondValue, Condition, ControlFile, Datatype, Field, FieldKind, FieldsSpec,
    IntoTable, LoadMode, Position, Terminator,
};
mod nulls;

use super::blanks;
use crate::diag::{Code, Diagnostic, FileId, Span};
use crate::import::model::{
    ColumnValue, FieldOut, Finding, Format, SourceOut, TableOut, TargetOut, When,
};

/// What the driver's sqlldr call says about a control file.
#[derive(Clone, Debug, Default)]
pub struct CallOverrides {
    /// `data=`: the file name pattern the driver passes (already a spec pattern).
    pub data: Option<String>,
    /// `errors=`.
    pub errors: Option<u64>,
    /// `skip=`.
    pub skip: Option<u64>,
}

/// SQL*Loader's default ERRORS (Oracle's "SQL*Loader Command-Line Reference", ERRORS).
pub const DEFAULT_ERRORS: u64 = 50;

/// Everything `source` needs besides the control file.
pub struct Context<'a, 't> {
    /// The control file's id.
    pub file: FileId,
    /// The source's name.
    pub name: String,
    /// The driver's overrides.
    pub call: CallOverrides,
    /// The file name pattern of an INFILE path (param captures substituted).
    pub file_pattern: &'a dyn Fn(&str) -> String,
    /// The imported tables, by lower-case `schema.table` (or bare name).
    pub table: &'a dyn Fn(&str) -> Option<&'t TableOut>,
    /// `--schema`: the schema of a table named without one.
    pub schema: Option<&'a str>,
}

/// The result of [`source`].
#[derive(Debug, Default)]
pub struct Imported {
    /// The source, unless nothing could be made of the file.
    pub source: Option<SourceOut>,
    /// What each clause became.
    pub findings: Vec<Finding>,
    /// What the spec cannot carry.
    pub diagnostics: Vec<Diagnostic>,
}

struct Builder<'a, 't, 'c> {
    cx: &'c Context<'a, 't>,
    out: Imported,
    /// The text every loaded field of the file is NULLIF'd on, if one:
    /// only then is it COPY's file-wide `NULL AS` (see [`shared_null_text`]).
    shared_null: Option<String>,
    /// The fields whose DEFAULTIF BLANKS reads their blanks.
    defaultif_fields: Vec<String>,
}

/// The source of a control file.
pub fn source(control: &ControlFile, cx: &Context<'_, '_>) -> Imported {
    let mut b = Builder {
        cx,
        out: Imported::default(),
        shared_null: None,
        defaultif_fields: Vec::new(),
    };
    let source = b.build(control);
    b.out.source = source;
    b.out
}

impl Builder<'_, '_, '_> {
    fn span(&self, range: std::ops::Range<usize>) -> Span {
        Span::new(self.cx.file, range)
    }

    fn found(&mut self, construct: &str, range: std::ops::Range<usize>, note: impl Into<String>) {
        let span = self.span(range);
        self.out
            .findings
            .push(Finding::translated(construct, span, note));
    }

    fn report(
        &mut self,
        code: Code,
        range: std::ops::Range<usize>,
        message: impl Into<String>,
        help: &str,
    ) {
        let span = self.span(range);
        self.out.diagnostics.push(
            Diagnostic::new(code, span, message)
                .label("here")
                .help(help.to_string()),
        );
    }

    fn build(&mut self, control: &ControlFile) -> Option<SourceOut> {
        let load = &control.load;
        if load.tables.is_empty() {
            return None;
        }
        let mut source = SourceOut {
            name: self.cx.name.clone(),
            file: String::new(),
            format: Format::FixedWidth,
            header_lines: 0,
            null_string: None,
            keep_blanks: false,
            timestamp_format: None,
            date_format: None,
            max_errors: DEFAULT_ERRORS,
            fill_missing: false,
            append: false,
            targets: Vec::new(),
            comments: Vec::new(),
        };
        self.options(control, &mut source);
        self.infile(control, &mut source);
        if let Some((charset, range)) = &load.characterset {
            let upper = charset.to_ascii_uppercase();
            if upper == "UTF8" || upper == "AL32UTF8" || upper == "US7ASCII" {
                self.found("ctl:CHARACTERSET", range.clone(), "utf8 (COPY's encoding)");
            } else {
                self.report(
                    Code::ImportCtlEncoding,
                    range.clone(),
                    format!("the data file is declared `{charset}`; the source reads UTF-8"),
                    "convert the file to UTF-8 before it lands (`iconv -f ISO-8859-1 -t UTF-8`); a pure-ASCII file needs nothing",
                );
            }
        }
        self.mode(control, &mut source);
        let first = &load.tables[0];
        let fields = merged(&load.fields, &first.fields);
        source.format = self.format(&fields, first);
        source.fill_missing = load.trailing_nullcols || first.trailing_nullcols;
        if source.fill_missing {
            self.found(
                "ctl:TRAILING NULLCOLS",
                first.range.clone(),
                "fill_missing: true",
            );
        }
        self.shared_null = nulls::shared_null_text(&load.tables);
        for table in &load.tables {
            if let Some(target) = self.target(table, &load.fields, &mut source) {
                source.targets.push(target);
            }
        }
        if source.targets.is_empty() {
            return None;
        }
        self.blank_rules(&load.tables, &mut source);
        Some(source)
    }

    /// SQL*Loader's whitespace rules that COPY does not apply (see
    /// [`blanks`]), as expressions of the fields they change.
    fn blank_rules(&mut self, tables: &[IntoTable], source: &mut SourceOut) {
        let fixed = source.format == Format::FixedWidth;
        let keep_blanks = source.keep_blanks;
        let mut given = Vec::new();
        for (into, target) in tables.iter().zip(source.targets.iter_mut()) {
            let table = (self.cx.table)(&target.table);
            if fixed {
                for (name, expr) in blanks::trim_trailing(target, table) {
                    given.push((into.range.clone(), format!("columns: {name}: {{ expr: \"{expr}\" }} (a field of predetermined size loses its trailing blanks)")));
                }
            }
            if keep_blanks {
                for (name, value) in &mut target.columns {
                    if let ColumnValue::Expr(expr) = value
                        && !self.defaultif_fields.contains(name)
                    {
                        *expr = blanks::blank_binds(expr);
                    }
                }
                for (name, expr) in blanks::blank_text_as_null(target, table) {
                    given.push((into.range.clone(), format!("columns: {name}: {{ expr: \"{expr}\" }} (an all-blank field is NULL; the source keeps blanks for DEFAULTIF)")));
                }
            }
        }
        for (range, note) in given {
            self.found("ctl:blank trimming", range, note);
        }
    }

    fn options(&mut self, control: &ControlFile, source: &mut SourceOut) {
        for setting in &control.options {
            let range = setting.range.clone();
            match setting.name.as_str() {
                "SKIP" => match setting.value.parse() {
                    Ok(n) => {
                        source.header_lines = n;
                        self.found("ctl:OPTIONS SKIP", range, format!("header_lines: {n}"));
                    }
                    Err(_) => self.bad_option(setting.name.as_str(), range),
                },
                "ERRORS" => match setting.value.parse::<u64>() {
                    Ok(n) if n <= 100_000 => {
                        source.max_errors = n;
                        self.found("ctl:OPTIONS ERRORS", range, format!("max_errors: {n}"));
                    }
                    _ => self.report(
                        Code::ImportCtlUnknownClause,
                        range,
                        format!(
                            "`ERRORS={}` has no COPY equivalent (MAXERROR is 0 to 100000)",
                            setting.value
                        ),
                        "choose a limit of rejected records between 0 and 100000",
                    ),
                },
                // Performance and session settings: nothing to carry into COPY.
                "DIRECT"
                | "ROWS"
                | "BINDSIZE"
                | "READSIZE"
                | "SILENT"
                | "PARALLEL"
                | "MULTITHREADING"
                | "SKIP_INDEX_MAINTENANCE"
                | "SKIP_UNUSABLE_INDEXES"
                | "RESUMABLE"
                | "RESUMABLE_NAME"
                | "RESUMABLE_TIMEOUT"
                | "STREAMSIZE"
                | "COLUMNARRAYROWS"
                | "DATE_CACHE"
                | "NO_INDEX_ERRORS"
                | "EXTERNAL_TABLE"
                | "DEGREE_OF_PARALLELISM"
                | "USERID"
                | "LOG"
                | "DISCARDMAX"
                | "BAD"
                | "DISCARD"
                | "CONTROL"
                | "DATA"
                | "TRIM" => self.found(
                    &format!("ctl:OPTIONS {}", setting.name),
                    range,
                    "no equivalent needed (a SQL*Loader session setting)",
                ),
                "LOAD" => self.report(
                    Code::ImportCtlUnknownClause,
                    range,
                    format!(
                        "`LOAD={}` loads only the first records; COPY loads the whole file",
                        setting.value
                    ),
                    "remove the limit, or cut the file before it lands",
                ),
                _ => self.report(
                    Code::ImportCtlUnknownClause,
                    range,
                    format!("the option `{}` is not imported", setting.name),
                    "check Oracle's list of OPTIONS parameters and carry its effect by hand",
                ),
            }
        }
        if let Some(n) = self.cx.call.skip {
            source.header_lines = n;
        }
        if let Some(n) = self.cx.call.errors {
            source.max_errors = n.min(100_000);
        }
    }

    fn bad_option(&mut self, name: &str, range: std::ops::Range<usize>) {
        self.report(
            Code::ImportCtlSyntax,
            range,
            format!("`{name}` needs a whole number"),
            "write OPTIONS (SKIP=1)",
        );
    }

    fn infile(&mut self, control: &ControlFile, source: &mut SourceOut) {
        let load = &control.load;
        for extra in load.infiles.iter().skip(1) {
            self.report(
                Code::ImportCtlSeveralInfiles,
                extra.range.clone(),
                format!("the data file `{}` is not imported (a source is one file)", extra.name),
                "concatenate the files before they land, or declare one source per file (the second with mode: append)",
            );
        }
        let infile = load.infiles.first();
        if let Some(infile) = infile {
            if let Some(bad) = &infile.badfile {
                self.found("ctl:BADFILE", infile.range.clone(), format!("no equivalent: COPY reports rejected records in STL_LOAD_ERRORS (was {bad})"));
            }
            if infile.discardfile.is_some() {
                self.found(
                    "ctl:DISCARDFILE",
                    infile.range.clone(),
                    "no equivalent: records no WHEN selects are not loaded",
                );
            }
        }
        source.file = match (&self.cx.call.data, infile) {
            (Some(data), _) => data.clone(),
            (None, Some(infile)) if infile.name == "*" => {
                let range = infile.range.clone();
                match &control.inline_data {
                    Some(_) => self.report(
                        Code::ImportCtlInlineData,
                        range,
                        "the records are inside the control file (INFILE * with BEGINDATA)",
                        "deliver the data as a file; eltc wrote the inline records as a test fixture",
                    ),
                    None => self.report(
                        Code::ImportCtlSyntax,
                        range,
                        "INFILE * without BEGINDATA: there are no records",
                        "add BEGINDATA and the records, or name the data file",
                    ),
                }
                format!("{}.dat", self.cx.name)
            }
            (None, Some(infile)) => {
                if infile.name.contains(['$', '&', '%']) {
                    self.report(Code::ImportPlaceholder, infile.range.clone(), format!("the data file `{}` is named by a templating placeholder", infile.name), "import the rendered control file, or name the data file in the driver's data= argument");
                }
                (self.cx.file_pattern)(&infile.name)
            }
            (None, None) => format!("{}.dat", self.cx.name),
        };
    }

    fn mode(&mut self, control: &ControlFile, source: &mut SourceOut) {
        let load = &control.load;
        let mut modes = load
            .tables
            .iter()
            .filter_map(|t| t.mode.clone())
            .collect::<Vec<_>>();
        if modes.is_empty()
            && let Some(mode) = load.mode.clone()
        {
            modes.push(mode);
        }
        let (mode, range) = modes
            .first()
            .cloned()
            .unwrap_or((LoadMode::Insert, load.range.start..load.range.start));
        if modes.iter().any(|(m, _)| *m != mode) {
            self.report(
                Code::ImportCtlUnknownClause,
                modes[1].1.clone(),
                "the tables of one control file have different load modes; the source has one",
                "give every INTO TABLE the same mode, or clear the other tables in a transform",
            );
        }
        match mode {
            LoadMode::Append => {
                source.append = true;
                self.found("ctl:APPEND", range, "mode: append");
            }
            LoadMode::Replace | LoadMode::Truncate => {
                self.found(
                    if mode == LoadMode::Replace {
                        "ctl:REPLACE"
                    } else {
                        "ctl:TRUNCATE"
                    },
                    range,
                    "mode: truncate (DELETE inside the batch)",
                );
            }
            LoadMode::Insert => self.report(
                Code::ImportCtlMode,
                range,
                "INSERT mode (the default) fails on a non-empty table; the source empties it first",
                "check that nothing else writes the staging table between loads",
            ),
        }
    }

    fn format(&mut self, fields: &FieldsSpec, table: &IntoTable) -> Format {
        let Some((terminator, range)) = &fields.terminated else {
            if let Some((_, _, range)) = &fields.enclosed {
                self.report(
                    Code::ImportCtlFieldLayout,
                    range.clone(),
                    "ENCLOSED BY without TERMINATED BY",
                    "add TERMINATED BY",
                );
            }
            return Format::FixedWidth;
        };
        let delimiter = match terminator {
            Terminator::Text(text) if text.chars().count() == 1 && text.is_ascii() => {
                text.chars().next().unwrap_or(',')
            }
            Terminator::Whitespace => {
                self.report(Code::ImportCtlFieldLayout, range.clone(), "fields TERMINATED BY WHITESPACE (any run of blanks) cannot be read by COPY", "convert the file to one delimiter before it lands, or load each line raw and split it in a transform");
                ' '
            }
            other => {
                self.report(
                    Code::ImportCtlFieldLayout,
                    range.clone(),
                    format!("the terminator {other:?} is not one ASCII character"),
                    "convert the file to a one-character delimiter before it lands",
                );
                ','
            }
        };
        let shown = if delimiter == '\t' {
            "X'09' (tab)".to_string()
        } else {
            format!("'{delimiter}'")
        };
        match &fields.enclosed {
            Some((quote, optional, range)) if quote.chars().count() == 1 => {
                let quote = quote.chars().next().unwrap_or('"');
                let note = format!("csv, delimiter {shown}, quote '{quote}'");
                if *optional {
                    self.found("ctl:OPTIONALLY ENCLOSED BY", range.clone(), note);
                } else {
                    self.found(
                        "ctl:ENCLOSED BY",
                        range.clone(),
                        format!(
                            "{note} (COPY also reads unquoted fields, which SQL*Loader rejected)"
                        ),
                    );
                }
                Format::Csv { delimiter, quote }
            }
            Some((quote, _, range)) => {
                self.report(
                    Code::ImportCtlFieldLayout,
                    range.clone(),
                    format!("the enclosure `{quote}` is not one character"),
                    "use one quote character for both ends",
                );
                Format::Csv {
                    delimiter,
                    quote: '"',
                }
            }
            None => {
                let _ = table;
                self.found(
                    "ctl:TERMINATED BY",
                    range.clone(),
                    format!("delimited, delimiter {shown}"),
                );
                Format::Delimited { delimiter }
            }
        }
    }

    fn target(
        &mut self,
        into: &IntoTable,
        load_fields: &FieldsSpec,
        source: &mut SourceOut,
    ) -> Option<TargetOut> {
        let table = (self.cx.table)(&into.name);
        let unqualified = !into.name.contains('.');
        if table.is_none() {
            let help = if unqualified && self.cx.schema.is_none() {
                "add the legacy DDL file to the import's inputs, and name the schema the legacy job connected as with `--schema NAME`"
            } else {
                "add the legacy DDL file to the import's inputs"
            };
            self.report(
                Code::ImportUnknownTable,
                into.range.clone(),
                format!("the DDL among the inputs does not create `{}`", into.name),
                help,
            );
        }
        if into.skip.is_some() {
            self.report(
                Code::ImportCtlUnknownClause,
                into.range.clone(),
                "SKIP of one INTO TABLE is not imported",
                "skip the records with OPTIONS (SKIP=n) for the whole file",
            );
        }
        let name = match (table, self.cx.schema) {
            (Some(t), _) => t.name.clone(),
            (None, Some(schema)) if unqualified => format!("{schema}.{}", into.name.to_lowercase()),
            (None, _) => into.name.to_lowercase(),
        };
        let fields_spec = merged(load_fields, &into.fields);
        let mut target = TargetOut {
            table: name.clone(),
            when: self.when(&into.when),
            fields: Vec::new(),
            columns: Vec::new(),
        };
        self.found(
            "ctl:INTO TABLE",
            into.range.clone(),
            format!("source {} loads {name}", source.name),
        );
        let mut end = 0;
        for (i, field) in into.columns.iter().enumerate() {
            self.field(field, i, &fields_spec, table, source, &mut target, &mut end);
        }
        Some(target)
    }

    fn when(&mut self, conditions: &[Condition]) -> Option<When> {
        let first = conditions.first()?;
        if conditions.len() > 1 {
            self.report(
                Code::ImportCtlCondition,
                conditions[1].range.clone(),
                "WHEN with several conditions joined by AND",
                "load the records into a raw table and filter them in a transform",
            );
        }
        let text = match (&first.right, first.equal) {
            (CondValue::Text(text), true) => text.clone(),
            _ => {
                self.report(
                    Code::ImportCtlCondition,
                    first.range.clone(),
                    "a WHEN that is not `= 'text'`",
                    "load the records into a raw table and filter them in a transform",
                );
                return None;
            }
        };
        self.found("ctl:WHEN", first.range.clone(), "when");
        Some(match &first.left {
            CondTarget::Field(field) => When::Field(field.clone(), text),
            CondTarget::Position(from, to) => When::Position(*from, *to, text),
        })
    }

    #[allow(clippy::too_many_arguments)]
    fn field(
        &mut self,
        field: &Field,
        index: usize,
        spec: &FieldsSpec,
        table: Option<&TableOut>,
        source: &mut SourceOut,
        target: &mut TargetOut,
        end: &mut u64,
    ) {
        let name = field.name.clone();
        if field.quoted && name.to_lowercase() != name {
            self.report(
                Code::ImportCtlUnknownClause,
                field.range.clone(),
                format!(
                    "the mixed-case name \"{name}\" becomes `{}`",
                    name.to_lowercase()
                ),
                "eltc's names are lower case; rename the column in the DDL too",
            );
        }
        let name = name.to_lowercase();
        let column = table.and_then(|t| t.column(&name));
        let in_record = !matches!(
            field.kind,
            FieldKind::Constant(_)
                | FieldKind::Sysdate
                | FieldKind::Recnum
                | FieldKind::Sequence(_)
                | FieldKind::Expression
        );
        match &field.kind {
            FieldKind::Constant(value) if has_placeholder(value) => self.report(
                Code::ImportPlaceholder,
                field.full.clone(),
                format!("the CONSTANT of `{name}` is a templating placeholder (`{value}`)"),
                "SQL*Loader would load the text as written: import the rendered control file, or make the value a param of the pipeline",
            ),
            FieldKind::Constant(value) => {
                self.found(
                    "ctl:CONSTANT",
                    field.full.clone(),
                    format!("columns: {name}: {{ constant }}"),
                );
                target
                    .columns
                    .push((name.clone(), ColumnValue::Constant(value.clone())));
            }
            FieldKind::Sysdate => {
                self.found(
                    "ctl:SYSDATE",
                    field.full.clone(),
                    format!("columns: {name}: load_timestamp"),
                );
                target
                    .columns
                    .push((name.clone(), ColumnValue::LoadTimestamp));
            }
            FieldKind::Recnum | FieldKind::Sequence(_) => {
                let what = if field.kind == FieldKind::Recnum {
                    "RECNUM"
                } else {
                    "SEQUENCE"
                };
                self.report(Code::ImportCtlRecordNumber, field.full.clone(), format!("`{name}` is numbered by SQL*Loader ({what})"), "declare the column with identity: [seed, step] under tables:, or add the number to the file");
            }
            FieldKind::Expression => match &field.sql {
                Some((sql, range)) => {
                    self.found(
                        "ctl:EXPRESSION",
                        range.clone(),
                        format!("columns: {name}: {{ expr }}"),
                    );
                    target
                        .columns
                        .push((name.clone(), ColumnValue::Expr(sql.clone())));
                }
                None => self.report(
                    Code::ImportCtlSyntax,
                    field.full.clone(),
                    "EXPRESSION without an SQL string",
                    "write EXPRESSION \"sql\"",
                ),
            },
            FieldKind::Filler | FieldKind::BoundFiller => {
                self.found(
                    if field.kind == FieldKind::Filler {
                        "ctl:FILLER"
                    } else {
                        "ctl:BOUNDFILLER"
                    },
                    field.full.clone(),
                    "filler: true",
                );
            }
            FieldKind::Data => {
                if table.is_some() && column.is_none() {
                    self.report(
                        Code::ImportUnknownTable,
                        field.range.clone(),
                        format!("`{}` has no column `{name}`", target.table),
                        "check the field's name against the table's DDL, or make it a FILLER",
                    );
                }
            }
        }
        if !in_record {
            return;
        }
        let mut out = FieldOut {
            name: name.clone(),
            position: None,
            filler: matches!(field.kind, FieldKind::Filler | FieldKind::BoundFiller),
        };
        self.layout(
            field,
            index,
            spec,
            source,
            &mut out,
            end,
            &mut target.fields,
        );
        let mut value: Option<String> = None;
        if let Some((datatype, range)) = &field.datatype {
            value = self.datatype(
                field,
                datatype,
                range.clone(),
                column.map(|c| c.ty.as_str()),
                source,
                &name,
            );
        }
        if let Some((sql, range)) = &field.sql {
            if out.filler {
                self.report(
                    Code::ImportCtlSyntax,
                    range.clone(),
                    "an SQL string on a FILLER field",
                    "SQL*Loader rejects it too: remove the string or the FILLER",
                );
            } else {
                if value.is_some() {
                    self.report(
                        Code::ImportCtlDateMask,
                        range.clone(),
                        "a date mask and an SQL string on one field",
                        "put the conversion in the SQL string: TO_DATE(:field, 'mask')",
                    );
                }
                self.found(
                    "ctl:SQL string",
                    range.clone(),
                    format!("columns: {name}: {{ expr: \"{sql}\" }}"),
                );
                value = Some(sql.clone());
            }
        }
        if !out.filler {
            value = self.nulls(field, &name, value, source);
        } else if !field.nullif.is_empty() || !field.defaultif.is_empty() {
            self.found(
                "ctl:NULLIF",
                field.full.clone(),
                "nothing: the field is a filler",
            );
        }
        if let Some(expr) = value {
            out.filler = true;
            target.columns.push((name.clone(), ColumnValue::Expr(expr)));
        }
        target.fields.push(out);
    }

    #[allow(clippy::too_many_arguments)]
    fn layout(
        &mut self,
        field: &Field,
        index: usize,
        spec: &FieldsSpec,
        source: &SourceOut,
        out: &mut FieldOut,
        end: &mut u64,
        before: &mut Vec<FieldOut>,
    ) {
        if field.fields != FieldsSpec::default() && merged(spec, &field.fields) != *spec {
            let range = field
                .fields
                .terminated
                .as_ref()
                .map(|t| t.1.clone())
                .or_else(|| field.fields.enclosed.as_ref().map(|e| e.2.clone()))
                .unwrap_or(field.full.clone());
            self.report(Code::ImportCtlFieldLayout, range, format!("`{}` has its own terminator or enclosure", field.name), "COPY reads one delimiter per file: convert the file, or load it raw and split it in a transform");
        }
        let length = match &field.datatype {
            Some((Datatype::Char(n) | Datatype::NumericExternal(_, n), _)) => *n,
            _ => None,
        };
        match (&source.format, &field.position) {
            (Format::FixedWidth, Some(position)) => {
                let (start, stop) = match position {
                    Position::Absolute(s, e) => (*s, e.or(length.map(|n| s + n - 1))),
                    Position::Relative(skip, len) => {
                        let s = *end + 1 + skip;
                        (s, len.or(length).map(|n| s + n - 1))
                    }
                };
                match stop {
                    Some(stop) if start >= 1 && stop >= start => {
                        if start <= *end {
                            self.report(Code::ImportCtlFieldLayout, field.full.clone(), format!("`{}` overlaps the field before it", field.name), "COPY reads fixed-width fields one after the other: load the record raw and cut it with SUBSTR in a transform");
                        }
                        if start > *end + 1 {
                            // COPY's FIXEDWIDTH reads widths from position 1: a filler covers the gap.
                            before.push(FieldOut { name: format!("gap_{}_{}", *end + 1, start - 1), position: Some((*end + 1, start - 1)), filler: true });
                        }
                        out.position = Some((start, stop));
                        *end = stop;
                        self.found("ctl:POSITION", field.full.clone(), format!("position: [{start}, {stop}]"));
                    }
                    _ => self.report(Code::ImportCtlFieldLayout, field.full.clone(), format!("the end of `{}` is not known (no end position and no length)", field.name), "write POSITION(start:end)"),
                }
            }
            (Format::FixedWidth, None) => {
                if let Some(n) = length {
                    let start = *end + 1;
                    out.position = Some((start, start + n - 1));
                    *end = start + n - 1;
                } else {
                    self.report(Code::ImportCtlFieldLayout, field.full.clone(), format!("`{}` has no position in a file without delimiters", field.name), "write POSITION(start:end)");
                }
            }
            (_, Some(Position::Absolute(1, _))) if index == 0 => {
                self.found("ctl:POSITION", field.full.clone(), "the first field (POSITION(1) in a delimited record)");
            }
            (_, Some(_)) => self.report(Code::ImportCtlFieldLayout, field.full.clone(), format!("POSITION of `{}` in a delimited record", field.name), "COPY reads delimited fields in order: load the record raw and cut it in a transform"),
            _ => {}
        }
    }

    /// The datatype's effect: `Some(expr)` when the field needs an expression.
    fn datatype(
        &mut self,
        field: &Field,
        datatype: &Datatype,
        range: std::ops::Range<usize>,
        column: Option<&str>,
        source: &mut SourceOut,
        name: &str,
    ) -> Option<String> {
        match datatype {
            Datatype::Char(_) => {
                self.found("ctl:CHAR", range, "text as read");
                None
            }
            Datatype::NumericExternal(kind, _) => {
                self.found(
                    &format!("ctl:{kind} EXTERNAL"),
                    range,
                    "number as text, converted by COPY",
                );
                None
            }
            Datatype::Binary(kind) => {
                self.report(
                    Code::ImportCtlBinaryField,
                    range,
                    format!("`{name}` is a {kind} field (binary, packed or LOB data)"),
                    "have the unload write the value as text (INTEGER EXTERNAL, DECIMAL EXTERNAL)",
                );
                None
            }
            Datatype::Date(mask) | Datatype::Timestamp(mask) => {
                let Some(mask) = mask else {
                    self.report(Code::ImportCtlDateMask, range, format!("`{name}` has no date mask: SQL*Loader read it with the session's NLS_DATE_FORMAT"), "write the mask the file uses: DATE \"YYYY-MM-DD\"");
                    return None;
                };
                if field.sql.is_some() {
                    return None;
                }
                let is_date_column = column.is_some_and(|ty| ty == "date");
                let slot = if is_date_column {
                    &mut source.date_format
                } else {
                    &mut source.timestamp_format
                };
                let copy_mask = copy_format(mask);
                match (slot.as_deref(), copy_mask) {
                    (None, Some(copy)) => {
                        *slot = Some(copy.clone());
                        let key = if is_date_column {
                            "date_format"
                        } else {
                            "timestamp_format"
                        };
                        self.found("ctl:DATE mask", range, format!("{key}: {copy}"));
                        None
                    }
                    (Some(current), Some(copy)) if current == copy => {
                        self.found("ctl:DATE mask", range, "the source's date format");
                        None
                    }
                    _ => {
                        let function = if matches!(datatype, Datatype::Date(_)) {
                            "TO_DATE"
                        } else {
                            "TO_TIMESTAMP"
                        };
                        let expr = format!("{function}(:{name}, '{}')", mask.replace('\'', "''"));
                        self.found("ctl:DATE mask (second)", range, format!("columns: {name}: {{ expr: \"{expr}\" }} (COPY takes one format per load)"));
                        Some(expr)
                    }
                }
            }
        }
    }
}

/// The load's FIELDS with a table's own clauses over it.
fn merged(load: &FieldsSpec, table: &FieldsSpec) -> FieldsSpec {
    FieldsSpec {
        terminated: table.terminated.clone().or_else(|| load.terminated.clone()),
        enclosed: table.enclosed.clone().or_else(|| load.enclosed.clone()),
    }
}

/// An Oracle date mask as a COPY DATEFORMAT/TIMEFORMAT, when COPY has every
/// element (Amazon Redshift "DATEFORMAT and TIMEFORMAT strings"); `None`
/// otherwise (RR, FF, DY, J, ... go through TO_DATE).
pub fn copy_format(mask: &str) -> Option<String> {
    const ELEMENTS: [&str; 12] = [
        "YYYY", "HH24", "HH12", "MON", "YY", "MM", "DD", "HH", "MI", "SS", "AM", "PM",
    ];
    let upper = mask.to_ascii_uppercase();
    let mut rest = upper.as_str();
    while !rest.is_empty() {
        if let Some(element) = ELEMENTS.iter().find(|e| rest.starts_with(**e)) {
            // MONTH is not MON followed by TH.
            if *element == "MON" && rest.starts_with("MONTH") {
                return None;
            }
            rest = &rest[element.len()..];
        } else {
            let c = rest.chars().next()?;
            if c.is_ascii_alphanumeric() {
                return None;
            }
            rest = &rest[c.len_utf8()..];
        }
    }
    Some(upper)
}

/// True when `value` holds a `$NAME`, `${NAME}`, `$1`, `&1` or `&&name`
/// placeholder: text a driver renders before SQL*Loader reads the file.
fn has_placeholder(value: &str) -> bool {
    value.char_indices().any(|(i, c)| {
        matches!(c, '$' | '&') && super::lexer::placeholder_len(&value[i..]).is_some()
    })
}

#[cfg(test)]
mod tests {
    use super::copy_format;

    #[test]
    fn copy_formats_take_copy_elements_only() {
        assert_eq!(
            copy_format("DD-MON-YYYY HH24:MI:SS").as_deref(),
            Some("DD-MON-YYYY HH24:MI:SS")
        );
        assert_eq!(copy_format("yyyymmdd").as_deref(), Some("YYYYMMDD"));
        assert_eq!(copy_format("DD-MON-RR"), None);
        assert_eq!(copy_format("DD MONTH YYYY"), None);
        assert_eq!(copy_format("YYYY-MM-DD HH24:MI:SS.FF"), None);
    }
}
