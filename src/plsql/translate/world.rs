//! The signatures of every routine of a run (see `packages` for the naming
//! rules), built before any body is translated.

use std::collections::{BTreeMap, BTreeSet};

use sqlparser::ast::Expr;

use super::decls::{Resolved, resolve};
use super::expr::{source, translate_in};
use super::packages::{ResultParam, Sig, SigParam, owner, parts, qualified};
use super::scope::{PackageNames, Scope};
use super::{Src, World};
use crate::diag::{Code, Diagnostic};
use crate::plsql::ast::{self, DeclKind, ParamMode, Stmt, StmtKind, UnitKind};
use crate::plsql::pgsql::Type;
use crate::spec::model::{DataType, Dialect};
use crate::sql::parse::parse_expr;
use crate::sql::typing::{Info, Ty};

/// One unit of the run with its text.
#[derive(Clone, Copy)]
pub struct UnitRef<'a> {
    /// Where its text is.
    pub src: Src<'a>,
    /// The unit.
    pub unit: &'a ast::Unit,
}

/// The name of the result parameter of a function turned into a procedure.
pub const RESULT: &str = "eltc_result";

/// Fills `world.sigs` from the units; `anonymous` names the procedure of
/// an anonymous block (from its unit and its index among them).
pub fn build(
    world: &mut World,
    units: &[UnitRef<'_>],
    schema: &str,
    anonymous: &dyn Fn(&UnitRef<'_>, usize) -> String,
    out: &mut Vec<Diagnostic>,
) {
    let public = public_names(units, schema);
    let mut anonymous_count = 0;
    let mut sigs = Vec::new();
    for (index, unit) in units.iter().enumerate() {
        let comments: Vec<String> = unit.unit.comments.iter().map(|c| c.text.clone()).collect();
        match &unit.unit.kind {
            UnitKind::Procedure(routine) | UnitKind::Function(routine) => {
                let (s, name) = qualified(&routine.spec.name, schema);
                let scope = Scope::default();
                let mut sig = signature(world, unit.src, routine, &scope, &s, out);
                sig.oracle = format!("{s}.{name}");
                sig.pg = format!("{s}.{name}");
                sig.public = true;
                sig.comments = comments;
                sig.origin = (index, Vec::new());
                sig.owner = owner(&routine.spec.name);
                sigs.push(sig);
            }
            UnitKind::PackageBody(package) => {
                let spec = public.get(&package_key(package, schema));
                sigs.extend(package_sigs(
                    world, units, index, package, spec, schema, out,
                ));
            }
            UnitKind::Anonymous(block) => {
                let name = anonymous(unit, anonymous_count);
                anonymous_count += 1;
                sigs.push(Sig {
                    oracle: name.clone(),
                    package: None,
                    pg: name,
                    params: Vec::new(),
                    result: None,
                    inline: None,
                    autonomous: autonomous(&block.decls),
                    public: true,
                    comments,
                    span: unit.src.span(&unit.unit.range),
                    package_names: None,
                    origin: (index, Vec::new()),
                    owner: None,
                });
            }
            UnitKind::PackageSpec(_) | UnitKind::Sql { .. } => {}
        }
    }
    name_overloads(&mut sigs, out);
    for sig in sigs.iter().filter(|s| s.public) {
        if sig.inline.is_some() {
            out.push(
                Diagnostic::new(Code::PlsqlSignature, sig.span.clone(), format!("the function `{}` is inlined where the translated units call it: no Redshift object is created", sig.oracle))
                    .label("one-expression function")
                    .help("other callers must write the expression themselves (Redshift has no PL/pgSQL functions, https://docs.aws.amazon.com/redshift/latest/dg/c_unsupported-postgresql-features.html)"),
            );
            continue;
        }
        external_calls(sig, out);
    }
    world.sigs = sigs;
}

/// What a caller outside the translated units must do differently: pass
/// the defaulted arguments, and a variable (or NULL) for OUT ones.
fn external_calls(sig: &Sig, out: &mut Vec<Diagnostic>) {
    let defaults: Vec<&str> = sig
        .params
        .iter()
        .filter(|p| p.default.is_some())
        .map(|p| p.name.as_str())
        .collect();
    let outs: Vec<&str> = sig
        .params
        .iter()
        .filter(|p| p.mode == ParamMode::Out)
        .map(|p| p.name.as_str())
        .collect();
    let mut changes = Vec::new();
    if !defaults.is_empty() {
        changes.push(format!(
            "pass `{}` (Redshift parameters have no DEFAULT)",
            defaults.join("`, `")
        ));
    }
    if !outs.is_empty() {
        changes.push(format!(
            "pass a value for the OUT parameter(s) `{}`, now INOUT",
            outs.join("`, `")
        ));
    }
    if changes.is_empty() {
        return;
    }
    out.push(
        Diagnostic::new(Code::PlsqlSignature, sig.span.clone(), format!("callers of `{}` outside the translated units must {}", sig.pg, changes.join(" and ")))
            .label("public procedure")
            .help("calls inside the translated units are rewritten; update the others (https://docs.aws.amazon.com/redshift/latest/dg/r_CREATE_PROCEDURE.html)"),
    );
}

/// The routines each package spec among the units declares, by `schema.pkg`.
fn public_names(units: &[UnitRef<'_>], schema: &str) -> BTreeMap<String, BTreeSet<String>> {
    let mut public: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for unit in units {
        if let UnitKind::PackageSpec(package) = &unit.unit.kind {
            let names = public.entry(package_key(package, schema)).or_default();
            for item in &package.items {
                if let DeclKind::RoutineSpec(spec) = &item.kind {
                    names.insert(last(&spec.name));
                }
            }
        }
    }
    public
}

/// `schema.pkg` of a package.
fn package_key(package: &ast::Package, schema: &str) -> String {
    let (s, name) = qualified(&package.name, schema);
    format!("{s}.{name}")
}

/// The signatures of a package body's routines (public when the spec
/// declares them, or when no spec is among the units).
fn package_sigs(
    world: &World,
    units: &[UnitRef<'_>],
    index: usize,
    package: &ast::Package,
    spec: Option<&BTreeSet<String>>,
    schema: &str,
    out: &mut Vec<Diagnostic>,
) -> Vec<Sig> {
    let unit = units[index];
    let (s, pkg) = qualified(&package.name, schema);
    let full = format!("{s}.{pkg}");
    let names = package_names(world, unit.src, package, &full, units, out);
    let scope = Scope::with_package(Some(names.clone()));
    let mut sigs = Vec::new();
    for (i, item) in package.items.iter().enumerate() {
        let DeclKind::Routine(routine) = &item.kind else {
            continue;
        };
        let name = last(&routine.spec.name);
        let mut sig = signature(world, unit.src, routine, &scope, &s, out);
        sig.oracle = format!("{full}.{name}");
        sig.pg = format!("{s}.{pkg}_{name}");
        sig.package = Some(full.clone());
        sig.package_names = Some(names.clone());
        sig.public = spec.is_none_or(|names| names.contains(&name));
        sig.comments = item.comments.iter().map(|c| c.text.clone()).collect();
        sig.origin = (index, vec![i]);
        sig.owner = owner(&package.name);
        sigs.push(sig);
    }
    if package.init.as_ref().is_some_and(|init| !init.is_empty()) {
        out.push(
            Diagnostic::new(
                Code::PlsqlPackageState,
                unit.src.span(&unit.unit.range),
                format!("package `{full}` has an initialisation section"),
            )
            .label("runs once per session in Oracle")
            .help("Redshift has no package state: move the work into the procedures that need it"),
        );
    }
    sigs
}

fn last(name: &ast::QualifiedIdent) -> String {
    parts(name).pop().unwrap_or_default()
}

fn autonomous(decls: &[ast::Decl]) -> bool {
    decls.iter().any(|d| {
        matches!(&d.kind, DeclKind::Pragma { name, .. } if name.text.eq_ignore_ascii_case("autonomous_transaction"))
    })
}

/// Overloads after the first get `_2`, `_3` ...; remaining collisions are errors.
fn name_overloads(sigs: &mut [Sig], out: &mut Vec<Diagnostic>) {
    let mut seen: BTreeMap<String, usize> = BTreeMap::new();
    for sig in sigs.iter_mut() {
        let count = seen.entry(sig.oracle.clone()).or_insert(0);
        *count += 1;
        if *count > 1 {
            sig.pg = format!("{}_{}", sig.pg, count);
            out.push(
                Diagnostic::new(Code::PlsqlSignature, sig.span.clone(), format!("overload {} of `{}` becomes `{}`", count, sig.oracle, sig.pg))
                    .label("overloaded routine")
                    .help("eltc names overloads apart; calls in the translated units use the new name, other callers must too"),
            );
        }
    }
    let mut by_pg: BTreeMap<String, usize> = BTreeMap::new();
    for (i, sig) in sigs.iter().enumerate() {
        if sig.inline.is_some() {
            continue;
        }
        if let Some(first) = by_pg.insert(sig.pg.clone(), i) {
            let other = sigs[first].oracle.clone();
            out.push(
                Diagnostic::new(
                    Code::PlsqlNameConflict,
                    sig.span.clone(),
                    format!(
                        "`{}` and `{other}` both become the procedure `{}`",
                        sig.oracle, sig.pg
                    ),
                )
                .label("name collision")
                .help("rename one of the routines"),
            );
        }
    }
}

/// A routine's signature (names and publicness are the caller's).
fn signature(
    world: &World,
    src: Src<'_>,
    routine: &ast::Routine,
    scope: &Scope,
    schema: &str,
    out: &mut Vec<Diagnostic>,
) -> Sig {
    let mut params = Vec::new();
    for param in &routine.spec.params {
        let name = param.name.text.to_lowercase();
        let (ty, info) = match resolve(world, scope, &param.ty, schema) {
            Ok(Resolved::Scalar(ty, info, _)) => (Some(ty), info),
            Ok(Resolved::Record(_)) => {
                out.push(
                    Diagnostic::new(
                        Code::PlsqlRoutineType,
                        src.span(&param.range),
                        format!("the record parameter `{name}` is not translated"),
                    )
                    .label("%ROWTYPE parameter")
                    .help(
                        "Redshift procedure parameters are scalars: pass the columns as parameters",
                    ),
                );
                (None, Info::unknown())
            }
            Err(message) => {
                out.push(
                    Diagnostic::new(Code::PlsqlUnknownName, src.span(&param.range), message)
                        .label("this parameter")
                        .help(
                            "declare the parameter with a scalar type or a declared table's column",
                        ),
                );
                (None, Info::unknown())
            }
        };
        let default = param.default.as_ref().and_then(|d| {
            let source = source(&src, &d.range);
            let (expr, diagnostics) = parse_expr(&source, Dialect::Oracle);
            out.extend(diagnostics);
            let mut expr = expr?;
            let (_, diagnostics) = translate_in(world, &src, &d.range, scope, None, &mut expr);
            out.extend(diagnostics);
            Some(expr)
        });
        params.push(SigParam {
            name,
            mode: param.mode,
            ty,
            info,
            default,
        });
    }
    let (result, inline) = match &routine.spec.returns {
        Some(returns) => function_result(world, src, routine, returns, scope, schema, out),
        None => (None, None),
    };
    Sig {
        oracle: String::new(),
        package: None,
        pg: String::new(),
        params,
        result,
        inline,
        autonomous: autonomous(&routine.body.decls),
        public: true,
        comments: Vec::new(),
        span: src.span(&routine.spec.range),
        package_names: None,
        origin: (0, Vec::new()),
        owner: None,
    }
}

/// Whether the function's heading says PIPELINED.
fn is_pipelined(routine: &ast::Routine) -> bool {
    routine
        .spec
        .clauses
        .iter()
        .any(|c| c.text.eq_ignore_ascii_case("PIPELINED"))
}

/// A function's result parameter, and its inlinable body: a function whose
/// body is `RETURN expr;` alone, with IN parameters, is an expression.
fn function_result(
    world: &World,
    src: Src<'_>,
    routine: &ast::Routine,
    returns: &ast::TypeRef,
    scope: &Scope,
    schema: &str,
    out: &mut Vec<Diagnostic>,
) -> (Option<ResultParam>, Option<(Vec<String>, Expr)>) {
    let result = match resolve(world, scope, returns, schema) {
        Ok(Resolved::Scalar(ty, info, _)) => ResultParam {
            name: RESULT.to_string(),
            ty,
            info,
        },
        _ if is_pipelined(routine) => {
            out.push(
                Diagnostic::new(
                    Code::PlsqlPipelined,
                    src.span(&routine.spec.range),
                    "a PIPELINED function returns a table, which Redshift has no form of",
                )
                .label("PIPELINED")
                .help("have a procedure fill a table with the rows, and read that instead of TABLE(f(...))"),
            );
            ResultParam {
                name: RESULT.to_string(),
                ty: Type::Data(DataType::Varchar(65535)),
                info: Info::unknown(),
            }
        }
        _ => {
            out.push(
                Diagnostic::new(
                    Code::PlsqlRoutineType,
                    src.span(&routine.spec.range),
                    "a function returning this type is not translated",
                )
                .label("RETURN type")
                .help("return a scalar type"),
            );
            ResultParam {
                name: RESULT.to_string(),
                ty: Type::Data(DataType::Varchar(65535)),
                info: Info::unknown(),
            }
        }
    };
    let body = &routine.body;
    let inline = match body.body.as_slice() {
        [
            Stmt {
                kind: StmtKind::Return { value: Some(value) },
                ..
            },
        ] if body.decls.is_empty()
            && body.handlers.is_empty()
            && routine.spec.params.iter().all(|p| p.mode == ParamMode::In) =>
        {
            let source = source(&src, &value.range);
            let (expr, diagnostics) = parse_expr(&source, Dialect::Oracle);
            out.extend(diagnostics);
            expr.map(|e| {
                (
                    routine
                        .spec
                        .params
                        .iter()
                        .map(|p| p.name.text.to_lowercase())
                        .collect(),
                    e,
                )
            })
        }
        _ => None,
    };
    (Some(result), inline)
}

/// The constants (translated) and exceptions of a package body (and its
/// spec among `units`); variables that a routine assigns are state.
fn package_names(
    world: &World,
    src: Src<'_>,
    package: &ast::Package,
    full: &str,
    units: &[UnitRef<'_>],
    out: &mut Vec<Diagnostic>,
) -> PackageNames {
    let mut names = PackageNames {
        name: full.to_string(),
        ..PackageNames::default()
    };
    let mut items: Vec<(Src<'_>, &ast::Decl)> = Vec::new();
    for unit in units {
        if let UnitKind::PackageSpec(spec) = &unit.unit.kind
            && qualified(&spec.name, full.split('.').next().unwrap_or_default())
                == qualified(&package.name, full.split('.').next().unwrap_or_default())
        {
            items.extend(spec.items.iter().map(|d| (unit.src, d)));
        }
    }
    items.extend(package.items.iter().map(|d| (src, d)));
    let assigned = assigned_names(package, src.text);
    let schema = full.split('.').next().unwrap_or_default().to_string();
    for (src, item) in items {
        match &item.kind {
            DeclKind::Variable {
                name,
                ty,
                constant,
                default,
                ..
            } => {
                let lower = name.text.to_lowercase();
                if !constant && assigned.contains(&lower) {
                    out.push(
                        Diagnostic::new(Code::PlsqlPackageState, src.span(&item.range), format!("package variable `{lower}` is assigned by the package's routines"))
                            .label("state kept between calls")
                            .help("Redshift has no package state: pass the value as a parameter, or keep it in a table"),
                    );
                    names.variables.push(lower);
                    continue;
                }
                let Some((expr, info)) =
                    constant_value(world, src, &names, ty, default.as_ref(), &schema, out)
                else {
                    continue;
                };
                names.constants.push((lower, expr, info));
            }
            DeclKind::Exception { name } => {
                names.exceptions.push((name.text.to_lowercase(), None));
            }
            DeclKind::Pragma { name, args } if name.text.eq_ignore_ascii_case("exception_init") => {
                if let [exception, code] = args.as_slice() {
                    let exception = src.text[exception.range.clone()].trim().to_lowercase();
                    let code = src.text[code.range.clone()]
                        .replace(' ', "")
                        .parse::<i64>()
                        .ok();
                    if let Some(entry) = names.exceptions.iter_mut().find(|(n, _)| *n == exception)
                    {
                        entry.1 = code;
                    }
                }
            }
            DeclKind::Cursor { .. } => out.push(
                Diagnostic::new(
                    Code::PlsqlPackageState,
                    src.span(&item.range),
                    "a package-level cursor is not translated",
                )
                .label("cursor state kept between calls")
                .help("declare the cursor in the procedure that opens it"),
            ),
            _ => {}
        }
    }
    names
}

/// A package constant's value, translated in the package's scope and
/// typed as declared.
fn constant_value(
    world: &World,
    src: Src<'_>,
    names: &PackageNames,
    ty: &ast::TypeRef,
    default: Option<&ast::ExprText>,
    schema: &str,
    out: &mut Vec<Diagnostic>,
) -> Option<(Expr, Info)> {
    let scope = Scope::with_package(Some(names.clone()));
    let (expr, info) = match default {
        Some(default) => {
            let source = source(&src, &default.range);
            let (expr, diagnostics) = parse_expr(&source, Dialect::Oracle);
            out.extend(diagnostics);
            let mut expr = expr?;
            let (info, diagnostics) =
                translate_in(world, &src, &default.range, &scope, None, &mut expr);
            out.extend(diagnostics);
            (expr, info)
        }
        None => (
            Expr::value(sqlparser::ast::Value::Null),
            Info::new(Ty::Null, true),
        ),
    };
    Some(match resolve(world, &scope, ty, schema) {
        Ok(Resolved::Scalar(Type::Data(data_type), declared, _)) => {
            typed_constant(expr, info, data_type, declared)
        }
        _ => (expr, info),
    })
}

/// A constant's value as its declared type holds it: an integer literal
/// fits any numeric type and a text literal any text type as it is; else a
/// CAST to the declared type (NUMBER(8) := 1.7 holds 2).
fn typed_constant(expr: Expr, info: Info, ty: DataType, declared: Info) -> (Expr, Info) {
    let fits = (info.ty == Ty::Integer && info.literal && ty.is_numeric())
        || (info.ty == Ty::Text && info.literal && ty.is_text())
        || info.ty == Ty::Null
        || (info.ty == declared.ty && !matches!(info.ty, Ty::Exact | Ty::Text));
    if fits {
        return (expr, info);
    }
    (
        super::types::cast(expr, &Type::Data(ty)),
        Info {
            nullable: info.nullable,
            ..declared
        },
    )
}

/// Lower-case names assigned anywhere in the package's routines (targets
/// of `:=` and of INTO).
fn assigned_names(package: &ast::Package, text: &str) -> BTreeSet<String> {
    let mut names = BTreeSet::new();
    for item in &package.items {
        if let DeclKind::Routine(routine) = &item.kind {
            let locals: BTreeSet<String> = routine
                .body
                .decls
                .iter()
                .filter_map(|d| match &d.kind {
                    DeclKind::Variable { name, .. } => Some(name.text.to_lowercase()),
                    _ => None,
                })
                .chain(
                    routine
                        .spec
                        .params
                        .iter()
                        .map(|p| p.name.text.to_lowercase()),
                )
                .collect();
            let mut found = BTreeSet::new();
            walk(&routine.body.body, &mut |stmt| {
                collect_targets(stmt, text, &mut found)
            });
            for handler in &routine.body.handlers {
                walk(&handler.body, &mut |stmt| {
                    collect_targets(stmt, text, &mut found)
                });
            }
            names.extend(found.into_iter().filter(|n| !locals.contains(n)));
        }
    }
    names
}

/// The variables a statement assigns, by the last part of their name
/// (`pkg.g_x := 1` assigns `g_x`).
fn collect_targets(stmt: &Stmt, text: &str, found: &mut BTreeSet<String>) {
    let mut add = |target: &ast::ExprText| {
        let name = text[target.range.clone()].trim().to_lowercase();
        if let Some(last) = name.rsplit('.').next() {
            found.insert(last.trim().to_string());
        }
    };
    match &stmt.kind {
        StmtKind::Assign { target, .. } => add(target),
        StmtKind::Sql {
            into: Some(into), ..
        }
        | StmtKind::ExecuteImmediate {
            into: Some(into), ..
        }
        | StmtKind::Fetch { into, .. } => into.targets.iter().for_each(add),
        _ => {}
    }
}

/// Calls `f` on every statement, nested ones included.
pub fn walk(stmts: &[Stmt], f: &mut dyn FnMut(&Stmt)) {
    for stmt in stmts {
        f(stmt);
        match &stmt.kind {
            StmtKind::If {
                branches,
                otherwise,
            }
            | StmtKind::Case {
                whens: branches,
                otherwise,
                ..
            } => {
                for branch in branches {
                    walk(&branch.body, f);
                }
                if let Some(otherwise) = otherwise {
                    walk(otherwise, f);
                }
            }
            StmtKind::Loop { body }
            | StmtKind::While { body, .. }
            | StmtKind::ForRange { body, .. }
            | StmtKind::ForQuery { body, .. } => walk(body, f),
            StmtKind::ForAll { statement, .. } => walk(std::slice::from_ref(statement), f),
            StmtKind::Block(block) => {
                walk(&block.body, f);
                for handler in &block.handlers {
                    walk(&handler.body, f);
                }
            }
            _ => {}
        }
    }
}
