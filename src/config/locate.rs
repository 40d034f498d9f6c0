//! Finding and reading the config that `policylint check PATH` would use,
//! without reading any document: for commands that need only the config,
//! such as `rules` and `explain`, which list its custom rules.

use std::path::Path;

use super::{Config, discover};
use crate::model::Failure;
use crate::repo::{self, Workspace};

/// Reads the config for the repository that contains `path`: the file
/// `explicit` names, or the one found upward from `path`. `Ok(None)` means
/// there is no config file.
pub fn load_for(path: &Path, explicit: Option<&Path>) -> Result<Option<Config>, Failure> {
    let workspace = Workspace::open(path).map_err(Failure::Fatal)?;
    let files = workspace.worktree();
    let config_path = match explicit {
        Some(explicit) => {
            let canonical = explicit.canonicalize().map_err(|e| {
                Failure::Fatal(format!(
                    "cannot open config file `{}`: {e}",
                    explicit.display()
                ))
            })?;
            let relative = repo::relative_to(&canonical, &workspace.root).ok_or_else(|| {
                Failure::Fatal(format!(
                    "config file `{}` is outside the repository at `{}`",
                    explicit.display(),
                    workspace.root.display()
                ))
            })?;
            Some(relative)
        }
        None => discover(&files, &workspace.start),
    };
    match config_path {
        Some(config_path) => Config::load(&files, &config_path)
            .map(Some)
            .map_err(Failure::Config),
        None => Ok(None),
    }
}
