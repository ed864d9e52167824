//! Changes to one existing task: complete, heartbeat, release, block,
//! unblock, assign and cancel.
//!
//! All of them run through [`change`]: find the task, check the rule on the
//! document as read (so a refused caller never disturbs the task), take the
//! file (the exclusive, fencing step), check the rule again on the document
//! actually taken, write the new version. A task that moved between the
//! read and the take is looked up again; its new state decides.

use super::locate::{self, Found, resolve};
use super::snapshot::Snapshot;
use super::{Op, recover};
use crate::error::{Error, Result};
use crate::graph::dependants;
use crate::learn::history::{self, Record};
use crate::model::id::random_base36;
use crate::model::{AgentName, Blocked, Lease, Outcome, Status, Task};
use serde_json::Map;

/// How many times a task that keeps moving is looked up again.
const RETRIES: usize = 16;

/// Finds task `id`, checks `rule`, and commits `apply`'s new version.
fn change(
    op: &Op,
    id: &str,
    rule: impl Fn(&Found) -> Result<()>,
    apply: impl Fn(Task) -> Result<Task>,
) -> Result<Task> {
    for _ in 0..RETRIES {
        // The id was resolved, so the task exists; missing it now means it
        // was moving, and the caller lost a race.
        let found = locate::find_waiting(op.store, id, || recover(op))?.ok_or_else(|| {
            Error::conflict(format!(
                "task {id} changed underneath (it was being moved); try again"
            ))
        })?;
        rule(&found)?;
        let Some(taken) = op.store.take(&found.path, id)? else {
            continue; // moved meanwhile: look again
        };
        rule(&Found {
            task: taken.doc.clone(),
            ..found
        })?;
        let task = apply(taken.doc.clone())?;
        taken.commit(&task)?;
        return Ok(task);
    }
    Err(Error::conflict(format!(
        "task {id} kept changing underneath; try again"
    )))
}

/// The rule for commands only the current lease holder may run.
/// The claim a caller says it holds: its agent name and, optionally, the
/// exact claim token (for agents that run several workers under one name).
#[derive(Debug, Clone, Copy)]
pub struct Holder<'a> {
    pub agent: &'a str,
    pub token: Option<&'a str>,
}

fn held_by(holder: Holder, id: &str, found: &Found) -> Result<()> {
    let task = &found.task;
    let agent = holder.agent;
    let token = task.lease.as_ref().map(|l| l.token.as_str());
    match task.status {
        Status::InProgress
            if task.assignee.as_deref() == Some(agent)
                && holder.token.is_some_and(|t| Some(t) != token) =>
        {
            Err(Error::conflict(format!(
                "task {id} is held by {agent} under claim {}, not {} (a mistyped token, or that claim expired and the task was claimed again)",
                token.unwrap_or("-"),
                holder.token.unwrap_or("-")
            )))
        }
        Status::InProgress if task.assignee.as_deref() == Some(agent) => Ok(()),
        Status::InProgress => Err(Error::conflict(format!(
            "task {id} is held by {}, not by {agent} (if {agent} held it, its lease expired and the task was claimed again)",
            task.assignee.as_deref().unwrap_or("nobody")
        ))),
        Status::Pending => Err(Error::conflict(format!(
            "task {id} is pending, not in progress (if {agent} held it, its lease expired and was reaped)"
        ))),
        Status::Blocked => Err(Error::conflict(format!(
            "task {id} is blocked, not in progress"
        ))),
        done => Err(Error::conflict(format!(
            "task {id} is already finished ({done})"
        ))),
    }
}

fn finished(id: &str, found: &Found) -> Result<()> {
    if found.task.status.is_finished() {
        Err(Error::conflict(format!(
            "task {id} is already finished ({})",
            found.task.status
        )))
    } else {
        Ok(())
    }
}

#[derive(Debug, Clone, Default)]
pub struct CompleteRequest {
    pub id: String,
    /// The claim token, for strict fencing (see [`Holder`]).
    pub token: Option<String>,
    pub failed: bool,
    pub summary: Option<String>,
}

/// Finishes a task the caller holds, as done or failed; returns it and the
/// follow-up tasks the handoff rules queued.
pub fn complete(op: &Op, request: CompleteRequest) -> Result<(Task, Vec<Task>)> {
    let agent = op.require_agent("queue complete")?;
    let holder = Holder {
        agent,
        token: request.token.as_deref(),
    };
    recover(op);
    let id = resolve(op.store, &request.id, "ID")?;
    let status = if request.failed {
        Status::Failed
    } else {
        Status::Done
    };
    // Follow-ups are prepared before the completion is published (see
    // learn::ops::prepare_handoffs): a crash in between loses none.
    let prepared = std::cell::RefCell::new(Vec::new());
    let task = change(
        op,
        &id,
        |found| held_by(holder, &id, found),
        |mut task| {
            task.result = Some(Outcome {
                summary: request.summary.clone(),
                by: Some(agent.to_string()),
                finished_at: op.now,
                started_at: task.lease.as_ref().map(|l| l.claimed_at),
                extra: Map::new(),
            });
            task.status = status;
            task.lease = None;
            // History events are named after the state reached.
            task.record(
                op.now,
                status.as_str(),
                Some(agent),
                request.summary.clone(),
            );
            *prepared.borrow_mut() = crate::learn::ops::prepare_handoffs(op, &task, agent);
            Ok(task)
        },
    )?;
    op.log(op.event(
        if request.failed {
            "failed"
        } else {
            "completed"
        },
        &id,
    ));
    let started = task.result.as_ref().and_then(|r| r.started_at);
    let record = Record::of(&task, agent, status == Status::Done, op.now, started);
    if let Err(e) = history::append(op.store, &record) {
        op.log(op.event("history-failed", &id).with("error", e.message));
    }
    if let Err(e) = crate::learn::ops::publish_deferred(op) {
        op.store.warn(format!("the task is {status}, but queueing its handoffs failed ({}); the next fed command queues them", e.message));
    }
    Ok((task, prepared.into_inner()))
}

