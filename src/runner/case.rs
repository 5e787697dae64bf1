//! One pipeline's test cases, run as the Lambda function runs a batch.
//!
//! [`Suite`] holds what every case of a pipeline needs: the PostgreSQL form of
//! its DDL and procedures, the plan's COPYs as the loader reads them. A case
//! gets a scratch database; the DDL and procedures are applied; then each
//! batch lands its files (the loader converts each into the rows the COPY
//! would store, written into the source's landing table with COPY FROM STDIN:
//! the landing schema stands in for S3) and CALLs the load procedure with the
//! batch's parameters, which runs the whole chain in one transaction (clears,
//! loads, transforms, assertions). Then each expectation is compared.
//!
//! With the Glue backend the suite holds the job (glue_job.py) and the
//! tables' DDL only: the case's database gets the targets and the run log,
//! each batch is run by the job in the Spark session of [`super::glue`], and
//! the expectations are compared the same way.

use std::fs::File;
use std::io::{BufReader, Write};
use std::path::Path;
use std::time::{Duration, Instant};

use postgres::Client;

use super::compare::{self, ActualRows};
use super::database::Databases;
use super::expected;
use super::landed;
use super::loader::{self, CopySpec};
use super::normalize::Kind;
use super::read_tables;
use crate::backend::Artifacts;
use crate::backend::plan::{self, Plan};
use crate::diag::SourceMap;
use crate::spec::model::{Backend, Batch, Expectation, Pipeline, Subject, TestCase};
use crate::target::{POSTGRES, Target, ident, qualified};

/// The schema of the landing tables, passed to the load procedure as `p_landing`
/// (src/target/postgres.rs, entry 3).
pub const LANDING_SCHEMA: &str = "eltc_landing";

/// A pipeline ready to run its test cases.
pub struct Suite {
    pipeline: Pipeline,
    plan: Plan,
    artifacts: Artifacts,
    copies: Vec<CopySpec>,
    backend: Backend,
}

/// How one batch of a case runs, given the case's database (client and name).
pub type BatchRunner<'a> = dyn FnMut(&mut Client, &str, &Batch) -> Result<Vec<String>, String> + 'a;

/// What went wrong in a case: a title and the lines that explain it.
#[derive(Clone, Debug)]
pub struct Failure {
    /// Which batch and which expectation (or step).
    pub title: String,
    /// The diff or the error, one line each.
    pub lines: Vec<String>,
}

/// The outcome of one case.
#[derive(Clone, Debug)]
pub struct CaseReport {
    /// `<pipeline>/<case>`.
    pub name: String,
    /// Empty when the case passed.
    pub failures: Vec<Failure>,
    /// Things worth knowing that are not failures (records the loader rejected within MAXERROR).
    pub notes: Vec<String>,
    /// Where the scratch database was kept (`--keep`).
    pub kept: Option<String>,
    /// Wall time of the case.
    pub elapsed: Duration,
}

impl CaseReport {
    /// True when nothing failed.
    pub fn passed(&self) -> bool {
        self.failures.is_empty()
    }
}

pub(super) fn db_error(error: &postgres::Error) -> String {
    match error.as_db_error() {
        Some(db) => {
            let mut text = format!("{}: {}", db.severity(), db.message());
            for (label, part) in [
                ("DETAIL", db.detail()),
                ("HINT", db.hint()),
                ("CONTEXT", db.where_()),
            ] {
                if let Some(part) = part {
                    text.push_str(&format!("\n{label}: {part}"));
                }
            }
            text
        }
        None => error.to_string(),
    }
}

impl Suite {
    /// A suite from a checked pipeline and its PostgreSQL artifacts (from
    /// `compile(.., &POSTGRES)` without errors).
    pub fn new(
        pipeline: Pipeline,
        sources: &SourceMap,
        artifacts: Artifacts,
    ) -> Result<Suite, String> {
        Suite::for_backend(pipeline, sources, artifacts, Backend::Procedure)
    }

    /// A suite for `backend`: with [`Backend::Glue`], `artifacts` are
    /// `compile_backend(.., &POSTGRES, .., Backend::Glue)`'s (ddl.sql, glue_job.py).
    pub fn for_backend(
        pipeline: Pipeline,
        sources: &SourceMap,
        artifacts: Artifacts,
        backend: Backend,
    ) -> Result<Suite, String> {
        let (plan, _) = plan::build(&pipeline, sources);
        let copies = plan
            .loads
            .iter()
            .map(|load| {
                CopySpec::new(&load.copy).map_err(|e| format!("source `{}`: {e}", load.source))
            })
            .collect::<Result<_, _>>()?;
        Ok(Suite {
            pipeline,
            plan,
            artifacts,
            copies,
            backend,
        })
    }

    /// What runs its batches.
    pub fn backend(&self) -> Backend {
        self.backend
    }

    /// The plan it was built from.
    pub fn plan(&self) -> &Plan {
        &self.plan
    }

    /// Its generated files (PostgreSQL form).
    pub fn artifacts(&self) -> &Artifacts {
        &self.artifacts
    }

