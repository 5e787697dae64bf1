//! Statements: statement lists, control flow, blocks and exception handlers.
//! Embedded SQL, cursors and transaction control are in `sql.rs`.

use super::cursor::{Failed, PResult, Parser};
use crate::plsql::ast::{Block, Branch, Decl, Handler, Name, Stmt, StmtKind};
use crate::plsql::lexer::TokenKind;

/// Words that end a statement list (the caller decides which it expects).
const LIST_ENDS: [&str; 5] = ["END", "ELSIF", "ELSE", "EXCEPTION", "WHEN"];

impl Parser<'_> {
    /// Statements up to END, ELSIF, ELSE, EXCEPTION, WHEN or the end of the
    /// unit; at least one, as PL/SQL requires (`NULL;` for none).
    pub(crate) fn stmts(&mut self, context: &str) -> PResult<Vec<Stmt>> {
        let mut stmts = Vec::new();
        loop {
            let at_end = matches!(
                self.peek().kind,
                TokenKind::Eof | TokenKind::Terminator | TokenKind::Error(_)
            );
            if at_end || self.at_any(&LIST_ENDS) {
                break;
            }
            stmts.push(self.stmt()?);
        }
        if stmts.is_empty() {
            let token = self.peek().clone();
            if matches!(token.kind, TokenKind::Error(_)) {
                return Err(self.unexpected("a statement"));
            }
            let found = self.describe(&token);
            return Err(self.error(
                token.range,
                format!("expected a statement {context}, found {found}"),
                "a statement is needed before this".to_string(),
                "PL/SQL needs at least one statement here: write `NULL;` for none",
            ));
        }
        Ok(stmts)
    }

    /// One statement with its labels and comments, up to its `;`.
    pub(crate) fn stmt(&mut self) -> PResult<Stmt> {
        let comments = self.leading_comments();
        let start = self.peek().range.start;
        let mut label = None;
        while self.at_op("<<") {
            self.bump();
            label = Some(self.name("a label name")?);
            self.expect_op(">>")?;
        }
        let kind = self.stmt_kind(label.as_ref())?;
        Ok(Stmt {
            kind,
            label,
            comments,
            range: start..self.prev_end,
        })
    }

    fn stmt_kind(&mut self, label: Option<&Name>) -> PResult<StmtKind> {
        if self.nth_op(1, ":=") || self.peek().kind == TokenKind::Bind {
            return self.assignment_or_call();
        }
        if self.peek().kind != TokenKind::Word {
            return self.assignment_or_call();
        }
        let word = self.nth_upper(0);
        match word.as_str() {
            "NULL" => {
                self.bump();
                self.end_stmt(StmtKind::Null)
            }
            "IF" => self.if_stmt(),
            "CASE" => self.case_stmt(label),
            "LOOP" => self.loop_stmt(label),
            "WHILE" => self.while_stmt(label),
            "FOR" => self.for_stmt(label),
            "FORALL" => self.forall_stmt(),
            "EXIT" | "CONTINUE" => self.exit_stmt(),
            "RETURN" => self.return_stmt(),
            "GOTO" => {
                self.bump();
                let label = self.name("a label name")?;
                self.end_stmt(StmtKind::Goto { label })
            }
            "RAISE" => self.raise_stmt(),
            "DECLARE" | "BEGIN" => {
                let block = self.block(label.cloned())?;
                self.expect_op(";")?;
                Ok(StmtKind::Block(block))
            }
            _ => self.sql_or_call(&word),
        }
    }

    /// Consumes the `;` of a statement and returns its kind.
    pub(crate) fn end_stmt(&mut self, kind: StmtKind) -> PResult<StmtKind> {
        self.expect_op(";")?;
        Ok(kind)
    }

    /// `target := value;`, or a call `name [(args)];`.
    pub(crate) fn assignment_or_call(&mut self) -> PResult<StmtKind> {
        let start = self.peek().range.start;
        if self.peek().kind == TokenKind::Bind {
            let target = self.target("an assignment target")?;
            return self.assignment(target);
        }
        let name = self.qualified("a statement")?;
        let args = self.optional_args()?;
        if self.at_op(":=") || self.at_op(".") || self.at_op("(") {
            // `t(i) := v`, `t(i).f := v`: the call-like start was a target.
            while self.at_op(".") || self.at_op("(") {
                if self.eat_op(".") {
                    self.name("a field name")?;
                } else {
                    self.args()?;
                }
            }
            let target = crate::plsql::ast::ExprText {
                range: start..self.prev_end,
            };
            return self.assignment(target);
        }
        if !self.at_op(";") {
            return Err(self.unexpected("`;` or `:=`"));
        }
        self.end_stmt(StmtKind::Call { name, args })
    }

    fn assignment(&mut self, target: crate::plsql::ast::ExprText) -> PResult<StmtKind> {
        self.expect_op(":=")?;
        let value = self.expr("a value", &[])?;
        self.end_stmt(StmtKind::Assign { target, value })
    }

    fn if_stmt(&mut self) -> PResult<StmtKind> {
        let opener = self.bump().range;
        let mut branches = Vec::new();
        loop {
            let condition = self.expr("a condition", &["THEN"])?;
            self.expect("THEN")?;
            let body = self.stmts("after THEN")?;
            branches.push(Branch { condition, body });
            if !self.eat("ELSIF") {
                break;
            }
        }
        let otherwise = if self.eat("ELSE") {
            Some(self.stmts("after ELSE")?)
        } else {
            None
        };
        self.close("IF", opener)?;
        self.end_stmt(StmtKind::If {
            branches,
            otherwise,
        })
    }

    fn case_stmt(&mut self, label: Option<&Name>) -> PResult<StmtKind> {
        let opener = self.bump().range;
        let selector = if self.at("WHEN") {
            None
        } else {
            Some(self.expr("a selector or `WHEN`", &["WHEN"])?)
        };
        if !self.at("WHEN") {
            return Err(self.unexpected("`WHEN`"));
        }
        let mut whens = Vec::new();
        while self.eat("WHEN") {
            let condition = self.expr("a value or condition", &["THEN"])?;
            self.expect("THEN")?;
            let body = self.stmts("after THEN")?;
            whens.push(Branch { condition, body });
        }
        let otherwise = if self.eat("ELSE") {
            Some(self.stmts("after ELSE")?)
        } else {
            None
        };
        self.close("CASE", opener)?;
        self.end_label(label)?;
        self.end_stmt(StmtKind::Case {
            selector,
            whens,
            otherwise,
        })
    }

    /// `END <word>` closing the construct opened at `opener`.
    pub(crate) fn close(&mut self, word: &str, opener: std::ops::Range<usize>) -> PResult<()> {
        if self.at("END") && self.nth_is(1, word) {
            self.bump();
            self.bump();
            return Ok(());
        }
        let range = self.peek().range.clone();
        let failed = if self.at("END") {
            self.error(
                range,
                format!("expected `END {word}`, found `END` without `{word}`"),
                format!("this END needs `{word}` after it"),
                &format!("close the {word} with `END {word};` before the END of the block"),
            )
        } else {
            self.unexpected(&format!("`END {word}`"))
        };
        self.also_last(opener, &format!("this {word} is not closed"));
        Err(failed)
    }

    /// Adds a secondary label to the last diagnostic.
    pub(crate) fn also_last(&mut self, range: std::ops::Range<usize>, text: &str) {
        let file = self.file;
        if let Some(last) = self.diagnostics.pop() {
            let last = last.also(crate::diag::Span::new(file, range), text);
            self.diagnostics.push(last);
        }
    }

    /// The optional label after `END LOOP` / `END CASE` / `END`, which must
    /// repeat the construct's own label.
    pub(crate) fn end_label(&mut self, label: Option<&Name>) -> PResult<Option<Name>> {
        if !self.at_name() {
            return Ok(None);
        }
        let end = self.name("a label")?;
        match label {
            Some(label) if same_name(label, &end) => Ok(Some(end)),
            _ => {
                let expected = label.map_or("no label".to_string(), |l| format!("`{}`", l.text));
                Err(self.error(
                    end.range.clone(),
                    format!(
                        "`{}` after END does not match the label ({expected})",
                        end.text
                    ),
                    "does not match".to_string(),
                    "repeat the construct's own label after END, or write none",
                ))
            }
        }
    }

    /// `[DECLARE decls] BEGIN ... END [label]` (without the `;`).
    pub(crate) fn block(&mut self, label: Option<Name>) -> PResult<Block> {
        let start = self.peek().range.start;
        let decls = if self.eat("DECLARE") {
            self.decls()?
        } else {
            Vec::new()
        };
        self.block_body(label, decls, start)
    }

    /// `BEGIN stmts [EXCEPTION handlers] END [label]` after the declarations.
    pub(crate) fn block_body(
        &mut self,
        label: Option<Name>,
        decls: Vec<Decl>,
        start: usize,
    ) -> PResult<Block> {
        let (body, handlers) = self.body_and_handlers()?;
        self.expect("END")?;
        self.end_label(label.as_ref())?;
        Ok(Block {
            label,
            decls,
            body,
            handlers,
            range: start..self.prev_end,
        })
    }

    /// `BEGIN stmts [EXCEPTION handlers]`, up to the END (not consumed).
    pub(crate) fn body_and_handlers(&mut self) -> PResult<(Vec<Stmt>, Vec<Handler>)> {
        self.expect("BEGIN")?;
        let body = self.stmts("after BEGIN")?;
        let handlers = if self.at("EXCEPTION") {
            self.handlers()?
        } else {
            Vec::new()
        };
        if self.at("ELSIF") || self.at("ELSE") {
            let token = self.peek().clone();
            let word = self.nth_upper(0);
            return Err(self.error(
                token.range,
                format!("`{word}` outside an IF"),
                "no IF is open here".to_string(),
                &format!(
                    "{word} goes between `IF ... THEN` and its `END IF`; check the END IF above"
                ),
            ));
        }
        if !self.at("END") {
            return Err(self.unexpected("`END`"));
        }
        Ok((body, handlers))
    }

    fn handlers(&mut self) -> PResult<Vec<Handler>> {
        let section = self.bump_keyword().range;
        if !self.at("WHEN") {
            let failed = self.unexpected("`WHEN` (an exception handler)");
            self.also_last(section, "this EXCEPTION section has no handler");
            return Err(failed);
        }
        let mut handlers = Vec::new();
        while self.at("WHEN") {
            let start = self.bump_keyword().range.start;
            let mut exceptions = vec![self.qualified("an exception name")?];
            while self.eat("OR") {
                exceptions.push(self.qualified("an exception name")?);
            }
            self.expect("THEN")?;
            let body = self.stmts("in the handler")?;
            handlers.push(Handler {
                exceptions,
                body,
                range: start..self.prev_end,
            });
        }
        Ok(handlers)
    }

    fn raise_stmt(&mut self) -> PResult<StmtKind> {
        self.bump();
        let exception = if self.at_op(";") {
            None
        } else {
            Some(self.qualified("an exception name or `;`")?)
        };
        self.end_stmt(StmtKind::Raise { exception })
    }

    fn return_stmt(&mut self) -> PResult<StmtKind> {
        self.bump();
        let value = if self.at_op(";") {
            None
        } else {
            Some(self.expr("a value or `;`", &[])?)
        };
        self.end_stmt(StmtKind::Return { value })
    }

    fn exit_stmt(&mut self) -> PResult<StmtKind> {
        let is_exit = self.at("EXIT");
        self.bump();
        let label = if self.at_name() && !self.at("WHEN") {
            Some(self.name("a loop label")?)
        } else {
            None
        };
        let when = if self.eat("WHEN") {
            Some(self.expr("a condition", &[])?)
        } else {
            None
        };
        let kind = if is_exit {
            StmtKind::Exit { label, when }
        } else {
            StmtKind::Continue { label, when }
        };
        self.end_stmt(kind)
    }

    /// Reports a construct eltc does not read, at the next token.
    pub(crate) fn not_read(&mut self, what: &str, help: &str) -> Failed {
        let range = self.peek().range.clone();
        self.error(
            range,
            format!("eltc does not read {what}"),
            "not read".to_string(),
            help,
        )
    }
}

/// Names compare as Oracle does: an unquoted name is its upper-case form.
pub(crate) fn same_name(a: &Name, b: &Name) -> bool {
    fn fold(name: &Name) -> String {
        if name.quoted {
            name.text.clone()
        } else {
            name.text.to_uppercase()
        }
    }
    fold(a) == fold(b)
}
