//! Finding the config file: `policylint.yaml` or `.policylint.yaml`, searched
//! upward from PATH to the repository root.

use crate::repo::{self, Files};

/// The file names a config may have, in order of preference.
pub const CONFIG_NAMES: &[&str] = &["policylint.yaml", ".policylint.yaml"];

/// The config file nearest to the folder `start`, searching `start` and each
/// parent up to the repository root (all repository-relative).
pub fn discover(files: &dyn Files, start: &str) -> Option<String> {
    let mut dir = start.trim_matches('/').to_owned();
    loop {
        for name in CONFIG_NAMES {
            let candidate = repo::join(&dir, name)?;
            if files.exists(&candidate) {
                log::debug!("config file: {candidate}");
                return Some(candidate);
            }
        }
        if dir.is_empty() {
            return None;
        }
        dir = repo::parent(&dir).to_owned();
    }
}
