//! Document history from the commit graph: for every document, the commits
//! that changed it, the commit that set its current `last_reviewed` value,
//! the body changes since, and the newest commit whose review trailer names
//! it. One walk per run (per revision with `--diff-base`) records all of it;
//! rules only read the result.

pub mod facts;
pub mod time;
pub mod trees;
pub mod walk;

use std::collections::HashMap;
use std::sync::Arc;

use gix::ObjectId;
use jiff::civil::Date;

use crate::document::Document;
use facts::Facts;
use time::CommitTime;
use trees::{Change, Trees};
use walk::{Needs, Target};

/// The first-parent commit through which a change reached the branch: the
/// commit itself when it was made on the branch, the merge for a commit
/// made on a merged branch.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Reached {
    pub id: ObjectId,
    /// The committer time of that first-parent commit.
    pub time: CommitTime,
}

/// A commit that changed or reviewed a document.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CommitInfo {
    pub id: ObjectId,
    /// The author's name as recorded in the commit.
    pub author: String,
    pub email: String,
    pub reached: Arc<Reached>,
}

impl CommitInfo {
    pub fn short_id(&self) -> String {
        self.id.to_hex_with_len(7).to_string()
    }

    /// Returns the date the commit reached the branch, in the time zone of
    /// the commit that brought it.
    pub fn date(&self) -> Option<Date> {
        self.reached.time.date()
    }

    /// Formats the commit for messages: `1a2b3c4 by Jane Doe on 2026-05-02`.
    pub fn describe(&self) -> String {
        let date = self.date().map_or_else(String::new, |d| format!(" on {d}"));
        format!("{} by {}{date}", self.short_id(), self.author)
    }
}

/// The history of one document as far as the walk needed to read it.
#[derive(Clone, Debug, Default)]
pub struct DocHistory {
    /// The working tree's version differs from the last commit's, or the
    /// file is not committed at all: it is "changed now".
    pub changed_now: bool,
    /// The current `last_reviewed` value is not yet committed.
    pub review_set_now: bool,
    /// The body differs from the last commit's (beyond whitespace at line ends).
    pub body_changed_now: bool,
    /// Commits that changed the document, newest first, back to the commit
    /// that set its `last_reviewed` value (or its first commit when the
    /// review commit is not needed). The first is the last change.
    pub changes: Vec<Arc<CommitInfo>>,
    /// The commit that set the current `last_reviewed` value.
    pub review_set: Option<Arc<CommitInfo>>,
    /// Commits after `review_set` that changed the body, newest first.
    pub body_changes: Vec<Arc<CommitInfo>>,
    /// The newest commit whose review trailer names the document's id.
    pub reviewed_by_trailer: Option<Arc<CommitInfo>>,
    /// Earlier paths of a renamed document, newest first.
    pub previous_paths: Vec<String>,
}

impl DocHistory {
    pub fn last_change(&self) -> Option<&Arc<CommitInfo>> {
        self.changes.first()
    }
}

/// Whether history was read, and if not, why.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub enum Status {
    /// Nothing tried to read it (a model built from files alone).
    #[default]
    NotRead,
    /// `--no-history`, or every history-based rule is off.
    Off,
    /// The clone is shallow: `history/shallow-clone` reports it.
    Shallow,
    /// History is not available, for the reason in the text (shown as a note).
    Unavailable(String),
    Read {
        commits: usize,
    },
}

/// The history of every document of a run.
#[derive(Clone, Debug, Default)]
pub struct History {
    pub status: Status,
    /// By repository-relative path. A document with no entry has no
    /// history (it is inside a submodule, say).
    docs: HashMap<String, DocHistory>,
    /// Review trailers in the walked commits that name no current document.
    pub unknown_trailers: Vec<UnknownTrailer>,
}

