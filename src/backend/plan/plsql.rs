//! PL/SQL steps (`plsql:`): the unit's procedures, translated by
//! [`crate::plsql::translate_transform`], and the CALL the step runs.
//!
//! The entry is the procedure `call:` names, written in Oracle syntax as the
//! legacy driver called it (`dw.retail_etl.load_day(:day)`): its arguments,
//! positional or named (`p_day => :day`), are Oracle expressions over binds of
//! params, translated like transform SQL. Without `call:` the entry is the
//! unit's one public procedure that no other procedure of the unit calls, and
//! each of its parameters takes the param whose argument name it has (`p_day`
//! takes `day`). Either way every argument is cast to its parameter's type,
//! so the CALL names one procedure whatever the engine's overload rules; a
//! parameter left out passes its Oracle default explicitly (Redshift
//! parameters have none). Anything else is a diagnostic: an unknown or
//! ambiguous entry, an argument of another type family (Oracle would convert
//! it with the session's NLS settings, which Redshift does not reproduce), an
//! OUT parameter (nothing receives it), a procedure named like the pipeline's
//! own. The procedures' SQL is linted like every statement eltc emits.

use sqlparser::ast::{
    Expr, FunctionArg, FunctionArgExpr, FunctionArguments, Ident, ObjectNamePart,
};

use super::Sql;
use super::transform::StepKind;
use crate::diag::{Code, Diagnostic, SourceMap, Span};
use crate::plsql::{ParamMode, ProcParam, Procedure, pgsql};
use crate::spec::model::{DataType, Dialect, Pipeline, SqlText, Transform};
use crate::sql::parse::{parse_expr, placeholders};
use crate::sql::span::SqlSource;
use crate::sql::translate::{Binds, Translator};
use crate::sql::typing::Ty;
use crate::target::qualified;

/// The CALL a `plsql` step runs.
#[derive(Clone, Debug)]
pub struct Call {
    /// The entry procedure, `schema.name`.
    pub procedure: String,
    /// Its arguments, one per parameter, each cast to the parameter's type.
    pub arguments: Vec<Sql>,
    /// The params the arguments read, for the unused-param check.
    pub params: Vec<String>,
}

/// Plans a `plsql` step: its procedures and the CALL of its entry; `None`
/// after an error diagnostic.
pub fn plan_plsql(
    pipeline: &Pipeline,
    transform: &Transform,
    sql: &SqlText,
    call: Option<&SqlText>,
    sources: &SourceMap,
    out: &mut Vec<Diagnostic>,
) -> Option<StepKind> {
    let (procedures, diagnostics) =
        crate::plsql::translate_transform(pipeline, sql, text(sources, sql));
    out.extend(diagnostics);
    let procedures = procedures?;
    let mut found = Vec::new();
    for procedure in &procedures {
        // What Redshift would reject is an error now, not at run time.
        found.extend(crate::sql::lint::statements(
            &procedure.sql_statements(),
            &procedure.span,
        ));
    }
    own_names(pipeline, &procedures, &mut found);
    let call = match call {
        Some(call) => explicit_call(pipeline, call, sources, &procedures, &mut found),
        None => implicit_call(pipeline, transform, &procedures, &mut found),
    };
    let failed = found.iter().any(Diagnostic::is_error);
    out.extend(found);
    if failed {
        return None;
    }
    Some(StepKind::Call {
        procedures,
        call: call?,
    })
}

fn text<'a>(sources: &'a SourceMap, sql: &SqlText) -> &'a str {
    sources.text(sql.file).get(sql.range.clone()).unwrap_or("")
}

/// A translated procedure may not replace the pipeline's load or transform
/// procedure.
fn own_names(pipeline: &Pipeline, procedures: &[Procedure], out: &mut Vec<Diagnostic>) {
    let settings = &pipeline.redshift;
    for (key, name) in [
        ("load_procedure", &settings.load_procedure),
        ("transform_procedure", &settings.transform_procedure),
    ] {
        let own = qualified(&settings.schema, name);
        for procedure in procedures.iter().filter(|p| p.name == own) {
            out.push(
                Diagnostic::new(
                    Code::DuplicateName,
                    procedure.span.clone(),
                    format!(
                        "the procedure `{}` would replace the pipeline's own `{own}`",
                        procedure.oracle_name
                    ),
                )
                .label(format!("translated as `{own}`"))
                .help(format!(
                    "give the pipeline's procedure another name with `redshift.{key}`"
                )),
            );
        }
    }
}

