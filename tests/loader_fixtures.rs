//! Fixtures of the test loader (`eltc::runner::loader`): one directory per
//! COPY option under tests/fixtures/loader/<case>/, with
//!
//! - `copy.txt`: `#` comments citing the AWS rule or example the case checks,
//!   `column: <name> <type> [not null]` lines (the COPY's column list) and the
//!   COPY's option clauses, one per line, as r_COPY.html writes them: read
//!   here into the plan's typed [`SourceRead`], and printed back by the
//!   Redshift target to the same clauses (so each case checks the printer too);
//! - `input.txt`: the landed file, bytes as is;
//! - `expected.pgcopy`: the PostgreSQL COPY text the loader must write;
//! - `rejected.txt` (optional): the rejected records, `line|column|code` each;
//! - `error.txt` (instead of `expected.pgcopy`): the load must fail (MAXERROR
//!   exceeded) with these rejected records.
//!
//! Expected values come from the AWS COPY documentation cited in each
//! `copy.txt`, never from the loader's output. Also here: the CopySpec the
//! plan gives for real pipelines (market_data and the hand-built staged one).

use std::fs;
use std::path::{Path, PathBuf};

use eltc::runner::loader::{CopySpec, Layout, LoadError, Rejected, load};
use eltc::spec::model::{CopyRole, DataType, Encoding};
use eltc::spec::types::parse_type;
use eltc::target::{self, LoadSource, REDSHIFT, ReadColumn, SourceRead, Target};

fn cases() -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/loader");
    let mut dirs: Vec<PathBuf> = fs::read_dir(&root)
        .expect("tests/fixtures/loader exists")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.is_dir())
        .collect();
    dirs.sort();
    dirs
}

/// The COPY of a case: its column list and option clauses, as the typed
/// read; the Redshift target must print the clauses back as written.
fn copy_of(dir: &Path) -> CopySpec {
    let text = fs::read_to_string(dir.join("copy.txt")).expect("copy.txt");
    let mut read = SourceRead::default();
    let mut options = Vec::new();
    let (mut csv, mut delimiter, mut escape) = (None, None, false);
    for line in text.lines().map(str::trim) {
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        if let Some(column) = line.strip_prefix("column:") {
            let column = column.trim();
            let lower = column.to_ascii_lowercase();
            let not_null = lower.ends_with(" not null");
            let column = column[..column.len() - if not_null { 9 } else { 0 }].trim();
            let (name, ty) = column.split_once(' ').expect("column: <name> <type>");
            read.columns.push(ReadColumn {
                name: name.to_string(),
                ty: parse_type(ty).unwrap_or_else(|e| panic!("{}: {}", dir.display(), e.message)),
                not_null,
            });
            continue;
        }
        options.push(line.to_string());
        let (keyword, rest) = line.split_once(' ').unwrap_or((line, ""));
        let quoted = || {
            let inner = rest
                .trim_start_matches("QUOTE AS ")
                .trim_start_matches("AS ");
            let inner = inner.strip_prefix('\'').and_then(|t| t.strip_suffix('\''));
            inner
                .filter(|t| !t.contains(['\'', '\\']))
                .unwrap_or_else(|| panic!("{}: plain literal expected: {line}", dir.display()))
                .to_string()
        };
        let one = |text: String| text.chars().next().expect("one character");
        let number = || rest.parse().expect("a number");
        match keyword {
            "CSV" => csv = Some(one(quoted())),
            "DELIMITER" => delimiter = Some(one(quoted())),
            "ESCAPE" => escape = true,
            "FIXEDWIDTH" => {
                let widths = quoted()
                    .split(',')
                    .map(|p| p.rsplit_once(':').and_then(|(_, w)| w.parse().ok()))
                    .collect::<Option<_>>()
                    .expect("label:width,...");
                read.layout = target::Layout::FixedWidth { widths };
            }
            "ENCODING" if rest == "UTF16LE" => read.encoding = Encoding::Utf16Le,
            "IGNOREHEADER" => read.header_lines = number(),
            "EMPTYASNULL" => read.empty_as_null = true,
            "BLANKSASNULL" => read.blanks_as_null = true,
            "NULL" => read.null_as = Some(quoted()),
            "FILLRECORD" => read.fill_record = true,
            "DATEFORMAT" => read.date_format = Some(quoted()),
            "TIMEFORMAT" => read.timestamp_format = Some(quoted()),
            "MAXERROR" => read.max_errors = number(),
            "ROUNDEC" => read.round_decimals = true,
            _ => panic!("{}: option not read by this test: {line}", dir.display()),
        }
    }
    if !matches!(read.layout, target::Layout::FixedWidth { .. }) {
        if csv.is_none() && delimiter.is_none() {
            // The printer always names the delimiter, COPY's default `|` too.
            options.push("DELIMITER '|'".into());
        }
        read.layout = match csv {
            Some(quote) => target::Layout::Csv {
                delimiter: delimiter.unwrap_or(','),
                quote,
            },
            None => target::Layout::Delimited {
                delimiter: delimiter.unwrap_or('|'),
                escape,
            },
        };
    }
    assert_eq!(
        printed_options(&read),
        sorted(options),
        "{}: the Redshift target prints the read back",
        dir.display()
    );
    CopySpec::new(&read).unwrap_or_else(|e| panic!("{}: copy.txt: {e}", dir.display()))
}

/// The option clauses the Redshift target prints for `read`, without the
/// ones every COPY has, sorted.
fn printed_options(read: &SourceRead) -> Vec<String> {
    let statement = REDSHIFT.load_statement(&LoadSource {
        read,
        manifest: "m",
        role: &CopyRole::Default,
        region: None,
    });
    let always = [
        "IAM_ROLE default",
        "MANIFEST",
        "COMPUPDATE OFF",
        "STATUPDATE OFF",
    ];
    sorted(
        statement
            .options
            .iter()
            .map(|o| o.trim().to_string())
            .filter(|o| !always.contains(&o.as_str()))
            .collect(),
    )
}

