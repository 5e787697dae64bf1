//! The control-file parser: tokens into [`ControlFile`], by recursive
//! descent, with a diagnostic (and recovery at the next field or clause)
//! for anything it does not know. Clauses eltc reads but does not carry into
//! a spec (CONTINUEIF, LOBFILE, binary types, ...) are parsed here and
//! reported by [`super::to_spec`], which decides what each clause becomes.
//!
//! The grammar follows Oracle's "SQL*Loader Control File Reference"
//! (<https://docs.oracle.com/en/database/oracle/oracle-database/19/sutil/oracle-sql-loader-control-file-contents.html>)
//! and "Field List Reference" (<https://docs.oracle.com/en/database/oracle/oracle-database/19/sutil/oracle-sql-loader-field-list-contents.html>).

use std::ops::Range;

use super::ast::{
    CondTarget, CondValue, Condition, ControlFile, Datatype, Field, FieldKind, FieldsSpec, Infile,
    IntoTable, Load, LoadMode, Position, Setting, Terminator,
};
use super::lexer::{Tok, Token, tokens};
use crate::diag::{Code, Diagnostic, FileId, Span};

/// Parses a control file; diagnostics go to `out`.
pub fn parse(file: FileId, text: &str, out: &mut Vec<Diagnostic>) -> ControlFile {
    let mut parser = Parser {
        file,
        text,
        toks: tokens(text),
        pos: 0,
        out,
    };
    parser.control_file()
}

struct Parser<'a, 'o> {
    file: FileId,
    text: &'a str,
    toks: Vec<Token>,
    pos: usize,
    out: &'o mut Vec<Diagnostic>,
}

/// Keywords that start a load-level clause (used to stop recovery).
const LOAD_CLAUSES: [&str; 17] = [
    "INFILE",
    "INDDN",
    "BADFILE",
    "DISCARDFILE",
    "DISCARDMAX",
    "DISCARDS",
    "CHARACTERSET",
    "INSERT",
    "APPEND",
    "REPLACE",
    "TRUNCATE",
    "INTO",
    "FIELDS",
    "TRAILING",
    "CONTINUEIF",
    "CONCATENATE",
    "PRESERVE",
];

impl Parser<'_, '_> {
    fn peek(&self) -> Option<&Tok> {
        self.toks.get(self.pos).map(|t| &t.tok)
    }

    fn peek_at(&self, ahead: usize) -> Option<&Tok> {
        self.toks.get(self.pos + ahead).map(|t| &t.tok)
    }

    fn range(&self) -> Range<usize> {
        self.toks
            .get(self.pos)
            .map_or(self.text.len()..self.text.len(), |t| t.range.clone())
    }

    fn prev_end(&self) -> usize {
        self.pos
            .checked_sub(1)
            .and_then(|i| self.toks.get(i))
            .map_or(0, |t| t.range.end)
    }

    fn bump(&mut self) -> Option<Token> {
        let token = self.toks.get(self.pos).cloned();
        if token.is_some() {
            self.pos += 1;
        }
        token
    }

    fn is_word(&self, word: &str) -> bool {
        matches!(self.peek(), Some(Tok::Word(w)) if w.eq_ignore_ascii_case(word))
    }

    fn eat_word(&mut self, word: &str) -> bool {
        let is = self.is_word(word);
        if is {
            self.pos += 1;
        }
        is
    }

    fn eat_punct(&mut self, punct: &str) -> bool {
        let is = matches!(self.peek(), Some(Tok::Punct(p)) if *p == punct);
        if is {
            self.pos += 1;
        }
        is
    }

    fn span(&self, range: Range<usize>) -> Span {
        Span::new(self.file, range)
    }

    fn syntax(&mut self, range: Range<usize>, message: impl Into<String>, help: &str) {
        let diagnostic = Diagnostic::new(Code::ImportCtlSyntax, self.span(range), message)
            .label("here")
            .help(help.to_string());
        self.out.push(diagnostic);
    }

    /// The next token as text for messages.
    fn describe(&self) -> String {
        match self.toks.get(self.pos) {
            Some(t) => format!("`{}`", &self.text[t.range.clone()]),
            None => "the end of the file".to_string(),
        }
    }

