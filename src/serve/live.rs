//! Live updates: a thread woken by file-system notifications (with a slow
//! safety re-check) bumps a version number whenever the federation's
//! fingerprint changed; each open page holds a server-sent event stream
//! that says "change" when the version moves.

use crate::store::Store;
use crate::store::wake::Scope;
use axum::response::sse::{Event, KeepAlive, Sse};
use futures_util::stream::{self, Stream};
use std::convert::Infallible;
use std::path::PathBuf;
use std::time::Duration;
use tokio::sync::watch;

/// How often the federation is looked at when no notification came.
pub const RECHECK: Duration = Duration::from_secs(3);

/// Starts the watching thread, which also looks every `recheck`; the
/// receiver follows the version.
pub fn start(root: PathBuf, recheck: Duration) -> crate::error::Result<watch::Receiver<u64>> {
    let (tx, rx) = watch::channel(0u64);
    let store = Store::open(&root)?;
    let wake = store.wake_on_change(Scope::Everything)?;
    std::thread::spawn(move || {
        let mut last = store.fingerprint();
        loop {
            wake.wait(recheck);
            let now = store.fingerprint();
            if now != last {
                last = now;
                tx.send_modify(|v| *v += 1);
            }
            if tx.is_closed() {
                return;
            }
        }
    });
    Ok(rx)
}

/// The event stream of one page: `hello` at once, then `change` with the
/// new version each time the federation changes.
pub fn events(mut rx: watch::Receiver<u64>) -> Sse<impl Stream<Item = Result<Event, Infallible>>> {
    let first = *rx.borrow_and_update();
    let hello =
        stream::once(async move { Ok(Event::default().event("hello").data(first.to_string())) });
    let changes = stream::unfold(rx, |mut rx| async move {
        rx.changed().await.ok()?;
        let version = *rx.borrow_and_update();
        Some((
            Ok(Event::default().event("change").data(version.to_string())),
            rx,
        ))
    });
    Sse::new(futures_util::StreamExt::chain(hello, changes)).keep_alive(KeepAlive::default())
}
