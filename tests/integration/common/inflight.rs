//! Processes in flight, for a killer thread: every `fed` spawned through
//! [`Inflight::run`] is registered until it has exited, and
//! [`Inflight::kill_one`] sends SIGKILL to one of them at random.
//!
//! A pid is removed from the registry before its process is reaped (the
//! exit is seen with `waitid(WNOWAIT)`), and the killer signals only under
//! the registry's lock, so it never signals a pid that the kernel could
//! have given to another process.

use super::rng::Rng;
use super::stderr;
use std::collections::BTreeSet;
use std::process::{Command, Output, Stdio};
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// How a tracked process ended.
#[derive(Debug)]
pub(crate) enum Ended {
    /// It exited with a code (its output is here).
    Exited(Output),
    /// It died of a signal (SIGKILL from the killer, or something else).
    Signalled(i32, Output),
    /// It ran past the limit and was killed by the runner.
    Hung(Output),
}

/// The registry of live `fed` processes.
#[derive(Default)]
pub(crate) struct Inflight {
    pids: Mutex<BTreeSet<i32>>,
}

impl Inflight {
    /// How many processes are running now.
    pub(crate) fn len(&self) -> usize {
        self.pids.lock().unwrap().len()
    }

    /// Sends SIGKILL to one running process chosen by `rng`; the pid, or
    /// `None` when nothing runs.
    pub(crate) fn kill_one(&self, rng: &mut Rng) -> Option<i32> {
        let pids = self.pids.lock().unwrap();
        if pids.is_empty() {
            return None;
        }
        let pid = *pids.iter().nth(rng.below(pids.len() as u64) as usize)?;
        // SAFETY: kill(2) on a child that has not been reaped yet (it is
        // removed from the set, under this lock, before it is reaped).
        unsafe {
            libc::kill(pid, libc::SIGKILL);
        }
        Some(pid)
    }

    /// Runs `cmd` to its end (registered while it runs), killing it after
    /// `limit`.
    pub(crate) fn run(&self, cmd: Command, limit: Duration) -> Ended {
        self.run_killable(cmd, limit, true)
    }

    /// Like [`Inflight::run`]; a process that is not `killable` is never
    /// chosen by [`Inflight::kill_one`].
    pub(crate) fn run_killable(&self, mut cmd: Command, limit: Duration, killable: bool) -> Ended {
        cmd.stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        // Spawn and register under the lock: the killer never sees a
        // half-registered child.
        let (mut child, pid) = {
            let mut pids = self.pids.lock().unwrap();
            let child = cmd.spawn().expect("fed starts");
            let pid = child.id() as i32;
            if killable {
                pids.insert(pid);
            }
            (child, pid)
        };
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
        let start = Instant::now();
        let mut hung = false;
        let mut pause = Duration::from_micros(100);
        loop {
            if exited_unreaped(pid) {
                break;
            }
            if start.elapsed() > limit {
                hung = true;
                let _ = child.kill();
                // Wait for the death without reaping.
                while !exited_unreaped(pid) {
                    std::thread::sleep(Duration::from_millis(1));
                }
                break;
            }
            std::thread::sleep(pause);
            pause = (pause * 2).min(Duration::from_millis(2));
        }
        self.pids.lock().unwrap().remove(&pid);
        let status = child.wait().expect("wait for fed");
        let out = Output {
            status,
            stdout: out_reader.join().expect("stdout reader"),
            stderr: err_reader.join().expect("stderr reader"),
        };
        if hung {
            return Ended::Hung(out);
        }
        match std::os::unix::process::ExitStatusExt::signal(&out.status) {
            Some(sig) => Ended::Signalled(sig, out),
            None => Ended::Exited(out),
        }
    }
}

/// Whether child `pid` has exited (or stopped being waitable), without
/// reaping it.
fn exited_unreaped(pid: i32) -> bool {
    // SAFETY: a zeroed siginfo_t is a valid out-parameter for waitid.
    let mut info: libc::siginfo_t = unsafe { std::mem::zeroed() };
    // SAFETY: waitid on our own child with WNOWAIT leaves it waitable.
    let rc = unsafe {
        libc::waitid(
            libc::P_PID,
            pid as libc::id_t,
            &mut info,
            libc::WEXITED | libc::WNOHANG | libc::WNOWAIT,
        )
    };
    if rc != 0 {
        return true; // ECHILD: nothing to wait for any more
    }
    // SAFETY: si_pid is set by waitid when a child changed state.
    unsafe { info.si_pid() != 0 }
}

/// The message of a panic or stack overflow in `out`'s stderr, if any.
pub(crate) fn panic_in(out: &Output) -> Option<String> {
    let err = stderr(out);
    (err.contains("panicked") || err.contains("overflowed its stack")).then_some(err)
}