    fn expect_punct(&mut self, punct: &str, what: &str) -> bool {
        if self.eat_punct(punct) {
            return true;
        }
        let found = self.describe();
        let range = self.range();
        self.syntax(
            range,
            format!("expected `{punct}` {what}, found {found}"),
            "check the clause against the SQL*Loader control-file syntax",
        );
        false
    }

    fn control_file(&mut self) -> ControlFile {
        let mut control = ControlFile::default();
        let mut loads = 0;
        while let Some(tok) = self.peek().cloned() {
            match tok {
                Tok::Word(w) if w.eq_ignore_ascii_case("OPTIONS") => {
                    self.pos += 1;
                    control.options.extend(self.settings());
                }
                Tok::Word(w)
                    if w.eq_ignore_ascii_case("UNRECOVERABLE")
                        || w.eq_ignore_ascii_case("RECOVERABLE") =>
                {
                    self.pos += 1;
                }
                Tok::Word(w)
                    if w.eq_ignore_ascii_case("LOAD")
                        || w.eq_ignore_ascii_case("CONTINUE_LOAD") =>
                {
                    let start = self.range().start;
                    self.pos += 1;
                    self.eat_word("DATA");
                    loads += 1;
                    let load = self.load(start);
                    if loads == 1 {
                        control.load = load;
                    } else {
                        self.out.push(
                            Diagnostic::new(
                                Code::ImportCtlSeveralLoads,
                                self.span(load.range.clone()),
                                "a second `LOAD DATA` in one control file is not imported",
                            )
                            .label("second load")
                            .help("split the control file: one LOAD DATA per file, each becomes its own source"),
                        );
                    }
                }
                Tok::Word(w) if w.eq_ignore_ascii_case("BEGINDATA") => {
                    self.pos += 1;
                    if let Some(Token {
                        tok: Tok::Data,
                        range,
                    }) = self.bump()
                    {
                        control.inline_data = Some(range);
                    }
                }
                _ => {
                    let range = self.range();
                    let found = self.describe();
                    self.syntax(
                        range,
                        format!("expected `OPTIONS` or `LOAD DATA`, found {found}"),
                        "a control file is `[OPTIONS (...)] LOAD DATA ...`; remove the text or comment it with `--`",
                    );
                    self.pos += 1;
                }
            }
        }
        if loads == 0 {
            let end = self.text.len();
            self.syntax(
                end..end,
                "no `LOAD DATA` statement in the control file",
                "a control file is `[OPTIONS (...)] LOAD DATA ...`",
            );
        }
        control
    }

    /// `( name = value, ... )`.
    fn settings(&mut self) -> Vec<Setting> {
        let mut settings = Vec::new();
        if !self.expect_punct("(", "after OPTIONS") {
            return settings;
        }
        loop {
            let start = self.range().start;
            let name = match self.bump() {
                Some(Token {
                    tok: Tok::Word(w), ..
                }) => w.to_ascii_uppercase(),
                Some(Token {
                    tok: Tok::Punct(")"),
                    ..
                }) => break,
                Some(t) => {
                    self.syntax(
                        t.range,
                        "expected an option name",
                        "write OPTIONS (NAME=value, ...)",
                    );
                    self.skip_to_close();
                    break;
                }
                None => break,
            };
            let mut value = String::new();
            if self.eat_punct("=") {
                // A value may be a word, a number, a string or a parenthesised list.
                let value_start = self.range().start;
                let mut depth = 0;
                while let Some(tok) = self.peek() {
                    match tok {
                        Tok::Punct("(") => depth += 1,
                        Tok::Punct(")") if depth == 0 => break,
                        Tok::Punct(")") => depth -= 1,
                        Tok::Punct(",") if depth == 0 => break,
                        _ => {}
                    }
                    self.pos += 1;
                }
                value = self.text[value_start..self.prev_end().max(value_start)]
                    .trim_matches(['\'', '"'])
                    .to_string();
            }
            settings.push(Setting {
                name,
                value,
                range: start..self.prev_end(),
            });
            if self.eat_punct(",") {
                continue;
            }
            self.expect_punct(")", "to close OPTIONS");
            break;
        }
        settings
    }

