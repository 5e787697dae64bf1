//! The command line's shape (clap derive). Doc comments here are the help text.

use std::num::NonZeroUsize;
use std::path::PathBuf;

use clap::{Parser, Subcommand, ValueEnum};
use encoding_rs::Encoding;

use crate::encoding;

/// eltc compiles ELT pipeline specs (YAML + SQL, Oracle or Redshift dialect)
/// into what a serverless Amazon Redshift pipeline needs.
#[derive(Debug, Parser)]
#[command(name = "eltc", version, about, long_about = None)]
pub struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Compile pipelines into `generated/<name>/` (DDL, procedures, Lambda config).
    Build(BuildArgs),
    /// Check pipelines as build does, without writing anything.
    Check(CheckArgs),
    /// Write the change script that takes a database from an old state of the
    /// project (a git revision or a directory) to the current one (docs/plan.md).
    Plan(PlanArgs),
    /// Print where a column's values come from and what they flow into:
    /// `eltc lineage [PIPELINE] TABLE.COLUMN` (docs/plan.md#lineage).
    Lineage(LineageArgs),
    /// Write a static documentation site of the pipelines (sources, tables,
    /// steps with their SQL as written and as generated, tests, lineage) to
    /// `target/eltc-docs/`; open its `index.html` in a browser (docs/docs-site.md).
    Docs(DocsArgs),
    /// Start a pipeline: `pipelines/NAME/` with one source, one transform and one test case that pass.
    New(NewArgs),
    /// Print the documentation of a diagnostic code, e.g. `eltc explain spec::unknown-key`.
    Explain(ExplainArgs),
    /// Run the pipelines' test cases on PostgreSQL and compare the expected rows.
    Test(TestArgs),
    /// Translate Oracle SQL (statements and DDL) and PL/SQL units into Redshift SQL and procedures on stdout; diagnostics on stderr.
    Translate(TranslateArgs),
    /// Import a legacy Oracle pipeline (SQL*Loader control files, shell drivers,
    /// PL/SQL, DDL, SQL*Plus unload scripts) into a pipeline folder and an import report.
    Import(ImportArgs),
    /// Run one batch of a pipeline's PostgreSQL form in a given database, as one
    /// CALL through the Data API would (for the runtime's end-to-end test; docs/runtime.md).
    #[command(hide = true)]
    RunBatch(RunBatchArgs),
}

/// Arguments of `eltc run-batch` (hidden: a test harness entry, see docs/runtime.md).
#[derive(Debug, clap::Args)]
pub struct RunBatchArgs {
    /// The PostgreSQL database to work in (libpq URL); its state persists between runs.
    #[arg(long, value_name = "URL")]
    pub database: String,
    /// First apply the PostgreSQL form (DDL, procedures, landing tables): once per database.
    #[arg(long)]
    pub setup: bool,
    /// Directory holding the batch's files (each source's file name); without it, only `--setup`.
    #[arg(long, value_name = "DIR")]
    pub files: Option<PathBuf>,
    /// A parameter of the batch, `NAME=VALUE` (every parameter of the pipeline, once).
    #[arg(long = "param", value_name = "NAME=VALUE")]
    pub params: Vec<String>,
    /// The pipeline directory (exactly one).
    #[arg(value_name = "PIPELINE_DIR")]
    pub pipeline: PathBuf,
}

