//! Votes through the real binary: create, cast, resolve (one and `--due`),
//! override, list and show; concurrent and killed casters; hostile vote
//! files; unknown fields; the event log.

use crate::common::process::{process, wait_bounded};
use crate::common::rng::Rng;
use crate::common::*;
use serde_json::{Value, json};
use std::collections::{BTreeMap, BTreeSet};
use std::os::unix::process::ExitStatusExt;
use std::path::PathBuf;
use std::process::{Child, Output};
use std::time::{Duration, Instant};

// ---- helpers ----

/// `fed vote create ARGS` as `agent`; returns the printed id.
fn create(env: &Env, agent: &str, args: &[&str]) -> String {
    let mut all = vec!["vote", "create"];
    all.extend_from_slice(args);
    let out = env.run(Some(agent), &all);
    assert_eq!(code(&out), 0, "vote create {args:?}: {}", stderr(&out));
    stdout(&out).trim().to_string()
}

/// `fed vote cast ID --choice C --confidence F` as `agent`.
fn cast(env: &Env, agent: &str, id: &str, choice: &str, confidence: &str) -> Output {
    env.run(
        Some(agent),
        &[
            "vote",
            "cast",
            id,
            "--choice",
            choice,
            "--confidence",
            confidence,
        ],
    )
}

fn cast_ok(env: &Env, agent: &str, id: &str, choice: &str, confidence: &str) {
    let out = cast(env, agent, id, choice, confidence);
    assert_eq!(
        code(&out),
        0,
        "cast by {agent} of {choice} on {id}: {}",
        stderr(&out)
    );
}

fn vote_file(env: &Env, folder: &str, id: &str) -> PathBuf {
    env.path(&format!("votes/{folder}/{id}.yaml"))
}

/// The vote file of `id` parsed (YAML read as JSON values) and the folder
/// it is in; fails unless it is in exactly one of active/ and resolved/.
fn read_vote(env: &Env, id: &str) -> (&'static str, Value) {
    let mut found = Vec::new();
    for folder in ["active", "resolved"] {
        let path = vote_file(env, folder, id);
        if path.exists() {
            let text = std::fs::read_to_string(&path).expect("read vote file");
            let yaml: serde_yaml::Value = serde_yaml::from_str(&text)
                .unwrap_or_else(|e| panic!("{}: not YAML ({e}):\n{text}", path.display()));
            found.push((folder, serde_json::to_value(yaml).expect("YAML as JSON")));
        }
    }
    assert_eq!(
        found.len(),
        1,
        "vote {id} should be in exactly one of votes/active and votes/resolved, found in {:?}",
        found.iter().map(|f| f.0).collect::<Vec<_>>()
    );
    found.pop().unwrap()
}

/// agent -> (choice, confidence) of a parsed vote.
fn ballots(vote: &Value) -> BTreeMap<String, (String, f64)> {
    vote["votes"]
        .as_object()
        .map(|m| {
            m.iter()
                .map(|(agent, b)| {
                    (
                        agent.clone(),
                        (
                            b["choice"].as_str().expect("choice").to_string(),
                            b["confidence"].as_f64().expect("confidence"),
                        ),
                    )
                })
                .collect()
        })
        .unwrap_or_default()
}

/// Names in a directory (hidden ones included), sorted.
fn names_in(dir: &std::path::Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .map(|entries| {
            entries
                .flatten()
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .collect()
        })
        .unwrap_or_default();
    names.sort();
    names
}

/// Vote files (not hidden) in votes/FOLDER.
fn vote_names(env: &Env, folder: &str) -> Vec<String> {
    names_in(&env.path(&format!("votes/{folder}")))
        .into_iter()
        .filter(|n| !n.starts_with('.'))
        .collect()
}

/// Runs `fed ARGS` within `limit`, failing on a hang, a panic or a signal.
fn run_bounded(env: &Env, agent: Option<&str>, args: &[&str], limit: Duration) -> Output {
    let child = process(env, agent, args).spawn().expect("fed starts");
    wait_bounded(child, limit, &format!("fed {args:?}"))
}

/// The lines of log.jsonl, parsed.
fn events(env: &Env) -> Vec<Value> {
    std::fs::read_to_string(env.path("log.jsonl"))
        .unwrap_or_default()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("log line {l}: {e}")))
        .collect()
}

/// `fed --json check`: exit code and document.
fn check_json(env: &Env) -> (i32, Value) {
    let out = run_bounded(env, None, &["--json", "check"], Duration::from_secs(10));
    let doc = serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("check --json is not JSON ({e}): {}", stdout(&out)));
    (code(&out), doc)
}

/// A valid active vote file written by hand (ids chosen by the test).
fn vote_yaml(id: &str, options: &[&str]) -> String {
    let mut text = format!("vote_id: {id}\nquestion: Hand-made question {id}?\noptions:\n",);
    for o in options {
        text.push_str(&format!("- {o}\n"));
    }
    text.push_str("status: active\nquorum: 2\ncreated_at: 2026-11-21T09:00:00.000Z\nvotes: {}\n");
    text
}

// ---- 1. the worked example ----

#[test]
fn the_worked_example_is_decided_app_router_two_to_one() {
    let env = Env::new();
    let id = create(
        &env,
        "claude",
        &[
            "Which router?",
            "--option",
            "app-router",
            "--option",
            "pages-router",
        ],
    );
    assert!(vote_file(&env, "active", &id).exists());
    cast_ok(&env, "claude", &id, "app-router", "0.85");
    cast_ok(&env, "copilot", &id, "pages-router", "0.70");
    cast_ok(&env, "kimi", &id, "app-router", "0.90");
    let (folder, before) = read_vote(&env, &id);
    assert_eq!(folder, "active");
    assert_eq!(before["status"], "active");
    assert_eq!(ballots(&before).len(), 3);

    let out = env.run(Some("claude"), &["vote", "resolve", &id]);
    assert_eq!(code(&out), 0, "resolve: {}", stderr(&out));
    assert!(!vote_file(&env, "active", &id).exists());
    assert!(vote_file(&env, "resolved", &id).exists());
    let (folder, vote) = read_vote(&env, &id);
    assert_eq!(folder, "resolved");
    assert_eq!(vote["vote_id"], id.as_str());
    assert_eq!(vote["question"], "Which router?");
    assert_eq!(vote["status"], "decided");
    assert_eq!(vote["result"]["decision"], "app-router");
    assert_eq!(
        vote["result"]["tally"],
        json!({"app-router": 2, "pages-router": 1})
    );
    let reason = vote["result"]["reason"].as_str().expect("reason");
    assert!(reason.contains("2 to 1"), "reason: {reason}");
    assert!(reason.contains("app-router"), "reason: {reason}");
    let b = ballots(&vote);
    assert_eq!(b["claude"], ("app-router".to_string(), 0.85));
    assert_eq!(b["copilot"], ("pages-router".to_string(), 0.70));
    assert_eq!(b["kimi"], ("app-router".to_string(), 0.90));
    // The same through --json show.
    let shown = env.json(None, &["vote", "show", &id]);
    assert_eq!(shown["status"], "decided");
    assert_eq!(shown["result"]["decision"], "app-router");
}

// ---- 2. create ----

#[test]
fn create_prints_the_id_alone_and_stores_every_field() {
    let env = Env::new();
    let out = env.run(
        Some("claude"),
        &[
            "vote",
            "create",
            "Adopt the design?",
            "--option",
            "yes",
            "--option",
            "no",
            "--option",
            "later",
            "--context",
            "docs/design.md",
            "--high-stakes",
            "--quorum",
            "3",
            "--deadline",
            "2h",
        ],
    );
    assert_eq!(code(&out), 0, "create: {}", stderr(&out));
    let printed = stdout(&out);
    let id = printed.trim_end_matches('\n');
    assert_eq!(printed, format!("{id}\n"), "stdout holds the id alone");
    assert!(!id.is_empty() && id.len() <= 64, "id {id:?}");
    assert!(
        id.chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || "._-".contains(c)),
        "id {id:?} has characters outside [a-z0-9._-]"
    );
    assert_eq!(vote_names(&env, "active"), [format!("{id}.yaml")]);
    let (_, v) = read_vote(&env, id);
    assert_eq!(v["vote_id"], id);
    assert_eq!(v["question"], "Adopt the design?");
    assert_eq!(v["options"], json!(["yes", "no", "later"]));
    assert_eq!(v["status"], "active");
    assert_eq!(v["quorum"], 3);
    assert_eq!(v["high_stakes"], true);
    assert_eq!(v["context"], "docs/design.md");
    assert_eq!(v["created_by"], "claude");
    let deadline = chrono::DateTime::parse_from_rfc3339(v["deadline"].as_str().expect("deadline"))
        .expect("deadline is RFC 3339");
    assert_eq!(
        deadline,
        chrono::DateTime::parse_from_rfc3339("2026-11-21T11:00:00Z").unwrap(),
        "--deadline 2h from FED_NOW 09:00"
    );
    assert!(ballots(&v).is_empty());

    // An RFC 3339 deadline; the defaults (quorum from config, not high
    // stakes, no context).
    let id2 = create(
        &env,
        "kimi",
        &[
            "Ship on Friday?",
            "--option",
            "yes",
            "--option",
            "no",
            "--deadline",
            "2026-11-22T12:30:00Z",
        ],
    );
    assert_ne!(id2, id);
    let (_, v2) = read_vote(&env, &id2);
    let deadline = chrono::DateTime::parse_from_rfc3339(v2["deadline"].as_str().unwrap()).unwrap();
    assert_eq!(
        deadline,
        chrono::DateTime::parse_from_rfc3339("2026-11-22T12:30:00Z").unwrap()
    );
    assert_eq!(v2["quorum"], 2, "default votes.quorum");
    assert!(v2["high_stakes"] == false || v2["high_stakes"].is_null());
    assert!(v2["context"].is_null());

    // votes.quorum from config.
    env.config("votes:\n  quorum: 4\n");
    let id3 = create(&env, "kimi", &["Q3?", "--option", "a", "--option", "b"]);
    assert_eq!(read_vote(&env, &id3).1["quorum"], 4);
    assert!(read_vote(&env, &id3).1["deadline"].is_null());
}

