//! Function calls: the dispatcher and the allow-list of functions whose
//! Oracle meaning is the same in Redshift and in PostgreSQL (the test engine).
//!
//! Each [`SAME`] entry names the Oracle function, the output (the same call),
//! the caveat that made it safe, and the Redshift documentation. Functions
//! that need a rewrite are dispatched to their family file; any other
//! function is refused (`refusals.rs` tells an Oracle built-in from a user
//! function not among the inputs): a same-named Redshift
//! function often differs (SUBSTR from 0, TO_NUMBER without a mask, INSTR
//! with an occurrence), so nothing is copied through unchecked.

use sqlparser::ast::{
    DuplicateTreatment, Expr, Function, FunctionArg, FunctionArgExpr, FunctionArgumentList,
    FunctionArguments, Ident, ObjectName, Spanned, WindowFrameUnits, WindowType,
};

use super::Translator;
use super::catalogue::{self, Becomes, Family, PackageCall};
use crate::diag::{Code, Diagnostic, Span};
use crate::sql::typing::{Info, Ty};

/// How the result of a same-meaning function is typed.
#[derive(Clone, Copy, Debug)]
enum Result {
    /// Text, NULL when an argument is.
    Text,
    /// The first argument's type.
    First,
    /// An integer, never NULL (COUNT).
    Count,
    /// An integer, NULL when an argument is.
    Integer,
}

/// A function with the same meaning in Oracle, Redshift and PostgreSQL.
struct Same {
    /// Oracle name, upper case; the output is the same call.
    name: &'static str,
    /// Argument count range.
    args: (usize, usize),
    result: Result,
    /// Why the Oracle and Redshift results agree, and the limits.
    caveat: &'static str,
    /// Redshift documentation.
    doc: &'static str,
}

const SAME: &[Same] = &[
    Same {
        name: "UPPER",
        args: (1, 1),
        result: Result::Text,
        caveat: "same for every input; NULL in, NULL out",
        doc: "https://docs.aws.amazon.com/redshift/latest/dg/r_UPPER.html",
    },
    Same {
        name: "LOWER",
        args: (1, 1),
        result: Result::Text,
        caveat: "same for every input",
        doc: "https://docs.aws.amazon.com/redshift/latest/dg/r_LOWER.html",
    },
    Same {
        name: "INITCAP",
        args: (1, 1),
        result: Result::Text,
        caveat: "Oracle: words are delimited by white space or characters that are not alphanumeric; Redshift and PostgreSQL use the same rule (underscore and punctuation delimit)",
        doc: "https://docs.aws.amazon.com/redshift/latest/dg/r_INITCAP.html",
    },
    Same {
        name: "ABS",
        args: (1, 1),
        result: Result::First,
        caveat: "same",
        doc: "https://docs.aws.amazon.com/redshift/latest/dg/r_ABS.html",
    },
    Same {
        name: "CEIL",
        args: (1, 1),
        result: Result::First,
        caveat: "same for exact numbers",
        doc: "https://docs.aws.amazon.com/redshift/latest/dg/r_CEILING_FLOOR.html",
    },
    Same {
        name: "FLOOR",
        args: (1, 1),
        result: Result::First,
        caveat: "same for exact numbers",
        doc: "https://docs.aws.amazon.com/redshift/latest/dg/r_FLOOR.html",
    },
    Same {
        name: "SIGN",
        args: (1, 1),
        result: Result::First,
        caveat: "-1, 0, 1 in all three",
        doc: "https://docs.aws.amazon.com/redshift/latest/dg/r_SIGN.html",
    },
    Same {
        name: "MOD",
        args: (2, 2),
        result: Result::First,
        caveat: "sign of the dividend in all three; MOD(a, 0) is a in Oracle but a division-by-zero error in Redshift and PostgreSQL (an error, never a different result)",
        doc: "https://docs.aws.amazon.com/redshift/latest/dg/r_MOD.html",
    },
    Same {
        name: "COUNT",
        args: (1, 1),
        result: Result::Count,
        caveat: "same; COUNT(*) and COUNT(DISTINCT x)",
        doc: "https://docs.aws.amazon.com/redshift/latest/dg/r_COUNT.html",
    },
    Same {
        name: "SUM",
        args: (1, 1),
        result: Result::First,
        caveat: "same; integer sums are BIGINT in Redshift (overflow is an error)",
        doc: "https://docs.aws.amazon.com/redshift/latest/dg/r_SUM.html",
    },
    Same {
        name: "MIN",
        args: (1, 1),
        result: Result::First,
        caveat: "same for numbers and dates; on text the order is the collation's (Oracle BINARY, Redshift byte order): equal for ASCII",
        doc: "https://docs.aws.amazon.com/redshift/latest/dg/r_MIN.html",
    },
    Same {
        name: "MAX",
        args: (1, 1),
        result: Result::First,
        caveat: "as MIN",
        doc: "https://docs.aws.amazon.com/redshift/latest/dg/r_MAX.html",
    },
    Same {
        name: "LAG",
        args: (1, 3),
        result: Result::First,
        caveat: "window function with OVER (ORDER BY ...); same defaults",
        doc: "https://docs.aws.amazon.com/redshift/latest/dg/r_WF_LAG.html",
    },
    Same {
        name: "LEAD",
        args: (1, 3),
        result: Result::First,
        caveat: "as LAG",
        doc: "https://docs.aws.amazon.com/redshift/latest/dg/r_WF_LEAD.html",
    },
    Same {
        name: "ROW_NUMBER",
        args: (0, 0),
        result: Result::Count,
        caveat: "needs OVER (ORDER BY ...); ties are numbered arbitrarily in both",
        doc: "https://docs.aws.amazon.com/redshift/latest/dg/r_WF_ROW_NUMBER.html",
    },
    Same {
        name: "RANK",
        args: (0, 0),
        result: Result::Count,
        caveat: "needs OVER (ORDER BY ...)",
        doc: "https://docs.aws.amazon.com/redshift/latest/dg/r_WF_RANK.html",
    },
    Same {
        name: "DENSE_RANK",
        args: (0, 0),
        result: Result::Count,
        caveat: "needs OVER (ORDER BY ...)",
        doc: "https://docs.aws.amazon.com/redshift/latest/dg/r_WF_DENSE_RANK.html",
    },
    Same {
        name: "ASCII",
        args: (1, 1),
        result: Result::Integer,
        caveat: "code of the first character; same for ASCII text",
        doc: "https://docs.aws.amazon.com/redshift/latest/dg/r_ASCII.html",
    },
];

