//! Identifier case folding.
//!
//! Oracle folds unquoted identifiers to upper case, Redshift to lower case,
//! and the pipeline model names everything in lower case. A quoted Oracle
//! identifier such as `"CUST_ID"` therefore names the column `cust_id`; but
//! PostgreSQL (the test engine) keeps quoted identifiers case-sensitive, so
//! the output writes every identifier in lower case, quoted only when it must
//! be (a keyword, or characters outside `[a-z0-9_$]`). A mixed-case quoted
//! Oracle name (`"Cust_Id"`) is folded too, since the model has no such names.

use sqlparser::ast::{Ident, ObjectName, ObjectNamePart};

/// Redshift's reserved words, sorted, lower case
/// (<https://docs.aws.amazon.com/redshift/latest/dg/r_pg_keywords.html>).
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

/// Folds `ident` to lower case, dropping quotes that are not needed.
pub fn fold(ident: &mut Ident) {
    ident.value = ident.value.to_lowercase();
    let simple = ident
        .value
        .chars()
        .next()
        .is_some_and(|c| c.is_ascii_lowercase() || c == '_')
        && ident
            .value
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_' || c == '$');
    let keyword = RESERVED.binary_search(&ident.value.as_str()).is_ok();
    ident.quote_style = if simple && !keyword { None } else { Some('"') };
}

/// Folds every part of a name.
pub fn fold_name(name: &mut ObjectName) {
    for part in &mut name.0 {
        if let ObjectNamePart::Identifier(ident) = part {
            fold(ident);
        }
    }
}

/// The lower-case identifier parts of a name; `None` when a part is not an identifier.
pub fn parts(name: &ObjectName) -> Option<Vec<String>> {
    name.0
        .iter()
        .map(|part| part.as_ident().map(|ident| ident.value.to_lowercase()))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn folded(value: &str, quote: Option<char>) -> String {
        let mut ident = Ident {
            value: value.into(),
            quote_style: quote,
            span: sqlparser::tokenizer::Span::empty(),
        };
        fold(&mut ident);
        ident.to_string()
    }

    #[test]
    fn folds_to_lower_case_and_keeps_needed_quotes() {
        assert_eq!(folded("CUST_ID", Some('"')), "cust_id");
        assert_eq!(folded("Symbol", None), "symbol");
        assert_eq!(folded("SELECT", Some('"')), "\"select\"");
        assert_eq!(folded("Price Change", Some('"')), "\"price change\"");
    }
}
