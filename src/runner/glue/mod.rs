//! `eltc test --backend glue`: a pipeline's test cases run through its
//! generated Glue job under local PySpark (docs/glue.md, "Local mode").
//!
//! One [`Session`] serves a whole `eltc test` run: it writes the job library
//! ([`library`]) into a temporary folder and starts ONE Python process
//! (`run_cases.py`) holding one Spark session, because a Spark start costs
//! 15-20 s. The rest stays in Rust, as for the procedure backend: the scratch
//! database and its tables ([`super::case::Suite::setup`]), each batch's files
//! landed into a local landing folder with the manifests the runtime would
//! write ([`batch`]), and the comparison of the tables with the expected rows.
//! The process is asked to run one batch at a time (one JSON line each way):
//! the job reads the landed files, runs the transforms in Spark and writes
//! the targets over JDBC into the case's database.

pub mod batch;
pub mod library;

use std::collections::BTreeMap;
use std::fmt;
use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, ChildStdout, Command, Stdio};

use serde::Deserialize;

use super::loader::Rejected;

/// The environment variable naming the Python (with pyspark) that runs the jobs.
pub const PYTHON_ENV: &str = "ELTC_PYTHON";
/// The environment variable naming the PostgreSQL JDBC driver's jar.
pub const JDBC_JAR_ENV: &str = "ELTC_JDBC_JAR";
/// Where Debian's `libpostgresql-jdbc-java` puts the driver.
pub const DEFAULT_JDBC_JAR: &str = "/usr/share/java/postgresql.jar";
/// The project's test venv (built by scripts/test), relative to the project root.
pub const PROJECT_VENV_PYTHON: &str = "target/python-venv/bin/python";
/// The Spark that Glue 5.0 runs (AWS Glue release notes): what to install.
pub const PYSPARK_PIN: &str = "pyspark==3.5.4";

/// Something the local Glue runtime needs is not installed: what, and how to get it.
#[derive(Debug)]
pub struct Missing {
    /// What is missing.
    pub what: String,
    /// The command or setting that provides it.
    pub install: String,
}

impl fmt::Display for Missing {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}; {}", self.what, self.install)
    }
}

/// Why a session could not start.
#[derive(Debug)]
pub enum StartError {
    /// A piece of the runtime is not installed.
    Missing(Missing),
    /// It is installed but did not start (the lines of its log).
    Failed(String),
}

/// The programs and files a local Glue run needs, found but not yet started.
#[derive(Clone, Debug)]
pub struct Runtime {
    python: PathBuf,
    jar: PathBuf,
}

impl Runtime {
    /// Finds Python (`$ELTC_PYTHON`, else `<root>/target/python-venv`), Java
    /// (`$JAVA_HOME/bin/java` or `java` on PATH) and the JDBC driver
    /// (`$ELTC_JDBC_JAR`, else Debian's). Whether that Python has pyspark is
    /// learnt when the session starts.
    pub fn find(root: Option<&Path>) -> Result<Runtime, Missing> {
        let python = match std::env::var_os(PYTHON_ENV).filter(|v| !v.is_empty()) {
            Some(given) => {
                let given = PathBuf::from(given);
                on_path(&given).ok_or_else(|| Missing {
                    what: format!(
                        "${PYTHON_ENV} names `{}`, which is not a program",
                        given.display()
                    ),
                    install: format!(
                        "point it at the python of a venv with `pip install {PYSPARK_PIN}`"
                    ),
                })?
            }
            None => {
                let venv = root.unwrap_or(Path::new("")).join(PROJECT_VENV_PYTHON);
                if !venv.is_file() {
                    return Err(Missing {
                        what: format!(
                            "no Python with pyspark: ${PYTHON_ENV} is not set and `{}` does not exist",
                            venv.display()
                        ),
                        install: format!(
                            "run `python3 -m venv target/python-venv && target/python-venv/bin/pip install {PYSPARK_PIN}` (or scripts/test), or set ${PYTHON_ENV}"
                        ),
                    });
                }
                venv
            }
        };
        let java = std::env::var_os("JAVA_HOME")
            .map(|home| PathBuf::from(home).join("bin/java"))
            .filter(|java| java.is_file())
            .or_else(|| on_path(Path::new("java")));
        if java.is_none() {
            return Err(Missing {
                what: "no Java for Spark: `java` is not on PATH and $JAVA_HOME is not set".into(),
                install: "run `apt-get install openjdk-17-jre-headless`".into(),
            });
        }
        let jar = std::env::var_os(JDBC_JAR_ENV)
            .filter(|v| !v.is_empty())
            .map_or_else(|| PathBuf::from(DEFAULT_JDBC_JAR), PathBuf::from);
        if !jar.is_file() {
            return Err(Missing {
                what: format!("no PostgreSQL JDBC driver at `{}`", jar.display()),
                install: format!(
                    "run `apt-get install libpostgresql-jdbc-java`, or set ${JDBC_JAR_ENV} to the driver's jar"
                ),
            });
        }
        // Absolute (the Spark workers get the path too) but not canonical: a
        // venv's python is a symlink that must keep its venv.
        let absolute = |path: PathBuf| std::path::absolute(&path).unwrap_or(path);
        Ok(Runtime {
            python: absolute(python),
            jar: absolute(jar),
        })
    }

