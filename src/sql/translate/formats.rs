//! Oracle format models, checked and rewritten for Redshift and PostgreSQL.
//!
//! Dates: YYYY, MONTH, MON, MM, DDD, DD, DAY, DY, Q, IW, HH24, HH12, HH, MI,
//! SS, quoted text and separators mean the same in all three (English names;
//! MONTH and DAY blank-padded to 9; the case of a name follows the element).
//! YY, the year's last two digits, too when a date is printed (TO_CHAR:
//! Oracle's "Last 2 ... digit(s) of year", Redshift's "Last ... two ...
//! digits of year"); TO_DATE reads it in another century (Oracle: the
//! current one; PostgreSQL and Redshift: the year nearest 2020) and is refused.
//! Oracle's FM is a toggle for the rest of the model, Redshift's and
//! PostgreSQL's applies to the next element only, so FM is written before
//! every element while Oracle's fill mode is on. RR/RRRR (century from the
//! current date), D (NLS_TERRITORY), AM/PM, FF and the others are refused.
//!
//! Numbers: 9, 0, `,`, `.`, G, D and a leading FM; Oracle, Redshift and
//! PostgreSQL print the sign column, zero suppression and `#` overflow the
//! same way for these (Oracle SQL Reference, Format Models, "Results of
//! Number Conversions").

use sqlparser::ast::{BinaryOperator, DataType as SqlType, Expr, Value};

use super::Translator;
use super::conditional::{binary, case};
use super::conversion::cast;
use super::functions::call;
use crate::diag::Code;
use crate::sql::typing::{Info, Ty};

/// A date format model after the check.
#[derive(Debug, PartialEq, Eq)]
pub struct DateFormat {
    /// The model to emit.
    pub text: String,
    /// True when the output is digits only (no FM, separators or names).
    pub digits: bool,
    /// True when it reads or writes a time of day.
    pub time: bool,
    /// True when it has YY: the year's last two digits, the same when
    /// printed, not when read (Oracle: the current century; Redshift and
    /// PostgreSQL: the year nearest 2020).
    pub two_digit_year: bool,
}

/// Elements, longest first among those sharing a prefix, and whether each is numeric.
const ELEMENTS: &[(&str, bool)] = &[
    ("YYYY", true),
    ("YY", true),
    ("MONTH", false),
    ("MON", false),
    ("MM", true),
    ("DDD", true),
    ("DD", true),
    ("DAY", false),
    ("DY", false),
    ("HH24", true),
    ("HH12", true),
    ("HH", true),
    ("MI", true),
    ("SS", true),
    ("IW", true),
    ("Q", true),
];

/// Checks and rewrites a date format model; `Err(element)` for one not accepted.
pub fn date_format(format: &str) -> Result<DateFormat, String> {
    let mut out = String::new();
    let mut rest = format;
    let mut fill = false;
    let mut digits = true;
    let mut time = false;
    let mut two_digit_year = false;
    while let Some(c) = rest.chars().next() {
        let upper = rest.to_uppercase();
        if c == '"' {
            let end = rest[1..]
                .find('"')
                .ok_or_else(|| "an unclosed \"".to_string())?;
            out.push_str(&rest[..end + 2]);
            rest = &rest[end + 2..];
            digits = false;
            continue;
        }
        if "-/,.;: ".contains(c) {
            out.push(c);
            rest = &rest[1..];
            digits = false;
            continue;
        }
        if upper.starts_with("FM") {
            fill = !fill;
            rest = &rest[2..];
            digits = false;
            continue;
        }
        if upper.starts_with("RR") {
            return Err("RR".to_string());
        }
        let Some((element, numeric)) = ELEMENTS.iter().find(|(e, _)| upper.starts_with(e)) else {
            let element: String = rest
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric())
                .collect();
            return Err(if element.is_empty() {
                c.to_string()
            } else {
                element
            });
        };
        time |= matches!(*element, "HH24" | "HH12" | "HH" | "MI" | "SS");
        two_digit_year |= *element == "YY";
        digits &= numeric;
        if fill {
            out.push_str("FM");
        }
        out.push_str(&rest[..element.len()]);
        rest = &rest[element.len()..];
    }
    Ok(DateFormat {
        text: out,
        digits,
        time,
        two_digit_year,
    })
}

/// True for a number format model of 9, 0, `,`, `.`, G, D with an optional leading FM.
pub fn number_format(format: &str) -> bool {
    let upper = format.to_uppercase();
    let body = upper.strip_prefix("FM").unwrap_or(&upper);
    !body.is_empty()
        && body.chars().all(|c| "90,.GD".contains(c))
        && body.chars().filter(|c| matches!(c, '.' | 'D')).count() <= 1
}

fn string(s: &str) -> Expr {
    Expr::value(Value::SingleQuotedString(s.to_string()))
}

/// Oracle's TO_CHAR of a decimal without a model (TM): the significant
/// digits only, no trailing zeros, no zero before the point ('.5', '-.5').
/// `||` converts a decimal operand the same way (concat.rs).
pub(super) fn tm(e: Expr) -> Expr {
    let text = cast(e, SqlType::Varchar(None));
    let has_point = binary(
        call("STRPOS", vec![text.clone(), string(".")]),
        BinaryOperator::Gt,
        Expr::value(Value::Number("0".into(), false)),
    );
    let trimmed = call(
        "RTRIM",
        vec![call("RTRIM", vec![text.clone(), string("0")]), string(".")],
    );
    let u = case(
        vec![sqlparser::ast::CaseWhen {
            condition: has_point,
            result: trimmed,
        }],
        Some(text),
    );
    let like = |pattern: &str| Expr::Like {
        negated: false,
        any: false,
        expr: Box::new(u.clone()),
        pattern: Box::new(string(pattern)),
        escape_char: None,
    };
    let from = |n: &str| {
        call(
            "SUBSTR",
            vec![u.clone(), Expr::value(Value::Number(n.into(), false))],
        )
    };
    case(
        vec![
            sqlparser::ast::CaseWhen {
                condition: like("0.%"),
                result: from("2"),
            },
            sqlparser::ast::CaseWhen {
                condition: like("-0.%"),
                result: binary(string("-"), BinaryOperator::StringConcat, from("3")),
            },
        ],
        Some(u.clone()),
    )
}

