//! Benchmark (not a test; `cargo bench --bench loader`): loads a generated
//! 1,000,000-row CSV into a PostgreSQL staging table through eltc's test
//! loader (file -> `runner::loader::load` -> `COPY ... FROM STDIN`) and through
//! `psql \copy ... CSV`, and prints rows/s for both and their ratio (target:
//! eltc / psql >= 0.8). The CSV is deterministic. Each way runs three times,
//! alternating, into an emptied table; the best run of each counts, so that a
//! slow first run (cold caches) does not decide the ratio. The server is the
//! tests' throwaway PostgreSQL (tests/support/pg.rs, shared by path so the
//! bench starts it exactly as the tests do).

use std::fs::File;
use std::io::{BufReader, BufWriter, Write};
use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

use eltc::runner::loader::{CopySpec, load};
use eltc::spec::types::parse_type;

#[allow(dead_code)]
#[path = "../tests/support/pg.rs"]
mod pg;

const ROWS: u64 = 1_000_000;
const RUNS: usize = 3;
const TABLE: &str = "CREATE TABLE bench (id INTEGER NOT NULL, name VARCHAR(40), \
                     amount DECIMAL(12,2), trade_date DATE, updated TIMESTAMP)";

fn main() {
    let dir = tempfile::tempdir().expect("temporary directory");
    let csv = dir.path().join("bench.csv");
    generate(&csv);
    let server = pg::server();
    let mut client = server.connect("postgres");
    let port: String = client.query_one("SHOW port", &[]).expect("port").get(0);
    client.batch_execute(TABLE).expect("create table");
    let copy = copy_spec();
    let (mut eltc_best, mut psql_best) = (Duration::MAX, Duration::MAX);
    for _ in 0..RUNS {
        client.batch_execute("TRUNCATE bench").expect("truncate");
        eltc_best = eltc_best.min(through_eltc(&mut client, &copy, &csv));
        client.batch_execute("TRUNCATE bench").expect("truncate");
        psql_best = psql_best.min(through_psql(&port, &csv));
    }
    let count: i64 = client
        .query_one("SELECT count(*) FROM bench", &[])
        .expect("count")
        .get(0);
    assert_eq!(count as u64, ROWS, "psql loaded every row");
    let rate = |d: Duration| ROWS as f64 / d.as_secs_f64();
    println!("rows: {ROWS} (best of {RUNS})");
    println!(
        "eltc loader -> COPY FROM STDIN: {:>12.0} rows/s ({:.2?})",
        rate(eltc_best),
        eltc_best
    );
    println!(
        "psql \\copy CSV:                 {:>12.0} rows/s ({:.2?})",
        rate(psql_best),
        psql_best
    );
    println!(
        "ratio eltc / psql: {:.2} (target >= 0.80)",
        rate(eltc_best) / rate(psql_best)
    );
}

/// A deterministic CSV: quoted names with commas every 7th row, empty amounts
/// every 11th, two-decimal amounts with a third decimal to round.
fn generate(path: &Path) {
    let mut out = BufWriter::with_capacity(1 << 20, File::create(path).expect("create csv"));
    for i in 0..ROWS {
        let name = if i % 7 == 0 {
            format!("\"name, {}\"", i % 997)
        } else {
            format!("name_{}", i % 997)
        };
        let amount = if i % 11 == 0 {
            String::new()
        } else {
            format!("{}.{:03}", i * 37 % 100_000, i % 1000)
        };
        writeln!(
            out,
            "{i},{name},{amount},2024-{:02}-{:02},2024-{:02}-{:02} {:02}:{:02}:{:02}",
            i % 12 + 1,
            i % 28 + 1,
            i % 12 + 1,
            i % 28 + 1,
            i % 24,
            i % 60,
            (i / 60) % 60
        )
        .expect("write csv");
    }
    out.flush().expect("flush csv");
}

fn copy_spec() -> CopySpec {
    let column = |name: &str, ty: &str, not_null| eltc::target::ReadColumn {
        name: name.into(),
        ty: parse_type(ty).expect("type"),
        not_null,
    };
    let columns = vec![
        column("id", "integer", true),
        column("name", "varchar(40)", false),
        column("amount", "decimal(12,2)", false),
        column("trade_date", "date", false),
        column("updated", "timestamp", false),
    ];
    // What eltc's plan reads for such a CSV source (src/backend/plan/load.rs):
    // CSV QUOTE AS '"' DELIMITER ',' EMPTYASNULL ROUNDEC.
    let read = eltc::target::SourceRead {
        columns,
        layout: eltc::target::Layout::Csv {
            delimiter: ',',
            quote: '"',
        },
        empty_as_null: true,
        round_decimals: true,
        ..Default::default()
    };
    CopySpec::new(&read).expect("compiles")
}

fn through_eltc(client: &mut postgres::Client, copy: &CopySpec, csv: &Path) -> Duration {
    let start = Instant::now();
    let input = BufReader::with_capacity(1 << 16, File::open(csv).expect("open csv"));
    let sink = client
        .copy_in("COPY bench (id, name, amount, trade_date, updated) FROM STDIN")
        .expect("copy in");
    // Large writes: the client sends one CopyData message per buffer.
    let mut out = BufWriter::with_capacity(1 << 20, sink);
    let report = load(copy, input, "bench.csv", &mut out).unwrap_or_else(|e| panic!("{e}"));
    let sink = out.into_inner().unwrap_or_else(|e| panic!("{}", e.error()));
    sink.finish().expect("copy finishes");
    assert_eq!(report.rows, ROWS);
    start.elapsed()
}

fn through_psql(port: &str, csv: &Path) -> Duration {
    let start = Instant::now();
    let command = format!(
        "\\copy bench (id, name, amount, trade_date, updated) FROM '{}' WITH (FORMAT csv)",
        csv.display()
    );
    let output = Command::new("psql")
        .args(["-X", "-q", "-h", "127.0.0.1", "-p", port, "-U", "postgres"])
        .args(["-d", "postgres", "-v", "ON_ERROR_STOP=1", "-c", &command])
        .output()
        .expect("run psql");
    assert!(
        output.status.success(),
        "psql failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    start.elapsed()
}
