//! Embedded SQL, EXECUTE IMMEDIATE, explicit cursors and transaction control.
//!
//! An SQL statement is kept as the range of its text, up to its `;`, for
//! sqlparser to read later; comments inside stay in that range. The PL/SQL
//! parts inside it (a SELECT's `[BULK COLLECT] INTO targets`, a DML
//! statement's `RETURNING ... INTO targets`) are read here into [`Into`], and
//! their range is listed in [`SqlText::blanked`].

use super::cursor::{PResult, Parser};
use crate::diag::{Code, Diagnostic, Span};
use crate::plsql::ast::{DynamicQuery, ExprText, Into, Name, SqlKind, SqlText, StmtKind};
use crate::plsql::lexer::TokenKind;

impl Parser<'_> {
    /// A statement starting with `word` that is neither a block nor control
    /// flow: embedded SQL, EXECUTE IMMEDIATE, cursors, transaction control,
    /// or else an assignment or a call.
    pub(crate) fn sql_or_call(&mut self, word: &str) -> PResult<StmtKind> {
        match word {
            "SELECT" | "WITH" | "INSERT" | "UPDATE" | "DELETE" | "MERGE" | "TRUNCATE" | "LOCK"
            | "SET" => self.embedded_sql(),
            "EXECUTE" if self.nth_is(1, "IMMEDIATE") => self.execute_immediate(),
            "OPEN" => self.open_stmt(),
            "FETCH" => self.fetch_stmt(),
            "CLOSE" => {
                self.bump();
                let cursor = self.name("a cursor name")?;
                self.end_stmt(StmtKind::Close { cursor })
            }
            "COMMIT" => {
                self.bump();
                self.eat("WORK");
                self.end_stmt(StmtKind::Commit)
            }
            "ROLLBACK" => self.rollback_stmt(),
            "PIPE" if self.nth_is(1, "ROW") => {
                self.bump();
                self.bump();
                self.expect_op("(")?;
                let row = self.expr("the piped row", &[])?;
                self.expect_op(")")?;
                self.end_stmt(StmtKind::PipeRow { row })
            }
            "SAVEPOINT" => {
                self.bump();
                let name = self.name("a savepoint name")?;
                self.end_stmt(StmtKind::Savepoint { name })
            }
            _ => self.assignment_or_call_stmt(),
        }
    }

    fn assignment_or_call_stmt(&mut self) -> PResult<StmtKind> {
        if self.at_name() || self.peek().kind == TokenKind::Bind {
            self.assignment_or_call()
        } else {
            Err(self.unexpected("a statement"))
        }
    }

    fn embedded_sql(&mut self) -> PResult<StmtKind> {
        let kind = self.sql_kind();
        let select = self.peek().range.clone();
        let (sql, into) = self.sql_text(kind, false)?;
        if kind == SqlKind::Select && into.is_none() {
            return Err(self.error(
                select,
                "a SELECT in PL/SQL needs an INTO clause".to_string(),
                "no INTO in this SELECT".to_string(),
                "select into variables (`SELECT a INTO v FROM ...`), or loop over the query with `FOR r IN (SELECT ...) LOOP`",
            ));
        }
        self.end_stmt(StmtKind::Sql { kind, sql, into })
    }

    /// Which SQL statement starts at the next token (looking past CREATE's
    /// modifiers).
    pub(crate) fn sql_kind(&mut self) -> SqlKind {
        let word = self.nth_upper(0);
        match word.as_str() {
            "SELECT" | "WITH" => SqlKind::Select,
            "INSERT" => SqlKind::Insert,
            "UPDATE" => SqlKind::Update,
            "DELETE" => SqlKind::Delete,
            "MERGE" => SqlKind::Merge,
            "TRUNCATE" => SqlKind::Truncate,
            "CREATE" => {
                for n in 1..8 {
                    if self.nth_is(n, "TABLE") {
                        return SqlKind::CreateTable;
                    }
                    if self.nth_is(n, "SEQUENCE") {
                        return SqlKind::CreateSequence;
                    }
                    if !self.nth_any(n, &CREATE_MODIFIERS) {
                        break;
                    }
                }
                SqlKind::Other
            }
            _ => SqlKind::Other,
        }
    }

    fn nth_any(&mut self, n: usize, words: &[&str]) -> bool {
        words.iter().any(|w| self.nth_is(n, w))
    }

    /// The text of an SQL statement from the next token to its end: a `;`
    /// (not consumed), or with `in_parens` a `)` closing a parenthesis opened
    /// before it. A SELECT's INTO and a DML statement's RETURNING ... INTO are
    /// read into the returned [`Into`] and blanked.
    pub(crate) fn sql_text(
        &mut self,
        kind: SqlKind,
        in_parens: bool,
    ) -> PResult<(SqlText, Option<Into>)> {
        let start = self.peek().range.start;
        let mut open: Vec<usize> = Vec::new();
        let mut cases = 0usize;
        let mut returning = false;
        let mut into: Option<Into> = None;
        loop {
            let token = self.peek().clone();
            match token.kind {
                TokenKind::Eof | TokenKind::Terminator | TokenKind::Error(_) => break,
                TokenKind::Op(";") => break,
                TokenKind::Op("(") => open.push(token.range.start),
                TokenKind::Op(")") if open.is_empty() => {
                    if in_parens {
                        break;
                    }
                    return Err(self.error(
                        token.range,
                        "unbalanced parentheses: `)` without `(`".to_string(),
                        "nothing to close".to_string(),
                        "remove it, or add the missing `(`",
                    ));
                }
                TokenKind::Op(")") => {
                    open.pop();
                }
                TokenKind::Op(":=") if open.is_empty() => break,
                TokenKind::Word if open.is_empty() => {
                    if cases == 0 && (self.at("END") || self.at("ELSIF")) {
                        break;
                    }
                    let dml = matches!(
                        kind,
                        SqlKind::Insert | SqlKind::Update | SqlKind::Delete | SqlKind::Merge
                    );
                    returning |= dml && (self.at("RETURNING") || self.at("RETURN"));
                    let wants_into = into.is_none() && (kind == SqlKind::Select || returning);
                    if wants_into && (self.at("INTO") || self.at_bulk_collect()) {
                        into = Some(self.read_into()?);
                        continue;
                    }
                }
                _ => {}
            }
            if self.at("CASE") {
                cases += 1;
            } else if self.at("END") {
                cases = cases.saturating_sub(1);
            }
            self.bump();
        }
        if let Some(&paren) = open.last() {
            return Err(self.error(
                paren..paren + 1,
                "unbalanced parentheses: this `(` is not closed".to_string(),
                "not closed".to_string(),
                "add the missing `)`",
            ));
        }
        if self.prev_end <= start {
            return Err(self.unexpected("an SQL statement"));
        }
        let blanked = into.iter().map(|i| i.range.clone()).collect();
        let sql = SqlText {
            range: start..self.prev_end,
            blanked,
        };
        Ok((sql, into))
    }

    fn at_bulk_collect(&mut self) -> bool {
        self.at("BULK") && self.nth_is(1, "COLLECT")
    }

    /// `[BULK COLLECT] INTO target, ...`.
    pub(crate) fn read_into(&mut self) -> PResult<Into> {
        let start = self.peek().range.start;
        let bulk = self.at_bulk_collect();
        if bulk {
            self.bump();
            self.bump();
        }
        self.expect("INTO")?;
        let mut targets = vec![self.target("a variable after INTO")?];
        while self.eat_op(",") {
            targets.push(self.target("a variable after `,`")?);
        }
        Ok(Into {
            targets,
            bulk,
            range: start..self.prev_end,
        })
    }

    /// `EXECUTE IMMEDIATE expr [[BULK COLLECT] INTO ...] [USING [IN|OUT|IN OUT] e, ...]
    /// [RETURNING INTO ...];`
    fn execute_immediate(&mut self) -> PResult<StmtKind> {
        self.bump();
        self.bump();
        let sql = self.expr(
            "the statement text",
            &["INTO", "USING", "BULK", "RETURNING", "RETURN"],
        )?;
        let mut into = None;
        if self.at("INTO") || self.at_bulk_collect() {
            into = Some(self.read_into()?);
        }
        let using = if self.eat("USING") {
            self.using_binds()?
        } else {
            Vec::new()
        };
        if into.is_none() && (self.at("RETURNING") || self.at("RETURN")) {
            self.bump();
            into = Some(self.read_into()?);
        }
        self.end_stmt(StmtKind::ExecuteImmediate { sql, into, using })
    }

    /// `[IN | OUT | IN OUT] value, ...` after USING. The modes are read, not
    /// kept (see `StmtKind::ExecuteImmediate`): an OUT bind, which the
    /// statement would assign, is reported here, since the tree cannot say it
    /// and Redshift's EXECUTE takes no binds to assign.
    fn using_binds(&mut self) -> PResult<Vec<ExprText>> {
        let mut using = Vec::new();
        loop {
            let start = self.peek().range.start;
            self.eat("IN");
            if self.eat("OUT") {
                let mode = start..self.prev_end;
                let diagnostic = Diagnostic::new(
                    Code::PlsqlDynamicSql,
                    Span::new(self.file, mode),
                    "an OUT bind of EXECUTE IMMEDIATE is not translated",
                )
                .label("assigned by the dynamic statement")
                .help("Redshift's EXECUTE takes no binds: return the value with `EXECUTE IMMEDIATE ... INTO v`, or call the procedure statically");
                self.diagnostics.push(diagnostic);
            }
            using.push(self.expr("a bind value", &[",", "RETURNING", "RETURN"])?);
            if !self.eat_op(",") {
                return Ok(using);
            }
        }
    }

    /// `OPEN c [(args)];`, `OPEN c FOR query;` or `OPEN c FOR text [USING binds];`.
    fn open_stmt(&mut self) -> PResult<StmtKind> {
        self.bump();
        let cursor = self.name("a cursor name")?;
        let args = self.optional_args()?;
        let mut query = None;
        let mut dynamic = None;
        if self.eat("FOR") {
            if self.at("SELECT") || self.at("WITH") || self.at_op("(") {
                query = Some(self.sql_text(SqlKind::Other, false)?.0);
            } else {
                let text = self.expr("the query text", &["USING"])?;
                let using = if self.eat("USING") {
                    self.using_binds()?
                } else {
                    Vec::new()
                };
                dynamic = Some(DynamicQuery { text, using });
            }
        }
        self.end_stmt(StmtKind::Open {
            cursor,
            args,
            query,
            dynamic,
        })
    }

    /// `FETCH c [BULK COLLECT] INTO targets [LIMIT n];`
    fn fetch_stmt(&mut self) -> PResult<StmtKind> {
        self.bump();
        let cursor = self.name("a cursor name")?;
        let into = self.read_into()?;
        let limit = if self.eat("LIMIT") {
            Some(self.expr("a row limit", &[])?)
        } else {
            None
        };
        self.end_stmt(StmtKind::Fetch {
            cursor,
            into,
            limit,
        })
    }

    /// `ROLLBACK [WORK] [TO [SAVEPOINT] name];`
    fn rollback_stmt(&mut self) -> PResult<StmtKind> {
        self.bump();
        self.eat("WORK");
        let to_savepoint: Option<Name> = if self.eat("TO") {
            self.eat("SAVEPOINT");
            Some(self.name("a savepoint name")?)
        } else {
            None
        };
        self.end_stmt(StmtKind::Rollback { to_savepoint })
    }

    /// The text between `IS` and `;` of a TYPE or SUBTYPE declaration.
    pub(crate) fn definition(&mut self) -> PResult<ExprText> {
        let (sql, _) = self.sql_text(SqlKind::Other, false)?;
        Ok(ExprText { range: sql.range })
    }
}

/// Words that may stand between CREATE and TABLE or SEQUENCE.
const CREATE_MODIFIERS: [&str; 9] = [
    "OR",
    "REPLACE",
    "GLOBAL",
    "PRIVATE",
    "TEMPORARY",
    "SHARDED",
    "DUPLICATED",
    "IMMUTABLE",
    "BLOCKCHAIN",
];
