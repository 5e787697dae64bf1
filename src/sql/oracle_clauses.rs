//! Oracle statements and clauses that sqlparser does not read, recognised by
//! their tokens before a statement is parsed (`sql::parse` calls `prepare`
//! on each Oracle statement):
//!
//! - `ALTER SESSION`: left out with a `translate::session-tuning` warning
//!   when it only tunes how Oracle runs the session (parallel DML, sort
//!   areas, the PL/SQL compiler), refused with `translate::session-setting`
//!   when it changes what later statements give (NLS settings,
//!   CURRENT_SCHEMA, the time zone, anything not known to be tuning);
//! - TRUNCATE's `{DROP [ALL] | REUSE} STORAGE` and `{PRESERVE | PURGE}
//!   MATERIALIZED VIEW LOG`, dropped: they say what becomes of the freed
//!   space and of a materialized view log, neither of which a Redshift
//!   table has, not of any row; `CASCADE`, which empties the child tables
//!   too, is refused;
//! - DML error logging (`LOG ERRORS INTO`), refused: Oracle puts the rows
//!   that fail aside and carries on, where Redshift fails the statement;
//! - CREATE SEQUENCE's Oracle-only options (`NOCACHE`, `ORDER`, `NOCYCLE`,
//!   ...; sqlparser reads PostgreSQL's), dropped: eltc emits nothing for a
//!   sequence and keeps its name only, and none of them is a value it reads;
//! - partition-extended table names (`t PARTITION (p)`, `SUBPARTITION`,
//!   `PARTITION FOR (...)`) in queries and DML, refused: they restrict the
//!   statement to one partition's rows, and a Redshift table has none.
//!
//! ALTER SESSION: <https://docs.oracle.com/en/database/oracle/oracle-database/19/sqlrf/ALTER-SESSION.html>;
//! TRUNCATE TABLE: <https://docs.oracle.com/en/database/oracle/oracle-database/19/sqlrf/TRUNCATE-TABLE.html>;
//! error logging: the `error_logging_clause` of INSERT,
//! <https://docs.oracle.com/en/database/oracle/oracle-database/19/sqlrf/INSERT.html>;
//! CREATE SEQUENCE:
//! <https://docs.oracle.com/en/database/oracle/oracle-database/19/sqlrf/CREATE-SEQUENCE.html>;
//! partition extension: the `partition_extension_clause` of SELECT,
//! <https://docs.oracle.com/en/database/oracle/oracle-database/19/sqlrf/SELECT.html>.

use std::ops::Range;

use sqlparser::tokenizer::{Span as SqlSpan, Token, TokenWithSpan};

use super::parse::is_trivia;
use super::span::SqlSource;
use crate::diag::{Code, Diagnostic};

/// What to do with a statement's tokens.
pub(crate) enum Prepared {
    /// Parse these tokens (the statement's own, or with a clause dropped).
    Parse(Vec<TokenWithSpan>),
    /// Do not parse: this diagnostic says what became of the statement.
    Handled(Box<Diagnostic>),
}

/// Session parameters that change how Oracle plans, parallelises, compiles
/// or traces, and no result: `ALTER SESSION SET` of these alone is left out.
const TUNING_PARAMETERS: &[&str] = &[
    "commit_logging",
    "commit_wait",
    "commit_write",
    "cursor_sharing",
    "db_file_multiblock_read_count",
    "ddl_lock_timeout",
    "events",
    "hash_area_size",
    "max_dump_file_size",
    "optimizer_dynamic_sampling",
    "optimizer_features_enable",
    "optimizer_index_caching",
    "optimizer_index_cost_adj",
    "optimizer_mode",
    "parallel_degree_policy",
    "parallel_force_local",
    "parallel_min_time_threshold",
    "plsql_code_type",
    "plsql_debug",
    "plsql_optimize_level",
    "plsql_warnings",
    "recyclebin",
    "resumable_timeout",
    "session_cached_cursors",
    "skip_unusable_indexes",
    "sort_area_retained_size",
    "sort_area_size",
    "sql_trace",
    "star_transformation_enabled",
    "statistics_level",
    "timed_statistics",
    "tracefile_identifier",
    "workarea_size_policy",
];

