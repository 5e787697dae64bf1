//! The build cache: `eltc build` and `eltc check` reuse what a pipeline
//! compiled to while its inputs and outputs are unchanged. Whatever the
//! cache holds, a run prints and writes what a run without it
//! (`--no-cache`) does: each test changes something (a SQL file, an output
//! file, a fixture, the pipelines' order) and compares the two.

use std::fs;
use std::path::Path;
use std::process::Output;
use std::time::{Duration, SystemTime};

use crate::parallel_build::project;
use crate::support::{eltc, tree, without_elapsed};

const SECURITY_SQL: &str = "pipelines/market_data/transforms/security_data.sql";

/// Runs eltc in `project`.
fn run(project: &Path, args: &[&str]) -> Output {
    eltc(args, project)
}

fn text(output: &Output) -> String {
    without_elapsed(&String::from_utf8_lossy(&output.stderr))
        + &String::from_utf8_lossy(&output.stdout)
}

/// What a run printed, without the summary's count of pipelines from the
/// cache (the one thing a cached run prints differently).
fn printed(output: &Output) -> String {
    let count = format!(" ({} from the cache)", from_cache(output));
    text(output).replacen(&count, "", 1)
}

/// How many pipelines the summary line says came from the cache.
fn from_cache(output: &Output) -> usize {
    let stderr = String::from_utf8_lossy(&output.stderr);
    let Some(line) = stderr.lines().find(|l| l.starts_with("eltc ")) else {
        return 0;
    };
    line.split_once(" pipelines (")
        .and_then(|(_, rest)| rest.split_once(" from the cache)"))
        .map_or(0, |(n, _)| n.parse().unwrap())
}

/// A build into `out` (a name found in no message) with the cache, and
/// one into `<out>_clean` without it: the same status, the same messages
/// and the same files.
fn build_as_clean(project: &Path, out: &str) -> Output {
    let cached = run(project, &["build", "--out", out]);
    let clean_out = format!("{out}_clean");
    let clean = run(project, &["build", "--no-cache", "--out", &clean_out]);
    assert_eq!(
        cached.status.code(),
        clean.status.code(),
        "{}",
        text(&cached)
    );
    assert_eq!(
        printed(&cached).replace(out, "OUT"),
        printed(&clean).replace(&clean_out, "OUT")
    );
    assert!(
        tree(&project.join(out)) == tree(&project.join(&clean_out)),
        "the cached build's files differ from a clean build's"
    );
    cached
}

/// Makes `path`'s modification time `seconds` ago, so the cache trusts its stamp.
fn age(path: &Path, seconds: u64) {
    let file = fs::File::options().write(true).open(path).unwrap();
    file.set_modified(SystemTime::now() - Duration::from_secs(seconds))
        .unwrap();
}

#[test]
fn one_changed_pipeline_is_compiled_again_and_the_output_is_a_clean_builds() {
    let project = project(0);
    let first = build_as_clean(project.path(), "gen_a");
    assert_eq!(from_cache(&first), 0, "{}", text(&first));
    assert!(project.path().join(".eltc/cache").is_dir());
    let again = build_as_clean(project.path(), "gen_a");
    assert_eq!(from_cache(&again), 4, "{}", text(&again));
    let sql = project.path().join(SECURITY_SQL);
    let edited = fs::read_to_string(&sql)
        .unwrap()
        .replace("'Unknown'", "'Missing'");
    fs::write(&sql, edited).unwrap();
    let changed = build_as_clean(project.path(), "gen_a");
    assert_eq!(from_cache(&changed), 3, "{}", text(&changed));
    let transform =
        fs::read_to_string(project.path().join("gen_a/market_data/transform.sql")).unwrap();
    assert!(transform.contains("'Missing'"), "{transform}");
}

/// An output file edited, one removed and one added by hand: the pipeline
/// is written again, as a clean build would.
#[test]
fn output_files_changed_by_hand_are_written_again() {
    let project = project(0);
    build_as_clean(project.path(), "gen_a");
    // The same edits in both outputs, so both builds have the same to write.
    for out in ["gen_a", "gen_a_clean"] {
        let dir = project.path().join(out).join("market_data");
        fs::write(dir.join("ddl.sql"), "-- edited\n").unwrap();
        fs::remove_file(dir.join("lambda.json")).unwrap();
        fs::write(dir.join("stray.sql"), "select 1;\n").unwrap();
    }
    let rebuilt = build_as_clean(project.path(), "gen_a");
    assert_eq!(from_cache(&rebuilt), 3, "{}", text(&rebuilt));
    let written = text(&rebuilt);
    assert!(
        written.contains("2 files written, 24 unchanged, 1 removed"),
        "{written}"
    );
    assert!(!project.path().join("gen_a/market_data/stray.sql").exists());
    // A second output directory is another build: nothing reused there.
    let elsewhere = build_as_clean(project.path(), "gen_b");
    assert_eq!(from_cache(&elsewhere), 0, "{}", text(&elsewhere));
}

/// A file rewritten with the same size and modification time, right after
/// the build that recorded it: its stamp is too fresh to trust, so the cache
/// hashes it again and sees the change.
#[test]
fn a_file_rewritten_under_the_same_stamp_is_read_again() {
    let project = project(0);
    build_as_clean(project.path(), "gen_a");
    let sql = project.path().join(SECURITY_SQL);
    let before = fs::metadata(&sql).unwrap().modified().unwrap();
    let edited = fs::read_to_string(&sql)
        .unwrap()
        .replace("'Unknown'", "'Missing'");
    fs::write(&sql, edited).unwrap();
    let file = fs::File::options().write(true).open(&sql).unwrap();
    file.set_modified(before).unwrap();
    let changed = build_as_clean(project.path(), "gen_a");
    assert_eq!(from_cache(&changed), 3, "{}", text(&changed));
}

