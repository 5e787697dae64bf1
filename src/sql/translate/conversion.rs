//! Conversions: TO_CHAR, TO_DATE, TO_NUMBER, CAST, and the date format models.
//!
//! - `TO_CHAR(d, 'fmt')`, `TO_DATE(s, 'fmt')`, `TO_TIMESTAMP(s, 'fmt')`,
//!   `TO_CHAR(n[, 'fmt'])` and `TO_NUMBER(s, 'fmt')`: the format models are
//!   checked and rewritten in `formats.rs` (Oracle's FM toggle, strict
//!   reading, a time of day read into a TIMESTAMP, Oracle's TM for numbers).
//!   RR, D and NLS-dependent defaults (TO_CHAR(d) without a model) are refused.
//! - `TO_NUMBER(TO_CHAR(d, 'YYYYMMDD'))` (digits only, no FM) ->
//!   `CAST(TO_CHAR(d, 'YYYYMMDD') AS INTEGER)` (BIGINT over 9 digits): the
//!   text is all digits, so the conversion is exact. `TO_NUMBER('123.45')`,
//!   a text literal in plain decimal notation, is the number it holds.
//!   `TO_NUMBER(x)` written whole into a column of an exact type is
//!   `CAST(x AS` that type`)` (the column rounds it to its scale in Oracle).
//!   Other TO_NUMBER calls are refused (the NUMBER's scale is unknown).
//! - `CAST(x AS t)`: Oracle types mapped (NUMBER(p,s) -> DECIMAL(p,s),
//!   VARCHAR2(n) -> VARCHAR(n); the character types as in DDL, with the same
//!   `translate::type-mapped` warnings: NVARCHAR2(n) and VARCHAR2(n CHAR)
//!   -> VARCHAR(4n), since Oracle counts characters and Redshift bytes, and
//!   CLOB -> VARCHAR(65535), which holds less); text or a decimal to an
//!   exact number is rounded explicitly to the target's scale, as Oracle
//!   rounds, whatever the session's `enable_numeric_rounding`
//!   ([`exact_number`]); conversions that depend on NLS settings are refused.

use sqlparser::ast::{
    CastKind, CharacterLength, DataType as SqlType, ExactNumberInfo, Expr, UnaryOperator, Value,
};

use super::Translator;
use super::functions::{At, call, string_literal, take_args};
use crate::diag::{Code, Diagnostic};
use crate::spec::model::DataType;
use crate::spec::types::parse_type;
use crate::sql::typing::{Info, Ty};

/// The sqlparser type printing as a Redshift type.
pub fn sql_type(data_type: DataType) -> SqlType {
    match data_type {
        DataType::SmallInt => SqlType::SmallInt(None),
        DataType::Integer => SqlType::Integer(None),
        DataType::BigInt => SqlType::BigInt(None),
        DataType::Decimal { precision, scale } => SqlType::Decimal(
            ExactNumberInfo::PrecisionAndScale(u64::from(precision), i64::from(scale)),
        ),
        DataType::Real => SqlType::Real,
        DataType::Double => SqlType::DoublePrecision,
        DataType::Boolean => SqlType::Boolean,
        DataType::Char(n) => SqlType::Char(Some(CharacterLength::IntegerLength {
            length: u64::from(n),
            unit: None,
        })),
        DataType::Varchar(n) => SqlType::Varchar(Some(CharacterLength::IntegerLength {
            length: u64::from(n),
            unit: None,
        })),
        DataType::Date => SqlType::Date,
        DataType::Timestamp => SqlType::Timestamp(None, sqlparser::ast::TimezoneInfo::None),
        DataType::TimestampTz => SqlType::Timestamp(None, sqlparser::ast::TimezoneInfo::Tz),
    }
}

/// `CAST(e AS t)`.
pub fn cast(e: Expr, data_type: SqlType) -> Expr {
    Expr::Cast {
        kind: CastKind::Cast,
        expr: Box::new(e),
        data_type,
        format: None,
    }
}