/// The entry named by `call:` and the arguments written there.
fn explicit_call(
    pipeline: &Pipeline,
    call: &SqlText,
    sources: &SourceMap,
    procedures: &[Procedure],
    out: &mut Vec<Diagnostic>,
) -> Option<Call> {
    let text = text(sources, call);
    let source = SqlSource::new(call.file, call.range.start, text);
    let (expr, diagnostics) = parse_expr(&source, Dialect::Oracle);
    out.extend(diagnostics);
    let (name, written) = call_shape(expr?, &source, out)?;
    let entry = named_entry(&name, procedures, &source.whole(), out)?;
    let args = bind_arguments(entry, written, &source, out)?;
    let mut translator = Translator::new(pipeline, source.clone(), true, Binds::Params);
    let mut arguments = Vec::new();
    for (param, arg) in entry.params.iter().zip(args) {
        let argument = match arg {
            Some(mut expr) => {
                let info = translator.expr(&mut expr);
                let span = translator.span_of(&expr);
                check_family(info.ty, param, entry, &span, out);
                expr
            }
            None => param.default.clone()?,
        };
        arguments.push(cast(argument, &param.ty));
    }
    out.extend(translator.diagnostics);
    let mut params = placeholders(text, Dialect::Oracle);
    params.sort();
    params.dedup();
    Some(Call {
        procedure: entry.name.clone(),
        arguments,
        params,
    })
}

/// A written argument: its parameter's name when named (`p_day => :day`).
type Argument = (Option<String>, Expr);

/// `name` or `name(args)`: the name's parts joined in lower case, and the
/// arguments.
fn call_shape(
    expr: Expr,
    source: &SqlSource<'_>,
    out: &mut Vec<Diagnostic>,
) -> Option<(String, Vec<Argument>)> {
    let not_a_call = |out: &mut Vec<Diagnostic>, why: &str| {
        out.push(
            Diagnostic::new(Code::InvalidValue, source.whole(), format!("`call` is not a procedure call: {why}"))
                .label("expected `schema.procedure(arguments)`")
                .help("write the call as the legacy driver did, with binds of params, e.g. `dw.retail_etl.load_day(:day)`"),
        );
        None
    };
    let function = match expr {
        Expr::Identifier(ident) => return Some((ident.value.to_lowercase(), Vec::new())),
        Expr::CompoundIdentifier(parts) => {
            let name: Vec<String> = parts.iter().map(|p| p.value.to_lowercase()).collect();
            return Some((name.join("."), Vec::new()));
        }
        Expr::Function(function) => function,
        _ => return not_a_call(out, "an expression"),
    };
    if function.over.is_some() || function.filter.is_some() || !function.within_group.is_empty() {
        return not_a_call(out, "a window or aggregate clause");
    }
    let name: Vec<String> = function
        .name
        .0
        .iter()
        .map(|part| match part {
            ObjectNamePart::Identifier(ident) => ident.value.to_lowercase(),
            other => other.to_string().to_lowercase(),
        })
        .collect();
    let list = match function.args {
        FunctionArguments::None => return Some((name.join("."), Vec::new())),
        FunctionArguments::List(list)
            if list.duplicate_treatment.is_none() && list.clauses.is_empty() =>
        {
            list
        }
        _ => return not_a_call(out, "arguments that are not expressions"),
    };
    let mut args = Vec::new();
    for arg in list.args {
        match arg {
            FunctionArg::Unnamed(FunctionArgExpr::Expr(expr)) => args.push((None, expr)),
            FunctionArg::Named {
                name,
                arg: FunctionArgExpr::Expr(expr),
                ..
            } => args.push((Some(name.value.to_lowercase()), expr)),
            _ => return not_a_call(out, "an argument that is not an expression"),
        }
    }
    Some((name.join("."), args))
}

/// The procedure `name` designates: its Oracle name, or the end of it (a
/// name without its schema, as the legacy's session resolved it).
fn named_entry<'p>(
    name: &str,
    procedures: &'p [Procedure],
    span: &Span,
    out: &mut Vec<Diagnostic>,
) -> Option<&'p Procedure> {
    let suffix = format!(".{name}");
    let exact: Vec<&Procedure> = procedures
        .iter()
        .filter(|p| p.oracle_name == name)
        .collect();
    let matches = if exact.is_empty() {
        procedures
            .iter()
            .filter(|p| p.oracle_name.ends_with(&suffix))
            .collect()
    } else {
        exact
    };
    match matches.as_slice() {
        [one] => Some(one),
        [] => {
            let known: Vec<&str> = procedures.iter().map(|p| p.oracle_name.as_str()).collect();
            let help = match crate::diag::closest(name, known.iter().copied()) {
                Some(near) => format!("did you mean `{near}`?"),
                None => format!("the unit defines {}", listing(&known)),
            };
            out.push(
                Diagnostic::new(
                    Code::InvalidValue,
                    span.clone(),
                    format!("`call` names `{name}`, which the unit does not define"),
                )
                .label("no such procedure")
                .help(help),
            );
            None
        }
        several => {
            let mut diagnostic = Diagnostic::new(
                Code::InvalidValue,
                span.clone(),
                format!(
                    "`call` names `{name}`, which designates {} procedures",
                    several.len()
                ),
            )
            .label("ambiguous")
            .help("qualify the name with its schema (and package) as the unit declares it");
            for procedure in several {
                diagnostic = diagnostic.also(
                    procedure.span.clone(),
                    format!("`{}`", procedure.oracle_name),
                );
            }
            out.push(diagnostic);
            None
        }
    }
}

