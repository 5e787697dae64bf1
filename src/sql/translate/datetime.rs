//! Dates and numbers: TRUNC, ROUND, date arithmetic and the clock functions.
//!
//! - `TRUNC(d)`: Oracle truncates a date to midnight. A Redshift DATE has no
//!   time, so for DATE `d` the call is the identity and `d` is emitted; for a
//!   TIMESTAMP it is `CAST(d AS DATE)` (valid in Redshift and PostgreSQL).
//!   `TRUNC(d, 'MM'|'YYYY'|'Q'|'IW'|'DD'|'HH24'|'MI')` is `DATE_TRUNC` with the
//!   unit (week starts on Monday, like 'IW'), cast back to DATE for units of
//!   a day or more, since Oracle returns a DATE.
//! - `TRUNC(n[, d])` and `ROUND(n[, d])` on exact numbers: the same calls;
//!   Oracle NUMBER, Redshift DECIMAL and PostgreSQL numeric round half away
//!   from zero. Integers: the identity for TRUNC(n). Floating-point -> refused.
//! - `SYSDATE` (see `expr.rs`) and `CURRENT_DATE` (a date and time of day in Oracle) become
//!   GETDATE(); CURRENT_TIMESTAMP,
//!   NOW(), LOCALTIMESTAMP are leader-node-only in Redshift and refused.
//! - `date +/- integer` -> date and `date - date` -> integer days are the
//!   same in all three; arithmetic in days on timestamps, or with fractional
//!   days, is refused. Integer division is refused (Redshift truncates).

use sqlparser::ast::{BinaryOperator, CastKind, DataType as SqlType, Expr, Value};

use super::Translator;
use super::functions::{At, call, string_literal, take_args};
use crate::diag::Code;
use crate::sql::typing::{Info, Ty};

/// `CAST(e AS DATE)`.
pub fn cast_date(e: Expr) -> Expr {
    Expr::Cast {
        kind: CastKind::Cast,
        expr: Box::new(e),
        data_type: SqlType::Date,
        format: None,
    }
}

/// `INTERVAL 'text'`.
fn interval(text: &str) -> Expr {
    Expr::Interval(sqlparser::ast::Interval {
        value: Box::new(Expr::value(Value::SingleQuotedString(text.to_string()))),
        leading_field: None,
        leading_precision: None,
        last_field: None,
        fractional_seconds_precision: None,
    })
}

