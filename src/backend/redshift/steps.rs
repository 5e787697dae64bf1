//! The transform procedure's steps printed for one target: the typed
//! operations of [`crate::backend::plan::strategy`], the statements of an
//! `sql` step, a PL/SQL step's CALL, the run-log row and the assertions.
//! The template only frames them (header, signature, declarations).
//!
//! Each step logs its row count with three times: `logged_at`, SYSDATE, the
//! batch's transaction start (the same on every row of a batch: the runtime
//! finds a run's rows by it), and `started_at` / `ended_at`, the statement
//! clock ([`Target::statement_clock`]) before and after the step, whose
//! difference is the step's duration.

use std::fmt::Write as _;

use crate::backend::plan::strategy::{self, Op, Rows, STAGED, Write, WriteStrategy};
use crate::backend::plan::transform::{Check, Message, MessagePart, Step, StepKind};
use crate::backend::plan::{ColumnName, TableName, column_list};
use crate::target::Target;

/// What every step's run-log row names: the run-log table, the pipeline
/// literal, the batch time expression.
pub struct RunLog<'a> {
    /// The run-log table (qualified).
    pub table: &'a str,
    /// The pipeline name as a literal.
    pub pipeline: &'a str,
    /// The batch time (SYSDATE in this target's form).
    pub batch_time: &'a str,
}

/// The text of `step` in the procedure body (indented by four spaces, each
/// line ending with a newline, a blank line first).
pub fn print_step(step: &Step, log: &RunLog<'_>, target: &dyn Target) -> String {
    let mut out = Printer {
        target,
        text: String::from("\n"),
    };
    let staged = matches!(&step.kind, StepKind::Write(w) if w.staged);
    out.comment(&describe(step));
    out.line(&format!("v_started := {};", target.statement_clock()));
    match &step.kind {
        StepKind::Statements(statements) => {
            out.line("v_rows := 0;");
            for (statement, counts) in statements {
                out.line(&format!("{};", statement.render(target)));
                if *counts {
                    out.add_row_count();
                }
            }
        }
        StepKind::Call { call, .. } => {
            let arguments: Vec<String> = call.arguments.iter().map(|a| a.render(target)).collect();
            out.line(&format!(
                "CALL {}({});",
                call.procedure,
                arguments.join(", ")
            ));
            out.line("v_rows := NULL;");
        }
        StepKind::Write(write) => {
            out.line("v_rows := 0;");
            for op in strategy::expand(write, &step.name) {
                out.op(&op);
            }
        }
    }
    out.line(&format!(
        "INSERT INTO {} (pipeline, step, row_count, params, logged_at, started_at, ended_at)",
        log.table
    ));
    out.line(&format!(
        "VALUES ({}, {}, v_rows, v_params, {}, v_started, {});",
        log.pipeline,
        target.literal(&format!("transform:{}", step.name)),
        log.batch_time,
        target.statement_clock()
    ));
    for check in &step.checks {
        out.check(check);
    }
    if staged {
        out.line(&format!("DROP TABLE {STAGED};"));
    }
    out.text
}

/// The comment above a step: what it runs and what its row count is.
fn describe(step: &Step) -> String {
    let name = &step.name;
    match &step.kind {
        StepKind::Statements(_) => format!(
            "Transform {name}: statements; the row count is the sum of their row counts\n\
             (an expanded MERGE's: the rows it updated or inserted)."
        ),
        StepKind::Call { .. } => format!(
            "Transform {name}: the translated PL/SQL unit's entry procedure; its statements\n\
             have no one row count."
        ),
        StepKind::Write(write) => describe_write(name, write),
    }
}

