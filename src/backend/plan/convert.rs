//! Conversions of staged sources: a raw VARCHAR field to its column's type,
//! giving what a direct COPY into that column would have stored.
//!
//! The raw table is loaded by COPY with the source's NULL options, so for text
//! columns the raw value already is what COPY would store. For other types
//! COPY turns an empty or blank field into NULL whatever the options
//! (docs/redshift.md#copy-empty-and-null-fields), hence `NULLIF(TRIM(f), '')` before every conversion.
//! A decimal is rounded to its column's scale explicitly, as COPY with
//! ROUNDEC stores it, whatever the session's `enable_numeric_rounding` makes
//! of a CAST (docs/redshift.md#casts-to-a-smaller-scale).
//! Dates and timestamps use the source's DATEFORMAT / TIMEFORMAT, translated
//! from COPY tokens to SQL format tokens (COPY `HH` is 24-hour, SQL `HH` is
//! 12-hour: it becomes `HH24`), with strict parsing (`TRUE`) because COPY
//! rejects an invalid date where a lenient TO_DATE would roll it over.
//! The load time is SYSDATE: the start of the transaction, so every row of a
//! batch (and the transforms' SYSDATE) sees one value, as SQL*Loader's
//! SYSDATE gave one value per bind array; GETDATE() would differ per statement.

use sqlparser::ast::{BinaryOperator, Expr, Ident, Value};

use crate::spec::model::DataType;
use crate::sql::translate::call;
use crate::target::ident_node;

/// COPY DATEFORMAT / TIMEFORMAT tokens to a TO_DATE / TO_TIMESTAMP format.
pub fn sql_datetime_format(copy_format: &str) -> String {
    // Longest tokens first so that `HH24` is not read as `HH` + `24`.
    const TOKENS: &[(&str, &str)] = &[
        ("YYYY", "YYYY"),
        ("HH24", "HH24"),
        ("HH12", "HH12"),
        ("MON", "MON"),
        ("YY", "YY"),
        ("MM", "MM"),
        ("MI", "MI"),
        ("DD", "DD"),
        ("HH", "HH24"),
        ("SS", "SS"),
        ("AM", "AM"),
        ("PM", "PM"),
    ];
    let mut out = String::new();
    let mut rest = copy_format;
    'scan: while !rest.is_empty() {
        for (copy, sql) in TOKENS {
            if rest.len() >= copy.len()
                && rest.is_char_boundary(copy.len())
                && rest[..copy.len()].eq_ignore_ascii_case(copy)
            {
                out.push_str(sql);
                rest = &rest[copy.len()..];
                continue 'scan;
            }
        }
        let c = rest.chars().next().unwrap_or(' ');
        out.push(c);
        rest = &rest[c.len_utf8()..];
    }
    out
}

/// One column value of a staged INSERT, typed: SQL targets print
/// [`StagedValue::expr`], the Glue job its own conversion of the same meaning.
#[derive(Clone, Debug)]
pub enum StagedValue {
    /// The raw column `raw` converted to `ty` as a direct COPY into a column of
    /// that type would, with the source's COPY DATEFORMAT / TIMEFORMAT.
    Field {
        /// The raw table's column (unquoted).
        raw: String,
        /// The target column's type.
        ty: DataType,
        /// The source's DATEFORMAT (COPY tokens), if any.
        date_format: Option<String>,
        /// The source's TIMEFORMAT (COPY tokens), if any.
        timestamp_format: Option<String>,
    },
    /// A `constant:` (SQL*Loader's CONSTANT is character input) converted to `ty`.
    Constant {
        /// The constant's text.
        text: String,
        /// The target column's type.
        ty: DataType,
    },
    /// `load_timestamp` for a column of this type.
    LoadTimestamp(DataType),
    /// A translated `expr:` converted to the column's type.
    Expression {
        /// The expression, raw fields already bound to raw columns.
        expr: Box<Expr>,
        /// The target column's type.
        ty: DataType,
    },
}

impl StagedValue {
    /// The value as a Redshift SQL tree.
    pub fn expr(&self) -> Expr {
        match self {
            StagedValue::Field {
                raw,
                ty,
                date_format,
                timestamp_format,
            } => field_conversion(
                raw,
                *ty,
                date_format.as_deref(),
                timestamp_format.as_deref(),
            ),
            StagedValue::Constant { text, ty } => constant(text, *ty),
            StagedValue::LoadTimestamp(ty) => load_timestamp(*ty),
            StagedValue::Expression { expr, ty } => expression((**expr).clone(), *ty),
        }
    }
}

