//! Typed errors of the core library.
//!
//! Every error carries a [`Kind`] that the binary maps to the exit codes of
//! the product contract, and a one-line message that names what was wrong and
//! where (file, field or argument).

use std::fmt;
use std::io;
use std::path::Path;

/// What went wrong, in the terms of the published exit codes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// Bad input: an argument, a config value, a malformed file (exit 1).
    Invalid,
    /// A named task, vote or federation does not exist (exit 1).
    NotFound,
    /// The caller may not do this (exit 1).
    Forbidden,
    /// A file operation failed (exit 1).
    Io,
    /// Nothing to do: no ready task, the task is not ready yet (exit 3).
    NothingToDo,
    /// Refused because the federation is paused (exit 4).
    Paused,
    /// The task or vote changed underneath: already claimed, lease lost,
    /// already finished (exit 5).
    Conflict,
    /// A shared federation's remote holds another version of what was
    /// being changed (another machine got there first): nothing changed;
    /// sync and redo the operation on the new state (exit 5 if it escapes).
    Moved,
    /// A shared federation's remote had a lock file in the way of what was
    /// being changed (another push landing there, or a git process on the
    /// remote that died holding it): nothing changed; sync and redo, and
    /// if the lock outlasts the redo loop, an error (exit 1): someone must
    /// look at the remote.
    Locked,
}

/// An error of the core library: a kind, a one-line message, and the
/// request parameter it is about, if any.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Error {
    pub kind: Kind,
    pub message: String,
    /// The parameter the message is about. The message does not name it:
    /// each front end does, in its own words (the command line as its
    /// flag, `--after`), so that the core never speaks of flags.
    pub param: Option<Param>,
}

/// The parameters of the core's requests that errors can be about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Param {
    /// The caller's identity, missing or unknown.
    Identity,
    /// The task or vote a command acts on.
    Id,
    /// An explicit id for a new task.
    NewId,
    /// An agent a command names (`queue assign ID AGENT`).
    Agent,
    Description,
    Title,
    Type,
    To,
    From,
    Lead,
    After,
    /// A dependency to drop (`queue edit --drop-after`).
    DropAfter,
    Context,
    Reworks,
    /// File reservations (`queue add --files`).
    Files,
    /// An acceptance check command (`queue add --check`).
    Check,
    Priority,
    Reason,
    Question,
    Option,
    Quorum,
    Deadline,
    Confidence,
    Choice,
    /// The text of a note (`queue note ID MESSAGE`).
    Message,
}

impl Param {
    /// The parameter's name, as the library and its JSON speak of it.
    pub fn name(self) -> &'static str {
        match self {
            Param::Identity => "agent",
            Param::Id => "id",
            Param::NewId => "new_id",
            Param::Agent => "target_agent",
            Param::Description => "description",
            Param::Title => "title",
            Param::Type => "type",
            Param::To => "to",
            Param::From => "from",
            Param::Lead => "lead",
            Param::After => "after",
            Param::DropAfter => "drop_after",
            Param::Context => "context",
            Param::Reworks => "reworks",
            Param::Files => "files",
            Param::Check => "check",
            Param::Priority => "priority",
            Param::Reason => "reason",
            Param::Question => "question",
            Param::Option => "option",
            Param::Quorum => "quorum",
            Param::Deadline => "deadline",
            Param::Confidence => "confidence",
            Param::Choice => "choice",
            Param::Message => "message",
        }
    }
}

/// What a value being checked is: a request parameter, or a field of a
/// file named in the message (`handoffs.review.then.to`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Label<'a> {
    Param(Param),
    Field(&'a str),
}

impl<'a> From<&'a str> for Label<'a> {
    fn from(field: &'a str) -> Self {
        Label::Field(field)
    }
}

impl<'a> From<&'a String> for Label<'a> {
    fn from(field: &'a String) -> Self {
        Label::Field(field)
    }
}

impl From<Param> for Label<'_> {
    fn from(param: Param) -> Self {
        Label::Param(param)
    }
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

impl Error {
    pub fn new(kind: Kind, message: impl Into<String>) -> Self {
        Error {
            kind,
            message: one_line(&message.into()),
            param: None,
        }
    }
    /// An error about `label`: a parameter is kept apart from the message,
    /// a file's field prefixes it.
    pub fn about<'a>(kind: Kind, label: impl Into<Label<'a>>, message: impl Into<String>) -> Self {
        match label.into() {
            Label::Param(param) => Self::new(kind, message).on(param),
            Label::Field(field) => Self::new(kind, format!("{field}: {}", message.into())),
        }
    }
    /// The same error, about `param`.
    pub fn on(mut self, param: Param) -> Self {
        self.param = Some(param);
        self
    }
    pub fn invalid(message: impl Into<String>) -> Self {
        Self::new(Kind::Invalid, message)
    }
    pub fn not_found(message: impl Into<String>) -> Self {
        Self::new(Kind::NotFound, message)
    }
    pub fn forbidden(message: impl Into<String>) -> Self {
        Self::new(Kind::Forbidden, message)
    }
    pub fn conflict(message: impl Into<String>) -> Self {
        Self::new(Kind::Conflict, message)
    }
    pub fn nothing(message: impl Into<String>) -> Self {
        Self::new(Kind::NothingToDo, message)
    }
    pub fn paused(message: impl Into<String>) -> Self {
        Self::new(Kind::Paused, message)
    }
    pub fn moved(message: impl Into<String>) -> Self {
        Self::new(Kind::Moved, message)
    }
    pub fn locked(message: impl Into<String>) -> Self {
        Self::new(Kind::Locked, message)
    }
    /// A change that did not land on a shared federation's remote because
    /// of what was there (it moved, or a lock was in the way): nothing
    /// changed, and a sync and another try may succeed.
    pub fn lost_a_race(&self) -> bool {
        matches!(self.kind, Kind::Moved | Kind::Locked)
    }
    /// An I/O error on `path`, described in one line.
    pub fn io(path: &Path, action: &str, err: &io::Error) -> Self {
        Self::new(
            Kind::Io,
            format!("cannot {action} {}: {}", path.display(), describe_io(err)),
        )
    }
}

/// A message on one line: line breaks and other control characters (which
/// can come from quoted input) are written as escapes.
pub fn one_line(text: &str) -> String {
    if !text.chars().any(char::is_control) {
        return text.to_string();
    }
    text.chars()
        .map(|c| {
            if c.is_control() {
                c.escape_default().to_string()
            } else {
                c.to_string()
            }
        })
        .collect()
}

/// The OS message without Rust's "(os error N)" suffix.
pub fn describe_io(err: &io::Error) -> String {
    let text = err.to_string();
    match text.find(" (os error") {
        Some(at) => text[..at].to_string(),
        None => text,
    }
}

/// The message with its parameter's library name (`after: ...`); front
/// ends that spell parameters otherwise render [`Error::param`] themselves.
impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.param {
            Some(Param::Identity) => write!(f, "{}: name the agent you act as", self.message),
            Some(param) => write!(f, "{}: {}", param.name(), self.message),
            None => f.write_str(&self.message),
        }
    }
}

impl std::error::Error for Error {}