    fn skip_to_close(&mut self) {
        let mut depth = 0;
        while let Some(tok) = self.bump() {
            match tok.tok {
                Tok::Punct("(") => depth += 1,
                Tok::Punct(")") if depth == 0 => return,
                Tok::Punct(")") => depth -= 1,
                _ => {}
            }
        }
    }

    fn load(&mut self, start: usize) -> Load {
        let mut load = Load::default();
        loop {
            let Some(Tok::Word(word)) = self.peek().cloned() else {
                if self.peek().is_some() && !matches!(self.peek(), Some(Tok::Data)) {
                    self.unknown_clause("a load clause");
                    continue;
                }
                break;
            };
            let upper = word.to_ascii_uppercase();
            let range = self.range();
            match upper.as_str() {
                "LOAD" | "CONTINUE_LOAD" | "BEGINDATA" | "OPTIONS" => break,
                "INFILE" | "INDDN" => {
                    self.pos += 1;
                    let infile = self.infile();
                    load.infiles.push(infile);
                }
                "BADFILE" | "DISCARDFILE" => {
                    self.pos += 1;
                    let name = self.file_name().map(|(n, _)| n);
                    if let Some(last) = load.infiles.last_mut() {
                        if upper == "BADFILE" {
                            last.badfile = name;
                        } else {
                            last.discardfile = name;
                        }
                    }
                }
                "DISCARDMAX" | "DISCARDS" => {
                    self.pos += 1;
                    if matches!(self.peek(), Some(Tok::Number(_))) {
                        self.pos += 1;
                    }
                }
                "CHARACTERSET" => {
                    self.pos += 1;
                    match self.bump() {
                        Some(Token {
                            tok: Tok::Word(name) | Tok::Str(name) | Tok::Quoted(name),
                            range,
                        }) => {
                            load.characterset = Some((name, range));
                        }
                        _ => self.syntax(
                            range,
                            "expected a character set name after CHARACTERSET",
                            "write CHARACTERSET AL32UTF8",
                        ),
                    }
                }
                "LENGTH" | "BYTEORDER" | "BYTEORDERMARK" | "SEMANTICS" | "BYTE" | "CHAR"
                | "CHARACTER" | "BIG" | "LITTLE" | "ENDIAN" | "CHECK" | "NOCHECK" | "READSIZE"
                | "DATE" | "FORMAT" => {
                    // Settings with no effect on what is loaded from UTF-8 text
                    // (LENGTH SEMANTICS, BYTEORDER, ...) are read and passed.
                    self.pos += 1;
                    if upper == "DATE" || upper == "FORMAT" {
                        self.skip_clause();
                    }
                }
                "INSERT" | "APPEND" | "REPLACE" | "TRUNCATE" => {
                    self.pos += 1;
                    load.mode = Some((mode(&upper), range));
                }
                "PRESERVE" => {
                    self.pos += 1;
                    self.eat_word("BLANKS");
                    self.out.push(
                        Diagnostic::new(Code::ImportCtlFieldLayout, self.span(range.start..self.prev_end()), "`PRESERVE BLANKS` is not imported")
                            .label("kept blanks")
                            .help("COPY keeps blanks but eltc loads blank fields as NULL (SQL*Loader's default); check the fields whose blanks matter"),
                    );
                }
                "CONTINUEIF" | "CONCATENATE" => {
                    self.pos += 1;
                    self.skip_clause();
                    self.out.push(
                        Diagnostic::new(Code::ImportCtlRecordAssembly, self.span(range.start..self.prev_end()), format!("`{upper}` (records assembled from several lines) is not imported"))
                            .label("record assembly")
                            .help("COPY reads one record per line: join the lines before the file lands, or load them raw and assemble them in a transform"),
                    );
                }
                "FIELDS" => {
                    self.pos += 1;
                    load.fields = self.fields_spec();
                }
                "TRAILING" => {
                    self.pos += 1;
                    self.eat_word("NULLCOLS");
                    load.trailing_nullcols = true;
                }
                "INTO" => {
                    self.pos += 1;
                    if let Some(table) = self.table_clause() {
                        load.tables.push(table);
                    }
                }
                _ => self.unknown_clause("a load clause"),
            }
        }
        load.range = start..self.prev_end().max(start);
        load
    }

