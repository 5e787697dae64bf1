//! Embedded SQL statements: parsed by sqlparser's Oracle dialect (a
//! SELECT's PL/SQL `INTO` blanked out first, offsets kept), translated by
//! the SQL layer with the routine's names in scope, emitted in order.
//!
//! SQL%ROWCOUNT: when the routine reads SQL%ROWCOUNT, %FOUND or %NOTFOUND,
//! every DML statement is followed by `GET DIAGNOSTICS eltc_sql_rowcount :=
//! ROW_COUNT`; a statement the layer expands into several (MERGE, INSERT
//! ALL) sums the counts of the parts that write the target (MERGE: the
//! UPDATE and the INSERT, Oracle's "rows merged"; its DELETE WHERE removes
//! rows the UPDATE counted). A SELECT INTO that passed its checks counts 1.
//! Read right after a procedure call (Oracle's attribute then describes the
//! callee's last statement) it is refused.

use std::ops::Range;

use sqlparser::ast::{Expr, Ident, Statement};

use super::Ctx;
use super::expr::{has_bind, translator};
use super::scope::Lookup;
use crate::diag::{Code, Diagnostic};
use crate::plsql::ast::{self, SqlText, Stmt};
use crate::plsql::pgsql::{self, Type};
use crate::spec::model::{DataType, Dialect};
use crate::sql::oracle_clauses::untranslated_kind_of_text;
use crate::sql::parse::{ParsedStatement, parse_statements};
use crate::sql::span::SqlSource;
use crate::sql::typing::Ty;

/// SQL text to parse: the unit's text with PL/SQL parts blanked, or text
/// eltc composed (dynamic SQL), whose positions are not the file's.
pub struct Piece {
    /// The text.
    pub text: String,
    /// File offset of its first byte.
    pub base: usize,
    /// True for composed text: diagnostics point at the statement.
    pub synthetic: bool,
    /// The statement in the unit, for synthetic text.
    pub range: Range<usize>,
}

