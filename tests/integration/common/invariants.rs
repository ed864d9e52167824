//! The invariant checker of the storm (`storm.rs`): after one recovering
//! command, it reads `.federation/` directly (never through `fed`, but
//! for the final `fed check`) and compares it with the ledger of what the
//! clients were told. Each violation names its invariant, the task or vote,
//! and the files and history needed to diagnose it.
//!
//! 1. `one-place`: every task id in exactly one queue folder, names that
//!    match contents, `.txn/` and `.tmp/` empty, `handoffs/` holding only
//!    follow-ups of unfinished tasks; votes likewise in one vote folder.
//! 2. `history`: each task's history replays as a valid state machine,
//!    with times that never go backwards, ending in the state of its file.
//! 3. `deps-before-claim`: every claim came after its dependencies were
//!    done.
//! 4. `acknowledged`: every acknowledged change is present (adds, claims
//!    and their tokens, history events, finishes, heartbeats, votes,
//!    ballots, resolutions, overrides), nothing is present that no client
//!    asked for, and no claim was acknowledged while surely paused.
//! 5. `handoff`: no follow-up for an outcome that did not happen (the
//!    rule matches what its task really became, and who finished it), and
//!    every finished task that a rule matches has its follow-up.
//! 6. `check`: `fed check --json` reports no error; and on the quiet
//!    federation `fed status`, `fed queue list` (also `--ready`) and `fed
//!    vote list`, which read through the summary cache, agree with the
//!    folders (`views`).
//!
//! Besides: `log.jsonl` holds a line for every acknowledged change
//! (`acknowledged`), and `routing-history.jsonl` holds one line per
//! acknowledged completion and no line for an outcome that did not
//! happen (`records`).

use super::inflight::{Ended, Inflight};
use super::jepsen::all_names;
use super::ledger::{Ledger, Time, time};
use super::process::process_at;
use super::{Env, NOW, stderr, stdout};
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::time::Duration;

/// A handoff rule of the storm's config.yaml, as the checker sees it.
#[derive(Debug, Clone)]
pub(crate) struct RuleSpec {
    pub name: &'static str,
    pub when_type: Option<&'static str>,
    pub when_agent: Option<&'static str>,
    /// `done`, `failed` or `any`.
    pub outcome: &'static str,
    pub then_type: &'static str,
}

/// The settings of the storm's config.yaml the checker relies on.
#[derive(Debug, Clone)]
pub(crate) struct Spec {
    pub rules: Vec<RuleSpec>,
    pub max_attempts: u64,
    pub max_depth: u64,
    pub ttl: chrono::Duration,
    pub overseers: Vec<String>,
}

/// One broken invariant.
#[derive(Debug, Clone)]
pub(crate) struct Violation {
    pub invariant: &'static str,
    pub subject: String,
    pub detail: String,
}

/// A task file as found.
#[derive(Debug, Clone)]
pub(crate) struct Found {
    pub folder: &'static str,
    pub name: String,
    pub task: Value,
}

impl Found {
    fn s(&self, field: &str) -> Option<&str> {
        self.task[field].as_str()
    }
}

const FOLDERS: [&str; 4] = ["pending", "in-progress", "blocked", "completed"];

/// The recovery, then every check. `fed` runs only for the recovery
/// (`resume`, then `queue reap` at `NOW`, before any lease expires) and
/// for the final `fed check`.
pub(crate) fn check(env: &Env, ledger: &Ledger, spec: &Spec, now: &str) -> Vec<Violation> {
    let mut v = Checker {
        out: Vec::new(),
        spec,
        ledger,
    };
    let runner = Inflight::default();
    for (agent, args) in [
        (Some("boss"), &["resume"][..]),
        (None, &["queue", "reap"][..]),
    ] {
        match runner.run(process_at(env, agent, NOW, args), Duration::from_secs(120)) {
            Ended::Exited(out) if out.status.success() => {}
            other => v.add(
                "recovery",
                format!("fed {args:?}"),
                format!("the recovering command failed: {other:?}"),
            ),
        }
    }
    let tasks = v.read_tasks(env);
    v.scratch(env, &tasks);
    let replays: BTreeMap<String, Replay> = tasks
        .iter()
        .map(|(id, f)| (id.clone(), replay(f, spec)))
        .collect();
    for (id, r) in &replays {
        for problem in &r.problems {
            v.add(
                "history",
                id.clone(),
                format!("{problem}\n{}", describe(&tasks[id])),
            );
        }
    }
    v.deps_before_claim(&tasks);
    v.acknowledged(&tasks);
    v.votes(env);
    v.handoffs(env, &tasks, &replays);
    v.records(env, &tasks, &replays);
    v.fed_check(env, now);
    v.views(env, now, &tasks);
    v.out
}

struct Checker<'a> {
    out: Vec<Violation>,
    spec: &'a Spec,
    ledger: &'a Ledger,
}

