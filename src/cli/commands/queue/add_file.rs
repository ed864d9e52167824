//! `fed queue add --from-file F`: many tasks from a JSON array, for scripts
//! that queue a batch. Each task is its own transaction, in order; the
//! first refusal stops the batch, naming the item, after the ids of those
//! already queued have been printed.

use crate::cli::context::Ctx;
use anyhow::Result;
use fed::model::Priority;
use fed::op::Op;
use fed::queue::add::{Batch, NewTask, add_in};
use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::Path;

/// Batch files larger than this are refused unread.
const MAX_FILE_BYTES: u64 = 16 * 1024 * 1024;

/// One task of the array: the fields of `queue add`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct FileTask {
    description: String,
    #[serde(default)]
    title: Option<String>,
    #[serde(default, rename = "type", alias = "task_type")]
    task_type: Option<String>,
    #[serde(default)]
    to: Option<String>,
    #[serde(default)]
    from: Option<String>,
    #[serde(default)]
    lead: Option<String>,
    #[serde(default)]
    priority: Option<String>,
    #[serde(default)]
    after: Vec<String>,
    #[serde(default)]
    context: BTreeMap<String, String>,
    #[serde(default)]
    id: Option<String>,
    #[serde(default)]
    files: Vec<String>,
    #[serde(default)]
    check: Option<String>,
}

pub fn run(ctx: &Ctx, op: &Op, file: &Path) -> Result<()> {
    let tasks = read(file)?;
    let mut added = Vec::new();
    let mut batch = Batch::default();
    for (i, item) in tasks.into_iter().enumerate() {
        let at = |e: fed::Error| {
            let message = crate::cli::exit::spell(&e);
            fed::Error::new(e.kind, format!("{}: task {i}: {message}", file.display()))
        };
        let priority = match item.priority.as_deref() {
            Some(p) => Priority::parse(p).map_err(at)?,
            None => Priority::default(),
        };
        let new = NewTask {
            description: item.description,
            title: item.title,
            task_type: item.task_type,
            to: item.to,
            from: item.from,
            lead: item.lead,
            priority,
            after: item.after,
            context: item.context.into_iter().collect(),
            id: item.id,
            files: item.files,
            check: item.check,
            ..NewTask::default()
        };
        match add_in(op, new, &mut batch) {
            Ok(task) => {
                if !ctx.out.json {
                    ctx.out.data(&task.task_id)?;
                }
                added.push(task);
            }
            Err(e) => {
                if ctx.out.json {
                    ctx.out.json_value(&added)?;
                }
                return Err(at(e).into());
            }
        }
    }
    if ctx.out.json {
        ctx.out.json_value(&added)?;
    }
    Ok(())
}

/// The array of tasks in `file`, or a one-line error naming the file.
fn read(file: &Path) -> Result<Vec<FileTask>> {
    let invalid = |why: String| fed::Error::invalid(format!("{}: {why}", file.display()));
    let meta = std::fs::metadata(file).map_err(|e| fed::Error::io(file, "read", &e))?;
    if meta.len() > MAX_FILE_BYTES {
        return Err(invalid(format!(
            "{} bytes is too large (the limit is {MAX_FILE_BYTES})",
            meta.len()
        ))
        .into());
    }
    let bytes = std::fs::read(file).map_err(|e| fed::Error::io(file, "read", &e))?;
    let tasks: Vec<FileTask> = serde_json::from_slice(&bytes)
        .map_err(|e| invalid(format!("not a JSON array of tasks ({e})")))?;
    Ok(tasks)
}
