//! String functions whose Oracle meaning needs care: SUBSTR, INSTR, LENGTH,
//! LPAD/RPAD, TRIM/LTRIM/RTRIM, REPLACE, CHR, CONCAT.
//!
//! Oracle reads '' as NULL, so every function that can produce '' from a
//! non-empty input (SUBSTR, TRIM family, REPLACE) is wrapped in
//! `NULLIF(..., '')`. Positions and lengths follow Oracle:
//!
//! - `SUBSTR(s, p[, n])`: p = 0 is 1, p < 0 counts from the end (NULL when
//!   it reaches before the first character), n < 1 is NULL. Literal p and n
//!   give a direct form; integer expressions give a CASE over the sign of p
//!   and a guard `n >= 1`. Redshift's SUBSTRING reads 0 and negative starts
//!   as a window before the first character (`SUBSTR(s, 0, 3)` has two
//!   characters), so a start below 1 is never emitted.
//! - `INSTR(s, t)` -> `STRPOS(s, t)`; `INSTR(s, t, p)` with a positive
//!   literal p searches `SUBSTR(s, p)`; an occurrence above 1 needs a literal
//!   t: `REGEXP_INSTR(s, <t as a pattern>, p, occ)`, refused when t can
//!   overlap itself (Oracle counts overlapping matches, regular expressions do
//!   not) or holds `^` or `\`. A negative p (backwards search) is refused.
//! - `LPAD/RPAD(s, n[, pad])`: n < 1 is NULL in Oracle, '' in Redshift:
//!   literal n < 1 becomes NULL, an integer expression gets `CASE WHEN n >= 1`.
//! - `TRIM([LEADING|TRAILING|BOTH] c FROM s)` with one literal character, and
//!   `LTRIM/RTRIM(s[, set])`: same in all three engines, NULLIF-wrapped.
//! - `REPLACE(s, t[, r])`: Oracle removes t when r is omitted or NULL.
//! - `CHR(n)` for a literal ASCII code 1-127 (other codes depend on the
//!   database character set).
//!
//! CHAR(n) columns are refused where Oracle counts their padding.

use sqlparser::ast::{BinaryOperator, CaseWhen, Expr, Value};

use super::Translator;
use super::concat::{empty, integer_literal, null_if_empty};
use super::conditional::{binary, case};
use super::functions::{call, take_args, take_expr};
use crate::diag::Code;
use crate::sql::typing::{Info, Ty};

/// A position or length argument: a literal, or an integer expression.
#[derive(Clone, Copy)]
enum Int {
    Literal(i64),
    Expr,
}

fn int_arg(e: &Expr, info: Info) -> Option<Int> {
    match integer_literal(e).and_then(|n| n.parse::<i64>().ok()) {
        Some(n) => Some(Int::Literal(n)),
        None if info.ty == Ty::Integer => Some(Int::Expr),
        None => None,
    }
}

fn number(n: i64) -> Expr {
    if n < 0 {
        Expr::UnaryOp {
            op: sqlparser::ast::UnaryOperator::Minus,
            expr: Box::new(Expr::value(Value::Number((-n).to_string(), false))),
        }
    } else {
        Expr::value(Value::Number(n.to_string(), false))
    }
}

fn null() -> Expr {
    Expr::value(Value::Null)
}

fn string(s: &str) -> Expr {
    Expr::value(Value::SingleQuotedString(s.to_string()))
}

fn text(info: Info) -> bool {
    matches!(info.ty, Ty::Text | Ty::Null) && !info.padded
}

fn when(condition: Expr, result: Expr) -> CaseWhen {
    CaseWhen { condition, result }
}

/// `SUBSTR(s, start[, n])` with a start known to be at least 1.
fn substr_from(s: Expr, start: Expr, n: Option<Expr>) -> Expr {
    let mut args = vec![s, start];
    args.extend(n);
    call("SUBSTR", args)
}

