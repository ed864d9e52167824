//! The committed shell completions under `completions/` must be exactly what
//! `fed completions SHELL` prints, so they never drift from the command tree.

use crate::common::{Env, code, stderr, stdout};

/// What `fed completions SHELL` prints (it must exit 0).
#[track_caller]
fn script(shell: &str) -> Vec<u8> {
    let env = Env::empty();
    let out = env.fed(&["completions", shell]).output().expect("fed runs");
    assert_eq!(code(&out), 0, "fed completions {shell}: {}", stderr(&out));
    out.stdout
}

/// Compares `fed completions SHELL` with the committed `completions/FILE`.
#[track_caller]
fn assert_committed(shell: &str, file: &str) {
    let generated = script(shell);
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("completions")
        .join(file);
    let committed =
        std::fs::read(&path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    assert!(
        generated == committed,
        "completions/{file} is out of date with the command tree; regenerate it with\n  \
         cargo build && target/debug/fed completions {shell} > completions/{file}"
    );
}

/// Every command a completion script offers comes with its description
/// (fish lists them as `-f -a "NAME" -d 'WHAT'`), `fed help`'s copies
/// too: the tree is built lazily, and a description missing from the
/// script is the failure this guards.
#[test]
fn the_scripts_describe_every_command() {
    let script = String::from_utf8(script("fish")).expect("UTF-8");
    let commands: Vec<&str> = script
        .lines()
        .filter(|l| l.contains("\" -f -a \""))
        .collect();
    assert!(commands.len() > 100, "{script}");
    for line in commands {
        assert!(line.contains(" -d '"), "not described: {line}");
    }
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

/// A federation with a task in each state, a vote and known agents.
fn federation_to_complete() -> Env {
    let env = Env::new();
    env.config("agents: [claude, kimi, copilot]\n");
    for (id, title) in [
        ("20261121-090000-open01", "Write the login page"),
        ("20261121-090100-held01", "Fix the flaky test"),
        ("20261121-090200-done01", "Old work"),
    ] {
        env.add(&[title, "--id", id]);
    }
    for id in ["held01", "done01"] {
        let out = env.run(Some("kimi"), &["queue", "claim", id]);
        assert_eq!(code(&out), 0, "{}", stderr(&out));
    }
    let out = env.run(Some("kimi"), &["queue", "complete", "done01"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    env
}

/// What `fed` answers for `WORDS` (the last one being completed) under
/// the `COMPLETE=SHELL` protocol, run in `cwd`.
fn complete(env: &Env, shell: &str, cwd: &std::path::Path, words: &[&str]) -> Vec<String> {
    let mut args = vec!["--", "fed"];
    args.extend_from_slice(words);
    let out = env
        .clean(&env.now, &args)
        .current_dir(cwd)
        .env("COMPLETE", shell)
        .env("_CLAP_COMPLETE_INDEX", words.len().to_string())
        .env("_CLAP_IFS", "\n")
        .output()
        .unwrap();
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    stdout(&out).lines().map(String::from).collect()
}

/// The completion script `COMPLETE=bash fed` prints, sourced by a real
/// bash, completes `fed queue show <TAB>` with the open tasks' short ids.
#[test]
fn bash_completes_task_ids_from_the_federation() {
    let env = federation_to_complete();
    let bin = crate::common::fed_bin();
    let path = format!(
        "{}:{}",
        bin.parent().unwrap().display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let script = r#"source <(COMPLETE=bash fed) || exit 9
COMP_WORDS=(fed queue show ""); COMP_CWORD=3; COMP_TYPE=9
_clap_complete_fed fed "" show
printf '%s\n' "${COMPREPLY[@]}""#;
    let out = std::process::Command::new("bash")
        .args(["--norc", "-c", script])
        .current_dir(env.root())
        .env_clear()
        .env("PATH", path)
        .env("FED_NOW", &env.now)
        .output()
        .expect("bash runs");
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let offered: Vec<String> = stdout(&out).lines().map(String::from).collect();
    assert!(
        offered.starts_with(&["open01".to_string(), "held01".to_string()]),
        "the open tasks first, pending before in progress: {offered:?}"
    );
    assert!(!offered.contains(&"done01".to_string()), "{offered:?}");
}

#[test]
fn completions_describe_tasks_and_follow_the_state_each_command_needs() {
    let env = federation_to_complete();
    let root = env.root();
    assert_eq!(
        complete(&env, "fish", root, &["queue", "show", "o"]),
        ["open01\tWrite the login page [pending]"]
    );
    assert_eq!(
        complete(&env, "bash", root, &["queue", "complete", "h"]),
        ["held01"]
    );
    assert_eq!(
        complete(&env, "bash", root, &["queue", "retry", "d"]),
        ["done01"]
    );
    // The start of a full id completes full ids.
    assert_eq!(
        complete(&env, "bash", root, &["queue", "claim", "2026"]),
        ["20261121-090000-open01"]
    );
    assert_eq!(
        complete(&env, "bash", root, &["queue", "add", "x", "--to", "k"]),
        ["kimi"]
    );
    assert_eq!(
        complete(&env, "bash", root, &["queue", "list", "--type", "im"]),
        ["implement"]
    );
}

#[test]
fn completions_read_the_federation_the_command_line_names() {
    let env = federation_to_complete();
    let elsewhere = tempfile::tempdir().unwrap();
    let dir = env.dir().display().to_string();
    assert_eq!(
        complete(&env, "bash", elsewhere.path(), &["queue", "show", "o"]),
        Vec::<String>::new(),
        "no federation here"
    );
    assert_eq!(
        complete(
            &env,
            "bash",
            elsewhere.path(),
            &["--dir", &dir, "queue", "show", "o"]
        ),
        ["open01"]
    );
    let out = env
        .clean(
            &env.now,
            &[
                "vote", "create", "Ship it?", "--option", "yes", "--option", "no",
            ],
        )
        .env("FED_AGENT", "claude")
        .output()
        .unwrap();
    let vote = stdout(&out).trim().to_string();
    let offered = complete(&env, "fish", env.root(), &["vote", "cast", &vote[..10]]);
    assert_eq!(offered, [format!("{vote}\tShip it? [active]")]);
}

#[test]
fn without_complete_fed_runs_as_usual() {
    let env = federation_to_complete();
    for value in ["", "0"] {
        let out = env
            .clean(&env.now, &["queue", "list"])
            .env("COMPLETE", value)
            .output()
            .unwrap();
        assert_eq!(code(&out), 0, "{}", stderr(&out));
        assert!(stdout(&out).starts_with("ID "), "{}", stdout(&out));
    }
}
