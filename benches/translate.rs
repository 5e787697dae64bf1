//! Benchmark (not a test): translation speed on the 10,000-statement Oracle
//! ELT corpus (`benches/gen_oracle_corpus.py --count 10000 --seed 1`, about
//! 8 MB), run by `benches/translate.sh`, which prepares the corpus and the
//! sqlglot virtual environments and then calls `cargo bench --bench translate`.
//!
//! Prints, in one run: sqlparser's own parse-and-print rate (the floor under
//! any translation built on it), eltc's translation rate, both on one core
//! and on all cores, eltc's peak resident memory, sqlglot 30.30's
//! `transpile(read="oracle", write="redshift")` rate in pure Python and with
//! sqlglotc (when the script set up their interpreters), and the ratios the
//! issue targets: eltc all-core >= 70 % of the floor's all-core rate, eltc
//! >= 30x pure sqlglot, under 100 MB resident.
//!
//! Statements are independent (the corpus has no DDL), so all-core runs split
//! them into one contiguous chunk per core.

use std::path::Path;
use std::process::Command;
use std::thread;
use std::time::Instant;

use eltc::diag::SourceMap;
use eltc::sql::script::translate_script;
use sqlparser::dialect::OracleDialect;
use sqlparser::parser::Parser;

/// Rate of one measured run.
struct Rate {
    statements: usize,
    bytes: usize,
    seconds: f64,
}

impl Rate {
    fn per_second(&self) -> f64 {
        self.statements as f64 / self.seconds
    }
    fn mb_per_second(&self) -> f64 {
        self.bytes as f64 / self.seconds / 1_000_000.0
    }
}

fn main() {
    let path =
        std::env::var("ELTC_BENCH_CORPUS").unwrap_or_else(|_| "target/bench/corpus_10k.sql".into());
    let corpus = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("{path}: {e}; run benches/translate.sh, which generates it"));
    let statements = split(&corpus);
    let cores = thread::available_parallelism().map_or(1, usize::from);
    println!(
        "corpus: {} statements, {:.1} MB, {cores} cores",
        statements.len(),
        corpus.len() as f64 / 1e6
    );

    // eltc first, so the peak memory read after it is eltc's (plus the corpus).
    let (eltc_one, failed) = best_of(3, || eltc(&statements, 1));
    let peak_after_eltc = peak_resident_mb();
    let (eltc_all, _) = best_of(3, || eltc(&statements, cores));
    let (floor_one, _) = best_of(3, || floor(&statements, 1));
    let (floor_all, _) = best_of(3, || floor(&statements, cores));

    println!("\n{:<40} {:>12} {:>8}", "", "stmts/s", "MB/s");
    row("sqlparser parse+print, 1 core (floor)", &floor_one);
    row(
        &format!("sqlparser parse+print, {cores} cores (floor)"),
        &floor_all,
    );
    row("eltc translate, 1 core", &eltc_one);
    row(&format!("eltc translate, {cores} cores"), &eltc_all);
    println!(
        "\neltc: {failed} of {} statements raised an error diagnostic (not translated)",
        statements.len()
    );
    println!(
        "eltc peak resident memory: {peak_after_eltc:.1} MB (whole bench process, corpus included)"
    );

    let all_core_share = eltc_all.per_second() / floor_all.per_second();
    println!(
        "\neltc all-core / floor all-core: {:.0} % (target >= 70 %)",
        all_core_share * 100.0
    );
    for (label, var) in [
        ("sqlglot (pure Python)", "ELTC_BENCH_SQLGLOT_PYTHON"),
        ("sqlglot + sqlglotc", "ELTC_BENCH_SQLGLOTC_PYTHON"),
    ] {
        match sqlglot(var, &path) {
            Some((rate, failed)) => {
                row(label, &rate);
                println!(
                    "  {failed} statements raised; eltc 1 core is {:.1}x, eltc all cores {:.1}x this rate",
                    eltc_one.per_second() / rate.per_second(),
                    eltc_all.per_second() / rate.per_second()
                );
            }
            None => println!("{label}: skipped ({var} not set; benches/translate.sh sets it)"),
        }
    }
}

fn row(label: &str, rate: &Rate) {
    println!(
        "{label:<40} {:>12.0} {:>8.2}",
        rate.per_second(),
        rate.mb_per_second()
    );
}

