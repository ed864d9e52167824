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
            format!("cannot {action} it: {}", crate::error::describe_io(&e)),
        )
    };
    let real = file.canonicalize().map_err(|e| io("open", e))?;
    let real_root = root
        .canonicalize()
        .map_err(|e| io("resolve the project of", e))?;
    let named = absolute(file).map_err(|e| io("resolve", e))?;
    let named_root = absolute(root).map_err(|e| io("resolve the project of", e))?;
    let inside_named = named.starts_with(&named_root) || named.starts_with(&real_root);
    let inside_real = real.starts_with(&real_root);
    if inside_named && !inside_real {
        return Err(fail(
            Problem::OutOfTree,
            format!(
                "leads through a symlink to {}, outside the project; plans are read only from inside it",
                real.display()
            ),
        ));
    }
    let meta = std::fs::metadata(&real).map_err(|e| io("open", e))?;
    if !meta.is_file() {
        return Err(fail(Problem::NotAFile, "is not a regular file".to_string()));
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
        format!("is {bytes} bytes or more; the limit is {MAX_PLAN_BYTES} (4 MiB): split it"),
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
                "is not UTF-8 text; save it as UTF-8",
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
