//! The translation of PL/SQL units into [`pgsql`](super::pgsql) procedures.
//!
//! A run sees every unit at once ([`World`]): the tables (declared by the
//! pipeline, or created by the inputs' DDL), the sequences, and the
//! signature of every routine (packages flattened into `schema.pkg_proc`),
//! so that a call can be checked, its defaults filled and its overload
//! chosen. Each routine is then translated on its own ([`Ctx`]), in passes:
//! those before the last only learn facts the last needs before it reaches
//! them (which unconstrained NUMBER locals hold integers only, which cursor
//! attributes are read), and their diagnostics are dropped.
//!
//! One concern per module: `scope` (names), `types`, `decls`, `stmts`
//! (control flow), `expr` (PL/SQL expressions through the SQL layer), `sql`
//! (embedded statements, SQL%ROWCOUNT), `select_into` (NO_DATA_FOUND /
//! TOO_MANY_ROWS checks), `exceptions`, `transactions`, `cursors`, `calls`
//! (procedures and built-in packages), `packages` (the world's signatures),
//! `functions`, `sequences`, `dynamic` (EXECUTE IMMEDIATE), `bulk` (BULK
//! COLLECT / FORALL) and `files` (the two entry points and the DDL).

mod bulk;
mod calls;
mod cursors;
mod ddl;
mod decls;
mod dynamic;
mod exceptions;
mod expr;
mod files;
mod functions;
mod keys;
mod packages;
mod scope;
mod select_into;
mod sequences;
mod sql;
mod stmts;
#[cfg(test)]
mod tests;
mod transactions;
mod types;
mod world;

use std::collections::{BTreeMap, BTreeSet};
use std::ops::Range;

use crate::diag::{Code, Diagnostic, FileId, Span};
use crate::plsql::ast;
use crate::plsql::pgsql::{self, Decl, DeclKind, Type};
use crate::sql::catalog::Tables;
use crate::sql::typing::Info;

pub(super) use files::{files, transform};
use packages::Sig;
use scope::Scope;

/// Where a unit's text is: `text` is the file's text from `base` on (a
/// transform's text is a slice of its file).
#[derive(Clone, Copy, Debug)]
pub struct Src<'a> {
    /// The file.
    pub file: FileId,
    /// The text the unit's ranges index.
    pub text: &'a str,
    /// Offset of `text` in the file.
    pub base: usize,
}

impl Src<'_> {
    /// The file span of a range of `text`.
    pub fn span(&self, range: &Range<usize>) -> Span {
        Span::new(self.file, self.base + range.start..self.base + range.end)
    }
}

/// A sequence created by the inputs.
#[derive(Clone, Debug)]
pub struct Sequence {
    /// START WITH.
    pub start: i64,
    /// INCREMENT BY.
    pub step: i64,
    /// Its CREATE SEQUENCE.
    pub span: Span,
}

/// Everything the routines of one run share.
pub struct World {
    /// Tables (declared by the pipeline, or created by the inputs).
    pub catalog: Tables,
    /// True for `eltc translate`: other tables exist, columns unknown.
    pub open: bool,
    /// `eltc translate --schema`: the schema of tables written without one.
    pub default_schema: Option<String>,
    /// Sequences created by the inputs, by lower-case name.
    pub sequences: BTreeMap<String, Sequence>,
    /// Every routine, packages flattened.
    pub sigs: Vec<Sig>,
    /// No Oracle TIMESTAMP anywhere in the inputs: every TIMESTAMP is a
    /// mapped Oracle DATE (see [`crate::sql::translate::Translator`]).
    pub timestamps_are_dates: bool,
}

/// A NEXTVAL that feeds a column: the column becomes IDENTITY.
#[derive(Clone, Debug)]
pub struct IdentityUse {
    /// The sequence, lower case.
    pub sequence: String,
    /// `schema.table`, lower case.
    pub table: String,
    /// The column.
    pub column: String,
    /// The INSERT.
    pub span: Span,
}