/// A CAST target written in Oracle or Redshift spelling, as a Redshift type,
/// with the reason when the mapping changes what the type holds.
fn target_type(data_type: &SqlType) -> Result<(DataType, Option<&'static str>), String> {
    let text = data_type.to_string().to_lowercase();
    // Oracle's length units (`n CHAR`, `n BYTE`), NVARCHAR2 and CLOB:
    // mapped as DDL maps them.
    let characters = text.starts_with("nvarchar2")
        || text == "clob"
        || (text.starts_with("varchar") && (text.ends_with("char)") || text.ends_with("byte)")));
    if characters {
        return super::ddl::map_type(&text)
            .ok_or_else(|| format!("`{data_type}` is not translated"));
    }
    let text = text.replace("varchar2", "varchar");
    let text = match text.strip_prefix("number") {
        Some(rest) if rest.starts_with('(') => format!("numeric{rest}"),
        Some(_) => return Err("NUMBER without precision".into()),
        None => text,
    };
    parse_type(&text)
        .map(|ty| (ty, None))
        .map_err(|error| error.message)
}

/// The number a TO_NUMBER text literal holds, as a numeric literal: Oracle's
/// TO_NUMBER without a format reads a number in plain decimal notation
/// (<https://docs.oracle.com/en/database/oracle/oracle-database/19/sqlrf/TO_NUMBER.html>),
/// which eltc reads here once, so that no run-time conversion (which
/// Redshift would need a precision for) is left. Only an optional sign,
/// digits and one point, 38 digits at most (Redshift's DECIMAL precision);
/// anything else (blanks, exponents, group separators) stays refused.
fn number_literal(text: &str) -> Option<(Expr, Info)> {
    let (negative, unsigned) = match text.as_bytes().first() {
        Some(b'-') => (true, &text[1..]),
        Some(b'+') => (false, &text[1..]),
        _ => (false, text),
    };
    let (whole, fraction) = unsigned.split_once('.').unwrap_or((unsigned, ""));
    let digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    if !digits(whole)
        || !digits(fraction)
        || (whole.is_empty() && fraction.is_empty())
        || whole.len() + fraction.len() > 38
    {
        return None;
    }
    let whole = match whole.trim_start_matches('0') {
        "" => "0",
        kept => kept,
    };
    let fraction = fraction.trim_end_matches('0');
    // Up to 18 digits an integer fits BIGINT, as eltc types integer literals.
    let (literal, ty) = if fraction.is_empty() && whole.len() <= 18 {
        (whole.to_string(), Ty::Integer)
    } else if fraction.is_empty() {
        (whole.to_string(), Ty::Exact)
    } else {
        (format!("{whole}.{fraction}"), Ty::Exact)
    };
    let number = Expr::value(Value::Number(literal, false));
    let expr = if negative {
        Expr::UnaryOp {
            op: UnaryOperator::Minus,
            expr: Box::new(number),
        }
    } else {
        number
    };
    Some((expr, Info::literal(ty)))
}

