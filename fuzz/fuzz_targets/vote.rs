//! The vote parser on arbitrary bytes: `<Vote as Document>::parse` (the one
//! `fed` uses for `votes/` and for recovery) never panics, its error is one
//! line, and a vote it accepts survives a rewrite: `render` gives text that
//! parses again to an equal vote and renders to the same bytes.
#![no_main]

use fed::store::doc::Document;
use fed::model::Vote;
use libfuzzer_sys::fuzz_target;

#[path = "known.rs"]
mod known;

fuzz_target!(|data: &[u8]| {
    let vote = match <Vote as Document>::parse(data) {
        Ok(vote) => vote,
        Err(msg) => {
            known::assert_one_line(&msg);
            return;
        }
    };
    if known::tolerated("yaml-complex-key") && has_complex_key(&vote) {
        return;
    }
    let text = vote.render();
    if known::tolerated("time-range") && times(&vote).iter().any(known::out_of_range) {
        return;
    }
    let again = <Vote as Document>::parse(&text).unwrap_or_else(|msg| {
        panic!(
            "a vote that parsed does not parse after render: {msg}\n{}",
            String::from_utf8_lossy(&text)
        )
    });
    if again != vote && known::tolerated("time-precision") {
        let mut vote = vote;
        in_millis(&mut vote);
        assert_eq!(
            again, vote,
            "render changed the vote (beyond time precision)"
        );
    } else {
        assert_eq!(again, vote, "render changed the vote");
    }
    assert_eq!(again.render(), text, "render is not stable");
});

/// Every time in a vote, cut to milliseconds.
fn in_millis(vote: &mut Vote) {
    known::millis(&mut vote.created_at);
    if let Some(deadline) = &mut vote.deadline {
        known::millis(deadline);
    }
    for ballot in vote.votes.values_mut() {
        known::millis(&mut ballot.cast_at);
    }
    if let Some(result) = &mut vote.result {
        known::millis(&mut result.at);
    }
}

/// Every time in a vote.
fn times(vote: &Vote) -> Vec<chrono::DateTime<chrono::Utc>> {
    let mut all = vec![vote.created_at];
    all.extend(vote.deadline);
    all.extend(vote.votes.values().map(|b| b.cast_at));
    all.extend(vote.result.as_ref().map(|r| r.at));
    all
}

/// Whether an unknown field holds a mapping whose key is itself a mapping
/// or a sequence (`? {a: 1}: x`): serde_yaml reads it, but cannot write it,
/// and `render` panics (finding `yaml-complex-key`).
fn has_complex_key(vote: &Vote) -> bool {
    fn complex(value: &serde_yaml::Value) -> bool {
        use serde_yaml::Value;
        match value {
            Value::Mapping(map) => map.iter().any(|(k, v)| {
                matches!(k, Value::Mapping(_) | Value::Sequence(_)) || complex(k) || complex(v)
            }),
            Value::Sequence(items) => items.iter().any(complex),
            Value::Tagged(tagged) => complex(&tagged.value),
            _ => false,
        }
    }
    let extras = std::iter::once(&vote.extra)
        .chain(vote.votes.values().map(|b| &b.extra))
        .chain(vote.result.as_ref().map(|r| &r.extra));
    extras.flat_map(|e| e.values()).any(complex)
}