/// The tokens of one Oracle statement (`range`: its text in `source`),
/// ready for the parser, or the diagnostic that replaces parsing it.
pub(crate) fn prepare(
    source: &SqlSource<'_>,
    range: &Range<usize>,
    chunk: Vec<TokenWithSpan>,
) -> Prepared {
    let words = significant(&chunk);
    let first = |n: usize| words.get(n).map(|&(_, word)| word);
    let handled = |diagnostic: Diagnostic| Prepared::Handled(Box::new(diagnostic));
    match first(0) {
        Some(w) if eq(w, "ALTER") && first(1).is_some_and(|w| eq(w, "SESSION")) => {
            handled(alter_session(source, range, &words))
        }
        Some(w) if eq(w, "TRUNCATE") => truncate(source, range, chunk),
        Some(w) if eq(w, "CREATE") && first(1).is_some_and(|w| eq(w, "SEQUENCE")) => {
            Prepared::Parse(sequence_options(chunk))
        }
        Some(w) if eq(w, "CREATE") => Prepared::Parse(super::oracle_table_attributes::strip(chunk)),
        Some(w)
            if ["SELECT", "WITH", "INSERT", "UPDATE", "DELETE", "MERGE"]
                .iter()
                .any(|dml| eq(w, dml))
                && let Some(at) = partition_extension(&chunk) =>
        {
            handled(
                Diagnostic::new(
                    Code::PartitionExtendedName,
                    source.span_or_whole(at),
                    "a partition-extended table name is not translated",
                )
                .label("only this partition's rows in Oracle")
                .help("Redshift tables have no partitions: say which rows with a WHERE on the partitioning column, as the partition's definition bounds it"),
            )
        }
        Some(w) if ["INSERT", "UPDATE", "DELETE", "MERGE"].iter().any(|dml| eq(w, dml)) => {
            match error_logging(&chunk) {
                Some(at) => handled(
                    Diagnostic::new(
                        Code::DmlErrorLogging,
                        source.span_or_whole(at),
                        "DML error logging (`LOG ERRORS INTO`) is not translated",
                    )
                    .label("rows that fail go to an error table in Oracle")
                    .help("Redshift fails the whole statement on one bad row: select only the rows that convert (or fix them) in the statement, and keep the others aside with a query of their own"),
                ),
                None => Prepared::Parse(chunk),
            }
        }
        _ => Prepared::Parse(chunk),
    }
}

/// A kind of Oracle statement eltc never translates, whose Oracle-only
/// clauses (`PARALLEL`, `LOCAL`, `PUBLIC`) sqlparser may not read: when
/// parsing fails, the statement is reported as not translated
/// (`translate::statement-form`, as when it parses) rather than as a
/// syntax error, so an assessment counts it by its kind.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct UntranslatedKind {
    /// `CREATE INDEX`, `DROP SYNONYM`, ...
    pub name: &'static str,
    /// What to do instead.
    pub help: &'static str,
}

const INDEX_HELP: &str = "Redshift has no indexes: the table's sort key and distribution key take their place; leave the statement out";
const SYNONYM_HELP: &str =
    "Redshift has no synonyms: name the table with its schema, or create a view";
const TRIGGER_HELP: &str = "Redshift has no triggers: run the trigger's work as a step of the load";
const TABLE_DDL_HELP: &str = "declare the table (columns, keys) in the pipeline's `tables:`: eltc writes its DDL, and `eltc plan` its changes";
const VIEW_HELP: &str = "eltc does not create views: make the view's query a transform, or keep its DDL outside the pipeline";

/// The words that may stand between CREATE and VIEW (`CREATE OR REPLACE
/// NOFORCE EDITIONABLE VIEW`, `CREATE MATERIALIZED VIEW`).
const VIEW_MODIFIERS: &[&str] = &[
    "OR",
    "REPLACE",
    "FORCE",
    "NO",
    "NOFORCE",
    "EDITIONABLE",
    "NONEDITIONABLE",
    "EDITIONING",
    "MATERIALIZED",
];

