//! Oracle CREATE TABLE's physical attributes, which sqlparser does not read,
//! taken out of the statement's tokens before it is parsed: how Oracle
//! stores the table's blocks (`PCTFREE`, `INITRANS`, `STORAGE (...)`,
//! `TABLESPACE`), logs, caches, compresses and scans it in parallel,
//! whether rows may move between partitions, how it is partitioned
//! (`PARTITION BY ...`), and the `ENABLE` / `USING INDEX ...` states of its
//! constraints. None of them decides which rows the table holds or what
//! its columns are, and a Redshift table has none of them (it distributes
//! and sorts instead), so dropping them keeps the table's meaning, as
//! TRUNCATE's storage clause is dropped (`oracle_clauses`).
//!
//! A column's `CHAR(n BYTE)` becomes `CHAR(n)`, which sqlparser reads: BYTE
//! is the unit Oracle takes by default and the one Redshift's CHAR counts.
//! `CHAR(n CHAR)` becomes the standard `CHAR(n CHARACTERS)`, which sqlparser
//! reads and `ddl::map_type` maps with its own warning.
//!
//! What could change rows is kept for the parser to read or refuse: a
//! constraint `DISABLE`d (not enforced in Oracle), `ON COMMIT` of a
//! temporary table, the query of CREATE TABLE AS SELECT. Anything not
//! listed here stops the stripping, so the parser sees it and reports it.
//!
//! Oracle, CREATE TABLE (physical_properties, table_properties,
//! constraint_state):
//! <https://docs.oracle.com/en/database/oracle/oracle-database/19/sqlrf/CREATE-TABLE.html>.

use sqlparser::tokenizer::{Token, TokenWithSpan};

use super::parse::is_trivia;

/// Attributes that are one word.
const SINGLE_WORDS: &[&str] = &[
    "LOGGING",
    "NOLOGGING",
    "CACHE",
    "NOCACHE",
    "MONITORING",
    "NOMONITORING",
    "ROWDEPENDENCIES",
    "NOROWDEPENDENCIES",
    "NOCOMPRESS",
    "NOPARALLEL",
];

/// Attributes that are a word and a number.
const WITH_NUMBER: &[&str] = &["PCTFREE", "PCTUSED", "INITRANS", "MAXTRANS"];

/// `chunk` (a `CREATE [GLOBAL TEMPORARY] TABLE` statement's tokens) without
/// its physical attributes; other statements unchanged.
pub(crate) fn strip(mut chunk: Vec<TokenWithSpan>) -> Vec<TokenWithSpan> {
    let sig: Vec<usize> = (0..chunk.len())
        .filter(|&i| !is_trivia(&chunk[i].token))
        .collect();
    let is = |k: usize, keyword: &str| is_word(&chunk, &sig, k, keyword);
    let Some(table) = (1..4.min(sig.len())).find(|&k| is(k, "TABLE")) else {
        return chunk;
    };
    if !is(0, "CREATE") {
        return chunk;
    }
    let mut drop = vec![false; sig.len()];
    let mut in_characters = Vec::new();
    let mut k = table + 2;
    // Past the name: the column list, its constraints' states stripped.
    while matches!(token(&chunk, &sig, k), Some(Token::Period)) {
        k += 2;
    }
    if matches!(sig.get(k).map(|&i| &chunk[i].token), Some(Token::LParen)) {
        k = column_list(&chunk, &sig, k, &mut drop, &mut in_characters);
    }
    table_attributes(&chunk, &sig, k, &mut drop);
    for &k in &in_characters {
        chunk[sig[k]].token = Token::make_keyword("CHARACTERS");
    }
    if !drop.contains(&true) {
        return chunk;
    }
    let dropped: Vec<bool> = {
        let mut mask = vec![false; chunk.len()];
        for (k, &i) in sig.iter().enumerate() {
            if drop[k] {
                mask[i] = true;
            }
        }
        mask
    };
    chunk
        .into_iter()
        .zip(dropped)
        .filter_map(|(token, dropped)| (!dropped).then_some(token))
        .collect()
}

