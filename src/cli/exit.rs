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
        Kind::Invalid | Kind::NotFound | Kind::Forbidden | Kind::Io | Kind::Locked => 1,
        Kind::NothingToDo => 3,
        Kind::Paused => 4,
        Kind::Conflict | Kind::Moved => 5,
    }
}

pub fn kind_name(kind: Kind) -> &'static str {
    match kind {
        Kind::Invalid => "invalid",
        Kind::NotFound => "not-found",
        Kind::Forbidden => "forbidden",
        Kind::Io => "io",
        Kind::NothingToDo => "nothing-to-do",
        Kind::Paused => "paused",
        Kind::Conflict => "conflict",
        Kind::Moved => "remote-moved",
        Kind::Locked => "remote-locked",
    }
}

/// A core error in the command line's words: the parameter it is about
/// spelled as the flag or argument that sets it.
pub fn spell(e: &fed::Error) -> String {
    use fed::Param;
    let Some(param) = e.param else {
        return e.message.clone();
    };
    let flag = match param {
        Param::Identity => {
            return format!(
                "{}: name yourself with --agent NAME or FED_AGENT",
                e.message
            );
        }
        Param::Id => "ID",
        Param::NewId => "--id",
        Param::Agent => "AGENT",
        Param::Description => "DESCRIPTION",
        Param::Question => "QUESTION",
        Param::Title => "--title",
        Param::Type => "--type",
        Param::To => "--to",
        Param::From => "--from",
        Param::Lead => "--lead",
        Param::After => "--after",
        Param::DropAfter => "--drop-after",
        Param::Context => "--context",
        Param::Reworks => "--reworks",
        Param::Files => "--files",
        Param::Check => "--check",
        Param::Priority => "--priority",
        Param::Reason => "--reason",
        Param::Option => "--option",
        Param::Quorum => "--quorum",
        Param::Deadline => "--deadline",
        Param::Confidence => "--confidence",
        Param::Choice => "--choice",
        Param::Message => "MESSAGE",
    };
    format!("{flag}: {}", e.message)
}

/// Help and version go out as clap renders them; a usage error becomes
/// one line (plus the JSON error document when `--json` was asked for).
pub fn usage(e: clap::Error) -> ExitCode {
    use clap::error::ErrorKind;
    use std::io::Write;
    let json = std::env::args().any(|a| a == "--json");
    match e.kind() {
        ErrorKind::DisplayHelp | ErrorKind::DisplayVersion => {
            let _ = e.print();
            return ExitCode::from(e.exit_code() as u8);
        }
        // Help instead of a missing subcommand is still a usage error.
        ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand if !json => {
            let _ = e.print();
            return ExitCode::from(e.exit_code() as u8);
        }
        _ => {}
    }
    let rendered = e.render().to_string();
    let mut lines = rendered.lines().map(str::trim).filter(|l| !l.is_empty());
    let first = lines
        .next()
        .unwrap_or("invalid usage")
        .trim_start_matches("error: ");
    // clap lists missing arguments on the next line.
    let detail = match e.kind() {
        ErrorKind::MissingRequiredArgument => {
            lines.next().map(|l| format!(" {l}")).unwrap_or_default()
        }
        _ => String::new(),
    };
    let message = format!(
        "{first}{detail}{} (see `{} --help`)",
        hints(&rendered),
        command_of(&rendered)
    );
    if json {
        let doc = serde_json::json!({
            "error": { "kind": "usage", "message": message, "exit_code": 2 }
        });
        if let Ok(text) = serde_json::to_string_pretty(&doc) {
            let _ = writeln!(std::io::stdout().lock(), "{text}");
        }
    }
    super::output::to_stderr(&format!("fed: error: {message}"));
    ExitCode::from(2)
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
    let (code, kind, message) = match err.downcast_ref::<fed::Error>() {
        Some(e) => (code_of(e.kind), kind_name(e.kind), spell(e)),
        None => (1, "error", format!("{err:#}")),
    };
    if out.json {
        let doc = serde_json::json!({
            "error": { "kind": kind, "message": message, "exit_code": code }
        });
        let _ = out.json_value(&doc);
    }
    // Exit 3 is an answer, not a failure: `--quiet` silences it (the
    // README's polling loop), as it silences every message.
    if !(out.hush_nothing && code == 3) {
        out.error(&message);
    }
    ExitCode::from(code)
}

/// What clap suggests, on the same line: the nearest valid name ("tip: a
/// similar subcommand exists: 'list'") and the values a flag takes.
fn hints(rendered: &str) -> String {
    let mut out = String::new();
    for line in rendered.lines().map(str::trim) {
        if let Some(values) = line.strip_prefix("[possible values: ") {
            out.push_str(&format!(
                "; possible values: {}",
                values.trim_end_matches(']')
            ));
        } else if let Some(tip) = line.strip_prefix("tip: ") {
            out.push_str(&format!("; {tip}"));
        }
    }
    out
}

/// The command whose help the error points to: clap's usage line when it
/// prints one (`Usage: fed queue add [OPTIONS] ...` gives `fed queue
/// add`), else the subcommands named on the command line.
fn command_of(rendered: &str) -> String {
    let usage = rendered
        .lines()
        .map(str::trim)
        .find_map(|l| l.strip_prefix("Usage: "));
    if let Some(usage) = usage {
        let words: Vec<&str> = usage
            .split_whitespace()
            .take_while(|w| !w.starts_with(['<', '[', '-']))
            .collect();
        if !words.is_empty() {
            return words.join(" ");
        }
    }
    let mut command = <super::Cli as clap::CommandFactory>::command();
    let mut path = vec!["fed".to_string()];
    for arg in std::env::args().skip(1) {
        let Some(sub) = command.find_subcommand(&arg).cloned() else {
            continue;
        };
        path.push(arg);
        command = sub;
    }
    path.join(" ")
}
