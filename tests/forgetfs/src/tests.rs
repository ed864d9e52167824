//! The image's logic without a mount: corner cases that the kernel would
//! not let a mounted test reach, or only with difficulty.

use crate::Model;
use crate::image::{Body, Image, Ino, NewNode, ROOT};
use crate::rename::{EXCHANGE, NOREPLACE};
use fuser::FileType;
use std::ffi::OsStr;

fn spec(kind: FileType) -> NewNode {
    NewNode {
        kind,
        perm: 0o755,
        uid: 0,
        gid: 0,
        rdev: 0,
        symlink: None,
    }
}

fn dir(image: &mut Image, parent: Ino, name: &str) -> Ino {
    image
        .create(parent, OsStr::new(name), spec(FileType::Directory))
        .unwrap()
}

fn names(image: &Image, dir: Ino) -> Vec<String> {
    let node = image.node(dir).unwrap();
    let entries = node.entries().unwrap();
    entries
        .keys()
        .map(|k| k.to_string_lossy().into_owned())
        .collect()
}

#[test]
fn a_cut_never_gives_a_directory_two_parents() {
    // Durable: / -> a -> b. Live: b moved to /, then a moved into b.
    let mut image = Image::new(0, 0);
    let a = dir(&mut image, ROOT, "a");
    let b = dir(&mut image, a, "b");
    image.sync(ROOT, Model::Strict).unwrap();
    image.sync(a, Model::Strict).unwrap();
    let name = OsStr::new;
    image.rename(a, name("b"), ROOT, name("b"), 0).unwrap();
    image.rename(ROOT, name("a"), b, name("a"), 0).unwrap();
    // b's entries ({a}) durable, / still durable as {a}: b -> a -> b.
    image.sync(b, Model::Strict).unwrap();
    image.cut();
    assert_eq!(names(&image, ROOT), ["a"]);
    assert_eq!(names(&image, a), ["b"]);
    assert_eq!(names(&image, b), Vec::<String>::new(), "the loop is cut");
    assert_eq!(image.nlink(a).unwrap(), 3);
}

#[test]
fn fsync_path_drops_the_old_name_of_a_moved_file_only() {
    let mut image = Image::new(0, 0);
    let (a, b) = (dir(&mut image, ROOT, "a"), dir(&mut image, ROOT, "b"));
    let f = image
        .create(a, OsStr::new("f"), spec(FileType::RegularFile))
        .unwrap();
    image
        .create(a, OsStr::new("other"), spec(FileType::RegularFile))
        .unwrap();
    image.sync(a, Model::Journal).unwrap();
    image
        .rename(a, OsStr::new("f"), b, OsStr::new("g"), 0)
        .unwrap();
    image.unlink(a, OsStr::new("other")).unwrap();
    image.sync(f, Model::FsyncPath).unwrap();
    let Body::Dir { durable, .. } = &image.node(a).unwrap().body else {
        panic!("a is a directory");
    };
    let durable: Vec<_> = durable.keys().collect();
    assert_eq!(durable, ["other"], "f's old name dropped, the unlink not");
    image.cut();
    assert_eq!(names(&image, a), ["other"]);
    assert_eq!(names(&image, b), ["g"]);
}

#[test]
fn rename_refuses_both_flags_and_whiteout() {
    let mut image = Image::new(0, 0);
    let x = OsStr::new("x");
    image.create(ROOT, x, spec(FileType::RegularFile)).unwrap();
    let y = OsStr::new("y");
    let both = NOREPLACE | EXCHANGE;
    assert_eq!(image.rename(ROOT, x, ROOT, y, both), Err(libc::EINVAL));
    let whiteout = libc::RENAME_WHITEOUT;
    assert_eq!(image.rename(ROOT, x, ROOT, y, whiteout), Err(libc::EINVAL));
    assert_eq!(image.rename(ROOT, x, ROOT, y, EXCHANGE), Err(libc::ENOENT));
    image.rename(ROOT, x, ROOT, y, NOREPLACE).unwrap();
    assert_eq!(names(&image, ROOT), ["y"]);
}

#[test]
fn a_removed_directory_takes_no_new_names() {
    let mut image = Image::new(0, 0);
    let d = dir(&mut image, ROOT, "d");
    image.rmdir(ROOT, OsStr::new("d")).unwrap();
    let r = image.create(d, OsStr::new("f"), spec(FileType::RegularFile));
    assert_eq!(r, Err(libc::ENOENT));
}