    /// Skips tokens up to the next load-level keyword.
    fn skip_clause(&mut self) {
        while let Some(tok) = self.peek() {
            match tok {
                Tok::Word(w) if LOAD_CLAUSES.iter().any(|k| w.eq_ignore_ascii_case(k)) => return,
                Tok::Data => return,
                _ => self.pos += 1,
            }
        }
    }

    fn unknown_clause(&mut self, what: &str) {
        let range = self.range();
        let found = self.describe();
        self.pos += 1;
        self.skip_clause();
        let end = self.prev_end().max(range.end);
        self.out.push(
            Diagnostic::new(
                Code::ImportCtlUnknownClause,
                self.span(range.start..end),
                format!("{found} is not {what} eltc knows"),
            )
            .label("not imported")
            .help("check the SQL*Loader syntax; if it is valid, carry its effect into the spec by hand"),
        );
    }

    /// A file name: a string, or unquoted adjacent tokens (`/data/x.dat`).
    fn file_name(&mut self) -> Option<(String, Range<usize>)> {
        match self.peek()? {
            Tok::Str(s) | Tok::Quoted(s) => {
                let s = s.clone();
                let range = self.range();
                self.pos += 1;
                Some((s, range))
            }
            Tok::Punct("*") => {
                let range = self.range();
                self.pos += 1;
                Some(("*".to_string(), range))
            }
            _ => {
                let start = self.range().start;
                let mut end = start;
                while let Some(t) = self.toks.get(self.pos) {
                    let joins = t.range.start == end || end == start;
                    let fits = matches!(
                        t.tok,
                        Tok::Word(_)
                            | Tok::Number(_)
                            | Tok::Placeholder(_)
                            | Tok::Punct("/" | "." | "-" | ":")
                    );
                    if !joins || !fits {
                        break;
                    }
                    end = t.range.end;
                    self.pos += 1;
                }
                (end > start).then(|| (self.text[start..end].to_string(), start..end))
            }
        }
    }

    fn infile(&mut self) -> Infile {
        let at = self.range();
        let (name, range) = self.file_name().unwrap_or_else(|| {
            self.syntax(
                at.clone(),
                "expected a file name or `*` after INFILE",
                "write INFILE 'path/file.dat'",
            );
            (String::new(), at)
        });
        // An OS-dependent file-processing string ("str '\n'", "fix 80", "var 3").
        if let Some(Tok::Quoted(processing)) = self.peek().cloned() {
            let range = self.range();
            self.pos += 1;
            self.out.push(
                Diagnostic::new(Code::ImportCtlRecordAssembly, self.span(range), format!("the record format \"{processing}\" is not imported"))
                    .label("record format")
                    .help("COPY reads records ended by a newline: convert the file to one record per line before it lands"),
            );
        }
        Infile {
            name,
            range,
            badfile: None,
            discardfile: None,
        }
    }

    fn terminator(&mut self) -> Option<Terminator> {
        match self.bump()?.tok {
            Tok::Str(s) | Tok::Quoted(s) | Tok::Hex(s) => Some(Terminator::Text(s)),
            Tok::Word(w) if w.eq_ignore_ascii_case("WHITESPACE") => Some(Terminator::Whitespace),
            Tok::Word(w) if w.eq_ignore_ascii_case("EOF") => Some(Terminator::Eof),
            _ => {
                self.pos -= 1;
                None
            }
        }
    }

