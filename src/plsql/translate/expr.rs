//! PL/SQL expressions: parsed by sqlparser's Oracle dialect, cursor
//! attributes and user functions rewritten, then translated by the SQL layer
//! with the routine's names in scope (so `TO_CHAR(p_day, 'YYYY-MM-DD')`
//! knows `p_day` is a date and NVL, DECODE, `||` keep Oracle's meaning).
//!
//! Cursor attributes read in sqlparser as `x % attr` (Oracle has no `%`
//! operator): `SQL%ROWCOUNT` becomes the variable the statements keep
//! (`GET DIAGNOSTICS`, see `sql`), `SQL%FOUND` / `%NOTFOUND` its comparison
//! with 0, `SQL%ISOPEN` FALSE (Oracle closes the implicit cursor at once);
//! an explicit cursor's `%FOUND`, `%NOTFOUND`, `%ROWCOUNT`, `%ISOPEN` the
//! variables its FETCH, OPEN and CLOSE keep (see `cursors`).

use std::ops::{ControlFlow, Range};

use sqlparser::ast::{
    BinaryOperator, Expr, Ident, UnaryOperator, Value, VisitMut, visit_expressions_mut,
};

use super::scope::{Lookup, Scope, VarKind};
use super::{Ctx, Src, World};
use crate::diag::{Code, Diagnostic};
use crate::plsql::ast::ExprText;
use crate::plsql::pgsql::Type;
use crate::spec::model::{DataType, Dialect};
use crate::sql::parse::parse_expr;
use crate::sql::span::SqlSource;
use crate::sql::translate::{Binds, Translator};
use crate::sql::typing::{Info, Ty};

/// The SQL source of a range of the unit.
pub fn source<'a>(src: &Src<'a>, range: &Range<usize>) -> SqlSource<'a> {
    SqlSource::new(src.file, src.base + range.start, &src.text[range.clone()])
}

/// A translator over `source` with `scope`'s names; `owner`, the schema of
/// the unit's name, holds its unqualified tables (else `--schema`).
pub fn translator<'a>(
    world: &'a World,
    source: SqlSource<'a>,
    lookup: &'a Lookup<'a>,
    owner: Option<&str>,
) -> Translator<'a> {
    let mut translator = Translator::new(&world.catalog, source, true, Binds::DataApi);
    translator.open_world = world.open;
    translator.default_schema = owner
        .map(str::to_string)
        .or_else(|| world.default_schema.clone());
    translator.variables = Some(lookup);
    translator.timestamps_are_dates = world.timestamps_are_dates;
    translator
}

/// Translates an (already rewritten) Oracle expression of `range` in
/// `scope`: its Redshift form, its type, the diagnostics.
pub fn translate_in(
    world: &World,
    src: &Src<'_>,
    range: &Range<usize>,
    scope: &Scope,
    owner: Option<&str>,
    expr: &mut Expr,
) -> (Info, Vec<Diagnostic>) {
    let lookup = Lookup { scope };
    let mut translator = translator(world, source(src, range), &lookup, owner);
    let info = translator.expr(expr);
    (info, translator.diagnostics)
}

/// True when the node holds a bind variable (`:name`).
pub fn has_bind<V: VisitMut>(expr: &mut V) -> bool {
    let mut found = false;
    let _ = visit_expressions_mut(expr, |e| {
        if matches!(e, Expr::Value(v) if matches!(v.value, Value::Placeholder(_))) {
            found = true;
        }
        ControlFlow::<()>::Continue(())
    });
    found
}