/// The written arguments in parameter order (`None`: left to its default).
fn bind_arguments(
    entry: &Procedure,
    written: Vec<Argument>,
    source: &SqlSource<'_>,
    out: &mut Vec<Diagnostic>,
) -> Option<Vec<Option<Expr>>> {
    let mut args: Vec<Option<Expr>> = vec![None; entry.params.len()];
    let mut failed = false;
    let mut fail = |out: &mut Vec<Diagnostic>, message: String, help: String| {
        out.push(
            Diagnostic::new(Code::InvalidValue, source.whole(), message)
                .label("this call")
                .help(help)
                .also(
                    entry.span.clone(),
                    format!("`{}` is declared here", entry.oracle_name),
                ),
        );
        failed = true;
    };
    for (position, (name, expr)) in written.into_iter().enumerate() {
        let index = match &name {
            None if position < args.len() => position,
            None => {
                fail(
                    out,
                    format!(
                        "`{}` takes {} argument(s), the call passes more",
                        entry.oracle_name,
                        args.len()
                    ),
                    "pass one argument per parameter".into(),
                );
                continue;
            }
            Some(name) => match entry.params.iter().position(|p| &p.name == name) {
                Some(index) => index,
                None => {
                    fail(
                        out,
                        format!("`{}` has no parameter `{name}`", entry.oracle_name),
                        format!(
                            "its parameters are {}",
                            listing(
                                &entry
                                    .params
                                    .iter()
                                    .map(|p| p.name.as_str())
                                    .collect::<Vec<_>>()
                            )
                        ),
                    );
                    continue;
                }
            },
        };
        if args[index].replace(expr).is_some() {
            fail(
                out,
                format!("the call passes `{}` twice", entry.params[index].name),
                "pass each parameter once".into(),
            );
        }
    }
    for (param, arg) in entry.params.iter().zip(&args) {
        if param.mode == ParamMode::InOut {
            fail(out, format!("`{}` has the OUT parameter `{}`, which a step cannot receive", entry.oracle_name, param.name), "call a procedure without OUT parameters (a wrapper in the unit that calls this one)".into());
        } else if arg.is_none() && param.default.is_none() {
            fail(
                out,
                format!(
                    "the call passes nothing for `{}`, which has no default",
                    param.name
                ),
                format!("pass it, e.g. `{}(:param)`", entry.oracle_name),
            );
        }
    }
    (!failed).then_some(args)
}

/// Without `call:`: the unit's one public procedure that no other calls,
/// each parameter taking the param of its argument name.
fn implicit_call(
    pipeline: &Pipeline,
    transform: &Transform,
    procedures: &[Procedure],
    out: &mut Vec<Diagnostic>,
) -> Option<Call> {
    let called = called_names(procedures);
    let entries: Vec<&Procedure> = procedures
        .iter()
        .filter(|p| p.public && !called.iter().any(|c| c == &p.name))
        .collect();
    let entry = match entries.as_slice() {
        [one] => *one,
        [] => {
            out.push(
                Diagnostic::new(Code::MissingKey, transform.span.clone(), format!("transform `{}` has no entry procedure", transform.name))
                    .label("which procedure does the step run?")
                    .help("every public procedure of the unit is called by another: name the entry with `call: schema.procedure(:param)`"),
            );
            return None;
        }
        several => {
            let names: Vec<&str> = several.iter().map(|p| p.oracle_name.as_str()).collect();
            let mut diagnostic = Diagnostic::new(
                Code::MissingKey,
                transform.span.clone(),
                format!(
                    "transform `{}` has {} possible entry procedures",
                    transform.name,
                    several.len()
                ),
            )
            .label("which one does the step run?")
            .help(format!(
                "name it with `call:`, e.g. `call: {}(...)` (the candidates are {})",
                names[0],
                listing(&names)
            ));
            for procedure in several {
                diagnostic = diagnostic.also(
                    procedure.span.clone(),
                    format!("`{}`", procedure.oracle_name),
                );
            }
            out.push(diagnostic);
            return None;
        }
    };
    let mut arguments = Vec::new();
    let mut params = Vec::new();
    let mut failed = false;
    for param in &entry.params {
        match pipeline.params.iter().find(|p| p.argument() == param.name) {
            Some(spec) if param.mode == ParamMode::In => {
                failed |= !check_family(Ty::of(spec.ty), param, entry, &entry.span, out);
                arguments.push(cast(
                    Expr::Identifier(Ident::new(spec.argument())),
                    &param.ty,
                ));
                params.push(spec.name.clone());
            }
            _ if param.mode == ParamMode::InOut => {
                out.push(
                    Diagnostic::new(Code::InvalidValue, entry.span.clone(), format!("the entry procedure `{}` has the OUT parameter `{}`, which a step cannot receive", entry.oracle_name, param.name))
                        .label("entry of this step")
                        .help("name a procedure without OUT parameters with `call:`"),
                );
                failed = true;
            }
            _ => match &param.default {
                Some(default) => arguments.push(cast(default.clone(), &param.ty)),
                None => {
                    let name = param.name.strip_prefix("p_").unwrap_or(&param.name);
                    out.push(
                        Diagnostic::new(Code::UnknownParam, entry.span.clone(), format!("the entry procedure `{}` takes `{}`, and the pipeline has no param `{name}`", entry.oracle_name, param.name))
                            .label("entry of this step")
                            .help(format!("declare `{name}` under `params:` (the procedures take a param `x` as `p_x`), or pass the argument with `call:`")),
                    );
                    failed = true;
                }
            },
        }
    }
    (!failed).then(|| Call {
        procedure: entry.name.clone(),
        arguments,
        params,
    })
}

