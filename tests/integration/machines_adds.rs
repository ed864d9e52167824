//! New documents through a remote: a task added with a generated id goes
//! straight into the archive on the branch (no live ref until its first
//! change), several local adds at once share one commit, an add made on
//! an old view of the branch goes on a live ref instead, and a custom id
//! always does. And the window this makes common: a sync never installs
//! an archived version over the first change of that document landing
//! here (`src/remote/landing.rs`).

use crate::common::machines::{
    Hub, documents, freshen_last_sync, hub_archived, hub_live, hub_status, machines, ok, run,
    status_of,
};
use crate::common::{code, stderr};
use std::collections::BTreeSet;

/// `git ARGS` in the repository `dir`: its output, trimmed.
fn git(dir: &std::path::Path, args: &[&str]) -> String {
    let out = crate::common::machines::git(Some(dir), args, None);
    assert!(out.status.success(), "git {args:?}");
    String::from_utf8_lossy(&out.stdout).trim().to_string()
}

/// The commits on the hub's branch.
fn branch_commits(hub: &Hub) -> usize {
    git(&hub.path(), &["rev-list", "--count", "refs/heads/fed"])
        .parse()
        .expect("a count")
}

#[test]
fn adds_go_straight_into_the_archive_and_a_custom_id_on_a_live_ref() {
    let hub = Hub::new();
    let m = machines(&hub, 2);
    let (a, b) = (&m[0], &m[1]);
    let commits = branch_commits(&hub);
    let id = ok(a, None, &["queue", "add", "Into the archive"]);
    assert_eq!(hub_archived(&hub, &id).as_deref(), Some("pending"));
    assert_eq!(
        hub_live(&hub, &id),
        None,
        "no live ref before its first change"
    );
    assert_eq!(branch_commits(&hub), commits + 1);
    // Alone in its commit, and published here: the directory reflects the
    // branch, and the next sync has nothing to read for it.
    let tip = git(&hub.path(), &["rev-parse", "refs/heads/fed"]);
    let applied = git(
        &a.path(".remote/git"),
        &["rev-parse", "refs/applied/heads/fed"],
    );
    assert_eq!(applied, tip);
    let vote = ok(
        a,
        None,
        &[
            "vote", "create", "Ship it?", "--option", "yes", "--option", "no",
        ],
    );
    let path = fed::remote::layout::archive_path(fed::remote::layout::DocKind::Vote, &vote);
    assert!(hub.show(&format!("refs/heads/fed:{path}")).is_some());
    // A custom id is a live ref: "must not exist" tells two machines
    // taking it apart.
    ok(a, None, &["queue", "add", "Named", "--id", "named-1"]);
    assert_eq!(hub_live(&hub, "named-1").as_deref(), Some("pending"));
    let out = run(b, None, &["queue", "add", "Named too", "--id", "named-1"]);
    assert_eq!(code(&out), 5, "{}", stderr(&out));
    // The other machine sees the archived task and claims it: its first
    // change makes its live ref.
    ok(b, Some("bob"), &["queue", "claim", &id]);
    assert_eq!(hub_live(&hub, &id).as_deref(), Some("in-progress"));
    // The adding machine's sync keeps the file it has (the same version),
    // then takes the claim.
    ok(a, None, &["sync"]);
    assert_eq!(status_of(a, &id).as_deref(), Some("in-progress"));
    ok(b, None, &["sync"]);
    assert_eq!(documents(a), documents(b));
    ok(a, None, &["check"]);
    ok(b, None, &["check"]);
}

/// The group's pusher builds on the branch as its replica last saw it:
/// when another machine moved the branch since, the add goes on a live
/// ref of its own, acknowledged all the same.
#[test]
fn an_add_on_an_old_view_of_the_branch_goes_on_a_live_ref() {
    let hub = Hub::new();
    let m = machines(&hub, 2);
    let (a, b) = (&m[0], &m[1]);
    ok(a, None, &["sync"]);
    let first = ok(b, None, &["queue", "add", "Moves the branch"]);
    // A counts its sync of a moment ago as its own: no fetch.
    freshen_last_sync(a);
    let second = ok(a, None, &["queue", "add", "On an old view"]);
    assert_eq!(hub_archived(&hub, &first).as_deref(), Some("pending"));
    assert_eq!(hub_live(&hub, &second).as_deref(), Some("pending"));
    assert_eq!(hub_archived(&hub, &second), None);
    ok(a, None, &["sync"]);
    ok(b, None, &["sync"]);
    assert_eq!(documents(a), documents(b));
    assert_eq!(status_of(a, &first).as_deref(), Some("pending"));
    assert_eq!(status_of(b, &second).as_deref(), Some("pending"));
}

