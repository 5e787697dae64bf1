//! Declarations: variables, constants, cursors, exceptions, pragmas, types,
//! and procedure or function headings with their parameters.

use super::cursor::{PResult, Parser};
use crate::plsql::ast::{Decl, DeclKind, Name, Param, ParamMode, Routine, RoutineSpec, TypeRef};
use crate::plsql::lexer::TokenKind;

/// Words that continue a type name: `TIMESTAMP WITH LOCAL TIME ZONE`,
/// `INTERVAL DAY TO SECOND`, `DOUBLE PRECISION`, `LONG RAW`, `CHARACTER VARYING`.
const TYPE_WORDS: [&str; 12] = [
    "WITH",
    "LOCAL",
    "TIME",
    "ZONE",
    "TO",
    "DAY",
    "MONTH",
    "SECOND",
    "YEAR",
    "PRECISION",
    "VARYING",
    "RAW",
];

/// Heading clauses of a routine or package, read and kept as written.
const HEADING_CLAUSES: [&str; 10] = [
    "AUTHID",
    "DETERMINISTIC",
    "PIPELINED",
    "PARALLEL_ENABLE",
    "RESULT_CACHE",
    "ACCESSIBLE",
    "SHARING",
    "DEFAULT",
    "AGGREGATE",
    "SQL_MACRO",
];

