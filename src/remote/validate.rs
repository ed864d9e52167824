//! Every document that arrives from the remote is checked before it can
//! reach a queue folder: anything may be pushed to a remote (a person, an
//! older or newer `fed`, a botched merge), and a malformed file must be
//! reported, never silently written or skipped.
//!
//! A document is refused when it is too big, is not UTF-8 (votes, config,
//! logs), holds a line that looks like a git conflict marker (`<<<<<<< `,
//! `=======`, `>>>>>>> `: JSON never has such a line and YAML could parse
//! one as text), does not parse, or names another id than its ref. For a
//! valid document the check also says where its file belongs locally.

use crate::model::Task;
use crate::model::name::AgentName;
use crate::remote::layout::{DocKind, Single};
use crate::store::away::Away;
use crate::store::layout::{Folder, QUEUE_DIR, VOTES_ACTIVE, VOTES_RESOLVED, task_file_name};
use std::collections::BTreeMap;

/// Task documents larger than this are refused (as the store does).
pub const MAX_TASK_BYTES: usize = 1024 * 1024;
/// Vote documents larger than this are refused (as the store does).
pub const MAX_VOTE_BYTES: usize = 256 * 1024;
/// Config, state and log segments larger than this are refused.
pub const MAX_OTHER_BYTES: usize = 4 * 1024 * 1024;

/// Checks a task or vote document that arrived for `id`; on success, the
/// path (relative to the federation directory) where its file belongs.
pub fn check_doc(kind: DocKind, id: &str, bytes: &[u8]) -> Result<String, String> {
    let limit = max_bytes(kind);
    if bytes.len() > limit {
        return Err(format!("{} bytes; the limit is {limit}", bytes.len()));
    }
    if let Some(line) = conflict_marker(bytes) {
        return Err(format!("line {line} is a git conflict marker"));
    }
    match kind {
        DocKind::Task => check_task(id, bytes),
        DocKind::Vote => check_vote(id, bytes),
    }
}

/// The size limit of a document of `kind`.
pub fn max_bytes(kind: DocKind) -> usize {
    match kind {
        DocKind::Task => MAX_TASK_BYTES,
        DocKind::Vote => MAX_VOTE_BYTES,
    }
}

fn check_task(id: &str, bytes: &[u8]) -> Result<String, String> {
    let task = Task::from_json(bytes)?;
    if task.task_id != id {
        return Err(format!("the document holds task_id '{}'", task.task_id));
    }
    let folder = Folder::of(task.status);
    let token = task.lease.as_ref().map(|l| l.token.as_str());
    Ok(format!(
        "{QUEUE_DIR}/{}/{}",
        folder.dir_name(),
        task_file_name(folder, id, token)
    ))
}

/// A vote is checked for what placing it needs (a mapping with the right
/// `vote_id` and a known `status`); the vote rules check the rest when a
/// command reads it, and `fed check` reports what they refuse.
fn check_vote(id: &str, bytes: &[u8]) -> Result<String, String> {
    let text = std::str::from_utf8(bytes).map_err(|_| "not UTF-8 text".to_string())?;
    let value: serde_yaml::Value = crate::yaml::parse(text)?;
    let map = value
        .as_mapping()
        .ok_or_else(|| "not a YAML mapping".to_string())?;
    let field = |name: &str| map.get(name).and_then(serde_yaml::Value::as_str);
    match field("vote_id") {
        Some(found) if found == id => {}
        Some(found) => return Err(format!("the document holds vote_id '{found}'")),
        None => return Err("no vote_id".to_string()),
    }
    let folder = match field("status") {
        Some("active") => VOTES_ACTIVE,
        Some("decided" | "escalated" | "overridden") => VOTES_RESOLVED,
        Some(other) => return Err(format!("unknown status '{}'", other.escape_debug())),
        None => return Err("no status".to_string()),
    };
    Ok(format!("{folder}/{id}.yaml"))
}

