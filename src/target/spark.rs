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
//! - a double-quoted identifier is back-quoted (Spark reads `"x"` as a string);
//! - `=`, `<>` and `IN (list)` with a CHAR column on either side compare both
//!   sides through `rtrim`: Redshift disregards trailing blanks when it
//!   compares character values
//!   (<https://docs.aws.amazon.com/redshift/latest/dg/r_Character_types.html>,
//!   "Significance of trailing blanks"), Spark compares them;
//! - `TO_CHAR(datetime, 'model')` is `date_format(datetime, 'pattern')` when
//!   the model is made of `YYYY`, `MM`, `DD`, `HH24`, `MI`, `SS` and the
//!   separators `-` `/` `:` `.` and space, each of which has a Spark pattern
//!   letter group printing the same digits (Redshift's datetime format
//!   strings, <https://docs.aws.amazon.com/redshift/latest/dg/r_FORMAT_strings.html>;
//!   Spark's datetime patterns,
//!   <https://spark.apache.org/docs/3.5.4/sql-ref-datetime-pattern.html>:
//!   `yyyy` zero-pads the year to four digits as `YYYY` does, `MM`, `dd`,
//!   `HH`, `mm`, `ss` two digits, and non-letters print as they are).
//! - a scalar subquery of one plain column `(SELECT x FROM … WHERE …)`
//!   aggregates (`named_struct('n', COUNT(*), 'v', MAX(x))`) and the row
//!   that reads it fails when `n > 1` (`raise_error`, through `transform`
//!   over a one-element array, so the subquery is read once; forms.rs):
//!   Spark accepts a correlated scalar subquery only when it aggregates;
//!   MAX of at most one row is that row's value (NULL for none, as the
//!   subquery's), and more than one row fails as it fails in Redshift
//!   ("more than one row returned by a subquery used as an expression").
//!
//! What is refused, each with its own code (src/diag/codes.rs, `glue::…`):
//! functions outside a list of those whose Spark built-in means the same for
//! the types eltc emits (`glue::spark-function`); `/` except a DECIMAL column
//! divided by a power of ten (below): integer division in Redshift and
//! fractional in Spark (`glue::spark-operator`); a CAST to a text
//! type, which Redshift cuts or pads and Spark 3.5 reads as STRING
//! (`glue::spark-cast`); a string literal with a quote or a backslash, which
//! Spark reads differently (`glue::spark-literal`); an ordering comparison
//! (`<`, `BETWEEN`, `IN (subquery)`) of a CHAR column, whose trailing blanks
//! Redshift ignores and Spark does not (`glue::char-comparison`); any other
//! node kind (`glue::spark-syntax`).
//!
//! `/` is printed as it is when its left side is a DECIMAL(p,s) column
//! (p <= 18; or COALESCE of one with numeric literals) and its right side
//! the integer literal 10^k (k <= 9): the quotient then has at most s + k
//! decimals, and both engines give it exactly — Redshift's result scale is
//! at least max(4, s + p2 - s2 + 1)
//! (<https://docs.aws.amazon.com/redshift/latest/dg/r_numeric_computations201.html>),
//! Spark's max(6, s + p2 + 1) for the INT literal's DECIMAL(10,0)
//! (`DecimalPrecision` in Spark SQL), both more than s + k, with no
//! precision cap reached for p <= 18. An integer dividend (Redshift
//! truncates, Spark does not) or any other divisor stays refused.

use std::collections::{BTreeMap, BTreeSet};
use std::ops::ControlFlow;

use sqlparser::ast::{
    BinaryOperator, CastKind, DataType as SqlType, Expr, FunctionArg, FunctionArgExpr,
    FunctionArguments, Ident, InTarget, ObjectName, ObjectNamePart, OrderByExpr, OrderBySort,
    Query, UnaryOperator, Value, VisitMut, VisitorMut,
};

use crate::diag::Code;
use crate::spec::types::DataType;

mod forms;

