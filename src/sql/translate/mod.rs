//! Translation of parsed transform SQL into Redshift SQL.
//!
//! One [`Translator`] walks a statement top-down, keeping the FROM scopes in
//! a type environment ([`crate::sql::typing::Env`]), and rewrites expressions
//! bottom-up: every expression's children are translated first and report
//! what is known about them ([`Info`]), so a rewrite can choose its form by
//! type (TRUNC of a date or a number, `||` of nullable operands). Each rewrite
//! family lives in its own file:
//!
//! - `query`: query blocks, scopes, `*` expansion, set operators, hints, DUAL;
//! - `joins`: Oracle `(+)` outer joins into ANSI LEFT JOINs;
//! - `expr`: the expression walk, columns, operators, CASE, CAST;
//! - `binds`: `:name` binds, and the types of `eltc translate`'s from their uses;
//! - `functions`: the allow-list of functions with the same meaning;
//! - `conditional`: NVL, NVL2, DECODE, GREATEST/LEAST;
//! - `datetime`: TRUNC, ROUND, SYSDATE and other date/number idioms;
//! - `conversion`: TO_CHAR, TO_DATE, TO_NUMBER and format models;
//! - `concat`: `||` with Oracle's NULL-is-empty semantics;
//! - `statements`: INSERT, UPDATE, DELETE; `assigned`: the values they
//!   write whole into a column, which take its type;
//! - `expand`: statements that become several (MERGE in `merge`, INSERT
//!   ALL/FIRST in `multi_insert`, `SET (a, b) = (subquery)`), built as trees
//!   (`build`) from the statement's nodes and translated like any statement;
//! - `rownum`: ROWNUM filters and projections; `connect_by`: CONNECT BY into
//!   WITH RECURSIVE; `ddl`: Oracle CREATE TABLE / CREATE SEQUENCE;
//! - `idents`: identifier case folding.
//!
//! In the Oracle dialect anything outside these tables raises a diagnostic
//! rather than being copied through. In the Redshift dialect only binds are
//! rewritten and scopes checked. Nothing here parses or prints.

mod assigned;
mod binds;
mod build;
pub mod catalogue;
mod concat;
mod conditional;
mod connect_by;
mod conversion;
mod datetime;
pub mod ddl;
mod expand;
mod expr;
mod formats;
mod functions;
mod idents;
mod joins;
mod merge;
mod merge_check;
mod months;
mod multi_insert;
mod query;
mod refusals;
mod regex;
mod rownum;
mod statements;
mod strings;

use std::collections::{BTreeMap, BTreeSet};
use std::ops::Range;

use sqlparser::ast::Spanned;

use super::span::SqlSource;
use super::typing::{Env, Info};
use crate::diag::{Code, Diagnostic, Span};
use crate::sql::catalog::Catalog;

pub use binds::{
    BindType, BindUse, Inferred, diagnostic as bind_diagnostic, infer as infer_bind_types,
};
pub use conversion::{cast, exact_number, sql_type};
pub use functions::{
    COLLECTION_HELP, call, collection_diagnostic, package_diagnostic, same_functions,
};
pub use query::Output;

/// How `:name` binds are resolved.
#[derive(Clone, Copy)]
pub enum Binds<'a> {
    /// Pipeline parameters: `:name` becomes the argument `p_name`.
    Params,
    /// Raw fields of a source record: `:field` becomes the column the callback names.
    Fields(&'a dyn Fn(&str) -> Option<String>),
    /// `eltc translate`: `:name` stays as written, a named parameter of the
    /// Redshift Data API (ExecuteStatement's `parameters`). Its type is
    /// unknown, so rewrites that need one raise their diagnostic.
    DataApi,
}