/// Checks an arriving `config.yaml` with the config's own rules.
pub fn check_config(bytes: &[u8]) -> Result<(), String> {
    let text = text_of(bytes)?;
    crate::config::Config::parse(text, "config.yaml")
        .map(|_| ())
        .map_err(|e| e.message)
}

/// Checks an arriving `state.json`: a JSON object with a boolean `paused`.
pub fn check_state(bytes: &[u8]) -> Result<(), String> {
    text_of(bytes)?;
    let value: serde_json::Value =
        serde_json::from_slice(bytes).map_err(|e| crate::error::one_line(&e.to_string()))?;
    match value.get("paused") {
        Some(serde_json::Value::Bool(_)) => Ok(()),
        _ => Err("no boolean `paused`".to_string()),
    }
}

/// Checks the file of a one-file document.
pub fn check_single(single: Single, bytes: &[u8]) -> Result<(), String> {
    match single {
        Single::State => check_state(bytes),
        Single::Availability => availability(bytes).map(|_| ()),
    }
}

/// Reads an arriving `availability.json`: a JSON object of agent names
/// (as `fed agent away` spells them: they become file names) and what
/// each said.
pub fn availability(bytes: &[u8]) -> Result<BTreeMap<String, Away>, String> {
    text_of(bytes)?;
    let map: BTreeMap<String, Away> =
        serde_json::from_slice(bytes).map_err(|e| crate::error::one_line(&e.to_string()))?;
    for name in map.keys() {
        let parsed = AgentName::parse(name, "agent").map_err(|e| e.message)?;
        if parsed.as_str() != name {
            return Err(format!(
                "'{}' is not an agent name as fed writes it",
                name.escape_debug()
            ));
        }
    }
    Ok(map)
}

/// Checks a log segment: whole lines, each one JSON object.
pub fn check_log_lines(bytes: &[u8]) -> Result<(), String> {
    let text = text_of(bytes)?;
    if !text.is_empty() && !text.ends_with('\n') {
        return Err("the last line is not complete".to_string());
    }
    for (n, line) in text.lines().enumerate() {
        match serde_json::from_str::<serde_json::Value>(line) {
            Ok(serde_json::Value::Object(_)) => {}
            _ => return Err(format!("line {} is not a JSON object", n + 1)),
        }
    }
    Ok(())
}

fn text_of(bytes: &[u8]) -> Result<&str, String> {
    if bytes.len() > MAX_OTHER_BYTES {
        return Err(format!(
            "{} bytes; the limit is {MAX_OTHER_BYTES}",
            bytes.len()
        ));
    }
    if let Some(line) = conflict_marker(bytes) {
        return Err(format!("line {line} is a git conflict marker"));
    }
    std::str::from_utf8(bytes).map_err(|_| "not UTF-8 text".to_string())
}

