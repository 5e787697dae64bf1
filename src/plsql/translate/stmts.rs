//! Blocks and control flow: assignment, IF / ELSIF / ELSE, the CASE
//! statement, LOOP / EXIT / CONTINUE, WHILE, numeric FOR (REVERSE too),
//! RETURN, nested blocks and labels; every other statement is handed to its
//! module. PL/pgSQL has each of these with Oracle's meaning (docs/redshift.md#plpgsql-statements); the differences kept in mind: PL/pgSQL's `FOR i IN REVERSE a .. b`
//! counts from `a` down to `b` (the printer swaps Oracle's bounds), the loop
//! record of a cursor FOR loop must be declared (RECORD), and a CASE without
//! ELSE raises CASE_NOT_FOUND in both. GOTO has no PL/pgSQL equivalent.

use sqlparser::ast::Expr;

use super::Ctx;
use super::scope::{VarKind, ident};
use crate::diag::{Code, Diagnostic};
use crate::plsql::ast::{self, Stmt, StmtKind};
use crate::plsql::pgsql;
use crate::sql::typing::{Info, Ty};

/// What stands in the output for a statement that was not translated: a
/// `RAISE EXCEPTION` with the code and message of its first error.
pub fn not_translated(error: &Diagnostic) -> pgsql::Stmt {
    let message = format!(
        "eltc: not translated ({}): {}",
        error.code.name(),
        error.message
    );
    pgsql::Stmt::Raise {
        level: pgsql::RaiseLevel::Exception,
        // A literal format: every `%` would take an argument.
        format: message.replace('%', "%%"),
        args: Vec::new(),
    }
}

/// A label's PL/pgSQL spelling.
pub fn label_of(name: &ast::Name) -> String {
    name.text.to_lowercase()
}

