//! Short ids for people: the shortest suffix of at least six characters
//! that no other known id ends with. The store resolves a unique suffix
//! (`store::locate`), so every short id shown can be typed back.

use std::collections::HashMap;

/// The fewest characters a short id has (the random tail of a generated
/// id is six characters long).
pub const MIN_LEN: usize = 6;

/// Short ids of a set of ids: each is unique among all of them.
#[derive(Debug, Default, Clone)]
pub struct ShortIds {
    short: HashMap<String, String>,
}

impl ShortIds {
    /// Shortens every id in `ids` against every other id in it.
    pub fn new<'a>(ids: impl IntoIterator<Item = &'a str>) -> ShortIds {
        let mut reversed: Vec<Vec<char>> = ids
            .into_iter()
            .map(|id| id.chars().rev().collect())
            .collect();
        reversed.sort();
        reversed.dedup();
        let mut short = HashMap::with_capacity(reversed.len());
        for (i, rev) in reversed.iter().enumerate() {
            // The longest suffix shared with a neighbour in reversed order
            // is the longest shared with any other id.
            let shared = [i.checked_sub(1), Some(i + 1)]
                .into_iter()
                .flatten()
                .filter_map(|j| reversed.get(j))
                .map(|other| common_prefix(rev, other))
                .max()
                .unwrap_or(0);
            let id: String = rev.iter().rev().collect();
            let len = (shared + 1).max(MIN_LEN).min(rev.len());
            let tail: String = rev[..len].iter().rev().collect();
            short.insert(id, tail);
        }
        ShortIds { short }
    }

    /// The short form of `id` (the id itself when it was not among those
    /// shortened).
    pub fn of<'a>(&'a self, id: &'a str) -> &'a str {
        self.short.get(id).map_or(id, String::as_str)
    }
}

fn common_prefix(a: &[char], b: &[char]) -> usize {
    a.iter().zip(b).take_while(|(x, y)| x == y).count()
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
        assert_eq!(short.of("20261120-090400-rbk5kv"), "-rbk5kv");
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

    #[test]
    fn an_id_that_ends_another_is_shown_whole() {
        let short = ShortIds::new(["a-task-123456", "task-123456"]);
        assert_eq!(short.of("task-123456"), "task-123456");
        assert_eq!(short.of("a-task-123456"), "-task-123456");
    }
}
