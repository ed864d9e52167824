//! New documents straight into the archive, through the group commit:
//! the pusher writes every archive request waiting into one commit on
//! top of the branch as this replica last saw it (its mirror ref), and
//! pushes it expecting that commit. When the branch moved meanwhile
//! (another machine added, folded, or changed the config), the push is
//! refused and each requester publishes its document on a live ref of
//! its own instead ([`Replica::add`](crate::remote::Replica::add)).

use crate::error::Result;
use crate::model::time::Timestamp;
use crate::remote::git::Git;
use crate::remote::git::objects::RefUpdate;
use crate::remote::git::transport::PushRef;
use crate::remote::layout::Layout;
use crate::remote::push;

/// The commit adding `docs` (archive path, content) to the branch as the
/// mirror has it, and its push; `None` when this replica never saw the
/// branch.
pub(super) fn commit(
    git: &Git,
    layout: &Layout,
    docs: &[(&str, &[u8])],
    now: Timestamp,
) -> Result<Option<PushRef>> {
    let name = layout.branch_ref();
    let Some(tip) = git.read_ref(&layout.mirror(&name))? else {
        return Ok(None);
    };
    let subject = match docs {
        [(path, _)] => format!("add {path}"),
        _ => format!("add {} documents", docs.len()),
    };
    let files = docs.iter().map(|(p, b)| (p.to_string(), *b)).collect();
    let new = push::commit_into(git, files, &tip, &subject, now)?;
    Ok(Some(PushRef {
        name,
        new: Some(new),
        expect: Some(tip),
    }))
}

/// The branch push landed: the mirror follows it (if nothing moved it
/// meanwhile), so that the next add builds on it without a fetch. The
/// applied ref is not the pusher's to move: the directory reflects the
/// new documents only once their requesters published them. An add
/// alone in its commit moves it when it settles
/// ([`push_request`](super::push_request)); otherwise the next sync finds
/// the documents here (the same content: only the ref moves).
pub(super) fn record(git: &Git, layout: &Layout, pushed: &PushRef) {
    let _ = git.update_refs(&[RefUpdate {
        name: layout.mirror(&pushed.name),
        new: pushed.new.clone(),
        old: Some(pushed.expect.clone()),
    }]);
}
