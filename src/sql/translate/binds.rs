//! The types of `eltc translate`'s binds (Redshift Data API parameters),
//! taken from the uses Oracle's documentation gives one type to.
//!
//! In Oracle a bind has the type the client binds, converted where it is
//! used. A script does not say which, so a bind is of unknown type
//! ([`super::Binds::DataApi`]) and a rewrite that depends on the type
//! refuses it. A use can fix the type the value has there, whatever the
//! client bound:
//!
//! - the first argument of ADD_MONTHS, LAST_DAY, NEXT_DAY, of TRUNC or
//!   ROUND with a text format, and both of MONTHS_BETWEEN: a DATE (Oracle
//!   converts any other type to DATE first; their pages: "The return type is
//!   always DATE, regardless of the data type of date"), and so is a bind
//!   TRUNC-ed there (`ADD_MONTHS(TRUNC(:d), -1)`: TRUNC of a number is a
//!   NUMBER, which Oracle does not convert to a DATE implicitly);
//! - a comparison with a DATE or TIMESTAMP operand: a DATE (Oracle converts
//!   character data to the date, "Data Type Comparison Rules");
//! - the first argument of TO_DATE, TO_TIMESTAMP, and of TO_NUMBER with a
//!   format: character data ("char can be any expression that evaluates to a
//!   character string").
//!
//! The uses are collected while a statement is translated ([`BindUse`]).
//! When the statement was refused for an operand of unknown type and every
//! use of a bind agrees, the script translates the statement again with
//! the types ([`infer`]): a DATE bind is `CAST(:name AS TIMESTAMP)` (an
//! Oracle DATE is a Redshift TIMESTAMP, whole seconds), a character bind
//! stays `:name` (the Data API sends text). Each type taken is the warning
//! `translate::bind-type-inferred` at the use it came from, which says how
//! the caller must pass the value. A bind whose uses disagree keeps no type.

use std::collections::BTreeMap;

use sqlparser::ast::{
    CastKind, DataType as SqlType, Expr, Function, FunctionArg, FunctionArgExpr, FunctionArguments,
    Ident, TimezoneInfo, Value,
};

use super::{Binds, Translator, idents};
use crate::diag::{Code, Diagnostic, Span, closest};
use crate::sql::typing::{Info, Ty};

/// The type a bind is taken to have.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BindType {
    /// An Oracle DATE: `CAST(:name AS TIMESTAMP)` in Redshift.
    Date,
    /// Character data: `:name`, the Data API's text as sent.
    Text,
}

impl BindType {
    fn describe(self) -> &'static str {
        match self {
            BindType::Date => "a DATE",
            BindType::Text => "character data",
        }
    }

    /// How the caller passes such a value to the Data API.
    fn how_to_pass(self) -> &'static str {
        match self {
            BindType::Date => {
                "pass it as Redshift reads a TIMESTAMP, e.g. `2024-01-31` or `2024-01-31 17:30:00` (a DATE has whole seconds); write CAST(:name AS DATE) in the script to state the type yourself"
            }
            BindType::Text => {
                "pass it as the text Oracle would have received; write CAST(:name AS VARCHAR2(n)) in the script to state the type yourself"
            }
        }
    }
}

/// One use of a bind whose type Oracle's documentation fixes.
#[derive(Clone, Debug)]
pub struct BindUse {
    /// The bind's name, lower case, without the colon.
    pub name: String,
    /// The type the use gives it.
    pub ty: BindType,
    /// The use, for the message: "the first argument of `ADD_MONTHS`".
    pub what: String,
    /// Where the use is.
    pub span: Span,
}

/// What was taken of a statement's bind uses.
#[derive(Clone, Debug, Default)]
pub struct Inferred {
    /// The binds given a type, with the first use that gave it.
    pub types: BTreeMap<String, BindUse>,
}

