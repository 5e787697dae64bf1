//! Declarations: variables and constants (types mapped, `%TYPE` and
//! `%ROWTYPE` resolved), cursors, exceptions, pragmas.
//!
//! An unconstrained NUMBER local is DECIMAL(38,10) unless every value the
//! routine assigns to it is an integer (a count, SQL%ROWCOUNT, integer
//! arithmetic), which the passes before the last learn (see
//! [`super::routine`]): then it is BIGINT, whose text form (`||`, TO_CHAR) is Oracle's, where DECIMAL(38,10)'s would carry ten
//! decimals. NOT NULL without a default raises in Oracle at the
//! declaration: kept as written (PL/pgSQL raises the same way).

use super::scope::{Scope, VarKind};
use super::{Ctx, World, types};
use crate::diag::{Code, Diagnostic};
use crate::plsql::ast::{self, Decl, DeclKind, TypeRef};
use crate::plsql::pgsql::{self, Type};
use crate::spec::model::{DataType, QualifiedName};
use crate::sql::catalog::Catalog;
use crate::sql::typing::{Info, Ty};

/// A resolved PL/SQL type.
#[derive(Clone, Debug)]
pub enum Resolved {
    /// A scalar: its type, what the SQL layer knows, and why the mapping is lossy.
    Scalar(Type, Info, Option<&'static str>),
    /// A record with its fields, when known.
    Record(Option<Vec<(String, Info)>>),
}

/// Resolves a declared type; the error message when it cannot.
pub fn resolve(
    world: &World,
    scope: &Scope,
    ty: &TypeRef,
    schema: &str,
) -> Result<Resolved, String> {
    match ty {
        TypeRef::Named { text, .. } => match types::scalar(text) {
            Some((data_type, warning)) => {
                let (ty, info) = types::of(data_type);
                Ok(Resolved::Scalar(ty, info, warning))
            }
            None => Err(format!("the type `{text}` is not translated")),
        },
        TypeRef::PercentType { of, .. } => percent_type(world, scope, of, schema),
        TypeRef::PercentRowType { of, .. } => percent_rowtype(world, scope, of, schema),
    }
}

/// `table.column%TYPE`, `variable%TYPE`.
fn percent_type(
    world: &World,
    scope: &Scope,
    of: &ast::QualifiedIdent,
    schema: &str,
) -> Result<Resolved, String> {
    let parts = super::packages::parts(of);
    if let [name] = parts.as_slice()
        && let Some(var) = scope.get(name)
    {
        return match &var.kind {
            VarKind::Value {
                ty: Some(ty), info, ..
            } => Ok(Resolved::Scalar(ty.clone(), *info, None)),
            VarKind::Record { fields } => Ok(Resolved::Record(fields.clone())),
            _ => Err(format!("`{name}%TYPE`: `{name}` has no type eltc knows")),
        };
    }
    let (table, column) = match parts.as_slice() {
        [schema, table, column] => (qualified(schema, table), column),
        [table, column] => (qualified(schema, table), column),
        _ => {
            return Err(format!(
                "`{}%TYPE` names no variable or column",
                parts.join(".")
            ));
        }
    };
    let Some(found) = world.catalog.table(&table) else {
        return Err(format!(
            "`{}%TYPE`: the table `{table}` is not declared",
            parts.join(".")
        ));
    };
    let Some(col) = found.column(column) else {
        return Err(format!(
            "`{}%TYPE`: table `{table}` has no column `{column}`",
            parts.join(".")
        ));
    };
    let (ty, info) = types::of(col.ty);
    Ok(Resolved::Scalar(ty, info, None))
}

/// `table%ROWTYPE`, `record%ROWTYPE`.
fn percent_rowtype(
    world: &World,
    scope: &Scope,
    of: &ast::QualifiedIdent,
    schema: &str,
) -> Result<Resolved, String> {
    let parts = super::packages::parts(of);
    if let [name] = parts.as_slice()
        && let Some(var) = scope.get(name)
    {
        return match &var.kind {
            VarKind::Record { fields } => Ok(Resolved::Record(fields.clone())),
            _ => Err(format!(
                "`{name}%ROWTYPE`: `{name}` is not a cursor or record"
            )),
        };
    }
    let table = match parts.as_slice() {
        [schema, table] => qualified(schema, table),
        [table] => qualified(schema, table),
        _ => return Err(format!("`{}%ROWTYPE` names no table", parts.join("."))),
    };
    match world.catalog.table(&table) {
        Some(found) => Ok(Resolved::Record(Some(
            found
                .columns
                .iter()
                .map(|c| (c.name.clone(), Info::of(c.ty, false).nullable()))
                .collect(),
        ))),
        None if world.open => Ok(Resolved::Record(None)),
        None => Err(format!(
            "`{}%ROWTYPE`: the table `{table}` is not declared",
            parts.join(".")
        )),
    }
}

fn qualified(schema: &str, name: &str) -> QualifiedName {
    QualifiedName {
        schema: schema.to_string(),
        name: name.to_string(),
    }
}

/// True when `text` is Oracle's unconstrained NUMBER.
fn unconstrained_number(ty: &TypeRef) -> bool {
    matches!(ty, TypeRef::Named { text, .. } if text.trim().eq_ignore_ascii_case("number"))
}

impl Ctx<'_> {
    /// The schema unqualified names default to.
    pub fn schema(&self) -> String {
        self.sig
            .pg
            .split('.')
            .next()
            .unwrap_or_default()
            .to_string()
    }

