//! A fixed federation for the views: every id given with `queue add
//! --id`, every step at a fixed `FED_NOW`, so that what the views show is
//! the same on every run (the vote's generated id is replaced by `VOTE`).

use crate::common::{Env, stderr, stdout};

/// The moment the views are looked at.
pub const VIEW_AT: &str = "2026-11-21T14:00:00Z";

/// The title no view may treat as anything but text.
pub const HOSTILE: &str =
    "<script>alert(\"x\")</script> \"quoted\" [x] {y} & #1; `tick` \u{1b}[31mred";

pub const CONFIG: &str = "agents: [claude, kimi, copilot, reuben]
overseers: [reuben]
leases:
  ttl: 5h
escalation:
  after: 4h
";

/// Runs `fed ARGS` as `agent` at `now`, which must succeed; its stdout.
pub fn at(env: &Env, now: &str, agent: &str, args: &[&str]) -> String {
    let mut cmd = env.clean(now, args);
    cmd.env("FED_AGENT", agent);
    let out = cmd.output().expect("fed runs");
    assert!(
        out.status.success(),
        "fed {args:?} failed: {}",
        stderr(&out)
    );
    stdout(&out).trim().to_string()
}

pub struct Fixture {
    pub env: Env,
    pub vote: String,
}

/// The steps of the federation, each `(FED_NOW, agent, args)`.
const STEPS: &[(&str, &str, &[&str])] = &[
    (
        "2026-11-21T08:00:00Z",
        "reuben",
        &[
            "queue",
            "add",
            "--id",
            "20261121-080000-resrch",
            "Compare OAuth providers",
            "--type",
            "research",
            "--to",
            "claude",
            "--priority",
            "high",
        ],
    ),
    (
        "2026-11-21T08:01:00Z",
        "reuben",
        &[
            "queue",
            "add",
            "--id",
            "20261121-080100-implmt",
            "Implement OAuth login",
            "--to",
            "kimi",
            "--after",
            "resrch",
            "--lead",
            "kimi",
        ],
    ),
    (
        "2026-11-21T08:02:00Z",
        "reuben",
        &[
            "queue",
            "add",
            "--id",
            "20261121-080200-tests1",
            "Integration tests for the login",
            "--to",
            "copilot",
            "--after",
            "implmt",
        ],
    ),
    (
        "2026-11-21T08:03:00Z",
        "reuben",
        &[
            "queue",
            "add",
            "--id",
            "20261121-080300-docs01",
            "User guide: signing in",
            "--to",
            "copilot",
            "--after",
            "resrch",
        ],
    ),
    (
        "2026-11-21T08:04:00Z",
        "reuben",
        &[
            "queue",
            "add",
            "--id",
            "20261121-080400-redis1",
            "Session store backed by Redis",
            "--to",
            "kimi",
            "--lead",
            "claude",
        ],
    ),
    (
        "2026-11-21T08:05:00Z",
        "reuben",
        &[
            "queue",
            "add",
            "--id",
            "20261121-080500-evil01",
            HOSTILE,
            "--priority",
            "low",
        ],
    ),
    (
        "2026-11-21T08:06:00Z",
        "reuben",
        &[
            "queue",
            "add",
            "--id",
            "20261121-080600-flaky1",
            "Tests for password reset",
            "--to",
            "copilot",
        ],
    ),
    (
        "2026-11-21T08:07:00Z",
        "reuben",
        &[
            "queue",
            "add",
            "--id",
            "20261121-080700-strand",
            "Release notes",
            "--after",
            "flaky1",
        ],
    ),
    (
        "2026-11-21T08:08:00Z",
        "reuben",
        &[
            "queue",
            "add",
            "--id",
            "20261121-080800-routed",
            "Tidy up the flux capacitor",
            "--to",
            "auto",
        ],
    ),
    (
        "2026-11-21T08:09:00Z",
        "reuben",
        &[
            "queue",
            "add",
            "--id",
            "20261121-080900-stale1",
            "Benchmark the login flow",
            "--to",
            "kimi",
        ],
    ),
    (
        "2026-11-21T08:10:00Z",
        "claude",
        &["queue", "claim", "resrch"],
    ),
    (
        "2026-11-21T08:30:00Z",
        "kimi",
        &["queue", "claim", "stale1"],
    ),
    (
        "2026-11-21T09:00:00Z",
        "claude",
        &[
            "queue",
            "complete",
            "resrch",
            "--summary",
            "PKCE with GitHub",
        ],
    ),
    (
        "2026-11-21T09:01:00Z",
        "copilot",
        &["queue", "claim", "docs01"],
    ),
    (
        "2026-11-21T09:05:00Z",
        "kimi",
        &["queue", "claim", "implmt"],
    ),
    (
        "2026-11-21T09:10:00Z",
        "kimi",
        &["queue", "claim", "redis1"],
    ),
    (
        "2026-11-21T09:15:00Z",
        "kimi",
        &[
            "queue",
            "block",
            "redis1",
            "--reason",
            "waiting for Redis credentials from ops <OPS-88>",
        ],
    ),
    (
        "2026-11-21T09:20:00Z",
        "copilot",
        &["queue", "claim", "flaky1"],
    ),
    (
        "2026-11-21T09:40:00Z",
        "copilot",
        &[
            "queue",
            "complete",
            "flaky1",
            "--failed",
            "--summary",
            "fixtures missing",
        ],
    ),
];

