//! Short ids for people: the shortest suffix of at least six characters
//! that no other id of the federation (task or vote) ends with, never
//! starting with a separator (`-`, `.`, `_`) and widened to start a word
//! when one starts a few characters further. The store
//! resolves a unique suffix (`store::locate`), so every short id shown can
//! be typed back into any command. Every table, view and list shortens ids
//! here; `--full-ids` ([`IdForm::Full`]) shows them whole.

use crate::store::Store;
use crate::store::locate::task_ids;
use crate::store::snapshot::Snapshot;

/// The fewest characters a short id has (the random tail of a generated
/// id is six characters long).
pub const MIN_LEN: usize = 6;

/// How ids are shown to people.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub enum IdForm {
    /// The shortest unique suffix.
    #[default]
    Short,
    /// The whole id (`--full-ids`).
    Full,
}

/// Short ids of a set of ids: each is unique among all of them. The ids
/// are kept back to back, indexed by their last [`MIN_LEN`] characters:
/// only ids sharing those can share a longer suffix, so an id is compared
/// with those alone (ordered from their ends: two of them), and only when
/// it is shown.
#[derive(Debug, Default, Clone)]
pub struct ShortIds {
    /// Every id, back to back.
    text: String,
    /// Per id, its [`Entry`], sorted by key, then by the id read from its
    /// end.
    index: Vec<Entry>,
}

/// An id in [`ShortIds`]: the key of its tail (the high 64 bits), where it
/// starts and its length, in one number that sorts by key.
type Entry = u128;

fn entry(key: u64, start: usize, len: usize) -> Entry {
    (u128::from(key) << 64) | ((start as u128) << 32) | len as u128
}

fn key_of(e: Entry) -> u64 {
    (e >> 64) as u64
}

/// The last [`MIN_LEN`] bytes of `id` (all of a shorter one) and how many
/// they are, as one number: two ids have the same key exactly when they
/// end with the same [`MIN_LEN`] bytes, or are the same shorter id.
fn tail_key(id: &[u8]) -> u64 {
    let n = id.len().min(MIN_LEN);
    let mut bytes = [0u8; 8];
    bytes[8 - n..].copy_from_slice(&id[id.len() - n..]);
    u64::from_be_bytes(bytes) | ((n as u64) << (8 * MIN_LEN))
}

impl ShortIds {
    /// Short ids unique among every task and vote of the federation (the
    /// names of their files: nothing is read); with [`IdForm::Full`],
    /// every id whole.
    pub fn federation(store: &Store, form: IdForm) -> ShortIds {
        match form {
            IdForm::Full => ShortIds::default(),
            IdForm::Short => {
                let tasks = task_ids(store).unwrap_or_default();
                let votes = store.vote_ids();
                ShortIds::new(tasks.iter().chain(&votes).map(String::as_str))
            }
        }
    }

