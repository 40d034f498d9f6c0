//! The single commit walk. Commits are visited newest first by committer
//! time, each at most once. For every document the walk follows the
//! simplified history that `git log -- PATH` shows: a merge whose version of
//! the path equals one parent's is not a change, and the path's history
//! continues through that parent only. Trees are compared only below the
//! folders that hold documents, so commits that touch other folders cost a
//! commit read and a few tree lookups.

use std::collections::hash_map::Entry as MapEntry;
use std::collections::{BinaryHeap, HashMap, HashSet};
use std::sync::Arc;

use gix::ObjectId;
use gix::bstr::ByteSlice;
use gix::objs::FindExt;

use super::facts::Facts;
use super::time::CommitTime;
use super::trees::{Change, Trees};
use super::{CommitInfo, DocHistory, Reached, UnknownTrailer};

/// A document whose history the walk records.
#[derive(Clone, Debug)]
pub struct Target {
    /// The path at the start commit.
    pub path: String,
    /// The facts of the version being linted.
    pub current: Facts,
    /// The search for this document's history is already over, because its
    /// `last_reviewed` value was set in uncommitted changes or it is not in
    /// the start commit. Trailers naming it still count.
    pub resolved: bool,
}

/// The facts the walk has to find.
#[derive(Clone, Debug)]
pub struct Needs {
    /// Find the commit that set each document's current `last_reviewed`.
    pub review_commits: bool,
    /// Read review trailers, with this key (compared without case).
    pub trailer: Option<String>,
}

/// The walk's result, one entry per target in the same order.
pub struct Walked {
    pub docs: Vec<DocHistory>,
    pub commits: usize,
    /// Review trailers that name no current document, newest first.
    pub unknown_trailers: Vec<UnknownTrailer>,
}

/// A commit read from the object database, waiting to be visited.
struct Pending {
    tree: ObjectId,
    parents: Vec<ObjectId>,
    time: CommitTime,
    author: String,
    email: String,
    /// Values of the review trailer in the message.
    reviews: Vec<String>,
    /// The documents for which this commit is on the simplified history.
    relevant: Bits,
    /// The first-parent commit through which this commit reached the branch,
    /// once a child has been visited.
    reached: Option<Arc<Reached>>,
    /// The commit is on the first-parent chain of the start commit.
    mainline: bool,
    /// Subtree ids of the document folders, with the folder list version.
    folders: Option<(usize, Vec<Option<ObjectId>>)>,
}

/// Per-target progress.
struct State {
    /// The path in the commits being visited (the path before a rename once
    /// the rename has been passed).
    path: String,
    history: DocHistory,
}

struct Walk<'r> {
    repo: &'r gix::Repository,
    trees: Trees<'r>,
    needs: Needs,
    targets: Vec<Target>,
    states: Vec<State>,
    /// The targets whose history is still being searched.
    active: Bits,
    /// Target indices by their path in the commits being visited.
    by_path: HashMap<String, Vec<usize>>,
    /// The folders whose subtrees are compared; grows when a document turns
    /// out to have been renamed from elsewhere.
    folders: Vec<String>,
    folders_version: usize,
    pending: HashMap<ObjectId, Pending>,
    queue: BinaryHeap<(i64, u64, ObjectId)>,
    sequence: u64,
    visited: HashSet<ObjectId>,
    facts: HashMap<ObjectId, Arc<Facts>>,
    buffer: Vec<u8>,
    /// Target indices by document id, for trailers.
    by_id: HashMap<String, Vec<usize>>,
    unknown_trailers: Vec<UnknownTrailer>,
}

/// Walks the history of `start` once and records what `needs` requests for
/// each target.
pub fn walk(
    repo: &gix::Repository,
    start: ObjectId,
    targets: Vec<Target>,
    needs: Needs,
) -> Result<Walked, String> {
    let mut by_id: HashMap<String, Vec<usize>> = HashMap::new();
    for (index, target) in targets.iter().enumerate() {
        if let Some(id) = &target.current.id {
            by_id.entry(id.clone()).or_default().push(index);
        }
    }
    let states = targets
        .iter()
        .map(|t| State {
            path: t.path.clone(),
            history: DocHistory::default(),
        })
        .collect();
    let mut active = Bits::new(targets.len());
    let mut by_path: HashMap<String, Vec<usize>> = HashMap::new();
    for (index, target) in targets.iter().enumerate() {
        if !target.resolved {
            active.set(index);
        }
        by_path.entry(target.path.clone()).or_default().push(index);
    }
    let mut walk = Walk {
        repo,
        trees: Trees::new(repo),
        folders: covering_folders(
            targets
                .iter()
                .filter(|t| !t.resolved)
                .map(|t| t.path.as_str()),
        ),
        folders_version: 0,
        needs,
        targets,
        states,
        active,
        by_path,
        pending: HashMap::new(),
        queue: BinaryHeap::new(),
        sequence: 0,
        visited: HashSet::new(),
        facts: HashMap::new(),
        buffer: Vec::new(),
        by_id,
        unknown_trailers: Vec::new(),
    };
    walk.run(start)?;
    Ok(Walked {
        commits: walk.visited.len(),
        docs: walk.states.into_iter().map(|s| s.history).collect(),
        unknown_trailers: walk.unknown_trailers,
    })
}

