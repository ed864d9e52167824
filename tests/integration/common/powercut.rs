//! Power cuts: a federation on forgetfs (tests/forgetfs), the FUSE
//! filesystem that keeps what was not fsynced in memory and forgets it at a
//! cut, and what the power-cut suite (`powercut.rs`) reads of a federation
//! after a cut: its documents, normalised (`view`), what is wrong with them
//! (`integrity`), the log, and whether the readers agree with the folders.
//!
//! forgetfs mounts with mount(2) itself: it needs root and /dev/fuse. Where
//! either is missing the suite fails, saying so, unless `FED_SKIP_POWERCUT=1`
//! says that skipping is intended (then each test prints that it skipped).

use super::jepsen::all_names;
use super::process::{process_at, run_with};
use super::{Env, NOW, code, stderr, stdout};
use forgetfs::{ForgetFs, Model, Mount, Options};
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};
use std::fs::File;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::time::Duration;

/// How long one `fed` command may take before it counts as a hang.
pub(crate) const LIMIT: Duration = Duration::from_secs(60);

/// Runs `cmd` to its end (failing on a hang or a panic).
pub(crate) fn run(cmd: Command) -> Output {
    run_with(cmd, LIMIT, |_| {})
}

/// Whether the long version is asked for (`FED_POWER=1`, or `FED_STRESS=1`
/// which asks every suite for its big version).
pub(crate) fn long() -> bool {
    let set = |name: &str| std::env::var(name).is_ok_and(|v| !v.is_empty() && v != "0");
    set("FED_POWER") || set("FED_STRESS")
}

/// `small` by default, `big` in the long version.
pub(crate) fn sized(small: usize, big: usize) -> usize {
    if long() { big } else { small }
}

/// Why forgetfs cannot be mounted here, if it cannot.
fn missing() -> Option<String> {
    if !Path::new("/dev/fuse").exists() {
        return Some("/dev/fuse is missing (no fuse kernel module)".to_string());
    }
    // SAFETY: geteuid has no preconditions.
    if unsafe { libc::geteuid() } != 0 {
        return Some("not running as root (forgetfs calls mount(2) itself)".to_string());
    }
    None
}

/// Whether the power-cut test `test` can run. Panics, saying why, where
/// forgetfs cannot be mounted, unless `FED_SKIP_POWERCUT=1`: then it prints
/// that the test was skipped and returns false.
pub(crate) fn available(test: &str) -> bool {
    let Some(why) = missing() else {
        return true;
    };
    if std::env::var_os("FED_SKIP_POWERCUT").is_some_and(|v| v == "1") {
        eprintln!("powercut: {test}: skipped (FED_SKIP_POWERCUT=1): {why}");
        return false;
    }
    panic!(
        "the power-cut tests mount forgetfs, a FUSE filesystem, and cannot here: {why}. \
         Run them as root on a machine with /dev/fuse, or set FED_SKIP_POWERCUT=1 to skip them \
         on purpose."
    );
}

/// A federation directory on a fresh forgetfs: the mount is the `Env`'s
/// temporary directory, so `env.dir()` is `MOUNT/.federation`. The mount
/// goes first on drop (fields drop in order), then the directory.
pub(crate) struct PowerEnv {
    pub mount: Mount,
    pub env: Env,
}

impl PowerEnv {
    /// An empty forgetfs with `model` (no federation yet), logging its
    /// requests (`mount.log()`).
    pub(crate) fn new(model: Model) -> PowerEnv {
        let env = Env {
            tmp: tempfile::Builder::new()
                .prefix("fed-powercut-")
                .tempdir()
                .expect("a temporary directory"),
            now: NOW.to_string(),
        };
        let options = Options { model, log: true };
        let mount = ForgetFs::mount_with(env.root(), options)
            .unwrap_or_else(|e| panic!("mounting forgetfs on {}: {e}", env.root().display()));
        PowerEnv { mount, env }
    }

