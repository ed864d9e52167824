//! Stable item keys, so that importing a plan again recognises the items
//! it already imported.
//!
//! Both keys are FNV-1a 64-bit hashes written in base 36 (13 characters):
//! the same on every platform and in every version that keeps these rules,
//! with no dependency that could change them. The exact rules are in
//! `docs/plans.md` ("Identity"); the tests below pin them.
//!
//! - [`stable_key`]: plan path, heading path, title, exactly (spaces
//!   collapsed);
//! - [`fuzzy_key`]: plan path, then the heading path and title reduced to
//!   word signatures that survive typos, case, punctuation, word order,
//!   small words and annotations.

/// Separates the parts of a key's input.
const FIELD: char = '\u{1f}';
/// Separates the headings of a heading path.
const HEADING: char = '\u{1e}';
/// Words dropped from the fuzzy key's text.
const STOP_WORDS: &[&str] = &[
    "a", "an", "and", "are", "as", "at", "be", "by", "for", "from", "in", "into", "is", "it", "of",
    "on", "or", "the", "then", "this", "that", "to", "with",
];
/// Words of the title (after stop words) the fuzzy key looks at.
const FUZZY_WORDS: usize = 8;

/// The exact key of the `occurrence`th (1-based) item with this plan path,
/// heading path and title.
pub fn stable_key(plan_path: &str, phase: &[String], title: &str, occurrence: usize) -> String {
    let headings: Vec<String> = phase.iter().map(|h| collapse(h)).collect();
    hash_parts(plan_path, &headings, &collapse(title), occurrence)
}

/// The fallback key of the `occurrence`th item whose heading path and
/// title have these word signatures.
pub fn fuzzy_key(plan_path: &str, phase: &[String], title: &str, occurrence: usize) -> String {
    let headings: Vec<String> = phase.iter().map(|h| signature(h)).collect();
    hash_parts(plan_path, &headings, &signature(title), occurrence)
}

fn hash_parts(plan_path: &str, headings: &[String], text: &str, occurrence: usize) -> String {
    let mut input = normalize_path(plan_path);
    input.push(FIELD);
    input.push_str(&headings.join(&HEADING.to_string()));
    input.push(FIELD);
    input.push_str(text);
    if occurrence > 1 {
        input.push(FIELD);
        input.push_str(&occurrence.to_string());
    }
    base36(fnv1a64(input.as_bytes()))
}

/// The reduced text the fuzzy key hashes: the lower-cased text cut into
/// words at every character that is not a letter or a digit; small words
/// dropped (all kept if nothing else is left); the first eight; each made
/// a signature; the signatures sorted, duplicates dropped, joined by spaces.
pub(super) fn signature(text: &str) -> String {
    let lower = text.to_lowercase();
    let words: Vec<&str> = lower
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect();
    let significant: Vec<&str> = words
        .iter()
        .copied()
        .filter(|w| !STOP_WORDS.contains(w))
        .collect();
    let chosen = if significant.is_empty() {
        words
    } else {
        significant
    };
    let mut sigs: Vec<String> = chosen
        .into_iter()
        .take(FUZZY_WORDS)
        .map(word_signature)
        .collect();
    sigs.sort();
    sigs.dedup();
    sigs.join(" ")
}

/// A word with a digit as it is; any other word as its first character
/// followed by the set (sorted, once each) of its other characters that
/// are not vowels (a, e, i, o, u, y). "authetication" and "authentication"
/// are both "achnt"; "login" ("lgn") and "logout" ("lgt") differ.
fn word_signature(word: &str) -> String {
    if word.chars().any(|c| c.is_numeric()) {
        return word.to_string();
    }
    let mut chars = word.chars();
    let first = chars.next().unwrap_or_default();
    let mut rest: Vec<char> = chars.filter(|c| !"aeiouy".contains(*c)).collect();
    rest.sort_unstable();
    rest.dedup();
    std::iter::once(first).chain(rest).collect()
}

/// The plan path as keys use it: `/`-separated, without `.` parts, empty
/// parts or a leading `./`, and with `dir/..` pairs resolved.
pub fn normalize_path(path: &str) -> String {
    let unified = path.replace('\\', "/");
    let absolute = unified.starts_with('/');
    let mut parts: Vec<&str> = Vec::new();
    for part in unified.split('/') {
        match part {
            "" | "." => {}
            ".." if parts.last().is_some_and(|p| *p != "..") => {
                parts.pop();
            }
            ".." if absolute => {}
            _ => parts.push(part),
        }
    }
    let joined = parts.join("/");
    if absolute {
        format!("/{joined}")
    } else {
        joined
    }
}

