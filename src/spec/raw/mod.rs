//! The raw spec: `pipeline.yaml` as written, one Rust type per YAML mapping.
//!
//! These types mirror the YAML exactly (names, nesting, optional keys) and keep
//! the span of every value, so that resolution (`spec::resolve`) can point at
//! it. They are filled by `spec::decode` from the YAML tree, never by serde, and
//! they are the source of `schema/pipeline.schema.json` (through `schemars`):
//! the doc comments here are the descriptions editors show. No defaults are
//! applied and nothing is checked here beyond the shape.
//!
//! Every struct lists its keys in [`Keys::KEYS`]; the decoder uses that list to
//! report unknown keys, and a test checks it against the generated schema so
//! the two cannot drift.

use std::borrow::Cow;

use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};

use crate::diag::Span;

/// A value with the span of its YAML node. Transparent in the schema.
#[derive(Clone, Debug, PartialEq)]
pub struct Spanned<T> {
    /// The value.
    pub value: T,
    /// Where it is written.
    pub span: Span,
}

impl<T> Spanned<T> {
    /// Pairs a value with its span.
    pub fn new(value: T, span: Span) -> Self {
        Self { value, span }
    }
}

impl<T: JsonSchema> JsonSchema for Spanned<T> {
    fn inline_schema() -> bool {
        T::inline_schema()
    }
    fn schema_name() -> Cow<'static, str> {
        T::schema_name()
    }
    fn schema_id() -> Cow<'static, str> {
        T::schema_id()
    }
    fn json_schema(generator: &mut SchemaGenerator) -> Schema {
        T::json_schema(generator)
    }
}

/// A YAML mapping from names to `T`, in document order. A value that failed
/// to decode is `None`: its name is still known (so references to it raise no
/// second error) but it is not resolved.
#[derive(Clone, Debug, PartialEq)]
pub struct Entries<T> {
    /// Name (with its span) and value, in order.
    pub entries: Vec<(Spanned<String>, Option<T>)>,
    /// Where the mapping is written (its key).
    pub span: Span,
}

impl<T: JsonSchema> JsonSchema for Entries<T> {
    fn inline_schema() -> bool {
        true
    }
    fn schema_name() -> Cow<'static, str> {
        format!("Map_of_{}", T::schema_name()).into()
    }
    fn json_schema(generator: &mut SchemaGenerator) -> Schema {
        json_schema!({ "type": "object", "additionalProperties": generator.subschema_for::<T>() })
    }
}

/// The keys of a raw mapping type, in schema order.
pub trait Keys {
    /// Every key the mapping may hold.
    const KEYS: &'static [&'static str];
}

/// The words a raw enum accepts.
pub trait Choice: Sized + Copy + 'static {
    /// Each word with its value.
    const CHOICES: &'static [(&'static str, Self)];
}

macro_rules! keys {
    ($type:ty: $($key:literal),* $(,)?) => {
        impl Keys for $type {
            const KEYS: &'static [&'static str] = &[$($key),*];
        }
    };
}