#[test]
fn create_refuses_bad_options_and_deadlines_and_changes_nothing() {
    let env = Env::new();
    let before = env.snapshot_files();
    // One option: bad input (exit 1) or usage (exit 2), with a message.
    let out = env.run(Some("claude"), &["vote", "create", "Q?", "--option", "a"]);
    let c = code(&out);
    assert!(c == 1 || c == 2, "one option: exit {c}: {}", stderr(&out));
    assert!(stderr(&out).contains("option"), "{}", stderr(&out));
    assert!(stdout(&out).is_empty());
    // No option at all: clap says the flag is required.
    let out = env.run(Some("claude"), &["vote", "create", "Q?"]);
    assert_eq!(code(&out), 2, "no option: {}", stderr(&out));
    // The same option twice (also after trimming).
    for (a, b) in [("a", "a"), ("yes", " yes ")] {
        let out = env.run(
            Some("claude"),
            &["vote", "create", "Q?", "--option", a, "--option", b],
        );
        assert_eq!(code(&out), 1, "duplicate {a:?} {b:?}: {}", stderr(&out));
        assert!(stderr(&out).contains(a.trim()), "{}", stderr(&out));
    }
    // An empty option or question.
    let out = env.run(
        Some("claude"),
        &["vote", "create", "Q?", "--option", "a", "--option", " "],
    );
    assert_eq!(code(&out), 1, "empty option: {}", stderr(&out));
    let out = env.run(
        Some("claude"),
        &["vote", "create", "  ", "--option", "a", "--option", "b"],
    );
    assert_eq!(code(&out), 1, "empty question: {}", stderr(&out));
    // Deadlines in the past, now, or unreadable.
    for deadline in [
        "2026-11-21T08:00:00Z",
        "2026-11-21T09:00:00Z",
        "tomorrow",
        "-2h",
        "0s",
    ] {
        let flag = format!("--deadline={deadline}");
        let out = env.run(
            Some("claude"),
            &[
                "vote", "create", "Q?", "--option", "a", "--option", "b", &flag,
            ],
        );
        assert_eq!(code(&out), 1, "deadline {deadline}: {}", stderr(&out));
        assert!(
            stderr(&out).contains("--deadline"),
            "deadline {deadline}: {}",
            stderr(&out)
        );
        assert_eq!(stderr(&out).trim().lines().count(), 1, "{}", stderr(&out));
    }
    // Quorum 0.
    let out = env.run(
        Some("claude"),
        &[
            "vote", "create", "Q?", "--option", "a", "--option", "b", "--quorum", "0",
        ],
    );
    // Out of its flag's range: a usage error, like every such value.
    assert_eq!(code(&out), 2, "quorum 0: {}", stderr(&out));
    assert_eq!(
        env.snapshot_files(),
        before,
        "a refused create changed files"
    );
    assert!(vote_names(&env, "active").is_empty());
}

// ---- 3. cast ----

#[test]
fn cast_needs_an_identity_a_real_option_and_a_confidence_in_range() {
    let env = Env::new();
    let id = create(
        &env,
        "claude",
        &["Which?", "--option", "red", "--option", "blue"],
    );
    let before = env.snapshot_files();

    let out = cast_no_agent(&env, &id);
    assert_eq!(code(&out), 1, "cast without identity: {}", stderr(&out));
    let err = stderr(&out);
    assert!(
        err.contains("--agent") && err.contains("FED_AGENT"),
        "{err}"
    );

    let out = cast(&env, "kimi", &id, "green", "0.5");
    assert_eq!(code(&out), 1, "unknown choice: {}", stderr(&out));
    let err = stderr(&out);
    assert!(
        err.contains("green") && err.contains("red") && err.contains("blue"),
        "the error should name the choice and the options: {err}"
    );

    for bad in ["1.5", "-0.1", "1.0000001", "NaN", "inf", "abc"] {
        let out = cast(&env, "kimi", &id, "red", bad);
        let c = code(&out);
        // Out of the flag's range or not a number: a usage error.
        assert!(c == 2, "confidence {bad}: exit {c}: {}", stderr(&out));
        assert!(
            stderr(&out).contains("confidence"),
            "{bad}: {}",
            stderr(&out)
        );
    }
    assert_eq!(env.snapshot_files(), before, "refused casts changed files");

    // The bounds themselves are allowed.
    cast_ok(&env, "kimi", &id, "red", "0");
    cast_ok(&env, "copilot", &id, "blue", "1");
    let b = ballots(&read_vote(&env, &id).1);
    assert_eq!(b["kimi"], ("red".to_string(), 0.0));
    assert_eq!(b["copilot"], ("blue".to_string(), 1.0));
}

fn cast_no_agent(env: &Env, id: &str) -> Output {
    env.run(
        None,
        &["vote", "cast", id, "--choice", "red", "--confidence", "0.5"],
    )
}

#[test]
fn a_recast_replaces_the_ballot_and_a_finished_vote_refuses_casts_with_exit_5() {
    let env = Env::new();
    let id = create(
        &env,
        "claude",
        &["Which?", "--option", "red", "--option", "blue"],
    );
    cast_ok(&env, "kimi", &id, "red", "0.4");
    let out = env.run(
        Some("kimi"),
        &[
            "vote",
            "cast",
            &id,
            "--choice",
            "blue",
            "--confidence",
            "0.9",
            "--reasoning",
            "changed my mind",
        ],
    );
    assert_eq!(code(&out), 0, "recast: {}", stderr(&out));
    // Names are lower-cased: KIMI is kimi.
    let out = env.run(
        None,
        &[
            "--agent",
            "KIMI",
            "vote",
            "cast",
            &id,
            "--choice",
            "blue",
            "--confidence",
            "0.95",
            "--reasoning",
            "even surer",
        ],
    );
    assert_eq!(code(&out), 0, "recast as KIMI: {}", stderr(&out));
    let (_, v) = read_vote(&env, &id);
    let b = ballots(&v);
    assert_eq!(b.len(), 1, "one ballot per agent: {:?}", v["votes"]);
    assert_eq!(b["kimi"], ("blue".to_string(), 0.95));
    assert_eq!(v["votes"]["kimi"]["reasoning"], "even surer");

    cast_ok(&env, "copilot", &id, "blue", "0.8");
    let out = env.run(Some("claude"), &["vote", "resolve", &id]);
    assert_eq!(code(&out), 0, "resolve: {}", stderr(&out));
    assert_eq!(read_vote(&env, &id).1["status"], "decided");

    let before = env.snapshot_files();
    // A new voter and a recast by an old one: both exit 5, nothing changes.
    for (agent, choice) in [("gemini", "red"), ("kimi", "red")] {
        let out = cast(&env, agent, &id, choice, "0.9");
        assert_eq!(
            code(&out),
            5,
            "cast by {agent} on a finished vote: {}",
            stderr(&out)
        );
        assert_eq!(stderr(&out).trim().lines().count(), 1, "{}", stderr(&out));
    }
    assert_eq!(
        env.snapshot_files(),
        before,
        "a cast on a finished vote changed files"
    );
    assert!(
        names_in(&env.path(".txn"))
            .iter()
            .all(|n| !n.ends_with(".yaml"))
    );
}

#[test]
fn cast_on_unknown_ids_fails_and_unique_suffixes_work() {
    let env = Env::new();
    let id = create(
        &env,
        "claude",
        &["Which?", "--option", "red", "--option", "blue"],
    );
    let before = env.snapshot_files();
    let long = "x".repeat(65);
    for bad in ["nosuchvote", "../../config", "a/b", "", long.as_str()] {
        let out = cast(&env, "kimi", bad, "red", "0.5");
        assert_eq!(code(&out), 1, "cast on {bad:?}: {}", stderr(&out));
        assert_eq!(stderr(&out).trim().lines().count(), 1, "{}", stderr(&out));
    }
    assert_eq!(env.snapshot_files(), before);

    // The last 6 characters (the random part) identify the vote.
    let suffix = &id[id.len() - 6..];
    cast_ok(&env, "kimi", &id[id.len() - 6..], "red", "0.8");
    cast_ok(
        &env,
        "copilot",
        suffix.to_uppercase().as_str(),
        "red",
        "0.8",
    );
    assert_eq!(ballots(&read_vote(&env, &id).1).len(), 2);
    let shown = env.json(None, &["vote", "show", suffix]);
    assert_eq!(shown["vote_id"], id.as_str());
    let out = env.run(Some("claude"), &["vote", "resolve", suffix]);
    assert_eq!(code(&out), 0, "resolve by suffix: {}", stderr(&out));

    // An ambiguous suffix is refused, naming the candidates.
    for hand in ["20261121-090000-aaaxyz", "20261121-090000-bbbxyz"] {
        std::fs::write(
            vote_file(&env, "active", hand),
            vote_yaml(hand, &["a", "b"]),
        )
        .unwrap();
    }
    let before = env.snapshot_files();
    let out = cast(&env, "kimi", "xyz", "a", "0.5");
    assert_eq!(code(&out), 1, "ambiguous suffix: {}", stderr(&out));
    assert!(
        stderr(&out).contains("aaaxyz") && stderr(&out).contains("bbbxyz"),
        "{}",
        stderr(&out)
    );
    assert_eq!(env.snapshot_files(), before);
    cast_ok(&env, "kimi", "aaxyz", "a", "0.5");
    assert_eq!(
        ballots(&read_vote(&env, "20261121-090000-aaaxyz").1).len(),
        1
    );
}

