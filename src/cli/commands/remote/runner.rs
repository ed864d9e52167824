//! Every command in a shared federation: reading commands run as on one
//! machine (no network); a changing command first brings the directory
//! level with the remote, runs with the commit hook installed on the store
//! (each change is on the remote before it is published here), and when
//! the remote moved under its change (another machine got there first,
//! nothing changed), syncs and runs again on the new state, at most
//! `Backoff::for_remote` times.
//!
//! A run is redone from the command line it was given (parsed again), so
//! that every command can be redone without being cloned.

use super::super::Command;
use super::super::plan::PlanCommand;
use super::super::queue::QueueCommand;
use super::super::vote::VoteCommand;
use crate::cli::context::Ctx;
use anyhow::Result;
use clap::Parser;
use fed::remote::hook::Offline;
use fed::remote::replica::Replica;
use fed::remote::session::{self, Next, Redo, SyncOptions, Synced};
use fed::remote::shared;

/// What a command needs of the remote.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Mode {
    /// Reads (or writes only what is local): never the network.
    Local,
    /// Changes the federation: the remote must take the change.
    Online,
    /// Makes a new document (its id generated here), which may wait for
    /// the next sync when the remote cannot be reached.
    OfflineOk,
    /// Makes a new document with the id the user chose, which may wait
    /// likewise.
    NamedAdd,
    /// Adds a note, which may wait for the next sync likewise.
    Note,
    /// Makes many new documents (`queue add --from-file`): kept here as
    /// they are made, then published together at the end.
    Batch,
}

fn mode(command: &Command) -> Mode {
    match command {
        Command::Queue(q) => match q {
            QueueCommand::List(_) | QueueCommand::Show(_) => Mode::Local,
            QueueCommand::Add(a) if a.from_file.is_some() => Mode::Batch,
            QueueCommand::Add(a) if a.id.is_some() => Mode::NamedAdd,
            QueueCommand::Add(_) => Mode::OfflineOk,
            QueueCommand::Note(_) => Mode::Note,
            _ => Mode::Online,
        },
        Command::Vote(v) => match v {
            VoteCommand::List(_) | VoteCommand::Show(_) => Mode::Local,
            VoteCommand::Create(_) => Mode::OfflineOk,
            _ => Mode::Online,
        },
        Command::Plan(PlanCommand::Import(args)) if !args.dry_run => Mode::Online,
        // The availability is shared like the pause.
        Command::Pause(_) | Command::Resume(_) | Command::Agent(_) => Mode::Online,
        // It changes nothing, but waits for other machines' changes: with
        // the remote's hook installed, its re-checks by the clock sync.
        Command::Wait(_) => Mode::Online,
        Command::Init(_)
        | Command::Status(_)
        | Command::Check(_)
        | Command::Log(_)
        | Command::Route(_)
        | Command::Analytics(_)
        | Command::Completions(_)
        | Command::Plan(_)
        | Command::Man(_)
        // Views: they read, and write only this machine's log (an
        // escalation `fed inbox` notices is an event of this machine).
        | Command::Board(_)
        | Command::Graph(_)
        | Command::Inbox(_)
        | Command::Prime(_)
        | Command::Conflicts(_)
        | Command::Report(_)
        | Command::Agents(_)
        // Each of their operations goes through `remote::shared::operation`.
        | Command::Work(_)
        | Command::Mcp(_)
        | Command::Serve(_)
        | Command::Remote(_)
        | Command::Clone(_)
        | Command::Sync(_) => Mode::Local,
    }
}

