//! One field to the value COPY stores in its column, written as PostgreSQL
//! COPY text (`\N` for NULL, backslash escapes), or the reason COPY rejects it.
//!
//! The NULL / empty-string matrix is docs/redshift.md#copy-empty-and-null-fields, from
//! <https://docs.aws.amazon.com/redshift/latest/dg/copy-parameters-data-conversion.html>:
//! - a field equal to the NULL AS string (default `\N`) is NULL in every column;
//! - CHAR/VARCHAR: an empty field is `''`, NULL with EMPTYASNULL ("EMPTYASNULL
//!   and NULL AS '' produce the same behavior"); a blank field keeps its
//!   blanks, NULL with BLANKSASNULL;
//! - every other type: an empty or blank field is always NULL;
//! - a missing trailing field under FILLRECORD is an empty field: "if the
//!   missing column is a VARCHAR column, zero-length strings are loaded
//!   instead of NULLs", unless EMPTYASNULL.
//!
//! Quoted CSV fields are matched after their quotes are undone, so `""` is an
//! empty field and NULL under EMPTYASNULL. The notes mark this VERIFY; the
//! documented rule we apply is the equivalence EMPTYASNULL = NULL AS '' on the
//! field's value (CSV quotes only escape delimiters, newlines and carriage
//! returns, copy-parameters-data-format.html), which also matches what the
//! migrated pipelines expect (Oracle has no empty string).
//!
//! Types: integers range-checked (SMALLINT/INTEGER/BIGINT), decimals checked
//! against precision and scale and rounded half away from zero with ROUNDEC
//! (truncated without it, docs/redshift.md#copy-data-conversion), dates and timestamps read with
//! DATEFORMAT / TIMEFORMAT ([`super::datetime`]), CHAR/VARCHAR lengths in
//! bytes (an over-long value is an error unless the excess is blanks, which
//! are cut), invalid UTF-8 an error (1220). Numbers and dates are read with
//! surrounding blanks removed.

use super::spec::CopySpec;
use crate::spec::model::DataType;
use crate::target::ReadColumn;

/// Why a field is rejected: an AWS load error code, a reason, a byte position in the field.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FieldError {
    /// AWS load error code (r_Load_Error_Reference.html).
    pub code: u32,
    /// The reason, in the style of STL_LOAD_ERRORS.err_reason.
    pub reason: String,
    /// Byte offset in the field.
    pub position: usize,
}

fn error(code: u32, reason: impl Into<String>, position: usize) -> FieldError {
    FieldError {
        code,
        reason: reason.into(),
        position,
    }
}

/// One field as the splitter found it.
pub struct FieldText<'a> {
    /// Its value, quoting and escapes undone; `None` for a field missing under FILLRECORD.
    pub value: Option<&'a [u8]>,
    /// The field as written (the NULL AS string is compared with this when ESCAPE is on).
    pub raw: &'a [u8],
}

/// Converts fields; holds a scratch buffer reused across fields.
#[derive(Default)]
pub struct Converter {
    digits: Vec<u8>,
}

impl Converter {
    /// Appends the COPY-text form of `field` for `column` to `out`.
    pub fn field(
        &mut self,
        copy: &CopySpec,
        column: &ReadColumn,
        field: FieldText<'_>,
        escape_mode: bool,
        out: &mut Vec<u8>,
    ) -> Result<(), FieldError> {
        let value = field.value.unwrap_or(b"");
        let marker = if escape_mode { field.raw } else { value };
        let null = (field.value.is_some() && marker == copy.null_as.as_bytes())
            || (field.value.is_none() && copy.null_as.is_empty());
        let text = std::str::from_utf8(value).map_err(|e| {
            error(
                1220,
                "String contains invalid or unsupported UTF8 codepoints",
                e.valid_up_to(),
            )
        })?;
        let stored = if null {
            None
        } else if column.ty.is_text() {
            let blank = !text.is_empty() && text.bytes().all(is_blank);
            if (text.is_empty() && copy.empty_as_null) || (blank && copy.blanks_as_null) {
                None
            } else {
                Some(text)
            }
        } else if text.bytes().all(is_blank) {
            None
        } else {
            Some(text.trim_matches(|c: char| c.is_ascii() && is_blank(c as u8)))
        };
        let Some(text) = stored else {
            if column.not_null {
                return Err(error(1213, "Missing data for not-null field", 0));
            }
            out.extend_from_slice(b"\\N");
            return Ok(());
        };
        self.typed(copy, column.ty, text, out)
    }

