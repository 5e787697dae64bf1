//! The Spark forms of constructs whose Spark spelling differs (the
//! parent module's doc lists each with its documentation): TO_CHAR's
//! digit-only models, CHAR equality through rtrim, `/` by a power of ten,
//! scalar subqueries that Spark wants aggregated.

use sqlparser::ast::{
    Expr, FunctionArg, FunctionArgExpr, FunctionArguments, GroupByExpr, Ident, LambdaFunction,
    LambdaFunctionParameter, LambdaSyntax, ObjectName, ObjectNamePart, OneOrManyWithParens,
    SelectItem, SetExpr, Value,
};

use super::strip_nested;
use crate::sql::translate::call;

/// The column an identifier names (its last part).
pub(super) fn column_name(expr: &Expr) -> Option<&Ident> {
    match strip_nested(expr) {
        Expr::Identifier(ident) => Some(ident),
        Expr::CompoundIdentifier(parts) => parts.last(),
        _ => None,
    }
}

/// The Spark pattern of a Redshift datetime format model, when every part
/// of it prints the same text in both (the module doc); `None` otherwise.
pub(super) fn spark_date_pattern(model: &str) -> Option<String> {
    const TOKENS: [(&str, &str); 6] = [
        ("YYYY", "yyyy"),
        ("HH24", "HH"),
        ("MM", "MM"),
        ("DD", "dd"),
        ("MI", "mm"),
        ("SS", "ss"),
    ];
    let mut rest = model;
    let mut pattern = String::new();
    while let Some(c) = rest.chars().next() {
        if let Some((token, spark)) = TOKENS.iter().find(|(t, _)| rest.starts_with(t)) {
            pattern += spark;
            rest = &rest[token.len()..];
        } else if matches!(c, '-' | '/' | ':' | '.' | ' ') {
            pattern.push(c);
            rest = &rest[1..];
        } else {
            return None;
        }
    }
    (!pattern.is_empty()).then_some(pattern)
}

/// The format model of `TO_CHAR(x, 'model')`, when it has exactly that shape.
pub(super) fn to_char_model(function: &sqlparser::ast::Function) -> Option<String> {
    let FunctionArguments::List(list) = &function.args else {
        return None;
    };
    match list.args.as_slice() {
        [
            FunctionArg::Unnamed(FunctionArgExpr::Expr(_)),
            FunctionArg::Unnamed(FunctionArgExpr::Expr(model)),
        ] => match strip_nested(model) {
            Expr::Value(v) => match &v.value {
                Value::SingleQuotedString(text) => Some(text.clone()),
                _ => None,
            },
            _ => None,
        },
        _ => None,
    }
}

/// `10^k` for 1 <= k <= 9, as an integer literal.
pub(super) fn power_of_ten(expr: &Expr) -> bool {
    matches!(strip_nested(expr), Expr::Value(v) if matches!(&v.value,
        Value::Number(n, _) if n.len() >= 2 && n.len() <= 10 && n.starts_with('1') && n[1..].chars().all(|c| c == '0')))
}

/// A scalar subquery of one plain column `(SELECT x FROM … WHERE …)` becomes
/// `element_at(transform(array((SELECT named_struct('n', COUNT(*), 'v', MAX(x))
/// FROM … WHERE …)), eltc_row -> IF(eltc_row.n > 1, raise_error(…), eltc_row.v)), 1)` (the parent
/// module's doc says why). The check is outside the aggregate: Spark
/// decorrelates a subquery into an aggregate over every key of the inner
/// table, so a `raise_error` inside it would fire for keys no outer row
/// asks for (glue/tests/test_spark_forms.py shows it), where Redshift only
/// fails for a row whose subquery returns two rows.
pub(super) fn at_most_one_row(expr: &mut Expr) {
    let Expr::Subquery(query) = expr else {
        return;
    };
    let SetExpr::Select(select) = query.body.as_mut() else {
        return;
    };
    let plain = query.with.is_none()
        && query.order_by.is_none()
        && query.limit_clause.is_none()
        && query.fetch.is_none()
        && select.distinct.is_none()
        && select.having.is_none()
        && matches!(&select.group_by, GroupByExpr::Expressions(e, m) if e.is_empty() && m.is_empty());
    let [item] = select.projection.as_mut_slice() else {
        return;
    };
    let (SelectItem::UnnamedExpr(value) | SelectItem::ExprWithAlias { expr: value, .. }) = item
    else {
        return;
    };
    let aggregate = matches!(value, Expr::Function(f)
        if matches!(f.name.to_string().to_lowercase().as_str(), "count" | "sum" | "min" | "max" | "avg"));
    let parse = |text: &str| {
        crate::sql::parse::parse_synthetic_expr(text, crate::spec::model::Dialect::Redshift).ok()
    };
    let (Some(count), Some(several)) = (parse("COUNT(*)"), parse("eltc_row.n > 1")) else {
        return;
    };
    if !plain || aggregate {
        return;
    }
    let text = |t: &str| Expr::Value(Value::SingleQuotedString(t.into()).into());
    let inner = std::mem::replace(value, Expr::Value(Value::Null.into()));
    *value = call(
        "named_struct",
        vec![text("n"), count, text("v"), call("MAX", vec![inner])],
    );
    let subquery = std::mem::replace(expr, Expr::Value(Value::Null.into()));
    let failure = call(
        "raise_error",
        vec![text(
            "more than one row returned by a subquery used as an expression",
        )],
    );
    let field = Expr::CompoundIdentifier(vec![Ident::new("eltc_row"), Ident::new("v")]);
    let lambda = Expr::Lambda(LambdaFunction {
        params: OneOrManyWithParens::One(LambdaFunctionParameter {
            name: Ident::new("eltc_row"),
            data_type: None,
        }),
        body: Box::new(call("IF", vec![several, failure, field])),
        syntax: LambdaSyntax::Arrow,
    });
    let checked = call("transform", vec![call("array", vec![subquery]), lambda]);
    *expr = call(
        "element_at",
        vec![
            checked,
            Expr::Value(Value::Number("1".into(), false).into()),
        ],
    );
}

/// `x` becomes `rtrim(x)`.
pub(super) fn rtrim(expr: &mut Expr) {
    let inner = std::mem::replace(expr, Expr::Value(Value::Null.into()));
    *expr = call("rtrim", vec![inner]);
}

/// `TO_CHAR(x, 'model')` becomes `date_format(x, 'pattern')`.
pub(super) fn set_to_char_pattern(function: &mut sqlparser::ast::Function, pattern: &str) {
    function.name = ObjectName(vec![ObjectNamePart::Identifier(Ident::new("date_format"))]);
    if let FunctionArguments::List(list) = &mut function.args
        && let Some(FunctionArg::Unnamed(FunctionArgExpr::Expr(model))) = list.args.get_mut(1)
    {
        *model = Expr::Value(Value::SingleQuotedString(pattern.into()).into());
    }
}