/// Runs `command` through `dispatch`, with the remote when one is set.
pub fn run(ctx: &Ctx, command: Command, dispatch: fn(&Ctx, Command) -> Result<()>) -> Result<()> {
    let mode = mode(&command);
    let replica = match (mode, ctx.dir()) {
        (Mode::Local, _) | (_, Err(_)) => None,
        (_, Ok(dir)) => Replica::open(&dir)?,
    };
    let Some(replica) = replica else {
        return dispatch(ctx, command);
    };
    let store = ctx.store()?;
    let offline = match mode {
        Mode::OfflineOk => Offline::Adds,
        Mode::NamedAdd => Offline::NamedAdds,
        Mode::Note => Offline::Notes,
        Mode::Batch => Offline::Batch,
        Mode::Local | Mode::Online => Offline::Never,
    };
    let synced = shared::prepare(store, &replica, ctx.now, offline)?;
    warn_problems(ctx, &synced);
    // Lets the tests widen the window between the sync and the change.
    fed::failpoint::step("remote::before-run")?;
    let result = run_redone(ctx, command, dispatch, &replica, &synced);
    if mode == Mode::Batch {
        // Lets the tests kill a batch whose documents are only here.
        fed::failpoint::step("remote::before-batch-publish")?;
        publish_batch(ctx, &replica)?;
    }
    result
}

/// Runs `command`, and again on the new state each time it lost a race on
/// the remote.
fn run_redone(
    ctx: &Ctx,
    command: Command,
    dispatch: fn(&Ctx, Command) -> Result<()>,
    replica: &Replica,
    synced: &Synced,
) -> Result<()> {
    let store = ctx.store()?;
    let mut next = Some(command);
    let mut redo = Redo::after(synced);
    loop {
        let command = match next.take() {
            Some(command) => command,
            None => crate::cli::Cli::try_parse()?.command,
        };
        let err = match dispatch(ctx, command) {
            Err(err) => err,
            ok => return ok,
        };
        // Only the core's errors say whether another try could change them.
        let Some(fed_err) = err.downcast_ref::<fed::Error>() else {
            return Err(err);
        };
        match redo.next(fed_err, replica) {
            Next::Again => {}
            Next::Report => return Err(err),
            Next::GaveUp(e) => return Err(e.into()),
        }
        match session::sync(store, replica, ctx.now, SyncOptions::default()) {
            Ok(synced) => warn_problems(ctx, &synced),
            Err(_) if !fed_err.lost_a_race() => return Err(err),
            Err(sync_err) => return Err(sync_err.into()),
        }
    }
}

/// Publishes what a batch kept in the outbox: a sync publishes every new
/// document waiting there, in one commit on the branch; tried again when
/// the branch moved meanwhile (the sync published nothing and reported
/// nothing: what one sync leaves otherwise, another would leave too).
/// Whatever cannot be published now (the remote unreachable, a conflict or
/// a lock the warnings name) waits for the next `fed sync`, as an add made
/// offline does, and the command says so.
fn publish_batch(ctx: &Ctx, replica: &Replica) -> Result<()> {
    let store = ctx.store()?;
    for _ in 0..4 {
        let moved = match session::sync(store, replica, ctx.now, SyncOptions::default()) {
            Ok(synced) => {
                warn_problems(ctx, &synced);
                synced.published == 0 && synced.problems.is_empty()
            }
            Err(e) if replica.git().is_unreachable(&e) => {
                ctx.out.warn(format!(
                    "{}; what was added is kept here and published by the next `fed sync`",
                    e.message
                ));
                return Ok(());
            }
            Err(e) => return Err(e.into()),
        };
        if fed::remote::outbox::list(replica.paths()).is_empty() {
            return Ok(());
        }
        if !moved {
            break;
        }
    }
    let waiting = fed::remote::outbox::list(replica.paths()).len();
    ctx.out.warn(format!(
        "{waiting} documents wait in .remote/outbox/ (see the warnings above); the next `fed sync` publishes them"
    ));
    Ok(())
}

/// What a sync found wrong on the remote is shown on every command that
/// syncs, until it is fixed there (never silently skipped).
pub fn warn_problems(ctx: &Ctx, synced: &Synced) {
    for problem in &synced.problems {
        ctx.out
            .warn(format!("{}: {}", problem.kind, problem.message));
    }
}
