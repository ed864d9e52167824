//! The `forgetfs` binary, as a shell script would drive it.

mod common;

use nix::sys::signal::{Signal, kill};
use nix::unistd::Pid;
use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};

/// Stops the binary (which unmounts) if the test fails half way.
struct Stop(Pid);

impl Drop for Stop {
    fn drop(&mut self) {
        let _ = kill(self.0, Signal::SIGTERM);
    }
}

#[test]
fn sigusr1_cuts_and_sigterm_unmounts() {
    // The fixture only tells whether this machine can mount; the binary
    // mounts on a directory of its own.
    if common::mount(forgetfs::Model::Strict).is_none() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let log = dir.path().join("ops.log");
    let mnt = dir.path().join("mnt");
    std::fs::create_dir(&mnt).unwrap();
    let mut child = Command::new(env!("CARGO_BIN_EXE_forgetfs"))
        .arg(&mnt)
        .args(["--model", "journal", "--log"])
        .arg(&log)
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let pid = Pid::from_raw(child.id() as i32);
    let _stop = Stop(pid);
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    let mut next = || lines.next().unwrap().unwrap();
    assert_eq!(next(), format!("mounted {} model=journal", mnt.display()));

    common::write(&mnt.join("lost"), b"x");
    common::write_synced(&mnt.join("kept"), b"y");
    kill(pid, Signal::SIGUSR2).unwrap();
    assert_eq!(next(), "ops=5 frozen=false");
    kill(pid, Signal::SIGUSR1).unwrap();
    assert_eq!(next(), "cut ops=5");
    assert_eq!(common::names(&mnt), ["kept", "lost"]);
    assert_eq!(common::read(&mnt.join("lost")).unwrap(), b"");
    assert_eq!(common::read(&mnt.join("kept")).unwrap(), b"y");

    kill(pid, Signal::SIGTERM).unwrap();
    assert!(child.wait().unwrap().success());
    assert_eq!(common::names(&mnt), Vec::<String>::new(), "unmounted");
    let log = std::fs::read_to_string(&log).unwrap();
    assert!(
        log.starts_with("1 create /lost 0\n2 write /lost 0\n"),
        "{log}"
    );
    assert!(log.ends_with("- cut / 0\n"), "{log}");
}
