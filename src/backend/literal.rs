//! SQL literals and identifiers in generated text.
//!
//! Every string eltc writes into SQL goes through [`literal`], every name
//! through [`ident`], so that a quote in a delimiter, a NULL marker or an
//! assertion message can never break (or inject into) the generated code.
//! Redshift, like the PostgreSQL 8 it descends from, reads backslash escapes
//! in ordinary string literals (sqlparser's Redshift dialect does too), so a
//! backslash is doubled as well as a quote; PostgreSQL 15 reads them literally
//! (`standard_conforming_strings`), so only quotes are doubled there.

use super::Engine;

/// `text` as a single-quoted SQL string literal for `engine`.
pub fn literal(text: &str, engine: Engine) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('\'');
    for c in text.chars() {
        match c {
            '\'' => out.push_str("''"),
            '\\' if engine == Engine::Redshift => out.push_str("\\\\"),
            _ => out.push(c),
        }
    }
    out.push('\'');
    out
}

/// Words Redshift reserves (https://docs.aws.amazon.com/redshift/latest/dg/r_pg_keywords.html):
/// a column with one of these names must be quoted.
const RESERVED: &[&str] = &[
    "aes128",
    "aes256",
    "all",
    "allowoverwrite",
    "analyse",
    "analyze",
    "and",
    "any",
    "array",
    "as",
    "asc",
    "authorization",
    "az64",
    "backup",
    "between",
    "binary",
    "blanksasnull",
    "both",
    "bytedict",
    "bzip2",
    "case",
    "cast",
    "check",
    "collate",
    "column",
    "constraint",
    "create",
    "credentials",
    "cross",
    "current_date",
    "current_time",
    "current_timestamp",
    "current_user",
    "current_user_id",
    "default",
    "deferrable",
    "deflate",
    "defrag",
    "delta",
    "delta32k",
    "desc",
    "disable",
    "distinct",
    "do",
    "else",
    "emptyasnull",
    "enable",
    "encode",
    "encrypt",
    "encryption",
    "end",
    "except",
    "explicit",
    "false",
    "for",
    "foreign",
    "freeze",
    "from",
    "full",
    "globaldict256",
    "globaldict64k",
    "grant",
    "group",
    "gzip",
    "having",
    "identity",
    "ignore",
    "ilike",
    "in",
    "initially",
    "inner",
    "intersect",
    "interval",
    "into",
    "is",
    "isnull",
    "join",
    "language",
    "leading",
    "left",
    "like",
    "limit",
    "localtime",
    "localtimestamp",
    "lun",
    "luns",
    "lzo",
    "lzop",
    "minus",
    "mostly16",
    "mostly32",
    "mostly8",
    "natural",
    "new",
    "not",
    "notnull",
    "null",
    "nulls",
    "off",
    "offline",
    "offset",
    "oid",
    "old",
    "on",
    "only",
    "open",
    "or",
    "order",
    "outer",
    "overlaps",
    "parallel",
    "partition",
    "percent",
    "permissions",
    "pivot",
    "placing",
    "primary",
    "raw",
    "readratio",
    "recover",
    "references",
    "rejectlog",
    "resort",
    "respect",
    "restore",
    "right",
    "select",
    "session_user",
    "similar",
    "snapshot",
    "some",
    "sysdate",
    "system",
    "table",
    "tag",
    "tdes",
    "text255",
    "text32k",
    "then",
    "timestamp",
    "to",
    "top",
    "trailing",
    "true",
    "truncatecolumns",
    "union",
    "unique",
    "unnest",
    "unpivot",
    "user",
    "using",
    "verbose",
    "wallet",
    "when",
    "where",
    "with",
    "without",
];

/// `name` as an identifier: bare when it is a plain lower-case name that is not
/// reserved, double-quoted otherwise.
pub fn ident(name: &str) -> String {
    let plain = name
        .chars()
        .next()
        .is_some_and(|c| c.is_ascii_lowercase() || c == '_')
        && name
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_');
    if plain && !RESERVED.contains(&name) {
        name.to_string()
    } else {
        format!("\"{}\"", name.replace('"', "\"\""))
    }
}

/// A schema-qualified name, each part through [`ident`].
pub fn qualified(schema: &str, name: &str) -> String {
    format!("{}.{}", ident(schema), ident(name))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn literals_double_quotes_and_redshift_backslashes() {
        assert_eq!(literal("a'b", Engine::Redshift), "'a''b'");
        assert_eq!(literal("'", Engine::Postgres), "''''");
        assert_eq!(literal("\\N", Engine::Redshift), "'\\\\N'");
        assert_eq!(literal("\\N", Engine::Postgres), "'\\N'");
        // A literal nested in a literal (COPY text inside EXECUTE): quotes double twice.
        let inner = format!("DELIMITER {}", literal("'", Engine::Redshift));
        assert_eq!(literal(&inner, Engine::Redshift), "'DELIMITER '''''''''");
    }

    #[test]
    fn identifiers_are_quoted_only_when_needed() {
        assert_eq!(ident("symbol"), "symbol");
        assert_eq!(ident("user"), "\"user\"");
        assert_eq!(ident("Odd\"Name"), "\"Odd\"\"Name\"");
        assert_eq!(qualified("olap", "order"), "olap.\"order\"");
    }
}