    /// A forgetfs with `model` holding a federation just made by `fed
    /// init` (not synced: what init made durable is its own doing).
    pub(crate) fn initialised(model: Model) -> PowerEnv {
        let pe = PowerEnv::new(model);
        let out = run(pe.cmd(None, NOW, &["init"]));
        assert_eq!(code(&out), 0, "init: {}", stderr(&out));
        pe
    }

    /// An empty forgetfs with a copy of the federation `template` in it,
    /// every file and folder of it synced (the copy is durable).
    pub(crate) fn with_copy(model: Model, template: &Path) -> PowerEnv {
        let pe = PowerEnv::new(model);
        copy_tree(template, &pe.env.dir());
        sync_tree(pe.env.root());
        pe
    }

    pub(crate) fn root(&self) -> &Path {
        self.env.root()
    }

    /// `fed ARGS` on this federation (`FED_DIR`), with the clock at `now`
    /// and the clean environment of every test.
    pub(crate) fn cmd(&self, agent: Option<&str>, now: &str, args: &[&str]) -> Command {
        let mut cmd = process_at(&self.env, agent, now, args);
        cmd.env("FED_DIR", self.env.dir());
        cmd
    }
}

/// Copies a directory tree (files by content; `.cache/` left empty: its
/// entries name inodes of the source).
pub(crate) fn copy_tree(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap_or_else(|e| panic!("mkdir {}: {e}", to.display()));
    for entry in std::fs::read_dir(from).expect("read dir").flatten() {
        let dest = to.join(entry.file_name());
        let ft = entry.file_type().expect("file type");
        if ft.is_dir() {
            if entry.file_name() == ".cache" {
                std::fs::create_dir_all(&dest).expect("create dir");
            } else {
                copy_tree(&entry.path(), &dest);
            }
        } else if ft.is_file() {
            let bytes = std::fs::read(entry.path()).expect("read");
            std::fs::write(&dest, bytes).unwrap_or_else(|e| panic!("{}: {e}", dest.display()));
        }
    }
}

/// fsyncs every file and every folder under `root`, `root` included: what
/// is there now survives the next cut.
pub(crate) fn sync_tree(root: &Path) {
    let mut todo = vec![root.to_path_buf()];
    while let Some(dir) = todo.pop() {
        for entry in std::fs::read_dir(&dir).expect("read dir").flatten() {
            let ft = entry.file_type().expect("file type");
            if ft.is_dir() {
                todo.push(entry.path());
            } else if ft.is_file() {
                sync_path(&entry.path());
            }
        }
        sync_path(&dir);
    }
}

pub(crate) fn sync_path(path: &Path) {
    File::open(path)
        .and_then(|f| f.sync_all())
        .unwrap_or_else(|e| panic!("fsync {}: {e}", path.display()));
}

/// What the reboot after a real power cut changes for fed: the boot id,
/// which the markers of sweeps made before it (`.cache/swept-BOOT`, see
/// `store::recover::takes`) no longer name. A cut of forgetfs does not
/// reboot the machine, so the markers go instead.
pub(crate) fn reboot(pe: &PowerEnv) {
    for name in all_names(&pe.env.dir().join(".cache")) {
        if name.starts_with("swept-") {
            let _ = std::fs::remove_file(pe.env.dir().join(".cache").join(name));
        }
    }
}

/// Every path under `root` (relative, sorted) with the bytes of the files
/// (`None` for a folder or anything else).
pub(crate) fn tree(root: &Path) -> Vec<(String, Option<Vec<u8>>)> {
    let mut out = Vec::new();
    let mut todo: Vec<PathBuf> = vec![root.to_path_buf()];
    while let Some(dir) = todo.pop() {
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        for e in entries.flatten() {
            let path = e.path();
            let rel = path
                .strip_prefix(root)
                .expect("below root")
                .display()
                .to_string();
            let ft = e.file_type().expect("file type");
            if ft.is_dir() {
                todo.push(path);
                out.push((rel, None));
            } else if ft.is_file() {
                out.push((rel, Some(std::fs::read(&path).unwrap_or_default())));
            } else {
                out.push((rel, None));
            }
        }
    }
    out.sort();
    out
}

