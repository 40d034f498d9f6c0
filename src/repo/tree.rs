//! Files read from a commit's tree in the object database, for `--rev`,
//! `--as-of`, `--diff-base` and bare repositories. The working tree is never
//! touched.

use gix::ObjectId;

use super::{Files, Listed, ReadError};
use crate::document::MAX_DOCUMENT_BYTES;
use crate::history::trees::{Change, Entry, Trees};

/// How many symbolic links in a row are followed before giving up.
const MAX_LINK_HOPS: usize = 8;

/// The tree of one commit.
pub struct TreeFiles {
    repo: gix::ThreadSafeRepository,
    tree: ObjectId,
}

impl TreeFiles {
    pub fn new(repo: gix::ThreadSafeRepository, tree: ObjectId) -> Self {
        TreeFiles { repo, tree }
    }

    /// Finds the blob at `path`, following symbolic links whose target is
    /// inside the tree.
    fn blob_at(&self, trees: &mut Trees, path: &str) -> Result<ObjectId, ReadError> {
        let mut path = path.to_owned();
        for _ in 0..=MAX_LINK_HOPS {
            let entry = trees
                .lookup(self.tree, &path)
                .map_err(ReadError::Io)?
                .ok_or(ReadError::NotFound)?;
            let id = match entry {
                Entry::Blob(id) => return Ok(id),
                Entry::Link(id) => id,
                Entry::Tree(_) => return Err(ReadError::NotAFile),
                Entry::Submodule => return Err(ReadError::NotFound),
            };
            let target = trees.blob(id).map_err(ReadError::Io)?;
            let target = String::from_utf8_lossy(&target).into_owned();
            path = super::join(super::parent(&path), &target).ok_or_else(|| {
                ReadError::Link(
                    "is a symbolic link to a file outside the repository; it was not read".into(),
                )
            })?;
        }
        Err(ReadError::Link(
            "is a symbolic link that cannot be resolved (too many levels)".into(),
        ))
    }
}

impl Files for TreeFiles {
    fn read(&self, path: &str) -> Result<Vec<u8>, ReadError> {
        let repo = self.repo.to_thread_local();
        let mut trees = Trees::new(&repo);
        let id = self.blob_at(&mut trees, path)?;
        let size = repo
            .find_header(id)
            .map(|h| h.size())
            .map_err(|e| ReadError::Io(e.to_string()))?;
        if size > MAX_DOCUMENT_BYTES {
            return Err(ReadError::TooLarge(size));
        }
        trees.blob(id).map_err(ReadError::Io)
    }

    fn list(&self, dir: &str) -> Vec<Listed> {
        let repo = self.repo.to_thread_local();
        let mut trees = Trees::new(&repo);
        let folder = match trees.subtree(self.tree, dir) {
            Ok(Some(id)) => id,
            Ok(None) => return Vec::new(),
            Err(message) => {
                return vec![Listed::Skipped {
                    path: dir.to_owned(),
                    reason: ReadError::Io(message),
                }];
            }
        };
        let mut changes: Vec<Change> = Vec::new();
        if let Err(message) = trees.diff(None, Some(folder), dir, &mut changes) {
            return vec![Listed::Skipped {
                path: dir.to_owned(),
                reason: ReadError::Io(message),
            }];
        }
        let mut listed: Vec<Listed> = changes
            .into_iter()
            .map(|change| match self.blob_at(&mut trees, &change.path) {
                Ok(_) => Listed::File(change.path),
                Err(reason @ ReadError::Link(_)) => Listed::Skipped {
                    path: change.path,
                    reason,
                },
                // A link to a folder is not followed, as in the working tree.
                Err(_) => Listed::Skipped {
                    path: String::new(),
                    reason: ReadError::NotFound,
                },
            })
            .filter(|l| !matches!(l, Listed::Skipped { path, .. } if path.is_empty()))
            .collect();
        listed.sort_by(|a, b| listed_path(a).cmp(listed_path(b)));
        listed
    }

    fn exists(&self, path: &str) -> bool {
        let repo = self.repo.to_thread_local();
        let mut trees = Trees::new(&repo);
        matches!(trees.lookup(self.tree, path), Ok(Some(_)))
    }
}

fn listed_path(listed: &Listed) -> &str {
    match listed {
        Listed::File(path) | Listed::Skipped { path, .. } => path,
    }
}
