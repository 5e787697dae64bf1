//! Spark SQL: a transform's query as the Glue job runs it, over the job's
//! temporary views (docs/glue.md).
//!
//! Not a [`super::Target`]: half of that trait (COPY statements, identity
//! columns, procedure handlers, the statement clock, physical options) has
//! no meaning for a Spark query, and an implementation would have to answer
//! it with placeholders. [`SparkSql`] prints query trees only, and refuses
//! what it cannot print with the same meaning.
//!
//! What is rewritten (a `VisitorMut` pass on a copy of the tree):
//! - a pipeline table `schema.name` is the view `schema_name` (the job's
//!   views have no schema); a column qualified by the table likewise;
//! - a run parameter (`p_<name>`) is `(SELECT <name> FROM eltc_batch)`, the
//!   job's one-row view of the batch (a scalar subquery rather than a column
//!   of a joined view: it needs no change to the FROM of every scope);
//! - `SYSDATE` and `GETDATE()` are the batch's load time, one value per batch
//!   as SYSDATE is one value per CALL;
//! - `INITCAP` is `eltc_initcap`: Spark's splits words on white space only,
//!   Redshift's on any non-alphanumeric character
//!   (<https://docs.aws.amazon.com/redshift/latest/dg/r_INITCAP.html>);
//! - an ORDER BY without NULLS FIRST/LAST gets Redshift's order: NULLs sort
//!   as the highest value, last ascending and first descending
//!   (<https://docs.aws.amazon.com/redshift/latest/dg/r_ORDER_BY_clause.html>),
//!   where Spark puts them first ascending;
//! - a double-quoted identifier is back-quoted (Spark reads `"x"` as a string).
//!
//! What is refused, each with its own code (src/diag/codes.rs, `glue::…`):
//! functions outside a list of those whose Spark built-in means the same for
//! the types eltc emits (`glue::spark-function`); `/`, integer division in
//! Redshift and fractional in Spark (`glue::spark-operator`); a CAST to a text
//! type, which Redshift cuts or pads and Spark 3.5 reads as STRING
//! (`glue::spark-cast`); a string literal with a quote or a backslash, which
//! Spark reads differently (`glue::spark-literal`); a comparison of a CHAR
//! column, whose trailing blanks Redshift ignores and Spark does not
//! (`glue::char-comparison`); any other node kind (`glue::spark-syntax`).

use std::collections::{BTreeMap, BTreeSet};
use std::ops::ControlFlow;

use sqlparser::ast::{
    BinaryOperator, CastKind, DataType as SqlType, Expr, FunctionArguments, Ident, ObjectName,
    ObjectNamePart, OrderByExpr, OrderBySort, Query, UnaryOperator, Value, VisitMut, VisitorMut,
};

use crate::diag::Code;

/// The one-row view of the batch: the params, typed, and the load time.
pub const BATCH_VIEW: &str = "eltc_batch";
/// The load time's column in [`BATCH_VIEW`].
pub const LOAD_TIME: &str = "eltc_load_time";

/// Why a construct is not printed, with its code.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Refusal {
    /// The construct family's code.
    pub code: Code,
    /// What and why.
    pub why: String,
}

/// Spark SQL for one pipeline: its tables, params and CHAR columns.
#[derive(Clone, Debug, Default)]
pub struct SparkSql {
    /// `schema.name` (lower case) -> view name.
    tables: BTreeMap<String, String>,
    /// Procedure argument (`p_x`, lower case) -> param name.
    params: BTreeMap<String, String>,
    /// Names (lower case) of CHAR columns of any of the pipeline's tables.
    char_columns: BTreeSet<String>,
    /// The load time is a column of the rows read (a staged source's raw
    /// rows carry it, eltc_spark.reader.stage), not the batch view's.
    load_time_column: bool,
}

/// The view of a table: `stg.store` -> `stg_store` (eltc_spark.job.view_name).
pub fn view_name(schema: &str, name: &str) -> String {
    format!("{schema}_{name}")
}