// ---- 4. many casters at once ----

/// Spawns one `vote cast` per (agent, choice, confidence) at once and
/// returns each agent's output.
fn cast_all_at_once(
    env: &Env,
    id: &str,
    casters: &[(String, String, String)],
) -> BTreeMap<String, Output> {
    let children: Vec<(String, Child)> = casters
        .iter()
        .map(|(agent, choice, conf)| {
            let child = process(
                env,
                Some(agent),
                &["vote", "cast", id, "--choice", choice, "--confidence", conf],
            )
            .spawn()
            .expect("fed starts");
            (agent.clone(), child)
        })
        .collect();
    children
        .into_iter()
        .map(|(agent, child)| {
            let out = wait_bounded(child, Duration::from_secs(30), &format!("cast by {agent}"));
            (agent, out)
        })
        .collect()
}

#[test]
fn sixteen_agents_casting_at_once_lose_no_ballot() {
    let env = Env::new();
    let options = ["alpha", "beta", "gamma"];
    let rounds = 5;
    let mut failures = Vec::new();
    for round in 0..rounds {
        let id = create(
            &env,
            "claude",
            &[
                &format!("Round {round}?"),
                "--option",
                options[0],
                "--option",
                options[1],
                "--option",
                options[2],
            ],
        );
        let casters: Vec<(String, String, String)> = (0..16)
            .map(|i| {
                (
                    format!("agent-{round}-{i:02}"),
                    options[(i + round) % 3].to_string(),
                    format!("{:.2}", 0.05 * (i as f64 + 1.0)),
                )
            })
            .collect();
        let outs = cast_all_at_once(&env, &id, &casters);
        for (agent, out) in &outs {
            if code(out) != 0 {
                failures.push(format!(
                    "round {round}: cast by {agent} exited {}: {}",
                    code(out),
                    stderr(out).trim()
                ));
            }
        }
        let (folder, v) = read_vote(&env, &id);
        assert_eq!(folder, "active");
        let b = ballots(&v);
        let expected: BTreeMap<String, (String, f64)> = casters
            .iter()
            .filter(|(agent, _, _)| code(&outs[agent]) == 0)
            .map(|(a, c, f)| (a.clone(), (c.clone(), f.parse().unwrap())))
            .collect();
        assert_eq!(
            b, expected,
            "round {round}: the ballots in the file differ from the acknowledged casts"
        );
        assert!(
            names_in(&env.path(".txn"))
                .iter()
                .all(|n| !n.ends_with(".yaml")),
            "round {round}: a vote is left in .txn/: {:?}",
            names_in(&env.path(".txn"))
        );
    }
    assert!(
        failures.is_empty(),
        "every cast of a race should succeed (SPEC: no ballot is lost when many agents cast at once):\n  {}",
        failures.join("\n  ")
    );
    for round_vote in vote_names(&env, "active") {
        let id = round_vote.trim_end_matches(".yaml");
        assert_eq!(ballots(&read_vote(&env, id).1).len(), 16);
    }
    let (c, doc) = check_json(&env);
    assert_eq!(c, 0, "fed check after the race: {doc}");
    assert!(
        names_in(&env.path(".txn")).is_empty(),
        ".txn/ should be empty: {:?}",
        names_in(&env.path(".txn"))
    );
}

#[test]
fn casts_racing_resolves_either_land_before_the_result_or_get_exit_5() {
    let env = Env::new();
    for round in 0..3 {
        let id = create(
            &env,
            "claude",
            &[&format!("Race {round}?"), "--option", "a", "--option", "b"],
        );
        cast_ok(&env, "seed-1", &id, "a", "0.9");
        cast_ok(&env, "seed-2", &id, "a", "0.9");
        let mut children = Vec::new();
        for i in 0..10 {
            let agent = format!("caster-{i}");
            let choice = if i % 3 == 0 { "b" } else { "a" };
            let child = process(
                &env,
                Some(&agent),
                &[
                    "vote",
                    "cast",
                    &id,
                    "--choice",
                    choice,
                    "--confidence",
                    "0.8",
                ],
            )
            .spawn()
            .unwrap();
            children.push((agent, Some(choice), child));
            if i % 4 == 1 {
                let agent = format!("resolver-{i}");
                let child = process(&env, Some(&agent), &["vote", "resolve", &id])
                    .spawn()
                    .unwrap();
                children.push((agent, None, child));
            }
        }
        let mut acked = BTreeMap::new();
        let mut refused = BTreeSet::new();
        let mut resolved_ok = 0;
        for (agent, choice, child) in children {
            let out = wait_bounded(child, Duration::from_secs(30), &agent);
            match (choice, code(&out)) {
                (Some(choice), 0) => {
                    acked.insert(agent, choice.to_string());
                }
                (Some(_), 5) => {
                    refused.insert(agent);
                }
                (None, 0) => resolved_ok += 1,
                (None, 5) => {}
                (who, c) => panic!(
                    "round {round}: {agent} ({}) exited {c}: {}",
                    if who.is_some() { "cast" } else { "resolve" },
                    stderr(&out)
                ),
            }
        }
        let (folder, v) = read_vote(&env, &id);
        assert!(resolved_ok >= 1, "round {round}: no resolve succeeded");
        assert_eq!(
            resolved_ok, 1,
            "round {round}: a vote was resolved more than once"
        );
        assert_eq!(folder, "resolved");
        assert_ne!(v["status"], "active");
        let b = ballots(&v);
        for (agent, choice) in &acked {
            assert_eq!(
                b.get(agent).map(|x| x.0.as_str()),
                Some(choice.as_str()),
                "round {round}: the acknowledged ballot of {agent} is lost"
            );
        }
        for agent in &refused {
            assert!(
                !b.contains_key(agent),
                "round {round}: {agent} got exit 5 but its ballot is in the file"
            );
        }
        // The tally counts exactly the ballots in the file: none landed after.
        let tally = &v["result"]["tally"];
        let total: u64 = tally
            .as_object()
            .unwrap()
            .values()
            .map(|n| n.as_u64().unwrap())
            .sum();
        assert_eq!(
            total as usize,
            b.len(),
            "round {round}: tally {tally} vs ballots {b:?}"
        );
    }
    assert_eq!(check_json(&env).0, 0);
}

// ---- 5. killed casters ----

#[test]
fn casters_killed_at_random_moments_lose_no_acknowledged_ballot() {
    let env = Env::new();
    let mut rng = Rng::from_env("casters_killed_at_random_moments_lose_no_acknowledged_ballot");
    // Two votes raced at once, so that a stalled round costs its wait once.
    let ids: Vec<String> = (0..2)
        .map(|v| {
            create(
                &env,
                "claude",
                &[
                    &format!("Killed {v}?"),
                    "--option",
                    "a",
                    "--option",
                    "b",
                    "--option",
                    "c",
                ],
            )
        })
        .collect();
    struct Caster {
        vote: usize,
        agent: String,
        choice: &'static str,
        kill_after: Option<Duration>,
        child: Child,
    }
    let start = Instant::now();
    let mut casters = Vec::new();
    for (v, id) in ids.iter().enumerate() {
        for i in 0..12 {
            let agent = format!("k{v}-{i:02}");
            let choice = ["a", "b", "c"][i % 3];
            let kill_after = (i % 2 == 1).then(|| Duration::from_millis(rng.below(21)));
            let child = process(
                &env,
                Some(&agent),
                &[
                    "vote",
                    "cast",
                    id,
                    "--choice",
                    choice,
                    "--confidence",
                    "0.75",
                ],
            )
            .spawn()
            .expect("fed starts");
            casters.push(Caster {
                vote: v,
                agent,
                choice,
                kill_after,
                child,
            });
        }
    }
    // SIGKILL the chosen ones at their moments.
    let mut schedule: Vec<(Duration, usize)> = casters
        .iter()
        .enumerate()
        .filter_map(|(n, c)| c.kill_after.map(|d| (d, n)))
        .collect();
    schedule.sort();
    for (at, n) in schedule {
        if let Some(wait) = at.checked_sub(start.elapsed()) {
            std::thread::sleep(wait);
        }
        let _ = casters[n].child.kill();
    }
    let mut acked: Vec<BTreeMap<String, &str>> = vec![BTreeMap::new(); 2];
    let mut maybe: Vec<BTreeSet<String>> = vec![BTreeSet::new(); 2];
    let mut refused: Vec<BTreeSet<String>> = vec![BTreeSet::new(); 2];
    let mut unexpected = Vec::new();
    let mut killed = 0;
    for c in casters {
        let Caster {
            vote,
            agent,
            choice,
            kill_after,
            child,
        } = c;
        let out = wait_killable(child, &agent);
        match (out.status.signal(), code(&out)) {
            (Some(_), _) if kill_after.is_some() => {
                killed += 1;
                maybe[vote].insert(agent);
            }
            (None, 0) => {
                acked[vote].insert(agent, choice);
            }
            (None, 5) => {
                refused[vote].insert(agent);
            }
            (_, c) => unexpected.push(format!(
                "{agent} ({}) exited {c} / signal {:?}: {}",
                if kill_after.is_some() {
                    "killable"
                } else {
                    "live"
                },
                out.status.signal(),
                stderr(&out).trim()
            )),
        }
    }
    eprintln!(
        "{killed} casters killed in {:?}; {} refused (exit 5); before recovery .txn/ holds {:?}",
        start.elapsed(),
        refused.iter().map(|r| r.len()).sum::<usize>(),
        names_in(&env.path(".txn"))
    );

    // A new cast runs recovery and lands.
    for id in &ids {
        let out = run_bounded(
            &env,
            Some("late"),
            &["vote", "cast", id, "--choice", "a", "--confidence", "0.5"],
            Duration::from_secs(30),
        );
        assert_eq!(code(&out), 0, "a cast after the kills: {}", stderr(&out));
    }
    // And a state-changing queue command recovers whatever is left.
    let reap = run_bounded(&env, None, &["queue", "reap"], Duration::from_secs(30));
    assert_eq!(code(&reap), 0, "queue reap: {}", stderr(&reap));
    assert!(
        names_in(&env.path(".txn")).is_empty(),
        ".txn/ holds leftovers after recovery: {:?}",
        names_in(&env.path(".txn"))
    );
    assert!(
        names_in(&env.path(".tmp")).is_empty(),
        ".tmp/ holds leftovers after recovery: {:?}",
        names_in(&env.path(".tmp"))
    );
    for (v, id) in ids.iter().enumerate() {
        let (folder, vote) = read_vote(&env, id);
        assert_eq!(folder, "active");
        let shown = run_bounded(
            &env,
            None,
            &["--json", "vote", "show", id],
            Duration::from_secs(10),
        );
        assert_eq!(code(&shown), 0, "vote show: {}", stderr(&shown));
        let b = ballots(&vote);
        for (agent, choice) in &acked[v] {
            assert_eq!(
                b.get(agent).map(|x| x.0.as_str()),
                Some(*choice),
                "the ballot of {agent} (exit 0) is lost: {b:?}"
            );
        }
        for agent in b.keys() {
            assert!(
                acked[v].contains_key(agent) || maybe[v].contains(agent) || agent == "late",
                "vote {id} holds a ballot of {agent}, which was refused or never cast"
            );
        }
        assert_eq!(b["late"].0, "a");
    }
    let (c, doc) = check_json(&env);
    assert_eq!(c, 0, "fed check after the kills: {doc}");
    assert!(
        unexpected.is_empty(),
        "exit codes the contract does not allow (SPEC: a lost race is exit 5):\n  {}",
        unexpected.join("\n  ")
    );
}

