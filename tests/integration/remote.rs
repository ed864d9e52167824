//! Several machines sharing one federation through a git remote: a real
//! bare repository (`git init --bare`) in a temporary directory, and one
//! federation directory per "machine", driven through `fed::remote`.

use fed::model::time::Timestamp;
use fed::remote::apply::{execute, local_index};
use fed::remote::archive::{Folded, Published, fold};
use fed::remote::layout::{RefKind, Single};
use fed::remote::plan::{FileOp, Plan};
use fed::remote::replica::{Cas, Connected};
use fed::remote::validate::check_doc;
use fed::remote::{DocChange, DocKind, Replica};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::{Arc, Barrier};

const NOW: &str = "2026-11-21T09:00:00Z";

fn now() -> Timestamp {
    NOW.parse().unwrap()
}

/// A bare repository standing for the shared remote.
struct Remote {
    tmp: tempfile::TempDir,
}

impl Remote {
    fn new() -> Remote {
        let tmp = tempfile::tempdir().unwrap();
        let ok = Command::new("git")
            .args(["init", "--quiet", "--bare"])
            .arg(tmp.path().join("remote.git"))
            .env("GIT_CONFIG_NOSYSTEM", "1")
            .status()
            .unwrap();
        assert!(ok.success());
        Remote { tmp }
    }
    fn url(&self) -> String {
        self.path().to_string_lossy().into_owned()
    }
    fn path(&self) -> PathBuf {
        self.tmp.path().join("remote.git")
    }
    /// `git for-each-ref` on the remote itself.
    fn refs(&self) -> BTreeMap<String, String> {
        let out = Command::new("git")
            .arg("--git-dir")
            .arg(self.path())
            .args(["for-each-ref", "--format=%(refname) %(objectname)"])
            .output()
            .unwrap();
        String::from_utf8(out.stdout)
            .unwrap()
            .lines()
            .map(|l| {
                let (r, o) = l.split_once(' ').unwrap();
                (r.to_string(), o.to_string())
            })
            .collect()
    }
    /// `git show REV:PATH` on the remote.
    fn show(&self, spec: &str) -> Option<Vec<u8>> {
        let out = Command::new("git")
            .arg("--git-dir")
            .arg(self.path())
            .args(["show", spec])
            .output()
            .unwrap();
        out.status.success().then_some(out.stdout)
    }
}

/// One machine: its own federation directory and replica.
struct Machine {
    _tmp: tempfile::TempDir,
    dir: PathBuf,
    replica: Replica,
}

impl Machine {
    /// `remote set` on a fresh federation (creates the branch, or joins).
    fn join(remote: &Remote) -> Machine {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join(".federation");
        fed::store::Store::init(&dir).unwrap();
        let mut replica = Replica::create(&dir, &remote.url(), "fed").unwrap();
        let config = std::fs::read(dir.join("config.yaml")).unwrap();
        replica.connect(true, &config, now()).unwrap();
        let m = Machine {
            _tmp: tmp,
            dir,
            replica,
        };
        m.sync();
        m
    }

    /// Fetch, plan and apply; returns the plan that was applied.
    fn sync(&self) -> Plan {
        assert!(self.replica.fetch().unwrap());
        let plan = self
            .replica
            .plan_sync(&local_index(&self.dir).unwrap())
            .unwrap();
        execute(&self.dir, self.replica.git(), &plan).unwrap();
        plan
    }

    /// Folds up to `limit` of the `idle` documents (see `idle_since`).
    fn fold(&self, idle: &BTreeMap<RefKind, fed::remote::Oid>, limit: usize) -> Folded {
        fold(
            self.replica.git(),
            self.replica.layout(),
            idle,
            limit,
            now(),
        )
        .unwrap()
    }

    /// A local change of one task as the store will make it: the commit
    /// hook, then (when it landed) the local publish, then settling.
    fn cas_task(&self, id: &str, bytes: &[u8]) -> bool {
        let cas = self.replica.cas(DocKind::Task, id, Some(bytes), now());
        let Cas::Landed(landed) = cas.unwrap() else {
            return false;
        };
        let dest = check_doc(DocKind::Task, id, bytes).unwrap();
        let index = local_index(&self.dir).unwrap();
        for old in index
            .get(&(DocKind::Task, id.to_string()))
            .into_iter()
            .flatten()
        {
            std::fs::remove_file(self.dir.join(old)).unwrap();
        }
        std::fs::write(self.dir.join(dest), bytes).unwrap();
        landed.settle(self.replica.git()).unwrap();
        true
    }

