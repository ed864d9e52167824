//! Turning git's stderr into one line that names the remote and says
//! what kind of failure it was: unreachable, refused credentials, too old
//! a git, or git's own last error.

use super::Git;
use crate::error::Error;

impl Git {
    /// Whether `err` (from this wrapper) says the remote could not be
    /// reached at all (no route, no such repository, no answer in time),
    /// as opposed to a refusal: what lets an add wait for the next sync.
    pub fn is_unreachable(&self, err: &Error) -> bool {
        let Some(detail) = err.message.strip_prefix(&format!("remote {}: ", self.url)) else {
            return false;
        };
        detail.starts_with("cannot reach it") || detail.contains(" did not finish within ")
    }

    /// Turns git's stderr into one line: unreachable, refused credentials,
    /// too old a git, or git's own last error.
    pub fn failure(&self, action: &str, stderr: &str) -> Error {
        let detail = key_line(stderr);
        let lower = stderr.to_ascii_lowercase();
        if is_usage_error(&lower)
            && let Err(too_old) = self.check_version()
        {
            return too_old;
        }
        let text = if is_auth_failure(&lower) {
            format!("authentication failed ({detail}); check your credentials or ssh key")
        } else if is_unreachable(&lower) {
            format!("cannot reach it ({detail})")
        } else if self.lock_in_replica(stderr).is_some() {
            format!(
                "git {action} failed: {detail} (a git process holds it, or one that was stopped left it: if no fed is running on this machine, remove that file)"
            )
        } else {
            format!("git {action} failed: {detail}")
        };
        self.error(&text)
    }
}

/// The most telling line of git's stderr: the first `fatal:` or `error:`
/// line, else the last non-empty one.
fn key_line(stderr: &str) -> String {
    let lines: Vec<&str> = stderr
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect();
    let pick = lines
        .iter()
        .find(|l| l.starts_with("fatal:"))
        .or_else(|| lines.iter().find(|l| l.starts_with("error:")))
        .or(lines.last())
        .copied()
        .unwrap_or("no message");
    let text = pick
        .trim_start_matches("fatal: ")
        .trim_start_matches("error: ");
    crate::error::one_line(text)
}

fn is_auth_failure(lower: &str) -> bool {
    [
        "authentication failed",
        "permission denied",
        "terminal prompts disabled",
        "could not read username",
        "could not read password",
        "host key verification failed",
        "the requested url returned error: 401",
        "the requested url returned error: 403",
        "invalid username or password",
    ]
    .iter()
    .any(|p| lower.contains(p))
}

fn is_unreachable(lower: &str) -> bool {
    [
        "does not appear to be a git repository",
        "could not read from remote repository",
        "could not resolve host",
        "connection refused",
        "connection timed out",
        "network is unreachable",
        "unable to access",
        "repository not found",
        "no such file or directory",
        "the remote end hung up",
        "not a git repository",
    ]
    .iter()
    .any(|p| lower.contains(p))
}

fn is_usage_error(lower: &str) -> bool {
    ["unknown option", "unknown switch", "usage: git"]
        .iter()
        .any(|p| lower.contains(p))
}
