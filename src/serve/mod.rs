//! `fed serve`: a local web dashboard of the federation (board, dependency
//! graph, agents, votes, analytics, the event log), updated live through
//! server-sent events that file-system notifications drive. Read-only
//! unless started with `--allow-actions`, which adds the overseer's buttons,
//! each guarded by a token printed at start-up.
//!
//! The page is plain HTML, CSS and a small script compiled into the binary:
//! nothing is fetched from elsewhere, and the graph and charts are SVG
//! drawn here. It is the one place that starts an async runtime (tokio)
//! and a web server (axum); no other command initialises either.

mod actions;
mod html;
mod live;
mod page;
mod panels;
mod routes;
mod svg;

use crate::error::{Error, Result};
use crate::model::time::Timestamp;
use std::net::{IpAddr, SocketAddr};
use std::path::PathBuf;
use std::sync::Arc;

/// How `fed serve` was asked to run.
#[derive(Debug, Clone)]
pub struct Options {
    pub root: PathBuf,
    pub bind: IpAddr,
    pub port: u16,
    pub allow_actions: bool,
    /// A token chosen by the user (required for a non-loopback bind with
    /// actions); otherwise a random one is made.
    pub token: Option<String>,
    /// Who the actions act as.
    pub agent: Option<String>,
    pub fixed_now: Option<Timestamp>,
    /// How often the federation is looked at without a notification
    /// (default [`RECHECK`]).
    pub recheck: Option<std::time::Duration>,
}

pub use live::RECHECK;

/// Where the server listens, once it does.
pub struct Started {
    pub url: String,
    /// The token actions need (with `--allow-actions`).
    pub token: Option<String>,
}

/// The shortest token a user may choose.
pub const MIN_TOKEN: usize = 16;

/// Checks the options, binds, calls `ready`, then serves until the
/// process ends.
pub fn run(options: Options, ready: impl FnOnce(&Started)) -> Result<()> {
    let token = token(&options)?;
    let store = crate::store::Store::open(&options.root)?;
    store.config()?;
    let addr = SocketAddr::new(options.bind, options.port);
    let listener = std::net::TcpListener::bind(addr)
        .map_err(|e| Error::invalid(format!("cannot listen on {addr}: {e}")))?;
    let local = listener
        .local_addr()
        .map_err(|e| Error::io(&options.root, "listen", &e))?;
    listener
        .set_nonblocking(true)
        .map_err(|e| Error::io(&options.root, "listen", &e))?;
    let version = live::start(options.root.clone(), options.recheck.unwrap_or(RECHECK))?;
    let url = format!("http://{}/", fmt_addr(local));
    let hosts = local.ip().is_loopback().then(|| {
        let port = local.port();
        vec![
            format!("127.0.0.1:{port}"),
            format!("localhost:{port}"),
            format!("[::1]:{port}"),
            fmt_addr(local),
        ]
    });
    let app = Arc::new(routes::App {
        root: options.root.clone(),
        shell: html::Shell {
            dir: options.root.display().to_string(),
            actions: token.is_some(),
        },
        token: token.clone(),
        agent: options.agent.clone(),
        fixed_now: options.fixed_now,
        version,
        hosts,
    });
    ready(&Started { url, token });
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| Error::invalid(format!("cannot start the server: {e}")))?;
    runtime.block_on(async move {
        let listener = tokio::net::TcpListener::from_std(listener)
            .map_err(|e| Error::invalid(format!("cannot listen on {addr}: {e}")))?;
        axum::serve(listener, routes::router(app))
            .await
            .map_err(|e| Error::invalid(format!("the server stopped: {e}")))
    })
}

fn fmt_addr(addr: SocketAddr) -> String {
    match addr.ip() {
        IpAddr::V6(ip) => format!("[{ip}]:{}", addr.port()),
        IpAddr::V4(ip) => format!("{ip}:{}", addr.port()),
    }
}

/// The token of the actions: none without them; the user's, checked; or
/// a random one (refused on a non-loopback address, where the user must
/// choose it knowingly).
fn token(options: &Options) -> Result<Option<String>> {
    if !options.allow_actions {
        return Ok(None);
    }
    match &options.token {
        Some(t) if t.len() < MIN_TOKEN || !t.bytes().all(|b| b.is_ascii_graphic()) => {
            Err(Error::invalid(format!(
                "--token: use at least {MIN_TOKEN} printable characters without spaces"
            )))
        }
        Some(t) => Ok(Some(t.clone())),
        None if !options.bind.is_loopback() => Err(Error::invalid(format!(
            "--allow-actions on {} (not a loopback address) needs --token TOKEN, chosen by you",
            options.bind
        ))),
        None => Ok(Some(crate::model::id::random_base36(32))),
    }
}
