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
}

/// An error of the core library: a kind and a one-line message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Error {
    pub kind: Kind,
    pub message: String,
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

impl Error {
    pub fn new(kind: Kind, message: impl Into<String>) -> Self {
        Error {
            kind,
            message: one_line(&message.into()),
        }
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

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for Error {}