/// What the first pass learns for the second.
#[derive(Clone, Debug, Default)]
pub struct Facts {
    /// Values assigned to unconstrained NUMBER locals, by declaration offset.
    pub assigned: BTreeMap<usize, Vec<Info>>,
    /// `cursor%ATTRIBUTE` read, by cursor and attribute (lower case).
    pub cursor_attributes: BTreeSet<(String, String)>,
    /// SQL%ROWCOUNT / %FOUND / %NOTFOUND read somewhere in the routine.
    pub sql_attributes: bool,
    /// Unconstrained NUMBER locals taken for integers, by declaration
    /// offset (`None`: all of them, the first assumption).
    pub integers: Option<BTreeSet<usize>>,
    /// Statements (by offset) whose row count a SQL% attribute reads.
    pub read: BTreeSet<usize>,
    /// A SQL% attribute was read with no statement before it.
    pub all_read: bool,
}

/// What translating one routine produced besides its procedure.
pub struct RoutineOut {
    /// The procedure.
    pub procedure: crate::plsql::Procedure,
    /// Its diagnostics.
    pub diagnostics: Vec<Diagnostic>,
    /// NEXTVALs turned into IDENTITY columns.
    pub identity: Vec<IdentityUse>,
    /// True when it opens a cursor (a cursor loop or OPEN).
    pub opens_cursor: bool,
    /// Calls made while a cursor is open: callee's PostgreSQL name, where.
    pub calls_in_cursor: Vec<(String, Span)>,
    /// Procedures it calls (PostgreSQL names).
    pub calls: Vec<String>,
}

/// The translation state of one routine.
pub struct Ctx<'w> {
    /// The run's shared knowledge.
    pub world: &'w World,
    /// The text of the unit.
    pub src: Src<'w>,
    /// The routine's signature.
    pub sig: &'w Sig,
    /// Names in scope.
    pub scope: Scope,
    /// Diagnostics so far.
    pub diagnostics: Vec<Diagnostic>,
    /// Variables eltc needs (`eltc_...`), declared in the outermost block.
    pub hidden: Vec<Decl>,
    /// Their names, by the name asked for.
    pub hidden_names: BTreeMap<String, String>,
    /// What the first pass learnt (empty in the first pass).
    pub facts: Facts,
    /// What this pass learns.
    pub learned: Facts,
    /// Handlers of the enclosing blocks, innermost last.
    pub handlers: Vec<exceptions::HandlerFrame>,
    /// Cursors open at this point (static approximation), innermost last.
    pub open_cursors: Vec<String>,
    /// Labels given so far (`eltc_block_<n>`).
    pub labels: usize,
    /// NEXTVALs turned into IDENTITY.
    pub identity: Vec<IdentityUse>,
    /// The routine opens a cursor.
    pub opens_cursor: bool,
    /// Calls made while a cursor is open.
    pub calls_in_cursor: Vec<(String, Span)>,
    /// Declarations a block must add (loop records), innermost block last.
    pub block_decls: Vec<Vec<Decl>>,
    /// Unconstrained NUMBER locals: PL/pgSQL name -> declaration offset.
    pub number_decls: BTreeMap<String, usize>,
    /// Collection types declared (`TYPE t IS TABLE OF ...`), lower case.
    pub collection_types: BTreeSet<String>,
    /// REF CURSOR types declared, lower case.
    pub ref_cursor_types: BTreeSet<String>,
    /// Declared cursors, by PL/pgSQL name.
    pub cursors: BTreeMap<String, cursors::CursorDef>,
    /// Collections filled by BULK COLLECT, by PL/pgSQL name.
    pub bulk: BTreeMap<String, bulk::Bulk>,
    /// Their staging tables' columns, for the SQL layer.
    pub bulk_temps: BTreeMap<String, Vec<(String, Info)>>,
    /// The routine declares PRAGMA AUTONOMOUS_TRANSACTION.
    pub autonomous: bool,
    /// Inside a WHEN OTHERS handler that re-raises: a ROLLBACK there is
    /// what Redshift does anyway.
    pub rollback_ok: bool,
    /// Exceptions of the handlers being inlined, innermost last (bare RAISE).
    pub current_exc: Vec<exceptions::Exc>,
    /// For each handler being inlined, the index of its frame in `handlers`.
    pub handler_floor: Vec<usize>,
    /// Procedures called (PostgreSQL names).
    pub calls: Vec<String>,
    /// The last statement that ran SQL was a call: SQL% attributes would
    /// describe the callee's last statement, which eltc does not track.
    pub after_call: bool,
    /// The last statement SQL% attributes describe (its offset).
    pub last_sql: Option<usize>,
    /// Loops around the statement being translated.
    pub loop_depth: usize,
    /// Errors whose statement was replaced by a `RAISE EXCEPTION` (see
    /// `stmts::not_translated`), so an enclosing statement is kept.
    pub replaced_errors: usize,
}

