//! Cursors (docs/redshift.md #procedure-limits, #plpgsql-statements).
//!
//! A cursor FOR loop over a query becomes `FOR r IN query LOOP` with `r`
//! declared RECORD (its fields typed by the query's columns); over a
//! declared cursor, the cursor's query with its parameters replaced by the
//! loop's arguments. An explicit cursor becomes a PL/pgSQL bound cursor
//! (`c CURSOR (p type) FOR query`) with OPEN, FETCH INTO, CLOSE; a REF
//! CURSOR variable a REFCURSOR opened FOR a static query. Its attributes
//! live in variables that the statements keep: `%FOUND` is FOUND right
//! after each FETCH (NULL before the first), `%ROWCOUNT` counts the rows
//! fetched, `%ISOPEN` follows OPEN and CLOSE. Inside a FOR loop over a
//! declared cursor the loop does the fetching, so each iteration sets them as
//! Oracle's FETCH would: `%FOUND` TRUE, `%ROWCOUNT` the rows fetched so far,
//! `%ISOPEN` TRUE (FALSE again after the loop, which closes the cursor).
//!
//! A Redshift session has one open cursor, explicit or implicit, and a
//! cursor FOR loop is one: a cursor opened while another is (a loop in a
//! loop, an OPEN in a loop, a call from a loop to a procedure that opens
//! one) is a `plsql::nested-cursor` error.

use std::ops::Range;

use sqlparser::ast::{Expr, Statement};

use super::Ctx;
use super::scope::{VarKind, ident};
use super::sql::Piece;
use crate::diag::{Code, Diagnostic};
use crate::plsql::ast::{self, ForSource, Stmt};
use crate::plsql::pgsql::{self, Type};
use crate::spec::model::DataType;
use crate::sql::typing::Info;

/// A translated cursor query and its output columns.
pub(super) type Translated = (Box<sqlparser::ast::Query>, Vec<(String, Info)>);

/// A declared cursor: what its FOR loops and OPENs need.
#[derive(Clone, Debug)]
pub struct CursorDef {
    /// Its parameters.
    pub params: Vec<ast::Param>,
    /// Its query.
    pub query: Option<ast::SqlText>,
    /// Its output columns (names and types), from its declaration.
    pub fields: Option<Vec<(String, Info)>>,
}