/// The kind of `chunk`'s statement when it is one of [`UntranslatedKind`]'s.
pub(crate) fn untranslated_kind(chunk: &[TokenWithSpan]) -> Option<UntranslatedKind> {
    let words = chunk
        .iter()
        .filter(|t| !is_trivia(&t.token))
        .take(5)
        .map(|t| match &t.token {
            Token::Word(word) if word.quote_style.is_none() => word.value.to_ascii_uppercase(),
            _ => String::new(),
        })
        .collect::<Vec<_>>();
    kind_of(&words)
}

/// `untranslated_kind` of a statement's text (its first words, as
/// separated by whitespace and parentheses).
pub fn untranslated_kind_of_text(text: &str) -> Option<UntranslatedKind> {
    let words = text
        .split(|c: char| c.is_whitespace() || c == '(' || c == ')')
        .filter(|w| !w.is_empty())
        .take(5)
        .map(str::to_ascii_uppercase)
        .collect::<Vec<_>>();
    kind_of(&words)
}

fn kind_of(words: &[String]) -> Option<UntranslatedKind> {
    let words: Vec<&str> = words.iter().map(String::as_str).collect();
    let view = |rest: &[&str]| {
        let modifiers = rest.iter().take_while(|w| VIEW_MODIFIERS.contains(w));
        let materialized = modifiers.clone().any(|&w| w == "MATERIALIZED");
        let is_view = rest.get(modifiers.count()) == Some(&"VIEW");
        is_view.then_some(materialized)
    };
    let (name, help) = match words.as_slice() {
        ["CREATE", "INDEX" | "UNIQUE" | "BITMAP", ..] => ("CREATE INDEX", INDEX_HELP),
        ["ALTER", "INDEX", ..] => ("ALTER INDEX", INDEX_HELP),
        ["DROP", "INDEX", ..] => ("DROP INDEX", INDEX_HELP),
        ["CREATE", "SYNONYM" | "PUBLIC", ..]
        | ["CREATE", "OR", "REPLACE", "SYNONYM" | "PUBLIC", ..] => ("CREATE SYNONYM", SYNONYM_HELP),
        ["DROP", "SYNONYM" | "PUBLIC", ..] => ("DROP SYNONYM", SYNONYM_HELP),
        ["ALTER", "TRIGGER", ..] => ("ALTER TRIGGER", TRIGGER_HELP),
        ["DROP", "TRIGGER", ..] => ("DROP TRIGGER", TRIGGER_HELP),
        // Oracle's DROP TABLE ... CASCADE CONSTRAINTS [PURGE], ALTER TABLE
        // with storage clauses: eltc writes a table's DDL from the spec.
        ["DROP", "TABLE", ..] => ("DROP TABLE", TABLE_DDL_HELP),
        ["ALTER", "TABLE", ..] => ("ALTER TABLE", TABLE_DDL_HELP),
        // A view WITH READ ONLY (or another Oracle-only clause).
        ["CREATE", rest @ ..] if view(rest) == Some(false) => ("CREATE VIEW", VIEW_HELP),
        ["CREATE", rest @ ..] if view(rest) == Some(true) => {
            ("CREATE MATERIALIZED VIEW", VIEW_HELP)
        }
        _ => return None,
    };
    Some(UntranslatedKind { name, help })
}

/// The `translate::statement-form` diagnostic of a statement of `kind`.
pub(crate) fn not_translated(
    source: &SqlSource<'_>,
    range: &Range<usize>,
    kind: UntranslatedKind,
) -> Diagnostic {
    Diagnostic::new(
        Code::StatementForm,
        source.range(range.clone()),
        format!("`{}` statements are not translated", kind.name),
    )
    .label("this statement")
    .help(kind.help)
}