    /// The pipeline.
    pub fn pipeline(&self) -> &Pipeline {
        &self.pipeline
    }

    /// Applies the DDL and the procedures, and creates the landing tables;
    /// for the Glue backend the DDL only (the job needs no procedure, and its
    /// sources are read from the landing folder).
    pub fn setup(&self, client: &mut Client) -> Result<(), String> {
        let files: &[&str] = match self.backend {
            Backend::Procedure => &["ddl.sql", "transform.sql", "load.sql"],
            Backend::Glue => &["ddl.sql"],
        };
        for &file in files {
            let text = self
                .artifacts
                .get(file)
                .ok_or(format!("no {file} was generated"))?;
            client
                .batch_execute(text)
                .map_err(|e| format!("{file} does not apply: {}", db_error(&e)))?;
        }
        if self.backend == Backend::Glue {
            return Ok(());
        }
        let mut ddl = format!("CREATE SCHEMA {};\n", ident(LANDING_SCHEMA));
        for (load, copy) in self.plan.loads.iter().zip(&self.copies) {
            let columns: Vec<String> = copy
                .columns
                .iter()
                .map(|c| format!("{} {}", ident(&c.name), c.ty))
                .collect();
            ddl.push_str(&format!(
                "CREATE TABLE {} ({});\n",
                qualified(LANDING_SCHEMA, &load.source),
                columns.join(", ")
            ));
        }
        client
            .batch_execute(&ddl)
            .map_err(|e| format!("creating the landing tables: {}", db_error(&e)))
    }

    /// Runs `batch`: lands its files, then CALLs the load procedure. `Ok` holds
    /// notes (rejected records); `Err` why the batch failed.
    pub fn run_batch(&self, client: &mut Client, batch: &Batch) -> Result<Vec<String>, String> {
        let given = self.pipeline.dir.join(&batch.given);
        self.run_files(client, &batch.params, &given)
    }

    /// Runs one batch with parameter values `params` (name, value as written)
    /// on the files in directory `given` (each source's file name rendered
    /// from its pattern): lands them, then CALLs the load procedure. Also the
    /// body of `eltc run-batch`, which the runtime's end-to-end test drives.
    pub fn run_files(
        &self,
        client: &mut Client,
        params: &[(String, String)],
        given: &Path,
    ) -> Result<Vec<String>, String> {
        let mut notes = Vec::new();
        for ((load, copy), source) in self
            .plan
            .loads
            .iter()
            .zip(&self.copies)
            .zip(&self.pipeline.sources)
        {
            let name = landed::file_name(&self.pipeline, &source.file, params)?;
            let path = given.join(&name);
            let file = File::open(&path).map_err(|e| {
                format!(
                    "source `{}`: cannot read `{}`: {e}",
                    load.source,
                    path.display()
                )
            })?;
            let landing = qualified(LANDING_SCHEMA, &load.source);
            client
                .batch_execute(&format!("TRUNCATE {landing}"))
                .map_err(|e| db_error(&e))?;
            let columns: Vec<String> = copy.columns.iter().map(|c| ident(&c.name)).collect();
            let mut sink = client
                .copy_in(&format!(
                    "COPY {landing} ({}) FROM STDIN",
                    columns.join(", ")
                ))
                .map_err(|e| db_error(&e))?;
            // On an error `sink` is dropped unfinished, which aborts the COPY.
            let report = loader::load(copy, BufReader::new(file), &name, &mut sink)
                .map_err(|e| format!("source `{}`: {e}", load.source))?;
            sink.flush().map_err(|e| e.to_string())?;
            sink.finish()
                .map_err(|e| format!("source `{}`: {}", load.source, db_error(&e)))?;
            notes.extend(
                report
                    .rejected
                    .iter()
                    .map(|r| format!("rejected (within MAXERROR): {r}")),
            );
        }
        let mut arguments: Vec<String> = self
            .plan
            .params
            .iter()
            .map(|p| {
                let value = params
                    .iter()
                    .find(|(n, _)| *n == p.name)
                    .map_or("", |(_, v)| v.as_str());
                format!("CAST({} AS {})", POSTGRES.literal(value), p.ty)
            })
            .collect();
        arguments.push(POSTGRES.literal(LANDING_SCHEMA));
        let call = format!(
            "CALL {}({})",
            qualified(&self.plan.schema, &self.plan.load_procedure),
            arguments.join(", ")
        );
        client.batch_execute(&call).map_err(|e| db_error(&e))?;
        Ok(notes)
    }

    /// Compares each expectation of `batch`; one [`Failure`] per mismatch.
    pub fn check(&self, client: &mut Client, batch: &Batch, title: &str) -> Vec<Failure> {
        batch
            .expect
            .iter()
            .filter_map(|expectation| {
                let (what, lines) = match self.check_one(client, expectation) {
                    Ok(()) => return None,
                    Err(failure) => failure,
                };
                Some(Failure {
                    title: format!("{title}: {what} (rows: {})", expectation.rows.display()),
                    lines,
                })
            })
            .collect()
    }