    /// The local publish of a whole file (state, config) after its hook.
    fn land(&self, cas: Cas, rel: &str, bytes: &[u8]) {
        let Cas::Landed(landed) = cas else {
            panic!("{rel}: the remote moved")
        };
        std::fs::write(self.dir.join(rel), bytes).unwrap();
        landed.settle(self.replica.git()).unwrap();
    }

    fn read(&self, rel: &str) -> Option<Vec<u8>> {
        std::fs::read(self.dir.join(rel)).ok()
    }

    /// Every file under the federation directory and its content.
    fn snapshot(&self) -> BTreeMap<PathBuf, Vec<u8>> {
        let mut files = BTreeMap::new();
        walk(&self.dir, &mut files);
        files
    }
}

fn walk(dir: &Path, files: &mut BTreeMap<PathBuf, Vec<u8>>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            walk(&path, files);
        } else {
            files.insert(path.clone(), std::fs::read(&path).unwrap_or_default());
        }
    }
}

/// The documents `m`'s mirror has on refs unmoved since `cutoff`.
fn idle_since(m: &Machine, cutoff: Timestamp) -> BTreeMap<RefKind, fed::remote::Oid> {
    fed::remote::archive::idle(m.replica.git(), m.replica.layout(), cutoff).unwrap()
}

fn task(id: &str, status: &str, extra: &str) -> Vec<u8> {
    format!(
        "{{\n  \"task_id\": \"{id}\",\n  \"title\": \"t\",\n  \"description\": \"d\",\n  \"status\": \"{status}\",\n  \"created_at\": \"{NOW}\",\n  \"updated_at\": \"{NOW}\"{extra}\n}}\n"
    )
    .into_bytes()
}

fn claimed(id: &str, token: &str, agent: &str) -> Vec<u8> {
    task(
        id,
        "in-progress",
        &format!(
            ",\n  \"assignee\": \"{agent}\",\n  \"lease\": {{\"token\": \"{token}\", \"claimed_at\": \"{NOW}\", \"expires_at\": \"2026-11-21T09:30:00Z\"}}"
        ),
    )
}

fn done(id: &str) -> Vec<u8> {
    task(
        id,
        "done",
        ",\n  \"result\": {\"finished_at\": \"2026-11-21T08:00:00Z\"}",
    )
}

#[test]
fn new_and_changed_tasks_reach_the_other_machine() {
    let remote = Remote::new();
    let a = Machine::join(&remote);
    let b = Machine::join(&remote);
    assert_eq!(
        a.replica.settings().federation_id,
        b.replica.settings().federation_id
    );

    assert!(a.cas_task("t1", &task("t1", "pending", "")));
    let plan = b.sync();
    assert_eq!(plan.problems, []);
    assert_eq!(
        b.read("queue/pending/t1.json").unwrap(),
        task("t1", "pending", "")
    );

    // A claims it: B's copy moves to in-progress/ under its token.
    assert!(a.cas_task("t1", &claimed("t1", "1-abc", "kimi")));
    b.sync();
    assert_eq!(b.read("queue/pending/t1.json"), None);
    assert_eq!(
        b.read("queue/in-progress/t1@1-abc.json").unwrap(),
        claimed("t1", "1-abc", "kimi")
    );
    assert_eq!(
        a.replica.lease(DocKind::Task, "t1").unwrap(),
        b.replica.lease(DocKind::Task, "t1").unwrap()
    );

    // The task's ref keeps its history: two commits, the claim on top.
    let log = Command::new("git")
        .arg("--git-dir")
        .arg(remote.path())
        .args(["rev-list", "--count", "refs/fed/fed/tasks/t1"])
        .output()
        .unwrap();
    assert_eq!(String::from_utf8_lossy(&log.stdout).trim(), "2");

    // A sync with nothing new plans nothing.
    assert_eq!(b.sync(), Plan::default());
}

