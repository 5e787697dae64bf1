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
//! - `LAST_DAY(d)`: Redshift's for a DATE. Of a TIMESTAMP (an Oracle DATE),
//!   Redshift's LAST_DAY returns a DATE, dropping the time of day that
//!   Oracle keeps (its example: `LAST_DAY(SYSDATE) - SYSDATE` is a whole 29
//!   days, <https://docs.oracle.com/en/database/oracle/oracle-database/19/sqlrf/LAST_DAY.html>),
//!   so `d` is moved to it by whole days: `DATEADD(day, DATEDIFF(day, d,
//!   LAST_DAY(d)), d)`, the DATEDIFF being AWS's own example of days left
//!   in the month (<https://docs.aws.amazon.com/redshift/latest/dg/r_LAST_DAY.html>).
//! - `TRUNC(MONTHS_BETWEEN(a, b))` of timestamps: the whole months do not
//!   depend on the time of day (see [`Translator::trunc_months_between`]),
//!   so the dates' MONTHS_BETWEEN is truncated, cast to INTEGER (Redshift's
//!   TRUNC of a FLOAT8 is a FLOAT8, `-0` for a negative fraction).
//! - `NEXT_DAY(d, 'day')`: DATE only, a literal English day name or its
//!   three-letter abbreviation (Oracle reads NLS_DATE_LANGUAGE; English is
//!   assumed), normalised to the full name
//!   (<https://docs.aws.amazon.com/redshift/latest/dg/r_NEXT_DAY.html>).

use sqlparser::ast::{Expr, Ident, Value};

use super::Translator;
use super::datetime::cast_date;
use super::functions::{call, take_args};
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
            ("LAST_DAY", [Ty::Timestamp]) => {
                let d = args.swap_remove(0);
                Some((last_day_keeping_time(d), Info::new(Ty::Timestamp, nullable)))
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
                    "MONTHS_BETWEEN is translated for two DATEs, and inside TRUNC for timestamps (the time of day of timestamps changes Oracle's fraction, not its whole months): TRUNC the arguments or the result"
                }
                "LAST_DAY" => "LAST_DAY is translated for a DATE or a TIMESTAMP",
                _ => {
                    "NEXT_DAY is translated for a DATE and a literal English day name such as 'MONDAY' or 'MON'"
                }
            };
            self.refuse_arguments(node, name, infos, help);
        }
        result
    }
}

/// `DATEADD(day, DATEDIFF(day, d, LAST_DAY(d)), d)`: the last day of
/// `d`'s month at `d`'s time of day, as Oracle's LAST_DAY of a DATE. Redshift's
/// LAST_DAY returns a DATE (midnight); DATEDIFF(day, ...) counts the day
/// boundaries from `d` to it, DATEADD moves `d` by as many days.
fn last_day_keeping_time(d: Expr) -> Expr {
    let day = || Expr::Identifier(Ident::new("day"));
    let days = call(
        "DATEDIFF",
        vec![day(), d.clone(), call("LAST_DAY", vec![d.clone()])],
    );
    call("DATEADD", vec![day(), days, d])
}

impl Translator<'_> {
    /// `TRUNC(MONTHS_BETWEEN(a, b))` of two DATEs or TIMESTAMPs:
    /// `CAST(TRUNC(MONTHS_BETWEEN(CAST(a AS DATE), CAST(b AS DATE))) AS
    /// INTEGER)`. Oracle's fraction is (day difference + time difference) /
    /// 31 when the days of month differ and are not both month ends; the
    /// time difference is under a day and the day difference at least one,
    /// so the fraction has the sign of the day difference and lies strictly
    /// between -1 and 1: the whole months TRUNC keeps never depend on the
    /// time of day, and Redshift's MONTHS_BETWEEN of the dates has the same.
    /// `None` (nothing translated) when `e` is not such a call.
    pub(super) fn trunc_months_between(&mut self, e: &mut Expr) -> Option<Info> {
        let Expr::Function(trunc) = &mut *e else {
            return None;
        };
        let [inner]: [&mut Expr; 1] = super::functions::arg_exprs(trunc)?.try_into().ok()?;
        let Expr::Function(months) = &mut *inner else {
            return None;
        };
        let plain = months.over.is_none()
            && months.filter.is_none()
            && months.within_group.is_empty()
            && matches!(months.parameters, sqlparser::ast::FunctionArguments::None);
        if !plain
            || !months
                .name
                .to_string()
                .eq_ignore_ascii_case("months_between")
        {
            return None;
        }
        if super::functions::arg_exprs(months)?.len() != 2 {
            return None;
        }
        self.note_bind_arguments("MONTHS_BETWEEN", months);
        let node = super::functions::At::of(&*months);
        let mut args = take_args(inner);
        let infos: Vec<Info> = args.iter_mut().map(|arg| self.expr(arg)).collect();
        let dated = |info: &Info| matches!(info.ty, Ty::Date | Ty::Timestamp);
        if !infos.iter().all(dated) {
            self.month_function(&node, "MONTHS_BETWEEN", args, &infos);
            return Some(Info::unknown());
        }
        let args = args
            .into_iter()
            .zip(&infos)
            .map(|(arg, info)| match info.ty {
                Ty::Date => arg,
                _ => cast_date(arg),
            })
            .collect();
        let whole = call("TRUNC", vec![call("MONTHS_BETWEEN", args)]);
        *e = super::conversion::cast(whole, sqlparser::ast::DataType::Integer(None));
        Some(Info::new(Ty::Integer, infos.iter().any(|i| i.nullable)))
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
