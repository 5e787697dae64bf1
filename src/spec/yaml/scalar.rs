//! Scalar resolution: a scalar's text, style and tag to a [`Kind`], by the
//! YAML 1.2 core schema as eltc has always read it (serde-saphyr's untyped
//! path with `strict_booleans`): only `true`/`false` spellings are booleans,
//! quoted scalars are strings, dates stay strings, an integer beyond `i64` is
//! kept as its decimal text, and `.inf`/`.nan` are refused.

use granit_parser::{ScalarStyle, Tag};

use super::Kind;

const YAML_NS: &str = "tag:yaml.org,2002:";

/// What a node's tag asks for. Tags the spec does not know (`!custom`) and
/// none at all leave the scalar to implicit resolution.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum TagKind {
    None,
    /// `!` alone: keep the text.
    NonSpecific,
    Str,
    Int,
    Float,
    Bool,
    Null,
    Seq,
    Map,
    Binary,
    Timestamp,
    /// `!time`, `!degrees`, `!radians`: angle conversions eltc does not enable.
    Angle,
    /// `!include`: includes are not resolved, so the text is kept.
    Include,
    /// `!!merge` (on a `<<` key).
    Merge,
    Other,
}

impl TagKind {
    pub(super) fn of(tag: Option<&Tag>) -> TagKind {
        let Some(tag) = tag else {
            return TagKind::None;
        };
        for prefix in [
            "!include",
            "tag:yaml.org,2002:include",
            "tag:yaml.org,2002:!include",
        ] {
            if let Some(rest) = tag.suffix_in_namespace(prefix)
                && (rest.is_empty() || rest.starts_with('#'))
            {
                return TagKind::Include;
            }
        }
        if let Some(kind) = tag.core_suffix().and_then(core_name) {
            return kind;
        }
        if let Some(name) = tag.suffix_in_namespace(YAML_NS) {
            if name == "merge" {
                return TagKind::Merge;
            }
            return named(name.strip_prefix('!').unwrap_or(&name));
        }
        let Some(suffix) = tag.suffix_in_namespace("!") else {
            return TagKind::Other;
        };
        match suffix.as_ref() {
            "" | "!" => TagKind::NonSpecific,
            "!timestamp" => TagKind::Timestamp,
            "!binary" => TagKind::Binary,
            name => match name.strip_prefix('!') {
                Some(name) => core_name(name).unwrap_or(TagKind::Other),
                None => named(name),
            },
        }
    }

    /// The node kind the tag insists on (`!!int` on a mapping is an error).
    pub(super) fn requires_scalar(self) -> Option<bool> {
        match self {
            TagKind::None | TagKind::NonSpecific | TagKind::Other => None,
            TagKind::Seq | TagKind::Map => Some(false),
            _ => Some(true),
        }
    }
}

fn core_name(name: &str) -> Option<TagKind> {
    Some(match name {
        "null" => TagKind::Null,
        "bool" => TagKind::Bool,
        "int" => TagKind::Int,
        "float" => TagKind::Float,
        "map" => TagKind::Map,
        "seq" => TagKind::Seq,
        "str" => TagKind::Str,
        _ => return None,
    })
}

fn named(name: &str) -> TagKind {
    match name {
        "timestamp" => TagKind::Timestamp,
        "time" | "degrees" | "radians" => TagKind::Angle,
        "binary" => TagKind::Binary,
        "include" => TagKind::Include,
        other => core_name(other).unwrap_or(TagKind::Other),
    }
}