use forms::{
    at_most_one_row, column_name, power_of_ten, rtrim, set_to_char_pattern, spark_date_pattern,
    to_char_model,
};

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
    /// Column name (lower case) -> DECIMAL (precision, scale) when every
    /// table's column of that name is that DECIMAL; `None` when they differ
    /// or one is not DECIMAL.
    decimal_columns: BTreeMap<String, Option<(u8, u8)>>,
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
            decimal_columns: BTreeMap::new(),
            load_time_column: false,
        }
    }

    /// The types of the pipeline's columns (name, type), for the operands
    /// of `/`: a name is DECIMAL only if every column of that name is the same DECIMAL.
    #[must_use]
    pub fn with_column_types<'a>(
        mut self,
        columns: impl IntoIterator<Item = (&'a str, &'a DataType)>,
    ) -> Self {
        for (name, ty) in columns {
            let decimal = match ty {
                DataType::Decimal { precision, scale } => Some((*precision, *scale)),
                _ => None,
            };
            self.decimal_columns
                .entry(name.to_lowercase())
                .and_modify(|known| {
                    if *known != decimal {
                        *known = None;
                    }
                })
                .or_insert(decimal);
        }
        self
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

    /// A DECIMAL(p,s) column with p <= 18, or COALESCE / NVL of such columns
    /// and numeric literals: a dividend whose quotient by 10^k is exact in both engines.
    fn is_short_decimal(&self, expr: &Expr) -> bool {
        match strip_nested(expr) {
            Expr::Identifier(_) | Expr::CompoundIdentifier(_) => {
                let Some(name) = column_name(expr) else {
                    return false;
                };
                matches!(
                    self.decimal_columns.get(&name.value.to_lowercase()),
                    Some(Some((precision, _))) if *precision <= 18
                )
            }
            Expr::Function(function) => {
                let name = function.name.to_string().to_lowercase();
                let FunctionArguments::List(list) = &function.args else {
                    return false;
                };
                let args: Vec<&Expr> = list
                    .args
                    .iter()
                    .filter_map(|a| match a {
                        FunctionArg::Unnamed(FunctionArgExpr::Expr(e)) => Some(e),
                        _ => None,
                    })
                    .collect();
                matches!(name.as_str(), "coalesce" | "nvl")
                    && args.len() == list.args.len()
                    && args.first().is_some_and(|first| self.is_short_decimal(first))
                    && args.iter().skip(1).all(|a| {
                        self.is_short_decimal(a) || matches!(strip_nested(a), Expr::Value(v) if matches!(v.value, Value::Number(..)))
                    })
            }
            _ => false,
        }
    }

    fn is_char_column(&self, expr: &Expr) -> bool {
        column_name(expr).is_some_and(|name| self.char_columns.contains(&name.value.to_lowercase()))
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
            Expr::In {
                target: InTarget::List(_),
                ..
            } => {}
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
            // Equality is rewritten through rtrim (Pass::rewrite).
            B::Eq | B::NotEq => {}
            B::Lt | B::LtEq | B::Gt | B::GtEq => {
                self.check_char(left, Some(right));
            }
            B::Plus | B::Minus | B::Multiply | B::Modulo | B::And | B::Or | B::StringConcat => {}
            B::Divide if self.spark.is_short_decimal(left) && power_of_ten(right) => {}
            B::Divide => self.refuse(
                Code::GlueSparkOperator,
                "`/`: Redshift divides integers to an integer and decimals to its own scale, \
                 Spark's `/` always gives a fraction; only a DECIMAL column divided by a power \
                 of ten is the same in both"
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
                    "an ordering comparison of the CHAR column `{column}`: Redshift ignores \
                     trailing blanks of CHAR values, Spark compares them (only `=`, `<>` and \
                     `IN (list)` are rewritten through rtrim)"
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
                "to_char" => to_char_model(function)
                    .and_then(|model| spark_date_pattern(&model))
                    .is_some(),
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
                    "to_char" => {
                        if let Some(pattern) =
                            to_char_model(function).and_then(|m| spark_date_pattern(&m))
                        {
                            set_to_char_pattern(function, &pattern);
                        }
                    }
                    _ => {}
                }
            }
            Expr::Subquery(_) => at_most_one_row(expr),
            Expr::BinaryOp {
                left,
                op: BinaryOperator::Eq | BinaryOperator::NotEq,
                right,
            } if self.spark.is_char_column(left) || self.spark.is_char_column(right) => {
                rtrim(left);
                rtrim(right);
            }
            // A simple CASE compares its operand with each WHEN value by `=`.
            Expr::Case {
                operand: Some(operand),
                conditions,
                ..
            } if self.spark.is_char_column(operand) => {
                rtrim(operand);
                conditions.iter_mut().for_each(|c| rtrim(&mut c.condition));
            }
            Expr::In {
                expr: inner,
                target: InTarget::List(list),
                ..
            } if self.spark.is_char_column(inner) => {
                rtrim(inner);
                list.iter_mut().for_each(rtrim);
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
