//! A tiny deterministic random source (no dependency needed); `FED_SEED`
//! replays a run's choices.

pub(crate) struct Rng(u64);

impl Rng {
    /// Seeded from `FED_SEED` when set, else from the clock; the seed is
    /// printed so that a failure can be replayed.
    pub(crate) fn from_env(test: &str) -> Rng {
        let seed = std::env::var("FED_SEED")
            .ok()
            .and_then(|s| s.parse().ok())
            .unwrap_or_else(|| {
                std::time::SystemTime::now()
                    .duration_since(std::time::UNIX_EPOCH)
                    .map(|d| d.as_nanos() as u64)
                    .unwrap_or(1)
            });
        eprintln!("{test}: FED_SEED={seed}");
        Rng::new(seed)
    }
    pub(crate) fn new(seed: u64) -> Rng {
        Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1)
    }
    pub(crate) fn next(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        self.0 = x;
        x.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    /// A number in `0..n`.
    pub(crate) fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }
}
