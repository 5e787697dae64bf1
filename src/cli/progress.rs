//! Progress of `eltc build`, `check` and `test` over many pipelines or
//! cases (issue 15 item 12): a bar on stderr when stderr is a terminal,
//! nothing at all otherwise (CI, pipes, files), so what those read is the
//! same with or without it; `-q` hides it too. The bar is cleared when the
//! work ends: what stays on the screen is the command's own output.

use std::io::{self, IsTerminal};
use std::time::Duration;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

/// A progress bar, or nothing.
pub struct Progress(Option<ProgressBar>);

impl Progress {
    /// A bar over `len` items named `what` (`pipelines`, `cases`), shown
    /// only on a terminal, when not `quiet`, and for more than one item.
    pub fn new(len: usize, what: &str, quiet: bool) -> Self {
        if quiet || len < 2 || !io::stderr().is_terminal() {
            return Progress(None);
        }
        let bar = ProgressBar::with_draw_target(Some(len as u64), ProgressDrawTarget::stderr());
        let template = format!("{{bar:30}} {{pos}}/{{len}} {what} {{elapsed}}");
        if let Ok(style) = ProgressStyle::with_template(&template) {
            bar.set_style(style.progress_chars("=> "));
        }
        // A tick now and then shows the time passing during a long item.
        bar.enable_steady_tick(Duration::from_millis(250));
        Progress(Some(bar))
    }

    /// No bar, whatever the terminal.
    pub fn hidden() -> Self {
        Progress(None)
    }

    /// One item done.
    pub fn done(&self) {
        if let Some(bar) = &self.0 {
            bar.inc(1);
        }
    }

    /// Runs `f` (which prints) with the bar out of the way.
    pub fn suspend<R>(&self, f: impl FnOnce() -> R) -> R {
        match &self.0 {
            Some(bar) => bar.suspend(f),
            None => f(),
        }
    }
}

impl Drop for Progress {
    fn drop(&mut self) {
        if let Some(bar) = &self.0 {
            bar.finish_and_clear();
        }
    }
}