/// Resolves a scalar. `Err` carries the message of a value YAML cannot hold
/// as eltc reads it (`!!int x`, `.inf`).
pub(super) fn resolve(text: &str, style: ScalarStyle, tag: TagKind) -> Result<Kind, String> {
    match tag {
        TagKind::Null => return Ok(Kind::Null),
        TagKind::Bool => return bool_of(text).map(Kind::Bool).ok_or_else(bad_bool),
        TagKind::Int => return tagged_int(text),
        TagKind::Float => {
            let value = float_of(text, true).ok_or("invalid floating point")?;
            return finite(value, text);
        }
        TagKind::Angle => return Err("invalid floating point".into()),
        _ => {}
    }
    let plain = style == ScalarStyle::Plain;
    let implicit = matches!(
        tag,
        TagKind::None | TagKind::Other | TagKind::Include | TagKind::Merge
    );
    if plain && implicit && matches!(text, "" | "~" | "null" | "Null" | "NULL") {
        return Ok(Kind::Null);
    }
    match tag {
        TagKind::Binary => return binary(text),
        TagKind::Timestamp => return Err("cannot deserialize tagged scalar into string".into()),
        _ if !plain || !implicit => return Ok(Kind::Str(text.to_string())),
        _ => {}
    }
    if let Some(value) = bool_of(text) {
        return Ok(Kind::Bool(value));
    }
    let t = trim(text);
    let unsigned = t.strip_prefix(['+', '-']).unwrap_or(t);
    if matches!(unsigned.as_bytes(), [b'0', b'X' | b'O' | b'B', ..]) || is_signed_nan(t) {
        return Ok(Kind::Str(text.to_string()));
    }
    if t.starts_with('-') {
        if !leading_zero_decimal(t)
            && let Some(value) = int_of(t).and_then(|v| i64::try_from(v).ok())
        {
            return Ok(Kind::Int(value));
        }
    } else if let Some(value) = int_of(t).and_then(|v| u64::try_from(v).ok()) {
        return Ok(from_u64(value));
    }
    match float_of(text, false) {
        Some(value) => finite(value, text),
        None => Ok(Kind::Str(text.to_string())),
    }
}

fn bad_bool() -> String {
    "invalid boolean (strict mode expects true/false)".into()
}

/// ASCII padding a quoted or block scalar may carry around a number.
fn trim(text: &str) -> &str {
    text.trim_matches([' ', '\t', '\r', '\n'])
}

fn bool_of(text: &str) -> Option<bool> {
    match trim(text) {
        "true" | "True" | "TRUE" => Some(true),
        "false" | "False" | "FALSE" => Some(false),
        _ => None,
    }
}

fn from_u64(value: u64) -> Kind {
    // Beyond i64 a number is kept as text: no spec value is that large.
    i64::try_from(value).map_or_else(|_| Kind::Str(value.to_string()), Kind::Int)
}

fn tagged_int(text: &str) -> Result<Kind, String> {
    if trim(text).starts_with('-') {
        int_of(trim(text))
            .and_then(|v| i64::try_from(v).ok())
            .map(Kind::Int)
            .ok_or_else(|| "invalid i64".into())
    } else {
        unsigned_of(text)
            .map(from_u64)
            .ok_or_else(|| "invalid u64".into())
    }
}

fn unsigned_of(text: &str) -> Option<u64> {
    let t = trim(text);
    if t.starts_with('-') {
        return None;
    }
    int_of(t).and_then(|v| u64::try_from(v).ok())
}

/// An integer in YAML 1.2 core form (decimal without a redundant leading
/// zero, `0x`, `0o`, `0b`), with an optional sign and single underscores
/// between digits. `t` is trimmed.
fn int_of(t: &str) -> Option<i128> {
    let (negative, rest) = match t.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, t.strip_prefix('+').unwrap_or(t)),
    };
    let (radix, digits) = if let Some(d) = rest.strip_prefix("0x").or(rest.strip_prefix("0X")) {
        (16, d)
    } else if let Some(d) = rest.strip_prefix("0o").or(rest.strip_prefix("0O")) {
        (8, d)
    } else if let Some(d) = rest.strip_prefix("0b").or(rest.strip_prefix("0B")) {
        (2, d)
    } else {
        if rest.starts_with('0') && rest != "0" {
            return None;
        }
        (10, rest)
    };
    let magnitude = digits_of(digits, radix)?;
    if negative {
        if magnitude == i128::MAX as u128 + 1 {
            return Some(i128::MIN);
        }
        i128::try_from(magnitude).ok()?.checked_neg()
    } else {
        i128::try_from(magnitude).ok()
    }
}

