//! Running the real binary as plain processes, which tests can spawn,
//! signal and kill: a clean environment (the same as `Env::fed`), bounded
//! waits that fail the test on a hang, a panic or an unexpected signal, and
//! the sizes `FED_STRESS=1` asks for.

use super::{Env, stderr};
use std::process::{Child, Command, Output, Stdio};
use std::sync::Barrier;
use std::time::{Duration, Instant};

/// Whether `FED_STRESS` asks for the big version.
pub(crate) fn stress() -> bool {
    std::env::var("FED_STRESS").is_ok_and(|v| !v.is_empty() && v != "0")
}

/// `small` by default, `big` under `FED_STRESS=1`.
pub(crate) fn size(small: usize, big: usize) -> usize {
    if stress() { big } else { small }
}

/// `fed ARGS` as a plain `std::process::Command` (so that it can be spawned,
/// stopped and killed), with the environment of `Env::fed`.
pub(crate) fn process(env: &Env, agent: Option<&str>, args: &[&str]) -> Command {
    process_at(env, agent, &env.now, args)
}

/// Like [`process`], with the clock at `now`.
pub(crate) fn process_at(env: &Env, agent: Option<&str>, now: &str, args: &[&str]) -> Command {
    let mut cmd = env.clean(now, args);
    cmd.stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    if let Some(agent) = agent {
        cmd.env("FED_AGENT", agent);
    }
    cmd
}

/// Runs `cmd` to the end, killing it and failing the test if it takes more
/// than `limit`; `during` runs right after the spawn (to signal the child).
/// Fails on a panic; a death by signal is returned (no exit code).
pub(crate) fn run_with(
    mut cmd: Command,
    limit: Duration,
    during: impl FnOnce(&mut Child),
) -> Output {
    let what = format!("{cmd:?}");
    cmd.stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let mut child = cmd.spawn().expect("fed starts");
    during(&mut child);
    collect(child, limit, &what)
}

/// Runs `cmd` within `limit`, sending SIGKILL after `kill_after` if it is
/// still running. `None` when the kill landed (it died of the signal).
pub(crate) fn run_killable(
    cmd: Command,
    limit: Duration,
    kill_after: Option<Duration>,
) -> Option<Output> {
    let out = run_with(cmd, limit, |child| {
        if let Some(delay) = kill_after {
            std::thread::sleep(delay);
            let _ = child.kill();
        }
    });
    out.status.code()?;
    Some(out)
}

/// Runs `cmd` to the end within `limit` (else kills it and fails); fails
/// on a panic or a death by signal.
pub(crate) fn run_bounded(cmd: Command, limit: Duration) -> Output {
    let what = format!("{cmd:?}");
    exited(run_with(cmd, limit, |_| {}), &what)
}

/// Waits for a spawned `child` (with piped output) for at most `limit`
/// (else kills it and fails); fails on a panic or a death by signal.
pub(crate) fn wait_bounded(child: Child, limit: Duration, what: &str) -> Output {
    exited(collect(child, limit, what), what)
}

/// `out`, after failing the test if `what` died of a signal.
fn exited(out: Output, what: &str) -> Output {
    assert!(
        out.status.code().is_some(),
        "{what} died of a signal ({:?}): {}",
        out.status,
        stderr(&out)
    );
    out
}

/// Reads `child`'s output while waiting for it for at most `limit` (else
/// kills it and fails); fails on a panic, returns a death by signal.
fn collect(mut child: Child, limit: Duration, what: &str) -> Output {
    let start = Instant::now();
    let mut out_pipe = child.stdout.take().expect("stdout piped");
    let mut err_pipe = child.stderr.take().expect("stderr piped");
    let out_reader = std::thread::spawn(move || {
        let mut buf = Vec::new();
        let _ = std::io::Read::read_to_end(&mut out_pipe, &mut buf);
        buf
    });
    let err_reader = std::thread::spawn(move || {
        let mut buf = Vec::new();
        let _ = std::io::Read::read_to_end(&mut err_pipe, &mut buf);
        buf
    });
    let status = loop {
        if let Some(status) = child.try_wait().expect("wait") {
            break status;
        }
        if start.elapsed() > limit {
            let _ = child.kill();
            let _ = child.wait();
            panic!("{what} did not finish within {limit:?}: killed (a hang)");
        }
        std::thread::sleep(Duration::from_micros(500));
    };
    let out = Output {
        status,
        stdout: out_reader.join().expect("stdout reader"),
        stderr: err_reader.join().expect("stderr reader"),
    };
    let err = stderr(&out);
    assert!(
        !err.contains("panicked") && !err.contains("overflowed its stack"),
        "{what} panicked: {err}"
    );
    out
}

/// A bound on a test's retry loop: a loop still retrying when it passes is
/// a livelock (or an outage that never ended), failed with what it last saw
/// instead of hanging the suite.
pub(crate) struct Deadline(Instant);

impl Deadline {
    pub(crate) fn after(limit: Duration) -> Deadline {
        Deadline(Instant::now() + limit)
    }

    /// Whether it has passed (for a loop that waits without a command's
    /// output to show).
    pub(crate) fn passed(&self) -> bool {
        Instant::now() >= self.0
    }

    /// Fails the test, naming `what` and its last output `out`, once passed.
    #[track_caller]
    pub(crate) fn check(&self, what: &str, out: &Output) {
        assert!(
            Instant::now() < self.0,
            "{what}: still retrying at the deadline; last exit {:?}: {}",
            out.status.code(),
            stderr(out)
        );
    }
}

/// `workers` threads, started together, each running `work(index)`.
pub(crate) fn together<T: Send>(workers: usize, work: impl Fn(usize) -> T + Sync) -> Vec<T> {
    let barrier = Barrier::new(workers);
    std::thread::scope(|s| {
        let handles: Vec<_> = (0..workers)
            .map(|w| {
                let (barrier, work) = (&barrier, &work);
                s.spawn(move || {
                    barrier.wait();
                    work(w)
                })
            })
            .collect();
        handles
            .into_iter()
            .map(|h| h.join().expect("worker thread"))
            .collect()
    })
}

pub(crate) fn signal(child: &std::process::Child, sig: i32) {
    // SAFETY: kill(2) with a pid we spawned and have not reaped yet.
    unsafe {
        libc::kill(child.id() as libc::pid_t, sig);
    }
}