impl Checker<'_> {
    fn add(&mut self, invariant: &'static str, subject: impl Into<String>, detail: String) {
        self.out.push(Violation {
            invariant,
            subject: subject.into(),
            detail,
        });
    }

    /// Invariant 1 for tasks: reads the four folders; returns each id's
    /// first file.
    fn read_tasks(&mut self, env: &Env) -> BTreeMap<String, Found> {
        let mut seen: BTreeMap<String, Vec<Found>> = BTreeMap::new();
        for folder in FOLDERS {
            for name in all_names(&env.path(&format!("queue/{folder}"))) {
                if name.starts_with('.') {
                    continue;
                }
                let rel = format!("queue/{folder}/{name}");
                let Some(stem) = name.strip_suffix(".json") else {
                    self.add("one-place", rel, "not a task file name".into());
                    continue;
                };
                let (id, token) = match stem.split_once('@') {
                    Some((id, token)) => (id.to_string(), Some(token.to_string())),
                    None => (stem.to_string(), None),
                };
                if (folder == "in-progress") != token.is_some() {
                    self.add(
                        "one-place",
                        id.clone(),
                        format!("{rel}: a claim token in the name belongs in in-progress/ only"),
                    );
                }
                let bytes = std::fs::read(env.path(&rel)).unwrap_or_default();
                let task: Value = match serde_json::from_slice(&bytes) {
                    Ok(task) => task,
                    Err(e) => {
                        self.add("one-place", id, format!("{rel}: not JSON: {e}"));
                        continue;
                    }
                };
                let found = Found {
                    folder,
                    name: name.clone(),
                    task,
                };
                if found.s("task_id") != Some(id.as_str()) {
                    self.add(
                        "one-place",
                        id.clone(),
                        format!("{rel}: task_id is {}", found.task["task_id"]),
                    );
                }
                let status = found.s("status").unwrap_or("?");
                if !folder_holds(folder, status) {
                    self.add(
                        "one-place",
                        id.clone(),
                        format!("{rel}: status {status} in {folder}/\n{}", describe(&found)),
                    );
                }
                if token.is_some() && found.task["lease"]["token"].as_str() != token.as_deref() {
                    self.add(
                        "one-place",
                        id.clone(),
                        format!(
                            "{rel}: lease.token is {}\n{}",
                            found.task["lease"]["token"],
                            describe(&found)
                        ),
                    );
                }
                seen.entry(id).or_default().push(found);
            }
        }
        let mut tasks = BTreeMap::new();
        for (id, mut places) in seen {
            if places.len() != 1 {
                let all: Vec<String> = places.iter().map(describe).collect();
                self.add(
                    "one-place",
                    id.clone(),
                    format!(
                        "the task is in {} places:\n{}",
                        places.len(),
                        all.join("\n")
                    ),
                );
            }
            tasks.insert(id, places.remove(0));
        }
        tasks
    }

    /// Invariant 1: scratch folders empty, `handoffs/` only for
    /// unfinished tasks.
    fn scratch(&mut self, env: &Env, tasks: &BTreeMap<String, Found>) {
        for dir in [".txn", ".tmp"] {
            let left: Vec<String> = all_names(&env.path(dir))
                .into_iter()
                .filter(|n| n != ".gitkeep")
                .collect();
            if !left.is_empty() {
                self.add(
                    "one-place",
                    dir,
                    format!("{dir}/ still holds {left:?} after recovery"),
                );
            }
        }
        for name in all_names(&env.path("handoffs")) {
            if name.starts_with('.') {
                continue;
            }
            let text =
                std::fs::read_to_string(env.path(&format!("handoffs/{name}"))).unwrap_or_default();
            let prepared: Value = serde_json::from_str(&text).unwrap_or(Value::Null);
            let from = prepared["handoff"]["from_task"].as_str().unwrap_or("?");
            let id = prepared["task_id"].as_str().unwrap_or(&name).to_string();
            if tasks.contains_key(&id) {
                self.add(
                    "one-place",
                    id.clone(),
                    format!("handoffs/{name} is prepared, and the task is queued as well"),
                );
            }
            match tasks.get(from) {
                Some(parent) if parent.folder != "completed" => {}
                parent => self.add(
                    "one-place",
                    id,
                    format!(
                        "handoffs/{name} is still prepared after recovery, but its task {from} is {}",
                        parent.map_or("gone".to_string(), describe)
                    ),
                ),
            }
        }
    }

    /// Invariant 3: every claim (in the histories; acknowledged or not)
    /// came after each dependency was done.
    fn deps_before_claim(&mut self, tasks: &BTreeMap<String, Found>) {
        for (id, f) in tasks {
            let deps: Vec<String> = strings(&f.task["dependencies"]);
            if deps.is_empty() {
                continue;
            }
            for entry in entries(&f.task).filter(|e| e.event == "claimed") {
                let ack = self
                    .ledger
                    .claims
                    .iter()
                    .find(|c| c.id == *id && c.at == entry.at);
                for dep in &deps {
                    let problem = match tasks.get(dep) {
                        None => Some("does not exist".to_string()),
                        Some(d) if d.s("status") != Some("done") => {
                            Some(format!("is {}", d.s("status").unwrap_or("?")))
                        }
                        Some(d) => {
                            let finished = d.task["result"]["finished_at"].as_str().and_then(time);
                            match finished {
                                Some(t) if t <= entry.at => None,
                                other => Some(format!(
                                    "was finished at {other:?}, after the claim at {}",
                                    entry.at
                                )),
                            }
                        }
                    };
                    let Some(problem) = problem else { continue };
                    let order = match (
                        ack,
                        self.ledger
                            .finishes
                            .iter()
                            .find(|x| x.id == *dep && x.status == "done"),
                    ) {
                        (Some(c), Some(fin)) if c.window.before(&fin.window) => format!(
                            "the claim process ended (seq {}) before the completion of {dep} began (seq {}): a claim ahead of its dependency",
                            c.window.end, fin.window.start
                        ),
                        (Some(c), Some(fin)) => format!(
                            "the claim process (seq {}-{}, FED_NOW {}) overlapped the completion of {dep} (seq {}-{}, FED_NOW {}): the claim read its clock before the completion did",
                            c.window.start,
                            c.window.end,
                            c.at,
                            fin.window.start,
                            fin.window.end,
                            fin.at
                        ),
                        (Some(_), None) => {
                            format!("the completion of {dep} was not acknowledged")
                        }
                        (None, _) => "the claim itself was not acknowledged".to_string(),
                    };
                    let detail = format!(
                        "claimed by {} at {} ({}), but dependency {dep} {problem}; {order}\n{}\n{}",
                        entry.agent.as_deref().unwrap_or("-"),
                        entry.at,
                        if ack.is_some() {
                            "acknowledged"
                        } else {
                            "not acknowledged"
                        },
                        describe(f),
                        tasks
                            .get(dep)
                            .map_or("(dependency missing)".into(), describe)
                    );
                    self.add("deps-before-claim", id.clone(), detail);
                }
            }
        }
    }

    /// Invariant 4 for tasks and pauses.
    fn acknowledged(&mut self, tasks: &BTreeMap<String, Found>) {
        let ledger = self.ledger;
        // Adds: every acknowledged one present; nothing no client asked for.
        for (tag, id) in &ledger.added {
            match tasks.get(id) {
                None => self.add(
                    "acknowledged",
                    id.clone(),
                    format!("add '{tag}' was acknowledged with this id, and the task is lost"),
                ),
                Some(f) if add_tag(f).as_deref() != Some(tag) => self.add(
                    "acknowledged",
                    id.clone(),
                    format!(
                        "add '{tag}' was acknowledged, but the task holds another\n{}",
                        describe(f)
                    ),
                ),
                Some(_) => {}
            }
        }
        for (id, f) in tasks {
            if !f.task["handoff"].is_object() {
                match add_tag(f) {
                    Some(tag)
                        if ledger.added.get(&tag) == Some(id)
                            || ledger.maybe_added.contains(&tag) => {}
                    tag => self.add(
                        "acknowledged",
                        id.clone(),
                        format!(
                            "a task nobody added (tag {tag:?}, not acknowledged and not in flight when killed)\n{}",
                            describe(f)
                        ),
                    ),
                }
            }
        }
        // Claims: once per attempt and token, and in the history.
        let mut by_attempt: BTreeMap<(&str, u64), &str> = BTreeMap::new();
        let mut by_token: BTreeMap<(&str, &str), &str> = BTreeMap::new();
        for c in &ledger.claims {
            if let Some(other) = by_attempt.insert((&c.id, c.attempt), &c.agent) {
                self.add(
                    "acknowledged",
                    c.id.clone(),
                    format!(
                        "attempt {} was acknowledged to both {other} and {}",
                        c.attempt, c.agent
                    ),
                );
            }
            if let Some(other) = by_token.insert((&c.id, &c.token), &c.agent) {
                self.add(
                    "acknowledged",
                    c.id.clone(),
                    format!(
                        "claim token {} was acknowledged twice ({other} and {})",
                        c.token, c.agent
                    ),
                );
            }
            let Some(f) = tasks.get(&c.id) else {
                self.add(
                    "acknowledged",
                    c.id.clone(),
                    format!("claimed by {} (acknowledged) and gone", c.agent),
                );
                continue;
            };
            let nth = entries(&f.task)
                .filter(|e| e.event == "claimed")
                .nth(c.attempt.saturating_sub(1) as usize);
            match nth {
                Some(e) if e.agent.as_deref() == Some(c.agent.as_str()) && e.at == c.at => {}
                other => self.add(
                    "acknowledged",
                    c.id.clone(),
                    format!(
                        "claim {} (attempt {}) by {} at {} was acknowledged; claim number {} in the history is {:?}\n{}",
                        c.token,
                        c.attempt,
                        c.agent,
                        c.at,
                        c.attempt,
                        other.map(|e| format!("{} at {}", e.agent.unwrap_or_default(), e.at)),
                        describe(f)
                    ),
                ),
            }
        }
        // Every acknowledged change is in its task's history.
        for e in &ledger.events {
            let Some(f) = tasks.get(&e.id) else {
                self.add(
                    "acknowledged",
                    e.id.clone(),
                    format!("`{}` was acknowledged and the task is gone", e.what),
                );
                continue;
            };
            let present = entries(&f.task).any(|h| {
                h.event == e.event
                    && h.agent == e.agent
                    && (h.at == e.at || !e.exact && h.at > e.at)
            });
            if !present {
                self.add(
                    "acknowledged",
                    e.id.clone(),
                    format!(
                        "`{}` ({} {}, seq {}-{}) was acknowledged, and its `{}` is not in the history (a lost update)\n{}",
                        e.what,
                        if e.exact { "answered at" } else { "FED_NOW" },
                        e.at,
                        e.window.start,
                        e.window.end,
                        e.event,
                        describe(f)
                    ),
                );
            }
        }
        // Finishes: in completed/ with that status, by that agent, once.
        let mut finished: BTreeMap<&str, &str> = BTreeMap::new();
        for fin in &ledger.finishes {
            if let Some(other) = finished.insert(&fin.id, &fin.status) {
                self.add(
                    "acknowledged",
                    fin.id.clone(),
                    format!(
                        "finished twice (acknowledged): {other}, then {} by {:?}",
                        fin.status, fin.by
                    ),
                );
            }
            let Some(f) = tasks.get(&fin.id) else {
                continue;
            };
            if f.folder != "completed"
                || f.s("status") != Some(fin.status.as_str())
                || fin
                    .by
                    .as_ref()
                    .is_some_and(|by| f.task["result"]["by"].as_str() != Some(by.as_str()))
            {
                self.add(
                    "acknowledged",
                    fin.id.clone(),
                    format!(
                        "acknowledged {} by {:?} at {}, but the task is otherwise\n{}",
                        fin.status,
                        fin.by,
                        fin.at,
                        describe(f)
                    ),
                );
            }
        }
        // Heartbeats: a claim still held keeps the renewal it was promised.
        for b in &ledger.beats {
            let Some(f) = tasks.get(&b.id) else { continue };
            if f.folder != "in-progress" || f.task["lease"]["token"].as_str() != Some(&b.token) {
                continue;
            }
            let expires = f.task["lease"]["expires_at"].as_str().and_then(time);
            if expires.is_none_or(|t| t < b.until) {
                self.add(
                    "acknowledged",
                    b.id.clone(),
                    format!(
                        "heartbeat by {} at {} of claim {} was acknowledged (until {}), but the lease expires at {expires:?}\n{}",
                        b.agent,
                        b.at,
                        b.token,
                        b.until,
                        describe(f)
                    ),
                );
            }
        }
        // Pauses: no claim acknowledged that ran wholly while surely paused.
        for p in &ledger.pauses {
            let until = ledger
                .resumes
                .iter()
                .filter(|r| r.end > p.start)
                .map(|r| r.start)
                .min()
                .unwrap_or(u64::MAX);
            if until <= p.end {
                continue;
            }
            for c in &ledger.claims {
                if c.window.start > p.end && c.window.end < until {
                    self.add(
                        "acknowledged",
                        c.id.clone(),
                        format!(
                            "claimed by {} (seq {}-{}) while paused: the pause was acknowledged at seq {} and no resume began before seq {until}",
                            c.agent, c.window.start, c.window.end, p.end
                        ),
                    );
                }
            }
        }
    }

    /// Invariants 1 and 4 for votes.
    fn votes(&mut self, env: &Env) {
        let ledger = self.ledger;
        let mut found: BTreeMap<String, Vec<(&'static str, serde_yaml::Value)>> = BTreeMap::new();
        for folder in ["active", "resolved"] {
            for name in all_names(&env.path(&format!("votes/{folder}"))) {
                if name.starts_with('.') {
                    continue;
                }
                let rel = format!("votes/{folder}/{name}");
                let text = std::fs::read_to_string(env.path(&rel)).unwrap_or_default();
                let vote: serde_yaml::Value = match serde_yaml::from_str(&text) {
                    Ok(v) => v,
                    Err(e) => {
                        self.add("one-place", rel, format!("not YAML: {e}"));
                        continue;
                    }
                };
                let id = name.strip_suffix(".yaml").unwrap_or(&name).to_string();
                if vote["vote_id"].as_str() != Some(id.as_str()) {
                    self.add(
                        "one-place",
                        rel.clone(),
                        format!("vote_id is {:?}", vote["vote_id"]),
                    );
                }
                let status = vote["status"].as_str().unwrap_or("?");
                if (folder == "active") != (status == "active") {
                    self.add("one-place", id.clone(), format!("{rel}: status {status}"));
                }
                found.entry(id).or_default().push((folder, vote));
            }
        }
        for (id, places) in &found {
            if places.len() != 1 {
                self.add(
                    "one-place",
                    id.clone(),
                    format!("the vote is in {} places", places.len()),
                );
            }
            let vote = &places[0].1;
            let tag = vote["question"]
                .as_str()
                .and_then(|q| q.strip_prefix("storm vote "))
                .map(str::to_string);
            let known = tag
                .as_ref()
                .is_some_and(|t| ledger.votes.get(t) == Some(id) || ledger.maybe_votes.contains(t));
            if !known {
                self.add(
                    "acknowledged",
                    id.clone(),
                    format!("a vote nobody created (tag {tag:?})"),
                );
            }
            // Decided and escalated votes count exactly their ballots.
            let status = vote["status"].as_str().unwrap_or("?");
            if matches!(status, "decided" | "escalated") {
                let mut counts: BTreeMap<String, u64> = BTreeMap::new();
                if let Some(ballots) = vote["votes"].as_mapping() {
                    for b in ballots.values() {
                        *counts
                            .entry(b["choice"].as_str().unwrap_or("?").to_string())
                            .or_default() += 1;
                    }
                }
                let mut tally: BTreeMap<String, u64> = BTreeMap::new();
                if let Some(t) = vote["result"]["tally"].as_mapping() {
                    for (k, n) in t {
                        let n = n.as_u64().unwrap_or(0);
                        if n > 0 {
                            tally.insert(k.as_str().unwrap_or("?").to_string(), n);
                        }
                    }
                }
                if counts != tally {
                    self.add(
                        "acknowledged",
                        id.clone(),
                        format!(
                            "the vote is {status} with tally {tally:?}, but its ballots count {counts:?}\n{}",
                            serde_yaml::to_string(vote).unwrap_or_default()
                        ),
                    );
                }
            }
        }
        for (tag, id) in &ledger.votes {
            if !found.contains_key(id) {
                self.add(
                    "acknowledged",
                    id.clone(),
                    format!("vote '{tag}' was acknowledged and is lost"),
                );
            }
        }
        // Ballots: the last acknowledged cast of each agent, unless a cast
        // that may have landed after it replaced it.
        let mut last: BTreeMap<(&str, &str), &super::ledger::Cast> = BTreeMap::new();
        for c in ledger.casts.iter().filter(|c| c.acked) {
            let slot = last.entry((&c.vote, &c.agent)).or_insert(c);
            if slot.window.end < c.window.end {
                *slot = c;
            }
        }
        for ((vote_id, agent), acked) in last {
            let Some(places) = found.get(vote_id) else {
                continue;
            };
            let vote = &places[0].1;
            let ballot = &vote["votes"][agent];
            let matches = |c: &super::ledger::Cast| {
                ballot["choice"].as_str() == Some(c.choice.as_str())
                    && ballot["confidence"].as_f64() == Some(c.confidence)
                    && c.at
                        .is_none_or(|at| ballot["cast_at"].as_str().and_then(time) == Some(at))
            };
            let ok = matches(acked)
                || ledger.casts.iter().any(|c| {
                    c.vote == vote_id
                        && c.agent == agent
                        && c.window.end > acked.window.start
                        && !std::ptr::eq(c, acked)
                        && matches(c)
                });
            if !ok {
                self.add(
                    "acknowledged",
                    vote_id.to_string(),
                    format!(
                        "the ballot of {agent} ({} {} at {:?}, seq {}-{}) was acknowledged; the vote holds {}",
                        acked.choice,
                        acked.confidence,
                        acked.at,
                        acked.window.start,
                        acked.window.end,
                        serde_yaml::to_string(vote).unwrap_or_default()
                    ),
                );
            }
        }
        for (vote_id, at) in &ledger.resolved {
            if let Some(places) = found.get(vote_id)
                && places[0].1["status"].as_str() == Some("active")
            {
                self.add(
                    "acknowledged",
                    vote_id.clone(),
                    format!("resolved at {at} (acknowledged), and the vote is active"),
                );
            }
        }
        let mut last_override: BTreeMap<&str, &super::ledger::Override> = BTreeMap::new();
        for o in ledger.overrides.iter().filter(|o| o.acked) {
            let slot = last_override.entry(&o.vote).or_insert(o);
            if slot.window.end < o.window.end {
                *slot = o;
            }
        }
        for (vote_id, acked) in last_override {
            let Some(places) = found.get(vote_id) else {
                continue;
            };
            let vote = &places[0].1;
            let decision = vote["result"]["decision"].as_str();
            let ok = vote["status"].as_str() == Some("overridden")
                && (decision == Some(acked.choice.as_str())
                    || ledger.overrides.iter().any(|o| {
                        o.vote == vote_id
                            && o.window.end > acked.window.start
                            && decision == Some(o.choice.as_str())
                    }));
            if !ok {
                self.add(
                    "acknowledged",
                    vote_id.to_string(),
                    format!(
                        "overridden to {} (acknowledged, seq {}-{}); the vote is {}",
                        acked.choice,
                        acked.window.start,
                        acked.window.end,
                        serde_yaml::to_string(vote).unwrap_or_default()
                    ),
                );
            }
        }
    }

    /// Invariant 5, both ways.
    fn handoffs(
        &mut self,
        env: &Env,
        tasks: &BTreeMap<String, Found>,
        replays: &BTreeMap<String, Replay>,
    ) {
        let spec = self.spec;
        for (id, f) in tasks {
            let h = &f.task["handoff"];
            if !h.is_object() {
                continue;
            }
            let from = h["from_task"].as_str().unwrap_or("?");
            let rule_name = h["rule"].as_str().unwrap_or("?");
            let depth = h["depth"].as_u64().unwrap_or(0);
            let mut problems = Vec::new();
            let Some(rule) = spec.rules.iter().find(|r| r.name == rule_name) else {
                self.add(
                    "handoff",
                    id.clone(),
                    format!("rule {rule_name} is not in config.yaml"),
                );
                continue;
            };
            if *id != handoff_id(from, rule_name) {
                problems.push(format!(
                    "its id is not the one derived from ({from}, {rule_name})"
                ));
            }
            if f.s("task_type") != Some(rule.then_type) {
                problems.push(format!(
                    "its type is {:?}, the rule says {}",
                    f.s("task_type"),
                    rule.then_type
                ));
            }
            let Some(parent) = tasks.get(from) else {
                self.add(
                    "handoff",
                    id.clone(),
                    format!("its task {from} does not exist\n{}", describe(f)),
                );
                continue;
            };
            let outcome = parent.s("status").unwrap_or("?");
            let finisher = replays.get(from).and_then(|r| r.finisher.clone());
            let outcome_ok = match rule.outcome {
                "any" => matches!(outcome, "done" | "failed"),
                want => outcome == want,
            };
            if !outcome_ok {
                problems.push(format!(
                    "rule {rule_name} fires on outcome {}, but its task {from} is {outcome}",
                    rule.outcome
                ));
            }
            if let Some(t) = rule.when_type
                && parent.s("task_type") != Some(t)
            {
                problems.push(format!(
                    "rule {rule_name} wants type {t}, task {from} is {:?}",
                    parent.s("task_type")
                ));
            }
            if let Some(a) = rule.when_agent
                && finisher.as_deref() != Some(a)
            {
                problems.push(format!(
                    "rule {rule_name} wants agent {a}, task {from} was finished by {finisher:?}"
                ));
            }
            if f.s("from_agent") != finisher.as_deref() {
                problems.push(format!(
                    "from_agent is {:?}, but task {from} was finished by {finisher:?}",
                    f.s("from_agent")
                ));
            }
            let parent_depth = parent.task["handoff"]["depth"].as_u64().unwrap_or(0);
            if depth != parent_depth + 1 || depth > spec.max_depth {
                problems.push(format!(
                    "depth {depth}, task {from} has depth {parent_depth} (limit {})",
                    spec.max_depth
                ));
            }
            let deps = strings(&f.task["dependencies"]);
            let want: Vec<String> = if outcome == "done" {
                vec![from.to_string()]
            } else {
                Vec::new()
            };
            if outcome_ok && deps != want {
                problems.push(format!(
                    "dependencies {deps:?}, want {want:?} after a {outcome} task"
                ));
            }
            if !problems.is_empty() {
                self.add(
                    "handoff",
                    id.clone(),
                    format!(
                        "{}\nthe follow-up: {}\nits task: {}",
                        problems.join("; "),
                        describe(f),
                        describe(parent)
                    ),
                );
            }
        }
        // Each finished task that a rule matches has its follow-up, or a
        // logged refusal (`handoff-refused` when it is prepared, or
        // `handoff-dropped` for the agent's pending limit when it is
        // queued).
        let log: Vec<Value> = std::fs::read_to_string(env.path("log.jsonl"))
            .unwrap_or_default()
            .lines()
            .filter_map(|l| serde_json::from_str::<Value>(l).ok())
            .filter(|e| {
                e["event"]
                    .as_str()
                    .is_some_and(|e| e.starts_with("handoff-"))
            })
            .collect();
        let refused = |id: &str, rule: &str, follow: &str| {
            log.iter().any(|e| {
                (e["event"] == "handoff-refused" && e["task_id"] == id && e["rule"] == rule)
                    || (e["event"] == "handoff-dropped"
                        && e["task_id"] == follow
                        && e["reason"]
                            .as_str()
                            .is_some_and(|r| r.contains("max_pending_per_agent")))
            })
        };
        let logged = |id: &str, follow: &str| -> Vec<String> {
            log.iter()
                .filter(|e| e["task_id"] == id || e["task_id"] == follow || e["from_task"] == id)
                .map(Value::to_string)
                .collect()
        };
        for (id, f) in tasks {
            let outcome = f.s("status").unwrap_or("?");
            if !matches!(outcome, "done" | "failed") {
                continue;
            }
            let depth = f.task["handoff"]["depth"].as_u64().unwrap_or(0) + 1;
            let finisher = replays.get(id).and_then(|r| r.finisher.clone());
            for rule in &spec.rules {
                let fires = (rule.outcome == "any" || rule.outcome == outcome)
                    && rule.when_type.is_none_or(|t| f.s("task_type") == Some(t))
                    && rule
                        .when_agent
                        .is_none_or(|a| finisher.as_deref() == Some(a));
                if !fires || depth > spec.max_depth {
                    continue;
                }
                let follow = handoff_id(id, rule.name);
                if !tasks.contains_key(&follow) && !refused(id, rule.name, &follow) {
                    self.add(
                        "handoff",
                        id.clone(),
                        format!(
                            "rule {} matches this {outcome} task (finished by {finisher:?}), and its follow-up {follow} is missing, with no refusal for the pending limit logged; handoff events in the log: {:?}\n{}",
                            rule.name,
                            logged(id, &follow),
                            describe(f)
                        ),
                    );
                }
            }
        }
    }

    /// The log and the routing history against the tasks.
    fn records(
        &mut self,
        env: &Env,
        tasks: &BTreeMap<String, Found>,
        replays: &BTreeMap<String, Replay>,
    ) {
        let lines = |file: &str| -> Vec<Value> {
            std::fs::read_to_string(env.path(file))
                .unwrap_or_default()
                .lines()
                .filter_map(|l| serde_json::from_str(l).ok())
                .collect()
        };
        // Each acknowledged change has its own log line (same event, task
        // and agent), dated no earlier than the process's clock.
        type Key = (String, String, Option<String>);
        let mut log: BTreeMap<Key, Vec<Time>> = BTreeMap::new();
        for e in lines("log.jsonl") {
            let key = (
                e["event"].as_str().unwrap_or("").to_string(),
                e["task_id"].as_str().unwrap_or("").to_string(),
                e["agent"].as_str().map(str::to_string),
            );
            log.entry(key)
                .or_default()
                .push(e["at"].as_str().and_then(time).unwrap_or_default());
        }
        let mut acks: BTreeMap<Key, Vec<(Time, String)>> = BTreeMap::new();
        for e in &self.ledger.events {
            let event = match e.event.as_str() {
                "done" => "completed",
                other => other,
            };
            let key = (event.to_string(), e.id.clone(), e.agent.clone());
            acks.entry(key).or_default().push((e.at, e.what.clone()));
        }
        for c in &self.ledger.claims {
            let key = ("claimed".to_string(), c.id.clone(), Some(c.agent.clone()));
            let what = format!("{} fed queue claim (token {})", c.agent, c.token);
            acks.entry(key).or_default().push((c.at, what));
        }
        for ((event, id, agent), mut wanted) in acks {
            wanted.sort();
            let mut have = log
                .get(&(event.clone(), id.clone(), agent))
                .cloned()
                .unwrap_or_default();
            have.sort();
            // Match each acknowledgement to the earliest line at or after it.
            for (floor, what) in &wanted {
                match have.iter().position(|t| t >= floor) {
                    Some(i) => {
                        have.remove(i);
                    }
                    None => self.add(
                        "acknowledged",
                        id.clone(),
                        format!(
                            "`{what}` (at {floor}) was acknowledged, and log.jsonl has no `{event}` line for it"
                        ),
                    ),
                }
            }
        }
        let mut per_task: BTreeMap<String, Vec<Value>> = BTreeMap::new();
        for line in lines("routing-history.jsonl") {
            let id = line["task_id"].as_str().unwrap_or("?").to_string();
            per_task.entry(id).or_default().push(line);
        }
        for (id, list) in &per_task {
            let Some(f) = tasks.get(id) else {
                self.add(
                    "records",
                    id.clone(),
                    "routing-history.jsonl has a line for a task that does not exist".into(),
                );
                continue;
            };
            let finisher = replays.get(id).and_then(|r| r.finisher.clone());
            let status = f.s("status").unwrap_or("?");
            for line in list {
                let success = line["success"].as_bool();
                let fits = match status {
                    "done" => success == Some(true),
                    "failed" => success == Some(false),
                    _ => false,
                };
                if !fits || line["assigned_to"].as_str() != finisher.as_deref() {
                    self.add(
                        "records",
                        id.clone(),
                        format!(
                            "routing-history.jsonl says {line}, but the task is {status}, finished by {finisher:?}\n{}",
                            describe(f)
                        ),
                    );
                }
            }
            if list.len() > 1 {
                self.add(
                    "records",
                    id.clone(),
                    format!(
                        "routing-history.jsonl has {} lines for the task: {list:?}",
                        list.len()
                    ),
                );
            }
        }
        for fin in &self.ledger.finishes {
            let completed = self.ledger.events.iter().any(|e| {
                e.id == fin.id
                    && e.at == fin.at
                    && e.event == fin.status
                    && e.what.contains("complete")
            });
            if completed && !per_task.contains_key(&fin.id) {
                self.add(
                    "acknowledged",
                    fin.id.clone(),
                    format!(
                        "the completion ({} by {:?} at {}) was acknowledged, and routing-history.jsonl has no line for it",
                        fin.status, fin.by, fin.at
                    ),
                );
            }
        }
    }

    /// Invariant 6, the views: on a quiet federation, what `status` and
    /// the listings show (through the summary cache) is what the folders
    /// hold.
    fn views(&mut self, env: &Env, now: &str, tasks: &BTreeMap<String, Found>) {
        let runner = Inflight::default();
        let mut json = |args: &[&str]| -> Option<Value> {
            match runner.run(process_at(env, None, now, args), Duration::from_secs(120)) {
                Ended::Exited(out) if out.status.success() => {
                    serde_json::from_slice(&out.stdout).ok()
                }
                other => {
                    self.add(
                        "views",
                        format!("fed {args:?}"),
                        format!("failed: {other:?}"),
                    );
                    None
                }
            }
        };
        let status = json(&["--json", "status"]);
        let all = json(&["--json", "queue", "list", "--state", "all"]);
        let ready = json(&["--json", "queue", "list", "--ready"]);
        let votes = json(&["--json", "vote", "list", "--state", "all"]);
        let mut counts: BTreeMap<String, u64> = BTreeMap::new();
        for f in tasks.values() {
            *counts
                .entry(f.s("status").unwrap_or("?").to_string())
                .or_default() += 1;
        }
        if let Some(status) = status {
            for (state, n) in status["counts"].as_object().into_iter().flatten() {
                let want = counts.get(state).copied().unwrap_or(0);
                if n.as_u64() != Some(want) {
                    self.add(
                        "views",
                        "fed status",
                        format!("counts {state} as {n}; the folders hold {want}"),
                    );
                }
            }
            for field in ["in_flight", "problems"] {
                if status[field] != 0 {
                    self.add(
                        "views",
                        "fed status",
                        format!("{field} is {}", status[field]),
                    );
                }
            }
        }
        let listed = |v: &Option<Value>| -> BTreeMap<String, String> {
            v.as_ref()
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
                .map(|t| {
                    (
                        t["task_id"].as_str().unwrap_or("?").to_string(),
                        t["status"].as_str().unwrap_or("?").to_string(),
                    )
                })
                .collect()
        };
        let on_disk: BTreeMap<String, String> = tasks
            .iter()
            .map(|(id, f)| (id.clone(), f.s("status").unwrap_or("?").to_string()))
            .collect();
        if all.is_some() {
            let shown = listed(&all);
            for (id, st) in &on_disk {
                if shown.get(id) != Some(st) {
                    self.add(
                        "views",
                        id.clone(),
                        format!(
                            "queue list --state all shows {:?}; the file says {st}",
                            shown.get(id)
                        ),
                    );
                }
            }
            for id in shown.keys().filter(|id| !on_disk.contains_key(*id)) {
                self.add(
                    "views",
                    id.clone(),
                    "queue list shows a task no folder holds".into(),
                );
            }
        }
        if ready.is_some() {
            let shown: BTreeSet<String> = listed(&ready).into_keys().collect();
            let want: BTreeSet<String> = tasks
                .iter()
                .filter(|(_, f)| f.folder == "pending")
                .filter(|(_, f)| {
                    strings(&f.task["dependencies"])
                        .iter()
                        .all(|d| tasks.get(d).is_some_and(|d| d.s("status") == Some("done")))
                })
                .map(|(id, _)| id.clone())
                .collect();
            if shown != want {
                self.add(
                    "views",
                    "queue list --ready",
                    format!(
                        "shows {:?} that are not ready and misses {:?} that are",
                        shown.difference(&want).collect::<Vec<_>>(),
                        want.difference(&shown).collect::<Vec<_>>()
                    ),
                );
            }
        }
        if let Some(votes) = votes {
            let shown: BTreeSet<&str> = votes
                .as_array()
                .into_iter()
                .flatten()
                .filter_map(|v| v["vote_id"].as_str())
                .collect();
            let mut on_disk = BTreeSet::new();
            for folder in ["active", "resolved"] {
                for name in all_names(&env.path(&format!("votes/{folder}"))) {
                    if let Some(id) = name.strip_suffix(".yaml") {
                        on_disk.insert(id.to_string());
                    }
                }
            }
            let shown: BTreeSet<String> = shown.into_iter().map(str::to_string).collect();
            if shown != on_disk {
                self.add(
                    "views",
                    "vote list --state all",
                    format!(
                        "shows {:?} that no folder holds and misses {:?}",
                        shown.difference(&on_disk).collect::<Vec<_>>(),
                        on_disk.difference(&shown).collect::<Vec<_>>()
                    ),
                );
            }
        }
    }

    /// Invariant 6.
    fn fed_check(&mut self, env: &Env, now: &str) {
        let runner = Inflight::default();
        let out = match runner.run(
            process_at(env, None, now, &["--json", "check"]),
            Duration::from_secs(120),
        ) {
            Ended::Exited(out) => out,
            other => {
                self.add("check", "fed check", format!("did not exit: {other:?}"));
                return;
            }
        };
        let report: Value = match serde_json::from_slice(&out.stdout) {
            Ok(v) => v,
            Err(e) => {
                self.add(
                    "check",
                    "fed check",
                    format!("not JSON ({e}): {}{}", stdout(&out), stderr(&out)),
                );
                return;
            }
        };
        let bad: Vec<&Value> = report["problems"]
            .as_array()
            .map(|p| {
                p.iter()
                    .filter(|p| {
                        p["severity"] == "error"
                            || matches!(
                                p["kind"].as_str(),
                                Some("duplicate" | "invalid" | "in-flight")
                            )
                    })
                    .collect()
            })
            .unwrap_or_default();
        if report["ok"] != true || !bad.is_empty() {
            for p in bad {
                self.add(
                    "check",
                    p["task_id"].as_str().unwrap_or("fed check").to_string(),
                    format!("{} {}: {}", p["severity"], p["kind"], p["message"]),
                );
            }
            if report["ok"] != true {
                self.add("check", "fed check", format!("ok is {}", report["ok"]));
            }
        }
    }
}