    fn typed(
        &mut self,
        copy: &CopySpec,
        ty: DataType,
        text: &str,
        out: &mut Vec<u8>,
    ) -> Result<(), FieldError> {
        match ty {
            DataType::Char(n) => write_text(fit(text, usize::from(n))?, out),
            DataType::Varchar(n) => write_text(fit(text, n as usize)?, out),
            DataType::SmallInt => integer(text, i64::from(i16::MIN), i64::from(i16::MAX), out)?,
            DataType::Integer => integer(text, i64::from(i32::MIN), i64::from(i32::MAX), out)?,
            DataType::BigInt => integer(text, i64::MIN, i64::MAX, out)?,
            DataType::Decimal { precision, scale } => {
                self.decimal(text, precision, scale, copy.round_decimals, out)?;
            }
            DataType::Real | DataType::Double => {
                if text.parse::<f64>().is_err() {
                    return Err(error(1208, format!("Invalid float value '{text}'"), 0));
                }
                out.extend_from_slice(text.as_bytes());
            }
            DataType::Boolean => out.push(boolean(text)?),
            DataType::Date => copy
                .date_format
                .read(text, true)
                .ok_or_else(|| error(1205, format!("Invalid date format '{text}'"), 0))?
                .write_date(out),
            DataType::Timestamp | DataType::TimestampTz => copy
                .time_format
                .read(text, false)
                .ok_or_else(|| error(1206, format!("Invalid timestamp format '{text}'"), 0))?
                .write_timestamp(out),
        }
        Ok(())
    }

    /// `[+-]digits[.digits]` checked against DECIMAL(p, s): extra decimals
    /// rounded half away from zero (ROUNDEC) or truncated (COPY's default).
    fn decimal(
        &mut self,
        text: &str,
        precision: u8,
        scale: u8,
        round: bool,
        out: &mut Vec<u8>,
    ) -> Result<(), FieldError> {
        let (negative, body) = sign(text);
        let offset = text.len() - body.len();
        let (int, frac) = body.split_once('.').unwrap_or((body, ""));
        if let Some(bad) = body
            .bytes()
            .enumerate()
            .filter(|&(i, b)| !(b.is_ascii_digit() || (b == b'.' && i == int.len())))
            .map(|(i, _)| i)
            .next()
            .or((int.is_empty() && frac.is_empty()).then_some(0))
        {
            return Err(error(
                1207,
                format!("Invalid digit, Value '{text}', Type: Decimal"),
                offset + bad,
            ));
        }
        let scale = usize::from(scale);
        let digits = &mut self.digits;
        digits.clear();
        digits.extend_from_slice(int.trim_start_matches('0').as_bytes());
        let int_len = digits.len();
        let kept = frac.len().min(scale);
        digits.extend_from_slice(&frac.as_bytes()[..kept]);
        digits.resize(int_len + scale, b'0');
        let mut int_len = int_len;
        if round && frac.as_bytes().get(scale).is_some_and(|&d| d >= b'5') && carry(digits) {
            digits.insert(0, b'1');
            int_len += 1;
        }
        if int_len > usize::from(precision) - scale {
            return Err(error(
                1209,
                format!("Numeric data overflow, Value '{text}', DECIMAL({precision},{scale})"),
                0,
            ));
        }
        if negative && digits.iter().any(|&d| d != b'0') {
            out.push(b'-');
        }
        if int_len == 0 {
            out.push(b'0');
        }
        out.extend_from_slice(&digits[..int_len]);
        if scale > 0 {
            out.push(b'.');
            out.extend_from_slice(&digits[int_len..]);
        }
        Ok(())
    }
}

