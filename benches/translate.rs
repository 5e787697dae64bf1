//! Benchmark (not a test): translation speed on the 10,000-statement Oracle
//! ELT corpus (`benches/gen_oracle_corpus.py --count 10000 --seed 1`, about
//! 8 MB) and the DDL of the tables it uses (`--ddl`, about 5 MB of CREATE
//! TABLE), run by `benches/translate.sh`, which prepares both and the
//! sqlglot virtual environments and then calls `cargo bench --bench translate`.
//!
//! Prints, in one run: sqlparser's own parse-and-print rate over the DDL
//! and the corpus (the floor under any translation built on it), the rate
//! of `eltc translate ddl.sql corpus.sql` itself (the release binary,
//! reading both files, printing the statements and rendering every
//! diagnostic as it does for a pipe), on one core (`--jobs 1`) and on all
//! (its default), its peak resident memory, how many of the corpus's
//! statements it translates (the DDL types them), sqlglot 30.30's
//! `transpile(read="oracle", write="redshift")` rate on the same files in
//! pure Python and with sqlglotc (when the script set up their
//! interpreters), and the ratios the targets are stated in: eltc all-core
//! at least 70 % of the floor's all-core rate, eltc at least 30x pure
//! sqlglot, under 100 MB resident.
//!
//! All cores: eltc uses them itself (reading and parsing, translating and
//! printing on threads of their own); its output must equal the one-core
//! output byte for byte: checked and printed. sqlparser has no parallel
//! entry point, so the floor parses one contiguous chunk of the statements
//! per core, each in a thread.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::thread;
use std::time::Instant;