/// Renews the caller's lease on a task it holds.
pub fn heartbeat(op: &Op, raw_id: &str, token: Option<&str>) -> Result<Task> {
    let agent = op.require_agent("queue heartbeat")?;
    let holder = Holder { agent, token };
    recover(op);
    let id = resolve(op.store, raw_id, "ID")?;
    let task = change(
        op,
        &id,
        |found| held_by(holder, &id, found),
        |mut task| {
            if let Some(lease) = task.lease.as_mut() {
                lease.expires_at = op.now + op.config.leases.ttl.to_chrono();
            }
            task.updated_at = op.now;
            Ok(task)
        },
    )?;
    op.log(op.event("heartbeat", &id));
    Ok(task)
}

/// Gives a claimed task back to the queue (holder or overseer).
pub fn release(op: &Op, raw_id: &str, token: Option<&str>) -> Result<Task> {
    let agent = op.agent()?;
    recover(op);
    let id = resolve(op.store, raw_id, "ID")?;
    let overseer = op.is_overseer() && op.agent.is_some();
    let task = change(
        op,
        &id,
        |found| match agent {
            // An overseer may release anyone's claim, unless it names a token:
            // then it speaks as that claim's holder.
            Some(_) if overseer && token.is_none() && found.task.status == Status::InProgress => {
                Ok(())
            }
            Some(a) => held_by(Holder { agent: a, token }, &id, found),
            None => Err(Error::invalid(
                "queue release acts as an agent: name yourself with --agent NAME or FED_AGENT",
            )),
        },
        |mut task| {
            task.status = Status::Pending;
            task.assignee = None;
            task.lease = None;
            task.record(op.now, "released", agent, None);
            Ok(task)
        },
    )?;
    op.log(op.event("released", &id));
    Ok(task)
}

/// Sets a task aside with a reason; it returns to its state on unblock.
pub fn block(op: &Op, raw_id: &str, reason: &str) -> Result<Task> {
    let agent = op.agent()?;
    recover(op);
    let reason = reason.trim();
    if reason.is_empty() {
        return Err(Error::invalid("--reason: say why the task is blocked"));
    }
    let id = resolve(op.store, raw_id, "ID")?;
    let overseer = op.is_overseer() && op.agent.is_some();
    let task = change(
        op,
        &id,
        |found| {
            finished(&id, found)?;
            match found.task.status {
                Status::Blocked => Err(Error::invalid(format!("task {id} is already blocked"))),
                Status::InProgress if !overseer => match agent {
                    Some(a) => held_by(
                        Holder {
                            agent: a,
                            token: None,
                        },
                        &id,
                        found,
                    ),
                    None => Err(Error::forbidden(format!(
                        "task {id} is in progress: only its holder or an overseer may block it (name yourself with --agent)"
                    ))),
                },
                _ => Ok(()),
            }
        },
        |mut task| {
            task.blocked = Some(Blocked {
                reason: reason.to_string(),
                from: task.status,
                at: op.now,
                by: agent.map(str::to_string),
                extra: Map::new(),
            });
            task.status = Status::Blocked;
            task.lease = None;
            task.record(op.now, "blocked", agent, Some(reason.to_string()));
            Ok(task)
        },
    )?;
    op.log(op.event("blocked", &id).with("reason", reason));
    Ok(task)
}

/// Returns a blocked task to the state it was blocked from (an in-progress
/// task gets a fresh lease for the same holder).
pub fn unblock(op: &Op, raw_id: &str) -> Result<Task> {
    let agent = op.agent()?;
    recover(op);
    let id = resolve(op.store, raw_id, "ID")?;
    let task = change(
        op,
        &id,
        |found| {
            finished(&id, found)?;
            if found.task.status == Status::Blocked {
                Ok(())
            } else {
                Err(Error::invalid(format!(
                    "task {id} is {}, not blocked",
                    found.task.status
                )))
            }
        },
        |mut task| {
            let from = task
                .blocked
                .take()
                .map(|b| b.from)
                .unwrap_or(Status::Pending);
            match (from, task.assignee.clone()) {
                (Status::InProgress, Some(_)) => {
                    task.status = Status::InProgress;
                    task.lease = Some(Lease {
                        token: format!("{}-{}", task.attempts, random_base36(6)),
                        claimed_at: op.now,
                        expires_at: op.now + op.config.leases.ttl.to_chrono(),
                        extra: Map::new(),
                    });
                }
                _ => {
                    task.status = Status::Pending;
                    task.assignee = None;
                }
            }
            task.record(op.now, "unblocked", agent, None);
            Ok(task)
        },
    )?;
    op.log(op.event("unblocked", &id).with("to", task.status.as_str()));
    Ok(task)
}