#[test]
fn a_second_federation_cannot_take_over_a_branch_without_join() {
    let remote = Remote::new();
    let _a = Machine::join(&remote);
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join(".federation");
    fed::store::Store::init(&dir).unwrap();
    let mut other = Replica::create(&dir, &remote.url(), "fed").unwrap();
    let err = other.connect(false, b"", now()).unwrap_err();
    assert!(
        err.message.contains("already holds another federation"),
        "{}",
        err.message
    );
    assert!(err.message.contains(&remote.url()), "{}", err.message);
    assert!(!err.message.contains('\n'));
    assert_eq!(other.connect(true, b"", now()).unwrap(), Connected::Joined);
    assert_eq!(other.connect(false, b"", now()).unwrap(), Connected::Same);
    // Another branch of the same remote is another federation.
    let tmp2 = tempfile::tempdir().unwrap();
    let dir2 = tmp2.path().join(".federation");
    fed::store::Store::init(&dir2).unwrap();
    let (_, how) = Replica::set(&dir2, &remote.url(), "team-b", false, b"", now()).unwrap();
    assert_eq!(how, Connected::Created);
    assert!(
        std::fs::read_to_string(dir2.join(".gitignore"))
            .unwrap()
            .contains(".remote/")
    );
    let again = Replica::set(&dir2, &remote.url(), "team-b", false, b"", now()).unwrap_err();
    assert!(
        again.message.contains("already shared"),
        "{}",
        again.message
    );
}

#[test]
fn two_machines_racing_for_one_task_exactly_one_wins() {
    let remote = Remote::new();
    let machines = [Machine::join(&remote), Machine::join(&remote)];
    for round in 0..8 {
        let id = format!("race-{round}");
        assert!(machines[0].cas_task(&id, &task(&id, "pending", "")));
        for m in &machines {
            m.sync();
        }
        let barrier = Arc::new(Barrier::new(2));
        let wins: Vec<bool> = std::thread::scope(|s| {
            let handles: Vec<_> = machines
                .iter()
                .enumerate()
                .map(|(n, m)| {
                    let (barrier, id) = (barrier.clone(), id.clone());
                    s.spawn(move || {
                        let bytes = claimed(&id, &format!("1-m{n}"), &format!("agent{n}"));
                        barrier.wait();
                        m.cas_task(&id, &bytes)
                    })
                })
                .collect();
            handles.into_iter().map(|h| h.join().unwrap()).collect()
        });
        assert_eq!(
            wins.iter().filter(|w| **w).count(),
            1,
            "round {round}: {wins:?}"
        );
        // The loser syncs and sees the winner's claim; its own never lands.
        let winner = wins.iter().position(|w| *w).unwrap();
        let loser = &machines[1 - winner];
        loser.sync();
        let path = format!("queue/in-progress/{id}@1-m{winner}.json");
        assert!(loser.read(&path).is_some(), "round {round}: {path}");
        let theirs = format!("queue/in-progress/{id}@1-m{}.json", 1 - winner);
        assert!(loser.read(&theirs).is_none());
    }
}

#[test]
fn two_machines_creating_one_id_exactly_one_wins() {
    let remote = Remote::new();
    let machines = [Machine::join(&remote), Machine::join(&remote)];
    let barrier = Arc::new(Barrier::new(2));
    let wins: Vec<bool> = std::thread::scope(|s| {
        let handles: Vec<_> = machines
            .iter()
            .enumerate()
            .map(|(n, m)| {
                let barrier = barrier.clone();
                s.spawn(move || {
                    let bytes = task(
                        "same-id",
                        "pending",
                        &format!(",\n  \"from_agent\": \"a{n}\""),
                    );
                    barrier.wait();
                    m.cas_task("same-id", &bytes)
                })
            })
            .collect();
        handles.into_iter().map(|h| h.join().unwrap()).collect()
    });
    assert_eq!(wins.iter().filter(|w| **w).count(), 1, "{wins:?}");
}