/// Adds one to the last digit; true when the carry leaves the first digit.
fn carry(digits: &mut [u8]) -> bool {
    for d in digits.iter_mut().rev() {
        if *d == b'9' {
            *d = b'0';
        } else {
            *d += 1;
            return false;
        }
    }
    true
}

fn sign(text: &str) -> (bool, &str) {
    match text.as_bytes().first() {
        Some(b'-') => (true, &text[1..]),
        Some(b'+') => (false, &text[1..]),
        _ => (false, text),
    }
}

fn is_blank(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\r' | b'\x0b' | b'\x0c')
}

/// A CHAR/VARCHAR value within `n` bytes: over-long is an error unless the
/// excess is blanks, which are cut (Redshift sizes both types in bytes).
fn fit(text: &str, n: usize) -> Result<&str, FieldError> {
    if text.len() <= n {
        return Ok(text);
    }
    if text.as_bytes()[n..].iter().all(|&b| b == b' ') {
        return Ok(&text[..n]);
    }
    Err(error(
        1204,
        format!(
            "String length exceeds DDL length ({} bytes > {n})",
            text.len()
        ),
        n,
    ))
}

fn integer(text: &str, min: i64, max: i64, out: &mut Vec<u8>) -> Result<(), FieldError> {
    let (negative, body) = sign(text);
    let offset = text.len() - body.len();
    if let Some(bad) = body
        .bytes()
        .position(|b| !b.is_ascii_digit())
        .or(body.is_empty().then_some(0))
    {
        return Err(error(
            1207,
            format!("Invalid digit, Value '{text}', Pos {}", offset + bad),
            offset + bad,
        ));
    }
    let magnitude = body.bytes().try_fold(0i128, |acc, d| {
        acc.checked_mul(10)?.checked_add(i128::from(d - b'0'))
    });
    let value = magnitude.map(|m| if negative { -m } else { m });
    match value {
        Some(v) if v >= i128::from(min) && v <= i128::from(max) => {
            out.extend_from_slice(text.as_bytes());
            Ok(())
        }
        _ => Err(error(
            1204,
            format!("Overflow, Value '{text}' out of range {min} to {max}"),
            0,
        )),
    }
}

/// BOOLEAN literals COPY accepts (r_Boolean_type.html).
fn boolean(text: &str) -> Result<u8, FieldError> {
    const TRUE: &[&str] = &["t", "true", "y", "yes", "1"];
    const FALSE: &[&str] = &["f", "false", "n", "no", "0"];
    if TRUE.iter().any(|t| t.eq_ignore_ascii_case(text)) {
        Ok(b't')
    } else if FALSE.iter().any(|f| f.eq_ignore_ascii_case(text)) {
        Ok(b'f')
    } else {
        Err(error(1210, format!("Invalid boolean value '{text}'"), 0))
    }
}

/// Text in PostgreSQL COPY text format: backslash, tab, newline and carriage return escaped.
pub fn write_text(text: &str, out: &mut Vec<u8>) {
    let bytes = text.as_bytes();
    if !bytes
        .iter()
        .any(|&b| matches!(b, b'\\' | b'\t' | b'\n' | b'\r'))
    {
        out.extend_from_slice(bytes);
        return;
    }
    for &b in bytes {
        match b {
            b'\\' => out.extend_from_slice(b"\\\\"),
            b'\t' => out.extend_from_slice(b"\\t"),
            b'\n' => out.extend_from_slice(b"\\n"),
            b'\r' => out.extend_from_slice(b"\\r"),
            _ => out.push(b),
        }
    }
}

#[cfg(test)]
mod tests;
