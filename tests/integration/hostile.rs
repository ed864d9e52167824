//! Hostile input: corrupt and foreign files, ids that try to leave the
//! federation, symlinks, FIFOs, huge and hard-linked files, a hostile
//! config. Every run must end within a bounded time, never panic, give a
//! clear report or a one-line error, and leave the hostile file exactly as
//! it was (bytes and metadata).

use crate::common::process::{process, run_bounded};
use crate::common::*;
use serde_json::Value;
use std::os::unix::fs::MetadataExt;
use std::path::{Path, PathBuf};
use std::process::Output;
use std::time::{Duration, Instant};

/// Every fed run here must finish within this (a hang is a failure).
const LIMIT: Duration = Duration::from_secs(10);

/// Runs fed within [`LIMIT`], with no panic and no signal death.
fn fed(env: &Env, agent: Option<&str>, args: &[&str]) -> Output {
    run_bounded(process(env, agent, args), LIMIT)
}

/// Runs fed and expects `want`, with the output in the failure message.
fn expect(env: &Env, agent: Option<&str>, args: &[&str], want: i32) -> Output {
    let out = fed(env, agent, args);
    assert_eq!(
        code(&out),
        want,
        "fed {args:?}: stdout {} stderr {}",
        stdout(&out),
        stderr(&out)
    );
    out
}

/// An error message: exactly one line, `fed: error: ...`.
fn one_line_error(out: &Output, args: &[&str]) -> String {
    let err = stderr(out);
    let lines: Vec<&str> = err.lines().filter(|l| !l.trim().is_empty()).collect();
    assert_eq!(
        lines.len(),
        1,
        "fed {args:?}: want a one-line error, got {err:?}"
    );
    assert!(
        lines[0].starts_with("fed: error: "),
        "fed {args:?}: {err:?}"
    );
    lines[0].to_string()
}

/// What a file is: kind, identity, size, times, and its bytes (small ones)
/// or its link target.
#[derive(Debug, PartialEq)]
struct Fingerprint {
    kind: String,
    ino: u64,
    dev: u64,
    mode: u32,
    size: u64,
    mtime: (i64, i64),
    bytes: Option<Vec<u8>>,
    link: Option<PathBuf>,
}

fn fingerprint(path: &Path) -> Fingerprint {
    let meta = std::fs::symlink_metadata(path)
        .unwrap_or_else(|e| panic!("{} is gone: {e}", path.display()));
    let ft = meta.file_type();
    let kind = format!("{ft:?}");
    Fingerprint {
        kind,
        ino: meta.ino(),
        dev: meta.dev(),
        mode: meta.mode(),
        size: meta.size(),
        mtime: (meta.mtime(), meta.mtime_nsec()),
        bytes: (ft.is_file() && meta.size() <= 4 << 20).then(|| std::fs::read(path).expect("read")),
        link: ft
            .is_symlink()
            .then(|| std::fs::read_link(path).expect("readlink")),
    }
}

/// Fingerprints of files that must never change.
struct Guard(Vec<(PathBuf, Fingerprint)>);

impl Guard {
    fn new(paths: &[PathBuf]) -> Guard {
        Guard(paths.iter().map(|p| (p.clone(), fingerprint(p))).collect())
    }
    fn assert_unchanged(&self, after: &str) {
        for (path, before) in &self.0 {
            assert_eq!(
                &fingerprint(path),
                before,
                "{} changed after {after}",
                path.display()
            );
        }
    }
}

/// Every file under `dir` (recursively, hidden ones and fed's scratch
/// folders and log included) with its bytes or link target.
fn tree(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut files = Vec::new();
    let mut todo = vec![dir.to_path_buf()];
    while let Some(dir) = todo.pop() {
        for entry in std::fs::read_dir(&dir).expect("read dir").flatten() {
            let path = entry.path();
            let ft = entry.file_type().expect("file type");
            if ft.is_dir() {
                files.push((path.clone(), b"<dir>".to_vec()));
                todo.push(path);
            } else if ft.is_file() {
                files.push((path.clone(), std::fs::read(&path).unwrap_or_default()));
            } else if ft.is_symlink() {
                let target = std::fs::read_link(&path).expect("readlink");
                files.push((path, target.into_os_string().into_encoded_bytes()));
            } else {
                files.push((path, b"<special>".to_vec()));
            }
        }
    }
    files.sort();
    files
}

/// A valid task document for `id` in state `status`, built from one fed
/// wrote (so it stays valid whatever fields fed adds).
fn task_doc(env: &Env, id: &str, status: &str) -> Value {
    let out = env.run(
        None,
        &["--json", "queue", "add", "template", "--id", "tmpl-x"],
    );
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let path = env.path("queue/pending/tmpl-x.json");
    let mut doc: Value = serde_json::from_slice(&std::fs::read(&path).unwrap()).unwrap();
    std::fs::remove_file(&path).unwrap();
    doc["task_id"] = Value::from(id);
    doc["status"] = Value::from(status);
    doc["title"] = Value::from(format!("lure {id}"));
    doc
}

fn to_bytes(doc: &Value) -> Vec<u8> {
    serde_json::to_vec_pretty(doc).unwrap()
}

fn problems(env: &Env) -> (i32, Vec<Value>) {
    let out = fed(env, None, &["--json", "check"]);
    let doc: Value = serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("check --json is not JSON ({e}): {}", stdout(&out)));
    (
        code(&out),
        doc["problems"].as_array().cloned().unwrap_or_default(),
    )
}

/// The problem `check` reports for the file at `rel` (under the federation).
fn problem_at<'a>(found: &'a [Value], rel: &str) -> Option<&'a Value> {
    found.iter().find(|p| {
        p["path"]
            .as_str()
            .is_some_and(|path| path.ends_with(&format!("/{rel}")))
    })
}