/// Arguments of `eltc import`.
#[derive(Debug, clap::Args)]
pub struct ImportArgs {
    /// The pipeline's name (default: the first folder's name, e.g. `legacy_nasdaq`).
    #[arg(long)]
    pub name: Option<String>,
    /// Output folder (default: `pipelines/<name>`; with `--assess`: `assessment`).
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
    /// The legacy run's input files, one folder per day (`<YYYY-MM-DD>/`);
    /// default: a `data/` folder of a PATH.
    #[arg(long, value_name = "DIR")]
    pub data: Option<PathBuf>,
    /// The legacy run's output tables as CSV, one folder per day (`<YYYY-MM-DD>/`
    /// for the day's rows, `after-<YYYY-MM-DD>/` for whole tables); default: an `expected/` folder of a PATH.
    #[arg(long, value_name = "DIR")]
    pub expected: Option<PathBuf>,
    /// Assess the files instead: write `assessment.md` and `assessment.json` (docs/import.md).
    #[arg(long)]
    pub assess: bool,
    /// Schema of the tables the legacy files name without one: the schema
    /// the legacy job connected as (e.g. `stg`).
    #[arg(long, value_name = "NAME")]
    pub schema: Option<String>,
    /// How diagnostics are printed.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    pub format: Format,
    /// The encoding of legacy files that are not UTF-8 (and start with no
    /// byte order mark), e.g. `gbk`, `windows-1252`, `shift_jis` (WHATWG
    /// labels); without it such files are read as Windows-1252 and reported.
    #[arg(long, value_name = "ENCODING", value_parser = encoding::parse_label)]
    pub encoding: Option<&'static Encoding>,
    /// Legacy files or folders (read recursively).
    #[arg(value_name = "PATH", required = true)]
    pub paths: Vec<PathBuf>,
}

/// Arguments of `eltc build`.
#[derive(Debug, clap::Args)]
pub struct BuildArgs {
    /// Write nothing; print a unified diff and exit 1 when the output directory is stale.
    #[arg(long)]
    pub check: bool,
    /// Output directory; each pipeline is written to <DIR>/<name>/ (default:
    /// `generated/` beside the project's `pipelines/`, found from any folder inside it).
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
    /// Which form to write: `redshift` (what is deployed) or `postgres` (what the tests run).
    #[arg(long, value_enum, default_value_t = EngineArg::Redshift)]
    pub engine: EngineArg,
    /// What runs the batches: `procedure` (load and transform procedures) or
    /// `glue` (an AWS Glue job, glue_job.py; docs/glue.md). Default: procedure.
    #[arg(long, value_enum)]
    pub backend: Option<BackendArg>,
    /// Use the templates in DIR instead of the built-in ones (for deliberate customisation only).
    #[arg(long, value_name = "DIR")]
    pub templates: Option<PathBuf>,
    /// Compile every pipeline, without reading or writing the build cache
    /// (`.eltc/cache/`; `--check` never uses it).
    #[arg(long)]
    pub no_cache: bool,
    #[command(flatten)]
    pub common: CommonArgs,
}

/// Arguments of `eltc plan`.
#[derive(Debug, clap::Args)]
pub struct PlanArgs {
    /// The old state: a git revision (default: the last commit that changed the output directory).
    #[arg(long, value_name = "REF", conflicts_with = "from_dir")]
    pub from: Option<String>,
    /// The old state: a project directory (one holding `pipelines/`).
    #[arg(long, value_name = "DIR")]
    pub from_dir: Option<PathBuf>,
    /// Apply destructive changes (dropped tables and columns, narrowed types);
    /// without it they are listed in the script as comments.
    #[arg(long)]
    pub allow_destructive: bool,
    /// Print the scripts instead of writing `<out>/<name>/changes/<from>-><to>.sql`.
    #[arg(long)]
    pub stdout: bool,
    /// Output directory (default: the project's `generated/`).
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
    /// Which form to write: `redshift` (what the DBA applies) or `postgres` (the tests' form).
    #[arg(long, value_enum, default_value_t = EngineArg::Redshift)]
    pub engine: EngineArg,
    #[command(flatten)]
    pub common: CommonArgs,
}

/// Arguments of `eltc lineage`.
#[derive(Debug, clap::Args)]
pub struct LineageArgs {
    /// How the lineage is printed: `text` (an indented tree), `json` or `dot` (Graphviz).
    #[arg(long, value_enum, default_value_t = LineageFormat::Text)]
    pub format: LineageFormat,
    /// `[PIPELINE] TABLE.COLUMN`: the column (`schema.table.column`, or
    /// `table.column` when one schema has the table), after an optional
    /// pipeline directory or name; without one, every pipeline of the project.
    #[arg(value_name = "ARGS", num_args = 1..=2, required = true)]
    pub args: Vec<String>,
    #[command(flatten)]
    pub input: InputArgs,
}

