//! Targets: how each engine eltc writes for spells what the plan means.
//!
//! A [`Target`] is data about one engine's SQL, asked by every printer
//! (the backend's files, the PL/pgSQL printer of [`crate::plsql`]): how a
//! string literal is quoted, how an expression, query or statement tree is
//! printed, which physical table options and constraints it keeps, how an
//! identity column is spelled, how the load procedure reads a landed file,
//! and what it refuses. Printers never match on an engine: a difference is a
//! method here, with its reason and its test. [`REDSHIFT`] is what `eltc
//! build` writes; [`POSTGRES`] the form `eltc test` runs (every difference
//! listed in [`postgres`]). A Spark SQL target adds one more implementation.
//!
//! This module sits below `plsql` and `backend` and above `sql`: it imports
//! neither of the first two, so the printers of both share it without a cycle.

pub mod literal;
pub mod postgres;
pub mod read;
pub mod redshift;
pub mod spark;

use std::borrow::Cow;

use sqlparser::ast::{Expr, Query, Statement};

use crate::spec::model::CopyRole;

pub use literal::{ident, ident_node, qualified};
pub use postgres::Postgres;
pub use read::{Layout, ReadColumn, SourceRead};
pub use redshift::Redshift;

/// Amazon Redshift: what `eltc build` writes and the DBA applies.
pub static REDSHIFT: Redshift = Redshift;
/// PostgreSQL 15: the form the local tests run.
pub static POSTGRES: Postgres = Postgres;

/// How the load procedure reads one source: the plan's typed read, the
/// manifest listing its files and the role COPY assumes.
#[derive(Clone, Copy, Debug)]
pub struct LoadSource<'a> {
    /// What COPY does with the files.
    pub read: &'a SourceRead,
    /// The manifest key, relative to the landing prefix.
    pub manifest: &'a str,
    /// The role of `IAM_ROLE`.
    pub role: &'a CopyRole,
    /// The bucket's Region, when it is not the workgroup's (`REGION`).
    pub region: Option<&'a str>,
}

/// The load procedure's dynamic statement for one source, in three parts:
/// the text before where the rows come from (unquoted), the SQL expression
/// naming where they come from, and the option clauses after it (unquoted).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LoadStatement {
    /// `COPY t (c) FROM ` on Redshift.
    pub head: String,
    /// The expression appended to the head.
    pub from: String,
    /// The option clauses.
    pub options: Vec<String>,
}

/// One engine's spelling of the plan. See the module documentation.
pub trait Target: Sync + std::fmt::Debug {
    /// Its name in messages and on the command line (`redshift`, `postgres`).
    fn name(&self) -> &'static str;

    /// `text` as a single-quoted string literal.
    fn literal(&self, text: &str) -> String;

    /// An expression tree (Redshift SQL as the translation built it), printed.
    fn expr(&self, expr: &Expr) -> String;

    /// A query tree, in this target's form (printed by the caller, which
    /// may embed it in a larger node first).
    fn query<'a>(&self, query: &'a Query) -> Cow<'a, Query>;

    /// A statement tree, in this target's form.
    fn statement<'a>(&self, statement: &'a Statement) -> Cow<'a, Statement>;

    /// Comment lines at the top of every generated file.
    fn header_notes(&self) -> &'static [&'static str];

    /// Whether DISTSTYLE, DISTKEY, SORTKEY, ENCODE and BACKUP NO are written.
    fn physical_options(&self) -> bool;

    /// Whether PRIMARY KEY and UNIQUE constraints are written.
    fn informational_constraints(&self) -> bool;

    /// Whether ddl.sql creates the tables the pipeline only reads
    /// (`read_only: true`), whose owner creates them where it is deployed.
    fn creates_read_only_tables(&self) -> bool;

    /// Whether ddl.sql carries the spec's GRANT statements.
    fn grants(&self) -> bool;

    /// The identity clause of a column (`IDENTITY(seed, step)` on Redshift).
    fn identity(&self, seed: i64, step: i64) -> String;

    /// How the load procedure reads the files of one source.
    fn load_statement(&self, load: &LoadSource<'_>) -> LoadStatement;

    /// Whether a `WHEN OTHERS` handler of a translated procedure must end
    /// with `RAISE;` to fail the CALL as Redshift does.
    fn handler_reraises(&self) -> bool;

    /// Whether the deployment files (lambda.json, template.yaml) are part of
    /// this target's output.
    fn deploys(&self) -> bool;

    /// Why this target cannot print `expr` (a node, its children aside),
    /// if it cannot: the build reports it (`target::refuses`) instead of
    /// writing SQL that fails when it runs.
    fn refuses(&self, expr: &Expr) -> Option<String> {
        let _ = expr;
        None
    }

    /// The statement clock of a procedure: the time when the statement
    /// evaluating it started (each statement of a procedure its own), for
    /// the run log's step times. SYSDATE would be the transaction's start.
    fn statement_clock(&self) -> &'static str;
}

impl PartialEq for dyn Target + '_ {
    fn eq(&self, other: &Self) -> bool {
        self.name() == other.name()
    }
}