    /// `TERMINATED BY x`, `[OPTIONALLY] ENCLOSED BY x [AND y]`, in any order.
    fn fields_spec(&mut self) -> FieldsSpec {
        let mut spec = FieldsSpec::default();
        loop {
            let start = self.range().start;
            if self.eat_word("TERMINATED") {
                self.eat_word("BY");
                match self.terminator() {
                    Some(t) => spec.terminated = Some((t, start..self.prev_end())),
                    None => {
                        let range = self.range();
                        self.syntax(
                            range,
                            "expected a string, X'hex' or WHITESPACE after TERMINATED BY",
                            "write TERMINATED BY ','",
                        );
                    }
                }
            } else if self.is_word("OPTIONALLY") || self.is_word("ENCLOSED") {
                let optional = self.eat_word("OPTIONALLY");
                self.eat_word("ENCLOSED");
                self.eat_word("BY");
                match self.terminator() {
                    Some(Terminator::Text(open)) => {
                        let mut text = open;
                        if self.eat_word("AND")
                            && let Some(Terminator::Text(close)) = self.terminator()
                        {
                            text.push_str(&close);
                        }
                        spec.enclosed = Some((text, optional, start..self.prev_end()));
                    }
                    _ => {
                        let range = self.range();
                        self.syntax(
                            range,
                            "expected a string after ENCLOSED BY",
                            "write OPTIONALLY ENCLOSED BY '\"'",
                        );
                    }
                }
            } else {
                return spec;
            }
        }
    }

    fn table_clause(&mut self) -> Option<IntoTable> {
        self.eat_word("TABLE");
        let start = self.range().start;
        let mut table = IntoTable::default();
        let mut parts = Vec::new();
        loop {
            match self.bump() {
                Some(Token {
                    tok: Tok::Word(w), ..
                }) => parts.push(w.to_lowercase()),
                Some(Token {
                    tok: Tok::Quoted(w),
                    ..
                }) => {
                    table.quoted = true;
                    parts.push(if w.to_uppercase() == w {
                        w.to_lowercase()
                    } else {
                        w
                    });
                }
                Some(Token {
                    tok: Tok::Placeholder(p),
                    range,
                }) => {
                    self.placeholder(&p, range);
                    parts.push(p);
                }
                other => {
                    let range = other.map_or_else(|| self.range(), |t| t.range);
                    self.syntax(
                        range,
                        "expected a table name after INTO TABLE",
                        "write INTO TABLE schema.table",
                    );
                    return None;
                }
            }
            if !self.eat_punct(".") {
                break;
            }
        }
        table.name = parts.join(".");
        table.range = start..self.prev_end();
        loop {
            let range = self.range();
            let Some(tok) = self.peek().cloned() else {
                break;
            };
            match tok {
                Tok::Punct("(") => {
                    table.columns = self.field_list();
                    break;
                }
                Tok::Word(w) => {
                    let upper = w.to_ascii_uppercase();
                    match upper.as_str() {
                        "INSERT" | "APPEND" | "REPLACE" | "TRUNCATE" => {
                            self.pos += 1;
                            table.mode = Some((mode(&upper), range));
                        }
                        "PARTITION" | "SUBPARTITION" | "SORTED" | "INDEXES" => {
                            self.pos += 1;
                            if self.eat_punct("(") {
                                self.skip_to_close();
                            }
                        }
                        "SINGLEROW" | "REUSE" | "STORAGE" => self.pos += 1,
                        "WHEN" => {
                            self.pos += 1;
                            table.when = self.conditions();
                        }
                        "OPTIONS" => {
                            self.pos += 1;
                            self.settings();
                        }
                        "FIELDS" => {
                            self.pos += 1;
                            table.fields = self.fields_spec();
                        }
                        "TRAILING" => {
                            self.pos += 1;
                            self.eat_word("NULLCOLS");
                            table.trailing_nullcols = true;
                        }
                        "SKIP" => {
                            self.pos += 1;
                            if let Some(Tok::Number(n)) = self.peek() {
                                table.skip = Some(*n);
                                self.pos += 1;
                            }
                        }
                        "INTO" | "BEGINDATA" | "LOAD" => break,
                        _ => self.unknown_clause("an INTO TABLE clause"),
                    }
                }
                _ => self.unknown_clause("an INTO TABLE clause"),
            }
        }
        Some(table)
    }