fn digits_of(digits: &str, radix: u32) -> Option<u128> {
    let bytes = digits.as_bytes();
    let mut value: u128 = 0;
    let mut seen = false;
    for (i, &b) in bytes.iter().enumerate() {
        if b == b'_' {
            // Underscores only between digits, one at a time.
            if i == 0 || bytes[i - 1] == b'_' || i + 1 >= bytes.len() || bytes[i + 1] == b'_' {
                return None;
            }
            continue;
        }
        let digit = (b as char).to_digit(16).filter(|d| *d < radix)?;
        value = value
            .checked_mul(u128::from(radix))?
            .checked_add(u128::from(digit))?;
        seen = true;
    }
    seen.then_some(value)
}

/// A float in YAML 1.2 form (`.inf`, `.nan` and what Rust reads); a
/// numeral too large for f64 is infinite rather than text.
fn float_of(text: &str, tagged: bool) -> Option<f64> {
    let t = trim(text);
    if tagged && is_signed_nan(t) {
        return Some(if t.starts_with('-') {
            -f64::NAN
        } else {
            f64::NAN
        });
    }
    let (negative, unsigned) = match t.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, t.strip_prefix('+').unwrap_or(t)),
    };
    match unsigned {
        ".nan" | ".NaN" | ".NAN" => return Some(f64::NAN),
        ".inf" | ".Inf" | ".INF" if negative => return Some(f64::NEG_INFINITY),
        ".inf" | ".Inf" | ".INF" => return Some(f64::INFINITY),
        _ => {}
    }
    let value = t.parse::<f64>().ok()?;
    // Rust also reads `inf` and `nan`, which YAML keeps as text.
    (value.is_finite()
        || (value.is_infinite() && unsigned.starts_with(|c: char| c.is_ascii_digit())))
    .then_some(value)
}

fn finite(value: f64, text: &str) -> Result<Kind, String> {
    if value.is_finite() {
        Ok(Kind::Float(value))
    } else {
        Err(format!(
            "non-finite float `{text}` rejected by the configured policy"
        ))
    }
}

fn is_signed_nan(t: &str) -> bool {
    t.strip_prefix(['+', '-'])
        .is_some_and(|unsigned| matches!(unsigned, ".nan" | ".NaN" | ".NAN"))
}

fn leading_zero_decimal(t: &str) -> bool {
    let digits = t.strip_prefix(['+', '-']).unwrap_or(t);
    digits.len() > 1 && digits.starts_with('0') && digits.bytes().all(|b| b.is_ascii_digit())
}

/// `!!binary` text into a string: strict base64 (whole quadruples, `=` only
/// at the end, no stray bits) that decodes to UTF-8.
fn binary(text: &str) -> Result<Kind, String> {
    let invalid = || "invalid !!binary base64".to_string();
    let cleaned: Vec<u8> = text.bytes().filter(|b| !b.is_ascii_whitespace()).collect();
    if !cleaned.len().is_multiple_of(4) {
        return Err(invalid());
    }
    let value = |b: u8| -> Option<u32> {
        Some(u32::from(match b {
            b'A'..=b'Z' => b - b'A',
            b'a'..=b'z' => b - b'a' + 26,
            b'0'..=b'9' => b - b'0' + 52,
            b'+' => 62,
            b'/' => 63,
            _ => return None,
        }))
    };
    let mut bytes = Vec::with_capacity(cleaned.len() / 4 * 3);
    let count = cleaned.len() / 4;
    for (i, chunk) in cleaned.chunks(4).enumerate() {
        let pad = chunk.iter().rev().take_while(|&&c| c == b'=').count();
        if pad > 2 || (pad > 0 && i + 1 != count) {
            return Err(invalid());
        }
        let mut quad = [0u32; 4];
        for (slot, &b) in quad.iter_mut().zip(&chunk[..4 - pad]) {
            *slot = value(b).ok_or_else(invalid)?;
        }
        if (pad == 2 && quad[1] & 0x0F != 0) || (pad == 1 && quad[2] & 0x03 != 0) {
            return Err(invalid());
        }
        let triple = (quad[0] << 18) | (quad[1] << 12) | (quad[2] << 6) | quad[3];
        bytes.extend(&triple.to_be_bytes()[1..4 - pad]);
    }
    String::from_utf8(bytes).map(Kind::Str).map_err(|_| {
        "!!binary scalar is not valid UTF-8 so cannot be stored into string".to_string()
    })
}
