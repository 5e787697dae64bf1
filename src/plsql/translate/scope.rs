//! Names in scope while a routine is translated: parameters, locals, loop
//! indexes and records, cursors, exceptions, package constants, and the
//! PL/pgSQL name each one is written with.
//!
//! Oracle resolves a name inside SQL to a column first, then to the
//! innermost variable; the SQL layer asks [`Lookup`] (its
//! [`Variables`] hook) only for names no column answers to. PL/pgSQL names
//! are unique in a procedure: a declaration that shadows an outer one gets a
//! `_<n>` suffix, so a handler body inlined where an inner block declares the
//! same name still reads the outer variable.

use std::collections::BTreeSet;

use sqlparser::ast::{Expr, Ident};

use crate::plsql::pgsql::Type;
use crate::sql::reserved::is_plain_identifier;
use crate::sql::translate::Variables;
use crate::sql::typing::{Info, Ty};

/// One declared name.
#[derive(Clone, Debug)]
pub struct Var {
    /// The Oracle name, lower case.
    pub name: String,
    /// The PL/pgSQL name.
    pub pg: String,
    /// What it is.
    pub kind: VarKind,
}

/// The kinds of name.
#[derive(Clone, Debug)]
pub enum VarKind {
    /// A scalar variable or parameter.
    Value {
        /// Its PL/pgSQL type (`None`: unknown, reported at its declaration).
        ty: Option<Type>,
        /// What the SQL layer knows of it.
        info: Info,
        /// CONSTANT, or an IN parameter: not assignable.
        read_only: bool,
    },
    /// A record (%ROWTYPE, a loop record): fields when known.
    Record {
        /// Field names (lower case) and types.
        fields: Option<Vec<(String, Info)>>,
    },
    /// A name replaced by an expression wherever it is read (package
    /// constants, parameters of an inlined cursor or function).
    Inline {
        /// The Redshift expression.
        expr: Box<Expr>,
        /// Its type.
        info: Info,
    },
    /// An explicit cursor.
    Cursor,
    /// A collection (its rows in a staging table, see `bulk`).
    Collection,
    /// A user-defined exception (`PRAGMA EXCEPTION_INIT` code, if any).
    Exception {
        /// The error number it was bound to.
        code: Option<i64>,
    },
}

/// One block's declarations.
#[derive(Clone, Debug, Default)]
struct Frame {
    label: Option<String>,
    vars: Vec<Var>,
}

/// The stack of scopes of one routine.
#[derive(Clone, Debug, Default)]
pub struct Scope {
    frames: Vec<Frame>,
    /// Every PL/pgSQL name given so far in the routine.
    used: BTreeSet<String>,
    /// Package-level names: constants inlined, by package (`schema.pkg`).
    pub package: Option<PackageNames>,
    /// True inside an exception handler (SQLERRM is readable).
    pub in_handler: bool,
    /// SQLERRM inside a handler eltc runs in place (Oracle's message).
    pub message: Option<Expr>,
}

/// The names a package body declares outside its routines.
#[derive(Clone, Debug, Default)]
pub struct PackageNames {
    /// The package, `schema.pkg` lower case.
    pub name: String,
    /// Its constants, inlined.
    pub constants: Vec<(String, Expr, Info)>,
    /// Its exceptions, with their EXCEPTION_INIT codes.
    pub exceptions: Vec<(String, Option<i64>)>,
    /// Its variables that some routine assigns: state across calls.
    pub variables: Vec<String>,
}

impl Scope {
    /// An empty scope seeing the constants and exceptions of `package`.
    pub fn with_package(package: Option<PackageNames>) -> Scope {
        Scope {
            package,
            ..Scope::default()
        }
    }

    /// Enters a block.
    pub fn push(&mut self, label: Option<String>) {
        self.frames.push(Frame {
            label,
            vars: Vec::new(),
        });
    }

    /// Leaves a block.
    pub fn pop(&mut self) {
        self.frames.pop();
    }

    /// Number of frames (to translate a handler body with the scope of its block).
    pub fn depth(&self) -> usize {
        self.frames.len()
    }

    /// A copy limited to the outer `depth` frames.
    pub fn truncated(&self, depth: usize) -> Scope {
        let mut scope = self.clone();
        scope.frames.truncate(depth);
        scope
    }

    /// Reserves a PL/pgSQL name: `base` itself when free, else `base_<n>`.
    pub fn fresh(&mut self, base: &str) -> String {
        // Oracle names may hold `#` or be quoted in any case; a PL/pgSQL
        // variable gets a plain spelling (no suffix would make such a name
        // plain, so the search below would never end).
        let base = &plain_base(base);
        let mut name = base.to_string();
        let mut n = 2;
        while self.used.contains(&name) || !is_plain_identifier(&name) {
            name = format!("{base}_{n}");
            n += 1;
        }
        self.used.insert(name.clone());
        name
    }

