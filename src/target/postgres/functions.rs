//! Adapter entries 7-13 and 20 (see the parent module): Redshift built-ins that
//! PostgreSQL lacks or reads differently, rewritten into PostgreSQL
//! expressions. Each takes the printed arguments (already adapted: the AST
//! pass visits children first) and returns PostgreSQL text, which the parent
//! parses back into the AST. `None` leaves the call unchanged, and
//! PostgreSQL then reports it in the tests.

use sqlparser::ast::{
    Expr, Function, FunctionArg, FunctionArgExpr, FunctionArgumentClause, FunctionArguments, Ident,
    ObjectName, Value,
};

/// PostgreSQL's DOW of an English day name (Sunday = 0).
fn day_of_week(literal: &str) -> Option<usize> {
    let name = literal
        .strip_prefix('\'')?
        .strip_suffix('\'')?
        .to_lowercase();
    [
        "sunday",
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "saturday",
    ]
    .iter()
    .position(|day| *day == name || (name.len() == 3 && day.starts_with(&name)))
}

/// The last day of the month of `t` (a TIMESTAMP expression), as a DATE.
fn last_day(t: &str) -> String {
    format!("CAST(DATE_TRUNC('month', {t}) + INTERVAL '1 month' - INTERVAL '1 day' AS DATE)")
}

/// Entries 7-12 and 20, by lower-case function name.
pub fn function(name: &str, args: &[String]) -> Option<String> {
    match (name, args) {
        ("add_months", [d, n]) => {
            let t = format!("CAST({d} AS TIMESTAMP)");
            Some(format!(
                "(CASE WHEN CAST({t} AS DATE) = {last} \
                 THEN DATE_TRUNC('month', {t}) + ({n} + 1) * INTERVAL '1 month' - INTERVAL '1 day' + ({t} - DATE_TRUNC('day', {t})) \
                 ELSE {t} + ({n}) * INTERVAL '1 month' END)",
                last = last_day(&t)
            ))
        }
        ("last_day", [d]) => Some(last_day(&format!("CAST({d} AS TIMESTAMP)"))),
        ("next_day", [d, day]) => {
            let k = day_of_week(day)?;
            Some(format!(
                "(CAST({d} AS DATE) + (CAST({k} - EXTRACT(DOW FROM CAST({d} AS DATE)) + 6 AS INTEGER) % 7 + 1))"
            ))
        }
        ("months_between", [a, b]) => {
            let (a, b) = (format!("CAST({a} AS DATE)"), format!("CAST({b} AS DATE)"));
            let (ta, tb) = (
                format!("CAST({a} AS TIMESTAMP)"),
                format!("CAST({b} AS TIMESTAMP)"),
            );
            Some(format!(
                "CAST((EXTRACT(YEAR FROM {a}) - EXTRACT(YEAR FROM {b})) * 12 + EXTRACT(MONTH FROM {a}) - EXTRACT(MONTH FROM {b}) \
                 + CASE WHEN EXTRACT(DAY FROM {a}) = EXTRACT(DAY FROM {b}) OR ({a} = {la} AND {b} = {lb}) THEN 0 \
                 ELSE (EXTRACT(DAY FROM {a}) - EXTRACT(DAY FROM {b})) / 31.0 END AS DOUBLE PRECISION)",
                la = last_day(&ta),
                lb = last_day(&tb)
            ))
        }
        ("dateadd", [part, n, t]) if part.eq_ignore_ascii_case("day") => Some(format!(
            "(CAST({t} AS TIMESTAMP) + ({n}) * INTERVAL '1 day')"
        )),
        ("datediff", [part, a, b]) if part.eq_ignore_ascii_case("day") => {
            Some(format!("(CAST({b} AS DATE) - CAST({a} AS DATE))"))
        }
        ("regexp_replace", [s, p, r]) => Some(format!("regexp_replace({s}, {p}, {r}, 'g')")),
        ("regexp_replace", [s, p, r, pos]) => {
            Some(format!("regexp_replace({s}, {p}, {r}, {pos}, 0)"))
        }
        ("regexp_replace", [s, p, r, pos, params]) => {
            Some(format!("regexp_replace({s}, {p}, {r}, {pos}, 0, {params})"))
        }
        ("regexp_substr", [s, p, pos, occ, params]) if params.contains('e') => {
            let flags = params.replace('e', "");
            Some(format!("regexp_substr({s}, {p}, {pos}, {occ}, {flags}, 1)"))
        }
        _ => None,
    }
}

/// Why the PostgreSQL form cannot express `expr`: NEXT_DAY whose day name
/// is not a literal English day name (entry 9 needs the day's number).
pub fn refused(expr: &Expr) -> Option<String> {
    let Expr::Function(function) = expr else {
        return None;
    };
    if !function.name.to_string().eq_ignore_ascii_case("next_day") {
        return None;
    }
    let FunctionArguments::List(list) = &function.args else {
        return None;
    };
    let day = match list.args.get(1) {
        Some(FunctionArg::Unnamed(FunctionArgExpr::Expr(day))) => day,
        _ => return None,
    };
    if day_of_week(&day.to_string()).is_some() {
        return None;
    }
    Some(format!(
        "the PostgreSQL test form spells NEXT_DAY with a literal day name only, not `{day}`"
    ))
}

/// Entry 13: `LISTAGG(x[, d]) WITHIN GROUP (ORDER BY o)` -> `string_agg(x, d ORDER BY o)`.
pub fn listagg(function: &Function) -> Option<Expr> {
    let FunctionArguments::List(list) = &function.args else {
        return None;
    };
    let mut list = list.clone();
    if list.args.len() == 1 {
        list.args
            .push(FunctionArg::Unnamed(FunctionArgExpr::Expr(Expr::value(
                Value::SingleQuotedString(String::new()),
            ))));
    }
    if !function.within_group.is_empty() {
        list.clauses.push(FunctionArgumentClause::OrderBy(
            function.within_group.clone(),
        ));
    }
    let mut out = function.clone();
    out.name = ObjectName::from(vec![Ident::new("string_agg")]);
    out.args = FunctionArguments::List(list);
    out.within_group = Vec::new();
    Some(Expr::Function(out))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn regexp_replace_replaces_all() {
        let args = ["s".to_string(), "'a'".to_string(), "'b'".to_string()];
        assert_eq!(
            function("regexp_replace", &args).as_deref(),
            Some("regexp_replace(s, 'a', 'b', 'g')")
        );
    }

    #[test]
    fn day_names() {
        assert_eq!(day_of_week("'Tuesday'"), Some(2));
        assert_eq!(day_of_week("'SUN'"), Some(0));
        assert_eq!(day_of_week("x"), None);
    }

    #[test]
    fn next_day_of_a_column_is_refused() {
        let parse = |text| {
            crate::sql::parse::parse_synthetic_expr(text, crate::spec::model::Dialect::Redshift)
                .unwrap()
        };
        assert_eq!(refused(&parse("NEXT_DAY(d, 'Monday')")), None);
        assert_eq!(
            refused(&parse("NEXT_DAY(d, day_name)")).as_deref(),
            Some(
                "the PostgreSQL test form spells NEXT_DAY with a literal day name only, not `day_name`"
            )
        );
        assert_eq!(refused(&parse("LAST_DAY(d)")), None);
    }
}
