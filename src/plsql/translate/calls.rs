//! Procedure calls and the built-in packages.
//!
//! A call to a routine of the run becomes `CALL schema.name(args)`: named
//! arguments are put in order, defaults written out (Redshift parameters
//! have none), an OUT / IN OUT argument must be a variable (its parameter
//! is INOUT, docs/redshift.md#procedure-shape). Among overloads the one whose parameter
//! count and names fit the call is taken (then the one whose types fit).
//! DBMS_OUTPUT.PUT_LINE(x) becomes `RAISE INFO '%', v` with `v := x`
//! (RAISE takes variables only, 1.3; the message lands in
//! SVL_STORED_PROC_MESSAGES, 1.7); ENABLE / DISABLE have no effect there.
//! RAISE_APPLICATION_ERROR is in `exceptions`. A call of another Oracle
//! package that no input declares is what the catalogue
//! (`sql::translate::catalogue`) says: left out with a warning when it changes
//! no data, refused otherwise. Any other procedure (not among the inputs) is
//! a `plsql::unknown-name` error: its parameters decide the call's form.

use std::ops::Range;

use sqlparser::ast::{Expr, Ident, Value};

use super::Ctx;
use super::packages::Sig;
use crate::diag::{Code, Diagnostic};
use crate::plsql::ast::{self, ParamMode, Stmt};
use crate::plsql::pgsql::{self, RaiseLevel, Type};
use crate::spec::model::DataType;
use crate::sql::translate::catalogue::{self, Becomes, PackageCall};
use crate::sql::translate::package_diagnostic;
use crate::sql::typing::{Info, Ty};