impl SparkSql {
    /// The printer for a pipeline with these tables (schema, name), params
    /// (name) and CHAR column names.
    pub fn new<'a>(
        tables: impl IntoIterator<Item = (&'a str, &'a str)>,
        params: impl IntoIterator<Item = &'a str>,
        char_columns: impl IntoIterator<Item = &'a str>,
    ) -> Self {
        SparkSql {
            tables: tables
                .into_iter()
                .map(|(s, n)| (format!("{s}.{n}").to_lowercase(), view_name(s, n)))
                .collect(),
            params: params
                .into_iter()
                .map(|p| (format!("p_{p}").to_lowercase(), p.to_string()))
                .collect(),
            char_columns: char_columns.into_iter().map(str::to_lowercase).collect(),
            load_time_column: false,
        }
    }

    /// The printer of a staged source's values and record filters: over the
    /// raw rows (all VARCHAR: no CHAR column, no table, no param), the load
    /// time their column [`LOAD_TIME`].
    pub fn staged() -> Self {
        SparkSql {
            load_time_column: true,
            ..SparkSql::default()
        }
    }

    /// `query` as Spark SQL, or every reason it cannot be.
    pub fn query(&self, query: &Query) -> Result<String, Vec<Refusal>> {
        let mut query = query.clone();
        self.rewrite(&mut query)?;
        Ok(format!("{query:#}"))
    }

    /// `expr` as Spark SQL, or every reason it cannot be.
    pub fn expr(&self, expr: &Expr) -> Result<String, Vec<Refusal>> {
        let mut expr = expr.clone();
        self.rewrite(&mut expr)?;
        Ok(expr.to_string())
    }

    /// Rewrites `node` in place for Spark, or gives every reason it cannot be.
    fn rewrite(&self, node: &mut impl VisitMut) -> Result<(), Vec<Refusal>> {
        let mut pass = Pass {
            spark: self,
            refused: Vec::new(),
        };
        let _ = node.visit(&mut pass);
        if pass.refused.is_empty() {
            Ok(())
        } else {
            Err(pass.refused)
        }
    }

    fn is_char_column(&self, expr: &Expr) -> bool {
        let name = match strip_nested(expr) {
            Expr::Identifier(ident) => ident,
            Expr::CompoundIdentifier(parts) => match parts.last() {
                Some(last) => last,
                None => return false,
            },
            _ => return false,
        };
        self.char_columns.contains(&name.value.to_lowercase())
    }
}

fn strip_nested(expr: &Expr) -> &Expr {
    match expr {
        Expr::Nested(inner) => strip_nested(inner),
        other => other,
    }
}

struct Pass<'s> {
    spark: &'s SparkSql,
    refused: Vec<Refusal>,
}

