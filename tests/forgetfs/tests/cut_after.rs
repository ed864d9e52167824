//! Counting mutating requests, the log, and `cut_after`: a cut that
//! restores the durable view as it was right after request n.

mod common;

use common::{Fixture, fsync_dir, mount, names, read};
use forgetfs::{ArmError, Model};
use std::io::Write;

/// The atomic-replace sequence, one mutating request per step.
fn publish(fx: &Fixture) {
    let mut tmp = std::fs::File::create(fx.path("tmp")).unwrap(); // create
    tmp.write_all(b"doc").unwrap(); // write
    tmp.sync_all().unwrap(); // fsync
    drop(tmp);
    std::fs::rename(fx.path("tmp"), fx.path("doc")).unwrap(); // rename
    fsync_dir(fx.root()); // fsyncdir
}

#[test]
fn mutating_requests_are_counted_and_logged_in_order() {
    let Some(fx) = mount(Model::Strict) else {
        return;
    };
    assert_eq!(fx.mount.ops_count(), 0);
    publish(&fx);
    std::fs::create_dir_all(fx.path("d/sub")).unwrap();
    // Refused by forgetfs itself (the kernel cannot tell): not counted.
    assert!(std::fs::remove_dir(fx.path("d")).is_err());
    assert_eq!(fx.mount.ops_count(), 7);
    let log = fx.mount.log();
    let ops: Vec<_> = log.iter().map(|r| (r.seq, r.op, r.path.as_str())).collect();
    assert_eq!(
        ops,
        [
            (Some(1), "create", "/tmp"),
            (Some(2), "write", "/tmp"),
            (Some(3), "fsync", "/tmp"),
            (Some(4), "rename", "/tmp"),
            (Some(5), "fsyncdir", "/"),
            (Some(6), "mkdir", "/d"),
            (Some(7), "mkdir", "/d/sub"),
            (None, "rmdir", "/d"),
        ]
    );
    assert_eq!(log[3].path2.as_deref(), Some("/doc"));
    assert_eq!(log[7].errno, libc::ENOTEMPTY);
}

/// What survives a cut armed after request `k` of `publish`.
fn survivors_after(k: u64) -> Option<(Vec<String>, Option<Vec<u8>>)> {
    let fx = mount(Model::Strict)?;
    fx.mount.cut_after(k).unwrap();
    assert_eq!(fx.mount.is_frozen(), k == 0);
    publish(&fx);
    assert!(fx.mount.is_frozen());
    assert_eq!(names(fx.root()), ["doc"], "the live view goes on");
    fx.mount.cut();
    assert!(!fx.mount.is_frozen());
    Some((names(fx.root()), read(&fx.path("doc"))))
}

#[test]
fn a_cut_after_each_request_shows_when_the_document_became_durable() {
    for k in 0..=5 {
        let Some((names, doc)) = survivors_after(k) else {
            return;
        };
        if k < 5 {
            assert_eq!(names, Vec::<String>::new(), "cut after request {k}");
        } else {
            assert_eq!(
                (names, doc),
                (vec!["doc".to_string()], Some(b"doc".to_vec()))
            );
        }
    }
}

#[test]
fn the_frozen_view_ignores_later_fsyncs_and_keeps_earlier_ones() {
    let Some(fx) = mount(Model::Journal) else {
        return;
    };
    common::write_synced(&fx.path("kept"), b"1"); // create, write, fsync
    assert_eq!(fx.mount.ops_count(), 3);
    fx.mount.cut_after(3).unwrap();
    assert!(fx.mount.is_frozen());
    assert_eq!(fx.mount.cut_after(9), Err(ArmError::Frozen));
    common::write_synced(&fx.path("kept"), b"2");
    common::write_synced(&fx.path("lost"), b"3");
    fsync_dir(fx.root());
    fx.mount.cut();
    assert_eq!(names(fx.root()), ["kept"]);
    assert_eq!(read(&fx.path("kept")).unwrap(), b"1");
    assert_eq!(
        fx.mount.cut_after(2),
        Err(ArmError::Passed(fx.mount.ops_count()))
    );
    let log = fx.mount.log();
    assert_eq!(log.last().map(|r| r.op), Some("cut"));
}