impl<'w> Ctx<'w> {
    /// A context for the routine `sig` of `src`.
    pub fn new(world: &'w World, src: Src<'w>, sig: &'w Sig, facts: Facts) -> Self {
        let mut scope = Scope::with_package(sig.package_names.clone());
        // Names the body must not take for its variables.
        for reserved in ["found", "sqlstate", "sqlerrm"] {
            scope.reserve(reserved);
        }
        Self {
            world,
            src,
            sig,
            scope,
            diagnostics: Vec::new(),
            hidden: Vec::new(),
            hidden_names: BTreeMap::new(),
            facts,
            learned: Facts::default(),
            handlers: Vec::new(),
            open_cursors: Vec::new(),
            labels: 0,
            identity: Vec::new(),
            opens_cursor: false,
            calls_in_cursor: Vec::new(),
            block_decls: Vec::new(),
            number_decls: BTreeMap::new(),
            collection_types: BTreeSet::new(),
            ref_cursor_types: BTreeSet::new(),
            cursors: BTreeMap::new(),
            bulk: BTreeMap::new(),
            bulk_temps: BTreeMap::new(),
            autonomous: false,
            rollback_ok: false,
            current_exc: Vec::new(),
            handler_floor: Vec::new(),
            calls: Vec::new(),
            after_call: false,
            last_sql: None,
            loop_depth: 0,
            replaced_errors: 0,
        }
    }

    /// The file span of a range of the unit.
    pub fn span(&self, range: &Range<usize>) -> Span {
        self.src.span(range)
    }

    /// Records a diagnostic.
    pub fn report(&mut self, diagnostic: Diagnostic) {
        self.diagnostics.push(diagnostic);
    }

    /// Records a refusal of `what` with `code`, the construct's own code,
    /// at `range`.
    pub fn unsupported(&mut self, code: Code, range: &Range<usize>, what: &str, help: &str) {
        let span = self.span(range);
        self.report(
            Diagnostic::new(code, span, format!("{what} is not translated"))
                .label("not translated")
                .help(help),
        );
    }

    /// Records a `plsql::collection` error at `range`: `what` uses a
    /// collection element by element.
    pub fn collection_refused(&mut self, range: &Range<usize>, what: &str) {
        self.collection_refused_with(range, what, crate::sql::translate::COLLECTION_HELP);
    }

    /// As [`Ctx::collection_refused`], with a help line of its own.
    pub fn collection_refused_with(&mut self, range: &Range<usize>, what: &str, help: &str) {
        let span = self.span(range);
        self.report(crate::sql::translate::collection_diagnostic(
            span, what, help,
        ));
    }

    /// A variable eltc needs, declared once per routine in its outermost block.
    pub fn hidden(&mut self, name: &str, ty: Type) -> String {
        if let Some(pg) = self.hidden_names.get(name) {
            return pg.clone();
        }
        let pg = self.scope.fresh(name);
        self.hidden_names.insert(name.to_string(), pg.clone());
        self.hidden.push(Decl {
            name: pg.clone(),
            kind: DeclKind::Variable {
                ty,
                constant: false,
                not_null: false,
                default: None,
            },
            comments: Vec::new(),
        });
        pg
    }

    /// A fresh block or loop label.
    pub fn label(&mut self) -> String {
        self.labels += 1;
        let base = format!("eltc_block_{}", self.labels);
        self.scope.fresh(&base)
    }
}

