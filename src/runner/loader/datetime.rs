//! COPY's DATEFORMAT / TIMEFORMAT: the token strings (docs/redshift.md#copy-date-and-time-formats,
//! <https://docs.aws.amazon.com/redshift/latest/dg/r_DATEFORMAT_and_TIMEFORMAT_strings.html>)
//! and the parse of one field value into a calendar value written ISO.
//!
//! COPY semantics, not SQL's: `HH` is 24-hour (SQL's `HH` is 12-hour), `MON`
//! takes an abbreviated or full English month name in any case, `SS` takes a
//! fraction up to microseconds. Tokens are matched case-insensitively. A
//! number token takes one digit up to its width, so `MM/DD/YYYY` reads
//! `1/2/2024` and `YYYYMMDD` reads `20240102`. Dates are checked (no 31 June).
//! Two-digit years (`YY`) follow PostgreSQL's rule (00-69 -> 20xx, 70-99 ->
//! 19xx): Redshift does not document its own (docs/redshift.md#copy-date-and-time-formats, VERIFY).

/// One token of a format string.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Token {
    Year4,
    Year2,
    Month,
    MonthName,
    Day,
    Hour24,
    Hour12,
    Minute,
    Second,
    Meridian,
    Literal(char),
}

/// A parsed DATEFORMAT or TIMEFORMAT.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DateTimeFormat {
    tokens: Vec<Token>,
}

/// A calendar value read from a field.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct DateTime {
    year: i32,
    month: u32,
    day: u32,
    hour: u32,
    minute: u32,
    second: u32,
    micros: u32,
}

const MONTHS: [&str; 12] = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
];

impl DateTimeFormat {
    /// Reads a COPY format string; `auto`, `epochsecs` and unknown letters are refused.
    pub fn parse(text: &str) -> Result<DateTimeFormat, String> {
        // Longest first, so that `HH24` is not `HH` + `24` nor `MON` `MM`.
        const NAMES: &[(&str, Token)] = &[
            ("YYYY", Token::Year4),
            ("HH24", Token::Hour24),
            ("HH12", Token::Hour12),
            ("MON", Token::MonthName),
            ("YY", Token::Year2),
            ("MM", Token::Month),
            ("MI", Token::Minute),
            ("DD", Token::Day),
            ("HH", Token::Hour24),
            ("SS", Token::Second),
            ("AM", Token::Meridian),
            ("PM", Token::Meridian),
        ];
        let mut tokens = Vec::new();
        let mut rest = text;
        'scan: while let Some(c) = rest.chars().next() {
            for (name, token) in NAMES {
                if rest.len() >= name.len() && rest[..name.len()].eq_ignore_ascii_case(name) {
                    tokens.push(*token);
                    rest = &rest[name.len()..];
                    continue 'scan;
                }
            }
            if c.is_ascii_alphabetic() {
                return Err(format!(
                    "date/time format `{text}`: `{rest}` is not a COPY format token"
                ));
            }
            tokens.push(Token::Literal(c));
            rest = &rest[c.len_utf8()..];
        }
        Ok(DateTimeFormat { tokens })
    }

    /// The value of `text` for a DATE (`date`: a trailing time part is ignored,
    /// docs/redshift.md#copy-data-conversion) or a TIMESTAMP (a missing time part is midnight, 2.5).
    pub fn read(&self, text: &str, date: bool) -> Option<DateTime> {
        let mut value = DateTime {
            year: 1,
            month: 1,
            day: 1,
            ..DateTime::default()
        };
        let (mut pm, mut twelve) = (None, false);
        let mut s = text.as_bytes();
        for (i, token) in self.tokens.iter().enumerate() {
            if s.is_empty() && !date && self.tokens[i..].iter().all(|t| t.is_time_part()) {
                break;
            }
            match token {
                Token::Year4 => value.year = number(&mut s, 4)? as i32,
                Token::Year2 => {
                    let yy = number(&mut s, 2)? as i32;
                    value.year = if yy < 70 { 2000 + yy } else { 1900 + yy };
                }
                Token::Month => value.month = number(&mut s, 2)?,
                Token::MonthName => value.month = month_name(&mut s)?,
                Token::Day => value.day = number(&mut s, 2)?,
                Token::Hour24 => value.hour = number(&mut s, 2)?,
                Token::Hour12 => {
                    value.hour = number(&mut s, 2)?;
                    twelve = true;
                }
                Token::Minute => value.minute = number(&mut s, 2)?,
                Token::Second => {
                    value.second = number(&mut s, 2)?;
                    value.micros = fraction(&mut s)?;
                }
                Token::Meridian => pm = Some(meridian(&mut s)?),
                Token::Literal(c) => {
                    let mut buf = [0; 4];
                    s = s.strip_prefix(c.encode_utf8(&mut buf).as_bytes())?;
                }
            }
        }
        let ignored_time = date && s.first().is_some_and(u8::is_ascii_whitespace);
        if !s.is_empty() && !ignored_time {
            return None;
        }
        if twelve || pm.is_some() {
            if !(1..=12).contains(&value.hour) {
                return None;
            }
            value.hour = value.hour % 12 + if pm == Some(true) { 12 } else { 0 };
        }
        value.is_valid().then_some(value)
    }
}

impl Token {
    fn is_time_part(self) -> bool {
        !matches!(
            self,
            Token::Year4 | Token::Year2 | Token::Month | Token::MonthName | Token::Day
        )
    }
}