fn folder_holds(folder: &str, status: &str) -> bool {
    match folder {
        "completed" => matches!(status, "done" | "failed" | "cancelled"),
        other => other == status,
    }
}

/// The storm tag in a task's description (`storm task TAG ...`).
fn add_tag(f: &Found) -> Option<String> {
    f.s("description")?
        .strip_prefix("storm task ")?
        .split_whitespace()
        .next()
        .map(str::to_string)
}

fn strings(v: &Value) -> Vec<String> {
    v.as_array()
        .map(|a| {
            a.iter()
                .filter_map(|s| s.as_str().map(str::to_string))
                .collect()
        })
        .unwrap_or_default()
}

/// One history entry.
#[derive(Debug, Clone)]
struct Entry {
    at: Time,
    event: String,
    agent: Option<String>,
    note: Option<String>,
}

fn entries(task: &Value) -> impl Iterator<Item = Entry> + '_ {
    task["history"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|e| Entry {
            at: e["at"].as_str().and_then(time).unwrap_or_default(),
            event: e["event"].as_str().unwrap_or("?").to_string(),
            agent: e["agent"].as_str().map(str::to_string),
            note: e["note"].as_str().map(str::to_string),
        })
}

/// A task's file and history in a few lines, for messages.
pub(crate) fn describe(f: &Found) -> String {
    let t = &f.task;
    let mut s = format!(
        "  queue/{}/{}: status {} type {} attempts {} from {} to {} assignee {} deps {}",
        f.folder,
        f.name,
        t["status"],
        t["task_type"],
        t["attempts"],
        t["from_agent"],
        t["to_agent"],
        t["assignee"],
        t["dependencies"]
    );
    if t["lease"].is_object() {
        let _ = write!(s, " lease {}", t["lease"]);
    }
    if t["blocked"].is_object() {
        let _ = write!(s, " blocked {}", t["blocked"]);
    }
    if t["result"].is_object() {
        let _ = write!(s, " result {}", t["result"]);
    }
    if t["handoff"].is_object() {
        let _ = write!(s, " handoff {}", t["handoff"]);
    }
    for e in entries(t) {
        let _ = write!(
            s,
            "\n    {}  {:<10} {}{}",
            e.at.format("%H:%M:%S%.3f"),
            e.event,
            e.agent.as_deref().unwrap_or("-"),
            e.note.map(|n| format!(" ({n})")).unwrap_or_default()
        );
    }
    s
}