    /// Declarations of a block: PL/pgSQL declarations, names in scope.
    pub fn decls(&mut self, decls: &[Decl]) -> Vec<pgsql::Decl> {
        let mut out = Vec::new();
        for decl in decls {
            let comments: Vec<String> = decl.comments.iter().map(|c| c.text.clone()).collect();
            match &decl.kind {
                DeclKind::Variable {
                    name,
                    ty,
                    constant,
                    not_null,
                    default,
                } => {
                    if let Some(mut d) =
                        self.variable(decl, name, ty, *constant, *not_null, default.as_ref())
                    {
                        d.comments = comments;
                        out.push(d);
                    }
                }
                DeclKind::Cursor {
                    name,
                    params,
                    query,
                } => {
                    if let Some(mut d) = self.cursor_decl(decl, name, params, query.as_ref()) {
                        d.comments = comments;
                        out.push(d);
                    }
                }
                DeclKind::Exception { name } => {
                    self.scope
                        .declare(&name.text.to_lowercase(), VarKind::Exception { code: None });
                }
                DeclKind::Pragma { name, args } => self.pragma(decl, name, args),
                DeclKind::Type { name, .. } => {
                    self.type_decl(decl, name);
                }
                DeclKind::Routine(_) | DeclKind::RoutineSpec(_) => {
                    self.unsupported(
                        Code::PlsqlNestedRoutine,
                        &decl.range,
                        "a procedure or function nested in a routine",
                        "move it to the package body or make it a standalone procedure",
                    );
                }
            }
        }
        out
    }

    fn variable(
        &mut self,
        decl: &Decl,
        name: &ast::Name,
        ty: &TypeRef,
        constant: bool,
        not_null: bool,
        default: Option<&ast::ExprText>,
    ) -> Option<pgsql::Decl> {
        let oracle = name.text.to_lowercase();
        if let TypeRef::Named { text, .. } = ty {
            let lower = text.to_lowercase();
            if lower == "sys_refcursor" || self.ref_cursor_types.contains(&lower) {
                let pg = self.scope.declare(&oracle, VarKind::Cursor);
                return Some(plain(pg, Type::RefCursor));
            }
            if self.collection_types.contains(&lower) {
                return self.collection_variable(decl, &oracle, text);
            }
        }
        let resolved = self.declared_type(decl, &oracle, ty, constant)?;
        let default = default.map(|d| self.expr(d));
        match resolved {
            Resolved::Record(fields) => {
                let pg = self.scope.declare(&oracle, VarKind::Record { fields });
                Some(plain(pg, Type::Record))
            }
            Resolved::Scalar(pg_ty, info, warning) => {
                let (pg_ty, info) = if unconstrained_number(ty) {
                    self.number_type(decl, &oracle, (pg_ty, info), warning)
                } else {
                    (pg_ty, info)
                };
                let pg = self.scope.declare(
                    &oracle,
                    VarKind::Value {
                        ty: Some(pg_ty.clone()),
                        info,
                        read_only: constant,
                    },
                );
                if unconstrained_number(ty) {
                    self.number_decls.insert(pg.clone(), decl.range.start);
                    if let Some((_, info)) = &default {
                        self.learn_assignment(&pg, *info);
                    }
                }
                Some(pgsql::Decl {
                    name: pg,
                    kind: pgsql::DeclKind::Variable {
                        ty: pg_ty,
                        constant,
                        not_null,
                        default: default.map(|(e, _)| e),
                    },
                    comments: Vec::new(),
                })
            }
        }
    }

