//! One test batch through the Glue job: the files landed as the runtime lands
//! them, the job run with the runtime's arguments.
//!
//! The landing prefix is a local folder: each source's file (its pattern
//! rendered with the batch's params, as the procedure backend's runner finds
//! it) copied into it, and the COPY manifest the runtime writes before it
//! starts the job (`<landing>_manifests/<source>.json`, one mandatory entry,
//! a `file://` URL). The arguments are those of runtime/eltc_glue.py
//! (`--param_<name>`, `--eltc_landing`, `--eltc_manifests`, `--eltc_batch`)
//! and Glue's `--JOB_NAME`, `--JOB_RUN_ID`.

use std::path::Path;

use serde_json::json;

use super::Session;
use crate::backend::plan::load::manifest_key;
use crate::runner::case::Suite;
use crate::runner::landed;
use crate::spec::model::Batch;

/// The artifact holding the job (`eltc build --backend glue`).
pub const JOB_FILE: &str = "glue_job.py";

impl Session {
    /// Runs `batch` of `suite` with the job writing to `jdbc` (the case's
    /// database); `Ok` holds notes (records rejected within MAXERROR), `Err`
    /// why the batch failed.
    pub fn run_batch(
        &mut self,
        suite: &Suite,
        jdbc: &str,
        batch: &Batch,
    ) -> Result<Vec<String>, String> {
        let pipeline = suite.pipeline();
        let text = suite
            .artifacts()
            .get(JOB_FILE)
            .ok_or(format!("no {JOB_FILE} was generated"))?;
        let job = self.job(&pipeline.name, text)?;
        let (run, landing) = self.next_run()?;
        let given = pipeline.dir.join(&batch.given);
        let mut manifests = serde_json::Map::new();
        for source in &pipeline.sources {
            let name = landed::file_name(pipeline, &source.file, &batch.params)?;
            let landed = land(&given.join(&name), &landing.join(&name))
                .map_err(|e| format!("source `{}`: {e}", source.name))?;
            let manifest = landing.join(manifest_key(&source.name));
            let entries = json!({"entries": [{"url": url(&landed), "mandatory": true}]});
            std::fs::write(&manifest, entries.to_string()).map_err(|e| e.to_string())?;
            manifests.insert(source.name.clone(), url(&manifest).into());
        }
        let run_id = format!("jr_eltc_test_{run}");
        let mut argv = vec![
            JOB_FILE.to_string(),
            "--JOB_NAME".into(),
            format!("eltc-{}", pipeline.name),
            "--JOB_RUN_ID".into(),
            run_id.clone(),
        ];
        for param in &suite.plan().params {
            let value = batch
                .params
                .iter()
                .find(|(n, _)| *n == param.name)
                .map_or("", |(_, v)| v.trim());
            argv.extend([format!("--param_{}", param.name), value.to_string()]);
        }
        argv.extend([
            "--eltc_landing".into(),
            url(&landing),
            "--eltc_manifests".into(),
            serde_json::Value::Object(manifests).to_string(),
            "--eltc_batch".into(),
            format!("eltc-test-{run}"),
        ]);
        let report = landing.join("_eltc").join(format!("{run_id}.json"));
        self.request(&json!({
            "job": job,
            "jdbc": jdbc,
            "argv": argv,
            "report": report,
        }))
    }
}

/// Copies the given file into the landing folder; the landed path.
fn land(from: &Path, to: &Path) -> Result<std::path::PathBuf, String> {
    std::fs::copy(from, to).map_err(|e| format!("cannot read `{}`: {e}", from.display()))?;
    Ok(to.to_path_buf())
}

/// A `file://` URL of an absolute local path (a folder keeps its trailing `/`).
fn url(path: &Path) -> String {
    format!("file://{}", path.display())
}
