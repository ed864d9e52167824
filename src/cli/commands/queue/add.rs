//! `fed queue add`

use crate::cli::context::Ctx;
use anyhow::Result;
use fed::model::Priority;
use fed::queue::add::{NewTask, add};

/// Queue a task; prints its id alone on stdout.
///
/// With --to auto the router picks the agent (see `fed route`); below
/// routing.min_confidence the task stays addressed to anyone.
#[derive(Debug, clap::Args)]
#[command(after_help = "Examples:
  fed queue add \"Research OAuth providers\" --type research --to claude
  id=$(fed queue add \"Implement login\" --after 3f9k2a --priority high)
  fed queue add \"Review #42\" --type review --context pr=42 --context repo=web
  fed queue add \"Fix the login redirect\" --to auto --reworks 3f9k2a
  fed queue add \"Faster claims\" --files 'src/queue/*.rs' --check 'cargo test'
  git log -1 --format=%B | fed queue add - --type review
  fed queue add --from-file tasks.json")]
pub struct Args {
    /// What to do (`-` reads it from standard input)
    #[arg(required_unless_present = "from_file")]
    pub description: Option<String>,
    /// Queue every task of a JSON array instead (one transaction each;
    /// the ids are printed in order): [{"description": ..., "title",
    /// "type", "to", "from", "lead", "priority", "after": [..],
    /// "context": {..}, "id", "files": [..], "check"}, ...]
    #[arg(long, value_name = "FILE", conflicts_with = "description")]
    pub from_file: Option<std::path::PathBuf>,
    /// A short title (default: the first line of the description)
    #[arg(long)]
    pub title: Option<String>,
    /// The kind of work: research, implement, review, docs, ... [default: general]
    #[arg(add = crate::cli::complete::task_types(), long = "type", value_name = "TYPE")]
    pub task_type: Option<String>,
    /// The agent it is for (default: anyone)
    #[arg(add = crate::cli::complete::agents(), long, value_name = "AGENT")]
    pub to: Option<String>,
    /// Who queues it (default: --agent)
    #[arg(add = crate::cli::complete::agents(), long, value_name = "AGENT")]
    pub from: Option<String>,
    /// The agent leading the larger piece of work
    #[arg(add = crate::cli::complete::agents(), long, value_name = "AGENT")]
    pub lead: Option<String>,
    /// critical, high, normal or low
    #[arg(long, default_value = "normal", value_parser = parse_priority)]
    pub priority: Priority,
    /// A task that must be done first (repeatable; id or unique suffix)
    #[arg(add = crate::cli::complete::open_tasks(), long, value_name = "ID")]
    pub after: Vec<String>,
    /// Extra context as KEY=VALUE (repeatable)
    #[arg(long, value_name = "KEY=VALUE", value_parser = parse_pair)]
    pub context: Vec<(String, String)>,
    /// Use this id instead of a generated one
    #[arg(long)]
    pub id: Option<String>,
    /// The finished task this one fixes (counts against whoever finished it)
    #[arg(long, value_name = "ID")]
    pub reworks: Option<String>,
    #[command(flatten)]
    pub work: Box<Work>,
}

/// What the work needs: the files it reserves and its acceptance check.
#[derive(Debug, clap::Args)]
pub struct Work {
    /// Files the task will touch, as paths or globs (src/queue/*.rs): a
    /// claim passes over it while a task in progress reserves an
    /// overlapping file
    #[arg(long, value_name = "GLOB", num_args = 1..)]
    pub files: Vec<String>,
    /// A shell command that accepts the work: `fed work` runs it after the
    /// task's command and fails the task if it fails
    #[arg(long, value_name = "CMD")]
    pub check: Option<String>,
}

pub(super) fn parse_priority(raw: &str) -> Result<Priority, String> {
    Priority::parse(raw).map_err(|e| e.message)
}

pub(super) fn parse_pair(raw: &str) -> Result<(String, String), String> {
    raw.split_once('=')
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .ok_or_else(|| format!("'{raw}' is not KEY=VALUE"))
}

pub fn run(ctx: &Ctx, args: Args) -> Result<()> {
    let (store, config) = ctx.open()?;
    let op = ctx.op(store, config);
    if let Some(file) = &args.from_file {
        return super::add_file::run(ctx, &op, file);
    }
    let description = match args.description.as_deref() {
        Some("-") => read_stdin()?,
        Some(text) => text.to_string(),
        None => String::new(),
    };
    let task = add(
        &op,
        NewTask {
            description,
            title: args.title,
            task_type: args.task_type,
            to: args.to,
            from: args.from,
            lead: args.lead,
            priority: args.priority,
            after: args.after,
            context: args.context,
            id: args.id,
            reworks: args.reworks,
            files: args.work.files,
            check: args.work.check,
            ..NewTask::default()
        },
    )?;
    if let Some(r) = task.routing.as_ref().filter(|r| !r.routed) {
        ctx.out.note(format!(
            "--to auto: not routed (the router {} at confidence {:.2}, below routing.min_confidence {:.2}); the task is for anyone",
            match &r.recommended {
                Some(agent) => format!("favours {agent}"),
                None => "has no recommendation".to_string(),
            },
            r.confidence,
            config.routing.min_confidence
        ));
    }
    if ctx.out.json {
        ctx.out.json_value(&task)?;
    } else {
        ctx.out.data(&task.task_id)?;
    }
    Ok(())
}

/// The description from standard input (`queue add -`), bounded like any
/// description (the core refuses one that is too long).
fn read_stdin() -> Result<String> {
    use std::io::Read;
    let limit = fed::queue::add::MAX_DESCRIPTION as u64 + 1;
    let mut bytes = Vec::new();
    std::io::stdin()
        .lock()
        .take(limit)
        .read_to_end(&mut bytes)?;
    String::from_utf8(bytes)
        .map_err(|_| fed::Error::invalid("DESCRIPTION: standard input is not UTF-8 text").into())
}