/// A review trailer whose value is not the id of any current document.
#[derive(Clone, Debug)]
pub struct UnknownTrailer {
    /// The value as written after the trailer key.
    pub id: String,
    pub commit: Arc<CommitInfo>,
}

impl History {
    pub fn with_status(status: Status) -> History {
        History {
            status,
            docs: HashMap::new(),
            unknown_trailers: Vec::new(),
        }
    }

    pub fn is_read(&self) -> bool {
        matches!(self.status, Status::Read { .. })
    }

    pub fn doc(&self, path: &str) -> Option<&DocHistory> {
        self.docs.get(path)
    }
}

/// The inputs of one history read.
pub struct Request<'a> {
    pub repo: &'a gix::Repository,
    /// The commit whose history is walked.
    pub start: ObjectId,
    /// The documents are read from the working tree, so a difference from
    /// `start` is an uncommitted change.
    pub worktree: bool,
    pub documents: &'a [Document],
    pub needs: Needs,
}

/// Reads the history of every document with one walk. The returned notes
/// list what could not be read (documents inside a submodule).
pub fn read(request: Request) -> Result<(History, Vec<String>), String> {
    let Request {
        repo,
        start,
        worktree,
        documents,
        needs,
    } = request;
    let mut notes = Vec::new();
    let tree = crate::repo::git::tree_of(repo, start)?;
    let committed = committed_blobs(repo, tree, documents)?;

    let mut targets = Vec::new();
    let mut now: Vec<DocHistory> = Vec::new();
    let mut submodule_paths = Vec::new();
    for doc in documents {
        let current = Facts::read(doc.source.text.as_bytes());
        let mut history = DocHistory::default();
        let mut resolved = false;
        match committed.get(doc.source.path.as_str()) {
            Some(Committed::Submodule) => {
                submodule_paths.push(doc.source.path.clone());
                continue;
            }
            None => {
                // Not in the commit: untracked, or added but not committed.
                history.changed_now = true;
                history.review_set_now = true;
                resolved = true;
            }
            Some(Committed::Blob(id)) if worktree => {
                let unchanged = gix::objs::compute_hash(
                    repo.object_hash(),
                    gix::objs::Kind::Blob,
                    doc.source.text.as_bytes(),
                )
                .is_ok_and(|hash| hash == *id);
                if !unchanged {
                    let committed_facts = Facts::read(&Trees::new(repo).blob(*id)?);
                    if committed_facts.last_reviewed != current.last_reviewed {
                        history.changed_now = true;
                        history.review_set_now = true;
                        resolved = true;
                    } else if committed_facts.body != current.body {
                        history.changed_now = true;
                        history.body_changed_now = true;
                    }
                }
            }
            Some(Committed::Blob(_)) => {}
        }
        targets.push(Target {
            path: doc.source.path.clone(),
            current,
            resolved,
        });
        now.push(history);
    }
    match submodule_paths.as_slice() {
        [] => {}
        [path] => notes.push(format!(
            "document `{path}` is inside a submodule and has no history in this repository; run policylint inside the submodule to check its history"
        )),
        [first, ..] => notes.push(format!(
            "{} documents inside submodules (`{first}` and others) have no history in this repository; run policylint inside each submodule to check their history",
            submodule_paths.len()
        )),
    }

    let paths: Vec<String> = targets.iter().map(|t| t.path.clone()).collect();
    let walked = walk::walk(repo, start, targets, needs)?;
    let docs = paths
        .into_iter()
        .zip(now)
        .zip(walked.docs)
        .map(|((path, now), walked)| {
            let history = DocHistory {
                changed_now: now.changed_now,
                review_set_now: now.review_set_now,
                body_changed_now: now.body_changed_now,
                ..walked
            };
            (path, history)
        })
        .collect();
    let history = History {
        status: Status::Read {
            commits: walked.commits,
        },
        docs,
        unknown_trailers: walked.unknown_trailers,
    };
    Ok((history, notes))
}

