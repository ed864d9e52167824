//! Keeping the replica small and quick as it works: its refs packed, its
//! objects in few packs, and its commits in a commit-graph. Each sync
//! ends with [`tidy`]; every step is best effort (git works either way,
//! only slower) and costs nothing until there is something to do.

use crate::remote::replica::Replica;

/// After a sync: sweeps what killed processes left in `.remote/landing/`,
/// packs the refs when many are loose, and the packs when there are many,
/// then brings the commit-graph up to date.
pub fn tidy(replica: &Replica) {
    crate::remote::landing::sweep(replica.paths());
    pack_refs(replica);
    if repack(replica) {
        commit_graph(replica);
    }
}

/// Loose refs in the replica before a sync packs them.
const LOOSE_REFS: usize = 100;

/// Packs the replica's refs when many are loose: every fetch, push and
/// `for-each-ref` reads every ref, and a loose ref is a file of its own
/// (with a thousand documents, a fetch that changes nothing then costs
/// several times what it costs with packed refs). Best effort: refs work
/// either way.
fn pack_refs(replica: &Replica) {
    fn count(dir: &std::path::Path, limit: usize, n: &mut usize) {
        let Ok(entries) = std::fs::read_dir(dir) else {
            return;
        };
        for entry in entries.flatten() {
            if *n > limit {
                return;
            }
            match entry.file_type() {
                Ok(t) if t.is_dir() => count(&entry.path(), limit, n),
                Ok(_) => *n += 1,
                Err(_) => {}
            }
        }
    }
    let mut loose = 0;
    count(
        &replica.paths().git_dir().join("refs"),
        LOOSE_REFS,
        &mut loose,
    );
    if loose > LOOSE_REFS {
        let _ = replica.git().run(&["pack-refs", "--all", "--prune"], b"");
    }
}

/// Packs in the replica before a sync repacks them.
const PACKS: usize = 50;

/// Merges the replica's packs when there are more than [`PACKS`]: every
/// change writes its objects as one small pack (`fastimport.unpackLimit`),
/// every fetch that brings something keeps its pack (`fetch.unpackLimit`),
/// and every git process looks an object up pack by pack. A geometric
/// repack (git 2.32) merges the small packs into bigger ones, so that the
/// count stays logarithmic at a cost proportional to what it merges; an
/// older git repacks everything into one pack. Says whether it repacked.
fn repack(replica: &Replica) -> bool {
    let dir = replica.paths().git_dir().join("objects/pack");
    let Ok(entries) = std::fs::read_dir(&dir) else {
        return false;
    };
    let packs = entries
        .flatten()
        .filter(|e| e.file_name().to_string_lossy().ends_with(".pack"))
        .count();
    if packs <= PACKS {
        return false;
    }
    let git = replica.git();
    let geometric = git.run(&["repack", "-d", "-q", "--geometric=2"], b"");
    if !geometric.is_ok_and(|out| out.success) {
        let _ = git.run(&["repack", "-a", "-d", "-q"], b"");
    }
    true
}

/// Adds the commits that arrived since the last time to the replica's
/// commit-graph (a new layer of a split graph, which git merges as the
/// layers grow). A push lists every commit of the remote's refs that the
/// replica has as one it need not send, and a fetch's connectivity check
/// walks from every ref: with a graph git reads each of those commits
/// from one mapped file instead of inflating it from a pack (`queue add`
/// with 1,000 live refs: 41 -> 38 ms). Run after a repack, that is once
/// every fifty or so changes and fetches (the commits since are read the
/// slow way), and once at the end of `remote set` and `clone`, which
/// bring a federation's commits all at once. Layers that a merge of
/// layers leaves unused are removed by a later write once a minute old,
/// not at once: another local git may have just read the chain that
/// names them.
pub fn commit_graph(replica: &Replica) {
    let _ = replica.git().run(
        &[
            "commit-graph",
            "write",
            "--reachable",
            "--split",
            "--expire-time=1.minute.ago",
            "--no-progress",
        ],
        b"",
    );
}
