//! The PL/SQL units among the inputs (procedures, functions, packages), the
//! one a driver calls, and that call as a `plsql:` step's `call:` with the
//! business date as a param.
//!
//! The units are found by their CREATE heading (the translator itself reads
//! them when the pipeline is built); a call `s.pkg.proc(...)` names package
//! `s.pkg`'s body, `s.proc(...)` the procedure. An argument
//! `TO_DATE('${VAR}', 'mask')` is the driver's business date: it becomes the
//! bind `:param` of a `date` param named after the procedure's parameter
//! (`p_day` -> `day`), and the mask names the date in file patterns.

use crate::diag::FileId;
use crate::import::driver::ProcCall;
use crate::import::driver::sqlplus_split;

/// A unit's heading.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Unit {
    /// `PROCEDURE`, `FUNCTION`, `PACKAGE`, `PACKAGE BODY`, `TRIGGER`, `TYPE`.
    pub kind: String,
    /// Lower case, as written (`dw.retail_etl`).
    pub name: String,
    /// The file.
    pub file: FileId,
    /// Byte offset of the heading.
    pub offset: usize,
}

/// The units created in `text`.
pub fn units(file: FileId, text: &str) -> Vec<Unit> {
    let mut out = Vec::new();
    let words = words(text);
    let mut i = 0;
    while i < words.len() {
        if !words[i].1.eq_ignore_ascii_case("CREATE") {
            i += 1;
            continue;
        }
        let offset = words[i].0;
        let mut j = i + 1;
        while j < words.len()
            && matches!(
                words[j].1.to_ascii_uppercase().as_str(),
                "OR" | "REPLACE" | "EDITIONABLE" | "NONEDITIONABLE"
            )
        {
            j += 1;
        }
        let Some((_, kind)) = words.get(j) else { break };
        let mut kind = kind.to_ascii_uppercase();
        if !matches!(
            kind.as_str(),
            "PROCEDURE" | "FUNCTION" | "PACKAGE" | "TRIGGER" | "TYPE"
        ) {
            i = j;
            continue;
        }
        j += 1;
        if (kind == "PACKAGE" || kind == "TYPE")
            && words
                .get(j)
                .is_some_and(|w| w.1.eq_ignore_ascii_case("BODY"))
        {
            kind.push_str(" BODY");
            j += 1;
        }
        if let Some((_, name)) = words.get(j) {
            out.push(Unit {
                kind,
                name: name.trim_matches('"').to_lowercase(),
                file,
                offset,
            });
        }
        i = j + 1;
    }
    out
}

/// Words (names with dots, quoted names) and their offsets, skipping
/// comments and string literals.
fn words(text: &str) -> Vec<(usize, String)> {
    let mut out = Vec::new();
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        let c = bytes[i];
        if c == b'-' && bytes.get(i + 1) == Some(&b'-') {
            i = text[i..].find('\n').map_or(bytes.len(), |n| i + n);
        } else if c == b'/' && bytes.get(i + 1) == Some(&b'*') {
            i = text[i + 2..].find("*/").map_or(bytes.len(), |n| i + n + 4);
        } else if c == b'\'' {
            i = text[i + 1..].find('\'').map_or(bytes.len(), |n| i + n + 2);
        } else if c.is_ascii_alphabetic() || c == b'"' {
            let start = i;
            while i < bytes.len()
                && (bytes[i].is_ascii_alphanumeric()
                    || matches!(bytes[i], b'_' | b'$' | b'#' | b'.' | b'"'))
            {
                i += 1;
            }
            out.push((start, text[start..i].to_string()));
        } else {
            i += 1;
        }
    }
    out
}

/// The unit a call names: (unit, procedure name inside a package).
pub fn called<'u>(units: &'u [Unit], call: &str) -> Option<(&'u Unit, Option<String>)> {
    let bare = |name: &str| name.rsplit('.').next().unwrap_or(name).to_string();
    let parts: Vec<&str> = call.split('.').collect();
    // A procedure `s.p` or `p`.
    let procedure = units.iter().find(|u| {
        matches!(u.kind.as_str(), "PROCEDURE" | "FUNCTION")
            && (u.name == call || bare(&u.name) == call || (parts.len() == 2 && u.name == parts[1]))
    });
    if let Some(unit) = procedure {
        return Some((unit, None));
    }
    // A package's procedure `s.pkg.p` or `pkg.p`.
    if parts.len() >= 2 {
        let package = parts[..parts.len() - 1].join(".");
        let inner = parts[parts.len() - 1].to_string();
        return units
            .iter()
            .find(|u| {
                u.kind == "PACKAGE BODY" && (u.name == package || bare(&u.name) == bare(&package))
            })
            .map(|u| (u, Some(inner)));
    }
    None
}

/// The parameter names of procedure `name` whose heading is in `text`
/// (`PROCEDURE load_day (p_day IN DATE)`), lower case.
pub fn parameters(text: &str, name: &str) -> Vec<String> {
    let bare = name.rsplit('.').next().unwrap_or(name);
    let upper = text.to_ascii_uppercase();
    let mut from = 0;
    while let Some(at) = upper[from..].find("PROCEDURE") {
        let start = from + at + "PROCEDURE".len();
        from = start;
        let rest = text[start..].trim_start();
        let ident: String = rest
            .chars()
            .take_while(|c| c.is_alphanumeric() || matches!(c, '_' | '.' | '$' | '#' | '"'))
            .collect();
        if ident
            .trim_matches('"')
            .rsplit('.')
            .next()
            .is_none_or(|n| !n.eq_ignore_ascii_case(bare))
        {
            continue;
        }
        let after = rest[ident.len()..].trim_start();
        let Some(list) = after.strip_prefix('(') else {
            return Vec::new();
        };
        let end = matching_paren(list).unwrap_or(list.len());
        return sqlplus_split(&list[..end], ',')
            .iter()
            .filter_map(|p| {
                p.split_whitespace()
                    .next()
                    .map(|w| w.trim_matches('"').to_lowercase())
            })
            .collect();
    }
    Vec::new()
}