impl Walk<'_> {
    fn run(&mut self, start: ObjectId) -> Result<(), String> {
        let mut first = self.read_commit(start)?;
        first.mainline = true;
        first.relevant = self.active.clone();
        self.enqueue(start, first);

        let floor = self.trailer_floor();
        let mut since_check = 0;
        while let Some((_, _, id)) = self.queue.pop() {
            let Some(commit) = self.pending.remove(&id) else {
                continue;
            };
            self.visited.insert(id);
            self.visit(id, commit)?;

            // Stop once every document is resolved and no older commit can
            // carry a trailer dated after a document's last_reviewed.
            if !self.active.is_empty() {
                continue;
            }
            let Some(floor) = floor else {
                break;
            };
            since_check += 1;
            if since_check % 64 == 1 && self.newest_pending_arrival() < floor {
                break;
            }
        }
        log::debug!("history walk visited {} commits", self.visited.len());
        Ok(())
    }

    /// Returns the earliest moment a trailer can matter: the start of the
    /// oldest `last_reviewed` date in the earliest time zone (UTC+14).
    fn trailer_floor(&self) -> Option<i64> {
        self.needs.trailer.as_ref()?;
        let oldest = self
            .targets
            .iter()
            .filter_map(|t| t.current.last_reviewed)
            .min()?;
        let midnight = oldest
            .to_zoned_datetime(jiff::tz::TimeZone::UTC)
            .ok()?
            .timestamp();
        Some(midnight.as_second() - 14 * 3600)
    }

    /// Returns a time no older than the arrival of any commit still to visit.
    /// NOTE: this holds only while committer times grow from parent to child.
    fn newest_pending_arrival(&self) -> i64 {
        self.pending
            .values()
            .map(|p| {
                p.reached
                    .as_ref()
                    .map_or(p.time.seconds, |r| r.time.seconds.max(p.time.seconds))
            })
            .max()
            .unwrap_or(i64::MIN)
    }

    fn visit(&mut self, id: ObjectId, mut commit: Pending) -> Result<(), String> {
        let reached = match (&commit.reached, commit.mainline) {
            (Some(reached), false) => reached.clone(),
            _ => Arc::new(Reached {
                id,
                time: commit.time,
            }),
        };
        let info = Arc::new(CommitInfo {
            id,
            author: std::mem::take(&mut commit.author),
            email: std::mem::take(&mut commit.email),
            reached: reached.clone(),
        });
        self.record_trailers(&commit, &info);

        let mut relevant = std::mem::take(&mut commit.relevant);
        relevant.and(&self.active);
        let parents = commit.parents.clone();
        let mut passed: Vec<Bits> = vec![Bits::new(self.targets.len()); parents.len()];
        if !relevant.is_empty() {
            self.compare(&mut commit, &parents, &relevant, &info, &mut passed)?;
        }

        for (index, parent) in parents.iter().enumerate() {
            let relevance = std::mem::take(&mut passed[index]);
            let mainline = commit.mainline && index == 0;
            self.pass_to_parent(*parent, relevance, &reached, mainline)?;
        }
        Ok(())
    }

    /// Compares the commit with its parents for the relevant documents and
    /// decides which parents each document's history continues through.
    fn compare(
        &mut self,
        commit: &mut Pending,
        parents: &[ObjectId],
        relevant: &Bits,
        info: &Arc<CommitInfo>,
        passed: &mut [Bits],
    ) -> Result<(), String> {
        let own = self.folder_ids(commit)?;
        let mut changes: Vec<Changes> = Vec::with_capacity(parents.len().max(1));
        if parents.is_empty() {
            changes.push(self.folder_changes(None, &own)?);
        }
        for parent in parents {
            let theirs = self.parent_folder_ids(*parent)?;
            changes.push(self.folder_changes(theirs.as_deref(), &own)?);
        }

        // Only documents whose path is among the changes need a decision.
        // The others continue through the first parent, as `git log` does
        // with a merge that is the same as its first parent.
        let mut changed = Bits::new(self.targets.len());
        for change in changes.iter().flat_map(|c| c.list.iter()) {
            for &index in self.by_path.get(&change.path).into_iter().flatten() {
                if relevant.get(index) {
                    changed.set(index);
                }
            }
        }
        if let Some(first) = passed.first_mut() {
            *first = relevant.clone();
            first.and_not(&changed);
        }

        for index in changed.iter() {
            let path = self.states[index].path.clone();
            if parents.len() > 1
                && let Some(same) = changes.iter().position(|c| c.get(&path).is_none())
            {
                passed[same].set(index);
                continue;
            }
            match changes[0].get(&path) {
                Some(change) => {
                    let change = change.clone();
                    let parent = parents.first().copied();
                    self.event(index, &change, &changes[0], parent, commit.tree, info)?;
                    if self.active.get(index) {
                        passed.iter_mut().for_each(|bits| bits.set(index));
                    }
                }
                None => {
                    if let Some(first) = passed.first_mut() {
                        first.set(index);
                    }
                }
            }
        }
        Ok(())
    }

    /// Records a change of one document's path in a commit.
    fn event(
        &mut self,
        index: usize,
        change: &Change,
        all: &Changes,
        parent: Option<ObjectId>,
        tree: ObjectId,
        info: &Arc<CommitInfo>,
    ) -> Result<(), String> {
        let Some(new) = change.new else {
            // The path was deleted here and re-created in a later commit:
            // its history starts after this commit.
            self.active.clear(index);
            return Ok(());
        };
        let mut old = change.old;
        let mut renamed_from = None;
        if old.is_none()
            && let Some((path, id)) = self.find_rename(index, new, all, parent, tree)?
        {
            old = Some(id);
            renamed_from = Some(path);
        }
        let new_facts = self.facts(new)?;
        let old_facts = match old {
            Some(id) => Some(self.facts(id)?),
            None => None,
        };

        let current = self.targets[index].current.last_reviewed;
        let review_commits = self.needs.review_commits;
        let history = &mut self.states[index].history;
        history.changes.push(info.clone());
        let old_value = old_facts.as_ref().and_then(|f| f.last_reviewed);
        if !review_commits || current.is_none() {
            self.active.clear(index);
        } else if old_facts.is_none() || old_value != current {
            history.review_set = Some(info.clone());
            self.active.clear(index);
        } else if old_facts.as_ref().is_some_and(|f| f.body != new_facts.body) {
            history.body_changes.push(info.clone());
        }
        if let Some(path) = renamed_from {
            self.rename(index, path);
        }
        Ok(())
    }

    /// Follows a document to the path it had before a rename.
    fn rename(&mut self, index: usize, old_path: String) {
        let state = &mut self.states[index];
        let new_path = std::mem::replace(&mut state.path, old_path.clone());
        state.history.previous_paths.push(old_path.clone());
        if let Some(indices) = self.by_path.get_mut(&new_path) {
            indices.retain(|&i| i != index);
        }
        self.by_path
            .entry(old_path.clone())
            .or_default()
            .push(index);
        if self.active.get(index) {
            self.cover(&old_path);
        }
    }

    /// Finds the file a document was renamed from in this commit. The
    /// candidates are deleted files: one with the same content wins, else one
    /// with the same document id, else the one with most lines in common if
    /// that is at least half (the threshold of Git's default rename
    /// detection). Deletions outside the document folders are looked for
    /// only when the folders contain no candidate.
    fn find_rename(
        &mut self,
        index: usize,
        new: ObjectId,
        all: &Changes,
        parent: Option<ObjectId>,
        tree: ObjectId,
    ) -> Result<Option<(String, ObjectId)>, String> {
        let mut deleted: Vec<(String, ObjectId)> = all
            .list
            .iter()
            .filter_map(|c| match (c.old, c.new) {
                (Some(old), None) => Some((c.path.clone(), old)),
                _ => None,
            })
            .collect();

        if deleted.is_empty() {
            let Some(parent) = parent else {
                return Ok(None);
            };
            let parent_tree = self.commit_tree(parent)?;
            let mut everywhere = Vec::new();
            self.trees
                .diff(Some(parent_tree), Some(tree), "", &mut everywhere)?;
            deleted = everywhere
                .into_iter()
                .filter_map(|c| match (c.old, c.new) {
                    (Some(old), None) => Some((c.path, old)),
                    _ => None,
                })
                .collect();
        }
        if deleted.is_empty() {
            return Ok(None);
        }

        if let Some(found) = deleted.iter().find(|(_, id)| *id == new) {
            return Ok(Some(found.clone()));
        }

        let doc_id = self.targets[index].current.id.clone();
        // Comparing contents costs a blob read each; a commit that deletes
        // hundreds of files is a reorganisation matched by id only.
        const MAX_CONTENT_COMPARISONS: usize = 50;
        let new_text = self.trees.blob(new)?;
        let mut best: Option<(usize, (String, ObjectId))> = None;
        for (count, (path, id)) in deleted.iter().enumerate() {
            let facts = self.facts(*id)?;
            if doc_id.is_some() && facts.id == doc_id {
                return Ok(Some((path.clone(), *id)));
            }
            if count >= MAX_CONTENT_COMPARISONS {
                continue;
            }
            let old_text = self.trees.blob(*id)?;
            let score = similarity(&old_text, &new_text);
            if score >= 50 && best.as_ref().is_none_or(|(s, _)| score > *s) {
                best = Some((score, (path.clone(), *id)));
            }
        }
        Ok(best.map(|(_, found)| found))
    }

    fn record_trailers(&mut self, commit: &Pending, info: &Arc<CommitInfo>) {
        for value in &commit.reviews {
            let Some(indices) = self.by_id.get(value) else {
                log::debug!("review trailer names unknown document id `{value}`");
                self.unknown_trailers.push(UnknownTrailer {
                    id: value.clone(),
                    commit: info.clone(),
                });
                continue;
            };
            for &index in indices {
                let history = &mut self.states[index].history;
                let newer = history
                    .reviewed_by_trailer
                    .as_ref()
                    .is_none_or(|old| info.reached.time.seconds > old.reached.time.seconds);
                if newer {
                    history.reviewed_by_trailer = Some(info.clone());
                }
            }
        }
    }

    fn pass_to_parent(
        &mut self,
        parent: ObjectId,
        relevance: Bits,
        reached: &Arc<Reached>,
        mainline: bool,
    ) -> Result<(), String> {
        if self.visited.contains(&parent) {
            // Only with clock skew: a parent dated after its child was
            // visited first. Its relevance is lost, never invented.
            return Ok(());
        }
        if !self.pending.contains_key(&parent) {
            let commit = self.read_commit(parent)?;
            self.enqueue(parent, commit);
        }
        let Some(pending) = self.pending.get_mut(&parent) else {
            return Ok(());
        };
        pending.relevant.or(&relevance);
        if mainline {
            pending.mainline = true;
        } else if !pending.mainline {
            // Reached through several merges: the oldest brought it first.
            let older = pending
                .reached
                .as_ref()
                .is_none_or(|r| reached.time.seconds < r.time.seconds);
            if older {
                pending.reached = Some(reached.clone());
            }
        }
        Ok(())
    }

    fn enqueue(&mut self, id: ObjectId, commit: Pending) {
        self.sequence += 1;
        // Equal times keep their discovery order: children before parents.
        self.queue
            .push((commit.time.seconds, u64::MAX - self.sequence, id));
        self.pending.insert(id, commit);
    }

    fn read_commit(&mut self, id: ObjectId) -> Result<Pending, String> {
        let commit = self
            .repo
            .objects
            .find_commit(&id, &mut self.buffer)
            .map_err(|e| format!("cannot read commit {id}: {e}"))?;
        let committer = commit.committer().ok();
        let author = commit.author().ok();
        let mut reviews = Vec::new();
        if let (Some(key), Some(body)) = (&self.needs.trailer, commit.message().body()) {
            for trailer in body.trailers() {
                if trailer.token.eq_ignore_ascii_case(key.as_bytes()) {
                    reviews.push(trailer.value.to_str_lossy().trim().to_owned());
                }
            }
        }
        Ok(Pending {
            tree: commit.tree(),
            parents: commit.parents().collect(),
            time: CommitTime::parse(committer.map_or("", |c| c.time)),
            author: author.map_or_else(String::new, |a| a.name.to_str_lossy().trim().to_owned()),
            email: author.map_or_else(String::new, |a| a.email.to_str_lossy().trim().to_owned()),
            reviews,
            relevant: Bits::new(self.targets.len()),
            reached: None,
            mainline: false,
            folders: None,
        })
    }

    fn commit_tree(&mut self, id: ObjectId) -> Result<ObjectId, String> {
        if let Some(pending) = self.pending.get(&id) {
            return Ok(pending.tree);
        }
        let mut commit = self
            .repo
            .objects
            .find_commit_iter(&id, &mut self.buffer)
            .map_err(|e| format!("cannot read commit {id}: {e}"))?;
        commit
            .tree_id()
            .map_err(|e| format!("cannot read commit {id}: {e}"))
    }

    /// Returns the document folders' subtree ids in a commit, cached on the
    /// commit.
    fn folder_ids(&mut self, commit: &mut Pending) -> Result<Vec<Option<ObjectId>>, String> {
        if let Some((version, ids)) = &commit.folders
            && *version == self.folders_version
        {
            return Ok(ids.clone());
        }
        let ids = self.lookup_folders(commit.tree)?;
        commit.folders = Some((self.folders_version, ids.clone()));
        Ok(ids)
    }

    /// Like [`Self::folder_ids`] for a parent, which is read and queued here
    /// if it was not yet, so that its folder ids are computed once.
    fn parent_folder_ids(
        &mut self,
        parent: ObjectId,
    ) -> Result<Option<Vec<Option<ObjectId>>>, String> {
        if self.visited.contains(&parent) {
            let tree = self.commit_tree(parent)?;
            return self.lookup_folders(tree).map(Some);
        }
        if !self.pending.contains_key(&parent) {
            let commit = self.read_commit(parent)?;
            self.enqueue(parent, commit);
        }
        let Some(mut pending) = self.pending.remove(&parent) else {
            return Ok(None);
        };
        let ids = self.folder_ids(&mut pending);
        self.pending.insert(parent, pending);
        ids.map(Some)
    }

    fn lookup_folders(&mut self, tree: ObjectId) -> Result<Vec<Option<ObjectId>>, String> {
        let mut ids = Vec::with_capacity(self.folders.len());
        for index in 0..self.folders.len() {
            let folder = self.folders[index].clone();
            ids.push(self.trees.subtree(tree, &folder)?);
        }
        Ok(ids)
    }

    /// Lists the changed files below the folders whose ids differ.
    fn folder_changes(
        &mut self,
        theirs: Option<&[Option<ObjectId>]>,
        own: &[Option<ObjectId>],
    ) -> Result<Changes, String> {
        let mut list = Vec::new();
        for (index, own_id) in own.iter().enumerate() {
            let their_id = theirs.and_then(|t| t.get(index).copied().flatten());
            if their_id != *own_id {
                let folder = self.folders[index].clone();
                self.trees.diff(their_id, *own_id, &folder, &mut list)?;
            }
        }
        Ok(Changes::new(list))
    }

    /// Adds the folder of `path` to the compared folders, unless a folder
    /// already compared contains it.
    fn cover(&mut self, path: &str) {
        let folder = crate::repo::parent(path);
        if self.folders.iter().any(|f| contains(f, folder)) {
            return;
        }
        self.folders.push(folder.to_owned());
        self.folders_version += 1;
    }

    fn facts(&mut self, blob: ObjectId) -> Result<Arc<Facts>, String> {
        if let Some(facts) = self.facts.get(&blob) {
            return Ok(facts.clone());
        }
        let bytes = self.trees.blob(blob)?;
        let facts = Arc::new(Facts::read(&bytes));
        self.facts.insert(blob, facts.clone());
        Ok(facts)
    }
}