/// The state letter of process `pid` in /proc (`R`, `S`, `D`, `T`, `Z`...),
/// or `None` when it is gone.
pub(crate) fn proc_state(pid: u32) -> Option<char> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    let after = &stat[stat.rfind(')')? + 1..];
    after.trim_start().chars().next()
}

// ---- reading a federation ----

/// A federation's documents, file by file (relative path -> content), with
/// claim tokens replaced by `<token>` and the ids the template did not have
/// (made by the operation, with random parts) by `<new0>`, `<new1>`... (in
/// sorted order).
pub(crate) type View = BTreeMap<String, String>;

/// `fed check` exits 0, or what it says.
pub(crate) fn check_fails(pe: &PowerEnv) -> Option<String> {
    let out = run(pe.cmd(None, NOW, &["--json", "check"]));
    if code(&out) == 0 {
        return None;
    }
    let found: Value = serde_json::from_slice(&out.stdout).unwrap_or(Value::Null);
    let said: Vec<String> = found["problems"]
        .as_array()
        .map(|ps| {
            ps.iter()
                .map(|p| {
                    format!(
                        "{}: {}",
                        p["kind"].as_str().unwrap_or("?"),
                        p["message"].as_str().unwrap_or("?")
                    )
                })
                .collect()
        })
        .unwrap_or_else(|| vec![stdout(&out).trim().to_string()]);
    Some(format!(
        "`fed check` exits {}: {}{}",
        code(&out),
        said.join("; "),
        stderr(&out).trim()
    ))
}

/// The log after a later event (task `id` added) was appended: every whole
/// line parses but `torn` (the tail the cut left, if any), and the later
/// event is the last line, whole.
pub(crate) fn later_event_problems(dir: &Path, torn: Option<&str>, id: &str) -> Vec<String> {
    let text = std::fs::read_to_string(dir.join("log.jsonl")).unwrap_or_default();
    let mut problems = Vec::new();
    if !text.ends_with('\n') {
        problems.push("log.jsonl does not end with a line break after the later event".into());
    }
    let lines: Vec<&str> = text.lines().collect();
    for (i, line) in lines.iter().enumerate() {
        if serde_json::from_str::<Value>(line).is_err() && Some(*line) != torn {
            problems.push(format!(
                "log.jsonl line {} does not parse: {}",
                i + 1,
                clip(line)
            ));
        }
    }
    let last: Value = lines
        .last()
        .and_then(|l| serde_json::from_str(l).ok())
        .unwrap_or(Value::Null);
    if last["event"] != "added" || last["task_id"] != id {
        problems.push(format!(
            "the event appended after the cut (added {id}) is not the last line of log.jsonl, whole: the last line is {}",
            lines.last().map(|l| clip(l)).unwrap_or_default()
        ));
    }
    problems
}

/// `s`, cut to 160 bytes for a message.
pub(crate) fn clip(s: &str) -> String {
    if s.len() > 160 {
        let mut end = 160;
        while !s.is_char_boundary(end) {
            end -= 1;
        }
        format!("{}...", &s[..end])
    } else {
        s.to_string()
    }
}

pub(crate) const TASK_FOLDERS: [&str; 4] = ["pending", "in-progress", "blocked", "completed"];
pub(crate) const DOC_DIRS: [&str; 7] = [
    "queue/pending",
    "queue/in-progress",
    "queue/blocked",
    "queue/completed",
    "votes/active",
    "votes/resolved",
    "handoffs",
];

/// The id in a document's file name (`ID.json`, `ID@TOKEN.json`,
/// `ID.yaml`) and the claim token, if any.
pub(crate) fn id_of(name: &str) -> Option<(&str, Option<&str>)> {
    let stem = name
        .strip_suffix(".json")
        .or_else(|| name.strip_suffix(".yaml"))?;
    Some(match stem.split_once('@') {
        Some((id, token)) => (id, Some(token)),
        None => (stem, None),
    })
}