/// What replaying a history found.
#[derive(Debug, Default)]
struct Replay {
    problems: Vec<String>,
    /// Who finished the task: the completing agent, or the holder whose
    /// last lease a reap turned into a failure.
    finisher: Option<String>,
}

#[derive(Debug, Clone, PartialEq)]
enum State {
    Pending,
    InProgress(Option<String>),
    Blocked(Box<State>),
    Done,
    Failed,
    Cancelled,
}

impl State {
    fn status(&self) -> &'static str {
        match self {
            State::Pending => "pending",
            State::InProgress(_) => "in-progress",
            State::Blocked(_) => "blocked",
            State::Done => "done",
            State::Failed => "failed",
            State::Cancelled => "cancelled",
        }
    }
}

/// Invariant 2: the history as a state machine. `added` starts it
/// pending; `claimed` (pending) makes it in progress for the claimer;
/// `done`/`failed` (in progress, by the holder) and `cancelled` (any
/// unfinished state) end it; `released` (in progress) and `assigned`
/// (pending) make it pending; `blocked` (pending or in progress) sets it
/// aside and `unblocked` returns it to where it was; `reaped` (in
/// progress) makes it pending, or failed on the last attempt. Times never
/// go backwards; the end state, attempts, lease and result agree with the
/// file.
fn replay(f: &Found, spec: &Spec) -> Replay {
    let mut r = Replay::default();
    let mut state: Option<State> = None;
    let mut claims = 0u64;
    let mut last_at: Option<Time> = None;
    let mut lease_from: Option<Time> = None;
    let all: Vec<Entry> = entries(&f.task).collect();
    // Whom the task is addressed to: the file's `to_agent` while no
    // `assigned` entry says otherwise (the first addressee is not in the
    // history, so it is unknown before an assignment).
    let mut to: Option<Option<String>> = if all.iter().any(|e| e.event == "assigned") {
        None
    } else {
        Some(f.task["to_agent"].as_str().map(str::to_string))
    };
    for (i, e) in all.iter().enumerate() {
        if let Some(prev) = last_at
            && e.at < prev
        {
            r.problems.push(format!(
                "history entry {i} ({} by {}) is at {}, before entry {} at {prev}: times go backwards",
                e.event,
                e.agent.as_deref().unwrap_or("-"),
                e.at,
                i - 1
            ));
        }
        last_at = Some(e.at);
        let agent = e.agent.clone();
        let next = match (&state, e.event.as_str()) {
            (None, "added") => Some(State::Pending),
            (Some(State::Pending), "claimed") => {
                if let Some(Some(to)) = &to
                    && agent.as_deref() != Some(to.as_str())
                {
                    r.problems.push(format!(
                        "entry {i}: claimed by {agent:?}, but the task was addressed to {to}"
                    ));
                }
                claims += 1;
                lease_from = Some(e.at);
                Some(State::InProgress(agent.clone()))
            }
            (Some(State::InProgress(holder)), "done" | "failed") => {
                if *holder != agent {
                    r.problems.push(format!(
                        "entry {i}: {} by {agent:?}, but the holder is {holder:?}",
                        e.event
                    ));
                }
                r.finisher = agent.clone();
                Some(if e.event == "done" {
                    State::Done
                } else {
                    State::Failed
                })
            }
            (Some(State::InProgress(_)), "released") => Some(State::Pending),
            (Some(State::Pending), "assigned") => {
                let target = e.note.as_deref().and_then(|n| n.strip_prefix("to "));
                to = Some(target.map(str::to_string));
                Some(State::Pending)
            }
            (Some(s @ (State::Pending | State::InProgress(_))), "blocked") => {
                Some(State::Blocked(Box::new(s.clone())))
            }
            (Some(State::Blocked(from)), "unblocked") => {
                if matches!(**from, State::InProgress(_)) {
                    lease_from = Some(e.at);
                }
                Some((**from).clone())
            }
            (Some(State::Pending | State::InProgress(_) | State::Blocked(_)), "cancelled") => {
                Some(State::Cancelled)
            }
            (Some(State::InProgress(holder)), "reaped") => {
                if claims >= spec.max_attempts {
                    r.finisher = holder.clone();
                    Some(State::Failed)
                } else {
                    Some(State::Pending)
                }
            }
            _ => None,
        };
        match next {
            Some(s) => state = Some(s),
            None => {
                r.problems.push(format!(
                    "entry {i}: `{}` by {} is not a transition from {}",
                    e.event,
                    agent.as_deref().unwrap_or("-"),
                    state
                        .as_ref()
                        .map_or("nothing (the first entry must be `added`)", State::status)
                ));
                return r;
            }
        }
    }
    let Some(state) = state else {
        r.problems.push("the history is empty".into());
        return r;
    };
    let t = &f.task;
    if let Some(to) = &to
        && t["to_agent"].as_str() != to.as_deref()
    {
        r.problems.push(format!(
            "to_agent is {}, the last assignment says {to:?}",
            t["to_agent"]
        ));
    }
    let status = t["status"].as_str().unwrap_or("?");
    if state.status() != status {
        r.problems.push(format!(
            "the history replays to {}, the file says {status}",
            state.status()
        ));
    }
    if t["attempts"].as_u64() != Some(claims) {
        r.problems.push(format!(
            "attempts is {}, the history has {claims} claims",
            t["attempts"]
        ));
    }
    match &state {
        State::InProgress(holder) => {
            if t["assignee"].as_str() != holder.as_deref() {
                r.problems.push(format!(
                    "assignee is {}, the history's holder is {holder:?}",
                    t["assignee"]
                ));
            }
            let claimed_at = t["lease"]["claimed_at"].as_str().and_then(time);
            if claimed_at != lease_from {
                r.problems.push(format!(
                    "lease.claimed_at is {claimed_at:?}, the history's last claim or unblock is at {lease_from:?}"
                ));
            }
        }
        State::Blocked(from) => {
            if t["blocked"]["from"].as_str() != Some(from.status()) {
                r.problems.push(format!(
                    "blocked.from is {}, the history says {}",
                    t["blocked"]["from"],
                    from.status()
                ));
            }
        }
        State::Done | State::Failed | State::Cancelled => {
            let last = all.last().expect("a history");
            let finished = t["result"]["finished_at"].as_str().and_then(time);
            let by = t["result"]["by"].as_str();
            // A failure by reap names the reaper, or (since the handoff
            // hardening) the holder whose lease ran out.
            let by_ok = by == last.agent.as_deref()
                || (last.event == "reaped" && by == r.finisher.as_deref());
            if finished != Some(last.at) || !by_ok {
                r.problems.push(format!(
                    "result {} does not match the last history entry ({} by {:?} at {})",
                    t["result"], last.event, last.agent, last.at
                ));
            }
        }
        State::Pending => {}
    }
    r
}