#[test]
fn corrupt_task_files_are_reported_skipped_and_left_alone() {
    let env = Env::new();
    let valid = env.add(&["the one valid task", "--id", "valid"]);
    let good = task_doc(&env, "x", "pending");
    let mut files: Vec<(&str, Vec<u8>)> = Vec::new();

    let mut doc = good.clone();
    doc["task_id"] = Value::from("bad-trunc");
    let text = to_bytes(&doc);
    files.push(("bad-trunc", text[..text.len() / 2].to_vec()));
    files.push(("bad-empty", Vec::new()));
    let mut doc = good.clone();
    doc["task_id"] = Value::from("bad-utf8");
    doc["description"] = Value::from("MARKER");
    let text = String::from_utf8(to_bytes(&doc)).unwrap();
    let mut bytes = text.replace("MARKER", "\u{1}").into_bytes();
    let at = bytes.iter().position(|&b| b == 1).unwrap();
    bytes.splice(at..=at, [0xff, 0xfe, 0xc3]);
    files.push(("bad-utf8", bytes));
    files.push(("bad-deep", "[".repeat(100_000).into_bytes()));
    let mut doc = good.clone();
    doc["task_id"] = Value::from("bad-deepfield");
    doc["junk"] = Value::from("MARKER");
    let text = String::from_utf8(to_bytes(&doc)).unwrap().replace(
        "\"MARKER\"",
        &format!("{}{}", "[".repeat(100_000), "]".repeat(100_000)),
    );
    files.push(("bad-deepfield", text.into_bytes()));
    let mut doc = good.clone();
    doc["task_id"] = Value::from("bad-dupkeys");
    let text = String::from_utf8(to_bytes(&doc)).unwrap();
    // The same key twice, with two different values.
    let text = text.replacen('{', "{\n  \"status\": \"done\",", 1);
    files.push(("bad-dupkeys", text.into_bytes()));
    let mut doc = good.clone();
    doc["task_id"] = Value::from("bad-type");
    doc["priority"] = Value::from(5);
    files.push(("bad-type", to_bytes(&doc)));
    let mut doc = good.clone();
    doc["task_id"] = Value::from("someone-else");
    files.push(("bad-name", to_bytes(&doc)));
    let mut doc = good.clone();
    doc["task_id"] = Value::from("bad-status");
    doc["status"] = Value::from("done");
    files.push(("bad-status", to_bytes(&doc)));
    let mut doc = good.clone();
    // NUL cannot reach fed through argv (execve takes C strings); in a
    // file it can.
    doc["task_id"] = Value::from("bad-nul\u{0}");
    files.push(("bad-nul", to_bytes(&doc)));
    let mut doc = good.clone();
    doc["task_id"] = Value::from("bad-dep");
    doc["dependencies"] = Value::from(vec!["../../../etc/passwd"]);
    files.push(("bad-dep", to_bytes(&doc)));
    files.push(("bad-array", b"[]".to_vec()));
    files.push(("bad-null", b"null".to_vec()));

    let mut paths = Vec::new();
    for (name, bytes) in &files {
        let path = env.path(&format!("queue/pending/{name}.json"));
        std::fs::write(&path, bytes).unwrap();
        paths.push(path);
    }
    let guard = Guard::new(&paths);

    let (c, found) = problems(&env);
    assert_eq!(c, 1, "check must fail: {found:#?}");
    for (name, _) in &files {
        let rel = format!("pending/{name}.json");
        let problem = problem_at(&found, &rel)
            .unwrap_or_else(|| panic!("check does not report {rel}: {found:#?}"));
        assert_eq!(problem["kind"], "invalid", "{rel}: {problem}");
        assert_eq!(problem["severity"], "error", "{rel}: {problem}");
        assert!(
            problem["message"].as_str().unwrap().contains(&rel),
            "the message names the file: {problem}"
        );
    }
    let text = fed(&env, None, &["check"]);
    assert_eq!(code(&text), 1);
    for (name, _) in &files {
        assert!(
            stdout(&text).contains(&format!("{name}.json")),
            "{}",
            stdout(&text)
        );
    }
    guard.assert_unchanged("check");

    let list = expect(&env, None, &["--json", "queue", "list"], 0);
    let listed: Vec<Value> = serde_json::from_slice(&list.stdout).unwrap();
    assert_eq!(listed.len(), 1, "{listed:#?}");
    assert_eq!(listed[0]["task_id"], valid.as_str());
    let table = expect(&env, None, &["queue", "list"], 0);
    assert!(!stdout(&table).contains("bad-"), "{}", stdout(&table));
    assert!(stdout(&table).contains(&valid));
    let status = expect(&env, None, &["--json", "status"], 0);
    let status: Value = serde_json::from_slice(&status.stdout).unwrap();
    assert_eq!(status["counts"]["pending"], 1, "{status}");
    assert!(
        status["problems"].as_u64().unwrap() >= files.len() as u64,
        "{status}"
    );
    expect(&env, None, &["status"], 0);
    guard.assert_unchanged("list and status");

    for (name, _) in &files {
        for args in [
            &["queue", "show", name][..],
            &["queue", "claim", name],
            &["queue", "complete", name],
            &["queue", "cancel", name],
        ] {
            let out = fed(&env, Some("a"), args);
            assert_ne!(code(&out), 0, "{args:?} succeeded on a corrupt file");
            assert!(
                matches!(code(&out), 1 | 5),
                "{args:?}: exit {}: {}",
                code(&out),
                stderr(&out)
            );
            one_line_error(&out, args);
        }
    }
    guard.assert_unchanged("commands naming the corrupt files");

    let claim = expect(&env, Some("a"), &["queue", "claim"], 0);
    assert_eq!(stdout(&claim).trim(), valid);
    expect(&env, Some("a"), &["queue", "claim"], 3);
    expect(&env, Some("a"), &["queue", "complete", &valid], 0);
    expect(&env, None, &["queue", "reap"], 0);
    guard.assert_unchanged("claim, complete and reap beside them");
    let (c, _) = problems(&env);
    assert_eq!(c, 1, "the corrupt files are still reported");
}