    /// The Python that runs the jobs.
    pub fn python(&self) -> &Path {
        &self.python
    }
}

/// `program` itself when it holds a `/`, else the first match on PATH.
fn on_path(program: &Path) -> Option<PathBuf> {
    if program.components().count() > 1 || program.is_absolute() {
        return program.is_file().then(|| program.to_path_buf());
    }
    std::env::split_paths(&std::env::var_os("PATH")?)
        .map(|dir| dir.join(program))
        .find(|candidate| candidate.is_file())
}

/// One line of `run_cases.py`.
#[derive(Debug, Deserialize)]
struct Reply {
    #[serde(default)]
    ready: bool,
    #[serde(default)]
    spark: String,
    missing: Option<String>,
    ok: Option<bool>,
    #[serde(default)]
    rejected: Vec<Reject>,
    #[serde(default)]
    error: Vec<String>,
}

/// A record the job rejected within MAXERROR (eltc_spark.copy_load.Rejected).
#[derive(Debug, Deserialize)]
struct Reject {
    file: String,
    line: u64,
    column: Option<String>,
    position: usize,
    code: u32,
    message: String,
    raw_line: String,
}

impl From<Reject> for Rejected {
    fn from(r: Reject) -> Rejected {
        Rejected {
            file: r.file,
            line: r.line,
            column: r.column,
            position: r.position,
            error_code: r.code,
            reason: r.message,
            raw_line: r.raw_line,
        }
    }
}

/// The running Python process and its folder (library, jobs, landing, log).
pub struct Session {
    child: Child,
    input: Option<ChildStdin>,
    output: BufReader<ChildStdout>,
    dir: tempfile::TempDir,
    log: PathBuf,
    /// Each pipeline's glue_job.py, written once.
    jobs: BTreeMap<String, PathBuf>,
    /// Batches run so far (job run ids and landing folders are numbered).
    runs: usize,
    /// The Spark version the process reported.
    spark: String,
}

impl Session {
    /// Writes the library and starts the process; returns once Spark runs.
    pub fn start(runtime: &Runtime) -> Result<Session, StartError> {
        let failed = |e: std::io::Error| StartError::Failed(e.to_string());
        let dir = tempfile::Builder::new()
            .prefix("eltc-glue-")
            .tempdir()
            .map_err(failed)?;
        let lib = dir.path().join("lib");
        for (path, text) in library::LIBRARY {
            let file = lib.join(path);
            if let Some(parent) = file.parent() {
                std::fs::create_dir_all(parent).map_err(failed)?;
            }
            std::fs::write(&file, text).map_err(failed)?;
        }
        let runner = dir.path().join("run_cases.py");
        std::fs::write(&runner, library::RUN_CASES).map_err(failed)?;
        let log = dir.path().join("spark.log");
        let log_file = std::fs::File::create(&log).map_err(failed)?;
        let mut child = Command::new(&runtime.python)
            .arg(&runner)
            // Spark's Python workers import the library too: through the environment.
            .env("PYTHONPATH", &lib)
            .env("PYSPARK_PYTHON", &runtime.python)
            .env(JDBC_JAR_ENV, &runtime.jar)
            // Spark turns naive datetimes into timestamps in the process's zone: UTC, as on Glue.
            .env("TZ", "UTC")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(log_file)
            .spawn()
            .map_err(|e| {
                StartError::Failed(format!("cannot run `{}`: {e}", runtime.python.display()))
            })?;
        let input = child.stdin.take();
        let output = child.stdout.take().map(BufReader::new).ok_or_else(|| {
            StartError::Failed("the Python process has no standard output".into())
        })?;
        let mut session = Session {
            child,
            input,
            output,
            dir,
            log,
            jobs: BTreeMap::new(),
            runs: 0,
            spark: String::new(),
        };
        let reply = session.read().map_err(StartError::Failed)?;
        if let Some(what) = reply.missing {
            return Err(StartError::Missing(Missing {
                what: format!("`{}` cannot import {what}", runtime.python.display()),
                install: format!(
                    "run `{} -m pip install {PYSPARK_PIN}`",
                    runtime.python.display()
                ),
            }));
        }
        if !reply.ready {
            return Err(StartError::Failed(session.log_tail()));
        }
        session.spark = reply.spark;
        Ok(session)
    }