impl Ctx<'_> {
    /// Parses a PL/SQL expression; `None` after a `sql::parse` diagnostic.
    pub fn parse_expr(&mut self, text: &ExprText) -> Option<Expr> {
        let source = source(&self.src, &text.range);
        let (expr, diagnostics) = parse_expr(&source, Dialect::Oracle);
        self.diagnostics.extend(diagnostics);
        expr
    }

    /// A PL/SQL expression in Redshift form, with its type.
    pub fn expr(&mut self, text: &ExprText) -> (Expr, Info) {
        match self.parse_expr(text) {
            Some(mut expr) => {
                let info = self.translate_expr(&text.range, &mut expr);
                (expr, info)
            }
            None => (Expr::value(Value::Null), Info::unknown()),
        }
    }

    /// Rewrites (cursor attributes, user functions) and translates an Oracle
    /// expression parsed from `range`.
    pub fn translate_expr(&mut self, range: &Range<usize>, expr: &mut Expr) -> Info {
        if has_bind(expr) {
            self.bind_refused(range);
        }
        self.rewrite_plsql(range, expr);
        let owner = self.sig.owner.as_deref();
        let (info, diagnostics) =
            translate_in(self.world, &self.src, range, &self.scope, owner, expr);
        self.diagnostics.extend(diagnostics);
        info
    }

    /// A bind variable inside a unit: nothing binds it on Redshift.
    pub fn bind_refused(&mut self, range: &Range<usize>) {
        let span = self.span(range);
        self.report(
            Diagnostic::new(
                Code::PlsqlStatementForm,
                span,
                "a bind variable inside a PL/SQL unit is not translated",
            )
            .label("bind variable")
            .help("pass the value as a parameter of the procedure"),
        );
    }

    /// The PL/SQL-only parts of an expression or statement, before the SQL
    /// layer sees it: cursor attributes, SQLCODE, user functions.
    pub fn rewrite_plsql<V: VisitMut>(&mut self, range: &Range<usize>, node: &mut V) {
        let _ = visit_expressions_mut(node, |e| {
            if let Some((cursor, attribute)) = cursor_attribute(e) {
                *e = self.attribute(range, &cursor, &attribute);
            } else if let Expr::Value(v) = e
                && let Value::QuoteDelimitedStringLiteral(q) = &v.value
            {
                // Oracle's q'[...]': the same string as a plain literal.
                *e = Expr::value(Value::SingleQuotedString(q.value.clone()));
            } else if let Expr::Identifier(i) = e
                && i.quote_style.is_none()
                && (i.value.eq_ignore_ascii_case("true") || i.value.eq_ignore_ascii_case("false"))
            {
                // PL/SQL's BOOLEAN literals (sqlparser's Oracle dialect reads names).
                *e = Expr::value(Value::Boolean(i.value.eq_ignore_ascii_case("true")));
            } else if matches!(e, Expr::Identifier(i) if i.value.eq_ignore_ascii_case("sqlcode") && i.quote_style.is_none())
            {
                let span = self.span(range);
                self.report(
                    Diagnostic::new(Code::PlsqlSqlcode, span, "SQLCODE is not translated")
                        .label("Oracle error number")
                        .help("Redshift reports PostgreSQL SQLSTATE codes, not Oracle numbers: test SQLERRM (RAISE_APPLICATION_ERROR messages keep their `ORA-20nnn:` prefix)"),
                );
                *e = Expr::value(Value::Null);
            }
            ControlFlow::<()>::Continue(())
        });
        self.inline_functions(range, node);
    }

    /// The expression that stands for `cursor%attribute`.
    fn attribute(&mut self, range: &Range<usize>, cursor: &str, attribute: &str) -> Expr {
        let integer = || Type::Data(DataType::BigInt);
        if cursor == "sql" {
            self.learned.sql_attributes = true;
            match self.last_sql {
                Some(key) => {
                    self.learned.read.insert(key);
                }
                None => self.learned.all_read = true,
            }
            if self.after_call {
                let span = self.span(range);
                self.report(
                    Diagnostic::new(Code::PlsqlCursorAttribute, span, format!("SQL%{} right after a procedure call is not translated", attribute.to_uppercase()))
                        .label("the callee's last statement in Oracle")
                        .help("read the attribute right after the statement it describes, into a variable"),
                );
            }
            let count = self.hidden_var("eltc_sql_rowcount", integer(), Ty::Integer);
            let zero = Expr::value(Value::Number("0".into(), false));
            return match attribute {
                "rowcount" => count,
                "found" => binary(count, BinaryOperator::Gt, zero),
                "notfound" => binary(count, BinaryOperator::Eq, zero),
                "isopen" => Expr::value(Value::Boolean(false)),
                _ => self.bad_attribute(range, cursor, attribute),
            };
        }
        let Some(var) = self.scope.get(cursor) else {
            return self.bad_attribute(range, cursor, attribute);
        };
        if !matches!(var.kind, VarKind::Cursor) {
            return self.bad_attribute(range, cursor, attribute);
        }
        let pg = var.pg.clone();
        let kept = if attribute == "notfound" {
            "found"
        } else {
            attribute
        };
        self.learned
            .cursor_attributes
            .insert((pg.clone(), kept.to_string()));
        match attribute {
            "found" => self.cursor_var(&pg, "found"),
            "notfound" => Expr::UnaryOp {
                op: UnaryOperator::Not,
                expr: Box::new(self.cursor_var(&pg, "found")),
            },
            "rowcount" => self.cursor_var(&pg, "rowcount"),
            "isopen" => self.cursor_var(&pg, "isopen"),
            _ => self.bad_attribute(range, cursor, attribute),
        }
    }

    /// The variable keeping `attribute` of cursor `pg`.
    pub fn cursor_var(&mut self, pg: &str, attribute: &str) -> Expr {
        let (ty, family) = match attribute {
            "rowcount" => (Type::Data(DataType::BigInt), Ty::Integer),
            _ => (Type::Data(DataType::Boolean), Ty::Boolean),
        };
        self.hidden_var(&format!("eltc_{pg}_{attribute}"), ty, family)
    }

    /// A hidden variable as an expression the SQL layer can type.
    pub fn hidden_var(&mut self, name: &str, ty: Type, family: Ty) -> Expr {
        let pg = self.hidden(name, ty.clone());
        self.scope.declare_hidden(&pg, ty, Info::new(family, true));
        Expr::Identifier(Ident::new(pg))
    }

    fn bad_attribute(&mut self, range: &Range<usize>, cursor: &str, attribute: &str) -> Expr {
        let span = self.span(range);
        self.report(
            Diagnostic::new(
                Code::PlsqlCursorAttribute,
                span,
                format!("the cursor attribute `{cursor}%{attribute}` is not translated"),
            )
            .label("cursor attribute")
            .help("use %FOUND, %NOTFOUND, %ROWCOUNT or %ISOPEN of SQL or of a declared cursor"),
        );
        Expr::value(Value::Null)
    }
}

/// `left op right`.
pub fn binary(left: Expr, op: BinaryOperator, right: Expr) -> Expr {
    Expr::BinaryOp {
        left: Box::new(left),
        op,
        right: Box::new(right),
    }
}

/// `x % attr` read as a cursor attribute: (cursor, attribute), lower case.
fn cursor_attribute(e: &Expr) -> Option<(String, String)> {
    let Expr::BinaryOp {
        left,
        op: BinaryOperator::Modulo,
        right,
    } = e
    else {
        return None;
    };
    let (Expr::Identifier(cursor), Expr::Identifier(attribute)) = (&**left, &**right) else {
        return None;
    };
    Some((cursor.value.to_lowercase(), attribute.value.to_lowercase()))
}
