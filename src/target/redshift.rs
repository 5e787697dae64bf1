//! Amazon Redshift: the trees as the translation built them, every physical
//! option kept, COPY from the manifest the runtime wrote.

use std::borrow::Cow;

use sqlparser::ast::{Expr, Query, Statement};

use super::read::{Layout, SourceRead};
use super::{LoadSource, LoadStatement, Target, ident, literal, qualified};
use crate::spec::model::{CopyRole, Encoding};

/// See [`super::REDSHIFT`].
#[derive(Clone, Copy, Debug, Default)]
pub struct Redshift;

impl Target for Redshift {
    fn name(&self) -> &'static str {
        "redshift"
    }

    fn literal(&self, text: &str) -> String {
        literal::literal(text, true)
    }

    fn expr(&self, expr: &Expr) -> String {
        expr.to_string()
    }

    fn query<'a>(&self, query: &'a Query) -> Cow<'a, Query> {
        Cow::Borrowed(query)
    }

    fn statement<'a>(&self, statement: &'a Statement) -> Cow<'a, Statement> {
        Cow::Borrowed(statement)
    }

    fn header_notes(&self) -> &'static [&'static str] {
        &[]
    }

    fn physical_options(&self) -> bool {
        true
    }

    fn informational_constraints(&self) -> bool {
        true
    }

    fn creates_read_only_tables(&self) -> bool {
        false
    }

    fn grants(&self) -> bool {
        true
    }

    fn identity(&self, seed: i64, step: i64) -> String {
        format!("IDENTITY({seed}, {step})")
    }

    fn load_statement(&self, load: &LoadSource<'_>) -> LoadStatement {
        let read = load.read;
        let columns: Vec<String> = read.columns.iter().map(|c| ident(&c.name)).collect();
        LoadStatement {
            head: format!(
                "COPY {} ({}) FROM ",
                qualified(&read.table.schema, &read.table.name),
                columns.join(", ")
            ),
            from: format!(
                "quote_literal(p_landing || {})",
                self.literal(load.manifest)
            ),
            options: copy_options(read, load.role, load.region)
                .iter()
                .map(|o| format!(" {o}"))
                .collect(),
        }
    }

    fn handler_reraises(&self) -> bool {
        false
    }

    /// GETDATE(): "the start of the current statement", where SYSDATE is the
    /// start of the current transaction
    /// (<https://docs.aws.amazon.com/redshift/latest/dg/r_GETDATE.html>,
    /// <https://docs.aws.amazon.com/redshift/latest/dg/r_SYSDATE.html>).
    fn statement_clock(&self) -> &'static str {
        "GETDATE()"
    }

    fn deploys(&self) -> bool {
        true
    }
}

/// The COPY option clauses after `FROM '<manifest>'` for `read`, each complete,
/// in a fixed order (r_COPY.html lists each parameter). A default the plan
/// leaves out is not written; the statistics updates are always off (the
/// load procedure runs per batch).
fn copy_options(read: &SourceRead, role: &CopyRole, region: Option<&str>) -> Vec<String> {
    let lit = |s: &str| Redshift.literal(s);
    let mut options = vec![
        match role {
            CopyRole::Default => "IAM_ROLE default".to_string(),
            CopyRole::Arn(arn) => format!("IAM_ROLE {}", lit(arn)),
        },
        "MANIFEST".to_string(),
    ];
    // COPY reads a bucket of another Region only when told which
    // (docs/redshift.md#copy-from-another-region); the manifest and the
    // files it lists are in the same bucket.
    if let Some(region) = region {
        options.push(format!("REGION {}", lit(region)));
    }
    let char = |c: char| lit(&c.to_string());
    match &read.layout {
        Layout::Csv { delimiter, quote } => {
            options.push(format!("CSV QUOTE AS {}", char(*quote)));
            options.push(format!("DELIMITER {}", char(*delimiter)));
        }
        Layout::Delimited { delimiter, escape } => {
            options.push(format!("DELIMITER {}", char(*delimiter)));
            if *escape {
                options.push("ESCAPE".into());
            }
        }
        Layout::FixedWidth { widths } => {
            let spec: Vec<String> = read
                .columns
                .iter()
                .zip(widths)
                .map(|(column, width)| format!("{}:{width}", ident(&column.name)))
                .collect();
            options.push(format!("FIXEDWIDTH {}", lit(&spec.join(","))));
        }
    }
    match read.encoding {
        Encoding::Utf8 => {}
        Encoding::Utf16 => options.push("ENCODING UTF16".into()),
        Encoding::Utf16Le => options.push("ENCODING UTF16LE".into()),
        Encoding::Utf16Be => options.push("ENCODING UTF16BE".into()),
    }
    if read.header_lines > 0 {
        options.push(format!("IGNOREHEADER {}", read.header_lines));
    }
    if read.empty_as_null {
        options.push("EMPTYASNULL".into());
    }
    if read.blanks_as_null {
        options.push("BLANKSASNULL".into());
    }
    if let Some(marker) = &read.null_as {
        options.push(format!("NULL AS {}", lit(marker)));
    }
    if let Some(format) = &read.date_format {
        options.push(format!("DATEFORMAT {}", lit(format)));
    }
    if let Some(format) = &read.timestamp_format {
        options.push(format!("TIMEFORMAT {}", lit(format)));
    }
    if read.fill_record {
        options.push("FILLRECORD".into());
    }
    if read.max_errors > 0 {
        options.push(format!("MAXERROR {}", read.max_errors));
    }
    if read.round_decimals {
        options.push("ROUNDEC".into());
    }
    options.push("COMPUPDATE OFF".into());
    options.push("STATUPDATE OFF".into());
    options
}