/// Statements of the corpus: each ends with `;` at the end of a line.
fn split(corpus: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = 0;
    for (offset, _) in corpus.match_indices(";\n") {
        out.push(corpus[start..offset].trim());
        start = offset + 2;
    }
    out.retain(|s| !s.is_empty());
    out
}

fn best_of(runs: usize, mut run: impl FnMut() -> (Rate, usize)) -> (Rate, usize) {
    (0..runs)
        .map(|_| run())
        .min_by(|a, b| a.0.seconds.total_cmp(&b.0.seconds))
        .expect("at least one run")
}

/// Runs `work` over `threads` contiguous chunks and times the whole; `count`
/// then turns each chunk's result into a number of failed statements, outside
/// the measured time.
fn chunked<R: Send>(
    statements: &[&str],
    threads: usize,
    work: impl Fn(&[&str]) -> R + Sync,
    count: impl Fn(&[&str], R) -> usize,
) -> (Rate, usize) {
    let chunk = statements.len().div_ceil(threads.max(1));
    let bytes = statements.iter().map(|s| s.len()).sum();
    let start = Instant::now();
    let results: Vec<R> = thread::scope(|scope| {
        let handles: Vec<_> = statements
            .chunks(chunk)
            .map(|part| scope.spawn(|| work(part)))
            .collect();
        handles
            .into_iter()
            .map(|h| h.join().expect("worker"))
            .collect()
    });
    let rate = Rate {
        statements: statements.len(),
        bytes,
        seconds: start.elapsed().as_secs_f64(),
    };
    let failed = statements
        .chunks(chunk)
        .zip(results)
        .map(|(part, result)| count(part, result))
        .sum();
    (rate, failed)
}

/// eltc's translation, one script per chunk (as `eltc translate` reads a file);
/// counts the statements that raised an error diagnostic.
fn eltc(statements: &[&str], threads: usize) -> (Rate, usize) {
    chunked(
        statements,
        threads,
        |part| {
            let text = part.iter().map(|s| format!("{s};\n")).collect::<String>();
            let mut sources = SourceMap::new();
            let file = sources.add("corpus.sql", text.clone());
            let script = translate_script(file, &text);
            let errors: Vec<usize> = script
                .diagnostics
                .iter()
                .filter(|d| d.is_error())
                .map(|d| d.primary.span.range.start)
                .collect();
            (text, errors)
        },
        |_, (text, errors)| {
            // Statement starts, to map each error to the statement it is in.
            let ends: Vec<usize> = text.match_indices(";\n").map(|(i, _)| i).collect();
            let mut failed: Vec<usize> = errors
                .iter()
                .map(|offset| ends.partition_point(|end| end < offset))
                .collect();
            failed.sort_unstable();
            failed.dedup();
            failed.len()
        },
    )
}

/// sqlparser alone: parse with the Oracle dialect and print, per statement;
/// counts the statements it cannot parse.
fn floor(statements: &[&str], threads: usize) -> (Rate, usize) {
    chunked(statements, threads, parse_and_print, |_, failed| failed)
}

fn parse_and_print(part: &[&str]) -> usize {
    let mut failed = 0;
    for sql in part {
        match Parser::parse_sql(&OracleDialect {}, sql) {
            Ok(parsed) => {
                for statement in parsed {
                    std::hint::black_box(statement.to_string());
                }
            }
            Err(_) => failed += 1,
        }
    }
    failed
}

/// sqlglot through the interpreter named by `var`: `benches/sqlglot_bench.py`
/// prints one JSON line.
fn sqlglot(var: &str, corpus: &str) -> Option<(Rate, usize)> {
    let python = std::env::var(var).ok()?;
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("benches/sqlglot_bench.py");
    let output = Command::new(python).arg(script).arg(corpus).output().ok()?;
    let line = String::from_utf8_lossy(&output.stdout);
    let value: serde_json::Value = serde_json::from_str(line.trim()).ok()?;
    let rate = Rate {
        statements: value["statements"].as_u64()? as usize,
        bytes: std::fs::metadata(corpus).ok()?.len() as usize,
        seconds: value["seconds"].as_f64()?,
    };
    Some((rate, value["failed"].as_u64()? as usize))
}

/// VmHWM of this process, in MB (Linux).
fn peak_resident_mb() -> f64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|status| {
            status.lines().find_map(|line| {
                line.strip_prefix("VmHWM:")?
                    .trim()
                    .strip_suffix("kB")?
                    .trim()
                    .parse::<f64>()
                    .ok()
            })
        })
        .map_or(f64::NAN, |kb| kb / 1024.0)
}
