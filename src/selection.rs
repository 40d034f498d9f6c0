//! `check -- FILES...`: the files pre-commit passes. Findings located in a
//! document are kept only when the document is named. Findings located
//! elsewhere (the SoA, the config) or nowhere are repository-level and always
//! kept, because a change to one document can leave a control uncovered.

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use crate::check::Report;
use crate::repo;

/// Converts FILES (relative to the current folder, as pre-commit passes
/// them) to repository-relative paths. A folder is rejected, because
/// findings are kept by document path and a folder would match none.
pub fn resolve(files: &[PathBuf], root: &Path) -> Result<Vec<String>, String> {
    let root = root
        .canonicalize()
        .map_err(|e| format!("cannot open `{}`: {e}", root.display()))?;
    let mut resolved = Vec::with_capacity(files.len());
    for file in files {
        let canonical = canonical_parent(file).map_err(|e| {
            format!(
                "cannot open `{}` named after `--`: {e}; name files that exist in the repository",
                file.display()
            )
        })?;
        if canonical.is_dir() {
            return Err(format!(
                "`{}` named after `--` is a folder, not a file; name the documents in it instead, such as `{}/*.md`",
                file.display(),
                file.display()
            ));
        }
        let relative = repo::relative_to(&canonical, &root).ok_or_else(|| {
            format!(
                "`{}` named after `--` is outside the repository at `{}`",
                file.display(),
                root.display()
            )
        })?;
        resolved.push(relative);
    }
    Ok(resolved)
}

/// Keeps the per-document findings of the named documents only.
pub fn restrict(report: &mut Report, named: &[String]) {
    let documents: HashSet<&str> = report
        .checked_documents
        .iter()
        .map(|d| d.path.as_str())
        .collect();
    let named: HashSet<&str> = named.iter().map(String::as_str).collect();
    report.diagnostics.retain(|d| match d.path() {
        Some(path) if documents.contains(path) => named.contains(path),
        _ => true,
    });
}

/// Resolves the folders of `file` but not the file itself, so that a
/// document that is a symbolic link keeps its own path.
fn canonical_parent(file: &Path) -> std::io::Result<PathBuf> {
    let absolute = std::path::absolute(file)?;
    std::fs::symlink_metadata(&absolute)?;
    match (absolute.parent(), absolute.file_name()) {
        (Some(parent), Some(name)) => Ok(parent.canonicalize()?.join(name)),
        _ => absolute.canonicalize(),
    }
}