/// The significant tokens of `chunk` as (index, text): a word's value, a
/// symbol's text (`=`, `(`), so statements are matched word by word.
fn significant(chunk: &[TokenWithSpan]) -> Vec<(usize, &str)> {
    chunk
        .iter()
        .enumerate()
        .filter(|(_, t)| !is_trivia(&t.token))
        .map(|(i, t)| {
            let text = match &t.token {
                Token::Word(word) if word.quote_style.is_none() => word.value.as_str(),
                Token::Eq => "=",
                Token::LParen => "(",
                Token::RParen => ")",
                Token::SemiColon => ";",
                _ => "",
            };
            (i, text)
        })
        .collect()
}

fn eq(word: &str, keyword: &str) -> bool {
    word.eq_ignore_ascii_case(keyword)
}

/// `ALTER SESSION ...`: a tuning warning or a refusal.
fn alter_session(
    source: &SqlSource<'_>,
    range: &Range<usize>,
    words: &[(usize, &str)],
) -> Diagnostic {
    let span = source.range(range.clone());
    let shown: String = source.text[range.clone()]
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    let word = |n: usize| words.get(n).map_or("", |&(_, w)| w);
    let changes = match word(2).to_ascii_uppercase().as_str() {
        // ENABLE/DISABLE/FORCE PARALLEL DML|DDL|QUERY, {ENABLE|DISABLE}
        // RESUMABLE: how Oracle runs statements, not what they give.
        "ENABLE" | "DISABLE" | "FORCE" => {
            (!["PARALLEL", "RESUMABLE"].iter().any(|w| eq(word(3), w))).then(|| word(3).to_string())
        }
        // Advice for in-doubt distributed transactions; closing a database
        // link (links are refused where they are used).
        "ADVISE" | "CLOSE" => None,
        "SET" => {
            let mut set = words.windows(2).skip(2).filter(|pair| pair[1].1 == "=");
            match set.clone().next() {
                // `SET EVENTS '...'` (tracing) is the one form without `=`;
                // any other is refused rather than taken for tuning.
                None if eq(word(3), "EVENTS") => None,
                None => Some(word(3).to_string()),
                Some(_) => set
                    .find(|pair| !TUNING_PARAMETERS.iter().any(|p| eq(pair[0].1, p)))
                    .map(|pair| pair[0].1.to_string()),
            }
        }
        other => Some(other.to_string()),
    };
    match changes {
        None => Diagnostic::new(
            Code::SessionTuning,
            span,
            format!("`{shown}` left out: it tunes how Oracle runs the session and changes no data"),
        )
        .label("left out")
        .help("nothing to do: Redshift plans and parallelises statements itself; acknowledge the warning with `allow:` in a pipeline"),
        Some(what) => Diagnostic::new(
            Code::SessionSetting,
            span,
            format!("`{shown}` is not translated: `{}` changes what later statements do", what.to_uppercase()),
        )
        .label("not translated")
        .help("state in each statement what the setting implied (a TO_CHAR/TO_DATE format, a schema-qualified name), then remove the ALTER SESSION"),
    }
}

