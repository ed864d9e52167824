//! The live view behaves like a POSIX filesystem, with what fed relies on:
//! renameat2 flags, O_EXCL, flock, inode numbers, readdir, statfs.

mod common;

use common::{mount, names, read, renameat2, write};
use forgetfs::Model;
use nix::fcntl::RenameFlags;
use std::io::ErrorKind;
use std::os::unix::fs::{DirEntryExt, MetadataExt, OpenOptionsExt};

#[test]
fn rename_noreplace_refuses_an_existing_target() {
    let Some(fx) = mount(Model::Strict) else {
        return;
    };
    let (a, b) = (fx.path("a"), fx.path("b"));
    write(&a, b"a");
    write(&b, b"b");
    let e = renameat2(&a, &b, RenameFlags::RENAME_NOREPLACE).unwrap_err();
    assert_eq!(e.kind(), ErrorKind::AlreadyExists, "{e}");
    assert_eq!(
        (read(&a).unwrap(), read(&b).unwrap()),
        (b"a".to_vec(), b"b".to_vec())
    );
    std::fs::remove_file(&b).unwrap();
    renameat2(&a, &b, RenameFlags::RENAME_NOREPLACE).unwrap();
    assert_eq!(names(fx.root()), ["b"]);
    let e = renameat2(&a, &b, RenameFlags::RENAME_NOREPLACE).unwrap_err();
    assert_eq!(e.kind(), ErrorKind::NotFound, "{e}");
}

#[test]
fn rename_exchange_swaps_and_needs_both_names() {
    let Some(fx) = mount(Model::Strict) else {
        return;
    };
    let (a, b, d) = (fx.path("a"), fx.path("b"), fx.path("d"));
    write(&a, b"a");
    let e = renameat2(&a, &b, RenameFlags::RENAME_EXCHANGE).unwrap_err();
    assert_eq!(e.kind(), ErrorKind::NotFound, "{e}");
    let e = renameat2(&b, &a, RenameFlags::RENAME_EXCHANGE).unwrap_err();
    assert_eq!(e.kind(), ErrorKind::NotFound, "{e}");
    write(&b, b"b");
    let (ino_a, ino_b) = (ino(&a), ino(&b));
    renameat2(&a, &b, RenameFlags::RENAME_EXCHANGE).unwrap();
    assert_eq!(
        (read(&a).unwrap(), read(&b).unwrap()),
        (b"b".to_vec(), b"a".to_vec())
    );
    assert_eq!((ino(&a), ino(&b)), (ino_b, ino_a));

    // A file and a directory in two folders.
    std::fs::create_dir(&d).unwrap();
    std::fs::create_dir(d.join("sub")).unwrap();
    write(&d.join("sub/inner"), b"i");
    renameat2(&a, &d.join("sub"), RenameFlags::RENAME_EXCHANGE).unwrap();
    assert_eq!(read(&d.join("sub")).unwrap(), b"b");
    assert_eq!(read(&a.join("inner")).unwrap(), b"i");
    assert_eq!(std::fs::metadata(a.join("..")).unwrap().ino(), 1);
}

#[test]
fn plain_rename_replaces_by_the_rules() {
    let Some(fx) = mount(Model::Strict) else {
        return;
    };
    let (f, g, d, e) = (fx.path("f"), fx.path("g"), fx.path("d"), fx.path("e"));
    write(&f, b"f");
    write(&g, b"g");
    std::fs::rename(&f, &g).unwrap();
    assert_eq!(names(fx.root()), ["g"]);
    assert_eq!(read(&g).unwrap(), b"f");
    std::fs::create_dir(&d).unwrap();
    std::fs::create_dir(&e).unwrap();
    write(&e.join("x"), b"");
    assert_eq!(
        std::fs::rename(&g, &d).unwrap_err().raw_os_error(),
        Some(libc::EISDIR)
    );
    assert_eq!(
        std::fs::rename(&d, &g).unwrap_err().raw_os_error(),
        Some(libc::ENOTDIR)
    );
    let err = std::fs::rename(&d, &e).unwrap_err().raw_os_error();
    assert!(
        matches!(err, Some(libc::ENOTEMPTY | libc::EEXIST)),
        "{err:?}"
    );
    std::fs::rename(&e, &d).unwrap();
    assert_eq!(names(&d), ["x"]);
    let err = std::fs::rename(&d, d.join("below"))
        .unwrap_err()
        .raw_os_error();
    assert_eq!(err, Some(libc::EINVAL));
}

