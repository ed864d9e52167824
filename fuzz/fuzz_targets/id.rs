//! The id validator on arbitrary text. `validate_id` accepts exactly the
//! ids of the contract: 1 to 64 characters of `[a-z0-9._-]`, not starting
//! with `.` (so never `.` or `..`, never a hidden name, never a `/`, and
//! never a path other than one name in its folder). An accepted id also names its own file: the file names `fed`
//! builds from it (`ID.json`, `ID@TOKEN.json`, `.txn/ID@OWNER.json`) parse
//! back to the same id, as a task and not as hidden bookkeeping.
#![no_main]

use fed::model::id::{MAX_ID_LEN, validate_id};
use fed::store::layout::{
    Folder, NameKind, TxnName, parse_task_name, parse_txn_name, task_file_name, txn_file_name,
};
use libfuzzer_sys::fuzz_target;

#[path = "known.rs"]
mod known;
use std::path::{Component, Path};

fn contract(raw: &str) -> bool {
    (1..=MAX_ID_LEN).contains(&raw.len())
        && !raw.starts_with('.')
        && raw.bytes().all(|b| {
            b.is_ascii_lowercase() || b.is_ascii_digit() || matches!(b, b'.' | b'_' | b'-')
        })
}

fuzz_target!(|data: &[u8]| {
    let Ok(raw) = std::str::from_utf8(data) else {
        return;
    };
    let verdict = validate_id(raw, "id");
    assert_eq!(
        verdict.is_ok(),
        contract(raw),
        "validate_id({raw:?}) = {verdict:?} disagrees with the contract"
    );
    let Err(e) = &verdict else {
        // Accepted: one plain name, inside its folder.
        assert!(!raw.contains('/') && !raw.contains('\0'));
        let joined = Path::new("queue/pending").join(raw);
        assert!(joined.starts_with("queue/pending"));
        assert_eq!(
            joined.components().count(),
            3,
            "{raw:?} is not one normal path component"
        );
        assert!(matches!(
            joined.components().next_back(),
            Some(Component::Normal(_))
        ));
        // The names built from it parse back to it.
        for folder in Folder::ALL {
            let token = (folder == Folder::InProgress).then_some("1-abcdef");
            let name = task_file_name(folder, raw, token);
            let parsed = parse_task_name(folder, &name);
            if parsed == NameKind::Hidden && raw.starts_with('.') && known::tolerated("hidden-id") {
                continue;
            }
            assert_eq!(
                parsed,
                NameKind::Task {
                    id: raw.to_string(),
                    token: token.map(str::to_string),
                },
                "the file name {name:?} of task id {raw:?} does not parse back"
            );
        }
        for ext in ["json", "yaml"] {
            let parsed = parse_txn_name(&txn_file_name(raw, "owner12345", ext));
            if parsed == TxnName::Other && raw.starts_with('.') && known::tolerated("hidden-id") {
                continue;
            }
            assert_eq!(
                parsed,
                TxnName::Doc {
                    id: raw.to_string(),
                    owner: "owner12345".to_string(),
                    ext: ext.to_string(),
                },
                "the .txn/ name of {raw:?} does not parse back"
            );
        }
        return;
    };
    assert!(
        e.message.starts_with("id: "),
        "bad error message: {:?}",
        e.message
    );
    known::assert_one_line(&e.message);
});