/// TRUNCATE with its storage and materialized-view-log clauses dropped, or
/// the refusal of CASCADE.
fn truncate(
    source: &SqlSource<'_>,
    range: &Range<usize>,
    mut chunk: Vec<TokenWithSpan>,
) -> Prepared {
    let words = significant(&chunk);
    let mut end = words.len();
    if words[..end].last().is_some_and(|&(_, w)| w == ";") {
        end -= 1;
    }
    let ends_with = |end: usize, tail: &[&str]| {
        end >= tail.len() + 2
            && words[end - tail.len()..end]
                .iter()
                .zip(tail)
                .all(|(&(_, w), expected)| eq(w, expected))
    };
    // TRUNCATE TABLE name CASCADE: a table named `cascade` is a table.
    if end >= 4 && eq(words[end - 1].1, "CASCADE") {
        let span = source
            .span(chunk[words[end - 1].0].span)
            .unwrap_or_else(|| source.range(range.clone()));
        return Prepared::Handled(Box::new(
            Diagnostic::new(
                Code::StatementForm,
                span,
                "TRUNCATE ... CASCADE (it empties the tables whose foreign keys reference this one too) is not translated",
            )
            .label("not translated")
            .help("truncate each child table by name first, then this one; Redshift does not enforce foreign keys, so it cannot find them"),
        ));
    }
    let mut cut = None;
    for tail in [
        &["DROP", "ALL", "STORAGE"][..],
        &["DROP", "STORAGE"],
        &["REUSE", "STORAGE"],
    ] {
        if ends_with(end, tail) {
            end -= tail.len();
            cut = Some(words[end].0);
            break;
        }
    }
    for tail in [
        &["PRESERVE", "MATERIALIZED", "VIEW", "LOG"][..],
        &["PURGE", "MATERIALIZED", "VIEW", "LOG"],
    ] {
        if ends_with(end, tail) {
            end -= tail.len();
            cut = Some(words[end].0);
            break;
        }
    }
    if let Some(cut) = cut {
        chunk.truncate(cut);
    }
    Prepared::Parse(chunk)
}

/// Where `LOG ERRORS` stands outside parentheses, if the statement has it.
fn error_logging(chunk: &[TokenWithSpan]) -> Option<SqlSpan> {
    let mut depth = 0usize;
    let mut previous_log: Option<&TokenWithSpan> = None;
    for token in chunk {
        match &token.token {
            Token::LParen => depth += 1,
            Token::RParen => depth = depth.saturating_sub(1),
            _ => {}
        }
        if is_trivia(&token.token) {
            continue;
        }
        let word = match &token.token {
            Token::Word(word) if word.quote_style.is_none() && depth == 0 => word.value.as_str(),
            _ => "",
        };
        if let Some(log) = previous_log
            && eq(word, "ERRORS")
        {
            return Some(SqlSpan::new(log.span.start, token.span.end));
        }
        previous_log = eq(word, "LOG").then_some(token);
    }
    None
}

/// CREATE SEQUENCE's options that Oracle has and PostgreSQL's grammar (the
/// one sqlparser reads) does not; each is a default or says how Oracle
/// caches, orders or shares the numbers, never which number comes next.
const ORACLE_SEQUENCE_OPTIONS: &[&str] = &[
    "NOCACHE",
    "ORDER",
    "NOORDER",
    "NOCYCLE",
    "NOMAXVALUE",
    "NOMINVALUE",
    "KEEP",
    "NOKEEP",
    "SCALE",
    "NOSCALE",
    "EXTEND",
    "NOEXTEND",
    "SHARD",
    "NOSHARD",
    "GLOBAL",
    "SESSION",
];

/// `CREATE SEQUENCE name ...` without [`ORACLE_SEQUENCE_OPTIONS`] after its
/// name.
fn sequence_options(chunk: Vec<TokenWithSpan>) -> Vec<TokenWithSpan> {
    let words = significant(&chunk);
    // CREATE SEQUENCE name [. name]: the options start after.
    let mut after = 3;
    while words
        .get(after)
        .is_some_and(|&(i, _)| chunk[i].token == Token::Period)
    {
        after += 2;
    }
    let Some(&(from, _)) = words.get(after) else {
        return chunk;
    };
    let oracle_only = |token: &Token| {
        matches!(token, Token::Word(w) if w.quote_style.is_none()
            && ORACLE_SEQUENCE_OPTIONS.iter().any(|o| w.value.eq_ignore_ascii_case(o)))
    };
    chunk
        .into_iter()
        .enumerate()
        .filter(|(i, t)| *i < from || !oracle_only(&t.token))
        .map(|(_, t)| t)
        .collect()
}

