//! The test loader of `eltc test`: a landed file in, what the generated
//! Redshift COPY would have stored out, as PostgreSQL COPY text, so that the
//! PostgreSQL form of the pipeline sees the rows Redshift would see
//! (src/target/postgres.rs, entry 3, is the contract).
//!
//! Pure conversion, streaming: no database, no per-record allocation in the
//! steady state (buffers are reused), nothing held but the current record.
//!
//! # API (for the runner)
//!
//! ```no_run
//! # use std::io::BufReader;
//! # fn demo(pipeline: &eltc::spec::model::Pipeline, plan: &eltc::backend::plan::Plan,
//! #         client: &mut postgres::Client) -> Result<(), Box<dyn std::error::Error>> {
//! use eltc::runner::loader::{CopySpec, load};
//! let source_load = &plan.loads[0];
//! let copy = CopySpec::new(&source_load.copy)?;
//! let file = BufReader::new(std::fs::File::open("given/eod_price.csv")?);
//! let mut sink = client.copy_in("COPY ... (cols) FROM STDIN")?; // columns = copy.columns, in order
//! let report = load(&copy, file, "eod_price.csv", &mut sink)?; // Err: drop `sink` unfinished, which aborts the COPY
//! sink.finish()?;
//! for rejected in &report.rejected { println!("{rejected}"); }
//! # Ok(()) }
//! ```
//!
//! - [`CopySpec::new`] takes the COPY the plan runs for one source, typed
//!   ([`SourceRead`](crate::target::SourceRead): its column list with
//!   Redshift types for a direct COPY, VARCHAR(65535) for a raw table, and
//!   its options), with COPY's defaults filled in; no COPY text is parsed.
//! - [`load`] writes one line per loaded record to `out` (tab-separated, `\N`
//!   for NULL, backslash escapes), in file order, and returns a
//!   [`LoadReport`]: rows written and the records rejected, each a
//!   [`Rejected`] with what STL_LOAD_ERRORS would hold (file, line, column,
//!   position, error code, reason, raw line). When the rejected records
//!   outnumber MAXERROR the load fails with [`LoadError::TooManyErrors`]
//!   listing them, as the COPY would (MAXERROR 0 fails on the first).
//!
//! # Semantics
//!
//! Splitting ([`split`]), the NULL matrix and type conversions ([`convert`]),
//! DATEFORMAT / TIMEFORMAT ([`datetime`]) each cite the AWS pages they follow.
//! Record routing (`when`) and column expressions are not the loader's: a
//! source that needs them is staged, its COPY loads the all-VARCHAR raw table
//! (which this loader fills), and the load procedure's INSERT ... SELECT does
//! the rest in SQL on both engines. An empty line is rejected (1211). Line
//! endings: CSV accepts CRLF; delimited and fixed-width text keep a carriage
//! return as data, as COPY does. UTF-16 input is converted to UTF-8 first
//! ([`encoding`]).

pub mod convert;
pub mod datetime;
pub mod encoding;
pub mod spec;
pub mod split;

use std::fmt;
use std::io::{self, BufRead, BufReader, Write};

pub use spec::{CopySpec, Layout, SpecError};

use convert::{Converter, FieldError, FieldText};
use split::{Record, Splitter};

use crate::spec::model::Encoding;

/// A record COPY would reject: the columns of STL_LOAD_ERRORS that matter.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Rejected {
    /// The file's name.
    pub file: String,
    /// Physical line (1-based) where the record starts.
    pub line: u64,
    /// The column whose field failed; `None` when the record as a whole did.
    pub column: Option<String>,
    /// Byte position of the error, in the field (or the record).
    pub position: usize,
    /// AWS load error code (r_Load_Error_Reference.html).
    pub error_code: u32,
    /// Why.
    pub reason: String,
    /// The record as written (lossy UTF-8, at most 1024 characters as in STL_LOAD_ERRORS).
    pub raw_line: String,
}

impl fmt::Display for Rejected {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}", self.file, self.line)?;
        if let Some(column) = &self.column {
            write!(f, " column `{column}`")?;
        }
        write!(
            f,
            " (position {}): error {}: {}: {:?}",
            self.position, self.error_code, self.reason, self.raw_line
        )
    }
}

/// What a successful load did.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct LoadReport {
    /// Records written to the output.
    pub rows: u64,
    /// Records rejected (at most MAXERROR of them).
    pub rejected: Vec<Rejected>,
}

/// Why a load failed.
#[derive(Debug)]
pub enum LoadError {
    /// Reading the file or writing the output failed.
    Io(io::Error),
    /// More rejected records than MAXERROR: the COPY fails and loads nothing.
    TooManyErrors {
        /// The table of the COPY.
        table: String,
        /// MAXERROR.
        max_errors: u32,
        /// The rejected records, the last one over the limit.
        rejected: Vec<Rejected>,
    },
}

