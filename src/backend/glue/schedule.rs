//! The order of a Glue job's work, so that every step sees what it sees in
//! the transform procedure.
//!
//! The job holds tables as Spark views: every source's table, and the rows
//! of each step. A step that reads a table the job holds no whole view of
//! (a dimension a `merge` step changed, a table no source loads) reads it
//! back from the warehouse (`batch.read_warehouse`) right before it runs;
//! if a write not yet committed changes that table, the job commits first
//! (`batch.write`), so the read sees what the procedure's next statement
//! would. An `sql:` step's statements run in the warehouse, in the
//! transaction of the writes around them; the source tables they read are
//! written there first, as the procedure's COPY left them (emptied first
//! for mode truncate). A `no_rows` assertion runs in Spark after its step's
//! write was committed, over views read back. So a job commits once per
//! such read, not once per batch (docs/glue.md says what that changes).
//!
//! Pure: trees in, the schedule out; the printer (super) turns it into text.

use std::collections::BTreeSet;
use std::ops::ControlFlow;

use sqlparser::ast::{Statement, Visit, visit_expressions, visit_relations};

use super::JobStep;
use crate::backend::plan::strategy::WriteStrategy;
use crate::backend::plan::transform::{Check, Message, Step};
use crate::backend::plan::{Plan, Sql, TableName};
use crate::diag::{Code, Diagnostic};
use crate::target::spark::SparkSql;
use crate::target::{POSTGRES, REDSHIFT};

/// One change to the warehouse in a commit, in step order.
pub(super) enum Item<'p> {
    /// A step's rows through its stage table and strategy (index into the steps).
    Write(usize),
    /// A source's table, for statements run in the warehouse to read.
    Source(TableName),
    /// An `sql:` step's statements in Redshift's form.
    Sql {
        /// The step.
        step: &'p str,
        /// Its statements.
        statements: Vec<String>,
    },
}

/// One call in the job's `main`, in order.
pub(super) enum Action<'p> {
    /// A write step's query and its assertions (index into the steps).
    Query(usize),
    /// A warehouse table read back (`schema.name`, lower case).
    Read(String),
    /// A commit of the items of one phase (index into the phases).
    Commit(usize),
    /// A `no_rows` assertion in Spark SQL.
    NoRows {
        /// The step it checks.
        step: &'p str,
        /// Its query.
        query: String,
        /// Its failure message.
        message: &'p Message,
    },
}

/// The job's order, built step by step.
pub(super) struct Schedule<'p> {
    plan: &'p Plan,
    spark: &'p SparkSql,
    /// Tables (lower case) the job holds a view of their whole content.
    views: BTreeSet<String>,
    /// Source tables (lower case).
    sources: BTreeSet<String>,
    /// Source tables written to the warehouse already.
    in_warehouse: BTreeSet<String>,
    /// Tables changed by items not committed yet.
    dirty: BTreeSet<String>,
    pending: Vec<Item<'p>>,
    /// The commits, in order.
    pub phases: Vec<Vec<Item<'p>>>,
    /// Why each commit before the last was made: the step that needed it
    /// and the table it needed committed.
    pub early: Vec<(&'p Step, String)>,
    /// The calls of `main`.
    pub actions: Vec<Action<'p>>,
    /// The tables read back (lower case), each declared once.
    pub reads: BTreeSet<String>,
}

/// `schema.name` in lower case, as relations and the view set spell tables.
pub(super) fn key(table: &TableName) -> String {
    format!("{}.{}", table.schema, table.name).to_lowercase()
}

/// The qualified tables `node` names, lower case, in order of appearance.
fn relations<V: Visit>(node: &V) -> Vec<String> {
    let mut found = Vec::new();
    let _ = visit_relations(node, |relation| {
        let name = relation.to_string().replace('"', "").to_lowercase();
        if name.contains('.') && !found.contains(&name) {
            found.push(name);
        }
        ControlFlow::<()>::Continue(())
    });
    found
}