/// The ids of every task and vote, also those in `.txn/`.
pub(crate) fn doc_ids(dir: &Path) -> BTreeSet<String> {
    DOC_DIRS
        .iter()
        .chain(&[".txn"])
        .flat_map(|d| all_names(&dir.join(d)))
        .filter(|n| !n.starts_with('.'))
        .filter_map(|n| id_of(&n).map(|(id, _)| id.to_string()))
        .collect()
}

/// The documents of the federation in `dir`, normalised (see [`View`]),
/// with config.yaml, state.json and .gitignore.
pub(crate) fn view(dir: &Path, known: &BTreeSet<String>) -> View {
    let mut files: Vec<(String, String)> = Vec::new();
    for d in DOC_DIRS {
        for name in all_names(&dir.join(d)) {
            if name.starts_with('.') {
                continue;
            }
            let rel = format!("{d}/{name}");
            let text = std::fs::read_to_string(dir.join(&rel))
                .unwrap_or_else(|e| format!("<unreadable: {e}>"));
            files.push((rel, text));
        }
    }
    for name in ["config.yaml", "state.json", ".gitignore"] {
        let text = std::fs::read_to_string(dir.join(name)).unwrap_or_else(|_| "<missing>".into());
        files.push((name.to_string(), text));
    }
    let mut tokens = BTreeSet::new();
    let mut fresh = BTreeSet::new();
    for (rel, text) in &files {
        let name = rel.rsplit('/').next().unwrap_or_default();
        if rel.contains('/')
            && let Some((id, token)) = id_of(name)
        {
            if !known.contains(id) {
                fresh.insert(id.to_string());
            }
            tokens.extend(token.map(str::to_string));
        }
        if let Ok(doc) = serde_json::from_str::<Value>(text)
            && let Some(token) = doc["lease"]["token"].as_str()
        {
            tokens.insert(token.to_string());
        }
    }
    let mut swaps: Vec<(String, String)> = fresh
        .into_iter()
        .enumerate()
        .map(|(i, id)| (id, format!("<new{i}>")))
        .collect();
    swaps.extend(tokens.into_iter().map(|t| (t, "<token>".to_string())));
    swaps.sort_by_key(|(from, _)| std::cmp::Reverse(from.len()));
    let normal = |s: &str| {
        swaps
            .iter()
            .fold(s.to_string(), |s, (from, to)| s.replace(from.as_str(), to))
    };
    let mut out = View::new();
    for (rel, text) in files {
        // Two names that normalise alike (a task claimed twice) stay two.
        let mut key = normal(&rel);
        while out.contains_key(&key) {
            key.push_str(" (again)");
        }
        out.insert(key, normal(&text));
    }
    out
}

/// What differs between two views, briefly.
pub(crate) fn differences(want: &View, got: &View) -> String {
    let mut out = Vec::new();
    for (path, text) in want {
        match got.get(path) {
            None => out.push(format!("{path} is missing")),
            Some(other) if other != text => out.push(format!("{path} differs")),
            Some(_) => {}
        }
    }
    for path in got.keys().filter(|p| !want.contains_key(*p)) {
        out.push(format!("{path} is extra"));
    }
    if out.is_empty() {
        "no difference".to_string()
    } else {
        out.join(", ")
    }
}

pub(crate) fn folder_holds(folder: &str, status: &str) -> bool {
    match folder {
        "completed" => matches!(status, "done" | "failed" | "cancelled"),
        _ => folder == status,
    }
}

