//! The cascade (cancelling a long dependency chain) and the router (a
//! recommendation and a cross-validation over a long history).

use crate::timing::{Samples, expect_ok, fail, fed, run};
use fed::model::record::Record;
use std::path::Path;

/// Cancels the head of a fresh chain of `len` tasks with `--cascade`,
/// `runs` times (a new chain each time), and checks every task ended
/// cancelled. The chains are removed after the last run, not between
/// runs: on ext4 without a journal, creating a file searches past every
/// inode freed in the last minutes, so a run right after the removal of
/// 20,000 files would pay for it (docs/performance.md).
pub fn cascade(root: &Path, len: usize, runs: usize) -> Samples {
    let mut samples = Samples::default();
    for i in 0..runs {
        let dir = crate::fixture::chain(&root.join(format!("chain-{i}")), len);
        let args = ["queue", "cancel", "chain-00000", "--cascade"];
        let r = run(fed(&dir, &args), false);
        expect_ok("queue cancel --cascade", r.code);
        let pending = std::fs::read_dir(dir.join("queue/pending"))
            .expect("read pending/")
            .flatten()
            .filter(|e| !e.file_name().to_string_lossy().starts_with('.'))
            .count();
        let cancelled = std::fs::read_dir(dir.join("queue/completed"))
            .expect("read completed/")
            .flatten()
            .filter(|e| {
                let text = std::fs::read_to_string(e.path()).unwrap_or_default();
                text.contains("\"status\": \"cancelled\"")
            })
            .count();
        if pending != 0 || cancelled != len {
            fail(format!(
                "cascade over {len} tasks left {pending} pending and {cancelled} cancelled"
            ));
        }
        samples.push(&r);
    }
    for i in 0..runs {
        let _ = std::fs::remove_dir_all(root.join(format!("chain-{i}")));
    }
    samples
}

const AGENTS: [&str; 5] = ["claude", "codex", "gemini", "kimi", "qwen"];
const TYPES: [&str; 4] = ["implement", "review", "research", "docs"];
const TOPICS: [&str; 30] = [
    "oauth",
    "login",
    "session",
    "cookie",
    "token",
    "parser",
    "lexer",
    "grammar",
    "syntax",
    "ast",
    "cache",
    "index",
    "query",
    "latency",
    "memory",
    "docs",
    "guide",
    "tutorial",
    "example",
    "readme",
    "ci",
    "pipeline",
    "flaky",
    "release",
    "deploy",
    "schema",
    "migration",
    "database",
    "backup",
    "replica",
];
const COMMON: [&str; 24] = [
    "fix",
    "add",
    "update",
    "module",
    "tests",
    "error",
    "handling",
    "config",
    "support",
    "refactor",
    "improve",
    "check",
    "command",
    "output",
    "edge",
    "cases",
    "review",
    "code",
    "document",
    "behaviour",
    "user",
    "api",
    "service",
    "client",
];

/// A federation whose `routing-history.jsonl` has `lines` records: each
/// agent works mostly on its own six topics.
pub fn router_fixture(root: &Path, lines: usize) -> std::path::PathBuf {
    let dir = crate::fixture::init(root);
    std::fs::write(
        dir.join("config.yaml"),
        "routing:\n  rules:\n    research: claude\n    docs: qwen\n",
    )
    .expect("write config.yaml");
    let mut seed: u64 = 0x2545_f491_4f6c_dd1d;
    let mut next = |n: usize| {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        (seed % n as u64) as usize
    };
    let mut text = String::new();
    for i in 0..lines {
        let a = next(AGENTS.len());
        let mut words = Vec::new();
        for _ in 0..(6 + next(8)) {
            words.push(if next(10) < 6 {
                TOPICS[a * 6 + next(6)]
            } else {
                COMMON[next(COMMON.len())]
            });
        }
        let record = Record {
            task: words.join(" "),
            task_type: TYPES[next(TYPES.len())].to_string(),
            assigned_to: AGENTS[a].to_string(),
            success: next(10) != 0,
            minutes: Some(5.0 + next(300) as f64),
            task_id: Some(format!("h{i:06}")),
            finished_at: Some(crate::fixture::ts(i as u64 * 1800)),
            attempts: Some(1),
            reworks: None,
            automatic: false,
            from_agent: Some("reuben".to_string()),
        };
        text.push_str(&serde_json::to_string(&record).expect("a record serializes"));
        text.push('\n');
    }
    std::fs::write(dir.join("routing-history.jsonl"), text).expect("write the history");
    dir
}

/// `fed route` (`runs` times, after a warm-up) and `fed route eval`
/// (`eval_runs` times) on `dir`.
pub fn router(dir: &Path, runs: usize, eval_runs: usize) -> (Samples, Samples) {
    let mut route = Samples::default();
    let descs = [
        "fix the flaky ci pipeline before the release",
        "review the oauth session cookie handling",
        "write a tutorial and update the readme",
    ];
    for i in 0..runs + 1 {
        let r = run(fed(dir, &["route", descs[i % descs.len()]]), true);
        expect_ok("route", r.code);
        if i > 0 {
            route.push(&r);
        }
    }
    let mut eval = Samples::default();
    for _ in 0..eval_runs {
        let r = run(fed(dir, &["route", "eval"]), true);
        expect_ok("route eval", r.code);
        eval.push(&r);
    }
    (route, eval)
}