/// Waits (bounded) for a caster that may have been killed.
fn wait_killable(mut child: Child, what: &str) -> Output {
    let start = Instant::now();
    loop {
        if child.try_wait().expect("wait").is_some() {
            break;
        }
        if start.elapsed() > Duration::from_secs(30) {
            let _ = child.kill();
            let _ = child.wait();
            panic!("{what} hung");
        }
        std::thread::sleep(Duration::from_millis(1));
    }
    let out = child.wait_with_output().expect("output");
    assert!(
        !stderr(&out).contains("panicked"),
        "{what}: {}",
        stderr(&out)
    );
    out
}

#[test]
fn a_caster_waiting_on_a_holder_that_dies_recovers_the_vote_instead_of_stalling() {
    let env = Env::new();
    let id = create(
        &env,
        "claude",
        &["Holder?", "--option", "a", "--option", "b"],
    );
    cast_ok(&env, "kimi", &id, "a", "0.9");
    // A live holder (this test holds its lock) has the vote in .txn/.
    let owner = "holder0001";
    let lock = std::fs::File::create(env.path(&format!(".txn/{owner}.lock"))).unwrap();
    lock.try_lock().expect("lock the holder's lock file");
    let taken = env.path(&format!(".txn/{id}@{owner}.yaml"));
    std::fs::rename(vote_file(&env, "active", &id), &taken).unwrap();
    let child = process(
        &env,
        Some("copilot"),
        &["vote", "cast", &id, "--choice", "b", "--confidence", "0.8"],
    )
    .spawn()
    .unwrap();
    std::thread::sleep(Duration::from_millis(500));
    assert!(
        taken.exists(),
        "the vote of a live holder was taken from under it"
    );
    // The holder dies (its lock is released, its files stay).
    let died = Instant::now();
    drop(lock);
    let out = wait_bounded(child, Duration::from_secs(30), "cast behind a dying holder");
    let waited = died.elapsed();
    assert_eq!(
        code(&out),
        0,
        "the holder died {waited:?} before the cast gave up: {}",
        stderr(&out)
    );
    assert!(
        waited < Duration::from_secs(3),
        "the cast kept waiting {waited:?} for a holder that was dead"
    );
    let b = ballots(&read_vote(&env, &id).1);
    assert_eq!(b.len(), 2, "{b:?}");
    assert_eq!(b["copilot"].0, "b");
}

#[test]
fn a_vote_left_in_txn_by_a_dead_caster_is_put_back_by_the_next_cast() {
    let env = Env::new();
    let id = create(
        &env,
        "claude",
        &["Orphan?", "--option", "a", "--option", "b"],
    );
    cast_ok(&env, "kimi", &id, "a", "0.9");
    // A killed caster: the vote taken into .txn/ (no live lock: its owner
    // is dead).
    std::fs::rename(
        vote_file(&env, "active", &id),
        env.path(&format!(".txn/{id}@deadowner1.yaml")),
    )
    .unwrap();
    let listed = env.json(None, &["vote", "list"]);
    assert!(listed.is_array());
    let start = Instant::now();
    let out = run_bounded(
        &env,
        Some("copilot"),
        &["vote", "cast", &id, "--choice", "b", "--confidence", "0.8"],
        Duration::from_secs(30),
    );
    assert_eq!(code(&out), 0, "cast after a dead caster: {}", stderr(&out));
    assert!(
        start.elapsed() < Duration::from_secs(5),
        "the cast waited {:?} for a dead holder",
        start.elapsed()
    );
    assert!(
        names_in(&env.path(".txn")).is_empty(),
        "{:?}",
        names_in(&env.path(".txn"))
    );
    let b = ballots(&read_vote(&env, &id).1);
    assert_eq!(b.len(), 2);
    assert_eq!(b["kimi"].0, "a");
    assert_eq!(b["copilot"].0, "b");
    assert!(
        events(&env)
            .iter()
            .any(|e| e["event"] == "recovered" && e["vote_id"] == id.as_str()),
        "recovery is logged"
    );
    assert_eq!(check_json(&env).0, 0);
}

// ---- 6. resolve rules ----

#[test]
fn resolve_waits_below_quorum_then_escalates_after_the_deadline() {
    let mut env = Env::new();
    env.config("overseers: [reuben]\n");
    let id = create(
        &env,
        "claude",
        &[
            "Slow?",
            "--option",
            "a",
            "--option",
            "b",
            "--deadline",
            "1h",
            "--quorum",
            "3",
        ],
    );
    cast_ok(&env, "kimi", &id, "a", "0.9");
    cast_ok(&env, "copilot", &id, "a", "0.9");
    let before = env.snapshot_files();
    let out = env.run(Some("claude"), &["vote", "resolve", &id]);
    assert_eq!(
        code(&out),
        3,
        "below quorum before the deadline: {}",
        stderr(&out)
    );
    assert!(stderr(&out).contains("2 of 3"), "{}", stderr(&out));
    assert_eq!(
        env.snapshot_files(),
        before,
        "a waiting resolve changed files"
    );
    // Without a deadline it waits for ever.
    let open = create(&env, "claude", &["Open?", "--option", "a", "--option", "b"]);
    cast_ok(&env, "kimi", &open, "a", "0.9");
    let out = env.run(Some("claude"), &["vote", "resolve", &open]);
    assert_eq!(code(&out), 3, "{}", stderr(&out));

    env.now = "2026-11-21T10:00:01Z".to_string();
    let out = env.run(Some("claude"), &["vote", "resolve", &id]);
    assert_eq!(code(&out), 0, "after the deadline: {}", stderr(&out));
    let (folder, v) = read_vote(&env, &id);
    assert_eq!(folder, "resolved");
    assert_eq!(v["status"], "escalated");
    let reason = v["result"]["reason"].as_str().unwrap();
    assert!(reason.contains("no quorum"), "{reason}");
    assert!(v["result"]["decision"].is_null(), "{}", v["result"]);
    assert_eq!(v["escalated_to"], json!(["reuben"]));
    assert_eq!(v["result"]["tally"], json!({"a": 2, "b": 0}));
}

