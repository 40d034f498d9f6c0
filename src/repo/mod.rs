//! Content sources: the repository found from PATH, and the files of its
//! working tree. Every path inside is repository-relative with `/`
//! separators.

pub mod git;
mod memory;
mod tree;
mod worktree;

use std::path::{Component, Path, PathBuf};

pub use memory::MemoryFiles;
pub use tree::TreeFiles;
pub use worktree::WorkTree;

use crate::document::MAX_DOCUMENT_BYTES;

/// The reason a file could not be read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ReadError {
    NotFound,
    TooLarge(u64),
    /// A symbolic link that leads outside the repository, is broken or loops.
    Link(String),
    NotAFile,
    Io(String),
}

impl ReadError {
    pub fn describe(&self) -> String {
        match self {
            ReadError::NotFound => "file not found".into(),
            ReadError::TooLarge(size) => format!(
                "file is {size} bytes, more than the limit of {MAX_DOCUMENT_BYTES} bytes; it was not read"
            ),
            ReadError::Link(reason) => reason.clone(),
            ReadError::NotAFile => "is a directory, not a file".into(),
            ReadError::Io(message) => format!("cannot be read: {message}"),
        }
    }

    /// Describes the error to follow a file's name, as in "roster file
    /// `owners.yaml` not found", without repeating the word "file".
    pub fn describe_after_name(&self) -> String {
        match self {
            ReadError::NotFound => "not found".into(),
            ReadError::TooLarge(size) => format!(
                "is {size} bytes, more than the limit of {MAX_DOCUMENT_BYTES} bytes; it was not read"
            ),
            other => other.describe(),
        }
    }
}

/// A file found by [`Files::list`], or an entry that was passed over.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Listed {
    File(String),
    Skipped { path: String, reason: ReadError },
}

/// The files of one state of the repository.
pub trait Files: Sync {
    /// Read a file, at most [`MAX_DOCUMENT_BYTES`] bytes.
    fn read(&self, path: &str) -> Result<Vec<u8>, ReadError>;

    /// Lists every file below the folder `dir` (`""` for the root), without
    /// following links to folders and without entering `.git`.
    fn list(&self, dir: &str) -> Vec<Listed>;

    fn exists(&self, path: &str) -> bool;
}

/// The repository a run works on.
pub struct Workspace {
    /// The root of the working tree, or PATH itself outside Git.
    pub root: PathBuf,
    /// PATH relative to the root (`""` when PATH is the root).
    pub start: String,
    /// The Git repository, when PATH is inside one with a working tree or
    /// is a bare repository.
    pub git: Option<gix::ThreadSafeRepository>,
    /// PATH is a bare repository: there is no working tree to read.
    pub bare: bool,
}

impl Workspace {
    /// Find the repository that contains `path`. Outside Git, `path` itself
    /// is the root.
    pub fn open(path: &Path) -> Result<Workspace, String> {
        let metadata = std::fs::metadata(path)
            .map_err(|e| format!("cannot open `{}`: {e}", path.display()))?;
        if !metadata.is_dir() {
            return Err(format!("`{}` is not a directory", path.display()));
        }
        let path = path
            .canonicalize()
            .map_err(|e| format!("cannot open `{}`: {e}", path.display()))?;

        let discovered = git::discover(&path).and_then(|repo| match repo.work_dir() {
            Some(workdir) => {
                let workdir = workdir.canonicalize().ok()?;
                path.starts_with(&workdir).then_some((workdir, repo, false))
            }
            // A bare repository has no working tree; its files are read
            // from a commit, with PATH as the root.
            None => Some((path.clone(), repo, true)),
        });
        let (root, git, bare) = match discovered {
            Some((root, repo, bare)) => (root, Some(repo), bare),
            None => {
                log::debug!("`{}` is not inside a Git working tree", path.display());
                (path.clone(), None, false)
            }
        };
        log::debug!("repository root: {}", root.display());
        let start = relative_to(&path, &root).unwrap_or_default();
        Ok(Workspace {
            root,
            start,
            git,
            bare,
        })
    }

    pub fn worktree(&self) -> WorkTree {
        WorkTree::new(self.root.clone())
    }
}

/// `path` relative to `root`, with `/` separators, if it is inside.
pub fn relative_to(path: &Path, root: &Path) -> Option<String> {
    let rest = path.strip_prefix(root).ok()?;
    let parts: Vec<String> = rest
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    Some(parts.join("/"))
}

/// Join a relative path written in a file in folder `dir` (both
/// repository-relative), resolving `.` and `..` without touching the disk.
/// `None` when the result would leave the repository or `path` is absolute.
pub fn join(dir: &str, path: &str) -> Option<String> {
    let written = Path::new(path);
    if written.is_absolute() || path.starts_with('/') || path.starts_with('\\') {
        return None;
    }
    let mut parts: Vec<String> = dir
        .split('/')
        .filter(|p| !p.is_empty())
        .map(str::to_owned)
        .collect();
    for component in written.components() {
        match component {
            Component::Normal(part) => parts.push(part.to_string_lossy().into_owned()),
            Component::CurDir => {}
            Component::ParentDir => {
                parts.pop()?;
            }
            Component::RootDir | Component::Prefix(_) => return None,
        }
    }
    Some(parts.join("/"))
}

/// Returns the folder part of a repository-relative path.
pub fn parent(path: &str) -> &str {
    path.rfind('/').map_or("", |i| &path[..i])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn join_resolves_and_guards() {
        assert_eq!(join("a/b", "soa.yaml").as_deref(), Some("a/b/soa.yaml"));
        assert_eq!(join("a/b", "../c.yaml").as_deref(), Some("a/c.yaml"));
        assert_eq!(join("", "./x/y").as_deref(), Some("x/y"));
        assert_eq!(join("a", "../../etc/passwd"), None);
        assert_eq!(join("a", "/etc/passwd"), None);
    }

    #[test]
    fn parent_of_paths() {
        assert_eq!(parent("a/b/c.md"), "a/b");
        assert_eq!(parent("c.md"), "");
    }
}