#[test]
fn foreign_files_are_warnings_and_hidden_files_are_ignored() {
    let env = Env::new();
    let valid = env.add(&["valid", "--id", "valid"]);
    let foreign = [
        "pending/notes.txt",
        "pending/UPPER.json",
        "pending/a@b.json",
        "completed/README.md",
        "blocked/no-extension",
        "in-progress/no-token.json",
    ];
    let hidden = [
        "pending/.hidden.json",
        "pending/.DS_Store",
        "in-progress/.x@y.json.swp",
        "completed/.keep",
    ];
    let mut paths = Vec::new();
    for rel in foreign.iter().chain(hidden.iter()) {
        let path = env.path(&format!("queue/{rel}"));
        std::fs::write(&path, format!("not a task: {rel}\n")).unwrap();
        paths.push(path);
    }
    let guard = Guard::new(&paths);

    let (c, found) = problems(&env);
    assert_eq!(c, 0, "foreign files are warnings: {found:#?}");
    for rel in foreign {
        let problem =
            problem_at(&found, rel).unwrap_or_else(|| panic!("{rel} not reported: {found:#?}"));
        assert_eq!(problem["severity"], "warning", "{problem}");
        assert_eq!(problem["kind"], "foreign", "{problem}");
    }
    for rel in hidden {
        assert!(
            problem_at(&found, rel).is_none(),
            "hidden {rel} reported: {found:#?}"
        );
    }
    let list = expect(
        &env,
        None,
        &["--json", "queue", "list", "--state", "all"],
        0,
    );
    let listed: Vec<Value> = serde_json::from_slice(&list.stdout).unwrap();
    assert_eq!(listed.len(), 1, "{listed:#?}");
    expect(&env, None, &["status"], 0);
    let claim = expect(&env, Some("a"), &["queue", "claim"], 0);
    assert_eq!(stdout(&claim).trim(), valid);
    expect(&env, Some("a"), &["queue", "claim"], 3);
    expect(&env, Some("a"), &["queue", "complete", &valid], 0);
    expect(&env, None, &["queue", "reap"], 0);
    guard.assert_unchanged("every command");
}

#[test]
fn ids_that_try_to_leave_the_federation_are_refused_everywhere() {
    let env = Env::new();
    let real = env.add(&["a real task", "--id", "real"]);
    let lure = to_bytes(&task_doc(&env, "victim", "pending"));
    for rel in [
        "victim.json",
        ".federation/victim.json",
        ".federation/queue/victim.json",
    ] {
        std::fs::write(env.root().join(rel), &lure).unwrap();
    }
    std::fs::create_dir(env.root().join("victim")).unwrap();
    std::fs::write(env.root().join("victim/victim.json"), &lure).unwrap();
    let before = tree(env.root());

    let long = "a".repeat(65);
    let ids = [
        "../victim",
        "../../victim",
        "../../../victim",
        "../../../../victim",
        "./victim",
        "a/b",
        "..",
        ".",
        "/etc/passwd",
        "x/../../victim",
        "victim/..",
        "..\\victim",
        "%2e%2e%2fvictim",
        "vic\u{2215}tim",
        "real/",
        "real/.",
        "",
        " ",
        long.as_str(),
        "tab\there",
        "new\nline",
        "caf\u{e9}",
        "a@b",
        "x.json/../victim",
    ];
    let mut refused = 0;
    for id in ids {
        let commands: [(&[&str], &str); 11] = [
            (&["queue", "show", id], "ID"),
            (&["queue", "claim", id], "ID"),
            (&["queue", "complete", id], "ID"),
            (&["queue", "cancel", id], "ID"),
            (&["queue", "heartbeat", id], "ID"),
            (&["queue", "release", id], "ID"),
            (&["queue", "block", id, "--reason", "r"], "ID"),
            (&["queue", "unblock", id], "ID"),
            (&["queue", "assign", id, "bob"], "ID"),
            (&["queue", "add", "escape", "--id", id], "--id"),
            (&["queue", "add", "escape", "--after", id], "--after"),
        ];
        for (args, names) in commands {
            let out = fed(&env, Some("boss"), args);
            assert_eq!(
                code(&out),
                1,
                "{args:?}: stdout {} stderr {}",
                stdout(&out),
                stderr(&out)
            );
            let line = one_line_error(&out, args);
            assert!(
                line.contains(names),
                "{args:?}: the error names {names}: {line}"
            );
            refused += 1;
        }
    }
    for args in [
        &["queue", "add", "x", "--to", "../victim"][..],
        &["queue", "add", "x", "--from", "../victim"],
        &["queue", "add", "x", "--type", "../victim"],
        &["--agent", "../victim", "queue", "claim"],
    ] {
        let out = fed(&env, None, args);
        assert_eq!(code(&out), 1, "{args:?}: {}", stderr(&out));
        one_line_error(&out, args);
    }
    assert_eq!(
        tree(env.root()),
        before,
        "a refused id changed files ({refused} runs)"
    );
    // The federation still works.
    let claim = expect(&env, Some("a"), &["queue", "claim"], 0);
    assert_eq!(stdout(&claim).trim(), real);
}