    /// Its temporary folder (library, jobs, landing folders, Spark's log),
    /// removed when the session is dropped.
    pub fn dir(&self) -> &Path {
        self.dir.path()
    }

    /// The Spark version the session runs.
    pub fn spark_version(&self) -> &str {
        &self.spark
    }

    /// The path of `pipeline`'s job, written from `text` on first use.
    fn job(&mut self, pipeline: &str, text: &str) -> Result<PathBuf, String> {
        if let Some(path) = self.jobs.get(pipeline) {
            return Ok(path.clone());
        }
        let dir = self.dir.path().join("jobs").join(pipeline);
        std::fs::create_dir_all(&dir).map_err(|e| e.to_string())?;
        let path = dir.join("glue_job.py");
        std::fs::write(&path, text).map_err(|e| e.to_string())?;
        self.jobs.insert(pipeline.to_string(), path.clone());
        Ok(path)
    }

    /// A new numbered folder for one batch's landed files.
    fn next_run(&mut self) -> Result<(usize, PathBuf), String> {
        self.runs += 1;
        let dir = self
            .dir
            .path()
            .join("landing")
            .join(self.runs.to_string())
            .join("");
        std::fs::create_dir_all(dir.join("_manifests")).map_err(|e| e.to_string())?;
        Ok((self.runs, dir))
    }

    /// Sends one request; the notes of a batch that ran, or why it failed.
    fn request(&mut self, request: &serde_json::Value) -> Result<Vec<String>, String> {
        let input = self.input.as_mut().ok_or("the Glue session has ended")?;
        writeln!(input, "{request}")
            .and_then(|()| input.flush())
            .map_err(|e| format!("the Glue session ended: {e}\n{}", self.log_tail()))?;
        let reply = self.read()?;
        match reply.ok {
            // Worded as the procedure backend's notes (src/runner/case.rs).
            Some(true) => Ok(reply
                .rejected
                .into_iter()
                .map(|r| format!("rejected (within MAXERROR): {}", Rejected::from(r)))
                .collect()),
            Some(false) => Err(reply.error.join("\n")),
            None => Err(format!(
                "unexpected reply from run_cases.py\n{}",
                self.log_tail()
            )),
        }
    }

    fn read(&mut self) -> Result<Reply, String> {
        let mut line = String::new();
        let read = self
            .output
            .read_line(&mut line)
            .map_err(|e| e.to_string())?;
        if read == 0 {
            return Err(format!(
                "the Glue session's Python process ended\n{}",
                self.log_tail()
            ));
        }
        serde_json::from_str(&line).map_err(|e| format!("run_cases.py said `{}`: {e}", line.trim()))
    }

    /// The last lines of the process's log (Spark's and Java's output), for a failure.
    fn log_tail(&self) -> String {
        let text = std::fs::read_to_string(&self.log).unwrap_or_default();
        let lines: Vec<&str> = text.lines().collect();
        let from = lines.len().saturating_sub(15);
        // The folder is removed with the session: the lines, not the path.
        format!("its last output:\n{}", lines[from..].join("\n"))
    }
}

impl Drop for Session {
    fn drop(&mut self) {
        // End of input ends the process's loop; it stops Spark and exits.
        drop(self.input.take());
        // Spark stops in a few seconds; a process that hangs is killed.
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(30);
        while std::time::Instant::now() < deadline {
            match self.child.try_wait() {
                Ok(None) => std::thread::sleep(std::time::Duration::from_millis(100)),
                _ => return,
            }
        }
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