impl Ctx<'_> {
    /// Opens a cursor (FOR loop or OPEN) at `range`: nesting is an error.
    fn cursor_opened(&mut self, range: &Range<usize>, name: &str) {
        self.opens_cursor = true;
        if let Some(open) = self.open_cursors.last().cloned() {
            let span = self.span(range);
            self.report(
                Diagnostic::new(Code::PlsqlNestedCursor, span, format!("a cursor opened while `{open}` is open"))
                    .label("second open cursor")
                    .help("Redshift allows one open cursor per session (https://docs.aws.amazon.com/redshift/latest/dg/stored-procedure-constraints.html): join the two queries into one loop, or make the inner work set-based"),
            );
        }
        self.open_cursors.push(name.to_string());
    }

    /// A query of the unit (a cursor's, a FOR loop's), translated.
    fn cursor_query(&mut self, range: &Range<usize>, sql: &ast::SqlText) -> Option<Translated> {
        let piece = self.piece(sql);
        let parsed = self.parse_piece(&piece)?;
        self.loop_query(range, &piece, parsed.range, parsed.statement)
    }

    pub(super) fn loop_query(
        &mut self,
        range: &Range<usize>,
        piece: &Piece,
        local: Range<usize>,
        statement: Statement,
    ) -> Option<Translated> {
        let Statement::Query(mut query) = statement else {
            self.unsupported(
                Code::PlsqlCursorForm,
                range,
                "a cursor over a statement that is not a query",
                "write a SELECT",
            );
            return None;
        };
        let outputs = self.query(range, piece, &local, &mut query);
        let fields = outputs
            .into_iter()
            .filter_map(|o| o.name.map(|n| (n, o.info)))
            .collect();
        Some((query, fields))
    }

    /// `CURSOR c [(params)] IS query;`
    pub fn cursor_decl(
        &mut self,
        decl: &ast::Decl,
        name: &ast::Name,
        params: &[ast::Param],
        query: Option<&ast::SqlText>,
    ) -> Option<pgsql::Decl> {
        let oracle = name.text.to_lowercase();
        let Some(sql) = query else {
            self.unsupported(
                Code::PlsqlCursorForm,
                &decl.range,
                "a cursor declared without its query",
                "declare the cursor with IS SELECT ...",
            );
            return None;
        };
        self.scope.push(None);
        let mut pg_params = Vec::new();
        for param in params {
            let schema = self.schema();
            let (ty, info) =
                match super::decls::resolve(self.world, &self.scope, &param.ty, &schema) {
                    Ok(super::decls::Resolved::Scalar(ty, info, _)) => (ty, info),
                    _ => {
                        self.unsupported(
                            Code::PlsqlCursorForm,
                            &param.range,
                            "this cursor parameter type",
                            "use a scalar type",
                        );
                        (Type::Data(DataType::Varchar(65535)), Info::unknown())
                    }
                };
            let pg = self.scope.declare(
                &param.name.text.to_lowercase(),
                VarKind::Value {
                    ty: Some(ty.clone()),
                    info,
                    read_only: true,
                },
            );
            pg_params.push((pg, ty));
        }
        let translated = self.cursor_query(&decl.range, sql);
        self.scope.pop();
        let (query, fields) = translated?;
        let pg = self.scope.declare(&oracle, VarKind::Cursor);
        self.cursors.insert(
            pg.clone(),
            CursorDef {
                params: params.to_vec(),
                query: Some(sql.clone()),
                fields: Some(fields),
            },
        );
        Some(pgsql::Decl {
            name: pg,
            kind: pgsql::DeclKind::Cursor {
                params: pg_params,
                query,
            },
            comments: Vec::new(),
        })
    }

    /// `FOR r IN (query) | cursor(args) LOOP ... END LOOP;`
    pub fn for_query(
        &mut self,
        stmt: &Stmt,
        label: Option<String>,
        record: &ast::Name,
        source: &ForSource,
        body: &[Stmt],
        out: &mut Vec<pgsql::Stmt>,
    ) {
        let translated = match source {
            ForSource::Query(sql) => self.cursor_query(&stmt.range, sql),
            ForSource::Cursor { name, args } => self.bound_query(&stmt.range, name, args),
        };
        let Some((query, fields)) = translated else {
            return;
        };
        let cursor = match source {
            ForSource::Cursor { name, .. } => self
                .scope
                .get(&name.text.to_lowercase())
                .filter(|v| matches!(v.kind, VarKind::Cursor))
                .map(|v| v.pg.clone()),
            ForSource::Query(_) => None,
        };
        if let Some(pg) = &cursor {
            self.keep_attribute(pg, "rowcount", number("0"), out);
        }
        self.scope.push(None);
        let pg = self.scope.declare(
            &record.text.to_lowercase(),
            VarKind::Record {
                fields: Some(fields),
            },
        );
        if let Some(decls) = self.block_decls.last_mut() {
            decls.push(pgsql::Decl {
                name: pg.clone(),
                kind: pgsql::DeclKind::Variable {
                    ty: Type::Record,
                    constant: false,
                    not_null: false,
                    default: None,
                },
                comments: Vec::new(),
            });
        }
        self.cursor_opened(&stmt.range, &pg);
        let mut each_row = Vec::new();
        if let Some(cursor) = &cursor {
            self.fetched_by_the_loop(cursor, &mut each_row);
        }
        each_row.extend(self.loop_body(body));
        self.open_cursors.pop();
        self.scope.pop();
        out.push(pgsql::Stmt::ForQuery {
            label,
            record: pg,
            query,
            body: each_row,
        });
        if let Some(cursor) = &cursor {
            self.keep_attribute(cursor, "isopen", bool_value(false), out);
        }
    }

    /// The attributes of `cursor` after a row fetched by its FOR loop.
    fn fetched_by_the_loop(&mut self, cursor: &str, out: &mut Vec<pgsql::Stmt>) {
        self.keep_attribute(cursor, "isopen", bool_value(true), out);
        self.keep_attribute(cursor, "found", bool_value(true), out);
        if self
            .facts
            .cursor_attributes
            .contains(&(cursor.to_string(), "rowcount".into()))
        {
            let count = self.cursor_var(cursor, "rowcount");
            out.push(pgsql::Stmt::Assign {
                target: count.clone(),
                value: super::expr::binary(
                    count,
                    sqlparser::ast::BinaryOperator::Plus,
                    number("1"),
                ),
            });
        }
    }

    /// A declared cursor's query with its parameters bound to `args`.
    fn bound_query(
        &mut self,
        range: &Range<usize>,
        name: &ast::Name,
        args: &[ast::Arg],
    ) -> Option<Translated> {
        let def = self.cursor_def(range, name)?;
        let Some(sql) = def.query.clone() else {
            self.unsupported(
                Code::PlsqlCursorForm,
                range,
                "a loop over a REF CURSOR",
                "loop over the query itself",
            );
            return None;
        };
        let values = self.bind_args(range, &def.params, args)?;
        self.scope.push(None);
        for (param, (expr, info)) in def.params.iter().zip(values) {
            self.scope.declare(
                &param.name.text.to_lowercase(),
                VarKind::Inline {
                    expr: Box::new(expr),
                    info,
                },
            );
        }
        let translated = self.cursor_query(range, &sql);
        self.scope.pop();
        translated
    }

    /// The declared cursor `name`.
    fn cursor_def(&mut self, range: &Range<usize>, name: &ast::Name) -> Option<CursorDef> {
        let pg = self
            .scope
            .get(&name.text.to_lowercase())
            .filter(|v| matches!(v.kind, VarKind::Cursor))
            .map(|v| v.pg.clone());
        match pg.and_then(|pg| self.cursors.get(&pg).cloned()) {
            Some(def) => Some(def),
            None => {
                let span = self.span(range);
                self.report(
                    Diagnostic::new(
                        Code::PlsqlUnknownName,
                        span,
                        format!("`{}` is not a declared cursor", name.text),
                    )
                    .label("cursor")
                    .help("declare it: CURSOR name IS SELECT ..."),
                );
                None
            }
        }
    }

    /// Arguments for `params` (positional or named), defaults filled.
    fn bind_args(
        &mut self,
        range: &Range<usize>,
        params: &[ast::Param],
        args: &[ast::Arg],
    ) -> Option<Vec<(Expr, Info)>> {
        let mut values = Vec::new();
        for (i, param) in params.iter().enumerate() {
            let name = param.name.text.to_lowercase();
            let arg = args
                .iter()
                .find(|a| {
                    a.name
                        .as_ref()
                        .is_some_and(|n| n.text.to_lowercase() == name)
                })
                .or_else(|| args.get(i).filter(|a| a.name.is_none()));
            let text = arg.map(|a| &a.value).or(param.default.as_ref());
            match text {
                Some(text) => values.push(self.expr(text)),
                None => {
                    let span = self.span(range);
                    self.report(
                        Diagnostic::new(
                            Code::PlsqlUnknownName,
                            span,
                            format!("no value for the cursor parameter `{name}`"),
                        )
                        .label("missing argument")
                        .help("pass every parameter without a default"),
                    );
                    return None;
                }
            }
        }
        Some(values)
    }

    /// `OPEN c [(args)] | OPEN c FOR query;`
    pub fn open(
        &mut self,
        stmt: &Stmt,
        cursor: &ast::Name,
        args: &[ast::Arg],
        query: Option<&ast::SqlText>,
        dynamic: Option<&ast::DynamicQuery>,
        out: &mut Vec<pgsql::Stmt>,
    ) {
        let oracle = cursor.text.to_lowercase();
        let Some(var) = self
            .scope
            .get(&oracle)
            .filter(|v| matches!(v.kind, VarKind::Cursor))
            .cloned()
        else {
            self.cursor_def(&stmt.range, cursor);
            return;
        };
        let translated = match (query, dynamic) {
            (Some(sql), _) => Some(self.cursor_query(&stmt.range, sql)),
            (None, Some(dynamic)) => Some(self.dynamic_cursor_query(stmt, dynamic)),
            (None, None) => None,
        };
        match translated {
            Some(translated) => {
                let Some((query, fields)) = translated else {
                    return;
                };
                self.cursors.insert(
                    var.pg.clone(),
                    CursorDef {
                        params: Vec::new(),
                        query: None,
                        fields: Some(fields),
                    },
                );
                out.push(pgsql::Stmt::Open {
                    cursor: var.pg.clone(),
                    args: Vec::new(),
                    query: Some(query),
                });
            }
            None => {
                let Some(def) = self.cursor_def(&stmt.range, cursor) else {
                    return;
                };
                let Some(values) = self.bind_args(&stmt.range, &def.params, args) else {
                    return;
                };
                out.push(pgsql::Stmt::Open {
                    cursor: var.pg.clone(),
                    args: values.into_iter().map(|(e, _)| e).collect(),
                    query: None,
                });
            }
        }
        self.cursor_opened(&stmt.range, &var.pg);
        self.keep_attribute(&var.pg, "isopen", bool_value(true), out);
        self.keep_attribute(&var.pg, "rowcount", number("0"), out);
        self.keep_attribute(
            &var.pg,
            "found",
            Expr::value(sqlparser::ast::Value::Null),
            out,
        );
    }

    /// `FETCH c INTO targets;`
    pub fn fetch(
        &mut self,
        stmt: &Stmt,
        cursor: &ast::Name,
        into: &ast::Into,
        limit: Option<&ast::ExprText>,
        out: &mut Vec<pgsql::Stmt>,
    ) {
        if into.bulk || limit.is_some() {
            self.collection_refused(&stmt.range, "FETCH ... BULK COLLECT");
            return;
        }
        let oracle = cursor.text.to_lowercase();
        let Some(pg) = self
            .scope
            .get(&oracle)
            .filter(|v| matches!(v.kind, VarKind::Cursor))
            .map(|v| v.pg.clone())
        else {
            self.cursor_def(&stmt.range, cursor);
            return;
        };
        let fields = self.cursors.get(&pg).and_then(|d| d.fields.clone());
        let mut targets = Vec::new();
        if let [one] = into.targets.as_slice()
            && let Some(var) = self
                .scope
                .get(&self.src.text[one.range.clone()].trim().to_lowercase())
            && matches!(var.kind, VarKind::Record { .. })
        {
            targets.push(Expr::Identifier(ident(&var.pg)));
        } else {
            for (i, target) in into.targets.iter().enumerate() {
                let Some((expr, info)) = self.target(target) else {
                    return;
                };
                if let Some(field) = fields.as_ref().and_then(|f| f.get(i)) {
                    self.check_assignment(&stmt.range, &expr, info, field.1);
                }
                targets.push(expr);
            }
        }
        out.push(pgsql::Stmt::Fetch {
            cursor: pg.clone(),
            into: targets,
        });
        self.keep_attribute(
            &pg,
            "found",
            Expr::Identifier(sqlparser::ast::Ident::new("FOUND")),
            out,
        );
        if self
            .facts
            .cursor_attributes
            .contains(&(pg.clone(), "rowcount".into()))
        {
            let count = self.cursor_var(&pg, "rowcount");
            out.push(pgsql::Stmt::If {
                branches: vec![(
                    Expr::Identifier(sqlparser::ast::Ident::new("FOUND")),
                    vec![pgsql::Stmt::Assign {
                        target: count.clone(),
                        value: super::expr::binary(
                            count,
                            sqlparser::ast::BinaryOperator::Plus,
                            number("1"),
                        ),
                    }],
                )],
                otherwise: None,
            });
        }
    }

    /// `CLOSE c;`
    pub fn close(&mut self, stmt: &Stmt, cursor: &ast::Name, out: &mut Vec<pgsql::Stmt>) {
        let oracle = cursor.text.to_lowercase();
        let Some(pg) = self.scope.get(&oracle).map(|v| v.pg.clone()) else {
            self.cursor_def(&stmt.range, cursor);
            return;
        };
        out.push(pgsql::Stmt::Close { cursor: pg.clone() });
        if let Some(i) = self.open_cursors.iter().rposition(|c| *c == pg) {
            self.open_cursors.remove(i);
        }
        self.keep_attribute(&pg, "isopen", bool_value(false), out);
    }

    /// Sets the variable of `cursor%attribute` when the routine reads it.
    fn keep_attribute(
        &mut self,
        pg: &str,
        attribute: &str,
        value: Expr,
        out: &mut Vec<pgsql::Stmt>,
    ) {
        if !self
            .facts
            .cursor_attributes
            .contains(&(pg.to_string(), attribute.to_string()))
        {
            return;
        }
        let target = self.cursor_var(pg, attribute);
        out.push(pgsql::Stmt::Assign { target, value });
    }
}

fn number(n: &str) -> Expr {
    Expr::value(sqlparser::ast::Value::Number(n.into(), false))
}

fn bool_value(b: bool) -> Expr {
    Expr::value(sqlparser::ast::Value::Boolean(b))
}