#[test]
fn ties_low_confidence_no_majority_and_high_stakes_escalate() {
    let env = Env::new();
    env.config("overseers: [reuben, ada]\nvotes:\n  min_confidence: 0.9\n");
    let resolve = |id: &str| {
        let out = env.run(Some("claude"), &["vote", "resolve", id]);
        assert_eq!(code(&out), 0, "resolve {id}: {}", stderr(&out));
        let (folder, v) = read_vote(&env, id);
        assert_eq!(folder, "resolved");
        v
    };

    let tie = create(&env, "claude", &["Tie?", "--option", "a", "--option", "b"]);
    cast_ok(&env, "kimi", &tie, "a", "0.95");
    cast_ok(&env, "copilot", &tie, "b", "0.95");
    let v = resolve(&tie);
    assert_eq!(v["status"], "escalated");
    assert!(
        v["result"]["reason"].as_str().unwrap().contains("tie"),
        "{}",
        v["result"]
    );
    assert!(v["result"]["decision"].is_null());
    assert_eq!(v["escalated_to"], json!(["reuben", "ada"]));

    let low = create(&env, "claude", &["Low?", "--option", "a", "--option", "b"]);
    cast_ok(&env, "kimi", &low, "a", "0.85");
    cast_ok(&env, "copilot", &low, "a", "0.80");
    cast_ok(&env, "gemini", &low, "b", "1.0");
    let v = resolve(&low);
    assert_eq!(v["status"], "escalated");
    let reason = v["result"]["reason"].as_str().unwrap();
    assert!(reason.contains("low confidence"), "{reason}");
    assert_eq!(v["result"]["recommendation"], "a");
    assert!(v["result"]["decision"].is_null());

    // Exactly at votes.min_confidence is enough.
    let edge = create(&env, "claude", &["Edge?", "--option", "a", "--option", "b"]);
    cast_ok(&env, "kimi", &edge, "a", "0.85");
    cast_ok(&env, "copilot", &edge, "a", "0.95");
    let v = resolve(&edge);
    assert_eq!(v["status"], "decided", "{}", v["result"]);
    assert_eq!(v["result"]["decision"], "a");

    let plural = create(
        &env,
        "claude",
        &["Plural?", "--option", "a", "--option", "b", "--option", "c"],
    );
    cast_ok(&env, "kimi", &plural, "a", "0.95");
    cast_ok(&env, "copilot", &plural, "a", "0.95");
    cast_ok(&env, "gemini", &plural, "b", "0.95");
    cast_ok(&env, "grok", &plural, "c", "0.95");
    let v = resolve(&plural);
    assert_eq!(v["status"], "escalated");
    assert!(
        v["result"]["reason"]
            .as_str()
            .unwrap()
            .contains("no majority"),
        "{}",
        v["result"]
    );
    assert_eq!(v["result"]["recommendation"], "a");

    let high = create(
        &env,
        "claude",
        &[
            "Risky?",
            "--option",
            "ship",
            "--option",
            "wait",
            "--high-stakes",
        ],
    );
    cast_ok(&env, "kimi", &high, "ship", "0.99");
    cast_ok(&env, "copilot", &high, "ship", "0.97");
    cast_ok(&env, "gemini", &high, "ship", "0.95");
    let v = resolve(&high);
    assert_eq!(v["status"], "escalated");
    assert!(
        v["result"]["reason"]
            .as_str()
            .unwrap()
            .contains("high stakes"),
        "{}",
        v["result"]
    );
    assert_eq!(v["result"]["recommendation"], "ship");
    assert!(v["result"]["decision"].is_null());
    assert_eq!(v["result"]["tally"], json!({"ship": 3, "wait": 0}));
    assert_eq!(v["escalated_to"], json!(["reuben", "ada"]));

    // Resolving a finished vote: exit 5, nothing changes.
    let before = env.snapshot_files();
    for id in [&tie, &edge, &high] {
        let out = env.run(Some("claude"), &["vote", "resolve", id]);
        assert_eq!(code(&out), 5, "resolve of finished {id}: {}", stderr(&out));
    }
    assert_eq!(env.snapshot_files(), before);
    // An unknown vote: exit 1.
    let out = env.run(Some("claude"), &["vote", "resolve", "nosuchvote"]);
    assert_eq!(code(&out), 1, "{}", stderr(&out));
}

// ---- 7. resolve --due ----

/// Four votes: due and decidable, due below quorum, not due, no deadline.
fn due_votes(env: &Env) -> [String; 4] {
    let mk = |q: &str, deadline: Option<&str>| {
        let mut args = vec![q, "--option", "a", "--option", "b"];
        if let Some(d) = deadline {
            args.extend(["--deadline", d]);
        }
        create(env, "claude", &args)
    };
    let decidable = mk("Due and decidable?", Some("1h"));
    cast_ok(env, "kimi", &decidable, "a", "0.9");
    cast_ok(env, "copilot", &decidable, "a", "0.8");
    let thin = mk("Due below quorum?", Some("1h"));
    cast_ok(env, "kimi", &thin, "a", "0.9");
    let later = mk("Not due yet?", Some("3h"));
    cast_ok(env, "kimi", &later, "a", "0.9");
    cast_ok(env, "copilot", &later, "a", "0.9");
    let open = mk("No deadline?", None);
    cast_ok(env, "kimi", &open, "a", "0.9");
    cast_ok(env, "copilot", &open, "a", "0.9");
    [decidable, thin, later, open]
}

#[test]
fn resolve_due_settles_only_votes_past_their_deadline() {
    let mut env = Env::new();
    env.config("overseers: [reuben]\n");
    let [decidable, thin, later, open] = due_votes(&env);
    // Nothing is due yet.
    let before = env.snapshot_files();
    let out = env.run(Some("claude"), &["vote", "resolve", "--due"]);
    assert!(matches!(code(&out), 0 | 3), "{}", stderr(&out));
    assert_eq!(env.snapshot_files(), before);

    env.now = "2026-11-21T10:30:00Z".to_string();
    let untouched: Vec<_> = [&later, &open]
        .iter()
        .map(|id| std::fs::read(vote_file(&env, "active", id)).unwrap())
        .collect();
    let out = env.run(Some("claude"), &["--json", "vote", "resolve", "--due"]);
    assert_eq!(code(&out), 0, "resolve --due: {}", stderr(&out));
    let answered: Value = serde_json::from_slice(&out.stdout).expect("JSON array");
    let mut answered_ids: Vec<&str> = answered
        .as_array()
        .expect("array")
        .iter()
        .map(|v| v["vote_id"].as_str().unwrap())
        .collect();
    answered_ids.sort();
    let mut expected = vec![decidable.as_str(), thin.as_str()];
    expected.sort();
    assert_eq!(answered_ids, expected);

    let (folder, v) = read_vote(&env, &decidable);
    assert_eq!(folder, "resolved");
    assert_eq!(v["status"], "decided");
    assert_eq!(v["result"]["decision"], "a");
    let (folder, v) = read_vote(&env, &thin);
    assert_eq!(folder, "resolved");
    assert_eq!(v["status"], "escalated");
    assert!(
        v["result"]["reason"]
            .as_str()
            .unwrap()
            .contains("no quorum")
    );
    assert_eq!(v["escalated_to"], json!(["reuben"]));
    for (id, bytes) in [&later, &open].iter().zip(&untouched) {
        assert_eq!(
            &std::fs::read(vote_file(&env, "active", id)).unwrap(),
            bytes,
            "vote {id} is not due and must be untouched"
        );
    }
}

#[test]
fn while_paused_resolve_due_escalates_instead_of_deciding() {
    for overseers in ["overseers: [reuben]\n", ""] {
        let mut env = Env::new();
        if !overseers.is_empty() {
            env.config(overseers);
        }
        let [decidable, thin, later, _open] = due_votes(&env);
        if !overseers.is_empty() {
            let out = env.run(Some("kimi"), &["pause"]);
            assert_eq!(code(&out), 1, "kimi is no overseer: {}", stderr(&out));
        }
        let out = env.run(Some("reuben"), &["pause", "--reason", "audit"]);
        assert_eq!(code(&out), 0, "pause: {}", stderr(&out));
        env.now = "2026-11-21T10:30:00Z".to_string();
        let out = env.run(Some("claude"), &["vote", "resolve", "--due"]);
        assert_eq!(
            code(&out),
            0,
            "resolve --due while paused: {}",
            stderr(&out)
        );
        let (folder, v) = read_vote(&env, &decidable);
        assert_eq!(folder, "resolved");
        assert_eq!(
            v["status"], "escalated",
            "config {overseers:?}: {}",
            v["result"]
        );
        let reason = v["result"]["reason"].as_str().unwrap();
        assert!(reason.contains("paused"), "{reason}");
        assert!(v["result"]["decision"].is_null());
        assert_eq!(v["result"]["recommendation"], "a");
        if !overseers.is_empty() {
            assert_eq!(v["escalated_to"], json!(["reuben"]));
        }
        let (_, v) = read_vote(&env, &thin);
        assert_eq!(v["status"], "escalated");
        assert!(
            v["result"]["reason"]
                .as_str()
                .unwrap()
                .contains("no quorum")
        );
        assert_eq!(read_vote(&env, &later).0, "active");
        // Casting still works while paused.
        cast_ok(&env, "gemini", &later, "b", "0.5");
    }
}

// ---- 8. override ----