/// Whether the `k`th significant token is the unquoted word `keyword`
/// (upper case); without allocating, as every column's tokens are looked at.
fn is_word(chunk: &[TokenWithSpan], sig: &[usize], k: usize, keyword: &str) -> bool {
    matches!(sig.get(k).map(|&i| &chunk[i].token),
        Some(Token::Word(w)) if w.quote_style.is_none() && w.value.eq_ignore_ascii_case(keyword))
}

/// The `k`th significant token in upper case when it is an unquoted word,
/// else empty.
fn upper(chunk: &[TokenWithSpan], sig: &[usize], k: usize) -> String {
    match sig.get(k).map(|&i| &chunk[i].token) {
        Some(Token::Word(w)) if w.quote_style.is_none() => w.value.to_ascii_uppercase(),
        _ => String::new(),
    }
}

fn token<'a>(chunk: &'a [TokenWithSpan], sig: &[usize], k: usize) -> Option<&'a Token> {
    sig.get(k).map(|&i| &chunk[i].token)
}

/// The index past the parenthesised group opening at `k` (or `k` when no
/// group opens there).
fn past_group(chunk: &[TokenWithSpan], sig: &[usize], k: usize) -> usize {
    if !matches!(token(chunk, sig, k), Some(Token::LParen)) {
        return k;
    }
    let mut depth = 0usize;
    for j in k..sig.len() {
        match token(chunk, sig, j) {
            Some(Token::LParen) => depth += 1,
            Some(Token::RParen) => {
                depth -= 1;
                if depth == 0 {
                    return j + 1;
                }
            }
            _ => {}
        }
    }
    sig.len()
}

/// Marks the constraint states in the column list opening at `open`
/// (`ENABLE [VALIDATE | NOVALIDATE]`, `USING INDEX ...` up to the item's
/// end or a state) and a `CHAR(n BYTE)`'s unit in `drop`, and a `CHAR(n
/// CHAR)`'s unit in `in_characters`; returns the index past its closing
/// parenthesis.
fn column_list(
    chunk: &[TokenWithSpan],
    sig: &[usize],
    open: usize,
    drop: &mut [bool],
    in_characters: &mut Vec<usize>,
) -> usize {
    let end = past_group(chunk, sig, open);
    let is_comma = |k: usize| matches!(token(chunk, sig, k), Some(Token::Comma));
    // Walks the list's own level; groups (types, key columns) are stepped over.
    let mut k = open + 1;
    let mut item_start = true;
    while k + 1 < end {
        if is_comma(k) {
            item_start = true;
            k += 1;
            continue;
        }
        let is = |k: usize, keyword: &str| is_word(chunk, sig, k, keyword);
        if !item_start && is(k, "ENABLE") {
            drop[k] = true;
            k += 1;
            if is(k, "VALIDATE") || is(k, "NOVALIDATE") {
                drop[k] = true;
                k += 1;
            }
            continue;
        }
        if !item_start && is(k, "USING") && is(k + 1, "INDEX") {
            while k + 1 < end && !is_comma(k) && !is(k, "ENABLE") && !is(k, "DISABLE") {
                let next = past_group(chunk, sig, k).max(k + 1);
                drop[k..next].iter_mut().for_each(|d| *d = true);
                k = next;
            }
            continue;
        }
        if !item_start
            && is(k, "CHAR")
            && matches!(token(chunk, sig, k + 1), Some(Token::LParen))
            && matches!(token(chunk, sig, k + 2), Some(Token::Number(..)))
            && matches!(token(chunk, sig, k + 4), Some(Token::RParen))
        {
            if is(k + 3, "BYTE") {
                drop[k + 3] = true;
            } else if is(k + 3, "CHAR") {
                in_characters.push(k + 3);
            }
        }
        item_start = false;
        k = past_group(chunk, sig, k).max(k + 1);
    }
    end
}

