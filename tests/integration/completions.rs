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
