//! Counting mutating operations, freezing the durable view after the n-th
//! (`cut_after`), and the optional operation log.

use crate::image::Errno;

/// One request the filesystem received, as kept in the log.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OpRecord {
    /// Its number among the mutating operations that succeeded (1 for the
    /// first since the mount), or `None` when it failed: a failed request
    /// changes nothing and is not counted.
    pub seq: Option<u64>,
    /// The operation: `create`, `mknod`, `mkdir`, `symlink`, `link`,
    /// `unlink`, `rmdir`, `rename`, `rename-noreplace`, `rename-exchange`,
    /// `write`, `setattr`, `fsync`, `fsyncdir`, or `cut` (not a request:
    /// where a cut happened).
    pub op: &'static str,
    /// The path it was about (the source of a rename or link), relative to
    /// the mount and starting with `/`; for an operation on an open file,
    /// the latest live name of that file.
    pub path: String,
    /// The destination of a rename or link.
    pub path2: Option<String>,
    /// 0 on success, else the errno returned.
    pub errno: Errno,
}

/// Why `cut_after` refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ArmError {
    /// Operation `n` completed already; the durable view right after it is
    /// gone. Holds the current count.
    Passed(u64),
    /// The durable view is frozen already (by an earlier `cut_after`).
    Frozen,
}

impl std::fmt::Display for ArmError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ArmError::Passed(count) => write!(f, "{count} operations have completed already"),
            ArmError::Frozen => write!(f, "the durable view is frozen already"),
        }
    }
}

impl std::error::Error for ArmError {}

#[derive(Debug, Default)]
pub struct Control {
    /// Mutating operations that succeeded since the mount.
    pub count: u64,
    /// Freeze once `count` reaches this.
    pub arm: Option<u64>,
    /// While frozen, fsyncs make nothing durable: the power is already
    /// "out", the rest of the run will be forgotten.
    pub frozen: bool,
    pub log: Option<Vec<OpRecord>>,
}

impl Control {
    pub fn new(log: bool) -> Control {
        Control {
            log: log.then(Vec::new),
            ..Control::default()
        }
    }

    pub fn logging(&self) -> bool {
        self.log.is_some()
    }

    /// Records the end of a mutating request (under the state lock, so
    /// that nothing can happen between it and the freeze).
    pub fn finish(
        &mut self,
        op: &'static str,
        paths: Option<(String, Option<String>)>,
        err: Errno,
    ) {
        let seq = (err == 0).then(|| {
            self.count += 1;
            self.count
        });
        if self.arm.is_some() && self.arm == seq {
            self.arm = None;
            self.frozen = true;
        }
        if let (Some(log), Some((path, path2))) = (&mut self.log, paths) {
            log.push(OpRecord {
                seq,
                op,
                path,
                path2,
                errno: err,
            });
        }
    }

    /// Arms the freeze after operation `n` (now if `n` is the count).
    pub fn cut_after(&mut self, n: u64) -> Result<(), ArmError> {
        if self.frozen {
            return Err(ArmError::Frozen);
        }
        if n < self.count {
            return Err(ArmError::Passed(self.count));
        }
        if n == self.count {
            self.frozen = true;
            self.arm = None;
        } else {
            self.arm = Some(n);
        }
        Ok(())
    }

    /// After a cut: thawed and disarmed, the cut logged.
    pub fn after_cut(&mut self) {
        self.frozen = false;
        self.arm = None;
        if let Some(log) = &mut self.log {
            log.push(OpRecord {
                seq: None,
                op: "cut",
                path: "/".to_string(),
                path2: None,
                errno: 0,
            });
        }
    }
}
