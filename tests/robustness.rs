//! No input crashes or hangs eltc: the example pipelines' SQL and YAML, the
//! PL/SQL and translation fixtures, and the import fixtures (control files,
//! shell drivers), each with seeded byte edits (a flipped bit, a deleted byte,
//! an inserted `#`, `'`, `(` or 0xFF byte, a multi-byte character, a quote,
//! a comment opener, the end cut off) and truncated at several points, go
//! through `eltc translate`, `eltc check` and `eltc import`.
//! Each run must end within [`TIMEOUT`] with exit 0 or 1 (never 3, internal
//! error, nor 101, a panic), and a translation that fails must name its file.
//! The edits are deterministic (a fixed seed per file), so a failure reproduces:
//! its message names the file, the seed and the command.

use std::fs::{self, File};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// Far beyond any run of these small inputs (milliseconds, in a debug build):
/// reaching it means a hang.
const TIMEOUT: Duration = Duration::from_secs(10);

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// SplitMix64: a fixed, dependency-free generator, so the edits never change
/// with a crate's version.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

/// One to three edits of `bytes`.
fn mutate(bytes: &[u8], rng: &mut Rng) -> Vec<u8> {
    let mut out = bytes.to_vec();
    for _ in 0..=rng.below(3) {
        let at = rng.below(out.len());
        match rng.below(10) {
            0 if !out.is_empty() => out[at] ^= 1 << rng.below(8),
            1 if !out.is_empty() => {
                out.remove(at);
            }
            2 => out.insert(at, b'#'),
            3 => out.insert(at, b'\''),
            4 => out.insert(at, b'('),
            5 => out.insert(at, 0xFF),
            6 => out.truncate(at),
            // Multi-byte characters: a byte offset taken for a character's breaks here.
            7 => {
                let text = ["é", "€", "𝄞", "\0", "\"", ";", "\n", "/*", "--", "q'["];
                let text = text[rng.below(text.len())].as_bytes();
                out.splice(at..at, text.iter().copied());
            }
            // A byte from elsewhere in the file: a keyword's letter, a quote, a newline.
            _ => {
                let byte = bytes.get(rng.below(bytes.len())).copied().unwrap_or(b' ');
                out.insert(at, byte);
            }
        }
    }
    out
}

/// `ELTC_ROBUSTNESS=N` runs N times as many edits (a longer search by hand;
/// the default run's seeds are the first of each file's).
fn scale() -> u64 {
    std::env::var("ELTC_ROBUSTNESS")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(1)
}

/// The inputs derived from `bytes`: `edits` seeded mutants and `cuts` truncations.
fn variants(name: &str, bytes: &[u8], edits: u64, cuts: usize) -> Vec<(String, Vec<u8>)> {
    let seed = name
        .bytes()
        .fold(0u64, |h, b| h.wrapping_mul(31).wrapping_add(u64::from(b)));
    let mut out: Vec<(String, Vec<u8>)> = (0..edits * scale())
        .map(|i| {
            let mut rng = Rng(seed.wrapping_add(i));
            (
                format!("seed {}", seed.wrapping_add(i)),
                mutate(bytes, &mut rng),
            )
        })
        .collect();
    for k in 1..=cuts {
        let at = bytes.len() * k / (cuts + 1);
        out.push((format!("cut at byte {at}"), bytes[..at].to_vec()));
    }
    out
}

/// What went wrong in one run, or `None`. With `names`, an exit 1 must print it.
fn run(args: &[&str], scratch: &Path, names: Option<&str>) -> Option<String> {
    // Output to files, not pipes: a large output can never block the child.
    let (out, err) = (scratch.join("stdout"), scratch.join("stderr"));
    let mut child = Command::new(env!("CARGO_BIN_EXE_eltc"))
        .args(args)
        .current_dir(scratch)
        .stdin(Stdio::null())
        .stdout(File::create(&out).unwrap())
        .stderr(File::create(&err).unwrap())
        .spawn()
        .expect("run eltc");
    let started = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if started.elapsed() > TIMEOUT {
            let _ = child.kill();
            let _ = child.wait();
            return Some(format!("no answer after {TIMEOUT:?}"));
        }
        std::thread::sleep(Duration::from_millis(2));
    };
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&fs::read(&out).unwrap()),
        String::from_utf8_lossy(&fs::read(&err).unwrap())
    );
    let tail: String = text
        .chars()
        .rev()
        .take(600)
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
        .collect();
    let code = status.code();
    if !matches!(code, Some(0 | 1)) || text.contains("internal error") || text.contains("panicked")
    {
        return Some(format!("exit {code:?}: ...{tail}"));
    }
    match names {
        Some(name) if code == Some(1) && !text.contains(name) => {
            Some(format!("exit 1 without naming `{name}`: ...{tail}"))
        }
        _ => None,
    }
}

fn files(dir: &str, extensions: &[&str], every: usize) -> Vec<PathBuf> {
    let mut found: Vec<PathBuf> = fs::read_dir(root().join(dir))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| {
            p.extension()
                .is_some_and(|e| extensions.iter().any(|x| e == *x))
        })
        .filter(|p| !p.file_name().unwrap().to_string_lossy().starts_with('_'))
        .collect();
    found.sort();
    found.into_iter().step_by(every).collect()
}