    /// The type of a declaration (a cursor's %ROWTYPE included); `None`
    /// after a diagnostic, the name then declared with an unknown type.
    fn declared_type(
        &mut self,
        decl: &Decl,
        oracle: &str,
        ty: &TypeRef,
        constant: bool,
    ) -> Option<Resolved> {
        let cursor_row = match ty {
            TypeRef::PercentRowType { of, .. } => match super::packages::parts(of).as_slice() {
                [name] => self
                    .scope
                    .get(name)
                    .filter(|v| matches!(v.kind, VarKind::Cursor))
                    .map(|v| v.pg.clone()),
                _ => None,
            },
            _ => None,
        };
        if let Some(cursor) = cursor_row {
            return Some(Resolved::Record(
                self.cursors.get(&cursor).and_then(|c| c.fields.clone()),
            ));
        }
        let schema = self.schema();
        match resolve(self.world, &self.scope, ty, &schema) {
            Ok(resolved) => Some(resolved),
            Err(message) => {
                let span = self.span(&decl.range);
                self.report(
                    Diagnostic::new(Code::PlsqlUnknownName, span, message)
                        .label("this declaration")
                        .help("declare the variable with a scalar type (NUMBER(p,s), VARCHAR2(n), DATE, ...) or a declared table's column"),
                );
                self.scope.declare(
                    oracle,
                    VarKind::Value {
                        ty: None,
                        info: Info::unknown(),
                        read_only: constant,
                    },
                );
                None
            }
        }
    }

    /// An unconstrained NUMBER local: BIGINT when it holds integers only,
    /// else the mapped type with its warning.
    fn number_type(
        &mut self,
        decl: &Decl,
        oracle: &str,
        mapped: (Type, Info),
        warning: Option<&'static str>,
    ) -> (Type, Info) {
        if let Some(integer) = self.integer_number(decl) {
            return integer;
        }
        if let Some(warning) = warning {
            let span = self.span(&decl.range);
            self.report(
                Diagnostic::new(
                    Code::TypeMapped,
                    span,
                    format!(
                        "variable `{oracle}`: `NUMBER` became `{}`: {warning}",
                        mapped.0
                    ),
                )
                .label("this declaration")
                .help("give the variable a precision (NUMBER(p,s)) that holds its values"),
            );
        }
        mapped
    }

    /// An unconstrained NUMBER local taken for an integer (see [`super::routine`]).
    fn integer_number(&mut self, decl: &Decl) -> Option<(Type, Info)> {
        let assumed = self
            .facts
            .integers
            .as_ref()
            .is_none_or(|set| set.contains(&decl.range.start));
        assumed.then(|| (Type::Data(DataType::BigInt), Info::new(Ty::Integer, true)))
    }

    /// Records a value assigned to `target` (a variable's PL/pgSQL name) for
    /// the NUMBER refinement of the next pass.
    pub fn learn_assignment(&mut self, target: &str, info: Info) {
        if let Some(offset) = self.number_decls.get(target) {
            self.learned.assigned.entry(*offset).or_default().push(info);
        }
    }

    fn pragma(&mut self, decl: &Decl, name: &ast::Name, args: &[ast::ExprText]) {
        match name.text.to_ascii_uppercase().as_str() {
            "AUTONOMOUS_TRANSACTION" => self.autonomous(decl),
            "EXCEPTION_INIT" => self.exception_init(decl, args),
            "SERIALLY_REUSABLE" | "RESTRICT_REFERENCES" | "INLINE" | "UDF" => {}
            other => self.unsupported(
                Code::PlsqlPragma,
                &decl.range,
                &format!("PRAGMA {other}"),
                "remove the pragma",
            ),
        }
    }

    fn type_decl(&mut self, decl: &Decl, name: &ast::Name) {
        let text = &self.src.text[decl.range.clone()].to_ascii_uppercase();
        if text.contains("REF CURSOR") {
            self.ref_cursor_types.insert(name.text.to_lowercase());
            return;
        }
        // Collections are read by BULK COLLECT / FORALL (see `bulk`).
        self.collection_types.insert(name.text.to_lowercase());
    }
}

/// `name type;`
fn plain(name: String, ty: Type) -> pgsql::Decl {
    pgsql::Decl {
        name,
        kind: pgsql::DeclKind::Variable {
            ty,
            constant: false,
            not_null: false,
            default: None,
        },
        comments: Vec::new(),
    }
}
