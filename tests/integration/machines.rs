//! Several machines through the real binary: `fed remote set`, `fed
//! clone`, `fed sync`, the commit hook of every changing command, the redo
//! loop, offline adds, an unreachable remote, malformed arrivals, leases
//! across clocks. The hub is a real bare repository; each machine is its
//! own directory with its own replica. (The building blocks underneath are
//! tested in `remote.rs`; the storms in `machines_storm.rs`.)

use crate::common::machines::{
    Hub, age_last_sync, clone_machine, documents, first_machine, freshen_last_sync, hub_archived,
    hub_live, hub_status, machines, ok, run, status_of,
};
use crate::common::{Env, code, stderr, stdout};

#[test]
fn remote_set_clone_and_sync_share_one_federation() {
    let hub = Hub::new();
    let a = Env::new();
    let open = ok(&a, None, &["queue", "add", "Write the parser"]);
    let finished = ok(&a, None, &["queue", "add", "Old work"]);
    ok(&a, Some("kimi"), &["queue", "claim", &finished]);
    ok(&a, Some("kimi"), &["queue", "complete", &finished]);
    let set = ok(&a, None, &["--json", "remote", "set", &hub.url()]);
    let set: serde_json::Value = serde_json::from_str(&set).unwrap();
    assert_eq!(set["connected"], "created");
    assert_eq!(
        (set["published"].as_u64(), set["archived"].as_u64()),
        (Some(2), Some(2))
    );
    // Both went straight into the archive on the branch: no live ref yet
    // (the open task gets one when it is first changed, below).
    let refs = hub.refs();
    for id in [&open, &finished] {
        assert!(!refs.contains_key(&format!("refs/fed/fed/tasks/{id}")));
        let path = fed::remote::layout::archive_path(fed::remote::layout::DocKind::Task, id);
        assert!(
            hub.show(&format!("refs/heads/fed:{path}")).is_some(),
            "{path}"
        );
    }
    assert!(refs.contains_key("refs/heads/fed"));
    let ignore = std::fs::read_to_string(a.path(".gitignore")).unwrap();
    assert!(ignore.lines().any(|l| l == ".remote/"), "{ignore}");

    let b = clone_machine(&hub);
    assert_eq!(documents(&a), documents(&b), "a clone holds the same tasks");
    let show: serde_json::Value =
        serde_json::from_str(&ok(&b, None, &["--json", "remote", "show"])).unwrap();
    assert_eq!(show["url"], hub.url());
    assert_eq!(show["branch"], "fed");
    let status: serde_json::Value =
        serde_json::from_str(&ok(&b, None, &["--json", "status"])).unwrap();
    assert_eq!(status["remote"]["url"], hub.url());
    assert_eq!(status["remote"]["outbox"], 0);
    let text = ok(&b, None, &["status"]);
    assert!(
        text.contains(&format!("Remote: {} (branch fed), synced", hub.url())),
        "{text}"
    );

    // B claims; A's reading commands show its last sync until it syncs.
    assert_eq!(ok(&b, Some("bob"), &["queue", "claim"]), open);
    assert_eq!(
        hub_status(&hub, &open).as_deref(),
        Some("in-progress"),
        "the first change of an archived task makes its live ref"
    );
    assert_eq!(status_of(&a, &open).as_deref(), Some("pending"));
    let shown = ok(&a, None, &["--json", "queue", "show", &open]);
    assert!(
        shown.contains("\"pending\""),
        "reading needs no sync: {shown}"
    );
    ok(&a, None, &["sync"]);
    assert_eq!(status_of(&a, &open).as_deref(), Some("in-progress"));
    assert_eq!(documents(&a), documents(&b));

    // A claim of the task by name on A: already claimed (exit 5), and the
    // remote is left as it was.
    let before = hub.refs();
    let out = run(&a, Some("kimi"), &["queue", "claim", &open]);
    assert_eq!(code(&out), 5, "{}", stderr(&out));
    assert_eq!(hub.refs(), before);

    // Removing the remote leaves a complete local federation.
    ok(&b, None, &["remote", "remove"]);
    assert!(!b.path(".remote").exists());
    hub.vanish();
    ok(&b, Some("bob"), &["queue", "complete", &open]);
    assert_eq!(status_of(&b, &open).as_deref(), Some("done"));
    let out = run(&b, None, &["remote", "show"]);
    assert!(stdout(&out).contains("No remote"), "{}", stdout(&out));
}

#[test]
fn the_users_repository_is_left_alone() {
    let hub = Hub::new();
    let env = Env::empty();
    let repo = env.root();
    let git_in = |args: &[&str]| {
        let out = std::process::Command::new("git")
            .current_dir(repo)
            .args([
                "-c",
                "user.name=u",
                "-c",
                "user.email=u@x",
                "-c",
                "commit.gpgSign=false",
            ])
            .args(args)
            .output()
            .unwrap();
        assert!(out.status.success(), "git {args:?}: {}", stderr(&out));
        stdout(&out)
    };
    git_in(&["init", "--quiet", "-b", "main"]);
    std::fs::write(repo.join("app.txt"), "v1\n").unwrap();
    git_in(&["add", "app.txt"]);
    git_in(&["commit", "--quiet", "-m", "first"]);
    git_in(&["branch", "feature"]);
    std::fs::write(repo.join("app.txt"), "stashed\n").unwrap();
    git_in(&["stash", "--quiet"]);
    std::fs::write(repo.join("app.txt"), "staged\n").unwrap();
    git_in(&["add", "app.txt"]);
    std::fs::write(repo.join("app.txt"), "working\n").unwrap();
    let look = || {
        (
            git_in(&["for-each-ref", "--format=%(refname) %(objectname)"]),
            git_in(&["stash", "list"]),
            git_in(&["rev-parse", "HEAD"]),
            std::fs::read(repo.join(".git/index")).unwrap(),
            std::fs::read(repo.join("app.txt")).unwrap(),
            git_in(&["config", "--list", "--local"]),
        )
    };
    let before = look();
    ok(&env, None, &["init"]);
    ok(&env, None, &["remote", "set", &hub.url()]);
    let id = ok(&env, None, &["queue", "add", "Touch nothing of theirs"]);
    ok(&env, Some("kimi"), &["queue", "claim", &id]);
    ok(&env, Some("kimi"), &["queue", "complete", &id]);
    // A fold takes refs unmoved for ten minutes plus the skew (1 minute):
    // run it twelve later.
    let fold = env
        .clean("2026-11-21T09:12:00Z", &["sync", "--fold"])
        .output()
        .unwrap();
    assert_eq!(code(&fold), 0, "{}", stderr(&fold));
    assert_eq!(look(), before, "the user's repository changed");
    // The federation's replica is ignored by the user's repository.
    let status = git_in(&["status", "--porcelain", "--untracked-files=all"]);
    assert!(!status.contains(".remote/"), "{status}");
    assert!(hub_live(&hub, &id).is_none(), "folded into the archive");
}