/// Arguments of `eltc docs`.
#[derive(Debug, clap::Args)]
pub struct DocsArgs {
    /// Output directory (default: `target/eltc-docs/` at the project's root:
    /// derived files, not committed, unlike `generated/`).
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
    /// Pipelines: directories (each holds a pipeline.yaml) or names of
    /// pipelines under the project's `pipelines/`; default: all of them.
    #[arg(value_name = "PIPELINE")]
    pub pipelines: Vec<PathBuf>,
    /// No summary line at the end (errors are still printed).
    #[arg(short, long)]
    pub quiet: bool,
    #[command(flatten)]
    pub input: InputArgs,
}

/// Output formats of `eltc lineage`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum LineageFormat {
    /// An indented tree, upstream then downstream.
    Text,
    /// One JSON object (docs/plan.md#lineage).
    Json,
    /// A Graphviz digraph.
    Dot,
}

/// Arguments of `eltc check`.
#[derive(Debug, clap::Args)]
pub struct CheckArgs {
    /// List the warnings the pipelines acknowledge (`allow:`), each with its
    /// place, code and the spec's reason, on stdout.
    #[arg(long)]
    pub explain_allowed: bool,
    /// Check every pipeline, without reading or writing the build cache (`.eltc/cache/`).
    #[arg(long)]
    pub no_cache: bool,
    #[command(flatten)]
    pub common: CommonArgs,
}

/// Arguments shared by the commands that read pipelines.
#[derive(Debug, clap::Args)]
pub struct CommonArgs {
    /// Pipelines: directories (each holds a pipeline.yaml) or names of
    /// pipelines under the project's `pipelines/`; default: all of them.
    #[arg(value_name = "PIPELINE")]
    pub pipelines: Vec<PathBuf>,
    /// How diagnostics are printed: `human` on stderr, or `json`, one object per line on stdout.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    pub format: Format,
    /// No summary line at the end (diagnostics are still printed), for scripts.
    #[arg(short, long)]
    pub quiet: bool,
    /// How many pipelines are read and compiled at once (default: the
    /// number of cores). The output is the same whatever N.
    #[arg(short, long, value_name = "N")]
    pub jobs: Option<NonZeroUsize>,
    #[command(flatten)]
    pub input: InputArgs,
}

impl CommonArgs {
    /// `--jobs`, else the number of cores.
    pub fn jobs(&self) -> usize {
        self.jobs
            .map_or_else(crate::parallel::default_jobs, usize::from)
    }
}

/// How input files are read, for every command that reads them.
#[derive(Debug, Default, clap::Args)]
pub struct InputArgs {
    /// The encoding of input files that are not UTF-8 (and start with no
    /// byte order mark), e.g. `windows-1252`, `latin1`, `iso-8859-15`,
    /// `shift_jis` (WHATWG labels); without it such files are refused.
    #[arg(long, value_name = "ENCODING", value_parser = encoding::parse_label)]
    pub encoding: Option<&'static Encoding>,
}

/// Arguments of `eltc translate`.
#[derive(Debug, clap::Args)]
pub struct TranslateArgs {
    /// The dialect of the input.
    #[arg(long, value_enum, default_value_t = FromDialect::Oracle)]
    pub from: FromDialect,
    /// The output: `redshift`, or `postgres` (the tests' form, through the backend's adapter).
    #[arg(long, value_enum, default_value_t = EngineArg::Redshift)]
    pub to: EngineArg,
    /// The files, in order: Oracle SQL scripts and DDL, and PL/SQL units
    /// (procedures, packages, blocks), DDL first (`ddl.sql pkg.pkb`); `-` or
    /// none: standard input.
    #[arg(value_name = "FILE")]
    pub files: Vec<PathBuf>,
    /// The schema of tables written without one (`sales` is read and
    /// written as `NAME.sales`), as Oracle resolves them in the connected
    /// user's schema; PL/SQL procedures are created in it too (default `public`).
    #[arg(long, value_name = "NAME")]
    pub schema: Option<String>,
    /// How many threads translate a script: reading and parsing, translating,
    /// and printing run side by side (default: the number of cores). The
    /// output is the same whatever N.
    #[arg(short, long, value_name = "N")]
    pub jobs: Option<NonZeroUsize>,
    #[command(flatten)]
    pub input: InputArgs,
}

