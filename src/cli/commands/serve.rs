//! `fed serve`

use crate::cli::context::Ctx;
use anyhow::Result;
use std::net::IpAddr;

/// A local web dashboard: the board, the dependency graph, agents with
/// their load and recent outcomes, votes with their ballots, analytics and
/// the event log, updated live as the federation changes.
///
/// Read-only unless started with --allow-actions, which adds the
/// overseer's buttons (pause, resume, cancel, assign, override a vote);
/// each needs the token printed at start-up. The page works offline: it
/// fetches nothing from elsewhere. In a federation shared through a git
/// remote it syncs every --sync-every, so that the page shows other
/// machines' changes, and publishes this machine's new log lines. Stop it
/// with Ctrl-C.
#[derive(Debug, clap::Args)]
#[command(after_help = "Examples:
  fed serve                                # http://127.0.0.1:7420/, read-only
  fed --agent reuben serve --allow-actions # open the address with its #token=
  fed serve --port 0                       # any free port, printed
  fed serve --sync-every 1m                # with a remote: sync each minute
  fed serve --bind 0.0.0.0 --allow-actions --token \"$(openssl rand -hex 16)\"")]
pub struct Args {
    /// The address to listen on (a non-loopback address shows the
    /// federation to the network)
    #[arg(long, default_value = "127.0.0.1", value_name = "ADDR")]
    pub bind: IpAddr,
    /// The port (0: any free port)
    #[arg(long, default_value_t = 7420, value_name = "N")]
    pub port: u16,
    /// Add the overseer's buttons, acting as --agent, guarded by a token
    #[arg(long)]
    pub allow_actions: bool,
    /// The token for the buttons (default: a random one; required with
    /// --allow-actions on a non-loopback --bind)
    #[arg(
        long,
        env = "FED_SERVE_TOKEN",
        value_name = "TOKEN",
        hide_env_values = true
    )]
    pub token: Option<String>,
    /// With a git remote: how often to sync, so that other machines'
    /// changes show (and this machine's log lines reach them)
    #[arg(long, value_name = "DURATION", default_value = "10s", value_parser = super::parse_duration)]
    pub sync_every: fed::model::Duration,
    /// With a git remote: never sync (the page shows what other commands
    /// bring)
    #[arg(long, conflicts_with = "sync_every")]
    pub no_sync: bool,
}

pub fn run(ctx: &Ctx, args: &Args) -> Result<()> {
    let root = ctx.store()?.root().to_path_buf();
    let fixed_now = std::env::var("FED_NOW")
        .ok()
        .filter(|n| !n.trim().is_empty())
        .map(|_| ctx.now);
    let options = fed::serve::Options {
        root,
        bind: args.bind,
        port: args.port,
        allow_actions: args.allow_actions,
        token: args.token.clone(),
        agent: ctx.agent.clone(),
        fixed_now,
        recheck: super::log_follow::recheck_override(),
    };
    if !args.no_sync {
        sync_every(ctx, &options.root, args.sync_every)?;
    }
    let out = ctx.out.clone();
    fed::serve::run(options, |started| {
        let _ = out.data(&started.url);
        match &started.token {
            Some(token) => {
                let _ = out.data(format!("token: {token}"));
                out.note(format!(
                    "Serving the dashboard at {} with the overseer's buttons; open {}#token={token}",
                    started.url, started.url
                ));
            }
            None => out.note(format!(
                "Serving the dashboard (read-only) at {}",
                started.url
            )),
        }
    })?;
    Ok(())
}

/// In a shared federation, a thread that syncs every `every` (joining a
/// sync another process is running) and publishes this machine's log
/// lines; a failure is a warning, once until a sync works again.
fn sync_every(ctx: &Ctx, root: &std::path::Path, every: fed::model::Duration) -> Result<()> {
    if fed::remote::replica::Replica::open(root)?.is_none() {
        return Ok(());
    }
    let (root, out, fixed) = (root.to_path_buf(), ctx.out.clone(), ctx.fixed_now());
    let every = std::time::Duration::from_secs(every.as_secs() as u64);
    std::thread::spawn(move || {
        // The store is not shared between threads: this one opens its own.
        let store = match fed::store::Store::open(&root) {
            Ok(store) => store,
            Err(e) => return out.warn(format!("sync: {} (no sync will be made)", e.message)),
        };
        let mut failing = false;
        loop {
            std::thread::sleep(every);
            let now = fixed.unwrap_or_else(chrono::Utc::now);
            match fed::remote::shared::refresh(&store, now) {
                Ok(()) => failing = false,
                Err(e) if !failing => {
                    failing = true;
                    out.warn(format!(
                        "sync: {} (the page shows the last sync)",
                        e.message
                    ));
                }
                Err(_) => {}
            }
        }
    });
    Ok(())
}
