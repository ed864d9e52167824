//! When a folder's journal explains the folder, so that its cache can
//! stand for a listing of it: `status` counting finished tasks without
//! listing `completed/` (`cache_finished`), and a listing that trusts
//! names and inodes (`Store::scan_validated`) without reading the folder.
//!
//! The rule: the folder is not read when its cache is clean (every file
//! in it), its journal reads, the folder is the one the base was made
//! from, and the journal's records chain from the base to the folder's
//! mtime and ctime now: each record carries the folder's times read
//! right before and right after its move ([`Store::stamped`]), and each
//! "before" must be the "after" of another (or the base's times, or
//! those of a listing that matched, `V`). A move nobody recorded (made by
//! hand, or by a process killed between its move and its record) leaves
//! a gap in the chain, also when a later move is recorded. Records
//! appended out of the order of their moves (two processes at once) are
//! replayed in the chain's order, the order of the moves. Times are only
//! as fine as the filesystem's clock tick: where a change right after a
//! time was read gets a later time (Linux 6.13 and later give ext4, XFS,
//! btrfs and tmpfs such "multigrain" ctimes), the chain is exact;
//! elsewhere a move in the same tick as the recorded one before it could
//! look recorded, which is why the journal is trusted only within a
//! window of a full listing that matched it, and a base alone only when
//! written more than two seconds after the folder last changed.
//! Otherwise the folder is read (and the listing, when it matches, notes
//! so, and the chain starts again from it).
//!
//! [`Store::stamped`]: super::super::Store::stamped

use super::super::cache_base::Meta;
use super::super::cache_clock::{RACY_NS, Stamp};
use super::{Op, Record, last_matched};

/// The order in which to replay `records` over the base of `meta`, when
/// they explain the folder's stamp `dir` at `now` (see the module's
/// rule), trusting a listing that matched for `window` ns.
pub(in crate::store) fn explained(
    meta: &Meta,
    records: &[Record],
    dir: Stamp,
    now: i128,
    window: i128,
) -> Option<Vec<usize>> {
    if !meta.clean || meta.dir.ino != dir.ino {
        return None;
    }
    let validated = last_matched(records, meta.validated_ns, false);
    let settled = records.is_empty() && meta.written_ns > dir.mtime_ns.max(dir.ctime_ns) + RACY_NS;
    let recent = now < validated + window;
    if !(settled || recent) {
        return None;
    }
    replay_order(meta.dir, records, (dir.mtime_ns, dir.ctime_ns))
}

/// The order in which the records' moves happened, when they explain the
/// folder's times `now`; `None` otherwise. Each record holds the folder's
/// times right before and right after its move, so the moves since the
/// last listing that matched the cache (`V`; or since the base) must form
/// one chain from that listing's times to `now`, each "before" the
/// previous "after". A move nobody recorded (by hand, or by a process
/// killed before its record) leaves a gap, also once a later move is
/// recorded; two records with one "before" are ambiguous. Records
/// appended out of the order of their moves (two processes at once) are
/// put back in the chain's order. Records before that listing are
/// replayed in the order the listing matched them in.
fn replay_order(base: Stamp, records: &[Record], now: (i128, i128)) -> Option<Vec<usize>> {
    let is_move = |r: &Record| !matches!(r.op, Op::Validated { .. });
    let matched = records
        .iter()
        .rposition(|r| r.op == Op::Validated { checked: false });
    let (mut at, start) = match matched {
        Some(i) => (records[i].dir, i + 1),
        None => ((base.mtime_ns, base.ctime_ns), 0),
    };
    let mut order: Vec<usize> = (0..start).filter(|&i| is_move(&records[i])).collect();
    let mut by_before = std::collections::HashMap::new();
    for (i, record) in records.iter().enumerate().skip(start) {
        if is_move(record) && by_before.insert(record.before, i).is_some() {
            return None;
        }
    }
    while let Some(i) = by_before.remove(&at) {
        order.push(i);
        at = records[i].dir;
    }
    (by_before.is_empty() && at == now).then_some(order)
}

#[cfg(test)]
mod tests {
    use super::super::parse_records;
    use super::*;

    /// A removal, then a take's hidden name leaving (`~`), the second
    /// written first (two processes): the chain runs through both, and a
    /// gap where the `~` record is missing is a gap.
    #[test]
    fn a_hidden_names_record_is_a_link_of_the_chain() {
        let base = Stamp {
            ino: 7,
            mtime_ns: 10,
            ctime_ns: 10,
        };
        let text =
            "~\t5\t30\t30\t20\t20\t.t1@own.json\n-\t4\t20\t20\t10\t10\tt1.json\tt1\tpending\n";
        let records = parse_records(text).expect("the records parse");
        assert!(matches!(
            records[0].op,
            Op::Hidden {
                name: ".t1@own.json"
            }
        ));
        assert_eq!(replay_order(base, &records, (30, 30)), Some(vec![1, 0]));
        let removal_only = parse_records(&text[text.find('-').unwrap()..]).unwrap();
        assert_eq!(replay_order(base, &removal_only, (30, 30)), None);
        assert_eq!(replay_order(base, &removal_only, (20, 20)), Some(vec![0]));
    }
}
