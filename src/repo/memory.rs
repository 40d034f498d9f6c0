//! Files held in memory, for fuzzing and for tests that need no disk.

use std::collections::BTreeMap;

use super::{Files, Listed, ReadError};
use crate::document::MAX_DOCUMENT_BYTES;

/// A repository state whose files are byte strings by repository-relative
/// path.
#[derive(Clone, Debug, Default)]
pub struct MemoryFiles {
    files: BTreeMap<String, Vec<u8>>,
}

impl MemoryFiles {
    pub fn new() -> Self {
        MemoryFiles::default()
    }

    pub fn insert(&mut self, path: impl Into<String>, bytes: impl Into<Vec<u8>>) {
        self.files.insert(path.into(), bytes.into());
    }
}

impl Files for MemoryFiles {
    fn read(&self, path: &str) -> Result<Vec<u8>, ReadError> {
        let bytes = self.files.get(path).ok_or(ReadError::NotFound)?;
        if bytes.len() as u64 > MAX_DOCUMENT_BYTES {
            return Err(ReadError::TooLarge(bytes.len() as u64));
        }
        Ok(bytes.clone())
    }

    fn list(&self, dir: &str) -> Vec<Listed> {
        let prefix = if dir.is_empty() {
            String::new()
        } else {
            format!("{}/", dir.trim_end_matches('/'))
        };
        self.files
            .keys()
            .filter(|path| path.starts_with(&prefix))
            .map(|path| Listed::File(path.clone()))
            .collect()
    }

    fn exists(&self, path: &str) -> bool {
        self.files.contains_key(path)
            || self
                .files
                .keys()
                .any(|p| p.starts_with(path) && p.as_bytes().get(path.len()) == Some(&b'/'))
    }
}