#[test]
fn planted_symlinks_are_reported_and_never_followed() {
    let env = Env::new();
    let outside = env.root().join("outside");
    std::fs::create_dir(&outside).unwrap();
    std::fs::write(outside.join("secret.txt"), "top secret\n").unwrap();
    std::fs::write(
        outside.join("lure.json"),
        to_bytes(&task_doc(&env, "lure", "pending")),
    )
    .unwrap();
    std::fs::write(
        outside.join("dep.json"),
        to_bytes(&task_doc(&env, "dep", "done")),
    )
    .unwrap();
    std::fs::write(
        outside.join("inflight.json"),
        to_bytes(&task_doc(&env, "inflight", "pending")),
    )
    .unwrap();
    std::fs::write(outside.join("scratch.txt"), "not fed's\n").unwrap();
    let links = [
        ("queue/pending/secret.json", "secret.txt"),
        ("queue/pending/lure.json", "lure.json"),
        ("queue/completed/dep.json", "dep.json"),
        ("queue/pending/dir.json", "."),
        (".txn/inflight@deadowner.json", "inflight.json"),
        (".tmp/deadowner.0.tmp", "scratch.txt"),
    ];
    // A task waiting on `dep`, whose "done" document will only be
    // reachable through a link: following it would make the task ready.
    // (`--after` a task that cannot be read is refused, so the waiting task
    // is added while dep is a plain pending task.)
    env.add(&["dep", "--id", "dep"]);
    let waits = env.add(&["waits on dep", "--id", "waits", "--after", "dep"]);
    std::fs::remove_file(env.path("queue/pending/dep.json")).unwrap();
    for (at, target) in links {
        std::os::unix::fs::symlink(outside.join(target), env.path(at)).unwrap();
    }
    let outside_files: Vec<PathBuf> = [
        "secret.txt",
        "lure.json",
        "dep.json",
        "inflight.json",
        "scratch.txt",
    ]
    .iter()
    .map(|n| outside.join(n))
    .collect();
    let guard = Guard::new(&outside_files);
    let planted = Guard::new(
        &links[..4]
            .iter()
            .map(|(at, _)| env.path(at))
            .collect::<Vec<_>>(),
    );
    let refused = expect(&env, None, &["queue", "add", "x", "--after", "dep"], 1);
    assert!(
        stderr(&refused).contains("completed/dep.json"),
        "{}",
        stderr(&refused)
    );

    let (c, found) = problems(&env);
    assert_eq!(c, 1, "{found:#?}");
    for rel in [
        "pending/secret.json",
        "pending/lure.json",
        "completed/dep.json",
        "pending/dir.json",
    ] {
        let problem =
            problem_at(&found, rel).unwrap_or_else(|| panic!("{rel} not reported: {found:#?}"));
        assert_eq!(problem["kind"], "unsafe", "{problem}");
    }
    expect(&env, None, &["queue", "list"], 0);
    expect(&env, None, &["status"], 0);

    let claim = expect(&env, Some("a"), &["queue", "claim"], 3);
    assert!(!stdout(&claim).contains("lure"), "{}", stdout(&claim));
    for id in ["lure", "secret", "dep", "dir"] {
        for args in [
            &["queue", "show", id][..],
            &["queue", "claim", id],
            &["queue", "complete", id],
            &["queue", "cancel", id],
            &["queue", "block", id, "--reason", "r"],
        ] {
            let out = fed(&env, Some("a"), args);
            assert!(
                matches!(code(&out), 1 | 5),
                "{args:?}: exit {}: {}",
                code(&out),
                stderr(&out)
            );
        }
    }
    let show = expect(&env, None, &["--json", "queue", "show", &waits], 0);
    let shown: Value = serde_json::from_slice(&show.stdout).unwrap();
    assert_eq!(shown["status"], "pending");
    expect(&env, Some("a"), &["queue", "claim", &waits], 3);
    // A state-changing command runs recovery over the planted .txn/ link.
    expect(&env, None, &["queue", "reap"], 0);
    assert!(
        !env.path("queue/pending/inflight.json").exists(),
        "recovery copied a task in through a symlink"
    );
    guard.assert_unchanged("every command");
    planted.assert_unchanged("every command");
}