/// Re-targets a pending task to another agent (overseer).
pub fn assign(op: &Op, raw_id: &str, raw_agent: &str) -> Result<Task> {
    op.config
        .check_overseer(op.agent.as_deref(), "queue assign")?;
    recover(op);
    let target = AgentName::parse(raw_agent, "AGENT")?;
    op.config.check_agent(target.as_str(), "AGENT")?;
    let id = resolve(op.store, raw_id, "ID")?;
    let task = change(
        op,
        &id,
        |found| {
            finished(&id, found)?;
            match found.task.status {
                Status::Pending => Ok(()),
                Status::InProgress => Err(Error::conflict(format!(
                    "task {id} is already claimed by {}; cancel or release it first",
                    found.task.assignee.as_deref().unwrap_or("another agent")
                ))),
                other => Err(Error::invalid(format!(
                    "task {id} is {other}; only pending tasks can be assigned"
                ))),
            }
        },
        |mut task| {
            task.to_agent = Some(target.as_str().to_string());
            task.record(
                op.now,
                "assigned",
                op.agent.as_deref(),
                Some(format!("to {target}")),
            );
            Ok(task)
        },
    )?;
    op.log(op.event("assigned", &id).with("to", target.as_str()));
    Ok(task)
}

#[derive(Debug, Clone, Default)]
pub struct CancelRequest {
    pub id: String,
    pub reason: Option<String>,
    pub cascade: bool,
}

/// Cancels a task (overseer or its creator) and, with `cascade`, every
/// unfinished task that depends on it. Returns the cancelled tasks, the
/// named one first.
pub fn cancel(op: &Op, request: CancelRequest) -> Result<Vec<Task>> {
    let agent = op.agent()?;
    recover(op);
    let id = resolve(op.store, &request.id, "ID")?;
    let current = locate::find(op.store, &id)?.ok_or_else(|| {
        Error::conflict(format!(
            "task {id} changed underneath (it was being moved); try again"
        ))
    })?;
    if op.config.check_overseer(agent, "queue cancel").is_err() {
        let creator = current.task.from_agent.as_deref();
        if agent.is_none() || creator != agent {
            return Err(Error::forbidden(format!(
                "queue cancel: only an overseer ({}) or the task's creator ({}) may cancel task {id}",
                op.config.overseers.join(", "),
                creator.unwrap_or("unknown")
            )));
        }
    }
    let cancel_one = |target: &str, note: Option<String>| {
        change(
            op,
            target,
            |found| finished(target, found),
            |mut task| {
                task.status = Status::Cancelled;
                task.result = Some(Outcome {
                    summary: note.clone(),
                    by: agent.map(str::to_string),
                    finished_at: op.now,
                    started_at: task.lease.as_ref().map(|l| l.claimed_at),
                    extra: Map::new(),
                });
                task.lease = None;
                task.blocked = None;
                task.record(op.now, "cancelled", agent, note.clone());
                Ok(task)
            },
        )
    };
    // A cascade cut short (a crash, a full disk) is finished by running
    // it again: the task is already cancelled, its dependants are not.
    let resume_cascade = request.cascade && current.task.status == Status::Cancelled;
    let mut cancelled = Vec::new();
    if !resume_cascade {
        cancelled.push(cancel_one(&id, request.reason.clone())?);
        op.log(
            op.event("cancelled", &id)
                .with("reason", request.reason.clone()),
        );
    }
    if request.cascade {
        let snapshot = Snapshot::load(op.store);
        for child in dependants(&snapshot.graph(), &id) {
            if snapshot.status_of(&child).is_none_or(Status::is_finished) {
                continue;
            }
            let note = Some(format!("cascade from {id}"));
            match cancel_one(&child, note) {
                Ok(task) => {
                    op.log(
                        op.event("cancelled", &child)
                            .with("cascade_from", id.as_str()),
                    );
                    cancelled.push(task);
                }
                // Finished meanwhile: nothing left to cancel.
                Err(e) if e.kind == crate::error::Kind::Conflict => {}
                Err(e) => {
                    return Err(Error::new(
                        e.kind,
                        format!(
                            "task {id} is cancelled, but cancelling its dependant {child} failed ({}); run `fed queue cancel {id} --cascade` again to finish",
                            e.message
                        ),
                    ));
                }
            }
        }
    }
    if resume_cascade && cancelled.is_empty() {
        return Err(Error::conflict(format!(
            "task {id} is already cancelled, and no dependant is left to cancel"
        )));
    }
    Ok(cancelled)
}