    /// Like [`ShortIds::federation`], from a snapshot of every folder
    /// ([`Snapshot::load`]) and the votes' ids, which a command read
    /// already: no folder is listed again. Only what a snapshot shows is
    /// shortened (its unfinished tasks, their dependencies, the votes);
    /// any other id is shown whole. So of 100,000 finished tasks only the
    /// few that end like one of those are kept.
    pub fn of_snapshot<'a>(
        snapshot: &'a Snapshot,
        votes: impl IntoIterator<Item = &'a str>,
        form: IdForm,
    ) -> ShortIds {
        if form == IdForm::Full {
            return ShortIds::default();
        }
        let votes: Vec<&str> = votes.into_iter().collect();
        let shown: foldhash::HashSet<u64> = snapshot
            .rows
            .iter()
            .flat_map(|r| std::iter::once(&r.summary.task_id).chain(&r.summary.dependencies))
            .map(String::as_str)
            .chain(votes.iter().copied())
            .map(|id| tail_key(id.as_bytes()))
            .collect();
        let all = snapshot.rows.iter().map(|r| r.summary.task_id.as_str());
        let all = all.chain(snapshot.finished.ids()).chain(votes);
        ShortIds::among(all, |key| shown.contains(&key))
    }

    /// Shortens every id in `ids` against every other id in it.
    pub fn new<'a>(ids: impl IntoIterator<Item = &'a str>) -> ShortIds {
        ShortIds::among(ids, |_| true)
    }

    /// Like [`ShortIds::new`] for the ids whose tail key `shown` accepts:
    /// an id sharing no key with them cannot share a suffix of
    /// [`MIN_LEN`] characters or more with them, so it is not kept, and
    /// every other id is shown whole.
    fn among<'a>(ids: impl IntoIterator<Item = &'a str>, shown: impl Fn(u64) -> bool) -> ShortIds {
        // Sized once: 100,000 ids copied while growing cost more than the
        // sort.
        let ids: Vec<(u64, &str)> = ids
            .into_iter()
            .map(|id| (tail_key(id.as_bytes()), id))
            .filter(|&(key, _)| shown(key))
            .collect();
        let mut text = String::with_capacity(ids.iter().map(|(_, id)| id.len()).sum());
        let mut index = Vec::with_capacity(ids.len());
        for (key, id) in ids {
            index.push(entry(key, text.len(), id.len()));
            text.push_str(id);
        }
        // By key (numbers: no comparison function to call), then the ids
        // sharing a key by their characters from the end: the id sharing
        // the longest suffix with another is then next to it.
        index.sort_unstable();
        let at = |e: &Entry| id_in(&text, *e).bytes().rev();
        for group in index.chunk_by_mut(|a, b| key_of(*a) == key_of(*b)) {
            if group.len() > 1 {
                group.sort_unstable_by(|a, b| at(a).cmp(at(b)));
            }
        }
        ShortIds { text, index }
    }

    /// The short form of `id` (the id itself when it was not among those
    /// shortened). A binary search among the ids sharing its key: the
    /// longest suffix it shares with another id is shared with a
    /// neighbour in their order.
    pub fn of<'a>(&self, id: &'a str) -> &'a str {
        let key = tail_key(id.as_bytes());
        let from = self.index.partition_point(|&e| key_of(e) < key);
        let to = from + self.index[from..].partition_point(|&e| key_of(e) == key);
        let group = &self.index[from..to];
        let order = |e: &Entry| id_in(&self.text, *e).bytes().rev().cmp(id.bytes().rev());
        let lo = group.partition_point(|e| order(e).is_lt());
        let hi = lo + group[lo..].partition_point(|e| order(e).is_eq());
        if lo == hi {
            return id;
        }
        let neighbours = [lo.checked_sub(1), Some(hi).filter(|&i| i < group.len())];
        let shared = neighbours
            .into_iter()
            .flatten()
            .map(|i| common_suffix(id.as_bytes(), id_in(&self.text, group[i]).as_bytes()))
            .max()
            .unwrap_or(0);
        let rev: Vec<u8> = id.bytes().rev().collect();
        let len = word_start(&rev, (shared + 1).max(MIN_LEN));
        id.get(id.len() - len..).unwrap_or(id)
    }
}

/// The id an index entry points at.
fn id_in(text: &str, e: Entry) -> &str {
    let (start, len) = ((e >> 32) as u32 as usize, e as u32 as usize);
    &text[start..start + len]
}

/// Separators between the words of an id.
fn separator(c: u8) -> bool {
    matches!(c, b'-' | b'.' | b'_')
}

/// How many characters a short id may grow by to start a word.
const WIDEN: usize = 3;

/// The length of the suffix of at least `len` characters of the reversed
/// id `rev` to show: it never starts with a separator (a command line
/// would take `-rbk5kv` for a flag), and it is widened to start a word
/// when the word starts at most [`WIDEN`] characters further
/// (`t-in-progress` reads as `progress`, not `ogress`), but a long word,
/// such as the random key of a plan's task, is not shown whole.
fn word_start(rev: &[u8], len: usize) -> usize {
    let mut len = len.min(rev.len());
    while len < rev.len() && separator(rev[len - 1]) {
        len += 1;
    }
    let mut word = len;
    while word < rev.len() && !separator(rev[word]) && word - len < WIDEN {
        word += 1;
    }
    if word == rev.len() || separator(rev[word]) {
        len = word;
    }
    len
}

