//! Where things live inside a federation directory, and how task file
//! names are formed and parsed.
//!
//! ```text
//! queue/pending/ID.json  queue/blocked/ID.json  queue/completed/ID.json
//! queue/in-progress/ID@TOKEN.json     (TOKEN: the claim's fencing token)
//! .txn/ID@OWNER.EXT                   (a task (json) or vote (yaml) taken
//!                                      out by process OWNER)
//! .txn/OWNER.lock                     (held by OWNER while it runs)
//! .tmp/OWNER.N.tmp                    (new content before it is published)
//! ```
//! `@` never occurs in an id, so every name parses one way.

use crate::model::Status;
use crate::model::id::validate_id;

/// The four folders whose files are tasks; the folder is the state.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Folder {
    Pending,
    InProgress,
    Blocked,
    Completed,
}

impl Folder {
    pub const ALL: [Folder; 4] = [
        Folder::Pending,
        Folder::InProgress,
        Folder::Blocked,
        Folder::Completed,
    ];
    pub fn dir_name(self) -> &'static str {
        match self {
            Folder::Pending => "pending",
            Folder::InProgress => "in-progress",
            Folder::Blocked => "blocked",
            Folder::Completed => "completed",
        }
    }
    /// The folder a task of this status lives in.
    pub fn of(status: Status) -> Folder {
        match status {
            Status::Pending => Folder::Pending,
            Status::InProgress => Folder::InProgress,
            Status::Blocked => Folder::Blocked,
            Status::Done | Status::Failed | Status::Cancelled => Folder::Completed,
        }
    }
    /// Whether a task with this status belongs in this folder.
    pub fn holds(self, status: Status) -> bool {
        Folder::of(status) == self
    }
}

pub const QUEUE_DIR: &str = "queue";
pub const VOTES_ACTIVE: &str = "votes/active";
pub const VOTES_RESOLVED: &str = "votes/resolved";
pub const TXN_DIR: &str = ".txn";
pub const TMP_DIR: &str = ".tmp";
pub const CONFIG_FILE: &str = "config.yaml";
pub const STATE_FILE: &str = "state.json";
pub const LOG_FILE: &str = "log.jsonl";
pub const HISTORY_FILE: &str = "routing-history.jsonl";
/// A shared federation's bookkeeping (`remote::state`).
pub const REMOTE_DIR: &str = ".remote";
/// Other machines' log and history lines, brought by syncs with a remote
/// (one folder per machine under [`REMOTE_DIR`]; written by `remote`,
/// read by every reader of the log).
pub const OTHER_LOGS_DIR: &str = ".remote/logs";

/// Where handoffs wait, prepared before their task's completion lands
/// and queued once it did (or while the federation is paused).
pub const HANDOFFS_DIR: &str = "handoffs";
/// Where `fed analytics` writes its figures.
pub const METRICS_FILE: &str = "metrics.json";

/// Task files larger than this are refused unread.
pub const MAX_TASK_BYTES: u64 = 1024 * 1024;
/// Vote files larger than this are refused unread.
pub const MAX_VOTE_BYTES: u64 = 256 * 1024;

/// The file name of a vote (in `votes/active/` or `votes/resolved/`).
pub fn vote_file_name(id: &str) -> String {
    format!("{id}.yaml")
}

/// The file name of a task in `folder` (in-progress names carry the token).
pub fn task_file_name(folder: Folder, id: &str, token: Option<&str>) -> String {
    match (folder, token) {
        (Folder::InProgress, Some(token)) => format!("{id}@{token}.json"),
        _ => format!("{id}.json"),
    }
}

/// What a file name in a task folder says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NameKind {
    /// A task file: its id and, in `in-progress/`, its token.
    Task { id: String, token: Option<String> },
    /// Hidden bookkeeping (`.gitkeep` and the like): not a task, not a problem.
    Hidden,
    /// Anything else: reported, never touched.
    Foreign(String),
}

/// Parses a file name found in `folder`.
pub fn parse_task_name(folder: Folder, name: &str) -> NameKind {
    if name.starts_with('.') {
        return NameKind::Hidden;
    }
    let Some(stem) = name.strip_suffix(".json") else {
        return NameKind::Foreign("the name does not end in .json".to_string());
    };
    let (id, token) = match (folder, stem.rsplit_once('@')) {
        (Folder::InProgress, Some((id, token))) => (id, Some(token)),
        (Folder::InProgress, None) => {
            return NameKind::Foreign("an in-progress name must be ID@TOKEN.json".to_string());
        }
        (_, Some(_)) => {
            return NameKind::Foreign("'@' belongs only in in-progress names".to_string());
        }
        (_, None) => (stem, None),
    };
    if let Err(e) = validate_id(id, "file name") {
        return NameKind::Foreign(e.message);
    }
    if let Some(token) = token
        && let Err(e) = validate_id(token, "claim token")
    {
        return NameKind::Foreign(e.message);
    }
    NameKind::Task {
        id: id.to_string(),
        token: token.map(str::to_string),
    }
}

/// A file in `.txn/`: a task in flight, or an owner's lock.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TxnName {
    /// A document in flight; `ext` says which kind (`json`: task, `yaml`: vote).
    /// `taking`: a second name a take gives the document while it decides
    /// (`ID@OWNER.EXT.taking`, see `store::txn`), never its only one.
    Doc {
        id: String,
        owner: String,
        ext: String,
        taking: bool,
    },
    Lock {
        owner: String,
    },
    Other,
}

