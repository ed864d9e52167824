//! `fed queue assign`: an overseer re-targets a pending task.

use super::change::{change, finished};
use super::recover::recover;
use crate::error::{Error, Param, Result};
use crate::model::{AgentName, Status, Task};
use crate::op::Op;
use crate::store::locate::resolve;

/// Re-targets a pending task to another agent (overseer).
pub fn assign(op: &Op, raw_id: &str, raw_agent: &str) -> Result<Task> {
    op.config
        .check_overseer(op.agent.as_deref(), "queue assign")?;
    recover(op);
    let target = AgentName::parse(raw_agent, Param::Agent)?;
    op.config.check_agent(target.as_str(), Param::Agent)?;
    let id = resolve(op.store, raw_id, Param::Id)?;
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
                op.now(),
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
