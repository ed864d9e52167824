//! A replica kept quick as it works (`src/remote/tidy.rs`): each change
//! leaves a small pack in it, and once there are many, a sync merges them
//! and adds the commits to the replica's commit-graph, which git then
//! reads instead of inflating each commit a push or a fetch walks past.
//! `remote set` and `clone` write the graph of what they bring. A graph
//! lock left by a write that died does not stop the next one for long.

use crate::common::machines::{
    Hub, clone_machine, first_machine, freshen_last_sync, git, ok, status_of,
};
use crate::common::{Env, stderr};

fn packs(env: &Env) -> usize {
    std::fs::read_dir(env.path(".remote/git/objects/pack"))
        .unwrap()
        .flatten()
        .filter(|e| e.file_name().to_string_lossy().ends_with(".pack"))
        .count()
}

#[test]
fn a_sync_merges_many_packs_and_graphs_the_replicas_commits() {
    let hub = Hub::new();
    let a = first_machine(&hub);
    // One add at a time: each its own change (a batch from a file is one),
    // each counting the last sync as fresh (a sync of its own would merge
    // the packs as soon as there are many, however slow the machine).
    let ids: Vec<String> = (0..60)
        .map(|n| {
            freshen_last_sync(&a);
            ok(&a, None, &["queue", "add", &format!("task {n}")])
        })
        .collect();
    let chain = a.path(".remote/git/objects/info/commit-graphs/commit-graph-chain");
    let before = packs(&a);
    assert!(before > 50, "one pack per change: {before}");
    // `remote set` graphed the federation's first commits; the changes
    // since are not in the graph yet.
    let graphed_at_first = graphed_commits(&chain);
    assert!(graphed_at_first < 60, "{graphed_at_first}");
    // A graph write that died (a crash of git, a power cut) left its lock
    // eleven minutes ago: the sync's write removes it and graphs all the
    // same.
    let lock = chain.with_extension("lock");
    std::fs::write(&lock, "").unwrap();
    let eleven_minutes = std::time::Duration::from_secs(660);
    std::fs::File::options()
        .write(true)
        .open(&lock)
        .unwrap()
        .set_modified(std::time::SystemTime::now() - eleven_minutes)
        .unwrap();

    ok(&a, None, &["sync"]);
    assert!(!lock.exists(), "the dead write's lock is gone");
    let after = packs(&a);
    assert!(after < before / 2, "packs merged: {before} -> {after}");
    let replica = a.path(".remote/git");
    let verify = git(Some(&replica), &["commit-graph", "verify"], None);
    assert!(verify.status.success(), "{}", stderr(&verify));
    // Every change's commit is in it: the graph's layers hold at least
    // one commit per task published, and another write adds nothing.
    let graphed = graphed_commits(&chain);
    assert!(
        graphed >= graphed_at_first + 60,
        "{graphed_at_first} -> {graphed}"
    );
    let layers = std::fs::read_to_string(&chain).unwrap();
    let again = git(
        Some(&replica),
        &["commit-graph", "write", "--reachable", "--split"],
        None,
    );
    assert!(again.status.success(), "{}", stderr(&again));
    assert_eq!(std::fs::read_to_string(&chain).unwrap(), layers);

    // The replica works on as before, and so does a machine that clones it.
    let claimed = ok(&a, Some("kimi"), &["queue", "claim", &ids[0]]);
    assert_eq!(claimed, ids[0]);
    ok(&a, Some("kimi"), &["queue", "complete", &ids[0]]);
    ok(&a, None, &["check"]);
    let b = clone_machine(&hub);
    assert_eq!(status_of(&b, &ids[0]).as_deref(), Some("done"));
    assert_eq!(status_of(&b, &ids[59]).as_deref(), Some("pending"));
    // A clone graphs what it brought at once: every task's commit.
    let cloned = b.path(".remote/git/objects/info/commit-graphs/commit-graph-chain");
    assert!(
        graphed_commits(&cloned) >= 60,
        "{}",
        graphed_commits(&cloned)
    );
}

/// The commits in the layers of a split commit-graph (`chain` names one
/// `graph-HASH.graph` per line): the last entry of each layer's OID
/// fanout (git's commit-graph file format).
fn graphed_commits(chain: &std::path::Path) -> u64 {
    let dir = chain.parent().unwrap();
    let mut total = 0;
    for hash in std::fs::read_to_string(chain).unwrap().lines() {
        let bytes = std::fs::read(dir.join(format!("graph-{hash}.graph"))).unwrap();
        assert_eq!(&bytes[..4], b"CGPH");
        let chunks = bytes[6] as usize;
        let fanout = (0..chunks)
            .map(|i| &bytes[8 + 12 * i..8 + 12 * (i + 1)])
            .find(|entry| &entry[..4] == b"OIDF")
            .map(|entry| u64::from_be_bytes(entry[4..12].try_into().unwrap()) as usize)
            .expect("an OID fanout chunk");
        let last = &bytes[fanout + 255 * 4..fanout + 256 * 4];
        total += u64::from(u32::from_be_bytes(last.try_into().unwrap()));
    }
    total
}