/// Sixteen adds at once on one machine: each lands once, in fewer
/// commits than adds (the group's pusher writes the waiting ones
/// together), and the other machine gets them all.
#[test]
fn many_adds_at_once_all_land_and_share_commits() {
    let hub = Hub::new();
    let m = machines(&hub, 2);
    let (a, b) = (&m[0], &m[1]);
    let commits = branch_commits(&hub);
    let ids: BTreeSet<String> = std::thread::scope(|s| {
        let handles: Vec<_> = (0..16)
            .map(|i| s.spawn(move || ok(a, None, &["queue", "add", &format!("at once {i}")])))
            .collect();
        handles.into_iter().map(|h| h.join().unwrap()).collect()
    });
    assert_eq!(ids.len(), 16);
    for id in &ids {
        assert_eq!(hub_status(&hub, id).as_deref(), Some("pending"), "{id}");
    }
    let added = branch_commits(&hub) - commits;
    let live = ids.iter().filter(|id| hub_live(&hub, id).is_some()).count();
    assert!(
        added + live <= 16 && added >= 1,
        "{added} commits, {live} live refs"
    );
    ok(b, None, &["sync"]);
    ok(a, None, &["sync"]);
    assert_eq!(documents(a), documents(b));
    ok(a, None, &["check"]);
}

/// A sync that fetched before a local claim of an archived task pushed,
/// and installs after the claim published it here but before it settled,
/// leaves the task alone: installing the archived (pending) version would
/// undo the claim here under an applied ref that then says claimed.
#[cfg(feature = "failpoints")]
#[test]
fn a_sync_never_puts_an_archived_version_over_a_first_change_landing() {
    use crate::common::machines::LIMIT;
    use crate::common::process::{process, wait_bounded};
    let hub = Hub::new();
    let m = machines(&hub, 2);
    let (a, b) = (&m[0], &m[1]);
    let id = ok(b, None, &["queue", "add", "Claimed while a sync looks"]);
    ok(a, None, &["sync"]);
    // A's directory has the task; make its applied branch forget it, so
    // that the next sync carries it from the branch again.
    let replica = a.path(".remote/git");
    let parent = git(&hub.path(), &["rev-parse", "refs/heads/fed^"]);
    git(&replica, &["update-ref", "refs/applied/heads/fed", &parent]);
    freshen_last_sync(a);
    // The claim takes the task, then waits before its push and before its
    // settle; the sync fetches while it waits, then installs while the
    // claim waits to settle.
    let mut claim = process(a, Some("kimi"), &["queue", "claim", &id]);
    claim.env(
        "FAILPOINTS",
        "remote::before-push=sleep(1000);remote::before-settle=sleep(3000)",
    );
    let claim = claim.spawn().unwrap();
    std::thread::sleep(std::time::Duration::from_millis(300));
    let mut sync = process(a, None, &["sync"]);
    sync.env("FAILPOINTS", "remote::sync-before-execute=sleep(2000)");
    let sync = wait_bounded(sync.spawn().unwrap(), LIMIT, "sync");
    assert_eq!(code(&sync), 0, "{}", stderr(&sync));
    assert_eq!(
        status_of(a, &id).as_deref(),
        Some("in-progress"),
        "the sync put the archived version over the claim"
    );
    let claim = wait_bounded(claim, LIMIT, "claim");
    assert_eq!(code(&claim), 0, "{}", stderr(&claim));
    assert_eq!(hub_live(&hub, &id).as_deref(), Some("in-progress"));
    ok(a, None, &["sync"]);
    ok(b, None, &["sync"]);
    assert_eq!(status_of(a, &id).as_deref(), Some("in-progress"));
    assert_eq!(documents(a), documents(b));
    ok(a, None, &["check"]);
    // Claimed once: a second claim of it here finds it taken.
    let again = run(a, Some("bob"), &["queue", "claim", &id]);
    assert_ne!(code(&again), 0);
}

/// A sync that fetches a new document in the instant between its add's
/// push and its publish here leaves it to the add: it never publishes the
/// document first (the add's own publish would then find its name taken
/// and the add fail, though it landed).
#[cfg(feature = "failpoints")]
#[test]
fn a_sync_leaves_a_new_document_to_the_add_that_pushed_it() {
    use crate::common::machines::LIMIT;
    use crate::common::machines::age_last_sync;
    use crate::common::process::{process, wait_bounded};
    let hub = Hub::new();
    let m = machines(&hub, 1);
    let a = &m[0];
    for id in [None, Some("named-2")] {
        let mut args = vec!["queue", "add", "Published by its add"];
        args.extend(id.iter().flat_map(|id| ["--id", *id]));
        let mut add = process(a, None, &args);
        add.env("FAILPOINTS", "remote::after-push=sleep(1500)");
        let add = add.spawn().unwrap();
        std::thread::sleep(std::time::Duration::from_millis(700));
        age_last_sync(a);
        let sync = run(a, None, &["--json", "sync"]);
        assert_eq!(code(&sync), 0, "{}", stderr(&sync));
        let add = wait_bounded(add, LIMIT, "add");
        assert_eq!(code(&add), 0, "{id:?}: {}", stderr(&add));
        let added = crate::common::stdout(&add).trim().to_string();
        assert_eq!(status_of(a, &added).as_deref(), Some("pending"));
        assert_eq!(hub_status(&hub, &added).as_deref(), Some("pending"));
        ok(a, None, &["sync"]);
        ok(a, None, &["check"]);
    }
}
