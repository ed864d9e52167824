//! One task of `fed work`: run its command (and its acceptance check)
//! under a renewed lease, then record the result, release the task, or
//! leave it alone when the claim was lost.

use super::Args;
use super::child::{self, Running};
use super::signals::{Event, Stop};
use crate::cli::context::Ctx;
use anyhow::Result;
use fed::Kind;
use fed::model::Task;
use fed::op::Op;
use fed::queue::complete::{CompleteRequest, complete};
use fed::queue::lease::{heartbeat_for, holds, release};
use fed::remote::hook::Offline;
use serde::Serialize;
use std::sync::mpsc::{Receiver, RecvTimeoutError, Sender};
use std::time::{Duration, Instant};

/// How often a running task's claim is checked on this machine.
const CHECK_EVERY: Duration = Duration::from_millis(500);
/// How long a command has between SIGTERM and SIGKILL once its task was
/// lost (cancelled, re-assigned, reaped): it must be gone within 2 s.
const LOST_GRACE: Duration = Duration::from_millis(1000);
/// The summary of a finished task: the tail of the output.
const SUMMARY_LINES: usize = 20;
const SUMMARY_BYTES: usize = 2000;

pub struct Worker<'a> {
    pub ctx: &'a Ctx,
    pub op: &'a Op<'a>,
    pub args: &'a Args,
    pub stop: Stop,
    pub events: Receiver<Event>,
    pub events_tx: Sender<Event>,
}

/// What became of one task.
#[derive(Debug, Serialize)]
pub struct Outcome {
    pub task_id: String,
    /// `done`, `failed`, `released` (fed work was stopped), `lost` (the
    /// claim was taken away), or `finished` (the command finished the
    /// task itself).
    pub outcome: &'static str,
    /// The command's exit code (none when it was stopped by a signal).
    pub exit_code: Option<i32>,
    /// The kept output, relative to the federation.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub output: Option<String>,
}

/// What running a task's commands gave: how they ended, their output, the
/// part of it the summary comes from, and the check that failed.
struct Ran {
    ending: Ending,
    log: Vec<u8>,
    summary: std::ops::Range<usize>,
    check_failed: Option<String>,
}

/// How a supervised command ended.
enum Ending {
    Exited(std::process::ExitStatus),
    /// fed work was told to stop.
    Stopped,
    /// The claim is gone.
    Lost,
}

