//! Driver variables in the data file a sqlldr call loads (`data=`): each one
//! the spec's file patterns can hold becomes a pipeline param, captured in
//! the source's `file:` (docs/spec.md, "Patterns": `{param}` and
//! `{param:FORMAT}`), with where the driver takes it from in the report.
//!
//! A date the driver passes to the procedure it calls is already a param
//! (see [`super::units`]); here the others: a region, a feed code, a run id
//! taken from an argument or the environment, and a date computed with
//! `date +FORMAT`. What a pattern cannot hold (the output of another
//! command, two values with nothing between them) stays a diagnostic whose
//! help spells out the `file:` to write.

use crate::diag::{Code, Diagnostic, Severity};
use crate::import::Imported;
use crate::import::driver::{Driver, SqlldrCall};
use crate::import::model::Finding;
use crate::import::names::{basename, file_pattern, identifier};
use crate::import::units::Param;

/// The `${NAME}` variables in `text`, in order, without repeats.
fn variables(text: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut rest = text;
    while let Some(at) = rest.find("${") {
        let after = &rest[at + 2..];
        let Some(end) = after.find('}') else { break };
        let name = after[..end].to_string();
        if !out.contains(&name) {
            out.push(name);
        }
        rest = &after[end + 1..];
    }
    out
}

/// Where a driver variable's value comes from, as the report says it; None
/// for the output of a command written inline (`$(...)`, no name to follow).
pub(super) fn origin(var: &str, drivers: &[Driver]) -> Option<String> {
    if var == "COMMAND" || var == "?" {
        return None;
    }
    if !var.is_empty() && var.chars().all(|c| c.is_ascii_digit()) {
        return Some(format!("argument {var} of the driver"));
    }
    if let Some(origins) = drivers.iter().find_map(|d| d.origins.get(var)) {
        return Some(origins.join("; else "));
    }
    let name = var.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
    name.then(|| format!("the environment variable `{var}`"))
}

/// The date mask of `date +FORMAT` in an origin (`+%Y%m%d` -> `YYYYMMDD`),
/// when every element has a pattern equivalent (docs/spec.md, "Patterns").
fn date_mask(origin: &str) -> Option<String> {
    let at = origin.find("date +")?;
    let format: String = origin[at + "date +".len()..]
        .chars()
        .take_while(|c| !c.is_whitespace() && !matches!(c, '`' | ')' | '"' | '\''))
        .collect();
    let mut mask = String::new();
    let mut chars = format.chars();
    while let Some(c) = chars.next() {
        if c != '%' {
            if c.is_ascii_alphanumeric() {
                return None;
            }
            mask.push(c);
            continue;
        }
        mask.push_str(match chars.next()? {
            'Y' => "YYYY",
            'm' => "MM",
            'd' => "DD",
            'H' => "HH24",
            'M' => "MI",
            'S' => "SS",
            _ => return None,
        });
    }
    mask.contains("YYYY").then_some(mask)
}

/// A param name for `var` that no other param of `params` takes.
pub(super) fn param_name(var: &str, params: &[Param]) -> String {
    let base = if var.chars().all(|c| c.is_ascii_digit()) {
        format!("arg{var}")
    } else {
        identifier(&var.to_lowercase())
    };
    let mut name = base.clone();
    let mut n = 2;
    while params.iter().any(|p| p.name == name) {
        name = format!("{base}_{n}");
        n += 1;
    }
    name
}

/// Adds a param for each driver variable in the loads' data file names that
/// is not one yet, with a report finding naming its origin; every param
/// gets its origin for the spec's comment.
pub fn add_params(
    loads: &[&SqlldrCall],
    drivers: &[Driver],
    params: &mut Vec<Param>,
    out: &mut Imported,
) {
    for param in params.iter_mut().filter(|p| p.origin.is_none()) {
        param.origin = origin(&param.var, drivers);
    }
    for load in loads {
        let Some(data) = &load.data else { continue };
        for var in variables(&basename(data)) {
            if params.iter().any(|p| p.var == var) {
                continue;
            }
            let Some(origin) = origin(&var, drivers) else {
                continue;
            };
            let mask = date_mask(&origin);
            let ty = match mask.as_deref() {
                Some(m) if m.contains("HH24") || m.contains("MI") => "timestamp",
                Some(_) => "date",
                None => "varchar(100)",
            };
            let name = param_name(&var, params);
            out.findings.push(Finding::translated(
                "driver:data file variable",
                load.span.clone(),
                format!("`${{{var}}}` in `{data}` is the param `{name}` ({ty}), from {origin}"),
            ));
            params.push(Param {
                name,
                ty: ty.to_string(),
                var,
                mask,
                origin: Some(origin),
            });
        }
    }
}