impl Ctx<'_> {
    /// A block: its declarations, statements and handlers.
    pub fn block(&mut self, block: &ast::Block, label: Option<String>) -> pgsql::Block {
        let mut label = block.label.as_ref().map(label_of).or(label);
        if let Some(label) = &label {
            self.scope.reserve(label);
        }
        self.scope.push(label.clone());
        self.block_decls.push(Vec::new());
        let mut decls = self.decls(&block.decls);
        self.enter_handlers(block, &mut label);
        let body = self.stmts(&block.body);
        let handler = self.leave_handlers(block);
        decls.extend(self.block_decls.pop().unwrap_or_default());
        self.scope.pop();
        pgsql::Block {
            label,
            decls,
            body,
            handler,
        }
    }

    /// Statements in order, with their comments. A statement that raised an
    /// error of its own (not one of a nested statement, which is replaced
    /// where it stands) becomes a `RAISE EXCEPTION` naming what was not
    /// translated: the partial output of a refused unit must fail at that
    /// point if it is ever run, never run a placeholder (a NULL argument, an
    /// `EXIT WHEN NULL` that never exits, a dropped statement).
    pub fn stmts(&mut self, stmts: &[Stmt]) -> Vec<pgsql::Stmt> {
        let mut out = Vec::new();
        for stmt in stmts {
            for comment in &stmt.comments {
                out.push(pgsql::Stmt::Comment(comment.text.clone()));
            }
            let errors = self.diagnostics.len();
            let replaced = self.replaced_errors;
            let mut translated = Vec::new();
            self.stmt(stmt, &mut translated);
            let new_errors: Vec<&Diagnostic> = self.diagnostics[errors..]
                .iter()
                .filter(|d| d.is_error())
                .collect();
            let own = new_errors.len() - (self.replaced_errors - replaced);
            match new_errors.first() {
                Some(first) if own > 0 => {
                    out.push(not_translated(first));
                    self.replaced_errors += own;
                }
                _ => out.extend(translated),
            }
        }
        out
    }

    fn stmt(&mut self, stmt: &Stmt, out: &mut Vec<pgsql::Stmt>) {
        let label = stmt.label.as_ref().map(label_of);
        if let Some(label) = &label {
            self.scope.reserve(label);
        }
        match &stmt.kind {
            StmtKind::Null => out.push(pgsql::Stmt::Null),
            StmtKind::Assign { target, value } => self.assign(target, value, out),
            StmtKind::If { .. }
            | StmtKind::Case { .. }
            | StmtKind::Loop { .. }
            | StmtKind::While { .. }
            | StmtKind::ForRange { .. } => self.control(stmt, label, out),
            StmtKind::ForQuery {
                record,
                source,
                body,
            } => self.for_query(stmt, label, record, source, body, out),
            StmtKind::ForAll {
                index,
                bounds,
                statement,
            } => self.forall(stmt, index, bounds, statement, out),
            StmtKind::Exit { label, when } => {
                let when = when.as_ref().map(|w| self.condition(w));
                out.push(pgsql::Stmt::Exit {
                    label: label.as_ref().map(label_of),
                    when,
                });
            }
            StmtKind::Continue { label, when } => {
                let when = when.as_ref().map(|w| self.condition(w));
                out.push(pgsql::Stmt::Continue {
                    label: label.as_ref().map(label_of),
                    when,
                });
            }
            StmtKind::Return { value } => self.return_stmt(stmt, value.as_ref(), out),
            StmtKind::Goto { .. } => self.unsupported(Code::PlsqlGoto,
                &stmt.range,
                "GOTO",
                "PL/pgSQL has no GOTO: restructure with IF, loops and EXIT",
            ),
            StmtKind::Raise { exception } => self.raise(stmt, exception.as_ref(), out),
            StmtKind::Call { name, args } => self.call(stmt, name, args, out),
            StmtKind::Sql { sql, into, .. } => {
                self.sql_stmt(stmt, sql, into.as_ref(), out);
            }
            StmtKind::ExecuteImmediate { sql, into, using } => {
                self.execute_immediate(stmt, sql, into.as_ref(), using, out);
            }
            StmtKind::Open {
                cursor,
                args,
                query,
                dynamic,
            } => self.open(stmt, cursor, args, query.as_ref(), dynamic.as_ref(), out),
            StmtKind::Fetch {
                cursor,
                into,
                limit,
            } => self.fetch(stmt, cursor, into, limit.as_ref(), out),
            StmtKind::Close { cursor } => self.close(stmt, cursor, out),
            StmtKind::Commit => self.commit(stmt),
            StmtKind::Rollback { to_savepoint } => {
                self.rollback(stmt, to_savepoint.as_ref());
            }
            StmtKind::PipeRow { .. } => {
                let span = self.span(&stmt.range);
                self.report(
                    Diagnostic::new(
                        Code::PlsqlPipelined,
                        span,
                        "PIPE ROW: Redshift has no pipelined (table) functions",
                    )
                    .label("returns a row to the caller's query")
                    .help("have a procedure fill a table (or open a refcursor INOUT argument) with the rows, and read that instead of TABLE(f(...))"),
                );
            }
            StmtKind::Savepoint { .. } => self.unsupported(Code::PlsqlSavepoint,
                &stmt.range,
                "SAVEPOINT",
                "Redshift has no savepoints (https://docs.aws.amazon.com/redshift/latest/dg/c_unsupported-postgresql-features.html): split the work into separate batches",
            ),
            StmtKind::Block(block) => {
                let block = self.block(block, label);
                out.push(pgsql::Stmt::Block(block));
            }
        }
    }

    /// IF, CASE, LOOP, WHILE, numeric FOR.
    fn control(&mut self, stmt: &Stmt, label: Option<String>, out: &mut Vec<pgsql::Stmt>) {
        match &stmt.kind {
            StmtKind::If {
                branches,
                otherwise,
            } => {
                let branches = branches
                    .iter()
                    .map(|b| (self.condition(&b.condition), self.stmts(&b.body)))
                    .collect();
                let otherwise = otherwise.as_ref().map(|o| self.stmts(o));
                out.push(pgsql::Stmt::If {
                    branches,
                    otherwise,
                });
            }
            StmtKind::Case {
                selector,
                whens,
                otherwise,
            } => {
                let selector = selector.as_ref().map(|s| self.expr(s).0);
                let whens = whens
                    .iter()
                    .map(|b| (self.expr(&b.condition).0, self.stmts(&b.body)))
                    .collect();
                let otherwise = otherwise.as_ref().map(|o| self.stmts(o));
                out.push(pgsql::Stmt::Case {
                    selector,
                    whens,
                    otherwise,
                });
            }
            StmtKind::Loop { body } => {
                let body = self.loop_body(body);
                out.push(pgsql::Stmt::Loop { label, body });
            }
            StmtKind::While { condition, body } => {
                let condition = self.condition(condition);
                let body = self.loop_body(body);
                out.push(pgsql::Stmt::While {
                    label,
                    condition,
                    body,
                });
            }
            StmtKind::ForRange {
                index,
                reverse,
                low,
                high,
                body,
            } => {
                let low = self.expr(low).0;
                let high = self.expr(high).0;
                self.scope.push(None);
                let index = self.scope.declare(
                    &index.text.to_lowercase(),
                    VarKind::Value {
                        ty: None,
                        info: Info::new(Ty::Integer, false),
                        read_only: true,
                    },
                );
                let body = self.loop_body(body);
                self.scope.pop();
                out.push(pgsql::Stmt::ForRange {
                    label,
                    index,
                    reverse: *reverse,
                    low,
                    high,
                    body,
                });
            }
            _ => {}
        }
    }

    /// The statements of a loop (SQL% attributes read in a loop may
    /// describe a statement later in its body, run on the previous turn).
    pub fn loop_body(&mut self, body: &[Stmt]) -> Vec<pgsql::Stmt> {
        self.loop_depth += 1;
        let out = self.stmts(body);
        self.loop_depth -= 1;
        out
    }

    /// A condition (IF, WHILE, EXIT WHEN): a boolean expression.
    pub fn condition(&mut self, text: &ast::ExprText) -> Expr {
        let (expr, info) = self.expr(text);
        if !matches!(info.ty, Ty::Boolean | Ty::Unknown | Ty::Null) {
            let span = self.span(&text.range);
            self.report(
                Diagnostic::new(
                    Code::ImplicitConversion,
                    span,
                    format!("a condition that is {}", info.ty.describe()),
                )
                .label("not a boolean")
                .help("write a comparison"),
            );
        }
        expr
    }

    /// `target := value;`
    fn assign(
        &mut self,
        target: &ast::ExprText,
        value: &ast::ExprText,
        out: &mut Vec<pgsql::Stmt>,
    ) {
        if self.function_assignment(target, value, out) {
            return;
        }
        let range = value.range.clone();
        let (value, info) = self.expr(value);
        let Some((target, target_info)) = self.target(target) else {
            return;
        };
        self.check_assignment(&range, &target, target_info, info);
        out.push(pgsql::Stmt::Assign { target, value });
    }

    /// An assignment target (a variable, `record.field`, an OUT parameter):
    /// its PL/pgSQL form and type; `None` after a diagnostic.
    pub fn target(&mut self, text: &ast::ExprText) -> Option<(Expr, Info)> {
        let parsed = self.parse_expr(text)?;
        let parts: Vec<String> = match &parsed {
            Expr::Identifier(i) => vec![i.value.to_lowercase()],
            Expr::CompoundIdentifier(parts) => {
                parts.iter().map(|p| p.value.to_lowercase()).collect()
            }
            _ => {
                // `v(i) := ...` can only be an element of a collection (a
                // function result cannot be assigned), declared here or not.
                if let Some(name) = element_of(&parsed) {
                    self.collection_refused(
                        &text.range,
                        &format!("an element of the collection `{name}` assigned"),
                    );
                    return None;
                }
                self.unsupported(
                    Code::PlsqlStatementForm,
                    &text.range,
                    "this assignment target",
                    "assign a variable or a record field",
                );
                return None;
            }
        };
        let found = self
            .scope
            .get(&parts[0])
            .map(|v| (v.pg.clone(), v.kind.clone()));
        match (found, parts.as_slice()) {
            (
                Some((
                    pg,
                    VarKind::Value {
                        info,
                        read_only: false,
                        ..
                    },
                )),
                [_],
            ) => Some((Expr::Identifier(ident(&pg)), info)),
            (Some((pg, VarKind::Record { fields })), [_, field]) => {
                let info = fields
                    .as_ref()
                    .and_then(|f| f.iter().find(|(n, _)| n == field).map(|(_, i)| *i))
                    .unwrap_or_else(Info::unknown);
                Some((
                    Expr::CompoundIdentifier(vec![ident(&pg), ident(field)]),
                    info,
                ))
            }
            (found, _) => {
                let read_only = matches!(
                    found,
                    Some((
                        _,
                        VarKind::Value {
                            read_only: true,
                            ..
                        }
                    ))
                );
                self.refuse_target(&text.range, &parts, read_only);
                None
            }
        }
    }

    /// Why `parts` cannot be assigned.
    fn refuse_target(&mut self, range: &std::ops::Range<usize>, parts: &[String], read_only: bool) {
        let span = self.span(range);
        let name = parts.join(".");
        let diagnostic = if read_only {
            Diagnostic::new(
                Code::PlsqlStatementForm,
                span,
                format!("`{name}` is a constant or an IN parameter"),
            )
            .label("not assignable")
            .help("Oracle rejects this assignment too: assign a local variable")
        } else if self.is_package_variable(parts) {
            Diagnostic::new(Code::PlsqlPackageState, span, format!("package variable `{name}` is assigned"))
                .label("state kept between calls")
                .help("Redshift has no package state: pass the value as a parameter, or keep it in a table")
        } else {
            Diagnostic::new(
                Code::PlsqlUnknownName,
                span,
                format!("`{name}` is not a declared variable"),
            )
            .label("unknown target")
            .help("declare the variable")
        };
        self.report(diagnostic);
    }

    /// True when `parts` names a package variable that carries state.
    fn is_package_variable(&self, parts: &[String]) -> bool {
        let Some(package) = &self.scope.package else {
            return false;
        };
        parts
            .last()
            .is_some_and(|name| package.variables.contains(name))
    }

    /// Records the assigned type (NUMBER refinement) and refuses
    /// assignments that rely on Oracle's implicit conversions between text
    /// and dates (NLS_DATE_FORMAT) or from decimals to text (TO_CHAR's
    /// rules: 0.5 -> '.5').
    pub fn check_assignment(
        &mut self,
        range: &std::ops::Range<usize>,
        target: &Expr,
        target_info: Info,
        info: Info,
    ) {
        if let Expr::Identifier(name) = target {
            self.learn_assignment(&name.value, info);
        }
        let to_text = target_info.ty == Ty::Text
            && (info.ty.is_datetime() || matches!(info.ty, Ty::Exact | Ty::Float));
        let dates = (info.ty == Ty::Text && target_info.ty.is_datetime())
            || (target_info.ty == Ty::Text && info.ty.is_datetime());
        if to_text || dates {
            let span = self.span(range);
            self.report(
                Diagnostic::new(
                    Code::ImplicitConversion,
                    span,
                    format!("assigning {} to a variable that is {} is not translated", info.ty.describe(), target_info.ty.describe()),
                )
                .label("implicit conversion")
                .help("Oracle converts with its own rules (NLS_DATE_FORMAT, 0.5 -> '.5'): convert explicitly with TO_CHAR(x, 'format') or TO_DATE(text, 'format')"),
            );
        }
    }

    fn return_stmt(
        &mut self,
        stmt: &Stmt,
        value: Option<&ast::ExprText>,
        out: &mut Vec<pgsql::Stmt>,
    ) {
        match (value, &self.sig.result) {
            (Some(value), Some(result)) => {
                let (value, _) = self.expr(value);
                out.push(pgsql::Stmt::Assign {
                    target: Expr::Identifier(ident(&result.name)),
                    value,
                });
                out.push(pgsql::Stmt::Return);
            }
            (None, None) => out.push(pgsql::Stmt::Return),
            _ => self.unsupported(
                Code::PlsqlStatementForm,
                &stmt.range,
                "this RETURN",
                "a procedure returns no value, a function returns one",
            ),
        }
    }
}

/// The collection `v` (or `pkg.v`) of an element target `v(i)` or
/// `v(i).field`, lower case.
fn element_of(target: &Expr) -> Option<String> {
    let call = match target {
        Expr::CompoundFieldAccess { root, .. } => root.as_ref(),
        other => other,
    };
    let Expr::Function(function) = call else {
        return None;
    };
    let parts: Vec<String> = function
        .name
        .0
        .iter()
        .filter_map(|part| part.as_ident().map(|i| i.value.to_lowercase()))
        .collect();
    (!parts.is_empty()).then(|| parts.join("."))
}