enum Committed {
    Blob(ObjectId),
    Submodule,
}

/// The committed version of every document path: the files below the
/// documents' folders, read once, and a lookup for paths that cross a
/// submodule.
fn committed_blobs(
    repo: &gix::Repository,
    tree: ObjectId,
    documents: &[Document],
) -> Result<HashMap<String, Committed>, String> {
    let mut trees = Trees::new(repo);
    let mut found = HashMap::new();
    let folders = walk::covering_folders(documents.iter().map(|d| d.source.path.as_str()));
    for folder in folders {
        match trees.lookup(tree, &folder)? {
            Some(trees::Entry::Tree(id)) => {
                let mut files: Vec<Change> = Vec::new();
                trees.diff(None, Some(id), &folder, &mut files)?;
                for file in files {
                    if let Some(id) = file.new {
                        found.insert(file.path, Committed::Blob(id));
                    }
                }
            }
            Some(trees::Entry::Submodule) => {}
            _ => continue,
        }
    }
    for doc in documents {
        let path = doc.source.path.as_str();
        if !found.contains_key(path)
            && matches!(trees.lookup(tree, path)?, Some(trees::Entry::Submodule))
        {
            found.insert(path.to_owned(), Committed::Submodule);
        }
    }
    Ok(found)
}

/// Reads the history for a model and records it there, or records why it
/// was not read. Errors are not returned: a repository that cannot be read
/// leaves a note and no history, and the history rules then report nothing.
pub fn attach(
    model: &mut crate::model::Model,
    workspace: &crate::repo::Workspace,
    selected: crate::repo::git::Selected,
    no_history: bool,
) {
    model.notes.extend(selected.notes);
    let needs = needs(&model.config);
    let status = if no_history || (!needs.review_commits && needs.trailer.is_none()) {
        Some(Status::Off)
    } else {
        selected.unavailable.map(Status::Unavailable)
    };
    if let Some(status) = status {
        if let Status::Unavailable(reason) = &status {
            model.notes.push(reason.clone());
        }
        model.history = History::with_status(status);
        return;
    }
    let (Some(shared), Some(start)) = (&workspace.git, selected.start) else {
        model.history = History::with_status(Status::Off);
        return;
    };

    let mut repo = shared.to_thread_local();
    if repo.is_shallow().unwrap_or(false) {
        model.history = History::with_status(Status::Shallow);
        return;
    }
    // Trees of the document folders are read once per commit and again as
    // the parent of the next, and in a pack most of them are deltas against
    // each other. Without the crate's `max-performance` feature gix sets no
    // delta base cache, so one is set here. Both sizes are estimates, large
    // enough for the trees of a 5,000-document folder during a whole walk.
    repo.object_cache_size_if_unset(64 * 1024 * 1024);
    repo.objects.set_pack_cache(|| {
        Box::new(gix::odb::pack::cache::lru::MemoryCappedHashmap::new(
            96 * 1024 * 1024,
        ))
    });
    let request = Request {
        repo: &repo,
        start,
        worktree: selected.worktree,
        documents: &model.documents,
        needs,
    };
    match read(request) {
        Ok((history, notes)) => {
            model.history = history;
            model.notes.extend(notes);
        }
        Err(message) => {
            let reason =
                format!("cannot read the history ({message}); history-based rules were skipped");
            model.notes.push(reason.clone());
            model.history = History::with_status(Status::Unavailable(reason));
        }
    }
}

/// Derives what the enabled rules need from the walk.
fn needs(config: &crate::config::Config) -> Needs {
    let on = |id: &str| !matches!(config.severity_override(id), Some(None));
    let review_commits = on("review/changed-since-review") || on("review/unbacked-date");
    let trailer_used =
        on("review/overdue") || on("review/due-soon") || on("review/changed-since-review");
    Needs {
        review_commits,
        trailer: trailer_used.then(|| config.review.trailer.clone()),
    }
}
