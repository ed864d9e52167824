//! `fed inbox`

use crate::cli::context::Ctx;
use crate::cli::table::age;
use crate::cli::text::line;
use crate::cli::width;
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
    let (facts, inbox) = load_inbox(store, config, ctx.now, ctx.id_form())?;
    record(store, &facts.blocked, config, ctx.now, |id| {
        facts.settled(id)
    });
    if ctx.out.json {
        ctx.out.json_value(&inbox)?;
    } else {
        ctx.out.data(text(&inbox, width::terminal()))?;
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

pub fn text(inbox: &Inbox, room: Option<usize>) -> String {
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
            out.push_str(&entry(item, inbox, room));
        }
    }
    out.trim_end().to_string()
}

/// One item: id, title and age on a line (the title cut to fit in
/// `room`), the detail wrapped under it, and the command whole.
fn entry(item: &Item, inbox: &Inbox, room: Option<usize>) -> String {
    let id = item
        .short_id
        .as_deref()
        .map(|s| format!("{s}  "))
        .unwrap_or_default();
    let age = format!("({})", age(item.since, inbox.at));
    let title = line(&item.title);
    let title = match room {
        Some(room) => {
            let left = room.saturating_sub(width::of(&id) + width::of(&age) + 4);
            width::fit(&title, left.max(12))
        }
        None => title.into_owned(),
    };
    let mut out = format!("  {id}{title}  {age}\n");
    if !item.detail.is_empty() {
        let detail = line(&item.detail);
        let lines = match room {
            Some(room) => width::wrap(&detail, room.saturating_sub(6).max(20)),
            None => vec![detail.into_owned()],
        };
        for l in lines {
            out.push_str(&format!("      {l}\n"));
        }
    }
    if let Some(e) = &item.escalation {
        out.push_str(&format!("      ! {}\n", e.describe()));
    }
    out.push_str(&format!("      $ {}\n", line(&item.command)));
    out
}