pub fn txn_file_name(id: &str, owner: &str, ext: &str) -> String {
    format!("{id}@{owner}.{ext}")
}

/// The second name a take gives a document in `.txn/` while it decides
/// (`ID@OWNER.EXT.taking`).
pub fn taking_txn_name(id: &str, owner: &str, ext: &str) -> String {
    format!("{}.taking", txn_file_name(id, owner, ext))
}

/// The name a take first gives a document in its own folder
/// (`.ID@OWNER.EXT`), before linking it into `.txn/`: hidden from
/// listings, and a rename within one folder, which no filesystem makes
/// durable by halves (see `store::txn`).
pub fn taking_file_name(id: &str, owner: &str, ext: &str) -> String {
    format!(".{}", txn_file_name(id, owner, ext))
}

/// The id, owner and extension of a take's name in a folder
/// ([`taking_file_name`]).
pub fn parse_taking_name(name: &str) -> Option<(String, String, String)> {
    match parse_txn_name(name.strip_prefix('.')?) {
        TxnName::Doc {
            id,
            owner,
            ext,
            taking: false,
        } => Some((id, owner, ext)),
        _ => None,
    }
}

pub fn lock_file_name(owner: &str) -> String {
    format!("{owner}.lock")
}

pub fn parse_txn_name(name: &str) -> TxnName {
    // Hidden names are a lock file's birth name, never an owner's.
    if name.starts_with('.') {
        return TxnName::Other;
    }
    if let Some(doc) = name.strip_suffix(".taking") {
        return match parse_txn_name(doc) {
            TxnName::Doc { id, owner, ext, .. } => TxnName::Doc {
                id,
                owner,
                ext,
                taking: true,
            },
            _ => TxnName::Other,
        };
    }
    if let Some(owner) = name.strip_suffix(".lock") {
        if validate_id(owner, "owner").is_ok() {
            return TxnName::Lock {
                owner: owner.to_string(),
            };
        }
    } else if let Some((stem, ext)) = name.rsplit_once('.')
        && matches!(ext, "json" | "yaml")
        && let Some((id, owner)) = stem.rsplit_once('@')
        && validate_id(id, "id").is_ok()
        && validate_id(owner, "owner").is_ok()
    {
        return TxnName::Doc {
            id: id.to_string(),
            owner: owner.to_string(),
            ext: ext.to_string(),
            taking: false,
        };
    }
    TxnName::Other
}

/// The owner of a file in `.tmp/` (`OWNER.N.tmp`).
pub fn tmp_owner(name: &str) -> Option<&str> {
    let stem = name.strip_suffix(".tmp")?;
    stem.split_once('.').map(|(owner, _)| owner)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip() {
        let name = task_file_name(Folder::InProgress, "a.b-1", Some("2-xyz"));
        assert_eq!(name, "a.b-1@2-xyz.json");
        assert_eq!(
            parse_task_name(Folder::InProgress, &name),
            NameKind::Task {
                id: "a.b-1".into(),
                token: Some("2-xyz".into())
            }
        );
        assert_eq!(
            parse_task_name(Folder::Pending, "a.b-1.json"),
            NameKind::Task {
                id: "a.b-1".into(),
                token: None
            }
        );
        assert_eq!(
            parse_task_name(Folder::Pending, ".gitkeep"),
            NameKind::Hidden
        );
        assert!(matches!(
            parse_task_name(Folder::Pending, "notes.txt"),
            NameKind::Foreign(_)
        ));
        assert!(matches!(
            parse_task_name(Folder::Pending, "a@b.json"),
            NameKind::Foreign(_)
        ));
        assert!(matches!(
            parse_task_name(Folder::InProgress, "a.json"),
            NameKind::Foreign(_)
        ));
        assert!(matches!(
            parse_task_name(Folder::Pending, "A.json"),
            NameKind::Foreign(_)
        ));
    }

    #[test]
    fn taking_names_are_hidden_and_parse_back() {
        let name = taking_file_name("t-1", "own", "json");
        assert_eq!(name, ".t-1@own.json");
        assert_eq!(parse_task_name(Folder::Pending, &name), NameKind::Hidden);
        assert_eq!(
            parse_taking_name(&name),
            Some(("t-1".into(), "own".into(), "json".into()))
        );
        assert_eq!(parse_taking_name("t-1@own.json"), None);
        assert_eq!(parse_taking_name(".gitkeep"), None);
    }

    #[test]
    fn txn_names_parse() {
        assert_eq!(
            parse_txn_name(&txn_file_name("t-1", "own", "json")),
            TxnName::Doc {
                id: "t-1".into(),
                owner: "own".into(),
                ext: "json".into(),
                taking: false,
            }
        );
        assert_eq!(
            parse_txn_name(&taking_txn_name("t-1", "own", "yaml")),
            TxnName::Doc {
                id: "t-1".into(),
                owner: "own".into(),
                ext: "yaml".into(),
                taking: true,
            }
        );
        assert_eq!(parse_txn_name("own.lock.taking"), TxnName::Other);
        assert_eq!(
            parse_txn_name("own.lock"),
            TxnName::Lock {
                owner: "own".into()
            }
        );
        assert_eq!(parse_txn_name("junk"), TxnName::Other);
        assert_eq!(parse_txn_name(".own.lock"), TxnName::Other);
        assert_eq!(tmp_owner("own.3.tmp"), Some("own"));
    }
}