#[test]
fn archived_tasks_are_claimed_once_and_only_refs_idle_ten_minutes_fold() {
    let hub = Hub::new();
    let a = Env::new();
    let ids: Vec<String> = (0..4)
        .map(|n| ok(&a, None, &["queue", "add", &format!("Task {n}")]))
        .collect();
    ok(&a, None, &["remote", "set", &hub.url()]);
    let m = [clone_machine(&hub), clone_machine(&hub)];
    let task_refs = || {
        hub.refs()
            .into_keys()
            .filter(|r| r.starts_with("refs/fed/fed/tasks/"))
            .collect::<Vec<_>>()
    };
    assert_eq!(
        task_refs(),
        Vec::<String>::new(),
        "published into the archive"
    );

    // Two machines claim the same archived task at once: both push its new
    // ref with "must not exist"; exactly one wins, the other exits 5.
    let mut winners = Vec::new();
    for id in &ids[..2] {
        let outs = crate::common::process::together(2, |w| {
            run(&m[w], Some(["bob", "cid"][w]), &["queue", "claim", id])
        });
        winners.push(one_winner(&outs, id));
        assert_eq!(hub_status(&hub, id).as_deref(), Some("in-progress"));
    }
    assert_eq!(task_refs().len(), 2, "only what was worked on has a ref");

    let fold_at = |now: &str| {
        let out = a
            .clean(now, &["--json", "sync", "--fold"])
            .output()
            .unwrap();
        assert_eq!(code(&out), 0, "{}", stderr(&out));
        serde_json::from_str::<serde_json::Value>(&stdout(&out)).unwrap()["folded"].clone()
    };
    // A fold leaves refs that moved within ten minutes plus the clocks'
    // skew (`leases.skew`, 1 minute)...
    assert_eq!(fold_at("2026-11-21T09:10:30Z"), 0);
    assert_eq!(task_refs().len(), 2);
    // A lock left on the branch stops the fold, and the sync says so.
    let lock = hub.path().join("refs/heads/fed.lock");
    std::fs::write(&lock, "").unwrap();
    let out = a
        .clean("2026-11-21T09:12:00Z", &["--json", "sync", "--fold"])
        .output()
        .unwrap();
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let synced: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(synced["folded"], 0, "{synced}");
    assert_eq!(synced["problems"][0]["kind"], "remote-locked", "{synced}");
    assert_eq!(task_refs().len(), 2);
    std::fs::remove_file(&lock).unwrap();
    // ...and folds them once they have not moved for that long, claimed
    // or not.
    assert_eq!(fold_at("2026-11-21T09:12:00Z"), 2);
    assert_eq!(task_refs(), Vec::<String>::new());

    // The claimer completes its folded task: a first change again.
    let (id, winner) = (&ids[0], &m[winners[0]]);
    ok(
        winner,
        Some(["bob", "cid"][winners[0]]),
        &["queue", "complete", id],
    );
    assert_eq!(hub_status(&hub, id).as_deref(), Some("done"));
    let loser = &m[1 - winners[0]];
    let out = run(loser, Some("eve"), &["queue", "claim", id]);
    assert_eq!(code(&out), 5, "{}", stderr(&out));
    for env in [&a, &m[0], &m[1]] {
        ok(env, None, &["sync"]);
    }
    assert_eq!(documents(&a), documents(&m[0]));
    assert_eq!(documents(&a), documents(&m[1]));
    assert_eq!(status_of(&a, id).as_deref(), Some("done"));
}

#[test]
fn complete_on_one_machine_racing_cancel_on_another_has_exactly_one_winner() {
    let hub = Hub::new();
    let m = machines(&hub, 2);
    for round in 0..4 {
        let id = ok(&m[0], None, &["queue", "add", &format!("round {round}")]);
        ok(&m[0], Some("kimi"), &["queue", "claim", &id]);
        ok(&m[1], None, &["sync"]);
        let outs = crate::common::process::together(2, |w| {
            if w == 0 {
                run(
                    &m[0],
                    Some("kimi"),
                    &["queue", "complete", &id, "--summary", "done"],
                )
            } else {
                run(
                    &m[1],
                    None,
                    &["queue", "cancel", &id, "--reason", "not needed"],
                )
            }
        });
        let first = one_winner(&outs, &format!("round {round}"));
        let winner = ["done", "cancelled"][first];
        assert_eq!(
            hub_status(&hub, &id).as_deref(),
            Some(winner),
            "round {round}"
        );
        for env in &m {
            ok(env, None, &["sync"]);
            assert_eq!(
                status_of(env, &id).as_deref(),
                Some(winner),
                "round {round}"
            );
        }
        let loser = &outs[1 - first];
        assert!(!stderr(loser).contains('\n') || stderr(loser).lines().count() == 1);
    }
    assert_eq!(documents(&m[0]), documents(&m[1]));
    for env in &m {
        ok(env, None, &["check"]);
    }
}

#[test]
fn bad_remote_input_is_a_one_line_error_and_changes_nothing() {
    let hub = Hub::new();
    let env = Env::new();
    let before = env.snapshot_files();
    let nowhere = format!("file://{}/nowhere.git", env.root().display());
    for args in [
        vec!["remote", "set", ""],
        vec!["remote", "set", "--", "-x"],
        vec!["remote", "set", &nowhere],
        vec!["remote", "set", &hub.url(), "--branch", "a/b"],
        vec!["remote", "set", &hub.url(), "--branch", ".."],
        vec!["remote", "remove"],
        vec!["sync"],
    ] {
        let out = run(&env, None, &args);
        assert_eq!(code(&out), 1, "{args:?}: {}", stderr(&out));
        assert_eq!(
            stderr(&out).lines().count(),
            1,
            "{args:?}: {}",
            stderr(&out)
        );
        assert_eq!(env.snapshot_files(), before, "{args:?} changed something");
    }
    let out = run(&env, None, &["remote", "set", &nowhere]);
    assert!(
        stderr(&out).contains(&nowhere),
        "names the remote: {}",
        stderr(&out)
    );
    assert!(stderr(&out).contains("cannot reach it"), "{}", stderr(&out));

    // Without git on PATH: one line naming the remote and the minimum git.
    let mut cmd = env.clean(&env.now, &["remote", "set", &hub.url()]);
    cmd.env("PATH", "/nonexistent");
    let out = cmd.output().unwrap();
    assert_eq!(code(&out), 1);
    assert!(stderr(&out).contains("not installed"), "{}", stderr(&out));
    assert!(stderr(&out).contains("2.29"), "{}", stderr(&out));
    assert_eq!(env.snapshot_files(), before);

    // Cloning an empty repository, or into a federation, is refused, and
    // leaves nothing behind.
    let empty = Env::empty();
    let out = run(&empty, None, &["clone", &hub.url()]);
    assert_eq!(code(&out), 1, "{}", stderr(&out));
    assert!(stderr(&out).contains("no federation"), "{}", stderr(&out));
    assert!(
        !empty.dir().exists(),
        "a failed clone left {}",
        empty.dir().display()
    );
    first_machine(&hub);
    let out = run(&env, None, &["clone", &hub.url()]);
    assert_eq!(code(&out), 1);
    assert!(
        stderr(&out).contains("already holds a federation"),
        "{}",
        stderr(&out)
    );
    // A second federation cannot take over the branch without --join.
    let out = run(&env, None, &["remote", "set", &hub.url()]);
    assert_eq!(code(&out), 1, "{}", stderr(&out));
    assert!(stderr(&out).contains("--join"), "{}", stderr(&out));
    assert_eq!(env.snapshot_files(), before);
}

#[test]
fn joining_a_federation_brings_its_tasks_and_publishes_only_local_ones() {
    let hub = Hub::new();
    let a = first_machine(&hub);
    let theirs = ok(&a, None, &["queue", "add", "From the team"]);
    let b = Env::new();
    let mine = ok(&b, None, &["queue", "add", "Only here"]);
    ok(&b, None, &["remote", "set", &hub.url(), "--join"]);
    assert_eq!(status_of(&b, &theirs).as_deref(), Some("pending"));
    ok(&a, None, &["sync"]);
    assert_eq!(status_of(&a, &mine).as_deref(), Some("pending"));
    assert_eq!(documents(&a), documents(&b));
    // The joined directory follows the federation's config.
    assert_eq!(
        std::fs::read(a.path("config.yaml")).unwrap(),
        std::fs::read(b.path("config.yaml")).unwrap()
    );
}

