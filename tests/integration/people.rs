//! The command line as people and scripts meet it: times that read as
//! times, quiet polling, one exit code per kind of mistake, messages that
//! say what happened, and batch input.

use crate::common::*;
use std::io::Write;
use std::process::Stdio;

#[test]
fn times_read_as_times() {
    let mut env = Env::new();
    let id = env.add(&["long forgotten"]);
    assert_eq!(env.claim("kimi"), id);
    env.now = "2026-11-30T09:00:00Z".into();
    let out = env.run(None, &["status"]);
    let text = stdout(&out);
    assert!(text.contains("lease expired 9 days ago"), "{text}");
    env.now = "2026-11-21T09:05:00Z".into();
    let show = stdout(&env.run(None, &["queue", "show", &id]));
    assert!(show.contains("(in 25 min)"), "{show}");
}

#[test]
fn status_lists_the_ready_tasks_best_first() {
    let env = Env::new();
    let low = env.add(&["low one", "--priority", "low"]);
    let high = env.add(&["urgent one", "--priority", "critical"]);
    let text = stdout(&env.run(None, &["status"]));
    let ready = text.split("Ready:").nth(1).expect("a Ready section");
    // Shown by their short ids, the random tails.
    let tail = |id: &str| id[id.len() - 6..].to_string();
    let (h, l) = (
        ready.find(&tail(&high)).unwrap(),
        ready.find(&tail(&low)).unwrap(),
    );
    assert!(h < l, "critical first: {text}");
    let doc = env.json(None, &["status"]);
    assert_eq!(doc["ready"], 2);
    assert_eq!(doc["ready_tasks"][0]["task_id"], high.as_str());
}