/// The names of the procedures the unit's procedures call.
fn called_names(procedures: &[Procedure]) -> Vec<String> {
    let mut names = Vec::new();
    for procedure in procedures {
        block_calls(&procedure.body, &mut names);
    }
    names
}

fn block_calls(block: &pgsql::Block, names: &mut Vec<String>) {
    stmt_calls(&block.body, names);
    stmt_calls(block.handler.as_deref().unwrap_or_default(), names);
}

fn stmt_calls(stmts: &[pgsql::Stmt], names: &mut Vec<String>) {
    use pgsql::Stmt;
    for stmt in stmts {
        match stmt {
            Stmt::Call { name, .. } => names.push(name.clone()),
            Stmt::Block(block) => block_calls(block, names),
            Stmt::If {
                branches,
                otherwise,
            } => {
                branches
                    .iter()
                    .for_each(|(_, body)| stmt_calls(body, names));
                stmt_calls(otherwise.as_deref().unwrap_or_default(), names);
            }
            Stmt::Case {
                whens, otherwise, ..
            } => {
                whens.iter().for_each(|(_, body)| stmt_calls(body, names));
                stmt_calls(otherwise.as_deref().unwrap_or_default(), names);
            }
            Stmt::Loop { body, .. }
            | Stmt::While { body, .. }
            | Stmt::ForRange { body, .. }
            | Stmt::ForQuery { body, .. } => stmt_calls(body, names),
            _ => {}
        }
    }
}

/// True when a value of family `ty` converts to `param` as Oracle would
/// without a format; else reports it.
fn check_family(
    ty: Ty,
    param: &ProcParam,
    entry: &Procedure,
    span: &Span,
    out: &mut Vec<Diagnostic>,
) -> bool {
    let pgsql::Type::Data(data) = param.ty else {
        return true;
    };
    let (same, what) = match ty {
        Ty::Null | Ty::Unknown => (true, ""),
        Ty::Integer | Ty::Exact | Ty::Float => (data.is_numeric(), "a number"),
        Ty::Text => (data.is_text(), "text"),
        Ty::Date | Ty::Timestamp | Ty::TimestampTz => (data.is_datetime(), "a date"),
        Ty::Boolean => (data == DataType::Boolean, "a boolean"),
    };
    if !same {
        out.push(
            Diagnostic::new(Code::InvalidValue, span.clone(), format!("the call passes {what} for `{}`, a {data} parameter of `{}`", param.name, entry.oracle_name))
                .label("another type family")
                .help("Oracle converts it with the session's NLS formats, which Redshift does not reproduce: convert it explicitly in `call:`, e.g. `TO_DATE(:param, 'YYYYMMDD')`")
                .also(entry.span.clone(), "the entry procedure"),
        );
    }
    same
}

/// `CAST(value AS type)`.
fn cast(value: Expr, ty: &pgsql::Type) -> Sql {
    let data_type = match ty {
        pgsql::Type::Data(data) => crate::sql::translate::sql_type(*data),
        other => sqlparser::ast::DataType::Custom(
            sqlparser::ast::ObjectName::from(vec![Ident::new(other.to_string())]),
            Vec::new(),
        ),
    };
    Sql::Expr(Box::new(crate::sql::translate::cast(value, data_type)))
}

fn listing(names: &[&str]) -> String {
    names
        .iter()
        .map(|n| format!("`{n}`"))
        .collect::<Vec<_>>()
        .join(", ")
}
