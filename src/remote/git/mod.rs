//! A thin wrapper over the `git` program, for the bare repository `fed`
//! manages (the replica), never for the user's own repository.
//!
//! `fed` runs the `git` program rather than a library so that everything a
//! user has set up for git (ssh keys and agents, credential helpers,
//! proxies, `url.insteadOf`) works unchanged. Each run is isolated from
//! whatever repository or hook `fed` itself was started in:
//!
//! - `GIT_DIR` names the replica explicitly, and every inherited variable
//!   that points git elsewhere (`GIT_WORK_TREE`, `GIT_INDEX_FILE`,
//!   `GIT_CONFIG_PARAMETERS` from a parent git, ...) is removed;
//! - no prompts (`GIT_TERMINAL_PROMPT=0`, and a new session without a
//!   controlling terminal, so that ssh cannot ask for a passphrase either),
//!   no editor, no pager, no hooks (`core.hooksPath=/dev/null`), no
//!   signing, no automatic gc, messages in English (`LC_ALL=C`) so that
//!   failures can be classified;
//! - a time limit, after which git and its children (ssh) are killed.
//!
//! Every failure becomes one line naming the remote: git missing, remote
//! unreachable, authentication refused, git too old, or git's own message.

mod env;
mod errors;
pub mod import;
pub mod objects;
mod pack;
mod refs;
mod stale;
pub use pack::blob_id;
pub mod transport;

use crate::error::{Error, Kind, Result};
use env::{CONFIG, scrubbed};
use std::ffi::OsString;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::mpsc;
use std::time::Duration;

/// A commit to write: its tree holds exactly `files` (paths may have
/// folders), or, with `keep_tree`, its parent's tree with `files` added or
/// replaced.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewCommit<'a> {
    pub files: Vec<(String, &'a [u8])>,
    pub parent: Option<crate::remote::Oid>,
    pub message: String,
    pub keep_tree: bool,
}

/// The oldest git `fed` works with: `fetch --no-write-fetch-head` (2.29) is
/// the newest feature it uses; protocol v2 (the default since 2.26) lets a
/// fetch list only fed's refs; lease-guarded creation came in 2.8.
pub const MIN_VERSION: Version = Version(2, 29, 0);

/// How long one git run may take before it is killed.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(120);

/// A git version, compared numerically.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Version(pub u32, pub u32, pub u32);

impl Version {
    /// Reads `git version 2.47.3` (also `2.39.2 (Apple Git-143)` and
    /// `2.45.1.windows.1`).
    pub fn parse(text: &str) -> Option<Version> {
        let rest = text.trim().strip_prefix("git version ")?;
        let mut parts = rest
            .split(|c: char| !c.is_ascii_digit())
            .map(|p| p.parse::<u32>().ok());
        let major = parts.next()??;
        let minor = parts.next()??;
        let patch = parts.next().flatten().unwrap_or(0);
        Some(Version(major, minor, patch))
    }
}

impl std::fmt::Display for Version {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}.{}.{}", self.0, self.1, self.2)
    }
}

/// What one git run produced (whatever its exit code).
#[derive(Debug)]
pub struct Output {
    pub success: bool,
    pub stdout: Vec<u8>,
    pub stderr: String,
}

/// The replica's git directory and the remote it talks to.
#[derive(Debug, Clone)]
pub struct Git {
    git_dir: PathBuf,
    url: String,
    program: OsString,
    timeout: Duration,
    identity: String,
}

impl Git {
    /// A wrapper for the bare repository at `git_dir` whose remote is `url`
    /// (named in every error message).
    pub fn new(git_dir: &Path, url: &str) -> Git {
        Git {
            git_dir: git_dir.to_path_buf(),
            url: url.to_string(),
            program: OsString::from("git"),
            timeout: DEFAULT_TIMEOUT,
            identity: "fed".to_string(),
        }
    }

    /// Runs another program than `git` from `PATH` (tests).
    pub fn with_program(mut self, program: impl Into<OsString>) -> Git {
        self.program = program.into();
        self
    }

    pub fn with_timeout(mut self, timeout: Duration) -> Git {
        self.timeout = timeout;
        self
    }

    /// The name commits are written under (`fed@MACHINE`).
    pub fn with_identity(mut self, machine: &str) -> Git {
        self.identity = format!("fed@{machine}");
        self
    }

    pub fn git_dir(&self) -> &Path {
        &self.git_dir
    }

    pub fn url(&self) -> &str {
        &self.url
    }

    /// The command with the environment hygiene applied.
    fn command(&self, args: &[&str], extra_env: &[(&str, &str)]) -> Command {
        let mut cmd = Command::new(&self.program);
        for key in scrubbed(std::env::vars_os().map(|(k, _)| k)) {
            cmd.env_remove(key);
        }
        cmd.env("GIT_DIR", &self.git_dir)
            .env("GIT_TERMINAL_PROMPT", "0")
            .env("GIT_EDITOR", "true")
            .env("GIT_PAGER", "cat")
            .env("PAGER", "cat")
            .env("LC_ALL", "C")
            .env("GIT_ADVICE", "0")
            .env("GIT_AUTHOR_NAME", "fed")
            .env("GIT_AUTHOR_EMAIL", &self.identity)
            .env("GIT_COMMITTER_NAME", "fed")
            .env("GIT_COMMITTER_EMAIL", &self.identity)
            .current_dir(self.git_dir.parent().unwrap_or(Path::new("/")));
        for (key, value) in extra_env {
            cmd.env(key, value);
        }
        for setting in CONFIG {
            cmd.arg("-c").arg(setting);
        }
        cmd.args(args);
        detach_from_terminal(&mut cmd);
        cmd
    }