/// The Oracle SUBSTR as a Redshift expression (before the NULLIF wrap).
fn substr(s: Expr, p: Expr, p_kind: Int, n: Option<(Expr, Int)>) -> Expr {
    let length = || call("LENGTH", vec![s.clone()]);
    let count = n.as_ref().map(|(n, _)| n.clone());
    let body = match p_kind {
        Int::Literal(p) if p > 0 => substr_from(s.clone(), number(p), count),
        Int::Literal(0) => substr_from(s.clone(), number(1), count),
        Int::Literal(p) => {
            // -k: the k last characters; NULL when k exceeds the length.
            let start = binary(length(), BinaryOperator::Minus, number(-p - 1));
            case(
                vec![when(
                    binary(length(), BinaryOperator::GtEq, number(-p)),
                    substr_from(s.clone(), start, count),
                )],
                None,
            )
        }
        Int::Expr => {
            let from_end = binary(length(), BinaryOperator::Plus, p.clone());
            let start = binary(from_end.clone(), BinaryOperator::Plus, number(1));
            case(
                vec![
                    when(
                        binary(p.clone(), BinaryOperator::Gt, number(0)),
                        substr_from(s.clone(), p.clone(), count.clone()),
                    ),
                    when(
                        binary(p.clone(), BinaryOperator::Eq, number(0)),
                        substr_from(s.clone(), number(1), count.clone()),
                    ),
                    when(
                        binary(from_end, BinaryOperator::GtEq, number(0)),
                        substr_from(s.clone(), start, count),
                    ),
                ],
                None,
            )
        }
    };
    match n {
        Some((n, Int::Expr)) => case(
            vec![when(binary(n, BinaryOperator::GtEq, number(1)), body)],
            None,
        ),
        _ => body,
    }
}

/// A literal search text as a POSIX pattern without backslashes; `None`
/// for `^` and `\`, which have no bracket form.
pub fn escape_literal(text: &str) -> Option<String> {
    let mut out = String::new();
    for c in text.chars() {
        match c {
            '^' | '\\' => return None,
            '.' | '[' | ']' | '{' | '}' | '(' | ')' | '*' | '+' | '?' | '$' | '|' => {
                out.push('[');
                out.push(c);
                out.push(']');
            }
            c => out.push(c),
        }
    }
    Some(out)
}

/// True when a proper prefix of `text` is also its suffix: two occurrences
/// can overlap, and Oracle's INSTR counts both.
fn self_overlapping(text: &str) -> bool {
    let chars: Vec<char> = text.chars().collect();
    (1..chars.len()).any(|k| chars[..k] == chars[chars.len() - k..])
}

fn literal_text(e: &Expr) -> Option<String> {
    match e {
        Expr::Value(v) => match &v.value {
            Value::SingleQuotedString(s) => Some(s.clone()),
            _ => None,
        },
        _ => None,
    }
}