/// The diagnostic for a data file name the source's `file:` cannot hold:
/// a variable left (the output of a command written inline), or captures
/// that touch (the runtime could not tell where one ends). Its help is the
/// `file:` to write.
pub fn unexpressed(load: &SqlldrCall, params: &[Param]) -> Option<Diagnostic> {
    let data = load.data.as_deref()?;
    let pattern = file_pattern(data, params);
    let left = variables(&pattern);
    let touching = pattern.contains("}{");
    if left.is_empty() && !touching {
        return None;
    }
    let (message, help) = if let Some(var) = left.first() {
        let shown = if var == "COMMAND" {
            "the output of a command".to_string()
        } else {
            format!("`${{{var}}}`")
        };
        let suggested = variables_to_captures(&pattern, "value");
        (
            format!(
                "the data file `{data}` is named with {shown}, which eltc cannot follow to a param"
            ),
            format!(
                "declare a param for it (`params: {{ value: varchar(100) }}`, or a date) and write `file: {suggested}`; the notification must capture it too"
            ),
        )
    } else {
        let suggested = pattern.replace("}{", "}_{");
        (
            format!(
                "the data file `{data}` holds two driver values with nothing between them; a file pattern cannot tell where one ends"
            ),
            format!(
                "land the file with a separator between the values and write `file: {suggested}`"
            ),
        )
    };
    Some(
        Diagnostic::new(Code::ImportPlaceholder, load.span.clone(), message)
            .severity(Severity::Error)
            .label("data=")
            .help(help),
    )
}

/// The warning for a data path whose directory holds values only a run
/// knows (`$DATA_DIR/sales_$DAY.dat`): the directory is where the legacy
/// job read the file, in the pipeline the landing prefix's business, so
/// `trigger.landing` leaves it out and the report says so. The file name
/// alone is the source's pattern.
pub fn runtime_directory(load: &SqlldrCall) -> Option<Diagnostic> {
    let data = load.data.as_deref()?;
    let (dir, _) = data.rsplit_once(['/', '\\'])?;
    let unknown: Vec<String> = dir
        .split(['/', '\\'])
        .filter(|s| s.contains('$') || s.contains('%'))
        .map(|s| format!("`{s}`"))
        .collect();
    if unknown.is_empty() {
        return None;
    }
    Some(
        Diagnostic::new(
            Code::ImportDriverUnparsed,
            load.span.clone(),
            format!(
                "the directory of `{data}` holds {}, known only when the driver runs: the landing prefix leaves it out",
                unknown.join(", ")
            ),
        )
        .label("data=")
        .help("the file name is the source's `file:`; check `trigger.landing`: it is the prefix under which the batch's files land"),
    )
}

/// `pattern` with each `${NAME}` left written as the capture `{param}`.
fn variables_to_captures(pattern: &str, param: &str) -> String {
    let mut out = pattern.to_string();
    for var in variables(pattern) {
        out = out.replace(&format!("${{{var}}}"), &format!("{{{param}}}"));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::{date_mask, variables};

    #[test]
    fn variables_and_date_masks() {
        assert_eq!(variables("a_${R}_${D}_${R}.dat"), ["R", "D"]);
        assert_eq!(
            date_mask("the command `$(date +%Y%m%d)` (line 3)").as_deref(),
            Some("YYYYMMDD")
        );
        assert_eq!(
            date_mask("the command `date +%Y-%m-%d` (line 3)").as_deref(),
            Some("YYYY-MM-DD")
        );
        assert_eq!(date_mask("the command `date +%j` (line 1)"), None);
        assert_eq!(date_mask("argument 1 of the driver"), None);
    }
}
