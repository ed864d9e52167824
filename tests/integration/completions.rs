//! The committed shell completions under `completions/` must be exactly what
//! `fed completions SHELL` prints, so they never drift from the command tree.

use crate::common::{Env, code, stderr, stdout};

/// Compares `fed completions SHELL` with the committed `completions/FILE`.
#[track_caller]
fn assert_committed(shell: &str, file: &str) {
    let env = Env::empty();
    let out = env.fed(&["completions", shell]).output().expect("fed runs");
    assert_eq!(code(&out), 0, "fed completions {shell}: {}", stderr(&out));
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("completions")
        .join(file);
    let committed =
        std::fs::read(&path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    assert!(
        out.stdout == committed,
        "completions/{file} is out of date with the command tree; regenerate it with\n  \
         cargo build && target/debug/fed completions {shell} > completions/{file}"
    );
}

#[test]
fn bash_completions_are_committed() {
    assert_committed("bash", "fed.bash");
}

#[test]
fn zsh_completions_are_committed() {
    assert_committed("zsh", "_fed");
}

#[test]
fn fish_completions_are_committed() {
    assert_committed("fish", "fed.fish");
}

#[test]
fn elvish_completions_are_committed() {
    assert_committed("elvish", "fed.elv");
}

#[test]
fn powershell_completions_are_committed() {
    assert_committed("powershell", "_fed.ps1");
}

#[test]
fn completions_need_no_federation() {
    // Run far from any .federation/: completions are for installing fed.
    let env = Env::empty();
    let out = env
        .fed(&["completions", "bash"])
        .output()
        .expect("fed runs");
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert!(
        stdout(&out).contains("queue"),
        "the script names the commands"
    );
}

#[test]
fn unknown_shell_is_a_usage_error() {
    let env = Env::empty();
    let out = env
        .fed(&["completions", "tcsh"])
        .output()
        .expect("fed runs");
    assert_eq!(code(&out), 2);
    assert!(
        out.stdout.is_empty(),
        "no script on stdout: {}",
        stdout(&out)
    );
    assert!(stderr(&out).contains("tcsh"), "{}", stderr(&out));
}

/// The committed manual pages under docs/man/ are exactly what `fed man
/// --output` writes, one per command (regenerate them with
/// `cargo build && target/debug/fed man --output docs/man`).
#[test]
fn man_pages_are_committed() {
    let dir = tempfile::tempdir().unwrap();
    let out = std::process::Command::new(crate::common::fed_bin())
        .args(["man", "--output"])
        .arg(dir.path())
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let committed = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/man");
    let names = |d: &std::path::Path| {
        let mut n: Vec<String> = std::fs::read_dir(d)
            .unwrap()
            .flatten()
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .collect();
        n.sort();
        n
    };
    assert_eq!(
        names(dir.path()),
        names(&committed),
        "docs/man/ is out of date; regenerate it with\n  cargo build && target/debug/fed man --output docs/man"
    );
    for name in names(dir.path()) {
        let fresh = std::fs::read(dir.path().join(&name)).unwrap();
        let kept = std::fs::read(committed.join(&name)).unwrap();
        assert!(
            fresh == kept,
            "docs/man/{name} is out of date; regenerate it with\n  cargo build && target/debug/fed man --output docs/man"
        );
    }
    let page = std::process::Command::new(crate::common::fed_bin())
        .args(["man", "queue", "claim"])
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&page.stdout).contains(".TH fed-queue-claim 1"));
}
