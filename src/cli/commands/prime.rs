//! `fed prime`

use crate::cli::context::Ctx;
use crate::cli::text::line;
use anyhow::Result;
use fed::view::prime::{Brief, Prime, prime};
use serde_json::json;

/// A short guide for an agent starting a session: who it is, the commands
/// and exit codes it needs, its tasks in progress and what is ready for it
/// now. Meant to be pasted into the agent's context.
#[derive(Debug, clap::Args)]
#[command(after_help = "Examples:
  fed --agent claude prime
  claude --append-system-prompt \"$(fed --agent claude prime)\"
  fed --agent kimi prime --json | jq .ready")]
pub struct Args {}

/// The commands an agent needs, with what each is for.
const COMMANDS: [(&str, &str); 7] = [
    (
        "fed queue claim --wait 10m",
        "take the best ready task (prints its id; waits for one)",
    ),
    ("fed queue show ID", "read a task in full"),
    ("fed queue heartbeat ID", "renew your lease while you work"),
    (
        "fed queue complete ID --summary \"...\"",
        "finish it (add --failed if it failed)",
    ),
    (
        "fed queue block ID --reason \"...\"",
        "you are stuck: say why",
    ),
    ("fed queue release ID", "give a task back"),
    (
        "fed queue add \"...\" --to AGENT --after ID",
        "hand work to another agent",
    ),
];

const EXIT_CODES: [(u8, &str); 5] = [
    (0, "ok"),
    (1, "error (bad input, not found, not permitted)"),
    (3, "nothing to do: no ready task, or not ready yet"),
    (4, "paused by the overseer: wait for `fed resume`"),
    (
        5,
        "conflict: someone else changed the task; re-read it, do not retry blindly",
    ),
];

pub fn run(ctx: &Ctx, _args: &Args) -> Result<()> {
    let (store, config) = ctx.open()?;
    ctx.op(store, config).agent()?;
    let facts = prime(store, ctx.agent.as_deref())?;
    if ctx.out.json {
        let commands: Vec<_> = COMMANDS
            .iter()
            .map(|(c, w)| json!({"command": c, "what": w}))
            .collect();
        let codes: serde_json::Map<String, serde_json::Value> = EXIT_CODES
            .iter()
            .map(|(c, w)| (c.to_string(), json!(w)))
            .collect();
        let mut doc = serde_json::to_value(&facts)?;
        doc["federation"] = json!(store.root().display().to_string());
        doc["lease_ttl"] = json!(config.leases.ttl.to_string());
        doc["commands"] = json!(commands);
        doc["exit_codes"] = json!(codes);
        return Ok(ctx.out.json_value(&doc)?);
    }
    ctx.out
        .data(render(&facts, ctx, &config.leases.ttl.to_string()))?;
    Ok(())
}

fn render(p: &Prime, ctx: &Ctx, ttl: &str) -> String {
    let dir = ctx
        .store()
        .map(|s| s.root().display().to_string())
        .unwrap_or_default();
    let mut out = match &p.agent {
        Some(agent) => vec![format!(
            "You are {agent}, an agent of the federation at {dir} (fed: a task queue shared by a team of agents)."
        )],
        None => vec![format!(
            "The federation at {dir} (fed: a task queue shared by a team of agents). You have no identity yet: pass --agent NAME or set FED_AGENT."
        )],
    };
    if p.paused {
        out.push(
            "The federation is PAUSED: claims wait until the overseer runs `fed resume`.".into(),
        );
    }
    out.push(String::new());
    if p.agent.is_some() {
        push_tasks(
            &mut out,
            "Your tasks in progress",
            &p.claimed,
            p.claimed.len(),
        );
        push_tasks(&mut out, "Ready for you now", &p.ready, p.ready_count);
    }
    out.push(format!(
        "Commands (each acts as you; --json prints JSON; a lease lasts {ttl}):"
    ));
    for (command, what) in COMMANDS {
        out.push(format!("  {command:<42} {what}"));
    }
    out.push(
        "  fed work -- CMD                            or run CMD for each task you claim".into(),
    );
    out.push(String::new());
    out.push("Exit codes:".into());
    for (code, what) in EXIT_CODES {
        out.push(format!("  {code}  {what}"));
    }
    out.join("\n")
}

fn push_tasks(out: &mut Vec<String>, heading: &str, tasks: &[Brief], count: usize) {
    if count == 0 {
        out.push(format!("{heading}: none"));
    } else {
        out.push(format!("{heading}: {count}"));
        for t in tasks {
            let lease = t
                .lease_expires_at
                .as_deref()
                .map(|at| format!(" (lease until {at})"))
                .unwrap_or_default();
            out.push(format!(
                "  {}  {} {}: {}{lease}",
                t.task_id,
                t.priority,
                t.task_type,
                line(&t.title)
            ));
        }
        if count > tasks.len() {
            out.push(format!("  ... and {} more", count - tasks.len()));
        }
    }
    out.push(String::new());
}