impl Translator<'_> {
    /// TO_CHAR of a date, TO_DATE, TO_TIMESTAMP with a literal model. A
    /// model with a time of day reads into a TIMESTAMP (Oracle's DATE keeps
    /// the time; Redshift's TO_DATE drops it): `CAST(TO_TIMESTAMP(s, f, TRUE)
    /// AS TIMESTAMP)` (Redshift's TO_TIMESTAMP is a TIMESTAMPTZ in the
    /// session time zone, UTC by default). Reading is strict (`TRUE`): Oracle
    /// raises on `20010631`, Redshift would roll it over to July 1st.
    pub(super) fn date_conversion(
        &mut self,
        node: &super::functions::At,
        name: &str,
        mut args: Vec<Expr>,
        format: Option<String>,
        nullable: bool,
    ) -> Option<(Expr, Info)> {
        let Some(format) = format else {
            self.unsupported_function(
                Code::FormatModel,
                node,
                &format!("`{name}` with a format that is not a literal"),
                "write the format as a string literal",
            );
            return None;
        };
        let model = match date_format(&format) {
            Ok(model) => model,
            Err(element) => {
                self.format_error(node, &element);
                return None;
            }
        };
        if model.two_digit_year && name != "TO_CHAR" {
            self.format_error(node, "YY");
            return None;
        }
        args[1] = string(&model.text);
        if name == "TO_CHAR" {
            return Some((call("TO_CHAR", args), Info::new(Ty::Text, nullable)));
        }
        args.push(Expr::value(Value::Boolean(true)));
        if model.time || name == "TO_TIMESTAMP" {
            let parsed = call("TO_TIMESTAMP", args);
            let timestamp = cast(
                parsed,
                SqlType::Timestamp(None, sqlparser::ast::TimezoneInfo::None),
            );
            return Some((timestamp, Info::new(Ty::Timestamp, nullable)));
        }
        Some((call("TO_DATE", args), Info::new(Ty::Date, nullable)))
    }

    /// TO_CHAR of a number (no model: Oracle's TM; a model of [`number_format`])
    /// and TO_NUMBER with a model.
    pub(super) fn number_conversion(
        &mut self,
        node: &super::functions::At,
        name: &str,
        mut args: Vec<Expr>,
        format: Option<String>,
        info: Info,
    ) -> Option<(Expr, Info)> {
        let nullable = info.nullable;
        if args.len() == 1 {
            let subject = args.pop()?;
            let text = match info.ty {
                Ty::Integer => cast(subject, SqlType::Varchar(None)),
                _ => tm(subject),
            };
            return Some((text, Info::new(Ty::Text, nullable)));
        }
        if !format.as_deref().is_some_and(number_format) {
            self.unsupported_function(
                Code::FormatModel,
                node,
                &format!("`{name}` with this number format is not translated"),
                "use a literal model of 9, 0, ',', '.', G, D with an optional leading FM",
            );
            return None;
        }
        if name == "TO_CHAR" {
            return Some((call("TO_CHAR", args), Info::new(Ty::Text, nullable)));
        }
        Some((call("TO_NUMBER", args), Info::new(Ty::Exact, nullable)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fill_mode_is_spread_over_the_elements() {
        let format = date_format("FMMonth DD, YYYY").unwrap();
        assert_eq!(format.text, "FMMonth FMDD, FMYYYY");
        assert!(!format.digits && !format.time);
        assert_eq!(date_format("FMDD FMMM").unwrap().text, "FMDD MM");
        let digits = date_format("YYYYMMDD").unwrap();
        assert!(digits.digits);
        assert!(date_format("HH24:MI").unwrap().time);
        assert_eq!(date_format("DD-MON-RR"), Err("RR".into()));
        assert_eq!(date_format("D"), Err("D".into()));
        let year = date_format("MON-YY").unwrap();
        assert!(year.two_digit_year && !year.digits && year.text == "MON-YY");
        assert!(!date_format("YYYY").unwrap().two_digit_year);
        assert_eq!(date_format("YYY"), Err("Y".into()));
    }

    #[test]
    fn date_models_say_whether_they_are_digits_only() {
        assert!(date_format("YYYYMMDD").is_ok_and(|m| m.digits && !m.time));
        assert!(date_format("DD-MON-YYYY").is_ok_and(|m| !m.digits));
        assert!(date_format("FMDay, \"the\" DD").is_ok_and(|m| !m.digits));
        assert!(date_format("YYYY-MM-DD HH24:MI").is_ok_and(|m| m.time));
        assert_eq!(date_format("DD-MON-RR").map(|m| m.text), Err("RR".into()));
    }

    #[test]
    fn number_models() {
        assert!(number_format("FM999.009") && number_format("9,999.99"));
        assert!(!number_format("9.9EEEE") && !number_format("L999") && !number_format(""));
    }
}
