//! Resolution of `tests:`: unique case names, batch params (every declared
//! param, values of its type), fixture directories and expected-rows files.

use super::files::PathKind;
use super::{Ctx, Tables};
use crate::diag::{Code, Diagnostic};
use crate::spec::model::{Batch, DataType, Expectation, Param, Subject, TestCase};
use crate::spec::raw::{RawBatch, RawExpect, RawTest, Spanned};

impl Ctx<'_> {
    /// `tests:`; failed cases are left out (reported).
    pub(super) fn test_cases(
        &mut self,
        raw: Option<&[RawTest]>,
        tables: &Tables,
        params: &[Param],
    ) -> Vec<TestCase> {
        let mut cases = Vec::new();
        let mut seen = Vec::new();
        for test in raw.unwrap_or_default() {
            let Some(name) = self.identifier(&test.name, "test name") else {
                continue;
            };
            if !self.unique_name(&mut seen, &name, &test.name.span, "test") {
                continue;
            }
            let mut batches = Some(Vec::new());
            for batch in &test.batches.value {
                let resolved = self.batch(batch, tables, params);
                batches = batches.zip(resolved).map(|(mut all, one)| {
                    all.push(one);
                    all
                });
            }
            if let Some(batches) = batches {
                cases.push(TestCase {
                    name,
                    batches,
                    span: test.name.span.clone(),
                });
            }
        }
        cases
    }

    fn batch(&mut self, raw: &RawBatch, tables: &Tables, params: &[Param]) -> Option<Batch> {
        let values = self.batch_params(raw, params);
        let given = self.fixture_path(&raw.given, PathKind::Dir);
        let mut expect = Some(Vec::new());
        for expectation in raw.expect.iter().flat_map(|e| e.value.iter()) {
            let resolved = self.expectation(expectation, tables);
            expect = expect.zip(resolved).map(|(mut all, one)| {
                all.push(one);
                all
            });
        }
        Some(Batch {
            params: values?,
            given: given?,
            expect: expect?,
            span: raw.span.clone(),
        })
    }

    /// Values for every declared param, in declaration order, each of its type.
    fn batch_params(&mut self, raw: &RawBatch, params: &[Param]) -> Option<Vec<(String, String)>> {
        let mut ok = true;
        for (name, value) in &raw.params.entries {
            let Some(param) = self.param(params, &name.value, name.span.clone()) else {
                ok = false;
                continue;
            };
            if let Some(value) = value
                && let Err(expected) = check_value(param.ty, &value.value)
            {
                self.bad_param_value(param, value, &expected);
                ok = false;
            }
        }
        let mut values = Vec::new();
        for param in params {
            let written = raw
                .params
                .entries
                .iter()
                .find(|(name, _)| name.value.eq_ignore_ascii_case(&param.name));
            match written {
                Some((_, Some(value))) => values.push((param.name.clone(), value.value.clone())),
                Some((_, None)) => ok = false,
                None => {
                    self.error(
                        Diagnostic::new(
                            Code::MissingKey,
                            raw.params.span.clone(),
                            format!("no value for param `{}`", param.name),
                        )
                        .label(format!("`{}` missing here", param.name))
                        .also(param.span.clone(), "param declared here")
                        .help(format!(
                            "a batch gives every param a value: add `{}: ...`",
                            param.name
                        )),
                    );
                    ok = false;
                }
            }
        }
        ok.then_some(values)
    }

    fn bad_param_value(&mut self, param: &Param, value: &Spanned<String>, expected: &str) {
        self.error(
            Diagnostic::new(
                Code::InvalidValue,
                value.span.clone(),
                format!(
                    "`{}` is not a valid value of param `{}`",
                    value.value, param.name
                ),
            )
            .label(format!("not {expected}"))
            .also(
                param.span.clone(),
                format!("`{}` is {}", param.name, param.ty),
            )
            .help(format!("write {expected}")),
        );
    }

    fn expectation(&mut self, raw: &RawExpect, tables: &Tables) -> Option<Expectation> {
        let subject = match (&raw.table, &raw.query) {
            (Some(table), None) => {
                self.table(tables, table)?;
                Subject::Table(self.qualified(table)?)
            }
            (None, Some(query)) => Subject::Query(query.value.clone()),
            (Some(table), Some(query)) => {
                self.error(
                    Diagnostic::new(
                        Code::ConflictingKeys,
                        query.span.clone(),
                        "an expectation with both `table` and `query`",
                    )
                    .label("`query` here")
                    .also(table.span.clone(), "`table` here")
                    .help("compare a table or a query: keep one of them"),
                );
                return None;
            }
            (None, None) => {
                self.error(
                    Diagnostic::new(
                        Code::MissingKey,
                        raw.rows.span.clone(),
                        "an expectation without `table` or `query`",
                    )
                    .label("rows of what?")
                    .help("add `table: schema.table` or `query: SELECT ...`"),
                );
                return None;
            }
        };
        let rows = self.fixture_path(&raw.rows, PathKind::File)?;
        Some(Expectation {
            subject,
            rows,
            ordered: raw.ordered.as_ref().is_some_and(|o| o.value),
            span: raw.span.clone(),
        })
    }
}