impl Translator<'_> {
    /// TO_CHAR, TO_DATE, TO_NUMBER, TO_TIMESTAMP.
    pub(super) fn conversion_function(&mut self, e: &mut Expr, name: &str) -> Info {
        let inner_digits = match (name, &*e) {
            ("TO_NUMBER", Expr::Function(f)) => digit_to_char(f),
            _ => None,
        };
        let node = At::of(e);
        let mut args = take_args(e);
        // TO_NUMBER('123.45'): the text is known, so is the number.
        if name == "TO_NUMBER"
            && let [arg] = args.as_slice()
            && let Some((number, info)) = string_literal(arg).as_deref().and_then(number_literal)
        {
            *e = number;
            return info;
        }
        let infos: Vec<Info> = args.iter_mut().map(|arg| self.expr(arg)).collect();
        let nullable = infos.iter().any(|i| i.nullable);
        let format = args.get(1).and_then(string_literal);
        let rewritten = match (name, infos.first().map(|i| i.ty), args.len()) {
            ("TO_CHAR", Some(ty), 2) if ty.is_datetime() && ty != Ty::TimestampTz => {
                self.date_conversion(&node, "TO_CHAR", args, format, nullable)
            }
            ("TO_DATE" | "TO_TIMESTAMP", Some(Ty::Text | Ty::Null), 2) => {
                self.date_conversion(&node, name, args, format, nullable)
            }
            ("TO_CHAR", Some(Ty::Integer | Ty::Exact | Ty::Null), 1 | 2)
            | ("TO_NUMBER", Some(Ty::Text | Ty::Null), 2) => {
                self.number_conversion(&node, name, args, format, infos[0])
            }
            ("TO_NUMBER", _, 1) if inner_digits.is_some() => {
                let target = if inner_digits.unwrap_or(0) > 9 {
                    SqlType::BigInt(None)
                } else {
                    SqlType::Integer(None)
                };
                args.pop()
                    .map(|arg| (cast(arg, target), Info::new(Ty::Integer, nullable)))
            }
            _ => {
                let help = match name {
                    "TO_NUMBER" => {
                        "write CAST(x AS NUMBER(p,s)) with the scale the data needs (a TO_NUMBER written whole into a column takes the column's)"
                    }
                    "TO_CHAR" => {
                        "TO_CHAR is translated for dates with a literal format; format numbers explicitly or CAST integers AS VARCHAR"
                    }
                    "TO_TIMESTAMP" => {
                        "Redshift's TO_TIMESTAMP returns TIMESTAMPTZ: write it with `dialect: redshift`"
                    }
                    _ => "TO_DATE needs a text argument and a literal date format",
                };
                self.refuse_arguments(&node, name, &infos, help);
                None
            }
        };
        match rewritten {
            Some((rewritten, info)) => {
                *e = rewritten;
                info
            }
            None => Info::unknown(),
        }
    }

    pub(super) fn format_error(&mut self, node: &At, element: &str) {
        let help = if element == "RR" {
            "Redshift has no RR: normalise two-digit years to four digits and use YYYY".to_string()
        } else if element == "YY" {
            "TO_DATE reads YY in the current century in Oracle, in the century nearest 2020 in Redshift: normalise two-digit years to four digits and use YYYY (TO_CHAR prints YY alike)".to_string()
        } else {
            format!(
                "`{element}` is not among the checked elements (YYYY, MM, DD, HH24, MI, SS, MON, MONTH, DY, DAY, FM, separators; TO_DATE: date elements only)"
            )
        };
        self.unsupported_function(
            Code::FormatModel,
            node,
            &format!("format element `{element}` is not translated"),
            &help,
        );
    }

    /// CAST with Oracle type names and implicit-conversion rules.
    pub(super) fn cast(&mut self, e: &mut Expr) -> Info {
        let node = At::of(e);
        let Expr::Cast {
            kind,
            expr,
            data_type,
            format,
        } = e
        else {
            return Info::unknown();
        };
        let from = self.expr(expr);
        if !self.oracle {
            return Info::unknown();
        }
        if *kind != CastKind::Cast || format.is_some() {
            self.unsupported(
                Code::CastForm,
                &node,
                "this form of CAST is not translated",
                "write CAST(x AS type)",
            );
            return Info::unknown();
        }
        let oracle_type = data_type.to_string();
        let (target, mapped) = match target_type(data_type) {
            Ok(target) => target,
            Err(message) => {
                self.unsupported(
                    Code::CastForm,
                    &node,
                    format!("CAST to this type: {message}"),
                    "cast to a Redshift type such as DECIMAL(p,s), VARCHAR(n), DATE or TIMESTAMP",
                );
                return Info::unknown();
            }
        };
        if let Some(why) = mapped {
            let span = self.span_of(&node);
            self.report(
                Diagnostic::new(
                    Code::TypeMapped,
                    span,
                    format!("`{oracle_type}` in CAST became `{target}`: {why}"),
                )
                .label("CAST of this value")
                .help("check that the Redshift type holds the data, or CAST to the Redshift type you want"),
            );
        }
        *data_type = sql_type(target);
        let to = Ty::of(target);
        // A Data API parameter (`eltc translate`) arrives as text in the
        // target's Redshift literal form; the CAST is what gives it a type.
        let data_api_bind = matches!(self.binds, super::Binds::DataApi)
            && matches!(&**expr, Expr::Value(v) if matches!(v.value, Value::Placeholder(_)));
        // Text or a decimal into an exact type: Oracle rounds to the
        // target's scale; [`exact_number`] says why a plain CAST would not.
        if !data_api_bind
            && matches!(
                (from.ty, to),
                (Ty::Text | Ty::Exact, Ty::Integer | Ty::Exact)
            )
        {
            let value = super::functions::take_expr(expr);
            *e = exact_number(value, from.ty, target);
            return Info::of(target, !from.nullable);
        }
        let ok = match (from.ty, to) {
            _ if data_api_bind => true,
            (Ty::Null, _) => true,
            (Ty::Integer | Ty::Text, Ty::Text) => true,
            (Ty::Integer, Ty::Integer | Ty::Exact | Ty::Float) => true,
            (Ty::Exact, Ty::Exact | Ty::Float) | (Ty::Float, Ty::Float) => true,
            (Ty::Date, Ty::Date | Ty::Timestamp) | (Ty::Timestamp, Ty::Timestamp) => true,
            _ => false,
        };
        if !ok {
            if from.ty == Ty::Unknown {
                let message = format!("CAST of an expression of unknown type to {target}");
                self.unknown_type(
                    &node,
                    message,
                    "qualify the column with a declared table's alias",
                );
            } else {
                let message = format!("CAST of {} to {target}", from.ty.describe());
                self.unsupported(Code::ImplicitConversion, &node, message, "Oracle's conversion rounds or formats differently here (NLS settings, number formatting, time of day): convert explicitly");
            }
            return Info::unknown();
        }
        Info::of(target, !from.nullable)
    }
}

