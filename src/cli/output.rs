//! stdout for data, stderr for messages. Writes never panic: a closed pipe
//! surfaces as a `BrokenPipe` error that ends the process quietly.

use super::{ColorChoice, GlobalArgs};
use serde::Serialize;
use std::io::{self, IsTerminal, Write};

#[derive(Debug, Clone)]
pub struct Output {
    pub json: bool,
    pub quiet: bool,
    /// `-q` itself (not implied by `--json`): also silences exit 3's line.
    pub hush_nothing: bool,
    pub color: bool,
}

impl Output {
    pub fn new(global: &GlobalArgs) -> Output {
        if global.color == ColorChoice::Always && !global.json {
            // --color always wins over NO_COLOR, which the terminal styling
            // library would otherwise honour cell by cell.
            // SAFETY: called once at start-up, before any other thread.
            unsafe { std::env::remove_var("NO_COLOR") };
        }
        let color = !global.json
            && match global.color {
                ColorChoice::Always => true,
                ColorChoice::Never => false,
                ColorChoice::Auto => {
                    io::stdout().is_terminal()
                        && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
                }
            };
        Output {
            json: global.json,
            quiet: global.quiet || global.json,
            hush_nothing: global.quiet,
            color,
        }
    }

    /// Data: one line (or block) on stdout.
    pub fn data(&self, text: impl std::fmt::Display) -> io::Result<()> {
        let text = text.to_string();
        let mut stdout = io::stdout().lock();
        writeln!(stdout, "{}", super::text::guard(&text))?;
        stdout.flush()
    }

    /// The one JSON document of a `--json` run.
    pub fn json_value<T: Serialize + ?Sized>(&self, value: &T) -> io::Result<()> {
        let text = serde_json::to_string_pretty(value).map_err(io::Error::other)?;
        self.data(text)
    }

    /// A message for people, on stderr; `--quiet` and `--json` silence it.
    pub fn note(&self, text: impl std::fmt::Display) {
        if !self.quiet {
            to_stderr(&text.to_string());
        }
    }

    /// A warning on stderr; always shown.
    pub fn warn(&self, text: impl std::fmt::Display) {
        to_stderr(&format!("fed: warning: {text}"));
    }

    pub fn error(&self, text: impl std::fmt::Display) {
        to_stderr(&format!("fed: error: {text}"));
    }
}

/// One message on stderr, its control characters escaped as stdout's are
/// (messages quote titles, reasons and arguments), in one write.
pub fn to_stderr(text: &str) {
    let mut line = super::text::guard(text).into_owned();
    line.push('\n');
    let _ = io::stderr().lock().write_all(line.as_bytes());
}