/// Where a table name's partition extension stands, if the statement has
/// one: `PARTITION` or `SUBPARTITION` right after a name, then `(` or `FOR
/// (`, to its closing parenthesis. After a name only, so that `OVER
/// (PARTITION BY ...)` is not one.
fn partition_extension(chunk: &[TokenWithSpan]) -> Option<SqlSpan> {
    let tokens: Vec<&TokenWithSpan> = chunk.iter().filter(|t| !is_trivia(&t.token)).collect();
    let is_word = |i: usize, keyword: &str| matches!(&tokens[i].token, Token::Word(w) if w.quote_style.is_none() && eq(&w.value, keyword));
    for i in 1..tokens.len() {
        if !(is_word(i, "PARTITION") || is_word(i, "SUBPARTITION"))
            || !matches!(tokens[i - 1].token, Token::Word(_))
        {
            continue;
        }
        let open = if i + 2 < tokens.len() && is_word(i + 1, "FOR") {
            i + 2
        } else {
            i + 1
        };
        if !matches!(tokens.get(open).map(|t| &t.token), Some(Token::LParen)) {
            continue;
        }
        let mut depth = 0usize;
        let mut end = tokens[open].span.end;
        for token in &tokens[open..] {
            end = token.span.end;
            match token.token {
                Token::LParen => depth += 1,
                Token::RParen => depth -= 1,
                _ => {}
            }
            if depth == 0 {
                break;
            }
        }
        return Some(SqlSpan::new(tokens[i].span.start, end));
    }
    None
}

#[cfg(test)]
mod tests {
    use crate::diag::{Code, Severity, SourceMap};
    use crate::spec::model::Dialect;
    use crate::sql::parse::parse_statements;
    use crate::sql::span::SqlSource;

    /// A diagnostic's code, severity, message and the text it points at.
    type Seen = (Code, Severity, String, String);

    /// The statements parsed from Oracle `text`, and its diagnostics.
    fn parse(text: &str) -> (Vec<String>, Vec<Seen>) {
        let mut map = SourceMap::new();
        let file = map.add("t.sql", text.to_string());
        let source = SqlSource::new(file, 0, map.text(file));
        let (statements, diagnostics) = parse_statements(&source, Dialect::Oracle);
        let statements = statements.iter().map(|s| s.statement.to_string()).collect();
        let diagnostics = diagnostics
            .into_iter()
            .map(|d| {
                let at = text[d.primary.span.range.clone()].to_string();
                (d.code, d.severity, d.message, at)
            })
            .collect();
        (statements, diagnostics)
    }

    #[test]
    fn truncate_loses_its_storage_and_view_log_clauses_only() {
        for text in [
            "TRUNCATE TABLE st.t REUSE STORAGE",
            "truncate table st.t drop storage",
            "TRUNCATE TABLE st.t DROP ALL STORAGE;",
            "TRUNCATE TABLE st.t PURGE MATERIALIZED VIEW LOG",
            "TRUNCATE TABLE st.t PRESERVE MATERIALIZED VIEW LOG REUSE STORAGE",
        ] {
            let (statements, diagnostics) = parse(text);
            assert_eq!(statements, ["TRUNCATE TABLE st.t"], "{text}");
            assert!(diagnostics.is_empty(), "{text}: {diagnostics:?}");
        }
        // A table named like a clause word is the table.
        let (statements, _) = parse("TRUNCATE TABLE storage");
        assert_eq!(statements, ["TRUNCATE TABLE storage"]);
        let (_, diagnostics) = parse("TRUNCATE TABLE cascade");
        assert!(
            !diagnostics.iter().any(|d| d.0 == Code::StatementForm),
            "{diagnostics:?}"
        );
    }

    #[test]
    fn truncate_cascade_is_refused() {
        let (statements, diagnostics) = parse("TRUNCATE TABLE st.parent DROP STORAGE CASCADE;");
        assert!(statements.is_empty());
        assert_eq!(diagnostics.len(), 1);
        assert_eq!(diagnostics[0].0, Code::StatementForm);
        assert_eq!(diagnostics[0].3, "CASCADE");
    }

