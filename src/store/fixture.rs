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
