//! Benchmark (not a test): translation speed on the 10,000-statement Oracle
//! ELT corpus (`benches/gen_oracle_corpus.py --count 10000 --seed 1`, about
//! 8 MB), run by `benches/translate.sh`, which prepares the corpus and the
//! sqlglot virtual environments and then calls `cargo bench --bench translate`.
//!
//! Prints, in one run: sqlparser's own parse-and-print rate (the floor under
//! any translation built on it), the rate of `eltc translate` itself (the
//! release binary, reading the corpus file, printing the statements and
//! rendering every diagnostic as it does for a pipe), both on one core and
//! on all cores, its peak resident memory, sqlglot 30.30's
//! `transpile(read="oracle", write="redshift")` rate in pure Python and with
//! sqlglotc (when the script set up their interpreters), and the ratios the
//! targets are stated in: eltc all-core >= 70 % of the floor's all-core rate,
//! eltc >= 30x pure sqlglot, under 100 MB resident.
//!
//! Most corpus statements raise an error: the corpus declares no tables, so
//! rewrites that depend on column types are refused. A refused statement is
//! parsed and translated in full and its diagnostics rendered; the rates on
//! the statements eltc translates, eltc's and the floor's, are printed too,
//! to show that the refusals do not make the figures easier.
//!
//! All cores: the statements are cut into one contiguous chunk per core,
//! each chunk a script of its own (the corpus has no DDL, so no statement
//! depends on another); the floor parses each chunk in a thread, eltc runs
//! one `eltc translate` process per chunk file. The chunks' outputs,
//! concatenated in chunk order, must equal the one-core output: checked and
//! printed.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::thread;
use std::time::Instant;