#[test]
fn a_fold_passes_over_a_document_that_fails_its_checks_and_still_fills_its_batch() {
    let remote = Remote::new();
    let a = Machine::join(&remote);
    let cas = a
        .replica
        .cas(DocKind::Task, "a-bad", Some(b"not a task"), now());
    let Cas::Landed(landed) = cas.unwrap() else {
        panic!("the remote refused the push");
    };
    landed.settle(a.replica.git()).unwrap();
    for id in ["d1", "d2", "d3"] {
        assert!(a.cas_task(id, &done(id)));
    }
    let cutoff = "2026-11-21T09:00:00Z".parse().unwrap();
    let idle = idle_since(&a, cutoff);
    assert_eq!(idle.len(), 4);
    // Read two at a time: the first two hold one foldable document, so the
    // fold reads on until it has two.
    let Folded::Archived(docs) = a.fold(&idle, 2) else {
        panic!("the fold did not land");
    };
    let ids: Vec<&str> = docs.iter().map(|(_, id)| id.as_str()).collect();
    assert_eq!(ids, ["d1", "d2"]);
    // Called again with the same idle refs, it folds what is left, and
    // never the document that fails its checks.
    let Folded::Archived(docs) = a.fold(&idle, 2) else {
        panic!("the second fold did not land");
    };
    let ids: Vec<&str> = docs.iter().map(|(_, id)| id.as_str()).collect();
    assert_eq!(ids, ["d3"]);
    let refs = remote.refs();
    assert!(refs.contains_key("refs/fed/fed/tasks/a-bad"), "{refs:?}");
    assert!(!refs.contains_key("refs/fed/fed/tasks/d3"), "{refs:?}");
}

#[test]
fn a_fold_lands_whole_or_not_at_all_and_readers_see_the_archive() {
    let remote = Remote::new();
    let a = Machine::join(&remote);
    let b = Machine::join(&remote);
    for id in ["d1", "d2", "d3"] {
        assert!(a.cas_task(id, &done(id)));
    }
    assert!(a.cas_task("p1", &task("p1", "pending", "")));
    b.sync();
    a.sync();
    let before = remote.refs();

    // B changes d2 (a note) after A fetched: A's fold expects the old d2,
    // so none of it lands (every ref's commit is from NOW: idle at NOW).
    let noted = String::from_utf8(done("d2"))
        .unwrap()
        .replace(
            "\"title\": \"t\"",
            "\"title\": \"t\", \"notes\": [{\"agent\": \"b\", \"at\": \"2026-11-21T08:00:00.000Z\", \"text\": \"n\"}]",
        );
    assert!(b.cas_task("d2", noted.as_bytes()));
    let after_note = remote.refs();
    let cutoff = "2026-11-21T09:00:00Z".parse().unwrap();
    assert_eq!(a.fold(&idle_since(&a, cutoff), 100), Folded::Moved);
    assert_eq!(
        remote.refs(),
        after_note,
        "a rejected fold changed the remote"
    );
    assert_eq!(before["refs/heads/fed"], after_note["refs/heads/fed"]);

    // Refs that moved after the cutoff are not folded.
    a.sync();
    let early = "2026-11-21T08:59:59Z".parse().unwrap();
    assert_eq!(a.fold(&idle_since(&a, early), 100), Folded::Nothing);
    // After a sync it lands whole, whatever the documents' states: four
    // refs gone, four archive entries.
    let Folded::Archived(docs) = a.fold(&idle_since(&a, cutoff), 100) else {
        panic!("the fold did not land");
    };
    assert_eq!(docs.len(), 4);
    let refs = remote.refs();
    for id in ["d1", "d2", "d3", "p1"] {
        assert!(
            !refs.contains_key(&format!("refs/fed/fed/tasks/{id}")),
            "{id}"
        );
        let path = fed::remote::layout::archive_path(DocKind::Task, id);
        assert!(
            remote.show(&format!("refs/heads/fed:{path}")).is_some(),
            "{path}"
        );
    }
    let archived = remote
        .show(&format!(
            "refs/heads/fed:{}",
            fed::remote::layout::archive_path(DocKind::Task, "d2")
        ))
        .unwrap();
    assert_eq!(archived, noted.as_bytes());

    // B sees the fold: same files, no problem, its refs follow.
    let plan = b.sync();
    assert_eq!(plan.problems, []);
    assert_eq!(b.read("queue/completed/d2.json").unwrap(), noted.as_bytes());
    assert_eq!(b.replica.lease(DocKind::Task, "d1").unwrap(), None);
    // A new machine gets archived and live tasks alike.
    let c = Machine::join(&remote);
    for id in ["d1", "d3"] {
        assert_eq!(
            c.read(&format!("queue/completed/{id}.json")).unwrap(),
            done(id)
        );
    }
    assert_eq!(c.read("queue/completed/d2.json").unwrap(), noted.as_bytes());
    assert!(c.read("queue/pending/p1.json").is_some());
    // A note on an archived task re-creates its live ref ("must not exist").
    let renoted = noted.replace("[\"n\"]", "[\"n\", \"m\"]");
    assert!(c.cas_task("d2", renoted.as_bytes()));
    a.sync();
    assert_eq!(
        a.read("queue/completed/d2.json").unwrap(),
        renoted.as_bytes()
    );
}

