use super::*;

#[test]
fn versions_parse_from_every_known_spelling() {
    assert_eq!(
        Version::parse("git version 2.47.3\n"),
        Some(Version(2, 47, 3))
    );
    assert_eq!(
        Version::parse("git version 2.39.2 (Apple Git-143)"),
        Some(Version(2, 39, 2))
    );
    assert_eq!(
        Version::parse("git version 2.45.1.windows.1"),
        Some(Version(2, 45, 1))
    );
    assert_eq!(Version::parse("git version 2.30"), Some(Version(2, 30, 0)));
    assert_eq!(Version::parse("hub version 2.14"), None);
    assert!(Version(2, 28, 9) < MIN_VERSION && MIN_VERSION <= Version(2, 29, 0));
}

#[test]
fn failures_are_one_line_naming_the_remote() {
    let git = Git::new(Path::new("/nowhere/.remote/git"), "ssh://host/repo.git");
    let unreachable = git.failure(
        "fetch",
        "fatal: '/x' does not appear to be a git repository\nfatal: Could not read from remote repository.\n\nPlease make sure you have the correct access rights\n",
    );
    assert_eq!(
        unreachable.message,
        "remote ssh://host/repo.git: cannot reach it ('/x' does not appear to be a git repository)"
    );
    let auth = git.failure(
        "push",
        "git@host: Permission denied (publickey).\r\nfatal: Could not read from remote repository.\n",
    );
    assert!(
        auth.message.contains("authentication failed"),
        "{}",
        auth.message
    );
    let other = git.failure("push", "error: something odd\n");
    assert_eq!(
        other.message,
        "remote ssh://host/repo.git: git push failed: something odd"
    );
    assert!(!other.message.contains('\n'));
}

#[test]
fn a_missing_git_program_is_named() {
    let dir = tempfile::tempdir().unwrap();
    let git = Git::new(&dir.path().join("git"), "/srv/fed.git")
        .with_program("fed-test-no-such-git-program");
    let err = git.run(&["version"], b"").unwrap_err();
    assert!(
        err.message
            .starts_with("remote /srv/fed.git: the git program"),
        "{}",
        err.message
    );
    assert!(err.message.contains("not installed"), "{}", err.message);
    assert!(git.init().is_err());
}

#[test]
fn a_run_past_its_time_limit_is_stopped_with_its_children() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let marker = dir.path().join("still-running");
    let fake = dir.path().join("slow-git");
    std::fs::write(
        &fake,
        format!(
            "#!/bin/sh\n(sleep 1; touch {}) &\nsleep 30\n",
            marker.display()
        ),
    )
    .unwrap();
    std::fs::set_permissions(&fake, std::fs::Permissions::from_mode(0o755)).unwrap();
    let git = Git::new(&dir.path().join("git"), "/srv/fed.git")
        .with_program(&fake)
        .with_timeout(Duration::from_millis(300));
    let started = std::time::Instant::now();
    let err = git.run(&["fetch"], b"").unwrap_err();
    assert!(started.elapsed() < Duration::from_secs(5));
    assert!(
        err.message.contains("did not finish within"),
        "{}",
        err.message
    );
    assert!(
        err.message.starts_with("remote /srv/fed.git: "),
        "{}",
        err.message
    );
    std::thread::sleep(Duration::from_millis(1500));
    assert!(!marker.exists(), "a child of the stopped git kept running");
}

#[test]
fn inherited_git_variables_are_scrubbed() {
    let keys = [
        "GIT_DIR",
        "GIT_INDEX_FILE",
        "GIT_WORK_TREE",
        "GIT_CONFIG_PARAMETERS",
        "GIT_CONFIG_KEY_0",
        "GIT_CONFIG_VALUE_0",
        "GIT_SSH_COMMAND",
        "HTTPS_PROXY",
        "HOME",
    ];
    let gone = scrubbed(keys.iter().map(OsString::from));
    let gone: Vec<&str> = gone.iter().map(|k| k.to_str().unwrap()).collect();
    assert_eq!(
        gone,
        [
            "GIT_DIR",
            "GIT_INDEX_FILE",
            "GIT_WORK_TREE",
            "GIT_CONFIG_PARAMETERS",
            "GIT_CONFIG_KEY_0",
            "GIT_CONFIG_VALUE_0"
        ]
    );
}

#[test]
fn the_replica_is_a_bare_repository_of_its_own() {
    let dir = tempfile::tempdir().unwrap();
    let git = Git::new(&dir.path().join("replica"), "/srv/fed.git");
    git.init().unwrap();
    git.init().unwrap();
    let out = git
        .run(
            &["rev-parse", "--is-bare-repository", "--absolute-git-dir"],
            b"",
        )
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.starts_with("true\n"), "{text}");
    assert!(text.trim_end().ends_with("replica"), "{text}");
    let url = git.run_ok(&["config", "remote.fed.url"], b"").unwrap();
    assert_eq!(url, b"/srv/fed.git\n");
}

#[test]
fn blob_ids_are_the_ones_git_gives() {
    // `git hash-object --stdin` of nothing, and of "hello\n".
    assert_eq!(
        blob_id(b"").as_str(),
        "e69de29bb2d1d6434b8b29ae775ad8c2e48c5391"
    );
    assert_eq!(
        blob_id(b"hello\n").as_str(),
        "ce013625030ba8dba906f756967f9e9ca394464a"
    );
}