impl Worker<'_> {
    pub fn run_task(&self, task: &Task) -> Result<Outcome> {
        let store = self.op.store;
        let id = task.task_id.clone();
        let token = task
            .lease
            .as_ref()
            .map(|l| l.token.clone())
            .unwrap_or_default();
        let name = format!("{id}@{token}");
        self.ctx
            .out
            .note(format!("Working on {id}: {}", task.title));
        if let Err(e) = store.write_output(&format!("{name}.json"), &task.to_json()) {
            // The command could not be given its task: give the task back.
            self.fresh();
            let _ = self.shared(|| release(self.op, &id, Some(&token)));
            return Err(e.into());
        }
        let env = self.environment(task, &token, &format!("{name}.json"));
        while self.events.try_recv().is_ok() {}
        let ran = self.run_commands(task, &env, &token);
        store.remove_output(&format!("{name}.json"));
        let exited = |outcome, code| Outcome {
            task_id: id.clone(),
            outcome,
            exit_code: code,
            output: None,
        };
        match ran.ending {
            Ending::Lost => {
                self.ctx
                    .out
                    .warn(format!("task {id} was taken away (cancelled, released or reaped): its command was stopped and nothing was recorded"));
                Ok(exited("lost", None))
            }
            Ending::Stopped => {
                self.fresh();
                match self.shared(|| release(self.op, &id, Some(&token))) {
                    Ok(_) => self.ctx.out.note(format!("Released {id}")),
                    Err(e) => self
                        .ctx
                        .out
                        .warn(format!("could not release {id}: {}", e.message)),
                }
                Ok(exited("released", None))
            }
            Ending::Exited(status) => {
                // Without its log the result is still recorded (and says so).
                let output = store
                    .write_output(&format!("{name}.log"), &ran.log)
                    .inspect_err(|e| {
                        self.ctx
                            .out
                            .warn(format!("the output of {id} was not kept: {}", e.message))
                    })
                    .ok();
                let summary_log = &ran.log[ran.summary.clone()];
                self.finish(&id, &token, status, ran.check_failed, summary_log, output)
            }
        }
    }

    /// Runs the task's command and, when it succeeded, its acceptance check.
    fn run_commands(&self, task: &Task, env: &[(String, String)], token: &str) -> Ran {
        let id = &task.task_id;
        let (ending, mut log) = self.supervise(&self.args.command, env, id, token);
        let mut summary = 0..log.len();
        let mut check_failed = None;
        let ending = match (ending, &task.check) {
            (Ending::Exited(status), Some(check)) if status.success() => {
                let argv = ["sh".to_string(), "-c".to_string(), check.clone()];
                let (ending, check_log) = self.supervise(&argv, env, id, token);
                log.extend_from_slice(format!("\n--- acceptance check: {check}\n").as_bytes());
                if matches!(&ending, Ending::Exited(s) if !s.success()) {
                    check_failed = Some(check.clone());
                    summary = log.len()..log.len() + check_log.len();
                }
                log.extend_from_slice(&check_log);
                ending
            }
            (ending, _) => ending,
        };
        Ran {
            ending,
            log,
            summary,
            check_failed,
        }
    }

    /// Completes or fails the task by the command's exit and the check.
    fn finish(
        &self,
        id: &str,
        token: &str,
        status: std::process::ExitStatus,
        check_failed: Option<String>,
        log: &[u8],
        output: Option<String>,
    ) -> Result<Outcome> {
        let tail = child::tail(log, SUMMARY_LINES, SUMMARY_BYTES);
        let command = self.args.command.join(" ");
        let failed = !status.success() || check_failed.is_some();
        let summary = match (&check_failed, status.code()) {
            (Some(check), _) => format!("the acceptance check `{check}` failed:\n{tail}"),
            (None, Some(0)) if tail.is_empty() => format!("`{command}` exited 0"),
            (None, Some(0)) => tail,
            (None, Some(code)) => format!("`{command}` exited {code}:\n{tail}"),
            (None, None) => format!("`{command}` was killed by a signal:\n{tail}"),
        };
        self.fresh();
        let request = CompleteRequest {
            id: id.to_string(),
            token: Some(token.to_string()),
            failed,
            summary: Some(summary.trim_end().to_string()),
            output: output.clone(),
        };
        let outcome = match self.shared(|| complete(self.op, request.clone())) {
            Ok(_) if failed => "failed",
            Ok(_) => "done",
            // The command finished (or gave back) the task itself.
            Err(e) if e.kind == Kind::Conflict => {
                self.ctx.out.note(format!("{id}: {}", e.message));
                "finished"
            }
            Err(e) => return Err(e.into()),
        };
        // The log's lines of this task reach the other machines now.
        if let Err(e) = fed::remote::shared::publish_log(self.op.store, self.op.now()) {
            self.ctx.out.warn(format!(
                "the task's log lines stay here until the next `fed sync`: {}",
                e.message
            ));
        }
        Ok(Outcome {
            task_id: id.to_string(),
            outcome,
            exit_code: status.code(),
            output,
        })
    }

    fn environment(&self, task: &Task, token: &str, file: &str) -> Vec<(String, String)> {
        let store = self.op.store;
        let root =
            std::fs::canonicalize(store.root()).unwrap_or_else(|_| store.root().to_path_buf());
        let mut env = vec![
            ("FED_TASK_ID".to_string(), task.task_id.clone()),
            ("FED_TASK_TITLE".to_string(), task.title.clone()),
            ("FED_TASK_DESCRIPTION".to_string(), task.description.clone()),
            ("FED_TASK_TOKEN".to_string(), token.to_string()),
            (
                "FED_TASK_FILE".to_string(),
                root.join(fed::store::outputs::OUTPUTS_DIR)
                    .join(file.rsplit('/').next().unwrap_or(file))
                    .to_string_lossy()
                    .into_owned(),
            ),
            ("FED_DIR".to_string(), root.to_string_lossy().into_owned()),
        ];
        if let Some(agent) = &self.op.agent {
            env.push(("FED_AGENT".to_string(), agent.clone()));
        }
        env
    }

    /// The operation's clock, read again before a change.
    fn fresh(&self) {
        self.op.after(self.op.now());
    }

    /// One change; with a remote, synced first, through the commit hook,
    /// and redone when another machine got there first (a task cancelled
    /// or reaped on another machine is found so at the next renewal).
    pub fn shared<T>(&self, run: impl FnMut() -> fed::Result<T>) -> fed::Result<T> {
        fed::remote::shared::operation(self.op.store, self.op.now(), Offline::Never, run)
    }

    /// Runs `argv` until it exits, the claim is lost, or a stop is asked,
    /// renewing the lease every quarter of `leases.worker_ttl`.
    fn supervise(
        &self,
        argv: &[String],
        env: &[(String, String)],
        id: &str,
        token: &str,
    ) -> (Ending, Vec<u8>) {
        if self.stop.asked() {
            return (Ending::Stopped, Vec::new());
        }
        let echo = !self.ctx.out.quiet;
        let running = match child::start(argv, env, echo, self.events_tx.clone()) {
            Ok(running) => running,
            Err(e) => {
                let message = format!("fed work: cannot run `{}`: {e}\n", argv.join(" "));
                self.ctx.out.warn(message.trim_end());
                return (Ending::Exited(exit_status(127)), message.into_bytes());
            }
        };
        let ttl = self.op.config.leases.worker_ttl.as_secs().max(1) as u64;
        let renew_every = Duration::from_millis(ttl * 250);
        let mut next_renewal = Instant::now() + renew_every;
        let ending = loop {
            match self.events.recv_timeout(CHECK_EVERY) {
                Ok(Event::Exited(status)) => break Ending::Exited(status),
                Ok(Event::Signal) => break self.stop_running(&running, false),
                Err(RecvTimeoutError::Timeout) => {}
                Err(RecvTimeoutError::Disconnected) => break self.stop_running(&running, false),
            }
            if self.stop.asked() {
                break self.stop_running(&running, false);
            }
            if !self.still_held(id, token, &mut next_renewal, renew_every) {
                break self.stop_running(&running, true);
            }
        };
        let (mut bytes, dropped) = running.output();
        if dropped > 0 {
            let mut note =
                format!("[fed work: the first {dropped} bytes of output were dropped]\n")
                    .into_bytes();
            note.append(&mut bytes);
            bytes = note;
        }
        (ending, bytes)
    }

    /// Renews the lease when due, else checks that the claim still holds.
    /// A failure to read or renew that is not a lost claim is tried again.
    fn still_held(&self, id: &str, token: &str, next: &mut Instant, every: Duration) -> bool {
        if Instant::now() >= *next {
            self.fresh();
            let ttl = self.op.config.leases.worker_ttl;
            match self.shared(|| heartbeat_for(self.op, id, Some(token), ttl)) {
                Ok(_) => *next += every,
                Err(e) if matches!(e.kind, Kind::Conflict | Kind::NotFound | Kind::Forbidden) => {
                    return false;
                }
                Err(e) => self.ctx.out.warn(format!("renewing {id}: {}", e.message)),
            }
            return true;
        }
        holds(self.op.store, id, token).unwrap_or(true)
    }

    /// Stops the running command: SIGTERM to its group, SIGKILL after the
    /// grace period.
    fn stop_running(&self, running: &Running, lost: bool) -> Ending {
        let grace = if lost {
            LOST_GRACE
        } else {
            Duration::from_secs(self.args.grace.as_secs().max(0) as u64)
        };
        running.signal(libc::SIGTERM);
        let until = Instant::now() + grace;
        loop {
            let left = until.saturating_duration_since(Instant::now());
            match self.events.recv_timeout(left) {
                Ok(Event::Exited(_)) => break,
                Ok(Event::Signal) => continue,
                Err(_) => {
                    running.signal(libc::SIGKILL);
                    // The waiter thread reports the exit once it is reaped.
                    let until = Instant::now() + Duration::from_secs(5);
                    while let Ok(event) = self
                        .events
                        .recv_timeout(until.saturating_duration_since(Instant::now()))
                    {
                        if matches!(event, Event::Exited(_)) {
                            break;
                        }
                    }
                    break;
                }
            }
        }
        if lost { Ending::Lost } else { Ending::Stopped }
    }
}

fn exit_status(code: i32) -> std::process::ExitStatus {
    use std::os::unix::process::ExitStatusExt;
    std::process::ExitStatus::from_raw(code << 8)
}