#[test]
fn pause_and_votes_travel_through_the_remote() {
    let hub = Hub::new();
    let m = machines(&hub, 2);
    ok(&m[0], None, &["queue", "add", "Anything"]);
    ok(&m[0], Some("boss"), &["pause", "--reason", "release"]);
    let out = run(&m[1], Some("kimi"), &["queue", "claim"]);
    assert_eq!(code(&out), 4, "paused elsewhere: {}", stderr(&out));
    ok(&m[1], Some("boss"), &["resume"]);
    ok(&m[0], Some("kimi"), &["queue", "claim"]);

    let vote = ok(
        &m[0],
        None,
        &[
            "vote",
            "create",
            "Which db?",
            "--option",
            "pg",
            "--option",
            "sqlite",
        ],
    );
    ok(
        &m[1],
        Some("ann"),
        &[
            "vote",
            "cast",
            &vote,
            "--choice",
            "pg",
            "--confidence",
            "0.9",
        ],
    );
    ok(
        &m[0],
        Some("bob"),
        &[
            "vote",
            "cast",
            &vote,
            "--choice",
            "pg",
            "--confidence",
            "0.8",
        ],
    );
    ok(&m[1], None, &["vote", "resolve", &vote]);
    ok(&m[0], None, &["sync"]);
    let shown = ok(&m[0], None, &["--json", "vote", "show", &vote]);
    let shown: serde_json::Value = serde_json::from_str(&shown).unwrap();
    assert_eq!(shown["status"], "decided", "{shown}");
    assert_eq!(
        shown["votes"].as_object().unwrap().len(),
        2,
        "no ballot lost: {shown}"
    );
    assert_eq!(documents(&m[0]), documents(&m[1]));
}

#[test]
fn a_dir_given_as_a_relative_path_works_from_anywhere() {
    let hub = Hub::new();
    let a = first_machine(&hub);
    ok(&a, None, &["queue", "add", "x"]);
    let b = Env::empty();
    let out = b
        .fed(&["--dir", "fed-dir", "clone", &hub.url()])
        .output()
        .unwrap();
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert!(b.root().join("fed-dir/queue/pending").is_dir());
    let out = b.fed(&["--dir", "fed-dir", "sync"]).output().unwrap();
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let pending = std::fs::read_dir(b.root().join("fed-dir/queue/pending")).unwrap();
    assert_eq!(
        pending
            .filter(|e| !e
                .as_ref()
                .unwrap()
                .file_name()
                .to_string_lossy()
                .starts_with('.'))
            .count(),
        1
    );
    // DIR and --dir both given: DIR is the one created (the global option
    // is the default, not a second DIR).
    let out = b
        .fed(&["clone", &hub.url(), "named", "--dir", "fed-dir"])
        .output()
        .unwrap();
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert!(b.root().join("named/queue/pending").is_dir());
}

