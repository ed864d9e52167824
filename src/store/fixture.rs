//! What the store's unit tests start from.

use super::Store;

/// A new federation in a temporary directory (removed when the guard
/// drops).
pub(crate) fn temp_store() -> (tempfile::TempDir, Store) {
    let dir = tempfile::tempdir().expect("temp dir");
    let root = dir.path().join(".federation");
    Store::init(&root).expect("init");
    let store = Store::open(&root).expect("open");
    (dir, store)
}

/// Writes a pending task file `id` with `title` (in place when it exists:
/// the same inode, as `echo > file` would).
pub(crate) fn write_pending(store: &Store, id: &str, title: &str) {
    let json = format!(
        r#"{{"task_id":"{id}","title":"{title}","description":"d","status":"pending","created_at":"2026-01-01T00:00:00Z","updated_at":"2026-01-01T00:00:00Z"}}"#
    );
    let path = store.task_path(super::layout::Folder::Pending, id, None);
    std::fs::write(path, json).expect("write a pending task");
}
