//! How one tool call runs: on a blocking thread (the library's operations
//! do file I/O and may wait), with its own store, config, caller and
//! clock, its result as structured JSON and a refusal as a tool error that
//! carries fed's error kind and exit code.

use crate::cli::context::{Ctx, system_clock};
use crate::cli::exit::{code_of, kind_name};
use fed::model::AgentName;
use fed::model::time::Timestamp;
use fed::op::Op;
use fed::store::Store;
use rmcp::ErrorData as McpError;
use rmcp::model::CallToolResult;
use serde::Serialize;
use serde_json::{Value, json};
use std::path::PathBuf;
use std::sync::Arc;

/// What every call shares: where the federation is, who the server acts
/// as, and the clock.
#[derive(Debug)]
pub struct Env {
    dir: PathBuf,
    agent: Option<String>,
    fixed_now: Option<Timestamp>,
}

impl Env {
    pub fn new(ctx: &Ctx) -> anyhow::Result<Env> {
        let dir = ctx.dir()?;
        // Refuse a missing federation now, not at every call.
        Store::open(&dir)?;
        Ok(Env {
            dir,
            agent: ctx.agent.clone(),
            fixed_now: ctx.fixed_now(),
        })
    }

    /// The caller of one call: the server's identity, or the call's
    /// `agent` argument when the server was started without one.
    fn identity(&self, given: Option<&str>) -> fed::Result<Option<String>> {
        let given = given.map(str::trim).filter(|a| !a.is_empty());
        match (&self.agent, given) {
            (Some(own), None) => Ok(Some(own.clone())),
            (Some(own), Some(other)) => {
                let other = AgentName::parse(other, fed::Param::Identity)?;
                if other.as_str() == own {
                    Ok(Some(own.clone()))
                } else {
                    Err(fed::Error::forbidden(format!(
                        "this server acts as {own}; it cannot act as {}",
                        other.as_str()
                    ))
                    .on(fed::Param::Identity))
                }
            }
            (None, Some(name)) => Ok(Some(
                AgentName::parse(name, fed::Param::Identity)?
                    .as_str()
                    .to_string(),
            )),
            (None, None) => Ok(None),
        }
    }
}

/// Runs `work` as `agent` on a blocking thread and turns its answer into a
/// tool result.
pub async fn run<T, F>(
    env: &Arc<Env>,
    agent: Option<String>,
    work: F,
) -> Result<CallToolResult, McpError>
where
    T: Serialize,
    F: FnOnce(&Op) -> fed::Result<T> + Send + 'static,
{
    let env = env.clone();
    let joined = tokio::task::spawn_blocking(move || -> fed::Result<Value> {
        let agent = env.identity(agent.as_deref())?;
        let store = Store::open(&env.dir)?;
        let config = store.config()?;
        let clock = env
            .fixed_now
            .is_none()
            .then_some(system_clock as fn() -> Timestamp);
        let now = env.fixed_now.unwrap_or_else(system_clock);
        let op = Op::new(&store, &config, agent, now, clock);
        let value = work(&op)?;
        serde_json::to_value(value)
            .map_err(|e| fed::Error::invalid(format!("the result cannot be written as JSON: {e}")))
    })
    .await;
    match joined {
        Ok(Ok(value)) => Ok(CallToolResult::structured(value)),
        Ok(Err(e)) => Ok(CallToolResult::structured_error(error_doc(&e))),
        Err(e) => Err(McpError::internal_error(
            format!("the call did not finish: {e}"),
            None,
        )),
    }
}

/// A refusal as MCP tools report it: fed's error kind, the exit code the
/// command line would give, the message, and the parameter it is about.
pub fn error_doc(e: &fed::Error) -> Value {
    let message = match e.param {
        Some(fed::Param::Identity) => format!(
            "{}: start the server with --agent NAME (or FED_AGENT), or pass `agent`",
            e.message
        ),
        Some(param) => format!("{}: {}", param.name(), e.message),
        None => e.message.clone(),
    };
    let mut doc = json!({
        "kind": kind_name(e.kind),
        "exit_code": code_of(e.kind),
        "message": message,
    });
    if let Some(param) = e.param {
        doc["param"] = json!(param.name());
    }
    doc
}