/// Oracle ROUND(date, fmt): the DATE_TRUNC unit, where in the unit Oracle
/// rounds up (intervals from its start), the unit's length, and whether the
/// result is a whole day. Oracle SQL Reference, "ROUND and TRUNC Date
/// Functions": year rounds up on July 1, quarter on the 16th day of its
/// second month, month on the 16th, day at noon.
type RoundUnit = (&'static str, &'static [&'static str], &'static str, bool);

fn round_unit(format: &str) -> Option<RoundUnit> {
    Some(match format.to_uppercase().as_str() {
        "YYYY" | "YEAR" | "SYYYY" | "YYY" | "YY" | "Y" | "SYEAR" => {
            ("year", &["6 months"], "1 year", true)
        }
        "Q" => ("quarter", &["1 month", "15 days"], "3 months", true),
        "MM" | "MON" | "MONTH" | "RM" => ("month", &["15 days"], "1 month", true),
        "DD" | "DDD" | "J" => ("day", &["12 hours"], "1 day", true),
        "HH" | "HH12" | "HH24" => ("hour", &["30 minutes"], "1 hour", false),
        "MI" => ("minute", &["30 seconds"], "1 minute", false),
        _ => return None,
    })
}

/// DATE_TRUNC unit of an Oracle TRUNC format, and whether the result is a whole day.
fn trunc_unit(format: &str) -> Option<(&'static str, bool)> {
    Some(match format.to_uppercase().as_str() {
        "YYYY" | "YEAR" | "SYYYY" | "YYY" | "YY" | "Y" | "SYEAR" => ("year", true),
        "Q" => ("quarter", true),
        "MM" | "MON" | "MONTH" | "RM" => ("month", true),
        "IW" => ("week", true),
        "DD" | "DDD" | "J" => ("day", true),
        "HH" | "HH12" | "HH24" => ("hour", false),
        "MI" => ("minute", false),
        _ => return None,
    })
}

impl Translator<'_> {
    /// TRUNC, ROUND and the clock and month functions.
    pub(super) fn datetime_function(&mut self, e: &mut Expr, name: &str) -> Info {
        let node = At::of(e);
        match name {
            // Oracle's CURRENT_DATE is a DATE with the time of day, in the
            // session time zone; Redshift's is a date only. GETDATE() is the
            // statement's start in the session time zone (UTC unless set),
            // as SYSDATE is translated:
            // https://docs.aws.amazon.com/redshift/latest/dg/r_GETDATE.html
            "CURRENT_DATE" if self.oracle => {
                *e = super::functions::call("GETDATE", Vec::new());
                return Info::new(Ty::Timestamp, false);
            }
            "CURRENT_DATE" => return Info::new(Ty::Date, false),
            // Redshift's own statement clock, in a Redshift transform.
            "GETDATE" if !self.oracle => return Info::new(Ty::Timestamp, false),
            "CURRENT_TIMESTAMP" | "LOCALTIMESTAMP" | "NOW" | "SYSTIMESTAMP" | "GETDATE" => {
                self.unsupported_function(Code::ServerClock,
                    &node,
                    &format!("`{name}` is not translated"),
                    "use SYSDATE (CURRENT_TIMESTAMP and NOW() are leader-node-only functions in Redshift)",
                );
                return Info::unknown();
            }
            _ => {}
        }
        if name == "TRUNC"
            && let Some(info) = self.trunc_months_between(e)
        {
            return info;
        }
        let mut args = take_args(e);
        let infos: Vec<Info> = args.iter_mut().map(|arg| self.expr(arg)).collect();
        let result = match (name, infos.first().map(|i| i.ty), args.len()) {
            ("ADD_MONTHS" | "LAST_DAY" | "MONTHS_BETWEEN" | "NEXT_DAY", _, _) => {
                self.month_function(&node, name, args, &infos)
            }
            ("ROUND", Some(Ty::Date | Ty::Timestamp), 1 | 2) => {
                self.round_date(&node, args, infos[0])
            }
            ("TRUNC", Some(ty), 1 | 2) if ty.is_datetime() => {
                self.trunc_date(&node, args, infos[0])
            }
            ("TRUNC" | "ROUND", Some(Ty::Integer | Ty::Exact), 1 | 2) => {
                let info = Info::new(infos[0].ty, infos.iter().any(|i| i.nullable));
                if name == "TRUNC" && infos[0].ty == Ty::Integer && args.len() == 1 {
                    args.pop().map(|arg| (arg, info))
                } else {
                    Some((call(name, args), info))
                }
            }
            ("ROUND", Some(ty), _) if ty.is_datetime() => {
                self.unsupported_function(
                    Code::DateArithmetic,
                    &node,
                    "ROUND of a TIMESTAMPTZ is not translated",
                    "Redshift rounds in the session time zone: convert with CONVERT_TIMEZONE first",
                );
                None
            }
            (_, Some(Ty::Float), _) => {
                self.unsupported_function(Code::NumericSemantics, &node, &format!("`{name}` of a floating-point value"), "Redshift and PostgreSQL round REAL/DOUBLE differently from Oracle NUMBER: cast to DECIMAL(p,s) first");
                None
            }
            (_, Some(Ty::Unknown | Ty::Null), _) => {
                self.unknown_type(&node, format!("`{name}` of an expression of unknown type"), "TRUNC/ROUND mean different things for dates and numbers: qualify the column with a declared table's alias or CAST it");
                None
            }
            _ => {
                self.refuse_arguments(
                    &node,
                    name,
                    &infos,
                    "TRUNC/ROUND take a date or number and an optional format or precision",
                );
                None
            }
        };
        match result {
            Some((rewritten, info)) => {
                *e = rewritten;
                info
            }
            None => Info::unknown(),
        }
    }

    fn trunc_date(&mut self, node: &At, mut args: Vec<Expr>, info: Info) -> Option<(Expr, Info)> {
        if info.ty == Ty::TimestampTz {
            self.unsupported_function(
                Code::DateArithmetic,
                node,
                "TRUNC of a TIMESTAMPTZ",
                "Redshift truncates in the session time zone: convert with CONVERT_TIMEZONE first",
            );
            return None;
        }
        let format = match args.get(1) {
            None => None,
            Some(format) => match string_literal(format) {
                Some(format) => Some(format),
                None => {
                    self.unsupported_function(
                        Code::FormatModel,
                        node,
                        "TRUNC with a format that is not a literal",
                        "write the format as a string literal such as 'MM'",
                    );
                    return None;
                }
            },
        };
        let subject = args.remove(0);
        let (unit, whole_day) = match &format {
            None => ("day", true),
            Some(format) => match trunc_unit(format) {
                Some(unit) => unit,
                None => {
                    self.unsupported_function(
                        Code::FormatModel,
                        node,
                        &format!("TRUNC format '{format}' is not translated"),
                        "use 'YYYY', 'Q', 'MM', 'IW', 'DD', 'HH24' or 'MI'",
                    );
                    return None;
                }
            },
        };
        let nullable = info.nullable;
        if unit == "day" {
            return Some(match info.ty {
                Ty::Date => (subject, Info::new(Ty::Date, nullable)),
                _ => (cast_date(subject), Info::new(Ty::Date, nullable)),
            });
        }
        let unit_literal = Expr::value(Value::SingleQuotedString(unit.to_string()));
        let truncated = call("DATE_TRUNC", vec![unit_literal, subject]);
        Some(if whole_day {
            (cast_date(truncated), Info::new(Ty::Date, nullable))
        } else {
            (truncated, Info::new(Ty::Timestamp, nullable))
        })
    }

    /// ROUND(d[, fmt]) of a DATE or TIMESTAMP: `DATE_TRUNC(unit, d)`, plus one
    /// unit when `d` is at or past Oracle's rounding point.
    fn round_date(&mut self, node: &At, mut args: Vec<Expr>, info: Info) -> Option<(Expr, Info)> {
        let format = match args.get(1) {
            None => "DD".to_string(),
            Some(format) => string_literal(format).unwrap_or_default(),
        };
        let Some((unit, halves, step, whole_day)) = round_unit(&format) else {
            self.unsupported_function(Code::FormatModel,
                node,
                &format!("ROUND format '{format}' is not translated"),
                "use a literal 'YYYY', 'Q', 'MM', 'DD', 'HH24' or 'MI' (Oracle's rounding point of 'IW' and 'WW' is not documented)",
            );
            return None;
        };
        let subject = args.remove(0);
        let nullable = info.nullable;
        if info.ty == Ty::Date && (unit == "day" || !whole_day) {
            // A DATE is at midnight: rounding to a day or less changes nothing.
            return Some((subject, Info::new(Ty::Date, nullable)));
        }
        let unit_literal = Expr::value(Value::SingleQuotedString(unit.to_string()));
        let start = call("DATE_TRUNC", vec![unit_literal, subject.clone()]);
        let point = halves
            .iter()
            .fold(start.clone(), |acc, half| Expr::BinaryOp {
                left: Box::new(acc),
                op: BinaryOperator::Plus,
                right: Box::new(interval(half)),
            });
        let next = Expr::BinaryOp {
            left: Box::new(start.clone()),
            op: BinaryOperator::Plus,
            right: Box::new(interval(step)),
        };
        let condition = Expr::BinaryOp {
            left: Box::new(subject),
            op: BinaryOperator::GtEq,
            right: Box::new(point),
        };
        let rounded = super::conditional::case(
            vec![sqlparser::ast::CaseWhen {
                condition,
                result: next,
            }],
            Some(start),
        );
        Some(if whole_day {
            (cast_date(rounded), Info::new(Ty::Date, nullable))
        } else {
            (rounded, Info::new(Ty::Timestamp, nullable))
        })
    }

    /// `+ - * /` with Oracle's date and number semantics.
    pub(super) fn arithmetic(
        &mut self,
        e: &mut Expr,
        op: &BinaryOperator,
        l: Info,
        r: Info,
    ) -> Info {
        let nullable = l.nullable || r.nullable;
        let additive = matches!(op, BinaryOperator::Plus | BinaryOperator::Minus);
        if additive && (l.ty.is_datetime() || r.ty.is_datetime()) {
            return self.date_arithmetic(e, op, l, r);
        }
        if matches!(op, BinaryOperator::Divide) {
            if l.ty == Ty::Integer && r.ty == Ty::Integer {
                self.unsupported(
                    Code::NumericSemantics,
                    e,
                    "integer division truncates in Redshift",
                    "Oracle divides exactly: cast one operand, e.g. CAST(a AS DECIMAL(18,4)) / b",
                );
                return Info::unknown();
            }
            let exact_side =
                matches!(l.ty, Ty::Exact | Ty::Float) || matches!(r.ty, Ty::Exact | Ty::Float);
            if !exact_side && (l.ty == Ty::Unknown || r.ty == Ty::Unknown) {
                self.unknown_type(
                    e,
                    "division of an expression of unknown type",
                    "Redshift truncates integer division: cast an operand to DECIMAL(p,s)",
                );
                return Info::unknown();
            }
        }
        let ty = match (l.ty, r.ty) {
            (Ty::Float, _) | (_, Ty::Float) => Ty::Float,
            (Ty::Integer, Ty::Integer) => Ty::Integer,
            (Ty::Integer | Ty::Exact, Ty::Integer | Ty::Exact) => Ty::Exact,
            (Ty::Null, _) | (_, Ty::Null) => Ty::Null,
            _ => Ty::Unknown,
        };
        if matches!(l.ty, Ty::Text | Ty::Boolean) || matches!(r.ty, Ty::Text | Ty::Boolean) {
            self.unsupported(
                Code::ImplicitConversion,
                e,
                "arithmetic on text",
                "Oracle converts text to numbers implicitly: CAST it to DECIMAL(p,s)",
            );
            return Info::unknown();
        }
        Info::new(ty, nullable)
    }

    fn date_arithmetic(&mut self, e: &mut Expr, op: &BinaryOperator, l: Info, r: Info) -> Info {
        let nullable = l.nullable || r.nullable;
        let minus = matches!(op, BinaryOperator::Minus);
        match (l.ty, r.ty) {
            (Ty::Date, Ty::Integer) | (Ty::Integer, Ty::Date) if !minus || l.ty == Ty::Date => {
                Info::new(Ty::Date, nullable)
            }
            (Ty::Date, Ty::Date) if minus => Info::new(Ty::Integer, nullable),
            (Ty::Date, Ty::Unknown | Ty::Null) | (Ty::Unknown | Ty::Null, Ty::Date) => {
                self.unknown_type(e, "date arithmetic with an expression of unknown type", "Oracle adds days, possibly fractional: make the other operand an integer-typed column or literal");
                Info::unknown()
            }
            (Ty::Timestamp, Ty::Integer) | (Ty::Integer, Ty::Timestamp)
                if (self.timestamps_are_dates || self.date_bind_operand(e))
                    && (!minus || l.ty == Ty::Timestamp)
                    && days_interval(e) =>
            {
                Info::new(Ty::Timestamp, nullable)
            }
            (Ty::Date, Ty::Exact | Ty::Float) | (Ty::Exact | Ty::Float, Ty::Date) => {
                self.unsupported(
                    Code::DateArithmetic,
                    e,
                    "adding fractional days to a date",
                    "Redshift DATE has no time part: use an integer number of days",
                );
                Info::unknown()
            }
            _ => {
                self.unsupported(Code::DateArithmetic,
                    e,
                    "arithmetic in days on a timestamp",
                    "Oracle counts days; Redshift and PostgreSQL need intervals: TRUNC the timestamp to a date first, or write it with `dialect: redshift` (DATEADD/DATEDIFF)",
                );
                Info::unknown()
            }
        }
    }
}

