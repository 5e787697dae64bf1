//! NULLIF and DEFAULTIF clauses of a field: what COPY's NULL options carry
//! (BLANKS, a text shared by every field) and the column expressions for
//! the rest, in Oracle's order of evaluation (Field List Reference, "Using
//! the WHEN, NULLIF, and DEFAULTIF Clauses",
//! <https://docs.oracle.com/en/database/oracle/oracle-database/19/sutil/oracle-sql-loader-field-list-contents.html>).

use super::Builder;
use crate::diag::{Code, Diagnostic, Severity};
use crate::import::ctl::ast::{
    CondTarget, CondValue, Condition, Datatype, Field, FieldKind, IntoTable,
};
use crate::import::model::{Format, SourceOut};

impl Builder<'_, '_, '_> {
    /// NULLIF / DEFAULTIF: BLANKS is every source's rule; a null string that
    /// every loaded field of the file shares is `nulls.string`; other tests
    /// become the field's expression.
    pub(super) fn nulls(
        &mut self,
        field: &Field,
        name: &str,
        value: Option<String>,
        source: &mut SourceOut,
    ) -> Option<String> {
        let mut value = value;
        for condition in &field.nullif {
            let on_self =
                matches!(&condition.left, CondTarget::Field(f) if f.eq_ignore_ascii_case(name));
            match (&condition.right, condition.equal, on_self) {
                (CondValue::Blanks, true, true) => self.found(
                    "ctl:NULLIF BLANKS",
                    condition.range.clone(),
                    "nulls: { blanks: true } (every source)",
                ),
                (CondValue::Text(text), true, true)
                    if value.is_none() && self.shared_null.as_deref() == Some(text.as_str()) =>
                {
                    source.null_string = Some(text.clone());
                    self.found(
                        "ctl:NULLIF = text",
                        condition.range.clone(),
                        format!(
                            "nulls: {{ string: {text:?} }} (every loaded field of the file has this NULLIF)"
                        ),
                    );
                }
                (CondValue::Text(text), true, true) => {
                    let inner = value.clone().unwrap_or_else(|| format!(":{name}"));
                    let expr = format!(
                        "CASE WHEN :{name} = {} THEN NULL ELSE {inner} END",
                        text_literal(text)
                    );
                    self.found(
                        "ctl:NULLIF = text",
                        condition.range.clone(),
                        format!("columns: {name}: {{ expr: \"{expr}\" }}"),
                    );
                    value = Some(expr);
                }
                _ => self.report(
                    Code::ImportCtlCondition,
                    condition.range.clone(),
                    format!("NULLIF of `{name}` that tests another field, a position or `<>`"),
                    "write the rule as a column expression: CASE WHEN ... THEN NULL ELSE ... END",
                ),
            }
        }
        for condition in &field.defaultif {
            let on_self =
                matches!(&condition.left, CondTarget::Field(f) if f.eq_ignore_ascii_case(name));
            if condition.right == CondValue::Blanks && condition.equal && on_self {
                value = self.defaultif_blanks(field, condition, name, value, source);
            } else {
                self.report(
                    Code::ImportCtlCondition,
                    condition.range.clone(),
                    format!("DEFAULTIF of `{name}` other than `= BLANKS` on the field itself"),
                    "write the rule as a column expression: CASE WHEN ... THEN 0 ELSE ... END",
                );
            }
        }
        value
    }

    /// `DEFAULTIF f = BLANKS`, in Oracle's order ("Using the WHEN, NULLIF,
    /// and DEFAULTIF Clauses", Field List Reference): a field of length 0
    /// after trimming is NULL and its DEFAULTIF is not evaluated; a
    /// satisfied DEFAULTIF sets a numeric field to 0, a character field to
    /// NULL. A field of predetermined size loses its trailing blanks, so a
    /// blank one is always NULL; a delimited one keeps them, so the source
    /// keeps blanks to tell `| |` (0) from `||` (NULL).
    fn defaultif_blanks(
        &mut self,
        field: &Field,
        condition: &Condition,
        name: &str,
        value: Option<String>,
        source: &mut SourceOut,
    ) -> Option<String> {
        let range = condition.range.clone();
        let numeric = matches!(field.datatype, Some((Datatype::NumericExternal(..), _)));
        if !numeric {
            self.found(
                "ctl:DEFAULTIF BLANKS",
                range,
                "nulls: { blanks: true } (a character field's default is NULL)",
            );
            return value;
        }
        if source.format == Format::FixedWidth {
            self.found("ctl:DEFAULTIF BLANKS", range, "nothing: a field of predetermined size loses its trailing blanks, so a blank one is NULL before DEFAULTIF is evaluated");
            return value;
        }
        if value.is_some() {
            self.report(
                Code::ImportCtlCondition,
                range,
                format!("DEFAULTIF of `{name}`, which also has an SQL string or a NULLIF text"),
                "write the default in the field's SQL string: CASE WHEN TRIM(:f) IS NULL THEN 0 ELSE ... END",
            );
            return value;
        }
        source.keep_blanks = true;
        self.defaultif_fields.push(name.to_string());
        let expr = format!(
            "CASE WHEN :{name} IS NOT NULL AND TRIM(:{name}) IS NULL THEN '0' ELSE :{name} END"
        );
        self.found(
            "ctl:DEFAULTIF BLANKS",
            range.clone(),
            format!("columns: {name}: {{ expr: \"{expr}\" }} (blanks: 0, an empty field: NULL)"),
        );
        if matches!(source.format, Format::Csv { .. }) {
            self.out.diagnostics.push(
                Diagnostic::new(
                    Code::ImportCtlCondition,
                    self.span(range),
                    format!("`{name}` of blanks without quotes is 0 here; SQL*Loader trimmed its leading blanks and loaded NULL"),
                )
                .severity(Severity::Warning)
                .label("DEFAULTIF")
                .help("only a quoted field of blanks (\"  \") got the default in SQL*Loader; check the file's blank fields"),
            );
        }
        Some(expr)
    }
}

