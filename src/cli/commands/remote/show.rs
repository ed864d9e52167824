//! `fed remote show` and `fed remote remove`

use crate::cli::context::Ctx;
use anyhow::Result;
use fed::model::time::format_time;
use fed::remote::outbox;
use fed::remote::state::Paths;

/// Show the remote this federation is shared through (no network).
///
/// URL, branch, this machine's name in the federation, the federation's
/// id, when the last sync completed, and how many adds made offline wait
/// for the next sync. Without a remote: says so (JSON: null).
#[derive(Debug, clap::Args)]
#[command(after_help = "Examples:
  fed remote show
  fed remote show --json | jq .synced_at")]
pub struct Args {}

/// Stop sharing this federation: forget the remote and remove the replica.
///
/// The directory stays a complete local federation; nothing on the remote
/// changes. Adds still waiting for a sync stay local only.
#[derive(Debug, clap::Args)]
#[command(after_help = "Example:
  fed remote remove")]
pub struct RemoveArgs {}

pub fn run(ctx: &Ctx, _args: &Args) -> Result<()> {
    let store = ctx.store()?;
    let paths = Paths::new(store.root());
    let Some(settings) = paths.read_settings()? else {
        if ctx.out.json {
            ctx.out.json_value(&serde_json::Value::Null)?;
        } else {
            ctx.out
                .data("No remote: this federation is local (`fed remote set URL` shares it)")?;
        }
        return Ok(());
    };
    let synced = paths.last_sync();
    let waiting = outbox::list(&paths).len();
    if ctx.out.json {
        ctx.out.json_value(&serde_json::json!({
            "url": settings.url,
            "branch": settings.branch,
            "machine": settings.machine,
            "federation_id": settings.federation_id,
            "synced_at": synced.map(format_time),
            "outbox": waiting,
        }))?;
        return Ok(());
    }
    let mut text = format!(
        "Remote:        {}\nBranch:        {}\nThis machine:  {}\nFederation:    {}\nLast sync:     {}",
        settings.url,
        settings.branch,
        settings.machine,
        settings
            .federation_id
            .as_deref()
            .unwrap_or("(not synced yet)"),
        synced
            .map(format_time)
            .unwrap_or_else(|| "never".to_string()),
    );
    if waiting > 0 {
        text.push_str(&format!(
            "\nWaiting:       {waiting} added offline, published by the next `fed sync`"
        ));
    }
    ctx.out.data(text)?;
    Ok(())
}

pub fn remove(ctx: &Ctx, _args: &RemoveArgs) -> Result<()> {
    let store = ctx.store()?;
    let paths = Paths::new(store.root());
    // Unreadable settings must not keep a broken replica from going.
    let url = match paths.read_settings() {
        Ok(Some(settings)) => settings.url,
        Ok(None) if !paths.dir().exists() => {
            return Err(fed::Error::not_found("no remote is set; nothing to remove").into());
        }
        Ok(None) | Err(_) => "(unreadable settings)".to_string(),
    };
    let waiting = outbox::list(&paths).len();
    paths.remove()?;
    if waiting > 0 {
        ctx.out.warn(format!(
            "{waiting} documents added offline were never published; they stay here only"
        ));
    }
    if ctx.out.json {
        ctx.out.json_value(&serde_json::json!({ "removed": url }))?;
    } else {
        ctx.out.note(format!(
            "Removed remote {url}: this federation is local now (nothing on the remote changed)"
        ));
    }
    Ok(())
}

/// What `fed status` says of the remote (no network).
pub struct Status {
    /// `{"url", "branch", "synced_at", "age_seconds", "outbox"}`, or null.
    pub json: serde_json::Value,
    /// `Remote: URL (branch B), synced 42 s ago`; `None` without a remote.
    pub line: Option<String>,
}

pub fn status(root: &std::path::Path, now: fed::model::time::Timestamp) -> Status {
    let paths = Paths::new(root);
    let Ok(Some(settings)) = paths.read_settings() else {
        return Status {
            json: serde_json::Value::Null,
            line: None,
        };
    };
    let synced = paths.last_sync();
    let age = synced.map(|t| (now - t).num_seconds().max(0));
    let waiting = outbox::list(&paths).len();
    let mut line = format!(
        "Remote: {} (branch {}), {}",
        settings.url,
        settings.branch,
        match age {
            Some(age) => format!("synced {} ago", human_age(age)),
            None => "never synced".to_string(),
        }
    );
    if waiting > 0 {
        line.push_str(&format!(", {waiting} added offline waiting for `fed sync`"));
    }
    Status {
        json: serde_json::json!({
            "url": settings.url,
            "branch": settings.branch,
            "synced_at": synced.map(format_time),
            "age_seconds": age,
            "outbox": waiting,
        }),
        line: Some(line),
    }
}

fn human_age(seconds: i64) -> String {
    match seconds {
        s if s < 120 => format!("{s} s"),
        s if s < 2 * 3600 => format!("{} min", s / 60),
        s if s < 2 * 86400 => format!("{} h", s / 3600),
        s => format!("{} days", s / 86400),
    }
}