/// The type of each bind all of whose uses agree; a bind used as two types
/// gets none.
pub fn infer(uses: &[BindUse]) -> Inferred {
    let mut types: BTreeMap<String, Option<BindUse>> = BTreeMap::new();
    for bind_use in uses {
        types
            .entry(bind_use.name.clone())
            .and_modify(|seen| {
                if seen.as_ref().is_some_and(|first| first.ty != bind_use.ty) {
                    *seen = None;
                }
            })
            .or_insert_with(|| Some(bind_use.clone()));
    }
    Inferred {
        types: types
            .into_iter()
            .filter_map(|(name, first)| first.map(|first| (name, first)))
            .collect(),
    }
}

/// The warning for a bind given a type.
pub fn diagnostic(bind_use: &BindUse) -> Diagnostic {
    let help = bind_use
        .ty
        .how_to_pass()
        .replace(":name", &format!(":{}", bind_use.name));
    Diagnostic::new(
        Code::BindTypeInferred,
        bind_use.span.clone(),
        format!(
            "bind `:{}` is taken to be {}, from {}",
            bind_use.name,
            bind_use.ty.describe(),
            bind_use.what
        ),
    )
    .label("this use gives the bind its type")
    .help(help)
}

/// The name of a bind as `eltc translate` keeps it, when `e` is one.
fn bind_name(e: &Expr) -> Option<String> {
    match e {
        Expr::Value(v) => match &v.value {
            Value::Placeholder(text) => text.strip_prefix(':').map(str::to_lowercase),
            _ => None,
        },
        Expr::Nested(inner) => bind_name(inner),
        _ => None,
    }
}

/// The bind `e` truncates, when it is `TRUNC(:name)` or `TRUNC(:name, fmt)`.
fn truncated_bind(e: &Expr) -> Option<String> {
    let Expr::Function(function) = e else {
        return None;
    };
    if !function.name.to_string().eq_ignore_ascii_case("trunc") {
        return None;
    }
    let FunctionArguments::List(list) = &function.args else {
        return None;
    };
    match list.args.first() {
        Some(FunctionArg::Unnamed(FunctionArgExpr::Expr(arg))) if list.args.len() <= 2 => {
            bind_name(arg)
        }
        _ => None,
    }
}

/// The type Oracle gives argument `index` of `name` (upper case), with the
/// format argument `format` when there is one.
fn argument_type(name: &str, index: usize, args: usize, format: bool) -> Option<BindType> {
    match (name, index) {
        ("ADD_MONTHS" | "LAST_DAY" | "NEXT_DAY", 0) | ("MONTHS_BETWEEN", 0 | 1) => {
            Some(BindType::Date)
        }
        ("TRUNC" | "ROUND", 0) if args == 2 && format => Some(BindType::Date),
        ("TO_DATE" | "TO_TIMESTAMP", 0) => Some(BindType::Text),
        ("TO_NUMBER", 0) if args == 2 => Some(BindType::Text),
        _ => None,
    }
}

