//! The target of the PL/SQL translation: Redshift PL/pgSQL, as a tree.
//!
//! A procedure body is a [`Block`] of declarations and statements; the SQL
//! parts (conditions, values, queries, DML) are sqlparser nodes already
//! translated to Redshift SQL, so the PostgreSQL test form is the same tree
//! with every SQL node passed through the backend's adapter
//! ([`crate::target::postgres`]) when printed. Only the statements Redshift
//! documents are representable (docs/redshift.md#plpgsql-statements): one `WHEN OTHERS`
//! handler per block, no bare `RAISE` (the PostgreSQL form adds it, see
//! [`print`]), RAISE arguments that are variables.

mod print;

use sqlparser::ast::{Expr, Query, Statement};

use crate::spec::model::DataType;

pub use print::render_block;

/// `[<<label>>] [DECLARE decls] BEGIN body [EXCEPTION WHEN OTHERS THEN handler] END;`
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Block {
    /// `<<label>>`, for `EXIT label`.
    pub label: Option<String>,
    /// Its declarations.
    pub decls: Vec<Decl>,
    /// Its statements.
    pub body: Vec<Stmt>,
    /// The statements of `EXCEPTION WHEN OTHERS THEN`, the one handler
    /// Redshift accepts (docs/redshift.md#exception-handlers).
    pub handler: Option<Vec<Stmt>>,
}

/// One declaration.
#[derive(Clone, Debug, PartialEq)]
pub struct Decl {
    /// The variable's or cursor's name (lower case).
    pub name: String,
    /// What it is.
    pub kind: DeclKind,
    /// Comments kept from the source, printed above it.
    pub comments: Vec<String>,
}

/// The kinds of declaration.
#[derive(Clone, Debug, PartialEq)]
// A variable's default is an inline `Expr`, as everywhere in the tree; the
// tree is built once per procedure, so the size does not matter.
#[allow(clippy::large_enum_variant)]
pub enum DeclKind {
    /// `name [CONSTANT] type [NOT NULL] [:= default];`
    Variable {
        /// Its type.
        ty: Type,
        /// CONSTANT.
        constant: bool,
        /// NOT NULL (Redshift needs a non-null default with it).
        not_null: bool,
        /// Its initial value.
        default: Option<Expr>,
    },
    /// `name CURSOR [(params)] FOR query;`
    Cursor {
        /// Its parameters.
        params: Vec<(String, Type)>,
        /// Its query.
        query: Box<Query>,
    },
}

/// A PL/pgSQL variable type.
#[derive(Clone, Debug, PartialEq)]
pub enum Type {
    /// A Redshift data type.
    Data(DataType),
    /// `RECORD`: a row of a query (Oracle's %ROWTYPE and loop records).
    Record,
    /// `REFCURSOR`.
    RefCursor,
}

impl std::fmt::Display for Type {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Type::Data(ty) => write!(f, "{ty}"),
            Type::Record => f.write_str("RECORD"),
            Type::RefCursor => f.write_str("REFCURSOR"),
        }
    }
}

/// RAISE levels eltc emits.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RaiseLevel {
    /// `RAISE INFO` (DBMS_OUTPUT.PUT_LINE).
    Info,
    /// `RAISE EXCEPTION` (aborts).
    Exception,
}

