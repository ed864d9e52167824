//! The strict model (the POSIX minimum): what a cut keeps and forgets.

mod common;

use common::{fsync, fsync_dir, mount, names, read, write, write_synced};
use forgetfs::Model;
use std::io::{Read, Write};
use std::os::unix::fs::MetadataExt;

#[test]
fn write_then_rename_without_fsync_is_lost() {
    let Some(fx) = mount(Model::Strict) else {
        return;
    };
    write(&fx.path("tmp"), b"task");
    std::fs::rename(fx.path("tmp"), fx.path("task.json")).unwrap();
    assert_eq!(read(&fx.path("task.json")).as_deref(), Some(&b"task"[..]));
    fx.mount.cut();
    assert_eq!(names(fx.root()), Vec::<String>::new());
}

#[test]
fn write_fsync_rename_fsync_dir_survives() {
    let Some(fx) = mount(Model::Strict) else {
        return;
    };
    write_synced(&fx.path("tmp"), b"task");
    std::fs::rename(fx.path("tmp"), fx.path("task.json")).unwrap();
    fsync_dir(fx.root());
    fx.mount.cut();
    assert_eq!(names(fx.root()), ["task.json"]);
    assert_eq!(read(&fx.path("task.json")).unwrap(), b"task");
}

#[test]
fn fsynced_data_under_an_unsynced_name_is_lost() {
    let Some(fx) = mount(Model::Strict) else {
        return;
    };
    write_synced(&fx.path("f"), b"data");
    fx.mount.cut();
    assert!(read(&fx.path("f")).is_none());
}

#[test]
fn a_name_synced_without_its_data_comes_back_empty() {
    let Some(fx) = mount(Model::Strict) else {
        return;
    };
    write(&fx.path("f"), b"data");
    fsync_dir(fx.root());
    fx.mount.cut();
    assert_eq!(read(&fx.path("f")).unwrap(), b"");
}

#[test]
fn move_between_folders_needs_both_folders_synced() {
    let Some(fx) = mount(Model::Strict) else {
        return;
    };
    let (from, to) = (fx.path("pending"), fx.path("done"));
    std::fs::create_dir(&from).unwrap();
    std::fs::create_dir(&to).unwrap();
    fsync_dir(fx.root());
    write_synced(&from.join("t"), b"task");
    fsync_dir(&from);

    // Only the target folder synced: after the cut the file is in both.
    std::fs::rename(from.join("t"), to.join("t")).unwrap();
    fsync_dir(&to);
    fx.mount.cut();
    assert_eq!(names(&from), ["t"]);
    assert_eq!(names(&to), ["t"]);
    assert_eq!(read(&from.join("t")).unwrap(), b"task");
    let (a, b) = (
        std::fs::metadata(from.join("t")).unwrap(),
        std::fs::metadata(to.join("t")).unwrap(),
    );
    assert_eq!((a.ino(), a.nlink()), (b.ino(), 2), "one inode, two names");

    // Both folders synced: in the target only.
    std::fs::remove_file(to.join("t")).unwrap();
    fsync_dir(&to);
    std::fs::rename(from.join("t"), to.join("t")).unwrap();
    fsync_dir(&to);
    fsync_dir(&from);
    fx.mount.cut();
    assert_eq!(names(&from), Vec::<String>::new());
    assert_eq!(names(&to), ["t"]);
    assert_eq!(std::fs::metadata(to.join("t")).unwrap().nlink(), 1);
}

#[test]
fn unsynced_data_reverts_to_the_last_synced_content() {
    let Some(fx) = mount(Model::Strict) else {
        return;
    };
    let f = fx.path("f");
    write_synced(&f, b"first version");
    fsync_dir(fx.root());
    write(&f, b"second");
    let mut file = std::fs::OpenOptions::new().append(true).open(&f).unwrap();
    file.write_all(b" and more").unwrap();
    drop(file);
    assert_eq!(read(&f).unwrap(), b"second and more");
    fx.mount.cut();
    assert_eq!(read(&f).unwrap(), b"first version");
    assert_eq!(std::fs::metadata(&f).unwrap().len(), 13);

    std::fs::OpenOptions::new()
        .write(true)
        .open(&f)
        .unwrap()
        .set_len(5)
        .unwrap();
    fsync(&f);
    fx.mount.cut();
    assert_eq!(read(&f).unwrap(), b"first");
}

#[test]
fn unlink_without_dir_fsync_comes_back() {
    let Some(fx) = mount(Model::Strict) else {
        return;
    };
    std::fs::create_dir(fx.path("d")).unwrap();
    write_synced(&fx.path("d/f"), b"x");
    fsync_dir(&fx.path("d"));
    fsync_dir(fx.root());
    std::fs::remove_file(fx.path("d/f")).unwrap();
    fx.mount.cut();
    assert_eq!(read(&fx.path("d/f")).unwrap(), b"x");
    std::fs::remove_file(fx.path("d/f")).unwrap();
    std::fs::remove_dir(fx.path("d")).unwrap();
    fsync_dir(fx.root());
    fx.mount.cut();
    assert_eq!(names(fx.root()), Vec::<String>::new());
}

#[test]
fn open_handles_go_stale_at_the_cut() {
    let Some(fx) = mount(Model::Strict) else {
        return;
    };
    let f = fx.path("f");
    write_synced(&f, b"kept");
    fsync_dir(fx.root());
    let mut reader = std::fs::File::open(&f).unwrap();
    let mut writer = std::fs::OpenOptions::new().write(true).open(&f).unwrap();
    fx.mount.cut();
    let mut buf = Vec::new();
    let e = reader.read_to_end(&mut buf).unwrap_err();
    assert_eq!(e.raw_os_error(), Some(libc::EIO), "{e}");
    let e = writer.write_all(b"late").unwrap_err();
    assert_eq!(e.raw_os_error(), Some(libc::EIO), "{e}");
    assert_eq!(
        writer.sync_all().unwrap_err().raw_os_error(),
        Some(libc::EIO)
    );
    assert_eq!(read(&f).unwrap(), b"kept");
}