/// The state of one translation.
pub struct Translator<'a> {
    /// The tables, columns and parameters known.
    pub catalog: &'a dyn Catalog,
    /// The SQL text and where it is.
    pub source: SqlSource<'a>,
    /// True for `dialect: oracle` (rewrites and allow-lists apply).
    pub oracle: bool,
    /// How binds resolve.
    pub binds: Binds<'a>,
    /// Scopes and CTEs.
    pub env: Env,
    /// Diagnostics raised so far.
    pub diagnostics: Vec<Diagnostic>,
    /// Declared tables read, `schema.table`.
    pub reads: BTreeSet<String>,
    /// Byte range (in the SQL) of the statement being translated: the span of
    /// synthesized nodes, which have no position of their own.
    pub statement: Range<usize>,
    /// For each enclosing expression subquery (scalar, EXISTS, IN), the number
    /// of scopes outside it: a column of a block further out than the
    /// immediately enclosing one is a skip-level correlation, which Redshift
    /// rejects (<https://docs.aws.amazon.com/redshift/latest/dg/r_correlated_subqueries.html>).
    pub subquery_floors: Vec<usize>,
    /// Temp tables created by earlier statements of the same text (the
    /// staging tables of expanded MERGE / INSERT ALL): name -> columns.
    pub temps: BTreeMap<String, Vec<(String, Info)>>,
    /// Sequences declared by CREATE SEQUENCE earlier in the text (lower case,
    /// as written), so NEXTVAL on them gets IDENTITY guidance.
    pub sequences: BTreeSet<String>,
    /// True while translating SQL eltc composed or built itself (the
    /// expansions of MERGE and INSERT ALL): its nodes carry positions in the
    /// composed text, none, or those of the nodes they were cloned from, so
    /// diagnostics point at the statement.
    pub synthetic: bool,
    /// True for `eltc translate`: tables not declared are read as relations
    /// with unknown columns instead of raising `spec::unknown-table`.
    pub open_world: bool,
    /// True for a statement of a script translated on its own (not inside a
    /// procedure or a pipeline's batch): it runs in its own transaction, so
    /// TRUNCATE, COMMIT and ROLLBACK keep their script meaning.
    pub script_statement: bool,
    /// `eltc translate --schema NAME`: in the open world, a table written
    /// without a schema (and not a CTE, staging or declared table) is
    /// printed as `NAME.table`.
    pub default_schema: Option<String>,
    /// Names given so far to unnamed subqueries in FROM (`eltc_subquery_<n>`).
    pub derived_aliases: usize,
    /// The variables of an enclosing PL/SQL unit, consulted for a name that
    /// is not a column (Oracle's rule inside SQL: a column wins).
    pub variables: Option<&'a dyn Variables>,
    /// True when every TIMESTAMP value stands for an Oracle DATE (whole
    /// seconds: Oracle DDL mapped by `ddl`, with no Oracle TIMESTAMP in the
    /// inputs), so `ts ± n` adds whole days as Oracle does.
    pub timestamps_are_dates: bool,
    /// Data API binds (`eltc translate`) whose uses fix a type: those found
    /// so far in the statement (`binds`).
    pub bind_uses: Vec<BindUse>,
    /// The types the binds are translated with: none, or what an earlier
    /// translation of the same statement inferred (`binds::infer`).
    pub bind_types: BTreeMap<String, BindUse>,
}

/// The names of an enclosing procedural scope (PL/SQL parameters, locals,
/// loop records and their fields, package constants) that SQL may read.
pub trait Variables {
    /// What `parts` (lower case: `["v_rows"]`, `["r", "store_id"]`,
    /// `["pkg", "c_max"]`) names when no column answers to it: the
    /// expression that replaces it (already Redshift SQL) and its type.
    fn resolve(&self, parts: &[&str]) -> Option<(sqlparser::ast::Expr, Info)>;

    /// True when a variable is written `name` in the output, so that an
    /// unqualified column `name` would be ambiguous there (PL/pgSQL cannot
    /// tell the two apart): the column gets its relation's qualifier.
    fn shadows(&self, name: &str) -> bool;