/// The changes against one parent, indexed by path.
struct Changes {
    list: Vec<Change>,
    index: HashMap<String, usize>,
}

impl Changes {
    fn new(list: Vec<Change>) -> Self {
        let index = list
            .iter()
            .enumerate()
            .map(|(i, c)| (c.path.clone(), i))
            .collect();
        Changes { list, index }
    }

    fn get(&self, path: &str) -> Option<&Change> {
        self.index.get(path).map(|&i| &self.list[i])
    }
}

/// Returns the smallest set of folders that contains every path's folder.
pub fn covering_folders<'a>(paths: impl Iterator<Item = &'a str>) -> Vec<String> {
    let mut folders: Vec<&str> = paths.map(crate::repo::parent).collect();
    folders.sort_unstable();
    folders.dedup();
    let mut covering: Vec<String> = Vec::new();
    for folder in folders {
        if !covering.iter().any(|c| contains(c, folder)) {
            covering.push(folder.to_owned());
        }
    }
    covering
}

/// Tells whether `folder` is `outer` or below it.
fn contains(outer: &str, folder: &str) -> bool {
    outer.is_empty()
        || folder == outer
        || folder
            .strip_prefix(outer)
            .is_some_and(|rest| rest.starts_with('/'))
}

/// Computes the share of lines two texts have in common, in percent of the
/// longer text.
fn similarity(a: &[u8], b: &[u8]) -> usize {
    let mut counts: HashMap<&[u8], isize> = HashMap::new();
    let a_lines: Vec<&[u8]> = a.lines().collect();
    let b_lines: Vec<&[u8]> = b.lines().collect();
    for line in &a_lines {
        *counts.entry(line).or_default() += 1;
    }
    let mut common = 0;
    for line in &b_lines {
        if let MapEntry::Occupied(mut entry) = counts.entry(line)
            && *entry.get() > 0
        {
            *entry.get_mut() -= 1;
            common += 1;
        }
    }
    let longer = a_lines.len().max(b_lines.len()).max(1);
    common * 100 / longer
}