/// One statement.
#[derive(Clone, Debug, PartialEq)]
pub enum Stmt {
    /// `-- text`, a comment kept from the source.
    Comment(String),
    /// `NULL;`
    Null,
    /// `target := value;`
    Assign {
        /// A variable or `record.field`.
        target: Expr,
        /// The value.
        value: Expr,
    },
    /// `IF c THEN ... ELSIF c THEN ... ELSE ... END IF;`
    If {
        /// The IF and ELSIF conditions with their statements.
        branches: Vec<(Expr, Vec<Stmt>)>,
        /// ELSE.
        otherwise: Option<Vec<Stmt>>,
    },
    /// `CASE [selector] WHEN v [, v] THEN ... [ELSE ...] END CASE;`
    Case {
        /// The selector of a simple CASE.
        selector: Option<Expr>,
        /// The WHEN values (simple) or conditions (searched), and statements.
        whens: Vec<(Expr, Vec<Stmt>)>,
        /// ELSE (without it, no match raises CASE_NOT_FOUND, as in Oracle).
        otherwise: Option<Vec<Stmt>>,
    },
    /// `[<<label>>] LOOP ... END LOOP;`
    Loop {
        /// Its label.
        label: Option<String>,
        /// Its statements.
        body: Vec<Stmt>,
    },
    /// `[<<label>>] WHILE c LOOP ... END LOOP;`
    While {
        /// Its label.
        label: Option<String>,
        /// The condition.
        condition: Expr,
        /// Its statements.
        body: Vec<Stmt>,
    },
    /// `[<<label>>] FOR i IN [REVERSE] a .. b LOOP ... END LOOP;` with `low`
    /// and `high` as Oracle writes them (the printer puts `high .. low` for
    /// REVERSE, PL/pgSQL's order).
    ForRange {
        /// Its label.
        label: Option<String>,
        /// The index variable (implicitly declared, INTEGER).
        index: String,
        /// REVERSE.
        reverse: bool,
        /// Lower bound.
        low: Expr,
        /// Upper bound.
        high: Expr,
        /// Its statements.
        body: Vec<Stmt>,
    },
    /// `[<<label>>] FOR r IN query LOOP ... END LOOP;` (`r` declared RECORD).
    ForQuery {
        /// Its label.
        label: Option<String>,
        /// The record variable.
        record: String,
        /// The query.
        query: Box<Query>,
        /// Its statements.
        body: Vec<Stmt>,
    },
    /// `EXIT [label] [WHEN c];`
    Exit {
        /// The loop or block left.
        label: Option<String>,
        /// WHEN.
        when: Option<Expr>,
    },
    /// `CONTINUE [label] [WHEN c];`
    Continue {
        /// The loop continued.
        label: Option<String>,
        /// WHEN.
        when: Option<Expr>,
    },
    /// `RETURN;`
    Return,
    /// An SQL statement (DML, temp-table DDL of an expansion).
    Sql(Box<Statement>),
    /// `SELECT INTO targets ... ;`: the query's output columns into the targets.
    SelectInto {
        /// The query (its top SELECT gets the INTO when printed).
        query: Box<Query>,
        /// Variables or record fields, one per output column (or one record).
        targets: Vec<Expr>,
    },
    /// `EXECUTE command [INTO targets];`
    Execute {
        /// The command text (an expression).
        command: Expr,
        /// INTO targets.
        into: Vec<Expr>,
    },
    /// `GET DIAGNOSTICS target := ROW_COUNT;`
    RowCount {
        /// The integer variable set.
        target: String,
    },
    /// `RAISE level 'format', args;` (args are variables: docs/redshift.md#plpgsql-statements).
    Raise {
        /// The level.
        level: RaiseLevel,
        /// The format, `%` for each argument.
        format: String,
        /// Variable names.
        args: Vec<String>,
    },
    /// `OPEN cursor [(args)];` (a bound cursor) or `OPEN cursor FOR query;`.
    Open {
        /// The cursor variable.
        cursor: String,
        /// Arguments of a bound cursor.
        args: Vec<Expr>,
        /// The query of an unbound REFCURSOR.
        query: Option<Box<Query>>,
    },
    /// `FETCH cursor INTO targets;`
    Fetch {
        /// The cursor.
        cursor: String,
        /// The targets.
        into: Vec<Expr>,
    },
    /// `CLOSE cursor;`
    Close {
        /// The cursor.
        cursor: String,
    },
    /// `CALL name(args);`
    Call {
        /// `schema.procedure`.
        name: String,
        /// The arguments (variables for INOUT parameters).
        args: Vec<Expr>,
    },
    /// A nested block.
    Block(Block),
}

impl Block {
    /// Every SQL statement of the block, nested ones included, in order:
    /// DML as written, the query of each SELECT INTO, FOR loop and cursor.
    pub fn sql_statements(&self) -> Vec<Statement> {
        let mut out = Vec::new();
        for decl in &self.decls {
            if let DeclKind::Cursor { query, .. } = &decl.kind {
                out.push(Statement::Query(query.clone()));
            }
        }
        collect_sql(&self.body, &mut out);
        if let Some(handler) = &self.handler {
            collect_sql(handler, &mut out);
        }
        out
    }
}

fn collect_sql(stmts: &[Stmt], out: &mut Vec<Statement>) {
    for stmt in stmts {
        match stmt {
            Stmt::Sql(statement) => out.push((**statement).clone()),
            Stmt::SelectInto { query, .. }
            | Stmt::Open {
                query: Some(query), ..
            } => out.push(Statement::Query(query.clone())),
            Stmt::ForQuery { query, body, .. } => {
                out.push(Statement::Query(query.clone()));
                collect_sql(body, out);
            }
            Stmt::If {
                branches,
                otherwise,
            } => {
                for (_, body) in branches {
                    collect_sql(body, out);
                }
                collect_sql(otherwise.as_deref().unwrap_or_default(), out);
            }
            Stmt::Case {
                whens, otherwise, ..
            } => {
                for (_, body) in whens {
                    collect_sql(body, out);
                }
                collect_sql(otherwise.as_deref().unwrap_or_default(), out);
            }
            Stmt::Loop { body, .. } | Stmt::While { body, .. } | Stmt::ForRange { body, .. } => {
                collect_sql(body, out);
            }
            Stmt::Block(block) => out.extend(block.sql_statements()),
            _ => {}
        }
    }
}