/// The functions copied as they are: (Oracle name, why the results agree,
/// Redshift's documentation), for docs/translation.md.
pub fn same_functions() -> impl Iterator<Item = (&'static str, &'static str, &'static str)> {
    SAME.iter().map(|s| (s.name, s.caveat, s.doc))
}

/// The Oracle-supplied package a qualified call names (`dbms_lob.substr(x)`).
fn oracle_package(function: &Function) -> Option<(String, &'static PackageCall)> {
    let parts: Vec<String> = function
        .name
        .0
        .iter()
        .filter_map(|part| part.as_ident().map(|i| i.value.to_lowercase()))
        .collect();
    match parts.as_slice() {
        [package, name] | [_, package, name] => {
            catalogue::package_call(package, name).map(|call| (format!("{package}.{name}"), call))
        }
        _ => None,
    }
}

/// The diagnostic of a call of `called` (`package.name`), an Oracle-supplied
/// package's routine, in SQL or PL/SQL.
pub fn package_diagnostic(called: &str, call: &PackageCall, span: Span) -> Diagnostic {
    let (code, label) = match call.becomes {
        Becomes::Dropped => (Code::OraclePackageDropped, "left out"),
        _ => (Code::OraclePackage, "not translated"),
    };
    Diagnostic::new(
        code,
        span,
        format!("`{}`: {}", called.to_uppercase(), call.note),
    )
    .label(label)
    .help(call.help)
}

/// What to do instead of a collection used element by element.
pub const COLLECTION_HELP: &str = "Redshift has no collections: write the work as one set-based INSERT, UPDATE or DELETE ... SELECT over the query that fills the collection";

/// The `plsql::collection` error at `span`: `what` uses a collection element
/// by element, in SQL or in PL/SQL.
pub fn collection_diagnostic(span: Span, what: &str, help: &str) -> Diagnostic {
    Diagnostic::new(
        Code::PlsqlCollection,
        span,
        format!("{what}: Redshift procedures have no collections"),
    )
    .label("collection used element by element")
    .help(help)
}

/// Aggregates: allowed as window functions only with an explicit ROWS frame
/// when the window is ordered (Redshift requires a frame; Oracle's default
/// RANGE frame differs on ties).
const AGGREGATES: &[&str] = &["COUNT", "SUM", "MIN", "MAX", "AVG"];

/// The upper-case name of a call with a one-part name.
pub fn name_of(function: &Function) -> Option<FunctionName> {
    match function.name.0.as_slice() {
        [part] => part.as_ident().map(|ident| FunctionName::new(&ident.value)),
        _ => None,
    }
}