/// The record condition of a staged target (SQL*Loader's `WHEN`), typed.
#[derive(Clone, Debug)]
pub enum RecordFilter {
    /// The trimmed raw field equals the text, as SQL*Loader compares a field
    /// (docs/redshift.md#sqlloader-semantics).
    Field {
        /// The raw table's column (unquoted).
        raw: String,
        /// The text compared with.
        equals: String,
    },
    /// The record's characters at some positions, pieced together from the raw
    /// fields covering them, equal the text.
    Positions {
        /// Each piece: raw column (unquoted), 1-based start in it, length.
        pieces: Vec<(String, u32, u32)>,
        /// The text compared with.
        equals: String,
    },
}

impl RecordFilter {
    /// The condition as a Redshift SQL tree.
    pub fn expr(&self) -> Expr {
        let (left, equals) = match self {
            RecordFilter::Field { raw, equals } => (trim(column(raw)), equals),
            RecordFilter::Positions { pieces, equals } => {
                let mut parts = pieces.iter().map(|(raw, from, len)| Expr::Substring {
                    expr: Box::new(column(raw)),
                    substring_from: Some(Box::new(number(*from))),
                    substring_for: Some(Box::new(number(*len))),
                    special: true,
                    shorthand: false,
                });
                let first = parts.next().unwrap_or_else(|| string(""));
                let concat = parts.fold(first, |left, right| {
                    binary(left, BinaryOperator::StringConcat, right)
                });
                (concat, equals)
            }
        };
        binary(left, BinaryOperator::Eq, string(equals))
    }
}

/// The raw column `raw` converted to `ty`, as a direct COPY would store it.
fn field_conversion(
    raw: &str,
    ty: DataType,
    date_format: Option<&str>,
    timestamp_format: Option<&str>,
) -> Expr {
    let value = || call("NULLIF", vec![trim(column(raw)), string("")]);
    match ty {
        _ if ty.is_text() => column(raw),
        DataType::Date => {
            let format = sql_datetime_format(date_format.unwrap_or("YYYY-MM-DD"));
            call("TO_DATE", vec![value(), string(&format), boolean(true)])
        }
        DataType::Timestamp | DataType::TimestampTz => match timestamp_format {
            None if ty == DataType::TimestampTz => cast(value(), ty),
            format => {
                let format = sql_datetime_format(format.unwrap_or("YYYY-MM-DD HH:MI:SS"));
                let parsed = call(
                    "TO_TIMESTAMP",
                    vec![value(), string(&format), boolean(true)],
                );
                // TO_TIMESTAMP returns TIMESTAMPTZ; a TIMESTAMP column wants the wall-clock value.
                if ty == DataType::Timestamp {
                    cast(parsed, ty)
                } else {
                    parsed
                }
            }
        },
        // ROUNDEC: a direct COPY rounds extra decimals; a CAST may truncate
        // them, as the session says (docs/redshift.md#casts-to-a-smaller-scale).
        DataType::Decimal { .. } => {
            crate::sql::translate::exact_number(column(raw), crate::sql::typing::Ty::Text, ty)
        }
        _ => cast(value(), ty),
    }
}

/// A `constant:` value converted to `ty`.
fn constant(value: &str, ty: DataType) -> Expr {
    if ty.is_text() {
        string(value)
    } else {
        cast(string(value), ty)
    }
}

/// `SYSDATE`, the batch's load time, as a value of type `ty`.
fn load_timestamp(ty: DataType) -> Expr {
    let sysdate = Expr::Identifier(Ident::new("SYSDATE"));
    if ty == DataType::Timestamp {
        sysdate
    } else {
        cast(sysdate, ty)
    }
}

/// A translated `expr:` converted to `ty`: text columns take it as is (a CAST
/// to VARCHAR(n) would silently cut what an INSERT rejects), others get an
/// explicit CAST because PostgreSQL, unlike Redshift, does not assign text to
/// a number column implicitly.
fn expression(expr: Expr, ty: DataType) -> Expr {
    if ty.is_text() { expr } else { cast(expr, ty) }
}

fn column(raw: &str) -> Expr {
    Expr::Identifier(ident_node(raw))
}

