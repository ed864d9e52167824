//! `fed man`: manual pages generated from the command tree (the same help
//! text as `--help`), one per command; also committed under docs/man/.

use crate::cli::context::Ctx;
use anyhow::Result;
use std::io::Write;
use std::path::PathBuf;

/// Print a manual page, or write every page to a directory.
#[derive(Debug, clap::Args)]
#[command(after_help = "Examples:
  fed man | man -l -
  fed man queue claim | man -l -
  fed man --output /usr/local/share/man/man1")]
pub struct Args {
    /// The command whose page to print (default: fed itself)
    pub command: Vec<String>,
    /// Write every page (fed.1, fed-queue.1, fed-queue-claim.1, ...) to DIR
    #[arg(long, value_name = "DIR", conflicts_with = "command")]
    pub output: Option<PathBuf>,
}

pub fn run(_ctx: &Ctx, args: &Args) -> Result<()> {
    let pages = pages();
    if let Some(dir) = &args.output {
        std::fs::create_dir_all(dir).map_err(|e| fed::Error::io(dir, "create", &e))?;
        for (name, page) in &pages {
            let path = dir.join(format!("{name}.1"));
            std::fs::write(&path, page).map_err(|e| fed::Error::io(&path, "write", &e))?;
        }
        return Ok(());
    }
    let wanted = std::iter::once("fed".to_string())
        .chain(args.command.iter().map(|c| c.trim().to_ascii_lowercase()))
        .collect::<Vec<_>>()
        .join("-");
    let Some((_, page)) = pages.iter().find(|(name, _)| *name == wanted) else {
        return Err(fed::Error::not_found(format!(
            "COMMAND: no command '{}' (try `fed --help`)",
            args.command.join(" ")
        ))
        .into());
    };
    let mut stdout = std::io::stdout().lock();
    stdout.write_all(page)?;
    stdout.flush()?;
    Ok(())
}

/// Every page, named `fed`, `fed-queue`, `fed-queue-claim`, ...
pub fn pages() -> Vec<(String, Vec<u8>)> {
    let command = crate::cli::whole_command();
    let mut pages = Vec::new();
    collect(&command, "fed", &mut pages);
    pages
}

fn collect(command: &clap::Command, name: &str, pages: &mut Vec<(String, Vec<u8>)>) {
    let mut page = Vec::new();
    let named = command.clone().name(name.to_string());
    if clap_mangen::Man::new(named).render(&mut page).is_ok() {
        pages.push((name.to_string(), page));
    }
    for sub in command.get_subcommands().filter(|s| s.get_name() != "help") {
        collect(sub, &format!("{name}-{}", sub.get_name()), pages);
    }
}