/// Marks the table attributes from `k` on, stopping at `AS`, `ON`, the end,
/// or anything not known to be physical.
fn table_attributes(chunk: &[TokenWithSpan], sig: &[usize], mut k: usize, drop: &mut [bool]) {
    let is_number = |k: usize| matches!(token(chunk, sig, k), Some(Token::Number(..)));
    while k < sig.len() {
        let word = upper(chunk, sig, k);
        let next = upper(chunk, sig, k + 1);
        let end = match word.as_str() {
            w if SINGLE_WORDS.contains(&w) => k + 1,
            w if WITH_NUMBER.contains(&w) && is_number(k + 1) => k + 2,
            "TABLESPACE" if !next.is_empty() => k + 2,
            "STORAGE" | "RESULT_CACHE"
                if matches!(token(chunk, sig, k + 1), Some(Token::LParen)) =>
            {
                past_group(chunk, sig, k + 1)
            }
            "PARALLEL" if is_number(k + 1) => k + 2,
            "PARALLEL" => past_group(chunk, sig, k + 1),
            "COMPRESS" => compression(chunk, sig, k + 1),
            "ROW" if next == "STORE" && upper(chunk, sig, k + 2) == "COMPRESS" => {
                compression(chunk, sig, k + 3)
            }
            "ENABLE" | "DISABLE" if next == "ROW" && upper(chunk, sig, k + 2) == "MOVEMENT" => {
                k + 3
            }
            "SEGMENT"
                if next == "CREATION"
                    && matches!(upper(chunk, sig, k + 2).as_str(), "IMMEDIATE" | "DEFERRED") =>
            {
                k + 3
            }
            "PARTITION" if next == "BY" => partitioning(chunk, sig, k + 2),
            _ => return,
        };
        drop[k..end].iter_mut().for_each(|d| *d = true);
        k = end;
    }
}

/// Past a compression clause's options (`BASIC`, `ADVANCED`, a number,
/// `FOR OLTP`, `FOR QUERY HIGH`, ...), from `k`.
fn compression(chunk: &[TokenWithSpan], sig: &[usize], k: usize) -> usize {
    match upper(chunk, sig, k).as_str() {
        "BASIC" | "ADVANCED" => k + 1,
        "FOR" => {
            let mut j = k + 1;
            while matches!(
                upper(chunk, sig, j).as_str(),
                "OLTP"
                    | "ALL"
                    | "DIRECT_LOAD"
                    | "OPERATIONS"
                    | "QUERY"
                    | "ARCHIVE"
                    | "LOW"
                    | "HIGH"
            ) {
                j += 1;
            }
            j
        }
        _ if matches!(token(chunk, sig, k), Some(Token::Number(..))) => k + 1,
        _ => k,
    }
}

/// Past a partitioning clause (from after `PARTITION BY`): its words and
/// groups up to `AS`, `ON` or the end at its level, or up to a table
/// attribute that follows it (`ENABLE ROW MOVEMENT`).
fn partitioning(chunk: &[TokenWithSpan], sig: &[usize], mut k: usize) -> usize {
    while k < sig.len() {
        let word = upper(chunk, sig, k);
        if matches!(word.as_str(), "AS" | "ON")
            || matches!(token(chunk, sig, k), Some(Token::SemiColon))
            || (matches!(word.as_str(), "ENABLE" | "DISABLE") && upper(chunk, sig, k + 1) == "ROW")
        {
            return k;
        }
        k = past_group(chunk, sig, k).max(k + 1);
    }
    k
}

#[cfg(test)]
mod tests {
    use crate::diag::SourceMap;
    use crate::spec::model::Dialect;
    use crate::sql::parse::parse_statements;
    use crate::sql::span::SqlSource;

    /// The statements parsed from Oracle `text` (printed), and the codes raised.
    fn parse(text: &str) -> (Vec<String>, Vec<String>) {
        let mut map = SourceMap::new();
        let file = map.add("t.sql", text.to_string());
        let source = SqlSource::new(file, 0, map.text(file));
        let (statements, diagnostics) = parse_statements(&source, Dialect::Oracle);
        (
            statements.iter().map(|s| s.statement.to_string()).collect(),
            diagnostics.iter().map(|d| d.message.clone()).collect(),
        )
    }

