//! Every command's `--help`, as a person reads it in an 80-column
//! terminal: each leaf command shows an example, and no example is wider
//! than 80 columns or wrapped (a wrapped example, split inside a quoted
//! string, cannot be pasted). And the binary's start: how it is linked.

use crate::common::{Env, code, stderr, stdout};

/// Every command's words (`["queue", "claim"]`), from the manual pages
/// `fed man --output` writes, one per command.
fn commands(env: &Env) -> Vec<Vec<String>> {
    let dir = env.root().join("man");
    let dir_arg = dir.display().to_string();
    let out = env.fed(&["man", "--output", &dir_arg]).output().unwrap();
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let mut commands: Vec<Vec<String>> = std::fs::read_dir(&dir)
        .unwrap()
        .flatten()
        .map(|e| {
            let name = e.file_name().to_string_lossy().into_owned();
            let name = name.strip_suffix(".1").unwrap().to_string();
            name.split('-').skip(1).map(String::from).collect()
        })
        .collect();
    commands.sort();
    commands
}

/// The lines of the examples section (from `Example:` or `Examples:` to
/// the next blank line).
fn examples(help: &str) -> Vec<String> {
    help.lines()
        .skip_while(|l| !l.starts_with("Example"))
        .skip(1)
        .take_while(|l| !l.trim().is_empty())
        .map(String::from)
        .collect()
}

#[test]
fn every_command_shows_examples_that_fit_80_columns() {
    let env = Env::empty();
    let commands = commands(&env);
    assert!(commands.len() > 40, "{commands:?}");
    for words in commands {
        let mut args: Vec<&str> = words.iter().map(String::as_str).collect();
        args.push("--help");
        let help = |columns: &str| {
            let out = env.fed(&args).env("COLUMNS", columns).output().unwrap();
            assert_eq!(code(&out), 0, "{args:?}: {}", stderr(&out));
            stdout(&out)
        };
        let (narrow, wide) = (help("80"), help("200"));
        let shown = examples(&narrow);
        let group = narrow.contains("\nCommands:\n");
        assert!(
            group || !shown.is_empty(),
            "fed {} --help has no example:\n{narrow}",
            words.join(" ")
        );
        for line in &shown {
            assert!(
                line.chars().count() <= 80,
                "fed {} --help: an example wider than 80 columns: {line:?}",
                words.join(" ")
            );
            assert!(line.starts_with("  "), "not an example line: {line:?}");
        }
        assert_eq!(
            shown,
            examples(&wide),
            "fed {} --help: the examples wrap at 80 columns",
            words.join(" ")
        );
    }
}

/// Every command starts as a whole process, so the binary is linked at a
/// fixed address on Linux (build.rs): no relocations for the loader to
/// apply at each start. `FED_PIE=1` at build time asks for the default.
#[cfg(target_os = "linux")]
#[test]
fn the_binary_is_position_dependent_unless_asked() {
    let head = std::fs::read(crate::common::fed_bin()).unwrap();
    assert_eq!(&head[..4], b"\x7fELF");
    // e_type: 2 is an executable at a fixed address, 3 a shared object
    // (what a position-independent executable is).
    let kind = u16::from_le_bytes([head[16], head[17]]);
    let pie = option_env!("FED_PIE").is_some_and(|v| !v.is_empty() && v != "0");
    assert_eq!(kind, if pie { 3 } else { 2 });
}

/// Every list of commands describes each one: `fed --help`, a group's
/// `--help`, `fed help GROUP`, and the help a group prints without its
/// command. (Parsing builds only the command run; the lists are made from
/// the whole tree.)
#[test]
fn every_list_of_commands_describes_each_command() {
    let env = Env::new();
    let asks: [&[&str]; 9] = [
        &["--help"],
        &["queue", "--help"],
        &["vote", "--help"],
        &["plan", "--help"],
        &["remote", "--help"],
        &["agent", "-h"],
        &["help", "queue"],
        &["help", "remote"],
        &["queue"],
    ];
    for args in asks {
        let out = env.run(None, args);
        let text = format!("{}{}", stdout(&out), stderr(&out));
        let list = text
            .split("Commands:\n")
            .nth(1)
            .unwrap_or_else(|| panic!("{args:?}: no list of commands\n{text}"));
        let mut listed = 0;
        for line in list.lines().take_while(|l| !l.trim().is_empty()) {
            if line.starts_with("    ") {
                continue; // a description wrapped onto the next line
            }
            listed += 1;
            assert!(
                line.split_whitespace().count() >= 2,
                "{args:?}: {line:?} is not described\n{text}"
            );
        }
        assert!(listed >= 2, "{args:?}\n{text}");
    }
}

/// `fed --version` (`-V`) prints the name and version alone and succeeds,
/// as scripts expect; it is answered without building the command tree.
#[test]
fn the_version_is_one_line() {
    let env = Env::new();
    for flag in ["--version", "-V"] {
        let out = env.run(None, &[flag]);
        assert_eq!(code(&out), 0, "{flag}: {}", stderr(&out));
        assert_eq!(
            stdout(&out),
            format!("fed {}\n", env!("CARGO_PKG_VERSION")),
            "{flag}"
        );
    }
}