impl Translator<'_> {
    /// CONCAT, TRIM family, SUBSTR, REPLACE, INSTR, LENGTH, LPAD/RPAD, CHR.
    pub(super) fn text_function(&mut self, e: &mut Expr, name: &str) -> Info {
        let node = e.clone();
        if name == "CONCAT" {
            let mut args = take_args(e);
            if args.len() != 2 {
                *e = node.clone();
                self.unsupported_function(
                    Code::FunctionArguments,
                    &node,
                    "CONCAT takes two arguments",
                    "use `||`",
                );
                return Info::unknown();
            }
            let right = args.pop().unwrap_or_else(null);
            let left = args.pop().unwrap_or_else(null);
            *e = binary(left, BinaryOperator::StringConcat, right);
            return self.concat(e);
        }
        let mut args = take_args(e);
        let infos: Vec<Info> = args.iter_mut().map(|arg| self.expr(arg)).collect();
        let instr_refusal = if name == "INSTR" {
            instr_refusal(&args, &infos)
        } else {
            None
        };
        let result = match name {
            "SUBSTR" => self.substr_args(args, &infos),
            "INSTR" => self.instr(args, &infos),
            "LPAD" | "RPAD" => self.pad(name, args, &infos),
            "CHR" => match args.first().and_then(integer_literal) {
                Some(n)
                    if args.len() == 1 && n.parse::<u8>().is_ok_and(|n| (1..128).contains(&n)) =>
                {
                    Some((call("CHR", args), Info::new(Ty::Text, false)))
                }
                _ => None,
            },
            _ => self.simple_text(name, args, &infos),
        };
        match result {
            Some((rewritten, info)) => {
                *e = rewritten;
                info
            }
            None => {
                *e = node.clone();
                match instr_refusal {
                    Some(reason) => self.unsupported_function(
                        Code::FunctionArguments,
                        &node,
                        &format!("`INSTR` {reason} is not translated"),
                        text_help(name),
                    ),
                    None => self.refuse_arguments(&node, name, &infos, text_help(name)),
                }
                Info::unknown()
            }
        }
    }

    /// TRIM family, REPLACE, LENGTH.
    fn simple_text(
        &mut self,
        name: &str,
        mut args: Vec<Expr>,
        infos: &[Info],
    ) -> Option<(Expr, Info)> {
        let nullable = infos.iter().any(|i| i.nullable);
        match (name, args.len()) {
            ("TRIM" | "LTRIM" | "RTRIM", 1) if text(infos[0]) => {
                Some((null_if_empty(call(name, args)), Info::new(Ty::Text, true)))
            }
            ("LTRIM" | "RTRIM", 2) if text(infos[0]) && text(infos[1]) => {
                Some((null_if_empty(call(name, args)), Info::new(Ty::Text, true)))
            }
            ("REPLACE", 2 | 3) if text(infos[0]) && !infos[1].nullable => {
                match args.len() {
                    2 => args.push(empty()),
                    _ if infos[2].ty == Ty::Null => {
                        args.pop();
                        args.push(empty());
                    }
                    _ if infos[2].nullable => {
                        let replacement = args.pop().unwrap_or_else(empty);
                        args.push(call("COALESCE", vec![replacement, empty()]));
                    }
                    _ => {}
                }
                Some((
                    null_if_empty(call("REPLACE", args)),
                    Info::new(Ty::Text, true),
                ))
            }
            ("LENGTH", 1) if text(infos[0]) => {
                Some((call("LENGTH", args), Info::new(Ty::Integer, nullable)))
            }
            _ => None,
        }
    }

    /// SUBSTR(s, p[, n]) from translated arguments.
    fn substr_args(&mut self, args: Vec<Expr>, infos: &[Info]) -> Option<(Expr, Info)> {
        if !(2..=3).contains(&args.len()) || !text(infos[0]) {
            return None;
        }
        let p_kind = int_arg(&args[1], infos[1])?;
        let n_kind = match args.get(2) {
            Some(n) => Some(int_arg(n, infos[2])?),
            None => None,
        };
        let mut args = args.into_iter();
        let (s, p) = (args.next()?, args.next()?);
        let n = args.next().zip(n_kind);
        if let Some((_, Int::Literal(n))) = n
            && n < 1
        {
            return Some((null(), Info::new(Ty::Text, true)));
        }
        Some((
            null_if_empty(substr(s, p, p_kind, n)),
            Info::new(Ty::Text, true),
        ))
    }

    /// INSTR(s, t[, p[, occ]]).
    fn instr(&mut self, args: Vec<Expr>, infos: &[Info]) -> Option<(Expr, Info)> {
        if !(2..=4).contains(&args.len()) || !text(infos[0]) || !text(infos[1]) {
            return None;
        }
        let nullable = infos[..2].iter().any(|i| i.nullable);
        let literal = |index: usize| match args.get(index) {
            None => Some(1),
            Some(e) => integer_literal(e).and_then(|n| n.parse::<i64>().ok()),
        };
        let (p, occ) = (literal(2)?, literal(3)?);
        if p < 1 || occ < 1 {
            return None;
        }
        let mut args = args.into_iter();
        let (s, t) = (args.next()?, args.next()?);
        let info = Info::new(Ty::Integer, nullable);
        if occ > 1 {
            let search = literal_text(&t).filter(|t| !self_overlapping(t))?;
            let pattern = escape_literal(&search)?;
            let call = call(
                "REGEXP_INSTR",
                vec![s, string(&pattern), number(p), number(occ)],
            );
            return Some((call, info));
        }
        if p == 1 {
            return Some((call("STRPOS", vec![s, t]), info));
        }
        // Searching SUBSTR(s, p): 0 stays 0 (not found), NULL stays NULL.
        let found = call("STRPOS", vec![substr_from(s, number(p), None), t]);
        let shifted = binary(found.clone(), BinaryOperator::Plus, number(p - 1));
        let rewritten = case(
            vec![when(
                binary(found, BinaryOperator::Eq, number(0)),
                number(0),
            )],
            Some(shifted),
        );
        Some((rewritten, info))
    }

    /// LPAD/RPAD(s, n[, pad]).
    fn pad(&mut self, name: &str, args: Vec<Expr>, infos: &[Info]) -> Option<(Expr, Info)> {
        if !(2..=3).contains(&args.len())
            || !text(infos[0])
            || infos.get(2).is_some_and(|i| !text(*i))
        {
            return None;
        }
        let nullable = infos.iter().any(|i| i.nullable);
        match int_arg(&args[1], infos[1])? {
            Int::Literal(n) if n < 1 => Some((null(), Info::new(Ty::Text, true))),
            Int::Literal(_) => Some((call(name, args), Info::new(Ty::Text, nullable))),
            Int::Expr => {
                let n = args[1].clone();
                let guarded = case(
                    vec![when(
                        binary(n, BinaryOperator::GtEq, number(1)),
                        call(name, args),
                    )],
                    None,
                );
                Some((guarded, Info::new(Ty::Text, true)))
            }
        }
    }

    /// `SUBSTR(s, p[, n])` parsed as SUBSTRING syntax.
    pub(super) fn substring(&mut self, e: &mut Expr) -> Info {
        let node = e.clone();
        let Expr::Substring {
            expr,
            substring_from,
            substring_for,
            shorthand,
            ..
        } = e
        else {
            return Info::unknown();
        };
        if !self.oracle {
            for part in [
                Some(&mut **expr),
                substring_from.as_deref_mut(),
                substring_for.as_deref_mut(),
            ]
            .into_iter()
            .flatten()
            {
                self.expr(part);
            }
            return Info::new(Ty::Text, true);
        }
        let shorthand = *shorthand;
        let mut args = vec![take_expr(expr)];
        args.extend(substring_from.as_deref_mut().map(take_expr));
        args.extend(substring_for.as_deref_mut().map(take_expr));
        let infos: Vec<Info> = args.iter_mut().map(|arg| self.expr(arg)).collect();
        match self.substr_args(args, &infos).filter(|_| shorthand) {
            Some((rewritten, info)) => {
                *e = rewritten;
                info
            }
            None => {
                *e = node.clone();
                self.refuse_arguments(&node, "SUBSTR", &infos, text_help("SUBSTR"));
                Info::unknown()
            }
        }
    }

    /// `TRIM([LEADING|TRAILING|BOTH] [c FROM] s)`: one literal character.
    pub(super) fn trim(&mut self, e: &mut Expr) -> Info {
        let node = e.clone();
        let Expr::Trim {
            trim_what,
            expr,
            trim_characters,
            ..
        } = e
        else {
            return Info::unknown();
        };
        let info = self.expr(expr);
        let what = trim_what.as_deref().map(literal_text);
        if let Some(what) = trim_what {
            self.expr(what);
        }
        if !self.oracle {
            return Info::new(Ty::Text, true);
        }
        let one_char = match what {
            None => true,
            Some(Some(c)) => c.chars().count() == 1 && c != "\\",
            Some(None) => false,
        };
        if trim_characters.is_some() || !one_char {
            self.unsupported_function(
                Code::TrimForm,
                &node,
                "TRIM with a trim character that is not one literal character",
                "TRIM([LEADING | TRAILING | BOTH] 'c' FROM text) with one literal character, LTRIM(text, set) or RTRIM(text, set)",
            );
            return Info::unknown();
        }
        if !text(info) {
            self.refuse_trim_operand(&node, info);
            return Info::unknown();
        }
        let trimmed = take_expr(e);
        *e = null_if_empty(trimmed);
        Info::new(Ty::Text, true)
    }
}