/// The id a handoff rule gives the follow-up of `from_task` (the same
/// FNV-1a derivation as `queue::handoff`).
pub(crate) fn handoff_id(from_task: &str, rule: &str) -> String {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for byte in from_task.bytes().chain([0]).chain(rule.bytes()) {
        hash = (hash ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3);
    }
    let mut digits = String::new();
    while digits.len() < 12 {
        digits.push(char::from_digit((hash % 36) as u32, 36).unwrap_or('0'));
        hash /= 36;
    }
    let mut name = rule.to_string();
    name.truncate(64 - digits.len() - 1);
    format!("{name}-{digits}")
}

/// Groups violations by invariant, for the failure message.
pub(crate) fn report(violations: &[Violation]) -> String {
    let mut by: BTreeMap<&str, Vec<&Violation>> = BTreeMap::new();
    for v in violations {
        by.entry(v.invariant).or_default().push(v);
    }
    let mut s = String::new();
    for (inv, list) in by {
        let _ = writeln!(s, "== invariant {inv}: {} violation(s)", list.len());
        for v in list.iter().take(12) {
            let _ = writeln!(s, "-- [{inv}] {}: {}", v.subject, v.detail);
        }
        if list.len() > 12 {
            let _ = writeln!(s, "-- ... and {} more", list.len() - 12);
        }
    }
    s
}