/// `value` (text, or an exact number) as the exact type `to`, rounded half
/// away from zero to `to`'s scale, as Oracle rounds a value stored into or
/// cast to `NUMBER(p,s)`
/// (<https://docs.oracle.com/en/database/oracle/oracle-database/19/sqlrf/Data-Types.html>,
/// "NUMBER Data Type"). Redshift's CAST to a smaller scale rounds or
/// truncates as the session's `enable_numeric_rounding` says
/// (<https://docs.aws.amazon.com/redshift/latest/dg/r_enable_numeric_rounding.html>),
/// so the rounding is an explicit ROUND (half away from zero in both), after
/// which the CAST is exact:
///
/// - an exact number: `CAST(ROUND(x, s) AS DECIMAL(p,s))` (a literal that
///   already fits is only cast);
/// - text: Oracle ignores surrounding blanks and reads '' as NULL, where
///   Redshift's CAST refuses both
///   (<https://docs.aws.amazon.com/redshift/latest/dg/r_CAST_function.html>),
///   so `CAST(ROUND(CAST(NULLIF(TRIM(x), '') AS DECIMAL(38,w)), s) AS
///   DECIMAL(p,s))`. The text is read at scale `w`, as many decimals as
///   DECIMAL(38, w) leaves room for beside the target's integer digits (at
///   least one more than `s`): a digit past `w` changes the result only in a
///   session that rounds, and only when the digits from `s+2` to `w` are all
///   nines; a value too large for the target fails there as in Oracle.
pub fn exact_number(value: Expr, from: Ty, to: DataType) -> Expr {
    let (integer_digits, scale) = match to {
        DataType::Decimal { precision, scale } => (precision - scale, scale),
        DataType::SmallInt => (5, 0),
        DataType::Integer => (10, 0),
        _ => (19, 0),
    };
    let scale_literal = Expr::value(Value::Number(scale.to_string(), false));
    let rounded = match from {
        Ty::Text => {
            // The tree sqlparser reads from the text (Expr::Trim, not a call).
            let trimmed = Expr::Trim {
                expr: Box::new(value),
                trim_where: None,
                trim_what: None,
                trim_characters: None,
            };
            let blank_as_null = call(
                "NULLIF",
                vec![
                    trimmed,
                    Expr::value(Value::SingleQuotedString(String::new())),
                ],
            );
            let read_scale = 38u8.saturating_sub(integer_digits).max(scale + 1).min(37);
            let read = cast(
                blank_as_null,
                SqlType::Decimal(ExactNumberInfo::PrecisionAndScale(
                    38,
                    i64::from(read_scale),
                )),
            );
            call("ROUND", vec![read, scale_literal])
        }
        _ if literal_fits(&value, scale) => value,
        _ => call("ROUND", vec![value, scale_literal]),
    };
    cast(rounded, sql_type(to))
}

