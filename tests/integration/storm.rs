//! The storm: agents and an overseer run every kind of operation at once
//! (adds with dependencies, claims, completions and failures, releases,
//! heartbeats, blocks, cancels with and without `--cascade`, assigns,
//! reaps with the clock jumped past the lease, votes created, cast,
//! resolved and overridden, pauses), handoff rules fire, and a killer
//! thread sends SIGKILL to a random `fed` in flight several times a
//! second (mostly changing commands; a killed completion is often retried
//! with the other outcome). Only exit 0 counts as acknowledged. Afterwards
//! one recovering command runs and the invariant checker
//! (`common::invariants`) reads the folders directly; a failure lists
//! every violation by invariant, with the task's files and history.
//!
//! ```sh
//! cargo test --features failpoints --test integration storm:: -- --nocapture
//! FED_STORM_SECS=600 cargo test --features failpoints --test integration storm:: -- --nocapture
//! ```
//!
//! It runs for `FED_STORM_SECS` seconds (default 20; 120 with
//! `FED_STRESS=1`, which also doubles the workers, two per agent name,
//! and the kill rate); `FED_STORM_KILLS` sets the kills per second (3 by
//! default), `FED_SEED` replays the random choices (not the timing) and
//! `FED_STORM_KEEP=1` keeps the federation of a failed run. The seed, the
//! operations by kind and outcome, and the kills are printed on stderr.
//!
//! The clock: every process gets its own `FED_NOW`, strictly increasing
//! in the order the processes are started, following real time from
//! `NOW`; a reap first moves the clock forward by 20 to 150 seconds (past
//! the 90 s lease of older claims) for itself and everyone after it.

use crate::common::inflight::{Ended, Inflight, panic_in};
use crate::common::invariants::{RuleSpec, Spec, check, report};
use crate::common::ledger::{Beat, Cast, Claim, EventAck, Finish, Ledger, Override, Window, time};
use crate::common::process::{process_at, size, stress};
use crate::common::rng::Rng;
use crate::common::{Env, NOW, stderr, stdout};
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, AtomicU64, AtomicUsize, Ordering};
use std::time::{Duration, Instant};

const AGENTS: [&str; 4] = ["claude", "kimi", "codex", "gemini"];
const BOSS: &str = "boss";
const TYPES: [&str; 4] = ["research", "implement", "review", "general"];
const PRIORITIES: [&str; 4] = ["low", "normal", "high", "critical"];
const OPTIONS: [&str; 4] = ["yes", "no", "later", "split"];

const CONFIG: &str = "\
agents: [claude, kimi, codex, gemini]
overseers: [boss]
leases:
  ttl: 90s
  max_attempts: 3
limits:
  max_handoff_depth: 3
  max_pending_per_agent: 40
