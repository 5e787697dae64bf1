//! The type environment of translation: which relation a FROM alias names,
//! which columns it has and their types, and the pipeline's parameters.
//!
//! Types come only from the pipeline model (declared tables and params) and
//! from literals; eltc never guesses. A relation whose columns are not known
//! (a derived table whose projection has unnamed expressions) makes
//! unqualified lookups inconclusive rather than wrong. This module holds data
//! and lookups only; it raises no diagnostics itself.

use crate::spec::model::{DataType, QualifiedName};
use crate::sql::catalog::Catalog;

/// Coarse type families: what the rewrites need to decide between forms.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Ty {
    /// SMALLINT, INTEGER, BIGINT, and integer literals.
    Integer,
    /// DECIMAL(p,s) and decimal literals: exact numbers.
    Exact,
    /// REAL, DOUBLE PRECISION.
    Float,
    /// CHAR, VARCHAR and string literals.
    Text,
    /// DATE.
    Date,
    /// TIMESTAMP.
    Timestamp,
    /// TIMESTAMPTZ.
    TimestampTz,
    /// BOOLEAN and predicates.
    Boolean,
    /// The literal NULL.
    Null,
    /// Not determinable from the model.
    Unknown,
}

impl Ty {
    /// The family of a Redshift type.
    pub fn of(data_type: DataType) -> Ty {
        match data_type {
            DataType::SmallInt | DataType::Integer | DataType::BigInt => Ty::Integer,
            DataType::Decimal { .. } => Ty::Exact,
            DataType::Real | DataType::Double => Ty::Float,
            DataType::Char(_) | DataType::Varchar(_) => Ty::Text,
            DataType::Date => Ty::Date,
            DataType::Timestamp => Ty::Timestamp,
            DataType::TimestampTz => Ty::TimestampTz,
            DataType::Boolean => Ty::Boolean,
        }
    }

    /// True for the numeric families.
    pub fn is_numeric(self) -> bool {
        matches!(self, Ty::Integer | Ty::Exact | Ty::Float)
    }

    /// True for DATE and the timestamps.
    pub fn is_datetime(self) -> bool {
        matches!(self, Ty::Date | Ty::Timestamp | Ty::TimestampTz)
    }

    /// Lower-case name for messages.
    pub fn describe(self) -> &'static str {
        match self {
            Ty::Integer => "an integer",
            Ty::Exact => "a decimal",
            Ty::Float => "a floating-point number",
            Ty::Text => "text",
            Ty::Date => "a date",
            Ty::Timestamp => "a timestamp",
            Ty::TimestampTz => "a timestamp with time zone",
            Ty::Boolean => "a boolean",
            Ty::Null => "NULL",
            Ty::Unknown => "of unknown type",
        }
    }
}

/// What translation knows about an expression.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Info {
    /// Its type family.
    pub ty: Ty,
    /// False only when the value can never be NULL.
    pub nullable: bool,
    /// A literal (after bind substitution, parameters are not literals).
    pub literal: bool,
    /// Blank-padded CHAR(n) with n > 1 (Oracle keeps the padding in `||` and
    /// LENGTH, Redshift and PostgreSQL drop it).
    pub padded: bool,
}

impl Info {
    /// A non-literal value of family `ty`.
    pub fn new(ty: Ty, nullable: bool) -> Info {
        Info {
            ty,
            nullable,
            literal: false,
            padded: false,
        }
    }

    /// A non-null literal of family `ty`.
    pub fn literal(ty: Ty) -> Info {
        Info {
            ty,
            nullable: false,
            literal: true,
            padded: false,
        }
    }

    /// Nothing known.
    pub fn unknown() -> Info {
        Info::new(Ty::Unknown, true)
    }

    /// A column or parameter of a declared type.
    pub fn of(data_type: DataType, not_null: bool) -> Info {
        let padded = matches!(data_type, DataType::Char(n) if n > 1);
        Info {
            ty: Ty::of(data_type),
            nullable: !not_null,
            literal: false,
            padded,
        }
    }