impl Pass<'_> {
    fn refuse(&mut self, code: Code, why: String) {
        let refusal = Refusal { code, why };
        if !self.refused.contains(&refusal) {
            self.refused.push(refusal);
        }
    }

    /// The refusals of one node (its children are visited on their own).
    fn check(&mut self, expr: &Expr) {
        match expr {
            Expr::Identifier(_)
            | Expr::CompoundIdentifier(_)
            | Expr::IsNull(_)
            | Expr::IsNotNull(_)
            | Expr::Nested(_)
            | Expr::Case { .. }
            | Expr::Exists { .. }
            | Expr::Subquery(_)
            | Expr::TypedString(_) => {}
            Expr::Value(value) => self.check_value(&value.value),
            Expr::In { expr, .. } | Expr::Between { expr, .. } => self.check_char(expr, None),
            Expr::Like {
                escape_char: None,
                any: false,
                ..
            } => {}
            Expr::UnaryOp { op, .. } => {
                if !matches!(
                    op,
                    UnaryOperator::Not | UnaryOperator::Minus | UnaryOperator::Plus
                ) {
                    self.refuse(Code::GlueSparkOperator, format!("the operator `{op}`"));
                }
            }
            Expr::BinaryOp { left, op, right } => self.check_binary(left, op, right),
            Expr::Cast {
                kind: CastKind::Cast,
                data_type,
                format: None,
                ..
            } => self.check_cast(data_type),
            Expr::Trim {
                trim_where: None,
                trim_what: None,
                trim_characters: None,
                ..
            } => {}
            Expr::Substring {
                substring_from: Some(from),
                ..
            } if positive_integer(from) => {}
            Expr::Substring { .. } => self.refuse(
                Code::GlueSparkFunction,
                "SUBSTRING from a position that is not a positive number: Redshift counts a start \
                 below 1 into the length, Spark starts at 1"
                    .into(),
            ),
            Expr::Function(function) => self.check_function(function),
            other => self.refuse(
                Code::GlueSparkSyntax,
                format!("`{other}` has no Spark SQL form eltc knows to mean the same"),
            ),
        }
    }

    fn check_value(&mut self, value: &Value) {
        match value {
            Value::Number(..) | Value::Null | Value::Boolean(_) => {}
            Value::SingleQuotedString(text) if !text.contains(['\'', '\\']) => {}
            Value::SingleQuotedString(text) => self.refuse(
                Code::GlueSparkLiteral,
                format!(
                    "the string literal {value}: Spark reads a backslash as an escape and two \
                     adjacent quoted strings as one, so `{text}` would change"
                ),
            ),
            other => self.refuse(
                Code::GlueSparkLiteral,
                format!("the literal {other} has no Spark SQL form eltc knows"),
            ),
        }
    }

    fn check_binary(&mut self, left: &Expr, op: &BinaryOperator, right: &Expr) {
        use BinaryOperator as B;
        match op {
            B::Eq | B::NotEq | B::Lt | B::LtEq | B::Gt | B::GtEq => {
                self.check_char(left, Some(right));
            }
            B::Plus | B::Minus | B::Multiply | B::Modulo | B::And | B::Or | B::StringConcat => {}
            B::Divide => self.refuse(
                Code::GlueSparkOperator,
                "`/`: Redshift divides integers to an integer and decimals to its own scale, \
                 Spark's `/` always gives a fraction"
                    .into(),
            ),
            other => self.refuse(Code::GlueSparkOperator, format!("the operator `{other}`")),
        }
    }

    fn check_char(&mut self, left: &Expr, right: Option<&Expr>) {
        let spark = self.spark;
        let column = [Some(left), right]
            .into_iter()
            .flatten()
            .find(|e| spark.is_char_column(e));
        if let Some(column) = column {
            self.refuse(
                Code::GlueCharComparison,
                format!(
                    "a comparison of the CHAR column `{column}`: Redshift ignores trailing blanks \
                     of CHAR values, Spark compares them"
                ),
            );
        }
    }

    fn check_cast(&mut self, data_type: &SqlType) {
        match data_type {
            SqlType::SmallInt(_)
            | SqlType::Int(_)
            | SqlType::Integer(_)
            | SqlType::BigInt(_)
            | SqlType::Numeric(_)
            | SqlType::Decimal(_)
            | SqlType::Date
            | SqlType::Timestamp(None, _)
            | SqlType::Boolean => {}
            SqlType::Varchar(_)
            | SqlType::CharacterVarying(_)
            | SqlType::Char(_)
            | SqlType::Character(_)
            | SqlType::Text => self.refuse(
                Code::GlueSparkCast,
                format!(
                    "CAST to {data_type}: Redshift cuts or pads to the length, Spark 3.5 casts to \
                     an unbounded STRING"
                ),
            ),
            other => self.refuse(
                Code::GlueSparkCast,
                format!("CAST to {other}: no Spark type eltc knows to hold the same values"),
            ),
        }
    }

    fn check_function(&mut self, function: &sqlparser::ast::Function) {
        let name = function.name.to_string().to_lowercase();
        let plain = function.filter.is_none()
            && function.within_group.is_empty()
            && matches!(function.parameters, FunctionArguments::None);
        let ok = plain
            && match name.as_str() {
                // Same meaning in Spark 3.5 (Spark SQL built-in functions) for the
                // argument types eltc emits.
                "coalesce" | "nvl" | "nullif" | "upper" | "lower" | "concat" | "abs"
                | "greatest" | "least" | "count" | "sum" | "min" | "max" | "row_number"
                | "rank" | "dense_rank" | "round" | "floor" | "ceil" | "ceiling" | "mod"
                | "replace" | "ltrim" | "rtrim" | "lpad" | "rpad" | "left" | "right" | "md5"
                | "date_trunc" | "initcap" | "getdate" | "sysdate" => true,
                _ => false,
            };
        if !ok {
            self.refuse(
                Code::GlueSparkFunction,
                format!(
                    "`{}`: its Spark built-in differs from Redshift's, or eltc has not checked it",
                    function.name
                ),
            );
        }
    }

    fn replace_by_batch_value(&mut self, expr: &mut Expr, column: &str) {
        if self.spark.load_time_column && column == LOAD_TIME {
            *expr = Expr::Identifier(Ident::new(LOAD_TIME));
            return;
        }
        match batch_value(column) {
            Some(value) => *expr = value,
            None => self.refuse(
                Code::GlueSparkSyntax,
                format!("eltc could not build the batch value of `{column}` (an eltc bug)"),
            ),
        }
    }

    /// The rewrites of one node, after its children.
    fn rewrite(&mut self, expr: &mut Expr) {
        match expr {
            Expr::Identifier(ident) => {
                let lower = ident.value.to_lowercase();
                let column = match self.spark.params.get(&lower) {
                    Some(param) => param.clone(),
                    None if lower == "sysdate" && ident.quote_style.is_none() => LOAD_TIME.into(),
                    None => return,
                };
                self.replace_by_batch_value(expr, &column);
            }
            Expr::CompoundIdentifier(parts) if parts.len() == 3 => {
                let table = format!("{}.{}", parts[0].value, parts[1].value).to_lowercase();
                if let Some(view) = self.spark.tables.get(&table) {
                    let column = parts[2].clone();
                    *parts = vec![Ident::new(view), column];
                }
            }
            Expr::Function(function) => {
                let name = function.name.to_string().to_lowercase();
                match name.as_str() {
                    "getdate" | "sysdate" => self.replace_by_batch_value(expr, LOAD_TIME),
                    "initcap" => {
                        function.name = ObjectName(vec![ObjectNamePart::Identifier(Ident::new(
                            "eltc_initcap",
                        ))]);
                    }
                    _ => {}
                }
            }
            _ => {}
        }
    }
}

