//! The three models differ in what an fsync makes durable besides the
//! synced inode's own content. Each scenario runs under every model and
//! states what survives the cut under each.

mod common;

use common::{Fixture, fsync_dir, mount, read, write, write_synced};
use forgetfs::Model;

/// What a path holds after the cut: `None` if it is gone.
type Expect = [(&'static str, Option<&'static [u8]>)];

/// Runs `scenario` on a fresh mount of each model, cuts, and checks the
/// paths listed for that model.
fn check(scenario: fn(&Fixture), expect: [(Model, &Expect); 3]) {
    for (model, paths) in expect {
        let Some(fx) = mount(model) else {
            return;
        };
        scenario(&fx);
        fx.mount.cut();
        for (path, want) in paths {
            let got = read(&fx.path(path));
            assert_eq!(got.as_deref(), *want, "{path} under {model}");
        }
    }
}

#[test]
fn a_file_fsync_alone_keeps_a_new_name_under_fsync_path_and_journal() {
    check(
        |fx| {
            std::fs::create_dir(fx.path("d")).unwrap();
            fsync_dir(fx.root());
            write_synced(&fx.path("d/f"), b"data");
        },
        [
            (Model::Strict, &[("d/f", None)]),
            (Model::FsyncPath, &[("d/f", Some(b"data"))]),
            (Model::Journal, &[("d/f", Some(b"data"))]),
        ],
    );
}

#[test]
fn fsync_path_makes_new_folders_up_to_the_root_durable() {
    check(
        |fx| {
            std::fs::create_dir_all(fx.path("a/b/c")).unwrap();
            write_synced(&fx.path("a/b/c/f"), b"deep");
        },
        [
            (Model::Strict, &[("a/b/c/f", None)]),
            (Model::FsyncPath, &[("a/b/c/f", Some(b"deep"))]),
            (Model::Journal, &[("a/b/c/f", Some(b"deep"))]),
        ],
    );
}

#[test]
fn only_journal_commits_a_rename_on_an_unrelated_fsync() {
    check(
        |fx| {
            write_synced(&fx.path("x"), b"x");
            write_synced(&fx.path("y"), b"y");
            fsync_dir(fx.root());
            std::fs::rename(fx.path("x"), fx.path("z")).unwrap();
            write_synced(&fx.path("y"), b"y2");
        },
        [
            (
                Model::Strict,
                &[("x", Some(b"x")), ("z", None), ("y", Some(b"y2"))],
            ),
            (
                Model::FsyncPath,
                &[("x", Some(b"x")), ("z", None), ("y", Some(b"y2"))],
            ),
            (
                Model::Journal,
                &[("x", None), ("z", Some(b"x")), ("y", Some(b"y2"))],
            ),
        ],
    );
}

#[test]
fn only_journal_commits_other_folders_on_a_folder_fsync() {
    check(
        |fx| {
            std::fs::create_dir(fx.path("a")).unwrap();
            std::fs::create_dir(fx.path("b")).unwrap();
            fsync_dir(fx.root());
            write(&fx.path("a/f"), b"f");
            std::fs::File::create(fx.path("b/g")).unwrap();
            fsync_dir(&fx.path("b"));
        },
        [
            (Model::Strict, &[("a/f", None), ("b/g", Some(b""))]),
            (Model::FsyncPath, &[("a/f", None), ("b/g", Some(b""))]),
            (Model::Journal, &[("a/f", Some(b"")), ("b/g", Some(b""))]),
        ],
    );
}

#[test]
fn a_moved_file_fsync_moves_it_durably_under_fsync_path_and_journal() {
    check(
        |fx| {
            std::fs::create_dir(fx.path("a")).unwrap();
            std::fs::create_dir(fx.path("b")).unwrap();
            fsync_dir(fx.root());
            write_synced(&fx.path("a/t"), b"t");
            fsync_dir(&fx.path("a"));
            std::fs::rename(fx.path("a/t"), fx.path("b/t")).unwrap();
            common::fsync(&fx.path("b/t"));
        },
        [
            (Model::Strict, &[("a/t", Some(b"t")), ("b/t", None)]),
            (Model::FsyncPath, &[("a/t", None), ("b/t", Some(b"t"))]),
            (Model::Journal, &[("a/t", None), ("b/t", Some(b"t"))]),
        ],
    );
}

#[test]
fn journal_keeps_the_names_of_unsynced_files_but_not_their_data() {
    check(
        |fx| {
            write(&fx.path("f"), b"never synced");
            write_synced(&fx.path("g"), b"g");
        },
        [
            (Model::Strict, &[("f", None), ("g", None)]),
            (Model::FsyncPath, &[("f", None), ("g", Some(b"g"))]),
            (Model::Journal, &[("f", Some(b"")), ("g", Some(b"g"))]),
        ],
    );
}