/// Translates routine `sig` (its AST `routine`). Passes before the last
/// learn the facts: unconstrained NUMBER locals are first all taken for
/// integers, then only those whose every assignment was an integer under
/// the previous assumption, until the set no longer shrinks (sound: an
/// assumption every assignment keeps holds in every run).
pub fn routine<'w>(
    world: &'w World,
    src: Src<'w>,
    sig: &'w Sig,
    routine: &ast::Routine,
) -> RoutineOut {
    let mut facts = Facts::default();
    loop {
        let mut pass = Ctx::new(world, src, sig, facts.clone());
        let _ = pass.procedure(routine);
        let learned = pass.learned;
        let integers: BTreeSet<usize> = learned
            .assigned
            .iter()
            .filter(|(offset, infos)| {
                facts
                    .integers
                    .as_ref()
                    .is_none_or(|set| set.contains(offset))
                    && !infos.is_empty()
                    && infos.iter().all(|i| {
                        matches!(
                            i.ty,
                            crate::sql::typing::Ty::Integer | crate::sql::typing::Ty::Null
                        )
                    })
            })
            .map(|(offset, _)| *offset)
            .collect();
        let stable = facts.integers.as_ref() == Some(&integers);
        facts = Facts {
            integers: Some(integers),
            ..learned
        };
        if stable {
            break;
        }
    }
    let mut ctx = Ctx::new(world, src, sig, facts);
    let mut procedure = ctx.procedure(routine);
    // An error outside any statement (a declaration, a handler): the body
    // as a whole is not what Oracle runs, so it only raises.
    let mut errors = ctx.diagnostics.iter().filter(|d| d.is_error());
    if let Some(first) = errors.next()
        && 1 + errors.count() > ctx.replaced_errors
    {
        procedure.body = pgsql::Block {
            label: None,
            decls: Vec::new(),
            body: vec![stmts::not_translated(first)],
            handler: None,
        };
    }
    RoutineOut {
        procedure,
        diagnostics: ctx.diagnostics,
        identity: ctx.identity,
        opens_cursor: ctx.opens_cursor,
        calls_in_cursor: ctx.calls_in_cursor,
        calls: ctx.calls,
    }
}

/// The procedure's outermost block: parameters in scope, OUT parameters
/// set to NULL on entry (Oracle passes none in; INOUT would), hidden
/// variables declared.
impl Ctx<'_> {
    fn procedure(&mut self, routine: &ast::Routine) -> crate::plsql::Procedure {
        self.scope.push(None);
        let mut prologue = Vec::new();
        let mut params = Vec::new();
        for param in &self.sig.params {
            let pg = self.scope.declare(
                &param.name,
                scope::VarKind::Value {
                    ty: param.ty.clone(),
                    info: param.info,
                    read_only: param.mode == ast::ParamMode::In,
                },
            );
            if param.mode == ast::ParamMode::Out {
                prologue.push(pgsql::Stmt::Assign {
                    target: sqlparser::ast::Expr::Identifier(scope::ident(&pg)),
                    value: sqlparser::ast::Expr::value(sqlparser::ast::Value::Null),
                });
            }
            params.push(crate::plsql::ProcParam {
                name: pg,
                mode: match param.mode {
                    ast::ParamMode::In => crate::plsql::ParamMode::In,
                    _ => crate::plsql::ParamMode::InOut,
                },
                ty: param
                    .ty
                    .clone()
                    .unwrap_or(Type::Data(crate::spec::model::DataType::Varchar(65535))),
                default: param.default.clone(),
            });
        }
        if let Some(result) = &self.sig.result {
            self.scope.reserve(&result.name);
            params.push(crate::plsql::ProcParam {
                name: result.name.clone(),
                mode: crate::plsql::ParamMode::InOut,
                ty: result.ty.clone(),
                default: None,
            });
        }
        let mut body = self.block(&routine.body, None);
        body.body.splice(0..0, prologue);
        body.decls.extend(std::mem::take(&mut self.hidden));
        self.scope.pop();
        crate::plsql::Procedure {
            name: self.sig.pg.clone(),
            oracle_name: self.sig.oracle.clone(),
            params,
            body,
            public: self.sig.public,
            comments: self.sig.comments.clone(),
            span: self.sig.span.clone(),
        }
    }
}
