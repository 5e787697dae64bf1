//! SQL*Loader's whitespace rules that COPY does not apply, as column
//! expressions over the raw fields (Oracle's Field List Reference,
//! "Trimming Whitespace" and "Loading All-Blank Fields",
//! <https://docs.oracle.com/en/database/oracle/oracle-database/19/sutil/oracle-sql-loader-field-list-contents.html>):
//!
//! - a field of predetermined size (a position or a length) loses its
//!   trailing blanks before it is loaded, where COPY's FIXEDWIDTH stores
//!   them in a VARCHAR column: the field becomes `RTRIM(:f)`;
//! - a source that must keep all-blank fields (a DEFAULTIF BLANKS on a
//!   number tells them from empty ones, see `to_spec`) still loads an
//!   all-blank character field as NULL, as SQL*Loader does when the field is
//!   not enclosed: `CASE WHEN TRIM(:f) IS NOT NULL THEN :f END`, and
//!   the binds of the other expressions read a blank field as NULL.
//!
//! Only fields loaded as they are read get an expression: a field with an
//! SQL string or another expression already has its value.

use crate::import::model::{ColumnValue, TableOut, TargetOut};

/// Whether a Redshift column type stores the blanks at the end of a value
/// (a CHAR(n) column pads them anyway).
fn keeps_trailing_blanks(ty: &str) -> bool {
    let ty = ty.to_ascii_lowercase();
    ty.starts_with("varchar") || ty.starts_with("character varying") || ty == "text"
}

/// Whether a Redshift column type holds text.
fn is_text(ty: &str) -> bool {
    let ty = ty.to_ascii_lowercase();
    keeps_trailing_blanks(&ty) || ty.starts_with("char") || ty.starts_with("bpchar")
}

/// The fields of `target` loaded as read into a column whose type `wanted`
/// accepts become fillers with the expression `wrap` gives; returns the
/// expressions given, by field.
fn wrap_fields(
    target: &mut TargetOut,
    table: Option<&TableOut>,
    wanted: fn(&str) -> bool,
    wrap: fn(&str) -> String,
) -> Vec<(String, String)> {
    let mut given = Vec::new();
    for field in target.fields.iter_mut().filter(|f| !f.filler) {
        let typed = table.and_then(|t| t.column(&field.name));
        if !typed.is_some_and(|c| wanted(&c.ty)) {
            continue;
        }
        let expr = wrap(&field.name);
        field.filler = true;
        target
            .columns
            .push((field.name.clone(), ColumnValue::Expr(expr.clone())));
        given.push((field.name.clone(), expr));
    }
    given
}

/// Fixed-width fields into VARCHAR columns lose their trailing blanks.
pub(super) fn trim_trailing(
    target: &mut TargetOut,
    table: Option<&TableOut>,
) -> Vec<(String, String)> {
    wrap_fields(target, table, keeps_trailing_blanks, |name| {
        format!("RTRIM(:{name})")
    })
}

/// Text fields of a source that keeps blanks load an all-blank value as NULL.
pub(super) fn blank_text_as_null(
    target: &mut TargetOut,
    table: Option<&TableOut>,
) -> Vec<(String, String)> {
    wrap_fields(target, table, is_text, |name| {
        format!("CASE WHEN TRIM(:{name}) IS NOT NULL THEN :{name} END")
    })
}

/// `expr` with each bind `:field` read as SQL*Loader binds it in a source
/// that keeps blanks: NULL when the field is all blanks. Quoted text is left
/// as written.
pub(super) fn blank_binds(expr: &str) -> String {
    let mut out = String::new();
    let mut quoted = false;
    let mut rest = expr;
    let mut previous = None;
    while let Some(c) = rest.chars().next() {
        rest = &rest[c.len_utf8()..];
        // `a::int` is a cast, not a bind.
        let after_colon = previous.replace(c) == Some(':');
        if c == '\'' {
            quoted = !quoted;
        }
        let name_len = rest
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
            .unwrap_or(rest.len());
        let is_bind = !quoted
            && !after_colon
            && c == ':'
            && name_len > 0
            && rest.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_');
        if !is_bind {
            out.push(c);
            continue;
        }
        let name = &rest[..name_len];
        out.push_str(&format!(
            "CASE WHEN TRIM(:{name}) IS NOT NULL THEN :{name} END"
        ));
        rest = &rest[name_len..];
        previous = name.chars().last();
    }
    out
}

#[cfg(test)]
mod tests {
    use super::{blank_binds, is_text, keeps_trailing_blanks};

    #[test]
    fn binds_of_blank_fields_read_null() {
        assert_eq!(
            blank_binds("UPPER(:name) || ':x'"),
            "UPPER(CASE WHEN TRIM(:name) IS NOT NULL THEN :name END) || ':x'"
        );
        assert_eq!(blank_binds("a::int"), "a::int");
        assert_eq!(
            blank_binds(":a||:b"),
            "CASE WHEN TRIM(:a) IS NOT NULL THEN :a END||CASE WHEN TRIM(:b) IS NOT NULL THEN :b END"
        );
    }

    #[test]
    fn text_types_and_trailing_blanks() {
        assert!(keeps_trailing_blanks("varchar(12)"));
        assert!(!keeps_trailing_blanks("char(3)"));
        assert!(is_text("char(3)"));
        assert!(!is_text("numeric(8,2)"));
        assert!(!is_text("timestamp"));
    }
}
