//! Python literals of the Glue job: strings, and a source's typed read as
//! the `SourceRead` declaration of glue/eltc_spark/source.py (its field
//! names; a default of the class is left out).

use crate::spec::model::Encoding;
use crate::target::{Layout, SourceRead};

/// `text` as a Python string literal (JSON's escapes are Python's).
pub fn string(text: &str) -> String {
    serde_json::to_string(text).unwrap_or_else(|_| "\"\"".into())
}

fn boolean(value: bool) -> &'static str {
    if value { "True" } else { "False" }
}

/// The `SourceRead(...)` of `read`, indented by four spaces; `staged` is
/// its `staged=` option, printed (empty for a direct COPY).
pub fn source_read(read: &SourceRead, staged: &str) -> String {
    let columns: Vec<String> = read
        .columns
        .iter()
        .map(|c| {
            format!(
                "        Column({}, {}, {}),\n",
                string(&c.name),
                string(&c.ty.to_string().to_ascii_lowercase()),
                boolean(c.not_null)
            )
        })
        .collect();
    let mut options = Vec::new();
    match &read.layout {
        Layout::Csv { delimiter, quote } => {
            options.push("format=\"csv\"".to_string());
            options.push(format!("delimiter={}", string(&delimiter.to_string())));
            options.push(format!("quote={}", string(&quote.to_string())));
        }
        Layout::Delimited { delimiter, escape } => {
            options.push("format=\"delimited\"".to_string());
            options.push(format!("delimiter={}", string(&delimiter.to_string())));
            if *escape {
                options.push("escape=True".into());
            }
        }
        Layout::FixedWidth { widths } => {
            options.push("format=\"fixed_width\"".to_string());
            let widths: Vec<String> = widths.iter().map(usize::to_string).collect();
            // A one-element tuple needs its comma.
            options.push(format!("widths=({},)", widths.join(", ")));
        }
    }
    let encoding = match read.encoding {
        Encoding::Utf8 => None,
        Encoding::Utf16 => Some("utf16"),
        Encoding::Utf16Le => Some("utf16le"),
        Encoding::Utf16Be => Some("utf16be"),
    };
    options.extend(encoding.map(|e| format!("encoding={}", string(e))));
    if read.header_lines > 0 {
        options.push(format!("header_lines={}", read.header_lines));
    }
    for (flag, name) in [
        (read.empty_as_null, "empty_as_null"),
        (read.blanks_as_null, "blanks_as_null"),
        (read.fill_record, "fill_record"),
        (read.round_decimals, "round_decimals"),
    ] {
        if flag {
            options.push(format!("{name}=True"));
        }
    }
    for (value, name) in [
        (&read.null_as, "null_as"),
        (&read.date_format, "date_format"),
        (&read.timestamp_format, "time_format"),
    ] {
        options.extend(value.as_ref().map(|v| format!("{name}={}", string(v))));
    }
    if read.max_errors > 0 {
        options.push(format!("max_errors={}", read.max_errors));
    }
    let options: Vec<String> = options.iter().map(|o| format!("        {o},\n")).collect();
    format!(
        "    SourceRead(\n        {},\n        {},\n        (\n    {}        ),\n{}{staged}    ),\n",
        string(&read.name),
        string(&read.table.to_string()),
        columns.join("    "),
        options.concat()
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strings_escape_as_python_reads_them() {
        assert_eq!(string("a\"b\\c"), r#""a\"b\\c""#);
        assert_eq!(string("é"), "\"é\"");
    }
}