handoffs:
  - name: research-to-implement
    when: {type: research, outcome: done}
    then: {type: implement, to: kimi, description: \"Implement the findings of {task_id}\"}
  - name: failed-implement-review
    when: {type: implement, outcome: failed}
    then: {type: review, to: claude, description: \"Review why {task_id} failed\"}
  - name: codex-review-follow-up
    when: {type: review, agent: codex, outcome: any}
    then: {type: research, to: gemini, description: \"Follow up the review {task_id}\"}
";

fn spec() -> Spec {
    Spec {
        rules: vec![
            RuleSpec {
                name: "research-to-implement",
                when_type: Some("research"),
                when_agent: None,
                outcome: "done",
                then_type: "implement",
            },
            RuleSpec {
                name: "failed-implement-review",
                when_type: Some("implement"),
                when_agent: None,
                outcome: "failed",
                then_type: "review",
            },
            RuleSpec {
                name: "codex-review-follow-up",
                when_type: Some("review"),
                when_agent: Some("codex"),
                outcome: "any",
                then_type: "research",
            },
        ],
        max_attempts: 3,
        max_depth: 3,
        ttl: chrono::Duration::seconds(90),
        overseers: vec![BOSS.to_string()],
    }
}

/// One `fed` process may run this long before the storm calls it hung.
fn limit() -> Duration {
    Duration::from_secs(if stress() { 600 } else { 60 })
}

/// The storm's clock: strictly increasing per process start, real time
/// from `NOW` plus every jump so far.
struct Clock {
    start: Instant,
    base: chrono::DateTime<chrono::Utc>,
    /// (last time handed out, total jump), in milliseconds after `base`.
    state: Mutex<(i64, i64)>,
}

impl Clock {
    fn new() -> Clock {
        Clock {
            start: Instant::now(),
            base: time(NOW).expect("NOW parses"),
            state: Mutex::new((0, 0)),
        }
    }

    /// The next `FED_NOW`, `jump_ms` after the current time.
    fn tick(&self, jump_ms: i64) -> String {
        let mut s = self.state.lock().unwrap();
        s.1 += jump_ms;
        let real = self.start.elapsed().as_millis() as i64 + s.1;
        s.0 = real.max(s.0 + 1);
        let at = self.base + chrono::Duration::milliseconds(s.0);
        at.to_rfc3339_opts(chrono::SecondsFormat::Millis, true)
    }
}

/// What the run shares between its workers.
#[derive(Default)]
struct Shared {
    ledger: Ledger,
    known: Vec<String>,
    known_set: BTreeSet<String>,
    votes: Vec<(String, Vec<String>)>,
    /// (operation, outcome) -> count.
    stats: BTreeMap<(&'static str, String), usize>,
    /// Panics, hangs, deaths by other signals, usage errors.
    broken: Vec<String>,
    /// Exit codes that documented limits allow but that are worth a look.
    odd: BTreeMap<String, usize>,
}

impl Shared {
    fn know(&mut self, id: &str) {
        if self.known_set.insert(id.to_string()) {
            self.known.push(id.to_string());
        }
    }
}

/// The run's context, shared by reference.
struct Storm<'a> {
    env: &'a Env,
    clock: Clock,
    inflight: Inflight,
    seq: AtomicU64,
    shared: Mutex<Shared>,
    kills_landed: AtomicUsize,
}

/// How a command ended, for the worker.
enum Outcome {
    /// Exit code and output.
    Code(i32, std::process::Output),
    /// Killed, hung or died otherwise: it may or may not have landed.
    Unknown,
}

impl Storm<'_> {
    /// Runs `fed ARGS` as `agent` at `now`, counting the outcome.
    fn exec(
        &self,
        op: &'static str,
        agent: Option<&str>,
        now: &str,
        args: &[&str],
    ) -> (Outcome, Window) {
        let start = self.seq.fetch_add(1, Ordering::SeqCst);
        let cmd = process_at(self.env, agent, now, args);
        // Reads change nothing: most of the kills go to changing commands.
        let read = matches!(op, "status" | "list" | "adopt");
        let ended = self
            .inflight
            .run_killable(cmd, limit(), !read || start.is_multiple_of(4));
        let end = self.seq.fetch_add(1, Ordering::SeqCst);
        let window = Window { start, end };
        let what = format!(
            "{} fed {} (FED_NOW {now})",
            agent.unwrap_or("-"),
            args.join(" ")
        );
        let mut s = self.shared.lock().unwrap();
        let (label, outcome) = match ended {
            Ended::Exited(out) => {
                let c = out.status.code().unwrap_or(-1);
                if let Some(p) = panic_in(&out) {
                    s.broken.push(format!("{what} panicked: {p}"));
                }
                if c == 2 {
                    s.broken
                        .push(format!("{what}: usage error: {}", stderr(&out)));
                }
                (format!("exit {c}"), Outcome::Code(c, out))
            }
            Ended::Signalled(9, _) => {
                self.kills_landed.fetch_add(1, Ordering::SeqCst);
                ("killed".to_string(), Outcome::Unknown)
            }
            Ended::Signalled(sig, out) => {
                s.broken
                    .push(format!("{what} died of signal {sig}: {}", stderr(&out)));
                (format!("signal {sig}"), Outcome::Unknown)
            }
            Ended::Hung(out) => {
                s.broken.push(format!(
                    "{what} did not finish within {:?} (a hang): {}",
                    limit(),
                    stderr(&out)
                ));
                ("hung".to_string(), Outcome::Unknown)
            }
        };
        *s.stats.entry((op, label)).or_default() += 1;
        (outcome, window)
    }

    fn note_odd(&self, op: &str, code: i32, out: &std::process::Output) {
        let err = stderr(out);
        let first: String = err
            .trim()
            .trim_start_matches("fed: error: ")
            .split([':', '('])
            .next()
            .unwrap_or("")
            .split_whitespace()
            .filter(|w| !w.chars().any(|c| c.is_ascii_digit()))
            .collect::<Vec<_>>()
            .join(" ");
        *self
            .shared
            .lock()
            .unwrap()
            .odd
            .entry(format!("{op} exit {code}: {first}"))
            .or_default() += 1;
    }

    fn random_known(&self, rng: &mut Rng) -> Option<String> {
        let s = self.shared.lock().unwrap();
        (!s.known.is_empty()).then(|| s.known[rng.below(s.known.len() as u64) as usize].clone())
    }

    fn random_vote(&self, rng: &mut Rng) -> Option<(String, Vec<String>)> {
        let s = self.shared.lock().unwrap();
        (!s.votes.is_empty()).then(|| s.votes[rng.below(s.votes.len() as u64) as usize].clone())
    }
}

#[test]
fn storm_of_every_operation_under_sigkill_keeps_every_invariant() {
    let secs: u64 = std::env::var("FED_STORM_SECS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(if stress() { 120 } else { 20 });
    let kills_per_sec: f64 = std::env::var("FED_STORM_KILLS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(if stress() { 6.0 } else { 3.0 });
    let per_agent = size(1, 2);
    let mut rng = Rng::from_env("storm_of_every_operation_under_sigkill_keeps_every_invariant");
    let env = Env::new();
    env.config(CONFIG);
    let storm = Storm {
        env: &env,
        clock: Clock::new(),
        inflight: Inflight::default(),
        seq: AtomicU64::new(0),
        shared: Mutex::new(Shared::default()),
        kills_landed: AtomicUsize::new(0),
    };
    seed_tasks(&storm, &mut rng);

    let mut names: Vec<&str> = Vec::new();
    for _ in 0..per_agent {
        names.extend(AGENTS);
    }
    names.push(BOSS);
    let seeds: Vec<u64> = names.iter().map(|_| rng.next()).collect();
    let killer_seed = rng.next();
    let stop = AtomicBool::new(false);
    let kills_sent = AtomicUsize::new(0);
    let deadline = Instant::now() + Duration::from_secs(secs);
    let started = Instant::now();
    eprintln!(
        "storm: {secs} s, workers {names:?}, {kills_per_sec} kills/s (FED_STORM_SECS, FED_STORM_KILLS, FED_STRESS)"
    );
    std::thread::scope(|scope| {
        let (storm, stop, kills_sent) = (&storm, &stop, &kills_sent);
        scope.spawn(move || {
            let mut rng = Rng::new(killer_seed);
            let mean_us = (1_000_000.0 / kills_per_sec.max(0.01)) as u64;
            while !stop.load(Ordering::SeqCst) {
                std::thread::sleep(Duration::from_micros(rng.below(2 * mean_us)));
                if storm.inflight.kill_one(&mut rng).is_some() {
                    kills_sent.fetch_add(1, Ordering::SeqCst);
                }
            }
        });
        let workers: Vec<_> = names
            .iter()
            .zip(&seeds)
            .enumerate()
            .map(|(w, (name, seed))| {
                let (name, seed) = (*name, *seed);
                scope.spawn(move || {
                    let mut worker = Worker {
                        storm,
                        w,
                        agent: name,
                        rng: Rng::new(seed),
                        held: Vec::new(),
                        mine: Vec::new(),
                        killed_completes: BTreeMap::new(),
                        n: 0,
                        paused: false,
                    };
                    while Instant::now() < deadline {
                        worker.step();
                    }
                })
            })
            .collect();
        for w in workers {
            w.join().expect("storm worker");
        }
        stop.store(true, Ordering::SeqCst);
    });
    let elapsed = started.elapsed();
    let now = storm.clock.tick(0);
    let Storm {
        shared,
        kills_landed,
        ..
    } = storm;
    let shared = shared.into_inner().unwrap();
    let landed = kills_landed.into_inner();
    print_stats(&shared, elapsed, kills_sent.into_inner(), landed);
    assert!(
        landed > 0,
        "no process was killed: the storm proves nothing"
    );

    let violations = check(&env, &shared.ledger, &spec(), &now);
    let mut failure = String::new();
    if !shared.broken.is_empty() {
        failure.push_str(&format!(
            "== processes that broke the contract: {}\n{}\n",
            shared.broken.len(),
            shared.broken.join("\n")
        ));
    }
    if !violations.is_empty() {
        failure.push_str(&report(&violations));
    }
    if !failure.is_empty() {
        let keep = std::env::var_os("FED_STORM_KEEP").is_some();
        if keep {
            let dir = env.tmp.path().to_path_buf();
            std::mem::forget(env);
            failure.push_str(&format!("(federation kept in {})\n", dir.display()));
        }
        panic!(
            "the storm broke {} invariant(s) (replay with FED_SEED; FED_STORM_KEEP=1 keeps the federation):\n{failure}",
            violations.len()
        );
    }
}

/// The tasks the storm starts from: a little of everything, some chained.
fn seed_tasks(storm: &Storm, rng: &mut Rng) {
    let mut ids: Vec<String> = Vec::new();
    for i in 0..12 {
        let tag = format!("seed-{i}");
        let desc = format!("storm task {tag} to start with");
        let ty = TYPES[i % TYPES.len()];
        let mut args = vec!["queue", "add", &desc, "--type", ty];
        let dep;
        if i >= 4 && rng.below(2) == 0 {
            dep = ids[rng.below(ids.len() as u64) as usize].clone();
            args.extend(["--after", &dep]);
        }
        let now = storm.clock.tick(0);
        let out = storm
            .env
            .clean(&now, &args)
            .env("FED_AGENT", BOSS)
            .output()
            .expect("fed runs");
        assert!(out.status.success(), "seed add: {}", stderr(&out));
        let id = stdout(&out).trim().to_string();
        let mut s = storm.shared.lock().unwrap();
        s.ledger.added.insert(tag, id.clone());
        s.know(&id);
        ids.push(id);
    }
}

fn print_stats(s: &Shared, elapsed: Duration, sent: usize, landed: usize) {
    let mut ops: BTreeMap<&str, BTreeMap<&str, usize>> = BTreeMap::new();
    let mut total = 0;
    for ((op, outcome), n) in &s.stats {
        *ops.entry(op).or_default().entry(outcome).or_default() += n;
        total += n;
    }
    eprintln!(
        "storm: {total} operations in {elapsed:.1?}; SIGKILL sent {sent}, {landed} landed on a running fed"
    );
    for (op, outcomes) in &ops {
        let line: Vec<String> = outcomes.iter().map(|(o, n)| format!("{o}: {n}")).collect();
        eprintln!("  {op:<16} {}", line.join(", "));
    }
    if !s.odd.is_empty() {
        eprintln!("storm: refusals and conflicts, by message:");
        for (what, n) in &s.odd {
            eprintln!("  {n:>5}  {what}");
        }
    }
    eprintln!(
        "storm: acknowledged {} adds, {} claims, {} finishes, {} history changes, {} heartbeats, {} votes, {} ballots, {} pauses",
        s.ledger.added.len(),
        s.ledger.claims.len(),
        s.ledger.finishes.len(),
        s.ledger.events.len(),
        s.ledger.beats.len(),
        s.ledger.votes.len(),
        s.ledger.casts.iter().filter(|c| c.acked).count(),
        s.ledger.pauses.len()
    );
}

/// The JSON document a command answered (`Null` when it is not JSON).
fn json(out: &std::process::Output) -> Value {
    serde_json::from_slice(&out.stdout).unwrap_or(Value::Null)
}

/// The time of the latest `event` entry in a task document's history.
fn entry_time(doc: &Value, event: &str) -> Option<chrono::DateTime<chrono::Utc>> {
    doc["history"]
        .as_array()?
        .iter()
        .rev()
        .find(|e| e["event"] == event)
        .and_then(|e| e["at"].as_str())
        .and_then(time)
}

/// One worker: an agent (or the overseer) running random operations.
struct Worker<'a, 'e> {
    storm: &'a Storm<'e>,
    w: usize,
    agent: &'static str,
    rng: Rng,
    /// Claims this worker believes it holds: (task, token).
    held: Vec<(String, String)>,
    /// Tasks this worker added (it may cancel them).
    mine: Vec<String>,
    /// Completions that were killed, with whether they were failures.
    killed_completes: BTreeMap<String, bool>,
    n: usize,
    /// The overseer paused the federation and has not resumed it yet.
    paused: bool,
}

impl Worker<'_, '_> {
    fn pick<T: Copy>(&mut self, items: &[T]) -> T {
        items[self.rng.below(items.len() as u64) as usize]
    }

    fn chance(&mut self, percent: u64) -> bool {
        self.rng.below(100) < percent
    }

    fn step(&mut self) {
        if self.agent == BOSS {
            self.boss_step();
            return;
        }
        match self.rng.below(100) {
            0..14 => self.add(),
            14..34 => self.claim(),
            34..50 => self.complete(),
            50..53 => self.release(),
            53..58 => self.heartbeat(),
            58..61 => self.block(),
            61..64 => self.unblock(),
            64..66 => self.cancel(),
            66..71 => self.reap(),
            71..74 => self.vote_create(),
            74..84 => self.vote_cast(),
            84..87 => self.vote_resolve(),
            87..91 => self.list(),
            91..95 => self.adopt(),
            _ => self.status(),
        }
    }

    fn boss_step(&mut self) {
        if self.paused && self.chance(40) {
            self.resume();
            return;
        }
        match self.rng.below(100) {
            0..10 => self.add(),
            10..28 => self.cancel(),
            28..40 => self.assign(),
            40..50 => self.block(),
            50..62 => self.unblock(),
            62..68 => self.release(),
            68..76 => self.reap(),
            76..81 => self.vote_override(),
            81..86 => self.vote_resolve(),
            86..89 => self.pause(),
            89..93 => self.list(),
            _ => self.status(),
        }
    }

    fn exec(&self, op: &'static str, now: &str, args: &[&str]) -> (Outcome, Window) {
        self.storm.exec(op, Some(self.agent), now, args)
    }

    /// Records an acknowledged change of task `id`: at the time of the
    /// latest `event` entry in `doc` (the document the command answered),
    /// or, without one, at `FED_NOW` or later (the command may date a
    /// change after the latest one the task records).
    fn event(
        &self,
        id: &str,
        event: &str,
        doc: Option<&Value>,
        now: &str,
        window: Window,
        what: &str,
    ) {
        let recorded = doc.and_then(|d| entry_time(d, event));
        self.storm
            .shared
            .lock()
            .unwrap()
            .ledger
            .events
            .push(EventAck {
                id: id.to_string(),
                event: event.to_string(),
                agent: Some(self.agent.to_string()),
                at: recorded.unwrap_or_else(|| time(now).expect("FED_NOW parses")),
                exact: recorded.is_some(),
                window,
                what: format!("{} fed {what}", self.agent),
            });
    }

    fn add(&mut self) {
        self.n += 1;
        let tag = format!("w{}-{}", self.w, self.n);
        let desc = format!("storm task {tag} queued by {}", self.agent);
        let ty = self.pick(&TYPES);
        let priority = self.pick(&PRIORITIES);
        let mut args: Vec<String> = vec![
            "queue".into(),
            "add".into(),
            desc,
            "--type".into(),
            ty.into(),
            "--priority".into(),
            priority.into(),
        ];
        if self.chance(40) {
            let to = self.pick(&AGENTS);
            args.extend(["--to".into(), to.into()]);
        }
        let deps = match self.rng.below(10) {
            0..3 => 1,
            3 => 2,
            _ => 0,
        };
        for _ in 0..deps {
            if let Some(dep) = self.storm.random_known(&mut self.rng) {
                args.extend(["--after".into(), dep]);
            }
        }
        if self.chance(50) {
            args.extend(["--id".into(), format!("s{}-{}", self.w, self.n)]);
        }
        let now = self.storm.clock.tick(0);
        let mut argv: Vec<&str> = vec!["--json"];
        argv.extend(args.iter().map(String::as_str));
        let (outcome, window) = self.exec("add", &now, &argv);
        match outcome {
            Outcome::Code(0, out) => {
                let doc = json(&out);
                let id = doc["task_id"].as_str().unwrap_or("?").to_string();
                self.event(&id, "added", Some(&doc), &now, window, &argv.join(" "));
                let mut s = self.storm.shared.lock().unwrap();
                s.ledger.added.insert(tag, id.clone());
                s.know(&id);
                drop(s);
                self.mine.push(id);
            }
            Outcome::Code(c, out) => self.storm.note_odd("add", c, &out),
            Outcome::Unknown => {
                self.storm
                    .shared
                    .lock()
                    .unwrap()
                    .ledger
                    .maybe_added
                    .insert(tag);
            }
        }
    }

    fn claim(&mut self) {
        let now = self.storm.clock.tick(0);
        let named = if self.chance(20) {
            self.storm.random_known(&mut self.rng)
        } else {
            None
        };
        let ty = self.pick(&TYPES);
        let mut args = vec!["--json", "queue", "claim"];
        match &named {
            Some(id) => args.push(id),
            None if self.chance(20) => args.extend(["--type", ty]),
            None => {}
        }
        let (outcome, window) = self.exec("claim", &now, &args);
        match outcome {
            Outcome::Code(0, out) => {
                let task: Value = serde_json::from_slice(&out.stdout).unwrap_or(Value::Null);
                let id = task["task_id"].as_str().unwrap_or("?").to_string();
                let token = task["lease"]["token"].as_str().unwrap_or("?").to_string();
                let mut s = self.storm.shared.lock().unwrap();
                if task["assignee"].as_str() != Some(self.agent) || task["status"] != "in-progress"
                {
                    s.broken.push(format!(
                        "{} claim exited 0 with a task it does not hold: {task}",
                        self.agent
                    ));
                }
                s.ledger.claims.push(Claim {
                    agent: self.agent.to_string(),
                    id: id.clone(),
                    attempt: task["attempts"].as_u64().unwrap_or(0),
                    token: token.clone(),
                    at: task["lease"]["claimed_at"]
                        .as_str()
                        .and_then(time)
                        .unwrap_or_default(),
                    deps: task["dependencies"]
                        .as_array()
                        .map(|a| {
                            a.iter()
                                .filter_map(|d| d.as_str().map(str::to_string))
                                .collect()
                        })
                        .unwrap_or_default(),
                    window,
                });
                s.know(&id);
                drop(s);
                self.held.push((id, token));
            }
            Outcome::Code(3 | 4, _) => {}
            Outcome::Code(c, out) => self.storm.note_odd("claim", c, &out),
            Outcome::Unknown => {}
        }
    }

    /// A held claim, chosen at random.
    fn held_one(&mut self) -> Option<(usize, String, String)> {
        if self.held.is_empty() {
            return None;
        }
        let i = self.rng.below(self.held.len() as u64) as usize;
        let (id, token) = self.held[i].clone();
        Some((i, id, token))
    }

    fn complete(&mut self) {
        let Some((i, id, token)) = self.held_one() else {
            return self.claim();
        };
        // A completion retried after a kill often turns to the other
        // outcome: what it prepared must not fire for the wrong one.
        let failed = match self.killed_completes.remove(&id) {
            Some(before) if self.chance(60) => !before,
            _ => self.chance(25),
        };
        let now = self.storm.clock.tick(0);
        let mut args = vec!["--json", "queue", "complete", &id, "--summary", "storm"];
        if self.chance(85) {
            args.extend(["--token", &token]);
        }
        if failed {
            args.push("--failed");
        }
        let (outcome, window) = self.exec(if failed { "fail" } else { "complete" }, &now, &args);
        let status = if failed { "failed" } else { "done" };
        match outcome {
            Outcome::Code(0, out) => {
                self.held.remove(i);
                let doc = json(&out);
                self.event(&id, status, Some(&doc), &now, window, &args.join(" "));
                self.storm
                    .shared
                    .lock()
                    .unwrap()
                    .ledger
                    .finishes
                    .push(Finish {
                        id,
                        status: status.into(),
                        by: Some(self.agent.into()),
                        at: doc["result"]["finished_at"]
                            .as_str()
                            .and_then(time)
                            .unwrap_or_else(|| time(&now).expect("FED_NOW")),
                        window,
                    });
            }
            Outcome::Code(c, out) => {
                self.held.remove(i);
                if c != 5 {
                    self.storm.note_odd("complete", c, &out);
                }
            }
            // Killed: maybe landed. Keep it, to be retried (perhaps with
            // the other outcome), or given up now and then.
            Outcome::Unknown => {
                if self.chance(20) {
                    self.held.remove(i);
                } else {
                    self.killed_completes.insert(id, failed);
                }
            }
        }
    }

    fn release(&mut self) {
        let (i, id, token) = if self.agent == BOSS {
            match self.storm.random_known(&mut self.rng) {
                Some(id) => (usize::MAX, id, String::new()),
                None => return,
            }
        } else {
            match self.held_one() {
                Some(h) => h,
                None => return self.claim(),
            }
        };
        let now = self.storm.clock.tick(0);
        let mut args = vec!["--json", "queue", "release", &id];
        if i != usize::MAX {
            args.extend(["--token", &token]);
        }
        let (outcome, window) = self.exec("release", &now, &args);
        match outcome {
            Outcome::Code(0, out) => {
                if i != usize::MAX {
                    self.held.remove(i);
                }
                let doc = json(&out);
                self.event(&id, "released", Some(&doc), &now, window, &args.join(" "));
            }
            Outcome::Code(c, out) => {
                if i != usize::MAX {
                    self.held.remove(i);
                }
                if c != 5 {
                    self.storm.note_odd("release", c, &out);
                }
            }
            Outcome::Unknown => {}
        }
    }

    fn heartbeat(&mut self) {
        let Some((i, id, token)) = self.held_one() else {
            return self.claim();
        };
        let now = self.storm.clock.tick(0);
        let args = ["--json", "queue", "heartbeat", &id, "--token", &token];
        let (outcome, _) = self.exec("heartbeat", &now, &args);
        match outcome {
            Outcome::Code(0, out) => {
                let doc = json(&out);
                let until = doc["lease"]["expires_at"].as_str().and_then(time);
                self.storm.shared.lock().unwrap().ledger.beats.push(Beat {
                    id,
                    token,
                    at: time(&now).expect("FED_NOW"),
                    until: until.unwrap_or_default(),
                    agent: self.agent.into(),
                });
            }
            Outcome::Code(c, out) => {
                self.held.remove(i);
                if c != 5 {
                    self.storm.note_odd("heartbeat", c, &out);
                }
            }
            Outcome::Unknown => {}
        }
    }

    fn block(&mut self) {
        let own = self.agent != BOSS && !self.held.is_empty() && self.chance(50);
        let (i, id) = if own {
            let (i, id, _) = self.held_one().expect("held");
            (Some(i), id)
        } else {
            match self.storm.random_known(&mut self.rng) {
                Some(id) => (None, id),
                None => return,
            }
        };
        let now = self.storm.clock.tick(0);
        let args = ["--json", "queue", "block", &id, "--reason", "storm"];
        let (outcome, window) = self.exec("block", &now, &args);
        match outcome {
            Outcome::Code(0, out) => {
                if let Some(i) = i {
                    self.held.remove(i);
                }
                let doc = json(&out);
                self.event(&id, "blocked", Some(&doc), &now, window, &args.join(" "));
            }
            Outcome::Code(c, out) => {
                if c != 5 && !stderr(&out).contains("already blocked") {
                    self.storm.note_odd("block", c, &out);
                }
            }
            Outcome::Unknown => {}
        }
    }

    fn unblock(&mut self) {
        let Some(id) = self.storm.random_known(&mut self.rng) else {
            return;
        };
        let now = self.storm.clock.tick(0);
        let args = ["--json", "queue", "unblock", &id];
        let (outcome, window) = self.exec("unblock", &now, &args);
        match outcome {
            Outcome::Code(0, out) => {
                let task = json(&out);
                self.event(&id, "unblocked", Some(&task), &now, window, &args.join(" "));
                if task["assignee"].as_str() == Some(self.agent) && task["status"] == "in-progress"
                {
                    let token = task["lease"]["token"].as_str().unwrap_or("?").to_string();
                    self.held.push((id, token));
                }
            }
            Outcome::Code(c, out) => {
                if c != 5 && !stderr(&out).contains("not blocked") {
                    self.storm.note_odd("unblock", c, &out);
                }
            }
            Outcome::Unknown => {}
        }
    }

    fn cancel(&mut self) {
        let id = if self.agent == BOSS {
            self.storm.random_known(&mut self.rng)
        } else if self.mine.is_empty() {
            None
        } else {
            let i = self.rng.below(self.mine.len() as u64) as usize;
            Some(self.mine.swap_remove(i))
        };
        let Some(id) = id else { return self.add() };
        let now = self.storm.clock.tick(0);
        let mut args = vec!["--json", "queue", "cancel", &id, "--reason", "storm"];
        if self.chance(30) {
            args.push("--cascade");
        }
        let (outcome, window) = self.exec("cancel", &now, &args);
        match outcome {
            Outcome::Code(0, out) => {
                let docs: Value = serde_json::from_slice(&out.stdout).unwrap_or(Value::Null);
                for doc in docs.as_array().into_iter().flatten() {
                    let cancelled = doc["task_id"].as_str().unwrap_or("?").to_string();
                    self.event(
                        &cancelled,
                        "cancelled",
                        Some(doc),
                        &now,
                        window,
                        &args.join(" "),
                    );
                    self.storm
                        .shared
                        .lock()
                        .unwrap()
                        .ledger
                        .finishes
                        .push(Finish {
                            id: cancelled,
                            status: "cancelled".into(),
                            by: Some(self.agent.into()),
                            at: doc["result"]["finished_at"]
                                .as_str()
                                .and_then(time)
                                .unwrap_or_else(|| time(&now).expect("FED_NOW")),
                            window,
                        });
                }
            }
            Outcome::Code(c, out) => {
                if c != 5 {
                    self.storm.note_odd("cancel", c, &out);
                }
            }
            Outcome::Unknown => {}
        }
    }

    fn assign(&mut self) {
        let Some(id) = self.storm.random_known(&mut self.rng) else {
            return;
        };
        let to = self.pick(&AGENTS);
        let now = self.storm.clock.tick(0);
        let args = ["--json", "queue", "assign", &id, to];
        let (outcome, window) = self.exec("assign", &now, &args);
        match outcome {
            Outcome::Code(0, out) => {
                let doc = json(&out);
                self.event(&id, "assigned", Some(&doc), &now, window, &args.join(" "));
            }
            Outcome::Code(c, out) => {
                if c != 5 && !stderr(&out).contains("only pending tasks") {
                    self.storm.note_odd("assign", c, &out);
                }
            }
            Outcome::Unknown => {}
        }
    }

    fn reap(&mut self) {
        let jump = 20_000 + self.rng.below(130_000) as i64;
        let now = self.storm.clock.tick(jump);
        let args = ["--json", "queue", "reap"];
        let (outcome, window) = self.exec("reap", &now, &args);
        match outcome {
            Outcome::Code(0, out) => {
                let reaped: Value = serde_json::from_slice(&out.stdout).unwrap_or(Value::Null);
                for r in reaped.as_array().into_iter().flatten() {
                    let id = r["task_id"].as_str().unwrap_or("?").to_string();
                    self.event(&id, "reaped", None, &now, window, "queue reap");
                    if r["status"] == "failed" {
                        self.storm
                            .shared
                            .lock()
                            .unwrap()
                            .ledger
                            .finishes
                            .push(Finish {
                                id,
                                status: "failed".into(),
                                // The reaper or the holder, by version.
                                by: None,
                                at: time(&now).expect("FED_NOW"),
                                window,
                            });
                    }
                }
            }
            Outcome::Code(c, out) => self.storm.note_odd("reap", c, &out),
            Outcome::Unknown => {}
        }
    }

    fn vote_create(&mut self) {
        self.n += 1;
        let tag = format!("v{}-{}", self.w, self.n);
        let question = format!("storm vote {tag}");
        let k = 2 + self.rng.below(2) as usize;
        let start = self.rng.below(OPTIONS.len() as u64) as usize;
        let options: Vec<String> = (0..k)
            .map(|i| OPTIONS[(start + i) % OPTIONS.len()].to_string())
            .collect();
        let quorum = (1 + self.rng.below(3)).to_string();
        let mut args: Vec<&str> = vec!["--json", "vote", "create", &question, "--quorum", &quorum];
        for o in &options {
            args.extend(["--option", o]);
        }
        if self.chance(40) {
            args.extend(["--deadline", "2m"]);
        }
        if self.chance(15) {
            args.push("--high-stakes");
        }
        let now = self.storm.clock.tick(0);
        let (outcome, _) = self.exec("vote create", &now, &args);
        match outcome {
            Outcome::Code(0, out) => {
                let vote: Value = serde_json::from_slice(&out.stdout).unwrap_or(Value::Null);
                let id = vote["vote_id"].as_str().unwrap_or("?").to_string();
                let mut s = self.storm.shared.lock().unwrap();
                s.ledger.votes.insert(tag, id.clone());
                s.votes.push((id, options));
            }
            Outcome::Code(c, out) => self.storm.note_odd("vote create", c, &out),
            Outcome::Unknown => {
                self.storm
                    .shared
                    .lock()
                    .unwrap()
                    .ledger
                    .maybe_votes
                    .insert(tag);
            }
        }
    }

    fn vote_cast(&mut self) {
        let Some((vote, options)) = self.storm.random_vote(&mut self.rng) else {
            return self.vote_create();
        };
        let choice = options[self.rng.below(options.len() as u64) as usize].clone();
        let confidence = format!("{:.2}", 0.4 + self.rng.below(61) as f64 / 100.0);
        let now = self.storm.clock.tick(0);
        let args = [
            "--json",
            "vote",
            "cast",
            &vote,
            "--choice",
            &choice,
            "--confidence",
            &confidence,
        ];
        let (outcome, window) = self.exec("vote cast", &now, &args);
        let (acked, at) = match outcome {
            Outcome::Code(0, out) => {
                let doc = json(&out);
                (
                    true,
                    doc["votes"][self.agent]["cast_at"].as_str().and_then(time),
                )
            }
            Outcome::Code(c, out) => {
                if c != 5 {
                    self.storm.note_odd("vote cast", c, &out);
                }
                return;
            }
            Outcome::Unknown => (false, None),
        };
        self.storm.shared.lock().unwrap().ledger.casts.push(Cast {
            vote,
            agent: self.agent.into(),
            choice,
            confidence: confidence.parse().expect("a number"),
            at,
            window,
            acked,
        });
    }

    fn vote_resolve(&mut self) {
        let due = self.chance(35);
        let vote = if due {
            None
        } else {
            match self.storm.random_vote(&mut self.rng) {
                Some((v, _)) => Some(v),
                None => return self.vote_create(),
            }
        };
        let now = self.storm.clock.tick(0);
        let args: Vec<&str> = match &vote {
            Some(v) => vec!["--json", "vote", "resolve", v],
            None => vec!["--json", "vote", "resolve", "--due"],
        };
        let (outcome, _) = self.exec("vote resolve", &now, &args);
        match outcome {
            Outcome::Code(0, out) => {
                let docs: Value = serde_json::from_slice(&out.stdout).unwrap_or(Value::Null);
                let at = time(&now).expect("FED_NOW");
                let mut s = self.storm.shared.lock().unwrap();
                for doc in docs.as_array().into_iter().flatten() {
                    let id = doc["vote_id"].as_str().unwrap_or("?").to_string();
                    s.ledger.resolved.push((id, at));
                }
            }
            Outcome::Code(c, out) => {
                if c != 3 && c != 5 {
                    self.storm.note_odd("vote resolve", c, &out);
                }
            }
            Outcome::Unknown => {}
        }
    }

    fn vote_override(&mut self) {
        let Some((vote, options)) = self.storm.random_vote(&mut self.rng) else {
            return;
        };
        let choice = options[self.rng.below(options.len() as u64) as usize].clone();
        let now = self.storm.clock.tick(0);
        let args = ["vote", "override", &vote, "--choice", &choice];
        let (outcome, window) = self.exec("vote override", &now, &args);
        let acked = match outcome {
            Outcome::Code(0, _) => true,
            Outcome::Code(c, out) => {
                self.storm.note_odd("vote override", c, &out);
                return;
            }
            Outcome::Unknown => false,
        };
        self.storm
            .shared
            .lock()
            .unwrap()
            .ledger
            .overrides
            .push(Override {
                vote,
                choice,
                window,
                acked,
            });
    }

    fn pause(&mut self) {
        let now = self.storm.clock.tick(0);
        let (outcome, window) = self.exec("pause", &now, &["pause", "--reason", "storm"]);
        self.paused = true;
        if let Outcome::Code(0, _) = outcome {
            self.storm.shared.lock().unwrap().ledger.pauses.push(window);
        }
    }

    fn resume(&mut self) {
        let now = self.storm.clock.tick(0);
        let (outcome, window) = self.exec("resume", &now, &["resume"]);
        match outcome {
            Outcome::Code(0, _) => self.paused = false,
            Outcome::Code(c, out) => {
                self.storm.note_odd("resume", c, &out);
                return;
            }
            Outcome::Unknown => {}
        }
        self.storm
            .shared
            .lock()
            .unwrap()
            .ledger
            .resumes
            .push(window);
    }

    /// Learns task ids (handoffs among them) from a full listing.
    fn list(&mut self) {
        let now = self.storm.clock.tick(0);
        let (outcome, _) = self.exec("list", &now, &["--json", "queue", "list", "--state", "all"]);
        if let Outcome::Code(0, out) = outcome {
            let docs: Value = serde_json::from_slice(&out.stdout).unwrap_or(Value::Null);
            let mut s = self.storm.shared.lock().unwrap();
            for doc in docs.as_array().into_iter().flatten() {
                if let Some(id) = doc["task_id"].as_str() {
                    s.know(id);
                }
            }
        }
    }

    /// Takes over the claims of this agent that this worker does not
    /// know of (a claim whose answer was killed, an unblock by another).
    fn adopt(&mut self) {
        let now = self.storm.clock.tick(0);
        let args = [
            "--json",
            "queue",
            "list",
            "--state",
            "in-progress",
            "--for",
            self.agent,
        ];
        let (outcome, _) = self.exec("adopt", &now, &args);
        if let Outcome::Code(0, out) = outcome {
            let docs: Value = serde_json::from_slice(&out.stdout).unwrap_or(Value::Null);
            for doc in docs.as_array().into_iter().flatten() {
                if doc["assignee"].as_str() != Some(self.agent) {
                    continue;
                }
                let id = doc["task_id"].as_str().unwrap_or("?").to_string();
                let token = doc["lease"]["token"].as_str().unwrap_or("?").to_string();
                if !self.held.iter().any(|(h, _)| *h == id) {
                    self.held.push((id, token));
                }
            }
        }
    }

    fn status(&mut self) {
        let now = self.storm.clock.tick(0);
        let _ = self.exec("status", &now, &["--json", "status"]);
    }
}

/// The checker is not vacuous: a federation the storm's operations made
/// passes it, and each invariant catches a break made by hand.
#[test]
fn the_storm_checker_passes_a_clean_federation_and_catches_each_break() {
    let env = Env::new();
    env.config(CONFIG);
    let mut ledger = Ledger::default();
    let mut add = |tag: &str, args: &[&str]| -> String {
        let desc = format!("storm task {tag}");
        let mut all = vec!["queue", "add", desc.as_str()];
        all.extend_from_slice(args);
        let out = env.run(Some(BOSS), &all);
        assert!(out.status.success(), "add: {}", stderr(&out));
        let id = stdout(&out).trim().to_string();
        ledger.added.insert(tag.to_string(), id.clone());
        id
    };
    let research = add("r", &["--type", "research"]);
    let other = add("o", &[]);
    let after = add("a", &["--after", &research]);
    for args in [
        &["queue", "claim", research.as_str()][..],
        &["queue", "complete", &research],
        &["queue", "claim", &after],
    ] {
        let out = env.run(Some("claude"), args);
        assert!(out.status.success(), "{args:?}: {}", stderr(&out));
    }
    let clean = check(&env, &ledger, &spec(), NOW);
    assert!(
        clean.is_empty(),
        "a clean federation fails:\n{}",
        report(&clean)
    );

    let edit = |rel: &str, change: &dyn Fn(&mut Value)| {
        let path = env.path(rel);
        let mut task: Value = serde_json::from_slice(&std::fs::read(&path).unwrap()).unwrap();
        change(&mut task);
        std::fs::write(&path, serde_json::to_vec_pretty(&task).unwrap()).unwrap();
    };
    // 1 and 6: a second copy of a task.
    std::fs::copy(
        env.path(&format!("queue/pending/{other}.json")),
        env.path(&format!("queue/blocked/{other}.json")),
    )
    .unwrap();
    // 2 and 3: the dependency finished after the claim of its dependant.
    edit(&format!("queue/completed/{research}.json"), &|t| {
        t["result"]["finished_at"] = "2026-11-21T10:00:00.000Z".into();
    });
    // 5: a follow-up that claims a rule whose outcome did not happen.
    let follow = crate::common::invariants::handoff_id(&research, "research-to-implement");
    edit(&format!("queue/pending/{follow}.json"), &|t| {
        t["handoff"]["rule"] = "failed-implement-review".into();
    });
    // 4: an acknowledged add that is not there.
    ledger.added.insert("ghost".into(), "ghost-task".into());

    let found = check(&env, &ledger, &spec(), NOW);
    let text = report(&found);
    for invariant in [
        "one-place",
        "history",
        "deps-before-claim",
        "acknowledged",
        "handoff",
        "check",
    ] {
        assert!(
            found.iter().any(|v| v.invariant == invariant),
            "invariant {invariant} caught nothing:\n{text}"
        );
    }
}