use eltc::diag::{FileId, SourceMap};
use eltc::sql::script::{Piece, translate_streams};
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
    let ddl_path =
        std::env::var("ELTC_BENCH_DDL").unwrap_or_else(|_| "target/bench/ddl_10k.sql".into());
    let read = |path: &str| {
        fs::read_to_string(path)
            .unwrap_or_else(|e| panic!("{path}: {e}; run benches/translate.sh, which generates it"))
    };
    let (corpus, ddl) = (read(&path), read(&ddl_path));
    let corpus_statements = split(&corpus);
    let statements: Vec<&str> = split(&ddl)
        .into_iter()
        .chain(corpus_statements.iter().copied())
        .collect();
    let cores = thread::available_parallelism().map_or(1, usize::from);
    println!(
        "corpus: {} statements, {:.1} MB; its DDL: {} CREATE TABLE, {:.1} MB; {cores} cores",
        corpus_statements.len(),
        corpus.len() as f64 / 1e6,
        statements.len() - corpus_statements.len(),
        ddl.len() as f64 / 1e6
    );
    let work = Path::new(env!("CARGO_TARGET_TMPDIR")).join("translate-bench");
    fs::create_dir_all(&work).expect("bench directory");
    let inputs = [PathBuf::from(&ddl_path), PathBuf::from(&path)];

    let bytes = statements.iter().map(|s| s.len()).sum();
    let count = statements.len();
    let eltc_one = best_of(3, || {
        eltc(&inputs, Some(1), &work.join("one"), count, bytes)
    });
    let eltc_all = best_of(3, || eltc(&inputs, None, &work.join("all"), count, bytes));
    let floor_one = best_of(3, || floor(&statements, 1));
    let floor_all = best_of(3, || floor(&statements, cores));

    println!("\n(rates over the DDL and the corpus together)");
    println!("{:<40} {:>12} {:>8}", "", "stmts/s", "MB/s");
    row("sqlparser parse+print, 1 core (floor)", &floor_one);
    row(
        &format!("sqlparser parse+print, {cores} cores (floor)"),
        &floor_all,
    );
    row("eltc translate --jobs 1", &eltc_one);
    row(&format!("eltc translate ({cores} cores)"), &eltc_all);
    let (translated, ddl_failed) = translated(&ddl, &corpus);
    println!(
        "\neltc translated {translated} of the corpus's {} statements ({:.1} %, target >= 95 %); \
         {ddl_failed} CREATE TABLE raised an error",
        corpus_statements.len(),
        translated as f64 / corpus_statements.len() as f64 * 100.0
    );
    match peak_resident_mb(&inputs) {
        Some(mb) => println!(
            "eltc translate peak resident memory: {mb:.1} MB (all cores, the whole corpus)"
        ),
        None => println!("eltc translate peak resident memory: not measured (needs /usr/bin/time)"),
    }
    let same = output(&work.join("all")) == output(&work.join("one"));
    println!(
        "{cores}-core output (statements and diagnostics) equals the 1-core output: {}",
        if same { "yes" } else { "NO" }
    );

    let all_core_share = eltc_all.per_second() / floor_all.per_second();
    println!(
        "\neltc all-core / floor all-core: {:.0} % (target >= 70 %)",
        all_core_share * 100.0
    );
    println!(
        "eltc 1 core / floor 1 core: {:.0} %",
        eltc_one.per_second() / floor_one.per_second() * 100.0
    );
    for (label, var) in [
        ("sqlglot (pure Python)", "ELTC_BENCH_SQLGLOT_PYTHON"),
        ("sqlglot + sqlglotc", "ELTC_BENCH_SQLGLOTC_PYTHON"),
    ] {
        match sqlglot(var, &inputs) {
            Some((rate, failed)) => {
                row(label, &rate);
                println!(
                    "  {failed} statements raised; eltc 1 core is {:.1}x, eltc all cores {:.1}x this rate (target >= 30x)",
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

fn best_of(runs: usize, mut run: impl FnMut() -> Rate) -> Rate {
    (0..runs)
        .map(|_| run())
        .min_by(|a, b| a.seconds.total_cmp(&b.seconds))
        .expect("at least one run")
}

/// `eltc translate [--jobs N] ddl.sql corpus.sql`, its statements to
/// `<out>.out` and its diagnostics to `<out>.err` (compared by [`output`]).
/// `bytes` counts the statements' text, as for the floor.
fn eltc(
    inputs: &[PathBuf],
    jobs: Option<usize>,
    out: &Path,
    statements: usize,
    bytes: usize,
) -> Rate {
    let start = Instant::now();
    let mut command = Command::new(env!("CARGO_BIN_EXE_eltc"));
    command.arg("translate");
    if let Some(jobs) = jobs {
        command.arg("--jobs").arg(jobs.to_string());
    }
    let status = command
        .args(inputs)
        .stdout(fs::File::create(out.with_extension("out")).expect("stdout file"))
        .stderr(fs::File::create(out.with_extension("err")).expect("stderr file"))
        .status()
        .expect("run eltc");
    // Exit 1: some statement raised an error.
    assert!(
        matches!(status.code(), Some(0 | 1)),
        "eltc failed: {status}"
    );
    Rate {
        statements,
        bytes,
        seconds: start.elapsed().as_secs_f64(),
    }
}

/// What a run of [`eltc`] printed: statements, then diagnostics.
fn output(out: &Path) -> (Vec<u8>, Vec<u8>) {
    let read = |ext| fs::read(out.with_extension(ext)).expect("eltc output");
    (read("out"), read("err"))
}

/// Peak resident memory of `eltc translate` on `inputs`, in MB, as
/// `/usr/bin/time` reports it.
fn peak_resident_mb(inputs: &[PathBuf]) -> Option<f64> {
    let report = std::env::temp_dir().join("eltc-translate-bench.time");
    let status = Command::new("/usr/bin/time")
        .args(["-f", "%M", "-o"])
        .arg(&report)
        .arg(env!("CARGO_BIN_EXE_eltc"))
        .arg("translate")
        .args(inputs)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .ok()?;
    status.code()?;
    // The last line: before it, time notes a non-zero exit (1: errors raised).
    let text = fs::read_to_string(report).ok()?;
    let kb: f64 = text.lines().last()?.trim().parse().ok()?;
    Some(kb / 1024.0)
}

/// How many corpus statements translated with no error diagnostic, and how
/// many DDL statements raised one, found through the library (untimed),
/// the DDL read first as `eltc translate` reads it.
fn translated(ddl: &str, corpus: &str) -> (usize, usize) {
    let window = |index: usize, piece: &Piece<'_>| {
        let mut sources = SourceMap::new();
        let file: FileId =
            sources.add_window("corpus.sql", piece.window, piece.origin, piece.first_line);
        (file, index)
    };
    let (mut translated, mut ddl_failed) = (0, 0);
    translate_streams(
        vec![ddl.as_bytes(), corpus.as_bytes()],
        None,
        1,
        &window,
        &mut |&index, outcome| {
            let failed = outcome.diagnostics.iter().any(|d| d.is_error());
            match index {
                0 => ddl_failed += usize::from(failed),
                _ => translated += usize::from(!failed),
            }
            Ok(())
        },
    )
    .expect("the corpus is UTF-8");
    (translated, ddl_failed)
}

/// sqlparser alone: parse with the Oracle dialect and print, per statement,
/// one thread per chunk.
fn floor(statements: &[&str], threads: usize) -> Rate {
    let size = statements.len().div_ceil(threads.max(1));
    let bytes = statements.iter().map(|s| s.len()).sum();
    let start = Instant::now();
    thread::scope(|scope| {
        for part in statements.chunks(size) {
            scope.spawn(|| parse_and_print(part));
        }
    });
    Rate {
        statements: statements.len(),
        bytes,
        seconds: start.elapsed().as_secs_f64(),
    }
}

fn parse_and_print(part: &[&str]) {
    for sql in part {
        if let Ok(parsed) = Parser::parse_sql(&OracleDialect {}, sql) {
            for statement in parsed {
                std::hint::black_box(statement.to_string());
            }
        }
    }
}

/// sqlglot through the interpreter named by `var` on `inputs`:
/// `benches/sqlglot_bench.py` prints one JSON line.
fn sqlglot(var: &str, inputs: &[PathBuf]) -> Option<(Rate, usize)> {
    let python = std::env::var(var).ok()?;
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("benches/sqlglot_bench.py");
    let output = Command::new(python)
        .arg(script)
        .args(inputs)
        .output()
        .ok()?;
    let line = String::from_utf8_lossy(&output.stdout);
    let value: serde_json::Value = serde_json::from_str(line.trim()).ok()?;
    let rate = Rate {
        statements: value["statements"].as_u64()? as usize,
        bytes: inputs
            .iter()
            .map(|path| fs::metadata(path).map(|m| m.len() as usize))
            .sum::<Result<usize, _>>()
            .ok()?,
        seconds: value["seconds"].as_f64()?,
    };
    Some((rate, value["failed"].as_u64()? as usize))
}
