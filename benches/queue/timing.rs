//! Running `fed` as whole processes and summarising the times.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

pub const AGENT: &str = "bench";

/// The `fed` binary to measure: `FED_BENCH_BIN` if set (to compare two
/// builds on the same fixtures), else the one cargo built.
pub fn fed_bin() -> PathBuf {
    std::env::var_os("FED_BENCH_BIN")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_BIN_EXE_fed")))
}

/// The fixtures' directory, so that a failure can say where to look.
pub static FIXTURES: std::sync::OnceLock<PathBuf> = std::sync::OnceLock::new();

/// Reports a failure and exits non-zero, keeping the fixtures to inspect.
pub fn fail(message: impl AsRef<str>) -> ! {
    println!("FAILED: {}", message.as_ref());
    if let Some(dir) = FIXTURES.get() {
        println!("fixtures left in {} for inspection", dir.display());
    }
    std::process::exit(1);
}

pub fn env_usize(name: &str, default: usize) -> usize {
    match std::env::var(name) {
        Ok(v) => v.trim().parse().unwrap_or_else(|_| {
            eprintln!("{name}: '{v}' is not a number; using {default}");
            default
        }),
        Err(_) => default,
    }
}

pub fn fed(dir: &Path, args: &[&str]) -> Command {
    fed_as(dir, AGENT, args)
}

pub fn fed_as(dir: &Path, agent: &str, args: &[&str]) -> Command {
    let mut cmd = Command::new(fed_bin());
    cmd.args(args)
        .env("FED_DIR", dir)
        .env("FED_AGENT", agent)
        .env("NO_COLOR", "1")
        .env_remove("FED_NOW")
        .stdin(Stdio::null())
        .stderr(Stdio::null());
    cmd
}

/// CPU time (user + system) used so far by this process's reaped children.
fn children_cpu() -> Duration {
    // SAFETY: getrusage only writes into the struct we pass.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    let rc = unsafe { libc::getrusage(libc::RUSAGE_CHILDREN, &mut usage) };
    if rc != 0 {
        return Duration::ZERO;
    }
    let tv = |t: libc::timeval| Duration::new(t.tv_sec as u64, t.tv_usec as u32 * 1000);
    tv(usage.ru_utime) + tv(usage.ru_stime)
}

/// One finished `fed` process: wall time (spawn to reaped), the CPU time it
/// used (exact only while no other child is reaped meanwhile: the
/// sequential phases), its exit code and its stdout.
pub struct Run {
    pub wall: Duration,
    pub cpu: Duration,
    pub code: Option<i32>,
    pub stdout: String,
    pub bytes: usize,
}

/// Runs to completion, stdout captured only if `capture`.
pub fn run(mut cmd: Command, capture: bool) -> Run {
    cmd.stdout(if capture {
        Stdio::piped()
    } else {
        Stdio::null()
    });
    let cpu0 = children_cpu();
    let start = Instant::now();
    let out = cmd.output().expect("spawn fed");
    let wall = start.elapsed();
    Run {
        wall,
        cpu: children_cpu().saturating_sub(cpu0),
        code: out.status.code(),
        bytes: out.stdout.len(),
        stdout: String::from_utf8_lossy(&out.stdout).trim().to_string(),
    }
}

pub fn expect_ok(what: &str, code: Option<i32>) {
    if code != Some(0) {
        fail(format!("`fed {what}` exited {code:?} during the benchmark"));
    }
}

/// Wall and CPU times of the runs of one command.
#[derive(Default, Clone)]
pub struct Samples {
    pub wall: Vec<Duration>,
    pub cpu: Vec<Duration>,
}

fn sorted_ms(v: &[Duration]) -> Vec<f64> {
    let mut v: Vec<f64> = v.iter().map(|d| d.as_secs_f64() * 1000.0).collect();
    v.sort_by(f64::total_cmp);
    v
}

pub fn median(v: &[Duration]) -> f64 {
    let v = sorted_ms(v);
    let n = v.len();
    match n {
        0 => f64::NAN,
        _ if n % 2 == 1 => v[n / 2],
        _ => (v[n / 2 - 1] + v[n / 2]) / 2.0,
    }
}

/// Nearest-rank percentile `p` (0 to 100).
pub fn percentile(v: &[Duration], p: f64) -> f64 {
    let v = sorted_ms(v);
    if v.is_empty() {
        return f64::NAN;
    }
    let rank = ((v.len() as f64) * p / 100.0).ceil() as usize;
    v[rank.clamp(1, v.len()) - 1]
}

impl Samples {
    pub fn push(&mut self, r: &Run) {
        self.wall.push(r.wall);
        self.cpu.push(r.cpu);
    }
    pub fn median(&self) -> f64 {
        median(&self.wall)
    }
    pub fn p90(&self) -> f64 {
        percentile(&self.wall, 90.0)
    }
    pub fn min(&self) -> f64 {
        sorted_ms(&self.wall).first().copied().unwrap_or(f64::NAN)
    }
    pub fn cpu_median(&self) -> f64 {
        median(&self.cpu)
    }
}

pub fn loadavg() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .map(|s| s.split_whitespace().take(3).collect::<Vec<_>>().join(" "))
        .unwrap_or_else(|_| "unknown".to_string())
}

fn sh(cmd: &str, args: &[&str]) -> Option<String> {
    let out = Command::new(cmd).args(args).output().ok()?;
    out.status
        .success()
        .then(|| String::from_utf8_lossy(&out.stdout).trim().to_string())
}

/// The machine, for the report: CPU, cores, memory, kernel, file system.
pub fn machine(dir: &Path) -> Vec<(&'static str, String)> {
    let unknown = || "unknown".to_string();
    let cpuinfo = std::fs::read_to_string("/proc/cpuinfo").unwrap_or_default();
    let cpu = cpuinfo
        .lines()
        .find(|l| l.starts_with("model name"))
        .and_then(|l| l.split_once(':'))
        .map(|(_, v)| v.trim().to_string())
        .unwrap_or_else(unknown);
    let nproc = std::thread::available_parallelism()
        .map(|n| n.get().to_string())
        .unwrap_or_else(|_| unknown());
    let dir_s = dir.to_string_lossy().to_string();
    let fs = sh("df", &["-T", &dir_s])
        .and_then(|out| {
            let line = out.lines().nth(1)?.to_string();
            let cols: Vec<&str> = line.split_whitespace().collect();
            Some(format!(
                "{} on {} ({})",
                cols.get(1)?,
                cols.get(6)?,
                cols.first()?
            ))
        })
        .unwrap_or_else(unknown);
    let mem = std::fs::read_to_string("/proc/meminfo")
        .ok()
        .and_then(|m| {
            let line = m.lines().find(|l| l.starts_with("MemTotal"))?;
            let kb: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
            Some(format!("{:.1} GiB", kb as f64 / 1024.0 / 1024.0))
        })
        .unwrap_or_else(unknown);
    let bin = fed_bin();
    let version = sh(&bin.to_string_lossy(), &["--version"]).unwrap_or_else(unknown);
    vec![
        ("CPU", cpu),
        ("nproc", nproc),
        ("memory", mem),
        ("kernel", sh("uname", &["-r"]).unwrap_or_else(unknown)),
        ("temp dir file system", fs),
        ("fed", format!("{version} ({})", bin.display())),
    ]
}