/// After recovery: `.txn/` holds nothing but hidden lock files and `.tmp/`
/// nothing; every task and vote file is whole (it parses), valid and in the
/// folder its status says, in-progress names carry the lease's token; no
/// id is in two places; no id of `must` is missing. Returns the problems
/// and how many hidden lock files were left.
pub(crate) fn integrity(dir: &Path, must: &BTreeSet<String>) -> (Vec<String>, usize) {
    let mut problems = Vec::new();
    let mut hidden = 0;
    for name in all_names(&dir.join(".txn")) {
        if name.starts_with('.') && name.ends_with(".lock") {
            hidden += 1;
        } else {
            problems.push(format!(".txn/ still holds {name}"));
        }
    }
    let tmp = all_names(&dir.join(".tmp"));
    if !tmp.is_empty() {
        problems.push(format!(".tmp/ still holds {tmp:?}"));
    }
    let mut places: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for folder in TASK_FOLDERS {
        for name in all_names(&dir.join(format!("queue/{folder}"))) {
            if name.starts_with('.') {
                continue;
            }
            let rel = format!("queue/{folder}/{name}");
            let Some((id, token)) = name.strip_suffix(".json").and_then(|_| id_of(&name)) else {
                problems.push(format!("{rel}: not a task file name"));
                continue;
            };
            if (folder == "in-progress") != token.is_some() {
                problems.push(format!(
                    "{rel}: a claim token belongs in in-progress names only"
                ));
            }
            match std::fs::read(dir.join(&rel))
                .map_err(|e| e.to_string())
                .and_then(|b| {
                    if b.is_empty() {
                        Err("the file is empty".to_string())
                    } else {
                        serde_json::from_slice::<Value>(&b).map_err(|e| e.to_string())
                    }
                }) {
                Err(e) => problems.push(format!("{rel}: a torn or unreadable task: {e}")),
                Ok(task) => {
                    if task["task_id"].as_str() != Some(id) {
                        problems.push(format!("{rel}: task_id is {}", task["task_id"]));
                    }
                    let status = task["status"].as_str().unwrap_or("?");
                    if !folder_holds(folder, status) {
                        problems.push(format!("{rel}: status {status}"));
                    }
                    if let Some(token) = token
                        && task["lease"]["token"].as_str() != Some(token)
                    {
                        problems.push(format!("{rel}: lease.token is {}", task["lease"]["token"]));
                    }
                }
            }
            places.entry(id.to_string()).or_default().push(rel);
        }
    }
    for (d, active) in [("votes/active", true), ("votes/resolved", false)] {
        for name in all_names(&dir.join(d)) {
            if name.starts_with('.') {
                continue;
            }
            let rel = format!("{d}/{name}");
            let Some(id) = name.strip_suffix(".yaml") else {
                problems.push(format!("{rel}: not a vote file name"));
                continue;
            };
            match std::fs::read_to_string(dir.join(&rel))
                .map_err(|e| e.to_string())
                .and_then(|t| {
                    if t.is_empty() {
                        Err("the file is empty".to_string())
                    } else {
                        serde_yaml::from_str::<serde_yaml::Value>(&t).map_err(|e| e.to_string())
                    }
                }) {
                Err(e) => problems.push(format!("{rel}: a torn or unreadable vote: {e}")),
                Ok(vote) => {
                    if vote["vote_id"].as_str() != Some(id) {
                        problems.push(format!("{rel}: vote_id is {:?}", vote["vote_id"]));
                    }
                    if (vote["status"].as_str() == Some("active")) != active {
                        problems.push(format!("{rel}: status {:?}", vote["status"]));
                    }
                }
            }
            places.entry(id.to_string()).or_default().push(rel);
        }
    }
    for name in all_names(&dir.join("handoffs")) {
        if let Some((id, _)) = id_of(&name).filter(|_| !name.starts_with('.')) {
            places
                .entry(id.to_string())
                .or_default()
                .push(format!("handoffs/{name}"));
        }
    }
    for (id, at) in &places {
        if at.len() > 1 {
            problems.push(format!("{id} is in {} places: {at:?}", at.len()));
        }
    }
    for id in must {
        if !places.contains_key(id) {
            problems.push(format!("{id} is lost"));
        }
    }
    for name in ["config.yaml", "state.json"] {
        match std::fs::read(dir.join(name)) {
            Ok(b) if b.is_empty() => problems.push(format!("{name} is empty")),
            Ok(_) => {}
            Err(e) => problems.push(format!("{name}: {e}")),
        }
    }
    (problems, hidden)
}

/// The torn last line of log.jsonl (text after its last line break), if any.
pub(crate) fn torn_tail(dir: &Path) -> Option<String> {
    let text = std::fs::read_to_string(dir.join("log.jsonl")).ok()?;
    let tail = text.rsplit_once('\n').map_or(text.as_str(), |(_, t)| t);
    (!tail.is_empty()).then(|| tail.to_string())
}

