//! Keeping the replica small as it works: its refs packed, and its
//! objects in few packs. Each sync ends with [`tidy`]; both steps are
//! best effort (git works either way, only slower) and cost nothing
//! until there is something to do.

use crate::remote::replica::Replica;

/// After a sync: packs the refs when many are loose, and the packs when
/// there are many.
pub fn tidy(replica: &Replica) {
    pack_refs(replica);
    repack(replica);
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
/// older git repacks everything into one pack.
fn repack(replica: &Replica) {
    let dir = replica.paths().git_dir().join("objects/pack");
    let Ok(entries) = std::fs::read_dir(&dir) else {
        return;
    };
    let packs = entries
        .flatten()
        .filter(|e| e.file_name().to_string_lossy().ends_with(".pack"))
        .count();
    if packs <= PACKS {
        return;
    }
    let git = replica.git();
    let geometric = git.run(&["repack", "-d", "-q", "--geometric=2"], b"");
    if !geometric.is_ok_and(|out| out.success) {
        let _ = git.run(&["repack", "-a", "-d", "-q"], b"");
    }
}