#[test]
fn o_excl_create_refuses_an_existing_name() {
    let Some(fx) = mount(Model::Strict) else {
        return;
    };
    let f = fx.path("f");
    let open = || {
        std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&f)
    };
    open().unwrap();
    assert_eq!(open().unwrap_err().kind(), ErrorKind::AlreadyExists);
    std::fs::create_dir(fx.path("d")).unwrap();
    let e = std::fs::File::create(fx.path("d")).unwrap_err();
    assert_eq!(e.raw_os_error(), Some(libc::EISDIR));
}

#[test]
fn o_tmpfile_is_unsupported_with_eopnotsupp() {
    let Some(fx) = mount(Model::Strict) else {
        return;
    };
    let e = std::fs::OpenOptions::new()
        .write(true)
        .custom_flags(libc::O_TMPFILE)
        .open(fx.root())
        .unwrap_err();
    assert_eq!(e.raw_os_error(), Some(libc::EOPNOTSUPP), "{e}");
}

#[test]
fn flock_is_exclusive_between_open_files() {
    let Some(fx) = mount(Model::Strict) else {
        return;
    };
    let f = fx.path("owner.lock");
    let first = std::fs::File::create(&f).unwrap();
    let second = std::fs::File::open(&f).unwrap();
    first.try_lock().unwrap();
    assert!(second.try_lock().is_err());
    drop(first);
    second.try_lock().unwrap();
}

#[test]
fn inode_numbers_links_and_readdir_types_agree() {
    let Some(fx) = mount(Model::Strict) else {
        return;
    };
    write(&fx.path("f"), b"12345");
    std::fs::create_dir(fx.path("d")).unwrap();
    std::os::unix::fs::symlink("f", fx.path("l")).unwrap();
    std::fs::hard_link(fx.path("f"), fx.path("d/g")).unwrap();
    let meta = std::fs::symlink_metadata(fx.path("f")).unwrap();
    assert_eq!((meta.len(), meta.nlink()), (5, 2));
    assert_eq!(ino(&fx.path("d/g")), meta.ino());
    assert_eq!(std::fs::metadata(fx.path("d")).unwrap().nlink(), 2);
    assert_eq!(std::fs::metadata(fx.root()).unwrap().nlink(), 3);
    assert_eq!(
        std::fs::read_link(fx.path("l")).unwrap().to_str(),
        Some("f")
    );
    assert_eq!(read(&fx.path("l")).unwrap(), b"12345");
    for entry in std::fs::read_dir(fx.root()).unwrap() {
        let entry = entry.unwrap();
        let meta = std::fs::symlink_metadata(entry.path()).unwrap();
        assert_eq!(entry.ino(), meta.ino(), "{:?}", entry.file_name());
        assert_eq!(entry.file_type().unwrap(), meta.file_type());
    }
    let before = std::fs::metadata(fx.path("f")).unwrap().modified().unwrap();
    std::thread::sleep(std::time::Duration::from_millis(10));
    write(&fx.path("f"), b"new");
    let after = std::fs::metadata(fx.path("f")).unwrap();
    assert!(after.modified().unwrap() > before);
    assert_eq!(after.len(), 3);
    let stat = nix::sys::statvfs::statvfs(fx.root()).unwrap();
    assert!(stat.blocks() > 0 && stat.name_max() == 255);
}

#[test]
fn access_unlink_and_rmdir() {
    let Some(fx) = mount(Model::Strict) else {
        return;
    };
    std::fs::create_dir(fx.path("d")).unwrap();
    write(&fx.path("d/f"), b"");
    nix::unistd::access(&fx.path("d/f"), nix::unistd::AccessFlags::W_OK).unwrap();
    let e = std::fs::remove_dir(fx.path("d")).unwrap_err();
    assert_eq!(e.raw_os_error(), Some(libc::ENOTEMPTY));
    let e = std::fs::remove_file(fx.path("d")).unwrap_err();
    assert!(
        matches!(e.raw_os_error(), Some(libc::EISDIR | libc::EPERM)),
        "{e}"
    );
    std::fs::remove_file(fx.path("d/f")).unwrap();
    std::fs::remove_dir(fx.path("d")).unwrap();
    assert_eq!(names(fx.root()), Vec::<String>::new());
}

fn ino(path: &std::path::Path) -> u64 {
    std::fs::symlink_metadata(path).unwrap().ino()
}
