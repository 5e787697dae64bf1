//! A staged source's INSERT ... SELECTs as the `Staged` declarations of
//! glue/eltc_spark/source.py, from the plan's typed values
//! ([`StagedValue`], [`RecordFilter`]).
//!
//! A raw field is a `Convert`: the job's Python converts it with the load
//! procedure's rules (NULLIF(TRIM(f), '') then a strict conversion with the
//! source's DATEFORMAT / TIMEFORMAT: a value that does not convert fails the
//! batch). Text expressions, text constants, the load time and the record
//! filter are `Expr`s in Spark SQL ([`SparkSql::staged`]), their text fitted
//! to the column by the job as an INSERT stores it. What Spark would compute
//! differently is refused (`glue::staged-value`), never printed:
//! - a CAST of text to a number, date, timestamp or boolean (an `expr:` or a
//!   `constant:` into such a column): Redshift fails the batch on a value
//!   that does not convert, Spark (not ANSI) gives NULL, and Redshift's CAST
//!   of text to a date reads more layouts than any one format
//!   (<https://docs.aws.amazon.com/redshift/latest/dg/r_CAST_function.html>);
//! - the load time into a text column: Redshift's and Spark's text of a
//!   timestamp differ.

use super::python;
use crate::backend::plan::convert::{RecordFilter, StagedValue};
use crate::backend::plan::load::{SourceLoad, StagedInsert};
use crate::diag::Code;
use crate::spec::types::DataType;
use crate::target::spark::{LOAD_TIME, Refusal, SparkSql};

/// The `staged=(...)` option of `load`'s `SourceRead` (empty for a direct
/// COPY), or every reason the job cannot run its inserts as Redshift does.
pub fn option(load: &SourceLoad) -> Result<String, Vec<Refusal>> {
    if load.inserts.is_empty() {
        return Ok(String::new());
    }
    let spark = SparkSql::staged();
    let mut printed = String::new();
    let mut refused = Vec::new();
    for insert in &load.inserts {
        match staged(insert, &spark) {
            Ok(text) => printed += &text,
            Err(why) => refused.extend(why),
        }
    }
    if refused.is_empty() {
        Ok(format!("        staged=(\n{printed}        ),\n"))
    } else {
        Err(refused)
    }
}

fn staged(insert: &StagedInsert, spark: &SparkSql) -> Result<String, Vec<Refusal>> {
    let mut refused = Vec::new();
    let mut columns = String::new();
    let mut types = Vec::new();
    for (column, value) in insert.columns.iter().zip(&insert.values) {
        match how(value, spark) {
            Ok(how) => {
                columns += &format!(
                    "                    ({}, {how}),\n",
                    python::string(column.as_str())
                );
            }
            Err(why) => refused.extend(why.into_iter().map(|r| Refusal {
                code: r.code,
                why: format!(
                    "column `{}` of `{}`: {}",
                    column.as_str(),
                    insert.table,
                    r.why
                ),
            })),
        }
        types.push(python::string(&type_name(value_type(value))));
    }
    let filter = match &insert.filter {
        Some(filter) => match filter_expr(filter, spark) {
            Ok(sql) => format!("                where={sql},\n"),
            Err(why) => {
                refused.extend(why);
                String::new()
            }
        },
        None => String::new(),
    };
    if !refused.is_empty() {
        return Err(refused);
    }
    Ok(format!(
        "            Staged(\n                {},\n                {},\n                (\n{columns}                ),\n                ({},),\n{filter}            ),\n",
        python::string(&format!("{}.{}", insert.table.schema, insert.table.name)),
        python::string(&insert.step),
        types.join(", "),
    ))
}

/// A Redshift type as the job's declarations spell it (`numeric(9,2)`).
fn type_name(ty: DataType) -> String {
    ty.to_string().to_ascii_lowercase()
}

fn value_type(value: &StagedValue) -> DataType {
    match value {
        StagedValue::Field { ty, .. }
        | StagedValue::Constant { ty, .. }
        | StagedValue::Expression { ty, .. }
        | StagedValue::LoadTimestamp(ty) => *ty,
    }
}