    fn placeholder(&mut self, text: &str, range: Range<usize>) {
        self.out.push(
            Diagnostic::new(Code::ImportPlaceholder, self.span(range), format!("the templating placeholder `{text}` is not a name"))
                .label("placeholder")
                .help("the file is a template: import the file it renders to, or replace the placeholder with its value"),
        );
    }

    /// `cond [AND cond]...`; each `(start:end) = 'x'`, `field = BLANKS`, ...
    fn conditions(&mut self) -> Vec<Condition> {
        let mut conditions = Vec::new();
        loop {
            let parenthesised = matches!(self.peek(), Some(Tok::Punct("(")))
                && !matches!(self.peek_at(2), Some(Tok::Punct(":" | "-" | ")")));
            if parenthesised {
                self.pos += 1;
            }
            if let Some(c) = self.condition() {
                conditions.push(c);
            }
            if parenthesised {
                self.expect_punct(")", "to close the condition");
            }
            if !self.eat_word("AND") {
                return conditions;
            }
        }
    }

    fn condition(&mut self) -> Option<Condition> {
        let start = self.range().start;
        let left = match self.bump()?.tok {
            Tok::Punct("(") => {
                let from = self.number()?;
                let to = if self.eat_punct(":") || self.eat_punct("-") {
                    self.number()?
                } else {
                    from
                };
                self.expect_punct(")", "to close the position");
                CondTarget::Position(from, to)
            }
            Tok::Word(w) => CondTarget::Field(w.to_lowercase()),
            Tok::Quoted(w) => CondTarget::Field(w),
            _ => {
                self.syntax(
                    start..self.prev_end(),
                    "expected a field name or (start:end) in the condition",
                    "write `field = 'value'` or `(1:1) = 'H'`",
                );
                return None;
            }
        };
        let equal = if self.eat_punct("=") {
            true
        } else if self.eat_punct("<>") || self.eat_punct("!=") {
            false
        } else {
            let range = self.range();
            let found = self.describe();
            self.syntax(
                range,
                format!("expected `=`, `<>` or `!=` in the condition, found {found}"),
                "write `field = 'value'`",
            );
            return None;
        };
        let right = match self.bump()?.tok {
            Tok::Str(s) | Tok::Quoted(s) | Tok::Hex(s) => CondValue::Text(s),
            Tok::Word(w) if w.eq_ignore_ascii_case("BLANKS") => CondValue::Blanks,
            Tok::Word(w) => CondValue::Text(w),
            Tok::Number(n) => CondValue::Text(n.to_string()),
            _ => {
                self.syntax(
                    start..self.prev_end(),
                    "expected a string or BLANKS in the condition",
                    "write `field = 'value'` or `field = BLANKS`",
                );
                return None;
            }
        };
        Some(Condition {
            left,
            equal,
            right,
            range: start..self.prev_end(),
        })
    }

    fn number(&mut self) -> Option<u64> {
        match self.peek() {
            Some(Tok::Number(n)) => {
                let n = *n;
                self.pos += 1;
                Some(n)
            }
            _ => {
                let range = self.range();
                let found = self.describe();
                self.syntax(
                    range,
                    format!("expected a number, found {found}"),
                    "positions and lengths are whole numbers",
                );
                None
            }
        }
    }

    fn field_list(&mut self) -> Vec<Field> {
        self.pos += 1; // (
        let mut fields = Vec::new();
        loop {
            if self.eat_punct(")") {
                break;
            }
            if self.peek().is_none() || matches!(self.peek(), Some(Tok::Data)) {
                let at = self.text.len();
                self.syntax(
                    at..at,
                    "the field list is not closed",
                    "close the field list with `)`",
                );
                break;
            }
            if let Some(field) = self.field() {
                fields.push(field);
            }
            if self.eat_punct(",") {
                continue;
            }
            if self.eat_punct(")") {
                break;
            }
            self.unknown_field_clause();
            if !self.eat_punct(",") {
                self.eat_punct(")");
                break;
            }
        }
        fields
    }

