//! The landed file of a source in a test batch: its file-name pattern
//! rendered with the batch's parameters (`sales_{day:YYYYMMDD}.txt` with
//! `day: 2024-03-01` is `sales_20240301.txt`), as the runtime would find it
//! under the landing prefix, looked up in the batch's `given` directory.

use crate::spec::model::{DataType, Pattern, PatternPart, Pipeline};

/// The file name `pattern` gives for the batch `params` (name, value as written).
pub fn file_name(
    pipeline: &Pipeline,
    pattern: &Pattern,
    params: &[(String, String)],
) -> Result<String, String> {
    let mut out = String::new();
    for part in &pattern.parts {
        match part {
            PatternPart::Literal(text) => out.push_str(text),
            PatternPart::Param { name, format } => {
                let value = params
                    .iter()
                    .find(|(n, _)| n == name)
                    .map(|(_, v)| v.trim())
                    .ok_or_else(|| format!("the batch gives no value for parameter `{name}`"))?;
                let ty = pipeline.param(name).map(|p| p.ty);
                let format = match (format.as_deref(), ty) {
                    (Some(format), _) => format,
                    (None, Some(DataType::Date)) => "YYYY-MM-DD",
                    (None, Some(DataType::Timestamp | DataType::TimestampTz)) => {
                        "YYYY-MM-DD HH24:MI:SS"
                    }
                    (None, _) => {
                        out.push_str(value);
                        continue;
                    }
                };
                out.push_str(&render_datetime(value, format).ok_or_else(|| {
                    format!("parameter `{name}`: `{value}` is not a date or timestamp")
                })?);
            }
        }
    }
    Ok(out)
}

/// `value` (`YYYY-MM-DD[ HH24:MI:SS]`, as test cases write them) rendered with
/// the format model's YYYY, MM, DD, HH24, MI and SS; other text is literal.
fn render_datetime(value: &str, format: &str) -> Option<String> {
    let numbers: Vec<u32> = value
        .split(|c: char| !c.is_ascii_digit())
        .filter(|s| !s.is_empty())
        .map(|s| s.parse().ok())
        .collect::<Option<_>>()?;
    if numbers.len() < 3 {
        return None;
    }
    let at = |i: usize| numbers.get(i).copied().unwrap_or(0);
    let tokens: [(&str, String); 6] = [
        ("YYYY", format!("{:04}", at(0))),
        ("HH24", format!("{:02}", at(3))),
        ("MM", format!("{:02}", at(1))),
        ("DD", format!("{:02}", at(2))),
        ("MI", format!("{:02}", at(4))),
        ("SS", format!("{:02}", at(5))),
    ];
    let mut out = String::new();
    let mut rest = format;
    'scan: while !rest.is_empty() {
        for (token, text) in &tokens {
            if let Some(after) = rest.strip_prefix(token) {
                out.push_str(text);
                rest = after;
                continue 'scan;
            }
        }
        let c = rest.chars().next()?;
        out.push(c);
        rest = &rest[c.len_utf8()..];
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_render_the_parts_of_the_value() {
        assert_eq!(
            render_datetime("2024-03-01", "YYYYMMDD").as_deref(),
            Some("20240301")
        );
        assert_eq!(
            render_datetime("2024-03-01 07:05:09", "YYYY/MM/DD_HH24MISS").as_deref(),
            Some("2024/03/01_070509")
        );
        assert_eq!(render_datetime("soon", "YYYY"), None);
    }
}