#[test]
fn an_unreachable_remote_is_a_one_line_error_naming_it_and_nothing_changes() {
    let remote = Remote::new();
    let a = Machine::join(&remote);
    assert!(a.cas_task("t1", &task("t1", "pending", "")));
    a.sync();
    let gone = remote.tmp.path().join("moved-away.git");
    std::fs::rename(remote.path(), &gone).unwrap();
    let before = a.snapshot();

    let err = a.replica.fetch().unwrap_err();
    assert!(
        err.message
            .starts_with(&format!("remote {}: ", remote.url())),
        "{}",
        err.message
    );
    assert!(err.message.contains("cannot reach it"), "{}", err.message);
    assert!(!err.message.contains('\n'), "{}", err.message);
    let err = a
        .replica
        .cas(
            DocKind::Task,
            "t1",
            Some(&claimed("t1", "1-x", "kimi")),
            now(),
        )
        .unwrap_err();
    assert!(err.message.contains(&remote.url()), "{}", err.message);
    assert!(!err.message.contains('\n'));

    let after = a.snapshot();
    let changed: Vec<_> = after
        .iter()
        .filter(|(p, c)| before.get(*p) != Some(*c) && !p.to_string_lossy().contains("/objects/"))
        .map(|(p, _)| p.clone())
        .collect();
    assert_eq!(
        changed,
        Vec::<PathBuf>::new(),
        "files changed by a failed fetch or push"
    );
    assert!(a.replica.lease(DocKind::Task, "t1").unwrap().is_some());
}

#[test]
fn malformed_arrivals_are_reported_set_aside_and_never_written() {
    let remote = Remote::new();
    let a = Machine::join(&remote);
    let b = Machine::join(&remote);
    let bad = [
        (DocKind::Task, "broken", b"{ \"task_id\": \"broken\",".to_vec()),
        (
            DocKind::Task,
            "merged",
            [
                "<<<<<<< HEAD\n",
                std::str::from_utf8(&task("merged", "pending", "")).unwrap(),
                "=======\n",
                std::str::from_utf8(&task("merged", "done", "")).unwrap(),
                ">>>>>>> theirs\n",
            ]
            .concat()
            .into_bytes(),
        ),
        (
            DocKind::Vote,
            "v1",
            b"vote_id: v1\nquestion: q\n<<<<<<< HEAD\nstatus: active\n=======\nstatus: decided\n>>>>>>> theirs\n".to_vec(),
        ),
        (DocKind::Task, "other-id", task("not-this-one", "pending", "")),
        (DocKind::Task, "huge", vec![b' '; 2 << 20]),
    ];
    let changes: Vec<DocChange> = bad
        .iter()
        .map(|(kind, id, bytes)| DocChange {
            kind: *kind,
            id: id.to_string(),
            old_oid: None,
            new: Some(bytes.clone()),
        })
        .collect();
    // The raw publish does not check content: anything can reach a remote.
    match a.replica.publish(&changes, now()).unwrap() {
        Cas::Landed(l) => drop(l),
        Cas::Moved | Cas::Locked(_) => panic!("nothing should have moved"),
    }

    let plan = b.sync();
    let reported: Vec<&str> = plan.problems.iter().map(|p| p.kind).collect();
    assert_eq!(reported, ["remote-invalid"; 5], "{:?}", plan.problems);
    assert!(
        plan.problems
            .iter()
            .any(|p| p.message.contains("conflict marker") && p.message.contains("merged"))
    );
    assert!(
        plan.problems
            .iter()
            .any(|p| p.message.contains("conflict marker") && p.message.contains("vote v1"))
    );
    assert!(
        plan.problems
            .iter()
            .any(|p| p.message.contains("task huge") && p.message.contains("the limit is"))
    );
    assert!(!plan.file_ops().any(|op| matches!(op, FileOp::Write { .. })));
    for dir in [
        "queue/pending",
        "queue/completed",
        "votes/active",
        "votes/resolved",
    ] {
        let names: Vec<_> = std::fs::read_dir(b.dir.join(dir))
            .unwrap()
            .map(|e| e.unwrap().file_name().into_string().unwrap())
            .filter(|n| !n.starts_with('.'))
            .collect();
        assert_eq!(names, Vec::<String>::new(), "{dir}");
    }
    let aside = std::fs::read_dir(b.dir.join(".remote/rejected"))
        .unwrap()
        .count();
    assert_eq!(aside, 5);
    // Not applied, so reported again by the next sync; set aside once.
    let again = b.sync();
    assert_eq!(again.problems.len(), 5);
    assert_eq!(
        std::fs::read_dir(b.dir.join(".remote/rejected"))
            .unwrap()
            .count(),
        5
    );
    assert_eq!(b.replica.lease(DocKind::Task, "broken").unwrap(), None);
}