    /// Skips to the next `,` or `)` at depth 0 of the field list, reporting.
    fn unknown_field_clause(&mut self) {
        let start = self.range().start;
        let found = self.describe();
        let mut depth = 0;
        while let Some(tok) = self.peek() {
            match tok {
                Tok::Punct("(") => depth += 1,
                Tok::Punct(")") if depth == 0 => break,
                Tok::Punct(")") => depth -= 1,
                Tok::Punct(",") if depth == 0 => break,
                Tok::Data => break,
                _ => {}
            }
            self.pos += 1;
        }
        let end = self.prev_end().max(start);
        self.out.push(
            Diagnostic::new(Code::ImportCtlUnknownClause, self.span(start..end), format!("{found} is not a field clause eltc knows"))
                .label("not imported")
                .help("check the SQL*Loader syntax; if it is valid, carry its effect into the spec by hand"),
        );
    }

    fn field(&mut self) -> Option<Field> {
        let start = self.range().start;
        let (name, quoted, range) = match self.bump()?.tok {
            Tok::Word(w) => (w.to_lowercase(), false, start..self.prev_end()),
            Tok::Quoted(w) => {
                let name = if w.to_uppercase() == w {
                    w.to_lowercase()
                } else {
                    w
                };
                (name, true, start..self.prev_end())
            }
            Tok::Placeholder(p) => {
                self.placeholder(&p, start..self.prev_end());
                (p, false, start..self.prev_end())
            }
            _ => {
                self.pos -= 1;
                return None;
            }
        };
        let mut field = Field {
            name,
            quoted,
            range,
            full: start..start,
            kind: FieldKind::Data,
            position: None,
            datatype: None,
            fields: FieldsSpec::default(),
            nullif: Vec::new(),
            defaultif: Vec::new(),
            sql: None,
        };
        loop {
            let at = self.range();
            let Some(tok) = self.peek().cloned() else {
                break;
            };
            match tok {
                Tok::Punct("," | ")") => break,
                Tok::Punct("(") => field.position = self.position(),
                Tok::Quoted(sql) => {
                    self.pos += 1;
                    field.sql = Some((sql, at));
                }
                Tok::Word(w) => {
                    let upper = w.to_ascii_uppercase();
                    match upper.as_str() {
                        "FILLER" => {
                            self.pos += 1;
                            field.kind = FieldKind::Filler;
                        }
                        "BOUNDFILLER" => {
                            self.pos += 1;
                            field.kind = FieldKind::BoundFiller;
                        }
                        "CONSTANT" => {
                            self.pos += 1;
                            let value = match self.bump().map(|t| t.tok) {
                                Some(Tok::Str(s) | Tok::Quoted(s) | Tok::Word(s)) => s,
                                Some(Tok::Number(n)) => n.to_string(),
                                _ => {
                                    self.syntax(
                                        at.clone(),
                                        "expected a value after CONSTANT",
                                        "write CONSTANT 'text'",
                                    );
                                    String::new()
                                }
                            };
                            field.kind = FieldKind::Constant(value);
                        }
                        "SYSDATE" => {
                            self.pos += 1;
                            field.kind = FieldKind::Sysdate;
                        }
                        "RECNUM" => {
                            self.pos += 1;
                            field.kind = FieldKind::Recnum;
                        }
                        "SEQUENCE" => {
                            self.pos += 1;
                            let from = self.range().start;
                            if self.eat_punct("(") {
                                self.skip_to_close();
                            }
                            field.kind = FieldKind::Sequence(
                                self.text[from..self.prev_end().max(from)].to_string(),
                            );
                        }
                        "EXPRESSION" => {
                            self.pos += 1;
                            field.kind = FieldKind::Expression;
                        }
                        "POSITION" => {
                            self.pos += 1;
                            field.position = self.position();
                        }
                        "TERMINATED" | "OPTIONALLY" | "ENCLOSED" => {
                            field.fields = self.fields_spec();
                        }
                        "NULLIF" => {
                            self.pos += 1;
                            field.nullif.extend(self.conditions());
                        }
                        "DEFAULTIF" => {
                            self.pos += 1;
                            field.defaultif.extend(self.conditions());
                        }
                        _ => match self.datatype() {
                            Some(dt) => field.datatype = Some((dt, at.start..self.prev_end())),
                            None => {
                                self.unknown_field_clause();
                                break;
                            }
                        },
                    }
                }
                _ => {
                    self.unknown_field_clause();
                    break;
                }
            }
        }
        field.full = start..self.prev_end();
        Some(field)
    }