/// A call's name in upper case, held inline when it is short ASCII, as
/// every built-in's is: no allocation for each call translated.
pub struct FunctionName {
    inline: [u8; INLINE_NAME],
    len: usize,
    long: Option<String>,
}

/// Bytes of a name held inline (the longest built-in is `REGEXP_REPLACE`).
const INLINE_NAME: usize = 24;

impl FunctionName {
    fn new(name: &str) -> Self {
        let mut inline = [0u8; INLINE_NAME];
        if name.is_ascii() && name.len() <= INLINE_NAME {
            inline[..name.len()].copy_from_slice(name.as_bytes());
            inline[..name.len()].make_ascii_uppercase();
            Self {
                inline,
                len: name.len(),
                long: None,
            }
        } else {
            Self {
                inline,
                len: 0,
                long: Some(name.to_uppercase()),
            }
        }
    }
}

impl std::ops::Deref for FunctionName {
    type Target = str;

    fn deref(&self) -> &str {
        match &self.long {
            Some(long) => long,
            // ASCII by construction.
            None => std::str::from_utf8(&self.inline[..self.len]).unwrap_or_default(),
        }
    }
}

impl std::fmt::Display for FunctionName {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self)
    }
}

/// The argument expressions of a call; `None` when one is not a plain expression.
pub fn arg_exprs(function: &mut Function) -> Option<Vec<&mut Expr>> {
    match &mut function.args {
        FunctionArguments::None => Some(Vec::new()),
        FunctionArguments::List(list) => list
            .args
            .iter_mut()
            .map(|arg| match arg {
                FunctionArg::Unnamed(FunctionArgExpr::Expr(expr)) => Some(expr),
                _ => None,
            })
            .collect(),
        FunctionArguments::Subquery(_) => None,
    }
}

/// The text of a string literal, parenthesised or not: Oracle reads
/// `TO_CHAR(d, ('DD MON YYYY'))` as the literal format.
pub fn string_literal(e: &Expr) -> Option<String> {
    match e {
        Expr::Value(v) => match &v.value {
            sqlparser::ast::Value::SingleQuotedString(s) => Some(s.clone()),
            _ => None,
        },
        Expr::Nested(inner) => string_literal(inner),
        _ => None,
    }
}

/// `NAME(args)`.
pub fn call(name: &str, args: Vec<Expr>) -> Expr {
    Expr::Function(Function {
        name: ObjectName::from(vec![Ident::new(name)]),
        uses_odbc_syntax: false,
        parameters: FunctionArguments::None,
        args: FunctionArguments::List(FunctionArgumentList {
            duplicate_treatment: None,
            args: args
                .into_iter()
                .map(|e| FunctionArg::Unnamed(FunctionArgExpr::Expr(e)))
                .collect(),
            clauses: Vec::new(),
        }),
        filter: None,
        null_treatment: None,
        over: None,
        within_group: Vec::new(),
    })
}

/// Takes the argument expressions out of a call (for rewrites that rebuild it).
pub fn take_args(e: &mut Expr) -> Vec<Expr> {
    let Expr::Function(function) = e else {
        return Vec::new();
    };
    arg_exprs(function)
        .map(|args| args.into_iter().map(take_expr).collect())
        .unwrap_or_default()
}

/// Moves an expression out, leaving NULL.
pub fn take_expr(e: &mut Expr) -> Expr {
    ::std::mem::replace(e, Expr::value(sqlparser::ast::Value::Null))
}

/// Where a node was before it is rewritten: the span a diagnostic about it
/// needs, taken without cloning the node (a call's arguments are moved out
/// as it is translated, so its span must be taken first).
#[derive(Clone, Copy)]
pub(super) struct At(sqlparser::tokenizer::Span);

impl At {
    /// The span of `node` as it is now.
    pub(super) fn of(node: &impl Spanned) -> Self {
        Self(node.span())
    }
}

impl Spanned for At {
    fn span(&self) -> sqlparser::tokenizer::Span {
        self.0
    }
}

