//! Documents made while the remote was unreachable: a `queue add` or a
//! `vote create` may wait for the network (everything else must reach the
//! remote to be acknowledged); and the tasks of a batch (`queue add
//! --from-file`), which its command publishes together at its end. The
//! document is published locally as on one machine, and an empty file
//! `.remote/outbox/KIND-ID` marks it; the next sync publishes every marked
//! document straight into the archive, in one commit on the branch, and
//! removes the marks.
//!
//! The mark is written (and fsynced) before the local publish, so a crash
//! never leaves an unpublished document unmarked; a mark whose document is
//! already on the remote (a publish cut short before the mark went) is
//! simply removed by the next sync.
//!
//! A `queue note` made offline marks its task `notes-ID` instead: the
//! sync adds the notes this directory has and the remote lacks to the
//! remote's current version ([`crate::remote::session`]). Before it
//! replaces the local file, it writes those notes into the mark (JSON), so
//! that a crash in between loses none.

use crate::error::{Error, Result};
use crate::model::Note;
use crate::remote::layout::DocKind;
use crate::remote::state::Paths;
use std::path::Path;

/// Marks document `id` as waiting to be published.
pub fn add(paths: &Paths, kind: DocKind, id: &str) -> Result<()> {
    add_named(paths, &kind.label(id))
}

fn add_named(paths: &Paths, name: &str) -> Result<()> {
    paths.ensure_dir()?;
    let dir = paths.outbox_dir();
    match std::fs::create_dir(&dir) {
        Ok(()) => sync_dir(paths.dir())?,
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {}
        Err(e) => return Err(Error::io(&dir, "create", &e)),
    }
    let path = dir.join(name);
    match std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&path)
    {
        Ok(_) => sync_dir(&dir),
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => Ok(()),
        Err(e) => Err(Error::io(&path, "create", &e)),
    }
}

/// The documents waiting, oldest name first.
pub fn list(paths: &Paths) -> Vec<(DocKind, String)> {
    let Ok(entries) = std::fs::read_dir(paths.outbox_dir()) else {
        return Vec::new();
    };
    let mut found: Vec<(DocKind, String)> = entries
        .flatten()
        .filter_map(|e| parse(&e.file_name().to_string_lossy()))
        .collect();
    found.sort();
    found
}

/// Removes the mark of a document that is on the remote now.
pub fn remove(paths: &Paths, kind: DocKind, id: &str) {
    let _ = std::fs::remove_file(paths.outbox_dir().join(kind.label(id)));
}

/// Marks task `id` as holding notes the remote does not have yet.
pub fn mark_notes(paths: &Paths, id: &str) -> Result<()> {
    add_named(paths, &format!("{NOTES}-{id}"))
}

/// The tasks with notes waiting.
pub fn noted(paths: &Paths) -> Vec<String> {
    let Ok(entries) = std::fs::read_dir(paths.outbox_dir()) else {
        return Vec::new();
    };
    let mut found: Vec<String> = entries
        .flatten()
        .filter_map(|e| {
            let name = e.file_name().to_string_lossy().into_owned();
            let id = name.strip_prefix(NOTES)?.strip_prefix('-')?.to_string();
            crate::model::id::validate_id(&id, "outbox").ok()?;
            Some(id)
        })
        .collect();
    found.sort();
    found
}

/// The notes saved in task `id`'s mark (empty while it is only a mark).
pub fn saved_notes(paths: &Paths, id: &str) -> Vec<Note> {
    let path = paths.outbox_dir().join(format!("{NOTES}-{id}"));
    std::fs::read(path)
        .ok()
        .and_then(|bytes| serde_json::from_slice(&bytes).ok())
        .unwrap_or_default()
}

/// Saves the notes of task `id` that wait, before its file is replaced.
pub fn save_notes(paths: &Paths, id: &str, notes: &[Note]) -> Result<()> {
    let path = paths.outbox_dir().join(format!("{NOTES}-{id}"));
    let bytes = serde_json::to_vec_pretty(notes).expect("notes serialize");
    crate::remote::state::write_atomic(&path, &bytes)
}

/// Removes task `id`'s notes mark: the remote has them all.
pub fn remove_notes(paths: &Paths, id: &str) {
    let _ = std::fs::remove_file(paths.outbox_dir().join(format!("{NOTES}-{id}")));
}

const NOTES: &str = "notes";

fn parse(name: &str) -> Option<(DocKind, String)> {
    let (kind, id) = name.split_once('-')?;
    let kind = DocKind::ALL.into_iter().find(|k| k.name() == kind)?;
    crate::model::id::validate_id(id, "outbox").ok()?;
    Some((kind, id.to_string()))
}

fn sync_dir(dir: &Path) -> Result<()> {
    std::fs::File::open(dir)
        .and_then(|f| f.sync_all())
        .map_err(|e| Error::io(dir, "sync", &e))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn marks_round_trip_and_ignore_strangers() {
        let dir = tempfile::tempdir().unwrap();
        let paths = Paths::new(dir.path());
        assert_eq!(list(&paths), []);
        add(&paths, DocKind::Task, "t-1").unwrap();
        add(&paths, DocKind::Task, "t-1").unwrap();
        add(&paths, DocKind::Vote, "v1").unwrap();
        std::fs::write(paths.outbox_dir().join("junk"), b"").unwrap();
        std::fs::write(paths.outbox_dir().join("task-..bad"), b"").unwrap();
        assert_eq!(
            list(&paths),
            [
                (DocKind::Task, "t-1".to_string()),
                (DocKind::Vote, "v1".to_string())
            ]
        );
        remove(&paths, DocKind::Task, "t-1");
        assert_eq!(list(&paths), [(DocKind::Vote, "v1".to_string())]);
        // Notes marks are their own list, and carry saved notes.
        mark_notes(&paths, "t-2").unwrap();
        assert_eq!(noted(&paths), ["t-2"]);
        assert_eq!(list(&paths), [(DocKind::Vote, "v1".to_string())]);
        assert_eq!(saved_notes(&paths, "t-2"), []);
        let note = Note {
            agent: "kimi".into(),
            at: "2026-11-21T09:00:00Z".parse().unwrap(),
            text: "offline".into(),
            extra: Default::default(),
        };
        save_notes(&paths, "t-2", std::slice::from_ref(&note)).unwrap();
        mark_notes(&paths, "t-2").unwrap();
        assert_eq!(saved_notes(&paths, "t-2"), [note]);
        remove_notes(&paths, "t-2");
        assert_eq!(noted(&paths), Vec::<String>::new());
    }
}
