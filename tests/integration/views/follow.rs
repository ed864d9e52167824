//! `fed log --follow`: events from concurrent writers, each once and in
//! the log's order; a rotated or truncated log is followed on. The safety
//! re-check is set to ten minutes (`FED_RECHECK_SECS`), so every event
//! seen within the tests' seconds was brought by a file-system
//! notification.

use crate::common::{Env, stderr};
use std::io::BufRead;
use std::process::{Child, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// A running `fed log --follow --json` and the lines it printed so far.
struct Follower {
    child: Child,
    lines: Arc<Mutex<Vec<String>>>,
}

impl Follower {
    fn start(env: &Env) -> Follower {
        let mut child = env
            .clean(&env.now, &["log", "--follow", "--json"])
            .env("FED_RECHECK_SECS", "600")
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("fed starts");
        let stdout = child.stdout.take().unwrap();
        let lines = Arc::new(Mutex::new(Vec::new()));
        let sink = lines.clone();
        std::thread::spawn(move || {
            for line in std::io::BufReader::new(stdout)
                .lines()
                .map_while(Result::ok)
            {
                sink.lock().unwrap().push(line);
            }
        });
        Follower { child, lines }
    }

    /// Waits (at most 15 s) until `n` lines were printed; the lines.
    fn wait_for(&mut self, n: usize) -> Vec<serde_json::Value> {
        let start = Instant::now();
        loop {
            let lines = self.lines.lock().unwrap().clone();
            if lines.len() >= n || start.elapsed() > Duration::from_secs(15) {
                return lines
                    .iter()
                    .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{e}: {l}")))
                    .collect();
            }
            if let Ok(Some(status)) = self.child.try_wait() {
                panic!("fed log --follow ended: {status}");
            }
            std::thread::sleep(Duration::from_millis(20));
        }
    }
}

impl Drop for Follower {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn log_lines(env: &Env) -> Vec<serde_json::Value> {
    std::fs::read_to_string(env.path("log.jsonl"))
        .unwrap_or_default()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

#[test]
fn concurrent_writers_are_followed_in_order_and_none_twice() {
    let env = Env::new();
    env.add(&["before the follower", "--id", "before-000000"]);
    let mut follower = Follower::start(&env);
    assert_eq!(follower.wait_for(1)[0]["task_id"], "before-000000");
    let writers: Vec<_> = (0..4)
        .map(|w| {
            let args: Vec<String> =
                vec!["queue".into(), "add".into(), format!("task of writer {w}")];
            let env_path = env.root().to_path_buf();
            let mut cmds = Vec::new();
            for _ in 0..12 {
                let mut cmd = env.clean(
                    &env.now,
                    &args.iter().map(String::as_str).collect::<Vec<_>>(),
                );
                cmd.current_dir(&env_path).stdout(Stdio::null());
                cmds.push(cmd);
            }
            std::thread::spawn(move || {
                for mut cmd in cmds {
                    let out = cmd.output().unwrap();
                    assert!(out.status.success(), "{}", stderr(&out));
                }
            })
        })
        .collect();
    for w in writers {
        w.join().unwrap();
    }
    let expected = log_lines(&env);
    assert_eq!(expected.len(), 49);
    let seen = follower.wait_for(49);
    assert_eq!(seen, expected, "the follower's events differ from the log");
    // Nothing more comes: none was printed twice.
    std::thread::sleep(Duration::from_millis(300));
    assert_eq!(follower.lines.lock().unwrap().len(), 49);
}

#[test]
fn a_rotated_or_truncated_log_is_followed_on() {
    let env = Env::new();
    let mut follower = Follower::start(&env);
    std::thread::sleep(Duration::from_millis(300));
    env.add(&["first", "--id", "first-000001"]);
    follower.wait_for(1);
    std::fs::rename(env.path("log.jsonl"), env.path("log.1")).unwrap();
    env.add(&["second", "--id", "second-00002"]);
    follower.wait_for(2);
    std::fs::write(env.path("log.jsonl"), "").unwrap();
    env.add(&["third", "--id", "third-000003"]);
    let seen = follower.wait_for(3);
    let ids: Vec<&str> = seen
        .iter()
        .map(|e| e["task_id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, ["first-000001", "second-00002", "third-000003"]);
    // Text lines too, one per event, user text escaped.
    let out = env
        .fed(&["log", "--follow", "--limit", "1"])
        .timeout(Duration::from_millis(800))
        .output()
        .unwrap();
    let text = crate::common::stdout(&out);
    assert_eq!(text.lines().count(), 1, "{text}");
    assert!(
        text.contains("added") && text.contains("third-000003"),
        "{text}"
    );
}

#[test]
fn followed_text_shows_control_characters_escaped() {
    let env = Env::new();
    env.add(&["to block", "--id", "esc-0000001"]);
    let blocked = env
        .as_agent(
            "kimi",
            &["queue", "block", "esc-0000001", "--reason", "a\u{1b}[2Jb"],
        )
        .output()
        .unwrap();
    assert!(blocked.status.success(), "{}", stderr(&blocked));
    let out = env
        .fed(&["log", "--follow", "-n", "1"])
        .timeout(Duration::from_millis(800))
        .output()
        .unwrap();
    let text = crate::common::stdout(&out);
    assert!(text.contains("reason=a\\u{1b}[2Jb"), "{text}");
    assert!(!text.contains('\u{1b}'), "{text:?}");
}