use eltc::diag::{FileId, SourceMap};
use eltc::sql::script::{Piece, Sink, Translated, translate_stream};
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
    let corpus = fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("{path}: {e}; run benches/translate.sh, which generates it"));
    let statements = split(&corpus);
    let cores = thread::available_parallelism().map_or(1, usize::from);
    println!(
        "corpus: {} statements, {:.1} MB, {cores} cores",
        statements.len(),
        corpus.len() as f64 / 1e6
    );
    let work = Path::new(env!("CARGO_TARGET_TMPDIR")).join("translate-bench");
    fs::create_dir_all(&work).expect("bench directory");
    let one = write_chunks(&work, "one", &statements, 1);
    let all = write_chunks(&work, "all", &statements, cores);

    let bytes = statements.iter().map(|s| s.len()).sum();
    let eltc_one = best_of(3, || eltc(&one, statements.len(), bytes));
    let eltc_all = best_of(3, || eltc(&all, statements.len(), bytes));
    let floor_one = best_of(3, || floor(&statements, 1));
    let floor_all = best_of(3, || floor(&statements, cores));

    println!("\n{:<40} {:>12} {:>8}", "", "stmts/s", "MB/s");
    row("sqlparser parse+print, 1 core (floor)", &floor_one);
    row(
        &format!("sqlparser parse+print, {cores} cores (floor)"),
        &floor_all,
    );
    row("eltc translate, 1 core", &eltc_one);
    row(&format!("eltc translate, {cores} cores"), &eltc_all);
    let refused = refused(&corpus);
    println!(
        "\neltc: {} of {} statements raised an error diagnostic (not translated)",
        refused.iter().filter(|&&r| r).count(),
        statements.len()
    );
    translated_only(&work, &statements, &refused);
    match peak_resident_mb(&one[0]) {
        Some(mb) => println!("eltc translate peak resident memory: {mb:.1} MB (the whole corpus)"),
        None => println!("eltc translate peak resident memory: not measured (needs /usr/bin/time)"),
    }
    let same = output(&all) == output(&one);
    println!(
        "{cores}-core output, chunks concatenated, equals the 1-core output: {}",
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

fn best_of(runs: usize, mut run: impl FnMut() -> Rate) -> Rate {
    (0..runs)
        .map(|_| run())
        .min_by(|a, b| a.seconds.total_cmp(&b.seconds))
        .expect("at least one run")
}

/// One chunk of the statements per core, each a script file `<name>-<i>.sql`.
fn write_chunks(dir: &Path, name: &str, statements: &[&str], chunks: usize) -> Vec<PathBuf> {
    let size = statements.len().div_ceil(chunks.max(1));
    statements
        .chunks(size)
        .enumerate()
        .map(|(i, part)| {
            let path = dir.join(format!("{name}-{i}.sql"));
            let text: String = part.iter().map(|s| format!("{s};\n")).collect();
            fs::write(&path, text).expect("write a chunk");
            path
        })
        .collect()
}

/// `eltc translate` on each chunk file, one process per chunk, all at
/// once; the statements to stdout files (compared by [`output`]), the
/// diagnostics to /dev/null. `bytes` counts the statements' text, as for
/// the floor.
fn eltc(chunks: &[PathBuf], statements: usize, bytes: usize) -> Rate {
    let start = Instant::now();
    let children: Vec<_> = chunks
        .iter()
        .map(|chunk| {
            Command::new(env!("CARGO_BIN_EXE_eltc"))
                .arg("translate")
                .arg(chunk)
                .stdout(fs::File::create(chunk.with_extension("out")).expect("stdout file"))
                .stderr(Stdio::null())
                .spawn()
                .expect("run eltc")
        })
        .collect();
    for mut child in children {
        let status = child.wait().expect("wait for eltc");
        // Exit 1: some statement raised an error, as most of the corpus does.
        assert!(
            matches!(status.code(), Some(0 | 1)),
            "eltc failed: {status}"
        );
    }
    Rate {
        statements,
        bytes,
        seconds: start.elapsed().as_secs_f64(),
    }
}

/// The statements printed for the chunks, concatenated in chunk order.
fn output(chunks: &[PathBuf]) -> String {
    chunks
        .iter()
        .map(|c| fs::read_to_string(c.with_extension("out")).expect("eltc output"))
        .collect()
}

/// Peak resident memory of `eltc translate` on `script`, in MB, as
/// `/usr/bin/time` reports it.
fn peak_resident_mb(script: &Path) -> Option<f64> {
    let report = script.with_extension("time");
    let status = Command::new("/usr/bin/time")
        .args(["-f", "%M", "-o"])
        .arg(&report)
        .arg(env!("CARGO_BIN_EXE_eltc"))
        .arg("translate")
        .arg(script)
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

/// For each statement, whether it raised an error diagnostic, found through
/// the library (untimed).
fn refused(corpus: &str) -> Vec<bool> {
    struct Record {
        sources: SourceMap,
        refused: Vec<bool>,
    }
    impl Sink for Record {
        fn file(&mut self, piece: &Piece<'_>) -> FileId {
            self.sources = SourceMap::new();
            self.sources
                .add_window("corpus.sql", piece.window, piece.origin, piece.first_line)
        }
        fn translated(&mut self, translated: Translated) -> std::io::Result<()> {
            self.refused
                .push(translated.diagnostics.iter().any(|d| d.is_error()));
            Ok(())
        }
    }
    let mut record = Record {
        sources: SourceMap::new(),
        refused: Vec::new(),
    };
    translate_stream(corpus.as_bytes(), &mut record).expect("the corpus is UTF-8");
    record.refused
}

/// A refused statement is not cheaper than a translated one: it is parsed
/// and translated in full (every diagnostic is raised, not only the first),
/// and its diagnostics are rendered. Printed: both rates on the statements
/// eltc translates, against the floor on the same statements.
fn translated_only(work: &Path, statements: &[&str], refused: &[bool]) {
    if refused.len() != statements.len() {
        println!("(per-statement outcome not aligned with the corpus split: subset skipped)");
        return;
    }
    let kept: Vec<&str> = statements
        .iter()
        .zip(refused)
        .filter(|&(_, &r)| !r)
        .map(|(s, _)| *s)
        .collect();
    if kept.is_empty() {
        return;
    }
    let bytes = kept.iter().map(|s| s.len()).sum();
    let chunk = write_chunks(work, "translated", &kept, 1);
    let eltc_rate = best_of(3, || eltc(&chunk, kept.len(), bytes));
    let floor_rate = best_of(3, || floor(&kept, 1));
    println!(
        "on the {} statements eltc translates, 1 core: eltc {:.0} stmts/s, floor {:.0} stmts/s ({:.0} %)",
        kept.len(),
        eltc_rate.per_second(),
        floor_rate.per_second(),
        eltc_rate.per_second() / floor_rate.per_second() * 100.0
    );
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
        bytes: fs::metadata(corpus).ok()?.len() as usize,
        seconds: value["seconds"].as_f64()?,
    };
    Some((rate, value["failed"].as_u64()? as usize))
}