impl Parser<'_> {
    /// Declarations up to BEGIN or END (not consumed).
    pub(crate) fn decls(&mut self) -> PResult<Vec<Decl>> {
        let mut decls = Vec::new();
        loop {
            let at_end = matches!(self.peek().kind, TokenKind::Eof | TokenKind::Terminator);
            if at_end || self.at("BEGIN") || self.at("END") {
                return Ok(decls);
            }
            decls.push(self.decl()?);
        }
    }

    fn decl(&mut self) -> PResult<Decl> {
        let comments = self.leading_comments();
        let start = self.peek().range.start;
        let kind = if self.at("PROCEDURE") || self.at("FUNCTION") {
            self.routine_decl()?
        } else if self.at("CURSOR") {
            self.cursor_decl()?
        } else if self.at("TYPE") || self.at("SUBTYPE") {
            self.bump();
            let name = self.name("a type name")?;
            self.expect("IS")?;
            let definition = self.definition()?;
            self.expect_op(";")?;
            DeclKind::Type { name, definition }
        } else if self.at("PRAGMA") {
            self.bump();
            let name = self.name("a pragma name")?;
            let args = self.optional_args()?;
            self.expect_op(";")?;
            let args = args.into_iter().map(|a| a.value).collect();
            DeclKind::Pragma { name, args }
        } else if self.at_name() {
            self.variable_decl()?
        } else {
            let found = self.peek().clone();
            let failed = self.unexpected("a declaration");
            if found.kind != TokenKind::Eof && !matches!(found.kind, TokenKind::Error(_)) {
                self.help_last(
                    "declarations are `name type;`, CURSOR, TYPE, PRAGMA, PROCEDURE or FUNCTION; statements go after BEGIN",
                );
            }
            return Err(failed);
        };
        Ok(Decl {
            kind,
            comments,
            range: start..self.prev_end,
        })
    }

    /// Replaces the help line of the last diagnostic.
    pub(crate) fn help_last(&mut self, help: &str) {
        if let Some(last) = self.diagnostics.pop() {
            self.diagnostics.push(last.help(help));
        }
    }

    /// `name [CONSTANT] type [NOT NULL] [:= | DEFAULT expr];` or `name EXCEPTION;`.
    fn variable_decl(&mut self) -> PResult<DeclKind> {
        let name = self.name("a variable name")?;
        if self.eat("EXCEPTION") {
            self.expect_op(";")?;
            return Ok(DeclKind::Exception { name });
        }
        let constant = self.eat("CONSTANT");
        let ty = self.type_ref()?;
        let not_null = if self.at("NOT") {
            self.bump();
            self.expect("NULL")?;
            true
        } else {
            false
        };
        let default = if self.eat_op(":=") || self.eat("DEFAULT") {
            Some(self.expr("an initial value", &[])?)
        } else {
            None
        };
        if !self.at_op(";") {
            let what = if default.is_some() {
                "`;`"
            } else {
                "`;`, `:=` or DEFAULT"
            };
            return Err(self.unexpected(what));
        }
        self.bump();
        Ok(DeclKind::Variable {
            name,
            ty,
            constant,
            not_null,
            default,
        })
    }

    /// `CURSOR name [(params)] [RETURN type] [IS query];`
    fn cursor_decl(&mut self) -> PResult<DeclKind> {
        self.bump();
        let name = self.name("a cursor name")?;
        let params = if self.at_op("(") {
            self.params()?
        } else {
            Vec::new()
        };
        if self.eat("RETURN") {
            self.type_ref()?;
        }
        let query = if self.eat("IS") {
            Some(self.sql_text(crate::plsql::ast::SqlKind::Other, false)?.0)
        } else {
            None
        };
        self.expect_op(";")?;
        Ok(DeclKind::Cursor {
            name,
            params,
            query,
        })
    }

    /// A routine in a declaration section: a heading then `;` (a forward
    /// declaration or a package spec entry) or IS/AS and its body.
    fn routine_decl(&mut self) -> PResult<DeclKind> {
        let spec = self.routine_spec()?;
        if self.eat_op(";") {
            return Ok(DeclKind::RoutineSpec(spec));
        }
        let routine = self.routine_rest(spec)?;
        self.expect_op(";")?;
        Ok(DeclKind::Routine(routine))
    }

    /// `IS|AS decls BEGIN ... END [name]` after a heading (without the `;`).
    pub(crate) fn routine_rest(&mut self, spec: RoutineSpec) -> PResult<Routine> {
        if !(self.at("IS") || self.at("AS")) {
            return Err(self.unexpected("IS or AS"));
        }
        let start = self.bump_keyword().range.start;
        if self.at("LANGUAGE") || self.at("EXTERNAL") {
            return Err(self.not_read(
                "external routines (LANGUAGE / EXTERNAL)",
                "only PL/SQL bodies can be translated to Redshift",
            ));
        }
        let decls = self.decls()?;
        let (body, handlers) = self.body_and_handlers()?;
        self.bump();
        let end_name = self.routine_end_name(spec.name.parts.last())?;
        let body = crate::plsql::ast::Block {
            label: None,
            decls,
            body,
            handlers,
            range: start..self.prev_end,
        };
        Ok(Routine {
            spec,
            body,
            end_name,
        })
    }

    /// The name after a routine's or package's END, which must be its own.
    pub(crate) fn routine_end_name(&mut self, own: Option<&Name>) -> PResult<Option<Name>> {
        if !self.at_name() {
            return Ok(None);
        }
        let end = self.name("a name")?;
        if own.is_some_and(|own| super::stmts::same_name(own, &end)) {
            return Ok(Some(end));
        }
        let own = own.map_or(String::new(), |n| n.text.clone());
        Err(self.error(
            end.range.clone(),
            format!("`END {}` does not match the name `{own}`", end.text),
            "does not match".to_string(),
            "write the unit's own name after END, or none",
        ))
    }

    /// `PROCEDURE name [(params)] [clauses]` or
    /// `FUNCTION name [(params)] RETURN type [clauses]`.
    pub(crate) fn routine_spec(&mut self) -> PResult<RoutineSpec> {
        let keyword = self.bump();
        let is_function = self.slice(&keyword.range).eq_ignore_ascii_case("FUNCTION");
        let name = self.qualified("a routine name")?;
        let params = if self.at_op("(") {
            self.params()?
        } else {
            Vec::new()
        };
        let returns = if is_function {
            self.expect("RETURN")?;
            Some(self.type_ref()?)
        } else {
            None
        };
        let clauses = self.heading_clauses()?;
        Ok(RoutineSpec {
            name,
            is_function,
            params,
            returns,
            clauses,
            range: keyword.range.start..self.prev_end,
        })
    }

    /// AUTHID, DETERMINISTIC, PIPELINED ...: each clause with its words.
    pub(crate) fn heading_clauses(&mut self) -> PResult<Vec<Name>> {
        let mut clauses = Vec::new();
        while self.at_any(&HEADING_CLAUSES) {
            let start = self.bump().range.start;
            loop {
                let stop = matches!(
                    self.peek().kind,
                    TokenKind::Eof
                        | TokenKind::Terminator
                        | TokenKind::Error(_)
                        | TokenKind::Op(";")
                );
                if stop || self.at("IS") || self.at("AS") || self.at_any(&HEADING_CLAUSES) {
                    break;
                }
                if self.at_op("(") {
                    self.skip_parens()?;
                } else {
                    self.bump();
                }
            }
            let range = start..self.prev_end;
            clauses.push(Name {
                text: collapse(self.slice(&range)),
                quoted: false,
                range,
            });
        }
        Ok(clauses)
    }

    /// `(param, ...)`.
    pub(crate) fn params(&mut self) -> PResult<Vec<Param>> {
        self.expect_op("(")?;
        let mut params = Vec::new();
        loop {
            params.push(self.param()?);
            if self.eat_op(",") {
                continue;
            }
            self.expect_op(")")?;
            return Ok(params);
        }
    }

    /// `name [IN | OUT | IN OUT] [NOCOPY] type [:= | DEFAULT expr]`.
    fn param(&mut self) -> PResult<Param> {
        let start = self.peek().range.start;
        let name = self.name("a parameter name")?;
        let mode = if self.eat("IN") {
            if self.eat("OUT") {
                ParamMode::InOut
            } else {
                ParamMode::In
            }
        } else if self.eat("OUT") {
            ParamMode::Out
        } else {
            ParamMode::In
        };
        let nocopy = self.eat("NOCOPY");
        let ty = self.type_ref()?;
        let default = if self.eat_op(":=") || self.eat("DEFAULT") {
            Some(self.expr("a default value", &[","])?)
        } else {
            None
        };
        Ok(Param {
            name,
            mode,
            nocopy,
            ty,
            default,
            range: start..self.prev_end,
        })
    }

    /// A type: `NUMBER(8)`, `VARCHAR2(30 CHAR)`, `TIMESTAMP WITH TIME ZONE`,
    /// `t.c%TYPE`, `t%ROWTYPE`.
    pub(crate) fn type_ref(&mut self) -> PResult<TypeRef> {
        let start = self.peek().range.start;
        let of = self.qualified("a type")?;
        if self.at_op("%") && (self.nth_is(1, "TYPE") || self.nth_is(1, "ROWTYPE")) {
            self.bump();
            let row = self.bump();
            let range = start..self.prev_end;
            return Ok(if self.slice(&row.range).eq_ignore_ascii_case("TYPE") {
                TypeRef::PercentType { of, range }
            } else {
                TypeRef::PercentRowType { of, range }
            });
        }
        loop {
            if self.at_op("(") {
                self.skip_parens()?;
            } else if self.at_any(&TYPE_WORDS) {
                self.bump();
            } else {
                break;
            }
        }
        let range = start..self.prev_end;
        Ok(TypeRef::Named {
            text: collapse(self.slice(&range)),
            range,
        })
    }

    /// A balanced `( ... )`, consumed.
    pub(crate) fn skip_parens(&mut self) -> PResult<()> {
        let open = self.expect_op("(")?.range;
        let mut depth = 1usize;
        while depth > 0 {
            match self.peek().kind {
                TokenKind::Eof
                | TokenKind::Terminator
                | TokenKind::Error(_)
                | TokenKind::Op(";") => {
                    return Err(self.error(
                        open,
                        "unbalanced parentheses: this `(` is not closed".to_string(),
                        "not closed".to_string(),
                        "add the missing `)`",
                    ));
                }
                TokenKind::Op("(") => depth += 1,
                TokenKind::Op(")") => depth -= 1,
                _ => {}
            }
            self.bump();
        }
        Ok(())
    }
}

/// The tokens of `text` with one space where the source had whitespace or a
/// comment between two of them: `NUMBER /* key */ (8)` is `NUMBER (8)`.
pub(crate) fn collapse(text: &str) -> String {
    let mut lexer = crate::plsql::lexer::Lexer::new(text);
    let mut out = String::new();
    let mut end = 0;
    loop {
        let token = lexer.next_token();
        if token.kind == TokenKind::Eof {
            return out;
        }
        if !out.is_empty() && token.range.start > end {
            out.push(' ');
        }
        out.push_str(&text[token.range.clone()]);
        end = token.range.end;
    }
}