macro_rules! choice {
    ($(#[$doc:meta])* $name:ident as $schema:literal { $($(#[$vdoc:meta])* $variant:ident = $word:literal),* $(,)? }) => {
        $(#[$doc])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, JsonSchema)]
        #[schemars(rename = $schema)]
        pub enum $name {
            $($(#[$vdoc])* #[schemars(rename = $word)] $variant,)*
        }
        impl Choice for $name {
            const CHOICES: &'static [(&'static str, Self)] = &[$(($word, $name::$variant)),*];
        }
    };
}

/// An eltc pipeline spec (`pipeline.yaml`), version 1. See docs/spec.md.
#[derive(Clone, Debug, JsonSchema)]
#[schemars(rename = "Pipeline", deny_unknown_fields)]
pub struct RawPipeline {
    /// Version of the spec language; this eltc reads 1.
    pub version: Spanned<i64>,
    /// The pipeline's name: a lower-case identifier, also the output directory's name.
    pub name: Spanned<String>,
    /// Free text for humans.
    pub description: Option<Spanned<String>>,
    /// Another pipeline of the project this one is an alternative to (the
    /// same load written another way, deployed instead of it, never beside
    /// it): the project checks do not compare the two.
    pub alternative_to: Option<Spanned<String>>,
    /// Dialect of the transform SQL and of source `expr`s (default redshift).
    pub dialect: Option<Spanned<RawDialect>>,
    /// What runs the batches: `procedure` (default: the load and transform
    /// procedures) or `glue` (an AWS Glue job, docs/glue.md); `eltc build
    /// --backend` overrides it.
    pub backend: Option<Spanned<RawBackend>>,
    /// Run parameters, name -> type (date, timestamp, integer, bigint, smallint,
    /// numeric(p,s), varchar(n)), in procedure argument order. SQL reads them as `:name`.
    pub params: Option<Entries<Spanned<String>>>,
    /// The notification that starts a run, and where its files land.
    pub trigger: RawTrigger,
    /// Redshift settings.
    pub redshift: Option<RawRedshift>,
    /// Files loaded into staging tables, by source name, in load order.
    pub sources: Option<Entries<RawSource>>,
    /// Tables the pipeline owns, by `schema.table`.
    pub tables: Option<Entries<RawTable>>,
    /// Transform steps, run in order in one transaction.
    pub transforms: Option<Vec<RawTransform>>,
    /// Test cases for `eltc test`.
    pub tests: Option<Vec<RawTest>>,
    /// Where the document starts.
    #[schemars(skip)]
    pub span: Span,
}
keys!(RawPipeline: "version", "name", "description", "alternative_to", "dialect", "backend", "params", "trigger", "redshift",
    "sources", "tables", "transforms", "tests");

choice! {
    /// SQL dialect.
    RawDialect as "Dialect" {
        /// Oracle SQL and PL/SQL, translated by eltc.
        Oracle = "oracle",
        /// Redshift SQL, checked and copied.
        Redshift = "redshift",
    }
}

choice! {
    /// What runs a pipeline's batches.
    RawBackend as "Backend" {
        /// The load and transform procedures, one CALL per batch.
        Procedure = "procedure",
        /// An AWS Glue job (glue_job.py) writing Redshift.
        Glue = "glue",
    }
}

/// The notification that starts a run (`trigger:`).
#[derive(Clone, Debug, JsonSchema)]
#[schemars(rename = "Trigger", deny_unknown_fields)]
pub struct RawTrigger {
    /// Default bucket of notifications and landed files (a deploy-time value, never in SQL).
    pub bucket: Option<Spanned<String>>,
    /// Key pattern of the notification object, e.g. `notification/market_data/{eod_date}.done`.
    pub notification: Spanned<String>,
    /// Key prefix pattern where the batch's files land, e.g. `oltp_uploads/{eod_date}/`.
    pub landing: Spanned<String>,
    /// Where the mapping is written.
    #[schemars(skip)]
    pub span: Span,
}
keys!(RawTrigger: "bucket", "notification", "landing");

/// Redshift settings (`redshift:`).
#[derive(Clone, Debug, JsonSchema)]
#[schemars(rename = "Redshift", deny_unknown_fields)]
pub struct RawRedshift {
    /// Schema of the generated procedures and of the run-log table (default `etl`).
    pub schema: Option<Spanned<String>>,
    /// IAM role of COPY: `default` (the namespace's default role) or a role ARN.
    #[schemars(regex(
        pattern = r"^(default|arn:aws(-cn|-us-gov)?:iam::[0-9]{12}:role/[A-Za-z0-9+=,.@_/-]+)$"
    ))]
    pub copy_role: Option<Spanned<String>>,
    /// AWS Region of the bucket the files land in, when it is not the
    /// workgroup's (COPY's `REGION`), e.g. `eu-west-1`.
    #[schemars(regex(pattern = r"^[a-z]{2}(-[a-z]+)+-[0-9]{1,2}$"))]
    pub copy_region: Option<Spanned<String>>,
    /// Name of the load procedure (default `load_<name>`).
    pub load_procedure: Option<Spanned<String>>,
    /// Name of the transform procedure (default `transform_<name>`).
    pub transform_procedure: Option<Spanned<String>>,
    /// Who runs the procedures (`user NAME`, `group NAME` or `role NAME`):
    /// ddl.sql grants it what the procedures need.
    pub run_as: Option<Spanned<String>>,
    /// Where the mapping is written.
    #[schemars(skip)]
    pub span: Span,
}
keys!(RawRedshift: "schema", "copy_role", "copy_region", "load_procedure", "transform_procedure", "run_as");

mod allow;
mod sources;
mod tables;

pub use allow::{RawAllow, allowable_codes};

pub use sources::{
    RawField, RawFieldSpec, RawFormat, RawFormatType, RawMode, RawNulls, RawSource, RawTarget,
    RawValue, RawValueConstant, RawValueExpr, RawValueField, RawValueKeyword, RawWhen,
    RawWhenField, RawWhenPosition,
};
pub use tables::{
    RawAssertion, RawBatch, RawColumn, RawColumnSpec, RawDeleteInsert, RawDistStyle, RawEncode,
    RawExpect, RawGrants, RawMerge, RawMinRows, RawNoRows, RawStrategy, RawStrategyWord, RawTable,
    RawTest, RawTransform, RawUnique,
};