    /// Labels the innermost frame (a block that got an eltc label).
    pub fn set_label(&mut self, label: &str) {
        if let Some(frame) = self.frames.last_mut() {
            frame.label = Some(label.to_string());
        }
    }

    /// Takes over the names `other` (a copy of this scope) reserved.
    pub fn absorb(&mut self, other: &Scope) {
        self.used.extend(other.used.iter().cloned());
    }

    /// Marks a name as taken without declaring anything (procedure names, labels).
    pub fn reserve(&mut self, name: &str) {
        self.used.insert(name.to_string());
    }

    /// Declares `name` in the innermost frame; returns its PL/pgSQL name.
    pub fn declare(&mut self, name: &str, kind: VarKind) -> String {
        let pg = match kind {
            VarKind::Inline { .. } | VarKind::Exception { .. } => name.to_string(),
            _ => self.fresh(name),
        };
        if self.frames.is_empty() {
            self.push(None);
        }
        let frame = self.frames.last_mut().expect("a frame");
        frame.vars.push(Var {
            name: name.to_string(),
            pg: pg.clone(),
            kind,
        });
        pg
    }

    /// Puts a hidden variable (its name already reserved) in the outermost
    /// frame, so the SQL layer can type it.
    pub fn declare_hidden(&mut self, pg: &str, ty: Type, info: Info) {
        if self.frames.is_empty() {
            self.push(None);
        }
        let frame = &mut self.frames[0];
        if frame.vars.iter().any(|v| v.pg == pg) {
            return;
        }
        frame.vars.push(Var {
            name: pg.to_string(),
            pg: pg.to_string(),
            kind: VarKind::Value {
                ty: Some(ty),
                info,
                read_only: false,
            },
        });
    }

    /// The innermost declaration of `name`.
    pub fn get(&self, name: &str) -> Option<&Var> {
        self.frames
            .iter()
            .rev()
            .find_map(|frame| frame.vars.iter().rev().find(|v| v.name == name))
    }

    /// The declaration whose PL/pgSQL name is `pg`.
    pub fn find_pg(&self, pg: &str) -> Option<&Var> {
        self.frames
            .iter()
            .rev()
            .find_map(|frame| frame.vars.iter().rev().find(|v| v.pg == pg))
    }

    /// `label.name`: a variable of the block labelled `label`.
    fn labelled(&self, label: &str, name: &str) -> Option<&Var> {
        self.frames
            .iter()
            .rev()
            .filter(|frame| frame.label.as_deref() == Some(label))
            .find_map(|frame| frame.vars.iter().rev().find(|v| v.name == name))
    }

    /// A package constant, by its name alone (inside the package) or
    /// qualified by the package (`pkg.c`, `schema.pkg.c`).
    fn constant(&self, parts: &[&str]) -> Option<(Expr, Info)> {
        let package = self.package.as_ref()?;
        let (name, qualifier) = parts.split_last()?;
        let own = qualifier.is_empty()
            || qualifier.join(".") == package.name
            || package.name.rsplit('.').next() == Some(&qualifier.join("."));
        if !own {
            return None;
        }
        package
            .constants
            .iter()
            .find(|(c, _, _)| c == name)
            .map(|(_, expr, info)| (expr.clone(), *info))
    }
}

/// The SQL layer's view of a [`Scope`].
pub struct Lookup<'s> {
    /// The scope.
    pub scope: &'s Scope,
}

/// `name` as an identifier node (quoted only when it must be).
/// `base` as a plain identifier: lower case, every other character `_`,
/// `v_` before a first character that cannot start one.
fn plain_base(base: &str) -> String {
    let mut plain: String = base
        .chars()
        .map(|c| {
            let c = c.to_ascii_lowercase();
            if c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_' || c == '$' {
                c
            } else {
                '_'
            }
        })
        .collect();
    if !plain.starts_with(|c: char| c.is_ascii_lowercase() || c == '_') {
        plain.insert_str(0, "v_");
    }
    plain
}

pub fn ident(name: &str) -> Ident {
    if is_plain_identifier(name) {
        Ident::new(name)
    } else {
        Ident::with_quote('"', name)
    }
}