impl Translator<'_> {
    /// True when the timestamp operand of `e` (`a ± b`) is a bind typed as
    /// an Oracle DATE (`binds`): whole seconds, as a DATE column's values.
    fn date_bind_operand(&self, e: &Expr) -> bool {
        match e {
            Expr::BinaryOp { left, right, .. } => {
                self.is_date_bind(left) || self.is_date_bind(right)
            }
            _ => false,
        }
    }
}

/// `timestamp ± n` with `n` an integer literal, where timestamps stand for
/// Oracle DATEs ([`Translator::timestamps_are_dates`]; a DATE column is a
/// TIMESTAMP in Redshift, docs/redshift.md#oracle-type-mapping): Oracle adds whole days,
/// Redshift and PostgreSQL need an interval: `timestamp ± INTERVAL 'n
/// day'`. False (nothing changed) when the number is not a literal.
fn days_interval(e: &mut Expr) -> bool {
    let Expr::BinaryOp { left, right, .. } = e else {
        return false;
    };
    let number = if super::concat::integer_literal(right).is_some() {
        right
    } else {
        left
    };
    let Some(days) = super::concat::integer_literal(number) else {
        return false;
    };
    let interval = Expr::Interval(sqlparser::ast::Interval {
        value: Box::new(Expr::value(Value::SingleQuotedString(format!(
            "{days} day"
        )))),
        leading_field: None,
        leading_precision: None,
        last_field: None,
        fractional_seconds_precision: None,
    });
    **number = interval;
    true
}
