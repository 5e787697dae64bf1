//! Regular expressions: REGEXP_LIKE, REGEXP_SUBSTR, REGEXP_REPLACE,
//! REGEXP_INSTR, REGEXP_COUNT, and LISTAGG.
//!
//! The pattern must be a string literal; it is rewritten so that Redshift
//! (POSIX, backslashes doubled in literals) and PostgreSQL (standard
//! literals) read it the same and as Oracle does:
//!
//! - Perl classes `\d \D \s \S \w \W` become bracket classes
//!   (`[[:digit:]]`...), an escaped metacharacter `\.` becomes `[.]`: the
//!   output has no backslash. Back-references, `\A`/`\Z`, escapes inside
//!   brackets and non-greedy quantifiers are refused.
//! - Oracle's `.` does not match a newline unless the match parameter has
//!   `n`; POSIX's does: `.` becomes `[^<newline>]`.
//! - Match parameters `i`, `c` (last wins) and `n`; `m` and `x` are refused.
//!
//! Forms: `REGEXP_LIKE(s, p, m)` -> `REGEXP_COUNT(s, p, 1, 'i'|'c') > 0`;
//! REGEXP_SUBSTR with subexpression 1 uses Redshift's `e` parameter (>1
//! refused) and gets `NULLIF(..., '')` (Redshift returns '' for no match,
//! Oracle NULL); REGEXP_REPLACE with occurrence 0 only (Redshift replaces
//! all), a NULL or omitted replacement is '' (Oracle removes the matches);
//! positions and occurrences are positive integer literals.
//! Docs: <https://docs.aws.amazon.com/redshift/latest/dg/pattern-matching-conditions-posix.html>.

use sqlparser::ast::{BinaryOperator, Expr, FunctionArguments, Value};

use super::Translator;
use super::concat::{empty, integer_literal, null_if_empty};
use super::conditional::binary;
use super::functions::{call, string_literal, take_args};
use crate::diag::Code;
use crate::sql::typing::{Info, Ty};

/// `pattern` in a backslash-free POSIX form with Oracle's meaning.
pub fn pattern(oracle: &str, dot_all: bool) -> Result<String, String> {
    let mut out = String::new();
    let mut chars = oracle.chars().peekable();
    let mut in_bracket = false;
    while let Some(c) = chars.next() {
        if in_bracket {
            match c {
                '\\' => return Err("a backslash inside brackets".into()),
                ']' => in_bracket = false,
                '[' if matches!(chars.peek(), Some(':' | '.' | '=')) => {
                    out.push(c);
                    for inner in chars.by_ref() {
                        out.push(inner);
                        if inner == ']' {
                            break;
                        }
                    }
                    continue;
                }
                _ => {}
            }
            out.push(c);
            continue;
        }
        match c {
            '\\' => out.push_str(&escape(chars.next())?),
            '.' if dot_all => out.push('.'),
            '.' => out.push_str("[^\n]"),
            '[' => {
                in_bracket = true;
                out.push('[');
                if chars.peek() == Some(&'^') {
                    out.push('^');
                    chars.next();
                }
                if chars.peek() == Some(&']') {
                    out.push(']');
                    chars.next();
                }
            }
            '*' | '+' | '?' | '}' if chars.peek() == Some(&'?') => {
                return Err("a non-greedy quantifier".into());
            }
            c => out.push(c),
        }
    }
    Ok(out)
}

fn escape(next: Option<char>) -> Result<String, String> {
    Ok(match next {
        Some('d') => "[[:digit:]]".into(),
        Some('D') => "[^[:digit:]]".into(),
        Some('s') => "[[:space:]]".into(),
        Some('S') => "[^[:space:]]".into(),
        Some('w') => "[[:alnum:]_]".into(),
        Some('W') => "[^[:alnum:]_]".into(),
        Some(c) if ".[]{}()*+?$|/-".contains(c) => format!("[{c}]"),
        Some(c) => return Err(format!("the escape `\\{c}`")),
        None => return Err("a trailing backslash".into()),
    })
}

/// Oracle match parameters: (case-insensitive, dot matches newline).
fn match_params(params: &str) -> Result<(bool, bool), String> {
    let mut insensitive = false;
    let mut dot_all = false;
    for c in params.chars() {
        match c {
            'i' => insensitive = true,
            'c' => insensitive = false,
            'n' => dot_all = true,
            c => return Err(format!("the match parameter `{c}`")),
        }
    }
    Ok((insensitive, dot_all))
}