impl Translator<'_> {
    /// `:name` -> `p_name` (params) or the raw column (fields).
    pub(super) fn bind(&mut self, e: &mut Expr, text: &str) -> Info {
        let span = self.span_of(e);
        let Some(name) = text.strip_prefix(':').map(str::to_lowercase) else {
            self.report(
                Diagnostic::new(
                    Code::LiteralForm,
                    span,
                    format!("positional parameter `{text}`"),
                )
                .label("not a named bind")
                .help("name parameters: `:param`"),
            );
            return Info::unknown();
        };
        match self.binds {
            Binds::Params => match self.catalog.param(&name) {
                Some(param) => {
                    let info = Info::of(param.ty, true);
                    *e = Expr::Identifier(Ident::new(param.argument()));
                    info
                }
                None => {
                    let declared: Vec<String> = self
                        .catalog
                        .params()
                        .iter()
                        .map(|p| format!("`{}`", p.name))
                        .collect();
                    let help =
                        match closest(&name, self.catalog.params().iter().map(|p| p.name.as_str()))
                        {
                            Some(close) => format!(
                                "did you mean `:{close}`? declared parameters: {}",
                                declared.join(", ")
                            ),
                            None if declared.is_empty() => {
                                "no parameters are declared; add it under `params:`".to_string()
                            }
                            None => format!("declared parameters: {}", declared.join(", ")),
                        };
                    self.report(
                        Diagnostic::new(
                            Code::UnknownParam,
                            span,
                            format!("parameter `{name}` is not declared"),
                        )
                        .label("unknown bind")
                        .help(help),
                    );
                    Info::unknown()
                }
            },
            // Left in place for the Data API; nothing is known of its type
            // (the Data API sends every value as text and Redshift casts it).
            // Oracle bind names are not case-sensitive: one spelling, so
            // `:Region` and `:region` are one Data API parameter.
            Binds::DataApi => match self.typed_bind(&name) {
                Some((typed, info)) => {
                    *e = typed;
                    info
                }
                None => {
                    // Where it was written: a use that types it points there.
                    let span = sqlparser::ast::Spanned::span(&*e);
                    *e = Expr::Value(sqlparser::ast::ValueWithSpan {
                        value: Value::Placeholder(format!(":{name}")),
                        span,
                    });
                    Info::unknown()
                }
            },
            Binds::Fields(field_column) => match field_column(&name) {
                Some(column) => {
                    let mut ident = Ident::new(column);
                    idents::fold(&mut ident);
                    *e = Expr::Identifier(ident);
                    Info::new(Ty::Text, true)
                }
                None => {
                    self.report(
                        Diagnostic::new(
                            Code::UnknownColumn,
                            span,
                            format!("the source has no field `{name}`"),
                        )
                        .label("unknown field")
                        .help("use `:field` with a field declared in the source's `fields`"),
                    );
                    Info::unknown()
                }
            },
        }
    }

    /// True when binds are Data API parameters, whose types are collected.
    fn collects_bind_uses(&self) -> bool {
        matches!(self.binds, Binds::DataApi) && self.oracle
    }

    /// Records the uses of binds as arguments of `function`, called `name`
    /// (before the call is translated: its arguments as written).
    pub(super) fn note_bind_arguments(&mut self, name: &str, function: &Function) {
        if !self.collects_bind_uses() {
            return;
        }
        let FunctionArguments::List(list) = &function.args else {
            return;
        };
        let args: Vec<&Expr> = list
            .args
            .iter()
            .filter_map(|arg| match arg {
                FunctionArg::Unnamed(FunctionArgExpr::Expr(expr)) => Some(expr),
                _ => None,
            })
            .collect();
        if !args
            .iter()
            .any(|arg| bind_name(arg).or_else(|| truncated_bind(arg)).is_some())
        {
            return;
        }
        let format = args
            .get(1)
            .is_some_and(|f| super::functions::string_literal(f).is_some());
        for (index, arg) in args.iter().enumerate() {
            let (bind, inside) = match (bind_name(arg), truncated_bind(arg)) {
                (Some(bind), _) => (bind, ""),
                (None, Some(bind)) => (bind, "TRUNC inside "),
                (None, None) => continue,
            };
            let ty = argument_type(name, index, args.len(), format);
            // TRUNC of a number is a NUMBER, which Oracle never converts to
            // a DATE implicitly: in a DATE argument it truncates a DATE.
            let ty = ty.filter(|ty| inside.is_empty() || *ty == BindType::Date);
            if let Some(ty) = ty {
                let what = match index {
                    0 => format!("{inside}the first argument of `{name}`"),
                    _ => format!("{inside}argument {} of `{name}`", index + 1),
                };
                let span = self.span_of(*arg);
                self.bind_uses.push(BindUse {
                    name: bind,
                    ty,
                    what,
                    span,
                });
            }
        }
    }

    /// Records a bind compared with an operand of a date type (`left` and
    /// `right` translated, with what is known of them).
    pub(super) fn note_bind_comparison(&mut self, operands: &[(&Expr, Info)]) {
        if !self.collects_bind_uses() {
            return;
        }
        let Some((other, _)) = operands
            .iter()
            .find(|(e, info)| info.ty.is_datetime() && bind_name(e).is_none())
        else {
            return;
        };
        let compared = other.to_string();
        for (operand, info) in operands {
            if info.ty != Ty::Unknown {
                continue;
            }
            let Some(bind) = bind_name(operand) else {
                continue;
            };
            let span = self.span_of(*operand);
            self.bind_uses.push(BindUse {
                name: bind,
                ty: BindType::Date,
                what: format!("its comparison with the date `{compared}`"),
                span,
            });
        }
    }

    /// `:name` typed by [`infer`], or `None` when it has no type.
    pub(super) fn typed_bind(&self, name: &str) -> Option<(Expr, Info)> {
        let bind_use = self.bind_types.get(name)?;
        let placeholder = Expr::value(Value::Placeholder(format!(":{name}")));
        Some(match bind_use.ty {
            BindType::Date => (
                Expr::Cast {
                    kind: CastKind::Cast,
                    expr: Box::new(placeholder),
                    data_type: SqlType::Timestamp(None, TimezoneInfo::None),
                    format: None,
                },
                Info::new(Ty::Timestamp, true),
            ),
            BindType::Text => (placeholder, Info::new(Ty::Text, true)),
        })
    }

    /// True when `e` is a bind typed as an Oracle DATE: a TIMESTAMP with
    /// whole seconds, to which Oracle's `± n` adds whole days.
    pub(super) fn is_date_bind(&self, e: &Expr) -> bool {
        match e {
            Expr::Cast { expr, .. } => bind_name(expr).is_some_and(|name| {
                self.bind_types
                    .get(&name)
                    .is_some_and(|u| u.ty == BindType::Date)
            }),
            Expr::Nested(inner) => self.is_date_bind(inner),
            _ => false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diag::SourceMap;

    fn bind_use(name: &str, ty: BindType) -> BindUse {
        let file = SourceMap::new().add("case.sql", "x");
        BindUse {
            name: name.to_string(),
            ty,
            what: "a use".to_string(),
            span: Span::new(file, 0..1),
        }
    }

    #[test]
    fn uses_that_agree_give_a_type_and_a_disagreement_gives_none() {
        let inferred = infer(&[
            bind_use("p_day", BindType::Date),
            bind_use("p_text", BindType::Text),
            bind_use("p_day", BindType::Date),
            bind_use("p_both", BindType::Text),
            bind_use("p_both", BindType::Date),
            bind_use("p_both", BindType::Text),
        ]);
        let types: Vec<(&str, BindType)> = inferred
            .types
            .iter()
            .map(|(name, u)| (name.as_str(), u.ty))
            .collect();
        assert_eq!(
            types,
            [("p_day", BindType::Date), ("p_text", BindType::Text)]
        );
    }

    #[test]
    fn documented_argument_types() {
        assert_eq!(
            argument_type("ADD_MONTHS", 0, 2, false),
            Some(BindType::Date)
        );
        assert_eq!(argument_type("ADD_MONTHS", 1, 2, false), None);
        assert_eq!(
            argument_type("MONTHS_BETWEEN", 1, 2, false),
            Some(BindType::Date)
        );
        assert_eq!(argument_type("TRUNC", 0, 2, true), Some(BindType::Date));
        // TRUNC(x) and TRUNC(x, n) may be a number's.
        assert_eq!(argument_type("TRUNC", 0, 1, false), None);
        assert_eq!(argument_type("TRUNC", 0, 2, false), None);
        assert_eq!(argument_type("TO_DATE", 0, 2, true), Some(BindType::Text));
        // TO_NUMBER(x) may be of a number.
        assert_eq!(argument_type("TO_NUMBER", 0, 1, false), None);
        assert_eq!(argument_type("TO_CHAR", 0, 2, true), None);
    }
}
