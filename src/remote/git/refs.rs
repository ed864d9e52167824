//! Reading one ref of the replica without a git process.

use super::Git;
use crate::error::Result;
use crate::remote::Oid;

impl Git {
    /// The commit a replica ref names, read as git's files backend keeps
    /// it, without a git process: its loose ref file, else its line in
    /// `packed-refs` (a loose ref wins; `git pack-refs` writes the packed
    /// file before it removes loose ones). Anything unexpected (a
    /// symbolic ref, say) is asked of git, and so is every ref of a
    /// replica that keeps its refs in a reftable (one made before fed
    /// pinned the files format, by a git told to prefer reftable): there
    /// neither file exists, which must not read as "no such ref".
    pub fn read_ref(&self, name: &str) -> Result<Option<Oid>> {
        let git_dir = self.git_dir();
        match std::fs::read_to_string(git_dir.join(name)) {
            Ok(text) => {
                if let Some(oid) = Oid::parse(text.trim()) {
                    return Ok(Some(oid));
                }
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                match std::fs::read_to_string(git_dir.join("packed-refs")) {
                    Ok(packed) => return Ok(packed_ref(&packed, name)),
                    Err(e)
                        if e.kind() == std::io::ErrorKind::NotFound
                            && !git_dir.join("reftable").exists() =>
                    {
                        return Ok(None);
                    }
                    Err(_) => {}
                }
            }
            Err(_) => {}
        }
        Ok(self.rev_parse(&[name.to_string()])?.pop().flatten())
    }
}

/// The commit `name` has in the text of a `packed-refs` file.
fn packed_ref(packed: &str, name: &str) -> Option<Oid> {
    packed.lines().find_map(|line| {
        let (oid, refname) = line.split_once(' ')?;
        (refname == name).then(|| Oid::parse(oid)).flatten()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn packed_refs_are_read_by_name() {
        let a = "1f66ada68338f0f77431fdaf5a19cc2efc75c240";
        let b = "2f66ada68338f0f77431fdaf5a19cc2efc75c240";
        let packed = format!(
            "# pack-refs with: peeled fully-peeled sorted \n{a} refs/applied/fed/fed/tasks/t1\n{b} refs/applied/fed/fed/tasks/t10\n^{a}\n"
        );
        assert_eq!(
            packed_ref(&packed, "refs/applied/fed/fed/tasks/t1"),
            Oid::parse(a)
        );
        assert_eq!(
            packed_ref(&packed, "refs/applied/fed/fed/tasks/t10"),
            Oid::parse(b)
        );
        assert_eq!(packed_ref(&packed, "refs/applied/fed/fed/tasks/t"), None);
    }
}