fn common_suffix(a: &[u8], b: &[u8]) -> usize {
    a.iter()
        .rev()
        .zip(b.iter().rev())
        .take_while(|(x, y)| x == y)
        .count()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suffixes_are_unique_and_at_least_six_long() {
        let ids = [
            "20261120-090400-rbk5kv",
            "20261120-090600-abk5kv",
            "20261120-090800-wminpm",
            "20261120-091000-xrbk5kv",
            "login",
        ];
        let short = ShortIds::new(ids);
        assert_eq!(short.of("20261120-090800-wminpm"), "wminpm");
        // "-rbk5kv" would be taken for a flag: the suffix never starts
        // with a separator.
        assert_eq!(short.of("20261120-090400-rbk5kv"), "0-rbk5kv");
        assert_eq!(short.of("20261120-091000-xrbk5kv"), "xrbk5kv");
        assert_eq!(short.of("20261120-090600-abk5kv"), "abk5kv");
        assert_eq!(short.of("login"), "login");
        assert_eq!(short.of("unknown-id"), "unknown-id");
        for id in ids {
            let s = short.of(id);
            // An exact id wins over suffixes (store::locate).
            let matching = ids.iter().filter(|other| other.ends_with(s)).count();
            assert!(matching == 1 || s == id, "{s} is ambiguous");
        }
    }

    /// Every id of `ids` is shortened as comparing it with every other
    /// would, and no short id is ambiguous.
    fn agrees_with_brute_force(ids: &[String]) {
        let short = ShortIds::new(ids.iter().map(String::as_str));
        for id in ids {
            let shared = ids
                .iter()
                .filter(|other| *other != id)
                .map(|other| common_suffix(id.as_bytes(), other.as_bytes()))
                .max()
                .unwrap_or(0);
            let rev: Vec<u8> = id.bytes().rev().collect();
            let len = word_start(&rev, (shared + 1).max(MIN_LEN));
            assert_eq!(short.of(id), &id[id.len() - len..], "{id}");
            let s = short.of(id);
            assert!(
                s == id || ids.iter().all(|other| other == id || !other.ends_with(s)),
                "{s} is ambiguous"
            );
        }
        assert_eq!(short.of("not-among-them"), "not-among-them");
    }

    /// `n` ids of lengths in `lens` made of four characters: many share
    /// tails of every length.
    fn random_ids(n: usize, lens: std::ops::Range<usize>) -> Vec<String> {
        let mut jitter = crate::model::id::Jitter::new();
        let mut pick = |k: usize| (jitter.next_u64() % k as u64) as usize;
        (0..n)
            .map(|_| {
                let len = lens.start + pick(lens.len());
                (0..len).map(|_| ['a', 'b', '-', '1'][pick(4)]).collect()
            })
            .collect()
    }

    #[test]
    fn each_id_is_shortened_against_every_other_as_by_brute_force() {
        // Many ids sharing tails of every length, some shorter than six,
        // some twice.
        agrees_with_brute_force(&random_ids(1500, 2..13));
    }

    #[test]
    fn ids_kept_for_those_shown_shorten_them_as_all_would_and_the_rest_whole() {
        let ids = random_ids(2000, 6..11);
        let all = ShortIds::new(ids.iter().map(String::as_str));
        let keys: std::collections::HashSet<u64> = ids
            .iter()
            .step_by(50)
            .map(|id| tail_key(id.as_bytes()))
            .collect();
        let some = ShortIds::among(ids.iter().map(String::as_str), |k| keys.contains(&k));
        assert!(some.index.len() < all.index.len() / 2, "most are left out");
        for id in &ids {
            let expected = match keys.contains(&tail_key(id.as_bytes())) {
                true => all.of(id),
                false => id.as_str(),
            };
            assert_eq!(some.of(id), expected, "{id}");
        }
    }

    #[test]
    fn ids_that_all_end_alike_are_told_apart_by_their_neighbours() {
        // Custom ids with one ending (`queue add --id`): one key for all,
        // some of them twice, some ending others.
        let mut ids: Vec<String> = (0..600).map(|i| format!("t{}-review", i * 7)).collect();
        ids.extend(["review", "x-review", "x-review", "t7-review", "at7-review"].map(String::from));
        agrees_with_brute_force(&ids);
    }

    #[test]
    fn an_id_that_ends_another_is_shown_whole() {
        let short = ShortIds::new(["a-task-123456", "task-123456"]);
        assert_eq!(short.of("task-123456"), "task-123456");
        assert_eq!(short.of("a-task-123456"), "a-task-123456");
    }

    #[test]
    fn short_ids_start_a_nearby_word() {
        let short = ShortIds::new(["t-in-progress", "t-pending", "plan-24yl0uo2r8u3k", "sixsix"]);
        assert_eq!(short.of("t-in-progress"), "progress");
        assert_eq!(short.of("t-pending"), "pending");
        // A plan's random key is not shown whole.
        assert_eq!(short.of("plan-24yl0uo2r8u3k"), "2r8u3k");
        assert_eq!(short.of("sixsix"), "sixsix");
    }
}