/// The federation: research done, its implementation in progress, tests
/// and docs waiting, a blocked task with a lead, a hostile title, a failed
/// task and one it strands, a task the router left for anyone, a task
/// whose lease expired, and an escalated vote. Nothing is claimed after a
/// lease ran out (a claim may take expired leases back).
pub fn federation() -> Fixture {
    let env = Env::new();
    env.config(CONFIG);
    for (now, agent, args) in STEPS {
        at(&env, now, agent, args);
    }
    let question = [
        "vote",
        "create",
        "Revoke provider tokens on sign-out?",
        "--option",
        "yes",
        "--option",
        "no",
    ];
    let vote = at(&env, "2026-11-21T09:30:00Z", "reuben", &question);
    let ballots = [
        ("claude", "0.6", "<b>bold</b> \"safer\""),
        ("kimi", "0.65", ""),
    ];
    for (i, (agent, confidence, reasoning)) in ballots.into_iter().enumerate() {
        let now = format!("2026-11-21T09:3{}:00Z", i + 1);
        at(
            &env,
            &now,
            agent,
            &[
                "vote",
                "cast",
                &vote,
                "--choice",
                "yes",
                "--confidence",
                confidence,
                "--reasoning",
                reasoning,
            ],
        );
    }
    // Low confidence: the vote is escalated (exit 0 with the result).
    let resolved = env
        .clean("2026-11-21T09:33:00Z", &["vote", "resolve", &vote])
        .output()
        .expect("fed runs");
    assert!(
        resolved
            .status
            .code()
            .is_some_and(|c| c == 0 || c == 1 || c == 3),
        "{}",
        stderr(&resolved)
    );
    Fixture { env, vote }
}

impl Fixture {
    /// `fed ARGS` at [`VIEW_AT`] with `COLUMNS`, the vote's id replaced.
    pub fn view(&self, columns: &str, args: &[&str]) -> String {
        let mut cmd = self.env.clean(VIEW_AT, args);
        cmd.env("COLUMNS", columns);
        let out = cmd.output().expect("fed runs");
        assert!(
            out.status.success(),
            "fed {args:?} failed: {}",
            stderr(&out)
        );
        self.mask(&stdout(&out))
    }

    /// `text` with the vote's id (and its short forms) as `VOTE`.
    pub fn mask(&self, text: &str) -> String {
        let mut out = text.replace(&self.vote, "VOTE");
        for len in (6..self.vote.len()).rev() {
            out = out.replace(&self.vote[self.vote.len() - len..], "VOTE");
        }
        out
    }
}
