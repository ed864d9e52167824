//! What every git run is spared and given: the inherited variables that
//! would point git elsewhere, removed, and the settings passed with `-c`
//! ([`super::Git`]'s command).

use std::ffi::OsString;

/// Inherited variables that would point git at another repository or
/// change what a command does; removed from every run.
const SCRUBBED: &[&str] = &[
    "GIT_DIR",
    "GIT_WORK_TREE",
    "GIT_INDEX_FILE",
    "GIT_OBJECT_DIRECTORY",
    "GIT_ALTERNATE_OBJECT_DIRECTORIES",
    "GIT_COMMON_DIR",
    "GIT_NAMESPACE",
    "GIT_CEILING_DIRECTORIES",
    "GIT_DISCOVERY_ACROSS_FILESYSTEM",
    "GIT_PREFIX",
    "GIT_QUARANTINE_PATH",
    "GIT_REPLACE_REF_BASE",
    "GIT_NO_REPLACE_OBJECTS",
    "GIT_GRAFT_FILE",
    "GIT_SHALLOW_FILE",
    "GIT_CONFIG",
    "GIT_CONFIG_PARAMETERS",
    "GIT_CONFIG_COUNT",
    "GIT_EDITOR",
    "GIT_SEQUENCE_EDITOR",
    "GIT_PAGER",
    "GIT_EXTERNAL_DIFF",
    "GIT_DIFF_OPTS",
    "GIT_AUTHOR_DATE",
    "GIT_COMMITTER_DATE",
    "GIT_REFLOG_ACTION",
    "GIT_TRACE",
    "GIT_TRACE_PACKET",
    "GIT_TRACE_PERFORMANCE",
    "GIT_TRACE2",
    "GIT_TRACE2_EVENT",
    "GIT_TRACE2_PERF",
    "LANGUAGE",
];

/// Settings given to every run with `-c`.
pub(super) const CONFIG: &[&str] = &[
    "core.hooksPath=/dev/null",
    "core.pager=cat",
    "core.editor=true",
    "core.quotePath=false",
    "core.fsync=committed",
    // Wait for a ref another local git holds instead of failing at once.
    "core.filesRefLockTimeout=2000",
    "core.packedRefsTimeout=2000",
    "gc.auto=0",
    // Keep what fast-import writes and what a fetch brings as packs: one
    // file and one flush for all of a change's objects, where unpacking
    // them costs a git process and a flush per object.
    "fastimport.unpackLimit=0",
    "fetch.unpackLimit=1",
    "maintenance.auto=false",
    "commit.gpgSign=false",
    "push.gpgSign=false",
    "push.followTags=false",
    "push.recurseSubmodules=no",
    "fetch.recurseSubmodules=no",
    "protocol.version=2",
    // The replica keeps its refs as files, whatever the user's git
    // prefers: fed reads them without a git process (`Replica::read_ref`).
    // Older git, which knows only files, ignores the setting.
    "init.defaultRefFormat=files",
    "color.ui=false",
    "advice.pushUpdateRejected=false",
];

/// Which of the inherited variables `keys` a run must not see.
pub(super) fn scrubbed(keys: impl Iterator<Item = OsString>) -> Vec<OsString> {
    keys.filter(|key| {
        let key = key.to_string_lossy();
        SCRUBBED.contains(&key.as_ref())
            || key.starts_with("GIT_CONFIG_KEY_")
            || key.starts_with("GIT_CONFIG_VALUE_")
    })
    .collect()
}