/// The text of `NULLIF field = 'text'` when every field loaded from the
/// record, in every INTO TABLE, carries it with the same text. COPY's
/// `NULL AS` applies to every field of the file
/// (<https://docs.aws.amazon.com/redshift/latest/dg/copy-parameters-data-conversion.html>),
/// SQL*Loader's NULLIF to its own field only
/// (<https://docs.oracle.com/en/database/oracle/oracle-database/19/sutil/oracle-sql-loader-field-list-contents.html>):
/// with any field left out, the same text there must stay a value.
pub(super) fn shared_null_text(tables: &[IntoTable]) -> Option<String> {
    let mut shared: Option<&str> = None;
    let loaded = tables
        .iter()
        .flat_map(|t| &t.columns)
        .filter(|f| f.kind == FieldKind::Data);
    for field in loaded {
        let text = field
            .nullif
            .iter()
            .find_map(|c| match (&c.left, c.equal, &c.right) {
                (CondTarget::Field(f), true, CondValue::Text(text))
                    if f.eq_ignore_ascii_case(&field.name) =>
                {
                    Some(text.as_str())
                }
                _ => None,
            })?;
        if shared.is_some_and(|s| s != text) {
            return None;
        }
        shared = Some(text);
    }
    shared.map(str::to_string)
}

/// `text` as an Oracle literal for a column expression; a backslash is
/// `CHR(92)`, since Redshift reads `\` in a literal as an escape.
fn text_literal(text: &str) -> String {
    let mut pieces = Vec::new();
    for (i, part) in text.split('\\').enumerate() {
        if i > 0 {
            pieces.push("CHR(92)".to_string());
        }
        if !part.is_empty() {
            pieces.push(format!("'{}'", part.replace('\'', "''")));
        }
    }
    if pieces.is_empty() {
        return "''".to_string();
    }
    pieces.join(" || ")
}
