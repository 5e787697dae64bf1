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

use crate::sql::reserved::is_plain_identifier;

/// Folds `ident` to lower case, dropping quotes that are not needed.
pub fn fold(ident: &mut Ident) {
    // In place for ASCII (nearly every identifier): no new string.
    if ident.value.is_ascii() {
        ident.value.make_ascii_lowercase();
    } else {
        ident.value = ident.value.to_lowercase();
    }
    ident.quote_style = if is_plain_identifier(&ident.value) {
        None
    } else {
        Some('"')
    };
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

    #[test]
    fn quotes_names_oracle_allows_bare_and_redshift_does_not() {
        // Oracle allows `#` and `$` in bare names; Redshift `$` only.
        assert_eq!(folded("emp#", None), "\"emp#\"");
        assert_eq!(folded("a$b", None), "a$b");
        assert_eq!(folded("select", None), "\"select\"");
        assert_eq!(folded("cust_id", None), "cust_id");
    }
}
