//! Text: `||` and the string functions whose Oracle meaning needs care.
//!
//! Oracle treats '' as NULL: `'a' || NULL` is `'a'`, and a result of '' is
//! NULL. Redshift and PostgreSQL propagate NULL through `||`. The rewrite
//! wraps every operand that may be NULL in `COALESCE(x, '')` and, unless an
//! operand is known non-empty (a non-empty literal, a non-null integer),
//! wraps the whole in `NULLIF(..., '')`. Operands must be text or integers
//! (`CAST(i AS VARCHAR)`; an integer literal becomes a string literal):
//! Oracle's conversion of decimals ('.5'), dates (NLS_DATE_FORMAT) and
//! blank-padded CHAR(n) differs, so those are refused.
//!
//! Functions that can produce '' from a non-empty input (TRIM, LTRIM, RTRIM,
//! SUBSTR, REPLACE) get `NULLIF(..., '')`; SUBSTR needs a positive literal
//! start (Oracle reads 0 as 1 and negatives from the end), LPAD/RPAD a
//! positive literal length; INSTR(s, t) is STRPOS(s, t); LENGTH is refused on
//! CHAR(n) (padding counted by Oracle only); CONCAT(a, b) is `a || b`.

use sqlparser::ast::{BinaryOperator, DataType as SqlType, Expr, Value};

use super::Translator;
use super::conversion::cast;
use super::functions::{call, take_args};
use crate::sql::typing::{Info, Ty};

fn empty() -> Expr {
    Expr::value(Value::SingleQuotedString(String::new()))
}

/// `NULLIF(e, '')`.
pub fn null_if_empty(e: Expr) -> Expr {
    call("NULLIF", vec![e, empty()])
}

fn flatten(e: Expr, out: &mut Vec<Expr>) {
    match e {
        Expr::BinaryOp {
            left,
            op: BinaryOperator::StringConcat,
            right,
        } => {
            flatten(*left, out);
            flatten(*right, out);
        }
        other => out.push(other),
    }
}

fn integer_literal(e: &Expr) -> Option<String> {
    match e {
        Expr::Value(v) => match &v.value {
            Value::Number(n, _) if n.chars().all(|c| c.is_ascii_digit()) => Some(n.clone()),
            _ => None,
        },
        Expr::UnaryOp {
            op: sqlparser::ast::UnaryOperator::Minus,
            expr,
        } => integer_literal(expr).map(|n| format!("-{n}")),
        _ => None,
    }
}