#[test]
fn log_lines_travel_per_machine_and_applying_twice_adds_nothing() {
    let remote = Remote::new();
    let a = Machine::join(&remote);
    let b = Machine::join(&remote);
    let log = a.dir.join("log.jsonl");
    std::fs::write(
        &log,
        "{\"event\":\"added\"}\n{\"event\":\"claimed\"}\n{\"event\":\"par",
    )
    .unwrap();
    assert!(a.replica.publish_log(now()).unwrap());
    assert!(
        !a.replica.publish_log(now()).unwrap(),
        "nothing new to publish"
    );
    std::fs::write(
        &log,
        "{\"event\":\"added\"}\n{\"event\":\"claimed\"}\n{\"event\":\"partial\"}\n",
    )
    .unwrap();
    assert!(a.replica.publish_log(now()).unwrap());

    let plan = b.sync();
    let theirs = b
        .dir
        .join(".remote/logs")
        .join(&a.replica.settings().machine)
        .join("log.jsonl");
    let expected = "{\"event\":\"added\"}\n{\"event\":\"claimed\"}\n{\"event\":\"partial\"}\n";
    assert_eq!(std::fs::read_to_string(&theirs).unwrap(), expected);
    // A crash before the applied ref moved: the same plan runs again.
    execute(&b.dir, b.replica.git(), &plan).unwrap();
    assert_eq!(std::fs::read_to_string(&theirs).unwrap(), expected);
    // A's own lines are not copied back to A.
    a.sync();
    assert!(
        !a.dir
            .join(".remote/logs")
            .join(&a.replica.settings().machine)
            .exists()
    );
}

#[test]
fn pause_and_config_changes_are_lease_guarded_too() {
    let remote = Remote::new();
    let a = Machine::join(&remote);
    let b = Machine::join(&remote);
    let paused = b"{\n  \"paused\": true,\n  \"reason\": \"release\"\n}\n";
    a.land(
        a.replica.cas_single(Single::State, paused, now()).unwrap(),
        "state.json",
        paused,
    );
    // B has not synced: its state push expects the old state and loses.
    assert_eq!(
        b.replica
            .cas_single(Single::State, b"{\"paused\": false}\n", now())
            .unwrap(),
        Cas::Moved
    );
    b.sync();
    assert_eq!(b.read("state.json").unwrap(), paused);

    let config = b"leases:\n  ttl: 10m\n";
    b.land(
        b.replica.cas_config(config, now()).unwrap(),
        "config.yaml",
        config,
    );
    a.sync();
    assert_eq!(a.read("config.yaml").unwrap(), config);
    // A config that the config rules refuse is set aside, never applied.
    let refused = b"no_such_key: 1\n";
    a.land(
        a.replica.cas_config(refused, now()).unwrap(),
        "config.yaml",
        refused,
    );
    let plan = b.sync();
    assert_eq!(plan.problems.len(), 1, "{:?}", plan.problems);
    assert_eq!(b.read("config.yaml").unwrap(), config);
}