#[test]
fn only_overseers_override_before_or_after_resolution() {
    let env = Env::new();
    env.config("overseers: [reuben]\n");
    let active = create(
        &env,
        "claude",
        &["Router?", "--option", "app", "--option", "pages"],
    );
    cast_ok(&env, "kimi", &active, "app", "0.9");
    let before = env.snapshot_files();
    let out = env.run(
        Some("kimi"),
        &["vote", "override", &active, "--choice", "pages"],
    );
    assert_eq!(code(&out), 1, "kimi overriding: {}", stderr(&out));
    assert!(stderr(&out).contains("overseer"), "{}", stderr(&out));
    let out = env.run(None, &["vote", "override", &active, "--choice", "pages"]);
    assert_eq!(code(&out), 1, "anonymous override: {}", stderr(&out));
    let out = env.run(
        Some("reuben"),
        &["vote", "override", &active, "--choice", "hybrid"],
    );
    assert_eq!(code(&out), 1, "not an option: {}", stderr(&out));
    assert!(stderr(&out).contains("hybrid"), "{}", stderr(&out));
    assert_eq!(
        env.snapshot_files(),
        before,
        "refused overrides changed files"
    );

    // Before resolution.
    let out = env.run(
        Some("reuben"),
        &[
            "vote",
            "override",
            &active,
            "--choice",
            "pages",
            "--reason",
            "the migration is too risky now",
        ],
    );
    assert_eq!(code(&out), 0, "override: {}", stderr(&out));
    let (folder, v) = read_vote(&env, &active);
    assert_eq!(folder, "resolved");
    assert_eq!(v["status"], "overridden");
    assert_eq!(v["result"]["decision"], "pages");
    let reason = v["result"]["reason"].as_str().unwrap();
    assert!(
        reason.contains("the migration is too risky now"),
        "{reason}"
    );
    assert_eq!(v["result"]["by"], "reuben");
    assert_eq!(ballots(&v).len(), 1, "the ballots stay");

    // After a decision.
    let decided = create(
        &env,
        "claude",
        &["Db?", "--option", "pg", "--option", "sqlite"],
    );
    cast_ok(&env, "kimi", &decided, "pg", "0.9");
    cast_ok(&env, "copilot", &decided, "pg", "0.9");
    let out = env.run(Some("claude"), &["vote", "resolve", &decided]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert_eq!(read_vote(&env, &decided).1["status"], "decided");
    let out = env.run(
        Some("reuben"),
        &[
            "vote",
            "override",
            &decided,
            "--choice",
            "sqlite",
            "--reason",
            "keep it small",
        ],
    );
    assert_eq!(code(&out), 0, "override after decision: {}", stderr(&out));
    let (folder, v) = read_vote(&env, &decided);
    assert_eq!(folder, "resolved");
    assert_eq!(v["status"], "overridden");
    assert_eq!(v["result"]["decision"], "sqlite");
    assert!(
        v["result"]["reason"]
            .as_str()
            .unwrap()
            .contains("keep it small")
    );
    assert_eq!(v["result"]["tally"], json!({"pg": 2, "sqlite": 0}));

    // An escalated vote, the usual case.
    let esc = create(
        &env,
        "claude",
        &["Big?", "--option", "yes", "--option", "no", "--high-stakes"],
    );
    cast_ok(&env, "kimi", &esc, "yes", "0.9");
    cast_ok(&env, "copilot", &esc, "yes", "0.9");
    assert_eq!(
        code(&env.run(Some("claude"), &["vote", "resolve", &esc])),
        0
    );
    assert_eq!(read_vote(&env, &esc).1["status"], "escalated");
    let out = env.run(
        Some("reuben"),
        &["vote", "override", &esc, "--choice", "no"],
    );
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let (_, v) = read_vote(&env, &esc);
    assert_eq!(v["status"], "overridden");
    assert_eq!(v["result"]["decision"], "no");
    assert_eq!(
        v["result"]["recommendation"], "yes",
        "the ballots' view stays on record"
    );
    assert!(
        v["escalated_to"].is_null() || v["escalated_to"] == json!([]),
        "an overridden vote waits for nobody: {}",
        v["escalated_to"]
    );
    // A cast on an overridden vote: exit 5.
    assert_eq!(code(&cast(&env, "gemini", &esc, "yes", "0.9")), 5);
}

// ---- 9. list and show ----

#[test]
fn list_and_show_give_tables_and_spec_json() {
    let env = Env::new();
    env.config("overseers: [reuben]\n");
    let active = create(
        &env,
        "claude",
        &["Still open?", "--option", "a", "--option", "b"],
    );
    let out = env.run(
        Some("kimi"),
        &[
            "vote",
            "cast",
            &active,
            "--choice",
            "a",
            "--confidence",
            "0.9",
            "--reasoning",
            "fits the data loading",
        ],
    );
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let decided = create(
        &env,
        "claude",
        &["Decided one?", "--option", "a", "--option", "b"],
    );
    cast_ok(&env, "kimi", &decided, "b", "0.9");
    cast_ok(&env, "copilot", &decided, "b", "0.9");
    assert_eq!(
        code(&env.run(Some("claude"), &["vote", "resolve", &decided])),
        0
    );
    let escalated = create(
        &env,
        "claude",
        &["Tied one?", "--option", "a", "--option", "b"],
    );
    cast_ok(&env, "kimi", &escalated, "a", "0.9");
    cast_ok(&env, "copilot", &escalated, "b", "0.9");
    assert_eq!(
        code(&env.run(Some("claude"), &["vote", "resolve", &escalated])),
        0
    );

    let table = |args: &[&str]| {
        let mut all = vec!["--full-ids", "vote", "list"];
        all.extend_from_slice(args);
        let out = env.run(None, &all);
        assert_eq!(code(&out), 0, "vote list {args:?}: {}", stderr(&out));
        stdout(&out)
    };
    let default = table(&[]);
    assert!(
        default.contains("ID") && default.contains("STATUS"),
        "{default}"
    );
    assert!(
        default.contains(&active) && default.contains("Still open?"),
        "{default}"
    );
    assert!(
        !default.contains(&decided) && !default.contains(&escalated),
        "{default}"
    );
    let all = table(&["--state", "all"]);
    for id in [&active, &decided, &escalated] {
        assert!(all.contains(id.as_str()), "--state all: {all}");
    }
    let resolved = table(&["--state", "resolved"]);
    assert!(resolved.contains(&decided) && resolved.contains(&escalated));
    assert!(!resolved.contains(&active));
    let only = table(&["--state", "decided"]);
    assert!(only.contains(&decided) && !only.contains(&escalated) && !only.contains(&active));
    let out = env.run(None, &["vote", "list", "--state", "bogus"]);
    assert_eq!(code(&out), 2, "{}", stderr(&out));

    let ids_of = |args: &[&str]| -> Vec<String> {
        let mut all = vec!["vote", "list"];
        all.extend_from_slice(args);
        let doc = env.json(None, &all);
        doc.as_array()
            .unwrap_or_else(|| panic!("vote list --json {args:?} is not an array: {doc}"))
            .iter()
            .map(|v| v["vote_id"].as_str().unwrap().to_string())
            .collect::<Vec<_>>()
    };
    assert_eq!(ids_of(&[]), vec![active.clone()]);
    let mut every = ids_of(&["--state", "all"]);
    every.sort();
    let mut expected = vec![active.clone(), decided.clone(), escalated.clone()];
    expected.sort();
    assert_eq!(every, expected);
    assert_eq!(ids_of(&["--state", "escalated"]), vec![escalated.clone()]);
    assert_eq!(
        ids_of(&["--state", "resolved"])
            .into_iter()
            .collect::<BTreeSet<_>>(),
        [decided.clone(), escalated.clone()].into_iter().collect()
    );

    let doc = env.json(None, &["vote", "list", "--state", "all"]);
    for v in doc.as_array().unwrap() {
        for field in ["vote_id", "question", "options", "votes", "status"] {
            assert!(v.get(field).is_some(), "field {field} missing: {v}");
        }
        for (agent, ballot) in v["votes"].as_object().unwrap() {
            for field in ["choice", "confidence", "reasoning"] {
                assert!(
                    ballot.get(field).is_some(),
                    "ballot of {agent} lacks {field}: {v}"
                );
            }
        }
        match v["vote_id"].as_str().unwrap() {
            id if id == active => {
                assert_eq!(v["status"], "active");
                assert_eq!(v["votes"]["kimi"]["reasoning"], "fits the data loading");
                assert!(v["result"].is_null());
            }
            id if id == decided => {
                assert_eq!(v["status"], "decided");
                assert_eq!(v["result"]["decision"], "b");
            }
            _ => {
                assert_eq!(v["status"], "escalated");
                assert_eq!(v["escalated_to"], json!(["reuben"]));
                assert!(v["result"]["reason"].as_str().unwrap().contains("tie"));
            }
        }
    }

    let out = env.run(None, &["vote", "show", &active]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let text = stdout(&out);
    for needle in [
        active.as_str(),
        "Still open?",
        "kimi",
        "fits the data loading",
        "active",
    ] {
        assert!(text.contains(needle), "show lacks {needle:?}:\n{text}");
    }
    let out = env.run(None, &["vote", "show", &escalated]);
    let text = stdout(&out);
    assert!(text.contains("tie") && text.contains("reuben"), "{text}");
    let shown = env.json(None, &["vote", "show", &decided]);
    assert!(shown.is_object(), "{shown}");
    assert_eq!(shown["vote_id"], decided.as_str());
    assert_eq!(shown["question"], "Decided one?");
    assert_eq!(shown["options"], json!(["a", "b"]));
    assert_eq!(shown["votes"]["copilot"]["choice"], "b");
    assert_eq!(shown["result"]["tally"], json!({"a": 0, "b": 2}));
    let out = env.run(None, &["vote", "show", "nosuchvote"]);
    assert_eq!(code(&out), 1, "{}", stderr(&out));
}

// ---- 10. status ----

#[test]
fn status_json_counts_active_due_and_escalated_votes() {
    let mut env = Env::new();
    let status = |env: &Env| {
        let doc = env.json(None, &["status"]);
        doc["votes"].clone()
    };
    let votes = status(&env);
    assert_eq!(votes["active"], 0, "{votes}");
    let due = create(
        &env,
        "claude",
        &[
            "Due soon?",
            "--option",
            "a",
            "--option",
            "b",
            "--deadline",
            "30m",
        ],
    );
    let _open = create(&env, "claude", &["Open?", "--option", "a", "--option", "b"]);
    let tie = create(&env, "claude", &["Tie?", "--option", "a", "--option", "b"]);
    cast_ok(&env, "kimi", &tie, "a", "0.9");
    cast_ok(&env, "copilot", &tie, "b", "0.9");
    assert_eq!(
        code(&env.run(Some("claude"), &["vote", "resolve", &tie])),
        0
    );

    let votes = status(&env);
    assert_eq!(votes["active"], 2, "{votes}");
    assert_eq!(votes["due"], json!([]), "{votes}");
    let escalated: Vec<&str> = votes["escalated"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v["vote_id"].as_str().unwrap())
        .collect();
    assert_eq!(escalated, [tie.as_str()]);

    env.now = "2026-11-21T09:45:00Z".to_string();
    let votes = status(&env);
    assert_eq!(votes["active"], 2, "{votes}");
    let due_ids: Vec<&str> = votes["due"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v["vote_id"].as_str().unwrap())
        .collect();
    assert_eq!(due_ids, [due.as_str()]);
    // The table mentions votes too.
    let out = env.run(None, &["status"]);
    assert_eq!(code(&out), 0);
    assert!(
        stdout(&out).to_lowercase().contains("vote"),
        "{}",
        stdout(&out)
    );
}

// ---- 11. check and hostile vote files ----

/// A hostile vote file: its name (id), its bytes, the kind `check` should
/// report, and whether a cast on it must exit 1.
struct Hostile {
    id: &'static str,
    folder: &'static str,
    bytes: Vec<u8>,
    kind: &'static str,
    cast_fails: bool,
}

fn hostile_files() -> Vec<Hostile> {
    let mut unknown_option = vote_yaml("20261121-090000-badopt", &["a", "b"]).replace(
        "votes: {}\n",
        "votes:\n  kimi:\n    choice: zz\n    confidence: 0.5\n    reasoning: ''\n    cast_at: 2026-11-21T09:00:00.000Z\n",
    );
    unknown_option.push('\n');
    let decided_tail = "result:\n  decision: a\n  reason: by hand\n  tally:\n    a: 0\n    b: 0\n  at: 2026-11-21T09:00:00.000Z\n";
    let misplaced = vote_yaml("20261121-090000-misplc", &["a", "b"])
        .replace("status: active", "status: decided")
        + decided_tail;
    let mut bomb = String::from(
        "vote_id: 20261121-090000-bomb00\nl0: &l0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n",
    );
    for i in 1..12 {
        let p = i - 1;
        bomb.push_str(&format!(
            "l{i}: &l{i} [*l{p}, *l{p}, *l{p}, *l{p}, *l{p}, *l{p}, *l{p}, *l{p}, *l{p}]\n"
        ));
    }
    bomb.push_str("question: boom\noptions: [a, b]\nstatus: active\nquorum: 2\ncreated_at: 2026-11-21T09:00:00.000Z\n");
    let flow_deep = format!(
        "vote_id: 20261121-090000-deep01\nquestion: {}{}\n",
        "[".repeat(100_000),
        "]".repeat(100_000)
    );
    let block_deep = format!(
        "vote_id: 20261121-090000-deep02\nquestion:\n{}x\n",
        "- ".repeat(100_000)
    );
    let mut big = vote_yaml("20261121-090000-big5mb", &["a", "b"]);
    big.push_str("padding: \"");
    big.push_str(&"x".repeat(5 * 1024 * 1024));
    big.push_str("\"\n");
    let mut non_utf8 = vote_yaml("20261121-090000-latin1", &["a", "b"]).into_bytes();
    non_utf8.extend_from_slice(b"note: caf\xe9 \xff\xfe\n");
    vec![
        Hostile {
            id: "20261121-090000-badopt",
            folder: "active",
            bytes: unknown_option.into_bytes(),
            kind: "invalid",
            cast_fails: true,
        },
        Hostile {
            id: "20261121-090000-misplc",
            folder: "active",
            bytes: misplaced.into_bytes(),
            kind: "invalid",
            cast_fails: false,
        },
        Hostile {
            id: "20261121-090000-malfrm",
            folder: "active",
            bytes: b"vote_id: [unclosed\nquestion: \"\n  - : :\n".to_vec(),
            kind: "invalid",
            cast_fails: true,
        },
        Hostile {
            id: "20261121-090000-bomb00",
            folder: "active",
            bytes: bomb.into_bytes(),
            kind: "invalid",
            cast_fails: true,
        },
        Hostile {
            id: "20261121-090000-deep01",
            folder: "active",
            bytes: flow_deep.into_bytes(),
            kind: "invalid",
            cast_fails: true,
        },
        Hostile {
            id: "20261121-090000-deep02",
            folder: "active",
            bytes: block_deep.into_bytes(),
            kind: "invalid",
            cast_fails: true,
        },
        Hostile {
            id: "20261121-090000-big5mb",
            folder: "active",
            bytes: big.into_bytes(),
            kind: "invalid",
            cast_fails: true,
        },
        Hostile {
            id: "20261121-090000-latin1",
            folder: "active",
            bytes: non_utf8,
            kind: "invalid",
            cast_fails: true,
        },
    ]
}

#[test]
fn check_reports_each_hostile_vote_file_without_touching_it() {
    for h in hostile_files() {
        let env = Env::new();
        let good = create(&env, "claude", &["Good?", "--option", "a", "--option", "b"]);
        cast_ok(&env, "kimi", &good, "a", "0.9");
        let path = vote_file(&env, h.folder, h.id);
        std::fs::write(&path, &h.bytes).unwrap();
        let before = env.snapshot_files();

        let start = Instant::now();
        let (c, doc) = check_json(&env);
        assert_eq!(c, 1, "{}: check should fail: {doc}", h.id);
        assert_eq!(doc["ok"], false);
        let problems = doc["problems"].as_array().expect("problems");
        let mine: Vec<&Value> = problems
            .iter()
            .filter(|p| {
                p["message"].as_str().unwrap_or("").contains(h.id)
                    || p["path"].as_str().unwrap_or("").contains(h.id)
            })
            .collect();
        assert!(
            mine.iter()
                .any(|p| p["kind"] == h.kind && p["severity"] == "error"),
            "{}: no {} error naming the file: {doc}",
            h.id,
            h.kind
        );
        for p in &mine {
            let message = p["message"].as_str().unwrap();
            assert!(
                message.len() < 1000,
                "{}: a huge message: {}...",
                h.id,
                message.chars().take(200).collect::<String>()
            );
            assert!(
                !message.contains('\n'),
                "{}: multi-line message {message:?}",
                h.id
            );
        }
        let text = run_bounded(&env, None, &["check"], Duration::from_secs(10));
        assert_eq!(code(&text), 1);
        assert!(stdout(&text).contains(h.id) || stderr(&text).contains(h.id));
        assert!(
            start.elapsed() < Duration::from_secs(10),
            "{}: check took {:?}",
            h.id,
            start.elapsed()
        );

        // The good vote is still listed, with a warning about the bad one.
        let list = run_bounded(
            &env,
            None,
            &["--json", "vote", "list", "--state", "all"],
            Duration::from_secs(10),
        );
        assert_eq!(code(&list), 0, "{}: vote list: {}", h.id, stderr(&list));
        let listed: Value = serde_json::from_slice(&list.stdout).expect("list JSON");
        let ids: Vec<&str> = listed
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v["vote_id"].as_str().unwrap())
            .collect();
        assert_eq!(ids, [good.as_str()], "{}: vote list", h.id);
        let status = run_bounded(&env, None, &["--json", "status"], Duration::from_secs(10));
        assert_eq!(code(&status), 0, "{}: status: {}", h.id, stderr(&status));

        // A cast on the bad vote.
        let out = run_bounded(
            &env,
            Some("copilot"),
            &["vote", "cast", h.id, "--choice", "a", "--confidence", "0.5"],
            Duration::from_secs(10),
        );
        if h.cast_fails {
            assert_eq!(
                code(&out),
                1,
                "{}: cast on a corrupt vote: {}",
                h.id,
                stderr(&out)
            );
            let err = stderr(&out);
            assert_eq!(
                err.trim().lines().count(),
                1,
                "{}: not one line: {err}",
                h.id
            );
            assert!(
                err.len() < 1000,
                "{}: a huge error: {}",
                h.id,
                err.chars().take(200).collect::<String>()
            );
        } else {
            assert_ne!(code(&out), 0, "{}: cast on a misplaced vote", h.id);
        }
        // Resolve and override refuse too.
        let out = run_bounded(
            &env,
            Some("reuben"),
            &["vote", "resolve", h.id],
            Duration::from_secs(10),
        );
        assert_ne!(code(&out), 0, "{}: resolve: {}", h.id, stderr(&out));
        if h.cast_fails {
            let out = run_bounded(
                &env,
                Some("reuben"),
                &["vote", "override", h.id, "--choice", "a"],
                Duration::from_secs(10),
            );
            assert_eq!(
                code(&out),
                1,
                "{}: override of a corrupt vote: {}",
                h.id,
                stderr(&out)
            );
        }
        assert_eq!(
            std::fs::read(&path).unwrap(),
            h.bytes,
            "{}: the hostile file was modified",
            h.id
        );
        assert_eq!(env.snapshot_files(), before, "{}: something changed", h.id);
        assert!(
            names_in(&env.path(".txn"))
                .iter()
                .all(|n| !n.ends_with(".yaml")),
            "{}: left in .txn/: {:?}",
            h.id,
            names_in(&env.path(".txn"))
        );
    }
}

/// A vote decided by two ballots, with a copy of its active version put
/// back in active/ beside it (a bad merge); returns its id.
fn decided_with_stale_active_copy(env: &Env) -> String {
    let id = create(env, "claude", &["Twice?", "--option", "a", "--option", "b"]);
    cast_ok(env, "kimi", &id, "a", "0.9");
    cast_ok(env, "copilot", &id, "a", "0.9");
    let active_bytes = std::fs::read(vote_file(env, "active", &id)).unwrap();
    assert_eq!(code(&env.run(Some("claude"), &["vote", "resolve", &id])), 0);
    std::fs::write(vote_file(env, "active", &id), &active_bytes).unwrap();
    id
}

#[test]
fn check_reports_a_vote_in_two_folders_and_planted_specials() {
    let env = Env::new();
    let good = create(&env, "claude", &["Good?", "--option", "a", "--option", "b"]);
    let twice = decided_with_stale_active_copy(&env);
    // A symlink out of the federation and a FIFO.
    let outside = env.root().join("outside.yaml");
    std::fs::write(&outside, vote_yaml("20261121-090000-linked", &["a", "b"])).unwrap();
    std::os::unix::fs::symlink(
        &outside,
        vote_file(&env, "active", "20261121-090000-linked"),
    )
    .unwrap();
    mkfifo(&vote_file(&env, "active", "20261121-090000-fifo00"));
    let before = env.snapshot_files();
    let outside_before = std::fs::read(&outside).unwrap();

    let (c, doc) = check_json(&env);
    assert_eq!(c, 1, "{doc}");
    let kinds_for = |needle: &str| -> Vec<String> {
        doc["problems"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|p| {
                p["message"].as_str().unwrap_or("").contains(needle)
                    || p["path"].as_str().unwrap_or("").contains(needle)
            })
            .map(|p| p["kind"].as_str().unwrap().to_string())
            .collect()
    };
    assert!(
        kinds_for(&twice).contains(&"duplicate".to_string()),
        "{doc}"
    );
    assert!(
        kinds_for("20261121-090000-linked").contains(&"unsafe".to_string()),
        "{doc}"
    );
    assert!(
        kinds_for("20261121-090000-fifo00").contains(&"unsafe".to_string()),
        "{doc}"
    );
    assert!(kinds_for(&good).is_empty(), "{doc}");

    let list = run_bounded(
        &env,
        None,
        &["--json", "vote", "list", "--state", "all"],
        Duration::from_secs(10),
    );
    assert_eq!(code(&list), 0, "{}", stderr(&list));
    let listed: Value = serde_json::from_slice(&list.stdout).unwrap();
    let ids: BTreeSet<&str> = listed
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v["vote_id"].as_str().unwrap())
        .collect();
    assert!(ids.contains(good.as_str()), "{listed}");
    assert!(
        !ids.contains("20261121-090000-linked"),
        "a symlinked vote was followed: {listed}"
    );
    for id in ["20261121-090000-linked", "20261121-090000-fifo00"] {
        let out = run_bounded(
            &env,
            Some("kimi"),
            &["vote", "cast", id, "--choice", "a", "--confidence", "0.5"],
            Duration::from_secs(10),
        );
        assert_eq!(code(&out), 1, "cast on {id}: {}", stderr(&out));
    }
    assert_eq!(env.snapshot_files(), before);
    assert_eq!(std::fs::read(&outside).unwrap(), outside_before);
}