/// Input dialects of `eltc translate`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum FromDialect {
    /// Oracle SQL and DDL.
    Oracle,
}

/// Arguments of `eltc test`.
#[derive(Debug, clap::Args)]
pub struct TestArgs {
    /// PostgreSQL to run on (scratch databases are created there); default
    /// $ELTC_TEST_DATABASE_URL, else a throwaway server from the installed binaries.
    #[arg(long, value_name = "URL")]
    pub database: Option<String>,
    /// Keep the scratch databases (and the throwaway server) for inspection.
    #[arg(long)]
    pub keep: bool,
    /// Run only the cases whose `<pipeline>/<case>` name contains NAME (none
    /// matching is an error).
    #[arg(long, value_name = "NAME")]
    pub filter: Option<String>,
    /// How many cases run at once, each in its own scratch database (default:
    /// the number of cores). Results are printed in the same order whatever N.
    #[arg(short, long, value_name = "N")]
    pub jobs: Option<NonZeroUsize>,
    /// How the results are printed: `text` (a line per case and the diff of
    /// each failure), `junit` (JUnit XML) or `json` (docs/spec.md#results).
    /// Diagnostics of the pipelines go to stderr in every format.
    #[arg(long, value_enum, default_value_t = TestFormat::Text)]
    pub format: TestFormat,
    /// Write the results to FILE instead of stdout.
    #[arg(long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// What runs the batches: `procedure` (the load procedure, one CALL per
    /// batch) or `glue` (the generated Glue job under local PySpark, one Spark
    /// session for the run; docs/glue.md). Default: each pipeline's `backend:`.
    #[arg(long, value_enum)]
    pub backend: Option<BackendArg>,
    /// Pipelines: directories (each holds a pipeline.yaml) or names of
    /// pipelines under the project's `pipelines/`; default: all of them.
    #[arg(value_name = "PIPELINE")]
    pub pipelines: Vec<PathBuf>,
    /// Text results: only the cases that fail, and no summary line.
    #[arg(short, long)]
    pub quiet: bool,
    #[command(flatten)]
    pub input: InputArgs,
}

/// Result formats of `eltc test`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum TestFormat {
    /// A line per case, the diff of each failure, `N passed, N failed`.
    Text,
    /// JUnit XML: a `<testsuite>` per pipeline, a `<testcase>` per case.
    Junit,
    /// One JSON object (docs/spec.md#results).
    Json,
}

/// Arguments of `eltc new`.
#[derive(Debug, clap::Args)]
pub struct NewArgs {
    /// The pipeline's name: a lower-case identifier (`orders`, `daily_sales`).
    #[arg(value_parser = super::new::pipeline_name)]
    pub name: String,
}

/// Arguments of `eltc explain`.
#[derive(Debug, clap::Args)]
pub struct ExplainArgs {
    /// The code, e.g. `spec::unknown-key` (the `eltc::` prefix is optional).
    pub code: String,
}

/// Diagnostic output format.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// miette's graphical report on stderr.
    Human,
    /// One JSON object per line on stdout, for editors and CI annotations.
    Json,
}

/// What runs a pipeline's batches.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum BackendArg {
    /// The load and transform procedures.
    Procedure,
    /// An AWS Glue job.
    Glue,
}

impl BackendArg {
    /// The compiler's backend.
    pub fn backend(self) -> crate::compile::Backend {
        match self {
            BackendArg::Procedure => crate::compile::Backend::Procedure,
            BackendArg::Glue => crate::compile::Backend::Glue,
        }
    }
}

/// The engine whose form `eltc build` writes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum EngineArg {
    /// Amazon Redshift: what the DBA applies.
    Redshift,
    /// PostgreSQL: the adapted form the tests run.
    Postgres,
}

impl EngineArg {
    /// The target this form is printed for.
    pub fn target(self) -> &'static dyn crate::target::Target {
        match self {
            EngineArg::Redshift => &crate::target::REDSHIFT,
            EngineArg::Postgres => &crate::target::POSTGRES,
        }
    }
}