/// Checks a test value against a param type; `Err` says what was expected.
fn check_value(ty: DataType, value: &str) -> Result<(), String> {
    let ok = match ty {
        DataType::Date => is_date(value),
        DataType::Timestamp | DataType::TimestampTz => is_timestamp(value),
        DataType::SmallInt => value.parse::<i16>().is_ok(),
        DataType::Integer => value.parse::<i32>().is_ok(),
        DataType::BigInt => value.parse::<i64>().is_ok(),
        DataType::Decimal { precision, scale } => is_decimal(value, precision, scale),
        DataType::Varchar(n) => value.len() <= n as usize,
        _ => true,
    };
    if ok {
        return Ok(());
    }
    Err(match ty {
        DataType::Date => "a date `YYYY-MM-DD`".into(),
        DataType::Timestamp | DataType::TimestampTz => "a timestamp `YYYY-MM-DD HH:MI:SS`".into(),
        DataType::Varchar(n) => format!("text of at most {n} bytes"),
        other => format!("a {} value", other.to_string().to_lowercase()),
    })
}

fn is_date(value: &str) -> bool {
    let parts: Vec<&str> = value.split('-').collect();
    let [year, month, day] = parts.as_slice() else {
        return false;
    };
    let digits = |s: &str, n: usize| s.len() == n && s.bytes().all(|b| b.is_ascii_digit());
    if !(digits(year, 4) && digits(month, 2) && digits(day, 2)) {
        return false;
    }
    let (year, month, day) = (
        year.parse::<u32>().unwrap_or(0),
        month.parse::<u32>().unwrap_or(0),
        day.parse::<u32>().unwrap_or(0),
    );
    let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
    let days = match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return false,
    };
    (1..=days).contains(&day)
}

fn is_timestamp(value: &str) -> bool {
    let Some((date, time)) = value.split_once([' ', 'T']) else {
        return is_date(value);
    };
    let parts: Vec<&str> = time.split(':').collect();
    let valid_time = match parts.as_slice() {
        [h, m] | [h, m, _] => {
            let seconds_ok = parts.get(2).is_none_or(|s| {
                let whole = s.split('.').next().unwrap_or("");
                whole.len() == 2 && whole.parse::<u32>().is_ok_and(|v| v < 60)
            });
            h.len() == 2
                && h.parse::<u32>().is_ok_and(|v| v < 24)
                && m.len() == 2
                && m.parse::<u32>().is_ok_and(|v| v < 60)
                && seconds_ok
        }
        _ => false,
    };
    is_date(date) && valid_time
}

fn is_decimal(value: &str, precision: u8, scale: u8) -> bool {
    let unsigned = value.strip_prefix(['-', '+']).unwrap_or(value);
    let (whole, fraction) = unsigned.split_once('.').unwrap_or((unsigned, ""));
    let digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    !whole.is_empty()
        && digits(whole)
        && digits(fraction)
        && fraction.len() <= scale as usize
        && whole.trim_start_matches('0').len() <= (precision - scale) as usize
}

#[cfg(test)]
mod tests {
    use super::check_value;
    use crate::spec::model::DataType;

    #[test]
    fn param_values_by_type() {
        assert!(check_value(DataType::Date, "2019-06-28").is_ok());
        assert!(check_value(DataType::Date, "2019-02-29").is_err());
        assert!(check_value(DataType::Date, "28-JUN-2019").is_err());
        assert!(check_value(DataType::Timestamp, "2019-06-28 23:59:59").is_ok());
        assert!(check_value(DataType::Timestamp, "2019-06-28 24:00").is_err());
        assert!(check_value(DataType::Integer, "42").is_ok());
        assert!(check_value(DataType::SmallInt, "70000").is_err());
        assert!(
            check_value(
                DataType::Decimal {
                    precision: 5,
                    scale: 2
                },
                "123.45"
            )
            .is_ok()
        );
        assert!(
            check_value(
                DataType::Decimal {
                    precision: 5,
                    scale: 2
                },
                "1234.5"
            )
            .is_err()
        );
        assert!(check_value(DataType::Varchar(3), "abcd").is_err());
    }
}