    /// The same value made nullable (the optional side of an outer join).
    pub fn nullable(self) -> Info {
        Info {
            nullable: true,
            ..self
        }
    }
}

/// Columns of a relation in a FROM clause.
#[derive(Clone, Debug)]
pub struct Relation {
    /// The names that qualify its columns: the alias, or the table name and
    /// `schema.table` when there is no alias.
    pub qualifiers: Vec<String>,
    /// The declared table behind it, if any.
    pub table: Option<QualifiedName>,
    /// Its columns; `None` when they are not known.
    pub columns: Option<Vec<(String, Info)>>,
}

impl Relation {
    /// True when `qualifier` (lower case) names this relation.
    pub fn answers_to(&self, qualifier: &str) -> bool {
        self.qualifiers.iter().any(|q| q == qualifier)
    }

    /// The column `name`, when the columns are known and it is one of them.
    pub fn column(&self, name: &str) -> Option<Info> {
        self.columns
            .as_ref()?
            .iter()
            .find(|(column, _)| column == name)
            .map(|(_, info)| *info)
    }
}

/// The result of looking up a column reference.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Lookup {
    /// Found, with what is known about it.
    Found(Info),
    /// A relation matches but its columns are not known.
    Opaque,
    /// The qualifier names no relation in scope.
    NoRelation,
    /// No relation in scope has the column; the names of the columns that the
    /// relation (or the relations, unqualified) do have, for suggestions.
    NoColumn(Vec<String>),
    /// Several relations of the innermost scope that has it have the column.
    Ambiguous,
}

/// Nested FROM scopes (a subquery sees the columns of its enclosing queries)
/// and the common table expressions visible from here.
#[derive(Debug, Default)]
pub struct Env {
    scopes: Vec<Vec<Relation>>,
    ctes: Vec<(String, Vec<(String, Info)>)>,
}

impl Env {
    /// Enters a query block with these relations.
    pub fn push(&mut self, relations: Vec<Relation>) {
        self.scopes.push(relations);
    }

    /// Leaves the innermost query block.
    pub fn pop(&mut self) {
        self.scopes.pop();
    }

    /// Number of CTEs declared so far, to truncate back to when a WITH ends.
    pub fn cte_mark(&self) -> usize {
        self.ctes.len()
    }

    /// Declares a CTE with its output columns.
    pub fn add_cte(&mut self, name: String, columns: Vec<(String, Info)>) {
        self.ctes.push((name, columns));
    }

    /// Forgets CTEs declared after `mark`.
    pub fn truncate_ctes(&mut self, mark: usize) {
        self.ctes.truncate(mark);
    }

    /// The columns of a visible CTE called `name`.
    pub fn cte(&self, name: &str) -> Option<&[(String, Info)]> {
        self.ctes
            .iter()
            .rev()
            .find(|(cte, _)| cte == name)
            .map(|(_, columns)| columns.as_slice())
    }

    /// The relations of the innermost scope.
    pub fn innermost(&self) -> &[Relation] {
        self.scopes.last().map_or(&[], Vec::as_slice)
    }

    /// Number of scopes.
    pub fn depth(&self) -> usize {
        self.scopes.len()
    }

    /// Index of the scope a column reference resolves to.
    pub fn scope_of(&self, qualifier: Option<&str>, name: &str) -> Option<usize> {
        self.scopes
            .iter()
            .enumerate()
            .rev()
            .find_map(|(index, scope)| {
                let hit = match qualifier {
                    Some(qualifier) => scope.iter().any(|r| r.answers_to(qualifier)),
                    None => scope.iter().any(|r| r.column(name).is_some()),
                };
                hit.then_some(index)
            })
    }