/// `TO_NUMBER(x)` without a format, written whole into a column of the
/// exact type `column`, becomes `CAST(x AS column)` for [`Translator::cast`]
/// to translate: Oracle reads `x` as a NUMBER and the column rounds it to its
/// scale on assignment, which is what Oracle's CAST to `NUMBER(p,s)` does
/// (<https://docs.oracle.com/en/database/oracle/oracle-database/19/sqlrf/TO_NUMBER.html>,
/// <https://docs.oracle.com/en/database/oracle/oracle-database/19/sqlrf/CAST.html>).
/// Anywhere else the NUMBER's scale is unknown, and TO_NUMBER stays refused.
/// A text literal is left to [`number_literal`], the TO_CHAR of a date in
/// digits to [`digit_to_char`].
pub(super) fn to_number_into_column(value: &mut Expr, column: DataType) {
    if !matches!(
        column,
        DataType::SmallInt | DataType::Integer | DataType::BigInt | DataType::Decimal { .. }
    ) {
        return;
    }
    let call = match value {
        Expr::Nested(inner) => return to_number_into_column(inner, column),
        Expr::Function(call) => call,
        _ => return,
    };
    // TO_NUMBER(TO_CHAR(d, 'YYYYMMDD')) has an exact form of its own.
    if digit_to_char(call).is_some() {
        return;
    }
    let plain = call.name.0.len() == 1
        && call.name.to_string().eq_ignore_ascii_case("TO_NUMBER")
        && call.over.is_none()
        && call.filter.is_none()
        && call.within_group.is_empty()
        && matches!(call.parameters, sqlparser::ast::FunctionArguments::None);
    let sqlparser::ast::FunctionArguments::List(list) = &mut call.args else {
        return;
    };
    let [sqlparser::ast::FunctionArg::Unnamed(sqlparser::ast::FunctionArgExpr::Expr(argument))] =
        list.args.as_mut_slice()
    else {
        return;
    };
    if !plain || list.duplicate_treatment.is_some() || !list.clauses.is_empty() {
        return;
    }
    if super::functions::string_literal(argument).is_some() {
        return;
    }
    let argument = super::functions::take_expr(argument);
    *value = cast(argument, sql_type(column));
}

/// Whether `value` is a call of TO_NUMBER (a cheap test, before
/// [`to_number_into_column`] looks closer).
pub(super) fn is_to_number(value: &Expr) -> bool {
    match value {
        Expr::Nested(inner) => is_to_number(inner),
        Expr::Function(call) => call.name.to_string().eq_ignore_ascii_case("TO_NUMBER"),
        _ => false,
    }
}

/// Whether `value` is a numeric literal with at most `scale` decimals.
fn literal_fits(value: &Expr, scale: u8) -> bool {
    let number = match value {
        Expr::Value(v) => &v.value,
        Expr::UnaryOp {
            op: UnaryOperator::Minus | UnaryOperator::Plus,
            expr,
        } => match &**expr {
            Expr::Value(v) => &v.value,
            _ => return false,
        },
        _ => return false,
    };
    match number {
        Value::Number(text, _) => {
            let decimals = text.split_once('.').map_or(0, |(_, f)| f.len());
            !text.contains(['e', 'E']) && decimals <= usize::from(scale)
        }
        _ => false,
    }
}

/// For `TO_NUMBER(TO_CHAR(d, 'fmt'))` with a digits-only format: the number of digits.
fn digit_to_char(to_number: &sqlparser::ast::Function) -> Option<usize> {
    let sqlparser::ast::FunctionArguments::List(list) = &to_number.args else {
        return None;
    };
    let [
        sqlparser::ast::FunctionArg::Unnamed(sqlparser::ast::FunctionArgExpr::Expr(
            Expr::Function(inner),
        )),
    ] = list.args.as_slice()
    else {
        return None;
    };
    if super::functions::name_of(inner).as_deref() != Some("TO_CHAR") {
        return None;
    }
    let sqlparser::ast::FunctionArguments::List(inner_list) = &inner.args else {
        return None;
    };
    let [
        _,
        sqlparser::ast::FunctionArg::Unnamed(sqlparser::ast::FunctionArgExpr::Expr(format)),
    ] = inner_list.args.as_slice()
    else {
        return None;
    };
    let format = string_literal(format)?;
    match super::formats::date_format(&format) {
        Ok(model) if model.digits => {
            let upper = format.to_uppercase();
            Some(upper.replace("HH24", "HH").replace("HH12", "HH").len())
        }
        _ => None,
    }
}