/// Every whole line of log.jsonl parses (the last one may be torn).
pub(crate) fn log_problems(dir: &Path) -> Vec<String> {
    let Ok(bytes) = std::fs::read(dir.join("log.jsonl")) else {
        return Vec::new();
    };
    let text = String::from_utf8_lossy(&bytes);
    let whole = text.rsplit_once('\n').map_or("", |(w, _)| w);
    whole
        .split('\n')
        .enumerate()
        .filter(|(_, line)| !line.is_empty() && serde_json::from_str::<Value>(line).is_err())
        .map(|(i, line)| format!("log.jsonl line {} does not parse: {}", i + 1, clip(line)))
        .collect()
}

/// `fed queue list --state all` (and, with `status`, `fed status`)
/// against the folders.
pub(crate) fn readers_disagree(pe: &PowerEnv, now: &str, status: bool) -> Vec<String> {
    let dir = pe.env.dir();
    let mut in_folders: Vec<(String, String)> = Vec::new();
    for folder in TASK_FOLDERS {
        for name in all_names(&dir.join(format!("queue/{folder}"))) {
            let Some(task) = std::fs::read(dir.join(format!("queue/{folder}/{name}")))
                .ok()
                .filter(|_| !name.starts_with('.'))
                .and_then(|b| serde_json::from_slice::<Value>(&b).ok())
            else {
                continue;
            };
            let field = |k: &str| task[k].as_str().unwrap_or("?").to_string();
            in_folders.push((field("task_id"), field("status")));
        }
    }
    in_folders.sort();
    let ids: BTreeSet<&String> = in_folders.iter().map(|(id, _)| id).collect();
    if ids.len() != in_folders.len() {
        return Vec::new(); // a task in two places: integrity reports it
    }
    let mut problems = Vec::new();
    let out = run(pe.cmd(None, now, &["--json", "queue", "list", "--state", "all"]));
    let listed: Vec<(String, String)> = serde_json::from_slice::<Value>(&out.stdout)
        .ok()
        .and_then(|v| v.as_array().cloned())
        .map(|tasks| {
            let mut l: Vec<(String, String)> = tasks
                .iter()
                .map(|t| {
                    let field = |k: &str| t[k].as_str().unwrap_or("?").to_string();
                    (field("task_id"), field("status"))
                })
                .collect();
            l.sort();
            l
        })
        .unwrap_or_default();
    if code(&out) != 0 || listed != in_folders {
        let only = |a: &[(String, String)], b: &[(String, String)]| -> Vec<String> {
            let mut rest = b.to_vec();
            let mut out = Vec::new();
            for x in a {
                match rest.iter().position(|y| y == x) {
                    Some(i) => {
                        rest.remove(i);
                    }
                    None => out.push(format!("{} {}", x.0, x.1)),
                }
            }
            out
        };
        problems.push(format!(
            "`fed queue list --state all` (exit {}) disagrees with the folders: only in the folders {:?}, only in the listing {:?} {}",
            code(&out),
            only(&in_folders, &listed),
            only(&listed, &in_folders),
            stderr(&out).trim()
        ));
    }
    if !status {
        return problems;
    }
    let out = run(pe.cmd(None, now, &["--json", "status"]));
    let status: Value = serde_json::from_slice(&out.stdout).unwrap_or(Value::Null);
    let mut counted: BTreeMap<String, u64> = BTreeMap::new();
    for (_, st) in &in_folders {
        *counted.entry(st.clone()).or_default() += 1;
    }
    for st in [
        "pending",
        "in-progress",
        "blocked",
        "done",
        "failed",
        "cancelled",
    ] {
        let shown = status["counts"][st].as_u64();
        let real = counted.get(st).copied().unwrap_or(0);
        if shown != Some(real) {
            problems.push(format!(
                "`fed status` (exit {}) counts {shown:?} {st} tasks, the folders hold {real}",
                code(&out)
            ));
        }
    }
    problems
}