fn trim(e: Expr) -> Expr {
    Expr::Trim {
        trim_where: None,
        trim_what: None,
        expr: Box::new(e),
        trim_characters: None,
    }
}

fn cast(e: Expr, ty: DataType) -> Expr {
    crate::sql::translate::cast(e, crate::sql::translate::sql_type(ty))
}

fn string(text: &str) -> Expr {
    Expr::value(Value::SingleQuotedString(text.to_string()))
}

fn number(n: u32) -> Expr {
    Expr::value(Value::Number(n.to_string(), false))
}

fn boolean(b: bool) -> Expr {
    Expr::value(Value::Boolean(b))
}

fn binary(left: Expr, op: BinaryOperator, right: Expr) -> Expr {
    Expr::BinaryOp {
        left: Box::new(left),
        op,
        right: Box::new(right),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn copy_hh_is_24_hour_in_sql() {
        assert_eq!(
            sql_datetime_format("DD-MON-YYYY HH:MI:SS"),
            "DD-MON-YYYY HH24:MI:SS"
        );
        assert_eq!(sql_datetime_format("YYYYMMDD"), "YYYYMMDD");
        assert_eq!(
            sql_datetime_format("MM/DD/YY HH12:MI AM"),
            "MM/DD/YY HH12:MI AM"
        );
        assert_eq!(sql_datetime_format("hh24.mi"), "HH24.MI");
    }

    /// `expr` prints as `text` and is the tree sqlparser reads from it.
    fn assert_tree(expr: &Expr, text: &str) {
        assert_eq!(expr.to_string(), text);
        let parsed =
            crate::sql::parse::parse_synthetic_expr(text, crate::spec::model::Dialect::Redshift)
                .unwrap();
        assert_eq!(*expr, parsed, "{text}");
    }

    /// The trees print what eltc wrote as text before they were trees, and
    /// are what sqlparser reads from that text (the PostgreSQL target adapts trees).
    #[test]
    fn values_are_the_trees_of_their_redshift_text() {
        let field = |ty, date: Option<&str>, time: Option<&str>| StagedValue::Field {
            raw: "d".into(),
            ty,
            date_format: date.map(str::to_string),
            timestamp_format: time.map(str::to_string),
        };
        let cases = [
            (
                StagedValue::Constant {
                    text: "CRM".into(),
                    ty: DataType::Varchar(10),
                },
                "'CRM'",
            ),
            (
                StagedValue::Constant {
                    text: "1".into(),
                    ty: DataType::Integer,
                },
                "CAST('1' AS INTEGER)",
            ),
            (StagedValue::LoadTimestamp(DataType::Timestamp), "SYSDATE"),
            (
                StagedValue::LoadTimestamp(DataType::Date),
                "CAST(SYSDATE AS DATE)",
            ),
            (field(DataType::Varchar(3), None, None), "d"),
            (
                field(DataType::Date, Some("YYYYMMDD"), None),
                "TO_DATE(NULLIF(TRIM(d), ''), 'YYYYMMDD', true)",
            ),
            (
                field(DataType::Timestamp, None, Some("DD/MM/YYYY HH:MI")),
                "CAST(TO_TIMESTAMP(NULLIF(TRIM(d), ''), 'DD/MM/YYYY HH24:MI', true) AS TIMESTAMP)",
            ),
            (
                field(DataType::TimestampTz, None, None),
                "CAST(NULLIF(TRIM(d), '') AS TIMESTAMPTZ)",
            ),
            (
                field(
                    DataType::Decimal {
                        precision: 12,
                        scale: 2,
                    },
                    None,
                    None,
                ),
                "CAST(ROUND(CAST(NULLIF(TRIM(d), '') AS DECIMAL(38,28)), 2) AS DECIMAL(12,2))",
            ),
        ];
        for (value, text) in cases {
            assert_tree(&value.expr(), text);
        }
        let filters = [
            (
                RecordFilter::Field {
                    raw: "kind".into(),
                    equals: "H".into(),
                },
                "TRIM(kind) = 'H'",
            ),
            (
                RecordFilter::Positions {
                    pieces: vec![("a".into(), 2, 1), ("b".into(), 1, 2)],
                    equals: "xyz".into(),
                },
                "SUBSTRING(a, 2, 1) || SUBSTRING(b, 1, 2) = 'xyz'",
            ),
        ];
        for (filter, text) in filters {
            assert_tree(&filter.expr(), text);
        }
    }
}
