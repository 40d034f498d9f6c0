//! Opening the Git repository and choosing the commit a run reads.
//!
//! The repository is opened isolated from the environment. Git sets
//! `GIT_DIR`, `GIT_INDEX_FILE` and other `GIT_*` variables for the hooks it
//! runs, and the pre-commit framework runs policylint as one, so they may
//! belong to another repository than the one that contains PATH. Only the
//! repository's own config is read, not system or user config or
//! environment overrides.

use std::path::Path;

use gix::ObjectId;
use jiff::civil::Date;

use crate::history::time::CommitTime;

/// Finds the repository that contains `path`, ignoring `GIT_*` variables.
pub fn discover(path: &Path) -> Option<gix::ThreadSafeRepository> {
    let found = gix::ThreadSafeRepository::discover_opts(
        path,
        gix::discover::upwards::Options::default(),
        |_, _| gix::open::Options::isolated(),
    );
    match found {
        Ok(repo) => Some(repo),
        Err(error) => {
            log::debug!("no Git repository at `{}`: {error}", path.display());
            None
        }
    }
}

/// The commit that HEAD points at, or why there is none.
pub enum Head {
    Commit {
        id: ObjectId,
        detached: bool,
    },
    /// HEAD names a branch with no commits yet (a new repository, or a
    /// branch made with `git checkout --orphan`).
    Unborn(String),
}

/// Reads HEAD.
pub fn head(repo: &gix::Repository) -> Result<Head, String> {
    let head = repo.head().map_err(|e| format!("cannot read HEAD: {e}"))?;
    if head.is_unborn() {
        let name = head
            .referent_name()
            .map(|n| n.shorten().to_string())
            .unwrap_or_else(|| "HEAD".into());
        return Ok(Head::Unborn(name));
    }
    let detached = head.is_detached();
    let id = head
        .id()
        .ok_or_else(|| "HEAD does not point at a commit".to_owned())?
        .detach();
    Ok(Head::Commit { id, detached })
}

/// Resolves a revision (`main`, `v1.2`, `HEAD~3`, a commit id) to a commit.
pub fn resolve(repo: &gix::Repository, rev: &str) -> Result<ObjectId, String> {
    let id = repo
        .rev_parse_single(rev)
        .map_err(|e| format!("cannot resolve revision `{rev}`: {e}"))?;
    let commit = id
        .object()
        .and_then(|object| object.peel_to_commit())
        .map_err(|e| format!("revision `{rev}` does not name a commit: {e}"))?;
    Ok(commit.id)
}

/// Follows the first-parent chain from `start` to the first commit dated on
/// or before `date` in its own time zone: the state of the branch at the
/// end of that day.
pub fn as_of(repo: &gix::Repository, start: ObjectId, date: Date) -> Result<ObjectId, String> {
    use gix::objs::FindExt;

    let mut buffer = Vec::new();
    let mut current = start;
    loop {
        let commit = repo
            .objects
            .find_commit(&current, &mut buffer)
            .map_err(|e| format!("cannot read commit {current}: {e}"))?;
        let time = CommitTime::parse(commit.committer().map_or("", |c| c.time));
        if time.date().is_some_and(|d| d <= date) {
            return Ok(current);
        }
        match commit.parents().next() {
            Some(parent) => current = parent,
            None => {
                return Err(format!(
                    "no commit on or before {date}; the first commit is later"
                ));
            }
        }
    }
}

/// Returns the id of the tree of a commit.
pub fn tree_of(repo: &gix::Repository, commit: ObjectId) -> Result<ObjectId, String> {
    use gix::objs::FindExt;

    let mut buffer = Vec::new();
    let commit = repo
        .objects
        .find_commit(&commit, &mut buffer)
        .map_err(|e| format!("cannot read commit {commit}: {e}"))?;
    Ok(commit.tree())
}

/// The Git-related options of a run.
#[derive(Clone, Debug, Default)]
pub struct GitOptions {
    /// `--rev`: read the files of this revision instead of the working tree.
    pub rev: Option<String>,
    /// `--as-of`: read the last commit on or before this date.
    pub as_of: Option<Date>,
    /// `--no-history`: skip every history-based rule.
    pub no_history: bool,
}

/// The files a run reads and the commit whose history goes with them.
pub struct Selected {
    pub files: Box<dyn super::Files>,
    /// The commit to walk from; `None` without Git or without commits.
    pub start: Option<ObjectId>,
    /// The files are the working tree's, so differences from `start` are
    /// uncommitted changes.
    pub worktree: bool,
    /// The reason history cannot be read, when it cannot.
    pub unavailable: Option<String>,
    /// Things the user should know about the state of the repository.
    pub notes: Vec<String>,
}

/// Chooses the files to read: the working tree, or a commit's tree for
/// `--rev`, `--as-of` and bare repositories.
pub fn select(workspace: &super::Workspace, options: &GitOptions) -> Result<Selected, String> {
    let from_commit = options.rev.is_some() || options.as_of.is_some() || workspace.bare;
    let Some(shared) = &workspace.git else {
        if from_commit {
            return Err(format!(
                "`{}` is not inside a Git repository, so no revision can be read (--rev, --as-of, --diff-base)",
                workspace.root.display()
            ));
        }
        return Ok(Selected {
            files: Box::new(workspace.worktree()),
            start: None,
            worktree: true,
            unavailable: Some(format!(
                "`{}` is not inside a Git repository; history-based rules were skipped",
                workspace.root.display()
            )),
            notes: Vec::new(),
        });
    };
    let repo = shared.to_thread_local();
    let mut notes = Vec::new();

    if from_commit {
        let start = match &options.rev {
            Some(rev) => resolve(&repo, rev)?,
            None => match head(&repo)? {
                Head::Commit { id, .. } => id,
                Head::Unborn(branch) => {
                    return Err(format!(
                        "branch `{branch}` has no commits yet; there is nothing to read"
                    ));
                }
            },
        };
        let start = match options.as_of {
            Some(date) => as_of(&repo, start, date)?,
            None => start,
        };
        log::debug!("reading the files of commit {start}");
        let tree = tree_of(&repo, start)?;
        return Ok(Selected {
            files: Box::new(super::TreeFiles::new(shared.clone(), tree)),
            start: Some(start),
            worktree: false,
            unavailable: None,
            notes,
        });
    }

    let (start, unavailable) = match head(&repo) {
        Ok(Head::Commit { id, detached }) => {
            if detached {
                notes.push(format!(
                    "HEAD is detached at {}; history is read from that commit",
                    id.to_hex_with_len(7)
                ));
            }
            (Some(id), None)
        }
        Ok(Head::Unborn(branch)) => (
            None,
            Some(format!(
                "branch `{branch}` has no commits yet; history-based rules were skipped"
            )),
        ),
        Err(message) => (
            None,
            Some(format!("{message}; history-based rules were skipped")),
        ),
    };
    if repo.kind() != gix::repository::Kind::Common {
        log::debug!("the repository is a {:?}", repo.kind());
    }
    Ok(Selected {
        files: Box::new(workspace.worktree()),
        start,
        worktree: true,
        unavailable,
        notes,
    })
}
