//! The one place where errors become exit codes and messages.

use super::output::Output;
use fed::Kind;
use std::process::ExitCode;

/// Ends the process with a chosen code and no message (e.g. `check` found
/// problems it already printed).
#[derive(Debug)]
pub struct Silent(pub u8);

impl std::fmt::Display for Silent {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "exit {}", self.0)
    }
}

impl std::error::Error for Silent {}

pub fn code_of(kind: Kind) -> u8 {
    match kind {
        Kind::Invalid | Kind::NotFound | Kind::Forbidden | Kind::Io => 1,
        Kind::NothingToDo => 3,
        Kind::Paused => 4,
        Kind::Conflict => 5,
    }
}

fn kind_name(kind: Kind) -> &'static str {
    match kind {
        Kind::Invalid => "invalid",
        Kind::NotFound => "not-found",
        Kind::Forbidden => "forbidden",
        Kind::Io => "io",
        Kind::NothingToDo => "nothing-to-do",
        Kind::Paused => "paused",
        Kind::Conflict => "conflict",
    }
}

pub fn finish(result: anyhow::Result<()>, out: &Output) -> ExitCode {
    let err = match result {
        Ok(()) => return ExitCode::SUCCESS,
        Err(err) => err,
    };
    if let Some(Silent(code)) = err.downcast_ref::<Silent>() {
        return ExitCode::from(*code);
    }
    if err
        .downcast_ref::<std::io::Error>()
        .is_some_and(|e| e.kind() == std::io::ErrorKind::BrokenPipe)
    {
        return ExitCode::SUCCESS;
    }
    let (code, kind) = match err.downcast_ref::<fed::Error>() {
        Some(e) => (code_of(e.kind), kind_name(e.kind)),
        None => (1, "error"),
    };
    let message = format!("{err:#}");
    if out.json {
        let doc = serde_json::json!({
            "error": { "kind": kind, "message": message, "exit_code": code }
        });
        let _ = out.json_value(&doc);
    }
    out.error(&message);
    ExitCode::from(code)
}