    /// The qualifier of the relation an unqualified column `name` resolves
    /// to (its alias, or its table name), when it has one.
    pub fn qualifier_of(&self, name: &str) -> Option<String> {
        for scope in self.scopes.iter().rev() {
            if let Some(relation) = scope.iter().find(|r| r.column(name).is_some()) {
                return relation.qualifiers.first().cloned();
            }
        }
        None
    }

    /// Looks up a column, `qualifier` and `name` lower case.
    pub fn lookup(&self, qualifier: Option<&str>, name: &str) -> Lookup {
        match qualifier {
            Some(qualifier) => self.lookup_qualified(qualifier, name),
            None => self.lookup_unqualified(name),
        }
    }

    fn lookup_qualified(&self, qualifier: &str, name: &str) -> Lookup {
        for scope in self.scopes.iter().rev() {
            if let Some(relation) = scope.iter().find(|relation| relation.answers_to(qualifier)) {
                return match &relation.columns {
                    None => Lookup::Opaque,
                    Some(columns) => match relation.column(name) {
                        Some(info) => Lookup::Found(info),
                        None => Lookup::NoColumn(columns.iter().map(|(c, _)| c.clone()).collect()),
                    },
                };
            }
        }
        Lookup::NoRelation
    }

    fn lookup_unqualified(&self, name: &str) -> Lookup {
        let mut candidates = Vec::new();
        for scope in self.scopes.iter().rev() {
            let found: Vec<Info> = scope
                .iter()
                .filter_map(|relation| relation.column(name))
                .collect();
            match found.as_slice() {
                [info] => return Lookup::Found(*info),
                [_, _, ..] => return Lookup::Ambiguous,
                [] => {}
            }
            if scope.iter().any(|relation| relation.columns.is_none()) {
                return Lookup::Opaque;
            }
            for relation in scope {
                candidates.extend(relation.columns.iter().flatten().map(|(c, _)| c.clone()));
            }
        }
        Lookup::NoColumn(candidates)
    }
}

/// The relation for a declared table read under `alias` (or its own name).
pub fn table_relation(
    catalog: &dyn Catalog,
    name: &QualifiedName,
    alias: Option<String>,
) -> Option<Relation> {
    let table = catalog.table(name)?;
    let qualifiers = match alias {
        Some(alias) => vec![alias],
        None => vec![name.name.clone(), name.to_string()],
    };
    let columns = table
        .columns
        .iter()
        .map(|c| (c.name.clone(), Info::of(c.ty, c.not_null)))
        .collect();
    Some(Relation {
        qualifiers,
        table: Some(name.clone()),
        columns: Some(columns),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn relation(qualifier: &str, columns: &[(&str, Ty)]) -> Relation {
        Relation {
            qualifiers: vec![qualifier.to_string()],
            table: None,
            columns: Some(
                columns
                    .iter()
                    .map(|(c, ty)| (c.to_string(), Info::new(*ty, true)))
                    .collect(),
            ),
        }
    }

    #[test]
    fn inner_scopes_shadow_outer_ones_and_ambiguity_is_reported() {
        let mut env = Env::default();
        env.push(vec![relation("a", &[("x", Ty::Integer), ("y", Ty::Text)])]);
        env.push(vec![
            relation("b", &[("x", Ty::Date)]),
            relation("c", &[("z", Ty::Text), ("x", Ty::Text)]),
        ]);
        assert_eq!(env.lookup(None, "x"), Lookup::Ambiguous);
        assert_eq!(
            env.lookup(None, "y"),
            Lookup::Found(Info::new(Ty::Text, true))
        );
        assert_eq!(
            env.lookup(Some("a"), "x"),
            Lookup::Found(Info::new(Ty::Integer, true))
        );
        assert_eq!(env.lookup(Some("q"), "x"), Lookup::NoRelation);
        assert!(matches!(env.lookup(Some("b"), "w"), Lookup::NoColumn(c) if c == ["x"]));
        env.pop();
        assert_eq!(
            env.lookup(None, "x"),
            Lookup::Found(Info::new(Ty::Integer, true))
        );
    }
}