impl<'p> Schedule<'p> {
    /// The schedule of a job whose sources fill `views` (lower case).
    pub(super) fn new(plan: &'p Plan, spark: &'p SparkSql, views: BTreeSet<String>) -> Self {
        Schedule {
            plan,
            spark,
            sources: views.clone(),
            views,
            in_warehouse: BTreeSet::new(),
            dirty: BTreeSet::new(),
            pending: Vec::new(),
            phases: Vec::new(),
            early: Vec::new(),
            actions: Vec::new(),
            reads: BTreeSet::new(),
        }
    }

    fn commit(&mut self) {
        self.actions.push(Action::Commit(self.phases.len()));
        self.phases.push(std::mem::take(&mut self.pending));
        self.dirty.clear();
    }

    /// Views of `tables` before a step reads them: read back from the
    /// warehouse, after a commit if a pending item changes one; the names
    /// of those that are no table of the pipeline (the job cannot type them).
    fn need(&mut self, step: &'p Step, tables: Vec<String>) -> Vec<String> {
        let known: BTreeSet<String> = self
            .plan
            .tables
            .iter()
            .map(|t| format!("{}.{}", t.schema, t.name).to_lowercase())
            .collect();
        let (missing, unknown): (Vec<String>, Vec<String>) = tables
            .into_iter()
            .filter(|t| !self.views.contains(t))
            .partition(|t| known.contains(t));
        if let Some(table) = missing.iter().find(|t| self.dirty.contains(*t)) {
            self.early.push((step, table.clone()));
            self.commit();
        }
        for table in missing {
            self.actions.push(Action::Read(table.clone()));
            self.reads.insert(table.clone());
            self.views.insert(table);
        }
        unknown
    }

    /// A write step (`index` into the job's steps): its reads, its query,
    /// its pending write, then its `no_rows` assertions.
    pub(super) fn write(
        &mut self,
        index: usize,
        job: &JobStep<'p>,
        step: &'p Step,
        out: &mut Vec<Diagnostic>,
    ) {
        let target = key(&job.write.target);
        // Two pending writes of one table would share its view and stage table.
        if self.dirty.contains(&target) {
            self.early.push((step, target.clone()));
            self.commit();
        }
        if let Sql::Query(query) = &job.write.query {
            for table in self.need(step, relations(query.as_ref())) {
                out.push(refusal(step, Code::GlueWarehouseRead, format!(
                    "transform `{}` reads `{table}`, which is not a table of the pipeline: the job cannot read it back typed",
                    step.name
                )));
            }
        }
        self.actions.push(Action::Query(index));
        self.pending.push(Item::Write(index));
        self.dirty.insert(target.clone());
        if job.write.strategy == WriteStrategy::Replace {
            self.views.insert(target);
        } else {
            self.views.remove(&target);
        }
        for check in &step.checks {
            if let Check::NoRows { query, message } = check {
                self.no_rows(step, query, message, out);
            }
        }
    }

    fn no_rows(
        &mut self,
        step: &'p Step,
        query: &Sql,
        message: &'p Message,
        out: &mut Vec<Diagnostic>,
    ) {
        let Sql::Query(query) = query else {
            out.push(refusal(
                step,
                Code::GlueSparkSyntax,
                "the no_rows assertion is not a query tree".into(),
            ));
            return;
        };
        for table in self.need(step, relations(query.as_ref())) {
            out.push(refusal(step, Code::GlueWarehouseRead, format!(
                "a no_rows assertion of `{}` reads `{table}`, which is not a table of the pipeline",
                step.name
            )));
        }
        match self.spark.query(query) {
            Ok(text) => self.actions.push(Action::NoRows {
                step: &step.name,
                query: text,
                message,
            }),
            Err(refusals) => out.extend(
                refusals
                    .into_iter()
                    .map(|r| refusal(step, r.code, format!("no_rows assertion: {}", r.why))),
            ),
        }
    }

