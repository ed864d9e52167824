//! SIGINT and SIGTERM for `fed work`: blocked in every thread and taken by
//! one thread with `sigwait`, which raises a flag and wakes whoever waits
//! (the claim's watch, the loop supervising a command). No handler runs
//! in signal context, so nothing async-signal-unsafe can happen there.

use fed::store::watch::Waker;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::Sender;

/// What the supervising loop hears about.
#[derive(Debug)]
pub enum Event {
    /// The command exited with this status.
    Exited(std::process::ExitStatus),
    /// SIGINT or SIGTERM arrived.
    Signal,
}

/// Whether a stop was asked for.
#[derive(Clone, Default)]
pub struct Stop(Arc<AtomicBool>);

impl Stop {
    pub fn asked(&self) -> bool {
        self.0.load(Ordering::SeqCst)
    }
}

fn stop_signals() -> libc::sigset_t {
    // SAFETY: sigemptyset and sigaddset only write the set we own.
    unsafe {
        let mut set: libc::sigset_t = std::mem::zeroed();
        libc::sigemptyset(&mut set);
        libc::sigaddset(&mut set, libc::SIGINT);
        libc::sigaddset(&mut set, libc::SIGTERM);
        set
    }
}

/// Blocks SIGINT and SIGTERM in this thread, and so in every thread it
/// starts afterwards. Call it before any thread is started.
pub fn block() {
    let set = stop_signals();
    // SAFETY: changes this thread's signal mask only.
    unsafe {
        libc::pthread_sigmask(libc::SIG_BLOCK, &set, std::ptr::null_mut());
    }
}

/// Restores an empty signal mask; for a child between fork and exec, so
/// that the commands `fed work` runs can be stopped with SIGTERM.
pub fn unblock_in_child() -> std::io::Result<()> {
    // SAFETY: sigemptyset and pthread_sigmask are async-signal-safe.
    unsafe {
        let mut set: libc::sigset_t = std::mem::zeroed();
        libc::sigemptyset(&mut set);
        libc::pthread_sigmask(libc::SIG_SETMASK, &set, std::ptr::null_mut());
    }
    Ok(())
}

/// Starts the thread that takes the signals blocked by [`block`].
pub fn listen(waker: Waker, events: Sender<Event>) -> Stop {
    let stop = Stop::default();
    let flag = stop.0.clone();
    std::thread::spawn(move || {
        let set = stop_signals();
        loop {
            let mut signal = 0;
            // SAFETY: waits for one of the blocked signals in `set`.
            if unsafe { libc::sigwait(&set, &mut signal) } != 0 {
                continue;
            }
            flag.store(true, Ordering::SeqCst);
            waker.wake();
            let _ = events.send(Event::Signal);
        }
    });
    stop
}
