//! The tools that answer with the documents the matching commands print
//! with `--json`: list, show, status, board, route and plan import.

use super::params::{Board, List, PlanImport, Route};
use fed::model::{Status, Task};
use fed::op::Op;
use fed::store::cache::Reading;
use fed::store::snapshot::Snapshot;
use fed::view::listing::{self, Query};
use fed::view::overview::{Inputs, Summary, count_leads, summarize, summarize_votes};
use fed::view::short::{IdForm, ShortIds};
use fed::{Error, Result};
use serde_json::{Value, json};

/// `queue list --json`, as `{"tasks": [...]}`.
pub fn list(op: &Op, l: &List) -> Result<Value> {
    let states: Vec<Status> = match l.state.as_deref().map(|s| s.trim().to_ascii_lowercase()) {
        None => vec![Status::Pending, Status::InProgress, Status::Blocked],
        Some(s) if s == "all" => Status::ALL.to_vec(),
        Some(s) if s == "completed" => vec![Status::Done, Status::Failed, Status::Cancelled],
        Some(s) => vec![Status::parse(&s).ok_or_else(|| {
            Error::invalid(format!(
                "state: '{s}' is not a state (pending, in-progress, blocked, done, failed, cancelled, completed, all)"
            ))
        })?],
    };
    let query = Query {
        states,
        ready: l.ready,
        for_agent: l.for_agent.clone(),
        task_type: l.task_type.clone(),
        lead: None,
        docs: false,
    };
    let snapshot = listing::load(op.store, &query);
    let rows = listing::select(&snapshot, &query);
    let tasks: Vec<Task> = rows.iter().filter_map(|r| r.read().ok()).collect();
    Ok(json!({"tasks": tasks}))
}

/// `queue show --json`.
pub fn show(op: &Op, raw: &str) -> Result<Task> {
    let id = fed::store::locate::resolve(op.store, raw, fed::Param::Id)?;
    Ok(fed::store::locate::get(op.store, &id)?.task)
}

/// `status --json`.
pub fn status(op: &Op) -> Result<Summary> {
    let state = op.store.state()?;
    let snapshot = Snapshot::load(op.store, Reading::VIEW);
    let in_flight = op.store.scan_in_flight().problems.len();
    let (votes, vote_problems) = op.store.list_votes();
    let votes = summarize_votes(&votes, op.now());
    let leads = count_leads(&snapshot);
    let mut summary = summarize(
        &snapshot,
        Inputs {
            state: &state,
            now: op.now(),
            known_agents: &op.config.agents,
            in_flight,
            votes,
            deferred_handoffs: op.store.prepared_count(),
            leads: &leads,
            ids: &ShortIds::default(),
            ready_notes: None,
        },
    );
    summary.problems += vote_problems.len();
    Ok(summary)
}

/// `route --json`.
pub fn route(op: &Op, r: &Route) -> Result<Value> {
    let task_type = r
        .task_type
        .as_deref()
        .map(|t| t.trim().to_ascii_lowercase());
    let rec = fed::learn::recommend::recommend(op, &r.description, task_type.as_deref())?;
    let candidates: Vec<Value> = rec
        .candidates
        .iter()
        .map(|c| json!({"agent": c.agent, "score": c.score}))
        .collect();
    Ok(json!({"agent": rec.agent, "confidence": rec.confidence, "candidates": candidates}))
}

/// `board --json`.
pub fn board(op: &Op, b: &Board) -> Result<fed::view::board::Board> {
    let for_agent = b
        .for_agent
        .as_deref()
        .map(|a| fed::model::AgentName::parse(a, "for").map(|n| n.as_str().to_string()))
        .transpose()?;
    fed::view::load::load_board(
        op.store,
        op.config,
        op.now(),
        for_agent.as_deref(),
        IdForm::Short,
    )
}

/// `plan import --json`; an import cut short is an error (what landed is
/// kept, and importing again finishes it). The server reads plans only
/// from inside the project (the folder holding the federation), a
/// relative path being taken from there: a client cannot make it read
/// other files.
pub fn plan_import(op: &Op, i: PlanImport) -> Result<fed::plan::import::Report> {
    let root = fed::plan::import::project_root(op.store)?;
    let file = root.join(&i.file);
    let inside = match (file.canonicalize(), root.canonicalize()) {
        (Ok(real), Ok(real_root)) => real.starts_with(real_root),
        // A file that cannot be resolved is refused by the import itself,
        // with the reason.
        _ => true,
    };
    if !inside {
        return Err(Error::forbidden(format!(
            "file: {} is outside the project ({}); this server reads plans only from inside it",
            i.file,
            root.display()
        )));
    }
    let request = fed::plan::import::ImportRequest {
        file,
        root,
        dry_run: i.dry_run,
        to: i.to,
        lead: i.lead,
        task_type: i.task_type,
    };
    fed::plan::import::import(op, &request).map_err(|failed| failed.error)
}