    #[test]
    fn alter_session_is_left_out_when_it_tunes_and_refused_when_it_changes_results() {
        for text in [
            "ALTER SESSION ENABLE PARALLEL DML",
            "alter session force parallel query parallel 4",
            "ALTER SESSION SET plsql_code_type = native",
            "ALTER SESSION SET sort_area_size = 100000000 hash_area_size = 100000000",
            "ALTER SESSION ENABLE RESUMABLE TIMEOUT 3600",
            "alter session set events '10046 trace name context forever, level 12'",
        ] {
            let (statements, diagnostics) = parse(text);
            assert!(statements.is_empty(), "{text}");
            assert_eq!(diagnostics.len(), 1, "{text}");
            let (code, severity, message, at) = &diagnostics[0];
            assert_eq!(
                (*code, *severity),
                (Code::SessionTuning, Severity::Warning),
                "{text}"
            );
            assert!(message.contains("left out"), "{message}");
            assert_eq!(at, text);
        }
        for (text, named) in [
            (
                "ALTER SESSION SET NLS_DATE_FORMAT = 'DD.MM.YYYY'",
                "NLS_DATE_FORMAT",
            ),
            (
                "ALTER SESSION SET sort_area_size = 1 current_schema = dw",
                "CURRENT_SCHEMA",
            ),
            ("ALTER SESSION SET TIME_ZONE = 'Europe/Berlin'", "TIME_ZONE"),
            ("ALTER SESSION DISABLE COMMIT IN PROCEDURE", "COMMIT"),
            (
                "ALTER SESSION SET ISOLATION_LEVEL SERIALIZABLE",
                "ISOLATION_LEVEL",
            ),
        ] {
            let (statements, diagnostics) = parse(text);
            assert!(statements.is_empty(), "{text}");
            let (code, severity, message, _) = &diagnostics[0];
            assert_eq!(
                (*code, *severity),
                (Code::SessionSetting, Severity::Error),
                "{text}"
            );
            assert!(message.contains(&format!("`{named}` changes")), "{message}");
        }
    }

    #[test]
    fn ddl_eltc_never_translates_that_does_not_parse_is_refused_by_its_kind() {
        for (text, kind) in [
            (
                "CREATE UNIQUE INDEX pk_f ON dw.f (id) PARALLEL 32",
                "CREATE INDEX",
            ),
            (
                "CREATE INDEX ix_f ON dw.f (day) LOCAL NOLOGGING",
                "CREATE INDEX",
            ),
            ("ALTER INDEX pk_f NOPARALLEL", "ALTER INDEX"),
            (
                "CREATE OR REPLACE PUBLIC SYNONYM rfs FOR dw.pkg",
                "CREATE SYNONYM",
            ),
            ("DROP TRIGGER dw.tr_f", "DROP TRIGGER"),
            (
                "DROP TABLE u_sa.customers CASCADE CONSTRAINTS PURGE",
                "DROP TABLE",
            ),
            (
                "ALTER TABLE dw.f ADD CONSTRAINT pk_f PRIMARY KEY (id) USING INDEX TABLESPACE idx",
                "ALTER TABLE",
            ),
            ("ALTER TABLE dw.f NOLOGGING", "ALTER TABLE"),
            (
                "CREATE OR REPLACE FORCE VIEW dw.v AS SELECT id FROM dw.f WITH READ ONLY",
                "CREATE VIEW",
            ),
            (
                "CREATE MATERIALIZED VIEW dw.mv BUILD IMMEDIATE AS SELECT id FROM dw.f",
                "CREATE MATERIALIZED VIEW",
            ),
        ] {
            let (statements, diagnostics) = parse(text);
            assert!(statements.is_empty(), "{text}");
            assert_eq!(diagnostics.len(), 1, "{text}");
            assert_eq!(diagnostics[0].0, Code::StatementForm, "{text}");
            assert_eq!(
                diagnostics[0].2,
                format!("`{kind}` statements are not translated")
            );
            assert_eq!(diagnostics[0].3, text);
        }
        // Another statement that does not parse is still a syntax error,
        // also a table named `view`.
        for text in [
            "INSERT INTO dw.f VALUES (",
            "CREATE TABLE view (id NUMBER,)",
        ] {
            let (_, diagnostics) = parse(text);
            assert_eq!(diagnostics[0].0, Code::SqlParse, "{text}");
        }
    }