impl Variables for Lookup<'_> {
    fn is_collection(&self, name: &str) -> bool {
        self.scope
            .get(name)
            .is_some_and(|var| matches!(var.kind, VarKind::Collection))
    }

    fn resolve(&self, parts: &[&str]) -> Option<(Expr, Info)> {
        let scope = self.scope;
        match parts {
            [name] => {
                if let Some(var) = scope.get(name) {
                    return value_of(var, None);
                }
                if *name == "sqlerrm"
                    && let Some(message) = &scope.message
                {
                    return Some((message.clone(), Info::new(Ty::Text, true)));
                }
                if *name == "sqlerrm" && scope.in_handler {
                    return Some((
                        Expr::Identifier(Ident::new("SQLERRM")),
                        Info::new(Ty::Text, true),
                    ));
                }
                scope.constant(parts)
            }
            [first, field] => {
                if let Some(var) = scope.get(first)
                    && matches!(var.kind, VarKind::Record { .. })
                {
                    return value_of(var, Some(*field));
                }
                if let Some(var) = scope.labelled(first, field) {
                    return value_of(var, None);
                }
                scope.constant(parts)
            }
            _ => scope.constant(parts),
        }
    }

    fn shadows(&self, name: &str) -> bool {
        self.scope.frames.iter().any(|frame| {
            frame.vars.iter().any(|v| {
                v.pg == name && matches!(v.kind, VarKind::Value { .. } | VarKind::Record { .. })
            })
        })
    }
}

/// What a variable (or `record.field`) reads as in SQL.
fn value_of(var: &Var, field: Option<&str>) -> Option<(Expr, Info)> {
    match (&var.kind, field) {
        (VarKind::Value { info, .. }, None) => Some((Expr::Identifier(ident(&var.pg)), *info)),
        (VarKind::Inline { expr, info }, None) => Some((nested((**expr).clone()), *info)),
        (VarKind::Record { fields }, Some(field)) => {
            let info = match fields {
                Some(fields) => fields.iter().find(|(f, _)| f == field)?.1,
                None => Info::unknown(),
            };
            Some((
                Expr::CompoundIdentifier(vec![ident(&var.pg), ident(field)]),
                info,
            ))
        }
        _ => None,
    }
}

/// An expression safe to put where a name stood (parenthesized unless atomic).
pub fn nested(expr: Expr) -> Expr {
    match expr {
        Expr::Identifier(_)
        | Expr::CompoundIdentifier(_)
        | Expr::Value(_)
        | Expr::Nested(_)
        | Expr::Function(_) => expr,
        other => Expr::Nested(Box::new(other)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn value(ty: Ty) -> VarKind {
        VarKind::Value {
            ty: None,
            info: Info::new(ty, true),
            read_only: false,
        }
    }

    #[test]
    fn inner_declarations_shadow_and_get_fresh_names() {
        let mut scope = Scope::default();
        scope.push(Some("outer".into()));
        assert_eq!(scope.declare("v", value(Ty::Integer)), "v");
        scope.push(None);
        assert_eq!(scope.declare("v", value(Ty::Text)), "v_2");
        let lookup = Lookup { scope: &scope };
        let (expr, info) = lookup.resolve(&["v"]).unwrap();
        assert_eq!((expr.to_string(), info.ty), ("v_2".into(), Ty::Text));
        let (expr, _) = lookup.resolve(&["outer", "v"]).unwrap();
        assert_eq!(expr.to_string(), "v");
        assert!(lookup.shadows("v_2") && !lookup.shadows("w"));
        scope.pop();
        assert_eq!(
            Lookup { scope: &scope }
                .resolve(&["v"])
                .unwrap()
                .0
                .to_string(),
            "v"
        );
    }

    #[test]
    fn record_fields_and_package_constants_resolve() {
        let mut scope = Scope::with_package(Some(PackageNames {
            name: "dw.etl".into(),
            constants: vec![(
                "c_unknown".into(),
                Expr::value(sqlparser::ast::Value::Number("-1".into(), false)),
                Info::literal(Ty::Integer),
            )],
            exceptions: vec![],
            variables: vec![],
        }));
        scope.push(None);
        scope.declare(
            "r",
            VarKind::Record {
                fields: Some(vec![("store_id".into(), Info::new(Ty::Integer, false))]),
            },
        );
        let lookup = Lookup { scope: &scope };
        let (expr, info) = lookup.resolve(&["r", "store_id"]).unwrap();
        assert_eq!(
            (expr.to_string(), info.ty),
            ("r.store_id".into(), Ty::Integer)
        );
        assert!(lookup.resolve(&["r", "nope"]).is_none());
        for parts in [
            vec!["c_unknown"],
            vec!["etl", "c_unknown"],
            vec!["dw", "etl", "c_unknown"],
        ] {
            assert_eq!(lookup.resolve(&parts).unwrap().0.to_string(), "-1");
        }
        assert!(lookup.resolve(&["other", "c_unknown"]).is_none());
        assert!(lookup.resolve(&["sqlerrm"]).is_none());
    }
}