fn describe_write(name: &str, write: &Write) -> String {
    let target = &write.target;
    let keys = column_list(&write.keys);
    let staged = if write.staged {
        format!("the query's rows staged once in {STAGED}; ")
    } else {
        String::new()
    };
    match write.strategy {
        WriteStrategy::Replace => format!(
            "Transform {name}: replace the rows of {target}; {staged}the row count is the rows inserted."
        ),
        WriteStrategy::Append => format!(
            "Transform {name}: append to {target}; {staged}the row count is the rows inserted."
        ),
        WriteStrategy::DeleteInsert => format!(
            "Transform {name}: {staged}delete the rows of {target} with the staged ({keys}),\n\
             then insert the staged rows; the row count is the rows inserted."
        ),
        WriteStrategy::Merge => format!(
            "Transform {name}: merge into {target} on ({keys}): {staged}a key staged twice\n\
             fails the batch first, then UPDATE ... FROM and INSERT ... WHERE NOT EXISTS (Redshift MERGE\n\
             needs a table as its source); the row count is the rows updated plus the rows inserted."
        ),
    }
}

struct Printer<'t> {
    target: &'t dyn Target,
    text: String,
}

impl Printer<'_> {
    /// `text`, each line indented by four spaces.
    fn line(&mut self, text: &str) {
        for line in text.lines() {
            if line.is_empty() {
                self.text.push('\n');
            } else {
                let _ = writeln!(self.text, "    {line}");
            }
        }
    }

    fn comment(&mut self, text: &str) {
        for line in text.lines() {
            self.line(&format!("-- {line}"));
        }
    }

    fn add_row_count(&mut self) {
        self.line("GET DIAGNOSTICS v_count := ROW_COUNT;");
        self.line("v_rows := v_rows + v_count;");
    }

    fn op(&mut self, op: &Op) {
        match op {
            Op::DeleteAll { target } => self.line(&format!("DELETE FROM {target};")),
            Op::Stage {
                target,
                columns,
                query,
            } => {
                let columns = column_list(columns);
                self.line(&format!("DROP TABLE IF EXISTS {STAGED};"));
                self.line(&format!(
                    "CREATE TEMPORARY TABLE {STAGED} AS SELECT {columns} FROM {target} WHERE 1 = 0;"
                ));
                self.line(&format!("INSERT INTO {STAGED} ({columns})"));
                self.line(&format!("{};", query.render(self.target)));
            }
            Op::StagedKeysUnique { keys, message } => {
                let keys = column_list(keys);
                self.line(&format!(
                    "SELECT COUNT(*) INTO v_count FROM (\n    SELECT {keys} FROM {STAGED}\n    GROUP BY {keys} HAVING COUNT(*) > 1\n) AS duplicates;"
                ));
                self.raise_if_count(message);
            }
            Op::DeleteStagedKeys { .. } => {
                if let Some(sql) = staged_op_sql(op, STAGED) {
                    self.line(&format!("{sql};"));
                }
            }
            Op::UpdateStagedKeys { .. } => {
                if let Some(sql) = staged_op_sql(op, STAGED) {
                    self.line(&format!("{sql};"));
                }
                self.add_row_count();
            }
            Op::Insert {
                target,
                columns,
                rows,
                ..
            } => {
                match rows {
                    Rows::Query(query) => {
                        let list = column_list(columns);
                        self.line(&format!("INSERT INTO {target} ({list})"));
                        self.line(&format!("{};", query.render(self.target)));
                    }
                    Rows::Staged => {
                        if let Some(sql) = staged_op_sql(op, STAGED) {
                            self.line(&format!("{sql};"));
                        }
                    }
                }
                self.add_row_count();
            }
        }
    }

    fn check(&mut self, check: &Check) {
        match check {
            Check::MinRows { min, message } => {
                self.line(&format!("IF v_rows < {min} THEN"));
                self.raise(message);
                self.line("END IF;");
            }
            Check::Unique {
                table,
                columns,
                staged,
                message,
            } => {
                let list = column_list(columns);
                if *staged {
                    let t: Vec<String> = columns.iter().map(|c| format!("t.{c}")).collect();
                    let same: Vec<String> = columns
                        .iter()
                        .map(|c| format!("(t.{c} = b.{c} OR (t.{c} IS NULL AND b.{c} IS NULL))"))
                        .collect();
                    self.line(&format!(
                        "SELECT COUNT(*) INTO v_count FROM (\n    SELECT {t} FROM {table} AS t\n    WHERE EXISTS (\n        SELECT 1 FROM {STAGED} AS b\n        WHERE {same}\n    )\n    GROUP BY {t} HAVING COUNT(*) > 1\n) AS duplicates;",
                        t = t.join(", "),
                        same = same.join("\n          AND "),
                    ));
                } else {
                    self.line(&format!(
                        "SELECT COUNT(*) INTO v_count FROM (\n    SELECT {list} FROM {table}\n    GROUP BY {list} HAVING COUNT(*) > 1\n) AS duplicates;"
                    ));
                }
                self.raise_if_count(message);
            }
            Check::NoRows { query, message } => {
                let query = query.render(self.target);
                let query: Vec<String> = query.lines().map(|l| format!("    {l}")).collect();
                self.line(&format!(
                    "SELECT COUNT(*) INTO v_count FROM (\n{}\n) AS found;",
                    query.join("\n")
                ));
                self.raise_if_count(message);
            }
        }
    }

    fn raise_if_count(&mut self, message: &Message) {
        self.line("IF v_count > 0 THEN");
        self.raise(message);
        self.line("END IF;");
    }

    fn raise(&mut self, message: &Message) {
        let text = message_sql(message, self.target);
        self.line(&format!("    v_message := {text};"));
        self.line("    RAISE EXCEPTION '%', v_message;");
    }
}

