//! Availability (`fed agent away|back`) through a git remote: one ref
//! (`refs/fed/B/availability`) holds every agent away, replaced whole by
//! each change with the directory's version as its lease, so an agent
//! away on one machine is away on every machine after a sync, and two
//! machines changing it at once both keep their word.

use crate::common::machines::{Hub, clone_machine, first_machine, machines, ok, run};
use crate::common::process::{process_at, run_bounded};
use crate::common::{Env, code, stderr, stdout};
use serde_json::Value;

/// The agents `env` sees away, by name, with their reasons.
fn away(env: &Env) -> Vec<(String, String)> {
    let out = run(env, None, &["agents", "--json"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let agents: Value = serde_json::from_slice(&out.stdout).expect("agents JSON");
    agents
        .as_array()
        .expect("an array")
        .iter()
        .filter(|a| a["availability"] == "away")
        .map(|a| {
            let reason = a["reason"].as_str().unwrap_or_default().to_string();
            (a["name"].as_str().unwrap_or_default().to_string(), reason)
        })
        .collect()
}

/// Agent `name` away, said with `reason` (`fed agents` words the rest).
fn pair(name: &str, reason: &str) -> (String, String) {
    let said = if reason.is_empty() {
        String::new()
    } else {
        format!(" ({reason})")
    };
    (name.to_string(), format!("away until it is back{said}"))
}

/// The agents the hub holds away.
fn on_hub(hub: &Hub) -> Vec<String> {
    let Some(text) = hub.show("refs/fed/fed/availability:availability.json") else {
        return Vec::new();
    };
    let map: serde_json::Map<String, Value> = serde_json::from_str(&text).expect("a JSON object");
    map.keys().cloned().collect()
}

#[test]
fn an_agent_away_on_one_machine_is_away_on_every_machine() {
    let hub = Hub::new();
    let m = machines(&hub, 2);
    let (a, b) = (&m[0], &m[1]);
    ok(a, Some("kimi"), &["agent", "away", "--reason", "on leave"]);
    assert_eq!(on_hub(&hub), ["kimi"]);
    assert_eq!(away(a), [pair("kimi", "on leave")]);
    // B knows once it syncs; routing there passes kimi over.
    ok(b, None, &["sync"]);
    assert_eq!(away(b), [pair("kimi", "on leave")]);
    assert_eq!(
        std::fs::read(a.path("availability/kimi.json")).unwrap(),
        std::fs::read(b.path("availability/kimi.json")).unwrap(),
        "the same file on both machines"
    );
    // Back, said on B: A follows.
    ok(b, Some("kimi"), &["agent", "back"]);
    assert!(on_hub(&hub).is_empty());
    ok(a, None, &["sync"]);
    assert!(away(a).is_empty());
    assert!(!a.path("availability/kimi.json").exists());
    ok(a, None, &["check"]);
    ok(b, None, &["check"]);
}

#[test]
fn agents_away_before_the_federation_was_shared_go_with_it() {
    let hub = Hub::new();
    let a = Env::new();
    ok(&a, Some("kimi"), &["agent", "away"]);
    ok(&a, None, &["remote", "set", &hub.url()]);
    assert_eq!(on_hub(&hub), ["kimi"]);
    let b = clone_machine(&hub);
    assert_eq!(away(&b), [pair("kimi", "")]);
}

#[test]
fn two_machines_changing_availability_at_once_both_keep_their_word() {
    let hub = Hub::new();
    let a = first_machine(&hub);
    let b = clone_machine(&hub);
    // B has not seen A's change (its last sync counts as the command's
    // own): its push expects the old availability, loses, syncs and is
    // redone on the new one. Pushed without that lease, or computed from
    // B's files alone, it would drop kimi.
    ok(&a, Some("kimi"), &["agent", "away", "--reason", "a"]);
    let before = on_hub(&hub);
    crate::common::machines::freshen_last_sync(&b);
    ok(&b, Some("claude"), &["agent", "away", "--reason", "b"]);
    assert_eq!(before, ["kimi"]);
    assert_eq!(on_hub(&hub), ["claude", "kimi"]);
    ok(&a, None, &["sync"]);
    let both = [pair("claude", "b"), pair("kimi", "a")];
    assert_eq!(away(&a), both);
    assert_eq!(away(&b), both);
}

#[test]
fn availability_is_refused_offline_and_nothing_changes() {
    let hub = Hub::new();
    let a = first_machine(&hub);
    hub.vanish();
    let out = run(&a, Some("kimi"), &["agent", "away"]);
    assert_eq!(code(&out), 1, "{}", stdout(&out));
    let err = stderr(&out);
    assert!(err.contains(&hub.url()), "names the remote: {err}");
    assert_eq!(err.trim().lines().count(), 1, "one line: {err}");
    assert!(away(&a).is_empty());
    hub.come_back();
    ok(&a, Some("kimi"), &["agent", "away"]);
    assert_eq!(on_hub(&hub), ["kimi"]);
}

#[test]
fn a_malformed_availability_on_the_remote_is_set_aside_and_never_written() {
    let hub = Hub::new();
    let m = machines(&hub, 2);
    let (a, b) = (&m[0], &m[1]);
    ok(a, Some("kimi"), &["agent", "away", "--reason", "good"]);
    ok(b, None, &["sync"]);
    // Someone pushes an availability naming a file outside the folder.
    let replica = fed::remote::Replica::open(&a.dir()).unwrap().unwrap();
    let bad = br#"{"../../config": {"since": "2026-11-21T09:00:00Z"}}"#;
    let now = crate::common::NOW.parse().unwrap();
    let single = fed::remote::layout::Single::Availability;
    let cas = replica.cas_single(single, bad, now).unwrap();
    assert!(matches!(cas, fed::remote::replica::Cas::Landed(_)));
    let out = run(b, None, &["sync"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert!(stderr(&out).contains("remote-invalid"), "{}", stderr(&out));
    assert_eq!(away(b), [pair("kimi", "good")]);
    let check = run(b, None, &["check"]);
    assert_eq!(code(&check), 1, "{}", stdout(&check));
    assert!(
        stdout(&check).contains("remote-invalid"),
        "{}",
        stdout(&check)
    );
}

/// "Silent" (no event for `availability.silent_after`) counts the events
/// other machines published: an agent working on another machine is not
/// silent here once both have synced.
#[test]
fn an_agent_working_on_another_machine_is_not_silent_here_after_a_sync() {
    let hub = Hub::new();
    let m = machines(&hub, 2);
    let (a, b) = (&m[0], &m[1]);
    let state = |env: &Env| {
        let out = run(env, None, &["agents", "--json"]);
        let agents: Value = serde_json::from_slice(&out.stdout).expect("agents JSON");
        let kimi = agents
            .as_array()
            .unwrap()
            .iter()
            .find(|x| x["name"] == "kimi");
        kimi.expect("kimi is known")["availability"].clone()
    };
    // Kimi acted on B three hours ago, and on A just now.
    let early = "2026-11-21T06:00:00Z";
    let cmd = process_at(b, Some("kimi"), early, &["queue", "add", "old work"]);
    let out = run_bounded(cmd, crate::common::machines::LIMIT);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    ok(a, Some("kimi"), &["queue", "add", "new work"]);
    assert_eq!(state(b), "silent");
    // A publishes its log lines; B receives them.
    ok(a, None, &["sync"]);
    ok(b, None, &["sync"]);
    assert_eq!(state(b), "available");
}