impl Translator<'_> {
    /// Translates a function call.
    pub fn function(&mut self, e: &mut Expr) -> Info {
        let Expr::Function(function) = &mut *e else {
            return Info::unknown();
        };
        let name = name_of(function);
        self.window(function);
        if !self.oracle {
            // The date part of DATEADD(day, ...) and friends is a keyword, not a column.
            let date_part = matches!(
                name.as_deref(),
                Some("DATEADD" | "DATEDIFF" | "DATE_PART" | "DATEPART")
            );
            if let Some(args) = arg_exprs(function) {
                for (index, arg) in args.into_iter().enumerate() {
                    if !(date_part && index == 0 && matches!(arg, Expr::Identifier(_))) {
                        self.expr(arg);
                    }
                }
            }
            return Info::unknown();
        }
        let Some(name) = name else {
            let package = oracle_package(function);
            let span = self.span_of(e);
            if let Some((called, call)) = package {
                self.report(package_diagnostic(&called, call, span));
                return Info::unknown();
            }
            self.report(
                Diagnostic::new(
                    Code::SchemaQualifiedFunction,
                    span,
                    "a schema-qualified function",
                )
                .label("not translated")
                .help("user functions are not translated; inline the expression"),
            );
            return Info::unknown();
        };
        if let Some(collection) = self.collection_element(&name) {
            let node = e.clone();
            self.collection_refused(&node, &collection);
            return Info::unknown();
        }
        if &*name == "LISTAGG" {
            return self.listagg(e);
        }
        if function.filter.is_some()
            || function.null_treatment.is_some()
            || !function.within_group.is_empty()
            || !matches!(function.parameters, FunctionArguments::None)
        {
            let node = e.clone();
            self.unsupported_function(
                Code::WindowForm,
                &node,
                &format!("`{name}` with FILTER, WITHIN GROUP or IGNORE NULLS"),
                "rewrite without these clauses",
            );
            return Info::unknown();
        }
        self.note_bind_arguments(&name, function);
        match catalogue::family(&name) {
            Some(Family::Conditional) => self.conditional_function(e, &name),
            Some(Family::Datetime) => self.datetime_function(e, &name),
            Some(Family::Conversion) => self.conversion_function(e, &name),
            Some(Family::Text) => self.text_function(e, &name),
            Some(Family::Regexp) => self.regexp_function(e, &name),
            None => self.same_function(e, &name),
        }
    }

    /// Translates the OVER clause; refuses ordered aggregate windows without a ROWS frame.
    fn window(&mut self, function: &mut Function) {
        if function.over.is_none() {
            return;
        }
        let name = name_of(function);
        let name = name.as_deref().unwrap_or_default();
        let node = At::of(&*function);
        let Some(over) = &mut function.over else {
            return;
        };
        let WindowType::WindowSpec(spec) = over else {
            if self.oracle {
                self.unsupported(
                    Code::WindowForm,
                    &node,
                    "named windows are not translated",
                    "write the window inline",
                );
            }
            return;
        };
        for expr in &mut spec.partition_by {
            self.expr(expr);
        }
        for item in &mut spec.order_by {
            self.expr(&mut item.expr);
        }
        if !self.oracle {
            return;
        }
        let ordered = !spec.order_by.is_empty();
        if AGGREGATES.contains(&name) && ordered {
            let rows = spec
                .window_frame
                .as_ref()
                .is_some_and(|frame| frame.units == WindowFrameUnits::Rows);
            if !rows {
                self.unsupported(Code::WindowForm,
                    &node,
                    format!("`{name}` over an ordered window without a ROWS frame"),
                    "Oracle's default frame is RANGE UNBOUNDED PRECEDING (ties included); Redshift needs ROWS BETWEEN ... : add a unique tiebreaker to ORDER BY and write the ROWS frame",
                );
            }
        }
        if matches!(name, "ROW_NUMBER" | "RANK" | "DENSE_RANK" | "LAG" | "LEAD") && !ordered {
            self.unsupported(
                Code::WindowForm,
                &node,
                format!("`{name}` needs ORDER BY in its window"),
                "add ORDER BY to OVER (...)",
            );
        }
    }

    /// A function of the [`SAME`] table (or AVG), or a refusal.
    fn same_function(&mut self, e: &mut Expr, name: &str) -> Info {
        let node = At::of(e);
        let Expr::Function(function) = e else {
            return Info::unknown();
        };
        let window_only = matches!(name, "ROW_NUMBER" | "RANK" | "DENSE_RANK" | "LAG" | "LEAD");
        if window_only && function.over.is_none() {
            self.unsupported_function(
                Code::WindowForm,
                &node,
                &format!("`{name}` without OVER"),
                "add OVER (ORDER BY ...)",
            );
            return Info::unknown();
        }
        let count_star = name == "COUNT"
            && matches!(&function.args, FunctionArguments::List(list)
            if matches!(list.args.as_slice(), [FunctionArg::Unnamed(FunctionArgExpr::Wildcard)]));
        if count_star {
            return Info::new(Ty::Integer, false);
        }
        let distinct = matches!(&function.args, FunctionArguments::List(l) if l.duplicate_treatment == Some(DuplicateTreatment::Distinct));
        let Some(args) = arg_exprs(function) else {
            self.unsupported_function(
                Code::FunctionArguments,
                &node,
                &format!("`{name}` with these arguments"),
                "pass plain expressions",
            );
            return Info::unknown();
        };
        let mut infos = Vec::new();
        for arg in args {
            infos.push(self.expr(arg));
        }
        if name == "AVG" {
            return self.avg(&node, &infos);
        }
        let Some(entry) = SAME.iter().find(|entry| entry.name == name) else {
            self.refuse_unknown_function(&node, name);
            return Info::unknown();
        };
        if infos.len() < entry.args.0
            || infos.len() > entry.args.1
            || (distinct && !AGGREGATES.contains(&name))
        {
            self.unsupported_function(
                Code::FunctionArguments,
                &node,
                &format!("`{name}` with {} arguments", infos.len()),
                &format!(
                    "`{name}` takes {} to {} arguments",
                    entry.args.0, entry.args.1
                ),
            );
            return Info::unknown();
        }
        let nullable = infos.iter().any(|i| i.nullable);
        match entry.result {
            Result::Text => Info::new(Ty::Text, nullable),
            Result::First => infos.first().map_or(Info::unknown(), |i| {
                Info::new(i.ty, nullable || function_is_aggregate(name))
            }),
            Result::Count => Info::new(Ty::Integer, false),
            Result::Integer => Info::new(Ty::Integer, nullable),
        }
    }

    /// AVG: Redshift's AVG of integers is an integer (truncated).
    fn avg(&mut self, node: &At, infos: &[Info]) -> Info {
        match infos.first().map(|i| i.ty) {
            Some(Ty::Exact) => Info::new(Ty::Exact, true),
            Some(Ty::Float) => Info::new(Ty::Float, true),
            Some(Ty::Integer) => {
                self.unsupported_function(
                    Code::NumericSemantics,
                    node,
                    "AVG of integers truncates to an integer in Redshift",
                    "average a decimal: AVG(CAST(x AS DECIMAL(p,s)))",
                );
                Info::unknown()
            }
            _ => {
                self.unknown_type(
                    node,
                    "AVG of an expression of unknown type",
                    "Redshift truncates AVG of integers: cast the argument to DECIMAL(p,s)",
                );
                Info::unknown()
            }
        }
    }

    /// The collection variable a call `name(i)` reads an element of, if any.
    pub(super) fn collection_element(&self, name: &str) -> Option<String> {
        let name = name.to_lowercase();
        self.variables
            .is_some_and(|v| v.is_collection(&name))
            .then_some(name)
    }

    /// A `plsql::collection` error: an element of `collection` read in SQL.
    pub(super) fn collection_refused(&mut self, node: &impl Spanned, collection: &str) {
        let what = format!("an element of the collection `{collection}`");
        self.collection_diagnostic(node, &what);
    }

    /// A `plsql::collection` error: `collection.METHOD` read in SQL.
    pub(super) fn collection_method_refused(
        &mut self,
        node: &impl Spanned,
        collection: &str,
        method: &str,
    ) {
        let what = format!("`{collection}.{method}` of a collection");
        self.collection_diagnostic(node, &what);
    }

    /// A `plsql::collection` error on `node`, `what` naming the construct.
    pub(super) fn collection_diagnostic(&mut self, node: &impl Spanned, what: &str) {
        let span = self.span_of(node);
        self.report(collection_diagnostic(span, what, COLLECTION_HELP));
    }

    /// Records a refused function call with `code`, the code of why it is
    /// refused, at `node`.
    pub fn unsupported_function(
        &mut self,
        code: Code,
        node: &impl Spanned,
        message: &str,
        help: &str,
    ) {
        let span = self.span_of(node);
        self.report(
            Diagnostic::new(code, span, message.to_string())
                .label("not translated")
                .help(help.to_string()),
        );
    }
}

fn function_is_aggregate(name: &str) -> bool {
    AGGREGATES.contains(&name)
}

#[cfg(test)]
mod tests {
    use super::FunctionName;

    #[test]
    fn names_are_upper_case_inline_or_not() {
        assert_eq!(&*FunctionName::new("nvl"), "NVL");
        assert_eq!(&*FunctionName::new("Regexp_Replace"), "REGEXP_REPLACE");
        // Longer than the inline buffer, or not ASCII: a String, same result.
        let long = "a_user_function_with_a_long_name";
        assert_eq!(&*FunctionName::new(long), long.to_uppercase());
        assert_eq!(&*FunctionName::new("größe"), "GRÖSSE");
        assert_eq!(FunctionName::new("trim").to_string(), "TRIM");
    }
}