/// A set of target indices.
#[derive(Clone, Debug, Default)]
struct Bits(Vec<u64>);

impl Bits {
    fn new(size: usize) -> Self {
        Bits(vec![0; size.div_ceil(64)])
    }

    fn set(&mut self, index: usize) {
        if let Some(word) = self.0.get_mut(index / 64) {
            *word |= 1 << (index % 64);
        }
    }

    fn or(&mut self, other: &Bits) {
        if self.0.len() < other.0.len() {
            self.0.resize(other.0.len(), 0);
        }
        for (word, theirs) in self.0.iter_mut().zip(&other.0) {
            *word |= theirs;
        }
    }

    fn is_empty(&self) -> bool {
        self.0.iter().all(|w| *w == 0)
    }

    fn clear(&mut self, index: usize) {
        if let Some(word) = self.0.get_mut(index / 64) {
            *word &= !(1 << (index % 64));
        }
    }

    fn get(&self, index: usize) -> bool {
        self.0
            .get(index / 64)
            .is_some_and(|word| word & (1 << (index % 64)) != 0)
    }

    /// Keeps only the members that are also in `other`.
    fn and(&mut self, other: &Bits) {
        for (index, word) in self.0.iter_mut().enumerate() {
            *word &= other.0.get(index).copied().unwrap_or(0);
        }
    }