#[test]
fn three_machines_draining_one_queue_claim_every_task_exactly_once() {
    let remote = Remote::new();
    let machines = [
        Machine::join(&remote),
        Machine::join(&remote),
        Machine::join(&remote),
    ];
    let ids: Vec<String> = (0..12).map(|n| format!("job-{n:02}")).collect();
    let adds: Vec<DocChange> = ids
        .iter()
        .map(|id| DocChange {
            kind: DocKind::Task,
            id: id.clone(),
            old_oid: None,
            new: Some(task(id, "pending", "")),
        })
        .collect();
    assert!(matches!(
        machines[0].replica.publish(&adds, now()).unwrap(),
        Cas::Landed(_)
    ));
    let barrier = Arc::new(Barrier::new(machines.len()));
    let claims: Vec<Vec<String>> = std::thread::scope(|s| {
        let handles: Vec<_> = machines
            .iter()
            .enumerate()
            .map(|(n, m)| {
                let barrier = barrier.clone();
                s.spawn(move || {
                    barrier.wait();
                    drain(m, &format!("agent{n}"))
                })
            })
            .collect();
        handles.into_iter().map(|h| h.join().unwrap()).collect()
    });
    let mut all: Vec<String> = claims.iter().flatten().cloned().collect();
    all.sort();
    assert_eq!(all, ids, "claims per machine: {claims:?}");
    // The remote agrees: each task is held by the machine told it won.
    for (n, mine) in claims.iter().enumerate() {
        for id in mine {
            let doc = remote
                .show(&format!("refs/fed/fed/tasks/{id}:{id}.json"))
                .unwrap();
            let doc = String::from_utf8(doc).unwrap();
            assert!(
                doc.contains(&format!("\"assignee\": \"agent{n}\"")),
                "{doc}"
            );
        }
    }
}

/// A claim loop without ids: sync, take the first pending task, and on a
/// lost race sync again and pick another (backing off with jitter).
fn drain(m: &Machine, agent: &str) -> Vec<String> {
    let mut won = Vec::new();
    let mut backoff = fed::remote::Backoff::new(
        60,
        std::time::Duration::from_millis(5),
        std::time::Duration::from_millis(200),
    );
    loop {
        m.sync();
        let mut pending: Vec<String> = std::fs::read_dir(m.dir.join("queue/pending"))
            .unwrap()
            .filter_map(|e| e.unwrap().file_name().into_string().ok())
            .filter_map(|n| n.strip_suffix(".json").map(str::to_string))
            .collect();
        pending.sort();
        let Some(id) = pending.first() else {
            return won;
        };
        let token = format!("1-{agent}");
        if m.cas_task(id, &claimed(id, &token, agent)) {
            won.push(id.clone());
        } else {
            assert!(backoff.wait(), "{agent} kept losing races");
        }
    }
}

#[test]
fn finished_work_is_published_straight_into_the_archive() {
    let remote = Remote::new();
    let a = Machine::join(&remote);
    let docs: Vec<(DocKind, String, Vec<u8>)> = (0..50)
        .map(|n| {
            let id = format!("old-{n:02}");
            let bytes = done(&id);
            (DocKind::Task, id, bytes)
        })
        .collect();
    let before = remote.refs().len();
    assert_eq!(
        fed::remote::archive::publish_archived(a.replica.git(), a.replica.layout(), &docs, now())
            .unwrap(),
        Published::Landed
    );
    assert_eq!(
        remote.refs().len(),
        before,
        "one branch commit, no new refs"
    );
    let b = Machine::join(&remote);
    for (_, id, bytes) in &docs {
        assert_eq!(
            &b.read(&format!("queue/completed/{id}.json")).unwrap(),
            bytes
        );
    }
    // A stale branch lease loses: nothing lands.
    let c = Machine::join(&remote);
    let more = vec![(DocKind::Task, "old-99".to_string(), done("old-99"))];
    assert_eq!(
        fed::remote::archive::publish_archived(b.replica.git(), b.replica.layout(), &more, now())
            .unwrap(),
        Published::Landed
    );
    assert_eq!(
        fed::remote::archive::publish_archived(c.replica.git(), c.replica.layout(), &more, now())
            .unwrap(),
        Published::Moved
    );
    // A lock left on the branch is named, and nothing lands.
    let lock = remote.path().join("refs/heads/fed.lock");
    std::fs::write(&lock, "").unwrap();
    c.sync();
    let stopped =
        fed::remote::archive::publish_archived(c.replica.git(), c.replica.layout(), &more, now())
            .unwrap();
    assert!(
        matches!(&stopped, Published::Locked(path) if path.ends_with("refs/heads/fed.lock")),
        "{stopped:?}"
    );
}

#[test]
fn remote_set_to_an_unreachable_remote_changes_nothing() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join(".federation");
    fed::store::Store::init(&dir).unwrap();
    let before: BTreeMap<PathBuf, Vec<u8>> = {
        let mut files = BTreeMap::new();
        walk(&dir, &mut files);
        files
    };
    let url = tmp.path().join("no-such-remote.git");
    let url = url.to_string_lossy();
    let err = Replica::set(&dir, &url, "fed", false, b"", now()).unwrap_err();
    assert!(
        err.message
            .starts_with(&format!("remote {url}: cannot reach it")),
        "{}",
        err.message
    );
    assert!(!err.message.contains('\n'));
    let mut after = BTreeMap::new();
    walk(&dir, &mut after);
    assert_eq!(before, after);
    assert!(Replica::open(&dir).unwrap().is_none());
}