    /// An `sql:` step: its statements run in the warehouse, after the source
    /// tables they read are written there.
    pub(super) fn statements(
        &mut self,
        step: &'p Step,
        statements: &[(Sql, bool)],
        out: &mut Vec<Diagnostic>,
    ) {
        let mut printed = Vec::new();
        let mut changed = BTreeSet::new();
        for (sql, _) in statements {
            let Sql::Statement(statement) = sql else {
                out.push(refusal(
                    step,
                    Code::GlueStepKind,
                    "a statement of the step is not a statement tree".into(),
                ));
                continue;
            };
            if let Some(why) = self.unrunnable(statement.as_ref(), sql) {
                out.push(refusal(step, Code::GlueStepKind, why));
                continue;
            }
            for table in relations(statement.as_ref()) {
                if self.sources.contains(&table) && self.in_warehouse.insert(table.clone()) {
                    let name = self
                        .plan
                        .tables
                        .iter()
                        .find(|t| format!("{}.{}", t.schema, t.name).to_lowercase() == table)
                        .map(|t| TableName::new(&t.schema, &t.name));
                    self.pending.extend(name.map(Item::Source));
                }
            }
            changed.extend(changes(statement.as_ref()));
            printed.push(sql.render(&REDSHIFT));
        }
        // What the statements change is no longer what the job's views hold.
        for table in &changed {
            self.views.remove(table);
        }
        self.dirty.extend(changed);
        self.pending.push(Item::Sql {
            step: &step.name,
            statements: printed,
        });
    }

    /// Why a statement cannot run in the warehouse from the job, if so.
    fn unrunnable(&self, statement: &Statement, sql: &Sql) -> Option<String> {
        let params: BTreeSet<String> = self
            .plan
            .params
            .iter()
            .map(|p| format!("p_{}", p.name).to_lowercase())
            .collect();
        let mut param = None;
        let _ = visit_expressions(statement, |expr| {
            if let sqlparser::ast::Expr::Identifier(ident) = expr
                && params.contains(&ident.value.to_lowercase())
            {
                param = Some(ident.value.clone());
                return ControlFlow::Break(());
            }
            ControlFlow::Continue(())
        });
        if let Some(param) = param {
            return Some(format!(
                "a statement reads the run parameter `{param}`; the job runs statements in the warehouse without parameters yet"
            ));
        }
        if changes(statement).is_empty() {
            return Some(format!(
                "`{}` is not an INSERT, UPDATE or DELETE of a pipeline table, the statements a job runs in the warehouse",
                first_words(&statement.to_string())
            ));
        }
        // The local test runs the job's text on PostgreSQL: it must be the same.
        (sql.render(&REDSHIFT) != sql.render(&POSTGRES)).then(|| {
            "the statement's Redshift form differs from its PostgreSQL test form, so `eltc test --backend glue` could not run what the job runs".into()
        })
    }

    /// The last commit, unless nothing is pending after an earlier one.
    pub(super) fn finish(&mut self) {
        if !self.pending.is_empty() || self.phases.is_empty() {
            self.commit();
        }
    }
}

/// The table an INSERT, UPDATE or DELETE changes (lower case), else nothing.
fn changes(statement: &Statement) -> Vec<String> {
    let table = match statement {
        Statement::Insert(insert) => insert.table.to_string(),
        Statement::Update(update) => update.table.relation.to_string(),
        Statement::Delete(delete) => match &delete.from {
            sqlparser::ast::FromTable::WithFromKeyword(from)
            | sqlparser::ast::FromTable::WithoutKeyword(from) => match from.as_slice() {
                [one] => one.relation.to_string(),
                _ => return Vec::new(),
            },
        },
        _ => return Vec::new(),
    };
    let table = table.replace('"', "").to_lowercase();
    let table = table
        .split_whitespace()
        .next()
        .unwrap_or_default()
        .to_string();
    if table.contains('.') {
        vec![table]
    } else {
        Vec::new()
    }
}

fn first_words(text: &str) -> String {
    text.split_whitespace()
        .take(3)
        .collect::<Vec<_>>()
        .join(" ")
}

fn refusal(step: &Step, code: Code, why: String) -> Diagnostic {
    Diagnostic::new(code, step.span.clone(), why)
        .label(format!("in transform `{}`", step.name))
        .help("rewrite the step as docs/glue.md describes, or keep the pipeline on `backend: procedure`")
}