    /// Runs git with `args`, feeding `stdin`; returns its output whatever
    /// the exit code. Fails only when git cannot be run or runs too long.
    pub fn run(&self, args: &[&str], stdin: &[u8]) -> Result<Output> {
        self.run_env(args, stdin, &[])
    }

    /// [`Git::run`] with extra environment variables.
    pub fn run_env(&self, args: &[&str], stdin: &[u8], env: &[(&str, &str)]) -> Result<Output> {
        let mut cmd = self.command(args, env);
        cmd.stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        let mut child = cmd.spawn().map_err(|e| self.spawn_error(&e))?;
        let pid = child.id();
        let mut input = child.stdin.take().expect("stdin is piped");
        let data = stdin.to_vec();
        // Written from a thread so that a large input and a large output
        // cannot block each other.
        let writer = std::thread::spawn(move || {
            let _ = input.write_all(&data);
        });
        let (tx, rx) = mpsc::channel();
        std::thread::spawn(move || {
            let _ = tx.send(child.wait_with_output());
        });
        let result = match rx.recv_timeout(self.timeout) {
            Ok(result) => result,
            Err(_) => {
                kill_group(pid);
                let _ = rx.recv();
                let _ = writer.join();
                return Err(self.error(&format!(
                    "git {} did not finish within {} s and was stopped",
                    args.first().unwrap_or(&""),
                    self.timeout.as_secs()
                )));
            }
        };
        let _ = writer.join();
        let out = result.map_err(|e| self.error(&format!("cannot run git: {e}")))?;
        let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
        // A lock a git process stopped by a power cut left: gone, again.
        if !out.status.success()
            && let Some(lock) = self.stale_lock(&stderr)
            && std::fs::remove_file(&lock).is_ok()
        {
            return self.run_env(args, stdin, env);
        }
        Ok(Output {
            success: out.status.success(),
            stdout: out.stdout,
            stderr,
        })
    }

    /// Runs git and returns its stdout; a failure becomes an error naming
    /// the remote and `action`.
    pub fn run_ok(&self, args: &[&str], stdin: &[u8]) -> Result<Vec<u8>> {
        let out = self.run(args, stdin)?;
        if out.success {
            Ok(out.stdout)
        } else {
            Err(self.failure(args.first().copied().unwrap_or("git"), &out.stderr))
        }
    }

    /// The installed git's version.
    pub fn version(&self) -> Result<Version> {
        let out = Command::new(&self.program)
            .arg("version")
            .env("LC_ALL", "C")
            .stdin(Stdio::null())
            .output()
            .map_err(|e| self.spawn_error(&e))?;
        let text = String::from_utf8_lossy(&out.stdout);
        Version::parse(&text).ok_or_else(|| {
            self.error(&format!(
                "cannot read the git version from '{}'",
                text.trim()
            ))
        })
    }

    /// Fails unless git is installed and at least [`MIN_VERSION`].
    pub fn check_version(&self) -> Result<Version> {
        let version = self.version()?;
        if version < MIN_VERSION {
            return Err(self.error(&format!(
                "git {version} is too old; fed needs git {MIN_VERSION} or newer"
            )));
        }
        Ok(version)
    }

    /// Creates the bare replica (idempotent) and points it at the remote.
    pub fn init(&self) -> Result<()> {
        self.check_version()?;
        std::fs::create_dir_all(&self.git_dir)
            .map_err(|e| Error::io(&self.git_dir, "create", &e))?;
        // SHA-1 whatever `init.defaultObjectFormat` says: fed writes a
        // change's objects itself (`pack.rs`).
        self.run_ok(&["init", "--quiet", "--bare", "--object-format=sha1"], b"")?;
        self.set_url(&self.url.clone())
    }

    /// Records the remote's URL in the replica (remote name `fed`).
    pub fn set_url(&self, url: &str) -> Result<()> {
        self.run_ok(&["config", "remote.fed.url", url], b"")?;
        Ok(())
    }

    /// An error about this remote.
    pub fn error(&self, detail: &str) -> Error {
        Error::new(Kind::Io, format!("remote {}: {detail}", self.url))
    }

    fn spawn_error(&self, err: &std::io::Error) -> Error {
        if err.kind() == std::io::ErrorKind::NotFound {
            self.error(&format!(
                "the git program ('{}') is not installed or not on PATH; fed needs git {MIN_VERSION} or newer to use a remote",
                self.program.to_string_lossy()
            ))
        } else {
            self.error(&format!(
                "cannot run git: {}",
                crate::error::describe_io(err)
            ))
        }
    }
}

/// Runs git in a new session: it has no controlling terminal, so nothing
/// it starts (ssh asking for a passphrase) can prompt and hang, and the
/// whole group can be killed at the time limit.
fn detach_from_terminal(cmd: &mut Command) {
    use std::os::unix::process::CommandExt;
    // SAFETY: setsid is async-signal-safe and touches no memory.
    unsafe {
        cmd.pre_exec(|| {
            libc::setsid();
            Ok(())
        });
    }
}

fn kill_group(pid: u32) {
    if let Ok(pid) = i32::try_from(pid) {
        // SAFETY: plain syscalls; the child is not reaped yet, so its pid
        // (and process group id, after setsid) cannot have been reused.
        unsafe {
            libc::kill(-pid, libc::SIGKILL);
            libc::kill(pid, libc::SIGKILL);
        }
    }
}

#[cfg(test)]
mod tests;