fn relative(path: &Path) -> String {
    path.strip_prefix(root())
        .unwrap_or(path)
        .display()
        .to_string()
}

/// `eltc translate` on the pipelines' transforms and a sample of the SQL and
/// PL/SQL translation fixtures; a failed translation names its file.
#[test]
fn translate_survives_edited_input() {
    let scratch = tempfile::tempdir().unwrap();
    let mut inputs: Vec<(PathBuf, u64, usize)> = Vec::new();
    for pipeline in ["market_data", "market_data_plsql", "retail", "retail_plsql"] {
        let dir = format!("pipelines/{pipeline}/transforms");
        inputs.extend(
            files(&dir, &["sql", "prc", "pkb"], 1)
                .into_iter()
                .map(|p| (p, 12, 8)),
        );
    }
    inputs.extend(
        files("tests/fixtures/plsql/translate", &["sql"], 3)
            .into_iter()
            .map(|p| (p, 5, 2)),
    );
    inputs.extend(
        files("tests/fixtures/translate", &["sql"], 4)
            .into_iter()
            .map(|p| (p, 4, 1)),
    );
    let mut failures = Vec::new();
    for (path, edits, cuts) in &inputs {
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let input = scratch.path().join(&name);
        for (how, bytes) in variants(&relative(path), &fs::read(path).unwrap(), *edits, *cuts) {
            fs::write(&input, &bytes).unwrap();
            // Run where the file is, by its bare name: that name must be in a failure's output.
            let found = run(&["translate", &name], scratch.path(), Some(&name));
            if let Some(problem) = found {
                failures.push(format!("translate {} ({how}): {problem}", relative(path)));
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} of the runs:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

/// `eltc check` on each example pipeline with its pipeline.yaml or one of its
/// transforms edited or cut.
#[test]
fn check_survives_edited_pipelines() {
    let scratch = tempfile::tempdir().unwrap();
    let mut failures = Vec::new();
    for pipeline in ["market_data", "market_data_plsql", "retail", "retail_plsql"] {
        let dir = scratch.path().join(pipeline);
        copy_specs(&root().join("pipelines").join(pipeline), &dir);
        let mut targets = vec![(dir.join("pipeline.yaml"), 14, 6)];
        for transform in fs::read_dir(dir.join("transforms")).unwrap() {
            targets.push((transform.unwrap().path(), 4, 1));
        }
        targets.sort();
        for (file, edits, cuts) in targets {
            let original = fs::read(&file).unwrap();
            let shown = format!(
                "pipelines/{pipeline}/{}",
                file.strip_prefix(&dir).unwrap().display()
            );
            for (how, bytes) in variants(&shown, &original, edits, cuts) {
                fs::write(&file, &bytes).unwrap();
                if let Some(problem) = run(&["check", dir.to_str().unwrap()], scratch.path(), None)
                {
                    failures.push(format!("check with {shown} edited ({how}): {problem}"));
                }
            }
            fs::write(&file, &original).unwrap();
        }
    }
    assert!(
        failures.is_empty(),
        "{} of the runs:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

/// The pipeline's spec and SQL (what `check` reads), not its fixture data.
fn copy_specs(from: &Path, to: &Path) {
    fs::create_dir_all(to.join("transforms")).unwrap();
    fs::copy(from.join("pipeline.yaml"), to.join("pipeline.yaml")).unwrap();
    for entry in fs::read_dir(from.join("transforms")).unwrap() {
        let path = entry.unwrap().path();
        fs::copy(&path, to.join("transforms").join(path.file_name().unwrap())).unwrap();
    }
}

/// `eltc import` on each control file (with the DDL it loads into) and each
/// shell driver of the import fixtures, edited or cut.
#[test]
fn import_survives_edited_legacy_files() {
    let scratch = tempfile::tempdir().unwrap();
    let legacy = scratch.path().join("legacy");
    let out = scratch.path().join("out");
    let ddl = fs::read(root().join("tests/fixtures/import/ctl/_ddl.sql")).unwrap();
    let mut inputs: Vec<(PathBuf, u64, usize)> = Vec::new();
    inputs.extend(
        files("tests/fixtures/import/ctl", &["ctl"], 1)
            .into_iter()
            .map(|p| (p, 4, 1)),
    );
    inputs.extend(
        files("tests/fixtures/import/driver", &["sh"], 1)
            .into_iter()
            .map(|p| (p, 6, 2)),
    );
    let mut failures = Vec::new();
    for (path, edits, cuts) in &inputs {
        for (how, bytes) in variants(&relative(path), &fs::read(path).unwrap(), *edits, *cuts) {
            let _ = fs::remove_dir_all(&legacy);
            let _ = fs::remove_dir_all(&out);
            fs::create_dir_all(&legacy).unwrap();
            fs::write(legacy.join("ddl.sql"), &ddl).unwrap();
            fs::write(legacy.join(path.file_name().unwrap()), &bytes).unwrap();
            let args = [
                "import",
                "--name",
                "legacy",
                "--out",
                out.to_str().unwrap(),
                legacy.to_str().unwrap(),
            ];
            if let Some(problem) = run(&args, scratch.path(), None) {
                failures.push(format!("import {} ({how}): {problem}", relative(path)));
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} of the runs:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
