//! Bounded retries with jitter, for the redo loop of a change that lost a
//! race on the remote: sync, redo the operation on the new state, push
//! again.
//!
//! Delays grow exponentially up to a cap, and each is drawn at random
//! between half of it and all of it, so that machines that lost the same
//! race do not come back in lockstep; the number of attempts is bounded,
//! so that a command under endless contention ends (exit 5) instead of
//! spinning.

use crate::model::id::Jitter;
use std::time::Duration;

/// A retry schedule: at most `attempts` tries, delays from `base` doubling
/// up to `cap`, each jittered.
#[derive(Debug, Clone)]
pub struct Backoff {
    attempts: u32,
    tried: u32,
    base: Duration,
    cap: Duration,
    jitter: Jitter,
}

impl Backoff {
    /// The schedule of the redo loop: 8 tries, 20 ms doubling to 1 s (at
    /// most about 3 s of waiting in all).
    pub fn for_remote() -> Backoff {
        Backoff::new(8, Duration::from_millis(20), Duration::from_secs(1))
    }

    pub fn new(attempts: u32, base: Duration, cap: Duration) -> Backoff {
        Backoff {
            attempts: attempts.max(1),
            tried: 0,
            base,
            cap,
            jitter: Jitter::new(),
        }
    }

    /// Counts one try. `Some(delay)`: wait that long, then try again;
    /// `None`: that was the last try.
    pub fn next_delay(&mut self) -> Option<Duration> {
        self.tried += 1;
        if self.tried >= self.attempts {
            return None;
        }
        let exp = self.tried.saturating_sub(1).min(20);
        let full = self.base.saturating_mul(1 << exp).min(self.cap);
        let nanos = full.as_nanos() as u64;
        let half = nanos / 2;
        let jitter = if half == 0 {
            0
        } else {
            self.jitter.next_u64() % (half + 1)
        };
        Some(Duration::from_nanos(half + jitter))
    }

    /// Waits for the next try; `false` when the tries are used up.
    pub fn wait(&mut self) -> bool {
        match self.next_delay() {
            Some(d) => {
                std::thread::sleep(d);
                true
            }
            None => false,
        }
    }

    /// How many tries have been counted.
    pub fn tries(&self) -> u32 {
        self.tried
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn delays_are_bounded_jittered_and_capped() {
        let mut b = Backoff::new(6, Duration::from_millis(10), Duration::from_millis(50));
        let delays: Vec<Duration> = std::iter::from_fn(|| b.next_delay()).collect();
        assert_eq!(delays.len(), 5, "six tries: five waits");
        let limits = [10, 20, 40, 50, 50];
        for (d, limit) in delays.iter().zip(limits) {
            let limit = Duration::from_millis(limit);
            assert!(*d >= limit / 2 && *d <= limit, "{d:?} vs {limit:?}");
        }
        assert_eq!(b.next_delay(), None);
        assert_eq!(b.tries(), 7);
    }

    #[test]
    fn two_schedules_do_not_move_in_lockstep() {
        let run = || {
            let mut b = Backoff::for_remote();
            std::iter::from_fn(move || b.next_delay()).collect::<Vec<_>>()
        };
        assert_ne!(run(), run());
        assert_eq!(run().len(), 7);
    }

    #[test]
    fn a_single_attempt_never_waits() {
        let mut b = Backoff::new(1, Duration::from_secs(1), Duration::from_secs(1));
        assert!(!b.wait());
    }
}
