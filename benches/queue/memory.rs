//! Peak memory of one `fed` process: spawned, its stdout drained, then
//! reaped with `wait4`, whose resource usage is that child's alone.

use crate::timing::Run;
use std::io::Read;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// Runs `cmd` to completion (stdout captured); returns the run and the
/// child's peak resident set size in KiB.
pub fn run_rss(mut cmd: Command) -> (Run, u64) {
    cmd.stdout(Stdio::piped());
    let start = Instant::now();
    let mut child = cmd.spawn().expect("spawn fed");
    let mut stdout = Vec::new();
    if let Some(mut out) = child.stdout.take() {
        let _ = out.read_to_end(&mut stdout);
    }
    let pid = child.id() as libc::pid_t;
    let mut status = 0;
    // SAFETY: wait4 writes the status and the usage into what we pass; the
    // child is ours and not reaped yet (std never waits for it: `child`
    // is forgotten below).
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    let rc = unsafe { libc::wait4(pid, &mut status, 0, &mut usage) };
    let wall = start.elapsed();
    std::mem::forget(child);
    if rc != pid {
        crate::timing::fail("wait4 failed on a fed process");
    }
    let tv = |t: libc::timeval| Duration::new(t.tv_sec as u64, t.tv_usec as u32 * 1000);
    let code = libc::WIFEXITED(status).then(|| libc::WEXITSTATUS(status));
    let run = Run {
        wall,
        cpu: tv(usage.ru_utime) + tv(usage.ru_stime),
        code,
        bytes: stdout.len(),
        stdout: String::from_utf8_lossy(&stdout).trim().to_string(),
    };
    (run, usage.ru_maxrss as u64)
}