    /// `(start:end)`, `(start-end)`, `(start)`, `(*)`, `(*+n)`, `(*:end)`.
    fn position(&mut self) -> Option<Position> {
        if !self.expect_punct("(", "after POSITION") {
            return None;
        }
        let position = if self.eat_punct("*") {
            let skip = if self.eat_punct("+") {
                self.number()?
            } else {
                0
            };
            let end = if self.eat_punct(":") || self.eat_punct("-") {
                self.eat_punct("+");
                Some(self.number()?)
            } else {
                None
            };
            Position::Relative(skip, end)
        } else {
            let start = self.number()?;
            let end = if self.eat_punct(":") || self.eat_punct("-") {
                Some(self.number()?)
            } else {
                None
            };
            Position::Absolute(start, end)
        };
        self.expect_punct(")", "to close POSITION");
        Some(position)
    }

    /// An optional `(n)` length.
    fn length(&mut self) -> Option<u64> {
        if matches!(self.peek(), Some(Tok::Punct("(")))
            && matches!(self.peek_at(1), Some(Tok::Number(_)))
        {
            self.pos += 1;
            let n = self.number();
            // CHAR(n, m) and DECIMAL(p, s) forms: the rest is ignored.
            while self.eat_punct(",") {
                self.number();
            }
            self.expect_punct(")", "to close the length");
            return n;
        }
        None
    }

    fn datatype(&mut self) -> Option<Datatype> {
        let Some(Tok::Word(w)) = self.peek().cloned() else {
            return None;
        };
        let upper = w.to_ascii_uppercase();
        self.pos += 1;
        let external = |p: &mut Self| p.eat_word("EXTERNAL");
        let datatype = match upper.as_str() {
            "CHAR" => Datatype::Char(self.length()),
            "INTEGER" | "DECIMAL" | "FLOAT" | "ZONED" | "DOUBLE" | "SMALLINT" | "BYTEINT" => {
                let pre = self.length();
                if external(self) {
                    let name = match upper.as_str() {
                        "INTEGER" => "INTEGER",
                        "DECIMAL" => "DECIMAL",
                        "FLOAT" => "FLOAT",
                        _ => "ZONED",
                    };
                    Datatype::NumericExternal(name, self.length().or(pre))
                } else {
                    Datatype::Binary(upper)
                }
            }
            "DATE" | "TIMESTAMP" => {
                self.length();
                // TIMESTAMP WITH [LOCAL] TIME ZONE
                if self.eat_word("WITH") {
                    self.eat_word("LOCAL");
                    self.eat_word("TIME");
                    self.eat_word("ZONE");
                }
                let mask = match self.peek().cloned() {
                    Some(Tok::Quoted(m) | Tok::Str(m)) => {
                        self.pos += 1;
                        Some(m)
                    }
                    _ => None,
                };
                if upper == "DATE" {
                    Datatype::Date(mask)
                } else {
                    Datatype::Timestamp(mask)
                }
            }
            "RAW" | "GRAPHIC" | "VARGRAPHIC" | "VARCHAR" | "VARRAW" | "LONG" | "VARCHARC"
            | "VARRAWC" | "LOBFILE" | "BFILE" | "SDF" | "COLUMN" | "REF" | "XMLTYPE"
            | "INTERVAL" => {
                if upper == "LONG" {
                    self.eat_word("VARRAW");
                }
                if self.eat_punct("(") {
                    self.skip_to_close();
                }
                Datatype::Binary(upper)
            }
            _ => {
                self.pos -= 1;
                return None;
            }
        };
        Some(datatype)
    }
}

fn mode(word: &str) -> LoadMode {
    match word {
        "APPEND" => LoadMode::Append,
        "REPLACE" => LoadMode::Replace,
        "TRUNCATE" => LoadMode::Truncate,
        _ => LoadMode::Insert,
    }
}
