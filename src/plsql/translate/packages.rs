//! The routines of a run and their Redshift names (docs/redshift.md#plsql-constructs).
//!
//! A standalone procedure `s.p` keeps its name; a package `s.pkg`'s routine
//! `p`, public or private, becomes `s.pkg_p` (Redshift has no packages; the
//! schema stays the package's). An unqualified unit takes the default schema
//! (the pipeline's in `eltc build`). Overloads of one name keep the first
//! declared as `pkg_p` and number the others `pkg_p_2`, `pkg_p_3` in order,
//! so a call never depends on Redshift's overload resolution; a name that
//! then collides with another routine's is a `plsql::name-conflict` error.
//! Package constants are translated once here and inlined where read;
//! a package variable that a routine assigns, or an initialisation section,
//! is state that lives across calls: `plsql::package-state`.

use sqlparser::ast::Expr;

use super::scope::PackageNames;
use crate::diag::Span;
use crate::plsql::ast::{self, ParamMode};
use crate::plsql::pgsql::Type;
use crate::sql::typing::Info;

/// A routine's signature.
#[derive(Clone, Debug)]
pub struct Sig {
    /// `schema.proc` or `schema.pkg.proc`, lower case.
    pub oracle: String,
    /// Its package, `schema.pkg`.
    pub package: Option<String>,
    /// The Redshift procedure, `schema.name`.
    pub pg: String,
    /// Its parameters.
    pub params: Vec<SigParam>,
    /// A function's result, as the last INOUT parameter of its procedure.
    pub result: Option<ResultParam>,
    /// A pure function inlined at its call sites: parameter names and the
    /// body expression (Oracle SQL, parsed).
    pub inline: Option<(Vec<String>, Expr)>,
    /// PRAGMA AUTONOMOUS_TRANSACTION.
    pub autonomous: bool,
    /// In the package spec, or standalone.
    pub public: bool,
    /// Comments before the routine.
    pub comments: Vec<String>,
    /// The routine.
    pub span: Span,
    /// The package's constants and exceptions (on each routine of a package).
    pub package_names: Option<PackageNames>,
    /// Index of the unit (in the run's unit list) and of the routine in it.
    pub origin: (usize, Vec<usize>),
    /// The schema written in the unit's name (`u1.p`, `u1.pkg`): Oracle
    /// resolves the unit's unqualified tables in its owner's schema, not in
    /// the schema of the session that calls it.
    pub owner: Option<String>,
}

/// A parameter of a signature.
#[derive(Clone, Debug)]
pub struct SigParam {
    /// Its name, lower case.
    pub name: String,
    /// IN, OUT, IN OUT.
    pub mode: ParamMode,
    /// Its PL/pgSQL type (`None`: unknown, reported).
    pub ty: Option<Type>,
    /// What the SQL layer knows of it.
    pub info: Info,
    /// DEFAULT, translated.
    pub default: Option<Expr>,
}

/// A function's result parameter.
#[derive(Clone, Debug)]
pub struct ResultParam {
    /// Its name.
    pub name: String,
    /// Its type.
    pub ty: Type,
    /// What the SQL layer knows of it.
    pub info: Info,
}

/// The lower-case parts of a qualified name.
pub fn parts(name: &ast::QualifiedIdent) -> Vec<String> {
    name.parts
        .iter()
        .map(|p| {
            if p.quoted {
                p.text.clone()
            } else {
                p.text.to_lowercase()
            }
        })
        .collect()
}

/// The schema written in a unit's name, if any.
pub fn owner(name: &ast::QualifiedIdent) -> Option<String> {
    match parts(name).as_slice() {
        [schema, _, ..] => Some(schema.clone()),
        _ => None,
    }
}

/// `schema.name` of a unit name, with `schema` defaulted.
pub fn qualified(name: &ast::QualifiedIdent, default_schema: &str) -> (String, String) {
    let parts = parts(name);
    match parts.as_slice() {
        [schema, name] => (schema.clone(), name.clone()),
        [name] => (default_schema.to_string(), name.clone()),
        _ => (default_schema.to_string(), parts.join("_")),
    }
}

impl super::World {
    /// The signatures a call named `parts` may mean, from `package`:
    /// `p` (same package first, then standalone in the default schema),
    /// `pkg.p`, `schema.p`, `schema.pkg.p`.
    pub fn candidates(&self, parts: &[String], package: Option<&str>, schema: &str) -> Vec<&Sig> {
        let wanted: Vec<String> = match parts {
            [name] => {
                let mut names = Vec::new();
                if let Some(package) = package {
                    names.push(format!("{package}.{name}"));
                }
                names.push(format!("{schema}.{name}"));
                names
            }
            [first, name] => {
                let mut names = vec![
                    format!("{first}.{name}"),
                    format!("{schema}.{first}.{name}"),
                ];
                if let Some(package) = package
                    && package.rsplit('.').next() == Some(first.as_str())
                {
                    names.push(format!("{package}.{name}"));
                }
                names
            }
            _ => vec![parts.join(".")],
        };
        for name in wanted {
            let found: Vec<&Sig> = self.sigs.iter().filter(|s| s.oracle == name).collect();
            if !found.is_empty() {
                return found;
            }
        }
        Vec::new()
    }
}
