//! `fed queue edit`

use super::add::{parse_pair, parse_priority};
use crate::cli::context::Ctx;
use crate::cli::text::line;
use anyhow::Result;
use fed::Param;
use fed::model::Priority;
use fed::queue::edit::{EditRequest, edit};

/// Change an unfinished task: its creator, its lead or an overseer (and
/// the agent holding it in progress).
///
/// Only the fields given change; each change is logged (an `edited`
/// event) with the values before and after. --context KEY= (nothing after
/// the `=`) removes KEY. An edit that would close a dependency cycle, name
/// an unknown agent or change a finished task changes nothing.
#[derive(Debug, clap::Args)]
#[command(after_help = "Examples:
  fed queue edit 3f9k2a --priority critical --title \"Fix the login redirect\"
  fed queue edit 3f9k2a --to none --lead claude
  fed queue edit 3f9k2a --after 7pq2mm --drop-after 2x8kq1
  fed queue edit 3f9k2a --context pr=43 --context stale=
  fed queue edit 3f9k2a --files 'src/queue/*.rs' docs/protocol.md")]
pub struct Args {
    /// The task id, or a unique suffix of it
    #[arg(add = crate::cli::complete::open_tasks())]
    pub id: String,
    /// A new title
    #[arg(long)]
    pub title: Option<String>,
    /// A new description
    #[arg(long)]
    pub description: Option<String>,
    /// A new type: research, implement, review, docs, ...
    #[arg(add = crate::cli::complete::task_types(), long = "type", value_name = "TYPE")]
    pub task_type: Option<String>,
    /// critical, high, normal or low
    #[arg(long, value_parser = parse_priority)]
    pub priority: Option<Priority>,
    /// The agent it is for, or `none` for anyone
    #[arg(add = crate::cli::complete::agents(), long, value_name = "AGENT|none")]
    pub to: Option<String>,
    /// The agent leading it, or `none`
    #[arg(add = crate::cli::complete::agents(), long, value_name = "AGENT|none")]
    pub lead: Option<String>,
    /// Set a context key (repeatable); KEY= removes it
    #[arg(long, value_name = "KEY=VALUE", value_parser = parse_pair)]
    pub context: Vec<(String, String)>,
    /// Also wait for this task (repeatable; id or unique suffix)
    #[arg(add = crate::cli::complete::open_tasks(), long, value_name = "ID")]
    pub after: Vec<String>,
    /// Wait for this task no longer (repeatable)
    #[arg(add = crate::cli::complete::open_tasks(), long = "drop-after", value_name = "ID")]
    pub drop_after: Vec<String>,
    /// The files it will touch, as paths or globs, replacing those it
    /// reserved (`--files none`: no reservation)
    #[arg(long, value_name = "GLOB", num_args = 1..)]
    pub files: Option<Vec<String>>,
}

/// `none` (any case) is no agent.
fn agent_or_none(raw: Option<String>) -> Option<Option<String>> {
    raw.map(|a| (!a.trim().eq_ignore_ascii_case("none")).then_some(a))
}

pub fn run(ctx: &Ctx, args: Args) -> Result<()> {
    let (store, config) = ctx.open()?;
    let edited = edit(
        &ctx.op(store, config),
        EditRequest {
            id: args.id,
            title: args.title,
            description: args.description,
            task_type: args.task_type,
            priority: args.priority,
            to: agent_or_none(args.to),
            lead: agent_or_none(args.lead),
            context: args
                .context
                .into_iter()
                .map(|(k, v)| (k, (!v.is_empty()).then_some(v)))
                .collect(),
            after: args.after,
            drop_after: args.drop_after,
            files: args.files.map(|f| match f.as_slice() {
                [one] if one.trim().eq_ignore_ascii_case("none") => Vec::new(),
                _ => f,
            }),
            prechecked: false,
        },
    )
    .map_err(|e| match e.param {
        // DESCRIPTION is `queue add`'s argument; here it is a flag.
        Some(Param::Description) => fed::Error {
            param: None,
            message: format!("--description: {}", e.message),
            ..e
        },
        _ => e,
    })?;
    if ctx.out.json {
        ctx.out.json_value(&edited.task)?;
    } else if edited.changes.is_empty() {
        ctx.out.note(format!(
            "Task {}: nothing to change (it says so already)",
            edited.task.task_id
        ));
    } else {
        let fields: Vec<&str> = edited.changes.iter().map(|c| c.field.as_str()).collect();
        ctx.out.note(format!(
            "Task {} edited: {}",
            edited.task.task_id,
            line(&fields.join(", "))
        ));
    }
    Ok(())
}
