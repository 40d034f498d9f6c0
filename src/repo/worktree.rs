//! Files read from the working tree on disk.

use std::fs;
use std::io::Read;
use std::path::{Path, PathBuf};

use super::{Files, Listed, ReadError, relative_to};
use crate::document::MAX_DOCUMENT_BYTES;

/// The working tree below `root`. Symbolic links are read only when they
/// resolve to a file inside the root, so a link cannot make the linter read
/// outside the repository.
pub struct WorkTree {
    root: PathBuf,
    canonical_root: PathBuf,
}

impl WorkTree {
    pub fn new(root: PathBuf) -> Self {
        let canonical_root = root.canonicalize().unwrap_or_else(|_| root.clone());
        WorkTree {
            root,
            canonical_root,
        }
    }

    fn full_path(&self, path: &str) -> PathBuf {
        let mut full = self.root.clone();
        full.extend(path.split('/').filter(|p| !p.is_empty()));
        full
    }

    /// Resolve a link and check that it stays inside the root.
    fn resolve_link(&self, full: &Path) -> Result<PathBuf, ReadError> {
        let target = full.canonicalize().map_err(|e| {
            ReadError::Link(format!("is a symbolic link that cannot be resolved ({e})"))
        })?;
        if !target.starts_with(&self.canonical_root) {
            return Err(ReadError::Link(
                "is a symbolic link to a file outside the repository; it was not read".into(),
            ));
        }
        Ok(target)
    }
}

impl Files for WorkTree {
    fn read(&self, path: &str) -> Result<Vec<u8>, ReadError> {
        let full = self.full_path(path);
        let metadata = fs::symlink_metadata(&full).map_err(|e| match e.kind() {
            std::io::ErrorKind::NotFound => ReadError::NotFound,
            _ => ReadError::Io(e.to_string()),
        })?;
        let target = if metadata.file_type().is_symlink() {
            self.resolve_link(&full)?
        } else {
            full
        };
        let metadata = fs::metadata(&target).map_err(|e| ReadError::Io(e.to_string()))?;
        if !metadata.is_file() {
            return Err(ReadError::NotAFile);
        }
        if metadata.len() > MAX_DOCUMENT_BYTES {
            return Err(ReadError::TooLarge(metadata.len()));
        }
        let file = fs::File::open(&target).map_err(|e| ReadError::Io(e.to_string()))?;
        let mut bytes = Vec::with_capacity(metadata.len() as usize);
        // The file may grow between the size check and the read.
        file.take(MAX_DOCUMENT_BYTES + 1)
            .read_to_end(&mut bytes)
            .map_err(|e| ReadError::Io(e.to_string()))?;
        if bytes.len() as u64 > MAX_DOCUMENT_BYTES {
            return Err(ReadError::TooLarge(bytes.len() as u64));
        }
        Ok(bytes)
    }

    fn list(&self, dir: &str) -> Vec<Listed> {
        let base = self.full_path(dir);
        let walker = walkdir::WalkDir::new(&base)
            .follow_links(false)
            .sort_by_file_name()
            .into_iter()
            .filter_entry(|entry| entry.depth() == 0 || entry.file_name() != ".git");
        let mut listed = Vec::new();
        for entry in walker {
            let entry = match entry {
                Ok(entry) => entry,
                Err(error) => {
                    if let Some(path) = error.path().and_then(|p| relative_to(p, &self.root)) {
                        let message = error
                            .io_error()
                            .map_or_else(|| error.to_string(), ToString::to_string);
                        listed.push(Listed::Skipped {
                            path,
                            reason: ReadError::Io(message),
                        });
                    }
                    continue;
                }
            };
            let Some(path) = relative_to(entry.path(), &self.root) else {
                continue;
            };
            // A lossy name would not lead back to the file, so it cannot be read.
            if entry.path().to_str().is_none() {
                listed.push(Listed::Skipped {
                    path,
                    reason: ReadError::Io("has a name that is not valid UTF-8".into()),
                });
                continue;
            }
            let file_type = entry.file_type();
            if file_type.is_file() {
                listed.push(Listed::File(path));
            } else if file_type.is_dir() {
                // Listed so that a folder whose name matches a document glob
                // (`notes.md/`) is reported rather than silently passed over.
                if entry.depth() > 0 {
                    listed.push(Listed::Skipped {
                        path,
                        reason: ReadError::NotAFile,
                    });
                }
            } else if file_type.is_symlink() {
                match self.resolve_link(entry.path()) {
                    Ok(target) if target.is_file() => listed.push(Listed::File(path)),
                    // Links to folders are not followed; this avoids loops.
                    Ok(_) => {}
                    Err(reason) => listed.push(Listed::Skipped { path, reason }),
                }
            }
        }
        listed
    }

    fn exists(&self, path: &str) -> bool {
        fs::symlink_metadata(self.full_path(path)).is_ok()
    }
}