/// `Convert(...)` or `Expr(...)` of one value.
fn how(value: &StagedValue, spark: &SparkSql) -> Result<String, Vec<Refusal>> {
    let refuse = |why: String| {
        Err(vec![Refusal {
            code: Code::GlueStagedValue,
            why,
        }])
    };
    match value {
        StagedValue::Field {
            raw,
            ty,
            date_format,
            timestamp_format,
        } => {
            let format = match ty {
                DataType::Date => Some(date_format.as_deref().unwrap_or("YYYY-MM-DD")),
                DataType::Timestamp => {
                    Some(timestamp_format.as_deref().unwrap_or("YYYY-MM-DD HH:MI:SS"))
                }
                // The procedure CASTs a TIMESTAMPTZ field without a TIMEFORMAT:
                // Redshift's CAST reads layouts no one format names.
                DataType::TimestampTz => match timestamp_format {
                    Some(format) => Some(format.as_str()),
                    None => {
                        return refuse(format!(
                            "the raw field `{raw}` into TIMESTAMPTZ without a `timestamp_format`: \
                             the load procedure CASTs it, reading layouts the job's conversion does not"
                        ));
                    }
                },
                _ => None,
            };
            let format = format.map_or_else(String::new, |f| format!(", {}", python::string(f)));
            Ok(format!(
                "Convert({}, {}{format})",
                python::string(raw),
                python::string(&type_name(*ty))
            ))
        }
        StagedValue::Constant { ty, .. } if ty.is_text() => {
            Ok(expr_call(&spark.expr(&value.expr())?))
        }
        StagedValue::Constant { text, ty } => refuse(format!(
            "the constant '{text}' CAST to {ty}: Redshift fails the batch on text that does not \
             convert, Spark gives NULL"
        )),
        StagedValue::LoadTimestamp(DataType::Timestamp | DataType::TimestampTz) => {
            Ok(expr_call(LOAD_TIME))
        }
        StagedValue::LoadTimestamp(DataType::Date) => {
            Ok(expr_call(&format!("CAST({LOAD_TIME} AS DATE)")))
        }
        StagedValue::LoadTimestamp(ty) => refuse(format!(
            "the load time into a {ty} column: Redshift's and Spark's forms of a timestamp as {ty} differ"
        )),
        StagedValue::Expression { expr, ty } if ty.is_text() => Ok(expr_call(&spark.expr(expr)?)),
        StagedValue::Expression { ty, .. } => refuse(format!(
            "an expression CAST to {ty}: Redshift fails the batch on text that does not convert, \
             Spark gives NULL (and reads other date layouts)"
        )),
    }
}

fn filter_expr(filter: &RecordFilter, spark: &SparkSql) -> Result<String, Vec<Refusal>> {
    Ok(expr_call(&spark.expr(&filter.expr())?))
}

fn expr_call(sql: &str) -> String {
    format!("Expr({})", python::string(sql))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::backend::plan::{ColumnName, TableName};

    fn insert(values: Vec<(&str, StagedValue)>, filter: Option<RecordFilter>) -> StagedInsert {
        StagedInsert {
            table: TableName::new("stg", "t"),
            step: "load:s:stg.t".into(),
            columns: values
                .iter()
                .map(|(c, _)| ColumnName((*c).into()))
                .collect(),
            values: values.into_iter().map(|(_, v)| v).collect(),
            from: TableName::new("etl", "s_raw"),
            filter,
        }
    }

    fn expression(text: &str, ty: DataType) -> StagedValue {
        let expr =
            crate::sql::parse::parse_synthetic_expr(text, crate::spec::model::Dialect::Redshift)
                .unwrap();
        StagedValue::Expression {
            expr: Box::new(expr),
            ty,
        }
    }

    #[test]
    fn values_print_as_the_job_library_declares_them() {
        let printed = staged(
            &insert(
                vec![
                    (
                        "d",
                        StagedValue::Field {
                            raw: "f1".into(),
                            ty: DataType::Date,
                            date_format: None,
                            timestamp_format: None,
                        },
                    ),
                    (
                        "kind",
                        StagedValue::Constant {
                            text: "X".into(),
                            ty: DataType::Char(2),
                        },
                    ),
                    ("day", StagedValue::LoadTimestamp(DataType::Date)),
                    (
                        "name",
                        expression("UPPER(TRIM(f2)) || SYSDATE", DataType::Varchar(9)),
                    ),
                ],
                Some(RecordFilter::Field {
                    raw: "f0".into(),
                    equals: "H".into(),
                }),
            ),
            &SparkSql::staged(),
        )
        .unwrap();
        for expected in [
            r#"("d", Convert("f1", "date", "YYYY-MM-DD")),"#,
            r#"("kind", Expr("'X'")),"#,
            r#"("day", Expr("CAST(eltc_load_time AS DATE)")),"#,
            r#"("name", Expr("UPPER(TRIM(f2)) || eltc_load_time")),"#,
            r#"("date", "char(2)", "date", "varchar(9)",),"#,
            r#"where=Expr("TRIM(f0) = 'H'"),"#,
        ] {
            assert!(printed.contains(expected), "{expected} not in\n{printed}");
        }
    }

    #[test]
    fn casts_spark_would_compute_otherwise_are_refused() {
        let cases = [
            ("q", expression("TRIM(f1)", DataType::Integer)),
            (
                "n",
                StagedValue::Constant {
                    text: "1".into(),
                    ty: DataType::Integer,
                },
            ),
            ("at", StagedValue::LoadTimestamp(DataType::Varchar(30))),
            (
                "ts",
                StagedValue::Field {
                    raw: "f2".into(),
                    ty: DataType::TimestampTz,
                    date_format: None,
                    timestamp_format: None,
                },
            ),
        ];
        for (column, value) in cases {
            let refused = staged(&insert(vec![(column, value)], None), &SparkSql::staged())
                .expect_err(column);
            assert_eq!(refused[0].code, Code::GlueStagedValue);
            assert!(
                refused[0].why.starts_with(&format!("column `{column}`")),
                "{refused:?}"
            );
        }
        // What the Spark printer refuses inside an expression is reported too.
        let refused = staged(
            &insert(
                vec![("x", expression("TO_CHAR(f1)", DataType::Varchar(9)))],
                None,
            ),
            &SparkSql::staged(),
        )
        .unwrap_err();
        assert_eq!(refused[0].code, Code::GlueSparkFunction);
    }
}
