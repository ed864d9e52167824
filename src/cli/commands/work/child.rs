//! One command run by `fed work`: started in a process group of its own
//! (so that stopping it stops whatever it started), its output captured
//! (and echoed on stderr) while it runs, its exit sent to the supervising
//! loop as an [`Event`].

use super::signals::{Event, unblock_in_child};
use std::io::{Read, Write};
use std::os::unix::process::CommandExt;
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc::Sender;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// The most output kept in memory; beyond it, the oldest part is dropped
/// (and the kept log says so).
const MAX_OUTPUT: usize = 16 * 1024 * 1024;

/// Output shared by the reader threads.
#[derive(Default)]
pub struct Captured {
    pub bytes: Vec<u8>,
    pub dropped: usize,
}

/// A running command.
pub struct Running {
    pgid: i32,
    output: Arc<Mutex<Captured>>,
    readers: Arc<AtomicUsize>,
}

/// Starts `argv` with `env` added to fed's environment.
pub fn start(
    argv: &[String],
    env: &[(String, String)],
    echo: bool,
    events: Sender<Event>,
) -> std::io::Result<Running> {
    let (program, args) = argv
        .split_first()
        .ok_or_else(|| std::io::Error::other("no command to run"))?;
    let mut cmd = Command::new(program);
    cmd.args(args)
        .envs(env.iter().map(|(k, v)| (k, v)))
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .process_group(0);
    // SAFETY: the closure only calls async-signal-safe functions.
    unsafe {
        cmd.pre_exec(unblock_in_child);
    }
    let mut child = cmd.spawn()?;
    let output = Arc::new(Mutex::new(Captured::default()));
    let readers = Arc::new(AtomicUsize::new(2));
    let pipes: Vec<Box<dyn Read + Send>> = [
        child
            .stdout
            .take()
            .map(|p| Box::new(p) as Box<dyn Read + Send>),
        child
            .stderr
            .take()
            .map(|p| Box::new(p) as Box<dyn Read + Send>),
    ]
    .into_iter()
    .flatten()
    .collect();
    readers.store(pipes.len(), Ordering::SeqCst);
    for pipe in pipes {
        let (output, readers) = (output.clone(), readers.clone());
        std::thread::spawn(move || {
            copy(pipe, &output, echo);
            readers.fetch_sub(1, Ordering::SeqCst);
        });
    }
    let pgid = child.id() as i32;
    std::thread::spawn(move || {
        if let Ok(status) = child.wait() {
            let _ = events.send(Event::Exited(status));
        }
    });
    Ok(Running {
        pgid,
        output,
        readers,
    })
}

fn copy(mut pipe: Box<dyn Read + Send>, output: &Mutex<Captured>, echo: bool) {
    let mut buf = [0u8; 8192];
    loop {
        let n = match pipe.read(&mut buf) {
            Ok(0) | Err(_) => return,
            Ok(n) => n,
        };
        if echo {
            let _ = std::io::stderr().lock().write_all(&buf[..n]);
        }
        let mut captured = output.lock().unwrap_or_else(|p| p.into_inner());
        captured.bytes.extend_from_slice(&buf[..n]);
        if captured.bytes.len() > MAX_OUTPUT {
            let extra = captured.bytes.len() - MAX_OUTPUT;
            captured.bytes.drain(..extra);
            captured.dropped += extra;
        }
    }
}

impl Running {
    /// Sends `signal` to the command's whole process group.
    pub fn signal(&self, signal: i32) {
        // SAFETY: kill(2) on the group this command leads.
        unsafe {
            libc::kill(-self.pgid, signal);
        }
    }

    /// The output so far, and what was dropped of it. Waits (at most a
    /// second) for the pipes to close after the command exited: a process
    /// it left behind may hold them open.
    pub fn output(&self) -> (Vec<u8>, usize) {
        let until = Instant::now() + Duration::from_secs(1);
        while self.readers.load(Ordering::SeqCst) > 0 && Instant::now() < until {
            std::thread::sleep(Duration::from_millis(5));
        }
        let captured = self.output.lock().unwrap_or_else(|p| p.into_inner());
        (captured.bytes.clone(), captured.dropped)
    }
}

/// The last lines of `output` (at most `lines` lines and `bytes` bytes),
/// as text.
pub fn tail(output: &[u8], lines: usize, bytes: usize) -> String {
    let text = String::from_utf8_lossy(output);
    let trimmed = text.trim_end();
    let mut start = trimmed.len().saturating_sub(bytes);
    while !trimmed.is_char_boundary(start) {
        start += 1;
    }
    let last = &trimmed[start..];
    let kept: Vec<&str> = last.lines().collect();
    let from = kept.len().saturating_sub(lines);
    kept[from..].join("\n")
}

#[cfg(test)]
mod tests {
    use super::tail;

    #[test]
    fn tails_keep_the_last_lines_within_the_byte_limit() {
        assert_eq!(tail(b"a\nb\nc\n", 2, 100), "b\nc");
        assert_eq!(tail(b"abcdef", 5, 3), "def");
        assert_eq!(tail("é".repeat(10).as_bytes(), 5, 3), "é");
        assert_eq!(tail(b"", 5, 10), "");
    }
}