/// The first line (1-based) that is a git conflict marker, if any.
pub fn conflict_marker(bytes: &[u8]) -> Option<usize> {
    bytes
        .split(|b| *b == b'\n')
        .position(|line| {
            let line = line.strip_suffix(b"\r").unwrap_or(line);
            line.starts_with(b"<<<<<<< ")
                || line.starts_with(b">>>>>>> ")
                || line == b"<<<<<<<"
                || line == b">>>>>>>"
                || line == b"======="
                || line.starts_with(b"||||||| ")
        })
        .map(|n| n + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    const TASK: &str = r#"{"task_id": "t1", "description": "d", "status": "pending",
        "created_at": "2026-11-21T09:00:00Z", "updated_at": "2026-11-21T09:00:00Z"}"#;

    #[test]
    fn a_valid_task_is_placed_by_its_status() {
        assert_eq!(
            check_doc(DocKind::Task, "t1", TASK.as_bytes()).unwrap(),
            "queue/pending/t1.json"
        );
        let claimed = TASK.replace(
            r#""status": "pending","#,
            r#""status": "in-progress", "lease": {"token": "1-abc", "claimed_at": "2026-11-21T09:00:00Z", "expires_at": "2026-11-21T09:30:00Z"},"#,
        );
        assert_eq!(
            check_doc(DocKind::Task, "t1", claimed.as_bytes()).unwrap(),
            "queue/in-progress/t1@1-abc.json"
        );
        let done = TASK.replace("pending", "done");
        assert_eq!(
            check_doc(DocKind::Task, "t1", done.as_bytes()).unwrap(),
            "queue/completed/t1.json"
        );
    }

    #[test]
    fn malformed_tasks_are_refused_with_a_reason() {
        let cases = [
            ("{", "EOF"),
            (TASK, "task_id 't1'"),
            (&TASK.replace("pending", "lost"), "unknown variant"),
            (
                "<<<<<<< HEAD\n{}\n=======\n{}\n>>>>>>> other\n",
                "conflict marker",
            ),
        ];
        for (text, why) in cases {
            let err = check_doc(DocKind::Task, "t2", text.as_bytes()).unwrap_err();
            assert!(err.contains(why), "{text}: {err}");
        }
        let huge = vec![b' '; MAX_TASK_BYTES + 1];
        assert!(
            check_doc(DocKind::Task, "t1", &huge)
                .unwrap_err()
                .contains("limit")
        );
    }

    #[test]
    fn votes_are_placed_by_status_and_conflict_markers_refused() {
        let vote = "vote_id: v1\nquestion: q\noptions: [a, b]\nstatus: active\n";
        assert_eq!(
            check_doc(DocKind::Vote, "v1", vote.as_bytes()).unwrap(),
            "votes/active/v1.yaml"
        );
        let decided = vote.replace("active", "decided");
        assert_eq!(
            check_doc(DocKind::Vote, "v1", decided.as_bytes()).unwrap(),
            "votes/resolved/v1.yaml"
        );
        // Valid YAML either way: the markers would be read as text.
        let merged = "vote_id: v1\nquestion: q\n<<<<<<< HEAD\nstatus: active\n=======\nstatus: decided\n>>>>>>> m2\n";
        assert!(
            check_doc(DocKind::Vote, "v1", merged.as_bytes())
                .unwrap_err()
                .contains("conflict marker")
        );
        for bad in [
            "- a\n- b\n",
            "vote_id: v2\nstatus: active\n",
            "vote_id: v1\nstatus: open\n",
            "\u{0}\u{ff}",
        ] {
            assert!(
                check_doc(DocKind::Vote, "v1", bad.as_bytes()).is_err(),
                "{bad}"
            );
        }
    }

    #[test]
    fn config_state_and_log_lines_are_checked() {
        assert!(check_config(b"leases:\n  ttl: 30m\n").is_ok());
        assert!(check_config(b"no_such_key: 1\n").is_err());
        assert!(check_state(b"{\"paused\": false}\n").is_ok());
        let away = br#"{"kimi": {"since": "2026-11-21T09:00:00Z", "reason": "off"}}"#;
        assert!(check_single(Single::Availability, away).is_ok());
        assert!(check_single(Single::Availability, b"{}").is_ok());
        for bad in [
            &br#"{"Kimi": {"since": "2026-11-21T09:00:00Z"}}"#[..],
            br#"{"../x": {"since": "2026-11-21T09:00:00Z"}}"#,
            br#"{"kimi": {"reason": "no since"}}"#,
            br#"["kimi"]"#,
        ] {
            let text = String::from_utf8_lossy(bad);
            assert!(check_single(Single::Availability, bad).is_err(), "{text}");
        }
        assert!(check_state(b"{\"paused\": \"no\"}").is_err());
        assert!(check_log_lines(b"{\"a\":1}\n{\"b\":2}\n").is_ok());
        assert!(check_log_lines(b"{\"a\":1}").is_err());
        assert!(check_log_lines(b"[1]\n").is_err());
        assert_eq!(conflict_marker(b"a\n=======\n"), Some(2));
        assert_eq!(conflict_marker(b"a ======= b\n"), None);
    }
}
