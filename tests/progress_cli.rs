//! Progress on long work (issue 15 item 12): `eltc check`, `build` and
//! `test` over several pipelines or cases draw a bar on a terminal (here a
//! pseudo-terminal from util-linux's `script`), and nothing when stderr is
//! not a terminal: the output CI reads is exactly the summary lines, with
//! no escape code; `-q` hides the bar on a terminal too.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use crate::support::{eltc, pg, without_elapsed};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// `eltc ARGS` under a pseudo-terminal: what the terminal showed.
fn on_terminal(args: &str, cwd: &Path) -> String {
    let command = format!("{} {args}", env!("CARGO_BIN_EXE_eltc"));
    let output: Output = Command::new("script")
        .args(["-q", "-e", "-c", &command, "/dev/null"])
        .current_dir(cwd)
        .env("TERM", "xterm")
        .output()
        .expect("run script (util-linux)");
    assert!(output.status.success(), "{output:?}");
    String::from_utf8_lossy(&output.stdout).into_owned()
}

#[test]
fn a_terminal_shows_progress_and_quiet_hides_it() {
    // The repository's cache is shared by the tests: each reads every pipeline.
    let shown = on_terminal("check --no-cache", &root());
    assert!(shown.contains("/4 pipelines"), "{shown:?}");
    assert!(
        shown.contains("eltc check: 4 pipelines; 0 errors"),
        "{shown:?}"
    );
    let quiet = on_terminal("check -q --no-cache", &root());
    assert!(!quiet.contains("pipelines"), "{quiet:?}");
}

#[test]
fn without_a_terminal_the_output_is_only_the_summary() {
    for (args, line) in [
        (
            &["check", "--no-cache"][..],
            "eltc check: 4 pipelines; 0 errors, 0 warnings",
        ),
        (
            &["build", "--check"][..],
            "eltc build --check: 4 pipelines, ",
        ),
    ] {
        let output = eltc(args, &root());
        assert!(output.status.success(), "{output:?}");
        assert!(output.stdout.is_empty(), "{output:?}");
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(
            !stderr.contains('\u{1b}') && !stderr.contains('\r'),
            "{stderr:?}"
        );
        let text = without_elapsed(&stderr);
        assert_eq!(text.lines().count(), 1, "{text}");
        assert!(
            text.starts_with(line) && text.ends_with(" in [elapsed]\n"),
            "{text}"
        );
    }
}

#[test]
fn eltc_test_shows_its_cases_progress_on_a_terminal_only() {
    let server = pg::server();
    let url = server.url("postgres");
    let args = format!("test --database {url} market_data");
    let shown = on_terminal(&args, &root());
    assert!(shown.contains("/2 cases"), "{shown:?}");
    assert!(shown.contains("2 passed, 0 failed"), "{shown:?}");
    let output = eltc(&["test", "--database", &url, "market_data"], &root());
    assert!(output.status.success(), "{output:?}");
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        !stdout.contains('\u{1b}') && !stderr.contains('\u{1b}'),
        "{stdout:?} {stderr:?}"
    );
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(lines.len(), 3, "{stdout}");
    assert!(
        lines[0].starts_with("ok   market_data/two_trading_days"),
        "{stdout}"
    );
    assert!(lines[2].starts_with("2 passed, 0 failed"), "{stdout}");
}
