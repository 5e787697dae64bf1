//! Canonical text of a value for comparison, per kind of column: what makes
//! `12.30` equal `12.3` and `'W  '` equal `'W'` in a CHAR column.
//!
//! Text that does not read as its kind is kept as written, so a malformed
//! expected value shows up as a difference rather than an error.

/// How a column's values compare.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// Exact decimals (integers, NUMERIC): by value.
    Number,
    /// REAL / DOUBLE PRECISION: by binary value.
    Float,
    /// DATE.
    Date,
    /// TIMESTAMP without time zone.
    Timestamp,
    /// TIMESTAMPTZ (the session is UTC).
    TimestampTz,
    /// CHAR(n): without trailing blanks.
    Char,
    /// BOOLEAN.
    Bool,
    /// Everything else: exact text.
    Text,
}

impl Kind {
    /// The kind of a PostgreSQL type, by its `pg_type` name.
    pub fn of_pg_type(name: &str) -> Kind {
        match name {
            "int2" | "int4" | "int8" | "numeric" | "oid" => Kind::Number,
            "float4" | "float8" => Kind::Float,
            "date" => Kind::Date,
            "timestamp" => Kind::Timestamp,
            "timestamptz" => Kind::TimestampTz,
            "bpchar" => Kind::Char,
            "bool" => Kind::Bool,
            _ => Kind::Text,
        }
    }
}

/// The canonical text of `text` (not NULL) as a value of `kind`.
pub fn normalize(kind: Kind, text: &str) -> String {
    let canonical = match kind {
        Kind::Number => decimal(text.trim()),
        Kind::Float => text.trim().parse::<f64>().ok().map(|f| {
            // -0 = 0 by value.
            if f == 0.0 { "0".into() } else { f.to_string() }
        }),
        Kind::Date => date(text.trim()),
        Kind::Timestamp => timestamp(text.trim()),
        Kind::TimestampTz => {
            let t = text.trim();
            let local = ["+00:00", "+00", "Z", "z"]
                .iter()
                .find_map(|utc| t.strip_suffix(utc))
                .unwrap_or(t);
            timestamp(local.trim_end())
        }
        Kind::Char => Some(text.trim_end_matches(' ').to_string()),
        Kind::Bool => match text.trim().to_ascii_lowercase().as_str() {
            "t" | "true" | "y" | "yes" | "1" => Some("true".into()),
            "f" | "false" | "n" | "no" | "0" => Some("false".into()),
            _ => None,
        },
        Kind::Text => None,
    };
    canonical.unwrap_or_else(|| text.to_string())
}

/// `[+-]digits[.digits]` without leading or trailing zeros, `0` for zero.
fn decimal(text: &str) -> Option<String> {
    let (negative, digits) = match text.as_bytes().first()? {
        b'-' => (true, &text[1..]),
        b'+' => (false, &text[1..]),
        _ => (false, text),
    };
    let (int, frac) = digits.split_once('.').unwrap_or((digits, ""));
    let all_digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    if (int.is_empty() && frac.is_empty()) || !all_digits(int) || !all_digits(frac) {
        return None;
    }
    let int = int.trim_start_matches('0');
    let frac = frac.trim_end_matches('0');
    let magnitude = match (int.is_empty(), frac.is_empty()) {
        (true, true) => return Some("0".into()),
        (_, true) => int.to_string(),
        (true, false) => format!("0.{frac}"),
        (false, false) => format!("{int}.{frac}"),
    };
    Some(if negative {
        format!("-{magnitude}")
    } else {
        magnitude
    })
}

/// `YYYY-MM-DD` (also `YYYY/MM/DD`), zero-padded; `None` for other text.
fn date(text: &str) -> Option<String> {
    let parts: Vec<&str> = text.split(['-', '/']).collect();
    let [y, m, d] = parts.as_slice() else {
        return None;
    };
    let number = |s: &str, max: u32| -> Option<u32> {
        (!s.is_empty() && s.bytes().all(|b| b.is_ascii_digit()))
            .then(|| s.parse().ok())
            .flatten()
            .filter(|n| *n <= max)
    };
    let (y, m, d) = (number(y, 9999)?, number(m, 12)?, number(d, 31)?);
    Some(format!("{y:04}-{m:02}-{d:02}"))
}

/// `YYYY-MM-DD HH:MI:SS[.fraction]` with the fraction's trailing zeros cut;
/// `T` or a space between date and time; a date alone is midnight.
fn timestamp(text: &str) -> Option<String> {
    let (day, time) = text
        .split_once(['T', ' '])
        .map_or((text, "00:00:00"), |(d, t)| (d, t.trim()));
    let day = date(day)?;
    let (hms, fraction) = time.split_once('.').unwrap_or((time, ""));
    let parts: Vec<u32> = hms
        .split(':')
        .map(|p| {
            (!p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()))
                .then(|| p.parse().ok())
                .flatten()
        })
        .collect::<Option<_>>()?;
    let (h, mi, s) = match parts.as_slice() {
        [h, mi] => (*h, *mi, 0),
        [h, mi, s] => (*h, *mi, *s),
        _ => return None,
    };
    if !fraction.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let fraction = fraction.trim_end_matches('0');
    let dot = if fraction.is_empty() { "" } else { "." };
    Some(format!("{day} {h:02}:{mi:02}:{s:02}{dot}{fraction}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_compare_by_value() {
        assert_eq!(
            normalize(Kind::Number, "12.30"),
            normalize(Kind::Number, "12.3")
        );
        assert_eq!(normalize(Kind::Number, "007"), "7");
        assert_eq!(normalize(Kind::Number, "-0.00"), "0");
        assert_eq!(normalize(Kind::Number, ".5"), "0.5");
        assert_eq!(normalize(Kind::Number, "-1.50"), "-1.5");
        assert_ne!(
            normalize(Kind::Number, "1.5"),
            normalize(Kind::Number, "15")
        );
        assert_eq!(normalize(Kind::Number, "n/a"), "n/a");
        assert_eq!(
            normalize(Kind::Float, "1.50"),
            normalize(Kind::Float, "1.5")
        );
    }

    #[test]
    fn dates_and_timestamps_compare_by_value() {
        assert_eq!(normalize(Kind::Date, "2024-3-1"), "2024-03-01");
        assert_eq!(
            normalize(Kind::Timestamp, "2024-03-01T14:05:00.000"),
            "2024-03-01 14:05:00"
        );
        assert_eq!(
            normalize(Kind::Timestamp, "2024-03-01 14:05"),
            normalize(Kind::Timestamp, "2024-03-01 14:05:00")
        );
        assert_eq!(
            normalize(Kind::Timestamp, "2024-03-01"),
            "2024-03-01 00:00:00"
        );
        assert_eq!(
            normalize(Kind::TimestampTz, "2024-03-01 14:05:00.5+00"),
            "2024-03-01 14:05:00.5"
        );
        assert_ne!(
            normalize(Kind::Timestamp, "2024-03-01 14:05:01"),
            normalize(Kind::Timestamp, "2024-03-01 14:05:00")
        );
    }

    #[test]
    fn char_ignores_trailing_blanks_text_does_not() {
        assert_eq!(normalize(Kind::Char, "W  "), "W");
        assert_eq!(normalize(Kind::Text, "W  "), "W  ");
        assert_eq!(normalize(Kind::Bool, "t"), normalize(Kind::Bool, "TRUE"));
    }
}