impl Ctx<'_> {
    /// `name(args);`
    pub fn call(
        &mut self,
        stmt: &Stmt,
        name: &ast::QualifiedIdent,
        args: &[ast::Arg],
        out: &mut Vec<pgsql::Stmt>,
    ) {
        let parts = super::packages::parts(name);
        let joined: Vec<&str> = parts.iter().map(String::as_str).collect();
        match joined.as_slice() {
            ["dbms_output", "put_line"] => return self.put_line(stmt, args, out),
            ["dbms_output", "enable" | "disable"] => {
                out.push(pgsql::Stmt::Comment(format!(
                    "DBMS_OUTPUT.{}: RAISE INFO needs no buffer",
                    parts[1].to_uppercase()
                )));
                return;
            }
            ["raise_application_error"] => return self.raise_application_error(stmt, args, out),
            _ => {}
        }
        let schema = self.schema();
        let candidates: Vec<&Sig> = self
            .world
            .candidates(&parts, self.sig.package.as_deref(), &schema)
            .into_iter()
            .filter(|s| s.result.is_none() && s.inline.is_none())
            .collect();
        if candidates.is_empty() {
            let span = self.span(&stmt.range);
            if let Some((called, call)) = oracle_package(&joined) {
                if call.becomes == Becomes::Dropped {
                    out.push(pgsql::Stmt::Comment(format!(
                        "{}: left out, it changes no data",
                        called.to_uppercase()
                    )));
                }
                self.report(package_diagnostic(&called, call, span));
                return;
            }
            self.report(
                Diagnostic::new(Code::PlsqlUnknownName, span, format!("`{}` is not a procedure among the inputs", parts.join(".")))
                    .label("unknown procedure")
                    .help("translate the called unit together with this one (its parameters decide how to call it)"),
            );
            return;
        }
        let Some(sig) = self.overload(&stmt.range, &candidates, args) else {
            return;
        };
        let Some(values) = self.arguments(&stmt.range, sig, args) else {
            return;
        };
        self.record_call(&stmt.range, &sig.pg);
        out.push(pgsql::Stmt::Call {
            name: sig.pg.clone(),
            args: values,
        });
    }

    /// Notes a call (nested-cursor check across routines).
    pub fn record_call(&mut self, range: &Range<usize>, pg: &str) {
        self.calls.push(pg.to_string());
        self.after_call = true;
        if !self.open_cursors.is_empty() {
            let span = self.span(range);
            self.calls_in_cursor.push((pg.to_string(), span));
        }
    }

    /// The overload that fits the arguments.
    pub fn overload<'s>(
        &mut self,
        range: &Range<usize>,
        candidates: &[&'s Sig],
        args: &[ast::Arg],
    ) -> Option<&'s Sig> {
        let fits: Vec<&Sig> = candidates
            .iter()
            .copied()
            .filter(|sig| {
                let positional = args.iter().take_while(|a| a.name.is_none()).count();
                positional <= sig.params.len()
                    && args
                        .iter()
                        .filter_map(|a| a.name.as_ref())
                        .all(|n| sig.params.iter().any(|p| p.name == n.text.to_lowercase()))
                    && sig.params.iter().enumerate().all(|(i, p)| {
                        i < positional
                            || p.default.is_some()
                            || args.iter().any(|a| {
                                a.name
                                    .as_ref()
                                    .is_some_and(|n| n.text.to_lowercase() == p.name)
                            })
                    })
            })
            .collect();
        match fits.as_slice() {
            [one] => return Some(one),
            [] => {
                let span = self.span(range);
                self.report(
                    Diagnostic::new(
                        Code::PlsqlUnknownName,
                        span,
                        format!("no `{}` takes these arguments", candidates[0].oracle),
                    )
                    .label("call")
                    .help("pass one value per parameter without a default"),
                );
                return None;
            }
            _ => {}
        }
        // Several fit by count: the first whose types fit the positional values.
        let infos: Vec<Info> = args
            .iter()
            .filter(|a| a.name.is_none())
            .map(|a| {
                let saved = self.diagnostics.len();
                let info = self.expr(&a.value).1;
                self.diagnostics.truncate(saved);
                info
            })
            .collect();
        let typed: Vec<&Sig> =
            fits.iter()
                .copied()
                .filter(|sig| {
                    infos.iter().zip(&sig.params).all(|(info, p)| {
                        family(info.ty) == family(p.info.ty) || info.ty == Ty::Null
                    })
                })
                .collect();
        match typed.as_slice() {
            [one] => Some(one),
            _ => {
                let span = self.span(range);
                self.report(
                    Diagnostic::new(Code::PlsqlUnknownName, span, format!("the call of the overloaded `{}` is ambiguous", candidates[0].oracle))
                        .label("several overloads fit")
                        .help("pass arguments whose types tell the overloads apart (a CAST), or name them"),
                );
                None
            }
        }
    }

    /// The argument list of a call of `sig`: in parameter order, defaults
    /// filled, OUT / IN OUT as variables.
    pub fn arguments(
        &mut self,
        range: &Range<usize>,
        sig: &Sig,
        args: &[ast::Arg],
    ) -> Option<Vec<Expr>> {
        let mut values = Vec::new();
        for (i, param) in sig.params.iter().enumerate() {
            let arg = args
                .iter()
                .find(|a| {
                    a.name
                        .as_ref()
                        .is_some_and(|n| n.text.to_lowercase() == param.name)
                })
                .or_else(|| args.get(i).filter(|a| a.name.is_none()));
            match (arg, param.mode) {
                (Some(arg), ParamMode::In) => {
                    let arg_range = arg.value.range.clone();
                    let (expr, info) = self.expr(&arg.value);
                    self.check_parameter(&arg_range, param.info, info);
                    values.push(self.typed(expr, param));
                }
                (Some(arg), _) => {
                    let (expr, _) = self.target(&arg.value)?;
                    if let Expr::Identifier(name) = &expr {
                        self.learn_assignment(&name.value, param.info);
                        self.check_inout(&arg.value.range, &name.value, param);
                    }
                    values.push(expr);
                }
                (None, ParamMode::In) => match &param.default {
                    Some(default) => values.push(self.typed(default.clone(), param)),
                    None => return self.missing(range, &sig.oracle, &param.name),
                },
                (None, _) => return self.missing(range, &sig.oracle, &param.name),
            }
        }
        Some(values)
    }

    /// An INOUT argument: PostgreSQL and Redshift find the procedure by the
    /// variable's type, which must be the parameter's.
    fn check_inout(
        &mut self,
        range: &Range<usize>,
        variable: &str,
        param: &super::packages::SigParam,
    ) {
        let declared = self.scope.find_pg(variable).and_then(|v| match &v.kind {
            super::scope::VarKind::Value { ty, .. } => ty.clone(),
            _ => None,
        });
        if let (Some(declared), Some(wanted)) = (declared, &param.ty)
            && !passes_as(&declared, wanted)
        {
            let span = self.span(range);
            self.report(
                Diagnostic::new(Code::ImplicitConversion, span, format!("the variable `{variable}` is {declared}, the OUT parameter `{}` {wanted}", param.name))
                    .label("OUT argument of another type")
                    .help("Redshift passes OUT values through INOUT parameters, found by the argument's type: declare the variable with the parameter's type"),
            );
        }
    }

    /// An IN argument cast to its parameter's type: PostgreSQL and Redshift
    /// pick a procedure by its argument types, and a literal or a BIGINT
    /// count would not match an INTEGER or VARCHAR(n) parameter. A variable
    /// of the parameter's type stays as it is.
    pub fn typed(&self, expr: Expr, param: &super::packages::SigParam) -> Expr {
        let Some(ty) = &param.ty else {
            return expr;
        };
        if let Expr::Identifier(name) = &expr
            && let Some(var) = self.scope.find_pg(&name.value)
            && matches!(&var.kind, super::scope::VarKind::Value { ty: Some(t), .. } if t == ty)
        {
            return expr;
        }
        super::types::cast(expr, ty)
    }

    fn missing(&mut self, range: &Range<usize>, routine: &str, param: &str) -> Option<Vec<Expr>> {
        let span = self.span(range);
        self.report(
            Diagnostic::new(
                Code::PlsqlUnknownName,
                span,
                format!("no value for `{param}` of `{routine}`"),
            )
            .label("missing argument")
            .help("pass every parameter without a default, and a variable for OUT parameters"),
        );
        None
    }

    /// An IN argument whose value Oracle would convert implicitly to the
    /// parameter's type with NLS rules (text and dates).
    fn check_parameter(&mut self, range: &Range<usize>, param: Info, arg: Info) {
        let dates = (arg.ty == Ty::Text && param.ty.is_datetime())
            || (param.ty == Ty::Text
                && (arg.ty.is_datetime() || matches!(arg.ty, Ty::Exact | Ty::Float)));
        if dates {
            let span = self.span(range);
            self.report(
                Diagnostic::new(
                    Code::ImplicitConversion,
                    span,
                    format!(
                        "passing {} for a parameter that is {} is not translated",
                        arg.ty.describe(),
                        param.ty.describe()
                    ),
                )
                .label("implicit conversion")
                .help("convert explicitly: TO_CHAR(x, 'format'), TO_DATE(text, 'format')"),
            );
        }
    }

    /// DBMS_OUTPUT.PUT_LINE(x).
    fn put_line(&mut self, stmt: &Stmt, args: &[ast::Arg], out: &mut Vec<pgsql::Stmt>) {
        let [arg] = args else {
            self.unsupported(
                Code::PlsqlStatementForm,
                &stmt.range,
                "DBMS_OUTPUT.PUT_LINE without exactly one argument",
                "pass one text",
            );
            return;
        };
        let (expr, info) = self.expr(&arg.value);
        if let Expr::Value(v) = &expr
            && let Value::SingleQuotedString(text) = &v.value
        {
            out.push(pgsql::Stmt::Raise {
                level: RaiseLevel::Info,
                format: text.replace('%', "%%"),
                args: Vec::new(),
            });
            return;
        }
        if !matches!(info.ty, Ty::Text | Ty::Integer | Ty::Null | Ty::Unknown) {
            self.unsupported(Code::ImplicitConversion,
                &arg.value.range,
                &format!("DBMS_OUTPUT.PUT_LINE of {}", info.ty.describe()),
                "Oracle converts it with its own rules: convert explicitly with TO_CHAR(x, 'format')",
            );
            return;
        }
        let variable = self.hidden("eltc_message", Type::Data(DataType::Varchar(65535)));
        out.push(pgsql::Stmt::Assign {
            target: Expr::Identifier(Ident::new(&variable)),
            value: expr,
        });
        out.push(pgsql::Stmt::Raise {
            level: RaiseLevel::Info,
            format: "%".into(),
            args: vec![variable],
        });
    }
}