    fn check_one(
        &self,
        client: &mut Client,
        expectation: &Expectation,
    ) -> Result<(), (String, Vec<String>)> {
        let (what, sql, key) = match &expectation.subject {
            Subject::Table(name) => (
                format!("table {name}"),
                format!("SELECT * FROM {}", qualified(&name.schema, &name.name)),
                self.pipeline
                    .table(name)
                    .map(|t| t.primary_key.clone())
                    .unwrap_or_default(),
            ),
            Subject::Query(text) => (
                "query".to_string(),
                text.trim().trim_end_matches(';').to_string(),
                Vec::new(),
            ),
        };
        let fail = |lines: Vec<String>| (what.clone(), lines);
        let path = self.pipeline.dir.join(&expectation.rows);
        let text = std::fs::read_to_string(&path)
            .map_err(|e| fail(vec![format!("cannot read `{}`: {e}", path.display())]))?;
        let want =
            expected::parse(&text).map_err(|e| fail(vec![format!("`{}`: {e}", path.display())]))?;
        let actual = fetch(client, &sql).map_err(|e| fail(vec![e]))?;
        compare::compare(&want, &actual, &key, expectation.ordered).map_err(fail)
    }

    /// Runs `case` in a new scratch database of `databases`; drops it after unless `keep`.
    pub fn run_case(&self, case: &TestCase, databases: &Databases, keep: bool) -> CaseReport {
        self.run_case_with(case, databases, keep, &mut |client, _, batch| {
            self.run_batch(client, batch)
        })
    }

    /// [`Suite::run_case`] with each batch run by `run` (the Glue job's, say).
    pub fn run_case_with(
        &self,
        case: &TestCase,
        databases: &Databases,
        keep: bool,
        run: &mut BatchRunner<'_>,
    ) -> CaseReport {
        let started = Instant::now();
        let mut report = CaseReport {
            name: format!("{}/{}", self.pipeline.name, case.name),
            failures: Vec::new(),
            notes: Vec::new(),
            kept: None,
            elapsed: Duration::ZERO,
        };
        let database = databases.unique_name(&format!("{}_{}", self.pipeline.name, case.name));
        match databases.create(&database) {
            Ok(mut client) => {
                self.run_batches(&mut client, &database, case, &mut report, run);
                drop(client);
                if keep {
                    report.kept = Some(databases.describe(&database));
                } else if let Err(e) = databases.drop_database(&database) {
                    report.notes.push(format!(
                        "could not drop {}: {}",
                        databases.describe(&database),
                        db_error(&e)
                    ));
                }
            }
            Err(e) => report.failures.push(Failure {
                title: "creating the scratch database".into(),
                lines: vec![db_error(&e)],
            }),
        }
        report.elapsed = started.elapsed();
        report
    }

    fn run_batches(
        &self,
        client: &mut Client,
        database: &str,
        case: &TestCase,
        report: &mut CaseReport,
        run: &mut BatchRunner<'_>,
    ) {
        if let Err(e) = self.setup(client) {
            report.failures.push(Failure {
                title: "applying the PostgreSQL form".into(),
                lines: e.lines().map(str::to_string).collect(),
            });
            return;
        }
        for (i, batch) in case.batches.iter().enumerate() {
            let params: Vec<String> = batch
                .params
                .iter()
                .map(|(n, v)| format!("{n}={v}"))
                .collect();
            let title = format!("batch {} ({})", i + 1, params.join(", "));
            let given = self.pipeline.dir.join(&batch.given);
            let outcome = read_tables::fill(client, &self.pipeline, &given)
                .and_then(|()| run(client, database, batch));
            match outcome {
                Ok(notes) => report
                    .notes
                    .extend(notes.into_iter().map(|n| format!("{title}: {n}"))),
                Err(e) => {
                    report.failures.push(Failure {
                        title: format!("{title} failed"),
                        lines: e.lines().map(str::to_string).collect(),
                    });
                    // Later batches build on this one: nothing more to learn.
                    return;
                }
            }
            report.failures.extend(self.check(client, batch, &title));
        }
    }
}

/// The rows of `sql` as text, with the kinds of its columns.
pub fn fetch(client: &mut Client, sql: &str) -> Result<ActualRows, String> {
    let statement = client.prepare(sql).map_err(|e| db_error(&e))?;
    let columns: Vec<(String, Kind)> = statement
        .columns()
        .iter()
        .map(|c| (c.name().to_string(), Kind::of_pg_type(c.type_().name())))
        .collect();
    // The simple protocol returns every value as PostgreSQL's text output.
    let mut rows = Vec::new();
    for message in client.simple_query(sql).map_err(|e| db_error(&e))? {
        if let postgres::SimpleQueryMessage::Row(row) = message {
            rows.push(
                (0..row.len())
                    .map(|i| row.get(i).map(str::to_string))
                    .collect(),
            );
        }
    }
    Ok(ActualRows { columns, rows })
}
