//! `fed completions`

use crate::cli::context::Ctx;
use anyhow::Result;
use clap_complete::Shell;

/// Print a shell completion script (also committed under completions/).
#[derive(Debug, clap::Args)]
#[command(after_help = "Examples:
  fed completions bash > ~/.local/share/bash-completion/completions/fed
  fed completions zsh > ~/.zfunc/_fed
  fed completions fish > ~/.config/fish/completions/fed.fish")]
pub struct Args {
    /// bash, zsh, fish, elvish or powershell
    pub shell: Shell,
}

pub fn run(_ctx: &Ctx, args: &Args) -> Result<()> {
    let mut buf = Vec::new();
    clap_complete::generate(
        args.shell,
        &mut crate::cli::whole_command(),
        "fed",
        &mut buf,
    );
    use std::io::Write;
    let mut stdout = std::io::stdout().lock();
    stdout.write_all(&buf)?;
    stdout.flush()?;
    Ok(())
}