fn string(s: &str) -> Expr {
    Expr::value(Value::SingleQuotedString(s.to_string()))
}

fn number(n: i64) -> Expr {
    Expr::value(Value::Number(n.to_string(), false))
}

/// A positive integer literal argument, `default` when absent.
fn positive(args: &[Expr], index: usize, default: i64) -> Result<i64, String> {
    match args.get(index) {
        None => Ok(default),
        Some(e) => integer_literal(e)
            .and_then(|n| n.parse::<i64>().ok())
            .filter(|n| *n >= 1)
            .ok_or_else(|| {
                "a position or occurrence that is not a positive integer literal".into()
            }),
    }
}

impl Translator<'_> {
    /// The REGEXP_ functions.
    pub(super) fn regexp_function(&mut self, e: &mut Expr, name: &str) -> Info {
        let node = e.clone();
        let mut args = take_args(e);
        // The pattern is read as written: translating it would refuse its backslashes.
        let raw_pattern = args.get(1).and_then(string_literal);
        let mut infos = Vec::new();
        for (index, arg) in args.iter_mut().enumerate() {
            if index != 1 {
                infos.push(self.expr(arg));
            }
        }
        match self.regexp(name, args, raw_pattern, &infos) {
            Ok((rewritten, info)) => {
                *e = rewritten;
                info
            }
            Err(reason) => {
                *e = node.clone();
                self.unsupported_function(Code::RegexpForm,
                    &node,
                    &format!("`{name}` with {reason} is not translated"),
                    "use a literal pattern without back-references, \\A/\\Z or non-greedy quantifiers; positive literal positions and occurrences; match parameters i, c, n; REGEXP_REPLACE replaces every occurrence (0), REGEXP_SUBSTR extracts subexpression 0 or 1",
                );
                Info::unknown()
            }
        }
    }

    fn regexp(
        &mut self,
        name: &str,
        args: Vec<Expr>,
        raw_pattern: Option<String>,
        infos: &[Info],
    ) -> Result<(Expr, Info), String> {
        let raw = raw_pattern.ok_or("a pattern that is not a string literal")?;
        if !matches!(infos.first().map(|i| i.ty), Some(Ty::Text | Ty::Null)) {
            return Err("a source that is not text".into());
        }
        let nullable = infos[0].nullable;
        let param_at = |index: usize| -> Result<String, String> {
            match args.get(index) {
                None => Ok(String::new()),
                Some(Expr::Value(v)) if v.value == Value::Null => Ok(String::new()),
                Some(e) => string_literal(e)
                    .ok_or_else(|| "match parameters that are not a literal".into()),
            }
        };
        let source = args[0].clone();
        let (min, max, params_index) = match name {
            "REGEXP_LIKE" => (2, 3, 2),
            "REGEXP_COUNT" => (2, 4, 3),
            "REGEXP_SUBSTR" => (2, 6, 4),
            "REGEXP_INSTR" => (2, 7, 5),
            _ => (2, 6, 5),
        };
        if args.len() < min || args.len() > max {
            return Err(format!("{} arguments", args.len()));
        }
        let (insensitive, dot_all) = match_params(&param_at(params_index)?)?;
        let p = string(&pattern(&raw, dot_all)?);
        let flag = string(if insensitive { "i" } else { "c" });
        Ok(match name {
            "REGEXP_LIKE" => {
                let count = call("REGEXP_COUNT", vec![source, p, number(1), flag]);
                (
                    binary(count, BinaryOperator::Gt, number(0)),
                    Info::new(Ty::Boolean, nullable),
                )
            }
            "REGEXP_COUNT" => {
                let pos = positive(&args, 2, 1)?;
                (
                    call("REGEXP_COUNT", vec![source, p, number(pos), flag]),
                    Info::new(Ty::Integer, nullable),
                )
            }
            "REGEXP_SUBSTR" => {
                let (pos, occ) = (positive(&args, 2, 1)?, positive(&args, 3, 1)?);
                let sub = match args.get(5).map(integer_literal) {
                    None => "",
                    Some(Some(n)) if n == "0" => "",
                    Some(Some(n)) if n == "1" => "e",
                    _ => return Err("a subexpression other than 0 or 1".into()),
                };
                let flags = string(&format!("{}{sub}", if insensitive { "i" } else { "c" }));
                let substr = call(
                    "REGEXP_SUBSTR",
                    vec![source, p, number(pos), number(occ), flags],
                );
                (null_if_empty(substr), Info::new(Ty::Text, true))
            }
            "REGEXP_INSTR" => {
                let (pos, occ) = (positive(&args, 2, 1)?, positive(&args, 3, 1)?);
                let option = match args.get(4).map(integer_literal) {
                    None => 0,
                    Some(Some(n)) if n == "0" || n == "1" => n.parse().unwrap_or(0),
                    _ => return Err("a return option other than 0 or 1".into()),
                };
                if args
                    .get(6)
                    .is_some_and(|e| integer_literal(e).as_deref() != Some("0"))
                {
                    return Err("a subexpression".into());
                }
                let call = call(
                    "REGEXP_INSTR",
                    vec![source, p, number(pos), number(occ), number(option), flag],
                );
                (call, Info::new(Ty::Integer, nullable))
            }
            _ => self.regexp_replace(args, infos, source, p, flag)?,
        })
    }

    fn regexp_replace(
        &mut self,
        args: Vec<Expr>,
        infos: &[Info],
        source: Expr,
        p: Expr,
        flag: Expr,
    ) -> Result<(Expr, Info), String> {
        let pos = positive(&args, 3, 1)?;
        if args
            .get(4)
            .is_some_and(|e| integer_literal(e).as_deref() != Some("0"))
        {
            return Err("an occurrence other than 0 (Redshift replaces every match)".into());
        }
        // infos skips the pattern: the replacement is infos[1].
        let replacement = match (args.get(2), infos.get(1)) {
            (None, _) => empty(),
            (Some(_), Some(info)) if info.ty == Ty::Null => empty(),
            (Some(r), _) if string_literal(r).is_some_and(|r| r.contains('\\')) => {
                return Err("a back-reference in the replacement".into());
            }
            (Some(r), Some(info)) if info.nullable => call("COALESCE", vec![r.clone(), empty()]),
            (Some(r), _) => r.clone(),
        };
        let replaced = call(
            "REGEXP_REPLACE",
            vec![source, p, replacement, number(pos), flag],
        );
        Ok((null_if_empty(replaced), Info::new(Ty::Text, true)))
    }
}