#[test]
fn a_symlinked_queue_folder_is_refused() {
    let mut failures = Vec::new();
    for folder in [
        "queue/pending",
        "queue/completed",
        ".txn",
        ".tmp",
        "queue",
        "votes",
    ] {
        let env = Env::new();
        env.add(&["a task", "--id", "inside"]);
        let elsewhere = env.root().join("elsewhere");
        std::fs::create_dir(&elsewhere).unwrap();
        let lure = to_bytes(&task_doc(&env, "x", "pending"));
        // A planted folder that fed could use as it is.
        match folder {
            "queue" => {
                for sub in ["pending", "in-progress", "blocked", "completed"] {
                    std::fs::create_dir(elsewhere.join(sub)).unwrap();
                }
                std::fs::write(elsewhere.join("pending/x.json"), &lure).unwrap();
            }
            "votes" => {
                for sub in ["active", "resolved"] {
                    std::fs::create_dir(elsewhere.join(sub)).unwrap();
                }
            }
            _ => std::fs::write(elsewhere.join("x.json"), &lure).unwrap(),
        }
        let real = env.path(folder);
        std::fs::rename(&real, env.root().join("moved-away")).unwrap();
        std::os::unix::fs::symlink(&elsewhere, &real).unwrap();
        let before = tree(&elsewhere);
        for (agent, args) in [
            (None, &["status"][..]),
            (None, &["queue", "list"]),
            (None, &["check"]),
            (None, &["queue", "add", "new task"]),
            (Some("a"), &["queue", "claim"]),
            (Some("a"), &["queue", "claim", "x"]),
            (None, &["queue", "show", "x"]),
            (None, &["queue", "reap"]),
        ] {
            let out = fed(&env, agent, args);
            let name = folder.rsplit('/').next().unwrap();
            let err = stderr(&out);
            let lines: Vec<&str> = err.lines().collect();
            if code(&out) != 1
                || lines.len() != 1
                || !lines[0].starts_with("fed: error: ")
                || !lines[0].contains(name)
                || !lines[0].contains("symlink")
            {
                failures.push(format!(
                    "{folder} symlinked: {args:?} exited {} (want 1 with one line naming {name} and the symlink): {}",
                    code(&out),
                    err.trim()
                ));
            }
        }
        if tree(&elsewhere) != before {
            failures.push(format!(
                "{folder} symlinked: fed wrote through the link into {}: now {:?}",
                elsewhere.display(),
                tree(&elsewhere)
                    .iter()
                    .map(|(p, _)| p.strip_prefix(&elsewhere).unwrap().display().to_string())
                    .collect::<Vec<_>>()
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn fifos_and_huge_files_do_not_hang_fed_and_are_left_alone() {
    let env = Env::new();
    let ok = env.add(&["the claimable one", "--id", "ok"]);
    // `--after` a task that cannot be read is refused, so the waiting task
    // is added while its dependency is a plain pending task.
    env.add(&["dependency", "--id", "fifodep"]);
    let waits = env.add(&["waits on a FIFO", "--id", "waits", "--after", "fifodep"]);
    std::fs::remove_file(env.path("queue/pending/fifodep.json")).unwrap();
    let fifo = env.path("queue/pending/fifo.json");
    mkfifo(&fifo);
    let fifo_dep = env.path("queue/completed/fifodep.json");
    mkfifo(&fifo_dep);
    let fifo_claim = env.path("queue/in-progress/held@1-abc.json");
    mkfifo(&fifo_claim);
    let big = env.path("queue/pending/big.json");
    {
        let mut file = std::fs::File::create(&big).unwrap();
        std::io::Write::write_all(&mut file, b"{\"task_id\": \"big\", \"description\": \"")
            .unwrap();
        file.set_len(100 * 1024 * 1024).unwrap();
    }
    let guard = Guard::new(&[
        fifo.clone(),
        fifo_dep.clone(),
        fifo_claim.clone(),
        big.clone(),
    ]);
    let refused = expect(&env, None, &["queue", "add", "x", "--after", "fifodep"], 1);
    assert!(
        stderr(&refused).contains("completed/fifodep.json"),
        "{}",
        stderr(&refused)
    );

    let timed = |agent: Option<&str>, args: &[&str], want: i32| {
        let start = Instant::now();
        let out = expect(&env, agent, args, want);
        assert!(
            start.elapsed() < Duration::from_secs(5),
            "{args:?} took {:?}",
            start.elapsed()
        );
        out
    };
    let (c, found) = problems(&env);
    assert_eq!(c, 1, "{found:#?}");
    for rel in [
        "pending/fifo.json",
        "completed/fifodep.json",
        "in-progress/held@1-abc.json",
    ] {
        let p = problem_at(&found, rel).unwrap_or_else(|| panic!("{rel} not reported: {found:#?}"));
        assert_eq!(p["kind"], "unsafe", "{p}");
    }
    let p = problem_at(&found, "pending/big.json").expect("big.json reported");
    assert_eq!(p["kind"], "invalid", "{p}");
    assert!(p["message"].as_str().unwrap().contains("limit"), "{p}");
    timed(None, &["check"], 1);
    timed(None, &["queue", "list"], 0);
    timed(None, &["queue", "list", "--state", "all"], 0);
    timed(None, &["queue", "list", "--ready"], 0);
    timed(None, &["status"], 0);
    let claim = timed(Some("a"), &["queue", "claim"], 0);
    assert_eq!(stdout(&claim).trim(), ok);
    timed(Some("a"), &["queue", "claim"], 3);
    for id in ["fifo", "big", "fifodep", "held"] {
        for args in [
            &["queue", "show", id][..],
            &["queue", "claim", id],
            &["queue", "complete", id],
            &["queue", "cancel", id],
            &["queue", "heartbeat", id],
        ] {
            let start = Instant::now();
            let out = fed(&env, Some("a"), args);
            assert!(
                matches!(code(&out), 1 | 5),
                "{args:?}: exit {}: {}",
                code(&out),
                stderr(&out)
            );
            assert!(
                start.elapsed() < Duration::from_secs(5),
                "{args:?} took {:?}",
                start.elapsed()
            );
        }
    }
    timed(Some("a"), &["queue", "claim", &waits], 3);
    timed(None, &["queue", "reap"], 0);
    timed(Some("a"), &["queue", "complete", &ok], 0);
    guard.assert_unchanged("every command");
}

#[test]
fn a_hard_link_to_an_outside_file_is_never_written_through() {
    let env = Env::new();
    let outside = env.root().join("outside");
    std::fs::create_dir(&outside).unwrap();
    let lure = outside.join("x.json");
    std::fs::write(&lure, to_bytes(&task_doc(&env, "x", "pending"))).unwrap();
    let junk = outside.join("junk.txt");
    std::fs::write(&junk, "{ not json\n").unwrap();
    std::fs::hard_link(&lure, env.path("queue/pending/x.json")).unwrap();
    std::fs::hard_link(&junk, env.path("queue/pending/junk.json")).unwrap();
    let before = (std::fs::read(&lure).unwrap(), std::fs::read(&junk).unwrap());
    let ino = std::fs::metadata(&lure).unwrap().ino();

    let (c, found) = problems(&env);
    assert_eq!(c, 1, "{found:#?}");
    assert_eq!(
        problem_at(&found, "pending/junk.json").expect("junk reported")["kind"],
        "invalid"
    );
    for args in [
        &["queue", "claim", "junk"][..],
        &["queue", "cancel", "junk"],
        &["queue", "show", "junk"],
    ] {
        let out = fed(&env, Some("a"), args);
        assert!(matches!(code(&out), 1 | 5), "{args:?}: {}", stderr(&out));
    }
    // Whatever fed does with x (claims it, here), it writes new files and
    // renames them: never into the shared inode.
    let claim = expect(&env, Some("a"), &["queue", "claim"], 0);
    assert_eq!(stdout(&claim).trim(), "x");
    expect(&env, Some("a"), &["queue", "heartbeat", "x"], 0);
    expect(
        &env,
        Some("a"),
        &["queue", "block", "x", "--reason", "r"],
        0,
    );
    expect(&env, Some("a"), &["queue", "unblock", "x"], 0);
    expect(&env, Some("a"), &["queue", "complete", "x"], 0);
    expect(&env, None, &["queue", "reap"], 0);
    assert_eq!(
        std::fs::read(&lure).unwrap(),
        before.0,
        "the outside file was written"
    );
    assert_eq!(
        std::fs::read(&junk).unwrap(),
        before.1,
        "the outside junk was written"
    );
    assert_eq!(std::fs::metadata(&lure).unwrap().ino(), ino);
    let done = std::fs::metadata(env.path("queue/completed/x.json")).unwrap();
    assert_ne!(done.ino(), ino, "the finished task is a file of its own");
}

#[test]
fn a_hostile_config_is_a_one_line_error() {
    let mut bomb = String::from(
        "a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n",
    );
    let names = ["a", "b", "c", "d", "e", "f", "g", "h", "i"];
    for pair in names.windows(2) {
        let (prev, next) = (pair[0], pair[1]);
        let refs = vec![format!("*{prev}"); 9].join(",");
        bomb.push_str(&format!("{next}: &{next} [{refs}]\n"));
    }
    // The same laughs where fed expects known keys.
    let mut typed_bomb = String::from("routing:\n  rules:\n");
    typed_bomb.push_str(
        "    a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n",
    );
    for pair in names.windows(2) {
        let (prev, next) = (pair[0], pair[1]);
        let refs = vec![format!("*{prev}"); 9].join(",");
        typed_bomb.push_str(&format!("    {next}: &{next} [{refs}]\n"));
    }
    typed_bomb.push_str("agents: *i\n");
    let mut huge = String::from("agents: [a]\n");
    while huge.len() < 10 * 1024 * 1024 {
        huge.push_str("# padding padding padding padding padding padding padding padding\n");
    }
    let cases: Vec<(&str, Vec<u8>)> = vec![
        ("billion laughs", bomb.into_bytes()),
        ("billion laughs in known keys", typed_bomb.into_bytes()),
        ("10 MB", huge.into_bytes()),
        (
            "non-UTF-8",
            b"agents: [\xff\xfe]\noverseers: [\xc3]\n".to_vec(),
        ),
        ("a list, not a map", b"- a\n- b\n".to_vec()),
        ("tab-indented", b"leases:\n\tttl: 90s\n".to_vec()),
    ];
    for (what, bytes) in cases {
        assert_config_refused(what, &bytes);
    }
}

/// A 200 KB config of nested flow sequences (well under the size limit).
#[test]
fn a_deeply_nested_config_is_refused_quickly() {
    let nested = format!("agents: {}{}\n", "[".repeat(100_000), "]".repeat(100_000));
    assert_config_refused("deeply nested", nested.as_bytes());
}

/// With `bytes` as config.yaml, every command that reads the config exits 1
/// quickly with one line naming config.yaml, and changes nothing.
fn assert_config_refused(what: &str, bytes: &[u8]) {
    let env = Env::new();
    env.add(&["before the config went bad", "--id", "t"]);
    std::fs::write(env.path("config.yaml"), bytes).unwrap();
    let guard = Guard::new(&[env.path("config.yaml")]);
    for (agent, args) in [
        (None, &["status"][..]),
        (None, &["queue", "add", "x"]),
        (Some("a"), &["queue", "claim"]),
        (Some("a"), &["queue", "complete", "t"]),
        (None, &["queue", "reap"]),
    ] {
        let start = Instant::now();
        let out = fed(&env, agent, args);
        assert_eq!(code(&out), 1, "{what}: {args:?}: {}", stderr(&out));
        let line = one_line_error(&out, args);
        assert!(line.contains("config.yaml"), "{what}: {args:?}: {line}");
        assert!(line.len() < 1000, "{what}: {args:?}: a long line: {line}");
        assert!(
            start.elapsed() < Duration::from_secs(5),
            "{what}: {args:?} took {:?}",
            start.elapsed()
        );
    }
    let (c, found) = problems(&env);
    assert_eq!(c, 1, "{what}: check: {found:#?}");
    let problem = found
        .iter()
        .find(|p| p["kind"] == "config")
        .unwrap_or_else(|| panic!("{what}: no config problem: {found:#?}"));
    assert!(
        problem["message"].as_str().unwrap().contains("config.yaml"),
        "{problem}"
    );
    guard.assert_unchanged(what);
    assert_eq!(
        env.names("pending"),
        vec!["t.json"],
        "{what}: nothing changed"
    );
}

#[test]
fn symlinked_bookkeeping_files_are_never_followed() {
    let env = Env::new();
    env.add(&["a task", "--id", "inside"]);
    let outside = env.root().join("outside");
    std::fs::create_dir(&outside).unwrap();
    let links = [
        ("config.yaml", "agents: [zed]\n"),
        (
            "state.json",
            "{\"paused\": true, \"reason\": \"outside\"}\n",
        ),
        ("log.jsonl", "outside log\n"),
        ("routing-history.jsonl", "outside history\n"),
        ("metrics.json", "{}\n"),
    ];
    let mut targets = Vec::new();
    for (name, text) in links {
        let target = outside.join(name);
        std::fs::write(&target, text).unwrap();
        let at = env.path(name);
        let _ = std::fs::remove_file(&at);
        std::os::unix::fs::symlink(&target, &at).unwrap();
        targets.push(target);
    }
    let guard = Guard::new(&targets);
    for (agent, args) in [
        (Some("a"), &["queue", "add", "another"][..]),
        (Some("a"), &["queue", "claim"]),
        (Some("a"), &["queue", "complete", "inside"]),
        (Some("boss"), &["pause", "--reason", "r"]),
        (Some("boss"), &["resume"]),
        (None, &["status"]),
        (None, &["check"]),
        (None, &["log"]),
        (None, &["queue", "reap"]),
    ] {
        let out = fed(&env, agent, args);
        let err = stderr(&out);
        assert!(
            !err.contains("zed"),
            "{args:?}: fed read config.yaml through the link: {err}"
        );
        assert_ne!(
            code(&out),
            4,
            "{args:?}: fed read state.json through the link: {err}"
        );
        assert!(
            matches!(code(&out), 0 | 1),
            "{args:?}: exit {}: {err}",
            code(&out)
        );
        if code(&out) == 1 && args[0] != "check" {
            one_line_error(&out, args);
        }
    }
    guard.assert_unchanged("every command");
}

// ---- the rest of the corpus: device nodes, links in every folder, odd
// names, a config with every field wrong ----

/// Every folder fed reads documents from, with a task-like name for it.
const DOC_FOLDERS: [(&str, &str); 7] = [
    ("queue/pending", "lure.json"),
    ("queue/in-progress", "lure@1-abcdef.json"),
    ("queue/blocked", "lure.json"),
    ("queue/completed", "lure.json"),
    ("votes/active", "lure.yaml"),
    ("votes/resolved", "lure.yaml"),
    ("handoffs", "lure.json"),
];

/// The commands that read (and some that change) every folder.
fn exercise(env: &Env) {
    for args in [
        &["check"][..],
        &["status"][..],
        &["queue", "list", "--state", "all"][..],
        &["vote", "list", "--state", "all"][..],
        &["analytics"][..],
        &["queue", "reap"][..],
    ] {
        let out = fed(env, Some("kimi"), args);
        assert!(
            !stderr(&out).contains("panicked"),
            "{args:?}: {}",
            stderr(&out)
        );
        assert!(
            matches!(code(&out), 0 | 1 | 3),
            "{args:?}: exit {}",
            code(&out)
        );
    }
    let out = fed(env, Some("kimi"), &["queue", "claim"]);
    assert!(matches!(code(&out), 0 | 3), "claim: {}", stderr(&out));
}

#[test]
fn device_nodes_and_sockets_in_every_folder_are_reported_and_never_opened() {
    let env = Env::new();
    env.add(&["a real task", "--id", "real"]);
    let mut planted = Vec::new();
    let mut listeners = Vec::new();
    for (folder, name) in DOC_FOLDERS {
        let path = env.path(&format!("{folder}/{name}"));
        // A character device (/dev/null's numbers) when this user may make
        // one, else a socket: both are special files fed must not open.
        let made = std::process::Command::new("mknod")
            .arg(&path)
            .args(["c", "1", "3"])
            .stderr(std::process::Stdio::null())
            .status()
            .is_ok_and(|s| s.success());
        if !made {
            listeners.push(std::os::unix::net::UnixListener::bind(&path).expect("bind a socket"));
        }
        planted.push(path);
    }
    let guard = Guard::new(&planted);
    exercise(&env);
    guard.assert_unchanged("every command");
    let (exit, found) = problems(&env);
    assert_eq!(exit, 1);
    for (folder, name) in DOC_FOLDERS.iter().filter(|(f, _)| *f != "handoffs") {
        let p = problem_at(&found, &format!("{folder}/{name}"))
            .unwrap_or_else(|| panic!("{folder}/{name} not reported: {found:?}"));
        assert_eq!(p["kind"], "unsafe", "{p}");
    }
    // The real task was claimed all the same.
    assert!(
        env.names("in-progress")
            .iter()
            .any(|n| n.starts_with("real@")),
        "{:?}",
        env.names("in-progress")
    );
}

#[test]
fn symlinks_and_hard_links_in_every_folder_are_never_written_through() {
    let env = Env::new();
    let outside = tempfile::tempdir().unwrap();
    let mut guarded = Vec::new();
    for (i, (folder, name)) in DOC_FOLDERS.iter().enumerate() {
        let status = if folder.contains("completed") {
            "done"
        } else {
            "pending"
        };
        // A valid document outside, reached by a symlink; another, reached
        // by a hard link (a regular file inside, so fed reads it, but fed
        // never writes in place, so the outside file must keep its bytes).
        let id = format!("link{i}");
        let target = outside.path().join(format!("sym{i}"));
        std::fs::write(&target, to_bytes(&task_doc(&env, "lure", status))).unwrap();
        std::os::unix::fs::symlink(&target, env.path(&format!("{folder}/{name}"))).unwrap();
        let hard = outside.path().join(format!("hard{i}"));
        std::fs::write(&hard, to_bytes(&task_doc(&env, &id, status))).unwrap();
        let ext = if folder.starts_with("votes") {
            "yaml"
        } else {
            "json"
        };
        if *folder != "queue/in-progress" {
            std::fs::hard_link(&hard, env.path(&format!("{folder}/{id}.{ext}"))).unwrap();
        }
        guarded.push(target);
        guarded.push(hard);
    }
    let guard = Guard::new(&guarded);
    exercise(&env);
    // Work on whatever fed accepted as a task, hard links included.
    for _ in 0..3 {
        let out = fed(&env, Some("kimi"), &["queue", "claim"]);
        if code(&out) != 0 {
            break;
        }
        let id = stdout(&out).trim().to_string();
        expect(&env, Some("kimi"), &["queue", "complete", &id], 0);
    }
    guard.assert_unchanged("claims and completions");
    let (_, found) = problems(&env);
    for (folder, name) in DOC_FOLDERS.iter().filter(|(f, _)| *f != "handoffs") {
        let p = problem_at(&found, &format!("{folder}/{name}"))
            .unwrap_or_else(|| panic!("the symlink {folder}/{name} is not reported: {found:?}"));
        assert_eq!(p["kind"], "unsafe", "{p}");
    }
}

#[test]
fn over_long_and_case_variant_names_are_foreign_and_left_alone() {
    let env = Env::new();
    let good = to_bytes(&task_doc(&env, "fine", "pending"));
    let names = [
        format!("{}.json", "a".repeat(200)),
        "Fine.json".to_string(),
        "fine.JSON".to_string(),
        "FINE.json".to_string(),
    ];
    let mut paths = Vec::new();
    for name in &names {
        let path = env.path(&format!("queue/pending/{name}"));
        std::fs::write(&path, &good).unwrap();
        paths.push(path);
    }
    let guard = Guard::new(&paths);
    exercise(&env);
    guard.assert_unchanged("every command");
    let (_, found) = problems(&env);
    for name in &names {
        let p = problem_at(&found, &format!("queue/pending/{name}"))
            .unwrap_or_else(|| panic!("{name} not reported: {found:?}"));
        assert_eq!(p["kind"], "foreign", "{p}");
        assert_eq!(p["severity"], "warning", "{p}");
    }
    // An id over 64 characters is refused wherever an id is taken.
    let long = "b".repeat(65);
    for args in [
        &["queue", "show", &long][..],
        &["queue", "add", "x", "--id", &long][..],
        &["vote", "show", &long][..],
    ] {
        let out = expect(&env, Some("kimi"), args, 1);
        assert!(one_line_error(&out, args).contains("64"), "{args:?}");
    }
}

#[test]
fn a_config_with_every_field_wrong_is_one_line_and_changes_nothing() {
    let env = Env::new();
    env.add(&["a task", "--id", "t1"]);
    let wrong_fields = [
        "agents: 5\n",
        "overseers: {a: 1}\n",
        "limits: {max_pending_per_agent: -1}\n",
        "limits: {max_handoff_depth: lots}\n",
        "leases: {ttl: soon}\n",
        "leases: {max_attempts: 0}\n",
        "votes: {quorum: -2}\n",
        "votes: {min_confidence: 7}\n",
        "routing: {boost_factor: big}\n",
        "routing: {rules: [1, 2]}\n",
        "routing: {min_confidence: 2}\n",
        "handoffs: nope\n",
        "handoffs: [{name: x}]\n",
        "unknown_key: 1\n",
    ];
    // All of them at once, and each alone.
    let all: String = wrong_fields
        .iter()
        .map(|f| format!("# next\n{f}"))
        .collect();
    for text in std::iter::once(all.as_str()).chain(wrong_fields.iter().copied()) {
        env.config(text);
        let before = env.snapshot_files();
        for args in [
            &["status"][..],
            &["queue", "claim"][..],
            &["queue", "add", "x"][..],
            &["vote", "create", "q", "--option", "a", "--option", "b"][..],
        ] {
            let out = expect(&env, Some("kimi"), args, 1);
            let line = one_line_error(&out, args);
            assert!(line.contains("config.yaml"), "{text:?} {args:?}: {line}");
        }
        assert_eq!(env.snapshot_files(), before, "{text:?}");
        let (exit, found) = problems(&env);
        assert_eq!(exit, 1, "{text:?}");
        assert!(
            found.iter().any(|p| p["kind"] == "config"),
            "{text:?}: {found:?}"
        );
    }
}

// ---- what the fuzzers found (inputs in fuzz/regressions/) ----

fn regression(name: &str) -> Vec<u8> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fuzz/regressions")
        .join(name);
    std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

#[test]
fn a_vote_that_cannot_be_rewritten_is_refused_not_a_panic() {
    let env = Env::new();
    let path = env.path("votes/active/j.yaml");
    std::fs::write(&path, regression("vote/yaml-complex-key.yaml")).unwrap();
    let guard = Guard::new(&[path]);
    let args = ["vote", "cast", "j", "--choice", "a", "--confidence", "0.9"];
    let out = expect(&env, Some("kimi"), &args, 1);
    one_line_error(&out, &args);
    assert!(!stderr(&out).contains("panicked"));
    guard.assert_unchanged("a cast");
    let (exit, found) = problems(&env);
    assert_eq!(exit, 1);
    assert_eq!(
        problem_at(&found, "votes/active/j.yaml").map(|p| p["kind"].clone()),
        Some(Value::from("invalid"))
    );
    assert!(
        std::fs::read_dir(env.path(".txn"))
            .unwrap()
            .flatten()
            .all(|e| e.file_name().to_string_lossy().ends_with(".lock"))
    );
}

#[test]
fn ids_starting_with_a_dot_are_refused() {
    let env = Env::new();
    let hidden = String::from_utf8(regression("id/hidden-id")).unwrap();
    for id in [hidden.trim(), ".x", ".gitkeep"] {
        let args = ["queue", "add", "x", "--id", id];
        let out = expect(&env, None, &args, 1);
        assert!(
            one_line_error(&out, &args).contains("starts with '.'"),
            "{id}"
        );
    }
    assert!(env.names("pending").is_empty());
}

#[test]
fn times_outside_years_0_to_9999_in_utc_are_invalid() {
    let env = Env::new();
    let path = env.path("queue/pending/t.json");
    std::fs::write(&path, regression("task/time-range.json")).unwrap();
    let (exit, found) = problems(&env);
    assert_eq!(exit, 1);
    let p = problem_at(&found, "queue/pending/t.json").expect("reported");
    assert!(p["message"].as_str().unwrap().contains("9999"), "{p}");
    // Never claimed, so never rewritten into an unreadable file.
    expect(&env, Some("kimi"), &["queue", "claim"], 3);
    assert!(path.exists());
}

#[test]
fn errors_quoting_a_line_break_stay_on_one_line() {
    let env = Env::new();
    std::fs::write(
        env.path("queue/pending/t.json"),
        regression("task/multiline-error.json"),
    )
    .unwrap();
    let out = fed(&env, None, &["--json", "check"]);
    let doc: Value = serde_json::from_slice(&out.stdout).unwrap();
    for p in doc["problems"].as_array().unwrap() {
        assert!(!p["message"].as_str().unwrap().contains('\n'), "{p}");
    }
    let args = ["queue", "show", "t"];
    one_line_error(&expect(&env, None, &args, 1), &args);
    std::fs::write(
        env.path("config.yaml"),
        regression("config/multiline-error.yaml"),
    )
    .unwrap();
    let args = ["status"];
    one_line_error(&expect(&env, None, &args, 1), &args);
}

#[test]
fn rewrites_keep_fine_times_and_large_numbers_exactly() {
    let env = Env::new();
    for (id, file) in [
        ("t", "task/time-precision.json"),
        ("u", "task/float-roundtrip.json"),
    ] {
        let doc = String::from_utf8(regression(file))
            .unwrap()
            .replace("\"task_id\":\"t\"", &format!("\"task_id\":\"{id}\""));
        std::fs::write(env.path(&format!("queue/pending/{id}.json")), doc).unwrap();
        let claimed = env.json(Some("kimi"), &["queue", "claim", id]);
        assert_eq!(claimed["status"], "in-progress", "{claimed}");
    }
    let t = env.json(None, &["queue", "show", "t"]);
    assert_eq!(t["history"].as_array().unwrap().len(), 1);
    let raw_u = std::fs::read_to_string(
        std::fs::read_dir(env.path("queue/in-progress"))
            .unwrap()
            .flatten()
            .find(|e| e.file_name().to_string_lossy().starts_with("u@"))
            .unwrap()
            .path(),
    )
    .unwrap();
    // Beyond u64 the number is a float: its value, not its digits, must
    // survive every rewrite (it drifted one unit in the last place).
    let n = serde_json::from_str::<Value>(&raw_u).unwrap()["context"]["n"]
        .as_f64()
        .unwrap();
    assert_eq!(n, 98446744073709551615f64, "{raw_u}");
    expect(&env, Some("kimi"), &["queue", "release", "u"], 0);
    let again = env.json(None, &["queue", "show", "u"])["context"]["n"]
        .as_f64()
        .unwrap();
    assert_eq!(again.to_bits(), n.to_bits());
    // The claim moved updated_at, but created_at keeps its fraction as read.
    let raw_t = std::fs::read_to_string(
        std::fs::read_dir(env.path("queue/in-progress"))
            .unwrap()
            .flatten()
            .find(|e| e.file_name().to_string_lossy().starts_with("t@"))
            .unwrap()
            .path(),
    )
    .unwrap();
    assert!(
        raw_t.contains("\"created_at\": \"2026-01-01T00:00:00.000Z\""),
        "{raw_t}"
    );
}