#[test]
fn a_cast_on_a_vote_in_two_folders_is_refused_and_changes_nothing() {
    let env = Env::new();
    let twice = decided_with_stale_active_copy(&env);
    let before = env.snapshot_files();
    let out = cast(&env, "gemini", &twice, "b", "0.9");
    assert_ne!(
        code(&out),
        0,
        "a ballot was acknowledged on vote {twice}, which is decided in votes/resolved/ \
         (and duplicated in votes/active/): it can never count"
    );
    assert_eq!(stderr(&out).trim().lines().count(), 1, "{}", stderr(&out));
    assert_eq!(env.snapshot_files(), before, "the cast changed files");
}

// ---- 12. unknown fields ----

#[test]
fn unknown_fields_in_a_vote_file_survive_casts_and_resolution() {
    let env = Env::new();
    let id = create(&env, "claude", &["Keep?", "--option", "a", "--option", "b"]);
    cast_ok(&env, "claude", &id, "a", "0.9");
    let path = vote_file(&env, "active", &id);
    let mut doc: serde_yaml::Value =
        serde_yaml::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
    doc["team_note"] = serde_yaml::Value::from("keep me");
    doc["review"] = serde_yaml::from_str("{by: ada, tags: [x, y]}").unwrap();
    doc["votes"]["claude"]["ballot_note"] = serde_yaml::Value::from("mine");
    std::fs::write(&path, serde_yaml::to_string(&doc).unwrap()).unwrap();

    cast_ok(&env, "kimi", &id, "a", "0.8");
    let (_, v) = read_vote(&env, &id);
    assert_eq!(v["team_note"], "keep me", "{v}");
    assert_eq!(v["review"], json!({"by": "ada", "tags": ["x", "y"]}));
    assert_eq!(v["votes"]["claude"]["ballot_note"], "mine", "{v}");
    assert_eq!(v["votes"]["kimi"]["choice"], "a");

    // A recast rewrites the ballot and keeps what else it carried.
    cast_ok(&env, "claude", &id, "a", "0.95");
    let (_, v) = read_vote(&env, &id);
    assert_eq!(v["votes"]["claude"]["confidence"], 0.95);
    assert_eq!(v["votes"]["claude"]["ballot_note"], "mine", "{v}");
    assert_eq!(v["team_note"], "keep me", "{v}");

    assert_eq!(code(&env.run(Some("claude"), &["vote", "resolve", &id])), 0);
    let (folder, v) = read_vote(&env, &id);
    assert_eq!(folder, "resolved");
    assert_eq!(v["team_note"], "keep me");
    assert_eq!(v["votes"]["claude"]["ballot_note"], "mine");
    let text = std::fs::read_to_string(vote_file(&env, "resolved", &id)).unwrap();
    assert!(text.contains("team_note: keep me"), "{text}");
}