fn matching_paren(text: &str) -> Option<usize> {
    let mut depth = 0;
    for (i, c) in text.char_indices() {
        match c {
            '(' => depth += 1,
            ')' if depth == 0 => return Some(i),
            ')' => depth -= 1,
            _ => {}
        }
    }
    None
}

/// A param the driver's call passes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Param {
    /// The param's name.
    pub name: String,
    /// Its spec type.
    pub ty: String,
    /// The driver variable it replaces (`DAY`).
    pub var: String,
    /// The date mask the driver writes it with (`YYYYMMDD`), for file patterns.
    pub mask: Option<String>,
    /// Where the driver takes the variable from, when the report and the
    /// spec's comment say it ("argument 2 of the driver").
    pub origin: Option<String>,
}

/// The `call:` of a step (Oracle syntax over binds) and the params it needs.
pub fn call_and_params(
    call: &ProcCall,
    parameter_names: &[String],
) -> (String, Vec<Param>, Vec<String>) {
    let mut params = Vec::new();
    let mut unresolved = Vec::new();
    let mut args = Vec::new();
    for (i, arg) in call.args.iter().enumerate() {
        let name = parameter_names
            .get(i)
            .map(|p| {
                p.strip_prefix("p_")
                    .or_else(|| p.strip_prefix("i_"))
                    .or_else(|| p.strip_prefix("in_"))
                    .unwrap_or(p)
                    .to_string()
            })
            .unwrap_or_else(|| format!("arg{}", i + 1));
        if let Some((var, mask)) = to_date_of_var(arg) {
            args.push(format!(":{name}"));
            params.push(Param {
                name,
                ty: "date".into(),
                var,
                mask: Some(mask),
                origin: None,
            });
        } else if let Some(var) = quoted_var(arg) {
            args.push(format!(":{name}"));
            params.push(Param {
                name,
                ty: "varchar(100)".into(),
                var,
                mask: None,
                origin: None,
            });
        } else if arg.contains("${") || has_substitution(arg) {
            unresolved.push(arg.clone());
            args.push(arg.clone());
        } else {
            args.push(arg.clone());
        }
    }
    (
        format!("{}({})", call.name, args.join(", ")),
        params,
        unresolved,
    )
}

/// A SQL*Plus substitution variable (`&1`, `&&name`) left in an argument:
/// the script's run gave no value for it.
fn has_substitution(arg: &str) -> bool {
    arg.match_indices('&').any(|(at, _)| {
        arg[at..]
            .trim_start_matches('&')
            .starts_with(|c: char| c.is_ascii_alphanumeric())
    })
}

/// `TO_DATE('${VAR}', 'MASK')` -> (VAR, MASK).
fn to_date_of_var(arg: &str) -> Option<(String, String)> {
    let compact: String = arg.chars().filter(|c| !c.is_whitespace()).collect();
    let upper = compact.to_ascii_uppercase();
    let inner = upper.strip_prefix("TO_DATE(")?.strip_suffix(')')?;
    let start = compact.len() - inner.len() - 1;
    let inner = &compact[start..compact.len() - 1];
    let (value, mask) = inner.split_once(',')?;
    let var = quoted_var(value)?;
    let mask = mask.trim_matches('\'').to_ascii_uppercase();
    Some((var, mask))
}

/// `'${VAR}'` -> VAR.
fn quoted_var(arg: &str) -> Option<String> {
    let inner = arg.trim().strip_prefix('\'')?.strip_suffix('\'')?;
    let name = inner.strip_prefix("${")?.strip_suffix('}')?;
    name.chars()
        .all(|c| c.is_ascii_alphanumeric() || c == '_')
        .then(|| name.to_string())
}

#[cfg(test)]
mod tests {
    use super::{parameters, to_date_of_var, units};
    use crate::diag::SourceMap;

    #[test]
    fn headings_and_parameters() {
        let text = "CREATE OR REPLACE PACKAGE BODY dw.retail_etl AS\n PROCEDURE log_step (p_day DATE) IS BEGIN NULL; END;\n PROCEDURE load_day (p_day IN DATE, p_mode VARCHAR2 DEFAULT 'x') IS BEGIN NULL; END;\nEND;\n/\n";
        let file = SourceMap::new().add("a.pkb", text);
        let found = units(file, text);
        assert_eq!(found.len(), 1);
        assert_eq!(
            (found[0].kind.as_str(), found[0].name.as_str()),
            ("PACKAGE BODY", "dw.retail_etl")
        );
        assert_eq!(
            parameters(text, "dw.retail_etl.load_day"),
            ["p_day", "p_mode"]
        );
    }

    #[test]
    fn a_date_argument_names_its_variable_and_mask() {
        assert_eq!(
            to_date_of_var("to_date('${BUSINESS_DATE}', 'YYYY-MM-DD')"),
            Some(("BUSINESS_DATE".into(), "YYYY-MM-DD".into()))
        );
        assert_eq!(to_date_of_var("TO_DATE('x', 'YYYY')"), None);
    }
}
