//! Conversions of staged sources: a raw VARCHAR field to its column's type,
//! giving what a direct COPY into that column would have stored.
//!
//! The raw table is loaded by COPY with the source's NULL options, so for text
//! columns the raw value already is what COPY would store. For other types
//! COPY turns an empty or blank field into NULL whatever the options
//! (docs/redshift.md#copy-empty-and-null-fields), hence `NULLIF(TRIM(f), '')` before every conversion.
//! Dates and timestamps use the source's DATEFORMAT / TIMEFORMAT, translated
//! from COPY tokens to SQL format tokens (COPY `HH` is 24-hour, SQL `HH` is
//! 12-hour: it becomes `HH24`), with strict parsing (`TRUE`) because COPY
//! rejects an invalid date where a lenient TO_DATE would roll it over.
//! The load time is SYSDATE: the start of the transaction, so every row of a
//! batch (and the transforms' SYSDATE) sees one value, as SQL*Loader's
//! SYSDATE gave one value per bind array; GETDATE() would differ per statement.

use crate::spec::model::{DataType, Source};
use crate::target::{REDSHIFT, Target};

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

/// The raw field `raw` (an SQL column reference) converted to `ty`.
pub fn field_conversion(raw: &str, ty: DataType, source: &Source) -> String {
    let value = format!("NULLIF(TRIM({raw}), '')");
    match ty {
        _ if ty.is_text() => raw.to_string(),
        DataType::Date => {
            let format = sql_datetime_format(source.date_format.as_deref().unwrap_or("YYYY-MM-DD"));
            format!("TO_DATE({value}, {}, TRUE)", REDSHIFT.literal(&format))
        }
        DataType::Timestamp | DataType::TimestampTz => match &source.timestamp_format {
            None if ty == DataType::TimestampTz => format!("CAST({value} AS TIMESTAMPTZ)"),
            format => {
                let format =
                    sql_datetime_format(format.as_deref().unwrap_or("YYYY-MM-DD HH:MI:SS"));
                let parsed = format!("TO_TIMESTAMP({value}, {}, TRUE)", REDSHIFT.literal(&format));
                // TO_TIMESTAMP returns TIMESTAMPTZ; a TIMESTAMP column wants the wall-clock value.
                if ty == DataType::Timestamp {
                    format!("CAST({parsed} AS TIMESTAMP)")
                } else {
                    parsed
                }
            }
        },
        _ => format!("CAST({value} AS {ty})"),
    }
}

/// A `constant:` value converted to `ty` (SQL*Loader's CONSTANT is character input).
pub fn constant(value: &str, ty: DataType) -> String {
    let text = REDSHIFT.literal(value);
    if ty.is_text() {
        text
    } else {
        format!("CAST({text} AS {ty})")
    }
}

/// `load_timestamp` for a column of type `ty`.
pub fn load_timestamp(ty: DataType) -> String {
    if ty == DataType::Timestamp {
        "SYSDATE".into()
    } else {
        format!("CAST(SYSDATE AS {ty})")
    }
}

/// A translated `expr:` converted to `ty`: text columns take it as is (a CAST
/// to VARCHAR(n) would silently cut what an INSERT rejects), others get an
/// explicit CAST because PostgreSQL, unlike Redshift, does not assign text to
/// a number column implicitly.
pub fn expression(expr: &str, ty: DataType) -> String {
    if ty.is_text() {
        expr.to_string()
    } else {
        format!("CAST({expr} AS {ty})")
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

    #[test]
    fn constants_and_load_time_are_typed() {
        assert_eq!(constant("CRM", DataType::Varchar(10)), "'CRM'");
        assert_eq!(constant("1", DataType::Integer), "CAST('1' AS INTEGER)");
        assert_eq!(load_timestamp(DataType::Timestamp), "SYSDATE");
        assert_eq!(load_timestamp(DataType::Date), "CAST(SYSDATE AS DATE)");
        assert_eq!(expression("UPPER(x)", DataType::Varchar(3)), "UPPER(x)");
    }
}
