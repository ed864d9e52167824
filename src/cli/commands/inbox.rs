//! `fed inbox`

use crate::cli::context::Ctx;
use crate::cli::table::age;
use crate::cli::text::line;
use anyhow::Result;
use fed::view::escalation::record;
use fed::view::inbox::{Inbox, Item};
use fed::view::load::load_inbox;

/// Everything waiting on an overseer, each with its age and the command
/// that resolves it: escalated votes, blocked tasks (longest first),
/// stranded and failed tasks, expired leases, tasks the router left for
/// anyone, handoffs held by a pause.
///
/// A task blocked longer than escalation.after (config, default 4h) is
/// escalated to its lead, and after as long again to the overseers. Every
/// view shows escalations as they fall due; `fed inbox` also logs each one
/// once, as an `escalated` event.
#[derive(Debug, clap::Args)]
#[command(after_help = "Examples:
  fed inbox
  fed inbox --json | jq -r '.items[].command'
  FED_NOW=2026-11-22T09:00:00Z fed inbox   # what will be escalated by then")]
pub struct Args {}

pub fn run(ctx: &Ctx, _args: &Args) -> Result<()> {
    let (store, config) = ctx.open()?;
    let (facts, inbox) = load_inbox(store, config, ctx.now)?;
    record(store, &facts.blocked, config, ctx.now, |id| {
        facts.settled(id)
    });
    if ctx.out.json {
        ctx.out.json_value(&inbox)?;
    } else {
        ctx.out.data(text(&inbox))?;
    }
    Ok(())
}

/// The sections of the inbox, in the order they are shown.
const SECTIONS: [(&str, &str); 9] = [
    ("paused", "Paused"),
    ("vote-escalated", "Votes escalated to the overseers"),
    ("vote-due", "Votes past their deadline"),
    ("blocked", "Blocked, longest first"),
    (
        "stranded",
        "Stranded: a dependency failed, was cancelled or is missing",
    ),
    ("failed", "Failed"),
    ("expired-lease", "Expired leases"),
    ("unrouted", "Not routed: --to auto left them for anyone"),
    ("held-handoff", "Handoffs held by the pause"),
];

pub fn text(inbox: &Inbox) -> String {
    if inbox.items.is_empty() {
        return "Inbox empty: nothing waits on an overseer.".to_string();
    }
    let n = inbox.items.len();
    let mut out = format!(
        "Inbox: {n} item{} waiting on an overseer\n",
        if n == 1 { "" } else { "s" }
    );
    for (kind, title) in SECTIONS {
        let items: Vec<&Item> = inbox.items.iter().filter(|i| i.kind == kind).collect();
        if items.is_empty() {
            continue;
        }
        out.push_str(&format!("\n{title} ({})\n", items.len()));
        for item in items {
            out.push_str(&entry(item, inbox));
        }
    }
    out.trim_end().to_string()
}

fn entry(item: &Item, inbox: &Inbox) -> String {
    let id = item
        .short_id
        .as_deref()
        .map(|s| format!("{s}  "))
        .unwrap_or_default();
    let mut out = format!(
        "  {id}{}  ({})\n",
        line(&item.title),
        age(item.since, inbox.at)
    );
    if !item.detail.is_empty() {
        out.push_str(&format!("      {}\n", line(&item.detail)));
    }
    if let Some(e) = &item.escalation {
        out.push_str(&format!("      ! {}\n", e.describe()));
    }
    out.push_str(&format!("      $ {}\n", line(&item.command)));
    out
}
