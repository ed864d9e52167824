//! `fed conflicts`

use crate::cli::context::Ctx;
use anyhow::{Context as _, Result, bail};
use fed::queue::conflicts::{Commit, overlapping, touched};
use serde_json::json;
use std::process::Command;

/// Tasks in progress whose reserved files (queue add --files) overlap, and
/// with --since, tasks in progress whose files were changed by commits
/// since REV (each gets a files-touched event in the log, so its holder
/// learns of it).
///
/// The commits are those of `git log REV..HEAD` in the repository of the
/// working directory.
#[derive(Debug, clap::Args)]
#[command(after_help = "Examples:
  fed conflicts
  fed conflicts --since origin/main --json
  fed conflicts --since HEAD~5")]
pub struct Args {
    /// A git revision: report tasks in progress whose files changed since
    #[arg(long, value_name = "REV")]
    pub since: Option<String>,
}

pub fn run(ctx: &Ctx, args: &Args) -> Result<()> {
    let (store, config) = ctx.open()?;
    let op = ctx.op(store, config);
    op.agent()?;
    let commits = match &args.since {
        Some(rev) => Some(commits_since(rev)?),
        None => None,
    };
    let pairs = overlapping(&op);
    let touched = commits
        .as_ref()
        .zip(args.since.as_deref())
        .map(|(commits, since)| touched(&op, commits, since))
        .unwrap_or_default();
    if ctx.out.json {
        let mut doc = json!({"overlapping": pairs});
        if args.since.is_some() {
            doc["touched"] = json!(touched);
        }
        return Ok(ctx.out.json_value(&doc)?);
    }
    let ids = ctx.short_ids(store);
    let mut lines = Vec::new();
    for p in &pairs {
        lines.push(format!(
            "overlap  {} ({})  {} ({})  {} / {}",
            ids.of(&p.task_id),
            p.holder.as_deref().unwrap_or("-"),
            ids.of(&p.other_id),
            p.other_holder.as_deref().unwrap_or("-"),
            p.patterns.0,
            p.patterns.1
        ));
    }
    for t in &touched {
        let commits: Vec<String> = t
            .commits
            .iter()
            .map(|c| c.hash.chars().take(10).collect())
            .collect();
        lines.push(format!(
            "touched  {} ({})  {}  by {}",
            ids.of(&t.task_id),
            t.holder.as_deref().unwrap_or("-"),
            t.files.join(" "),
            commits.join(" ")
        ));
    }
    if lines.is_empty() {
        ctx.out.note("No conflicts");
    } else {
        ctx.out.data(lines.join("\n"))?;
    }
    Ok(())
}

/// The commits of REV..HEAD, oldest first, with the files each changed:
/// one `git log` process.
fn commits_since(rev: &str) -> Result<Vec<Commit>> {
    if rev.trim().is_empty() || rev.starts_with('-') || rev.chars().any(char::is_control) {
        bail!(fed::Error::invalid(format!(
            "--since: '{}' is not a revision",
            rev.escape_debug()
        )));
    }
    let out = Command::new("git")
        .args([
            "log",
            "--reverse",
            "--no-renames",
            "--format=%x1e%H%x1f%s",
            "--name-only",
            &format!("{rev}..HEAD"),
            "--",
        ])
        .output()
        .context("cannot run git (is it installed?)")?;
    if !out.status.success() {
        let err = String::from_utf8_lossy(&out.stderr);
        bail!(fed::Error::invalid(format!(
            "--since: git log {rev}..HEAD failed: {}",
            err.lines().next().unwrap_or("").trim()
        )));
    }
    Ok(parse_log(&String::from_utf8_lossy(&out.stdout)))
}

fn parse_log(text: &str) -> Vec<Commit> {
    text.split('\u{1e}')
        .filter(|record| !record.trim().is_empty())
        .filter_map(|record| {
            let mut lines = record.lines();
            let (hash, subject) = lines.next()?.split_once('\u{1f}')?;
            Some(Commit {
                hash: hash.to_string(),
                subject: subject.to_string(),
                files: lines
                    .map(str::trim)
                    .filter(|l| !l.is_empty())
                    .map(str::to_string)
                    .collect(),
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    #[test]
    fn git_log_records_parse() {
        let text =
            "\u{1e}abc\u{1f}first\n\nsrc/a.rs\nsrc/b.rs\n\u{1e}def\u{1f}second\n\ndocs/x.md\n";
        let commits = super::parse_log(text);
        assert_eq!(commits.len(), 2);
        assert_eq!(commits[0].files, vec!["src/a.rs", "src/b.rs"]);
        assert_eq!(commits[1].subject, "second");
    }
}