/// The Redshift statement (no `;`) of an operation reading the staged rows
/// from the table `staged`: what the procedure runs on its temporary table
/// and the Glue job's final transaction on its stage table. `None` for the
/// operations that are not one plain statement (staging, the key check,
/// an INSERT of the query itself).
pub fn staged_op_sql(op: &Op, staged: &str) -> Option<String> {
    match op {
        Op::DeleteAll { target } => Some(format!("DELETE FROM {target}")),
        Op::DeleteStagedKeys { target, keys } => Some(format!(
            "DELETE FROM {target}\nUSING {staged} AS src\nWHERE {}",
            on_keys(target, keys)
        )),
        Op::UpdateStagedKeys { target, keys, set } => {
            let set: Vec<String> = set.iter().map(|c| format!("{c} = src.{c}")).collect();
            Some(format!(
                "UPDATE {target}\nSET {}\nFROM {staged} AS src\nWHERE {}",
                set.join(", "),
                on_keys(target, keys)
            ))
        }
        Op::Insert {
            target,
            columns,
            rows: Rows::Staged,
            new_keys,
        } => {
            let list = column_list(columns);
            if new_keys.is_empty() {
                Some(format!(
                    "INSERT INTO {target} ({list})\nSELECT {list} FROM {staged}"
                ))
            } else {
                let values: Vec<String> = columns.iter().map(|c| format!("src.{c}")).collect();
                Some(format!(
                    "INSERT INTO {target} ({list})\nSELECT {} FROM {staged} AS src\nWHERE NOT EXISTS (\n    SELECT 1 FROM {target} WHERE {}\n)",
                    values.join(", "),
                    on_keys(target, new_keys)
                ))
            }
        }
        _ => None,
    }
}

/// `target.k = src.k AND ...`.
fn on_keys(target: &TableName, keys: &[ColumnName]) -> String {
    keys.iter()
        .map(|k| format!("{target}.{k} = src.{k}"))
        .collect::<Vec<_>>()
        .join(" AND ")
}

/// The message as a concatenation: RAISE placeholders take plain variables
/// only (docs/redshift.md), so the text is built into a variable first.
fn message_sql(message: &Message, target: &dyn Target) -> String {
    let parts: Vec<String> = message
        .iter()
        .map(|part| match part {
            MessagePart::Text(text) => target.literal(text),
            MessagePart::Param(argument) => {
                format!("COALESCE(CAST({argument} AS VARCHAR), 'NULL')")
            }
            MessagePart::Var(var) => format!("CAST({var} AS VARCHAR)"),
        })
        .collect();
    if parts.is_empty() {
        target.literal("assertion failed")
    } else {
        parts.join(" || ")
    }
}
