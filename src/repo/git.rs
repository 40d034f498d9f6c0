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
/// The error message names the revision, why it leads to no commit and what
/// to do. The error from gix is logged at debug level.
pub fn resolve(repo: &gix::Repository, rev: &str) -> Result<ObjectId, String> {
    let spec = repo.rev_parse(rev).map_err(|error| {
        log::debug!("gix cannot resolve `{rev}`: {error:?}");
        unresolved(repo, rev, &error)
    })?;
    let Some(id) = spec.single() else {
        return Err(format!(
            "revision `{rev}` is a range of commits; name one commit"
        ));
    };
    let object = id
        .object()
        .map_err(|e| format!("cannot read the object that revision `{rev}` names: {e}"))?;
    let kind = object.kind;
    let commit = object.peel_to_commit().map_err(|error| {
        log::debug!("cannot peel `{rev}` to a commit: {error:?}");
        format!("revision `{rev}` names a {kind}, not a commit")
    })?;
    Ok(commit.id)
}

/// Explains why `rev` could not be resolved. The explanation comes from the
/// state of the repository, because the parser's error text names its
/// internal steps (`couldn't parse revision, input=...`).
fn unresolved(repo: &gix::Repository, rev: &str, error: &gix::Error) -> String {
    use gix::revision::spec::parse::Error as ParseError;

    if let Some(ParseError::AmbiguousPrefix { .. } | ParseError::AmbiguousRefAndObject { .. }) =
        error.downcast_any_ref::<ParseError>()
    {
        return format!(
            "revision `{rev}` is ambiguous: more than one object id starts with it; give more digits of the commit id"
        );
    }
    if let Ok(Head::Unborn(branch)) = head(repo)
        && starts_at_branch(rev, &branch)
    {
        return format!("revision `{rev}` names no commit: branch `{branch}` has no commits yet");
    }
    let full_id = rev.len() >= 40 && rev.bytes().all(|b| b.is_ascii_hexdigit());
    if repo.is_shallow().unwrap_or(false) {
        let unshallow = "or fetch the whole history with `git fetch --unshallow` (`fetch-depth: 0` for actions/checkout)";
        return if full_id {
            format!(
                "commit `{rev}` is not in this shallow clone; fetch it with `git fetch origin {rev}`, {unshallow}"
            )
        } else {
            format!(
                "revision `{rev}` was not found in this shallow clone, which has only the newest commits; fetch the commit it names, {unshallow}"
            )
        };
    }
    if full_id {
        return format!(
            "commit `{rev}` is not in this repository; fetch it (`git fetch origin {rev}`), or check the id"
        );
    }
    if rev.contains(['~', '^', ':', '@']) {
        return format!(
            "revision `{rev}` leads to no commit of this repository: a branch, commit or parent it steps through does not exist"
        );
    }
    format!(
        "revision `{rev}` was not found: no branch, tag or commit of this repository has that name"
    )
}

/// Tells whether `rev` is HEAD, `branch`, or a revision counted back from
/// either (`HEAD~2`, `main^`, `@`).
fn starts_at_branch(rev: &str, branch: &str) -> bool {
    let end = rev.find(['~', '^', ':']).unwrap_or(rev.len());
    let name = &rev[..end];
    let name = name.split("@{").next().unwrap_or(name);
    (name.is_empty() && rev.starts_with('@'))
        || name == "HEAD"
        || name == "@"
        || name == branch
        || name.strip_prefix("refs/heads/") == Some(branch)
}

/// Follows the first-parent chain from `start` to the first commit dated on
/// or before `date` in its own time zone: the state of the branch at the
/// end of that day.
pub fn as_of(repo: &gix::Repository, start: ObjectId, date: Date) -> Result<ObjectId, String> {
    use gix::objs::FindExt;

    let shallow = repo.is_shallow().unwrap_or(false);
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
        let Some(parent) = commit.parents().next() else {
            return Err(format!(
                "no commit on or before {date}; the first commit is later"
            ));
        };
        // A shallow clone lists the parents of its oldest commits but does
        // not have them.
        if shallow && !repo.has_object(parent) {
            return Err(format!(
                "no commit on or before {date} in this shallow clone, whose oldest commit is {current}; fetch the whole history with `git fetch --unshallow` (`fetch-depth: 0` for actions/checkout)"
            ));
        }
        current = parent;
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