    /// Removes the members of `other`.
    fn and_not(&mut self, other: &Bits) {
        for (word, theirs) in self.0.iter_mut().zip(&other.0) {
            *word &= !theirs;
        }
    }

    fn iter(&self) -> impl Iterator<Item = usize> + '_ {
        self.0.iter().enumerate().flat_map(|(w, &word)| {
            let mut rest = word;
            std::iter::from_fn(move || {
                if rest == 0 {
                    return None;
                }
                let bit = rest.trailing_zeros() as usize;
                rest &= rest - 1;
                Some(w * 64 + bit)
            })
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn covering_folders_drop_nested() {
        let paths = ["a/b/x.md", "a/y.md", "c/z.md", "a/b/c/w.md", "ab/q.md"];
        assert_eq!(covering_folders(paths.into_iter()), ["a", "ab", "c"]);
        assert_eq!(covering_folders(["top.md", "a/x.md"].into_iter()), [""]);
    }

    #[test]
    fn similarity_counts_shared_lines() {
        assert_eq!(similarity(b"a\nb\nc\nd\n", b"a\nb\nc\nd\n"), 100);
        assert_eq!(similarity(b"a\nb\nc\nd\n", b"a\nb\nx\ny\n"), 50);
        assert_eq!(similarity(b"", b""), 0);
    }

    #[test]
    fn bits_set_iterate_combine() {
        let mut bits = Bits::new(130);
        bits.set(3);
        bits.set(129);
        assert_eq!(bits.iter().collect::<Vec<_>>(), [3, 129]);
        assert!(bits.get(129));
        assert!(!bits.get(4));

        let mut only_three = Bits::new(130);
        only_three.set(3);
        let mut kept = bits.clone();
        kept.and(&only_three);
        assert_eq!(kept.iter().collect::<Vec<_>>(), [3]);
        bits.and_not(&only_three);
        assert_eq!(bits.iter().collect::<Vec<_>>(), [129]);
        bits.clear(129);
        assert!(bits.is_empty());
    }
}