    #[test]
    fn physical_attributes_are_dropped_and_the_table_kept() {
        let plain = "CREATE TABLE dw.t (id NUMBER(9) NOT NULL, name VARCHAR2(10), CONSTRAINT t_pk PRIMARY KEY (id))";
        let (expected, none) = parse(plain);
        assert!(none.is_empty(), "{none:?}");
        for text in [
            "CREATE TABLE dw.t (id NUMBER(9) NOT NULL ENABLE, name VARCHAR2(10), CONSTRAINT t_pk PRIMARY KEY (id) USING INDEX TABLESPACE idx PCTFREE 10 ENABLE) PCTFREE 0 PCTUSED 40 INITRANS 1 MAXTRANS 255 NOCOMPRESS LOGGING STORAGE (INITIAL 65536 NEXT 1048576 BUFFER_POOL DEFAULT) TABLESPACE users",
            "CREATE TABLE dw.t (id NUMBER(9) NOT NULL ENABLE NOVALIDATE, name VARCHAR2(10), CONSTRAINT t_pk PRIMARY KEY (id) USING INDEX (CREATE UNIQUE INDEX dw.t_pk ON dw.t (id) TABLESPACE idx)) NOLOGGING NOCACHE PARALLEL 8 COMPRESS FOR QUERY HIGH",
            "CREATE TABLE dw.t (id NUMBER(9) NOT NULL, name VARCHAR2(10), CONSTRAINT t_pk PRIMARY KEY (id)) ROW STORE COMPRESS ADVANCED SEGMENT CREATION DEFERRED PARTITION BY RANGE (id) INTERVAL (1000) (PARTITION p0 VALUES LESS THAN (1000) TABLESPACE a, PARTITION p1 VALUES LESS THAN (MAXVALUE)) ENABLE ROW MOVEMENT",
            "CREATE TABLE dw.t (id NUMBER(9) NOT NULL, name VARCHAR2(10), CONSTRAINT t_pk PRIMARY KEY (id)) PARTITION BY LIST (name) SUBPARTITION BY HASH (id) SUBPARTITIONS 4 (PARTITION p_ak VALUES ('AK'), PARTITION p_def VALUES (DEFAULT)) PARALLEL (DEGREE 4)",
        ] {
            let (statements, diagnostics) = parse(text);
            assert!(diagnostics.is_empty(), "{text}: {diagnostics:?}");
            assert_eq!(statements, expected, "{text}");
        }
    }

    #[test]
    fn a_char_length_in_bytes_is_the_plain_length_and_in_characters_the_standard_unit() {
        let (statements, diagnostics) =
            parse("CREATE TABLE dw.t (code CHAR(3 BYTE) NOT NULL, flag CHAR(1))");
        assert!(diagnostics.is_empty(), "{diagnostics:?}");
        assert_eq!(
            statements,
            ["CREATE TABLE dw.t (code CHAR(3) NOT NULL, flag CHAR(1))"]
        );
        // In characters: the standard unit, which sqlparser reads (and
        // `ddl::map_type` maps with a warning of its own).
        let (statements, diagnostics) =
            parse("CREATE TABLE dw.t (code CHAR(3 CHAR) NOT NULL, char CHAR(2 CHAR))");
        assert!(diagnostics.is_empty(), "{diagnostics:?}");
        assert_eq!(
            statements,
            ["CREATE TABLE dw.t (code CHAR(3 CHARACTERS) NOT NULL, char CHAR(2 CHARACTERS))"]
        );
    }

    #[test]
    fn what_could_change_rows_is_left_to_the_parser() {
        // A disabled constraint is not enforced in Oracle: not stripped, so
        // not translated as an enforced NOT NULL.
        let (statements, diagnostics) =
            parse("CREATE TABLE dw.t (id NUMBER(9) NOT NULL DISABLE) TABLESPACE users");
        assert!(statements.is_empty());
        assert_eq!(diagnostics.len(), 1);
        // A column named enable, or a table named partition, stays.
        let (statements, diagnostics) =
            parse("CREATE TABLE dw.t (enable NUMBER(1), logging VARCHAR2(3)) NOLOGGING");
        assert!(diagnostics.is_empty(), "{diagnostics:?}");
        assert_eq!(
            statements,
            ["CREATE TABLE dw.t (enable NUMBER(1), logging VARCHAR2(3))"]
        );
        // The query of CREATE TABLE AS SELECT is kept after the attributes.
        let (statements, diagnostics) =
            parse("CREATE TABLE dw.t NOLOGGING PARALLEL 4 AS SELECT id FROM dw.s");
        assert!(diagnostics.is_empty(), "{diagnostics:?}");
        assert_eq!(statements, ["CREATE TABLE dw.t AS SELECT id FROM dw.s"]);
    }
}