    /// True when `name` (lower case) is a collection variable: its elements
    /// (`name(i)`, `name(i).field`) have no Redshift form.
    fn is_collection(&self, name: &str) -> bool {
        let _ = name;
        false
    }
}

impl<'a> Translator<'a> {
    /// A translator for `source`.
    pub fn new(
        catalog: &'a dyn Catalog,
        source: SqlSource<'a>,
        oracle: bool,
        binds: Binds<'a>,
    ) -> Self {
        let statement = 0..source.text.len();
        Self {
            catalog,
            source,
            oracle,
            binds,
            env: Env::default(),
            diagnostics: Vec::new(),
            reads: BTreeSet::new(),
            statement,
            subquery_floors: Vec::new(),
            temps: BTreeMap::new(),
            sequences: BTreeSet::new(),
            synthetic: false,
            open_world: false,
            script_statement: false,
            default_schema: None,
            derived_aliases: 0,
            variables: None,
            timestamps_are_dates: false,
            bind_uses: Vec::new(),
            bind_types: BTreeMap::new(),
        }
    }

    /// The file span of an AST node, or of the statement when it has none.
    pub fn span_of(&self, node: &impl Spanned) -> Span {
        if self.synthetic {
            return self.source.range(self.statement.clone());
        }
        self.source
            .span(node.span())
            .unwrap_or_else(|| self.source.range(self.statement.clone()))
    }

    /// Records a diagnostic, once: the statements of an expansion (MERGE,
    /// INSERT ALL) share the span of the statement they came from, so a
    /// problem of its source would otherwise be told once per statement.
    pub fn report(&mut self, diagnostic: Diagnostic) {
        if diagnostic.is_error() && self.encloses_an_error(&diagnostic) {
            return;
        }
        if !self.diagnostics.contains(&diagnostic) {
            self.diagnostics.push(diagnostic);
        }
    }

    /// True when `diagnostic` covers an expression that holds an error
    /// already reported: the outer refusal (an operand "of unknown type",
    /// a function "with these arguments") is that error's consequence, and
    /// the statement is refused anyway. One cause, one diagnostic.
    fn encloses_an_error(&self, diagnostic: &Diagnostic) -> bool {
        let outer = &diagnostic.primary.span;
        self.diagnostics.iter().any(|d| {
            let inner = &d.primary.span;
            d.is_error()
                && inner.file == outer.file
                && inner.range != outer.range
                && outer.range.start <= inner.range.start
                && inner.range.end <= outer.range.end
        })
    }

    /// Records a refusal with `code`, the construct's own code, at `node`.
    pub fn unsupported(
        &mut self,
        code: Code,
        node: &impl Spanned,
        message: impl Into<String>,
        help: impl Into<String>,
    ) {
        let span = self.span_of(node);
        self.report(
            Diagnostic::new(code, span, message)
                .label("not translated")
                .help(help),
        );
    }

    /// Records `translate::operand-type-unknown` at `node`.
    pub fn unknown_type(
        &mut self,
        node: &impl Spanned,
        message: impl Into<String>,
        help: impl Into<String>,
    ) {
        let span = self.span_of(node);
        self.report(
            Diagnostic::new(Code::OperandTypeUnknown, span, message)
                .label("type unknown")
                .help(help),
        );
    }

    /// True when an error was raised.
    pub fn failed(&self) -> bool {
        self.diagnostics.iter().any(Diagnostic::is_error)
    }

    /// The number of errors raised so far: a rewrite compares it before and
    /// after translating an operand, so that an operand already refused is
    /// not reported again as "of unknown type" (one cause, one diagnostic).
    pub fn error_count(&self) -> usize {
        self.diagnostics.iter().filter(|d| d.is_error()).count()
    }
}

/// Result of translating an expression: its [`Info`].
pub type Typed = Info;

#[cfg(test)]
mod expand_tests;
#[cfg(test)]
mod tests;