fn sorted(mut options: Vec<String>) -> Vec<String> {
    options.sort();
    options
}

fn summary(rejected: &[Rejected]) -> String {
    rejected
        .iter()
        .map(|r| {
            format!(
                "{}|{}|{}\n",
                r.line,
                r.column.as_deref().unwrap_or(""),
                r.error_code
            )
        })
        .collect()
}

fn check_case(dir: &Path) -> Result<(), String> {
    let name = dir.file_name().unwrap_or_default().to_string_lossy();
    let copy = copy_of(dir);
    let input = fs::read(dir.join("input.txt")).map_err(|e| format!("{name}: input.txt: {e}"))?;
    let mut out = Vec::new();
    let result = load(&copy, input.as_slice(), "input.txt", &mut out);
    let read = |file: &str| fs::read_to_string(dir.join(file)).ok();
    match (result, read("error.txt")) {
        (Err(LoadError::TooManyErrors { rejected, .. }), Some(expected)) => {
            if summary(&rejected) != expected {
                return Err(format!(
                    "{name}: rejected\n{}expected\n{expected}",
                    summary(&rejected)
                ));
            }
        }
        (Ok(report), None) => {
            let expected = read("expected.pgcopy").ok_or(format!("{name}: no expected.pgcopy"))?;
            let got = String::from_utf8_lossy(&out);
            if got != expected {
                return Err(format!("{name}: output\n{got:?}\nexpected\n{expected:?}"));
            }
            let expected_rejects = read("rejected.txt").unwrap_or_default();
            if summary(&report.rejected) != expected_rejects {
                return Err(format!(
                    "{name}: rejected\n{}expected\n{expected_rejects}",
                    summary(&report.rejected)
                ));
            }
            if report.rows != expected.lines().count() as u64 {
                return Err(format!("{name}: {} rows reported", report.rows));
            }
        }
        (result, expected_error) => {
            return Err(format!(
                "{name}: got {:?}, expected error: {expected_error:?}",
                result.map(|r| r.rows)
            ));
        }
    }
    Ok(())
}

#[test]
fn loader_fixtures_give_what_copy_stores() {
    let cases = cases();
    // A floor, so that a fixture directory lost by mistake fails the suite.
    assert!(cases.len() >= 24, "only {} loader fixtures", cases.len());
    let failures: Vec<String> = cases.iter().filter_map(|d| check_case(d).err()).collect();
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

#[test]
fn rejected_records_carry_what_stl_load_errors_shows() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/loader/maxerror_exceeded");
    let copy = copy_of(&dir);
    let input = fs::read(dir.join("input.txt")).expect("input");
    let error = load(&copy, input.as_slice(), "prices.csv", &mut Vec::new()).expect_err("fails");
    let LoadError::TooManyErrors { rejected, .. } = &error else {
        panic!("{error}");
    };
    assert_eq!(rejected[1].file, "prices.csv");
    assert_eq!(rejected[1].raw_line, "3,2024-13-01");
    let message = error.to_string();
    assert!(message.contains("prices.csv:2 column `id`"), "{message}");
    assert!(message.contains("error 1205"), "{message}");
}

#[test]
fn copy_spec_from_the_market_data_plan() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("pipelines/market_data");
    let mut sources = eltc::diag::SourceMap::new();
    let (pipeline, diagnostics) = eltc::spec::load_pipeline(&dir, &mut sources);
    let pipeline = pipeline.unwrap_or_else(|| panic!("{diagnostics:#?}"));
    let (plan, _) = eltc::backend::plan::build(&pipeline, &sources);
    let load_of = |name: &str| {
        let load = plan
            .loads
            .iter()
            .find(|l| l.source == name)
            .expect("source");
        CopySpec::new(&load.copy).expect("the loader reproduces every planned COPY")
    };
    // pipeline.yaml: security has fill_missing and max_errors 50; eod_price DD-MON-YYYY.
    let security = load_of("security");
    assert!(security.fill_record && security.empty_as_null && security.round_decimals);
    assert_eq!(security.max_errors, 50);
    assert_eq!(
        security.layout,
        Layout::Csv {
            delimiter: b',',
            quote: b'"'
        }
    );
    let eod = load_of("eod_price");
    assert_eq!(eod.max_errors, 0);
    let date = eod
        .columns
        .iter()
        .find(|c| c.ty == DataType::Date)
        .expect("a DATE column");
    let mut out = Vec::new();
    let row = format!("{}\n", date.name);
    assert!(
        load(&eod, row.as_bytes(), "x", &mut out).is_err(),
        "one field for several columns"
    );
    assert_eq!(
        eod.date_format,
        eltc::runner::loader::datetime::DateTimeFormat::parse("DD-MON-YYYY").expect("parses")
    );
}

#[test]
fn copy_spec_of_a_staged_source_is_all_varchar() {
    let (pipeline, sources) = crate::support::model::staged();
    let (plan, _) = eltc::backend::plan::build(&pipeline, &sources);
    let staged: Vec<_> = plan.loads.iter().filter(|l| l.raw.is_some()).collect();
    assert!(
        !staged.is_empty(),
        "the hand-built pipeline has a staged source"
    );
    for load in staged {
        let copy = CopySpec::new(&load.copy).expect("reproducible");
        assert!(
            copy.columns
                .iter()
                .all(|c| c.ty == DataType::Varchar(65535) && !c.not_null)
        );
        // A raw COPY is untyped: no ROUNDEC (src/backend/plan/load.rs).
        assert!(!copy.round_decimals);
    }
}