/// `(SELECT column FROM eltc_batch)`: text eltc composes, parsed once into
/// a tree (never text read back from a printer); `None` is an eltc bug,
/// reported by the caller rather than printed.
fn batch_value(column: &str) -> Option<Expr> {
    let text = format!("(SELECT {column} FROM {BATCH_VIEW})");
    crate::sql::parse::parse_synthetic_expr(&text, crate::spec::model::Dialect::Redshift).ok()
}

fn positive_integer(expr: &Expr) -> bool {
    matches!(strip_nested(expr), Expr::Value(v) if matches!(&v.value, Value::Number(n, _) if n.parse::<u64>().is_ok_and(|n| n >= 1)))
}

impl VisitorMut for Pass<'_> {
    type Break = ();

    fn pre_visit_relation(&mut self, relation: &mut ObjectName) -> ControlFlow<()> {
        let key = relation.to_string().to_lowercase().replace('"', "");
        if let Some(view) = self.spark.tables.get(&key) {
            *relation = ObjectName(vec![ObjectNamePart::Identifier(Ident::new(view))]);
        }
        ControlFlow::Continue(())
    }

    fn pre_visit_expr(&mut self, expr: &mut Expr) -> ControlFlow<()> {
        self.check(expr);
        ControlFlow::Continue(())
    }

    fn post_visit_expr(&mut self, expr: &mut Expr) -> ControlFlow<()> {
        self.rewrite(expr);
        ControlFlow::Continue(())
    }

    fn pre_visit_ident(&mut self, ident: &mut Ident) -> ControlFlow<()> {
        if ident.quote_style == Some('"') {
            ident.quote_style = Some('`');
        }
        ControlFlow::Continue(())
    }

    fn pre_visit_order_by_expr(&mut self, order: &mut OrderByExpr) -> ControlFlow<()> {
        if order.options.nulls_first.is_none() {
            let descending = matches!(order.options.sort, Some(OrderBySort::Desc));
            order.options.nulls_first = Some(descending);
        }
        ControlFlow::Continue(())
    }
}

#[cfg(test)]
#[path = "spark_tests.rs"]
mod tests;
