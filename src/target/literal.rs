//! SQL literals and identifiers in generated text.
//!
//! Every string eltc writes into SQL goes through [`literal`], every name
//! through [`ident`], so that a quote in a delimiter, a NULL marker or an
//! assertion message can never break (or inject into) the generated code.
//! Redshift, like the PostgreSQL 8 it descends from, reads backslash escapes
//! in ordinary string literals (sqlparser's Redshift dialect does too), so a
//! backslash is doubled as well as a quote; PostgreSQL 15 reads them literally
//! (`standard_conforming_strings`), so only quotes are doubled there.

use crate::sql::reserved::is_plain_identifier;

/// `text` as a single-quoted SQL string literal; `backslash_escapes` for an
/// engine that reads backslash escapes in literals (Redshift).
pub fn literal(text: &str, backslash_escapes: bool) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('\'');
    for c in text.chars() {
        match c {
            '\'' => out.push_str("''"),
            '\\' if backslash_escapes => out.push_str("\\\\"),
            _ => out.push(c),
        }
    }
    out.push('\'');
    out
}

/// `name` as an identifier: bare when it is a plain lower-case name that is not
/// reserved, double-quoted otherwise.
pub fn ident(name: &str) -> String {
    if is_plain_identifier(name) {
        name.to_string()
    } else {
        format!("\"{}\"", name.replace('"', "\"\""))
    }
}

/// `name` as an identifier node, quoted as [`ident`] quotes it.
pub fn ident_node(name: &str) -> sqlparser::ast::Ident {
    if is_plain_identifier(name) {
        sqlparser::ast::Ident::new(name)
    } else {
        sqlparser::ast::Ident::with_quote('"', name)
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
        assert_eq!(literal("a'b", true), "'a''b'");
        assert_eq!(literal("'", false), "''''");
        assert_eq!(literal("\\N", true), "'\\\\N'");
        assert_eq!(literal("\\N", false), "'\\N'");
        // A literal nested in a literal (COPY text inside EXECUTE): quotes double twice.
        let inner = format!("DELIMITER {}", literal("'", true));
        assert_eq!(literal(&inner, true), "'DELIMITER '''''''''");
    }

    #[test]
    fn identifiers_are_quoted_only_when_needed() {
        assert_eq!(ident("symbol"), "symbol");
        assert_eq!(ident("user"), "\"user\"");
        assert_eq!(ident("Odd\"Name"), "\"Odd\"\"Name\"");
        assert_eq!(qualified("olap", "order"), "olap.\"order\"");
    }
}