fn collapse(text: &str) -> String {
    super::inline::collapse(text)
}

/// FNV-1a, 64 bits.
fn fnv1a64(bytes: &[u8]) -> u64 {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for b in bytes {
        hash ^= u64::from(*b);
        hash = hash.wrapping_mul(0x0000_0100_0000_01b3);
    }
    hash
}

/// Lower-case base 36, padded to 13 characters (the width of `u64::MAX`).
fn base36(mut n: u64) -> String {
    const DIGITS: &[u8] = b"0123456789abcdefghijklmnopqrstuvwxyz";
    let mut out = [b'0'; 13];
    for slot in out.iter_mut().rev() {
        *slot = DIGITS[(n % 36) as usize];
        n /= 36;
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn phase(h: &[&str]) -> Vec<String> {
        h.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn hashes_are_pinned() {
        // FNV-1a test vectors, then a pinned key: changing either rule
        // would re-create every imported task.
        assert_eq!(fnv1a64(b""), 0xcbf29ce484222325);
        assert_eq!(fnv1a64(b"a"), 0xaf63dc4c8601ec8c);
        assert_eq!(base36(0), "0000000000000");
        assert_eq!(base36(u64::MAX), "3w5e11264sgsf");
        let key = stable_key("plan.md", &phase(&["Phase 1"]), "Write the schema", 1);
        assert_eq!(key.len(), 13);
        assert_eq!(
            key,
            stable_key("./plan.md", &phase(&["Phase  1"]), " Write the  schema ", 1)
        );
        assert_ne!(
            key,
            stable_key("plan.md", &phase(&["Phase 1"]), "Write the schema", 2)
        );
        assert_ne!(
            key,
            stable_key("plan.md", &phase(&["Phase 2"]), "Write the schema", 1)
        );
        assert_ne!(
            key,
            stable_key("other.md", &phase(&["Phase 1"]), "Write the schema", 1)
        );
    }

    #[test]
    fn typos_case_order_and_small_words_keep_the_fuzzy_key() {
        let p = phase(&["Phase 1: Foundations"]);
        let base = fuzzy_key("plan.md", &p, "Implement authetication middleware", 1);
        for same in [
            "Implement authentication middleware",
            "implement the Authentication middleware.",
            "Middleware: implement authentication",
            "Implement `authentication` middleware",
        ] {
            assert_eq!(base, fuzzy_key("plan.md", &p, same, 1), "{same}");
        }
        let typo_in_heading = phase(&["Phase 1: Foundatons"]);
        assert_eq!(
            base,
            fuzzy_key(
                "plan.md",
                &typo_in_heading,
                "Implement authentication middleware",
                1
            )
        );
        for different in [
            "Implement authorization middleware",
            "Remove authentication middleware",
            "Implement authentication middleware v2",
        ] {
            assert_ne!(base, fuzzy_key("plan.md", &p, different, 1), "{different}");
        }
        assert_ne!(
            fuzzy_key("plan.md", &p, "Add login page", 1),
            fuzzy_key("plan.md", &p, "Add logout page", 1)
        );
    }

    #[test]
    fn signatures_follow_the_documented_rule() {
        assert_eq!(word_signature("authentication"), "achnt");
        assert_eq!(word_signature("authetication"), "achnt");
        assert_eq!(word_signature("oauth2"), "oauth2");
        assert_eq!(
            signature("The login page, then the LOGIN form"),
            "fmr lgn pg"
        );
        assert_eq!(
            signature("Implement authetication middleware"),
            "achnt ilmnpt mdlrw"
        );
        assert_eq!(
            signature("Implement authorization middleware"),
            "ahnrtz ilmnpt mdlrw"
        );
        assert_eq!(signature("Do it"), "d");
        assert_eq!(signature("to be"), "b t");
    }

    #[test]
    fn paths_are_normalized() {
        assert_eq!(normalize_path("./docs//plan.md"), "docs/plan.md");
        assert_eq!(normalize_path("docs\\x\\..\\plan.md"), "docs/plan.md");
        assert_eq!(normalize_path("../plan.md"), "../plan.md");
        assert_eq!(normalize_path("/a/../../b.md"), "/b.md");
    }
}
