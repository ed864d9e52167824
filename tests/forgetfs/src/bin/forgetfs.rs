//! `forgetfs MOUNTPOINT [--model strict|fsync-path|journal] [--log FILE]
//! [--cut-after N]`: mounts an empty forgetfs and stays in the foreground.
//!
//! - SIGUSR1: power cut (prints `cut ops=N`);
//! - SIGUSR2: prints `ops=N frozen=BOOL`;
//! - SIGINT, SIGTERM, SIGHUP: unmounts and exits.
//!
//! It prints `mounted MOUNTPOINT model=MODEL` once the mount is ready.
//! With `--log FILE`, the log of mutating requests is written to FILE (one
//! request a line: `SEQ OP PATH [PATH2] ERRNO`, SEQ `-` for a failed one)
//! on every signal. `--cut-after N` arms the freeze after request N
//! (see `Mount::cut_after`).

use forgetfs::{ForgetFs, Model, OpRecord, Options};
use nix::sys::signal::{SigSet, Signal};
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

struct Args {
    mountpoint: PathBuf,
    model: Model,
    log: Option<PathBuf>,
    cut_after: Option<u64>,
}

const USAGE: &str = "usage: forgetfs MOUNTPOINT [--model strict|fsync-path|journal] \
                     [--log FILE] [--cut-after N]";

fn parse_args() -> Result<Args, String> {
    let mut args = std::env::args_os().skip(1);
    let mut mountpoint = None;
    let (mut model, mut log, mut cut_after) = (Model::Strict, None, None);
    while let Some(arg) = args.next() {
        let mut value = || args.next().ok_or(format!("{arg:?} needs a value"));
        match arg.to_str() {
            Some("--model") => model = value()?.to_string_lossy().parse()?,
            Some("--log") => log = Some(PathBuf::from(value()?)),
            Some("--cut-after") => {
                let n = value()?
                    .to_string_lossy()
                    .parse()
                    .map_err(|e| format!("{e}"))?;
                cut_after = Some(n);
            }
            Some("-h" | "--help") => return Err(USAGE.to_string()),
            Some(s) if s.starts_with('-') => return Err(format!("unknown option {s}\n{USAGE}")),
            _ if mountpoint.is_none() => mountpoint = Some(PathBuf::from(arg)),
            _ => return Err(USAGE.to_string()),
        }
    }
    Ok(Args {
        mountpoint: mountpoint.ok_or(USAGE)?,
        model,
        log,
        cut_after,
    })
}

fn write_log(path: &Option<PathBuf>, records: &[OpRecord]) {
    let Some(path) = path else { return };
    let mut text = String::new();
    for r in records {
        let seq = r.seq.map_or("-".to_string(), |n| n.to_string());
        let path2 = r
            .path2
            .as_deref()
            .map_or(String::new(), |p| format!(" {p}"));
        text.push_str(&format!("{seq} {} {}{path2} {}\n", r.op, r.path, r.errno));
    }
    if let Err(e) = std::fs::write(path, text) {
        eprintln!("forgetfs: writing {}: {e}", path.display());
    }
}

fn run(args: Args) -> Result<(), String> {
    let signals = [
        Signal::SIGUSR1,
        Signal::SIGUSR2,
        Signal::SIGINT,
        Signal::SIGTERM,
        Signal::SIGHUP,
    ];
    let mut set = SigSet::empty();
    for s in signals {
        set.add(s);
    }
    // Blocked before the session thread starts, so that it inherits the
    // mask and every signal is taken by the wait below.
    set.thread_block()
        .map_err(|e| format!("blocking signals: {e}"))?;
    let options = Options {
        model: args.model,
        log: args.log.is_some(),
    };
    let mount = ForgetFs::mount_with(&args.mountpoint, options).map_err(|e| e.to_string())?;
    if let Some(n) = args.cut_after {
        mount.cut_after(n).map_err(|e| e.to_string())?;
    }
    let mut out = std::io::stdout();
    let _ = writeln!(
        out,
        "mounted {} model={}",
        args.mountpoint.display(),
        args.model
    );
    let _ = out.flush();
    loop {
        let signal = set
            .wait()
            .map_err(|e| format!("waiting for signals: {e}"))?;
        match signal {
            Signal::SIGUSR1 => {
                mount.cut();
                let _ = writeln!(out, "cut ops={}", mount.ops_count());
            }
            Signal::SIGUSR2 => {
                let (ops, frozen) = (mount.ops_count(), mount.is_frozen());
                let _ = writeln!(out, "ops={ops} frozen={frozen}");
            }
            _ => break,
        }
        let _ = out.flush();
        write_log(&args.log, &mount.log());
    }
    write_log(&args.log, &mount.log());
    mount.unmount().map_err(|e| format!("unmounting: {e}"))
}

fn main() -> ExitCode {
    match parse_args().and_then(run) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("forgetfs: {e}");
            ExitCode::FAILURE
        }
    }
}