/// Why INSTR(s, t[, p[, occ]]) with text arguments has no rewrite (the
/// checks of `Translator::instr`), for the message; None when the count or
/// the types are the problem.
fn instr_refusal(args: &[Expr], infos: &[Info]) -> Option<&'static str> {
    if !(2..=4).contains(&args.len()) || !text(infos[0]) || !text(infos[1]) {
        return None;
    }
    let literal = |index: usize| match args.get(index) {
        None => Some(1),
        Some(e) => integer_literal(e).and_then(|n| n.parse::<i64>().ok()),
    };
    let (Some(p), Some(occ)) = (literal(2), literal(3)) else {
        return Some("with a position or occurrence that is not an integer literal");
    };
    if p < 1 {
        return Some("with a start position below 1 (a backward search)");
    }
    if occ < 1 {
        return Some("with an occurrence below 1");
    }
    Some(
        "of an occurrence above 1 of a search text that is not a literal, holds `^` or `\\`, or can overlap itself",
    )
}

fn text_help(name: &str) -> &'static str {
    match name {
        "SUBSTR" => {
            "SUBSTR takes text (not CHAR(n)) and integer positions and lengths (literals or integer columns)"
        }
        "REPLACE" => {
            "the search string must be a non-null literal or column (Oracle's REPLACE(s, NULL) returns s)"
        }
        "INSTR" => {
            "INSTR takes text, a positive literal position and occurrence; an occurrence above 1 needs a literal search text that cannot overlap itself, without `^` or `\\`"
        }
        "LENGTH" => "LENGTH of text; CHAR(n) padding is counted by Oracle only",
        "LPAD" | "RPAD" => "LPAD/RPAD take text and an integer length (literal or integer column)",
        "CHR" => {
            "CHR is translated for a literal ASCII code 1-127; other codes depend on the character set"
        }
        _ => "TRIM, LTRIM and RTRIM take text and an optional literal set of characters",
    }
}

#[cfg(test)]
mod tests {
    use super::{escape_literal, self_overlapping};

    #[test]
    fn search_texts_become_backslash_free_patterns() {
        assert_eq!(escape_literal("a.b(c)").as_deref(), Some("a[.]b[(]c[)]"));
        assert_eq!(escape_literal("a^b"), None);
        assert!(self_overlapping("AA") && self_overlapping("ABA"));
        assert!(!self_overlapping("OR") && !self_overlapping("O"));
    }
}
