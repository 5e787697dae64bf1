//! Oracle's month functions, emitted as the Redshift built-ins that AWS
//! documents with Oracle's rules (the PostgreSQL test form gets equivalent
//! expressions from the backend's adapter, `target::postgres`):
//!
//! - `ADD_MONTHS(d, n)`: last day stays last day, shorter months clamp
//!   (<https://docs.aws.amazon.com/redshift/latest/dg/r_ADD_MONTHS.html>);
//!   Redshift returns a TIMESTAMP, cast back to DATE for a DATE argument.
//!   Never DATEADD(month, ...), which keeps the day number (30 Apr + 1 = 30 May).
//! - `MONTHS_BETWEEN(d1, d2)`: whole months for the same day or two month
//!   ends, else a fraction of a 31-day month
//!   (<https://docs.aws.amazon.com/redshift/latest/dg/r_MONTHS_BETWEEN_function.html>).
//!   DATE arguments only: the time part of timestamps changes Oracle's
//!   fraction. The result is FLOAT8 in Redshift (Oracle: NUMBER), equal to
//!   15 significant digits.
//! - `LAST_DAY(d)`: DATE only; Redshift drops a timestamp's time of day,
//!   Oracle keeps it (<https://docs.aws.amazon.com/redshift/latest/dg/r_LAST_DAY.html>).
//! - `NEXT_DAY(d, 'day')`: DATE only, a literal English day name or its
//!   three-letter abbreviation (Oracle reads NLS_DATE_LANGUAGE; English is
//!   assumed), normalised to the full name
//!   (<https://docs.aws.amazon.com/redshift/latest/dg/r_NEXT_DAY.html>).

use sqlparser::ast::{Expr, Value};

use super::Translator;
use super::datetime::cast_date;
use super::functions::call;
use crate::sql::typing::{Info, Ty};

/// English day names, Sunday first (the index is PostgreSQL's DOW).
pub const DAYS: [&str; 7] = [
    "Sunday",
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
];

/// The full English name of a day name or three-letter abbreviation.
pub fn day_name(text: &str) -> Option<&'static str> {
    let lower = text.trim().to_lowercase();
    DAYS.iter().copied().find(|day| {
        let day = day.to_lowercase();
        day == lower || (lower.len() == 3 && day.starts_with(&lower))
    })
}

impl Translator<'_> {
    /// ADD_MONTHS, MONTHS_BETWEEN, LAST_DAY, NEXT_DAY on translated arguments.
    pub(super) fn month_function(
        &mut self,
        node: &super::functions::At,
        name: &str,
        mut args: Vec<Expr>,
        infos: &[Info],
    ) -> Option<(Expr, Info)> {
        let nullable = infos.iter().any(|i| i.nullable);
        let tys: Vec<Ty> = infos.iter().map(|i| i.ty).collect();
        let result = match (name, tys.as_slice()) {
            ("ADD_MONTHS", [Ty::Date, Ty::Integer]) => Some((
                cast_date(call("ADD_MONTHS", args)),
                Info::new(Ty::Date, nullable),
            )),
            ("ADD_MONTHS", [Ty::Timestamp, Ty::Integer]) => {
                Some((call("ADD_MONTHS", args), Info::new(Ty::Timestamp, nullable)))
            }
            ("MONTHS_BETWEEN", [Ty::Date, Ty::Date]) => {
                Some((call("MONTHS_BETWEEN", args), Info::new(Ty::Float, nullable)))
            }
            ("LAST_DAY", [Ty::Date]) => {
                Some((call("LAST_DAY", args), Info::new(Ty::Date, nullable)))
            }
            ("NEXT_DAY", [Ty::Date, Ty::Text]) => {
                let day = match &args[1] {
                    Expr::Value(v) => match &v.value {
                        Value::SingleQuotedString(s) => day_name(s),
                        _ => None,
                    },
                    _ => None,
                };
                day.map(|day| {
                    args[1] = Expr::value(Value::SingleQuotedString(day.to_string()));
                    (call("NEXT_DAY", args), Info::new(Ty::Date, nullable))
                })
            }
            _ => None,
        };
        if result.is_none() {
            let help = match name {
                "ADD_MONTHS" => "ADD_MONTHS takes a DATE or TIMESTAMP and an integer",
                "MONTHS_BETWEEN" => {
                    "MONTHS_BETWEEN is translated for two DATEs (the time of day of timestamps changes Oracle's fraction): TRUNC them first"
                }
                "LAST_DAY" => {
                    "LAST_DAY is translated for a DATE (Redshift drops a timestamp's time of day): TRUNC it first"
                }
                _ => {
                    "NEXT_DAY is translated for a DATE and a literal English day name such as 'MONDAY' or 'MON'"
                }
            };
            self.refuse_arguments(node, name, infos, help);
        }
        result
    }
}

#[cfg(test)]
mod tests {
    use super::day_name;

    #[test]
    fn day_names_and_abbreviations() {
        assert_eq!(day_name("TUESDAY"), Some("Tuesday"));
        assert_eq!(day_name("mon"), Some("Monday"));
        assert_eq!(day_name("mo"), None);
        assert_eq!(day_name("lundi"), None);
    }
}
