//! Reading a plan file: refused, with the file named, when it is not a
//! regular file, is larger than [`MAX_PLAN_BYTES`], is not UTF-8, or is a
//! symlink (or reached through one) that leads out of the project.
//!
//! The plan's path in keys is its real path relative to the project root,
//! so `plan.md`, `./plan.md`, an absolute path or a symlink inside the
//! project all name the same plan. A path given outside the project (not
//! through a symlink) is read as asked, and keyed by its absolute path.

use super::MAX_PLAN_BYTES;
use super::error::{PlanError, Problem};
use super::key::normalize_path;
use std::io::Read;
use std::path::{Component, Path, PathBuf};

/// A plan's text and the path that identifies it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlanFile {
    pub text: String,
    /// Relative to the project root and `/`-separated when the file is in
    /// the project; absolute otherwise.
    pub path: String,
}

/// Reads `file` (relative to the working directory, or absolute) for a
/// project whose root is `root`.
pub fn read_plan(file: &Path, root: &Path) -> Result<PlanFile, PlanError> {
    let shown = file.display().to_string();
    let fail = |problem, detail: String| PlanError::new(problem, &shown, None, detail);
    let io = |action: &str, e: std::io::Error| {
        fail(
            Problem::Io,
            format!("cannot {action}: {}", crate::error::describe_io(&e)),
        )
    };
    let real = file.canonicalize().map_err(|e| io("open", e))?;
    let real_root = root
        .canonicalize()
        .map_err(|e| io("resolve the project root", e))?;
    let named = absolute(file).map_err(|e| io("resolve", e))?;
    let named_root = absolute(root).map_err(|e| io("resolve the project root", e))?;
    let inside_named = named.starts_with(&named_root) || named.starts_with(&real_root);
    let inside_real = real.starts_with(&real_root);
    if inside_named && !inside_real {
        return Err(fail(
            Problem::OutOfTree,
            format!(
                "a symlink (or a path through one) to {}, outside the project; plans are read only from inside it",
                real.display()
            ),
        ));
    }
    let meta = std::fs::metadata(&real).map_err(|e| io("open", e))?;
    if !meta.is_file() {
        return Err(fail(Problem::NotAFile, "not a regular file".to_string()));
    }
    if meta.len() > MAX_PLAN_BYTES as u64 {
        return Err(too_large(&shown, meta.len()));
    }
    let mut bytes = Vec::new();
    std::fs::File::open(&real)
        .and_then(|f| f.take(MAX_PLAN_BYTES as u64 + 1).read_to_end(&mut bytes))
        .map_err(|e| io("read", e))?;
    if bytes.len() > MAX_PLAN_BYTES {
        return Err(too_large(&shown, bytes.len() as u64));
    }
    let text = decode(bytes, &shown)?;
    let path = match real.strip_prefix(&real_root) {
        Ok(rel) => normalize_path(&rel.to_string_lossy()),
        Err(_) => real.to_string_lossy().into_owned(),
    };
    Ok(PlanFile { text, path })
}

fn too_large(file: &str, bytes: u64) -> PlanError {
    PlanError::new(
        Problem::TooLarge,
        file,
        None,
        format!("{bytes} bytes or more; the limit is {MAX_PLAN_BYTES} (4 MiB): split the plan"),
    )
}

/// The text, without a byte-order mark; the line of the first bad byte
/// when it is not UTF-8.
pub(super) fn decode(bytes: Vec<u8>, file: &str) -> Result<String, PlanError> {
    match String::from_utf8(bytes) {
        Ok(text) => Ok(match text.strip_prefix('\u{feff}') {
            Some(rest) => rest.to_string(),
            None => text,
        }),
        Err(e) => {
            let good = e.utf8_error().valid_up_to();
            let line = e.as_bytes()[..good].iter().filter(|b| **b == b'\n').count() + 1;
            Err(PlanError::new(
                Problem::NotUtf8,
                file,
                Some(line),
                "not UTF-8 text; save the plan as UTF-8",
            ))
        }
    }
}

/// `path` made absolute against the working directory, `.` and `..`
/// resolved lexically (without following symlinks).
fn absolute(path: &Path) -> std::io::Result<PathBuf> {
    let joined = if path.is_absolute() {
        path.to_path_buf()
    } else {
        std::env::current_dir()?.join(path)
    };
    let mut out = PathBuf::new();
    for part in joined.components() {
        match part {
            Component::CurDir => {}
            Component::ParentDir => {
                out.pop();
            }
            other => out.push(other),
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::os::unix::fs::symlink;

    #[test]
    fn reads_a_plan_in_the_project_by_its_real_relative_path() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        std::fs::create_dir(root.join("docs")).unwrap();
        std::fs::write(root.join("docs/plan.md"), "\u{feff}- [ ] a\n").unwrap();
        symlink("docs/plan.md", root.join("plan.md")).unwrap();
        for name in ["docs/plan.md", "docs/../docs/./plan.md", "plan.md"] {
            let file = read_plan(&root.join(name), root).unwrap();
            assert_eq!(
                file,
                PlanFile {
                    text: "- [ ] a\n".into(),
                    path: "docs/plan.md".into()
                }
            );
        }
    }

    #[test]
    fn refuses_symlinks_out_of_the_project() {
        let outside = tempfile::tempdir().unwrap();
        std::fs::write(outside.path().join("secret.md"), "- [ ] x\n").unwrap();
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        symlink(outside.path().join("secret.md"), root.join("plan.md")).unwrap();
        symlink(outside.path(), root.join("linked")).unwrap();
        for name in ["plan.md", "linked/secret.md"] {
            let err = read_plan(&root.join(name), root).unwrap_err();
            assert_eq!(err.problem, Problem::OutOfTree);
            assert!(
                err.to_string()
                    .starts_with(&root.join(name).display().to_string()),
                "{err}"
            );
            assert!(err.to_string().contains("outside the project"), "{err}");
        }
        // Named outside the project on purpose: read, keyed by its real path.
        let file = read_plan(&outside.path().join("secret.md"), root).unwrap();
        assert!(file.path.starts_with('/') && file.path.ends_with("/secret.md"));
    }

    #[test]
    fn refuses_non_files_large_files_and_other_encodings() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        let err = read_plan(root, root).unwrap_err();
        assert_eq!(err.problem, Problem::NotAFile);
        let big = root.join("big.md");
        std::fs::write(&big, vec![b'x'; MAX_PLAN_BYTES + 1]).unwrap();
        assert_eq!(
            read_plan(&big, root).unwrap_err().problem,
            Problem::TooLarge
        );
        let latin1 = root.join("latin1.md");
        std::fs::write(&latin1, b"# Plan\n- [ ] caf\xe9\n").unwrap();
        let err = read_plan(&latin1, root).unwrap_err();
        assert_eq!((err.problem, err.line), (Problem::NotUtf8, Some(2)));
        assert_eq!(
            err.to_string(),
            format!(
                "{}: line 2: not UTF-8 text; save the plan as UTF-8",
                latin1.display()
            )
        );
        let missing = read_plan(&root.join("nope.md"), root).unwrap_err();
        assert_eq!(missing.problem, Problem::Io);
        assert!(
            missing
                .to_string()
                .ends_with("nope.md: cannot open: No such file or directory"),
            "{missing}"
        );
        let err: crate::error::Error = missing.into();
        assert_eq!(err.kind, crate::error::Kind::Io);
    }
}