impl Translator<'_> {
    /// `a || b || ...` with Oracle's NULL-is-empty semantics.
    pub(super) fn concat(&mut self, e: &mut Expr) -> Info {
        let node = e.clone();
        let mut operands = Vec::new();
        flatten(super::functions::take_expr(e), &mut operands);
        let mut parts = Vec::new();
        let mut non_empty = false;
        let mut failed = false;
        for mut operand in operands {
            let info = self.expr(&mut operand);
            match self.concat_operand(operand, info) {
                Some((part, known_non_empty)) => {
                    non_empty |= known_non_empty;
                    parts.extend(part);
                }
                None => failed = true,
            }
        }
        if failed {
            *e = node;
            return Info::unknown();
        }
        let joined = parts
            .into_iter()
            .reduce(|l, r| Expr::BinaryOp {
                left: Box::new(l),
                op: BinaryOperator::StringConcat,
                right: Box::new(r),
            })
            .unwrap_or_else(|| Expr::value(Value::Null));
        if non_empty {
            *e = joined;
            Info::new(Ty::Text, false)
        } else {
            *e = null_if_empty(joined);
            Info::new(Ty::Text, true)
        }
    }

    /// One operand of `||`: its output form (none for NULL) and whether it is surely non-empty.
    fn concat_operand(&mut self, operand: Expr, info: Info) -> Option<(Option<Expr>, bool)> {
        if let Some(digits) = integer_literal(&operand) {
            return Some((Some(Expr::value(Value::SingleQuotedString(digits))), true));
        }
        match info.ty {
            Ty::Null => Some((None, false)),
            Ty::Text if info.padded => {
                self.unsupported(&operand, "`||` of a CHAR(n) column", "Oracle keeps CHAR padding in `||`, Redshift drops it: declare the column VARCHAR or RPAD it explicitly");
                None
            }
            Ty::Text if info.literal => {
                let non_empty = matches!(&operand, Expr::Value(v) if matches!(&v.value, Value::SingleQuotedString(s) if !s.is_empty()));
                Some((Some(operand), non_empty))
            }
            Ty::Text if !info.nullable => Some((Some(operand), false)),
            Ty::Text => Some((Some(call("COALESCE", vec![operand, empty()])), false)),
            Ty::Integer => {
                let text = cast(operand, SqlType::Varchar(None));
                if info.nullable {
                    Some((Some(call("COALESCE", vec![text, empty()])), false))
                } else {
                    Some((Some(text), true))
                }
            }
            Ty::Unknown => {
                self.unknown_type(&operand, "`||` operand of unknown type", "Oracle converts numbers and dates to text implicitly: qualify the column or convert it with TO_CHAR/CAST");
                None
            }
            ty => {
                self.unsupported(
                    &operand,
                    format!("`||` of {}", ty.describe()),
                    "Oracle converts it with its own rules (0.5 -> '.5', dates with NLS_DATE_FORMAT): convert explicitly with TO_CHAR(d, 'format')",
                );
                None
            }
        }
    }

    /// CONCAT, TRIM family, SUBSTR, REPLACE, INSTR, LENGTH, LPAD/RPAD.
    pub(super) fn text_function(&mut self, e: &mut Expr, name: &str) -> Info {
        let node = e.clone();
        if name == "CONCAT" {
            let mut args = take_args(e);
            if args.len() != 2 {
                *e = node.clone();
                self.unsupported_function(&node, "CONCAT takes two arguments", "use `||`");
                return Info::unknown();
            }
            let right = args.pop().unwrap_or_else(|| Expr::value(Value::Null));
            let left = args.pop().unwrap_or_else(|| Expr::value(Value::Null));
            *e = Expr::BinaryOp {
                left: Box::new(left),
                op: BinaryOperator::StringConcat,
                right: Box::new(right),
            };
            return self.concat(e);
        }
        let mut args = take_args(e);
        let infos: Vec<Info> = args.iter_mut().map(|arg| self.expr(arg)).collect();
        let nullable = infos.iter().any(|i| i.nullable);
        let positive = |e: Option<&Expr>| {
            e.and_then(integer_literal)
                .is_some_and(|n| n.parse::<i64>().is_ok_and(|n| n > 0))
        };
        let text = |info: &Info| matches!(info.ty, Ty::Text | Ty::Null);
        let result = match (name, args.len()) {
            ("TRIM" | "LTRIM" | "RTRIM", 1) if text(&infos[0]) => {
                Some((null_if_empty(call(name, args)), Info::new(Ty::Text, true)))
            }
            ("SUBSTR", 2 | 3)
                if text(&infos[0])
                    && positive(args.get(1))
                    && (args.len() == 2 || positive(args.get(2))) =>
            {
                Some((
                    null_if_empty(call("SUBSTR", args)),
                    Info::new(Ty::Text, true),
                ))
            }
            ("REPLACE", 2 | 3) if text(&infos[0]) && !infos[1].nullable => {
                let mut args = args;
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
            ("INSTR", 2) if text(&infos[0]) && text(&infos[1]) => {
                Some((call("STRPOS", args), Info::new(Ty::Integer, nullable)))
            }
            ("LENGTH", 1) if text(&infos[0]) && !infos[0].padded => {
                Some((call("LENGTH", args), Info::new(Ty::Integer, nullable)))
            }
            ("LPAD" | "RPAD", 2 | 3) if text(&infos[0]) && positive(args.get(1)) => {
                Some((call(name, args), Info::new(Ty::Text, nullable)))
            }
            _ => None,
        };
        match result {
            Some((rewritten, info)) => {
                *e = rewritten;
                info
            }
            None => {
                *e = node.clone();
                let help = match name {
                    "SUBSTR" => {
                        "SUBSTR is translated with a positive literal start and length (Oracle reads 0 as 1 and negative starts from the end)"
                    }
                    "REPLACE" => {
                        "the search string must be a non-null literal or column (Oracle's REPLACE(s, NULL) returns s)"
                    }
                    "INSTR" => {
                        "INSTR is translated with two text arguments (STRPOS); occurrences and start positions are not"
                    }
                    "LENGTH" => "LENGTH of text; CHAR(n) padding is counted by Oracle only",
                    "LPAD" | "RPAD" => {
                        "the length must be a positive integer literal (Oracle returns NULL for lengths below 1)"
                    }
                    _ => "TRIM, LTRIM and RTRIM are translated with one text argument",
                };
                self.unsupported_function(
                    &node,
                    &format!("`{name}` with these arguments is not translated"),
                    help,
                );
                Info::unknown()
            }
        }
    }

    /// `SUBSTR(s, p[, n])` (parsed as SUBSTRING): positive literal start and
    /// length only, NULL for an empty result.
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
        let info = self.expr(expr);
        for part in [&mut *substring_from, &mut *substring_for]
            .into_iter()
            .flatten()
        {
            self.expr(part);
        }
        if !self.oracle {
            return Info::new(Ty::Text, true);
        }
        let positive = |e: &Option<Box<Expr>>| {
            e.as_deref()
                .and_then(integer_literal)
                .is_some_and(|n| n.parse::<i64>().is_ok_and(|n| n > 0))
        };
        let ok = *shorthand
            && matches!(info.ty, Ty::Text | Ty::Null)
            && positive(substring_from)
            && (substring_for.is_none() || positive(substring_for));
        if !ok {
            self.unsupported_function(
                &node,
                "`SUBSTR` with these arguments is not translated",
                "SUBSTR is translated on text with a positive literal start and length (Oracle reads 0 as 1 and negative starts from the end)",
            );
            return Info::unknown();
        }
        let substring = super::functions::take_expr(e);
        *e = null_if_empty(substring);
        Info::new(Ty::Text, true)
    }

    /// `TRIM(x)` syntax: the NULL-for-empty rule.
    pub(super) fn trim(&mut self, e: &mut Expr) -> Info {
        let node = e.clone();
        let Expr::Trim {
            trim_where,
            trim_what,
            expr,
            trim_characters,
        } = e
        else {
            return Info::unknown();
        };
        let info = self.expr(expr);
        if let Some(what) = trim_what {
            self.expr(what);
        }
        if !self.oracle {
            return Info::new(Ty::Text, true);
        }
        if trim_characters.is_some()
            || trim_where.is_some()
            || trim_what.is_some()
            || !matches!(info.ty, Ty::Text | Ty::Null)
        {
            self.unsupported_function(
                &node,
                "this form of TRIM is not translated",
                "use TRIM(x), LTRIM(x) or RTRIM(x) on text",
            );
            return Info::unknown();
        }
        let trimmed = super::functions::take_expr(e);
        *e = null_if_empty(trimmed);
        Info::new(Ty::Text, true)
    }
}