impl DateTime {
    fn is_valid(&self) -> bool {
        let leap = self.year % 4 == 0 && (self.year % 100 != 0 || self.year % 400 == 0);
        let days = match self.month {
            1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
            4 | 6 | 9 | 11 => 30,
            2 if leap => 29,
            2 => 28,
            _ => return false,
        };
        (1..=9999).contains(&self.year)
            && (1..=days).contains(&self.day)
            && self.hour < 24
            && self.minute < 60
            && self.second < 60
    }

    /// `YYYY-MM-DD`.
    pub fn write_date(&self, out: &mut Vec<u8>) {
        // By hand rather than `write!`: this runs once per date of every record.
        digits(out, self.year as u32, 4);
        out.push(b'-');
        digits(out, self.month, 2);
        out.push(b'-');
        digits(out, self.day, 2);
    }

    /// `YYYY-MM-DD HH24:MI:SS[.US]`.
    pub fn write_timestamp(&self, out: &mut Vec<u8>) {
        self.write_date(out);
        out.push(b' ');
        digits(out, self.hour, 2);
        out.push(b':');
        digits(out, self.minute, 2);
        out.push(b':');
        digits(out, self.second, 2);
        if self.micros > 0 {
            out.push(b'.');
            digits(out, self.micros, 6);
        }
    }
}

/// `value` in exactly `width` decimal digits (the values are range-checked).
fn digits(out: &mut Vec<u8>, value: u32, width: u32) {
    let mut divisor = 10u32.pow(width - 1);
    while divisor > 0 {
        out.push(b'0' + (value / divisor % 10) as u8);
        divisor /= 10;
    }
}

/// One digit up to `width` digits.
fn number(s: &mut &[u8], width: usize) -> Option<u32> {
    let n = s
        .iter()
        .take(width)
        .take_while(|b| b.is_ascii_digit())
        .count();
    if n == 0 {
        return None;
    }
    let value = s[..n]
        .iter()
        .fold(0u32, |acc, b| acc * 10 + u32::from(b - b'0'));
    *s = &s[n..];
    Some(value)
}

/// An optional `.ffffff` after seconds: up to microseconds (docs/redshift.md#copy-date-and-time-formats).
fn fraction(s: &mut &[u8]) -> Option<u32> {
    let Some(rest) = s.strip_prefix(b".") else {
        return Some(0);
    };
    let n = rest.iter().take_while(|b| b.is_ascii_digit()).count();
    if n == 0 || n > 6 {
        return None;
    }
    let digits = rest[..n]
        .iter()
        .fold(0u32, |acc, b| acc * 10 + u32::from(b - b'0'));
    *s = &rest[n..];
    Some(digits * 10u32.pow(6 - n as u32))
}

/// A full or three-letter English month name, any case.
fn month_name(s: &mut &[u8]) -> Option<u32> {
    let n = s.iter().take_while(|b| b.is_ascii_alphabetic()).count();
    let word = std::str::from_utf8(&s[..n]).ok()?.to_ascii_lowercase();
    let index = MONTHS
        .iter()
        .position(|m| *m == word || (word.len() == 3 && m.starts_with(&word)))?;
    *s = &s[n..];
    Some(index as u32 + 1)
}

/// `AM` / `PM`, any case; true for PM.
fn meridian(s: &mut &[u8]) -> Option<bool> {
    let word = s.get(..2)?;
    let pm = if word.eq_ignore_ascii_case(b"PM") {
        true
    } else if word.eq_ignore_ascii_case(b"AM") {
        false
    } else {
        return None;
    };
    *s = &s[2..];
    Some(pm)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(format: &str, text: &str) -> Option<String> {
        let value = DateTimeFormat::parse(format).ok()?.read(text, true)?;
        let mut out = Vec::new();
        value.write_date(&mut out);
        String::from_utf8(out).ok()
    }

    fn timestamp(format: &str, text: &str) -> Option<String> {
        let value = DateTimeFormat::parse(format).ok()?.read(text, false)?;
        let mut out = Vec::new();
        value.write_timestamp(&mut out);
        String::from_utf8(out).ok()
    }

    #[test]
    fn month_names_full_or_abbreviated_any_case() {
        // r_DATEFORMAT_and_TIMEFORMAT_strings.html: MON is the month name, abbreviated or full.
        assert_eq!(
            date("DD-MON-YYYY", "03-jan-2024").as_deref(),
            Some("2024-01-03")
        );
        assert_eq!(
            date("DD-MON-YYYY", "03-JANUARY-2024").as_deref(),
            Some("2024-01-03")
        );
        assert_eq!(date("DD-MON-YYYY", "03-Janu-2024"), None);
    }

    #[test]
    fn copy_hh_is_24_hour() {
        // The same page: HH and HH24 are the 24-hour hour in COPY formats.
        assert_eq!(
            timestamp("YYYY-MM-DD HH:MI:SS", "2024-01-03 17:05:09").as_deref(),
            Some("2024-01-03 17:05:09")
        );
        assert_eq!(
            timestamp("MM/DD/YYYY HH12:MI:SS AM", "01/03/2024 12:05:09 AM").as_deref(),
            Some("2024-01-03 00:05:09")
        );
        assert_eq!(
            timestamp("YYYY-MM-DD HH:MI:SS", "2024-01-03 07:05:09.5").as_deref(),
            Some("2024-01-03 07:05:09.500000")
        );
    }

    #[test]
    fn invalid_dates_are_refused() {
        assert_eq!(date("YYYYMMDD", "20010631"), None);
        assert_eq!(date("YYYYMMDD", "20000229").as_deref(), Some("2000-02-29"));
        assert_eq!(date("YYYYMMDD", "19000229"), None);
        assert!(DateTimeFormat::parse("auto").is_err());
    }
}