    #[test]
    fn dml_error_logging_is_refused_where_it_is_written() {
        let (statements, diagnostics) = parse(
            "INSERT INTO dw.t (id) SELECT id FROM st.t LOG ERRORS INTO err$_t ('daily') REJECT LIMIT UNLIMITED",
        );
        assert!(statements.is_empty());
        assert_eq!(diagnostics.len(), 1);
        assert_eq!(diagnostics[0].0, Code::DmlErrorLogging);
        assert_eq!(diagnostics[0].3, "LOG ERRORS");
        // Columns named log and errors are columns.
        let (statements, diagnostics) =
            parse("INSERT INTO dw.t (a, b) SELECT log, errors FROM st.t");
        assert_eq!(statements.len(), 1, "{diagnostics:?}");
        assert!(diagnostics.is_empty(), "{diagnostics:?}");
    }

    #[test]
    fn oracle_sequence_options_are_dropped() {
        let (statements, diagnostics) = parse(
            "CREATE SEQUENCE dw.order_seq MINVALUE 1 MAXVALUE 999999 START WITH 10 INCREMENT BY 5 NOCACHE NOORDER NOCYCLE",
        );
        assert!(diagnostics.is_empty(), "{diagnostics:?}");
        assert_eq!(statements.len(), 1);
        let printed = &statements[0];
        assert!(
            printed.starts_with("CREATE SEQUENCE dw.order_seq"),
            "{printed}"
        );
        assert!(
            printed.contains("START WITH 10") && printed.contains("INCREMENT BY 5"),
            "{printed}"
        );
        assert!(!printed.contains("NOCACHE"), "{printed}");
        // A sequence named like an option keeps its name.
        let (statements, diagnostics) = parse("CREATE SEQUENCE keep NOCACHE");
        assert!(diagnostics.is_empty(), "{diagnostics:?}");
        assert_eq!(statements, ["CREATE SEQUENCE keep"]);
    }

    #[test]
    fn partition_extended_names_are_refused_where_they_are_written() {
        for (text, at) in [
            ("SELECT MAX(id) FROM dw.t PARTITION (p1)", "PARTITION (p1)"),
            (
                "DELETE FROM dw.t PARTITION (p1) WHERE id > 0",
                "PARTITION (p1)",
            ),
            ("UPDATE dw.t PARTITION (p1) SET id = 1", "PARTITION (p1)"),
            (
                "INSERT INTO dw.t PARTITION FOR (DATE '2020-01-01') (id) VALUES (1)",
                "PARTITION FOR (DATE '2020-01-01')",
            ),
            (
                "UPDATE dw.l SET m = (SELECT MAX(id) FROM dw.t subpartition (s1) x)",
                "subpartition (s1)",
            ),
            (
                "WITH a AS (SELECT id FROM dw.t PARTITION FOR (1, ('a'))) SELECT id FROM a",
                "PARTITION FOR (1, ('a'))",
            ),
        ] {
            let (statements, diagnostics) = parse(text);
            assert!(statements.is_empty(), "{text}");
            assert_eq!(diagnostics.len(), 1, "{text}: {diagnostics:?}");
            assert_eq!(diagnostics[0].0, Code::PartitionExtendedName, "{text}");
            assert_eq!(diagnostics[0].3, at, "{text}");
        }
        // Analytic and pattern partitions, and a column named partition, are not.
        for text in [
            "SELECT COUNT(*) OVER (PARTITION BY part) FROM dw.t",
            "SELECT partition FROM dw.t",
            "SELECT ROW_NUMBER() OVER (PARTITION BY a ORDER BY b) rn FROM dw.t",
        ] {
            let (statements, diagnostics) = parse(text);
            assert_eq!(statements.len(), 1, "{text}: {diagnostics:?}");
            assert!(diagnostics.is_empty(), "{text}: {diagnostics:?}");
        }
    }
}