impl Translator<'_> {
    /// `LISTAGG(x[, 'd']) [WITHIN GROUP (ORDER BY ...)]`: the same in Redshift
    /// (NULLs skipped, no delimiter by default); DISTINCT, ON OVERFLOW and OVER
    /// are refused. <https://docs.aws.amazon.com/redshift/latest/dg/r_LISTAGG.html>
    pub(super) fn listagg(&mut self, e: &mut Expr) -> Info {
        let node = e.clone();
        let Expr::Function(function) = e else {
            return Info::unknown();
        };
        let plain = function.over.is_none()
            && function.filter.is_none()
            && function.null_treatment.is_none()
            && matches!(&function.args, FunctionArguments::List(list)
                if list.duplicate_treatment.is_none() && list.clauses.is_empty());
        let mut order = std::mem::take(&mut function.within_group);
        for item in &mut order {
            self.expr(&mut item.expr);
        }
        function.within_group = order;
        let mut infos = Vec::new();
        let mut delimiter_ok = true;
        if let Some(args) = super::functions::arg_exprs(function) {
            for (index, arg) in args.into_iter().enumerate() {
                let info = self.expr(arg);
                if index == 1 {
                    delimiter_ok = info.literal && info.ty == Ty::Text;
                }
                infos.push(info);
            }
        }
        let measure = infos.first().map(|i| i.ty);
        if !plain || !delimiter_ok || !(1..=2).contains(&infos.len()) || measure != Some(Ty::Text) {
            self.unsupported_function(Code::ListaggForm,
                &node,
                "this form of `LISTAGG` is not translated",
                "LISTAGG(text, 'delimiter') WITHIN GROUP (ORDER BY ...) without DISTINCT, ON OVERFLOW or OVER; convert numbers with TO_CHAR first",
            );
            return Info::unknown();
        }
        Info::new(Ty::Text, true)
    }
}

#[cfg(test)]
mod tests {
    use super::pattern;

    #[test]
    fn patterns_lose_their_backslashes_and_keep_oracle_dots() {
        assert_eq!(pattern(r"\d+\.x", true).as_deref(), Ok("[[:digit:]]+[.]x"));
        assert_eq!(pattern("a.b", false).as_deref(), Ok("a[^\n]b"));
        assert_eq!(pattern("[^.]", false).as_deref(), Ok("[^.]"));
        assert_eq!(pattern("[[:alpha:]].", true).as_deref(), Ok("[[:alpha:]]."));
        assert!(pattern(r"(a)\1", true).is_err());
        assert!(pattern("a+?", true).is_err());
    }
}