impl Ctx<'_> {
    /// The text of `sql` with its blanked ranges replaced by spaces.
    pub fn piece(&self, sql: &SqlText) -> Piece {
        let mut text = self.src.text[sql.range.clone()].as_bytes().to_vec();
        for blank in &sql.blanked {
            let start = blank.start.saturating_sub(sql.range.start);
            let end = blank.end.saturating_sub(sql.range.start).min(text.len());
            for byte in &mut text[start.min(end)..end] {
                *byte = b' ';
            }
        }
        Piece {
            // Whole characters are blanked (the INTO clause), so the bytes stay UTF-8.
            text: String::from_utf8(text)
                .unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned()),
            base: self.src.base + sql.range.start,
            synthetic: false,
            range: sql.range.clone(),
        }
    }

    /// The one statement of a piece; `None` after a diagnostic.
    pub fn parse_piece(&mut self, piece: &Piece) -> Option<ParsedStatement> {
        // Index, synonym and trigger DDL is refused as DDL in a routine,
        // whether or not sqlparser reads its Oracle-only clauses.
        if let Some(kind) = untranslated_kind_of_text(&piece.text) {
            self.ddl_in_routine(&piece.range, kind.name);
            return None;
        }
        let source = SqlSource::new(self.src.file, piece.base, &piece.text);
        let (mut parsed, diagnostics) = parse_statements(&source, Dialect::Oracle);
        if piece.synthetic {
            let span = self.span(&piece.range);
            self.diagnostics
                .extend(diagnostics.into_iter().map(|mut d| {
                    d.primary.span = span.clone();
                    d
                }));
        } else {
            self.diagnostics.extend(diagnostics);
        }
        match parsed.len() {
            1 => parsed.pop(),
            0 => None,
            _ => {
                let span = self.span(&piece.range);
                self.report(
                    Diagnostic::new(Code::SqlParse, span, "one statement expected")
                        .label("several statements")
                        .help("end each statement with `;` in the unit"),
                );
                None
            }
        }
    }

    /// An embedded statement (`StmtKind::Sql`).
    pub fn sql_stmt(
        &mut self,
        stmt: &Stmt,
        sql: &SqlText,
        into: Option<&ast::Into>,
        out: &mut Vec<pgsql::Stmt>,
    ) {
        let piece = self.piece(sql);
        let Some(parsed) = self.parse_piece(&piece) else {
            return;
        };
        let targets = into.map(|i| (i.targets.clone(), i.bulk));
        self.embedded(&stmt.range, &piece, parsed, targets, out);
    }

    /// A parsed statement of `piece`, with its INTO targets (and BULK).
    pub fn embedded(
        &mut self,
        range: &Range<usize>,
        piece: &Piece,
        parsed: ParsedStatement,
        into: Option<(Vec<ast::ExprText>, bool)>,
        out: &mut Vec<pgsql::Stmt>,
    ) {
        let ParsedStatement {
            mut statement,
            range: local,
        } = parsed;
        if has_bind(&mut statement) {
            self.bind_refused(range);
        }
        match statement {
            Statement::Query(query) => match into {
                Some((targets, bulk)) => {
                    self.select_into(range, piece, &local, query, &targets, bulk, out)
                }
                None => self.unsupported(
                    Code::PlsqlStatementForm,
                    range,
                    "a SELECT without INTO",
                    "PL/SQL requires INTO: select into variables, or loop over the query",
                ),
            },
            Statement::Truncate(truncate) => {
                for target in &truncate.table_names {
                    if let Some(delete) = self.truncate_to_delete(range, &target.name) {
                        self.dml(range, piece, &local, delete, out);
                    }
                }
            }
            statement @ (Statement::Insert(_)
            | Statement::Update(_)
            | Statement::Delete(_)
            | Statement::Merge(_)) => {
                if into.is_some() {
                    self.unsupported(
                        Code::PlsqlReturningInto,
                        range,
                        "RETURNING ... INTO",
                        "Redshift has no RETURNING: select the values in a separate statement",
                    );
                    return;
                }
                self.dml(range, piece, &local, statement, out);
            }
            other => {
                let kind = other
                    .to_string()
                    .split_whitespace()
                    .take(2)
                    .collect::<Vec<_>>()
                    .join(" ")
                    .to_uppercase();
                self.ddl_in_routine(range, &kind);
            }
        }
    }

    /// Refuses DDL (`kind`: its first words) inside a routine.
    fn ddl_in_routine(&mut self, range: &Range<usize>, kind: &str) {
        self.unsupported(
            Code::PlsqlDdl,
            range,
            &format!("`{kind}` in a routine"),
            "DDL inside PL/SQL commits in Oracle, and a batch is one transaction on Redshift: run it outside the batch (Redshift has no indexes to drop and rebuild)",
        );
    }

    /// A translator for `piece` with the routine's names.
    fn with_translator<T>(
        &mut self,
        piece: &Piece,
        local: &Range<usize>,
        f: impl FnOnce(&mut crate::sql::translate::Translator<'_>) -> T,
    ) -> T {
        let temps = self.bulk_temps.clone();
        self.with_translator_temps(piece, local, temps, f)
    }

    /// [`Self::with_translator`] knowing the staging tables `temps`.
    pub fn with_translator_temps<T>(
        &mut self,
        piece: &Piece,
        local: &Range<usize>,
        temps: std::collections::BTreeMap<String, Vec<(String, crate::sql::typing::Info)>>,
        f: impl FnOnce(&mut crate::sql::translate::Translator<'_>) -> T,
    ) -> T {
        let source = SqlSource::new(self.src.file, piece.base, &piece.text);
        let lookup = Lookup { scope: &self.scope };
        let mut translator = translator(self.world, source, &lookup, self.sig.owner.as_deref());
        translator.temps = temps;
        translator.statement = local.clone();
        translator.synthetic = piece.synthetic;
        translator.sequences = self.world.sequences.keys().cloned().collect();
        let result = f(&mut translator);
        let mut diagnostics = std::mem::take(&mut translator.diagnostics);
        drop(translator);
        if piece.synthetic {
            let span = self.span(&piece.range);
            for d in &mut diagnostics {
                d.primary.span = span.clone();
            }
        }
        self.diagnostics.extend(diagnostics);
        result
    }

    /// Translates a query of `piece` (rewritten first); its output columns.
    pub fn query(
        &mut self,
        range: &Range<usize>,
        piece: &Piece,
        local: &Range<usize>,
        query: &mut sqlparser::ast::Query,
    ) -> Vec<crate::sql::translate::Output> {
        self.rewrite_plsql(range, query);
        self.with_translator(piece, local, |t| t.query(query))
    }

    /// INSERT, UPDATE, DELETE, MERGE.
    fn dml(
        &mut self,
        range: &Range<usize>,
        piece: &Piece,
        local: &Range<usize>,
        mut statement: Statement,
        out: &mut Vec<pgsql::Stmt>,
    ) {
        self.rewrite_plsql(range, &mut statement);
        if let Statement::Insert(insert) = &mut statement {
            self.sequence_identity(range, insert);
            self.duplicate_checks(range, piece, insert, out);
        }
        let merge = matches!(statement, Statement::Merge(_));
        let statements = self.with_translator(piece, local, |t| t.statements(statement));
        self.emit_dml(range.start, statements, merge, out);
    }

    /// Whether the statement at `key` (its offset) may be the one a later
    /// SQL% attribute describes: the previous pass saw a read follow it
    /// before any other statement, or it is in a loop (a read earlier in the
    /// loop body sees it on the next iteration), or a read had no statement
    /// before it. It becomes the statement SQL% describes from here.
    pub fn rowcount_read(&mut self, key: usize) -> bool {
        self.after_call = false;
        self.last_sql = Some(key);
        self.facts.sql_attributes
            && (self.loop_depth > 0 || self.facts.all_read || self.facts.read.contains(&key))
    }

    /// Emits statements, each DML one followed by its row count when SQL%
    /// attributes may read it.
    pub fn emit_dml(
        &mut self,
        key: usize,
        statements: Vec<Statement>,
        merge: bool,
        out: &mut Vec<pgsql::Stmt>,
    ) {
        let track = self.rowcount_read(key);
        let mut counted = 0;
        for statement in statements {
            let counts = crate::sql::rowcount::counts_rows(&statement, merge);
            out.push(pgsql::Stmt::Sql(Box::new(statement)));
            if !(track && counts) {
                continue;
            }
            let total = self.hidden("eltc_sql_rowcount", Type::Data(DataType::BigInt));
            if counted == 0 {
                out.push(pgsql::Stmt::RowCount { target: total });
            } else {
                let part = self.hidden("eltc_sql_part", Type::Data(DataType::BigInt));
                out.push(pgsql::Stmt::RowCount {
                    target: part.clone(),
                });
                out.push(pgsql::Stmt::Assign {
                    target: Expr::Identifier(Ident::new(&total)),
                    value: super::expr::binary(
                        Expr::Identifier(Ident::new(&total)),
                        sqlparser::ast::BinaryOperator::Plus,
                        Expr::Identifier(Ident::new(part)),
                    ),
                });
            }
            counted += 1;
        }
    }

    /// Sets SQL%ROWCOUNT to `n` (after a SELECT INTO) when it is read.
    pub fn set_rowcount(&mut self, key: usize, n: i64, out: &mut Vec<pgsql::Stmt>) {
        if !self.rowcount_read(key) {
            return;
        }
        let total = self.hidden_var(
            "eltc_sql_rowcount",
            Type::Data(DataType::BigInt),
            Ty::Integer,
        );
        out.push(pgsql::Stmt::Assign {
            target: total,
            value: Expr::value(sqlparser::ast::Value::Number(n.to_string(), false)),
        });
    }
}