#[test]
fn a_command_counts_a_sync_that_just_finished_and_checks_a_failure_against_the_remote() {
    let hub = Hub::new();
    let m = machines(&hub, 2);
    let (a, b) = (&m[0], &m[1]);
    ok(b, None, &["sync"]);
    let task = ok(a, None, &["queue", "add", "Only on the remote so far"]);
    // B's last sync counts as its own: B has not seen the task, finds
    // nothing to claim, and does not answer so before it synced.
    freshen_last_sync(b);
    let claimed = ok(b, Some("bob"), &["queue", "claim"]);
    assert_eq!(claimed, task);
    assert_eq!(
        status_of(a, &task).as_deref(),
        Some("pending"),
        "A has not synced"
    );
    ok(a, None, &["sync"]);
    assert_eq!(status_of(a, &task).as_deref(), Some("in-progress"));
    // The same for a task named by id that B has not seen.
    let named = ok(a, None, &["queue", "add", "Named"]);
    freshen_last_sync(b);
    ok(b, Some("bob"), &["queue", "claim", &named]);
    // Nothing to push and a fresh sync: no network at all.
    hub.vanish();
    freshen_last_sync(b);
    let out = run(b, None, &["queue", "reap"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    // An older one: the command syncs first, and says the remote is gone.
    age_last_sync(b);
    let out = run(b, None, &["queue", "reap"]);
    assert_eq!(code(&out), 1, "{}", stderr(&out));
    assert!(stderr(&out).contains("cannot reach it"), "{}", stderr(&out));
    hub.come_back();
}

#[test]
fn adds_made_offline_wait_in_the_outbox_and_the_next_sync_publishes_them() {
    let hub = Hub::new();
    let m = machines(&hub, 2);
    let (a, b) = (&m[0], &m[1]);
    let online = ok(a, None, &["queue", "add", "Before the outage"]);
    ok(b, Some("bob"), &["queue", "claim", &online]);
    hub.vanish();

    // Adds (and vote creates) wait; everything else fails, naming the
    // remote, and changes nothing.
    let out = run(a, None, &["queue", "add", "Written on the train"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let offline = stdout(&out).trim().to_string();
    assert!(stderr(&out).contains("cannot reach it"), "{}", stderr(&out));
    assert!(stderr(&out).contains("next `fed sync`"), "{}", stderr(&out));
    assert_eq!(status_of(a, &offline).as_deref(), Some("pending"));
    let vote = ok(
        a,
        None,
        &[
            "vote", "create", "Lunch?", "--option", "yes", "--option", "no",
        ],
    );
    let before = a.snapshot_files();
    for (agent, args) in [
        (Some("kimi"), vec!["queue", "claim"]),
        (Some("kimi"), vec!["queue", "claim", &offline]),
        (None, vec!["queue", "cancel", &offline]),
        (
            Some("kimi"),
            vec![
                "vote",
                "cast",
                &vote,
                "--choice",
                "yes",
                "--confidence",
                "1",
            ],
        ),
        (Some("boss"), vec!["pause"]),
        (None, vec!["queue", "reap"]),
        (None, vec!["sync"]),
    ] {
        // Each syncs for itself (not on the last command's sync).
        age_last_sync(a);
        let out = run(a, agent, &args);
        assert_eq!(code(&out), 1, "{args:?} offline: {}", stderr(&out));
        let err = stderr(&out);
        assert_eq!(err.lines().count(), 1, "{args:?}: {err}");
        assert!(
            err.contains(&hub.url()) && err.contains("cannot reach it"),
            "{args:?}: {err}"
        );
        assert_eq!(
            a.snapshot_files(),
            before,
            "{args:?} changed something offline"
        );
    }
    // B completes (offline too: it fails, and changes nothing).
    let out = run(b, Some("bob"), &["queue", "complete", &online]);
    assert_eq!(code(&out), 1, "{}", stderr(&out));
    let show: serde_json::Value =
        serde_json::from_str(&ok(a, None, &["--json", "remote", "show"])).unwrap();
    assert_eq!(show["outbox"], 2);
    assert!(ok(a, None, &["status"]).contains("2 added offline waiting"));

    // Reading works offline.
    ok(a, None, &["queue", "list"]);
    ok(a, None, &["check"]);

    hub.come_back();
    ok(b, Some("bob"), &["queue", "complete", &online]);
    let more = ok(a, None, &["queue", "add", "Back online"]);
    assert!(hub_status(&hub, &more).is_some());
    // The add's own sync published what waited, into the archive.
    assert_eq!(hub_archived(&hub, &offline).as_deref(), Some("pending"));
    let path = fed::remote::layout::archive_path(fed::remote::layout::DocKind::Vote, &vote);
    assert!(hub.show(&format!("refs/heads/fed:{path}")).is_some());
    let show: serde_json::Value =
        serde_json::from_str(&ok(a, None, &["--json", "remote", "show"])).unwrap();
    assert_eq!(show["outbox"], 0);
    ok(b, None, &["sync"]);
    ok(a, None, &["sync"]);
    assert_eq!(status_of(b, &offline).as_deref(), Some("pending"));
    assert_eq!(status_of(a, &online).as_deref(), Some("done"));
    assert_eq!(documents(a), documents(b));
    // It can be claimed from the other machine now.
    ok(b, Some("bob"), &["queue", "claim", &offline]);
    assert_eq!(hub_status(&hub, &offline).as_deref(), Some("in-progress"));
}

#[test]
fn a_machine_offline_for_a_while_catches_up() {
    let hub = Hub::new();
    let m = machines(&hub, 2);
    let (a, b) = (&m[0], &m[1]);
    let ids: Vec<String> = (0..4)
        .map(|n| ok(a, None, &["queue", "add", &format!("shared {n}")]))
        .collect();
    ok(b, None, &["sync"]);
    // B is cut off (its remote points nowhere) while A keeps working.
    cut_off(b, &hub, true);
    let mut queued = Vec::new();
    for n in 0..3 {
        let out = run(b, None, &["queue", "add", &format!("offline {n}")]);
        assert_eq!(code(&out), 0, "{}", stderr(&out));
        queued.push(stdout(&out).trim().to_string());
    }
    for id in &ids[..3] {
        ok(a, Some("kimi"), &["queue", "claim", id]);
        ok(a, Some("kimi"), &["queue", "complete", id]);
    }
    ok(a, None, &["queue", "cancel", &ids[3]]);
    // Back: one sync brings B level and publishes its adds, straight into
    // the archive (one commit; each gets a live ref when first changed).
    cut_off(b, &hub, false);
    let synced: serde_json::Value =
        serde_json::from_str(&ok(b, None, &["--json", "sync"])).unwrap();
    assert_eq!(synced["published"], 3, "{synced}");
    assert!(synced["updated"].as_u64().unwrap() >= 4, "{synced}");
    for id in &queued {
        assert_eq!(hub_live(&hub, id), None, "{id}");
        assert_eq!(hub_archived(&hub, id).as_deref(), Some("pending"), "{id}");
    }
    ok(a, None, &["sync"]);
    assert_eq!(documents(a), documents(b));
    ok(a, None, &["check"]);
    ok(b, None, &["check"]);
}

#[test]
fn the_remote_vanishing_mid_command_leaves_nothing_half_done() {
    let hub = Hub::new();
    let m = machines(&hub, 2);
    let (a, b) = (&m[0], &m[1]);
    let id = ok(a, None, &["queue", "add", "Fragile"]);
    ok(b, None, &["sync"]);
    // The remote goes away between the sync and the push of the claim.
    let mut cmd = crate::common::process::process(a, Some("kimi"), &["queue", "claim", &id]);
    cmd.env("FAILPOINTS", "remote::before-run=sleep(1500)");
    let child = cmd.spawn().unwrap();
    std::thread::sleep(std::time::Duration::from_millis(700));
    hub.vanish();
    let out = crate::common::process::wait_bounded(child, crate::common::machines::LIMIT, "claim");
    hub.come_back();
    if cfg!(feature = "failpoints") {
        assert_eq!(code(&out), 1, "{}", stderr(&out));
        assert!(stderr(&out).contains("cannot reach it"), "{}", stderr(&out));
        assert_eq!(status_of(a, &id).as_deref(), Some("pending"));
        assert!(a.names("in-progress").is_empty());
        assert!(
            std::fs::read_dir(a.path(".txn"))
                .unwrap()
                .all(|e| { e.unwrap().file_name().to_string_lossy().ends_with(".lock") })
        );
    }
    assert_eq!(
        hub_status(&hub, &id).as_deref(),
        Some(if code(&out) == 0 {
            "in-progress"
        } else {
            "pending"
        })
    );
    // Everything proceeds once it is back.
    ok(b, Some("bob"), &["queue", "claim", &id]);
    ok(b, Some("bob"), &["queue", "complete", &id]);
    ok(a, None, &["sync"]);
    assert_eq!(documents(a), documents(b));
    ok(a, None, &["check"]);
}

#[test]
fn a_lock_on_the_remote_is_waited_out_or_named_and_nothing_changes() {
    let hub = Hub::new();
    let m = machines(&hub, 2);
    let (a, b) = (&m[0], &m[1]);
    let id = ok(a, None, &["queue", "add", "Locked out"]);
    ok(b, None, &["sync"]);
    let lock = hub.path().join(format!("refs/fed/fed/tasks/{id}.lock"));
    // A git process that died on the remote holding the task's ref (about
    // to create it: the task is in the archive): every try finds the lock,
    // and the command ends naming it.
    std::fs::create_dir_all(lock.parent().unwrap()).unwrap();
    std::fs::write(&lock, "").unwrap();
    let out = run(a, Some("kimi"), &["--json", "queue", "claim", &id]);
    assert_eq!(code(&out), 1, "{}", stderr(&out));
    let err = stderr(&out);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(
        err.contains(&format!("task {id} is locked there ("))
            && err.contains(&format!("/refs/fed/fed/tasks/{id}.lock exists"))
            && err.contains("stayed locked through 8 tries, so nothing was changed")
            && err.contains("remove that file there"),
        "{err}"
    );
    let json: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(json["error"]["kind"], "remote-locked", "{json}");
    assert_eq!(status_of(a, &id).as_deref(), Some("pending"));
    assert_eq!(hub_status(&hub, &id).as_deref(), Some("pending"));
    // A lock let go while the command retries (a push landing there) is
    // waited out like any lost race.
    let child = crate::common::process::process(b, Some("bob"), &["queue", "claim", &id])
        .spawn()
        .unwrap();
    std::thread::sleep(std::time::Duration::from_millis(300));
    std::fs::remove_file(&lock).unwrap();
    let out = crate::common::process::wait_bounded(child, crate::common::machines::LIMIT, "claim");
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert_eq!(hub_status(&hub, &id).as_deref(), Some("in-progress"));
    ok(a, None, &["sync"]);
    assert_eq!(status_of(a, &id).as_deref(), Some("in-progress"));
    ok(a, None, &["check"]);
}

/// A lock file a git process left in this machine's replica: one made
/// since the machine booted could be a live git's, and the sync stops
/// naming it (nothing changed); one made before the boot (a power cut
/// stopped its git) is removed, and the sync goes on.
#[test]
fn a_lock_left_in_the_replica_is_named_or_if_older_than_the_boot_removed() {
    let hub = Hub::new();
    let m = machines(&hub, 2);
    let (a, b) = (&m[0], &m[1]);
    let id = ok(a, None, &["queue", "add", "Locked here"]);
    ok(b, Some("bob"), &["queue", "claim", &id]);
    let lock = a.path(&format!(".remote/git/refs/mirror/fed/fed/tasks/{id}.lock"));
    std::fs::create_dir_all(lock.parent().unwrap()).unwrap();
    std::fs::write(&lock, "").unwrap();
    // A minute old: not a clash with a git running now, so the sync does
    // not wait for it to go.
    let date = |at: std::time::SystemTime| {
        let file = std::fs::File::options().write(true).open(&lock).unwrap();
        file.set_modified(at).unwrap();
    };
    date(std::time::SystemTime::now() - std::time::Duration::from_secs(60));
    let out = run(a, None, &["sync"]);
    assert_eq!(code(&out), 1, "{}", stdout(&out));
    let err = stderr(&out);
    assert_eq!(err.trim().lines().count(), 1, "{err}");
    assert!(
        err.contains(&format!("{id}.lock': File exists"))
            && err.contains("if no fed is running on this machine, remove that file"),
        "{err}"
    );
    assert_eq!(status_of(a, &id).as_deref(), Some("pending"));
    assert!(lock.exists());
    // Dated before the boot: no process can hold it.
    let boot = std::fs::read_to_string("/proc/stat")
        .unwrap()
        .lines()
        .find_map(|l| {
            l.strip_prefix("btime ")
                .map(|s| s.trim().parse::<u64>().unwrap())
        })
        .unwrap();
    date(std::time::UNIX_EPOCH + std::time::Duration::from_secs(boot - 60));
    ok(a, None, &["sync"]);
    assert!(!lock.exists());
    assert_eq!(status_of(a, &id).as_deref(), Some("in-progress"));
    ok(a, None, &["check"]);
}

#[test]
fn a_malformed_arrival_is_set_aside_reported_by_check_and_never_written() {
    let hub = Hub::new();
    let m = machines(&hub, 2);
    let (a, b) = (&m[0], &m[1]);
    let id = ok(a, None, &["queue", "add", "Will be mangled"]);
    ok(b, None, &["sync"]);
    // Someone pushes a botched merge of the task to the remote.
    let replica = fed::remote::Replica::open(&a.dir()).unwrap().unwrap();
    let good = std::fs::read_to_string(a.path(&format!("queue/pending/{id}.json"))).unwrap();
    let merged = format!("<<<<<<< ours\n{good}=======\n{good}>>>>>>> theirs\n");
    let now = crate::common::NOW.parse().unwrap();
    let cas = replica
        .cas(
            fed::remote::DocKind::Task,
            &id,
            Some(merged.as_bytes()),
            now,
        )
        .unwrap();
    let fed::remote::replica::Cas::Landed(landed) = cas else {
        panic!("the remote moved")
    };
    drop(landed);

    let out = run(b, None, &["sync"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert!(stderr(&out).contains("remote-invalid"), "{}", stderr(&out));
    assert!(stderr(&out).contains("conflict marker"), "{}", stderr(&out));
    // Never written into the queue: B keeps the last good version.
    assert_eq!(
        std::fs::read_to_string(b.path(&format!("queue/pending/{id}.json"))).unwrap(),
        good
    );
    for doc in documents(b).values() {
        assert!(!String::from_utf8_lossy(doc).contains("<<<<<<<"));
    }
    let check = run(b, None, &["--json", "check"]);
    assert_eq!(code(&check), 1, "{}", stdout(&check));
    let report: serde_json::Value = serde_json::from_slice(&check.stdout).unwrap();
    let kinds: Vec<&str> = report["problems"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|p| p["kind"].as_str())
        .collect();
    assert_eq!(kinds, ["remote-invalid"], "{report}");
    // Every changing command that syncs says so too.
    age_last_sync(b);
    let out = run(b, None, &["queue", "add", "Another"]);
    assert!(stderr(&out).contains("remote-invalid"), "{}", stderr(&out));

    // Fixed on the remote: the next sync applies it and check is clean.
    let fixed = good.replace("Will be mangled", "Fixed");
    let fixer = fed::remote::Replica::open(&a.dir()).unwrap().unwrap();
    fixer.fetch().unwrap();
    let mirror = fixer
        .git()
        .rev_parse(&[format!("refs/mirror/fed/fed/tasks/{id}")])
        .unwrap();
    let change = fed::remote::DocChange {
        kind: fed::remote::DocKind::Task,
        id: id.clone(),
        old_oid: mirror[0].clone(),
        new: Some(fixed.clone().into_bytes()),
    };
    assert!(matches!(
        fixer.publish(&[change], now).unwrap(),
        fed::remote::replica::Cas::Landed(_)
    ));
    ok(b, None, &["sync"]);
    assert_eq!(
        std::fs::read_to_string(b.path(&format!("queue/pending/{id}.json"))).unwrap(),
        fixed
    );
    ok(b, None, &["check"]);
}

#[test]
fn leases_across_machines_are_taken_back_only_after_the_skew() {
    let hub = Hub::new();
    let a = Env::new();
    a.config("leases:\n  ttl: 10m\n  skew: 2m\n");
    ok(&a, None, &["remote", "set", &hub.url()]);
    let b = clone_machine(&hub);
    let id = ok(&a, None, &["queue", "add", "Slow work"]);
    ok(&a, Some("kimi"), &["queue", "claim", &id]);
    // B's clock: 11 minutes later, past the expiry but within the skew.
    let at = |env: &Env, now: &str, agent: Option<&str>, args: &[&str]| {
        let mut cmd = crate::common::process::process_at(env, agent, now, args);
        cmd.stdin(std::process::Stdio::null());
        crate::common::process::run_bounded(cmd, crate::common::machines::LIMIT)
    };
    let out = at(
        &b,
        "2026-11-21T09:11:00Z",
        None,
        &["--json", "queue", "reap"],
    );
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert_eq!(hub_status(&hub, &id).as_deref(), Some("in-progress"));
    // Past expiry + skew: two machines reap at once; the task moves once.
    let outs = crate::common::process::together(2, |w| {
        let env = if w == 0 { &a } else { &b };
        at(
            env,
            "2026-11-21T09:12:30Z",
            None,
            &["--json", "queue", "reap"],
        )
    });
    let mut reaped = 0;
    for out in &outs {
        assert_eq!(code(out), 0, "{}", stderr(out));
        let moved: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        reaped += moved.as_array().map_or(0, Vec::len);
    }
    assert_eq!(reaped, 1, "reaped by both machines");
    assert_eq!(hub_status(&hub, &id).as_deref(), Some("pending"));
    let doc = hub
        .show(&format!("refs/fed/fed/tasks/{id}:{id}.json"))
        .unwrap();
    assert_eq!(doc.matches("\"reaped\"").count(), 1, "{doc}");
    // B claims it; A's late completion is fenced by the remote: exit 5,
    // nothing changed anywhere.
    at(
        &b,
        "2026-11-21T09:13:00Z",
        Some("bob"),
        &["queue", "claim", &id],
    );
    let before = hub.refs();
    let out = at(
        &a,
        "2026-11-21T09:13:00Z",
        Some("kimi"),
        &["queue", "complete", &id],
    );
    assert_eq!(code(&out), 5, "{}", stderr(&out));
    assert_eq!(hub.refs(), before);
    ok(&a, None, &["sync"]);
    assert_eq!(documents(&a), documents(&b));
    // On one machine (no remote) there is one clock: no margin.
    let local = Env::new();
    local.config("leases:\n  ttl: 10m\n  skew: 2m\n");
    let lone = ok(&local, None, &["queue", "add", "Alone"]);
    ok(&local, Some("kimi"), &["queue", "claim", &lone]);
    let out = at(
        &local,
        "2026-11-21T09:10:30Z",
        None,
        &["--json", "queue", "reap"],
    );
    let moved: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(moved.as_array().map(Vec::len), Some(1), "{moved}");
}

#[cfg(feature = "failpoints")]
#[test]
fn a_change_that_loses_a_race_on_the_remote_is_redone_on_the_new_state() {
    let hub = Hub::new();
    let m = machines(&hub, 2);
    let (a, b) = (&m[0], &m[1]);
    let first = ok(a, None, &["queue", "add", "Oldest"]);
    let second = ok(a, None, &["queue", "add", "Next"]);
    ok(b, None, &["sync"]);
    // B's command syncs (for itself: its last sync is dated back), then sleeps: A changes the remote in that window
    // (once B's sync is over: a new `.remote/synced-at`).
    let slow = |args: &[&str], agent: &str| {
        use std::os::unix::fs::MetadataExt;
        age_last_sync(b);
        let synced = b.path(".remote/synced-at");
        let before = std::fs::metadata(&synced).map(|m| m.ino()).ok();
        let mut cmd = crate::common::process::process(b, Some(agent), args);
        cmd.env("FAILPOINTS", "remote::before-run=1*sleep(4000)");
        let child = cmd.spawn().unwrap();
        let start = std::time::Instant::now();
        while std::fs::metadata(&synced).map(|m| m.ino()).ok() == before {
            assert!(start.elapsed().as_secs() < 60, "B never synced");
            std::thread::sleep(std::time::Duration::from_millis(5));
        }
        child
    };
    // B syncs, then waits; A claims the best task meanwhile. B's claim of
    // it is refused by the remote, and the redo claims the next one.
    let child = slow(&["--json", "queue", "claim"], "bob");
    // Same clock, so the best is the same for both: the claim order's
    // last key, the id.
    let best = ok(a, Some("kimi"), &["queue", "claim"]);
    let other = if best == first { &second } else { &first };
    let out = crate::common::process::wait_bounded(child, crate::common::machines::LIMIT, "claim");
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let task: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(task["task_id"], other.as_str());
    assert_eq!(task["assignee"], "bob");

    // A named claim that loses: exit 5, and nothing of B's reaches the remote.
    let third = ok(a, None, &["queue", "add", "Contested"]);
    ok(b, None, &["sync"]);
    let child = slow(&["queue", "claim", &third], "bob");
    ok(a, Some("kimi"), &["queue", "claim", &third]);
    let out = crate::common::process::wait_bounded(child, crate::common::machines::LIMIT, "claim");
    assert_eq!(code(&out), 5, "{}", stderr(&out));
    assert!(
        stderr(&out).contains("already claimed by kimi"),
        "{}",
        stderr(&out)
    );
    let doc = hub
        .show(&format!("refs/fed/fed/tasks/{third}:{third}.json"))
        .unwrap();
    assert!(
        doc.contains("\"assignee\": \"kimi\"") && !doc.contains("bob"),
        "{doc}"
    );

    // A cancel of a task that finished meanwhile: exit 5, nothing changed.
    ok(b, None, &["sync"]);
    let child = slow(&["queue", "cancel", &third], "boss");
    ok(a, Some("kimi"), &["queue", "complete", &third]);
    let out = crate::common::process::wait_bounded(child, crate::common::machines::LIMIT, "cancel");
    assert_eq!(code(&out), 5, "{}", stderr(&out));
    assert_eq!(hub_status(&hub, &third).as_deref(), Some("done"));
    ok(a, None, &["sync"]);
    ok(b, None, &["sync"]);
    assert_eq!(documents(a), documents(b));
}

#[test]
fn a_broken_replica_fails_changes_in_one_line_and_can_be_removed() {
    let hub = Hub::new();
    let a = first_machine(&hub);
    let id = ok(&a, None, &["queue", "add", "Keep me"]);
    std::fs::write(a.path(".remote/replica.json"), b"{ not json").unwrap();
    let before = a.snapshot_files();
    let out = run(&a, Some("kimi"), &["queue", "claim", &id]);
    assert_eq!(code(&out), 1, "{}", stderr(&out));
    assert_eq!(stderr(&out).lines().count(), 1, "{}", stderr(&out));
    assert!(stderr(&out).contains("replica.json"), "{}", stderr(&out));
    assert_eq!(a.snapshot_files(), before);
    // Reading needs no replica.
    ok(&a, None, &["queue", "list"]);
    ok(&a, None, &["remote", "remove"]);
    assert!(!a.path(".remote").exists());
    ok(&a, Some("kimi"), &["queue", "claim", &id]);
}

/// A git told to prefer reftable (`init.defaultRefFormat`, git 3's
/// default) still gets a replica whose refs are files, which fed reads
/// without a git process; and a replica that keeps its refs in a reftable
/// (one made before that was pinned; here migrated with `git refs
/// migrate`) still works: its leases are asked of git, never read as "no
/// such ref" (which made every claim lose its race eight times).
#[test]
fn a_git_that_prefers_reftable_changes_nothing() {
    use crate::common::machines::{LIMIT, git};
    use crate::common::process::{process, run_bounded};
    let hub = Hub::new();
    let a = Env::new();
    let global = a.root().join("gitconfig");
    std::fs::write(&global, "[init]\n\tdefaultRefFormat = reftable\n").unwrap();
    let fed = |agent: Option<&str>, args: &[&str]| {
        let mut cmd = process(&a, agent, args);
        cmd.env("GIT_CONFIG_GLOBAL", &global);
        let out = run_bounded(cmd, LIMIT);
        assert_eq!(code(&out), 0, "fed {args:?}: {}", stderr(&out));
        stdout(&out).trim().to_string()
    };
    fed(None, &["remote", "set", &hub.url()]);
    let replica = a.path(".remote/git");
    let format = |dir: &std::path::Path| {
        let out = git(Some(dir), &["rev-parse", "--show-ref-format"], None);
        stdout(&out).trim().to_string()
    };
    assert_eq!(format(&replica), "files");
    let first = fed(None, &["queue", "add", "Made on files"]);
    assert_eq!(fed(Some("kimi"), &["queue", "claim"]), first);
    let out = git(
        Some(&replica),
        &["refs", "migrate", "--ref-format=reftable"],
        None,
    );
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(format(&replica), "reftable");
    let second = fed(None, &["queue", "add", "Made on a reftable"]);
    assert_eq!(fed(Some("kimi"), &["queue", "claim", &second]), second);
    fed(Some("kimi"), &["queue", "complete", &first]);
    fed(Some("kimi"), &["queue", "complete", &second]);
    let b = clone_machine(&hub);
    assert_eq!(status_of(&b, &first).as_deref(), Some("done"));
    assert_eq!(status_of(&b, &second).as_deref(), Some("done"));
    fed(None, &["check"]);
}

/// Points a machine's replica at a remote that does not exist (`away`
/// true) or back at the hub: that machine alone is offline.
fn cut_off(env: &Env, hub: &Hub, away: bool) {
    let (from, to) = if away {
        (hub.url(), format!("{}-away", hub.url()))
    } else {
        (format!("{}-away", hub.url()), hub.url())
    };
    for file in [".remote/replica.json", ".remote/git/config"] {
        let text = std::fs::read_to_string(env.path(file)).unwrap();
        std::fs::write(env.path(file), text.replace(&from, &to)).unwrap();
    }
}

#[test]
fn notes_made_offline_merge_with_what_the_remote_did_meanwhile() {
    let hub = Hub::new();
    let m = machines(&hub, 2);
    let (a, b) = (&m[0], &m[1]);
    let id = ok(a, None, &["queue", "add", "Discuss the schema"]);
    ok(b, None, &["sync"]);
    cut_off(a, &hub, true);
    let out = run(a, Some("ann"), &["queue", "note", &id, "Written offline"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert!(
        stderr(&out).contains("the note on task"),
        "{}",
        stderr(&out)
    );
    let shown = ok(a, None, &["--json", "queue", "show", &id]);
    assert!(shown.contains("Written offline"), "{shown}");
    // Meanwhile the other machine notes and claims the same task.
    ok(b, Some("bob"), &["queue", "note", &id, "Written online"]);
    ok(b, Some("bob"), &["queue", "claim", &id]);
    // A claim offline still fails, and changes nothing.
    let out = run(a, Some("ann"), &["queue", "claim", &id]);
    assert_eq!(code(&out), 1, "{}", stderr(&out));

    cut_off(a, &hub, false);
    let synced: serde_json::Value =
        serde_json::from_str(&ok(a, None, &["--json", "sync"])).unwrap();
    assert_eq!(synced["published"], 1, "{synced}");
    let doc = hub
        .show(&format!("refs/fed/fed/tasks/{id}:{id}.json"))
        .unwrap();
    let task: serde_json::Value = serde_json::from_str(&doc).unwrap();
    let notes: Vec<&str> = task["notes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n["text"].as_str().unwrap())
        .collect();
    assert_eq!(notes, ["Written online", "Written offline"], "{task}");
    assert_eq!(task["status"], "in-progress", "the claim stands: {task}");
    assert_eq!(task["assignee"], "bob");
    // Both machines agree, and a second sync adds nothing twice.
    ok(b, None, &["sync"]);
    ok(a, None, &["sync"]);
    ok(a, None, &["sync"]);
    assert_eq!(documents(a), documents(b));
    let again = hub
        .show(&format!("refs/fed/fed/tasks/{id}:{id}.json"))
        .unwrap();
    assert_eq!(again, doc, "the notes were published twice");
    assert!(!a.path(&format!(".remote/outbox/notes-{id}")).exists());
    ok(a, None, &["check"]);
    ok(b, None, &["check"]);
}

/// The README's "Several machines" walk-throughs, run as written (their
/// `/tmp/` in a temporary directory, `cargo run --release --` as the
/// binary under test): two directories and a bare repository; then the
/// example federation shared and cloned.
#[test]
fn the_readmes_walk_throughs_work_as_written() {
    let readme = include_str!("../../README.md");
    let section = &readme[readme.find("## Several machines").expect("the section")..];
    let section = &section[..section.find("\n## ").unwrap_or(section.len())];
    let blocks: Vec<&str> = section
        .split("```sh\n")
        .skip(1)
        .map(|b| &b[..b.find("```").expect("a closed block")])
        .collect();
    assert_eq!(blocks.len(), 2, "{section}");
    let tmp = tempfile::tempdir().unwrap();
    let repo = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let bin = crate::common::fed_bin();
    let path = format!(
        "{}:{}",
        bin.parent().unwrap().display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let mut outputs = Vec::new();
    for block in blocks {
        let script = block
            .replace("/tmp/", &format!("{}/", tmp.path().display()))
            .replace("cargo run --release -- ", "fed ");
        let out = std::process::Command::new("sh")
            .args(["-e", "-c", &script])
            .current_dir(repo)
            .env("PATH", &path)
            .env("GIT_CONFIG_NOSYSTEM", "1")
            .env_remove("FED_DIR")
            .env_remove("FED_AGENT")
            .env_remove("FED_NOW")
            .output()
            .unwrap();
        assert_eq!(code(&out), 0, "{script}\n{}", stderr(&out));
        outputs.push(stdout(&out));
    }
    // Laptop and desktop: the task is in progress, held by kimi, and the
    // laptop's status names the remote.
    let laptop = &outputs[0];
    assert!(laptop.contains("Remote: "), "{laptop}");
    assert!(laptop.contains("kimi"), "{laptop}");
    assert!(
        laptop.contains("in-progress") || laptop.contains("in progress"),
        "{laptop}"
    );
    // The example's clone lists the example's open tasks.
    let a = tmp.path().join("example-a");
    let b = tmp.path().join("example-b");
    let list = |dir: &std::path::Path| {
        let out = std::process::Command::new(&bin)
            .args(["--json", "--dir"])
            .arg(dir)
            .args(["queue", "list", "--state", "all"])
            .output()
            .unwrap();
        stdout(&out)
    };
    assert_eq!(list(&a), list(&b));
    assert!(outputs[1].contains("Remote: "), "{}", outputs[1]);
    // The repository's own example was not touched.
    assert!(!repo.join(".federation.example/.remote").exists());
}

/// A remote that refuses the credentials (a real git, talking through an
/// ssh that the server turns away): one line naming the remote and saying
/// so, and nothing changed, for `remote set` and for `clone`.
#[test]
fn a_rejected_credential_is_one_line_naming_the_remote() {
    use std::os::unix::fs::PermissionsExt;
    let env = Env::new();
    let ssh = env.root().join("refusing-ssh");
    std::fs::write(
        &ssh,
        "#!/bin/sh\necho 'git@fed.invalid: Permission denied (publickey).' >&2\nexit 255\n",
    )
    .unwrap();
    std::fs::set_permissions(&ssh, std::fs::Permissions::from_mode(0o755)).unwrap();
    let url = "ssh://git@fed.invalid/team/fed.git";
    let before = env.snapshot_files();
    let empty = Env::empty();
    for (at, args) in [
        (&env, vec!["remote", "set", url]),
        (&empty, vec!["clone", url]),
    ] {
        let mut cmd = at.clean(&at.now, &args);
        cmd.env("GIT_SSH_COMMAND", &ssh);
        let out = cmd.output().unwrap();
        let err = stderr(&out);
        assert_eq!(code(&out), 1, "{args:?}: {err}");
        assert_eq!(err.lines().count(), 1, "{args:?}: {err}");
        assert!(err.contains(url), "names the remote: {err}");
        assert!(err.contains("authentication failed"), "{err}");
    }
    assert_eq!(env.snapshot_files(), before, "remote set changed something");
    assert!(!empty.dir().exists(), "a failed clone left its directory");
}

#[test]
fn a_cascading_cancel_goes_to_the_remote_task_by_task() {
    let hub = Hub::new();
    let all = machines(&hub, 2);
    let (a, b) = (&all[0], &all[1]);
    let first = ok(a, Some("alice"), &["queue", "add", "Design the schema"]);
    let second = ok(
        a,
        Some("alice"),
        &["queue", "add", "Write the migration", "--after", &first],
    );
    let third = ok(
        a,
        Some("alice"),
        &["queue", "add", "Backfill the table", "--after", &second],
    );
    ok(b, None, &["sync"]);
    ok(
        a,
        Some("alice"),
        &[
            "queue",
            "cancel",
            &first,
            "--cascade",
            "--reason",
            "dropped",
        ],
    );
    // Every cancelled task is on the remote, and another machine's sync
    // brings each one.
    ok(b, None, &["sync"]);
    for id in [&first, &second, &third] {
        assert_eq!(hub_status(&hub, id).as_deref(), Some("cancelled"), "{id}");
        assert_eq!(status_of(b, id).as_deref(), Some("cancelled"), "{id}");
    }
}

#[test]
fn the_log_readers_see_every_machine_once_its_lines_are_synced() {
    let hub = Hub::new();
    let m = machines(&hub, 2);
    let (a, b) = (&m[0], &m[1]);
    let here = ok(b, None, &["queue", "add", "Done on B"]);
    ok(b, Some("bob"), &["queue", "claim", &here]);
    ok(b, Some("bob"), &["queue", "complete", &here]);
    let there = ok(a, None, &["queue", "add", "Done on A"]);
    ok(a, Some("kimi"), &["queue", "claim", &there]);
    ok(a, Some("kimi"), &["queue", "complete", &there]);
    // A's lines travel with A's `fed sync`, and arrive with B's.
    ok(a, None, &["sync"]);
    ok(b, None, &["sync"]);
    let out = ok(b, None, &["--json", "log"]);
    let events: Vec<serde_json::Value> = serde_json::from_str(&out).unwrap();
    let done: Vec<(&str, &str)> = events
        .iter()
        .filter(|e| e["event"] == "completed")
        .map(|e| (e["task_id"].as_str().unwrap(), e["agent"].as_str().unwrap()))
        .collect();
    assert_eq!(done.len(), 2, "{out}");
    assert!(done.contains(&(here.as_str(), "bob")), "{out}");
    assert!(done.contains(&(there.as_str(), "kimi")), "{out}");
    // In time order across the machines.
    let times: Vec<&str> = events.iter().map(|e| e["at"].as_str().unwrap()).collect();
    assert!(times.windows(2).all(|w| w[0] <= w[1]), "{times:?}");
    // The routing history too: both agents have a track record on B.
    let analytics = ok(b, None, &["--json", "analytics"]);
    assert!(
        analytics.contains("kimi") && analytics.contains("bob"),
        "{analytics}"
    );
    // B's report audits A's task as well: nothing lost.
    let report: serde_json::Value =
        serde_json::from_str(&ok(b, None, &["--json", "report"])).unwrap();
    assert_eq!(report["lost"].as_array().map(Vec::len), Some(0), "{report}");
    // A has not synced B's lines yet: its log has only its own.
    let out = ok(a, None, &["--json", "log"]);
    assert!(!out.contains(&here), "{out}");
}

#[test]
fn a_config_edited_here_is_published_by_sync_and_never_lost_to_the_remote() {
    let hub = Hub::new();
    let m = machines(&hub, 2);
    let (a, b) = (&m[0], &m[1]);
    let config = |env: &Env| std::fs::read_to_string(env.path("config.yaml")).unwrap();
    let with_ttl = |text: &str, ttl: &str| text.replace("ttl: 30m", &format!("ttl: {ttl}"));
    let original = config(a);
    assert!(original.contains("ttl: 30m"), "{original}");

    // Edited on A, published by A's `fed sync`, applied by B's.
    std::fs::write(a.path("config.yaml"), with_ttl(&original, "45m")).unwrap();
    ok(a, None, &["sync"]);
    ok(b, None, &["sync"]);
    assert_eq!(config(b), with_ttl(&original, "45m"));
    let show = ok(
        b,
        None,
        &["--json", "queue", "add", "Uses the shared config"],
    );
    assert!(!show.is_empty());

    // Edited on both: B publishes first; A's sync applies B's and keeps
    // A's edit aside, saying where.
    std::fs::write(a.path("config.yaml"), with_ttl(&original, "50m")).unwrap();
    std::fs::write(b.path("config.yaml"), with_ttl(&original, "55m")).unwrap();
    ok(b, None, &["sync"]);
    let out = run(a, None, &["sync"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert!(stderr(&out).contains("config-conflict"), "{}", stderr(&out));
    assert_eq!(config(a), with_ttl(&original, "55m"));
    let kept: Vec<_> = std::fs::read_dir(a.path(".remote/kept"))
        .unwrap()
        .map(|e| std::fs::read_to_string(e.unwrap().path()).unwrap())
        .collect();
    assert_eq!(kept, [with_ttl(&original, "50m")]);
    // Nothing more to publish: both agree again.
    ok(a, None, &["sync"]);
    ok(b, None, &["sync"]);
    assert_eq!(config(b), with_ttl(&original, "55m"));
}

/// `fed log --follow` follows other machines' events too: those a sync
/// brings appear at the follower's next look, each once.
#[test]
fn log_follow_shows_the_events_a_sync_brings_from_another_machine() {
    use std::io::BufRead;
    let hub = Hub::new();
    let m = machines(&hub, 2);
    let (a, b) = (&m[0], &m[1]);
    let mut child = a
        .clean(&a.now, &["log", "--follow", "--json"])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::null())
        .spawn()
        .expect("fed starts");
    let stdout = child.stdout.take().unwrap();
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        for line in std::io::BufReader::new(stdout)
            .lines()
            .map_while(Result::ok)
        {
            let _ = tx.send(line);
        }
    });
    let id = ok(b, Some("kimi"), &["queue", "add", "made on B"]);
    ok(b, None, &["sync"]);
    ok(a, None, &["sync"]);
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
    let mut seen = Vec::new();
    while std::time::Instant::now() < deadline {
        if let Ok(line) = rx.recv_timeout(std::time::Duration::from_millis(100)) {
            let event: serde_json::Value =
                serde_json::from_str(&line).expect("one JSON event a line");
            seen.push(event);
        }
        let added = |e: &&serde_json::Value| e["event"] == "added" && e["task_id"] == id.as_str();
        if seen.iter().any(|e| added(&e)) {
            break;
        }
    }
    let _ = child.kill();
    let _ = child.wait();
    let from_b: Vec<&serde_json::Value> = seen
        .iter()
        .filter(|e| e["task_id"] == id.as_str())
        .collect();
    assert_eq!(from_b.len(), 1, "B's add, once: {seen:?}");
    assert_eq!(from_b[0]["agent"], "kimi");
}

/// `fed serve` in a shared federation syncs on its own (`--sync-every`),
/// so that the page shows what other machines did, and publishes its
/// machine's log lines, so that other machines' logs show the commands
/// run there by hand.
#[test]
fn serve_syncs_every_so_often_and_brings_other_machines_changes() {
    let hub = Hub::new();
    let m = machines(&hub, 2);
    let (a, b) = (&m[0], &m[1]);
    let mut serve =
        crate::common::process::process(a, None, &["serve", "--port", "0", "--sync-every", "1s"])
            .spawn()
            .expect("fed serve starts");
    let id = ok(b, None, &["queue", "add", "Made on B"]);
    let here = ok(a, Some("kimi"), &["queue", "add", "Made on A by hand"]);
    let added_on_a = || {
        ok(b, None, &["sync"]);
        let log = ok(b, None, &["--json", "log", "--task", &here]);
        let events: Vec<serde_json::Value> = serde_json::from_str(&log).unwrap();
        events
            .iter()
            .any(|e| e["event"] == "added" && e["agent"] == "kimi")
    };
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
    while !(status_of(a, &id).is_some() && added_on_a()) && std::time::Instant::now() < deadline {
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
    let _ = serve.kill();
    let _ = serve.wait();
    assert_eq!(status_of(a, &id).as_deref(), Some("pending"));
    assert!(added_on_a(), "B's log shows kimi's add on A");
    ok(a, None, &["check"]);
}

/// Which of two racing commands won (exit 0); the other must have lost
/// its race (exit 5).
#[track_caller]
fn one_winner(outs: &[std::process::Output], what: &str) -> usize {
    let codes: Vec<i32> = outs.iter().map(code).collect();
    assert!(
        codes == [0, 5] || codes == [5, 0],
        "{what}: {codes:?}: {} / {}",
        stderr(&outs[0]),
        stderr(&outs[1])
    );
    usize::from(codes[0] != 0)
}