/// True when a variable of type `variable` finds a procedure whose INOUT
/// parameter is `param`: the same type whatever its length, precision or
/// scale (PostgreSQL and Redshift resolve on the type alone and assign the
/// returned value with the variable's own constraints, as Oracle does), or
/// a wider integer or floating type (an implicit cast).
fn passes_as(variable: &Type, param: &Type) -> bool {
    use crate::spec::model::DataType as D;
    match (variable, param) {
        (Type::Data(v), Type::Data(p)) => {
            let rank = |t: &D| match t {
                D::SmallInt => Some(0),
                D::Integer => Some(1),
                D::BigInt => Some(2),
                D::Decimal { .. } => Some(3),
                _ => None,
            };
            std::mem::discriminant(v) == std::mem::discriminant(p)
                || matches!((rank(v), rank(p)), (Some(a), Some(b)) if a <= b)
                || matches!((v, p), (D::Real, D::Double))
        }
        (v, p) => v == p,
    }
}

/// Type families overloads are told apart by.
fn family(ty: Ty) -> u8 {
    match ty {
        Ty::Integer | Ty::Exact | Ty::Float => 0,
        Ty::Text => 1,
        Ty::Date | Ty::Timestamp | Ty::TimestampTz => 2,
        Ty::Boolean => 3,
        Ty::Null | Ty::Unknown => 4,
    }
}

/// The Oracle package routine `parts` names (`pkg.routine` or
/// `sys.pkg.routine`), with the name as called, unless eltc translates it.
fn oracle_package(parts: &[&str]) -> Option<(String, &'static PackageCall)> {
    let (package, routine) = match parts {
        [package, routine] | ["sys", package, routine] => (package, routine),
        _ => return None,
    };
    catalogue::package_call(package, routine)
        .filter(|call| call.becomes != Becomes::Translated)
        .map(|call| (format!("{package}.{routine}"), call))
}