impl fmt::Display for LoadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            LoadError::Io(e) => write!(f, "cannot load: {e}"),
            LoadError::TooManyErrors {
                table,
                max_errors,
                rejected,
            } => {
                write!(
                    f,
                    "load into table `{table}` failed: {} rejected record(s), MAXERROR is {max_errors}",
                    rejected.len()
                )?;
                rejected.iter().try_for_each(|r| write!(f, "\n  {r}"))
            }
        }
    }
}

impl std::error::Error for LoadError {}

impl From<io::Error> for LoadError {
    fn from(e: io::Error) -> Self {
        LoadError::Io(e)
    }
}

/// Loads `input` (the landed file `file_name`) as `copy` would, writing COPY
/// text to `out`. On an error, what was written must be discarded.
pub fn load<R: BufRead, W: Write>(
    copy: &CopySpec,
    input: R,
    file_name: &str,
    out: &mut W,
) -> Result<LoadReport, LoadError> {
    match copy.encoding {
        Encoding::Utf8 => run(copy, input, file_name, out),
        other => {
            let utf8 = BufReader::with_capacity(1 << 16, encoding::Utf16Reader::new(input, other));
            run(copy, utf8, file_name, out)
        }
    }
}

fn run<R: BufRead, W: Write>(
    copy: &CopySpec,
    input: R,
    file_name: &str,
    out: &mut W,
) -> Result<LoadReport, LoadError> {
    let mut splitter = Splitter::new(input, copy.layout.clone());
    let mut record = Record::default();
    let mut converter = Converter::default();
    let mut row = Vec::with_capacity(256);
    let mut report = LoadReport::default();
    splitter.skip_lines(copy.header_lines, &mut row)?;
    let escape_mode = matches!(copy.layout, Layout::Delimited { escape: true, .. });
    while splitter.next(&mut record)? {
        row.clear();
        match convert_record(copy, &record, &mut converter, escape_mode, &mut row) {
            Ok(()) => {
                row.push(b'\n');
                out.write_all(&row)?;
                report.rows += 1;
            }
            Err((column, e)) => {
                report
                    .rejected
                    .push(rejected(copy, file_name, &record, column, e));
                if report.rejected.len() > copy.max_errors as usize {
                    return Err(LoadError::TooManyErrors {
                        table: copy.table.clone(),
                        max_errors: copy.max_errors,
                        rejected: report.rejected,
                    });
                }
            }
        }
    }
    Ok(report)
}

/// The COPY text of one record into `row`, or the column index and error that reject it.
fn convert_record(
    copy: &CopySpec,
    record: &Record,
    converter: &mut Converter,
    escape_mode: bool,
    row: &mut Vec<u8>,
) -> Result<(), (Option<usize>, FieldError)> {
    let whole = |code, reason: &str, position| {
        (
            None,
            FieldError {
                code,
                reason: reason.to_string(),
                position,
            },
        )
    };
    if let Some(e) = &record.error {
        return Err(whole(e.code, e.reason, e.position));
    }
    if record.raw.is_empty() {
        return Err(whole(1211, "Input line contained no data", 0));
    }
    if record.fields.len() > copy.columns.len() {
        let position = record.fields[copy.columns.len()].raw.start;
        return Err(whole(1202, "Extra column(s) found", position));
    }
    if record.fields.len() < copy.columns.len() && !copy.fill_record {
        let missing = record.fields.len();
        let e = FieldError {
            code: 1203,
            reason: "Missing column(s): the record has fewer fields than the column list (no FILLRECORD)"
                .to_string(),
            position: record.raw.len(),
        };
        return Err((Some(missing), e));
    }
    for (i, column) in copy.columns.iter().enumerate() {
        if i > 0 {
            row.push(b'\t');
        }
        let field = match record.fields.get(i) {
            Some(f) => FieldText {
                value: Some(record.value(f)),
                raw: &record.raw[f.raw.clone()],
            },
            None => FieldText {
                value: None,
                raw: b"",
            },
        };
        converter
            .field(copy, column, field, escape_mode, row)
            .map_err(|e| (Some(i), e))?;
    }
    Ok(())
}

fn rejected(
    copy: &CopySpec,
    file_name: &str,
    record: &Record,
    column: Option<usize>,
    e: FieldError,
) -> Rejected {
    Rejected {
        file: file_name.to_string(),
        line: record.line,
        column: column
            .and_then(|i| copy.columns.get(i))
            .map(|c| c.name.clone()),
        position: e.position,
        error_code: e.code,
        reason: e.reason,
        raw_line: String::from_utf8_lossy(&record.raw)
            .chars()
            .take(1024)
            .collect(),
    }
}