/// One machine as a library user (a long-running worker) sees it: a store
/// with the commit hook installed, and operations wrapped in the redo loop.
struct Worker {
    _tmp: tempfile::TempDir,
    store: fed::store::Store,
    replica: Replica,
    config: fed::config::Config,
}

impl Worker {
    fn new(remote: &Remote, first: bool) -> Worker {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join(".federation");
        fed::store::Store::init(&dir).unwrap();
        let store = fed::store::Store::open(&dir).unwrap();
        let config_bytes = std::fs::read(dir.join("config.yaml")).unwrap();
        let (replica, how) =
            Replica::set(&dir, &remote.url(), "fed", !first, &config_bytes, now()).unwrap();
        assert_eq!(
            how,
            if first {
                Connected::Created
            } else {
                Connected::Joined
            }
        );
        fed::remote::session::adopt::adopt(&store, &replica, now()).unwrap();
        let hook = fed::remote::hook::GitPublisher::new(
            replica.clone(),
            now(),
            fed::remote::hook::Offline::Never,
        );
        store.set_publisher(Box::new(hook));
        let config = store.config().unwrap();
        Worker {
            _tmp: tmp,
            store,
            replica,
            config,
        }
    }

    fn op(&self, agent: &str) -> fed::op::Op<'_> {
        fed::op::Op::new(&self.store, &self.config, Some(agent.into()), now(), None)
    }

    fn claim(&self, agent: &str, id: Option<&str>) -> fed::Result<fed::model::Task> {
        let op = self.op(agent);
        // As after a sync of its own: only lost races are redone.
        let first = fed::remote::session::Synced {
            fetched: true,
            ..Default::default()
        };
        fed::remote::session::redo(&self.store, &self.replica, now(), &first, || {
            let request = fed::queue::claim::ClaimRequest {
                id: id.map(str::to_string),
                ..Default::default()
            };
            fed::queue::claim::claim(&op, request)
        })
    }
}

#[test]
fn library_callers_get_the_hook_and_the_redo_loop() {
    let remote = Remote::new();
    let a = Worker::new(&remote, true);
    let b = Worker::new(&remote, false);
    let add = |w: &Worker, what: &str| {
        let new = fed::queue::add::NewTask {
            description: what.into(),
            ..Default::default()
        };
        fed::queue::add::add(&w.op("boss"), new).unwrap().task_id
    };
    let t1 = add(&a, "one");
    let t2 = add(&a, "two");
    // Both are on the remote: a library add went through the hook.
    let refs = remote.refs();
    assert!(
        refs.contains_key(&format!("refs/fed/fed/tasks/{t1}")),
        "{refs:?}"
    );
    assert!(refs.contains_key(&format!("refs/fed/fed/tasks/{t2}")));
    // B has not synced: it knows neither task, so it finds nothing.
    let err = b.claim("bob", None).unwrap_err();
    assert_eq!(err.kind, fed::Kind::NothingToDo, "{}", err.message);
    fed::remote::session::sync(&b.store, &b.replica, now(), Default::default()).unwrap();
    // A claims t1; B, behind, claims it by name: the remote refuses, the
    // redo syncs and finds it claimed (exit 5 material), and nothing of
    // B's reached the remote.
    let won = a.claim("kimi", Some(&t1)).unwrap();
    assert_eq!(won.assignee.as_deref(), Some("kimi"));
    let err = b.claim("bob", Some(&t1)).unwrap_err();
    assert_eq!(err.kind, fed::Kind::Conflict, "{}", err.message);
    assert!(
        err.message.contains("already claimed by kimi"),
        "{}",
        err.message
    );
    let doc = remote
        .show(&format!("refs/fed/fed/tasks/{t1}:{t1}.json"))
        .unwrap();
    assert!(!String::from_utf8_lossy(&doc).contains("bob"));
    // A claim without an id passes over the lost task to the other one.
    let other = b.claim("bob", None).unwrap();
    assert_eq!(other.task_id, t2);
    assert!(b.replica.lease(DocKind::Task, &t2).unwrap().is_some());
}