// ---- 13. the event log ----

#[test]
fn every_vote_change_is_logged_with_at_agent_event_and_vote_id() {
    let env = Env::new();
    env.config("overseers: [reuben]\n");
    let decided = create(&env, "claude", &["One?", "--option", "a", "--option", "b"]);
    cast_ok(&env, "kimi", &decided, "a", "0.9");
    cast_ok(&env, "copilot", &decided, "a", "0.8");
    assert_eq!(
        code(&env.run(Some("gemini"), &["vote", "resolve", &decided])),
        0
    );
    let escalated = create(&env, "claude", &["Two?", "--option", "a", "--option", "b"]);
    cast_ok(&env, "kimi", &escalated, "a", "0.9");
    cast_ok(&env, "copilot", &escalated, "b", "0.8");
    assert_eq!(
        code(&env.run(Some("gemini"), &["vote", "resolve", &escalated])),
        0
    );
    let out = env.run(
        Some("reuben"),
        &[
            "vote",
            "override",
            &escalated,
            "--choice",
            "b",
            "--reason",
            "tie break",
        ],
    );
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    // Refused commands log nothing.
    let refused = events(&env).len();
    assert_eq!(code(&cast(&env, "grok", &decided, "a", "0.9")), 5);
    // A confidence out of range is a usage error, like every such value.
    assert_eq!(code(&cast(&env, "grok", &decided, "a", "2")), 2);
    assert_eq!(events(&env).len(), refused, "a refused cast was logged");

    let log = events(&env);
    let of = |event: &str, id: &str| -> Vec<&Value> {
        log.iter()
            .filter(|e| e["event"] == event && e["vote_id"] == id)
            .collect()
    };
    for e in &log {
        if e["event"].as_str().unwrap_or("").starts_with("vote-") {
            for field in ["at", "agent", "event", "vote_id"] {
                assert!(e.get(field).is_some(), "event lacks {field}: {e}");
            }
            chrono::DateTime::parse_from_rfc3339(e["at"].as_str().unwrap())
                .unwrap_or_else(|err| panic!("at is not RFC 3339 ({err}): {e}"));
        }
    }
    let created = of("vote-created", &decided);
    assert_eq!(created.len(), 1);
    assert_eq!(created[0]["agent"], "claude");
    let casts = of("vote-cast", &decided);
    let casters: Vec<&str> = casts.iter().map(|e| e["agent"].as_str().unwrap()).collect();
    assert_eq!(casters, ["kimi", "copilot"]);
    let done = of("vote-decided", &decided);
    assert_eq!(done.len(), 1, "{log:?}");
    assert_eq!(done[0]["agent"], "gemini");
    assert_eq!(of("vote-escalated", &escalated).len(), 1);
    assert_eq!(of("vote-escalated", &escalated)[0]["agent"], "gemini");
    let over = of("vote-overridden", &escalated);
    assert_eq!(over.len(), 1);
    assert_eq!(over[0]["agent"], "reuben");
    assert_eq!(of("vote-created", &escalated).len(), 1);
    assert_eq!(of("vote-cast", &escalated).len(), 2);
    // In order: created, casts, result.
    let pos = |event: &str, id: &str| {
        log.iter()
            .position(|e| e["event"] == event && e["vote_id"] == id)
            .unwrap()
    };
    assert!(pos("vote-created", &decided) < pos("vote-cast", &decided));
    assert!(pos("vote-cast", &decided) < pos("vote-decided", &decided));
    assert!(pos("vote-escalated", &escalated) < pos("vote-overridden", &escalated));
    // `fed log --json` shows them too.
    let shown = env.json(None, &["log"]);
    assert!(
        shown
            .as_array()
            .unwrap()
            .iter()
            .any(|e| e["event"] == "vote-overridden" && e["vote_id"] == escalated.as_str()),
        "{shown}"
    );
}

#[test]
fn sixteen_agents_casting_at_once_by_a_short_id_lose_no_ballot() {
    let env = Env::new();
    for round in 0..3 {
        let id = create(
            &env,
            "claude",
            &[
                &format!("Short {round}?"),
                "--option",
                "a",
                "--option",
                "b",
                "--quorum",
                "16",
            ],
        );
        // The random tail of the id, as agents type it.
        let short = &id[id.len() - 6..];
        let casters: Vec<(String, String, String)> = (0..16)
            .map(|i| (format!("agent{i:02}"), "a".to_string(), "0.8".to_string()))
            .collect();
        let outputs = cast_all_at_once(&env, short, &casters);
        for (agent, out) in &outputs {
            assert_eq!(code(out), 0, "{agent} by suffix: {}", stderr(out));
        }
        assert_eq!(ballots(&read_vote(&env, &id).1).len(), 16, "round {round}");
    }
}
