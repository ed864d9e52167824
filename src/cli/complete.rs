//! Dynamic shell completions through clap_complete's environment protocol
//! (`source <(COMPLETE=bash fed)`): the shell asks `fed` itself, which
//! offers the open tasks' short ids (with their titles), vote ids (with
//! their questions), agent names and task types of the federation the
//! command line names (its `--dir`, else `FED_DIR`, else the nearest
//! `.federation/`). Nothing here runs unless `COMPLETE` is set; reading
//! the federation changes nothing in it.

use super::Cli;
use super::text::line;
use clap::CommandFactory;
use clap_complete::engine::{ArgValueCompleter, CompletionCandidate};
use fed::model::TaskSummary;
use fed::store::cache::Reading;
use fed::store::layout::Folder;
use fed::store::snapshot::Snapshot;
use fed::store::{Store, discover};
use fed::view::short::{IdForm, ShortIds};
use std::ffi::OsStr;
use std::path::PathBuf;

/// The variable that asks for completions (`COMPLETE=bash`); empty or `0`
/// is a normal run.
const VAR: &str = "COMPLETE";

/// Answers a completion request and exits, when the shell made one.
pub fn on_request() {
    if std::env::var_os(VAR).is_some_and(|v| !v.is_empty() && v != "0") {
        clap_complete::CompleteEnv::with_factory(Cli::command)
            .var(VAR)
            .complete();
    }
}

/// Unfinished tasks (pending, in progress, blocked).
pub fn open_tasks() -> ArgValueCompleter {
    ArgValueCompleter::new(|c: &OsStr| {
        tasks(c, &[Folder::Pending, Folder::InProgress, Folder::Blocked])
    })
}

/// Pending tasks (to claim, assign).
pub fn pending_tasks() -> ArgValueCompleter {
    ArgValueCompleter::new(|c: &OsStr| tasks(c, &[Folder::Pending]))
}

/// Tasks in progress (to heartbeat, complete, release).
pub fn held_tasks() -> ArgValueCompleter {
    ArgValueCompleter::new(|c: &OsStr| tasks(c, &[Folder::InProgress]))
}

/// Blocked tasks (to unblock).
pub fn blocked_tasks() -> ArgValueCompleter {
    ArgValueCompleter::new(|c: &OsStr| tasks(c, &[Folder::Blocked]))
}

/// Finished tasks (to retry).
pub fn finished_tasks() -> ArgValueCompleter {
    ArgValueCompleter::new(|c: &OsStr| tasks(c, &[Folder::Completed]))
}

/// Active votes (to cast, resolve, override).
pub fn active_votes() -> ArgValueCompleter {
    ArgValueCompleter::new(|c: &OsStr| votes(c, true))
}

/// Every vote (to show).
pub fn all_votes() -> ArgValueCompleter {
    ArgValueCompleter::new(|c: &OsStr| votes(c, false))
}

/// Agent names: the config's, else those the open tasks name.
pub fn agents() -> ArgValueCompleter {
    ArgValueCompleter::new(agent_names)
}

/// Task types the open tasks use, and the usual ones.
pub fn task_types() -> ArgValueCompleter {
    ArgValueCompleter::new(types)
}

/// The federation of the command line being completed, if there is one.
fn store() -> Option<Store> {
    let words: Vec<String> = std::env::args_os()
        .map(|a| a.to_string_lossy().into_owned())
        .collect();
    let mut explicit = None;
    for (i, word) in words.iter().enumerate() {
        if word == "--dir" {
            explicit = words.get(i + 1).map(PathBuf::from);
        } else if let Some(dir) = word.strip_prefix("--dir=") {
            explicit = Some(PathBuf::from(dir));
        }
    }
    let explicit = explicit
        .or_else(|| std::env::var_os("FED_DIR").map(PathBuf::from))
        .filter(|d| !d.as_os_str().is_empty());
    let cwd = std::env::current_dir().ok()?;
    let dir = discover(explicit.as_deref(), &cwd).ok()?;
    Store::open(&cwd.join(dir)).ok()
}

/// What the user typed so far, as fed reads ids.
fn typed(current: &OsStr) -> String {
    current.to_string_lossy().trim().to_ascii_lowercase()
}

/// The tasks in `folders` whose short id (or, failing that, full id)
/// starts with what was typed, best first, each with its title.
fn tasks(current: &OsStr, folders: &[Folder]) -> Vec<CompletionCandidate> {
    let Some(store) = store() else {
        return Vec::new();
    };
    let typed = typed(current);
    let ids = ShortIds::federation(&store, IdForm::Short);
    let snapshot = Snapshot::load_folders(&store, folders, Reading::VIEW);
    let mut rows: Vec<&TaskSummary> = snapshot.rows.iter().map(|r| &r.summary).collect();
    rows.sort_by(|a, b| {
        a.status
            .cmp(&b.status)
            .then(b.priority.cmp(&a.priority))
            .then(a.created_at.cmp(&b.created_at))
    });
    rows.into_iter()
        .filter_map(|t| {
            let short = ids.of(&t.task_id);
            let value = [short, t.task_id.as_str()]
                .into_iter()
                .find(|v| v.starts_with(&typed))?;
            let help = format!("{} [{}]", line(&t.title), t.status);
            Some(CompletionCandidate::new(value).help(Some(help.into())))
        })
        .collect()
}

/// The votes (active ones only when `active`) matching what was typed,
/// each with its question.
fn votes(current: &OsStr, active: bool) -> Vec<CompletionCandidate> {
    let Some(store) = store() else {
        return Vec::new();
    };
    let typed = typed(current);
    let ids = ShortIds::federation(&store, IdForm::Short);
    let (votes, _) = store.list_votes();
    votes
        .iter()
        .filter(|v| !active || v.is_active())
        .filter_map(|v| {
            let short = ids.of(&v.vote_id);
            let value = [short, v.vote_id.as_str()]
                .into_iter()
                .find(|id| id.starts_with(&typed))?;
            let help = format!("{} [{}]", line(&v.question), v.status);
            Some(CompletionCandidate::new(value).help(Some(help.into())))
        })
        .collect()
}

fn agent_names(current: &OsStr) -> Vec<CompletionCandidate> {
    let Some(store) = store() else {
        return Vec::new();
    };
    let mut names: Vec<String> = store
        .config()
        .map(|c| c.agents.to_vec())
        .unwrap_or_default();
    if names.is_empty() {
        let open = Snapshot::load_folders(
            &store,
            &[Folder::Pending, Folder::InProgress],
            Reading::VIEW,
        );
        for t in open.rows.iter().map(|r| &r.summary) {
            names.extend(t.to_agent.iter().chain(&t.assignee).cloned());
        }
    }
    matching(current, names)
}

fn types(current: &OsStr) -> Vec<CompletionCandidate> {
    let mut names: Vec<String> = ["general", "research", "implement", "review"]
        .map(String::from)
        .to_vec();
    if let Some(store) = store() {
        let open = Snapshot::load_folders(
            &store,
            &[Folder::Pending, Folder::InProgress, Folder::Blocked],
            Reading::VIEW,
        );
        names.extend(open.rows.iter().map(|r| r.summary.task_type.clone()));
    }
    matching(current, names)
}

/// The names starting with what was typed, sorted, each once.
fn matching(current: &OsStr, mut names: Vec<String>) -> Vec<CompletionCandidate> {
    let typed = typed(current);
    names.sort();
    names.dedup();
    names
        .into_iter()
        .filter(|n| n.starts_with(&typed))
        .map(CompletionCandidate::new)
        .collect()
}