/// Inputs whose stamps are old enough are trusted without being read: the
/// run still gives a clean run's output, from the cache.
#[test]
fn settled_inputs_are_trusted_by_their_stamps() {
    let project = project(0);
    for file in crate::support::files(&project.path().join("pipelines")) {
        age(&file, 60);
    }
    build_as_clean(project.path(), "gen_a");
    let again = build_as_clean(project.path(), "gen_a");
    assert_eq!(from_cache(&again), 4, "{}", text(&again));
}

/// Errors, warnings and the project's diagnostics come back from the cache
/// as a clean run prints them, in both formats, also when a new pipeline
/// sorting first moves every other pipeline's files to new ids.
#[test]
fn diagnostics_from_the_cache_print_as_a_clean_runs() {
    let project = project(3);
    let check = |args: &[&str]| {
        let cached = run(project.path(), args);
        let clean = run(project.path(), &[args, &["--no-cache"]].concat());
        assert_eq!(cached.status.code(), Some(1), "{}", text(&cached));
        assert_eq!(printed(&cached), printed(&clean), "{args:?}");
        cached
    };
    for format in ["human", "json"] {
        check(&["check", "--format", format]);
        let again = check(&["check", "--format", format]);
        assert_eq!(from_cache(&again), 7, "{}", text(&again));
        check(&["check", "--format", format, "--explain-allowed"]);
    }
    let first = project.path().join("pipelines/aaa_first");
    crate::support::copy_dir(&project.path().join("pipelines/copy_1"), &first);
    let spec = fs::read_to_string(first.join("pipeline.yaml")).unwrap();
    fs::write(
        first.join("pipeline.yaml"),
        spec.replace("name: copy_1\n", "name: aaa_first\n"),
    )
    .unwrap();
    for format in ["human", "json"] {
        let moved = check(&["check", "--format", format]);
        let printed = printed(&moved);
        assert!(printed.contains("project::shared-table"), "{printed}");
        assert!(printed.contains("copy_0"), "{printed}");
    }
    let moved = check(&["check", "--format", "human"]);
    assert_eq!(from_cache(&moved), 8, "{}", text(&moved));
}

/// A path only looked at (a test's fixture directory) is an input too:
/// removing it is seen through the cache.
#[test]
fn a_fixture_removed_is_seen_through_the_cache() {
    let project = project(0);
    let passed = run(project.path(), &["check"]);
    assert_eq!(passed.status.code(), Some(0), "{}", text(&passed));
    fs::remove_dir_all(
        project
            .path()
            .join("pipelines/market_data/fixtures/2019-07-01"),
    )
    .unwrap();
    let cached = run(project.path(), &["check"]);
    let clean = run(project.path(), &["check", "--no-cache"]);
    assert_eq!(cached.status.code(), Some(1), "{}", text(&cached));
    assert!(
        text(&cached).contains("spec::missing-file"),
        "{}",
        text(&cached)
    );
    assert_eq!(printed(&cached), printed(&clean));
}

/// A pipeline removed from the project leaves its output directory, which
/// the build reports whether the other pipelines come from the cache or not.
#[test]
fn a_removed_pipeline_is_reported_through_the_cache() {
    let project = project(0);
    build_as_clean(project.path(), "gen_a");
    fs::remove_dir_all(project.path().join("pipelines/retail_plsql")).unwrap();
    let orphaned = build_as_clean(project.path(), "gen_a");
    assert_eq!(from_cache(&orphaned), 3, "{}", text(&orphaned));
    assert!(
        text(&orphaned).contains("belongs to no pipeline"),
        "{}",
        text(&orphaned)
    );
}

/// Directories beside the pipelines' in the output: one the output's
/// `.gitignore` names is left alone, one it does not is reported, and a
/// build from the cache (which walks only the pipelines it writes) tells
/// them apart as a clean build does.
#[test]
fn ignored_directories_in_the_output_are_not_orphans_through_the_cache() {
    let project = project(0);
    build_as_clean(project.path(), "gen_a");
    for out in ["gen_a", "gen_a_clean"] {
        let out = project.path().join(out);
        let mut ignore = fs::read_to_string(out.join(".gitignore")).unwrap();
        ignore.push_str("scratch/\n");
        fs::write(out.join(".gitignore"), ignore).unwrap();
        for dir in ["scratch", "leftover"] {
            fs::create_dir_all(out.join(dir)).unwrap();
            fs::write(out.join(dir).join("notes.txt"), "kept\n").unwrap();
        }
    }
    let rebuilt = build_as_clean(project.path(), "gen_a");
    assert_eq!(from_cache(&rebuilt), 4, "{}", text(&rebuilt));
    let printed = text(&rebuilt);
    assert!(
        printed.contains("leftover` belongs to no pipeline"),
        "{printed}"
    );
    assert!(!printed.contains("scratch"), "{printed}");
}

/// A cache that is not an index (a truncated or foreign file) is an empty
/// one: the run compiles everything and writes a good index.
#[test]
fn a_broken_cache_is_an_empty_one() {
    let project = project(0);
    build_as_clean(project.path(), "gen_a");
    let cache = project.path().join(".eltc/cache");
    for entry in fs::read_dir(&cache).unwrap() {
        fs::write(entry.unwrap().path(), b"\xff\xfe not an index").unwrap();
    }
    let rebuilt = build_as_clean(project.path(), "gen_a");
    assert_eq!(from_cache(&rebuilt), 0, "{}", text(&rebuilt));
    let again = build_as_clean(project.path(), "gen_a");
    assert_eq!(from_cache(&again), 4, "{}", text(&again));
}