#[test]
fn status_shows_the_ten_best_ready_tasks_and_counts_the_rest() {
    let env = Env::new();
    for i in 0..22 {
        env.add(&[&format!("normal {i}")]);
    }
    for i in 0..3 {
        env.add(&[&format!("urgent {i}"), "--priority", "critical"]);
    }
    // --json lists every ready task, best first; the text shows the same
    // first ten and counts the others.
    let doc = env.json(None, &["status"]);
    assert_eq!(doc["ready"], 25);
    let all: Vec<String> = doc["ready_tasks"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n["task_id"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(all.len(), 25);
    let text = stdout(&env.run(None, &["--full-ids", "status"]));
    let ready = text.split("Ready:").nth(1).expect("a Ready section");
    let shown: Vec<&str> = ready
        .lines()
        .filter_map(|l| l.split_whitespace().next())
        .filter(|w| all.iter().any(|id| id == w))
        .collect();
    assert_eq!(shown, all[..10].to_vec(), "{text}");
    assert!(ready.contains("... and 15 more"), "{text}");
    assert!(all[..3].iter().all(|id| {
        doc["ready_tasks"]
            .as_array()
            .unwrap()
            .iter()
            .any(|n| n["task_id"] == id.as_str() && n["priority"] == "critical")
    }));
}

#[test]
fn quiet_polling_is_quiet() {
    let env = Env::new();
    let out = env.run(Some("kimi"), &["-q", "queue", "claim"]);
    assert_eq!(code(&out), 3);
    assert_eq!(stderr(&out), "", "exit 3 says it all under -q");
    let out = env.run(Some("kimi"), &["queue", "claim"]);
    assert_eq!(code(&out), 3);
    assert!(stderr(&out).contains("no ready task"), "{}", stderr(&out));
    let dep = env.add(&["dep"]);
    env.add(&["after", "--after", &dep]);
    assert_eq!(env.claim("kimi"), dep);
    let out = env.run(Some("kimi"), &["queue", "claim"]);
    assert!(
        stderr(&out).contains("1 waits on dependencies"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn a_bad_value_of_any_flag_is_a_usage_error() {
    let env = Env::new();
    for args in [
        &["queue", "list", "--state", "open"][..],
        &["queue", "add", "x", "--priority", "urgent"],
        &["vote", "list", "--state", "nope"],
        &[
            "vote", "create", "Q?", "--option", "a", "--option", "b", "--quorum", "0",
        ],
    ] {
        let out = env.run(Some("kimi"), args);
        assert_eq!(code(&out), 2, "{args:?}: {}", stderr(&out));
    }
    let vote = stdout(&env.run(
        Some("kimi"),
        &["vote", "create", "Q?", "--option", "a", "--option", "b"],
    ))
    .trim()
    .to_string();
    let out = env.run(
        Some("kimi"),
        &[
            "vote",
            "cast",
            &vote,
            "--choice",
            "a",
            "--confidence",
            "1.5",
        ],
    );
    assert_eq!(code(&out), 2, "{}", stderr(&out));
}

#[test]
fn messages_say_what_happened() {
    let env = Env::new();
    let id = env.add(&["never claimed"]);
    let out = env.run(Some("kimi"), &["queue", "complete", &id]);
    assert_eq!(code(&out), 5);
    assert!(stderr(&out).contains("never claimed"), "{}", stderr(&out));
    let out = env.run(None, &["log", "--task", "nope"]);
    assert_eq!(code(&out), 1);
    assert!(stderr(&out).contains("no task"), "{}", stderr(&out));
}

#[test]
fn init_inside_a_federation_asks_for_force() {
    let env = Env::new();
    let inner = env.root().join("sub/dir");
    std::fs::create_dir_all(&inner).unwrap();
    let mut cmd = env.fed(&["init"]);
    let out = cmd.current_dir(&inner).output().unwrap();
    assert_eq!(code(&out), 1, "{}", stderr(&out));
    assert!(stderr(&out).contains("--force"), "{}", stderr(&out));
    assert!(!inner.join(".federation").exists());
    let mut cmd = env.fed(&["init", "--force"]);
    let out = cmd.current_dir(&inner).output().unwrap();
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert!(inner.join(".federation/queue/pending").is_dir());
}

#[test]
fn route_labels_its_numbers() {
    let env = Env::new();
    env.config("routing:\n  rules:\n    oauth: claude\n");
    let out = env.run(None, &["route", "Fix the oauth callback"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert!(
        stdout(&out).starts_with("claude\tconfidence "),
        "{}",
        stdout(&out)
    );
}

#[test]
fn a_description_can_come_from_standard_input() {
    let env = Env::new();
    let mut child = env
        .clean(&env.now, &["queue", "add", "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(b"From a pipe\nwith a second line\n")
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let task = env.json(None, &["queue", "show", stdout(&out).trim()]);
    assert_eq!(task["title"], "From a pipe");
}

#[test]
fn a_batch_of_tasks_comes_from_a_file_in_order() {
    let env = Env::new();
    let file = env.root().join("tasks.json");
    std::fs::write(
        &file,
        r#"[{"description": "first", "id": "one"},
            {"description": "second", "after": ["one"], "priority": "high"},
            {"description": "third", "priority": "urgent"}]"#,
    )
    .unwrap();
    let out = env.run(
        None,
        &["queue", "add", "--from-file", file.to_str().unwrap()],
    );
    assert_eq!(code(&out), 1, "the third item is refused");
    let ids: Vec<String> = stdout(&out).lines().map(str::to_string).collect();
    assert_eq!(ids.len(), 2, "{ids:?}");
    assert_eq!(ids[0], "one");
    assert!(stderr(&out).contains("task 2"), "{}", stderr(&out));
    let second = env.json(None, &["queue", "show", &ids[1]]);
    assert_eq!(second["dependencies"][0], "one");
    assert_eq!(second["priority"], "high");
    std::fs::write(&file, "{not an array").unwrap();
    let out = env.run(
        None,
        &["queue", "add", "--from-file", file.to_str().unwrap()],
    );
    assert_eq!(code(&out), 1);
    assert!(stderr(&out).contains("tasks.json"), "{}", stderr(&out));
}

/// The adds of a batch share one dependency graph, kept up to date with
/// the batch's own tasks: `c` closes a cycle only through `b`, added by
/// the same batch a moment before.
#[test]
fn a_batch_refuses_a_cycle_through_a_task_it_added_itself() {
    let env = Env::new();
    // By hand: `x` waits on a task that does not exist yet.
    env.write_pending("x", "by hand", &["c".to_string()]);
    let file = env.root().join("tasks.json");
    std::fs::write(
        &file,
        r#"[{"description": "b", "id": "b", "after": ["x"]},
            {"description": "c", "id": "c", "after": ["b"]}]"#,
    )
    .unwrap();
    let out = env.run(
        None,
        &["queue", "add", "--from-file", file.to_str().unwrap()],
    );
    assert_eq!(code(&out), 1, "{}", stderr(&out));
    assert_eq!(stdout(&out).trim(), "b");
    let err = stderr(&out);
    assert!(
        err.contains("task 1") && err.contains("c -> b -> x -> c"),
        "{err}"
    );
    let mut pending = env.names("pending");
    pending.sort();
    assert_eq!(pending.len(), 2, "{pending:?}");
}

#[test]
fn a_mistyped_name_gets_the_nearest_valid_one_and_its_help() {
    let env = Env::new();
    for (args, hint, help) in [
        (&["queue", "lst"][..], "'list'", "fed queue --help"),
        (
            &["queue", "add", "x", "--typ", "y"],
            "'--type'",
            "fed queue add --help",
        ),
        (
            &["--color", "purple", "status"],
            "auto, always, never",
            "fed status --help",
        ),
    ] {
        let out = env.run(None, args);
        assert_eq!(code(&out), 2, "{args:?}");
        let err = stderr(&out);
        assert_eq!(err.lines().count(), 1, "{err}");
        assert!(err.contains(hint) && err.contains(help), "{args:?}: {err}");
    }
}

#[test]
fn color_always_wins_over_no_color_in_every_cell() {
    let env = Env::new();
    env.add(&["urgent", "--priority", "high"]);
    // The test environment sets NO_COLOR=1.
    let out = env.run(None, &["--color", "always", "queue", "list"]);
    let text = stdout(&out);
    assert!(
        text.contains("\u{1b}[38;5;11m"),
        "the priority cell keeps its colour: {text:?}"
    );
    let out = env.run(None, &["queue", "list"]);
    assert!(
        !stdout(&out).contains('\u{1b}'),
        "NO_COLOR still holds by default"
    );
}

#[test]
fn a_terminal_without_a_size_gets_eighty_columns() {
    // `script` gives the command a terminal that reports 0x0.
    let script = std::process::Command::new("script")
        .arg("--version")
        .output();
    if script.is_err() {
        panic!("`script` (util-linux) is needed for this test");
    }
    let env = Env::new();
    env.add(&[
        "a title long enough to be cut if the table were squeezed into one-character columns",
    ]);
    let fed = fed_bin();
    let cmd = format!(
        "stty cols 0 rows 0; COLUMNS= {} --dir {} queue list",
        fed.display(),
        env.dir().display()
    );
    let out = std::process::Command::new("script")
        .args(["-qec", &cmd, "/dev/null"])
        .env_remove("COLUMNS")
        .env("NO_COLOR", "1")
        .env("FED_NOW", NOW)
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    let widest = text
        .lines()
        .map(|l| l.trim_end().chars().count())
        .max()
        .unwrap_or(0);
    assert!(widest > 40 && widest <= 80, "{widest} columns: {text}");
}
